//! Share pools: how one (hotkey, netuid) position is split among the coldkeys that stake on it.
//!
//! A pool has a value `V` (alpha) and `D` shares in total; a holder of `s` shares owns
//! `floor(V · s / D)`. Dividends raise `V` only, so every holder gains pro rata. Rounding always
//! favours the pool and the other holders: a deposit of `x` mints `floor(x · D / V)` shares, a
//! withdrawal of `a` burns `ceil(a · D / V)`, and a full withdrawal burns exactly the holder's
//! shares.
//!
//! # The scale, and why a share stays worth at most one unit
//!
//! The first deposit into an empty pool mints [`SHARE_SCALE`] = 10^18 shares per unit. Write
//! `r = V / D` for the value of one share. Deposits (floored mint) and withdrawals (ceiled burn)
//! never lower `r`; only dividends raise it, by `(V + x) / V`. So `D ≤ SHARE_SCALE · V` at all
//! times, and `r ≤ 1` (a share is worth at most one unit) as long as the value of a share has
//! grown less than 10^18-fold since the pool was opened. Alpha and TAO are capped at 21 M × 10^9
//! = 2.1 × 10^16 units, so one seeded unit that then receives every unit there can ever be in
//! dividends ends at `r ≤ 2.1 × 10^16 / 10^18 = 0.021`: 47 times short of one unit. Growth
//! beyond 10^18 needs a pool that is drained to a few units and regrown by dividends, over and
//! over, without ever emptying (an empty pool starts again at the full scale). That is not
//! impossible: a validator that alone holds its hotkey's stake could do it on purpose in a few
//! tempos, and the property tests' random sequences get there too. So the promises below do not
//! rest on `r ≤ 1` alone: an operation that cannot keep them is refused.
//!
//! # The promises, and why they hold
//!
//! While `r ≤ 1`:
//! - a partial withdrawal of `a` leaves the holder at least `owned − a − 1`: the burn exceeds
//!   `a · D / V` by less than one share, worth `r ≤ 1`, and `r` does not fall;
//! - a deposit of `x` raises the depositor's value by at least `x − 1`: the mint falls short of
//!   `x · D / V` by less than one share;
//! - a partial withdrawal never burns all of the holder's shares: it takes at most
//!   `owned − 1 ≤ V · s / D − 1`, so the burn is at most `ceil(s − 1 / r) ≤ s − 1`.
//!
//! Whatever `r` is:
//! - a full withdrawal pays `floor(V · s / D)` and clears the holder; the value left,
//!   `V − floor(V · s / D) ≥ V · (D − s) / D`, is positive while shares are left, and the last
//!   holder takes exactly `V`. So `D = 0 ⇔ V = 0` holds by construction: no value is ever left
//!   without shares (deleted) nor are shares left without value;
//! - a deposit or partial withdrawal that would lose more than one unit (possible only once
//!   `r > 1`) is refused with [`ShareError::TooCoarse`] and changes nothing, rather than
//!   taking the difference from the caller; so is a partial withdrawal that would burn all of the
//!   holder's shares. A full withdrawal is always possible;
//! - a dividend into a pool nobody holds is refused ([`ShareError::NoHolders`]);
//! - the holders own `Σ floor(V · s_i / D) ≤ V`, less than one unit per holder below `V`;
//! - shares cannot overflow: `D ≤ SHARE_SCALE · V ≤ 10^18 · (2^64 − 1) < 2^124`.
//!
//! Pools written at the old scale of 10^9 are converted by `migrations::v2`, which multiplies
//! every pool's and every holder's shares by 10^9: values are unchanged (`floor(V · s·k / D·k)`
//! is `floor(V · s / D)`) and `r` falls 10^9-fold.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_core::U256;

/// Shares minted per unit of value by the first deposit into an empty pool (see the module
/// documentation for why 10^18).
pub const SHARE_SCALE: u128 = 1_000_000_000_000_000_000;

