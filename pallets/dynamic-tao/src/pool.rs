//! Constant-product (x·y = k) pool math, free of storage so it can be tested on its own.
//!
//! `T` is the pool's TAO reserve and `A` its alpha reserve. Every division rounds in the pool's
//! favour: amounts paid out are floored, so `k = T·A` never decreases on a swap (spec §1).
//! Intermediates are `u128`: both factors of every product are `u64`, so a product fits.

use crate::types::{AlphaBalance, TaoBalance};
use sp_arithmetic::Permill;
use sp_core::U256;

/// Why a swap cannot be computed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SwapError {
	/// The input is zero.
	ZeroInput,
	/// A reserve is zero: the pool has no price.
	EmptyPool,
	/// The output rounds down to zero.
	ZeroOutput,
	/// A reserve would exceed `u64::MAX`.
	Overflow,
}

/// The result of a swap: what the caller receives and the reserves afterwards.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SwapOutcome {
	/// Paid to the caller (alpha on a buy, TAO on a sell), after the fee.
	pub amount_out: u64,
	/// The fee, in TAO. It stays in the pool's TAO reserve.
	pub fee: TaoBalance,
	/// The TAO reserve after the swap.
	pub tao_reserve: TaoBalance,
	/// The alpha reserve after the swap.
	pub alpha_reserve: AlphaBalance,
}

/// Buys alpha with `tao_in` TAO. The fee (`fee · tao_in`, rounded up) is taken from the input
/// and stays in the TAO reserve; the rest is swapped:
/// `alpha_out = floor(A · dT / (T + dT))`, then `T += tao_in`, `A -= alpha_out`.
pub fn buy(
	tao_reserve: TaoBalance,
	alpha_reserve: AlphaBalance,
	tao_in: TaoBalance,
	fee: Permill,
) -> Result<SwapOutcome, SwapError> {
	if tao_in == 0 {
		return Err(SwapError::ZeroInput);
	}
	if tao_reserve == 0 || alpha_reserve == 0 {
		return Err(SwapError::EmptyPool);
	}
	// Ceil: the pool keeps the rounding.
	let fee_tao = fee.mul_ceil(tao_in);
	let dt = tao_in - fee_tao; // fee ≤ tao_in because fee ≤ 100 %.
	let denominator = (tao_reserve as u128) + (dt as u128);
	let alpha_out = ((alpha_reserve as u128) * (dt as u128) / denominator) as u64; // < A
	if alpha_out == 0 {
		return Err(SwapError::ZeroOutput);
	}
	Ok(SwapOutcome {
		amount_out: alpha_out,
		fee: fee_tao,
		tao_reserve: tao_reserve.checked_add(tao_in).ok_or(SwapError::Overflow)?,
		alpha_reserve: alpha_reserve - alpha_out,
	})
}

/// Sells `alpha_in` alpha for TAO: `gross = floor(T · dA / (A + dA))`; the fee
/// (`fee · gross`, rounded up) is taken from that output and stays in the TAO reserve.
/// Afterwards `A += alpha_in`, `T -= gross - fee`.
pub fn sell(
	tao_reserve: TaoBalance,
	alpha_reserve: AlphaBalance,
	alpha_in: AlphaBalance,
	fee: Permill,
) -> Result<SwapOutcome, SwapError> {
	if alpha_in == 0 {
		return Err(SwapError::ZeroInput);
	}
	if tao_reserve == 0 || alpha_reserve == 0 {
		return Err(SwapError::EmptyPool);
	}
	let denominator = (alpha_reserve as u128) + (alpha_in as u128);
	let gross = ((tao_reserve as u128) * (alpha_in as u128) / denominator) as u64; // < T
	let fee_tao = fee.mul_ceil(gross);
	let tao_out = gross - fee_tao;
	if tao_out == 0 {
		return Err(SwapError::ZeroOutput);
	}
	Ok(SwapOutcome {
		amount_out: tao_out,
		fee: fee_tao,
		tao_reserve: tao_reserve - tao_out,
		alpha_reserve: alpha_reserve.checked_add(alpha_in).ok_or(SwapError::Overflow)?,
	})
}

/// Limit prices are rao per alpha: `PRICE_SCALE` means 1.0 TAO per alpha.
pub const PRICE_SCALE: u64 = 1_000_000_000;

/// The spot price `T / A` in rao per alpha, floored; 0 for a pool without alpha.
pub fn spot_price(tao_reserve: TaoBalance, alpha_reserve: AlphaBalance) -> u64 {
	if alpha_reserve == 0 {
		return 0;
	}
	let price = (tao_reserve as u128) * (PRICE_SCALE as u128) / (alpha_reserve as u128);
	u64::try_from(price).unwrap_or(u64::MAX)
}

