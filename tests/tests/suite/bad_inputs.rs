//! Every mutating message of the core with bad input: unknown ids, wrong callers, oversize params,
//! zero or overflowing amounts. Each must fail with its typed error, emit nothing and leave the
//! state exactly as it was (read back through every getter).

use ddc_tests::ddc::{tokens, Ddc};
use ddc_tests::ddc_types::{ClusterId, Error, MAX_RENT_PER_MONTH, UNIT};
use ddc_tests::{admin, alice, arg, bob, charlie, dave, eve, node_key, str_arg};
use drink::AccountId32;

const UNKNOWN: &str = "99";
/// The fixture's chain time (ms).
const T0: u64 = 1_000_000;

/// At `T0`: alice manages cluster 1 (10 per vnode) with bob's node 1 ([1, 2]) and charlie's
/// node 2 ([3]); dave has a free node 3 (trusting alice); eve deposited 1 token and owns bucket 1
/// (4 units, writer bob); node 4 (bob's, capacity 100, the highest rent allowed) trusts alice but
/// is in no cluster.
fn fixture() -> (Ddc, ClusterId) {
    let mut ddc = Ddc::new();
    ddc.suite.set_time(T0);
    for (provider, n, rent) in [
        (bob(), 1, 10),
        (charlie(), 2, 20),
        (dave(), 3, 30),
        (bob(), 4, MAX_RENT_PER_MONTH),
    ] {
        ddc.node_trust_manager(&provider, &alice()).unwrap();
        ddc.node_create(&provider, &node_key(n), 100, rent).unwrap();
    }
    let cluster = ddc.cluster_create(&alice(), 10).unwrap();
    ddc.cluster_add_node(&alice(), cluster, &node_key(1), &[1, 2])
        .unwrap();
    ddc.cluster_add_node(&alice(), cluster, &node_key(2), &[3])
        .unwrap();
    let bucket = ddc.bucket_create(&eve(), cluster).unwrap();
    ddc.deposit(&eve(), UNIT).unwrap();
    ddc.bucket_alloc(&eve(), bucket, 4).unwrap();
    ddc.tx::<()>(
        &eve(),
        "bucket_set_writer_perm",
        &[bucket.to_string(), arg(&bob())],
    )
    .unwrap();
    (ddc, cluster)
}

/// Everything the getters show, encoded, to compare before and after a failed call.
fn snapshot(ddc: &mut Ddc) -> Vec<u8> {
    use scale::Encode;
    let mut out = Vec::new();
    for n in 1..=5 {
        out.extend(ddc.node_get(&node_key(n)).encode());
    }
    out.extend(ddc.node_list(0, 32, None).encode());
    for provider in [bob(), charlie(), dave()] {
        out.extend(ddc.node_list(0, 32, Some(&provider)).encode());
    }
    out.extend(ddc.cluster_get(1).encode());
    out.extend(ddc.cluster_list(0, 32, Some(&alice())).encode());
    out.extend(ddc.bucket_get(1).encode());
    out.extend(ddc.bucket_list(0, 32, Some(&eve())).encode());
    for who in [eve(), bob()] {
        out.extend(ddc.account(&who).encode());
    }
    let address = ddc.address.clone();
    out.extend(
        ddc.suite
            .query::<(u32, ink::primitives::AccountId, u32)>(&address, "admin_get_fee_config", &[])
            .encode(),
    );
    out.extend(
        ddc.suite
            .query::<u64>(&address, "admin_get_unbonding_period", &[])
            .encode(),
    );
    for who in [admin(), alice(), bob()] {
        for permission in ["SuperAdmin", "SetExchangeRate"] {
            let has = ddc.suite.query::<bool>(
                &address,
                "has_permission",
                &[arg(&who), permission.into()],
            );
            out.push(u8::from(has));
        }
    }
    out
}

struct Case {
    caller: AccountId32,
    message: &'static str,
    args: Vec<String>,
    expected: Error,
}

fn case(caller: AccountId32, message: &'static str, args: Vec<String>, expected: Error) -> Case {
    Case {
        caller,
        message,
        args,
        expected,
    }
}

