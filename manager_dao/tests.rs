//! Unit tests of the DAO's plain-Rust logic (checkpoints, settings, proposals, votes, veto,
//! cancel, execution bookkeeping, self actions) against ink!'s off-chain storage. Every test
//! checks the returned event or error and reads the resulting state back.

use crate::checkpoints::Checkpoints;
use crate::dao::Dao;
use crate::events::*;
use crate::types::*;
use ddc_types::{AccountId, Balance, ClusterAction};

fn account(n: u8) -> AccountId {
    AccountId::from([n; 32])
}
fn this() -> AccountId {
    account(90)
}
fn registry() -> AccountId {
    account(91)
}
fn token() -> AccountId {
    account(92)
}
fn guardian() -> AccountId {
    account(93)
}
fn alice() -> AccountId {
    account(1)
}
fn bob() -> AccountId {
    account(2)
}
fn charlie() -> AccountId {
    account(3)
}

/// Delay 2, period 10, quorum 20 %, approval > 50 %, threshold 100, execution delay 5,
/// window 10, late-quorum extension 3 (all in blocks).
fn settings() -> Settings {
    Settings {
        voting_delay: 2,
        voting_period: 10,
        quorum_bp: 2_000,
        approval_threshold_bp: 5_000,
        proposal_threshold: 100,
        execution_delay: 5,
        execution_window: 10,
        late_quorum_extension: 3,
    }
}

fn dao_with(settings: Settings) -> Dao {
    Dao::new(
        this(),
        registry(),
        token(),
        settings,
        Some(guardian()),
        None,
    )
    .unwrap()
}

fn add_node() -> Action {
    Action::Cluster(ClusterAction::AddNode {
        cluster: 1,
        node_key: account(101),
        v_nodes: vec![1, 2],
    })
}

/// A DAO where, in block 1, alice stakes 1 000, bob 600 and charlie 400 (total 2 000).
fn staked_dao() -> Dao {
    let mut dao = dao_with(settings());
    dao.stake(alice(), 1_000, 1).unwrap();
    dao.stake(bob(), 600, 1).unwrap();
    dao.stake(charlie(), 400, 1).unwrap();
    dao
}

/// `staked_dao` with alice's AddNode proposal 0 created in block 10: snapshot 9, voting in
/// blocks 12..22, executable in 27..37.
fn proposed() -> Dao {
    let mut dao = staked_dao();
    dao.propose(alice(), add_node(), "admit node 101".into(), 10)
        .unwrap();
    dao
}

// ---------------------------------------------------------------- checkpoints

#[ink::test]
fn stake_at_reads_the_latest_checkpoint_at_or_before_the_block() {
    let mut cp = Checkpoints::default();
    // Changes in blocks 10, 20, ..., 200 (20 checkpoints); the stake after block 10k is k.
    for k in 1..=20u32 {
        if k == 1 {
            cp.increase(alice(), 1, 10).unwrap();
        } else {
            cp.increase(alice(), 1, 10 * k).unwrap();
        }
    }
    for block in 0..=230u32 {
        let expected = Balance::from((block / 10).min(20));
        assert_eq!(cp.stake_at(alice(), block), expected, "block {block}");
        assert_eq!(cp.total_at(block), expected, "total at block {block}");
    }
    assert_eq!(cp.stake_of(alice()), 20);
    assert_eq!(cp.stake_of(bob()), 0);
}

#[ink::test]
fn changes_in_one_block_share_one_checkpoint() {
    let mut cp = Checkpoints::default();
    cp.increase(alice(), 50, 7).unwrap();
    cp.increase(alice(), 30, 7).unwrap();
    cp.decrease(alice(), 20, 7).unwrap();
    assert_eq!(cp.account_checkpoints_kept(alice()), 1);
    assert_eq!(cp.stake_at(alice(), 6), 0);
    assert_eq!(cp.stake_at(alice(), 7), 60);
    assert_eq!(cp.total_at(7), 60);
}

