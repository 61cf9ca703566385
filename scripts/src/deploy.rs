//! `deploy`: instantiate the suite in dependency order, wire it, smoke-check it, and keep the
//! record after every step. A re-run skips each contract whose recorded instance still has the
//! same code hash and constructor arguments (and whose dependencies were not redeployed).

use crate::backend::{ss58, Backend, Contract};
use crate::network::Network;
use crate::record::{Cost, Deployed, Record, Wired};
use anyhow::{bail, Result};
use ddc_tests::BundleProvider;
use drink::{AccountId32, Ss58Codec};
use manager_multisig::logic::{Config as MultisigConfig, Error as MultisigError};
use std::path::PathBuf;

/// The wiring step that hands a fresh cluster to the multisig.
pub const HAND_OVER: &str = "cluster handed to the multisig";

/// The suite's contracts, in dependency order.
pub struct Contracts {
    pub core: Contract,
    pub multisig: Contract,
}

impl Contracts {
    pub fn load() -> Result<Self> {
        Ok(Self {
            core: Contract::load("ddc_bucket", BundleProvider::DdcBucket)?,
            multisig: Contract::load("manager_multisig", BundleProvider::ManagerMultisig)?,
        })
    }
}

/// How a step ended, for the progress lines and the final table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Deployed,
    Skipped,
}

/// One line of the final table.
#[derive(Debug, Clone)]
pub struct Row {
    pub step: String,
    pub outcome: Outcome,
    pub address: String,
    pub code_hash: String,
    pub wasm_size: Option<usize>,
    pub cost: Cost,
}

/// What a deployment did, step by step.
pub struct Report {
    pub rows: Vec<Row>,
}

/// Options of one `deploy` run.
pub struct Options {
    pub network: Network,
    /// Where `<network>.json` (and the sandbox's state) live.
    pub deployments: PathBuf,
    pub dry_run: bool,
}

/// Deploy the suite on `backend` as `options` say.
pub fn deploy(backend: &mut impl Backend, options: &Options) -> Result<Report> {
    let network = &options.network;
    check_supported(network)?;
    let contracts = Contracts::load()?;
    let chain = backend.chain_id()?;
    let deployer = backend.deployer();
    let mut record = Record::load(&options.deployments, &network.name, &chain)?
        .unwrap_or_else(|| Record::new(&network.name, &chain, &ss58(&deployer)));
    let mut rows = Vec::new();
    let total = 2 + usize::from(network.wiring.demo_cluster);
    let mut step = 0;
    let mut progress = |what: &str| {
        step += 1;
        println!("[{step}/{total}] {what}");
    };

    progress("ddc_bucket");
    let (core, core_fresh) = ensure(
        backend,
        options,
        &mut record,
        &mut rows,
        &contracts.core,
        "new",
        vec![],
        false,
    )?;

    progress("manager_multisig");
    let signers: Vec<String> = network
        .multisig
        .signers
        .iter()
        .map(|s| {
            if s == "deployer" {
                ss58(&deployer)
            } else {
                s.clone()
            }
        })
        .collect();
    let multisig_args = vec![
        ss58(&core),
        format!("[{}]", signers.join(", ")),
        network.multisig.threshold.to_string(),
        network.multisig.default_lifetime_ms.to_string(),
    ];
    let (multisig, _) = ensure(
        backend,
        options,
        &mut record,
        &mut rows,
        &contracts.multisig,
        "new",
        multisig_args,
        core_fresh,
    )?;

    if network.wiring.demo_cluster {
        progress(HAND_OVER);
        if options.dry_run && chain != "sandbox" {
            println!("      (dry run: wiring needs the contracts on chain; not estimated)");
        } else {
            hand_over(
                backend,
                options,
                &mut record,
                &mut rows,
                &contracts,
                &core,
                &multisig,
                &signers,
            )?;
        }
    }

    if !(options.dry_run && chain != "sandbox") {
        smoke(backend, &contracts, &core, &multisig, &record)?;
        println!("smoke checks: ok (the multisig manages its cluster and points at the core)");
    }
    Ok(Report { rows })
}

/// Refuse networks the shipped bundles cannot serve.
pub fn check_supported(network: &Network) -> Result<()> {
    if network.call_v1 {
        bail!(
            "network '{}' has `call_v1 = true`: the managers' cross-contract calls use call_v2, which that runtime lacks; a call_v1 build of the managers is not shipped (see networks/{}.toml)",
            network.name,
            network.name
        );
    }
    Ok(())
}

