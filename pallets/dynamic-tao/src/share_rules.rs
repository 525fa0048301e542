//! Emission share rules that resist manipulation (docs/mechanism.md §6.4): the pure functions
//! behind them, each a function of one block's observation of a subnet and the rule's own
//! state. The runtime's rule is still [`crate::emission::PriceEma`]; these are the candidates the
//! simulator compares (docs/economics.md) before one is wired in.

use crate::types::TaoBalance;
use sp_arithmetic::{
	traits::{CheckedDiv, One, Saturating, Zero},
	FixedPointNumber, FixedU128,
};
use substrate_fixed::{transcendental, types::I64F64};

/// `FixedU128` (18 decimals) to the 64.64 binary fixed point the logarithm works in (exact to
/// 2^-64, far below the price's own resolution).
fn to_binary(x: FixedU128) -> I64F64 {
	I64F64::from_num(x.into_inner()) / I64F64::from_num(FixedU128::DIV)
}

/// 64.64 back to `FixedU128`, floored; negative values are 0.
fn from_binary(x: I64F64) -> FixedU128 {
	if x <= I64F64::from_num(0) {
		return FixedU128::zero();
	}
	let scaled = x.saturating_mul(I64F64::from_num(FixedU128::DIV));
	FixedU128::from_inner(scaled.to_num::<u128>())
}

/// One step of the **geometric moving price**: the moving average of `ln(min(p, clamp))`,
/// `L ← L + r · (ln min(p, clamp) − L)`. A k-block spike of m× moves `L` by
/// `(1 − (1 − r)^k) · ln m ≈ k·r·ln m`, where the arithmetic average moves by `k·r·(m − 1)`
/// of the price. An empty pool (`p = 0`) says nothing and leaves `L` as it was.
pub fn next_log_price(
	previous: I64F64,
	spot: FixedU128,
	rate: FixedU128,
	clamp: FixedU128,
) -> I64F64 {
	let sample = spot.min(clamp);
	if sample.is_zero() {
		return previous;
	}
	let Ok(ln) = transcendental::ln::<I64F64, I64F64>(to_binary(sample)) else {
		return previous;
	};
	previous.saturating_add(to_binary(rate).saturating_mul(ln.saturating_sub(previous)))
}

/// The weight of a geometric moving price `L`: `e^L`, the price it stands for.
pub fn log_price_weight(log_price: I64F64) -> FixedU128 {
	transcendental::exp::<I64F64, I64F64>(log_price).map(from_binary).unwrap_or_default()
}

/// The **depth-capped price**: above the median of the emitting subnets' prices, a pool with
/// less TAO than `min_depth` counts only its depth's fraction of the excess,
/// `median + (p − median) · T / min_depth`. Raising a pool's price m× costs `T·(√m − 1)`, so
/// without the cap a shallow pool is the cheapest to push up; with it, the emission an excess
/// earns scales with the TAO behind it. Prices at or below the median count as they are (a
/// falling price is not shielded).
pub fn depth_capped(
	price: FixedU128,
	median: FixedU128,
	depth: TaoBalance,
	min_depth: TaoBalance,
) -> FixedU128 {
	if price <= median || depth >= min_depth || min_depth.is_zero() {
		return price;
	}
	let excess = price.saturating_sub(median);
	let part = FixedU128::checked_from_rational(depth.get(), min_depth.get()).unwrap_or_default();
	median.saturating_add(excess.saturating_mul(part))
}

/// The lower median of `prices` (0 for none); sorts them.
pub fn median(prices: &mut [FixedU128]) -> FixedU128 {
	if prices.is_empty() {
		return FixedU128::zero();
	}
	prices.sort();
	prices[(prices.len() - 1) / 2]
}

/// The state of the **matured net flow** rule: two moving averages of a subnet's net TAO flow
/// per block (stakes in minus unstakes out, rao), in 64.64.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FlowState {
	/// `EMA(flow)`.
	pub ema: I64F64,
	/// `EMA(EMA(flow))`.
	pub ema2: I64F64,
}

