//! The metagraph: a subnet's neurons with their stake and what the last epoch gave them, and
//! [`YumaConsensus`], the [`EpochConsensus`] that runs [`crate::yuma`] over it.
//!
//! Each epoch: validator permits go to the top `max_validators` neurons by stake weight
//! `alpha + w · root`; the permitted neurons' weights (a weight on a UID registered after the
//! validator last set weights is dropped: it was meant for the neuron replaced there) and last
//! bonds (dropped on UIDs registered within the last tempo) feed Yuma; incentive pays miners,
//! dividends pay validators (the epoch splits each into its alpha and root parts).

use crate::{
	epoch::{stake_weight, Dividend, EpochConsensus, EpochWeights},
	neurons::{top_validators, WEIGHT_SUM},
	pallet::*,
	types::*,
	yuma::{yuma, Fx},
};
use alloc::{collections::btree_map::BTreeMap, vec::Vec};
use codec::{Decode, Encode};
use core::marker::PhantomData;
use frame_support::pallet_prelude::*;
use scale_info::TypeInfo;
use sp_arithmetic::{FixedPointNumber, Perbill};
use sp_runtime::traits::UniqueSaturatedInto;

/// One neuron as clients see it.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub struct NeuronInfo<AccountId> {
	/// Its UID on the subnet.
	pub uid: Uid,
	/// Its hotkey.
	pub hotkey: AccountId,
	/// The hotkey's owner.
	pub coldkey: Option<AccountId>,
	/// Alpha staked on the hotkey on this subnet.
	pub alpha_stake: AlphaBalance,
	/// TAO staked on the hotkey on root.
	pub root_stake: TaoBalance,
	/// Stake weight `alpha + w · root`, in alpha (floored).
	pub stake_weight: AlphaBalance,
	/// From the last epoch, parts per billion.
	pub incentive: u32,
	/// From the last epoch, parts per billion.
	pub dividends: u32,
	/// Validator trust from the last epoch, parts per billion.
	pub trust: u32,
	/// Consensus weight from the last epoch, parts per billion.
	pub consensus: u32,
	/// Whether it holds a validator permit.
	pub validator_permit: bool,
	/// The block of its last `set_weights` (its registration before the first).
	pub last_update: u64,
	/// The block of its registration.
	pub registered_at: u64,
	/// Alpha the last epoch paid it.
	pub emission: AlphaBalance,
}

fn to_perbill(x: Fx) -> Perbill {
	Perbill::from_rational(x.into_inner(), Fx::DIV).min(Perbill::one())
}

/// Yuma consensus over the subnet's neurons and weights. A subnet without neurons has no miner
/// and no validator: its buckets are recycled.
pub struct YumaConsensus<T>(PhantomData<T>);

impl<T: Config> EpochConsensus<T::AccountId> for YumaConsensus<T> {
	fn epoch(netuid: NetUid, tao_weight: Perbill) -> EpochWeights<T::AccountId> {
		Pallet::<T>::yuma_epoch(netuid, tao_weight)
	}

	fn record_emission(netuid: NetUid, paid: &[(T::AccountId, AlphaBalance)]) {
		let mut by_hotkey: BTreeMap<&T::AccountId, AlphaBalance> = BTreeMap::new();
		for (hotkey, amount) in paid {
			let e = by_hotkey.entry(hotkey).or_default();
			*e = e.saturating_add(*amount);
		}
		let mut stats = Metagraph::<T>::get(netuid);
		for (uid, n) in Neurons::<T>::iter_prefix(netuid) {
			if let Some(s) = stats.get_mut(uid as usize) {
				s.emission = by_hotkey.get(&n.hotkey).copied().unwrap_or_default();
			}
		}
		Metagraph::<T>::insert(netuid, stats);
	}
}

