//! Clusters: a manager's set of nodes whose vnodes form a hash ring that buckets allocate into.
//!
//! Each vnode reserves `resource_per_vnode` on its node; a bucket's allocation of r units is held
//! on every vnode, so a cluster can allocate at most `resource_per_vnode` in total and its rent is
//! `total_rent` (Σ over vnodes of the holding node's rent) per allocated unit.

use crate::accounts::checkpoint;
use crate::core::{check_params, div_rem, mul, next_id, require, Core};
use crate::events::{
    ClusterCreated, ClusterManagerAccepted, ClusterManagerOffered, ClusterNodeAdded,
    ClusterNodeRemoved, ClusterNodeReplaced, ClusterNodeStatusSet, ClusterParamsChanged,
    ClusterRemoved, ClusterResourcePerVnodeSet, RevenuesDistributed,
};
use crate::index::check_limit;
use crate::node::{reserved_by, Node};
use ddc_types::{
    AccountId, Balance, ClusterId, ClusterInfo, ClusterNodeInfo, Error, NodeKey,
    NodeStatusInCluster, Params, Resource, Result, VNodeToken, BASIS_POINTS, MAX_NODES_PER_CLUSTER,
    MAX_VNODES_PER_NODE,
};
use ink::prelude::vec::Vec;

/// A cluster's stored record (params kept apart).
#[derive(Debug, Clone, PartialEq, Eq, scale::Encode, scale::Decode)]
#[cfg_attr(
    feature = "std",
    derive(scale_info::TypeInfo, ink::storage::traits::StorageLayout)
)]
pub struct Cluster {
    pub manager: AccountId,
    pub pending_manager: Option<AccountId>,
    pub resource_per_vnode: Resource,
    pub resource_used: Resource,
    pub total_rent: Balance,
    pub v_node_count: u32,
    pub nodes: Vec<NodeKey>,
    pub bucket_count: u32,
    /// Σ total_rent × ms up to `index_at_ms` (see `accounts.rs`).
    pub rent_index: u128,
    pub index_at_ms: u64,
    /// Collected rent not yet distributed (native units).
    pub revenues: Balance,
}

impl Core {
    /// The cluster, or `ClusterDoesNotExist`.
    pub(crate) fn cluster(&self, cluster_id: ClusterId) -> Result<Cluster> {
        self.clusters
            .get(cluster_id)
            .ok_or(Error::ClusterDoesNotExist)
    }

    /// The cluster, if `caller` manages it.
    fn managed_cluster(&self, caller: AccountId, cluster_id: ClusterId) -> Result<Cluster> {
        let cluster = self.cluster(cluster_id)?;
        require(caller, cluster.manager, Error::OnlyClusterManager)?;
        Ok(cluster)
    }

    /// The node, if it is in `cluster_id`.
    fn member_node(&self, cluster_id: ClusterId, node_key: NodeKey) -> Result<Node> {
        let node = self.node(node_key)?;
        if node.cluster_id != Some(cluster_id) {
            return Err(Error::NodeNotInCluster);
        }
        Ok(node)
    }

    /// Create a cluster managed by `caller`.
    pub fn cluster_create(
        &mut self,
        caller: AccountId,
        params: Params,
        resource_per_vnode: Resource,
        now: u64,
    ) -> Result<(ClusterId, ClusterCreated)> {
        check_params(&params)?;
        let mut config = self.config();
        let cluster_id = next_id(config.last_cluster_id)?;
        self.clusters_by_manager.insert(caller, cluster_id)?;
        config.last_cluster_id = cluster_id;
        self.config.set(&config);
        let cluster = Cluster {
            manager: caller,
            pending_manager: None,
            resource_per_vnode,
            resource_used: 0,
            total_rent: 0,
            v_node_count: 0,
            nodes: Vec::new(),
            bucket_count: 0,
            rent_index: 0,
            index_at_ms: now,
            revenues: 0,
        };
        self.clusters.insert(cluster_id, &cluster);
        self.cluster_params.insert(cluster_id, &params);
        Ok((
            cluster_id,
            ClusterCreated {
                cluster_id,
                manager: caller,
                resource_per_vnode,
            },
        ))
    }

