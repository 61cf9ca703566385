#!/usr/bin/env bash
# The project's test command: unit tests of every contract's logic, then the drink! sandbox suite
# (which builds every contract bundle in release mode with the contract lint set first).
source "$(dirname "$0")/env.sh"

echo "== unit tests (contracts workspace)"
cargo test --locked --workspace

echo "== drink! sandbox tests (tests/)"
cd tests
cargo test --locked --profile drinktest
