//! The subnet limit and dissolution: docs/mechanism.md §15 (Subnet limit and dissolution).
//!
//! At most `SubnetLimit` subnets (root aside) exist at once. A registration when full prunes the
//! non-immune subnet with the lowest moving price (ties: the earliest registered, then the lowest
//! netuid). The pruned subnet is dissolved in three stages, so that no block does unbounded
//! work however many positions the subnet has:
//!
//! 1. The registration marks it `dissolving`: from then on it neither trades nor emits.
//! 2. The next block's hook runs its last epoch (paying out everything pending), returns the
//!    owner's held lock and moves the pool's TAO into a [`Dissolution`] record.
//! 3. Spare block weight (`on_idle`) pays the positions in steps: holder `i` of `a_i` alpha gets
//!    its share of the pot `T` over all the subnet's alpha `S = alpha_in + alpha_out`, what the
//!    holders would get by selling together without fee. The pool's own alpha is the protocol's:
//!    its share, with rounding dust and payments that cannot be made, is recycled (burned, so
//!    that emission issues it again). Then the share pools, neurons, weights and bonds are
//!    removed and the netuid is freed.
//!
//! Rounding: after `C` alpha has been paid over, the holders have had `floor(T · C / S)` in
//! total. Each step pays every holder in it the floor of its exact share `T · a / S` and gives
//! the rest of its part of that total one rao each to the largest remainders
//! ([`step_payments`]). So every holder gets its exact share rounded down or up (never below the
//! floor, whatever steps the payout is cut into), a dissolution done in one step is exactly
//! largest remainder, and nothing is lost: `paid + recycled = T`.

use crate::{pallet::*, types::*, units::pro_rata, WeightInfo};
use alloc::vec::Vec;
use frame_support::{
	pallet_prelude::*,
	traits::{
		fungible::{Mutate, MutateHold},
		tokens::{Fortitude, Precision, Preservation},
	},
};
use sp_arithmetic::{FixedPointNumber, FixedU128};
use sp_core::U256;
use sp_runtime::traits::UniqueSaturatedInto;

/// How many freed netuids are remembered for reuse (more are simply not reused).
pub const MAX_FREE_NETUIDS: u32 = 256;

/// The most positions (and then share pools) one `on_idle` step handles.
pub const MAX_DISSOLVE_STEP: u32 = 512;

/// A subnet that may be pruned: (netuid, moving price, registration block).
pub type PruneCandidate = (NetUid, FixedU128, u64);

/// The subnet to prune among `candidates`: past its immunity (`registered + immunity <= now`),
/// lowest moving price, then earliest registration, then lowest netuid.
pub fn prune_choice(
	candidates: impl IntoIterator<Item = PruneCandidate>,
	now: u64,
	immunity: u64,
) -> Option<PruneCandidate> {
	crate::registration::weakest_past_immunity(candidates, now, immunity)
}

/// The TAO owed to the holders of the first `counted` alpha of `total`: `floor(pot · counted /
/// total)`.
pub fn paid_through(pot: TaoBalance, counted: u128, total: u128) -> TaoBalance {
	// ≤ pot because counted ≤ total.
	let due = crate::units::mul_div_floor(pot.as_u128(), counted, total).min(pot.as_u128());
	TaoBalance::saturating_from(due)
}

