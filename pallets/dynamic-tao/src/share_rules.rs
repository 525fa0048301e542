//! Emission share rules (docs/mechanism.md §6.4): how the block's TAO is shared across the
//! emitting subnets. The rule is chosen at runtime in [`crate::types::EmissionParams`] and
//! applied by [`SelectedRule`](crate::emission::SelectedRule); a forker can plug its own through
//! [`crate::emission::SubnetShares`]. Everything but the trait's implementation is pure: each
//! rule is a function of one block's observation of the subnets and their [`ShareState`].

use crate::types::{NetUid, SubnetPool, TaoBalance};
use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_arithmetic::{
	traits::{CheckedDiv, One, Saturating, Zero},
	FixedPointNumber, FixedU128, Perbill,
};
use substrate_fixed::{transcendental, types::I64F64};

/// What a share rule averages, per subnet and block.
#[derive(
	Clone,
	Copy,
	Debug,
	Default,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
	serde::Serialize,
	serde::Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub enum ShareSignal {
	/// The moving price: the clamped spot price's moving average (the live network's rule).
	#[default]
	PriceEma,
	/// The geometric moving price: the moving average of the clamped spot price's logarithm,
	/// at the moving price's rate and ramp, counted at most at the moving price (which keeps a
	/// young subnet's slow start).
	LogPriceEma,
	/// The matured net TAO flow: `max(0, min(EMA, EMA(EMA)))` of the TAO stakers put into the
	/// pool minus what they took out, per block, both averages at `rate` per block.
	NetFlow {
		/// The averages' rate per block.
		rate: Perbill,
	},
}

impl ShareSignal {
	/// Whether two signals keep the same state (a change of rate keeps it).
	pub fn same_kind(&self, other: &Self) -> bool {
		core::mem::discriminant(self) == core::mem::discriminant(other)
	}

	/// Whether the signal is a price (a depth cap applies to it).
	pub fn is_price(&self) -> bool {
		!matches!(self, Self::NetFlow { .. })
	}
}

/// The concentration gate `g = w / (1 + (θ / w)^h)` with `θ` the `rank`-th largest weight
/// (the live network's Hill gate, with its bar pinned to a rank as in its #3014).
#[derive(
	Clone,
	Copy,
	Debug,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
	serde::Serialize,
	serde::Deserialize,
)]
pub struct HillGate {
	/// Which weight is the bar `θ`, 1 for the largest. With fewer subnets, no gate.
	pub rank: u16,
	/// The steepness `h`, 1 to [`HillGate::MAX_EXPONENT`].
	pub exponent: u8,
}

impl HillGate {
	/// The steepest gate accepted: `(θ/w)^8` already shuts a subnet at half the bar to 1/257.
	pub const MAX_EXPONENT: u8 = 8;
}

/// A share rule: a signal, optionally capped by pool depth (price signals) and gated.
#[derive(
	Clone,
	Copy,
	Debug,
	Default,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
	serde::Serialize,
	serde::Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub struct ShareRule {
	/// What is averaged.
	pub signal: ShareSignal,
	/// A pool with less TAO than this counts only its depth's part of a price above the
	/// median ([`depth_capped`]); price signals only.
	#[serde(default)]
	pub min_depth: Option<TaoBalance>,
	/// The concentration gate, applied last.
	#[serde(default)]
	pub gate: Option<HillGate>,
}

/// Why a rule is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InvalidRule {
	/// A net flow rate of zero would never move.
	ZeroFlowRate,
	/// A depth cap on a flow, or of zero TAO.
	DepthCap,
	/// A gate of rank 0, or an exponent outside `1..=MAX_EXPONENT`.
	Gate,
}

impl ShareRule {
	/// Checks the rule's parameters.
	pub fn validate(&self) -> Result<(), InvalidRule> {
		if let ShareSignal::NetFlow { rate } = self.signal {
			if rate.is_zero() {
				return Err(InvalidRule::ZeroFlowRate);
			}
		}
		if let Some(depth) = self.min_depth {
			if depth.is_zero() || !self.signal.is_price() {
				return Err(InvalidRule::DepthCap);
			}
		}
		if let Some(gate) = self.gate {
			if gate.rank == 0 || gate.exponent == 0 || gate.exponent > HillGate::MAX_EXPONENT {
				return Err(InvalidRule::Gate);
			}
		}
		Ok(())
	}
}

