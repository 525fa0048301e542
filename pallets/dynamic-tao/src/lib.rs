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
//!   swaps back. The `_limit` variants bound the price the pool may move to and the average
//!   price paid, fee included, exactly.
//! - All TAO of all pools sits in one pallet account ([`Pallet::account_id`]), so the pools are
//!   auditable against a real balance (checked by `try_state`).
//!
//! ## Low Level / Implementation Details
//!
//! ### Design
//!
//! One concept per module, pure functions apart from storage:
//! - [`pool`]: x·y = k swap math and exact limit-price amounts (rounding in the pool's favour).
//! - [`shares`]: share pools with `u128` shares, rescaled lazily by era.
//! - [`registration`]: lock cost, registration, `start_call`.
//! - [`dissolution`]: the subnet limit: pruning a subnet, paying out its pool, freeing its netuid.
//! - [`staking`]: stake and unstake as swaps, quotes.
//! - [`emission`]: the halving curve, shares, moving price, injection and buckets (pure).
//! - [`share_rules`]: candidate share rules (pure, not wired in yet): geometric moving price,
//!   depth cap, matured net flow, concentration gate.
//! - [`coinbase`]: the per-block hook that applies them.
//! - [`epoch`]: paying out a subnet's pending emission through an [`EpochConsensus`].
//! - [`neurons`]: neurons (burned registration, replacement) and weights.
//! - [`yuma`]: Yuma consensus (pure).
//! - [`metagraph`]: [`YumaConsensus`], which runs Yuma over a subnet's neurons each epoch, and
//!   the metagraph clients read.
//! - [`migrations`]: seeding moving prices for chains coming from the old model.
//! - `view`: every query, behind the view functions of the same names; [`runtime_api`]:
//!   `DynamicTaoApi`, which calls the view functions.
//! - [`types`]: ids, units and records.
//! - [`try_state`]: the invariants as named checks, and the list of per-netuid storage items.
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
pub mod dissolution;
pub mod emission;
pub mod epoch;
pub mod market;
pub mod metagraph;
pub mod migrations;
pub mod neurons;
pub mod pool;
pub mod registration;
pub mod runtime_api;
pub mod share_rules;
pub mod shares;
pub mod staking;
pub mod try_state;
pub mod types;
pub mod units;
mod view;
pub mod weights;
pub mod yuma;

#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

pub use emission::{PriceEma, SelectedRule, SubnetShares};
pub use epoch::{EpochConsensus, StakeWeighted};
pub use metagraph::YumaConsensus;
pub use types::{
	AlphaBalance, BuyQuote, EmissionParams, NetUid, Price, SellQuote, SubnetPool, SwapQuote,
	TaoBalance, ROOT_NETUID,
};
pub use weights::WeightInfo;

/// Defaults for [`Config`] (see [`pallet::DefaultConfig`]), to derive with
/// `#[derive_impl(pallet_dynamic_tao::config_preludes::SolochainDefaultConfig)]`.
pub mod config_preludes {
	use super::*;
	use frame_support::{
		derive_impl,
		pallet_prelude::inject_runtime_type,
		traits::{ConstU16, ConstU32, ConstU64},
		PalletId,
	};
	use sp_arithmetic::Permill;

	frame_support::parameter_types! {
		/// The dev chain's pallet id: the pallet account is derived from it.
		pub const DefaultPalletId: PalletId = PalletId(*b"dtao/pal");
		/// The highest stake fee `set_stake_fee` accepts: 10 %.
		pub const DefaultMaxStakeFee: Permill = Permill::from_percent(10);
	}

	/// The dev runtime's values: a solochain with TAO of 9 decimals. The dev runtime and the
	/// test mock derive from it; a fork overrides what it needs.
	pub struct SolochainDefaultConfig;

	#[derive_impl(frame_system::config_preludes::SolochainDefaultConfig, no_aggregated_types)]
	impl frame_system::DefaultConfig for SolochainDefaultConfig {}

