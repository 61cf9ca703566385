//! The DAO manager in the sandbox: a real governance token, the real core (or `mock_core` where
//! a scripted target is needed) and real block control. Headline: admitting a node to a cluster
//! by vote. Every attack test names what a naive implementation would do.

use ddc_bucket::events::{BucketEvicted, ClusterManagerAccepted, ClusterNodeAdded};
use ddc_tests::dao::manager_dao::events::{
    ConfigChanged, DelegateChanged, ProposalClosed, ProposalCreated, Staked, Transferred, Unstaked,
    VoteCast,
};
use ddc_tests::dao::manager_dao::types::{Action, Error, ProposalState, Settings, VoteType};
use ddc_tests::dao::{
    accept_manager, add_node, settings, transfer_manager, DaoSuite, Registry, STAKES,
};
use ddc_tests::ddc_types::{ClusterAction, ClusterId, CoreCallError, Error as CoreError, MONTH_MS};
use ddc_tests::mock::Mode;
use ddc_tests::{
    admin, alice, bob, charlie, contract, dave, eve, ink_id, node_key, BundleProvider, TOKEN,
};
use ink::codegen::TraitCallBuilder;
use manager_dao::ManagerDaoRef;

/// The stakers' DAO over the real core, holding cluster 1: alice created it (10 per vnode) and
/// offered it to the DAO; proposal 0 (`AcceptManager`) passed and was executed.
fn dao_with_cluster() -> (DaoSuite, ClusterId) {
    let mut s = DaoSuite::staked(Registry::Core, Some(&eve()));
    let dao = s.dao.clone();
    let cluster = s.ddc.cluster_create(&alice(), 10).unwrap();
    s.ddc
        .cluster_transfer_manager(&alice(), cluster, &dao)
        .unwrap();
    let id = s.propose(&bob(), &accept_manager(cluster)).unwrap();
    s.pass(id);
    s.execute(&dave(), id).unwrap();
    (s, cluster)
}

/// Bob trusts the DAO and registers node 1 (capacity 100, rent 10).
fn bobs_node_trusts_the_dao(s: &mut DaoSuite) {
    let dao = s.dao.clone();
    s.ddc.node_trust_manager(&bob(), &dao).unwrap();
    s.ddc.node_create(&bob(), &node_key(1), 100, 10).unwrap();
}

/// A DAO over `mock_core` with the default stakers, and a passed `ChangeParams` proposal 0
/// (by bob), now Executable.
fn executable_on_mock() -> DaoSuite {
    let mut s = DaoSuite::staked(Registry::Mock, Some(&eve()));
    let id = s.propose(&bob(), &change_params()).unwrap();
    s.pass(id);
    s
}

fn change_params() -> Action {
    Action::Cluster(ClusterAction::ChangeParams {
        cluster: 1,
        params: "{}".into(),
    })
}

// ---------------------------------------------------------------- headline

#[test]
fn the_dao_takes_over_a_cluster_by_vote() {
    let (mut s, cluster) = dao_with_cluster();
    let accepted = s.ddc.events::<ClusterManagerAccepted>();
    assert_eq!(accepted.len(), 1);
    assert_eq!(accepted[0].manager, ink_id(&s.dao));
    assert_eq!(accepted[0].previous_manager, ink_id(&alice()));
    let executed = s.events::<ProposalClosed>();
    assert_eq!(
        (executed[0].id, executed[0].by, executed[0].state),
        (0, ink_id(&dave()), ProposalState::Executed)
    );
    assert_eq!(s.ddc.cluster(cluster).manager, ink_id(&s.dao));
    assert_eq!(s.state(0), Ok(ProposalState::Executed));
}

#[test]
fn a_node_is_admitted_by_vote_and_executed_by_anyone() {
    let (mut s, cluster) = dao_with_cluster();
    bobs_node_trusts_the_dao(&mut s);
    let action = add_node(cluster, &node_key(1), &[1, 2]);
    let id = s.propose(&charlie(), &action).unwrap();
    assert_eq!(id, 1);
    let created = s.events::<ProposalCreated>();
    assert_eq!(created[0].action, action);
    assert_eq!(created[0].proposer, ink_id(&charlie()));
    assert_eq!(created[0].quorum_base, 1_000 * TOKEN);

    s.advance_to(created[0].vote_start);
    s.vote(&alice(), id, VoteType::For).unwrap();
    s.vote(&bob(), id, VoteType::For).unwrap();
    s.vote(&charlie(), id, VoteType::Against).unwrap();
    let cast = s.events::<VoteCast>();
    assert_eq!(
        (cast[0].for_votes, cast[0].against_votes),
        (STAKES[0] + STAKES[1], STAKES[2])
    );
    s.to_executable(id);
    assert_eq!(s.state(id), Ok(ProposalState::Executable));

    s.execute(&dave(), id).unwrap(); // dave holds no stake
    let added = s.ddc.events::<ClusterNodeAdded>();
    assert_eq!(added.len(), 1);
    assert_eq!(added[0].cluster_id, cluster);
    assert_eq!(added[0].node_key, ink_id(&node_key(1)));
    assert_eq!(added[0].v_nodes, vec![1, 2]);
    let executed = s.events::<ProposalClosed>();
    assert_eq!(
        (executed[0].id, executed[0].by, executed[0].state),
        (id, ink_id(&dave()), ProposalState::Executed)
    );

    let node = s.ddc.node(&node_key(1));
    assert_eq!(node.cluster_id, Some(cluster));
    assert_eq!(node.v_nodes, vec![1, 2]);
    let info = s.ddc.cluster(cluster);
    assert_eq!(info.nodes.len(), 1);
    assert_eq!(info.v_node_count, 2);
    assert_eq!(s.state(id), Ok(ProposalState::Executed));
}

