//! The multisig's vocabulary: actions, votes, proposals, states, configuration, errors and
//! bounds (the DAO's counterpart is `manager_dao::types`; what both share is in `manager_kit`).

// scale's derive casts the variant index of a data-carrying variant with `as u8`, which the
// contract lint set denies; the cast is the derive's, bounded by the variant count.
#![allow(clippy::cast_possible_truncation)]

use ddc_types::{AccountId, Balance, ClusterAction, CoreCallError};
use ink::prelude::vec::Vec;
use ink::primitives::Hash;
pub use manager_kit::{ProposalId, MAX_PROPOSAL_PAGE as MAX_PAGE_LIMIT};

/// Configuration epoch: bumped by every change of signers or threshold.
pub type Epoch = u32;

/// Most signers a multisig may have.
pub const MAX_SIGNERS: usize = 32;
/// Most live proposals one signer may have open at once.
pub const MAX_OPEN_PER_SIGNER: usize = 8;
/// Most live proposals open at once in the current epoch, all signers together.
pub const MAX_OPEN_PROPOSALS: usize = 64;
/// Shortest proposal lifetime: one minute.
pub const MIN_LIFETIME_MS: u64 = 60_000;
/// Longest proposal lifetime: 90 days.
pub const MAX_LIFETIME_MS: u64 = 90 * 24 * 3_600_000;
/// Longest cluster params a `ChangeParams` proposal may carry (keeps proposal pages in ink!'s
/// 16 KiB output buffer).
pub const MAX_ACTION_PARAMS_LEN: usize = 1024;

/// What a proposal does when executed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub enum Action {
    /// A cluster decision, sent to the core as a cross-contract call.
    Cluster(ClusterAction),
    /// Add a signer (bumps the epoch).
    AddSigner(AccountId),
    /// Remove a signer; at least `threshold` signers and one signer remain (bumps the epoch).
    RemoveSigner(AccountId),
    /// Replace signer `old` by `new` in place (bumps the epoch).
    ReplaceSigner { old: AccountId, new: AccountId },
    /// Set the threshold to 1 ..= number of signers (bumps the epoch).
    ChangeThreshold(u32),
    /// Set the default lifetime of new proposals, in ms.
    SetLifetime(u64),
    /// Pin calls to the core to its code hash, or unpin (`None`).
    SetCorePin(Option<Hash>),
    /// Pay `amount` of the multisig's own balance (e.g. cluster management fees the core paid
    /// it) to `to`.
    Transfer { to: AccountId, amount: Balance },
    /// As guardian of the DAO at `dao`, call its `veto(proposal)` (a passed DAO proposal inside
    /// its execution delay never executes). `dao` may be neither the multisig nor the core.
    VetoDaoProposal {
        dao: AccountId,
        proposal: ProposalId,
    },
}

/// A signer's standing vote on a proposal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub enum Vote {
    Approve,
    Reject,
}

/// Where a proposal stands. Stored are `Pending` (open), `Executed`, `Rejected` and
/// `Cancelled`; `Approved`, `Expired` and `Stale` are derived from the approvals, the time and
/// the epoch whenever a proposal is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub enum ProposalState {
    /// Open, fewer approvals than the threshold.
    Pending,
    /// Open with enough approvals: anyone may execute it.
    Approved,
    /// Executed (terminal).
    Executed,
    /// So many signers rejected it that the threshold is out of reach (terminal).
    Rejected,
    /// Withdrawn by its proposer (terminal).
    Cancelled,
    /// Its lifetime ended before it was executed.
    Expired,
    /// Signers or threshold changed after it was made: it can no longer pass.
    Stale,
}

/// A proposal as stored and reported (`state` is the derived state when reported).
#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Proposal {
    pub proposer: AccountId,
    pub action: Action,
    /// The configuration epoch it belongs to.
    pub epoch: Epoch,
    pub created_at_ms: u64,
    /// It can be executed before this time only.
    pub expires_at_ms: u64,
    pub approvals: u32,
    pub rejections: u32,
    /// Bit i: the epoch's signer i approves.
    pub approved_by: u32,
    /// Bit i: the epoch's signer i rejects.
    pub rejected_by: u32,
    pub state: ProposalState,
}

