//! The multisig's state and rules in plain Rust.
//!
//! [`Multisig`] keeps the configuration (signers, threshold, epoch, lifetimes) in the contract's
//! root cell and proposals and per-signer open lists in `Mapping`s; votes are two bitmasks inside
//! each proposal, by signer position (stable within an epoch). Every method takes the caller
//! and the time explicitly, checks everything before it writes anything, and returns the event
//! to emit; the `#[ink::contract]` module in `lib.rs` only reads the environment, calls these,
//! carries out an executed proposal's effect (`manager_kit::carry_out`) and emits the events.
//!
//! Staleness is O(1): every change of signers or threshold bumps the configuration epoch, and a
//! proposal of an older epoch can no longer be approved, rejected or executed.

use crate::events::{
    ConfigChanged, ProposalCancelled, ProposalCreated, ProposalExecuted, ProposalRejected, VoteCast,
};
pub use crate::types::*;
use ddc_types::{AccountId, ClusterAction};
use ink::prelude::vec::Vec;
use ink::primitives::Hash;
use ink::storage::{Lazy, Mapping};
pub use manager_kit::Effect;

/// What executing a proposal did and what is left for the contract to do: the effect outside
/// the multisig (a cluster call, a payment, a DAO veto) with the core's address and pin.
pub struct Execution {
    pub executed: ProposalExecuted,
    /// The new configuration after a self action that changed it.
    pub config_changed: Option<ConfigChanged>,
    pub effect: Option<Effect>,
    pub registry: AccountId,
    pub core_code_hash: Option<Hash>,
}

/// Key of an open list: the epoch and the proposer.
type OpenKey = (Epoch, AccountId);

/// All state of the multisig. The configuration is packed into the contract's root cell, which
/// ink! reads and writes with every message anyway: executing a proposal costs one read and one
/// write of the proposal on top of it (gas is the multisig's first cost).
#[ink::storage_item]
#[derive(Debug)]
pub struct Multisig {
    config: Config,
    proposals: Mapping<ProposalId, Proposal>,
    /// Proposal ids per (epoch, proposer), ≤ [`MAX_OPEN_PER_SIGNER`] live ones; closed ones
    /// are dropped when the proposer proposes again (or by `prune`); an epoch bump starts
    /// empty lists.
    open: Mapping<OpenKey, Vec<ProposalId>>,
    /// Proposal ids counted against [`MAX_OPEN_PROPOSALS`]; ids no longer live are dropped when
    /// the list is full (at most that many reads, only then) or by `prune`.
    open_all: Lazy<Vec<ProposalId>>,
}

impl Multisig {
    /// A multisig of `signers` needing `threshold` approvals, acting on the core at `registry`
    /// (optionally pinned to `core_code_hash`). `this` is the contract's own address.
    pub fn new(
        this: AccountId,
        registry: AccountId,
        core_code_hash: Option<Hash>,
        signers: Vec<AccountId>,
        threshold: u32,
        default_lifetime_ms: u64,
    ) -> Result<(Self, ConfigChanged)> {
        if registry == this {
            return Err(Error::RegistryIsSelf);
        }
        check_signers(&signers, threshold)?;
        check_lifetime(default_lifetime_ms)?;
        let config = Config {
            registry,
            core_code_hash,
            signers,
            threshold,
            epoch: 0,
            default_lifetime_ms,
            next_id: 0,
        };
        let event = config_changed(&config);
        let multisig = Self {
            config,
            proposals: Mapping::default(),
            open: Mapping::default(),
            open_all: Lazy::default(),
        };
        Ok((multisig, event))
    }

    /// The configuration and counters.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Proposal ids counted against [`MAX_OPEN_PROPOSALS`] (closed ones until pruned).
    pub fn open_count(&self) -> usize {
        self.open_all.get().unwrap_or_default().len()
    }

    /// Proposal `id` with its state as of `now`.
    pub fn proposal(&self, id: ProposalId, now: u64) -> Result<Proposal> {
        let mut proposal = self.proposals.get(id).ok_or(Error::ProposalNotFound)?;
        proposal.state = state_of(&proposal, &self.config, now);
        Ok(proposal)
    }

