//! Paged lists of nodes, clusters and buckets, and the storage of the per-owner indexes behind
//! them.

use super::*;

// ------------------------------------------------------------------------------------------------
// Nodes
// ------------------------------------------------------------------------------------------------

#[ink::test]
fn node_list_with_and_without_provider_filter() {
    let mut core = new_core();
    core.node_create(bob(), node(1), params(""), 1, 1).unwrap();
    core.node_create(charlie(), node(2), params(""), 2, 2)
        .unwrap();
    core.node_create(bob(), node(3), params(""), 3, 3).unwrap();
    assert_eq!(
        listed_nodes(&core, 0, 10, None),
        (vec![node(1), node(2), node(3)], 3)
    );
    assert_eq!(
        listed_nodes(&core, 0, 10, Some(bob())),
        (vec![node(1), node(3)], 2)
    );
    assert_eq!(
        listed_nodes(&core, 0, 10, Some(charlie())),
        (vec![node(2)], 1)
    );
    assert_eq!(listed_nodes(&core, 0, 10, Some(dave())), (vec![], 0));
    // List entries carry the same view as node_get.
    let (page, _) = core.node_list(0, 10, Some(charlie()), NOW).unwrap();
    assert_eq!(page, vec![node_info(&core, 2)]);
}

#[ink::test]
fn node_list_pages_by_offset_and_limit() {
    let mut core = new_core();
    for n in 1..=5 {
        core.node_create(bob(), node(n), params(""), 1, 1).unwrap();
    }
    assert_eq!(listed_nodes(&core, 0, 2, None), (vec![node(1), node(2)], 5));
    assert_eq!(listed_nodes(&core, 2, 2, None), (vec![node(3), node(4)], 5));
    assert_eq!(listed_nodes(&core, 4, 2, None), (vec![node(5)], 5));
    assert_eq!(listed_nodes(&core, 5, 2, None), (vec![], 5));
    assert_eq!(listed_nodes(&core, u32::MAX, 32, None), (vec![], 5));
    assert_eq!(listed_nodes(&core, 1, 0, None), (vec![], 5));
    assert_eq!(
        listed_nodes(&core, 3, 32, Some(bob())),
        (vec![node(4), node(5)], 5)
    );
}

#[ink::test]
fn node_list_with_limit_above_32_fails() {
    let mut core = new_core();
    core.node_create(bob(), node(1), params(""), 1, 1).unwrap();
    assert_eq!(
        core.node_list(0, MAX_PAGE_LIMIT + 1, None, NOW),
        Err(Error::PageLimitTooLarge)
    );
    assert_eq!(
        core.node_list(0, u32::MAX, Some(bob()), NOW),
        Err(Error::PageLimitTooLarge)
    );
    assert_eq!(
        listed_nodes(&core, 0, MAX_PAGE_LIMIT, None),
        (vec![node(1)], 1)
    );
}

#[ink::test]
fn node_list_pages_over_more_than_one_full_page() {
    let mut core = new_core();
    for n in 1..=33 {
        core.node_create(charlie(), node(n), params(""), 1, 1)
            .unwrap();
    }
    let (first, total) = listed_nodes(&core, 0, 32, None);
    assert_eq!(total, 33);
    assert_eq!(first, (1..=32).map(node).collect::<Vec<_>>());
    assert_eq!(listed_nodes(&core, 32, 32, None), (vec![node(33)], 33));
    assert_eq!(
        listed_nodes(&core, 32, 32, Some(charlie())),
        (vec![node(33)], 33)
    );
}

