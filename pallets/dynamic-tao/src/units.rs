//! Amounts that carry their unit (docs/mechanism.md §1 (Units)): TAO, a subnet's alpha and the
//! price between them are distinct types, so that adding TAO to alpha, or passing a price where
//! an amount goes, does not compile. Each is SCALE-encoded exactly as the `u64` it wraps, so
//! storage and call data are unchanged; the metadata names the unit.
//!
//! The arithmetic each allows: a unit plus or minus the same unit (checked, saturating, or the
//! plain operators where the caller states why they cannot overflow), a unit times or divided by
//! a plain count, and the conversions through a price ([`Price::tao_of`], [`Price::alpha_for`]).
//! Also the one home of `a · b / c` ([`mul_div`]) and of the exact pro-rata split
//! ([`pro_rata`]).

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use core::{
	fmt,
	iter::Sum,
	ops::{Add, AddAssign, Div, Mul, Sub, SubAssign},
};
use scale_info::TypeInfo;
use sp_core::U256;

/// The block number as the pallet counts it (the runtime's, saturated into `u64`).
pub type BlockNumber = u64;

/// Rounding of [`mul_div`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rounding {
	/// Towards zero: the payer keeps the fraction.
	Down,
	/// Away from zero: the payee gives the fraction.
	Up,
}

/// `a · b / c`, exact in 256 bits, rounded as asked; 0 when `c` is 0 (no weight, nothing due).
pub fn mul_div(a: u128, b: u128, c: u128, rounding: Rounding) -> U256 {
	if c == 0 {
		return U256::zero();
	}
	let n = U256::from(a) * U256::from(b);
	let c = U256::from(c);
	let q = n / c;
	if rounding == Rounding::Up && !(n % c).is_zero() {
		q + U256::one()
	} else {
		q
	}
}

/// `floor(a · b / c)` saturated into `u128`; 0 when `c` is 0. Every caller has `b ≤ c` or a
/// result bounded by its own arguments, so it never saturates in practice.
pub fn mul_div_floor(a: u128, b: u128, c: u128) -> u128 {
	u128::try_from(mul_div(a, b, c, Rounding::Down)).unwrap_or(u128::MAX)
}

/// Splits `total` pro rata to `weights`, exactly: shares are floored and the units left over go,
/// one each, to the largest remainders (ties to the earlier entry). All zero if no weight.
pub fn pro_rata<A: From<u64> + Into<u64> + Copy>(total: A, weights: &[u128]) -> alloc::vec::Vec<A> {
	let total: u64 = total.into();
	let sum = weights.iter().fold(U256::zero(), |s, w| s + U256::from(*w));
	if sum.is_zero() {
		return alloc::vec![A::from(0); weights.len()];
	}
	let mut parts = alloc::vec::Vec::with_capacity(weights.len());
	let mut remainders = alloc::vec::Vec::with_capacity(weights.len());
	let mut given: u64 = 0;
	for (i, w) in weights.iter().enumerate() {
		let exact = U256::from(total) * U256::from(*w);
		let q = exact / sum;
		let r = exact % sum;
		// q ≤ total because w ≤ sum.
		let q = q.low_u64();
		given = given.saturating_add(q);
		parts.push(q);
		remainders.push((r, i));
	}
	// Fewer than `weights.len()` units are left over, since each floor loses less than one.
	let left = total.saturating_sub(given) as usize;
	remainders.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
	for (_, i) in remainders.into_iter().take(left) {
		if let Some(p) = parts.get_mut(i) {
			*p += 1;
		}
	}
	parts.into_iter().map(A::from).collect()
}

