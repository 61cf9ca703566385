//! # manager_dao — a token-voting DAO that manages DDC clusters
//!
//! Stakers of a PSP22 token (any PSP22; see `governance_token`) lock tokens in the DAO for voting
//! weight, propose typed actions, vote For / Against / Abstain, and — after a passed vote and an
//! execution delay during which a guardian may veto — anyone executes the action: a typed cluster
//! action sent to the core (`ddc_bucket`) as a cross-contract call, or a self action
//! (`UpdateSettings`, `SetGuardian`, `SetCorePin`) applied internally.
//!
//! **Units:** every delay, period and window is in **blocks**; a proposal's snapshot is the block
//! before its creation (strictly past), so tokens staked, moved or delegated in the creation block
//! or later carry no weight on it.
//!
//! **Delegation:** every staker delegates its whole stake's voting weight to one account, itself
//! by default (`delegate`, `delegates`). An account's voting weight (`votes_of`) is the stake
//! delegated to it; the proposal threshold and votes use it at the proposal's snapshot, and the
//! same tokens never count twice. Per account the weight history is two bounded rings of 32
//! checkpoints — its own stake (written only by the account itself) and the stakes others
//! delegate to it — whose oldest checkpoints merge by minimum when full: a lookup never
//! overstates a weight, and nobody else can take an account's own stake's weight away (see
//! [`checkpoints`] for the exact bound).
//!
//! **Critical actions** (`Cluster(TransferManager)`, `UpdateSettings`, `SetGuardian`,
//! `SetCorePin`, `Transfer`; [`types::Action::is_critical`]) need the settings' critical quorum
//! and approval threshold, which are at least the ordinary ones.
//!
//! **No global cap on proposals:** any staker with the proposal threshold at the snapshot may
//! propose unless it has a live proposal of its own; each proposal's storage is paid by its
//! proposer.
//!
//! The logic lives in plain Rust ([`dao::Dao`] over [`checkpoints::Checkpoints`]); the contract
//! module is a thin adapter that reads the environment, calls the logic, moves tokens, calls the
//! core, and emits the returned events. A failing message changes nothing and emits nothing.
#![cfg_attr(not(feature = "std"), no_std, no_main)]

pub mod checkpoints;
pub mod dao;
pub mod events;
pub mod token;
pub mod types;

#[cfg(test)]
mod model_tests;
#[cfg(test)]
mod tests;

/// The contract and its typed reference (constructors and call builders for tests and callers
/// written in Rust, e.g. ink_e2e).
pub use self::manager_dao::{ManagerDao, ManagerDaoRef};

#[ink::contract]
mod manager_dao {
    use crate::dao::Dao;
    use crate::events::ConfigChanged;
    use crate::token;
    use crate::types::{
        Action, Config, Error, ProposalId, ProposalInfo, ProposalState, Result, Settings, VoteType,
    };
    use ink::prelude::{string::String, vec::Vec};
    use manager_kit::{carry_out, Effect, EffectError};

    /// The DAO's storage: all of it lives in [`Dao`] (Lazy cells and Mappings only).
    #[ink(storage)]
    pub struct ManagerDao {
        dao: Dao,
    }

    impl ManagerDao {
        /// Deploy a DAO managing clusters of `registry` (the core) with voting weight from `token`
        /// stakes; `guardian`, if any, may veto passed proposals.
        ///
        /// # Errors
        /// `InvalidAddresses` (registry == token, or either is this contract), `InvalidSettings` (a
        /// setting out of its bounds).
        ///
        /// # Events
        /// `ConfigChanged` (the initial configuration).
        #[ink(constructor)]
        pub fn new(
            registry: AccountId,
            token: AccountId,
            settings: Settings,
            guardian: Option<AccountId>,
        ) -> Result<Self> {
            let dao = Dao::new(
                Self::env().account_id(),
                registry,
                token,
                settings,
                guardian,
                None,
            )?;
            Ok(Self::deployed(dao))
        }

