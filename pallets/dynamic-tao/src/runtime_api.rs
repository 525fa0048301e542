//! `DynamicTaoApi`: the stable surface for clients (wallets, SDKs, indexers). Storage layout may
//! change between versions; these calls and their types do not change without a new API
//! version. Prices are [`Price`]s, rao per alpha (1e9 = 1.0).

use crate::types::{AlphaBalance, BuyQuote, NetUid, Price, SellQuote, TaoBalance};
use alloc::vec::Vec;
use codec::{Codec, Decode, Encode};
use scale_info::TypeInfo;

/// A subnet as clients see it.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub struct SubnetInfo<AccountId> {
	/// The subnet.
	pub netuid: NetUid,
	/// Owner coldkey (`None` for root).
	pub owner_coldkey: Option<AccountId>,
	/// Owner hotkey (`None` for root).
	pub owner_hotkey: Option<AccountId>,
	/// TAO in the pool (root: all TAO staked on root).
	pub tao_reserve: TaoBalance,
	/// Alpha in the pool.
	pub alpha_in: AlphaBalance,
	/// Alpha outside the pool.
	pub alpha_out: AlphaBalance,
	/// Spot price (root: 1.0).
	pub spot_price: Price,
	/// Whether the subnet is open for staking (root: always).
	pub started: bool,
	/// Block of registration (0 for root).
	pub registered_at: u64,
	/// TAO of the owner's lock held until dissolution.
	pub locked: TaoBalance,
	/// Moving price, rao per alpha (floored).
	pub moving_price: Price,
	/// Blocks between epochs, minus one.
	pub tempo: u16,
	/// The next block that runs this subnet's epoch (0 for root, which has none).
	pub next_epoch: u64,
	/// Alpha pending for the owner.
	pub pending_owner_cut: AlphaBalance,
	/// Alpha pending for miners.
	pub pending_miners: AlphaBalance,
	/// Alpha pending for validators.
	pub pending_validators: AlphaBalance,
	/// Root's alpha the pool could not take yet (sold as soon as it can; 0 as a rule).
	pub pending_root: AlphaBalance,
	/// TAO from selling root's alpha, held for root stakers until the epoch.
	pub pending_root_tao: TaoBalance,
	/// TAO the last block injected into the pool.
	pub tao_in_emission: TaoBalance,
	/// Alpha the last block injected into the pool.
	pub alpha_in_emission: AlphaBalance,
	/// Alpha the last block emitted outside the pool (into the pending buckets).
	pub alpha_out_emission: AlphaBalance,
	/// Root's alpha the last block sold on the pool, fee-free.
	pub root_alpha_sold: AlphaBalance,
	/// TAO that sale brought (added to `pending_root_tao`).
	pub root_tao_sold: TaoBalance,
	/// Root proportion `w·T_root / (w·T_root + alpha issuance)`, parts per billion.
	pub root_proportion: u32,
}

/// One stake position of a coldkey.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub struct StakeInfo<AccountId> {
	/// The hotkey it is on.
	pub hotkey: AccountId,
	/// The subnet.
	pub netuid: NetUid,
	/// Its alpha.
	pub alpha: AlphaBalance,
	/// Its TAO value at the spot price (floored; not what a sale would pay).
	pub tao_value: TaoBalance,
	/// Alpha that arrived recently and cannot leave the position yet (0 if none).
	pub held: AlphaBalance,
	/// The first block in which the held alpha can leave (0 if none is held).
	pub held_until: u64,
}

sp_api::decl_runtime_apis! {
	/// Quotes, limits and state of dynamic TAO: each method calls the pallet's view function
	/// of the same name (for clients without view-function support, such as polkadot.js).
	///
	/// Version 2: `SwapQuote` carries the average price (`avg_price`, after `price_after`), and
	/// the `max_*_at` limits bound the average price, fee included, as well as the end price.
	///
	/// Version 3: amounts and prices are typed in the metadata (`TaoBalance`, `AlphaBalance`,
	/// `Price`, each SCALE-encoded as the `u64` it wraps, so the bytes are unchanged); a quote is
	/// `SwapQuote<In, Out>` (a buy: TAO in, alpha out).
	///
	/// Version 4: netuids are typed too (`NetUid`, SCALE-encoded as its `u16`).
	#[api_version(4)]
	pub trait DynamicTaoApi<AccountId> where AccountId: Codec {
		/// One subnet.
		fn subnet_info(netuid: NetUid) -> Option<SubnetInfo<AccountId>>;
		/// Every subnet, root first.
		fn subnets() -> Vec<SubnetInfo<AccountId>>;
		/// Every stake position of `coldkey`.
		fn stake_info(coldkey: AccountId) -> Vec<StakeInfo<AccountId>>;
		/// What `add_stake` of `tao` on `netuid` would do now.
		fn quote_add_stake(netuid: NetUid, tao: TaoBalance) -> Option<BuyQuote>;
		/// What `remove_stake` of `alpha` on `netuid` would do now.
		fn quote_remove_stake(netuid: NetUid, alpha: AlphaBalance) -> Option<SellQuote>;
		/// Both legs of moving `alpha` from `origin_netuid` to `dest_netuid` now.
		fn quote_move_stake(
			origin_netuid: NetUid,
			dest_netuid: NetUid,
			alpha: AlphaBalance,
		) -> Option<(SellQuote, BuyQuote)>;
		/// The largest `add_stake` that leaves the price, and keeps the average price paid (fee
		/// included), at or below `limit_price`: what `add_stake_limit` with `allow_partial`
		/// executes for a larger request. Not every smaller amount complies (the average of a
		/// floored output is a sawtooth).
		fn max_add_stake_at(netuid: NetUid, limit_price: Price) -> TaoBalance;
		/// The largest `remove_stake` that leaves the price, and keeps the average price
		/// received (after the fee), at or above `limit_price`; as `max_add_stake_at`.
		fn max_remove_stake_at(netuid: NetUid, limit_price: Price) -> AlphaBalance;
		/// The largest move that keeps `p_origin / p_dest` after both legs, and the realised
		/// rate (alpha received per alpha moved, fee included), at or above `limit_price`.
		fn max_move_stake_at(origin_netuid: NetUid, dest_netuid: NetUid, limit_price: Price) -> AlphaBalance;
		/// The lock cost of registering a subnet now.
		fn network_registration_cost() -> TaoBalance;
		/// TAO the next block emits across all subnets.
		fn block_emission() -> TaoBalance;
		/// The neurons of `netuid`, by UID, with their stake and what the last epoch gave them.
		fn metagraph(netuid: NetUid) -> Vec<crate::metagraph::NeuronInfo<AccountId>>;
		/// What `burned_register` on `netuid` burns now.
		fn neuron_burn(netuid: NetUid) -> TaoBalance;
	}
}
