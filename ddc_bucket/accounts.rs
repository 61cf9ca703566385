//! Accounts and rent: deposits, unbonding, the exchange rate, and settlement of bucket rent.
//!
//! Rent is priced in USD and converted at the rate in force while it accrued (see `rent.rs`):
//! a bucket with r units owes r × (its cluster's rent index now − at its last settlement) /
//! `RENT_DIVISOR` native units, floored with the remainder carried in the bucket, so settling
//! one bucket is O(1) and nothing is lost across settlements.
//!
//! Settlement takes from the owner's deposit, then from its unlocking chunks; what they cannot
//! cover is recorded as the bucket's debt and collected first at the next settlement.

use crate::bucket::Bucket;
use crate::cluster::Cluster;
use crate::core::{mul, Core};
use crate::events::{BucketSettled, Deposited, ExchangeRateSet, Unbonded, Withdrawn};
use crate::rent::{mul_div, rent_due, usd_to_native, Ledger, RatePeriod};
use ddc_types::{
    AccountId, AccountInfo, Balance, BucketId, ClusterId, Error, Permission, Result,
    UnlockingChunk, MAX_RATE_UPDATE_FACTOR, MAX_UNLOCKING_CHUNKS, MAX_USD_PER_CERE,
    MIN_RATE_UPDATE_INTERVAL_MS, MIN_USD_PER_CERE, MONTH_MS,
};
use ink::prelude::vec::Vec;

/// An account's stored money.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Account {
    pub deposit: Balance,
    pub unlocking: Vec<UnlockingChunk>,
    /// Σ of the debts of the buckets the account owns.
    pub debt: Balance,
}

impl Account {
    /// Take up to `amount`: from the deposit, then from the unlocking chunks released last.
    /// Returns what was taken.
    fn take(&mut self, amount: Balance) -> Balance {
        let from_deposit = amount.min(self.deposit);
        self.deposit = self.deposit.saturating_sub(from_deposit);
        let mut taken = from_deposit;
        while taken < amount {
            let Some(chunk) = self.unlocking.last_mut() else {
                break;
            };
            let part = amount.saturating_sub(taken).min(chunk.amount);
            chunk.amount = chunk.amount.saturating_sub(part);
            taken = taken.saturating_add(part);
            if chunk.amount == 0 {
                self.unlocking.pop();
            }
        }
        taken
    }

    /// Deposit plus unlocking funds.
    pub(crate) fn funds(&self) -> Balance {
        let mut funds = self.deposit;
        for chunk in &self.unlocking {
            funds = funds.saturating_add(chunk.amount);
        }
        funds
    }
}

/// The outcome of settling all of an account's buckets, not yet stored (`None`: a removed
/// cluster).
#[derive(Default)]
struct Settlement {
    buckets: Vec<(BucketId, Bucket)>,
    clusters: Vec<(ClusterId, Option<Cluster>)>,
    events: Vec<BucketSettled>,
}

/// Until when `funds` cover `due` now and `rent_per_month` (native) from `now` on.
pub fn covered_until(now: u64, funds: Balance, due: Balance, rent_per_month: Balance) -> u64 {
    let Some(left) = funds.checked_sub(due) else {
        return now;
    };
    if rent_per_month == 0 {
        return u64::MAX;
    }
    let ms = mul_div(left, u128::from(MONTH_MS), rent_per_month, 0).map_or(u128::MAX, |(ms, _)| ms);
    u64::try_from(ms).map_or(u64::MAX, |ms| now.saturating_add(ms))
}

/// What `bucket` owes under `ledger` (native, not settled; debt not included) and its rent per
/// month in USD.
#[inline(never)]
pub(crate) fn bucket_rent(bucket: &Bucket, ledger: &Ledger) -> Result<(Balance, Balance)> {
    let delta = ledger.rent_index.saturating_sub(bucket.rent_index_at);
    let (native, _) = rent_due(delta, bucket.resource_reserved, bucket.carry)?;
    Ok((
        native,
        mul(ledger.total_rent, Balance::from(bucket.resource_reserved))?,
    ))
}

