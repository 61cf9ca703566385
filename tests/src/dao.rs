//! Typed helpers for the DAO manager (`manager_dao`) and its governance token on top of [`Ddc`]:
//! deployment over the real core or over `mock_core`, staking, proposals, votes, block control,
//! and the cost of the last call.
//!
//! The governance token's bundle comes from `ddc_bundle_macro` ([`governance_token_bundle`])
//! rather than drink's bundle macro: the token depends on the `psp22` crate with
//! `ink-as-dependency`, and drink's macro builds every such crate as a contract — psp22's own
//! example contract, which fails the contract lint set (`cast_possible_truncation` in its error
//! derive).

use crate::ddc::Ddc;
pub use crate::hex;
use crate::{admin, alice, arg, bob, charlie, str_arg, BundleProvider, Cost, TOKEN};
use ddc_types::ClusterAction;
use drink::sandbox_api::prelude::SystemAPI;
use drink::session::ContractBundle;
use drink::session::NO_SALT;
use drink::{AccountId32, Ss58Codec};
use ink::primitives::AccountId;
use manager_dao::types::{
    Action, Config, Error, ProposalId, ProposalInfo, ProposalState, Settings, VoteType,
};
use psp22::PSP22Error;

pub use manager_dao;

/// Result of a DAO message.
pub type DaoResult<T> = Result<T, Error>;

/// Where the governance token's bundle is (built, release and optimised with the contract lint
/// set, when this crate compiles).
pub const GOVERNANCE_TOKEN_BUNDLE: &str =
    ddc_bundle_macro::contract_bundle_path!("../contracts/governance_token");

/// The governance token's bundle.
pub fn governance_token_bundle() -> ContractBundle {
    ContractBundle::load(GOVERNANCE_TOKEN_BUNDLE).expect("governance_token bundle")
}

/// Governance tokens minted to [`admin`] (10^9 tokens).
pub const SUPPLY: u128 = 1_000_000_000 * TOKEN;

/// Stakes of the default stakers: alice 500, bob 300, charlie 200 tokens (total 1 000).
pub const STAKES: [u128; 3] = [500 * TOKEN, 300 * TOKEN, 200 * TOKEN];

/// Delay 1, voting 5, quorum 20 %, approval > 50 %, critical quorum 40 %, critical approval
/// > 66.67 %, threshold 10 tokens, execution delay 2, window 5, late-quorum extension 2 (all in
/// blocks).
pub fn settings() -> Settings {
    Settings {
        voting_delay: 1,
        voting_period: 5,
        quorum_bp: 2_000,
        approval_threshold_bp: 5_000,
        critical_quorum_bp: 4_000,
        critical_approval_threshold_bp: 6_667,
        proposal_threshold: 10 * TOKEN,
        execution_delay: 2,
        execution_window: 5,
        late_quorum_extension: 2,
    }
}

/// An ink! account id as a transcoder argument (SS58).
pub fn ink_arg(account: &AccountId) -> String {
    let bytes: [u8; 32] = *account.as_ref();
    AccountId32::new(bytes).to_ss58check()
}

fn opt_ink(account: &Option<AccountId>) -> String {
    account
        .as_ref()
        .map_or("None".into(), |a| format!("Some({})", ink_arg(a)))
}

/// Settings as a transcoder argument.
pub fn settings_arg(s: &Settings) -> String {
    format!(
        "Settings {{ voting_delay: {}, voting_period: {}, quorum_bp: {}, \
         approval_threshold_bp: {}, critical_quorum_bp: {}, \
         critical_approval_threshold_bp: {}, proposal_threshold: {}, execution_delay: {}, \
         execution_window: {}, late_quorum_extension: {} }}",
        s.voting_delay,
        s.voting_period,
        s.quorum_bp,
        s.approval_threshold_bp,
        s.critical_quorum_bp,
        s.critical_approval_threshold_bp,
        s.proposal_threshold,
        s.execution_delay,
        s.execution_window,
        s.late_quorum_extension
    )
}