/// The payments of one payout step whose holders have `alphas` of the subnet's `total` alpha,
/// and which may pay `share` in all (what [`paid_through`] allows after the step, less what it
/// allowed before). Each holder gets the floor of its exact share, `floor(pot · a / total)`, and
/// the units of `share` left over go one each to the largest remainders `pot · a mod total`
/// (ties: the earlier holder).
///
/// Why that fits: with `C` alpha counted before the step and `A = Σ a`,
/// `share = floor(pot·(C + A)/total) − floor(pot·C/total)` is at least `floor(pot·A/total)`,
/// itself at least the sum of the holders' floors; and at most `ceil(pot·A/total)`, which
/// exceeds that sum by no more than the number of holders with a remainder. So every holder
/// gets its floor, or one more if its share is not whole. Sharing `share` by the batch's alpha
/// instead (as before) can give a holder one rao below its floor, since `share` may be less
/// than the batch's exact total.
pub fn step_payments(
	pot: TaoBalance,
	total: u128,
	share: TaoBalance,
	alphas: &[u128],
) -> Vec<TaoBalance> {
	if total == 0 {
		return alloc::vec![TaoBalance::ZERO; alphas.len()];
	}
	let (pot, share) = (pot.get(), share.get());
	let total = U256::from(total);
	let exact: Vec<(u64, U256)> = alphas
		.iter()
		.map(|a| {
			let n = U256::from(pot) * U256::from(*a);
			// ≤ pot while the alpha counted stays within the total.
			((n / total).low_u64(), n % total)
		})
		.collect();
	let floors = exact.iter().fold(0u64, |s, (f, _)| s.saturating_add(*f));
	if floors > share {
		// Not reachable (see above); never pay more than the step may.
		return pro_rata(TaoBalance(share), alphas);
	}
	let mut parts: Vec<u64> = exact.iter().map(|(f, _)| *f).collect();
	let mut order: Vec<usize> = (0..alphas.len()).filter(|i| !exact[*i].1.is_zero()).collect();
	order.sort_by(|a, b| exact[*b].1.cmp(&exact[*a].1).then(a.cmp(b)));
	for i in order.into_iter().take((share - floors) as usize) {
		parts[i] += 1;
	}
	let parts: Vec<TaoBalance> = parts.into_iter().map(TaoBalance).collect();
	parts
}

impl<T: Config> Pallet<T> {
	/// Picks and marks the subnet a full registration replaces. `SubnetLimitReached` if every
	/// subnet is immune.
	pub(crate) fn prune_for_registration() -> Result<NetUid, DispatchError> {
		let now: u64 = frame_system::Pallet::<T>::block_number().unique_saturated_into();
		let immunity: u64 = NetworkConfig::<T>::get().immunity_period.unique_saturated_into();
		let candidates = Subnets::<T>::iter()
			.filter(|(netuid, pool)| *netuid != ROOT_NETUID && !pool.dissolving)
			.filter_map(|(netuid, pool)| {
				let registered = SubnetOwners::<T>::get(netuid)?.registered_at;
				Some((netuid, pool.moving_price, registered.unique_saturated_into()))
			});
		let (netuid, price, _) =
			prune_choice(candidates, now, immunity).ok_or(Error::<T>::SubnetLimitReached)?;
		Subnets::<T>::mutate(netuid, |pool| {
			if let Some(pool) = pool {
				pool.dissolving = true;
			}
		});
		SubnetCount::<T>::mutate(|n| *n = n.saturating_sub(1));
		Self::deposit_event(Event::NetworkPruned {
			netuid,
			moving_price: Price(price.saturating_mul_int(crate::pool::PRICE_SCALE)),
		});
		Ok(netuid)
	}

	/// The netuid the next registration takes: the lowest freed one, else a fresh one.
	pub(crate) fn next_netuid() -> Option<NetUid> {
		FreeNetuids::<T>::get()
			.first()
			.copied()
			.or_else(|| Some(TotalNetworks::<T>::get()).filter(|n| *n < NetUid::MAX))
	}

	/// Takes `netuid` (from [`Self::next_netuid`]) for a new subnet.
	pub(crate) fn take_netuid(netuid: NetUid) {
		let mut free = FreeNetuids::<T>::get();
		if free.first() == Some(&netuid) {
			free.remove(0);
			FreeNetuids::<T>::put(free);
		} else {
			TotalNetworks::<T>::put(netuid.saturating_next());
		}
	}

	/// Stage 2, in the hook after the last epoch: returns the owner's lock and turns the pool
	/// into a [`Dissolution`].
	pub(crate) fn begin_dissolution(netuid: NetUid, pool: SubnetPool) {
		let meta = SubnetOwners::<T>::take(netuid);
		let lock_returned = meta.as_ref().map_or(TaoBalance::ZERO, |m| {
			T::Currency::release(
				&HoldReason::SubnetLock.into(),
				&m.owner_coldkey,
				m.locked.get().into(),
				Precision::BestEffort,
			)
			.map_or(TaoBalance::ZERO, |r| TaoBalance(r.try_into().unwrap_or(0)))
		});
		Subnets::<T>::remove(netuid);
		Dissolutions::<T>::insert(
			netuid,
			Dissolution {
				pot: pool.tao_reserve,
				// The last epoch left nothing pending, so alpha_out is all held by positions.
				total_alpha: pool.alpha_issuance().as_u128(),
				..Default::default()
			},
		);
		Self::deposit_event(Event::DissolutionStarted {
			netuid,
			owner_coldkey: meta.map(|m| m.owner_coldkey),
			lock_returned,
			pot: pool.tao_reserve,
			alpha_in: pool.alpha_in,
			alpha_out: pool.alpha_out,
		});
	}

