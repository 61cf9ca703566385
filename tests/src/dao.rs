//! Typed helpers for the DAO manager (`manager_dao`) and its governance token on top of [`Ddc`]:
//! deployment over the real core or over `mock_core`, staking, proposals, votes, block control,
//! and the cost of the last call.
//!
//! The governance token's bundle ([`governance_token_bundle`]) comes from `ddc_bundles`, which
//! says why it is not built by drink's bundle macro. Without its crate there is no typed
//! reference to its constructor, which is called by name; its PSP22 messages go through
//! [`Psp22Ref`], psp22's own trait.

use crate::ddc::Ddc;
pub use crate::hex;
use crate::{
    admin, alice, bob, charlie, contract, ink_id, scon_of, str_arg, BundleProvider, Constructor,
    Cost, Message, Psp22Ref, TOKEN,
};
use ddc_types::ClusterAction;
use drink::sandbox_api::prelude::SystemAPI;
use drink::session::contract_transcode::ContractMessageTranscoder;
use drink::session::NO_SALT;
use drink::AccountId32;
use ink::codegen::TraitCallBuilder;
use ink::primitives::AccountId;
use manager_dao::types::{
    Action, Config, Error, ProposalId, ProposalInfo, ProposalState, Settings, VoteType,
};
use manager_dao::ManagerDaoRef;
use psp22::{PSP22Error, PSP22};

pub use manager_dao;

/// Result of a DAO message.
pub type DaoResult<T> = Result<T, Error>;

pub use ddc_bundles::{governance_token_bundle, GOVERNANCE_TOKEN_BUNDLE};

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

/// The DAO's transcoder (from its bundle), which reads typed values into transcoder strings.
fn dao_transcoder() -> std::sync::Arc<ContractMessageTranscoder> {
    BundleProvider::ManagerDao
        .bundle()
        .expect("manager_dao bundle")
        .transcoder
}

/// Settings as a transcoder argument (e.g. of the DAO's constructors), read from the typed value
/// through the DAO's metadata.
pub fn settings_arg(s: &Settings) -> String {
    scon_of(&dao_transcoder(), s)
}

