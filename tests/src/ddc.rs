//! Typed helpers for the core contract (`ddc_bucket`) on top of [`Suite`].

use crate::{admin, arg, str_arg, BundleProvider, Suite};
use ddc_types::{
    AccountInfo, BucketId, BucketInfo, ClusterId, ClusterInfo, Error, NodeInfo,
    NodeStatusInCluster, Params, Resource, MAX_RATE_UPDATE_FACTOR, MIN_RATE_UPDATE_INTERVAL_MS,
};
use drink::sandbox_api::prelude::TimestampAPI;
use drink::AccountId32;

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

fn opt(account: Option<&AccountId32>) -> String {
    account.map_or("None".into(), |a| format!("Some({})", arg(a)))
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
        let address = suite.deploy(BundleProvider::DdcBucket, &admin(), "new", &[]);
        Self { suite, address }
    }

    /// Call a core message returning `Result<T, Error>` as `caller`.
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
        self.tx(
            provider,
            "node_create",
            &[
                arg(key),
                str_arg("{\"url\":\"https://n\"}"),
                capacity.to_string(),
                rent.to_string(),
            ],
        )
    }

    pub fn node_trust_manager(
        &mut self,
        provider: &AccountId32,
        manager: &AccountId32,
    ) -> CoreResult<()> {
        self.tx(provider, "node_trust_manager", &[arg(manager)])
    }

    /// The provider changes its node's rent (an increase inside a cluster applies after the
    /// notice period).
    pub fn node_change_rent(
        &mut self,
        provider: &AccountId32,
        key: &AccountId32,
        rent: u128,
    ) -> CoreResult<()> {
        self.tx(provider, "node_change_rent", &[arg(key), rent.to_string()])
    }

    pub fn node_get(&mut self, key: &AccountId32) -> CoreResult<(NodeInfo, Params)> {
        self.tx(&admin(), "node_get", &[arg(key)])
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
        self.tx(
            &admin(),
            "node_list",
            &[offset.to_string(), limit.to_string(), opt(provider)],
        )
    }

    // ----- clusters

    pub fn cluster_create(
        &mut self,
        manager: &AccountId32,
        resource_per_vnode: Resource,
    ) -> CoreResult<ClusterId> {
        self.tx(
            manager,
            "cluster_create",
            &[str_arg("{}"), resource_per_vnode.to_string()],
        )
    }

    pub fn cluster_add_node(
        &mut self,
        manager: &AccountId32,
        cluster: ClusterId,
        key: &AccountId32,
        v_nodes: &[u64],
    ) -> CoreResult<()> {
        self.tx(
            manager,
            "ClusterManagement::cluster_add_node",
            &[cluster.to_string(), arg(key), tokens(v_nodes)],
        )
    }

    pub fn cluster_remove_node(
        &mut self,
        caller: &AccountId32,
        cluster: ClusterId,
        key: &AccountId32,
    ) -> CoreResult<()> {
        self.tx(
            caller,
            "ClusterManagement::cluster_remove_node",
            &[cluster.to_string(), arg(key)],
        )
    }

    pub fn cluster_replace_node(
        &mut self,
        manager: &AccountId32,
        cluster: ClusterId,
        v_nodes: &[u64],
        new_key: &AccountId32,
    ) -> CoreResult<()> {
        self.tx(
            manager,
            "ClusterManagement::cluster_replace_node",
            &[cluster.to_string(), tokens(v_nodes), arg(new_key)],
        )
    }

    pub fn cluster_set_node_status(
        &mut self,
        manager: &AccountId32,
        cluster: ClusterId,
        key: &AccountId32,
        status: NodeStatusInCluster,
    ) -> CoreResult<()> {
        self.tx(
            manager,
            "ClusterManagement::cluster_set_node_status",
            &[cluster.to_string(), arg(key), format!("{status:?}")],
        )
    }

    pub fn cluster_transfer_manager(
        &mut self,
        manager: &AccountId32,
        cluster: ClusterId,
        new_manager: &AccountId32,
    ) -> CoreResult<()> {
        self.tx(
            manager,
            "ClusterManagement::cluster_transfer_manager",
            &[cluster.to_string(), arg(new_manager)],
        )
    }

    pub fn cluster_accept_manager(
        &mut self,
        caller: &AccountId32,
        cluster: ClusterId,
    ) -> CoreResult<()> {
        self.tx(
            caller,
            "ClusterManagement::cluster_accept_manager",
            &[cluster.to_string()],
        )
    }

    /// The manager evicts `bucket` from `cluster` (its owner no longer covers its rent).
    pub fn cluster_evict_bucket(
        &mut self,
        manager: &AccountId32,
        cluster: ClusterId,
        bucket: BucketId,
    ) -> CoreResult<()> {
        self.tx(
            manager,
            "ClusterManagement::cluster_evict_bucket",
            &[cluster.to_string(), bucket.to_string()],
        )
    }

    pub fn cluster_remove(&mut self, manager: &AccountId32, cluster: ClusterId) -> CoreResult<()> {
        self.tx(manager, "cluster_remove", &[cluster.to_string()])
    }

    pub fn cluster_get(&mut self, cluster: ClusterId) -> CoreResult<(ClusterInfo, Params)> {
        self.tx(&admin(), "cluster_get", &[cluster.to_string()])
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
        self.tx(
            &admin(),
            "cluster_list",
            &[offset.to_string(), limit.to_string(), opt(manager)],
        )
    }

    // ----- buckets

    pub fn bucket_create(
        &mut self,
        owner: &AccountId32,
        cluster: ClusterId,
    ) -> CoreResult<BucketId> {
        self.tx(
            owner,
            "bucket_create",
            &[str_arg("{\"replication\":3}"), cluster.to_string()],
        )
    }

    pub fn bucket_alloc(
        &mut self,
        owner: &AccountId32,
        bucket: BucketId,
        resource: Resource,
    ) -> CoreResult<()> {
        self.tx(
            owner,
            "bucket_alloc_into_cluster",
            &[bucket.to_string(), resource.to_string()],
        )
    }

    pub fn bucket_free(
        &mut self,
        owner: &AccountId32,
        bucket: BucketId,
        resource: Resource,
    ) -> CoreResult<()> {
        self.tx(
            owner,
            "bucket_free_resource",
            &[bucket.to_string(), resource.to_string()],
        )
    }

    pub fn bucket_close(&mut self, owner: &AccountId32, bucket: BucketId) -> CoreResult<()> {
        self.tx(owner, "bucket_close", &[bucket.to_string()])
    }

    pub fn bucket_get(&mut self, bucket: BucketId) -> CoreResult<(BucketInfo, Params)> {
        self.tx(&admin(), "bucket_get", &[bucket.to_string()])
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
        self.tx(
            &admin(),
            "bucket_list",
            &[offset.to_string(), limit.to_string(), opt(owner)],
        )
    }

    // ----- money

    /// `who` deposits `amount` native units to its own account.
    pub fn deposit(&mut self, who: &AccountId32, amount: u128) -> CoreResult<()> {
        let address = self.address.clone();
        self.suite
            .tx_paying(who, &address, "account_deposit", &[], amount)
    }

    pub fn account(&mut self, who: &AccountId32) -> AccountInfo {
        self.tx::<AccountInfo>(&admin(), "account_get", &[arg(who)])
            .expect("account_get")
    }

    pub fn settle(&mut self, caller: &AccountId32, bucket: BucketId) -> CoreResult<()> {
        self.tx(caller, "bucket_settle_payment", &[bucket.to_string()])
    }

    pub fn distribute(&mut self, caller: &AccountId32, cluster: ClusterId) -> CoreResult<()> {
        self.tx(
            caller,
            "ClusterManagement::cluster_distribute_revenues",
            &[cluster.to_string()],
        )
    }

    pub fn unbond(&mut self, who: &AccountId32, amount: u128) -> CoreResult<()> {
        self.tx(who, "account_unbond", &[amount.to_string()])
    }

    pub fn withdraw_unbonded(&mut self, who: &AccountId32) -> CoreResult<()> {
        self.tx(who, "account_withdraw_unbonded", &[])
    }

    /// Set the exchange rate as the admin (USD units per CERE; `ddc_types::UNIT` = 1 USD).
    pub fn set_rate(&mut self, usd_per_cere: u128) -> CoreResult<()> {
        self.tx(
            &admin(),
            "account_set_usd_per_cere",
            &[usd_per_cere.to_string()],
        )
    }

    /// The exchange rate now (USD units per CERE).
    pub fn rate(&mut self) -> u128 {
        let address = self.address.clone();
        self.suite.query(&address, "account_get_usd_per_cere", &[])
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

    /// Set fees as the admin: network fee (bp) to `destination`, management fee (bp).
    pub fn set_fees(
        &mut self,
        network_bp: u32,
        destination: &AccountId32,
        management_bp: u32,
    ) -> CoreResult<()> {
        self.tx(
            &admin(),
            "admin_set_fee_config",
            &[
                network_bp.to_string(),
                arg(destination),
                management_bp.to_string(),
            ],
        )
    }

    /// Native balance of the core contract's account.
    pub fn contract_balance(&mut self) -> u128 {
        let address = self.address.clone();
        self.suite.balance(&address)
    }
}
