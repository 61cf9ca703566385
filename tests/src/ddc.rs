//! Typed helpers for the core contract (`ddc_bucket`) on top of [`Suite`]: each sends the
//! message its name says through the core's call builder ([`Ddc::core`]).

use crate::{admin, contract, ink_id, BundleProvider, Message, Suite};
use ddc_bucket::DdcBucketRef;
use ddc_types::{
    AccountInfo, BucketId, BucketInfo, ClusterId, ClusterInfo, ClusterManagement, Error, NodeInfo,
    NodeStatusInCluster, Params, Permission, Resource, MAX_RATE_UPDATE_FACTOR,
    MIN_RATE_UPDATE_INTERVAL_MS,
};
use drink::sandbox_api::prelude::TimestampAPI;
use drink::AccountId32;
use ink::codegen::TraitCallBuilder;

/// Result of a core message.
pub type CoreResult<T> = Result<T, Error>;

/// A suite with the core deployed by [`admin`].
pub struct Ddc {
    pub suite: Suite,
    pub address: AccountId32,
}

impl Default for Ddc {
    fn default() -> Self {
        Self::new()
    }
}

/// Vnode tokens as a transcoder argument.
pub fn tokens(v_nodes: &[u64]) -> String {
    format!("{v_nodes:?}")
}

fn opt(account: Option<&AccountId32>) -> Option<ink::primitives::AccountId> {
    account.map(ink_id)
}

impl Ddc {
    /// A fresh sandbox with the core deployed by [`admin`] at chain time 0.
    ///
    /// The core's exchange-rate clock starts at its deployment: no rent accrues before it. The
    /// sandbox's own clock reads the host's time in seconds (≈ 1.7·10^9 "ms"), later than the
    /// times scenarios set afterwards, so the core is deployed at time 0, before any of them.
    /// (Only the timestamp of the current block is set: no block is built.)
    pub fn new() -> Self {
        let mut suite = Suite::new();
        suite.session.sandbox().set_timestamp(0);
        let address = suite.deploy_typed(BundleProvider::DdcBucket, &admin(), DdcBucketRef::new());
        Self { suite, address }
    }

    /// The core's typed reference: `ddc.core().call_mut().<message>(..)` makes a [`Message`]
    /// for [`Ddc::send`] (the `ClusterManagement` messages need that trait in scope).
    pub fn core(&self) -> DdcBucketRef {
        contract(&self.address)
    }

    /// Send a core message returning `Result<T, Error>` as `caller`.
    pub fn send<Args: scale::Encode, T: scale::Decode>(
        &mut self,
        caller: &AccountId32,
        message: Message<Args, CoreResult<T>>,
    ) -> CoreResult<T> {
        self.suite.send(caller, message)
    }

    /// Call a core message by name with transcoder arguments, returning `Result<T, Error>`, as
    /// `caller`: for input no call builder can make, and the deploy tool's raw calls (the tests
    /// send typed messages, [`Ddc::send`]).
    pub fn tx<T: scale::Decode>(
        &mut self,
        caller: &AccountId32,
        message: &str,
        args: &[String],
    ) -> CoreResult<T> {
        let address = self.address.clone();
        self.suite.tx(caller, &address, message, args)
    }

    /// Events of type `E` the core emitted during the last call.
    pub fn events<E: ink::env::Event + scale::Decode>(&self) -> Vec<E> {
        self.suite.events(&self.address)
    }

    /// Number of events the core emitted during the last call.
    pub fn event_count(&self) -> usize {
        self.suite.event_count(&self.address)
    }

    // ----- nodes

    pub fn node_create(
        &mut self,
        provider: &AccountId32,
        key: &AccountId32,
        capacity: Resource,
        rent: u128,
    ) -> CoreResult<()> {
        let message = self.core().call_mut().node_create(
            ink_id(key),
            "{\"url\":\"https://n\"}".into(),
            capacity,
            rent,
        );
        self.send(provider, message)
    }

    pub fn node_trust_manager(
        &mut self,
        provider: &AccountId32,
        manager: &AccountId32,
    ) -> CoreResult<()> {
        let message = self.core().call_mut().node_trust_manager(ink_id(manager));
        self.send(provider, message)
    }

