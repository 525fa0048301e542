//! Migrations.
//!
//! [`v1::SeedMovingPrices`] is for a chain that forks in from the old model, where root voted
//! each subnet's emission: it seeds every subnet's moving price from its old per-block emission
//! value, normalised so that the prices add up to 1. With the default price-EMA share rule the
//! first dynamic block then gives each subnet exactly its old share, and the market takes over
//! from there as the moving prices follow the pools.
//!
//! [`v2::MigrateToV2`] (storage version 1 → 2) brings the stored share pools to the scale of
//! 10^18 shares per unit ([`crate::shares::SHARE_SCALE`]) with their rescaling era, the
//! positions to [`crate::shares::Holding`] records, and the subnet records to their new layout
//! (root TAO pending, the block's root sale, `trading_from`), one function per storage item.
//!
//! [`v3::MigrateToV3`] (2 → 3) gives the subnet records their share rules' state, seeded for the
//! rule in force; [`v3::SwitchShareRule`] changes the rule in an upgrade without a jump in shares.
//!
//! [`add_pallet::AddPallet`] sets the pallet up on a chain that adds it in a runtime upgrade
//! (what the genesis build does for a new chain).

use crate::{
	pallet::*,
	types::{AlphaBalance, NetUid, TaoBalance},
};
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

/// Storage version 1 → 2: one step per storage item, each a function of its own, run in order
/// by [`v2::UncheckedMigrateToV2`].
///
/// Share pools: version 1 minted 10^9 shares per unit, so a pool seeded by one unit and grown
/// by dividends had shares worth up to 10^6 units (issue item 4); version 2 mints 10^18. Every
/// pool's total shares ([`HotkeyPools`]) and every holder's shares ([`Stake`]) are multiplied by
/// [`v2::SHARE_SCALE_RATIO`] = 10^9. Values are unchanged, exactly: a holder owns
/// `floor(V · s·k / (D·k)) = floor(V · s / D)`; the value of a share falls 10^9-fold. Nothing
/// saturates: version 1 kept `D ≤ 10^9 · V < 2^94`, so `D · 10^9 < 2^124`. Pools still below
/// 10^9 shares per unit are rescaled to a later era at once; positions become [`Holding`]s of
/// era 0, read at their pool's era (the `shares` module documents the lazy rescaling).
///
/// [`Holding`]: crate::shares::Holding
///
/// Each step reads and writes every entry of its map once, in one block: fine for this chain's
/// positions; a chain with millions of positions would run the same steps as a multi-block
/// migration.
pub mod v2 {
	use super::*;
	use crate::shares::{Holding, SharePool, SHARE_SCALE};

	/// Shares per unit minted by a first deposit up to storage version 1.
	pub const V1_SHARE_SCALE: u128 = 1_000_000_000;

	/// What every stored share count is multiplied by: 10^18 / 10^9.
	pub const SHARE_SCALE_RATIO: u128 = SHARE_SCALE / V1_SHARE_SCALE;

	/// A share pool as storage version 1 stored it: no era.
	#[derive(Encode, Decode)]
	pub struct SharePoolV1 {
		/// Total value.
		pub value: u64,
		/// Total shares, at 10^9 per unit when opened.
		pub shares: u128,
	}

	/// Step 1, [`HotkeyPools`]: every pool's total shares × [`SHARE_SCALE_RATIO`], at era 0,
	/// then × 10^9 per era for as long as it has fewer than [`crate::shares::MIN_SHARES_PER_UNIT`] shares per
	/// unit (its holdings, at era 0, are read at the new era). Returns how many pools were
	/// rewritten.
	pub fn rescale_hotkey_pools<T: Config>() -> u64 {
		let mut pools = 0u64;
		HotkeyPools::<T>::translate_values::<SharePoolV1, _>(|old| {
			pools = pools.saturating_add(1);
			let mut pool = SharePool {
				value: old.value,
				shares: old.shares.saturating_mul(SHARE_SCALE_RATIO),
				era: 0,
			};
			// Version 1 kept D ≤ 10^9 · V, so D · 10^9 ≤ 10^18 · V < 2^124: no saturation. A
			// coarse pool is brought back within bounds the way every operation does it.
			pool.rescale();
			Some(pool)
		});
		pools
	}

	/// Step 2, [`Stake`]: every holder's shares × [`SHARE_SCALE_RATIO`], as a [`Holding`] of
	/// era 0. Returns how many positions were rewritten.
	pub fn rescale_stakes<T: Config>() -> u64 {
		let mut positions = 0u64;
		Stake::<T>::translate_values::<u128, _>(|shares| {
			positions = positions.saturating_add(1);
			Some(Holding { shares: shares.saturating_mul(SHARE_SCALE_RATIO), era: 0 })
		});
		positions
	}

	/// A subnet record as storage version 1 stored it: no root TAO pending, no record of the
	/// block's root sale, no `trading_from`.
	#[derive(Encode, Decode)]
	pub struct SubnetPoolV1 {
		tao_reserve: u64,
		alpha_in: u64,
		alpha_out: u64,
		age: Option<u64>,
		moving_price: FixedU128,
		pending: [u64; 4],
		last_injection: [u64; 3],
		dissolving: bool,
	}

	impl From<SubnetPoolV1> for super::v3::SubnetPoolV2 {
		fn from(old: SubnetPoolV1) -> Self {
			let [owner, miners, validators, root] = old.pending;
			let [tao_in, alpha_in, alpha_out] = old.last_injection;
			Self {
				tao_reserve: TaoBalance(old.tao_reserve),
				alpha_in: AlphaBalance(old.alpha_in),
				alpha_out: AlphaBalance(old.alpha_out),
				age: old.age,
				moving_price: old.moving_price,
				// Root alpha pending at the upgrade is sold by the next block's hook, in one
				// sale; from then on it is sold as it accrues.
				pending: crate::types::Pending {
					owner: AlphaBalance(owner),
					miners: AlphaBalance(miners),
					validators: AlphaBalance(validators),
					root: AlphaBalance(root),
					root_tao: TaoBalance::ZERO,
				},
				last_injection: crate::types::Injection {
					tao_in: TaoBalance(tao_in),
					alpha_in: AlphaBalance(alpha_in),
					alpha_out: AlphaBalance(alpha_out),
					..Default::default()
				},
				dissolving: old.dissolving,
				// Subnets started before the upgrade trade already.
				trading_from: 0,
			}
		}
	}

