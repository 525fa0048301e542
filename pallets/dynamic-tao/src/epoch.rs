//! Epochs (spec §4): every `tempo + 1` blocks a subnet pays out what its blocks left pending.
//!
//! 1. The owner cut is staked to the owner's hotkey, owned by the owner's coldkey.
//! 2. The miners' bucket goes by incentive, as the subnet's [`EpochConsensus`] decides; with no
//!    incentive it joins the validators' bucket.
//! 3. The root bucket is sold on the subnet's pool (fee-free) and the TAO goes to the root stake
//!    of the subnet's validators, each by `d · w·t / (a + w·t)` (d: dividend weight, a: alpha
//!    stake, t: root stake). If no validator has root stake it joins the validators' bucket.
//! 4. The validators' bucket goes by dividends: the hotkey's take to its owner, the rest raises
//!    the hotkey's share pool, so every nominator gains pro rata.
//!
//! What nobody can receive (no validator at all) is recycled: removed from the subnet's
//! `alpha_out`, lowering its issuance. Every unit is accounted for in the `EpochPaid` event.

use crate::{
	emission::{mul_div_floor, pro_rata},
	pallet::*,
	pool,
	types::*,
	WeightInfo,
};
use alloc::vec::Vec;
use core::marker::PhantomData;
use frame_support::pallet_prelude::*;
use sp_arithmetic::{PerThing, Perbill, Permill};

/// A validator as an epoch sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dividend<AccountId> {
	/// The validator's hotkey.
	pub hotkey: AccountId,
	/// Its relative share of the validators' bucket.
	pub weight: u128,
	/// Its alpha stake on the subnet.
	pub alpha_stake: AlphaBalance,
	/// Its root stake.
	pub root_stake: TaoBalance,
}

/// What a subnet's consensus decided for one epoch.
#[derive(Clone, Debug, PartialEq, Eq, frame_support::DefaultNoBound)]
pub struct EpochWeights<AccountId> {
	/// How many neurons the consensus ran over (what its weight scales with besides the
	/// validators).
	pub uids: u32,
	/// Miners' hotkeys and their relative incentive. Empty: no miner is paid and the miners'
	/// bucket goes to the validators.
	pub incentive: Vec<(AccountId, u128)>,
	/// Validators and their relative dividends.
	pub dividends: Vec<Dividend<AccountId>>,
}

/// The consensus that decides, each epoch, who earns a subnet's miners' and validators' buckets.
/// A chain plugs its own here; the pallet pays out what it returns.
pub trait EpochConsensus<AccountId> {
	/// The miners and validators of `netuid` for this epoch. `tao_weight` is the current
	/// `TaoWeight`, for stake weights `alpha + w · root`.
	fn epoch(netuid: NetUid, tao_weight: Perbill) -> EpochWeights<AccountId>;

	/// What the epoch then paid each hotkey, in alpha (miners and validators, takes included;
	/// root TAO aside), for the consensus to record. Nothing by default.
	fn record_emission(_netuid: NetUid, _paid: &[(AccountId, AlphaBalance)]) {}
}

/// Stake weight `alpha + w · root`, in units of 10^-9 alpha so that `w · root` is exact.
pub fn stake_weight(alpha: AlphaBalance, root: TaoBalance, tao_weight: Perbill) -> u128 {
	(alpha as u128) * (Perbill::ACCURACY as u128)
		+ (tao_weight.deconstruct() as u128) * (root as u128)
}

/// A validator's claim on the root bucket: `d · w·t / (a + w·t)`, floored.
pub fn root_claim(
	dividend: u128,
	alpha: AlphaBalance,
	root: TaoBalance,
	tao_weight: Perbill,
) -> u128 {
	let weighted_root = (tao_weight.deconstruct() as u128) * (root as u128);
	mul_div_floor(dividend, weighted_root, stake_weight(alpha, root, tao_weight))
}

/// The default consensus until a subnet has neurons and weights: every hotkey with stake on the
/// subnet validates, with dividends by stake weight `alpha + w · root`, and there is no miner
/// incentive (the miners' bucket goes to validators). Hotkeys come only from registrations (each
/// paying a lock or a burn).
pub struct StakeWeighted<T>(PhantomData<T>);

impl<T: Config> EpochConsensus<T::AccountId> for StakeWeighted<T> {
	fn epoch(netuid: NetUid, tao_weight: Perbill) -> EpochWeights<T::AccountId> {
		let dividends: Vec<Dividend<T::AccountId>> = HotkeyPools::<T>::iter_prefix(netuid)
			.filter(|(_, pool)| pool.value > 0)
			.map(|(hotkey, pool)| {
				let root_stake = HotkeyPools::<T>::get(ROOT_NETUID, &hotkey).value;
				Dividend {
					weight: stake_weight(pool.value, root_stake, tao_weight),
					alpha_stake: pool.value,
					root_stake,
					hotkey,
				}
			})
			.collect();
		EpochWeights { uids: dividends.len() as u32, incentive: Vec::new(), dividends }
	}
}

