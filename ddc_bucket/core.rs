//! The core's state and the guards shared by its parts.
//!
//! [`Core`] holds every growing collection in `Mapping`s; its logic lives in `node.rs`,
//! `cluster.rs`, `bucket.rs` and `admin.rs` as methods that take the caller explicitly and return
//! the event to emit. The `#[ink::contract]` module only reads the environment, calls these and
//! emits what they return. Every method checks everything before it writes anything.

use crate::{accounts::Account, bucket::Bucket, cluster::Cluster, index::Index, node::Node};
use ddc_types::{
    AccountId, Balance, BucketId, ClusterId, Error, NodeKey, Params, Permission, Result,
    VNodeToken, MAX_PARAMS_LEN, UNIT,
};
use ink::prelude::vec::Vec;
use ink::storage::{Lazy, Mapping};

/// Default unbonding period: 7 days.
pub const DEFAULT_UNBONDING_PERIOD_MS: u64 = 7 * 24 * 3_600_000;
/// Shortest unbonding period an admin may set: 1 hour.
pub const MIN_UNBONDING_PERIOD_MS: u64 = 3_600_000;
/// Longest unbonding period an admin may set: 90 days.
pub const MAX_UNBONDING_PERIOD_MS: u64 = 90 * 24 * 3_600_000;

/// Who may write a bucket, and who may read a private one.
#[derive(Debug, Clone, Default, PartialEq, Eq, scale::Encode, scale::Decode)]
#[cfg_attr(
    feature = "std",
    derive(scale_info::TypeInfo, ink::storage::traits::StorageLayout)
)]
pub struct BucketAccess {
    pub writers: Vec<AccountId>,
    pub readers: Vec<AccountId>,
}

/// All state of the core contract.
#[ink::storage_item]
#[derive(Debug)]
pub struct Core {
    // --- nodes ---
    pub(crate) nodes: Mapping<NodeKey, Node>,
    pub(crate) node_params: Mapping<NodeKey, Params>,
    /// Every node, for the unfiltered list (owner key `()`).
    pub(crate) nodes_all: Index<(), NodeKey>,
    pub(crate) nodes_by_provider: Index<AccountId, NodeKey>,
    // --- clusters ---
    pub(crate) clusters: Mapping<ClusterId, Cluster>,
    pub(crate) cluster_params: Mapping<ClusterId, Params>,
    /// Which node holds a vnode token of a cluster (uniqueness of tokens per cluster).
    pub(crate) v_node_holder: Mapping<(ClusterId, VNodeToken), NodeKey>,
    pub(crate) clusters_by_manager: Index<AccountId, ClusterId>,
    // --- buckets ---
    pub(crate) buckets: Mapping<BucketId, Bucket>,
    pub(crate) bucket_params: Mapping<BucketId, Params>,
    pub(crate) bucket_access: Mapping<BucketId, BucketAccess>,
    pub(crate) buckets_by_owner: Index<AccountId, BucketId>,
    // --- money ---
    pub(crate) accounts: Mapping<AccountId, Account>,
    // --- admin ---
    pub(crate) permissions: Mapping<(AccountId, Permission), ()>,
    /// Counters and settings, kept out of the root cell: ink! reads and writes the root cell
    /// in every message, so keeping it empty saves code and gas in all of them.
    pub(crate) config: Lazy<Config>,
}

/// The core's scalar state (set by the constructor; the default is never observed).
#[derive(Debug, Clone, PartialEq, Eq, scale::Encode, scale::Decode)]
#[cfg_attr(
    feature = "std",
    derive(scale_info::TypeInfo, ink::storage::traits::StorageLayout)
)]
pub struct Config {
    pub last_cluster_id: ClusterId,
    pub last_bucket_id: BucketId,
    /// USD units per CERE (UNIT = 1 USD per CERE).
    pub usd_per_cere: Balance,
    pub super_admin_count: u32,
    pub network_fee_bp: u32,
    pub network_fee_destination: AccountId,
    pub cluster_management_fee_bp: u32,
    pub unbonding_period_ms: u64,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            last_cluster_id: 0,
            last_bucket_id: 0,
            usd_per_cere: UNIT,
            super_admin_count: 0,
            network_fee_bp: 0,
            network_fee_destination: AccountId::from([0; 32]),
            cluster_management_fee_bp: 0,
            unbonding_period_ms: DEFAULT_UNBONDING_PERIOD_MS,
        }
    }
}

impl Core {
    /// Fresh state: `admin` holds SuperAdmin and SetExchangeRate; no fees; 7-day unbonding;
    /// 1 USD per CERE.
    pub fn new(admin: AccountId) -> Self {
        let mut core = Self {
            nodes: Mapping::default(),
            node_params: Mapping::default(),
            nodes_all: Index::default(),
            nodes_by_provider: Index::default(),
            clusters: Mapping::default(),
            cluster_params: Mapping::default(),
            v_node_holder: Mapping::default(),
            clusters_by_manager: Index::default(),
            buckets: Mapping::default(),
            bucket_params: Mapping::default(),
            bucket_access: Mapping::default(),
            buckets_by_owner: Index::default(),
            accounts: Mapping::default(),
            permissions: Mapping::default(),
            config: Lazy::default(),
        };
        core.config.set(&Config {
            super_admin_count: 1,
            network_fee_destination: admin,
            ..Config::default()
        });
        core.permissions
            .insert((admin, Permission::SuperAdmin), &());
        core.permissions
            .insert((admin, Permission::SetExchangeRate), &());
        core
    }

    /// The counters and settings.
    pub fn config(&self) -> Config {
        self.config.get().unwrap_or_default()
    }

    /// Whether `grantee` holds `permission`.
    pub fn has_permission(&self, grantee: AccountId, permission: Permission) -> bool {
        self.permissions.contains((grantee, permission))
    }

    /// Fail unless `caller` holds `permission`.
    pub(crate) fn require_permission(
        &self,
        caller: AccountId,
        permission: Permission,
    ) -> Result<()> {
        if self.has_permission(caller, permission) {
            Ok(())
        } else {
            Err(Error::MissingPermission)
        }
    }
}

/// Fail if `params` is longer than [`MAX_PARAMS_LEN`] bytes.
pub(crate) fn check_params(params: &Params) -> Result<()> {
    if params.len() > MAX_PARAMS_LEN {
        return Err(Error::ParamsTooLong);
    }
    Ok(())
}

/// Fail unless `caller` is `expected`, with `error`.
pub(crate) fn require(caller: AccountId, expected: AccountId, error: Error) -> Result<()> {
    if caller == expected {
        Ok(())
    } else {
        Err(error)
    }
}

/// Next sequential id after `last` (ids start at 1).
pub(crate) fn next_id(last: u32) -> Result<u32> {
    last.checked_add(1).ok_or(Error::Overflow)
}
