//! A real chain (contracts-node, Cere, Aleph) through `contract-extrinsics` 5.0.3, the library
//! behind cargo-contract 5. Every step is dry-run first; a failing dry run aborts with the
//! chain's own reason (e.g. `Contracts::CodeRejected`, insufficient balance) before anything is
//! submitted, so the record never holds a half-done step.

use crate::backend::{hex, Actor, Backend, Contract, RawEvent};
use crate::network::Network;
use crate::record::Cost;
use anyhow::{anyhow, bail, Context, Result};
use contract_extrinsics::{
    CallCommandBuilder, ErrorVariant, ExtrinsicOptsBuilder, InstantiateCommandBuilder,
};
use drink::AccountId32;
use ink::env::DefaultEnvironment;
use scale::Decode;
use std::str::FromStr;
use subxt::backend::legacy::LegacyRpcMethods;
use subxt::backend::rpc::RpcClient;
use subxt::{OnlineClient, SubstrateConfig};
use subxt_signer::sr25519::Keypair;
use subxt_signer::SecretUri;

type Opts = contract_extrinsics::extrinsic_opts::ExtrinsicOpts<
    SubstrateConfig,
    DefaultEnvironment,
    Keypair,
>;

/// A node reached over WebSocket RPC.
pub struct ChainBackend {
    runtime: tokio::runtime::Runtime,
    url: String,
    signer: Keypair,
    client: OnlineClient<SubstrateConfig>,
    rpc: LegacyRpcMethods<SubstrateConfig>,
    /// Storage deposit allowed over the dry run's estimate, in percent.
    margin_percent: u32,
    /// Only dry-run: nothing is submitted.
    dry_run: bool,
    /// Blocks come only with transactions (see `Network::instant_seal`).
    instant_seal: bool,
}

impl ChainBackend {
    /// Connect to `network` as the deployer named by its secret-URI variable.
    pub fn connect(network: &Network, dry_run: bool) -> Result<Self> {
        let suri = network.secret_uri()?;
        Self::connect_with(network, dry_run, keypair(&suri)?)
    }

    /// Connect to `network` signing with `signer`.
    pub fn connect_with(network: &Network, dry_run: bool, signer: Keypair) -> Result<Self> {
        let url = network.url.clone().context("a chain network needs a url")?;
        let runtime = tokio::runtime::Runtime::new()?;
        let (client, rpc) = runtime
            .block_on(async {
                let rpc = RpcClient::from_url(&url).await?;
                let client = OnlineClient::<SubstrateConfig>::from_rpc_client(rpc.clone()).await?;
                Ok::<_, subxt::Error>((client, LegacyRpcMethods::new(rpc)))
            })
            .map_err(|e| anyhow!("cannot reach {url}: {e}"))?;
        Ok(Self {
            runtime,
            url,
            signer,
            client,
            rpc,
            margin_percent: network.deposit_margin_percent,
            dry_run,
            instant_seal: network.instant_seal,
        })
    }

    fn opts(&self, contract: &Contract, deposit_limit: Option<u128>) -> Result<Opts> {
        if !contract.path.exists() {
            bail!(
                "{} not found: build the bundles first (`bash scripts/build.sh`)",
                contract.path.display()
            );
        }
        let url = url::Url::parse(&self.url)?;
        Ok(ExtrinsicOptsBuilder::new(self.signer.clone())
            .file(Some(contract.path.clone()))
            .url(url)
            .storage_deposit_limit(deposit_limit)
            .done())
    }
}

/// The deployer's key from a secret URI (`//Alice`, a mnemonic with derivation, …).
pub fn keypair(suri: &str) -> Result<Keypair> {
    let uri = SecretUri::from_str(suri).map_err(|e| anyhow!("invalid secret URI: {e}"))?;
    Keypair::from_uri(&uri).map_err(|e| anyhow!("invalid secret URI: {e}"))
}

/// A dry run's storage deposit with the network's margin on top (never below the estimate).
pub fn deposit_limit(estimate: i128, margin_percent: u32) -> u128 {
    let estimate = u128::try_from(estimate.max(0)).unwrap_or(0);
    let percent = u128::from(margin_percent);
    // Whole hundreds and the rest apart: exact, and no overflow before saturation.
    let margin = (estimate / 100)
        .saturating_mul(percent)
        .saturating_add((estimate % 100) * percent / 100);
    estimate.saturating_add(margin)
}

