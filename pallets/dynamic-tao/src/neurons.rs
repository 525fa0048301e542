//! Neurons and weights, docs/mechanism.md §12 (Neurons and weights): hotkeys registered on a
//! subnet as miners and validators.
//!
//! - `burned_register(netuid, hotkey)` burns the subnet's registration cost. The burn adjusts
//!   every `adjustment_interval` blocks toward `target_registrations` per interval:
//!   `burn' = burn · (r + t) / (2t)` (doubles at `3t`, halves at none), within
//!   `[min_burn, max_burn]`. A full subnet replaces its non-immune neuron with the lowest last
//!   emission (ties: the earliest registered, then the lowest UID); the owner's hotkey (UID 0 at
//!   registration) is never replaced.
//! - Validator permits go to the `max_validators` neurons with the highest stake weight
//!   `alpha + w · root`, recomputed every epoch.
//! - `set_weights(netuid, uids, weights, version_key)`, signed by a permitted validator's hotkey at
//!   most every `weights_rate_limit` blocks, stores the weights normalised to sum to 65 535.

use crate::{emission::pro_rata, pallet::*, types::*};
use alloc::vec::Vec;
use frame_support::{
	pallet_prelude::*,
	traits::{
		fungible::Mutate,
		tokens::{Fortitude, Precision, Preservation},
	},
};
use sp_runtime::traits::UniqueSaturatedInto;

/// Stored weights sum to this.
pub const WEIGHT_SUM: u16 = u16::MAX;

/// The burn after an interval with `registrations`: `burn · (r + t) / (2t)`, within
/// `[min, max]`. A target of 0 counts as 1.
pub fn adjust_burn(
	burn: TaoBalance,
	registrations: u16,
	target: u16,
	min: TaoBalance,
	max: TaoBalance,
) -> TaoBalance {
	let t = target.max(1) as u128;
	let next = burn.as_u128() * (registrations as u128 + t) / (2 * t);
	TaoBalance::saturating_from(next).clamp(min, max.max(min))
}

/// The burn state at block `now`: every whole interval since `state.interval_start` adjusts the
/// burn once, the first by the registrations it had, the following (empty) ones by zero.
pub fn burn_at(state: BurnState, params: &NeuronParams, now: u64) -> BurnState {
	let (min, max) = (params.min_burn, params.max_burn.max(params.min_burn));
	let mut s = state;
	s.burn = if s.burn == TaoBalance(0) { min } else { s.burn.clamp(min, max) };
	let interval = params.adjustment_interval;
	let elapsed = now.saturating_sub(s.interval_start).checked_div(interval).unwrap_or(0);
	if elapsed == 0 {
		return s;
	}
	s.burn = adjust_burn(s.burn, s.registrations, params.target_registrations, min, max);
	// Each empty interval halves the burn; 64 halvings reach the minimum from any u64.
	for _ in 1..elapsed.min(64) {
		s.burn = adjust_burn(s.burn, 0, params.target_registrations, min, max);
	}
	s.interval_start = s.interval_start.saturating_add(elapsed.saturating_mul(interval));
	s.registrations = 0;
	s
}

/// Weights normalised to sum to exactly [`WEIGHT_SUM`] (largest remainder). All zero stays zero.
pub fn normalize_weights(weights: &[u16]) -> Vec<u16> {
	let raw: Vec<u128> = weights.iter().map(|w| *w as u128).collect();
	// Each part ≤ WEIGHT_SUM.
	pro_rata(WEIGHT_SUM as u64, &raw).into_iter().map(|w| w as u16).collect()
}

/// The `k` highest stake weights (those above zero), ties to the lower UID.
pub fn top_validators(stake_weights: &[(Uid, u128)], k: u16) -> Vec<Uid> {
	let mut ranked: Vec<(Uid, u128)> =
		stake_weights.iter().copied().filter(|(_, w)| *w > 0).collect();
	ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
	ranked.into_iter().take(k as usize).map(|(uid, _)| uid).collect()
}

