//! Shared vocabulary of the DDC contract suite.
//!
//! This crate is all a manager contract knows about the core `ddc_bucket` contract: the ids, the
//! records the core returns, the core's [`Error`] enum and the [`ClusterManagement`] interface
//! (the messages a cluster manager calls across contracts).
#![cfg_attr(not(feature = "std"), no_std, no_main)]

use ink::prelude::{string::String, vec::Vec};
pub use ink::primitives::AccountId;

pub mod action;
#[cfg(feature = "std")]
pub mod testing;
pub use action::{ClusterAction, CoreCallError, RawInput};

/// Native token amount (10 decimals on Cere). USD amounts use the same unit.
pub type Balance = u128;
/// Cluster id: sequential, the first is 1; 0 is never valid.
pub type ClusterId = u32;
/// Bucket id: sequential, the first is 1; 0 is never valid.
pub type BucketId = u32;
/// A node is identified by its 32-byte public key.
pub type NodeKey = AccountId;
/// Position of a virtual node on its cluster's hash ring.
pub type VNodeToken = u64;
/// Storage resource units.
pub type Resource = u32;
/// Free-form parameters (JSON by convention), at most [`MAX_PARAMS_LEN`] bytes.
pub type Params = String;

/// Longest accepted params string, in bytes (ink!'s 16 KiB I/O buffer is shared with the record).
pub const MAX_PARAMS_LEN: usize = 4096;
/// Hard bound on the nodes of one cluster (bounds every per-cluster loop).
pub const MAX_NODES_PER_CLUSTER: usize = 32;
/// Hard bound on the virtual nodes one node holds.
pub const MAX_VNODES_PER_NODE: usize = 16;
/// Hard bound on each of a bucket's writer and reader lists.
pub const MAX_BUCKET_ACCESS_LIST: usize = 16;
/// Hard bound on the buckets one account owns (bounds the per-account settlement loop).
pub const MAX_BUCKETS_PER_OWNER: usize = 32;
/// Hard bound on an account's unlocking chunks.
pub const MAX_UNLOCKING_CHUNKS: usize = 8;
/// A month of rent: 31 days in ms.
pub const MONTH_MS: u64 = 2_678_400_000;
/// One token (CERE) or one USD in the smallest unit (10 decimals).
pub const UNIT: Balance = 10_000_000_000;
/// Lowest accepted exchange rate: 10^-6 USD per CERE (in USD units per CERE).
pub const MIN_USD_PER_CERE: Balance = UNIT / 1_000_000;
/// Highest accepted exchange rate: 10^6 USD per CERE.
pub const MAX_USD_PER_CERE: Balance = UNIT * 1_000_000;
/// Largest page a `*_list` message returns.
pub const MAX_PAGE_LIMIT: u32 = 32;
/// Basis points in one whole (100 %).
pub const BASIS_POINTS: u32 = 10_000;
/// Highest network fee an admin may set: 10 % of distributed revenues.
pub const MAX_NETWORK_FEE_BP: u32 = 1_000;
/// Highest cluster-management fee an admin may set: 20 % of distributed revenues.
pub const MAX_MANAGEMENT_FEE_BP: u32 = 2_000;
/// Highest rent a node may ask: 100 000 USD per resource unit per vnode per month (10^15 USD
/// units). Far above any real price; it bounds every cluster's rent index so that no reachable
/// state overflows it in 100 years (32 nodes × 16 vnodes at this rent, at the lowest exchange
/// rate, for 100 years, stay below u128::MAX).
pub const MAX_RENT_PER_MONTH: Balance = 1_000_000_000_000_000;
/// Shortest time an owner's deposit must cover all its buckets' rent after an allocation: 1 day.
pub const MIN_COVERAGE_MS: u64 = 86_400_000;
/// Shortest time between two exchange-rate updates: 1 hour.
pub const MIN_RATE_UPDATE_INTERVAL_MS: u64 = 3_600_000;
/// One exchange-rate update moves the rate by at most this factor (up or down).
pub const MAX_RATE_UPDATE_FACTOR: Balance = 2;

