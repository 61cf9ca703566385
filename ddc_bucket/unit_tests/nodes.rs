//! Nodes: registration, parameters, rent and capacity changes, removal, and the providers' trust
//! in managers.

use super::*;

#[ink::test]
fn node_create_registers_a_free_node() {
    let mut core = new_core();
    assert_eq!(
        core.node_create(bob(), node(1), params("{\"url\":1}"), 100, 10),
        Ok(NodeCreated {
            node_key: node(1),
            provider: bob(),
            capacity: 100,
            rent_per_month: 10,
        })
    );
    let (info, stored_params) = core.node_get(node(1), NOW).unwrap();
    assert_eq!(
        info,
        NodeInfo {
            node_key: node(1),
            provider: bob(),
            capacity: 100,
            free_resource: 100,
            rent_per_month: 10,
            pending_rent: None,
            cluster_id: None,
            status_in_cluster: NodeStatusInCluster::Adding,
            v_nodes: vec![],
        }
    );
    assert_eq!(stored_params, params("{\"url\":1}"));
}

#[ink::test]
fn node_get_of_unknown_node_fails() {
    let core = new_core();
    assert_eq!(core.node_get(node(1), NOW), Err(Error::NodeDoesNotExist));
}

#[ink::test]
fn node_create_with_a_taken_key_fails() {
    let mut core = new_core();
    core.node_create(bob(), node(1), params("bob's"), 100, 10)
        .unwrap();
    assert_eq!(
        core.node_create(charlie(), node(1), params("charlie's"), 5, 5),
        Err(Error::NodeAlreadyExists)
    );
    let (info, stored_params) = core.node_get(node(1), NOW).unwrap();
    assert_eq!(info.provider, bob());
    assert_eq!(info.capacity, 100);
    assert_eq!(stored_params, params("bob's"));
    assert_eq!(listed_nodes(&core, 0, 10, None), (vec![node(1)], 1));
    assert_eq!(listed_nodes(&core, 0, 10, Some(charlie())), (vec![], 0));
}

#[ink::test]
fn node_create_with_too_long_params_fails() {
    let mut core = new_core();
    assert_eq!(
        core.node_create(bob(), node(1), "x".repeat(MAX_PARAMS_LEN + 1), 100, 10),
        Err(Error::ParamsTooLong)
    );
    assert_eq!(core.node_get(node(1), NOW), Err(Error::NodeDoesNotExist));
    assert_eq!(listed_nodes(&core, 0, 10, None), (vec![], 0));
    // Exactly the limit is accepted.
    core.node_create(bob(), node(1), "x".repeat(MAX_PARAMS_LEN), 100, 10)
        .unwrap();
    assert_eq!(core.node_get(node(1), NOW).unwrap().1.len(), MAX_PARAMS_LEN);
}

#[ink::test]
fn node_change_params_by_provider_replaces_them() {
    let mut core = new_core();
    core.node_create(bob(), node(1), params("old"), 100, 10)
        .unwrap();
    assert_eq!(
        core.node_change_params(bob(), node(1), params("new")),
        Ok(NodeParamsChanged { node_key: node(1) })
    );
    assert_eq!(core.node_get(node(1), NOW).unwrap().1, params("new"));
}

#[ink::test]
fn node_change_params_by_non_provider_or_too_long_fails() {
    let mut core = new_core();
    core.node_create(bob(), node(1), params("old"), 100, 10)
        .unwrap();
    assert_eq!(
        core.node_change_params(charlie(), node(1), params("new")),
        Err(Error::OnlyNodeProvider)
    );
    assert_eq!(
        core.node_change_params(bob(), node(1), "x".repeat(MAX_PARAMS_LEN + 1)),
        Err(Error::ParamsTooLong)
    );
    assert_eq!(core.node_get(node(1), NOW).unwrap().1, params("old"));
}