#[ink::test]
fn an_account_keeps_at_most_32_checkpoints_and_forgets_older_blocks_as_zero() {
    let mut cp = Checkpoints::default();
    // 40 changes in blocks 1..=40: the stake after block b is b.
    for block in 1..=40u32 {
        cp.increase(alice(), 1, block).unwrap();
    }
    assert_eq!(cp.account_checkpoints_kept(alice()), ACCOUNT_CHECKPOINTS);
    // Kept: blocks 9..=40. Older blocks are forgotten and read as 0 (never more than the truth).
    for block in 9..=40u32 {
        assert_eq!(cp.stake_at(alice(), block), Balance::from(block));
    }
    assert_eq!(cp.stake_at(alice(), 8), 0);
    assert_eq!(cp.stake_at(alice(), 1), 0);
    // The total keeps its whole history.
    assert_eq!(cp.total_at(1), 1);
    assert_eq!(cp.total_at(8), 8);
}

#[ink::test]
fn total_history_is_searchable_over_many_checkpoints() {
    let mut cp = Checkpoints::default();
    // 100 accounts stake 2 each in blocks 3, 6, ..., 300, and one unstakes in block 301.
    for k in 1..=100u8 {
        cp.increase(account(k), 2, 3 * u32::from(k)).unwrap();
    }
    cp.decrease(account(1), 2, 301).unwrap();
    for block in 0..=305u32 {
        let stakers = Balance::from((block / 3).min(100));
        let expected = if block >= 301 { 198 } else { 2 * stakers };
        assert_eq!(cp.total_at(block), expected, "block {block}");
    }
}

#[ink::test]
fn stake_cannot_pass_the_total_cap_and_unstake_not_below_zero() {
    let mut cp = Checkpoints::default();
    cp.increase(alice(), MAX_TOTAL_STAKE, 1).unwrap();
    assert_eq!(cp.increase(bob(), 1, 2), Err(Error::Overflow));
    assert_eq!(cp.decrease(bob(), 1, 2), Err(Error::InsufficientStake));
    assert_eq!(cp.total_staked(), MAX_TOTAL_STAKE);
    assert_eq!(cp.stake_of(bob()), 0);
}

// ---------------------------------------------------------------- settings and constructor

#[ink::test]
fn settings_bounds_are_enforced_field_by_field() {
    assert!(settings().is_valid());
    let cases: [(&str, fn(&mut Settings)); 12] = [
        ("delay", |s| s.voting_delay = MAX_BLOCKS + 1),
        ("period 0", |s| s.voting_period = 0),
        ("period", |s| s.voting_period = MAX_BLOCKS + 1),
        ("quorum 0", |s| s.quorum_bp = 0),
        ("quorum", |s| s.quorum_bp = BP + 1),
        ("approval low", |s| s.approval_threshold_bp = 4_999),
        ("approval high", |s| s.approval_threshold_bp = 10_000),
        ("threshold", |s| s.proposal_threshold = 0),
        ("exec delay", |s| s.execution_delay = MAX_BLOCKS + 1),
        ("window 0", |s| s.execution_window = 0),
        ("window", |s| s.execution_window = MAX_BLOCKS + 1),
        ("extension", |s| s.late_quorum_extension = MAX_BLOCKS + 1),
    ];
    for (name, break_it) in cases {
        let mut s = settings();
        break_it(&mut s);
        assert!(!s.is_valid(), "{name}");
    }
    let edges = Settings {
        voting_delay: MAX_BLOCKS,
        voting_period: MAX_BLOCKS,
        quorum_bp: BP,
        approval_threshold_bp: 9_999,
        proposal_threshold: 1,
        execution_delay: 0,
        execution_window: 1,
        late_quorum_extension: 0,
    };
    assert!(edges.is_valid());
}

#[ink::test]
fn constructor_refuses_aliased_addresses_and_bad_settings() {
    let new = |registry, token, settings| Dao::new(this(), registry, token, settings, None, None);
    assert!(matches!(
        new(registry(), registry(), settings()),
        Err(Error::InvalidAddresses)
    ));
    assert!(matches!(
        new(this(), token(), settings()),
        Err(Error::InvalidAddresses)
    ));
    assert!(matches!(
        new(registry(), this(), settings()),
        Err(Error::InvalidAddresses)
    ));
    let mut bad = settings();
    bad.quorum_bp = 0;
    assert!(matches!(
        new(registry(), token(), bad),
        Err(Error::InvalidSettings)
    ));
    let dao = new(registry(), token(), settings()).unwrap();
    let config = dao.config();
    assert_eq!((config.registry, config.token), (registry(), token()));
    assert_eq!(config.settings, settings());
    assert_eq!((config.guardian, config.core_code_hash), (None, None));
    assert_eq!(dao.proposal_count(), 0);
}

