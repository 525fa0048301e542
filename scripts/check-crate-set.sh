#!/usr/bin/env bash
# Fails when the build links two semver-incompatible versions of any sp-*, sc-* or frame-* crate
# (they would not share types: the polkadot-sdk release set must be one consistent set).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
cargo tree --locked --workspace -d --depth 0 --prefix none -e normal,build,dev 2>/dev/null |
	python3 -c '
import re, sys
majors = {}
for line in sys.stdin:
    m = re.match(r"^((?:sp|sc|frame)-[\w-]+) v(\d+)\.(\d+)\.", line.strip())
    if m:
        name, major, minor = m.group(1), int(m.group(2)), int(m.group(3))
        majors.setdefault(name, set()).add(f"{major}" if major else f"0.{minor}")
bad = {n: sorted(v) for n, v in majors.items() if len(v) > 1}
for n, v in sorted(bad.items()):
    print(f"two majors of {n}: {v}", file=sys.stderr)
sys.exit(1 if bad else 0)
'
echo "crate set: one major per sp-/sc-/frame- crate"