/// What an epoch paid, as reported by `Event::EpochPaid`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct EpochOutcome {
	/// Alpha staked to the owner.
	pub owner_cut: AlphaBalance,
	/// Alpha paid to miners.
	pub miners: AlphaBalance,
	/// Alpha paid to validators (takes included).
	pub validators: AlphaBalance,
	/// Alpha of the root bucket sold for TAO.
	pub root_alpha: AlphaBalance,
	/// TAO that sale paid to root stakes.
	pub root_tao: TaoBalance,
	/// Alpha nobody could receive, removed from `alpha_out`.
	pub recycled: AlphaBalance,
	/// Neurons the consensus ran over: what the epoch's weight scales with, with
	/// `validator_count`.
	pub uids: u32,
	/// Validators the consensus returned (each is read, and paid unless its part rounds to
	/// zero).
	pub validator_count: u32,
}

impl<T: Config> Pallet<T> {
	/// Runs `netuid`'s epoch on its pool (read and written by the caller): pays out everything
	/// pending and returns what went where.
	pub fn run_epoch(
		netuid: NetUid,
		subnet: &mut SubnetPool,
		params: &EmissionParams,
	) -> EpochOutcome {
		let pending = core::mem::take(&mut subnet.pending);
		let mut out = EpochOutcome::default();

		// 1. The owner cut.
		if pending.owner > 0 {
			let paid = SubnetOwners::<T>::get(netuid).is_some_and(|m| {
				Self::credit_position(&m.owner_coldkey, &m.owner_hotkey, netuid, pending.owner)
			});
			if paid {
				out.owner_cut = pending.owner;
			} else {
				out.recycled += pending.owner;
			}
		}

		let weights = T::EpochConsensus::epoch(netuid, params.tao_weight);
		out.validator_count = weights.dividends.len().try_into().unwrap_or(u32::MAX);
		// Miners paid are neurons too; a consensus without neurons reports its validators.
		out.uids = weights.uids.max(weights.incentive.len().try_into().unwrap_or(u32::MAX));
		let mut paid_to: Vec<(T::AccountId, AlphaBalance)> = Vec::new();
		let mut validators = pending.validators;

		// 2. Miners, by incentive.
		let incentive: Vec<u128> = weights.incentive.iter().map(|(_, w)| *w).collect();
		if pending.miners > 0 {
			if incentive.iter().any(|w| *w > 0) {
				let parts = pro_rata(pending.miners, &incentive);
				for ((hotkey, _), amount) in weights.incentive.iter().zip(parts) {
					if amount == 0 {
						continue;
					}
					let paid = Owner::<T>::get(hotkey)
						.is_some_and(|c| Self::credit_position(&c, hotkey, netuid, amount));
					if paid {
						out.miners += amount;
						paid_to.push((hotkey.clone(), amount));
					} else {
						out.recycled += amount;
					}
				}
			} else {
				validators += pending.miners;
			}
		}

		// 3. Root: sold for TAO, paid to the validators' root stakes.
		// Only hotkeys that can be paid on root have a claim, so that all the TAO finds a stake.
		let claims: Vec<u128> = weights
			.dividends
			.iter()
			.map(|d| {
				if Self::payable(&d.hotkey, ROOT_NETUID) {
					root_claim(d.weight, d.alpha_stake, d.root_stake, params.tao_weight)
				} else {
					0
				}
			})
			.collect();
		if pending.root > 0 {
			match Self::sell_root_alpha(subnet, pending.root, &claims) {
				Some(tao) => {
					out.root_alpha = pending.root;
					out.root_tao = tao;
					let parts = pro_rata(tao, &claims);
					for (d, amount) in weights.dividends.iter().zip(parts) {
						// Payable by the filter on the claims.
						if amount > 0 {
							Self::pay_validator(&d.hotkey, ROOT_NETUID, amount, params.take);
						}
					}
				},
				None => validators += pending.root,
			}
		}

		// 4. Validators, by dividends.
		let dividend_weights: Vec<u128> = weights.dividends.iter().map(|d| d.weight).collect();
		if validators > 0 {
			if dividend_weights.iter().any(|w| *w > 0) {
				let parts = pro_rata(validators, &dividend_weights);
				for (d, amount) in weights.dividends.iter().zip(parts) {
					if amount == 0 {
						continue;
					}
					if Self::pay_validator(&d.hotkey, netuid, amount, params.take) {
						out.validators += amount;
						paid_to.push((d.hotkey.clone(), amount));
					} else {
						out.recycled += amount;
					}
				}
			} else {
				out.recycled += validators;
			}
		}

		T::EpochConsensus::record_emission(netuid, &paid_to);
		// Recycled alpha leaves `alpha_out`: it was counted there as pending.
		subnet.alpha_out = subnet.alpha_out.saturating_sub(out.recycled);
		Self::deposit_event(Event::EpochPaid {
			netuid,
			owner_cut: out.owner_cut,
			miners: out.miners,
			validators: out.validators,
			root_alpha: out.root_alpha,
			root_tao: out.root_tao,
			recycled: out.recycled,
		});
		out
	}

