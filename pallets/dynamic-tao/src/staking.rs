//! Staking is a swap: TAO in, alpha out on the subnet's pool, credited to a (hotkey, netuid)
//! share pool; unstaking is the way back. Root (netuid 0) is 1:1 with no pool and no fee.
//!
//! Every path first computes a [`SwapQuote`] from the current state with the pure math of
//! [`crate::pool`], then applies it. The runtime API's quotes call the same planning functions,
//! so a quote equals the execution in the same state, to the unit.

use crate::{pallet::*, pool, types::*};
use frame_support::{
	pallet_prelude::*,
	traits::{
		fungible::{Inspect, Mutate},
		tokens::{Fortitude, Preservation},
	},
};

/// A swap planned on a pool: the quote and the pool state after it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Planned {
	/// What the swap does.
	pub quote: SwapQuote,
	/// The pool afterwards.
	pub pool: SubnetPool,
}

/// An optional price limit: `(limit_price, allow_partial)`.
pub type Limit = Option<(u64, bool)>;

impl<T: Config> Pallet<T> {
	/// Plans buying alpha on `netuid` with `tao`. Root is 1:1 and free.
	pub fn plan_buy(
		netuid: NetUid,
		pool: SubnetPool,
		tao: TaoBalance,
		fee: sp_arithmetic::Permill,
	) -> Result<Planned, Error<T>> {
		ensure!(tao > 0, Error::<T>::ZeroAmount);
		if netuid == ROOT_NETUID {
			let tao_reserve = pool.tao_reserve.checked_add(tao).ok_or(Error::<T>::Overflow)?;
			let alpha_out = pool.alpha_out.checked_add(tao).ok_or(Error::<T>::Overflow)?;
			let quote = SwapQuote {
				netuid,
				amount_in: tao,
				amount_out: tao,
				fee: 0,
				price_before: pool::PRICE_SCALE,
				price_after: pool::PRICE_SCALE,
			};
			return Ok(Planned { quote, pool: SubnetPool { tao_reserve, alpha_out, ..pool } });
		}
		Self::ensure_input_size(tao, pool.tao_reserve)?;
		let out = pool::buy(pool.tao_reserve, pool.alpha_in, tao, fee).map_err(Error::<T>::from)?;
		ensure!(out.alpha_reserve >= T::MinPoolLiquidity::get(), Error::<T>::ReserveTooLow);
		let after = SubnetPool {
			tao_reserve: out.tao_reserve,
			alpha_in: out.alpha_reserve,
			alpha_out: pool.alpha_out.checked_add(out.amount_out).ok_or(Error::<T>::Overflow)?,
		};
		Ok(Planned {
			quote: SwapQuote {
				netuid,
				amount_in: tao,
				amount_out: out.amount_out,
				fee: out.fee,
				price_before: pool::spot_price(pool.tao_reserve, pool.alpha_in),
				price_after: pool::spot_price(after.tao_reserve, after.alpha_in),
			},
			pool: after,
		})
	}

	/// Plans selling `alpha` on `netuid` for TAO. Root is 1:1 and free.
	pub fn plan_sell(
		netuid: NetUid,
		pool: SubnetPool,
		alpha: AlphaBalance,
		fee: sp_arithmetic::Permill,
	) -> Result<Planned, Error<T>> {
		ensure!(alpha > 0, Error::<T>::ZeroAmount);
		if netuid == ROOT_NETUID {
			let tao_reserve =
				pool.tao_reserve.checked_sub(alpha).ok_or(Error::<T>::ReserveTooLow)?;
			let alpha_out = pool.alpha_out.checked_sub(alpha).ok_or(Error::<T>::ReserveTooLow)?;
			let quote = SwapQuote {
				netuid,
				amount_in: alpha,
				amount_out: alpha,
				fee: 0,
				price_before: pool::PRICE_SCALE,
				price_after: pool::PRICE_SCALE,
			};
			return Ok(Planned { quote, pool: SubnetPool { tao_reserve, alpha_out, ..pool } });
		}
		Self::ensure_input_size(alpha, pool.alpha_in)?;
		let out =
			pool::sell(pool.tao_reserve, pool.alpha_in, alpha, fee).map_err(Error::<T>::from)?;
		ensure!(out.tao_reserve >= T::MinPoolLiquidity::get(), Error::<T>::ReserveTooLow);
		let after = SubnetPool {
			tao_reserve: out.tao_reserve,
			alpha_in: out.alpha_reserve,
			// The alpha sold came out of stake, which `alpha_out` counts.
			alpha_out: pool.alpha_out.checked_sub(alpha).ok_or(Error::<T>::Overflow)?,
		};
		Ok(Planned {
			quote: SwapQuote {
				netuid,
				amount_in: alpha,
				amount_out: out.amount_out,
				fee: out.fee,
				price_before: pool::spot_price(pool.tao_reserve, pool.alpha_in),
				price_after: pool::spot_price(after.tao_reserve, after.alpha_in),
			},
			pool: after,
		})
	}

