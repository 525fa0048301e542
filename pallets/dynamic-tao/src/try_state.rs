//! The pallet's invariants (docs/mechanism.md §10), as named checks.
//!
//! `Check::ALL` lists them; `try_state` runs them in that order and returns the first
//! failure's reason (and logs the check's name). `Pallet::failing_checks` runs every one and
//! returns all that fail, which is what the tests use to see that a corruption breaks exactly
//! the check written for it.
//!
//! The storage items kept per netuid are listed once, in [`netuid_items`]: a dissolution clears
//! them through the list and `Check::FreeNetuids` reads them through the same list.

use crate::{pallet::*, types::*};
use alloc::vec::Vec;
#[cfg(any(test, feature = "try-runtime"))]
use {
	alloc::collections::btree_map::BTreeMap,
	frame_support::traits::{fungible, Get},
};

/// One named invariant of the pallet's state.
#[cfg(any(test, feature = "try-runtime"))]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Check {
	/// Root (netuid 0) exists, has no pool and never emits, and its stake is 1:1 TAO:
	/// `alpha_in = 0`, `tao_reserve = alpha_out`, nothing pending, never started.
	RootSubnet,
	/// Every share pool has `D = 0 ⇔ V = 0` and `10^9 · V ≤ D ≤ 10^18 · V` (docs/mechanism.md §4):
	/// no value without shares, no shares without value, no share worth more than 10^-9 units.
	SharePools,
	/// Every stored position has shares, is indexed, and is not from a later era than its pool;
	/// outside dissolutions each pool's shares are exactly its holders' shares read at its era;
	/// every index entry and every hold belongs to a stored position.
	Positions,
	/// Each subnet's `alpha_out` is the alpha staked in its share pools plus its pending buckets,
	/// and its alpha issuance (`alpha_in + alpha_out`) is at most 21 M.
	AlphaAccounting,
	/// Each non-root subnet has an owner record agreeing on whether it started and reserves at
	/// least `MinPoolLiquidity`; `SubnetCount` counts the live ones and is at most
	/// `SubnetLimit`; no subnet with a pool is being paid out.
	Subnets,
	/// The pallet account holds at least the TAO it owes: every reserve, the root TAO pending
	/// for root stakers, the unpaid part of every dissolution pot (which never pays more than
	/// its pot). Donations are a surplus, never spent.
	TaoBacking,
	/// Free netuids are sorted, below `TotalNetworks`, not root, and have no state at all: no
	/// subnet, owner, dissolution or position, and nothing in any of [`netuid_items`].
	FreeNetuids,
	/// The last block's injections were minted at an issuance of at least the current one less
	/// them (later calls only burn), and `E` falls as issuance grows: `Σ tao_in ≤ E(I − Σ tao_in)`.
	BlockEmission,
	/// On live subnets (not being paid out): every neuron's UID is below its subnet's count and its hotkey maps
	/// back to it; every UID of the hotkey map has a neuron; the stats cover at most the count.
	Neurons,
}

#[cfg(any(test, feature = "try-runtime"))]
impl Check {
	/// Every check, in the order `try_state` runs them.
	pub const ALL: [Check; 9] = [
		Check::RootSubnet,
		Check::SharePools,
		Check::Positions,
		Check::AlphaAccounting,
		Check::Subnets,
		Check::TaoBacking,
		Check::FreeNetuids,
		Check::BlockEmission,
		Check::Neurons,
	];

	/// The check's name, as `try_state` reports it.
	pub fn name(self) -> &'static str {
		match self {
			Check::RootSubnet => "root_subnet",
			Check::SharePools => "share_pools",
			Check::Positions => "positions",
			Check::AlphaAccounting => "alpha_accounting",
			Check::Subnets => "subnets",
			Check::TaoBacking => "tao_backing",
			Check::FreeNetuids => "free_netuids",
			Check::BlockEmission => "block_emission",
			Check::Neurons => "neurons",
		}
	}

	/// Runs the check; `Err` says what is broken.
	pub fn run<T: Config>(self) -> Result<(), &'static str> {
		match self {
			Check::RootSubnet => root_subnet::<T>(),
			Check::SharePools => share_pools::<T>(),
			Check::Positions => positions::<T>(),
			Check::AlphaAccounting => alpha_accounting::<T>(),
			Check::Subnets => subnets::<T>(),
			Check::TaoBacking => tao_backing::<T>(),
			Check::FreeNetuids => free_netuids::<T>(),
			Check::BlockEmission => block_emission::<T>(),
			Check::Neurons => neurons::<T>(),
		}
	}
}

