//! Shared helpers of the drink! scenario tests: named actors, a session with the suite deployed,
//! typed calls that decode `Result<T, Error>` from success and revert alike, per-emitter event
//! decoding, and explicit time control.
//!
//! Messages are sent typed ([`Suite::send`]): the contracts' own call builders (`DdcBucketRef`,
//! `ManagerDaoRef`, ... through [`contract`]; [`Psp22Ref`] for the governance token) give the
//! callee, selector, SCALE arguments and return type, so a renamed message or a changed argument
//! fails to compile. Constructors are typed too ([`Suite::deploy_typed`], [`Constructor`]),
//! except the governance token's (its crate is no dependency). The string API ([`Suite::tx`],
//! [`Suite::call`], [`Suite::query`], [`Suite::deploy`]) remains for the deploy tool's raw calls,
//! for input no typed builder can make, and underneath the typed calls.
//!
//! The contract bundles are built (release, optimised, with the contract lint set) when the
//! `ddc_bundles` crate compiles; see [`BundleProvider`].

use drink::minimal::{MinimalSandbox, RuntimeEvent};
use drink::pallet_contracts;
use drink::sandbox_api::prelude::{BalanceAPI, SystemAPI, TimestampAPI};
use drink::session::contract_transcode::ContractMessageTranscoder;
use drink::session::{ContractBundle, Session, NO_SALT};
use drink::{AccountId32, Ss58Codec};
use ink::env::call::utils::{ReturnType, Set, Unset};
use ink::env::call::{
    state, Call, CallBuilder, CreateBuilder, ExecutionInput, FromAccountId, LimitParamsV2,
};
use ink::env::DefaultEnvironment;
use ink::primitives::{AccountId, Hash};
use scale::{Decode, Encode};
use std::collections::BTreeMap;
use std::sync::Arc;

pub mod dao;
pub mod ddc;
pub mod mock;
pub mod multisig;

pub use ddc_types;

/// The topics ink! derives for `event` (signature, then each topic field: its encoding padded to
/// 32 bytes, or its Blake2x256 hash when longer), computed here independently of the contracts'
/// own emission code, which `Suite::events` checks against it.
pub fn expected_topics<E: ink::env::Event>(event: &E) -> Vec<[u8; 32]> {
    struct Expected(Vec<[u8; 32]>);
    impl ink::env::event::TopicsBuilderBackend<ink::env::DefaultEnvironment> for Expected {
        type Output = Vec<[u8; 32]>;
        fn expect(&mut self, _: usize) {}
        fn push_topic<T: scale::Encode>(&mut self, value: &T) {
            let encoded = value.encode();
            let mut topic = [0u8; 32];
            if encoded.len() <= 32 {
                topic[..encoded.len()].copy_from_slice(&encoded);
            } else {
                ink::env::hash_bytes::<ink::env::hash::Blake2x256>(&encoded, &mut topic);
            }
            self.0.push(topic);
        }
        fn output(self) -> Vec<[u8; 32]> {
            self.0
        }
    }
    event.topics::<ink::env::DefaultEnvironment, _>(Expected(Vec::new()).into())
}

/// The contract bundles and their size goals live in `ddc_bundles` (built when it compiles),
/// shared with the deploy tool; re-exported here under their old names.
pub use ddc_bundles::{BundleProvider, CodeSize, CODE_SIZES};

/// Balance every named actor starts with (10^6 tokens of 10 decimals).
pub const INITIAL_BALANCE: u128 = 1_000_000 * TOKEN;
/// One token of 10 decimals.
pub const TOKEN: u128 = 10_000_000_000;

fn actor(seed: u8) -> AccountId32 {
    AccountId32::new([seed; 32])
}

/// Deployer and SuperAdmin of the core; drink's default, pre-funded actor.
pub fn admin() -> AccountId32 {
    actor(1)
}
pub fn alice() -> AccountId32 {
    actor(2)
}
pub fn bob() -> AccountId32 {
    actor(3)
}
pub fn charlie() -> AccountId32 {
    actor(4)
}
pub fn dave() -> AccountId32 {
    actor(5)
}
pub fn eve() -> AccountId32 {
    actor(6)
}

