//! The DAO's vocabulary: settings and their bounds, actions, votes, proposals, states, errors.
//!
//! **Units:** every delay, period and window is a number of **blocks**, like the snapshot
//! (a block number). Time-driven state changes (Pending → Active → Defeated/Succeeded →
//! Executable → Expired) are computed from the current block; nothing has to be called for them.

// scale's derive casts the variant index of a data-carrying variant with `as u8`, which the
// contract lint set denies; the cast is the derive's, bounded by the variant count.
#![allow(clippy::cast_possible_truncation)]

use ddc_types::{AccountId, Balance, ClusterAction, CoreCallError};
use ink::primitives::Hash;

/// Block numbers (the environment's `BlockNumber`).
pub type BlockNumber = u32;
/// Proposal id (sequential from 0, never reused) and the page limit of `proposals` (a larger
/// limit is `PageLimitTooLarge`): the same in both managers.
pub use manager_kit::{ProposalId, MAX_PROPOSAL_PAGE as MAX_PAGE};

/// Longest delay, period or window a setting may hold: 432 000 blocks (30 days at 6 s).
pub const MAX_BLOCKS: BlockNumber = 432_000;
/// Basis points in one whole.
pub const BP: u32 = 10_000;
/// Lowest approval threshold: a proposal needs strictly more than half of For + Against.
pub const MIN_APPROVAL_THRESHOLD_BP: u32 = 5_000;
/// Highest approval threshold (strictly more than 99.99 % of For + Against).
pub const MAX_APPROVAL_THRESHOLD_BP: u32 = 9_999;
/// Longest proposal description, in bytes (it is emitted, not stored).
pub const MAX_DESCRIPTION_LEN: usize = 1_024;
/// Voting-weight checkpoints kept per part of an account's weight (own and received; each a
/// ring whose two oldest checkpoints merge when full, see [`crate::checkpoints`]).
pub const ACCOUNT_CHECKPOINTS: u32 = 32;
/// Most stake the DAO holds in total, so that every basis-point product fits in a `u128`.
pub const MAX_TOTAL_STAKE: Balance = u128::MAX / 10_000;

/// Governance settings, all bounded; each proposal keeps a frozen copy of the settings in force
/// when it was created.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Settings {
    /// Blocks from creation until voting opens (0 ..= MAX_BLOCKS).
    pub voting_delay: BlockNumber,
    /// Blocks voting stays open (1 ..= MAX_BLOCKS).
    pub voting_period: BlockNumber,
    /// Share of the total stake at the snapshot that For + Abstain must reach (1 ..= 10 000 bp).
    pub quorum_bp: u32,
    /// A proposal passes when For is strictly more than this share of For + Against
    /// (5 000 ..= 9 999 bp).
    pub approval_threshold_bp: u32,
    /// `quorum_bp` of critical proposals (see [`Action::is_critical`]):
    /// `quorum_bp ..= 10 000` bp.
    pub critical_quorum_bp: u32,
    /// `approval_threshold_bp` of critical proposals:
    /// `approval_threshold_bp ..= 9 999` bp.
    pub critical_approval_threshold_bp: u32,
    /// Voting weight (delegated to the proposer) at the snapshot a proposer needs (≥ 1).
    pub proposal_threshold: Balance,
    /// Blocks between the end of voting and the start of execution; the guardian may veto
    /// during them (0 ..= MAX_BLOCKS).
    pub execution_delay: BlockNumber,
    /// Blocks execution stays possible after the delay (1 ..= MAX_BLOCKS).
    pub execution_window: BlockNumber,
    /// Late-quorum protection: when a vote first reaches quorum with at most this many blocks
    /// of voting left, voting is extended (once) to end this many blocks after that vote's
    /// block (0 disables; ≤ MAX_BLOCKS).
    pub late_quorum_extension: BlockNumber,
}

impl Settings {
    /// Whether every field is within its bounds.
    pub fn is_valid(&self) -> bool {
        self.voting_delay <= MAX_BLOCKS
            && (1..=MAX_BLOCKS).contains(&self.voting_period)
            && (1..=BP).contains(&self.quorum_bp)
            && (self.quorum_bp..=BP).contains(&self.critical_quorum_bp)
            && (MIN_APPROVAL_THRESHOLD_BP..=MAX_APPROVAL_THRESHOLD_BP)
                .contains(&self.approval_threshold_bp)
            && (self.approval_threshold_bp..=MAX_APPROVAL_THRESHOLD_BP)
                .contains(&self.critical_approval_threshold_bp)
            && self.proposal_threshold >= 1
            && self.execution_delay <= MAX_BLOCKS
            && (1..=MAX_BLOCKS).contains(&self.execution_window)
            && self.late_quorum_extension <= MAX_BLOCKS
    }
}

