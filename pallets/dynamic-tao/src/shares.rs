//! Share pools: how one (hotkey, netuid) position is split among the coldkeys that stake on it.
//!
//! A pool has a value `V` (alpha) and `D` shares in total; a holder of `s` shares owns
//! `floor(V · s / D)`. Dividends raise `V` only, so every holder gains pro rata. Rounding always
//! favours the pool and the other holders: a deposit of `x` mints `floor(x · D / V)` shares, a
//! withdrawal of `a` burns `ceil(a · D / V)`, and a full withdrawal burns exactly the holder's
//! shares.
//!
//! # The scale, kept fine by lazy rescaling
//!
//! The first deposit into an empty pool mints [`SHARE_SCALE`] = 10^18 shares per unit. Write
//! `r = V / D` for the value of one share. Deposits (floored mint) and withdrawals (ceiled burn)
//! never lower `r`; only dividends raise it, by `(V + x) / V`. A pool drained to a few units and
//! regrown by dividends, again and again, would raise `r` without bound (a lone validator could
//! do it in a few tempos), until a share is worth more than a unit and rounding one share costs
//! a holder more than one unit.
//!
//! So a pool keeps `D ≥` [`MIN_SHARES_PER_UNIT`] `· V` (`r ≤ 10^-9`): whenever an operation
//! leaves fewer, every share is multiplied by [`RESCALE`] = 10^9 and the pool's `era` goes up by
//! one. Multiplying the pool's total is O(1); the holders' shares are multiplied lazily: each
//! [`Holding`] records the era its shares were written in, and reading it multiplies by
//! `RESCALE^(pool era − holding era)` ([`SharePool::shares_of`]). Values are unchanged, exactly
//! (`floor(V · s·k / (D·k)) = floor(V · s / D)`). A holding's rescaled shares never exceed the
//! pool's (they are part of them, rescaled with them), so this never overflows. An emptied pool
//! starts again at era 0, when it has no holders left.
//!
//! Bounds: a rescale happens only below `10^9 · V` shares and leaves fewer than
//! `10^18 · V`; deposits and withdrawals never raise `D / V`. So at all times
//! `10^9 · V ≤ D ≤ 10^18 · V ≤ 10^18 · (2^64 − 1) < 2^124`: shares never overflow, and a share
//! is never worth more than 10^-9 of a unit.
//!
//! # The promises, and why they hold
//!
//! With a share worth at most one unit (here at most 10^-9):
//! - a partial withdrawal of `a` leaves the holder at least `owned − a − 1`: the burn exceeds
//!   `a · D / V` by less than one share, worth `r ≤ 1`, and `r` does not fall;
//! - a deposit of `x` raises the depositor's value by at least `x − 1`: the mint falls short of
//!   `x · D / V` by less than one share;
//! - a partial withdrawal never burns all of the holder's shares: it takes at most
//!   `owned − 1 ≤ V · s / D − 1`, so the burn is at most `ceil(s − 1 / r) ≤ s − 1`;
//! - a full withdrawal pays `floor(V · s / D)` and clears the holder; the value left,
//!   `V − floor(V · s / D) ≥ V · (D − s) / D`, is positive while shares are left, and the last
//!   holder takes exactly `V`. So `D = 0 ⇔ V = 0`: no value is ever left without shares
//!   (deleted) nor are shares left without value;
//! - a dividend into a pool nobody holds is refused ([`ShareError::NoHolders`]);
//! - the holders own `Σ floor(V · s_i / D) ≤ V`, less than one unit per holder below `V`.
//!
//! The checks that refuse an operation breaking these ([`ShareError::TooCoarse`]) stay as a
//! second line: with `r ≤ 10^-9` they cannot trigger.
//!
//! Pools written at the old scale of 10^9 are converted by `migrations::v2`, which multiplies
//! every pool's and every holder's shares by 10^9 and rescales the pools that are still coarse.

use crate::units::{mul_div, Rounding};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

/// Shares minted per unit of value by the first deposit into an empty pool.
pub const SHARE_SCALE: u128 = 1_000_000_000_000_000_000;

/// The fewest shares per unit of value a pool keeps: a share is worth at most 10^-9 units.
pub const MIN_SHARES_PER_UNIT: u128 = 1_000_000_000;