        /// Like `new`, and pins the registry's current code hash: cluster actions then execute only
        /// while the core runs that code (`CoreCall(CodeHashChanged)` otherwise).
        ///
        /// # Errors
        /// `InvalidAddresses` (also when the registry is not a contract, checked first),
        /// `InvalidSettings`.
        ///
        /// # Events
        /// `ConfigChanged` (the initial configuration, with the pin).
        #[ink(constructor)]
        pub fn new_pinned(
            registry: AccountId,
            token: AccountId,
            settings: Settings,
            guardian: Option<AccountId>,
        ) -> Result<Self> {
            let code_hash = manager_kit::code_hash_of(&registry).ok_or(Error::InvalidAddresses)?;
            let dao = Dao::new(
                Self::env().account_id(),
                registry,
                token,
                settings,
                guardian,
                Some(code_hash),
            )?;
            Ok(Self::deployed(dao))
        }

        /// The contract over `dao`, announcing its initial configuration.
        fn deployed(dao: Dao) -> Self {
            Self::env().emit_event(ConfigChanged {
                config: dao.config(),
            });
            Self { dao }
        }

        fn now(&self) -> BlockNumber {
            self.env().block_number()
        }

        // ------------------------------------------------------------------ stake

        /// Stake `amount` tokens: the DAO pulls them from the caller with PSP22 `transfer_from`
        /// (approve the DAO first). Anyone may call. The caller's stake and its delegate's voting
        /// weight grow by `amount`, counting for proposals created from the next block on.
        ///
        /// # Errors
        /// `ZeroAmount`, `Overflow` (block `u32::MAX`, or the total stake would pass
        /// `MAX_TOTAL_STAKE`), `TokenTransferFailed` (the token refused or failed `transfer_from`,
        /// e.g. too low an allowance or balance).
        ///
        /// # Events
        /// `Staked` (account, amount, the caller's new stake, the new total); the token emits its
        /// own transfer events.
        #[ink(message)]
        pub fn stake(&mut self, amount: Balance) -> Result<()> {
            let caller = self.env().caller();
            let event = self.dao.stake(caller, amount, self.now())?;
            let this = self.env().account_id();
            token::transfer_from(self.dao.config().token, caller, this, amount)?;
            self.env().emit_event(event);
            Ok(())
        }

        /// Unstake `amount` tokens: the DAO transfers them back to the caller. Anyone may call
        /// (with stake). The caller's stake and its delegate's voting weight shrink by `amount`
        /// from the next block's proposals on; votes already cast and live proposals keep their
        /// weights (read at each proposal's snapshot).
        ///
        /// # Errors
        /// `ZeroAmount`, `Overflow` (block `u32::MAX` only), `InsufficientStake`,
        /// `TokenTransferFailed`.
        ///
        /// # Events
        /// `Unstaked` (account, amount, the caller's new stake, the new total); the token emits its
        /// own transfer event.
        #[ink(message)]
        pub fn unstake(&mut self, amount: Balance) -> Result<()> {
            let caller = self.env().caller();
            let event = self.dao.unstake(caller, amount, self.now())?;
            token::transfer(self.dao.config().token, caller, amount)?;
            self.env().emit_event(event);
            Ok(())
        }

        /// Delegate the caller's voting weight to `to` (the caller itself takes it back). Anyone
        /// may call, with or without stake. The caller's whole stake moves from its current
        /// delegate's voting weight to `to`'s, and its future stake changes follow `to`; this
        /// counts for proposals created from the next block on (live proposals keep the weights of
        /// their snapshots). With zero stake only the choice is recorded.
        ///
        /// # Errors
        /// `Overflow` (block `u32::MAX` only), `AlreadyDelegated` (`to` already is the caller's
        /// delegate; nothing changes).
        ///
        /// # Events
        /// `DelegateChanged` (delegator, previous delegate, `to`, the stake moved).
        #[ink(message)]
        pub fn delegate(&mut self, to: AccountId) -> Result<()> {
            let event = self.dao.delegate(self.env().caller(), to, self.now())?;
            self.env().emit_event(event);
            Ok(())
        }

        // ------------------------------------------------------------------ proposals

