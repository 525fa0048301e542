//! # dtao example runtime: the pallet in a forker's chain
//!
//! A second runtime around `pallet-dynamic-tao`, laid out as the polkadot-sdk solochain template
//! (`configs/` for the pallets' `Config`s, `apis.rs`, `genesis_config_presets.rs`) and
//! configured the way an existing chain differs from the dtao dev runtime
//! (docs/forking.md walks through it):
//!
//! - the native token is `UNIT`, a `u128` with 12 decimals, used for deposits only;
//! - TAO is not native: it is asset [`TAO_ASSET_ID`] of `pallet-assets` (9 decimals), held
//!   through `pallet-assets-holder` and adapted to the pallet's `fungible` traits by
//!   [`tao::Tao`];
//! - no sudo: the pallet's `AdminOrigin` is two thirds of a `pallet-collective` council;
//! - its own pallet id (`exmp/dta`), its own share rule ([`share_rule::SqrtPrice`]) and the
//!   pallet's `StakeWeighted` consensus instead of Yuma;
//! - [`Migrations`] holds the upgrade that adds the pallet to a chain running without it.
//!
//! It is built natively for its tests (`cargo test -p dtao-example-runtime`); it has no node and
//! no Wasm build of its own.

#![cfg_attr(not(feature = "std"), no_std)]
// `construct_runtime` and `impl_runtime_apis` expand to large types.
#![recursion_limit = "256"]

extern crate alloc;

pub mod apis;
pub mod configs;
pub mod genesis_config_presets;
pub mod share_rule;
pub mod tao;
#[cfg(test)]
mod tests;

// The guide and the pallet's crate README embed this runtime's code (docs/forking.md, first
// lines): building the tests regenerates them.
#[cfg(test)]
docify::compile_markdown!("../../docs/forking.docify.md", "../../docs/forking.md");
#[cfg(test)]
docify::compile_markdown!(
	"../../pallets/dynamic-tao/README.docify.md",
	"../../pallets/dynamic-tao/README.md"
);

use sp_runtime::{
	generic,
	traits::{BlakeTwo256, IdentifyAccount, Verify},
	MultiAddress, MultiSignature,
};
use sp_version::RuntimeVersion;

#[sp_version::runtime_version]
pub const VERSION: RuntimeVersion = RuntimeVersion {
	spec_name: alloc::borrow::Cow::Borrowed("dtao-example"),
	impl_name: alloc::borrow::Cow::Borrowed("dtao-example"),
	authoring_version: 1,
	spec_version: 2,
	impl_version: 1,
	apis: apis::RUNTIME_API_VERSIONS,
	transaction_version: 1,
	system_version: 1,
};

/// Signature type of extrinsics.
pub type Signature = MultiSignature;
/// An account id: the public key behind a [`Signature`].
pub type AccountId = <<Signature as Verify>::Signer as IdentifyAccount>::AccountId;
/// Balances of the native token and of every asset: `u128`.
pub type Balance = u128;
/// Transaction index of an account.
pub type Nonce = u32;
/// Block hash.
pub type Hash = sp_core::H256;
/// Block number.
pub type BlockNumber = u32;
/// An asset of `pallet-assets`.
pub type AssetId = u32;

/// One native `UNIT` (12 decimals).
pub const UNIT: Balance = 1_000_000_000_000;
/// The asset that is TAO on this chain.
pub const TAO_ASSET_ID: AssetId = 1;
/// One TAO in its smallest unit (9 decimals, as on Bittensor).
pub const TAO: Balance = 1_000_000_000;

/// The address format for describing accounts.
pub type Address = MultiAddress<AccountId, ()>;
/// Block header type.
pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
/// Block type.
pub type Block = generic::Block<Header, UncheckedExtrinsic>;
/// The transaction extensions.
pub type TxExtension = (
	frame_system::CheckNonZeroSender<Runtime>,
	frame_system::CheckSpecVersion<Runtime>,
	frame_system::CheckTxVersion<Runtime>,
	frame_system::CheckGenesis<Runtime>,
	frame_system::CheckEra<Runtime>,
	frame_system::CheckNonce<Runtime>,
	frame_system::CheckWeight<Runtime>,
);
/// Unchecked extrinsic type as expected by this runtime.
pub type UncheckedExtrinsic =
	generic::UncheckedExtrinsic<Address, RuntimeCall, Signature, TxExtension>;

#[docify::export(migrations)]
/// Migrations run on runtime upgrade. Spec version 2 is the upgrade that added DynamicTao to
/// this chain: `AddPallet` sets it up (a chain that had it at genesis is left alone).
pub type Migrations =
	(pallet_dynamic_tao::migrations::add_pallet::AddPallet<Runtime, configs::DynamicTaoParams>,);

/// Executive: dispatches to the pallets.
pub type Executive = frame_executive::Executive<
	Runtime,
	Block,
	frame_system::ChainContext<Runtime>,
	Runtime,
	AllPalletsWithSystem,
	Migrations,
>;

#[docify::export(runtime)]
#[frame_support::runtime]
mod runtime {
	#[runtime::runtime]
	#[runtime::derive(
		RuntimeCall,
		RuntimeEvent,
		RuntimeError,
		RuntimeOrigin,
		RuntimeFreezeReason,
		RuntimeHoldReason,
		RuntimeSlashReason,
		RuntimeLockId,
		RuntimeTask,
		RuntimeViewFunction
	)]
	pub struct Runtime;

	#[runtime::pallet_index(0)]
	pub type System = frame_system;

	#[runtime::pallet_index(1)]
	pub type Timestamp = pallet_timestamp;

	#[runtime::pallet_index(10)]
	pub type Balances = pallet_balances;

	#[runtime::pallet_index(11)]
	pub type Assets = pallet_assets;

	#[runtime::pallet_index(12)]
	pub type AssetsHolder = pallet_assets_holder;

	#[runtime::pallet_index(20)]
	pub type Council = pallet_collective<Instance1>;

	#[runtime::pallet_index(40)]
	pub type DynamicTao = pallet_dynamic_tao;
}