/// `Err(reason)` unless `cond`.
#[cfg(any(test, feature = "try-runtime"))]
fn ensure(cond: bool, reason: &'static str) -> Result<(), &'static str> {
	if cond {
		Ok(())
	} else {
		Err(reason)
	}
}

#[cfg(any(test, feature = "try-runtime"))]
impl<T: Config> Pallet<T> {
	/// Every check that fails now, with its reason (all of [`Check::ALL`] are run).
	pub fn failing_checks() -> Vec<(Check, &'static str)> {
		Check::ALL.iter().filter_map(|c| c.run::<T>().err().map(|reason| (*c, reason))).collect()
	}

	/// Runs [`Check::ALL`] in order; the first failure's reason.
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		for check in Check::ALL {
			check.run::<T>().map_err(|reason| {
				log::error!(target: "runtime::dynamic-tao", "try_state {}: {reason}", check.name());
				sp_runtime::TryRuntimeError::Other(reason)
			})?;
		}
		Ok(())
	}
}

/// One storage item kept per netuid: whether it holds anything for a netuid, and how to clear
/// up to `max` of its entries (returning how many it removed).
pub struct NetuidItem {
	/// The storage item's name.
	pub name: &'static str,
	/// A map with the netuid as first key, cleared in batches that count against a
	/// dissolution step's budget; otherwise a single entry, removed once the batched ones are
	/// empty.
	pub batched: bool,
	/// Whether it has an entry for the netuid.
	pub has: fn(NetUid) -> bool,
	/// Removes up to `max` entries for the netuid; returns how many.
	pub clear: fn(NetUid, usize) -> usize,
}

/// The storage items a dissolution clears after the positions are paid, in that order: maps
/// with the netuid as first key, then single entries. `Subnets`, `SubnetOwners`, `Dissolutions`
/// and the positions (`Stake`, `StakeIndex`, `StakeHolds`) are handled by the dissolution's own
/// steps.
pub fn netuid_items<T: Config>() -> [NetuidItem; 8] {
	macro_rules! prefix {
		($map:ident) => {
			NetuidItem {
				name: stringify!($map),
				batched: true,
				has: |netuid| $map::<T>::iter_key_prefix(netuid).next().is_some(),
				clear: |netuid, max| {
					let keys: Vec<_> = $map::<T>::iter_key_prefix(netuid).take(max).collect();
					keys.iter().for_each(|k| $map::<T>::remove(netuid, k));
					keys.len()
				},
			}
		};
	}
	macro_rules! single {
		($map:ident) => {
			NetuidItem {
				name: stringify!($map),
				batched: false,
				has: |netuid| $map::<T>::contains_key(netuid),
				clear: |netuid, max| {
					let had = max > 0 && $map::<T>::contains_key(netuid);
					if had {
						$map::<T>::remove(netuid);
					}
					had as usize
				},
			}
		};
	}
	[
		prefix!(HotkeyPools),
		prefix!(Neurons),
		prefix!(NeuronUids),
		prefix!(Weights),
		prefix!(Bonds),
		single!(NeuronCount),
		single!(Metagraph),
		single!(Burns),
	]
}

#[cfg(any(test, feature = "try-runtime"))]
fn root_subnet<T: Config>() -> Result<(), &'static str> {
	let root = Subnets::<T>::get(ROOT_NETUID).ok_or("the root subnet is missing")?;
	ensure(root.alpha_in == AlphaBalance(0), "the root subnet has no pool")?;
	ensure(!root.is_started() && root.pending.is_empty(), "root never emits")?;
	ensure(root.tao_reserve == root.alpha_out.root_tao(), "root stake is 1:1 TAO")
}

