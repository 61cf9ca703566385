//! Role commands: what multisig signers, DAO voters, providers and apps do with a recorded
//! deployment, on the sandbox (whose state persists between invocations) or on a chain. Every
//! write says what it is about to do, dry-runs first (a refusal is printed in words and nothing
//! is signed), then submits and prints the events in words; every read has `--json`.

pub mod cli;
mod core;
mod dao;
mod multisig;
pub mod words;

use crate::backend::{Actor, Backend, Contract, RawEvent, SandboxBackend};
use crate::chain::{self, ChainBackend};
use crate::deploy::{default_deployments, Addresses, Contracts};
use crate::network::{Kind, Network};
use crate::record::Record;
use anyhow::{bail, Context, Result};
use cli::{Common, RoleCmd};
use drink::{AccountId32, Ss58Codec};
use scale::{Decode, Encode};
use words::Names;

/// Which contract of the suite.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    Core,
    Multisig,
    Token,
    Dao,
}

fn target<'a>(
    contracts: &'a Contracts,
    at: &'a Addresses,
    which: Which,
) -> (&'a Contract, &'a AccountId32) {
    match which {
        Which::Core => (&contracts.core, &at.core),
        Which::Multisig => (&contracts.multisig, &at.multisig),
        Which::Token => (&contracts.token, &at.token),
        Which::Dao => (&contracts.dao, &at.dao),
    }
}

/// A recorded deployment opened for one command, acting as one account.
pub struct Ctx<B: Backend> {
    pub b: B,
    pub contracts: Contracts,
    pub at: Addresses,
    pub names: Names,
    pub json: bool,
    pub sandbox: bool,
    pub actor: AccountId32,
}

/// Run one role command.
pub fn run(common: &Common, cmd: RoleCmd) -> Result<()> {
    let network = Network::load(
        &crate::network::scripts_dir().join("networks"),
        &common.network,
    )?;
    let deployments = common
        .deployments
        .clone()
        .unwrap_or_else(default_deployments);
    let contracts = Contracts::load()?;
    let writes = cmd.writes();
    match network.kind {
        Kind::Sandbox => {
            let actor = sandbox_actor(common.as_.as_deref())?;
            let state = deployments.join(format!("{}.state", network.name));
            if !state.exists() {
                bail!(
                    "no deployment recorded for network '{}' (no {}): run `ddc-deploy deploy --network {}` first",
                    network.name,
                    state.display(),
                    network.name
                );
            }
            let backend = SandboxBackend::open(Some(state))?;
            let mut ctx = Ctx::open(
                backend,
                contracts,
                &network,
                &deployments,
                common.json,
                actor,
            )?;
            ctx.sandbox = true;
            go(&mut ctx, cmd)
        }
        Kind::Chain => {
            let key = chain_key(common.as_.as_deref(), &network, writes)?;
            let backend = ChainBackend::connect_with(&network, false, key.clone())?;
            let mut ctx = Ctx::open(
                backend,
                contracts,
                &network,
                &deployments,
                common.json,
                Actor::Key(key),
            )?;
            go(&mut ctx, cmd)
        }
    }
}

fn go<B: Backend>(ctx: &mut Ctx<B>, cmd: RoleCmd) -> Result<()> {
    match cmd {
        RoleCmd::Multisig(cmd) => multisig::run(ctx, cmd),
        RoleCmd::Dao(cmd) => dao::run(ctx, cmd),
        RoleCmd::Node(cmd) => core::node(ctx, cmd),
        RoleCmd::Bucket(cmd) => core::bucket(ctx, cmd),
        RoleCmd::Token(cmd) => core::token(ctx, cmd),
        RoleCmd::Advance { blocks, time } => core::advance(ctx, blocks, time),
    }
}

/// `--as` on the sandbox: the deployer by default, a dev account by name, or any address.
fn sandbox_actor(as_: Option<&str>) -> Result<Actor> {
    match as_ {
        None | Some("deployer") => Ok(Actor::Address(ddc_tests::admin())),
        Some(name) => {
            if let Some(uri) = words::dev_uri(name) {
                return Ok(Actor::Key(chain::keypair(&uri)?));
            }
            AccountId32::from_ss58check(name)
                .map(Actor::Address)
                .map_err(|_| {
                    anyhow::anyhow!(
                        "--as '{name}': name a dev account ({}), `deployer`, or give an SS58 address",
                        words::DEV_ACCOUNTS.join(", ")
                    )
                })
        }
    }
}

