//! Stake history: per-account and total checkpoints, looked up by binary search.
//!
//! A checkpoint `{block, amount}` says "from the end of `block` on, the stake is `amount`"; the
//! value at block `b` is the amount of the latest checkpoint with `block ≤ b` (0 before the
//! first). A change in the same block as the latest checkpoint overwrites it, so there is at most
//! one checkpoint per block.
//!
//! **Per account** the checkpoints form a ring of [`ACCOUNT_CHECKPOINTS`] slots (storage per
//! account is bounded): the 33rd change overwrites the oldest checkpoint. A lookup at a block
//! older than every kept checkpoint answers 0: an account whose stake changed in more than 32
//! different blocks after a proposal's snapshot loses its vote on that proposal (it can never
//! gain weight this way). **The total** keeps its full history (one checkpoint per block with a
//! stake change at most), so `total_stake_at` answers for any block. Lookups first check the
//! newest checkpoint (the common case: nothing changed since the snapshot), then binary-search:
//! O(log n) storage reads, n ≤ 32 per account.

use crate::types::{BlockNumber, Error, Result, ACCOUNT_CHECKPOINTS, MAX_TOTAL_STAKE};
use ddc_types::{AccountId, Balance};
use ink::storage::{Lazy, Mapping};

/// The stake from the end of `block` on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, scale::Encode, scale::Decode)]
#[cfg_attr(
    feature = "std",
    derive(scale_info::TypeInfo, ink::storage::traits::StorageLayout)
)]
pub struct Checkpoint {
    pub block: BlockNumber,
    pub amount: Balance,
}

/// Every account's and the total stake history.
#[ink::storage_item]
#[derive(Debug, Default)]
pub struct Checkpoints {
    /// (account, ring slot) → checkpoint; slot = logical index mod [`ACCOUNT_CHECKPOINTS`].
    account: Mapping<(AccountId, u32), Checkpoint>,
    /// Checkpoints ever written per account (logical length; the newest is `len − 1`).
    account_len: Mapping<AccountId, u32>,
    /// Logical index → total checkpoint.
    total: Mapping<u32, Checkpoint>,
    total_len: Lazy<u32>,
}

/// The value at `block` among logical indices `first..len` read through `get`: newest first,
/// then binary search for the latest checkpoint with `block ≤ at`.
fn value_at(first: u32, len: u32, at: BlockNumber, get: impl Fn(u32) -> Checkpoint) -> Balance {
    let Some(last) = len.checked_sub(1) else {
        return 0;
    };
    let newest = get(last);
    if newest.block <= at {
        return newest.amount;
    }
    // Invariant: every index ≥ hi has block > at; answer = latest index < hi with block ≤ at.
    let (mut lo, mut hi) = (first, last);
    while lo < hi {
        let mid = lo.saturating_add(hi.saturating_sub(lo) / 2);
        if get(mid).block <= at {
            lo = mid.saturating_add(1);
        } else {
            hi = mid;
        }
    }
    // `lo` is the first index with block > at; the one before it (if kept) is the answer.
    match lo.checked_sub(1) {
        Some(index) if index >= first => get(index).amount,
        _ => 0,
    }
}

impl Checkpoints {
    fn slot(index: u32) -> u32 {
        index.checked_rem(ACCOUNT_CHECKPOINTS).unwrap_or_default()
    }

    fn account_checkpoint(&self, account: AccountId, index: u32) -> Checkpoint {
        self.account
            .get((account, Self::slot(index)))
            .unwrap_or_default()
    }

    fn total_checkpoint(&self, index: u32) -> Checkpoint {
        self.total.get(index).unwrap_or_default()
    }

    /// `account`'s stake now.
    pub fn stake_of(&self, account: AccountId) -> Balance {
        let len = self.account_len.get(account).unwrap_or_default();
        len.checked_sub(1)
            .map_or(0, |last| self.account_checkpoint(account, last).amount)
    }

    /// The total stake now.
    pub fn total_staked(&self) -> Balance {
        let len = self.total_len.get().unwrap_or_default();
        len.checked_sub(1)
            .map_or(0, |last| self.total_checkpoint(last).amount)
    }

    /// `account`'s stake at the end of block `at` (0 if that is older than its kept history).
    pub fn stake_at(&self, account: AccountId, at: BlockNumber) -> Balance {
        let len = self.account_len.get(account).unwrap_or_default();
        let first = len.saturating_sub(ACCOUNT_CHECKPOINTS);
        value_at(first, len, at, |index| {
            self.account_checkpoint(account, index)
        })
    }

    /// The total stake at the end of block `at`.
    pub fn total_at(&self, at: BlockNumber) -> Balance {
        let len = self.total_len.get().unwrap_or_default();
        value_at(0, len, at, |index| self.total_checkpoint(index))
    }

    /// Add `amount` to `account`'s stake in block `now`. Returns (new stake, new total).
    /// Errors: `Overflow` (the total would pass `MAX_TOTAL_STAKE`).
    pub fn increase(
        &mut self,
        account: AccountId,
        amount: Balance,
        now: BlockNumber,
    ) -> Result<(Balance, Balance)> {
        let total = self
            .total_staked()
            .checked_add(amount)
            .filter(|total| *total <= MAX_TOTAL_STAKE)
            .ok_or(Error::Overflow)?;
        // An account's stake is part of the total, so it cannot overflow either.
        let stake = self.stake_of(account).saturating_add(amount);
        self.write(account, stake, total, now)?;
        Ok((stake, total))
    }

    /// Take `amount` from `account`'s stake in block `now`. Returns (new stake, new total).
    /// Errors: `InsufficientStake`.
    pub fn decrease(
        &mut self,
        account: AccountId,
        amount: Balance,
        now: BlockNumber,
    ) -> Result<(Balance, Balance)> {
        let stake = self
            .stake_of(account)
            .checked_sub(amount)
            .ok_or(Error::InsufficientStake)?;
        let total = self.total_staked().saturating_sub(amount);
        self.write(account, stake, total, now)?;
        Ok((stake, total))
    }

    fn write(
        &mut self,
        account: AccountId,
        stake: Balance,
        total: Balance,
        now: BlockNumber,
    ) -> Result<()> {
        let len = self.account_len.get(account).unwrap_or_default();
        let index = Self::next_index(len, |last| self.account_checkpoint(account, last), now)?;
        self.account.insert(
            (account, Self::slot(index)),
            &Checkpoint {
                block: now,
                amount: stake,
            },
        );
        if index == len {
            self.account_len.insert(account, &len.saturating_add(1));
        }

        let len = self.total_len.get().unwrap_or_default();
        let index = Self::next_index(len, |last| self.total_checkpoint(last), now)?;
        self.total.insert(
            index,
            &Checkpoint {
                block: now,
                amount: total,
            },
        );
        if index == len {
            self.total_len.set(&len.saturating_add(1));
        }
        Ok(())
    }

    /// Where a checkpoint for block `now` goes: over the newest one if it is from `now`,
    /// else at the end (`len`).
    fn next_index(len: u32, get: impl Fn(u32) -> Checkpoint, now: BlockNumber) -> Result<u32> {
        match len.checked_sub(1) {
            Some(last) if get(last).block == now => Ok(last),
            _ if len == u32::MAX => Err(Error::Overflow),
            _ => Ok(len),
        }
    }

    /// Checkpoints `account` keeps (≤ [`ACCOUNT_CHECKPOINTS`]).
    pub fn account_checkpoints_kept(&self, account: AccountId) -> u32 {
        self.account_len
            .get(account)
            .unwrap_or_default()
            .min(ACCOUNT_CHECKPOINTS)
    }
}
