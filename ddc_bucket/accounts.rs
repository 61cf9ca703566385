//! Accounts and rent: deposits, unbonding, the exchange rate, and settlement of bucket rent.
//!
//! Rent is priced in USD. Each cluster keeps a cumulative rent index (Σ total_rent × elapsed ms);
//! a bucket with r units owes r × (index now − index at its last settlement) / MONTH_MS USD, so
//! a change of the cluster's composition or a node's rent re-prices every bucket from that moment
//! and settling one bucket is O(1). Both divisions (per month, then USD → native at the current
//! rate) floor and carry their remainder in the bucket, so nothing is lost across settlements.
//!
//! Settlement takes from the owner's deposit, then from its unlocking chunks; what they cannot
//! cover is recorded as the bucket's debt and collected first at the next settlement.

use crate::bucket::Bucket;
use crate::cluster::Cluster;
use crate::core::{div_rem, mul, Core};
use crate::events::{BucketSettled, Deposited, ExchangeRateSet, Unbonded, Withdrawn};
use ddc_types::{
    AccountId, AccountInfo, Balance, BucketId, Error, Permission, Result, UnlockingChunk,
    MAX_UNLOCKING_CHUNKS, MAX_USD_PER_CERE, MIN_USD_PER_CERE, MONTH_MS, UNIT,
};
use ink::prelude::vec::Vec;

/// An account's stored money.
#[derive(Debug, Clone, Default, PartialEq, Eq, scale::Encode, scale::Decode)]
#[cfg_attr(
    feature = "std",
    derive(scale_info::TypeInfo, ink::storage::traits::StorageLayout)
)]
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
    fn funds(&self) -> Balance {
        let mut funds = self.deposit;
        for chunk in &self.unlocking {
            funds = funds.saturating_add(chunk.amount);
        }
        funds
    }
}

/// The outcome of settling all of an account's buckets, not yet stored.
#[derive(Default)]
struct Settlement {
    buckets: Vec<(BucketId, Bucket)>,
    clusters: Vec<(ddc_types::ClusterId, Cluster)>,
    events: Vec<BucketSettled>,
}

/// What a bucket owes at some index, and the carries that settling leaves behind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Accrual {
    /// Native units due for rent (debt not included).
    pub native: Balance,
    /// The cluster's rent index the accrual runs to.
    pub index: u128,
    /// USD·ms remainder below one USD unit (< MONTH_MS).
    pub usd_carry: u128,
    /// USD×UNIT remainder below one native unit (< the rate).
    pub conv_carry: u128,
}

/// The cluster's rent index at `now`: Σ total_rent × ms since creation.
pub fn rent_index_at(cluster: &Cluster, now: u64) -> Result<u128> {
    let elapsed = now.saturating_sub(cluster.index_at_ms);
    let grown = mul(cluster.total_rent, u128::from(elapsed))?;
    cluster.rent_index.checked_add(grown).ok_or(Error::Overflow)
}

/// Bring the cluster's rent index to `now` (call before its total rent changes).
pub fn checkpoint(cluster: &mut Cluster, now: u64) -> Result<()> {
    cluster.rent_index = rent_index_at(cluster, now)?;
    cluster.index_at_ms = cluster.index_at_ms.max(now);
    Ok(())
}

/// What `bucket` owes up to rent index `index` at `usd_per_cere`.
pub fn accrue(bucket: &Bucket, index: u128, usd_per_cere: Balance) -> Result<Accrual> {
    let delta = index
        .checked_sub(bucket.rent_index_at)
        .ok_or(Error::Overflow)?;
    let usd_ms = mul(delta, u128::from(bucket.resource_reserved))?
        .checked_add(bucket.usd_carry)
        .ok_or(Error::Overflow)?;
    let (usd, usd_carry) = div_rem(usd_ms, u128::from(MONTH_MS))?;
    let scaled = mul(usd, UNIT)?
        .checked_add(bucket.conv_carry)
        .ok_or(Error::Overflow)?;
    let (native, conv_carry) = div_rem(scaled, usd_per_cere)?;
    Ok(Accrual {
        native,
        index,
        usd_carry,
        conv_carry,
    })
}

/// Native units worth `usd` USD units at `usd_per_cere` (floor).
pub fn usd_to_native(usd: Balance, usd_per_cere: Balance) -> Result<Balance> {
    Ok(div_rem(mul(usd, UNIT)?, usd_per_cere)?.0)
}