    /// Proposals `offset .. offset + limit` (by id) with their states, and the number of
    /// proposals ever made.
    pub fn proposals(
        &self,
        offset: ProposalId,
        limit: u32,
        now: u64,
    ) -> Result<(Vec<(ProposalId, Proposal)>, u64)> {
        if limit > MAX_PAGE_LIMIT {
            return Err(Error::PageLimitTooLarge);
        }
        let config = &self.config;
        let end = offset.saturating_add(u64::from(limit)).min(config.next_id);
        let mut page = Vec::new();
        for id in offset..end {
            // Ids below `next_id` are never removed.
            if let Ok(proposal) = self.proposal(id, now) {
                page.push((id, proposal));
            }
        }
        Ok((page, config.next_id))
    }

    /// `account`'s standing vote on proposal `id` (none on proposals of an older epoch).
    pub fn vote_of(&self, id: ProposalId, account: AccountId) -> Option<Vote> {
        let config = &self.config;
        let proposal = self.proposals.get(id)?;
        if proposal.epoch != config.epoch {
            return None;
        }
        proposal.vote(signer_bit(config, account).ok()?)
    }

    /// Signer `caller` proposes `action`, open for `lifetime_ms` (default: the configured one).
    /// The proposer's approval counts. Prunes the caller's closed and expired proposals from
    /// its open list first. `this` is the multisig's own address (never a call target).
    pub fn propose(
        &mut self,
        this: AccountId,
        caller: AccountId,
        action: Action,
        lifetime_ms: Option<u64>,
        now: u64,
    ) -> Result<(ProposalId, ProposalCreated)> {
        let config = &self.config;
        let bit = signer_bit(config, caller)?;
        check_action(config, this, &action)?;
        let lifetime_ms = lifetime_ms.unwrap_or(config.default_lifetime_ms);
        check_lifetime(lifetime_ms)?;
        let expires_at_ms = now.checked_add(lifetime_ms).ok_or(Error::Overflow)?;

        let mut open = self.live_ids(
            self.open.get((config.epoch, caller)).unwrap_or_default(),
            config,
            now,
        );
        if open.len() >= MAX_OPEN_PER_SIGNER {
            return Err(Error::TooManyOpenProposals);
        }
        let mut open_all = self.open_all.get().unwrap_or_default();
        if open_all.len() >= MAX_OPEN_PROPOSALS {
            open_all = self.live_ids(open_all, config, now);
            if open_all.len() >= MAX_OPEN_PROPOSALS {
                return Err(Error::TooManyProposals);
            }
        }
        let id = config.next_id;
        let next_id = id.checked_add(1).ok_or(Error::Overflow)?;
        let epoch = config.epoch;
        open.push(id);
        open_all.push(id);

        let proposal = Proposal {
            proposer: caller,
            action: action.clone(),
            epoch,
            created_at_ms: now,
            expires_at_ms,
            approvals: 1,
            rejections: 0,
            approved_by: bit,
            rejected_by: 0,
            state: ProposalState::Pending,
        };
        self.open.insert((epoch, caller), &open);
        self.open_all.set(&open_all);
        self.proposals.insert(id, &proposal);
        self.config.next_id = next_id;
        Ok((
            id,
            ProposalCreated {
                id,
                proposer: caller,
                action,
                epoch,
                expires_at_ms,
            },
        ))
    }

    /// Signer `caller` approves proposal `id` (turning a rejection of its own into approval).
    pub fn approve(&mut self, caller: AccountId, id: ProposalId, now: u64) -> Result<VoteCast> {
        self.cast(caller, id, now, Some(Vote::Approve))
            .map(|(vote, _)| vote)
    }

    /// Signer `caller` withdraws its approval of proposal `id`.
    pub fn revoke_approval(
        &mut self,
        caller: AccountId,
        id: ProposalId,
        now: u64,
    ) -> Result<VoteCast> {
        self.cast(caller, id, now, None).map(|(vote, _)| vote)
    }

    /// Signer `caller` rejects proposal `id` (turning an approval of its own into rejection).
    /// When the signers left cannot reach the threshold any more, the proposal is Rejected.
    pub fn reject(
        &mut self,
        caller: AccountId,
        id: ProposalId,
        now: u64,
    ) -> Result<(VoteCast, Option<ProposalRejected>)> {
        self.cast(caller, id, now, Some(Vote::Reject))
    }

