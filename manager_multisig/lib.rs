//! # manager_multisig — M-of-N signers govern DDC clusters
//!
//! A cluster's manager on the core (`ddc_bucket`) may be this contract. Signers propose typed
//! actions; once `threshold` signers approve, anyone executes: a cluster action becomes a
//! cross-contract call to the core's `ClusterManagement` interface, a self action (signers,
//! threshold, lifetime, code pin) is applied internally — never by a call to itself.
//!
//! Execution marks the proposal Executed before it calls out; the call never allows re-entry
//! and has explicit gas limits. If the core call fails in any of its three layers, `execute`
//! returns `CoreCall(..)` and the whole message reverts: the proposal stays Approved and can be
//! executed again until it expires. The rules live in plain Rust ([`logic::Multisig`]); the
//! contract module is a thin adapter.
#![cfg_attr(not(feature = "std"), no_std, no_main)]

pub mod events;
pub mod logic;
pub mod types;

#[cfg(test)]
mod model_tests;
#[cfg(test)]
mod tests;

/// The contract and its typed reference (constructors and call builders for tests and callers
/// written in Rust, e.g. ink_e2e).
pub use self::manager_multisig::{ManagerMultisig, ManagerMultisigRef};

#[ink::contract]
mod manager_multisig {
    use crate::logic::{
        Action, Config, Error, Execution, Multisig, Proposal, ProposalId, ProposalState, Result,
        Vote,
    };
    use ink::prelude::vec::Vec;
    use manager_kit::EffectError;

    /// The multisig's storage: all of it lives in [`Multisig`].
    #[ink(storage)]
    pub struct ManagerMultisig {
        state: Multisig,
    }

    impl ManagerMultisig {
        /// Deploy a multisig of `signers` (1 ..= 32, distinct) needing `threshold` approvals (1 ..=
        /// signers), acting on the core at `registry`; proposals live `default_lifetime_ms` unless
        /// proposed with their own lifetime (1 min ..= 90 days).
        ///
        /// # Errors
        /// `RegistryIsSelf`, `InvalidSigners` (none, more than 32, or one repeated),
        /// `InvalidThreshold`, `InvalidLifetime`.
        ///
        /// # Events
        /// `ConfigChanged` (epoch 0, signers, threshold, default lifetime, no pin).
        #[ink(constructor)]
        pub fn new(
            registry: AccountId,
            signers: Vec<AccountId>,
            threshold: u32,
            default_lifetime_ms: u64,
        ) -> Result<Self> {
            Self::create(registry, None, signers, threshold, default_lifetime_ms)
        }

        /// Like `new`, and pin cluster calls to the core's current code hash: after an upgrade of
        /// the core, cluster actions fail with `CoreCall(CodeHashChanged)` until the signers re-pin
        /// it (`SetCorePin`).
        ///
        /// # Errors
        /// `RegistryNotAContract` (checked first), then those of `new`.
        ///
        /// # Events
        /// `ConfigChanged` (epoch 0, signers, threshold, default lifetime, the pin).
        #[ink(constructor)]
        pub fn new_pinned(
            registry: AccountId,
            signers: Vec<AccountId>,
            threshold: u32,
            default_lifetime_ms: u64,
        ) -> Result<Self> {
            let code_hash =
                manager_kit::code_hash_of(&registry).ok_or(Error::RegistryNotAContract)?;
            Self::create(
                registry,
                Some(code_hash),
                signers,
                threshold,
                default_lifetime_ms,
            )
        }

        fn create(
            registry: AccountId,
            code_hash: Option<Hash>,
            signers: Vec<AccountId>,
            threshold: u32,
            default_lifetime_ms: u64,
        ) -> Result<Self> {
            let (state, event) = Multisig::new(
                Self::env().account_id(),
                registry,
                code_hash,
                signers,
                threshold,
                default_lifetime_ms,
            )?;
            Self::env().emit_event(event);
            Ok(Self { state })
        }

