//! Events of the core contract: one per state change, ids as topics, amounts included.

use ddc_types::{
    AccountId, BucketId, ClusterId, NodeKey, NodeStatusInCluster, Permission, Resource, VNodeToken,
};
use ink::prelude::vec::Vec;

type Balance = ddc_types::Balance;
type Hash = ink::primitives::Hash;

/// A provider registered a node.
#[ink::event]
#[cfg_attr(feature = "std", derive(Debug, PartialEq, Eq))]
pub struct NodeCreated {
    #[ink(topic)]
    pub node_key: NodeKey,
    #[ink(topic)]
    pub provider: AccountId,
    pub capacity: Resource,
    pub rent_per_month: Balance,
}

/// A node's params were replaced.
#[ink::event]
#[cfg_attr(feature = "std", derive(Debug, PartialEq, Eq))]
pub struct NodeParamsChanged {
    #[ink(topic)]
    pub node_key: NodeKey,
}

/// A node's rent changed (its cluster's total rent follows).
#[ink::event]
#[cfg_attr(feature = "std", derive(Debug, PartialEq, Eq))]
pub struct NodeRentChanged {
    #[ink(topic)]
    pub node_key: NodeKey,
    pub rent_per_month: Balance,
}

/// A node's capacity changed.
#[ink::event]
#[cfg_attr(feature = "std", derive(Debug, PartialEq, Eq))]
pub struct NodeCapacityChanged {
    #[ink(topic)]
    pub node_key: NodeKey,
    pub capacity: Resource,
}

/// A node was deregistered.
#[ink::event]
#[cfg_attr(feature = "std", derive(Debug, PartialEq, Eq))]
pub struct NodeRemoved {
    #[ink(topic)]
    pub node_key: NodeKey,
    #[ink(topic)]
    pub provider: AccountId,
}

/// A provider trusts (or no longer trusts) a manager with its nodes.
#[ink::event]
#[cfg_attr(feature = "std", derive(Debug, PartialEq, Eq))]
pub struct ManagerTrustChanged {
    #[ink(topic)]
    pub provider: AccountId,
    #[ink(topic)]
    pub manager: AccountId,
    pub trusted: bool,
}

/// A cluster was created.
#[ink::event]
#[cfg_attr(feature = "std", derive(Debug, PartialEq, Eq))]
pub struct ClusterCreated {
    #[ink(topic)]
    pub cluster_id: ClusterId,
    #[ink(topic)]
    pub manager: AccountId,
    pub resource_per_vnode: Resource,
}

/// A node joined a cluster with these vnodes.
#[ink::event]
#[cfg_attr(feature = "std", derive(Debug, PartialEq, Eq))]
pub struct ClusterNodeAdded {
    #[ink(topic)]
    pub cluster_id: ClusterId,
    #[ink(topic)]
    pub node_key: NodeKey,
    pub v_nodes: Vec<VNodeToken>,
    pub total_rent: Balance,
}

/// A node left a cluster (its vnodes are gone).
#[ink::event]
#[cfg_attr(feature = "std", derive(Debug, PartialEq, Eq))]
pub struct ClusterNodeRemoved {
    #[ink(topic)]
    pub cluster_id: ClusterId,
    #[ink(topic)]
    pub node_key: NodeKey,
    pub total_rent: Balance,
}

/// These vnodes moved to `new_node_key`.
#[ink::event]
#[cfg_attr(feature = "std", derive(Debug, PartialEq, Eq))]
pub struct ClusterNodeReplaced {
    #[ink(topic)]
    pub cluster_id: ClusterId,
    #[ink(topic)]
    pub new_node_key: NodeKey,
    pub v_nodes: Vec<VNodeToken>,
    pub total_rent: Balance,
}

/// A node's status in its cluster changed.
#[ink::event]
#[cfg_attr(feature = "std", derive(Debug, PartialEq, Eq))]
pub struct ClusterNodeStatusSet {
    #[ink(topic)]
    pub cluster_id: ClusterId,
    #[ink(topic)]
    pub node_key: NodeKey,
    pub status: NodeStatusInCluster,
}