    /// Admit a node with the given vnode tokens. Manager only; the node's provider must trust
    /// the manager; the node must be in no cluster; tokens new to the cluster; capacity enough.
    pub fn cluster_add_node(
        &mut self,
        caller: AccountId,
        cluster_id: ClusterId,
        node_key: NodeKey,
        v_nodes: Vec<VNodeToken>,
        now: u64,
    ) -> Result<ClusterNodeAdded> {
        let mut cluster = self.managed_cluster(caller, cluster_id)?;
        let mut node = self.node(node_key)?;
        if node.cluster_id.is_some() {
            return Err(Error::NodeIsInCluster);
        }
        if !self.trusts(node.provider, cluster.manager) {
            return Err(Error::ProviderDoesNotTrustManager);
        }
        if cluster.nodes.len() >= MAX_NODES_PER_CLUSTER {
            return Err(Error::TooManyNodesInCluster);
        }
        self.check_new_tokens(cluster_id, &v_nodes, 0)?;
        node.v_nodes = v_nodes;
        if reserved_by(node.v_node_count(), cluster.resource_per_vnode)? > node.capacity {
            return Err(Error::InsufficientNodeCapacity);
        }
        checkpoint(&mut cluster, now)?;
        cluster.total_rent = cluster
            .total_rent
            .checked_add(node.rent_contribution()?)
            .ok_or(Error::Overflow)?;
        cluster.v_node_count = cluster
            .v_node_count
            .checked_add(node.v_node_count())
            .ok_or(Error::Overflow)?;

        for token in &node.v_nodes {
            self.v_node_holder.insert((cluster_id, *token), &node_key);
        }
        cluster.nodes.push(node_key);
        node.cluster_id = Some(cluster_id);
        node.status = NodeStatusInCluster::Adding;
        self.nodes.insert(node_key, &node);
        self.clusters.insert(cluster_id, &cluster);
        Ok(ClusterNodeAdded {
            cluster_id,
            node_key,
            v_nodes: node.v_nodes,
            total_rent: cluster.total_rent,
        })
    }

    /// Check that `tokens` is a non-empty list of distinct tokens not yet in the cluster, and
    /// that a node already holding `held` vnodes can take them all.
    fn check_new_tokens(
        &self,
        cluster_id: ClusterId,
        tokens: &[VNodeToken],
        held: usize,
    ) -> Result<()> {
        if tokens.is_empty() {
            return Err(Error::NoVNodes);
        }
        if tokens.len().saturating_add(held) > MAX_VNODES_PER_NODE {
            return Err(Error::TooManyVNodes);
        }
        for (i, token) in tokens.iter().enumerate() {
            if tokens[..i].contains(token) || self.v_node_holder.contains((cluster_id, *token)) {
                return Err(Error::VNodeTokenTaken);
            }
        }
        Ok(())
    }

    /// Remove a node and its vnodes from the cluster. The manager, or the node's provider.
    pub fn cluster_remove_node(
        &mut self,
        caller: AccountId,
        cluster_id: ClusterId,
        node_key: NodeKey,
        now: u64,
    ) -> Result<ClusterNodeRemoved> {
        let mut cluster = self.cluster(cluster_id)?;
        let mut node = self.member_node(cluster_id, node_key)?;
        if caller != cluster.manager && caller != node.provider {
            return Err(Error::OnlyClusterManager);
        }
        checkpoint(&mut cluster, now)?;
        cluster.total_rent = cluster
            .total_rent
            .checked_sub(node.rent_contribution()?)
            .ok_or(Error::Overflow)?;
        cluster.v_node_count = cluster
            .v_node_count
            .checked_sub(node.v_node_count())
            .ok_or(Error::Overflow)?;
        for token in &node.v_nodes {
            self.v_node_holder.remove((cluster_id, *token));
        }
        if let Some(at) = cluster.nodes.iter().position(|key| *key == node_key) {
            cluster.nodes.remove(at);
        }
        node.v_nodes.clear();
        node.cluster_id = None;
        node.status = NodeStatusInCluster::default();
        self.nodes.insert(node_key, &node);
        self.clusters.insert(cluster_id, &cluster);
        Ok(ClusterNodeRemoved {
            cluster_id,
            node_key,
            total_rent: cluster.total_rent,
        })
    }

