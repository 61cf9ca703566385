//! `ddc-deploy` — builds, deploys, wires and inspects the DDC contract suite.
//!
//! The contract bundles are built (release, optimised, with the contract lint set) when this
//! tool is compiled, by drink's bundle macro in `ddc_tests`. The default network is `sandbox`,
//! an in-process pallet-contracts runtime: `deploy` and `demo` need no node.

mod backend;
mod chain;
mod demo;
mod deploy;
mod network;
mod record;
mod report;
mod roles;

use anyhow::{bail, Context, Result};
use backend::{Backend, SandboxBackend};
use clap::{Parser, Subcommand};
use ddc_bundles::CODE_SIZES;
use deploy::{default_deployments, Contracts, Options};
use drink::{AccountId32, Ss58Codec};
use network::{Kind, Network};
use record::Record;
use std::path::PathBuf;

#[derive(Parser)]
#[command(
    name = "ddc-deploy",
    about = "Deploy, wire and inspect the DDC contract suite (ddc_bucket core + managers)",
    long_about = "Deploy, wire and inspect the DDC contract suite.\n\n\
        Networks are the files scripts/networks/<name>.toml; the default, `sandbox`, is an \
        in-process pallet-contracts runtime that needs no node. What was deployed is recorded in \
        scripts/deployments/<network>.json after every step, so a re-run resumes and skips what is \
        already done.\n\nStart with `ddc-deploy demo` to see the suite at work."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print every contract's optimised Wasm size against its goal (the bundles
    /// are built when this tool is compiled).
    Build,
    /// Deploy the suite on a network (uploads, instantiates in dependency order, hands a demo
    /// cluster to the multisig, smoke-checks, records).
    Deploy {
        /// Network file name in scripts/networks/ (sandbox, local, cere-testnet, aleph-testnet).
        #[arg(long, default_value = "sandbox")]
        network: String,
        /// Only simulate every step and print the estimated cost; submit and record nothing.
        #[arg(long)]
        dry_run: bool,
        /// Directory of the deployment records (default: scripts/deployments).
        #[arg(long)]
        deployments: Option<PathBuf>,
        /// Deploy this `.contract` bundle for contract NAME instead of the one the build made
        /// (e.g. a verified build): `--code ddc_bucket=path/to/ddc_bucket.contract`. Repeatable.
        /// It is dry-run like every step: a code the chain rejects stops the tool first.
        #[arg(long, value_name = "NAME=PATH", value_parser = parse_code)]
        code: Vec<(String, PathBuf)>,
    },
    /// Play the suite's story end to end in a fresh sandbox and narrate it.
    Demo,
    /// Measure gas, proof size and storage deposit of every contract's messages, run the
    /// scaling sweeps, and write docs/gas-report.md and docs/gas-report.json.
    Report {
        /// Small sweeps (10 and 30 instead of 10, 100 and 1 000): a quick look, not the report.
        #[arg(long)]
        quick: bool,
        /// Output directory (default: docs/ at the project root).
        #[arg(long)]
        docs: Option<PathBuf>,
    },
    /// Print the live state of a recorded deployment (contracts, clusters, multisig).
    Status {
        #[arg(long, default_value = "sandbox")]
        network: String,
        #[arg(long)]
        deployments: Option<PathBuf>,
    },
    /// Multisig signers: propose, approve, reject, revoke, cancel, execute; list and show.
    Multisig {
        #[command(flatten)]
        common: roles::cli::Common,
        #[command(subcommand)]
        cmd: roles::cli::MultisigCmd,
    },
    /// DAO stakers and voters: stake, delegate, propose, vote, execute, veto; list and show.
    Dao {
        #[command(flatten)]
        common: roles::cli::Common,
        #[command(subcommand)]
        cmd: roles::cli::DaoCmd,
    },
    /// Providers: register nodes, trust managers, change rent; show a node.
    Node {
        #[command(flatten)]
        common: roles::cli::Common,
        #[command(subcommand)]
        cmd: roles::cli::NodeCmd,
    },
    /// Apps: create buckets, deposit, allocate; what a bucket pays and until when it is covered.
    Bucket {
        #[command(flatten)]
        common: roles::cli::Common,
        #[command(subcommand)]
        cmd: roles::cli::BucketCmd,
    },
    /// Governance-token holders: transfer, balance.
    Token {
        #[command(flatten)]
        common: roles::cli::Common,
        #[command(subcommand)]
        cmd: roles::cli::TokenCmd,
    },
    /// Let blocks and time pass on the sandbox (blocks also on an instant-seal dev node).
    Advance {
        #[command(flatten)]
        common: roles::cli::Common,
        /// Build this many blocks (6 s of clock each on the sandbox).
        #[arg(long)]
        blocks: Option<u32>,
        /// Move the sandbox's clock forward in one block (e.g. 8d, 12h).
        #[arg(long)]
        time: Option<String>,
    },
}

