//! Model test of the multisig's plain-Rust logic: seeded random sequences of propose (cluster
//! actions, `Transfer`, `VetoDaoProposal` and every self action, valid and invalid), approve,
//! approve_and_execute, revoke_approval, reject, cancel, execute and prune by six accounts (some
//! signers, some not), with time passing in between (0 ms to beyond every lifetime), checked
//! after every step against a small reference model written from the rules as documented.
//!
//! Every operation's result (`Ok` with its event, or the exact error) must equal the model's
//! prediction. After every step the multisig must agree with the model on the configuration,
//! the length of the list counted against the global cap, every proposal (record, counts, vote
//! bitmasks, derived state), the standing votes (`vote_of`: every account on every proposal
//! every 10th step, after an epoch change and at the end; otherwise every account on the
//! proposal the step acted on and one random account on each other one) and a random page of
//! `proposals`. A proposal executes at most once (counted from the multisig's own answers);
//! the effect an execution hands back is the proposal's action; a self action changes the
//! configuration exactly as the model does.
//!
//! One sequence in ten is "crowded" (twelve accounts, eleven signers, long lifetimes, mostly
//! proposals) so that the global cap of 64 live proposals is reached: with six accounts at most
//! 6 × 8 = 48 proposals can be live at once.
//!
//! `DDC_MODEL_CASES=<n>` runs n sequences (default 300); `DDC_MODEL_SEED=<seed>` replays one.
//! A failing sequence prints its seed, the failing step and the whole trace.

use crate::events::{
    ConfigChanged, ProposalCancelled, ProposalCreated, ProposalExecuted, ProposalRejected, VoteCast,
};
use crate::logic::{
    Action, Config, Effect, Error, Execution, Multisig, Proposal, ProposalId, ProposalState, Vote,
};
use ddc_types::testing::Rng;
use ddc_types::{AccountId, Balance, ClusterAction, NodeStatusInCluster};
use ink::primitives::Hash;
use std::collections::BTreeMap;

// ---------------------------------------------------------------- the rules' numbers

/// The numbers of the rules, written out here (and checked once against `logic`).
const MAX_SIGNERS: usize = 32;
const MAX_OPEN_PER_SIGNER: usize = 8;
const MAX_OPEN_PROPOSALS: usize = 64;
const MIN_LIFETIME: u64 = 60_000;
const MAX_LIFETIME: u64 = 90 * 24 * 3_600_000;
const MAX_PARAMS: usize = 1024;
const MAX_VNODES: usize = 16;
const PAGE_LIMIT: u32 = 8;

#[test]
fn the_models_numbers_are_the_logics() {
    use crate::logic as l;
    assert_eq!(MAX_SIGNERS, l::MAX_SIGNERS);
    assert_eq!(MAX_OPEN_PER_SIGNER, l::MAX_OPEN_PER_SIGNER);
    assert_eq!(MAX_OPEN_PROPOSALS, l::MAX_OPEN_PROPOSALS);
    assert_eq!(MIN_LIFETIME, l::MIN_LIFETIME_MS);
    assert_eq!(MAX_LIFETIME, l::MAX_LIFETIME_MS);
    assert_eq!(MAX_PARAMS, l::MAX_ACTION_PARAMS_LEN);
    assert_eq!(MAX_VNODES, ddc_types::MAX_VNODES_PER_NODE);
    assert_eq!(PAGE_LIMIT, l::MAX_PAGE_LIMIT);
}

// ---------------------------------------------------------------- accounts

/// Actor `i` (0-based).
fn account(i: usize) -> AccountId {
    AccountId::from([i as u8 + 1; 32])
}
fn this() -> AccountId {
    AccountId::from([201; 32])
}
fn registry() -> AccountId {
    AccountId::from([200; 32])
}
/// A DAO the multisig may veto in.
fn dao() -> AccountId {
    AccountId::from([150; 32])
}
fn node(i: u8) -> AccountId {
    AccountId::from([100 + i; 32])
}
fn pin(i: u8) -> Hash {
    Hash::from([i; 32])
}

/// A short name for traces.
fn name(account: &AccountId) -> String {
    let bytes: &[u8; 32] = account.as_ref();
    match bytes[0] {
        201 => "this".into(),
        200 => "core".into(),
        150 => "dao".into(),
        b @ 100..=120 => format!("node{}", b - 100),
        b => format!("a{}", b - 1),
    }
}

fn names(accounts: &[AccountId]) -> String {
    let names: Vec<String> = accounts.iter().map(name).collect();
    format!("[{}]", names.join(","))
}

// ---------------------------------------------------------------- the model

/// A proposal's stored outcome; the open ones' state is derived.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Stored {
    Open,
    Executed,
    Rejected,
    Cancelled,
}

#[derive(Clone, Debug)]
struct ModelProposal {
    proposer: AccountId,
    action: Action,
    epoch: u32,
    /// The signers of its epoch, in order: the vote bitmasks are by position in this list.
    signers: Vec<AccountId>,
    created: u64,
    expires: u64,
    approved: Vec<AccountId>,
    rejected: Vec<AccountId>,
    stored: Stored,
}

#[derive(Clone, Debug, PartialEq)]
struct ModelConfig {
    signers: Vec<AccountId>,
    threshold: u32,
    epoch: u32,
    lifetime: u64,
    pin: Option<Hash>,
    next_id: u64,
}

/// What an execution hands back, comparable.
#[derive(Debug, PartialEq)]
struct Executed {
    executed: ProposalExecuted,
    config_changed: Option<ConfigChanged>,
    effect: Option<Effect>,
    registry: AccountId,
    core_code_hash: Option<Hash>,
}

fn executed(execution: Execution) -> Executed {
    Executed {
        executed: execution.executed,
        config_changed: execution.config_changed,
        effect: execution.effect,
        registry: execution.registry,
        core_code_hash: execution.core_code_hash,
    }
}

struct Model {
    now: u64,
    config: ModelConfig,
    /// Index = id.
    proposals: Vec<ModelProposal>,
    /// The ids counted against the global cap: every new id is appended; the list is filtered
    /// down to the live ids only by a proposal made while it holds 64 or more, and by `prune`.
    open_all: Vec<ProposalId>,
}

