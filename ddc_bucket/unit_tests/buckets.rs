//! Buckets: creation, allocation, access lists, availability, owner hand-over and closing.

use super::*;
use crate::bucket::Role;

#[ink::test]
fn bucket_create_assigns_sequential_ids_and_counts_in_the_cluster() {
    let (mut core, cluster) = reference();
    assert_eq!(
        core.bucket_create(bob(), params("b1"), cluster, NOW),
        Ok((
            1,
            BucketCreated {
                bucket_id: 1,
                owner: bob(),
                cluster_id: cluster,
            }
        ))
    );
    let (second, _) = core
        .bucket_create(charlie(), params("b2"), cluster, NOW)
        .unwrap();
    assert_eq!(second, 2);
    let (info, stored_params) = core.bucket_get(1, NOW).unwrap();
    assert_eq!(info.bucket_id, 1);
    assert_eq!(info.owner, bob());
    assert_eq!(info.pending_owner, None);
    assert_eq!(info.cluster_id, cluster);
    assert_eq!(info.resource_reserved, 0);
    assert!(!info.public);
    assert_eq!(info.writers, vec![]);
    assert_eq!(info.readers, vec![]);
    assert_eq!(info.rent_usd_per_month, 0);
    assert_eq!(info.amount_due, 0);
    assert_eq!(info.debt, 0);
    assert_eq!(stored_params, params("b1"));
}

#[ink::test]
fn bucket_create_in_an_unknown_cluster_fails_and_uses_no_id() {
    let (mut core, cluster) = reference();
    assert_eq!(
        core.bucket_create(bob(), params(""), 7, NOW),
        Err(Error::ClusterDoesNotExist)
    );
    assert_eq!(
        core.bucket_create(bob(), params(""), 0, NOW),
        Err(Error::ClusterDoesNotExist)
    );
    assert_eq!(listed_buckets(&core, Some(bob())), (vec![], 0));
    let (id, _) = core.bucket_create(bob(), params(""), cluster, NOW).unwrap();
    assert_eq!(id, 1);
}

#[ink::test]
fn bucket_create_with_too_long_params_fails() {
    let (mut core, cluster) = reference();
    assert_eq!(
        core.bucket_create(bob(), "x".repeat(MAX_PARAMS_LEN + 1), cluster, NOW),
        Err(Error::ParamsTooLong)
    );
    assert_eq!(core.bucket_get(1, NOW), Err(Error::BucketDoesNotExist));
}

#[ink::test]
fn an_owner_may_hold_at_most_32_buckets() {
    let (mut core, cluster) = reference();
    for _ in 0..MAX_BUCKETS_PER_OWNER {
        core.bucket_create(bob(), params(""), cluster, NOW).unwrap();
    }
    assert_eq!(
        core.bucket_create(bob(), params(""), cluster, NOW),
        Err(Error::TooManyBuckets)
    );
    assert_eq!(listed_buckets(&core, Some(bob())).1, 32);
    // Another owner is not affected.
    let (id, _) = core
        .bucket_create(charlie(), params(""), cluster, NOW)
        .unwrap();
    core.account_deposit(charlie(), FUNDS).unwrap();
    assert_eq!(id, 33);
}

#[ink::test]
fn bucket_alloc_reserves_resource_in_the_cluster() {
    let (mut core, cluster, bucket) = with_bucket();
    let (settled, changed) = core
        .bucket_alloc_into_cluster(bob(), bucket, 4, NOW)
        .unwrap();
    assert_eq!(
        settled,
        BucketSettled {
            bucket_id: bucket,
            cluster_id: cluster,
            owner: bob(),
            paid: 0,
            debt: 0,
        }
    );
    assert_eq!(
        changed,
        BucketResourceChanged {
            bucket_id: bucket,
            cluster_id: cluster,
            allocated: 4,
            freed: 0,
            resource_reserved: 4,
        }
    );
    let info = bucket_info(&core, bucket);
    assert_eq!(info.resource_reserved, 4);
    // The bucket's rent is the cluster's total rent per allocated unit.
    assert_eq!(info.rent_usd_per_month, 60 * 4);
    assert_eq!(cluster_info(&core, cluster).resource_used, 4);
    // Node reservations do not depend on bucket allocations.
    assert_eq!(free(&core, 1), 80);
    core.bucket_alloc_into_cluster(bob(), bucket, 3, NOW)
        .unwrap();
    assert_eq!(bucket_info(&core, bucket).resource_reserved, 7);
    assert_eq!(cluster_info(&core, cluster).resource_used, 7);
}

