//! How a subnet's stake trades, in one place: root (netuid 0) is TAO held 1:1, with no pool and
//! no fee; every other subnet is a TAO/alpha constant-product pool (docs/mechanism.md §2 (Pools),
//! §4 (Root)). Staking, moves, quotes, price limits, the views and the epoch build a [`Market`]
//! from a subnet's record and ask it; this file is the only one that tells root from a pool.
//!
//! Everything here is pure: no storage, so it is tested without a runtime (below).

use crate::{pool, types::*, units::mul_div_floor};
use sp_arithmetic::{FixedPointNumber, Permill};

/// A subnet's record seen as a market.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Market {
	/// The subnet.
	pub netuid: NetUid,
	/// Its record: the reserves for a pool, all TAO staked on root for root.
	pub pool: SubnetPool,
}

/// The pallet-wide bounds a swap is checked against (`Config::MinPoolLiquidity`,
/// `Config::MaxSwapInputMultiple`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SwapBounds {
	/// Neither reserve may fall below this.
	pub min_liquidity: u64,
	/// An input may be at most this multiple of the reserve it goes into.
	pub max_input_multiple: u64,
}

/// A swap planned on a market: the quote and the record after it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Planned<In, Out> {
	/// What the swap does.
	pub quote: SwapQuote<In, Out>,
	/// The record afterwards.
	pub pool: SubnetPool,
}

/// A planned buy (TAO in, alpha out).
pub type PlannedBuy = Planned<TaoBalance, AlphaBalance>;

/// A planned sell (alpha in, TAO out).
pub type PlannedSell = Planned<AlphaBalance, TaoBalance>;

/// Why a market refuses a swap; the pallet maps each to its named error.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MarketError {
	/// Nothing to swap.
	ZeroAmount,
	/// A reserve would fall below the minimum liquidity, or a sale exceeds root's TAO.
	ReserveTooLow,
	/// The input is larger than `max_input_multiple` × its reserve.
	InputTooLarge,
	/// A counter would overflow.
	Overflow,
	/// The pool math refused.
	Swap(pool::SwapError),
}

impl Market {
	/// `netuid`'s record as a market.
	pub fn new(netuid: NetUid, pool: SubnetPool) -> Self {
		Self { netuid, pool }
	}

	/// Whether this is root: the one test of it in the pallet's pricing.
	pub fn is_root(&self) -> bool {
		self.netuid.is_root()
	}

	/// The spot price: 1.0 on root.
	pub fn spot_price(&self) -> Price {
		if self.is_root() {
			Price::ONE
		} else {
			Price(pool::spot_price(self.pool.tao_reserve.get(), self.pool.alpha_in.get()))
		}
	}

	/// The moving price: 1.0 on root, which has none.
	pub fn moving_price(&self) -> Price {
		if self.is_root() {
			Price::ONE
		} else {
			Price(self.pool.moving_price.saturating_mul_int(pool::PRICE_SCALE))
		}
	}

	/// Whether the market takes trades in block `now`: root always; a subnet from the block
	/// after its `start_call` (a pruned one is refused before this is asked).
	pub fn is_open(&self, now: BlockNumber) -> bool {
		self.is_root() || self.pool.is_trading(now)
	}

	/// Whether the subnet has started: root always counts as started.
	pub fn is_started(&self) -> bool {
		self.is_root() || self.pool.is_started()
	}

	/// The TAO value of `alpha` at the reserves' ratio `T / A`, floored (favouring the pool) and
	/// saturating; nothing for an empty pool. On root, stake is TAO.
	pub fn tao_value(&self, alpha: AlphaBalance) -> TaoBalance {
		if self.is_root() {
			return alpha.root_tao();
		}
		let (tao, alpha_in) = (self.pool.tao_reserve, self.pool.alpha_in);
		TaoBalance::saturating_from(mul_div_floor(
			alpha.as_u128(),
			tao.as_u128(),
			alpha_in.as_u128(),
		))
	}

	/// The reserves the pool kernel trades on; `None` for root (1:1, see [`pool::Side`]).
	pub fn side(&self) -> pool::Side {
		(!self.is_root()).then_some((self.pool.tao_reserve.get(), self.pool.alpha_in.get()))
	}