	/// An input larger than `MaxSwapInputMultiple` × the input reserve is refused.
	fn ensure_input_size(input: u64, reserve: u64) -> Result<(), Error<T>> {
		let cap = (reserve as u128) * (T::MaxSwapInputMultiple::get() as u128);
		ensure!((input as u128) <= cap, Error::<T>::SwapInputTooLarge);
		Ok(())
	}

	/// The largest TAO a buy on `netuid` can take while the price stays at or below `limit`.
	pub fn max_add_stake_at(netuid: NetUid, limit: u64) -> TaoBalance {
		let Some(pool) = Subnets::<T>::get(netuid) else { return 0 };
		Self::max_buy_on(netuid, &pool, StakingConfig::<T>::get().fee, limit)
	}

	/// The largest alpha a sell on `netuid` can take while the price stays at or above `limit`.
	pub fn max_remove_stake_at(netuid: NetUid, limit: u64) -> AlphaBalance {
		let Some(pool) = Subnets::<T>::get(netuid) else { return 0 };
		Self::max_sell_on(netuid, &pool, StakingConfig::<T>::get().fee, limit)
	}

	/// `max_add_stake_at` on a pool already read. Root's price is 1.0 whatever the amount.
	fn max_buy_on(
		netuid: NetUid,
		pool: &SubnetPool,
		fee: sp_arithmetic::Permill,
		limit: u64,
	) -> u64 {
		if netuid == ROOT_NETUID {
			return if limit >= pool::PRICE_SCALE { u64::MAX } else { 0 };
		}
		pool::max_buy_at(pool.tao_reserve, pool.alpha_in, fee, limit)
	}

	/// `max_remove_stake_at` on a pool already read.
	fn max_sell_on(
		netuid: NetUid,
		pool: &SubnetPool,
		fee: sp_arithmetic::Permill,
		limit: u64,
	) -> u64 {
		if netuid == ROOT_NETUID {
			return if limit <= pool::PRICE_SCALE { u64::MAX } else { 0 };
		}
		pool::max_sell_at(pool.tao_reserve, pool.alpha_in, fee, limit)
	}

	/// Applies a price limit to a requested amount: all of it if the limit allows, the most the
	/// limit allows when partial fills are allowed, `SlippageTooHigh` otherwise.
	fn limited(requested: u64, max: impl FnOnce() -> u64, limit: Limit) -> Result<u64, Error<T>> {
		let Some((_, allow_partial)) = limit else { return Ok(requested) };
		let max = max();
		if requested <= max {
			Ok(requested)
		} else if allow_partial && max > 0 {
			Ok(max)
		} else {
			Err(Error::<T>::SlippageTooHigh)
		}
	}

	/// Stakes `tao` from `coldkey` on (`hotkey`, `netuid`), within `limit` if given.
	pub fn do_add_stake(
		coldkey: T::AccountId,
		hotkey: T::AccountId,
		netuid: NetUid,
		tao: TaoBalance,
		limit: Limit,
	) -> Result<SwapQuote, DispatchError> {
		ensure!(tao > 0, Error::<T>::ZeroAmount);
		let pool = Subnets::<T>::get(netuid).ok_or(Error::<T>::SubnetNotFound)?;
		Self::ensure_started(netuid)?;
		ensure!(Owner::<T>::contains_key(&hotkey), Error::<T>::HotkeyNotRegistered);
		let params = StakingConfig::<T>::get();
		let tao = Self::limited(
			tao,
			|| {
				limit.map_or(u64::MAX, |(price, _)| {
					Self::max_buy_on(netuid, &pool, params.fee, price)
				})
			},
			limit,
		)?;
		ensure!(tao >= params.min_stake, Error::<T>::AmountTooLow);
		let spendable: u64 =
			T::Currency::reducible_balance(&coldkey, Preservation::Preserve, Fortitude::Polite)
				.try_into()
				.unwrap_or(u64::MAX);
		ensure!(spendable >= tao, Error::<T>::InsufficientBalance);

		let planned = Self::plan_buy(netuid, pool, tao, params.fee)?;
		let mut shares = HotkeyPools::<T>::get(&hotkey, netuid);
		let minted = shares.deposit(planned.quote.amount_out).map_err(Error::<T>::from)?;

		T::Currency::transfer(&coldkey, &Self::account_id(), tao.into(), Preservation::Preserve)?;
		Subnets::<T>::insert(netuid, planned.pool);
		HotkeyPools::<T>::insert(&hotkey, netuid, shares);
		Stake::<T>::mutate((&coldkey, &hotkey, netuid), |s| *s = s.saturating_add(minted));

		Self::deposit_event(Event::StakeAdded {
			coldkey,
			hotkey,
			netuid,
			tao_in: tao,
			alpha_out: planned.quote.amount_out,
			fee: planned.quote.fee,
			price_before: planned.quote.price_before,
			price_after: planned.quote.price_after,
			limit_price: limit.map(|(p, _)| p),
		});
		Ok(planned.quote)
	}

