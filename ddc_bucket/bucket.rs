//! Buckets: an app's storage in one cluster, with an owner who pays and bounded access lists.

use crate::accounts::bucket_rent;
use crate::cluster::id_range;
use crate::core::{check_params, next_id, require, BucketAccess, Core};
use crate::events::{
    BucketAccessChanged, BucketAvailabilitySet, BucketClosed, BucketCreated, BucketEvicted,
    BucketOwnerAccepted, BucketOwnerOffered, BucketParamsChanged, BucketResourceChanged,
    BucketSettled,
};
use crate::index::check_limit;
use ddc_types::{
    AccountId, Balance, BucketId, BucketInfo, ClusterId, Error, Params, Resource, Result,
    MAX_BUCKETS_PER_OWNER, MAX_BUCKET_ACCESS_LIST, MIN_COVERAGE_MS,
};
use ink::prelude::vec::Vec;

/// A bucket's stored record (params and access lists kept apart).
#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Bucket {
    pub owner: AccountId,
    pub pending_owner: Option<AccountId>,
    pub cluster_id: ClusterId,
    pub resource_reserved: Resource,
    pub public: bool,
    /// The cluster's rent index at the last settlement.
    pub rent_index_at: u128,
    /// resource × rent index not yet worth a native unit (< `RENT_DIVISOR`).
    pub carry: u128,
    /// Rent that settlements could not collect (native units).
    pub debt: Balance,
}

/// What [`Core::bucket_resize`] does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resize {
    /// The owner allocates more.
    Allocate,
    /// The owner releases some.
    Free,
    /// The manager of this cluster frees all of an unpaid bucket's resource.
    Evict(ClusterId),
}

/// Which access list a grant or revocation is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Writer,
    Reader,
}

impl Core {
    /// The bucket, or `BucketDoesNotExist`.
    pub(crate) fn bucket(&self, bucket_id: BucketId) -> Result<Bucket> {
        self.buckets.get(bucket_id).ok_or(Error::BucketDoesNotExist)
    }

    /// The bucket, if `caller` owns it.
    fn owned_bucket(&self, caller: AccountId, bucket_id: BucketId) -> Result<Bucket> {
        let bucket = self.bucket(bucket_id)?;
        require(caller, bucket.owner, Error::OnlyBucketOwner)?;
        Ok(bucket)
    }

    /// Fail if `owner` already owns the maximum number of buckets.
    fn check_bucket_room(&self, owner: AccountId) -> Result<()> {
        if usize::try_from(self.buckets_by_owner.len(owner)).unwrap_or(usize::MAX)
            >= MAX_BUCKETS_PER_OWNER
        {
            return Err(Error::TooManyBuckets);
        }
        Ok(())
    }

    /// Create a bucket in an existing cluster; `caller` owns it and pays its rent.
    pub fn bucket_create(
        &mut self,
        caller: AccountId,
        params: Params,
        cluster_id: ClusterId,
        now: u64,
    ) -> Result<(BucketId, BucketCreated)> {
        check_params(&params)?;
        self.check_bucket_room(caller)?;
        let cluster = self.cluster_at(cluster_id, now)?;
        let mut config = self.config();
        let bucket_id = next_id(config.last_bucket_id)?;
        self.buckets_by_owner.insert(caller, bucket_id)?;
        config.last_bucket_id = bucket_id;
        self.config.set(&config);
        let bucket = Bucket {
            owner: caller,
            pending_owner: None,
            cluster_id,
            resource_reserved: 0,
            public: false,
            rent_index_at: cluster.ledger.rent_index,
            carry: 0,
            debt: 0,
        };
        self.buckets.insert(bucket_id, &bucket);
        self.bucket_params.insert(bucket_id, &params);
        Ok((
            bucket_id,
            BucketCreated {
                bucket_id,
                owner: caller,
                cluster_id,
            },
        ))
    }

    /// Allocate `resource` more units to the bucket in its cluster (settling first). Owner only;
    /// the cluster must have that much left per vnode, and the owner's deposit must cover all
    /// its buckets' rent, this allocation included, for [`MIN_COVERAGE_MS`].
    pub fn bucket_alloc_into_cluster(
        &mut self,
        caller: AccountId,
        bucket_id: BucketId,
        resource: Resource,
        now: u64,
    ) -> Result<(BucketSettled, BucketResourceChanged)> {
        self.bucket_resize(caller, bucket_id, resource, Resize::Allocate, now)
    }