fn main() -> Result<()> {
    match Cli::parse().command {
        Command::Build => build(),
        Command::Deploy {
            network,
            dry_run,
            deployments,
            code,
        } => {
            let deployments = deployments.unwrap_or_else(default_deployments);
            deploy_on(&network, dry_run, deployments, code)
        }
        Command::Demo => demo::run(),
        Command::Report { quick, docs } => {
            let docs = docs.unwrap_or_else(|| network::scripts_dir().join("../docs"));
            let report = report::run(&docs, quick)?;
            for sweep in &report.sweeps {
                println!(
                    "{:<45} {:<18} spread {:>7.2} %  {}",
                    sweep.operation,
                    sweep.claim,
                    sweep.spread_percent,
                    if sweep.holds {
                        "holds"
                    } else {
                        "DOES NOT HOLD"
                    }
                );
            }
            println!(
                "{} messages measured; wrote {}/gas-report.md and gas-report.json",
                report.measurements.len(),
                docs.display()
            );
            Ok(())
        }
        Command::Status {
            network,
            deployments,
        } => status(&network, deployments.unwrap_or_else(default_deployments)),
        Command::Multisig { common, cmd } => {
            roles::run(&common, roles::cli::RoleCmd::Multisig(cmd))
        }
        Command::Dao { common, cmd } => roles::run(&common, roles::cli::RoleCmd::Dao(cmd)),
        Command::Node { common, cmd } => roles::run(&common, roles::cli::RoleCmd::Node(cmd)),
        Command::Bucket { common, cmd } => roles::run(&common, roles::cli::RoleCmd::Bucket(cmd)),
        Command::Token { common, cmd } => roles::run(&common, roles::cli::RoleCmd::Token(cmd)),
        Command::Advance {
            common,
            blocks,
            time,
        } => roles::run(&common, roles::cli::RoleCmd::Advance { blocks, time }),
    }
}

fn load_network(name: &str) -> Result<Network> {
    Network::load(&network::scripts_dir().join("networks"), name)
}

/// The sandbox keeps its chain state next to its record.
fn sandbox_state(deployments: &std::path::Path, network: &str) -> PathBuf {
    deployments.join(format!("{network}.state"))
}

/// `NAME=PATH` of `deploy --code`.
fn parse_code(arg: &str) -> std::result::Result<(String, PathBuf), String> {
    match arg.split_once('=') {
        Some((name, path)) if !name.is_empty() && !path.is_empty() => {
            Ok((name.to_string(), PathBuf::from(path)))
        }
        _ => Err(format!("expected NAME=PATH, got '{arg}'")),
    }
}

fn deploy_on(
    name: &str,
    dry_run: bool,
    deployments: PathBuf,
    code: Vec<(String, PathBuf)>,
) -> Result<()> {
    let network = load_network(name)?;
    deploy::check_supported(&network)?;
    println!(
        "deploying the DDC suite on '{}'{}",
        network.name,
        if dry_run { " (dry run)" } else { "" }
    );
    let options = Options {
        network: network.clone(),
        deployments: deployments.clone(),
        dry_run,
        code,
    };
    let report = match network.kind {
        Kind::Sandbox => {
            let mut backend =
                SandboxBackend::open(Some(sandbox_state(&deployments, &network.name)))?;
            deploy::deploy(&mut backend, &options)?
        }
        Kind::Chain => {
            let mut backend = chain::ChainBackend::connect(&network, dry_run)?;
            deploy::deploy(&mut backend, &options)?
        }
    };
    deploy::print_table(&report, dry_run);
    if !dry_run {
        println!(
            "record: {}",
            Record::path(&deployments, &network.name).display()
        );
    }
    Ok(())
}

