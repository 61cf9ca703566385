//! # ddc_bucket — the core contract of the decentralized data cloud
//!
//! Providers register nodes and say which managers they trust; managers (accounts or manager
//! contracts) form clusters of nodes whose vnodes make a hash ring; apps create buckets in a
//! cluster and allocate resource. The logic lives in plain Rust ([`core::Core`] and its parts);
//! the contract module below is a thin adapter that reads the environment, calls the logic and
//! emits the event it returns.
#![cfg_attr(not(feature = "std"), no_std, no_main)]

pub mod accounts;
pub mod admin;
pub mod bucket;
pub mod cluster;
pub mod core;
pub mod events;
pub mod index;
pub mod node;
pub mod rent;
pub mod store;

#[cfg(test)]
mod conservation;
#[cfg(test)]
mod money_tests;
#[cfg(test)]
#[path = "unit_tests/mod.rs"]
mod tests;

/// The contract and its typed reference (constructors and call builders for tests and callers
/// written in Rust, e.g. ink_e2e).
pub use self::ddc_bucket::{DdcBucket, DdcBucketRef};

#[ink::contract]
mod ddc_bucket {
    use crate::bucket::{Resize, Role};
    use crate::core::Core;
    use crate::events::{emit, BucketSettled, CodeUpgraded, RevenuePaid};
    use ddc_types::{
        AccountInfo, BucketId, BucketInfo, ClusterId, ClusterInfo, ClusterManagement, Error,
        NodeInfo, NodeKey, NodeStatusInCluster, Params, Permission, Resource, Result, VNodeToken,
    };
    use ink::prelude::vec::Vec;

    /// The core contract's storage: all of it lives in [`Core`].
    #[ink(storage)]
    pub struct DdcBucket {
        core: Core,
    }

    impl DdcBucket {
        /// Deploy the core. The deployer holds `SuperAdmin` and `SetExchangeRate`; fees are zero
        /// (destination: the deployer); the unbonding period is 7 days; 1 USD per CERE.
        ///
        /// # Events
        /// None.
        #[ink(constructor)]
        pub fn new() -> Self {
            Self {
                core: Core::new(Self::env().caller(), Self::env().block_timestamp()),
            }
        }

        // ------------------------------------------------------------------ accounts

        /// Deposit the transferred value to the caller's account. Anyone may call.
        ///
        /// # Errors
        /// `ZeroAmount` (nothing transferred), `Overflow` (the deposit would pass `u128::MAX`).
        ///
        /// # Events
        /// `Deposited` (account, amount, new deposit).
        #[ink(message, payable)]
        pub fn account_deposit(&mut self) -> Result<()> {
            self.deposit_to(self.env().caller())
        }

        /// Deposit the transferred value to `owner`'s account (a third party funds an app). Anyone
        /// may call.
        ///
        /// # Errors
        /// `ZeroAmount` (nothing transferred), `Overflow` (the deposit would pass `u128::MAX`).
        ///
        /// # Events
        /// `Deposited` (account `owner`, amount, new deposit).
        #[ink(message, payable)]
        pub fn account_deposit_for(&mut self, owner: AccountId) -> Result<()> {
            self.deposit_to(owner)
        }

        fn deposit_to(&mut self, owner: AccountId) -> Result<()> {
            let event = self
                .core
                .account_deposit(owner, self.env().transferred_value())?;
            self.emitted(event)
        }

        /// Settle the caller's buckets, then move `amount` of its deposit into an unlocking chunk
        /// paid out by `account_withdraw_unbonded` after the unbonding period (the chunk is still
        /// charged for rent until then). At most 8 chunks. Anyone may call.
        ///
        /// # Errors
        /// `ZeroAmount`, `InsufficientDeposit` (the deposit left after settling is below `amount`),
        /// `TooManyUnlockingChunks` (8 chunks already), `Overflow` (arithmetic guard, not reachable
        /// in practice).
        ///
        /// # Events
        /// `BucketSettled` (bucket, cluster, owner, paid, debt) for each bucket the caller owns,
        /// then `Unbonded` (account, amount, release time).
        #[ink(message)]
        pub fn account_unbond(&mut self, amount: Balance) -> Result<()> {
            let (settled, event) = self.core.account_unbond(
                self.env().caller(),
                amount,
                self.env().block_timestamp(),
            )?;
            self.emit_settled(settled);
            self.emitted(event)
        }

        /// Settle the caller's buckets, then pay out its released unlocking chunks (what settling
        /// took from them is gone). Anyone may call.
        ///
        /// # Errors
        /// `NothingToWithdraw` (no chunk released, or settling emptied the released ones),
        /// `TransferFailed` (the runtime refused the payout), `Overflow` (arithmetic guard, not
        /// reachable in practice).
        ///
        /// # Events
        /// `BucketSettled` (bucket, cluster, owner, paid, debt) for each bucket the caller owns,
        /// then `Withdrawn` (account, amount).
        #[ink(message)]
        pub fn account_withdraw_unbonded(&mut self) -> Result<()> {
            let caller = self.env().caller();
            let (settled, event) = self
                .core
                .account_withdraw_unbonded(caller, self.env().block_timestamp())?;
            self.env()
                .transfer(caller, event.amount)
                .map_err(|_| Error::TransferFailed)?;
            self.emit_settled(settled);
            self.emitted(event)
        }

