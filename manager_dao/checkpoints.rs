//! Stakes, delegation and voting-weight history: per-account and total checkpoints, looked up
//! by binary search.
//!
//! **Stake and delegation.** Each account has its own stake now (the tokens it locked) and a
//! delegate (itself by default, without a record). An account's **voting weight** is the sum of
//! the stakes delegated to it, kept as two parts:
//!
//! - **own**: its own stake while it delegates to itself, else 0. Only the account's own actions
//!   (its stake, unstake and delegate) change it;
//! - **received**: the sum of the stakes of the *other* accounts that delegate to it. Their
//!   stake, unstake and delegate change it.
//!
//! Staking and unstaking add and remove weight on the staker's current delegate (its own part
//! if that is itself, else the delegate's received part); delegating moves the delegator's whole
//! stake from its old delegate to the new one. Every staked token is in exactly one part of one
//! account's weight, so the weights of all accounts sum to the total stake at every block (the
//! same tokens never count twice).
//!
//! **Checkpoints.** A checkpoint `{block, amount}` says "from the end of `block` on, the value is
//! `amount`"; the value at block `b` is the amount of the latest checkpoint with `block ≤ b` (0
//! before the first). A change in the same block as the latest checkpoint overwrites it, so there
//! is at most one checkpoint per block. Changes are written at the current block and a proposal
//! reads weights at its snapshot (the block before its creation), so nothing done in a
//! proposal's creation block or later changes the weights it counts.
//!
//! **The total** keeps its full history (one checkpoint per block with a stake change at most),
//! so `total_at` is exact for any block.
//!
//! **Per account** each part has its own series of checkpoints, a ring of
//! [`ACCOUNT_CHECKPOINTS`] (32) slots: storage per account is bounded by 2 × 32 checkpoints,
//! 2 lengths, its stake and its delegate, whatever anyone does. A full ring must not simply drop
//! its oldest checkpoint: that could erase a weight at the snapshot of a live proposal. Instead,
//! when a checkpoint for a new block is appended to a full ring, the two oldest kept checkpoints
//! are **merged** into one with the older one's block and the *smaller* of the two amounts.
//! Hence, for each part of each account:
//!
//! - the 31 most recent checkpoints are exact, and a lookup at any block since the oldest of
//!   them is exact;
//! - a lookup at an older block, from the part's first checkpoint on (the merged span), answers
//!   the lowest value the part had over that span, i.e. from its first checkpoint until the
//!   oldest exact one. It never overstates the value (no token counts twice) and understates it
//!   only down to that minimum;
//! - before the part's first checkpoint the value was 0 and reads 0.
//!
//! **Who can make a lookup inexact.** The own part is written only by the account itself, so
//! its own stake at a snapshot is exact unless the account itself changed it (staked, unstaked
//! or delegated) in 31 or more blocks after that; nobody else can force a merge there. The
//! received part is written by whoever delegates to the account, so anyone with a staked token
//! can force merges in it (delegate the token to the account and back, one checkpoint per
//! block). A griefer who writes 31 or more checkpoints into a victim's received ring after a
//! proposal's snapshot makes the victim's received weight at that snapshot read as the lowest
//! received weight the victim had at any time from its first received delegation until the
//! griefing (e.g. only the first part of a delegation made in steps, or 0 if a delegator moved
//! away after the snapshot: those tokens then count for nobody on that proposal). The griefer
//! cannot raise any weight, cannot lower a received weight below that minimum, and cannot touch
//! the victim's own part.
//!
//! So an account's voting weight at a snapshot (own + received) never reads above the truth,
//! and never below its own stake there as long as the account itself did not change that in
//! 31 or more blocks since: whatever others do, a staker voting with its own stake keeps all of
//! it.
//!
//! Lookups first check the newest checkpoint (the common case: nothing changed since the
//! snapshot), then binary-search: O(log n) storage reads, n ≤ 32 per part of an account.

use crate::types::{BlockNumber, Error, Result, ACCOUNT_CHECKPOINTS, MAX_TOTAL_STAKE};
use ddc_types::{AccountId, Balance};
use ink::storage::Mapping;

/// The value from the end of `block` on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Checkpoint {
    pub block: BlockNumber,
    pub amount: Balance,
}

/// A checkpoint series: the total stake (full history) or one part of an account's voting
/// weight (a ring of [`ACCOUNT_CHECKPOINTS`] slots).
// scale's derive casts the variant index of a data-carrying variant with `as u8`, which the
// contract lint set denies; the cast is the derive's, bounded by the variant count.
#[allow(clippy::cast_possible_truncation)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, TypeInfo)]
enum Series {
    /// The total stake.
    Total,
    /// The account's own stake while it delegates to itself, else 0.
    Own(AccountId),
    /// The stakes other accounts delegate to the account.
    Received(AccountId),
}

/// The series `account`'s stake counts in while it delegates to `delegate`.
fn holder(account: AccountId, delegate: AccountId) -> Series {
    if delegate == account {
        Series::Own(account)
    } else {
        Series::Received(delegate)
    }
}

