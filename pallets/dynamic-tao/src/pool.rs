//! Constant-product (x·y = k) pool math, free of storage so it can be tested on its own.
//!
//! `T` is the pool's TAO reserve and `A` its alpha reserve. Every division rounds in the pool's
//! favour: amounts paid out are floored, so `k = T·A` never decreases on a swap
//! (docs/mechanism.md §2). Intermediates are `u128`: both factors of every product are `u64`, so a
//! product fits.
//!
//! This is the integer kernel: amounts are plain `u64` (rao for TAO, the smallest unit for
//! alpha, rao per alpha for prices), named by role. The typed layer above it is
//! [`crate::market::Market`], which takes and returns [`crate::units`] and is the only caller.

/// TAO in rao, inside the kernel.
type TaoBalance = u64;
/// Alpha in its smallest unit, inside the kernel.
type AlphaBalance = u64;
use sp_arithmetic::Permill;
use sp_core::{U256, U512};

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

/// `Permill`'s denominator: a fee of `p` parts keeps `PPM - p` of every `PPM` units.
const PPM: u64 = 1_000_000;

/// The spot price `T / A` in rao per alpha, floored; 0 for a pool without alpha.
pub fn spot_price(tao_reserve: TaoBalance, alpha_reserve: AlphaBalance) -> u64 {
	if alpha_reserve == 0 {
		return 0;
	}
	let price = (tao_reserve as u128) * (PRICE_SCALE as u128) / (alpha_reserve as u128);
	u64::try_from(price).unwrap_or(u64::MAX)
}

/// The average price of a buy: TAO paid (fee included) per alpha received, in rao per alpha,
/// rounded up so that it never flatters the trade; `u64::MAX` when nothing was received (and
/// when it does not fit). `avg_buy_price(x, a) <= limit` exactly when `x · PRICE_SCALE <=
/// limit · a`, the average-price bound of a limit buy.
pub fn avg_buy_price(tao_in: TaoBalance, alpha_out: AlphaBalance) -> u64 {
	if alpha_out == 0 {
		return u64::MAX;
	}
	// Ceil: a buyer is never shown a better price than they got.
	let price = ((tao_in as u128) * (PRICE_SCALE as u128)).div_ceil(alpha_out as u128);
	u64::try_from(price).unwrap_or(u64::MAX)
}

/// The average price of a sell: what was received (TAO after the fee, or the other subnet's
/// alpha on a move) per alpha given, rao-scaled, rounded down so that it never flatters the
/// trade; 0 when nothing was given. `avg_sell_price(y, t) >= limit` exactly when
/// `t · PRICE_SCALE >= limit · y`, the average-price bound of a limit sell (or move).
pub fn avg_sell_price(amount_in: u64, amount_out: u64) -> u64 {
	if amount_in == 0 {
		return 0;
	}
	// Floor: a seller is never shown a better price than they got.
	let price = (amount_out as u128) * (PRICE_SCALE as u128) / (amount_in as u128);
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

// --- Limits: the end price and the average price -----------------------------------------------
//
// A limit `L` (rao per alpha) bounds two prices of a trade, both exactly (cross-multiplied
// integers, the same swap arithmetic that executes):
// - the end price: a buy may not leave the spot price above `L`, a sell may not leave it below;
// - the average price, fee included: a buy of `x` TAO receiving `a(x)` alpha needs
//   `x · PRICE_SCALE <= L · a(x)`; a sell of `y` alpha receiving `t(y)` TAO after the fee needs
//   `t(y) · PRICE_SCALE >= L · y`. A cross-subnet move of `y` alpha receiving `b(y)` alpha of the
//   destination bounds the ratio `p_origin / p_dest` after both legs (its end "price") and its
//   realised rate: `b(y) · PRICE_SCALE >= L · y`.
// Without the fee the average is never worse than the end price; with it, small trades near the
// spot price are worse on average, so both bounds are needed.
//
// The end-price bound is monotone in the amount, so its largest amount `end` is found exactly by
// `largest_satisfying`. The average bound is not: the output is floored, so within a run of
// inputs with the same output the average gets worse unit by unit and then improves when the
// output steps up (a sawtooth of one output unit; tiny amounts fail because their output rounds
// to nothing). The satisfying amounts are therefore not a prefix, and near the continuous
// boundary whether an amount satisfies the bound depends on its roundings. `within_limit`
// guarantees the following ("exact"), whatever the pool and the limit, for a cap `c` (the
// request; `u64::MAX` for the `max_*_at` runtime API):
// 1. the amount satisfies both bounds (0: nothing does, as far as the search can tell);
// 2. it is `c`, or one unit more violates a bound (it is a local maximum);
// 3. it is at least the largest amount up to `c` that satisfies the end-price bound and the
//    rounding-proof average bound of `Curve::safe_max` (the average without rounding, with the
//    output reduced by the largest amount the roundings can take off it);
// 4. if `c` satisfies both bounds, it is `c` (a request executes whole exactly when it complies);
// 5. if the largest amount up to `c` that satisfies the end-price bound also satisfies the average
//    bound (the end price binds: limits more than about twice the fee away from the spot price),
//    it is that amount, the largest satisfying amount overall;
// 6. if `c` does not satisfy the bounds and `c` is at or above the answer for `u64::MAX`, it is
//    that answer: a partial fill executes exactly what `max_*_at` reported.
// It is not always the largest satisfying amount overall when the average bound binds: finding
// that one means examining each output unit of a window below the continuous boundary, and the
// window can hold ~10^5 units on real pools. The search costs at most about 6 × 64 evaluations
// of the swap arithmetic and two 512-bit square roots (about 3 × 64 when the end price binds).

/// A trade's output without rounding, `ō(y) = P·y / (Q + R·y)` for an input `y`, and `loss`, a
/// bound on what the real trade's roundings (floored outputs, ceiled fees) can take off it:
/// `o(y) > ō(y) − loss` for every `y`. A constant-product swap with a fee has this form, and so
/// has a chain of two (a cross-subnet move). All in `U512`: a chain's coefficients need up to
/// 170 bits and the products below up to about 472 bits, for any `u64` reserves and limits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Curve {
	p: U512,
	q: U512,
	r: U512,
	loss: U512,
}