/// A bucket whose owner stopped paying holds resource in the DAO's cluster: the stakers evict it
/// by vote (`EvictBucket`), and its debt stays with the owner.
#[test]
fn the_dao_evicts_an_unpaid_bucket_by_vote() {
    let (mut s, cluster) = dao_with_cluster();
    bobs_node_trusts_the_dao(&mut s);
    let id = s
        .propose(&charlie(), &add_node(cluster, &node_key(1), &[1, 2]))
        .unwrap();
    s.pass(id);
    s.execute(&dave(), id).unwrap();
    // At ms 3·10^9 (after every block time so far: they read the host clock in seconds, and
    // the core is called at no other time in between), dave's bucket takes 1 unit at 20 USD
    // units a month, paid by 1 native unit (a twentieth of a month).
    let allocated_at = 3_000_000_000;
    s.ddc.suite.set_time(allocated_at);
    let bucket = s.ddc.bucket_create(&dave(), cluster).unwrap();
    s.ddc.deposit(&dave(), 1).unwrap();
    s.ddc.bucket_alloc(&dave(), bucket, 1).unwrap();

    let action = Action::Cluster(ClusterAction::EvictBucket { cluster, bucket });
    let id = s.propose(&charlie(), &action).unwrap();
    s.pass(id);
    // Executed a month later: 20 owed, 1 paid.
    s.ddc.suite.set_time(allocated_at + MONTH_MS);
    s.execute(&eve(), id).unwrap();
    assert_eq!(
        s.ddc.events::<BucketEvicted>(),
        vec![BucketEvicted {
            bucket_id: bucket,
            cluster_id: cluster,
            owner: ink_id(&dave()),
            resource_freed: 1,
            debt: 19
        }]
    );
    assert_eq!(s.state(id), Ok(ProposalState::Executed));
    assert_eq!(s.ddc.cluster(cluster).resource_used, 0);
    assert_eq!(s.ddc.account(&dave()).debt, 19);
}

/// Naive: no quorum, so whoever shows up decides. Only dave (10 of 1 010 staked tokens) votes,
/// For; quorum is 20 % of the stake at the snapshot.
#[test]
fn a_low_turnout_proposal_misses_quorum_and_cannot_execute() {
    let (mut s, cluster) = dao_with_cluster();
    bobs_node_trusts_the_dao(&mut s);
    s.fund_and_stake(&dave(), 10 * TOKEN).unwrap();
    s.advance(1);
    let id = s
        .propose(&dave(), &add_node(cluster, &node_key(1), &[1, 2]))
        .unwrap();
    let start = s.proposal(id).0.proposal.vote_start;
    s.advance_to(start);
    s.vote(&dave(), id, VoteType::For).unwrap(); // 10 of 1 010 tokens: For wins, no quorum
    s.to_executable(id);
    let info = s.proposal(id).0;
    assert_eq!(info.state, ProposalState::Defeated);
    assert_eq!(info.proposal.for_votes, 10 * TOKEN);
    assert_eq!(
        s.execute(&dave(), id),
        Err(Error::InvalidState(ProposalState::Defeated))
    );
    assert_eq!(s.event_count(), 0);
    assert_eq!(s.ddc.node(&node_key(1)).cluster_id, None);
}

#[test]
fn a_proposal_against_wins_is_defeated_and_cannot_execute() {
    let (mut s, cluster) = dao_with_cluster();
    bobs_node_trusts_the_dao(&mut s);
    let id = s
        .propose(&charlie(), &add_node(cluster, &node_key(1), &[1, 2]))
        .unwrap();
    let start = s.proposal(id).0.proposal.vote_start;
    s.advance_to(start);
    s.vote(&alice(), id, VoteType::Against).unwrap();
    s.vote(&bob(), id, VoteType::For).unwrap();
    s.vote(&charlie(), id, VoteType::For).unwrap(); // For 500 vs Against 500: not > 50 %
    s.to_executable(id);
    assert_eq!(s.state(id), Ok(ProposalState::Defeated));
    assert_eq!(
        s.execute(&dave(), id),
        Err(Error::InvalidState(ProposalState::Defeated))
    );
    assert_eq!(s.ddc.node(&node_key(1)).cluster_id, None);
}

// ---------------------------------------------------------------- staking

#[test]
fn stake_and_unstake_move_tokens_and_report_new_totals() {
    let mut s = DaoSuite::deploy(Registry::Core, "new", None);
    s.fund_and_stake(&alice(), 70 * TOKEN).unwrap();
    let staked = s.events::<Staked>();
    assert_eq!(staked.len(), 1);
    assert_eq!(staked[0].account, ink_id(&alice()));
    assert_eq!(
        (staked[0].amount, staked[0].stake, staked[0].total_staked),
        (70 * TOKEN, 70 * TOKEN, 70 * TOKEN)
    );
    s.fund_and_stake(&bob(), 30 * TOKEN).unwrap();
    s.unstake(&alice(), 20 * TOKEN).unwrap();
    let unstaked = s.events::<Unstaked>();
    assert_eq!(
        (
            unstaked[0].amount,
            unstaked[0].stake,
            unstaked[0].total_staked
        ),
        (20 * TOKEN, 50 * TOKEN, 80 * TOKEN)
    );
    assert_eq!(s.token_balance(&alice()), 20 * TOKEN);
    assert_eq!(s.stake_of(&alice()), 50 * TOKEN);
    assert_eq!(
        s.unstake(&alice(), 50 * TOKEN + 1),
        Err(Error::InsufficientStake)
    );
    assert_eq!(s.event_count(), 0);
}

#[test]
fn the_dao_token_balance_always_equals_the_total_stake() {
    let mut s = DaoSuite::deploy(Registry::Core, "new", None);
    let dao = s.dao.clone();
    let steps: [(&str, u8, u128); 8] = [
        ("stake", 2, 40),
        ("stake", 3, 25),
        ("unstake", 2, 15),
        ("stake", 4, 7),
        ("unstake", 3, 25),
        ("stake", 2, 3),
        ("unstake", 4, 7),
        ("unstake", 2, 28),
    ];
    for (i, (op, who, amount)) in steps.into_iter().enumerate() {
        let who = [alice(), bob(), charlie()][usize::from(who - 2)].clone();
        match op {
            "stake" => s.fund_and_stake(&who, amount * TOKEN).unwrap(),
            _ => s.unstake(&who, amount * TOKEN).unwrap(),
        }
        assert_eq!(s.token_balance(&dao), s.total_staked(), "step {i}");
        if i % 3 == 0 {
            s.advance(1);
        }
    }
    assert_eq!(s.total_staked(), 0);
    // A stake the token refuses (no allowance) moves nothing and books nothing.
    s.token_transfer(&admin(), &dave(), 5 * TOKEN).unwrap();
    assert_eq!(s.stake(&dave(), 5 * TOKEN), Err(Error::TokenTransferFailed));
    assert_eq!((s.token_balance(&dao), s.total_staked()), (0, 0));
}