/// `T / A <= limit / PRICE_SCALE`, exactly (cross-multiplied; both sides fit in `u128`).
pub fn price_at_most(tao_reserve: TaoBalance, alpha_reserve: AlphaBalance, limit: u64) -> bool {
	(tao_reserve as u128) * (PRICE_SCALE as u128) <= (limit as u128) * (alpha_reserve as u128)
}

/// `T / A >= limit / PRICE_SCALE`, exactly.
pub fn price_at_least(tao_reserve: TaoBalance, alpha_reserve: AlphaBalance, limit: u64) -> bool {
	(tao_reserve as u128) * (PRICE_SCALE as u128) >= (limit as u128) * (alpha_reserve as u128)
}

/// The reserves after buying with `tao_in`, also when the output rounds to zero (a limit
/// computation must see that such an input still moves the price). `None` on overflow.
pub fn reserves_after_buy(
	tao_reserve: TaoBalance,
	alpha_reserve: AlphaBalance,
	tao_in: TaoBalance,
	fee: Permill,
) -> Option<(TaoBalance, AlphaBalance)> {
	let dt = tao_in - fee.mul_ceil(tao_in);
	let denominator = (tao_reserve as u128) + (dt as u128);
	// ≤ alpha_reserve, so it fits; an empty pool pays nothing.
	let alpha_out =
		((alpha_reserve as u128) * (dt as u128)).checked_div(denominator).unwrap_or(0) as u64;
	Some((tao_reserve.checked_add(tao_in)?, alpha_reserve - alpha_out))
}

/// The reserves after selling `alpha_in`, also when the output rounds to zero.
pub fn reserves_after_sell(
	tao_reserve: TaoBalance,
	alpha_reserve: AlphaBalance,
	alpha_in: AlphaBalance,
	fee: Permill,
) -> Option<(TaoBalance, AlphaBalance)> {
	let denominator = (alpha_reserve as u128) + (alpha_in as u128);
	// ≤ tao_reserve, so it fits; an empty pool pays nothing.
	let gross =
		((tao_reserve as u128) * (alpha_in as u128)).checked_div(denominator).unwrap_or(0) as u64;
	let tao_out = gross - fee.mul_ceil(gross);
	Some((tao_reserve - tao_out, alpha_reserve.checked_add(alpha_in)?))
}

/// The largest `x` for which the monotone predicate `ok` holds, given `ok(0)`. `hint` is a
/// starting guess (a closed-form estimate): the search gallops from it and then bisects, so the
/// answer is exact for the integer arithmetic whatever the quality of the hint, in at most about
/// 2 × 64 evaluations.
pub fn largest_satisfying(hint: u64, ok: impl Fn(u64) -> bool) -> u64 {
	let (mut lo, mut hi) = if ok(hint) {
		// Gallop up until the predicate fails.
		let mut lo = hint;
		let mut step: u64 = 1;
		loop {
			let next = lo.saturating_add(step);
			if next == lo {
				return lo; // u64::MAX satisfies it.
			}
			if ok(next) {
				lo = next;
				step = step.saturating_mul(2);
			} else {
				break (lo, next);
			}
		}
	} else {
		// Gallop down until it holds (it does at 0).
		let mut hi = hint;
		let mut step: u64 = 1;
		loop {
			let next = hi.saturating_sub(step);
			if next == 0 || ok(next) {
				break (next, hi);
			}
			hi = next;
			step = step.saturating_mul(2);
		}
	};
	// Invariant: ok(lo), !ok(hi), lo < hi.
	while hi - lo > 1 {
		let mid = lo + (hi - lo) / 2;
		if ok(mid) {
			lo = mid;
		} else {
			hi = mid;
		}
	}
	lo
}

/// The largest TAO input to a buy after which the spot price is still at or below `limit`
/// (rao per alpha). 0 when the price already exceeds the limit.
///
/// Closed form without fee or rounding: the price after buying `x` is `(T + x)² / k`, so
/// `x = isqrt(k · limit) − T`. It seeds an exact search over the real, rounded swap.
pub fn max_buy_at(
	tao_reserve: TaoBalance,
	alpha_reserve: AlphaBalance,
	fee: Permill,
	limit: u64,
) -> TaoBalance {
	if tao_reserve == 0 || alpha_reserve == 0 || !price_at_most(tao_reserve, alpha_reserve, limit) {
		return 0;
	}
	let k = U256::from(tao_reserve) * U256::from(alpha_reserve);
	let root = (k * U256::from(limit) / U256::from(PRICE_SCALE)).integer_sqrt();
	let hint = root.saturating_sub(U256::from(tao_reserve));
	let hint = if hint > U256::from(u64::MAX) { u64::MAX } else { hint.low_u64() };
	largest_satisfying(hint, |x| {
		reserves_after_buy(tao_reserve, alpha_reserve, x, fee)
			.is_some_and(|(t, a)| price_at_most(t, a, limit))
	})
}