fn mask(signers: &[AccountId], voters: &[AccountId]) -> u32 {
    voters
        .iter()
        .map(|voter| {
            let position = signers
                .iter()
                .position(|s| s == voter)
                .expect("voter signs");
            1u32 << position
        })
        .fold(0, |mask, bit| mask | bit)
}

fn without(accounts: &[AccountId], account: AccountId) -> Vec<AccountId> {
    accounts.iter().copied().filter(|a| *a != account).collect()
}

fn has_duplicates(accounts: &[AccountId]) -> bool {
    accounts
        .iter()
        .enumerate()
        .any(|(i, a)| accounts[i + 1..].contains(a))
}

fn lifetime_ok(lifetime: u64) -> bool {
    (MIN_LIFETIME..=MAX_LIFETIME).contains(&lifetime)
}

fn cluster_in_bounds(action: &ClusterAction) -> bool {
    match action {
        ClusterAction::AddNode { v_nodes, .. } | ClusterAction::ReplaceNode { v_nodes, .. } => {
            (1..=MAX_VNODES).contains(&v_nodes.len())
        }
        ClusterAction::ChangeParams { params, .. } => params.len() <= MAX_PARAMS,
        _ => true,
    }
}

/// The effect an action has outside the multisig, if it is not a self action.
fn effect_of(action: &Action) -> Option<Effect> {
    match action {
        Action::Cluster(action) => Some(Effect::Cluster(action.clone())),
        Action::Transfer { to, amount } => Some(Effect::Transfer {
            to: *to,
            amount: *amount,
        }),
        Action::VetoDaoProposal { dao, proposal } => Some(Effect::VetoDaoProposal {
            dao: *dao,
            proposal: *proposal,
        }),
        _ => None,
    }
}

/// The configuration after self action `action`, or why it cannot apply.
fn applied(config: &ModelConfig, action: &Action) -> Result<ModelConfig, Error> {
    let mut c = config.clone();
    let count = c.signers.len();
    match action {
        Action::AddSigner(new) => {
            if c.signers.contains(new) {
                return Err(Error::AlreadySigner);
            }
            if count >= MAX_SIGNERS {
                return Err(Error::InvalidSigners);
            }
            c.signers.push(*new);
            c.epoch += 1;
        }
        Action::RemoveSigner(old) => {
            if !c.signers.contains(old) {
                return Err(Error::UnknownSigner);
            }
            if count == 1 {
                return Err(Error::LastSigner);
            }
            if (count - 1) < c.threshold as usize {
                return Err(Error::ThresholdAboveSigners);
            }
            c.signers = without(&c.signers, *old);
            c.epoch += 1;
        }
        Action::ReplaceSigner { old, new } => {
            if c.signers.contains(new) {
                return Err(Error::AlreadySigner);
            }
            let Some(slot) = c.signers.iter_mut().find(|s| *s == old) else {
                return Err(Error::UnknownSigner);
            };
            *slot = *new;
            c.epoch += 1;
        }
        Action::ChangeThreshold(threshold) => {
            if *threshold == 0 || *threshold as usize > count {
                return Err(Error::InvalidThreshold);
            }
            c.threshold = *threshold;
            c.epoch += 1;
        }
        Action::SetLifetime(lifetime) => {
            if !lifetime_ok(*lifetime) {
                return Err(Error::InvalidLifetime);
            }
            c.lifetime = *lifetime;
        }
        Action::SetCorePin(code_hash) => c.pin = *code_hash,
        Action::Cluster(_) | Action::Transfer { .. } | Action::VetoDaoProposal { .. } => {
            unreachable!("not a self action")
        }
    }
    Ok(c)
}

/// Whether `action` may be proposed under `config`.
fn valid(config: &ModelConfig, action: &Action) -> Result<(), Error> {
    match action {
        Action::Cluster(cluster) => {
            if cluster_in_bounds(cluster) {
                Ok(())
            } else {
                Err(Error::ActionOutOfBounds)
            }
        }
        Action::Transfer { amount, .. } => {
            if *amount == 0 {
                Err(Error::ActionOutOfBounds)
            } else {
                Ok(())
            }
        }
        Action::VetoDaoProposal { dao, .. } => {
            if *dao == this() || *dao == registry() {
                Err(Error::ActionOutOfBounds)
            } else {
                Ok(())
            }
        }
        action => applied(config, action).map(|_| ()),
    }
}

fn config_event(c: &ModelConfig) -> ConfigChanged {
    ConfigChanged {
        epoch: c.epoch,
        signers: c.signers.clone(),
        threshold: c.threshold,
        default_lifetime_ms: c.lifetime,
        core_code_hash: c.pin,
    }
}

/// What `Multisig::new` must answer.
fn model_new(
    registry: AccountId,
    signers: &[AccountId],
    threshold: u32,
    lifetime: u64,
) -> Result<(), Error> {
    if registry == this() {
        return Err(Error::RegistryIsSelf);
    }
    if signers.is_empty() || signers.len() > MAX_SIGNERS || has_duplicates(signers) {
        return Err(Error::InvalidSigners);
    }
    if threshold == 0 || threshold as usize > signers.len() {
        return Err(Error::InvalidThreshold);
    }
    if !lifetime_ok(lifetime) {
        return Err(Error::InvalidLifetime);
    }
    Ok(())
}

impl Model {
    fn is_signer(&self, account: AccountId) -> bool {
        self.config.signers.contains(&account)
    }

    fn get(&self, id: ProposalId) -> Option<&ModelProposal> {
        usize::try_from(id).ok().and_then(|i| self.proposals.get(i))
    }

    fn state(&self, id: ProposalId) -> ProposalState {
        let p = self.get(id).expect("exists");
        match p.stored {
            Stored::Executed => ProposalState::Executed,
            Stored::Rejected => ProposalState::Rejected,
            Stored::Cancelled => ProposalState::Cancelled,
            Stored::Open if p.epoch != self.config.epoch => ProposalState::Stale,
            Stored::Open if self.now >= p.expires => ProposalState::Expired,
            Stored::Open if p.approved.len() >= self.config.threshold as usize => {
                ProposalState::Approved
            }
            Stored::Open => ProposalState::Pending,
        }
    }

