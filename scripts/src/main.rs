//! `ddc-deploy` — builds the DDC contract suite and (in later releases) deploys and wires it.
//!
//! `ddc-deploy build`: the contract bundles are built (release, optimised, with the contract lint
//! set) when this tool is compiled, by drink's bundle macro; running it prints each contract's
//! optimised Wasm size against its budget and fails if one is over.

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand};

/// Bundles of every contract this crate depends on with `ink-as-dependency`.
#[drink::contract_bundle_provider]
enum Bundles {}

/// Code-size budgets of the optimised Wasm, in bytes (code is storage deposit on chain).
const BUDGETS: &[(&str, usize)] = &[
    ("ddc_bucket", 64 * 1024),
    ("manager_multisig", 32 * 1024),
    ("manager_dao", 32 * 1024),
    ("governance_token", 16 * 1024),
];

#[derive(Parser)]
#[command(name = "ddc-deploy", about = "Build and deploy the DDC contract suite")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build every contract bundle and print its optimised Wasm size against its budget.
    Build,
}

fn main() -> Result<()> {
    match Cli::parse().command {
        Command::Build => build(),
    }
}

fn build() -> Result<()> {
    println!("{:<20} {:>10} {:>10} {:>8}", "contract", "wasm bytes", "budget", "status");
    let mut over = Vec::new();
    for (name, bundle) in bundles()? {
        let size = bundle.wasm.len();
        let budget = BUDGETS
            .iter()
            .find(|(contract, _)| *contract == name)
            .map(|(_, budget)| *budget);
        let status = match budget {
            Some(budget) if size > budget => {
                over.push(name.clone());
                "OVER"
            }
            Some(_) => "ok",
            None => "-",
        };
        let budget = budget.map_or("-".to_string(), |b| b.to_string());
        println!("{name:<20} {size:>10} {budget:>10} {status:>8}");
    }
    if !over.is_empty() {
        bail!("over the code-size budget: {}", over.join(", "));
    }
    Ok(())
}

/// Every bundle with its contract's crate name, in a stable order.
fn bundles() -> Result<Vec<(String, drink::session::ContractBundle)>> {
    let all = [(Bundles::DdcBucket, "ddc_bucket")];
    all.into_iter()
        .map(|(bundle, name)| {
            let loaded = bundle
                .bundle()
                .with_context(|| format!("loading the {name} bundle"))?;
            Ok((name.to_string(), loaded))
        })
        .collect()
}
