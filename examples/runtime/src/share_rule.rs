//! This chain's own share rule: each subnet's weight is the square root of its moving price, so
//! a subnet priced four times another gets twice its TAO, not four times (the dampened shares
//! this example chain chose; docs/forking.md, "Plugging a share rule").

use alloc::vec::Vec;
use pallet_dynamic_tao::{
	types::{EmissionParams, NetUid, SubnetPool, TaoBalance},
	SubnetShares,
};
use sp_runtime::traits::IntegerSquareRoot;

#[docify::export(sqrt_price)]
/// Weights `sqrt(P_i)`, with `P_i` the moving price (no state of its own).
pub struct SqrtPrice;

#[docify::export(sqrt_price)]
impl SubnetShares for SqrtPrice {
	fn weigh(_: &EmissionParams, subnets: &mut [(NetUid, SubnetPool)], _: TaoBalance) -> Vec<u128> {
		// A FixedU128 holds P · 10^18, so the root is sqrt(P) · 10^9: still exact to 10^-9.
		subnets.iter().map(|(_, pool)| pool.moving_price.into_inner().integer_sqrt()).collect()
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use sp_runtime::FixedU128;

	#[test]
	fn a_price_four_times_higher_weighs_twice() {
		let pool = |n, d| SubnetPool {
			moving_price: FixedU128::from_rational(n, d),
			..Default::default()
		};
		// sqrt(0.64) = 0.8 and sqrt(0.16) = 0.4, times 10^9.
		let mut subnets = [(NetUid(1), pool(64, 100)), (NetUid(2), pool(16, 100))];
		let w = SqrtPrice::weigh(&EmissionParams::default(), &mut subnets, TaoBalance(0));
		assert_eq!(w, vec![800_000_000, 400_000_000]);
	}
}
