//! Block emission as pure functions, docs/mechanism.md §6 (Block emission): the halving curve, the
//! share of each subnet, the moving price, the injection into a pool and the split of a subnet's
//! alpha into the buckets its epoch pays out. The per-block hook in [`crate::coinbase`] applies
//! them to storage.
//!
//! Ratios kept between blocks (the moving price, the root proportion) are [`FixedU128`]
//! (18 decimals); amounts are integers and every division rounds down, so the chain never
//! issues more than the formula says.

pub use crate::units::{mul_div_floor, pro_rata};
use crate::{
	share_rules::{self, ShareSignal},
	types::{AlphaBalance, EmissionParams, Injection, NetUid, Pending, SubnetPool, TaoBalance},
};
use alloc::vec::Vec;
use sp_arithmetic::{
	traits::{One, Saturating},
	FixedPointNumber, FixedU128, PerThing, Perbill,
};

/// TAO (or alpha) issued per block before the first halving: 1.0.
pub const BLOCK_EMISSION: u64 = 1_000_000_000;

/// The cap of TAO (and of each subnet's alpha): 21 M, in rao.
pub const TOTAL_SUPPLY: u64 = 21_000_000 * 1_000_000_000;

/// Emission per block once `issued` has been issued out of `supply`:
/// `base / 2^r` with `r = floor(log2(supply / (supply − issued)))`, and never more than what is
/// left under the cap. With 1 TAO and 21 M: 1 TAO per block until 10.5 M, 0.5 until 15.75 M, …
pub fn halving_emission(issued: u64, base: u64, supply: u64) -> u64 {
	if issued >= supply {
		return 0;
	}
	let left = (supply - issued) as u128;
	// r is the largest integer with 2^r · left ≤ supply (exact, no logarithm needed).
	let mut r = 0u32;
	while r < 63 && (left << (r + 1)) <= supply as u128 {
		r += 1;
	}
	(base >> r).min(left as u64)
}

/// TAO emitted per block at TAO issuance `issued`: docs/mechanism.md §6 (Block emission), step 1.
pub fn block_emission(issued: TaoBalance) -> TaoBalance {
	TaoBalance(halving_emission(issued.get(), BLOCK_EMISSION, TOTAL_SUPPLY))
}

/// Alpha a subnet emits per block at its alpha issuance `issued`: the same curve on its own
/// issuance.
pub fn alpha_emission(issued: AlphaBalance) -> AlphaBalance {
	AlphaBalance(halving_emission(issued.get(), BLOCK_EMISSION, TOTAL_SUPPLY))
}

/// How the block's TAO is shared across emitting subnets: each gets `E · w_i / Σ w`
/// (docs/mechanism.md §6.4). The pallet's own is [`SelectedRule`], which applies the rule the
/// admin chose in [`EmissionParams::share_rule`]; a forker plugs another here.
pub trait SubnetShares {
	/// The weights of the emitting `subnets`, in order, before the block's injection. It may
	/// step their `share` state on what the last block did (its `flow` is reset after this).
	fn weigh(
		params: &EmissionParams,
		subnets: &mut [(NetUid, SubnetPool)],
		emission: TaoBalance,
	) -> Vec<u128>;

	/// Samples a subnet after the block's injection, when its moving price steps at `rate`
	/// toward the spot price clamped at `clamp`.
	fn observe(
		_params: &EmissionParams,
		_subnet: &mut SubnetPool,
		_rate: FixedU128,
		_clamp: FixedU128,
	) {
	}
}

/// The plain price rule, whatever the parameters say: a subnet's weight is its moving price.
/// The smallest [`SubnetShares`], for a forker to start from.
pub struct PriceEma;

impl SubnetShares for PriceEma {
	fn weigh(_: &EmissionParams, subnets: &mut [(NetUid, SubnetPool)], _: TaoBalance) -> Vec<u128> {
		subnets.iter().map(|(_, p)| p.moving_price.into_inner()).collect()
	}
}

/// The rule in [`EmissionParams::share_rule`], chosen at runtime by the admin origin.
pub struct SelectedRule;

