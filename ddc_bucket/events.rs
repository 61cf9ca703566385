//! Events of the core contract: one per state change, ids as topics, amounts included.
//!
//! Every event is declared through [`events!`], which puts its topic fields first (ids and
//! accounts, each a fixed-size value of at most 32 bytes) and records their encoded lengths.
//! [`emit`] then derives the topics from the event's encoding in one shared function, with the
//! result ink! itself would produce (signature topic first, then each topic field's encoding
//! padded to 32 bytes). Per event type only its field encoding remains in the Wasm: ink!'s own
//! `emit_event` expanded topic building and buffers for each of the 35 types (≈ 8 KB).

use ddc_types::{
    AccountId, BucketId, ClusterId, NodeKey, NodeStatusInCluster, Permission, Resource, VNodeToken,
};
use ink::prelude::vec::Vec;

type Balance = ddc_types::Balance;
type Hash = ink::primitives::Hash;

/// An event of this contract: an ink! event whose topic fields come first.
pub trait CoreEvent: ink::env::Event {
    /// The encoded length of each topic field, in order (they start the encoding).
    const TOPIC_LENS: &'static [u8];
}

/// A type a topic field may have: fixed-size, at most 32 bytes encoded (so its topic is its
/// encoding padded with zeros; ink! hashes only longer values).
pub trait TopicField {
    const LEN: u8;
}

impl TopicField for u32 {
    const LEN: u8 = 4;
}

impl TopicField for AccountId {
    const LEN: u8 = 32;
}

impl TopicField for Hash {
    const LEN: u8 = 32;
}

/// Emit `event`: same topics and data as `ink::env::emit_event`, through one shared deposit.
pub fn emit<E: CoreEvent>(event: E) {
    #[cfg(target_arch = "wasm32")]
    deposit(&E::SIGNATURE_TOPIC, E::TOPIC_LENS, &event.encode());
    #[cfg(not(target_arch = "wasm32"))]
    ink::env::emit_event::<ink::env::DefaultEnvironment, E>(event);
}

/// Build the topics from `data` (topic fields first, `lens` long) and hand both to the host.
#[cfg(target_arch = "wasm32")]
#[inline(never)]
fn deposit(signature: &Option<[u8; 32]>, lens: &[u8], data: &[u8]) {
    use pallet_contracts_uapi::HostFn;
    use scale::Encode;
    let count = lens.len().saturating_add(usize::from(signature.is_some()));
    let mut topics = Vec::new();
    scale::Compact(u32::try_from(count).unwrap_or(u32::MAX)).encode_to(&mut topics);
    if let Some(signature) = signature {
        topics.extend_from_slice(signature);
    }
    let mut offset = 0usize;
    for len in lens {
        let end = offset.saturating_add(usize::from(*len));
        let start = topics.len();
        topics.extend_from_slice(data.get(offset..end).unwrap_or_default());
        topics.resize(start.saturating_add(32), 0);
        offset = end;
    }
    pallet_contracts_uapi::HostFnImpl::deposit_event(&topics, data);
}

