//! The core's state and the guards shared by its parts.
//!
//! [`Core`] holds every growing collection in `Mapping`s; its logic lives in `node.rs`,
//! `cluster.rs`, `bucket.rs` and `admin.rs` as methods that take the caller explicitly and return
//! the event to emit. The `#[ink::contract]` module only reads the environment, calls these and
//! emits what they return. Every method checks everything before it writes anything.

use crate::rent::RatePeriod;
use crate::store::{Cell, Map};
use crate::{accounts::Account, bucket::Bucket, cluster::Cluster, index::Index, node::Node};
use ddc_types::{
    AccountId, BucketId, ClusterId, Error, NodeKey, Params, Permission, Result, VNodeToken,
    MAX_PARAMS_LEN, UNIT,
};
use ink::prelude::vec::Vec;

/// Default unbonding period: 7 days.
pub const DEFAULT_UNBONDING_PERIOD_MS: u64 = 7 * 24 * 3_600_000;
/// Shortest unbonding period an admin may set: 1 hour.
pub const MIN_UNBONDING_PERIOD_MS: u64 = 3_600_000;
/// Longest unbonding period an admin may set: 90 days.
pub const MAX_UNBONDING_PERIOD_MS: u64 = 90 * 24 * 3_600_000;

/// Who may write a bucket, and who may read a private one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct BucketAccess {
    pub writers: Vec<AccountId>,
    pub readers: Vec<AccountId>,
}

/// Declares the core's storage once: for each field its kind (`Map`, `Cell`, `Index`), types and
/// storage prefix. The struct, its `Default` (the fields at their prefixes) and the metadata's
/// layout (one root per map and cell, three per index) all come from this one table, so a new
/// map is one line and cannot miss the layout or the prefix test.
macro_rules! core_storage {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $($(#[doc = $doc:literal])* $field:ident: $kind:ident<$($ty:ty),+> @ $prefix:literal,)*
        }
    ) => {
        $(#[$meta])*
        pub struct $name {
            $($(#[doc = $doc])* pub(crate) $field: $kind<$($ty),+>,)*
        }

        impl Default for $name {
            /// The maps at their prefixes (no storage access).
            fn default() -> Self {
                Self {
                    $($field: $kind::new($prefix),)*
                }
            }
        }

        #[cfg(feature = "std")]
        impl $name {
            /// The metadata's fields: every map's, cell's and index's roots.
            fn layout_fields() -> Vec<ink::metadata::layout::FieldLayout> {
                let mut fields = Vec::new();
                $(fields.extend(<$kind<$($ty),+> as crate::store::layout::Roots>::roots(
                    [
                        stringify!($field),
                        concat!(stringify!($field), ".len"),
                        concat!(stringify!($field), ".items"),
                        concat!(stringify!($field), ".pos"),
                    ],
                    $prefix,
                ));)*
                fields
            }
        }
    };
}

core_storage! {
    /// All state of the core contract: maps and cells at fixed storage prefixes (see
    /// [`crate::store`]). The value itself is empty: it encodes to nothing and decodes to
    /// [`Core::default`], so ink!'s root cell stays empty and every message finds the same
    /// prefixes. An index takes three prefixes (its base and the next two).
    pub struct Core {
        // --- nodes ---
        nodes: Map<NodeKey, Node> @ 1,
        node_params: Map<NodeKey, Params> @ 2,
        /// Every node, for the unfiltered list, under the owner [`EVERY_NODE`] (the same index
        /// type as `nodes_by_provider`, so they share their code; separate prefixes keep them
        /// apart).
        nodes_all: Index<NodeKey> @ 3,
        nodes_by_provider: Index<NodeKey> @ 6,
        // --- clusters ---
        clusters: Map<ClusterId, Cluster> @ 9,
        cluster_params: Map<ClusterId, Params> @ 10,
        /// Which node holds a vnode token of a cluster (uniqueness of tokens per cluster).
        v_node_holder: Map<(ClusterId, VNodeToken), NodeKey> @ 11,
        clusters_by_manager: Index<ClusterId> @ 12,
        // --- buckets ---
        buckets: Map<BucketId, Bucket> @ 15,
        bucket_params: Map<BucketId, Params> @ 16,
        bucket_access: Map<BucketId, BucketAccess> @ 17,
        buckets_by_owner: Index<BucketId> @ 18,
        // --- money ---
        accounts: Map<AccountId, Account> @ 21,
        // --- admin ---
        permissions: Map<(AccountId, Permission), ()> @ 22,
        /// Counters and settings.
        config: Cell<Config> @ 23,
        /// Exchange-rate periods before the current one, numbered from 0 (see [`crate::rent`]).
        rate_periods: Map<u32, RatePeriod> @ 24,
    }
}

/// ink!'s test build derives `Debug` for the contract's storage struct.
impl ::core::fmt::Debug for Core {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        f.write_str("Core")
    }
}

impl scale::Encode for Core {
    fn encode_to<T: scale::Output + ?Sized>(&self, _dest: &mut T) {}
}

impl scale::Decode for Core {
    fn decode<I: scale::Input>(_input: &mut I) -> core::result::Result<Self, scale::Error> {
        Ok(Self::default())
    }
}

#[cfg(feature = "std")]
mod metadata {
    use super::*;
    use ink::metadata::layout::{Layout, StructLayout};
    use scale_info::{build::Fields, Path, Type, TypeInfo};

    /// The root cell holds nothing.
    impl TypeInfo for Core {
        type Identity = Self;

        fn type_info() -> Type {
            Type::builder()
                .path(Path::new("Core", module_path!()))
                .composite(Fields::unit())
        }
    }

    /// One root per map and cell, at its prefix (an index shows as its three maps).
    impl ink::storage::traits::StorageLayout for Core {
        fn layout(_: &ink::primitives::Key) -> Layout {
            Layout::Struct(StructLayout::new("Core", Core::layout_fields()))
        }
    }
}

/// The owner key of `nodes_all`'s single list (an index of its own, so this key never meets a
/// provider's list, even the all-zero account's).
pub const EVERY_NODE: AccountId = AccountId([0; 32]);

/// The core's scalar state (set by the constructor; the default is never observed).
#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Config {
    pub last_cluster_id: ClusterId,
    pub last_bucket_id: BucketId,
    /// The exchange rate in force (USD units per CERE; UNIT = 1 USD per CERE) and since when.
    pub rate: RatePeriod,
    /// Rate updates so far (= earlier periods stored in `rate_periods`).
    pub rate_updates: u32,
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
            rate: RatePeriod {
                from_ms: 0,
                clock_from: 0,
                usd_per_cere: UNIT,
            },
            rate_updates: 0,
            super_admin_count: 0,
            network_fee_bp: 0,
            network_fee_destination: AccountId::from([0; 32]),
            cluster_management_fee_bp: 0,
            unbonding_period_ms: DEFAULT_UNBONDING_PERIOD_MS,
        }
    }
}

