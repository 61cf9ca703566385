//! Issue 12, "money under attack": each test reproduces one attack on the money rules through
//! the core's ABI and asserts the protected outcome, with the amounts read back.
//!
//! Prices at 1 USD per CERE: r units of a cluster whose total rent is R USD units per unit per
//! month cost ⌊r × Σ R × ms / MONTH_MS⌋ native units over a settlement's periods ([`due`]).

use ddc_bucket::events::{
    BucketClosed, BucketEvicted, BucketSettled, ClusterRemoved, ExchangeRateSet, NodeRentChanged,
    RevenuePaid, RevenuesDistributed, Withdrawn,
};
use ddc_tests::ddc::Ddc;
use ddc_tests::ddc_types::{
    BucketId, ClusterId, Error, PendingRent, MAX_RENT_PER_MONTH, MIN_RATE_UPDATE_INTERVAL_MS,
    MIN_USD_PER_CERE, MONTH_MS, UNIT,
};
use ddc_tests::{admin, alice, bob, charlie, dave, eve, ink_id, node_key};
use drink::sandbox_api::prelude::BalanceAPI;
use drink::AccountId32;

/// Start of every scenario (ms).
const T0: u64 = 1_000_000;
/// A tenth of a month: 60 USD of rent over it are exactly 6 tokens at 1 USD per CERE.
const TENTH: u64 = MONTH_MS / 10;
/// The notice of a rent increase (the default unbonding period): 7 days.
const WEEK_MS: u64 = 7 * 24 * 3_600_000;
/// Shortest spacing of exchange-rate updates.
const HOUR: u64 = MIN_RATE_UPDATE_INTERVAL_MS;
/// One day.
const DAY: u64 = 24 * HOUR;

/// At `T0`: bob, charlie and dave each run a node (capacity 100, rent `rent` USD units)
/// trusting alice; alice's cluster (10 per vnode) holds 2 vnodes of each (tokens 1..=6), so its
/// total rent is 6 × `rent`.
fn cluster_of_three(rent: u128) -> (Ddc, ClusterId) {
    let mut ddc = Ddc::new();
    ddc.suite.set_time(T0);
    let cluster = ddc.cluster_create(&alice(), 10).unwrap();
    for (n, provider) in [(1u8, bob()), (2, charlie()), (3, dave())] {
        ddc.node_trust_manager(&provider, &alice()).unwrap();
        ddc.node_create(&provider, &node_key(n), 100, rent).unwrap();
        let first = u64::from(n) * 2 - 1;
        ddc.cluster_add_node(&alice(), cluster, &node_key(n), &[first, first + 1])
            .unwrap();
    }
    assert_eq!(ddc.cluster(cluster).total_rent, 6 * rent);
    (ddc, cluster)
}

/// `owner` deposits `deposit` and allocates `resource` units in a new bucket of `cluster`.
fn funded_bucket(
    ddc: &mut Ddc,
    owner: &AccountId32,
    cluster: ClusterId,
    deposit: u128,
    resource: u32,
) -> BucketId {
    let bucket = ddc.bucket_create(owner, cluster).unwrap();
    ddc.deposit(owner, deposit).unwrap();
    ddc.bucket_alloc(owner, bucket, resource).unwrap();
    bucket
}

/// The single `BucketSettled` event of the last call.
fn settled(ddc: &Ddc) -> BucketSettled {
    let mut events = ddc.events::<BucketSettled>();
    assert_eq!(events.len(), 1, "one BucketSettled event");
    events.remove(0)
}

/// Settle `bucket` as a third party (charlie) and return (paid, debt).
fn settle(ddc: &mut Ddc, bucket: BucketId) -> (u128, u128) {
    ddc.settle(&charlie(), bucket).unwrap();
    let event = settled(ddc);
    (event.paid, event.debt)
}