        /// An account's deposit, unlocking chunks, rent per month (USD, and native at the current
        /// rate), accrued rent (at the rates it accrued at), debt and `rent_covered_until_ms`, as
        /// of the current block (rent increases due by then included).
        ///
        /// # Errors
        /// `Overflow` (arithmetic guard, not reachable in practice).
        ///
        /// # Events
        /// None (query).
        #[ink(message)]
        pub fn account_get(&self, account: AccountId) -> Result<AccountInfo> {
            self.core.account_get(account, self.env().block_timestamp())
        }

        /// The exchange rate: USD units (10 decimals) per CERE.
        ///
        /// # Events
        /// None (query).
        #[ink(message)]
        pub fn account_get_usd_per_cere(&self) -> Balance {
            self.core.config().rate.usd_per_cere
        }

        /// Set the exchange rate (USD units per CERE; 10^10 = 1 USD) from now on: rent accrued
        /// before converts at the rate in force while it accrued. Holder of `SetExchangeRate` only.
        /// At most ×2 or ÷2 per update, updates at least 1 hour apart (the first one excepted).
        ///
        /// # Errors
        /// `MissingPermission` (the caller lacks `SetExchangeRate`), `InvalidExchangeRate` (outside
        /// 10^4 ..= 10^16, more than a factor 2 away from the current rate, or less than 1 hour
        /// after the previous update), `Overflow` (arithmetic guard, not reachable in practice).
        ///
        /// # Events
        /// `ExchangeRateSet` (rate, `from_ms`).
        #[ink(message)]
        pub fn account_set_usd_per_cere(&mut self, usd_per_cere: Balance) -> Result<()> {
            let event = self.core.account_set_usd_per_cere(
                self.env().caller(),
                usd_per_cere,
                self.env().block_timestamp(),
            )?;
            self.emitted(event)
        }

        /// Settle a bucket's rent up to now: anyone may call. Takes the owner's deposit, then its
        /// unlocking funds; what they cannot cover becomes the bucket's debt (no revert). A bucket
        /// whose cluster was removed owes nothing more: settling it forgives its debt.
        ///
        /// # Errors
        /// `BucketDoesNotExist`, `Overflow` (arithmetic guard, not reachable in practice).
        ///
        /// # Events
        /// `BucketSettled` (bucket, cluster, owner, paid, debt).
        #[ink(message)]
        pub fn bucket_settle_payment(&mut self, bucket_id: BucketId) -> Result<()> {
            let event = self
                .core
                .bucket_settle_payment(bucket_id, self.env().block_timestamp())?;
            self.emitted(event)
        }

        /// Emit `event` and succeed: the tail of every message that makes one change.
        fn emitted<E: crate::events::CoreEvent>(&self, event: E) -> Result<()> {
            emit(event);
            Ok(())
        }

        fn emit_settled(&self, settled: Vec<BucketSettled>) {
            for event in settled {
                emit(event);
            }
        }

        // ------------------------------------------------------------------ nodes

        /// Register a node with key `node_key`; the caller becomes its provider. `rent_per_month`
        /// is at most 10^15 (`MAX_RENT_PER_MONTH`). Anyone may call.
        ///
        /// # Errors
        /// `ParamsTooLong` (over 4 096 bytes), `RentTooHigh`, `NodeAlreadyExists`, `Overflow`
        /// (arithmetic guard, not reachable in practice).
        ///
        /// # Events
        /// `NodeCreated` (node, provider, capacity, rent).
        #[ink(message)]
        pub fn node_create(
            &mut self,
            node_key: NodeKey,
            params: Params,
            capacity: Resource,
            rent_per_month: Balance,
        ) -> Result<()> {
            let caller = self.env().caller();
            let event =
                self.core
                    .node_create(caller, node_key, params, capacity, rent_per_month)?;
            self.emitted(event)
        }

        /// Replace a node's params. Provider only.
        ///
        /// # Errors
        /// `ParamsTooLong`, `NodeDoesNotExist`, `OnlyNodeProvider`.
        ///
        /// # Events
        /// `NodeParamsChanged` (node).
        #[ink(message)]
        pub fn node_change_params(&mut self, node_key: NodeKey, params: Params) -> Result<()> {
            let event = self
                .core
                .node_change_params(self.env().caller(), node_key, params)?;
            self.emitted(event)
        }

        /// Change a node's rent (USD units per resource unit per vnode per month, at most 10^15).
        /// Provider only. A decrease, or any change while the node is in no cluster, applies at
        /// once; an increase of a node in a cluster applies from now + the unbonding period (shown
        /// by `node_get` meanwhile), so apps can free their resource first; a new change replaces a
        /// pending increase.
        ///
        /// # Errors
        /// `RentTooHigh`, `NodeDoesNotExist`, `OnlyNodeProvider`, `Overflow` (arithmetic guard, not
        /// reachable in practice).
        ///
        /// # Events
        /// `NodeRentChanged` (node, rent, `from_ms`: now, or when the increase applies).
        #[ink(message)]
        pub fn node_change_rent(
            &mut self,
            node_key: NodeKey,
            rent_per_month: Balance,
        ) -> Result<()> {
            let event = self.core.node_change_rent(
                self.env().caller(),
                node_key,
                rent_per_month,
                self.env().block_timestamp(),
            )?;
            self.emitted(event)
        }

