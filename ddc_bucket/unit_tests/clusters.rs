//! Clusters: creation and ids, parameters, resource per vnode, manager hand-over and removal.

use super::*;

#[ink::test]
fn cluster_create_assigns_sequential_ids_from_one() {
    let mut core = new_core();
    assert_eq!(
        core.cluster_create(alice(), params("first"), 10, NOW),
        Ok((
            1,
            ClusterCreated {
                cluster_id: 1,
                manager: alice(),
                resource_per_vnode: 10,
            }
        ))
    );
    let (second, _) = core
        .cluster_create(bob(), params("second"), 20, NOW)
        .unwrap();
    let (third, _) = core
        .cluster_create(alice(), params("third"), 30, NOW)
        .unwrap();
    assert_eq!((second, third), (2, 3));
    let (info, stored_params) = core.cluster_get(2, NOW).unwrap();
    assert_eq!(
        info,
        ClusterInfo {
            cluster_id: 2,
            manager: bob(),
            pending_manager: None,
            resource_per_vnode: 20,
            resource_used: 0,
            total_rent: 0,
            v_node_count: 0,
            revenues: 0,
            nodes: vec![],
        }
    );
    assert_eq!(stored_params, params("second"));
    assert_eq!(listed_clusters(&core, None), (vec![1, 2, 3], 3));
    assert_eq!(listed_clusters(&core, Some(alice())), (vec![1, 3], 2));
    assert_eq!(listed_clusters(&core, Some(bob())), (vec![2], 1));
}

#[ink::test]
fn cluster_create_with_too_long_params_fails_and_uses_no_id() {
    let mut core = new_core();
    assert_eq!(
        core.cluster_create(alice(), "x".repeat(MAX_PARAMS_LEN + 1), 10, NOW),
        Err(Error::ParamsTooLong)
    );
    assert_eq!(listed_clusters(&core, None), (vec![], 0));
    let (id, _) = core.cluster_create(alice(), params(""), 10, NOW).unwrap();
    assert_eq!(id, 1);
}

#[ink::test]
fn cluster_ids_are_not_reused_after_removal() {
    let (mut core, first) = empty_cluster();
    core.cluster_remove(alice(), first).unwrap();
    let (second, _) = core.cluster_create(alice(), params(""), 10, NOW).unwrap();
    assert_eq!(second, 2);
    assert_eq!(
        core.cluster_get(first, NOW),
        Err(Error::ClusterDoesNotExist)
    );
}

#[ink::test]
fn operations_on_an_unknown_cluster_fail() {
    let (mut core, _) = reference();
    core.node_create(alice(), node(4), params(""), 100, 1)
        .unwrap();
    for id in [0, 2, u32::MAX] {
        assert_eq!(core.cluster_get(id, NOW), Err(Error::ClusterDoesNotExist));
        assert_eq!(
            core.cluster_add_node(alice(), id, node(4), vec![1], NOW),
            Err(Error::ClusterDoesNotExist)
        );
        assert_eq!(
            core.cluster_remove_node(alice(), id, node(1), NOW),
            Err(Error::ClusterDoesNotExist)
        );
        assert_eq!(
            core.cluster_change_params(alice(), id, params("")),
            Err(Error::ClusterDoesNotExist)
        );
        assert_eq!(
            core.cluster_transfer_manager(alice(), id, bob()),
            Err(Error::ClusterDoesNotExist)
        );
        assert_eq!(
            core.cluster_accept_manager(bob(), id),
            Err(Error::ClusterDoesNotExist)
        );
        assert_eq!(
            core.cluster_remove(alice(), id),
            Err(Error::ClusterDoesNotExist)
        );
    }
    assert_eq!(node_info(&core, 4).cluster_id, None);
}

// ------------------------------------------------------------------------------------------------
// Parameters, resource per vnode, manager hand-over and removal
// ------------------------------------------------------------------------------------------------

#[ink::test]
fn cluster_change_params_by_manager_only() {
    let (mut core, cluster) = empty_cluster();
    assert_eq!(
        core.cluster_change_params(alice(), cluster, params("new")),
        Ok(ClusterParamsChanged {
            cluster_id: cluster,
        })
    );
    assert_eq!(core.cluster_get(cluster, NOW).unwrap().1, params("new"));
    assert_eq!(
        core.cluster_change_params(bob(), cluster, params("bob's")),
        Err(Error::OnlyClusterManager)
    );
    assert_eq!(
        core.cluster_change_params(alice(), cluster, "x".repeat(MAX_PARAMS_LEN + 1)),
        Err(Error::ParamsTooLong)
    );
    assert_eq!(core.cluster_get(cluster, NOW).unwrap().1, params("new"));
}