	/// Plans buying alpha with `tao` at `fee`. Root credits the TAO 1:1 and charges nothing.
	pub fn buy(
		&self,
		tao: TaoBalance,
		fee: Permill,
		bounds: SwapBounds,
	) -> Result<PlannedBuy, MarketError> {
		if tao.is_zero() {
			return Err(MarketError::ZeroAmount);
		}
		let p = self.pool;
		if self.is_root() {
			let stake = tao.root_stake();
			let after = SubnetPool {
				tao_reserve: p.tao_reserve.checked_add(tao).ok_or(MarketError::Overflow)?,
				alpha_out: p.alpha_out.checked_add(stake).ok_or(MarketError::Overflow)?,
				..p
			};
			return Ok(self.planned(after, tao, stake, TaoBalance::ZERO, Price::ONE));
		}
		bounds.check_input(tao.get(), p.tao_reserve.get())?;
		let out = pool::buy(p.tao_reserve.get(), p.alpha_in.get(), tao.get(), fee)
			.map_err(MarketError::Swap)?;
		if out.alpha_reserve < bounds.min_liquidity {
			return Err(MarketError::ReserveTooLow);
		}
		let alpha = AlphaBalance(out.amount_out);
		let mut after = SubnetPool {
			tao_reserve: TaoBalance(out.tao_reserve),
			alpha_in: AlphaBalance(out.alpha_reserve),
			alpha_out: p.alpha_out.checked_add(alpha).ok_or(MarketError::Overflow)?,
			..p
		};
		// The whole input enters the reserve, the fee included.
		after.share.record_flow(tao, TaoBalance::ZERO);
		let avg_price = Price(pool::avg_buy_price(tao.get(), out.amount_out));
		Ok(self.planned(after, tao, alpha, TaoBalance(out.fee), avg_price))
	}

	/// Plans selling `alpha` for TAO at `fee`. Root pays the TAO 1:1 and charges nothing.
	pub fn sell(
		&self,
		alpha: AlphaBalance,
		fee: Permill,
		bounds: SwapBounds,
	) -> Result<PlannedSell, MarketError> {
		if alpha.is_zero() {
			return Err(MarketError::ZeroAmount);
		}
		let p = self.pool;
		if self.is_root() {
			let tao = alpha.root_tao();
			let after = SubnetPool {
				tao_reserve: p.tao_reserve.checked_sub(tao).ok_or(MarketError::ReserveTooLow)?,
				alpha_out: p.alpha_out.checked_sub(alpha).ok_or(MarketError::ReserveTooLow)?,
				..p
			};
			return Ok(self.planned(after, alpha, tao, TaoBalance::ZERO, Price::ONE));
		}
		bounds.check_input(alpha.get(), p.alpha_in.get())?;
		let out = pool::sell(p.tao_reserve.get(), p.alpha_in.get(), alpha.get(), fee)
			.map_err(MarketError::Swap)?;
		if out.tao_reserve < bounds.min_liquidity {
			return Err(MarketError::ReserveTooLow);
		}
		let mut after = SubnetPool {
			tao_reserve: TaoBalance(out.tao_reserve),
			alpha_in: AlphaBalance(out.alpha_reserve),
			// The alpha sold came out of stake, which `alpha_out` counts.
			alpha_out: p.alpha_out.checked_sub(alpha).ok_or(MarketError::Overflow)?,
			..p
		};
		after.share.record_flow(TaoBalance::ZERO, TaoBalance(out.amount_out));
		let avg_price = Price(pool::avg_sell_price(alpha.get(), out.amount_out));
		Ok(self.planned(after, alpha, TaoBalance(out.amount_out), TaoBalance(out.fee), avg_price))
	}

	/// The plan of a swap from the record after it; `avg_price` is the trade's average price,
	/// fee included (see [`SwapQuote::avg_price`]).
	fn planned<In, Out>(
		&self,
		after: SubnetPool,
		amount_in: In,
		amount_out: Out,
		fee: TaoBalance,
		avg_price: Price,
	) -> Planned<In, Out> {
		let quote = SwapQuote {
			netuid: self.netuid,
			amount_in,
			amount_out,
			fee,
			price_before: self.spot_price(),
			price_after: Market::new(self.netuid, after).spot_price(),
			avg_price,
		};
		Planned { quote, pool: after }
	}

