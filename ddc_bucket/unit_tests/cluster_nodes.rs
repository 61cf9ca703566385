//! A cluster's nodes: adding and removing them, and their status in the cluster.

use super::*;

#[ink::test]
fn add_node_by_non_manager_fails_even_when_trusted() {
    let (mut core, cluster) = empty_cluster();
    core.node_set_trust(bob(), charlie(), true).unwrap();
    core.node_set_trust(bob(), alice(), true).unwrap();
    core.node_create(bob(), node(1), params(""), 100, 10)
        .unwrap();
    for caller in [charlie(), bob()] {
        assert_eq!(
            core.cluster_add_node(caller, cluster, node(1), vec![1], NOW),
            Err(Error::OnlyClusterManager)
        );
    }
    assert_eq!(node_info(&core, 1).cluster_id, None);
    assert_eq!(cluster_info(&core, cluster).nodes, vec![]);
}

#[ink::test]
fn add_unknown_node_fails() {
    let (mut core, cluster) = empty_cluster();
    assert_eq!(
        core.cluster_add_node(alice(), cluster, node(1), vec![1], NOW),
        Err(Error::NodeDoesNotExist)
    );
    assert_eq!(cluster_info(&core, cluster).v_node_count, 0);
}

#[ink::test]
fn add_node_already_in_a_cluster_fails() {
    let (mut core, cluster) = reference();
    let (other, _) = core.cluster_create(alice(), params(""), 10, NOW).unwrap();
    let before = snapshot(&core, cluster);
    assert_eq!(
        core.cluster_add_node(alice(), cluster, node(1), vec![7], NOW),
        Err(Error::NodeIsInCluster)
    );
    assert_eq!(
        core.cluster_add_node(alice(), other, node(1), vec![7], NOW),
        Err(Error::NodeIsInCluster)
    );
    assert_eq!(snapshot(&core, cluster), before);
    assert_eq!(cluster_info(&core, other).nodes, vec![]);
}

#[ink::test]
fn add_node_with_no_vnodes_fails() {
    let (mut core, cluster) = empty_cluster();
    core.node_create(alice(), node(1), params(""), 100, 10)
        .unwrap();
    assert_eq!(
        core.cluster_add_node(alice(), cluster, node(1), vec![], NOW),
        Err(Error::NoVNodes)
    );
    assert_eq!(node_info(&core, 1).cluster_id, None);
}

#[ink::test]
fn add_node_with_more_than_sixteen_vnodes_fails() {
    let (mut core, cluster) = empty_cluster();
    core.node_create(alice(), node(1), params(""), 1_000, 10)
        .unwrap();
    assert_eq!(
        core.cluster_add_node(alice(), cluster, node(1), (1..=17).collect(), NOW),
        Err(Error::TooManyVNodes)
    );
    assert_eq!(node_info(&core, 1).cluster_id, None);
    assert_eq!(cluster_info(&core, cluster).v_node_count, 0);
    core.cluster_add_node(alice(), cluster, node(1), (1..=16).collect(), NOW)
        .unwrap();
    assert_eq!(cluster_info(&core, cluster).v_node_count, 16);
    assert_eq!(free(&core, 1), 1_000 - 160);
}

#[ink::test]
fn add_node_with_repeated_tokens_fails() {
    let (mut core, cluster) = empty_cluster();
    core.node_create(alice(), node(1), params(""), 100, 10)
        .unwrap();
    assert_eq!(
        core.cluster_add_node(alice(), cluster, node(1), vec![1, 2, 1], NOW),
        Err(Error::VNodeTokenTaken)
    );
    assert_eq!(node_info(&core, 1).cluster_id, None);
    // Nothing was reserved by the failed call: the tokens are still free.
    core.cluster_add_node(alice(), cluster, node(1), vec![1, 2], NOW)
        .unwrap();
}

#[ink::test]
fn add_node_with_a_token_held_in_the_cluster_fails() {
    let (mut core, cluster) = reference();
    core.node_create(alice(), node(4), params(""), 100, 10)
        .unwrap();
    let before = snapshot(&core, cluster);
    assert_eq!(
        core.cluster_add_node(alice(), cluster, node(4), vec![7, 4], NOW),
        Err(Error::VNodeTokenTaken)
    );
    assert_eq!(snapshot(&core, cluster), before);
    // Token 7 was not taken by the failed call.
    core.cluster_add_node(alice(), cluster, node(4), vec![7], NOW)
        .unwrap();
    assert_eq!(cluster_info(&core, cluster).v_node_count, 7);
}