/// A `u64` that carries its unit: the derives, the constants and the arithmetic every unit
/// allows (the module docs list it).
macro_rules! unit {
	($(#[$doc:meta])* $name:ident) => {
		$(#[$doc])*
		#[derive(
			Clone,
			Copy,
			Debug,
			Default,
			PartialEq,
			Eq,
			PartialOrd,
			Ord,
			Hash,
			Encode,
			Decode,
			DecodeWithMemTracking,
			TypeInfo,
			MaxEncodedLen,
			serde::Serialize,
			serde::Deserialize,
		)]
		#[serde(transparent)]
		pub struct $name(pub u64);

		impl $name {
			/// Zero of the unit.
			pub const ZERO: Self = Self(0);
			/// The largest value.
			pub const MAX: Self = Self(u64::MAX);

			/// The value as a plain integer.
			pub const fn get(self) -> u64 {
				self.0
			}

			/// Whether it is nothing.
			pub const fn is_zero(self) -> bool {
				self.0 == 0
			}

			/// `self + other`, `None` on overflow.
			pub fn checked_add(self, other: Self) -> Option<Self> {
				self.0.checked_add(other.0).map(Self)
			}

			/// `self - other`, `None` below zero.
			pub fn checked_sub(self, other: Self) -> Option<Self> {
				self.0.checked_sub(other.0).map(Self)
			}

			/// `self + other`, capped at [`Self::MAX`].
			pub fn saturating_add(self, other: Self) -> Self {
				Self(self.0.saturating_add(other.0))
			}

			/// `self - other`, floored at zero.
			pub fn saturating_sub(self, other: Self) -> Self {
				Self(self.0.saturating_sub(other.0))
			}

			/// `self · n`, capped at [`Self::MAX`].
			pub fn saturating_mul(self, n: u64) -> Self {
				Self(self.0.saturating_mul(n))
			}

			/// The amount widened, for exact intermediate products.
			pub const fn as_u128(self) -> u128 {
				self.0 as u128
			}

			/// An amount from a wide intermediate, capped at [`Self::MAX`].
			pub fn saturating_from(x: u128) -> Self {
				Self(u64::try_from(x).unwrap_or(u64::MAX))
			}
		}

		impl From<u64> for $name {
			fn from(x: u64) -> Self {
				Self(x)
			}
		}

		impl From<$name> for u64 {
			fn from(x: $name) -> u64 {
				x.0
			}
		}

		impl From<$name> for u128 {
			fn from(x: $name) -> u128 {
				x.0 as u128
			}
		}

		// The plain operators behave as `u64`'s; call sites use them where the sum is bounded
		// (every amount is below the 21 M cap, 2.1·10^16 ≪ 2^64) and say so.
		impl Add for $name {
			type Output = Self;
			fn add(self, other: Self) -> Self {
				Self(self.0 + other.0)
			}
		}

		impl Sub for $name {
			type Output = Self;
			fn sub(self, other: Self) -> Self {
				Self(self.0 - other.0)
			}
		}

		impl AddAssign for $name {
			fn add_assign(&mut self, other: Self) {
				self.0 += other.0;
			}
		}

		impl SubAssign for $name {
			fn sub_assign(&mut self, other: Self) {
				self.0 -= other.0;
			}
		}

		impl Mul<u64> for $name {
			type Output = Self;
			fn mul(self, n: u64) -> Self {
				Self(self.0 * n)
			}
		}

		impl Mul<$name> for u64 {
			type Output = $name;
			fn mul(self, x: $name) -> $name {
				$name(self * x.0)
			}
		}

		impl Div<u64> for $name {
			type Output = Self;
			fn div(self, n: u64) -> Self {
				Self(self.0 / n)
			}
		}

		impl Sum for $name {
			fn sum<I: Iterator<Item = Self>>(iter: I) -> Self {
				iter.fold(Self::ZERO, |a, b| a.saturating_add(b))
			}
		}

		impl fmt::Display for $name {
			fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
				write!(f, "{}", self.0)
			}
		}
	};
}

/// Test-only mixing with plain `u64`, the mock's balance type: tests compare and combine
/// pallet amounts with balances read from pallet-balances. The library is compiled without
/// these (every non-test build), so mixing units there stays a compile error.
#[cfg(test)]
macro_rules! mixes_with_u64_in_tests {
	($name:ident) => {
		impl PartialEq<u64> for $name {
			fn eq(&self, other: &u64) -> bool {
				self.0 == *other
			}
		}
		impl PartialEq<$name> for u64 {
			fn eq(&self, other: &$name) -> bool {
				*self == other.0
			}
		}
		impl PartialOrd<u64> for $name {
			fn partial_cmp(&self, other: &u64) -> Option<core::cmp::Ordering> {
				self.0.partial_cmp(other)
			}
		}
		impl PartialOrd<$name> for u64 {
			fn partial_cmp(&self, other: &$name) -> Option<core::cmp::Ordering> {
				self.partial_cmp(&other.0)
			}
		}
		impl Add<$name> for u64 {
			type Output = u64;
			fn add(self, other: $name) -> u64 {
				self + other.0
			}
		}
		impl Sub<$name> for u64 {
			type Output = u64;
			fn sub(self, other: $name) -> u64 {
				self - other.0
			}
		}
		impl Add<u64> for $name {
			type Output = $name;
			fn add(self, other: u64) -> $name {
				$name(self.0 + other)
			}
		}
		impl Sub<u64> for $name {
			type Output = $name;
			fn sub(self, other: u64) -> $name {
				$name(self.0 - other)
			}
		}
	};
}