/// The payouts of the last call, in order.
fn payouts(ddc: &Ddc) -> Vec<(ink::primitives::AccountId, u128)> {
    ddc.events::<RevenuePaid>()
        .into_iter()
        .map(|e| (e.to, e.amount))
        .collect()
}

/// What `resource` units cost at 1 USD per CERE over `periods` of (total rent, ms).
fn due(resource: u128, periods: &[(u128, u64)]) -> u128 {
    let usd_ms: u128 = periods
        .iter()
        .map(|(rent, ms)| rent * u128::from(*ms))
        .sum();
    resource * usd_ms / u128::from(MONTH_MS)
}

/// Attack: a provider sets a rent near `u128::MAX` (`u128::MAX / 4` fits one node but not a
/// cluster's sum over time): the cluster's rent arithmetic overflows, every settlement of its
/// buckets fails with `Overflow`, so their owners can neither free, close, unbond nor withdraw.
/// Now such rents are refused, and the worst legal cluster — 32 nodes × 16 vnodes at
/// `MAX_RENT_PER_MONTH`, at the lowest exchange rate — still settles after 100 years.
#[test]
fn rent_overflow_cannot_freeze_funds() {
    let mut ddc = Ddc::new();
    // The lowest exchange rate (most native units per USD), in legal steps from T0.
    let start = ddc.walk_rate(MIN_USD_PER_CERE, T0) + HOUR;
    ddc.suite.set_time(start);
    let cluster = ddc.cluster_create(&alice(), 1).unwrap();
    // bob's node 1 and 31 nodes run by their own keys: each 16 vnodes at the ceiling.
    for n in 1..=32u8 {
        let provider = if n == 1 { bob() } else { node_key(n) };
        ddc.node_trust_manager(&provider, &alice()).unwrap();
        ddc.node_create(&provider, &node_key(n), 16, MAX_RENT_PER_MONTH)
            .unwrap();
        let first = u64::from(n - 1) * 16 + 1;
        let tokens: Vec<u64> = (first..first + 16).collect();
        ddc.cluster_add_node(&alice(), cluster, &node_key(n), &tokens)
            .unwrap();
    }
    let total_rent = 32 * 16 * MAX_RENT_PER_MONTH;
    assert_eq!(ddc.cluster(cluster).total_rent, total_rent);

    // The attack: refused, whether on a node in a cluster or a new one.
    assert_eq!(
        ddc.node_change_rent(&bob(), &node_key(1), u128::MAX / 4),
        Err(Error::RentTooHigh)
    );
    assert_eq!(
        ddc.node_change_rent(&bob(), &node_key(1), MAX_RENT_PER_MONTH + 1),
        Err(Error::RentTooHigh)
    );
    assert_eq!(
        ddc.node_create(&bob(), &node_key(33), 16, u128::MAX / 4),
        Err(Error::RentTooHigh)
    );
    assert_eq!(ddc.node(&node_key(1)).rent_per_month, MAX_RENT_PER_MONTH);

    // eve funds a century of it and allocates 1 unit.
    let deposit: u128 = 10u128.pow(27);
    ddc.suite
        .session
        .sandbox()
        .mint_into(&eve(), deposit)
        .unwrap();
    let bucket = funded_bucket(&mut ddc, &eve(), cluster, deposit, 1);

    // 100 years later: at this rate a ms is 10^8 clock ticks; the rent index has grown by
    // total_rent × 10^8 × ms (1.6·10^38, below u128::MAX) and 1 unit owes it / (MONTH_MS × 100).
    let century: u64 = 36_525 * DAY;
    let later = start + century;
    ddc.suite.set_time(later);
    let ticks_per_ms = UNIT * 100 / MIN_USD_PER_CERE;
    let owed = total_rent * ticks_per_ms * u128::from(century) / (u128::from(MONTH_MS) * 100);
    assert!(owed < deposit);
    assert_eq!(ddc.account(&eve()).accrued_due, owed);
    assert_eq!(ddc.bucket(bucket).amount_due, owed);
    assert_eq!(settle(&mut ddc, bucket), (owed, 0));

    // The owner frees, closes, unbonds what is left and withdraws it after the unbonding period.
    ddc.bucket_free(&eve(), bucket, 1).unwrap();
    assert_eq!(settled(&ddc).paid, 0);
    ddc.bucket_close(&eve(), bucket).unwrap();
    assert_eq!(ddc.events::<BucketClosed>()[0].resource_released, 0);
    let left = deposit - owed;
    assert_eq!(ddc.account(&eve()).deposit, left);
    ddc.unbond(&eve(), left).unwrap();
    ddc.suite.set_time(later + WEEK_MS);
    let before = ddc.suite.balance(&eve());
    ddc.withdraw_unbonded(&eve()).unwrap();
    assert_eq!(ddc.events::<Withdrawn>()[0].amount, left);
    let storage = ddc.suite.storage_deposit_net(&eve());
    assert_eq!(
        i128::try_from(ddc.suite.balance(&eve())).unwrap() - i128::try_from(before).unwrap(),
        i128::try_from(left).unwrap() + storage
    );

    // The providers' century of revenues is paid out too: an equal share each.
    ddc.distribute(&charlie(), cluster).unwrap();
    let paid = payouts(&ddc);
    assert_eq!(paid.len(), 32);
    let share = paid[0].1;
    assert!(paid.iter().all(|(_, amount)| *amount == share));
    assert!(owed / 32 - share <= owed / 32 / 1_000_000_000, "{share}");
    assert_eq!(ddc.cluster(cluster).revenues, owed - 32 * share);
}

