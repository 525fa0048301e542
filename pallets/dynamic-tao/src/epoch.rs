//! Epochs, docs/mechanism.md §7 (Epochs): every `tempo + 1` blocks a subnet pays out what its
//! blocks left pending.
//!
//! 1. The consensus runs on the stake as it stands before anything is paid.
//! 2. The miners' bucket goes by incentive, as the subnet's [`EpochConsensus`] decides; with no
//!    incentive it joins the validators' bucket.
//! 3. Each validator's dividend `d` splits by the make-up of its stake (a: alpha stake, t: root
//!    stake, w: TaoWeight): `root_v = d · w·t / (a + w·t)`, `alpha_v = d − root_v`.
//! 4. Root's TAO (its alpha was sold fee-free block by block during the tempo, see
//!    [`crate::coinbase`]) goes to the validators' root stakes by `root_v`; with no root claim
//!    at all it is burned.
//! 5. The validators' bucket goes by `alpha_v`: the hotkey's take to its owner, the rest raises
//!    the hotkey's share pool, so every nominator gains pro rata.
//! 6. The owner cut is staked to the owner's hotkey, owned by the owner's coldkey, last, so that
//!    it earns nothing of the epoch that pays it.
//!
//! What nobody can receive (no validator at all) is recycled: removed from the subnet's
//! `alpha_out`, lowering its issuance. Every unit is accounted for in the `EpochPaid` event.

use crate::{
	pallet::*,
	types::*,
	units::{mul_div_floor, pro_rata},
	WeightInfo,
};
use alloc::vec::Vec;
use core::marker::PhantomData;
use frame_support::pallet_prelude::*;
use sp_arithmetic::{PerThing, Perbill};

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
	alpha.as_u128() * (Perbill::ACCURACY as u128)
		+ (tao_weight.deconstruct() as u128) * root.as_u128()
}

/// A validator's claim on the root bucket: `d · w·t / (a + w·t)`, floored.
pub fn root_claim(
	dividend: u128,
	alpha: AlphaBalance,
	root: TaoBalance,
	tao_weight: Perbill,
) -> u128 {
	let weighted_root = (tao_weight.deconstruct() as u128) * root.as_u128();
	mul_div_floor(dividend, weighted_root, stake_weight(alpha, root, tao_weight))
}

/// The default consensus until a subnet has weights: every neuron of the subnet (UID 0 is the
/// owner's hotkey) with stake validates, with dividends by stake weight `alpha + w · root`, and
/// there is no miner incentive (the miners' bucket goes to validators). It iterates the subnet's
/// neurons, at most `max_uids` (bounded by `MaxNeurons`, the epoch benchmark's `n`): a hotkey
/// replaced on the subnet, or one staked on without being a neuron, leaves no work behind.
pub struct StakeWeighted<T>(PhantomData<T>);

