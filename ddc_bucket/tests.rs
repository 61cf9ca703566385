//! Unit tests of the plain-Rust logic of nodes, clusters, buckets, permissions and the per-owner
//! index, run against ink!'s off-chain storage. Every test checks the returned event or error and
//! reads the resulting state back through the public getters.

use crate::bucket::Role;
use crate::core::{Core, MAX_UNBONDING_PERIOD_MS, MIN_UNBONDING_PERIOD_MS};
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

// ------------------------------------------------------------------------------------------------
// Reference fixture
// ------------------------------------------------------------------------------------------------

#[ink::test]
fn reference_fixture_reserves_two_vnodes_on_each_node() {
    let (core, cluster) = reference();
    assert_eq!(cluster, 1);
    for n in 1..=3 {
        assert_eq!(free(&core, n), 80);
        assert_eq!(node_info(&core, n).cluster_id, Some(cluster));
        assert_eq!(
            node_info(&core, n).status_in_cluster,
            NodeStatusInCluster::Adding
        );
    }
    let info = cluster_info(&core, cluster);
    assert_eq!(info.v_node_count, 6);
    assert_eq!(info.total_rent, 60);
    assert_eq!(info.resource_per_vnode, 10);
    assert_eq!(info.resource_used, 0);
    assert_eq!(info.manager, alice());
    assert_eq!(
        ring(&core, cluster),
        vec![
            (node(1), vec![1, 2]),
            (node(2), vec![3, 4]),
            (node(3), vec![5, 6]),
        ]
    );
}

#[ink::test]
fn add_node_event_reports_tokens_and_new_total_rent() {
    let mut core = new_core();
    core.node_set_trust(bob(), alice(), true).unwrap();
    core.node_create(bob(), node(1), params(""), 100, 7)
        .unwrap();
    let (cluster, _) = core.cluster_create(alice(), params(""), 10, NOW).unwrap();
    assert_eq!(
        core.cluster_add_node(alice(), cluster, node(1), vec![9, 4, 7], NOW),
        Ok(ClusterNodeAdded {
            cluster_id: cluster,
            node_key: node(1),
            v_nodes: vec![9, 4, 7],
            total_rent: 21,
        })
    );
    assert_eq!(node_info(&core, 1).v_nodes, vec![9, 4, 7]);
    assert_eq!(free(&core, 1), 70);
    assert_eq!(cluster_info(&core, cluster).v_node_count, 3);
}

#[ink::test]
fn replace_node_moves_a_token_between_nodes() {
    let (mut core, cluster) = reference();
    assert_eq!(
        core.cluster_replace_node(alice(), cluster, vec![3], node(3), NOW),
        Ok(ClusterNodeReplaced {
            cluster_id: cluster,
            new_node_key: node(3),
            v_nodes: vec![3],
            total_rent: 60,
        })
    );
    assert_eq!(free(&core, 1), 80);
    assert_eq!(free(&core, 2), 90);
    assert_eq!(free(&core, 3), 70);
    let info = cluster_info(&core, cluster);
    assert_eq!(info.total_rent, 60);
    assert_eq!(info.v_node_count, 6);
    assert_eq!(
        ring(&core, cluster),
        vec![
            (node(1), vec![1, 2]),
            (node(2), vec![4]),
            (node(3), vec![5, 6, 3]),
        ]
    );
}

#[ink::test]
fn replace_node_reprices_total_rent_with_the_new_holders_rent() {
    let (mut core, cluster) = reference_with_rents([10, 20, 35]);
    assert_eq!(
        cluster_info(&core, cluster).total_rent,
        2 * 10 + 2 * 20 + 2 * 35
    );
    let event = core
        .cluster_replace_node(alice(), cluster, vec![3], node(3), NOW)
        .unwrap();
    // Token 3 was priced at Charlie's 20 and is now priced at Dave's 35.
    assert_eq!(event.total_rent, 130 - 20 + 35);
    assert_eq!(cluster_info(&core, cluster).total_rent, 145);
    // Moving it back restores the original price.
    core.cluster_replace_node(alice(), cluster, vec![3], node(2), NOW)
        .unwrap();
    assert_eq!(cluster_info(&core, cluster).total_rent, 130);
    assert_eq!(node_info(&core, 2).v_nodes, vec![4, 3]);
    assert_eq!(node_info(&core, 3).v_nodes, vec![5, 6]);
}

#[ink::test]
fn replace_node_takes_tokens_from_several_holders_at_once() {
    let (mut core, cluster) = reference_with_rents([10, 20, 35]);
    core.cluster_replace_node(alice(), cluster, vec![1, 3, 2], node(3), NOW)
        .unwrap();
    // Bob loses both tokens (2 × 10), Charlie one (20); Dave gains three at 35.
    assert_eq!(
        cluster_info(&core, cluster).total_rent,
        130 - 20 - 20 + 3 * 35
    );
    assert_eq!(node_info(&core, 1).v_nodes, Vec::<VNodeToken>::new());
    assert_eq!(free(&core, 1), 100);
    assert_eq!(node_info(&core, 2).v_nodes, vec![4]);
    assert_eq!(node_info(&core, 3).v_nodes, vec![5, 6, 1, 3, 2]);
    assert_eq!(free(&core, 3), 50);
    assert_eq!(cluster_info(&core, cluster).v_node_count, 6);
}

#[ink::test]
fn replace_node_with_a_token_the_node_already_holds_changes_nothing() {
    let (mut core, cluster) = reference_with_rents([10, 20, 35]);
    let before = snapshot(&core, cluster);
    let event = core
        .cluster_replace_node(alice(), cluster, vec![5], node(3), NOW)
        .unwrap();
    assert_eq!(event.total_rent, 130);
    assert_eq!(snapshot(&core, cluster), before);
}

#[ink::test]
fn rent_change_after_replace_uses_the_new_vnode_count() {
    let (mut core, cluster) = reference();
    core.cluster_replace_node(alice(), cluster, vec![3], node(3), NOW)
        .unwrap();
    let later = NOW + crate::core::DEFAULT_UNBONDING_PERIOD_MS;
    let total_at = |core: &Core, now| core.cluster_get(cluster, now).unwrap().0.total_rent;
    // Charlie now holds one vnode: his increase moves the total by one vnode's worth.
    core.node_change_rent(charlie(), node(2), 40, NOW).unwrap();
    assert_eq!(total_at(&core, later), 60 - 10 + 40);
    // Dave holds three; his decrease applies at once.
    core.node_change_rent(dave(), node(3), 0, NOW).unwrap();
    assert_eq!(cluster_info(&core, cluster).total_rent, 60 - 30);
    assert_eq!(total_at(&core, later), 90 - 30);
}

#[ink::test]
fn a_pending_increase_follows_the_vnodes_a_replace_moves() {
    let (mut core, cluster) = reference();
    let later = NOW + crate::core::DEFAULT_UNBONDING_PERIOD_MS;
    core.node_change_rent(charlie(), node(2), 40, NOW).unwrap();
    // One of Charlie's two vnodes moves to Dave before the increase applies.
    core.cluster_replace_node(alice(), cluster, vec![3], node(3), NOW + 1)
        .unwrap();
    assert_eq!(cluster_info(&core, cluster).total_rent, 60);
    let total = core.cluster_get(cluster, later).unwrap().0.total_rent;
    assert_eq!(
        total,
        20 + 40 + 30,
        "Bob 2 × 10, Charlie 1 × 40, Dave 3 × 10"
    );
    // Brought to that time by a write, the stored cluster agrees with the view.
    core.cluster_distribute_revenues(cluster, later).unwrap();
    assert_eq!(core.cluster(cluster).unwrap().ledger.total_rent, 90);
    assert_eq!(core.node(node(2)).unwrap().rent_per_month, 40);
    assert_eq!(core.node(node(2)).unwrap().pending_rent, None);
}

#[ink::test]
fn removing_a_node_after_replace_frees_the_moved_token() {
    let (mut core, cluster) = reference();
    core.cluster_replace_node(alice(), cluster, vec![3], node(3), NOW)
        .unwrap();
    core.cluster_remove_node(alice(), cluster, node(3), NOW)
        .unwrap();
    let info = cluster_info(&core, cluster);
    assert_eq!(info.v_node_count, 3);
    assert_eq!(info.total_rent, 30);
    // Token 3 went with Dave's node, so it can be given to a new node.
    core.node_create(alice(), node(4), params(""), 100, 1)
        .unwrap();
    core.cluster_add_node(alice(), cluster, node(4), vec![3, 5, 6], NOW)
        .unwrap();
    assert_eq!(node_info(&core, 4).v_nodes, vec![3, 5, 6]);
}

#[ink::test]
fn replace_node_by_non_manager_fails() {
    let (mut core, cluster) = reference();
    let before = snapshot(&core, cluster);
    assert_eq!(
        core.cluster_replace_node(dave(), cluster, vec![3], node(3), NOW),
        Err(Error::OnlyClusterManager)
    );
    assert_eq!(snapshot(&core, cluster), before);
}

#[ink::test]
fn replace_node_with_unknown_token_fails_without_partial_moves() {
    let (mut core, cluster) = reference();
    let before = snapshot(&core, cluster);
    assert_eq!(
        core.cluster_replace_node(alice(), cluster, vec![3, 99], node(3), NOW),
        Err(Error::VNodeDoesNotExist)
    );
    assert_eq!(snapshot(&core, cluster), before);
}

#[ink::test]
fn replace_node_onto_a_node_outside_the_cluster_fails() {
    let (mut core, cluster) = reference();
    core.node_create(alice(), node(4), params(""), 100, 1)
        .unwrap();
    let before = snapshot(&core, cluster);
    assert_eq!(
        core.cluster_replace_node(alice(), cluster, vec![3], node(4), NOW),
        Err(Error::NodeNotInCluster)
    );
    assert_eq!(snapshot(&core, cluster), before);
}

#[ink::test]
fn replace_node_with_empty_or_repeated_tokens_fails() {
    let (mut core, cluster) = reference();
    let before = snapshot(&core, cluster);
    assert_eq!(
        core.cluster_replace_node(alice(), cluster, vec![], node(3), NOW),
        Err(Error::NoVNodes)
    );
    assert_eq!(
        core.cluster_replace_node(alice(), cluster, vec![3, 3], node(3), NOW),
        Err(Error::VNodeTokenTaken)
    );
    assert_eq!(snapshot(&core, cluster), before);
}

#[ink::test]
fn replace_node_beyond_the_new_nodes_capacity_fails() {
    let (mut core, cluster) = reference();
    // Every node is now full: 2 vnodes × 50 = 100.
    core.cluster_set_resource_per_vnode(alice(), cluster, 50)
        .unwrap();
    let before = snapshot(&core, cluster);
    assert_eq!(
        core.cluster_replace_node(alice(), cluster, vec![3], node(3), NOW),
        Err(Error::InsufficientNodeCapacity)
    );
    assert_eq!(snapshot(&core, cluster), before);
}

#[ink::test]
fn replace_node_beyond_sixteen_vnodes_fails() {
    let (mut core, cluster) = empty_cluster();
    core.cluster_set_resource_per_vnode(alice(), cluster, 1)
        .unwrap();
    core.node_create(alice(), node(1), params(""), 100, 1)
        .unwrap();
    core.node_create(alice(), node(2), params(""), 100, 1)
        .unwrap();
    core.cluster_add_node(alice(), cluster, node(1), (0..10).collect(), NOW)
        .unwrap();
    core.cluster_add_node(alice(), cluster, node(2), (10..20).collect(), NOW)
        .unwrap();
    let before = snapshot(&core, cluster);
    assert_eq!(
        core.cluster_replace_node(alice(), cluster, (0..7).collect(), node(2), NOW),
        Err(Error::TooManyVNodes)
    );
    assert_eq!(snapshot(&core, cluster), before);
    // Six more make exactly sixteen.
    core.cluster_replace_node(alice(), cluster, (0..6).collect(), node(2), NOW)
        .unwrap();
    assert_eq!(node_info(&core, 2).v_nodes.len(), MAX_VNODES_PER_NODE);
}