fn long_params() -> String {
    str_arg(&"x".repeat(4097))
}

fn run(cases: Vec<Case>) {
    let (mut ddc, _) = fixture();
    for Case {
        caller,
        message,
        args,
        expected,
    } in cases
    {
        let before = snapshot(&mut ddc);
        let got = ddc.tx::<()>(&caller, message, &args);
        assert_eq!(got, Err(expected), "{message}({args:?})");
        assert_eq!(ddc.event_count(), 0, "{message} emitted on failure");
        assert!(
            snapshot(&mut ddc) == before,
            "{message}({args:?}) changed state"
        );
    }
}

#[test]
fn node_messages_reject_bad_input() {
    let n1 = arg(&node_key(1));
    let unknown = arg(&node_key(40));
    run(vec![
        case(
            alice(),
            "node_create",
            vec![n1.clone(), str_arg("{}"), "1".into(), "1".into()],
            Error::NodeAlreadyExists,
        ),
        case(
            alice(),
            "node_create",
            vec![arg(&node_key(9)), long_params(), "1".into(), "1".into()],
            Error::ParamsTooLong,
        ),
        case(
            alice(),
            "node_create",
            vec![
                arg(&node_key(9)),
                str_arg("{}"),
                "1".into(),
                (MAX_RENT_PER_MONTH + 1).to_string(),
            ],
            Error::RentTooHigh,
        ),
        case(
            bob(),
            "node_change_params",
            vec![unknown.clone(), str_arg("{}")],
            Error::NodeDoesNotExist,
        ),
        case(
            alice(),
            "node_change_params",
            vec![n1.clone(), str_arg("{}")],
            Error::OnlyNodeProvider,
        ),
        case(
            bob(),
            "node_change_params",
            vec![n1.clone(), long_params()],
            Error::ParamsTooLong,
        ),
        case(
            bob(),
            "node_change_rent",
            vec![unknown.clone(), "1".into()],
            Error::NodeDoesNotExist,
        ),
        case(
            charlie(),
            "node_change_rent",
            vec![n1.clone(), "1".into()],
            Error::OnlyNodeProvider,
        ),
        // Before issue 12 this rent was accepted on a node outside a cluster and overflowed
        // the cluster's rent later (`Overflow`); now no rent above the ceiling is accepted.
        case(
            bob(),
            "node_change_rent",
            vec![n1.clone(), u128::MAX.to_string()],
            Error::RentTooHigh,
        ),
        case(
            bob(),
            "node_change_rent",
            vec![arg(&node_key(4)), (MAX_RENT_PER_MONTH + 1).to_string()],
            Error::RentTooHigh,
        ),
        case(
            bob(),
            "node_change_capacity",
            vec![unknown.clone(), "1".into()],
            Error::NodeDoesNotExist,
        ),
        case(
            charlie(),
            "node_change_capacity",
            vec![n1.clone(), "500".into()],
            Error::OnlyNodeProvider,
        ),
        case(
            bob(),
            "node_change_capacity",
            vec![n1.clone(), "19".into()],
            Error::InsufficientNodeCapacity,
        ),
        case(bob(), "node_remove", vec![unknown], Error::NodeDoesNotExist),
        case(
            charlie(),
            "node_remove",
            vec![arg(&node_key(4))],
            Error::OnlyNodeProvider,
        ),
        case(bob(), "node_remove", vec![n1], Error::NodeIsInCluster),
    ]);
}

