//! Where the deploy steps run: the in-process sandbox ([`SandboxBackend`]) or a node over RPC
//! (`chain::ChainBackend`). Both expose the same few operations to `deploy.rs`.

use crate::record::Cost;
use anyhow::{bail, Context, Result};
use ddc_bundles::BundleProvider;
use drink::minimal::{MinimalSandbox, MinimalSandboxRuntime};
use drink::sandbox_api::prelude::SystemAPI;
use drink::session::{ContractBundle, Session};
use drink::{AccountId32, Sandbox, Ss58Codec};
use scale::{Decode, Encode};
use std::path::{Path, PathBuf};

/// A contract of the suite, with its built bundle.
pub struct Contract {
    pub name: &'static str,
    pub bundle: ContractBundle,
    /// The `.contract` file (what real chains are sent).
    pub path: PathBuf,
}

impl Contract {
    /// A bundle built outside drink's bundle macro (the governance token).
    pub fn from_file(name: &'static str, path: &str) -> Result<Self> {
        let bundle = ContractBundle::load(path)
            .with_context(|| format!("loading the {name} bundle from {path}"))?;
        Ok(Self {
            name,
            bundle,
            path: PathBuf::from(path),
        })
    }

    /// Load the bundle the build produced.
    pub fn load(name: &'static str, provider: BundleProvider) -> Result<Self> {
        let bundle = provider
            .bundle()
            .with_context(|| format!("loading the {name} bundle (run the build first)"))?;
        Ok(Self {
            name,
            bundle,
            path: bundle_path(name),
        })
    }

    /// 0x-prefixed blake2-256 of the Wasm: the code hash pallet-contracts gives it.
    pub fn code_hash(&self) -> String {
        hex(&sp_hash(&self.bundle.wasm))
    }
}

/// Where the build leaves `<name>.contract` (the drink bundle macro builds into the target
/// directory the project's commands use).
fn bundle_path(name: &str) -> PathBuf {
    let target = option_env!("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from))
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target"));
    target
        .join("ink")
        .join(name)
        .join(format!("{name}.contract"))
}

fn sp_hash(bytes: &[u8]) -> [u8; 32] {
    use drink::frame_support::sp_runtime::traits::{BlakeTwo256, Hash};
    BlakeTwo256::hash(bytes).0
}

pub use ddc_tests::hex;

/// `result`, or an error naming `what` with the contract's error value.
pub fn check<T, E: std::fmt::Debug>(what: &str, result: Result<T, E>) -> anyhow::Result<T> {
    result.map_err(|e| anyhow::anyhow!("{what}: {e:?}"))
}

/// The operations the deploy steps need from a chain.
pub trait Backend {
    /// Identity of the chain the record must match (genesis hash, or "sandbox").
    fn chain_id(&mut self) -> Result<String>;
    /// The deploying account.
    fn deployer(&self) -> AccountId32;
    fn block_number(&mut self) -> Result<u64>;
    /// Code hash of the contract at `address` (None: no contract there).
    fn code_hash_at(&mut self, address: &AccountId32) -> Result<Option<String>>;
    /// Instantiate `contract` (uploading its code if needed) as the deployer.
    fn instantiate(
        &mut self,
        contract: &Contract,
        constructor: &str,
        args: &[String],
    ) -> Result<(AccountId32, Cost)>;
    /// Call `message` as the deployer and decode its return value as `V` (a message returning
    /// `Result<T, E>` decodes as that `Result`: a revert is a value, not an error here).
    fn call<V: Decode>(
        &mut self,
        contract: &Contract,
        address: &AccountId32,
        message: &str,
        args: &[String],
    ) -> Result<(V, Cost)>;
    /// Keep what was done (the sandbox writes its state file; chains keep it themselves).
    fn persist(&mut self) -> Result<()>;
    /// Get ready to call `contract` at `address` (the sandbox registers its transcoder).
    fn prepare(&mut self, _contract: &Contract, _address: &AccountId32) {}
    /// Let `n` blocks pass if this backend can (the sandbox builds them; a chain cannot be
    /// hurried: returns false).
    fn advance_blocks(&mut self, _n: u32) -> Result<bool> {
        Ok(false)
    }

    /// Act as `actor` from now on in [`Backend::dry_run`] and [`Backend::submit`] (a chain
    /// needs its key; the sandbox signs nothing and takes any address).
    fn act_as(&mut self, actor: Actor) -> Result<()>;
    /// Run `message` as the actor without keeping anything, and decode its return value as
    /// `V` (a message returning `Result<T, E>` decodes as that `Result`: a revert is a value).
    /// The chain's own refusal (no funds, trap, out of gas) is an error.
    fn dry_run<V: Decode>(
        &mut self,
        contract: &Contract,
        address: &AccountId32,
        message: &str,
        args: &[String],
        value: u128,
    ) -> Result<(V, Cost)>;
    /// Sign and submit `message` as the actor (after a successful [`Backend::dry_run`] that
    /// estimated `estimate`), keep the result, and return the contract events it emitted.
    fn submit(
        &mut self,
        contract: &Contract,
        address: &AccountId32,
        message: &str,
        args: &[String],
        value: u128,
        estimate: &Cost,
    ) -> Result<Vec<RawEvent>>;
    /// The chain's clock (ms since the Unix epoch; the sandbox's starts wherever its blocks put it).
    fn now_ms(&mut self) -> Result<u64>;
    /// Move the clock forward by `ms` in a new block if this backend can (the sandbox); a
    /// chain's clock cannot be moved: returns false.
    fn advance_time(&mut self, _ms: u64) -> Result<bool> {
        Ok(false)
    }
}

/// Who the role commands act as.
#[derive(Clone)]
pub enum Actor {
    /// A key that can sign (any backend).
    Key(subxt_signer::sr25519::Keypair),
    /// An address without its key (the sandbox only: it signs nothing).
    Address(AccountId32),
}

impl Actor {
    /// The account.
    pub fn account(&self) -> AccountId32 {
        match self {
            Actor::Key(key) => AccountId32::new(key.public_key().0),
            Actor::Address(account) => account.clone(),
        }
    }
}

/// One event a contract emitted: its address, topics and data (without a length prefix).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawEvent {
    pub contract: AccountId32,
    pub topics: Vec<[u8; 32]>,
    pub data: Vec<u8>,
}

