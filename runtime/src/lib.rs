//! # dtao dev runtime
//!
//! A minimal runtime around `pallet-dynamic-tao`: System, Timestamp, Balances (TAO, 9 decimals),
//! TransactionPayment, Sudo and DynamicTao. It has no consensus pallets: the dev node seals blocks
//! with manual or instant seal. The layout follows the polkadot-sdk solochain template:
//! `configs/` holds every pallet's `Config`, `apis.rs` the runtime APIs and
//! `genesis_config_presets.rs` the `development` and `local_testnet` presets.

#![cfg_attr(not(feature = "std"), no_std)]
// `construct_runtime` and `impl_runtime_apis` expand to large types.
#![recursion_limit = "256"]

#[cfg(feature = "std")]
include!(concat!(env!("OUT_DIR"), "/wasm_binary.rs"));

extern crate alloc;

pub mod apis;
#[cfg(feature = "runtime-benchmarks")]
mod benchmarks;
pub mod configs;
pub mod genesis_config_presets;

use alloc::vec::Vec;
use sp_runtime::{
	generic, impl_opaque_keys,
	traits::{BlakeTwo256, IdentifyAccount, Verify},
	MultiAddress, MultiSignature,
};
use sp_version::RuntimeVersion;

pub use frame_system::Call as SystemCall;
pub use pallet_balances::Call as BalancesCall;

/// Types the node needs without knowing the runtime's internals.
pub mod opaque {
	use super::*;
	pub use sp_runtime::OpaqueExtrinsic as UncheckedExtrinsic;

	/// Opaque block header type.
	pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
	/// Opaque block type.
	pub type Block = generic::Block<Header, UncheckedExtrinsic>;
	/// Opaque block identifier type.
	pub type BlockId = generic::BlockId<Block>;

	impl_opaque_keys! {
		/// No session keys: the dev chain has no consensus authorities.
		pub struct SessionKeys {}
	}
}

#[sp_version::runtime_version]
pub const VERSION: RuntimeVersion = RuntimeVersion {
	spec_name: alloc::borrow::Cow::Borrowed("dtao"),
	impl_name: alloc::borrow::Cow::Borrowed("dtao"),
	authoring_version: 1,
	spec_version: 105,
	impl_version: 1,
	apis: apis::RUNTIME_API_VERSIONS,
	transaction_version: 1,
	system_version: 1,
};

/// Signature type of extrinsics.
pub type Signature = MultiSignature;
/// An account id: the public key behind a [`Signature`].
pub type AccountId = <<Signature as Verify>::Signer as IdentifyAccount>::AccountId;
/// TAO amounts in rao (10^-9 TAO). `u64` holds 21 M TAO with room to spare.
pub type Balance = u64;
/// Transaction index of an account.
pub type Nonce = u32;
/// Block hash.
pub type Hash = sp_core::H256;
/// Block number.
pub type BlockNumber = u32;

/// One TAO in rao.
pub const TAO: Balance = 1_000_000_000;
/// Token decimals, advertised in the chain spec for wallets.
pub const TOKEN_DECIMALS: u32 = 9;
/// Token symbol, advertised in the chain spec for wallets.
pub const TOKEN_SYMBOL: &str = "TAO";
/// The generic Substrate SS58 prefix.
pub const SS58_PREFIX: u16 = 42;

/// Target time between blocks. The node seals on a timer of its own; this only feeds
/// `pallet_timestamp`'s minimum period.
pub const MILLI_SECS_PER_BLOCK: u64 = 6000;

/// The address format for describing accounts.
pub type Address = MultiAddress<AccountId, ()>;
/// Block header type.
pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
/// Block type.
pub type Block = generic::Block<Header, UncheckedExtrinsic>;
/// The transaction extensions, in the order the metadata advertises them to clients.
pub type TxExtension = (
	frame_system::AuthorizeCall<Runtime>,
	frame_system::CheckNonZeroSender<Runtime>,
	frame_system::CheckSpecVersion<Runtime>,
	frame_system::CheckTxVersion<Runtime>,
	frame_system::CheckGenesis<Runtime>,
	frame_system::CheckEra<Runtime>,
	frame_system::CheckNonce<Runtime>,
	frame_system::CheckWeight<Runtime>,
	pallet_transaction_payment::ChargeTransactionPayment<Runtime>,
	frame_system::WeightReclaim<Runtime>,
);
/// Unchecked extrinsic type as expected by this runtime.
pub type UncheckedExtrinsic =
	generic::UncheckedExtrinsic<Address, RuntimeCall, Signature, TxExtension>;
/// The payload being signed in transactions.
pub type SignedPayload = generic::SignedPayload<RuntimeCall, TxExtension>;
/// Storage migrations run on runtime upgrade. Each is versioned: it runs only at the storage
/// version it migrates from, so it is a no-op on a chain that started at the current version.
pub type Migrations = (
	// Share pools to 10^18 shares per unit (storage version 1 → 2).
	pallet_dynamic_tao::migrations::v2::MigrateToV2<Runtime>,
	// The subnet records' share-rule state, seeded for the rule in force (2 → 3).
	pallet_dynamic_tao::migrations::v3::MigrateToV3<Runtime>,
);
/// Executive: dispatches to the pallets.
pub type Executive = frame_executive::Executive<
	Runtime,
	Block,
	frame_system::ChainContext<Runtime>,
	Runtime,
	AllPalletsWithSystem,
	Migrations,
>;

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

	#[runtime::pallet_index(2)]
	pub type Balances = pallet_balances;

	#[runtime::pallet_index(3)]
	pub type TransactionPayment = pallet_transaction_payment;

	#[runtime::pallet_index(4)]
	pub type Sudo = pallet_sudo;

	#[runtime::pallet_index(7)]
	pub type DynamicTao = pallet_dynamic_tao;
}