        /// Change a node's capacity. Provider only.
        ///
        /// # Errors
        /// `NodeDoesNotExist`, `OnlyNodeProvider`, `InsufficientNodeCapacity` (below what its
        /// cluster's vnodes reserve).
        ///
        /// # Events
        /// `NodeCapacityChanged` (node, capacity).
        #[ink(message)]
        pub fn node_change_capacity(
            &mut self,
            node_key: NodeKey,
            capacity: Resource,
        ) -> Result<()> {
            let event = self
                .core
                .node_change_capacity(self.env().caller(), node_key, capacity)?;
            self.emitted(event)
        }

        /// Deregister a node that is in no cluster. Provider only.
        ///
        /// # Errors
        /// `NodeDoesNotExist`, `OnlyNodeProvider`, `NodeIsInCluster`.
        ///
        /// # Events
        /// `NodeRemoved` (node, provider).
        #[ink(message)]
        pub fn node_remove(&mut self, node_key: NodeKey) -> Result<()> {
            let event = self.core.node_remove(self.env().caller(), node_key)?;
            self.emitted(event)
        }

        /// The caller (a provider) lets `manager` add the caller's nodes to clusters `manager`
        /// manages. Anyone may call.
        ///
        /// # Errors
        /// None (always succeeds, also when the trust is already given).
        ///
        /// # Events
        /// `ManagerTrustChanged` (provider, manager, trusted `true`), also when nothing changed.
        #[ink(message)]
        pub fn node_trust_manager(&mut self, manager: AccountId) -> Result<()> {
            self.set_trust(manager, true)
        }

        /// Withdraw the caller's trust in `manager` (nodes already in its clusters stay). Anyone
        /// may call.
        ///
        /// # Errors
        /// None (always succeeds, also when no trust was given).
        ///
        /// # Events
        /// `ManagerTrustChanged` (provider, manager, trusted `false`), also when nothing changed.
        #[ink(message)]
        pub fn node_distrust_manager(&mut self, manager: AccountId) -> Result<()> {
            self.set_trust(manager, false)
        }

        /// The body of both trust messages, kept out of line so that it is compiled once.
        #[inline(never)]
        fn set_trust(&mut self, manager: AccountId, trusted: bool) -> Result<()> {
            let event = self
                .core
                .node_set_trust(self.env().caller(), manager, trusted)?;
            self.emitted(event)
        }

        /// A node and its params: the rent in force now and a pending increase with the time it
        /// applies.
        ///
        /// # Errors
        /// `NodeDoesNotExist`.
        ///
        /// # Events
        /// None (query).
        #[ink(message)]
        pub fn node_get(&self, node_key: NodeKey) -> Result<(NodeInfo, Params)> {
            self.core.node_get(node_key, self.env().block_timestamp())
        }

        /// A page of nodes (all, or `filter_provider`'s), without params, and the total count.
        ///
        /// # Errors
        /// `PageLimitTooLarge` (limit > 32).
        ///
        /// # Events
        /// None (query).
        #[ink(message)]
        pub fn node_list(
            &self,
            offset: u32,
            limit: u32,
            filter_provider: Option<AccountId>,
        ) -> Result<(Vec<NodeInfo>, u32)> {
            self.core
                .node_list(offset, limit, filter_provider, self.env().block_timestamp())
        }

        // ------------------------------------------------------------------ clusters

        /// Create a cluster whose vnodes each reserve `resource_per_vnode`; the caller becomes its
        /// manager. Anyone may call. Returns the new id (sequential from 1).
        ///
        /// # Errors
        /// `ParamsTooLong`, `Overflow` (arithmetic guard, not reachable in practice).
        ///
        /// # Events
        /// `ClusterCreated` (cluster, manager, resource per vnode).
        #[ink(message)]
        pub fn cluster_create(
            &mut self,
            params: Params,
            resource_per_vnode: Resource,
        ) -> Result<ClusterId> {
            let (cluster_id, event) = self.core.cluster_create(
                self.env().caller(),
                params,
                resource_per_vnode,
                self.env().block_timestamp(),
            )?;
            emit(event);
            Ok(cluster_id)
        }

        /// Remove a cluster with no nodes, no allocated resource and no undistributed revenues
        /// (empty buckets may remain: their owners can still close them). Manager only.
        ///
        /// # Errors
        /// `ClusterDoesNotExist`, `OnlyClusterManager`, `ClusterIsNotEmpty`.
        ///
        /// # Events
        /// `ClusterRemoved` (cluster, manager).
        #[ink(message)]
        pub fn cluster_remove(&mut self, cluster_id: ClusterId) -> Result<()> {
            let event = self.core.cluster_remove(self.env().caller(), cluster_id)?;
            self.emitted(event)
        }

        /// A cluster with its nodes (vnodes, statuses) and params; `total_rent` is the one in force
        /// now.
        ///
        /// # Errors
        /// `ClusterDoesNotExist`, `Overflow` (arithmetic guard, not reachable in practice).
        ///
        /// # Events
        /// None (query).
        #[ink(message)]
        pub fn cluster_get(&self, cluster_id: ClusterId) -> Result<(ClusterInfo, Params)> {
            self.core
                .cluster_get(cluster_id, self.env().block_timestamp())
        }