// ---------------------------------------------------------------- stake

#[ink::test]
fn stake_and_unstake_report_new_stake_and_total() {
    let mut dao = dao_with(settings());
    assert_eq!(
        dao.stake(alice(), 300, 1).unwrap(),
        Staked {
            account: alice(),
            amount: 300,
            stake: 300,
            total_staked: 300
        }
    );
    dao.stake(bob(), 200, 2).unwrap();
    assert_eq!(
        dao.unstake(alice(), 100, 3).unwrap(),
        Unstaked {
            account: alice(),
            amount: 100,
            stake: 200,
            total_staked: 400
        }
    );
    assert_eq!(dao.stake(alice(), 0, 4), Err(Error::ZeroAmount));
    assert_eq!(dao.unstake(alice(), 0, 4), Err(Error::ZeroAmount));
    assert_eq!(dao.unstake(alice(), 201, 4), Err(Error::InsufficientStake));
    assert_eq!(dao.stakes().stake_of(alice()), 200);
    assert_eq!(dao.stakes().total_staked(), 400);
    assert_eq!(dao.stakes().total_at(1), 300);
}

// ---------------------------------------------------------------- propose

#[ink::test]
fn propose_freezes_snapshot_quorum_base_and_settings() {
    let mut dao = staked_dao();
    dao.stake(bob(), 5_000, 10).unwrap(); // same block as the proposal: not in the snapshot
    let created = dao
        .propose(alice(), add_node(), "admit node 101".into(), 10)
        .unwrap();
    assert_eq!(created.id, 0);
    assert_eq!(created.proposer, alice());
    assert_eq!(created.action, add_node());
    assert_eq!(created.description, "admit node 101");
    assert_eq!(
        (created.snapshot, created.vote_start, created.vote_end),
        (9, 12, 22)
    );
    assert_eq!(created.quorum_base, 2_000);
    let (info, action) = dao.proposal(0, 10).unwrap();
    assert_eq!(info.id, 0);
    assert_eq!(info.state, ProposalState::Pending);
    assert_eq!(info.proposal.settings, settings());
    assert_eq!(info.proposal.quorum_base, 2_000);
    assert_eq!(info.proposal.status, Status::Open);
    assert_eq!(action, add_node());
    assert_eq!(dao.proposal_count(), 1);
}

#[ink::test]
fn proposal_ids_are_sequential_from_zero() {
    let mut dao = staked_dao();
    for (expected, proposer) in [(0, alice()), (1, bob()), (2, charlie())] {
        let created = dao.propose(proposer, add_node(), "".into(), 10).unwrap();
        assert_eq!(created.id, expected);
    }
    assert_eq!(dao.proposal_count(), 3);
}

#[ink::test]
fn proposing_needs_the_threshold_at_the_previous_block() {
    let mut dao = dao_with(settings());
    dao.stake(alice(), 99, 1).unwrap();
    assert_eq!(
        dao.propose(alice(), add_node(), "".into(), 5),
        Err(Error::BelowProposalThreshold)
    );
    // Topping up in the proposal's own block does not count yet.
    dao.stake(alice(), 1, 5).unwrap();
    assert_eq!(
        dao.propose(alice(), add_node(), "".into(), 5),
        Err(Error::BelowProposalThreshold)
    );
    assert_eq!(dao.proposal_count(), 0);
    assert_eq!(
        dao.propose(alice(), add_node(), "".into(), 6).unwrap().id,
        0
    );
}

#[ink::test]
fn proposing_in_block_zero_has_no_snapshot() {
    let mut dao = dao_with(settings());
    dao.stake(alice(), 100, 0).unwrap();
    assert_eq!(
        dao.propose(alice(), add_node(), "".into(), 0),
        Err(Error::Overflow)
    );
}