    /// The provider changes its node's rent (an increase inside a cluster applies after the
    /// notice period).
    /// The provider withdraws its trust from `manager` (its nodes can no longer be added to
    /// `manager`'s clusters).
    pub fn node_distrust_manager(
        &mut self,
        provider: &AccountId32,
        manager: &AccountId32,
    ) -> CoreResult<()> {
        let message = self
            .core()
            .call_mut()
            .node_distrust_manager(ink_id(manager));
        self.send(provider, message)
    }

    pub fn node_change_rent(
        &mut self,
        provider: &AccountId32,
        key: &AccountId32,
        rent: u128,
    ) -> CoreResult<()> {
        let message = self.core().call_mut().node_change_rent(ink_id(key), rent);
        self.send(provider, message)
    }

    pub fn node_get(&mut self, key: &AccountId32) -> CoreResult<(NodeInfo, Params)> {
        let message = self.core().call().node_get(ink_id(key));
        self.send(&admin(), message)
    }

    pub fn node(&mut self, key: &AccountId32) -> NodeInfo {
        self.node_get(key).expect("node exists").0
    }

    pub fn node_list(
        &mut self,
        offset: u32,
        limit: u32,
        provider: Option<&AccountId32>,
    ) -> CoreResult<(Vec<NodeInfo>, u32)> {
        let message = self.core().call().node_list(offset, limit, opt(provider));
        self.send(&admin(), message)
    }

    // ----- clusters

    pub fn cluster_create(
        &mut self,
        manager: &AccountId32,
        resource_per_vnode: Resource,
    ) -> CoreResult<ClusterId> {
        let message = self
            .core()
            .call_mut()
            .cluster_create("{}".into(), resource_per_vnode);
        self.send(manager, message)
    }

    pub fn cluster_add_node(
        &mut self,
        manager: &AccountId32,
        cluster: ClusterId,
        key: &AccountId32,
        v_nodes: &[u64],
    ) -> CoreResult<()> {
        let message =
            self.core()
                .call_mut()
                .cluster_add_node(cluster, ink_id(key), v_nodes.to_vec());
        self.send(manager, message)
    }

    pub fn cluster_remove_node(
        &mut self,
        caller: &AccountId32,
        cluster: ClusterId,
        key: &AccountId32,
    ) -> CoreResult<()> {
        let message = self
            .core()
            .call_mut()
            .cluster_remove_node(cluster, ink_id(key));
        self.send(caller, message)
    }

    pub fn cluster_replace_node(
        &mut self,
        manager: &AccountId32,
        cluster: ClusterId,
        v_nodes: &[u64],
        new_key: &AccountId32,
    ) -> CoreResult<()> {
        let message =
            self.core()
                .call_mut()
                .cluster_replace_node(cluster, v_nodes.to_vec(), ink_id(new_key));
        self.send(manager, message)
    }

    pub fn cluster_set_node_status(
        &mut self,
        manager: &AccountId32,
        cluster: ClusterId,
        key: &AccountId32,
        status: NodeStatusInCluster,
    ) -> CoreResult<()> {
        let message = self
            .core()
            .call_mut()
            .cluster_set_node_status(cluster, ink_id(key), status);
        self.send(manager, message)
    }

    pub fn cluster_transfer_manager(
        &mut self,
        manager: &AccountId32,
        cluster: ClusterId,
        new_manager: &AccountId32,
    ) -> CoreResult<()> {
        let message = self
            .core()
            .call_mut()
            .cluster_transfer_manager(cluster, ink_id(new_manager));
        self.send(manager, message)
    }

    pub fn cluster_accept_manager(
        &mut self,
        caller: &AccountId32,
        cluster: ClusterId,
    ) -> CoreResult<()> {
        let message = self.core().call_mut().cluster_accept_manager(cluster);
        self.send(caller, message)
    }

    /// The manager evicts `bucket` from `cluster` (its owner no longer covers its rent).
    pub fn cluster_evict_bucket(
        &mut self,
        manager: &AccountId32,
        cluster: ClusterId,
        bucket: BucketId,
    ) -> CoreResult<()> {
        let message = self.core().call_mut().cluster_evict_bucket(cluster, bucket);
        self.send(manager, message)
    }

    pub fn cluster_remove(&mut self, manager: &AccountId32, cluster: ClusterId) -> CoreResult<()> {
        let message = self.core().call_mut().cluster_remove(cluster);
        self.send(manager, message)
    }