/// Why a share-pool operation cannot be done. A refused operation changes nothing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShareError {
	/// The amount is zero.
	ZeroAmount,
	/// The deposit is worth less than one share.
	TooSmall,
	/// More than the holder owns.
	InsufficientValue,
	/// The pool's value or shares would overflow.
	Overflow,
	/// The pool's shares are too coarse to do this within one unit of rounding (a share is worth
	/// more than one unit), or a partial withdrawal would burn all of the holder's shares. A full
	/// withdrawal always works.
	TooCoarse,
	/// A dividend to a pool that nobody holds.
	NoHolders,
}

/// One share pool.
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
pub struct SharePool {
	/// Total value (alpha) of the pool.
	pub value: u64,
	/// Total shares.
	pub shares: u128,
}

fn mul_div(a: u128, b: u128, c: u128, round_up: bool) -> U256 {
	let n = U256::from(a) * U256::from(b);
	let c = U256::from(c);
	let q = n / c;
	if round_up && !(n % c).is_zero() {
		q + U256::one()
	} else {
		q
	}
}

impl SharePool {
	/// The value of `shares`, floored: `floor(V · s / D)` (all of `V` for `s ≥ D`).
	pub fn value_of(&self, shares: u128) -> u64 {
		if self.shares == 0 {
			return 0;
		}
		if shares >= self.shares {
			return self.value;
		}
		// < V because s < D, so it fits.
		mul_div(self.value as u128, shares, self.shares, false).low_u64()
	}

	/// Adds `amount` of value for a holder; returns the shares minted for it:
	/// `floor(amount · D / V)`, or `amount · SHARE_SCALE` into an empty pool. `TooCoarse` if the
	/// new shares would be worth less than `amount − 1`.
	pub fn deposit(&mut self, amount: u64) -> Result<u128, ShareError> {
		if amount == 0 {
			return Err(ShareError::ZeroAmount);
		}
		let value = self.value.checked_add(amount).ok_or(ShareError::Overflow)?;
		if self.shares == 0 {
			// An empty pool (V = 0, since D = 0 ⇔ V = 0) starts at the full scale.
			// amount · 10^18 < 2^64 · 2^60 fits.
			let minted = (amount as u128).checked_mul(SHARE_SCALE).ok_or(ShareError::Overflow)?;
			*self = SharePool { value, shares: minted };
			return Ok(minted);
		}
		if self.value == 0 {
			// Shares without value: never produced by these operations (see the module docs).
			return Err(ShareError::TooCoarse);
		}
		// Floored: the pool keeps the fraction of a share.
		let minted = mul_div(amount as u128, self.shares, self.value as u128, false);
		let minted = u128::try_from(minted).map_err(|_| ShareError::Overflow)?;
		if minted == 0 {
			return Err(ShareError::TooSmall);
		}
		let after = SharePool {
			value,
			shares: self.shares.checked_add(minted).ok_or(ShareError::Overflow)?,
		};
		// What the new shares are worth can only fall short of `amount` by the fraction of a
		// share not minted; more than one unit only where a share is worth more than one unit.
		if (after.value_of(minted) as u128) + 1 < amount as u128 {
			return Err(ShareError::TooCoarse);
		}
		*self = after;
		Ok(minted)
	}

