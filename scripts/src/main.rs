//! `ddc-deploy` — builds the DDC contract suite and (in later releases) deploys and wires it.
//!
//! `ddc-deploy build`: the contract bundles are built (release, optimised, with the contract lint
//! set) when this tool is compiled, by drink's bundle macro in `ddc_tests`; running it prints each
//! contract's optimised Wasm size against its goal and ceiling and fails if one is over its
//! ceiling.

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand};
use ddc_tests::CODE_SIZES;

#[derive(Parser)]
#[command(name = "ddc-deploy", about = "Build and deploy the DDC contract suite")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build every contract bundle and print its optimised Wasm size against goal and ceiling.
    Build,
}

fn main() -> Result<()> {
    match Cli::parse().command {
        Command::Build => build(),
    }
}

fn build() -> Result<()> {
    println!(
        "{:<20} {:>10} {:>10} {:>10} {:>10}",
        "contract", "wasm bytes", "goal", "ceiling", "status"
    );
    let mut over = Vec::new();
    for size in CODE_SIZES {
        let name = size.name;
        let wasm = size
            .bundle
            .bundle()
            .with_context(|| format!("loading the {name} bundle"))?
            .wasm
            .len();
        let status = if wasm > size.ceiling {
            over.push(name);
            "OVER"
        } else if wasm > size.goal {
            "over goal"
        } else {
            "ok"
        };
        println!(
            "{name:<20} {wasm:>10} {:>10} {:>10} {status:>10}",
            size.goal, size.ceiling
        );
    }
    if !over.is_empty() {
        bail!("over the code-size ceiling: {}", over.join(", "));
    }
    Ok(())
}