	/// Step 3, [`Subnets`]: every record to the version-2 layout. Returns how many records
	/// were rewritten.
	pub fn translate_subnets<T: Config>() -> u64 {
		let mut records = 0u64;
		// Written in the version-2 layout, which [`super::v3`] then takes to the current one.
		let keys: Vec<_> = Subnets::<T>::iter_keys().collect();
		for netuid in keys {
			let key = Subnets::<T>::hashed_key_for(netuid);
			if let Some(old) = frame_support::storage::unhashed::get::<SubnetPoolV1>(&key) {
				records = records.saturating_add(1);
				frame_support::storage::unhashed::put(&key, &super::v3::SubnetPoolV2::from(old));
			}
		}
		records
	}

	/// The weight of rewriting `entries` entries of one map: a read and a write each, and the
	/// read that finds the end of the map.
	fn rewrite_weight<T: Config>(entries: u64) -> Weight {
		T::DbWeight::get().reads_writes(entries.saturating_add(1), entries)
	}

	/// What the share pools add up to, to compare before and after (try-runtime).
	#[cfg(feature = "try-runtime")]
	#[derive(Encode, Decode, Debug, PartialEq, Eq)]
	struct ShareTotals {
		pools: u64,
		pool_value: u128,
		positions: u64,
		position_value: u128,
	}

	/// What the pools and positions are worth at the old scale, from the raw records (the
	/// new types cannot read them before the upgrade): a position owns `floor(V · s / D)`.
	#[cfg(feature = "try-runtime")]
	fn old_share_totals<T: Config>() -> ShareTotals {
		use frame_support::storage::unhashed;
		let mut totals = ShareTotals { pools: 0, pool_value: 0, positions: 0, position_value: 0 };
		let mut pools = alloc::collections::btree_map::BTreeMap::new();
		for (netuid, hotkey) in HotkeyPools::<T>::iter_keys() {
			let key = HotkeyPools::<T>::hashed_key_for(netuid, &hotkey);
			if let Some(old) = unhashed::get::<SharePoolV1>(&key) {
				totals.pools += 1;
				totals.pool_value += old.value as u128;
				pools.insert((netuid, hotkey), old);
			}
		}
		for (coldkey, hotkey, netuid) in Stake::<T>::iter_keys() {
			let key = Stake::<T>::hashed_key_for((&coldkey, &hotkey, netuid));
			let shares = unhashed::get::<u128>(&key).unwrap_or(0);
			totals.positions += 1;
			if let Some(pool) = pools.get(&(netuid, hotkey)).filter(|p| p.shares > 0) {
				let value = sp_core::U256::from(pool.value) * sp_core::U256::from(shares)
					/ sp_core::U256::from(pool.shares);
				totals.position_value += value.low_u128();
			}
		}
		totals
	}

	/// The same totals after the upgrade, read with the new types.
	#[cfg(feature = "try-runtime")]
	fn new_share_totals<T: Config>() -> ShareTotals {
		let mut totals = ShareTotals { pools: 0, pool_value: 0, positions: 0, position_value: 0 };
		for pool in HotkeyPools::<T>::iter_values() {
			totals.pools += 1;
			totals.pool_value += pool.value as u128;
		}
		for ((_, hotkey, netuid), held) in Stake::<T>::iter() {
			totals.positions += 1;
			totals.position_value += HotkeyPools::<T>::get(netuid, hotkey).value_of(held) as u128;
		}
		totals
	}