/// Attack: a provider raises its rent ×10^9 and the app's next settlement charges the new
/// price at once — for time already passed, or before the app could leave. Now an increase of
/// a node in a cluster applies only after a notice (the unbonding period), shown by `node_get`;
/// an app that frees its resource before it pays nothing at the new price.
#[test]
fn rent_hike_applies_only_after_notice() {
    // 10^6 USD units (10^-4 USD) per vnode: ×10^9 is the ceiling.
    let old = MAX_RENT_PER_MONTH / 1_000_000_000;
    let (mut ddc, cluster) = cluster_of_three(old);
    let eve_bucket = funded_bucket(&mut ddc, &eve(), cluster, 100 * UNIT, 1);
    let dave_bucket = funded_bucket(&mut ddc, &dave(), cluster, 100 * UNIT, 1);

    let raised_at = T0 + HOUR;
    let from = raised_at + WEEK_MS;
    ddc.suite.set_time(raised_at);
    ddc.node_change_rent(&bob(), &node_key(1), MAX_RENT_PER_MONTH)
        .unwrap();
    let changed = &ddc.events::<NodeRentChanged>()[0];
    assert_eq!(
        (changed.node_key, changed.rent_per_month, changed.from_ms),
        (ink_id(&node_key(1)), MAX_RENT_PER_MONTH, from)
    );
    let node = ddc.node(&node_key(1));
    assert_eq!(node.rent_per_month, old);
    assert_eq!(
        node.pending_rent,
        Some(PendingRent {
            rent_per_month: MAX_RENT_PER_MONTH,
            from_ms: from
        })
    );
    assert_eq!(ddc.cluster(cluster).total_rent, 6 * old);

    // One second later eve pays the old price only.
    ddc.suite.set_time(raised_at + 1_000);
    let first = due(1, &[(6 * old, HOUR + 1_000)]);
    assert_eq!(settle(&mut ddc, eve_bucket), (first, 0));

    // eve frees her resource 1 ms before the notice ends: the old price to the end.
    ddc.suite.set_time(from - 1);
    assert!(ddc.node(&node_key(1)).pending_rent.is_some());
    ddc.bucket_free(&eve(), eve_bucket, 1).unwrap();
    let until_free = due(1, &[(6 * old, HOUR + WEEK_MS - 1)]);
    assert_eq!(settled(&ddc).paid, until_free - first);

    // dave kept his unit: from the notice's end he pays the new price (bob's 2 vnodes at the
    // ceiling), shown in force before any transaction touched the cluster.
    let new = 2 * MAX_RENT_PER_MONTH + 4 * old;
    ddc.suite.set_time(from);
    let node = ddc.node(&node_key(1));
    assert_eq!(
        (node.rent_per_month, node.pending_rent),
        (MAX_RENT_PER_MONTH, None)
    );
    assert_eq!(ddc.cluster(cluster).total_rent, new);
    ddc.suite.set_time(from + 1_000);
    let dave_due = due(1, &[(6 * old, HOUR + WEEK_MS), (new, 1_000)]);
    assert_eq!(settle(&mut ddc, dave_bucket), (dave_due, 0));
    assert_eq!(ddc.account(&dave()).deposit, 100 * UNIT - dave_due);

    // eve, gone before the notice ended, pays nothing at the new price.
    ddc.suite.set_time(from + DAY);
    assert_eq!(ddc.bucket(eve_bucket).amount_due, 0);
    assert_eq!(settle(&mut ddc, eve_bucket), (0, 0));
    let account = ddc.account(&eve());
    assert_eq!(
        (account.deposit, account.debt),
        (100 * UNIT - until_free, 0)
    );
}