// ---------------------------------------------------------------- attacks on voting

/// Naive: weight = stake at vote time. Alice votes, unstakes, hands the tokens to dave, who
/// stakes and votes again with the same tokens.
#[test]
fn moving_stake_to_a_second_account_does_not_vote_twice() {
    let mut s = executable_on_mock();
    let id = s.propose(&alice(), &change_params()).unwrap();
    let start = s.proposal(id).0.proposal.vote_start;
    s.advance_to(start);
    s.vote(&alice(), id, VoteType::For).unwrap();
    s.unstake(&alice(), STAKES[0]).unwrap();
    s.token_transfer(&alice(), &dave(), STAKES[0]).unwrap();
    s.approve_dao(&dave(), STAKES[0]).unwrap();
    s.stake(&dave(), STAKES[0]).unwrap();
    s.advance(1);
    assert_eq!(
        s.vote(&dave(), id, VoteType::For),
        Err(Error::NoVotingPower)
    );
    assert_eq!(s.event_count(), 0);
    let proposal = s.proposal(id).0.proposal;
    assert_eq!(proposal.for_votes, STAKES[0]);
    let snapshot = proposal.snapshot;
    let dave_then = s.votes_of(&dave(), snapshot);
    let alice_then = s.votes_of(&alice(), snapshot);
    assert_eq!((dave_then, alice_then), (0, STAKES[0]));
    assert_eq!(s.stake_of(&dave()), STAKES[0]);
    let voted = |s: &mut DaoSuite, who: &_| s.has_voted(id, who);
    assert!(voted(&mut s, &alice()));
    assert!(!voted(&mut s, &dave()));
}

/// Naive: snapshot = the creation block itself. Dave stakes (e.g. a flash loan) and proposes
/// in the same block, then votes with that stake.
#[test]
fn stake_from_the_proposal_block_has_no_weight() {
    let mut s = DaoSuite::staked(Registry::Mock, None);
    s.fund_and_stake(&dave(), 10_000 * TOKEN).unwrap();
    assert_eq!(
        s.propose(&dave(), &change_params()),
        Err(Error::BelowProposalThreshold)
    );
    let id = s.propose(&alice(), &change_params()).unwrap();
    let proposal = s.proposal(id).0.proposal;
    assert_eq!(proposal.snapshot, s.block() - 1);
    assert_eq!(
        proposal.quorum_base,
        1_000 * TOKEN,
        "dave's stake is not in the base"
    );
    s.advance_to(proposal.vote_start);
    assert_eq!(
        s.vote(&dave(), id, VoteType::For),
        Err(Error::NoVotingPower)
    );
}

/// Naive: a vote near the end silently flips the outcome. Here the vote that first reaches
/// quorum in the last 2 blocks extends voting, and the opposition outvotes it.
#[test]
fn a_late_quorum_extends_voting_once() {
    let mut s = DaoSuite::staked(Registry::Mock, None);
    let id = s.propose(&charlie(), &change_params()).unwrap();
    let end = s.proposal(id).0.proposal.vote_end;
    s.advance_to(end - 1); // the last block of voting
    s.vote(&charlie(), id, VoteType::For).unwrap(); // 20 %: quorum reached now
    let cast = s.events::<VoteCast>();
    assert_eq!((cast[0].vote_end, cast[0].extended), (end + 2, true));
    assert_eq!(s.proposal(id).0.proposal.vote_end, end + 2);
    s.advance_to(end);
    assert_eq!(s.state(id), Ok(ProposalState::Active));
    s.vote(&bob(), id, VoteType::Against).unwrap();
    let cast = s.events::<VoteCast>();
    assert_eq!((cast[0].vote_end, cast[0].extended), (end + 2, false));
    s.advance_to(end + 2);
    assert_eq!(s.state(id), Ok(ProposalState::Defeated));
}

// ---------------------------------------------------------------- delegation

