//! Unit tests of the DAO's plain-Rust logic (checkpoints, delegation, settings, critical
//! actions, proposals, votes, veto, cancel, execution bookkeeping, self actions) against ink!'s
//! off-chain storage. Every test checks the returned event or error and reads the resulting
//! state back.

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

/// Delay 2, period 10, quorum 20 %, approval above 50 %, critical quorum 40 %, critical
/// approval above 66.67 %, threshold 100, execution delay 5, window 10, late-quorum extension 3
/// (all in blocks).
fn settings() -> Settings {
    Settings {
        voting_delay: 2,
        voting_period: 10,
        quorum_bp: 2_000,
        approval_threshold_bp: 5_000,
        critical_quorum_bp: 4_000,
        critical_approval_threshold_bp: 6_667,
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
fn votes_at_reads_the_latest_checkpoint_at_or_before_the_block() {
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
        assert_eq!(cp.votes_at(alice(), block), expected, "block {block}");
        assert_eq!(cp.total_at(block), expected, "total at block {block}");
    }
    assert_eq!(cp.stake_of(alice()), 20);
    assert_eq!(cp.votes_of(alice()), 20);
    assert_eq!(cp.stake_of(bob()), 0);
}

#[ink::test]
fn changes_in_one_block_share_one_checkpoint() {
    let mut cp = Checkpoints::default();
    cp.increase(alice(), 50, 7).unwrap();
    cp.increase(alice(), 30, 7).unwrap();
    cp.decrease(alice(), 20, 7).unwrap();
    assert_eq!(cp.checkpoints_kept(alice()), (1, 0));
    assert_eq!(cp.votes_at(alice(), 6), 0);
    assert_eq!(cp.votes_at(alice(), 7), 60);
    assert_eq!(cp.total_at(7), 60);
}

#[ink::test]
fn a_full_ring_merges_its_two_oldest_checkpoints_by_minimum() {
    let mut cp = Checkpoints::default();
    // 40 changes in blocks 1..=40: the stake after block b is b.
    for block in 1..=40u32 {
        cp.increase(alice(), 1, block).unwrap();
    }
    assert_eq!(cp.checkpoints_kept(alice()), (ACCOUNT_CHECKPOINTS, 0));
    // The 31 most recent checkpoints (blocks 10..=40) are exact.
    for block in 10..=40u32 {
        assert_eq!(cp.votes_at(alice(), block), Balance::from(block));
    }
    // Blocks 1..=9 were merged into one checkpoint at block 1 with their minimum: 1 (never
    // more than the truth, never less than the lowest weight over the span).
    for block in 1..=9u32 {
        assert_eq!(cp.votes_at(alice(), block), 1, "block {block}");
    }
    assert_eq!(cp.votes_at(alice(), 0), 0);
    // The total keeps its whole history.
    assert_eq!(cp.total_at(1), 1);
    assert_eq!(cp.total_at(8), 8);
}

#[ink::test]
fn merging_keeps_a_dip_as_the_floor_of_the_merged_span() {
    let mut cp = Checkpoints::default();
    // Block 1: 500; block 2: 100 (a dip); block 3: 1 000; then 40 changes of +1 in 4..=43.
    cp.increase(alice(), 500, 1).unwrap();
    cp.decrease(alice(), 400, 2).unwrap();
    cp.increase(alice(), 900, 3).unwrap();
    for block in 4..=43u32 {
        cp.increase(alice(), 1, block).unwrap();
    }
    // Exact: the 31 most recent (blocks 13..=43).
    assert_eq!(cp.votes_at(alice(), 13), 1_010);
    // Older: the minimum over blocks 1..=12, i.e. the dip, never more than the truth.
    for block in 1..=12u32 {
        assert_eq!(cp.votes_at(alice(), block), 100, "block {block}");
    }
    assert_eq!(cp.votes_at(alice(), 0), 0);
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
    type BreakIt = fn(&mut Settings);
    let cases: [(&str, BreakIt); 18] = [
        ("delay", |s| s.voting_delay = MAX_BLOCKS + 1),
        ("period 0", |s| s.voting_period = 0),
        ("period", |s| s.voting_period = MAX_BLOCKS + 1),
        ("quorum 0", |s| s.quorum_bp = 0),
        ("quorum", |s| {
            s.quorum_bp = BP + 1;
            s.critical_quorum_bp = BP + 1;
        }),
        ("quorum above critical", |s| s.quorum_bp = 4_001),
        ("critical quorum below quorum", |s| {
            s.critical_quorum_bp = 1_999
        }),
        ("critical quorum", |s| s.critical_quorum_bp = BP + 1),
        ("approval low", |s| s.approval_threshold_bp = 4_999),
        ("approval high", |s| {
            s.approval_threshold_bp = 10_000;
            s.critical_approval_threshold_bp = 10_000;
        }),
        ("approval above critical", |s| {
            s.approval_threshold_bp = 6_668
        }),
        ("critical approval below approval", |s| {
            s.critical_approval_threshold_bp = 4_999
        }),
        ("critical approval high", |s| {
            s.critical_approval_threshold_bp = 10_000
        }),
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
        critical_quorum_bp: BP,
        critical_approval_threshold_bp: 9_999,
        proposal_threshold: 1,
        execution_delay: 0,
        execution_window: 1,
        late_quorum_extension: 0,
    };
    assert!(edges.is_valid());
    // The critical pair may equal the ordinary one at the lower edges too.
    let mut equal = settings();
    equal.quorum_bp = 1;
    equal.critical_quorum_bp = 1;
    equal.approval_threshold_bp = MIN_APPROVAL_THRESHOLD_BP;
    equal.critical_approval_threshold_bp = MIN_APPROVAL_THRESHOLD_BP;
    assert!(equal.is_valid());
    equal.critical_approval_threshold_bp = MAX_APPROVAL_THRESHOLD_BP;
    equal.critical_quorum_bp = BP;
    assert!(equal.is_valid());
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
    assert_eq!(dao.stakes().votes_of(alice()), 200);
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
    assert_eq!(dao.proposal_state(0, 37), Ok(ProposalState::Expired));
    assert_eq!(
        dao.propose(alice(), add_node(), "".into(), 37).unwrap().id,
        1
    );
}

#[ink::test]
fn a_defeated_proposal_frees_its_proposer() {
    let mut dao = proposed();
    assert_eq!(dao.proposal_state(0, 22), Ok(ProposalState::Defeated));
    assert_eq!(
        dao.propose(alice(), add_node(), "".into(), 22).unwrap().id,
        1
    );
}

/// Old defect: 16 global live-proposal slots. 10 tokens (1 % of the stake, the proposal
/// threshold) hop to a fresh account every block and each account proposes from its snapshot;
/// with a global cap the slots filled up and a holder of half the stake could not propose.
#[ink::test]
fn threshold_stake_hopping_between_fresh_accounts_cannot_block_proposing() {
    let mut long = settings();
    long.voting_period = 30;
    long.proposal_threshold = 10;
    let mut dao = dao_with(long);
    dao.stake(alice(), 500, 1).unwrap();
    dao.stake(bob(), 490, 1).unwrap();
    dao.stake(account(100), 10, 1).unwrap();
    let mut created = 0;
    for hop in 0..24u8 {
        let holder = account(100 + hop);
        let next = account(101 + hop);
        let block = 10 + u32::from(hop);
        // The holder had the threshold at the end of the previous block (its snapshot).
        dao.propose(holder, add_node(), "spam".into(), block)
            .unwrap();
        created += 1;
        dao.unstake(holder, 10, block).unwrap();
        dao.stake(next, 10, block).unwrap();
        // The same tokens never give an account a second live proposal.
        assert_eq!(
            dao.propose(holder, add_node(), "".into(), block),
            Err(Error::ProposerHasLiveProposal)
        );
    }
    assert_eq!(dao.proposal_count(), created);
    let live = (0..created)
        .filter(|id| dao.proposal_state(*id, 34).unwrap().is_live())
        .count();
    assert_eq!(live, 24, "all spam proposals are live at once");
    // Alice (half the stake) still proposes.
    let id = dao
        .propose(alice(), add_node(), "real".into(), 34)
        .unwrap()
        .id;
    assert_eq!(id, created);
    assert_eq!(dao.proposal_state(id, 34), Ok(ProposalState::Pending));
    // One live proposal per proposer still holds.
    assert_eq!(
        dao.propose(alice(), add_node(), "".into(), 35),
        Err(Error::ProposerHasLiveProposal)
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
        assert_eq!(dao.proposal_state(0, block), Ok(state), "block {block}");
    }
    assert_eq!(dao.proposal_state(1, 12), Err(Error::ProposalNotFound));
    assert_eq!(dao.proposal(1, 12), Err(Error::ProposalNotFound));
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
    assert_eq!(dao.proposal_state(0, 22), Ok(ProposalState::Defeated));
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
    assert_eq!(dao.proposal_state(0, 22), Ok(ProposalState::Defeated));
}

#[ink::test]
fn a_majority_passes_at_fifty_percent() {
    let mut dao = proposed();
    dao.vote(alice(), 0, VoteType::For, 12).unwrap(); // 62.5 % of For + Against
    dao.vote(bob(), 0, VoteType::Against, 12).unwrap();
    assert_eq!(dao.proposal_state(0, 22), Ok(ProposalState::Succeeded));
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
    assert_eq!(dao.proposal_state(0, 22), Ok(ProposalState::Defeated));
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
    assert_eq!(dao.proposal_state(0, 24), Ok(ProposalState::Defeated));
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
    assert_eq!(dao.proposal_state(0, 30), Ok(ProposalState::Cancelled));
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
    assert_eq!(dao.proposal_state(0, 27), Ok(ProposalState::Vetoed));
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
    assert_eq!(dao.proposal_state(0, 28), Ok(ProposalState::Executed));
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
    let (page, count) = dao.proposals(1, 5, 12).unwrap();
    assert_eq!(count, 3);
    assert_eq!(page.iter().map(|p| p.id).collect::<Vec<_>>(), vec![1, 2]);
    assert!(page.iter().all(|p| p.state == ProposalState::Active));
    assert_eq!(page[0].proposal.proposer, bob());
    let (page, _) = dao.proposals(0, 0, 12).unwrap();
    assert!(page.is_empty());
    let (page, _) = dao.proposals(3, 5, 12).unwrap();
    assert!(page.is_empty());
    assert_eq!(dao.proposals(0, MAX_PAGE, 12).unwrap().0.len(), 3);
    assert_eq!(
        dao.proposals(0, MAX_PAGE + 1, 12),
        Err(Error::PageLimitTooLarge)
    );
    assert_eq!(dao.proposals(u64::MAX, MAX_PAGE, 12).unwrap().0.len(), 0);
}

// ---------------------------------------------------------------- delegation

#[ink::test]
fn delegation_moves_the_whole_stake_and_future_stake_follows() {
    let mut dao = dao_with(settings());
    // Every account delegates to itself by default: delegating there again changes nothing.
    assert_eq!(dao.stakes().delegate_of(alice()), alice());
    assert_eq!(
        dao.delegate(alice(), alice(), 1),
        Err(Error::AlreadyDelegated)
    );
    // Zero stake: only the choice is recorded.
    assert_eq!(
        dao.delegate(alice(), bob(), 1),
        Ok(DelegateChanged {
            delegator: alice(),
            from: alice(),
            to: bob(),
            weight: 0
        })
    );
    assert_eq!(dao.stakes().delegate_of(alice()), bob());
    assert_eq!(dao.stakes().votes_of(bob()), 0);
    assert_eq!(
        dao.delegate(alice(), bob(), 2),
        Err(Error::AlreadyDelegated)
    );
    // Later stake follows the delegate.
    dao.stake(alice(), 300, 2).unwrap();
    dao.stake(bob(), 50, 2).unwrap();
    assert_eq!(dao.stakes().stake_of(alice()), 300);
    assert_eq!(dao.stakes().votes_of(alice()), 0);
    assert_eq!(dao.stakes().votes_of(bob()), 350);
    // Redelegating moves the whole stake, from block 3 on.
    assert_eq!(
        dao.delegate(alice(), charlie(), 3),
        Ok(DelegateChanged {
            delegator: alice(),
            from: bob(),
            to: charlie(),
            weight: 300
        })
    );
    assert_eq!(dao.stakes().votes_at(bob(), 2), 350);
    assert_eq!(dao.stakes().votes_at(bob(), 3), 50);
    assert_eq!(dao.stakes().votes_at(charlie(), 2), 0);
    assert_eq!(dao.stakes().votes_at(charlie(), 3), 300);
    // Unstaking takes weight from the current delegate.
    dao.unstake(alice(), 100, 4).unwrap();
    assert_eq!(dao.stakes().votes_of(charlie()), 200);
    // Delegating back to itself takes the weight back.
    assert_eq!(
        dao.delegate(alice(), alice(), 5)
            .map(|e| (e.from, e.weight)),
        Ok((charlie(), 200))
    );
    assert_eq!(dao.stakes().delegate_of(alice()), alice());
    assert_eq!(dao.stakes().votes_of(alice()), 200);
    assert_eq!(dao.stakes().votes_of(charlie()), 0);
    assert_eq!(dao.stakes().total_staked(), 250);
    // Delegation changes no stake and no total.
    assert_eq!(dao.stakes().total_at(3), 350);
    assert_eq!(dao.stakes().stake_of(alice()), 200);
}

#[ink::test]
fn a_delegate_votes_with_delegated_weight_and_the_delegator_has_none() {
    let mut dao = staked_dao();
    dao.delegate(charlie(), bob(), 5).unwrap();
    dao.propose(alice(), add_node(), "".into(), 10).unwrap();
    // Bob: his 600 and charlie's 400.
    let cast = dao.vote(bob(), 0, VoteType::Against, 12).unwrap();
    assert_eq!((cast.weight, cast.against_votes), (1_000, 1_000));
    assert_eq!(
        dao.vote(charlie(), 0, VoteType::For, 12),
        Err(Error::NoVotingPower)
    );
    assert!(!dao.has_voted(0, charlie()));
    dao.vote(alice(), 0, VoteType::For, 12).unwrap();
    // 1 000 For vs 1 000 Against: the delegated tokens counted once, against.
    assert_eq!(dao.proposal_state(0, 22), Ok(ProposalState::Defeated));
}

#[ink::test]
fn the_proposal_threshold_counts_delegated_weight() {
    let mut dao = dao_with(settings());
    dao.stake(alice(), 60, 1).unwrap();
    dao.stake(bob(), 40, 1).unwrap();
    assert_eq!(
        dao.propose(alice(), add_node(), "".into(), 5),
        Err(Error::BelowProposalThreshold)
    );
    dao.delegate(bob(), alice(), 5).unwrap();
    // Delegated in the proposal's block: not in its snapshot yet.
    assert_eq!(
        dao.propose(alice(), add_node(), "".into(), 5),
        Err(Error::BelowProposalThreshold)
    );
    assert_eq!(
        dao.propose(alice(), add_node(), "".into(), 6).unwrap().id,
        0
    );
    // Bob delegated all away: below the threshold himself.
    assert_eq!(
        dao.propose(bob(), add_node(), "".into(), 6),
        Err(Error::BelowProposalThreshold)
    );
}

#[ink::test]
fn redelegating_after_the_snapshot_gives_the_new_delegate_no_weight_on_the_proposal() {
    let mut dao = staked_dao();
    dao.delegate(charlie(), bob(), 5).unwrap();
    dao.propose(alice(), add_node(), "".into(), 10).unwrap(); // snapshot 9
                                                              // In the creation block and after it: charlie moves his weight to account 60, then back.
    dao.delegate(charlie(), account(60), 10).unwrap();
    assert_eq!(
        dao.vote(account(60), 0, VoteType::For, 12),
        Err(Error::NoVotingPower)
    );
    dao.delegate(charlie(), charlie(), 12).unwrap();
    assert_eq!(
        dao.vote(charlie(), 0, VoteType::For, 13),
        Err(Error::NoVotingPower)
    );
    // Bob keeps charlie's weight on proposal 0: the tokens count once, for him.
    assert_eq!(dao.vote(bob(), 0, VoteType::For, 13).unwrap().weight, 1_000);
    // A proposal created after the moves sees them.
    dao.propose(bob(), add_node(), "".into(), 14).unwrap(); // snapshot 13
    assert_eq!(
        dao.vote(charlie(), 1, VoteType::For, 16).unwrap().weight,
        400
    );
    assert_eq!(dao.vote(bob(), 1, VoteType::For, 16).unwrap().weight, 600);
}

#[ink::test]
fn unstaking_after_the_snapshot_does_not_change_a_live_proposal() {
    let mut dao = staked_dao();
    dao.delegate(charlie(), bob(), 5).unwrap();
    dao.propose(alice(), add_node(), "".into(), 10).unwrap();
    dao.unstake(charlie(), 400, 11).unwrap();
    dao.unstake(bob(), 600, 11).unwrap();
    dao.unstake(alice(), 1_000, 11).unwrap();
    assert_eq!(dao.stakes().total_staked(), 0);
    assert_eq!(dao.vote(bob(), 0, VoteType::For, 12).unwrap().weight, 1_000);
    assert_eq!(
        dao.vote(alice(), 0, VoteType::Against, 12).unwrap().weight,
        1_000
    );
    let info = dao.proposal(0, 12).unwrap().0;
    assert_eq!(info.proposal.quorum_base, 2_000);
    assert_eq!(
        (info.proposal.for_votes, info.proposal.against_votes),
        (1_000, 1_000)
    );
}

/// The griefer: `attacker` delegates its stake to `victim` in odd blocks and back to itself in
/// even ones, one checkpoint per block in the victim's received ring.
fn toggle_delegation(
    dao: &mut Dao,
    attacker: AccountId,
    victim: AccountId,
    blocks: core::ops::RangeInclusive<u32>,
) {
    for block in blocks {
        let to = if block % 2 == 1 { victim } else { attacker };
        dao.delegate(attacker, to, block).unwrap();
    }
}

/// Attack: anyone can write into a victim's received-weight ring by delegating a token to it and
/// back. With a ring that drops its oldest checkpoint, 33 toggles after a proposal's snapshot
/// erased the victim's weight there. The victim's own stake is in another ring, which only the
/// victim writes.
#[ink::test]
fn delegation_toggling_cannot_erase_a_victims_weight_on_a_live_proposal() {
    let mut long = settings();
    long.voting_period = 60;
    let mut dao = dao_with(long);
    dao.stake(alice(), 1_000, 1).unwrap();
    dao.stake(bob(), 600, 1).unwrap(); // the victim
    dao.stake(account(70), 1, 1).unwrap(); // the attacker
    dao.propose(alice(), add_node(), "".into(), 10).unwrap(); // snapshot 9, voting 12..72
    toggle_delegation(&mut dao, account(70), bob(), 11..=50);
    assert_eq!(
        dao.stakes().checkpoints_kept(bob()),
        (1, ACCOUNT_CHECKPOINTS)
    );
    assert_eq!(dao.stakes().votes_at(bob(), 9), 600);
    assert_eq!(
        dao.vote(bob(), 0, VoteType::Against, 51).unwrap().weight,
        600
    );
    // The attacker's own ring merged too: its weight on the proposal is never more than it had.
    assert!(dao.stakes().votes_at(account(70), 9) <= 1);
    // The recent history stays exact.
    assert_eq!(dao.stakes().votes_at(bob(), 49), 601);
    assert_eq!(dao.stakes().votes_at(bob(), 50), 600);
}

/// Attack on a staker whose weight grew in steps: bob stakes 1, then 999 in the next block.
/// With one ring per account, 40 toggled delegations after the snapshot merged bob's 1 and
/// 1 000 into 1 on the live proposal. Bob's own stake now lives in a ring only he writes: the
/// toggles fill his received ring (where he never had anything) and he votes with all 1 000.
#[ink::test]
fn delegation_toggling_cannot_shrink_a_two_step_stake_on_a_live_proposal() {
    let mut long = settings();
    long.voting_period = 60;
    let mut dao = dao_with(long);
    dao.stake(alice(), 1_000, 1).unwrap();
    dao.stake(account(70), 1, 1).unwrap(); // the attacker
    dao.stake(bob(), 1, 1).unwrap(); // the victim, in two steps
    dao.stake(bob(), 999, 2).unwrap();
    dao.propose(alice(), add_node(), "".into(), 10).unwrap(); // snapshot 9, voting 12..72
    toggle_delegation(&mut dao, account(70), bob(), 11..=50);
    assert_eq!(
        dao.stakes().checkpoints_kept(bob()),
        (2, ACCOUNT_CHECKPOINTS)
    );
    assert_eq!(dao.stakes().own_at(bob(), 9), 1_000);
    assert_eq!(dao.stakes().received_at(bob(), 9), 0);
    assert_eq!(dao.stakes().votes_at(bob(), 1), 1);
    assert_eq!(dao.stakes().votes_at(bob(), 9), 1_000);
    assert_eq!(
        dao.vote(bob(), 0, VoteType::Against, 51).unwrap().weight,
        1_000
    );
    // Bob's later threshold checks count his whole stake too.
    dao.propose(bob(), add_node(), "".into(), 51).unwrap();
}

/// What a griefer can do to a delegate: bob (600 of his own) receives charlie's 400 in two
/// steps (100, then 300) and dave's 200; after the snapshot dave moves away and an attacker
/// toggles a 1-token delegation to bob in 40 blocks. After every toggle, at every block, bob's
/// received weight reads at most the truth and his weight at least his own 600. Once the ring
/// merged past the snapshot, the received part there reads its minimum since the first
/// delegation (charlie's first 100): dave's 200 and charlie's 300 no longer count for bob.
#[ink::test]
fn griefing_understates_only_received_weight_never_above_truth_nor_below_own_stake() {
    let dave = account(4);
    let attacker = account(70);
    let mut long = settings();
    long.voting_period = 60;
    let mut dao = dao_with(long);
    dao.stake(alice(), 1_000, 1).unwrap();
    dao.stake(bob(), 600, 1).unwrap();
    dao.stake(attacker, 1, 1).unwrap();
    dao.delegate(charlie(), bob(), 1).unwrap();
    dao.stake(charlie(), 100, 2).unwrap();
    dao.stake(charlie(), 300, 3).unwrap();
    dao.stake(dave, 200, 4).unwrap();
    dao.delegate(dave, bob(), 4).unwrap();
    dao.propose(alice(), add_node(), "".into(), 10).unwrap(); // snapshot 9, voting 12..72
    dao.delegate(dave, dave, 11).unwrap();
    // The true received weight of bob after each block that changed it.
    let mut truth: Vec<(BlockNumber, Balance)> = vec![(2, 100), (3, 400), (4, 600), (11, 400)];
    let true_at = |truth: &[(BlockNumber, Balance)], at: BlockNumber| {
        truth.iter().rev().find(|c| c.0 <= at).map_or(0, |c| c.1)
    };
    for block in 12..=51u32 {
        let to = if block % 2 == 0 { bob() } else { attacker };
        dao.delegate(attacker, to, block).unwrap();
        truth.push((block, if to == bob() { 401 } else { 400 }));
        for at in 0..=block {
            let received = dao.stakes().received_at(bob(), at);
            assert!(received <= true_at(&truth, at), "toggle {block}, at {at}");
            let own = if at >= 1 { 600 } else { 0 };
            assert_eq!(
                dao.stakes().own_at(bob(), at),
                own,
                "toggle {block}, at {at}"
            );
            assert_eq!(dao.stakes().votes_at(bob(), at), own + received);
            if at >= 2 {
                assert!(received >= 100, "toggle {block}, at {at}");
            }
        }
    }
    assert_eq!(
        dao.stakes().checkpoints_kept(bob()),
        (1, ACCOUNT_CHECKPOINTS)
    );
    // Truth at the snapshot: 600 + 600. Read: 600 + 100.
    assert_eq!(dao.stakes().received_at(bob(), 9), 100);
    assert_eq!(dao.vote(bob(), 0, VoteType::For, 52).unwrap().weight, 700);
    // Charlie and dave had delegated at the snapshot: they have no weight of their own there.
    assert_eq!(
        dao.vote(dave, 0, VoteType::For, 52),
        Err(Error::NoVotingPower)
    );
    // The recent history stays exact, and nothing was inflated anywhere.
    assert_eq!(dao.stakes().votes_at(bob(), 50), 1_001);
    assert_eq!(dao.stakes().votes_at(bob(), 51), 1_000);
    assert_eq!(dao.stakes().votes_of(bob()), 1_000);
}

/// Five accounts stake, unstake and delegate in a fixed pattern (fewer than 32 weight changes
/// each, so no checkpoint is merged): at every block the weights sum to the total stake.
#[ink::test]
fn voting_weights_sum_to_the_total_stake_at_every_block() {
    let mut dao = dao_with(settings());
    let accounts: Vec<AccountId> = (1..=5u8).map(account).collect();
    for block in 1..=25u32 {
        let i = block as usize;
        let who = accounts[i % 5];
        match block % 4 {
            0 => {
                let to = accounts[(i * 3) % 5];
                let _ = dao.delegate(who, to, block);
            }
            1 | 2 => {
                dao.stake(who, Balance::from(block) * 10, block).unwrap();
            }
            _ => {
                let stake = dao.stakes().stake_of(who);
                if stake > 0 {
                    dao.unstake(who, stake / 2 + 1, block).unwrap();
                }
            }
        }
        if block % 5 == 0 {
            let _ = dao.delegate(accounts[(i + 1) % 5], accounts[(i + 2) % 5], block);
        }
    }
    for account in &accounts {
        let (own, received) = dao.stakes().checkpoints_kept(*account);
        assert!(own < ACCOUNT_CHECKPOINTS && received < ACCOUNT_CHECKPOINTS);
    }
    let mut delegated = false;
    for block in 0..=27u32 {
        let sum: Balance = accounts
            .iter()
            .map(|a| dao.stakes().votes_at(*a, block))
            .sum();
        assert_eq!(sum, dao.stakes().total_at(block), "block {block}");
        delegated |= accounts.iter().any(|a| dao.stakes().delegate_of(*a) != *a);
    }
    assert!(delegated);
    let stakes: Balance = accounts.iter().map(|a| dao.stakes().stake_of(*a)).sum();
    assert_eq!(stakes, dao.stakes().total_staked());
}

// ---------------------------------------------------------------- critical actions

fn transfer_manager() -> Action {
    Action::Cluster(ClusterAction::TransferManager {
        cluster: 1,
        new_manager: account(80),
    })
}

#[ink::test]
fn critical_actions_are_manager_transfers_self_actions_and_transfers() {
    assert!(transfer_manager().is_critical());
    assert!(Action::UpdateSettings(settings()).is_critical());
    assert!(Action::SetGuardian(None).is_critical());
    assert!(Action::SetCorePin(None).is_critical());
    assert!(Action::Transfer {
        to: alice(),
        amount: 1
    }
    .is_critical());
    assert!(!add_node().is_critical());
    assert!(!Action::Cluster(ClusterAction::AcceptManager { cluster: 1 }).is_critical());
    assert!(!Action::Cluster(ClusterAction::DistributeRevenues { cluster: 1 }).is_critical());
}

/// The same 60 % majority admits a node but cannot hand the cluster to another manager
/// (critical approval > 66.67 %).
#[ink::test]
fn a_simple_majority_passes_an_ordinary_action_but_not_a_critical_one() {
    let mut dao = dao_with(settings());
    dao.stake(alice(), 600, 1).unwrap();
    dao.stake(bob(), 400, 1).unwrap();
    let ordinary = dao.propose(alice(), add_node(), "".into(), 10).unwrap();
    let critical = dao
        .propose(bob(), transfer_manager(), "".into(), 10)
        .unwrap();
    assert!(!ordinary.critical);
    assert!(critical.critical);
    assert!(dao.proposal(1, 10).unwrap().0.proposal.critical);
    for id in [0, 1] {
        dao.vote(alice(), id, VoteType::For, 12).unwrap();
        dao.vote(bob(), id, VoteType::Against, 12).unwrap();
        let proposal = dao.proposal(id, 12).unwrap().0.proposal;
        assert!(proposal.quorum_reached(), "proposal {id}");
    }
    assert_eq!(dao.proposal_state(0, 22), Ok(ProposalState::Succeeded));
    assert_eq!(dao.proposal_state(1, 22), Ok(ProposalState::Defeated));
}

#[ink::test]
fn a_critical_proposal_needs_the_critical_quorum() {
    // Alice alone, 30 % of the stake, votes For: above the 20 % quorum, below the 40 % one.
    let mut dao = dao_with(settings());
    dao.stake(alice(), 300, 1).unwrap();
    dao.stake(bob(), 700, 1).unwrap();
    dao.propose(alice(), add_node(), "".into(), 10).unwrap();
    dao.propose(bob(), Action::SetGuardian(None), "".into(), 10)
        .unwrap();
    for id in [0, 1] {
        dao.vote(alice(), id, VoteType::For, 12).unwrap();
    }
    let critical = dao.proposal(1, 12).unwrap().0.proposal;
    assert!(critical.approved());
    assert!(!critical.quorum_reached());
    assert_eq!(dao.proposal_state(0, 22), Ok(ProposalState::Succeeded));
    assert_eq!(dao.proposal_state(1, 22), Ok(ProposalState::Defeated));
}

#[ink::test]
fn late_quorum_extension_uses_the_critical_quorum() {
    let mut dao = dao_with(settings());
    dao.stake(alice(), 300, 1).unwrap();
    dao.stake(bob(), 700, 1).unwrap();
    dao.propose(bob(), Action::SetCorePin(None), "".into(), 10)
        .unwrap(); // voting 12..22
                   // 30 % For early: the ordinary 20 % quorum would be met already, the critical 40 % not.
    dao.vote(alice(), 0, VoteType::For, 12).unwrap();
    // Bob's vote first reaches the critical quorum with 2 blocks left: extended.
    let cast = dao.vote(bob(), 0, VoteType::For, 20).unwrap();
    assert_eq!((cast.vote_end, cast.extended), (24, true));
}