/// Attack (on a split by vnodes × rent at distribution time): a provider raises its rent to the
/// ceiling, distributes and restores its rent in one block, taking nearly all revenues. Now
/// revenues are split by what each node earned over time; the spike is only announced, and
/// cancelled by the restore.
#[test]
fn rent_spike_at_distribution_moves_nothing() {
    let (mut ddc, cluster) = cluster_of_three(10 * UNIT);
    let bucket = funded_bucket(&mut ddc, &eve(), cluster, 100 * UNIT, 1);
    ddc.suite.set_time(T0 + TENTH);
    assert_eq!(settle(&mut ddc, bucket), (6 * UNIT, 0));

    // One block: spike, distribute, restore.
    let (charlie_before, dave_before) = (ddc.suite.balance(&charlie()), ddc.suite.balance(&dave()));
    ddc.node_change_rent(&bob(), &node_key(1), MAX_RENT_PER_MONTH)
        .unwrap();
    ddc.distribute(&bob(), cluster).unwrap();
    let paid = payouts(&ddc);
    ddc.node_change_rent(&bob(), &node_key(1), 10 * UNIT)
        .unwrap();

    // Three equal earners: 2 tokens each, nothing left.
    assert_eq!(
        paid,
        vec![
            (ink_id(&bob()), 2 * UNIT),
            (ink_id(&charlie()), 2 * UNIT),
            (ink_id(&dave()), 2 * UNIT)
        ]
    );
    assert_eq!(ddc.suite.balance(&charlie()), charlie_before + 2 * UNIT);
    assert_eq!(ddc.suite.balance(&dave()), dave_before + 2 * UNIT);
    assert_eq!(ddc.cluster(cluster).revenues, 0);
    let node = ddc.node(&node_key(1));
    assert_eq!((node.rent_per_month, node.pending_rent), (10 * UNIT, None));
    assert_eq!(ddc.cluster(cluster).total_rent, 60 * UNIT);
}

