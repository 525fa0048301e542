#!/usr/bin/env bash
# polkadot-api descriptors for the e2e tests (e2e/.papi/): the committed metadata must be the
# dev runtime's, so the typed client is typed from what the node runs.
#
#   scripts/papi.sh check [WASM]    # fail if e2e/.papi/metadata/dtao.scale is stale
#   scripts/papi.sh update [WASM]   # rewrite it (and the descriptors) from the runtime
#
# WASM defaults to the release build's runtime (cargo build --release -p dtao-node builds it).
# The descriptors themselves (e2e/.papi/descriptors/dist) are generated, not committed:
# `npx papi generate` in e2e/, which scripts/test.sh runs.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=scripts/common.sh
source "$here/common.sh"

mode="${1:-check}"
wasm="${2:-$(target_dir)/release/wbuild/dtao-runtime/dtao_runtime.compact.compressed.wasm}"
[ -f "$wasm" ] || die "no runtime at $wasm: build it with 'cargo build --release -p dtao-node'"
e2e="$DTAO_ROOT/e2e"
papi="$e2e/node_modules/.bin/papi"
[ -x "$papi" ] || die "polkadot-api is not installed: run 'npm install --no-save' in e2e/"
committed="$e2e/.papi/metadata/dtao.scale"

case "$mode" in
check)
	work="$(mktemp -d)"
	trap 'rm -rf "$work"' EXIT
	(cd "$work" && "$papi" add dtao --wasm "$wasm" --skip-codegen >/dev/null 2>&1) ||
		die "could not read the metadata of $wasm"
	if ! cmp -s "$work/.papi/metadata/dtao.scale" "$committed"; then
		die "e2e/.papi/metadata/dtao.scale is stale: the runtime's metadata changed (run scripts/papi.sh update and commit it)"
	fi
	say "papi: the committed metadata is the runtime's"
	;;
update)
	(cd "$e2e" && "$papi" add dtao --wasm "$wasm")
	say "papi: e2e/.papi updated from $wasm; commit e2e/.papi/metadata/dtao.scale"
	;;
*) die "usage: scripts/papi.sh check|update [WASM]" ;;
esac