        /// Propose `action` (a typed cluster action or a self action) with a `description` (≤ 1 024
        /// bytes, emitted, not stored). Anyone may call who has `proposal_threshold` voting weight
        /// (delegated to it) at the snapshot (the previous block) and no live proposal of its own;
        /// there is no global cap on live proposals. The current settings are frozen into the
        /// proposal, with whether the action is critical (critical actions need the critical quorum
        /// and approval threshold). Returns the new id (sequential from 0).
        ///
        /// # Errors
        /// `InvalidAction` (a cluster action with no or more than 16 vnodes or params over 4 096
        /// bytes, invalid `UpdateSettings`, a `Transfer` of 0, or a description over 1 024 bytes),
        /// `Overflow` (in block 0, which has no snapshot, or when voting would end after block
        /// `u32::MAX`), `BelowProposalThreshold`, `ProposerHasLiveProposal`.
        ///
        /// # Events
        /// `ProposalCreated` (id, proposer, action, critical, description, snapshot, start and end
        /// of voting, quorum base).
        #[ink(message)]
        pub fn propose(&mut self, action: Action, description: String) -> Result<ProposalId> {
            let event = self
                .dao
                .propose(self.env().caller(), action, description, self.now())?;
            let id = event.id;
            self.env().emit_event(event);
            Ok(id)
        }

        /// Vote on an Active proposal, once, with the voting weight delegated to the caller at its
        /// snapshot (an account that delegated its stake away votes only with what others delegated
        /// to it). A vote that first reaches the proposal's quorum (the critical one for a critical
        /// proposal) near the end of voting extends it once (late-quorum).
        ///
        /// # Errors
        /// `ProposalNotFound`, `InvalidState(state)` (not Active), `AlreadyVoted`, `NoVotingPower`
        /// (no weight delegated to the caller at the snapshot), `Overflow` (guard, not reachable).
        ///
        /// # Events
        /// `VoteCast` (id, voter, vote, weight, new tallies, end of voting, whether this vote
        /// extended it).
        #[ink(message)]
        pub fn vote(&mut self, id: ProposalId, vote: VoteType) -> Result<()> {
            let cast = self.dao.vote(self.env().caller(), id, vote, self.now())?;
            self.env().emit_event(cast);
            Ok(())
        }

        /// Execute an Executable proposal. Anyone may call. The proposal is marked Executed before
        /// anything else happens; a self action is applied internally; `Transfer` pays from the
        /// DAO's native balance (management fees); a cluster action is sent to the core (no
        /// re-entry, explicit gas limits). If the transfer or core call fails the message fails and
        /// nothing is recorded: the proposal stays Executable until its window ends.
        ///
        /// # Errors
        /// `ProposalNotFound`, `InvalidState(state)` (not Executable), `TransferFailed`
        /// (`Transfer`); for a cluster action `CoreCall(CodeHashChanged)` (pinned, and the core's
        /// code changed), `CoreCall(CallFailed)`, `CoreCall(LangError)` or `CoreCall(Core(..))`
        /// (the core's own error).
        ///
        /// # Events
        /// `Transferred` (id, to, amount) for a `Transfer`, then `ProposalClosed` (id, executor,
        /// `Executed`), then `ConfigChanged` (the new configuration) for a self action. The core
        /// emits its own events for a cluster action.
        #[ink(message)]
        pub fn execute(&mut self, id: ProposalId) -> Result<()> {
            let (action, executed) = self
                .dao
                .begin_execute(self.env().caller(), id, self.now())?;
            let effect = match &action {
                Action::Cluster(cluster_action) => Effect::Cluster(cluster_action.clone()),
                Action::Transfer { to, amount } => Effect::Transfer {
                    to: *to,
                    amount: *amount,
                },
                self_action => {
                    let changed = self.dao.apply_self_action(self_action);
                    self.env().emit_event(executed);
                    if let Some(changed) = changed {
                        self.env().emit_event(changed);
                    }
                    return Ok(());
                }
            };
            let config = self.dao.config();
            carry_out(id, config.registry, config.core_code_hash, &effect).map_err(|error| {
                match error {
                    EffectError::TransferFailed => Error::TransferFailed,
                    EffectError::Call(error) => Error::CoreCall(error),
                }
            })?;
            self.env().emit_event(executed);
            Ok(())
        }

        /// Cancel the caller's own proposal while it is Pending (before voting opens).
        ///
        /// # Errors
        /// `ProposalNotFound`, `OnlyProposer`, `InvalidState(state)` (not Pending).
        ///
        /// # Events
        /// `ProposalClosed` (id, proposer, `Cancelled`).
        #[ink(message)]
        pub fn cancel(&mut self, id: ProposalId) -> Result<()> {
            let event = self.dao.cancel(self.env().caller(), id, self.now())?;
            self.env().emit_event(event);
            Ok(())
        }

