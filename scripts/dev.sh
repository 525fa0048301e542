#!/usr/bin/env bash
# Sets up this machine, builds the node and launches a dev chain: RPC on ws://127.0.0.1:9944,
# a block every 3 s, Alice as sudo, the dev accounts endowed. Chain data is thrown away on exit
# unless you pass `--base-path <dir>`. Extra arguments go to the node, e.g.
#   scripts/dev.sh --consensus instant-seal --base-path /tmp/dtao
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=scripts/common.sh
source "$here/common.sh"

"$here/setup.sh"
wasm_env
cd "$DTAO_ROOT"
step "build dtao-node (release)" cargo build --locked --release -p dtao-node
say "launching: dtao-node --dev $*  (polkadot.js: ws://127.0.0.1:9944)"
exec "$(target_dir)/release/dtao-node" --dev "$@"
