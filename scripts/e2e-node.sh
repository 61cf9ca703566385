#!/usr/bin/env bash
# End-to-end run of the deploy tool against a local contracts-node (not part of the test command:
# the node takes over an hour to build on 2 cores).
#
#   Install once:  bash scripts/install-node.sh   (about 42 minutes on 2 cores)
#   Then:          bash scripts/e2e-node.sh
#
# Starts `substrate-contracts-node --dev` on ws://127.0.0.1:9944 (unless one already answers),
# deploys the suite as //Alice with the `local` network file, deploys again (every finished step
# must be skipped), prints `status`, checks refusals (bad secret URI, unfunded deployer, a code
# the chain rejects), plays one multisig approval and one DAO vote with the role commands, and
# stops the node it started. Then runs the ink_e2e flows (e2e/) on ink_e2e's node backend, each
# test on a fresh node of its own.
source "$(dirname "$0")/env.sh"
root=$(pwd)

if ! command -v substrate-contracts-node >/dev/null; then
    echo "substrate-contracts-node is not installed; see the comment at the top of $0" >&2
    exit 2
fi

started=""
if ! (exec 3<>/dev/tcp/127.0.0.1/9944) 2>/dev/null; then
    log=$(mktemp)
    substrate-contracts-node --dev --tmp --rpc-port 9944 >"$log" 2>&1 &
    started=$!
    trap 'kill "$started" 2>/dev/null || true' EXIT
    for _ in $(seq 1 60); do
        (exec 3<>/dev/tcp/127.0.0.1/9944) 2>/dev/null && break
        sleep 1
    done
fi

export DDC_LOCAL_SURI="${DDC_LOCAL_SURI:-//Alice}"
records=$(mktemp -d)
cd tests
run() { cargo run --locked --profile drinktest -p ddc-deploy -- "$@"; }
run deploy --network local --deployments "$records" --dry-run
run deploy --network local --deployments "$records"
second=$(run deploy --network local --deployments "$records")
echo "$second"
# Every step is finished: the four contracts, the multisig hand-over and the DAO hand-over (on
# the instant-seal dev node the tool lets the vote's blocks pass with System::remark
# transactions, `instant_seal = true` in networks/local.toml).
if [ "$(grep -c '(skipped)' <<<"$second")" -lt 6 ]; then
    echo "second deploy did not skip every finished step" >&2
    exit 1
fi
status=$(run status --network local --deployments "$records")
echo "$status"
if ! grep -q '(the DAO)' <<<"$status"; then
    echo "the DAO does not manage its cluster after deploy" >&2
    exit 1
fi
# Bad inputs against the live node: one clear line, nothing recorded.
expect_refusal() { # <secret URI> <what the error must say> [more deploy arguments]
    local dir out suri=$1 words=$2
    shift 2
    dir=$(mktemp -d)
    if out=$(DDC_LOCAL_SURI="$suri" RUST_BACKTRACE=0 run deploy --network local --deployments "$dir" "$@" 2>&1); then
        echo "deploy as '$suri' $* should have failed" >&2
        exit 1
    fi
    if ! grep -q "$words" <<<"$out"; then
        echo "deploy as '$suri' $* failed without saying '$words':" >&2
        echo "$out" >&2
        exit 1
    fi
    if [ -n "$(ls -A "$dir")" ]; then
        echo "deploy as '$suri' $* recorded something in $dir" >&2
        exit 1
    fi
    echo "refused as expected: $(grep -m1 '^Error' <<<"$out")"
}
expect_refusal "not a secret uri" "invalid secret URI"
expect_refusal "//NobodyHasFunds" "free balance does not cover"
# A code the chain rejects: the core's bundle with an empty Wasm module (no exports).
rejected=$(mktemp -d)/rejected.contract
sed -E 's/"wasm": *"0x[0-9a-f]*"/"wasm": "0x0061736d01000000"/' \
    "$CARGO_TARGET_DIR/ink/ddc_bucket/ddc_bucket.contract" >"$rejected"
expect_refusal "//Alice" "CodeRejected" --code "ddc_bucket=$rejected"
# --- role commands (issue 15) ---
# One multisig approval and one DAO vote through the role commands, one signer per invocation
# (dev accounts: the node endows them). The multisig becomes alice + bob, 2 approvals needed;
# charlie registers a node that alice proposes, bob approves and charlie executes; dave's node
# is admitted to the DAO's cluster by the deployer's stake voting For.
roles() { run "$@" --network local --deployments "$records"; }
roles multisig propose add-signer bob
roles multisig execute 1
roles multisig propose change-threshold 2
roles multisig execute 2
roles node register --key ferdie --capacity 100 --rent 0.5 --as charlie
roles node trust multisig --as charlie
roles multisig propose add-node --cluster 1 --node ferdie --vnodes 1,2 --as alice
if out=$(RUST_BACKTRACE=0 roles multisig approve 3 --as dave 2>&1); then
    echo "dave (not a signer) could approve" >&2
    exit 1
fi
grep -q "not a signer" <<<"$out" || { echo "$out" >&2; exit 1; }
roles multisig approve 3 --as bob
roles multisig execute 3 --as charlie
[ "$(roles multisig show 3 --json | grep -c '"state": "Executed"')" = 1 ] || { echo "multisig proposal 3 not executed" >&2; exit 1; }
roles node show ferdie | grep -q "in cluster 1" || { echo "ferdie is not in cluster 1" >&2; exit 1; }
roles node register --key eve --capacity 100 --rent 0.5 --as dave
roles node trust dao --as dave
roles dao propose add-node --cluster 2 --node eve --vnodes 7,8 --description "admit eve"
roles dao vote 1 for
roles dao show 1
roles advance --blocks 4
roles dao execute 1 --as bob
roles node show eve | grep -q "in cluster 2" || { echo "eve is not in the DAO's cluster 2" >&2; exit 1; }
roles multisig list
roles dao list
echo "role commands against the local node: ok (one multisig approval, one DAO vote)"

# The ink_e2e flows on ink_e2e's node backend: each test starts its own
# `substrate-contracts-node --dev` (ink_e2e's CONTRACTS_NODE convention) and stops it.
cd "$root/e2e"
CONTRACTS_NODE="$(command -v substrate-contracts-node)" CARGO_TARGET_DIR="$CARGO_TARGET_DIR/e2e" \
    cargo test --locked --profile drinktest -- --ignored
echo "e2e against the local node: ok — deploy tool (dry run, deploy, re-deploy skipping all"
echo "  6 steps, status with the DAO's cluster, refusals: bad secret URI, unfunded deployer, code"
echo "  the chain rejects), role commands (one multisig approval, one DAO vote), ink_e2e flows"
echo "  on the node backend (multisig, DAO, bucket); record in $records/local.json"