    fn is_live(&self, id: ProposalId) -> bool {
        matches!(
            self.state(id),
            ProposalState::Pending | ProposalState::Approved
        )
    }

    /// Proposal `id` if it can be voted on or executed, or why not.
    fn live(&self, id: ProposalId) -> Result<ModelProposal, Error> {
        let p = self.get(id).ok_or(Error::ProposalNotFound)?;
        match self.state(id) {
            ProposalState::Pending | ProposalState::Approved => Ok(p.clone()),
            ProposalState::Expired => Err(Error::ProposalExpired),
            ProposalState::Stale => Err(Error::ProposalStale),
            _ => Err(Error::ProposalClosed),
        }
    }

    fn expected_proposal(&self, id: ProposalId) -> Proposal {
        let p = self.get(id).expect("exists");
        Proposal {
            proposer: p.proposer,
            action: p.action.clone(),
            epoch: p.epoch,
            created_at_ms: p.created,
            expires_at_ms: p.expires,
            approvals: p.approved.len() as u32,
            rejections: p.rejected.len() as u32,
            approved_by: mask(&p.signers, &p.approved),
            rejected_by: mask(&p.signers, &p.rejected),
            state: self.state(id),
        }
    }

    fn vote_of(&self, id: ProposalId, account: AccountId) -> Option<Vote> {
        let p = self.get(id)?;
        if p.epoch != self.config.epoch {
            None
        } else if p.approved.contains(&account) {
            Some(Vote::Approve)
        } else if p.rejected.contains(&account) {
            Some(Vote::Reject)
        } else {
            None
        }
    }

    fn expected_config(&self) -> Config {
        let c = &self.config;
        Config {
            registry: registry(),
            core_code_hash: c.pin,
            signers: c.signers.clone(),
            threshold: c.threshold,
            epoch: c.epoch,
            default_lifetime_ms: c.lifetime,
            next_id: c.next_id,
        }
    }

    fn live_proposals_of(&self, proposer: AccountId) -> usize {
        (0..self.config.next_id)
            .filter(|id| self.get(*id).is_some_and(|p| p.proposer == proposer) && self.is_live(*id))
            .count()
    }

    fn propose(
        &mut self,
        caller: AccountId,
        action: &Action,
        lifetime: Option<u64>,
    ) -> Result<(ProposalId, ProposalCreated), Error> {
        if !self.is_signer(caller) {
            return Err(Error::NotSigner);
        }
        valid(&self.config, action)?;
        let lifetime = lifetime.unwrap_or(self.config.lifetime);
        if !lifetime_ok(lifetime) {
            return Err(Error::InvalidLifetime);
        }
        let expires = self.now.checked_add(lifetime).ok_or(Error::Overflow)?;
        if self.live_proposals_of(caller) >= MAX_OPEN_PER_SIGNER {
            return Err(Error::TooManyOpenProposals);
        }
        let mut open_all = self.open_all.clone();
        if open_all.len() >= MAX_OPEN_PROPOSALS {
            open_all.retain(|id| self.is_live(*id));
            if open_all.len() >= MAX_OPEN_PROPOSALS {
                return Err(Error::TooManyProposals);
            }
        }
        let id = self.config.next_id;
        open_all.push(id);
        self.open_all = open_all;
        self.proposals.push(ModelProposal {
            proposer: caller,
            action: action.clone(),
            epoch: self.config.epoch,
            signers: self.config.signers.clone(),
            created: self.now,
            expires,
            approved: vec![caller],
            rejected: vec![],
            stored: Stored::Open,
        });
        self.config.next_id += 1;
        Ok((
            id,
            ProposalCreated {
                id,
                proposer: caller,
                action: action.clone(),
                epoch: self.config.epoch,
                expires_at_ms: expires,
            },
        ))
    }

    /// `caller` sets its vote on `id` to `vote` (`None`: revokes its approval).
    fn cast(
        &mut self,
        caller: AccountId,
        id: ProposalId,
        vote: Option<Vote>,
    ) -> Result<(VoteCast, Option<ProposalRejected>), Error> {
        if !self.is_signer(caller) {
            return Err(Error::NotSigner);
        }
        let mut p = self.live(id)?;
        let current = self.vote_of(id, caller);
        match vote {
            Some(Vote::Approve) if current == Some(Vote::Approve) => {
                return Err(Error::AlreadyApproved)
            }
            Some(Vote::Reject) if current == Some(Vote::Reject) => {
                return Err(Error::AlreadyRejected)
            }
            None if current != Some(Vote::Approve) => return Err(Error::NoApprovalToRevoke),
            _ => {}
        }
        p.approved = without(&p.approved, caller);
        p.rejected = without(&p.rejected, caller);
        match vote {
            Some(Vote::Approve) => p.approved.push(caller),
            Some(Vote::Reject) => p.rejected.push(caller),
            None => {}
        }
        // Rejected once the signers that do not reject cannot reach the threshold.
        let can_still_approve = self.config.signers.len() - p.rejected.len();
        let rejected = (vote == Some(Vote::Reject)
            && can_still_approve < self.config.threshold as usize)
            .then(|| {
                p.stored = Stored::Rejected;
                ProposalRejected {
                    id,
                    rejections: p.rejected.len() as u32,
                }
            });
        let event = VoteCast {
            id,
            signer: caller,
            vote,
            approvals: p.approved.len() as u32,
            rejections: p.rejected.len() as u32,
        };
        self.proposals[id as usize] = p;
        Ok((event, rejected))
    }

