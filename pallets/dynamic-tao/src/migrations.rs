//! Migrations.
//!
//! [`v1::SeedMovingPrices`] is for a chain that forks in from the old model, where root voted
//! each subnet's emission: it seeds every subnet's moving price from its old per-block emission
//! value, normalised so that the prices add up to 1. With the default price-EMA share rule the
//! first dynamic block then gives each subnet exactly its old share, and the market takes over
//! from there as the moving prices follow the pools.

use crate::{pallet::*, types::NetUid};
use alloc::vec::Vec;
use frame_support::{pallet_prelude::*, traits::UncheckedOnRuntimeUpgrade};
use sp_arithmetic::FixedU128;

/// Moving prices from old emission values: `P_i = e_i / Σ e`. Entries whose netuid has no subnet
/// are the caller's to filter; a total of zero gives no prices.
pub fn seed_prices(emissions: &[(NetUid, u64)]) -> Vec<(NetUid, FixedU128)> {
	let total: u128 = emissions.iter().map(|(_, e)| *e as u128).sum();
	if total == 0 {
		return Vec::new();
	}
	emissions
		.iter()
		.map(|(netuid, e)| (*netuid, FixedU128::from_rational(*e as u128, total)))
		.collect()
}

impl<T: Config> Pallet<T> {
	/// Seeds the moving price of every listed subnet that exists (root excluded); returns how
	/// many were written.
	pub fn seed_moving_prices(emissions: &[(NetUid, u64)]) -> u32 {
		let known: Vec<(NetUid, u64)> = emissions
			.iter()
			.copied()
			.filter(|(n, _)| *n != crate::ROOT_NETUID && Subnets::<T>::contains_key(n))
			.collect();
		let mut written = 0u32;
		for (netuid, price) in seed_prices(&known) {
			Subnets::<T>::mutate(netuid, |pool| {
				if let Some(pool) = pool {
					pool.moving_price = price;
					written = written.saturating_add(1);
				}
			});
		}
		written
	}
}

/// Storage version 0 → 1.
pub mod v1 {
	use super::*;

	/// Seeds moving prices from the old per-subnet emission values that `Emissions` provides
	/// (netuid, rao per block). Run once, through [`SeedMovingPrices`].
	pub struct UncheckedSeedMovingPrices<T, Emissions>(PhantomData<(T, Emissions)>);

	impl<T: Config, Emissions: Get<Vec<(NetUid, u64)>>> UncheckedOnRuntimeUpgrade
		for UncheckedSeedMovingPrices<T, Emissions>
	{
		fn on_runtime_upgrade() -> Weight {
			let emissions = Emissions::get();
			let written = Pallet::<T>::seed_moving_prices(&emissions);
			log::info!(target: "runtime::dynamic-tao", "seeded {written} moving prices");
			T::DbWeight::get().reads_writes(emissions.len() as u64, written as u64)
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<Vec<u8>, sp_runtime::TryRuntimeError> {
			// The subnets that will be seeded, to check against afterwards.
			let seeded: Vec<NetUid> = Emissions::get()
				.into_iter()
				.map(|(n, _)| n)
				.filter(|n| *n != crate::ROOT_NETUID && Subnets::<T>::contains_key(n))
				.collect();
			Ok(seeded.encode())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			use sp_arithmetic::traits::Saturating;
			let seeded = Vec::<NetUid>::decode(&mut &state[..])
				.map_err(|_| "the pre-upgrade state decodes")?;
			let emissions = Emissions::get();
			let known: Vec<(NetUid, u64)> =
				emissions.into_iter().filter(|(n, _)| seeded.contains(n)).collect();
			let mut sum = FixedU128::default();
			for (netuid, price) in seed_prices(&known) {
				let pool = Subnets::<T>::get(netuid).ok_or("a seeded subnet disappeared")?;
				ensure!(pool.moving_price == price, "a moving price was not seeded");
				sum = sum.saturating_add(price);
			}
			// Normalised: the prices add up to 1 (each is floored, so within one unit per subnet).
			if !seeded.is_empty() {
				let one = FixedU128::from_u32(1).into_inner();
				ensure!(
					sum.into_inner() <= one && one - sum.into_inner() <= seeded.len() as u128,
					"the seeded moving prices do not add up to 1"
				);
			}
			Ok(())
		}
	}

	/// [`UncheckedSeedMovingPrices`] that runs only at storage version 0 and sets version 1.
	pub type SeedMovingPrices<T, Emissions> = frame_support::migrations::VersionedMigration<
		0,
		1,
		UncheckedSeedMovingPrices<T, Emissions>,
		Pallet<T>,
		<T as frame_system::Config>::DbWeight,
	>;
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::mock::*;
	use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};

