//! Model test of the DAO's plain-Rust logic: randomized sequences of stake, unstake, delegate,
//! propose (ordinary and critical actions), vote, cancel, veto and execute by five actors, with
//! blocks passing in between, checked after every step against a small reference model.
//!
//! The model predicts each operation's outcome (`Ok` or the exact error) and keeps its own
//! state: stakes, delegates, the full history of both parts of every account's weight (own:
//! its stake while it delegates to itself; received: the stakes others delegate to it) and the
//! total's, proposals with their tallies and states, the configuration. After every step the
//! DAO must agree with it on every account's stake, delegate and weight parts (now, and at every
//! proposal's snapshot, where each part's ring of 32 checkpoints answers exactly for its 31 most
//! recent changes and the minimum of the older ones before; the weight is own + received), on
//! every proposal's record and state, and on conservation: stakes sum to the total, weights sum
//! to the total (never more at any snapshot). Only an account's own actions write its own part,
//! so toggle-heavy sequences (others delegating to a victim and back) merge only the victim's
//! received ring. A proposal executes at most once.
//!
//! `DDC_MODEL_CASES=<n>` runs n sequences (default 300); `DDC_MODEL_SEED=<seed>` replays one.
//! A failing sequence prints its seed.

use crate::dao::Dao;
use crate::types::*;
use ddc_types::testing::Rng;
use ddc_types::{AccountId, Balance, ClusterAction};
use ink::primitives::Hash;

// ---------------------------------------------------------------- the model

/// Actors 0..5 act; account 5 only receives delegations.
const ACTORS: usize = 5;
const ACCOUNTS: usize = 6;

fn account(i: usize) -> AccountId {
    AccountId::from([i as u8 + 1; 32])
}

fn index_of(account: AccountId) -> usize {
    let bytes: &[u8; 32] = account.as_ref();
    usize::from(bytes[0]) - 1
}

/// A value's full history: one `(block, value at the end of it)` per block it was written in.
#[derive(Clone, Default)]
struct History(Vec<(BlockNumber, Balance)>);

impl History {
    fn write(&mut self, block: BlockNumber, value: Balance) {
        match self.0.last_mut() {
            Some(last) if last.0 == block => last.1 = value,
            _ => self.0.push((block, value)),
        }
    }

    fn now(&self) -> Balance {
        self.0.last().map_or(0, |c| c.1)
    }

    /// The true value at the end of block `at`.
    fn at(&self, at: BlockNumber) -> Balance {
        self.0.iter().rev().find(|c| c.0 <= at).map_or(0, |c| c.1)
    }

    /// What a ring of `ACCOUNT_CHECKPOINTS` merging its oldest two by minimum answers: exact
    /// from the oldest of the 31 newest writes on; before, back to the first write, the minimum
    /// of all older writes; 0 before the first write.
    fn ring_at(&self, at: BlockNumber) -> Balance {
        let n = self.0.len();
        let ring = ACCOUNT_CHECKPOINTS as usize;
        if n <= ring || at >= self.0[n - (ring - 1)].0 {
            return self.at(at);
        }
        if at < self.0[0].0 {
            return 0;
        }
        self.0[..=n - ring].iter().map(|c| c.1).min().unwrap()
    }
}

struct ModelProposal {
    record: Proposal,
    action: Action,
    voters: Vec<usize>,
    executions: u32,
}

/// The state of a proposal record at `now`, from the rules as documented.
fn model_state(p: &Proposal, now: BlockNumber) -> ProposalState {
    match p.status {
        Status::Executed => return ProposalState::Executed,
        Status::Cancelled => return ProposalState::Cancelled,
        Status::Vetoed => return ProposalState::Vetoed,
        Status::Open => {}
    }
    if now < p.vote_start {
        return ProposalState::Pending;
    }
    if now < p.vote_end {
        return ProposalState::Active;
    }
    if !(model_quorum(p) && model_approved(p)) {
        return ProposalState::Defeated;
    }
    let executable_from = p.vote_end + p.settings.execution_delay;
    if now < executable_from {
        ProposalState::Succeeded
    } else if now < executable_from + p.settings.execution_window {
        ProposalState::Executable
    } else {
        ProposalState::Expired
    }
}

fn model_quorum(p: &Proposal) -> bool {
    let quorum = if p.critical {
        p.settings.critical_quorum_bp
    } else {
        p.settings.quorum_bp
    };
    (p.for_votes + p.abstain_votes) * 10_000 >= p.quorum_base * Balance::from(quorum)
}