	/// Takes `amount` of value from a holder of `holder_shares`; returns the shares burned.
	/// Taking the holder's whole value burns all of their shares, so a full withdrawal always
	/// clears the position. A partial one burns `ceil(amount · D / V)` and is refused with
	/// `TooCoarse` if that would burn all of the holder's shares or leave the holder with less
	/// than `owned − amount − 1`.
	pub fn withdraw(&mut self, holder_shares: u128, amount: u64) -> Result<u128, ShareError> {
		if amount == 0 {
			return Err(ShareError::ZeroAmount);
		}
		if holder_shares > self.shares {
			// Not produced by these operations: a holder never has more than the pool.
			return Err(ShareError::InsufficientValue);
		}
		let owned = self.value_of(holder_shares);
		if amount > owned {
			return Err(ShareError::InsufficientValue);
		}
		if amount == owned {
			// Full: V − floor(V·s/D) ≥ V·(D − s)/D, which is positive while shares are left,
			// and zero when the last holder leaves (then owned = V).
			self.shares -= holder_shares;
			self.value -= amount;
			return Ok(holder_shares);
		}
		// Ceiled: the holder pays for the fraction of a share. ≤ D since amount < V.
		let burned = mul_div(amount as u128, self.shares, self.value as u128, true);
		let burned = u128::try_from(burned).map_err(|_| ShareError::Overflow)?;
		if burned >= holder_shares {
			// Would wipe the holder's remaining value (or, for the last holder, delete it).
			return Err(ShareError::TooCoarse);
		}
		// amount < owned ≤ V and burned < holder_shares ≤ D: both stay positive.
		let after = SharePool { value: self.value - amount, shares: self.shares - burned };
		let left = after.value_of(holder_shares - burned);
		if (left as u128) + (amount as u128) + 1 < owned as u128 {
			return Err(ShareError::TooCoarse);
		}
		*self = after;
		Ok(burned)
	}