    fn cancel(&mut self, caller: AccountId, id: ProposalId) -> Result<ProposalCancelled, Error> {
        let p = self.get(id).ok_or(Error::ProposalNotFound)?;
        if p.proposer != caller {
            return Err(Error::OnlyProposer);
        }
        if p.stored != Stored::Open {
            return Err(Error::ProposalClosed);
        }
        // Expired and stale proposals may be cancelled too. On a stale proposal approvals are
        // void (they can never execute it), so none blocks the proposer.
        let blocking = if p.epoch == self.config.epoch {
            without(&p.approved, caller)
        } else {
            Vec::new()
        };
        if !blocking.is_empty() {
            return Err(Error::ApprovedByOthers);
        }
        self.proposals[id as usize].stored = Stored::Cancelled;
        Ok(ProposalCancelled { id })
    }

    /// Execute `id` with the votes `approved`/`rejected`: mark it executed and apply a self
    /// action, all or nothing.
    fn finish(
        &mut self,
        id: ProposalId,
        caller: AccountId,
        approved: Vec<AccountId>,
        rejected: Vec<AccountId>,
    ) -> Result<Executed, Error> {
        let action = self.proposals[id as usize].action.clone();
        let effect = effect_of(&action);
        let config_changed = match effect {
            Some(_) => None,
            None => {
                self.config = applied(&self.config, &action)?;
                Some(config_event(&self.config))
            }
        };
        let p = &mut self.proposals[id as usize];
        p.approved = approved;
        p.rejected = rejected;
        p.stored = Stored::Executed;
        Ok(Executed {
            executed: ProposalExecuted {
                id,
                executor: caller,
                approvals: p.approved.len() as u32,
            },
            config_changed,
            effect,
            registry: registry(),
            core_code_hash: self.config.pin,
        })
    }

    fn execute(&mut self, caller: AccountId, id: ProposalId) -> Result<Executed, Error> {
        let p = self.live(id)?;
        if p.approved.len() < self.config.threshold as usize {
            return Err(Error::NotApproved);
        }
        self.finish(id, caller, p.approved, p.rejected)
    }

    fn approve_and_execute(
        &mut self,
        caller: AccountId,
        id: ProposalId,
    ) -> Result<(Option<VoteCast>, Option<Executed>), Error> {
        if !self.is_signer(caller) {
            return Err(Error::NotSigner);
        }
        let p = self.live(id)?;
        let approves = p.approved.contains(&caller);
        let mut approved = p.approved.clone();
        let rejected = without(&p.rejected, caller);
        if !approves {
            approved.push(caller);
        }
        if approved.len() >= self.config.threshold as usize {
            return self
                .finish(id, caller, approved, rejected)
                .map(|executed| (None, Some(executed)));
        }
        if approves {
            return Err(Error::AlreadyApproved);
        }
        let event = VoteCast {
            id,
            signer: caller,
            vote: Some(Vote::Approve),
            approvals: approved.len() as u32,
            rejections: rejected.len() as u32,
        };
        let p = &mut self.proposals[id as usize];
        p.approved = approved;
        p.rejected = rejected;
        Ok((Some(event), None))
    }

    fn prune(&mut self) -> u32 {
        let before = self.open_all.len();
        let open_all: Vec<ProposalId> = self
            .open_all
            .iter()
            .copied()
            .filter(|id| self.is_live(*id))
            .collect();
        self.open_all = open_all;
        (before - self.open_all.len()) as u32
    }
}

// ---------------------------------------------------------------- operations

#[derive(Clone, Debug)]
enum Op {
    Propose {
        caller: AccountId,
        action: Action,
        lifetime: Option<u64>,
    },
    Approve(AccountId, ProposalId),
    ApproveAndExecute(AccountId, ProposalId),
    Revoke(AccountId, ProposalId),
    Reject(AccountId, ProposalId),
    Cancel(AccountId, ProposalId),
    Execute(AccountId, ProposalId),
    Prune(AccountId),
    Wait(u64),
    /// Jump to this time (close to `u64::MAX`).
    Warp(u64),
}

fn kind(action: &Action) -> &'static str {
    match action {
        Action::Cluster(_) => "Cluster",
        Action::AddSigner(_) => "AddSigner",
        Action::RemoveSigner(_) => "RemoveSigner",
        Action::ReplaceSigner { .. } => "ReplaceSigner",
        Action::ChangeThreshold(_) => "ChangeThreshold",
        Action::SetLifetime(_) => "SetLifetime",
        Action::SetCorePin(_) => "SetCorePin",
        Action::Transfer { .. } => "Transfer",
        Action::VetoDaoProposal { .. } => "VetoDaoProposal",
    }
}

fn show_action(action: &Action) -> String {
    match action {
        Action::Cluster(cluster) => {
            let detail = match cluster {
                ClusterAction::AddNode { v_nodes, .. } => {
                    format!("AddNode vnodes={}", v_nodes.len())
                }
                ClusterAction::ReplaceNode { v_nodes, .. } => {
                    format!("ReplaceNode vnodes={}", v_nodes.len())
                }
                ClusterAction::ChangeParams { params, .. } => {
                    format!("ChangeParams len={}", params.len())
                }
                other => {
                    let debug = format!("{other:?}");
                    debug
                        .split([' ', '{'])
                        .next()
                        .unwrap_or_default()
                        .to_string()
                }
            };
            format!("Cluster({detail})")
        }
        Action::AddSigner(a) => format!("AddSigner({})", name(a)),
        Action::RemoveSigner(a) => format!("RemoveSigner({})", name(a)),
        Action::ReplaceSigner { old, new } => {
            format!("ReplaceSigner({}->{})", name(old), name(new))
        }
        Action::ChangeThreshold(t) => format!("ChangeThreshold({t})"),
        Action::SetLifetime(l) => format!("SetLifetime({l})"),
        Action::SetCorePin(p) => format!("SetCorePin({:?})", p.map(|p| p.as_ref()[0])),
        Action::Transfer { to, amount } => format!("Transfer({} {amount})", name(to)),
        Action::VetoDaoProposal { dao, proposal } => format!("Veto({} #{proposal})", name(dao)),
    }
}

