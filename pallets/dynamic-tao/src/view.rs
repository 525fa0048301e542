//! The client surface: every query the pallet answers. The pallet's view functions (lib.rs)
//! call these under the same names, and the runtime API
//! [`DynamicTaoApi`](crate::runtime_api::DynamicTaoApi) calls the view functions: one name and
//! one implementation per query (docs/running.md, "One query surface, two ways to call it").

use crate::{emission, pallet::*, types::*};
use alloc::vec::Vec;
use frame_support::traits::fungible::Inspect;
use sp_arithmetic::{PerThing, Perbill};
use sp_runtime::traits::{Saturating, UniqueSaturatedInto};

/// The pool state of `netuid`, if that subnet exists (the raw record; `subnet_info` is
/// the one clients read).
pub(crate) fn subnet_pool<T: Config>(netuid: NetUid) -> Option<SubnetPool> {
	Subnets::<T>::get(netuid)
}

/// A subnet as the runtime API presents it.
pub(crate) fn subnet_info<T: Config>(
	netuid: NetUid,
) -> Option<crate::runtime_api::SubnetInfo<T::AccountId>> {
	use sp_arithmetic::FixedPointNumber;
	let market = Pallet::<T>::market(netuid).ok()?;
	let p = market.pool;
	let meta = SubnetOwners::<T>::get(netuid);
	let params = EmissionConfig::<T>::get();
	let now: u64 = frame_system::Pallet::<T>::block_number().unique_saturated_into();
	// Root has no epoch and no root proportion of its own.
	let root = market.is_root();
	let next_epoch = if root {
		0
	} else {
		(now.saturating_add(1)..)
			.take(params.tempo as usize + 1)
			.find(|b| params.is_epoch(*b, netuid))
			.unwrap_or_default()
	};
	let root_tao = Subnets::<T>::get(ROOT_NETUID).map_or(TaoBalance::ZERO, |r| r.tao_reserve);
	let rho = crate::emission::root_proportion(params.tao_weight, root_tao, p.alpha_issuance());
	Some(crate::runtime_api::SubnetInfo {
		netuid,
		owner_coldkey: meta.as_ref().map(|m| m.owner_coldkey.clone()),
		owner_hotkey: meta.as_ref().map(|m| m.owner_hotkey.clone()),
		tao_reserve: p.tao_reserve,
		alpha_in: p.alpha_in,
		alpha_out: p.alpha_out,
		spot_price: market.spot_price(),
		started: market.is_started(),
		registered_at: meta.as_ref().map_or(0, |m| m.registered_at.unique_saturated_into()),
		locked: meta.map_or(TaoBalance(0), |m| m.locked),
		moving_price: market.moving_price(),
		tempo: params.tempo,
		next_epoch,
		pending_owner_cut: p.pending.owner,
		pending_miners: p.pending.miners,
		pending_validators: p.pending.validators,
		pending_root: p.pending.root,
		pending_root_tao: p.pending.root_tao,
		tao_in_emission: p.last_injection.tao_in,
		alpha_in_emission: p.last_injection.alpha_in,
		alpha_out_emission: p.last_injection.alpha_out,
		root_alpha_sold: p.last_injection.root_alpha_sold,
		root_tao_sold: p.last_injection.root_tao_sold,
		root_proportion: if root {
			0
		} else {
			(rho.into_inner() / (sp_arithmetic::FixedU128::DIV / Perbill::ACCURACY as u128)) as u32
		},
	})
}

/// Every subnet, in netuid order.
pub(crate) fn subnets<T: Config>() -> Vec<crate::runtime_api::SubnetInfo<T::AccountId>> {
	NetUid::below(TotalNetworks::<T>::get()).filter_map(Pallet::<T>::subnet_info).collect()
}

/// Every stake position of `coldkey`, valued at spot. Positions on a subnet being paid out
/// after its dissolution have no pool left and are not listed.
pub(crate) fn stake_info<T: Config>(
	coldkey: T::AccountId,
) -> Vec<crate::runtime_api::StakeInfo<T::AccountId>> {
	Stake::<T>::iter_prefix((&coldkey,))
		.filter_map(|((hotkey, netuid), held)| {
			let market = Pallet::<T>::market(netuid).ok()?;
			let alpha = AlphaBalance(HotkeyPools::<T>::get(netuid, &hotkey).value_of(held));
			let tao_value = market.tao_value(alpha);
			let (held, held_until) = Pallet::<T>::stake_hold(&coldkey, &hotkey, netuid);
			Some(crate::runtime_api::StakeInfo {
				hotkey,
				netuid,
				alpha,
				tao_value,
				held,
				held_until,
			})
		})
		.collect()
}

/// The quote of staking `tao` on `netuid` now (`None` if it would fail on the pool).
pub(crate) fn quote_add_stake<T: Config>(netuid: NetUid, tao: TaoBalance) -> Option<BuyQuote> {
	let fee = StakingConfig::<T>::get().fee;
	Pallet::<T>::market(netuid)
		.ok()?
		.buy(tao, fee, Pallet::<T>::swap_bounds())
		.ok()
		.map(|p| p.quote)
}

/// The quote of unstaking `alpha` from `netuid` now (`None` if it would fail on the pool).
pub(crate) fn quote_remove_stake<T: Config>(
	netuid: NetUid,
	alpha: AlphaBalance,
) -> Option<SellQuote> {
	let fee = StakingConfig::<T>::get().fee;
	Pallet::<T>::market(netuid)
		.ok()?
		.sell(alpha, fee, Pallet::<T>::swap_bounds())
		.ok()
		.map(|p| p.quote)
}