	/// Runs every step of version 2. Run once, through [`MigrateToV2`].
	pub struct UncheckedMigrateToV2<T>(PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for UncheckedMigrateToV2<T> {
		fn on_runtime_upgrade() -> Weight {
			let pools = rescale_hotkey_pools::<T>();
			let positions = rescale_stakes::<T>();
			let subnets = translate_subnets::<T>();
			log::info!(
				target: "runtime::dynamic-tao",
				"rescaled the shares of {pools} share pools and {positions} positions, \
				 rewrote {subnets} subnet records"
			);
			rewrite_weight::<T>(pools)
				.saturating_add(rewrite_weight::<T>(positions))
				.saturating_add(rewrite_weight::<T>(subnets))
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<Vec<u8>, sp_runtime::TryRuntimeError> {
			Ok(old_share_totals::<T>().encode())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			let before = ShareTotals::decode(&mut &state[..])
				.map_err(|_| "the pre-upgrade state decodes")?;
			// Same pools and positions, every value exactly as before.
			ensure!(new_share_totals::<T>() == before, "the share pools' values changed");
			for pool in HotkeyPools::<T>::iter_values() {
				ensure!(
					pool.shares % SHARE_SCALE_RATIO == 0
						&& pool.shares <= SHARE_SCALE.saturating_mul(pool.value as u128)
						&& pool.shares
							>= crate::shares::MIN_SHARES_PER_UNIT
								.saturating_mul(pool.value as u128),
					"a share pool was not rescaled"
				);
			}
			ensure!(
				Stake::<T>::iter_values().all(|h| h.era == 0 && h.shares % SHARE_SCALE_RATIO == 0),
				"a position was not rescaled"
			);
			Ok(())
		}
	}

	/// [`UncheckedMigrateToV2`] that runs only at storage version 1 and sets version 2.
	pub type MigrateToV2<T> = frame_support::migrations::VersionedMigration<
		1,
		2,
		UncheckedMigrateToV2<T>,
		Pallet<T>,
		<T as frame_system::Config>::DbWeight,
	>;
}

/// Storage version 2 → 3: the subnet records gain their share rules' state
/// ([`crate::share_rules::ShareState`]), seeded for the rule in force so that the first block's
/// shares are the last block's (docs/mechanism.md §6.4, "Switching rules"). A chain that also
/// changes its rule in the upgrade adds [`v3::SwitchShareRule`] after it.
pub mod v3 {
	use super::*;
	use crate::{
		share_rules::{self, ShareRule, ShareState},
		types::{Injection, Pending, SubnetPool},
	};

	/// A subnet record as storage version 2 stores it: no share state (which the current
	/// layout appends).
	#[derive(Encode, Decode, Clone, Copy, Debug, PartialEq, Eq)]
	pub struct SubnetPoolV2 {
		pub(crate) tao_reserve: TaoBalance,
		pub(crate) alpha_in: AlphaBalance,
		pub(crate) alpha_out: AlphaBalance,
		pub(crate) age: Option<u64>,
		pub(crate) moving_price: FixedU128,
		pub(crate) pending: Pending,
		pub(crate) last_injection: Injection,
		pub(crate) dissolving: bool,
		pub(crate) trading_from: u64,
	}

	impl From<SubnetPoolV2> for SubnetPool {
		fn from(old: SubnetPoolV2) -> Self {
			Self {
				tao_reserve: old.tao_reserve,
				alpha_in: old.alpha_in,
				alpha_out: old.alpha_out,
				age: old.age,
				moving_price: old.moving_price,
				pending: old.pending,
				last_injection: old.last_injection,
				dissolving: old.dissolving,
				trading_from: old.trading_from,
				share: ShareState::default(),
			}
		}
	}

	/// Step 1: every record to the current layout, with an empty share state. Returns how many
	/// records were rewritten.
	pub fn translate_subnets<T: Config>() -> u64 {
		let mut records = 0u64;
		Subnets::<T>::translate_values::<SubnetPoolV2, _>(|old| {
			records = records.saturating_add(1);
			Some(old.into())
		});
		records
	}

	/// Step 2 (and [`SwitchShareRule`]'s): seeds the share state of every emitting subnet for
	/// the rule in force, as the next block's hook would, with that block's TAO. Returns how
	/// many records were written.
	pub fn seed_share_states<T: Config>() -> u64 {
		let params = EmissionConfig::<T>::get();
		let mut subnets: Vec<(NetUid, SubnetPool)> =
			Subnets::<T>::iter().filter(|(_, p)| p.is_emitting()).collect();
		let emission = Pallet::<T>::block_emission();
		share_rules::seed_stale(params.share_rule.signal, params.clamp(), emission, &mut subnets);
		let written = subnets.len() as u64;
		for (netuid, pool) in subnets {
			Subnets::<T>::insert(netuid, pool);
		}
		written
	}

	/// Each emitting subnet's TAO in the next block under the plain price rule, and under the
	/// rule in force's signal (no cap, no gate) from its seeded state: what the checks compare.
	#[cfg(any(feature = "try-runtime", test))]
	pub fn next_block_taos<T: Config>() -> Vec<(NetUid, TaoBalance, TaoBalance)> {
		let params = EmissionConfig::<T>::get();
		let subnets: Vec<(NetUid, SubnetPool)> =
			Subnets::<T>::iter().filter(|(_, p)| p.is_emitting()).collect();
		let emission = Pallet::<T>::block_emission();
		let prices = share_rules::price_shares(emission, &subnets);
		let signals: Vec<u128> = subnets
			.iter()
			.map(|(_, p)| share_rules::signal_of(params.share_rule.signal, p).into_inner())
			.collect();
		let total = signals.iter().fold(0u128, |s, w| s.saturating_add(*w));
		subnets
			.iter()
			.zip(prices)
			.zip(signals)
			.map(|(((n, _), price), w)| {
				(*n, price, crate::emission::subnet_tao(emission, w, total))
			})
			.collect()
	}

	/// Whether every subnet's TAO under the new signal is within a millionth of the block's
	/// TAO (the logarithm's error) and a rao (flooring) of its price-rule TAO.
	#[cfg(any(feature = "try-runtime", test))]
	pub fn shares_held<T: Config>() -> bool {
		let tolerance = Pallet::<T>::block_emission().get() / 1_000_000 + 1;
		next_block_taos::<T>()
			.iter()
			.all(|(_, price, new)| new.get().abs_diff(price.get()) <= tolerance)
	}

	/// Runs version 3's steps. Run once, through [`MigrateToV3`].
	pub struct UncheckedMigrateToV3<T>(PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for UncheckedMigrateToV3<T> {
		fn on_runtime_upgrade() -> Weight {
			let records = translate_subnets::<T>();
			let seeded = seed_share_states::<T>();
			log::info!(
				target: "runtime::dynamic-tao",
				"rewrote {records} subnet records, seeded {seeded} share states"
			);
			T::DbWeight::get().reads_writes(
				records.saturating_mul(2).saturating_add(3),
				records.saturating_add(seeded),
			)
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<Vec<u8>, sp_runtime::TryRuntimeError> {
			Ok((Subnets::<T>::iter_keys().count() as u64).encode())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			let before =
				u64::decode(&mut &state[..]).map_err(|_| "the pre-upgrade state decodes")?;
			ensure!(
				Subnets::<T>::iter_values().count() as u64 == before,
				"a subnet record was lost"
			);
			let signal = EmissionConfig::<T>::get().share_rule.signal;
			ensure!(
				Subnets::<T>::iter_values()
					.filter(|p| p.is_emitting())
					.all(|p| p.share.signal.is_some_and(|s| s.same_kind(&signal))),
				"a share state was not seeded"
			);
			ensure!(shares_held::<T>(), "the first block's shares jumped");
			Ok(())
		}
	}

	/// [`UncheckedMigrateToV3`] that runs only at storage version 2 and sets version 3.
	pub type MigrateToV3<T> = frame_support::migrations::VersionedMigration<
		2,
		3,
		UncheckedMigrateToV3<T>,
		Pallet<T>,
		<T as frame_system::Config>::DbWeight,
	>;

	/// Changes a live chain's share rule in a runtime upgrade to `Rule::get()`, seeding every
	/// emitting subnet for it in the same block, so that the first block under the new signal
	/// gives each subnet its price-rule TAO (a cap or a gate then applies as defined). Checked
	/// with try-runtime. Running it again, or on a chain already on the rule, does nothing.
	pub struct SwitchShareRule<T, Rule>(PhantomData<(T, Rule)>);

	impl<T: Config, Rule: Get<ShareRule>> frame_support::traits::OnRuntimeUpgrade
		for SwitchShareRule<T, Rule>
	{
		fn on_runtime_upgrade() -> Weight {
			let rule = Rule::get();
			let mut params = EmissionConfig::<T>::get();
			if params.share_rule == rule {
				return T::DbWeight::get().reads(1);
			}
			if let Err(e) = rule.validate() {
				log::error!(target: "runtime::dynamic-tao", "share rule not switched: {e:?}");
				return T::DbWeight::get().reads(1);
			}
			let previous = core::mem::replace(&mut params.share_rule, rule);
			EmissionConfig::<T>::put(params);
			Pallet::<T>::deposit_event(Event::ShareRuleChanged { previous, rule });
			let seeded = seed_share_states::<T>();
			let subnets = Subnets::<T>::iter_keys().count() as u64;
			T::DbWeight::get().reads_writes(subnets.saturating_add(2), seeded.saturating_add(2))
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<Vec<u8>, sp_runtime::TryRuntimeError> {
			ensure!(Rule::get().validate().is_ok(), "the new share rule is invalid");
			Ok(Vec::new())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(_: Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			ensure!(EmissionConfig::<T>::get().share_rule == Rule::get(), "the rule is not set");
			ensure!(shares_held::<T>(), "the first block's shares jumped");
			Ok(())
		}
	}
}

/// Adding the pallet to a live chain: [`add_pallet::AddPallet`] does in a runtime upgrade what
/// the genesis build does (docs/forking.md, "Adding the pallet to a live chain").
pub mod add_pallet {
	use super::*;
	use crate::types::{EmissionParams, NetworkParams, NeuronParams, StakeParams};
	use frame_support::traits::{GetStorageVersion, StorageVersion};
	use frame_system::pallet_prelude::BlockNumberFor;

	/// The parameters the set-up stores; `None` keeps the pallet's default. The genesis config's
	/// fields of the same names.
	#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Encode, Decode)]
	pub struct InitialParams<BlockNumber> {
		/// Stake fee and minimum stake.
		pub stake: StakeParams,
		/// Registration parameters.
		pub network: Option<NetworkParams<BlockNumber>>,
		/// Emission parameters (checked as `set_emission_params` checks them).
		pub emission: Option<EmissionParams>,
		/// Neuron parameters (checked as `set_neuron_params` checks them).
		pub neuron: Option<NeuronParams>,
	}

	impl<T: Config> Pallet<T> {
		/// Whether the pallet's state exists: the root subnet is its first record.
		pub fn is_set_up() -> bool {
			Subnets::<T>::contains_key(crate::ROOT_NETUID)
		}

		/// Checks `params` as the admin calls would.
		pub fn ensure_valid_initial_params(
			params: &InitialParams<BlockNumberFor<T>>,
		) -> DispatchResult {
			if let Some(p) = &params.emission {
				Self::ensure_valid_emission_params(p)?;
			}
			if let Some(p) = &params.neuron {
				Self::ensure_valid_neuron_params(p)?;
			}
			Ok(())
		}

		/// What genesis sets up before its subnets: the pallet account (given a provider, so
		/// that it exists whatever the currency's existential deposit), the root subnet, and
		/// the parameters. Checks them first and changes nothing if one is invalid.
		pub fn set_up(params: &InitialParams<BlockNumberFor<T>>) -> DispatchResult {
			Self::ensure_valid_initial_params(params)?;
			Self::initialize();
			StakingConfig::<T>::put(params.stake);
			if let Some(p) = params.network {
				NetworkConfig::<T>::put(p);
			}
			if let Some(p) = params.emission {
				EmissionConfig::<T>::put(p);
			}
			if let Some(p) = params.neuron {
				NeuronConfig::<T>::put(p);
			}
			Ok(())
		}
	}

	/// Sets the pallet up in the upgrade that adds it to a running chain, with `Params::get()`.
	///
	/// Versioned and idempotent: it runs only when the pallet has no state yet and its on-chain
	/// storage version is 0 or the code's (FRAME sets a new pallet's version to the code's
	/// before any migration), and it writes the state of the code's version, which it then
	/// sets. Run again, or on a chain that had the pallet at genesis, it does nothing. Invalid
	/// parameters are logged and nothing is set up (try-runtime's `pre_upgrade` rejects them).
	pub struct AddPallet<T, Params>(PhantomData<(T, Params)>);

	impl<T, Params> frame_support::traits::OnRuntimeUpgrade for AddPallet<T, Params>
	where
		T: Config,
		Params: Get<InitialParams<BlockNumberFor<T>>>,
	{
		fn on_runtime_upgrade() -> Weight {
			let db = T::DbWeight::get();
			let on_chain = Pallet::<T>::on_chain_storage_version();
			let current = Pallet::<T>::in_code_storage_version();
			if Pallet::<T>::is_set_up()
				|| (on_chain != StorageVersion::new(0) && on_chain != current)
			{
				return db.reads(2);
			}
			if let Err(e) = Pallet::<T>::set_up(&Params::get()) {
				log::error!(target: "runtime::dynamic-tao", "not set up, invalid parameters: {e:?}");
				return db.reads(2);
			}
			current.put::<Pallet<T>>();
			log::info!(target: "runtime::dynamic-tao", "set up at storage version {current:?}");
			// Reads: the root subnet, the version, the pallet account. Writes: the account, the
			// root subnet, the netuid counter, four parameters and the version.
			db.reads_writes(3, 8)
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<Vec<u8>, sp_runtime::TryRuntimeError> {
			Pallet::<T>::ensure_valid_initial_params(&Params::get())
				.map_err(|_| "the initial parameters are invalid")?;
			Ok(Pallet::<T>::is_set_up().encode())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			let was_set_up =
				bool::decode(&mut &state[..]).map_err(|_| "the pre-upgrade state decodes")?;
			ensure!(Pallet::<T>::is_set_up(), "no root subnet");
			ensure!(TotalNetworks::<T>::get() >= NetUid(1), "the netuid counter is not set");
			ensure!(
				frame_system::Pallet::<T>::account_exists(&Pallet::<T>::account_id()),
				"the pallet account does not exist"
			);
			ensure!(
				Pallet::<T>::on_chain_storage_version() == Pallet::<T>::in_code_storage_version(),
				"the storage version is not the code's"
			);
			if !was_set_up {
				let params = Params::get();
				ensure!(StakingConfig::<T>::get() == params.stake, "stake parameters not set");
				ensure!(
					params.emission.is_none_or(|p| EmissionConfig::<T>::get() == p),
					"emission parameters not set"
				);
				ensure!(
					params.network.is_none_or(|p| NetworkConfig::<T>::get() == p),
					"network parameters not set"
				);
				ensure!(
					params.neuron.is_none_or(|p| NeuronConfig::<T>::get() == p),
					"neuron parameters not set"
				);
			}
			Pallet::<T>::do_try_state()
		}
	}
}

#[cfg(test)]
mod tests {
	#[allow(unused_imports)]
	use crate::types::{AlphaBalance, Price, TaoBalance};
	#[test]
	fn subnet_records_take_the_version_2_layout() {
		use crate::mock::*;
		new_test_ext().execute_with(|| {
			let root = Subnets::<Test>::get(NetUid(0)).unwrap();
			subnets_to_version_1();
			// A version-1 record written by hand: SCALE of the old fields in order.
			let old = (
				500u64,
				400u64,
				300u64,
				Some(7u64),
				FixedU128::from_rational(1, 2),
				[1u64, 2, 3, 4],
				[5u64, 6, 7],
				false,
			);
			frame_support::storage::unhashed::put_raw(
				&Subnets::<Test>::hashed_key_for(NetUid(9)),
				&old.encode(),
			);
			assert_eq!(super::v2::translate_subnets::<Test>(), 2); // root and netuid 9
			let raw = frame_support::storage::unhashed::get::<super::v3::SubnetPoolV2>(
				&Subnets::<Test>::hashed_key_for(NetUid(9)),
			);
			let new: crate::types::SubnetPool = raw.unwrap().into();
			assert_eq!(super::v3::translate_subnets::<Test>(), 2);
			assert_eq!(Subnets::<Test>::get(NetUid(9)).unwrap(), new);
			assert_eq!(Subnets::<Test>::get(NetUid(0)).unwrap(), root);
			assert_eq!(
				(new.tao_reserve, new.alpha_in, new.alpha_out, new.age, new.trading_from),
				(TaoBalance(500), AlphaBalance(400), AlphaBalance(300), Some(7), 0)
			);
			assert_eq!(new.moving_price, FixedU128::from_rational(1, 2));
			assert_eq!(
				new.pending,
				crate::types::Pending {
					owner: AlphaBalance(1),
					miners: AlphaBalance(2),
					validators: AlphaBalance(3),
					root: AlphaBalance(4),
					root_tao: TaoBalance(0)
				}
			);
			assert_eq!(
				(
					new.last_injection.tao_in,
					new.last_injection.alpha_in,
					new.last_injection.alpha_out
				),
				(TaoBalance(5), AlphaBalance(6), AlphaBalance(7))
			);
			assert!(!new.dissolving);
		});
	}

	use super::*;
	use crate::{
		mock::*,
		shares::{Holding, SharePool},
	};
	use frame_support::{
		assert_ok,
		traits::{fungible::Mutate, GetStorageVersion, OnRuntimeUpgrade, StorageVersion},
	};

	#[test]
	fn prices_are_the_old_shares() {
		// Old emission 0.6, 0.3, 0.1 TAO per block: prices 0.6, 0.3, 0.1.
		let p = seed_prices(&[
			(NetUid(1), 600_000_000),
			(NetUid(2), 300_000_000),
			(NetUid(3), 100_000_000),
		]);
		assert_eq!(
			p,
			vec![
				(NetUid(1), FixedU128::from_rational(6, 10)),
				(NetUid(2), FixedU128::from_rational(3, 10)),
				(NetUid(3), FixedU128::from_rational(1, 10))
			]
		);
		// Not normalised input: 1 : 3 → 0.25 and 0.75.
		assert_eq!(
			seed_prices(&[(NetUid(1), 5), (NetUid(2), 15)]),
			vec![
				(NetUid(1), FixedU128::from_rational(1, 4)),
				(NetUid(2), FixedU128::from_rational(3, 4))
			]
		);
		assert!(seed_prices(&[(NetUid(1), 0)]).is_empty());
	}

	frame_support::parameter_types! {
		pub OldEmission: Vec<(NetUid, u64)> = vec![(NetUid(0), 5), (NetUid(1), 250_000_000), (NetUid(2), 750_000_000), (NetUid(9), 1)];
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
			assert_eq!(price(NetUid(0)), FixedU128::default());

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
			genesis.legacy_emissions = vec![(NetUid(1), 1), (NetUid(2), 1)];
		});
		ext.execute_with(|| {
			let half = FixedU128::from_rational(1, 2);
			assert_eq!(Subnets::<Test>::get(NetUid(1)).unwrap().moving_price, half);
			assert_eq!(Subnets::<Test>::get(NetUid(2)).unwrap().moving_price, half);
			// Both emit half of the first block's TAO.
			run_blocks(1);
			assert_eq!(
				Subnets::<Test>::get(NetUid(1)).unwrap().last_injection.tao_in,
				TaoBalance(500_000_000)
			);
			assert_eq!(
				Subnets::<Test>::get(NetUid(2)).unwrap().last_injection.tao_in,
				TaoBalance(500_000_000)
			);
		});
	}

	/// Share pools as storage version 1 left them (written raw: a pool was `(value, shares)`, a
	/// position its `u128` shares), consistent with the pools' `alpha_out` (and root's TAO): on
	/// a started subnet, ALICE's seeded unit (10^9 shares) and BOB's 3 · 10^8 shares, grown to
	/// 1 300 000 000 000 007 (a share is worth 10^6 units); on root, CHARLIE's 10^9 shares
	/// holding 5 TAO. Returns the subnet.
	fn version_1_pools() -> NetUid {
		use frame_support::storage::unhashed::put;
		let netuid = started_subnet();
		let position = |coldkey: u64, hotkey: u64, netuid: NetUid, shares: u128| {
			put(&Stake::<Test>::hashed_key_for((coldkey, hotkey, netuid)), &shares);
			StakeIndex::<Test>::insert((netuid, hotkey, coldkey), ());
		};
		let pool = |netuid: NetUid, value: u64, shares: u128| {
			put(&HotkeyPools::<Test>::hashed_key_for(netuid, ALICE_HOT), &(value, shares));
		};
		let value = 1_300_000_000_000_007;
		pool(netuid, value, 1_300_000_000);
		position(ALICE, ALICE_HOT, netuid, 1_000_000_000);
		position(BOB, ALICE_HOT, netuid, 300_000_000);
		Subnets::<Test>::mutate(netuid, |p| p.as_mut().unwrap().alpha_out += AlphaBalance(value));
		pool(NetUid(0), 5 * TAO, 1_000_000_000);
		position(CHARLIE, ALICE_HOT, NetUid(0), 1_000_000_000);
		Subnets::<Test>::mutate(NetUid(0), |p| {
			let p = p.as_mut().unwrap();
			p.alpha_out += AlphaBalance(5 * TAO);
			p.tao_reserve += TaoBalance(5 * TAO);
		});
		Balances::mint_into(&DynamicTao::account_id(), 5 * TAO).unwrap();
		subnets_to_version_1();
		StorageVersion::new(1).put::<DynamicTao>();
		netuid
	}

	/// Rewrites every subnet record in the version-1 layout (what it has of it).
	fn subnets_to_version_1() {
		for (netuid, p) in Subnets::<Test>::iter().collect::<Vec<_>>() {
			let d = p.pending;
			let i = p.last_injection;
			let old = (
				p.tao_reserve,
				p.alpha_in,
				p.alpha_out,
				p.age,
				p.moving_price,
				[d.owner.get(), d.miners.get(), d.validators.get(), d.root.get()],
				[i.tao_in.get(), i.alpha_in.get(), i.alpha_out.get()],
				p.dissolving,
			);
			frame_support::storage::unhashed::put_raw(
				&Subnets::<Test>::hashed_key_for(netuid),
				&old.encode(),
			);
		}
	}

	#[test]
	fn v2_rescales_every_share_once_and_keeps_every_value() {
		test(|| {
			let netuid = version_1_pools();
			let unstake = |amount| {
				DynamicTao::remove_stake(RuntimeOrigin::signed(BOB), ALICE_HOT, netuid, amount)
			};

			#[cfg(feature = "try-runtime")]
			let state = v2::UncheckedMigrateToV2::<Test>::pre_upgrade().unwrap();
			v2::MigrateToV2::<Test>::on_runtime_upgrade();
			#[cfg(feature = "try-runtime")]
			v2::UncheckedMigrateToV2::<Test>::post_upgrade(state).unwrap();
			assert_eq!(DynamicTao::on_chain_storage_version(), StorageVersion::new(2));
			// The subnet records are in the version-2 layout; version 3 brings them up to date.
			v3::MigrateToV3::<Test>::on_runtime_upgrade();
			assert_eq!(DynamicTao::on_chain_storage_version(), StorageVersion::new(3));

			// Every share count × 10^9; the pools, still below 10^9 shares per unit (1.3 · 10^18
			// for 1.3 · 10^15, and 10^18 for 5 · 10^9), × 10^9 once more: era 1. Values
			// untouched.
			let e9: u128 = 1_000_000_000;
			let e18 = e9 * e9;
			assert_eq!(
				HotkeyPools::<Test>::get(netuid, ALICE_HOT),
				SharePool { value: 1_300_000_000_000_007, shares: 13 * e18 * e9 / 10, era: 1 }
			);
			assert_eq!(
				HotkeyPools::<Test>::get(NetUid(0), ALICE_HOT),
				SharePool { value: 5 * TAO, shares: e18 * e9, era: 1 }
			);
			let at_era_0 = |shares| Holding { shares, era: 0 };
			assert_eq!(Stake::<Test>::get((ALICE, ALICE_HOT, netuid)), at_era_0(e18));
			assert_eq!(Stake::<Test>::get((BOB, ALICE_HOT, netuid)), at_era_0(3 * e18 / 10));
			assert_eq!(Stake::<Test>::get((CHARLIE, ALICE_HOT, NetUid(0))), at_era_0(e18));
			// By hand: floor(V · 10 / 13) and floor(V · 3 / 13) with V = 1 300 000 000 000 007.
			assert_eq!(
				DynamicTao::stake_of(&ALICE, &ALICE_HOT, netuid),
				AlphaBalance(1_000_000_000_000_005)
			);
			assert_eq!(
				DynamicTao::stake_of(&BOB, &ALICE_HOT, netuid),
				AlphaBalance(300_000_000_000_001)
			);
			assert_eq!(
				DynamicTao::stake_of(&CHARLIE, &ALICE_HOT, NetUid(0)),
				AlphaBalance(5 * TAO)
			);

			// At the old scale 1.5 · 10^6 would burn 2 shares (2 · 10^6 units) and be refused;
			// it works now and costs at most one unit more than asked.
			assert_ok!(unstake(AlphaBalance(1_500_000)));
			let left = DynamicTao::stake_of(&BOB, &ALICE_HOT, netuid);
			let debited = 300_000_000_000_001 - u64::from(left);
			assert!((1_500_000..=1_500_001).contains(&debited), "debited {debited}");
			// BOB's record is rewritten at era 1; ALICE's stays at era 0 and is read at era 1.
			assert_eq!(Stake::<Test>::get((BOB, ALICE_HOT, netuid)).era, 1);
			assert_eq!(
				DynamicTao::stake_of(&ALICE, &ALICE_HOT, netuid),
				AlphaBalance(1_000_000_000_000_005)
			);

			// Run again: the version gate makes it a no-op.
			let pool = HotkeyPools::<Test>::get(netuid, ALICE_HOT);
			v2::MigrateToV2::<Test>::on_runtime_upgrade();
			assert_eq!(HotkeyPools::<Test>::get(netuid, ALICE_HOT), pool);
			assert_eq!(Stake::<Test>::get((ALICE, ALICE_HOT, netuid)), at_era_0(e18));
		});
	}

	#[test]
	fn v2_steps_count_the_entries_they_rewrite() {
		test(|| {
			version_1_pools();
			// Two pools (the subnet's and root's) and three positions: a read and a write each.
			assert_eq!(v2::rescale_hotkey_pools::<Test>(), 2);
			assert_eq!(v2::rescale_stakes::<Test>(), 3);
			// Two subnet records (root's and the subnet's), then to the current layout.
			assert_eq!(v2::translate_subnets::<Test>(), 2);
			assert_eq!(v3::translate_subnets::<Test>(), 2);
		});
	}

	mod v3_tests {
		use super::*;
		use crate::share_rules::{ShareRule, ShareSignal};
		use sp_arithmetic::Perbill;

		const FLOW: ShareSignal = ShareSignal::NetFlow { rate: Perbill::from_percent(50) };

		/// Subnets 1 and 2 started, moving prices 3/4 and 1/4, every record in the version-2
		/// layout, at storage version 2, with `signal` in force.
		fn version_2_chain(signal: ShareSignal) -> (NetUid, NetUid) {
			let one = started_subnet();
			let two = TotalNetworks::<Test>::get();
			assert_ok!(DynamicTao::register_network(RuntimeOrigin::signed(BOB), BOB_HOT));
			run_to(System::block_number() + START_DELAY);
			assert_ok!(DynamicTao::start_call(RuntimeOrigin::signed(BOB), two));
			run_to(System::block_number() + 1);
			set_moving_price(one, 3, 4);
			set_moving_price(two, 1, 4);
			EmissionConfig::<Test>::mutate(|p| {
				p.tempo = 1_000;
				p.share_rule = ShareRule { signal, ..Default::default() };
			});
			for (netuid, p) in Subnets::<Test>::iter().collect::<Vec<_>>() {
				let old = v3::SubnetPoolV2 {
					tao_reserve: p.tao_reserve,
					alpha_in: p.alpha_in,
					alpha_out: p.alpha_out,
					age: p.age,
					moving_price: p.moving_price,
					pending: p.pending,
					last_injection: p.last_injection,
					dissolving: p.dissolving,
					trading_from: p.trading_from,
				};
				frame_support::storage::unhashed::put(
					&Subnets::<Test>::hashed_key_for(netuid),
					&old,
				);
			}
			StorageVersion::new(2).put::<DynamicTao>();
			(one, two)
		}

		fn tao_in(netuid: NetUid) -> u64 {
			Subnets::<Test>::get(netuid).unwrap().last_injection.tao_in.get()
		}

		#[test]
		fn v3_seeds_the_rule_in_force_so_the_first_block_shares_as_the_last() {
			test(|| {
				let (one, two) = version_2_chain(FLOW);
				#[cfg(feature = "try-runtime")]
				let state = v3::UncheckedMigrateToV3::<Test>::pre_upgrade().unwrap();
				v3::MigrateToV3::<Test>::on_runtime_upgrade();
				#[cfg(feature = "try-runtime")]
				v3::UncheckedMigrateToV3::<Test>::post_upgrade(state).unwrap();
				assert_eq!(DynamicTao::on_chain_storage_version(), StorageVersion::new(3));
				// Both flow averages at the price share of 1 TAO: 0.75 and 0.25 TAO.
				let s = Subnets::<Test>::get(two).unwrap().share;
				let bits = |x: i128| substrate_fixed::types::I64F64::from_num(x).to_bits();
				assert_eq!(
					(s.signal, s.flow_ema, s.flow_ema2),
					(Some(FLOW), bits(250_000_000), bits(250_000_000))
				);
				assert_eq!(Subnets::<Test>::get(one).unwrap().share.flow_ema, bits(750_000_000));
				// Root does not emit and is not seeded.
				assert_eq!(Subnets::<Test>::get(NetUid(0)).unwrap().share, Default::default());
				let records: Vec<_> = Subnets::<Test>::iter().collect();
				// Again: the version gate makes it a no-op.
				v3::MigrateToV3::<Test>::on_runtime_upgrade();
				assert_eq!(Subnets::<Test>::iter().collect::<Vec<_>>(), records);
				run_blocks(1);
				assert_eq!((tao_in(one), tao_in(two)), (750_000_000, 250_000_000));
			});
		}

		frame_support::parameter_types! {
			pub const LogPrice: ShareRule =
				ShareRule { signal: ShareSignal::LogPriceEma, min_depth: None, gate: None };
		}

		#[test]
		fn a_switch_in_an_upgrade_sets_the_rule_seeds_it_and_runs_once() {
			test(|| {
				let (one, two) = version_2_chain(ShareSignal::PriceEma);
				v3::MigrateToV3::<Test>::on_runtime_upgrade();
				type Switch = v3::SwitchShareRule<Test, LogPrice>;
				#[cfg(feature = "try-runtime")]
				let state = Switch::pre_upgrade().unwrap();
				Switch::on_runtime_upgrade();
				#[cfg(feature = "try-runtime")]
				Switch::post_upgrade(state).unwrap();
				assert_eq!(EmissionConfig::<Test>::get().share_rule, LogPrice::get());
				System::assert_last_event(
					Event::ShareRuleChanged {
						previous: ShareRule::default(),
						rule: LogPrice::get(),
					}
					.into(),
				);
				// ln 0.75 = −0.287682, ln 0.25 = −1.386294.
				let ln = |n| Subnets::<Test>::get(n).unwrap().share.log_price().to_num::<f64>();
				assert!(
					(ln(one) + 0.287_682_072).abs() < 5e-8
						&& (ln(two) + 1.386_294_361).abs() < 5e-8
				);
				assert!(v3::shares_held::<Test>());
				let records: Vec<_> = Subnets::<Test>::iter().collect();
				Switch::on_runtime_upgrade();
				assert_eq!(Subnets::<Test>::iter().collect::<Vec<_>>(), records);
				// The first block: 3 : 1 within the logarithm's error.
				run_blocks(1);
				assert!(tao_in(one).abs_diff(750_000_000) <= 2, "{}", tao_in(one));
				assert!((TAO - 1..=TAO).contains(&(tao_in(one) + tao_in(two))));
			});
		}
	}

	mod add_pallet_tests {
		use super::*;
		use crate::{
			migrations::add_pallet::{AddPallet, InitialParams},
			types::{EmissionParams, NetworkParams, StakeParams},
		};
		use sp_arithmetic::Permill;

		/// What the mock's genesis would set, with a stake fee and a tempo of our own.
		fn params(tempo: u16) -> InitialParams<u64> {
			InitialParams {
				stake: StakeParams { fee: Permill::from_percent(1), ..StakeParams::default() },
				network: Some(NetworkParams {
					min_lock: TaoBalance(MIN_LOCK),
					lock_reduction_interval: LOCK_INTERVAL,
					start_call_delay: START_DELAY,
					immunity_period: IMMUNITY,
				}),
				emission: Some(EmissionParams { tempo, ..EmissionParams::default() }),
				neuron: None,
			}
		}

		frame_support::parameter_types! {
			pub Good: InitialParams<u64> = params(5);
			pub Bad: InitialParams<u64> = params(0);
		}

		/// A chain with balances and no trace of the pallet.
		fn chain_without_the_pallet() -> sp_io::TestExternalities {
			ext_of(vec![(ALICE, 10_000 * TAO), (BOB, 10_000 * TAO)], None)
		}

		fn state_root() -> Vec<u8> {
			sp_io::storage::root(sp_runtime::StateVersion::V1)
		}

		#[test]
		fn the_upgrade_sets_up_what_genesis_does_and_runs_once() {
			chain_without_the_pallet().execute_with(|| {
				assert!(!DynamicTao::is_set_up());
				assert!(!System::account_exists(&DynamicTao::account_id()));
				assert_eq!(DynamicTao::on_chain_storage_version(), 0);

				AddPallet::<Test, Good>::on_runtime_upgrade();
				assert!(DynamicTao::is_set_up());
				assert_eq!(TotalNetworks::<Test>::get(), NetUid(1));
				assert!(System::account_exists(&DynamicTao::account_id()));
				assert_eq!(
					DynamicTao::on_chain_storage_version(),
					DynamicTao::in_code_storage_version()
				);
				assert_eq!(StakingConfig::<Test>::get().fee, Permill::from_percent(1));
				assert_eq!(EmissionConfig::<Test>::get().tempo, 5);
				assert_eq!(NetworkConfig::<Test>::get().min_lock, TaoBalance(MIN_LOCK));
				DynamicTao::do_try_state().unwrap();

				// Twice: nothing changes.
				let root = state_root();
				AddPallet::<Test, Good>::on_runtime_upgrade();
				assert_eq!(state_root(), root);

				// The chain works: a subnet, a stake with the 1 % fee, emission and an epoch.
				assert_ok!(DynamicTao::register_network(RuntimeOrigin::signed(ALICE), ALICE_HOT));
				run_to(1 + START_DELAY);
				assert_ok!(DynamicTao::start_call(RuntimeOrigin::signed(ALICE), NetUid(1)));
				run_blocks(1);
				assert_ok!(DynamicTao::add_stake(
					RuntimeOrigin::signed(BOB),
					ALICE_HOT,
					NetUid(1),
					TaoBalance(10 * TAO)
				));
				// 10 TAO less the 1 % fee, 9.9 TAO, into a pool of R TAO / R alpha, R between 100
				// and 101 (one block's injection at price 1): 9.9 · R / (R + 9.9) is 9.008 to
				// 9.016 alpha. The default 0.05 % fee would give at least 9.086.
				let alpha = DynamicTao::stake_of(&BOB, &ALICE_HOT, NetUid(1)).get();
				assert!((8_990_000_000..=9_020_000_000).contains(&alpha), "{alpha}");
				run_blocks(12);
				assert!(!crate::tests::epoch_events().is_empty());
				DynamicTao::do_try_state().unwrap();
			});
		}

		#[test]
		fn a_chain_that_had_the_pallet_is_left_alone() {
			new_test_ext().execute_with(|| {
				let root = state_root();
				AddPallet::<Test, Good>::on_runtime_upgrade();
				assert_eq!(state_root(), root);
			});
		}

		#[test]
		fn invalid_parameters_set_nothing_up() {
			chain_without_the_pallet().execute_with(|| {
				let root = state_root();
				AddPallet::<Test, Bad>::on_runtime_upgrade();
				assert_eq!(state_root(), root);
				assert!(!DynamicTao::is_set_up());
			});
		}

		#[cfg(feature = "try-runtime")]
		#[test]
		fn try_runtime_checks_pass_and_reject_bad_parameters() {
			chain_without_the_pallet().execute_with(|| {
				assert!(AddPallet::<Test, Bad>::try_on_runtime_upgrade(true).is_err());
				assert_ok!(AddPallet::<Test, Good>::try_on_runtime_upgrade(true));
				assert_ok!(AddPallet::<Test, Good>::try_on_runtime_upgrade(true));
			});
		}
	}
}
