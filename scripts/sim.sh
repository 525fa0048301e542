#!/usr/bin/env bash
# Runs one simulator scenario against the dev runtime (docs/simulator.md): sets the machine up,
# builds dtao-sim in release, runs the scenario and writes its CSV series, summary.json and SVG
# plots to sim/out/<scenario>/.
#   scripts/sim.sh pump-hold                  # sim/scenarios/pump-hold.toml
#   scripts/sim.sh path/to/mine.toml --blocks 7200 --out /tmp/mine
#   scripts/sim.sh pump-hold --rule log-price # under another share rule
#   scripts/sim.sh compare                    # every scenario under every share rule
#   scripts/sim.sh bench                      # blocks per second: 32 subnets, tempo 360
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=scripts/common.sh
source "$here/common.sh"

[ $# -ge 1 ] || { echo "usage: scripts/sim.sh SCENARIO|compare|bench [dtao-sim options]" >&2; exit 2; }
scenario="$1"
shift

"$here/setup.sh"
wasm_env
cd "$DTAO_ROOT"
step "build dtao-sim (release)" cargo build --locked --release -p dtao-sim
sim="$(target_dir)/release/dtao-sim"
if [ "$scenario" = bench ] || [ "$scenario" = compare ]; then
	exec "$sim" "$scenario" "$@"
fi
[ -f "$scenario" ] || scenario="sim/scenarios/$scenario.toml"
[ -f "$scenario" ] || { echo "no scenario $scenario (see sim/scenarios/)" >&2; exit 2; }
exec "$sim" run "$scenario" "$@"
