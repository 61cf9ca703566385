//! # manager_dao — a token-voting DAO that manages DDC clusters
//!
//! Stakers of a PSP22 token (any PSP22; see `governance_token`) lock tokens in the DAO for voting
//! weight, propose typed actions, vote For / Against / Abstain, and — after a passed vote and an
//! execution delay during which a guardian may veto — anyone executes the action: a typed cluster
//! action sent to the core (`ddc_bucket`) as a cross-contract call, or a self action
//! (`UpdateSettings`, `SetGuardian`, `SetCorePin`) applied internally.
//!
//! **Units:** every delay, period and window is in **blocks**; a proposal's snapshot is the block
//! before its creation (strictly past), so tokens staked or moved in the creation block or later
//! carry no weight on it.
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
mod tests;

#[ink::contract]
mod manager_dao {
    use crate::dao::Dao;
    use crate::events::ConfigChanged;
    use crate::token;
    use crate::types::{
        Action, Config, Error, ProposalId, ProposalInfo, ProposalState, Result, Settings, VoteType,
    };
    use ddc_types::execute_cluster_action;
    use ink::prelude::{string::String, vec::Vec};

    /// The DAO's storage: all of it lives in [`Dao`] (Lazy cells and Mappings only).
    #[ink(storage)]
    pub struct ManagerDao {
        dao: Dao,
    }

    impl ManagerDao {
        /// Deploy a DAO managing clusters of `registry` (the core) with voting weight from
        /// `token` stakes. Errors: `InvalidAddresses` (registry == token, or either is this
        /// contract), `InvalidSettings`. Event: `ConfigChanged` (the initial configuration).
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