/// Attack (on "a cluster without nodes pays the providers' part to its manager"): the manager
/// removes every node, distributes and re-adds them, taking the providers' revenues. Now nodes
/// that left keep what they earned until the next distribution; the manager gets its fee only.
#[test]
fn removing_nodes_before_distribution_pays_the_manager_nothing_extra() {
    let (mut ddc, cluster) = cluster_of_three(10 * UNIT);
    let network = node_key(30);
    ddc.set_fees(100, &network, 200).unwrap();
    let bucket = funded_bucket(&mut ddc, &eve(), cluster, 100 * UNIT, 1);
    ddc.suite.set_time(T0 + TENTH);
    assert_eq!(settle(&mut ddc, bucket), (6 * UNIT, 0));

    let providers = [bob(), charlie(), dave()];
    let before: Vec<u128> = providers.iter().map(|p| ddc.suite.balance(p)).collect();
    for n in 1..=3u8 {
        ddc.cluster_remove_node(&alice(), cluster, &node_key(n))
            .unwrap();
    }
    ddc.distribute(&alice(), cluster).unwrap();
    let done = &ddc.events::<RevenuesDistributed>()[0];
    let paid = payouts(&ddc);
    for n in 1..=3u8 {
        let first = u64::from(n) * 2 - 1;
        ddc.cluster_add_node(&alice(), cluster, &node_key(n), &[first, first + 1])
            .unwrap();
    }

    // 6 tokens: 1 % network fee, 2 % management fee, 5.82 tokens split by what each earned.
    assert_eq!(
        (
            done.network_fee,
            done.management_fee,
            done.providers_paid,
            done.remainder
        ),
        (6 * UNIT / 100, 12 * UNIT / 100, 582 * UNIT / 100, 0)
    );
    assert_eq!(
        paid,
        vec![
            (ink_id(&network), 6 * UNIT / 100),
            (ink_id(&alice()), 12 * UNIT / 100),
            (ink_id(&bob()), 194 * UNIT / 100),
            (ink_id(&charlie()), 194 * UNIT / 100),
            (ink_id(&dave()), 194 * UNIT / 100)
        ]
    );
    for (i, provider) in providers.iter().enumerate() {
        assert_eq!(ddc.suite.balance(provider), before[i] + 194 * UNIT / 100);
    }
    assert_eq!(ddc.cluster(cluster).revenues, 0);
    assert_eq!(ddc.cluster(cluster).total_rent, 60 * UNIT);
}

