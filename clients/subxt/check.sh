#!/usr/bin/env bash
# Runs dtao-subxt-check against a dev node of its own (instant seal, throw-away base path, free
# ports on 127.0.0.1), then stops the node.
#
#   clients/subxt/check.sh [NODE_BIN]   # NODE_BIN defaults to the workspace's release node
#
# Build the checker first: `cargo build --locked --release --manifest-path clients/subxt/Cargo.toml`.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
node_bin="${1:-${CARGO_TARGET_DIR:-$root/target}/release/dtao-node}"
checker="${CARGO_TARGET_DIR:-$here/target}/release/dtao-subxt-check"
[ -x "$node_bin" ] || { echo "no node binary at $node_bin" >&2; exit 1; }
[ -x "$checker" ] || { echo "no checker at $checker: build clients/subxt first" >&2; exit 1; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
rpc_port="$(free_port)"
p2p_port="$(free_port)"
base="$(mktemp -d)"
"$node_bin" --dev --base-path "$base" --consensus instant-seal --rpc-port "$rpc_port" \
	--port "$p2p_port" --no-prometheus --no-telemetry >"$base/node.log" 2>&1 &
node_pid=$!
cleanup() {
	kill -INT "$node_pid" 2>/dev/null && wait "$node_pid" 2>/dev/null || true
	rm -rf "$base"
}
trap cleanup EXIT

# Wait (at most 120 s) for the RPC to answer.
for _ in $(seq 480); do
	curl -sf -H 'content-type: application/json' \
		-d '{"id":1,"jsonrpc":"2.0","method":"system_health","params":[]}' \
		"http://127.0.0.1:$rpc_port" >/dev/null && break
	kill -0 "$node_pid" 2>/dev/null || { cat "$base/node.log" >&2; exit 1; }
	sleep 0.25
done

DTAO_WS="ws://127.0.0.1:$rpc_port" "$checker"
