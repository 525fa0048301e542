//! Tests that need a runtime (the pure math is tested next to it).

mod dissolution;
mod emission;
mod epochs;
mod fuzz;
mod neurons;
mod share_rules;
mod shares;
mod staking;
mod try_state;

use crate::mock::*;
use frame_support::traits::fungible::Inspect;

/// The `EpochPaid` events so far, in order.
pub(crate) fn epoch_events() -> Vec<crate::pallet::Event<Test>> {
	events().into_iter().filter(|e| matches!(e, crate::pallet::Event::EpochPaid { .. })).collect()
}

/// Free TAO of `who`.
pub(crate) fn free(who: u64) -> u64 {
	Balances::balance(&who)
}
