//! Unit tests of rent pricing, settlement, unbonding and distribution with the spec's reference
//! numbers, and overflow probes.

use crate::accounts::{accrue, covered_until, rent_index_at};
use crate::core::Core;
use ddc_types::{AccountId, Balance, BucketId, ClusterId, Error, MONTH_MS, UNIT};

fn id(n: u8) -> AccountId {
    AccountId::from([n; 32])
}
fn admin() -> AccountId {
    id(1)
}
fn manager() -> AccountId {
    id(2)
}
fn app() -> AccountId {
    id(3)
}
fn provider(n: u8) -> AccountId {
    id(10 + n)
}
fn node(n: u8) -> AccountId {
    id(100 + n)
}

const T0: u64 = 1_000_000;

/// The reference cluster: 3 providers' nodes at rent 10 tokens, 2 vnodes each (total rent 60
/// tokens per unit per month); the app owns bucket 1 with 1 unit allocated at `T0`.
fn reference() -> (Core, ClusterId, BucketId) {
    with_rents(&[10 * UNIT, 10 * UNIT, 10 * UNIT])
}

fn with_rents(rents: &[Balance]) -> (Core, ClusterId, BucketId) {
    let mut core = Core::new(admin());
    let (cluster, _) = core.cluster_create(manager(), "{}".into(), 10, T0).unwrap();
    for (i, rent) in rents.iter().enumerate() {
        let n = u8::try_from(i).unwrap();
        core.node_set_trust(provider(n), manager(), true).unwrap();
        core.node_create(provider(n), node(n), "{}".into(), 100, *rent)
            .unwrap();
        let tokens = vec![u64::from(n) * 2, u64::from(n) * 2 + 1];
        core.cluster_add_node(manager(), cluster, node(n), tokens, T0)
            .unwrap();
    }
    let (bucket, _) = core.bucket_create(app(), "{}".into(), cluster, T0).unwrap();
    core.account_deposit(app(), 1_000 * UNIT).unwrap();
    core.bucket_alloc_into_cluster(app(), bucket, 1, T0)
        .unwrap();
    (core, cluster, bucket)
}

fn settle(core: &mut Core, bucket: BucketId, now: u64) -> (Balance, Balance) {
    let event = core.bucket_settle_payment(bucket, now).unwrap();
    (event.paid, event.debt)
}

#[ink::test]
fn five_ms_of_the_reference_rent_cost_1120_at_one_usd() {
    let (mut core, cluster, bucket) = reference();
    assert_eq!(core.cluster(cluster).unwrap().total_rent, 60 * UNIT);
    assert_eq!(settle(&mut core, bucket, T0 + 5), (1_120, 0));
    assert_eq!(core.cluster(cluster).unwrap().revenues, 1_120);
    assert_eq!(core.account(app()).deposit, 1_000 * UNIT - 1_120);
}

#[ink::test]
fn five_ms_cost_560_at_two_usd() {
    let (mut core, _, bucket) = reference();
    core.account_set_usd_per_cere(admin(), 2 * UNIT).unwrap();
    assert_eq!(settle(&mut core, bucket, T0 + 5), (560, 0));
}

#[ink::test]
fn ten_tokens_cover_446_400_000_ms() {
    assert_eq!(covered_until(T0, 10 * UNIT, 0, 60 * UNIT), T0 + 446_400_000);
    assert_eq!(covered_until(T0, 10 * UNIT, 0, 0), u64::MAX);
    assert_eq!(
        covered_until(T0, 10, 11, 60 * UNIT),
        T0,
        "owing more than the funds"
    );
}

#[ink::test]
fn account_view_reports_rent_and_coverage() {
    let (mut core, _, bucket) = reference();
    core.account_unbond(app(), 990 * UNIT, T0).unwrap();
    let info = core.account_get(app(), T0 + 5).unwrap();
    assert_eq!(info.rent_usd_per_month, 60 * UNIT);
    assert_eq!(info.rent_per_month, 60 * UNIT);
    assert_eq!(info.accrued_due, 1_120);
    // Deposit 10 tokens plus the 990 unlocking still pay rent.
    let funds = 1_000 * UNIT;
    assert_eq!(
        info.rent_covered_until_ms,
        covered_until(T0 + 5, funds, 1_120, 60 * UNIT)
    );
    let (view, _) = core.bucket_get(bucket, T0 + 5).unwrap();
    assert_eq!(view.amount_due, 1_120);
    assert_eq!(view.rent_covered_until_ms, info.rent_covered_until_ms);
}

#[test]
fn remainders_carry_so_many_small_settlements_equal_one_big() {
    let many = in_fresh_env(|| {
        let (mut core, _, bucket) = reference();
        core_rate(&mut core, 3 * UNIT);
        (1..=1_000u64)
            .map(|step| settle(&mut core, bucket, T0 + step * 7).0)
            .sum::<Balance>()
    });
    let one = in_fresh_env(|| {
        let (mut core, _, bucket) = reference();
        core_rate(&mut core, 3 * UNIT);
        settle(&mut core, bucket, T0 + 7_000).0
    });
    assert_eq!(many, one);
    assert!(one > 0);
}