/// What to tell the operator about a failed dry run: the chain's reason, with a hint for the
/// failures we know.
/// A dry run the chain refused (`error`, decoded with the chain's `metadata`), in words.
fn refusal(
    step: &str,
    error: &drink::frame_support::sp_runtime::DispatchError,
    metadata: &subxt::Metadata,
) -> String {
    let reason = ErrorVariant::from_dispatch_error(error, metadata)
        .map(|v| v.to_string())
        .unwrap_or_else(|e| format!("{error:?} ({e})"));
    explain(step, &reason)
}

pub fn explain(step: &str, reason: &str) -> String {
    let hint = if reason.contains("CodeRejected") {
        " — the chain refused the Wasm (e.g. bulk-memory instructions from a debug build, or a size above MaxCodeLen): deploy release bundles"
    } else if reason.contains("StorageDepositNotEnoughFunds")
        || reason.contains("InsufficientBalance")
        || reason.contains("FundsUnavailable")
        || reason.contains("Inability to pay")
    {
        " — the deployer's free balance does not cover fees and storage deposit: fund it and run again"
    } else if reason.contains("DuplicateContract") {
        " — this code was already instantiated with the same arguments and salt"
    } else {
        ""
    };
    format!("{step} failed in the dry run, nothing was submitted: {reason}{hint}")
}

/// What the node charged for one submitted extrinsic, read from its events: the dispatch weight
/// (`System::ExtrinsicSuccess`), the storage deposit held (`Contracts::CodeStored` and
/// `StorageDepositTransferredAndHeld`) and the fee (`TransactionPayment::TransactionFeePaid`).
#[derive(Debug, Default, PartialEq, Eq)]
struct Charged {
    ref_time: u64,
    proof_size: u64,
    deposit: u128,
    fee: u128,
}

fn charged(events: &subxt::blocks::ExtrinsicEvents<SubstrateConfig>) -> Charged {
    use subxt::ext::scale_value::{Composite, Value, ValueDef};
    fn field<'a>(fields: &'a Composite<u32>, name: &str) -> Option<&'a Value<u32>> {
        match fields {
            Composite::Named(fields) => fields.iter().find(|(n, _)| n == name).map(|(_, v)| v),
            Composite::Unnamed(_) => None,
        }
    }
    fn nested<'a>(value: Option<&'a Value<u32>>, name: &str) -> Option<&'a Value<u32>> {
        match &value?.value {
            ValueDef::Composite(fields) => field(fields, name),
            _ => None,
        }
    }
    let number = |value: Option<&Value<u32>>| value.and_then(Value::as_u128).unwrap_or(0);
    let mut out = Charged::default();
    for event in events.iter().flatten() {
        let Ok(fields) = event.field_values() else {
            continue;
        };
        match (event.pallet_name(), event.variant_name()) {
            ("TransactionPayment", "TransactionFeePaid") => {
                out.fee = out.fee.saturating_add(number(field(&fields, "actual_fee")))
            }
            ("Contracts", "StorageDepositTransferredAndHeld") => {
                out.deposit = out.deposit.saturating_add(number(field(&fields, "amount")))
            }
            ("Contracts", "CodeStored") => {
                out.deposit = out
                    .deposit
                    .saturating_add(number(field(&fields, "deposit_held")))
            }
            ("System", "ExtrinsicSuccess") => {
                let weight = nested(field(&fields, "dispatch_info"), "weight");
                out.ref_time = u64::try_from(number(nested(weight, "ref_time"))).unwrap_or(0);
                out.proof_size = u64::try_from(number(nested(weight, "proof_size"))).unwrap_or(0);
            }
            _ => {}
        }
    }
    out
}

/// One line comparing the dry run's estimate with what the node charged.
fn report_charged(step: &str, estimate: &Cost, charged: &Charged) {
    println!(
        "      {step}: the node charged weight {} ref_time / {} B proof (dry run: {} / {} B), storage deposit {} (dry run: {}), fee {}",
        charged.ref_time,
        charged.proof_size,
        estimate.ref_time,
        estimate.proof_size,
        charged.deposit,
        estimate.storage_deposit,
        charged.fee
    );
}

fn to_subxt(account: &AccountId32) -> subxt::utils::AccountId32 {
    subxt::utils::AccountId32(<[u8; 32]>::from(account.clone()))
}

fn from_subxt(account: &subxt::utils::AccountId32) -> AccountId32 {
    AccountId32::new(account.0)
}

