//! The reference fixture's hash ring, and moving vnode tokens between nodes with
//! `cluster_replace_node`.

use super::*;

#[ink::test]
fn reference_fixture_reserves_two_vnodes_on_each_node() {
    let (core, cluster) = reference();
    assert_eq!(cluster, 1);
    for n in 1..=3 {
        assert_eq!(free(&core, n), 80);
        assert_eq!(node_info(&core, n).cluster_id, Some(cluster));
        assert_eq!(
            node_info(&core, n).status_in_cluster,
            NodeStatusInCluster::Adding
        );
    }
    let info = cluster_info(&core, cluster);
    assert_eq!(info.v_node_count, 6);
    assert_eq!(info.total_rent, 60);
    assert_eq!(info.resource_per_vnode, 10);
    assert_eq!(info.resource_used, 0);
    assert_eq!(info.manager, alice());
    assert_eq!(
        ring(&core, cluster),
        vec![
            (node(1), vec![1, 2]),
            (node(2), vec![3, 4]),
            (node(3), vec![5, 6]),
        ]
    );
}

#[ink::test]
fn add_node_event_reports_tokens_and_new_total_rent() {
    let mut core = new_core();
    core.node_set_trust(bob(), alice(), true).unwrap();
    core.node_create(bob(), node(1), params(""), 100, 7)
        .unwrap();
    let (cluster, _) = core.cluster_create(alice(), params(""), 10, NOW).unwrap();
    assert_eq!(
        core.cluster_add_node(alice(), cluster, node(1), vec![9, 4, 7], NOW),
        Ok(ClusterNodeAdded {
            cluster_id: cluster,
            node_key: node(1),
            v_nodes: vec![9, 4, 7],
            total_rent: 21,
        })
    );
    assert_eq!(node_info(&core, 1).v_nodes, vec![9, 4, 7]);
    assert_eq!(free(&core, 1), 70);
    assert_eq!(cluster_info(&core, cluster).v_node_count, 3);
}

#[ink::test]
fn replace_node_moves_a_token_between_nodes() {
    let (mut core, cluster) = reference();
    assert_eq!(
        core.cluster_replace_node(alice(), cluster, vec![3], node(3), NOW),
        Ok(ClusterNodeReplaced {
            cluster_id: cluster,
            new_node_key: node(3),
            v_nodes: vec![3],
            total_rent: 60,
        })
    );
    assert_eq!(free(&core, 1), 80);
    assert_eq!(free(&core, 2), 90);
    assert_eq!(free(&core, 3), 70);
    let info = cluster_info(&core, cluster);
    assert_eq!(info.total_rent, 60);
    assert_eq!(info.v_node_count, 6);
    assert_eq!(
        ring(&core, cluster),
        vec![
            (node(1), vec![1, 2]),
            (node(2), vec![4]),
            (node(3), vec![5, 6, 3]),
        ]
    );
}

#[ink::test]
fn replace_node_reprices_total_rent_with_the_new_holders_rent() {
    let (mut core, cluster) = reference_with_rents([10, 20, 35]);
    assert_eq!(
        cluster_info(&core, cluster).total_rent,
        2 * 10 + 2 * 20 + 2 * 35
    );
    let event = core
        .cluster_replace_node(alice(), cluster, vec![3], node(3), NOW)
        .unwrap();
    // Token 3 was priced at Charlie's 20 and is now priced at Dave's 35.
    assert_eq!(event.total_rent, 130 - 20 + 35);
    assert_eq!(cluster_info(&core, cluster).total_rent, 145);
    // Moving it back restores the original price.
    core.cluster_replace_node(alice(), cluster, vec![3], node(2), NOW)
        .unwrap();
    assert_eq!(cluster_info(&core, cluster).total_rent, 130);
    assert_eq!(node_info(&core, 2).v_nodes, vec![4, 3]);
    assert_eq!(node_info(&core, 3).v_nodes, vec![5, 6]);
}