/// Where a node stands inside its cluster.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub enum NodeStatusInCluster {
    /// Just admitted; syncing data.
    #[default]
    Adding,
    /// Serving.
    Active,
    /// Leaving; handing data over.
    Deleting,
    /// Temporarily unreachable.
    Offline,
}

pub use permission::Permission;

mod permission {
    // scale's derive casts the variant index of a data-carrying variant with `as u8`, which the
    // contract lint set denies; the cast is the derive's, bounded by the variant count.
    #![allow(clippy::cast_possible_truncation)]
    use super::AccountId;

    /// Permissions held in the core contract.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    #[ink::scale_derive(Encode, Decode, TypeInfo)]
    #[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
    pub enum Permission {
        /// Administers permissions, fees, the unbonding period and code upgrades.
        SuperAdmin,
        /// May set the USD-per-CERE exchange rate.
        SetExchangeRate,
        /// The holder may add nodes of the named provider to clusters it manages.
        /// Granted only by that provider (`node_trust_manager`), never by an admin.
        ClusterManagerTrustedBy(AccountId),
    }
}

/// A node as the core reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub struct NodeInfo {
    pub node_key: NodeKey,
    pub provider: AccountId,
    /// Total resource the node offers.
    pub capacity: Resource,
    /// Capacity not reserved by its cluster's vnodes (capacity − vnodes × resource_per_vnode).
    pub free_resource: Resource,
    /// USD units per resource unit per vnode per month, in force at the time of the query.
    pub rent_per_month: Balance,
    /// A rent increase announced by the provider and not yet in force: the new rent and the
    /// time (absolute ms) from which it applies.
    pub pending_rent: Option<PendingRent>,
    /// The cluster the node is in, if any.
    pub cluster_id: Option<ClusterId>,
    /// Status inside its cluster (meaningful only when `cluster_id` is set).
    pub status_in_cluster: NodeStatusInCluster,
    /// The node's tokens on its cluster's ring.
    pub v_nodes: Vec<VNodeToken>,
}

/// A scheduled rent increase: `rent_per_month` applies from `from_ms` on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct PendingRent {
    pub rent_per_month: Balance,
    pub from_ms: u64,
}

/// Funds being unbonded: paid out by `account_withdraw_unbonded` from `release_at_ms` on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct UnlockingChunk {
    pub amount: Balance,
    pub release_at_ms: u64,
}

/// An account's money as the core reports it (amounts in native units unless noted).
#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub struct AccountInfo {
    /// Deposited and not unbonded (rent not yet settled is still in here).
    pub deposit: Balance,
    /// Funds being unbonded (still charged for rent until paid out).
    pub unlocking: Vec<UnlockingChunk>,
    /// Rent of all the account's buckets per month, in USD units.
    pub rent_usd_per_month: Balance,
    /// Rent of all the account's buckets per month at the current rate, in native units.
    pub rent_per_month: Balance,
    /// Rent accrued and not settled, at the rates in force while it accrued (debt not
    /// included).
    pub accrued_due: Balance,
    /// Rent that settlements could not collect.
    pub debt: Balance,
    /// Until when deposit and unlocking funds cover the accrued and future rent at today's prices
    /// (absolute ms); `u64::MAX` when nothing is owed.
    pub rent_covered_until_ms: u64,
}

/// A node's place in a cluster, as listed by `cluster_get`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub struct ClusterNodeInfo {
    pub node_key: NodeKey,
    pub status: NodeStatusInCluster,
    pub v_nodes: Vec<VNodeToken>,
}

/// A cluster as the core reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub struct ClusterInfo {
    pub cluster_id: ClusterId,
    pub manager: AccountId,
    /// Account offered the cluster by `cluster_transfer_manager`, until it accepts.
    pub pending_manager: Option<AccountId>,
    /// Resource each vnode reserves on its node; also the most a cluster can allocate to buckets.
    pub resource_per_vnode: Resource,
    /// Resource allocated to buckets (each allocation is held on every vnode).
    pub resource_used: Resource,
    /// Σ over the cluster's vnodes of the holding node's rent in force at the time of the query,
    /// USD per resource unit per month.
    pub total_rent: Balance,
    /// Number of vnodes in the cluster.
    pub v_node_count: u32,
    /// Rent collected from buckets and not yet distributed, in native units.
    pub revenues: Balance,
    /// Nodes with their vnodes and statuses (empty in list pages).
    pub nodes: Vec<ClusterNodeInfo>,
}