fn show(op: &Op) -> String {
    match op {
        Op::Propose {
            caller,
            action,
            lifetime,
        } => format!(
            "{} propose {} lifetime={lifetime:?}",
            name(caller),
            show_action(action)
        ),
        Op::Approve(a, id) => format!("{} approve #{id}", name(a)),
        Op::ApproveAndExecute(a, id) => format!("{} approve_and_execute #{id}", name(a)),
        Op::Revoke(a, id) => format!("{} revoke_approval #{id}", name(a)),
        Op::Reject(a, id) => format!("{} reject #{id}", name(a)),
        Op::Cancel(a, id) => format!("{} cancel #{id}", name(a)),
        Op::Execute(a, id) => format!("{} execute #{id}", name(a)),
        Op::Prune(a) => format!("prune {}", name(a)),
        Op::Wait(ms) => format!("wait {ms} ms"),
        Op::Warp(to) => format!("warp to {to}"),
    }
}

/// How a sequence draws its operations.
struct Profile {
    accounts: usize,
    /// Weights of propose, approve, approve_and_execute, reject, revoke, cancel, execute,
    /// prune, wait.
    weights: [u64; 9],
    waits: &'static [u64],
    /// Percent of operations whose caller is drawn from the signers.
    signer_callers: u64,
    /// Percent of proposed actions that are self actions.
    self_actions: u64,
    /// Percent of proposals made with the default lifetime.
    default_lifetimes: u64,
}

const WAITS: &[u64] = &[
    0,
    1,
    999,
    30_000,
    59_999,
    60_000,
    120_000,
    600_000,
    3_600_000,
    MAX_LIFETIME + 1,
];
const SHORT_WAITS: &[u64] = &[0, 1, 1_000, 30_000, 60_000];

fn random_cluster(rng: &mut Rng) -> ClusterAction {
    let cluster = rng.below(3) as u32;
    let node_key = node(rng.below(3) as u8);
    let v_nodes = |rng: &mut Rng| -> Vec<u64> {
        let len = rng.pick(&[0u64, 1, 2, 3, MAX_VNODES as u64, MAX_VNODES as u64 + 1]);
        (0..len).collect()
    };
    match rng.below(10) {
        0 => ClusterAction::AcceptManager { cluster },
        1 => ClusterAction::TransferManager {
            cluster,
            new_manager: node_key,
        },
        2 => ClusterAction::AddNode {
            cluster,
            node_key,
            v_nodes: v_nodes(rng),
        },
        3 => ClusterAction::RemoveNode { cluster, node_key },
        4 => ClusterAction::ReplaceNode {
            cluster,
            v_nodes: v_nodes(rng),
            new_node_key: node_key,
        },
        5 => ClusterAction::SetNodeStatus {
            cluster,
            node_key,
            status: rng.pick(&[
                NodeStatusInCluster::Adding,
                NodeStatusInCluster::Active,
                NodeStatusInCluster::Deleting,
                NodeStatusInCluster::Offline,
            ]),
        },
        6 => ClusterAction::ChangeParams {
            cluster,
            params: "p".repeat(rng.pick(&[0, 7, MAX_PARAMS, MAX_PARAMS + 1])),
        },
        7 => ClusterAction::SetResourcePerVnode {
            cluster,
            resource: rng.below(100) as u32,
        },
        8 => ClusterAction::DistributeRevenues { cluster },
        _ => ClusterAction::EvictBucket {
            cluster,
            bucket: 1 + rng.below(5) as u32,
        },
    }
}

/// An account, a signer with probability `percent` (when there are signers).
fn some_account(rng: &mut Rng, model: &Model, accounts: usize, percent: u64) -> AccountId {
    if rng.chance(percent) {
        rng.pick(&model.config.signers)
    } else {
        account(rng.index(accounts))
    }
}

/// An account that is not a signer, if there is one, with probability `percent`.
fn outsider(rng: &mut Rng, model: &Model, accounts: usize, percent: u64) -> AccountId {
    let outsiders: Vec<AccountId> = (0..accounts)
        .map(account)
        .filter(|a| !model.is_signer(*a))
        .collect();
    if !outsiders.is_empty() && rng.chance(percent) {
        rng.pick(&outsiders)
    } else {
        account(rng.index(accounts))
    }
}

fn random_action(rng: &mut Rng, model: &Model, profile: &Profile) -> Action {
    let accounts = profile.accounts;
    let signers = model.config.signers.len() as u64;
    if !rng.chance(profile.self_actions) {
        return match rng.below(100) {
            0..=59 => Action::Cluster(random_cluster(rng)),
            60..=79 => Action::Transfer {
                to: account(rng.index(accounts)),
                amount: rng.pick(&[0, 1, 1_000, Balance::MAX]),
            },
            _ => Action::VetoDaoProposal {
                dao: rng.pick(&[dao(), dao(), dao(), this(), registry()]),
                proposal: rng.below(5),
            },
        };
    }
    match rng.below(100) {
        0..=21 => Action::AddSigner(outsider(rng, model, accounts, 75)),
        22..=39 => Action::RemoveSigner(some_account(rng, model, accounts, 80)),
        40..=54 => Action::ReplaceSigner {
            old: some_account(rng, model, accounts, 80),
            new: outsider(rng, model, accounts, 75),
        },
        55..=72 => Action::ChangeThreshold(rng.below(signers + 2) as u32),
        73..=87 => Action::SetLifetime(rng.pick(&[
            0,
            MIN_LIFETIME - 1,
            MIN_LIFETIME,
            90_000,
            600_000,
            MAX_LIFETIME,
            MAX_LIFETIME + 1,
        ])),
        _ => Action::SetCorePin(rng.pick(&[None, Some(pin(1)), Some(pin(2))])),
    }
}

/// A proposal id: mostly a recent one, sometimes any, sometimes one that does not exist.
fn some_id(rng: &mut Rng, model: &Model) -> ProposalId {
    let next = model.config.next_id;
    match rng.below(100) {
        _ if next == 0 => 0,
        0..=3 => next,
        4 => u64::MAX,
        5..=64 => next - 1 - rng.below(next.min(6)),
        _ => rng.below(next),
    }
}

