//! The DAO's logic in plain Rust: stake and delegation bookkeeping, proposals, votes, vetoes,
//! cancellation and the internal application of self actions.
//!
//! Voting weight is delegated weight (see [`crate::checkpoints`]): the proposal threshold and
//! every vote use the weight delegated to the account at the proposal's snapshot. There is no
//! global cap on live proposals (any number of stakers may propose at once, each paying its
//! proposal's storage deposit); each proposer has at most one live proposal.
//!
//! Every method takes the caller and the current block explicitly, checks everything before it
//! writes anything, and returns the event to emit. Token transfers and calls to the core are the
//! contract module's job (`lib.rs`); this module never calls out.

use crate::checkpoints::Checkpoints;
use crate::events::{
    ConfigChanged, DelegateChanged, ProposalClosed, ProposalCreated, Staked, Unstaked, VoteCast,
};
use crate::types::*;
use ddc_types::{AccountId, Balance};
use ink::prelude::{string::String, vec::Vec};
use ink::storage::{Lazy, Mapping};

/// All state of the DAO.
#[ink::storage_item]
#[derive(Debug)]
pub struct Dao {
    config: Lazy<Config>,
    /// The id the next proposal gets (= proposals ever created).
    next_id: Lazy<ProposalId>,
    /// Stakes, delegates, voting weights and the total, with their history.
    stakes: Checkpoints,
    proposals: Mapping<ProposalId, Proposal>,
    actions: Mapping<ProposalId, Action>,
    votes: Mapping<(ProposalId, AccountId), VoteType>,
    /// The latest proposal of each proposer (it holds the proposer's slot while live).
    latest_of: Mapping<AccountId, ProposalId>,
}

impl Dao {
    /// A DAO over `registry` (the core) and `token` with these settings.
    /// Errors: `InvalidSettings`; `InvalidAddresses` when `registry == token` or either is
    /// `this` (the DAO's own address).
    pub fn new(
        this: AccountId,
        registry: AccountId,
        token: AccountId,
        settings: Settings,
        guardian: Option<AccountId>,
        core_code_hash: Option<ink::primitives::Hash>,
    ) -> Result<Self> {
        if registry == token || registry == this || token == this {
            return Err(Error::InvalidAddresses);
        }
        if !settings.is_valid() {
            return Err(Error::InvalidSettings);
        }
        let mut dao = Self {
            config: Lazy::default(),
            next_id: Lazy::default(),
            stakes: Checkpoints::default(),
            proposals: Mapping::default(),
            actions: Mapping::default(),
            votes: Mapping::default(),
            latest_of: Mapping::default(),
        };
        dao.config.set(&Config {
            registry,
            token,
            settings,
            guardian,
            core_code_hash,
        });
        dao.next_id.set(&0);
        Ok(dao)
    }

    // ------------------------------------------------------------------ queries

    /// Registry, token, settings, guardian and code pin.
    pub fn config(&self) -> Config {
        self.config.get().expect("set by the constructor")
    }

    /// Proposals ever created (the next id).
    pub fn proposal_count(&self) -> ProposalId {
        self.next_id.get().unwrap_or_default()
    }

    /// A proposal's record, state at `now` and action. Errors: `ProposalNotFound`.
    pub fn proposal(&self, id: ProposalId, now: BlockNumber) -> Result<(ProposalInfo, Action)> {
        let proposal = self.get(id)?;
        let action = self.actions.get(id).ok_or(Error::ProposalNotFound)?;
        Ok((
            ProposalInfo {
                id,
                state: proposal.state(now),
                proposal,
            },
            action,
        ))
    }

    /// A proposal's state at `now`. Errors: `ProposalNotFound`.
    pub fn proposal_state(&self, id: ProposalId, now: BlockNumber) -> Result<ProposalState> {
        self.get(id).map(|p| p.state(now))
    }