#[ink::test]
fn node_change_rent_by_non_provider_fails() {
    let (mut core, cluster) = reference();
    // Not even the cluster's manager may change a provider's rent.
    assert_eq!(
        core.node_change_rent(alice(), node(1), 99, NOW),
        Err(Error::OnlyNodeProvider)
    );
    assert_eq!(node_info(&core, 1).rent_per_month, 10);
    assert_eq!(cluster_info(&core, cluster).total_rent, 60);
}

#[ink::test]
fn node_change_capacity_by_non_provider_fails() {
    let mut core = new_core();
    core.node_create(bob(), node(1), params(""), 100, 10)
        .unwrap();
    assert_eq!(
        core.node_change_capacity(charlie(), node(1), 500),
        Err(Error::OnlyNodeProvider)
    );
    assert_eq!(node_info(&core, 1).capacity, 100);
}

#[ink::test]
fn node_changes_on_unknown_node_fail() {
    let mut core = new_core();
    assert_eq!(
        core.node_change_params(bob(), node(1), params("")),
        Err(Error::NodeDoesNotExist)
    );
    assert_eq!(
        core.node_change_rent(bob(), node(1), 1, NOW),
        Err(Error::NodeDoesNotExist)
    );
    assert_eq!(
        core.node_change_capacity(bob(), node(1), 1),
        Err(Error::NodeDoesNotExist)
    );
    assert_eq!(
        core.node_remove(bob(), node(1)),
        Err(Error::NodeDoesNotExist)
    );
}

#[ink::test]
fn node_change_capacity_below_reserved_resource_fails() {
    let (mut core, _) = reference();
    // Two vnodes × 10 are reserved on Bob's node.
    assert_eq!(
        core.node_change_capacity(bob(), node(1), 19),
        Err(Error::InsufficientNodeCapacity)
    );
    assert_eq!(node_info(&core, 1).capacity, 100);
    assert_eq!(free(&core, 1), 80);
    assert_eq!(
        core.node_change_capacity(bob(), node(1), 20),
        Ok(NodeCapacityChanged {
            node_key: node(1),
            capacity: 20,
        })
    );
    assert_eq!(node_info(&core, 1).capacity, 20);
    assert_eq!(free(&core, 1), 0);
}

#[ink::test]
fn node_change_capacity_outside_a_cluster_accepts_any_value() {
    let mut core = new_core();
    core.node_create(bob(), node(1), params(""), 100, 10)
        .unwrap();
    core.node_change_capacity(bob(), node(1), 0).unwrap();
    assert_eq!(node_info(&core, 1).capacity, 0);
    assert_eq!(free(&core, 1), 0);
    core.node_change_capacity(bob(), node(1), 300).unwrap();
    assert_eq!(free(&core, 1), 300);
}

#[ink::test]
fn node_change_rent_increase_waits_for_the_notice_and_a_decrease_applies_at_once() {
    let (mut core, cluster) = reference();
    let from_ms = NOW + crate::core::DEFAULT_UNBONDING_PERIOD_MS;
    assert_eq!(
        core.node_change_rent(bob(), node(1), 25, NOW),
        Ok(NodeRentChanged {
            node_key: node(1),
            rent_per_month: 25,
            from_ms,
        })
    );
    let pending = Some(PendingRent {
        rent_per_month: 25,
        from_ms,
    });
    assert_eq!(node_info(&core, 1).rent_per_month, 10);
    assert_eq!(node_info(&core, 1).pending_rent, pending);
    assert_eq!(cluster_info(&core, cluster).total_rent, 60);
    // Reads show the rent in force at the query time, with no transaction in between.
    let cluster_at = |core: &Core, now| core.cluster_get(cluster, now).unwrap().0.total_rent;
    assert_eq!(cluster_at(&core, from_ms - 1), 60);
    // Bob's two vnodes go from 2 × 10 to 2 × 25.
    assert_eq!(cluster_at(&core, from_ms), 60 - 20 + 50);
    let later = core.node_get(node(1), from_ms).unwrap().0;
    assert_eq!((later.rent_per_month, later.pending_rent), (25, None));
    // A decrease applies at once and cancels the pending increase.
    assert_eq!(
        core.node_change_rent(bob(), node(1), 0, NOW + 1)
            .unwrap()
            .from_ms,
        NOW + 1
    );
    assert_eq!(node_info(&core, 1).pending_rent, None);
    assert_eq!(cluster_at(&core, from_ms), 40);
}