#[cfg(any(test, feature = "try-runtime"))]
fn share_pools<T: Config>() -> Result<(), &'static str> {
	use crate::shares::{MIN_SHARES_PER_UNIT, SHARE_SCALE};
	for pool in HotkeyPools::<T>::iter_values() {
		ensure(pool.shares > 0 || pool.value == 0, "a share pool has value but no shares")?;
		ensure(pool.value > 0 || pool.shares == 0, "a share pool has shares but no value")?;
		ensure(
			pool.shares <= SHARE_SCALE.saturating_mul(pool.value as u128),
			"a share pool has more shares per unit than its first deposit minted",
		)?;
		ensure(
			pool.shares >= MIN_SHARES_PER_UNIT.saturating_mul(pool.value as u128),
			"a share pool's shares are coarse (worth more than 10^-9 units each)",
		)?;
	}
	Ok(())
}

#[cfg(any(test, feature = "try-runtime"))]
fn positions<T: Config>() -> Result<(), &'static str> {
	// Dissolutions take positions one by one and leave the pools until the end: not summed.
	let mut held: BTreeMap<(NetUid, T::AccountId), u128> = BTreeMap::new();
	for ((coldkey, hotkey, netuid), holding) in Stake::<T>::iter() {
		ensure(!holding.is_empty(), "a zero stake entry is stored")?;
		ensure(
			StakeIndex::<T>::contains_key((netuid, &hotkey, &coldkey)),
			"a position is not indexed",
		)?;
		let pool = HotkeyPools::<T>::get(netuid, &hotkey);
		ensure(holding.era <= pool.era, "a holding is from a later era than its pool")?;
		let entry = held.entry((netuid, hotkey)).or_default();
		*entry = entry.saturating_add(pool.shares_of(holding));
	}
	for (netuid, hotkey, pool) in HotkeyPools::<T>::iter() {
		if !Dissolutions::<T>::contains_key(netuid) {
			ensure(
				held.get(&(netuid, hotkey)).copied().unwrap_or(0) == pool.shares,
				"a share pool's shares are not its holders' shares",
			)?;
		}
	}
	for (netuid, hotkey, coldkey) in StakeIndex::<T>::iter_keys() {
		ensure(
			Stake::<T>::contains_key((&coldkey, &hotkey, netuid)),
			"an indexed position does not exist",
		)?;
	}
	for (coldkey, hotkey, netuid) in StakeHolds::<T>::iter_keys() {
		ensure(
			Stake::<T>::contains_key((&coldkey, &hotkey, netuid)),
			"a hold on a position that does not exist",
		)?;
	}
	Ok(())
}

#[cfg(any(test, feature = "try-runtime"))]
fn alpha_accounting<T: Config>() -> Result<(), &'static str> {
	let mut staked: BTreeMap<NetUid, u128> = BTreeMap::new();
	for (netuid, _, pool) in HotkeyPools::<T>::iter() {
		*staked.entry(netuid).or_default() += pool.value as u128;
	}
	for (netuid, pool) in Subnets::<T>::iter() {
		ensure(
			u128::from(pool.alpha_out)
				== staked.get(&netuid).copied().unwrap_or(0) + u128::from(pool.pending.total()),
			"alpha outside a pool differs from the alpha staked on it plus pending",
		)?;
		ensure(
			pool.alpha_issuance() <= AlphaBalance(crate::emission::TOTAL_SUPPLY),
			"alpha issuance above 21 M",
		)?;
	}
	Ok(())
}

#[cfg(any(test, feature = "try-runtime"))]
fn subnets<T: Config>() -> Result<(), &'static str> {
	let mut counted: u16 = 0;
	for (netuid, pool) in Subnets::<T>::iter().filter(|(n, _)| *n != ROOT_NETUID) {
		if !pool.dissolving {
			counted = counted.saturating_add(1);
		}
		ensure(!Dissolutions::<T>::contains_key(netuid), "a paid-out subnet has a pool")?;
		let meta = SubnetOwners::<T>::get(netuid).ok_or("a subnet without an owner record")?;
		ensure(
			meta.started_at.is_some() == pool.is_started(),
			"the pool and the owner record disagree on the start",
		)?;
		ensure(
			pool.tao_reserve >= TaoBalance(T::MinPoolLiquidity::get())
				&& pool.alpha_in >= AlphaBalance(T::MinPoolLiquidity::get()),
			"a pool reserve is below the minimum liquidity",
		)?;
	}
	ensure(counted == SubnetCount::<T>::get(), "the subnet count is off")?;
	ensure(counted <= T::SubnetLimit::get(), "more subnets than the limit")
}

