//! Yuma consensus as pure functions over a dense weight matrix (validators × miners), in
//! [`FixedU128`]: no storage, so each step is tested on small cases worked out by hand.
//! [`crate::metagraph::YumaConsensus`] feeds it a subnet's stakes, weights and last bonds.
//!
//! With `S` the validators' stake (normalised), `W` their weights (rows normalised):
//! 1. consensus `C_j`: the highest weight on miner `j` that validators holding at least `kappa` of
//!    the stake give it or more (a stake-weighted quantile; kappa 1/2 is the median);
//! 2. clipped weights `W'_ij = min(W_ij, C_j)`: weight above consensus counts for nothing;
//! 3. ranks `R_j = Σ_i S_i · W'_ij` and incentive `I = R / Σ R`;
//! 4. validator trust `T_i = Σ_j W'_ij`;
//! 5. bonds: `ΔB_ij = S_i · W'_ij` normalised per miner, `B = a · B_old + (1 − a) · ΔB`,
//!    normalised per miner;
//! 6. dividends `D_i = Σ_j B_ij · I_j`, normalised; with no incentive at all, by stake.
//!
//! Every product and quotient rounds down; sums of normalised vectors are therefore at most 1.

use alloc::{vec, vec::Vec};
use sp_arithmetic::{
	traits::{CheckedDiv, One, Saturating, Zero},
	FixedU128,
};

/// A fixed-point value in [0, 1] here.
pub type Fx = FixedU128;

/// `v / Σ v` (all zero if the sum is zero).
pub fn normalize(v: &[Fx]) -> Vec<Fx> {
	let sum = v.iter().fold(Fx::zero(), |s, x| s.saturating_add(*x));
	if sum.is_zero() {
		return vec![Fx::zero(); v.len()];
	}
	v.iter().map(|x| x.checked_div(&sum).unwrap_or_default()).collect()
}

/// The weight of miner `j` as consensus: the largest value `c` among the validators' weights on
/// it such that the validators giving `c` or more hold at least `kappa` of the stake. Zero if no
/// such value (or no stake).
pub fn consensus(stake: &[Fx], weights: &[Vec<Fx>], miner: usize, kappa: Fx) -> Fx {
	let mut column: Vec<(Fx, Fx)> = weights
		.iter()
		.zip(stake)
		.map(|(row, s)| (row.get(miner).copied().unwrap_or_default(), *s))
		.collect();
	// Highest weight first; accumulate the stake behind each value.
	column.sort_by_key(|(w, _)| core::cmp::Reverse(*w));
	let total = stake.iter().fold(Fx::zero(), |s, x| s.saturating_add(*x));
	if total.is_zero() {
		return Fx::zero();
	}
	let needed = kappa.saturating_mul(total);
	let mut behind = Fx::zero();
	for (w, s) in column {
		behind = behind.saturating_add(s);
		if behind >= needed {
			return w;
		}
	}
	Fx::zero()
}

/// What one run of Yuma consensus gives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YumaOutput {
	/// Consensus weight per miner.
	pub consensus: Vec<Fx>,
	/// Incentive per miner (sums to 1, or all zero).
	pub incentive: Vec<Fx>,
	/// Trust per validator: the sum of its clipped weights.
	pub validator_trust: Vec<Fx>,
	/// Bonds after this epoch (validators × miners), normalised per miner.
	pub bonds: Vec<Vec<Fx>>,
	/// Dividends per validator (sums to 1).
	pub dividends: Vec<Fx>,
}

