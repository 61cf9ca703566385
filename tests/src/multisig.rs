//! Typed helpers for the multisig manager (`manager_multisig`) on top of [`Ddc`]: messages go
//! through the multisig's call builder ([`Msig::multisig`]), actions are typed [`Action`]s.

use crate::ddc::Ddc;
use crate::{admin, arg, contract, ink_id, BundleProvider, Message};
use ddc_types::ClusterAction;
use drink::AccountId32;
use ink::codegen::TraitCallBuilder;
use manager_multisig::logic::{Action, Config, Error, Proposal, ProposalId, ProposalState};
use manager_multisig::ManagerMultisigRef;

/// Result of a multisig message.
pub type MsigResult<T> = Result<T, Error>;

/// The chain time every multisig scenario starts at (ms).
pub const T0: u64 = 1_700_000_000_000;
/// Default proposal lifetime of the deployed multisig: one hour.
pub const LIFETIME_MS: u64 = 3_600_000;

/// The core plus a multisig deployed by [`admin`] over it.
pub struct Msig {
    pub ddc: Ddc,
    pub address: AccountId32,
}

/// Signers as a transcoder argument.
pub fn signer_list(signers: &[AccountId32]) -> String {
    let list: Vec<String> = signers.iter().map(arg).collect();
    format!("[{}]", list.join(", "))
}

/// "Admit node `key` into `cluster` with these vnodes."
pub fn add_node(cluster: u32, key: &AccountId32, v_nodes: &[u64]) -> Action {
    Action::Cluster(ClusterAction::AddNode {
        cluster,
        node_key: ink_id(key),
        v_nodes: v_nodes.to_vec(),
    })
}

/// "Accept the hand-over of `cluster`."
pub fn accept_manager(cluster: u32) -> Action {
    Action::Cluster(ClusterAction::AcceptManager { cluster })
}

/// "Offer `cluster` to `new_manager`."
pub fn transfer_manager(cluster: u32, new_manager: &AccountId32) -> Action {
    Action::Cluster(ClusterAction::TransferManager {
        cluster,
        new_manager: ink_id(new_manager),
    })
}

/// "As the guardian of the DAO at `dao`, veto its `proposal`."
pub fn veto_dao_proposal(dao: &AccountId32, proposal: u64) -> Action {
    Action::VetoDaoProposal {
        dao: ink_id(dao),
        proposal,
    }
}

/// "Set `cluster`'s params to `params`."
pub fn change_params(cluster: u32, params: &str) -> Action {
    Action::Cluster(ClusterAction::ChangeParams {
        cluster,
        params: params.into(),
    })
}

/// A self action naming one account (`variant` = `AddSigner`, `RemoveSigner`) as a transcoder
/// string, for [`Msig::propose`]'s raw form. Typed code writes `Action::AddSigner(ink_id(who))`.
pub fn signer_action(variant: &str, who: &AccountId32) -> String {
    format!("{variant}({})", arg(who))
}

/// What [`Msig::propose`] takes: a typed [`Action`] (sent through the multisig's call builder),
/// or an action in transcoder notation (`str`, `String`: raw input, e.g. the deploy tool's
/// reports).
pub trait ProposedAction {
    /// `signer` proposes this action on `msig` with the default lifetime.
    fn propose_on(&self, msig: &mut Msig, signer: &AccountId32) -> MsigResult<ProposalId>;
}

impl ProposedAction for Action {
    fn propose_on(&self, msig: &mut Msig, signer: &AccountId32) -> MsigResult<ProposalId> {
        let message = msig.multisig().call_mut().propose(self.clone(), None);
        msig.send(signer, message)
    }
}

impl ProposedAction for str {
    fn propose_on(&self, msig: &mut Msig, signer: &AccountId32) -> MsigResult<ProposalId> {
        msig.tx(signer, "propose", &[self.to_string(), "None".into()])
    }
}

impl ProposedAction for String {
    fn propose_on(&self, msig: &mut Msig, signer: &AccountId32) -> MsigResult<ProposalId> {
        self.as_str().propose_on(msig, signer)
    }
}

/// Deploy a multisig over `registry` with `constructor` (`new` or `new_pinned`, sent through
/// `ManagerMultisigRef`'s constructor of that name; any other name panics), `signers`,
/// `threshold` and the default lifetime [`LIFETIME_MS`].
pub fn deploy_multisig(
    ddc: &mut Ddc,
    registry: &AccountId32,
    constructor: &str,
    signers: &[AccountId32],
    threshold: u32,
) -> MsigResult<AccountId32> {
    let (registry, signers) = (ink_id(registry), signers.iter().map(ink_id).collect());
    let constructor = match constructor {
        "new" => ManagerMultisigRef::new(registry, signers, threshold, LIFETIME_MS),
        "new_pinned" => ManagerMultisigRef::new_pinned(registry, signers, threshold, LIFETIME_MS),
        other => panic!("the multisig has no constructor {other:?}"),
    };
    ddc.suite
        .try_deploy_typed(BundleProvider::ManagerMultisig, &admin(), constructor)
}

impl Msig {
    /// A fresh core (time [`T0`]) and a multisig of `signers` needing `threshold` approvals.
    pub fn new(signers: &[AccountId32], threshold: u32) -> Self {
        let mut ddc = Ddc::new();
        ddc.suite.set_time(T0);
        let core = ddc.address.clone();
        let address =
            deploy_multisig(&mut ddc, &core, "new", signers, threshold).expect("deploy multisig");
        Self { ddc, address }
    }

