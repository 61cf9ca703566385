#!/usr/bin/env bash
# The project's main job (until the deploy tool lands): build every contract to an optimised
# .contract bundle and print each Wasm size against its budget.
source "$(dirname "$0")/env.sh"
cd tests
cargo run --locked --profile drinktest -p ddc-deploy -- build "$@"