#[ink::test]
fn bucket_alloc_by_non_owner_fails() {
    let (mut core, cluster, bucket) = with_bucket();
    // Not even the cluster's manager.
    for caller in [alice(), charlie()] {
        assert_eq!(
            core.bucket_alloc_into_cluster(caller, bucket, 1, NOW),
            Err(Error::OnlyBucketOwner)
        );
        assert_eq!(
            core.bucket_free_resource(caller, bucket, 1, NOW),
            Err(Error::OnlyBucketOwner)
        );
    }
    assert_eq!(bucket_info(&core, bucket).resource_reserved, 0);
    assert_eq!(cluster_info(&core, cluster).resource_used, 0);
}

#[ink::test]
fn bucket_alloc_or_free_of_zero_fails() {
    let (mut core, cluster, bucket) = with_bucket();
    assert_eq!(
        core.bucket_alloc_into_cluster(bob(), bucket, 0, NOW),
        Err(Error::ZeroAmount)
    );
    core.bucket_alloc_into_cluster(bob(), bucket, 2, NOW)
        .unwrap();
    assert_eq!(
        core.bucket_free_resource(bob(), bucket, 0, NOW),
        Err(Error::ZeroAmount)
    );
    assert_eq!(bucket_info(&core, bucket).resource_reserved, 2);
    assert_eq!(cluster_info(&core, cluster).resource_used, 2);
}

#[ink::test]
fn bucket_alloc_on_unknown_bucket_fails() {
    let (mut core, _, _) = with_bucket();
    assert_eq!(
        core.bucket_alloc_into_cluster(bob(), 2, 1, NOW),
        Err(Error::BucketDoesNotExist)
    );
    assert_eq!(
        core.bucket_free_resource(bob(), 2, 1, NOW),
        Err(Error::BucketDoesNotExist)
    );
    assert_eq!(core.bucket_get(2, NOW), Err(Error::BucketDoesNotExist));
}

#[ink::test]
fn bucket_alloc_beyond_resource_per_vnode_across_buckets_fails() {
    let (mut core, cluster, first) = with_bucket();
    let (second, _) = core
        .bucket_create(charlie(), params(""), cluster, NOW)
        .unwrap();
    core.account_deposit(charlie(), FUNDS).unwrap();
    core.bucket_alloc_into_cluster(bob(), first, 6, NOW)
        .unwrap();
    assert_eq!(
        core.bucket_alloc_into_cluster(charlie(), second, 5, NOW),
        Err(Error::InsufficientClusterResource)
    );
    assert_eq!(bucket_info(&core, second).resource_reserved, 0);
    assert_eq!(cluster_info(&core, cluster).resource_used, 6);
    // Exactly what is left fits.
    core.bucket_alloc_into_cluster(charlie(), second, 4, NOW)
        .unwrap();
    assert_eq!(cluster_info(&core, cluster).resource_used, 10);
    assert_eq!(
        core.bucket_alloc_into_cluster(bob(), first, 1, NOW),
        Err(Error::InsufficientClusterResource)
    );
    assert_eq!(
        core.bucket_alloc_into_cluster(bob(), first, u32::MAX, NOW),
        Err(Error::InsufficientClusterResource)
    );
    assert_eq!(bucket_info(&core, first).resource_reserved, 6);
}