fn status(name: &str, deployments: PathBuf) -> Result<()> {
    let network = load_network(name)?;
    let contracts = Contracts::load()?;
    let mut backend: Box<dyn StatusBackend> = match network.kind {
        Kind::Sandbox => {
            let state = sandbox_state(&deployments, &network.name);
            if !state.exists() {
                bail!(
                    "nothing deployed on '{}' yet (no {}): run `ddc-deploy deploy --network {}`",
                    network.name,
                    state.display(),
                    network.name
                );
            }
            Box::new(SandboxBackend::open(Some(state))?)
        }
        Kind::Chain => Box::new(chain::ChainBackend::connect(&network, true)?),
    };
    let chain = backend.chain()?;
    let record = Record::load(&deployments, &network.name, &chain)?.with_context(|| {
        format!(
            "no deployment record for '{}' in {}",
            network.name,
            deployments.display()
        )
    })?;
    println!(
        "network '{}' (chain {}), deployed by {} at commit {}",
        record.network, record.chain, record.deployer, record.git_commit
    );
    for (name, deployed) in &record.contracts {
        let address = AccountId32::from_ss58check(&deployed.address)
            .map_err(|e| anyhow::anyhow!("record: bad address: {e:?}"))?;
        let live = backend.live_code(&address)?;
        let state = match live {
            Some(hash) if hash == deployed.code_hash => "live, code as recorded",
            Some(_) => "live, CODE CHANGED since the record",
            None => "MISSING on chain",
        };
        println!("  {name:<18} {}  {state}", deployed.address);
    }
    let dao = match record.contracts.get("manager_dao") {
        Some(dao) => Some(
            AccountId32::from_ss58check(&dao.address)
                .map_err(|e| anyhow::anyhow!("record: bad address: {e:?}"))?,
        ),
        None => None,
    };
    if let (Some(core), Some(multisig)) = (
        record.contracts.get("ddc_bucket"),
        record.contracts.get("manager_multisig"),
    ) {
        let core = AccountId32::from_ss58check(&core.address)
            .map_err(|e| anyhow::anyhow!("record: bad address: {e:?}"))?;
        let multisig = AccountId32::from_ss58check(&multisig.address)
            .map_err(|e| anyhow::anyhow!("record: bad address: {e:?}"))?;
        backend.print_live(&contracts, &core, &multisig, dao.as_ref())?;
    }
    if let Some(dao) = dao {
        backend.print_dao(&contracts, &dao)?;
    }
    Ok(())
}

/// What `status` needs of a backend, object-safe.
trait StatusBackend {
    fn chain(&mut self) -> Result<String>;
    fn live_code(&mut self, address: &AccountId32) -> Result<Option<String>>;
    fn print_live(
        &mut self,
        contracts: &Contracts,
        core: &AccountId32,
        multisig: &AccountId32,
        dao: Option<&AccountId32>,
    ) -> Result<()>;
    fn print_dao(&mut self, contracts: &Contracts, dao: &AccountId32) -> Result<()>;
}

impl<B: Backend> StatusBackend for B {
    fn chain(&mut self) -> Result<String> {
        self.chain_id()
    }

    fn print_dao(&mut self, contracts: &Contracts, dao: &AccountId32) -> Result<()> {
        use ddc_tests::dao::manager_dao::types::{Config, ProposalInfo};
        self.prepare(&contracts.dao, dao);
        let (config, _) = self.call::<Config>(&contracts.dao, dao, "config", &[])?;
        let (staked, _) = self.call::<u128>(
            &contracts.dao,
            dao,
            "total_stake_at",
            &[u32::MAX.to_string()],
        )?;
        use ddc_tests::dao::manager_dao::types::{Error, MAX_PAGE};
        type Page = std::result::Result<(Vec<ProposalInfo>, u64), Error>;
        // The newest page (at most `MAX_PAGE` proposals): an empty page gives the count first.
        let (page, _) =
            self.call::<Page>(&contracts.dao, dao, "proposals", &["0".into(), "0".into()])?;
        let (_, count) = page.map_err(|e| anyhow::anyhow!("proposals: {e:?}"))?;
        let offset = count.saturating_sub(u64::from(MAX_PAGE));
        let (page, _) = self.call::<Page>(
            &contracts.dao,
            dao,
            "proposals",
            &[offset.to_string(), MAX_PAGE.to_string()],
        )?;
        let (proposals, count) = page.map_err(|e| anyhow::anyhow!("proposals: {e:?}"))?;
        println!(
            "DAO: {} staked, quorum {} bp (critical {} bp), voting {} blocks, guardian {}, {count} proposals",
            deploy::format_tokens(i128::try_from(staked).unwrap_or(i128::MAX)),
            config.settings.quorum_bp,
            config.settings.critical_quorum_bp,
            config.settings.voting_period,
            if config.guardian.is_some() {
                "set"
            } else {
                "none"
            }
        );
        for info in proposals.iter().rev() {
            println!(
                "  proposal {}: {:?}, for {} / against {} / abstain {}",
                info.id,
                info.state,
                info.proposal.for_votes,
                info.proposal.against_votes,
                info.proposal.abstain_votes
            );
        }
        Ok(())
    }