/// Make sure `contract` runs with `args`: reuse the recorded instance when it is current,
/// otherwise instantiate it. Returns its address and whether it was (re)deployed now.
#[allow(clippy::too_many_arguments)]
fn ensure(
    backend: &mut impl Backend,
    options: &Options,
    record: &mut Record,
    rows: &mut Vec<Row>,
    contract: &Contract,
    constructor: &str,
    args: Vec<String>,
    dependency_fresh: bool,
) -> Result<(AccountId32, bool)> {
    let code_hash = contract.code_hash();
    if let Some(done) = record.contracts.get(contract.name) {
        let address = AccountId32::from_ss58check(&done.address)
            .map_err(|e| anyhow::anyhow!("record: bad address {}: {e:?}", done.address))?;
        let current = done.code_hash == code_hash && done.args == args && !dependency_fresh;
        if current && backend.code_hash_at(&address)?.as_deref() == Some(code_hash.as_str()) {
            println!("      up to date at {} (skipped)", done.address);
            backend.prepare(contract, &address);
            rows.push(Row {
                step: contract.name.into(),
                outcome: Outcome::Skipped,
                address: done.address.clone(),
                code_hash,
                wasm_size: Some(contract.bundle.wasm.len()),
                cost: Cost::default(),
            });
            return Ok((address, false));
        }
    }
    let (address, cost) = backend.instantiate(contract, constructor, &args)?;
    backend.prepare(contract, &address);
    let block = backend.block_number()?;
    println!(
        "      {} at {} (ref_time {}, proof {} B, deposit {})",
        if options.dry_run {
            "would deploy"
        } else {
            "deployed"
        },
        ss58(&address),
        cost.ref_time,
        cost.proof_size,
        cost.storage_deposit
    );
    record.contracts.insert(
        contract.name.into(),
        Deployed {
            address: ss58(&address),
            code_hash: code_hash.clone(),
            wasm_size: contract.bundle.wasm.len(),
            block,
            constructor: constructor.into(),
            args,
            cost,
        },
    );
    // Later steps depend on this one: a stale wiring record no longer holds.
    record.wiring.clear();
    keep(backend, options, record)?;
    rows.push(Row {
        step: contract.name.into(),
        outcome: Outcome::Deployed,
        address: ss58(&address),
        code_hash,
        wasm_size: Some(contract.bundle.wasm.len()),
        cost,
    });
    Ok((address, true))
}

/// Persist the chain (sandbox) and the record, unless this is a dry run.
fn keep(backend: &mut impl Backend, options: &Options, record: &Record) -> Result<()> {
    if options.dry_run {
        return Ok(());
    }
    backend.persist()?;
    record.save(&options.deployments)
}

/// Create a cluster and hand it to the multisig: transfer, then an `AcceptManager` proposal the
/// deployer (a signer, threshold 1) proposes and executes.
#[allow(clippy::too_many_arguments)]
fn hand_over(
    backend: &mut impl Backend,
    options: &Options,
    record: &mut Record,
    rows: &mut Vec<Row>,
    contracts: &Contracts,
    core: &AccountId32,
    multisig: &AccountId32,
    signers: &[String],
) -> Result<()> {
    if let Some(done) = record.wiring.iter().find(|w| w.step == HAND_OVER) {
        println!(
            "      cluster {} already handed over (skipped)",
            done.result
        );
        rows.push(Row {
            step: HAND_OVER.into(),
            outcome: Outcome::Skipped,
            address: format!("cluster {}", done.result),
            code_hash: String::new(),
            wasm_size: None,
            cost: Cost::default(),
        });
        return Ok(());
    }
    let deployer = ss58(&backend.deployer());
    if options.network.multisig.threshold != 1 || !signers.contains(&deployer) {
        println!("      skipped: needs the deployer as a signer and threshold 1 (the signers hand clusters over themselves)");
        return Ok(());
    }
    let mut cost = Cost::default();
    let mut add = |c: Cost| {
        cost.ref_time = cost.ref_time.saturating_add(c.ref_time);
        cost.proof_size = cost.proof_size.saturating_add(c.proof_size);
        cost.storage_deposit = cost.storage_deposit.saturating_add(c.storage_deposit);
    };
    let (created, c) = backend.call::<Result<u32, ddc_tests::ddc_types::Error>>(
        &contracts.core,
        core,
        "cluster_create",
        &[format!("{:?}", "{\"demo\":true}"), "10".into()],
    )?;
    add(c);
    let cluster = created.map_err(|e| anyhow::anyhow!("cluster_create: {e:?}"))?;
    let (offered, c) = backend.call::<Result<(), ddc_tests::ddc_types::Error>>(
        &contracts.core,
        core,
        "ClusterManagement::cluster_transfer_manager",
        &[cluster.to_string(), ss58(multisig)],
    )?;
    add(c);
    offered.map_err(|e| anyhow::anyhow!("cluster_transfer_manager: {e:?}"))?;
    let (proposed, c) = backend.call::<Result<u64, MultisigError>>(
        &contracts.multisig,
        multisig,
        "propose",
        &[
            format!("Cluster(AcceptManager {{ cluster: {cluster} }})"),
            "None".into(),
        ],
    )?;
    add(c);
    let id = proposed.map_err(|e| anyhow::anyhow!("propose: {e:?}"))?;
    let (executed, c) = backend.call::<Result<(), MultisigError>>(
        &contracts.multisig,
        multisig,
        "execute",
        &[id.to_string()],
    )?;
    add(c);
    executed.map_err(|e| anyhow::anyhow!("execute: {e:?}"))?;
    println!("      cluster {cluster} now managed by the multisig (proposal {id})");
    record.wiring.push(Wired {
        step: HAND_OVER.into(),
        result: cluster.to_string(),
        cost,
    });
    keep(backend, options, record)?;
    rows.push(Row {
        step: HAND_OVER.into(),
        outcome: Outcome::Deployed,
        address: format!("cluster {cluster}"),
        code_hash: String::new(),
        wasm_size: None,
        cost,
    });
    Ok(())
}