// ------------------------------------------------------------------------------------------------
// Nodes
// ------------------------------------------------------------------------------------------------

#[ink::test]
fn node_create_registers_a_free_node() {
    let mut core = new_core();
    assert_eq!(
        core.node_create(bob(), node(1), params("{\"url\":1}"), 100, 10),
        Ok(NodeCreated {
            node_key: node(1),
            provider: bob(),
            capacity: 100,
            rent_per_month: 10,
        })
    );
    let (info, stored_params) = core.node_get(node(1), NOW).unwrap();
    assert_eq!(
        info,
        NodeInfo {
            node_key: node(1),
            provider: bob(),
            capacity: 100,
            free_resource: 100,
            rent_per_month: 10,
            pending_rent: None,
            cluster_id: None,
            status_in_cluster: NodeStatusInCluster::Adding,
            v_nodes: vec![],
        }
    );
    assert_eq!(stored_params, params("{\"url\":1}"));
}

#[ink::test]
fn node_get_of_unknown_node_fails() {
    let core = new_core();
    assert_eq!(core.node_get(node(1), NOW), Err(Error::NodeDoesNotExist));
}

#[ink::test]
fn node_create_with_a_taken_key_fails() {
    let mut core = new_core();
    core.node_create(bob(), node(1), params("bob's"), 100, 10)
        .unwrap();
    assert_eq!(
        core.node_create(charlie(), node(1), params("charlie's"), 5, 5),
        Err(Error::NodeAlreadyExists)
    );
    let (info, stored_params) = core.node_get(node(1), NOW).unwrap();
    assert_eq!(info.provider, bob());
    assert_eq!(info.capacity, 100);
    assert_eq!(stored_params, params("bob's"));
    assert_eq!(listed_nodes(&core, 0, 10, None), (vec![node(1)], 1));
    assert_eq!(listed_nodes(&core, 0, 10, Some(charlie())), (vec![], 0));
}

#[ink::test]
fn node_create_with_too_long_params_fails() {
    let mut core = new_core();
    assert_eq!(
        core.node_create(bob(), node(1), "x".repeat(MAX_PARAMS_LEN + 1), 100, 10),
        Err(Error::ParamsTooLong)
    );
    assert_eq!(core.node_get(node(1), NOW), Err(Error::NodeDoesNotExist));
    assert_eq!(listed_nodes(&core, 0, 10, None), (vec![], 0));
    // Exactly the limit is accepted.
    core.node_create(bob(), node(1), "x".repeat(MAX_PARAMS_LEN), 100, 10)
        .unwrap();
    assert_eq!(core.node_get(node(1), NOW).unwrap().1.len(), MAX_PARAMS_LEN);
}

#[ink::test]
fn node_change_params_by_provider_replaces_them() {
    let mut core = new_core();
    core.node_create(bob(), node(1), params("old"), 100, 10)
        .unwrap();
    assert_eq!(
        core.node_change_params(bob(), node(1), params("new")),
        Ok(NodeParamsChanged { node_key: node(1) })
    );
    assert_eq!(core.node_get(node(1), NOW).unwrap().1, params("new"));
}

#[ink::test]
fn node_change_params_by_non_provider_or_too_long_fails() {
    let mut core = new_core();
    core.node_create(bob(), node(1), params("old"), 100, 10)
        .unwrap();
    assert_eq!(
        core.node_change_params(charlie(), node(1), params("new")),
        Err(Error::OnlyNodeProvider)
    );
    assert_eq!(
        core.node_change_params(bob(), node(1), "x".repeat(MAX_PARAMS_LEN + 1)),
        Err(Error::ParamsTooLong)
    );
    assert_eq!(core.node_get(node(1), NOW).unwrap().1, params("old"));
}

#[ink::test]
fn node_change_rent_by_non_provider_fails() {
    let (mut core, cluster) = reference();
    // Not even the cluster's manager may change a provider's rent.
    assert_eq!(
        core.node_change_rent(alice(), node(1), 99, NOW),
        Err(Error::OnlyNodeProvider)
    );
    assert_eq!(node_info(&core, 1).rent_per_month, 10);
    assert_eq!(cluster_info(&core, cluster).total_rent, 60);
}

#[ink::test]
fn node_change_capacity_by_non_provider_fails() {
    let mut core = new_core();
    core.node_create(bob(), node(1), params(""), 100, 10)
        .unwrap();
    assert_eq!(
        core.node_change_capacity(charlie(), node(1), 500),
        Err(Error::OnlyNodeProvider)
    );
    assert_eq!(node_info(&core, 1).capacity, 100);
}

#[ink::test]
fn node_changes_on_unknown_node_fail() {
    let mut core = new_core();
    assert_eq!(
        core.node_change_params(bob(), node(1), params("")),
        Err(Error::NodeDoesNotExist)
    );
    assert_eq!(
        core.node_change_rent(bob(), node(1), 1, NOW),
        Err(Error::NodeDoesNotExist)
    );
    assert_eq!(
        core.node_change_capacity(bob(), node(1), 1),
        Err(Error::NodeDoesNotExist)
    );
    assert_eq!(
        core.node_remove(bob(), node(1)),
        Err(Error::NodeDoesNotExist)
    );
}

#[ink::test]
fn node_change_capacity_below_reserved_resource_fails() {
    let (mut core, _) = reference();
    // Two vnodes × 10 are reserved on Bob's node.
    assert_eq!(
        core.node_change_capacity(bob(), node(1), 19),
        Err(Error::InsufficientNodeCapacity)
    );
    assert_eq!(node_info(&core, 1).capacity, 100);
    assert_eq!(free(&core, 1), 80);
    assert_eq!(
        core.node_change_capacity(bob(), node(1), 20),
        Ok(NodeCapacityChanged {
            node_key: node(1),
            capacity: 20,
        })
    );
    assert_eq!(node_info(&core, 1).capacity, 20);
    assert_eq!(free(&core, 1), 0);
}

#[ink::test]
fn node_change_capacity_outside_a_cluster_accepts_any_value() {
    let mut core = new_core();
    core.node_create(bob(), node(1), params(""), 100, 10)
        .unwrap();
    core.node_change_capacity(bob(), node(1), 0).unwrap();
    assert_eq!(node_info(&core, 1).capacity, 0);
    assert_eq!(free(&core, 1), 0);
    core.node_change_capacity(bob(), node(1), 300).unwrap();
    assert_eq!(free(&core, 1), 300);
}

#[ink::test]
fn node_change_rent_increase_waits_for_the_notice_and_a_decrease_applies_at_once() {
    let (mut core, cluster) = reference();
    let from_ms = NOW + crate::core::DEFAULT_UNBONDING_PERIOD_MS;
    assert_eq!(
        core.node_change_rent(bob(), node(1), 25, NOW),
        Ok(NodeRentChanged {
            node_key: node(1),
            rent_per_month: 25,
            from_ms,
        })
    );
    let pending = Some(PendingRent {
        rent_per_month: 25,
        from_ms,
    });
    assert_eq!(node_info(&core, 1).rent_per_month, 10);
    assert_eq!(node_info(&core, 1).pending_rent, pending);
    assert_eq!(cluster_info(&core, cluster).total_rent, 60);
    // Reads show the rent in force at the query time, with no transaction in between.
    let cluster_at = |core: &Core, now| core.cluster_get(cluster, now).unwrap().0.total_rent;
    assert_eq!(cluster_at(&core, from_ms - 1), 60);
    // Bob's two vnodes go from 2 × 10 to 2 × 25.
    assert_eq!(cluster_at(&core, from_ms), 60 - 20 + 50);
    let later = core.node_get(node(1), from_ms).unwrap().0;
    assert_eq!((later.rent_per_month, later.pending_rent), (25, None));
    // A decrease applies at once and cancels the pending increase.
    assert_eq!(
        core.node_change_rent(bob(), node(1), 0, NOW + 1)
            .unwrap()
            .from_ms,
        NOW + 1
    );
    assert_eq!(node_info(&core, 1).pending_rent, None);
    assert_eq!(cluster_at(&core, from_ms), 40);
}

#[ink::test]
fn node_change_rent_outside_a_cluster_applies_at_once() {
    let mut core = new_core();
    core.node_create(bob(), node(1), params(""), 100, 10)
        .unwrap();
    assert_eq!(
        core.node_change_rent(bob(), node(1), 25, NOW)
            .unwrap()
            .from_ms,
        NOW
    );
    assert_eq!(node_info(&core, 1).rent_per_month, 25);
    assert_eq!(node_info(&core, 1).pending_rent, None);
}

#[ink::test]
fn rents_above_the_ceiling_are_refused() {
    let (mut core, _) = reference();
    assert_eq!(
        core.node_change_rent(bob(), node(1), MAX_RENT_PER_MONTH + 1, NOW),
        Err(Error::RentTooHigh)
    );
    assert_eq!(
        core.node_create(eve(), node(9), params(""), 1, u128::MAX / 4),
        Err(Error::RentTooHigh)
    );
    assert_eq!(node_info(&core, 1).pending_rent, None);
    core.node_change_rent(bob(), node(1), MAX_RENT_PER_MONTH, NOW)
        .unwrap();
}

#[ink::test]
fn node_change_rent_outside_a_cluster_touches_no_cluster() {
    let (mut core, cluster) = reference();
    core.node_create(bob(), node(4), params(""), 100, 10)
        .unwrap();
    core.node_change_rent(bob(), node(4), 1_000, NOW).unwrap();
    assert_eq!(node_info(&core, 4).rent_per_month, 1_000);
    assert_eq!(cluster_info(&core, cluster).total_rent, 60);
}

#[ink::test]
fn node_remove_while_in_a_cluster_fails() {
    let (mut core, cluster) = reference();
    assert_eq!(
        core.node_remove(bob(), node(1)),
        Err(Error::NodeIsInCluster)
    );
    assert_eq!(node_info(&core, 1).cluster_id, Some(cluster));
    assert_eq!(listed_nodes(&core, 0, 10, Some(bob())), (vec![node(1)], 1));
}

#[ink::test]
fn node_remove_after_leaving_the_cluster_deregisters_it() {
    let (mut core, cluster) = reference();
    core.cluster_remove_node(bob(), cluster, node(1), NOW)
        .unwrap();
    assert_eq!(
        core.node_remove(bob(), node(1)),
        Ok(NodeRemoved {
            node_key: node(1),
            provider: bob(),
        })
    );
    assert_eq!(core.node_get(node(1), NOW), Err(Error::NodeDoesNotExist));
    assert_eq!(listed_nodes(&core, 0, 10, Some(bob())), (vec![], 0));
    let (all, total) = listed_nodes(&core, 0, 10, None);
    assert_eq!(total, 2);
    assert!(!all.contains(&node(1)));
    // The key can be registered again, by anybody.
    core.node_create(charlie(), node(1), params("again"), 5, 5)
        .unwrap();
    assert_eq!(node_info(&core, 1).provider, charlie());
    assert_eq!(core.node_get(node(1), NOW).unwrap().1, params("again"));
}

#[ink::test]
fn node_remove_by_non_provider_fails() {
    let mut core = new_core();
    core.node_create(bob(), node(1), params(""), 100, 10)
        .unwrap();
    assert_eq!(
        core.node_remove(alice(), node(1)),
        Err(Error::OnlyNodeProvider)
    );
    assert_eq!(node_info(&core, 1).provider, bob());
}

