#!/usr/bin/env bash
# Build every contract to an optimised .contract bundle and print each Wasm size against its
# goal (fails if one is over).
exec bash "$(dirname "$0")/ddc-deploy.sh" build "$@"