        /// Like `new`, and pins the registry's current code hash: cluster actions then execute
        /// only while the core runs that code (`CoreCall(CodeHashChanged)` otherwise).
        /// Errors: as `new`; `InvalidAddresses` also when the registry is not a contract.
        #[ink(constructor)]
        pub fn new_pinned(
            registry: AccountId,
            token: AccountId,
            settings: Settings,
            guardian: Option<AccountId>,
        ) -> Result<Self> {
            let code_hash = Self::env()
                .code_hash(&registry)
                .map_err(|_| Error::InvalidAddresses)?;
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
        /// (approve the DAO first). The new stake counts for proposals created from the next
        /// block on. Anyone may call.
        /// Errors: `ZeroAmount`, `Overflow`, `TokenTransferFailed`.
        /// Event: `Staked` (amount, the caller's new stake, the new total).
        #[ink(message)]
        pub fn stake(&mut self, amount: Balance) -> Result<()> {
            let caller = self.env().caller();
            let event = self.dao.stake(caller, amount, self.now())?;
            let this = self.env().account_id();
            token::transfer_from(self.dao.config().token, caller, this, amount)?;
            self.env().emit_event(event);
            Ok(())
        }

        /// Unstake `amount` tokens: the DAO transfers them back to the caller. Votes already
        /// cast keep their weight (weights are read at each proposal's snapshot).
        /// Errors: `ZeroAmount`, `InsufficientStake`, `TokenTransferFailed`.
        /// Event: `Unstaked` (amount, the caller's new stake, the new total).
        #[ink(message)]
        pub fn unstake(&mut self, amount: Balance) -> Result<()> {
            let caller = self.env().caller();
            let event = self.dao.unstake(caller, amount, self.now())?;
            token::transfer(self.dao.config().token, caller, amount)?;
            self.env().emit_event(event);
            Ok(())
        }

        // ------------------------------------------------------------------ proposals

        /// Propose `action` (a typed cluster action or a self action) with a `description`
        /// (≤ 1 024 bytes, emitted, not stored). The caller needs `proposal_threshold` stake at
        /// the snapshot (the previous block). The current settings are frozen into the proposal.
        /// Returns the new id (sequential from 0).
        /// Errors: `InvalidAction`, `BelowProposalThreshold`, `ProposerHasLiveProposal`,
        /// `TooManyOpenProposals`, `Overflow`. Event: `ProposalCreated`.
        #[ink(message)]
        pub fn propose(&mut self, action: Action, description: String) -> Result<ProposalId> {
            let event = self
                .dao
                .propose(self.env().caller(), action, description, self.now())?;
            let id = event.id;
            self.env().emit_event(event);
            Ok(id)
        }

        /// Vote on an Active proposal, once, with the caller's stake at its snapshot. A vote
        /// that first reaches quorum near the end of voting extends it once (late-quorum).
        /// Errors: `ProposalNotFound`, `InvalidState`, `AlreadyVoted`, `NoVotingPower`,
        /// `Overflow`. Event: `VoteCast` (weight, new tallies, end of voting, whether extended).
        #[ink(message)]
        pub fn vote(&mut self, id: ProposalId, vote: VoteType) -> Result<()> {
            let cast = self.dao.vote(self.env().caller(), id, vote, self.now())?;
            self.env().emit_event(cast);
            Ok(())
        }

        /// Execute an Executable proposal. Anyone may call. The proposal is marked Executed
        /// before anything else happens; a self action is applied internally; `Transfer` pays
        /// from the DAO's native balance (management fees); a cluster action is sent to the
        /// core (no re-entry, explicit gas limits). If the transfer or core call fails the
        /// message fails and nothing is recorded: the proposal stays Executable until its
        /// window ends.
        /// Errors: `ProposalNotFound`, `InvalidState`, `TransferFailed`, `CoreCall`.
        /// Events: `ProposalClosed` (Executed); `ConfigChanged` for a self action;
        /// `Transferred` for a transfer.
        #[ink(message)]
        pub fn execute(&mut self, id: ProposalId) -> Result<()> {
            let (action, executed) = self
                .dao
                .begin_execute(self.env().caller(), id, self.now())?;
            let changed = match &action {
                Action::Cluster(cluster_action) => {
                    let config = self.dao.config();
                    execute_cluster_action(config.registry, config.core_code_hash, cluster_action)
                        .map_err(Error::CoreCall)?;
                    None
                }
                Action::Transfer { to, amount } => {
                    self.env()
                        .transfer(*to, *amount)
                        .map_err(|_| Error::TransferFailed)?;
                    self.env().emit_event(crate::events::Transferred {
                        id,
                        to: *to,
                        amount: *amount,
                    });
                    None
                }
                self_action => self.dao.apply_self_action(self_action),
            };
            self.env().emit_event(executed);
            if let Some(changed) = changed {
                self.env().emit_event(changed);
            }
            Ok(())
        }

        /// Cancel the caller's own proposal while it is Pending (before voting opens).
        /// Errors: `ProposalNotFound`, `OnlyProposer`, `InvalidState`.
        /// Event: `ProposalClosed` (Cancelled).
        #[ink(message)]
        pub fn cancel(&mut self, id: ProposalId) -> Result<()> {
            let event = self.dao.cancel(self.env().caller(), id, self.now())?;
            self.env().emit_event(event);
            Ok(())
        }

        /// Veto a Succeeded proposal (passed, inside its execution delay). Guardian only.
        /// Errors: `ProposalNotFound`, `OnlyGuardian`, `InvalidState`.
        /// Event: `ProposalClosed` (Vetoed).
        #[ink(message)]
        pub fn veto(&mut self, id: ProposalId) -> Result<()> {
            let event = self.dao.veto(self.env().caller(), id, self.now())?;
            self.env().emit_event(event);
            Ok(())
        }

        // ------------------------------------------------------------------ queries

        /// A proposal's record (frozen settings, tallies, blocks), state and action.
        #[ink(message)]
        pub fn proposal(&self, id: ProposalId) -> Option<(ProposalInfo, Action)> {
            self.dao.proposal(id, self.now())
        }

        /// A proposal's state at the current block.
        #[ink(message)]
        pub fn proposal_state(&self, id: ProposalId) -> Option<ProposalState> {
            self.dao.proposal_state(id, self.now())
        }

        /// Proposals with ids `offset ..`, at most `min(limit, 32)`, without actions; and the
        /// number of proposals ever created.
        #[ink(message)]
        pub fn proposals(&self, offset: ProposalId, limit: u32) -> (Vec<ProposalInfo>, ProposalId) {
            self.dao.proposals(offset, limit, self.now())
        }

        /// Whether `account` voted on proposal `id`.
        #[ink(message)]
        pub fn has_voted(&self, id: ProposalId, account: AccountId) -> bool {
            self.dao.has_voted(id, account)
        }

        /// `account`'s voting weight (stake) at the end of block `at_block`; for the current
        /// block or later (e.g. `u32::MAX`): its stake now, which may still change in this
        /// block. 0 for blocks older than the account's 32 kept checkpoints.
        #[ink(message)]
        pub fn votes_of(&self, account: AccountId, at_block: BlockNumber) -> Balance {
            self.dao.stakes().stake_at(account, at_block)
        }

        /// The total stake at the end of block `block`; for the current block or later (e.g.
        /// `u32::MAX`): the total now, which equals the DAO's token balance unless tokens were
        /// sent to it directly.
        #[ink(message)]
        pub fn total_stake_at(&self, block: BlockNumber) -> Balance {
            self.dao.stakes().total_at(block)
        }

        /// Registry, token, settings for new proposals, guardian and code pin.
        #[ink(message)]
        pub fn config(&self) -> Config {
            self.dao.config()
        }
    }
}