    /// Proposals `offset .. offset + limit` (those that exist), without their actions, and the
    /// number of proposals ever created. Errors: `PageLimitTooLarge` (limit > [`MAX_PAGE`]).
    pub fn proposals(
        &self,
        offset: ProposalId,
        limit: u32,
        now: BlockNumber,
    ) -> Result<(Vec<ProposalInfo>, ProposalId)> {
        if limit > MAX_PAGE {
            return Err(Error::PageLimitTooLarge);
        }
        let count = self.proposal_count();
        let end = offset.saturating_add(u64::from(limit)).min(count);
        let page = (offset..end)
            .filter_map(|id| {
                self.proposals.get(id).map(|proposal| ProposalInfo {
                    id,
                    state: proposal.state(now),
                    proposal,
                })
            })
            .collect();
        Ok((page, count))
    }

    /// Whether `account` voted on proposal `id`.
    pub fn has_voted(&self, id: ProposalId, account: AccountId) -> bool {
        self.votes.contains((id, account))
    }

    /// Stakes, delegates and the voting-weight and total-stake history.
    pub fn stakes(&self) -> &Checkpoints {
        &self.stakes
    }

    // ------------------------------------------------------------------ stake

    /// Book `amount` more stake for `account` in block `now` (the caller then pulls the tokens);
    /// its delegate's weight grows by `amount`.
    /// Errors: `ZeroAmount`, `Overflow`. Event: `Staked` with the new totals.
    pub fn stake(
        &mut self,
        account: AccountId,
        amount: Balance,
        now: BlockNumber,
    ) -> Result<Staked> {
        if amount == 0 {
            return Err(Error::ZeroAmount);
        }
        let (stake, total_staked) = self.stakes.increase(account, amount, now)?;
        Ok(Staked {
            account,
            amount,
            stake,
            total_staked,
        })
    }

    /// Book `amount` less stake for `account` in block `now` (the caller then pays it out);
    /// its delegate's weight shrinks by `amount`.
    /// Errors: `ZeroAmount`, `InsufficientStake`, `Overflow`. Event: `Unstaked` with the new
    /// totals.
    pub fn unstake(
        &mut self,
        account: AccountId,
        amount: Balance,
        now: BlockNumber,
    ) -> Result<Unstaked> {
        if amount == 0 {
            return Err(Error::ZeroAmount);
        }
        let (stake, total_staked) = self.stakes.decrease(account, amount, now)?;
        Ok(Unstaked {
            account,
            amount,
            stake,
            total_staked,
        })
    }

    /// `delegator` makes `to` its delegate in block `now`: its whole stake's weight moves from
    /// the previous delegate to `to` (future stake follows). Delegating to itself undoes a
    /// delegation; zero stake only records the choice.
    /// Errors: `AlreadyDelegated`, `Overflow`. Event: `DelegateChanged`.
    pub fn delegate(
        &mut self,
        delegator: AccountId,
        to: AccountId,
        now: BlockNumber,
    ) -> Result<DelegateChanged> {
        let (from, weight) = self.stakes.delegate(delegator, to, now)?;
        Ok(DelegateChanged {
            delegator,
            from,
            to,
            weight,
        })
    }

    // ------------------------------------------------------------------ proposals

    fn get(&self, id: ProposalId) -> Result<Proposal> {
        self.proposals.get(id).ok_or(Error::ProposalNotFound)
    }

    fn is_live(&self, id: ProposalId, now: BlockNumber) -> bool {
        self.proposals
            .get(id)
            .is_some_and(|p| p.state(now).is_live())
    }

