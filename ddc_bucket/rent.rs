//! The money rules of a cluster, in one place: the exchange-rate clock, the cluster's rent and
//! usage indexes, scheduled rent increases, and what each node earned.
//!
//! **Prices in time.** Rent is priced in USD; what one ms of rent costs in native units depends
//! on the exchange rate in force during that ms. The *rate clock* counts, since deployment,
//! `UNIT × PRICE_SCALE / usd_per_cere` per ms (native units per USD unit, scaled). A rate update
//! starts a new period; every earlier period is kept ([`RatePeriod`]), so the clock is known for
//! any past time and a rate change is never retroactive.
//!
//! **Rent index.** A cluster's rent index grows by `total_rent × Δclock`; a bucket with r units
//! owes `r × Δindex / (MONTH_MS × PRICE_SCALE)` native units between two settlements (floored,
//! the remainder carried in the bucket). Settling a bucket is O(1) and converts each ms at the
//! rate of that ms.
//!
//! **Rent increases** are [`RentStep`]s of the cluster, in force from their time on. The
//! cluster's indexes integrate through due steps: reads compute them on a copy; writes apply them
//! (and the nodes' new rents) with [`Core::cluster_at`].
//!
//! **Earnings.** The usage index grows by `resource_used × Δclock`; a node whose contribution
//! (vnodes × rent in force) is c earns `c × Δusage / MONTH_MS` points — the revenue the cluster's
//! allocation brought in while the node served at that price, in the unit of the rent index.
//! Revenues are split by the points earned since the last distribution; a node that leaves
//! keeps its points (as its provider's entry in `departed`) until the next distribution.
//!
//! **Bounds.** Rent ≤ [`MAX_RENT_PER_MONTH`], ≤ 32 nodes × 16 vnodes, the lowest rate: the
//! rent index grows by at most 5.12·10^25 per ms, i.e. 1.6·10^38 < u128::MAX in 100 years;
//! settlement multiplies by the resource only after dividing ([`mul_div`]).

use crate::core::{div_rem, mul, Core};
use ddc_types::{AccountId, Balance, Error, NodeKey, Result, MONTH_MS, UNIT};
use ink::prelude::vec::Vec;

/// Fixed-point scale of the rate clock (its ticks per ms at 1 USD per CERE are `UNIT × 100`).
pub const PRICE_SCALE: u128 = 100;
/// Clock ticks per ms at one USD per CERE: `UNIT × PRICE_SCALE`.
const TICKS_PER_MS_AT_PAR: u128 = 1_000_000_000_000;
/// A rent-index difference is worth `Δindex / RENT_DIVISOR` native units per resource unit:
/// `MONTH_MS × PRICE_SCALE`.
pub const RENT_DIVISOR: u128 = 267_840_000_000;

/// One period of the exchange rate: `usd_per_cere` from `from_ms` on, when the clock read
/// `clock_from`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct RatePeriod {
    pub from_ms: u64,
    pub clock_from: u128,
    pub usd_per_cere: Balance,
}

impl RatePeriod {
    /// The clock at `t` (not before this period's start).
    pub fn clock_at(&self, t: u64) -> Result<u128> {
        let elapsed = u128::from(t.saturating_sub(self.from_ms));
        let (grown, _) = div_rem(mul(elapsed, TICKS_PER_MS_AT_PAR)?, self.usd_per_cere)?;
        self.clock_from.checked_add(grown).ok_or(Error::Overflow)
    }
}

/// The current rate period and how many earlier ones are stored (read once per message).
pub struct Clock {
    pub current: RatePeriod,
    pub earlier: u32,
}

/// An entry of a cluster's [`Ledger`]: an amount for an account at a time. One type serves both
/// lists (their storage code is then shared):
/// - a [`RentStep`]: the node `account`'s scheduled increase; the cluster's total rent grows by
///   `amount` at `at_ms` (at most one per node);
/// - a departed provider: `account` left (last at `at_ms`) with `amount` points not yet paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Entry {
    pub at_ms: u64,
    pub account: AccountId,
    pub amount: Balance,
}

