//! The two managers together over one core: a 2-of-3 multisig as the DAO's guardian vetoes a
//! hostile hand-over the DAO's token holders passed, and a cluster moves from the multisig to
//! the DAO and back through both managers' own proposals.

use ddc_bucket::events::{ClusterManagerAccepted, ClusterManagerOffered};
use ddc_tests::dao::manager_dao::events::{ConfigChanged, ProposalClosed, ProposalCreated};
use ddc_tests::dao::manager_dao::types::{
    Action, Error as DaoError, ProposalState as DaoState, VoteType,
};
use ddc_tests::dao::{accept_manager, transfer_manager, DaoSuite, Registry};
use ddc_tests::ddc_types::{ClusterId, CoreCallError};
use ddc_tests::multisig::{self, deploy_multisig, veto_dao_proposal, MsigResult};
use ddc_tests::{admin, alice, bob, charlie, contract, dave, eve, ink_id, Message, TOKEN};
use drink::AccountId32;
use ink::codegen::TraitCallBuilder;
use manager_multisig::events::ProposalExecuted;
use manager_multisig::logic::{
    Action as MsigAction, Error as MsigError, ProposalState as MsigState,
};
use manager_multisig::ManagerMultisigRef;

/// The DAO's stakers (alice 500, bob 300, charlie 200 tokens) over the real core, no guardian
/// yet, and a multisig of alice, bob and charlie needing 2 approvals over the same core.
struct Both {
    s: DaoSuite,
    msig: AccountId32,
}

impl Both {
    fn new() -> Self {
        let mut s = DaoSuite::staked(Registry::Core, None);
        let core = s.ddc.address.clone();
        let msig = deploy_multisig(&mut s.ddc, &core, "new", &[alice(), bob(), charlie()], 2)
            .expect("multisig deployed");
        Self { s, msig }
    }

    fn dao(&self) -> AccountId32 {
        self.s.dao.clone()
    }

    /// Send a multisig message (made by its call builder, see [`Both::multisig`]) as `caller`.
    fn msig_send<Args: scale::Encode, T: scale::Decode>(
        &mut self,
        caller: &AccountId32,
        message: Message<Args, MsigResult<T>>,
    ) -> MsigResult<T> {
        self.s.ddc.suite.send(caller, message)
    }

    /// The multisig's typed reference.
    fn multisig(&self) -> ManagerMultisigRef {
        contract(&self.msig)
    }

    /// `signer` proposes `action` on the multisig (its approval counts).
    fn msig_propose(&mut self, signer: &AccountId32, action: &MsigAction) -> MsigResult<u64> {
        let message = self.multisig().call_mut().propose(action.clone(), None);
        self.msig_send(signer, message)
    }

    fn msig_approve(&mut self, signer: &AccountId32, id: u64) -> MsigResult<()> {
        let message = self.multisig().call_mut().approve(id);
        self.msig_send(signer, message)
    }

    fn msig_approve_and_execute(&mut self, signer: &AccountId32, id: u64) -> MsigResult<bool> {
        let message = self.multisig().call_mut().approve_and_execute(id);
        self.msig_send(signer, message)
    }

    fn msig_execute(&mut self, caller: &AccountId32, id: u64) -> MsigResult<()> {
        let message = self.multisig().call_mut().execute(id);
        self.msig_send(caller, message)
    }

    fn msig_state(&mut self, id: u64) -> MsigState {
        let message = self.multisig().call().proposal_state(id);
        self.msig_send(&admin(), message)
            .expect("multisig proposal exists")
    }

    /// Events of type `E` the multisig emitted during the last call.
    fn msig_events<E: ink::env::Event + scale::Decode>(&self) -> Vec<E> {
        self.s.ddc.suite.events(&self.msig)
    }

    /// The cluster's manager as the core reports it (`cluster_get`).
    fn manager_of(&mut self, cluster: ClusterId) -> ink::primitives::AccountId {
        self.s
            .ddc
            .cluster_get(cluster)
            .expect("cluster exists")
            .0
            .manager
    }

