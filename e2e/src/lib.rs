//! The harness of the suite's ink_e2e tests: the contracts' release bundles, a sandbox whose
//! clock the tests can move, a [`Clock`] that lets blocks and time pass on either backend, and
//! the two runners ([`on_sandbox`], [`on_node`]) that hand a flow its ink_e2e client.
//!
//! The flows (in `tests/flows.rs`) are written once, generic over ink_e2e's client traits
//! ([`Chain`]), and run on ink_e2e's `runtime_only` backend (an in-process pallet-contracts
//! runtime) and on its node backend (a `substrate-contracts-node` that ink_e2e starts, or the one
//! at `CONTRACTS_NODE_URL`).
//!
//! Why not `#[ink_e2e::test]`: its generated code builds every contract of the workspace in
//! ink_e2e's *debug* mode, and on the pinned Rust 1.86 debug contract builds contain bulk-memory
//! instructions that pallet-contracts refuses (`CodeRejected`; see docs/building.md). The runners
//! below do what the macro does — build the contracts, create the client, run the test body on a
//! current-thread tokio runtime — with the release bundles the rest of the suite tests.

use ink::env::DefaultEnvironment;
use ink::primitives::AccountId;
use ink_e2e::subxt::dynamic::Value;
use ink_e2e::subxt_signer::sr25519::Keypair;
use ink_e2e::{ChainBackend, ContractsBackend, E2EBackend};
use ink_sandbox::frame_support::sp_runtime::traits::Dispatchable;
use ink_sandbox::frame_support::storage::storage_prefix;
use ink_sandbox::{AccountIdFor, DefaultSandbox, Extension, RuntimeMetadataPrefixed, Sandbox};
use scale::Encode;
use std::fmt::Debug;
use std::future::Future;
use std::path::PathBuf;
use std::time::Duration;

/// The `.contract` bundles (release, optimised, with the contract lint set), built while this
/// crate compiles by the same contract-build call as the drink suite's.
const BUNDLES: [&str; 4] = [
    ddc_bundle_macro::contract_bundle_path!("../ddc_bucket"),
    ddc_bundle_macro::contract_bundle_path!("../manager_multisig"),
    ddc_bundle_macro::contract_bundle_path!("../manager_dao"),
    ddc_bundle_macro::contract_bundle_path!("../contracts/governance_token"),
];

/// The Wasm files ink_e2e uploads, named after the contracts (`client.instantiate("ddc_bucket",
/// ..)` looks the code up by that name).
pub fn contracts() -> Vec<PathBuf> {
    BUNDLES
        .iter()
        .map(|bundle| PathBuf::from(bundle).with_extension("wasm"))
        .collect()
}

/// What a flow needs of an ink_e2e client: the chain side (accounts, balances, runtime calls)
/// and the contracts side (instantiate, call, dry run), with errors that can be printed. Both
/// ink_e2e backends are one.
pub trait Chain:
    ChainBackend<AccountId = AccountId, Balance = u128, Error: Debug>
    + ContractsBackend<DefaultEnvironment, Error: Debug>
    + E2EBackend<DefaultEnvironment>
{
}

impl<C> Chain for C where
    C: ChainBackend<AccountId = AccountId, Balance = u128, Error: Debug>
        + ContractsBackend<DefaultEnvironment, Error: Debug>
        + E2EBackend<DefaultEnvironment>
{
}

/// The account id of a key pair.
pub fn id(keypair: &Keypair) -> AccountId {
    AccountId::from(keypair.public_key().0)
}

/// The key the sandbox lets act as root: the [`Clock`] uses it to set the block number and the
/// time. It exists only in [`ClockSandbox`]; on a node it is an ordinary, unfunded account.
pub fn clock_key() -> Keypair {
    Keypair::from_seed([0xC1; 32]).expect("a valid secret key")
}

/// ink_e2e's default sandbox runtime, except that [`clock_key`] acts as root (so a test can move
/// the sandbox's block number and time with `System::set_storage`, through the client's
/// ordinary `runtime_call`). Everything else is delegated to [`DefaultSandbox`].
#[derive(Default)]
pub struct ClockSandbox(DefaultSandbox);