#[ink::test]
fn node_remove_keeps_both_lists_dense_by_swapping_in_the_last_item() {
    let mut core = new_core();
    core.node_create(bob(), node(1), params(""), 1, 1).unwrap();
    core.node_create(charlie(), node(2), params(""), 1, 1)
        .unwrap();
    core.node_create(bob(), node(3), params(""), 1, 1).unwrap();
    core.node_create(bob(), node(4), params(""), 1, 1).unwrap();

    core.node_remove(bob(), node(1)).unwrap();
    // The last node takes the removed one's place in both lists.
    assert_eq!(
        listed_nodes(&core, 0, 10, None),
        (vec![node(4), node(2), node(3)], 3)
    );
    assert_eq!(
        listed_nodes(&core, 0, 10, Some(bob())),
        (vec![node(4), node(3)], 2)
    );
    assert_eq!(
        listed_nodes(&core, 0, 10, Some(charlie())),
        (vec![node(2)], 1)
    );

    // Removing the last item just shortens the list.
    core.node_remove(bob(), node(3)).unwrap();
    assert_eq!(
        listed_nodes(&core, 0, 10, None),
        (vec![node(4), node(2)], 2)
    );
    assert_eq!(listed_nodes(&core, 0, 10, Some(bob())), (vec![node(4)], 1));

    core.node_remove(bob(), node(4)).unwrap();
    core.node_remove(charlie(), node(2)).unwrap();
    assert_eq!(listed_nodes(&core, 0, 10, None), (vec![], 0));
    assert_eq!(listed_nodes(&core, 0, 10, Some(bob())), (vec![], 0));
    assert_eq!(listed_nodes(&core, 0, 10, Some(charlie())), (vec![], 0));

    // The emptied lists start over at position 0.
    core.node_create(bob(), node(5), params(""), 1, 1).unwrap();
    assert_eq!(listed_nodes(&core, 0, 10, None), (vec![node(5)], 1));
    assert_eq!(listed_nodes(&core, 0, 10, Some(bob())), (vec![node(5)], 1));
}

// ------------------------------------------------------------------------------------------------
// Clusters
// ------------------------------------------------------------------------------------------------

#[ink::test]
fn cluster_list_pages_and_limits() {
    let mut core = new_core();
    for manager in [alice(), bob(), alice(), alice(), bob()] {
        core.cluster_create(manager, params(""), 1, NOW).unwrap();
    }
    let ids = |page: (Vec<ClusterInfo>, u32)| {
        (
            page.0.into_iter().map(|c| c.cluster_id).collect::<Vec<_>>(),
            page.1,
        )
    };
    assert_eq!(ids(core.cluster_list(0, 2, None).unwrap()), (vec![1, 2], 5));
    assert_eq!(
        ids(core.cluster_list(3, 10, None).unwrap()),
        (vec![4, 5], 5)
    );
    assert_eq!(ids(core.cluster_list(5, 10, None).unwrap()), (vec![], 5));
    assert_eq!(
        ids(core.cluster_list(u32::MAX, 32, None).unwrap()),
        (vec![], 5)
    );
    assert_eq!(
        ids(core.cluster_list(1, 2, Some(alice())).unwrap()),
        (vec![3, 4], 3)
    );
    assert_eq!(
        ids(core.cluster_list(0, 32, Some(bob())).unwrap()),
        (vec![2, 5], 2)
    );
    assert_eq!(
        core.cluster_list(0, 33, None),
        Err(Error::PageLimitTooLarge)
    );
    assert_eq!(
        core.cluster_list(0, 33, Some(alice())),
        Err(Error::PageLimitTooLarge)
    );
}

#[ink::test]
fn cluster_list_entries_leave_out_nodes() {
    let (core, cluster) = reference();
    let (page, _) = core.cluster_list(0, 1, None).unwrap();
    let mut full = cluster_info(&core, cluster);
    assert_eq!(full.nodes.len(), 3);
    full.nodes.clear();
    assert_eq!(page, vec![full]);
}

// ------------------------------------------------------------------------------------------------
// Buckets
// ------------------------------------------------------------------------------------------------

