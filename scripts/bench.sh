#!/usr/bin/env bash
# Measures the pallet's weights and writes them to pallets/dynamic-tao/src/weights.rs:
# builds the node with its opt-in `runtime-benchmarks` feature, then runs every benchmark of
# pallet_dynamic_tao in the runtime's Wasm on the dev chain spec. See docs/benchmarking.md.
#   scripts/bench.sh                 # steps 50, repeat 20 (the figures in the docs)
#   STEPS=10 REPEAT=5 scripts/bench.sh  # a quicker, noisier run
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=scripts/common.sh
source "$here/common.sh"

"$here/setup.sh"
wasm_env
cd "$DTAO_ROOT"
# frame-benchmarking-cli's storage benchmarks carry a test runtime of their own, whose Wasm
# build cannot find its package in this workspace's metadata. `benchmark pallet` does not use it.
export SKIP_FRAME_STORAGE_ACCESS_TEST_RUNTIME_WASM_BUILD=1
step "build dtao-node with runtime-benchmarks (release)" \
	cargo build --locked --release -p dtao-node --features runtime-benchmarks
step "benchmark pallet_dynamic_tao" "$(target_dir)/release/dtao-node" benchmark pallet \
	--chain dev \
	--pallet pallet_dynamic_tao \
	--extrinsic '*' \
	--steps "${STEPS:-50}" \
	--repeat "${REPEAT:-20}" \
	--wasm-execution compiled \
	--heap-pages 4096 \
	--template scripts/weight-template.hbs \
	--output pallets/dynamic-tao/src/weights.rs
say "wrote pallets/dynamic-tao/src/weights.rs"