/// What every share of a pool is multiplied by when it falls below [`MIN_SHARES_PER_UNIT`].
pub const RESCALE: u128 = 1_000_000_000;

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
	/// The pool's shares are too coarse to do this within one unit of rounding, or a partial
	/// withdrawal would burn all of the holder's shares. Cannot happen while the pool keeps
	/// [`MIN_SHARES_PER_UNIT`] (see the module documentation); a full withdrawal always works.
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
	/// Total shares, at the pool's `era`.
	pub shares: u128,
	/// How many times the shares were multiplied by [`RESCALE`] since the pool was opened.
	pub era: u32,
}

/// One holder's shares of a pool, as stored.
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
pub struct Holding {
	/// The shares, at `era`.
	pub shares: u128,
	/// The pool's era when these shares were written.
	pub era: u32,
}

impl Holding {
	/// No shares: the position does not exist.
	pub fn is_empty(&self) -> bool {
		self.shares == 0
	}
}

impl SharePool {
	/// `holding`'s shares at the pool's era: `s · RESCALE^(era − holding.era)`, never more than
	/// the pool's (they are part of the pool's shares; more would be a corrupt record).
	pub fn shares_of(&self, holding: Holding) -> u128 {
		let mut s = holding.shares.min(self.shares);
		// At most a handful of steps: each multiplies by 10^9 and the result stays ≤ D < 2^124.
		for _ in holding.era..self.era {
			match s.checked_mul(RESCALE) {
				Some(next) if next <= self.shares => s = next,
				_ => return self.shares,
			}
		}
		s
	}

	/// The record of `shares` written now (at the pool's era).
	pub fn holding(&self, shares: u128) -> Holding {
		Holding { shares, era: if shares == 0 { 0 } else { self.era } }
	}

	/// The value of `holding`, floored: `floor(V · s / D)`.
	pub fn value_of(&self, holding: Holding) -> u64 {
		self.value_of_shares(self.shares_of(holding))
	}

	/// The value of `shares` at the pool's era, floored (all of `V` for `s ≥ D`).
	fn value_of_shares(&self, shares: u128) -> u64 {
		if self.shares == 0 {
			return 0;
		}
		if shares >= self.shares {
			return self.value;
		}
		// < V because s < D, so it fits.
		mul_div(self.value as u128, shares, self.shares, Rounding::Down).low_u64()
	}

	/// Multiplies every share by [`RESCALE`] until the pool has at least
	/// [`MIN_SHARES_PER_UNIT`] per unit; returns the factor applied (1 if none).
	pub(crate) fn rescale(&mut self) -> u128 {
		let mut factor = 1u128;
		while self.shares > 0 && self.shares < MIN_SHARES_PER_UNIT * self.value as u128 {
			// D < 10^9 · V < 2^94, so D · 10^9 < 2^124; at most four rounds (D ≥ 1, V < 2^64),
			// so the factor stays below 10^36.
			self.shares *= RESCALE;
			factor *= RESCALE;
			self.era = self.era.saturating_add(1);
		}
		factor
	}

	/// Adds `amount` of value for the holder of `holding`; returns its new holding, with
	/// `floor(amount · D / V)` shares more, or `amount · SHARE_SCALE` into an empty pool.
	/// `TooCoarse` if the new shares would be worth less than `amount − 1`.
	pub fn deposit(&mut self, holding: Holding, amount: u64) -> Result<Holding, ShareError> {
		if amount == 0 {
			return Err(ShareError::ZeroAmount);
		}
		let value = self.value.checked_add(amount).ok_or(ShareError::Overflow)?;
		if self.shares == 0 {
			// An empty pool (V = 0, since D = 0 ⇔ V = 0) starts at the full scale and era 0.
			// amount · 10^18 < 2^64 · 2^60 fits.
			let minted = (amount as u128).checked_mul(SHARE_SCALE).ok_or(ShareError::Overflow)?;
			*self = SharePool { value, shares: minted, era: 0 };
			return Ok(self.holding(minted));
		}
		if self.value == 0 {
			// Shares without value: never produced by these operations (see the module docs).
			return Err(ShareError::TooCoarse);
		}
		let held = self.shares_of(holding);
		// Floored: the pool keeps the fraction of a share.
		let minted = mul_div(amount as u128, self.shares, self.value as u128, Rounding::Down);
		let minted = u128::try_from(minted).map_err(|_| ShareError::Overflow)?;
		if minted == 0 {
			return Err(ShareError::TooSmall);
		}
		let mut after = SharePool {
			value,
			shares: self.shares.checked_add(minted).ok_or(ShareError::Overflow)?,
			era: self.era,
		};
		// What the new shares are worth can only fall short of `amount` by the fraction of a
		// share not minted; more than one unit only where a share is worth more than one unit.
		if (after.value_of_shares(minted) as u128) + 1 < amount as u128 {
			return Err(ShareError::TooCoarse);
		}
		let factor = after.rescale();
		*self = after;
		// held + minted ≤ D before the rescale, so × factor ≤ D after it.
		Ok(self.holding((held + minted) * factor))
	}