#[ink::test]
fn bucket_list_filters_by_owner_and_skips_closed_ids() {
    let (mut core, cluster) = reference();
    for owner in [bob(), charlie(), bob(), dave()] {
        core.bucket_create(owner, params(""), cluster, NOW).unwrap();
    }
    assert_eq!(listed_buckets(&core, None), (vec![1, 2, 3, 4], 4));
    assert_eq!(listed_buckets(&core, Some(bob())), (vec![1, 3], 2));
    assert_eq!(listed_buckets(&core, Some(charlie())), (vec![2], 1));
    assert_eq!(listed_buckets(&core, Some(alice())), (vec![], 0));

    core.bucket_close(bob(), 1, NOW).unwrap();
    assert_eq!(listed_buckets(&core, None), (vec![2, 3, 4], 4));
    assert_eq!(listed_buckets(&core, Some(bob())), (vec![3], 1));

    let (page, total) = core.bucket_list(1, 2, None).unwrap();
    assert_eq!(
        (page.iter().map(|b| b.bucket_id).collect::<Vec<_>>(), total),
        (vec![2, 3], 4)
    );
    assert_eq!(page[0].owner, charlie());
    assert_eq!(
        core.bucket_list(0, 33, Some(bob())),
        Err(Error::PageLimitTooLarge)
    );
    assert_eq!(core.bucket_list(0, 33, None), Err(Error::PageLimitTooLarge));
}

// ------------------------------------------------------------------------------------------------
// Index storage
// ------------------------------------------------------------------------------------------------

/// `nodes_all` and `nodes_by_provider` both map each node key to its position. Here the positions
/// differ (node 2 is 1st of Charlie's, 2nd of all), so if the two indexes shared storage keys,
/// removing node 2 would move the wrong item and corrupt the unfiltered list.
#[ink::test]
fn node_indexes_do_not_share_storage() {
    let mut core = new_core();
    core.node_create(bob(), node(1), params(""), 1, 1).unwrap();
    core.node_create(charlie(), node(2), params(""), 1, 1)
        .unwrap();
    core.node_create(bob(), node(3), params(""), 1, 1).unwrap();
    core.node_remove(charlie(), node(2)).unwrap();
    assert_eq!(
        listed_nodes(&core, 0, 10, None),
        (vec![node(1), node(3)], 2)
    );
    assert_eq!(
        listed_nodes(&core, 0, 10, Some(bob())),
        (vec![node(1), node(3)], 2)
    );
    assert_eq!(listed_nodes(&core, 0, 10, Some(charlie())), (vec![], 0));
    // Removing Bob's first node swaps his last one in, in both lists independently.
    core.node_remove(bob(), node(1)).unwrap();
    assert_eq!(listed_nodes(&core, 0, 10, None), (vec![node(3)], 1));
    assert_eq!(listed_nodes(&core, 0, 10, Some(bob())), (vec![node(3)], 1));
}

/// `clusters_by_manager` and `buckets_by_owner` have the same key and item types
/// (`AccountId` → `u32`); the same account appears in both, with overlapping ids.
#[ink::test]
fn manager_and_owner_indexes_do_not_share_storage() {
    let mut core = new_core();
    let (c1, _) = core.cluster_create(alice(), params(""), 10, NOW).unwrap();
    let (c2, _) = core.cluster_create(alice(), params(""), 10, NOW).unwrap();
    let (b1, _) = core.bucket_create(alice(), params(""), c1, NOW).unwrap();
    assert_eq!((c1, c2, b1), (1, 2, 1));
    assert_eq!(listed_clusters(&core, Some(alice())), (vec![1, 2], 2));
    assert_eq!(listed_buckets(&core, Some(alice())), (vec![1], 1));
    // Removing cluster 1 from Alice's clusters must leave bucket 1 in her buckets.
    core.bucket_close(alice(), b1, NOW).unwrap();
    let (b2, _) = core.bucket_create(alice(), params(""), c2, NOW).unwrap();
    core.cluster_remove(alice(), c1).unwrap();
    assert_eq!(listed_clusters(&core, Some(alice())), (vec![2], 1));
    assert_eq!(listed_buckets(&core, Some(alice())), (vec![b2], 1));
    assert_eq!(bucket_info(&core, b2).cluster_id, c2);
}