/// What an owner's buckets cost, and until when given funds cover that and its debt.
pub struct OwnerRent {
    /// Rent per month in USD.
    pub usd_per_month: Balance,
    /// Rent per month in native units at the current rate.
    pub per_month: Balance,
    /// Rent accrued and not settled (native).
    pub accrued: Balance,
    /// Until when the funds given cover the accrued rent, the debt and the rent from now on.
    pub covered_until_ms: u64,
}

impl Core {
    /// The account's stored money (empty if it never deposited).
    pub(crate) fn account(&self, owner: AccountId) -> Account {
        self.accounts.get(owner).unwrap_or_default()
    }

    /// Store the account, or forget it when it holds nothing.
    pub(crate) fn store_account(&mut self, owner: AccountId, account: &Account) {
        if account.deposit == 0 && account.debt == 0 && account.unlocking.is_empty() {
            self.accounts.remove(owner);
        } else {
            self.accounts.insert(owner, account);
        }
    }

    /// Credit `amount` (transferred with the call) to `owner`'s deposit.
    pub fn account_deposit(&mut self, owner: AccountId, amount: Balance) -> Result<Deposited> {
        if amount == 0 {
            return Err(Error::ZeroAmount);
        }
        let mut account = self.account(owner);
        account.deposit = account.deposit.checked_add(amount).ok_or(Error::Overflow)?;
        self.store_account(owner, &account);
        Ok(Deposited {
            account: owner,
            amount,
            deposit: account.deposit,
        })
    }

    /// Settle `caller`'s buckets, then move `amount` of its deposit into an unlocking chunk
    /// released after the unbonding period.
    pub fn account_unbond(
        &mut self,
        caller: AccountId,
        amount: Balance,
        now: u64,
    ) -> Result<(Vec<BucketSettled>, Unbonded)> {
        if amount == 0 {
            return Err(Error::ZeroAmount);
        }
        let mut account = self.account(caller);
        let settlement = self.settle_all(caller, &mut account, now)?;
        if account.deposit < amount {
            return Err(Error::InsufficientDeposit);
        }
        if account.unlocking.len() >= MAX_UNLOCKING_CHUNKS {
            return Err(Error::TooManyUnlockingChunks);
        }
        let release_at_ms = now.saturating_add(self.config().unbonding_period_ms);
        account.deposit = account.deposit.saturating_sub(amount);
        account.unlocking.push(UnlockingChunk {
            amount,
            release_at_ms,
        });
        self.store_account(caller, &account);
        Ok((
            self.store_settlement(settlement),
            Unbonded {
                account: caller,
                amount,
                release_at_ms,
            },
        ))
    }

    /// Settle `caller`'s buckets, then remove its released chunks; returns the amount to pay out.
    pub fn account_withdraw_unbonded(
        &mut self,
        caller: AccountId,
        now: u64,
    ) -> Result<(Vec<BucketSettled>, Withdrawn)> {
        let mut account = self.account(caller);
        let settlement = self.settle_all(caller, &mut account, now)?;
        let mut amount: Balance = 0;
        let mut still_locked = Vec::new();
        for chunk in core::mem::take(&mut account.unlocking) {
            if chunk.release_at_ms <= now {
                amount = amount.checked_add(chunk.amount).ok_or(Error::Overflow)?;
            } else {
                still_locked.push(chunk);
            }
        }
        if amount == 0 {
            return Err(Error::NothingToWithdraw);
        }
        account.unlocking = still_locked;
        self.store_account(caller, &account);
        Ok((
            self.store_settlement(settlement),
            Withdrawn {
                account: caller,
                amount,
            },
        ))
    }