/// Run `f` in a fresh off-chain environment (empty storage).
fn in_fresh_env<T>(f: impl FnOnce() -> T) -> T {
    let mut out = None;
    ink::env::test::run_test::<ink::env::DefaultEnvironment, _>(|_| {
        out = Some(f());
        Ok(())
    })
    .unwrap();
    out.unwrap()
}

fn core_rate(core: &mut Core, rate: Balance) {
    core.account_set_usd_per_cere(admin(), rate).unwrap();
}

#[ink::test]
fn exchange_rate_bounds() {
    let (mut core, _, _) = reference();
    for bad in [0, 1, Balance::MAX] {
        assert_eq!(
            core.account_set_usd_per_cere(admin(), bad),
            Err(Error::InvalidExchangeRate)
        );
    }
    assert_eq!(
        core.account_set_usd_per_cere(app(), UNIT),
        Err(Error::MissingPermission)
    );
}

#[ink::test]
fn shortfall_becomes_debt_and_is_collected_later() {
    let (mut core, cluster, bucket) = reference();
    core.account_unbond(app(), 1_000 * UNIT, T0).unwrap();
    // Drain the unlocking chunk too: one month of 60 tokens against 1 000 tokens of funds is
    // fine, so owe more by allocating 9 more units for two months.
    core.bucket_alloc_into_cluster(app(), bucket, 9, T0)
        .unwrap();
    let (paid, debt) = settle(&mut core, bucket, T0 + 2 * MONTH_MS);
    assert_eq!(paid, 1_000 * UNIT);
    assert_eq!(debt, 1_200 * UNIT - 1_000 * UNIT);
    assert_eq!(core.account(app()).debt, debt);
    assert!(core.account(app()).unlocking.is_empty());
    assert_eq!(core.cluster(cluster).unwrap().revenues, 1_000 * UNIT);
    assert_eq!(
        core.bucket_close(app(), bucket, T0 + 2 * MONTH_MS),
        Err(Error::BucketHasDebt)
    );

    core.account_deposit(app(), 500 * UNIT).unwrap();
    let (paid, debt) = settle(&mut core, bucket, T0 + 2 * MONTH_MS);
    assert_eq!((paid, debt), (200 * UNIT, 0));
    assert_eq!(core.account(app()).debt, 0);
    assert_eq!(core.cluster(cluster).unwrap().revenues, 1_200 * UNIT);
}

#[ink::test]
fn unbonding_releases_after_the_period_and_still_pays_rent() {
    let (mut core, _, bucket) = reference();
    let (_, unbonded) = core.account_unbond(app(), 1_000 * UNIT, T0).unwrap();
    assert_eq!(unbonded.release_at_ms, T0 + 7 * 24 * 3_600_000);
    assert_eq!(
        core.account_unbond(app(), 1, T0),
        Err(Error::InsufficientDeposit)
    );
    assert_eq!(
        core.account_withdraw_unbonded(app(), unbonded.release_at_ms - 1),
        Err(Error::NothingToWithdraw)
    );
    // A week of rent is taken from the chunk before it is paid out.
    let week = settle(&mut core, bucket, unbonded.release_at_ms).0;
    assert_eq!(week, 60 * UNIT * 7 / 31);
    let (_, withdrawn) = core
        .account_withdraw_unbonded(app(), unbonded.release_at_ms)
        .unwrap();
    assert_eq!(withdrawn.amount, 1_000 * UNIT - week);
    assert!(core.account(app()).unlocking.is_empty());
}

#[ink::test]
fn unlocking_chunks_are_bounded() {
    let (mut core, _, _) = reference();
    for _ in 0..ddc_types::MAX_UNLOCKING_CHUNKS {
        core.account_unbond(app(), UNIT, T0).unwrap();
    }
    assert_eq!(
        core.account_unbond(app(), UNIT, T0),
        Err(Error::TooManyUnlockingChunks)
    );
}

#[ink::test]
fn distribution_reference_split() {
    let (mut core, cluster, bucket) = reference();
    core.admin_set_fee_config(admin(), 100, id(50), 200)
        .unwrap();
    settle(&mut core, bucket, T0 + 5);
    let (payouts, event) = core.cluster_distribute_revenues(cluster).unwrap();
    assert_eq!((event.network_fee, event.management_fee), (11, 22));
    assert_eq!((event.providers_paid, event.remainder), (1_086, 1));
    assert_eq!(
        payouts,
        vec![
            (id(50), 11),
            (manager(), 22),
            (provider(0), 362),
            (provider(1), 362),
            (provider(2), 362),
        ]
    );
    assert_eq!(core.cluster(cluster).unwrap().revenues, 1);
}