	/// Stage 3: pays and closes up to `max` positions of `netuid`, then (once none is left)
	/// removes up to `max` share pools, then finishes. Returns the larger of the two counts,
	/// what [`WeightInfo::dissolve_step`] is measured by.
	pub fn dissolve_step(netuid: NetUid, max: u32) -> u32 {
		let Some(mut record) = Dissolutions::<T>::get(netuid) else { return 0 };
		let account = Self::account_id();

		let batch: Vec<(T::AccountId, T::AccountId)> =
			StakeIndex::<T>::iter_key_prefix((netuid,)).take(max as usize).collect();
		let positions = batch.len() as u32;
		if !batch.is_empty() {
			// Share pools are left untouched until every position is paid, so values stay exact.
			let alphas: Vec<u128> = batch
				.iter()
				.map(|(hotkey, coldkey)| {
					let held = Stake::<T>::take((coldkey, hotkey, netuid));
					StakeIndex::<T>::remove((netuid, hotkey, coldkey));
					StakeHolds::<T>::remove((coldkey, hotkey, netuid));
					HotkeyPools::<T>::get(netuid, hotkey).value_of(held) as u128
				})
				.collect();
			let counted = alphas.iter().fold(record.counted, |c, a| c.saturating_add(*a));
			let share = paid_through(record.pot, counted, record.total_alpha)
				.saturating_sub(paid_through(record.pot, record.counted, record.total_alpha));
			record.counted = counted;
			let parts = step_payments(record.pot, record.total_alpha, share, &alphas);
			for (((hotkey, coldkey), alpha), tao) in batch.into_iter().zip(alphas).zip(parts) {
				// A payment that cannot create the account (below the existential deposit)
				// stays in the pot and is recycled at the end.
				let paid = !tao.is_zero()
					&& T::Currency::transfer(
						&account,
						&coldkey,
						tao.get().into(),
						Preservation::Expendable,
					)
					.is_ok();
				let tao = if paid { tao } else { TaoBalance::ZERO };
				record.paid = record.paid.saturating_add(tao);
				Self::deposit_event(Event::DissolvedStakePaid {
					coldkey,
					hotkey,
					netuid,
					alpha: AlphaBalance::saturating_from(alpha),
					tao,
				});
			}
			record.positions = record.positions.saturating_add(positions);
			if positions == max {
				Dissolutions::<T>::insert(netuid, record);
				return positions;
			}
		}

		// Then every other per-netuid item (the list `try_state` checks free netuids against),
		// up to `max` entries in all.
		let items = crate::try_state::netuid_items::<T>();
		let mut left = max as usize;
		for item in items.iter().filter(|item| item.batched) {
			left -= (item.clear)(netuid, left);
			if left == 0 {
				break;
			}
		}
		let cleared = max.saturating_sub(left as u32);
		if left == 0 {
			Dissolutions::<T>::insert(netuid, record);
			return positions.max(cleared);
		}
		for item in items.iter().filter(|item| !item.batched) {
			(item.clear)(netuid, 1);
		}

		// Nothing of the subnet is left but the undistributed TAO.
		let recycled = record.pot.saturating_sub(record.paid);
		if !recycled.is_zero()
			&& T::Currency::burn_from(
				&account,
				recycled.get().into(),
				Preservation::Expendable,
				Precision::Exact,
				Fortitude::Force,
			)
			.is_err()
		{
			// Cannot happen: the pallet account holds every pot; keep the record to retry.
			log::error!(target: "runtime::dynamic-tao", "recycling {recycled} rao failed");
			Dissolutions::<T>::insert(netuid, record);
			return positions.max(cleared);
		}
		Dissolutions::<T>::remove(netuid);
		FreeNetuids::<T>::mutate(|free| {
			let at = free.partition_point(|n| *n < netuid);
			// Full: the netuid is not reused, a fresh one is taken instead.
			let _ = free.try_insert(at, netuid);
		});
		Self::deposit_event(Event::NetworkDissolved {
			netuid,
			paid: record.paid,
			recycled,
			positions: record.positions,
		});
		positions.max(cleared)
	}