	/// Adds value without minting shares: a dividend to every holder, pro rata. `NoHolders` if
	/// the pool has no shares (the value would belong to nobody).
	pub fn distribute(&mut self, amount: u64) -> Result<(), ShareError> {
		if amount == 0 {
			return Ok(());
		}
		if self.shares == 0 {
			return Err(ShareError::NoHolders);
		}
		self.value = self.value.checked_add(amount).ok_or(ShareError::Overflow)?;
		Ok(())
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn first_deposit_sets_the_scale_and_later_ones_are_pro_rata() {
		let mut pool = SharePool::default();
		assert_eq!(pool.deposit(100), Ok(100 * SHARE_SCALE));
		assert_eq!(pool.deposit(50), Ok(50 * SHARE_SCALE));
		assert_eq!(pool, SharePool { value: 150, shares: 150 * SHARE_SCALE });
		// A dividend of 150 doubles every share's worth.
		pool.distribute(150).unwrap();
		assert_eq!(pool.value_of(100 * SHARE_SCALE), 200);
		assert_eq!(pool.value_of(50 * SHARE_SCALE), 100);
		// Now 30 value buys 15 units' worth of shares.
		assert_eq!(pool.deposit(30), Ok(15 * SHARE_SCALE));
	}

	#[test]
	fn partial_withdrawal_loses_at_most_one_unit() {
		// Uneven numbers so that every division rounds.
		let mut pool = SharePool::default();
		let alice = pool.deposit(1_000_003).unwrap();
		let bob = pool.deposit(777_777).unwrap();
		pool.distribute(123_457).unwrap();
		let before = pool.value_of(alice);
		for amount in [1u64, 2, 999, 123_456, before / 3] {
			let mut p = pool;
			let burned = p.withdraw(alice, amount).unwrap();
			let after = p.value_of(alice - burned);
			assert!(after + amount <= before, "never pays out more than owned");
			assert!(
				before - amount - after <= 1,
				"loses at most one unit: {before} {amount} {after}"
			);
			// Bob is not affected (he may gain the rounding).
			assert!(p.value_of(bob) >= pool.value_of(bob));
		}
	}

	#[test]
	fn full_withdrawal_clears_the_position() {
		let mut pool = SharePool::default();
		let alice = pool.deposit(1_000_003).unwrap();
		let bob = pool.deposit(777_777).unwrap();
		pool.distribute(123_457).unwrap();
		let all = pool.value_of(alice);
		assert_eq!(pool.withdraw(alice, all), Ok(alice));
		// Bob is now the only holder and owns everything, dust included.
		assert_eq!(pool.shares, bob);
		assert_eq!(pool.value_of(bob), pool.value);
		let bob_all = pool.value_of(bob);
		assert_eq!(pool.withdraw(bob, bob_all), Ok(bob));
		assert_eq!(pool, SharePool::default());
	}

	#[test]
	fn rejects_bad_amounts() {
		let mut pool = SharePool::default();
		assert_eq!(pool.deposit(0), Err(ShareError::ZeroAmount));
		let s = pool.deposit(10).unwrap();
		assert_eq!(pool.withdraw(s, 11), Err(ShareError::InsufficientValue));
		assert_eq!(pool.withdraw(s, 0), Err(ShareError::ZeroAmount));
		assert_eq!(pool.deposit(u64::MAX), Err(ShareError::Overflow));
		// A pool whose shares became very valuable cannot mint for a tiny deposit.
		let mut rich = SharePool { value: u64::MAX / 2, shares: 1 };
		assert_eq!(rich.deposit(1), Err(ShareError::TooSmall));
	}

	#[test]
	fn a_pool_seeded_by_one_unit_keeps_its_precision_after_huge_dividends() {
		// The case of the issue: one unit, then 10^15 of dividends. A share is worth
		// 10^15 / 10^18 = 10^-3 units.
		let mut pool = SharePool::default();
		let alice = pool.deposit(1).unwrap();
		assert_eq!(alice, 1_000_000_000_000_000_000);
		pool.distribute(999_999_999_999_999).unwrap();
		assert_eq!(pool.value_of(alice), 1_000_000_000_000_000);
		// Withdrawing all but one unit: ceil((10^15 − 1) · 10^18 / 10^15) = 10^18 − 1000 shares
		// burned, 1000 shares worth the one unit left. (At the old scale of 10^9 this burned all
		// of alice's shares and set the pool's value to zero.)
		let mut p = pool;
		assert_eq!(p.withdraw(alice, 999_999_999_999_999), Ok(1_000_000_000_000_000_000 - 1000));
		assert_eq!(p, SharePool { value: 1, shares: 1000 });
		assert_eq!(p.value_of(1000), 1);
		// Bob joins with 10^9: floor(10^9 · 10^18 / 10^15) = 10^12 shares, worth exactly 10^9.
		let bob = pool.deposit(1_000_000_000).unwrap();
		assert_eq!(bob, 1_000_000_000_000);
		assert_eq!(pool.value_of(bob), 1_000_000_000);
	}

	#[test]
	fn coarse_shares_refuse_what_would_lose_more_than_a_unit() {
		// A pool as the old scale could leave it: 10^9 shares worth 10^15, 10^6 units a share.
		// Alice holds 0.6 of it (6 · 10^14), Bob 0.4.
		let pool = SharePool { value: 1_000_000_000_000_000, shares: 1_000_000_000 };
		let (alice, bob) = (600_000_000u128, 400_000_000u128);
		// 1.5 shares' worth would burn 2 shares (2 · 10^6), leaving alice
		// floor((10^15 − 1.5 · 10^6) · 599 999 998 / 999 999 998) = 599 999 998 299 999:
		// 200 001 units lost (the rest of the surplus share is spread over both holders).
		let mut p = pool;
		assert_eq!(p.withdraw(alice, 1_500_000), Err(ShareError::TooCoarse));
		assert_eq!(p, pool);
		// Exactly 2 shares' worth burns 2 and loses nothing: (10^15 − 2 · 10^6) / (10^9 − 2) is
		// still 10^6 a share.
		assert_eq!(p.withdraw(alice, 2_000_000), Ok(2));
		assert_eq!(p.value_of(alice - 2), 599_999_998_000_000);
		// Everything but one unit would burn all of Bob's shares (and, were he alone, delete the
		// unit left): refused. Everything works.
		let mut p = pool;
		assert_eq!(p.withdraw(bob, 399_999_999_999_999), Err(ShareError::TooCoarse));
		assert_eq!(p.withdraw(bob, 400_000_000_000_000), Ok(bob));
		assert_eq!(p, SharePool { value: 600_000_000_000_000, shares: alice });
		// A deposit of 1.5 shares' worth mints one share, worth 10^6: refused. Half a share's
		// worth mints nothing.
		let mut p = pool;
		assert_eq!(p.deposit(1_500_000), Err(ShareError::TooCoarse));
		assert_eq!(p.deposit(500_000), Err(ShareError::TooSmall));
		assert_eq!(p, pool);
		// Exactly 3 shares' worth mints 3 and loses nothing.
		assert_eq!(p.deposit(3_000_000), Ok(3));
	}

	#[test]
	fn value_never_outlives_its_shares() {
		// A dividend nobody can own is refused; a zero dividend changes nothing.
		let mut pool = SharePool::default();
		assert_eq!(pool.distribute(5), Err(ShareError::NoHolders));
		assert_eq!(pool.distribute(0), Ok(()));
		assert_eq!(pool, SharePool::default());
		// Shares never overflow: the largest deposit into an empty pool mints
		// (2^64 − 1) · 10^18 < 2^124 shares.
		assert_eq!(pool.deposit(u64::MAX), Ok(u64::MAX as u128 * 1_000_000_000_000_000_000));
		assert_eq!(pool.deposit(1), Err(ShareError::Overflow));
		// A holder cannot claim more shares than the pool has.
		assert_eq!(pool.withdraw(pool.shares + 1, 1), Err(ShareError::InsufficientValue));
	}
	// --- property tests -------------------------------------------------------------------
	//
	// Expectations are computed with a reference that does not call the code under test: the
	// holders' shares as the operations returned them, the pool value as the plain sum of what
	// went in and out, and `owns`, a schoolbook 256-bit floor(V · s / D).

	use proptest::prelude::*;

	/// All alpha (or TAO) there can ever be: 21 M × 10^9.
	const CAP: u64 = 21_000_000 * 1_000_000_000;
	/// Holders per property run.
	const HOLDERS: usize = 4;

	/// floor(a · b / c) for a quotient below 2^128: the product in two 128-bit halves from
	/// 64-bit limbs, then restoring division one bit at a time.
	fn ref_mul_div(a: u128, b: u128, c: u128) -> u128 {
		const M: u128 = u64::MAX as u128;
		let (a1, a0, b1, b0) = (a >> 64, a & M, b >> 64, b & M);
		let (p00, p01, p10, p11) = (a0 * b0, a0 * b1, a1 * b0, a1 * b1);
		let mid = (p00 >> 64) + (p01 & M) + (p10 & M);
		let lo = (p00 & M) | ((mid & M) << 64);
		let hi = p11 + (p01 >> 64) + (p10 >> 64) + (mid >> 64);
		let (mut q, mut r) = (0u128, 0u128);
		for i in (0..256).rev() {
			let bit = if i >= 128 { (hi >> (i - 128)) & 1 } else { (lo >> i) & 1 };
			let carry = r >> 127;
			r = (r << 1) | bit;
			q <<= 1;
			if carry == 1 || r >= c {
				r = r.wrapping_sub(c);
				q |= 1;
			}
		}
		q
	}

	#[test]
	fn the_reference_divides_exactly() {
		assert_eq!(ref_mul_div(7, 3, 2), 10);
		assert_eq!(ref_mul_div(u128::MAX, u128::MAX, u128::MAX), u128::MAX);
		// (2^127 + 1) · 6 / 4 = 3 · 2^126 + 1 (floored from … + 1.5).
		assert_eq!(ref_mul_div((1 << 127) + 1, 6, 4), 3 * (1 << 126) + 1);
		assert_eq!(ref_mul_div(CAP as u128, 10u128.pow(30), 10u128.pow(33)), CAP as u128 / 1000);
	}

	/// What `s` shares of `pool` are worth, by the reference.
	fn owns(pool: &SharePool, s: u128) -> u128 {
		if pool.shares == 0 {
			0
		} else {
			ref_mul_div(pool.value as u128, s, pool.shares)
		}
	}

	#[derive(Clone, Debug)]
	enum Op {
		/// A holder deposits an amount (capped so that the pool stays within `CAP`).
		Deposit(usize, u64),
		/// A dividend to the pool (capped likewise).
		Dividend(u64),
		/// A holder withdraws this many billionths of its value (a partial withdrawal).
		WithdrawPart(usize, u64),
		/// A holder withdraws this many units, if it owns more (a partial withdrawal).
		WithdrawUnits(usize, u64),
		/// A holder withdraws everything.
		WithdrawAll(usize),
	}

	/// An amount from 1 to `CAP`, spread over the orders of magnitude.
	fn amount() -> impl Strategy<Value = u64> {
		(0u32..=17).prop_flat_map(|e| 1..=10u64.pow(e).min(CAP))
	}

	fn op() -> impl Strategy<Value = Op> {
		prop_oneof![
			(0..HOLDERS, amount()).prop_map(|(h, x)| Op::Deposit(h, x)),
			amount().prop_map(Op::Dividend),
			(0..HOLDERS, 1..1_000_000_000u64).prop_map(|(h, f)| Op::WithdrawPart(h, f)),
			(0..HOLDERS, 1..1_000u64).prop_map(|(h, x)| Op::WithdrawUnits(h, x)),
			(0..HOLDERS).prop_map(Op::WithdrawAll),
		]
	}

	/// A refusal: only where a share is worth more than one unit, and it changes nothing.
	fn refused(
		e: ShareError,
		fine: bool,
		before: SharePool,
		after: SharePool,
	) -> Result<(), TestCaseError> {
		prop_assert!(!fine, "refused ({e:?}) although a share is worth at most one unit");
		prop_assert!(matches!(e, ShareError::TooCoarse | ShareError::TooSmall), "{e:?}");
		prop_assert_eq!(after, before, "a refusal changed the pool");
		Ok(())
	}

	/// Every holder but `h` owns at least what it owned (`was`).
	fn others_kept(
		pool: &SharePool,
		held: &[u128; HOLDERS],
		was: &[u128],
		h: usize,
	) -> Result<(), TestCaseError> {
		for (o, s) in held.iter().enumerate().filter(|(o, _)| *o != h) {
			prop_assert!(owns(pool, *s) >= was[o], "holder {o} lost value");
		}
		Ok(())
	}

	/// Runs `ops` on `pool`, held by `held` (shares per holder), and checks every property
	/// after every step.
	fn check(
		mut pool: SharePool,
		mut held: [u128; HOLDERS],
		ops: &[Op],
	) -> Result<(), TestCaseError> {
		// The reference value: what went in minus what went out.
		let mut value = pool.value as u128;
		for op in ops {
			let before = pool;
			let was: Vec<u128> = held.iter().map(|s| owns(&pool, *s)).collect();
			// A share is worth at most one unit: nothing may be refused.
			let fine = pool.value as u128 <= pool.shares;
			let room = CAP.saturating_sub(pool.value);
			match *op {
				Op::Deposit(h, x) => {
					let x = x.min(room);
					if x == 0 {
						continue;
					}
					match pool.deposit(x) {
						Ok(minted) => {
							held[h] += minted;
							value += x as u128;
							let now = owns(&pool, held[h]);
							prop_assert!(
								now + 1 >= was[h] + x as u128,
								"a deposit of {x} took {} to {now}",
								was[h]
							);
							others_kept(&pool, &held, &was, h)?;
						},
						Err(e) => refused(e, fine, before, pool)?,
					}
				},
				Op::Dividend(x) => {
					let x = x.min(room);
					match pool.distribute(x) {
						Ok(()) => {
							value += x as u128;
							for (i, s) in held.iter().enumerate() {
								// Each holder gains at least its floored pro-rata part.
								let part = if before.shares == 0 {
									0
								} else {
									ref_mul_div(x as u128, *s, before.shares)
								};
								prop_assert!(owns(&pool, *s) >= was[i] + part);
							}
						},
						Err(e) => {
							prop_assert_eq!(e, ShareError::NoHolders);
							prop_assert!(before.shares == 0 && x > 0);
							prop_assert_eq!(pool, before);
						},
					}
				},
				Op::WithdrawPart(h, _) | Op::WithdrawUnits(h, _) => {
					let a = match *op {
						Op::WithdrawPart(_, f) => was[h] * f as u128 / 1_000_000_000,
						Op::WithdrawUnits(_, x) => x as u128,
						_ => unreachable!(),
					};
					if a == 0 || a >= was[h] {
						continue;
					}
					match pool.withdraw(held[h], a as u64) {
						Ok(burned) => {
							prop_assert!(burned < held[h], "a partial withdrawal burned all");
							held[h] -= burned;
							value -= a;
							let now = owns(&pool, held[h]);
							prop_assert!(now + a <= was[h], "paid more than owned");
							prop_assert!(
								was[h] - a - now <= 1,
								"withdrawing {a} took {} to {now}",
								was[h]
							);
							others_kept(&pool, &held, &was, h)?;
						},
						Err(e) => refused(e, fine, before, pool)?,
					}
				},
				Op::WithdrawAll(h) => {
					let a = was[h];
					if a == 0 {
						continue;
					}
					let burned = pool.withdraw(held[h], a as u64);
					prop_assert_eq!(burned, Ok(held[h]), "a full withdrawal must clear");
					let sole = held[h] == before.shares;
					held[h] = 0;
					value -= a;
					others_kept(&pool, &held, &was, h)?;
					if sole {
						prop_assert_eq!(pool, SharePool::default());
					}
				},
			}
			// Pool-wide, after every step.
			prop_assert_eq!(pool.value as u128, value, "value made up or deleted");
			prop_assert_eq!(pool.shares, held.iter().sum::<u128>(), "shares made up or lost");
			prop_assert_eq!(pool.shares == 0, pool.value == 0, "{:?}", pool);
			prop_assert!(pool.shares <= SHARE_SCALE * pool.value as u128, "{:?}", pool);
			let sum: u128 = held.iter().map(|s| owns(&pool, *s)).sum();
			let holders = held.iter().filter(|s| **s > 0).count() as u128;
			prop_assert!(sum <= pool.value as u128, "the holders own more than the pool");
			prop_assert!(
				pool.value as u128 - sum < holders.max(1),
				"dust of {} with {holders} holders",
				pool.value as u128 - sum
			);
		}
		Ok(())
	}

	fn config() -> ProptestConfig {
		// No regression files in the source tree; failures print their minimal case.
		ProptestConfig { cases: 512, failure_persistence: None, ..ProptestConfig::default() }
	}

	proptest! {
		#![proptest_config(config())]

		/// From an empty pool: a seed of 1 unit up to all alpha, a dividend up to the cap in one
		/// go (the largest growth of a share one seeded unit can see), then deposits by several
		/// holders, dividends and partial and full withdrawals.
		#[test]
		fn share_pools_keep_every_promise_at_any_scale(
			seed in amount(),
			growth in amount(),
			ops in proptest::collection::vec(op(), 1..40),
		) {
			let mut pool = SharePool::default();
			let minted = pool.deposit(seed).unwrap();
			prop_assert_eq!(minted, seed as u128 * SHARE_SCALE);
			pool.distribute(growth.min(CAP - seed)).unwrap();
			// However large the growth, a share is still worth at most one unit.
			prop_assert!(pool.value as u128 <= pool.shares, "{:?}", pool);
			check(pool, [minted, 0, 0, 0], &ops)?;
		}

		/// From a pool whose shares are coarse, as the old scale of 10^9 left them (value per
		/// share up to 10^7 units): nothing is ever deleted or made up, and an operation either
		/// keeps its promise or is refused and changes nothing; a full withdrawal always works.
		#[test]
		fn coarse_pools_refuse_rather_than_lose(
			value in amount(),
			per_share in 0u32..=16,
			weights in proptest::array::uniform4(0u64..1_000),
			ops in proptest::collection::vec(op(), 1..40),
		) {
			// Between 10^9 shares per unit and 10^-7 of a share per unit.
			let shares = (value as u128 * 1_000_000_000 / 10u128.pow(per_share)).max(1);
			let total: u128 = weights.iter().map(|w| *w as u128).sum::<u128>().max(1);
			let mut held = [0u128; HOLDERS];
			for (h, w) in weights.iter().enumerate() {
				held[h] = shares * *w as u128 / total;
			}
			held[HOLDERS - 1] += shares - held.iter().sum::<u128>();
			check(SharePool { value, shares }, held, &ops)?;
		}
	}
}