impl Curve {
	/// Buying with `x` TAO: `d = x − ceil(f·x) > x·k/PPM − 1` (with `k = PPM − fee parts`) and
	/// `a = floor(A·d / (T + d)) > A·d / (T + d) − 1`; `A·d / (T + d)` grows by at most `A / T`
	/// per unit of `d`, so `a > ō − 1 − A/T` with `ō = A·k·x / (T·PPM + k·x)`. Without a fee
	/// `d = x` and the loss is the floor's alone.
	fn buy(tao_reserve: TaoBalance, alpha_reserve: AlphaBalance, fee: Permill) -> Option<Self> {
		let k = U512::from(PPM.saturating_sub(fee.deconstruct() as u64));
		let (t, a) = (U512::from(tao_reserve), U512::from(alpha_reserve));
		let loss = if fee.is_zero() {
			U512::one()
		} else {
			// Ceil: the loss is a bound, so it may only grow.
			U512::one() + a.checked_add(t.checked_sub(U512::one())?)?.checked_div(t)?
		};
		Some(Self { p: a * k, q: t * U512::from(PPM), r: k, loss })
	}

	/// Selling `y` alpha: `g = floor(T·y / (A + y)) > ḡ − 1` and the TAO out
	/// `g − ceil(f·g) > g·k/PPM − 1 > ō − 2` with `ō = T·k·y / (A·PPM + PPM·y)`. Without a fee
	/// the loss is the floor's alone.
	fn sell(tao_reserve: TaoBalance, alpha_reserve: AlphaBalance, fee: Permill) -> Self {
		let k = U512::from(PPM.saturating_sub(fee.deconstruct() as u64));
		let (t, a) = (U512::from(tao_reserve), U512::from(alpha_reserve));
		let loss = U512::from(if fee.is_zero() { 1u8 } else { 2 });
		Self { p: t * k, q: a * U512::from(PPM), r: U512::from(PPM), loss }
	}

	/// Root: 1:1, no rounding.
	fn root() -> Self {
		Self { p: U512::one(), q: U512::one(), r: U512::zero(), loss: U512::zero() }
	}

	/// This trade's output fed into `next`: `P₂·ō₁ / (Q₂ + R₂·ō₁)` is again of the form, and
	/// as `next`'s output grows by at most `P₂ / Q₂` per unit of input, the loss is
	/// `loss₂ + ceil(loss₁ · P₂ / Q₂)`.
	fn then(self, next: Self) -> Option<Self> {
		let carried = self.loss.checked_mul(next.p)?;
		let carried = carried.checked_add(next.q.checked_sub(U512::one())?)?.checked_div(next.q)?;
		Some(Self {
			p: next.p.checked_mul(self.p)?,
			q: next.q.checked_mul(self.q)?,
			r: next.q.checked_mul(self.r)?.checked_add(next.r.checked_mul(self.p)?)?,
			loss: next.loss.checked_add(carried)?,
		})
	}

	/// `alpha · (ō(y) − loss) >= gamma · y`, i.e. `alpha·P·y >= (Q + R·y)·(alpha·loss + gamma·y)`.
	/// For a buy `(alpha, gamma) = (L, PRICE_SCALE)`: the average price bound holds even if
	/// every rounding goes against the caller; for a sell or a move `(PRICE_SCALE, L)`. Since
	/// `o(y) > ō(y) − loss`, it implies the real bound. `false` on overflow (none for `u64`
	/// inputs, see the type's comment), which claims nothing.
	fn holds_with_loss(&self, alpha: u64, gamma: u64, y: u64) -> bool {
		let (alpha, gamma, y) = (U512::from(alpha), U512::from(gamma), U512::from(y));
		let lhs = alpha.checked_mul(self.p).and_then(|v| v.checked_mul(y));
		let rhs = self
			.r
			.checked_mul(y)
			.and_then(|v| v.checked_add(self.q))
			.zip(alpha.checked_mul(self.loss).and_then(|v| v.checked_add(gamma.checked_mul(y)?)))
			.and_then(|(a, b)| a.checked_mul(b));
		matches!((lhs, rhs), (Some(l), Some(r)) if l >= r)
	}

