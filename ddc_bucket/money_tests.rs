//! Unit tests of rent pricing, settlement, unbonding and distribution with the spec's reference
//! numbers, and overflow probes.

use crate::accounts::covered_until;
use crate::core::{Core, DEFAULT_UNBONDING_PERIOD_MS};
use ddc_types::{
    AccountId, Balance, BucketId, ClusterId, Error, MAX_RENT_PER_MONTH,
    MIN_RATE_UPDATE_INTERVAL_MS, MIN_USD_PER_CERE, MONTH_MS, UNIT,
};

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
    let mut core = Core::new(admin(), 0);
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

/// Settle `bucket` and distribute `cluster`'s revenues at `now`; returns the payouts.
fn settle_and_distribute(
    core: &mut Core,
    cluster: ClusterId,
    bucket: BucketId,
    now: u64,
) -> Vec<(AccountId, Balance)> {
    settle(core, bucket, now);
    core.cluster_distribute_revenues(cluster, now).unwrap().0
}

fn settle(core: &mut Core, bucket: BucketId, now: u64) -> (Balance, Balance) {
    let event = core.bucket_settle_payment(bucket, now).unwrap();
    (event.paid, event.debt)
}

#[ink::test]
fn five_ms_of_the_reference_rent_cost_1120_at_one_usd() {
    let (mut core, cluster, bucket) = reference();
    assert_eq!(core.cluster(cluster).unwrap().ledger.total_rent, 60 * UNIT);
    assert_eq!(settle(&mut core, bucket, T0 + 5), (1_120, 0));
    assert_eq!(core.cluster(cluster).unwrap().ledger.revenues, 1_120);
    assert_eq!(core.account(app()).deposit, 1_000 * UNIT - 1_120);
}