impl Proposal {
    /// The standing vote of the signer whose bit is `bit`.
    #[inline(never)]
    pub(crate) fn vote(&self, bit: u32) -> Option<Vote> {
        if self.approved_by & bit != 0 {
            Some(Vote::Approve)
        } else if self.rejected_by & bit != 0 {
            Some(Vote::Reject)
        } else {
            None
        }
    }

    /// Record `vote` (or none) for the signer whose bit is `bit` and recount.
    #[inline(never)]
    pub(crate) fn set_vote(&mut self, bit: u32, vote: Option<Vote>) {
        self.approved_by &= !bit;
        self.rejected_by &= !bit;
        match vote {
            Some(Vote::Approve) => self.approved_by |= bit,
            Some(Vote::Reject) => self.rejected_by |= bit,
            None => {}
        }
        self.approvals = self.approved_by.count_ones();
        self.rejections = self.rejected_by.count_ones();
    }
}

/// The multisig's configuration and counters.
#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Config {
    /// The core contract (`ddc_bucket`) the cluster actions go to.
    pub registry: AccountId,
    /// When set, cluster actions execute only while the core's code hash equals it.
    pub core_code_hash: Option<Hash>,
    /// 1 ..= [`MAX_SIGNERS`] distinct accounts.
    pub signers: Vec<AccountId>,
    /// Approvals needed: 1 ..= number of signers.
    pub threshold: u32,
    pub epoch: Epoch,
    /// Lifetime of a proposal made without one, in ms.
    pub default_lifetime_ms: u64,
    /// The id the next proposal gets.
    pub next_id: ProposalId,
}

/// Errors of the multisig.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub enum Error {
    /// The caller is not a signer.
    NotSigner,
    /// No signers, more than [`MAX_SIGNERS`], or a signer listed twice.
    InvalidSigners,
    /// A threshold of 0 or above the number of signers.
    InvalidThreshold,
    /// A lifetime outside [`MIN_LIFETIME_MS`] ..= [`MAX_LIFETIME_MS`].
    InvalidLifetime,
    /// The core address is this contract itself.
    RegistryIsSelf,
    /// The core address holds no contract (pinning needs its code hash).
    RegistryNotAContract,
    /// The account is already a signer.
    AlreadySigner,
    /// The account is not a signer.
    UnknownSigner,
    /// The change would leave no signer.
    LastSigner,
    /// The change would leave fewer signers than the threshold (lower the threshold first).
    ThresholdAboveSigners,
    /// A cluster action outside the bounds: no or too many vnodes, params too long.
    ActionOutOfBounds,
    /// No proposal with this id.
    ProposalNotFound,
    /// The proposal was executed, rejected or cancelled.
    ProposalClosed,
    /// The proposal's lifetime ended.
    ProposalExpired,
    /// Signers or threshold changed since the proposal was made.
    ProposalStale,
    /// The proposal has fewer approvals than the threshold.
    NotApproved,
    /// The caller already approved this proposal.
    AlreadyApproved,
    /// The caller already rejected this proposal.
    AlreadyRejected,
    /// The caller has no approval on this proposal to revoke.
    NoApprovalToRevoke,
    /// Only the proposer may cancel.
    OnlyProposer,
    /// Another signer approved the proposal: it can no longer be cancelled.
    ApprovedByOthers,
    /// The caller already has [`MAX_OPEN_PER_SIGNER`] live proposals.
    TooManyOpenProposals,
    /// [`MAX_OPEN_PROPOSALS`] live proposals are open (see `prune`).
    TooManyProposals,
    /// A page limit above [`MAX_PAGE_LIMIT`].
    PageLimitTooLarge,
    /// A counter or time would overflow.
    Overflow,
    /// The runtime refused a `Transfer` (e.g. the balance is too low); the proposal stays
    /// executable.
    TransferFailed,
    /// The cross-contract call to the core failed; the proposal stays executable.
    CoreCall(CoreCallError),
}

/// Result of the multisig's messages.
pub type Result<T> = core::result::Result<T, Error>;