#[ink::test]
fn node_list_with_and_without_provider_filter() {
    let mut core = new_core();
    core.node_create(bob(), node(1), params(""), 1, 1).unwrap();
    core.node_create(charlie(), node(2), params(""), 2, 2)
        .unwrap();
    core.node_create(bob(), node(3), params(""), 3, 3).unwrap();
    assert_eq!(
        listed_nodes(&core, 0, 10, None),
        (vec![node(1), node(2), node(3)], 3)
    );
    assert_eq!(
        listed_nodes(&core, 0, 10, Some(bob())),
        (vec![node(1), node(3)], 2)
    );
    assert_eq!(
        listed_nodes(&core, 0, 10, Some(charlie())),
        (vec![node(2)], 1)
    );
    assert_eq!(listed_nodes(&core, 0, 10, Some(dave())), (vec![], 0));
    // List entries carry the same view as node_get.
    let (page, _) = core.node_list(0, 10, Some(charlie()), NOW).unwrap();
    assert_eq!(page, vec![node_info(&core, 2)]);
}

#[ink::test]
fn node_list_pages_by_offset_and_limit() {
    let mut core = new_core();
    for n in 1..=5 {
        core.node_create(bob(), node(n), params(""), 1, 1).unwrap();
    }
    assert_eq!(listed_nodes(&core, 0, 2, None), (vec![node(1), node(2)], 5));
    assert_eq!(listed_nodes(&core, 2, 2, None), (vec![node(3), node(4)], 5));
    assert_eq!(listed_nodes(&core, 4, 2, None), (vec![node(5)], 5));
    assert_eq!(listed_nodes(&core, 5, 2, None), (vec![], 5));
    assert_eq!(listed_nodes(&core, u32::MAX, 32, None), (vec![], 5));
    assert_eq!(listed_nodes(&core, 1, 0, None), (vec![], 5));
    assert_eq!(
        listed_nodes(&core, 3, 32, Some(bob())),
        (vec![node(4), node(5)], 5)
    );
}

#[ink::test]
fn node_list_with_limit_above_32_fails() {
    let mut core = new_core();
    core.node_create(bob(), node(1), params(""), 1, 1).unwrap();
    assert_eq!(
        core.node_list(0, MAX_PAGE_LIMIT + 1, None, NOW),
        Err(Error::PageLimitTooLarge)
    );
    assert_eq!(
        core.node_list(0, u32::MAX, Some(bob()), NOW),
        Err(Error::PageLimitTooLarge)
    );
    assert_eq!(
        listed_nodes(&core, 0, MAX_PAGE_LIMIT, None),
        (vec![node(1)], 1)
    );
}

#[ink::test]
fn node_list_pages_over_more_than_one_full_page() {
    let mut core = new_core();
    for n in 1..=33 {
        core.node_create(charlie(), node(n), params(""), 1, 1)
            .unwrap();
    }
    let (first, total) = listed_nodes(&core, 0, 32, None);
    assert_eq!(total, 33);
    assert_eq!(first, (1..=32).map(node).collect::<Vec<_>>());
    assert_eq!(listed_nodes(&core, 32, 32, None), (vec![node(33)], 33));
    assert_eq!(
        listed_nodes(&core, 32, 32, Some(charlie())),
        (vec![node(33)], 33)
    );
}

#[ink::test]
fn node_remove_keeps_both_lists_dense_by_swapping_in_the_last_item() {
    let mut core = new_core();
    core.node_create(bob(), node(1), params(""), 1, 1).unwrap();
    core.node_create(charlie(), node(2), params(""), 1, 1)
        .unwrap();
    core.node_create(bob(), node(3), params(""), 1, 1).unwrap();
    core.node_create(bob(), node(4), params(""), 1, 1).unwrap();

    core.node_remove(bob(), node(1)).unwrap();
    // The last node takes the removed one's place in both lists.
    assert_eq!(
        listed_nodes(&core, 0, 10, None),
        (vec![node(4), node(2), node(3)], 3)
    );
    assert_eq!(
        listed_nodes(&core, 0, 10, Some(bob())),
        (vec![node(4), node(3)], 2)
    );
    assert_eq!(
        listed_nodes(&core, 0, 10, Some(charlie())),
        (vec![node(2)], 1)
    );

    // Removing the last item just shortens the list.
    core.node_remove(bob(), node(3)).unwrap();
    assert_eq!(
        listed_nodes(&core, 0, 10, None),
        (vec![node(4), node(2)], 2)
    );
    assert_eq!(listed_nodes(&core, 0, 10, Some(bob())), (vec![node(4)], 1));

    core.node_remove(bob(), node(4)).unwrap();
    core.node_remove(charlie(), node(2)).unwrap();
    assert_eq!(listed_nodes(&core, 0, 10, None), (vec![], 0));
    assert_eq!(listed_nodes(&core, 0, 10, Some(bob())), (vec![], 0));
    assert_eq!(listed_nodes(&core, 0, 10, Some(charlie())), (vec![], 0));

    // The emptied lists start over at position 0.
    core.node_create(bob(), node(5), params(""), 1, 1).unwrap();
    assert_eq!(listed_nodes(&core, 0, 10, None), (vec![node(5)], 1));
    assert_eq!(listed_nodes(&core, 0, 10, Some(bob())), (vec![node(5)], 1));
}

// ------------------------------------------------------------------------------------------------
// Trust
// ------------------------------------------------------------------------------------------------

#[ink::test]
fn node_set_trust_records_and_reports_the_consent() {
    let mut core = new_core();
    assert_eq!(
        core.node_set_trust(bob(), alice(), true),
        Ok(ManagerTrustChanged {
            provider: bob(),
            manager: alice(),
            trusted: true,
        })
    );
    assert!(core.has_permission(alice(), Permission::ClusterManagerTrustedBy(bob())));
    assert!(!core.has_permission(bob(), Permission::ClusterManagerTrustedBy(alice())));
    assert!(!core.has_permission(alice(), Permission::ClusterManagerTrustedBy(charlie())));
    assert_eq!(
        core.node_set_trust(bob(), alice(), false),
        Ok(ManagerTrustChanged {
            provider: bob(),
            manager: alice(),
            trusted: false,
        })
    );
    assert!(!core.has_permission(alice(), Permission::ClusterManagerTrustedBy(bob())));
}

#[ink::test]
fn add_node_without_trust_fails() {
    let (mut core, cluster) = empty_cluster();
    core.node_create(bob(), node(1), params(""), 100, 10)
        .unwrap();
    assert_eq!(
        core.cluster_add_node(alice(), cluster, node(1), vec![1], NOW),
        Err(Error::ProviderDoesNotTrustManager)
    );
    assert_eq!(node_info(&core, 1).cluster_id, None);
    let info = cluster_info(&core, cluster);
    assert_eq!(info.v_node_count, 0);
    assert_eq!(info.nodes, vec![]);
    // Once Bob trusts Alice, the same call works.
    core.node_set_trust(bob(), alice(), true).unwrap();
    core.cluster_add_node(alice(), cluster, node(1), vec![1], NOW)
        .unwrap();
    assert_eq!(node_info(&core, 1).cluster_id, Some(cluster));
}

#[ink::test]
fn provider_managing_its_own_cluster_needs_no_trust() {
    let (mut core, cluster) = empty_cluster();
    core.node_create(alice(), node(1), params(""), 100, 10)
        .unwrap();
    core.cluster_add_node(alice(), cluster, node(1), vec![1, 2], NOW)
        .unwrap();
    assert_eq!(node_info(&core, 1).cluster_id, Some(cluster));
    assert_eq!(cluster_info(&core, cluster).total_rent, 20);
}

#[ink::test]
fn trust_in_one_manager_does_not_extend_to_another() {
    let mut core = new_core();
    core.node_set_trust(bob(), alice(), true).unwrap();
    core.node_create(bob(), node(1), params(""), 100, 10)
        .unwrap();
    let (charlies, _) = core.cluster_create(charlie(), params(""), 10, NOW).unwrap();
    assert_eq!(
        core.cluster_add_node(charlie(), charlies, node(1), vec![1], NOW),
        Err(Error::ProviderDoesNotTrustManager)
    );
    assert_eq!(node_info(&core, 1).cluster_id, None);
}

#[ink::test]
fn distrust_prevents_later_adds_but_keeps_admitted_nodes() {
    let mut core = new_core();
    core.node_set_trust(bob(), alice(), true).unwrap();
    core.node_create(bob(), node(1), params(""), 100, 10)
        .unwrap();
    core.node_create(bob(), node(2), params(""), 100, 10)
        .unwrap();
    let (cluster, _) = core.cluster_create(alice(), params(""), 10, NOW).unwrap();
    core.cluster_add_node(alice(), cluster, node(1), vec![1], NOW)
        .unwrap();
    core.node_set_trust(bob(), alice(), false).unwrap();
    assert_eq!(
        core.cluster_add_node(alice(), cluster, node(2), vec![2], NOW),
        Err(Error::ProviderDoesNotTrustManager)
    );
    assert_eq!(node_info(&core, 2).cluster_id, None);
    assert_eq!(node_info(&core, 1).cluster_id, Some(cluster));
    assert_eq!(ring(&core, cluster), vec![(node(1), vec![1])]);
}

// ------------------------------------------------------------------------------------------------
// Clusters
// ------------------------------------------------------------------------------------------------

#[ink::test]
fn cluster_create_assigns_sequential_ids_from_one() {
    let mut core = new_core();
    assert_eq!(
        core.cluster_create(alice(), params("first"), 10, NOW),
        Ok((
            1,
            ClusterCreated {
                cluster_id: 1,
                manager: alice(),
                resource_per_vnode: 10,
            }
        ))
    );
    let (second, _) = core
        .cluster_create(bob(), params("second"), 20, NOW)
        .unwrap();
    let (third, _) = core
        .cluster_create(alice(), params("third"), 30, NOW)
        .unwrap();
    assert_eq!((second, third), (2, 3));
    let (info, stored_params) = core.cluster_get(2, NOW).unwrap();
    assert_eq!(
        info,
        ClusterInfo {
            cluster_id: 2,
            manager: bob(),
            pending_manager: None,
            resource_per_vnode: 20,
            resource_used: 0,
            total_rent: 0,
            v_node_count: 0,
            revenues: 0,
            nodes: vec![],
        }
    );
    assert_eq!(stored_params, params("second"));
    assert_eq!(listed_clusters(&core, None), (vec![1, 2, 3], 3));
    assert_eq!(listed_clusters(&core, Some(alice())), (vec![1, 3], 2));
    assert_eq!(listed_clusters(&core, Some(bob())), (vec![2], 1));
}

#[ink::test]
fn cluster_create_with_too_long_params_fails_and_uses_no_id() {
    let mut core = new_core();
    assert_eq!(
        core.cluster_create(alice(), "x".repeat(MAX_PARAMS_LEN + 1), 10, NOW),
        Err(Error::ParamsTooLong)
    );
    assert_eq!(listed_clusters(&core, None), (vec![], 0));
    let (id, _) = core.cluster_create(alice(), params(""), 10, NOW).unwrap();
    assert_eq!(id, 1);
}

#[ink::test]
fn cluster_ids_are_not_reused_after_removal() {
    let (mut core, first) = empty_cluster();
    core.cluster_remove(alice(), first).unwrap();
    let (second, _) = core.cluster_create(alice(), params(""), 10, NOW).unwrap();
    assert_eq!(second, 2);
    assert_eq!(
        core.cluster_get(first, NOW),
        Err(Error::ClusterDoesNotExist)
    );
}