/// Runs Yuma consensus. `stake` per validator (any scale), `weights` one row per validator with
/// one entry per miner (any scale; rows are normalised), `old_bonds` the last epoch's bonds (same
/// shape, or empty for none), `kappa` the consensus quantile, `bond_rate` the weight `a` kept
/// from the old bonds.
pub fn yuma(
	stake: &[Fx],
	weights: &[Vec<Fx>],
	old_bonds: &[Vec<Fx>],
	kappa: Fx,
	bond_rate: Fx,
) -> YumaOutput {
	let validators = stake.len();
	let miners = weights.iter().map(|r| r.len()).max().unwrap_or(0);
	let stake = normalize(stake);
	let weights: Vec<Vec<Fx>> = (0..validators)
		.map(|i| {
			let row = weights.get(i).cloned().unwrap_or_default();
			let mut row = normalize(&row);
			row.resize(miners, Fx::zero());
			row
		})
		.collect();

	let consensus: Vec<Fx> = (0..miners).map(|j| consensus(&stake, &weights, j, kappa)).collect();
	let clipped: Vec<Vec<Fx>> = weights
		.iter()
		.map(|row| row.iter().zip(&consensus).map(|(w, c)| (*w).min(*c)).collect())
		.collect();

	let ranks: Vec<Fx> = (0..miners)
		.map(|j| {
			clipped.iter().zip(&stake).fold(Fx::zero(), |r, (row, s)| {
				r.saturating_add(s.saturating_mul(row.get(j).copied().unwrap_or_default()))
			})
		})
		.collect();
	let incentive = normalize(&ranks);
	let validator_trust: Vec<Fx> = clipped
		.iter()
		.map(|row| row.iter().fold(Fx::zero(), |t, w| t.saturating_add(*w)))
		.collect();

	// Bonds, column by column (per miner).
	let keep = bond_rate.min(Fx::one());
	let mut bonds = vec![vec![Fx::zero(); miners]; validators];
	for j in 0..miners {
		let delta: Vec<Fx> = clipped
			.iter()
			.zip(&stake)
			.map(|(row, s)| s.saturating_mul(row.get(j).copied().unwrap_or_default()))
			.collect();
		let delta = normalize(&delta);
		let mixed: Vec<Fx> = delta
			.iter()
			.enumerate()
			.map(|(i, d)| {
				let old = old_bonds.get(i).and_then(|r| r.get(j)).copied().unwrap_or_default();
				keep.saturating_mul(old).saturating_add((Fx::one() - keep).saturating_mul(*d))
			})
			.collect();
		for (i, b) in normalize(&mixed).into_iter().enumerate() {
			if let Some(cell) = bonds.get_mut(i).and_then(|r| r.get_mut(j)) {
				*cell = b;
			}
		}
	}

	let raw_dividends: Vec<Fx> = bonds
		.iter()
		.map(|row| {
			row.iter()
				.zip(&incentive)
				.fold(Fx::zero(), |d, (b, inc)| d.saturating_add(b.saturating_mul(*inc)))
		})
		.collect();
	let dividends = if raw_dividends.iter().all(|d| d.is_zero()) {
		stake.clone()
	} else {
		normalize(&raw_dividends)
	};

	YumaOutput { consensus, incentive, validator_trust, bonds, dividends }
}

#[cfg(test)]
mod tests {
	use super::*;

	fn fx(n: u128, d: u128) -> Fx {
		Fx::from_rational(n, d)
	}

	/// Equal up to `ulps` units of 10^-18 (each step floors).
	fn close(a: Fx, b: Fx, ulps: u128) -> bool {
		a.into_inner().abs_diff(b.into_inner()) <= ulps
	}

	#[test]
	fn consensus_is_the_stake_weighted_median() {
		let stake = [fx(4, 10), fx(35, 100), fx(25, 100)];
		let w = vec![vec![fx(8, 10)], vec![fx(8, 10)], vec![Fx::zero()]];
		// 0.8 is given by 0.75 of the stake: the median is 0.8.
		assert_eq!(consensus(&stake, &w, 0, fx(1, 2)), fx(8, 10));
		// A single whale with a weight of 1 and 0.6 of the stake sets it alone.
		let stake = [fx(6, 10), fx(4, 10)];
		let w = vec![vec![Fx::one()], vec![fx(1, 10)]];
		assert_eq!(consensus(&stake, &w, 0, fx(1, 2)), Fx::one());
		// With kappa 0.7 it needs the other validator too: 0.1.
		assert_eq!(consensus(&stake, &w, 0, fx(7, 10)), fx(1, 10));
		assert_eq!(consensus(&[Fx::zero()], &w[..1], 0, fx(1, 2)), Fx::zero());
	}