/// A bucket as the core reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub struct BucketInfo {
    pub bucket_id: BucketId,
    pub owner: AccountId,
    /// Account offered the bucket by `bucket_change_owner`, until it accepts.
    pub pending_owner: Option<AccountId>,
    pub cluster_id: ClusterId,
    /// Resource allocated to the bucket in its cluster.
    pub resource_reserved: Resource,
    /// Anyone may read a public bucket.
    pub public: bool,
    pub writers: Vec<AccountId>,
    pub readers: Vec<AccountId>,
    /// The bucket's rent per month in USD units (cluster total rent × resource).
    pub rent_usd_per_month: Balance,
    /// What settling now would charge: accrued rent (at the rates in force while it accrued)
    /// plus debt.
    pub amount_due: Balance,
    /// Rent of this bucket that settlements could not collect.
    pub debt: Balance,
    /// Until when the owner's funds cover the rent (absolute ms); `u64::MAX` when nothing is owed.
    pub rent_covered_until_ms: u64,
}

/// Errors of the core contract. Managers wrap them into their own error enum.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub enum Error {
    // --- nodes ---
    /// A node with this key is already registered.
    NodeAlreadyExists,
    /// No node with this key.
    NodeDoesNotExist,
    /// Only the node's provider may do this.
    OnlyNodeProvider,
    /// The node belongs to a cluster (remove it from the cluster first).
    NodeIsInCluster,
    /// The node is not in this cluster.
    NodeNotInCluster,
    /// The node's provider does not trust this cluster's manager.
    ProviderDoesNotTrustManager,
    /// The node's capacity cannot hold what its vnodes reserve.
    InsufficientNodeCapacity,
    // --- clusters ---
    /// No cluster with this id.
    ClusterDoesNotExist,
    /// Only the cluster's manager may do this.
    OnlyClusterManager,
    /// Only the account the cluster was offered to may accept it (or no offer is pending).
    OnlyPendingManager,
    /// The cluster still has nodes, allocated resource or undistributed revenues.
    ClusterIsNotEmpty,
    /// The cluster already holds the maximum number of nodes.
    TooManyNodesInCluster,
    /// A node would hold more vnodes than allowed.
    TooManyVNodes,
    /// An empty vnode list was given.
    NoVNodes,
    /// A vnode token is already used in this cluster (or repeated in the list).
    VNodeTokenTaken,
    /// A vnode token is not in this cluster.
    VNodeDoesNotExist,
    /// The change would leave less resource than buckets have allocated.
    ResourceStillAllocated,
    /// The cluster cannot allocate that much resource.
    InsufficientClusterResource,
    // --- buckets ---
    /// No bucket with this id.
    BucketDoesNotExist,
    /// Only the bucket's owner may do this.
    OnlyBucketOwner,
    /// Only the account the bucket was offered to may accept it (or no offer is pending).
    OnlyPendingOwner,
    /// The writer or reader list is full.
    AccessListFull,
    /// The account is already on the list.
    AlreadyOnAccessList,
    /// The account is not on the list.
    NotOnAccessList,
    /// The bucket has less resource allocated than asked to free.
    InsufficientBucketResource,
    // --- admin ---
    /// The caller lacks the permission this message needs.
    MissingPermission,
    /// The last SuperAdmin cannot be revoked.
    LastSuperAdmin,
    /// That permission is granted by its subject, not by an admin.
    PermissionNotAdministrable,
    /// A network fee above [`MAX_NETWORK_FEE_BP`] or a management fee above
    /// [`MAX_MANAGEMENT_FEE_BP`] (or the contract itself as fee destination).
    InvalidFeeConfig,
    /// The unbonding period is outside the allowed bounds.
    UnbondingPeriodOutOfBounds,
    /// The runtime refused the code hash.
    SetCodeFailed,
    // --- generic ---
    /// Params longer than [`MAX_PARAMS_LEN`].
    ParamsTooLong,
    /// A zero amount was given where a positive one is required.
    ZeroAmount,
    /// An amount or counter would overflow.
    Overflow,
    /// A page limit above [`MAX_PAGE_LIMIT`].
    PageLimitTooLarge,
    // --- money ---
    /// The account's free deposit is smaller than the amount.
    InsufficientDeposit,
    /// The account already has the maximum number of unlocking chunks.
    TooManyUnlockingChunks,
    /// No unlocking chunk is released yet.
    NothingToWithdraw,
    /// The runtime refused a transfer out of the contract.
    TransferFailed,
    /// An exchange rate outside [`MIN_USD_PER_CERE`]..=[`MAX_USD_PER_CERE`], more than
    /// [`MAX_RATE_UPDATE_FACTOR`] away from the current one, or set less than
    /// [`MIN_RATE_UPDATE_INTERVAL_MS`] after the previous update.
    InvalidExchangeRate,
    /// The account already owns the maximum number of buckets.
    TooManyBuckets,
    /// The bucket still owes rent (deposit and settle, then close).
    BucketHasDebt,
    /// A rent above [`MAX_RENT_PER_MONTH`].
    RentTooHigh,
    /// The bucket's owner covers its rent: the bucket cannot be evicted.
    BucketRentCovered,
}