    /// Create a proposal of `action` by `proposer` in block `now`, under the current settings
    /// (frozen into it, with whether the action is critical). Snapshot = `now − 1`; the
    /// proposer needs `proposal_threshold` voting weight there.
    /// Errors: `InvalidAction`, `Overflow` (block 0), `BelowProposalThreshold`,
    /// `ProposerHasLiveProposal`. Event: `ProposalCreated`.
    pub fn propose(
        &mut self,
        proposer: AccountId,
        action: Action,
        description: String,
        now: BlockNumber,
    ) -> Result<ProposalCreated> {
        let valid = match &action {
            Action::Cluster(cluster_action) => cluster_action.check_bounds(),
            Action::UpdateSettings(settings) => settings.is_valid(),
            Action::SetGuardian(_) | Action::SetCorePin(_) => true,
            Action::Transfer { amount, .. } => *amount > 0,
        };
        if !valid || description.len() > MAX_DESCRIPTION_LEN {
            return Err(Error::InvalidAction);
        }
        let settings = self.config().settings;
        let snapshot = now.checked_sub(1).ok_or(Error::Overflow)?;
        if self.stakes.votes_at(proposer, snapshot) < settings.proposal_threshold {
            return Err(Error::BelowProposalThreshold);
        }
        if let Some(latest) = self.latest_of.get(proposer) {
            if self.is_live(latest, now) {
                return Err(Error::ProposerHasLiveProposal);
            }
        }
        let id = self.proposal_count();
        let next_id = id.checked_add(1).ok_or(Error::Overflow)?;

        let vote_start = now
            .checked_add(settings.voting_delay)
            .ok_or(Error::Overflow)?;
        let vote_end = vote_start
            .checked_add(settings.voting_period)
            .ok_or(Error::Overflow)?;
        let critical = action.is_critical();
        let proposal = Proposal {
            proposer,
            snapshot,
            vote_start,
            vote_end,
            extended: false,
            settings,
            critical,
            quorum_base: self.stakes.total_at(snapshot),
            for_votes: 0,
            against_votes: 0,
            abstain_votes: 0,
            status: Status::Open,
        };
        self.proposals.insert(id, &proposal);
        self.actions.insert(id, &action);
        self.latest_of.insert(proposer, &id);
        self.next_id.set(&next_id);
        Ok(ProposalCreated {
            id,
            proposer,
            action,
            critical,
            description,
            snapshot,
            vote_start,
            vote_end,
            quorum_base: proposal.quorum_base,
        })
    }

    /// `voter` votes `vote` on proposal `id` in block `now`, with the voting weight delegated to
    /// it at the snapshot. A vote that first brings For + Abstain to the proposal's quorum (the
    /// critical quorum for a critical proposal) with at most `late_quorum_extension`
    /// blocks of voting left moves the end of voting to `now + 1 + late_quorum_extension`
    /// (once per proposal).
    /// Errors: `ProposalNotFound`, `InvalidState` (not Active), `AlreadyVoted`, `NoVotingPower`,
    /// `Overflow`. Event: `VoteCast` with the new tallies and end of voting.
    pub fn vote(
        &mut self,
        voter: AccountId,
        id: ProposalId,
        vote: VoteType,
        now: BlockNumber,
    ) -> Result<VoteCast> {
        let mut proposal = self.get(id)?;
        let state = proposal.state(now);
        if state != ProposalState::Active {
            return Err(Error::InvalidState(state));
        }
        if self.has_voted(id, voter) {
            return Err(Error::AlreadyVoted);
        }
        let weight = self.stakes.votes_at(voter, proposal.snapshot);
        if weight == 0 {
            return Err(Error::NoVotingPower);
        }
        let had_quorum = proposal.quorum_reached();
        let tally = match vote {
            VoteType::For => &mut proposal.for_votes,
            VoteType::Against => &mut proposal.against_votes,
            VoteType::Abstain => &mut proposal.abstain_votes,
        };
        // Weights at one snapshot sum to at most the total then: no overflow in practice.
        *tally = tally.checked_add(weight).ok_or(Error::Overflow)?;

        let extension = proposal.settings.late_quorum_extension;
        let mut extended = false;
        if !proposal.extended
            && extension > 0
            && !had_quorum
            && proposal.quorum_reached()
            && proposal.vote_end.saturating_sub(now) <= extension
        {
            proposal.extended = true;
            proposal.vote_end = now.saturating_add(1).saturating_add(extension);
            extended = true;
        }
        self.proposals.insert(id, &proposal);
        self.votes.insert((id, voter), &vote);
        Ok(VoteCast {
            id,
            voter,
            vote,
            weight,
            for_votes: proposal.for_votes,
            against_votes: proposal.against_votes,
            abstain_votes: proposal.abstain_votes,
            vote_end: proposal.vote_end,
            extended,
        })
    }