#[cfg(any(test, feature = "try-runtime"))]
fn tao_backing<T: Config>() -> Result<(), &'static str> {
	let mut owed: u128 = 0;
	for pool in Subnets::<T>::iter_values() {
		owed = owed
			.saturating_add(u128::from(pool.tao_reserve))
			.saturating_add(u128::from(pool.pending.root_tao));
	}
	for d in Dissolutions::<T>::iter_values() {
		ensure(d.paid <= d.pot && d.counted <= d.total_alpha, "a dissolution overpaid")?;
		owed = owed.saturating_add(u128::from(d.pot - d.paid));
	}
	ensure(
		owed <= u128::from(Pallet::<T>::pallet_tao()),
		"the pallet account holds less TAO than the reserves it owes",
	)
}

#[cfg(any(test, feature = "try-runtime"))]
fn free_netuids<T: Config>() -> Result<(), &'static str> {
	let free = FreeNetuids::<T>::get();
	ensure(free.windows(2).all(|w| w[0] < w[1]), "free netuids are not sorted")?;
	for netuid in free {
		ensure(
			netuid != ROOT_NETUID
				&& netuid < TotalNetworks::<T>::get()
				&& !Subnets::<T>::contains_key(netuid)
				&& !SubnetOwners::<T>::contains_key(netuid)
				&& !Dissolutions::<T>::contains_key(netuid)
				&& StakeIndex::<T>::iter_prefix((netuid,)).next().is_none()
				&& !netuid_items::<T>().iter().any(|item| (item.has)(netuid)),
			"a free netuid still has state",
		)?;
	}
	Ok(())
}

#[cfg(any(test, feature = "try-runtime"))]
fn block_emission<T: Config>() -> Result<(), &'static str> {
	let injected = Subnets::<T>::iter_values()
		.fold(0u64, |sum, pool| sum.saturating_add(u64::from(pool.last_injection.tao_in)));
	let issuance: u64 = <T::Currency as fungible::Inspect<T::AccountId>>::total_issuance()
		.try_into()
		.unwrap_or(u64::MAX);
	ensure(
		injected
			<= u64::from(crate::emission::block_emission(TaoBalance(
				issuance.saturating_sub(injected),
			))),
		"a block emitted more TAO than E(I)",
	)
}

#[cfg(any(test, feature = "try-runtime"))]
fn neurons<T: Config>() -> Result<(), &'static str> {
	// A dissolution tears these down entry by entry: only the netuids of live subnets are
	// checked (leftovers on a free netuid are `FreeNetuids`' to report).
	let live = |netuid: NetUid| {
		Subnets::<T>::contains_key(netuid) && !Dissolutions::<T>::contains_key(netuid)
	};
	for (netuid, uid, neuron) in Neurons::<T>::iter().filter(|(n, _, _)| live(*n)) {
		ensure(uid < NeuronCount::<T>::get(netuid), "a neuron beyond its subnet's count")?;
		ensure(
			NeuronUids::<T>::get(netuid, &neuron.hotkey) == Some(uid),
			"a neuron's hotkey does not map back to its UID",
		)?;
	}
	for (netuid, stats) in Metagraph::<T>::iter().filter(|(n, _)| live(*n)) {
		ensure(
			stats.len() <= NeuronCount::<T>::get(netuid) as usize,
			"stats for more neurons than the subnet has",
		)?;
	}
	for (netuid, _, uid) in NeuronUids::<T>::iter().filter(|(n, _, _)| live(*n)) {
		ensure(Neurons::<T>::contains_key(netuid, uid), "a UID without a neuron")?;
	}
	Ok(())
}