    /// Eve creates a cluster and offers it to the DAO; bob's `AcceptManager` proposal passes
    /// and is executed.
    fn dao_takes_a_cluster(&mut self) -> ClusterId {
        let dao = self.dao();
        let cluster = self.s.ddc.cluster_create(&eve(), 10).unwrap();
        self.s
            .ddc
            .cluster_transfer_manager(&eve(), cluster, &dao)
            .unwrap();
        let id = self.s.propose(&bob(), &accept_manager(cluster)).unwrap();
        self.s.pass(id);
        self.s.execute(&eve(), id).unwrap();
        assert_eq!(self.manager_of(cluster), ink_id(&dao));
        cluster
    }

    /// The DAO makes the multisig its guardian by a (critical) `SetGuardian` proposal.
    fn multisig_becomes_guardian(&mut self) {
        let msig = self.msig.clone();
        let id = self
            .s
            .propose(&alice(), &Action::SetGuardian(Some(ink_id(&msig))))
            .unwrap();
        assert!(self.s.events::<ProposalCreated>()[0].critical);
        self.s.pass(id);
        self.s.execute(&eve(), id).unwrap();
        assert_eq!(
            self.s.events::<ConfigChanged>()[0].config.guardian,
            Some(ink_id(&msig))
        );
        assert_eq!(self.s.config().guardian, Some(ink_id(&msig)));
    }

    /// Dave buys 3 000 tokens (75 % of the stake) and proposes handing `cluster` to himself;
    /// he votes For, the three others Against (75 % For > 66.67 %); voting ends. The proposal
    /// is Succeeded: inside its execution delay.
    fn hostile_hand_over_passes(&mut self, cluster: ClusterId) -> u64 {
        self.s.fund_and_stake(&dave(), 3_000 * TOKEN).unwrap();
        self.s.advance(1);
        let id = self
            .s
            .propose(&dave(), &transfer_manager(cluster, &dave()))
            .unwrap();
        let created = self.s.events::<ProposalCreated>();
        assert!(created[0].critical);
        assert_eq!(created[0].quorum_base, 4_000 * TOKEN);
        self.s.advance_to(created[0].vote_start);
        self.s.vote(&dave(), id, VoteType::For).unwrap();
        for holder in [alice(), bob(), charlie()] {
            self.s.vote(&holder, id, VoteType::Against).unwrap();
        }
        let proposal = self.s.proposal(id).0.proposal;
        assert_eq!(
            (proposal.for_votes, proposal.against_votes),
            (3_000 * TOKEN, 1_000 * TOKEN)
        );
        self.s.advance_to(proposal.vote_end);
        assert_eq!(self.s.state(id), Ok(DaoState::Succeeded));
        id
    }
}

/// The DAO's error variant index, as the multisig reports a DAO refusing its call.
fn dao_error_index(error: DaoError) -> u8 {
    scale::Encode::encode(&error)[0]
}

// ---------------------------------------------------------------- veto

/// An attacker who bought 75 % of the stake passes `TransferManager` of the DAO's cluster to
/// himself. During the execution delay the multisig — the DAO's guardian — vetoes it: the
/// signers propose `VetoDaoProposal` and the second approval executes it.
#[test]
fn the_multisig_guardian_vetoes_a_hostile_hand_over() {
    let mut w = Both::new();
    let cluster = w.dao_takes_a_cluster();
    w.multisig_becomes_guardian();
    let hostile = w.hostile_hand_over_passes(cluster);
    let (dao, msig) = (w.dao(), w.msig.clone());

    let veto = w
        .msig_propose(&alice(), &veto_dao_proposal(&dao, hostile))
        .unwrap();
    assert_eq!(w.msig_state(veto), MsigState::Pending);
    assert_eq!(w.msig_approve_and_execute(&bob(), veto), Ok(true));
    assert_eq!(
        w.msig_events::<ProposalExecuted>(),
        vec![ProposalExecuted {
            id: veto,
            executor: ink_id(&bob()),
            approvals: 2
        }]
    );
    let closed = w.s.events::<ProposalClosed>();
    assert_eq!(
        closed,
        vec![ProposalClosed {
            id: hostile,
            by: ink_id(&msig),
            state: DaoState::Vetoed
        }]
    );
    assert_eq!(w.s.event_count(), 1);
    assert_eq!(w.msig_state(veto), MsigState::Executed);
    assert_eq!(w.s.state(hostile), Ok(DaoState::Vetoed));

    // The vetoed proposal never executes, and the cluster stays with the DAO.
    w.s.to_executable(hostile);
    assert_eq!(
        w.s.execute(&dave(), hostile),
        Err(DaoError::InvalidState(DaoState::Vetoed))
    );
    assert_eq!(w.manager_of(cluster), ink_id(&dao));
    assert_eq!(w.s.ddc.cluster(cluster).pending_manager, None);
}

