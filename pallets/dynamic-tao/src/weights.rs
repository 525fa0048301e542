//! Weights for `pallet-dynamic-tao`.
//!
//! PLACEHOLDER values, written by hand until the benchmarks in `benchmarking.rs` are run with the
//! workflow of `docs/benchmarking.md`: a conservative execution time (about twice a pallet-asset-
//! conversion swap) plus the storage items each call touches, counted from the code.

#![allow(unused_parens, unused_imports)]

use core::marker::PhantomData;
use frame_support::{
	traits::Get,
	weights::{constants::RocksDbWeight, Weight},
};

/// Weight functions needed by `pallet-dynamic-tao`.
pub trait WeightInfo {
	/// `register_network`.
	fn register_network() -> Weight;
	/// `start_call`.
	fn start_call() -> Weight;
	/// `add_stake`.
	fn add_stake() -> Weight;
	/// `remove_stake`.
	fn remove_stake() -> Weight;
	/// `add_stake_limit`.
	fn add_stake_limit() -> Weight;
	/// `remove_stake_limit`.
	fn remove_stake_limit() -> Weight;
	/// `remove_stake_full_limit`.
	fn remove_stake_full_limit() -> Weight;
	/// `move_stake`.
	fn move_stake() -> Weight;
	/// `move_stake_limit`.
	fn move_stake_limit() -> Weight;
	/// `swap_stake`.
	fn swap_stake() -> Weight;
	/// `swap_stake_limit`.
	fn swap_stake_limit() -> Weight;
	/// `transfer_stake`.
	fn transfer_stake() -> Weight;
	/// `transfer_stake_limit`.
	fn transfer_stake_limit() -> Weight;
	/// `set_stake_fee`.
	fn set_stake_fee() -> Weight;
	/// `set_min_stake`.
	fn set_min_stake() -> Weight;
	/// `set_network_lock_params`.
	fn set_network_lock_params() -> Weight;
	/// `set_start_call_delay`.
	fn set_start_call_delay() -> Weight;
	/// `set_emission_params`.
	fn set_emission_params() -> Weight;
	/// The per-block emission over `n` subnets, without epochs.
	fn on_initialize(n: u32) -> Weight;
	/// One epoch paying `v` validators.
	fn epoch(v: u32) -> Weight;
}

/// Weights scaled by the runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);

macro_rules! weights {
	($db:expr) => {
		fn register_network() -> Weight {
			Weight::from_parts(150_000_000, 8_000).saturating_add($db.reads_writes(8, 9))
		}
		fn start_call() -> Weight {
			Weight::from_parts(30_000_000, 4_000).saturating_add($db.reads_writes(2, 1))
		}
		// Subnets, SubnetOwners, Owner, StakingConfig, HotkeyPools, Stake, 2 accounts.
		fn add_stake() -> Weight {
			Weight::from_parts(250_000_000, 8_000).saturating_add($db.reads_writes(8, 5))
		}
		fn remove_stake() -> Weight {
			Weight::from_parts(250_000_000, 8_000).saturating_add($db.reads_writes(7, 5))
		}
		// The limit search runs the swap math up to ~130 times.
		fn add_stake_limit() -> Weight {
			Weight::from_parts(400_000_000, 8_000).saturating_add($db.reads_writes(8, 5))
		}
		fn remove_stake_limit() -> Weight {
			Weight::from_parts(400_000_000, 8_000).saturating_add($db.reads_writes(7, 5))
		}
		fn remove_stake_full_limit() -> Weight {
			Weight::from_parts(400_000_000, 8_000).saturating_add($db.reads_writes(9, 5))
		}
		// Cross-subnet (two swaps): 2 pools, 2 owners, Owner, config, 2 share pools, 2 stakes.
		fn move_stake() -> Weight {
			Weight::from_parts(400_000_000, 10_000).saturating_add($db.reads_writes(12, 6))
		}
		// The two-leg search runs both swaps up to ~128 times.
		fn move_stake_limit() -> Weight {
			Weight::from_parts(700_000_000, 10_000).saturating_add($db.reads_writes(14, 6))
		}
		fn swap_stake() -> Weight {
			Weight::from_parts(400_000_000, 10_000).saturating_add($db.reads_writes(12, 6))
		}
		fn swap_stake_limit() -> Weight {
			Weight::from_parts(700_000_000, 10_000).saturating_add($db.reads_writes(14, 6))
		}
		fn transfer_stake() -> Weight {
			Weight::from_parts(400_000_000, 10_000).saturating_add($db.reads_writes(12, 6))
		}
		fn transfer_stake_limit() -> Weight {
			Weight::from_parts(700_000_000, 10_000).saturating_add($db.reads_writes(14, 6))
		}
		fn set_stake_fee() -> Weight {
			Weight::from_parts(15_000_000, 1_500).saturating_add($db.reads_writes(1, 1))
		}
		fn set_min_stake() -> Weight {
			Weight::from_parts(15_000_000, 1_500).saturating_add($db.reads_writes(1, 1))
		}
		fn set_network_lock_params() -> Weight {
			Weight::from_parts(15_000_000, 1_500).saturating_add($db.reads_writes(1, 1))
		}
		fn set_start_call_delay() -> Weight {
			Weight::from_parts(15_000_000, 1_500).saturating_add($db.reads_writes(1, 1))
		}
		fn set_emission_params() -> Weight {
			Weight::from_parts(15_000_000, 1_500).saturating_add($db.reads_writes(0, 1))
		}
		fn on_initialize(n: u32) -> Weight {
			Weight::from_parts(20_000_000, 3_000)
				.saturating_add(Weight::from_parts(30_000_000, 3_000).saturating_mul(n as u64))
				.saturating_add($db.reads_writes(3 + n as u64, 2 + n as u64))
		}
		fn epoch(v: u32) -> Weight {
			Weight::from_parts(100_000_000, 8_000)
				.saturating_add(Weight::from_parts(60_000_000, 6_000).saturating_mul(v as u64))
				.saturating_add($db.reads_writes(4 + 4 * v as u64, 3 + 4 * v as u64))
		}
	};
}

impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	weights!(T::DbWeight::get());
}

/// For tests: RocksDB database weights.
impl WeightInfo for () {
	weights!(RocksDbWeight::get());
}