impl FlowState {
	/// One block: both averages step with rate `r`, the second on the first's new value.
	pub fn next(self, flow: i64, rate: FixedU128) -> Self {
		let r = to_binary(rate);
		let ema = self.ema.saturating_add(r.saturating_mul(I64F64::from_num(flow) - self.ema));
		let ema2 = self.ema2.saturating_add(r.saturating_mul(ema - self.ema2));
		Self { ema, ema2 }
	}

	/// The credit `min(EMA, EMA(EMA))`: an inflow earns only as it matures through the second
	/// average, an outflow counts at once through the first (the live network's #2704
	/// proposal). Negative credit earns nothing.
	pub fn credit(self) -> I64F64 {
		self.ema.min(self.ema2).max(I64F64::from_num(0))
	}
}

/// The **concentration gate** `g = w / (1 + (θ / w)^h)` (the live network's Hill gate): a weight
/// well above `θ` keeps nearly all of itself, one well below it almost nothing, `w = θ` half.
/// 0 for `w = 0`.
pub fn hill_gate(weight: FixedU128, theta: FixedU128, h: u32) -> FixedU128 {
	if weight.is_zero() {
		return weight;
	}
	let Some(ratio) = theta.checked_div(&weight) else { return FixedU128::zero() };
	let denominator = FixedU128::one().saturating_add(ratio.saturating_pow(h as usize));
	weight.checked_div(&denominator).unwrap_or_default()
}

#[cfg(test)]
mod tests {
	use super::*;

	fn fx(n: u128, d: u128) -> FixedU128 {
		FixedU128::from_rational(n, d)
	}

	fn close(a: f64, b: f64, tolerance: f64) -> bool {
		(a - b).abs() <= tolerance
	}

	fn f(x: I64F64) -> f64 {
		x.to_num::<f64>()
	}

	#[test]
	fn a_steady_price_leaves_the_log_average_where_it_is() {
		// ln 0.5 = −0.693147…; sampling 0.5 again changes nothing, up to the logarithm's error
		// (substrate-fixed's `ln` is exact to about 10^-8, 1 % of which reaches the average).
		let l = next_log_price(
			I64F64::from_num(-0.693_147_180_559_945_3),
			fx(1, 2),
			fx(1, 100),
			fx(1, 1),
		);
		assert!(close(f(l), -0.693_147_180_559_945_3, 1e-9), "{l}");
		assert!(close(log_price_weight(l).to_float(), 0.5, 1e-9));
	}

	#[test]
	fn a_spike_moves_the_geometric_average_by_k_r_ln_m_not_k_r_m_minus_one() {
		// From a steady 0.25, ten blocks at 1.0 (m = 4) with r = 1 %: the log average moves by
		// (1 − 0.99^10) · ln 4 = 0.095618 · 1.386294 = 0.132555, so it stands for
		// 0.25 · e^0.132555 = 0.285435 (+14.2 %). The arithmetic average moves by
		// 0.095618 · 0.75 = 0.071714, to 0.321714 (+28.7 %): twice as far.
		let mut l = I64F64::from_num(-1.386_294_361_119_890_6);
		for _ in 0..10 {
			l = next_log_price(l, fx(1, 1), fx(1, 100), fx(1, 1));
		}
		assert!(close(f(l) + 1.386_294_361_119_890_6, 0.132_555, 1e-6), "{l}");
		assert!(close(log_price_weight(l).to_float(), 0.285_435, 1e-6));
		// The clamp caps the sample as it caps the arithmetic average's: a spike to 10 with a
		// clamp of 1 moves it as a spike to 1 does.
		let mut capped = I64F64::from_num(-1.386_294_361_119_890_6);
		for _ in 0..10 {
			capped = next_log_price(capped, fx(10, 1), fx(1, 100), fx(1, 1));
		}
		assert_eq!(capped, l);
		// An empty pool is no sample.
		assert_eq!(next_log_price(l, FixedU128::zero(), fx(1, 100), fx(1, 1)), l);
	}