    /// Signer `caller` sets its standing vote on live proposal `id` to `vote` (`None`: revoke
    /// its approval); a rejection that puts the threshold out of reach rejects the proposal.
    fn cast(
        &mut self,
        caller: AccountId,
        id: ProposalId,
        now: u64,
        vote: Option<Vote>,
    ) -> Result<(VoteCast, Option<ProposalRejected>)> {
        let config = &self.config;
        let bit = signer_bit(config, caller)?;
        let mut proposal = self.live(id, config, now)?;
        let current = proposal.vote(bit);
        match vote {
            Some(Vote::Approve) if current == vote => return Err(Error::AlreadyApproved),
            Some(Vote::Reject) if current == vote => return Err(Error::AlreadyRejected),
            None if current != Some(Vote::Approve) => return Err(Error::NoApprovalToRevoke),
            _ => {}
        }
        proposal.set_vote(bit, vote);
        let signers = u32::try_from(config.signers.len()).map_err(|_| Error::Overflow)?;
        let reachable = signers.saturating_sub(proposal.rejections);
        let rejected = (vote == Some(Vote::Reject) && reachable < config.threshold).then(|| {
            proposal.state = ProposalState::Rejected;
            ProposalRejected {
                id,
                rejections: proposal.rejections,
            }
        });
        self.proposals.insert(id, &proposal);
        Ok((vote_cast(id, caller, vote, &proposal), rejected))
    }

    /// The proposer cancels proposal `id` while no other signer approves it.
    pub fn cancel(
        &mut self,
        caller: AccountId,
        id: ProposalId,
        now: u64,
    ) -> Result<ProposalCancelled> {
        let config = &self.config;
        let mut proposal = self.proposals.get(id).ok_or(Error::ProposalNotFound)?;
        if proposal.proposer != caller {
            return Err(Error::OnlyProposer);
        }
        if is_terminal(state_of(&proposal, config, now)) {
            return Err(Error::ProposalClosed);
        }
        // Others' approvals block; on a stale proposal (older epoch) approvals are void and the
        // vote bits no longer name today's signers, so none blocks.
        if proposal.epoch == config.epoch {
            let own = signer_bit(config, caller).unwrap_or(0);
            if proposal.approved_by & !own != 0 {
                return Err(Error::ApprovedByOthers);
            }
        }
        proposal.state = ProposalState::Cancelled;
        self.proposals.insert(id, &proposal);
        Ok(ProposalCancelled { id })
    }

    /// Anyone executes approved proposal `id`: it is marked Executed (and stored) first; a self
    /// action is applied here; an effect (cluster call, payment, DAO veto) is returned for the
    /// caller to carry out. If that fails the whole message must fail, which leaves the
    /// proposal approved.
    pub fn execute(&mut self, caller: AccountId, id: ProposalId, now: u64) -> Result<Execution> {
        let proposal = self.live(id, &self.config, now)?;
        if proposal.approvals < self.config.threshold {
            return Err(Error::NotApproved);
        }
        self.finish(id, proposal, caller)
    }

    /// Signer `caller` approves proposal `id` (unless it already approves it) and, when the
    /// proposal then has enough approvals, executes it as [`Multisig::execute`] does — one
    /// read and one write of the proposal for both. Returns the vote to announce (only when
    /// the proposal does not execute: the execution's event then says it all) and the
    /// execution (none while approvals are missing).
    /// Errors: those of `approve` (`AlreadyApproved` only when nothing is left to do) and of
    /// `execute`.
    pub fn approve_and_execute(
        &mut self,
        caller: AccountId,
        id: ProposalId,
        now: u64,
    ) -> Result<(Option<VoteCast>, Option<Execution>)> {
        let bit = signer_bit(&self.config, caller)?;
        let mut proposal = self.live(id, &self.config, now)?;
        let vote = (proposal.vote(bit) != Some(Vote::Approve)).then(|| {
            proposal.set_vote(bit, Some(Vote::Approve));
            vote_cast(id, caller, Some(Vote::Approve), &proposal)
        });
        if proposal.approvals >= self.config.threshold {
            // One event for both (each event costs as much as a storage write): the
            // `ProposalExecuted` of the approving signer, with the final approval count.
            let execution = self.finish(id, proposal, caller)?;
            return Ok((None, Some(execution)));
        }
        if vote.is_none() {
            return Err(Error::AlreadyApproved);
        }
        self.proposals.insert(id, &proposal);
        Ok((vote, None))
    }