#[ink::test]
fn bucket_free_more_than_reserved_fails() {
    let (mut core, cluster, bucket) = with_bucket();
    core.bucket_alloc_into_cluster(bob(), bucket, 5, NOW)
        .unwrap();
    assert_eq!(
        core.bucket_free_resource(bob(), bucket, 6, NOW),
        Err(Error::InsufficientBucketResource)
    );
    assert_eq!(bucket_info(&core, bucket).resource_reserved, 5);
    assert_eq!(cluster_info(&core, cluster).resource_used, 5);
}

#[ink::test]
fn bucket_free_releases_resource_for_other_buckets() {
    let (mut core, cluster, first) = with_bucket();
    let (second, _) = core
        .bucket_create(charlie(), params(""), cluster, NOW)
        .unwrap();
    core.account_deposit(charlie(), FUNDS).unwrap();
    core.bucket_alloc_into_cluster(bob(), first, 10, NOW)
        .unwrap();
    let (_, changed) = core.bucket_free_resource(bob(), first, 3, NOW).unwrap();
    assert_eq!(
        changed,
        BucketResourceChanged {
            bucket_id: first,
            cluster_id: cluster,
            allocated: 0,
            freed: 3,
            resource_reserved: 7,
        }
    );
    assert_eq!(bucket_info(&core, first).resource_reserved, 7);
    assert_eq!(cluster_info(&core, cluster).resource_used, 7);
    core.bucket_alloc_into_cluster(charlie(), second, 3, NOW)
        .unwrap();
    assert_eq!(cluster_info(&core, cluster).resource_used, 10);
}

#[ink::test]
fn bucket_change_params_by_owner_only() {
    let (mut core, _, bucket) = with_bucket();
    assert_eq!(
        core.bucket_change_params(bob(), bucket, params("new")),
        Ok(BucketParamsChanged { bucket_id: bucket })
    );
    assert_eq!(
        core.bucket_change_params(alice(), bucket, params("alice's")),
        Err(Error::OnlyBucketOwner)
    );
    assert_eq!(
        core.bucket_change_params(bob(), bucket, "x".repeat(MAX_PARAMS_LEN + 1)),
        Err(Error::ParamsTooLong)
    );
    assert_eq!(core.bucket_get(bucket, NOW).unwrap().1, params("new"));
}

#[ink::test]
fn bucket_grant_and_revoke_writer() {
    let (mut core, _, bucket) = with_bucket();
    assert_eq!(
        core.bucket_set_access(bob(), bucket, charlie(), Role::Writer, true),
        Ok(BucketAccessChanged {
            bucket_id: bucket,
            account: charlie(),
            writer: true,
            granted: true,
        })
    );
    core.bucket_set_access(bob(), bucket, dave(), Role::Writer, true)
        .unwrap();
    let info = bucket_info(&core, bucket);
    assert_eq!(info.writers, vec![charlie(), dave()]);
    assert_eq!(info.readers, vec![]);
    assert_eq!(
        core.bucket_set_access(bob(), bucket, charlie(), Role::Writer, false),
        Ok(BucketAccessChanged {
            bucket_id: bucket,
            account: charlie(),
            writer: true,
            granted: false,
        })
    );
    assert_eq!(bucket_info(&core, bucket).writers, vec![dave()]);
}

#[ink::test]
fn bucket_grant_and_revoke_reader_is_independent_of_writers() {
    let (mut core, _, bucket) = with_bucket();
    core.bucket_set_access(bob(), bucket, charlie(), Role::Writer, true)
        .unwrap();
    assert_eq!(
        core.bucket_set_access(bob(), bucket, charlie(), Role::Reader, true),
        Ok(BucketAccessChanged {
            bucket_id: bucket,
            account: charlie(),
            writer: false,
            granted: true,
        })
    );
    let info = bucket_info(&core, bucket);
    assert_eq!(info.writers, vec![charlie()]);
    assert_eq!(info.readers, vec![charlie()]);
    core.bucket_set_access(bob(), bucket, charlie(), Role::Reader, false)
        .unwrap();
    let info = bucket_info(&core, bucket);
    assert_eq!(info.writers, vec![charlie()]);
    assert_eq!(info.readers, vec![]);
}