/// A scheduled rent increase (see [`Entry`]).
pub type RentStep = Entry;

/// A cluster's prices, indexes and earnings (part of its stored record).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Ledger {
    /// Σ over vnodes of the holding node's rent, in force at `at_ms`.
    pub total_rent: Balance,
    /// Resource allocated to buckets.
    pub resource_used: u32,
    /// Σ total_rent × Δclock up to `at_ms`.
    pub rent_index: u128,
    /// Σ resource_used × Δclock up to `at_ms`.
    pub usage_index: u128,
    /// The rate clock at `at_ms`.
    pub clock: u128,
    pub at_ms: u64,
    /// Increases not yet in force, by time.
    pub steps: Vec<RentStep>,
    /// Points of nodes that left since the last distribution, one entry per provider.
    pub departed: Vec<Entry>,
    /// Collected rent not yet distributed (native units).
    pub revenues: Balance,
}

impl Ledger {
    /// A ledger starting at `now` with clock reading `clock`.
    pub fn new(clock: u128, now: u64) -> Self {
        Self {
            clock,
            at_ms: now,
            ..Self::default()
        }
    }

    /// Grow the indexes to clock reading `clock` at time `t` at the current rent and usage.
    fn integrate(&mut self, clock: u128, t: u64) -> Result<()> {
        let ticks = clock.saturating_sub(self.clock);
        self.rent_index = add(self.rent_index, mul(self.total_rent, ticks)?)?;
        self.usage_index = add(
            self.usage_index,
            mul(u128::from(self.resource_used), ticks)?,
        )?;
        self.clock = self.clock.max(clock);
        self.at_ms = self.at_ms.max(t);
        Ok(())
    }

    /// Schedule `step`, replacing the node's earlier one (steps stay ordered by time).
    #[inline(never)]
    pub fn schedule(&mut self, step: RentStep) {
        self.unschedule(step.account);
        let mut at = 0;
        while at < self.steps.len() && self.steps[at].at_ms <= step.at_ms {
            at = at.saturating_add(1);
        }
        self.steps.insert(at, step);
    }

    /// Drop the node's scheduled step, if any.
    pub fn unschedule(&mut self, node_key: NodeKey) {
        if let Some(at) = self.steps.iter().position(|s| s.account == node_key) {
            self.steps.remove(at);
        }
    }

    /// Keep `points` for `provider`, who left at `now`, until the next distribution.
    pub fn depart(&mut self, provider: AccountId, points: u128, now: u64) -> Result<()> {
        if points == 0 {
            return Ok(());
        }
        match self.departed.iter_mut().find(|e| e.account == provider) {
            Some(entry) => {
                entry.amount = add(entry.amount, points)?;
                entry.at_ms = now;
            }
            None => self.departed.push(Entry {
                at_ms: now,
                account: provider,
                amount: points,
            }),
        }
        Ok(())
    }

    /// Move the total rent by `less` down and `more` up (either may be 0).
    #[inline(never)]
    pub fn reprice(&mut self, less: Balance, more: Balance) -> Result<()> {
        self.total_rent = self
            .total_rent
            .checked_sub(less)
            .and_then(|t| t.checked_add(more))
            .ok_or(Error::Overflow)?;
        Ok(())
    }
}

impl Core {
    /// The exchange-rate clock (one configuration read).
    pub(crate) fn clock(&self) -> Clock {
        let config = self.config();
        Clock {
            current: config.rate,
            earlier: config.rate_updates,
        }
    }

    /// The clock's reading at `t`, from the period in force then.
    pub(crate) fn clock_at(&self, clock: &Clock, t: u64) -> Result<u128> {
        if t >= clock.current.from_ms || clock.earlier == 0 {
            return clock.current.clock_at(t);
        }
        // The last earlier period that started at or before `t` (period 0 if none).
        let (mut low, mut high) = (0u32, clock.earlier);
        while high.saturating_sub(low) > 1 {
            let mid = low.saturating_add(high.saturating_sub(low) / 2);
            if self.rate_period(mid)?.from_ms <= t {
                low = mid;
            } else {
                high = mid;
            }
        }
        self.rate_period(low)?.clock_at(t)
    }

