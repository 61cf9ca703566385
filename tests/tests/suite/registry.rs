//! The seed's provider / manager / app flows on the core, with the reference numbers.

use ddc_bucket::events::{
    BucketCreated, BucketResourceChanged, ClusterCreated, ClusterManagerAccepted,
    ClusterManagerOffered, ClusterNodeAdded, ClusterNodeReplaced, ManagerTrustChanged, NodeCreated,
};
use ddc_tests::ddc::Ddc;
use ddc_tests::ddc_types::{ClusterId, Error, NodeStatusInCluster, UNIT};
use ddc_tests::{alice, bob, charlie, dave, eve, ink_id, node_key};

/// Three providers (bob, charlie, dave) trust manager alice and register a node each
/// (capacity 100, rent 10); alice creates a cluster (10 per vnode) and adds every node with
/// two vnodes (tokens 1..=6).
fn three_node_cluster() -> (Ddc, ClusterId) {
    let mut core = Ddc::new();
    for (i, provider) in [bob(), charlie(), dave()].iter().enumerate() {
        let n = u8::try_from(i).unwrap() + 1;
        core.node_trust_manager(provider, &alice()).unwrap();
        core.node_create(provider, &node_key(n), 100, 10).unwrap();
    }
    let cluster = core.cluster_create(&alice(), 10).unwrap();
    for n in 1..=3u8 {
        let first = u64::from(n) * 2 - 1;
        core.cluster_add_node(&alice(), cluster, &node_key(n), &[first, first + 1])
            .unwrap();
    }
    (core, cluster)
}

#[test]
fn provider_registers_a_node_and_trusts_a_manager() {
    let mut core = Ddc::new();
    core.node_trust_manager(&bob(), &alice()).unwrap();
    let trust = core.events::<ManagerTrustChanged>();
    assert_eq!(trust.len(), 1);
    assert_eq!(trust[0].provider, ink_id(&bob()));
    assert_eq!(trust[0].manager, ink_id(&alice()));
    assert!(trust[0].trusted);

    core.node_create(&bob(), &node_key(1), 100, 10).unwrap();
    let created = core.events::<NodeCreated>();
    assert_eq!(created.len(), 1);
    assert_eq!(created[0].node_key, ink_id(&node_key(1)));
    assert_eq!(created[0].provider, ink_id(&bob()));
    assert_eq!((created[0].capacity, created[0].rent_per_month), (100, 10));

    let (node, params) = core.node_get(&node_key(1)).unwrap();
    assert_eq!(node.provider, ink_id(&bob()));
    assert_eq!(
        (node.capacity, node.free_resource, node.rent_per_month),
        (100, 100, 10)
    );
    assert_eq!(node.cluster_id, None);
    assert_eq!(params, "{\"url\":\"https://n\"}");
}

#[test]
fn reference_cluster_reserves_twenty_per_node() {
    let (mut core, cluster) = three_node_cluster();
    assert_eq!(cluster, 1, "first cluster id is 1");
    for n in 1..=3 {
        let node = core.node(&node_key(n));
        assert_eq!(node.free_resource, 80, "node {n}");
        assert_eq!(node.cluster_id, Some(cluster));
        assert_eq!(node.status_in_cluster, NodeStatusInCluster::Adding);
        assert_eq!(node.v_nodes.len(), 2);
    }
    let info = core.cluster(cluster);
    assert_eq!(info.manager, ink_id(&alice()));
    assert_eq!(info.v_node_count, 6);
    assert_eq!(info.total_rent, 60, "6 vnodes at rent 10");
    assert_eq!(info.nodes.len(), 3);
    assert_eq!(info.nodes[2].v_nodes, vec![5, 6]);
}

#[test]
fn add_node_emits_vnodes_and_new_total_rent() {
    let mut core = Ddc::new();
    core.node_trust_manager(&bob(), &alice()).unwrap();
    core.node_create(&bob(), &node_key(1), 100, 7).unwrap();
    let cluster = core.cluster_create(&alice(), 10).unwrap();
    let created = core.events::<ClusterCreated>();
    assert_eq!(
        (created[0].cluster_id, created[0].resource_per_vnode),
        (cluster, 10)
    );

    core.cluster_add_node(&alice(), cluster, &node_key(1), &[10, 20, 30])
        .unwrap();
    let added = core.events::<ClusterNodeAdded>();
    assert_eq!(added.len(), 1);
    assert_eq!(added[0].cluster_id, cluster);
    assert_eq!(added[0].node_key, ink_id(&node_key(1)));
    assert_eq!(added[0].v_nodes, vec![10, 20, 30]);
    assert_eq!(added[0].total_rent, 21);
}