	/// Takes `amount` of value from the holder of `holding`; returns its new holding (empty
	/// after a full withdrawal). Taking the holder's whole value burns all of its shares, so a
	/// full withdrawal always clears the position. A partial one burns `ceil(amount · D / V)`
	/// and is refused with `TooCoarse` if that would burn all of the holder's shares or leave
	/// the holder with less than `owned − amount − 1`.
	pub fn withdraw(&mut self, holding: Holding, amount: u64) -> Result<Holding, ShareError> {
		if amount == 0 {
			return Err(ShareError::ZeroAmount);
		}
		let held = self.shares_of(holding);
		let owned = self.value_of_shares(held);
		if amount > owned {
			return Err(ShareError::InsufficientValue);
		}
		if amount == owned {
			// Full: V − floor(V·s/D) ≥ V·(D − s)/D, which is positive while shares are left,
			// and zero when the last holder leaves (then owned = V and the pool starts over).
			self.shares -= held;
			self.value -= amount;
			if self.shares == 0 {
				*self = SharePool::default();
			}
			self.rescale();
			return Ok(Holding::default());
		}
		// Ceiled: the holder pays for the fraction of a share. ≤ D since amount < V.
		let burned = mul_div(amount as u128, self.shares, self.value as u128, Rounding::Up);
		let burned = u128::try_from(burned).map_err(|_| ShareError::Overflow)?;
		if burned >= held {
			// Would wipe the holder's remaining value (or, for the last holder, delete it).
			return Err(ShareError::TooCoarse);
		}
		// amount < owned ≤ V and burned < held ≤ D: both stay positive.
		let mut after =
			SharePool { value: self.value - amount, shares: self.shares - burned, era: self.era };
		let left = after.value_of_shares(held - burned);
		if (left as u128) + (amount as u128) + 1 < owned as u128 {
			return Err(ShareError::TooCoarse);
		}
		let factor = after.rescale();
		*self = after;
		Ok(self.holding((held - burned) * factor))
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
		self.rescale();
		Ok(())
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	const NONE: Holding = Holding { shares: 0, era: 0 };
	const E9: u128 = 1_000_000_000;
	const E18: u128 = E9 * E9;

	#[test]
	fn first_deposit_sets_the_scale_and_later_ones_are_pro_rata() {
		let mut pool = SharePool::default();
		let alice = pool.deposit(NONE, 100).unwrap();
		assert_eq!(alice, Holding { shares: 100 * E18, era: 0 });
		let bob = pool.deposit(NONE, 50).unwrap();
		assert_eq!(bob, Holding { shares: 50 * E18, era: 0 });
		assert_eq!(pool, SharePool { value: 150, shares: 150 * E18, era: 0 });
		// A dividend of 150 doubles every share's worth.
		pool.distribute(150).unwrap();
		assert_eq!(pool.value_of(alice), 200);
		assert_eq!(pool.value_of(bob), 100);
		// Now 30 value buys 15 units' worth of shares, added to Bob's.
		assert_eq!(pool.deposit(bob, 30), Ok(Holding { shares: 65 * E18, era: 0 }));
	}

	#[test]
	fn partial_withdrawal_loses_at_most_one_unit() {
		// Uneven numbers so that every division rounds.
		let mut pool = SharePool::default();
		let alice = pool.deposit(NONE, 1_000_003).unwrap();
		let bob = pool.deposit(NONE, 777_777).unwrap();
		pool.distribute(123_457).unwrap();
		let before = pool.value_of(alice);
		for amount in [1u64, 2, 999, 123_456, before / 3] {
			let mut p = pool;
			let left = p.withdraw(alice, amount).unwrap();
			let after = p.value_of(left);
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
		let alice = pool.deposit(NONE, 1_000_003).unwrap();
		let bob = pool.deposit(NONE, 777_777).unwrap();
		pool.distribute(123_457).unwrap();
		let all = pool.value_of(alice);
		assert_eq!(pool.withdraw(alice, all), Ok(NONE));
		// Bob is now the only holder and owns everything, dust included.
		assert_eq!(pool.shares, bob.shares);
		assert_eq!(pool.value_of(bob), pool.value);
		let bob_all = pool.value_of(bob);
		assert_eq!(pool.withdraw(bob, bob_all), Ok(NONE));
		assert_eq!(pool, SharePool::default());
	}

	#[test]
	fn rejects_bad_amounts() {
		let mut pool = SharePool::default();
		assert_eq!(pool.deposit(NONE, 0), Err(ShareError::ZeroAmount));
		let s = pool.deposit(NONE, 10).unwrap();
		assert_eq!(pool.withdraw(s, 11), Err(ShareError::InsufficientValue));
		assert_eq!(pool.withdraw(s, 0), Err(ShareError::ZeroAmount));
		assert_eq!(pool.deposit(NONE, u64::MAX), Err(ShareError::Overflow));
		// A pool whose shares are worth more than a unit each (as only old records can be)
		// cannot mint for a tiny deposit.
		let mut rich = SharePool { value: u64::MAX / 2, shares: 1, era: 0 };
		assert_eq!(rich.deposit(NONE, 1), Err(ShareError::TooSmall));
	}

	#[test]
	fn a_pool_seeded_by_one_unit_keeps_its_precision_after_huge_dividends() {
		// One unit, then 10^15 of dividends: 10^18 shares for 10^15 units is below 10^9 per
		// unit, so every share is multiplied by 10^9 (era 1). Alice's record is not touched; it
		// is read at the new scale.
		let mut pool = SharePool::default();
		let alice = pool.deposit(NONE, 1).unwrap();
		assert_eq!(alice, Holding { shares: E18, era: 0 });
		pool.distribute(999_999_999_999_999).unwrap();
		assert_eq!(pool, SharePool { value: E18 as u64 / 1000, shares: E18 * E9, era: 1 });
		assert_eq!(pool.shares_of(alice), E18 * E9);
		assert_eq!(pool.value_of(alice), 1_000_000_000_000_000);
		// Withdrawing all but one unit: ceil((10^15 − 1) · 10^27 / 10^15) = 10^27 − 10^12
		// shares burned, 10^12 shares worth the one unit left.
		let mut p = pool;
		let left = p.withdraw(alice, 999_999_999_999_999).unwrap();
		assert_eq!(left, Holding { shares: E9 * 1000, era: 1 });
		assert_eq!(p, SharePool { value: 1, shares: E9 * 1000, era: 1 });
		assert_eq!(p.value_of(left), 1);
		// Bob joins with 10^9: floor(10^9 · 10^27 / 10^15) = 10^21 shares, worth exactly 10^9.
		let bob = pool.deposit(NONE, 1_000_000_000).unwrap();
		assert_eq!(bob, Holding { shares: E9 * E9 * 1000, era: 1 });
		assert_eq!(pool.value_of(bob), 1_000_000_000);
	}

	#[test]
	fn drained_and_regrown_pools_rescale_and_stay_fine() {
		// The residual of issue 10, item 4: a lone holder drains its pool to one unit and
		// dividends regrow it, twice. Without rescaling, the second regrowth left 5 · 10^7
		// shares worth 2 · 10^16 (4 · 10^8 units a share): a deposit of 3 minted nothing and a
		// partial withdrawal could lose 4 · 10^8 units, so both were refused.
		let mut pool = SharePool::default();
		let alice = pool.deposit(NONE, 1_000_000).unwrap();
		assert_eq!(alice, Holding { shares: 1_000_000 * E18, era: 0 });
		// 10^24 shares for 2 · 10^16: 5 · 10^7 per unit, below 10^9: × 10^9, era 1.
		pool.distribute(20_000_000_000_000_000 - 1_000_000).unwrap();
		assert_eq!(
			pool,
			SharePool { value: 2 * E18 as u64 / 100, shares: E18 * E9 * E9 / 1000, era: 1 }
		);
		// All but one unit: ceil((2 · 10^16 − 1) · 10^33 / (2 · 10^16)) = 10^33 − 5 · 10^16.
		let alice = pool.withdraw(alice, 20_000_000_000_000_000 - 1).unwrap();
		assert_eq!(alice, Holding { shares: 5 * E18 / 100, era: 1 });
		assert_eq!(pool, SharePool { value: 1, shares: 5 * E18 / 100, era: 1 });
		// Regrown: 5 · 10^16 shares for 2 · 10^16 is 2.5 per unit: × 10^9, era 2.
		pool.distribute(20_000_000_000_000_000 - 1).unwrap();
		assert_eq!(
			pool,
			SharePool { value: 2 * E18 as u64 / 100, shares: 5 * E18 * E9 / 100, era: 2 }
		);
		// Alice's record (era 1) is read × 10^9: she owns the whole pool.
		assert_eq!(pool.value_of(alice), 20_000_000_000_000_000);
		// Bob deposits 3: floor(3 · 5 · 10^25 / (2 · 10^16)) = 7.5 · 10^9 shares, worth exactly
		// 3 (the pool is then 2 · 10^16 + 3 on 5 · 10^25 + 7.5 · 10^9 shares, the same ratio).
		let bob = pool.deposit(NONE, 3).unwrap();
		assert_eq!(bob, Holding { shares: 7_500_000_000, era: 2 });
		assert_eq!(pool.value_of(bob), 3);
		// Alice withdraws 10^16 + 1: she keeps at least 10^16 − 2 of her 2 · 10^16.
		let before = pool.value_of(alice);
		let left = pool.withdraw(alice, 10_000_000_000_000_001).unwrap();
		assert_eq!(left.era, 2);
		let after = pool.value_of(left);
		assert!(
			after + 10_000_000_000_000_001 <= before
				&& before - 10_000_000_000_000_001 - after <= 1
		);
		assert_eq!(pool.value_of(bob), 3);
	}

	#[test]
	fn old_coarse_records_refuse_what_would_lose_more_than_a_unit_then_rescale() {
		// A pool as an old scale could leave it: 10^9 shares worth 10^15, 10^6 units a share.
		// Alice holds 0.6 of it (6 · 10^14), Bob 0.4.
		let pool = SharePool { value: 1_000_000_000_000_000, shares: E9, era: 0 };
		let (alice, bob) =
			(Holding { shares: 600_000_000, era: 0 }, Holding { shares: 400_000_000, era: 0 });
		// 1.5 shares' worth would burn 2 shares (2 · 10^6), leaving alice
		// floor((10^15 − 1.5 · 10^6) · 599 999 998 / 999 999 998) = 599 999 998 299 999:
		// 200 001 units lost (the rest of the surplus share is spread over both holders).
		let mut p = pool;
		assert_eq!(p.withdraw(alice, 1_500_000), Err(ShareError::TooCoarse));
		assert_eq!(p, pool);
		// Exactly 2 shares' worth burns 2 and loses nothing; the pool is then rescaled twice
		// (10^9 − 2 shares × 10^18 ≥ 10^9 · (10^15 − 2 · 10^6)).
		let left = p.withdraw(alice, 2_000_000).unwrap();
		assert_eq!(left, Holding { shares: 599_999_998 * E18, era: 2 });
		assert_eq!(p, SharePool { value: 999_999_998_000_000, shares: 999_999_998 * E18, era: 2 });
		assert_eq!(p.value_of(left), 599_999_998_000_000);
		// Bob's record, untouched at era 0, is read at era 2: still worth 4 · 10^14.
		assert_eq!(p.value_of(bob), 400_000_000_000_000);
		// Everything but one unit would burn all of Bob's shares (and, were he alone, delete the
		// unit left): refused. Everything works.
		let mut p = pool;
		assert_eq!(p.withdraw(bob, 399_999_999_999_999), Err(ShareError::TooCoarse));
		assert_eq!(p.withdraw(bob, 400_000_000_000_000), Ok(NONE));
		assert_eq!(p, SharePool { value: 600_000_000_000_000, shares: 600_000_000 * E18, era: 2 });
		// A deposit of 1.5 shares' worth mints one share, worth 10^6: refused. Half a share's
		// worth mints nothing.
		let mut p = pool;
		assert_eq!(p.deposit(NONE, 1_500_000), Err(ShareError::TooCoarse));
		assert_eq!(p.deposit(NONE, 500_000), Err(ShareError::TooSmall));
		assert_eq!(p, pool);
		// Exactly 3 shares' worth mints 3 and loses nothing.
		assert_eq!(p.deposit(NONE, 3_000_000), Ok(Holding { shares: 3 * E18, era: 2 }));
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
		let all = pool.deposit(NONE, u64::MAX).unwrap();
		assert_eq!(all.shares, u64::MAX as u128 * E18);
		assert_eq!(pool.deposit(NONE, 1), Err(ShareError::Overflow));
		// A record claiming more shares than the pool's is read as the pool's.
		assert_eq!(pool.shares_of(Holding { shares: pool.shares + 1, era: 0 }), pool.shares);
	}

	#[test]
	fn old_records_are_read_at_the_pool_era() {
		let pool = SharePool { value: 10, shares: 10 * E18, era: 3 };
		assert_eq!(pool.shares_of(Holding { shares: 3, era: 1 }), 3 * E18);
		assert_eq!(pool.value_of(Holding { shares: 3, era: 1 }), 3);
		assert_eq!(pool.shares_of(Holding { shares: 3 * E18, era: 3 }), 3 * E18);
		// More than the pool after rescaling: a corrupt record, read as the pool's shares.
		assert_eq!(pool.shares_of(Holding { shares: 11, era: 1 }), 10 * E18);
		assert_eq!(pool.shares_of(Holding { shares: 1, era: 0 }), 10 * E18);
	}

	// --- property tests -------------------------------------------------------------------
	//
	// Expectations are computed with a reference that does not call the code under test: the
	// holders' shares as the operations returned them, read at the pool's era by plain powers
	// of 10^9 (`cur`), the pool value as the plain sum of what went in and out, and `owns`, a
	// schoolbook 256-bit floor(V · s / D).

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

	/// `h`'s shares at the pool's era: `s · (10^9)^(era − h.era)` (0 for no shares).
	fn cur(pool: &SharePool, h: Holding) -> u128 {
		if h.shares == 0 {
			return 0;
		}
		assert!(h.era <= pool.era, "a record from the future: {h:?} {pool:?}");
		h.shares * E9.pow(pool.era - h.era)
	}

	/// What `h` is worth in `pool`, by the reference.
	fn owns(pool: &SharePool, h: Holding) -> u128 {
		if pool.shares == 0 {
			0
		} else {
			ref_mul_div(pool.value as u128, cur(pool, h), pool.shares)
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
		/// A holder withdraws all but this many units (drains the pool, if it holds most).
		DrainTo(usize, u64),
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
			(0..HOLDERS, 1..10u64).prop_map(|(h, x)| Op::DrainTo(h, x)),
			(0..HOLDERS).prop_map(Op::WithdrawAll),
		]
	}

	/// A refusal: only where a share was worth more than one unit (an old record), and it
	/// changes nothing.
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
		held: &[Holding; HOLDERS],
		was: &[u128],
		h: usize,
	) -> Result<(), TestCaseError> {
		for (o, s) in held.iter().enumerate().filter(|(o, _)| *o != h) {
			prop_assert!(owns(pool, *s) >= was[o], "holder {o} lost value");
		}
		Ok(())
	}

	/// Runs `ops` on `pool`, held by `held`, and checks every property after every step.
	/// Returns how many operations were refused.
	fn check(
		mut pool: SharePool,
		mut held: [Holding; HOLDERS],
		ops: &[Op],
	) -> Result<usize, TestCaseError> {
		// The reference value: what went in minus what went out.
		let mut value = pool.value as u128;
		let mut refusals = 0;
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
					match pool.deposit(held[h], x) {
						Ok(now_held) => {
							held[h] = now_held;
							value += x as u128;
							let now = owns(&pool, held[h]);
							prop_assert!(
								now + 1 >= was[h] + x as u128,
								"a deposit of {x} took {} to {now}",
								was[h]
							);
							others_kept(&pool, &held, &was, h)?;
						},
						Err(e) => {
							refusals += 1;
							refused(e, fine, before, pool)?
						},
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
									ref_mul_div(x as u128, cur(&before, *s), before.shares)
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
				Op::WithdrawPart(h, _) | Op::WithdrawUnits(h, _) | Op::DrainTo(h, _) => {
					let a = match *op {
						Op::WithdrawPart(_, f) => was[h] * f as u128 / 1_000_000_000,
						Op::WithdrawUnits(_, x) => x as u128,
						Op::DrainTo(_, x) => was[h].saturating_sub(x as u128),
						_ => unreachable!(),
					};
					if a == 0 || a >= was[h] {
						continue;
					}
					match pool.withdraw(held[h], a as u64) {
						Ok(now_held) => {
							prop_assert!(!now_held.is_empty(), "a partial withdrawal burned all");
							held[h] = now_held;
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
						Err(e) => {
							refusals += 1;
							refused(e, fine, before, pool)?
						},
					}
				},
				Op::WithdrawAll(h) => {
					let a = was[h];
					if a == 0 {
						continue;
					}
					let sole = cur(&before, held[h]) == before.shares;
					prop_assert_eq!(pool.withdraw(held[h], a as u64), Ok(Holding::default()));
					held[h] = Holding::default();
					value -= a;
					others_kept(&pool, &held, &was, h)?;
					if sole {
						prop_assert_eq!(pool, SharePool::default());
					}
				},
			}
			// Pool-wide, after every step.
			prop_assert_eq!(pool.value as u128, value, "value made up or deleted");
			let total: u128 = held.iter().map(|h| cur(&pool, *h)).sum();
			prop_assert_eq!(pool.shares, total, "shares made up or lost");
			prop_assert_eq!(pool.shares == 0, pool.value == 0, "{:?}", pool);
			prop_assert!(pool.shares <= SHARE_SCALE * pool.value as u128, "{:?}", pool);
			// Fine after every change (a refusal leaves an old coarse record as it was).
			prop_assert!(
				pool == before || pool.shares >= E9 * pool.value as u128,
				"coarse: {:?}",
				pool
			);
			let sum: u128 = held.iter().map(|s| owns(&pool, *s)).sum();
			let holders = held.iter().filter(|s| !s.is_empty()).count() as u128;
			prop_assert!(sum <= pool.value as u128, "the holders own more than the pool");
			prop_assert!(
				pool.value as u128 - sum < holders.max(1),
				"dust of {} with {holders} holders",
				pool.value as u128 - sum
			);
		}
		Ok(refusals)
	}

	fn config() -> ProptestConfig {
		// No regression files in the source tree; failures print their minimal case.
		ProptestConfig { cases: 512, failure_persistence: None, ..ProptestConfig::default() }
	}

	proptest! {
		#![proptest_config(config())]

		/// From an empty pool: a seed of 1 unit up to all alpha, a dividend up to the cap in one
		/// go, then deposits by several holders, dividends, drains to a few units, and partial
		/// and full withdrawals. Nothing is ever refused.
		#[test]
		fn share_pools_keep_every_promise_at_any_scale(
			seed in amount(),
			growth in amount(),
			ops in proptest::collection::vec(op(), 1..40),
		) {
			let mut pool = SharePool::default();
			let first = pool.deposit(Holding::default(), seed).unwrap();
			prop_assert_eq!(first, Holding { shares: seed as u128 * SHARE_SCALE, era: 0 });
			pool.distribute(growth.min(CAP - seed)).unwrap();
			let none = Holding::default();
			prop_assert_eq!(check(pool, [first, none, none, none], &ops)?, 0);
		}

		/// A lone holder drains the pool to a few units and dividends regrow it to the cap, over
		/// and over (the growth of a share is then without bound), with a second holder joining
		/// and leaving: nothing is ever refused, every promise holds.
		#[test]
		fn drain_and_regrow_cycles_never_coarsen_a_pool(
			seed in amount(),
			cycles in proptest::collection::vec((1..10u64, amount(), op()), 1..12),
		) {
			let mut ops = Vec::new();
			for (left, growth, other) in cycles {
				ops.extend([Op::DrainTo(0, left), Op::Dividend(growth), Op::Dividend(CAP), other]);
			}
			let mut pool = SharePool::default();
			let first = pool.deposit(Holding::default(), seed).unwrap();
			let none = Holding::default();
			prop_assert_eq!(check(pool, [first, none, none, none], &ops)?, 0);
		}

		/// From a pool whose shares are coarse, as an old scale left them (value per share up to
		/// 10^7 units): nothing is ever deleted or made up, an operation either keeps its
		/// promise or is refused and changes nothing, a full withdrawal always works, and any
		/// operation that succeeds leaves the pool fine.
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
			let held = held.map(|s| Holding { shares: s, era: 0 });
			check(SharePool { value, shares, era: 0 }, held, &ops)?;
		}
	}
}