#[test]
fn cluster_messages_reject_bad_input() {
    let add = "ClusterManagement::cluster_add_node";
    let n1 = arg(&node_key(1));
    let n3 = arg(&node_key(3));
    run(vec![
        case(
            alice(),
            "cluster_create",
            vec![long_params(), "1".into()],
            Error::ParamsTooLong,
        ),
        case(
            alice(),
            add,
            vec![UNKNOWN.into(), n3.clone(), tokens(&[7])],
            Error::ClusterDoesNotExist,
        ),
        case(
            bob(),
            add,
            vec!["1".into(), n3.clone(), tokens(&[7])],
            Error::OnlyClusterManager,
        ),
        case(
            alice(),
            add,
            vec!["1".into(), arg(&node_key(40)), tokens(&[7])],
            Error::NodeDoesNotExist,
        ),
        case(
            alice(),
            add,
            vec!["1".into(), n1.clone(), tokens(&[7])],
            Error::NodeIsInCluster,
        ),
        case(
            alice(),
            add,
            vec!["1".into(), n3.clone(), tokens(&[])],
            Error::NoVNodes,
        ),
        case(
            alice(),
            add,
            vec![
                "1".into(),
                n3.clone(),
                tokens(&(10..27).collect::<Vec<_>>()),
            ],
            Error::TooManyVNodes,
        ),
        case(
            alice(),
            add,
            vec!["1".into(), n3.clone(), tokens(&[2])],
            Error::VNodeTokenTaken,
        ),
        case(
            alice(),
            add,
            vec!["1".into(), n3.clone(), tokens(&[7, 7])],
            Error::VNodeTokenTaken,
        ),
        case(
            alice(),
            add,
            vec![
                "1".into(),
                n3.clone(),
                tokens(&(10..21).collect::<Vec<_>>()),
            ],
            Error::InsufficientNodeCapacity,
        ),
        case(
            alice(),
            "ClusterManagement::cluster_remove_node",
            vec![UNKNOWN.into(), n1.clone()],
            Error::ClusterDoesNotExist,
        ),
        case(
            alice(),
            "ClusterManagement::cluster_remove_node",
            vec!["1".into(), n3.clone()],
            Error::NodeNotInCluster,
        ),
        case(
            dave(),
            "ClusterManagement::cluster_remove_node",
            vec!["1".into(), n1.clone()],
            Error::OnlyClusterManager,
        ),
        case(
            alice(),
            "ClusterManagement::cluster_replace_node",
            vec![UNKNOWN.into(), tokens(&[1]), n1.clone()],
            Error::ClusterDoesNotExist,
        ),
        case(
            bob(),
            "ClusterManagement::cluster_replace_node",
            vec!["1".into(), tokens(&[3]), n1.clone()],
            Error::OnlyClusterManager,
        ),
        case(
            alice(),
            "ClusterManagement::cluster_replace_node",
            vec!["1".into(), tokens(&[3]), n3.clone()],
            Error::NodeNotInCluster,
        ),
        case(
            alice(),
            "ClusterManagement::cluster_replace_node",
            vec!["1".into(), tokens(&[]), n1.clone()],
            Error::NoVNodes,
        ),
        case(
            alice(),
            "ClusterManagement::cluster_replace_node",
            vec!["1".into(), tokens(&[42]), n1.clone()],
            Error::VNodeDoesNotExist,
        ),
        case(
            alice(),
            "ClusterManagement::cluster_replace_node",
            vec!["1".into(), tokens(&[3, 3]), n1.clone()],
            Error::VNodeTokenTaken,
        ),
        case(
            alice(),
            "ClusterManagement::cluster_set_node_status",
            vec![UNKNOWN.into(), n1.clone(), "Active".into()],
            Error::ClusterDoesNotExist,
        ),
        case(
            bob(),
            "ClusterManagement::cluster_set_node_status",
            vec!["1".into(), n1.clone(), "Active".into()],
            Error::OnlyClusterManager,
        ),
        case(
            alice(),
            "ClusterManagement::cluster_set_node_status",
            vec!["1".into(), n3.clone(), "Active".into()],
            Error::NodeNotInCluster,
        ),
        case(
            alice(),
            "ClusterManagement::cluster_change_params",
            vec![UNKNOWN.into(), str_arg("{}")],
            Error::ClusterDoesNotExist,
        ),
        case(
            bob(),
            "ClusterManagement::cluster_change_params",
            vec!["1".into(), str_arg("{}")],
            Error::OnlyClusterManager,
        ),
        case(
            alice(),
            "ClusterManagement::cluster_change_params",
            vec!["1".into(), long_params()],
            Error::ParamsTooLong,
        ),
        case(
            alice(),
            "ClusterManagement::cluster_set_resource_per_vnode",
            vec![UNKNOWN.into(), "5".into()],
            Error::ClusterDoesNotExist,
        ),
        case(
            bob(),
            "ClusterManagement::cluster_set_resource_per_vnode",
            vec!["1".into(), "5".into()],
            Error::OnlyClusterManager,
        ),
        case(
            alice(),
            "ClusterManagement::cluster_set_resource_per_vnode",
            vec!["1".into(), "3".into()],
            Error::ResourceStillAllocated,
        ),
        case(
            alice(),
            "ClusterManagement::cluster_set_resource_per_vnode",
            vec!["1".into(), "51".into()],
            Error::InsufficientNodeCapacity,
        ),
        case(
            alice(),
            "ClusterManagement::cluster_set_resource_per_vnode",
            vec!["1".into(), u32::MAX.to_string()],
            Error::InsufficientNodeCapacity,
        ),
        case(
            alice(),
            "ClusterManagement::cluster_transfer_manager",
            vec![UNKNOWN.into(), arg(&bob())],
            Error::ClusterDoesNotExist,
        ),
        case(
            bob(),
            "ClusterManagement::cluster_transfer_manager",
            vec!["1".into(), arg(&bob())],
            Error::OnlyClusterManager,
        ),
        case(
            bob(),
            "ClusterManagement::cluster_accept_manager",
            vec![UNKNOWN.into()],
            Error::ClusterDoesNotExist,
        ),
        case(
            bob(),
            "ClusterManagement::cluster_accept_manager",
            vec!["1".into()],
            Error::OnlyPendingManager,
        ),
        case(
            alice(),
            "cluster_remove",
            vec![UNKNOWN.into()],
            Error::ClusterDoesNotExist,
        ),
        case(
            bob(),
            "cluster_remove",
            vec!["1".into()],
            Error::OnlyClusterManager,
        ),
        case(
            alice(),
            "cluster_remove",
            vec!["1".into()],
            Error::ClusterIsNotEmpty,
        ),
        // Bucket 1 is not in cluster 99.
        case(
            alice(),
            "ClusterManagement::cluster_evict_bucket",
            vec![UNKNOWN.into(), "1".into()],
            Error::BucketDoesNotExist,
        ),
        case(
            bob(),
            "ClusterManagement::cluster_evict_bucket",
            vec!["1".into(), "1".into()],
            Error::OnlyClusterManager,
        ),
        case(
            alice(),
            "ClusterManagement::cluster_evict_bucket",
            vec!["1".into(), UNKNOWN.into()],
            Error::BucketDoesNotExist,
        ),
        case(
            alice(),
            "ClusterManagement::cluster_evict_bucket",
            vec!["1".into(), "1".into()],
            Error::BucketRentCovered,
        ),
    ]);
}