/// Result of the core's messages.
pub type Result<T> = core::result::Result<T, Error>;

/// The cluster-management messages of the core. A manager contract (multisig, DAO) calls these
/// across contracts once it has become a cluster's manager. In the core's ABI their labels carry
/// the `ClusterManagement::` prefix.
#[ink::trait_definition]
pub trait ClusterManagement {
    /// Accept a cluster offered to the caller by `cluster_transfer_manager`.
    #[ink(message)]
    fn cluster_accept_manager(&mut self, cluster_id: ClusterId) -> Result<()>;

    /// Offer the cluster to `new_manager` (takes effect when it accepts). Manager only.
    #[ink(message)]
    fn cluster_transfer_manager(
        &mut self,
        cluster_id: ClusterId,
        new_manager: AccountId,
    ) -> Result<()>;

    /// Admit a node with the given vnode tokens. Manager only.
    #[ink(message)]
    fn cluster_add_node(
        &mut self,
        cluster_id: ClusterId,
        node_key: NodeKey,
        v_nodes: Vec<VNodeToken>,
    ) -> Result<()>;

    /// Remove a node and its vnodes. Manager, or the node's provider.
    #[ink(message)]
    fn cluster_remove_node(&mut self, cluster_id: ClusterId, node_key: NodeKey) -> Result<()>;

    /// Move the given vnodes to another node of the cluster. Manager only.
    #[ink(message)]
    fn cluster_replace_node(
        &mut self,
        cluster_id: ClusterId,
        v_nodes: Vec<VNodeToken>,
        new_node_key: NodeKey,
    ) -> Result<()>;

    /// Set a node's status in the cluster. Manager only.
    #[ink(message)]
    fn cluster_set_node_status(
        &mut self,
        cluster_id: ClusterId,
        node_key: NodeKey,
        status: NodeStatusInCluster,
    ) -> Result<()>;

    /// Replace the cluster's params. Manager only.
    #[ink(message)]
    fn cluster_change_params(&mut self, cluster_id: ClusterId, params: Params) -> Result<()>;

    /// Change the resource each vnode reserves. Manager only.
    #[ink(message)]
    fn cluster_set_resource_per_vnode(
        &mut self,
        cluster_id: ClusterId,
        resource_per_vnode: Resource,
    ) -> Result<()>;

    /// Pay out the cluster's revenues: network fee, management fee, then providers by what
    /// each earned over time. Anyone may call.
    #[ink(message)]
    fn cluster_distribute_revenues(&mut self, cluster_id: ClusterId) -> Result<()>;

    /// Settle a bucket whose owner no longer covers its rent, then free all its resource (the
    /// debt stays with the owner). Manager only.
    #[ink(message)]
    fn cluster_evict_bucket(&mut self, cluster_id: ClusterId, bucket_id: BucketId) -> Result<()>;
}