#[ink::test]
fn operations_on_an_unknown_cluster_fail() {
    let (mut core, _) = reference();
    core.node_create(alice(), node(4), params(""), 100, 1)
        .unwrap();
    for id in [0, 2, u32::MAX] {
        assert_eq!(core.cluster_get(id, NOW), Err(Error::ClusterDoesNotExist));
        assert_eq!(
            core.cluster_add_node(alice(), id, node(4), vec![1], NOW),
            Err(Error::ClusterDoesNotExist)
        );
        assert_eq!(
            core.cluster_remove_node(alice(), id, node(1), NOW),
            Err(Error::ClusterDoesNotExist)
        );
        assert_eq!(
            core.cluster_change_params(alice(), id, params("")),
            Err(Error::ClusterDoesNotExist)
        );
        assert_eq!(
            core.cluster_transfer_manager(alice(), id, bob()),
            Err(Error::ClusterDoesNotExist)
        );
        assert_eq!(
            core.cluster_accept_manager(bob(), id),
            Err(Error::ClusterDoesNotExist)
        );
        assert_eq!(
            core.cluster_remove(alice(), id),
            Err(Error::ClusterDoesNotExist)
        );
    }
    assert_eq!(node_info(&core, 4).cluster_id, None);
}

#[ink::test]
fn add_node_by_non_manager_fails_even_when_trusted() {
    let (mut core, cluster) = empty_cluster();
    core.node_set_trust(bob(), charlie(), true).unwrap();
    core.node_set_trust(bob(), alice(), true).unwrap();
    core.node_create(bob(), node(1), params(""), 100, 10)
        .unwrap();
    for caller in [charlie(), bob()] {
        assert_eq!(
            core.cluster_add_node(caller, cluster, node(1), vec![1], NOW),
            Err(Error::OnlyClusterManager)
        );
    }
    assert_eq!(node_info(&core, 1).cluster_id, None);
    assert_eq!(cluster_info(&core, cluster).nodes, vec![]);
}

#[ink::test]
fn add_unknown_node_fails() {
    let (mut core, cluster) = empty_cluster();
    assert_eq!(
        core.cluster_add_node(alice(), cluster, node(1), vec![1], NOW),
        Err(Error::NodeDoesNotExist)
    );
    assert_eq!(cluster_info(&core, cluster).v_node_count, 0);
}

#[ink::test]
fn add_node_already_in_a_cluster_fails() {
    let (mut core, cluster) = reference();
    let (other, _) = core.cluster_create(alice(), params(""), 10, NOW).unwrap();
    let before = snapshot(&core, cluster);
    assert_eq!(
        core.cluster_add_node(alice(), cluster, node(1), vec![7], NOW),
        Err(Error::NodeIsInCluster)
    );
    assert_eq!(
        core.cluster_add_node(alice(), other, node(1), vec![7], NOW),
        Err(Error::NodeIsInCluster)
    );
    assert_eq!(snapshot(&core, cluster), before);
    assert_eq!(cluster_info(&core, other).nodes, vec![]);
}

#[ink::test]
fn add_node_with_no_vnodes_fails() {
    let (mut core, cluster) = empty_cluster();
    core.node_create(alice(), node(1), params(""), 100, 10)
        .unwrap();
    assert_eq!(
        core.cluster_add_node(alice(), cluster, node(1), vec![], NOW),
        Err(Error::NoVNodes)
    );
    assert_eq!(node_info(&core, 1).cluster_id, None);
}

#[ink::test]
fn add_node_with_more_than_sixteen_vnodes_fails() {
    let (mut core, cluster) = empty_cluster();
    core.node_create(alice(), node(1), params(""), 1_000, 10)
        .unwrap();
    assert_eq!(
        core.cluster_add_node(alice(), cluster, node(1), (1..=17).collect(), NOW),
        Err(Error::TooManyVNodes)
    );
    assert_eq!(node_info(&core, 1).cluster_id, None);
    assert_eq!(cluster_info(&core, cluster).v_node_count, 0);
    core.cluster_add_node(alice(), cluster, node(1), (1..=16).collect(), NOW)
        .unwrap();
    assert_eq!(cluster_info(&core, cluster).v_node_count, 16);
    assert_eq!(free(&core, 1), 1_000 - 160);
}

#[ink::test]
fn add_node_with_repeated_tokens_fails() {
    let (mut core, cluster) = empty_cluster();
    core.node_create(alice(), node(1), params(""), 100, 10)
        .unwrap();
    assert_eq!(
        core.cluster_add_node(alice(), cluster, node(1), vec![1, 2, 1], NOW),
        Err(Error::VNodeTokenTaken)
    );
    assert_eq!(node_info(&core, 1).cluster_id, None);
    // Nothing was reserved by the failed call: the tokens are still free.
    core.cluster_add_node(alice(), cluster, node(1), vec![1, 2], NOW)
        .unwrap();
}

#[ink::test]
fn add_node_with_a_token_held_in_the_cluster_fails() {
    let (mut core, cluster) = reference();
    core.node_create(alice(), node(4), params(""), 100, 10)
        .unwrap();
    let before = snapshot(&core, cluster);
    assert_eq!(
        core.cluster_add_node(alice(), cluster, node(4), vec![7, 4], NOW),
        Err(Error::VNodeTokenTaken)
    );
    assert_eq!(snapshot(&core, cluster), before);
    // Token 7 was not taken by the failed call.
    core.cluster_add_node(alice(), cluster, node(4), vec![7], NOW)
        .unwrap();
    assert_eq!(cluster_info(&core, cluster).v_node_count, 7);
}

#[ink::test]
fn the_same_token_may_be_used_in_another_cluster() {
    let (mut core, _) = reference();
    core.node_create(alice(), node(4), params(""), 100, 10)
        .unwrap();
    let (other, _) = core.cluster_create(alice(), params(""), 10, NOW).unwrap();
    core.cluster_add_node(alice(), other, node(4), vec![1, 2], NOW)
        .unwrap();
    assert_eq!(ring(&core, other), vec![(node(4), vec![1, 2])]);
}

#[ink::test]
fn add_node_without_capacity_for_its_vnodes_fails() {
    let (mut core, cluster) = empty_cluster();
    core.node_create(alice(), node(1), params(""), 15, 10)
        .unwrap();
    assert_eq!(
        core.cluster_add_node(alice(), cluster, node(1), vec![1, 2], NOW),
        Err(Error::InsufficientNodeCapacity)
    );
    assert_eq!(node_info(&core, 1).cluster_id, None);
    assert_eq!(cluster_info(&core, cluster).total_rent, 0);
    core.cluster_add_node(alice(), cluster, node(1), vec![1], NOW)
        .unwrap();
    assert_eq!(free(&core, 1), 5);
}

#[ink::test]
fn the_33rd_node_does_not_fit_in_a_cluster() {
    let mut core = new_core();
    let (cluster, _) = core.cluster_create(alice(), params(""), 1, NOW).unwrap();
    for n in 1..=33 {
        core.node_create(alice(), node(n), params(""), 10, 1)
            .unwrap();
    }
    for n in 1..=32 {
        core.cluster_add_node(alice(), cluster, node(n), vec![u64::from(n)], NOW)
            .unwrap();
    }
    assert_eq!(
        core.cluster_add_node(alice(), cluster, node(33), vec![33], NOW),
        Err(Error::TooManyNodesInCluster)
    );
    let info = cluster_info(&core, cluster);
    assert_eq!(info.nodes.len(), MAX_NODES_PER_CLUSTER);
    assert_eq!(info.v_node_count, 32);
    assert_eq!(node_info(&core, 33).cluster_id, None);
    // After one leaves, there is room again.
    core.cluster_remove_node(alice(), cluster, node(1), NOW)
        .unwrap();
    core.cluster_add_node(alice(), cluster, node(33), vec![33], NOW)
        .unwrap();
    assert_eq!(
        cluster_info(&core, cluster).nodes.len(),
        MAX_NODES_PER_CLUSTER
    );
}

#[ink::test]
fn remove_node_by_manager_releases_node_and_tokens() {
    let (mut core, cluster) = reference();
    assert_eq!(
        core.cluster_remove_node(alice(), cluster, node(2), NOW),
        Ok(ClusterNodeRemoved {
            cluster_id: cluster,
            node_key: node(2),
            total_rent: 40,
        })
    );
    let info = node_info(&core, 2);
    assert_eq!(info.cluster_id, None);
    assert_eq!(info.v_nodes, Vec::<VNodeToken>::new());
    assert_eq!(info.free_resource, 100);
    assert_eq!(info.status_in_cluster, NodeStatusInCluster::Adding);
    let cluster_view = cluster_info(&core, cluster);
    assert_eq!(cluster_view.v_node_count, 4);
    assert_eq!(cluster_view.total_rent, 40);
    assert_eq!(
        ring(&core, cluster),
        vec![(node(1), vec![1, 2]), (node(3), vec![5, 6])]
    );
    // The tokens are free again, and the removed node no longer holds them.
    assert_eq!(
        core.cluster_replace_node(alice(), cluster, vec![3], node(1), NOW),
        Err(Error::VNodeDoesNotExist)
    );
    core.node_create(alice(), node(4), params(""), 100, 1)
        .unwrap();
    core.cluster_add_node(alice(), cluster, node(4), vec![3, 4], NOW)
        .unwrap();
    assert_eq!(cluster_info(&core, cluster).total_rent, 42);
}

#[ink::test]
fn remove_node_by_its_provider_works() {
    let (mut core, cluster) = reference();
    core.cluster_remove_node(dave(), cluster, node(3), NOW)
        .unwrap();
    assert_eq!(node_info(&core, 3).cluster_id, None);
    assert_eq!(cluster_info(&core, cluster).v_node_count, 4);
    // And the node may join again later.
    core.cluster_add_node(alice(), cluster, node(3), vec![5], NOW)
        .unwrap();
    assert_eq!(node_info(&core, 3).v_nodes, vec![5]);
}

#[ink::test]
fn remove_node_by_a_stranger_fails() {
    let (mut core, cluster) = reference();
    let before = snapshot(&core, cluster);
    // Charlie provides another node of the cluster but not this one.
    for caller in [eve(), charlie()] {
        assert_eq!(
            core.cluster_remove_node(caller, cluster, node(3), NOW),
            Err(Error::OnlyClusterManager)
        );
    }
    assert_eq!(snapshot(&core, cluster), before);
}

#[ink::test]
fn remove_node_that_is_not_in_the_cluster_fails() {
    let (mut core, cluster) = reference();
    core.node_create(alice(), node(4), params(""), 100, 1)
        .unwrap();
    assert_eq!(
        core.cluster_remove_node(alice(), cluster, node(4), NOW),
        Err(Error::NodeNotInCluster)
    );
    assert_eq!(
        core.cluster_remove_node(alice(), cluster, node(9), NOW),
        Err(Error::NodeDoesNotExist)
    );
    let (other, _) = core.cluster_create(alice(), params(""), 10, NOW).unwrap();
    assert_eq!(
        core.cluster_remove_node(alice(), other, node(1), NOW),
        Err(Error::NodeNotInCluster)
    );
    assert_eq!(node_info(&core, 1).cluster_id, Some(cluster));
}

#[ink::test]
fn set_node_status_by_manager() {
    let (mut core, cluster) = reference();
    assert_eq!(
        core.cluster_set_node_status(alice(), cluster, node(2), NodeStatusInCluster::Active),
        Ok(ClusterNodeStatusSet {
            cluster_id: cluster,
            node_key: node(2),
            status: NodeStatusInCluster::Active,
        })
    );
    assert_eq!(
        node_info(&core, 2).status_in_cluster,
        NodeStatusInCluster::Active
    );
    assert_eq!(
        node_info(&core, 1).status_in_cluster,
        NodeStatusInCluster::Adding
    );
    let statuses: Vec<_> = cluster_info(&core, cluster)
        .nodes
        .into_iter()
        .map(|n| n.status)
        .collect();
    assert_eq!(
        statuses,
        vec![
            NodeStatusInCluster::Adding,
            NodeStatusInCluster::Active,
            NodeStatusInCluster::Adding,
        ]
    );
    core.cluster_set_node_status(alice(), cluster, node(2), NodeStatusInCluster::Offline)
        .unwrap();
    assert_eq!(
        node_info(&core, 2).status_in_cluster,
        NodeStatusInCluster::Offline
    );
}