        /// Propose `action`, open for `lifetime_ms` (1 min ..= 90 days; `None`: the default).
        /// Signers only; the proposer's approval counts (with threshold 1 it is Approved at once,
        /// not executed). Returns the id (sequential from 0). At most 8 live proposals per signer
        /// and 64 in all. A self action is checked against the current configuration.
        ///
        /// # Errors
        /// `NotSigner`, `ActionOutOfBounds` (a cluster action with no or more than 16 vnodes or
        /// params over 1 024 bytes, a `Transfer` of 0, a `VetoDaoProposal` aimed at this multisig
        /// or the core), a self action's own errors (`AlreadySigner`, `UnknownSigner`,
        /// `InvalidSigners` (a 33rd signer), `LastSigner`, `ThresholdAboveSigners`,
        /// `InvalidThreshold`, `InvalidLifetime`), `InvalidLifetime` (the proposal's lifetime),
        /// `TooManyOpenProposals`, `TooManyProposals`, `Overflow` (guard, not reachable).
        ///
        /// # Events
        /// `ProposalCreated` (id, proposer, action, epoch, expiry).
        #[ink(message)]
        pub fn propose(&mut self, action: Action, lifetime_ms: Option<u64>) -> Result<ProposalId> {
            let (id, event) = self.state.propose(
                self.env().account_id(),
                self.env().caller(),
                action,
                lifetime_ms,
                self.env().block_timestamp(),
            )?;
            self.env().emit_event(event);
            Ok(id)
        }

        /// Approve proposal `id` (a signer's earlier rejection becomes an approval); this does not
        /// execute it (see `approve_and_execute`). Signers only, while the proposal is Pending or
        /// Approved.
        ///
        /// # Errors
        /// `NotSigner`, `ProposalNotFound`, `ProposalClosed` (executed, rejected or cancelled),
        /// `ProposalExpired`, `ProposalStale`, `AlreadyApproved`, `Overflow` (guard, not
        /// reachable).
        ///
        /// # Events
        /// `VoteCast` (id, signer, vote `Some(Approve)`, approvals, rejections).
        #[ink(message)]
        pub fn approve(&mut self, id: ProposalId) -> Result<()> {
            let event =
                self.state
                    .approve(self.env().caller(), id, self.env().block_timestamp())?;
            self.env().emit_event(event);
            Ok(())
        }

        /// Withdraw the caller's approval of proposal `id`. Signers only, while the proposal is
        /// Pending or Approved.
        ///
        /// # Errors
        /// `NotSigner`, `ProposalNotFound`, `ProposalClosed` (executed, rejected or cancelled),
        /// `ProposalExpired`, `ProposalStale`, `NoApprovalToRevoke`, `Overflow` (guard, not
        /// reachable).
        ///
        /// # Events
        /// `VoteCast` (id, signer, vote `None`, approvals, rejections).
        #[ink(message)]
        pub fn revoke_approval(&mut self, id: ProposalId) -> Result<()> {
            let event = self.state.revoke_approval(
                self.env().caller(),
                id,
                self.env().block_timestamp(),
            )?;
            self.env().emit_event(event);
            Ok(())
        }

        /// Reject proposal `id` (a signer's earlier approval becomes a rejection). When the
        /// remaining signers can no longer reach the threshold the proposal becomes Rejected.
        /// Signers only, while the proposal is Pending or Approved.
        ///
        /// # Errors
        /// `NotSigner`, `ProposalNotFound`, `ProposalClosed` (executed, rejected or cancelled),
        /// `ProposalExpired`, `ProposalStale`, `AlreadyRejected`, `Overflow` (guard, not
        /// reachable).
        ///
        /// # Events
        /// `VoteCast` (id, signer, vote `Some(Reject)`, approvals, rejections), then
        /// `ProposalRejected` (id, rejections) when the threshold is out of reach.
        #[ink(message)]
        pub fn reject(&mut self, id: ProposalId) -> Result<()> {
            let (vote, rejected) =
                self.state
                    .reject(self.env().caller(), id, self.env().block_timestamp())?;
            self.env().emit_event(vote);
            if let Some(rejected) = rejected {
                self.env().emit_event(rejected);
            }
            Ok(())
        }