    /// Mark the approved, live `proposal` Executed and store it; apply a self action to the
    /// configuration, or return the effect to carry out.
    fn finish(
        &mut self,
        id: ProposalId,
        mut proposal: Proposal,
        caller: AccountId,
    ) -> Result<Execution> {
        proposal.state = ProposalState::Executed;
        let mut config_changed = None;
        if !has_effect(&proposal.action) {
            // Applied to a copy first: if it no longer fits, nothing has been written.
            let mut config = self.config.clone();
            apply(&mut config, &proposal.action)?;
            config_changed = Some(self::config_changed(&config));
            self.config = config;
        }
        self.proposals.insert(id, &proposal);
        let effect = match proposal.action {
            Action::Cluster(action) => Some(Effect::Cluster(action)),
            Action::Transfer { to, amount } => Some(Effect::Transfer { to, amount }),
            Action::VetoDaoProposal { dao, proposal } => {
                Some(Effect::VetoDaoProposal { dao, proposal })
            }
            _ => None,
        };
        Ok(Execution {
            executed: ProposalExecuted {
                id,
                executor: caller,
                approvals: proposal.approvals,
            },
            config_changed,
            effect,
            registry: self.config.registry,
            core_code_hash: self.config.core_code_hash,
        })
    }

    /// Anyone drops `proposer`'s executed, rejected, cancelled, expired and stale proposals
    /// from its open list, and every such proposal from the list counted against
    /// [`MAX_OPEN_PROPOSALS`]. Returns how many the latter dropped.
    pub fn prune(&mut self, proposer: AccountId, now: u64) -> Result<u32> {
        let config = &self.config;
        let key = (config.epoch, proposer);
        let listed = self.open.get(key).unwrap_or_default();
        let listed_len = listed.len();
        let open = self.live_ids(listed, config, now);
        let open_all = self.open_all.get().unwrap_or_default();
        let before = open_all.len();
        let open_all = self.live_ids(open_all, config, now);
        // Written only when something was dropped: pruning any other account stores nothing.
        if open.len() != listed_len {
            self.open.insert(key, &open);
        }
        self.open_all.set(&open_all);
        u32::try_from(before.saturating_sub(open_all.len())).map_err(|_| Error::Overflow)
    }

    /// The proposal, if it can still be voted on or executed.
    #[inline(never)]
    fn live(&self, id: ProposalId, config: &Config, now: u64) -> Result<Proposal> {
        let proposal = self.proposals.get(id).ok_or(Error::ProposalNotFound)?;
        match state_of(&proposal, config, now) {
            ProposalState::Pending | ProposalState::Approved => Ok(proposal),
            ProposalState::Expired => Err(Error::ProposalExpired),
            ProposalState::Stale => Err(Error::ProposalStale),
            ProposalState::Executed | ProposalState::Rejected | ProposalState::Cancelled => {
                Err(Error::ProposalClosed)
            }
        }
    }

    /// `ids` without the proposals that are no longer live (one read per id).
    fn live_ids(&self, mut ids: Vec<ProposalId>, config: &Config, now: u64) -> Vec<ProposalId> {
        ids.retain(|id| {
            self.proposals.get(id).is_some_and(|p| {
                matches!(
                    state_of(&p, config, now),
                    ProposalState::Pending | ProposalState::Approved
                )
            })
        });
        ids
    }
}

/// Whether `action` acts outside the multisig (the contract carries it out) rather than on its
/// configuration.
fn has_effect(action: &Action) -> bool {
    matches!(
        action,
        Action::Cluster(_) | Action::Transfer { .. } | Action::VetoDaoProposal { .. }
    )
}

/// The state of `proposal` as of `now` under `config`.
#[inline(never)]
fn state_of(proposal: &Proposal, config: &Config, now: u64) -> ProposalState {
    if proposal.state != ProposalState::Pending {
        proposal.state
    } else if proposal.epoch != config.epoch {
        ProposalState::Stale
    } else if now >= proposal.expires_at_ms {
        ProposalState::Expired
    } else if proposal.approvals >= config.threshold {
        ProposalState::Approved
    } else {
        ProposalState::Pending
    }
}

#[inline(never)]
fn is_terminal(state: ProposalState) -> bool {
    matches!(
        state,
        ProposalState::Executed | ProposalState::Rejected | ProposalState::Cancelled
    )
}

/// The vote bit of signer `caller`: its position in the current signer list.
#[inline(never)]
fn signer_bit(config: &Config, caller: AccountId) -> Result<u32> {
    let position = config
        .signers
        .iter()
        .position(|signer| *signer == caller)
        .ok_or(Error::NotSigner)?;
    u32::try_from(position)
        .ok()
        .and_then(|position| 1u32.checked_shl(position))
        .ok_or(Error::Overflow)
}

