//! Staking is a swap: TAO in, alpha out on the subnet's pool, credited to a (hotkey, netuid)
//! share pool; unstaking is the way back. Root (netuid 0) is 1:1 with no pool and no fee, a
//! rule only [`crate::market`] knows.
//!
//! Every path first plans a [`SwapQuote`] on the subnet's [`Market`] (pure, [`crate::market`]),
//! then applies it. The quotes the clients read plan on the same market, so a quote equals the
//! execution in the same state, to the unit.

use crate::{
	market::{Market, MarketError, PlannedBuy, PlannedSell, SwapBounds},
	pallet::*,
	pool,
	types::*,
};
use frame_support::{
	pallet_prelude::*,
	traits::{
		fungible::{Inspect, Mutate},
		tokens::{DepositConsequence, Fortitude, Preservation, Provenance},
	},
};

/// An optional price limit: `(limit_price, allow_partial)`.
pub type Limit = Option<(Price, bool)>;

impl<T: Config> Pallet<T> {
	/// The bounds every swap is checked against.
	pub fn swap_bounds() -> SwapBounds {
		SwapBounds {
			min_liquidity: T::MinPoolLiquidity::get(),
			max_input_multiple: T::MaxSwapInputMultiple::get(),
		}
	}

	/// `netuid`'s market, if the subnet exists.
	pub fn market(netuid: NetUid) -> Result<Market, Error<T>> {
		Subnets::<T>::get(netuid)
			.map(|pool| Market::new(netuid, pool))
			.ok_or(Error::<T>::SubnetNotFound)
	}

	/// Plans both legs of a cross-subnet move of `alpha`, with the configured fee.
	pub fn plan_move(
		origin_netuid: NetUid,
		dest_netuid: NetUid,
		alpha: AlphaBalance,
	) -> Result<(PlannedSell, PlannedBuy), Error<T>> {
		let (origin, dest) = (Self::market(origin_netuid)?, Self::market(dest_netuid)?);
		let fee = StakingConfig::<T>::get().fee;
		Ok(origin.plan_move(&dest, alpha, fee, Self::swap_bounds())?)
	}