    /// Release `resource` units of the bucket's allocation (settling first). Owner only.
    pub fn bucket_free_resource(
        &mut self,
        caller: AccountId,
        bucket_id: BucketId,
        resource: Resource,
        now: u64,
    ) -> Result<(BucketSettled, BucketResourceChanged)> {
        self.bucket_resize(caller, bucket_id, resource, Resize::Free, now)
    }

    /// Evict a bucket of the cluster whose owner does not cover its rent: settle it, then free
    /// all its resource. The cluster's manager only; allowed while the owner's funds do not
    /// cover its buckets' rent beyond `now` (`rent_covered_until_ms` ≤ now) or it owes a debt.
    /// The debt stays with the owner.
    pub fn cluster_evict_bucket(
        &mut self,
        caller: AccountId,
        cluster_id: ClusterId,
        bucket_id: BucketId,
        now: u64,
    ) -> Result<(BucketSettled, BucketEvicted)> {
        let (settled, changed) =
            self.bucket_resize(caller, bucket_id, 0, Resize::Evict(cluster_id), now)?;
        let evicted = BucketEvicted {
            bucket_id,
            cluster_id,
            owner: settled.owner,
            resource_freed: changed.freed,
            debt: settled.debt,
        };
        Ok((settled, evicted))
    }

    /// Settle the bucket up to `now`, then allocate or release `resource` units of its
    /// reservation and of its cluster's `resource_used` (an eviction releases all of them).
    /// Stores bucket, account and cluster. The one body of allocation, release and eviction.
    pub fn bucket_resize(
        &mut self,
        caller: AccountId,
        bucket_id: BucketId,
        resource: Resource,
        kind: Resize,
        now: u64,
    ) -> Result<(BucketSettled, BucketResourceChanged)> {
        let mut bucket = self.bucket(bucket_id)?;
        let mut cluster = self.cluster_at(bucket.cluster_id, now)?;
        let owner = bucket.owner;
        if let Resize::Evict(cluster_id) = kind {
            require(caller, cluster.manager, Error::OnlyClusterManager)?;
            if bucket.cluster_id != cluster_id {
                return Err(Error::BucketDoesNotExist);
            }
        } else {
            require(caller, owner, Error::OnlyBucketOwner)?;
            if resource == 0 {
                return Err(Error::ZeroAmount);
            }
        }
        let mut account = self.account(owner);
        let settled = self.settle(bucket_id, &mut bucket, Some(&mut cluster), &mut account)?;
        let (used, reserved) = (cluster.ledger.resource_used, bucket.resource_reserved);
        let (allocated, freed) = match kind {
            Resize::Allocate => {
                cluster.ledger.resource_used = used
                    .checked_add(resource)
                    .filter(|used| *used <= cluster.resource_per_vnode)
                    .ok_or(Error::InsufficientClusterResource)?;
                bucket.resource_reserved = reserved.checked_add(resource).ok_or(Error::Overflow)?;
                (resource, 0)
            }
            Resize::Free => (0, resource),
            Resize::Evict(_) if reserved == 0 => return Err(Error::InsufficientBucketResource),
            Resize::Evict(_) => {
                // Only while the owner's funds do not cover its rent (before the eviction).
                let changed = Some((bucket_id, &bucket, &cluster.ledger));
                let rent = self.owner_rent(owner, &account, account.funds(), now, changed)?;
                if rent.covered_until_ms > now && account.debt == 0 {
                    return Err(Error::BucketRentCovered);
                }
                (0, reserved)
            }
        };
        if freed > 0 {
            bucket.resource_reserved = reserved
                .checked_sub(freed)
                .ok_or(Error::InsufficientBucketResource)?;
            cluster.ledger.resource_used = used.checked_sub(freed).ok_or(Error::Overflow)?;
        }
        if allocated > 0 {
            // The deposit alone covers every bucket, this allocation included, for a day.
            let changed = Some((bucket_id, &bucket, &cluster.ledger));
            let rent = self.owner_rent(owner, &account, account.deposit, now, changed)?;
            if rent.covered_until_ms < now.saturating_add(MIN_COVERAGE_MS) {
                return Err(Error::InsufficientDeposit);
            }
        }
        self.clusters.insert(bucket.cluster_id, &cluster);
        self.buckets.insert(bucket_id, &bucket);
        self.store_account(owner, &account);
        Ok((
            settled,
            BucketResourceChanged {
                bucket_id,
                cluster_id: bucket.cluster_id,
                allocated,
                freed,
                resource_reserved: bucket.resource_reserved,
            },
        ))
    }