/// What a proposal does when executed. Critical actions ([`Action::is_critical`]) need the
/// critical quorum and approval threshold.
#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub enum Action {
    /// A typed cluster action, sent to the registry (the core) as a cross-contract call.
    Cluster(ClusterAction),
    /// Replace the settings (applies to proposals created afterwards only).
    UpdateSettings(Settings),
    /// Set or clear the guardian.
    SetGuardian(Option<AccountId>),
    /// Pin the core's code hash (`execute` refuses to call a core with another code), or unpin.
    SetCorePin(Option<Hash>),
    /// Pay `amount` of the DAO's own native balance (e.g. the cluster management fees the core
    /// pays its manager) to `to`. Staked tokens are PSP22 balances and never move this way.
    Transfer { to: AccountId, amount: Balance },
}

impl Action {
    /// Whether the action is critical: it hands a cluster to another manager
    /// (`Cluster(TransferManager)`), changes the DAO's own rules or checks (`UpdateSettings`,
    /// `SetGuardian`, `SetCorePin`) or pays out the DAO's funds (`Transfer`). A critical
    /// proposal is judged by `critical_quorum_bp` and `critical_approval_threshold_bp`.
    pub fn is_critical(&self) -> bool {
        match self {
            Self::Cluster(cluster_action) => {
                matches!(cluster_action, ClusterAction::TransferManager { .. })
            }
            // Every self action and the transfer (and any future variant) is critical.
            _ => true,
        }
    }
}

/// A voter's choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub enum VoteType {
    For,
    Against,
    Abstain,
}

/// Where a proposal stands (computed from its record and the current block).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub enum ProposalState {
    /// Created; voting not open yet. The proposer may cancel.
    Pending,
    /// Voting is open.
    Active,
    /// Voting ended without quorum or approval.
    Defeated,
    /// Passed; inside the execution delay (the guardian may veto).
    Succeeded,
    /// Passed and the delay is over: anyone may execute until the window ends.
    Executable,
    /// Executed (terminal).
    Executed,
    /// Passed but not executed within the window (terminal).
    Expired,
    /// Cancelled by its proposer while Pending (terminal).
    Cancelled,
    /// Vetoed by the guardian during the execution delay (terminal).
    Vetoed,
}

impl ProposalState {
    /// Pending, Active, Succeeded or Executable: the proposal holds its proposer's slot (one
    /// live proposal per proposer).
    pub fn is_live(self) -> bool {
        matches!(
            self,
            Self::Pending | Self::Active | Self::Succeeded | Self::Executable
        )
    }
}

/// The stored part of a proposal's state; the rest follows from the block number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub enum Status {
    Open,
    Executed,
    Cancelled,
    Vetoed,
}

/// A proposal's record (its action is stored apart).
#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Proposal {
    pub proposer: AccountId,
    /// Weights and the quorum base are read at the end of this block (creation block − 1).
    pub snapshot: BlockNumber,
    /// First block of voting.
    pub vote_start: BlockNumber,
    /// First block after voting (may move once, by late-quorum protection).
    pub vote_end: BlockNumber,
    /// Whether late-quorum protection already extended the voting.
    pub extended: bool,
    /// The settings in force at creation.
    pub settings: Settings,
    /// Whether the action is critical (fixed at creation): quorum and approval then use
    /// `critical_quorum_bp` and `critical_approval_threshold_bp` of `settings`.
    pub critical: bool,
    /// Total stake at the snapshot.
    pub quorum_base: Balance,
    pub for_votes: Balance,
    pub against_votes: Balance,
    pub abstain_votes: Balance,
    pub status: Status,
}

impl Proposal {
    /// The quorum and approval threshold (bp) that apply: the critical pair for a critical
    /// proposal.
    fn thresholds(&self) -> (u32, u32) {
        let s = &self.settings;
        if self.critical {
            (s.critical_quorum_bp, s.critical_approval_threshold_bp)
        } else {
            (s.quorum_bp, s.approval_threshold_bp)
        }
    }