type Runtime = <DefaultSandbox as Sandbox>::Runtime;
type Origin =
    <<Runtime as ink_sandbox::frame_system::Config>::RuntimeCall as Dispatchable>::RuntimeOrigin;

impl Sandbox for ClockSandbox {
    type Runtime = Runtime;

    fn execute_with<T>(&mut self, execute: impl FnOnce() -> T) -> T {
        self.0.execute_with(execute)
    }

    /// Runs `action` and restores the storage it started from.
    fn dry_run<T>(&mut self, action: impl FnOnce(&mut Self) -> T) -> T {
        let before = self.0.take_snapshot();
        let result = action(self);
        self.0.restore_snapshot(before);
        result
    }

    fn register_extension<E: core::any::Any + Extension>(&mut self, ext: E) {
        self.0.register_extension(ext)
    }

    fn initialize_block(
        height: ink_sandbox::frame_system::pallet_prelude::BlockNumberFor<Runtime>,
        parent_hash: <Runtime as ink_sandbox::frame_system::Config>::Hash,
    ) {
        DefaultSandbox::initialize_block(height, parent_hash)
    }

    fn finalize_block(
        height: ink_sandbox::frame_system::pallet_prelude::BlockNumberFor<Runtime>,
    ) -> <Runtime as ink_sandbox::frame_system::Config>::Hash {
        DefaultSandbox::finalize_block(height)
    }

    fn default_actor() -> AccountIdFor<Runtime> {
        DefaultSandbox::default_actor()
    }

    fn get_metadata() -> RuntimeMetadataPrefixed {
        DefaultSandbox::get_metadata()
    }

    fn convert_account_to_origin(account: AccountIdFor<Runtime>) -> Origin {
        let clock: [u8; 32] = clock_key().public_key().0;
        if <AccountIdFor<Runtime> as AsRef<[u8; 32]>>::as_ref(&account) == &clock {
            ink_sandbox::frame_system::RawOrigin::Root.into()
        } else {
            DefaultSandbox::convert_account_to_origin(account)
        }
    }

    fn take_snapshot(&mut self) -> ink_sandbox::Snapshot {
        self.0.take_snapshot()
    }

    fn restore_snapshot(&mut self, snapshot: ink_sandbox::Snapshot) {
        self.0.restore_snapshot(snapshot)
    }
}

/// ink_e2e's sandbox client over [`ClockSandbox`].
pub type SandboxClient = ink_e2e::SandboxClient<AccountId, ink::primitives::Hash, ClockSandbox>;

/// ink_e2e's node client.
pub type NodeClient = ink_e2e::Client<ink_e2e::PolkadotConfig, DefaultEnvironment>;

/// The sandbox's first block number and time (ms) set by [`Clock`]: a fixed start, so the
/// sandbox runs are exact and repeatable.
pub const SANDBOX_START: (u32, u64) = (1, 1_700_000_000_000);

/// How blocks and time pass for a flow.
///
/// - **Sandbox:** nothing passes unless the flow says so; [`Clock::pass_blocks`] and
///   [`Clock::pass_ms`] set `System::Number` and `Timestamp::Now` (as root, see
///   [`ClockSandbox`]), so elapsed time is known exactly ([`Clock::exact_ms`]).
/// - **Node** (`--dev`, instant seal): every transaction makes a block and blocks carry the wall
///   clock's time. Blocks pass by `System::remark` transactions (one block each); time passes by
///   waiting, then a remark so a block with the new time exists. Elapsed chain time is then only
///   known to lie between the wait and the wall time around it, so flows assert bounds there.
pub enum Clock {
    Sandbox { block: u32, now_ms: u64 },
    Node,
}

impl Clock {
    /// The sandbox clock, set to [`SANDBOX_START`].
    pub async fn sandbox<C: Chain>(client: &mut C) -> Self {
        let (block, now_ms) = SANDBOX_START;
        let clock = Clock::Sandbox { block, now_ms };
        clock.write(client).await;
        clock
    }