	/// The alpha value of `coldkey`'s stake on (`hotkey`, `netuid`).
	pub fn stake_of(coldkey: &T::AccountId, hotkey: &T::AccountId, netuid: NetUid) -> AlphaBalance {
		let shares = Stake::<T>::get((coldkey, hotkey, netuid));
		HotkeyPools::<T>::get(hotkey, netuid).value_of(shares)
	}

	/// Unstakes `alpha` of `coldkey`'s stake on (`hotkey`, `netuid`) and pays the TAO to
	/// `coldkey`, within `limit` if given. A remainder worth less than the minimum stake is
	/// refused (unstake everything instead).
	pub fn do_remove_stake(
		coldkey: T::AccountId,
		hotkey: T::AccountId,
		netuid: NetUid,
		alpha: AlphaBalance,
		limit: Limit,
	) -> Result<SwapQuote, DispatchError> {
		ensure!(alpha > 0, Error::<T>::ZeroAmount);
		let pool = Subnets::<T>::get(netuid).ok_or(Error::<T>::SubnetNotFound)?;
		Self::ensure_started(netuid)?;
		let held_shares = Stake::<T>::get((&coldkey, &hotkey, netuid));
		let mut shares = HotkeyPools::<T>::get(&hotkey, netuid);
		let owned = shares.value_of(held_shares);
		ensure!(owned > 0, Error::<T>::NoStake);
		ensure!(alpha <= owned, Error::<T>::NotEnoughStake);
		let params = StakingConfig::<T>::get();
		let alpha = Self::limited(
			alpha,
			|| {
				limit.map_or(u64::MAX, |(price, _)| {
					Self::max_sell_on(netuid, &pool, params.fee, price)
				})
			},
			limit,
		)?;

		let planned = Self::plan_sell(netuid, pool, alpha, params.fee)?;
		let remainder = owned - alpha;
		if remainder > 0 {
			// Valued at the price the pool is left at.
			let value = if netuid == ROOT_NETUID {
				remainder
			} else {
				((remainder as u128) * (planned.pool.tao_reserve as u128)
					/ (planned.pool.alpha_in as u128)) as u64
			};
			ensure!(value >= params.min_stake, Error::<T>::RemainderBelowMinimum);
		}
		let burned = shares.withdraw(held_shares, alpha).map_err(Error::<T>::from)?;

		T::Currency::transfer(
			&Self::account_id(),
			&coldkey,
			planned.quote.amount_out.into(),
			Preservation::Expendable,
		)?;
		Subnets::<T>::insert(netuid, planned.pool);
		if shares.shares == 0 {
			HotkeyPools::<T>::remove(&hotkey, netuid);
		} else {
			HotkeyPools::<T>::insert(&hotkey, netuid, shares);
		}
		let left = held_shares - burned;
		if left == 0 {
			Stake::<T>::remove((&coldkey, &hotkey, netuid));
		} else {
			Stake::<T>::insert((&coldkey, &hotkey, netuid), left);
		}

		Self::deposit_event(Event::StakeRemoved {
			coldkey,
			hotkey,
			netuid,
			alpha_in: alpha,
			tao_out: planned.quote.amount_out,
			fee: planned.quote.fee,
			price_before: planned.quote.price_before,
			price_after: planned.quote.price_after,
			limit_price: limit.map(|(p, _)| p),
		});
		Ok(planned.quote)
	}

	/// The quote of staking `tao` on `netuid` now (`None` if it would fail on the pool).
	pub fn quote_add_stake(netuid: NetUid, tao: TaoBalance) -> Option<SwapQuote> {
		let pool = Subnets::<T>::get(netuid)?;
		Self::plan_buy(netuid, pool, tao, StakingConfig::<T>::get().fee).ok().map(|p| p.quote)
	}

	/// The quote of unstaking `alpha` from `netuid` now (`None` if it would fail on the pool).
	pub fn quote_remove_stake(netuid: NetUid, alpha: AlphaBalance) -> Option<SwapQuote> {
		let pool = Subnets::<T>::get(netuid)?;
		Self::plan_sell(netuid, pool, alpha, StakingConfig::<T>::get().fee).ok().map(|p| p.quote)
	}
}

impl<T> From<pool::SwapError> for Error<T> {
	fn from(e: pool::SwapError) -> Self {
		match e {
			pool::SwapError::ZeroInput => Error::<T>::ZeroAmount,
			pool::SwapError::EmptyPool => Error::<T>::ReserveTooLow,
			pool::SwapError::ZeroOutput => Error::<T>::AmountTooLow,
			pool::SwapError::Overflow => Error::<T>::Overflow,
		}
	}
}

impl<T> From<crate::shares::ShareError> for Error<T> {
	fn from(e: crate::shares::ShareError) -> Self {
		match e {
			crate::shares::ShareError::ZeroAmount => Error::<T>::ZeroAmount,
			crate::shares::ShareError::TooSmall => Error::<T>::AmountTooLow,
			crate::shares::ShareError::InsufficientValue => Error::<T>::NotEnoughStake,
			crate::shares::ShareError::Overflow => Error::<T>::Overflow,
		}
	}
}
