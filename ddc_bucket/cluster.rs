//! Clusters: a manager's set of nodes whose vnodes form a hash ring that buckets allocate into.
//!
//! Each vnode reserves `resource_per_vnode` on its node; a bucket's allocation of r units is held
//! on every vnode, so a cluster can allocate at most `resource_per_vnode` in total and its rent is
//! `total_rent` (Σ over vnodes of the holding node's rent) per allocated unit. The money side —
//! rent index, rent increases, earnings, revenues — is the cluster's [`Ledger`] (`rent.rs`).

use crate::core::{check_params, next_id, require, Core};
use crate::events::{
    ClusterCreated, ClusterManagerAccepted, ClusterManagerOffered, ClusterNodeAdded,
    ClusterNodeRemoved, ClusterNodeReplaced, ClusterNodeStatusSet, ClusterParamsChanged,
    ClusterRemoved, ClusterResourcePerVnodeSet, RevenuesDistributed,
};
use crate::index::check_limit;
use crate::node::{reserved_by, Node};
use crate::rent::add;
use crate::rent::{mul_div, share, Clock, Ledger};
use ddc_types::{
    AccountId, Balance, ClusterId, ClusterInfo, ClusterNodeInfo, Error, NodeKey,
    NodeStatusInCluster, Params, Resource, Result, VNodeToken, BASIS_POINTS, MAX_NODES_PER_CLUSTER,
    MAX_VNODES_PER_NODE,
};
use ink::prelude::vec::Vec;