/// The public key of test node `n`.
pub fn node_key(n: u8) -> AccountId32 {
    actor(n.saturating_add(100))
}

/// The ink! view of a sandbox account.
pub fn ink_id(account: &AccountId32) -> AccountId {
    AccountId::from(<[u8; 32]>::from(account.clone()))
}

/// An account as a transcoder argument (SS58).
pub fn arg(account: &AccountId32) -> String {
    account.to_ss58check()
}

/// Bytes as a `0x…` transcoder argument (hashes, selectors, encoded input).
pub fn hex(bytes: &[u8]) -> String {
    let digits: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("0x{digits}")
}

/// A string as a transcoder argument (quoted and escaped).
pub fn str_arg(s: &str) -> String {
    format!("{s:?}")
}

/// A message call as a contract's own call builder makes it, e.g.
/// `contract::<DdcBucketRef>(&core).call_mut().node_create(..)`: the callee, the value it
/// transfers, the selector and SCALE arguments, and the message's return type `R`. Built by the
/// contract's code, it stops compiling when the message is renamed or its arguments change.
pub type Message<Args, R> = CallBuilder<
    DefaultEnvironment,
    Set<Call<DefaultEnvironment>>,
    Set<ExecutionInput<Args>>,
    Set<ReturnType<R>>,
>;

/// A constructor call as a contract's own reference makes it, e.g.
/// `ManagerMultisigRef::new(..)`: the constructor's selector and SCALE arguments, and what it
/// returns `R` (`C` itself, or `Result<C, E>`). [`Suite::deploy_typed`] and
/// [`Suite::try_deploy_typed`] deploy it; like a [`Message`], it stops compiling when the
/// constructor is renamed or its arguments change.
pub type Constructor<C, Args, R> = CreateBuilder<
    DefaultEnvironment,
    C,
    Unset<Hash>,
    Set<LimitParamsV2<DefaultEnvironment>>,
    Unset<u128>,
    Set<ExecutionInput<Args>>,
    Unset<state::Salt>,
    Set<ReturnType<R>>,
>;

/// A typed reference to any PSP22 token (the governance token): its trait call builders
/// (`call()`, `call_mut()`, with `psp22::PSP22` in scope) make [`Message`]s labelled
/// `PSP22::<message>`, without depending on the token's crate (see `tests/Cargo.toml` for why
/// it is not a dependency). [`Suite::send`] needs the token's transcoder: register it
/// ([`Suite::register`]) when the token is deployed outside [`Suite::deploy`].
pub type Psp22Ref = ink::contract_ref!(psp22::PSP22, DefaultEnvironment);

/// The typed reference of the contract at `address` (`ddc_bucket::DdcBucketRef`,
/// `manager_dao::ManagerDaoRef`, ...): its call builders
/// (`ink::codegen::TraitCallBuilder::call_mut`) make the [`Message`]s [`Suite::send`] sends.
pub fn contract<C: FromAccountId<DefaultEnvironment>>(address: &AccountId32) -> C {
    C::from_account_id(ink_id(address))
}

/// Typed values and calls in the transcoder's string form (shared with the deploy tool).
pub use ddc_bundles::{scon, scon_of, transcode};

/// A typed constructor call in the string form of `bundle`'s transcoder: its label and
/// arguments, checked to encode back to the same selector and bytes.
fn transcode_constructor<C, Args: Encode, R>(
    bundle: BundleProvider,
    constructor: Constructor<C, Args, R>,
) -> (String, Vec<String>) {
    // Only the input is read: the code hash, endowment and salt are placeholders that complete
    // the builder (the deployment itself supplies the bundle's code and no salt).
    let params = constructor
        .code_hash(Hash::default())
        .endowment(0)
        .salt_bytes(Vec::<u8>::new())
        .params();
    let input = params.exec_input().encode();
    let transcoder = bundle.bundle().expect("contract bundle").transcoder;
    ddc_bundles::transcode_constructor(&transcoder, &input)
}