#[ink::test]
fn out_of_bounds_actions_and_descriptions_are_refused() {
    let mut dao = staked_dao();
    let no_vnodes = Action::Cluster(ClusterAction::AddNode {
        cluster: 1,
        node_key: account(101),
        v_nodes: vec![],
    });
    let mut bad = settings();
    bad.voting_period = 0;
    let long = "x".repeat(MAX_DESCRIPTION_LEN + 1);
    for (action, description) in [
        (no_vnodes, String::new()),
        (Action::UpdateSettings(bad), String::new()),
        (add_node(), long),
    ] {
        assert_eq!(
            dao.propose(alice(), action, description, 10),
            Err(Error::InvalidAction)
        );
    }
    assert_eq!(dao.proposal_count(), 0);
    let longest = "x".repeat(MAX_DESCRIPTION_LEN);
    assert!(dao.propose(alice(), add_node(), longest, 10).is_ok());
}

#[ink::test]
fn one_live_proposal_per_proposer_until_it_expires() {
    let mut dao = passed();
    // Live while Pending, Active, Succeeded or Executable.
    for block in [11, 15, 25, 30] {
        assert_eq!(
            dao.propose(alice(), add_node(), "".into(), block),
            Err(Error::ProposerHasLiveProposal),
            "block {block}"
        );
    }
    assert_eq!(dao.proposal_state(0, 37), Some(ProposalState::Expired));
    assert_eq!(
        dao.propose(alice(), add_node(), "".into(), 37).unwrap().id,
        1
    );
}

#[ink::test]
fn a_defeated_proposal_frees_its_proposer() {
    let mut dao = proposed();
    assert_eq!(dao.proposal_state(0, 22), Some(ProposalState::Defeated));
    assert_eq!(
        dao.propose(alice(), add_node(), "".into(), 22).unwrap().id,
        1
    );
}

#[ink::test]
fn at_most_sixteen_proposals_are_live_at_once() {
    let mut dao = dao_with(settings());
    for n in 1..=17u8 {
        dao.stake(account(n), 100, 1).unwrap();
    }
    for n in 1..=16u8 {
        dao.propose(account(n), add_node(), "".into(), 10).unwrap();
    }
    assert_eq!(
        dao.propose(account(17), add_node(), "".into(), 11),
        Err(Error::TooManyOpenProposals)
    );
    // Proposal 0 is cancelled: its slot frees up.
    dao.cancel(account(1), 0, 11).unwrap();
    assert_eq!(
        dao.propose(account(17), add_node(), "".into(), 11)
            .unwrap()
            .id,
        16
    );
    assert_eq!(
        dao.propose(account(1), add_node(), "".into(), 11),
        Err(Error::TooManyOpenProposals)
    );
    // After voting ends unvoted, all are Defeated and the slots free up.
    assert_eq!(
        dao.propose(account(1), add_node(), "".into(), 23)
            .unwrap()
            .id,
        17
    );
}

// ---------------------------------------------------------------- lifecycle

/// Alice (1 000 of 2 000) votes For in block 12: quorum and approval reached.
fn passed() -> Dao {
    let mut dao = proposed();
    dao.vote(alice(), 0, VoteType::For, 12).unwrap();
    dao
}

#[ink::test]
fn states_follow_the_blocks() {
    let dao = passed();
    let expect = [
        (10, ProposalState::Pending),
        (11, ProposalState::Pending),
        (12, ProposalState::Active),
        (21, ProposalState::Active),
        (22, ProposalState::Succeeded),
        (26, ProposalState::Succeeded),
        (27, ProposalState::Executable),
        (36, ProposalState::Executable),
        (37, ProposalState::Expired),
    ];
    for (block, state) in expect {
        assert_eq!(dao.proposal_state(0, block), Some(state), "block {block}");
    }
    assert_eq!(dao.proposal_state(1, 12), None);
}

