#!/usr/bin/env bash
# Installs what the node end-to-end run needs: Debian packages, a toolchain of the node's time,
# and substrate-contracts-node 0.42.0 (the last release with pallet-contracts) from crates.io.
# Idempotent: returns at once when the node is already installed. Takes about 42 minutes on
# 2 cores the first time; never part of the test command.
set -euo pipefail

if command -v substrate-contracts-node >/dev/null \
    && substrate-contracts-node --version 2>/dev/null | grep -q '0\.42\.0'; then
    echo "substrate-contracts-node 0.42.0 is installed: $(command -v substrate-contracts-node)"
    exit 0
fi

step() { printf '== %s\n' "$*"; }

step "Debian packages: protobuf-compiler (litep2p), clang and libclang-dev (rocksdb bindings)"
if ! command -v protoc >/dev/null || ! command -v clang >/dev/null; then
    apt-get update -qq
    apt-get install -y -qq protobuf-compiler clang libclang-dev >/dev/null
fi

step "toolchain 1.81.0 with rust-src and wasm32-unknown-unknown (the node's runtimes build with it)"
rustup toolchain install 1.81.0 --profile minimal -c rust-src -t wasm32-unknown-unknown >/dev/null

# A fixed target directory lets a retry reuse the ~900 crates already built.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/contracts-node-target}"

step "fetching contracts-node 0.42.0"
registry_src() { ls -d "$HOME"/.cargo/registry/src/*/contracts-node-0.42.0 2>/dev/null | head -1; }
if [ -z "$(registry_src)" ]; then
    # `cargo install` unpacks the package before it compiles anything: start one, wait for the
    # sources, stop it (the real install below needs their path).
    cargo +1.81.0 install contracts-node --version 0.42.0 --locked --no-track --root "$(mktemp -d)" \
        --target-dir "$CARGO_TARGET_DIR" >/dev/null 2>&1 &
    pid=$!
    for _ in $(seq 1 120); do
        [ -n "$(registry_src)" ] && break
        sleep 1
    done
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
fi
hint=$(registry_src)
if [ -z "$hint" ]; then
    echo "could not unpack contracts-node 0.42.0 from crates.io" >&2
    exit 1
fi

# The runtime's Wasm build runs `cargo metadata` on a generated project; without a hint it finds
# no lockfile, resolves the newest crates and fails on one that needs edition 2024.
export WASM_BUILD_WORKSPACE_HINT="$hint"

step "building and installing substrate-contracts-node (about 40 minutes on 2 cores)"
start=$(date +%s)
cargo +1.81.0 install contracts-node --version 0.42.0 --locked
echo "installed in $(( ($(date +%s) - start) / 60 )) min: $(command -v substrate-contracts-node)"
