# Sourced by the project's commands: installs the pinned toolchain and sets the build environment.
# shellcheck shell=bash
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# The toolchain named in rust-toolchain.toml (channel, components, wasm target); idempotent.
if ! out=$(rustup toolchain install 2>&1); then echo "$out" >&2; exit 1; fi
# contract-build re-resolves each contract's dependencies in a temporary workspace: keep the
# resolver on versions that support Rust 1.86 there too.
export CARGO_RESOLVER_INCOMPATIBLE_RUST_VERSIONS=fallback
# Builds stay warm outside the work tree (a clean drink build takes ~25 min on 2 cores).
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/ddc-target}"