#[ink::test]
fn vote_counts_stake_at_the_snapshot_once() {
    let mut dao = proposed();
    assert_eq!(
        dao.vote(bob(), 0, VoteType::For, 11),
        Err(Error::InvalidState(ProposalState::Pending))
    );
    dao.stake(bob(), 10_000, 11).unwrap(); // after the snapshot: no weight on proposal 0
    let cast = dao.vote(bob(), 0, VoteType::Against, 12).unwrap();
    assert_eq!(
        cast,
        VoteCast {
            id: 0,
            voter: bob(),
            vote: VoteType::Against,
            weight: 600,
            for_votes: 0,
            against_votes: 600,
            abstain_votes: 0,
            vote_end: 22,
            extended: false,
        }
    );
    assert_eq!(
        dao.vote(bob(), 0, VoteType::For, 13),
        Err(Error::AlreadyVoted)
    );
    assert_eq!(
        dao.vote(account(50), 0, VoteType::For, 13),
        Err(Error::NoVotingPower)
    );
    assert_eq!(
        dao.vote(alice(), 0, VoteType::For, 22),
        Err(Error::InvalidState(ProposalState::Defeated))
    );
    assert_eq!(
        dao.vote(alice(), 7, VoteType::For, 13),
        Err(Error::ProposalNotFound)
    );
    assert!(dao.has_voted(0, bob()));
    assert!(!dao.has_voted(0, alice()));
    assert_eq!(dao.proposal(0, 13).unwrap().0.proposal.against_votes, 600);
}

/// Naive implementation: weight = current stake. Alice votes, moves her stake to a fresh account
/// which votes again with the same tokens.
#[ink::test]
fn moving_stake_after_the_snapshot_does_not_vote_twice() {
    let mut dao = proposed();
    dao.vote(alice(), 0, VoteType::For, 12).unwrap();
    dao.unstake(alice(), 1_000, 12).unwrap();
    dao.stake(account(60), 1_000, 12).unwrap();
    assert_eq!(
        dao.vote(account(60), 0, VoteType::For, 13),
        Err(Error::NoVotingPower)
    );
    assert_eq!(dao.proposal(0, 13).unwrap().0.proposal.for_votes, 1_000);
}

#[ink::test]
fn abstain_counts_for_quorum_but_does_not_pass() {
    // Quorum 20 % of 2 000 = 400: charlie's 400 Abstain reach it, without any For.
    let mut dao = proposed();
    dao.vote(charlie(), 0, VoteType::Abstain, 12).unwrap();
    assert!(dao.proposal(0, 12).unwrap().0.proposal.quorum_reached());
    assert_eq!(dao.proposal_state(0, 22), Some(ProposalState::Defeated));
}

#[ink::test]
fn against_votes_do_not_count_for_quorum() {
    let mut dao = proposed();
    dao.vote(bob(), 0, VoteType::Against, 12).unwrap(); // 600 of 2 000, all Against
    assert!(!dao.proposal(0, 12).unwrap().0.proposal.quorum_reached());
}

/// Naive implementation: no quorum, a lone small staker decides.
#[ink::test]
fn a_low_turnout_proposal_fails_quorum() {
    let mut dao = dao_with(settings());
    dao.stake(alice(), 100, 1).unwrap();
    dao.stake(bob(), 1_000, 1).unwrap();
    dao.propose(alice(), add_node(), "".into(), 10).unwrap();
    dao.vote(alice(), 0, VoteType::For, 12).unwrap(); // 100 of 1 100 < 20 %
    let proposal = dao.proposal(0, 22).unwrap().0;
    assert!(proposal.proposal.approved());
    assert!(!proposal.proposal.quorum_reached());
    assert_eq!(proposal.state, ProposalState::Defeated);
}

#[ink::test]
fn a_tie_is_defeated() {
    // For 1 000 vs Against 1 000 (bob 600 + charlie 400) at a 50 % threshold.
    let mut dao = proposed();
    dao.vote(alice(), 0, VoteType::For, 12).unwrap();
    dao.vote(bob(), 0, VoteType::Against, 12).unwrap();
    dao.vote(charlie(), 0, VoteType::Against, 12).unwrap();
    assert_eq!(dao.proposal_state(0, 22), Some(ProposalState::Defeated));
}

#[ink::test]
fn a_majority_passes_at_fifty_percent() {
    let mut dao = proposed();
    dao.vote(alice(), 0, VoteType::For, 12).unwrap(); // 62.5 % of For + Against
    dao.vote(bob(), 0, VoteType::Against, 12).unwrap();
    assert_eq!(dao.proposal_state(0, 22), Some(ProposalState::Succeeded));
}