#[ink::test]
fn the_same_token_may_be_used_in_another_cluster() {
    let (mut core, _) = reference();
    core.node_create(alice(), node(4), params(""), 100, 10)
        .unwrap();
    let (other, _) = core.cluster_create(alice(), params(""), 10, NOW).unwrap();
    core.cluster_add_node(alice(), other, node(4), vec![1, 2], NOW)
        .unwrap();
    assert_eq!(ring(&core, other), vec![(node(4), vec![1, 2])]);
}

#[ink::test]
fn add_node_without_capacity_for_its_vnodes_fails() {
    let (mut core, cluster) = empty_cluster();
    core.node_create(alice(), node(1), params(""), 15, 10)
        .unwrap();
    assert_eq!(
        core.cluster_add_node(alice(), cluster, node(1), vec![1, 2], NOW),
        Err(Error::InsufficientNodeCapacity)
    );
    assert_eq!(node_info(&core, 1).cluster_id, None);
    assert_eq!(cluster_info(&core, cluster).total_rent, 0);
    core.cluster_add_node(alice(), cluster, node(1), vec![1], NOW)
        .unwrap();
    assert_eq!(free(&core, 1), 5);
}

#[ink::test]
fn the_33rd_node_does_not_fit_in_a_cluster() {
    let mut core = new_core();
    let (cluster, _) = core.cluster_create(alice(), params(""), 1, NOW).unwrap();
    for n in 1..=33 {
        core.node_create(alice(), node(n), params(""), 10, 1)
            .unwrap();
    }
    for n in 1..=32 {
        core.cluster_add_node(alice(), cluster, node(n), vec![u64::from(n)], NOW)
            .unwrap();
    }
    assert_eq!(
        core.cluster_add_node(alice(), cluster, node(33), vec![33], NOW),
        Err(Error::TooManyNodesInCluster)
    );
    let info = cluster_info(&core, cluster);
    assert_eq!(info.nodes.len(), MAX_NODES_PER_CLUSTER);
    assert_eq!(info.v_node_count, 32);
    assert_eq!(node_info(&core, 33).cluster_id, None);
    // After one leaves, there is room again.
    core.cluster_remove_node(alice(), cluster, node(1), NOW)
        .unwrap();
    core.cluster_add_node(alice(), cluster, node(33), vec![33], NOW)
        .unwrap();
    assert_eq!(
        cluster_info(&core, cluster).nodes.len(),
        MAX_NODES_PER_CLUSTER
    );
}

#[ink::test]
fn remove_node_by_manager_releases_node_and_tokens() {
    let (mut core, cluster) = reference();
    assert_eq!(
        core.cluster_remove_node(alice(), cluster, node(2), NOW),
        Ok(ClusterNodeRemoved {
            cluster_id: cluster,
            node_key: node(2),
            total_rent: 40,
        })
    );
    let info = node_info(&core, 2);
    assert_eq!(info.cluster_id, None);
    assert_eq!(info.v_nodes, Vec::<VNodeToken>::new());
    assert_eq!(info.free_resource, 100);
    assert_eq!(info.status_in_cluster, NodeStatusInCluster::Adding);
    let cluster_view = cluster_info(&core, cluster);
    assert_eq!(cluster_view.v_node_count, 4);
    assert_eq!(cluster_view.total_rent, 40);
    assert_eq!(
        ring(&core, cluster),
        vec![(node(1), vec![1, 2]), (node(3), vec![5, 6])]
    );
    // The tokens are free again, and the removed node no longer holds them.
    assert_eq!(
        core.cluster_replace_node(alice(), cluster, vec![3], node(1), NOW),
        Err(Error::VNodeDoesNotExist)
    );
    core.node_create(alice(), node(4), params(""), 100, 1)
        .unwrap();
    core.cluster_add_node(alice(), cluster, node(4), vec![3, 4], NOW)
        .unwrap();
    assert_eq!(cluster_info(&core, cluster).total_rent, 42);
}

