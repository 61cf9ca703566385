//! Rebuild this crate, and so the governance token's bundle its macro builds, when the token's
//! sources change: the token is not a dependency, so cargo would not notice otherwise.

fn main() {
    for file in ["lib.rs", "Cargo.toml"] {
        println!("cargo:rerun-if-changed=../../contracts/governance_token/{file}");
    }
    println!("cargo:rerun-if-changed=build.rs");
}