#[ink::test]
fn the_same_majority_fails_a_higher_threshold() {
    let mut strict = settings();
    strict.approval_threshold_bp = 6_500;
    let mut dao = dao_with(strict);
    dao.stake(alice(), 1_000, 1).unwrap();
    dao.stake(bob(), 600, 1).unwrap();
    dao.propose(alice(), add_node(), "".into(), 10).unwrap();
    dao.vote(alice(), 0, VoteType::For, 12).unwrap(); // 62.5 % < 65 %
    dao.vote(bob(), 0, VoteType::Against, 12).unwrap();
    assert_eq!(dao.proposal_state(0, 22), Some(ProposalState::Defeated));
}

#[ink::test]
fn a_vote_reaching_quorum_late_extends_voting_once() {
    // Voting 12..22, extension 3: a first quorum in blocks 19..=21 extends.
    let mut dao = proposed();
    dao.vote(bob(), 0, VoteType::Against, 12).unwrap();
    let cast = dao.vote(alice(), 0, VoteType::For, 20).unwrap();
    assert_eq!((cast.vote_end, cast.extended), (24, true));
    let proposal = dao.proposal(0, 22).unwrap().0;
    assert_eq!(proposal.state, ProposalState::Active);
    assert!(proposal.proposal.extended);
    // The opposition still votes in the extension; no second extension.
    let again = dao.vote(charlie(), 0, VoteType::Against, 23).unwrap();
    assert_eq!((again.vote_end, again.extended), (24, false));
    assert_eq!(dao.proposal_state(0, 24), Some(ProposalState::Defeated));
    assert_eq!(dao.proposal(0, 24).unwrap().0.proposal.vote_end, 24);
}

#[ink::test]
fn quorum_reached_early_or_already_does_not_extend() {
    let mut dao = proposed();
    let cast = dao.vote(alice(), 0, VoteType::For, 18).unwrap(); // 4 blocks left > 3
    assert!(!cast.extended);
    let cast = dao.vote(bob(), 0, VoteType::Abstain, 21).unwrap(); // quorum already
    assert_eq!((cast.vote_end, cast.extended), (22, false));
    assert_eq!(dao.proposal(0, 21).unwrap().0.proposal.vote_end, 22);
}

#[ink::test]
fn the_proposer_cancels_only_while_pending() {
    let mut dao = proposed();
    assert_eq!(dao.cancel(bob(), 0, 11), Err(Error::OnlyProposer));
    assert_eq!(
        dao.cancel(alice(), 0, 12),
        Err(Error::InvalidState(ProposalState::Active))
    );
    assert_eq!(
        dao.cancel(alice(), 0, 11),
        Ok(ProposalClosed {
            id: 0,
            by: alice(),
            state: ProposalState::Cancelled
        })
    );
    assert_eq!(dao.proposal_state(0, 30), Some(ProposalState::Cancelled));
    assert_eq!(
        dao.vote(bob(), 0, VoteType::For, 12),
        Err(Error::InvalidState(ProposalState::Cancelled))
    );
}

#[ink::test]
fn the_guardian_vetoes_only_during_the_execution_delay() {
    let mut dao = passed();
    assert_eq!(dao.veto(alice(), 0, 22), Err(Error::OnlyGuardian));
    assert_eq!(
        dao.veto(guardian(), 0, 21),
        Err(Error::InvalidState(ProposalState::Active))
    );
    assert_eq!(
        dao.veto(guardian(), 0, 27),
        Err(Error::InvalidState(ProposalState::Executable))
    );
    assert_eq!(
        dao.veto(guardian(), 0, 26),
        Ok(ProposalClosed {
            id: 0,
            by: guardian(),
            state: ProposalState::Vetoed
        })
    );
    assert_eq!(dao.proposal_state(0, 27), Some(ProposalState::Vetoed));
    assert_eq!(
        dao.begin_execute(bob(), 0, 27),
        Err(Error::InvalidState(ProposalState::Vetoed))
    );
}