impl<T: Config> EpochConsensus<T::AccountId> for StakeWeighted<T> {
	fn epoch(netuid: NetUid, tao_weight: Perbill) -> EpochWeights<T::AccountId> {
		let mut uids: u32 = 0;
		let dividends: Vec<Dividend<T::AccountId>> = Neurons::<T>::iter_prefix_values(netuid)
			.filter_map(|neuron| {
				uids = uids.saturating_add(1);
				let alpha_stake = Pallet::<T>::hotkey_stake(netuid, &neuron.hotkey);
				let root_stake = Pallet::<T>::root_stake(&neuron.hotkey);
				let weight = stake_weight(alpha_stake, root_stake, tao_weight);
				(weight > 0).then_some(Dividend {
					weight,
					alpha_stake,
					root_stake,
					hotkey: neuron.hotkey,
				})
			})
			.collect();
		EpochWeights { uids, incentive: Vec::new(), dividends }
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
	/// Root's TAO paid to root stakes.
	pub root_tao: TaoBalance,
	/// Root's TAO burned because no validator had a root claim.
	pub root_tao_recycled: TaoBalance,
	/// Alpha nobody could receive, removed from `alpha_out`.
	pub recycled: AlphaBalance,
	/// Neurons the consensus ran over: what the epoch's weight scales with, with
	/// `validator_count`.
	pub uids: u32,
	/// Validators the consensus returned (each is read, and paid unless its part rounds to
	/// zero).
	pub validator_count: u32,
}

/// Each validator's claims on an epoch's two validator buckets, docs/mechanism.md §7 (Epochs),
/// step 3: `root_v = d·w·t/(a+w·t)` (floored) on root's TAO, `alpha_v = d − root_v` on the alpha
/// bucket, so that no stake is paid twice. A validator that cannot be paid on root claims nothing
/// there and all of `d` in alpha. Returns `(alpha_claims, root_claims)`.
pub fn dividend_claims<AccountId>(
	dividends: &[Dividend<AccountId>],
	tao_weight: Perbill,
	payable_on_root: impl Fn(&AccountId) -> bool,
) -> (Vec<u128>, Vec<u128>) {
	dividends
		.iter()
		.map(|d| {
			let root = if payable_on_root(&d.hotkey) {
				root_claim(d.weight, d.alpha_stake, d.root_stake, tao_weight)
			} else {
				0
			};
			// root ≤ d: w·t ≤ a + w·t.
			(d.weight.saturating_sub(root), root)
		})
		.unzip()
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

		// The consensus first: nothing this epoch pays counts in its own stake weights.
		let weights = T::EpochConsensus::epoch(netuid, params.tao_weight);
		out.validator_count = weights.dividends.len().try_into().unwrap_or(u32::MAX);
		// Miners paid are neurons too; a consensus without neurons reports its validators.
		out.uids = weights.uids.max(weights.incentive.len().try_into().unwrap_or(u32::MAX));
		let mut paid_to: Vec<(T::AccountId, AlphaBalance)> = Vec::new();
		// Root alpha the pool could not take during the tempo joins the validators' bucket.
		let mut validators = pending.validators.saturating_add(pending.root);

		// 2. Miners, by incentive.
		let incentive: Vec<u128> = weights.incentive.iter().map(|(_, w)| *w).collect();
		if !pending.miners.is_zero() {
			if incentive.iter().any(|w| *w > 0) {
				let parts = pro_rata(pending.miners, &incentive);
				for ((hotkey, _), amount) in weights.incentive.iter().zip(parts) {
					if amount.is_zero() {
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

		// 3. Each dividend split into its root and alpha parts. Only hotkeys that can be paid on
		// root have a root claim, so that all of root's TAO finds a stake.
		let (alpha_claims, root_claims) =
			dividend_claims(&weights.dividends, params.tao_weight, |h| {
				Self::payable(h, ROOT_NETUID)
			});

		// 4. Root's TAO, sold block by block over the tempo, to the validators' root stakes.
		if !pending.root_tao.is_zero() {
			if root_claims.iter().any(|c| *c > 0) && Self::credit_root_tao(pending.root_tao) {
				out.root_tao = pending.root_tao;
				let parts = pro_rata(pending.root_tao, &root_claims);
				for (d, amount) in weights.dividends.iter().zip(parts) {
					// Payable by the filter on the claims.
					if !amount.is_zero() {
						let stake = amount.root_stake();
						Self::pay_validator(&d.hotkey, ROOT_NETUID, stake, params.take);
					}
				}
			} else {
				// Nobody has a root claim: the TAO is burned (emission issues it again later).
				out.root_tao_recycled = Self::burn_root_tao(pending.root_tao);
			}
		}

		// 5. Validators' alpha, by `d − root_v`; if no validator has alpha stake, by `d`.
		let alpha_weights = if alpha_claims.iter().any(|w| *w > 0) {
			alpha_claims
		} else {
			weights.dividends.iter().map(|d| d.weight).collect()
		};
		if !validators.is_zero() {
			if alpha_weights.iter().any(|w| *w > 0) {
				let parts = pro_rata(validators, &alpha_weights);
				for (d, amount) in weights.dividends.iter().zip(parts) {
					if amount.is_zero() {
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

		// 6. The owner cut, last: it earns nothing of this epoch, in weight or in dividends.
		if pending.owner > AlphaBalance(0) {
			let paid = SubnetOwners::<T>::get(netuid).is_some_and(|m| {
				Self::credit_position(&m.owner_coldkey, &m.owner_hotkey, netuid, pending.owner)
			});
			if paid {
				out.owner_cut = pending.owner;
			} else {
				out.recycled += pending.owner;
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
			root_tao: out.root_tao,
			recycled: out.recycled,
			root_tao_recycled: out.root_tao_recycled,
		});
		out
	}

	/// Moves `tao` of a subnet's pending root TAO (in the pallet account already) into root's
	/// reserve, as stake about to be credited. `false` (nothing changed) on overflow.
	fn credit_root_tao(tao: TaoBalance) -> bool {
		let Some(mut root) = Subnets::<T>::get(ROOT_NETUID) else { return false };
		let (Some(reserve), Some(out)) =
			(root.tao_reserve.checked_add(tao), root.alpha_out.checked_add(tao.root_stake()))
		else {
			return false;
		};
		root.tao_reserve = reserve;
		root.alpha_out = out;
		Subnets::<T>::insert(ROOT_NETUID, root);
		true
	}

	/// Burns `tao` of pending root TAO from the pallet account; returns what was burned (all of
	/// it: the account holds every pending amount).
	fn burn_root_tao(tao: TaoBalance) -> TaoBalance {
		use frame_support::traits::{
			fungible::Mutate,
			tokens::{Fortitude, Precision, Preservation},
		};
		T::Currency::burn_from(
			&Self::account_id(),
			tao.get().into(),
			Preservation::Expendable,
			Precision::Exact,
			Fortitude::Force,
		)
		.map_or_else(
			|_| {
				log::error!(target: "runtime::dynamic-tao", "burning {tao} rao of root TAO failed");
				TaoBalance::ZERO
			},
			|_| tao,
		)
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
		let held = Stake::<T>::get((coldkey, hotkey, netuid));
		match shares.deposit(held, amount.get()) {
			Ok(now_held) => {
				Self::write_position(coldkey, hotkey, netuid, shares, held, now_held);
				true
			},
			// Not reachable while the pool keeps its scale (`shares` module docs): a dividend
			// to the pool's holders instead.
			Err(_) if shares.shares > 0 && shares.distribute(amount.get()).is_ok() => {
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
	fn pay_validator(
		hotkey: &T::AccountId,
		netuid: NetUid,
		amount: AlphaBalance,
		take: Perbill,
	) -> bool {
		let mut shares = HotkeyPools::<T>::get(netuid, hotkey);
		let owner = Owner::<T>::get(hotkey);
		if shares.shares == 0 {
			// No holders yet: all of it is the owner's.
			return owner.is_some_and(|c| Self::credit_position(&c, hotkey, netuid, amount));
		}
		let take = AlphaBalance(take.mul_floor(amount.get()));
		// The rest first, so that the take does not share in it.
		if shares.distribute((amount - take).get()).is_err() {
			return false;
		}
		HotkeyPools::<T>::insert(netuid, hotkey, shares);
		if !take.is_zero() {
			let paid = owner.is_some_and(|c| Self::credit_position(&c, hotkey, netuid, take));
			if !paid {
				// No owner (not reachable: staked hotkeys are registered): to the holders.
				let _ = shares.distribute(take.get());
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