	/// `advance_dissolution`: one step of at most `max` entries on `netuid`'s dissolution, for
	/// `who`. Returns the entries handled.
	pub(crate) fn do_advance_dissolution(
		who: T::AccountId,
		netuid: NetUid,
		max: u32,
	) -> Result<u32, DispatchError> {
		ensure!((1..=MAX_DISSOLVE_STEP).contains(&max), Error::<T>::InvalidStepSize);
		ensure!(Dissolutions::<T>::contains_key(netuid), Error::<T>::NotDissolving);
		let done = Self::dissolve_step(netuid, max);
		let finished = !Dissolutions::<T>::contains_key(netuid);
		Self::deposit_event(Event::DissolutionAdvanced { netuid, who, done, finished });
		Ok(done)
	}

	/// Runs one dissolution step as large as `remaining` allows; returns the weight used.
	pub(crate) fn dissolve_on_idle(remaining: Weight) -> Weight {
		let lookup = T::DbWeight::get().reads(1);
		if !remaining.all_gte(lookup) {
			return Weight::zero();
		}
		let Some(netuid) = Dissolutions::<T>::iter_keys().next() else { return lookup };
		let budget = remaining.saturating_sub(lookup);
		let max = Self::dissolve_step_fitting(budget);
		if max == 0 {
			return lookup;
		}
		let done = Self::dissolve_step(netuid, max);
		lookup.saturating_add(T::WeightInfo::dissolve_step(done))
	}