    pub fn cluster_get(&mut self, cluster: ClusterId) -> CoreResult<(ClusterInfo, Params)> {
        let message = self.core().call().cluster_get(cluster);
        self.send(&admin(), message)
    }

    pub fn cluster(&mut self, cluster: ClusterId) -> ClusterInfo {
        self.cluster_get(cluster).expect("cluster exists").0
    }

    pub fn cluster_list(
        &mut self,
        offset: u32,
        limit: u32,
        manager: Option<&AccountId32>,
    ) -> CoreResult<(Vec<ClusterInfo>, u32)> {
        let message = self.core().call().cluster_list(offset, limit, opt(manager));
        self.send(&admin(), message)
    }

    // ----- buckets

    pub fn bucket_create(
        &mut self,
        owner: &AccountId32,
        cluster: ClusterId,
    ) -> CoreResult<BucketId> {
        let message = self
            .core()
            .call_mut()
            .bucket_create("{\"replication\":3}".into(), cluster);
        self.send(owner, message)
    }

    pub fn bucket_alloc(
        &mut self,
        owner: &AccountId32,
        bucket: BucketId,
        resource: Resource,
    ) -> CoreResult<()> {
        let message = self
            .core()
            .call_mut()
            .bucket_alloc_into_cluster(bucket, resource);
        self.send(owner, message)
    }

    pub fn bucket_free(
        &mut self,
        owner: &AccountId32,
        bucket: BucketId,
        resource: Resource,
    ) -> CoreResult<()> {
        let message = self
            .core()
            .call_mut()
            .bucket_free_resource(bucket, resource);
        self.send(owner, message)
    }

    pub fn bucket_close(&mut self, owner: &AccountId32, bucket: BucketId) -> CoreResult<()> {
        let message = self.core().call_mut().bucket_close(bucket);
        self.send(owner, message)
    }

    pub fn bucket_get(&mut self, bucket: BucketId) -> CoreResult<(BucketInfo, Params)> {
        let message = self.core().call().bucket_get(bucket);
        self.send(&admin(), message)
    }

    pub fn bucket(&mut self, bucket: BucketId) -> BucketInfo {
        self.bucket_get(bucket).expect("bucket exists").0
    }

    pub fn bucket_list(
        &mut self,
        offset: u32,
        limit: u32,
        owner: Option<&AccountId32>,
    ) -> CoreResult<(Vec<BucketInfo>, u32)> {
        let message = self.core().call().bucket_list(offset, limit, opt(owner));
        self.send(&admin(), message)
    }

    // ----- money

    /// `who` deposits `amount` native units to its own account.
    pub fn deposit(&mut self, who: &AccountId32, amount: u128) -> CoreResult<()> {
        let message = self
            .core()
            .call_mut()
            .account_deposit()
            .transferred_value(amount);
        self.send(who, message)
    }

    pub fn account(&mut self, who: &AccountId32) -> AccountInfo {
        let message = self.core().call().account_get(ink_id(who));
        self.send(&admin(), message).expect("account_get")
    }

    pub fn settle(&mut self, caller: &AccountId32, bucket: BucketId) -> CoreResult<()> {
        let message = self.core().call_mut().bucket_settle_payment(bucket);
        self.send(caller, message)
    }

    pub fn distribute(&mut self, caller: &AccountId32, cluster: ClusterId) -> CoreResult<()> {
        let message = self.core().call_mut().cluster_distribute_revenues(cluster);
        self.send(caller, message)
    }

    pub fn unbond(&mut self, who: &AccountId32, amount: u128) -> CoreResult<()> {
        let message = self.core().call_mut().account_unbond(amount);
        self.send(who, message)
    }

    pub fn withdraw_unbonded(&mut self, who: &AccountId32) -> CoreResult<()> {
        let message = self.core().call_mut().account_withdraw_unbonded();
        self.send(who, message)
    }

    /// Set the exchange rate as the admin (USD units per CERE; `ddc_types::UNIT` = 1 USD).
    pub fn set_rate(&mut self, usd_per_cere: u128) -> CoreResult<()> {
        let message = self
            .core()
            .call_mut()
            .account_set_usd_per_cere(usd_per_cere);
        self.send(&admin(), message)
    }