/// Milliseconds a sandbox block moves the clock (6 s blocks, as on the chains).
pub const SANDBOX_BLOCK_MS: u64 = 6_000;

/// The in-process pallet-contracts runtime, optionally kept in a state file between runs.
pub struct SandboxBackend {
    pub session: Session<MinimalSandbox>,
    state_file: Option<PathBuf>,
    /// Who the role commands act as (the deployer by default).
    actor: AccountId32,
}

/// Raw storage: key → (value, reference count), as ink_sandbox snapshots it.
type RawStorage = Vec<(Vec<u8>, (Vec<u8>, i32))>;

/// A snapshot of the sandbox's storage as written to the state file.
#[derive(Encode, Decode)]
struct StateFile {
    storage: RawStorage,
    storage_root: [u8; 32],
}

impl SandboxBackend {
    /// A fresh sandbox, or the one saved in `state_file` if it exists.
    pub fn open(state_file: Option<PathBuf>) -> Result<Self> {
        let mut session = Session::<MinimalSandbox>::default();
        if let Some(path) = state_file.as_deref().filter(|p| p.exists()) {
            let bytes =
                std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
            let state = StateFile::decode(&mut &bytes[..]).with_context(|| {
                format!(
                    "corrupted sandbox state {}: move it away to deploy afresh",
                    path.display()
                )
            })?;
            session
                .sandbox()
                .restore_snapshot(ink_sandbox_snapshot(state));
        }
        Ok(Self {
            session,
            state_file,
            actor: ddc_tests::admin(),
        })
    }

    /// Build one block keeping the clock monotonic: `ms` after the previous block's time
    /// (ink_sandbox's own block builder sets the host's clock in seconds, which would move the
    /// sandbox's time backwards after `advance --time`).
    fn build_block_after(&mut self, ms: u64) -> Result<()> {
        use drink::sandbox_api::prelude::TimestampAPI;
        let sandbox = self.session.sandbox();
        let before = sandbox.get_timestamp();
        let after = before
            .checked_add(ms)
            .context("the sandbox's clock would overflow")?;
        sandbox.build_block();
        sandbox.set_timestamp(after);
        Ok(())
    }