fn model_approved(p: &Proposal) -> bool {
    let threshold = if p.critical {
        p.settings.critical_approval_threshold_bp
    } else {
        p.settings.approval_threshold_bp
    };
    p.for_votes * 10_000 > (p.for_votes + p.against_votes) * Balance::from(threshold)
}

fn is_live(state: ProposalState) -> bool {
    matches!(
        state,
        ProposalState::Pending
            | ProposalState::Active
            | ProposalState::Succeeded
            | ProposalState::Executable
    )
}

/// Which part of an account's weight a series is.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Part {
    /// Its own stake while it delegates to itself, else 0.
    Own,
    /// The stakes other accounts delegate to it.
    Received,
}

struct Model {
    now: BlockNumber,
    config: Config,
    stake: [Balance; ACCOUNTS],
    delegate: [usize; ACCOUNTS],
    own: Vec<History>,
    received: Vec<History>,
    total: History,
    proposals: Vec<ModelProposal>,
    latest: [Option<usize>; ACCOUNTS],
}

impl Model {
    /// The series `x`'s stake counts in: its own part while it delegates to itself, else its
    /// delegate's received part.
    fn holder(&self, x: usize) -> (usize, Part) {
        match self.delegate[x] {
            d if d == x => (x, Part::Own),
            d => (d, Part::Received),
        }
    }

    /// The value each part of each account's weight should have now.
    fn true_parts(&self) -> Vec<((usize, Part), Balance)> {
        let mut parts: Vec<((usize, Part), Balance)> = (0..ACCOUNTS)
            .flat_map(|a| [((a, Part::Own), 0), ((a, Part::Received), 0)])
            .collect();
        for (x, stake) in self.stake.iter().enumerate() {
            let holder = self.holder(x);
            parts.iter_mut().find(|p| p.0 == holder).unwrap().1 += stake;
        }
        parts
    }

    fn history(&mut self, (a, part): (usize, Part)) -> &mut History {
        match part {
            Part::Own => &mut self.own[a],
            Part::Received => &mut self.received[a],
        }
    }

    /// A `Staked`/`Unstaked` event's (new stake, new total) must be the model's.
    fn check_totals(&self, actor: usize, reported: (Balance, Balance), context: &str) {
        assert_eq!(reported, (self.stake[actor], self.total.now()), "{context}");
    }

    /// Record the weights after a change that wrote the series in `touched`; every other series
    /// must be unchanged.
    fn record(&mut self, touched: &[(usize, Part)]) {
        let now = self.now;
        for (series, value) in self.true_parts() {
            let history = self.history(series);
            if touched.contains(&series) {
                history.write(now, value);
            } else {
                assert_eq!(history.now(), value, "untouched {series:?} changed");
            }
        }
        let total = self.stake.iter().sum();
        self.total.write(now, total);
    }

    /// What the DAO's rings answer for `a`'s voting weight at the end of block `at`.
    fn votes_at(&self, a: usize, at: BlockNumber) -> Balance {
        self.own[a].ring_at(at) + self.received[a].ring_at(at)
    }

    /// Whether some ring of `part` merged.
    fn merged(&self, part: Part) -> bool {
        let histories = match part {
            Part::Own => &self.own,
            Part::Received => &self.received,
        };
        histories
            .iter()
            .any(|h| h.0.len() > ACCOUNT_CHECKPOINTS as usize)
    }

    fn state(&self, id: usize) -> ProposalState {
        model_state(&self.proposals[id].record, self.now)
    }
}

// ---------------------------------------------------------------- generators

fn random_settings(rng: &mut Rng) -> Settings {
    let quorum_bp = rng.pick(&[1, 500, 2_000, 3_000, 5_000]);
    let approval_threshold_bp = rng.pick(&[5_000, 5_000, 6_000, 7_500, 9_999]);
    Settings {
        voting_delay: rng.range(0, 2),
        voting_period: rng.range(1, 12),
        quorum_bp,
        approval_threshold_bp,
        critical_quorum_bp: if rng.chance(30) {
            quorum_bp
        } else {
            rng.range(quorum_bp, 10_000)
        },
        critical_approval_threshold_bp: rng.pick(&[
            approval_threshold_bp,
            approval_threshold_bp.max(6_667),
            9_999,
        ]),
        proposal_threshold: rng.pick(&[1, 10, 50, 100]),
        execution_delay: rng.range(0, 3),
        execution_window: rng.range(1, 8),
        late_quorum_extension: rng.range(0, 3),
    }
}