	/// Applies a price limit to a requested amount. `max_within(limit_price, cap)` is the
	/// largest amount up to `cap` the limit allows, and `cap` itself exactly when the request
	/// satisfies both bounds (see [`pool`]'s limits). So the request executes whole if it
	/// complies; otherwise, with `allow_partial`, the most the limit allows below it (exactly
	/// what `max_*_at` reports when the request is above that), else `SlippageTooHigh`.
	fn limited<A: Copy + PartialEq + Default>(
		requested: A,
		limit: Limit,
		max_within: impl FnOnce(Price, A) -> A,
	) -> Result<A, Error<T>> {
		let Some((limit_price, allow_partial)) = limit else { return Ok(requested) };
		let max = max_within(limit_price, requested);
		if max == requested {
			Ok(requested)
		} else if allow_partial && max != A::default() {
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
	) -> Result<BuyQuote, DispatchError> {
		ensure!(!tao.is_zero(), Error::<T>::ZeroAmount);
		let market = Self::market(netuid)?;
		Self::ensure_started(&market)?;
		ensure!(Owner::<T>::contains_key(&hotkey), Error::<T>::HotkeyNotRegistered);
		let params = StakingConfig::<T>::get();
		let tao =
			Self::limited(tao, limit, |price, cap| market.max_buy_at(params.fee, price, cap))?;
		ensure!(tao >= params.min_stake, Error::<T>::AmountTooLow);
		let spendable = Self::spendable(&coldkey);
		ensure!(spendable >= tao, Error::<T>::InsufficientBalance);

		let planned = market.buy(tao, params.fee, Self::swap_bounds()).map_err(Error::<T>::from)?;
		let mut shares = HotkeyPools::<T>::get(netuid, &hotkey);
		let held = Stake::<T>::get((&coldkey, &hotkey, netuid));
		let now_held =
			shares.deposit(held, planned.quote.amount_out.get()).map_err(Error::<T>::from)?;

		let paid = tao.get().into();
		T::Currency::transfer(&coldkey, &Self::account_id(), paid, Preservation::Preserve)?;
		Subnets::<T>::insert(netuid, planned.pool);
		Self::write_position(&coldkey, &hotkey, netuid, shares, held, now_held);
		Self::hold_arrival(&coldkey, &hotkey, netuid, planned.quote.amount_out);

		Self::deposit_event(Event::StakeAdded {
			coldkey,
			hotkey,
			netuid,
			tao_in: tao,
			alpha_out: planned.quote.amount_out,
			fee: planned.quote.fee,
			price_before: planned.quote.price_before,
			price_after: planned.quote.price_after,
			avg_price: planned.quote.avg_price,
			limit_price: limit.map(|(p, _)| p),
		});
		Ok(planned.quote)
	}

	/// What `who` can spend and stay alive, as TAO (saturating).
	pub(crate) fn spendable(who: &T::AccountId) -> TaoBalance {
		let free = T::Currency::reducible_balance(who, Preservation::Preserve, Fortitude::Polite);
		TaoBalance(free.try_into().unwrap_or(u64::MAX))
	}

	/// What all of `hotkey`'s stake on `netuid` is worth (alpha; TAO on root).
	pub fn hotkey_stake(netuid: NetUid, hotkey: &T::AccountId) -> AlphaBalance {
		AlphaBalance(HotkeyPools::<T>::get(netuid, hotkey).value)
	}

	/// `hotkey`'s root stake, in TAO.
	pub fn root_stake(hotkey: &T::AccountId) -> TaoBalance {
		Self::hotkey_stake(ROOT_NETUID, hotkey).root_tao()
	}

	/// The alpha value of `coldkey`'s stake on (`hotkey`, `netuid`).
	pub fn stake_of(coldkey: &T::AccountId, hotkey: &T::AccountId, netuid: NetUid) -> AlphaBalance {
		let held = Stake::<T>::get((coldkey, hotkey, netuid));
		AlphaBalance(HotkeyPools::<T>::get(netuid, hotkey).value_of(held))
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
	) -> Result<SellQuote, DispatchError> {
		ensure!(!alpha.is_zero(), Error::<T>::ZeroAmount);
		let market = Self::market(netuid)?;
		Self::ensure_started(&market)?;
		let held = Stake::<T>::get((&coldkey, &hotkey, netuid));
		let mut shares = HotkeyPools::<T>::get(netuid, &hotkey);
		let owned = AlphaBalance(shares.value_of(held));
		ensure!(!owned.is_zero(), Error::<T>::NoStake);
		ensure!(alpha <= owned, Error::<T>::NotEnoughStake);
		let params = StakingConfig::<T>::get();
		let alpha =
			Self::limited(alpha, limit, |price, cap| market.max_sell_at(params.fee, price, cap))?;

		Self::ensure_free(&coldkey, &hotkey, netuid, owned, alpha)?;

		let planned =
			market.sell(alpha, params.fee, Self::swap_bounds()).map_err(Error::<T>::from)?;
		let remainder = owned - alpha;
		if !remainder.is_zero() {
			// Valued at the price the pool is left at (saturating: a remainder worth more than
			// u64::MAX rao is above any minimum).
			let value = Market::new(netuid, planned.pool).tao_value(remainder);
			ensure!(value >= params.min_stake, Error::<T>::RemainderBelowMinimum);
		}
		// Named here rather than failing inside the currency: a payout the coldkey's account
		// cannot take (below the existential deposit of an account that does not exist yet).
		ensure!(
			T::Currency::can_deposit(
				&coldkey,
				planned.quote.amount_out.get().into(),
				Provenance::Extant
			) == DepositConsequence::Success,
			Error::<T>::PayoutBelowExistentialDeposit
		);
		let left = shares.withdraw(held, alpha.get()).map_err(Error::<T>::from)?;

		T::Currency::transfer(
			&Self::account_id(),
			&coldkey,
			planned.quote.amount_out.get().into(),
			Preservation::Expendable,
		)?;
		Subnets::<T>::insert(netuid, planned.pool);
		Self::write_position(&coldkey, &hotkey, netuid, shares, held, left);

		Self::deposit_event(Event::StakeRemoved {
			coldkey,
			hotkey,
			netuid,
			alpha_in: alpha,
			tao_out: planned.quote.amount_out,
			fee: planned.quote.fee,
			price_before: planned.quote.price_before,
			price_after: planned.quote.price_after,
			avg_price: planned.quote.avg_price,
			limit_price: limit.map(|(p, _)| p),
		});
		Ok(planned.quote)
	}
}

impl<T> From<MarketError> for Error<T> {
	fn from(e: MarketError) -> Self {
		match e {
			MarketError::ZeroAmount => Error::<T>::ZeroAmount,
			MarketError::ReserveTooLow => Error::<T>::ReserveTooLow,
			MarketError::InputTooLarge => Error::<T>::SwapInputTooLarge,
			MarketError::Overflow => Error::<T>::Overflow,
			MarketError::Swap(e) => e.into(),
		}
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
			crate::shares::ShareError::TooCoarse => Error::<T>::SharesTooCoarse,
			crate::shares::ShareError::NoHolders => Error::<T>::NoStake,
		}
	}
}