    fn events_of_last_call(&self) -> Vec<RawEvent> {
        use drink::minimal::RuntimeEvent;
        use drink::pallet_contracts::Event;
        self.session
            .record()
            .last_event_batch()
            .all_events()
            .iter()
            .filter_map(|record| match &record.event {
                RuntimeEvent::Contracts(Event::ContractEmitted { contract, data }) => {
                    Some(RawEvent {
                        contract: contract.clone(),
                        topics: record.topics.iter().map(|t| t.0).collect(),
                        data: data.clone(),
                    })
                }
                _ => None,
            })
            .collect()
    }

    fn last_call_cost(&self) -> Cost {
        let result = self.session.record().last_call_result();
        Cost {
            ref_time: result.gas_consumed.ref_time(),
            proof_size: result.gas_consumed.proof_size(),
            storage_deposit: deposit(&result.storage_deposit),
        }
    }
}

fn ink_sandbox_snapshot(state: StateFile) -> ink_sandbox::Snapshot {
    ink_sandbox::Snapshot {
        storage: state.storage,
        storage_root: state.storage_root.into(),
    }
}

fn deposit(deposit: &drink::pallet_contracts::StorageDeposit<u128>) -> i128 {
    use drink::pallet_contracts::StorageDeposit;
    match deposit {
        StorageDeposit::Charge(a) => Cost::signed_deposit(false, *a),
        StorageDeposit::Refund(a) => Cost::signed_deposit(true, *a),
    }
}

impl Backend for SandboxBackend {
    fn chain_id(&mut self) -> Result<String> {
        Ok("sandbox".into())
    }

    fn deployer(&self) -> AccountId32 {
        ddc_tests::admin()
    }

    fn block_number(&mut self) -> Result<u64> {
        Ok(u64::from(self.session.sandbox().block_number()))
    }

    fn code_hash_at(&mut self, address: &AccountId32) -> Result<Option<String>> {
        let address = address.clone();
        Ok(self.session.sandbox().execute_with(|| {
            drink::pallet_contracts::Pallet::<MinimalSandboxRuntime>::code_hash(&address)
                .map(|hash| hex(hash.as_ref()))
        }))
    }

    fn instantiate(
        &mut self,
        contract: &Contract,
        constructor: &str,
        args: &[String],
    ) -> Result<(AccountId32, Cost)> {
        self.session.set_actor(self.deployer());
        // A fresh salt per block: redeploying the same code with the same arguments later
        // must not collide with the earlier instance.
        let salt = self.block_number()?.to_le_bytes().to_vec();
        self.session.sandbox().build_block();
        let deployed =
            self.session
                .deploy_bundle(contract.bundle.clone(), constructor, args, salt, None);
        let result = self.session.record().last_deploy_result();
        let cost = Cost {
            ref_time: result.gas_consumed.ref_time(),
            proof_size: result.gas_consumed.proof_size(),
            storage_deposit: deposit(&result.storage_deposit),
        };
        match deployed {
            Ok(address) => Ok((address, cost)),
            Err(e) => bail!("instantiating {} failed: {e}", contract.name),
        }
    }

    fn call<V: Decode>(
        &mut self,
        _contract: &Contract,
        address: &AccountId32,
        message: &str,
        args: &[String],
    ) -> Result<(V, Cost)> {
        self.session.set_actor(self.deployer());
        let value =
            match self
                .session
                .call_with_address::<_, V>(address.clone(), message, args, None)
            {
                Ok(value) => value,
                Err(revert) => revert
                    .decode_revert::<V>()
                    .map_err(|e| anyhow::anyhow!("{message} failed: {e}"))?,
            };
        let value = value.map_err(|lang| anyhow::anyhow!("{message}: ink! LangError {lang:?}"))?;
        Ok((value, self.last_call_cost()))
    }

    fn advance_blocks(&mut self, n: u32) -> Result<bool> {
        for _ in 0..n {
            self.build_block_after(SANDBOX_BLOCK_MS)?;
        }
        Ok(true)
    }