    /// Let `blocks` blocks pass (at least that many, on a node).
    pub async fn pass_blocks<C: Chain>(&mut self, client: &mut C, blocks: u32) {
        match self {
            Clock::Sandbox { block, .. } => {
                *block = block.checked_add(blocks).expect("block number in range");
                self.write(client).await;
            }
            Clock::Node => {
                for _ in 0..blocks {
                    remark(client).await;
                }
            }
        }
    }

    /// Let `ms` milliseconds of chain time pass (at least that many, on a node) and a block with
    /// the new time exist.
    pub async fn pass_ms<C: Chain>(&mut self, client: &mut C, ms: u64) {
        match self {
            Clock::Sandbox { block, now_ms } => {
                *now_ms = now_ms.checked_add(ms).expect("time in range");
                *block = block.checked_add(1).expect("block number in range");
                self.write(client).await;
            }
            Clock::Node => {
                tokio_sleep(ms).await;
                remark(client).await;
            }
        }
    }

    /// Whether elapsed time is exact (the sandbox) or only bounded (a node).
    pub fn is_exact(&self) -> bool {
        matches!(self, Clock::Sandbox { .. })
    }

    /// The sandbox's current time; `None` on a node.
    pub fn exact_ms(&self) -> Option<u64> {
        match self {
            Clock::Sandbox { now_ms, .. } => Some(*now_ms),
            Clock::Node => None,
        }
    }

    async fn write<C: Chain>(&self, client: &mut C) {
        let Clock::Sandbox { block, now_ms } = self else {
            return;
        };
        let items = Value::unnamed_composite([
            storage_item(storage_prefix(b"System", b"Number"), block.encode()),
            storage_item(storage_prefix(b"Timestamp", b"Now"), now_ms.encode()),
        ]);
        client
            .runtime_call(&clock_key(), "System", "set_storage", vec![items])
            .await
            .expect("the sandbox clock is root");
    }
}

fn storage_item(key: [u8; 32], value: Vec<u8>) -> Value {
    Value::unnamed_composite([Value::from_bytes(key), Value::from_bytes(value)])
}

/// One `System::remark` by ferdie (a block on an instant-seal node).
async fn remark<C: Chain>(client: &mut C) {
    client
        .runtime_call(
            &ink_e2e::ferdie(),
            "System",
            "remark",
            vec![Value::from_bytes(b"tick")],
        )
        .await
        .expect("a remark");
}

async fn tokio_sleep(ms: u64) {
    tokio::time::sleep(Duration::from_millis(ms)).await;
}

fn block_on<F: Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime")
        .block_on(future)
}

/// Run `flow` on ink_e2e's `runtime_only` backend: a fresh [`ClockSandbox`] with ink_e2e's dev
/// accounts funded, the clock at [`SANDBOX_START`].
pub fn on_sandbox<F>(flow: F)
where
    F: for<'a> AsyncFlow<'a, SandboxClient>,
{
    block_on(async {
        let mut client = SandboxClient::new(contracts());
        let mut clock = Clock::sandbox(&mut client).await;
        flow.run(&mut client, &mut clock).await;
    })
}

/// Run `flow` on ink_e2e's node backend: the node at `CONTRACTS_NODE_URL` if set, else a fresh
/// `substrate-contracts-node --dev` (or the binary named by `CONTRACTS_NODE`) that ink_e2e
/// starts and stops.
pub fn on_node<F>(flow: F)
where
    F: for<'a> AsyncFlow<'a, NodeClient>,
{
    block_on(async {
        let mut clock = Clock::Node;
        match std::env::var("CONTRACTS_NODE_URL") {
            Ok(url) => {
                let rpc = ink_e2e::RpcClient::from_url(&url)
                    .await
                    .unwrap_or_else(|e| panic!("connecting to the node at {url}: {e:?}"));
                let mut client = NodeClient::new(rpc, contracts())
                    .await
                    .expect("an ink_e2e client");
                flow.run(&mut client, &mut clock).await;
            }
            Err(_) => {
                let node =
                    ink_e2e::TestNodeProcess::<ink_e2e::PolkadotConfig>::build_with_env_or_default(
                    )
                    .spawn()
                    .await
                    .unwrap_or_else(|e| panic!("starting substrate-contracts-node: {e:?}"));
                let mut client = NodeClient::new(node.rpc(), contracts())
                    .await
                    .expect("an ink_e2e client");
                flow.run(&mut client, &mut clock).await;
            }
        }
    })
}