impl Core {
    /// Fresh state at `now`: `admin` holds SuperAdmin and SetExchangeRate; no fees; 7-day
    /// unbonding; 1 USD per CERE from `now` on.
    pub fn new(admin: AccountId, now: u64) -> Self {
        let mut core = Self::default();
        let mut config = Config {
            super_admin_count: 1,
            network_fee_destination: admin,
            ..Config::default()
        };
        config.rate.from_ms = now;
        core.config.set(&config);
        core.permissions
            .insert((admin, Permission::SuperAdmin), &());
        core.permissions
            .insert((admin, Permission::SetExchangeRate), &());
        core
    }

    /// The counters and settings.
    pub fn config(&self) -> Config {
        self.config
            .get()
            .expect("the constructor stores the configuration")
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

/// `a × b`, or `Overflow`. Kept out of line: a checked 128-bit product expands to ≈ 150 bytes
/// of Wasm wherever it is inlined.
#[inline(never)]
pub fn mul(a: u128, b: u128) -> Result<u128> {
    a.checked_mul(b).ok_or(Error::Overflow)
}

/// `(a / b, a % b)`, or `Overflow` when `b` is 0 (one out-of-line copy, as for [`mul`]).
#[inline(never)]
pub fn div_rem(a: u128, b: u128) -> Result<(u128, u128)> {
    match (a.checked_div(b), a.checked_rem(b)) {
        (Some(quotient), Some(remainder)) => Ok((quotient, remainder)),
        _ => Err(Error::Overflow),
    }
}

/// Next sequential id after `last` (ids start at 1).
pub(crate) fn next_id(last: u32) -> Result<u32> {
    last.checked_add(1).ok_or(Error::Overflow)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ink::metadata::layout::Layout;
    use ink::storage::traits::StorageLayout;

    /// Every map and cell of the core has its own storage prefix, none of them ink!'s root key.
    #[test]
    fn storage_prefixes_are_distinct() {
        let Layout::Struct(layout) = Core::layout(&0) else {
            panic!("the core's layout is a struct");
        };
        let mut prefixes: Vec<u32> = layout
            .fields()
            .iter()
            .map(|field| match field.layout() {
                Layout::Root(root) => *root.root_key().key(),
                other => panic!("{}: not a root: {other:?}", field.name()),
            })
            .collect();
        assert_eq!(
            prefixes.len(),
            24,
            "11 maps, the configuration, 4 indexes of 3 maps"
        );
        prefixes.sort_unstable();
        prefixes.dedup();
        assert_eq!(prefixes.len(), 24, "a prefix is shared");
        assert!(!prefixes.contains(&0), "the root key is ink!'s");
    }
}