#[ink::test]
fn set_node_status_by_non_manager_or_for_outside_node_fails() {
    let (mut core, cluster) = reference();
    core.node_create(alice(), node(4), params(""), 100, 1)
        .unwrap();
    // Not even the node's own provider.
    assert_eq!(
        core.cluster_set_node_status(bob(), cluster, node(1), NodeStatusInCluster::Active),
        Err(Error::OnlyClusterManager)
    );
    assert_eq!(
        core.cluster_set_node_status(alice(), cluster, node(4), NodeStatusInCluster::Active),
        Err(Error::NodeNotInCluster)
    );
    assert_eq!(
        node_info(&core, 1).status_in_cluster,
        NodeStatusInCluster::Adding
    );
    assert_eq!(
        node_info(&core, 4).status_in_cluster,
        NodeStatusInCluster::Adding
    );
}

#[ink::test]
fn re_added_node_starts_over_as_adding() {
    let (mut core, cluster) = reference();
    core.cluster_set_node_status(alice(), cluster, node(1), NodeStatusInCluster::Active)
        .unwrap();
    core.cluster_remove_node(alice(), cluster, node(1), NOW)
        .unwrap();
    core.cluster_add_node(alice(), cluster, node(1), vec![1], NOW)
        .unwrap();
    assert_eq!(
        node_info(&core, 1).status_in_cluster,
        NodeStatusInCluster::Adding
    );
}

#[ink::test]
fn cluster_change_params_by_manager_only() {
    let (mut core, cluster) = empty_cluster();
    assert_eq!(
        core.cluster_change_params(alice(), cluster, params("new")),
        Ok(ClusterParamsChanged {
            cluster_id: cluster,
        })
    );
    assert_eq!(core.cluster_get(cluster, NOW).unwrap().1, params("new"));
    assert_eq!(
        core.cluster_change_params(bob(), cluster, params("bob's")),
        Err(Error::OnlyClusterManager)
    );
    assert_eq!(
        core.cluster_change_params(alice(), cluster, "x".repeat(MAX_PARAMS_LEN + 1)),
        Err(Error::ParamsTooLong)
    );
    assert_eq!(core.cluster_get(cluster, NOW).unwrap().1, params("new"));
}

#[ink::test]
fn set_resource_per_vnode_changes_what_vnodes_reserve() {
    let (mut core, cluster) = reference();
    assert_eq!(
        core.cluster_set_resource_per_vnode(alice(), cluster, 20),
        Ok(ClusterResourcePerVnodeSet {
            cluster_id: cluster,
            resource_per_vnode: 20,
        })
    );
    assert_eq!(cluster_info(&core, cluster).resource_per_vnode, 20);
    for n in 1..=3 {
        assert_eq!(free(&core, n), 60);
    }
}

#[ink::test]
fn set_resource_per_vnode_below_allocated_resource_fails() {
    let (mut core, cluster, bucket) = with_bucket();
    core.bucket_alloc_into_cluster(bob(), bucket, 8, NOW)
        .unwrap();
    assert_eq!(
        core.cluster_set_resource_per_vnode(alice(), cluster, 7),
        Err(Error::ResourceStillAllocated)
    );
    assert_eq!(cluster_info(&core, cluster).resource_per_vnode, 10);
    core.cluster_set_resource_per_vnode(alice(), cluster, 8)
        .unwrap();
    assert_eq!(cluster_info(&core, cluster).resource_per_vnode, 8);
    assert_eq!(free(&core, 1), 84);
}

#[ink::test]
fn set_resource_per_vnode_beyond_node_capacity_fails() {
    let (mut core, cluster) = reference();
    // 2 vnodes × 51 = 102 > 100.
    assert_eq!(
        core.cluster_set_resource_per_vnode(alice(), cluster, 51),
        Err(Error::InsufficientNodeCapacity)
    );
    assert_eq!(cluster_info(&core, cluster).resource_per_vnode, 10);
    assert_eq!(free(&core, 1), 80);
    // Overflowing products are refused the same way.
    assert_eq!(
        core.cluster_set_resource_per_vnode(alice(), cluster, u32::MAX),
        Err(Error::InsufficientNodeCapacity)
    );
    core.cluster_set_resource_per_vnode(alice(), cluster, 50)
        .unwrap();
    assert_eq!(free(&core, 3), 0);
}

#[ink::test]
fn set_resource_per_vnode_checks_the_smallest_node() {
    let (mut core, cluster) = reference();
    core.node_change_capacity(charlie(), node(2), 40).unwrap();
    assert_eq!(
        core.cluster_set_resource_per_vnode(alice(), cluster, 21),
        Err(Error::InsufficientNodeCapacity)
    );
    core.cluster_set_resource_per_vnode(alice(), cluster, 20)
        .unwrap();
    assert_eq!(free(&core, 2), 0);
    assert_eq!(free(&core, 1), 60);
}

#[ink::test]
fn set_resource_per_vnode_by_non_manager_fails() {
    let (mut core, cluster) = reference();
    assert_eq!(
        core.cluster_set_resource_per_vnode(bob(), cluster, 20),
        Err(Error::OnlyClusterManager)
    );
    assert_eq!(cluster_info(&core, cluster).resource_per_vnode, 10);
}

#[ink::test]
fn transfer_manager_offers_and_accept_manager_hands_over() {
    let (mut core, cluster) = reference();
    assert_eq!(
        core.cluster_transfer_manager(alice(), cluster, bob()),
        Ok(ClusterManagerOffered {
            cluster_id: cluster,
            manager: alice(),
            new_manager: bob(),
        })
    );
    let offered = cluster_info(&core, cluster);
    assert_eq!(offered.manager, alice());
    assert_eq!(offered.pending_manager, Some(bob()));
    // Until accepted, Alice still manages.
    core.cluster_set_node_status(alice(), cluster, node(1), NodeStatusInCluster::Active)
        .unwrap();

    assert_eq!(
        core.cluster_accept_manager(bob(), cluster),
        Ok(ClusterManagerAccepted {
            cluster_id: cluster,
            previous_manager: alice(),
            manager: bob(),
        })
    );
    let accepted = cluster_info(&core, cluster);
    assert_eq!(accepted.manager, bob());
    assert_eq!(accepted.pending_manager, None);
    assert_eq!(listed_clusters(&core, Some(alice())), (vec![], 0));
    assert_eq!(listed_clusters(&core, Some(bob())), (vec![cluster], 1));
    assert_eq!(listed_clusters(&core, None), (vec![cluster], 1));
    assert_eq!(
        core.cluster_set_node_status(alice(), cluster, node(1), NodeStatusInCluster::Offline),
        Err(Error::OnlyClusterManager)
    );
    core.cluster_set_node_status(bob(), cluster, node(1), NodeStatusInCluster::Offline)
        .unwrap();
    // The offer is used up.
    assert_eq!(
        core.cluster_accept_manager(bob(), cluster),
        Err(Error::OnlyPendingManager)
    );
}

#[ink::test]
fn accept_manager_by_anybody_but_the_pending_manager_fails() {
    let (mut core, cluster) = reference();
    assert_eq!(
        core.cluster_accept_manager(bob(), cluster),
        Err(Error::OnlyPendingManager)
    );
    core.cluster_transfer_manager(alice(), cluster, bob())
        .unwrap();
    for caller in [charlie(), alice()] {
        assert_eq!(
            core.cluster_accept_manager(caller, cluster),
            Err(Error::OnlyPendingManager)
        );
    }
    let info = cluster_info(&core, cluster);
    assert_eq!(info.manager, alice());
    assert_eq!(info.pending_manager, Some(bob()));
    assert_eq!(listed_clusters(&core, Some(alice())), (vec![cluster], 1));
}

#[ink::test]
fn a_later_offer_replaces_the_earlier_one() {
    let (mut core, cluster) = empty_cluster();
    core.cluster_transfer_manager(alice(), cluster, bob())
        .unwrap();
    core.cluster_transfer_manager(alice(), cluster, charlie())
        .unwrap();
    assert_eq!(
        cluster_info(&core, cluster).pending_manager,
        Some(charlie())
    );
    assert_eq!(
        core.cluster_accept_manager(bob(), cluster),
        Err(Error::OnlyPendingManager)
    );
    core.cluster_accept_manager(charlie(), cluster).unwrap();
    assert_eq!(cluster_info(&core, cluster).manager, charlie());
}

#[ink::test]
fn transfer_manager_by_non_manager_fails() {
    let (mut core, cluster) = empty_cluster();
    assert_eq!(
        core.cluster_transfer_manager(bob(), cluster, bob()),
        Err(Error::OnlyClusterManager)
    );
    assert_eq!(cluster_info(&core, cluster).pending_manager, None);
}

#[ink::test]
fn new_manager_needs_the_providers_trust_to_add_their_nodes() {
    let (mut core, cluster) = empty_cluster();
    core.node_set_trust(bob(), alice(), true).unwrap();
    core.node_create(bob(), node(1), params(""), 100, 1)
        .unwrap();
    core.cluster_transfer_manager(alice(), cluster, charlie())
        .unwrap();
    core.cluster_accept_manager(charlie(), cluster).unwrap();
    assert_eq!(
        core.cluster_add_node(charlie(), cluster, node(1), vec![1], NOW),
        Err(Error::ProviderDoesNotTrustManager)
    );
}

#[ink::test]
fn cluster_remove_of_an_empty_cluster() {
    let (mut core, cluster) = empty_cluster();
    assert_eq!(
        core.cluster_remove(alice(), cluster),
        Ok(ClusterRemoved {
            cluster_id: cluster,
            manager: alice(),
        })
    );
    assert_eq!(
        core.cluster_get(cluster, NOW),
        Err(Error::ClusterDoesNotExist)
    );
    assert_eq!(listed_clusters(&core, Some(alice())), (vec![], 0));
    // The unfiltered list skips the removed id but counts it.
    assert_eq!(listed_clusters(&core, None), (vec![], 1));
}

#[ink::test]
fn cluster_remove_with_nodes_fails() {
    let (mut core, cluster) = reference();
    assert_eq!(
        core.cluster_remove(alice(), cluster),
        Err(Error::ClusterIsNotEmpty)
    );
    assert_eq!(cluster_info(&core, cluster).v_node_count, 6);
    for n in 1..=3 {
        core.cluster_remove_node(alice(), cluster, node(n), NOW)
            .unwrap();
    }
    core.cluster_remove(alice(), cluster).unwrap();
    assert_eq!(
        core.cluster_get(cluster, NOW),
        Err(Error::ClusterDoesNotExist)
    );
}

#[ink::test]
fn an_empty_bucket_does_not_block_cluster_removal_and_still_closes() {
    let (mut core, cluster) = empty_cluster();
    let (bucket, _) = core.bucket_create(bob(), params(""), cluster, NOW).unwrap();
    core.cluster_remove(alice(), cluster).unwrap();
    assert_eq!(bucket_info(&core, bucket).cluster_id, cluster);
    let (settled, closed) = core.bucket_close(bob(), bucket, NOW + 1).unwrap();
    assert_eq!((settled.paid, settled.debt), (0, 0));
    assert_eq!(closed.resource_released, 0);
    assert_eq!(core.bucket_get(bucket, NOW), Err(Error::BucketDoesNotExist));
}