/// A cluster's params were replaced.
#[ink::event]
#[cfg_attr(feature = "std", derive(Debug, PartialEq, Eq))]
pub struct ClusterParamsChanged {
    #[ink(topic)]
    pub cluster_id: ClusterId,
}

/// A cluster's resource per vnode changed.
#[ink::event]
#[cfg_attr(feature = "std", derive(Debug, PartialEq, Eq))]
pub struct ClusterResourcePerVnodeSet {
    #[ink(topic)]
    pub cluster_id: ClusterId,
    pub resource_per_vnode: Resource,
}

/// The manager offered the cluster to `new_manager`.
#[ink::event]
#[cfg_attr(feature = "std", derive(Debug, PartialEq, Eq))]
pub struct ClusterManagerOffered {
    #[ink(topic)]
    pub cluster_id: ClusterId,
    #[ink(topic)]
    pub manager: AccountId,
    #[ink(topic)]
    pub new_manager: AccountId,
}

/// `manager` accepted the cluster from `previous_manager`.
#[ink::event]
#[cfg_attr(feature = "std", derive(Debug, PartialEq, Eq))]
pub struct ClusterManagerAccepted {
    #[ink(topic)]
    pub cluster_id: ClusterId,
    #[ink(topic)]
    pub previous_manager: AccountId,
    #[ink(topic)]
    pub manager: AccountId,
}

/// An empty cluster was removed.
#[ink::event]
#[cfg_attr(feature = "std", derive(Debug, PartialEq, Eq))]
pub struct ClusterRemoved {
    #[ink(topic)]
    pub cluster_id: ClusterId,
    #[ink(topic)]
    pub manager: AccountId,
}

/// A bucket was created.
#[ink::event]
#[cfg_attr(feature = "std", derive(Debug, PartialEq, Eq))]
pub struct BucketCreated {
    #[ink(topic)]
    pub bucket_id: BucketId,
    #[ink(topic)]
    pub owner: AccountId,
    #[ink(topic)]
    pub cluster_id: ClusterId,
}

/// Resource was allocated to (positive) or freed from a bucket.
#[ink::event]
#[cfg_attr(feature = "std", derive(Debug, PartialEq, Eq))]
pub struct BucketResourceChanged {
    #[ink(topic)]
    pub bucket_id: BucketId,
    #[ink(topic)]
    pub cluster_id: ClusterId,
    /// Units added.
    pub allocated: Resource,
    /// Units released.
    pub freed: Resource,
    /// The bucket's reservation afterwards.
    pub resource_reserved: Resource,
}

/// A bucket's params were replaced.
#[ink::event]
#[cfg_attr(feature = "std", derive(Debug, PartialEq, Eq))]
pub struct BucketParamsChanged {
    #[ink(topic)]
    pub bucket_id: BucketId,
}

/// A bucket became public or private.
#[ink::event]
#[cfg_attr(feature = "std", derive(Debug, PartialEq, Eq))]
pub struct BucketAvailabilitySet {
    #[ink(topic)]
    pub bucket_id: BucketId,
    pub public: bool,
}

/// Writer or reader access to a bucket was granted (`granted`) or revoked.
#[ink::event]
#[cfg_attr(feature = "std", derive(Debug, PartialEq, Eq))]
pub struct BucketAccessChanged {
    #[ink(topic)]
    pub bucket_id: BucketId,
    #[ink(topic)]
    pub account: AccountId,
    pub writer: bool,
    pub granted: bool,
}

/// The owner offered the bucket to `new_owner`.
#[ink::event]
#[cfg_attr(feature = "std", derive(Debug, PartialEq, Eq))]
pub struct BucketOwnerOffered {
    #[ink(topic)]
    pub bucket_id: BucketId,
    #[ink(topic)]
    pub owner: AccountId,
    #[ink(topic)]
    pub new_owner: AccountId,
}

/// `owner` accepted the bucket from `previous_owner`.
#[ink::event]
#[cfg_attr(feature = "std", derive(Debug, PartialEq, Eq))]
pub struct BucketOwnerAccepted {
    #[ink(topic)]
    pub bucket_id: BucketId,
    #[ink(topic)]
    pub previous_owner: AccountId,
    #[ink(topic)]
    pub owner: AccountId,
}