    /// Move the given vnodes of the cluster to `new_node_key`, a node already in the cluster.
    /// Manager only. Total rent is re-priced with the new holder's rent.
    pub fn cluster_replace_node(
        &mut self,
        caller: AccountId,
        cluster_id: ClusterId,
        v_nodes: Vec<VNodeToken>,
        new_node_key: NodeKey,
        now: u64,
    ) -> Result<ClusterNodeReplaced> {
        let mut cluster = self.managed_cluster(caller, cluster_id)?;
        checkpoint(&mut cluster, now)?;
        let mut new_node = self.member_node(cluster_id, new_node_key)?;
        if v_nodes.is_empty() {
            return Err(Error::NoVNodes);
        }
        // Previous holders, loaded once each, with the tokens they lose.
        let mut losers: Vec<(NodeKey, Node)> = Vec::new();
        for (i, token) in v_nodes.iter().enumerate() {
            if v_nodes[..i].contains(token) {
                return Err(Error::VNodeTokenTaken);
            }
            let holder = self
                .v_node_holder
                .get((cluster_id, *token))
                .ok_or(Error::VNodeDoesNotExist)?;
            if holder == new_node_key {
                continue;
            }
            let at = match losers.iter().position(|(key, _)| *key == holder) {
                Some(at) => at,
                None => {
                    losers.push((holder, self.node(holder)?));
                    losers.len().saturating_sub(1)
                }
            };
            let (_, loser) = &mut losers[at];
            if let Some(at) = loser.v_nodes.iter().position(|t| t == token) {
                loser.v_nodes.remove(at);
            }
            cluster.total_rent = cluster
                .total_rent
                .checked_sub(loser.rent_per_month)
                .and_then(|t| t.checked_add(new_node.rent_per_month))
                .ok_or(Error::Overflow)?;
            new_node.v_nodes.push(*token);
        }
        if new_node.v_nodes.len() > MAX_VNODES_PER_NODE {
            return Err(Error::TooManyVNodes);
        }
        if reserved_by(new_node.v_node_count(), cluster.resource_per_vnode)? > new_node.capacity {
            return Err(Error::InsufficientNodeCapacity);
        }

        for token in &v_nodes {
            self.v_node_holder
                .insert((cluster_id, *token), &new_node_key);
        }
        for (key, loser) in &losers {
            self.nodes.insert(*key, loser);
        }
        self.nodes.insert(new_node_key, &new_node);
        self.clusters.insert(cluster_id, &cluster);
        Ok(ClusterNodeReplaced {
            cluster_id,
            new_node_key,
            v_nodes,
            total_rent: cluster.total_rent,
        })
    }

    /// Set a node's status in the cluster. Manager only.
    pub fn cluster_set_node_status(
        &mut self,
        caller: AccountId,
        cluster_id: ClusterId,
        node_key: NodeKey,
        status: NodeStatusInCluster,
    ) -> Result<ClusterNodeStatusSet> {
        self.managed_cluster(caller, cluster_id)?;
        let mut node = self.member_node(cluster_id, node_key)?;
        node.status = status;
        self.nodes.insert(node_key, &node);
        Ok(ClusterNodeStatusSet {
            cluster_id,
            node_key,
            status,
        })
    }

    /// Replace the cluster's params. Manager only.
    pub fn cluster_change_params(
        &mut self,
        caller: AccountId,
        cluster_id: ClusterId,
        params: Params,
    ) -> Result<ClusterParamsChanged> {
        check_params(&params)?;
        self.managed_cluster(caller, cluster_id)?;
        self.cluster_params.insert(cluster_id, &params);
        Ok(ClusterParamsChanged { cluster_id })
    }

    /// Change the resource each vnode reserves. Manager only. Refused below what buckets have
    /// allocated, or when a node's capacity cannot hold its vnodes at the new size.
    pub fn cluster_set_resource_per_vnode(
        &mut self,
        caller: AccountId,
        cluster_id: ClusterId,
        resource_per_vnode: Resource,
    ) -> Result<ClusterResourcePerVnodeSet> {
        let mut cluster = self.managed_cluster(caller, cluster_id)?;
        if resource_per_vnode < cluster.resource_used {
            return Err(Error::ResourceStillAllocated);
        }
        for key in &cluster.nodes {
            let node = self.node(*key)?;
            if reserved_by(node.v_node_count(), resource_per_vnode)? > node.capacity {
                return Err(Error::InsufficientNodeCapacity);
            }
        }
        cluster.resource_per_vnode = resource_per_vnode;
        self.clusters.insert(cluster_id, &cluster);
        Ok(ClusterResourcePerVnodeSet {
            cluster_id,
            resource_per_vnode,
        })
    }

