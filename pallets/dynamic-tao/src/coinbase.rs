//! The per-block hook, described in docs/mechanism.md §6 (Block emission) and §7 (Epochs): mint
//! the block's TAO, share it across the emitting subnets, inject TAO and alpha into their pools,
//! fill their pending buckets, sell root's alpha for TAO, step their moving prices, and run the
//! epochs that fall on this block. Subnets pruned in the last block get their last
//! epoch and begin their dissolution here.
//!
//! Storage cost in an ordinary block: one read of the parameters, one read of every subnet's
//! [`SubnetPool`] (root's included, for its TAO) and one write of each emitting one (the record
//! holds everything the hook needs), and the mint (the pallet account and the currency's total
//! issuance).

use crate::{emission, emission::SubnetShares, pallet::*, types::*, WeightInfo};
use alloc::vec::Vec;
use frame_support::{pallet_prelude::*, traits::fungible::Mutate};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::traits::UniqueSaturatedInto;

impl<T: Config> Pallet<T> {
	/// Emits the block's TAO and alpha and runs the epochs due; returns the weight used.
	pub fn run_coinbase(now: BlockNumberFor<T>) -> Weight {
		let params = EmissionConfig::<T>::get();
		let block: u64 = now.unique_saturated_into();
		// One pass over the subnet records: root's TAO (for the root proportion) and the emitting
		// subnets.
		let mut root_tao = TaoBalance::ZERO;
		let mut subnets: Vec<(NetUid, SubnetPool)> = Vec::new();
		let mut pruned: Vec<(NetUid, SubnetPool)> = Vec::new();
		let mut read: u32 = 0;
		for (netuid, pool) in Subnets::<T>::iter() {
			read = read.saturating_add(1);
			if netuid == ROOT_NETUID {
				root_tao = pool.tao_reserve;
			} else if pool.dissolving {
				pruned.push((netuid, pool));
			} else if pool.is_started() {
				subnets.push((netuid, pool));
			}
		}

		// The block's TAO by share, minted in one go into the pallet account. The rule has seen
		// the last block's flow; the next block's starts from zero.
		let emission = Self::block_emission();
		let weights = T::SubnetShares::weigh(&params, &mut subnets, emission);
		subnets.iter_mut().for_each(|(_, p)| p.share.flow = 0);
		let total_weight = weights.iter().fold(0u128, |s, w| s.saturating_add(*w));
		let mut taos: Vec<TaoBalance> =
			weights.iter().map(|w| emission::subnet_tao(emission, *w, total_weight)).collect();
		let minted: TaoBalance = taos.iter().copied().sum();
		let mint =
			|amount: TaoBalance| T::Currency::mint_into(&Self::account_id(), amount.get().into());
		if !minted.is_zero() && mint(minted).is_err() {
			// Cannot happen below the 21 M cap; if it does, no pool gets TAO it has not got.
			log::error!(target: "runtime::dynamic-tao", "minting {minted} rao of emission failed");
			taos.iter_mut().for_each(|t| *t = TaoBalance::ZERO);
		}

		let clamp = params.clamp();
		let mut weight = Self::hook_weight(&params.share_rule, read);
		for ((netuid, mut subnet), tao) in subnets.into_iter().zip(taos) {
			let issued = subnet.alpha_issuance();
			let injection = emission::injection(
				tao,
				subnet.tao_reserve,
				subnet.alpha_in,
				issued,
				AlphaBalance(emission::TOTAL_SUPPLY),
			);
			subnet.tao_reserve = subnet.tao_reserve.saturating_add(injection.tao_in);
			subnet.alpha_in = subnet.alpha_in.saturating_add(injection.alpha_in);
			subnet.alpha_out = subnet.alpha_out.saturating_add(injection.alpha_out);
			let rho = emission::RootProportion::new(params.tao_weight, root_tao, issued);
			subnet.pending.add(&emission::split(injection.alpha_out, params.owner_cut, rho));
			subnet.last_injection = injection;
			// Root's alpha is sold as it accrues, not in a lump at the epoch, whose block anyone
			// can compute: docs/mechanism.md §6.3 (Root dividends).
			Self::sell_root_alpha(&mut subnet);

			// The moving price samples the price after the injection.
			let age = subnet.age.unwrap_or_default().saturating_add(1);
			subnet.age = Some(age);
			let rate = emission::ema_rate(params.ema_rate, age, params.ema_halving_blocks);
			let spot = emission::spot_ratio(subnet.tao_reserve, subnet.alpha_in);
			subnet.moving_price =
				emission::next_moving_price(subnet.moving_price, spot, rate, clamp);
			T::SubnetShares::observe(&params, &mut subnet, rate, clamp);

			if params.is_epoch(block, netuid) {
				let outcome = Self::run_epoch(netuid, &mut subnet, &params);
				weight = weight.saturating_add(Self::epoch_weight(&outcome));
			}
			Subnets::<T>::insert(netuid, subnet);
		}

		// Subnets pruned in the last block: a last epoch for what they left pending, then their
		// payout begins.
		for (netuid, mut subnet) in pruned {
			if !subnet.pending.is_empty() {
				let outcome = Self::run_epoch(netuid, &mut subnet, &params);
				weight = weight.saturating_add(Self::epoch_weight(&outcome));
			}
			Self::begin_dissolution(netuid, subnet);
			weight = weight.saturating_add(T::WeightInfo::begin_dissolution());
		}
		weight
	}

	/// The benchmarked weight of an ordinary block over `records` subnet records under `rule`: the
	/// plain price rule's, the net flow's, or the dearest price rule's (geometric, capped and
	/// gated) for any other. A forker's own [`SubnetShares`] is priced as the rule selected in
	/// the parameters; benchmark it and override this if it costs more.
	pub fn hook_weight(rule: &crate::share_rules::ShareRule, records: u32) -> Weight {
		use crate::share_rules::ShareSignal;
		match rule.signal {
			ShareSignal::PriceEma if rule.min_depth.is_none() && rule.gate.is_none() => {
				T::WeightInfo::on_initialize(records)
			},
			ShareSignal::NetFlow { .. } => T::WeightInfo::on_initialize_net_flow(records),
			_ => T::WeightInfo::on_initialize_log_price(records),
		}
	}

	/// Sells the subnet's pending root alpha on its pool without fee and keeps the TAO pending
	/// (outside the reserve, in the pallet account) for the epoch. A sale the pool cannot take
	/// (below the minimum liquidity, or worth no TAO yet) waits for the next block.
	pub(crate) fn sell_root_alpha(subnet: &mut SubnetPool) {
		let alpha = subnet.pending.root;
		if alpha.is_zero() {
			return;
		}
		let Ok(sale) = crate::pool::sell(
			subnet.tao_reserve.get(),
			subnet.alpha_in.get(),
			alpha.get(),
			sp_arithmetic::Permill::zero(),
		) else {
			return;
		};
		if sale.tao_reserve < T::MinPoolLiquidity::get() {
			return;
		}
		subnet.tao_reserve = TaoBalance(sale.tao_reserve);
		subnet.alpha_in = AlphaBalance(sale.alpha_reserve);
		// The alpha was pending, hence counted in `alpha_out`; it is the pool's now.
		subnet.alpha_out = subnet.alpha_out.saturating_sub(alpha);
		subnet.pending.root = AlphaBalance::ZERO;
		let tao = TaoBalance(sale.amount_out);
		subnet.pending.root_tao = subnet.pending.root_tao.saturating_add(tao);
		subnet.last_injection.root_alpha_sold = alpha;
		subnet.last_injection.root_tao_sold = tao;
	}
}