fn cluster_action_arg(action: &ClusterAction) -> String {
    match action {
        ClusterAction::AcceptManager { cluster } => {
            format!("AcceptManager {{ cluster: {cluster} }}")
        }
        ClusterAction::TransferManager {
            cluster,
            new_manager,
        } => format!(
            "TransferManager {{ cluster: {cluster}, new_manager: {} }}",
            ink_arg(new_manager)
        ),
        ClusterAction::AddNode {
            cluster,
            node_key,
            v_nodes,
        } => format!(
            "AddNode {{ cluster: {cluster}, node_key: {}, v_nodes: {v_nodes:?} }}",
            ink_arg(node_key)
        ),
        ClusterAction::RemoveNode { cluster, node_key } => format!(
            "RemoveNode {{ cluster: {cluster}, node_key: {} }}",
            ink_arg(node_key)
        ),
        ClusterAction::ReplaceNode {
            cluster,
            v_nodes,
            new_node_key,
        } => format!(
            "ReplaceNode {{ cluster: {cluster}, v_nodes: {v_nodes:?}, new_node_key: {} }}",
            ink_arg(new_node_key)
        ),
        ClusterAction::SetNodeStatus {
            cluster,
            node_key,
            status,
        } => format!(
            "SetNodeStatus {{ cluster: {cluster}, node_key: {}, status: {status:?} }}",
            ink_arg(node_key)
        ),
        ClusterAction::ChangeParams { cluster, params } => format!(
            "ChangeParams {{ cluster: {cluster}, params: {} }}",
            str_arg(params)
        ),
        ClusterAction::SetResourcePerVnode { cluster, resource } => {
            format!("SetResourcePerVnode {{ cluster: {cluster}, resource: {resource} }}")
        }
        ClusterAction::DistributeRevenues { cluster } => {
            format!("DistributeRevenues {{ cluster: {cluster} }}")
        }
        ClusterAction::EvictBucket { cluster, bucket } => {
            format!("EvictBucket {{ cluster: {cluster}, bucket: {bucket} }}")
        }
    }
}

/// An action as a transcoder argument.
pub fn action_arg(action: &Action) -> String {
    match action {
        Action::Cluster(cluster_action) => {
            format!("Cluster({})", cluster_action_arg(cluster_action))
        }
        Action::UpdateSettings(settings) => format!("UpdateSettings({})", settings_arg(settings)),
        Action::SetGuardian(guardian) => format!("SetGuardian({})", opt_ink(guardian)),
        Action::SetCorePin(hash) => match hash {
            Some(hash) => format!("SetCorePin(Some({}))", hex(hash.as_ref())),
            None => "SetCorePin(None)".into(),
        },
        Action::Transfer { to, amount } => {
            format!("Transfer {{ to: {}, amount: {amount} }}", ink_arg(to))
        }
    }
}

/// "Admit node `node` into `cluster` with these vnodes."
pub fn add_node(cluster: u32, node: &AccountId32, v_nodes: &[u64]) -> Action {
    Action::Cluster(ClusterAction::AddNode {
        cluster,
        node_key: crate::ink_id(node),
        v_nodes: v_nodes.to_vec(),
    })
}

/// "Accept the hand-over of `cluster`."
pub fn accept_manager(cluster: u32) -> Action {
    Action::Cluster(ClusterAction::AcceptManager { cluster })
}

/// "Hand `cluster` over to `new_manager`" (critical).
pub fn transfer_manager(cluster: u32, new_manager: &AccountId32) -> Action {
    Action::Cluster(ClusterAction::TransferManager {
        cluster,
        new_manager: crate::ink_id(new_manager),
    })
}

/// Which contract the DAO manages clusters of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Registry {
    /// The real core (`ddc_bucket`).
    Core,
    /// `mock_core` (scripted answers, re-entry callback, call count).
    Mock,
}

/// A sandbox with the core, a governance token (supply to [`admin`]) and a DAO.
pub struct DaoSuite {
    /// The suite and the real core.
    pub ddc: Ddc,
    pub token: AccountId32,
    /// The contract the DAO calls: the core, or the mock.
    pub registry: AccountId32,
    pub dao: AccountId32,
}

impl DaoSuite {
    /// Deploy core, token and a DAO (`constructor` = "new" or "new_pinned") over `registry`
    /// with [`settings`] and `guardian`.
    pub fn deploy(registry: Registry, constructor: &str, guardian: Option<&AccountId32>) -> Self {
        Self::deploy_with(registry, constructor, guardian, &settings())
    }

    /// Like [`DaoSuite::deploy`] with other settings.
    pub fn deploy_with(
        registry: Registry,
        constructor: &str,
        guardian: Option<&AccountId32>,
        settings: &Settings,
    ) -> Self {
        let mut ddc = Ddc::new();
        ddc.suite.session.set_actor(admin());
        let token = ddc
            .suite
            .session
            .deploy_bundle(
                governance_token_bundle(),
                "new",
                &[
                    SUPPLY.to_string(),
                    format!("Some({})", str_arg("DDC Governance")),
                    format!("Some({})", str_arg("DDCG")),
                    "10".into(),
                    "false".into(),
                ],
                NO_SALT,
                None,
            )
            .expect("token deployed");
        let registry = match registry {
            Registry::Core => ddc.address.clone(),
            Registry::Mock => ddc
                .suite
                .deploy(BundleProvider::MockCore, &admin(), "new", &[]),
        };
        let guardian = guardian.map_or("None".into(), |g| format!("Some({})", arg(g)));
        let dao = ddc.suite.deploy(
            BundleProvider::ManagerDao,
            &admin(),
            constructor,
            &[
                arg(&registry),
                arg(&token),
                settings_arg(settings),
                guardian,
            ],
        );
        Self {
            ddc,
            token,
            registry,
            dao,
        }
    }