    /// The multisig's typed reference: `msig.multisig().call_mut().<message>(..)` makes a
    /// [`Message`] for [`Msig::send`].
    pub fn multisig(&self) -> ManagerMultisigRef {
        contract(&self.address)
    }

    /// Send a multisig message returning `Result<T, Error>` as `caller`.
    pub fn send<Args: scale::Encode, T: scale::Decode>(
        &mut self,
        caller: &AccountId32,
        message: Message<Args, MsigResult<T>>,
    ) -> MsigResult<T> {
        self.ddc.suite.send(caller, message)
    }

    /// Call a multisig message by name with transcoder arguments, returning `Result<T, Error>`, as
    /// `caller`: for input no call builder can make (the tests send typed messages,
    /// [`Msig::send`]).
    pub fn tx<T: scale::Decode>(
        &mut self,
        caller: &AccountId32,
        message: &str,
        args: &[String],
    ) -> MsigResult<T> {
        let address = self.address.clone();
        self.ddc.suite.tx(caller, &address, message, args)
    }

    /// `signer` proposes `action` (typed, or in transcoder notation) with the default lifetime.
    pub fn propose<A: ProposedAction + ?Sized>(
        &mut self,
        signer: &AccountId32,
        action: &A,
    ) -> MsigResult<ProposalId> {
        action.propose_on(self, signer)
    }

    /// `caller` sends `message(id)`, one of `approve`, `revoke_approval`, `reject`, `cancel`,
    /// `execute`, through the typed helper of that name (the deploy tool's reports name the
    /// message); any other name is sent by name with the id as its argument.
    pub fn on(&mut self, caller: &AccountId32, message: &str, id: ProposalId) -> MsigResult<()> {
        match message {
            "approve" => self.approve(caller, id),
            "revoke_approval" => self.revoke_approval(caller, id),
            "reject" => self.reject(caller, id),
            "cancel" => self.cancel(caller, id),
            "execute" => self.execute(caller, id),
            other => self.tx(caller, other, &[id.to_string()]),
        }
    }

    pub fn approve(&mut self, signer: &AccountId32, id: ProposalId) -> MsigResult<()> {
        let message = self.multisig().call_mut().approve(id);
        self.send(signer, message)
    }

    pub fn revoke_approval(&mut self, signer: &AccountId32, id: ProposalId) -> MsigResult<()> {
        let message = self.multisig().call_mut().revoke_approval(id);
        self.send(signer, message)
    }

    pub fn reject(&mut self, signer: &AccountId32, id: ProposalId) -> MsigResult<()> {
        let message = self.multisig().call_mut().reject(id);
        self.send(signer, message)
    }

    pub fn cancel(&mut self, signer: &AccountId32, id: ProposalId) -> MsigResult<()> {
        let message = self.multisig().call_mut().cancel(id);
        self.send(signer, message)
    }

    pub fn execute(&mut self, caller: &AccountId32, id: ProposalId) -> MsigResult<()> {
        let message = self.multisig().call_mut().execute(id);
        self.send(caller, message)
    }

    /// `signer` approves and, when that reaches the threshold, executes: whether it executed.
    pub fn approve_and_execute(
        &mut self,
        signer: &AccountId32,
        id: ProposalId,
    ) -> MsigResult<bool> {
        let message = self.multisig().call_mut().approve_and_execute(id);
        self.send(signer, message)
    }

    pub fn proposal(&mut self, id: ProposalId) -> Proposal {
        let message = self.multisig().call().proposal(id);
        self.send(&admin(), message).expect("proposal exists")
    }

    pub fn state(&mut self, id: ProposalId) -> ProposalState {
        let message = self.multisig().call().proposal_state(id);
        self.send(&admin(), message).expect("proposal exists")
    }

    /// Proposals from `offset` (at most `limit`, each with its id) and the number ever created.
    pub fn proposals(
        &mut self,
        offset: ProposalId,
        limit: u32,
    ) -> MsigResult<(Vec<(ProposalId, Proposal)>, u64)> {
        let message = self.multisig().call().proposals(offset, limit);
        self.send(&admin(), message)
    }

    /// The current signers.
    pub fn signers(&mut self) -> Vec<ink::primitives::AccountId> {
        let message = self.multisig().call().signers();
        self.ddc.suite.send(&admin(), message)
    }

    pub fn config(&mut self) -> Config {
        let message = self.multisig().call().config();
        self.ddc.suite.send(&admin(), message)
    }

    /// Events of type `E` the multisig emitted during the last call.
    pub fn events<E: ink::env::Event + scale::Decode>(&self) -> Vec<E> {
        self.ddc.suite.events(&self.address)
    }

    /// Number of events the multisig emitted during the last call.
    pub fn event_count(&self) -> usize {
        self.ddc.suite.event_count(&self.address)
    }

    /// `manager` creates a cluster (10 resource per vnode), offers it to the multisig, and
    /// the signers accept it through an `AcceptManager` proposal approved by `approvers`
    /// (the first proposes) and executed by the last of them.
    pub fn hand_over_cluster(&mut self, manager: &AccountId32, approvers: &[AccountId32]) -> u32 {
        let cluster = self.ddc.cluster_create(manager, 10).expect("cluster");
        let me = self.address.clone();
        self.ddc
            .cluster_transfer_manager(manager, cluster, &me)
            .expect("offer");
        let id = self
            .propose(&approvers[0], &accept_manager(cluster))
            .expect("propose accept");
        for signer in &approvers[1..] {
            self.approve(signer, id).expect("approve accept");
        }
        let last = approvers.last().expect("an approver").clone();
        self.execute(&last, id).expect("execute accept");
        cluster
    }
}