	#[test]
	fn a_colluding_minority_is_clipped() {
		// Stakes 0.4, 0.35 (honest) and 0.25 (colluder). Honest weights 0.8 / 0.2 on miners 0
		// and 1; the colluder puts everything on miner 1.
		let stake = [fx(40, 100), fx(35, 100), fx(25, 100)];
		let w = vec![
			vec![fx(8, 10), fx(2, 10)],
			vec![fx(8, 10), fx(2, 10)],
			vec![Fx::zero(), Fx::one()],
		];
		let out = yuma(&stake, &w, &[], fx(1, 2), Fx::zero());
		// Consensus: miner 0 at 0.8 (0.75 of the stake), miner 1 at 0.2 (0.25 alone is short
		// of a half at 1.0; 0.65 at 0.2). The colluder's 1.0 on miner 1 is clipped to 0.2.
		assert_eq!(out.consensus, vec![fx(8, 10), fx(2, 10)]);
		// Ranks: 0.4·0.8 + 0.35·0.8 = 0.6 and 0.2·(0.4 + 0.35 + 0.25) = 0.2: incentive 3/4, 1/4.
		// (Unclipped, miner 1 would have had 0.15 + 0.25 = 0.4, i.e. 2/5 of the incentive.)
		assert!(close(out.incentive[0], fx(3, 4), 10) && close(out.incentive[1], fx(1, 4), 10));
		// Trust: the honest validators keep all their weight, the colluder 0.2.
		assert_eq!(out.validator_trust, vec![Fx::one(), Fx::one(), fx(2, 10)]);
		// Bonds per miner: 0.32 : 0.28 : 0 over 0.6, and 0.08 : 0.07 : 0.05 over 0.2.
		assert!(close(out.bonds[0][0], fx(32, 60), 10) && close(out.bonds[1][0], fx(28, 60), 10));
		assert_eq!(out.bonds[2][0], Fx::zero());
		assert!(close(out.bonds[2][1], fx(25, 100), 10));
		// Dividends: 0.5333·0.75 + 0.4·0.25 = 0.5; 0.4667·0.75 + 0.35·0.25 = 0.4375;
		// 0.25·0.25 = 0.0625.
		assert!(close(out.dividends[0], fx(1, 2), 100));
		assert!(close(out.dividends[1], fx(4375, 10_000), 100));
		assert!(close(out.dividends[2], fx(625, 10_000), 100));
	}

	#[test]
	fn bonds_move_toward_the_new_weights_at_the_bond_rate() {
		// One miner, two equal validators; old bonds all with validator 0, new weights from
		// validator 1 only (validator 0 gives none). Keep 0.9 of the old: 0.9 and 0.1.
		let stake = [Fx::one(), Fx::one()];
		let w = vec![vec![Fx::zero()], vec![Fx::one()]];
		let old = vec![vec![Fx::one()], vec![Fx::zero()]];
		// Consensus needs half the stake at a weight: validator 1 alone has exactly half.
		let out = yuma(&stake, &w, &old, fx(1, 2), fx(9, 10));
		assert_eq!(out.consensus, vec![Fx::one()]);
		assert!(close(out.bonds[0][0], fx(9, 10), 10) && close(out.bonds[1][0], fx(1, 10), 10));
		// All incentive on the one miner: dividends follow the bonds.
		assert!(close(out.dividends[0], fx(9, 10), 10) && close(out.dividends[1], fx(1, 10), 10));
	}

	#[test]
	fn no_weights_means_no_incentive_and_dividends_by_stake() {
		let stake = [fx(3, 1), fx(1, 1)];
		let w = vec![vec![Fx::zero(), Fx::zero()], vec![]];
		let out = yuma(&stake, &w, &[], fx(1, 2), fx(9, 10));
		// No incentive: the epoch sends the miners' bucket to the validators.
		assert_eq!(out.incentive, vec![Fx::zero(), Fx::zero()]);
		assert_eq!(out.dividends, vec![fx(3, 4), fx(1, 4)]);
		assert_eq!(out.validator_trust, vec![Fx::zero(), Fx::zero()]);
	}

	#[test]
	fn normalize_sums_to_one_or_nothing() {
		assert_eq!(normalize(&[fx(1, 1), fx(3, 1)]), vec![fx(1, 4), fx(3, 4)]);
		assert_eq!(normalize(&[Fx::zero(), Fx::zero()]), vec![Fx::zero(), Fx::zero()]);
		let thirds = normalize(&[Fx::one(), Fx::one(), Fx::one()]);
		let sum = thirds.iter().fold(Fx::zero(), |s, x| s + *x);
		assert!(sum <= Fx::one() && close(sum, Fx::one(), 3));
	}
}