/// The largest alpha input to a sell after which the spot price is still at or above `limit`.
/// 0 when the price is already below the limit.
///
/// Closed form without fee or rounding: `x = isqrt(k / limit) − A`; it seeds an exact search.
pub fn max_sell_at(
	tao_reserve: TaoBalance,
	alpha_reserve: AlphaBalance,
	fee: Permill,
	limit: u64,
) -> AlphaBalance {
	if tao_reserve == 0 || alpha_reserve == 0 || !price_at_least(tao_reserve, alpha_reserve, limit)
	{
		return 0;
	}
	let hint = if limit == 0 {
		u64::MAX
	} else {
		let k = U256::from(tao_reserve) * U256::from(alpha_reserve);
		let root = (k * U256::from(PRICE_SCALE) / U256::from(limit)).integer_sqrt();
		let hint = root.saturating_sub(U256::from(alpha_reserve));
		if hint > U256::from(u64::MAX) {
			u64::MAX
		} else {
			hint.low_u64()
		}
	};
	largest_satisfying(hint, |x| {
		reserves_after_sell(tao_reserve, alpha_reserve, x, fee)
			.is_some_and(|(t, a)| price_at_least(t, a, limit))
	})
}

/// One side of a cross-subnet move: a pool's reserves, or `None` for root (price 1.0, 1:1).
pub type Side = Option<(TaoBalance, AlphaBalance)>;

/// The reserves after selling `alpha` on `side` (root: unchanged price), and the TAO out.
pub fn sell_side(side: Side, alpha: AlphaBalance, fee: Permill) -> Option<(Side, TaoBalance)> {
	match side {
		None => Some((None, alpha)),
		Some((t, a)) => {
			let (t2, a2) = reserves_after_sell(t, a, alpha, fee)?;
			Some((Some((t2, a2)), t - t2))
		},
	}
}

/// The reserves after buying with `tao` on `side`.
pub fn buy_side(side: Side, tao: TaoBalance, fee: Permill) -> Option<Side> {
	match side {
		None => Some(None),
		Some((t, a)) => reserves_after_buy(t, a, tao, fee).map(Some),
	}
}

/// `p_origin / p_dest >= limit / PRICE_SCALE`, exactly (U256 cross-multiplication).
pub fn ratio_at_least(origin: Side, dest: Side, limit: u64) -> bool {
	let (t1, a1) = origin.unwrap_or((1, 1));
	let (t2, a2) = dest.unwrap_or((1, 1));
	U256::from(t1) * U256::from(a2) * U256::from(PRICE_SCALE)
		>= U256::from(limit) * U256::from(a1) * U256::from(t2)
}

/// The largest alpha a move can sell on `origin` and buy with on `dest` while the price ratio
/// `p_origin / p_dest` after both legs stays at or above `limit`. The fee is charged once, on
/// the leg named by `fees = (sell_fee, buy_fee)`. Selling more lowers the origin price and buying
/// more raises the destination's, so the ratio only falls as the amount grows.
pub fn max_move_at(origin: Side, dest: Side, fees: (Permill, Permill), limit: u64) -> AlphaBalance {
	if !ratio_at_least(origin, dest, limit) {
		return 0;
	}
	largest_satisfying(0, |x| {
		sell_side(origin, x, fees.0)
			.and_then(|(o, tao)| buy_side(dest, tao, fees.1).map(|d| (o, d)))
			.is_some_and(|(o, d)| ratio_at_least(o, d, limit))
	})
}

#[cfg(test)]
mod tests {
	use super::*;

	const TAO: u64 = 1_000_000_000;

	#[test]
	fn buy_matches_hand_worked_example() {
		// T = 100, A = 100, buy with 10 TAO, no fee: alpha = 100·10/110 = 9.0909… → 9.090909090
		let out = buy(100 * TAO, 100 * TAO, 10 * TAO, Permill::zero()).unwrap();
		assert_eq!(out.amount_out, 9_090_909_090);
		assert_eq!(out.fee, 0);
		assert_eq!(out.tao_reserve, 110 * TAO);
		assert_eq!(out.alpha_reserve, 100 * TAO - 9_090_909_090);
	}

