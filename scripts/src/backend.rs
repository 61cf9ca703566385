//! Where the deploy steps run: the in-process sandbox ([`SandboxBackend`]) or a node over RPC
//! (`chain::ChainBackend`). Both expose the same few operations to `deploy.rs`.

use crate::record::Cost;
use anyhow::{bail, Context, Result};
use ddc_tests::BundleProvider;
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
}

/// The in-process pallet-contracts runtime, optionally kept in a state file between runs.
pub struct SandboxBackend {
    pub session: Session<MinimalSandbox>,
    state_file: Option<PathBuf>,
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
        })
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
        if n > 0 {
            self.session.sandbox().build_blocks(n);
        }
        Ok(true)
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
