//! Events of the multisig: one per transition. Gas decides the topics: each topic costs a
//! storage read and write on chain (≈ 0.13·10^9 ref_time, as much as a storage write), so every
//! event carries only ink!'s signature topic (which names the event); ids and accounts are in
//! its data. (`Transferred`, shared with the DAO, also indexes the proposal id and payee.)

use crate::types::{Action, Epoch, ProposalId, Vote};
use ddc_types::AccountId;
use ink::prelude::vec::Vec;
use ink::primitives::Hash;

/// A signer proposed an action; its own approval counts.
#[ink::event]
#[cfg_attr(feature = "std", derive(Debug, PartialEq, Eq))]
pub struct ProposalCreated {
    pub id: ProposalId,
    pub proposer: AccountId,
    pub action: Action,
    pub epoch: Epoch,
    pub expires_at_ms: u64,
}

/// A signer approved (`Some(Approve)`), rejected (`Some(Reject)`) or withdrew its approval
/// (`None`); the proposal's counts after the vote.
#[ink::event]
#[cfg_attr(feature = "std", derive(Debug, PartialEq, Eq))]
pub struct VoteCast {
    pub id: ProposalId,
    pub signer: AccountId,
    pub vote: Option<Vote>,
    pub approvals: u32,
    pub rejections: u32,
}

/// Enough signers rejected the proposal that the threshold is out of reach.
#[ink::event]
#[cfg_attr(feature = "std", derive(Debug, PartialEq, Eq))]
pub struct ProposalRejected {
    pub id: ProposalId,
    pub rejections: u32,
}

/// The proposer withdrew the proposal.
#[ink::event]
#[cfg_attr(feature = "std", derive(Debug, PartialEq, Eq))]
pub struct ProposalCancelled {
    pub id: ProposalId,
}

/// The proposal was executed (its effect — cluster call, payment, DAO veto — succeeded) with
/// `approvals` approvals. From `approve_and_execute` the executor is the signer whose approval
/// reached the threshold (that approval has no `VoteCast` of its own).
#[ink::event]
#[cfg_attr(feature = "std", derive(Debug, PartialEq, Eq))]
pub struct ProposalExecuted {
    pub id: ProposalId,
    pub executor: AccountId,
    pub approvals: u32,
}

/// The configuration as set by the constructor or an executed self action.
#[ink::event]
#[cfg_attr(feature = "std", derive(Debug, PartialEq, Eq))]
pub struct ConfigChanged {
    pub epoch: Epoch,
    pub signers: Vec<AccountId>,
    pub threshold: u32,
    pub default_lifetime_ms: u64,
    pub core_code_hash: Option<Hash>,
}

/// An executed `Transfer` paid the multisig's native balance (shared with the DAO).
pub use manager_kit::Transferred;