/// A bucket was closed and its resource released.
#[ink::event]
#[cfg_attr(feature = "std", derive(Debug, PartialEq, Eq))]
pub struct BucketClosed {
    #[ink(topic)]
    pub bucket_id: BucketId,
    #[ink(topic)]
    pub owner: AccountId,
    pub resource_released: Resource,
}

/// A permission was granted (`granted`) or revoked by an admin.
#[ink::event]
#[cfg_attr(feature = "std", derive(Debug, PartialEq, Eq))]
pub struct PermissionChanged {
    #[ink(topic)]
    pub grantee: AccountId,
    pub permission: Permission,
    pub granted: bool,
}

/// The fee configuration changed.
#[ink::event]
#[cfg_attr(feature = "std", derive(Debug, PartialEq, Eq))]
pub struct FeeConfigSet {
    pub network_fee_bp: u32,
    #[ink(topic)]
    pub network_fee_destination: AccountId,
    pub cluster_management_fee_bp: u32,
}

/// The unbonding period changed.
#[ink::event]
#[cfg_attr(feature = "std", derive(Debug, PartialEq, Eq))]
pub struct UnbondingPeriodSet {
    pub unbonding_period_ms: u64,
}

/// The contract's code was replaced.
#[ink::event]
#[cfg_attr(feature = "std", derive(Debug, PartialEq, Eq))]
pub struct CodeUpgraded {
    #[ink(topic)]
    pub code_hash: Hash,
}

/// Funds were deposited to `account` (by it or by a third party).
#[ink::event]
#[cfg_attr(feature = "std", derive(Debug, PartialEq, Eq))]
pub struct Deposited {
    #[ink(topic)]
    pub account: AccountId,
    pub amount: Balance,
    /// The account's deposit afterwards.
    pub deposit: Balance,
}

/// `amount` of `account`'s deposit started unbonding.
#[ink::event]
#[cfg_attr(feature = "std", derive(Debug, PartialEq, Eq))]
pub struct Unbonded {
    #[ink(topic)]
    pub account: AccountId,
    pub amount: Balance,
    pub release_at_ms: u64,
}

/// Released unbonded funds were paid out to `account`.
#[ink::event]
#[cfg_attr(feature = "std", derive(Debug, PartialEq, Eq))]
pub struct Withdrawn {
    #[ink(topic)]
    pub account: AccountId,
    pub amount: Balance,
}

/// A bucket's rent was settled: `paid` moved from its owner's funds to its cluster's revenues;
/// `debt` is what remains owed.
#[ink::event]
#[cfg_attr(feature = "std", derive(Debug, PartialEq, Eq))]
pub struct BucketSettled {
    #[ink(topic)]
    pub bucket_id: BucketId,
    #[ink(topic)]
    pub cluster_id: ClusterId,
    #[ink(topic)]
    pub owner: AccountId,
    pub paid: Balance,
    pub debt: Balance,
}

/// A cluster's revenues were distributed (`remainder` stays for next time).
#[ink::event]
#[cfg_attr(feature = "std", derive(Debug, PartialEq, Eq))]
pub struct RevenuesDistributed {
    #[ink(topic)]
    pub cluster_id: ClusterId,
    pub network_fee: Balance,
    pub management_fee: Balance,
    pub providers_paid: Balance,
    pub remainder: Balance,
}

/// One transfer of a distribution: to a provider, the manager or the network fee destination.
#[ink::event]
#[cfg_attr(feature = "std", derive(Debug, PartialEq, Eq))]
pub struct RevenuePaid {
    #[ink(topic)]
    pub cluster_id: ClusterId,
    #[ink(topic)]
    pub to: AccountId,
    pub amount: Balance,
}

/// The exchange rate changed.
#[ink::event]
#[cfg_attr(feature = "std", derive(Debug, PartialEq, Eq))]
pub struct ExchangeRateSet {
    /// USD units per CERE.
    pub usd_per_cere: Balance,
}