#[ink::test]
fn cluster_remove_with_allocated_resource_fails() {
    let (mut core, cluster, bucket) = with_bucket();
    core.bucket_alloc_into_cluster(bob(), bucket, 1, NOW)
        .unwrap();
    for n in 1..=3 {
        core.cluster_remove_node(alice(), cluster, node(n), NOW)
            .unwrap();
    }
    assert_eq!(
        core.cluster_remove(alice(), cluster),
        Err(Error::ClusterIsNotEmpty)
    );
    core.bucket_free_resource(bob(), bucket, 1, NOW).unwrap();
    core.cluster_remove(alice(), cluster).unwrap();
}

#[ink::test]
fn cluster_remove_by_non_manager_fails() {
    let (mut core, cluster) = empty_cluster();
    assert_eq!(
        core.cluster_remove(bob(), cluster),
        Err(Error::OnlyClusterManager)
    );
    assert_eq!(listed_clusters(&core, Some(alice())), (vec![cluster], 1));
}

#[ink::test]
fn cluster_list_pages_and_limits() {
    let mut core = new_core();
    for manager in [alice(), bob(), alice(), alice(), bob()] {
        core.cluster_create(manager, params(""), 1, NOW).unwrap();
    }
    let ids = |page: (Vec<ClusterInfo>, u32)| {
        (
            page.0.into_iter().map(|c| c.cluster_id).collect::<Vec<_>>(),
            page.1,
        )
    };
    assert_eq!(ids(core.cluster_list(0, 2, None).unwrap()), (vec![1, 2], 5));
    assert_eq!(
        ids(core.cluster_list(3, 10, None).unwrap()),
        (vec![4, 5], 5)
    );
    assert_eq!(ids(core.cluster_list(5, 10, None).unwrap()), (vec![], 5));
    assert_eq!(
        ids(core.cluster_list(u32::MAX, 32, None).unwrap()),
        (vec![], 5)
    );
    assert_eq!(
        ids(core.cluster_list(1, 2, Some(alice())).unwrap()),
        (vec![3, 4], 3)
    );
    assert_eq!(
        ids(core.cluster_list(0, 32, Some(bob())).unwrap()),
        (vec![2, 5], 2)
    );
    assert_eq!(
        core.cluster_list(0, 33, None),
        Err(Error::PageLimitTooLarge)
    );
    assert_eq!(
        core.cluster_list(0, 33, Some(alice())),
        Err(Error::PageLimitTooLarge)
    );
}

#[ink::test]
fn cluster_list_entries_leave_out_nodes() {
    let (core, cluster) = reference();
    let (page, _) = core.cluster_list(0, 1, None).unwrap();
    let mut full = cluster_info(&core, cluster);
    assert_eq!(full.nodes.len(), 3);
    full.nodes.clear();
    assert_eq!(page, vec![full]);
}

// ------------------------------------------------------------------------------------------------
// Buckets
// ------------------------------------------------------------------------------------------------

#[ink::test]
fn bucket_create_assigns_sequential_ids_and_counts_in_the_cluster() {
    let (mut core, cluster) = reference();
    assert_eq!(
        core.bucket_create(bob(), params("b1"), cluster, NOW),
        Ok((
            1,
            BucketCreated {
                bucket_id: 1,
                owner: bob(),
                cluster_id: cluster,
            }
        ))
    );
    let (second, _) = core
        .bucket_create(charlie(), params("b2"), cluster, NOW)
        .unwrap();
    assert_eq!(second, 2);
    let (info, stored_params) = core.bucket_get(1, NOW).unwrap();
    assert_eq!(info.bucket_id, 1);
    assert_eq!(info.owner, bob());
    assert_eq!(info.pending_owner, None);
    assert_eq!(info.cluster_id, cluster);
    assert_eq!(info.resource_reserved, 0);
    assert!(!info.public);
    assert_eq!(info.writers, vec![]);
    assert_eq!(info.readers, vec![]);
    assert_eq!(info.rent_usd_per_month, 0);
    assert_eq!(info.amount_due, 0);
    assert_eq!(info.debt, 0);
    assert_eq!(stored_params, params("b1"));
}

#[ink::test]
fn bucket_create_in_an_unknown_cluster_fails_and_uses_no_id() {
    let (mut core, cluster) = reference();
    assert_eq!(
        core.bucket_create(bob(), params(""), 7, NOW),
        Err(Error::ClusterDoesNotExist)
    );
    assert_eq!(
        core.bucket_create(bob(), params(""), 0, NOW),
        Err(Error::ClusterDoesNotExist)
    );
    assert_eq!(listed_buckets(&core, Some(bob())), (vec![], 0));
    let (id, _) = core.bucket_create(bob(), params(""), cluster, NOW).unwrap();
    assert_eq!(id, 1);
}

#[ink::test]
fn bucket_create_with_too_long_params_fails() {
    let (mut core, cluster) = reference();
    assert_eq!(
        core.bucket_create(bob(), "x".repeat(MAX_PARAMS_LEN + 1), cluster, NOW),
        Err(Error::ParamsTooLong)
    );
    assert_eq!(core.bucket_get(1, NOW), Err(Error::BucketDoesNotExist));
}

#[ink::test]
fn an_owner_may_hold_at_most_32_buckets() {
    let (mut core, cluster) = reference();
    for _ in 0..MAX_BUCKETS_PER_OWNER {
        core.bucket_create(bob(), params(""), cluster, NOW).unwrap();
    }
    assert_eq!(
        core.bucket_create(bob(), params(""), cluster, NOW),
        Err(Error::TooManyBuckets)
    );
    assert_eq!(listed_buckets(&core, Some(bob())).1, 32);
    // Another owner is not affected.
    let (id, _) = core
        .bucket_create(charlie(), params(""), cluster, NOW)
        .unwrap();
    core.account_deposit(charlie(), FUNDS).unwrap();
    assert_eq!(id, 33);
}

#[ink::test]
fn bucket_alloc_reserves_resource_in_the_cluster() {
    let (mut core, cluster, bucket) = with_bucket();
    let (settled, changed) = core
        .bucket_alloc_into_cluster(bob(), bucket, 4, NOW)
        .unwrap();
    assert_eq!(
        settled,
        BucketSettled {
            bucket_id: bucket,
            cluster_id: cluster,
            owner: bob(),
            paid: 0,
            debt: 0,
        }
    );
    assert_eq!(
        changed,
        BucketResourceChanged {
            bucket_id: bucket,
            cluster_id: cluster,
            allocated: 4,
            freed: 0,
            resource_reserved: 4,
        }
    );
    let info = bucket_info(&core, bucket);
    assert_eq!(info.resource_reserved, 4);
    // The bucket's rent is the cluster's total rent per allocated unit.
    assert_eq!(info.rent_usd_per_month, 60 * 4);
    assert_eq!(cluster_info(&core, cluster).resource_used, 4);
    // Node reservations do not depend on bucket allocations.
    assert_eq!(free(&core, 1), 80);
    core.bucket_alloc_into_cluster(bob(), bucket, 3, NOW)
        .unwrap();
    assert_eq!(bucket_info(&core, bucket).resource_reserved, 7);
    assert_eq!(cluster_info(&core, cluster).resource_used, 7);
}

#[ink::test]
fn bucket_alloc_by_non_owner_fails() {
    let (mut core, cluster, bucket) = with_bucket();
    // Not even the cluster's manager.
    for caller in [alice(), charlie()] {
        assert_eq!(
            core.bucket_alloc_into_cluster(caller, bucket, 1, NOW),
            Err(Error::OnlyBucketOwner)
        );
        assert_eq!(
            core.bucket_free_resource(caller, bucket, 1, NOW),
            Err(Error::OnlyBucketOwner)
        );
    }
    assert_eq!(bucket_info(&core, bucket).resource_reserved, 0);
    assert_eq!(cluster_info(&core, cluster).resource_used, 0);
}

#[ink::test]
fn bucket_alloc_or_free_of_zero_fails() {
    let (mut core, cluster, bucket) = with_bucket();
    assert_eq!(
        core.bucket_alloc_into_cluster(bob(), bucket, 0, NOW),
        Err(Error::ZeroAmount)
    );
    core.bucket_alloc_into_cluster(bob(), bucket, 2, NOW)
        .unwrap();
    assert_eq!(
        core.bucket_free_resource(bob(), bucket, 0, NOW),
        Err(Error::ZeroAmount)
    );
    assert_eq!(bucket_info(&core, bucket).resource_reserved, 2);
    assert_eq!(cluster_info(&core, cluster).resource_used, 2);
}

#[ink::test]
fn bucket_alloc_on_unknown_bucket_fails() {
    let (mut core, _, _) = with_bucket();
    assert_eq!(
        core.bucket_alloc_into_cluster(bob(), 2, 1, NOW),
        Err(Error::BucketDoesNotExist)
    );
    assert_eq!(
        core.bucket_free_resource(bob(), 2, 1, NOW),
        Err(Error::BucketDoesNotExist)
    );
    assert_eq!(core.bucket_get(2, NOW), Err(Error::BucketDoesNotExist));
}

#[ink::test]
fn bucket_alloc_beyond_resource_per_vnode_across_buckets_fails() {
    let (mut core, cluster, first) = with_bucket();
    let (second, _) = core
        .bucket_create(charlie(), params(""), cluster, NOW)
        .unwrap();
    core.account_deposit(charlie(), FUNDS).unwrap();
    core.bucket_alloc_into_cluster(bob(), first, 6, NOW)
        .unwrap();
    assert_eq!(
        core.bucket_alloc_into_cluster(charlie(), second, 5, NOW),
        Err(Error::InsufficientClusterResource)
    );
    assert_eq!(bucket_info(&core, second).resource_reserved, 0);
    assert_eq!(cluster_info(&core, cluster).resource_used, 6);
    // Exactly what is left fits.
    core.bucket_alloc_into_cluster(charlie(), second, 4, NOW)
        .unwrap();
    assert_eq!(cluster_info(&core, cluster).resource_used, 10);
    assert_eq!(
        core.bucket_alloc_into_cluster(bob(), first, 1, NOW),
        Err(Error::InsufficientClusterResource)
    );
    assert_eq!(
        core.bucket_alloc_into_cluster(bob(), first, u32::MAX, NOW),
        Err(Error::InsufficientClusterResource)
    );
    assert_eq!(bucket_info(&core, first).resource_reserved, 6);
}

#[ink::test]
fn bucket_free_more_than_reserved_fails() {
    let (mut core, cluster, bucket) = with_bucket();
    core.bucket_alloc_into_cluster(bob(), bucket, 5, NOW)
        .unwrap();
    assert_eq!(
        core.bucket_free_resource(bob(), bucket, 6, NOW),
        Err(Error::InsufficientBucketResource)
    );
    assert_eq!(bucket_info(&core, bucket).resource_reserved, 5);
    assert_eq!(cluster_info(&core, cluster).resource_used, 5);
}

#[ink::test]
fn bucket_free_releases_resource_for_other_buckets() {
    let (mut core, cluster, first) = with_bucket();
    let (second, _) = core
        .bucket_create(charlie(), params(""), cluster, NOW)
        .unwrap();
    core.account_deposit(charlie(), FUNDS).unwrap();
    core.bucket_alloc_into_cluster(bob(), first, 10, NOW)
        .unwrap();
    let (_, changed) = core.bucket_free_resource(bob(), first, 3, NOW).unwrap();
    assert_eq!(
        changed,
        BucketResourceChanged {
            bucket_id: first,
            cluster_id: cluster,
            allocated: 0,
            freed: 3,
            resource_reserved: 7,
        }
    );
    assert_eq!(bucket_info(&core, first).resource_reserved, 7);
    assert_eq!(cluster_info(&core, cluster).resource_used, 7);
    core.bucket_alloc_into_cluster(charlie(), second, 3, NOW)
        .unwrap();
    assert_eq!(cluster_info(&core, cluster).resource_used, 10);
}