/// An action and whether the DAO must accept it.
fn random_action(rng: &mut Rng) -> (Action, bool) {
    let cluster = rng.range(1, 3);
    match rng.below(12) {
        0 | 1 => (
            Action::Cluster(ClusterAction::AddNode {
                cluster,
                node_key: account(9),
                v_nodes: vec![1, 2],
            }),
            true,
        ),
        2 => (
            Action::Cluster(ClusterAction::AcceptManager { cluster }),
            true,
        ),
        3 => (
            Action::Cluster(ClusterAction::DistributeRevenues { cluster }),
            true,
        ),
        4 | 5 => (
            Action::Cluster(ClusterAction::TransferManager {
                cluster,
                new_manager: account(rng.index(ACCOUNTS)),
            }),
            true,
        ),
        6 => (Action::UpdateSettings(random_settings(rng)), true),
        7 => {
            let mut broken = random_settings(rng);
            broken.critical_approval_threshold_bp = 4_999;
            (Action::UpdateSettings(broken), false)
        }
        8 => {
            let guardian = rng.chance(70).then(|| account(rng.index(ACTORS)));
            (Action::SetGuardian(guardian), true)
        }
        9 => {
            let pin = rng.chance(50).then(|| Hash::from([7; 32]));
            (Action::SetCorePin(pin), true)
        }
        10 => {
            let amount = rng.pick(&[0, 5]);
            (
                Action::Transfer {
                    to: account(rng.index(ACCOUNTS)),
                    amount,
                },
                amount > 0,
            )
        }
        _ => (
            Action::Cluster(ClusterAction::AddNode {
                cluster,
                node_key: account(9),
                v_nodes: vec![],
            }),
            false,
        ),
    }
}

// ---------------------------------------------------------------- one sequence

/// Prints the seed when the sequence it guards panics.
struct SeedGuard(u64);

impl Drop for SeedGuard {
    fn drop(&mut self) {
        if std::thread::panicking() {
            eprintln!("model test failed: replay with DDC_MODEL_SEED={}", self.0);
        }
    }
}

/// What the sequences exercised.
#[derive(Debug, Default)]
struct Coverage {
    /// Sequences in which some account's own ring merged (by its own actions).
    own_merges: u32,
    /// Sequences in which some account's received ring merged.
    received_merges: u32,
    executed: u32,
    critical_executed: u32,
    delegated_votes: u32,
    extended: u32,
    vetoed: u32,
    cancelled: u32,
}

