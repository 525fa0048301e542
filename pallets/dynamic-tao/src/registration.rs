//! Subnet registration and start: the lock cost, the pool seeded from the lock, `start_call`.

use crate::{pallet::*, types::*};
use frame_support::{
	pallet_prelude::*,
	traits::{
		fungible::{Mutate, MutateHold},
		tokens::Preservation,
	},
};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::traits::Saturating;

/// The lock cost of the next subnet:
/// `max(min_lock, 2·L − floor(L / interval) · (now − last))`, where `L` is the last lock paid
/// (0 before the first registration) and `last` its block. Each registration doubles the price;
/// it then decays linearly back to the last price over `interval` blocks, and on to `min_lock`.
pub fn lock_cost(
	min_lock: TaoBalance,
	last_lock: TaoBalance,
	interval: u64,
	blocks_since_last: u64,
) -> TaoBalance {
	// An interval of 0 decays the whole last lock in one block.
	let decay_per_block = last_lock.get().checked_div(interval).map_or(last_lock, TaoBalance);
	let doubled = last_lock.saturating_mul(2);
	doubled.saturating_sub(decay_per_block.saturating_mul(blocks_since_last)).max(min_lock)
}

/// The weakest of `candidates` (id, score, registration block) past their immunity
/// (`registered + immunity <= now`): the lowest score, then the earliest registration, then the
/// lowest id. How a full registry picks what a registration replaces: the subnet with the lowest
/// moving price, the neuron with the lowest emission.
pub fn weakest_past_immunity<Id: Ord, Score: Ord>(
	candidates: impl IntoIterator<Item = (Id, Score, u64)>,
	now: u64,
	immunity: u64,
) -> Option<(Id, Score, u64)> {
	candidates
		.into_iter()
		.filter(|(_, _, registered)| registered.saturating_add(immunity) <= now)
		.min_by(|a, b| a.1.cmp(&b.1).then(a.2.cmp(&b.2)).then(a.0.cmp(&b.0)))
}

/// What a registration did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Registered {
	/// The new subnet.
	pub netuid: NetUid,
	/// The subnet pruned to make room for it, if the subnets were full.
	pub pruned: Option<NetUid>,
}

impl<T: Config> Pallet<T> {
	/// Registers a subnet owned by `coldkey` with `hotkey` as the owner hotkey. The pool starts at
	/// price 1.0 with `min_lock` TAO from the lock and as much new alpha; the rest of the lock is
	/// held on the owner's account until dissolution. When `SubnetLimit` subnets exist, one is
	/// pruned to make room (see [`crate::dissolution`]).
	pub fn do_register_network(
		coldkey: T::AccountId,
		hotkey: T::AccountId,
	) -> Result<Registered, DispatchError> {
		Self::ensure_hotkey_available(&coldkey, &hotkey)?;
		let netuid = Self::next_netuid().ok_or(Error::<T>::SubnetLimitReached)?;
		let full = SubnetCount::<T>::get() >= T::SubnetLimit::get();

		let cost = Self::network_registration_cost();
		let min_lock = NetworkConfig::<T>::get().min_lock;
		let spendable = Self::spendable(&coldkey);
		ensure!(spendable >= cost, Error::<T>::InsufficientBalance);

		// Checked last of the rejections, as it is the only one that writes.
		let pruned = if full { Some(Self::prune_for_registration()?) } else { None };
		// min_lock ≤ cost by construction of `lock_cost`.
		let held = cost - min_lock;
		T::Currency::transfer(
			&coldkey,
			&Self::account_id(),
			min_lock.get().into(),
			Preservation::Preserve,
		)?;
		if !held.is_zero() {
			T::Currency::hold(&HoldReason::SubnetLock.into(), &coldkey, held.get().into())?;
		}

		let now = frame_system::Pallet::<T>::block_number();
		// Seeded at price 1.0: as much alpha as the TAO locked into the pool.
		let seed_alpha = AlphaBalance(min_lock.get());
		Subnets::<T>::insert(netuid, SubnetPool::new(min_lock, seed_alpha));
		SubnetOwners::<T>::insert(
			netuid,
			SubnetMeta {
				owner_coldkey: coldkey.clone(),
				owner_hotkey: hotkey.clone(),
				registered_at: now,
				started_at: None,
				locked: held,
			},
		);
		Owner::<T>::insert(&hotkey, &coldkey);
		// The owner's hotkey is the subnet's first neuron (UID 0), never replaced. The netuid is
		// fresh or cleared, so there is room.
		let _ = Self::register_neuron(netuid, &hotkey, &NeuronConfig::<T>::get());
		LastLock::<T>::put((cost, now));
		Self::take_netuid(netuid);
		SubnetCount::<T>::mutate(|n| *n = n.saturating_add(1));

		Self::deposit_event(Event::NetworkRegistered {
			netuid,
			owner_coldkey: coldkey,
			owner_hotkey: hotkey,
			lock_cost: cost,
			pool_tao: min_lock,
			pool_alpha: seed_alpha,
		});
		Ok(Registered { netuid, pruned })
	}