	/// The TAO up to `cap` a buy may take with its end and average price at most `limit`
	/// ([`pool::max_buy_at`]). Root's price, end and average, is 1.0 whatever the amount.
	pub fn max_buy_at(&self, fee: Permill, limit: Price, cap: TaoBalance) -> TaoBalance {
		match self.side() {
			None => {
				if limit >= Price::ONE {
					cap
				} else {
					TaoBalance::ZERO
				}
			},
			Some((tao, alpha)) => {
				TaoBalance(pool::max_buy_at(tao, alpha, fee, limit.get(), cap.get()))
			},
		}
	}

	/// The alpha up to `cap` a sell may take with its end and average price at least `limit`.
	pub fn max_sell_at(&self, fee: Permill, limit: Price, cap: AlphaBalance) -> AlphaBalance {
		match self.side() {
			None => {
				if limit <= Price::ONE {
					cap
				} else {
					AlphaBalance::ZERO
				}
			},
			Some((tao, alpha)) => {
				AlphaBalance(pool::max_sell_at(tao, alpha, fee, limit.get(), cap.get()))
			},
		}
	}

	/// The fees of a cross-subnet move's two legs when this market is the origin: one fee, on
	/// the sell leg unless the origin is root (which has no pool), then on the buy leg.
	pub fn move_fees(&self, fee: Permill) -> (Permill, Permill) {
		if self.is_root() {
			(Permill::zero(), fee)
		} else {
			(fee, Permill::zero())
		}
	}

	/// Plans both legs of moving `alpha` from this market to `dest`, with one fee.
	pub fn plan_move(
		&self,
		dest: &Market,
		alpha: AlphaBalance,
		fee: Permill,
		bounds: SwapBounds,
	) -> Result<(PlannedSell, PlannedBuy), MarketError> {
		let (sell_fee, buy_fee) = self.move_fees(fee);
		let sell = self.sell(alpha, sell_fee, bounds)?;
		let buy = dest.buy(sell.quote.amount_out, buy_fee, bounds)?;
		Ok((sell, buy))
	}

	/// The alpha up to `cap` a move from this market to `dest` may take while the ratio of the
	/// two prices, and the realised rate, stay at or above `limit` ([`pool::max_move_at`]).
	pub fn max_move_at(
		&self,
		dest: &Market,
		fee: Permill,
		limit: Price,
		cap: AlphaBalance,
	) -> AlphaBalance {
		let fees = self.move_fees(fee);
		AlphaBalance(pool::max_move_at(self.side(), dest.side(), fees, limit.get(), cap.get()))
	}
}

