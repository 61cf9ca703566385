//! Unit tests of the multisig's rules, run against ink!'s off-chain storage. Each test checks
//! the returned event or error and reads the state back.

use crate::events::*;
use crate::logic::*;
use ddc_types::{AccountId, ClusterAction};

/// Proposals are made at this time; they live [`LIFETIME`] by default.
const NOW: u64 = 1_000_000;
const LIFETIME: u64 = 3_600_000;

fn account(seed: u8) -> AccountId {
    AccountId::from([seed; 32])
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
fn dave() -> AccountId {
    account(4)
}
/// Not a signer.
fn eve() -> AccountId {
    account(5)
}
fn core() -> AccountId {
    account(200)
}
fn this() -> AccountId {
    account(201)
}

fn multisig_of(signers: Vec<AccountId>, threshold: u32) -> Multisig {
    Multisig::new(this(), core(), None, signers, threshold, LIFETIME)
        .unwrap()
        .0
}

/// Alice, Bob and Charlie; two approvals needed.
fn two_of_three() -> Multisig {
    multisig_of(vec![alice(), bob(), charlie()], 2)
}

fn add_node() -> Action {
    Action::Cluster(ClusterAction::AddNode {
        cluster: 1,
        node_key: account(100),
        v_nodes: vec![1, 2],
    })
}

fn state(multisig: &Multisig, id: ProposalId, now: u64) -> ProposalState {
    multisig.proposal(id, now).unwrap().state
}

// ----------------------------------------------------------------------------- construction

#[ink::test]
fn new_reports_the_configuration() {
    let (multisig, event) =
        Multisig::new(this(), core(), None, vec![alice(), bob()], 2, LIFETIME).unwrap();
    let config = multisig.config();
    assert_eq!(config.signers, vec![alice(), bob()]);
    assert_eq!((config.threshold, config.epoch, config.next_id), (2, 0, 0));
    assert_eq!(config.registry, core());
    assert_eq!(
        event,
        ConfigChanged {
            epoch: 0,
            signers: vec![alice(), bob()],
            threshold: 2,
            default_lifetime_ms: LIFETIME,
            core_code_hash: None,
        }
    );
}

#[ink::test]
fn new_rejects_bad_signer_sets_and_thresholds() {
    let new = |signers: Vec<AccountId>, threshold| {
        Multisig::new(this(), core(), None, signers, threshold, LIFETIME).map(|_| ())
    };
    assert_eq!(new(vec![], 1), Err(Error::InvalidSigners));
    assert_eq!(new(vec![alice(), alice()], 1), Err(Error::InvalidSigners));
    let too_many: Vec<AccountId> = (0..=32u8).map(account).collect();
    assert_eq!(new(too_many, 1), Err(Error::InvalidSigners));
    let most: Vec<AccountId> = (0..32u8).map(account).collect();
    assert_eq!(new(most, 32), Ok(()));
    assert_eq!(new(vec![alice(), bob()], 0), Err(Error::InvalidThreshold));
    assert_eq!(new(vec![alice(), bob()], 3), Err(Error::InvalidThreshold));
}

#[ink::test]
fn new_rejects_bad_lifetimes_and_itself_as_core() {
    let new = |registry, lifetime| {
        Multisig::new(this(), registry, None, vec![alice()], 1, lifetime).map(|_| ())
    };
    assert_eq!(
        new(core(), MIN_LIFETIME_MS - 1),
        Err(Error::InvalidLifetime)
    );
    assert_eq!(
        new(core(), MAX_LIFETIME_MS + 1),
        Err(Error::InvalidLifetime)
    );
    assert_eq!(new(core(), MIN_LIFETIME_MS), Ok(()));
    assert_eq!(new(this(), LIFETIME), Err(Error::RegistryIsSelf));
}

// ----------------------------------------------------------------------------- propose

#[ink::test]
fn propose_counts_the_proposers_approval_and_numbers_from_zero() {
    let mut multisig = two_of_three();
    let (id, event) = multisig
        .propose(this(), alice(), add_node(), None, NOW)
        .unwrap();
    assert_eq!(id, 0);
    assert_eq!(
        event,
        ProposalCreated {
            id: 0,
            proposer: alice(),
            action: add_node(),
            epoch: 0,
            expires_at_ms: NOW + LIFETIME,
        }
    );
    let proposal = multisig.proposal(0, NOW).unwrap();
    assert_eq!((proposal.approvals, proposal.rejections), (1, 0));
    assert_eq!(proposal.state, ProposalState::Pending);
    assert_eq!(proposal.created_at_ms, NOW);
    assert_eq!(multisig.vote_of(0, alice()), Some(Vote::Approve));
    let (second, _) = multisig
        .propose(this(), bob(), add_node(), Some(60_000), NOW)
        .unwrap();
    assert_eq!(second, 1);
    assert_eq!(
        multisig.proposal(1, NOW).unwrap().expires_at_ms,
        NOW + 60_000
    );
    assert_eq!(multisig.config().next_id, 2);
}

#[ink::test]
fn with_threshold_one_a_proposal_is_approved_at_once() {
    let mut multisig = multisig_of(vec![alice(), bob()], 1);
    let (id, _) = multisig
        .propose(this(), bob(), add_node(), None, NOW)
        .unwrap();
    assert_eq!(state(&multisig, id, NOW), ProposalState::Approved);
}

#[ink::test]
fn non_signers_cannot_propose_approve_reject_or_revoke() {
    let mut multisig = two_of_three();
    assert_eq!(
        multisig.propose(this(), eve(), add_node(), None, NOW),
        Err(Error::NotSigner)
    );
    multisig
        .propose(this(), alice(), add_node(), None, NOW)
        .unwrap();
    assert_eq!(multisig.approve(eve(), 0, NOW), Err(Error::NotSigner));
    assert_eq!(multisig.reject(eve(), 0, NOW), Err(Error::NotSigner));
    assert_eq!(
        multisig.revoke_approval(eve(), 0, NOW),
        Err(Error::NotSigner)
    );
    assert_eq!(multisig.cancel(eve(), 0, NOW), Err(Error::OnlyProposer));
    let proposal = multisig.proposal(0, NOW).unwrap();
    assert_eq!((proposal.approvals, proposal.rejections), (1, 0));
}

#[ink::test]
fn propose_rejects_out_of_bounds_actions_and_lifetimes() {
    let mut multisig = two_of_three();
    let cluster = |action| Action::Cluster(action);
    let too_long = "x".repeat(MAX_ACTION_PARAMS_LEN + 1);
    for action in [
        cluster(ClusterAction::ChangeParams {
            cluster: 1,
            params: too_long,
        }),
        cluster(ClusterAction::AddNode {
            cluster: 1,
            node_key: account(100),
            v_nodes: vec![],
        }),
        cluster(ClusterAction::ReplaceNode {
            cluster: 1,
            v_nodes: (0..17).collect(),
            new_node_key: account(100),
        }),
    ] {
        assert_eq!(
            multisig.propose(this(), alice(), action, None, NOW),
            Err(Error::ActionOutOfBounds)
        );
    }
    assert_eq!(
        multisig.propose(this(), alice(), add_node(), Some(MIN_LIFETIME_MS - 1), NOW),
        Err(Error::InvalidLifetime)
    );
    assert_eq!(
        multisig.propose(
            this(),
            alice(),
            add_node(),
            Some(MAX_LIFETIME_MS),
            u64::MAX - 1
        ),
        Err(Error::Overflow)
    );
    let params = "x".repeat(MAX_ACTION_PARAMS_LEN);
    let fits = cluster(ClusterAction::ChangeParams { cluster: 1, params });
    assert_eq!(
        multisig
            .propose(this(), alice(), fits, None, NOW)
            .map(|r| r.0),
        Ok(0)
    );
}

#[ink::test]
fn propose_validates_self_actions_against_the_current_signers() {
    let mut multisig = two_of_three();
    let mut propose = |action| {
        multisig
            .propose(this(), alice(), action, None, NOW)
            .map(|_| ())
    };
    assert_eq!(propose(Action::AddSigner(bob())), Err(Error::AlreadySigner));
    assert_eq!(
        propose(Action::RemoveSigner(eve())),
        Err(Error::UnknownSigner)
    );
    assert_eq!(
        propose(Action::ReplaceSigner {
            old: eve(),
            new: dave()
        }),
        Err(Error::UnknownSigner)
    );
    assert_eq!(
        propose(Action::ReplaceSigner {
            old: alice(),
            new: bob()
        }),
        Err(Error::AlreadySigner)
    );
    assert_eq!(
        propose(Action::ChangeThreshold(0)),
        Err(Error::InvalidThreshold)
    );
    assert_eq!(
        propose(Action::ChangeThreshold(4)),
        Err(Error::InvalidThreshold)
    );
    assert_eq!(propose(Action::SetLifetime(1)), Err(Error::InvalidLifetime));
    assert_eq!(propose(Action::ChangeThreshold(3)), Ok(()));
}

#[ink::test]
fn the_last_signer_cannot_be_removed() {
    let mut multisig = multisig_of(vec![alice()], 1);
    assert_eq!(
        multisig.propose(this(), alice(), Action::RemoveSigner(alice()), None, NOW),
        Err(Error::LastSigner)
    );
}

#[ink::test]
fn removing_a_signer_below_the_threshold_is_refused() {
    let mut multisig = multisig_of(vec![alice(), bob()], 2);
    assert_eq!(
        multisig.propose(this(), alice(), Action::RemoveSigner(bob()), None, NOW),
        Err(Error::ThresholdAboveSigners)
    );
}

// ----------------------------------------------------------------------------- votes

#[ink::test]
fn approvals_reach_the_threshold() {
    let mut multisig = two_of_three();
    multisig
        .propose(this(), alice(), add_node(), None, NOW)
        .unwrap();
    let event = multisig.approve(bob(), 0, NOW).unwrap();
    assert_eq!(
        event,
        VoteCast {
            id: 0,
            signer: bob(),
            vote: Some(Vote::Approve),
            approvals: 2,
            rejections: 0,
        }
    );
    assert_eq!(state(&multisig, 0, NOW), ProposalState::Approved);
    assert_eq!(multisig.approve(bob(), 0, NOW), Err(Error::AlreadyApproved));
    assert_eq!(
        multisig.approve(alice(), 0, NOW),
        Err(Error::AlreadyApproved)
    );
}

#[ink::test]
fn revoking_an_approval_takes_the_proposal_back_below_the_threshold() {
    let mut multisig = two_of_three();
    multisig
        .propose(this(), alice(), add_node(), None, NOW)
        .unwrap();
    assert_eq!(
        multisig.revoke_approval(bob(), 0, NOW),
        Err(Error::NoApprovalToRevoke)
    );
    multisig.approve(bob(), 0, NOW).unwrap();
    let event = multisig.revoke_approval(bob(), 0, NOW).unwrap();
    assert_eq!((event.vote, event.approvals), (None, 1));
    assert_eq!(multisig.vote_of(0, bob()), None);
    assert_eq!(state(&multisig, 0, NOW), ProposalState::Pending);
    assert_eq!(
        multisig.execute(eve(), 0, NOW).err(),
        Some(Error::NotApproved)
    );
}

#[ink::test]
fn a_proposal_is_rejected_once_the_threshold_is_out_of_reach() {
    let mut multisig = two_of_three();
    multisig
        .propose(this(), alice(), add_node(), None, NOW)
        .unwrap();
    let (vote, rejected) = multisig.reject(bob(), 0, NOW).unwrap();
    assert_eq!((vote.approvals, vote.rejections), (1, 1));
    assert_eq!(rejected, None, "alice and charlie can still reach 2");
    assert_eq!(multisig.reject(bob(), 0, NOW), Err(Error::AlreadyRejected));
    let (vote, rejected) = multisig.reject(alice(), 0, NOW).unwrap();
    assert_eq!((vote.approvals, vote.rejections), (0, 2), "alice turned");
    assert_eq!(
        rejected,
        Some(ProposalRejected {
            id: 0,
            rejections: 2
        })
    );
    assert_eq!(state(&multisig, 0, NOW), ProposalState::Rejected);
    assert_eq!(
        multisig.approve(charlie(), 0, NOW),
        Err(Error::ProposalClosed)
    );
}

#[ink::test]
fn a_rejection_can_turn_into_an_approval() {
    let mut multisig = two_of_three();
    multisig
        .propose(this(), alice(), add_node(), None, NOW)
        .unwrap();
    multisig.reject(bob(), 0, NOW).unwrap();
    let event = multisig.approve(bob(), 0, NOW).unwrap();
    assert_eq!((event.approvals, event.rejections), (2, 0));
    assert_eq!(state(&multisig, 0, NOW), ProposalState::Approved);
}

// ----------------------------------------------------------------------------- cancel

#[ink::test]
fn the_proposer_cancels_while_nobody_else_approves() {
    let mut multisig = two_of_three();
    multisig
        .propose(this(), alice(), add_node(), None, NOW)
        .unwrap();
    assert_eq!(multisig.cancel(bob(), 0, NOW), Err(Error::OnlyProposer));
    multisig.approve(bob(), 0, NOW).unwrap();
    assert_eq!(
        multisig.cancel(alice(), 0, NOW),
        Err(Error::ApprovedByOthers)
    );
    multisig.revoke_approval(bob(), 0, NOW).unwrap();
    multisig.reject(charlie(), 0, NOW).unwrap();
    assert_eq!(
        multisig.cancel(alice(), 0, NOW),
        Ok(ProposalCancelled { id: 0 })
    );
    assert_eq!(state(&multisig, 0, NOW), ProposalState::Cancelled);
    assert_eq!(multisig.cancel(alice(), 0, NOW), Err(Error::ProposalClosed));
    assert_eq!(
        multisig.execute(alice(), 0, NOW).err(),
        Some(Error::ProposalClosed)
    );
}

// ----------------------------------------------------------------------------- execute

#[ink::test]
fn execute_marks_the_proposal_executed_and_hands_back_the_cluster_call() {
    let mut multisig = two_of_three();
    multisig
        .propose(this(), alice(), add_node(), None, NOW)
        .unwrap();
    assert_eq!(
        multisig.execute(eve(), 0, NOW).err(),
        Some(Error::NotApproved)
    );
    multisig.approve(charlie(), 0, NOW).unwrap();
    let execution = multisig.execute(eve(), 0, NOW).unwrap();
    assert_eq!(
        execution.executed,
        ProposalExecuted {
            id: 0,
            executor: eve(),
            approvals: 2
        }
    );
    let Action::Cluster(expected) = add_node() else {
        unreachable!()
    };
    assert_eq!(execution.effect, Some(Effect::Cluster(expected)));
    assert_eq!(execution.registry, core());
    assert_eq!(execution.core_code_hash, None);
    assert_eq!(execution.config_changed, None);
    assert_eq!(state(&multisig, 0, NOW), ProposalState::Executed);
}

/// Naive: a proposal without a terminal flag (or one set only after the call) executes again.
#[ink::test]
fn a_proposal_executes_only_once() {
    let mut multisig = multisig_of(vec![alice(), bob()], 1);
    multisig
        .propose(this(), alice(), add_node(), None, NOW)
        .unwrap();
    multisig.execute(bob(), 0, NOW).unwrap();
    assert_eq!(
        multisig.execute(bob(), 0, NOW).err(),
        Some(Error::ProposalClosed)
    );
    assert_eq!(multisig.approve(bob(), 0, NOW), Err(Error::ProposalClosed));
}

/// Naive: an approved proposal stays executable forever.
#[ink::test]
fn an_expired_proposal_cannot_execute() {
    let mut multisig = multisig_of(vec![alice(), bob()], 1);
    multisig
        .propose(this(), alice(), add_node(), None, NOW)
        .unwrap();
    let expiry = NOW + LIFETIME;
    assert_eq!(state(&multisig, 0, expiry - 1), ProposalState::Approved);
    assert_eq!(state(&multisig, 0, expiry), ProposalState::Expired);
    assert_eq!(
        multisig.execute(bob(), 0, expiry).err(),
        Some(Error::ProposalExpired)
    );
    assert_eq!(
        multisig.approve(bob(), 0, expiry),
        Err(Error::ProposalExpired)
    );
    assert!(multisig.execute(bob(), 0, expiry - 1).is_ok());
}

// ----------------------------------------------------------------------------- self actions

/// Naive: self actions sent as a call to the contract itself lose their write-back; here the
/// change is applied internally and read back.
#[ink::test]
fn adding_a_signer_changes_the_configuration_and_bumps_the_epoch() {
    let mut multisig = two_of_three();
    multisig
        .propose(this(), alice(), Action::AddSigner(dave()), None, NOW)
        .unwrap();
    multisig.approve(bob(), 0, NOW).unwrap();
    let execution = multisig.execute(eve(), 0, NOW).unwrap();
    assert_eq!(execution.effect, None);
    let changed = execution.config_changed.unwrap();
    assert_eq!(changed.epoch, 1);
    assert_eq!(changed.signers, vec![alice(), bob(), charlie(), dave()]);
    let config = multisig.config();
    assert_eq!((config.epoch, config.threshold), (1, 2));
    assert_eq!(config.signers.len(), 4);
    multisig
        .propose(this(), dave(), add_node(), None, NOW)
        .unwrap();
}

/// Naive: approvals given before a signer was removed still count (here: bob's approval would
/// complete the threshold after he left).
#[ink::test]
fn approvals_from_before_a_signer_change_do_not_count() {
    let mut multisig = two_of_three();
    multisig
        .propose(this(), bob(), add_node(), None, NOW)
        .unwrap(); // 0: bob approves
    multisig
        .propose(this(), alice(), Action::RemoveSigner(bob()), None, NOW)
        .unwrap(); // 1
    multisig.approve(charlie(), 1, NOW).unwrap();
    multisig.execute(alice(), 1, NOW).unwrap();
    assert!(!multisig.config().signers.contains(&bob()));
    assert_eq!(state(&multisig, 0, NOW), ProposalState::Stale);
    assert_eq!(multisig.approve(alice(), 0, NOW), Err(Error::ProposalStale));
    assert_eq!(
        multisig.execute(alice(), 0, NOW).err(),
        Some(Error::ProposalStale)
    );
    assert_eq!(multisig.approve(bob(), 0, NOW), Err(Error::NotSigner));
}

/// Naive: a proposal approved under threshold 1 executes after the threshold was raised.
#[ink::test]
fn a_threshold_change_makes_older_proposals_stale() {
    let mut multisig = multisig_of(vec![alice(), bob(), charlie()], 1);
    multisig
        .propose(this(), alice(), add_node(), None, NOW)
        .unwrap(); // 0, approved
    multisig
        .propose(this(), bob(), Action::ChangeThreshold(3), None, NOW)
        .unwrap(); // 1
    let execution = multisig.execute(bob(), 1, NOW).unwrap();
    assert_eq!(execution.config_changed.unwrap().threshold, 3);
    assert_eq!(multisig.config().threshold, 3);
    assert_eq!(
        multisig.execute(bob(), 0, NOW).err(),
        Some(Error::ProposalStale)
    );
    let (id, _) = multisig
        .propose(this(), alice(), add_node(), None, NOW)
        .unwrap();
    multisig.approve(bob(), id, NOW).unwrap();
    assert_eq!(
        multisig.execute(bob(), id, NOW).err(),
        Some(Error::NotApproved)
    );
}

#[ink::test]
fn replace_signer_swaps_in_place() {
    let mut multisig = multisig_of(vec![alice(), bob()], 1);
    multisig
        .propose(
            this(),
            alice(),
            Action::ReplaceSigner {
                old: bob(),
                new: dave(),
            },
            None,
            NOW,
        )
        .unwrap();
    multisig.execute(alice(), 0, NOW).unwrap();
    assert_eq!(multisig.config().signers, vec![alice(), dave()]);
    assert_eq!(multisig.config().epoch, 1);
}

#[ink::test]
fn lifetime_and_code_pin_change_without_an_epoch_bump() {
    let mut multisig = multisig_of(vec![alice(), bob()], 1);
    multisig
        .propose(this(), bob(), add_node(), None, NOW)
        .unwrap(); // 0
    multisig
        .propose(
            this(),
            alice(),
            Action::SetLifetime(MIN_LIFETIME_MS),
            None,
            NOW,
        )
        .unwrap();
    multisig.execute(alice(), 1, NOW).unwrap();
    let pin = ink::primitives::Hash::from([7; 32]);
    multisig
        .propose(this(), alice(), Action::SetCorePin(Some(pin)), None, NOW)
        .unwrap();
    multisig.execute(alice(), 2, NOW).unwrap();
    let config = multisig.config();
    assert_eq!(config.default_lifetime_ms, MIN_LIFETIME_MS);
    assert_eq!(config.core_code_hash, Some(pin));
    assert_eq!(config.epoch, 0);
    assert_eq!(state(&multisig, 0, NOW), ProposalState::Approved);
    let (id, _) = multisig
        .propose(this(), alice(), add_node(), None, NOW)
        .unwrap();
    assert_eq!(
        multisig.proposal(id, NOW).unwrap().expires_at_ms,
        NOW + MIN_LIFETIME_MS
    );
}

// ----------------------------------------------------------------------------- caps

/// Naive: unbounded proposals let one signer fill storage.
#[ink::test]
fn one_signer_has_at_most_eight_live_proposals() {
    let mut multisig = two_of_three();
    for _ in 0..MAX_OPEN_PER_SIGNER {
        multisig
            .propose(this(), alice(), add_node(), None, NOW)
            .unwrap();
    }
    assert_eq!(
        multisig.propose(this(), alice(), add_node(), None, NOW),
        Err(Error::TooManyOpenProposals)
    );
    multisig
        .propose(this(), bob(), add_node(), None, NOW)
        .unwrap();
    multisig.cancel(alice(), 3, NOW).unwrap();
    assert_eq!(
        multisig
            .propose(this(), alice(), add_node(), None, NOW)
            .map(|r| r.0),
        Ok(9)
    );
    // Once expired, alice's no longer count when she proposes again; bob's expired one counts
    // until bob proposes or somebody prunes his list.
    let later = NOW + LIFETIME;
    assert_eq!(
        multisig
            .propose(this(), alice(), add_node(), None, later)
            .map(|r| r.0),
        Ok(10)
    );
    // The list counted against the global cap keeps closed ids until it is full or pruned.
    assert_eq!(multisig.open_count(), 11);
    assert_eq!(multisig.prune(bob(), later), Ok(10));
    assert_eq!(multisig.open_count(), 1);
}

#[ink::test]
fn at_most_sixty_four_live_proposals_in_all_and_prune_frees_expired_ones() {
    let signers: Vec<AccountId> = (10..20u8).map(account).collect();
    let mut multisig = multisig_of(signers.clone(), 2);
    for signer in &signers[..8] {
        for _ in 0..MAX_OPEN_PER_SIGNER {
            multisig
                .propose(this(), *signer, add_node(), Some(MIN_LIFETIME_MS), NOW)
                .unwrap();
        }
    }
    assert_eq!(multisig.open_count(), MAX_OPEN_PROPOSALS);
    assert_eq!(
        multisig.propose(this(), signers[8], add_node(), None, NOW),
        Err(Error::TooManyProposals)
    );
    assert_eq!(
        multisig.prune(signers[0], NOW),
        Ok(0),
        "nothing expired yet"
    );
    // Once a proposal closes, a full list drops it by itself when the next one is made.
    multisig.cancel(signers[3], 30, NOW).unwrap();
    multisig
        .propose(this(), signers[8], add_node(), None, NOW)
        .unwrap();
    assert_eq!(multisig.open_count(), MAX_OPEN_PROPOSALS);
    let later = NOW + MIN_LIFETIME_MS;
    assert_eq!(multisig.prune(signers[0], later), Ok(63));
    assert_eq!(multisig.open_count(), 1);
}

#[ink::test]
fn a_signer_change_empties_the_open_counts() {
    let mut multisig = multisig_of(vec![alice(), bob()], 1);
    for _ in 0..3 {
        multisig
            .propose(this(), bob(), add_node(), None, NOW)
            .unwrap();
    }
    multisig
        .propose(this(), alice(), Action::AddSigner(charlie()), None, NOW)
        .unwrap();
    multisig.execute(alice(), 3, NOW).unwrap();
    for _ in 0..MAX_OPEN_PER_SIGNER {
        multisig
            .propose(this(), bob(), add_node(), None, NOW)
            .unwrap();
    }
}

// ----------------------------------------------------------------------------- queries

#[ink::test]
fn proposals_pages_by_id_with_derived_states() {
    let mut multisig = multisig_of(vec![alice(), bob()], 2);
    for _ in 0..3 {
        multisig
            .propose(this(), alice(), add_node(), None, NOW)
            .unwrap();
    }
    multisig.approve(bob(), 1, NOW).unwrap();
    let (page, total) = multisig.proposals(1, 8, NOW).unwrap();
    assert_eq!(total, 3);
    let ids: Vec<ProposalId> = page.iter().map(|(id, _)| *id).collect();
    assert_eq!(ids, vec![1, 2]);
    assert_eq!(page[0].1.state, ProposalState::Approved);
    assert_eq!(page[1].1.state, ProposalState::Pending);
    assert_eq!(
        multisig.proposals(0, MAX_PAGE_LIMIT + 1, NOW).err(),
        Some(Error::PageLimitTooLarge)
    );
    assert_eq!(multisig.proposals(u64::MAX, 8, NOW).unwrap().0, vec![]);
    assert_eq!(multisig.proposal(3, NOW), Err(Error::ProposalNotFound));
}

#[ink::test]
fn a_transfer_is_handed_back_for_the_contract_to_pay() {
    let mut multisig = multisig_of(vec![alice(), bob()], 1);
    assert_eq!(
        multisig.propose(
            this(),
            alice(),
            Action::Transfer {
                to: dave(),
                amount: 0
            },
            None,
            NOW
        ),
        Err(Error::ActionOutOfBounds)
    );
    let transfer = Action::Transfer {
        to: dave(),
        amount: 5,
    };
    multisig
        .propose(this(), alice(), transfer, None, NOW)
        .unwrap();
    let execution = multisig.execute(bob(), 0, NOW).unwrap();
    assert_eq!(
        execution.effect,
        Some(Effect::Transfer {
            to: dave(),
            amount: 5
        })
    );
    assert_eq!(execution.config_changed, None);
    assert_eq!(multisig.config().epoch, 0);
}

// ----------------------------------------------------------------------------- last approver executes

#[ink::test]
fn the_approval_that_reaches_the_threshold_executes_in_the_same_call() {
    let mut multisig = two_of_three();
    multisig
        .propose(this(), alice(), add_node(), None, NOW)
        .unwrap();
    let (vote, execution) = multisig.approve_and_execute(bob(), 0, NOW).unwrap();
    assert_eq!(vote, None, "the execution's event stands for the approval");
    let execution = execution.expect("the threshold is reached: executed");
    assert_eq!(execution.executed.approvals, 2);
    assert_eq!(multisig.vote_of(0, bob()), Some(Vote::Approve));
    let Action::Cluster(expected) = add_node() else {
        unreachable!()
    };
    assert_eq!(execution.effect, Some(Effect::Cluster(expected)));
    assert_eq!(execution.executed.executor, bob());
    assert_eq!(state(&multisig, 0, NOW), ProposalState::Executed);
    // Executed once: neither path executes it again.
    assert_eq!(
        multisig.approve_and_execute(charlie(), 0, NOW).err(),
        Some(Error::ProposalClosed)
    );
    assert_eq!(
        multisig.execute(charlie(), 0, NOW).err(),
        Some(Error::ProposalClosed)
    );
}

#[ink::test]
fn approve_and_execute_below_the_threshold_only_approves() {
    let mut multisig = multisig_of(vec![alice(), bob(), charlie()], 3);
    multisig
        .propose(this(), alice(), add_node(), None, NOW)
        .unwrap();
    let (vote, execution) = multisig.approve_and_execute(bob(), 0, NOW).unwrap();
    assert_eq!(vote.map(|v| v.approvals), Some(2));
    assert!(execution.is_none());
    assert_eq!(state(&multisig, 0, NOW), ProposalState::Pending);
    // Approving again without reaching the threshold is the plain approve's error.
    assert_eq!(
        multisig.approve_and_execute(bob(), 0, NOW).err(),
        Some(Error::AlreadyApproved)
    );
    // A signer that already approves executes once the threshold is met.
    multisig.approve(charlie(), 0, NOW).unwrap();
    let (vote, execution) = multisig.approve_and_execute(alice(), 0, NOW).unwrap();
    assert!(vote.is_none());
    assert!(execution.is_some());
    assert_eq!(state(&multisig, 0, NOW), ProposalState::Executed);
}

#[ink::test]
fn approve_and_execute_keeps_the_approval_rules() {
    let mut multisig = two_of_three();
    multisig
        .propose(this(), alice(), add_node(), None, NOW)
        .unwrap();
    assert_eq!(
        multisig.approve_and_execute(eve(), 0, NOW).err(),
        Some(Error::NotSigner)
    );
    assert_eq!(
        multisig.approve_and_execute(bob(), 0, NOW + LIFETIME).err(),
        Some(Error::ProposalExpired)
    );
    assert_eq!(
        multisig.approve_and_execute(bob(), 7, NOW).err(),
        Some(Error::ProposalNotFound)
    );
    // A self action executes inside the call and bumps the epoch.
    multisig
        .propose(this(), alice(), Action::AddSigner(dave()), None, NOW)
        .unwrap();
    let (_, execution) = multisig.approve_and_execute(charlie(), 1, NOW).unwrap();
    let changed = execution
        .unwrap()
        .config_changed
        .expect("configuration changed");
    assert_eq!(changed.signers.len(), 4);
    assert_eq!(state(&multisig, 0, NOW), ProposalState::Stale);
}

#[ink::test]
fn a_dao_veto_is_an_effect_and_never_targets_the_multisig_or_the_core() {
    let mut multisig = two_of_three();
    let dao = account(150);
    for target in [this(), core()] {
        assert_eq!(
            multisig
                .propose(
                    this(),
                    alice(),
                    Action::VetoDaoProposal {
                        dao: target,
                        proposal: 3
                    },
                    None,
                    NOW
                )
                .err(),
            Some(Error::ActionOutOfBounds)
        );
    }
    let veto = Action::VetoDaoProposal { dao, proposal: 3 };
    multisig.propose(this(), alice(), veto, None, NOW).unwrap();
    let (_, execution) = multisig.approve_and_execute(bob(), 0, NOW).unwrap();
    let execution = execution.unwrap();
    assert_eq!(
        execution.effect,
        Some(Effect::VetoDaoProposal { dao, proposal: 3 })
    );
    assert_eq!(execution.config_changed, None);
}
