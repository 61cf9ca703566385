//! Every mutating message of the core with bad input: unknown ids, wrong callers, oversize params,
//! zero or overflowing amounts. Each must fail with its typed error, emit nothing and leave the
//! state exactly as it was (read back through every getter).
//!
//! The bad input is well-formed (every value has the message's argument type; only the contract
//! refuses it), so each case is a typed call made by the core's call builder: a renamed message
//! or a changed argument stops this file compiling.

use ddc_bucket::DdcBucketRef;
use ddc_tests::ddc::{CoreResult, Ddc};
use ddc_tests::ddc_types::{
    ClusterId, ClusterManagement, Error, NodeStatusInCluster, Permission, MAX_RENT_PER_MONTH, UNIT,
};
use ddc_tests::{
    admin, alice, bob, charlie, dave, eve, ink_id, node_key, transcode, BundleProvider, Message,
};
use drink::AccountId32;
use ink::codegen::TraitCallBuilder;
use ink::primitives::Hash;

const UNKNOWN: u32 = 99;
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
    let message = ddc
        .core()
        .call_mut()
        .bucket_set_writer_perm(bucket, ink_id(&bob()));
    ddc.send(&eve(), message).unwrap();
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
    out.extend(ddc.fee_config().encode());
    out.extend(ddc.unbonding_period().encode());
    for who in [admin(), alice(), bob()] {
        for permission in [Permission::SuperAdmin, Permission::SetExchangeRate] {
            out.push(u8::from(ddc.has_permission(&who, permission)));
        }
    }
    out
}

/// One refused call: who sends it, the call (sent by [`Case::send`]) and the error expected.
struct Case {
    caller: AccountId32,
    /// The call's selector and SCALE arguments, read back for the failure messages.
    input: Vec<u8>,
    send: Box<dyn FnOnce(&mut Ddc, &AccountId32) -> CoreResult<()>>,
    expected: Error,
}

/// `caller` sends `message` (made by the core's call builder) and expects it refused with
/// `expected` (a success is compared without its value).
fn case<Args: scale::Encode + Clone + 'static, T: scale::Decode + 'static>(
    caller: AccountId32,
    message: Message<Args, CoreResult<T>>,
    expected: Error,
) -> Case {
    use scale::Encode;
    let input = message.clone().params().exec_input().encode();
    Case {
        caller,
        input,
        send: Box::new(move |ddc, caller| ddc.send(caller, message).map(|_| ())),
        expected,
    }
}

fn long_params() -> String {
    "x".repeat(4097)
}