/// A flow: an async function of a client and a clock. Implemented for every
/// `async fn(&mut C, &mut Clock)`-like function (see `tests/flows.rs`).
pub trait AsyncFlow<'a, C: 'a> {
    type Future: Future<Output = ()> + 'a;
    fn run(&self, client: &'a mut C, clock: &'a mut Clock) -> Self::Future;
}

impl<'a, C: 'a, F, Fut> AsyncFlow<'a, C> for F
where
    F: Fn(&'a mut C, &'a mut Clock) -> Fut,
    Fut: Future<Output = ()> + 'a,
{
    type Future = Fut;
    fn run(&self, client: &'a mut C, clock: &'a mut Clock) -> Fut {
        self(client, clock)
    }
}

/// A message built with a contract's typed call builder (`call_builder::<Contract>()`).
pub type Message<Args, R> = ink_e2e::CallBuilderFinal<DefaultEnvironment, Args, R>;

fn label<Args: Encode, R>(message: &Message<Args, R>) -> String
where
    Message<Args, R>: Clone,
{
    let input = Encode::encode(message.clone().params().exec_input());
    format!(
        "message 0x{}",
        input
            .iter()
            .take(4)
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    )
}

/// Send `message` as `caller` (paying `value`), after ink_e2e's dry run; returns what it
/// returned. Panics, with the contract's own error, when it reverts.
///
/// The gas limit is the dry run's estimate plus 5 % (ink_e2e's `extra_gas_portion`): ink_e2e
/// dry-runs against the node's latest *finalized* block, and on contracts-node 0.42 the core's
/// `cluster_create` then ran out of gas with the bare estimate (1 % more was enough in every
/// run; the sandbox needs none).
pub async fn send<C, Args, R>(
    client: &mut C,
    caller: &Keypair,
    message: &Message<Args, R>,
    value: u128,
) -> R
where
    C: Chain,
    Args: Sync + Send + Encode + Clone,
    R: Send + scale::Decode + Debug,
    Message<Args, R>: Clone,
{
    let result = client
        .call(caller, message)
        .value(value)
        .extra_gas_portion(5)
        .submit()
        .await
        .unwrap_or_else(|e| panic!("{}: {e:?}", label(message)));
    if result.dry_run.exec_return_value().did_revert() {
        panic!(
            "{} reverted: {:?}",
            label(message),
            result.dry_run.return_value()
        );
    }
    result.return_value()
}

/// [`send`] a message returning `Result<T, E>`, and unwrap its `Ok`.
pub async fn exec<C, Args, T, E>(
    client: &mut C,
    caller: &Keypair,
    message: &Message<Args, Result<T, E>>,
) -> T
where
    C: Chain,
    Args: Sync + Send + Encode + Clone,
    T: Send + scale::Decode + Debug,
    E: Send + scale::Decode + Debug,
    Message<Args, Result<T, E>>: Clone,
{
    match send(client, caller, message, 0).await {
        Ok(value) => value,
        Err(e) => panic!("{}: {e:?}", label(message)),
    }
}

/// Dry-run `message` as `caller` (nothing changes) and return what it would return: a query, or
/// the typed error a refused message gives.
pub async fn query<C, Args, R>(client: &mut C, caller: &Keypair, message: &Message<Args, R>) -> R
where
    C: Chain,
    Args: Sync + Send + Encode + Clone,
    R: Send + scale::Decode + Debug,
    Message<Args, R>: Clone,
{
    client
        .call(caller, message)
        .dry_run()
        .await
        .unwrap_or_else(|e| panic!("{}: {e:?}", label(message)))
        .return_value()
}