/// Every account's stake, delegate and voting-weight history, and the total stake history.
#[ink::storage_item]
#[derive(Debug, Default)]
pub struct Checkpoints {
    /// (series, slot) → checkpoint. In an account's series the slot is the logical index mod
    /// [`ACCOUNT_CHECKPOINTS`]; in the total's, the logical index.
    checkpoints: Mapping<(Series, u32), Checkpoint>,
    /// Checkpoints ever appended per series (logical length; the newest is `len − 1`).
    len: Mapping<Series, u32>,
    /// Each account's own stake now (absent: 0; one entry per account that ever staked).
    stake: Mapping<AccountId, Balance>,
    /// Each account's delegate (absent: itself; one entry per account that ever delegated).
    delegate: Mapping<AccountId, AccountId>,
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
    /// Where logical `index` of `series` is stored.
    fn slot(series: Series, index: u32) -> u32 {
        if series != Series::Total {
            index.checked_rem(ACCOUNT_CHECKPOINTS).unwrap_or_default()
        } else {
            index
        }
    }

    fn get(&self, series: Series, index: u32) -> Checkpoint {
        self.checkpoints
            .get((series, Self::slot(series, index)))
            .unwrap_or_default()
    }

    fn set(&mut self, series: Series, index: u32, checkpoint: Checkpoint) {
        self.checkpoints
            .insert((series, Self::slot(series, index)), &checkpoint);
    }

    fn len_of(&self, series: Series) -> u32 {
        self.len.get(series).unwrap_or_default()
    }

    /// The value of `series` now.
    fn now_of(&self, series: Series) -> Balance {
        self.len_of(series)
            .checked_sub(1)
            .map_or(0, |last| self.get(series, last).amount)
    }

    /// The value of `series` at the end of block `at` (see the module docs for the bound on
    /// merged account checkpoints).
    #[inline(never)]
    fn value_of(&self, series: Series, at: BlockNumber) -> Balance {
        let len = self.len_of(series);
        let first = if series != Series::Total {
            len.saturating_sub(ACCOUNT_CHECKPOINTS)
        } else {
            0
        };
        value_at(first, len, at, |index| self.get(series, index))
    }

    /// Record that `series` is `amount` from the end of block `now` on: over the newest
    /// checkpoint if it is from `now`, else appended (merging an account's two oldest kept
    /// checkpoints first when its ring is full).
    #[inline(never)]
    fn push(&mut self, series: Series, amount: Balance, now: BlockNumber) {
        let len = self.len_of(series);
        let checkpoint = Checkpoint { block: now, amount };
        if let Some(last) = len.checked_sub(1) {
            if self.get(series, last).block == now {
                self.set(series, last, checkpoint);
                return;
            }
        }
        if series != Series::Total && len >= ACCOUNT_CHECKPOINTS {
            // Kept: `first .. len`; slot(len) = slot(first). Merge `first` into `first + 1`.
            let first = len.saturating_sub(ACCOUNT_CHECKPOINTS);
            let oldest = self.get(series, first);
            let next = first.saturating_add(1);
            let merged = Checkpoint {
                block: oldest.block,
                amount: oldest.amount.min(self.get(series, next).amount),
            };
            self.set(series, next, merged);
        }
        self.set(series, len, checkpoint);
        // No overflow: at most one checkpoint per block, every earlier one from a block before
        // `now`, so len ≤ now < u32::MAX (`check_block`).
        self.len.insert(series, &len.saturating_add(1));
    }

    /// Stake and delegation changes are refused in block `u32::MAX` (where a series' length
    /// could overflow); checked before anything is written.
    fn check_block(now: BlockNumber) -> Result<()> {
        if now == BlockNumber::MAX {
            return Err(Error::Overflow);
        }
        Ok(())
    }

    /// Move `amount` of voting weight in block `now` from series `from` (`None`: newly staked)
    /// to series `to` (`None`: unstaked). Callers keep every series ≤ the total ≤
    /// `MAX_TOTAL_STAKE`, and a series ≥ any stake counted in it, so the saturating operations
    /// are exact.
    fn move_votes(
        &mut self,
        from: Option<Series>,
        to: Option<Series>,
        amount: Balance,
        now: BlockNumber,
    ) {
        if amount == 0 {
            return;
        }
        if let Some(from) = from {
            let votes = self.now_of(from).saturating_sub(amount);
            self.push(from, votes, now);
        }
        if let Some(to) = to {
            let votes = self.now_of(to).saturating_add(amount);
            self.push(to, votes, now);
        }
    }

    /// The series `account`'s stake counts in now.
    fn holder_of(&self, account: AccountId) -> Series {
        holder(account, self.delegate_of(account))
    }

    // ------------------------------------------------------------------ queries

    /// `account`'s own stake now.
    pub fn stake_of(&self, account: AccountId) -> Balance {
        self.stake.get(account).unwrap_or_default()
    }

    /// `account`'s delegate (itself unless it delegated to another account).
    pub fn delegate_of(&self, account: AccountId) -> AccountId {
        self.delegate.get(account).unwrap_or(account)
    }