#[ink::test]
fn replace_node_takes_tokens_from_several_holders_at_once() {
    let (mut core, cluster) = reference_with_rents([10, 20, 35]);
    core.cluster_replace_node(alice(), cluster, vec![1, 3, 2], node(3), NOW)
        .unwrap();
    // Bob loses both tokens (2 × 10), Charlie one (20); Dave gains three at 35.
    assert_eq!(
        cluster_info(&core, cluster).total_rent,
        130 - 20 - 20 + 3 * 35
    );
    assert_eq!(node_info(&core, 1).v_nodes, Vec::<VNodeToken>::new());
    assert_eq!(free(&core, 1), 100);
    assert_eq!(node_info(&core, 2).v_nodes, vec![4]);
    assert_eq!(node_info(&core, 3).v_nodes, vec![5, 6, 1, 3, 2]);
    assert_eq!(free(&core, 3), 50);
    assert_eq!(cluster_info(&core, cluster).v_node_count, 6);
}

#[ink::test]
fn replace_node_with_a_token_the_node_already_holds_changes_nothing() {
    let (mut core, cluster) = reference_with_rents([10, 20, 35]);
    let before = snapshot(&core, cluster);
    let event = core
        .cluster_replace_node(alice(), cluster, vec![5], node(3), NOW)
        .unwrap();
    assert_eq!(event.total_rent, 130);
    assert_eq!(snapshot(&core, cluster), before);
}

#[ink::test]
fn rent_change_after_replace_uses_the_new_vnode_count() {
    let (mut core, cluster) = reference();
    core.cluster_replace_node(alice(), cluster, vec![3], node(3), NOW)
        .unwrap();
    let later = NOW + crate::core::DEFAULT_UNBONDING_PERIOD_MS;
    let total_at = |core: &Core, now| core.cluster_get(cluster, now).unwrap().0.total_rent;
    // Charlie now holds one vnode: his increase moves the total by one vnode's worth.
    core.node_change_rent(charlie(), node(2), 40, NOW).unwrap();
    assert_eq!(total_at(&core, later), 60 - 10 + 40);
    // Dave holds three; his decrease applies at once.
    core.node_change_rent(dave(), node(3), 0, NOW).unwrap();
    assert_eq!(cluster_info(&core, cluster).total_rent, 60 - 30);
    assert_eq!(total_at(&core, later), 90 - 30);
}

#[ink::test]
fn a_pending_increase_follows_the_vnodes_a_replace_moves() {
    let (mut core, cluster) = reference();
    let later = NOW + crate::core::DEFAULT_UNBONDING_PERIOD_MS;
    core.node_change_rent(charlie(), node(2), 40, NOW).unwrap();
    // One of Charlie's two vnodes moves to Dave before the increase applies.
    core.cluster_replace_node(alice(), cluster, vec![3], node(3), NOW + 1)
        .unwrap();
    assert_eq!(cluster_info(&core, cluster).total_rent, 60);
    let total = core.cluster_get(cluster, later).unwrap().0.total_rent;
    assert_eq!(
        total,
        20 + 40 + 30,
        "Bob 2 × 10, Charlie 1 × 40, Dave 3 × 10"
    );
    // Brought to that time by a write, the stored cluster agrees with the view.
    core.cluster_distribute_revenues(cluster, later).unwrap();
    assert_eq!(core.cluster(cluster).unwrap().ledger.total_rent, 90);
    assert_eq!(core.node(node(2)).unwrap().rent_per_month, 40);
    assert_eq!(core.node(node(2)).unwrap().pending_rent, None);
}

#[ink::test]
fn removing_a_node_after_replace_frees_the_moved_token() {
    let (mut core, cluster) = reference();
    core.cluster_replace_node(alice(), cluster, vec![3], node(3), NOW)
        .unwrap();
    core.cluster_remove_node(alice(), cluster, node(3), NOW)
        .unwrap();
    let info = cluster_info(&core, cluster);
    assert_eq!(info.v_node_count, 3);
    assert_eq!(info.total_rent, 30);
    // Token 3 went with Dave's node, so it can be given to a new node.
    core.node_create(alice(), node(4), params(""), 100, 1)
        .unwrap();
    core.cluster_add_node(alice(), cluster, node(4), vec![3, 5, 6], NOW)
        .unwrap();
    assert_eq!(node_info(&core, 4).v_nodes, vec![3, 5, 6]);
}

