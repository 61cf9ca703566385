//! `deploy`: instantiate the suite in dependency order, wire it, smoke-check it, and keep the
//! record after every step. A re-run skips each contract whose recorded instance still has the
//! same code hash and constructor arguments (and whose dependencies were not redeployed).

use crate::backend::{ss58, Backend, Contract};
use crate::network::Network;
use crate::record::{Cost, Deployed, Record, Wired};
use anyhow::{bail, Result};
use ddc_bundles::BundleProvider;
use ddc_tests::dao::manager_dao::types::{
    Action as DaoAction, Config as DaoConfig, Error as DaoError, ProposalInfo, ProposalState,
};
use ddc_tests::ddc_types::{ClusterInfo, Error as CoreError};
use drink::{AccountId32, Ss58Codec};
use manager_multisig::logic::{Config as MultisigConfig, Error as MultisigError};
use std::path::PathBuf;

/// The wiring step that hands a fresh cluster to the multisig.
pub const HAND_OVER: &str = "cluster handed to the multisig";
/// The wiring step that hands a fresh cluster to the DAO (done once its vote passed and it
/// was executed).
pub const DAO_HAND_OVER: &str = "cluster handed to the DAO";
/// The DAO hand-over while its proposal is under way: "<cluster> <proposal>".
const DAO_PROPOSAL: &str = "DAO hand-over proposal";

/// The suite's contracts, in dependency order.
pub struct Contracts {
    pub core: Contract,
    pub multisig: Contract,
    pub token: Contract,
    pub dao: Contract,
}

impl Contracts {
    /// The bundles the build made.
    pub fn load() -> Result<Self> {
        Self::load_with(&[])
    }

    /// The bundles the build made, except those `code` names (`(contract name, .contract
    /// file)`), e.g. a verified build of one contract. An unknown name is an error.
    pub fn load_with(code: &[(String, PathBuf)]) -> Result<Self> {
        let names = [
            "ddc_bucket",
            "manager_multisig",
            "governance_token",
            "manager_dao",
        ];
        if let Some((unknown, _)) = code
            .iter()
            .find(|(name, _)| !names.contains(&name.as_str()))
        {
            bail!(
                "--code {unknown}=…: no such contract (one of {})",
                names.join(", ")
            );
        }
        let pick = |name: &'static str, built: Result<Contract>| -> Result<Contract> {
            match code.iter().find(|(n, _)| n == name) {
                Some((_, path)) => Contract::from_file(name, &path.to_string_lossy()),
                None => built,
            }
        };
        Ok(Self {
            core: pick(
                "ddc_bucket",
                Contract::load("ddc_bucket", BundleProvider::DdcBucket),
            )?,
            multisig: pick(
                "manager_multisig",
                Contract::load("manager_multisig", BundleProvider::ManagerMultisig),
            )?,
            token: pick(
                "governance_token",
                Contract::from_file("governance_token", ddc_bundles::GOVERNANCE_TOKEN_BUNDLE),
            )?,
            dao: pick(
                "manager_dao",
                Contract::load("manager_dao", BundleProvider::ManagerDao),
            )?,
        })
    }
}

/// Where the deployed contracts are.
pub struct Addresses {
    pub core: AccountId32,
    pub multisig: AccountId32,
    pub token: AccountId32,
    pub dao: AccountId32,
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
    /// Bundles to deploy instead of the built ones (`deploy --code NAME=PATH`).
    pub code: Vec<(String, PathBuf)>,
}