#[ink::test]
fn five_ms_cost_560_at_two_usd() {
    let (mut core, _, bucket) = reference();
    core.account_set_usd_per_cere(admin(), 2 * UNIT, T0)
        .unwrap();
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
        core_rate(&mut core, 3 * UNIT / 2);
        (1..=1_000u64)
            .map(|step| settle(&mut core, bucket, T0 + step * 7).0)
            .sum::<Balance>()
    });
    let one = in_fresh_env(|| {
        let (mut core, _, bucket) = reference();
        core_rate(&mut core, 3 * UNIT / 2);
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
    core.account_set_usd_per_cere(admin(), rate, T0).unwrap();
}

#[ink::test]
fn exchange_rate_bounds() {
    let (mut core, _, _) = reference();
    for bad in [0, 1, Balance::MAX, UNIT / 2 - 1, 2 * UNIT + 1] {
        assert_eq!(
            core.account_set_usd_per_cere(admin(), bad, T0),
            Err(Error::InvalidExchangeRate)
        );
    }
    assert_eq!(
        core.account_set_usd_per_cere(app(), UNIT, T0),
        Err(Error::MissingPermission)
    );
    // A factor of 2 is allowed; the next update waits an hour.
    core.account_set_usd_per_cere(admin(), UNIT / 2, T0)
        .unwrap();
    let next = T0 + MIN_RATE_UPDATE_INTERVAL_MS;
    assert_eq!(
        core.account_set_usd_per_cere(admin(), UNIT / 4, next - 1),
        Err(Error::InvalidExchangeRate)
    );
    assert_eq!(core.config().rate.usd_per_cere, UNIT / 2);
    let event = core
        .account_set_usd_per_cere(admin(), UNIT / 4, next)
        .unwrap();
    assert_eq!((event.usd_per_cere, event.from_ms), (UNIT / 4, next));
}

#[ink::test]
fn rent_accrued_before_a_rate_change_keeps_its_rate() {
    let (mut core, _, bucket) = reference();
    // A month at 1 USD per CERE, then the rate halves (CERE worth less: more CERE per USD).
    core.account_set_usd_per_cere(admin(), UNIT / 2, T0 + MONTH_MS)
        .unwrap();
    // Settled a month later: the first month at 60 CERE, the second at 120.
    assert_eq!(settle(&mut core, bucket, T0 + 2 * MONTH_MS).0, 180 * UNIT);
}

#[ink::test]
fn views_of_past_rate_periods_use_the_rate_of_their_time() {
    let (mut core, _, bucket) = reference();
    let mut now = T0;
    for rate in [UNIT / 2, UNIT / 4, UNIT / 2, UNIT] {
        now += MONTH_MS;
        core.account_set_usd_per_cere(admin(), rate, now).unwrap();
    }
    // Four months at 1, 1/2, 1/4 and 1/2 USD per CERE: 60 + 120 + 240 + 120.
    let info = core.bucket_get(bucket, now).unwrap().0;
    assert_eq!(info.amount_due, 540 * UNIT);
    assert_eq!(settle(&mut core, bucket, now).0, 540 * UNIT);
}

#[ink::test]
fn shortfall_becomes_debt_and_is_collected_later() {
    let (mut core, cluster, bucket) = reference();
    // Owe more than the funds: 10 units for two months, and the deposit being unbonded (the
    // chunk pays rent too until it is withdrawn).
    core.bucket_alloc_into_cluster(app(), bucket, 9, T0)
        .unwrap();
    core.account_unbond(app(), 1_000 * UNIT, T0).unwrap();
    let (paid, debt) = settle(&mut core, bucket, T0 + 2 * MONTH_MS);
    assert_eq!(paid, 1_000 * UNIT);
    assert_eq!(debt, 1_200 * UNIT - 1_000 * UNIT);
    assert_eq!(core.account(app()).debt, debt);
    assert!(core.account(app()).unlocking.is_empty());
    assert_eq!(core.cluster(cluster).unwrap().ledger.revenues, 1_000 * UNIT);
    assert_eq!(
        core.bucket_close(app(), bucket, T0 + 2 * MONTH_MS),
        Err(Error::BucketHasDebt)
    );

    core.account_deposit(app(), 500 * UNIT).unwrap();
    let (paid, debt) = settle(&mut core, bucket, T0 + 2 * MONTH_MS);
    assert_eq!((paid, debt), (200 * UNIT, 0));
    assert_eq!(core.account(app()).debt, 0);
    assert_eq!(core.cluster(cluster).unwrap().ledger.revenues, 1_200 * UNIT);
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
    let (payouts, event) = core.cluster_distribute_revenues(cluster, T0 + 5).unwrap();
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
    assert_eq!(core.cluster(cluster).unwrap().ledger.revenues, 1);
}

#[ink::test]
fn distribution_pays_each_provider_once_by_earnings() {
    // Provider 0 runs two nodes; rents differ; one unit is allocated for a month.
    let mut core = Core::new(admin(), 0);
    let (cluster, _) = core.cluster_create(manager(), "{}".into(), 1, T0).unwrap();
    core.node_set_trust(provider(0), manager(), true).unwrap();
    core.node_set_trust(provider(1), manager(), true).unwrap();
    for (n, owner, rent) in [(0u8, 0u8, UNIT), (1, 0, 3 * UNIT), (2, 1, 4 * UNIT)] {
        core.node_create(provider(owner), node(n), "{}".into(), 10, rent)
            .unwrap();
        core.cluster_add_node(manager(), cluster, node(n), vec![u64::from(n)], T0)
            .unwrap();
    }
    let (bucket, _) = core.bucket_create(app(), "{}".into(), cluster, T0).unwrap();
    core.account_deposit(app(), 100 * UNIT).unwrap();
    core.bucket_alloc_into_cluster(app(), bucket, 1, T0)
        .unwrap();
    let end = T0 + MONTH_MS;
    assert_eq!(settle(&mut core, bucket, end).0, 8 * UNIT);
    let (payouts, event) = core.cluster_distribute_revenues(cluster, end).unwrap();
    assert_eq!(
        payouts,
        vec![(provider(0), 4 * UNIT), (provider(1), 4 * UNIT)]
    );
    assert_eq!(event.remainder, 0);
}

#[ink::test]
fn a_cluster_where_nobody_earned_keeps_its_revenues() {
    let mut core = Core::new(admin(), 0);
    core.admin_set_fee_config(admin(), 100, id(50), 200)
        .unwrap();
    let (cluster, _) = core.cluster_create(manager(), "{}".into(), 1, T0).unwrap();
    let (payouts, _) = core.cluster_distribute_revenues(cluster, T0).unwrap();
    assert!(payouts.is_empty(), "nothing to pay, nothing fails");
    let mut stored = core.cluster(cluster).unwrap();
    stored.ledger.revenues = 100;
    core.clusters.insert(cluster, &stored);
    let (payouts, event) = core
        .cluster_distribute_revenues(cluster, T0 + MONTH_MS)
        .unwrap();
    assert!(payouts.is_empty(), "no fees and nothing to the manager");
    assert_eq!((event.providers_paid, event.remainder), (0, 100));
    assert_eq!(
        core.cluster_remove(manager(), cluster),
        Err(Error::ClusterIsNotEmpty)
    );
}

#[ink::test]
fn a_departed_node_is_paid_what_it_earned_at_the_next_distribution() {
    let (mut core, cluster, bucket) = with_rents(&[10 * UNIT, 10 * UNIT]);
    // Node 1 leaves after a month; node 0 serves two months.
    core.cluster_remove_node(manager(), cluster, node(1), T0 + MONTH_MS)
        .unwrap();
    let end = T0 + 2 * MONTH_MS;
    assert_eq!(settle(&mut core, bucket, end).0, 40 * UNIT + 20 * UNIT);
    let (payouts, _) = core.cluster_distribute_revenues(cluster, end).unwrap();
    // Node 0 earned 20 + 20, node 1 earned 20.
    assert_eq!(
        payouts,
        vec![(provider(1), 20 * UNIT), (provider(0), 40 * UNIT)]
    );
    assert!(core.cluster(cluster).unwrap().ledger.departed.is_empty());
}

#[ink::test]
fn changes_in_the_block_of_a_distribution_move_nothing() {
    let (mut core, cluster, bucket) = with_rents(&[10 * UNIT, 10 * UNIT]);
    let end = T0 + MONTH_MS;
    settle(&mut core, bucket, end);
    // Provider 0 lowers its rent and the manager removes node 1 in the distribution's block.
    core.node_change_rent(provider(0), node(0), 0, end).unwrap();
    core.cluster_remove_node(manager(), cluster, node(1), end)
        .unwrap();
    let (payouts, _) = core.cluster_distribute_revenues(cluster, end).unwrap();
    assert_eq!(
        payouts,
        vec![(provider(1), 20 * UNIT), (provider(0), 20 * UNIT)]
    );
}

#[ink::test]
fn a_rent_increase_counts_for_earnings_only_once_in_force() {
    let (mut core, cluster, bucket) = with_rents(&[10 * UNIT, 10 * UNIT]);
    core.node_change_rent(provider(0), node(0), 30 * UNIT, T0)
        .unwrap();
    // Before the notice ends nothing changes for anyone.
    let early = T0 + DEFAULT_UNBONDING_PERIOD_MS;
    let payouts = settle_and_distribute(&mut core, cluster, bucket, early);
    assert_eq!(payouts[0].1, payouts[1].1);
    // After it, node 0 earns three times what node 1 earns.
    let late = early + MONTH_MS;
    let payouts = settle_and_distribute(&mut core, cluster, bucket, late);
    assert_eq!(
        payouts,
        vec![(provider(0), 60 * UNIT), (provider(1), 20 * UNIT)]
    );
}

#[ink::test]
fn replacing_a_node_reprices_from_that_moment() {
    // Node 0 rents at 10, node 1 at 40 (tokens per unit per vnode per month).
    let (mut core, cluster, bucket) = with_rents(&[10 * UNIT, 40 * UNIT]);
    assert_eq!(core.cluster(cluster).unwrap().ledger.total_rent, 100 * UNIT);
    let month = MONTH_MS;
    core.cluster_replace_node(manager(), cluster, vec![0, 1], node(1), T0 + month)
        .unwrap();
    assert_eq!(core.cluster(cluster).unwrap().ledger.total_rent, 160 * UNIT);
    let paid = settle(&mut core, bucket, T0 + 2 * month).0;
    assert_eq!(paid, 100 * UNIT + 160 * UNIT);
}

#[ink::test]
fn rent_change_and_membership_reprice_from_when_they_apply() {
    let (mut core, cluster, bucket) = with_rents(&[10 * UNIT, 10 * UNIT]);
    let month = MONTH_MS;
    let week = DEFAULT_UNBONDING_PERIOD_MS;
    core.node_change_rent(provider(0), node(0), 20 * UNIT, T0 + month)
        .unwrap();
    core.cluster_remove_node(manager(), cluster, node(1), T0 + 2 * month)
        .unwrap();
    let paid = settle(&mut core, bucket, T0 + 3 * month).0;
    // 40 for the first month; 40 for the week of notice, then 60; 40 for the third month.
    let month = u128::from(month);
    let week = u128::from(week);
    assert_eq!(
        paid,
        (40 * UNIT * month + 40 * UNIT * week + 60 * UNIT * (month - week) + 40 * UNIT * month)
            / month
    );
}

#[ink::test]
fn settling_twice_at_the_same_time_charges_once() {
    let (mut core, _, bucket) = reference();
    let first = settle(&mut core, bucket, T0 + MONTH_MS).0;
    assert_eq!(first, 60 * UNIT);
    assert_eq!(settle(&mut core, bucket, T0 + MONTH_MS).0, 0);
}

/// The largest cluster (32 nodes × 16 vnodes) at the highest rent, the largest allocation and
/// the lowest exchange rate, left alone for 100 years: the owner can still settle, read, free
/// and exit; nothing overflows.
#[ink::test]
fn a_century_at_the_limits_never_overflows() {
    let mut core = Core::new(admin(), 0);
    let per_vnode = u32::MAX / 16;
    let (cluster, _) = core
        .cluster_create(manager(), "{}".into(), per_vnode, T0)
        .unwrap();
    for n in 0..32u8 {
        core.node_set_trust(provider(n), manager(), true).unwrap();
        core.node_create(
            provider(n),
            node(n),
            "{}".into(),
            u32::MAX,
            MAX_RENT_PER_MONTH,
        )
        .unwrap();
        let tokens = (0..16).map(|t| u64::from(n) * 16 + t).collect();
        core.cluster_add_node(manager(), cluster, node(n), tokens, T0)
            .unwrap();
    }
    let (bucket, _) = core.bucket_create(app(), "{}".into(), cluster, T0).unwrap();
    core.account_deposit(app(), Balance::MAX / 2).unwrap();
    core.bucket_alloc_into_cluster(app(), bucket, per_vnode, T0)
        .unwrap();
    // Down to the lowest rate, one halving an hour.
    let mut now = T0;
    let mut rate = UNIT;
    while rate > MIN_USD_PER_CERE {
        rate = rate.div_ceil(2).max(MIN_USD_PER_CERE);
        now += MIN_RATE_UPDATE_INTERVAL_MS;
        if let Err(e) = core.account_set_usd_per_cere(admin(), rate, now) {
            panic!("rate {rate} at {now}: {e:?}");
        }
    }
    let century = T0 + 100 * 36_525 * 86_400_000 / 100;
    core.account_get(app(), century).unwrap();
    core.bucket_get(bucket, century).unwrap();
    let (paid, debt) = settle(&mut core, bucket, century);
    assert!(paid > 0 && paid < Balance::MAX / 2);
    assert_eq!(debt, 0);
    core.bucket_free_resource(app(), bucket, per_vnode, century)
        .unwrap();
    core.cluster_distribute_revenues(cluster, century).unwrap();
    let left = core.account(app()).deposit;
    assert_eq!(left, Balance::MAX / 2 - paid);
    core.account_unbond(app(), left, century).unwrap();
    let (_, withdrawn) = core
        .account_withdraw_unbonded(app(), century + DEFAULT_UNBONDING_PERIOD_MS)
        .unwrap();
    assert_eq!(withdrawn.amount, left);
}

#[ink::test]
fn allocation_must_be_funded_for_a_day() {
    let (mut core, _, bucket) = reference();
    let (second, _) = core.bucket_create(id(60), "{}".into(), 1, T0).unwrap();
    assert_eq!(
        core.bucket_alloc_into_cluster(id(60), second, 1, T0),
        Err(Error::InsufficientDeposit)
    );
    // One day of 60 USD a month at 1 USD per CERE: 60 × 1/31 CERE.
    let day = (60 * UNIT).div_ceil(31);
    core.account_deposit(id(60), day - 1).unwrap();
    assert_eq!(
        core.bucket_alloc_into_cluster(id(60), second, 1, T0),
        Err(Error::InsufficientDeposit)
    );
    core.account_deposit(id(60), 1).unwrap();
    core.bucket_alloc_into_cluster(id(60), second, 1, T0)
        .unwrap();
    // Unlocking funds do not count: the app unbonds all but half a CERE, which covers its
    // first bucket (≈ 1.9 CERE a day) no more, let alone a second unit.
    core.account_unbond(app(), 1_000 * UNIT - UNIT / 2, T0)
        .unwrap();
    assert_eq!(
        core.bucket_alloc_into_cluster(app(), bucket, 1, T0),
        Err(Error::InsufficientDeposit)
    );
    assert_eq!(core.bucket(bucket).unwrap().resource_reserved, 1);
    // Freeing needs no funds.
    core.bucket_free_resource(app(), bucket, 1, T0).unwrap();
}

#[ink::test]
fn overflow_probes_give_typed_errors() {
    // A rent above the ceiling is refused outright.
    let mut core = Core::new(admin(), 0);
    assert_eq!(
        core.node_create(manager(), node(0), "{}".into(), 10, Balance::MAX / 2 + 1),
        Err(Error::RentTooHigh)
    );
    let (cluster, _) = core.cluster_create(manager(), "{}".into(), 1, T0).unwrap();
    let (bucket, _) = core.bucket_create(app(), "{}".into(), cluster, T0).unwrap();
    // Allocating beyond u32 is refused by the cluster bound.
    core.account_deposit(app(), UNIT).unwrap();
    assert_eq!(
        core.bucket_alloc_into_cluster(app(), bucket, u32::MAX, T0),
        Err(Error::InsufficientClusterResource)
    );
    // Deposits that would overflow an account.
    core.account_deposit(app(), Balance::MAX - UNIT).unwrap();
    assert_eq!(core.account_deposit(app(), 1), Err(Error::Overflow));
}

#[ink::test]
fn only_the_manager_evicts_and_only_an_unpaid_bucket() {
    // The app deposits 60 CERE: a month of its 60 USD bucket at 1 USD per CERE.
    let mut core = Core::new(admin(), 0);
    let (cluster, _) = core.cluster_create(manager(), "{}".into(), 10, T0).unwrap();
    core.node_set_trust(provider(0), manager(), true).unwrap();
    core.node_create(provider(0), node(0), "{}".into(), 100, 30 * UNIT)
        .unwrap();
    core.cluster_add_node(manager(), cluster, node(0), vec![1, 2], T0)
        .unwrap();
    let (bucket, _) = core.bucket_create(app(), "{}".into(), cluster, T0).unwrap();
    core.account_deposit(app(), 60 * UNIT).unwrap();
    core.bucket_alloc_into_cluster(app(), bucket, 1, T0)
        .unwrap();
    let half = T0 + MONTH_MS / 2;
    assert_eq!(
        core.cluster_evict_bucket(manager(), cluster, bucket, half),
        Err(Error::BucketRentCovered)
    );
    let end = T0 + MONTH_MS;
    assert_eq!(
        core.cluster_evict_bucket(app(), cluster, bucket, end),
        Err(Error::OnlyClusterManager)
    );
    assert_eq!(
        core.cluster_evict_bucket(manager(), cluster + 1, bucket, end),
        Err(Error::BucketDoesNotExist),
        "the bucket is not in that cluster"
    );
    // A month later the funds are gone: the manager evicts; a week later there is a debt.
    let (settled, evicted) = core
        .cluster_evict_bucket(manager(), cluster, bucket, end + 1)
        .unwrap();
    assert_eq!(settled.paid, 60 * UNIT);
    assert_eq!((evicted.resource_freed, evicted.owner), (1, app()));
    assert_eq!(core.bucket(bucket).unwrap().resource_reserved, 0);
    assert_eq!(core.cluster(cluster).unwrap().ledger.resource_used, 0);
    // Nothing left to evict, and the freed bucket costs nothing more.
    assert_eq!(
        core.cluster_evict_bucket(manager(), cluster, bucket, end + 2),
        Err(Error::InsufficientBucketResource)
    );
    assert_eq!(settle(&mut core, bucket, end + MONTH_MS), (0, settled.debt));
}

#[ink::test]
fn an_emptied_cluster_pays_out_everything_and_can_be_removed() {
    let (mut core, cluster, bucket) = reference();
    core.admin_set_fee_config(admin(), 100, id(50), 200)
        .unwrap();
    // 1 120 collected; the fees take 11 + 22 and 1 087 does not split evenly in three.
    core.bucket_free_resource(app(), bucket, 1, T0 + 5).unwrap();
    for n in 0..3 {
        core.cluster_remove_node(manager(), cluster, node(n), T0 + 5)
            .unwrap();
    }
    let (payouts, event) = core.cluster_distribute_revenues(cluster, T0 + 5).unwrap();
    assert_eq!((event.providers_paid, event.remainder), (1_087, 0));
    assert_eq!(
        payouts,
        vec![
            (id(50), 11),
            (manager(), 22),
            (provider(0), 362),
            (provider(1), 362),
            (provider(2), 363),
        ]
    );
    core.cluster_remove(manager(), cluster).unwrap();
    // The app's bucket outlives its cluster and still closes.
    core.bucket_close(app(), bucket, T0 + 6).unwrap();
}
