//! `contract_bundle_path!("relative/path/to/contract")` builds that contract (release, optimised,
//! with the contract lint set — the build drink's bundle macro runs) while the calling crate
//! compiles, and expands to the absolute path of its `.contract` bundle as a string literal.
//!
//! It exists for contracts that drink's `contract_bundle_provider` cannot take as dependencies:
//! the governance token depends on the `psp22` crate with `ink-as-dependency`, and drink's macro
//! builds every crate with that feature as a contract — including psp22's own example contract,
//! which fails the contract lint set. Here only the named contract is built.

use contract_build::{
    BuildArtifacts, BuildMode, ExecuteArgs, Features, ImageVariant, ManifestPath, Network,
    OptimizationPasses, OutputType, Target, UnstableFlags, Verbosity, DEFAULT_MAX_MEMORY_PAGES,
};
use proc_macro::TokenStream;
use std::path::PathBuf;
use std::str::FromStr;

/// Build the contract whose directory (holding its `Cargo.toml`) is given relative to the
/// calling crate's manifest directory; expands to the bundle's path.
#[proc_macro]
pub fn contract_bundle_path(input: TokenStream) -> TokenStream {
    let literal = input.to_string();
    let relative = literal.trim().trim_matches('"');
    let caller_dir = std::env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR is set");
    let manifest = PathBuf::from(caller_dir).join(relative).join("Cargo.toml");
    let args = ExecuteArgs {
        manifest_path: ManifestPath::new(&manifest)
            .unwrap_or_else(|e| panic!("manifest {}: {e}", manifest.display())),
        verbosity: Verbosity::Default,
        build_mode: BuildMode::Release,
        features: Features::default(),
        network: Network::Online,
        build_artifact: BuildArtifacts::All,
        unstable_flags: UnstableFlags::default(),
        optimization_passes: Some(OptimizationPasses::default()),
        keep_debug_symbols: false,
        extra_lints: false,
        output_type: OutputType::HumanReadable,
        skip_wasm_validation: false,
        target: Target::Wasm,
        max_memory_pages: DEFAULT_MAX_MEMORY_PAGES,
        image: ImageVariant::Default,
    };
    let bundle = contract_build::execute(args)
        .unwrap_or_else(|e| panic!("building {}: {e:?}", manifest.display()))
        .metadata_result
        .expect("metadata generated")
        .dest_bundle;
    TokenStream::from_str(&format!("{:?}", bundle.display().to_string())).expect("a string literal")
}