#[test]
fn bucket_messages_reject_bad_input() {
    let b = || "1".to_string();
    run(vec![
        case(
            eve(),
            "bucket_create",
            vec![str_arg("{}"), UNKNOWN.into()],
            Error::ClusterDoesNotExist,
        ),
        case(
            eve(),
            "bucket_create",
            vec![long_params(), "1".into()],
            Error::ParamsTooLong,
        ),
        case(
            eve(),
            "bucket_alloc_into_cluster",
            vec![UNKNOWN.into(), "1".into()],
            Error::BucketDoesNotExist,
        ),
        case(
            alice(),
            "bucket_alloc_into_cluster",
            vec![b(), "1".into()],
            Error::OnlyBucketOwner,
        ),
        case(
            eve(),
            "bucket_alloc_into_cluster",
            vec![b(), "0".into()],
            Error::ZeroAmount,
        ),
        case(
            eve(),
            "bucket_alloc_into_cluster",
            vec![b(), "7".into()],
            Error::InsufficientClusterResource,
        ),
        case(
            eve(),
            "bucket_alloc_into_cluster",
            vec![b(), u32::MAX.to_string()],
            Error::InsufficientClusterResource,
        ),
        case(
            eve(),
            "bucket_free_resource",
            vec![UNKNOWN.into(), "1".into()],
            Error::BucketDoesNotExist,
        ),
        case(
            bob(),
            "bucket_free_resource",
            vec![b(), "1".into()],
            Error::OnlyBucketOwner,
        ),
        case(
            eve(),
            "bucket_free_resource",
            vec![b(), "0".into()],
            Error::ZeroAmount,
        ),
        case(
            eve(),
            "bucket_free_resource",
            vec![b(), "5".into()],
            Error::InsufficientBucketResource,
        ),
        case(
            eve(),
            "bucket_change_params",
            vec![UNKNOWN.into(), str_arg("{}")],
            Error::BucketDoesNotExist,
        ),
        case(
            bob(),
            "bucket_change_params",
            vec![b(), str_arg("{}")],
            Error::OnlyBucketOwner,
        ),
        case(
            eve(),
            "bucket_change_params",
            vec![b(), long_params()],
            Error::ParamsTooLong,
        ),
        case(
            eve(),
            "bucket_set_availability",
            vec![UNKNOWN.into(), "true".into()],
            Error::BucketDoesNotExist,
        ),
        case(
            bob(),
            "bucket_set_availability",
            vec![b(), "true".into()],
            Error::OnlyBucketOwner,
        ),
        case(
            eve(),
            "bucket_set_writer_perm",
            vec![UNKNOWN.into(), arg(&dave())],
            Error::BucketDoesNotExist,
        ),
        case(
            bob(),
            "bucket_set_writer_perm",
            vec![b(), arg(&dave())],
            Error::OnlyBucketOwner,
        ),
        case(
            eve(),
            "bucket_set_writer_perm",
            vec![b(), arg(&bob())],
            Error::AlreadyOnAccessList,
        ),
        case(
            eve(),
            "bucket_revoke_writer_perm",
            vec![b(), arg(&dave())],
            Error::NotOnAccessList,
        ),
        case(
            bob(),
            "bucket_revoke_writer_perm",
            vec![b(), arg(&bob())],
            Error::OnlyBucketOwner,
        ),
        case(
            bob(),
            "bucket_set_reader_perm",
            vec![b(), arg(&dave())],
            Error::OnlyBucketOwner,
        ),
        case(
            eve(),
            "bucket_revoke_reader_perm",
            vec![b(), arg(&dave())],
            Error::NotOnAccessList,
        ),
        case(
            eve(),
            "bucket_change_owner",
            vec![UNKNOWN.into(), arg(&dave())],
            Error::BucketDoesNotExist,
        ),
        case(
            bob(),
            "bucket_change_owner",
            vec![b(), arg(&bob())],
            Error::OnlyBucketOwner,
        ),
        case(
            dave(),
            "bucket_accept_owner",
            vec![b()],
            Error::OnlyPendingOwner,
        ),
        case(
            dave(),
            "bucket_accept_owner",
            vec![UNKNOWN.into()],
            Error::BucketDoesNotExist,
        ),
        case(
            eve(),
            "bucket_close",
            vec![UNKNOWN.into()],
            Error::BucketDoesNotExist,
        ),
        case(bob(), "bucket_close", vec![b()], Error::OnlyBucketOwner),
    ]);
}

