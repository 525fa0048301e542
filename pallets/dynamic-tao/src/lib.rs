//! # Dynamic TAO pallet
//!
//! Bittensor's "dynamic TAO" economics as a FRAME pallet: every subnet has its own alpha token in a
//! TAO/alpha constant-product pool that only the protocol supplies, staking is a swap into alpha,
//! and each block's TAO emission is split across subnets by the moving price of their alpha.
//!
//! ## Pallet API
//!
//! See the [`pallet`] module for the configuration trait, storage, genesis and (as they land)
//! dispatchables. The normative description of the mechanism is `docs/mechanism.md`.
//!
//! ## Overview
//!
//! - Netuid 0 is the root subnet: TAO staked there is held 1:1, with no pool.
//! - Every other subnet `n` has a pool ([`types::SubnetPool`]): a TAO reserve `T`, an alpha
//!   reserve `A` and the alpha outside the pool. Its spot price is `T / A` TAO per alpha.
//! - All TAO of all pools sits in one pallet account ([`Pallet::account_id`]), so the pools are
//!   auditable against a real balance: the sum of the TAO reserves equals that account's balance
//!   (checked by `try_state`).
//!
//! ## Low Level / Implementation Details
//!
//! ### Design
//!
//! One concept per module, pure functions apart from storage:
//! - [`pool`]: x·y = k swap math (rounding in the pool's favour).
//! - [`types`]: ids, units and the per-subnet pool record.
//! - staking, emission, epochs, registration and root come with their own modules.
//!
//! The TAO currency is any [`fungible`](frame_support::traits::fungible) implementation, so a chain
//! can plug in its own native token.

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

pub use pallet::*;

pub mod pool;
pub mod types;
pub mod weights;

#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

pub use types::{AlphaBalance, NetUid, SubnetPool, TaoBalance, ROOT_NETUID};
pub use weights::WeightInfo;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::{
		pallet_prelude::*,
		traits::{fungible, tokens::Preservation, BuildGenesisConfig},
		PalletId,
	};
	use frame_system::pallet_prelude::BlockNumberFor;
	use sp_runtime::traits::AccountIdConversion;

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	/// The TAO balance type of the configured currency.
	pub type BalanceOf<T> = <<T as Config>::Currency as fungible::Inspect<
		<T as frame_system::Config>::AccountId,
	>>::Balance;

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Configuration of the pallet.
	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The TAO currency. Amounts are handled as `u64` rao inside the pallet; the currency's
		/// balance type converts from and to it.
		type Currency: fungible::Mutate<Self::AccountId, Balance: From<u64> + TryInto<u64>>;

		/// The pallet's id, from which the account that holds every pool's TAO is derived.
		#[pallet::constant]
		type PalletId: Get<PalletId>;

		/// Weights of this pallet's calls and hooks.
		type WeightInfo: WeightInfo;
	}

	/// Pool state per subnet. Twox64Concat: netuids are assigned by the chain, not chosen freely
	/// by users, so a fast hasher cannot be exploited to unbalance the trie.
	#[pallet::storage]
	pub type Subnets<T: Config> = StorageMap<_, Twox64Concat, NetUid, SubnetPool, OptionQuery>;

	/// Genesis state.
	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		#[serde(skip)]
		#[doc(hidden)]
		pub _config: core::marker::PhantomData<T>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			Pallet::<T>::initialize();
		}
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::view_functions]
	impl<T: Config> Pallet<T> {
		/// The pool state of `netuid`, if that subnet exists.
		pub fn subnet_pool(netuid: NetUid) -> Option<SubnetPool> {
			Subnets::<T>::get(netuid)
		}
	}

	impl<T: Config> Pallet<T> {
		/// The account that holds the TAO of every pool (and of root stake).
		pub fn account_id() -> T::AccountId {
			T::PalletId::get().into_account_truncating()
		}

		/// Sets up what must exist from block 0: the root subnet, and the pallet account kept
		/// alive by a provider reference so that it never needs an existential deposit of TAO
		/// that no pool owns.
		pub(crate) fn initialize() {
			let account = Self::account_id();
			if !frame_system::Pallet::<T>::account_exists(&account) {
				frame_system::Pallet::<T>::inc_providers(&account);
			}
			Subnets::<T>::insert(ROOT_NETUID, SubnetPool::default());
		}

		/// The pallet account's TAO in rao, everything it could spend (reserves are not held).
		pub fn pallet_tao() -> u64 {
			let balance = <T::Currency as fungible::Inspect<T::AccountId>>::reducible_balance(
				&Self::account_id(),
				Preservation::Expendable,
				frame_support::traits::tokens::Fortitude::Polite,
			);
			balance.try_into().unwrap_or(u64::MAX)
		}

		/// Checks the invariants of spec §6 that the current state can express.
		#[cfg(any(test, feature = "try-runtime"))]
		pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
			ensure!(Subnets::<T>::contains_key(ROOT_NETUID), "the root subnet is missing");
			let mut reserves: u128 = 0;
			for (netuid, pool) in Subnets::<T>::iter() {
				reserves = reserves.saturating_add(pool.tao_reserve as u128);
				if netuid == ROOT_NETUID {
					ensure!(
						pool.alpha_in == 0 && pool.alpha_out == 0,
						"the root subnet has no alpha"
					);
				}
			}
			ensure!(
				reserves == Self::pallet_tao() as u128,
				"the TAO reserves differ from the TAO the pallet account holds"
			);
			Ok(())
		}
	}
}