#[ink::test]
fn remove_node_by_its_provider_works() {
    let (mut core, cluster) = reference();
    core.cluster_remove_node(dave(), cluster, node(3), NOW)
        .unwrap();
    assert_eq!(node_info(&core, 3).cluster_id, None);
    assert_eq!(cluster_info(&core, cluster).v_node_count, 4);
    // And the node may join again later.
    core.cluster_add_node(alice(), cluster, node(3), vec![5], NOW)
        .unwrap();
    assert_eq!(node_info(&core, 3).v_nodes, vec![5]);
}

#[ink::test]
fn remove_node_by_a_stranger_fails() {
    let (mut core, cluster) = reference();
    let before = snapshot(&core, cluster);
    // Charlie provides another node of the cluster but not this one.
    for caller in [eve(), charlie()] {
        assert_eq!(
            core.cluster_remove_node(caller, cluster, node(3), NOW),
            Err(Error::OnlyClusterManager)
        );
    }
    assert_eq!(snapshot(&core, cluster), before);
}

#[ink::test]
fn remove_node_that_is_not_in_the_cluster_fails() {
    let (mut core, cluster) = reference();
    core.node_create(alice(), node(4), params(""), 100, 1)
        .unwrap();
    assert_eq!(
        core.cluster_remove_node(alice(), cluster, node(4), NOW),
        Err(Error::NodeNotInCluster)
    );
    assert_eq!(
        core.cluster_remove_node(alice(), cluster, node(9), NOW),
        Err(Error::NodeDoesNotExist)
    );
    let (other, _) = core.cluster_create(alice(), params(""), 10, NOW).unwrap();
    assert_eq!(
        core.cluster_remove_node(alice(), other, node(1), NOW),
        Err(Error::NodeNotInCluster)
    );
    assert_eq!(node_info(&core, 1).cluster_id, Some(cluster));
}

#[ink::test]
fn set_node_status_by_manager() {
    let (mut core, cluster) = reference();
    assert_eq!(
        core.cluster_set_node_status(alice(), cluster, node(2), NodeStatusInCluster::Active),
        Ok(ClusterNodeStatusSet {
            cluster_id: cluster,
            node_key: node(2),
            status: NodeStatusInCluster::Active,
        })
    );
    assert_eq!(
        node_info(&core, 2).status_in_cluster,
        NodeStatusInCluster::Active
    );
    assert_eq!(
        node_info(&core, 1).status_in_cluster,
        NodeStatusInCluster::Adding
    );
    let statuses: Vec<_> = cluster_info(&core, cluster)
        .nodes
        .into_iter()
        .map(|n| n.status)
        .collect();
    assert_eq!(
        statuses,
        vec![
            NodeStatusInCluster::Adding,
            NodeStatusInCluster::Active,
            NodeStatusInCluster::Adding,
        ]
    );
    core.cluster_set_node_status(alice(), cluster, node(2), NodeStatusInCluster::Offline)
        .unwrap();
    assert_eq!(
        node_info(&core, 2).status_in_cluster,
        NodeStatusInCluster::Offline
    );
}

#[ink::test]
fn set_node_status_by_non_manager_or_for_outside_node_fails() {
    let (mut core, cluster) = reference();
    core.node_create(alice(), node(4), params(""), 100, 1)
        .unwrap();
    // Not even the node's own provider.
    assert_eq!(
        core.cluster_set_node_status(bob(), cluster, node(1), NodeStatusInCluster::Active),
        Err(Error::OnlyClusterManager)
    );
    assert_eq!(
        core.cluster_set_node_status(alice(), cluster, node(4), NodeStatusInCluster::Active),
        Err(Error::NodeNotInCluster)
    );
    assert_eq!(
        node_info(&core, 1).status_in_cluster,
        NodeStatusInCluster::Adding
    );
    assert_eq!(
        node_info(&core, 4).status_in_cluster,
        NodeStatusInCluster::Adding
    );
}

#[ink::test]
fn re_added_node_starts_over_as_adding() {
    let (mut core, cluster) = reference();
    core.cluster_set_node_status(alice(), cluster, node(1), NodeStatusInCluster::Active)
        .unwrap();
    core.cluster_remove_node(alice(), cluster, node(1), NOW)
        .unwrap();
    core.cluster_add_node(alice(), cluster, node(1), vec![1], NOW)
        .unwrap();
    assert_eq!(
        node_info(&core, 1).status_in_cluster,
        NodeStatusInCluster::Adding
    );
}