#[ink::test]
fn bucket_change_params_by_owner_only() {
    let (mut core, _, bucket) = with_bucket();
    assert_eq!(
        core.bucket_change_params(bob(), bucket, params("new")),
        Ok(BucketParamsChanged { bucket_id: bucket })
    );
    assert_eq!(
        core.bucket_change_params(alice(), bucket, params("alice's")),
        Err(Error::OnlyBucketOwner)
    );
    assert_eq!(
        core.bucket_change_params(bob(), bucket, "x".repeat(MAX_PARAMS_LEN + 1)),
        Err(Error::ParamsTooLong)
    );
    assert_eq!(core.bucket_get(bucket, NOW).unwrap().1, params("new"));
}

#[ink::test]
fn bucket_grant_and_revoke_writer() {
    let (mut core, _, bucket) = with_bucket();
    assert_eq!(
        core.bucket_set_access(bob(), bucket, charlie(), Role::Writer, true),
        Ok(BucketAccessChanged {
            bucket_id: bucket,
            account: charlie(),
            writer: true,
            granted: true,
        })
    );
    core.bucket_set_access(bob(), bucket, dave(), Role::Writer, true)
        .unwrap();
    let info = bucket_info(&core, bucket);
    assert_eq!(info.writers, vec![charlie(), dave()]);
    assert_eq!(info.readers, vec![]);
    assert_eq!(
        core.bucket_set_access(bob(), bucket, charlie(), Role::Writer, false),
        Ok(BucketAccessChanged {
            bucket_id: bucket,
            account: charlie(),
            writer: true,
            granted: false,
        })
    );
    assert_eq!(bucket_info(&core, bucket).writers, vec![dave()]);
}

#[ink::test]
fn bucket_grant_and_revoke_reader_is_independent_of_writers() {
    let (mut core, _, bucket) = with_bucket();
    core.bucket_set_access(bob(), bucket, charlie(), Role::Writer, true)
        .unwrap();
    assert_eq!(
        core.bucket_set_access(bob(), bucket, charlie(), Role::Reader, true),
        Ok(BucketAccessChanged {
            bucket_id: bucket,
            account: charlie(),
            writer: false,
            granted: true,
        })
    );
    let info = bucket_info(&core, bucket);
    assert_eq!(info.writers, vec![charlie()]);
    assert_eq!(info.readers, vec![charlie()]);
    core.bucket_set_access(bob(), bucket, charlie(), Role::Reader, false)
        .unwrap();
    let info = bucket_info(&core, bucket);
    assert_eq!(info.writers, vec![charlie()]);
    assert_eq!(info.readers, vec![]);
}

#[ink::test]
fn bucket_access_grant_twice_or_revoke_absent_fails() {
    let (mut core, _, bucket) = with_bucket();
    core.bucket_set_access(bob(), bucket, charlie(), Role::Writer, true)
        .unwrap();
    assert_eq!(
        core.bucket_set_access(bob(), bucket, charlie(), Role::Writer, true),
        Err(Error::AlreadyOnAccessList)
    );
    assert_eq!(
        core.bucket_set_access(bob(), bucket, charlie(), Role::Reader, false),
        Err(Error::NotOnAccessList)
    );
    assert_eq!(
        core.bucket_set_access(bob(), bucket, dave(), Role::Writer, false),
        Err(Error::NotOnAccessList)
    );
    let info = bucket_info(&core, bucket);
    assert_eq!(info.writers, vec![charlie()]);
    assert_eq!(info.readers, vec![]);
}

#[ink::test]
fn bucket_access_lists_hold_at_most_sixteen() {
    let (mut core, _, bucket) = with_bucket();
    let account = |n: u8| AccountId::from([50 + n; 32]);
    for n in 0..16 {
        core.bucket_set_access(bob(), bucket, account(n), Role::Writer, true)
            .unwrap();
    }
    assert_eq!(
        core.bucket_set_access(bob(), bucket, account(16), Role::Writer, true),
        Err(Error::AccessListFull)
    );
    let info = bucket_info(&core, bucket);
    assert_eq!(info.writers.len(), MAX_BUCKET_ACCESS_LIST);
    assert!(!info.writers.contains(&account(16)));
    // The reader list has its own room.
    core.bucket_set_access(bob(), bucket, account(16), Role::Reader, true)
        .unwrap();
    // Revoking one writer makes room for another.
    core.bucket_set_access(bob(), bucket, account(0), Role::Writer, false)
        .unwrap();
    core.bucket_set_access(bob(), bucket, account(16), Role::Writer, true)
        .unwrap();
    assert_eq!(
        bucket_info(&core, bucket).writers.last(),
        Some(&account(16))
    );
}

#[ink::test]
fn bucket_access_by_non_owner_fails() {
    let (mut core, _, bucket) = with_bucket();
    assert_eq!(
        core.bucket_set_access(charlie(), bucket, charlie(), Role::Writer, true),
        Err(Error::OnlyBucketOwner)
    );
    assert_eq!(bucket_info(&core, bucket).writers, vec![]);
}

#[ink::test]
fn bucket_set_availability_by_owner_only() {
    let (mut core, _, bucket) = with_bucket();
    assert_eq!(
        core.bucket_set_availability(bob(), bucket, true),
        Ok(BucketAvailabilitySet {
            bucket_id: bucket,
            public: true,
        })
    );
    assert!(bucket_info(&core, bucket).public);
    assert_eq!(
        core.bucket_set_availability(charlie(), bucket, false),
        Err(Error::OnlyBucketOwner)
    );
    assert!(bucket_info(&core, bucket).public);
    core.bucket_set_availability(bob(), bucket, false).unwrap();
    assert!(!bucket_info(&core, bucket).public);
}

#[ink::test]
fn bucket_owner_change_takes_effect_when_accepted() {
    let (mut core, _, bucket) = with_bucket();
    core.bucket_alloc_into_cluster(bob(), bucket, 2, NOW)
        .unwrap();
    assert_eq!(
        core.bucket_change_owner(bob(), bucket, charlie()),
        Ok(BucketOwnerOffered {
            bucket_id: bucket,
            owner: bob(),
            new_owner: charlie(),
        })
    );
    let offered = bucket_info(&core, bucket);
    assert_eq!(offered.owner, bob());
    assert_eq!(offered.pending_owner, Some(charlie()));

    let (_, accepted) = core.bucket_accept_owner(charlie(), bucket, NOW).unwrap();
    assert_eq!(
        accepted,
        BucketOwnerAccepted {
            bucket_id: bucket,
            previous_owner: bob(),
            owner: charlie(),
        }
    );
    let info = bucket_info(&core, bucket);
    assert_eq!(info.owner, charlie());
    assert_eq!(info.pending_owner, None);
    assert_eq!(info.resource_reserved, 2);
    assert_eq!(listed_buckets(&core, Some(bob())), (vec![], 0));
    assert_eq!(listed_buckets(&core, Some(charlie())), (vec![bucket], 1));
    // Only the new owner acts on the bucket now.
    assert_eq!(
        core.bucket_alloc_into_cluster(bob(), bucket, 1, NOW),
        Err(Error::OnlyBucketOwner)
    );
    core.account_deposit(charlie(), FUNDS).unwrap();
    core.bucket_alloc_into_cluster(charlie(), bucket, 1, NOW)
        .unwrap();
    assert_eq!(bucket_info(&core, bucket).resource_reserved, 3);
}

#[ink::test]
fn bucket_accept_owner_by_anybody_but_the_pending_owner_fails() {
    let (mut core, _, bucket) = with_bucket();
    assert_eq!(
        core.bucket_accept_owner(charlie(), bucket, NOW),
        Err(Error::OnlyPendingOwner)
    );
    core.bucket_change_owner(bob(), bucket, charlie()).unwrap();
    for caller in [dave(), bob()] {
        assert_eq!(
            core.bucket_accept_owner(caller, bucket, NOW),
            Err(Error::OnlyPendingOwner)
        );
    }
    let info = bucket_info(&core, bucket);
    assert_eq!(info.owner, bob());
    assert_eq!(info.pending_owner, Some(charlie()));
    assert_eq!(listed_buckets(&core, Some(bob())), (vec![bucket], 1));
    assert_eq!(listed_buckets(&core, Some(charlie())), (vec![], 0));
}

#[ink::test]
fn bucket_change_owner_by_non_owner_fails() {
    let (mut core, _, bucket) = with_bucket();
    assert_eq!(
        core.bucket_change_owner(charlie(), bucket, charlie()),
        Err(Error::OnlyBucketOwner)
    );
    assert_eq!(bucket_info(&core, bucket).pending_owner, None);
}

#[ink::test]
fn bucket_close_releases_its_resource_so_the_cluster_can_be_removed() {
    let (mut core, cluster, bucket) = with_bucket();
    core.bucket_alloc_into_cluster(bob(), bucket, 6, NOW)
        .unwrap();
    core.bucket_set_access(bob(), bucket, charlie(), Role::Reader, true)
        .unwrap();
    let (_, closed) = core.bucket_close(bob(), bucket, NOW).unwrap();
    assert_eq!(
        closed,
        BucketClosed {
            bucket_id: bucket,
            owner: bob(),
            resource_released: 6,
        }
    );
    assert_eq!(core.bucket_get(bucket, NOW), Err(Error::BucketDoesNotExist));
    assert_eq!(listed_buckets(&core, Some(bob())), (vec![], 0));
    assert_eq!(cluster_info(&core, cluster).resource_used, 0);
    // Nothing is allocated any more, so the resource per vnode may drop to 1.
    core.cluster_set_resource_per_vnode(alice(), cluster, 1)
        .unwrap();
    for n in 1..=3 {
        core.cluster_remove_node(alice(), cluster, node(n), NOW)
            .unwrap();
    }
    core.cluster_remove(alice(), cluster).unwrap();
    assert_eq!(
        core.cluster_get(cluster, NOW),
        Err(Error::ClusterDoesNotExist)
    );
}

#[ink::test]
fn bucket_close_by_non_owner_fails() {
    let (mut core, cluster, bucket) = with_bucket();
    core.bucket_alloc_into_cluster(bob(), bucket, 6, NOW)
        .unwrap();
    assert_eq!(
        core.bucket_close(alice(), bucket, NOW),
        Err(Error::OnlyBucketOwner)
    );
    assert_eq!(bucket_info(&core, bucket).resource_reserved, 6);
    assert_eq!(cluster_info(&core, cluster).resource_used, 6);
}

#[ink::test]
fn bucket_list_filters_by_owner_and_skips_closed_ids() {
    let (mut core, cluster) = reference();
    for owner in [bob(), charlie(), bob(), dave()] {
        core.bucket_create(owner, params(""), cluster, NOW).unwrap();
    }
    assert_eq!(listed_buckets(&core, None), (vec![1, 2, 3, 4], 4));
    assert_eq!(listed_buckets(&core, Some(bob())), (vec![1, 3], 2));
    assert_eq!(listed_buckets(&core, Some(charlie())), (vec![2], 1));
    assert_eq!(listed_buckets(&core, Some(alice())), (vec![], 0));

    core.bucket_close(bob(), 1, NOW).unwrap();
    assert_eq!(listed_buckets(&core, None), (vec![2, 3, 4], 4));
    assert_eq!(listed_buckets(&core, Some(bob())), (vec![3], 1));

    let (page, total) = core.bucket_list(1, 2, None).unwrap();
    assert_eq!(
        (page.iter().map(|b| b.bucket_id).collect::<Vec<_>>(), total),
        (vec![2, 3], 4)
    );
    assert_eq!(page[0].owner, charlie());
    assert_eq!(
        core.bucket_list(0, 33, Some(bob())),
        Err(Error::PageLimitTooLarge)
    );
    assert_eq!(core.bucket_list(0, 33, None), Err(Error::PageLimitTooLarge));
}