/// A veto the DAO refuses fails the multisig's execution, which then records nothing: one sent
/// before the multisig is the guardian (the DAO's `OnlyGuardian` index), and one executed when
/// the DAO proposal is no longer Succeeded (its delay is over: the `InvalidState` index) — that
/// multisig proposal stays Approved.
#[test]
fn a_veto_the_dao_refuses_leaves_the_multisig_proposal_approved() {
    let mut w = Both::new();
    w.dao_takes_a_cluster();
    let dao = w.dao();

    // Not the guardian yet: a second cluster's AcceptManager passed and is in its delay.
    let second = w.s.ddc.cluster_create(&eve(), 10).unwrap();
    w.s.ddc
        .cluster_transfer_manager(&eve(), second, &dao)
        .unwrap();
    let accept = w.s.propose(&bob(), &accept_manager(second)).unwrap();
    let proposal = w.s.proposal(accept).0.proposal;
    w.s.advance_to(proposal.vote_start);
    w.s.vote(&alice(), accept, VoteType::For).unwrap();
    w.s.advance_to(proposal.vote_end);
    assert_eq!(w.s.state(accept), Ok(DaoState::Succeeded));
    let early = w
        .msig_propose(&alice(), &veto_dao_proposal(&dao, accept))
        .unwrap();
    assert_eq!(
        w.msig_approve_and_execute(&bob(), early),
        Err(MsigError::CoreCall(CoreCallError::Refused(
            dao_error_index(DaoError::OnlyGuardian)
        )))
    );
    assert_eq!(w.s.event_count(), 0);
    assert_eq!(
        w.msig_state(early),
        MsigState::Pending,
        "the failed approve_and_execute recorded not even the approval"
    );
    assert_eq!(w.s.state(accept), Ok(DaoState::Succeeded));
    w.s.to_executable(accept);
    w.s.execute(&eve(), accept).unwrap();
    assert_eq!(w.manager_of(second), ink_id(&dao));

    // The guardian now, but the signers approve the veto without executing it in time.
    w.multisig_becomes_guardian();
    let hostile = w.hostile_hand_over_passes(second);
    let late = w
        .msig_propose(&alice(), &veto_dao_proposal(&dao, hostile))
        .unwrap();
    w.msig_approve(&bob(), late).unwrap();
    assert_eq!(w.msig_state(late), MsigState::Approved);
    w.s.to_executable(hostile);
    assert_eq!(w.s.state(hostile), Ok(DaoState::Executable));
    let invalid_state = dao_error_index(DaoError::InvalidState(DaoState::Executable));
    assert_eq!(
        invalid_state,
        dao_error_index(DaoError::InvalidState(DaoState::Succeeded)),
        "the index names the variant, not the state"
    );
    assert_eq!(
        w.msig_execute(&eve(), late),
        Err(MsigError::CoreCall(CoreCallError::Refused(invalid_state)))
    );
    assert_eq!(w.s.event_count(), 0);
    assert_eq!(w.msig_state(late), MsigState::Approved);
    assert_eq!(
        w.msig_approve_and_execute(&charlie(), late),
        Err(MsigError::CoreCall(CoreCallError::Refused(invalid_state)))
    );
    assert_eq!(w.msig_state(late), MsigState::Approved);
    assert_eq!(w.s.state(hostile), Ok(DaoState::Executable));
}