    /// The proposer cancels proposal `id` while it is Pending.
    /// Errors: `ProposalNotFound`, `OnlyProposer`, `InvalidState`.
    /// Event: `ProposalClosed` (Cancelled).
    pub fn cancel(
        &mut self,
        caller: AccountId,
        id: ProposalId,
        now: BlockNumber,
    ) -> Result<ProposalClosed> {
        self.close(caller, id, now, ProposalState::Cancelled)
    }

    /// The guardian vetoes proposal `id` during its execution delay (state Succeeded).
    /// Errors: `ProposalNotFound`, `OnlyGuardian`, `InvalidState`.
    /// Event: `ProposalClosed` (Vetoed).
    pub fn veto(
        &mut self,
        caller: AccountId,
        id: ProposalId,
        now: BlockNumber,
    ) -> Result<ProposalClosed> {
        self.close(caller, id, now, ProposalState::Vetoed)
    }

    /// Cancel (`to` = Cancelled: proposer, while Pending) or veto (`to` = Vetoed: guardian,
    /// while Succeeded).
    #[inline(never)]
    fn close(
        &mut self,
        caller: AccountId,
        id: ProposalId,
        now: BlockNumber,
        to: ProposalState,
    ) -> Result<ProposalClosed> {
        let mut proposal = self.get(id)?;
        let (allowed, required, status) = if to == ProposalState::Vetoed {
            if self.config().guardian != Some(caller) {
                return Err(Error::OnlyGuardian);
            }
            (true, ProposalState::Succeeded, Status::Vetoed)
        } else {
            (
                proposal.proposer == caller,
                ProposalState::Pending,
                Status::Cancelled,
            )
        };
        if !allowed {
            return Err(Error::OnlyProposer);
        }
        let state = proposal.state(now);
        if state != required {
            return Err(Error::InvalidState(state));
        }
        proposal.status = status;
        self.proposals.insert(id, &proposal);
        Ok(ProposalClosed {
            id,
            by: caller,
            state: to,
        })
    }

    /// Mark Executable proposal `id` Executed (written to storage now, before any call out)
    /// and return its action for the caller to carry out.
    /// Errors: `ProposalNotFound`, `InvalidState`. Event: `ProposalClosed` (Executed).
    pub fn begin_execute(
        &mut self,
        executor: AccountId,
        id: ProposalId,
        now: BlockNumber,
    ) -> Result<(Action, ProposalClosed)> {
        let mut proposal = self.get(id)?;
        let state = proposal.state(now);
        if state != ProposalState::Executable {
            return Err(Error::InvalidState(state));
        }
        proposal.status = Status::Executed;
        self.proposals.insert(id, &proposal);
        let action = self.actions.get(id).ok_or(Error::ProposalNotFound)?;
        Ok((
            action,
            ProposalClosed {
                id,
                by: executor,
                state: ProposalState::Executed,
            },
        ))
    }

    /// Apply a self action (`UpdateSettings`, `SetGuardian`, `SetCorePin`) to the configuration.
    /// Returns `None` for a cluster action or a transfer, which the caller carries out instead.
    /// Event: `ConfigChanged` with the new configuration.
    pub fn apply_self_action(&mut self, action: &Action) -> Option<ConfigChanged> {
        let mut config = self.config();
        match action {
            Action::Cluster(_) | Action::Transfer { .. } => return None,
            Action::UpdateSettings(settings) => config.settings = *settings,
            Action::SetGuardian(guardian) => config.guardian = *guardian,
            Action::SetCorePin(code_hash) => config.core_code_hash = *code_hash,
        }
        self.config.set(&config);
        Some(ConfigChanged { config })
    }
}