    /// `account`'s voting weight now (the stakes delegated to it: own + received).
    pub fn votes_of(&self, account: AccountId) -> Balance {
        // No overflow: both parts are disjoint parts of the total (≤ `MAX_TOTAL_STAKE`).
        self.now_of(Series::Own(account))
            .saturating_add(self.now_of(Series::Received(account)))
    }

    /// `account`'s voting weight at the end of block `at`: [`Self::own_at`] +
    /// [`Self::received_at`]. Never more than the true weight; at least the account's own stake
    /// then unless the account itself changed that in 31 or more later blocks; the received part
    /// can be understated by anyone who forces merges into its ring (see the module docs).
    pub fn votes_at(&self, account: AccountId, at: BlockNumber) -> Balance {
        self.own_at(account, at)
            .saturating_add(self.received_at(account, at))
    }

    /// `account`'s own stake at the end of block `at` while it delegated to itself then, else 0.
    /// Exact since the oldest of the 31 most recent checkpoints of this part, which only the
    /// account's own stake, unstake and delegate write; the minimum over the older ones before.
    pub fn own_at(&self, account: AccountId, at: BlockNumber) -> Balance {
        self.value_of(Series::Own(account), at)
    }

    /// The stakes other accounts delegated to `account` at the end of block `at`. Exact since
    /// the oldest of the 31 most recent checkpoints of this part; the minimum over the older
    /// ones before (anyone delegating to the account can add checkpoints).
    pub fn received_at(&self, account: AccountId, at: BlockNumber) -> Balance {
        self.value_of(Series::Received(account), at)
    }

    /// The total stake now.
    pub fn total_staked(&self) -> Balance {
        self.now_of(Series::Total)
    }

    /// The total stake at the end of block `at`.
    pub fn total_at(&self, at: BlockNumber) -> Balance {
        self.value_of(Series::Total, at)
    }

    /// Checkpoints `account`'s weight keeps: (own, received), each ≤ [`ACCOUNT_CHECKPOINTS`].
    pub fn checkpoints_kept(&self, account: AccountId) -> (u32, u32) {
        let kept = |series| self.len_of(series).min(ACCOUNT_CHECKPOINTS);
        (kept(Series::Own(account)), kept(Series::Received(account)))
    }

    // ------------------------------------------------------------------ changes

    /// Add `amount` to `account`'s stake, and to its delegate's weight, in block `now`.
    /// Returns (new stake, new total).
    /// Errors: `Overflow` (the total would pass `MAX_TOTAL_STAKE`, or block `u32::MAX`).
    pub fn increase(
        &mut self,
        account: AccountId,
        amount: Balance,
        now: BlockNumber,
    ) -> Result<(Balance, Balance)> {
        Self::check_block(now)?;
        let total = self
            .total_staked()
            .checked_add(amount)
            .filter(|total| *total <= MAX_TOTAL_STAKE)
            .ok_or(Error::Overflow)?;
        // An account's stake is part of the total, so it cannot overflow either.
        let stake = self.stake_of(account).saturating_add(amount);
        self.stake.insert(account, &stake);
        self.move_votes(None, Some(self.holder_of(account)), amount, now);
        self.push(Series::Total, total, now);
        Ok((stake, total))
    }

    /// Take `amount` from `account`'s stake, and from its delegate's weight, in block `now`.
    /// Returns (new stake, new total). Errors: `InsufficientStake`, `Overflow` (block
    /// `u32::MAX`).
    pub fn decrease(
        &mut self,
        account: AccountId,
        amount: Balance,
        now: BlockNumber,
    ) -> Result<(Balance, Balance)> {
        Self::check_block(now)?;
        let stake = self
            .stake_of(account)
            .checked_sub(amount)
            .ok_or(Error::InsufficientStake)?;
        let total = self.total_staked().saturating_sub(amount);
        self.stake.insert(account, &stake);
        self.move_votes(Some(self.holder_of(account)), None, amount, now);
        self.push(Series::Total, total, now);
        Ok((stake, total))
    }

    /// Make `to` `account`'s delegate in block `now`, moving its whole stake's weight from the
    /// previous delegate (its own part if that was itself, else that one's received part) to
    /// `to` (likewise). Returns (previous delegate, weight moved = the stake).
    /// Errors: `AlreadyDelegated` (`to` already is the delegate), `Overflow` (block `u32::MAX`).
    pub fn delegate(
        &mut self,
        account: AccountId,
        to: AccountId,
        now: BlockNumber,
    ) -> Result<(AccountId, Balance)> {
        Self::check_block(now)?;
        let from = self.delegate_of(account);
        if from == to {
            return Err(Error::AlreadyDelegated);
        }
        // Kept even when `to == account` (a record that says "itself"): `Mapping::remove` would
        // cost code size for no gain in meaning.
        self.delegate.insert(account, &to);
        let weight = self.stake_of(account);
        self.move_votes(
            Some(holder(account, from)),
            Some(holder(account, to)),
            weight,
            now,
        );
        Ok((from, weight))
    }
}