/// A subnet's state for the share rules, in its record (so the hook still reads and writes one
/// value per subnet). A new netuid gets a fresh record, hence a fresh state.
#[derive(
	Clone,
	Copy,
	Debug,
	Default,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
pub struct ShareState {
	/// The signal the averages below were last stepped for; `None` before the first. When it
	/// differs in kind from the rule's, the hook seeds them first ([`seed`]).
	pub signal: Option<ShareSignal>,
	/// The geometric moving price `L = ln P` ([`ShareSignal::LogPriceEma`]), 64.64 bits.
	pub log_price: i128,
	/// Net TAO stakers put into the pool since the hook last ran (rao, out counted negative).
	pub flow: i64,
	/// `EMA(flow)` ([`ShareSignal::NetFlow`]), 64.64 bits.
	pub flow_ema: i128,
	/// `EMA(EMA(flow))`, 64.64 bits.
	pub flow_ema2: i128,
}

impl ShareState {
	/// Adds a trade's TAO to the block's flow: `tao_in` put in, `tao_out` taken out.
	pub fn record_flow(&mut self, tao_in: TaoBalance, tao_out: TaoBalance) {
		let net = i128::from(tao_in.get()) - i128::from(tao_out.get());
		let net = i64::try_from(net).unwrap_or(if net > 0 { i64::MAX } else { i64::MIN });
		self.flow = self.flow.saturating_add(net);
	}

	/// The flow averages.
	pub fn flow_state(&self) -> FlowState {
		FlowState { ema: I64F64::from_bits(self.flow_ema), ema2: I64F64::from_bits(self.flow_ema2) }
	}

	/// Stores the flow averages.
	pub fn set_flow_state(&mut self, s: FlowState) {
		self.flow_ema = s.ema.to_bits();
		self.flow_ema2 = s.ema2.to_bits();
	}

	/// The geometric moving price's logarithm.
	pub fn log_price(&self) -> I64F64 {
		I64F64::from_bits(self.log_price)
	}
}

/// Seeds a subnet's state for `signal` so that its weight in the first block equals its price
/// weight (docs/mechanism.md §6.4, "Switching rules"): `L = ln P` (the first spot sample when
/// the moving price is still 0, which the weight's `min` with `P` keeps at 0); both flow
/// averages at `E · P / ΣP`, the subnet's price share of the block's TAO, in rao.
pub fn seed(
	state: &mut ShareState,
	signal: ShareSignal,
	moving_price: FixedU128,
	spot: FixedU128,
	clamp: FixedU128,
	price_share: TaoBalance,
) {
	match signal {
		ShareSignal::PriceEma => {},
		ShareSignal::LogPriceEma => {
			let sample = if moving_price.is_zero() { spot.min(clamp) } else { moving_price };
			state.log_price = log(sample).unwrap_or_default().to_bits();
		},
		ShareSignal::NetFlow { .. } => {
			let s = I64F64::from_num(price_share.get());
			state.set_flow_state(FlowState { ema: s, ema2: s });
		},
	}
	state.signal = Some(signal);
}

/// Seeds the state of every subnet whose averages were stepped for another kind of signal (a
/// rule changed, a netuid is new, a record was migrated), with `emission` the block's TAO;
/// returns how many it seeded.
pub fn seed_stale(
	signal: ShareSignal,
	clamp: FixedU128,
	emission: TaoBalance,
	subnets: &mut [(NetUid, SubnetPool)],
) -> usize {
	let stale = |p: &SubnetPool| !p.share.signal.is_some_and(|s| s.same_kind(&signal));
	if !subnets.iter().any(|(_, p)| stale(p)) {
		return 0;
	}
	let shares = price_shares(emission, subnets);
	let mut seeded = 0;
	for ((_, p), share) in subnets.iter_mut().zip(shares) {
		if stale(p) {
			let spot = crate::emission::spot_ratio(p.tao_reserve, p.alpha_in);
			seed(&mut p.share, signal, p.moving_price, spot, clamp, share);
			seeded += 1;
		}
	}
	seeded
}