    /// [`DaoSuite::deploy`] with `new`, then alice, bob and charlie stake [`STAKES`] and one
    /// block passes (so their stakes are in the next proposals' snapshots).
    pub fn staked(registry: Registry, guardian: Option<&AccountId32>) -> Self {
        let mut s = Self::deploy(registry, "new", guardian);
        s.stake_defaults();
        s
    }

    /// Alice, bob and charlie get and stake [`STAKES`]; one block passes.
    pub fn stake_defaults(&mut self) {
        for (who, amount) in [alice(), bob(), charlie()].iter().zip(STAKES) {
            self.fund_and_stake(who, amount).expect("stake");
        }
        self.advance(1);
    }

    // ----- token

    /// Token `transfer` from `from`.
    pub fn token_transfer(
        &mut self,
        from: &AccountId32,
        to: &AccountId32,
        amount: u128,
    ) -> Result<(), PSP22Error> {
        let token = self.token.clone();
        self.ddc.suite.tx(
            from,
            &token,
            "PSP22::transfer",
            &[arg(to), amount.to_string(), "[]".into()],
        )
    }

    /// Token `approve` by `owner` for the DAO.
    pub fn approve_dao(&mut self, owner: &AccountId32, amount: u128) -> Result<(), PSP22Error> {
        let (token, dao) = (self.token.clone(), self.dao.clone());
        self.ddc.suite.tx(
            owner,
            &token,
            "PSP22::approve",
            &[arg(&dao), amount.to_string()],
        )
    }

    /// Token balance of `account`.
    pub fn token_balance(&mut self, account: &AccountId32) -> u128 {
        let token = self.token.clone();
        self.ddc
            .suite
            .query(&token, "PSP22::balance_of", &[arg(account)])
    }

    /// Admin sends `amount` tokens to `who`, who approves the DAO and stakes them.
    pub fn fund_and_stake(&mut self, who: &AccountId32, amount: u128) -> DaoResult<()> {
        self.token_transfer(&admin(), who, amount).expect("funded");
        self.approve_dao(who, amount).expect("approved");
        self.stake(who, amount)
    }

    // ----- DAO messages

    /// Call a DAO message returning `Result<T, Error>` as `caller`.
    pub fn tx<T: scale::Decode>(
        &mut self,
        caller: &AccountId32,
        message: &str,
        args: &[String],
    ) -> DaoResult<T> {
        let dao = self.dao.clone();
        self.ddc.suite.tx(caller, &dao, message, args)
    }

    /// Call a DAO query.
    pub fn query<T: scale::Decode>(&mut self, message: &str, args: &[String]) -> T {
        let dao = self.dao.clone();
        self.ddc.suite.query(&dao, message, args)
    }

    pub fn stake(&mut self, who: &AccountId32, amount: u128) -> DaoResult<()> {
        self.tx(who, "stake", &[amount.to_string()])
    }

    pub fn unstake(&mut self, who: &AccountId32, amount: u128) -> DaoResult<()> {
        self.tx(who, "unstake", &[amount.to_string()])
    }

    pub fn propose(&mut self, who: &AccountId32, action: &Action) -> DaoResult<ProposalId> {
        self.tx(who, "propose", &[action_arg(action), str_arg("proposal")])
    }

    pub fn vote(&mut self, who: &AccountId32, id: ProposalId, vote: VoteType) -> DaoResult<()> {
        self.tx(who, "vote", &[id.to_string(), format!("{vote:?}")])
    }

    pub fn execute(&mut self, who: &AccountId32, id: ProposalId) -> DaoResult<()> {
        self.tx(who, "execute", &[id.to_string()])
    }

    pub fn cancel(&mut self, who: &AccountId32, id: ProposalId) -> DaoResult<()> {
        self.tx(who, "cancel", &[id.to_string()])
    }

    pub fn veto(&mut self, who: &AccountId32, id: ProposalId) -> DaoResult<()> {
        self.tx(who, "veto", &[id.to_string()])
    }

    /// `who` makes `to` its delegate.
    pub fn delegate(&mut self, who: &AccountId32, to: &AccountId32) -> DaoResult<()> {
        self.tx(who, "delegate", &[arg(to)])
    }