#[ink::test]
fn node_change_rent_outside_a_cluster_applies_at_once() {
    let mut core = new_core();
    core.node_create(bob(), node(1), params(""), 100, 10)
        .unwrap();
    assert_eq!(
        core.node_change_rent(bob(), node(1), 25, NOW)
            .unwrap()
            .from_ms,
        NOW
    );
    assert_eq!(node_info(&core, 1).rent_per_month, 25);
    assert_eq!(node_info(&core, 1).pending_rent, None);
}

#[ink::test]
fn rents_above_the_ceiling_are_refused() {
    let (mut core, _) = reference();
    assert_eq!(
        core.node_change_rent(bob(), node(1), MAX_RENT_PER_MONTH + 1, NOW),
        Err(Error::RentTooHigh)
    );
    assert_eq!(
        core.node_create(eve(), node(9), params(""), 1, u128::MAX / 4),
        Err(Error::RentTooHigh)
    );
    assert_eq!(node_info(&core, 1).pending_rent, None);
    core.node_change_rent(bob(), node(1), MAX_RENT_PER_MONTH, NOW)
        .unwrap();
}

#[ink::test]
fn node_change_rent_outside_a_cluster_touches_no_cluster() {
    let (mut core, cluster) = reference();
    core.node_create(bob(), node(4), params(""), 100, 10)
        .unwrap();
    core.node_change_rent(bob(), node(4), 1_000, NOW).unwrap();
    assert_eq!(node_info(&core, 4).rent_per_month, 1_000);
    assert_eq!(cluster_info(&core, cluster).total_rent, 60);
}

#[ink::test]
fn node_remove_while_in_a_cluster_fails() {
    let (mut core, cluster) = reference();
    assert_eq!(
        core.node_remove(bob(), node(1)),
        Err(Error::NodeIsInCluster)
    );
    assert_eq!(node_info(&core, 1).cluster_id, Some(cluster));
    assert_eq!(listed_nodes(&core, 0, 10, Some(bob())), (vec![node(1)], 1));
}

#[ink::test]
fn node_remove_after_leaving_the_cluster_deregisters_it() {
    let (mut core, cluster) = reference();
    core.cluster_remove_node(bob(), cluster, node(1), NOW)
        .unwrap();
    assert_eq!(
        core.node_remove(bob(), node(1)),
        Ok(NodeRemoved {
            node_key: node(1),
            provider: bob(),
        })
    );
    assert_eq!(core.node_get(node(1), NOW), Err(Error::NodeDoesNotExist));
    assert_eq!(listed_nodes(&core, 0, 10, Some(bob())), (vec![], 0));
    let (all, total) = listed_nodes(&core, 0, 10, None);
    assert_eq!(total, 2);
    assert!(!all.contains(&node(1)));
    // The key can be registered again, by anybody.
    core.node_create(charlie(), node(1), params("again"), 5, 5)
        .unwrap();
    assert_eq!(node_info(&core, 1).provider, charlie());
    assert_eq!(core.node_get(node(1), NOW).unwrap().1, params("again"));
}

#[ink::test]
fn node_remove_by_non_provider_fails() {
    let mut core = new_core();
    core.node_create(bob(), node(1), params(""), 100, 10)
        .unwrap();
    assert_eq!(
        core.node_remove(alice(), node(1)),
        Err(Error::OnlyNodeProvider)
    );
    assert_eq!(node_info(&core, 1).provider, bob());
}

// ------------------------------------------------------------------------------------------------
// Trust
// ------------------------------------------------------------------------------------------------