/// A neuron that may be replaced: (uid, last emission, registration block).
pub type ReplaceCandidate = (Uid, AlphaBalance, u64);

/// The neuron to replace: past its immunity, lowest last emission, then the earliest
/// registered, then the lowest UID.
pub fn replace_choice(
	candidates: impl IntoIterator<Item = ReplaceCandidate>,
	now: u64,
	immunity: u64,
) -> Option<Uid> {
	crate::registration::weakest_past_immunity(candidates, now, immunity).map(|(uid, _, _)| uid)
}

impl<T: Config> Pallet<T> {
	/// The current block as `u64`.
	pub(crate) fn now() -> u64 {
		frame_system::Pallet::<T>::block_number().unique_saturated_into()
	}

	/// Gives `hotkey` a UID on `netuid`: the next free one, or the one of the neuron it replaces
	/// (returned). Checks nothing about the caller.
	pub(crate) fn register_neuron(
		netuid: NetUid,
		hotkey: &T::AccountId,
		params: &NeuronParams,
	) -> Result<(Uid, Option<T::AccountId>), DispatchError> {
		let now = Self::now();
		let count = NeuronCount::<T>::get(netuid);
		let max = params.max_uids.min(T::MaxNeurons::get().try_into().unwrap_or(u16::MAX));
		let (uid, replaced) = if count < max {
			NeuronCount::<T>::insert(netuid, count.saturating_add(1));
			(count, None)
		} else {
			let owner = SubnetOwners::<T>::get(netuid).map(|m| m.owner_hotkey);
			let mut stats = Metagraph::<T>::get(netuid);
			let emission =
				|uid: Uid| stats.get(uid as usize).map_or(AlphaBalance::ZERO, |s| s.emission);
			let candidates = Neurons::<T>::iter_prefix(netuid)
				.filter(|(_, n)| Some(&n.hotkey) != owner.as_ref())
				.map(|(uid, n)| (uid, emission(uid), n.registered_at));
			let uid = replace_choice(candidates, now, params.immunity_period)
				.ok_or(Error::<T>::NoNeuronToReplace)?;
			// The newcomer starts with nothing of its predecessor's.
			if let Some(s) = stats.get_mut(uid as usize) {
				*s = NeuronStats::default();
				Metagraph::<T>::insert(netuid, stats);
			}
			let old = Neurons::<T>::get(netuid, uid).map(|n| n.hotkey);
			if let Some(old) = &old {
				NeuronUids::<T>::remove(netuid, old);
			}
			Weights::<T>::remove(netuid, uid);
			Bonds::<T>::remove(netuid, uid);
			(uid, old)
		};
		Neurons::<T>::insert(
			netuid,
			uid,
			Neuron { hotkey: hotkey.clone(), registered_at: now, last_update: now },
		);
		NeuronUids::<T>::insert(netuid, hotkey, uid);
		Ok((uid, replaced))
	}

	/// Registers `hotkey` (claimed by `coldkey` if new) as a neuron on `netuid`, burning the
	/// subnet's registration cost from `coldkey`.
	pub fn do_burned_register(
		coldkey: T::AccountId,
		netuid: NetUid,
		hotkey: T::AccountId,
	) -> DispatchResult {
		ensure!(netuid != ROOT_NETUID, Error::<T>::IsRootSubnet);
		let pool = Subnets::<T>::get(netuid).ok_or(Error::<T>::SubnetNotFound)?;
		ensure!(!pool.dissolving, Error::<T>::SubnetDissolving);
		Self::ensure_hotkey_available(&coldkey, &hotkey)?;
		ensure!(
			!NeuronUids::<T>::contains_key(netuid, &hotkey),
			Error::<T>::AlreadyRegisteredOnSubnet
		);
		let params = NeuronConfig::<T>::get();
		let mut state = burn_at(Burns::<T>::get(netuid), &params, Self::now());
		let burn = state.burn;
		let spendable = Self::spendable(&coldkey);
		ensure!(spendable >= burn, Error::<T>::InsufficientBalance);

		let (uid, replaced) = Self::register_neuron(netuid, &hotkey, &params)?;
		// Burned: total issuance falls, and the halving curve issues it again.
		T::Currency::burn_from(
			&coldkey,
			burn.get().into(),
			Preservation::Preserve,
			Precision::Exact,
			Fortitude::Polite,
		)?;
		state.registrations = state.registrations.saturating_add(1);
		Burns::<T>::insert(netuid, state);
		if !Owner::<T>::contains_key(&hotkey) {
			Owner::<T>::insert(&hotkey, &coldkey);
		}
		Self::deposit_event(Event::NeuronRegistered {
			netuid,
			uid,
			hotkey,
			coldkey,
			burn,
			replaced,
		});
		Ok(())
	}