	/// The largest step (at most [`MAX_DISSOLVE_STEP`]) whose weight fits in `budget`.
	fn dissolve_step_fitting(budget: Weight) -> u32 {
		let base = T::WeightInfo::dissolve_step(0);
		let per = T::WeightInfo::dissolve_step(1).saturating_sub(base);
		if !budget.all_gte(base.saturating_add(per)) {
			return 0;
		}
		let room = budget.saturating_sub(base);
		let fit = |have: u64, each: u64| have.checked_div(each).unwrap_or(u64::MAX);
		fit(room.ref_time(), per.ref_time())
			.min(fit(room.proof_size(), per.proof_size()))
			.min(MAX_DISSOLVE_STEP as u64) as u32
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	#[allow(unused_imports)]
	use crate::types::{AlphaBalance, NetUid, Price, TaoBalance};

	fn price(n: u128, d: u128) -> FixedU128 {
		FixedU128::from_rational(n, d)
	}

	#[test]
	fn prune_choice_takes_the_lowest_price_past_immunity() {
		let subnets = [
			(NetUid(1), price(1, 2), 0),
			(NetUid(2), price(1, 10), 50),
			(NetUid(3), price(1, 5), 0),
		];
		// At block 100 with 60 blocks of immunity, netuid 2 (registered at 50) is immune.
		assert_eq!(prune_choice(subnets, 100, 60).map(|c| c.0), Some(NetUid(3)));
		// At block 110 it is not (50 + 60 <= 110), and its price is the lowest.
		assert_eq!(prune_choice(subnets, 110, 60).map(|c| c.0), Some(NetUid(2)));
		// Everything immune: nothing to prune.
		assert_eq!(prune_choice(subnets, 10, 60), None);
	}

	#[test]
	fn prune_choice_breaks_ties_by_registration_then_netuid() {
		let tied = [
			(NetUid(4), price(1, 3), 20),
			(NetUid(2), price(1, 3), 30),
			(NetUid(3), price(1, 3), 20),
		];
		assert_eq!(prune_choice(tied, 1_000, 0).map(|c| c.0), Some(NetUid(3)));
	}

	#[test]
	fn paid_through_is_the_floor_of_the_holders_share() {
		// Pot 10, 3 alpha of 7: floor(30 / 7) = 4.
		assert_eq!(paid_through(TaoBalance(10), 3, 7), TaoBalance(4));
		assert_eq!(paid_through(TaoBalance(10), 7, 7), TaoBalance(10));
		assert_eq!(paid_through(TaoBalance(10), 0, 7), TaoBalance(0));
		// A zero denominator pays nothing rather than dividing by zero.
		assert_eq!(paid_through(TaoBalance(10), 0, 0), TaoBalance(0));
		// Extremes: 21 M TAO of pot over 21 M alpha.
		let max = 21_000_000_000_000_000u64;
		assert_eq!(
			paid_through(TaoBalance(max), max as u128 - 1, max as u128),
			TaoBalance(max - 1)
		);
	}

	fn raw(v: Vec<TaoBalance>) -> Vec<u64> {
		v.into_iter().map(u64::from).collect()
	}

	#[test]
	fn a_step_pays_every_holder_the_floor_of_its_exact_share() {
		// Pot 5 over 15 alpha; 3 alpha paid before; this step's holders have 2 and 6 (exact
		// shares 0.67 and 2.0). The step may pay floor(5 · 11 / 15) − floor(5 · 3 / 15) = 3 − 1
		// = 2: the floors 0 and 2 use it all. (Split 1 : 3 by the batch's alpha, 2 gave 0.5 and
		// 1.5, rounded by largest remainder to 1 and 1: one below the 6-alpha holder's floor.)
		assert_eq!(raw(step_payments(TaoBalance(5), 15, TaoBalance(2), &[2, 6])), vec![0, 2]);
		assert_ne!(pro_rata(2u64, &[2, 6]), vec![0, 2]);
		// Pot 18 over 10 alpha, first step with 1 and 5 (exact 1.8 and 9.0): floor(18 · 6 / 10)
		// = 10 to pay, the floors 1 and 9.
		assert_eq!(raw(step_payments(TaoBalance(18), 10, TaoBalance(10), &[1, 5])), vec![1, 9]);
		// Pot 10 over 7 alpha, 1 paid before, then 3 and 3 (exact 4.29 each): 10 − 1 = 9 to pay,
		// floors 4 and 4, and the rao left to the earlier of the equal remainders (2 / 7 each).
		assert_eq!(raw(step_payments(TaoBalance(10), 7, TaoBalance(9), &[3, 3])), vec![5, 4]);
		// A whole share never gets the extra rao: pot 10 over 4 alpha, 1 paid before, then 2 and
		// 1 (exact 5.0 and 2.5): floor(10 · 4 / 4) − floor(10 · 1 / 4) = 8 to pay, floors 5 and
		// 2, and the rao left goes to the 2.5 although the whole share comes first.
		assert_eq!(raw(step_payments(TaoBalance(10), 4, TaoBalance(8), &[2, 1])), vec![5, 3]);
		// No alpha at all: nothing.
		assert_eq!(raw(step_payments(TaoBalance(10), 0, TaoBalance(0), &[0, 0])), vec![0, 0]);
	}

	use proptest::prelude::*;

	proptest! {
		#![proptest_config(ProptestConfig {
			cases: 1024,
			failure_persistence: None,
			..ProptestConfig::default()
		})]

		/// However the holders are cut into steps, each gets the floor of `T · a / S` (brute
		/// force, u128) or one rao more (only if its share is not whole), and in all exactly
		/// `floor(T · Σa / S)`.
		#[test]
		fn steps_pay_every_holder_at_least_its_floor(
			pot in 1u64..=21_000_000_000_000_000,
			pool_alpha in 0u64..=1_000_000_000_000,
			alphas in proptest::collection::vec(0u64..=1_000_000_000_000, 1..12),
			cuts in proptest::collection::vec(1usize..6, 12),
		) {
			let total = pool_alpha as u128 + alphas.iter().map(|a| *a as u128).sum::<u128>();
			prop_assume!(total > 0);
			let (mut counted, mut at, mut paid) = (0u128, 0usize, Vec::new());
			for cut in cuts {
				if at == alphas.len() {
					break;
				}
				let batch: Vec<u128> =
					alphas[at..(at + cut).min(alphas.len())].iter().map(|a| *a as u128).collect();
				at += batch.len();
				let after = counted + batch.iter().sum::<u128>();
				let share = paid_through(TaoBalance(pot), after, total) - paid_through(TaoBalance(pot), counted, total);
				counted = after;
				let parts = step_payments(TaoBalance(pot), total, share, &batch);
				prop_assert_eq!(parts.iter().copied().sum::<TaoBalance>(), share);
				paid.extend(parts);
			}
			let owed = |a: u64| (pot as u128 * a as u128 / total, pot as u128 * a as u128 % total);
			for (a, tao) in alphas.iter().zip(&paid) {
				let (floor, rem) = owed(*a);
				let ceil = floor + (rem > 0) as u128;
				prop_assert!((floor..=ceil).contains(&(u128::from(*tao))), "{a}: {tao} not in {floor}..={ceil}");
			}
			let held: u128 = alphas.iter().map(|a| *a as u128).sum();
			prop_assert_eq!(paid.iter().map(|t| u128::from(*t)).sum::<u128>(), pot as u128 * held / total);
		}
	}
}