#[test]
fn replacing_a_vnode_gives_the_80_90_70_pattern() {
    let (mut core, cluster) = three_node_cluster();
    // Token 3 moves from node 2 to node 3.
    core.cluster_replace_node(&alice(), cluster, &[3], &node_key(3))
        .unwrap();
    let replaced = core.events::<ClusterNodeReplaced>();
    assert_eq!(replaced.len(), 1);
    assert_eq!(replaced[0].new_node_key, ink_id(&node_key(3)));
    assert_eq!(replaced[0].v_nodes, vec![3]);

    let free: Vec<_> = (1..=3)
        .map(|n| core.node(&node_key(n)).free_resource)
        .collect();
    assert_eq!(free, vec![80, 90, 70]);
    assert_eq!(core.node(&node_key(2)).v_nodes, vec![4]);
    assert_eq!(core.node(&node_key(3)).v_nodes, vec![5, 6, 3]);
    assert_eq!(core.cluster(cluster).v_node_count, 6);
}

#[test]
fn replacing_onto_a_pricier_node_reprices_the_cluster() {
    let mut core = Ddc::new();
    for (n, rent) in [(1u8, 10u128), (2, 25)] {
        core.node_create(&alice(), &node_key(n), 100, rent).unwrap();
    }
    let cluster = core.cluster_create(&alice(), 10).unwrap();
    core.cluster_add_node(&alice(), cluster, &node_key(1), &[1, 2])
        .unwrap();
    core.cluster_add_node(&alice(), cluster, &node_key(2), &[3])
        .unwrap();
    assert_eq!(core.cluster(cluster).total_rent, 45);

    core.cluster_replace_node(&alice(), cluster, &[1], &node_key(2))
        .unwrap();
    assert_eq!(core.events::<ClusterNodeReplaced>()[0].total_rent, 60);
    assert_eq!(core.cluster(cluster).total_rent, 60, "10 + 25 + 25");
}

#[test]
fn app_creates_a_bucket_and_allocates_resource() {
    let (mut core, cluster) = three_node_cluster();
    let bucket = core.bucket_create(&eve(), cluster).unwrap();
    assert_eq!(bucket, 1, "first bucket id is 1");
    let created = core.events::<BucketCreated>();
    assert_eq!(created[0].owner, ink_id(&eve()));
    assert_eq!(created[0].cluster_id, cluster);

    // Issue 12: allocating needs a deposit covering a day of rent.
    assert_eq!(
        core.bucket_alloc(&eve(), bucket, 4),
        Err(Error::InsufficientDeposit)
    );
    core.deposit(&eve(), UNIT).unwrap();
    core.bucket_alloc(&eve(), bucket, 4).unwrap();
    let changed = core.events::<BucketResourceChanged>();
    assert_eq!((changed[0].allocated, changed[0].resource_reserved), (4, 4));

    let info = core.bucket(bucket);
    assert_eq!(info.owner, ink_id(&eve()));
    assert_eq!(info.resource_reserved, 4);
    assert_eq!(core.cluster(cluster).resource_used, 4);

    // The cluster holds 10 per vnode: 6 more fit, 7 do not.
    let second = core.bucket_create(&bob(), cluster).unwrap();
    core.deposit(&bob(), UNIT).unwrap();
    assert_eq!(
        core.bucket_alloc(&bob(), second, 7),
        Err(Error::InsufficientClusterResource)
    );
    core.bucket_alloc(&bob(), second, 6).unwrap();
    assert_eq!(core.cluster(cluster).resource_used, 10);
}

