//! # Dynamic TAO pallet
//!
//! Bittensor's "dynamic TAO" economics as a FRAME pallet: every subnet has its own alpha token in a
//! TAO/alpha constant-product pool that only the protocol supplies, staking is a swap into alpha,
//! and each block's TAO emission is split across subnets by the moving price of their alpha,
//! injected into their pools and paid out every tempo.
//!
//! ## Pallet API
//!
//! See the [`pallet`] module for the configuration trait, storage, genesis, dispatchables, events
//! and errors. The mechanism, with its formulas, is described in `docs/mechanism.md`.
//!
//! ## Overview
//!
//! - Netuid 0 is the root subnet: TAO staked there is held 1:1, with no pool and no fee.
//! - Every other subnet `n` has a pool ([`types::SubnetPool`]): a TAO reserve `T`, an alpha
//!   reserve `A` and the alpha outside the pool. Its spot price is `T / A` TAO per alpha.
//! - `register_network` creates a subnet whose pool starts at price 1.0, seeded from the owner's
//!   lock; `start_call` opens it for staking.
//! - `add_stake` swaps TAO into alpha and credits a (hotkey, netuid) share pool; `remove_stake`
//!   swaps back. The `_limit` variants bound the price the pool may move to, exactly.
//! - All TAO of all pools sits in one pallet account ([`Pallet::account_id`]), so the pools are
//!   auditable against a real balance (checked by `try_state`).
//!
//! ## Low Level / Implementation Details
//!
//! ### Design
//!
//! One concept per module, pure functions apart from storage:
//! - [`pool`]: x·y = k swap math and exact limit-price amounts (rounding in the pool's favour).
//! - [`shares`]: share pools with `u128` shares.
//! - [`registration`]: lock cost, registration, `start_call`.
//! - [`staking`]: stake and unstake as swaps, quotes.
//! - [`emission`]: the halving curve, shares, moving price, injection and buckets (pure).
//! - [`coinbase`]: the per-block hook that applies them.
//! - [`epoch`]: paying out a subnet's pending emission through an [`EpochConsensus`].
//! - [`yuma`]: Yuma consensus (pure), for the epoch once subnets have neurons and weights.
//! - [`migrations`]: seeding moving prices for chains coming from the old model.
//! - [`runtime_api`]: `DynamicTaoApi`, the stable client surface.
//! - [`types`]: ids, units and records.
//!
//! The TAO currency is any [`fungible`](frame_support::traits::fungible) implementation with holds,
//! so a chain can plug in its own native token.

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

pub use pallet::*;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
pub mod coinbase;
pub mod emission;
pub mod epoch;
pub mod migrations;
pub mod pool;
pub mod registration;
pub mod runtime_api;
pub mod shares;
pub mod staking;
pub mod types;
pub mod weights;
pub mod yuma;

#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