#[ink::test]
fn set_resource_per_vnode_changes_what_vnodes_reserve() {
    let (mut core, cluster) = reference();
    assert_eq!(
        core.cluster_set_resource_per_vnode(alice(), cluster, 20),
        Ok(ClusterResourcePerVnodeSet {
            cluster_id: cluster,
            resource_per_vnode: 20,
        })
    );
    assert_eq!(cluster_info(&core, cluster).resource_per_vnode, 20);
    for n in 1..=3 {
        assert_eq!(free(&core, n), 60);
    }
}

#[ink::test]
fn set_resource_per_vnode_below_allocated_resource_fails() {
    let (mut core, cluster, bucket) = with_bucket();
    core.bucket_alloc_into_cluster(bob(), bucket, 8, NOW)
        .unwrap();
    assert_eq!(
        core.cluster_set_resource_per_vnode(alice(), cluster, 7),
        Err(Error::ResourceStillAllocated)
    );
    assert_eq!(cluster_info(&core, cluster).resource_per_vnode, 10);
    core.cluster_set_resource_per_vnode(alice(), cluster, 8)
        .unwrap();
    assert_eq!(cluster_info(&core, cluster).resource_per_vnode, 8);
    assert_eq!(free(&core, 1), 84);
}

#[ink::test]
fn set_resource_per_vnode_beyond_node_capacity_fails() {
    let (mut core, cluster) = reference();
    // 2 vnodes × 51 = 102 > 100.
    assert_eq!(
        core.cluster_set_resource_per_vnode(alice(), cluster, 51),
        Err(Error::InsufficientNodeCapacity)
    );
    assert_eq!(cluster_info(&core, cluster).resource_per_vnode, 10);
    assert_eq!(free(&core, 1), 80);
    // Overflowing products are refused the same way.
    assert_eq!(
        core.cluster_set_resource_per_vnode(alice(), cluster, u32::MAX),
        Err(Error::InsufficientNodeCapacity)
    );
    core.cluster_set_resource_per_vnode(alice(), cluster, 50)
        .unwrap();
    assert_eq!(free(&core, 3), 0);
}

#[ink::test]
fn set_resource_per_vnode_checks_the_smallest_node() {
    let (mut core, cluster) = reference();
    core.node_change_capacity(charlie(), node(2), 40).unwrap();
    assert_eq!(
        core.cluster_set_resource_per_vnode(alice(), cluster, 21),
        Err(Error::InsufficientNodeCapacity)
    );
    core.cluster_set_resource_per_vnode(alice(), cluster, 20)
        .unwrap();
    assert_eq!(free(&core, 2), 0);
    assert_eq!(free(&core, 1), 60);
}

#[ink::test]
fn set_resource_per_vnode_by_non_manager_fails() {
    let (mut core, cluster) = reference();
    assert_eq!(
        core.cluster_set_resource_per_vnode(bob(), cluster, 20),
        Err(Error::OnlyClusterManager)
    );
    assert_eq!(cluster_info(&core, cluster).resource_per_vnode, 10);
}

#[ink::test]
fn transfer_manager_offers_and_accept_manager_hands_over() {
    let (mut core, cluster) = reference();
    assert_eq!(
        core.cluster_transfer_manager(alice(), cluster, bob()),
        Ok(ClusterManagerOffered {
            cluster_id: cluster,
            manager: alice(),
            new_manager: bob(),
        })
    );
    let offered = cluster_info(&core, cluster);
    assert_eq!(offered.manager, alice());
    assert_eq!(offered.pending_manager, Some(bob()));
    // Until accepted, Alice still manages.
    core.cluster_set_node_status(alice(), cluster, node(1), NodeStatusInCluster::Active)
        .unwrap();

    assert_eq!(
        core.cluster_accept_manager(bob(), cluster),
        Ok(ClusterManagerAccepted {
            cluster_id: cluster,
            previous_manager: alice(),
            manager: bob(),
        })
    );
    let accepted = cluster_info(&core, cluster);
    assert_eq!(accepted.manager, bob());
    assert_eq!(accepted.pending_manager, None);
    assert_eq!(listed_clusters(&core, Some(alice())), (vec![], 0));
    assert_eq!(listed_clusters(&core, Some(bob())), (vec![cluster], 1));
    assert_eq!(listed_clusters(&core, None), (vec![cluster], 1));
    assert_eq!(
        core.cluster_set_node_status(alice(), cluster, node(1), NodeStatusInCluster::Offline),
        Err(Error::OnlyClusterManager)
    );
    core.cluster_set_node_status(bob(), cluster, node(1), NodeStatusInCluster::Offline)
        .unwrap();
    // The offer is used up.
    assert_eq!(
        core.cluster_accept_manager(bob(), cluster),
        Err(Error::OnlyPendingManager)
    );
}

