//! Typed helpers for the multisig manager (`manager_multisig`) on top of [`Ddc`].

use crate::ddc::{tokens, Ddc};
use crate::{admin, arg, BundleProvider};
use drink::AccountId32;
use manager_multisig::logic::{Config, Error, Proposal, ProposalId, ProposalState};

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

/// The action `Cluster(AddNode { .. })` as a transcoder argument.
pub fn add_node(cluster: u32, key: &AccountId32, v_nodes: &[u64]) -> String {
    format!(
        "Cluster(AddNode {{ cluster: {cluster}, node_key: {}, v_nodes: {} }})",
        arg(key),
        tokens(v_nodes)
    )
}

/// The action `Cluster(AcceptManager { .. })`.
pub fn accept_manager(cluster: u32) -> String {
    format!("Cluster(AcceptManager {{ cluster: {cluster} }})")
}

/// The action `Cluster(TransferManager { .. })`: offer `cluster` to `new_manager`.
pub fn transfer_manager(cluster: u32, new_manager: &AccountId32) -> String {
    format!(
        "Cluster(TransferManager {{ cluster: {cluster}, new_manager: {} }})",
        arg(new_manager)
    )
}

/// The action `VetoDaoProposal { .. }`: as the guardian of the DAO at `dao`, veto its
/// `proposal`.
pub fn veto_dao_proposal(dao: &AccountId32, proposal: u64) -> String {
    format!(
        "VetoDaoProposal {{ dao: {}, proposal: {proposal} }}",
        arg(dao)
    )
}

/// The action `Cluster(ChangeParams { .. })`.
pub fn change_params(cluster: u32, params: &str) -> String {
    format!("Cluster(ChangeParams {{ cluster: {cluster}, params: {params:?} }})")
}

/// A self action naming one account, e.g. `AddSigner`, `RemoveSigner`.
pub fn signer_action(variant: &str, who: &AccountId32) -> String {
    format!("{variant}({})", arg(who))
}

/// Deploy a multisig over `registry` with `constructor` (`new` or `new_pinned`).
pub fn deploy_multisig(
    ddc: &mut Ddc,
    registry: &AccountId32,
    constructor: &str,
    signers: &[AccountId32],
    threshold: u32,
) -> MsigResult<AccountId32> {
    ddc.suite.try_deploy(
        BundleProvider::ManagerMultisig,
        &admin(),
        constructor,
        &[
            arg(registry),
            signer_list(signers),
            threshold.to_string(),
            LIFETIME_MS.to_string(),
        ],
    )
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

    /// Call a multisig message returning `Result<T, Error>` as `caller`.
    pub fn tx<T: scale::Decode>(
        &mut self,
        caller: &AccountId32,
        message: &str,
        args: &[String],
    ) -> MsigResult<T> {
        let address = self.address.clone();
        self.ddc.suite.tx(caller, &address, message, args)
    }

    /// `signer` proposes `action` (a transcoder string) with the default lifetime.
    pub fn propose(&mut self, signer: &AccountId32, action: &str) -> MsigResult<ProposalId> {
        self.tx(signer, "propose", &[action.to_string(), "None".into()])
    }

    /// `caller` sends `message(id)` (approve, revoke_approval, reject, cancel, execute).
    pub fn on(&mut self, caller: &AccountId32, message: &str, id: ProposalId) -> MsigResult<()> {
        self.tx(caller, message, &[id.to_string()])
    }

    pub fn approve(&mut self, signer: &AccountId32, id: ProposalId) -> MsigResult<()> {
        self.on(signer, "approve", id)
    }

    pub fn execute(&mut self, caller: &AccountId32, id: ProposalId) -> MsigResult<()> {
        self.on(caller, "execute", id)
    }

    /// `signer` approves and, when that reaches the threshold, executes: whether it executed.
    pub fn approve_and_execute(
        &mut self,
        signer: &AccountId32,
        id: ProposalId,
    ) -> MsigResult<bool> {
        self.tx(signer, "approve_and_execute", &[id.to_string()])
    }

    pub fn proposal(&mut self, id: ProposalId) -> Proposal {
        self.tx(&admin(), "proposal", &[id.to_string()])
            .expect("proposal exists")
    }

    pub fn state(&mut self, id: ProposalId) -> ProposalState {
        self.tx(&admin(), "proposal_state", &[id.to_string()])
            .expect("proposal exists")
    }

    pub fn config(&mut self) -> Config {
        let address = self.address.clone();
        self.ddc.suite.query(&address, "config", &[])
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