        /// Cancel proposal `id`. Its proposer only (also once no longer a signer), while no other
        /// signer approves it (on a stale proposal approvals are void) and it is not executed,
        /// rejected or cancelled (an expired or stale proposal can be cancelled).
        ///
        /// # Errors
        /// `ProposalNotFound`, `OnlyProposer`, `ProposalClosed`, `ApprovedByOthers`.
        ///
        /// # Events
        /// `ProposalCancelled` (id).
        #[ink(message)]
        pub fn cancel(&mut self, id: ProposalId) -> Result<()> {
            let event = self
                .state
                .cancel(self.env().caller(), id, self.env().block_timestamp())?;
            self.env().emit_event(event);
            Ok(())
        }

        /// Execute approved proposal `id`. Anyone may call. The proposal is marked Executed before
        /// anything else happens; a self action changes the configuration (signer and threshold
        /// changes bump the epoch: every older proposal becomes Stale); `Transfer` pays from the
        /// multisig's balance; a cluster action is sent to the core and `VetoDaoProposal` calls the
        /// DAO's `veto` (no re-entry, explicit gas limits). If the transfer or call fails, the
        /// message fails and nothing is recorded: the proposal stays Approved.
        ///
        /// # Errors
        /// `ProposalNotFound`, `ProposalClosed` (executed, rejected or cancelled),
        /// `ProposalExpired`, `ProposalStale`, `NotApproved`; a self action's own errors, checked
        /// again (see `propose`; not reachable in practice, as a change of signers or threshold
        /// makes older proposals stale); `TransferFailed` (`Transfer`); for a cluster action
        /// `CoreCall(CodeHashChanged)` (pinned, and the core's code changed),
        /// `CoreCall(CallFailed)`, `CoreCall(LangError)` or `CoreCall(Core(..))` (the core's own
        /// error); for `VetoDaoProposal` `CoreCall(CallFailed)`, `CoreCall(LangError)` or
        /// `CoreCall(Refused(index))` (the DAO's error variant index, e.g. `OnlyGuardian`,
        /// `InvalidState`).
        ///
        /// # Events
        /// `Transferred` (id, to, amount) for a `Transfer`, then `ProposalExecuted` (id, executor,
        /// approvals), then `ConfigChanged` (the new configuration) for a self action. The core, or
        /// the DAO, emits its own events for the call.
        #[ink(message)]
        pub fn execute(&mut self, id: ProposalId) -> Result<()> {
            let execution =
                self.state
                    .execute(self.env().caller(), id, self.env().block_timestamp())?;
            Self::carry_out(execution)
        }

        /// Approve proposal `id` and, if that gives it enough approvals, execute it in the same
        /// transaction ("the last approver executes"). Signers only. A signer that already approves
        /// may call it to execute. If the execution fails the whole message fails and even the
        /// approval is not recorded (use `approve` to approve only). Returns whether the proposal
        /// was executed.
        ///
        /// # Errors
        /// `NotSigner`, `ProposalNotFound`, `ProposalClosed` (executed, rejected or cancelled),
        /// `ProposalExpired`, `ProposalStale`, `AlreadyApproved` (the caller already approves and
        /// approvals are still missing); when it executes, those of `execute` after `NotApproved`
        /// (a self action's errors, `TransferFailed`, `CoreCall(..)`); `Overflow` (guard, not
        /// reachable).
        ///
        /// # Events
        /// `VoteCast` (id, signer, vote `Some(Approve)`, approvals, rejections) when it only
        /// approves; those of `execute` when it executes (no `VoteCast`: `ProposalExecuted` then
        /// names the approving signer as executor and counts its approval).
        #[ink(message)]
        pub fn approve_and_execute(&mut self, id: ProposalId) -> Result<bool> {
            let (vote, execution) = self.state.approve_and_execute(
                self.env().caller(),
                id,
                self.env().block_timestamp(),
            )?;
            if let Some(vote) = vote {
                self.env().emit_event(vote);
            }
            match execution {
                Some(execution) => Self::carry_out(execution).map(|()| true),
                None => Ok(false),
            }
        }