/// A cluster's stored record (params kept apart).
#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Cluster {
    pub manager: AccountId,
    pub pending_manager: Option<AccountId>,
    pub resource_per_vnode: Resource,
    pub v_node_count: u32,
    pub nodes: Vec<NodeKey>,
    /// Prices, indexes, earnings of departed nodes and revenues.
    pub ledger: Ledger,
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

    /// The cluster brought to `now`: its due rent increases applied to it and to their nodes
    /// (both stored at once: this changes no amount, it only writes down what time did) and its
    /// indexes grown to `now`. The caller stores any further change.
    pub(crate) fn cluster_at(&mut self, cluster_id: ClusterId, now: u64) -> Result<Cluster> {
        let mut cluster = self.cluster(cluster_id)?;
        let clock = self.clock();
        let mut applied = false;
        while let Some((step, usage)) = self.advance(&mut cluster.ledger, &clock, now)? {
            let mut node = self.node(step.account)?;
            node.earn(usage)?;
            self.nodes.insert(step.account, &node.at(step.at_ms));
            applied = true;
        }
        if applied {
            self.clusters.insert(cluster_id, &cluster);
        }
        Ok(cluster)
    }

    /// The cluster as of `now`, without writing (due increases in force).
    #[inline(never)]
    pub(crate) fn cluster_view(
        &self,
        cluster_id: ClusterId,
        clock: &Clock,
        now: u64,
    ) -> Result<Cluster> {
        let mut cluster = self.cluster(cluster_id)?;
        while self.advance(&mut cluster.ledger, clock, now)?.is_some() {}
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
        let clock = self.clock();
        let cluster = Cluster {
            manager: caller,
            pending_manager: None,
            resource_per_vnode,
            v_node_count: 0,
            nodes: Vec::new(),
            ledger: Ledger::new(self.clock_at(&clock, now)?, now),
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
    /// the manager; the node must be in no cluster; tokens new to the cluster; capacity enough;
    /// the cluster's nodes and the providers of departed nodes not yet paid count together
    /// against [`MAX_NODES_PER_CLUSTER`]. The node earns from `now` on.
    pub fn cluster_add_node(
        &mut self,
        caller: AccountId,
        cluster_id: ClusterId,
        node_key: NodeKey,
        v_nodes: Vec<VNodeToken>,
        now: u64,
    ) -> Result<ClusterNodeAdded> {
        let mut cluster = self.cluster_at(cluster_id, now)?;
        require(caller, cluster.manager, Error::OnlyClusterManager)?;
        let mut node = self.node(node_key)?;
        if node.cluster_id.is_some() {
            return Err(Error::NodeIsInCluster);
        }
        if !self.trusts(node.provider, cluster.manager) {
            return Err(Error::ProviderDoesNotTrustManager);
        }
        if cluster
            .nodes
            .len()
            .saturating_add(cluster.ledger.departed.len())
            >= MAX_NODES_PER_CLUSTER
        {
            return Err(Error::TooManyNodesInCluster);
        }
        self.check_new_tokens(cluster_id, &v_nodes, 0)?;
        node.v_nodes = v_nodes;
        if reserved_by(node.v_node_count(), cluster.resource_per_vnode)? > node.capacity {
            return Err(Error::InsufficientNodeCapacity);
        }
        node.earned = 0;
        node.earned_at = cluster.ledger.usage_index;
        cluster.ledger.reprice(0, node.rent_contribution()?)?;
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
            total_rent: cluster.ledger.total_rent,
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

    /// Remove a node and its vnodes from the cluster. The manager, or the node's provider. The
    /// node's points so far stay with its provider until the next distribution; a pending rent
    /// increase applies at once (no cluster pays it any more).
    pub fn cluster_remove_node(
        &mut self,
        caller: AccountId,
        cluster_id: ClusterId,
        node_key: NodeKey,
        now: u64,
    ) -> Result<ClusterNodeRemoved> {
        let mut cluster = self.cluster_at(cluster_id, now)?;
        let mut node = self.member_node(cluster_id, node_key)?;
        if caller != cluster.manager && caller != node.provider {
            return Err(Error::OnlyClusterManager);
        }
        let ledger = &mut cluster.ledger;
        node.earn(ledger.usage_index)?;
        ledger.depart(node.provider, core::mem::take(&mut node.earned), now)?;
        ledger.reprice(node.rent_contribution()?, 0)?;
        ledger.unschedule(node_key);
        let mut node = node.at(u64::MAX);
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
            total_rent: cluster.ledger.total_rent,
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
        let mut cluster = self.cluster_at(cluster_id, now)?;
        require(caller, cluster.manager, Error::OnlyClusterManager)?;
        let usage = cluster.ledger.usage_index;
        let mut new_node = self.member_node(cluster_id, new_node_key)?;
        new_node.earn(usage)?;
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
                    let mut loser = self.node(holder)?;
                    loser.earn(usage)?;
                    losers.push((holder, loser));
                    losers.len().saturating_sub(1)
                }
            };
            let (_, loser) = &mut losers[at];
            if let Some(at) = loser.v_nodes.iter().position(|t| t == token) {
                loser.v_nodes.remove(at);
            }
            cluster
                .ledger
                .reprice(loser.rent_per_month, new_node.rent_per_month)?;
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
        losers.push((new_node_key, new_node));
        for (key, node) in &losers {
            // A pending increase now concerns a different number of vnodes.
            if let Some(pending) = node.pending_rent {
                cluster.ledger.schedule(node.step(*key, pending));
            }
            self.nodes.insert(*key, node);
        }
        self.clusters.insert(cluster_id, &cluster);
        Ok(ClusterNodeReplaced {
            cluster_id,
            new_node_key,
            v_nodes,
            total_rent: cluster.ledger.total_rent,
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
        if resource_per_vnode < cluster.ledger.resource_used {
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

    /// Remove a cluster with no nodes, no allocated resource and no undistributed revenues.
    /// Manager only. Buckets left in it hold no resource; their owners can still close them
    /// (a debt owed to a removed cluster is forgiven when the bucket is next settled).
    pub fn cluster_remove(
        &mut self,
        caller: AccountId,
        cluster_id: ClusterId,
    ) -> Result<ClusterRemoved> {
        let cluster = self.managed_cluster(caller, cluster_id)?;
        let ledger = &cluster.ledger;
        if !cluster.nodes.is_empty() || ledger.resource_used > 0 || ledger.revenues > 0 {
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
    /// the manager, the rest to providers in proportion to the points their nodes earned since
    /// the last distribution (departed nodes included; one payout per provider). Rounding
    /// remainders stay in the revenues, except in a cluster without nodes, where the last
    /// earner takes them (so that the cluster can be removed). Nothing is paid, not even fees,
    /// while the providers' part would be nothing (no points earned, or too little to split):
    /// their shares never go to anyone else, and the points wait for the next distribution.
    /// Anyone may call. Returns the payouts for the caller to transfer (zero amounts left out).
    pub fn cluster_distribute_revenues(
        &mut self,
        cluster_id: ClusterId,
        now: u64,
    ) -> Result<(Vec<(AccountId, Balance)>, RevenuesDistributed)> {
        let mut cluster = self.cluster_at(cluster_id, now)?;
        let mut earners = Payouts::default();
        for entry in &cluster.ledger.departed {
            earners.add(entry.account, entry.amount)?;
        }
        let mut nodes = Vec::with_capacity(cluster.nodes.len());
        for key in &cluster.nodes {
            let mut node = self.node(*key)?;
            node.earn(cluster.ledger.usage_index)?;
            earners.add(node.provider, core::mem::take(&mut node.earned))?;
            nodes.push((*key, node));
        }
        let revenues = cluster.ledger.revenues;
        let config = self.config();
        let network_fee = basis_points(revenues, config.network_fee_bp)?;
        let management_fee = basis_points(revenues, config.cluster_management_fee_bp)?;
        let rest = revenues
            .checked_sub(add(network_fee, management_fee)?)
            .ok_or(Error::Overflow)?;
        let mut payouts = Payouts::default();
        payouts.add(config.network_fee_destination, network_fee)?;
        payouts.add(cluster.manager, management_fee)?;
        let mut providers_paid = 0;
        let last = earners.to.len().saturating_sub(1);
        for (i, (provider, points)) in earners.to.iter().enumerate() {
            let mut amount = share(rest, *points, earners.total)?;
            if i == last && cluster.nodes.is_empty() {
                // Nobody earns here any more: the last earner also takes the rounding
                // remainder, so that an emptied cluster can be removed.
                amount = rest.saturating_sub(providers_paid);
            }
            providers_paid = add(providers_paid, amount)?;
            payouts.add(*provider, amount)?;
        }
        let mut event = RevenuesDistributed {
            cluster_id,
            network_fee: 0,
            management_fee: 0,
            providers_paid,
            remainder: revenues,
        };
        if providers_paid == 0 {
            // No points, or too little to split: pay nothing (no fees), keep the points.
            return Ok((Vec::new(), event));
        }
        event.network_fee = network_fee;
        event.management_fee = management_fee;
        event.remainder = revenues.checked_sub(payouts.total).ok_or(Error::Overflow)?;
        cluster.ledger.revenues = event.remainder;
        cluster.ledger.departed.clear();
        for (key, node) in &nodes {
            self.nodes.insert(*key, node);
        }
        self.clusters.insert(cluster_id, &cluster);
        let mut payouts = payouts.to;
        payouts.retain(|(_, amount)| *amount > 0);
        Ok((payouts, event))
    }

    /// A cluster's full view as of `now` (the total rent in force then): record, nodes with
    /// vnodes and statuses, and params.
    pub fn cluster_get(&self, cluster_id: ClusterId, now: u64) -> Result<(ClusterInfo, Params)> {
        let cluster = self.cluster_view(cluster_id, &self.clock(), now)?;
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

    /// A page of clusters (all by id, or one manager's) without nodes and params, and the total,
    /// as stored: a rent increase that fell due since the cluster's last write shows in
    /// `cluster_get`, not here. Unfiltered, the page covers ids `offset + 1 ..= offset + limit`
    /// (removed ids are skipped) and the total is the number of ids ever created.
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
        resource_used: cluster.ledger.resource_used,
        total_rent: cluster.ledger.total_rent,
        v_node_count: cluster.v_node_count,
        revenues: cluster.ledger.revenues,
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
    Ok(mul_div(amount, Balance::from(bp), Balance::from(BASIS_POINTS), 0)?.0)
}