fn random_op(rng: &mut Rng, model: &Model, profile: &Profile) -> Op {
    let n = profile.accounts;
    let by_signer = profile.signer_callers;
    let total: u64 = profile.weights.iter().sum();
    let mut roll = rng.below(total);
    let mut choice = 0;
    while roll >= profile.weights[choice] {
        roll -= profile.weights[choice];
        choice += 1;
    }
    if rng.below(2000) == 0 {
        return Op::Warp(u64::MAX - rng.pick(&[0, 59_999, 100_000, MAX_LIFETIME]));
    }
    match choice {
        0 => {
            let lifetime = if rng.chance(profile.default_lifetimes) {
                None
            } else {
                Some(rng.pick(&[
                    0,
                    MIN_LIFETIME - 1,
                    MIN_LIFETIME,
                    90_000,
                    300_000,
                    3_600_000,
                    MAX_LIFETIME,
                    MAX_LIFETIME + 1,
                ]))
            };
            Op::Propose {
                caller: some_account(rng, model, n, by_signer),
                action: random_action(rng, model, profile),
                lifetime,
            }
        }
        1..=4 => {
            let id = some_id(rng, model);
            // Often a signer that already votes on it (to repeat or change its vote).
            let voters = model.get(id).map_or(vec![], |p| {
                let mut voters = p.approved.clone();
                voters.extend(&p.rejected);
                voters
            });
            let caller = if !voters.is_empty() && rng.chance(30) {
                rng.pick(&voters)
            } else {
                some_account(rng, model, n, by_signer)
            };
            match choice {
                1 => Op::Approve(caller, id),
                2 => Op::ApproveAndExecute(caller, id),
                3 => Op::Reject(caller, id),
                _ => Op::Revoke(caller, id),
            }
        }
        5 => {
            let id = some_id(rng, model);
            let caller = match model.get(id) {
                Some(p) if rng.chance(75) => p.proposer,
                _ => some_account(rng, model, n, 70),
            };
            Op::Cancel(caller, id)
        }
        6 => Op::Execute(account(rng.index(n)), some_id(rng, model)),
        7 => Op::Prune(some_account(rng, model, n, 70)),
        _ => Op::Wait(rng.pick(profile.waits)),
    }
}

// ---------------------------------------------------------------- the run

/// What the sequences did, by operation and outcome.
#[derive(Default)]
struct Coverage(BTreeMap<String, u64>);

impl Coverage {
    fn hit(&mut self, key: String) {
        *self.0.entry(key).or_default() += 1;
    }
}

fn outcome<T>(result: &Result<T, Error>) -> String {
    match result {
        Ok(_) => "Ok".into(),
        Err(error) => format!("{error:?}"),
    }
}

struct Run {
    seed: u64,
    trace: Vec<String>,
    multisig: Multisig,
    model: Model,
    /// Successful executions per id, counted from the multisig's answers.
    executions: Vec<u32>,
    /// The proposal the last step acted on.
    touched: Option<ProposalId>,
}

impl Drop for Run {
    fn drop(&mut self) {
        if std::thread::panicking() {
            eprintln!(
                "\nmodel test failed: seed {} at step {} (replay with DDC_MODEL_SEED={})",
                self.seed,
                self.trace.len(),
                self.seed
            );
            for line in &self.trace {
                eprintln!("  {line}");
            }
        }
    }
}

impl Run {
    fn context(&self) -> String {
        format!(
            "seed {} step {}: {}",
            self.seed,
            self.trace.len(),
            self.trace.last().map_or("", String::as_str)
        )
    }

    /// Count a successful execution of `id` and check what it handed back.
    fn executed(&mut self, id: ProposalId, execution: &Executed) {
        let ctx = self.context();
        let count = &mut self.executions[id as usize];
        *count += 1;
        assert!(*count <= 1, "{ctx}: proposal {id} executed twice");
        let action = &self.model.get(id).expect("exists").action;
        assert_eq!(execution.effect, effect_of(action), "{ctx}: effect");
        match effect_of(action) {
            Some(_) => assert_eq!(execution.config_changed, None, "{ctx}"),
            None => assert_eq!(
                execution.config_changed,
                Some(config_event(&self.model.config)),
                "{ctx}"
            ),
        }
    }

