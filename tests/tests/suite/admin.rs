//! Permissions, fee configuration, unbonding period and code upgrade of the core.

use ddc_bucket::events::{CodeUpgraded, FeeConfigSet, PermissionChanged, UnbondingPeriodSet};
use ddc_tests::ddc::Ddc;
use ddc_tests::ddc_types::{Error, Permission};
use ddc_tests::{admin, alice, arg, bob, ink_id, node_key, BundleProvider};

fn has(ddc: &mut Ddc, who: &drink::AccountId32, permission: &str) -> bool {
    let address = ddc.address.clone();
    ddc.suite
        .query(&address, "has_permission", &[arg(who), permission.into()])
}

#[test]
fn deployer_is_super_admin_and_rate_setter() {
    let mut ddc = Ddc::new();
    assert!(has(&mut ddc, &admin(), "SuperAdmin"));
    assert!(has(&mut ddc, &admin(), "SetExchangeRate"));
    assert!(!has(&mut ddc, &alice(), "SuperAdmin"));
}

#[test]
fn super_admin_grants_and_revokes_with_events() {
    let mut ddc = Ddc::new();
    ddc.tx::<()>(
        &admin(),
        "admin_grant_permission",
        &[arg(&alice()), "SuperAdmin".into()],
    )
    .unwrap();
    let granted = ddc.events::<PermissionChanged>();
    assert_eq!(granted.len(), 1);
    assert_eq!(granted[0].grantee, ink_id(&alice()));
    assert_eq!(granted[0].permission, Permission::SuperAdmin);
    assert!(granted[0].granted);
    assert!(has(&mut ddc, &alice(), "SuperAdmin"));

    // Granting again changes nothing and emits nothing.
    ddc.tx::<()>(
        &admin(),
        "admin_grant_permission",
        &[arg(&alice()), "SuperAdmin".into()],
    )
    .unwrap();
    assert_eq!(ddc.event_count(), 0);

    // With two SuperAdmins the original one can be revoked, then alice is the last one.
    ddc.tx::<()>(
        &alice(),
        "admin_revoke_permission",
        &[arg(&admin()), "SuperAdmin".into()],
    )
    .unwrap();
    assert!(!ddc.events::<PermissionChanged>()[0].granted);
    assert!(!has(&mut ddc, &admin(), "SuperAdmin"));
    assert_eq!(
        ddc.tx::<()>(
            &alice(),
            "admin_revoke_permission",
            &[arg(&alice()), "SuperAdmin".into()]
        ),
        Err(Error::LastSuperAdmin)
    );
    assert_eq!(
        ddc.tx::<()>(
            &admin(),
            "admin_grant_permission",
            &[arg(&bob()), "SetExchangeRate".into()]
        ),
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
    let trust = format!("ClusterManagerTrustedBy({})", arg(&bob()));
    assert!(!has(&mut ddc, &alice(), &trust));
    ddc.node_trust_manager(&bob(), &alice()).unwrap();
    assert!(has(&mut ddc, &alice(), &trust));
    ddc.tx::<()>(&bob(), "node_distrust_manager", &[arg(&alice())])
        .unwrap();
    assert!(!has(&mut ddc, &alice(), &trust));
    assert_eq!(
        ddc.cluster_add_node(&alice(), cluster, &node_key(1), &[1]),
        Err(Error::ProviderDoesNotTrustManager)
    );
}

#[test]
fn fee_config_is_validated_and_reported() {
    let mut ddc = Ddc::new();
    ddc.tx::<()>(
        &admin(),
        "admin_set_fee_config",
        &["100".into(), arg(&bob()), "200".into()],
    )
    .unwrap();
    let event = &ddc.events::<FeeConfigSet>()[0];
    assert_eq!(
        (
            event.network_fee_bp,
            event.network_fee_destination,
            event.cluster_management_fee_bp
        ),
        (100, ink_id(&bob()), 200)
    );
    let address = ddc.address.clone();
    let config: (u32, ink::primitives::AccountId, u32) =
        ddc.suite.query(&address, "admin_get_fee_config", &[]);
    assert_eq!(config, (100, ink_id(&bob()), 200));
    // Issue 12: at most 10 % network fee and 20 % management fee (before, the two could take
    // the whole revenue).
    ddc.tx::<()>(
        &admin(),
        "admin_set_fee_config",
        &["1000".into(), arg(&bob()), "2000".into()],
    )
    .unwrap();
    for (network, management) in [("1001", "2000"), ("1000", "2001"), ("4000", "6000")] {
        assert_eq!(
            ddc.tx::<()>(
                &admin(),
                "admin_set_fee_config",
                &[network.into(), arg(&bob()), management.into()]
            ),
            Err(Error::InvalidFeeConfig),
            "{network} + {management}"
        );
    }
    let config: (u32, ink::primitives::AccountId, u32) =
        ddc.suite.query(&address, "admin_get_fee_config", &[]);
    assert_eq!(config, (1_000, ink_id(&bob()), 2_000));
}

#[test]
fn unbonding_period_defaults_to_seven_days_and_is_bounded() {
    let mut ddc = Ddc::new();
    let address = ddc.address.clone();
    let period: u64 = ddc.suite.query(&address, "admin_get_unbonding_period", &[]);
    assert_eq!(period, 7 * 24 * 3_600_000);
    ddc.tx::<()>(&admin(), "admin_set_unbonding_period", &["3600000".into()])
        .unwrap();
    assert_eq!(
        ddc.events::<UnbondingPeriodSet>()[0].unbonding_period_ms,
        3_600_000
    );
    let period: u64 = ddc.suite.query(&address, "admin_get_unbonding_period", &[]);
    assert_eq!(period, 3_600_000);
    assert_eq!(
        ddc.tx::<()>(&admin(), "admin_set_unbonding_period", &["3599999".into()]),
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
    let hash_arg = ddc_tests::hex(code_hash.as_ref());
    ddc.tx::<()>(&admin(), "admin_set_code", &[hash_arg])
        .unwrap();
    let upgraded = ddc.events::<CodeUpgraded>();
    assert_eq!(upgraded[0].code_hash.as_ref(), code_hash.as_ref());
    assert_eq!(ddc.node(&node_key(1)).rent_per_month, 5);
}