	/// The largest `y <= top` for which `holds_with_loss` holds, or 0 if none does. The
	/// condition is a concave quadratic in `y` (`−γR·y² + B·y − α·loss·Q >= 0`, `B = αP −
	/// α·loss·R − γQ`), so it holds on an interval: its upper root seeds an exact search on the
	/// decreasing side of the vertex.
	fn safe_max(&self, alpha: u64, gamma: u64, top: u64) -> u64 {
		if self.holds_with_loss(alpha, gamma, top) {
			return top;
		}
		let Some((vertex, root)) = self.upper_root(alpha, gamma) else { return 0 };
		// Beyond the vertex the condition only gets harder, so this predicate is monotone.
		let y = largest_satisfying(root, |y| y <= vertex || self.holds_with_loss(alpha, gamma, y));
		if y < top && self.holds_with_loss(alpha, gamma, y) {
			y
		} else {
			0
		}
	}

	/// The vertex and the upper root of the quadratic of `safe_max`, floored and capped at
	/// `u64::MAX`; `None` if the condition holds for no positive `y`.
	fn upper_root(&self, alpha: u64, gamma: u64) -> Option<(u64, u64)> {
		let (alpha, gamma) = (U512::from(alpha), U512::from(gamma));
		let two_a = gamma.checked_mul(self.r)?.checked_mul(U512::from(2u8))?;
		let positive = alpha.checked_mul(self.p)?;
		let negative = alpha
			.checked_mul(self.loss)?
			.checked_mul(self.r)?
			.checked_add(gamma.checked_mul(self.q)?)?;
		// B <= 0: the quadratic is negative for every y > 0 (its constant term is <= 0).
		let b = positive.checked_sub(negative).filter(|b| !b.is_zero())?;
		if two_a.is_zero() {
			return None; // Linear: only with a zero limit, which never gets here.
		}
		let c = alpha.checked_mul(self.loss)?.checked_mul(self.q)?;
		let discriminant =
			b.checked_mul(b)?.checked_sub(two_a.checked_mul(c)?.checked_mul(U512::from(2u8))?)?;
		let root = b.checked_add(discriminant.integer_sqrt())? / two_a;
		let capped = |v: U512| if v > U512::from(u64::MAX) { u64::MAX } else { v.low_u64() };
		Some((capped(b / two_a), capped(root)))
	}
}