	#[test]
	fn a_shallow_pool_counts_only_its_depths_part_of_a_price_above_the_median() {
		// Median 0.1, price 0.4, 250 TAO of 1 000 required: 0.1 + 0.3 · 1/4 = 0.175.
		let tao = |x: u64| TaoBalance(x * 1_000_000_000);
		assert_eq!(depth_capped(fx(4, 10), fx(1, 10), tao(250), tao(1_000)), fx(175, 1_000));
		// Deep enough: the price itself. Below the median: the price itself.
		assert_eq!(depth_capped(fx(4, 10), fx(1, 10), tao(1_000), tao(1_000)), fx(4, 10));
		assert_eq!(depth_capped(fx(5, 100), fx(1, 10), tao(1), tao(1_000)), fx(5, 100));
		// Pushing a 250 TAO pool's price 4-fold (250 TAO of cost, T(√4 − 1)) from the median
		// raises what it counts by only (4 − 1) · 1/4 = 0.75×.
		assert_eq!(
			depth_capped(fx(4, 10), fx(1, 10), tao(250), tao(1_000)) / fx(1, 10),
			fx(175, 100)
		);
		let mut prices = [fx(3, 10), fx(1, 10), fx(2, 10), fx(9, 10)];
		assert_eq!(median(&mut prices), fx(2, 10));
		assert_eq!(median(&mut []), FixedU128::zero());
	}

	#[test]
	fn an_inflow_matures_slowly_and_an_outflow_counts_at_once() {
		// r = 1/2. 100 rao in at block 1: EMA = 50, EMA² = 25, credit 25.
		let half = fx(1, 2);
		let s = FlowState::default().next(100, half);
		assert_eq!((f(s.ema), f(s.ema2), f(s.credit())), (50.0, 25.0, 25.0));
		// Again: EMA = 75, EMA² = 50, credit 50: it creeps up through the second average.
		let s = s.next(100, half);
		assert_eq!((f(s.ema), f(s.ema2), f(s.credit())), (75.0, 50.0, 50.0));
		// From a matured 100/100, 300 rao out: EMA = −100 at once and the credit is 0.
		let matured = FlowState { ema: I64F64::from_num(100), ema2: I64F64::from_num(100) };
		let s = matured.next(-300, half);
		assert_eq!((f(s.ema), f(s.ema2), f(s.credit())), (-100.0, 0.0, 0.0));
		// A round trip, 100 in and 100 out the next block: credited 25 in the first block, then
		// EMA = 50 + (−100 − 50)/2 = −25 and EMA² = 25 + (−25 − 25)/2 = 0: nothing, and nothing
		// in the block after (−12.5, −6.25).
		let trip = FlowState::default().next(100, half).next(-100, half);
		assert_eq!((f(trip.ema), f(trip.ema2), f(trip.credit())), (-25.0, 0.0, 0.0));
		assert_eq!(f(trip.next(0, half).credit()), 0.0);
	}

	#[test]
	fn the_gate_halves_a_weight_at_theta_and_shuts_one_far_below() {
		let theta = fx(1, 100);
		// w = θ: w / (1 + 1) = w / 2.
		assert_eq!(hill_gate(theta, theta, 3), fx(1, 200));
		// w = 2θ, h = 3: w / (1 + 1/8) = 8w/9 = 0.0177….
		assert!(close(hill_gate(fx(2, 100), theta, 3).to_float(), 0.02 * 8.0 / 9.0, 1e-15));
		// w = θ/2: w / (1 + 8) = w / 9.
		assert!(close(hill_gate(fx(5, 1_000), theta, 3).to_float(), 0.005 / 9.0, 1e-15));
		assert_eq!(hill_gate(FixedU128::zero(), theta, 3), FixedU128::zero());
	}
}
