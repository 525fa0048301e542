#!/usr/bin/env bash
# The big run of the pallet's property-based state-machine test (src/tests/fuzz.rs): random
# sequences of every dispatchable interleaved with blocks, with the invariants checked after every
# step. CI runs the same test with 20 000 ops in debug; this runs 1 000 000 in release.
#
#   scripts/fuzz.sh                      # 1 000 000 ops, a fresh random seed (printed)
#   scripts/fuzz.sh --seed 1234          # reproduce a failure (the seed it printed)
#   scripts/fuzz.sh --ops 100000 --len 500 --strict limits,shares,dissolution --debug
#
# --ops N      ops in all (default 1 000 000)
# --seed S     the proptest seed (default: random); a failure prints the seed that reproduces it
# --len L      the most ops in one case (default 300; cases are 1..=L ops long)
# --strict D   also check known defects: limits, shares, dissolution, token or all (docs/testing.md)
# --debug      build in debug (overflow checks on, about 20× slower) instead of release
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=scripts/common.sh
source "$here/common.sh"

ops=1000000
seed=""
len=300
strict=""
profile=(--release)
while [ $# -gt 0 ]; do
	case "$1" in
	--ops) ops="$2"; shift 2 ;;
	--seed) seed="$2"; shift 2 ;;
	--len) len="$2"; shift 2 ;;
	--strict) strict="$2"; shift 2 ;;
	--debug) profile=(); shift ;;
	-h | --help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) die "unknown option $1 (see --help)" ;;
	esac
done
for n in "$ops" "$len" ${seed:+"$seed"}; do
	[[ "$n" =~ ^[0-9]+$ ]] || die "not a number: $n"
done
# A fresh seed per run explores new sequences; it is printed so that any run can be replayed.
[ -n "$seed" ] || seed=$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')

cd "$DTAO_ROOT"
say "fuzz: $ops ops, seed $seed, cases of up to $len ops${strict:+, strict: $strict}"
log="$(mktemp "${TMPDIR:-/tmp}/dtao-fuzz.XXXXXX")"
start=$SECONDS
status=0
env SKIP_WASM_BUILD=1 DTAO_FUZZ_OPS="$ops" DTAO_FUZZ_SEED="$seed" DTAO_FUZZ_LEN="$len" \
	DTAO_FUZZ_STRICT="$strict" \
	cargo test --locked "${profile[@]}" -p pallet-dynamic-tao --features try-runtime \
	fuzz_every_dispatchable -- --nocapture 2>&1 | tee "$log" || status=$?
say "fuzz: done in $((SECONDS - start)) s (build included)"
# `cargo test` passes when its filter matches nothing: make sure the fuzz test really ran.
grep -q 'dtao fuzz' "$log" || die "the fuzz test did not run (see $log)"
if [ "$status" -ne 0 ]; then
	die "fuzz failed: replay with the command printed above (log: $log)"
fi
rm -f "$log"
say "fuzz passed: $ops ops with seed $seed"