#[ink::test]
fn bucket_access_grant_twice_or_revoke_absent_fails() {
    let (mut core, _, bucket) = with_bucket();
    core.bucket_set_access(bob(), bucket, charlie(), Role::Writer, true)
        .unwrap();
    assert_eq!(
        core.bucket_set_access(bob(), bucket, charlie(), Role::Writer, true),
        Err(Error::AlreadyOnAccessList)
    );
    assert_eq!(
        core.bucket_set_access(bob(), bucket, charlie(), Role::Reader, false),
        Err(Error::NotOnAccessList)
    );
    assert_eq!(
        core.bucket_set_access(bob(), bucket, dave(), Role::Writer, false),
        Err(Error::NotOnAccessList)
    );
    let info = bucket_info(&core, bucket);
    assert_eq!(info.writers, vec![charlie()]);
    assert_eq!(info.readers, vec![]);
}

#[ink::test]
fn bucket_access_lists_hold_at_most_sixteen() {
    let (mut core, _, bucket) = with_bucket();
    let account = |n: u8| AccountId::from([50 + n; 32]);
    for n in 0..16 {
        core.bucket_set_access(bob(), bucket, account(n), Role::Writer, true)
            .unwrap();
    }
    assert_eq!(
        core.bucket_set_access(bob(), bucket, account(16), Role::Writer, true),
        Err(Error::AccessListFull)
    );
    let info = bucket_info(&core, bucket);
    assert_eq!(info.writers.len(), MAX_BUCKET_ACCESS_LIST);
    assert!(!info.writers.contains(&account(16)));
    // The reader list has its own room.
    core.bucket_set_access(bob(), bucket, account(16), Role::Reader, true)
        .unwrap();
    // Revoking one writer makes room for another.
    core.bucket_set_access(bob(), bucket, account(0), Role::Writer, false)
        .unwrap();
    core.bucket_set_access(bob(), bucket, account(16), Role::Writer, true)
        .unwrap();
    assert_eq!(
        bucket_info(&core, bucket).writers.last(),
        Some(&account(16))
    );
}

#[ink::test]
fn bucket_access_by_non_owner_fails() {
    let (mut core, _, bucket) = with_bucket();
    assert_eq!(
        core.bucket_set_access(charlie(), bucket, charlie(), Role::Writer, true),
        Err(Error::OnlyBucketOwner)
    );
    assert_eq!(bucket_info(&core, bucket).writers, vec![]);
}

#[ink::test]
fn bucket_set_availability_by_owner_only() {
    let (mut core, _, bucket) = with_bucket();
    assert_eq!(
        core.bucket_set_availability(bob(), bucket, true),
        Ok(BucketAvailabilitySet {
            bucket_id: bucket,
            public: true,
        })
    );
    assert!(bucket_info(&core, bucket).public);
    assert_eq!(
        core.bucket_set_availability(charlie(), bucket, false),
        Err(Error::OnlyBucketOwner)
    );
    assert!(bucket_info(&core, bucket).public);
    core.bucket_set_availability(bob(), bucket, false).unwrap();
    assert!(!bucket_info(&core, bucket).public);
}

#[ink::test]
fn bucket_owner_change_takes_effect_when_accepted() {
    let (mut core, _, bucket) = with_bucket();
    core.bucket_alloc_into_cluster(bob(), bucket, 2, NOW)
        .unwrap();
    assert_eq!(
        core.bucket_change_owner(bob(), bucket, charlie()),
        Ok(BucketOwnerOffered {
            bucket_id: bucket,
            owner: bob(),
            new_owner: charlie(),
        })
    );
    let offered = bucket_info(&core, bucket);
    assert_eq!(offered.owner, bob());
    assert_eq!(offered.pending_owner, Some(charlie()));

    let (_, accepted) = core.bucket_accept_owner(charlie(), bucket, NOW).unwrap();
    assert_eq!(
        accepted,
        BucketOwnerAccepted {
            bucket_id: bucket,
            previous_owner: bob(),
            owner: charlie(),
        }
    );
    let info = bucket_info(&core, bucket);
    assert_eq!(info.owner, charlie());
    assert_eq!(info.pending_owner, None);
    assert_eq!(info.resource_reserved, 2);
    assert_eq!(listed_buckets(&core, Some(bob())), (vec![], 0));
    assert_eq!(listed_buckets(&core, Some(charlie())), (vec![bucket], 1));
    // Only the new owner acts on the bucket now.
    assert_eq!(
        core.bucket_alloc_into_cluster(bob(), bucket, 1, NOW),
        Err(Error::OnlyBucketOwner)
    );
    core.account_deposit(charlie(), FUNDS).unwrap();
    core.bucket_alloc_into_cluster(charlie(), bucket, 1, NOW)
        .unwrap();
    assert_eq!(bucket_info(&core, bucket).resource_reserved, 3);
}