    fn advance_time(&mut self, ms: u64) -> Result<bool> {
        self.build_block_after(ms)?;
        Ok(true)
    }

    fn act_as(&mut self, actor: Actor) -> Result<()> {
        use drink::sandbox_api::prelude::BalanceAPI;
        let account = actor.account();
        // Like a dev chain's genesis, the sandbox endows an account the first time it acts.
        if self.session.sandbox().free_balance(&account) == 0 {
            self.session
                .sandbox()
                .mint_into(&account, ddc_tests::INITIAL_BALANCE)
                .map_err(|e| anyhow::anyhow!("funding {} in the sandbox: {e:?}", ss58(&account)))?;
        }
        self.actor = account;
        Ok(())
    }

    fn dry_run<V: Decode>(
        &mut self,
        _contract: &Contract,
        address: &AccountId32,
        message: &str,
        args: &[String],
        value: u128,
    ) -> Result<(V, Cost)> {
        self.session.set_actor(self.actor.clone());
        let result = self
            .session
            .dry_run_call(address.clone(), message, args, Some(value))
            .map_err(|e| anyhow::anyhow!("{message}: {e}"))?;
        let cost = Cost {
            ref_time: result.gas_consumed.ref_time(),
            proof_size: result.gas_consumed.proof_size(),
            storage_deposit: deposit(&result.storage_deposit),
        };
        let data = match &result.result {
            Ok(ret) => ret.data.clone(),
            Err(error) => bail!(
                "{message}: the sandbox refused the call in the dry run, nothing was changed: {}",
                dispatch_words(error)
            ),
        };
        let value = ink::MessageResult::<V>::decode(&mut &data[..])
            .with_context(|| format!("{message}: unexpected return value"))?
            .map_err(|lang| anyhow::anyhow!("{message}: ink! LangError {lang:?}"))?;
        Ok((value, cost))
    }

    fn submit(
        &mut self,
        _contract: &Contract,
        address: &AccountId32,
        message: &str,
        args: &[String],
        value: u128,
        _estimate: &Cost,
    ) -> Result<Vec<RawEvent>> {
        self.session.set_actor(self.actor.clone());
        match self
            .session
            .call_with_address::<_, ()>(address.clone(), message, args, Some(value))
        {
            Ok(_) => {}
            Err(drink::session::error::SessionError::CallFailed(error)) => {
                bail!("{message} failed: {}", dispatch_words(&error))
            }
            Err(e) => bail!("{message} failed: {e}"),
        }
        let events = self.events_of_last_call();
        self.persist()?;
        Ok(events)
    }

    fn now_ms(&mut self) -> Result<u64> {
        use drink::sandbox_api::prelude::TimestampAPI;
        Ok(self.session.sandbox().get_timestamp())
    }

    fn prepare(&mut self, contract: &Contract, address: &AccountId32) {
        // A restored sandbox knows no transcoders.
        self.session
            .set_transcoder(address.clone(), &contract.bundle.transcoder);
    }

    fn persist(&mut self) -> Result<()> {
        let Some(path) = self.state_file.clone() else {
            return Ok(());
        };
        let snapshot = self.session.sandbox().take_snapshot();
        let state = StateFile {
            storage: snapshot.storage,
            storage_root: snapshot.storage_root.into(),
        };
        write_atomically(&path, &state.encode())
    }
}

/// A dispatch error as the runtime names it (e.g. `Contracts::StorageDepositNotEnoughFunds`).
pub fn dispatch_words(error: &drink::DispatchError) -> String {
    match error {
        drink::DispatchError::Module(module) => match module.message {
            Some(name) => format!("module error {name}"),
            None => format!("{error:?}"),
        },
        other => format!("{other:?}"),
    }
}

/// Write `bytes` to `path` through a temporary file.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    let tmp = path.with_extension("tmp");
    std::fs::write(&tmp, bytes).with_context(|| format!("writing {}", tmp.display()))?;
    std::fs::rename(&tmp, path).with_context(|| format!("writing {}", path.display()))
}

/// An account as SS58 text.
pub fn ss58(account: &AccountId32) -> String {
    account.to_ss58check()
}
