#!/usr/bin/env bash
# The project's test command: unit tests of every contract's logic, then the drink! sandbox suite
# (which builds every contract bundle in release mode with the contract lint set first), then the
# ink_e2e flows on ink_e2e's sandbox backend (their node-backend twins run in e2e-node.sh).
# Ends with one line totalling every test run: "total: N passed, N failed".
source "$(dirname "$0")/env.sh"

log=$(mktemp)
trap 'rm -f "$log"' EXIT
run() {
    "$@" 2>&1 | tee -a "$log"
}

echo "== unit tests (contracts workspace)"
run cargo test --locked --workspace

echo "== drink! sandbox tests (tests/)"
(cd tests && run cargo test --locked --profile drinktest --workspace --tests)

echo "== ink_e2e flows on ink_e2e's sandbox backend (e2e/)"
# Its own workspace and target directory (ink_e2e's subxt differs from the deploy tool's).
(cd e2e && export CARGO_TARGET_DIR="$CARGO_TARGET_DIR/e2e" && run cargo test --locked --profile drinktest)

awk '/^test result:/ { for (i = 1; i <= NF; i++) { if ($(i+1) ~ /^passed/) p += $i; if ($(i+1) ~ /^failed/) f += $i } }
     END { printf "total: %d passed, %d failed\n", p, f }' "$log"
