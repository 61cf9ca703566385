//! Buckets: an app's storage in one cluster, with an owner who pays and bounded access lists.

use crate::cluster::id_range;
use crate::core::{check_params, next_id, require, BucketAccess, Core};
use crate::events::{
    BucketAccessChanged, BucketAvailabilitySet, BucketClosed, BucketCreated, BucketOwnerAccepted,
    BucketOwnerOffered, BucketParamsChanged, BucketResourceChanged,
};
use crate::index::check_limit;
use ddc_types::{
    AccountId, BucketId, BucketInfo, ClusterId, Error, Params, Resource, Result,
    MAX_BUCKET_ACCESS_LIST,
};
use ink::prelude::vec::Vec;

/// A bucket's stored record (params and access lists kept apart).
#[derive(Debug, Clone, PartialEq, Eq, scale::Encode, scale::Decode)]
#[cfg_attr(
    feature = "std",
    derive(scale_info::TypeInfo, ink::storage::traits::StorageLayout)
)]
pub struct Bucket {
    pub owner: AccountId,
    pub pending_owner: Option<AccountId>,
    pub cluster_id: ClusterId,
    pub resource_reserved: Resource,
    pub public: bool,
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

    /// Create a bucket in an existing cluster; `caller` owns it and pays its rent.
    pub fn bucket_create(
        &mut self,
        caller: AccountId,
        params: Params,
        cluster_id: ClusterId,
    ) -> Result<(BucketId, BucketCreated)> {
        check_params(&params)?;
        let mut cluster = self.cluster(cluster_id)?;
        let bucket_id = next_id(self.last_bucket_id)?;
        cluster.bucket_count = cluster.bucket_count.checked_add(1).ok_or(Error::Overflow)?;
        self.buckets_by_owner.insert(caller, bucket_id)?;
        self.last_bucket_id = bucket_id;
        let bucket = Bucket {
            owner: caller,
            pending_owner: None,
            cluster_id,
            resource_reserved: 0,
            public: false,
        };
        self.buckets.insert(bucket_id, &bucket);
        self.bucket_params.insert(bucket_id, &params);
        self.clusters.insert(cluster_id, &cluster);
        Ok((
            bucket_id,
            BucketCreated {
                bucket_id,
                owner: caller,
                cluster_id,
            },
        ))
    }

    /// Allocate `resource` more units to the bucket in its cluster. Owner only; the cluster must
    /// have that much left per vnode.
    pub fn bucket_alloc_into_cluster(
        &mut self,
        caller: AccountId,
        bucket_id: BucketId,
        resource: Resource,
    ) -> Result<BucketResourceChanged> {
        if resource == 0 {
            return Err(Error::ZeroAmount);
        }
        let mut bucket = self.owned_bucket(caller, bucket_id)?;
        let mut cluster = self.cluster(bucket.cluster_id)?;
        let used = cluster
            .resource_used
            .checked_add(resource)
            .filter(|used| *used <= cluster.resource_per_vnode)
            .ok_or(Error::InsufficientClusterResource)?;
        bucket.resource_reserved = bucket
            .resource_reserved
            .checked_add(resource)
            .ok_or(Error::Overflow)?;
        cluster.resource_used = used;
        self.clusters.insert(bucket.cluster_id, &cluster);
        self.buckets.insert(bucket_id, &bucket);
        Ok(BucketResourceChanged {
            bucket_id,
            cluster_id: bucket.cluster_id,
            allocated: resource,
            freed: 0,
            resource_reserved: bucket.resource_reserved,
        })
    }

