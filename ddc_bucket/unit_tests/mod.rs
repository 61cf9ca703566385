//! Unit tests of the plain-Rust logic of nodes, clusters, buckets, permissions and the per-owner
//! index, run against ink!'s off-chain storage. Every test checks the returned event or error and
//! reads the resulting state back through the public getters.
//!
//! This module holds the fixtures and helpers the tests share; the tests themselves are grouped
//! by what they cover, one submodule each.

mod admin;
mod buckets;
mod cluster_nodes;
mod clusters;
mod lists;
mod nodes;
mod vnodes;

use crate::core::Core;
use crate::events::*;
use ddc_types::*;

/// A fixed block time: nothing here depends on rent accruing.
const NOW: u64 = 1_000;

fn alice() -> AccountId {
    AccountId::from([1; 32])
}
fn bob() -> AccountId {
    AccountId::from([2; 32])
}
fn charlie() -> AccountId {
    AccountId::from([3; 32])
}
fn dave() -> AccountId {
    AccountId::from([4; 32])
}
/// Somebody who holds nothing and is trusted by nobody.
fn eve() -> AccountId {
    AccountId::from([5; 32])
}
fn node(n: u8) -> AccountId {
    AccountId::from([100 + n; 32])
}

fn params(text: &str) -> Params {
    text.into()
}

/// Alice deploys: she holds SuperAdmin and SetExchangeRate.
fn new_core() -> Core {
    Core::new(alice(), 0)
}

/// The reference cluster with the given rents for the nodes of Bob, Charlie and Dave:
/// each provider trusts Alice and registers `node(1..=3)` (capacity 100); Alice creates cluster 1
/// (resource per vnode 10) and admits the nodes with tokens [1, 2], [3, 4] and [5, 6].
fn reference_with_rents(rents: [Balance; 3]) -> (Core, ClusterId) {
    let mut core = new_core();
    for (n, (provider, rent)) in (1u8..).zip([bob(), charlie(), dave()].into_iter().zip(rents)) {
        core.node_set_trust(provider, alice(), true).unwrap();
        core.node_create(provider, node(n), params("{}"), 100, rent)
            .unwrap();
    }
    let (cluster, _) = core.cluster_create(alice(), params("{}"), 10, NOW).unwrap();
    for (n, tokens) in [(1, vec![1, 2]), (2, vec![3, 4]), (3, vec![5, 6])] {
        core.cluster_add_node(alice(), cluster, node(n), tokens, NOW)
            .unwrap();
    }
    (core, cluster)
}

/// The reference cluster with equal rents of 10.
fn reference() -> (Core, ClusterId) {
    reference_with_rents([10, 10, 10])
}

/// The reference cluster and a bucket of Bob's in it (nothing allocated yet).
/// Bob has deposited enough to allocate everything the cluster holds.
fn with_bucket() -> (Core, ClusterId, BucketId) {
    let (mut core, cluster) = reference();
    let (bucket, _) = core
        .bucket_create(bob(), params("{}"), cluster, NOW)
        .unwrap();
    core.account_deposit(bob(), FUNDS).unwrap();
    (core, cluster, bucket)
}

/// A deposit that covers any allocation in the reference cluster for years.
const FUNDS: Balance = 1_000_000;

/// A fresh core with one empty cluster of Alice's (resource per vnode 10).
fn empty_cluster() -> (Core, ClusterId) {
    let mut core = new_core();
    let (cluster, _) = core.cluster_create(alice(), params(""), 10, NOW).unwrap();
    (core, cluster)
}

fn node_info(core: &Core, n: u8) -> NodeInfo {
    core.node_get(node(n), NOW).unwrap().0
}

fn free(core: &Core, n: u8) -> Resource {
    node_info(core, n).free_resource
}

fn cluster_info(core: &Core, cluster: ClusterId) -> ClusterInfo {
    core.cluster_get(cluster, NOW).unwrap().0
}

fn bucket_info(core: &Core, bucket: BucketId) -> BucketInfo {
    core.bucket_get(bucket, NOW).unwrap().0
}

/// The node keys of a `node_list` page, and the total.
fn listed_nodes(
    core: &Core,
    offset: u32,
    limit: u32,
    provider: Option<AccountId>,
) -> (Vec<NodeKey>, u32) {
    let (page, total) = core.node_list(offset, limit, provider, NOW).unwrap();
    (page.into_iter().map(|info| info.node_key).collect(), total)
}

/// The ids of the first `cluster_list` page, and the total.
fn listed_clusters(core: &Core, manager: Option<AccountId>) -> (Vec<ClusterId>, u32) {
    let (page, total) = core.cluster_list(0, MAX_PAGE_LIMIT, manager).unwrap();
    (
        page.into_iter().map(|info| info.cluster_id).collect(),
        total,
    )
}

/// The ids of the first `bucket_list` page, and the total.
fn listed_buckets(core: &Core, owner: Option<AccountId>) -> (Vec<BucketId>, u32) {
    let (page, total) = core.bucket_list(0, MAX_PAGE_LIMIT, owner).unwrap();
    (page.into_iter().map(|info| info.bucket_id).collect(), total)
}

/// Each node's vnodes as `cluster_get` reports them, in cluster order.
fn ring(core: &Core, cluster: ClusterId) -> Vec<(NodeKey, Vec<VNodeToken>)> {
    cluster_info(core, cluster)
        .nodes
        .into_iter()
        .map(|n| (n.node_key, n.v_nodes))
        .collect()
}

/// Everything a failed cluster operation must leave untouched.
fn snapshot(core: &Core, cluster: ClusterId) -> (ClusterInfo, Vec<NodeInfo>) {
    let info = cluster_info(core, cluster);
    let (nodes, _) = core.node_list(0, MAX_PAGE_LIMIT, None, NOW).unwrap();
    (info, nodes)
}