#[ink::test]
fn replace_node_by_non_manager_fails() {
    let (mut core, cluster) = reference();
    let before = snapshot(&core, cluster);
    assert_eq!(
        core.cluster_replace_node(dave(), cluster, vec![3], node(3), NOW),
        Err(Error::OnlyClusterManager)
    );
    assert_eq!(snapshot(&core, cluster), before);
}

#[ink::test]
fn replace_node_with_unknown_token_fails_without_partial_moves() {
    let (mut core, cluster) = reference();
    let before = snapshot(&core, cluster);
    assert_eq!(
        core.cluster_replace_node(alice(), cluster, vec![3, 99], node(3), NOW),
        Err(Error::VNodeDoesNotExist)
    );
    assert_eq!(snapshot(&core, cluster), before);
}

#[ink::test]
fn replace_node_onto_a_node_outside_the_cluster_fails() {
    let (mut core, cluster) = reference();
    core.node_create(alice(), node(4), params(""), 100, 1)
        .unwrap();
    let before = snapshot(&core, cluster);
    assert_eq!(
        core.cluster_replace_node(alice(), cluster, vec![3], node(4), NOW),
        Err(Error::NodeNotInCluster)
    );
    assert_eq!(snapshot(&core, cluster), before);
}

#[ink::test]
fn replace_node_with_empty_or_repeated_tokens_fails() {
    let (mut core, cluster) = reference();
    let before = snapshot(&core, cluster);
    assert_eq!(
        core.cluster_replace_node(alice(), cluster, vec![], node(3), NOW),
        Err(Error::NoVNodes)
    );
    assert_eq!(
        core.cluster_replace_node(alice(), cluster, vec![3, 3], node(3), NOW),
        Err(Error::VNodeTokenTaken)
    );
    assert_eq!(snapshot(&core, cluster), before);
}

#[ink::test]
fn replace_node_beyond_the_new_nodes_capacity_fails() {
    let (mut core, cluster) = reference();
    // Every node is now full: 2 vnodes × 50 = 100.
    core.cluster_set_resource_per_vnode(alice(), cluster, 50)
        .unwrap();
    let before = snapshot(&core, cluster);
    assert_eq!(
        core.cluster_replace_node(alice(), cluster, vec![3], node(3), NOW),
        Err(Error::InsufficientNodeCapacity)
    );
    assert_eq!(snapshot(&core, cluster), before);
}

#[ink::test]
fn replace_node_beyond_sixteen_vnodes_fails() {
    let (mut core, cluster) = empty_cluster();
    core.cluster_set_resource_per_vnode(alice(), cluster, 1)
        .unwrap();
    core.node_create(alice(), node(1), params(""), 100, 1)
        .unwrap();
    core.node_create(alice(), node(2), params(""), 100, 1)
        .unwrap();
    core.cluster_add_node(alice(), cluster, node(1), (0..10).collect(), NOW)
        .unwrap();
    core.cluster_add_node(alice(), cluster, node(2), (10..20).collect(), NOW)
        .unwrap();
    let before = snapshot(&core, cluster);
    assert_eq!(
        core.cluster_replace_node(alice(), cluster, (0..7).collect(), node(2), NOW),
        Err(Error::TooManyVNodes)
    );
    assert_eq!(snapshot(&core, cluster), before);
    // Six more make exactly sixteen.
    core.cluster_replace_node(alice(), cluster, (0..6).collect(), node(2), NOW)
        .unwrap();
    assert_eq!(node_info(&core, 2).v_nodes.len(), MAX_VNODES_PER_NODE);
}