        /// A page of clusters (by id from `offset + 1`, or `filter_manager`'s), without nodes and
        /// params, and the total, as stored (`cluster_get` adds rent increases due since the
        /// cluster's last write).
        ///
        /// # Errors
        /// `PageLimitTooLarge` (limit > 32).
        ///
        /// # Events
        /// None (query).
        #[ink(message)]
        pub fn cluster_list(
            &self,
            offset: u32,
            limit: u32,
            filter_manager: Option<AccountId>,
        ) -> Result<(Vec<ClusterInfo>, u32)> {
            self.core.cluster_list(offset, limit, filter_manager)
        }

        // ------------------------------------------------------------------ buckets

        /// Create a bucket in cluster `cluster_id`; the caller owns it and pays its rent. At most
        /// 32 buckets per owner. Returns the new id (sequential from 1).
        ///
        /// # Errors
        /// `ParamsTooLong`, `TooManyBuckets` (the caller owns 32 buckets), `ClusterDoesNotExist`,
        /// `Overflow` (arithmetic guard, not reachable in practice).
        ///
        /// # Events
        /// `BucketCreated` (bucket, owner, cluster).
        #[ink(message)]
        pub fn bucket_create(&mut self, params: Params, cluster_id: ClusterId) -> Result<BucketId> {
            let (bucket_id, event) = self.core.bucket_create(
                self.env().caller(),
                params,
                cluster_id,
                self.env().block_timestamp(),
            )?;
            emit(event);
            Ok(bucket_id)
        }

        /// Allocate `resource` more units to the bucket (held on every vnode of its cluster),
        /// settling it first. Owner only. The owner's deposit (unlocking funds not counted) must
        /// cover its debt and the rent of all its buckets, this allocation included, for one day.
        ///
        /// # Errors
        /// `BucketDoesNotExist`, `ClusterDoesNotExist` (the bucket's cluster was removed),
        /// `OnlyBucketOwner`, `ZeroAmount`, `InsufficientClusterResource` (the cluster would
        /// allocate more than its resource per vnode), `InsufficientDeposit`, `Overflow`
        /// (arithmetic guard, not reachable in practice).
        ///
        /// # Events
        /// `BucketSettled` (bucket, cluster, owner, paid, debt), then `BucketResourceChanged`
        /// (bucket, cluster, allocated, freed 0, new reservation).
        #[ink(message)]
        pub fn bucket_alloc_into_cluster(
            &mut self,
            bucket_id: BucketId,
            resource: Resource,
        ) -> Result<()> {
            self.resize(bucket_id, resource, Resize::Allocate)
        }

        /// Release `resource` units of the bucket's allocation, settling it first (rent for them
        /// stops at once). Owner only.
        ///
        /// # Errors
        /// `BucketDoesNotExist`, `ClusterDoesNotExist` (the bucket's cluster was removed),
        /// `OnlyBucketOwner`, `ZeroAmount`, `InsufficientBucketResource` (more than the bucket
        /// holds), `Overflow` (arithmetic guard, not reachable in practice).
        ///
        /// # Events
        /// `BucketSettled` (bucket, cluster, owner, paid, debt), then `BucketResourceChanged`
        /// (bucket, cluster, allocated 0, freed, new reservation).
        #[ink(message)]
        pub fn bucket_free_resource(
            &mut self,
            bucket_id: BucketId,
            resource: Resource,
        ) -> Result<()> {
            self.resize(bucket_id, resource, Resize::Free)
        }

        /// The body of allocation, release and eviction, kept out of line so that it is
        /// compiled once.
        #[inline(never)]
        fn resize(&mut self, bucket_id: BucketId, resource: Resource, kind: Resize) -> Result<()> {
            let (settled, event) = self.core.bucket_resize(
                self.env().caller(),
                bucket_id,
                resource,
                kind,
                self.env().block_timestamp(),
            )?;
            let (owner, debt) = (settled.owner, settled.debt);
            emit(settled);
            if let Resize::Evict(cluster_id) = kind {
                return self.emitted(crate::events::BucketEvicted {
                    bucket_id,
                    cluster_id,
                    owner,
                    resource_freed: event.freed,
                    debt,
                });
            }
            self.emitted(event)
        }

        /// Replace the bucket's params. Owner only.
        ///
        /// # Errors
        /// `ParamsTooLong`, `BucketDoesNotExist`, `OnlyBucketOwner`.
        ///
        /// # Events
        /// `BucketParamsChanged` (bucket).
        #[ink(message)]
        pub fn bucket_change_params(&mut self, bucket_id: BucketId, params: Params) -> Result<()> {
            let event = self
                .core
                .bucket_change_params(self.env().caller(), bucket_id, params)?;
            self.emitted(event)
        }

        /// Make the bucket public (anyone may read) or private. Owner only.
        ///
        /// # Errors
        /// `BucketDoesNotExist`, `OnlyBucketOwner`.
        ///
        /// # Events
        /// `BucketAvailabilitySet` (bucket, public), also when nothing changed.
        #[ink(message)]
        pub fn bucket_set_availability(&mut self, bucket_id: BucketId, public: bool) -> Result<()> {
            let event =
                self.core
                    .bucket_set_availability(self.env().caller(), bucket_id, public)?;
            self.emitted(event)
        }