    fn step(&mut self, op: &Op, cov: &mut Coverage) {
        let now = self.model.now;
        self.trace.push(format!(
            "{:>3} t={now} signers={} threshold={} epoch={}: {}",
            self.trace.len() + 1,
            names(&self.model.config.signers),
            self.model.config.threshold,
            self.model.config.epoch,
            show(op)
        ));
        let ctx = self.context();
        self.touched = match op {
            Op::Approve(_, id)
            | Op::ApproveAndExecute(_, id)
            | Op::Revoke(_, id)
            | Op::Reject(_, id)
            | Op::Cancel(_, id)
            | Op::Execute(_, id) => Some(*id),
            Op::Propose { .. } => Some(self.model.config.next_id),
            Op::Prune(_) | Op::Wait(_) | Op::Warp(_) => None,
        };
        match op {
            Op::Propose {
                caller,
                action,
                lifetime,
            } => {
                let full = self.model.open_all.len() >= MAX_OPEN_PROPOSALS;
                let expected = self.model.propose(*caller, action, *lifetime);
                let actual = self
                    .multisig
                    .propose(this(), *caller, action.clone(), *lifetime, now);
                assert_eq!(actual, expected, "{ctx}");
                if actual.is_ok() {
                    self.executions.push(0);
                    if full {
                        cov.hit("propose Ok after compacting the full global list".into());
                    }
                }
                cov.hit(format!("propose {} {}", kind(action), outcome(&actual)));
            }
            Op::Approve(caller, id) => {
                let expected = self.model.cast(*caller, *id, Some(Vote::Approve));
                let actual = self.multisig.approve(*caller, *id, now);
                assert_eq!(actual, expected.map(|(vote, _)| vote), "{ctx}");
                cov.hit(format!("approve {}", outcome(&actual)));
            }
            Op::Reject(caller, id) => {
                let expected = self.model.cast(*caller, *id, Some(Vote::Reject));
                let actual = self.multisig.reject(*caller, *id, now);
                assert_eq!(actual, expected, "{ctx}");
                match &actual {
                    Ok((_, Some(_))) => cov.hit("reject Ok rejected the proposal".into()),
                    other => cov.hit(format!("reject {}", outcome(other))),
                }
            }
            Op::Revoke(caller, id) => {
                let expected = self.model.cast(*caller, *id, None);
                let actual = self.multisig.revoke_approval(*caller, *id, now);
                assert_eq!(actual, expected.map(|(vote, _)| vote), "{ctx}");
                cov.hit(format!("revoke_approval {}", outcome(&actual)));
            }
            Op::Cancel(caller, id) => {
                let state = self.model.get(*id).map(|_| self.model.state(*id));
                let expected = self.model.cancel(*caller, *id);
                let actual = self.multisig.cancel(*caller, *id, now);
                assert_eq!(actual, expected, "{ctx}");
                cov.hit(format!("cancel {} ({state:?})", outcome(&actual)));
            }
            Op::Execute(caller, id) => {
                let expected = self.model.execute(*caller, *id);
                let actual = self.multisig.execute(*caller, *id, now).map(executed);
                assert_eq!(actual, expected, "{ctx}");
                let label = match &actual {
                    Ok(_) => format!("Ok {}", kind(&self.model.proposals[*id as usize].action)),
                    Err(error) => format!("{error:?}"),
                };
                cov.hit(format!("execute {label}"));
                if let Ok(execution) = &actual {
                    self.executed(*id, execution);
                }
            }
            Op::ApproveAndExecute(caller, id) => {
                let expected = self.model.approve_and_execute(*caller, *id);
                let actual = self
                    .multisig
                    .approve_and_execute(*caller, *id, now)
                    .map(|(vote, execution)| (vote, execution.map(executed)));
                assert_eq!(actual, expected, "{ctx}");
                let label = match &actual {
                    Ok((_, Some(_))) => format!(
                        "executed {}",
                        kind(&self.model.proposals[*id as usize].action)
                    ),
                    Ok((_, None)) => "approved only".into(),
                    Err(error) => format!("{error:?}"),
                };
                cov.hit(format!("approve_and_execute {label}"));
                if let Ok((_, Some(execution))) = &actual {
                    self.executed(*id, execution);
                }
            }
            Op::Prune(proposer) => {
                let expected = self.model.prune();
                let actual = self.multisig.prune(*proposer, now);
                assert_eq!(actual, Ok(expected), "{ctx}");
                cov.hit(format!(
                    "prune {}",
                    if expected > 0 {
                        "dropped some"
                    } else {
                        "dropped none"
                    }
                ));
            }
            Op::Wait(ms) => self.model.now = now.saturating_add(*ms),
            Op::Warp(to) => {
                self.model.now = now.max(*to);
                cov.hit("warp".into());
            }
        }
    }

    /// Everything observable must equal the model. Every account's vote on every proposal is
    /// compared when `full` (every 10th step, after an epoch change, at the end); otherwise
    /// every account's on the proposal the step acted on and one random account's on each other
    /// proposal (the vote bitmasks of all of them are compared every step).
    fn check(&self, rng: &mut Rng, accounts: usize, full: bool, cov: &mut Coverage) {
        let ctx = self.context();
        let (multisig, model) = (&self.multisig, &self.model);
        let now = model.now;
        assert_eq!(*multisig.config(), model.expected_config(), "{ctx}: config");
        assert_eq!(
            multisig.open_count(),
            model.open_all.len(),
            "{ctx}: ids counted against the global cap"
        );
        let next = model.config.next_id;
        for id in 0..next {
            let expected = model.expected_proposal(id);
            assert_eq!(
                multisig.proposal(id, now),
                Ok(expected),
                "{ctx}: proposal {id}"
            );
            let all = full || self.touched == Some(id);
            let voters = if all {
                0..accounts
            } else {
                let a = rng.index(accounts);
                a..a + 1
            };
            for a in voters {
                let account = account(a);
                assert_eq!(
                    multisig.vote_of(id, account),
                    model.vote_of(id, account),
                    "{ctx}: vote of {} on {id}",
                    name(&account)
                );
            }
            if self.executions[id as usize] == 1 {
                assert_eq!(model.state(id), ProposalState::Executed, "{ctx}");
            }
        }
        for id in [next, next + 1, u64::MAX] {
            assert_eq!(
                multisig.proposal(id, now),
                Err(Error::ProposalNotFound),
                "{ctx}"
            );
            assert_eq!(multisig.vote_of(id, account(0)), None, "{ctx}");
        }
        // A random page.
        let offset = rng.below(next + 3);
        let limit = rng.below(u64::from(PAGE_LIMIT) + 2) as u32;
        let expected = if limit > PAGE_LIMIT {
            Err(Error::PageLimitTooLarge)
        } else {
            let ids = offset..(offset + u64::from(limit)).min(next);
            Ok((
                ids.map(|id| (id, model.expected_proposal(id))).collect(),
                next,
            ))
        };
        assert_eq!(
            multisig.proposals(offset, limit, now),
            expected,
            "{ctx}: page {offset}+{limit}"
        );
        for id in 0..next {
            cov.hit(format!("seen {:?}", model.state(id)));
        }
    }
}