    /// Replace the bucket's params. Owner only.
    pub fn bucket_change_params(
        &mut self,
        caller: AccountId,
        bucket_id: BucketId,
        params: Params,
    ) -> Result<BucketParamsChanged> {
        check_params(&params)?;
        self.owned_bucket(caller, bucket_id)?;
        self.bucket_params.insert(bucket_id, &params);
        Ok(BucketParamsChanged { bucket_id })
    }

    /// Make the bucket public (anyone reads) or private. Owner only.
    pub fn bucket_set_availability(
        &mut self,
        caller: AccountId,
        bucket_id: BucketId,
        public: bool,
    ) -> Result<BucketAvailabilitySet> {
        let mut bucket = self.owned_bucket(caller, bucket_id)?;
        bucket.public = public;
        self.buckets.insert(bucket_id, &bucket);
        Ok(BucketAvailabilitySet { bucket_id, public })
    }

    /// Grant or revoke writer or reader access to `account`. Owner only; lists are bounded.
    pub fn bucket_set_access(
        &mut self,
        caller: AccountId,
        bucket_id: BucketId,
        account: AccountId,
        role: Role,
        granted: bool,
    ) -> Result<BucketAccessChanged> {
        self.owned_bucket(caller, bucket_id)?;
        let mut access = self.bucket_access.get(bucket_id).unwrap_or_default();
        let list = match role {
            Role::Writer => &mut access.writers,
            Role::Reader => &mut access.readers,
        };
        let present = list.iter().position(|a| *a == account);
        match (granted, present) {
            (true, Some(_)) => return Err(Error::AlreadyOnAccessList),
            (false, None) => return Err(Error::NotOnAccessList),
            (true, None) if list.len() >= MAX_BUCKET_ACCESS_LIST => {
                return Err(Error::AccessListFull)
            }
            (true, None) => list.push(account),
            (false, Some(at)) => {
                list.remove(at);
            }
        }
        self.bucket_access.insert(bucket_id, &access);
        Ok(BucketAccessChanged {
            bucket_id,
            account,
            writer: role == Role::Writer,
            granted,
        })
    }

    /// Offer the bucket (and its rent) to `new_owner`, replacing any earlier offer. Owner only.
    pub fn bucket_change_owner(
        &mut self,
        caller: AccountId,
        bucket_id: BucketId,
        new_owner: AccountId,
    ) -> Result<BucketOwnerOffered> {
        let mut bucket = self.owned_bucket(caller, bucket_id)?;
        bucket.pending_owner = Some(new_owner);
        self.buckets.insert(bucket_id, &bucket);
        Ok(BucketOwnerOffered {
            bucket_id,
            owner: caller,
            new_owner,
        })
    }

    /// Accept a bucket offered to `caller`: the previous owner pays the rent up to `now`
    /// (settled here); from then on `caller` owns the bucket, pays its rent and owes its debt.
    pub fn bucket_accept_owner(
        &mut self,
        caller: AccountId,
        bucket_id: BucketId,
        now: u64,
    ) -> Result<(BucketSettled, BucketOwnerAccepted)> {
        let mut bucket = self.bucket(bucket_id)?;
        if bucket.pending_owner != Some(caller) {
            return Err(Error::OnlyPendingOwner);
        }
        self.check_bucket_room(caller)?;
        let previous_owner = bucket.owner;
        let mut cluster = self.bucket_cluster(&bucket, now)?;
        let mut previous = self.account(previous_owner);
        let settled = self.settle(bucket_id, &mut bucket, cluster.as_mut(), &mut previous)?;
        if caller != previous_owner {
            // The bucket's debt moves with it.
            previous.debt = previous.debt.saturating_sub(bucket.debt);
            let mut account = self.account(caller);
            account.debt = account
                .debt
                .checked_add(bucket.debt)
                .ok_or(Error::Overflow)?;
            self.store_account(caller, &account);
        }
        self.store_account(previous_owner, &previous);
        if let Some(cluster) = &cluster {
            self.clusters.insert(bucket.cluster_id, cluster);
        }

        self.buckets_by_owner
            .transfer(previous_owner, caller, bucket_id)?;
        bucket.owner = caller;
        bucket.pending_owner = None;
        self.buckets.insert(bucket_id, &bucket);
        Ok((
            settled,
            BucketOwnerAccepted {
                bucket_id,
                previous_owner,
                owner: caller,
            },
        ))
    }