impl SubnetShares for SelectedRule {
	fn weigh(
		params: &EmissionParams,
		subnets: &mut [(NetUid, SubnetPool)],
		emission: TaoBalance,
	) -> Vec<u128> {
		let rule = params.share_rule;
		share_rules::seed_stale(rule.signal, params.clamp(), emission, subnets);
		for (_, p) in subnets.iter_mut() {
			if let ShareSignal::NetFlow { rate } = rule.signal {
				let next = p.share.flow_state().next(p.share.flow, ratio(rate));
				p.share.set_flow_state(next);
			}
			p.share.signal = Some(rule.signal);
		}
		let observed: Vec<share_rules::Observation> = subnets
			.iter()
			.map(|(_, p)| share_rules::Observation {
				signal: share_rules::signal_of(rule.signal, p),
				depth: p.tao_reserve,
				moving_price: p.moving_price,
			})
			.collect();
		share_rules::weights(&rule, &observed)
	}

	fn observe(
		params: &EmissionParams,
		subnet: &mut SubnetPool,
		rate: FixedU128,
		clamp: FixedU128,
	) {
		if params.share_rule.signal == ShareSignal::LogPriceEma {
			let spot = spot_ratio(subnet.tao_reserve, subnet.alpha_in);
			let next = share_rules::next_log_price(subnet.share.log_price(), spot, rate, clamp);
			subnet.share.log_price = next.to_bits();
		}
	}
}

/// A `Perbill` as a `FixedU128`.
fn ratio(x: Perbill) -> FixedU128 {
	FixedU128::from_rational(x.deconstruct() as u128, Perbill::ACCURACY as u128)
}

/// A subnet's TAO for the block: `floor(emission · weight / total_weight)`, 0 if the total is 0.
pub fn subnet_tao(emission: TaoBalance, weight: u128, total_weight: u128) -> TaoBalance {
	// weight ≤ total_weight, so the result is at most `emission`.
	TaoBalance::saturating_from(mul_div_floor(emission.as_u128(), weight, total_weight))
}

/// The spot price `T / A` as a fixed-point ratio (0 for an empty alpha reserve).
pub fn spot_ratio(tao_reserve: TaoBalance, alpha_reserve: AlphaBalance) -> FixedU128 {
	FixedU128::checked_from_rational(tao_reserve.get(), alpha_reserve.get()).unwrap_or_default()
}

/// The moving-price rate after `age` blocks of emission: `a · b / (b + h)`. Young subnets move
/// their price slowly, which makes pumping a new subnet's price expensive.
pub fn ema_rate(rate: Perbill, age: u64, halving_blocks: u64) -> FixedU128 {
	let numerator = (rate.deconstruct() as u128) * (age as u128);
	let denominator = (Perbill::ACCURACY as u128) * ((age as u128) + (halving_blocks as u128));
	FixedU128::checked_from_rational(numerator, denominator).unwrap_or_default()
}

/// One step of the moving price: `P ← r · min(p, clamp) + (1 − r) · P`.
pub fn next_moving_price(
	previous: FixedU128,
	spot: FixedU128,
	rate: FixedU128,
	clamp: FixedU128,
) -> FixedU128 {
	let rate = rate.min(FixedU128::one());
	let sample = spot.min(clamp);
	rate.saturating_mul(sample).saturating_add((FixedU128::one() - rate).saturating_mul(previous))
}

/// The injection of a block, docs/mechanism.md §6 (Block emission), step 3: all of the subnet's TAO
/// goes into the pool with `min(tao / p, E_a)` alpha, so the price holds unless the cap binds, then
/// it rises; `E_a` alpha goes out to participants. Alpha issuance never passes `alpha_cap`:
/// `alpha_out` is served first, then `alpha_in`.
pub fn injection(
	tao: TaoBalance,
	tao_reserve: TaoBalance,
	alpha_reserve: AlphaBalance,
	alpha_issuance: AlphaBalance,
	alpha_cap: AlphaBalance,
) -> Injection {
	let left = alpha_cap.saturating_sub(alpha_issuance);
	let e_a = alpha_emission(alpha_issuance).min(left);
	let at_price = if tao_reserve.is_zero() {
		e_a
	} else {
		// tao / (T / A), floored: the pool never gets more alpha than its price warrants.
		AlphaBalance::saturating_from(mul_div_floor(
			tao.as_u128(),
			alpha_reserve.as_u128(),
			tao_reserve.as_u128(),
		))
	};
	let alpha_in = at_price.min(e_a).min(left - e_a);
	Injection { tao_in: tao, alpha_in, alpha_out: e_a, ..Default::default() }
}