    /// The exchange rate now (USD units per CERE).
    pub fn rate(&mut self) -> u128 {
        let message = self.core().call().account_get_usd_per_cere();
        self.suite.send(&admin(), message)
    }

    /// Move the exchange rate to `target` as the admin in legal steps (each at most a factor
    /// [`MAX_RATE_UPDATE_FACTOR`], one every [`MIN_RATE_UPDATE_INTERVAL_MS`]), the first at
    /// chain time `from_ms`. Returns the time of the last update.
    pub fn walk_rate(&mut self, target: u128, from_ms: u64) -> u64 {
        let mut at = from_ms;
        loop {
            let current = self.rate();
            let next = if target < current {
                target.max(current.div_ceil(MAX_RATE_UPDATE_FACTOR))
            } else {
                target.min(current * MAX_RATE_UPDATE_FACTOR)
            };
            self.suite.set_time(at);
            self.set_rate(next).expect("a legal rate step");
            if next == target {
                return at;
            }
            at += MIN_RATE_UPDATE_INTERVAL_MS;
        }
    }

    /// `who` deposits `amount` native units to `owner`'s account.
    pub fn deposit_for(
        &mut self,
        who: &AccountId32,
        owner: &AccountId32,
        amount: u128,
    ) -> CoreResult<()> {
        let message = self
            .core()
            .call_mut()
            .account_deposit_for(ink_id(owner))
            .transferred_value(amount);
        self.send(who, message)
    }

    // ----- administration

    /// Whether `grantee` holds `permission`.
    pub fn has_permission(&mut self, grantee: &AccountId32, permission: Permission) -> bool {
        let message = self
            .core()
            .call()
            .has_permission(ink_id(grantee), permission);
        self.suite.send(&admin(), message)
    }

    /// `caller` grants `permission` to `grantee`.
    pub fn grant_permission(
        &mut self,
        caller: &AccountId32,
        grantee: &AccountId32,
        permission: Permission,
    ) -> CoreResult<()> {
        let message = self
            .core()
            .call_mut()
            .admin_grant_permission(ink_id(grantee), permission);
        self.send(caller, message)
    }

    /// `caller` revokes `permission` from `grantee`.
    pub fn revoke_permission(
        &mut self,
        caller: &AccountId32,
        grantee: &AccountId32,
        permission: Permission,
    ) -> CoreResult<()> {
        let message = self
            .core()
            .call_mut()
            .admin_revoke_permission(ink_id(grantee), permission);
        self.send(caller, message)
    }

    /// The fee configuration: network fee (bp), its destination, management fee (bp).
    pub fn fee_config(&mut self) -> (u32, ink::primitives::AccountId, u32) {
        let message = self.core().call().admin_get_fee_config();
        self.suite.send(&admin(), message)
    }

    /// `caller` sets the unbonding period (ms).
    pub fn set_unbonding_period(&mut self, caller: &AccountId32, period_ms: u64) -> CoreResult<()> {
        let message = self.core().call_mut().admin_set_unbonding_period(period_ms);
        self.send(caller, message)
    }

    /// The unbonding period (ms).
    pub fn unbonding_period(&mut self) -> u64 {
        let message = self.core().call().admin_get_unbonding_period();
        self.suite.send(&admin(), message)
    }

    /// `caller` replaces the core's code with the uploaded code of `code_hash`.
    pub fn set_code(&mut self, caller: &AccountId32, code_hash: &[u8]) -> CoreResult<()> {
        let hash: [u8; 32] = code_hash.try_into().expect("a code hash is 32 bytes");
        let message = self
            .core()
            .call_mut()
            .admin_set_code(ink::primitives::Hash::from(hash));
        self.send(caller, message)
    }

    /// Set fees as the admin: network fee (bp) to `destination`, management fee (bp).
    pub fn set_fees(
        &mut self,
        network_bp: u32,
        destination: &AccountId32,
        management_bp: u32,
    ) -> CoreResult<()> {
        let message = self.core().call_mut().admin_set_fee_config(
            network_bp,
            ink_id(destination),
            management_bp,
        );
        self.send(&admin(), message)
    }

    /// Native balance of the core contract's account.
    pub fn contract_balance(&mut self) -> u128 {
        let address = self.address.clone();
        self.suite.balance(&address)
    }
}