/// Where a move takes stake from and to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MoveRoute<AccountId> {
	/// The coldkey that owns the stake and signs.
	pub origin_coldkey: AccountId,
	/// The coldkey that receives it (the same one except for `transfer_stake`).
	pub dest_coldkey: AccountId,
	/// The hotkey the stake is on.
	pub origin_hotkey: AccountId,
	/// The hotkey it goes to.
	pub dest_hotkey: AccountId,
	/// The subnet it is on.
	pub origin_netuid: NetUid,
	/// The subnet it goes to.
	pub dest_netuid: NetUid,
}

impl<AccountId: Clone> MoveRoute<AccountId> {
	/// A move that stays with `coldkey`: `move_stake` and (one hotkey) `swap_stake`.
	pub fn own(
		coldkey: AccountId,
		origin_hotkey: AccountId,
		dest_hotkey: AccountId,
		origin_netuid: NetUid,
		dest_netuid: NetUid,
	) -> Self {
		let dest_coldkey = coldkey.clone();
		Self {
			origin_coldkey: coldkey,
			dest_coldkey,
			origin_hotkey,
			dest_hotkey,
			origin_netuid,
			dest_netuid,
		}
	}

	/// A move to another coldkey on the same hotkey: `transfer_stake`.
	pub fn gift(
		coldkey: AccountId,
		dest_coldkey: AccountId,
		hotkey: AccountId,
		origin_netuid: NetUid,
		dest_netuid: NetUid,
	) -> Self {
		let dest_hotkey = hotkey.clone();
		Self {
			origin_coldkey: coldkey,
			dest_coldkey,
			origin_hotkey: hotkey,
			dest_hotkey,
			origin_netuid,
			dest_netuid,
		}
	}
}

/// What a move did: both legs (equal to `sell.amount_out == buy.amount_in` on a cross-subnet
/// move; no legs on a same-subnet move, which only moves shares).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MoveOutcome {
	/// Alpha taken from the origin position.
	pub alpha_in: AlphaBalance,
	/// Alpha credited to the destination position.
	pub alpha_out: AlphaBalance,
	/// The sell leg on the origin pool, if the move crossed subnets.
	pub sell: Option<SellQuote>,
	/// The buy leg on the destination pool, if the move crossed subnets.
	pub buy: Option<BuyQuote>,
}

