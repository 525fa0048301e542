//! Each named `try_state` check catches its own corruption: starting from a live state in which
//! every check passes, one storage item is broken by hand and exactly that check fails, with its
//! reason.

use crate::types::{AlphaBalance, NetUid, TaoBalance};
use crate::{
	mock::*,
	pallet::*,
	shares::{Holding, SharePool},
	try_state::{netuid_items, Check},
	ROOT_NETUID,
};
use frame_support::{assert_ok, traits::fungible::Mutate};

/// Subnet 1 started, BOB's stake on it (a position, its index entry and its hold), the owner's
/// neuron: every check passes.
fn live() -> NetUid {
	let netuid = started_subnet();
	assert_ok!(DynamicTao::add_stake(
		RuntimeOrigin::signed(BOB),
		ALICE_HOT,
		netuid,
		TaoBalance(10 * TAO)
	));
	assert!(Stake::<Test>::contains_key((BOB, ALICE_HOT, netuid)));
	assert!(StakeHolds::<Test>::contains_key((BOB, ALICE_HOT, netuid)));
	assert_eq!(NeuronCount::<Test>::get(netuid), 1);
	assert_eq!(DynamicTao::failing_checks(), vec![]);
	netuid
}

/// Exactly `check` fails, for `reason`; `try_state` reports the same reason.
fn only(check: Check, reason: &'static str) {
	assert_eq!(DynamicTao::failing_checks(), vec![(check, reason)]);
	assert_eq!(DynamicTao::do_try_state(), Err(reason.into()));
}

#[test]
fn every_check_has_a_distinct_name() {
	let mut names: Vec<_> = Check::ALL.iter().map(|c| c.name()).collect();
	names.sort();
	names.dedup();
	assert_eq!(names.len(), Check::ALL.len());
}

#[test]
fn root_subnet_catches_a_pool_on_root() {
	new_test_ext().execute_with(|| {
		live();
		Subnets::<Test>::mutate(ROOT_NETUID, |p| p.as_mut().unwrap().alpha_in = AlphaBalance(5));
		only(Check::RootSubnet, "the root subnet has no pool");
	});
}

#[test]
fn share_pools_catches_coarse_shares() {
	new_test_ext().execute_with(|| {
		let netuid = live();
		// One share per unit, BOB holding all of them: consistent, but coarse.
		let value = HotkeyPools::<Test>::get(netuid, ALICE_HOT).value;
		HotkeyPools::<Test>::insert(
			netuid,
			ALICE_HOT,
			SharePool { value, shares: value as u128, era: 0 },
		);
		Stake::<Test>::insert((BOB, ALICE_HOT, netuid), Holding { shares: value as u128, era: 0 });
		only(
			Check::SharePools,
			"a share pool's shares are coarse (worth more than 10^-9 units each)",
		);
	});
}

#[test]
fn positions_catches_shares_the_holders_do_not_have() {
	new_test_ext().execute_with(|| {
		let netuid = live();
		Stake::<Test>::mutate((BOB, ALICE_HOT, netuid), |h| h.shares -= 1);
		only(Check::Positions, "a share pool's shares are not its holders' shares");
	});
}

#[test]
fn positions_catches_a_hold_without_a_position() {
	new_test_ext().execute_with(|| {
		let netuid = live();
		let hold = StakeHolds::<Test>::get((BOB, ALICE_HOT, netuid)).unwrap();
		StakeHolds::<Test>::insert((CHARLIE, ALICE_HOT, netuid), hold);
		only(Check::Positions, "a hold on a position that does not exist");
	});
}

#[test]
fn alpha_accounting_catches_alpha_out_that_no_pool_holds() {
	new_test_ext().execute_with(|| {
		let netuid = live();
		Subnets::<Test>::mutate(netuid, |p| p.as_mut().unwrap().alpha_out += AlphaBalance(1));
		only(
			Check::AlphaAccounting,
			"alpha outside a pool differs from the alpha staked on it plus pending",
		);
	});
}