/// Alice (500) delegates to bob (300): bob proposes and votes with 800, alice has nothing left to
/// vote with. After the snapshot alice moves her weight to charlie and unstakes part of it:
/// neither changes the live proposal (its weights are those of its snapshot).
#[test]
fn a_delegate_votes_with_the_weight_delegated_at_the_snapshot() {
    let mut s = DaoSuite::staked(Registry::Mock, None);
    assert_eq!(s.delegates(&alice()), ink_id(&alice()));
    s.delegate(&alice(), &bob()).unwrap();
    assert_eq!(
        s.events::<DelegateChanged>(),
        vec![DelegateChanged {
            delegator: ink_id(&alice()),
            from: ink_id(&alice()),
            to: ink_id(&bob()),
            weight: STAKES[0],
        }]
    );
    assert_eq!(s.event_count(), 1);
    assert_eq!(
        s.delegate(&alice(), &bob()),
        Err(Error::AlreadyDelegated),
        "bob already is alice's delegate"
    );
    assert_eq!(s.event_count(), 0);
    assert_eq!(s.delegates(&alice()), ink_id(&bob()));
    assert_eq!(s.delegates(&bob()), ink_id(&bob()));
    // Stakes stay where they are; the voting weight moved.
    assert_eq!(
        (s.stake_of(&alice()), s.stake_of(&bob())),
        (STAKES[0], STAKES[1])
    );
    assert_eq!(
        (s.votes_of(&alice(), u32::MAX), s.votes_of(&bob(), u32::MAX)),
        (0, STAKES[0] + STAKES[1])
    );
    let delegated_in = s.block();
    assert_eq!(s.votes_of(&bob(), delegated_in - 1), STAKES[1]);
    s.advance(1);

    // Alice's weight is bob's now: she is below the proposal threshold, bob proposes with 800.
    assert_eq!(
        s.propose(&alice(), &change_params()),
        Err(Error::BelowProposalThreshold)
    );
    let id = s.propose(&bob(), &change_params()).unwrap();
    let proposal = s.proposal(id).0.proposal;
    assert_eq!(proposal.snapshot, delegated_in);
    assert_eq!(proposal.quorum_base, 1_000 * TOKEN);

    // After the snapshot: alice redelegates to charlie and unstakes 200 of her 500.
    s.delegate(&alice(), &charlie()).unwrap();
    assert_eq!(
        s.events::<DelegateChanged>(),
        vec![DelegateChanged {
            delegator: ink_id(&alice()),
            from: ink_id(&bob()),
            to: ink_id(&charlie()),
            weight: STAKES[0],
        }]
    );
    s.unstake(&alice(), 200 * TOKEN).unwrap();
    assert_eq!(s.stake_of(&alice()), 300 * TOKEN);
    assert_eq!(s.votes_of(&charlie(), u32::MAX), STAKES[2] + 300 * TOKEN);
    assert_eq!(s.votes_of(&bob(), u32::MAX), STAKES[1]);

    s.advance_to(proposal.vote_start);
    s.vote(&bob(), id, VoteType::For).unwrap();
    let cast = s.events::<VoteCast>();
    assert_eq!(cast.len(), 1);
    assert_eq!(cast[0].voter, ink_id(&bob()));
    assert_eq!(cast[0].weight, STAKES[0] + STAKES[1], "alice's and his own");
    assert_eq!(cast[0].for_votes, STAKES[0] + STAKES[1]);
    assert_eq!(
        s.vote(&alice(), id, VoteType::Against),
        Err(Error::NoVotingPower)
    );
    assert_eq!(s.event_count(), 0);
    // Charlie got alice's weight after the snapshot: he votes with his own stake only.
    s.vote(&charlie(), id, VoteType::Against).unwrap();
    let cast = s.events::<VoteCast>();
    assert_eq!(cast[0].weight, STAKES[2]);
    assert_eq!(
        (cast[0].for_votes, cast[0].against_votes),
        (STAKES[0] + STAKES[1], STAKES[2])
    );
    let snapshot = proposal.snapshot;
    assert_eq!(
        (
            s.votes_of(&alice(), snapshot),
            s.votes_of(&bob(), snapshot),
            s.votes_of(&charlie(), snapshot)
        ),
        (0, STAKES[0] + STAKES[1], STAKES[2])
    );
    // The same tokens never count twice: the weights at the snapshot sum to the total then.
    let total_then = s.total_stake_at(snapshot);
    assert_eq!(total_then, 1_000 * TOKEN);

    // Alice takes her (now smaller) weight back.
    s.delegate(&alice(), &alice()).unwrap();
    assert_eq!(
        s.events::<DelegateChanged>(),
        vec![DelegateChanged {
            delegator: ink_id(&alice()),
            from: ink_id(&charlie()),
            to: ink_id(&alice()),
            weight: 300 * TOKEN,
        }]
    );
    assert_eq!(s.delegates(&alice()), ink_id(&alice()));
    assert_eq!(
        (
            s.votes_of(&alice(), u32::MAX),
            s.votes_of(&charlie(), u32::MAX)
        ),
        (300 * TOKEN, STAKES[2])
    );
    s.to_executable(id);
    assert_eq!(s.state(id), Ok(ProposalState::Executable));
}

/// An account without stake may delegate (only the choice is recorded: weight 0); the stake it
/// locks later follows its delegate.
#[test]
fn stake_added_after_delegating_follows_the_delegate() {
    let mut s = DaoSuite::staked(Registry::Mock, None);
    s.delegate(&dave(), &bob()).unwrap();
    assert_eq!(s.events::<DelegateChanged>()[0].weight, 0);
    assert_eq!(s.votes_of(&bob(), u32::MAX), STAKES[1]);
    s.fund_and_stake(&dave(), 50 * TOKEN).unwrap();
    assert_eq!(s.stake_of(&dave()), 50 * TOKEN);
    assert_eq!(
        (s.votes_of(&dave(), u32::MAX), s.votes_of(&bob(), u32::MAX)),
        (0, STAKES[1] + 50 * TOKEN)
    );
}

/// Naive checkpoints (drop the oldest when the per-account ring is full): an attacker with one
/// token delegates to the victim and back in 80 blocks after a proposal's snapshot, pushing the
/// victim's checkpoint at the snapshot out of its 32-slot ring, so the victim reads 0 and
/// cannot vote. Here the oldest checkpoints merge by minimum: the victim votes with its whole
/// own stake.
#[test]
fn toggling_delegations_to_a_victim_cannot_erase_its_weight() {
    let long = Settings {
        voting_period: 120,
        ..settings()
    };
    let mut s = DaoSuite::deploy_with(Registry::Mock, "new", None, &long);
    s.stake_defaults();
    let (attacker, victim) = (dave(), alice());
    s.fund_and_stake(&attacker, TOKEN).unwrap();
    s.advance(1);
    let id = s.propose(&charlie(), &change_params()).unwrap();
    let proposal = s.proposal(id).0.proposal;
    assert_eq!(s.votes_of(&victim, proposal.snapshot), STAKES[0]);
    let mut blocks = std::collections::BTreeSet::new();
    for _ in 0..40 {
        s.delegate(&attacker, &victim).unwrap();
        assert_eq!(s.events::<DelegateChanged>()[0].weight, TOKEN);
        blocks.insert(s.block());
        s.advance(1);
        s.delegate(&attacker, &attacker).unwrap();
        blocks.insert(s.block());
        s.advance(1);
    }
    assert_eq!(blocks.len(), 80, "80 weight changes in 80 blocks");
    assert!(blocks.iter().all(|block| *block > proposal.snapshot));
    assert_eq!(s.votes_of(&victim, u32::MAX), STAKES[0]);
    assert_eq!(s.votes_of(&victim, proposal.snapshot), STAKES[0]);
    assert_eq!(s.state(id), Ok(ProposalState::Active));
    s.vote(&victim, id, VoteType::For).unwrap();
    let cast = s.events::<VoteCast>();
    assert_eq!(cast[0].voter, ink_id(&victim));
    assert_eq!(cast[0].weight, STAKES[0]);
    assert_eq!(s.proposal(id).0.proposal.for_votes, STAKES[0]);
}

