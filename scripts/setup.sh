#!/usr/bin/env bash
# Makes a fresh machine able to build and test dtao: system packages, the native toolchain and a
# Rust toolchain that can compile the runtime to `wasm32v1-none`.
#
# Idempotent: every step checks before it acts, so running it again costs a few seconds.
#
# Wasm target, two routes (the first that works wins):
#   1. rustup:  `rustup target add wasm32v1-none` for the pinned toolchain (any ordinary machine).
#   2. debian:  Debian's rustc-web/cargo-web 1.96 + rust-web-src + lld-22. `core` and `alloc` are
#               built from source for wasm32v1-none (RUSTC_BOOTSTRAP=1, -Zbuild-std) into that
#               toolchain's sysroot, which is then linked into rustup as `dtao-wasm`.
#               substrate-wasm-builder uses it through WASM_BUILD_TOOLCHAIN (see scripts/env.sh).
# Force a route with DTAO_WASM_ROUTE=rustup|debian.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
# shellcheck source=scripts/common.sh
source "$here/common.sh"

WASM_TARGET=wasm32v1-none
LINKED_TOOLCHAIN=dtao-wasm
DEBIAN_PKGS=(rustc-web cargo-web rust-web-src lld-22)

as_root() {
	if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
		die "need root for: $*"
	fi
}

apt_updated=0
apt_install() {
	local missing=()
	for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
	[ ${#missing[@]} -eq 0 ] && return 0
	command -v apt-get >/dev/null || die "apt-get not found; install these by hand: ${missing[*]}"
	if [ $apt_updated = 0 ]; then
		say "apt-get update"
		as_root apt-get update -qq
		apt_updated=1
	fi
	say "apt-get install ${missing[*]}"
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# --- 1. system packages ------------------------------------------------------------------------
# protoc: litep2p (the node's network stack) compiles its protobufs at build time.
command -v protoc >/dev/null || apt_install protobuf-compiler
command -v cc >/dev/null || apt_install gcc
command -v node >/dev/null && command -v npm >/dev/null || apt_install nodejs npm

# --- 2. native toolchain (rust-toolchain.toml) -------------------------------------------------
command -v rustup >/dev/null || die "rustup not found: install it from your distribution or rustup.rs"
toolchain="$(native_toolchain)"
if ! rustup run "$toolchain" rustc --version >/dev/null 2>&1; then
	say "installing Rust $toolchain (from rust-toolchain.toml)"
	rustup toolchain install "$toolchain" --profile minimal -c rustfmt -c clippy ||
		die "cannot install Rust $toolchain"
fi
say "native toolchain: $(rustup run "$toolchain" rustc --version)"

# --- 3. a toolchain that builds the runtime Wasm -----------------------------------------------
route="${DTAO_WASM_ROUTE:-auto}"

try_rustup_route() {
	if rustup target list --toolchain "$toolchain" --installed 2>/dev/null | grep -qx "$WASM_TARGET"; then
		say "wasm: $WASM_TARGET already installed for $toolchain"
		return 0
	fi
	say "wasm: rustup target add $WASM_TARGET --toolchain $toolchain"
	timeout 300 rustup target add "$WASM_TARGET" --toolchain "$toolchain"
}

# Bump SYSROOT_FORMAT when the way the sysroot is built changes, so old ones are rebuilt.
SYSROOT_FORMAT=2
sysroot_stamp() { echo "format $SYSROOT_FORMAT, $(/usr/bin/rustc --version)"; }

debian_sysroot_ready() {
	local libdir="/usr/lib/rustlib/$WASM_TARGET/lib"
	[ -f "$libdir/.dtao-sysroot" ] && [ "$(cat "$libdir/.dtao-sysroot")" = "$(sysroot_stamp)" ]
}

try_debian_route() {
	apt_install "${DEBIAN_PKGS[@]}" || return 1
	[ -x /usr/bin/rustc ] && /usr/bin/rustc --print target-list | grep -qx "$WASM_TARGET" ||
		{ warn "Debian rustc has no $WASM_TARGET target"; return 1; }
	if debian_sysroot_ready; then
		say "wasm: core/alloc for $WASM_TARGET already in /usr/lib/rustlib ($(/usr/bin/rustc --version))"
	else
		say "wasm: building core+alloc for $WASM_TARGET from rust-web-src (about 30 s)"
		local work
		work="$(mktemp -d)"
		mkdir -p "$work/src"
		printf '[package]\nname = "dtao-sysroot"\nversion = "0.0.0"\nedition = "2021"\n[profile.release]\ndebug = false\n' >"$work/Cargo.toml"
		echo '#![no_std]' >"$work/src/lib.rs"
		# embed-bitcode: the runtime is linked with LTO, which needs the sysroot's bitcode (cargo
		# leaves it out of non-LTO builds, which this one is).
		(cd "$work" && env -u RUSTUP_TOOLCHAIN RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 \
			RUSTFLAGS="-C embed-bitcode=yes" CARGO_TARGET_DIR="$work/target" \
			/usr/bin/cargo build --quiet --release --target "$WASM_TARGET" \
			-Zbuild-std=core,alloc) || { rm -rf "$work"; return 1; }
		local libdir="/usr/lib/rustlib/$WASM_TARGET/lib"
		as_root rm -rf "$libdir"
		as_root mkdir -p "$libdir"
		as_root cp "$work/target/$WASM_TARGET/release/deps/"lib{core,alloc,compiler_builtins}-*.rlib "$libdir/"
		sysroot_stamp | as_root tee "$libdir/.dtao-sysroot" >/dev/null
		rm -rf "$work"
	fi
	# rust-lld (Debian links it to lld-22) is what rustc calls for wasm targets.
	command -v rust-lld >/dev/null || as_root ln -sf "$(command -v lld-22)" /usr/bin/rust-lld
	if ! rustup run "$LINKED_TOOLCHAIN" rustc --version >/dev/null 2>&1; then
		say "wasm: rustup toolchain link $LINKED_TOOLCHAIN /usr"
		rustup toolchain link "$LINKED_TOOLCHAIN" /usr
	fi
}

case "$route" in
rustup) try_rustup_route || die "rustup could not add $WASM_TARGET" ;;
debian) try_debian_route || die "the Debian route failed (see above)" ;;
auto)
	if ! try_rustup_route; then
		warn "rustup cannot add $WASM_TARGET here; falling back to Debian's rustc-web"
		try_debian_route || die "no route to a $WASM_TARGET toolchain worked.
  Either make 'rustup target add $WASM_TARGET' work (network access to the Rust dist server),
  or use a Debian bookworm machine with bookworm-security (rustc-web, cargo-web, rust-web-src, lld-22)."
	fi
	;;