    fn live_code(&mut self, address: &AccountId32) -> Result<Option<String>> {
        self.code_hash_at(address)
    }

    fn print_live(
        &mut self,
        contracts: &Contracts,
        core: &AccountId32,
        multisig: &AccountId32,
        dao: Option<&AccountId32>,
    ) -> Result<()> {
        use ddc_tests::ddc_types::{ClusterInfo, Error};
        use manager_multisig::logic::{Config, Proposal};
        self.prepare(&contracts.core, core);
        self.prepare(&contracts.multisig, multisig);
        let (clusters, _) = self.call::<Result<(Vec<ClusterInfo>, u32), Error>>(
            &contracts.core,
            core,
            "cluster_list",
            &["0".into(), "32".into(), "None".into()],
        )?;
        let (clusters, total) = clusters.map_err(|e| anyhow::anyhow!("cluster_list: {e:?}"))?;
        println!("clusters: {total}");
        for cluster in clusters {
            let manager = AccountId32::new(*cluster.manager.as_ref());
            let who = if manager == *multisig {
                " (the multisig)"
            } else if Some(&manager) == dao {
                " (the DAO)"
            } else {
                ""
            };
            println!(
                "  cluster {}: manager {}{who}, {} vnodes, resource {}/{} per vnode, revenues {}",
                cluster.cluster_id,
                manager.to_ss58check(),
                cluster.v_node_count,
                cluster.resource_used,
                cluster.resource_per_vnode,
                cluster.revenues
            );
        }
        let (config, _) = self.call::<Config>(&contracts.multisig, multisig, "config", &[])?;
        println!(
            "multisig: {} of {} signers, epoch {}, {} proposals",
            config.threshold,
            config.signers.len(),
            config.epoch,
            config.next_id
        );
        let first = config.next_id.saturating_sub(8);
        let (page, _) = self
            .call::<Result<(Vec<(u64, Proposal)>, u64), manager_multisig::logic::Error>>(
                &contracts.multisig,
                multisig,
                "proposals",
                &[first.to_string(), "8".into()],
            )?;
        for (id, proposal) in page.map_err(|e| anyhow::anyhow!("proposals: {e:?}"))?.0 {
            println!(
                "  proposal {id}: {:?}, {} approvals, {:?}",
                proposal.state, proposal.approvals, proposal.action
            );
        }
        Ok(())
    }
}

fn build() -> Result<()> {
    println!(
        "{:<20} {:>10} {:>10} {:>10}",
        "contract", "wasm bytes", "goal", "status"
    );
    let token_goal = 16 * 1024;
    let token = (
        "governance_token",
        ddc_bundles::governance_token_bundle().wasm.len(),
        token_goal,
    );
    let mut sizes = Vec::new();
    for size in CODE_SIZES {
        let wasm = size
            .bundle
            .bundle()
            .with_context(|| format!("loading the {} bundle", size.name))?
            .wasm
            .len();
        sizes.push((size.name, wasm, size.goal));
    }
    sizes.push(token);
    let mut over = Vec::new();
    for (name, wasm, goal) in sizes {
        let status = if wasm > goal { "OVER" } else { "ok" };
        if wasm > goal {
            over.push(name);
        }
        println!("{name:<20} {wasm:>10} {goal:>10} {status:>10}");
    }
    if !over.is_empty() {
        bail!("over the code-size goal: {}", over.join(", "));
    }
    Ok(())
}