#[ink::test]
fn execution_marks_the_proposal_executed_once_inside_the_window() {
    let mut dao = passed();
    assert_eq!(
        dao.begin_execute(bob(), 0, 26),
        Err(Error::InvalidState(ProposalState::Succeeded))
    );
    let (action, executed) = dao.begin_execute(bob(), 0, 27).unwrap();
    assert_eq!(action, add_node());
    assert_eq!(
        executed,
        ProposalClosed {
            id: 0,
            by: bob(),
            state: ProposalState::Executed
        }
    );
    assert_eq!(dao.proposal_state(0, 28), Some(ProposalState::Executed));
    assert_eq!(
        dao.begin_execute(bob(), 0, 28),
        Err(Error::InvalidState(ProposalState::Executed))
    );
    assert_eq!(
        dao.veto(guardian(), 0, 28),
        Err(Error::InvalidState(ProposalState::Executed))
    );
    assert_eq!(
        dao.begin_execute(bob(), 9, 28),
        Err(Error::ProposalNotFound)
    );
}

#[ink::test]
fn a_passed_proposal_expires_after_its_window() {
    let mut dao = passed();
    assert_eq!(
        dao.begin_execute(bob(), 0, 37),
        Err(Error::InvalidState(ProposalState::Expired))
    );
}

#[ink::test]
fn self_actions_change_the_config_but_not_live_proposals() {
    let mut dao = passed();
    // A second proposal by bob, live while the settings change.
    dao.propose(bob(), add_node(), "".into(), 20).unwrap();
    let mut new_settings = settings();
    new_settings.quorum_bp = 10_000;
    new_settings.voting_period = 100;
    let changed = dao
        .apply_self_action(&Action::UpdateSettings(new_settings))
        .unwrap();
    assert_eq!(changed.config.settings, new_settings);
    assert_eq!(dao.config().settings, new_settings);
    // Proposal 0 keeps its frozen settings: still Succeeded, not re-judged at 100 % quorum.
    let (info, _) = dao.proposal(0, 22).unwrap();
    assert_eq!(info.proposal.settings, settings());
    assert_eq!(info.state, ProposalState::Succeeded);
    assert_eq!(dao.proposal(1, 22).unwrap().0.proposal.vote_end, 32);

    let changed = dao.apply_self_action(&Action::SetGuardian(None)).unwrap();
    assert_eq!(changed.config.guardian, None);
    let pin = ink::primitives::Hash::from([7; 32]);
    let changed = dao
        .apply_self_action(&Action::SetCorePin(Some(pin)))
        .unwrap();
    assert_eq!(changed.config.core_code_hash, Some(pin));
    assert_eq!(dao.apply_self_action(&add_node()), None);
    assert_eq!(dao.config().core_code_hash, Some(pin));
}

#[ink::test]
fn a_transfer_is_left_to_the_contract_and_needs_an_amount() {
    let mut dao = staked_dao();
    let transfer = |amount| Action::Transfer {
        to: account(50),
        amount,
    };
    assert_eq!(
        dao.propose(alice(), transfer(0), "".into(), 10),
        Err(Error::InvalidAction)
    );
    assert!(dao.propose(alice(), transfer(5), "fees".into(), 10).is_ok());
    let before = dao.config();
    assert_eq!(dao.apply_self_action(&transfer(5)), None);
    assert_eq!(dao.config(), before, "a transfer changes no configuration");
}

#[ink::test]
fn proposals_pages_report_states_and_the_count() {
    let mut dao = staked_dao();
    for proposer in [alice(), bob(), charlie()] {
        dao.propose(proposer, add_node(), "".into(), 10).unwrap();
    }
    let (page, count) = dao.proposals(1, 5, 12);
    assert_eq!(count, 3);
    assert_eq!(page.iter().map(|p| p.id).collect::<Vec<_>>(), vec![1, 2]);
    assert!(page.iter().all(|p| p.state == ProposalState::Active));
    assert_eq!(page[0].proposal.proposer, bob());
    let (page, _) = dao.proposals(0, 0, 12);
    assert!(page.is_empty());
    let (page, _) = dao.proposals(3, 5, 12);
    assert!(page.is_empty());
}