    /// For + Abstain reach the applicable quorum (`quorum_bp`, or `critical_quorum_bp` for a
    /// critical proposal) of the total stake at the snapshot.
    #[inline(never)]
    pub fn quorum_reached(&self) -> bool {
        // Products fit: every weight and the base are ≤ MAX_TOTAL_STAKE = u128::MAX / 10 000.
        self.for_votes
            .saturating_add(self.abstain_votes)
            .saturating_mul(Balance::from(BP))
            >= self
                .quorum_base
                .saturating_mul(Balance::from(self.thresholds().0))
    }

    /// For is strictly more than the applicable approval threshold (`approval_threshold_bp`, or
    /// `critical_approval_threshold_bp` for a critical proposal) of For + Against.
    #[inline(never)]
    pub fn approved(&self) -> bool {
        self.for_votes.saturating_mul(Balance::from(BP))
            > self
                .for_votes
                .saturating_add(self.against_votes)
                .saturating_mul(Balance::from(self.thresholds().1))
    }

    /// First block in which the proposal may be executed (if it passed).
    pub fn executable_from(&self) -> BlockNumber {
        self.vote_end.saturating_add(self.settings.execution_delay)
    }

    /// First block in which a passed, unexecuted proposal is Expired.
    pub fn expires_at(&self) -> BlockNumber {
        self.executable_from()
            .saturating_add(self.settings.execution_window)
    }

    /// The state at block `now`.
    pub fn state(&self, now: BlockNumber) -> ProposalState {
        match self.status {
            Status::Executed => ProposalState::Executed,
            Status::Cancelled => ProposalState::Cancelled,
            Status::Vetoed => ProposalState::Vetoed,
            Status::Open if now < self.vote_start => ProposalState::Pending,
            Status::Open if now < self.vote_end => ProposalState::Active,
            Status::Open if !(self.quorum_reached() && self.approved()) => ProposalState::Defeated,
            Status::Open if now < self.executable_from() => ProposalState::Succeeded,
            Status::Open if now < self.expires_at() => ProposalState::Executable,
            Status::Open => ProposalState::Expired,
        }
    }
}

/// A proposal as queries report it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub struct ProposalInfo {
    pub id: ProposalId,
    pub state: ProposalState,
    pub proposal: Proposal,
}

/// The DAO's configuration as `config` reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Config {
    /// The core (`ddc_bucket`) the DAO manages clusters of.
    pub registry: AccountId,
    /// The PSP22 token staked for voting weight.
    pub token: AccountId,
    /// Settings for new proposals.
    pub settings: Settings,
    /// May veto passed proposals during their execution delay.
    pub guardian: Option<AccountId>,
    /// When set, cluster actions execute only against a core with this code hash.
    pub core_code_hash: Option<Hash>,
}

/// Errors of the DAO. A message that returns one changes nothing and emits nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub enum Error {
    /// A setting is out of its bounds.
    InvalidSettings,
    /// Registry equals token, or either is the DAO itself, or (pinned) the registry has no code.
    InvalidAddresses,
    /// A zero stake or unstake.
    ZeroAmount,
    /// Unstaking more than the caller's stake.
    InsufficientStake,
    /// Delegating to the account that already is the caller's delegate.
    AlreadyDelegated,
    /// Arithmetic overflow (total stake above `MAX_TOTAL_STAKE`, a block-0 proposal, or a
    /// stake or delegation change in block `u32::MAX`).
    Overflow,
    /// The token refused or failed a transfer (any of its three result layers).
    TokenTransferFailed,
    /// The action is out of bounds (vnodes, params, settings) or the description too long.
    InvalidAction,
    /// The proposer's voting weight at the snapshot is below the proposal threshold.
    BelowProposalThreshold,
    /// The proposer already has a live proposal.
    ProposerHasLiveProposal,
    /// No proposal with that id.
    ProposalNotFound,
    /// A `proposals` page limit above [`MAX_PAGE`].
    PageLimitTooLarge,
    /// The proposal's state does not allow this (the current state is given).
    InvalidState(ProposalState),
    /// The caller already voted on this proposal.
    AlreadyVoted,
    /// The caller had no voting weight (delegated to it) at the proposal's snapshot.
    NoVotingPower,
    /// Only the proposer may do this.
    OnlyProposer,
    /// Only the guardian may do this.
    OnlyGuardian,
    /// The runtime refused a `Transfer` (e.g. the balance is too low); the proposal stays
    /// Executable.
    TransferFailed,
    /// The cluster action's call to the core failed; the proposal stays Executable.
    CoreCall(CoreCallError),
}

/// Result of a DAO message.
pub type Result<T> = core::result::Result<T, Error>;