/// Read state back: the multisig points at the core, and manages the handed-over cluster.
fn smoke(
    backend: &mut impl Backend,
    contracts: &Contracts,
    core: &AccountId32,
    multisig: &AccountId32,
    record: &Record,
) -> Result<()> {
    let (config, _) =
        backend.call::<MultisigConfig>(&contracts.multisig, multisig, "config", &[])?;
    let core_id = ddc_tests::ink_id(core);
    if config.registry != core_id {
        bail!(
            "smoke check: the multisig points at {:?}, not at the core",
            config.registry
        );
    }
    if let Some(wired) = record.wiring.iter().find(|w| w.step == HAND_OVER) {
        let (cluster, _) = backend.call::<Result<
            (ddc_tests::ddc_types::ClusterInfo, String),
            ddc_tests::ddc_types::Error,
        >>(
            &contracts.core,
            core,
            "cluster_get",
            &[wired.result.clone()],
        )?;
        let (info, _) = cluster.map_err(|e| anyhow::anyhow!("smoke check cluster_get: {e:?}"))?;
        if info.manager != ddc_tests::ink_id(multisig) {
            bail!(
                "smoke check: cluster {} is not managed by the multisig",
                wired.result
            );
        }
    }
    Ok(())
}

/// The final table: one row per step with address, code hash, size, gas and deposit.
pub fn print_table(report: &Report, dry_run: bool) {
    println!();
    println!(
        "{:<32} {:<9} {:<49} {:<12} {:>8} {:>14} {:>10} {:>12}",
        "step", "status", "address", "code hash", "wasm", "ref_time", "proof", "deposit"
    );
    let mut deposit: i128 = 0;
    for row in &report.rows {
        let status = match (&row.outcome, dry_run) {
            (Outcome::Skipped, _) => "skipped",
            (Outcome::Deployed, true) => "estimate",
            (Outcome::Deployed, false) => "done",
        };
        let hash: String = row.code_hash.chars().take(12).collect();
        println!(
            "{:<32} {:<9} {:<49} {:<12} {:>8} {:>14} {:>10} {:>12}",
            row.step,
            status,
            row.address,
            hash,
            row.wasm_size.map(|s| s.to_string()).unwrap_or_default(),
            row.cost.ref_time,
            row.cost.proof_size,
            row.cost.storage_deposit
        );
        deposit = deposit.saturating_add(row.cost.storage_deposit);
    }
    println!();
    if dry_run {
        println!(
            "estimated storage deposit: {deposit} native units ({} tokens of 10 decimals), plus transaction fees; nothing was submitted or recorded",
            format_tokens(deposit)
        );
    } else {
        println!(
            "storage deposit paid by this run: {deposit} native units ({} tokens)",
            format_tokens(deposit)
        );
    }
}

/// `units` of a 10-decimal token as text with 4 decimals.
pub fn format_tokens(units: i128) -> String {
    let sign = if units < 0 { "-" } else { "" };
    let units = units.unsigned_abs();
    let whole = units / 10_000_000_000;
    let frac = (units % 10_000_000_000) / 1_000_000;
    format!("{sign}{whole}.{frac:04}")
}

/// The deployments directory of the project.
pub fn default_deployments() -> PathBuf {
    crate::network::scripts_dir().join("deployments")
}

#[cfg(test)]
mod tests {
    use super::format_tokens;

    #[test]
    fn tokens_are_printed_with_four_decimals() {
        assert_eq!(format_tokens(0), "0.0000");
        assert_eq!(format_tokens(12_345_678_900_000), "1234.5678");
        assert_eq!(format_tokens(-10_000_000_000), "-1.0000");
    }
}