fn cost_of(
    gas: &drink::Weight,
    deposit: &contract_extrinsics::pallet_contracts_primitives::StorageDeposit<u128>,
) -> Cost {
    use contract_extrinsics::pallet_contracts_primitives::StorageDeposit;
    Cost {
        ref_time: gas.ref_time(),
        proof_size: gas.proof_size(),
        storage_deposit: match deposit {
            StorageDeposit::Charge(a) => Cost::signed_deposit(false, *a),
            StorageDeposit::Refund(a) => Cost::signed_deposit(true, *a),
        },
    }
}

impl ChainBackend {
    /// Dry-run `message` as the actor, paying `value`: its decoded return value, its cost, and
    /// whether it reverted (a typed error). A refusal by the chain is an error in words.
    fn dry_call<V: Decode>(
        &mut self,
        contract: &Contract,
        address: &AccountId32,
        message: &str,
        args: &[String],
        value: u128,
    ) -> Result<(V, Cost, bool)> {
        let step = format!("{}::{message}", contract.name);
        let account = to_subxt(address);
        let dry = self.runtime.block_on(async {
            let exec = CallCommandBuilder::new(account, message, self.opts(contract, None)?)
                .args(args.to_vec())
                .value(value)
                .done()
                .await?;
            let result = exec.call_dry_run().await?;
            Ok::<_, anyhow::Error>((exec, result))
        });
        let (exec, result) = dry.with_context(|| step.clone())?;
        let cost = cost_of(&result.gas_required, &result.storage_deposit);
        let data = match &result.result {
            Ok(ret) => ret.data.clone(),
            Err(error) => bail!(refusal(&step, error, &exec.client().metadata())),
        };
        let reverted = result.result.as_ref().is_ok_and(|r| r.did_revert());
        let value = ink::MessageResult::<V>::decode(&mut &data[..])
            .with_context(|| format!("{step}: unexpected return value"))?
            .map_err(|lang| anyhow!("{step}: ink! LangError {lang:?}"))?;
        Ok((value, cost, reverted))
    }
}

impl Backend for ChainBackend {
    fn chain_id(&mut self) -> Result<String> {
        Ok(hex(self.client.genesis_hash().as_ref()))
    }

    fn deployer(&self) -> AccountId32 {
        AccountId32::new(self.signer.public_key().0)
    }

    fn block_number(&mut self) -> Result<u64> {
        let client = self.client.clone();
        let block = self
            .runtime
            .block_on(async move { client.blocks().at_latest().await })?;
        Ok(u64::from(block.number()))
    }

    fn code_hash_at(&mut self, address: &AccountId32) -> Result<Option<String>> {
        let account = to_subxt(address);
        let found = self
            .runtime
            .block_on(contract_extrinsics::fetch_contract_info::<
                SubstrateConfig,
                DefaultEnvironment,
            >(&account, &self.rpc, &self.client));
        match found {
            Ok(info) => Ok(Some(hex(info.code_hash().as_ref()))),
            Err(e) if e.to_string().contains("No contract information") => Ok(None),
            Err(e) => Err(e.context(format!("reading contract {address} on {}", self.url))),
        }
    }

    fn instantiate(
        &mut self,
        contract: &Contract,
        constructor: &str,
        args: &[String],
    ) -> Result<(AccountId32, Cost)> {
        let step = format!("instantiating {}", contract.name);
        let dry = self.runtime.block_on(async {
            let exec = InstantiateCommandBuilder::new(self.opts(contract, None)?)
                .constructor(constructor)
                .args(args.to_vec())
                .done()
                .await?;
            let result = exec.instantiate_dry_run().await?;
            Ok::<_, anyhow::Error>((exec, result))
        });
        let (exec, result) = dry.with_context(|| step.clone())?;
        let cost = cost_of(&result.gas_required, &result.storage_deposit);
        let ret = match &result.result {
            Ok(ret) => ret,
            Err(error) => bail!(refusal(&step, error, &exec.client().metadata())),
        };
        if ret.result.did_revert() {
            bail!(explain(
                &step,
                "the constructor reverted (its arguments were refused)"
            ));
        }
        let predicted = from_subxt(&ret.account_id);
        if self.dry_run {
            return Ok((predicted, cost));
        }
        let limit = deposit_limit(cost.storage_deposit, self.margin_percent);
        let submitted = self.runtime.block_on(async {
            let exec = InstantiateCommandBuilder::new(self.opts(contract, Some(limit))?)
                .constructor(constructor)
                .args(args.to_vec())
                .done()
                .await?;
            exec.instantiate(Some(result.gas_required))
                .await
                .map_err(|e| anyhow!("{e}"))
        });
        let done = submitted.with_context(|| format!("{step} (submitted)"))?;
        report_charged(&step, &cost, &charged(&done.events));
        Ok((from_subxt(&done.contract_address), cost))
    }