	/// Stores `hotkey`'s weights on `netuid`, normalised.
	pub fn do_set_weights(
		hotkey: T::AccountId,
		netuid: NetUid,
		uids: Vec<Uid>,
		weights: Vec<u16>,
		version_key: u64,
	) -> DispatchResult {
		ensure!(netuid != ROOT_NETUID, Error::<T>::IsRootSubnet);
		let pool = Subnets::<T>::get(netuid).ok_or(Error::<T>::SubnetNotFound)?;
		ensure!(!pool.dissolving, Error::<T>::SubnetDissolving);
		ensure!(uids.len() == weights.len(), Error::<T>::WeightsLengthMismatch);
		let uid = NeuronUids::<T>::get(netuid, &hotkey).ok_or(Error::<T>::NotRegisteredOnSubnet)?;
		let mut neuron = Neurons::<T>::get(netuid, uid).ok_or(Error::<T>::NotRegisteredOnSubnet)?;
		let params = NeuronConfig::<T>::get();
		ensure!(version_key >= params.weights_version, Error::<T>::IncorrectWeightVersionKey);
		let permit =
			Metagraph::<T>::get(netuid).get(uid as usize).is_some_and(|s| s.validator_permit);
		ensure!(permit, Error::<T>::NoValidatorPermit);
		let now = Self::now();
		// The first weights after registration are never too soon.
		ensure!(
			neuron.last_update == neuron.registered_at
				|| now.saturating_sub(neuron.last_update) >= params.weights_rate_limit,
			Error::<T>::SettingWeightsTooFast
		);
		let count = NeuronCount::<T>::get(netuid);
		ensure!(uids.iter().all(|u| *u < count), Error::<T>::UnknownUid);
		let mut sorted = uids.clone();
		sorted.sort_unstable();
		ensure!(sorted.windows(2).all(|w| w[0] != w[1]), Error::<T>::DuplicateUids);
		ensure!(weights.iter().any(|w| *w > 0), Error::<T>::ZeroWeights);

		let normalized = normalize_weights(&weights);
		let row: Vec<(Uid, u16)> =
			uids.into_iter().zip(normalized).filter(|(_, w)| *w > 0).collect();
		let stored = row.len() as u32;
		// At most `count` entries (distinct and known), and count ≤ MaxNeurons.
		let row = BoundedVec::try_from(row).map_err(|_| Error::<T>::UnknownUid)?;
		Weights::<T>::insert(netuid, uid, row);
		neuron.last_update = now;
		Neurons::<T>::insert(netuid, uid, neuron);
		Self::deposit_event(Event::WeightsSet { netuid, uid, hotkey, count: stored });
		Ok(())
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	#[allow(unused_imports)]
	use crate::types::{AlphaBalance, Price, TaoBalance};

	const TAO: u64 = 1_000_000_000;

	#[test]
	fn burn_doubles_at_three_times_the_target_and_halves_with_none() {
		// Target 2: 6 registrations give (6 + 2) / 4 = 2×, none gives 2 / 4 = ½, 2 keep it.
		assert_eq!(
			adjust_burn(TaoBalance(10 * TAO), 6, 2, TaoBalance(TAO), TaoBalance(100 * TAO)),
			TaoBalance(20 * TAO)
		);
		assert_eq!(
			adjust_burn(TaoBalance(10 * TAO), 0, 2, TaoBalance(TAO), TaoBalance(100 * TAO)),
			TaoBalance(5 * TAO)
		);
		assert_eq!(
			adjust_burn(TaoBalance(10 * TAO), 2, 2, TaoBalance(TAO), TaoBalance(100 * TAO)),
			TaoBalance(10 * TAO)
		);
		// Within the bounds.
		assert_eq!(
			adjust_burn(TaoBalance(80 * TAO), 6, 2, TaoBalance(TAO), TaoBalance(100 * TAO)),
			TaoBalance(100 * TAO)
		);
		assert_eq!(
			adjust_burn(TaoBalance(TAO), 0, 2, TaoBalance(TAO), TaoBalance(100 * TAO)),
			TaoBalance(TAO)
		);
		// Target 0 counts as 1: 1 registration keeps the burn.
		assert_eq!(adjust_burn(TaoBalance(7), 1, 0, TaoBalance(1), TaoBalance(100)), TaoBalance(7));
	}

	#[test]
	fn burn_at_applies_each_elapsed_interval() {
		let params = NeuronParams {
			min_burn: TaoBalance(TAO),
			max_burn: TaoBalance(1_000 * TAO),
			target_registrations: 1,
			adjustment_interval: 100,
			..Default::default()
		};
		let state = BurnState { burn: TaoBalance(40 * TAO), interval_start: 0, registrations: 3 };
		// Within the interval: unchanged.
		assert_eq!(burn_at(state, &params, 99), state);
		// One interval: 40 · (3 + 1) / 2 = 80.
		assert_eq!(
			burn_at(state, &params, 100),
			BurnState { burn: TaoBalance(80 * TAO), interval_start: 100, registrations: 0 }
		);
		// Three intervals: 80, then two empty ones halve it twice: 20.
		assert_eq!(burn_at(state, &params, 350).burn, TaoBalance(20 * TAO));
		assert_eq!(burn_at(state, &params, 350).interval_start, 300);
		// Unset: the minimum. Long idle: the minimum, not below.
		assert_eq!(burn_at(BurnState::default(), &params, 5).burn, TaoBalance(TAO));
		assert_eq!(burn_at(state, &params, 1_000_000).burn, TaoBalance(TAO));
	}

	#[test]
	fn weights_normalise_to_the_full_sum() {
		assert_eq!(normalize_weights(&[1, 1]), vec![32_768, 32_767]);
		assert_eq!(normalize_weights(&[3, 1]), vec![49_151, 16_384]);
		assert_eq!(normalize_weights(&[0, 5]), vec![0, 65_535]);
		assert_eq!(normalize_weights(&[0, 0]), vec![0, 0]);
	}

	#[test]
	fn permits_go_to_the_highest_stake_weights() {
		let sw = [(0, 5), (1, 9), (2, 0), (3, 9), (4, 1)];
		assert_eq!(top_validators(&sw, 3), vec![1, 3, 0]);
		// Zero stake never validates.
		assert_eq!(top_validators(&sw, 10), vec![1, 3, 0, 4]);
	}

	#[test]
	fn the_replaced_neuron_is_the_lowest_earner_past_immunity() {
		let a = AlphaBalance;
		let n = [(0, a(50), 0), (1, a(10), 90), (2, a(10), 10), (3, a(30), 0)];
		// At 100 with immunity 20, UID 1 (registered at 90) is immune: UID 2 earns least.
		assert_eq!(replace_choice(n, 100, 20), Some(2));
		// Ties on emission go to the earlier registration.
		assert_eq!(replace_choice(n, 200, 20), Some(2));
		assert_eq!(replace_choice([(4, a(1), 5), (2, a(1), 5)], 200, 20), Some(2));
		assert_eq!(replace_choice(n, 15, 20), None);
	}
}
