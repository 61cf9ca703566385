//! Events of the DAO: one per state change, ids as topics, amounts and new totals included.
//!
//! Time-driven state changes (Pending → Active → Defeated/Succeeded → Executable → Expired) are
//! not transactions and emit nothing; their blocks follow from `ProposalCreated` (and
//! `VotingExtended`) and the frozen settings.

use crate::types::{Action, BlockNumber, Config, ProposalId, VoteType};
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

/// A proposal was created (state Pending, or Active when the voting delay is 0).
#[ink::event]
#[cfg_attr(feature = "std", derive(Debug, PartialEq, Eq))]
pub struct ProposalCreated {
    #[ink(topic)]
    pub id: ProposalId,
    #[ink(topic)]
    pub proposer: AccountId,
    pub action: Action,
    /// Not stored: this event is its record.
    pub description: String,
    pub snapshot: BlockNumber,
    pub vote_start: BlockNumber,
    pub vote_end: BlockNumber,
    /// Total stake at the snapshot.
    pub quorum_base: Balance,
}

/// A vote was cast with `weight` (stake at the snapshot); the new tallies.
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
}

/// Late-quorum protection moved the end of voting (once per proposal).
#[ink::event]
#[cfg_attr(feature = "std", derive(Debug, PartialEq, Eq))]
pub struct VotingExtended {
    #[ink(topic)]
    pub id: ProposalId,
    /// The new first block after voting.
    pub vote_end: BlockNumber,
}

/// A proposal was executed (its action applied or sent to the core successfully).
#[ink::event]
#[cfg_attr(feature = "std", derive(Debug, PartialEq, Eq))]
pub struct ProposalExecuted {
    #[ink(topic)]
    pub id: ProposalId,
    #[ink(topic)]
    pub executor: AccountId,
}

/// The proposer cancelled a Pending proposal.
#[ink::event]
#[cfg_attr(feature = "std", derive(Debug, PartialEq, Eq))]
pub struct ProposalCancelled {
    #[ink(topic)]
    pub id: ProposalId,
}

/// The guardian vetoed a Succeeded proposal.
#[ink::event]
#[cfg_attr(feature = "std", derive(Debug, PartialEq, Eq))]
pub struct ProposalVetoed {
    #[ink(topic)]
    pub id: ProposalId,
    #[ink(topic)]
    pub guardian: AccountId,
}

/// A self action changed the configuration (settings, guardian or code pin); the new one.
#[ink::event]
#[cfg_attr(feature = "std", derive(Debug, PartialEq, Eq))]
pub struct ConfigChanged {
    pub config: Config,
}