#[test]
fn subnets_catches_a_wrong_count() {
	new_test_ext().execute_with(|| {
		live();
		SubnetCount::<Test>::mutate(|c| *c += 1);
		only(Check::Subnets, "the subnet count is off");
	});
}

#[test]
fn tao_backing_catches_a_shortfall_and_accepts_a_donation() {
	new_test_ext().execute_with(|| {
		live();
		// A donation is a surplus: fine.
		Balances::mint_into(&DynamicTao::account_id(), 7 * TAO).unwrap();
		assert_eq!(DynamicTao::failing_checks(), vec![]);
		// More than that taken out: a shortfall (the root subnet, 1:1, still adds up).
		Balances::burn_from(
			&DynamicTao::account_id(),
			7 * TAO + 1,
			frame_support::traits::tokens::Preservation::Expendable,
			frame_support::traits::tokens::Precision::Exact,
			frame_support::traits::tokens::Fortitude::Force,
		)
		.unwrap();
		only(Check::TaoBacking, "the pallet account holds less TAO than the reserves it owes");
	});
}

#[test]
fn free_netuids_catches_state_left_in_any_per_netuid_item() {
	new_test_ext().execute_with(|| {
		live();
		// Netuid 2 was never used: free it by hand, then leave one entry of each item in turn.
		crate::TotalNetworks::<Test>::put(NetUid(3));
		FreeNetuids::<Test>::mutate(|f| f.try_push(NetUid(2)).unwrap());
		assert_eq!(DynamicTao::failing_checks(), vec![]);
		let leftovers: [(&str, fn()); 8] = [
			("HotkeyPools", || {
				HotkeyPools::<Test>::insert(NetUid(2), ALICE_HOT, SharePool::default())
			}),
			("Neurons", || {
				Neurons::<Test>::insert(
					NetUid(2),
					0,
					crate::types::Neuron { hotkey: ALICE_HOT, registered_at: 0, last_update: 0 },
				)
			}),
			("NeuronUids", || NeuronUids::<Test>::insert(NetUid(2), ALICE_HOT, 0)),
			("Weights", || {
				Weights::<Test>::insert(NetUid(2), 0, frame_support::BoundedVec::default())
			}),
			("Bonds", || Bonds::<Test>::insert(NetUid(2), 0, frame_support::BoundedVec::default())),
			("NeuronCount", || NeuronCount::<Test>::insert(NetUid(2), 0)),
			("Metagraph", || {
				Metagraph::<Test>::insert(NetUid(2), frame_support::BoundedVec::default())
			}),
			("Burns", || Burns::<Test>::insert(NetUid(2), crate::types::BurnState::default())),
		];
		// The test covers the whole list, in its order.
		let names: Vec<_> = netuid_items::<Test>().iter().map(|i| i.name).collect();
		assert_eq!(names, leftovers.iter().map(|(n, _)| *n).collect::<Vec<_>>());
		for (name, leave) in leftovers {
			frame_support::storage::with_transaction(|| {
				leave();
				assert_eq!(
					DynamicTao::failing_checks(),
					vec![(Check::FreeNetuids, "a free netuid still has state")],
					"{name}"
				);
				frame_support::storage::TransactionOutcome::Rollback(Ok::<
					(),
					sp_runtime::DispatchError,
				>(()))
			})
			.unwrap();
		}
	});
}

#[test]
fn block_emission_catches_more_than_e_of_i() {
	new_test_ext().execute_with(|| {
		let netuid = live();
		// A block's injection of 2 TAO, above E(I) = 1 TAO.
		Subnets::<Test>::mutate(netuid, |p| {
			p.as_mut().unwrap().last_injection.tao_in = TaoBalance(2 * TAO)
		});
		only(Check::BlockEmission, "a block emitted more TAO than E(I)");
	});
}

#[test]
fn neurons_catches_a_hotkey_that_does_not_map_back() {
	new_test_ext().execute_with(|| {
		let netuid = live();
		NeuronUids::<Test>::insert(netuid, ALICE_HOT, 5);
		only(Check::Neurons, "a neuron's hotkey does not map back to its UID");
	});
}
