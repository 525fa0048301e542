//! Tests that need a runtime (the pure math is tested next to it).

use crate::{mock::*, pallet::Subnets, SubnetPool, ROOT_NETUID};
use frame_support::traits::fungible::{Inspect, Mutate};

#[test]
fn genesis_creates_the_root_subnet_and_the_pallet_account() {
	test(|| {
		assert_eq!(Subnets::<Test>::get(ROOT_NETUID), Some(SubnetPool::default()));
		assert_eq!(Subnets::<Test>::iter().count(), 1);
		let account = DynamicTao::account_id();
		// Kept alive by a provider reference, not by an existential deposit.
		assert!(System::account_exists(&account));
		assert_eq!(System::providers(&account), 1);
		assert_eq!(Balances::balance(&account), 0);
		assert_eq!(Balances::total_issuance(), 2_000 * TAO);
	});
}

#[test]
fn pallet_account_is_derived_from_the_pallet_id() {
	test(|| {
		// "modl" ++ "dtao/pal" ++ zero padding, truncated to the 8-byte AccountId of the mock.
		assert_eq!(DynamicTao::account_id(), u64::from_le_bytes(*b"modldtao"));
	});
}

#[test]
fn view_function_reads_the_pool() {
	test(|| {
		assert_eq!(DynamicTao::subnet_pool(ROOT_NETUID), Some(SubnetPool::default()));
		assert_eq!(DynamicTao::subnet_pool(1), None);
	});
}

#[test]
fn try_state_catches_reserves_without_tao() {
	new_test_ext().execute_with(|| {
		assert!(DynamicTao::do_try_state().is_ok());
		// A reserve that no TAO backs.
		Subnets::<Test>::insert(
			1,
			SubnetPool { tao_reserve: 5 * TAO, alpha_in: TAO, alpha_out: 0 },
		);
		assert!(DynamicTao::do_try_state().is_err());
		// Backed exactly: consistent again.
		Balances::mint_into(&DynamicTao::account_id(), 5 * TAO).unwrap();
		assert!(DynamicTao::do_try_state().is_ok());
	});
}

#[test]
fn try_state_catches_alpha_on_root() {
	new_test_ext().execute_with(|| {
		Subnets::<Test>::mutate(ROOT_NETUID, |p| p.as_mut().unwrap().alpha_out = 1);
		assert!(DynamicTao::do_try_state().is_err());
	});
}