    fn rate_period(&self, index: u32) -> Result<RatePeriod> {
        self.rate_periods.get(index).ok_or(Error::Overflow)
    }

    /// Bring `ledger` one step towards `now`: apply its first due step and return it with the
    /// usage index at its time (for the node's earnings), or, when none is due, grow the
    /// indexes to `now` and return `None`. Changes only `ledger`.
    pub(crate) fn advance(
        &self,
        ledger: &mut Ledger,
        clock: &Clock,
        now: u64,
    ) -> Result<Option<(RentStep, u128)>> {
        let Some(step) = ledger.steps.first().copied().filter(|s| s.at_ms <= now) else {
            ledger.integrate(self.clock_at(clock, now)?, now)?;
            return Ok(None);
        };
        ledger.integrate(self.clock_at(clock, step.at_ms)?, step.at_ms)?;
        ledger.reprice(0, step.amount)?;
        ledger.steps.remove(0);
        Ok(Some((step, ledger.usage_index)))
    }
}

/// `a + b`, or `Overflow`.
pub fn add(a: u128, b: u128) -> Result<u128> {
    a.checked_add(b).ok_or(Error::Overflow)
}

/// `(amount × numerator + carry) / denominator` and its remainder, floored, without
/// overflowing while `denominator × numerator` and the quotient fit (`carry < denominator`).
#[inline(never)]
pub fn mul_div(
    amount: u128,
    numerator: u128,
    denominator: u128,
    carry: u128,
) -> Result<(u128, u128)> {
    let (whole, part) = div_rem(amount, denominator)?;
    let (extra, remainder) = div_rem(add(mul(part, numerator)?, carry)?, denominator)?;
    Ok((add(mul(whole, numerator)?, extra)?, remainder))
}

/// Native units a bucket of `resource` units owes for `delta` of its cluster's rent index, with
/// the carry from its last settlement; and the new carry.
pub fn rent_due(delta: u128, resource: u32, carry: u128) -> Result<(Balance, u128)> {
    mul_div(delta, u128::from(resource), RENT_DIVISOR, carry)
}

/// Points a contribution of `contribution` earns over `delta` of the usage index.
pub fn points(delta: u128, contribution: Balance) -> Result<u128> {
    Ok(mul_div(delta, contribution, u128::from(MONTH_MS), 0)?.0)
}

/// `pool × part / whole`, floored (0 when `whole` is 0); both shifted down until `whole` < 2^64 so the product fits.
pub fn share(pool: Balance, part: u128, whole: u128) -> Result<Balance> {
    if whole == 0 {
        return Ok(0);
    }
    let shift = 64u32.saturating_sub(whole.leading_zeros());
    let (part, whole) = (
        part.checked_shr(shift).unwrap_or(0),
        whole.checked_shr(shift).unwrap_or(0),
    );
    Ok(mul_div(pool, part, whole, 0)?.0)
}