#[ink::test]
fn accept_manager_by_anybody_but_the_pending_manager_fails() {
    let (mut core, cluster) = reference();
    assert_eq!(
        core.cluster_accept_manager(bob(), cluster),
        Err(Error::OnlyPendingManager)
    );
    core.cluster_transfer_manager(alice(), cluster, bob())
        .unwrap();
    for caller in [charlie(), alice()] {
        assert_eq!(
            core.cluster_accept_manager(caller, cluster),
            Err(Error::OnlyPendingManager)
        );
    }
    let info = cluster_info(&core, cluster);
    assert_eq!(info.manager, alice());
    assert_eq!(info.pending_manager, Some(bob()));
    assert_eq!(listed_clusters(&core, Some(alice())), (vec![cluster], 1));
}

#[ink::test]
fn a_later_offer_replaces_the_earlier_one() {
    let (mut core, cluster) = empty_cluster();
    core.cluster_transfer_manager(alice(), cluster, bob())
        .unwrap();
    core.cluster_transfer_manager(alice(), cluster, charlie())
        .unwrap();
    assert_eq!(
        cluster_info(&core, cluster).pending_manager,
        Some(charlie())
    );
    assert_eq!(
        core.cluster_accept_manager(bob(), cluster),
        Err(Error::OnlyPendingManager)
    );
    core.cluster_accept_manager(charlie(), cluster).unwrap();
    assert_eq!(cluster_info(&core, cluster).manager, charlie());
}

#[ink::test]
fn transfer_manager_by_non_manager_fails() {
    let (mut core, cluster) = empty_cluster();
    assert_eq!(
        core.cluster_transfer_manager(bob(), cluster, bob()),
        Err(Error::OnlyClusterManager)
    );
    assert_eq!(cluster_info(&core, cluster).pending_manager, None);
}

#[ink::test]
fn new_manager_needs_the_providers_trust_to_add_their_nodes() {
    let (mut core, cluster) = empty_cluster();
    core.node_set_trust(bob(), alice(), true).unwrap();
    core.node_create(bob(), node(1), params(""), 100, 1)
        .unwrap();
    core.cluster_transfer_manager(alice(), cluster, charlie())
        .unwrap();
    core.cluster_accept_manager(charlie(), cluster).unwrap();
    assert_eq!(
        core.cluster_add_node(charlie(), cluster, node(1), vec![1], NOW),
        Err(Error::ProviderDoesNotTrustManager)
    );
}

#[ink::test]
fn cluster_remove_of_an_empty_cluster() {
    let (mut core, cluster) = empty_cluster();
    assert_eq!(
        core.cluster_remove(alice(), cluster),
        Ok(ClusterRemoved {
            cluster_id: cluster,
            manager: alice(),
        })
    );
    assert_eq!(
        core.cluster_get(cluster, NOW),
        Err(Error::ClusterDoesNotExist)
    );
    assert_eq!(listed_clusters(&core, Some(alice())), (vec![], 0));
    // The unfiltered list skips the removed id but counts it.
    assert_eq!(listed_clusters(&core, None), (vec![], 1));
}

#[ink::test]
fn cluster_remove_with_nodes_fails() {
    let (mut core, cluster) = reference();
    assert_eq!(
        core.cluster_remove(alice(), cluster),
        Err(Error::ClusterIsNotEmpty)
    );
    assert_eq!(cluster_info(&core, cluster).v_node_count, 6);
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
fn an_empty_bucket_does_not_block_cluster_removal_and_still_closes() {
    let (mut core, cluster) = empty_cluster();
    let (bucket, _) = core.bucket_create(bob(), params(""), cluster, NOW).unwrap();
    core.cluster_remove(alice(), cluster).unwrap();
    assert_eq!(bucket_info(&core, bucket).cluster_id, cluster);
    let (settled, closed) = core.bucket_close(bob(), bucket, NOW + 1).unwrap();
    assert_eq!((settled.paid, settled.debt), (0, 0));
    assert_eq!(closed.resource_released, 0);
    assert_eq!(core.bucket_get(bucket, NOW), Err(Error::BucketDoesNotExist));
}

#[ink::test]
fn cluster_remove_with_allocated_resource_fails() {
    let (mut core, cluster, bucket) = with_bucket();
    core.bucket_alloc_into_cluster(bob(), bucket, 1, NOW)
        .unwrap();
    for n in 1..=3 {
        core.cluster_remove_node(alice(), cluster, node(n), NOW)
            .unwrap();
    }
    assert_eq!(
        core.cluster_remove(alice(), cluster),
        Err(Error::ClusterIsNotEmpty)
    );
    core.bucket_free_resource(bob(), bucket, 1, NOW).unwrap();
    core.cluster_remove(alice(), cluster).unwrap();
}

#[ink::test]
fn cluster_remove_by_non_manager_fails() {
    let (mut core, cluster) = empty_cluster();
    assert_eq!(
        core.cluster_remove(bob(), cluster),
        Err(Error::OnlyClusterManager)
    );
    assert_eq!(listed_clusters(&core, Some(alice())), (vec![cluster], 1));
}