impl<T: Config> Pallet<T> {
	/// Moves `alpha` of stake along `route`: between hotkeys, subnets and/or coldkeys. Across
	/// subnets it sells on the origin pool and buys on the destination's in one call, with one
	/// fee; within a subnet it moves shares and touches no pool.
	pub fn do_move_stake(
		route: MoveRoute<T::AccountId>,
		alpha: AlphaBalance,
		limit: Limit,
	) -> Result<MoveOutcome, DispatchError> {
		let MoveRoute {
			origin_coldkey,
			dest_coldkey,
			origin_hotkey,
			dest_hotkey,
			origin_netuid,
			dest_netuid,
		} = route;
		ensure!(alpha > AlphaBalance(0), Error::<T>::ZeroAmount);
		ensure!(
			origin_coldkey != dest_coldkey
				|| origin_hotkey != dest_hotkey
				|| origin_netuid != dest_netuid,
			Error::<T>::SameOriginAndDestination
		);
		let (origin, dest) = (Self::market(origin_netuid)?, Self::market(dest_netuid)?);
		Self::ensure_started(&origin)?;
		Self::ensure_started(&dest)?;
		ensure!(Owner::<T>::contains_key(&dest_hotkey), Error::<T>::HotkeyNotRegistered);
		let params = StakingConfig::<T>::get();

		let held = Stake::<T>::get((&origin_coldkey, &origin_hotkey, origin_netuid));
		let mut origin_shares = HotkeyPools::<T>::get(origin_netuid, &origin_hotkey);
		let owned = AlphaBalance(origin_shares.value_of(held));
		ensure!(!owned.is_zero(), Error::<T>::NoStake);
		ensure!(alpha <= owned, Error::<T>::NotEnoughStake);

		let (alpha, legs) = if origin_netuid == dest_netuid {
			// Limits are about prices, and a same-subnet move trades on no pool.
			(alpha, None)
		} else {
			let alpha = Self::limited(alpha, limit, |price, cap| {
				origin.max_move_at(&dest, params.fee, price, cap)
			})?;
			let legs = origin
				.plan_move(&dest, alpha, params.fee, Self::swap_bounds())
				.map_err(Error::<T>::from)?;
			(alpha, Some(legs))
		};

		// Value of what arrives and of what stays, in TAO at the prices the markets are left at.
		let origin_after = match &legs {
			Some((sell, _)) => Market::new(origin_netuid, sell.pool),
			None => origin,
		};
		Self::ensure_free(&origin_coldkey, &origin_hotkey, origin_netuid, owned, alpha)?;
		let remainder = owned - alpha;
		if !remainder.is_zero() {
			ensure!(
				origin_after.tao_value(remainder) >= params.min_stake,
				Error::<T>::RemainderBelowMinimum
			);
		}
		let alpha_out = legs.as_ref().map_or(alpha, |(_, buy)| buy.quote.amount_out);
		let dest_after = match &legs {
			Some((_, buy)) => Market::new(dest_netuid, buy.pool),
			None => origin_after,
		};
		ensure!(dest_after.tao_value(alpha_out) >= params.min_stake, Error::<T>::AmountTooLow);

		// Take from the origin position.
		let left = origin_shares.withdraw(held, alpha.get()).map_err(Error::<T>::from)?;
		Self::write_position(
			&origin_coldkey,
			&origin_hotkey,
			origin_netuid,
			origin_shares,
			held,
			left,
		);
		// Pools: both legs' TAO stays in the pallet account, so no transfer is needed.
		if let Some((sell, buy)) = &legs {
			Subnets::<T>::insert(origin_netuid, sell.pool);
			Subnets::<T>::insert(dest_netuid, buy.pool);
		}
		// Credit the destination position (read after the write: it may be the same pool).
		let mut dest_shares = HotkeyPools::<T>::get(dest_netuid, &dest_hotkey);
		let dest_held = Stake::<T>::get((&dest_coldkey, &dest_hotkey, dest_netuid));
		let dest_now = dest_shares.deposit(dest_held, alpha_out.get()).map_err(Error::<T>::from)?;
		Self::write_position(
			&dest_coldkey,
			&dest_hotkey,
			dest_netuid,
			dest_shares,
			dest_held,
			dest_now,
		);
		// New stake on a hotkey is held there; a transfer between coldkeys on the same hotkey and
		// subnet adds none (and so cannot be used to extend someone else's hold).
		if origin_hotkey != dest_hotkey || origin_netuid != dest_netuid {
			Self::hold_arrival(&dest_coldkey, &dest_hotkey, dest_netuid, alpha_out);
		}

		let sell = legs.as_ref().map(|(s, _)| s.quote);
		let buy = legs.as_ref().map(|(_, b)| b.quote);
		Self::deposit_event(Event::StakeMoved {
			origin_coldkey,
			dest_coldkey,
			origin_hotkey,
			dest_hotkey,
			origin_netuid,
			dest_netuid,
			alpha_in: alpha,
			tao: sell.map_or(TaoBalance::ZERO, |s| s.amount_out),
			alpha_out,
			fee: sell
				.map_or(TaoBalance::ZERO, |s| s.fee)
				.saturating_add(buy.map_or(TaoBalance::ZERO, |b| b.fee)),
			origin_price_before: sell.map_or(Price::ZERO, |s| s.price_before),
			origin_price_after: sell.map_or(Price::ZERO, |s| s.price_after),
			dest_price_before: buy.map_or(Price::ZERO, |b| b.price_before),
			dest_price_after: buy.map_or(Price::ZERO, |b| b.price_after),
			// Destination alpha per origin alpha, rao-scaled like a price.
			avg_rate: if legs.is_some() {
				Price(pool::avg_sell_price(alpha.get(), alpha_out.get()))
			} else {
				Price::ZERO
			},
			limit_price: limit.map(|(p, _)| p),
		});
		Ok(MoveOutcome { alpha_in: alpha, alpha_out, sell, buy })
	}

