//! Nodes: registered by providers, admitted into clusters by trusted managers.

use crate::core::{check_params, mul, require, Core, EVERY_NODE};
use crate::events::{
    ManagerTrustChanged, NodeCapacityChanged, NodeCreated, NodeParamsChanged, NodeRemoved,
    NodeRentChanged,
};
use crate::index::check_limit;
use crate::rent::{add, points, RentStep};
use ddc_types::{
    AccountId, Balance, ClusterId, Error, NodeInfo, NodeKey, NodeStatusInCluster, Params,
    PendingRent, Permission, Resource, Result, VNodeToken, MAX_RENT_PER_MONTH,
};
use ink::prelude::vec::Vec;

/// A node's stored record (its params are kept apart, so cluster work never loads them).
#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Node {
    pub provider: AccountId,
    pub capacity: Resource,
    /// The rent its cluster charges for it (see `pending_rent`).
    pub rent_per_month: Balance,
    /// An announced increase, only while the node is in a cluster (its cluster holds the
    /// matching [`RentStep`]); applied by the cluster when due.
    pub pending_rent: Option<PendingRent>,
    pub cluster_id: Option<ClusterId>,
    pub status: NodeStatusInCluster,
    pub v_nodes: Vec<VNodeToken>,
    /// Points earned in its cluster since the last distribution, up to `earned_at`.
    pub earned: u128,
    /// The cluster's usage index at which `earned` was last brought up to date.
    pub earned_at: u128,
}

impl Node {
    /// Number of vnodes as a count usable in arithmetic.
    pub fn v_node_count(&self) -> u32 {
        u32::try_from(self.v_nodes.len()).unwrap_or(u32::MAX)
    }

    /// The rent this node contributes to its cluster: vnodes × rent.
    pub fn rent_contribution(&self) -> Result<Balance> {
        rent_of(self.v_node_count(), self.rent_per_month)
    }

    /// Add the points earned at the current contribution up to the cluster's usage index
    /// `usage` (call before the contribution changes).
    #[inline(never)]
    pub fn earn(&mut self, usage: u128) -> Result<()> {
        let delta = usage.saturating_sub(self.earned_at);
        self.earned = add(self.earned, points(delta, self.rent_contribution()?)?)?;
        self.earned_at = self.earned_at.max(usage);
        Ok(())
    }

    /// The cluster step that brings `pending` (this node's announced rent) into force at the
    /// node's current vnodes.
    #[inline(never)]
    pub fn step(&self, node_key: NodeKey, pending: PendingRent) -> RentStep {
        let rise = pending.rent_per_month.saturating_sub(self.rent_per_month);
        RentStep {
            at_ms: pending.from_ms,
            account: node_key,
            // ≤ 16 vnodes × MAX_RENT_PER_MONTH: no overflow.
            amount: Balance::from(self.v_node_count()).saturating_mul(rise),
        }
    }

    /// The node as of `now`: a pending rent that is due is in force.
    #[inline(never)]
    pub fn at(mut self, now: u64) -> Self {
        if let Some(pending) = self.pending_rent.filter(|p| p.from_ms <= now) {
            self.rent_per_month = pending.rent_per_month;
            self.pending_rent = None;
        }
        self
    }
}

/// Fail with `RentTooHigh` above [`MAX_RENT_PER_MONTH`].
fn check_rent(rent_per_month: Balance) -> Result<()> {
    if rent_per_month > MAX_RENT_PER_MONTH {
        return Err(Error::RentTooHigh);
    }
    Ok(())
}

/// Rent of `v_nodes` vnodes at `rent_per_month` each.
pub fn rent_of(v_nodes: u32, rent_per_month: Balance) -> Result<Balance> {
    mul(Balance::from(v_nodes), rent_per_month)
}

/// Resource `v_nodes` vnodes reserve at `resource_per_vnode` each.
pub fn reserved_by(v_nodes: u32, resource_per_vnode: Resource) -> Result<Resource> {
    v_nodes
        .checked_mul(resource_per_vnode)
        .ok_or(Error::InsufficientNodeCapacity)
}