/// What one call cost: gas consumed and storage deposit (charged > 0, refunded < 0; the
/// sandbox charges one unit per byte and per storage item).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cost {
    pub ref_time: u64,
    pub proof_size: u64,
    pub storage_deposit: i128,
}

/// A drink session with funded actors and helpers to call deployed contracts.
pub struct Suite {
    pub session: Session<MinimalSandbox>,
    /// The transcoder of each contract deployed through the suite, which [`Suite::send`] reads
    /// typed calls with.
    transcoders: BTreeMap<AccountId32, Arc<ContractMessageTranscoder>>,
}

impl Default for Suite {
    fn default() -> Self {
        Self::new()
    }
}

impl Suite {
    /// A fresh sandbox; every named actor and node key holds [`INITIAL_BALANCE`].
    pub fn new() -> Self {
        let mut session = Session::<MinimalSandbox>::default();
        let mut accounts = vec![alice(), bob(), charlie(), dave(), eve()];
        accounts.extend((1..=40).map(node_key));
        for account in accounts {
            session
                .sandbox()
                .mint_into(&account, INITIAL_BALANCE)
                .expect("mint");
        }
        Self {
            session,
            transcoders: BTreeMap::new(),
        }
    }

    /// Let [`Suite::send`] call the contract at `address`, deployed from `bundle` outside
    /// [`Suite::deploy`] (directly through the session).
    pub fn register(&mut self, address: &AccountId32, bundle: &ContractBundle) {
        self.transcoders
            .insert(address.clone(), Arc::clone(&bundle.transcoder));
    }

    /// Deploy `bundle` by `deployer` with `constructor(args)`; returns its address.
    pub fn deploy(
        &mut self,
        bundle: BundleProvider,
        deployer: &AccountId32,
        constructor: &str,
        args: &[String],
    ) -> AccountId32 {
        self.session.set_actor(deployer.clone());
        let bundle = bundle
            .bundle()
            .expect("contract bundle (built by the test build)");
        let address = self
            .session
            .deploy_bundle(bundle.clone(), constructor, args, NO_SALT, None)
            .unwrap_or_else(|e| panic!("deploy {constructor}: {e:?}"));
        self.register(&address, &bundle);
        address
    }

    /// Deploy `bundle` by `deployer` with `constructor`, made by the contract's own reference
    /// (e.g. `MockCoreRef::new()`); returns its address. The constructor's input is read back
    /// with the bundle's transcoder, which must know it, and deployed through the session's
    /// string API like [`Suite::deploy`] (so the deployment is recorded).
    pub fn deploy_typed<C, Args: Encode, R>(
        &mut self,
        bundle: BundleProvider,
        deployer: &AccountId32,
        constructor: Constructor<C, Args, R>,
    ) -> AccountId32 {
        let (label, args) = transcode_constructor(bundle, constructor);
        self.deploy(bundle, deployer, &label, &args)
    }

    /// Like [`Suite::deploy_typed`] for a constructor returning `Result<C, E>`: a reverted
    /// deployment decodes its error (see [`Suite::try_deploy`]).
    pub fn try_deploy_typed<C, Args: Encode, E: Decode>(
        &mut self,
        bundle: BundleProvider,
        deployer: &AccountId32,
        constructor: Constructor<C, Args, Result<C, E>>,
    ) -> Result<AccountId32, E> {
        let (label, args) = transcode_constructor(bundle, constructor);
        self.try_deploy(bundle, deployer, &label, &args)
    }