// ---------------------------------------------------------------- critical actions

/// Alice holds 60 %, bob 40 %. The same 60 / 40 vote admits a node (ordinary: approval > 50 %)
/// but does not hand the cluster away (critical: approval > 66.67 %).
#[test]
fn a_sixty_percent_vote_admits_a_node_but_does_not_hand_over_the_cluster() {
    let mut s = DaoSuite::deploy(Registry::Core, "new", None);
    s.fund_and_stake(&alice(), 600 * TOKEN).unwrap();
    s.fund_and_stake(&bob(), 400 * TOKEN).unwrap();
    s.advance(1);
    let dao = s.dao.clone();
    let cluster = s.ddc.cluster_create(&charlie(), 10).unwrap();
    s.ddc
        .cluster_transfer_manager(&charlie(), cluster, &dao)
        .unwrap();
    let id = s.propose(&alice(), &accept_manager(cluster)).unwrap();
    assert!(!s.events::<ProposalCreated>()[0].critical);
    s.pass(id);
    s.execute(&eve(), id).unwrap();
    bobs_node_trusts_the_dao(&mut s);

    let admit = add_node(cluster, &node_key(1), &[1, 2]);
    let hand_over = transfer_manager(cluster, &eve());
    let ordinary = s.propose(&alice(), &admit).unwrap();
    let created = s.events::<ProposalCreated>();
    assert_eq!(
        (created[0].action.clone(), created[0].critical),
        (admit, false)
    );
    let critical = s.propose(&bob(), &hand_over).unwrap();
    let created = s.events::<ProposalCreated>();
    assert_eq!(
        (created[0].action.clone(), created[0].critical),
        (hand_over, true)
    );
    let frozen = s.proposal(critical).0.proposal;
    assert!(frozen.critical);
    assert!(!s.proposal(ordinary).0.proposal.critical);
    assert_eq!(frozen.settings.critical_approval_threshold_bp, 6_667);

    s.advance_to(frozen.vote_start);
    for id in [ordinary, critical] {
        s.vote(&alice(), id, VoteType::For).unwrap();
        s.vote(&bob(), id, VoteType::Against).unwrap();
        let cast = s.events::<VoteCast>();
        assert_eq!(
            (cast[0].for_votes, cast[0].against_votes),
            (600 * TOKEN, 400 * TOKEN)
        );
    }
    s.to_executable(critical);
    assert_eq!(s.state(ordinary), Ok(ProposalState::Executable));
    assert_eq!(s.state(critical), Ok(ProposalState::Defeated));

    s.execute(&eve(), ordinary).unwrap();
    assert_eq!(s.ddc.events::<ClusterNodeAdded>().len(), 1);
    assert_eq!(s.ddc.node(&node_key(1)).cluster_id, Some(cluster));
    assert_eq!(
        s.execute(&eve(), critical),
        Err(Error::InvalidState(ProposalState::Defeated))
    );
    let info = s.ddc.cluster(cluster);
    assert_eq!(info.manager, ink_id(&dao));
    assert_eq!(info.pending_manager, None);
}

/// The critical thresholds are at least the ordinary ones: settings with a lower critical
/// quorum or approval are refused at propose (and by the constructor).
#[test]
fn critical_thresholds_below_the_ordinary_ones_are_refused() {
    let mut s = DaoSuite::staked(Registry::Mock, None);
    let below = [
        Settings {
            approval_threshold_bp: 6_000,
            critical_approval_threshold_bp: 5_999,
            ..settings()
        },
        Settings {
            quorum_bp: 3_000,
            critical_quorum_bp: 2_999,
            ..settings()
        },
        Settings {
            critical_quorum_bp: 10_001,
            ..settings()
        },
        Settings {
            critical_approval_threshold_bp: 10_000,
            ..settings()
        },
    ];
    for bad in below {
        assert_eq!(
            s.propose(&alice(), &Action::UpdateSettings(bad)),
            Err(Error::InvalidAction),
            "{bad:?}"
        );
        assert_eq!(s.event_count(), 0);
        let (core, token) = (s.ddc.address.clone(), s.token.clone());
        let refused =
            s.try_deploy_dao(ManagerDaoRef::new(ink_id(&core), ink_id(&token), bad, None));
        assert_eq!(refused, Err(Error::InvalidSettings), "{bad:?}");
    }
    // Critical equal to ordinary is allowed; the update itself is critical.
    let equal = Settings {
        critical_quorum_bp: settings().quorum_bp,
        critical_approval_threshold_bp: settings().approval_threshold_bp,
        ..settings()
    };
    let id = s.propose(&alice(), &Action::UpdateSettings(equal)).unwrap();
    assert!(s.events::<ProposalCreated>()[0].critical);
    s.pass(id);
    s.execute(&eve(), id).unwrap();
    assert_eq!(s.config().settings, equal);
}

// ---------------------------------------------------------------- attacks on execution

/// Naive: no terminal state, so the action runs again on every call.
#[test]
fn a_proposal_executes_only_once() {
    let mut s = executable_on_mock();
    s.execute(&dave(), 0).unwrap();
    assert_eq!(s.mock_calls(), 1);
    assert_eq!(
        s.execute(&dave(), 0),
        Err(Error::InvalidState(ProposalState::Executed))
    );
    assert_eq!(s.mock_calls(), 1);
}

/// Naive: executable as soon as the vote passes (no delay for the guardian).
#[test]
fn execution_before_the_delay_is_refused() {
    let mut s = DaoSuite::staked(Registry::Mock, Some(&eve()));
    let id = s.propose(&bob(), &change_params()).unwrap();
    let proposal = s.proposal(id).0.proposal;
    s.advance_to(proposal.vote_start);
    s.vote(&alice(), id, VoteType::For).unwrap();
    s.advance_to(proposal.vote_end);
    assert_eq!(
        s.execute(&dave(), id),
        Err(Error::InvalidState(ProposalState::Succeeded))
    );
    s.advance_to(proposal.vote_end + proposal.settings.execution_delay - 1);
    assert_eq!(
        s.execute(&dave(), id),
        Err(Error::InvalidState(ProposalState::Succeeded))
    );
    assert_eq!(s.mock_calls(), 0);
}

