//! Share pools: how one (hotkey, netuid) position is split among the coldkeys that stake on it.
//!
//! A pool has a value `V` (alpha) and `D` shares in total; a holder of `s` shares owns
//! `floor(V · s / D)`. Dividends raise `V` only, so every holder gains pro rata. Shares are `u128`
//! and the first deposit mints `SHARE_SCALE` shares per unit, so a share is worth far less than
//! one unit of alpha: a partial withdrawal then costs the holder at most one unit more than asked
//! (rounding, in the pool's favour), and a full withdrawal always clears the position.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_core::U256;

/// Shares minted per unit of value by the first deposit into an empty pool.
pub const SHARE_SCALE: u128 = 1_000_000_000;

/// Why a share-pool operation cannot be done.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShareError {
	/// The amount is zero.
	ZeroAmount,
	/// The deposit is too small to mint a single share.
	TooSmall,
	/// More than the holder owns.
	InsufficientValue,
	/// The pool's value or shares would overflow.
	Overflow,
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
	/// The value of `shares`, floored: `floor(V · s / D)`.
	pub fn value_of(&self, shares: u128) -> u64 {
		if self.shares == 0 {
			return 0;
		}
		// ≤ V because s ≤ D, so it fits.
		mul_div(self.value as u128, shares, self.shares, false).low_u64()
	}

	/// Adds `amount` of value for a holder; returns the shares minted for it,
	/// `floor(amount · D / V)` (the first deposit mints `amount · SHARE_SCALE`).
	pub fn deposit(&mut self, amount: u64) -> Result<u128, ShareError> {
		if amount == 0 {
			return Err(ShareError::ZeroAmount);
		}
		let value = self.value.checked_add(amount).ok_or(ShareError::Overflow)?;
		let minted = if self.shares == 0 || self.value == 0 {
			(amount as u128).checked_mul(SHARE_SCALE).ok_or(ShareError::Overflow)?
		} else {
			let m = mul_div(amount as u128, self.shares, self.value as u128, false);
			u128::try_from(m).map_err(|_| ShareError::Overflow)?
		};
		if minted == 0 {
			return Err(ShareError::TooSmall);
		}
		self.shares = self.shares.checked_add(minted).ok_or(ShareError::Overflow)?;
		self.value = value;
		Ok(minted)
	}

	/// Takes `amount` of value from a holder of `holder_shares`; returns the shares burned,
	/// `ceil(amount · D / V)`. Taking the holder's whole value burns all of their shares, so a
	/// full withdrawal always clears the position.
	pub fn withdraw(&mut self, holder_shares: u128, amount: u64) -> Result<u128, ShareError> {
		if amount == 0 {
			return Err(ShareError::ZeroAmount);
		}
		let owned = self.value_of(holder_shares);
		if amount > owned {
			return Err(ShareError::InsufficientValue);
		}
		let burned = if amount == owned {
			holder_shares
		} else {
			let b = mul_div(amount as u128, self.shares, self.value as u128, true);
			// b ≤ holder_shares because amount < floor(V·s/D).
			u128::try_from(b).map_err(|_| ShareError::Overflow)?.min(holder_shares)
		};
		self.shares -= burned;
		self.value -= amount;
		if self.shares == 0 {
			// The last holder left: any rounding dust went with them (value_of(D) = V).
			self.value = 0;
		}
		Ok(burned)
	}

	/// Adds value without minting shares: a dividend to every holder, pro rata.
	pub fn distribute(&mut self, amount: u64) -> Result<(), ShareError> {
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
}