    /// Set the exchange rate (USD units per CERE) from `now` on; rent accrued before keeps
    /// the rate it accrued at. Holder of `SetExchangeRate` only; within the absolute bounds, at
    /// most [`MAX_RATE_UPDATE_FACTOR`] away from the current rate, and (after the first update)
    /// at least [`MIN_RATE_UPDATE_INTERVAL_MS`] after the previous one.
    pub fn account_set_usd_per_cere(
        &mut self,
        caller: AccountId,
        usd_per_cere: Balance,
        now: u64,
    ) -> Result<ExchangeRateSet> {
        self.require_permission(caller, Permission::SetExchangeRate)?;
        let mut config = self.config();
        let current = config.rate;
        let too_soon = config.rate_updates > 0
            && now < current.from_ms.saturating_add(MIN_RATE_UPDATE_INTERVAL_MS);
        let too_far = usd_per_cere.saturating_mul(MAX_RATE_UPDATE_FACTOR) < current.usd_per_cere
            || current.usd_per_cere.saturating_mul(MAX_RATE_UPDATE_FACTOR) < usd_per_cere;
        if too_soon || too_far || !(MIN_USD_PER_CERE..=MAX_USD_PER_CERE).contains(&usd_per_cere) {
            return Err(Error::InvalidExchangeRate);
        }
        let from_ms = now.max(current.from_ms);
        self.rate_periods.insert(config.rate_updates, &current);
        config.rate = RatePeriod {
            from_ms,
            clock_from: current.clock_at(from_ms)?,
            usd_per_cere,
        };
        config.rate_updates = config.rate_updates.checked_add(1).ok_or(Error::Overflow)?;
        self.config.set(&config);
        Ok(ExchangeRateSet {
            usd_per_cere,
            from_ms,
        })
    }

    /// Settle one bucket: anyone may call.
    pub fn bucket_settle_payment(
        &mut self,
        bucket_id: BucketId,
        now: u64,
    ) -> Result<BucketSettled> {
        let mut bucket = self.bucket(bucket_id)?;
        let mut cluster = self.bucket_cluster(&bucket, now)?;
        let mut account = self.account(bucket.owner);
        let event = self.settle(bucket_id, &mut bucket, cluster.as_mut(), &mut account)?;
        self.buckets.insert(bucket_id, &bucket);
        if let Some(cluster) = &cluster {
            self.clusters.insert(bucket.cluster_id, cluster);
        }
        self.store_account(bucket.owner, &account);
        Ok(event)
    }

    /// The bucket's cluster brought to `now` (see [`Core::cluster_at`]), or `None` when it was
    /// removed.
    pub(crate) fn bucket_cluster(&mut self, bucket: &Bucket, now: u64) -> Result<Option<Cluster>> {
        if !self.clusters.contains(bucket.cluster_id) {
            return Ok(None);
        }
        self.cluster_at(bucket.cluster_id, now).map(Some)
    }

    /// Settle `bucket` up to its `cluster`'s rent index (brought to now) against its owner's
    /// `account`, crediting the cluster. A bucket of a removed cluster (`None`) holds no
    /// resource; its debt is forgiven (nobody is left to pay it to). Changes only the values
    /// given; the caller stores them.
    pub(crate) fn settle(
        &self,
        bucket_id: BucketId,
        bucket: &mut Bucket,
        cluster: Option<&mut Cluster>,
        account: &mut Account,
    ) -> Result<BucketSettled> {
        let mut paid = 0;
        if let Some(cluster) = cluster {
            let ledger = &mut cluster.ledger;
            let delta = ledger.rent_index.saturating_sub(bucket.rent_index_at);
            let (native, carry) = rent_due(delta, bucket.resource_reserved, bucket.carry)?;
            let due = bucket.debt.checked_add(native).ok_or(Error::Overflow)?;
            paid = account.take(due);
            ledger.revenues = ledger.revenues.checked_add(paid).ok_or(Error::Overflow)?;
            account.debt = account
                .debt
                .saturating_sub(bucket.debt)
                .checked_add(due.saturating_sub(paid))
                .ok_or(Error::Overflow)?;
            bucket.debt = due.saturating_sub(paid);
            bucket.rent_index_at = ledger.rent_index;
            bucket.carry = carry;
        } else {
            account.debt = account.debt.saturating_sub(bucket.debt);
            bucket.debt = 0;
        }
        Ok(BucketSettled {
            bucket_id,
            cluster_id: bucket.cluster_id,
            owner: bucket.owner,
            paid,
            debt: bucket.debt,
        })
    }