        /// Let `writer` write the bucket. Owner only; at most 16 writers.
        ///
        /// # Errors
        /// `BucketDoesNotExist`, `OnlyBucketOwner`, `AlreadyOnAccessList`, `AccessListFull`.
        ///
        /// # Events
        /// `BucketAccessChanged` (bucket, account, writer `true`, granted `true`).
        #[ink(message)]
        pub fn bucket_set_writer_perm(
            &mut self,
            bucket_id: BucketId,
            writer: AccountId,
        ) -> Result<()> {
            self.set_access(bucket_id, writer, Role::Writer, true)
        }

        /// Take write access from `writer`. Owner only.
        ///
        /// # Errors
        /// `BucketDoesNotExist`, `OnlyBucketOwner`, `NotOnAccessList`.
        ///
        /// # Events
        /// `BucketAccessChanged` (bucket, account, writer `true`, granted `false`).
        #[ink(message)]
        pub fn bucket_revoke_writer_perm(
            &mut self,
            bucket_id: BucketId,
            writer: AccountId,
        ) -> Result<()> {
            self.set_access(bucket_id, writer, Role::Writer, false)
        }

        /// Let `reader` read the (private) bucket. Owner only; at most 16 readers.
        ///
        /// # Errors
        /// `BucketDoesNotExist`, `OnlyBucketOwner`, `AlreadyOnAccessList`, `AccessListFull`.
        ///
        /// # Events
        /// `BucketAccessChanged` (bucket, account, writer `false`, granted `true`).
        #[ink(message)]
        pub fn bucket_set_reader_perm(
            &mut self,
            bucket_id: BucketId,
            reader: AccountId,
        ) -> Result<()> {
            self.set_access(bucket_id, reader, Role::Reader, true)
        }

        /// Take read access from `reader`. Owner only.
        ///
        /// # Errors
        /// `BucketDoesNotExist`, `OnlyBucketOwner`, `NotOnAccessList`.
        ///
        /// # Events
        /// `BucketAccessChanged` (bucket, account, writer `false`, granted `false`).
        #[ink(message)]
        pub fn bucket_revoke_reader_perm(
            &mut self,
            bucket_id: BucketId,
            reader: AccountId,
        ) -> Result<()> {
            self.set_access(bucket_id, reader, Role::Reader, false)
        }

        /// Offer the bucket (ownership and rent) to `new_owner`, replacing any earlier offer; it
        /// takes effect when `new_owner` calls `bucket_accept_owner`. Owner only.
        ///
        /// # Errors
        /// `BucketDoesNotExist`, `OnlyBucketOwner`.
        ///
        /// # Events
        /// `BucketOwnerOffered` (bucket, owner, new owner).
        #[ink(message)]
        pub fn bucket_change_owner(
            &mut self,
            bucket_id: BucketId,
            new_owner: AccountId,
        ) -> Result<()> {
            let event = self
                .core
                .bucket_change_owner(self.env().caller(), bucket_id, new_owner)?;
            self.emitted(event)
        }

        /// Accept a bucket offered to the caller: the previous owner pays the rent up to now, then
        /// the caller owns the bucket, pays its rent and owes its debt. Only the account it was
        /// offered to.
        ///
        /// # Errors
        /// `BucketDoesNotExist`, `OnlyPendingOwner` (no offer to the caller), `TooManyBuckets` (the
        /// caller owns 32 buckets), `Overflow` (arithmetic guard, not reachable in practice).
        ///
        /// # Events
        /// `BucketSettled` (bucket, cluster, owner, paid, debt) (owner: the previous one), then
        /// `BucketOwnerAccepted` (bucket, previous owner, owner).
        #[ink(message)]
        pub fn bucket_accept_owner(&mut self, bucket_id: BucketId) -> Result<()> {
            let (settled, event) = self.core.bucket_accept_owner(
                self.env().caller(),
                bucket_id,
                self.env().block_timestamp(),
            )?;
            emit(settled);
            self.emitted(event)
        }

        /// Settle and close the bucket, releasing its resource. Owner only; refused while the
        /// bucket keeps a debt after settling. A bucket whose cluster was removed closes too (its
        /// debt, owed to nobody, is forgiven).
        ///
        /// # Errors
        /// `BucketDoesNotExist`, `OnlyBucketOwner`, `BucketHasDebt` (the owner's funds do not cover
        /// what the bucket owes), `Overflow` (arithmetic guard, not reachable in practice).
        ///
        /// # Events
        /// `BucketSettled` (bucket, cluster, owner, paid, debt), then `BucketClosed` (bucket,
        /// owner, resource released).
        #[ink(message)]
        pub fn bucket_close(&mut self, bucket_id: BucketId) -> Result<()> {
            let (settled, event) = self.core.bucket_close(
                self.env().caller(),
                bucket_id,
                self.env().block_timestamp(),
            )?;
            emit(settled);
            self.emitted(event)
        }

        /// A bucket (owner, cluster, resource, availability, writers, readers, rent, amount due,
        /// debt, `rent_covered_until_ms`) and its params.
        ///
        /// # Errors
        /// `BucketDoesNotExist`, `Overflow` (arithmetic guard, not reachable in practice).
        ///
        /// # Events
        /// None (query).
        #[ink(message)]
        pub fn bucket_get(&self, bucket_id: BucketId) -> Result<(BucketInfo, Params)> {
            self.core
                .bucket_get(bucket_id, self.env().block_timestamp())
        }