/// Deploy the suite on `backend` as `options` say.
pub fn deploy(backend: &mut impl Backend, options: &Options) -> Result<Report> {
    let network = &options.network;
    check_supported(network)?;
    let contracts = Contracts::load_with(&options.code)?;
    let chain = backend.chain_id()?;
    let deployer = backend.deployer();
    let mut record = Record::load(&options.deployments, &network.name, &chain)?
        .unwrap_or_else(|| Record::new(&network.name, &chain, &ss58(&deployer)));
    let mut rows = Vec::new();
    let total = 4 + 2 * usize::from(network.wiring.demo_cluster);
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

    progress("governance_token");
    let token_args = vec![
        network.token.supply.clone(),
        format!("Some({:?})", network.token.name),
        format!("Some({:?})", network.token.symbol),
        network.token.decimals.to_string(),
        network.token.mintable.to_string(),
    ];
    let (token, token_fresh) = ensure(
        backend,
        options,
        &mut record,
        &mut rows,
        &contracts.token,
        "new",
        token_args,
        false,
    )?;

    progress("manager_dao");
    let guardian = match network.dao.guardian.as_str() {
        "none" => "None".to_string(),
        "deployer" => format!("Some({})", ss58(&deployer)),
        other => format!("Some({other})"),
    };
    let dao_args = vec![
        ss58(&core),
        ss58(&token),
        network.dao.settings_arg(),
        guardian,
    ];
    let (dao, _) = ensure(
        backend,
        options,
        &mut record,
        &mut rows,
        &contracts.dao,
        "new",
        dao_args,
        core_fresh || token_fresh,
    )?;
    let at = Addresses {
        core,
        multisig,
        token,
        dao,
    };

    let on_chain = !(options.dry_run && chain != "sandbox");
    if network.wiring.demo_cluster {
        progress(HAND_OVER);
        if on_chain {
            hand_over(
                backend,
                options,
                &mut record,
                &mut rows,
                &contracts,
                &at,
                &signers,
            )?;
        } else {
            println!("      (dry run: wiring needs the contracts on chain; not estimated)");
        }
        progress(DAO_HAND_OVER);
        if on_chain {
            dao_hand_over(backend, options, &mut record, &mut rows, &contracts, &at)?;
        } else {
            println!("      (dry run: wiring needs the contracts on chain; not estimated)");
        }
    }

    if on_chain {
        smoke(backend, &contracts, &at, &record)?;
        println!("smoke checks: ok (the managers point at the core and manage their clusters)");
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
    at: &Addresses,
    signers: &[String],
) -> Result<()> {
    let (core, multisig) = (&at.core, &at.multisig);
    if already_wired(record, rows, HAND_OVER) {
        return Ok(());
    }
    let deployer = ss58(&backend.deployer());
    if options.network.multisig.threshold != 1 || !signers.contains(&deployer) {
        println!("      skipped: needs the deployer as a signer and threshold 1 (the signers hand clusters over themselves)");
        return Ok(());
    }
    let mut cost = Cost::default();
    let (created, c) = backend.call::<Result<u32, ddc_tests::ddc_types::Error>>(
        &contracts.core,
        core,
        "cluster_create",
        &[format!("{:?}", "{\"demo\":true}"), "10".into()],
    )?;
    add_cost(&mut cost, c);
    let cluster = created.map_err(|e| anyhow::anyhow!("cluster_create: {e:?}"))?;
    let (offered, c) = backend.call::<Result<(), ddc_tests::ddc_types::Error>>(
        &contracts.core,
        core,
        "ClusterManagement::cluster_transfer_manager",
        &[cluster.to_string(), ss58(multisig)],
    )?;
    add_cost(&mut cost, c);
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
    add_cost(&mut cost, c);
    let id = proposed.map_err(|e| anyhow::anyhow!("propose: {e:?}"))?;
    let (executed, c) = backend.call::<Result<(), MultisigError>>(
        &contracts.multisig,
        multisig,
        "execute",
        &[id.to_string()],
    )?;
    add_cost(&mut cost, c);
    executed.map_err(|e| anyhow::anyhow!("execute: {e:?}"))?;
    println!("      cluster {cluster} now managed by the multisig (proposal {id})");
    finish_wiring(backend, options, record, rows, HAND_OVER, cluster, cost)
}

/// Read state back: both managers point at the core (the DAO also at the token), and each
/// manages the cluster handed to it.
fn smoke(
    backend: &mut impl Backend,
    contracts: &Contracts,
    at: &Addresses,
    record: &Record,
) -> Result<()> {
    let core_id = ddc_tests::ink_id(&at.core);
    let (config, _) =
        backend.call::<MultisigConfig>(&contracts.multisig, &at.multisig, "config", &[])?;
    if config.registry != core_id {
        bail!(
            "smoke check: the multisig points at {:?}, not at the core",
            config.registry
        );
    }
    let (dao_config, _) = backend.call::<DaoConfig>(&contracts.dao, &at.dao, "config", &[])?;
    if dao_config.registry != core_id || dao_config.token != ddc_tests::ink_id(&at.token) {
        bail!("smoke check: the DAO does not point at the core and the token");
    }
    for (step, manager, who) in [
        (HAND_OVER, &at.multisig, "multisig"),
        (DAO_HAND_OVER, &at.dao, "DAO"),
    ] {
        let Some(wired) = record.wiring.iter().find(|w| w.step == step) else {
            continue;
        };
        let (cluster, _) = backend.call::<Result<(ClusterInfo, String), CoreError>>(
            &contracts.core,
            &at.core,
            "cluster_get",
            &[wired.result.clone()],
        )?;
        let (info, _) = cluster.map_err(|e| anyhow::anyhow!("smoke check cluster_get: {e:?}"))?;
        if info.manager != ddc_tests::ink_id(manager) {
            bail!(
                "smoke check: cluster {} is not managed by the {who}",
                wired.result
            );
        }
    }
    Ok(())
}

/// A wiring step the record says is done: print it, add its skipped row, and say so.
fn already_wired(record: &Record, rows: &mut Vec<Row>, step: &str) -> bool {
    let Some(done) = record.wiring.iter().find(|w| w.step == step) else {
        return false;
    };
    println!(
        "      cluster {} already handed over (skipped)",
        done.result
    );
    rows.push(Row {
        step: step.into(),
        outcome: Outcome::Skipped,
        address: format!("cluster {}", done.result),
        code_hash: String::new(),
        wasm_size: None,
        cost: Cost::default(),
    });
    true
}

/// Record a finished wiring step (cluster `cluster` handed over), keep it, add its row.
fn finish_wiring(
    backend: &mut impl Backend,
    options: &Options,
    record: &mut Record,
    rows: &mut Vec<Row>,
    step: &str,
    cluster: u32,
    cost: Cost,
) -> Result<()> {
    record.wiring.push(Wired {
        step: step.into(),
        result: cluster.to_string(),
        cost,
    });
    keep(backend, options, record)?;
    rows.push(Row {
        step: step.into(),
        outcome: Outcome::Deployed,
        address: format!("cluster {cluster}"),
        code_hash: String::new(),
        wasm_size: None,
        cost,
    });
    Ok(())
}

/// Sum of the costs of several calls.
fn add_cost(total: &mut Cost, c: Cost) {
    total.ref_time = total.ref_time.saturating_add(c.ref_time);
    total.proof_size = total.proof_size.saturating_add(c.proof_size);
    total.storage_deposit = total.storage_deposit.saturating_add(c.storage_deposit);
}

/// Hand a fresh cluster to the DAO through a vote: the deployer stakes, offers the cluster,
/// proposes `AcceptManager`, votes For, and executes once the proposal is Executable. The
/// sandbox lets the blocks pass at once; on a chain the proposal is recorded and a later run
/// carries on from where the vote stands.
fn dao_hand_over(
    backend: &mut impl Backend,
    options: &Options,
    record: &mut Record,
    rows: &mut Vec<Row>,
    contracts: &Contracts,
    at: &Addresses,
) -> Result<()> {
    if already_wired(record, rows, DAO_HAND_OVER) {
        return Ok(());
    }
    let mut cost = Cost::default();
    let pending = record
        .wiring
        .iter()
        .find(|w| w.step == DAO_PROPOSAL)
        .map(|w| w.result.clone());
    let (cluster, id): (u32, u64) = match pending {
        Some(text) => {
            let mut parts = text.split(' ');
            let cluster = parts.next().unwrap_or_default().parse()?;
            let id = parts.next().unwrap_or_default().parse()?;
            (cluster, id)
        }
        None => {
            let stake = options.network.dao.wiring_stake.clone();
            let (approved, c) = backend.call::<Result<(), psp22::PSP22Error>>(
                &contracts.token,
                &at.token,
                "PSP22::approve",
                &[ss58(&at.dao), stake.clone()],
            )?;
            add_cost(&mut cost, c);
            approved.map_err(|e| anyhow::anyhow!("token approve: {e:?}"))?;
            let (staked, c) =
                backend.call::<Result<(), DaoError>>(&contracts.dao, &at.dao, "stake", &[stake])?;
            add_cost(&mut cost, c);
            staked.map_err(|e| anyhow::anyhow!("stake: {e:?}"))?;
            // The proposal's snapshot is the block before it: let the stake's block pass.
            backend.advance_blocks(1)?;
            let (created, c) = backend.call::<Result<u32, CoreError>>(
                &contracts.core,
                &at.core,
                "cluster_create",
                &[format!("{:?}", "{\"demo\":\"dao\"}"), "10".into()],
            )?;
            add_cost(&mut cost, c);
            let cluster = created.map_err(|e| anyhow::anyhow!("cluster_create: {e:?}"))?;
            let (offered, c) = backend.call::<Result<(), CoreError>>(
                &contracts.core,
                &at.core,
                "ClusterManagement::cluster_transfer_manager",
                &[cluster.to_string(), ss58(&at.dao)],
            )?;
            add_cost(&mut cost, c);
            offered.map_err(|e| anyhow::anyhow!("cluster_transfer_manager: {e:?}"))?;
            let (proposed, c) = backend.call::<Result<u64, DaoError>>(
                &contracts.dao,
                &at.dao,
                "propose",
                &[
                    format!("Cluster(AcceptManager {{ cluster: {cluster} }})"),
                    format!("{:?}", "the DAO takes over the demo cluster"),
                ],
            )?;
            add_cost(&mut cost, c);
            let id = proposed.map_err(|e| anyhow::anyhow!("propose: {e:?}"))?;
            println!("      staked, offered cluster {cluster} to the DAO, proposed #{id}");
            record.wiring.push(Wired {
                step: DAO_PROPOSAL.into(),
                result: format!("{cluster} {id}"),
                cost,
            });
            keep(backend, options, record)?;
            (cluster, id)
        }
    };
    let deployer = ss58(&backend.deployer());
    // A few rounds at most: vote, wait for the end of voting, wait for the delay, execute.
    for _ in 0..8 {
        let (found, _) = backend.call::<Result<(ProposalInfo, DaoAction), DaoError>>(
            &contracts.dao,
            &at.dao,
            "proposal",
            &[id.to_string()],
        )?;
        let (info, _) = found.map_err(|e| anyhow::anyhow!("DAO proposal #{id}: {e:?}"))?;
        let now = u32::try_from(backend.block_number()?)?;
        let proposal = &info.proposal;
        let wait_until = match info.state {
            ProposalState::Executable => {
                let (executed, c) = backend.call::<Result<(), DaoError>>(
                    &contracts.dao,
                    &at.dao,
                    "execute",
                    &[id.to_string()],
                )?;
                add_cost(&mut cost, c);
                executed.map_err(|e| anyhow::anyhow!("execute: {e:?}"))?;
                println!(
                    "      proposal #{id} passed and executed: cluster {cluster} is managed by the DAO"
                );
                record.wiring.retain(|w| w.step != DAO_PROPOSAL);
                return finish_wiring(backend, options, record, rows, DAO_HAND_OVER, cluster, cost);
            }
            ProposalState::Active => {
                let (voted, _) = backend.call::<bool>(
                    &contracts.dao,
                    &at.dao,
                    "has_voted",
                    &[id.to_string(), deployer.clone()],
                )?;
                if !voted {
                    let (cast, c) = backend.call::<Result<(), DaoError>>(
                        &contracts.dao,
                        &at.dao,
                        "vote",
                        &[id.to_string(), "For".into()],
                    )?;
                    add_cost(&mut cost, c);
                    cast.map_err(|e| anyhow::anyhow!("vote: {e:?}"))?;
                    println!("      voted For #{id}");
                    continue;
                }
                proposal.vote_end
            }
            ProposalState::Pending => proposal.vote_start,
            ProposalState::Succeeded => proposal.executable_from(),
            other => bail!(
                "the DAO hand-over proposal #{id} ended {other:?}; remove the record's \"{DAO_PROPOSAL}\" entry to try again"
            ),
        };
        if !backend.advance_blocks(wait_until.saturating_sub(now))? {
            println!(
                "      proposal #{id} is {:?}: run deploy again from block {wait_until} to carry on",
                info.state
            );
            return Ok(());
        }
    }
    bail!("the DAO hand-over proposal #{id} did not become executable")
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