/// Gallops down from `top` (which violates the limit) for an amount that satisfies it, no lower
/// than `floor` (which does, or is 0), then bisects between the last violating and the first
/// satisfying amount for a local maximum: an amount that satisfies `ok` one unit below one that
/// does not. Bisection needs only `ok(lo)` and `!ok(hi)`, not monotonicity. At most about 2 × 64
/// evaluations.
fn search_down(top: u64, floor: u64, ok: &impl Fn(u64) -> bool) -> u64 {
	let mut lo = if floor < top && ok(floor) { floor } else { 0 };
	let mut hi = top;
	let mut step: u64 = 1;
	loop {
		let probe = hi.saturating_sub(step);
		if probe <= lo {
			break;
		}
		if ok(probe) {
			lo = probe;
			break;
		}
		hi = probe;
		step = step.saturating_mul(2);
	}
	// Invariant: ok(lo) (0 is the empty trade), !ok(hi), lo < hi.
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

/// The amount a limit allows up to `cap`, given `end` (the largest amount satisfying the
/// end-price bound), `ok` (both bounds; `ok(0)` holds) and `safe(top)` (the largest amount up to
/// `top` satisfying the rounding-proof average bound). See the comment above `Curve` for what
/// the result guarantees.
fn within_limit(end: u64, cap: u64, ok: impl Fn(u64) -> bool, safe: impl Fn(u64) -> u64) -> u64 {
	let best_up_to = |top: u64| if ok(top) { top } else { search_down(top, safe(top), &ok) };
	if cap >= end {
		return best_up_to(end);
	}
	if ok(cap) {
		return cap;
	}
	// The same answer as without a cap whenever that answer fits under it.
	let overall = best_up_to(end);
	if overall <= cap {
		overall
	} else {
		best_up_to(cap)
	}
}

/// Both bounds of a limit buy of `x` TAO: the spot price after it at most `limit`, and the TAO
/// paid per alpha received, `x / a(x)`, at most `limit` too. `true` for `x = 0`.
pub fn buy_within(
	tao_reserve: TaoBalance,
	alpha_reserve: AlphaBalance,
	fee: Permill,
	limit: u64,
	x: TaoBalance,
) -> bool {
	if x == 0 {
		return true;
	}
	let Some((t, a)) = reserves_after_buy(tao_reserve, alpha_reserve, x, fee) else {
		return false;
	};
	let alpha_out = alpha_reserve - a; // a ≤ alpha_reserve
	price_at_most(t, a, limit)
		&& (x as u128) * (PRICE_SCALE as u128) <= (limit as u128) * (alpha_out as u128)
}

/// Both bounds of a limit sell of `y` alpha: the spot price after it at least `limit`, and the
/// TAO received after the fee per alpha sold at least `limit` too. `true` for `y = 0`.
pub fn sell_within(
	tao_reserve: TaoBalance,
	alpha_reserve: AlphaBalance,
	fee: Permill,
	limit: u64,
	y: AlphaBalance,
) -> bool {
	if y == 0 {
		return true;
	}
	let Some((t, a)) = reserves_after_sell(tao_reserve, alpha_reserve, y, fee) else {
		return false;
	};
	let tao_out = tao_reserve - t; // t ≤ tao_reserve
	price_at_least(t, a, limit)
		&& (tao_out as u128) * (PRICE_SCALE as u128) >= (limit as u128) * (y as u128)
}

/// The largest TAO input to a buy, up to `cap`, that keeps the end price and the average price
/// paid at or below `limit` (rao per alpha); see the comment above `Curve` for the guarantees.
/// 0 when the price already exceeds the limit.
///
/// The end-price bound alone has a closed form without fee or rounding: the price after buying
/// `x` is `(T + x)² / k`, so `x = isqrt(k · limit) − T`; it seeds an exact search over the real,
/// rounded swap. The average bound without rounding is linear, `x <= L·A − T / (1 − f)`: the
/// average price of a buy is `(T + dT) / ((1 − f)·A)`, the launch code's `L·A − T` with the fee.
pub fn max_buy_at(
	tao_reserve: TaoBalance,
	alpha_reserve: AlphaBalance,
	fee: Permill,
	limit: u64,
	cap: TaoBalance,
) -> TaoBalance {
	if tao_reserve == 0 || alpha_reserve == 0 || !price_at_most(tao_reserve, alpha_reserve, limit) {
		return 0;
	}
	let k = U256::from(tao_reserve) * U256::from(alpha_reserve);
	let root = (k * U256::from(limit) / U256::from(PRICE_SCALE)).integer_sqrt();
	let hint = root.saturating_sub(U256::from(tao_reserve));
	let hint = if hint > U256::from(u64::MAX) { u64::MAX } else { hint.low_u64() };
	let end = largest_satisfying(hint, |x| {
		reserves_after_buy(tao_reserve, alpha_reserve, x, fee)
			.is_some_and(|(t, a)| price_at_most(t, a, limit))
	});
	let curve = Curve::buy(tao_reserve, alpha_reserve, fee);
	within_limit(
		end,
		cap,
		|x| buy_within(tao_reserve, alpha_reserve, fee, limit, x),
		|top| curve.map_or(0, |c| c.safe_max(limit, PRICE_SCALE, top)),
	)
}

/// The largest alpha input to a sell, up to `cap`, that keeps the end price and the average
/// price received at or above `limit`. 0 when the price is already below the limit.
///
/// The end-price bound alone, without fee or rounding: `x = isqrt(k / limit) − A`; it seeds an
/// exact search.
pub fn max_sell_at(
	tao_reserve: TaoBalance,
	alpha_reserve: AlphaBalance,
	fee: Permill,
	limit: u64,
	cap: AlphaBalance,
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
	let end = largest_satisfying(hint, |x| {
		reserves_after_sell(tao_reserve, alpha_reserve, x, fee)
			.is_some_and(|(t, a)| price_at_least(t, a, limit))
	});
	let curve = Curve::sell(tao_reserve, alpha_reserve, fee);
	within_limit(
		end,
		cap,
		|y| sell_within(tao_reserve, alpha_reserve, fee, limit, y),
		|top| curve.safe_max(PRICE_SCALE, limit, top),
	)
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

/// The reserves after buying with `tao` on `side` (root: unchanged price), and the alpha out.
pub fn buy_side(side: Side, tao: TaoBalance, fee: Permill) -> Option<(Side, AlphaBalance)> {
	match side {
		None => Some((None, tao)),
		Some((t, a)) => {
			let (t2, a2) = reserves_after_buy(t, a, tao, fee)?;
			Some((Some((t2, a2)), a - a2))
		},
	}
}

/// Both sides after a move of `alpha` (sell on `origin`, buy on `dest` with the TAO), and the
/// alpha it credits on `dest`. `fees = (sell_fee, buy_fee)`.
pub fn move_sides(
	origin: Side,
	dest: Side,
	fees: (Permill, Permill),
	alpha: AlphaBalance,
) -> Option<(Side, Side, AlphaBalance)> {
	let (o, tao) = sell_side(origin, alpha, fees.0)?;
	let (d, out) = buy_side(dest, tao, fees.1)?;
	Some((o, d, out))
}

/// `p_origin / p_dest >= limit / PRICE_SCALE`, exactly (U256 cross-multiplication).
pub fn ratio_at_least(origin: Side, dest: Side, limit: u64) -> bool {
	let (t1, a1) = origin.unwrap_or((1, 1));
	let (t2, a2) = dest.unwrap_or((1, 1));
	U256::from(t1) * U256::from(a2) * U256::from(PRICE_SCALE)
		>= U256::from(limit) * U256::from(a1) * U256::from(t2)
}

/// Both bounds of a limit move of `y` alpha: the ratio `p_origin / p_dest` after both legs at
/// least `limit`, and the realised rate, destination alpha received per origin alpha given (fee
/// included), at least `limit` too: `b(y) · PRICE_SCALE >= limit · y`. Both are in destination
/// alpha per origin alpha, rao-scaled. `true` for `y = 0`.
pub fn move_within(
	origin: Side,
	dest: Side,
	fees: (Permill, Permill),
	limit: u64,
	y: AlphaBalance,
) -> bool {
	if y == 0 {
		return true;
	}
	move_sides(origin, dest, fees, y).is_some_and(|(o, d, out)| {
		ratio_at_least(o, d, limit)
			&& (out as u128) * (PRICE_SCALE as u128) >= (limit as u128) * (y as u128)
	})
}

/// The largest alpha a move can sell on `origin` and buy with on `dest`, up to `cap`, while the
/// price ratio `p_origin / p_dest` after both legs and the realised rate stay at or above
/// `limit`. The fee is charged once, on the leg named by `fees = (sell_fee, buy_fee)`. Selling
/// more lowers the origin price and buying more raises the destination's, so the ratio only
/// falls as the amount grows; the realised rate has the sawtooth of every average.
pub fn max_move_at(
	origin: Side,
	dest: Side,
	fees: (Permill, Permill),
	limit: u64,
	cap: AlphaBalance,
) -> AlphaBalance {
	if !ratio_at_least(origin, dest, limit) {
		return 0;
	}
	let end = largest_satisfying(0, |x| {
		move_sides(origin, dest, fees, x).is_some_and(|(o, d, _)| ratio_at_least(o, d, limit))
	});
	let curve = buy_curve(dest, fees.1).and_then(|buy| sell_curve(origin, fees.0).then(buy));
	within_limit(
		end,
		cap,
		|y| move_within(origin, dest, fees, limit, y),
		|top| curve.map_or(0, |c| c.safe_max(PRICE_SCALE, limit, top)),
	)
}

/// The rounding-free curve of selling on `side` (root: 1:1).
fn sell_curve(side: Side, fee: Permill) -> Curve {
	side.map_or(Curve::root(), |(t, a)| Curve::sell(t, a, fee))
}

/// The rounding-free curve of buying on `side` (root: 1:1); `None` for an empty pool.
fn buy_curve(side: Side, fee: Permill) -> Option<Curve> {
	side.map_or(Some(Curve::root()), |(t, a)| Curve::buy(t, a, fee))
}

#[cfg(test)]
mod tests {
	use super::*;
	#[allow(unused_imports)]
	use crate::types::{AlphaBalance, Price, TaoBalance};

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

	#[test]
	fn limit_buy_ends_at_or_below_the_limit_and_one_more_unit_crosses_it() {
		// The launch code's example: price 1.5, limit 6.0 ended at 24. Here it ends at ≤ 6.0.
		let (t, a) = (150 * TAO, 100 * TAO);
		let limit = 6 * PRICE_SCALE;
		let fee = Permill::from_parts(500);
		let x = max_buy_at(t, a, fee, limit, u64::MAX);
		let out = buy(t, a, x, fee).unwrap();
		assert!(spot_price(out.tao_reserve, out.alpha_reserve) <= limit);
		let (t1, a1) = reserves_after_buy(t, a, x + 1, fee).unwrap();
		assert!(!price_at_most(t1, a1, limit));
		// Fee-free closed form: x = sqrt(k · 6) − T = sqrt(150·100·6)·1e9 − 150e9 = 150 TAO.
		// With the 0.05 % fee, (150 + x)(150 + 0.9995·x) = 90_000 gives x = 150.03752… TAO.
		assert!(x > 150_037_500_000 && x < 150_037_600_000, "x = {x}");
		// A large trade: the average, (T + dT) / (0.9995·A) = 299.9625 / 99.95 = 3.00113 per
		// alpha, is far inside the limit: the end price binds.
		let avg = avg_buy_price(x, out.amount_out);
		assert!(avg > 3_001_100_000 && avg < 3_001_150_000, "avg = {avg}");
	}

	#[test]
	fn limit_sell_ends_at_or_above_the_limit_and_one_more_unit_crosses_it() {
		let (t, a) = (400 * TAO, 100 * TAO); // price 4.0
		let limit = PRICE_SCALE; // down to 1.0: fee-free x = sqrt(40_000 / 1)·1e9 − 100e9 = 100 TAO
		let x = max_sell_at(t, a, Permill::zero(), limit, u64::MAX);
		assert_eq!(x, 100 * TAO);
		let out = sell(t, a, x, Permill::zero()).unwrap();
		assert_eq!(spot_price(out.tao_reserve, out.alpha_reserve), PRICE_SCALE);
		let (t1, a1) = reserves_after_sell(t, a, x + 1, Permill::zero()).unwrap();
		assert!(!price_at_least(t1, a1, limit));
		// Received 400·100/200 = 200 TAO for 100 alpha: an average of 2.0 ≥ 1.0.
		assert_eq!(avg_sell_price(x, out.amount_out), 2 * PRICE_SCALE);
	}

	#[test]
	fn limits_on_the_wrong_side_allow_nothing() {
		let none = Permill::zero();
		assert_eq!(max_buy_at(200, 100, none, PRICE_SCALE, u64::MAX), 0); // price 2 > limit 1
		assert_eq!(max_sell_at(100, 200, none, PRICE_SCALE, u64::MAX), 0); // price 0.5 < 1
		assert_eq!(max_buy_at(0, 100, none, u64::MAX, u64::MAX), 0);
		// A limit of 0 on a sell means "any price".
		assert_eq!(max_sell_at(100, 100, none, 0, u64::MAX), u64::MAX - 100);
		assert_eq!(max_sell_at(100, 100, none, 0, 77), 77);
		// A buy limit at the spot price of a pool with a fee: every average is above it.
		let fee = Permill::from_parts(500);
		assert_eq!(max_buy_at(1_000 * TAO, 1_000 * TAO, fee, PRICE_SCALE, u64::MAX), 0);
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
	fn search_down_keeps_to_its_floor_and_ends_on_a_local_maximum() {
		// Complying amounts: 0..=5 and 1000..=1003 only. The gallop down from 2000 probes 1999,
		// 1997, 1993, …, 1489, 977 and jumps over 1000..=1003, so without a floor it ends at 5.
		let ok = |x: u64| x <= 5 || (1_000..=1_003).contains(&x);
		assert_eq!(search_down(2_000, 0, &ok), 5);
		assert_eq!(search_down(2_000, 1_000, &ok), 1_003);
		// A floor that does not comply is not trusted.
		assert_eq!(search_down(2_000, 999, &ok), 5);
	}

	#[test]
	fn average_prices_round_against_the_trader() {
		// 10 rao for 3 alpha units: 3.333… per unit, shown as 3_333_333_334 (ceil) on a buy;
		// 10 rao for 3 units sold: 3_333_333_333 (floor).
		assert_eq!(avg_buy_price(10, 3), 3_333_333_334);
		assert_eq!(avg_sell_price(3, 10), 3_333_333_333);
		assert_eq!(avg_buy_price(6, 3), 2 * PRICE_SCALE);
		assert_eq!(avg_buy_price(5, 0), u64::MAX);
		assert_eq!(avg_sell_price(0, 5), 0);
		// The reported average is within a limit exactly when the cross-multiplied bound holds.
		for paid in 1..60u64 {
			for got in 0..60u64 {
				for limit in [PRICE_SCALE / 3, PRICE_SCALE, 1_500_000_000, 3_333_333_333] {
					let (p, g, l) = (paid as u128, got as u128, limit as u128);
					let s = PRICE_SCALE as u128;
					assert_eq!(avg_buy_price(paid, got) <= limit, p * s <= l * g);
					assert_eq!(avg_sell_price(paid, got) >= limit, g * s >= l * p);
				}
			}
		}
	}

	#[test]
	fn the_average_price_of_a_buy_is_a_sawtooth() {
		// T = A = 1000, no fee, limit 1.1. alpha(x) = floor(1000·x / (1000 + x)):
		// x =  9 → floor(8.92)  =  8, paid  9/8  = 1.125 > 1.1
		// x = 10 → floor(9.90)  =  9, paid 10/9  = 1.111 > 1.1
		// x = 11 → floor(10.88) = 10, paid 11/10 = 1.1   ≤ 1.1
		// x = 12 → floor(11.86) = 11, paid 12/11 = 1.09  ≤ 1.1
		// The end price after 11 is 1011/990 = 1.02: only the average binds, and it holds at 11
		// but not at 10. A search assuming a prefix would be wrong.
		let ok = |x| buy_within(1_000, 1_000, Permill::zero(), 1_100_000_000, x);
		assert_eq!((ok(9), ok(10), ok(11), ok(12)), (false, false, true, true));
		let out = |x| buy(1_000, 1_000, x, Permill::zero()).unwrap().amount_out;
		assert_eq!((out(9), out(10), out(11), out(12)), (8, 9, 10, 11));
	}

	// --- limits against brute force -----------------------------------------------------------
	//
	// Reference arithmetic written from the formulas, in plain u128 (U256 where a product can
	// exceed it), independent of the functions under test.

	const S: u128 = PRICE_SCALE as u128;
	const M: u128 = 1_000_000;

	/// fee = ceil(ppm·x / 10^6), dT = x − fee, alpha = floor(A·dT / (T + dT)); (T', A', alpha).
	fn ref_buy(t: u64, a: u64, ppm: u128, x: u64) -> (u128, u128, u128) {
		let (t, a, x) = (t as u128, a as u128, x as u128);
		let dt = x - (ppm * x).div_ceil(M);
		let out = a * dt / (t + dt);
		(t + x, a - out, out)
	}

	/// gross = floor(T·y / (A + y)), fee = ceil(ppm·gross / 10^6); (T', A', TAO out).
	fn ref_sell(t: u64, a: u64, ppm: u128, y: u64) -> (u128, u128, u128) {
		let (t, a, y) = (t as u128, a as u128, y as u128);
		let gross = t * y / (a + y);
		let out = gross - (ppm * gross).div_ceil(M);
		(t - out, a + y, out)
	}

	fn big(v: u128) -> U256 {
		U256::from(v)
	}

	/// What a search returned for each cap: the claims of the comment above `Curve`, checked
	/// against every amount up to the end-price boundary. Returns (caps checked, caps where the
	/// average bound bound, of those how many got the largest satisfying amount overall), or
	/// `None` if the boundary is beyond `upto` (not scanned).
	fn check_limit_claims(
		what: &str,
		upto: u64,
		end_ok: impl Fn(u64) -> bool,
		ok: impl Fn(u64) -> bool,
		safe: impl Fn(u64) -> bool,
		max: impl Fn(u64) -> u64,
	) -> Option<(u32, u32, u32)> {
		let Some(end) = (0..=upto).take_while(|&x| end_ok(x)).last() else {
			assert_eq!(max(u64::MAX), 0, "{what}: the price is past the limit already");
			return Some((1, 0, 0));
		};
		if end == upto {
			return None;
		}
		// The end-price bound is monotone: nothing just above the boundary satisfies it.
		assert!((end + 1..=upto.min(end + 200)).all(|x| !end_ok(x)), "{what}: end not monotone");
		let feasible: Vec<bool> = (0..=end).map(&ok).collect();
		let safe_ok: Vec<bool> = (0..=end).map(&safe).collect();
		for x in 0..=end as usize {
			assert!(!safe_ok[x] || feasible[x], "{what}: the rounding-proof bound at {x} lies");
		}
		let last_below = |v: &Vec<bool>, cap: u64| {
			(0..=cap.min(end)).rev().find(|&x| v[x as usize]).unwrap_or(0)
		};
		let overall = max(u64::MAX);
		let step = (end as usize / 150).max(1);
		let mut caps: Vec<u64> = (0..=end + 2).step_by(step).collect();
		caps.extend([u64::MAX, overall.saturating_sub(1), overall, overall + 1, end, end + 1]);
		let (mut cases, mut hard, mut global) = (0, 0, 0);
		for cap in caps {
			let got = max(cap);
			let ctx = format!("{what} cap {cap}: got {got}, end {end}, overall {overall}");
			assert!(got <= cap, "{ctx}");
			assert!(ok(got), "1. satisfies both bounds: {ctx}");
			assert!(got == cap || !ok(got + 1), "2. one more unit violates a bound: {ctx}");
			assert!(
				got >= last_below(&safe_ok, cap),
				"3. at least the rounding-proof amount: {ctx}"
			);
			if ok(cap) {
				assert_eq!(got, cap, "4. a complying request is filled whole: {ctx}");
			}
			let top = cap.min(end);
			if ok(top) {
				assert_eq!(got, top, "5. the end price binds: the largest overall: {ctx}");
			} else {
				hard += 1;
				if got == last_below(&feasible, cap) {
					global += 1;
				}
			}
			if !ok(cap) && cap >= overall {
				assert_eq!(got, overall, "6. a partial fill executes max_*_at: {ctx}");
			}
			cases += 1;
		}
		Some((cases, hard, global))
	}

	/// Limits from `spot · (1 ± δ)` for δ from 0 to 100 % in parts per 10^5, both ways close to
	/// the spot where the average binds.
	fn limits_around(spot: u64, up: bool) -> Vec<u64> {
		let deltas = [0u64, 1, 3, 5, 10, 20, 30, 50, 70, 100, 200, 300, 1_000, 3_000, 10_000];
		let mut limits: Vec<u64> = deltas
			.iter()
			.chain([30_000, 99_000].iter().filter(|_| !up).chain([100_000].iter().filter(|_| up)))
			.map(|d| {
				let change = (spot as u128 * *d as u128 / 100_000) as u64;
				if up {
					spot + change
				} else {
					spot - change
				}
			})
			.collect();
		limits.push(if up { spot + 1 } else { spot - 1 });
		limits
	}

	fn report(what: &str, totals: (u32, u32, u32)) {
		let (cases, hard, global) = totals;
		// Not a claim, a measurement (run with --nocapture to see it).
		std::println!(
			"{what}: {cases} caps, average bound binding in {hard}, largest overall in {global}"
		);
		assert!(cases > 2_000 && hard > 500, "{what}: the test must exercise the sawtooth");
	}

	/// Runs `claims` on every small pool, at every fee level and at every limit around the
	/// pool's spot price, and reports the sum of what [`check_limit_claims`] measured.
	fn exhaust(
		what: &str,
		pools: [(u64, u64); 5],
		buying: bool,
		claims: impl Fn(u64, u64, u128, u64) -> Option<(u32, u32, u32)>,
	) {
		let mut totals = (0, 0, 0);
		for (t, a) in pools {
			for ppm in [0u128, 500, 30_000] {
				for limit in limits_around(spot_price(t, a), buying) {
					if let Some((c, h, g)) = claims(t, a, ppm, limit) {
						totals = (totals.0 + c, totals.1 + h, totals.2 + g);
					}
				}
			}
		}
		report(what, totals);
	}

	#[test]
	fn limit_buy_claims_hold_exhaustively_on_small_pools() {
		let pools =
			[(1_000, 1_000), (1_000, 3_333), (7_919, 1_009), (50, 20_000), (30_011, 29_989)];
		exhaust("buy", pools, true, |t, a, ppm, limit| {
			let k = M - ppm;
			// ō(x) = A·k·x / (T·10^6 + k·x), loss 1 (the floor) + ceil(A/T) (the fee's ceil).
			let loss = if ppm == 0 { 1 } else { 1 + (a as u128).div_ceil(t as u128) };
			let l = limit as u128;
			let end_ok = |x| {
				let (t2, a2, _) = ref_buy(t, a, ppm, x);
				t2 * S <= l * a2
			};
			let ok = |x: u64| {
				let (t2, a2, out) = ref_buy(t, a, ppm, x);
				x == 0 || (t2 * S <= l * a2 && x as u128 * S <= l * out)
			};
			// L·(ō(x) − loss) ≥ S·x, cross-multiplied.
			let safe = |x: u64| {
				let den = t as u128 * M + k * x as u128;
				let num = a as u128 * k * x as u128;
				num >= loss * den && big(l) * big(num - loss * den) >= big(S * x as u128) * big(den)
			};
			let what = format!("buy T={t} A={a} ppm={ppm} limit={limit}");
			let fee = Permill::from_parts(ppm as u32);
			let max = |cap| max_buy_at(t, a, fee, limit, cap);
			check_limit_claims(&what, 40_000, end_ok, ok, safe, max)
		});
	}

	#[test]
	fn limit_sell_claims_hold_exhaustively_on_small_pools() {
		let pools =
			[(1_000, 1_000), (3_333, 1_000), (7_919, 1_009), (20_000, 50), (29_989, 30_011)];
		exhaust("sell", pools, false, |t, a, ppm, limit| {
			let k = M - ppm;
			// ō(y) = T·k·y / (A·10^6 + 10^6·y), loss 1 (the floor) + 1 (the fee's ceil).
			let loss = if ppm == 0 { 1 } else { 2 };
			let l = limit as u128;
			let end_ok = |y| {
				let (t2, a2, _) = ref_sell(t, a, ppm, y);
				t2 * S >= l * a2
			};
			let ok = |y: u64| {
				let (t2, a2, out) = ref_sell(t, a, ppm, y);
				y == 0 || (t2 * S >= l * a2 && out * S >= l * y as u128)
			};
			// S·(ō(y) − loss) ≥ L·y, cross-multiplied.
			let safe = |y: u64| {
				let den = M * (a as u128 + y as u128);
				let num = t as u128 * k * y as u128;
				num >= loss * den && big(S) * big(num - loss * den) >= big(l * y as u128) * big(den)
			};
			let what = format!("sell T={t} A={a} ppm={ppm} limit={limit}");
			let fee = Permill::from_parts(ppm as u32);
			let max = |cap| max_sell_at(t, a, fee, limit, cap);
			check_limit_claims(&what, 40_000, end_ok, ok, safe, max)
		});
	}

	/// A move on the reference arithmetic: sell on `origin` (root 1:1), buy on `dest` with the
	/// TAO; both sides after, and the alpha received.
	fn ref_move(
		origin: Side,
		dest: Side,
		ppm: (u128, u128),
		y: u64,
	) -> ((u128, u128), (u128, u128), u128) {
		let (o, tao) = match origin {
			None => ((1, 1), y as u128),
			Some((t, a)) => {
				let (t2, a2, out) = ref_sell(t, a, ppm.0, y);
				((t2, a2), out)
			},
		};
		let (d, out) = match dest {
			None => ((1, 1), tao),
			Some((t, a)) => {
				let (t2, a2, out) = ref_buy(t, a, ppm.1, tao as u64);
				((t2, a2), out)
			},
		};
		(o, d, out)
	}

	#[test]
	fn limit_move_claims_hold_exhaustively_on_small_pools() {
		let mut totals = (0, 0, 0);
		for (origin, dest) in [
			(Some((1_000u64, 1_000u64)), Some((2_000u64, 1_000u64))),
			(Some((3_000, 1_000)), None),
			(None, Some((700, 1_400))),
			(Some((5_003, 4_999)), Some((4_001, 3_989))),
			(Some((1_009, 7_919)), Some((3_001, 2_003))),
		] {
			for fee in [0u128, 500, 20_000] {
				// One fee: on the sell leg, or on the buy leg when the origin is root.
				let ppm = if origin.is_some() { (fee, 0) } else { (0, fee) };
				let fees = (Permill::from_parts(ppm.0 as u32), Permill::from_parts(ppm.1 as u32));
				let price = |side: Side| side.map_or(PRICE_SCALE, |(t, a)| spot_price(t, a));
				let ratio = (price(origin) as u128 * S / price(dest) as u128) as u64;
				for limit in limits_around(ratio, false) {
					let l = limit as u128;
					let end_ok = |y| {
						let ((t1, a1), (t2, a2), _) = ref_move(origin, dest, ppm, y);
						big(t1) * big(a2) * big(S) >= big(l) * big(a1) * big(t2)
					};
					let ok = |y: u64| {
						y == 0 || end_ok(y) && ref_move(origin, dest, ppm, y).2 * S >= l * y as u128
					};
					// ō = b̄(t̄(y)) as a fraction, the loss of each leg carried through the
					// destination's largest slope A₂·k₂ / (T₂·10^6) (1 for root).
					let safe = |y: u64| {
						let y = y as u128;
						let (tn, td, sell_loss) = match origin {
							None => (big(y), big(1), 0u128),
							Some((t, a)) => (
								big(t as u128 * (M - ppm.0) * y),
								big(M * (a as u128 + y)),
								if ppm.0 == 0 { 1 } else { 2 },
							),
						};
						let (bn, bd, loss) = match dest {
							None => (tn, td, sell_loss),
							Some((t, a)) => {
								let k = M - ppm.1;
								let buy_loss = if ppm.1 == 0 {
									1
								} else {
									1 + (a as u128).div_ceil(t as u128)
								};
								let carried = (sell_loss * a as u128 * k).div_ceil(t as u128 * M);
								(
									big(a as u128 * k) * tn,
									big(t as u128 * M) * td + big(k) * tn,
									buy_loss + carried,
								)
							},
						};
						bn >= big(loss) * bd && big(S) * (bn - big(loss) * bd) >= big(l * y) * bd
					};
					let what = format!("move {origin:?} → {dest:?} ppm={ppm:?} limit={limit}");
					let max = |cap| max_move_at(origin, dest, fees, limit, cap);
					if let Some((c, h, g)) =
						check_limit_claims(&what, 40_000, end_ok, ok, safe, max)
					{
						totals = (totals.0 + c, totals.1 + h, totals.2 + g);
					}
				}
			}
		}
		report("move", totals);
	}
}