        /// A page of buckets (by id from `offset + 1`, or `filter_owner`'s), without access lists
        /// and params, and the total.
        ///
        /// # Errors
        /// `PageLimitTooLarge` (limit > 32).
        ///
        /// # Events
        /// None (query).
        #[ink(message)]
        pub fn bucket_list(
            &self,
            offset: u32,
            limit: u32,
            filter_owner: Option<AccountId>,
        ) -> Result<(Vec<BucketInfo>, u32)> {
            self.core.bucket_list(offset, limit, filter_owner)
        }

        fn set_access(
            &mut self,
            bucket_id: BucketId,
            account: AccountId,
            role: Role,
            granted: bool,
        ) -> Result<()> {
            let event = self.core.bucket_set_access(
                self.env().caller(),
                bucket_id,
                account,
                role,
                granted,
            )?;
            self.emitted(event)
        }

        // ------------------------------------------------------------------ admin

        /// Whether `grantee` holds `permission`.
        ///
        /// # Events
        /// None (query).
        #[ink(message)]
        pub fn has_permission(&self, grantee: AccountId, permission: Permission) -> bool {
            self.core.has_permission(grantee, permission)
        }

        /// Grant `permission` to `grantee` (no-op if held). SuperAdmin only; trust
        /// (`ClusterManagerTrustedBy`) is granted by providers, never here.
        ///
        /// # Errors
        /// `MissingPermission` (the caller is no SuperAdmin), `PermissionNotAdministrable`
        /// (`ClusterManagerTrustedBy`), `Overflow` (SuperAdmin count; not reachable in practice).
        ///
        /// # Events
        /// `PermissionChanged` (grantee, permission, granted `true`), only when it changed.
        #[ink(message)]
        pub fn admin_grant_permission(
            &mut self,
            grantee: AccountId,
            permission: Permission,
        ) -> Result<()> {
            self.set_permission(grantee, permission, true)
        }

        /// Revoke `permission` from `grantee` (no-op if not held). SuperAdmin only; the last
        /// SuperAdmin cannot be revoked.
        ///
        /// # Errors
        /// `MissingPermission` (the caller is no SuperAdmin), `PermissionNotAdministrable`
        /// (`ClusterManagerTrustedBy`), `LastSuperAdmin`.
        ///
        /// # Events
        /// `PermissionChanged` (grantee, permission, granted `false`), only when it changed.
        #[ink(message)]
        pub fn admin_revoke_permission(
            &mut self,
            grantee: AccountId,
            permission: Permission,
        ) -> Result<()> {
            self.set_permission(grantee, permission, false)
        }

        /// The body of grant and revoke, kept out of line so that it is compiled once.
        #[inline(never)]
        fn set_permission(
            &mut self,
            grantee: AccountId,
            permission: Permission,
            granted: bool,
        ) -> Result<()> {
            let event = self.core.admin_set_permission(
                self.env().caller(),
                grantee,
                permission,
                granted,
            )?;
            if let Some(event) = event {
                emit(event);
            }
            Ok(())
        }

        /// Set the fees taken from distributed cluster revenues: `network_fee_bp` to
        /// `network_fee_destination`, `cluster_management_fee_bp` to the cluster's manager.
        /// SuperAdmin only.
        ///
        /// # Errors
        /// `InvalidFeeConfig` (the destination is this contract, refused before the permission
        /// check; a network fee above 1 000 bp or a management fee above 2 000 bp),
        /// `MissingPermission`.
        ///
        /// # Events
        /// `FeeConfigSet` (destination, network fee bp, management fee bp).
        #[ink(message)]
        pub fn admin_set_fee_config(
            &mut self,
            network_fee_bp: u32,
            network_fee_destination: AccountId,
            cluster_management_fee_bp: u32,
        ) -> Result<()> {
            if network_fee_destination == self.env().account_id() {
                return Err(Error::InvalidFeeConfig);
            }
            let event = self.core.admin_set_fee_config(
                self.env().caller(),
                network_fee_bp,
                network_fee_destination,
                cluster_management_fee_bp,
            )?;
            self.emitted(event)
        }

        /// The fee configuration: (network fee bp, network fee destination, management fee bp).
        ///
        /// # Events
        /// None (query).
        #[ink(message)]
        pub fn admin_get_fee_config(&self) -> (u32, AccountId, u32) {
            self.core.fee_config()
        }

        /// Set the unbonding period (ms) for chunks unbonded from now on. SuperAdmin only.
        ///
        /// # Errors
        /// `MissingPermission`, `UnbondingPeriodOutOfBounds` (outside 1 h ..= 90 days).
        ///
        /// # Events
        /// `UnbondingPeriodSet` (period).
        #[ink(message)]
        pub fn admin_set_unbonding_period(&mut self, unbonding_period_ms: u64) -> Result<()> {
            let event = self
                .core
                .admin_set_unbonding_period(self.env().caller(), unbonding_period_ms)?;
            self.emitted(event)
        }

        /// The unbonding period in ms.
        ///
        /// # Events
        /// None (query).
        #[ink(message)]
        pub fn admin_get_unbonding_period(&self) -> u64 {
            self.core.config().unbonding_period_ms
        }

