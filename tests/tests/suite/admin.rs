//! Permissions, fee configuration, unbonding period and code upgrade of the core.

use ddc_bucket::events::{CodeUpgraded, FeeConfigSet, PermissionChanged, UnbondingPeriodSet};
use ddc_tests::ddc::Ddc;
use ddc_tests::ddc_types::{Error, Permission};
use ddc_tests::{admin, alice, bob, ink_id, node_key, BundleProvider};

#[test]
fn deployer_is_super_admin_and_rate_setter() {
    let mut ddc = Ddc::new();
    assert!(ddc.has_permission(&admin(), Permission::SuperAdmin));
    assert!(ddc.has_permission(&admin(), Permission::SetExchangeRate));
    assert!(!ddc.has_permission(&alice(), Permission::SuperAdmin));
}

#[test]
fn super_admin_grants_and_revokes_with_events() {
    let mut ddc = Ddc::new();
    ddc.grant_permission(&admin(), &alice(), Permission::SuperAdmin)
        .unwrap();
    let granted = ddc.events::<PermissionChanged>();
    assert_eq!(granted.len(), 1);
    assert_eq!(granted[0].grantee, ink_id(&alice()));
    assert_eq!(granted[0].permission, Permission::SuperAdmin);
    assert!(granted[0].granted);
    assert!(ddc.has_permission(&alice(), Permission::SuperAdmin));

    // Granting again changes nothing and emits nothing.
    ddc.grant_permission(&admin(), &alice(), Permission::SuperAdmin)
        .unwrap();
    assert_eq!(ddc.event_count(), 0);

    // With two SuperAdmins the original one can be revoked, then alice is the last one.
    ddc.revoke_permission(&alice(), &admin(), Permission::SuperAdmin)
        .unwrap();
    assert!(!ddc.events::<PermissionChanged>()[0].granted);
    assert!(!ddc.has_permission(&admin(), Permission::SuperAdmin));
    assert_eq!(
        ddc.revoke_permission(&alice(), &alice(), Permission::SuperAdmin),
        Err(Error::LastSuperAdmin)
    );
    assert_eq!(
        ddc.grant_permission(&admin(), &bob(), Permission::SetExchangeRate),
        Err(Error::MissingPermission)
    );
}

#[test]
fn trust_is_granted_by_the_provider_only() {
    let mut ddc = Ddc::new();
    ddc.node_create(&bob(), &node_key(1), 100, 1).unwrap();
    let cluster = ddc.cluster_create(&alice(), 10).unwrap();
    assert_eq!(
        ddc.cluster_add_node(&alice(), cluster, &node_key(1), &[1]),
        Err(Error::ProviderDoesNotTrustManager)
    );
    let trust = Permission::ClusterManagerTrustedBy(ink_id(&bob()));
    assert!(!ddc.has_permission(&alice(), trust));
    ddc.node_trust_manager(&bob(), &alice()).unwrap();
    assert!(ddc.has_permission(&alice(), trust));
    ddc.node_distrust_manager(&bob(), &alice()).unwrap();
    assert!(!ddc.has_permission(&alice(), trust));
    assert_eq!(
        ddc.cluster_add_node(&alice(), cluster, &node_key(1), &[1]),
        Err(Error::ProviderDoesNotTrustManager)
    );
}

#[test]
fn fee_config_is_validated_and_reported() {
    let mut ddc = Ddc::new();
    ddc.set_fees(100, &bob(), 200).unwrap();
    let event = &ddc.events::<FeeConfigSet>()[0];
    assert_eq!(
        (
            event.network_fee_bp,
            event.network_fee_destination,
            event.cluster_management_fee_bp
        ),
        (100, ink_id(&bob()), 200)
    );
    assert_eq!(ddc.fee_config(), (100, ink_id(&bob()), 200));
    // Issue 12: at most 10 % network fee and 20 % management fee (before, the two could take
    // the whole revenue).
    ddc.set_fees(1_000, &bob(), 2_000).unwrap();
    for (network, management) in [(1_001, 2_000), (1_000, 2_001), (4_000, 6_000)] {
        assert_eq!(
            ddc.set_fees(network, &bob(), management),
            Err(Error::InvalidFeeConfig),
            "{network} + {management}"
        );
    }
    assert_eq!(ddc.fee_config(), (1_000, ink_id(&bob()), 2_000));
}

#[test]
fn unbonding_period_defaults_to_seven_days_and_is_bounded() {
    let mut ddc = Ddc::new();
    assert_eq!(ddc.unbonding_period(), 7 * 24 * 3_600_000);
    ddc.set_unbonding_period(&admin(), 3_600_000).unwrap();
    assert_eq!(
        ddc.events::<UnbondingPeriodSet>()[0].unbonding_period_ms,
        3_600_000
    );
    assert_eq!(ddc.unbonding_period(), 3_600_000);
    assert_eq!(
        ddc.set_unbonding_period(&admin(), 3_599_999),
        Err(Error::UnbondingPeriodOutOfBounds)
    );
}

#[test]
fn set_code_keeps_state_and_emits_the_hash() {
    let mut ddc = Ddc::new();
    ddc.node_create(&bob(), &node_key(1), 100, 5).unwrap();
    let bundle = BundleProvider::DdcBucket.bundle().unwrap();
    let code_hash = ddc.suite.session.upload_bundle(bundle).unwrap_or_else(|e| {
        panic!("upload: {e:?}");
    });
    ddc.set_code(&admin(), code_hash.as_ref()).unwrap();
    let upgraded = ddc.events::<CodeUpgraded>();
    assert_eq!(upgraded[0].code_hash.as_ref(), code_hash.as_ref());
    assert_eq!(ddc.node(&node_key(1)).rent_per_month, 5);
}