    /// Close the bucket: settle it, release its resource and delete it. Owner only; refused
    /// while rent is owed that the owner's funds cannot pay. A bucket of a removed cluster
    /// closes too.
    pub fn bucket_close(
        &mut self,
        caller: AccountId,
        bucket_id: BucketId,
        now: u64,
    ) -> Result<(BucketSettled, BucketClosed)> {
        let mut bucket = self.owned_bucket(caller, bucket_id)?;
        let mut cluster = self.bucket_cluster(&bucket, now)?;
        let mut account = self.account(caller);
        let settled = self.settle(bucket_id, &mut bucket, cluster.as_mut(), &mut account)?;
        if bucket.debt > 0 {
            return Err(Error::BucketHasDebt);
        }
        if let Some(cluster) = &mut cluster {
            cluster.ledger.resource_used = cluster
                .ledger
                .resource_used
                .checked_sub(bucket.resource_reserved)
                .ok_or(Error::Overflow)?;
            self.clusters.insert(bucket.cluster_id, cluster);
        }
        self.store_account(caller, &account);
        self.buckets.remove(bucket_id);
        self.bucket_params.remove(bucket_id);
        self.bucket_access.remove(bucket_id);
        self.buckets_by_owner.remove(caller, bucket_id);
        Ok((
            settled,
            BucketClosed {
                bucket_id,
                owner: caller,
                resource_released: bucket.resource_reserved,
            },
        ))
    }

    /// A bucket's full view and params, with its rent status as of `now`.
    pub fn bucket_get(&self, bucket_id: BucketId, now: u64) -> Result<(BucketInfo, Params)> {
        let bucket = self.bucket(bucket_id)?;
        let access = self.bucket_access.get(bucket_id).unwrap_or_default();
        let params = self.bucket_params.get(bucket_id).unwrap_or_default();
        let owner = self.account_get(bucket.owner, now)?;
        let mut info = bucket_info(bucket_id, &bucket, access);
        let mut accrued = 0;
        if self.clusters.contains(bucket.cluster_id) {
            let ledger = self
                .cluster_view(bucket.cluster_id, &self.clock(), now)?
                .ledger;
            (accrued, info.rent_usd_per_month) = bucket_rent(&bucket, &ledger)?;
        }
        info.amount_due = accrued.checked_add(bucket.debt).ok_or(Error::Overflow)?;
        info.rent_covered_until_ms = owner.rent_covered_until_ms;
        Ok((info, params))
    }

    /// A page of buckets (all by id, or one owner's) without access lists and params, and the
    /// total. Unfiltered, the page covers ids `offset + 1 ..= offset + limit` (closed ids are
    /// skipped) and the total is the number of ids ever created.
    pub fn bucket_list(
        &self,
        offset: u32,
        limit: u32,
        filter_owner: Option<AccountId>,
    ) -> Result<(Vec<BucketInfo>, u32)> {
        check_limit(limit)?;
        let (ids, total) = match filter_owner {
            Some(owner) => self.buckets_by_owner.page(owner, offset, limit)?,
            None => id_range(offset, limit, self.config().last_bucket_id),
        };
        let mut page = Vec::new();
        for id in ids {
            if let Some(bucket) = self.buckets.get(id) {
                page.push(bucket_info(id, &bucket, BucketAccess::default()));
            }
        }
        Ok((page, total))
    }
}

/// The stored part of a bucket's view (rent figures are filled in by `bucket_get`).
fn bucket_info(bucket_id: BucketId, bucket: &Bucket, access: BucketAccess) -> BucketInfo {
    BucketInfo {
        bucket_id,
        owner: bucket.owner,
        pending_owner: bucket.pending_owner,
        cluster_id: bucket.cluster_id,
        resource_reserved: bucket.resource_reserved,
        public: bucket.public,
        writers: access.writers,
        readers: access.readers,
        rent_usd_per_month: 0,
        amount_due: 0,
        debt: bucket.debt,
        rent_covered_until_ms: 0,
    }
}