/// Naive: a passed proposal stays executable forever.
#[test]
fn execution_after_the_window_is_refused() {
    let mut s = executable_on_mock();
    let proposal = s.proposal(0).0.proposal;
    s.advance_to(
        proposal.vote_end + proposal.settings.execution_delay + proposal.settings.execution_window,
    );
    assert_eq!(s.state(0), Ok(ProposalState::Expired));
    assert_eq!(
        s.execute(&dave(), 0),
        Err(Error::InvalidState(ProposalState::Expired))
    );
    assert_eq!(s.mock_calls(), 0);
}

#[test]
fn the_guardian_vetoes_during_the_delay() {
    let mut s = DaoSuite::staked(Registry::Mock, Some(&eve()));
    let id = s.propose(&bob(), &change_params()).unwrap();
    let proposal = s.proposal(id).0.proposal;
    s.advance_to(proposal.vote_start);
    s.vote(&alice(), id, VoteType::For).unwrap();
    s.advance_to(proposal.vote_end);
    assert_eq!(s.veto(&alice(), id), Err(Error::OnlyGuardian));
    s.veto(&eve(), id).unwrap();
    let vetoed = s.events::<ProposalClosed>();
    assert_eq!(
        (vetoed[0].id, vetoed[0].by, vetoed[0].state),
        (id, ink_id(&eve()), ProposalState::Vetoed)
    );
    s.to_executable(id);
    assert_eq!(
        s.execute(&dave(), id),
        Err(Error::InvalidState(ProposalState::Vetoed))
    );
    assert_eq!(s.mock_calls(), 0);
}

/// Naive: the guardian can veto at any time, "undoing" an executed proposal's record.
#[test]
fn veto_after_execution_is_refused() {
    let mut s = executable_on_mock();
    s.execute(&dave(), 0).unwrap();
    assert_eq!(
        s.veto(&eve(), 0),
        Err(Error::InvalidState(ProposalState::Executed))
    );
    assert_eq!(s.event_count(), 0);
    assert_eq!(s.state(0), Ok(ProposalState::Executed));
}

/// Naive: the proposer can withdraw a proposal that is losing (or winning) mid-vote.
#[test]
fn cancel_after_voting_started_is_refused() {
    let mut s = DaoSuite::staked(Registry::Mock, None);
    let id = s.propose(&bob(), &change_params()).unwrap();
    let start = s.proposal(id).0.proposal.vote_start;
    s.advance_to(start);
    s.vote(&alice(), id, VoteType::Against).unwrap();
    assert_eq!(
        s.cancel(&bob(), id),
        Err(Error::InvalidState(ProposalState::Active))
    );
    assert_eq!(s.state(id), Ok(ProposalState::Active));
}

#[test]
fn the_proposer_cancels_while_pending() {
    let mut s = DaoSuite::staked(Registry::Mock, None);
    let id = s.propose(&bob(), &change_params()).unwrap();
    assert_eq!(s.cancel(&alice(), id), Err(Error::OnlyProposer));
    s.cancel(&bob(), id).unwrap();
    let cancelled = s.events::<ProposalClosed>();
    assert_eq!(
        (cancelled[0].id, cancelled[0].by, cancelled[0].state),
        (id, ink_id(&bob()), ProposalState::Cancelled)
    );
    assert_eq!(s.state(id), Ok(ProposalState::Cancelled));
    // The slot is free again.
    assert_eq!(s.propose(&bob(), &change_params()), Ok(id + 1));
}

/// Naive (re-entry allowed, terminal state written after the call): the target calls
/// `execute` again from inside the call and the action runs twice. Here the runtime refuses the
/// re-entry (the mock traps), execute fails and nothing is recorded; without the re-entry the
/// action then runs exactly once.
#[test]
fn the_target_cannot_re_enter_execute() {
    let mut s = executable_on_mock();
    let re_entry = s.dao().call_mut().execute(0);
    s.mock_callback(re_entry);
    assert_eq!(
        s.execute(&dave(), 0),
        Err(Error::CoreCall(CoreCallError::CallFailed))
    );
    assert_eq!(s.mock_calls(), 0, "the action did not run");
    assert_eq!(s.state(0), Ok(ProposalState::Executable));

    // Point the callback at a plain account (no re-entry): the action runs once.
    let elsewhere = contract::<ManagerDaoRef>(&eve()).call_mut().execute(0);
    s.mock_callback(elsewhere);
    s.execute(&dave(), 0).unwrap();
    assert_eq!(s.mock_calls(), 1);
    assert_eq!(
        s.execute(&dave(), 0),
        Err(Error::InvalidState(ProposalState::Executed))
    );
    assert_eq!(s.mock_calls(), 1);
}

/// Naive: a failed call still marks the proposal executed (the action is lost) or the failure
/// is swallowed. Here the error comes back and the proposal stays Executable.
#[test]
fn a_failing_core_call_leaves_the_proposal_executable() {
    let mut s = executable_on_mock();
    s.mock_mode(Mode::Fail(CoreError::OnlyClusterManager));
    assert_eq!(
        s.execute(&dave(), 0),
        Err(Error::CoreCall(CoreCallError::Core(
            CoreError::OnlyClusterManager
        )))
    );
    s.mock_mode(Mode::Trap);
    assert_eq!(
        s.execute(&dave(), 0),
        Err(Error::CoreCall(CoreCallError::CallFailed))
    );
    assert_eq!(s.state(0), Ok(ProposalState::Executable));
    s.mock_mode(Mode::Succeed);
    s.execute(&dave(), 0).unwrap();
    assert_eq!(s.mock_calls(), 1);
}