    fn call<V: Decode>(
        &mut self,
        contract: &Contract,
        address: &AccountId32,
        message: &str,
        args: &[String],
    ) -> Result<(V, Cost)> {
        let (value, cost, reverted) = self.dry_call::<V>(contract, address, message, args, 0)?;
        let mutates = contract
            .bundle
            .transcoder
            .metadata()
            .spec()
            .messages()
            .iter()
            .any(|m| m.label() == message && m.mutates());
        if mutates && !reverted && !self.dry_run {
            self.submit(contract, address, message, args, 0, &cost)?;
        }
        Ok((value, cost))
    }

    /// On an instant-seal node, let `n` blocks pass by submitting `n` `System::remark`
    /// transactions (each makes a block); elsewhere blocks cannot be hurried (false).
    fn advance_blocks(&mut self, n: u32) -> Result<bool> {
        if !self.instant_seal || self.dry_run {
            return Ok(false);
        }
        for _ in 0..n {
            let tx = subxt::dynamic::tx(
                "System",
                "remark",
                vec![subxt::dynamic::Value::from_bytes(
                    b"ddc-deploy: let a block pass",
                )],
            );
            let (client, rpc, signer) =
                (self.client.clone(), self.rpc.clone(), self.signer.clone());
            let account = to_subxt(&self.deployer());
            self.runtime
                .block_on(async move {
                    // The nonce from the node's pool and best block: subxt's default reads the
                    // last finalized block, which lags behind on a dev node.
                    let nonce = rpc.system_account_next_index(&account).await?;
                    let params =
                        subxt::config::DefaultExtrinsicParamsBuilder::<SubstrateConfig>::new()
                            .nonce(nonce)
                            .build();
                    client
                        .tx()
                        .sign_and_submit_then_watch(&tx, &signer, params)
                        .await?
                        .wait_for_finalized_success()
                        .await
                })
                .map_err(|e| anyhow!("letting a block pass (System::remark): {e}"))?;
        }
        Ok(true)
    }

    fn persist(&mut self) -> Result<()> {
        Ok(())
    }

    fn act_as(&mut self, actor: Actor) -> Result<()> {
        match actor {
            Actor::Key(key) => {
                self.signer = key;
                Ok(())
            }
            Actor::Address(account) => bail!(
                "cannot sign as {account} on a chain without its key: name a dev account (alice, bob, …) on a dev chain, or leave out --as to sign with the key in the network's secret-URI variable"
            ),
        }
    }

    fn dry_run<V: Decode>(
        &mut self,
        contract: &Contract,
        address: &AccountId32,
        message: &str,
        args: &[String],
        value: u128,
    ) -> Result<(V, Cost)> {
        let (value, cost, _) = self.dry_call::<V>(contract, address, message, args, value)?;
        Ok((value, cost))
    }

    fn submit(
        &mut self,
        contract: &Contract,
        address: &AccountId32,
        message: &str,
        args: &[String],
        value: u128,
        estimate: &Cost,
    ) -> Result<Vec<RawEvent>> {
        let step = format!("{}::{message}", contract.name);
        if self.dry_run {
            bail!("{step}: this connection only dry-runs");
        }
        let account = to_subxt(address);
        let limit = deposit_limit(estimate.storage_deposit, self.margin_percent);
        let gas = drink::Weight::from_parts(estimate.ref_time, estimate.proof_size);
        let submitted = self.runtime.block_on(async {
            let exec = CallCommandBuilder::new(account, message, self.opts(contract, Some(limit))?)
                .args(args.to_vec())
                .value(value)
                .done()
                .await?;
            exec.call(Some(gas)).await.map_err(|e| anyhow!("{e}"))
        });
        let events = submitted.with_context(|| format!("{step} (submitted)"))?;
        report_charged(&step, estimate, &charged(&events));
        let mut out = Vec::new();
        for event in events.iter() {
            let event = event?;
            if (event.pallet_name(), event.variant_name()) != ("Contracts", "ContractEmitted") {
                continue;
            }
            let mut bytes = event.field_bytes();
            let (emitter, data) = <([u8; 32], Vec<u8>)>::decode(&mut bytes)
                .context("a ContractEmitted event that does not decode")?;
            out.push(RawEvent {
                contract: AccountId32::new(emitter),
                topics: event.topics().iter().map(|t| t.0).collect(),
                data,
            });
        }
        Ok(out)
    }