    /// A proposal's state now (`ProposalNotFound` for an unknown id).
    pub fn state(&mut self, id: ProposalId) -> DaoResult<ProposalState> {
        self.tx(&admin(), "proposal_state", &[id.to_string()])
    }

    /// A proposal's record and action (it must exist).
    pub fn proposal(&mut self, id: ProposalId) -> (ProposalInfo, Action) {
        self.try_proposal(id).expect("proposal exists")
    }

    /// A proposal's record and action, or `ProposalNotFound`.
    pub fn try_proposal(&mut self, id: ProposalId) -> DaoResult<(ProposalInfo, Action)> {
        self.tx(&admin(), "proposal", &[id.to_string()])
    }

    /// Proposals `offset .. offset + limit` and the number ever created.
    pub fn proposals(
        &mut self,
        offset: ProposalId,
        limit: u32,
    ) -> DaoResult<(Vec<ProposalInfo>, ProposalId)> {
        self.tx(
            &admin(),
            "proposals",
            &[offset.to_string(), limit.to_string()],
        )
    }

    /// `who`'s own stake now (`stake_of`; whoever it delegates to).
    pub fn stake_of(&mut self, who: &AccountId32) -> u128 {
        self.query("stake_of", &[arg(who)])
    }

    /// `who`'s voting weight (the stake delegated to it) at the end of `block`; `u32::MAX`:
    /// now.
    pub fn votes_of(&mut self, who: &AccountId32, block: u32) -> u128 {
        self.query("votes_of", &[arg(who), block.to_string()])
    }

    /// `who`'s delegate (itself unless it delegated).
    pub fn delegates(&mut self, who: &AccountId32) -> AccountId {
        self.query("delegates", &[arg(who)])
    }

    /// The total stake now (`total_stake_at(u32::MAX)`).
    pub fn total_staked(&mut self) -> u128 {
        self.query("total_stake_at", &[u32::MAX.to_string()])
    }

    pub fn config(&mut self) -> Config {
        self.query("config", &[])
    }

    /// Events of type `E` the DAO emitted during the last call.
    pub fn events<E: ink::env::Event + scale::Decode>(&self) -> Vec<E> {
        self.ddc.suite.events(&self.dao)
    }

    /// Number of events the DAO emitted during the last call.
    pub fn event_count(&self) -> usize {
        self.ddc.suite.event_count(&self.dao)
    }

    /// Gas and storage deposit of the last call.
    pub fn last_cost(&self) -> Cost {
        self.ddc.suite.last_cost()
    }

    // ----- mock registry

    /// Call a `mock_core` message returning `()` as admin.
    pub fn mock_call(&mut self, message: &str, args: &[String]) {
        let mock = self.registry.clone();
        self.ddc.suite.call::<()>(&admin(), &mock, message, args);
    }

    /// ClusterManagement calls the mock completed.
    pub fn mock_calls(&mut self) -> u32 {
        let mock = self.registry.clone();
        self.ddc.suite.query(&mock, "calls", &[])
    }

    // ----- blocks

    /// The current block number.
    pub fn block(&mut self) -> u32 {
        self.ddc.suite.session.sandbox().block_number()
    }

    /// Build `n` blocks.
    pub fn advance(&mut self, n: u32) {
        if n > 0 {
            self.ddc.suite.session.sandbox().build_blocks(n);
        }
    }

    /// Build blocks until the current block is `block` (no-op if already there or later).
    pub fn advance_to(&mut self, block: u32) {
        let now = self.block();
        self.advance(block.saturating_sub(now));
    }

    /// Open voting on `id`, let alice (half the stake) vote For, and move to its first
    /// executable block.
    pub fn pass(&mut self, id: ProposalId) {
        let proposal = self.proposal(id).0.proposal;
        self.advance_to(proposal.vote_start);
        self.vote(&alice(), id, VoteType::For).expect("vote");
        self.to_executable(id);
    }

    /// Move to the first block in which `id` may be executed.
    pub fn to_executable(&mut self, id: ProposalId) {
        let proposal = self.proposal(id).0.proposal;
        self.advance_to(
            proposal
                .vote_end
                .saturating_add(proposal.settings.execution_delay),
        );
    }

    /// Deploy another DAO with raw constructor arguments; the deploy error if it fails.
    pub fn try_deploy_dao(&mut self, constructor: &str, args: &[String]) -> Result<(), String> {
        let bundle = BundleProvider::ManagerDao.bundle().expect("bundle");
        self.ddc.suite.session.set_actor(admin());
        self.ddc
            .suite
            .session
            .deploy_bundle(bundle, constructor, args, NO_SALT, None)
            .map(|_| ())
            .map_err(|e| format!("{e:?}"))
    }
}