impl Core {
    /// The node, or `NodeDoesNotExist`.
    pub(crate) fn node(&self, node_key: NodeKey) -> Result<Node> {
        self.nodes.get(node_key).ok_or(Error::NodeDoesNotExist)
    }

    /// The node, if `caller` is its provider.
    fn provided_node(&self, caller: AccountId, node_key: NodeKey) -> Result<Node> {
        let node = self.node(node_key)?;
        require(caller, node.provider, Error::OnlyNodeProvider)?;
        Ok(node)
    }

    /// Register a node; `caller` becomes its provider.
    pub fn node_create(
        &mut self,
        caller: AccountId,
        node_key: NodeKey,
        params: Params,
        capacity: Resource,
        rent_per_month: Balance,
    ) -> Result<NodeCreated> {
        check_params(&params)?;
        check_rent(rent_per_month)?;
        if self.nodes.contains(node_key) {
            return Err(Error::NodeAlreadyExists);
        }
        self.nodes_all.insert(EVERY_NODE, node_key)?;
        self.nodes_by_provider.insert(caller, node_key)?;
        let node = Node {
            provider: caller,
            capacity,
            rent_per_month,
            pending_rent: None,
            cluster_id: None,
            status: NodeStatusInCluster::default(),
            v_nodes: Vec::new(),
            earned: 0,
            earned_at: 0,
        };
        self.nodes.insert(node_key, &node);
        self.node_params.insert(node_key, &params);
        Ok(NodeCreated {
            node_key,
            provider: caller,
            capacity,
            rent_per_month,
        })
    }

    /// Replace a node's params. Provider only.
    pub fn node_change_params(
        &mut self,
        caller: AccountId,
        node_key: NodeKey,
        params: Params,
    ) -> Result<NodeParamsChanged> {
        check_params(&params)?;
        self.provided_node(caller, node_key)?;
        self.node_params.insert(node_key, &params);
        Ok(NodeParamsChanged { node_key })
    }

    /// Change a node's rent. Provider only; at most [`MAX_RENT_PER_MONTH`]. Outside a cluster,
    /// and for a decrease (or no change) inside one, the rent applies at once (cancelling any
    /// pending increase). An increase inside a cluster applies from `now` + the unbonding period
    /// (so apps can free their resource first), replacing any pending increase.
    pub fn node_change_rent(
        &mut self,
        caller: AccountId,
        node_key: NodeKey,
        rent_per_month: Balance,
        now: u64,
    ) -> Result<NodeRentChanged> {
        check_rent(rent_per_month)?;
        let mut node = self.provided_node(caller, node_key)?;
        let mut from_ms = now;
        if let Some(cluster_id) = node.cluster_id {
            let mut cluster = self.cluster_at(cluster_id, now)?;
            // Reloaded: bringing the cluster to `now` may have applied its pending rent.
            node = self.node(node_key)?;
            let ledger = &mut cluster.ledger;
            ledger.unschedule(node_key);
            node.pending_rent = None;
            let in_force = node.rent_per_month;
            node.earn(ledger.usage_index)?;
            if rent_per_month > in_force {
                from_ms = now.saturating_add(self.config().unbonding_period_ms);
                let pending = PendingRent {
                    rent_per_month,
                    from_ms,
                };
                node.pending_rent = Some(pending);
                ledger.schedule(node.step(node_key, pending));
            } else {
                let less = in_force.saturating_sub(rent_per_month);
                ledger.reprice(rent_of(node.v_node_count(), less)?, 0)?;
            }
            self.clusters.insert(cluster_id, &cluster);
        }
        if node.pending_rent.is_none() {
            node.rent_per_month = rent_per_month;
        }
        self.nodes.insert(node_key, &node);
        Ok(NodeRentChanged {
            node_key,
            rent_per_month,
            from_ms,
        })
    }