    fn now_ms(&mut self) -> Result<u64> {
        let client = self.client.clone();
        let now = self
            .runtime
            .block_on(async move {
                let query = subxt::dynamic::storage("Timestamp", "Now", vec![]);
                client.storage().at_latest().await?.fetch(&query).await
            })
            .map_err(|e| anyhow!("reading the chain's clock: {e}"))?
            .context("the chain has no Timestamp::Now")?;
        let value = now
            .to_value()
            .map_err(|e| anyhow!("reading the chain's clock: {e}"))?;
        value
            .as_u128()
            .and_then(|ms| u64::try_from(ms).ok())
            .context("the chain's clock is not a number")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_deposit_limit_adds_the_margin() {
        assert_eq!(deposit_limit(1_000, 20), 1_200);
        assert_eq!(deposit_limit(1_050, 10), 1_155);
        assert_eq!(deposit_limit(-5, 20), 0, "a refund needs no deposit");
        assert_eq!(
            deposit_limit(i128::MAX, 100),
            u128::try_from(i128::MAX).unwrap() * 2
        );
    }

    #[test]
    fn known_failures_get_a_hint() {
        let rejected = explain(
            "instantiating x",
            "ModuleError: Contracts::CodeRejected: []",
        );
        assert!(rejected.contains("nothing was submitted"));
        assert!(rejected.contains("release bundles"));
        let poor = explain(
            "instantiating x",
            "ModuleError: Contracts::StorageDepositNotEnoughFunds",
        );
        assert!(poor.contains("fund it"));
    }

    /// The chain path sends the bundles' `.contract` files through contract-extrinsics: each
    /// must load there, hash to the code hash we record, and encode every call we make.
    #[test]
    fn the_recorded_bundles_load_and_encode_every_call_the_tool_makes() {
        let contracts = crate::deploy::Contracts::load().unwrap();
        let alice = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";
        let calls: Vec<(&Contract, &str, Vec<String>)> = vec![
            (&contracts.core, "new", vec![]),
            (
                &contracts.core,
                "cluster_create",
                vec!["\"{}\"".into(), "10".into()],
            ),
            (
                &contracts.core,
                "ClusterManagement::cluster_transfer_manager",
                vec!["1".into(), alice.into()],
            ),
            (&contracts.core, "cluster_get", vec!["1".into()]),
            (
                &contracts.core,
                "cluster_list",
                vec!["0".into(), "32".into(), "None".into()],
            ),
            (
                &contracts.multisig,
                "new",
                vec![
                    alice.into(),
                    format!("[{alice}]"),
                    "1".into(),
                    "604800000".into(),
                ],
            ),
            (
                &contracts.multisig,
                "propose",
                vec![
                    "Cluster(AcceptManager { cluster: 1 })".into(),
                    "None".into(),
                ],
            ),
            (&contracts.multisig, "execute", vec!["0".into()]),
            (&contracts.multisig, "config", vec![]),
            (
                &contracts.multisig,
                "proposals",
                vec!["0".into(), "8".into()],
            ),
        ];
        for (contract, message, args) in calls {
            let artifacts = contract_extrinsics::ContractArtifacts::from_manifest_or_file(
                None,
                Some(&contract.path),
            )
            .unwrap_or_else(|e| panic!("{}: {e:#}", contract.path.display()));
            assert_eq!(hex(&artifacts.code_hash().unwrap()), contract.code_hash());
            let transcoder = artifacts.contract_transcoder().unwrap();
            transcoder
                .encode(message, &args)
                .unwrap_or_else(|e| panic!("{}::{message}: {e:#}", contract.name));
        }
    }

    #[test]
    fn secret_uris_give_the_dev_accounts() {
        let alice = keypair("//Alice").unwrap();
        let address = AccountId32::new(alice.public_key().0);
        assert_eq!(
            drink::Ss58Codec::to_ss58check(&address),
            "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY"
        );
        assert!(keypair("not a uri with spaces // and bad").is_err());
    }
}