/// Naive: the DAO calls whatever code now lives at the core's address (an upgrade to a
/// malicious core). Pinned, execution is refused before any call.
#[test]
fn a_pinned_dao_refuses_a_core_whose_code_changed() {
    let mut s = DaoSuite::deploy(Registry::Core, "new_pinned", None);
    s.stake_defaults();
    let dao = s.dao.clone();
    let cluster = s.ddc.cluster_create(&alice(), 10).unwrap();
    s.ddc
        .cluster_transfer_manager(&alice(), cluster, &dao)
        .unwrap();
    let id = s.propose(&bob(), &accept_manager(cluster)).unwrap();
    s.pass(id);
    assert!(s.config().core_code_hash.is_some());

    let other = BundleProvider::MockCore.bundle().unwrap();
    let other_hash = s.ddc.suite.session.upload_bundle(other).unwrap();
    s.ddc.set_code(&admin(), other_hash.as_ref()).unwrap();
    assert_eq!(
        s.execute(&dave(), id),
        Err(Error::CoreCall(CoreCallError::CodeHashChanged))
    );
    assert_eq!(s.state(id), Ok(ProposalState::Executable));
}

#[test]
fn a_pinned_dao_executes_while_the_core_code_is_unchanged() {
    let mut s = DaoSuite::deploy(Registry::Core, "new_pinned", None);
    s.stake_defaults();
    let dao = s.dao.clone();
    let cluster = s.ddc.cluster_create(&alice(), 10).unwrap();
    s.ddc
        .cluster_transfer_manager(&alice(), cluster, &dao)
        .unwrap();
    let id = s.propose(&bob(), &accept_manager(cluster)).unwrap();
    s.pass(id);
    s.execute(&dave(), id).unwrap();
    assert_eq!(s.ddc.cluster(cluster).manager, ink_id(&dao));
}

// ---------------------------------------------------------------- settings and spam

/// Naive: proposals read the settings in force at tally time. A settings change to 100 %
/// quorum would then defeat a live proposal that passed under its own rules.
#[test]
fn a_settings_change_does_not_affect_a_live_proposal() {
    let mut s = DaoSuite::staked(Registry::Mock, None);
    let strict = Settings {
        quorum_bp: 10_000,
        critical_quorum_bp: 10_000,
        ..settings()
    };
    let update = s
        .propose(&alice(), &Action::UpdateSettings(strict))
        .unwrap();
    s.advance(2);
    // Bob's proposal is live while the update executes; only bob (30 %) votes on it.
    let live = s.propose(&bob(), &change_params()).unwrap();
    let live_proposal = s.proposal(live).0.proposal;
    s.vote(&alice(), update, VoteType::For).unwrap();
    s.advance_to(live_proposal.vote_start);
    s.vote(&bob(), live, VoteType::For).unwrap();
    s.to_executable(update);
    assert!(s.state(live).is_ok_and(|state| state.is_live()));
    s.execute(&dave(), update).unwrap();
    assert_eq!(s.events::<ConfigChanged>()[0].config.settings, strict);
    assert_eq!(s.config().settings, strict);

    s.to_executable(live);
    let info = s.proposal(live).0;
    assert_eq!(info.proposal.settings, settings(), "frozen at creation");
    assert_eq!(info.state, ProposalState::Executable);
    s.execute(&dave(), live).unwrap();
    assert_eq!(s.mock_calls(), 1);
}

#[test]
fn the_guardian_is_replaced_by_vote() {
    let mut s = DaoSuite::staked(Registry::Mock, Some(&eve()));
    let id = s
        .propose(&alice(), &Action::SetGuardian(Some(ink_id(&dave()))))
        .unwrap();
    s.pass(id);
    s.execute(&bob(), id).unwrap();
    assert_eq!(
        s.events::<ConfigChanged>()[0].config.guardian,
        Some(ink_id(&dave()))
    );
    assert_eq!(s.config().guardian, Some(ink_id(&dave())));
    assert_eq!(s.mock_calls(), 0, "a self action never calls out");
}

/// Naive: no caps, so one account floods the DAO with proposals.
#[test]
fn a_proposer_has_one_live_proposal() {
    let mut s = DaoSuite::staked(Registry::Mock, None);
    s.propose(&alice(), &change_params()).unwrap();
    assert_eq!(
        s.propose(&alice(), &change_params()),
        Err(Error::ProposerHasLiveProposal)
    );
    assert_eq!(s.event_count(), 0);
}

/// The old global cap (16 live proposals) was a denial of service: an attacker with 1 % of the
/// stake filled it with proposals of fresh accounts and locked everyone else out. Here the
/// attacker (1 000 of 2 000 staked tokens, beside alice's 1 000) moves 10 tokens — the proposal
/// threshold — to a fresh account every block; each fresh account stakes them and proposes in
/// the next block, so 24 of its proposals are live at once. Alice, who holds half the stake,
/// still proposes: there is no global slot to take, only one live proposal per proposer.
#[test]
fn a_flood_of_proposals_by_fresh_accounts_does_not_lock_out_a_holder() {
    // Voting lasts 40 blocks, so every attack proposal is still live at the end.
    let long = Settings {
        voting_period: 40,
        ..settings()
    };
    let mut s = DaoSuite::deploy_with(Registry::Mock, "new", None, &long);
    let attacker = dave();
    s.fund_and_stake(&alice(), 1_000 * TOKEN).unwrap();
    s.fund_and_stake(&attacker, 1_000 * TOKEN).unwrap();
    s.advance(1);
    let fresh: Vec<_> = (1..=24u8).map(node_key).collect();
    let threshold = settings().proposal_threshold;
    let mut ids = Vec::new();
    for (i, account) in fresh.iter().enumerate() {
        // The attacker moves 10 tokens to a fresh account, which stakes them.
        s.unstake(&attacker, threshold).unwrap();
        s.token_transfer(&attacker, account, threshold).unwrap();
        s.approve_dao(account, threshold).unwrap();
        s.stake(account, threshold).unwrap();
        // The account funded in the previous block proposes now (its stake is in the snapshot).
        if i > 0 {
            ids.push(s.propose(&fresh[i - 1], &change_params()).unwrap());
        }
        s.advance(1);
    }
    ids.push(s.propose(&fresh[23], &change_params()).unwrap());
    assert_eq!(ids, (0..24).collect::<Vec<u64>>());
    assert_eq!(s.stake_of(&attacker), 1_000 * TOKEN - 24 * threshold);
    assert_eq!(s.total_staked(), 2_000 * TOKEN);

    // All 24 are live at once (read in pages of at most 8).
    let mut live = 0;
    for offset in [0, 8, 16] {
        let (page, count) = s.proposals(offset, 8).unwrap();
        assert_eq!(count, 24);
        assert_eq!(page.len(), 8);
        live += page.iter().filter(|info| info.state.is_live()).count();
    }
    assert_eq!(live, 24);
    assert_eq!(s.proposals(0, 9), Err(Error::PageLimitTooLarge));

    // A fresh account still has one live proposal only.
    assert_eq!(
        s.propose(&fresh[0], &change_params()),
        Err(Error::ProposerHasLiveProposal)
    );
    // The holder of half the stake proposes.
    let id = s.propose(&alice(), &change_params()).unwrap();
    assert_eq!(id, 24);
    let created = s.events::<ProposalCreated>();
    assert_eq!(created.len(), 1);
    assert_eq!(created[0].proposer, ink_id(&alice()));
    assert_eq!(created[0].quorum_base, 2_000 * TOKEN);
    assert_eq!(s.state(id), Ok(ProposalState::Pending));
}