/// `VetoDaoProposal` must name a DAO: the multisig itself or the core is refused at propose.
#[test]
fn a_veto_of_the_multisig_itself_or_the_core_is_out_of_bounds() {
    let mut w = Both::new();
    let (msig, core) = (w.msig.clone(), w.s.ddc.address.clone());
    for target in [&msig, &core] {
        assert_eq!(
            w.msig_propose(&alice(), &veto_dao_proposal(target, 0)),
            Err(MsigError::ActionOutOfBounds)
        );
        assert_eq!(w.s.ddc.suite.event_count(&msig), 0);
    }
}

// ---------------------------------------------------------------- a cluster moves

/// A cluster moves from the multisig to the DAO (the multisig offers, the DAO accepts by vote)
/// and back (the DAO offers by a critical vote, the multisig accepts); the core reports each
/// manager.
#[test]
fn a_cluster_moves_from_the_multisig_to_the_dao_and_back() {
    let mut w = Both::new();
    let (dao, msig) = (w.dao(), w.msig.clone());
    // Eve's cluster, accepted by the multisig.
    let cluster = w.s.ddc.cluster_create(&eve(), 10).unwrap();
    w.s.ddc
        .cluster_transfer_manager(&eve(), cluster, &msig)
        .unwrap();
    let id = w
        .msig_propose(&alice(), &multisig::accept_manager(cluster))
        .unwrap();
    assert_eq!(w.msig_approve_and_execute(&charlie(), id), Ok(true));
    assert_eq!(w.manager_of(cluster), ink_id(&msig));

    // Multisig → DAO.
    let id = w
        .msig_propose(&alice(), &multisig::transfer_manager(cluster, &dao))
        .unwrap();
    assert_eq!(w.msig_approve_and_execute(&bob(), id), Ok(true));
    let offered = w.s.ddc.events::<ClusterManagerOffered>();
    assert_eq!(offered.len(), 1);
    assert_eq!(
        (
            offered[0].cluster_id,
            offered[0].manager,
            offered[0].new_manager
        ),
        (cluster, ink_id(&msig), ink_id(&dao))
    );
    let (info, _) = w.s.ddc.cluster_get(cluster).unwrap();
    assert_eq!(
        (info.manager, info.pending_manager),
        (ink_id(&msig), Some(ink_id(&dao)))
    );
    let accept = w.s.propose(&bob(), &accept_manager(cluster)).unwrap();
    assert!(!w.s.events::<ProposalCreated>()[0].critical);
    w.s.pass(accept);
    w.s.execute(&eve(), accept).unwrap();
    let accepted = w.s.ddc.events::<ClusterManagerAccepted>();
    assert_eq!(accepted.len(), 1);
    assert_eq!(
        (accepted[0].previous_manager, accepted[0].manager),
        (ink_id(&msig), ink_id(&dao))
    );
    let (info, _) = w.s.ddc.cluster_get(cluster).unwrap();
    assert_eq!((info.manager, info.pending_manager), (ink_id(&dao), None));

    // DAO → multisig: the hand-over is critical (alice's 50 % For: quorum 40 % reached,
    // approval 100 %).
    let offer =
        w.s.propose(&charlie(), &transfer_manager(cluster, &msig))
            .unwrap();
    assert!(w.s.events::<ProposalCreated>()[0].critical);
    w.s.pass(offer);
    w.s.execute(&eve(), offer).unwrap();
    let offered = w.s.ddc.events::<ClusterManagerOffered>();
    assert_eq!(
        (offered[0].manager, offered[0].new_manager),
        (ink_id(&dao), ink_id(&msig))
    );
    assert_eq!(
        w.manager_of(cluster),
        ink_id(&dao),
        "until the multisig accepts"
    );
    let id = w
        .msig_propose(&bob(), &multisig::accept_manager(cluster))
        .unwrap();
    assert_eq!(w.msig_approve_and_execute(&alice(), id), Ok(true));
    let accepted = w.s.ddc.events::<ClusterManagerAccepted>();
    assert_eq!(
        (accepted[0].previous_manager, accepted[0].manager),
        (ink_id(&dao), ink_id(&msig))
    );
    let (info, _) = w.s.ddc.cluster_get(cluster).unwrap();
    assert_eq!((info.manager, info.pending_manager), (ink_id(&msig), None));
}