        /// Replace this contract's code with the uploaded code `code_hash` (storage is kept).
        /// SuperAdmin only.
        ///
        /// # Errors
        /// `MissingPermission`, `SetCodeFailed` (no uploaded code with that hash).
        ///
        /// # Events
        /// `CodeUpgraded` (code hash).
        #[ink(message)]
        pub fn admin_set_code(&mut self, code_hash: Hash) -> Result<()> {
            self.core
                .require_permission(self.env().caller(), Permission::SuperAdmin)?;
            self.env()
                .set_code_hash(&code_hash)
                .map_err(|_| Error::SetCodeFailed)?;
            emit(CodeUpgraded { code_hash });
            Ok(())
        }
    }

    impl Default for DdcBucket {
        fn default() -> Self {
            Self::new()
        }
    }

    /// The messages cluster managers call; labels in the ABI are `ClusterManagement::<name>`.
    impl ClusterManagement for DdcBucket {
        /// Accept a cluster offered to the caller by `cluster_transfer_manager`. Only the account
        /// it was offered to.
        ///
        /// # Errors
        /// `ClusterDoesNotExist`, `OnlyPendingManager` (no offer to the caller), `Overflow`
        /// (arithmetic guard, not reachable in practice).
        ///
        /// # Events
        /// `ClusterManagerAccepted` (cluster, previous manager, manager).
        #[ink(message)]
        fn cluster_accept_manager(&mut self, cluster_id: ClusterId) -> Result<()> {
            let event = self
                .core
                .cluster_accept_manager(self.env().caller(), cluster_id)?;
            self.emitted(event)
        }

        /// Offer the cluster to `new_manager` (an account or a manager contract), replacing any
        /// earlier offer; it takes effect when `new_manager` accepts. Manager only.
        ///
        /// # Errors
        /// `ClusterDoesNotExist`, `OnlyClusterManager`.
        ///
        /// # Events
        /// `ClusterManagerOffered` (cluster, manager, new manager).
        #[ink(message)]
        fn cluster_transfer_manager(
            &mut self,
            cluster_id: ClusterId,
            new_manager: AccountId,
        ) -> Result<()> {
            let event =
                self.core
                    .cluster_transfer_manager(self.env().caller(), cluster_id, new_manager)?;
            self.emitted(event)
        }

        /// Admit node `node_key` with vnode tokens `v_nodes` (status `Adding`). Manager only; the
        /// provider must trust the manager (or be it); the node must be in no cluster; 1..=16
        /// tokens, distinct and new to the cluster; capacity ≥ vnodes × resource per vnode; at most
        /// 32 nodes per cluster, counting the providers of departed nodes not yet paid by
        /// `cluster_distribute_revenues`.
        ///
        /// # Errors
        /// `ClusterDoesNotExist`, `OnlyClusterManager`, `NodeDoesNotExist`, `NodeIsInCluster`,
        /// `ProviderDoesNotTrustManager`, `TooManyNodesInCluster` (nodes plus unpaid departed
        /// providers reach 32), `NoVNodes`, `TooManyVNodes`, `VNodeTokenTaken` (already in the
        /// cluster, or repeated), `InsufficientNodeCapacity`, `Overflow` (arithmetic guard, not
        /// reachable in practice).
        ///
        /// # Events
        /// `ClusterNodeAdded` (cluster, node, vnodes, new total rent).
        #[ink(message)]
        fn cluster_add_node(
            &mut self,
            cluster_id: ClusterId,
            node_key: NodeKey,
            v_nodes: Vec<VNodeToken>,
        ) -> Result<()> {
            let event = self.core.cluster_add_node(
                self.env().caller(),
                cluster_id,
                node_key,
                v_nodes,
                self.env().block_timestamp(),
            )?;
            self.emitted(event)
        }

        /// Remove node `node_key` and its vnodes from the cluster; what the node earned so far
        /// stays with its provider until the next distribution, and a pending rent increase of the
        /// node applies at once. The manager, or the node's provider.
        ///
        /// # Errors
        /// `ClusterDoesNotExist`, `NodeDoesNotExist`, `NodeNotInCluster`, `OnlyClusterManager` (the
        /// caller is neither the manager nor the provider), `Overflow` (arithmetic guard, not
        /// reachable in practice).
        ///
        /// # Events
        /// `ClusterNodeRemoved` (cluster, node, new total rent).
        #[ink(message)]
        fn cluster_remove_node(&mut self, cluster_id: ClusterId, node_key: NodeKey) -> Result<()> {
            let event = self.core.cluster_remove_node(
                self.env().caller(),
                cluster_id,
                node_key,
                self.env().block_timestamp(),
            )?;
            self.emitted(event)
        }