pub use emission::{PriceEma, SubnetShares};
pub use epoch::{EpochConsensus, StakeWeighted};
pub use types::{
	AlphaBalance, EmissionParams, NetUid, SubnetPool, SwapQuote, TaoBalance, ROOT_NETUID,
};
pub use weights::WeightInfo;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use crate::{shares::SharePool, staking::MoveRoute, types::*};
	use alloc::vec::Vec;
	use frame_support::{
		pallet_prelude::*,
		traits::{fungible, tokens::Preservation, BuildGenesisConfig},
		PalletId,
	};
	use frame_system::pallet_prelude::*;
	use sp_arithmetic::Permill;
	use sp_runtime::traits::{AccountIdConversion, Zero};

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

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
		/// balance type converts from and to it. Holds keep the part of a subnet lock that does
		/// not seed the pool.
		type Currency: fungible::Mutate<Self::AccountId, Balance: From<u64> + TryInto<u64>>
			+ fungible::MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;

		/// The overarching hold reason.
		type RuntimeHoldReason: From<HoldReason>;

		/// Who may change the pallet's parameters (root on the dev chain).
		type AdminOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// The pallet's id, from which the account that holds every pool's TAO is derived.
		#[pallet::constant]
		type PalletId: Get<PalletId>;

		/// No swap may leave a pool reserve below this many units.
		#[pallet::constant]
		type MinPoolLiquidity: Get<u64>;

		/// No swap input may exceed this multiple of the pool's input reserve.
		#[pallet::constant]
		type MaxSwapInputMultiple: Get<u64>;

		/// The highest stake fee `set_stake_fee` accepts.
		#[pallet::constant]
		type MaxStakeFee: Get<Permill>;

		/// The highest netuid a registration may take.
		#[pallet::constant]
		type SubnetLimit: Get<NetUid>;

		/// How each block's TAO is shared across subnets ([`PriceEma`]: by moving price).
		type SubnetShares: SubnetShares;

		/// Who earns a subnet's miners' and validators' buckets each epoch
		/// ([`StakeWeighted`] until a subnet has neurons and weights).
		type EpochConsensus: EpochConsensus<Self::AccountId>;

		/// Weights of this pallet's calls and hooks.
		type WeightInfo: WeightInfo;
	}

	/// Reasons for which the pallet holds TAO.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// The part of a subnet's lock that does not seed its pool; returned at dissolution.
		SubnetLock,
	}

	/// Pool state per subnet. Twox64Concat: netuids are assigned by the chain, not chosen freely
	/// by users, so a fast hasher cannot be exploited to unbalance the trie.
	#[pallet::storage]
	pub type Subnets<T: Config> = StorageMap<_, Twox64Concat, NetUid, SubnetPool, OptionQuery>;

	/// Owner and lifecycle of each subnet other than root.
	#[pallet::storage]
	pub type SubnetOwners<T: Config> = StorageMap<
		_,
		Twox64Concat,
		NetUid,
		SubnetMeta<T::AccountId, BlockNumberFor<T>>,
		OptionQuery,
	>;

	/// The next netuid to assign (root is 0, so the first registration gets 1).
	#[pallet::storage]
	pub type TotalNetworks<T: Config> = StorageValue<_, NetUid, ValueQuery>;

	/// The coldkey that owns each registered hotkey. Blake2: hotkeys are user-chosen.
	#[pallet::storage]
	pub type Owner<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, T::AccountId, OptionQuery>;

	/// Share pool of each (netuid, hotkey): the alpha staked on it and its total shares. Netuid
	/// first, so that an epoch finds a subnet's hotkeys under one prefix.
	#[pallet::storage]
	pub type HotkeyPools<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		NetUid,
		Blake2_128Concat,
		T::AccountId,
		SharePool,
		ValueQuery,
	>;

	/// Shares of each (coldkey, hotkey, netuid). Coldkey first, so a wallet's positions are one
	/// prefix.
	#[pallet::storage]
	pub type Stake<T: Config> = StorageNMap<
		_,
		(
			NMapKey<Blake2_128Concat, T::AccountId>,
			NMapKey<Blake2_128Concat, T::AccountId>,
			NMapKey<Twox64Concat, NetUid>,
		),
		u128,
		ValueQuery,
	>;

	/// Stake fee and minimum stake.
	#[pallet::storage]
	pub type StakingConfig<T: Config> = StorageValue<_, StakeParams, ValueQuery>;

	/// Lock and start parameters of subnet registration.
	#[pallet::storage]
	pub type NetworkConfig<T: Config> =
		StorageValue<_, NetworkParams<BlockNumberFor<T>>, ValueQuery, DefaultNetworkParams<T>>;

	/// The default registration parameters: 1 000 TAO minimum lock, two weeks of decay, one week
	/// before `start_call` (12 s blocks).
	#[pallet::type_value]
	pub fn DefaultNetworkParams<T: Config>() -> NetworkParams<BlockNumberFor<T>> {
		NetworkParams {
			min_lock: 1_000_000_000_000,
			lock_reduction_interval: 100_800u32.into(),
			start_call_delay: 50_400u32.into(),
		}
	}

	/// Emission and epoch parameters.
	#[pallet::storage]
	pub type EmissionConfig<T: Config> = StorageValue<_, EmissionParams, ValueQuery>;

	/// The last lock cost paid and its block (the lock cost doubles from it and decays).
	#[pallet::storage]
	pub type LastLock<T: Config> = StorageValue<_, (TaoBalance, BlockNumberFor<T>), ValueQuery>;

	/// Genesis state.
	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Stake fee and minimum stake.
		pub stake_params: StakeParams,
		/// Registration parameters (`None`: the defaults).
		pub network_params: Option<NetworkParams<BlockNumberFor<T>>>,
		/// Subnets to register and start at genesis: (owner coldkey, owner hotkey). Each pays
		/// the lock cost of its turn from its owner's genesis balance.
		pub subnets: Vec<(T::AccountId, T::AccountId)>,
		/// Stakes to add at genesis, after the subnets: (coldkey, hotkey, netuid, TAO).
		pub stakes: Vec<(T::AccountId, T::AccountId, NetUid, TaoBalance)>,
		/// Emission parameters (`None`: the defaults).
		pub emission_params: Option<EmissionParams>,
		/// For a chain coming from the old model: each subnet's old emission per block
		/// (netuid, rao). Seeds the moving prices so that the first shares equal the old ones
		/// (see [`migrations`] for live chains).
		pub legacy_emissions: Vec<(NetUid, u64)>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			Pallet::<T>::initialize();
			StakingConfig::<T>::put(self.stake_params);
			if let Some(params) = self.network_params {
				NetworkConfig::<T>::put(params);
			}
			if let Some(params) = self.emission_params {
				Pallet::<T>::ensure_valid_emission_params(&params)
					.expect("genesis emission parameters are valid");
				EmissionConfig::<T>::put(params);
			}
			for (coldkey, hotkey) in &self.subnets {
				let netuid = TotalNetworks::<T>::get();
				Pallet::<T>::do_register_network(coldkey.clone(), hotkey.clone())
					.expect("genesis subnets can be registered");
				// Genesis subnets start at once, without the start delay.
				SubnetOwners::<T>::mutate(netuid, |m| {
					if let Some(m) = m {
						Pallet::<T>::mark_started(netuid, m, Zero::zero());
					}
				});
			}
			Pallet::<T>::seed_moving_prices(&self.legacy_emissions);
			for (coldkey, hotkey, netuid, tao) in &self.stakes {
				Pallet::<T>::do_add_stake(coldkey.clone(), hotkey.clone(), *netuid, *tao, None)
					.expect("genesis stakes can be added");
			}
		}
	}

	/// Events an indexer can follow without reading storage. Prices are rao per alpha.
	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A subnet was registered; its pool starts at `pool_tao` / `pool_alpha`.
		NetworkRegistered {
			/// The new subnet.
			netuid: NetUid,
			/// Who registered it.
			owner_coldkey: T::AccountId,
			/// The owner's hotkey.
			owner_hotkey: T::AccountId,
			/// The whole lock cost: `pool_tao` went into the pool, the rest is held.
			lock_cost: TaoBalance,
			/// TAO in the new pool.
			pool_tao: TaoBalance,
			/// Alpha in the new pool.
			pool_alpha: AlphaBalance,
		},
		/// A subnet's owner started it.
		SubnetStarted {
			/// The subnet.
			netuid: NetUid,
			/// The block of the start.
			block: BlockNumberFor<T>,
		},
		/// TAO was staked: swapped into alpha and credited to (hotkey, netuid).
		StakeAdded {
			/// Who paid.
			coldkey: T::AccountId,
			/// On whose share pool.
			hotkey: T::AccountId,
			/// The subnet.
			netuid: NetUid,
			/// TAO paid, fee included.
			tao_in: TaoBalance,
			/// Alpha credited.
			alpha_out: AlphaBalance,
			/// The fee, in TAO, kept by the pool.
			fee: TaoBalance,
			/// Spot price before.
			price_before: u64,
			/// Spot price after (the average price paid, `tao_in / alpha_out`, is never above
			/// it).
			price_after: u64,
			/// The limit the call set, if any.
			limit_price: Option<u64>,
		},
		/// Stake was removed: alpha swapped back into TAO and paid to the coldkey.
		StakeRemoved {
			/// Who received the TAO.
			coldkey: T::AccountId,
			/// From whose share pool.
			hotkey: T::AccountId,
			/// The subnet.
			netuid: NetUid,
			/// Alpha sold.
			alpha_in: AlphaBalance,
			/// TAO paid out, after the fee.
			tao_out: TaoBalance,
			/// The fee, in TAO, kept by the pool.
			fee: TaoBalance,
			/// Spot price before.
			price_before: u64,
			/// Spot price after.
			price_after: u64,
			/// The limit the call set, if any.
			limit_price: Option<u64>,
		},
		/// Stake moved between hotkeys, subnets and/or coldkeys. Across subnets both legs are
		/// reported; within a subnet only shares moved (`tao`, `fee` and the prices are 0).
		StakeMoved {
			/// Whose stake it was.
			origin_coldkey: T::AccountId,
			/// Whose stake it is now.
			dest_coldkey: T::AccountId,
			/// The hotkey it was on.
			origin_hotkey: T::AccountId,
			/// The hotkey it is on now.
			dest_hotkey: T::AccountId,
			/// The subnet it was on.
			origin_netuid: NetUid,
			/// The subnet it is on now.
			dest_netuid: NetUid,
			/// Alpha taken from the origin position (sold, across subnets).
			alpha_in: AlphaBalance,
			/// TAO between the legs: the sell's output, the buy's input.
			tao: TaoBalance,
			/// Alpha credited to the destination position.
			alpha_out: AlphaBalance,
			/// The one fee of the move, in TAO.
			fee: TaoBalance,
			/// Origin spot price before.
			origin_price_before: u64,
			/// Origin spot price after.
			origin_price_after: u64,
			/// Destination spot price before.
			dest_price_before: u64,
			/// Destination spot price after.
			dest_price_after: u64,
			/// The limit on `p_origin / p_dest` the call set, if any.
			limit_price: Option<u64>,
		},
		/// The stake fee changed.
		StakeFeeSet {
			/// The new fee.
			fee: Permill,
		},
		/// The minimum stake changed.
		MinStakeSet {
			/// The new minimum, in TAO.
			min_stake: TaoBalance,
		},
		/// The lock parameters changed.
		NetworkLockParamsSet {
			/// The new minimum lock.
			min_lock: TaoBalance,
			/// The new decay interval.
			lock_reduction_interval: BlockNumberFor<T>,
		},
		/// The delay before `start_call` changed.
		StartCallDelaySet {
			/// The new delay, in blocks.
			start_call_delay: BlockNumberFor<T>,
		},
		/// The emission parameters changed.
		EmissionParamsSet {
			/// The new parameters.
			params: EmissionParams,
		},
		/// A subnet's epoch paid out its pending emission. The alpha parts add up to what was
		/// pending.
		EpochPaid {
			/// The subnet.
			netuid: NetUid,
			/// Alpha staked to the owner (owner hotkey, owner coldkey).
			owner_cut: AlphaBalance,
			/// Alpha paid to miners by incentive.
			miners: AlphaBalance,
			/// Alpha paid to validators by dividends (takes included).
			validators: AlphaBalance,
			/// Alpha of the root bucket, sold on the pool without fee.
			root_alpha: AlphaBalance,
			/// TAO that sale paid to the validators' root stakes.
			root_tao: TaoBalance,
			/// Alpha nobody could receive, removed from the subnet's issuance.
			recycled: AlphaBalance,
		},
	}

	/// Why a call was rejected. Every rejection changes nothing.
	#[pallet::error]
	pub enum Error<T> {
		/// No subnet has this netuid.
		SubnetNotFound,
		/// The subnet has not been started (`start_call`) yet.
		SubnetNotStarted,
		/// The root subnet cannot be the target of this call.
		IsRootSubnet,
		/// Only the subnet's owner may do this.
		NotSubnetOwner,
		/// `start_call` is allowed only `start_call_delay` blocks after registration.
		StartCallTooEarly,
		/// The subnet was started already.
		AlreadyStarted,
		/// All netuids up to the subnet limit are taken.
		SubnetLimitReached,
		/// The hotkey belongs to another coldkey.
		HotkeyOwnedByAnother,
		/// The hotkey is not registered (own a subnet or a neuron first).
		HotkeyNotRegistered,
		/// The amount is zero.
		ZeroAmount,
		/// Below the minimum stake, or too small for the pool to pay anything for it.
		AmountTooLow,
		/// The caller's spendable TAO does not cover the amount.
		InsufficientBalance,
		/// The caller has no stake on this hotkey and subnet.
		NoStake,
		/// More than the caller's stake on this hotkey and subnet.
		NotEnoughStake,
		/// The stake left behind would be worth less than the minimum stake: unstake all of it.
		RemainderBelowMinimum,
		/// The price limit cannot be met (with `allow_partial`, not even in part).
		SlippageTooHigh,
		/// The swap would leave a pool reserve below the minimum liquidity.
		ReserveTooLow,
		/// The swap input exceeds the allowed multiple of the pool's reserve.
		SwapInputTooLarge,
		/// An amount would overflow.
		Overflow,
		/// A move whose origin and destination are the same position.
		SameOriginAndDestination,
		/// The fee is above `MaxStakeFee`.
		FeeTooHigh,
		/// A parameter is out of its allowed range.
		InvalidParameter,
		/// The tempo must be between 1 and `EmissionParams::MAX_TEMPO` blocks.
		InvalidTempo,
		/// The moving price's clamp must be above zero.
		InvalidPriceClamp,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		/// Emission first, so that the block's trades see the pools after it.
		fn on_initialize(now: BlockNumberFor<T>) -> Weight {
			Self::run_coinbase(now)
		}

		fn integrity_test() {
			assert!(T::MaxStakeFee::get() < Permill::one(), "a fee of 100 % leaves nothing");
			assert!(T::MaxSwapInputMultiple::get() > 0, "swaps need a non-zero input cap");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call(weight(<T as Config>::WeightInfo))]
	impl<T: Config> Pallet<T> {
		/// Registers a new subnet owned by the caller.
		///
		/// ## Dispatch Origin
		/// Signed by the owner's coldkey.
		///
		/// ## Details
		/// Pays the lock cost (`network_registration_cost`): `min_lock` seeds the pool at price
		/// 1.0 with as much new alpha, the rest is held on the caller's account until
		/// dissolution. `hotkey` becomes the owner hotkey. The subnet is dormant until
		/// `start_call`.
		#[pallet::call_index(0)]
		pub fn register_network(origin: OriginFor<T>, hotkey: T::AccountId) -> DispatchResult {
			let coldkey = ensure_signed(origin)?;
			Self::do_register_network(coldkey, hotkey)
		}

		/// Starts a dormant subnet: staking and emission begin.
		///
		/// ## Dispatch Origin
		/// Signed by the subnet owner's coldkey, `start_call_delay` blocks after registration.
		#[pallet::call_index(1)]
		pub fn start_call(origin: OriginFor<T>, netuid: NetUid) -> DispatchResult {
			let coldkey = ensure_signed(origin)?;
			Self::do_start_call(coldkey, netuid)
		}

		/// Stakes `amount_tao` of the caller's TAO on (`hotkey`, `netuid`): a swap into alpha.
		///
		/// ## Dispatch Origin
		/// Signed by the coldkey that pays and owns the stake.
		///
		/// ## Details
		/// The fee is taken from the input and stays in the pool. On root (netuid 0) the stake
		/// is 1:1 with no fee.
		#[pallet::call_index(2)]
		pub fn add_stake(
			origin: OriginFor<T>,
			hotkey: T::AccountId,
			netuid: NetUid,
			amount_tao: TaoBalance,
		) -> DispatchResult {
			let coldkey = ensure_signed(origin)?;
			Self::do_add_stake(coldkey, hotkey, netuid, amount_tao, None).map(|_| ())
		}

		/// Unstakes `amount_alpha` of the caller's stake on (`hotkey`, `netuid`): a swap into
		/// TAO, paid to the caller.
		///
		/// ## Dispatch Origin
		/// Signed by the coldkey that owns the stake.
		///
		/// ## Details
		/// The fee is taken from the TAO output and stays in the pool. A remainder worth less
		/// than the minimum stake is refused: unstake all of it instead.
		#[pallet::call_index(3)]
		pub fn remove_stake(
			origin: OriginFor<T>,
			hotkey: T::AccountId,
			netuid: NetUid,
			amount_alpha: AlphaBalance,
		) -> DispatchResult {
			let coldkey = ensure_signed(origin)?;
			Self::do_remove_stake(coldkey, hotkey, netuid, amount_alpha, None).map(|_| ())
		}

		/// `add_stake` that leaves the pool's spot price at or below `limit_price` (rao per
		/// alpha).
		///
		/// ## Details
		/// Without `allow_partial`, an amount that would push the price past the limit fails
		/// with `SlippageTooHigh`; with it, the largest amount that keeps the limit is staked.
		/// On x·y = k the average price paid is never above the end price, so the limit also
		/// bounds what the caller pays per alpha.
		#[pallet::call_index(4)]
		pub fn add_stake_limit(
			origin: OriginFor<T>,
			hotkey: T::AccountId,
			netuid: NetUid,
			amount_tao: TaoBalance,
			limit_price: u64,
			allow_partial: bool,
		) -> DispatchResult {
			let coldkey = ensure_signed(origin)?;
			Self::do_add_stake(
				coldkey,
				hotkey,
				netuid,
				amount_tao,
				Some((limit_price, allow_partial)),
			)
			.map(|_| ())
		}

		/// `remove_stake` that leaves the pool's spot price at or above `limit_price`.
		///
		/// ## Details
		/// As `add_stake_limit`, mirrored: with `allow_partial` the largest amount that keeps the
		/// limit is unstaked.
		#[pallet::call_index(5)]
		pub fn remove_stake_limit(
			origin: OriginFor<T>,
			hotkey: T::AccountId,
			netuid: NetUid,
			amount_alpha: AlphaBalance,
			limit_price: u64,
			allow_partial: bool,
		) -> DispatchResult {
			let coldkey = ensure_signed(origin)?;
			Self::do_remove_stake(
				coldkey,
				hotkey,
				netuid,
				amount_alpha,
				Some((limit_price, allow_partial)),
			)
			.map(|_| ())
		}

		/// Unstakes all of the caller's stake on (`hotkey`, `netuid`), fill-or-kill against
		/// `limit_price` if given. Always clears the position.
		#[pallet::call_index(6)]
		pub fn remove_stake_full_limit(
			origin: OriginFor<T>,
			hotkey: T::AccountId,
			netuid: NetUid,
			limit_price: Option<u64>,
		) -> DispatchResult {
			let coldkey = ensure_signed(origin)?;
			let all = Self::stake_of(&coldkey, &hotkey, netuid);
			ensure!(all > 0, Error::<T>::NoStake);
			Self::do_remove_stake(coldkey, hotkey, netuid, all, limit_price.map(|p| (p, false)))
				.map(|_| ())
		}

		/// Moves `amount_alpha` of the caller's stake from (`origin_hotkey`, `origin_netuid`) to
		/// (`dest_hotkey`, `dest_netuid`).
		///
		/// ## Dispatch Origin
		/// Signed by the coldkey that owns the stake (and keeps it).
		///
		/// ## Details
		/// Across subnets: sells on the origin pool and buys on the destination's in one call,
		/// with one fee (on the sell leg; on the buy leg when the origin is root). Within a
		/// subnet: moves shares, touches no pool, pays no fee.
		#[pallet::call_index(7)]
		pub fn move_stake(
			origin: OriginFor<T>,
			origin_hotkey: T::AccountId,
			dest_hotkey: T::AccountId,
			origin_netuid: NetUid,
			dest_netuid: NetUid,
			amount_alpha: AlphaBalance,
		) -> DispatchResult {
			let coldkey = ensure_signed(origin)?;
			let route =
				MoveRoute::own(coldkey, origin_hotkey, dest_hotkey, origin_netuid, dest_netuid);
			Self::do_move_stake(route, amount_alpha, None).map(|_| ())
		}

		/// `move_stake` that keeps `p_origin / p_dest` after both legs at or above `limit_price`
		/// (rao-scaled: 1e9 = 1.0), fill-or-kill or, with `allow_partial`, as much as the limit
		/// allows.
		#[pallet::call_index(8)]
		pub fn move_stake_limit(
			origin: OriginFor<T>,
			origin_hotkey: T::AccountId,
			dest_hotkey: T::AccountId,
			origin_netuid: NetUid,
			dest_netuid: NetUid,
			amount_alpha: AlphaBalance,
			limit_price: u64,
			allow_partial: bool,
		) -> DispatchResult {
			let coldkey = ensure_signed(origin)?;
			let route =
				MoveRoute::own(coldkey, origin_hotkey, dest_hotkey, origin_netuid, dest_netuid);
			Self::do_move_stake(route, amount_alpha, Some((limit_price, allow_partial))).map(|_| ())
		}

		/// Moves `amount_alpha` of the caller's stake on `hotkey` from `origin_netuid` to
		/// `dest_netuid` (same hotkey, same coldkey): `move_stake` with one hotkey.
		#[pallet::call_index(9)]
		pub fn swap_stake(
			origin: OriginFor<T>,
			hotkey: T::AccountId,
			origin_netuid: NetUid,
			dest_netuid: NetUid,
			amount_alpha: AlphaBalance,
		) -> DispatchResult {
			let coldkey = ensure_signed(origin)?;
			let route = MoveRoute::own(coldkey, hotkey.clone(), hotkey, origin_netuid, dest_netuid);
			Self::do_move_stake(route, amount_alpha, None).map(|_| ())
		}

		/// `swap_stake` bounded like `move_stake_limit`.
		#[pallet::call_index(10)]
		pub fn swap_stake_limit(
			origin: OriginFor<T>,
			hotkey: T::AccountId,
			origin_netuid: NetUid,
			dest_netuid: NetUid,
			amount_alpha: AlphaBalance,
			limit_price: u64,
			allow_partial: bool,
		) -> DispatchResult {
			let coldkey = ensure_signed(origin)?;
			let route = MoveRoute::own(coldkey, hotkey.clone(), hotkey, origin_netuid, dest_netuid);
			Self::do_move_stake(route, amount_alpha, Some((limit_price, allow_partial))).map(|_| ())
		}

		/// Gives `amount_alpha` of the caller's stake on `hotkey` to `dest_coldkey`, on
		/// `dest_netuid` (swapped through TAO if it differs from `origin_netuid`).
		///
		/// ## Dispatch Origin
		/// Signed by the coldkey that owns the stake.
		#[pallet::call_index(11)]
		pub fn transfer_stake(
			origin: OriginFor<T>,
			dest_coldkey: T::AccountId,
			hotkey: T::AccountId,
			origin_netuid: NetUid,
			dest_netuid: NetUid,
			amount_alpha: AlphaBalance,
		) -> DispatchResult {
			let coldkey = ensure_signed(origin)?;
			let route = MoveRoute::gift(coldkey, dest_coldkey, hotkey, origin_netuid, dest_netuid);
			Self::do_move_stake(route, amount_alpha, None).map(|_| ())
		}

		/// `transfer_stake` bounded like `move_stake_limit`.
		#[pallet::call_index(12)]
		pub fn transfer_stake_limit(
			origin: OriginFor<T>,
			dest_coldkey: T::AccountId,
			hotkey: T::AccountId,
			origin_netuid: NetUid,
			dest_netuid: NetUid,
			amount_alpha: AlphaBalance,
			limit_price: u64,
			allow_partial: bool,
		) -> DispatchResult {
			let coldkey = ensure_signed(origin)?;
			let route = MoveRoute::gift(coldkey, dest_coldkey, hotkey, origin_netuid, dest_netuid);
			Self::do_move_stake(route, amount_alpha, Some((limit_price, allow_partial))).map(|_| ())
		}

		/// Sets the stake fee.
		///
		/// ## Dispatch Origin
		/// `AdminOrigin`.
		#[pallet::call_index(20)]
		pub fn set_stake_fee(origin: OriginFor<T>, fee: Permill) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			ensure!(fee <= T::MaxStakeFee::get(), Error::<T>::FeeTooHigh);
			StakingConfig::<T>::mutate(|p| p.fee = fee);
			Self::deposit_event(Event::StakeFeeSet { fee });
			Ok(())
		}

		/// Sets the minimum stake, in TAO.
		///
		/// ## Dispatch Origin
		/// `AdminOrigin`.
		#[pallet::call_index(21)]
		pub fn set_min_stake(origin: OriginFor<T>, min_stake: TaoBalance) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			StakingConfig::<T>::mutate(|p| p.min_stake = min_stake);
			Self::deposit_event(Event::MinStakeSet { min_stake });
			Ok(())
		}

		/// Sets the minimum lock and the lock-cost decay interval.
		///
		/// ## Dispatch Origin
		/// `AdminOrigin`.
		///
		/// ## Errors
		/// `InvalidParameter` if the minimum lock is below the minimum pool liquidity (a pool
		/// must be able to trade) or the interval is zero.
		#[pallet::call_index(22)]
		pub fn set_network_lock_params(
			origin: OriginFor<T>,
			min_lock: TaoBalance,
			lock_reduction_interval: BlockNumberFor<T>,
		) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			ensure!(min_lock >= T::MinPoolLiquidity::get(), Error::<T>::InvalidParameter);
			ensure!(!lock_reduction_interval.is_zero(), Error::<T>::InvalidParameter);
			NetworkConfig::<T>::mutate(|p| {
				p.min_lock = min_lock;
				p.lock_reduction_interval = lock_reduction_interval;
			});
			Self::deposit_event(Event::NetworkLockParamsSet { min_lock, lock_reduction_interval });
			Ok(())
		}

		/// Sets how many blocks after registration `start_call` becomes possible.
		///
		/// ## Dispatch Origin
		/// `AdminOrigin`.
		#[pallet::call_index(23)]
		pub fn set_start_call_delay(
			origin: OriginFor<T>,
			start_call_delay: BlockNumberFor<T>,
		) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			NetworkConfig::<T>::mutate(|p| p.start_call_delay = start_call_delay);
			Self::deposit_event(Event::StartCallDelaySet { start_call_delay });
			Ok(())
		}

		/// Sets the emission and epoch parameters: tempo, owner cut, `TaoWeight`, the moving
		/// price's rate, ramp and clamp, and the validators' take.
		///
		/// ## Dispatch Origin
		/// `AdminOrigin`.
		///
		/// ## Errors
		/// `InvalidTempo` unless `1 <= tempo <= EmissionParams::MAX_TEMPO`;
		/// `InvalidPriceClamp` for a clamp of zero. The ratios are bounded by their types.
		#[pallet::call_index(24)]
		pub fn set_emission_params(origin: OriginFor<T>, params: EmissionParams) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			Self::ensure_valid_emission_params(&params)?;
			EmissionConfig::<T>::put(params);
			Self::deposit_event(Event::EmissionParamsSet { params });
			Ok(())
		}
	}

	#[pallet::view_functions]
	impl<T: Config> Pallet<T> {
		/// The pool state of `netuid`, if that subnet exists.
		pub fn subnet_pool(netuid: NetUid) -> Option<SubnetPool> {
			Subnets::<T>::get(netuid)
		}

		/// One subnet as clients see it (as `DynamicTaoApi::subnet_info`).
		pub fn subnet(netuid: NetUid) -> Option<crate::runtime_api::SubnetInfo<T::AccountId>> {
			Self::subnet_info(netuid)
		}

		/// Every subnet, root first (as `DynamicTaoApi::subnets`).
		pub fn subnets() -> Vec<crate::runtime_api::SubnetInfo<T::AccountId>> {
			Self::all_subnets()
		}

		/// Every stake position of `coldkey` (as `DynamicTaoApi::stake_info`).
		pub fn stakes_of(
			coldkey: T::AccountId,
		) -> Vec<crate::runtime_api::StakeInfo<T::AccountId>> {
			Self::stake_info(coldkey)
		}

		/// What staking `tao` on `netuid` would do now.
		pub fn quote_stake(netuid: NetUid, tao: TaoBalance) -> Option<SwapQuote> {
			Self::quote_add_stake(netuid, tao)
		}

		/// What unstaking `alpha` from `netuid` would do now.
		pub fn quote_unstake(netuid: NetUid, alpha: AlphaBalance) -> Option<SwapQuote> {
			Self::quote_remove_stake(netuid, alpha)
		}

		/// The largest TAO stake on `netuid` that keeps the price at or below `limit_price`.
		pub fn max_stake_at(netuid: NetUid, limit_price: u64) -> TaoBalance {
			Self::max_add_stake_at(netuid, limit_price)
		}

		/// The largest alpha unstake on `netuid` that keeps the price at or above
		/// `limit_price`.
		pub fn max_unstake_at(netuid: NetUid, limit_price: u64) -> AlphaBalance {
			Self::max_remove_stake_at(netuid, limit_price)
		}

		/// What moving `alpha` of stake from `origin_netuid` to `dest_netuid` would do now:
		/// the sell leg and the buy leg.
		pub fn quote_move(
			origin_netuid: NetUid,
			dest_netuid: NetUid,
			alpha: AlphaBalance,
		) -> Option<(SwapQuote, SwapQuote)> {
			Self::quote_move_stake(origin_netuid, dest_netuid, alpha)
		}

		/// The largest alpha a move can take while `p_origin / p_dest` stays at or above
		/// `limit_price`.
		pub fn max_move_at(
			origin_netuid: NetUid,
			dest_netuid: NetUid,
			limit_price: u64,
		) -> AlphaBalance {
			Self::max_move_stake_at(origin_netuid, dest_netuid, limit_price)
		}

		/// The lock cost of registering a subnet in this block.
		pub fn registration_cost() -> TaoBalance {
			Self::network_registration_cost()
		}

		/// TAO the next block emits.
		pub fn block_emission() -> TaoBalance {
			Self::current_block_emission()
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
			TotalNetworks::<T>::put(1);
		}

		/// Checks the bounds `set_emission_params` enforces.
		pub(crate) fn ensure_valid_emission_params(params: &EmissionParams) -> DispatchResult {
			ensure!(
				(1..=EmissionParams::MAX_TEMPO).contains(&params.tempo),
				Error::<T>::InvalidTempo
			);
			ensure!(params.price_clamp > 0, Error::<T>::InvalidPriceClamp);
			Ok(())
		}

		/// The pallet account's TAO in rao.
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
			use alloc::collections::btree_map::BTreeMap;
			ensure!(Subnets::<T>::contains_key(ROOT_NETUID), "the root subnet is missing");
			// Alpha staked per subnet, from the share pools.
			let mut staked: BTreeMap<NetUid, u128> = BTreeMap::new();
			for (netuid, _, pool) in HotkeyPools::<T>::iter() {
				*staked.entry(netuid).or_default() += pool.value as u128;
				ensure!(pool.shares > 0 || pool.value == 0, "a share pool has value but no shares");
			}
			let mut reserves: u128 = 0;
			let mut injected: u128 = 0;
			for (netuid, pool) in Subnets::<T>::iter() {
				reserves = reserves.saturating_add(pool.tao_reserve as u128);
				injected = injected.saturating_add(pool.last_injection.tao_in as u128);
				ensure!(
					pool.alpha_out as u128
						== staked.get(&netuid).copied().unwrap_or(0) + pool.pending.total() as u128,
					"alpha outside a pool differs from the alpha staked on it plus pending"
				);
				ensure!(
					pool.alpha_issuance() <= crate::emission::TOTAL_SUPPLY,
					"alpha issuance above 21 M"
				);
				if netuid == ROOT_NETUID {
					ensure!(pool.alpha_in == 0, "the root subnet has no pool");
					ensure!(!pool.is_started() && pool.pending.total() == 0, "root never emits");
					ensure!(pool.tao_reserve == pool.alpha_out, "root stake is 1:1 TAO");
				} else {
					let meta = SubnetOwners::<T>::get(netuid);
					ensure!(meta.is_some(), "a subnet without an owner record");
					ensure!(
						meta.is_some_and(|m| m.started_at.is_some() == pool.is_started()),
						"the pool and the owner record disagree on the start"
					);
					ensure!(
						pool.tao_reserve >= T::MinPoolLiquidity::get()
							&& pool.alpha_in >= T::MinPoolLiquidity::get(),
						"a pool reserve is below the minimum liquidity"
					);
				}
			}
			ensure!(
				reserves == Self::pallet_tao() as u128,
				"the TAO reserves differ from the TAO the pallet account holds"
			);
			// Each subnet's last injection is from the same block (or older, if it stopped).
			ensure!(
				injected <= crate::emission::BLOCK_EMISSION as u128,
				"a block emitted more TAO than the block emission"
			);
			for ((_, hotkey, netuid), shares) in Stake::<T>::iter() {
				ensure!(shares > 0, "a zero stake entry is stored");
				ensure!(
					HotkeyPools::<T>::get(netuid, &hotkey).shares >= shares,
					"a holder has more shares than the pool"
				);
			}
			Ok(())
		}
	}
}