/// The quote of moving `alpha` of stake from `origin_netuid` to `dest_netuid` now: both legs.
pub(crate) fn quote_move_stake<T: Config>(
	origin_netuid: NetUid,
	dest_netuid: NetUid,
	alpha: AlphaBalance,
) -> Option<(SellQuote, BuyQuote)> {
	if origin_netuid == dest_netuid {
		return None;
	}
	Pallet::<T>::plan_move(origin_netuid, dest_netuid, alpha).ok().map(|(s, b)| (s.quote, b.quote))
}

/// The largest TAO a buy on `netuid` can take while both the end price and the average
/// price paid (fee included) stay at or below `limit`: what `add_stake_limit` with
/// `allow_partial` executes for any larger request. Smaller amounts do not all satisfy the
/// limit: the output is floored, so the average is a sawtooth (see [`pool`]'s limits).
pub(crate) fn max_add_stake_at<T: Config>(netuid: NetUid, limit: Price) -> TaoBalance {
	let Ok(market) = Pallet::<T>::market(netuid) else { return TaoBalance(0) };
	market.max_buy_at(StakingConfig::<T>::get().fee, limit, TaoBalance::MAX)
}

/// The largest alpha a sell on `netuid` can take while both the end price and the average
/// price received (after the fee) stay at or above `limit`; as `max_add_stake_at`.
pub(crate) fn max_remove_stake_at<T: Config>(netuid: NetUid, limit: Price) -> AlphaBalance {
	let Ok(market) = Pallet::<T>::market(netuid) else { return AlphaBalance(0) };
	market.max_sell_at(StakingConfig::<T>::get().fee, limit, AlphaBalance::MAX)
}

/// The largest alpha a move from `origin_netuid` to `dest_netuid` can take while both the
/// ratio `p_origin / p_dest` after both legs and the realised rate (destination alpha
/// received per origin alpha, fee included) stay at or above `limit` (rao-scaled ratio);
/// as `max_add_stake_at`.
pub(crate) fn max_move_stake_at<T: Config>(
	origin_netuid: NetUid,
	dest_netuid: NetUid,
	limit: Price,
) -> AlphaBalance {
	let (Ok(origin), Ok(dest)) =
		(Pallet::<T>::market(origin_netuid), Pallet::<T>::market(dest_netuid))
	else {
		return AlphaBalance(0);
	};
	origin.max_move_at(&dest, StakingConfig::<T>::get().fee, limit, AlphaBalance::MAX)
}

/// The lock cost of a registration in this block.
pub(crate) fn network_registration_cost<T: Config>() -> TaoBalance {
	let params = NetworkConfig::<T>::get();
	let (last_lock, last_block) = LastLock::<T>::get();
	let now = frame_system::Pallet::<T>::block_number();
	crate::registration::lock_cost(
		params.min_lock,
		last_lock,
		params.lock_reduction_interval.unique_saturated_into(),
		now.saturating_sub(last_block).unique_saturated_into(),
	)
}

/// TAO the next block emits, at the current issuance.
pub(crate) fn block_emission<T: Config>() -> TaoBalance {
	let issuance = TaoBalance(T::Currency::total_issuance().try_into().unwrap_or(u64::MAX));
	emission::block_emission(issuance)
}

/// The metagraph of `netuid`, by UID.
pub(crate) fn metagraph<T: Config>(
	netuid: NetUid,
) -> Vec<crate::metagraph::NeuronInfo<T::AccountId>> {
	let tao_weight = EmissionConfig::<T>::get().tao_weight;
	let stats = Metagraph::<T>::get(netuid);
	let mut neurons: Vec<(Uid, Neuron<T::AccountId>)> = Neurons::<T>::iter_prefix(netuid).collect();
	neurons.sort_by_key(|(uid, _)| *uid);
	neurons
		.into_iter()
		.map(|(uid, n)| {
			let s = stats.get(uid as usize).copied().unwrap_or_default();
			let alpha_stake = Pallet::<T>::hotkey_stake(netuid, &n.hotkey);
			let root_stake = Pallet::<T>::root_stake(&n.hotkey);
			let weight = crate::epoch::stake_weight(alpha_stake, root_stake, tao_weight);
			crate::metagraph::NeuronInfo {
				uid,
				coldkey: Owner::<T>::get(&n.hotkey),
				alpha_stake,
				root_stake,
				stake_weight: AlphaBalance::saturating_from(weight / Perbill::ACCURACY as u128),
				incentive: s.incentive.deconstruct(),
				dividends: s.dividends.deconstruct(),
				trust: s.trust.deconstruct(),
				consensus: s.consensus.deconstruct(),
				validator_permit: s.validator_permit,
				last_update: n.last_update,
				registered_at: n.registered_at,
				emission: s.emission,
				hotkey: n.hotkey,
			}
		})
		.collect()
}

/// The registration burn of `netuid` in this block.
pub(crate) fn neuron_burn<T: Config>(netuid: NetUid) -> TaoBalance {
	crate::neurons::burn_at(Burns::<T>::get(netuid), &NeuronConfig::<T>::get(), Pallet::<T>::now())
		.burn
}