	#[test]
	fn buy_takes_the_fee_from_the_input_and_keeps_it_in_the_pool() {
		// 0.05 % of 10 TAO = 5_000_000 rao; 9.995 TAO is swapped:
		// 100e9 · 9.995e9 / 109.995e9 = 9_086_776_671.666… → 9_086_776_671
		let out = buy(100 * TAO, 100 * TAO, 10 * TAO, Permill::from_parts(500)).unwrap();
		assert_eq!(out.fee, 5_000_000);
		assert_eq!(out.amount_out, 9_086_776_671);
		assert_eq!(out.tao_reserve, 110 * TAO);
	}

	#[test]
	fn sell_matches_hand_worked_example() {
		// T = 200, A = 100, sell 25 alpha: gross = 200·25/125 = 40 TAO exactly; fee 1 % = 0.4
		let out = sell(200 * TAO, 100 * TAO, 25 * TAO, Permill::from_percent(1)).unwrap();
		assert_eq!(out.fee, 400_000_000);
		assert_eq!(out.amount_out, 39_600_000_000);
		assert_eq!(out.tao_reserve, 200 * TAO - 39_600_000_000);
		assert_eq!(out.alpha_reserve, 125 * TAO);
	}

	#[test]
	fn outputs_round_down() {
		// T = 3, A = 3, buy 1: 3·1/4 = 0.75 → 0 → no output
		assert_eq!(buy(3, 3, 1, Permill::zero()), Err(SwapError::ZeroOutput));
		// T = 7, A = 5, sell 2: 7·2/7 = 2 exactly
		assert_eq!(sell(7, 5, 2, Permill::zero()).unwrap().amount_out, 2);
		// T = 7, A = 5, sell 3: 21/8 = 2.625 → 2
		assert_eq!(sell(7, 5, 3, Permill::zero()).unwrap().amount_out, 2);
	}

	#[test]
	fn k_never_decreases() {
		// A sweep of reserves and inputs (including uneven ones) against the product rule.
		let reserves = [1_000_003u64, 7 * TAO + 13, 1_000 * TAO, 21_000_000 * TAO];
		let inputs = [1u64, 999, TAO + 1, 123_456 * TAO];
		for &t in &reserves {
			for &a in &reserves {
				for &x in &inputs {
					for fee in [Permill::zero(), Permill::from_parts(500)] {
						let k = (t as u128) * (a as u128);
						if let Ok(o) = buy(t, a, x, fee) {
							assert!((o.tao_reserve as u128) * (o.alpha_reserve as u128) >= k);
						}
						if let Ok(o) = sell(t, a, x, fee) {
							assert!((o.tao_reserve as u128) * (o.alpha_reserve as u128) >= k);
						}
					}
				}
			}
		}
	}

	#[test]
	fn rejects_degenerate_input() {
		assert_eq!(buy(10, 10, 0, Permill::zero()), Err(SwapError::ZeroInput));
		assert_eq!(buy(0, 10, 5, Permill::zero()), Err(SwapError::EmptyPool));
		assert_eq!(sell(10, 0, 5, Permill::zero()), Err(SwapError::EmptyPool));
		assert_eq!(buy(u64::MAX - 1, u64::MAX, 5, Permill::zero()), Err(SwapError::Overflow));
	}

	/// Brute force: the largest x ≤ `upto` whose reserves after the swap satisfy `ok`.
	fn brute(
		upto: u64,
		after: impl Fn(u64) -> Option<(u64, u64)>,
		ok: impl Fn(u64, u64) -> bool,
	) -> u64 {
		(0..=upto).filter(|&x| after(x).is_some_and(|(t, a)| ok(t, a))).max().unwrap_or(0)
	}

	#[test]
	fn limit_buy_matches_brute_force_on_small_pools() {
		for (t, a) in [(1_000u64, 1_000u64), (1_000, 3_333), (7_919, 1_009), (50, 20_000)] {
			for fee in [Permill::zero(), Permill::from_percent(3)] {
				let p = spot_price(t, a);
				for limit in [p, p + 1, p * 2, p * 5 + 12_345, p * 50] {
					let max = max_buy_at(t, a, fee, limit);
					let expected = brute(
						60 * t,
						|x| reserves_after_buy(t, a, x, fee),
						|t2, a2| price_at_most(t2, a2, limit),
					);
					assert_eq!(max, expected, "t={t} a={a} fee={fee:?} limit={limit}");
				}
			}
		}
	}