/// Native units worth `usd` USD units at `usd_per_cere` (floor).
pub fn usd_to_native(usd: Balance, usd_per_cere: Balance) -> Result<Balance> {
    Ok(mul_div(usd, UNIT, usd_per_cere, 0)?.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ddc_types::{
        MAX_NODES_PER_CLUSTER, MAX_RENT_PER_MONTH, MAX_VNODES_PER_NODE, MIN_USD_PER_CERE,
    };

    #[test]
    fn constants_are_their_products() {
        assert_eq!(TICKS_PER_MS_AT_PAR, UNIT * PRICE_SCALE);
        assert_eq!(RENT_DIVISOR, u128::from(MONTH_MS) * PRICE_SCALE);
    }

    /// The largest cluster at the highest rent and the lowest rate for 100 years fits the rent
    /// index, and a bucket of any size settles it.
    #[test]
    fn hundred_years_at_the_limits_fit() {
        let hundred_years: u64 = 100 * 36_525 * 86_400_000 / 100;
        let period = RatePeriod {
            from_ms: 0,
            clock_from: 0,
            usd_per_cere: MIN_USD_PER_CERE,
        };
        let ticks = period.clock_at(hundred_years).unwrap();
        let vnodes = (MAX_NODES_PER_CLUSTER * MAX_VNODES_PER_NODE) as u128;
        let mut ledger = Ledger::new(0, 0);
        ledger.total_rent = vnodes * MAX_RENT_PER_MONTH;
        ledger.resource_used = u32::MAX;
        ledger.integrate(ticks, hundred_years).unwrap();
        let (due, carry) = rent_due(ledger.rent_index, u32::MAX, RENT_DIVISOR - 1).unwrap();
        assert!(due > 0 && carry < RENT_DIVISOR);
        let earned = points(ledger.usage_index, vnodes * MAX_RENT_PER_MONTH).unwrap();
        assert!(earned > 0);
        assert!(share(u128::MAX / 2, earned, earned).unwrap() == u128::MAX / 2);
    }

    #[test]
    fn reference_pricing_at_two_rates() {
        // 6 vnodes at 10 USD, r = 1: 5 ms cost 1 120 at 1 USD/CERE, 560 at 2 USD/CERE.
        for (rate, expected) in [(UNIT, 1_120), (2 * UNIT, 560)] {
            let period = RatePeriod {
                from_ms: 1_000,
                clock_from: 7,
                usd_per_cere: rate,
            };
            let mut ledger = Ledger::new(period.clock_at(1_000).unwrap(), 1_000);
            ledger.total_rent = 6 * 10 * UNIT;
            ledger
                .integrate(period.clock_at(1_005).unwrap(), 1_005)
                .unwrap();
            assert_eq!(rent_due(ledger.rent_index, 1, 0).unwrap().0, expected);
        }
    }

    #[test]
    fn share_splits_huge_points_in_proportion() {
        let whole = u128::MAX / 3;
        assert!((249..=250).contains(&share(1_000, whole / 4, whole).unwrap()));
        assert_eq!(share(1_000, 1, 4).unwrap(), 250);
        assert_eq!(share(1_000, 0, 4).unwrap(), 0);
        assert_eq!(share(0, 3, 4).unwrap(), 0);
    }

    #[test]
    fn mul_div_carries_the_remainder() {
        assert_eq!(mul_div(10, 3, 7, 0).unwrap(), (4, 2));
        assert_eq!(mul_div(10, 3, 7, 6).unwrap(), (5, 1));
        assert_eq!(mul_div(u128::MAX, 1, 1, 0).unwrap(), (u128::MAX, 0));
        assert_eq!(mul_div(1, 1, 0, 0), Err(Error::Overflow));
    }

    #[test]
    fn steps_stay_ordered_one_per_node() {
        let key = |b: u8| NodeKey::from([b; 32]);
        let mut ledger = Ledger::default();
        for (at, node) in [(30, 1), (10, 2), (20, 3), (5, 1)] {
            ledger.schedule(RentStep {
                at_ms: at,
                account: key(node),
                amount: 1,
            });
        }
        let order: Vec<(u64, NodeKey)> =
            ledger.steps.iter().map(|s| (s.at_ms, s.account)).collect();
        assert_eq!(order, vec![(5, key(1)), (10, key(2)), (20, key(3))]);
        ledger.unschedule(key(2));
        assert_eq!(ledger.steps.len(), 2);
    }

    #[test]
    fn departed_points_merge_per_provider() {
        let a = AccountId::from([1; 32]);
        let b = AccountId::from([2; 32]);
        let mut ledger = Ledger::default();
        ledger.depart(a, 5, 1).unwrap();
        ledger.depart(b, 0, 2).unwrap();
        ledger.depart(a, 7, 3).unwrap();
        assert_eq!(
            ledger.departed,
            vec![Entry {
                at_ms: 3,
                account: a,
                amount: 12
            }]
        );
    }
}