	#[frame_support::register_default_impl(SolochainDefaultConfig)]
	impl DefaultConfig for SolochainDefaultConfig {
		#[inject_runtime_type]
		type RuntimeHoldReason = ();
		type PalletId = DefaultPalletId;
		/// 0.001 TAO or alpha: no swap may leave a reserve thinner than this.
		type MinPoolLiquidity = ConstU64<1_000_000>;
		type MaxSwapInputMultiple = ConstU64<1_000>;
		type MaxStakeFee = DefaultMaxStakeFee;
		type SubnetLimit = ConstU16<128>;
		type SubnetShares = SelectedRule;
		type MaxNeurons = ConstU32<256>;
		type WeightInfo = ();
	}
}

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
	use sp_arithmetic::{Perbill, Permill};
	use sp_runtime::traits::{AccountIdConversion, Zero};

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(3);

	/// The TAO balance type of the configured currency.
	pub type BalanceOf<T> = <<T as Config>::Currency as fungible::Inspect<
		<T as frame_system::Config>::AccountId,
	>>::Balance;

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Configuration of the pallet.
	/// The pallet's configuration. `#[pallet::config(with_default)]`: a runtime (or a test mock)
	/// can `#[derive_impl(config_preludes::SolochainDefaultConfig)]` and set only the items marked
	/// `no_default` (the currency, the admin origin, the epoch consensus) and what it changes.
	#[pallet::config(with_default)]
	pub trait Config: frame_system::Config {
		/// The TAO currency. Inside the pallet amounts are [`TaoBalance`] (rao in a `u64`,
		/// docs/mechanism.md §1); the currency's balance type converts from and to the `u64`. Holds keep the part of a subnet lock that does
		/// not seed the pool.
		#[pallet::no_default]
		type Currency: fungible::Mutate<Self::AccountId, Balance: From<u64> + TryInto<u64>>
			+ fungible::MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;

		/// The overarching hold reason.
		#[pallet::no_default_bounds]
		type RuntimeHoldReason: From<HoldReason>;

		/// Who may change the pallet's parameters (root on the dev chain).
		#[pallet::no_default]
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

		/// The most subnets (root aside) that may exist at once. A registration when full prunes
		/// the non-immune subnet with the lowest moving price.
		#[pallet::constant]
		type SubnetLimit: Get<u16>;

		/// How each block's TAO is shared across subnets ([`SelectedRule`]: the rule in
		/// `EmissionParams`, chosen at runtime; [`PriceEma`]: always by moving price).
		type SubnetShares: SubnetShares;

		/// Who earns a subnet's miners' and validators' buckets each epoch: [`YumaConsensus`]
		/// over the subnet's neurons and weights, or a chain's own ([`StakeWeighted`] pays
		/// validators by stake alone). Both need the runtime, so there is no default.
		#[pallet::no_default]
		type EpochConsensus: EpochConsensus<Self::AccountId>;

		/// The most neurons a subnet can have (bounds the stored weight and bond rows).
		#[pallet::constant]
		type MaxNeurons: Get<u32>;

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

	/// The next netuid never assigned (root is 0, so the first registration gets 1).
	#[pallet::storage]
	pub type TotalNetworks<T: Config> = StorageValue<_, NetUid, ValueQuery>;

	/// How many subnets other than root exist and are not being dissolved: what `SubnetLimit`
	/// bounds.
	#[pallet::storage]
	pub type SubnetCount<T: Config> = StorageValue<_, u16, ValueQuery>;

	/// Netuids whose dissolution has cleared every per-netuid item, lowest first: registrations
	/// take them before fresh ones.
	#[pallet::storage]
	pub type FreeNetuids<T: Config> = StorageValue<
		_,
		BoundedVec<NetUid, ConstU32<{ dissolution::MAX_FREE_NETUIDS }>>,
		ValueQuery,
	>;

	/// Subnets being paid out after their dissolution, with the progress so far.
	#[pallet::storage]
	pub type Dissolutions<T: Config> =
		StorageMap<_, Twox64Concat, NetUid, Dissolution, OptionQuery>;

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

	/// Shares of each (coldkey, hotkey, netuid), with the era of the hotkey's share pool they
	/// were written in (read at the pool's era: `shares` module docs). Coldkey first, so a
	/// wallet's positions are one prefix.
	#[pallet::storage]
	pub type Stake<T: Config> = StorageNMap<
		_,
		(
			NMapKey<Blake2_128Concat, T::AccountId>,
			NMapKey<Blake2_128Concat, T::AccountId>,
			NMapKey<Twox64Concat, NetUid>,
		),
		crate::shares::Holding,
		ValueQuery,
	>;

	/// Stake recently added or moved onto a position, which cannot leave it yet, as
	/// docs/mechanism.md §8 (Just-in-time stake) explains. Same key as [`Stake`]; removed when it
	/// has expired and the position is touched, when the position empties, or at dissolution.
	#[pallet::storage]
	pub type StakeHolds<T: Config> = StorageNMap<
		_,
		(
			NMapKey<Blake2_128Concat, T::AccountId>,
			NMapKey<Blake2_128Concat, T::AccountId>,
			NMapKey<Twox64Concat, NetUid>,
		),
		StakeHold,
		OptionQuery,
	>;

	/// Every position of every subnet, by (netuid, hotkey, coldkey): written when a position is
	/// created and removed when it empties, so that a dissolution finds a subnet's holders under
	/// one prefix.
	#[pallet::storage]
	pub type StakeIndex<T: Config> = StorageNMap<
		_,
		(
			NMapKey<Twox64Concat, NetUid>,
			NMapKey<Blake2_128Concat, T::AccountId>,
			NMapKey<Blake2_128Concat, T::AccountId>,
		),
		(),
		OptionQuery,
	>;

	/// The neurons of each subnet, by UID.
	#[pallet::storage]
	pub type Neurons<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		NetUid,
		Twox64Concat,
		Uid,
		Neuron<T::AccountId>,
		OptionQuery,
	>;

	/// What the last epoch gave each neuron of a subnet, by UID (shorter than the UIDs if
	/// neurons registered since).
	#[pallet::storage]
	pub type Metagraph<T: Config> =
		StorageMap<_, Twox64Concat, NetUid, BoundedVec<NeuronStats, T::MaxNeurons>, ValueQuery>;

	/// The UID of each hotkey registered on a subnet.
	#[pallet::storage]
	pub type NeuronUids<T: Config> =
		StorageDoubleMap<_, Twox64Concat, NetUid, Blake2_128Concat, T::AccountId, Uid, OptionQuery>;

	/// How many UIDs each subnet has handed out (UIDs are `0..count`).
	#[pallet::storage]
	pub type NeuronCount<T: Config> = StorageMap<_, Twox64Concat, NetUid, u16, ValueQuery>;

	/// Each validator's weights (UID, weight; summing to 65 535).
	#[pallet::storage]
	pub type Weights<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		NetUid,
		Twox64Concat,
		Uid,
		BoundedVec<(Uid, u16), T::MaxNeurons>,
		ValueQuery,
	>;

	/// Each validator's bonds from the last epoch (UID, bond; normalised per UID).
	#[pallet::storage]
	pub type Bonds<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		NetUid,
		Twox64Concat,
		Uid,
		BoundedVec<(Uid, Perbill), T::MaxNeurons>,
		ValueQuery,
	>;

	/// Each subnet's registration burn and its current adjustment interval.
	#[pallet::storage]
	pub type Burns<T: Config> = StorageMap<_, Twox64Concat, NetUid, BurnState, ValueQuery>;

	/// Neuron, weight and consensus parameters.
	#[pallet::storage]
	pub type NeuronConfig<T: Config> = StorageValue<_, NeuronParams, ValueQuery>;

	/// Stake fee and minimum stake.
	#[pallet::storage]
	pub type StakingConfig<T: Config> = StorageValue<_, StakeParams, ValueQuery>;

	/// Lock and start parameters of subnet registration.
	#[pallet::storage]
	pub type NetworkConfig<T: Config> =
		StorageValue<_, NetworkParams<BlockNumberFor<T>>, ValueQuery, DefaultNetworkParams<T>>;

	/// The default registration parameters: 1 000 TAO minimum lock, two weeks of decay, one week
	/// before `start_call`, four months of immunity from pruning (12 s blocks).
	#[pallet::type_value]
	pub fn DefaultNetworkParams<T: Config>() -> NetworkParams<BlockNumberFor<T>> {
		NetworkParams {
			min_lock: TaoBalance(1_000_000_000_000),
			lock_reduction_interval: 100_800u32.into(),
			start_call_delay: 50_400u32.into(),
			immunity_period: 864_000u32.into(),
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
		/// Neuron parameters (`None`: the defaults).
		pub neuron_params: Option<NeuronParams>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			Pallet::<T>::set_up(&crate::migrations::add_pallet::InitialParams {
				stake: self.stake_params,
				network: self.network_params,
				emission: self.emission_params,
				neuron: self.neuron_params,
			})
			.expect("genesis parameters are valid");
			for (coldkey, hotkey) in &self.subnets {
				let netuid = Pallet::<T>::do_register_network(coldkey.clone(), hotkey.clone())
					.expect("genesis subnets can be registered")
					.netuid;
				// Genesis subnets start at once, without the start delay.
				SubnetOwners::<T>::mutate(netuid, |m| {
					if let Some(m) = m {
						Pallet::<T>::mark_started(netuid, m, Zero::zero(), 0);
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
			price_before: Price,
			/// Spot price after.
			price_after: Price,
			/// The average price paid, fee included: `tao_in / alpha_out` in rao per alpha,
			/// rounded up. With the fee it can exceed `price_after` on small trades; a limit
			/// bounds both.
			avg_price: Price,
			/// The limit the call set, if any.
			limit_price: Option<Price>,
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
			price_before: Price,
			/// Spot price after.
			price_after: Price,
			/// The average price received, after the fee: `tao_out / alpha_in` in rao per
			/// alpha, rounded down. A limit bounds it and `price_after`.
			avg_price: Price,
			/// The limit the call set, if any.
			limit_price: Option<Price>,
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
			origin_price_before: Price,
			/// Origin spot price after.
			origin_price_after: Price,
			/// Destination spot price before.
			dest_price_before: Price,
			/// Destination spot price after.
			dest_price_after: Price,
			/// The realised rate, fee included: `alpha_out / alpha_in` rao-scaled (1e9 = 1.0),
			/// rounded down; the average counterpart of `p_origin / p_dest`, which a limit
			/// bounds after both legs as well. 0 within a subnet, like the prices.
			avg_rate: Price,
			/// The limit on `p_origin / p_dest` and on `avg_rate` the call set, if any.
			limit_price: Option<Price>,
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
		/// A registration found the subnets full and pruned this one, the non-immune subnet with
		/// the lowest moving price. It stops trading and emitting now; the next block runs its
		/// last epoch and starts paying it out.
		NetworkPruned {
			/// The pruned subnet.
			netuid: NetUid,
			/// Its moving price, rao per alpha.
			moving_price: Price,
		},
		/// A pruned subnet ran its last epoch: the owner's lock was returned and the pool's TAO
		/// is paid out from now on, pro rata by alpha over `alpha_in + alpha_out`.
		DissolutionStarted {
			/// The subnet.
			netuid: NetUid,
			/// Its owner, if it had one.
			owner_coldkey: Option<T::AccountId>,
			/// Held lock TAO released to the owner.
			lock_returned: TaoBalance,
			/// The pool's TAO, to be paid out.
			pot: TaoBalance,
			/// The pool's alpha (the protocol's share; its TAO is recycled).
			alpha_in: AlphaBalance,
			/// The holders' alpha.
			alpha_out: AlphaBalance,
		},
		/// A position on a dissolved subnet was closed and paid.
		DissolvedStakePaid {
			/// The holder, paid in free TAO.
			coldkey: T::AccountId,
			/// The hotkey the stake was on.
			hotkey: T::AccountId,
			/// The dissolved subnet.
			netuid: NetUid,
			/// The position's alpha.
			alpha: AlphaBalance,
			/// TAO paid (0 if the amount could not create the account: it is recycled).
			tao: TaoBalance,
		},
		/// A dissolution finished: every per-netuid item is gone and the netuid can be reused.
		NetworkDissolved {
			/// The subnet.
			netuid: NetUid,
			/// TAO paid to holders.
			paid: TaoBalance,
			/// TAO recycled (burned, so that emission issues it again): the protocol's share,
			/// rounding dust and payments that could not be made.
			recycled: TaoBalance,
			/// Positions closed.
			positions: u32,
		},
		/// A hotkey registered as a neuron on a subnet.
		NeuronRegistered {
			/// The subnet.
			netuid: NetUid,
			/// Its UID.
			uid: Uid,
			/// The neuron's hotkey.
			hotkey: T::AccountId,
			/// Who paid the burn.
			coldkey: T::AccountId,
			/// TAO burned.
			burn: TaoBalance,
			/// The hotkey replaced at this UID, if the subnet was full.
			replaced: Option<T::AccountId>,
		},
		/// A validator set its weights.
		WeightsSet {
			/// The subnet.
			netuid: NetUid,
			/// The validator's UID.
			uid: Uid,
			/// The validator's hotkey.
			hotkey: T::AccountId,
			/// How many non-zero weights it stored.
			count: u32,
		},
		/// The neuron parameters changed.
		NeuronParamsSet {
			/// The new parameters.
			params: NeuronParams,
		},
		/// The immunity period of new subnets changed.
		NetworkImmunityPeriodSet {
			/// The new period, in blocks.
			immunity_period: BlockNumberFor<T>,
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
			/// TAO paid to the validators' root stakes: what selling root's alpha fee-free on
			/// the pool, block by block over the tempo, brought.
			root_tao: TaoBalance,
			/// Alpha nobody could receive, removed from the subnet's issuance.
			recycled: AlphaBalance,
			/// Root's TAO that no validator could claim (none had root stake), burned.
			root_tao_recycled: TaoBalance,
		},
		/// The emission share rule changed (with `EmissionParamsSet`). From the next block the
		/// subnets' averages for the new signal are seeded so that their shares do not jump
		/// (docs/mechanism.md §6.4).
		ShareRuleChanged {
			/// The rule until now.
			previous: crate::share_rules::ShareRule,
			/// The new rule.
			rule: crate::share_rules::ShareRule,
		},
		/// Someone paid for a dissolution step with `advance_dissolution` (the payments and the
		/// end are reported by `DissolvedStakePaid` and `NetworkDissolved`, as in `on_idle`).
		DissolutionAdvanced {
			/// The subnet being dissolved.
			netuid: NetUid,
			/// Who paid for the step.
			who: T::AccountId,
			/// Entries handled: positions paid, or share pools and other items removed.
			done: u32,
			/// Whether the dissolution finished in this step.
			finished: bool,
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
		/// The subnet limit is reached and every subnet is still immune (or no netuid is left).
		SubnetLimitReached,
		/// The subnet was pruned and is being dissolved.
		SubnetDissolving,
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
		/// That much of the stake arrived within the last `tempo + 1` blocks and is held until
		/// then (`stake_info` reports what is held and until when).
		StakeHeld,
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
		/// The subnet is full and every neuron is immune (or the owner's).
		NoNeuronToReplace,
		/// The hotkey is already a neuron on this subnet.
		AlreadyRegisteredOnSubnet,
		/// The hotkey is not a neuron on this subnet.
		NotRegisteredOnSubnet,
		/// `uids` and `weights` differ in length.
		WeightsLengthMismatch,
		/// A UID appears twice.
		DuplicateUids,
		/// A UID is not one of the subnet's.
		UnknownUid,
		/// Every weight is zero.
		ZeroWeights,
		/// Only neurons with a validator permit set weights.
		NoValidatorPermit,
		/// Less than `weights_rate_limit` blocks since this validator last set weights.
		SettingWeightsTooFast,
		/// The `version_key` is below the subnet's `weights_version`.
		IncorrectWeightVersionKey,
		/// `max_uids` above `MaxNeurons` or zero, or `max_validators` above `max_uids` or
		/// `NeuronParams::MAX_VALIDATORS`, or a
		/// `min_burn` above `max_burn`.
		InvalidNeuronParams,
		/// The hotkey's share pool is too coarse to do this within one unit of rounding (each of
		/// its shares is worth more than one unit), or a partial unstake would take all of the
		/// position's shares. A safeguard: pools rescale before they get there
		/// (docs/mechanism.md §4), so only a corrupt record can hit it.
		SharesTooCoarse,
		/// The TAO paid out is below the existential deposit of a coldkey that has no account
		/// yet (unstake more, or fund the coldkey first); also any other payout its account
		/// cannot take.
		PayoutBelowExistentialDeposit,
		/// The share rule's parameters are out of range: a net flow rate of zero, a depth cap
		/// of zero or on a flow, or a gate of rank 0 or exponent outside 1 to 8.
		InvalidShareRule,
		/// No dissolution of this netuid is under way (it was never pruned, or it is finished).
		NotDissolving,
		/// A dissolution step must handle between 1 and `MAX_DISSOLVE_STEP` entries.
		InvalidStepSize,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		/// Emission first, so that the block's trades see the pools after it.
		fn on_initialize(now: BlockNumberFor<T>) -> Weight {
			Self::run_coinbase(now)
		}

		/// Dissolutions are paid out with the block's spare weight.
		fn on_idle(_now: BlockNumberFor<T>, remaining: Weight) -> Weight {
			Self::dissolve_on_idle(remaining)
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
		/// `start_call`. With `SubnetLimit` subnets already, the non-immune one with the lowest
		/// moving price is pruned (`NetworkPruned`) and dissolved over the next blocks.
		#[pallet::call_index(0)]
		#[pallet::weight(
			T::WeightInfo::register_network().max(T::WeightInfo::register_network_pruning())
		)]
		pub fn register_network(
			origin: OriginFor<T>,
			hotkey: T::AccountId,
		) -> DispatchResultWithPostInfo {
			let coldkey = ensure_signed(origin)?;
			let registered = Self::do_register_network(coldkey, hotkey)?;
			let used = match registered.pruned {
				Some(_) => T::WeightInfo::register_network_pruning(),
				None => T::WeightInfo::register_network(),
			};
			Ok(Some(used).into())
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

		/// `add_stake` bounded by `limit_price` (rao per alpha): the pool's spot price after it
		/// and the average price paid, fee included (`amount_tao / alpha received`), both at or
		/// below the limit.
		///
		/// ## Details
		/// Without `allow_partial`, an amount that would break either bound fails with
		/// `SlippageTooHigh`; with it, the largest amount the limit allows is staked
		/// (`max_add_stake_at`; docs/mechanism.md §3.1 says what "largest" guarantees). The fee
		/// makes small trades near the spot price cost more on average than the end price, so
		/// the average bound matters there.
		#[pallet::call_index(4)]
		pub fn add_stake_limit(
			origin: OriginFor<T>,
			hotkey: T::AccountId,
			netuid: NetUid,
			amount_tao: TaoBalance,
			limit_price: Price,
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

		/// `remove_stake` bounded by `limit_price`: the pool's spot price after it and the
		/// average price received after the fee (`TAO received / amount_alpha`), both at or
		/// above the limit.
		///
		/// ## Details
		/// As `add_stake_limit`, mirrored: with `allow_partial` the largest amount the limit
		/// allows is unstaked (`max_remove_stake_at`).
		#[pallet::call_index(5)]
		pub fn remove_stake_limit(
			origin: OriginFor<T>,
			hotkey: T::AccountId,
			netuid: NetUid,
			amount_alpha: AlphaBalance,
			limit_price: Price,
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
			limit_price: Option<Price>,
		) -> DispatchResult {
			let coldkey = ensure_signed(origin)?;
			let all = Self::stake_of(&coldkey, &hotkey, netuid);
			ensure!(all > AlphaBalance(0), Error::<T>::NoStake);
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

		/// `move_stake` that keeps `p_origin / p_dest` after both legs, and the realised rate
		/// (destination alpha received per origin alpha, fee included), at or above
		/// `limit_price` (rao-scaled: 1e9 = 1.0), fill-or-kill or, with `allow_partial`, as much
		/// as the limit allows (`max_move_stake_at`).
		#[pallet::call_index(8)]
		pub fn move_stake_limit(
			origin: OriginFor<T>,
			origin_hotkey: T::AccountId,
			dest_hotkey: T::AccountId,
			origin_netuid: NetUid,
			dest_netuid: NetUid,
			amount_alpha: AlphaBalance,
			limit_price: Price,
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
			limit_price: Price,
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
			limit_price: Price,
			allow_partial: bool,
		) -> DispatchResult {
			let coldkey = ensure_signed(origin)?;
			let route = MoveRoute::gift(coldkey, dest_coldkey, hotkey, origin_netuid, dest_netuid);
			Self::do_move_stake(route, amount_alpha, Some((limit_price, allow_partial))).map(|_| ())
		}

		/// Registers `hotkey` as a neuron on `netuid`, burning the subnet's registration cost.
		///
		/// ## Dispatch Origin
		/// Signed by the coldkey that pays the burn (and owns the hotkey, if it is new).
		///
		/// ## Details
		/// The neuron takes the next UID or, on a full subnet, replaces the non-immune neuron
		/// with the lowest last emission. See `neuron_burn` for the cost.
		#[pallet::call_index(13)]
		#[pallet::weight(T::WeightInfo::burned_register(T::MaxNeurons::get()))]
		pub fn burned_register(
			origin: OriginFor<T>,
			netuid: NetUid,
			hotkey: T::AccountId,
		) -> DispatchResult {
			let coldkey = ensure_signed(origin)?;
			Self::do_burned_register(coldkey, netuid, hotkey)
		}

		/// Sets the caller's weights on `netuid`'s neurons for Yuma consensus.
		///
		/// ## Dispatch Origin
		/// Signed by the hotkey of a neuron with a validator permit.
		///
		/// ## Details
		/// `uids` and `weights` pair up; the weights are normalised to sum to 65 535. At most
		/// every `weights_rate_limit` blocks, with `version_key` at least `weights_version`.
		#[pallet::call_index(14)]
		#[pallet::weight(T::WeightInfo::set_weights(uids.len() as u32))]
		pub fn set_weights(
			origin: OriginFor<T>,
			netuid: NetUid,
			uids: Vec<Uid>,
			weights: Vec<u16>,
			version_key: u64,
		) -> DispatchResult {
			let hotkey = ensure_signed(origin)?;
			Self::do_set_weights(hotkey, netuid, uids, weights, version_key)
		}

		/// Advances the dissolution of a pruned subnet by one step of at most `max` entries,
		/// paid by the caller.
		///
		/// ## Dispatch Origin
		/// Signed by anyone (a holder waiting for its payout, typically).
		///
		/// ## Details
		/// `on_idle` pays dissolutions out of spare block weight; on a chain whose blocks are
		/// always full it never runs, so this call does the same bounded step
		/// (docs/mechanism.md §15). The weight is charged for `max` entries and refunded down to
		/// what the step did.
		///
		/// ## Errors
		/// `InvalidStepSize` unless `1 <= max <= MAX_DISSOLVE_STEP`; `NotDissolving` if no
		/// dissolution of `netuid` is under way (including one still waiting for its last
		/// epoch, which the next block's hook runs).
		#[pallet::call_index(15)]
		#[pallet::weight(T::WeightInfo::advance_dissolution(*max))]
		pub fn advance_dissolution(
			origin: OriginFor<T>,
			netuid: NetUid,
			max: u32,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let done = Self::do_advance_dissolution(who, netuid, max)?;
			Ok(Some(T::WeightInfo::advance_dissolution(done)).into())
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
			ensure!(min_lock.get() >= T::MinPoolLiquidity::get(), Error::<T>::InvalidParameter);
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

		/// Sets how many blocks after registration a subnet cannot be pruned.
		///
		/// ## Dispatch Origin
		/// `AdminOrigin`.
		#[pallet::call_index(25)]
		pub fn set_network_immunity_period(
			origin: OriginFor<T>,
			immunity_period: BlockNumberFor<T>,
		) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			NetworkConfig::<T>::mutate(|p| p.immunity_period = immunity_period);
			Self::deposit_event(Event::NetworkImmunityPeriodSet { immunity_period });
			Ok(())
		}

		/// Sets the neuron, weight and consensus parameters.
		///
		/// ## Dispatch Origin
		/// `AdminOrigin`.
		///
		/// ## Errors
		/// `InvalidNeuronParams` unless `1 <= max_uids <= MaxNeurons`,
		/// `max_validators <= min(max_uids, NeuronParams::MAX_VALIDATORS)` (the epoch benchmark's
		/// range) and `min_burn <= max_burn`.
		#[pallet::call_index(26)]
		pub fn set_neuron_params(origin: OriginFor<T>, params: NeuronParams) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			Self::ensure_valid_neuron_params(&params)?;
			NeuronConfig::<T>::put(params);
			Self::deposit_event(Event::NeuronParamsSet { params });
			Ok(())
		}

		/// Sets the emission and epoch parameters: tempo, owner cut, `TaoWeight`, the moving
		/// price's rate, ramp and clamp, the validators' take and the share rule. A new rule
		/// also emits `ShareRuleChanged`; the next block seeds its state (docs/mechanism.md §6.4).
		///
		/// ## Dispatch Origin
		/// `AdminOrigin`.
		///
		/// ## Errors
		/// `InvalidTempo` unless `1 <= tempo <= EmissionParams::MAX_TEMPO`;
		/// `InvalidPriceClamp` for a clamp of zero; `InvalidShareRule` for a rule out of range
		/// (see [`crate::share_rules::ShareRule::validate`]). The ratios are bounded by their
		/// types.
		#[pallet::call_index(24)]
		pub fn set_emission_params(origin: OriginFor<T>, params: EmissionParams) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			Self::ensure_valid_emission_params(&params)?;
			let previous = EmissionConfig::<T>::mutate(|p| core::mem::replace(p, params));
			Self::deposit_event(Event::EmissionParamsSet { params });
			if previous.share_rule != params.share_rule {
				let (previous, rule) = (previous.share_rule, params.share_rule);
				Self::deposit_event(Event::ShareRuleChanged { previous, rule });
			}
			Ok(())
		}
	}

	#[pallet::view_functions]
	impl<T: Config> Pallet<T> {
		/// The pool state of `netuid`, if that subnet exists (the raw record; `subnet_info` is
		/// the one clients read).
		pub fn subnet_pool(netuid: NetUid) -> Option<SubnetPool> {
			crate::view::subnet_pool::<T>(netuid)
		}

		/// A subnet as the runtime API presents it.
		pub fn subnet_info(netuid: NetUid) -> Option<crate::runtime_api::SubnetInfo<T::AccountId>> {
			crate::view::subnet_info::<T>(netuid)
		}

		/// Every subnet, in netuid order.
		pub fn subnets() -> Vec<crate::runtime_api::SubnetInfo<T::AccountId>> {
			crate::view::subnets::<T>()
		}

		/// Every stake position of `coldkey`, valued at spot. Positions on a subnet being paid out
		/// after its dissolution have no pool left and are not listed.
		pub fn stake_info(
			coldkey: T::AccountId,
		) -> Vec<crate::runtime_api::StakeInfo<T::AccountId>> {
			crate::view::stake_info::<T>(coldkey)
		}

		/// The quote of staking `tao` on `netuid` now (`None` if it would fail on the pool).
		pub fn quote_add_stake(netuid: NetUid, tao: TaoBalance) -> Option<BuyQuote> {
			crate::view::quote_add_stake::<T>(netuid, tao)
		}

		/// The quote of unstaking `alpha` from `netuid` now (`None` if it would fail on the pool).
		pub fn quote_remove_stake(netuid: NetUid, alpha: AlphaBalance) -> Option<SellQuote> {
			crate::view::quote_remove_stake::<T>(netuid, alpha)
		}

		/// The quote of moving `alpha` of stake from `origin_netuid` to `dest_netuid` now: both legs.
		pub fn quote_move_stake(
			origin_netuid: NetUid,
			dest_netuid: NetUid,
			alpha: AlphaBalance,
		) -> Option<(SellQuote, BuyQuote)> {
			crate::view::quote_move_stake::<T>(origin_netuid, dest_netuid, alpha)
		}

		/// The largest TAO a buy on `netuid` can take while both the end price and the average
		/// price paid (fee included) stay at or below `limit`: what `add_stake_limit` with
		/// `allow_partial` executes for any larger request. Smaller amounts do not all satisfy the
		/// limit: the output is floored, so the average is a sawtooth (see [`pool`]'s limits).
		pub fn max_add_stake_at(netuid: NetUid, limit: Price) -> TaoBalance {
			crate::view::max_add_stake_at::<T>(netuid, limit)
		}

		/// The largest alpha a sell on `netuid` can take while both the end price and the average
		/// price received (after the fee) stay at or above `limit`; as `max_add_stake_at`.
		pub fn max_remove_stake_at(netuid: NetUid, limit: Price) -> AlphaBalance {
			crate::view::max_remove_stake_at::<T>(netuid, limit)
		}

		/// The largest alpha a move from `origin_netuid` to `dest_netuid` can take while both the
		/// ratio `p_origin / p_dest` after both legs and the realised rate (destination alpha
		/// received per origin alpha, fee included) stay at or above `limit` (rao-scaled ratio);
		/// as `max_add_stake_at`.
		pub fn max_move_stake_at(
			origin_netuid: NetUid,
			dest_netuid: NetUid,
			limit: Price,
		) -> AlphaBalance {
			crate::view::max_move_stake_at::<T>(origin_netuid, dest_netuid, limit)
		}

		/// The lock cost of a registration in this block.
		pub fn network_registration_cost() -> TaoBalance {
			crate::view::network_registration_cost::<T>()
		}

		/// TAO the next block emits, at the current issuance.
		pub fn block_emission() -> TaoBalance {
			crate::view::block_emission::<T>()
		}

		/// The metagraph of `netuid`, by UID.
		pub fn metagraph(netuid: NetUid) -> Vec<crate::metagraph::NeuronInfo<T::AccountId>> {
			crate::view::metagraph::<T>(netuid)
		}

		/// The registration burn of `netuid` in this block.
		pub fn neuron_burn(netuid: NetUid) -> TaoBalance {
			crate::view::neuron_burn::<T>(netuid)
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
			TotalNetworks::<T>::put(NetUid(1));
		}

		/// Checks the bounds `set_emission_params` enforces.
		pub(crate) fn ensure_valid_emission_params(params: &EmissionParams) -> DispatchResult {
			ensure!(
				(1..=EmissionParams::MAX_TEMPO).contains(&params.tempo),
				Error::<T>::InvalidTempo
			);
			ensure!(params.price_clamp > 0, Error::<T>::InvalidPriceClamp);
			params.share_rule.validate().map_err(|_| Error::<T>::InvalidShareRule)?;
			Ok(())
		}

		/// Checks the bounds `set_neuron_params` enforces.
		pub(crate) fn ensure_valid_neuron_params(params: &NeuronParams) -> DispatchResult {
			ensure!(
				params.max_uids > 0
					&& (params.max_uids as u32) <= T::MaxNeurons::get()
					&& params.max_validators <= params.max_uids
					&& params.max_validators <= NeuronParams::MAX_VALIDATORS
					&& params.min_burn <= params.max_burn,
				Error::<T>::InvalidNeuronParams
			);
			Ok(())
		}

		/// TAO in the pallet account beyond what it owes (pool reserves, pending root TAO,
		/// dissolution pots): donations, never spent by the pallet.
		pub fn surplus() -> TaoBalance {
			let owed = Subnets::<T>::iter_values()
				.map(|p| p.tao_reserve.saturating_add(p.pending.root_tao))
				.chain(Dissolutions::<T>::iter_values().map(|d| d.pot.saturating_sub(d.paid)))
				.sum::<TaoBalance>();
			Self::pallet_tao().saturating_sub(owed)
		}

		/// The pallet account's TAO in rao.
		pub fn pallet_tao() -> TaoBalance {
			let balance = <T::Currency as fungible::Inspect<T::AccountId>>::reducible_balance(
				&Self::account_id(),
				Preservation::Expendable,
				frame_support::traits::tokens::Fortitude::Polite,
			);
			TaoBalance(balance.try_into().unwrap_or(u64::MAX))
		}
	}
}