*) die "DTAO_WASM_ROUTE must be rustup, debian or auto (got '$route')" ;;
esac

# Prove it: compile a tiny no_std cdylib for the target with the toolchain the build will use.
wasm_check() {
	local work tc
	work="$(mktemp -d)"
	tc="$(wasm_toolchain)"
	mkdir -p "$work/src"
	# Release with LTO, as substrate-wasm-builder builds the runtime.
	printf '[package]\nname = "wasm-check"\nversion = "0.0.0"\nedition = "2021"\n[lib]\ncrate-type = ["cdylib"]\n[profile.release]\npanic = "abort"\nlto = true\n' >"$work/Cargo.toml"
	cat >"$work/src/lib.rs" <<'RS'
#![no_std]
extern crate alloc;
#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! { loop {} }
struct Nop;
unsafe impl core::alloc::GlobalAlloc for Nop {
	unsafe fn alloc(&self, _: core::alloc::Layout) -> *mut u8 { core::ptr::null_mut() }
	unsafe fn dealloc(&self, _: *mut u8, _: core::alloc::Layout) {}
}
#[global_allocator]
static A: Nop = Nop;
#[no_mangle]
pub extern "C" fn len(n: u32) -> u32 { alloc::vec![0u8; n as usize].len() as u32 }
RS
	(cd "$work" && CARGO_TARGET_DIR="$work/target" rustup run "$tc" cargo build --quiet --release --target "$WASM_TARGET") &&
		[ -f "$work/target/$WASM_TARGET/release/wasm_check.wasm" ]
	local ok=$?
	rm -rf "$work"
	return $ok
}
wasm_check || die "the $WASM_TARGET toolchain ($(wasm_toolchain)) cannot build a Wasm binary"
say "wasm: toolchain '$(wasm_toolchain)' builds $WASM_TARGET binaries"

# --- 4. JavaScript client for the end-to-end tests ---------------------------------------------
if [ -f "$root/e2e/package-lock.json" ] && { [ ! -d "$root/e2e/node_modules/@polkadot/api" ] ||
	[ ! -d "$root/e2e/node_modules/polkadot-api" ]; }; then
	say "npm install (e2e/, the lockfile's versions; scripts/test.sh says why not npm ci)"
	(cd "$root/e2e" && npm install --no-save --no-audit --no-fund --loglevel=error)
fi

say "setup complete"
