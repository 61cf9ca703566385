//! The contract bundles of the DDC suite, built (release, optimised, with the contract lint set)
//! when this crate compiles, and what the project expects of their size. Both the drink tests
//! (`ddc_tests`, which re-exports everything here) and the deploy tool use it, so neither
//! depends on the other for its bundles.
//!
//! - [`BundleProvider`]: drink's bundle macro builds every crate with the `ink-as-dependency`
//!   feature on in this workspace's dependency graph: `ddc_bucket`, `mock_core`, `manager_dao`,
//!   `manager_multisig`.
//! - [`GOVERNANCE_TOKEN_BUNDLE`]: the governance token's bundle comes from `ddc_bundle_macro`
//!   rather than drink's macro: the token depends on the `psp22` crate with `ink-as-dependency`,
//!   and drink's macro builds every such crate as a contract — psp22's own example contract,
//!   which fails the contract lint set (`cast_possible_truncation` in its error derive).

use drink::session::ContractBundle;

/// Bundles of every contract this crate depends on with `ink-as-dependency`.
#[drink::contract_bundle_provider]
pub enum BundleProvider {}

/// Code size per contract, in bytes of optimised Wasm (on Cere every code byte is deposit).
pub struct CodeSize {
    pub bundle: BundleProvider,
    pub name: &'static str,
    /// The design goal, or the higher ceiling an issue allowed for its features, which the
    /// tests' `suite/sizes.rs` enforces.
    pub goal: usize,
}

/// The goals of the contracts the bundle macro builds. governance_token is not built by it; its
/// 16 KiB goal is checked in the tests' `suite/dao.rs`.
pub const CODE_SIZES: &[CodeSize] = &[
    CodeSize {
        bundle: BundleProvider::DdcBucket,
        name: "ddc_bucket",
        // The design goal is 64 KiB; the money hardening (rate periods, rent steps, earnings,
        // funded allocation and eviction) was allowed up to 72 KiB: safety first.
        goal: 72 * 1024,
    },
    CodeSize {
        bundle: BundleProvider::ManagerMultisig,
        name: "manager_multisig",
        goal: 32 * 1024,
    },
    CodeSize {
        bundle: BundleProvider::ManagerDao,
        name: "manager_dao",
        // The design goal is 32 KiB; delegation (two weight rings per account) and critical
        // thresholds were allowed up to 36 KiB.
        goal: 36 * 1024,
    },
];

/// Where the governance token's bundle is (built, release and optimised with the contract lint
/// set, when this crate compiles).
pub const GOVERNANCE_TOKEN_BUNDLE: &str =
    ddc_bundle_macro::contract_bundle_path!("../../contracts/governance_token");

/// The governance token's bundle.
pub fn governance_token_bundle() -> ContractBundle {
    ContractBundle::load(GOVERNANCE_TOKEN_BUNDLE).expect("governance_token bundle")
}