#[test]
fn manager_hands_the_cluster_over_with_transfer_and_accept() {
    let (mut core, cluster) = three_node_cluster();
    core.cluster_transfer_manager(&alice(), cluster, &bob())
        .unwrap();
    let offered = core.events::<ClusterManagerOffered>();
    assert_eq!(offered[0].new_manager, ink_id(&bob()));
    // Until bob accepts, alice is still the manager.
    assert_eq!(core.cluster(cluster).manager, ink_id(&alice()));
    assert_eq!(core.cluster(cluster).pending_manager, Some(ink_id(&bob())));
    assert_eq!(
        core.cluster_accept_manager(&charlie(), cluster),
        Err(Error::OnlyPendingManager)
    );

    core.cluster_accept_manager(&bob(), cluster).unwrap();
    let accepted = core.events::<ClusterManagerAccepted>();
    assert_eq!(accepted[0].previous_manager, ink_id(&alice()));
    assert_eq!(accepted[0].manager, ink_id(&bob()));
    let info = core.cluster(cluster);
    assert_eq!((info.manager, info.pending_manager), (ink_id(&bob()), None));

    // The new manager governs; the old one no longer does.
    assert_eq!(
        core.cluster_set_node_status(&alice(), cluster, &node_key(1), NodeStatusInCluster::Active),
        Err(Error::OnlyClusterManager)
    );
    core.cluster_set_node_status(&bob(), cluster, &node_key(1), NodeStatusInCluster::Active)
        .unwrap();
    assert_eq!(
        core.node(&node_key(1)).status_in_cluster,
        NodeStatusInCluster::Active
    );

    // Lists by manager follow the hand-over.
    assert_eq!(core.cluster_list(0, 10, Some(&alice())).unwrap().1, 0);
    let (page, total) = core.cluster_list(0, 10, Some(&bob())).unwrap();
    assert_eq!((page.len(), total, page[0].cluster_id), (1, 1, cluster));
}

#[test]
fn lists_filter_by_owner_and_page() {
    let mut core = Ddc::new();
    for n in 1..=5u8 {
        let provider = if n % 2 == 0 { bob() } else { charlie() };
        core.node_create(&provider, &node_key(n), 100, 1).unwrap();
    }
    let (all, total) = core.node_list(0, 32, None).unwrap();
    assert_eq!((all.len(), total), (5, 5));
    let (bobs, total) = core.node_list(0, 32, Some(&bob())).unwrap();
    assert_eq!(total, 2);
    assert!(bobs.iter().all(|n| n.provider == ink_id(&bob())));
    let (page, total) = core.node_list(1, 2, Some(&charlie())).unwrap();
    assert_eq!((page.len(), total), (2, 3));
    assert_eq!(core.node_list(0, 33, None), Err(Error::PageLimitTooLarge));

    let c1 = core.cluster_create(&alice(), 10).unwrap();
    let c2 = core.cluster_create(&bob(), 10).unwrap();
    for owner in [eve(), dave(), eve()] {
        core.bucket_create(&owner, c2).unwrap();
    }
    let (clusters, total) = core.cluster_list(0, 10, None).unwrap();
    assert_eq!((clusters.len(), total), (2, 2));
    assert_eq!(clusters[0].cluster_id, c1);
    let (eves, total) = core.bucket_list(0, 10, Some(&eve())).unwrap();
    assert_eq!(total, 2);
    assert_eq!(
        eves.iter().map(|b| b.bucket_id).collect::<Vec<_>>(),
        vec![1, 3]
    );
    let (tail, total) = core.bucket_list(2, 10, None).unwrap();
    assert_eq!((tail.len(), total, tail[0].bucket_id), (1, 3, 3));
}

#[test]
fn provider_leaves_a_cluster_and_removes_its_node() {
    let (mut core, cluster) = three_node_cluster();
    core.cluster_remove_node(&charlie(), cluster, &node_key(2))
        .unwrap();
    let info = core.cluster(cluster);
    assert_eq!(
        (info.v_node_count, info.total_rent, info.nodes.len()),
        (4, 40, 2)
    );
    let node = core.node(&node_key(2));
    assert_eq!((node.cluster_id, node.free_resource), (None, 100));
    assert!(node.v_nodes.is_empty());
    // Its tokens are free again in the cluster.
    core.cluster_add_node(&alice(), cluster, &node_key(2), &[3, 4])
        .unwrap();
}