/// Attack: an app allocates without funds (or stops paying) and holds the cluster's resource
/// forever, locking honest apps out while its debt grows. Now an allocation needs a deposit
/// covering a day of rent (unlocking funds not counted), and the manager evicts a bucket whose
/// owner's funds ran out; its debt stays with its owner. A covered bucket cannot be evicted, and
/// only the manager evicts.
#[test]
fn unfunded_allocation_is_refused_and_unpaid_buckets_can_be_evicted() {
    // 10 units (the whole cluster) at 60 USD: 600 USD a month, 19.35 tokens a day.
    let (mut ddc, cluster) = cluster_of_three(10 * UNIT);
    let squat = ddc.bucket_create(&eve(), cluster).unwrap();
    assert_eq!(
        ddc.bucket_alloc(&eve(), squat, 10),
        Err(Error::InsufficientDeposit)
    );
    // Funds on their way out do not count: deposit 20 tokens and unbond them.
    ddc.deposit(&eve(), 20 * UNIT).unwrap();
    ddc.unbond(&eve(), 20 * UNIT).unwrap();
    assert_eq!(
        ddc.bucket_alloc(&eve(), squat, 10),
        Err(Error::InsufficientDeposit)
    );
    // 20 tokens deposited cover 1.03 days: allowed. With the unlocking 20 her funds last
    // 40 tokens / 600 USD a month = 178 560 000 ms.
    ddc.deposit(&eve(), 20 * UNIT).unwrap();
    ddc.bucket_alloc(&eve(), squat, 10).unwrap();
    let covered_until = T0 + 178_560_000;
    assert_eq!(ddc.account(&eve()).rent_covered_until_ms, covered_until);

    // dave, an honest app, finds the cluster full.
    let honest = ddc.bucket_create(&dave(), cluster).unwrap();
    ddc.deposit(&dave(), 100 * UNIT).unwrap();
    assert_eq!(
        ddc.bucket_alloc(&dave(), honest, 1),
        Err(Error::InsufficientClusterResource)
    );

    // While eve's funds cover her rent she cannot be evicted; nobody but alice evicts.
    ddc.suite.set_time(T0 + 2 * DAY);
    assert_eq!(
        ddc.cluster_evict_bucket(&alice(), cluster, squat),
        Err(Error::BucketRentCovered)
    );
    assert_eq!(
        ddc.cluster_evict_bucket(&bob(), cluster, squat),
        Err(Error::OnlyClusterManager)
    );

    // A day after her funds ran out: evicted. She paid her 40 tokens; the rest is her debt:
    // 3 days of 600 USD = ⌊580 645 161 290.3⌋.
    ddc.suite.set_time(T0 + 3 * DAY);
    assert!(ddc.account(&eve()).rent_covered_until_ms <= T0 + 3 * DAY);
    let debt = 580_645_161_290 - 40 * UNIT;
    ddc.cluster_evict_bucket(&alice(), cluster, squat).unwrap();
    let settlement = settled(&ddc);
    assert_eq!((settlement.paid, settlement.debt), (40 * UNIT, debt));
    assert_eq!(
        ddc.events::<BucketEvicted>(),
        vec![BucketEvicted {
            bucket_id: squat,
            cluster_id: cluster,
            owner: ink_id(&eve()),
            resource_freed: 10,
            debt
        }]
    );
    assert_eq!(ddc.bucket(squat).resource_reserved, 0);
    assert_eq!(ddc.cluster(cluster).resource_used, 0);
    assert_eq!(ddc.cluster(cluster).revenues, 40 * UNIT);
    let account = ddc.account(&eve());
    assert_eq!(
        (account.deposit, account.unlocking.len(), account.debt),
        (0, 0, debt)
    );
    assert_eq!(
        ddc.cluster_evict_bucket(&alice(), cluster, squat),
        Err(Error::InsufficientBucketResource)
    );
    assert_eq!(ddc.bucket_close(&eve(), squat), Err(Error::BucketHasDebt));

    // The honest app now allocates the whole cluster, and being covered cannot be evicted.
    ddc.bucket_alloc(&dave(), honest, 10).unwrap();
    assert_eq!(ddc.cluster(cluster).resource_used, 10);
    assert_eq!(
        ddc.cluster_evict_bucket(&alice(), cluster, honest),
        Err(Error::BucketRentCovered)
    );
    // eve's debt stays with her.
    ddc.suite.set_time(T0 + 4 * DAY);
    assert_eq!(settle(&mut ddc, squat), (0, debt));
    assert_eq!(ddc.account(&eve()).debt, debt);
}

/// Attack: someone creates an empty bucket in a cluster they do not run; the manager can then
/// never remove the cluster (`ClusterIsNotEmpty`). Now empty buckets of others do not block the
/// removal, and their owners can still close them afterwards.
#[test]
fn empty_foreign_bucket_does_not_block_cluster_removal() {
    let (mut ddc, cluster) = cluster_of_three(10 * UNIT);
    let used = funded_bucket(&mut ddc, &eve(), cluster, 100 * UNIT, 1);
    let empty = ddc.bucket_create(&dave(), cluster).unwrap();

    // A tenth of a month later eve leaves; alice winds the cluster down.
    ddc.suite.set_time(T0 + TENTH);
    ddc.bucket_free(&eve(), used, 1).unwrap();
    assert_eq!(settled(&ddc).paid, 6 * UNIT);
    for n in 1..=3u8 {
        ddc.cluster_remove_node(&alice(), cluster, &node_key(n))
            .unwrap();
    }
    ddc.distribute(&alice(), cluster).unwrap();
    assert_eq!(
        payouts(&ddc),
        vec![
            (ink_id(&bob()), 2 * UNIT),
            (ink_id(&charlie()), 2 * UNIT),
            (ink_id(&dave()), 2 * UNIT)
        ]
    );
    ddc.cluster_remove(&alice(), cluster).unwrap();
    let removed = ddc.events::<ClusterRemoved>();
    assert_eq!(
        (removed[0].cluster_id, removed[0].manager),
        (cluster, ink_id(&alice()))
    );
    assert_eq!(ddc.cluster_get(cluster), Err(Error::ClusterDoesNotExist));

    // Both buckets, left in the removed cluster, close.
    for (owner, bucket) in [(dave(), empty), (eve(), used)] {
        ddc.bucket_close(&owner, bucket).unwrap();
        assert_eq!(settled(&ddc).paid, 0);
        let closed = &ddc.events::<BucketClosed>()[0];
        assert_eq!(
            (closed.bucket_id, closed.owner, closed.resource_released),
            (bucket, ink_id(&owner), 0)
        );
        assert_eq!(ddc.bucket_get(bucket), Err(Error::BucketDoesNotExist));
    }
    assert_eq!(ddc.account(&eve()).deposit, 94 * UNIT);
}