#[test]
fn admin_messages_reject_bad_input() {
    run(vec![
        case(
            alice(),
            "admin_grant_permission",
            vec![arg(&bob()), "SuperAdmin".into()],
            Error::MissingPermission,
        ),
        case(
            admin(),
            "admin_grant_permission",
            vec![
                arg(&bob()),
                format!("ClusterManagerTrustedBy({})", arg(&charlie())),
            ],
            Error::PermissionNotAdministrable,
        ),
        case(
            alice(),
            "admin_revoke_permission",
            vec![arg(&admin()), "SuperAdmin".into()],
            Error::MissingPermission,
        ),
        case(
            admin(),
            "admin_revoke_permission",
            vec![arg(&admin()), "SuperAdmin".into()],
            Error::LastSuperAdmin,
        ),
        case(
            alice(),
            "admin_set_fee_config",
            vec!["1".into(), arg(&alice()), "1".into()],
            Error::MissingPermission,
        ),
        case(
            admin(),
            "admin_set_fee_config",
            vec!["10001".into(), arg(&alice()), "0".into()],
            Error::InvalidFeeConfig,
        ),
        case(
            admin(),
            "admin_set_fee_config",
            vec!["6000".into(), arg(&alice()), "4001".into()],
            Error::InvalidFeeConfig,
        ),
        case(
            admin(),
            "admin_set_fee_config",
            vec!["1001".into(), arg(&alice()), "0".into()],
            Error::InvalidFeeConfig,
        ),
        case(
            admin(),
            "admin_set_fee_config",
            vec!["0".into(), arg(&alice()), "2001".into()],
            Error::InvalidFeeConfig,
        ),
        case(
            admin(),
            "admin_set_fee_config",
            vec![u32::MAX.to_string(), arg(&alice()), u32::MAX.to_string()],
            Error::InvalidFeeConfig,
        ),
        case(
            alice(),
            "admin_set_unbonding_period",
            vec!["86400000".into()],
            Error::MissingPermission,
        ),
        case(
            admin(),
            "admin_set_unbonding_period",
            vec!["0".into()],
            Error::UnbondingPeriodOutOfBounds,
        ),
        case(
            admin(),
            "admin_set_unbonding_period",
            vec![u64::MAX.to_string()],
            Error::UnbondingPeriodOutOfBounds,
        ),
        case(
            alice(),
            "admin_set_code",
            vec![format!("0x{}", "11".repeat(32))],
            Error::MissingPermission,
        ),
        case(
            admin(),
            "admin_set_code",
            vec![format!("0x{}", "11".repeat(32))],
            Error::SetCodeFailed,
        ),
    ]);
}