#[ink::test]
fn bucket_accept_owner_by_anybody_but_the_pending_owner_fails() {
    let (mut core, _, bucket) = with_bucket();
    assert_eq!(
        core.bucket_accept_owner(charlie(), bucket, NOW),
        Err(Error::OnlyPendingOwner)
    );
    core.bucket_change_owner(bob(), bucket, charlie()).unwrap();
    for caller in [dave(), bob()] {
        assert_eq!(
            core.bucket_accept_owner(caller, bucket, NOW),
            Err(Error::OnlyPendingOwner)
        );
    }
    let info = bucket_info(&core, bucket);
    assert_eq!(info.owner, bob());
    assert_eq!(info.pending_owner, Some(charlie()));
    assert_eq!(listed_buckets(&core, Some(bob())), (vec![bucket], 1));
    assert_eq!(listed_buckets(&core, Some(charlie())), (vec![], 0));
}

#[ink::test]
fn bucket_change_owner_by_non_owner_fails() {
    let (mut core, _, bucket) = with_bucket();
    assert_eq!(
        core.bucket_change_owner(charlie(), bucket, charlie()),
        Err(Error::OnlyBucketOwner)
    );
    assert_eq!(bucket_info(&core, bucket).pending_owner, None);
}

#[ink::test]
fn bucket_close_releases_its_resource_so_the_cluster_can_be_removed() {
    let (mut core, cluster, bucket) = with_bucket();
    core.bucket_alloc_into_cluster(bob(), bucket, 6, NOW)
        .unwrap();
    core.bucket_set_access(bob(), bucket, charlie(), Role::Reader, true)
        .unwrap();
    let (_, closed) = core.bucket_close(bob(), bucket, NOW).unwrap();
    assert_eq!(
        closed,
        BucketClosed {
            bucket_id: bucket,
            owner: bob(),
            resource_released: 6,
        }
    );
    assert_eq!(core.bucket_get(bucket, NOW), Err(Error::BucketDoesNotExist));
    assert_eq!(listed_buckets(&core, Some(bob())), (vec![], 0));
    assert_eq!(cluster_info(&core, cluster).resource_used, 0);
    // Nothing is allocated any more, so the resource per vnode may drop to 1.
    core.cluster_set_resource_per_vnode(alice(), cluster, 1)
        .unwrap();
    for n in 1..=3 {
        core.cluster_remove_node(alice(), cluster, node(n), NOW)
            .unwrap();
    }
    core.cluster_remove(alice(), cluster).unwrap();
    assert_eq!(
        core.cluster_get(cluster, NOW),
        Err(Error::ClusterDoesNotExist)
    );
}

#[ink::test]
fn bucket_close_by_non_owner_fails() {
    let (mut core, cluster, bucket) = with_bucket();
    core.bucket_alloc_into_cluster(bob(), bucket, 6, NOW)
        .unwrap();
    assert_eq!(
        core.bucket_close(alice(), bucket, NOW),
        Err(Error::OnlyBucketOwner)
    );
    assert_eq!(bucket_info(&core, bucket).resource_reserved, 6);
    assert_eq!(cluster_info(&core, cluster).resource_used, 6);
}