#[ink::test]
fn distribution_pays_each_provider_once_pro_rata() {
    // Provider 0 runs two nodes; rents differ.
    let mut core = Core::new(admin());
    let (cluster, _) = core.cluster_create(manager(), "{}".into(), 1, T0).unwrap();
    core.node_set_trust(provider(0), manager(), true).unwrap();
    core.node_set_trust(provider(1), manager(), true).unwrap();
    for (n, owner, rent) in [(0u8, 0u8, 1), (1, 0, 3), (2, 1, 4)] {
        core.node_create(provider(owner), node(n), "{}".into(), 10, rent)
            .unwrap();
        core.cluster_add_node(manager(), cluster, node(n), vec![u64::from(n)], T0)
            .unwrap();
    }
    let mut stored = core.cluster(cluster).unwrap();
    stored.revenues = 800;
    core.clusters.insert(cluster, &stored);
    let (payouts, event) = core.cluster_distribute_revenues(cluster).unwrap();
    assert_eq!(payouts, vec![(provider(0), 400), (provider(1), 400)]);
    assert_eq!(event.remainder, 0);
}

#[ink::test]
fn empty_cluster_distributes_to_its_manager() {
    let mut core = Core::new(admin());
    let (cluster, _) = core.cluster_create(manager(), "{}".into(), 1, T0).unwrap();
    let (payouts, _) = core.cluster_distribute_revenues(cluster).unwrap();
    assert!(payouts.is_empty(), "nothing to pay, nothing fails");
    let mut stored = core.cluster(cluster).unwrap();
    stored.revenues = 100;
    core.clusters.insert(cluster, &stored);
    let (payouts, event) = core.cluster_distribute_revenues(cluster).unwrap();
    assert_eq!(payouts, vec![(manager(), 100)]);
    assert_eq!(event.remainder, 0);
    core.cluster_remove(manager(), cluster).unwrap();
}

#[ink::test]
fn replacing_a_node_reprices_from_that_moment() {
    // Node 0 rents at 10, node 1 at 40 (tokens per unit per vnode per month).
    let (mut core, cluster, bucket) = with_rents(&[10 * UNIT, 40 * UNIT]);
    assert_eq!(core.cluster(cluster).unwrap().total_rent, 100 * UNIT);
    let month = MONTH_MS;
    core.cluster_replace_node(manager(), cluster, vec![0, 1], node(1), T0 + month)
        .unwrap();
    assert_eq!(core.cluster(cluster).unwrap().total_rent, 160 * UNIT);
    let paid = settle(&mut core, bucket, T0 + 2 * month).0;
    assert_eq!(paid, 100 * UNIT + 160 * UNIT);
}

#[ink::test]
fn rent_change_and_membership_reprice_from_that_moment() {
    let (mut core, cluster, bucket) = with_rents(&[10 * UNIT, 10 * UNIT]);
    let month = MONTH_MS;
    core.node_change_rent(provider(0), node(0), 20 * UNIT, T0 + month)
        .unwrap();
    core.cluster_remove_node(manager(), cluster, node(1), T0 + 2 * month)
        .unwrap();
    let paid = settle(&mut core, bucket, T0 + 3 * month).0;
    // 40 for the first month, 60 for the second, 40 for the third.
    assert_eq!(paid, 140 * UNIT);
}

#[ink::test]
fn settling_twice_at_the_same_time_charges_once() {
    let (mut core, _, bucket) = reference();
    let first = settle(&mut core, bucket, T0 + MONTH_MS).0;
    assert_eq!(first, 60 * UNIT);
    assert_eq!(settle(&mut core, bucket, T0 + MONTH_MS).0, 0);
}

#[ink::test]
fn overflow_probes_give_typed_errors() {
    // A rent that overflows the cluster total.
    let mut core = Core::new(admin());
    let (cluster, _) = core.cluster_create(manager(), "{}".into(), 1, T0).unwrap();
    core.node_create(manager(), node(0), "{}".into(), 10, Balance::MAX / 2 + 1)
        .unwrap();
    assert_eq!(
        core.cluster_add_node(manager(), cluster, node(0), vec![1, 2], T0),
        Err(Error::Overflow)
    );
    // A rent index that overflows over a long time span: typed error, not a wrap.
    core.node_change_rent(manager(), node(0), Balance::MAX / 4, T0)
        .unwrap();
    core.cluster_add_node(manager(), cluster, node(0), vec![1], T0)
        .unwrap();
    let stored = core.cluster(cluster).unwrap();
    assert_eq!(rent_index_at(&stored, u64::MAX), Err(Error::Overflow));
    let (bucket, _) = core.bucket_create(app(), "{}".into(), cluster, T0).unwrap();
    assert_eq!(
        core.bucket_settle_payment(bucket, u64::MAX),
        Err(Error::Overflow)
    );
    // Huge resources against an index delta overflow in accrue, not wrap.
    let mut huge = core.bucket(bucket).unwrap();
    huge.resource_reserved = u32::MAX;
    assert_eq!(accrue(&huge, u128::MAX, UNIT), Err(Error::Overflow));
    // Allocating beyond u32 is refused by the cluster bound.
    assert_eq!(
        core.bucket_alloc_into_cluster(app(), bucket, u32::MAX, T0),
        Err(Error::InsufficientClusterResource)
    );
    // Deposits that would overflow an account.
    core.account_deposit(app(), Balance::MAX).unwrap();
    assert_eq!(core.account_deposit(app(), 1), Err(Error::Overflow));
}