/// 1 ..= [`MAX_SIGNERS`] distinct signers and a threshold of 1 ..= their number.
#[inline(never)]
fn check_signers(signers: &[AccountId], threshold: u32) -> Result<()> {
    if signers.is_empty() || signers.len() > MAX_SIGNERS {
        return Err(Error::InvalidSigners);
    }
    for (position, signer) in signers.iter().enumerate() {
        if signers.get(..position).unwrap_or_default().contains(signer) {
            return Err(Error::InvalidSigners);
        }
    }
    let count = u32::try_from(signers.len()).map_err(|_| Error::InvalidSigners)?;
    if threshold == 0 || threshold > count {
        return Err(Error::InvalidThreshold);
    }
    Ok(())
}

#[inline(never)]
fn check_lifetime(lifetime_ms: u64) -> Result<()> {
    if (MIN_LIFETIME_MS..=MAX_LIFETIME_MS).contains(&lifetime_ms) {
        Ok(())
    } else {
        Err(Error::InvalidLifetime)
    }
}

/// Whether `action` could be executed under `config` (self actions are tried on a copy) by
/// the multisig at `this`.
fn check_action(config: &Config, this: AccountId, action: &Action) -> Result<()> {
    match action {
        Action::VetoDaoProposal { dao, .. } => {
            if *dao == this || *dao == config.registry {
                Err(Error::ActionOutOfBounds)
            } else {
                Ok(())
            }
        }
        Action::Cluster(cluster_action) => {
            let params_ok = match cluster_action {
                ClusterAction::ChangeParams { params, .. } => params.len() <= MAX_ACTION_PARAMS_LEN,
                _ => true,
            };
            if params_ok && cluster_action.check_bounds() {
                Ok(())
            } else {
                Err(Error::ActionOutOfBounds)
            }
        }
        action => apply(&mut config.clone(), action),
    }
}

/// Apply a self action to `config`; a change of signers or threshold bumps the epoch (which
/// makes every older proposal Stale and empties the open lists).
fn apply(config: &mut Config, action: &Action) -> Result<()> {
    let signers = &mut config.signers;
    let bump = match *action {
        Action::Cluster(_) | Action::VetoDaoProposal { .. } => return Ok(()),
        Action::Transfer { amount, .. } => {
            return if amount == 0 {
                Err(Error::ActionOutOfBounds)
            } else {
                Ok(())
            };
        }
        Action::AddSigner(signer) => {
            if signers.contains(&signer) {
                return Err(Error::AlreadySigner);
            }
            if signers.len() >= MAX_SIGNERS {
                return Err(Error::InvalidSigners);
            }
            signers.push(signer);
            true
        }
        Action::RemoveSigner(signer) => {
            let position = signers
                .iter()
                .position(|s| *s == signer)
                .ok_or(Error::UnknownSigner)?;
            if signers.len() == 1 {
                return Err(Error::LastSigner);
            }
            signers.remove(position);
            if u32::try_from(signers.len()).map_err(|_| Error::Overflow)? < config.threshold {
                return Err(Error::ThresholdAboveSigners);
            }
            true
        }
        Action::ReplaceSigner { old, new } => {
            if signers.contains(&new) {
                return Err(Error::AlreadySigner);
            }
            let slot = signers
                .iter_mut()
                .find(|s| **s == old)
                .ok_or(Error::UnknownSigner)?;
            *slot = new;
            true
        }
        Action::ChangeThreshold(threshold) => {
            check_signers(signers, threshold)?;
            config.threshold = threshold;
            true
        }
        Action::SetLifetime(lifetime_ms) => {
            check_lifetime(lifetime_ms)?;
            config.default_lifetime_ms = lifetime_ms;
            false
        }
        Action::SetCorePin(code_hash) => {
            config.core_code_hash = code_hash;
            false
        }
    };
    if bump {
        config.epoch = config.epoch.checked_add(1).ok_or(Error::Overflow)?;
    }
    Ok(())
}

#[inline(never)]
fn vote_cast(
    id: ProposalId,
    signer: AccountId,
    vote: Option<Vote>,
    proposal: &Proposal,
) -> VoteCast {
    VoteCast {
        id,
        signer,
        vote,
        approvals: proposal.approvals,
        rejections: proposal.rejections,
    }
}

#[inline(never)]
fn config_changed(config: &Config) -> ConfigChanged {
    ConfigChanged {
        epoch: config.epoch,
        signers: config.signers.clone(),
        threshold: config.threshold,
        default_lifetime_ms: config.default_lifetime_ms,
        core_code_hash: config.core_code_hash,
    }
}
