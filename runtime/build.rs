//! Builds the runtime to Wasm (`WASM_BINARY`) with substrate-wasm-builder. The toolchain it uses
//! is set up by `scripts/setup.sh`; `SKIP_WASM_BUILD=1` skips it for native-only checks.

fn main() {
	#[cfg(feature = "std")]
	substrate_wasm_builder::WasmBuilder::build_using_defaults();
}
