//! `ddc-deploy` — builds the DDC contract suite and (in later releases) deploys and wires it.
//!
//! `ddc-deploy build`: the contract bundles are built (release, optimised, with the contract lint
//! set) when this tool is compiled, by drink's bundle macro in `ddc_tests`; running it prints each
//! contract's optimised Wasm size against its budget and fails if one is over.

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand};
use ddc_tests::CODE_SIZE_BUDGETS;

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
    println!(
        "{:<20} {:>10} {:>10} {:>6}",
        "contract", "wasm bytes", "budget", "status"
    );
    let mut over = Vec::new();
    for (bundle, name, budget) in CODE_SIZE_BUDGETS {
        let size = bundle
            .bundle()
            .with_context(|| format!("loading the {name} bundle"))?
            .wasm
            .len();
        let status = if size > *budget {
            over.push(*name);
            "OVER"
        } else {
            "ok"
        };
        println!("{name:<20} {size:>10} {budget:>10} {status:>6}");
    }
    if !over.is_empty() {
        bail!("over the code-size budget: {}", over.join(", "));
    }
    Ok(())
}
