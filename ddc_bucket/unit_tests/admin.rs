//! Admin: permissions, the fee configuration and the unbonding period.

use super::*;
use crate::core::{MAX_UNBONDING_PERIOD_MS, MIN_UNBONDING_PERIOD_MS};

#[ink::test]
fn deployer_holds_super_admin_and_set_exchange_rate() {
    let core = new_core();
    assert!(core.has_permission(alice(), Permission::SuperAdmin));
    assert!(core.has_permission(alice(), Permission::SetExchangeRate));
    assert!(!core.has_permission(bob(), Permission::SuperAdmin));
    assert!(!core.has_permission(bob(), Permission::SetExchangeRate));
    assert_eq!(core.fee_config(), (0, alice(), 0));
}

#[ink::test]
fn grant_by_super_admin_gives_the_permission() {
    let mut core = new_core();
    assert_eq!(
        core.admin_grant_permission(alice(), bob(), Permission::SetExchangeRate),
        Ok(Some(PermissionChanged {
            grantee: bob(),
            permission: Permission::SetExchangeRate,
            granted: true,
        }))
    );
    assert!(core.has_permission(bob(), Permission::SetExchangeRate));
    assert!(!core.has_permission(bob(), Permission::SuperAdmin));
    assert_eq!(
        core.admin_revoke_permission(alice(), bob(), Permission::SetExchangeRate),
        Ok(Some(PermissionChanged {
            grantee: bob(),
            permission: Permission::SetExchangeRate,
            granted: false,
        }))
    );
    assert!(!core.has_permission(bob(), Permission::SetExchangeRate));
}

#[ink::test]
fn grant_or_revoke_by_non_admin_fails() {
    let mut core = new_core();
    core.admin_grant_permission(alice(), bob(), Permission::SetExchangeRate)
        .unwrap();
    // SetExchangeRate does not administer permissions.
    for caller in [bob(), charlie()] {
        assert_eq!(
            core.admin_grant_permission(caller, caller, Permission::SuperAdmin),
            Err(Error::MissingPermission)
        );
        assert_eq!(
            core.admin_revoke_permission(caller, alice(), Permission::SuperAdmin),
            Err(Error::MissingPermission)
        );
    }
    assert!(!core.has_permission(bob(), Permission::SuperAdmin));
    assert!(!core.has_permission(charlie(), Permission::SuperAdmin));
    assert!(core.has_permission(alice(), Permission::SuperAdmin));
}

#[ink::test]
fn trust_is_not_administrable() {
    let mut core = new_core();
    let trust = Permission::ClusterManagerTrustedBy(bob());
    assert_eq!(
        core.admin_grant_permission(alice(), charlie(), trust),
        Err(Error::PermissionNotAdministrable)
    );
    assert!(!core.has_permission(charlie(), trust));
    // Nor can an admin withdraw a provider's trust.
    core.node_set_trust(bob(), charlie(), true).unwrap();
    assert_eq!(
        core.admin_revoke_permission(alice(), charlie(), trust),
        Err(Error::PermissionNotAdministrable)
    );
    assert!(core.has_permission(charlie(), trust));
}

#[ink::test]
fn the_last_super_admin_cannot_be_revoked() {
    let mut core = new_core();
    assert_eq!(
        core.admin_revoke_permission(alice(), alice(), Permission::SuperAdmin),
        Err(Error::LastSuperAdmin)
    );
    assert!(core.has_permission(alice(), Permission::SuperAdmin));
}

#[ink::test]
fn one_of_two_super_admins_can_be_revoked() {
    let mut core = new_core();
    core.admin_grant_permission(alice(), bob(), Permission::SuperAdmin)
        .unwrap();
    assert_eq!(
        core.admin_revoke_permission(bob(), alice(), Permission::SuperAdmin),
        Ok(Some(PermissionChanged {
            grantee: alice(),
            permission: Permission::SuperAdmin,
            granted: false,
        }))
    );
    assert!(!core.has_permission(alice(), Permission::SuperAdmin));
    assert!(core.has_permission(bob(), Permission::SuperAdmin));
    // Alice no longer administers; Bob is now the last one.
    assert_eq!(
        core.admin_grant_permission(alice(), alice(), Permission::SuperAdmin),
        Err(Error::MissingPermission)
    );
    assert_eq!(
        core.admin_revoke_permission(bob(), bob(), Permission::SuperAdmin),
        Err(Error::LastSuperAdmin)
    );
    assert!(core.has_permission(bob(), Permission::SuperAdmin));
}