#[ink::test]
fn node_set_trust_records_and_reports_the_consent() {
    let mut core = new_core();
    assert_eq!(
        core.node_set_trust(bob(), alice(), true),
        Ok(ManagerTrustChanged {
            provider: bob(),
            manager: alice(),
            trusted: true,
        })
    );
    assert!(core.has_permission(alice(), Permission::ClusterManagerTrustedBy(bob())));
    assert!(!core.has_permission(bob(), Permission::ClusterManagerTrustedBy(alice())));
    assert!(!core.has_permission(alice(), Permission::ClusterManagerTrustedBy(charlie())));
    assert_eq!(
        core.node_set_trust(bob(), alice(), false),
        Ok(ManagerTrustChanged {
            provider: bob(),
            manager: alice(),
            trusted: false,
        })
    );
    assert!(!core.has_permission(alice(), Permission::ClusterManagerTrustedBy(bob())));
}

#[ink::test]
fn add_node_without_trust_fails() {
    let (mut core, cluster) = empty_cluster();
    core.node_create(bob(), node(1), params(""), 100, 10)
        .unwrap();
    assert_eq!(
        core.cluster_add_node(alice(), cluster, node(1), vec![1], NOW),
        Err(Error::ProviderDoesNotTrustManager)
    );
    assert_eq!(node_info(&core, 1).cluster_id, None);
    let info = cluster_info(&core, cluster);
    assert_eq!(info.v_node_count, 0);
    assert_eq!(info.nodes, vec![]);
    // Once Bob trusts Alice, the same call works.
    core.node_set_trust(bob(), alice(), true).unwrap();
    core.cluster_add_node(alice(), cluster, node(1), vec![1], NOW)
        .unwrap();
    assert_eq!(node_info(&core, 1).cluster_id, Some(cluster));
}

#[ink::test]
fn provider_managing_its_own_cluster_needs_no_trust() {
    let (mut core, cluster) = empty_cluster();
    core.node_create(alice(), node(1), params(""), 100, 10)
        .unwrap();
    core.cluster_add_node(alice(), cluster, node(1), vec![1, 2], NOW)
        .unwrap();
    assert_eq!(node_info(&core, 1).cluster_id, Some(cluster));
    assert_eq!(cluster_info(&core, cluster).total_rent, 20);
}

#[ink::test]
fn trust_in_one_manager_does_not_extend_to_another() {
    let mut core = new_core();
    core.node_set_trust(bob(), alice(), true).unwrap();
    core.node_create(bob(), node(1), params(""), 100, 10)
        .unwrap();
    let (charlies, _) = core.cluster_create(charlie(), params(""), 10, NOW).unwrap();
    assert_eq!(
        core.cluster_add_node(charlie(), charlies, node(1), vec![1], NOW),
        Err(Error::ProviderDoesNotTrustManager)
    );
    assert_eq!(node_info(&core, 1).cluster_id, None);
}

#[ink::test]
fn distrust_prevents_later_adds_but_keeps_admitted_nodes() {
    let mut core = new_core();
    core.node_set_trust(bob(), alice(), true).unwrap();
    core.node_create(bob(), node(1), params(""), 100, 10)
        .unwrap();
    core.node_create(bob(), node(2), params(""), 100, 10)
        .unwrap();
    let (cluster, _) = core.cluster_create(alice(), params(""), 10, NOW).unwrap();
    core.cluster_add_node(alice(), cluster, node(1), vec![1], NOW)
        .unwrap();
    core.node_set_trust(bob(), alice(), false).unwrap();
    assert_eq!(
        core.cluster_add_node(alice(), cluster, node(2), vec![2], NOW),
        Err(Error::ProviderDoesNotTrustManager)
    );
    assert_eq!(node_info(&core, 2).cluster_id, None);
    assert_eq!(node_info(&core, 1).cluster_id, Some(cluster));
    assert_eq!(ring(&core, cluster), vec![(node(1), vec![1])]);
}
