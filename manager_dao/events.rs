//! Events of the DAO: one per state change, ids as topics, amounts and new totals included.
//!
//! Time-driven state changes (Pending → Active → Defeated/Succeeded → Executable → Expired) are
//! not transactions and emit nothing; their blocks follow from `ProposalCreated` (and the
//! `vote_end` of `VoteCast`) and the frozen settings.

use crate::types::{Action, BlockNumber, Config, ProposalId, ProposalState, VoteType};
use ddc_types::{AccountId, Balance};
use ink::prelude::string::String;

/// Tokens were staked: `amount` pulled from `account`; its new stake and the new total.
#[ink::event]
#[cfg_attr(feature = "std", derive(Debug, PartialEq, Eq))]
pub struct Staked {
    #[ink(topic)]
    pub account: AccountId,
    pub amount: Balance,
    pub stake: Balance,
    pub total_staked: Balance,
}

/// Tokens were unstaked: `amount` paid back to `account`; its new stake and the new total.
#[ink::event]
#[cfg_attr(feature = "std", derive(Debug, PartialEq, Eq))]
pub struct Unstaked {
    #[ink(topic)]
    pub account: AccountId,
    pub amount: Balance,
    pub stake: Balance,
    pub total_staked: Balance,
}

/// `delegator` moved its voting weight from its delegate `from` to `to` (itself when it takes
/// its weight back). `weight` is its stake, moved from `from`'s voting weight to `to`'s from the
/// next block's proposals on (0: only the choice was recorded; future stake follows it).
#[ink::event]
#[cfg_attr(feature = "std", derive(Debug, PartialEq, Eq))]
pub struct DelegateChanged {
    #[ink(topic)]
    pub delegator: AccountId,
    pub from: AccountId,
    #[ink(topic)]
    pub to: AccountId,
    pub weight: Balance,
}

/// A proposal was created (state Pending, or Active when the voting delay is 0).
#[ink::event]
#[cfg_attr(feature = "std", derive(Debug, PartialEq, Eq))]
pub struct ProposalCreated {
    #[ink(topic)]
    pub id: ProposalId,
    #[ink(topic)]
    pub proposer: AccountId,
    pub action: Action,
    /// Whether the action is critical (judged by the critical quorum and approval threshold).
    pub critical: bool,
    /// Not stored: this event is its record.
    pub description: String,
    pub snapshot: BlockNumber,
    pub vote_start: BlockNumber,
    pub vote_end: BlockNumber,
    /// Total stake at the snapshot.
    pub quorum_base: Balance,
}

/// A vote was cast with `weight` (the voting weight delegated to the voter at the snapshot); the
/// new tallies and the end of voting after this vote (late-quorum protection may have moved it).
#[ink::event]
#[cfg_attr(feature = "std", derive(Debug, PartialEq, Eq))]
pub struct VoteCast {
    #[ink(topic)]
    pub id: ProposalId,
    #[ink(topic)]
    pub voter: AccountId,
    pub vote: VoteType,
    pub weight: Balance,
    pub for_votes: Balance,
    pub against_votes: Balance,
    pub abstain_votes: Balance,
    /// The first block after voting; later than before when this vote extended it.
    pub vote_end: BlockNumber,
    /// Whether this vote triggered the (one) late-quorum extension.
    pub extended: bool,
}

/// A proposal reached a terminal state by a message: `Executed` (by anyone; its action applied
/// or sent to the core successfully), `Cancelled` (by its proposer) or `Vetoed` (by the
/// guardian).
#[ink::event]
#[cfg_attr(feature = "std", derive(Debug, PartialEq, Eq))]
pub struct ProposalClosed {
    #[ink(topic)]
    pub id: ProposalId,
    #[ink(topic)]
    pub by: AccountId,
    pub state: ProposalState,
}

/// A self action changed the configuration (settings, guardian or code pin); the new one.
#[ink::event]
#[cfg_attr(feature = "std", derive(Debug, PartialEq, Eq))]
pub struct ConfigChanged {
    pub config: Config,
}

/// An executed `Transfer` paid the DAO's native balance (shared with the multisig).
pub use manager_kit::Transferred;
