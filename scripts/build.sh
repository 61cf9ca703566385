#!/usr/bin/env bash
# Build every contract to an optimised .contract bundle and print each Wasm size against its
# goal and ceiling (fails if one is over its ceiling).
exec bash "$(dirname "$0")/ddc-deploy.sh" build "$@"
