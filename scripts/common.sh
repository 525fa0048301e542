# Shared helpers for the scripts in this folder. Source it; do not run it.
# shellcheck shell=bash

say() { printf '\033[1m[dtao]\033[0m %s\n' "$*" >&2; }
warn() { printf '\033[1;33m[dtao] warning:\033[0m %s\n' "$*" >&2; }
die() {
	printf '\033[1;31m[dtao] error:\033[0m %s\n' "$*" >&2
	exit 1
}

DTAO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# The channel pinned in rust-toolchain.toml.
native_toolchain() {
	sed -n 's/^channel *= *"\(.*\)"/\1/p' "$DTAO_ROOT/rust-toolchain.toml"
}

# The rustup toolchain that builds the runtime Wasm: the pinned one when it has the target,
# otherwise the Debian toolchain that scripts/setup.sh links as `dtao-wasm`.
# DTAO_WASM_ROUTE=debian prefers the Debian toolchain even where rustup has the target.
wasm_toolchain() {
	local tc debian=no native=no
	tc="$(native_toolchain)"
	rustup target list --toolchain "$tc" --installed 2>/dev/null | grep -qx wasm32v1-none && native=yes
	[ -f /usr/lib/rustlib/wasm32v1-none/lib/.dtao-sysroot ] &&
		rustup run dtao-wasm rustc --version >/dev/null 2>&1 && debian=yes
	if [ "${DTAO_WASM_ROUTE:-auto}" = debian ] && [ $debian = yes ]; then
		echo dtao-wasm
	elif [ "${DTAO_WASM_ROUTE:-auto}" != debian ] && [ $native = yes ]; then
		echo "$tc"
	elif [ "${DTAO_WASM_ROUTE:-auto}" = auto ] && [ $debian = yes ]; then
		echo dtao-wasm
	else
		echo none
	fi
}

# Environment for any cargo command that builds the runtime with its Wasm.
wasm_env() {
	local tc
	tc="$(wasm_toolchain)"
	case "$tc" in
	none) die "no toolchain can build the runtime Wasm: run scripts/setup.sh first" ;;
	"$(native_toolchain)") unset WASM_BUILD_TOOLCHAIN ;;
	*) export WASM_BUILD_TOOLCHAIN="$tc" ;;
	esac
	# The runtime Wasm is always an optimised build, whatever the native profile.
	export WASM_BUILD_TYPE="${WASM_BUILD_TYPE:-release}"
}

# Where cargo puts its output (honours CARGO_TARGET_DIR).
target_dir() {
	echo "${CARGO_TARGET_DIR:-$DTAO_ROOT/target}"
}

# Runs a named step and prints how long it took.
step() {
	local name="$1"
	shift
	say "== $name"
	local start=$SECONDS
	"$@"
	say "== $name: done in $((SECONDS - start)) s"
}