	/// Sells `alpha` of the root bucket on `subnet`'s pool without fee and moves the TAO to
	/// root stake. `None` (nothing changed) if no validator has a root claim or the pool cannot
	/// take the sale without falling below the minimum liquidity.
	fn sell_root_alpha(
		subnet: &mut SubnetPool,
		alpha: AlphaBalance,
		claims: &[u128],
	) -> Option<u64> {
		if !claims.iter().any(|c| *c > 0) {
			return None;
		}
		let sale = pool::sell(subnet.tao_reserve, subnet.alpha_in, alpha, Permill::zero()).ok()?;
		if sale.tao_reserve < T::MinPoolLiquidity::get() {
			return None;
		}
		let mut root = Subnets::<T>::get(ROOT_NETUID)?;
		// TAO moves from this pool's reserve to root's; both sit in the pallet account.
		root.tao_reserve = root.tao_reserve.checked_add(sale.amount_out)?;
		root.alpha_out = root.alpha_out.checked_add(sale.amount_out)?;
		Subnets::<T>::insert(ROOT_NETUID, root);
		subnet.tao_reserve = sale.tao_reserve;
		subnet.alpha_in = sale.alpha_reserve;
		// The sold alpha was pending, hence counted in `alpha_out`.
		subnet.alpha_out = subnet.alpha_out.saturating_sub(alpha);
		Some(sale.amount_out)
	}

	/// Stakes `amount` of freshly paid alpha to `coldkey` on (`hotkey`, `netuid`). `false`
	/// (nothing changed) if the share pool cannot take it.
	pub(crate) fn credit_position(
		coldkey: &T::AccountId,
		hotkey: &T::AccountId,
		netuid: NetUid,
		amount: AlphaBalance,
	) -> bool {
		let mut shares = HotkeyPools::<T>::get(netuid, hotkey);
		match shares.deposit(amount) {
			Ok(minted) => {
				let held = Stake::<T>::get((coldkey, hotkey, netuid));
				Self::write_position(
					coldkey,
					hotkey,
					netuid,
					shares,
					held,
					held.saturating_add(minted),
				);
				true
			},
			// Too small to mint a share: a dividend to the pool's holders instead.
			Err(_) if shares.shares > 0 && shares.distribute(amount).is_ok() => {
				HotkeyPools::<T>::insert(netuid, hotkey, shares);
				true
			},
			Err(_) => false,
		}
	}

	/// Whether `hotkey` can be paid on `netuid`: it has holders, or an owner to stake to.
	fn payable(hotkey: &T::AccountId, netuid: NetUid) -> bool {
		HotkeyPools::<T>::get(netuid, hotkey).shares > 0 || Owner::<T>::contains_key(hotkey)
	}

	/// Pays a validator `amount` on `netuid`: its take to the hotkey's owner as stake, the rest
	/// to the hotkey's share pool (every nominator gains pro rata). On root the amount is TAO
	/// already added to root's reserve. `false` (nothing changed) if nobody can receive it.
	fn pay_validator(hotkey: &T::AccountId, netuid: NetUid, amount: u64, take: Perbill) -> bool {
		let mut shares = HotkeyPools::<T>::get(netuid, hotkey);
		let owner = Owner::<T>::get(hotkey);
		if shares.shares == 0 {
			// No holders yet: all of it is the owner's.
			return owner.is_some_and(|c| Self::credit_position(&c, hotkey, netuid, amount));
		}
		let take = take.mul_floor(amount);
		// The rest first, so that the take does not share in it.
		if shares.distribute(amount - take).is_err() {
			return false;
		}
		HotkeyPools::<T>::insert(netuid, hotkey, shares);
		if take > 0 {
			let paid = owner.is_some_and(|c| Self::credit_position(&c, hotkey, netuid, take));
			if !paid {
				// No owner (not reachable: staked hotkeys are registered): to the holders.
				let _ = shares.distribute(take);
				HotkeyPools::<T>::insert(netuid, hotkey, shares);
			}
		}
		true
	}

	/// The weight of an epoch over `uids` neurons of which `validators` validate.
	pub fn epoch_weight(outcome: &EpochOutcome) -> Weight {
		T::WeightInfo::epoch(outcome.uids.max(1), outcome.validator_count.max(1))
	}
}