/// `--as` on a chain: the key in the network's secret-URI variable by default (or when `--as`
/// names its account), a dev account's well-known key by name (dev chains). Secrets are never
/// taken from the command line.
fn chain_key(
    as_: Option<&str>,
    network: &Network,
    writes: bool,
) -> Result<subxt_signer::sr25519::Keypair> {
    let from_env = || network.secret_uri().and_then(|uri| chain::keypair(&uri));
    match as_ {
        None | Some("deployer") => match from_env() {
            Ok(key) => Ok(key),
            // Reads sign nothing: any origin does for their dry runs.
            Err(_) if !writes => chain::keypair("//Alice"),
            Err(e) => Err(e),
        },
        Some(name) => {
            if let Some(uri) = words::dev_uri(name) {
                return chain::keypair(&uri);
            }
            let account = AccountId32::from_ss58check(name).map_err(|_| {
                anyhow::anyhow!(
                    "--as '{name}': name a dev account ({}) or the SS58 address of the key in ${}",
                    words::DEV_ACCOUNTS.join(", "),
                    network.signer_env.as_deref().unwrap_or("?")
                )
            })?;
            let key = from_env()?;
            if AccountId32::new(key.public_key().0) != account {
                bail!(
                    "--as {name}: the key in ${} is another account; put {name}'s secret URI in that variable (never on the command line)",
                    network.signer_env.as_deref().unwrap_or("?")
                );
            }
            Ok(key)
        }
    }
}

impl<B: Backend> Ctx<B> {
    fn open(
        mut b: B,
        contracts: Contracts,
        network: &Network,
        deployments: &std::path::Path,
        json: bool,
        actor: Actor,
    ) -> Result<Self> {
        let chain = b.chain_id()?;
        let record = Record::load(deployments, &network.name, &chain)?.with_context(|| {
            format!(
                "no deployment recorded for network '{}' in {}: run `ddc-deploy deploy --network {}` first",
                network.name,
                deployments.display(),
                network.name
            )
        })?;
        let address = |name: &str| -> Result<AccountId32> {
            let deployed = record.contracts.get(name).with_context(|| {
                format!(
                    "the deployment record of '{}' has no {name}: run deploy again",
                    network.name
                )
            })?;
            AccountId32::from_ss58check(&deployed.address)
                .map_err(|e| anyhow::anyhow!("record: bad address of {name}: {e:?}"))
        };
        let at = Addresses {
            core: address("ddc_bucket")?,
            multisig: address("manager_multisig")?,
            token: address("governance_token")?,
            dao: address("manager_dao")?,
        };
        for which in [Which::Core, Which::Multisig, Which::Token, Which::Dao] {
            let (contract, address) = target(&contracts, &at, which);
            b.prepare(contract, address);
        }
        let deployer = AccountId32::from_ss58check(&record.deployer)
            .map_err(|e| anyhow::anyhow!("record: bad deployer address: {e:?}"))?;
        let names = Names::new(
            &deployer,
            &[
                ("core", &at.core),
                ("multisig", &at.multisig),
                ("token", &at.token),
                ("dao", &at.dao),
            ],
        );
        let account = actor.account();
        b.act_as(actor)?;
        Ok(Self {
            b,
            contracts,
            at,
            names,
            json,
            sandbox: false,
            actor: account,
        })
    }

    /// The actor's name.
    pub fn me(&self) -> String {
        self.names.name(&self.actor)
    }

    /// Read a message's value (a dry run: nothing is signed).
    pub fn read<V: Decode>(&mut self, which: Which, message: &str, args: Vec<String>) -> Result<V> {
        let (contract, address) = target(&self.contracts, &self.at, which);
        Ok(self.b.dry_run::<V>(contract, address, message, &args, 0)?.0)
    }

    /// Say what is about to happen, dry-run it (a refusal stops here, in words, with nothing
    /// signed), submit it, and print the events in words. Returns the dry run's value.
    #[allow(clippy::too_many_arguments)]
    pub fn transact<T: Decode, E: Decode>(
        &mut self,
        which: Which,
        message: &str,
        args: Vec<String>,
        value: u128,
        about: &str,
        words: impl Fn(&E) -> String,
    ) -> Result<T> {
        let who = self.me();
        println!("{who}: {about}");
        let (contract, address) = target(&self.contracts, &self.at, which);
        let (result, cost) = self
            .b
            .dry_run::<std::result::Result<T, E>>(contract, address, message, &args, value)?;
        let value_ok = match result {
            Ok(v) => v,
            Err(e) => bail!(
                "refused by the {} in the dry run ({message} as {who}): {}; nothing was signed or changed",
                contract_word(which),
                words(&e)
            ),
        };
        println!(
            "  dry run: ok ({:.2}·10^9 ref_time, {} B proof, storage deposit {})",
            cost.ref_time as f64 / 1e9,
            cost.proof_size,
            cost.storage_deposit
        );
        let events = self
            .b
            .submit(contract, address, message, &args, value, &cost)?;
        println!(
            "  done{}",
            if self.sandbox {
                " (sandbox state saved)"
            } else {
                " (included in a block)"
            }
        );
        for event in &events {
            println!("  event: {}", self.event_words(event));
        }
        Ok(value_ok)
    }