/// What the rule sees of one emitting subnet in a block.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Observation {
	/// The rule's signal: a price, or the flow credit in rao per block.
	pub signal: FixedU128,
	/// The pool's TAO reserve.
	pub depth: TaoBalance,
	/// The moving price, the weight when every signal is 0.
	pub moving_price: FixedU128,
}

/// The weights of the emitting subnets under `rule`, in the order observed: the signals, the
/// depth cap toward their median, the gate at the `rank`-th largest; if all of that is 0 (no
/// subnet has a positive flow), the moving prices, so that emission never stops for want of
/// flow (as the live network fell back).
pub fn weights(rule: &ShareRule, observed: &[Observation]) -> Vec<u128> {
	let mut w: Vec<FixedU128> = observed.iter().map(|o| o.signal).collect();
	if let (Some(min_depth), true) = (rule.min_depth, rule.signal.is_price()) {
		let mut sorted = w.clone();
		let m = median(&mut sorted);
		for (w, o) in w.iter_mut().zip(observed) {
			*w = depth_capped(*w, m, o.depth, min_depth);
		}
	}
	if let Some(gate) = rule.gate {
		let mut sorted = w.clone();
		sorted.sort_by(|a, b| b.cmp(a));
		if let Some(theta) = sorted.get(usize::from(gate.rank).saturating_sub(1)).copied() {
			w.iter_mut().for_each(|w| *w = hill_gate(*w, theta, u32::from(gate.exponent)));
		}
	}
	if w.iter().all(|w| w.is_zero()) {
		return observed.iter().map(|o| o.moving_price.into_inner()).collect();
	}
	w.into_iter().map(|w| w.into_inner()).collect()
}

/// The rule's signal for a subnet whose state is current: the moving price; `min(e^L, P)`; the
/// flow credit in rao per block.
pub fn signal_of(signal: ShareSignal, pool: &SubnetPool) -> FixedU128 {
	match signal {
		ShareSignal::PriceEma => pool.moving_price,
		ShareSignal::LogPriceEma => log_price_weight(pool.share.log_price()).min(pool.moving_price),
		ShareSignal::NetFlow { .. } => from_binary(pool.share.flow_state().credit()),
	}
}

/// The subnets' price shares of `emission`: `E · P_i / ΣP`, floored.
pub fn price_shares(emission: TaoBalance, subnets: &[(NetUid, SubnetPool)]) -> Vec<TaoBalance> {
	let total =
		subnets.iter().fold(0u128, |s, (_, p)| s.saturating_add(p.moving_price.into_inner()));
	subnets
		.iter()
		.map(|(_, p)| crate::emission::subnet_tao(emission, p.moving_price.into_inner(), total))
		.collect()
}

/// `ln x` in 64.64 (`None` for 0).
fn log(x: FixedU128) -> Option<I64F64> {
	if x.is_zero() {
		return None;
	}
	transcendental::ln::<I64F64, I64F64>(to_binary(x)).ok()
}

/// `FixedU128` (18 decimals) to the 64.64 binary fixed point the logarithm and the flow work in
/// (exact to 2^-64, far below a price's own resolution), saturating above 2^63.
fn to_binary(x: FixedU128) -> I64F64 {
	let (int, frac) = (x.into_inner() / FixedU128::DIV, x.into_inner() % FixedU128::DIV);
	if int >= 1 << 63 {
		return I64F64::max_value();
	}
	// frac < 10^18 < 2^60, so frac · 2^64 < 2^124.
	I64F64::from_bits(((int << 64) | ((frac << 64) / FixedU128::DIV)) as i128)
}