fn run_sequence(seed: u64, steps: usize) -> Coverage {
    let _guard = SeedGuard(seed);
    let mut rng = Rng::new(seed);
    let mut coverage = Coverage::default();
    let settings = random_settings(&mut rng);
    let guardian = Some(account(rng.index(ACTORS)));
    // Toggle-heavy sequences: mostly delegations, one block at a time (rings merge).
    let toggler = rng.chance(25);
    let this = AccountId::from([90; 32]);
    let registry = AccountId::from([91; 32]);
    let token = AccountId::from([92; 32]);
    let mut dao = Dao::new(this, registry, token, settings, guardian, None).unwrap();
    let mut m = Model {
        now: 1,
        config: dao.config(),
        stake: [0; ACCOUNTS],
        delegate: core::array::from_fn(|i| i),
        own: vec![History::default(); ACCOUNTS],
        received: vec![History::default(); ACCOUNTS],
        total: History::default(),
        proposals: Vec::new(),
        latest: [None; ACCOUNTS],
    };

    // Every actor starts with some stake (block 1); proposals start from block 2.
    for actor in 0..ACTORS {
        let amount = rng.pick(&[0, 50, 100, 300, 1_000]);
        if amount > 0 {
            dao.stake(account(actor), amount, 1).unwrap();
            m.stake[actor] += amount;
            m.record(&[(actor, Part::Own)]);
        }
    }
    m.now = 2;

    for step in 0..steps {
        // Toggle-heavy sequences mostly act as one attacker (actor 1): its delegations fill
        // the victim's received ring and its own ring (its own actions).
        let actor = if toggler && rng.chance(60) {
            1
        } else {
            rng.index(ACTORS)
        };
        let who = account(actor);
        let now = m.now;
        // Bias towards what can happen now: votes while a proposal is Active, execution or a
        // veto while one passed.
        let open = |state| (0..m.proposals.len()).any(|id| m.state(id) == state);
        let roll = if toggler {
            rng.pick(&[0, 20, 30, 30, 30, 30, 30, 30, 30, 45, 60, 60, 95])
        } else if open(ProposalState::Active) && rng.chance(50) {
            60
        } else if open(ProposalState::Executable) && rng.chance(40) {
            95
        } else if open(ProposalState::Succeeded) && rng.chance(10) {
            87
        } else {
            rng.below(100)
        };
        let context = format!("seed {seed} step {step} block {now} actor {actor} roll {roll}");
        match roll {
            // stake
            0..=14 => {
                let amount = rng.pick(&[0, 1, 5, 20, 100, 500]);
                let got = dao.stake(who, amount, now);
                if amount == 0 {
                    assert_eq!(got, Err(Error::ZeroAmount), "{context}");
                } else {
                    m.stake[actor] += amount;
                    m.record(&[m.holder(actor)]);
                    let event = got.unwrap_or_else(|e| panic!("{context}: {e:?}"));
                    m.check_totals(actor, (event.stake, event.total_staked), &context);
                }
            }
            // unstake
            15..=24 => {
                let stake = m.stake[actor];
                let amount = rng.pick(&[0, 1, stake / 2, stake, stake + 1]);
                let got = dao.unstake(who, amount, now);
                if amount == 0 {
                    assert_eq!(got, Err(Error::ZeroAmount), "{context}");
                } else if amount > stake {
                    assert_eq!(got, Err(Error::InsufficientStake), "{context}");
                } else {
                    m.stake[actor] -= amount;
                    m.record(&[m.holder(actor)]);
                    let event = got.unwrap_or_else(|e| panic!("{context}: {e:?}"));
                    m.check_totals(actor, (event.stake, event.total_staked), &context);
                }
            }
            // delegate
            25..=39 => {
                // Toggle-heavy sequences mostly move stake between a victim (account 0) and
                // the delegator itself, writing into the victim's ring block after block.
                let to = if toggler && rng.chance(80) {
                    if m.delegate[actor] == 0 {
                        actor
                    } else {
                        0
                    }
                } else {
                    rng.index(ACCOUNTS)
                };
                let got = dao.delegate(who, account(to), now);
                let from = m.delegate[actor];
                if from == to {
                    assert_eq!(got, Err(Error::AlreadyDelegated), "{context}");
                } else {
                    let from_series = m.holder(actor);
                    m.delegate[actor] = to;
                    let to_series = m.holder(actor);
                    // The actor's own part, if any, is the only own part written.
                    assert!(
                        [from_series, to_series]
                            .iter()
                            .all(|s| s.1 == Part::Received || s.0 == actor),
                        "{context}"
                    );
                    if m.stake[actor] > 0 {
                        m.record(&[from_series, to_series]);
                    } else {
                        m.record(&[]);
                    }
                    let event = got.unwrap_or_else(|e| panic!("{context}: {e:?}"));
                    assert_eq!(
                        (event.delegator, event.from, event.to, event.weight),
                        (who, account(from), account(to), m.stake[actor]),
                        "{context}"
                    );
                }
            }
            // propose
            40..=54 => {
                let (action, valid) = random_action(&mut rng);
                let got = dao.propose(who, action.clone(), "model".into(), now);
                let snapshot = now - 1;
                let settings = m.config.settings;
                let expected = if !valid {
                    Err(Error::InvalidAction)
                } else if m.votes_at(actor, snapshot) < settings.proposal_threshold {
                    Err(Error::BelowProposalThreshold)
                } else if m.latest[actor].is_some_and(|id| is_live(m.state(id))) {
                    Err(Error::ProposerHasLiveProposal)
                } else {
                    Ok(m.proposals.len() as ProposalId)
                };
                assert_eq!(
                    got.as_ref().map(|e| e.id).map_err(|e| *e),
                    expected,
                    "{context}"
                );
                if expected.is_ok() {
                    let critical = matches!(
                        action,
                        Action::Cluster(ClusterAction::TransferManager { .. })
                            | Action::UpdateSettings(_)
                            | Action::SetGuardian(_)
                            | Action::SetCorePin(_)
                            | Action::Transfer { .. }
                    );
                    let vote_start = now + settings.voting_delay;
                    let record = Proposal {
                        proposer: who,
                        snapshot,
                        vote_start,
                        vote_end: vote_start + settings.voting_period,
                        extended: false,
                        settings,
                        critical,
                        quorum_base: m.total.at(snapshot),
                        for_votes: 0,
                        against_votes: 0,
                        abstain_votes: 0,
                        status: Status::Open,
                    };
                    let event = got.unwrap();
                    assert_eq!(event.critical, critical, "{context}");
                    assert_eq!(event.quorum_base, record.quorum_base, "{context}");
                    m.latest[actor] = Some(m.proposals.len());
                    m.proposals.push(ModelProposal {
                        record,
                        action,
                        voters: Vec::new(),
                        executions: 0,
                    });
                }
            }
            // vote
            55..=79 => {
                // Mostly an Active proposal; else a recent one, or one that does not exist.
                let count = m.proposals.len();
                let active: Vec<usize> = (0..count)
                    .filter(|id| m.state(*id) == ProposalState::Active)
                    .collect();
                let id = if !active.is_empty() && rng.chance(80) {
                    rng.pick(&active)
                } else if count == 0 || rng.chance(5) {
                    count
                } else {
                    count - 1 - rng.index(count.min(6))
                };
                let vote = rng.pick(&[
                    VoteType::For,
                    VoteType::For,
                    VoteType::For,
                    VoteType::Against,
                    VoteType::Abstain,
                ]);
                let got = dao.vote(who, id as ProposalId, vote, now);
                if id == count {
                    assert_eq!(got, Err(Error::ProposalNotFound), "{context}");
                } else {
                    let state = m.state(id);
                    let weight = m.votes_at(actor, m.proposals[id].record.snapshot);
                    let p = &mut m.proposals[id];
                    if state != ProposalState::Active {
                        assert_eq!(got, Err(Error::InvalidState(state)), "{context}");
                    } else if p.voters.contains(&actor) {
                        assert_eq!(got, Err(Error::AlreadyVoted), "{context}");
                    } else if weight == 0 {
                        assert_eq!(got, Err(Error::NoVotingPower), "{context}");
                    } else {
                        let r = &mut p.record;
                        let had_quorum = model_quorum(r);
                        match vote {
                            VoteType::For => r.for_votes += weight,
                            VoteType::Against => r.against_votes += weight,
                            VoteType::Abstain => r.abstain_votes += weight,
                        }
                        let extension = r.settings.late_quorum_extension;
                        let extends = !r.extended
                            && extension > 0
                            && !had_quorum
                            && model_quorum(r)
                            && r.vote_end - now <= extension;
                        if extends {
                            coverage.extended += 1;
                            r.extended = true;
                            r.vote_end = now + 1 + extension;
                        }
                        p.voters.push(actor);
                        let event = got.unwrap_or_else(|e| panic!("{context}: {e:?}"));
                        assert_eq!(
                            (event.weight, event.vote_end, event.extended),
                            (weight, r.vote_end, extends),
                            "{context}"
                        );
                        if m.stake[actor] < weight || m.delegate[actor] != actor {
                            coverage.delegated_votes += 1;
                        }
                    }
                }
            }
            // cancel
            80..=84 => {
                // Mostly the actor's latest proposal; else anyone's, or one that does not exist.
                let count = m.proposals.len();
                let id = match m.latest[actor] {
                    Some(id) if rng.chance(80) => id,
                    _ if count > 0 && rng.chance(50) => rng.index(count),
                    _ => count,
                };
                let got = dao.cancel(who, id as ProposalId, now);
                if id == count {
                    assert_eq!(got, Err(Error::ProposalNotFound), "{context}");
                } else if m.proposals[id].record.proposer != who {
                    assert_eq!(got, Err(Error::OnlyProposer), "{context}");
                } else if m.state(id) != ProposalState::Pending {
                    let state = m.state(id);
                    assert_eq!(got, Err(Error::InvalidState(state)), "{context}");
                } else {
                    assert!(got.is_ok(), "{context}: {got:?}");
                    m.proposals[id].record.status = Status::Cancelled;
                    coverage.cancelled += 1;
                }
            }
            // veto
            85..=89 => {
                let count = m.proposals.len();
                let id = if count == 0 { 0 } else { rng.index(count) };
                let caller = if rng.chance(70) {
                    m.config.guardian.unwrap_or(who)
                } else {
                    who
                };
                let got = dao.veto(caller, id as ProposalId, now);
                if id == count {
                    assert_eq!(got, Err(Error::ProposalNotFound), "{context}");
                } else if m.config.guardian != Some(caller) {
                    assert_eq!(got, Err(Error::OnlyGuardian), "{context}");
                } else if m.state(id) != ProposalState::Succeeded {
                    assert_eq!(got, Err(Error::InvalidState(m.state(id))), "{context}");
                } else {
                    assert!(got.is_ok(), "{context}: {got:?}");
                    m.proposals[id].record.status = Status::Vetoed;
                    coverage.vetoed += 1;
                }
            }
            // execute
            _ => {
                let count = m.proposals.len();
                // Prefer an executable proposal when there is one.
                let executable: Vec<usize> = (0..count)
                    .filter(|id| m.state(*id) == ProposalState::Executable)
                    .collect();
                let id = if !executable.is_empty() && rng.chance(80) {
                    rng.pick(&executable)
                } else if count == 0 {
                    0
                } else {
                    rng.index(count + 1)
                };
                let got = dao.begin_execute(who, id as ProposalId, now);
                if id == count {
                    assert_eq!(got, Err(Error::ProposalNotFound), "{context}");
                } else if m.state(id) != ProposalState::Executable {
                    assert_eq!(got, Err(Error::InvalidState(m.state(id))), "{context}");
                } else {
                    let (action, closed) = got.unwrap_or_else(|e| panic!("{context}: {e:?}"));
                    let p = &mut m.proposals[id];
                    assert_eq!(action, p.action, "{context}");
                    assert_eq!(closed.state, ProposalState::Executed, "{context}");
                    p.record.status = Status::Executed;
                    p.executions += 1;
                    assert_eq!(p.executions, 1, "{context}: executed twice");
                    coverage.executed += 1;
                    coverage.critical_executed += u32::from(p.record.critical);
                    let changed = dao.apply_self_action(&action);
                    let self_action = match action {
                        Action::UpdateSettings(settings) => {
                            m.config.settings = settings;
                            true
                        }
                        Action::SetGuardian(guardian) => {
                            m.config.guardian = guardian;
                            true
                        }
                        Action::SetCorePin(pin) => {
                            m.config.core_code_hash = pin;
                            true
                        }
                        Action::Cluster(_) | Action::Transfer { .. } => false,
                    };
                    assert_eq!(
                        changed.map(|c| c.config),
                        self_action.then(|| m.config.clone()),
                        "{context}"
                    );
                }
            }
        }
        continue_time(&mut rng, &mut m, toggler);
        let probe = if rng.chance(50) {
            rng.range(0, m.now)
        } else {
            m.now.saturating_sub(rng.range(0, 12))
        };
        check(&dao, &m, probe, &context);
    }
    coverage.own_merges = u32::from(m.merged(Part::Own));
    coverage.received_merges = u32::from(m.merged(Part::Received));
    coverage
}