    /// An event in words: `multisig: vote cast — id 1, signer bob, …`.
    pub fn event_words(&self, event: &RawEvent) -> String {
        let found = [Which::Core, Which::Multisig, Which::Token, Which::Dao]
            .into_iter()
            .find(|w| *target(&self.contracts, &self.at, *w).1 == event.contract);
        let Some(which) = found else {
            return format!(
                "an event of {} ({} bytes)",
                self.names.name(&event.contract),
                event.data.len()
            );
        };
        let contract = target(&self.contracts, &self.at, which).0;
        let Some(topic) = event.topics.first() else {
            return format!("an anonymous event of the {}", contract_word(which));
        };
        let mut bytes =
            scale::Compact(u32::try_from(event.data.len()).unwrap_or(u32::MAX)).encode();
        bytes.extend_from_slice(&event.data);
        match contract
            .bundle
            .transcoder
            .decode_contract_event(topic, &mut &bytes[..])
        {
            Ok(value) => format!(
                "{}: {}",
                contract_word(which),
                self.names.replace_in(&value_words(
                    &self.account_bytes_as_names(&value.to_string())
                ))
            ),
            Err(e) => format!(
                "an event of the {} that does not decode: {e}",
                contract_word(which)
            ),
        }
    }

    /// `AccountId([1, 1, …])` (how the transcoder prints accounts inside lists) as names.
    fn account_bytes_as_names(&self, text: &str) -> String {
        let mut out = String::new();
        let mut rest = text;
        while let Some(start) = rest.find("AccountId([") {
            out.push_str(&rest[..start]);
            let after = &rest[start + "AccountId([".len()..];
            let Some(end) = after.find("])") else {
                out.push_str(&rest[start..]);
                return out;
            };
            let bytes: Vec<u8> = after[..end]
                .split(',')
                .filter_map(|b| b.trim().parse().ok())
                .collect();
            match <[u8; 32]>::try_from(bytes.as_slice()) {
                Ok(bytes) => out.push_str(&self.names.name(&AccountId32::new(bytes))),
                Err(_) => out.push_str(&rest[start..start + "AccountId([".len() + end + 2]),
            }
            rest = &after[end + 2..];
        }
        out.push_str(rest);
        out
    }

    /// Persist what a command changed (the sandbox; chains keep it themselves).
    pub fn persist(&mut self) -> Result<()> {
        self.b.persist()
    }

    /// Print `value` as JSON.
    pub fn print_json(&self, value: &serde_json::Value) -> Result<()> {
        println!("{}", serde_json::to_string_pretty(value)?);
        Ok(())
    }
}

fn contract_word(which: Which) -> &'static str {
    match which {
        Which::Core => "core",
        Which::Multisig => "multisig",
        Which::Token => "token",
        Which::Dao => "DAO",
    }
}

/// `VoteCast { id: 1, signer: 5F… }` → `vote cast — id: 1, signer: 5F…`.
fn value_words(text: &str) -> String {
    let (name, rest) = match text.find([' ', '{', '(']) {
        Some(i) => (&text[..i], text[i..].trim()),
        None => (text, ""),
    };
    let inner = rest
        .strip_prefix('{')
        .and_then(|r| r.strip_suffix('}'))
        .unwrap_or(rest)
        .trim();
    if inner.is_empty() {
        words::camel_words(name)
    } else {
        format!("{} — {inner}", words::camel_words(name))
    }
}

/// A prompt for a proposal that does not exist: which ids do.
pub fn unknown_proposal(what: &str, id: u64, count: u64) -> anyhow::Error {
    if count == 0 {
        anyhow::anyhow!("unknown proposal #{id}: the {what} has no proposals yet")
    } else {
        anyhow::anyhow!(
            "unknown proposal #{id}: the {what}'s proposals are #0 … #{}",
            count - 1
        )
    }
}