	/// Starts a registered subnet: from the next block on it can be staked on and emits.
	pub fn do_start_call(coldkey: T::AccountId, netuid: NetUid) -> DispatchResult {
		ensure!(netuid != ROOT_NETUID, Error::<T>::IsRootSubnet);
		SubnetOwners::<T>::try_mutate(netuid, |meta| -> DispatchResult {
			let meta = meta.as_mut().ok_or(Error::<T>::SubnetNotFound)?;
			ensure!(meta.owner_coldkey == coldkey, Error::<T>::NotSubnetOwner);
			ensure!(meta.started_at.is_none(), Error::<T>::AlreadyStarted);
			ensure!(
				!Subnets::<T>::get(netuid).is_some_and(|p| p.dissolving),
				Error::<T>::SubnetDissolving
			);
			let now = frame_system::Pallet::<T>::block_number();
			let allowed_from =
				meta.registered_at.saturating_add(NetworkConfig::<T>::get().start_call_delay);
			ensure!(now >= allowed_from, Error::<T>::StartCallTooEarly);
			// Trading opens in the next block: the start cannot be batched with a first buy.
			Self::mark_started(netuid, meta, now, Self::now().saturating_add(1));
			Ok(())
		})
	}

	/// Records the start of `netuid` in its owner record and its pool: the subnet emits from the
	/// next block on and trades from block `trading_from`.
	pub(crate) fn mark_started(
		netuid: NetUid,
		meta: &mut SubnetMeta<T::AccountId, BlockNumberFor<T>>,
		now: BlockNumberFor<T>,
		trading_from: u64,
	) {
		meta.started_at = Some(now);
		Subnets::<T>::mutate(netuid, |pool| {
			if let Some(pool) = pool {
				pool.age = Some(0);
				pool.trading_from = trading_from;
			}
		});
		Self::deposit_event(Event::SubnetStarted { netuid, block: now });
	}

	/// A hotkey can be claimed by `coldkey` if nobody else owns it.
	pub(crate) fn ensure_hotkey_available(
		coldkey: &T::AccountId,
		hotkey: &T::AccountId,
	) -> DispatchResult {
		match Owner::<T>::get(hotkey) {
			Some(owner) if &owner != coldkey => Err(Error::<T>::HotkeyOwnedByAnother.into()),
			_ => Ok(()),
		}
	}

	/// Whether staking on `netuid` is open: root always, other subnets after `start_call` and
	/// until they are pruned.
	pub(crate) fn ensure_started(market: &crate::market::Market) -> DispatchResult {
		ensure!(!market.pool.dissolving, Error::<T>::SubnetDissolving);
		ensure!(market.is_open(Self::now()), Error::<T>::SubnetNotStarted);
		Ok(())
	}
}

#[cfg(test)]
mod tests {
	use super::lock_cost;
	#[allow(unused_imports)]
	use crate::types::{AlphaBalance, Price, TaoBalance};

	#[test]
	fn lock_cost_doubles_then_decays_linearly_to_the_minimum() {
		// First registration: no last lock, the minimum.
		assert_eq!(lock_cost(TaoBalance(100), TaoBalance(0), 1_000, 0), TaoBalance(100));
		// Right after a 1 000 lock: 2 000. Decay is floor(1 000 / 100) = 10 per block.
		assert_eq!(lock_cost(TaoBalance(100), TaoBalance(1_000), 100, 0), TaoBalance(2_000));
		assert_eq!(lock_cost(TaoBalance(100), TaoBalance(1_000), 100, 50), TaoBalance(1_500));
		// A whole interval: back to the last lock; five: the minimum (not below).
		assert_eq!(lock_cost(TaoBalance(100), TaoBalance(1_000), 100, 100), TaoBalance(1_000));
		assert_eq!(lock_cost(TaoBalance(100), TaoBalance(1_000), 100, 500), TaoBalance(100));
		// floor(L / interval): 1_000 / 3 = 333 per block.
		assert_eq!(
			lock_cost(TaoBalance(10), TaoBalance(1_000), 3, 2),
			TaoBalance(2_000) - TaoBalance(666)
		);
		// No overflow at the extremes.
		assert_eq!(lock_cost(TaoBalance(1), TaoBalance(u64::MAX), 1, 0), TaoBalance(u64::MAX));
		assert_eq!(lock_cost(TaoBalance(7), TaoBalance(u64::MAX), 0, 1), TaoBalance(7));
	}
}