/// The root proportion of a subnet, docs/mechanism.md §6.2 (Root weight):
/// `w·T_root / (w·T_root + alpha_issuance)`, kept as its exact numerator and denominator so that
/// the root bucket is `floor(r · w·T_root / (w·T_root + issuance))` with no rounding of the ratio
/// first. Near 1 for a young subnet, it decays as the subnet's alpha grows: the root → alpha
/// transition.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RootProportion {
	/// `w · T_root`, in parts per billion of a rao.
	pub weighted_root: u128,
	/// `w · T_root + alpha_issuance`, in the same unit; 0 when both are 0 (proportion 0).
	pub total: u128,
}

impl RootProportion {
	/// The proportion for `tao_weight`, root's TAO and the subnet's alpha issuance.
	pub fn new(tao_weight: Perbill, root_tao: TaoBalance, alpha_issuance: AlphaBalance) -> Self {
		let weighted_root = (tao_weight.deconstruct() as u128) * root_tao.as_u128();
		let weighted_alpha = (Perbill::ACCURACY as u128) * alpha_issuance.as_u128();
		Self { weighted_root, total: weighted_root + weighted_alpha }
	}

	/// `floor(amount · proportion)`; 0 for a proportion of 0/0.
	pub fn of(&self, amount: AlphaBalance) -> AlphaBalance {
		// ≤ amount, because weighted_root ≤ total.
		AlphaBalance::saturating_from(mul_div_floor(
			amount.as_u128(),
			self.weighted_root,
			self.total,
		))
	}

	/// As a fixed-point ratio (floored), for clients.
	pub fn to_fixed(&self) -> FixedU128 {
		FixedU128::checked_from_rational(self.weighted_root, self.total).unwrap_or_default()
	}
}

/// The root proportion as a fixed-point ratio (floored): see [`RootProportion`].
pub fn root_proportion(
	tao_weight: Perbill,
	root_tao: TaoBalance,
	alpha_issuance: AlphaBalance,
) -> FixedU128 {
	RootProportion::new(tao_weight, root_tao, alpha_issuance).to_fixed()
}

/// Splits a block's `alpha_out` into the buckets, docs/mechanism.md §6.1 (Pending buckets): the
/// owner cut first, then half of the rest to miners (floored) and the other half (with the odd
/// unit) to validators, of which the root proportion (floored) goes to root. The four parts add
/// up to `alpha_out` exactly.
pub fn split(alpha_out: AlphaBalance, owner_cut: Perbill, root: RootProportion) -> Pending {
	let owner = AlphaBalance(owner_cut.mul_floor(alpha_out.get()));
	let rest = alpha_out - owner;
	let miners = rest / 2;
	let validators_total = rest - miners;
	let root = root.of(validators_total);
	Pending { owner, miners, validators: validators_total - root, root, root_tao: TaoBalance(0) }
}

#[cfg(test)]
mod tests {
	use super::*;
	use sp_arithmetic::traits::Zero;

	const TAO: u64 = 1_000_000_000;