// ------------------------------------------------------------------------------------------------
// Admin
// ------------------------------------------------------------------------------------------------

#[ink::test]
fn deployer_holds_super_admin_and_set_exchange_rate() {
    let core = new_core();
    assert!(core.has_permission(alice(), Permission::SuperAdmin));
    assert!(core.has_permission(alice(), Permission::SetExchangeRate));
    assert!(!core.has_permission(bob(), Permission::SuperAdmin));
    assert!(!core.has_permission(bob(), Permission::SetExchangeRate));
    assert_eq!(core.fee_config(), (0, alice(), 0));
}

#[ink::test]
fn grant_by_super_admin_gives_the_permission() {
    let mut core = new_core();
    assert_eq!(
        core.admin_grant_permission(alice(), bob(), Permission::SetExchangeRate),
        Ok(Some(PermissionChanged {
            grantee: bob(),
            permission: Permission::SetExchangeRate,
            granted: true,
        }))
    );
    assert!(core.has_permission(bob(), Permission::SetExchangeRate));
    assert!(!core.has_permission(bob(), Permission::SuperAdmin));
    assert_eq!(
        core.admin_revoke_permission(alice(), bob(), Permission::SetExchangeRate),
        Ok(Some(PermissionChanged {
            grantee: bob(),
            permission: Permission::SetExchangeRate,
            granted: false,
        }))
    );
    assert!(!core.has_permission(bob(), Permission::SetExchangeRate));
}

#[ink::test]
fn grant_or_revoke_by_non_admin_fails() {
    let mut core = new_core();
    core.admin_grant_permission(alice(), bob(), Permission::SetExchangeRate)
        .unwrap();
    // SetExchangeRate does not administer permissions.
    for caller in [bob(), charlie()] {
        assert_eq!(
            core.admin_grant_permission(caller, caller, Permission::SuperAdmin),
            Err(Error::MissingPermission)
        );
        assert_eq!(
            core.admin_revoke_permission(caller, alice(), Permission::SuperAdmin),
            Err(Error::MissingPermission)
        );
    }
    assert!(!core.has_permission(bob(), Permission::SuperAdmin));
    assert!(!core.has_permission(charlie(), Permission::SuperAdmin));
    assert!(core.has_permission(alice(), Permission::SuperAdmin));
}

#[ink::test]
fn trust_is_not_administrable() {
    let mut core = new_core();
    let trust = Permission::ClusterManagerTrustedBy(bob());
    assert_eq!(
        core.admin_grant_permission(alice(), charlie(), trust),
        Err(Error::PermissionNotAdministrable)
    );
    assert!(!core.has_permission(charlie(), trust));
    // Nor can an admin withdraw a provider's trust.
    core.node_set_trust(bob(), charlie(), true).unwrap();
    assert_eq!(
        core.admin_revoke_permission(alice(), charlie(), trust),
        Err(Error::PermissionNotAdministrable)
    );
    assert!(core.has_permission(charlie(), trust));
}

#[ink::test]
fn the_last_super_admin_cannot_be_revoked() {
    let mut core = new_core();
    assert_eq!(
        core.admin_revoke_permission(alice(), alice(), Permission::SuperAdmin),
        Err(Error::LastSuperAdmin)
    );
    assert!(core.has_permission(alice(), Permission::SuperAdmin));
}

#[ink::test]
fn one_of_two_super_admins_can_be_revoked() {
    let mut core = new_core();
    core.admin_grant_permission(alice(), bob(), Permission::SuperAdmin)
        .unwrap();
    assert_eq!(
        core.admin_revoke_permission(bob(), alice(), Permission::SuperAdmin),
        Ok(Some(PermissionChanged {
            grantee: alice(),
            permission: Permission::SuperAdmin,
            granted: false,
        }))
    );
    assert!(!core.has_permission(alice(), Permission::SuperAdmin));
    assert!(core.has_permission(bob(), Permission::SuperAdmin));
    // Alice no longer administers; Bob is now the last one.
    assert_eq!(
        core.admin_grant_permission(alice(), alice(), Permission::SuperAdmin),
        Err(Error::MissingPermission)
    );
    assert_eq!(
        core.admin_revoke_permission(bob(), bob(), Permission::SuperAdmin),
        Err(Error::LastSuperAdmin)
    );
    assert!(core.has_permission(bob(), Permission::SuperAdmin));
}

#[ink::test]
fn granting_a_held_permission_changes_nothing() {
    let mut core = new_core();
    assert_eq!(
        core.admin_grant_permission(alice(), alice(), Permission::SuperAdmin),
        Ok(None)
    );
    assert_eq!(
        core.admin_grant_permission(alice(), alice(), Permission::SetExchangeRate),
        Ok(None)
    );
    // The SuperAdmin count was not inflated: Alice is still the last one.
    assert_eq!(
        core.admin_revoke_permission(alice(), alice(), Permission::SuperAdmin),
        Err(Error::LastSuperAdmin)
    );
}

#[ink::test]
fn revoking_an_absent_permission_changes_nothing() {
    let mut core = new_core();
    core.admin_grant_permission(alice(), bob(), Permission::SuperAdmin)
        .unwrap();
    assert_eq!(
        core.admin_revoke_permission(alice(), charlie(), Permission::SuperAdmin),
        Ok(None)
    );
    assert_eq!(
        core.admin_revoke_permission(alice(), charlie(), Permission::SetExchangeRate),
        Ok(None)
    );
    // The count was not decremented: there are still two, so one can go.
    core.admin_revoke_permission(alice(), bob(), Permission::SuperAdmin)
        .unwrap();
    assert_eq!(
        core.admin_revoke_permission(alice(), alice(), Permission::SuperAdmin),
        Err(Error::LastSuperAdmin)
    );
}

#[ink::test]
fn fee_config_within_bounds_is_set() {
    let mut core = new_core();
    assert_eq!(
        core.admin_set_fee_config(alice(), 300, dave(), 700),
        Ok(FeeConfigSet {
            network_fee_bp: 300,
            network_fee_destination: dave(),
            cluster_management_fee_bp: 700,
        })
    );
    assert_eq!(core.fee_config(), (300, dave(), 700));
    for (network, management) in [(MAX_NETWORK_FEE_BP, MAX_MANAGEMENT_FEE_BP), (0, 0)] {
        core.admin_set_fee_config(alice(), network, bob(), management)
            .unwrap();
        assert_eq!(core.fee_config(), (network, bob(), management));
    }
    for (network, management) in [(1_001, 0), (0, 2_001), (10_000, 0), (u32::MAX, u32::MAX)] {
        assert_eq!(
            core.admin_set_fee_config(alice(), network, bob(), management),
            Err(Error::InvalidFeeConfig)
        );
    }
    assert_eq!(core.fee_config(), (0, bob(), 0));
}

#[ink::test]
fn fee_config_above_ten_thousand_bp_fails_without_overflow() {
    let mut core = new_core();
    core.admin_set_fee_config(alice(), 100, dave(), 200)
        .unwrap();
    for (network, management) in [
        (10_001, 0),
        (0, 10_001),
        (5_000, 5_001),
        (u32::MAX, 0),
        (0, u32::MAX),
        (u32::MAX, 1),
        (1, u32::MAX),
        (u32::MAX, u32::MAX),
    ] {
        assert_eq!(
            core.admin_set_fee_config(alice(), network, bob(), management),
            Err(Error::InvalidFeeConfig),
            "({network}, {management})"
        );
    }
    assert_eq!(core.fee_config(), (100, dave(), 200));
}

#[ink::test]
fn fee_config_by_non_admin_fails() {
    let mut core = new_core();
    assert_eq!(
        core.admin_set_fee_config(bob(), 1, bob(), 1),
        Err(Error::MissingPermission)
    );
    assert_eq!(core.fee_config(), (0, alice(), 0));
}

#[ink::test]
fn unbonding_period_within_bounds_is_set() {
    let mut core = new_core();
    for period in [MIN_UNBONDING_PERIOD_MS, MAX_UNBONDING_PERIOD_MS, 86_400_000] {
        assert_eq!(
            core.admin_set_unbonding_period(alice(), period),
            Ok(UnbondingPeriodSet {
                unbonding_period_ms: period,
            })
        );
        assert_eq!(core.config().unbonding_period_ms, period);
    }
}

#[ink::test]
fn unbonding_period_out_of_bounds_fails() {
    let mut core = new_core();
    core.admin_set_unbonding_period(alice(), 86_400_000)
        .unwrap();
    for period in [
        0,
        MIN_UNBONDING_PERIOD_MS - 1,
        MAX_UNBONDING_PERIOD_MS + 1,
        u64::MAX,
    ] {
        assert_eq!(
            core.admin_set_unbonding_period(alice(), period),
            Err(Error::UnbondingPeriodOutOfBounds)
        );
    }
    assert_eq!(
        core.admin_set_unbonding_period(bob(), MIN_UNBONDING_PERIOD_MS),
        Err(Error::MissingPermission)
    );
    assert_eq!(core.config().unbonding_period_ms, 86_400_000);
}

// ------------------------------------------------------------------------------------------------
// Index storage
// ------------------------------------------------------------------------------------------------

/// `nodes_all` and `nodes_by_provider` both map each node key to its position. Here the positions
/// differ (node 2 is 1st of Charlie's, 2nd of all), so if the two indexes shared storage keys,
/// removing node 2 would move the wrong item and corrupt the unfiltered list.
#[ink::test]
fn node_indexes_do_not_share_storage() {
    let mut core = new_core();
    core.node_create(bob(), node(1), params(""), 1, 1).unwrap();
    core.node_create(charlie(), node(2), params(""), 1, 1)
        .unwrap();
    core.node_create(bob(), node(3), params(""), 1, 1).unwrap();
    core.node_remove(charlie(), node(2)).unwrap();
    assert_eq!(
        listed_nodes(&core, 0, 10, None),
        (vec![node(1), node(3)], 2)
    );
    assert_eq!(
        listed_nodes(&core, 0, 10, Some(bob())),
        (vec![node(1), node(3)], 2)
    );
    assert_eq!(listed_nodes(&core, 0, 10, Some(charlie())), (vec![], 0));
    // Removing Bob's first node swaps his last one in, in both lists independently.
    core.node_remove(bob(), node(1)).unwrap();
    assert_eq!(listed_nodes(&core, 0, 10, None), (vec![node(3)], 1));
    assert_eq!(listed_nodes(&core, 0, 10, Some(bob())), (vec![node(3)], 1));
}

/// `clusters_by_manager` and `buckets_by_owner` have the same key and item types
/// (`AccountId` → `u32`); the same account appears in both, with overlapping ids.
#[ink::test]
fn manager_and_owner_indexes_do_not_share_storage() {
    let mut core = new_core();
    let (c1, _) = core.cluster_create(alice(), params(""), 10, NOW).unwrap();
    let (c2, _) = core.cluster_create(alice(), params(""), 10, NOW).unwrap();
    let (b1, _) = core.bucket_create(alice(), params(""), c1, NOW).unwrap();
    assert_eq!((c1, c2, b1), (1, 2, 1));
    assert_eq!(listed_clusters(&core, Some(alice())), (vec![1, 2], 2));
    assert_eq!(listed_buckets(&core, Some(alice())), (vec![1], 1));
    // Removing cluster 1 from Alice's clusters must leave bucket 1 in her buckets.
    core.bucket_close(alice(), b1, NOW).unwrap();
    let (b2, _) = core.bucket_create(alice(), params(""), c2, NOW).unwrap();
    core.cluster_remove(alice(), c1).unwrap();
    assert_eq!(listed_clusters(&core, Some(alice())), (vec![2], 1));
    assert_eq!(listed_buckets(&core, Some(alice())), (vec![b2], 1));
    assert_eq!(bucket_info(&core, b2).cluster_id, c2);
}