	/// Fails with `StakeHeld` unless `amount` of the `owned` alpha of a position may leave it
	/// now: what arrived within the hold period stays, docs/mechanism.md §8 (Just-in-time stake).
	/// A hold that has expired is cleared.
	fn ensure_free(
		coldkey: &T::AccountId,
		hotkey: &T::AccountId,
		netuid: NetUid,
		owned: AlphaBalance,
		amount: AlphaBalance,
	) -> DispatchResult {
		let Some(hold) = StakeHolds::<T>::get((coldkey, hotkey, netuid)) else { return Ok(()) };
		let held = hold.held_at(Self::now());
		if held == AlphaBalance(0) {
			StakeHolds::<T>::remove((coldkey, hotkey, netuid));
			return Ok(());
		}
		// Dividends raise `owned` above what arrived; only the arrival is held.
		ensure!(amount <= owned.saturating_sub(held), Error::<T>::StakeHeld);
		Ok(())
	}

	/// Holds `amount` that just arrived on a position for the hold period, `tempo + 1` blocks.
	fn hold_arrival(
		coldkey: &T::AccountId,
		hotkey: &T::AccountId,
		netuid: NetUid,
		amount: AlphaBalance,
	) {
		let period = EmissionConfig::<T>::get().hold_period();
		StakeHolds::<T>::mutate((coldkey, hotkey, netuid), |hold| {
			*hold = Some(hold.unwrap_or_default().add(amount, Self::now(), period));
		});
	}

	/// What of `coldkey`'s stake on (`hotkey`, `netuid`) is held now, and until which block.
	pub fn stake_hold(
		coldkey: &T::AccountId,
		hotkey: &T::AccountId,
		netuid: NetUid,
	) -> (AlphaBalance, u64) {
		StakeHolds::<T>::get((coldkey, hotkey, netuid))
			.map(|h| (h.held_at(Self::now()), h.until))
			.filter(|(held, _)| *held > AlphaBalance(0))
			.unwrap_or_default()
	}

	/// Stores a position (`before` → `after`) and its pool, removing entries that became empty
	/// and indexing positions that were created.
	pub(crate) fn write_position(
		coldkey: &T::AccountId,
		hotkey: &T::AccountId,
		netuid: NetUid,
		pool: crate::shares::SharePool,
		before: crate::shares::Holding,
		after: crate::shares::Holding,
	) {
		match (before.is_empty(), after.is_empty()) {
			(true, false) => StakeIndex::<T>::insert((netuid, hotkey, coldkey), ()),
			(false, true) => StakeIndex::<T>::remove((netuid, hotkey, coldkey)),
			_ => {},
		}
		if pool.shares == 0 {
			HotkeyPools::<T>::remove(netuid, hotkey);
		} else {
			HotkeyPools::<T>::insert(netuid, hotkey, pool);
		}
		if after.is_empty() {
			Stake::<T>::remove((coldkey, hotkey, netuid));
			if !before.is_empty() {
				StakeHolds::<T>::remove((coldkey, hotkey, netuid));
			}
		} else {
			Stake::<T>::insert((coldkey, hotkey, netuid), after);
		}
	}
}