	#[test]
	fn tao_emission_halves_at_each_boundary() {
		assert_eq!(block_emission(TaoBalance(0)), TaoBalance(TAO));
		// Just before 10.5 M: still 1 TAO; at 10.5 M: 0.5 TAO.
		assert_eq!(block_emission(TaoBalance(10_500_000 * TAO - 1)), TaoBalance(TAO));
		assert_eq!(block_emission(TaoBalance(10_500_000 * TAO)), TaoBalance(TAO / 2));
		// 15.75 M: a quarter; 18.375 M: an eighth.
		assert_eq!(block_emission(TaoBalance(15_750_000 * TAO - 1)), TaoBalance(TAO / 2));
		assert_eq!(block_emission(TaoBalance(15_750_000 * TAO)), TaoBalance(TAO / 4));
		assert_eq!(block_emission(TaoBalance(18_375_000 * TAO)), TaoBalance(TAO / 8));
		// Near the cap: never more than what is left, nothing at or past it.
		assert_eq!(block_emission(TaoBalance(TOTAL_SUPPLY - 3)), TaoBalance(0));
		// 5 left of 100: r = 4 (5 · 16 ≤ 100 < 5 · 32), 64 >> 4 = 4.
		assert_eq!(halving_emission(95, 64, 100), 4);
		assert_eq!(halving_emission(99, 1_000, 100), 1);
		assert_eq!(block_emission(TaoBalance(TOTAL_SUPPLY)), TaoBalance(0));
		assert_eq!(block_emission(TaoBalance(u64::MAX)), TaoBalance(0));
	}

	#[test]
	fn halving_exponent_is_the_floor_of_the_log() {
		// supply 2^20, base 2^10: r is the floor of log2(2^20 / left).
		let s = 1u64 << 20;
		assert_eq!(halving_emission(0, 1 << 10, s), 1 << 10);
		assert_eq!(halving_emission((1 << 19) - 1, 1 << 10, s), 1 << 10);
		assert_eq!(halving_emission(1 << 19, 1 << 10, s), 1 << 9);
		assert_eq!(halving_emission(3 << 18, 1 << 10, s), 1 << 8);
		// left 2^10: r = 10, one unit; left 2^10 + 1: still r = 9, two units.
		assert_eq!(halving_emission(s - (1 << 10), 1 << 10, s), 1);
		assert_eq!(halving_emission(s - (1 << 10) - 1, 1 << 10, s), 2);
		assert_eq!(halving_emission(s - 1, 1 << 10, s), 0);
	}

	#[test]
	fn shares_follow_the_weights_and_never_exceed_the_emission() {
		// Prices 0.25 and 0.75: a quarter and three quarters of 1 TAO.
		let (a, b) = (FixedU128::from_rational(1, 4), FixedU128::from_rational(3, 4));
		let sum = a.into_inner() + b.into_inner();
		assert_eq!(subnet_tao(TaoBalance(TAO), a.into_inner(), sum), TaoBalance(250_000_000));
		assert_eq!(subnet_tao(TaoBalance(TAO), b.into_inner(), sum), TaoBalance(750_000_000));
		// Thirds floor: 333_333_333 each, one rao never minted.
		assert_eq!(subnet_tao(TaoBalance(TAO), 1, 3), TaoBalance(333_333_333));
		assert_eq!(subnet_tao(TaoBalance(TAO), 5, 0), TaoBalance(0));
	}

	#[test]
	fn ema_rate_ramps_with_age() {
		// a = 3e-6, h = 201_600: at b = h the rate is half of a, exactly 1.5e-6.
		let a = Perbill::from_parts(3_000);
		assert_eq!(ema_rate(a, 201_600, 201_600), FixedU128::from_inner(1_500_000_000_000));
		assert_eq!(ema_rate(a, 0, 201_600), FixedU128::zero());
		// b = 3h: three quarters of a.
		assert_eq!(ema_rate(a, 604_800, 201_600), FixedU128::from_inner(2_250_000_000_000));
		// No ramp: the full rate.
		assert_eq!(ema_rate(Perbill::from_percent(25), 1, 0), FixedU128::from_rational(1, 4));
	}

	#[test]
	fn moving_price_steps_toward_the_clamped_spot() {
		let one = FixedU128::one();
		// 0.5 toward 0.8 at rate 0.25: 0.2 + 0.375 = 0.575.
		let p = next_moving_price(
			FixedU128::from_rational(1, 2),
			FixedU128::from_rational(4, 5),
			FixedU128::from_rational(1, 4),
			one,
		);
		assert_eq!(p, FixedU128::from_rational(575, 1000));
		// A spot of 2.0 counts as the clamp 1.0: from 0 at rate 1.5e-6 → 1.5e-6.
		let p = next_moving_price(
			FixedU128::zero(),
			FixedU128::from_u32(2),
			FixedU128::from_inner(1_500_000_000_000),
			one,
		);
		assert_eq!(p, FixedU128::from_inner(1_500_000_000_000));
		// Rate 0 keeps the price; a rate above 1 acts as 1.
		let prev = FixedU128::from_rational(3, 10);
		assert_eq!(next_moving_price(prev, one, FixedU128::zero(), one), prev);
		assert_eq!(
			next_moving_price(prev, FixedU128::from_rational(1, 2), FixedU128::from_u32(5), one),
			FixedU128::from_rational(1, 2)
		);
	}