    /// Change a node's capacity; refused below what its cluster's vnodes reserve. Provider only.
    pub fn node_change_capacity(
        &mut self,
        caller: AccountId,
        node_key: NodeKey,
        capacity: Resource,
    ) -> Result<NodeCapacityChanged> {
        let mut node = self.provided_node(caller, node_key)?;
        if let Some(cluster_id) = node.cluster_id {
            let cluster = self.cluster(cluster_id)?;
            if reserved_by(node.v_node_count(), cluster.resource_per_vnode)? > capacity {
                return Err(Error::InsufficientNodeCapacity);
            }
        }
        node.capacity = capacity;
        self.nodes.insert(node_key, &node);
        Ok(NodeCapacityChanged { node_key, capacity })
    }

    /// Deregister a node that is in no cluster. Provider only.
    pub fn node_remove(&mut self, caller: AccountId, node_key: NodeKey) -> Result<NodeRemoved> {
        let node = self.provided_node(caller, node_key)?;
        if node.cluster_id.is_some() {
            return Err(Error::NodeIsInCluster);
        }
        self.nodes.remove(node_key);
        self.node_params.remove(node_key);
        self.nodes_all.remove(EVERY_NODE, node_key);
        self.nodes_by_provider.remove(caller, node_key);
        Ok(NodeRemoved {
            node_key,
            provider: caller,
        })
    }

    /// `caller` (a provider) lets `manager` add its nodes to the manager's clusters, or
    /// withdraws that consent. Nodes already in clusters stay there.
    pub fn node_set_trust(
        &mut self,
        caller: AccountId,
        manager: AccountId,
        trusted: bool,
    ) -> Result<ManagerTrustChanged> {
        let key = (manager, Permission::ClusterManagerTrustedBy(caller));
        if trusted {
            self.permissions.insert(key, &());
        } else {
            self.permissions.remove(key);
        }
        Ok(ManagerTrustChanged {
            provider: caller,
            manager,
            trusted,
        })
    }

    /// Whether `provider` lets `manager` add its nodes (a provider always trusts itself).
    pub(crate) fn trusts(&self, provider: AccountId, manager: AccountId) -> bool {
        provider == manager
            || self.has_permission(manager, Permission::ClusterManagerTrustedBy(provider))
    }

    /// A node's public view as of `now` (the rent in force then, and any pending increase).
    pub fn node_get(&self, node_key: NodeKey, now: u64) -> Result<(NodeInfo, Params)> {
        let node = self.node(node_key)?;
        let params = self.node_params.get(node_key).unwrap_or_default();
        Ok((self.node_info(node_key, node.at(now))?, params))
    }

    fn node_info(&self, node_key: NodeKey, node: Node) -> Result<NodeInfo> {
        let reserved = match node.cluster_id {
            Some(cluster_id) => reserved_by(
                node.v_node_count(),
                self.cluster(cluster_id)?.resource_per_vnode,
            )?,
            None => 0,
        };
        Ok(NodeInfo {
            node_key,
            provider: node.provider,
            capacity: node.capacity,
            free_resource: node.capacity.saturating_sub(reserved),
            rent_per_month: node.rent_per_month,
            pending_rent: node.pending_rent,
            cluster_id: node.cluster_id,
            status_in_cluster: node.status,
            v_nodes: node.v_nodes,
        })
    }

    /// A page of nodes (all, or one provider's) without params as of `now`, and the total.
    pub fn node_list(
        &self,
        offset: u32,
        limit: u32,
        filter_provider: Option<AccountId>,
        now: u64,
    ) -> Result<(Vec<NodeInfo>, u32)> {
        check_limit(limit)?;
        let (keys, total) = match filter_provider {
            Some(provider) => self.nodes_by_provider.page(provider, offset, limit)?,
            None => self.nodes_all.page(EVERY_NODE, offset, limit)?,
        };
        let mut page = Vec::with_capacity(keys.len());
        for key in keys {
            page.push(self.node_info(key, self.node(key)?.at(now))?);
        }
        Ok((page, total))
    }
}