        /// Move vnodes `v_nodes` of the cluster to `new_node_key`, a node of the same cluster; the
        /// cluster's total rent is re-priced. Manager only.
        ///
        /// # Errors
        /// `ClusterDoesNotExist`, `OnlyClusterManager`, `NodeDoesNotExist`, `NodeNotInCluster` (the
        /// new node), `NoVNodes`, `VNodeTokenTaken` (a token repeated), `VNodeDoesNotExist` (a
        /// token not in the cluster), `TooManyVNodes` (the new node would hold more than 16),
        /// `InsufficientNodeCapacity`, `Overflow` (arithmetic guard, not reachable in practice).
        ///
        /// # Events
        /// `ClusterNodeReplaced` (cluster, new node, vnodes, new total rent).
        #[ink(message)]
        fn cluster_replace_node(
            &mut self,
            cluster_id: ClusterId,
            v_nodes: Vec<VNodeToken>,
            new_node_key: NodeKey,
        ) -> Result<()> {
            let event = self.core.cluster_replace_node(
                self.env().caller(),
                cluster_id,
                v_nodes,
                new_node_key,
                self.env().block_timestamp(),
            )?;
            self.emitted(event)
        }

        /// Set node `node_key`'s status in the cluster. Manager only.
        ///
        /// # Errors
        /// `ClusterDoesNotExist`, `OnlyClusterManager`, `NodeDoesNotExist`, `NodeNotInCluster`.
        ///
        /// # Events
        /// `ClusterNodeStatusSet` (cluster, node, status).
        #[ink(message)]
        fn cluster_set_node_status(
            &mut self,
            cluster_id: ClusterId,
            node_key: NodeKey,
            status: NodeStatusInCluster,
        ) -> Result<()> {
            let event = self.core.cluster_set_node_status(
                self.env().caller(),
                cluster_id,
                node_key,
                status,
            )?;
            self.emitted(event)
        }

        /// Replace the cluster's params. Manager only.
        ///
        /// # Errors
        /// `ParamsTooLong`, `ClusterDoesNotExist`, `OnlyClusterManager`.
        ///
        /// # Events
        /// `ClusterParamsChanged` (cluster).
        #[ink(message)]
        fn cluster_change_params(&mut self, cluster_id: ClusterId, params: Params) -> Result<()> {
            let event = self
                .core
                .cluster_change_params(self.env().caller(), cluster_id, params)?;
            self.emitted(event)
        }

        /// Change the resource each vnode reserves on its node. Manager only.
        ///
        /// # Errors
        /// `ClusterDoesNotExist`, `OnlyClusterManager`, `ResourceStillAllocated` (below what
        /// buckets hold), `InsufficientNodeCapacity` (a node cannot hold its vnodes at the new
        /// size).
        ///
        /// # Events
        /// `ClusterResourcePerVnodeSet` (cluster, resource per vnode).
        #[ink(message)]
        fn cluster_set_resource_per_vnode(
            &mut self,
            cluster_id: ClusterId,
            resource_per_vnode: Resource,
        ) -> Result<()> {
            let event = self.core.cluster_set_resource_per_vnode(
                self.env().caller(),
                cluster_id,
                resource_per_vnode,
            )?;
            self.emitted(event)
        }

        /// Pay out the cluster's revenues: the network fee to its destination, the management fee
        /// to the manager, the rest to providers in proportion to what their nodes earned since the
        /// last distribution (vnodes × rent in force × allocated resource × time, nodes that left
        /// since included; one transfer per account). Rounding remainders stay for next time; while
        /// nobody earned anything nothing is paid, not even fees. Anyone may call.
        ///
        /// # Errors
        /// `ClusterDoesNotExist`, `TransferFailed` (the runtime refused a transfer), `Overflow`
        /// (arithmetic guard, not reachable in practice).
        ///
        /// # Events
        /// `RevenuePaid` (cluster, to, amount) per non-zero transfer, then `RevenuesDistributed`
        /// (cluster, network fee, management fee, providers paid, remainder), also when nothing is
        /// paid (all 0, remainder = the revenues).
        #[ink(message)]
        fn cluster_distribute_revenues(&mut self, cluster_id: ClusterId) -> Result<()> {
            let (payouts, event) = self
                .core
                .cluster_distribute_revenues(cluster_id, self.env().block_timestamp())?;
            for (to, amount) in payouts {
                self.env()
                    .transfer(to, amount)
                    .map_err(|_| Error::TransferFailed)?;
                emit(RevenuePaid {
                    cluster_id,
                    to,
                    amount,
                });
            }
            self.emitted(event)
        }

        /// Evict bucket `bucket_id` of the cluster: settle it, then free all its resource (the debt
        /// stays with its owner). Manager of the bucket's cluster only; allowed only while the
        /// owner's funds do not cover its rent beyond now (`rent_covered_until_ms` ≤ now) or it
        /// owes a debt.
        ///
        /// # Errors
        /// `BucketDoesNotExist` (also when the bucket is in another cluster the caller manages),
        /// `ClusterDoesNotExist` (the bucket's cluster was removed), `OnlyClusterManager` (the
        /// caller does not manage the bucket's cluster, whatever `cluster_id` says),
        /// `InsufficientBucketResource` (nothing allocated), `BucketRentCovered`, `Overflow`
        /// (arithmetic guard, not reachable in practice).
        ///
        /// # Events
        /// `BucketSettled` (bucket, cluster, owner, paid, debt), then `BucketEvicted` (bucket,
        /// cluster, owner, resource freed, debt).
        #[ink(message)]
        fn cluster_evict_bucket(
            &mut self,
            cluster_id: ClusterId,
            bucket_id: BucketId,
        ) -> Result<()> {
            self.resize(bucket_id, 0, Resize::Evict(cluster_id))
        }
    }
}