        /// Veto a Succeeded proposal (passed, inside its execution delay). Guardian only.
        ///
        /// # Errors
        /// `ProposalNotFound`, `OnlyGuardian` (also when no guardian is set), `InvalidState(state)`
        /// (not Succeeded).
        ///
        /// # Events
        /// `ProposalClosed` (id, guardian, `Vetoed`).
        #[ink(message)]
        pub fn veto(&mut self, id: ProposalId) -> Result<()> {
            let event = self.dao.veto(self.env().caller(), id, self.now())?;
            self.env().emit_event(event);
            Ok(())
        }

        // ------------------------------------------------------------------ queries

        /// A proposal's record (frozen settings, whether critical, tallies, blocks), state and
        /// action.
        ///
        /// # Errors
        /// `ProposalNotFound`.
        ///
        /// # Events
        /// None (query).
        #[ink(message)]
        pub fn proposal(&self, id: ProposalId) -> Result<(ProposalInfo, Action)> {
            self.dao.proposal(id, self.now())
        }

        /// A proposal's state at the current block.
        ///
        /// # Errors
        /// `ProposalNotFound`.
        ///
        /// # Events
        /// None (query).
        #[ink(message)]
        pub fn proposal_state(&self, id: ProposalId) -> Result<ProposalState> {
            self.dao.proposal_state(id, self.now())
        }

        /// Proposals with ids `offset .. offset + limit` (those that exist), without actions, and
        /// the number of proposals ever created.
        ///
        /// # Errors
        /// `PageLimitTooLarge` (limit > 8).
        ///
        /// # Events
        /// None (query).
        #[ink(message)]
        pub fn proposals(
            &self,
            offset: ProposalId,
            limit: u32,
        ) -> Result<(Vec<ProposalInfo>, ProposalId)> {
            self.dao.proposals(offset, limit, self.now())
        }

        /// Whether `account` voted on proposal `id`.
        ///
        /// # Events
        /// None (query).
        #[ink(message)]
        pub fn has_voted(&self, id: ProposalId, account: AccountId) -> bool {
            self.dao.has_voted(id, account)
        }

        /// `account`'s voting weight — its own stake when it delegates to itself, plus the stakes
        /// others delegate to it — at the end of block `at_block`; for the current block or later
        /// (e.g. `u32::MAX`): its weight now, which may still change in this block. Each part has a
        /// ring of 32 checkpoints whose oldest two merge by minimum when full, so a part is exact
        /// for blocks since the oldest of its 31 most recent changes and otherwise reads the lowest
        /// value it had since its first change: never more than the truth (no token counts twice).
        /// Only the account itself changes its own part; others (delegating to it and back in 31+
        /// blocks) can only make the delegated part of an old snapshot read lower, never the own
        /// part. 0 before any change.
        ///
        /// # Events
        /// None (query).
        #[ink(message)]
        pub fn votes_of(&self, account: AccountId, at_block: BlockNumber) -> Balance {
            self.dao.stakes().votes_at(account, at_block)
        }

        /// `account`'s own stake now (the tokens it locked, whoever it delegates to).
        ///
        /// # Events
        /// None (query).
        #[ink(message)]
        pub fn stake_of(&self, account: AccountId) -> Balance {
            self.dao.stakes().stake_of(account)
        }

        /// `account`'s delegate: the account its stake's voting weight counts for (itself unless it
        /// delegated).
        ///
        /// # Events
        /// None (query).
        #[ink(message)]
        pub fn delegates(&self, account: AccountId) -> AccountId {
            self.dao.stakes().delegate_of(account)
        }

        /// The total stake at the end of block `block`; for the current block or later (e.g.
        /// `u32::MAX`): the total now, which equals the DAO's token balance unless tokens were sent
        /// to it directly.
        ///
        /// # Events
        /// None (query).
        #[ink(message)]
        pub fn total_stake_at(&self, block: BlockNumber) -> Balance {
            self.dao.stakes().total_at(block)
        }

        /// Registry, token, settings for new proposals, guardian and code pin.
        ///
        /// # Events
        /// None (query).
        #[ink(message)]
        pub fn config(&self) -> Config {
            self.dao.config()
        }
    }
}