impl<T: Config> Pallet<T> {
	/// Runs Yuma consensus on `netuid`'s metagraph and stores what it gave each neuron.
	pub fn yuma_epoch(netuid: NetUid, tao_weight: Perbill) -> EpochWeights<T::AccountId> {
		let params = NeuronConfig::<T>::get();
		let now: u64 = frame_system::Pallet::<T>::block_number().unique_saturated_into();
		let tempo = EmissionConfig::<T>::get().tempo as u64;
		let mut neurons: Vec<(Uid, Neuron<T::AccountId>)> =
			Neurons::<T>::iter_prefix(netuid).collect();
		neurons.sort_by_key(|(uid, _)| *uid);
		if neurons.is_empty() {
			return EpochWeights::default();
		}
		let old_stats = Metagraph::<T>::get(netuid);
		let index: BTreeMap<Uid, usize> =
			neurons.iter().enumerate().map(|(i, (uid, _))| (*uid, i)).collect();
		let stakes: Vec<(AlphaBalance, TaoBalance, u128)> = neurons
			.iter()
			.map(|(_, n)| {
				let alpha = Pallet::<T>::hotkey_stake(netuid, &n.hotkey);
				let root = Pallet::<T>::root_stake(&n.hotkey);
				(alpha, root, stake_weight(alpha, root, tao_weight))
			})
			.collect();
		let permitted = top_validators(
			&neurons.iter().zip(&stakes).map(|((uid, _), s)| (*uid, s.2)).collect::<Vec<_>>(),
			params.max_validators,
		);
		let validators: Vec<usize> =
			permitted.iter().filter_map(|uid| index.get(uid).copied()).collect();

		let n = neurons.len();
		let mut weights = Vec::with_capacity(validators.len());
		let mut old_bonds = Vec::with_capacity(validators.len());
		// The registration block of the neuron at dense index `j`.
		let registered = |j: usize| neurons.get(j).map_or(u64::MAX, |(_, x)| x.registered_at);
		for (uid, validator) in validators.iter().filter_map(|&v| neurons.get(v)) {
			let mut row = alloc::vec![Fx::zero(); n];
			for (target, w) in Weights::<T>::get(netuid, uid) {
				let j = index.get(&target).copied().unwrap_or(usize::MAX);
				// Set before that neuron registered: meant for the one it replaced.
				if let (true, Some(cell)) = (registered(j) <= validator.last_update, row.get_mut(j))
				{
					*cell = Fx::from_rational(w as u128, WEIGHT_SUM as u128);
				}
			}
			weights.push(row);
			let mut bonds = alloc::vec![Fx::zero(); n];
			for (target, b) in Bonds::<T>::get(netuid, uid) {
				let j = index.get(&target).copied().unwrap_or(usize::MAX);
				// Bonds on a UID registered within the last tempo are the replaced one's.
				if let (true, Some(cell)) =
					(registered(j).saturating_add(tempo + 1) <= now, bonds.get_mut(j))
				{
					*cell = Fx::from_perbill(b);
				}
			}
			old_bonds.push(bonds);
		}
		let stake_of = |v: usize| stakes.get(v).copied().unwrap_or_default();
		let stake: Vec<Fx> = validators.iter().map(|&v| Fx::from_inner(stake_of(v).2)).collect();
		let kappa = Fx::from_perbill(params.kappa);
		let out = yuma(&stake, &weights, &old_bonds, kappa, Fx::from_perbill(params.bond_rate));

		// Store the results and the new bonds.
		let mut dividend_of = alloc::vec![Fx::zero(); n];
		let mut trust_of = alloc::vec![Fx::zero(); n];
		let uid_at = |j: usize| neurons.get(j).map(|(uid, _)| *uid);
		for (k, &v) in validators.iter().enumerate() {
			if let Some(d) = dividend_of.get_mut(v) {
				*d = out.dividends.get(k).copied().unwrap_or_default();
			}
			if let Some(t) = trust_of.get_mut(v) {
				*t = out.validator_trust.get(k).copied().unwrap_or_default();
			}
			let row: Vec<(Uid, Perbill)> = out
				.bonds
				.get(k)
				.map(|r| {
					r.iter()
						.enumerate()
						.filter(|(_, b)| !b.is_zero())
						.filter_map(|(j, b)| Some((uid_at(j)?, to_perbill(*b))))
						.collect()
				})
				.unwrap_or_default();
			// At most one entry per neuron, and neurons ≤ MaxNeurons.
			if let Some(uid) = uid_at(v) {
				Bonds::<T>::insert(netuid, uid, BoundedVec::truncate_from(row));
			}
		}
		let mut result = EpochWeights { uids: n as u32, ..Default::default() };
		// One record for every UID, written once (UIDs are 0..count, all present).
		let count = neurons.last().map_or(0, |(uid, _)| *uid as usize + 1);
		let mut stats = alloc::vec![NeuronStats::default(); count];
		for (i, (uid, neuron)) in neurons.iter().enumerate() {
			let permit = validators.contains(&i);
			let had_permit = old_stats.get(*uid as usize).is_some_and(|s| s.validator_permit);
			if !permit && had_permit {
				Bonds::<T>::remove(netuid, *uid);
			}
			let incentive = out.incentive.get(i).copied().unwrap_or_default();
			let dividend = dividend_of.get(i).copied().unwrap_or_default();
			if let Some(s) = stats.get_mut(*uid as usize) {
				*s = NeuronStats {
					validator_permit: permit,
					consensus: to_perbill(out.consensus.get(i).copied().unwrap_or_default()),
					incentive: to_perbill(incentive),
					dividends: to_perbill(dividend),
					trust: to_perbill(trust_of.get(i).copied().unwrap_or_default()),
					emission: AlphaBalance(0),
				};
			}
			if !incentive.is_zero() {
				result.incentive.push((neuron.hotkey.clone(), incentive.into_inner()));
			}
			if permit {
				result.dividends.push(Dividend {
					hotkey: neuron.hotkey.clone(),
					weight: dividend.into_inner(),
					alpha_stake: stake_of(i).0,
					root_stake: stake_of(i).1,
				});
			}
		}
		// At most one per UID, and UIDs ≤ MaxNeurons.
		Metagraph::<T>::insert(netuid, BoundedVec::truncate_from(stats));
		result
	}
}