#[cfg(test)]
mixes_with_u64_in_tests!(TaoBalance);
#[cfg(test)]
mixes_with_u64_in_tests!(AlphaBalance);
#[cfg(test)]
mixes_with_u64_in_tests!(Price);

unit! {
	/// An amount of TAO in rao (10^-9 TAO). Every TAO amount fits: 21 M TAO = 2.1 × 10^16 rao.
	TaoBalance
}

unit! {
	/// An amount of a subnet's alpha in its smallest unit (9 decimals, like TAO). On root,
	/// stake is TAO held 1:1 and is counted in this unit too ([`AlphaBalance::root_tao`]).
	AlphaBalance
}

impl AlphaBalance {
	/// Root's stake as TAO: on root one unit of stake is one rao (docs/mechanism.md §4).
	pub const fn root_tao(self) -> TaoBalance {
		TaoBalance(self.0)
	}
}

impl TaoBalance {
	/// TAO staked on root as root stake, 1:1 (docs/mechanism.md §4).
	pub const fn root_stake(self) -> AlphaBalance {
		AlphaBalance(self.0)
	}
}

unit! {
	/// A price in rao of TAO per unit of alpha: [`Price::ONE`] (10^9) is 1.0. Also the unit of a
	/// move's limit, the ratio of two subnets' prices, rao-scaled the same way.
	Price
}

impl Price {
	/// 1.0 TAO per alpha.
	pub const ONE: Self = Self(crate::pool::PRICE_SCALE);

	/// The TAO value of `alpha` at this price, floored (the holder is credited no fraction) and
	/// saturating.
	pub fn tao_of(self, alpha: AlphaBalance) -> TaoBalance {
		TaoBalance::saturating_from(mul_div_floor(
			alpha.as_u128(),
			self.0 as u128,
			crate::pool::PRICE_SCALE as u128,
		))
	}

	/// The alpha `tao` buys at this price, floored and saturating; nothing at a zero price.
	pub fn alpha_for(self, tao: TaoBalance) -> AlphaBalance {
		AlphaBalance::saturating_from(mul_div_floor(
			tao.as_u128(),
			crate::pool::PRICE_SCALE as u128,
			self.0 as u128,
		))
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn units_encode_as_the_integers_they_wrap() {
		assert_eq!(TaoBalance(7).encode(), 7u64.encode());
		assert_eq!(AlphaBalance(u64::MAX).encode(), u64::MAX.encode());
		assert_eq!(Price(1).encode(), 1u64.encode());
		assert_eq!(TaoBalance::max_encoded_len(), 8);
		assert_eq!(TaoBalance::decode(&mut &9u64.encode()[..]), Ok(TaoBalance(9)));
	}

	#[test]
	fn prices_convert_with_floors() {
		// 2.5 TAO per alpha: 3 alpha are worth 7.5 TAO, floored to 7; 10 TAO buy 4 alpha.
		let p = Price(2_500_000_000);
		assert_eq!(p.tao_of(AlphaBalance(3)), TaoBalance(7));
		assert_eq!(p.alpha_for(TaoBalance(10)), AlphaBalance(4));
		assert_eq!(p.alpha_for(TaoBalance(9)), AlphaBalance(3));
		assert_eq!(Price::ZERO.alpha_for(TaoBalance(9)), AlphaBalance(0));
		assert_eq!(Price::MAX.tao_of(AlphaBalance::MAX), TaoBalance::MAX);
	}

	#[test]
	fn mul_div_rounds_as_asked() {
		assert_eq!(mul_div(7, 3, 2, Rounding::Down), U256::from(10));
		assert_eq!(mul_div(7, 3, 2, Rounding::Up), U256::from(11));
		assert_eq!(mul_div(8, 3, 2, Rounding::Up), U256::from(12));
		assert_eq!(mul_div(5, 5, 0, Rounding::Up), U256::zero());
		assert_eq!(mul_div_floor(u128::MAX, u128::MAX, 1), u128::MAX);
	}

	#[test]
	fn amounts_saturate_and_check() {
		assert_eq!(TaoBalance::MAX.saturating_add(TaoBalance(1)), TaoBalance::MAX);
		assert_eq!(TaoBalance(1).checked_sub(TaoBalance(2)), None);
		assert_eq!(AlphaBalance(3).saturating_sub(AlphaBalance(5)), AlphaBalance::ZERO);
		assert_eq!(3 * TaoBalance(4), TaoBalance(12));
		assert_eq!([TaoBalance(1), TaoBalance(2)].into_iter().sum::<TaoBalance>(), TaoBalance(3));
	}
}