/// Declares events: `Name [topic fields] { other fields }`, each an `#[ink::event]` struct with
/// its topic fields first, and its [`CoreEvent`] table.
macro_rules! events {
    ($(
        $(#[doc = $doc:literal])*
        $name:ident [$($(#[doc = $topic_doc:literal])* $topic:ident: $topic_ty:ty),* $(,)?]
        {$($(#[doc = $field_doc:literal])* $field:ident: $field_ty:ty),* $(,)?}
    )*) => {$(
        $(#[doc = $doc])*
        #[ink::event]
        #[cfg_attr(feature = "std", derive(Debug, PartialEq, Eq))]
        pub struct $name {
            $($(#[doc = $topic_doc])* #[ink(topic)] pub $topic: $topic_ty,)*
            $($(#[doc = $field_doc])* pub $field: $field_ty,)*
        }

        impl CoreEvent for $name {
            const TOPIC_LENS: &'static [u8] = &[$(<$topic_ty as TopicField>::LEN),*];
        }
    )*};
}

events! {
    /// A provider registered a node.
    NodeCreated [
        node_key: NodeKey,
        provider: AccountId,
    ] {
        capacity: Resource,
        rent_per_month: Balance,
    }

    /// A node's params were replaced.
    NodeParamsChanged [
        node_key: NodeKey,
    ] {}

    /// A node's rent changes from `from_ms` on (now for a decrease or outside a cluster; after
    /// the notice period for an increase in a cluster). Its cluster's total rent follows.
    NodeRentChanged [
        node_key: NodeKey,
    ] {
        rent_per_month: Balance,
        from_ms: u64,
    }

    /// A node's capacity changed.
    NodeCapacityChanged [
        node_key: NodeKey,
    ] {
        capacity: Resource,
    }

    /// A node was deregistered.
    NodeRemoved [
        node_key: NodeKey,
        provider: AccountId,
    ] {}

    /// A provider trusts (or no longer trusts) a manager with its nodes.
    ManagerTrustChanged [
        provider: AccountId,
        manager: AccountId,
    ] {
        trusted: bool,
    }

    /// A cluster was created.
    ClusterCreated [
        cluster_id: ClusterId,
        manager: AccountId,
    ] {
        resource_per_vnode: Resource,
    }

    /// A node joined a cluster with these vnodes.
    ClusterNodeAdded [
        cluster_id: ClusterId,
        node_key: NodeKey,
    ] {
        v_nodes: Vec<VNodeToken>,
        total_rent: Balance,
    }

    /// A node left a cluster (its vnodes are gone).
    ClusterNodeRemoved [
        cluster_id: ClusterId,
        node_key: NodeKey,
    ] {
        total_rent: Balance,
    }

    /// These vnodes moved to `new_node_key`.
    ClusterNodeReplaced [
        cluster_id: ClusterId,
        new_node_key: NodeKey,
    ] {
        v_nodes: Vec<VNodeToken>,
        total_rent: Balance,
    }

    /// A node's status in its cluster changed.
    ClusterNodeStatusSet [
        cluster_id: ClusterId,
        node_key: NodeKey,
    ] {
        status: NodeStatusInCluster,
    }

    /// A cluster's params were replaced.
    ClusterParamsChanged [
        cluster_id: ClusterId,
    ] {}

    /// A cluster's resource per vnode changed.
    ClusterResourcePerVnodeSet [
        cluster_id: ClusterId,
    ] {
        resource_per_vnode: Resource,
    }

    /// The manager offered the cluster to `new_manager`.
    ClusterManagerOffered [
        cluster_id: ClusterId,
        manager: AccountId,
        new_manager: AccountId,
    ] {}

    /// `manager` accepted the cluster from `previous_manager`.
    ClusterManagerAccepted [
        cluster_id: ClusterId,
        previous_manager: AccountId,
        manager: AccountId,
    ] {}

    /// An empty cluster was removed.
    ClusterRemoved [
        cluster_id: ClusterId,
        manager: AccountId,
    ] {}

    /// A bucket was created.
    BucketCreated [
        bucket_id: BucketId,
        owner: AccountId,
        cluster_id: ClusterId,
    ] {}

    /// Resource was allocated to (positive) or freed from a bucket.
    BucketResourceChanged [
        bucket_id: BucketId,
        cluster_id: ClusterId,
    ] {
        /// Units added.
        allocated: Resource,
        /// Units released.
        freed: Resource,
        /// The bucket's reservation afterwards.
        resource_reserved: Resource,
    }

    /// A bucket's params were replaced.
    BucketParamsChanged [
        bucket_id: BucketId,
    ] {}

    /// A bucket became public or private.
    BucketAvailabilitySet [
        bucket_id: BucketId,
    ] {
        public: bool,
    }

    /// Writer or reader access to a bucket was granted (`granted`) or revoked.
    BucketAccessChanged [
        bucket_id: BucketId,
        account: AccountId,
    ] {
        writer: bool,
        granted: bool,
    }

    /// The owner offered the bucket to `new_owner`.
    BucketOwnerOffered [
        bucket_id: BucketId,
        owner: AccountId,
        new_owner: AccountId,
    ] {}

    /// `owner` accepted the bucket from `previous_owner`.
    BucketOwnerAccepted [
        bucket_id: BucketId,
        previous_owner: AccountId,
        owner: AccountId,
    ] {}

    /// A bucket was closed and its resource released.
    BucketClosed [
        bucket_id: BucketId,
        owner: AccountId,
    ] {
        resource_released: Resource,
    }

    /// The cluster's manager evicted a bucket whose owner did not cover its rent: all its
    /// resource was freed; `debt` (the bucket's) stays with the owner.
    BucketEvicted [
        bucket_id: BucketId,
        cluster_id: ClusterId,
        owner: AccountId,
    ] {
        resource_freed: Resource,
        debt: Balance,
    }

    /// A permission was granted (`granted`) or revoked by an admin.
    PermissionChanged [
        grantee: AccountId,
    ] {
        permission: Permission,
        granted: bool,
    }

    /// The fee configuration changed.
    FeeConfigSet [
        network_fee_destination: AccountId,
    ] {
        network_fee_bp: u32,
        cluster_management_fee_bp: u32,
    }

    /// The unbonding period changed.
    UnbondingPeriodSet [] {
        unbonding_period_ms: u64,
    }

    /// The contract's code was replaced.
    CodeUpgraded [
        code_hash: Hash,
    ] {}

    /// Funds were deposited to `account` (by it or by a third party).
    Deposited [
        account: AccountId,
    ] {
        amount: Balance,
        /// The account's deposit afterwards.
        deposit: Balance,
    }

    /// `amount` of `account`'s deposit started unbonding.
    Unbonded [
        account: AccountId,
    ] {
        amount: Balance,
        release_at_ms: u64,
    }

    /// Released unbonded funds were paid out to `account`.
    Withdrawn [
        account: AccountId,
    ] {
        amount: Balance,
    }

    /// A bucket's rent was settled: `paid` moved from its owner's funds to its cluster's revenues;
    /// `debt` is what remains owed.
    BucketSettled [
        bucket_id: BucketId,
        cluster_id: ClusterId,
        owner: AccountId,
    ] {
        paid: Balance,
        debt: Balance,
    }

    /// A cluster's revenues were distributed (`remainder` stays for next time).
    RevenuesDistributed [
        cluster_id: ClusterId,
    ] {
        network_fee: Balance,
        management_fee: Balance,
        providers_paid: Balance,
        remainder: Balance,
    }

    /// One transfer of a distribution: to a provider, the manager or the network fee destination.
    RevenuePaid [
        cluster_id: ClusterId,
        to: AccountId,
    ] {
        amount: Balance,
    }

    /// The exchange rate changed.
    ExchangeRateSet [] {
        /// USD units per CERE.
        usd_per_cere: Balance,
        /// From when it applies (rent accrued before keeps its rate).
        from_ms: u64,
    }
}