    /// Settle every bucket `owner` owns (at most MAX_BUCKETS_PER_OWNER) against `account`: the
    /// buckets and clusters to store come back in the [`Settlement`].
    fn settle_all(
        &mut self,
        owner: AccountId,
        account: &mut Account,
        now: u64,
    ) -> Result<Settlement> {
        let (ids, _) = self.buckets_by_owner.all(owner);
        let mut settlement = Settlement::default();
        for bucket_id in ids {
            let mut bucket = self.bucket(bucket_id)?;
            let at = match settlement
                .clusters
                .iter()
                .position(|(id, _)| *id == bucket.cluster_id)
            {
                Some(at) => at,
                None => {
                    let cluster = self.bucket_cluster(&bucket, now)?;
                    settlement.clusters.push((bucket.cluster_id, cluster));
                    settlement.clusters.len().saturating_sub(1)
                }
            };
            let (_, cluster) = &mut settlement.clusters[at];
            let event = self.settle(bucket_id, &mut bucket, cluster.as_mut(), account)?;
            settlement.events.push(event);
            settlement.buckets.push((bucket_id, bucket));
        }
        Ok(settlement)
    }

    /// Store what [`Core::settle_all`] computed; returns its events.
    fn store_settlement(&mut self, settlement: Settlement) -> Vec<BucketSettled> {
        for (id, bucket) in &settlement.buckets {
            self.buckets.insert(*id, bucket);
        }
        for (id, cluster) in &settlement.clusters {
            if let Some(cluster) = cluster {
                self.clusters.insert(*id, cluster);
            }
        }
        settlement.events
    }

    /// What `owner`'s buckets cost as of `now`, and until when `funds` cover it and
    /// `account`'s debt; `changed` (a bucket and its cluster's ledger, not stored yet) stands
    /// in for the stored version of that bucket. Read-only.
    #[inline(never)]
    pub(crate) fn owner_rent(
        &self,
        owner: AccountId,
        account: &Account,
        funds: Balance,
        now: u64,
        changed: Option<(BucketId, &Bucket, &Ledger)>,
    ) -> Result<OwnerRent> {
        let (ids, _) = self.buckets_by_owner.all(owner);
        let clock = self.clock();
        let (mut usd_per_month, mut accrued): (Balance, Balance) = (0, 0);
        for bucket_id in ids {
            let loaded;
            let (bucket, ledger) = match changed {
                Some((id, bucket, ledger)) if id == bucket_id => (bucket, ledger),
                _ => {
                    let bucket = self.bucket(bucket_id)?;
                    if !self.clusters.contains(bucket.cluster_id) {
                        continue;
                    }
                    // One clock read for all the owner's buckets.
                    let ledger = self.cluster_view(bucket.cluster_id, &clock, now)?.ledger;
                    loaded = (bucket, ledger);
                    (&loaded.0, &loaded.1)
                }
            };
            let (native, usd) = bucket_rent(bucket, ledger)?;
            accrued = accrued.checked_add(native).ok_or(Error::Overflow)?;
            usd_per_month = usd_per_month.checked_add(usd).ok_or(Error::Overflow)?;
        }
        let per_month = usd_to_native(usd_per_month, clock.current.usd_per_cere)?;
        let due = accrued.checked_add(account.debt).ok_or(Error::Overflow)?;
        Ok(OwnerRent {
            usd_per_month,
            per_month,
            accrued,
            covered_until_ms: covered_until(now, funds, due, per_month),
        })
    }

    /// An account's money, its buckets' rent and what is due, as of `now`.
    pub fn account_get(&self, owner: AccountId, now: u64) -> Result<AccountInfo> {
        let account = self.account(owner);
        let rent = self.owner_rent(owner, &account, account.funds(), now, None)?;
        Ok(AccountInfo {
            rent_covered_until_ms: rent.covered_until_ms,
            rent_usd_per_month: rent.usd_per_month,
            rent_per_month: rent.per_month,
            accrued_due: rent.accrued,
            deposit: account.deposit,
            unlocking: account.unlocking,
            debt: account.debt,
        })
    }
}