#[test]
fn deployment_announces_the_initial_configuration() {
    let s = DaoSuite::deploy(Registry::Core, "new", Some(&eve()));
    let announced = s.events::<ConfigChanged>();
    assert_eq!(announced.len(), 1);
    let config = &announced[0].config;
    assert_eq!(config.registry, ink_id(&s.ddc.address));
    assert_eq!(config.token, ink_id(&s.token));
    assert_eq!(config.settings, settings());
    assert_eq!(config.guardian, Some(ink_id(&eve())));
    assert_eq!(config.core_code_hash, None);
}

#[test]
fn the_constructor_refuses_registry_equal_to_token() {
    let mut s = DaoSuite::deploy(Registry::Core, "new", None);
    let token = s.token.clone();
    let refused = s.try_deploy_dao(ManagerDaoRef::new(
        ink_id(&token),
        ink_id(&token),
        settings(),
        None,
    ));
    assert_eq!(refused, Err(Error::InvalidAddresses));
    let bad = Settings {
        voting_period: 0,
        ..settings()
    };
    let core = s.ddc.address.clone();
    let refused = s.try_deploy_dao(ManagerDaoRef::new(ink_id(&core), ink_id(&token), bad, None));
    assert_eq!(refused, Err(Error::InvalidSettings));
}

// ---------------------------------------------------------------- costs

/// Prints gas (ref_time, proof_size) and storage deposit of stake, propose, vote and execute
/// (run with `--nocapture`), and keeps each under a generous ceiling.
#[test]
fn report_costs_of_stake_propose_vote_execute() {
    let (mut s, cluster) = dao_with_cluster();
    bobs_node_trusts_the_dao(&mut s);
    let mut costs = Vec::new();

    s.token_transfer(&admin(), &dave(), 10 * TOKEN).unwrap();
    s.approve_dao(&dave(), 10 * TOKEN).unwrap();
    s.stake(&dave(), 10 * TOKEN).unwrap();
    costs.push(("stake (first)", s.last_cost()));
    s.advance(1);
    s.token_transfer(&admin(), &alice(), TOKEN).unwrap();
    s.approve_dao(&alice(), TOKEN).unwrap();
    s.stake(&alice(), TOKEN).unwrap();
    costs.push(("stake (again)", s.last_cost()));
    s.advance(1);

    let id = s
        .propose(&charlie(), &add_node(cluster, &node_key(1), &[1, 2]))
        .unwrap();
    costs.push(("propose AddNode", s.last_cost()));
    let start = s.proposal(id).0.proposal.vote_start;
    s.advance_to(start);
    s.vote(&alice(), id, VoteType::For).unwrap();
    costs.push(("vote", s.last_cost()));
    s.to_executable(id);
    s.execute(&dave(), id).unwrap();
    costs.push(("execute AddNode (real core)", s.last_cost()));
    s.unstake(&dave(), 10 * TOKEN).unwrap();
    costs.push(("unstake", s.last_cost()));

    for (name, cost) in &costs {
        println!(
            "DAO cost | {name:<28} | ref_time {:>14} | proof_size {:>8} | storage deposit {:>6}",
            cost.ref_time, cost.proof_size, cost.storage_deposit
        );
        assert!(cost.ref_time < 20_000_000_000, "{name}: {cost:?}");
    }
}

/// The token is built outside drink's bundle macro (see `governance_token_bundle`), so its
/// size check lives here: 16 KiB goal.
#[test]
fn the_governance_token_stays_within_16_kib() {
    let wasm = ddc_tests::dao::governance_token_bundle().wasm.len();
    println!("governance_token: {wasm} bytes of optimised Wasm");
    assert!(wasm <= 16 * 1024, "governance_token: {wasm} bytes");
}

/// Management fees the core pays the DAO (its manager) are not stuck: a passed `Transfer`
/// pays them out; one the balance cannot cover fails and stays Executable.
#[test]
fn stakers_pay_out_the_daos_native_balance() {
    use drink::sandbox_api::prelude::BalanceAPI;
    let (mut s, _) = dao_with_cluster();
    let dao = s.dao.clone();
    s.ddc
        .suite
        .session
        .sandbox()
        .mint_into(&dao, 1_000)
        .unwrap();
    let before = s.ddc.suite.balance(&dave());
    let pay = |amount| Action::Transfer {
        to: ink_id(&dave()),
        amount,
    };
    let id = s.propose(&bob(), &pay(600)).unwrap();
    s.pass(id);
    s.execute(&eve(), id).unwrap();
    assert_eq!(
        s.events::<Transferred>(),
        vec![Transferred {
            id,
            to: ink_id(&dave()),
            amount: 600
        }]
    );
    assert_eq!(s.ddc.suite.balance(&dave()), before + 600);
    let id = s.propose(&charlie(), &pay(600)).unwrap();
    s.pass(id);
    assert_eq!(s.execute(&eve(), id), Err(Error::TransferFailed));
    assert_eq!(s.state(id), Ok(ProposalState::Executable));
}