#[test]
fn money_messages_reject_bad_input() {
    run(vec![
        case(eve(), "account_deposit", vec![], Error::ZeroAmount),
        case(
            eve(),
            "account_deposit_for",
            vec![arg(&bob())],
            Error::ZeroAmount,
        ),
        case(eve(), "account_unbond", vec!["0".into()], Error::ZeroAmount),
        case(
            eve(),
            "account_unbond",
            vec![(UNIT + 1).to_string()],
            Error::InsufficientDeposit,
        ),
        case(
            dave(),
            "account_unbond",
            vec!["1".into()],
            Error::InsufficientDeposit,
        ),
        case(
            eve(),
            "account_unbond",
            vec![u128::MAX.to_string()],
            Error::InsufficientDeposit,
        ),
        case(
            eve(),
            "account_withdraw_unbonded",
            vec![],
            Error::NothingToWithdraw,
        ),
        case(
            alice(),
            "account_set_usd_per_cere",
            vec!["10000000000".into()],
            Error::MissingPermission,
        ),
        case(
            admin(),
            "account_set_usd_per_cere",
            vec!["0".into()],
            Error::InvalidExchangeRate,
        ),
        case(
            admin(),
            "account_set_usd_per_cere",
            vec![u128::MAX.to_string()],
            Error::InvalidExchangeRate,
        ),
        case(
            admin(),
            "account_set_usd_per_cere",
            vec![(2 * UNIT + 1).to_string()],
            Error::InvalidExchangeRate,
        ),
        case(
            admin(),
            "account_set_usd_per_cere",
            vec![(UNIT / 2 - 1).to_string()],
            Error::InvalidExchangeRate,
        ),
        case(
            alice(),
            "bucket_settle_payment",
            vec![UNKNOWN.into()],
            Error::BucketDoesNotExist,
        ),
        case(
            alice(),
            "ClusterManagement::cluster_distribute_revenues",
            vec![UNKNOWN.into()],
            Error::ClusterDoesNotExist,
        ),
    ]);
}