        /// Carry out an execution's effect, then emit its events.
        fn carry_out(execution: Execution) -> Result<()> {
            if let Some(effect) = &execution.effect {
                manager_kit::carry_out(
                    execution.executed.id,
                    execution.registry,
                    execution.core_code_hash,
                    effect,
                )
                .map_err(|error| match error {
                    EffectError::TransferFailed => Error::TransferFailed,
                    EffectError::Call(error) => Error::CoreCall(error),
                })?;
            }
            Self::env().emit_event(execution.executed);
            if let Some(changed) = execution.config_changed {
                Self::env().emit_event(changed);
            }
            Ok(())
        }

        /// Drop closed (executed, rejected, cancelled), expired and stale proposals from
        /// `proposer`'s open list and — of every proposer — from the list counted against the
        /// global cap of 64 (a full list also prunes itself when the next proposal is made). Anyone
        /// may call. Returns how many the global list lost.
        ///
        /// # Errors
        /// `Overflow` (never in a consistent state).
        ///
        /// # Events
        /// None (no proposal changes state).
        #[ink(message)]
        pub fn prune(&mut self, proposer: AccountId) -> Result<u32> {
            self.state.prune(proposer, self.env().block_timestamp())
        }

        /// Proposal `id` with its current state.
        ///
        /// # Errors
        /// `ProposalNotFound`.
        ///
        /// # Events
        /// None (query).
        #[ink(message)]
        pub fn proposal(&self, id: ProposalId) -> Result<Proposal> {
            self.state.proposal(id, self.env().block_timestamp())
        }

        /// The current state of proposal `id`.
        ///
        /// # Errors
        /// `ProposalNotFound`.
        ///
        /// # Events
        /// None (query).
        #[ink(message)]
        pub fn proposal_state(&self, id: ProposalId) -> Result<ProposalState> {
            self.proposal(id).map(|proposal| proposal.state)
        }

        /// Proposals with ids `offset .. offset + limit` and their states, and the number of
        /// proposals ever made.
        ///
        /// # Errors
        /// `PageLimitTooLarge` (limit > 8).
        ///
        /// # Events
        /// None (query).
        #[ink(message)]
        pub fn proposals(
            &self,
            offset: ProposalId,
            limit: u32,
        ) -> Result<(Vec<(ProposalId, Proposal)>, u64)> {
            self.state
                .proposals(offset, limit, self.env().block_timestamp())
        }

        /// `account`'s standing vote on proposal `id`, if any (`None` on a proposal of an older
        /// epoch).
        ///
        /// # Events
        /// None (query).
        #[ink(message)]
        pub fn vote_of(&self, id: ProposalId, account: AccountId) -> Option<Vote> {
            self.state.vote_of(id, account)
        }

        /// The signers, in order of admission.
        ///
        /// # Events
        /// None (query).
        #[ink(message)]
        pub fn signers(&self) -> Vec<AccountId> {
            self.state.config().signers.clone()
        }

        /// Approvals a proposal needs.
        ///
        /// # Events
        /// None (query).
        #[ink(message)]
        pub fn threshold(&self) -> u32 {
            self.state.config().threshold
        }

        /// The configuration epoch (bumped by every change of signers or threshold).
        ///
        /// # Events
        /// None (query).
        #[ink(message)]
        pub fn epoch(&self) -> u32 {
            self.state.config().epoch
        }

        /// The whole configuration: core address and pin, signers, threshold, epoch, default
        /// lifetime, next proposal id.
        ///
        /// # Events
        /// None (query).
        #[ink(message)]
        pub fn config(&self) -> Config {
            self.state.config().clone()
        }
    }
}