    /// Like [`Suite::deploy`] for a constructor returning `Result<Self, E>`: a reverted
    /// deployment decodes its error.
    pub fn try_deploy<E: Decode>(
        &mut self,
        bundle: BundleProvider,
        deployer: &AccountId32,
        constructor: &str,
        args: &[String],
    ) -> Result<AccountId32, E> {
        self.session.set_actor(deployer.clone());
        let bundle = bundle
            .bundle()
            .expect("contract bundle (built by the test build)");
        match self
            .session
            .deploy_bundle(bundle.clone(), constructor, args, NO_SALT, None)
        {
            Ok(address) => {
                self.register(&address, &bundle);
                Ok(address)
            }
            Err(drink::session::error::SessionError::DeploymentReverted) => {
                let result = &self.session.record().last_deploy_result().result;
                let data = &result.as_ref().expect("reverted, not failed").result.data;
                let decoded = <Result<Result<(), E>, ink::LangError>>::decode(&mut &data[..])
                    .expect("constructor error decodes");
                match decoded {
                    Ok(Err(error)) => Err(error),
                    other => panic!(
                        "{constructor} reverted without an error: {:?}",
                        other.is_ok()
                    ),
                }
            }
            Err(e) => panic!("deploy {constructor}: {e:?}"),
        }
    }

    /// Gas and storage deposit of the last call.
    pub fn last_cost(&self) -> Cost {
        let result = self.session.record().last_call_result();
        let storage_deposit = match result.storage_deposit {
            pallet_contracts::StorageDeposit::Charge(amount) => {
                i128::try_from(amount).expect("deposit fits")
            }
            pallet_contracts::StorageDeposit::Refund(amount) => {
                -i128::try_from(amount).expect("deposit fits")
            }
        };
        Cost {
            ref_time: result.gas_consumed.ref_time(),
            proof_size: result.gas_consumed.proof_size(),
            storage_deposit,
        }
    }

    /// Send `message` (made by a contract's call builder, see [`contract`]) as `caller`, with the
    /// value the builder transfers; returns the message's output `R`. A reverted call decodes
    /// its data as `R` too: a message returning `Result<T, E>` reverts with its `Err`. A trap or
    /// an ink! `LangError` panics.
    ///
    /// The call goes through the session's recorded string API, so events, costs and results
    /// land in [`Session::record`] as for [`Suite::tx`]: the typed input is decoded with the
    /// callee's transcoder ([`transcode`], which checks that it encodes back to the same bytes).
    pub fn send<Args: Encode, R: Decode>(
        &mut self,
        caller: &AccountId32,
        message: Message<Args, R>,
    ) -> R {
        let params = message.params();
        let callee = AccountId32::new(*params.callee().as_ref());
        let value = *params.transferred_value();
        let input = params.exec_input().encode();
        let transcoder = self.transcoders.get(&callee).unwrap_or_else(|| {
            panic!("no transcoder for {callee}: deploy through Suite::deploy or register it")
        });
        let (label, args) = transcode(transcoder, &input);
        self.session.set_actor(caller.clone());
        let result = self.session.call_with_address::<_, R>(
            callee,
            &label,
            &args,
            (value > 0).then_some(value),
        );
        Self::output(&label, result)
    }

    /// The output of a recorded call of `message`: its return value, or what it reverted with.
    fn output<R: Decode>(
        message: &str,
        result: Result<drink::errors::MessageResult<R>, drink::session::error::SessionError>,
    ) -> R {
        let decoded = match result {
            Ok(decoded) => decoded,
            Err(revert) => revert
                .decode_revert::<R>()
                .unwrap_or_else(|e| panic!("{message} failed without an error value: {e:?}")),
        };
        decoded.unwrap_or_else(|lang| panic!("{message}: ink! LangError {lang:?}"))
    }

    /// Call `message(args)` on `contract` as `caller`, for a message returning `Result<T, E>`.
    /// A reverted call decodes its error; anything else (trap, bad encoding) panics.
    pub fn tx<T: Decode, E: Decode>(
        &mut self,
        caller: &AccountId32,
        contract: &AccountId32,
        message: &str,
        args: &[String],
    ) -> Result<T, E> {
        self.tx_paying(caller, contract, message, args, 0)
    }

    /// Like [`Suite::tx`], transferring `value` with the call.
    pub fn tx_paying<T: Decode, E: Decode>(
        &mut self,
        caller: &AccountId32,
        contract: &AccountId32,
        message: &str,
        args: &[String],
        value: u128,
    ) -> Result<T, E> {
        self.session.set_actor(caller.clone());
        let value = (value > 0).then_some(value);
        let result = self.session.call_with_address::<_, Result<T, E>>(
            contract.clone(),
            message,
            args,
            value,
        );
        Self::output(message, result)
    }