fn run_sequence(seed: u64, cov: &mut Coverage) {
    let mut rng = Rng::new(seed);
    let crowded = rng.chance(10);
    let profile = if crowded {
        Profile {
            accounts: 12,
            weights: [75, 6, 3, 2, 2, 3, 3, 3, 3],
            waits: SHORT_WAITS,
            signer_callers: 97,
            self_actions: 8,
            default_lifetimes: 90,
        }
    } else {
        Profile {
            accounts: 6,
            weights: [30, 12, 12, 8, 6, 6, 10, 4, 12],
            waits: WAITS,
            signer_callers: 85,
            self_actions: 55,
            default_lifetimes: 60,
        }
    };
    let steps = if crowded {
        110 + rng.index(16)
    } else {
        60 + rng.index(61)
    };
    // Signers: a random subset leaving at least one outsider; a random threshold.
    let mut pool: Vec<AccountId> = (0..profile.accounts).map(account).collect();
    let mut signers = Vec::new();
    let count = if crowded {
        profile.accounts - 1
    } else {
        1 + rng.index(profile.accounts - 1)
    };
    for _ in 0..count {
        signers.push(pool.remove(rng.index(pool.len())));
    }
    let threshold = if crowded {
        4 + rng.below(4) as u32
    } else {
        1 + rng.below(signers.len() as u64) as u32
    };
    let lifetime = if crowded {
        3_600_000
    } else {
        rng.pick(&[MIN_LIFETIME, 120_000, 600_000, 3_600_000])
    };
    let core_pin = rng.pick(&[None, Some(pin(9))]);

    // Sometimes a construction that may be invalid first.
    if rng.chance(40) {
        let (mut r, mut s, mut t, mut l) = (registry(), signers.clone(), threshold, lifetime);
        match rng.below(7) {
            0 => r = this(),
            1 => s.clear(),
            2 => s.push(s[0]),
            3 => t = 0,
            4 => t = s.len() as u32 + 1,
            5 => l = rng.pick(&[0, MIN_LIFETIME - 1, MAX_LIFETIME, MAX_LIFETIME + 1]),
            _ => {
                s = (0..=MAX_SIGNERS)
                    .map(|i| AccountId::from([50 + i as u8; 32]))
                    .collect()
            }
        }
        let expected = model_new(r, &s, t, l);
        let actual = Multisig::new(this(), r, core_pin, s, t, l).map(|_| ());
        assert_eq!(actual, expected, "seed {seed}: construction");
        cov.hit(format!("new {}", outcome(&actual)));
    }

    let (multisig, event) = Multisig::new(
        this(),
        registry(),
        core_pin,
        signers.clone(),
        threshold,
        lifetime,
    )
    .expect("valid construction");
    let model = Model {
        now: 1_000_000 + rng.below(1_000_000),
        config: ModelConfig {
            signers,
            threshold,
            epoch: 0,
            lifetime,
            pin: core_pin,
            next_id: 0,
        },
        proposals: Vec::new(),
        open_all: Vec::new(),
    };
    assert_eq!(
        event,
        config_event(&model.config),
        "seed {seed}: constructor event"
    );
    let mut run = Run {
        seed,
        trace: Vec::new(),
        multisig,
        model,
        executions: Vec::new(),
        touched: None,
    };
    run.check(&mut rng, profile.accounts, true, cov);
    for step in 1..=steps {
        let op = random_op(&mut rng, &run.model, &profile);
        let epoch = run.model.config.epoch;
        run.step(&op, cov);
        let full = step % 10 == 0 || step == steps || run.model.config.epoch != epoch;
        run.check(&mut rng, profile.accounts, full, cov);
    }
    cov.hit(format!(
        "most ids counted: {}",
        run.model.open_all.len() / 16 * 16
    ));
}

#[test]
fn randomized_sequences_agree_with_the_model() {
    let seeds = ddc_types::testing::model_seeds(0x4D53_0000, 300);
    let mut cov = Coverage::default();
    for &seed in &seeds {
        // A fresh off-chain environment (empty storage) per sequence: the multisig's
        // `Mapping`s and `Lazy` have fixed keys, so two multisigs in one environment share them.
        ink::env::test::run_test::<ink::env::DefaultEnvironment, _>(|_| {
            run_sequence(seed, &mut cov);
            Ok(())
        })
        .unwrap();
    }
    println!("{} sequences; outcomes:", seeds.len());
    for (key, count) in &cov.0 {
        println!("  {count:>7}  {key}");
    }
    if seeds.len() >= 100 {
        let missing: Vec<&str> = [
            "propose Cluster Ok",
            "propose Cluster ActionOutOfBounds",
            "propose Transfer ActionOutOfBounds",
            "propose VetoDaoProposal ActionOutOfBounds",
            "propose AddSigner AlreadySigner",
            "propose RemoveSigner UnknownSigner",
            "propose RemoveSigner LastSigner",
            "propose RemoveSigner ThresholdAboveSigners",
            "propose ReplaceSigner UnknownSigner",
            "propose ReplaceSigner AlreadySigner",
            "propose ChangeThreshold InvalidThreshold",
            "propose SetLifetime InvalidLifetime",
            "propose Cluster InvalidLifetime",
            "propose Cluster NotSigner",
            "propose Cluster Overflow",
            "propose Cluster TooManyOpenProposals",
            "propose Cluster TooManyProposals",
            "propose Ok after compacting the full global list",
            "approve Ok",
            "approve AlreadyApproved",
            "approve ProposalExpired",
            "approve ProposalStale",
            "approve ProposalClosed",
            "approve ProposalNotFound",
            "approve NotSigner",
            "reject Ok rejected the proposal",
            "reject AlreadyRejected",
            "revoke_approval Ok",
            "revoke_approval NoApprovalToRevoke",
            "cancel Ok (Some(Pending))",
            "cancel Ok (Some(Expired))",
            "cancel Ok (Some(Stale))",
            "cancel ApprovedByOthers (Some(Approved))",
            "cancel OnlyProposer (Some(Pending))",
            "cancel ProposalClosed (Some(Executed))",
            "execute NotApproved",
            "execute Ok Cluster",
            "execute Ok Transfer",
            "execute Ok VetoDaoProposal",
            "approve_and_execute approved only",
            "approve_and_execute AlreadyApproved",
            "approve_and_execute executed Cluster",
            "approve_and_execute executed AddSigner",
            "approve_and_execute executed RemoveSigner",
            "approve_and_execute executed ReplaceSigner",
            "approve_and_execute executed ChangeThreshold",
            "approve_and_execute executed SetLifetime",
            "approve_and_execute executed SetCorePin",
            "prune dropped some",
            "seen Pending",
            "seen Approved",
            "seen Executed",
            "seen Rejected",
            "seen Cancelled",
            "seen Expired",
            "seen Stale",
            "new RegistryIsSelf",
            "new InvalidSigners",
            "new InvalidThreshold",
            "new InvalidLifetime",
        ]
        .into_iter()
        .filter(|key| !cov.0.contains_key(*key))
        .collect();
        assert!(missing.is_empty(), "never happened: {missing:?}");
    }
}