/// Let 0..N blocks pass.
fn continue_time(rng: &mut Rng, m: &mut Model, toggler: bool) {
    let blocks = if toggler {
        rng.pick(&[0, 1, 1, 1, 2])
    } else {
        rng.pick(&[0, 0, 0, 1, 1, 1, 1, 2, 3, 6])
    };
    m.now += blocks;
}

/// The DAO agrees with the model on everything observable at the model's current block; past
/// weights are compared at the snapshots of proposals still open to votes and at `probe`.
fn check(dao: &Dao, m: &Model, probe: BlockNumber, context: &str) {
    let now = m.now;
    let stakes = dao.stakes();
    assert_eq!(dao.config(), m.config, "{context}: config");
    assert_eq!(
        dao.proposal_count(),
        m.proposals.len() as ProposalId,
        "{context}"
    );
    // Accounts now: stake, delegate, weight; conservation.
    let mut stake_sum = 0;
    let mut weight_sum = 0;
    for a in 0..ACCOUNTS {
        let acc = account(a);
        assert_eq!(stakes.stake_of(acc), m.stake[a], "{context}: stake of {a}");
        assert_eq!(
            index_of(stakes.delegate_of(acc)),
            m.delegate[a],
            "{context}: delegate of {a}"
        );
        // (`votes_at`, their sum, is checked at every vote and proposal.)
        let own = stakes.own_at(acc, BlockNumber::MAX);
        let received = stakes.received_at(acc, BlockNumber::MAX);
        assert_eq!(own, m.own[a].now(), "{context}: own weight of {a}");
        assert_eq!(
            received,
            m.received[a].now(),
            "{context}: received weight of {a}"
        );
        stake_sum += m.stake[a];
        weight_sum += own + received;
    }
    let total = stakes.total_staked();
    assert_eq!(total, m.total.now(), "{context}: total");
    assert_eq!(stake_sum, total, "{context}: stakes sum to the total");
    assert_eq!(weight_sum, total, "{context}: weights sum to the total");
    // Past weights: the rings' answers, never more than the truth, summing to at most the total
    // then (exactly the total while no ring merged); never less than the account's own stake
    // then while its own ring did not merge, whatever the others did.
    let mut blocks: Vec<BlockNumber> = m
        .proposals
        .iter()
        .filter(|p| {
            matches!(
                model_state(&p.record, now),
                ProposalState::Pending | ProposalState::Active
            )
        })
        .map(|p| p.record.snapshot)
        .collect();
    blocks.push(probe);
    blocks.sort_unstable();
    blocks.dedup();
    for block in blocks {
        let total_then = stakes.total_at(block);
        assert_eq!(total_then, m.total.at(block), "{context}: total at {block}");
        let mut sum = 0;
        for a in 0..ACCOUNTS {
            let acc = account(a);
            let (own, received) = (&m.own[a], &m.received[a]);
            let got_own = stakes.own_at(acc, block);
            let got_received = stakes.received_at(acc, block);
            let got = got_own + got_received;
            assert_eq!(
                got_own,
                own.ring_at(block),
                "{context}: own of {a} at {block}"
            );
            assert_eq!(
                got_received,
                received.ring_at(block),
                "{context}: received of {a} at {block}"
            );
            assert!(got_own <= own.at(block), "{context}: own overstated");
            assert!(got_received <= received.at(block), "{context}: overstated");
            if own.0.len() <= ACCOUNT_CHECKPOINTS as usize {
                assert_eq!(got_own, own.at(block), "{context}: own of {a} at {block}");
            }
            sum += got;
        }
        assert!(
            sum <= total_then,
            "{context}: weights above the total at {block}"
        );
        if !m.merged(Part::Own) && !m.merged(Part::Received) {
            assert_eq!(sum, total_then, "{context}: weights at {block}");
        }
    }
    // Proposals: records, states, votes.
    for (id, p) in m.proposals.iter().enumerate() {
        let (info, action) = dao.proposal(id as ProposalId, now).unwrap();
        assert_eq!(info.proposal, p.record, "{context}: proposal {id}");
        assert_eq!(
            info.state,
            model_state(&p.record, now),
            "{context}: state of {id}"
        );
        assert_eq!(action, p.action, "{context}");
        assert!(p.executions <= 1, "{context}");
        if info.state != ProposalState::Active {
            continue;
        }
        for a in 0..ACTORS {
            assert_eq!(
                dao.has_voted(id as ProposalId, account(a)),
                p.voters.contains(&a),
                "{context}: vote of {a} on {id}"
            );
        }
    }
}

#[test]
fn randomized_sequences_agree_with_the_model() {
    let seeds = ddc_types::testing::model_seeds(0xDA0_0000, 300);
    let mut total = Coverage::default();
    for &seed in &seeds {
        let steps = 50 + (seed % 51) as usize;
        // A fresh off-chain environment (empty storage) per sequence.
        ink::env::test::run_test::<ink::env::DefaultEnvironment, _>(|_| {
            let c = run_sequence(seed, steps);
            total.own_merges += c.own_merges;
            total.received_merges += c.received_merges;
            total.executed += c.executed;
            total.critical_executed += c.critical_executed;
            total.delegated_votes += c.delegated_votes;
            total.extended += c.extended;
            total.vetoed += c.vetoed;
            total.cancelled += c.cancelled;
            Ok(())
        })
        .unwrap();
    }
    println!("{} sequences: {total:?}", seeds.len());
    if seeds.len() >= 100 {
        let c = &total;
        assert!(c.own_merges > 0 && c.received_merges > 0);
        assert!(c.critical_executed > 0 && c.delegated_votes > 0);
        assert!(c.extended > 0 && c.vetoed > 0 && c.cancelled > 0);
    }
}
