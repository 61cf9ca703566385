#!/usr/bin/env bash
# End-to-end run of the deploy tool against a local contracts-node (not part of the test command:
# the node takes over an hour to build on 2 cores).
#
#   Install once:  bash scripts/install-node.sh   (about 42 minutes on 2 cores)
#   Then:          bash scripts/e2e-node.sh
#
# Starts `substrate-contracts-node --dev` on ws://127.0.0.1:9944 (unless one already answers),
# deploys the suite as //Alice with the `local` network file, deploys again (every finished step
# must be skipped), prints `status`, and stops the node it started.
source "$(dirname "$0")/env.sh"

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
expect_refusal() { # <secret URI> <what the error must say>
    local dir out
    dir=$(mktemp -d)
    if out=$(DDC_LOCAL_SURI="$1" RUST_BACKTRACE=0 run deploy --network local --deployments "$dir" 2>&1); then
        echo "deploy as '$1' should have failed" >&2
        exit 1
    fi
    if ! grep -q "$2" <<<"$out"; then
        echo "deploy as '$1' failed without saying '$2':" >&2
        echo "$out" >&2
        exit 1
    fi
    if [ -n "$(ls -A "$dir")" ]; then
        echo "deploy as '$1' recorded something in $dir" >&2
        exit 1
    fi
    echo "refused as expected: $(grep -m1 '^Error' <<<"$out")"
}
expect_refusal "not a secret uri" "invalid secret URI"
expect_refusal "//NobodyHasFunds" "free balance does not cover"
echo "e2e against the local node: ok (record in $records/local.json)"