    /// Offer the cluster to `new_manager` (replacing any earlier offer). Manager only.
    pub fn cluster_transfer_manager(
        &mut self,
        caller: AccountId,
        cluster_id: ClusterId,
        new_manager: AccountId,
    ) -> Result<ClusterManagerOffered> {
        let mut cluster = self.managed_cluster(caller, cluster_id)?;
        cluster.pending_manager = Some(new_manager);
        self.clusters.insert(cluster_id, &cluster);
        Ok(ClusterManagerOffered {
            cluster_id,
            manager: caller,
            new_manager,
        })
    }

    /// Accept a cluster offered to `caller`.
    pub fn cluster_accept_manager(
        &mut self,
        caller: AccountId,
        cluster_id: ClusterId,
    ) -> Result<ClusterManagerAccepted> {
        let mut cluster = self.cluster(cluster_id)?;
        if cluster.pending_manager != Some(caller) {
            return Err(Error::OnlyPendingManager);
        }
        let previous_manager = cluster.manager;
        self.clusters_by_manager
            .transfer(previous_manager, caller, cluster_id)?;
        cluster.manager = caller;
        cluster.pending_manager = None;
        self.clusters.insert(cluster_id, &cluster);
        Ok(ClusterManagerAccepted {
            cluster_id,
            previous_manager,
            manager: caller,
        })
    }

    /// Remove a cluster with no nodes, no buckets and no undistributed revenues. Manager only.
    pub fn cluster_remove(
        &mut self,
        caller: AccountId,
        cluster_id: ClusterId,
    ) -> Result<ClusterRemoved> {
        let cluster = self.managed_cluster(caller, cluster_id)?;
        if !cluster.nodes.is_empty() || cluster.bucket_count > 0 || cluster.revenues > 0 {
            return Err(Error::ClusterIsNotEmpty);
        }
        self.clusters.remove(cluster_id);
        self.cluster_params.remove(cluster_id);
        self.clusters_by_manager.remove(caller, cluster_id);
        Ok(ClusterRemoved {
            cluster_id,
            manager: caller,
        })
    }

    /// Split the cluster's revenues: the network fee to its destination, the management fee to
    /// the manager, the rest to providers pro rata to their vnodes × rent (one payout per
    /// provider). Rounding remainders stay in the revenues. A cluster without nodes pays the
    /// providers' part to its manager (there is nobody else it is owed to). Anyone may call.
    /// Returns the payouts for the caller to transfer (zero amounts left out).
    pub fn cluster_distribute_revenues(
        &mut self,
        cluster_id: ClusterId,
    ) -> Result<(Vec<(AccountId, Balance)>, RevenuesDistributed)> {
        let mut cluster = self.cluster(cluster_id)?;
        let revenues = cluster.revenues;
        let config = self.config();
        let network_fee = basis_points(revenues, config.network_fee_bp)?;
        let management_fee = basis_points(revenues, config.cluster_management_fee_bp)?;
        let rest = revenues
            .checked_sub(network_fee)
            .and_then(|rest| rest.checked_sub(management_fee))
            .ok_or(Error::Overflow)?;

        let mut payouts = Payouts::default();
        payouts.add(config.network_fee_destination, network_fee)?;
        payouts.add(cluster.manager, management_fee)?;
        if cluster.nodes.is_empty() {
            payouts.add(cluster.manager, rest)?;
        } else if cluster.total_rent > 0 {
            for key in &cluster.nodes {
                let node = self.node(*key)?;
                let share = mul_div(rest, node.rent_contribution()?, cluster.total_rent)?;
                payouts.add(node.provider, share)?;
            }
        }
        // Everything paid out beyond the two fees went to providers (or to the manager of a
        // cluster without nodes).
        let providers_paid = payouts
            .total
            .checked_sub(network_fee)
            .and_then(|paid| paid.checked_sub(management_fee))
            .ok_or(Error::Overflow)?;
        cluster.revenues = revenues.checked_sub(payouts.total).ok_or(Error::Overflow)?;
        let mut payouts = payouts.to;
        payouts.retain(|(_, amount)| *amount > 0);
        self.clusters.insert(cluster_id, &cluster);
        Ok((
            payouts,
            RevenuesDistributed {
                cluster_id,
                network_fee,
                management_fee,
                providers_paid,
                remainder: cluster.revenues,
            },
        ))
    }