/// 64.64 back to `FixedU128`, floored; negative values are 0.
fn from_binary(x: I64F64) -> FixedU128 {
	let Ok(bits) = u128::try_from(x.to_bits()) else { return FixedU128::zero() };
	// The integer part is below 2^63 and the fraction below 2^64: neither product overflows.
	let (int, frac) = (bits >> 64, bits & u128::from(u64::MAX));
	FixedU128::from_inner(int * FixedU128::DIV + ((frac * FixedU128::DIV) >> 64))
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
	let Some(ln) = log(spot.min(clamp)) else {
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
		// (substrate-fixed's `ln` is exact to a few 10^-8, 1 % of which reaches the average).
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

	fn obs(signal: FixedU128, depth_tao: u64) -> Observation {
		Observation {
			signal,
			depth: TaoBalance(depth_tao * 1_000_000_000),
			moving_price: fx(1, 1_000),
		}
	}

	#[test]
	fn the_depth_cap_pulls_shallow_pools_toward_the_median_and_the_gate_toward_the_bar() {
		// Signals 0.1, 0.2, 0.3, 0.9 (lower median 0.2) with 1 000 TAO required: the 100 TAO
		// pool at 0.3 counts 0.2 + 0.1 · 1/10 = 0.21, the 250 TAO one at 0.9 counts
		// 0.2 + 0.7 · 1/4 = 0.375; the deep ones and those at or below the median are kept.
		let capped = ShareRule {
			signal: ShareSignal::PriceEma,
			min_depth: Some(TaoBalance(1_000_000_000_000)),
			gate: None,
		};
		let observed = [
			obs(fx(1, 10), 1_000),
			obs(fx(2, 10), 1_000),
			obs(fx(3, 10), 100),
			obs(fx(9, 10), 250),
		];
		let expected = [fx(1, 10), fx(2, 10), fx(21, 100), fx(375, 1_000)];
		assert_eq!(weights(&capped, &observed), expected.map(|x| x.into_inner()).to_vec());
		// Gate at the second largest (θ = 0.2), h = 1: w / (1 + θ/w) = 0.4/1.5, 0.2/2, 0.1/3.
		let gated = ShareRule { gate: Some(HillGate { rank: 2, exponent: 1 }), ..capped };
		let gated = ShareRule { min_depth: None, ..gated };
		let observed = [obs(fx(4, 10), 1), obs(fx(2, 10), 1), obs(fx(1, 10), 1)];
		// Floored: 0.266… and 0.0333… to the 18th decimal.
		let expected = [
			FixedU128::from_inner(266_666_666_666_666_666),
			fx(1, 10),
			FixedU128::from_inner(33_333_333_333_333_333),
		];
		assert_eq!(weights(&gated, &observed), expected.map(|x| x.into_inner()).to_vec());
		// A bar ranked below the last subnet: no gate.
		let wide = ShareRule { gate: Some(HillGate { rank: 4, exponent: 1 }), ..gated };
		assert_eq!(
			weights(&wide, &observed),
			[fx(4, 10), fx(2, 10), fx(1, 10)].map(|x| x.into_inner()).to_vec()
		);
		// No signal anywhere (no subnet has a positive flow): the moving prices.
		let none = [obs(FixedU128::zero(), 1), obs(FixedU128::zero(), 1)];
		let flow = ShareRule {
			signal: ShareSignal::NetFlow { rate: Perbill::from_percent(100) },
			..gated
		};
		assert_eq!(weights(&flow, &none), vec![fx(1, 1_000).into_inner(); 2]);
	}

	#[test]
	fn conversions_to_and_from_binary_are_exact_to_the_last_decimal_and_do_not_overflow() {
		for x in [0u128, 1, 250_000_000_000_000_000, 10u128.pow(18), 750_000_000 * 10u128.pow(18)] {
			let fixed = FixedU128::from_inner(x);
			assert!(from_binary(to_binary(fixed)).into_inner().abs_diff(x) <= 1, "{x}");
		}
		// 7.5 · 10^8 rao of flow reads as 7.5 · 10^8, not the saturated 9.2 · 10^18.
		assert_eq!(from_binary(I64F64::from_num(750_000_000)), FixedU128::from_u32(750_000_000));
		assert_eq!(from_binary(I64F64::from_num(-1)), FixedU128::zero());
		assert_eq!(to_binary(FixedU128::from_inner(u128::MAX)), I64F64::max_value());
		// The logarithm, to a few 10^-8: ln 0.25 = −1.3862943611, ln 0.75 = −0.2876820725.
		assert!(close(f(log(fx(1, 4)).unwrap()), -1.386_294_361_119_890_6, 5e-8));
		assert!(close(f(log(fx(3, 4)).unwrap()), -0.287_682_072_451_780_9, 5e-8));
	}

	#[test]
	fn rules_are_checked() {
		let flow = |p| ShareSignal::NetFlow { rate: Perbill::from_parts(p) };
		let tao = Some(TaoBalance(1));
		assert_eq!(
			ShareRule { signal: flow(0), ..Default::default() }.validate(),
			Err(InvalidRule::ZeroFlowRate)
		);
		assert_eq!(
			ShareRule { signal: flow(1), min_depth: tao, gate: None }.validate(),
			Err(InvalidRule::DepthCap)
		);
		let zero_depth = ShareRule { min_depth: Some(TaoBalance(0)), ..Default::default() };
		assert_eq!(zero_depth.validate(), Err(InvalidRule::DepthCap));
		for (rank, exponent) in [(0, 3), (1, 0), (1, HillGate::MAX_EXPONENT + 1)] {
			let gate = Some(HillGate { rank, exponent });
			assert_eq!(ShareRule { gate, ..Default::default() }.validate(), Err(InvalidRule::Gate));
		}
		let every = ShareRule {
			signal: ShareSignal::LogPriceEma,
			min_depth: tao,
			gate: Some(HillGate { rank: 1, exponent: HillGate::MAX_EXPONENT }),
		};
		assert_eq!(every.validate(), Ok(()));
		assert_eq!(ShareRule { signal: flow(1), ..Default::default() }.validate(), Ok(()));
	}

	#[test]
	fn seeding_starts_each_signal_at_the_price_rules_weight() {
		let half = fx(1, 2);
		let mut s = ShareState::default();
		// Flow: both averages at the price share, so the first credit is that share.
		let flow = ShareSignal::NetFlow { rate: Perbill::from_percent(1) };
		seed(&mut s, flow, half, half, FixedU128::one(), TaoBalance(250_000_000));
		assert_eq!((f(s.flow_state().ema), f(s.flow_state().ema2)), (250e6, 250e6));
		assert_eq!(s.signal, Some(flow));
		// Log price: ln 0.25, so e^L = 0.25 = P.
		seed(&mut s, ShareSignal::LogPriceEma, fx(1, 4), half, FixedU128::one(), TaoBalance(0));
		assert!(close(f(s.log_price()), -1.386_294_361_119_890_6, 5e-8));
		// A new subnet (P = 0): the first spot sample, clamped; its weight is still P = 0.
		seed(&mut s, ShareSignal::LogPriceEma, FixedU128::zero(), fx(3, 1), half, TaoBalance(0));
		assert!(close(f(s.log_price()), -0.693_147_180_559_945_3, 5e-8));
		let fresh = SubnetPool { share: s, ..Default::default() };
		assert_eq!(signal_of(ShareSignal::LogPriceEma, &fresh), FixedU128::zero());
		// Same kind, other rate: no reseed needed.
		assert!(flow.same_kind(&ShareSignal::NetFlow { rate: Perbill::from_percent(100) }));
		assert!(!flow.same_kind(&ShareSignal::PriceEma));
	}

	#[test]
	fn the_blocks_flow_nets_trades_and_saturates() {
		let mut s = ShareState::default();
		s.record_flow(TaoBalance(10), TaoBalance(0));
		s.record_flow(TaoBalance(0), TaoBalance(3));
		assert_eq!(s.flow, 7);
		s.record_flow(TaoBalance(u64::MAX), TaoBalance(0));
		s.record_flow(TaoBalance(u64::MAX), TaoBalance(0));
		assert_eq!(s.flow, i64::MAX);
		s.flow = 0;
		s.record_flow(TaoBalance(0), TaoBalance(u64::MAX));
		assert_eq!(s.flow, i64::MIN);
	}
}