    /// Release `resource` units of the bucket's allocation. Owner only.
    pub fn bucket_free_resource(
        &mut self,
        caller: AccountId,
        bucket_id: BucketId,
        resource: Resource,
    ) -> Result<BucketResourceChanged> {
        if resource == 0 {
            return Err(Error::ZeroAmount);
        }
        let mut bucket = self.owned_bucket(caller, bucket_id)?;
        let mut cluster = self.cluster(bucket.cluster_id)?;
        bucket.resource_reserved = bucket
            .resource_reserved
            .checked_sub(resource)
            .ok_or(Error::InsufficientBucketResource)?;
        cluster.resource_used = cluster
            .resource_used
            .checked_sub(resource)
            .ok_or(Error::Overflow)?;
        self.clusters.insert(bucket.cluster_id, &cluster);
        self.buckets.insert(bucket_id, &bucket);
        Ok(BucketResourceChanged {
            bucket_id,
            cluster_id: bucket.cluster_id,
            allocated: 0,
            freed: resource,
            resource_reserved: bucket.resource_reserved,
        })
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
        let present = list.contains(&account);
        match (granted, present) {
            (true, true) => return Err(Error::AlreadyOnAccessList),
            (false, false) => return Err(Error::NotOnAccessList),
            (true, false) if list.len() >= MAX_BUCKET_ACCESS_LIST => {
                return Err(Error::AccessListFull)
            }
            (true, false) => list.push(account),
            (false, true) => list.retain(|a| *a != account),
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

    /// Accept a bucket offered to `caller`; from now on `caller` owns it and pays its rent.
    pub fn bucket_accept_owner(
        &mut self,
        caller: AccountId,
        bucket_id: BucketId,
    ) -> Result<BucketOwnerAccepted> {
        let mut bucket = self.bucket(bucket_id)?;
        if bucket.pending_owner != Some(caller) {
            return Err(Error::OnlyPendingOwner);
        }
        let previous_owner = bucket.owner;
        self.buckets_by_owner
            .transfer(previous_owner, caller, bucket_id)?;
        bucket.owner = caller;
        bucket.pending_owner = None;
        self.buckets.insert(bucket_id, &bucket);
        Ok(BucketOwnerAccepted {
            bucket_id,
            previous_owner,
            owner: caller,
        })
    }

    /// Close the bucket: release its resource and delete it. Owner only.
    pub fn bucket_close(&mut self, caller: AccountId, bucket_id: BucketId) -> Result<BucketClosed> {
        let bucket = self.owned_bucket(caller, bucket_id)?;
        let mut cluster = self.cluster(bucket.cluster_id)?;
        cluster.resource_used = cluster
            .resource_used
            .checked_sub(bucket.resource_reserved)
            .ok_or(Error::Overflow)?;
        cluster.bucket_count = cluster.bucket_count.checked_sub(1).ok_or(Error::Overflow)?;
        self.clusters.insert(bucket.cluster_id, &cluster);
        self.buckets.remove(bucket_id);
        self.bucket_params.remove(bucket_id);
        self.bucket_access.remove(bucket_id);
        self.buckets_by_owner.remove(caller, bucket_id);
        Ok(BucketClosed {
            bucket_id,
            owner: caller,
            resource_released: bucket.resource_reserved,
        })
    }

    /// A bucket's full view and params.
    pub fn bucket_get(&self, bucket_id: BucketId) -> Result<(BucketInfo, Params)> {
        let bucket = self.bucket(bucket_id)?;
        let access = self.bucket_access.get(bucket_id).unwrap_or_default();
        let params = self.bucket_params.get(bucket_id).unwrap_or_default();
        Ok((bucket_info(bucket_id, bucket, access), params))
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
            None => id_range(offset, limit, self.last_bucket_id),
        };
        let page = ids
            .into_iter()
            .filter_map(|id| {
                self.buckets
                    .get(id)
                    .map(|bucket| bucket_info(id, bucket, BucketAccess::default()))
            })
            .collect();
        Ok((page, total))
    }
}

fn bucket_info(bucket_id: BucketId, bucket: Bucket, access: BucketAccess) -> BucketInfo {
    BucketInfo {
        bucket_id,
        owner: bucket.owner,
        pending_owner: bucket.pending_owner,
        cluster_id: bucket.cluster_id,
        resource_reserved: bucket.resource_reserved,
        public: bucket.public,
        writers: access.writers,
        readers: access.readers,
    }
}