/// Until when `funds` cover `due` now and `rent_per_month` (native) from `now` on.
pub fn covered_until(now: u64, funds: Balance, due: Balance, rent_per_month: Balance) -> u64 {
    let Some(left) = funds.checked_sub(due) else {
        return now;
    };
    if rent_per_month == 0 {
        return u64::MAX;
    }
    let ms = mul(left, u128::from(MONTH_MS))
        .and_then(|scaled| div_rem(scaled, rent_per_month))
        .map_or(u128::MAX, |(ms, _)| ms);
    u64::try_from(ms).map_or(u64::MAX, |ms| now.saturating_add(ms))
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

    /// Set the exchange rate (USD units per CERE). Holder of `SetExchangeRate` only.
    pub fn account_set_usd_per_cere(
        &mut self,
        caller: AccountId,
        usd_per_cere: Balance,
    ) -> Result<ExchangeRateSet> {
        self.require_permission(caller, Permission::SetExchangeRate)?;
        if !(MIN_USD_PER_CERE..=MAX_USD_PER_CERE).contains(&usd_per_cere) {
            return Err(Error::InvalidExchangeRate);
        }
        let mut config = self.config();
        config.usd_per_cere = usd_per_cere;
        self.config.set(&config);
        Ok(ExchangeRateSet { usd_per_cere })
    }

    /// Settle one bucket: anyone may call.
    pub fn bucket_settle_payment(
        &mut self,
        bucket_id: BucketId,
        now: u64,
    ) -> Result<BucketSettled> {
        let mut bucket = self.bucket(bucket_id)?;
        let mut cluster = self.cluster(bucket.cluster_id)?;
        let mut account = self.account(bucket.owner);
        let event = self.settle(bucket_id, &mut bucket, &mut cluster, &mut account, now)?;
        self.buckets.insert(bucket_id, &bucket);
        self.clusters.insert(bucket.cluster_id, &cluster);
        self.store_account(bucket.owner, &account);
        Ok(event)
    }

    /// Settle `bucket` up to `now` against its owner's `account`, crediting `cluster` (the
    /// bucket's). Changes only the three values; the caller stores them.
    pub(crate) fn settle(
        &self,
        bucket_id: BucketId,
        bucket: &mut Bucket,
        cluster: &mut Cluster,
        account: &mut Account,
        now: u64,
    ) -> Result<BucketSettled> {
        let usd_per_cere = self.config().usd_per_cere;
        let accrual = accrue(bucket, rent_index_at(cluster, now)?, usd_per_cere)?;
        let due = bucket
            .debt
            .checked_add(accrual.native)
            .ok_or(Error::Overflow)?;
        let paid = account.take(due);
        let debt = due.saturating_sub(paid);
        account.debt = account
            .debt
            .saturating_sub(bucket.debt)
            .checked_add(debt)
            .ok_or(Error::Overflow)?;
        cluster.revenues = cluster.revenues.checked_add(paid).ok_or(Error::Overflow)?;
        bucket.debt = debt;
        bucket.rent_index_at = accrual.index;
        bucket.usd_carry = accrual.usd_carry;
        bucket.conv_carry = accrual.conv_carry;
        Ok(BucketSettled {
            bucket_id,
            cluster_id: bucket.cluster_id,
            owner: bucket.owner,
            paid,
            debt,
        })
    }

    /// Settle every bucket `owner` owns (at most MAX_BUCKETS_PER_OWNER) against `account`,
    /// without writing: the buckets and clusters to store come back in the [`Settlement`].
    fn settle_all(&self, owner: AccountId, account: &mut Account, now: u64) -> Result<Settlement> {
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
                    let cluster = self.cluster(bucket.cluster_id)?;
                    settlement.clusters.push((bucket.cluster_id, cluster));
                    settlement.clusters.len().saturating_sub(1)
                }
            };
            let (_, cluster) = &mut settlement.clusters[at];
            let event = self.settle(bucket_id, &mut bucket, cluster, account, now)?;
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
            self.clusters.insert(*id, cluster);
        }
        settlement.events
    }

    /// An account's money, its buckets' rent and what is due, as of `now`.
    pub fn account_get(&self, owner: AccountId, now: u64) -> Result<AccountInfo> {
        let account = self.account(owner);
        let usd_per_cere = self.config().usd_per_cere;
        let (ids, _) = self.buckets_by_owner.all(owner);
        let (mut rent_usd, mut accrued): (Balance, Balance) = (0, 0);
        for bucket_id in ids {
            let bucket = self.bucket(bucket_id)?;
            let cluster = self.cluster(bucket.cluster_id)?;
            let accrual = accrue(&bucket, rent_index_at(&cluster, now)?, usd_per_cere)?;
            accrued = accrued.checked_add(accrual.native).ok_or(Error::Overflow)?;
            rent_usd = mul(cluster.total_rent, Balance::from(bucket.resource_reserved))?
                .checked_add(rent_usd)
                .ok_or(Error::Overflow)?;
        }
        let rent_per_month = usd_to_native(rent_usd, usd_per_cere)?;
        let due = accrued.checked_add(account.debt).ok_or(Error::Overflow)?;
        Ok(AccountInfo {
            rent_covered_until_ms: covered_until(now, account.funds(), due, rent_per_month),
            deposit: account.deposit,
            unlocking: account.unlocking,
            rent_usd_per_month: rent_usd,
            rent_per_month,
            accrued_due: accrued,
            debt: account.debt,
        })
    }
}