/// Attack: the admin sets fees to 100 % (network fee to itself) and the exchange rate to its
/// minimum, applied retroactively to unsettled rent: the app's next settlement takes its whole
/// deposit and the distribution hands it to the admin. Now fees are capped (10 % network, 20 %
/// management), a rate update moves at most ×2, at most once an hour, and only from its time on.
#[test]
fn admin_cannot_take_an_apps_deposit() {
    let (mut ddc, cluster) = cluster_of_three(10 * UNIT);
    let bucket = funded_bucket(&mut ddc, &eve(), cluster, 100 * UNIT, 1);
    let changed_at = T0 + TENTH;
    ddc.suite.set_time(changed_at);

    for (network, management) in [(10_000, 0), (1_001, 0), (1_000, 2_001)] {
        assert_eq!(
            ddc.set_fees(network, &admin(), management),
            Err(Error::InvalidFeeConfig),
            "{network} + {management}"
        );
    }
    for rate in [MIN_USD_PER_CERE, UNIT / 2 - 1] {
        assert_eq!(
            ddc.set_rate(rate),
            Err(Error::InvalidExchangeRate),
            "{rate}"
        );
    }
    // The most it may do: the highest fees, and halve the rate (twice the native price).
    ddc.set_fees(1_000, &admin(), 2_000).unwrap();
    ddc.set_rate(UNIT / 2).unwrap();
    let set = &ddc.events::<ExchangeRateSet>()[0];
    assert_eq!((set.usd_per_cere, set.from_ms), (UNIT / 2, changed_at));
    // ... and not again within the hour.
    assert_eq!(ddc.set_rate(UNIT / 4), Err(Error::InvalidExchangeRate));
    ddc.suite.set_time(changed_at + HOUR - 1);
    assert_eq!(ddc.set_rate(UNIT / 4), Err(Error::InvalidExchangeRate));
    assert_eq!(ddc.rate(), UNIT / 2);

    // eve pays the honest due: a tenth of a month of 60 USD at 1 USD per CERE (6 tokens), then
    // a tenth at 0.5 USD per CERE (12 tokens). A retroactive rate would have charged 24.
    ddc.suite.set_time(changed_at + TENTH);
    assert_eq!(settle(&mut ddc, bucket), (18 * UNIT, 0));
    assert_eq!(ddc.account(&eve()).deposit, 82 * UNIT);

    // The admin's network fee is 10 % of those 18 tokens, not the app's deposit.
    let admin_before = ddc.suite.balance(&admin());
    ddc.distribute(&charlie(), cluster).unwrap();
    let paid = payouts(&ddc);
    assert_eq!(paid[0], (ink_id(&admin()), 18 * UNIT / 10));
    assert_eq!(paid[1], (ink_id(&alice()), 36 * UNIT / 10));
    assert_eq!(ddc.suite.balance(&admin()), admin_before + 18 * UNIT / 10);
    assert_eq!(ddc.account(&eve()).deposit, 82 * UNIT);
}