#[ink::test]
fn granting_a_held_permission_changes_nothing() {
    let mut core = new_core();
    assert_eq!(
        core.admin_grant_permission(alice(), alice(), Permission::SuperAdmin),
        Ok(None)
    );
    assert_eq!(
        core.admin_grant_permission(alice(), alice(), Permission::SetExchangeRate),
        Ok(None)
    );
    // The SuperAdmin count was not inflated: Alice is still the last one.
    assert_eq!(
        core.admin_revoke_permission(alice(), alice(), Permission::SuperAdmin),
        Err(Error::LastSuperAdmin)
    );
}

#[ink::test]
fn revoking_an_absent_permission_changes_nothing() {
    let mut core = new_core();
    core.admin_grant_permission(alice(), bob(), Permission::SuperAdmin)
        .unwrap();
    assert_eq!(
        core.admin_revoke_permission(alice(), charlie(), Permission::SuperAdmin),
        Ok(None)
    );
    assert_eq!(
        core.admin_revoke_permission(alice(), charlie(), Permission::SetExchangeRate),
        Ok(None)
    );
    // The count was not decremented: there are still two, so one can go.
    core.admin_revoke_permission(alice(), bob(), Permission::SuperAdmin)
        .unwrap();
    assert_eq!(
        core.admin_revoke_permission(alice(), alice(), Permission::SuperAdmin),
        Err(Error::LastSuperAdmin)
    );
}

#[ink::test]
fn fee_config_within_bounds_is_set() {
    let mut core = new_core();
    assert_eq!(
        core.admin_set_fee_config(alice(), 300, dave(), 700),
        Ok(FeeConfigSet {
            network_fee_bp: 300,
            network_fee_destination: dave(),
            cluster_management_fee_bp: 700,
        })
    );
    assert_eq!(core.fee_config(), (300, dave(), 700));
    for (network, management) in [(MAX_NETWORK_FEE_BP, MAX_MANAGEMENT_FEE_BP), (0, 0)] {
        core.admin_set_fee_config(alice(), network, bob(), management)
            .unwrap();
        assert_eq!(core.fee_config(), (network, bob(), management));
    }
    for (network, management) in [(1_001, 0), (0, 2_001), (10_000, 0), (u32::MAX, u32::MAX)] {
        assert_eq!(
            core.admin_set_fee_config(alice(), network, bob(), management),
            Err(Error::InvalidFeeConfig)
        );
    }
    assert_eq!(core.fee_config(), (0, bob(), 0));
}

#[ink::test]
fn fee_config_above_ten_thousand_bp_fails_without_overflow() {
    let mut core = new_core();
    core.admin_set_fee_config(alice(), 100, dave(), 200)
        .unwrap();
    for (network, management) in [
        (10_001, 0),
        (0, 10_001),
        (5_000, 5_001),
        (u32::MAX, 0),
        (0, u32::MAX),
        (u32::MAX, 1),
        (1, u32::MAX),
        (u32::MAX, u32::MAX),
    ] {
        assert_eq!(
            core.admin_set_fee_config(alice(), network, bob(), management),
            Err(Error::InvalidFeeConfig),
            "({network}, {management})"
        );
    }
    assert_eq!(core.fee_config(), (100, dave(), 200));
}

#[ink::test]
fn fee_config_by_non_admin_fails() {
    let mut core = new_core();
    assert_eq!(
        core.admin_set_fee_config(bob(), 1, bob(), 1),
        Err(Error::MissingPermission)
    );
    assert_eq!(core.fee_config(), (0, alice(), 0));
}

#[ink::test]
fn unbonding_period_within_bounds_is_set() {
    let mut core = new_core();
    for period in [MIN_UNBONDING_PERIOD_MS, MAX_UNBONDING_PERIOD_MS, 86_400_000] {
        assert_eq!(
            core.admin_set_unbonding_period(alice(), period),
            Ok(UnbondingPeriodSet {
                unbonding_period_ms: period,
            })
        );
        assert_eq!(core.config().unbonding_period_ms, period);
    }
}

#[ink::test]
fn unbonding_period_out_of_bounds_fails() {
    let mut core = new_core();
    core.admin_set_unbonding_period(alice(), 86_400_000)
        .unwrap();
    for period in [
        0,
        MIN_UNBONDING_PERIOD_MS - 1,
        MAX_UNBONDING_PERIOD_MS + 1,
        u64::MAX,
    ] {
        assert_eq!(
            core.admin_set_unbonding_period(alice(), period),
            Err(Error::UnbondingPeriodOutOfBounds)
        );
    }
    assert_eq!(
        core.admin_set_unbonding_period(bob(), MIN_UNBONDING_PERIOD_MS),
        Err(Error::MissingPermission)
    );
    assert_eq!(core.config().unbonding_period_ms, 86_400_000);
}