	#[test]
	fn injection_holds_the_price_until_the_cap_binds() {
		// Pool 100 TAO / 400 alpha (p = 0.25); 0.2 TAO buys in 0.8 alpha: price unchanged.
		let i = injection(
			TaoBalance(200_000_000),
			TaoBalance(100 * TAO),
			AlphaBalance(400 * TAO),
			AlphaBalance(500 * TAO),
			AlphaBalance(TOTAL_SUPPLY),
		);
		assert_eq!(
			i,
			Injection {
				tao_in: TaoBalance(200_000_000),
				alpha_in: AlphaBalance(800_000_000),
				alpha_out: AlphaBalance(TAO),
				..Default::default()
			}
		);
		assert_eq!(
			spot_ratio(TaoBalance(100 * TAO) + i.tao_in, AlphaBalance(400 * TAO) + i.alpha_in),
			FixedU128::from_rational(1, 4)
		);
		// p = 0.1: 0.5 TAO would need 5 alpha; the cap is E_a = 1 alpha, so the price rises
		// from 0.1 to (10 + 0.5) / (100 + 1) = 10.5 / 101.
		let i = injection(
			TaoBalance(500_000_000),
			TaoBalance(10 * TAO),
			AlphaBalance(100 * TAO),
			AlphaBalance(200 * TAO),
			AlphaBalance(TOTAL_SUPPLY),
		);
		assert_eq!(
			i,
			Injection {
				tao_in: TaoBalance(500_000_000),
				alpha_in: AlphaBalance(TAO),
				alpha_out: AlphaBalance(TAO),
				..Default::default()
			}
		);
		let after =
			spot_ratio(TaoBalance(10 * TAO) + i.tao_in, AlphaBalance(100 * TAO) + i.alpha_in);
		assert_eq!(after, FixedU128::from_rational(105, 1010));
		assert!(after > FixedU128::from_rational(1, 10));
		// No TAO: no alpha into the pool, alpha out as usual.
		assert_eq!(
			injection(
				TaoBalance(0),
				TaoBalance(TAO),
				AlphaBalance(TAO),
				AlphaBalance(2 * TAO),
				AlphaBalance(TOTAL_SUPPLY)
			)
			.alpha_in,
			AlphaBalance(0)
		);
		// Past half the supply the alpha emission halves.
		assert_eq!(
			injection(
				TaoBalance(TAO),
				TaoBalance(TAO),
				AlphaBalance(TAO),
				AlphaBalance(10_500_000 * TAO),
				AlphaBalance(TOTAL_SUPPLY)
			)
			.alpha_out,
			AlphaBalance(TAO / 2)
		);
		// At the cap: alpha_out takes what is left, alpha_in nothing.
		let i = injection(
			TaoBalance(TAO),
			TaoBalance(TAO),
			AlphaBalance(TAO),
			AlphaBalance(99),
			AlphaBalance(100),
		);
		assert_eq!((i.alpha_in, i.alpha_out), (AlphaBalance(0), AlphaBalance(1)));
		assert_eq!(
			injection(
				TaoBalance(TAO),
				TaoBalance(TAO),
				AlphaBalance(TAO),
				AlphaBalance(100),
				AlphaBalance(100)
			),
			Injection { tao_in: TaoBalance(TAO), ..Default::default() }
		);
	}

