//! Constant-product (x·y = k) pool math, free of storage so it can be tested on its own.
//!
//! `T` is the pool's TAO reserve and `A` its alpha reserve. Every division rounds in the pool's
//! favour: amounts paid out are floored, so `k = T·A` never decreases on a swap (spec §1).
//! Intermediates are `u128`: both factors of every product are `u64`, so a product fits.

use crate::types::{AlphaBalance, TaoBalance};
use sp_arithmetic::Permill;

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
}
