#!/usr/bin/env bash
# The whole test suite, from a fresh machine: set-up, formatting, the pallet's unit tests and
# benchmark tests (debug, so overflow checks are on), the runtime's and the node's tests, the
# crate-set check, the simulator's calibration tests and a short scenario, and the end-to-end
# tests against the real node with @polkadot/api, polkadot-api and subxt (typed from the
# runtime's metadata, checked to be current).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=scripts/common.sh
source "$here/common.sh"

total_start=$SECONDS
step "set-up" "$here/setup.sh"
wasm_env
cd "$DTAO_ROOT"

step "format" cargo fmt --all --check
# The pallet needs no Wasm; try-runtime turns on the try_state hook, runtime-benchmarks the
# benchmark tests (each benchmark runs once in the mock, with its verification). The example
# runtime (examples/runtime: a forker's chain, TAO as an asset, a council as admin) is tested
# natively in the same build: its genesis, blocks, calls and the upgrade that adds the pallet.
step "pallet and example runtime tests" env SKIP_WASM_BUILD=1 cargo test --locked \
	-p pallet-dynamic-tao -p dtao-example-runtime --features runtime-benchmarks,try-runtime
# That build regenerated docs/forking.md and the pallet's README from their .docify.md sources
# with the example's code (docify): the committed ones must be what it wrote.
step "docs/forking.md and the crate README are current" \
	git diff --exit-code -- docs/forking.md pallets/dynamic-tao/README.md
# The pallet as a published crate: its docs build without warnings (as docs.rs would build
# them, without try-runtime), and it packages and builds alone from crates.io's index.
step "pallet docs (no warnings)" env SKIP_WASM_BUILD=1 RUSTDOCFLAGS="-D warnings" \
	cargo doc --locked -p pallet-dynamic-tao --no-deps
step "pallet crate: cargo publish --dry-run" env SKIP_WASM_BUILD=1 \
	cargo publish --dry-run --allow-dirty --locked -p pallet-dynamic-tao
# The runtime's benchmark wiring (define_benchmarks, the Benchmark API) compiles. Release, so
# that its build scripts (wasm-opt among them) are shared with the release builds below. The
# node's `benchmark` subcommand is opt-in and heavy, exercised by scripts/bench.sh.
step "runtime with runtime-benchmarks and try-runtime (check)" env SKIP_WASM_BUILD=1 \
	cargo check --locked --release -p dtao-runtime --features runtime-benchmarks,try-runtime
# The simulator's calibration tests run the native runtime: release, sharing its build.
step "runtime, node and simulator tests (release, builds the runtime Wasm)" \
	cargo test --locked --release -p dtao-runtime -p dtao-node -p dtao-sim
# The node and simulator binaries, built with the test step's package set: features unify the
# same way, so its artifacts are reused and only the node's binary is new (`-p dtao-node` alone
# resolved other features and rebuilt for 8 to 13 minutes; docs/building.md).
step "node and simulator binaries (release)" \
	cargo build --locked --release -p dtao-runtime -p dtao-node -p dtao-sim
step "one major per sp-/sc-/frame- crate" "$here/check-crate-set.sh"
# The simulator end to end, short: a scenario with every kind of actor, its outputs written
# (the binary just built; scripts/sim.sh would build `-p dtao-sim` alone, another feature set).
step "simulator: a short baseline run" "$(target_dir)/release/dtao-sim" run \
	sim/scenarios/baseline.toml --blocks 3000 --out "$(target_dir)/sim-ci/baseline"

node_bin="$(target_dir)/release/dtao-node"
cd "$DTAO_ROOT/e2e"
# `npm install --no-save` installs exactly the lockfile's versions and leaves it as it is; `npm ci`
# rejects this lockfile on npm 11, which does not record other platforms' optional packages
# (rollup's, pulled in by the polkadot-api CLI) and then reports them missing (docs/building.md).
[ -d node_modules/@polkadot/api ] && [ -d node_modules/polkadot-api ] ||
	step "npm install (lockfile versions)" npm install --no-save --no-audit --no-fund --loglevel=error
# The typed client's descriptors: the committed metadata must be the runtime's, then the
# descriptors are generated from it (they are not committed).
step "polkadot-api metadata is the runtime's" "$here/papi.sh" check
step "polkadot-api descriptors" npx --no-install papi generate
step "end-to-end (real node, @polkadot/api, polkadot-api)" env DTAO_NODE="$node_bin" npm test
# subxt, typed from the same metadata: its own workspace and lock (clients/subxt/README.md).
cd "$DTAO_ROOT"
step "subxt client (build)" cargo build --locked --release --manifest-path clients/subxt/Cargo.toml
step "subxt client against a dev node" "$DTAO_ROOT/clients/subxt/check.sh" "$node_bin"

say "all tests passed in $((SECONDS - total_start)) s"