	#[test]
	fn root_proportion_decays_as_alpha_grows() {
		let w = Perbill::from_percent(18);
		// w · T_root = 0.18 · 10_000 = 1_800 TAO of weighted root stake.
		let root = 10_000 * TAO;
		// A young subnet with 100 alpha: 1800 / 1900 = 18 / 19, floored to 18 decimals.
		let young = root_proportion(w, TaoBalance(root), AlphaBalance(100 * TAO));
		assert_eq!(young, FixedU128::from_inner(947_368_421_052_631_578));
		assert!(young > FixedU128::from_rational(9, 10));
		// At alpha = w · T_root exactly: one half.
		assert_eq!(
			root_proportion(w, TaoBalance(root), AlphaBalance(1_800 * TAO)),
			FixedU128::from_rational(1, 2)
		);
		// Past it: below one half, then toward zero.
		assert!(
			root_proportion(w, TaoBalance(root), AlphaBalance(1_801 * TAO))
				< FixedU128::from_rational(1, 2)
		);
		assert_eq!(
			root_proportion(w, TaoBalance(root), AlphaBalance(16_200 * TAO)),
			FixedU128::from_rational(1, 10)
		);
		// No root stake: no root share; no alpha: everything is root's.
		assert_eq!(root_proportion(w, TaoBalance(0), AlphaBalance(100 * TAO)), FixedU128::zero());
		assert_eq!(root_proportion(w, TaoBalance(root), AlphaBalance(0)), FixedU128::one());
		assert_eq!(root_proportion(w, TaoBalance(0), AlphaBalance(0)), FixedU128::zero());
	}

	#[test]
	fn split_adds_up_to_the_alpha_out() {
		// 1 alpha, 18 % owner, root proportion 0.5:
		// owner 0.18, rest 0.82 → miners 0.41, validators 0.41 of which root 0.205.
		let half = RootProportion { weighted_root: 1, total: 2 };
		let p = split(AlphaBalance(TAO), Perbill::from_percent(18), half);
		assert_eq!(
			p,
			Pending {
				owner: AlphaBalance(180_000_000),
				miners: AlphaBalance(410_000_000),
				validators: AlphaBalance(205_000_000),
				root: AlphaBalance(205_000_000),
				root_tao: TaoBalance(0)
			}
		);
		// Odd amounts: 7 units, no owner cut: miners 3, validators' half 4, a third root → 1.
		let p =
			split(AlphaBalance(7), Perbill::zero(), RootProportion { weighted_root: 1, total: 3 });
		assert_eq!(
			p,
			Pending {
				owner: AlphaBalance(0),
				miners: AlphaBalance(3),
				validators: AlphaBalance(3),
				root: AlphaBalance(1),
				root_tao: TaoBalance(0)
			}
		);
		assert_eq!(p.total(), AlphaBalance(7));
		// Root proportion 1: the whole validators' half is root's.
		let p = split(
			AlphaBalance(101),
			Perbill::from_percent(18),
			RootProportion { weighted_root: 5, total: 5 },
		);
		assert_eq!(p.owner + p.miners + p.root, AlphaBalance(101));
		assert_eq!(p.validators, AlphaBalance(0));
	}

	#[test]
	fn pro_rata_is_exact_with_largest_remainders() {
		// 10 by 1:1:1 → 3.33 each; one unit left to the first (ties go to the earlier entry).
		assert_eq!(pro_rata(10u64, &[1, 1, 1]), vec![4, 3, 3]);
		// 100 by 1:2:3:4 → exact.
		assert_eq!(pro_rata(100u64, &[1, 2, 3, 4]), vec![10, 20, 30, 40]);
		// 7 by 5:3:2 → 3.5, 2.1, 1.4: floors 3, 2, 1 and the unit left to the .5.
		assert_eq!(pro_rata(7u64, &[5, 3, 2]), vec![4, 2, 1]);
		// No weight: nothing to anyone; zero weights get nothing.
		assert_eq!(pro_rata(9u64, &[0, 0]), vec![0, 0]);
		assert_eq!(pro_rata(9u64, &[0, 1]), vec![0, 9]);
		// Huge weights do not overflow.
		assert_eq!(
			pro_rata(u64::MAX, &[u128::MAX / 2, u128::MAX / 2]).iter().sum::<u64>(),
			u64::MAX
		);
	}
}