impl SwapBounds {
	/// An input larger than `max_input_multiple` × the reserve it goes into is refused.
	fn check_input(&self, input: u64, reserve: u64) -> Result<(), MarketError> {
		let cap = (reserve as u128).saturating_mul(self.max_input_multiple as u128);
		if (input as u128) > cap {
			return Err(MarketError::InputTooLarge);
		}
		Ok(())
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	const BOUNDS: SwapBounds = SwapBounds { min_liquidity: 1_000, max_input_multiple: 1_000 };
	const ONE: u64 = pool::PRICE_SCALE;

	fn root(tao: u64) -> Market {
		Market::new(
			ROOT_NETUID,
			SubnetPool {
				tao_reserve: TaoBalance(tao),
				alpha_out: AlphaBalance(tao),
				..Default::default()
			},
		)
	}

	fn subnet(tao: u64, alpha: u64) -> Market {
		Market::new(NetUid(1), SubnetPool::new(TaoBalance(tao), AlphaBalance(alpha)))
	}

	#[test]
	fn root_trades_one_to_one_without_a_fee() {
		let fee = Permill::from_percent(1);
		let buy = root(1_000).buy(TaoBalance(250), fee, BOUNDS).unwrap();
		assert_eq!(
			(buy.quote.amount_in, buy.quote.amount_out, buy.quote.fee),
			(TaoBalance(250), AlphaBalance(250), TaoBalance(0))
		);
		assert_eq!(
			(buy.pool.tao_reserve, buy.pool.alpha_out),
			(TaoBalance(1_250), AlphaBalance(1_250))
		);
		assert_eq!(
			(buy.quote.price_before, buy.quote.price_after, buy.quote.avg_price),
			(Price(ONE), Price(ONE), Price(ONE))
		);
		let sell = root(1_000).sell(AlphaBalance(1_000), fee, BOUNDS).unwrap();
		assert_eq!(
			(sell.quote.amount_out, sell.pool.tao_reserve, sell.pool.alpha_out),
			(TaoBalance(1_000), TaoBalance(0), AlphaBalance(0))
		);
		assert_eq!(
			root(1_000).sell(AlphaBalance(1_001), fee, BOUNDS),
			Err(MarketError::ReserveTooLow)
		);
		assert_eq!(root(u64::MAX).buy(TaoBalance(1), fee, BOUNDS), Err(MarketError::Overflow));
	}

	#[test]
	fn a_pool_prices_by_its_reserves() {
		// 4 000 TAO against 1 000 alpha: price 4.0. A 1 % fee on 1 000 TAO leaves 990 in,
		// out = 1000 · 990 / 4990 = 198.39…, floored to 198 (hand-computed).
		let m = subnet(4_000_000, 1_000_000);
		assert_eq!(m.spot_price(), Price(4 * ONE));
		let buy = m.buy(TaoBalance(1_000_000), Permill::from_percent(1), BOUNDS).unwrap();
		assert_eq!(buy.quote.amount_out, AlphaBalance(198_396));
		assert_eq!(buy.quote.fee, TaoBalance(10_000));
		assert_eq!(buy.pool.alpha_in, AlphaBalance(1_000_000) - AlphaBalance(198_396));
		assert_eq!(m.tao_value(AlphaBalance(250)), TaoBalance(1_000));
		assert_eq!(subnet(7, 0).tao_value(AlphaBalance(5)), TaoBalance(0));
	}

	#[test]
	fn a_pool_refuses_oversized_inputs_and_draining_trades() {
		let m = subnet(10_000, 10_000);
		assert_eq!(
			m.buy(TaoBalance(10_000_001), Permill::zero(), BOUNDS),
			Err(MarketError::InputTooLarge)
		);
		// Taking the alpha reserve below 1 000 needs more than 90 000 TAO in.
		assert_eq!(
			m.buy(TaoBalance(100_000), Permill::zero(), BOUNDS),
			Err(MarketError::ReserveTooLow)
		);
		assert_eq!(
			m.sell(AlphaBalance(100_000), Permill::zero(), BOUNDS),
			Err(MarketError::ReserveTooLow)
		);
		assert_eq!(m.buy(TaoBalance(0), Permill::zero(), BOUNDS), Err(MarketError::ZeroAmount));
	}

	#[test]
	fn limits_on_root_are_all_or_nothing_at_one() {
		let r = root(1_000);
		let fee = Permill::from_percent(1);
		assert_eq!(r.max_buy_at(fee, Price(ONE), TaoBalance(77)), TaoBalance(77));
		assert_eq!(r.max_buy_at(fee, Price(ONE - 1), TaoBalance(77)), TaoBalance(0));
		assert_eq!(r.max_sell_at(fee, Price(ONE), AlphaBalance(77)), AlphaBalance(77));
		assert_eq!(r.max_sell_at(fee, Price(ONE + 1), AlphaBalance(77)), AlphaBalance(0));
	}

	#[test]
	fn a_move_charges_one_fee_on_the_first_leg_with_a_pool() {
		let fee = Permill::from_percent(1);
		assert_eq!(subnet(1, 1).move_fees(fee), (fee, Permill::zero()));
		assert_eq!(root(1).move_fees(fee), (Permill::zero(), fee));
		// Root → subnet at price 1.0: the buy leg pays the fee, 1 % of 1 000.
		let (sell, buy) = root(5_000)
			.plan_move(&subnet(1_000_000, 1_000_000), AlphaBalance(1_000), fee, BOUNDS)
			.unwrap();
		assert_eq!(
			(sell.quote.amount_out, sell.quote.fee, buy.quote.fee),
			(TaoBalance(1_000), TaoBalance(0), TaoBalance(10))
		);
		// 990 in: out = 1e6 · 990 / 1 000 990 = 989.02…, floored.
		assert_eq!(buy.quote.amount_out, AlphaBalance(989));
	}

	#[test]
	fn root_is_always_open_and_started_a_dormant_pool_is_neither() {
		assert!(root(0).is_open(0) && root(0).is_started());
		let dormant = subnet(1, 1);
		assert!(!dormant.is_open(5) && !dormant.is_started());
		let started = Market::new(
			NetUid(2),
			SubnetPool {
				age: Some(0),
				trading_from: 6,
				..SubnetPool::new(TaoBalance(1), AlphaBalance(1))
			},
		);
		assert!(!started.is_open(5) && started.is_open(6) && started.is_started());
	}
}