	#[test]
	fn limit_sell_matches_brute_force_on_small_pools() {
		for (t, a) in [(1_000u64, 1_000u64), (3_333, 1_000), (7_919, 1_009), (20_000, 50)] {
			for fee in [Permill::zero(), Permill::from_percent(3)] {
				let p = spot_price(t, a);
				for limit in [p, p - 1, p / 2, p / 5 + 1, p / 50 + 1] {
					let max = max_sell_at(t, a, fee, limit);
					let expected = brute(
						60 * a,
						|x| reserves_after_sell(t, a, x, fee),
						|t2, a2| price_at_least(t2, a2, limit),
					);
					assert_eq!(max, expected, "t={t} a={a} fee={fee:?} limit={limit}");
				}
			}
		}
	}

	#[test]
	fn limit_buy_ends_at_or_below_the_limit_and_one_more_unit_crosses_it() {
		// The launch code's example: price 1.5, limit 6.0 ended at 24. Here it ends at ≤ 6.0.
		let (t, a) = (150 * TAO, 100 * TAO);
		let limit = 6 * PRICE_SCALE;
		let fee = Permill::from_parts(500);
		let x = max_buy_at(t, a, fee, limit);
		let out = buy(t, a, x, fee).unwrap();
		assert!(spot_price(out.tao_reserve, out.alpha_reserve) <= limit);
		let (t1, a1) = reserves_after_buy(t, a, x + 1, fee).unwrap();
		assert!(!price_at_most(t1, a1, limit));
		// Fee-free closed form: x = sqrt(k · 6) − T = sqrt(150·100·6)·1e9 − 150e9 = 150 TAO.
		// With the 0.05 % fee, (150 + x)(150 + 0.9995·x) = 90_000 gives x = 150.03752… TAO.
		assert!(x > 150_037_500_000 && x < 150_037_600_000, "x = {x}");
	}

	#[test]
	fn limit_sell_ends_at_or_above_the_limit_and_one_more_unit_crosses_it() {
		let (t, a) = (400 * TAO, 100 * TAO); // price 4.0
		let limit = PRICE_SCALE; // down to 1.0: fee-free x = sqrt(40_000 / 1)·1e9 − 100e9 = 100 TAO
		let x = max_sell_at(t, a, Permill::zero(), limit);
		assert_eq!(x, 100 * TAO);
		let out = sell(t, a, x, Permill::zero()).unwrap();
		assert_eq!(spot_price(out.tao_reserve, out.alpha_reserve), PRICE_SCALE);
		let (t1, a1) = reserves_after_sell(t, a, x + 1, Permill::zero()).unwrap();
		assert!(!price_at_least(t1, a1, limit));
	}

	#[test]
	fn limits_on_the_wrong_side_allow_nothing() {
		assert_eq!(max_buy_at(200, 100, Permill::zero(), PRICE_SCALE), 0); // price 2 > limit 1
		assert_eq!(max_sell_at(100, 200, Permill::zero(), PRICE_SCALE), 0); // price 0.5 < 1
		assert_eq!(max_buy_at(0, 100, Permill::zero(), u64::MAX), 0);
		// A limit of 0 on a sell means "any price".
		assert_eq!(max_sell_at(100, 100, Permill::zero(), 0), u64::MAX - 100);
	}

	#[test]
	fn largest_satisfying_is_exact_for_any_hint() {
		for target in [0u64, 1, 2, 1_000, u64::MAX / 3, u64::MAX - 1, u64::MAX] {
			for hint in [0u64, 1, 999, target, target.saturating_add(1), u64::MAX] {
				assert_eq!(largest_satisfying(hint, |x| x <= target), target);
			}
		}
	}

	#[test]
	fn limit_move_matches_brute_force() {
		let fee = Permill::from_percent(2);
		let free = Permill::zero();
		for (origin, dest) in [
			(Some((1_000u64, 1_000u64)), Some((2_000u64, 1_000u64))),
			(Some((3_000, 1_000)), None),
			(None, Some((700, 1_400))),
		] {
			for limit in [1u64, PRICE_SCALE / 4, PRICE_SCALE / 2, PRICE_SCALE, 3 * PRICE_SCALE] {
				let fees = if origin.is_some() { (fee, free) } else { (free, fee) };
				let max = max_move_at(origin, dest, fees, limit);
				let ok = |x: u64| {
					sell_side(origin, x, fees.0)
						.and_then(|(o, tao)| buy_side(dest, tao, fees.1).map(|d| (o, d)))
						.is_some_and(|(o, d)| ratio_at_least(o, d, limit))
				};
				let brute = (0..=20_000u64).filter(|&x| ok(x)).max().unwrap_or(0);
				if brute < 20_000 {
					assert_eq!(max, brute, "{origin:?} {dest:?} limit {limit}");
				} else {
					assert!(max >= 20_000);
				}
			}
		}
	}
}