    /// A cluster's full view: record, nodes with vnodes and statuses, and params.
    pub fn cluster_get(&self, cluster_id: ClusterId) -> Result<(ClusterInfo, Params)> {
        let cluster = self.cluster(cluster_id)?;
        let mut nodes = Vec::with_capacity(cluster.nodes.len());
        for key in &cluster.nodes {
            let node = self.node(*key)?;
            nodes.push(ClusterNodeInfo {
                node_key: *key,
                status: node.status,
                v_nodes: node.v_nodes,
            });
        }
        let params = self.cluster_params.get(cluster_id).unwrap_or_default();
        Ok((cluster_info(cluster_id, cluster, nodes), params))
    }

    /// A page of clusters (all by id, or one manager's) without nodes and params, and the total.
    /// Unfiltered, the page covers ids `offset + 1 ..= offset + limit` (removed ids are skipped)
    /// and the total is the number of ids ever created.
    pub fn cluster_list(
        &self,
        offset: u32,
        limit: u32,
        filter_manager: Option<AccountId>,
    ) -> Result<(Vec<ClusterInfo>, u32)> {
        check_limit(limit)?;
        let (ids, total) = match filter_manager {
            Some(manager) => self.clusters_by_manager.page(manager, offset, limit)?,
            None => id_range(offset, limit, self.config().last_cluster_id),
        };
        let mut page = Vec::new();
        for id in ids {
            if let Some(cluster) = self.clusters.get(id) {
                page.push(cluster_info(id, cluster, Vec::new()));
            }
        }
        Ok((page, total))
    }
}

fn cluster_info(
    cluster_id: ClusterId,
    cluster: Cluster,
    nodes: Vec<ClusterNodeInfo>,
) -> ClusterInfo {
    ClusterInfo {
        cluster_id,
        manager: cluster.manager,
        pending_manager: cluster.pending_manager,
        resource_per_vnode: cluster.resource_per_vnode,
        resource_used: cluster.resource_used,
        total_rent: cluster.total_rent,
        v_node_count: cluster.v_node_count,
        revenues: cluster.revenues,
        nodes,
    }
}

/// The transfers of one distribution: one per account, in order of first mention.
#[derive(Default)]
struct Payouts {
    to: Vec<(AccountId, Balance)>,
    total: Balance,
}

impl Payouts {
    /// Add `amount` to `to`'s payout.
    #[inline(never)]
    fn add(&mut self, to: AccountId, amount: Balance) -> Result<()> {
        self.total = self.total.checked_add(amount).ok_or(Error::Overflow)?;
        match self.to.iter_mut().find(|(account, _)| *account == to) {
            Some((_, sum)) => *sum = sum.checked_add(amount).ok_or(Error::Overflow)?,
            None => self.to.push((to, amount)),
        }
        Ok(())
    }
}

/// Ids `offset + 1 ..= min(offset + limit, last)` and `last` as the total.
pub(crate) fn id_range(offset: u32, limit: u32, last: u32) -> (Vec<u32>, u32) {
    let mut ids = Vec::new();
    let mut id = offset;
    while id < offset.saturating_add(limit).min(last) {
        id = id.saturating_add(1);
        ids.push(id);
    }
    (ids, last)
}

/// `amount` × `bp` / 10 000, floored.
fn basis_points(amount: Balance, bp: u32) -> Result<Balance> {
    mul_div(amount, Balance::from(bp), Balance::from(BASIS_POINTS))
}

/// `amount` × `numerator` / `denominator`, floored, without overflowing when the result fits.
fn mul_div(amount: Balance, numerator: Balance, denominator: Balance) -> Result<Balance> {
    let (whole, part) = div_rem(amount, denominator)?;
    let (part, _) = div_rem(mul(part, numerator)?, denominator)?;
    mul(whole, numerator)?
        .checked_add(part)
        .ok_or(Error::Overflow)
}