/// On the [`fixture`], each case of `cases` (made with the core's typed reference) fails with its
/// error, emits nothing and changes nothing.
fn run(cases: impl FnOnce(&mut DdcBucketRef) -> Vec<Case>) {
    let (mut ddc, _) = fixture();
    let transcoder = BundleProvider::DdcBucket
        .bundle()
        .expect("core bundle")
        .transcoder;
    let cases = cases(&mut ddc.core());
    for Case {
        caller,
        input,
        send,
        expected,
    } in cases
    {
        let (message, args) = transcode(&transcoder, &input);
        let before = snapshot(&mut ddc);
        let got = send(&mut ddc, &caller);
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
    let n1 = ink_id(&node_key(1));
    let n4 = ink_id(&node_key(4));
    let n9 = ink_id(&node_key(9));
    let unknown = ink_id(&node_key(40));
    run(|core| {
        vec![
            case(
                alice(),
                core.call_mut().node_create(n1, "{}".into(), 1, 1),
                Error::NodeAlreadyExists,
            ),
            case(
                alice(),
                core.call_mut().node_create(n9, long_params(), 1, 1),
                Error::ParamsTooLong,
            ),
            case(
                alice(),
                core.call_mut()
                    .node_create(n9, "{}".into(), 1, MAX_RENT_PER_MONTH + 1),
                Error::RentTooHigh,
            ),
            case(
                bob(),
                core.call_mut().node_change_params(unknown, "{}".into()),
                Error::NodeDoesNotExist,
            ),
            case(
                alice(),
                core.call_mut().node_change_params(n1, "{}".into()),
                Error::OnlyNodeProvider,
            ),
            case(
                bob(),
                core.call_mut().node_change_params(n1, long_params()),
                Error::ParamsTooLong,
            ),
            case(
                bob(),
                core.call_mut().node_change_rent(unknown, 1),
                Error::NodeDoesNotExist,
            ),
            case(
                charlie(),
                core.call_mut().node_change_rent(n1, 1),
                Error::OnlyNodeProvider,
            ),
            // Before issue 12 this rent was accepted on a node outside a cluster and overflowed
            // the cluster's rent later (`Overflow`); now no rent above the ceiling is accepted.
            case(
                bob(),
                core.call_mut().node_change_rent(n1, u128::MAX),
                Error::RentTooHigh,
            ),
            case(
                bob(),
                core.call_mut().node_change_rent(n4, MAX_RENT_PER_MONTH + 1),
                Error::RentTooHigh,
            ),
            case(
                bob(),
                core.call_mut().node_change_capacity(unknown, 1),
                Error::NodeDoesNotExist,
            ),
            case(
                charlie(),
                core.call_mut().node_change_capacity(n1, 500),
                Error::OnlyNodeProvider,
            ),
            case(
                bob(),
                core.call_mut().node_change_capacity(n1, 19),
                Error::InsufficientNodeCapacity,
            ),
            case(
                bob(),
                core.call_mut().node_remove(unknown),
                Error::NodeDoesNotExist,
            ),
            case(
                charlie(),
                core.call_mut().node_remove(n4),
                Error::OnlyNodeProvider,
            ),
            case(
                bob(),
                core.call_mut().node_remove(n1),
                Error::NodeIsInCluster,
            ),
        ]
    });
}

#[test]
fn cluster_messages_reject_bad_input() {
    let n1 = ink_id(&node_key(1));
    let n3 = ink_id(&node_key(3));
    let unknown_node = ink_id(&node_key(40));
    run(|core| {
        vec![
            case(
                alice(),
                core.call_mut().cluster_create(long_params(), 1),
                Error::ParamsTooLong,
            ),
            case(
                alice(),
                core.call_mut().cluster_add_node(UNKNOWN, n3, vec![7]),
                Error::ClusterDoesNotExist,
            ),
            case(
                bob(),
                core.call_mut().cluster_add_node(1, n3, vec![7]),
                Error::OnlyClusterManager,
            ),
            case(
                alice(),
                core.call_mut().cluster_add_node(1, unknown_node, vec![7]),
                Error::NodeDoesNotExist,
            ),
            case(
                alice(),
                core.call_mut().cluster_add_node(1, n1, vec![7]),
                Error::NodeIsInCluster,
            ),
            case(
                alice(),
                core.call_mut().cluster_add_node(1, n3, vec![]),
                Error::NoVNodes,
            ),
            case(
                alice(),
                core.call_mut().cluster_add_node(1, n3, (10..27).collect()),
                Error::TooManyVNodes,
            ),
            case(
                alice(),
                core.call_mut().cluster_add_node(1, n3, vec![2]),
                Error::VNodeTokenTaken,
            ),
            case(
                alice(),
                core.call_mut().cluster_add_node(1, n3, vec![7, 7]),
                Error::VNodeTokenTaken,
            ),
            case(
                alice(),
                core.call_mut().cluster_add_node(1, n3, (10..21).collect()),
                Error::InsufficientNodeCapacity,
            ),
            case(
                alice(),
                core.call_mut().cluster_remove_node(UNKNOWN, n1),
                Error::ClusterDoesNotExist,
            ),
            case(
                alice(),
                core.call_mut().cluster_remove_node(1, n3),
                Error::NodeNotInCluster,
            ),
            case(
                dave(),
                core.call_mut().cluster_remove_node(1, n1),
                Error::OnlyClusterManager,
            ),
            case(
                alice(),
                core.call_mut().cluster_replace_node(UNKNOWN, vec![1], n1),
                Error::ClusterDoesNotExist,
            ),
            case(
                bob(),
                core.call_mut().cluster_replace_node(1, vec![3], n1),
                Error::OnlyClusterManager,
            ),
            case(
                alice(),
                core.call_mut().cluster_replace_node(1, vec![3], n3),
                Error::NodeNotInCluster,
            ),
            case(
                alice(),
                core.call_mut().cluster_replace_node(1, vec![], n1),
                Error::NoVNodes,
            ),
            case(
                alice(),
                core.call_mut().cluster_replace_node(1, vec![42], n1),
                Error::VNodeDoesNotExist,
            ),
            case(
                alice(),
                core.call_mut().cluster_replace_node(1, vec![3, 3], n1),
                Error::VNodeTokenTaken,
            ),
            case(
                alice(),
                core.call_mut()
                    .cluster_set_node_status(UNKNOWN, n1, NodeStatusInCluster::Active),
                Error::ClusterDoesNotExist,
            ),
            case(
                bob(),
                core.call_mut()
                    .cluster_set_node_status(1, n1, NodeStatusInCluster::Active),
                Error::OnlyClusterManager,
            ),
            case(
                alice(),
                core.call_mut()
                    .cluster_set_node_status(1, n3, NodeStatusInCluster::Active),
                Error::NodeNotInCluster,
            ),
            case(
                alice(),
                core.call_mut().cluster_change_params(UNKNOWN, "{}".into()),
                Error::ClusterDoesNotExist,
            ),
            case(
                bob(),
                core.call_mut().cluster_change_params(1, "{}".into()),
                Error::OnlyClusterManager,
            ),
            case(
                alice(),
                core.call_mut().cluster_change_params(1, long_params()),
                Error::ParamsTooLong,
            ),
            case(
                alice(),
                core.call_mut().cluster_set_resource_per_vnode(UNKNOWN, 5),
                Error::ClusterDoesNotExist,
            ),
            case(
                bob(),
                core.call_mut().cluster_set_resource_per_vnode(1, 5),
                Error::OnlyClusterManager,
            ),
            case(
                alice(),
                core.call_mut().cluster_set_resource_per_vnode(1, 3),
                Error::ResourceStillAllocated,
            ),
            case(
                alice(),
                core.call_mut().cluster_set_resource_per_vnode(1, 51),
                Error::InsufficientNodeCapacity,
            ),
            case(
                alice(),
                core.call_mut().cluster_set_resource_per_vnode(1, u32::MAX),
                Error::InsufficientNodeCapacity,
            ),
            case(
                alice(),
                core.call_mut()
                    .cluster_transfer_manager(UNKNOWN, ink_id(&bob())),
                Error::ClusterDoesNotExist,
            ),
            case(
                bob(),
                core.call_mut().cluster_transfer_manager(1, ink_id(&bob())),
                Error::OnlyClusterManager,
            ),
            case(
                bob(),
                core.call_mut().cluster_accept_manager(UNKNOWN),
                Error::ClusterDoesNotExist,
            ),
            case(
                bob(),
                core.call_mut().cluster_accept_manager(1),
                Error::OnlyPendingManager,
            ),
            case(
                alice(),
                core.call_mut().cluster_remove(UNKNOWN),
                Error::ClusterDoesNotExist,
            ),
            case(
                bob(),
                core.call_mut().cluster_remove(1),
                Error::OnlyClusterManager,
            ),
            case(
                alice(),
                core.call_mut().cluster_remove(1),
                Error::ClusterIsNotEmpty,
            ),
            // Bucket 1 is not in cluster 99.
            case(
                alice(),
                core.call_mut().cluster_evict_bucket(UNKNOWN, 1),
                Error::BucketDoesNotExist,
            ),
            case(
                bob(),
                core.call_mut().cluster_evict_bucket(1, 1),
                Error::OnlyClusterManager,
            ),
            case(
                alice(),
                core.call_mut().cluster_evict_bucket(1, UNKNOWN),
                Error::BucketDoesNotExist,
            ),
            case(
                alice(),
                core.call_mut().cluster_evict_bucket(1, 1),
                Error::BucketRentCovered,
            ),
        ]
    });
}

#[test]
fn bucket_messages_reject_bad_input() {
    let b = 1;
    let (bob_id, dave_id) = (ink_id(&bob()), ink_id(&dave()));
    run(|core| {
        vec![
            case(
                eve(),
                core.call_mut().bucket_create("{}".into(), UNKNOWN),
                Error::ClusterDoesNotExist,
            ),
            case(
                eve(),
                core.call_mut().bucket_create(long_params(), 1),
                Error::ParamsTooLong,
            ),
            case(
                eve(),
                core.call_mut().bucket_alloc_into_cluster(UNKNOWN, 1),
                Error::BucketDoesNotExist,
            ),
            case(
                alice(),
                core.call_mut().bucket_alloc_into_cluster(b, 1),
                Error::OnlyBucketOwner,
            ),
            case(
                eve(),
                core.call_mut().bucket_alloc_into_cluster(b, 0),
                Error::ZeroAmount,
            ),
            case(
                eve(),
                core.call_mut().bucket_alloc_into_cluster(b, 7),
                Error::InsufficientClusterResource,
            ),
            case(
                eve(),
                core.call_mut().bucket_alloc_into_cluster(b, u32::MAX),
                Error::InsufficientClusterResource,
            ),
            case(
                eve(),
                core.call_mut().bucket_free_resource(UNKNOWN, 1),
                Error::BucketDoesNotExist,
            ),
            case(
                bob(),
                core.call_mut().bucket_free_resource(b, 1),
                Error::OnlyBucketOwner,
            ),
            case(
                eve(),
                core.call_mut().bucket_free_resource(b, 0),
                Error::ZeroAmount,
            ),
            case(
                eve(),
                core.call_mut().bucket_free_resource(b, 5),
                Error::InsufficientBucketResource,
            ),
            case(
                eve(),
                core.call_mut().bucket_change_params(UNKNOWN, "{}".into()),
                Error::BucketDoesNotExist,
            ),
            case(
                bob(),
                core.call_mut().bucket_change_params(b, "{}".into()),
                Error::OnlyBucketOwner,
            ),
            case(
                eve(),
                core.call_mut().bucket_change_params(b, long_params()),
                Error::ParamsTooLong,
            ),
            case(
                eve(),
                core.call_mut().bucket_set_availability(UNKNOWN, true),
                Error::BucketDoesNotExist,
            ),
            case(
                bob(),
                core.call_mut().bucket_set_availability(b, true),
                Error::OnlyBucketOwner,
            ),
            case(
                eve(),
                core.call_mut().bucket_set_writer_perm(UNKNOWN, dave_id),
                Error::BucketDoesNotExist,
            ),
            case(
                bob(),
                core.call_mut().bucket_set_writer_perm(b, dave_id),
                Error::OnlyBucketOwner,
            ),
            case(
                eve(),
                core.call_mut().bucket_set_writer_perm(b, bob_id),
                Error::AlreadyOnAccessList,
            ),
            case(
                eve(),
                core.call_mut().bucket_revoke_writer_perm(b, dave_id),
                Error::NotOnAccessList,
            ),
            case(
                bob(),
                core.call_mut().bucket_revoke_writer_perm(b, bob_id),
                Error::OnlyBucketOwner,
            ),
            case(
                bob(),
                core.call_mut().bucket_set_reader_perm(b, dave_id),
                Error::OnlyBucketOwner,
            ),
            case(
                eve(),
                core.call_mut().bucket_revoke_reader_perm(b, dave_id),
                Error::NotOnAccessList,
            ),
            case(
                eve(),
                core.call_mut().bucket_change_owner(UNKNOWN, dave_id),
                Error::BucketDoesNotExist,
            ),
            case(
                bob(),
                core.call_mut().bucket_change_owner(b, bob_id),
                Error::OnlyBucketOwner,
            ),
            case(
                dave(),
                core.call_mut().bucket_accept_owner(b),
                Error::OnlyPendingOwner,
            ),
            case(
                dave(),
                core.call_mut().bucket_accept_owner(UNKNOWN),
                Error::BucketDoesNotExist,
            ),
            case(
                eve(),
                core.call_mut().bucket_close(UNKNOWN),
                Error::BucketDoesNotExist,
            ),
            case(
                bob(),
                core.call_mut().bucket_close(b),
                Error::OnlyBucketOwner,
            ),
        ]
    });
}

#[test]
fn admin_messages_reject_bad_input() {
    let (admin_id, alice_id, bob_id) = (ink_id(&admin()), ink_id(&alice()), ink_id(&bob()));
    let unknown_code = Hash::from([0x11; 32]);
    run(|core| {
        vec![
            case(
                alice(),
                core.call_mut()
                    .admin_grant_permission(bob_id, Permission::SuperAdmin),
                Error::MissingPermission,
            ),
            case(
                admin(),
                core.call_mut().admin_grant_permission(
                    bob_id,
                    Permission::ClusterManagerTrustedBy(ink_id(&charlie())),
                ),
                Error::PermissionNotAdministrable,
            ),
            case(
                alice(),
                core.call_mut()
                    .admin_revoke_permission(admin_id, Permission::SuperAdmin),
                Error::MissingPermission,
            ),
            case(
                admin(),
                core.call_mut()
                    .admin_revoke_permission(admin_id, Permission::SuperAdmin),
                Error::LastSuperAdmin,
            ),
            case(
                alice(),
                core.call_mut().admin_set_fee_config(1, alice_id, 1),
                Error::MissingPermission,
            ),
            case(
                admin(),
                core.call_mut().admin_set_fee_config(10_001, alice_id, 0),
                Error::InvalidFeeConfig,
            ),
            case(
                admin(),
                core.call_mut().admin_set_fee_config(6_000, alice_id, 4_001),
                Error::InvalidFeeConfig,
            ),
            case(
                admin(),
                core.call_mut().admin_set_fee_config(1_001, alice_id, 0),
                Error::InvalidFeeConfig,
            ),
            case(
                admin(),
                core.call_mut().admin_set_fee_config(0, alice_id, 2_001),
                Error::InvalidFeeConfig,
            ),
            case(
                admin(),
                core.call_mut()
                    .admin_set_fee_config(u32::MAX, alice_id, u32::MAX),
                Error::InvalidFeeConfig,
            ),
            case(
                alice(),
                core.call_mut().admin_set_unbonding_period(86_400_000),
                Error::MissingPermission,
            ),
            case(
                admin(),
                core.call_mut().admin_set_unbonding_period(0),
                Error::UnbondingPeriodOutOfBounds,
            ),
            case(
                admin(),
                core.call_mut().admin_set_unbonding_period(u64::MAX),
                Error::UnbondingPeriodOutOfBounds,
            ),
            case(
                alice(),
                core.call_mut().admin_set_code(unknown_code),
                Error::MissingPermission,
            ),
            case(
                admin(),
                core.call_mut().admin_set_code(unknown_code),
                Error::SetCodeFailed,
            ),
        ]
    });
}

#[test]
fn money_messages_reject_bad_input() {
    run(|core| {
        vec![
            case(eve(), core.call_mut().account_deposit(), Error::ZeroAmount),
            case(
                eve(),
                core.call_mut().account_deposit_for(ink_id(&bob())),
                Error::ZeroAmount,
            ),
            case(eve(), core.call_mut().account_unbond(0), Error::ZeroAmount),
            case(
                eve(),
                core.call_mut().account_unbond(UNIT + 1),
                Error::InsufficientDeposit,
            ),
            case(
                dave(),
                core.call_mut().account_unbond(1),
                Error::InsufficientDeposit,
            ),
            case(
                eve(),
                core.call_mut().account_unbond(u128::MAX),
                Error::InsufficientDeposit,
            ),
            case(
                eve(),
                core.call_mut().account_withdraw_unbonded(),
                Error::NothingToWithdraw,
            ),
            case(
                alice(),
                core.call_mut().account_set_usd_per_cere(10_000_000_000),
                Error::MissingPermission,
            ),
            case(
                admin(),
                core.call_mut().account_set_usd_per_cere(0),
                Error::InvalidExchangeRate,
            ),
            case(
                admin(),
                core.call_mut().account_set_usd_per_cere(u128::MAX),
                Error::InvalidExchangeRate,
            ),
            case(
                admin(),
                core.call_mut().account_set_usd_per_cere(2 * UNIT + 1),
                Error::InvalidExchangeRate,
            ),
            case(
                admin(),
                core.call_mut().account_set_usd_per_cere(UNIT / 2 - 1),
                Error::InvalidExchangeRate,
            ),
            case(
                alice(),
                core.call_mut().bucket_settle_payment(UNKNOWN),
                Error::BucketDoesNotExist,
            ),
            case(
                alice(),
                core.call_mut().cluster_distribute_revenues(UNKNOWN),
                Error::ClusterDoesNotExist,
            ),
        ]
    });
}