    /// Call a message returning `T` (not a `Result`) as `caller`; its effects are kept.
    pub fn call<T: Decode>(
        &mut self,
        caller: &AccountId32,
        contract: &AccountId32,
        message: &str,
        args: &[String],
    ) -> T {
        self.session.set_actor(caller.clone());
        self.session
            .call_with_address::<_, T>(contract.clone(), message, args, None)
            .unwrap_or_else(|e| panic!("{message}: {e:?}"))
            .unwrap_or_else(|lang| panic!("{message}: ink! LangError {lang:?}"))
    }

    /// Call a read-only message returning `T` (not a `Result`).
    pub fn query<T: Decode>(
        &mut self,
        contract: &AccountId32,
        message: &str,
        args: &[String],
    ) -> T {
        self.session.set_actor(admin());
        self.session
            .call_with_address::<_, T>(contract.clone(), message, args, None)
            .unwrap_or_else(|e| panic!("{message}: {e:?}"))
            .unwrap_or_else(|lang| panic!("{message}: ink! LangError {lang:?}"))
    }

    /// Events of type `E` that `emitter` emitted during the last call, in order; each one's
    /// topics are checked against [`expected_topics`].
    pub fn events<E: ink::env::Event + Decode>(&self, emitter: &AccountId32) -> Vec<E> {
        let signature = E::SIGNATURE_TOPIC.expect("named event");
        self.session
            .record()
            .last_event_batch()
            .all_events()
            .iter()
            .filter_map(|record| match &record.event {
                RuntimeEvent::Contracts(pallet_contracts::Event::ContractEmitted {
                    contract,
                    data,
                }) if contract == emitter
                    && record.topics.first().map(|t| t.0) == Some(signature) =>
                {
                    let event = E::decode(&mut &data[..]).expect("event decodes");
                    let topics: Vec<[u8; 32]> = record.topics.iter().map(|t| t.0).collect();
                    assert_eq!(
                        topics,
                        expected_topics(&event),
                        "topics of {}",
                        std::any::type_name::<E>()
                    );
                    Some(event)
                }
                _ => None,
            })
            .collect()
    }

    /// Number of events of any kind `emitter` emitted during the last call.
    pub fn event_count(&self, emitter: &AccountId32) -> usize {
        self.session
            .record()
            .last_event_batch()
            .all_events()
            .iter()
            .filter(|record| {
                matches!(&record.event,
                    RuntimeEvent::Contracts(pallet_contracts::Event::ContractEmitted { contract, .. })
                        if contract == emitter)
            })
            .count()
    }

    /// Storage deposit `who` got back (+) or paid (−) in the last call. The sandbox charges one
    /// unit per byte and per item of contract storage to the caller, so a caller's balance moves
    /// by what a contract paid it plus this.
    pub fn storage_deposit_net(&self, who: &AccountId32) -> i128 {
        let mut net = 0i128;
        for record in self.session.record().last_event_batch().all_events() {
            match &record.event {
                RuntimeEvent::Contracts(
                    pallet_contracts::Event::StorageDepositTransferredAndReleased {
                        to,
                        amount,
                        ..
                    },
                ) if to == who => net += i128::try_from(*amount).expect("fits"),
                RuntimeEvent::Contracts(
                    pallet_contracts::Event::StorageDepositTransferredAndHeld {
                        from, amount, ..
                    },
                ) if from == who => net -= i128::try_from(*amount).expect("fits"),
                _ => {}
            }
        }
        net
    }

    /// Build a new block and set the chain time to `ms` (the sandbox clock is otherwise the
    /// host's, in seconds).
    pub fn set_time(&mut self, ms: u64) {
        let sandbox = self.session.sandbox();
        sandbox.build_block();
        sandbox.set_timestamp(ms);
    }

    /// Native balance of `account`.
    pub fn balance(&mut self, account: &AccountId32) -> u128 {
        self.session.sandbox().free_balance(account)
    }
}
