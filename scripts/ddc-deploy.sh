#!/usr/bin/env bash
# The project's main job: the deploy tool, with the pinned toolchain and a warm target dir.
#   bash scripts/ddc-deploy.sh deploy                 # deploy the suite on the sandbox (default)
#   bash scripts/ddc-deploy.sh deploy --network local --dry-run
#   bash scripts/ddc-deploy.sh demo                   # the suite's story, narrated
#   bash scripts/ddc-deploy.sh status                 # live state of the recorded deployment
#   bash scripts/ddc-deploy.sh --help
# The first run compiles the tool and builds every contract bundle (see README for times).
source "$(dirname "$0")/env.sh"
cd tests
# Build quietly (the bundle macro's contract builds are chatty); show the log only on failure.
log=$(mktemp)
trap 'rm -f "$log"' EXIT
echo "building the deploy tool and the contract bundles (a fresh machine: ~30 min on 2 cores)…" >&2
cargo build --locked --profile drinktest -p ddc-deploy >"$log" 2>&1 &
build=$!
# Progress every 30 s while it builds: crates compiled so far and the one being compiled.
ticks=0
while kill -0 "$build" 2>/dev/null; do
    sleep 1
    ticks=$((ticks + 1))
    if [ $((ticks % 30)) -eq 0 ]; then
        done_count=$(grep -c '^ *Compiling' "$log" || true)
        now=$(grep '^ *Compiling' "$log" | tail -1 | awk '{print $2, $3}' || true)
        echo "  … ${ticks}s: $done_count crates compiled so far (now: ${now:-contract bundles})" >&2
    fi
done
if ! wait "$build"; then
    cat "$log" >&2
    exit 1
fi
"$CARGO_TARGET_DIR/drinktest/ddc-deploy" "$@"