	#[test]
	fn prices_are_the_old_shares() {
		// Old emission 0.6, 0.3, 0.1 TAO per block: prices 0.6, 0.3, 0.1.
		let p = seed_prices(&[(1, 600_000_000), (2, 300_000_000), (3, 100_000_000)]);
		assert_eq!(
			p,
			vec![
				(1, FixedU128::from_rational(6, 10)),
				(2, FixedU128::from_rational(3, 10)),
				(3, FixedU128::from_rational(1, 10))
			]
		);
		// Not normalised input: 1 : 3 → 0.25 and 0.75.
		assert_eq!(
			seed_prices(&[(1, 5), (2, 15)]),
			vec![(1, FixedU128::from_rational(1, 4)), (2, FixedU128::from_rational(3, 4))]
		);
		assert!(seed_prices(&[(1, 0)]).is_empty());
	}

	frame_support::parameter_types! {
		pub OldEmission: Vec<(NetUid, u64)> = vec![(0, 5), (1, 250_000_000), (2, 750_000_000), (9, 1)];
	}

	#[test]
	fn migration_seeds_once_and_gives_the_old_shares() {
		test(|| {
			let one = started_subnet();
			let two = crate::TotalNetworks::<Test>::get();
			frame_support::assert_ok!(DynamicTao::register_network(
				RuntimeOrigin::signed(BOB),
				BOB_HOT
			));
			// A chain whose pallet is at version 0.
			StorageVersion::new(0).put::<DynamicTao>();
			#[cfg(feature = "try-runtime")]
			let state = v1::UncheckedSeedMovingPrices::<Test, OldEmission>::pre_upgrade().unwrap();
			v1::SeedMovingPrices::<Test, OldEmission>::on_runtime_upgrade();
			#[cfg(feature = "try-runtime")]
			v1::UncheckedSeedMovingPrices::<Test, OldEmission>::post_upgrade(state).unwrap();
			assert_eq!(DynamicTao::on_chain_storage_version(), StorageVersion::new(1));
			// Root (0) and the unknown netuid 9 are skipped; 1 : 3 among the others.
			let price = |n| Subnets::<Test>::get(n).unwrap().moving_price;
			assert_eq!(price(one), FixedU128::from_rational(1, 4));
			assert_eq!(price(two), FixedU128::from_rational(3, 4));
			assert_eq!(price(0), FixedU128::default());

			// Run again: the version gate makes it a no-op.
			Subnets::<Test>::mutate(one, |p| p.as_mut().unwrap().moving_price = Default::default());
			v1::SeedMovingPrices::<Test, OldEmission>::on_runtime_upgrade();
			assert_eq!(price(one), FixedU128::default());
		});
	}

	#[test]
	fn genesis_field_seeds_the_prices() {
		let mut ext = new_test_ext_with(|genesis| {
			genesis.subnets = vec![(ALICE, ALICE_HOT), (BOB, BOB_HOT)];
			genesis.legacy_emissions = vec![(1, 1), (2, 1)];
		});
		ext.execute_with(|| {
			let half = FixedU128::from_rational(1, 2);
			assert_eq!(Subnets::<Test>::get(1).unwrap().moving_price, half);
			assert_eq!(Subnets::<Test>::get(2).unwrap().moving_price, half);
			// Both emit half of the first block's TAO.
			run_blocks(1);
			assert_eq!(Subnets::<Test>::get(1).unwrap().last_injection.tao_in, 500_000_000);
			assert_eq!(Subnets::<Test>::get(2).unwrap().last_injection.tao_in, 500_000_000);
		});
	}
}