/// An action as a transcoder argument, read from the typed value through the DAO's metadata
/// (for raw calls; [`DaoSuite::propose`] sends the typed value).
pub fn action_arg(action: &Action) -> String {
    scon_of(&dao_transcoder(), action)
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
    /// Deploy core, token and a DAO (`constructor` = "new" or "new_pinned", sent through
    /// `ManagerDaoRef`'s constructor of that name; any other name panics) over `registry` with
    /// [`settings`] and `guardian`.
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
        let token_bundle = governance_token_bundle();
        let token = ddc
            .suite
            .session
            .deploy_bundle(
                token_bundle.clone(),
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
        ddc.suite.register(&token, &token_bundle);
        let registry = match registry {
            Registry::Core => ddc.address.clone(),
            Registry::Mock => crate::mock::deploy(&mut ddc.suite),
        };
        let (registry_id, token_id) = (ink_id(&registry), ink_id(&token));
        let (settings, guardian) = (settings.clone(), guardian.map(ink_id));
        let constructor = match constructor {
            "new" => ManagerDaoRef::new(registry_id, token_id, settings, guardian),
            "new_pinned" => ManagerDaoRef::new_pinned(registry_id, token_id, settings, guardian),
            other => panic!("the DAO has no constructor {other:?}"),
        };
        let dao = ddc
            .suite
            .deploy_typed(BundleProvider::ManagerDao, &admin(), constructor);
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

    /// The token's typed PSP22 reference: `s.token().call_mut().<message>(..)` makes a
    /// [`Message`] (labelled `PSP22::<message>`) for the suite's `send`.
    pub fn token(&self) -> Psp22Ref {
        contract(&self.token)
    }

    /// Token `transfer` from `from` (no data).
    pub fn token_transfer(
        &mut self,
        from: &AccountId32,
        to: &AccountId32,
        amount: u128,
    ) -> Result<(), PSP22Error> {
        let message = self
            .token()
            .call_mut()
            .transfer(ink_id(to), amount, Vec::new());
        self.ddc.suite.send(from, message)
    }

    /// Token `approve` by `owner` for the DAO.
    pub fn approve_dao(&mut self, owner: &AccountId32, amount: u128) -> Result<(), PSP22Error> {
        let dao = ink_id(&self.dao);
        let message = self.token().call_mut().approve(dao, amount);
        self.ddc.suite.send(owner, message)
    }

    /// Token balance of `account`.
    pub fn token_balance(&mut self, account: &AccountId32) -> u128 {
        let message = self.token().call().balance_of(ink_id(account));
        self.ddc.suite.send(&admin(), message)
    }

    /// Admin sends `amount` tokens to `who`, who approves the DAO and stakes them.
    pub fn fund_and_stake(&mut self, who: &AccountId32, amount: u128) -> DaoResult<()> {
        self.token_transfer(&admin(), who, amount).expect("funded");
        self.approve_dao(who, amount).expect("approved");
        self.stake(who, amount)
    }

    // ----- DAO messages

    /// The DAO's typed reference: `s.dao().call_mut().<message>(..)` makes a [`Message`] for
    /// [`DaoSuite::send`].
    pub fn dao(&self) -> ManagerDaoRef {
        contract(&self.dao)
    }

    /// Send a DAO message returning `Result<T, Error>` as `caller`.
    pub fn send<Args: scale::Encode, T: scale::Decode>(
        &mut self,
        caller: &AccountId32,
        message: Message<Args, DaoResult<T>>,
    ) -> DaoResult<T> {
        self.ddc.suite.send(caller, message)
    }

    /// Read a DAO message returning `T` (not a `Result`) as [`admin`].
    pub fn read<Args: scale::Encode, T: scale::Decode>(&mut self, message: Message<Args, T>) -> T {
        self.ddc.suite.send(&admin(), message)
    }

    /// Call a DAO message by name with transcoder arguments, returning `Result<T, Error>`, as
    /// `caller`: for input no call builder can make (the tests send typed messages,
    /// [`DaoSuite::send`]).
    pub fn tx<T: scale::Decode>(
        &mut self,
        caller: &AccountId32,
        message: &str,
        args: &[String],
    ) -> DaoResult<T> {
        let dao = self.dao.clone();
        self.ddc.suite.tx(caller, &dao, message, args)
    }

    /// Call a DAO query by name with transcoder arguments (the deploy tool's reports; the tests
    /// use the typed queries).
    pub fn query<T: scale::Decode>(&mut self, message: &str, args: &[String]) -> T {
        let dao = self.dao.clone();
        self.ddc.suite.query(&dao, message, args)
    }

    pub fn stake(&mut self, who: &AccountId32, amount: u128) -> DaoResult<()> {
        let message = self.dao().call_mut().stake(amount);
        self.send(who, message)
    }

    pub fn unstake(&mut self, who: &AccountId32, amount: u128) -> DaoResult<()> {
        let message = self.dao().call_mut().unstake(amount);
        self.send(who, message)
    }

    pub fn propose(&mut self, who: &AccountId32, action: &Action) -> DaoResult<ProposalId> {
        let message = self
            .dao()
            .call_mut()
            .propose(action.clone(), "proposal".into());
        self.send(who, message)
    }

    pub fn vote(&mut self, who: &AccountId32, id: ProposalId, vote: VoteType) -> DaoResult<()> {
        let message = self.dao().call_mut().vote(id, vote);
        self.send(who, message)
    }

    pub fn execute(&mut self, who: &AccountId32, id: ProposalId) -> DaoResult<()> {
        let message = self.dao().call_mut().execute(id);
        self.send(who, message)
    }

    pub fn cancel(&mut self, who: &AccountId32, id: ProposalId) -> DaoResult<()> {
        let message = self.dao().call_mut().cancel(id);
        self.send(who, message)
    }

    pub fn veto(&mut self, who: &AccountId32, id: ProposalId) -> DaoResult<()> {
        let message = self.dao().call_mut().veto(id);
        self.send(who, message)
    }

    /// `who` makes `to` its delegate.
    pub fn delegate(&mut self, who: &AccountId32, to: &AccountId32) -> DaoResult<()> {
        let message = self.dao().call_mut().delegate(ink_id(to));
        self.send(who, message)
    }

    /// A proposal's state now (`ProposalNotFound` for an unknown id).
    pub fn state(&mut self, id: ProposalId) -> DaoResult<ProposalState> {
        let message = self.dao().call().proposal_state(id);
        self.send(&admin(), message)
    }

    /// A proposal's record and action (it must exist).
    pub fn proposal(&mut self, id: ProposalId) -> (ProposalInfo, Action) {
        self.try_proposal(id).expect("proposal exists")
    }

    /// A proposal's record and action, or `ProposalNotFound`.
    pub fn try_proposal(&mut self, id: ProposalId) -> DaoResult<(ProposalInfo, Action)> {
        let message = self.dao().call().proposal(id);
        self.send(&admin(), message)
    }

    /// Proposals `offset .. offset + limit` and the number ever created.
    pub fn proposals(
        &mut self,
        offset: ProposalId,
        limit: u32,
    ) -> DaoResult<(Vec<ProposalInfo>, ProposalId)> {
        let message = self.dao().call().proposals(offset, limit);
        self.send(&admin(), message)
    }

    /// Whether `who` voted on proposal `id`.
    pub fn has_voted(&mut self, id: ProposalId, who: &AccountId32) -> bool {
        let message = self.dao().call().has_voted(id, ink_id(who));
        self.read(message)
    }

    /// `who`'s own stake now (`stake_of`; whoever it delegates to).
    pub fn stake_of(&mut self, who: &AccountId32) -> u128 {
        let message = self.dao().call().stake_of(ink_id(who));
        self.read(message)
    }

    /// `who`'s voting weight (the stake delegated to it) at the end of `block`; `u32::MAX`:
    /// now.
    pub fn votes_of(&mut self, who: &AccountId32, block: u32) -> u128 {
        let message = self.dao().call().votes_of(ink_id(who), block);
        self.read(message)
    }

    /// `who`'s delegate (itself unless it delegated).
    pub fn delegates(&mut self, who: &AccountId32) -> AccountId {
        let message = self.dao().call().delegates(ink_id(who));
        self.read(message)
    }

    /// The total stake at the end of `block` (`u32::MAX`: now).
    pub fn total_stake_at(&mut self, block: u32) -> u128 {
        let message = self.dao().call().total_stake_at(block);
        self.read(message)
    }

    /// The total stake now (`total_stake_at(u32::MAX)`).
    pub fn total_staked(&mut self) -> u128 {
        self.total_stake_at(u32::MAX)
    }

    pub fn config(&mut self) -> Config {
        let message = self.dao().call().config();
        self.read(message)
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

    /// The mock registry answers every later cluster call as `mode` says.
    pub fn mock_mode(&mut self, mode: crate::mock::Mode) {
        let mock = self.registry.clone();
        crate::mock::set_mode(&mut self.ddc.suite, &mock, mode);
    }

    /// Before answering, the mock registry sends `callback` (see [`crate::mock::set_callback`]).
    pub fn mock_callback<Args: scale::Encode, R>(&mut self, callback: Message<Args, R>) {
        let mock = self.registry.clone();
        crate::mock::set_callback(&mut self.ddc.suite, &mock, callback);
    }

    /// ClusterManagement calls the mock completed.
    pub fn mock_calls(&mut self) -> u32 {
        let mock = self.registry.clone();
        crate::mock::calls(&mut self.ddc.suite, &mock)
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

    /// Deploy another DAO (as [`admin`]) with `constructor`, made by `ManagerDaoRef` (e.g.
    /// `ManagerDaoRef::new(..)`): its address, or the error the constructor refused with.
    pub fn try_deploy_dao<Args: scale::Encode>(
        &mut self,
        constructor: Constructor<ManagerDaoRef, Args, DaoResult<ManagerDaoRef>>,
    ) -> DaoResult<AccountId32> {
        self.ddc
            .suite
            .try_deploy_typed(BundleProvider::ManagerDao, &admin(), constructor)
    }
}
