//! Share pools at scale, through the pallet: the cases a random-sequence test found after
//! emission and epochs had raised value per share (issue item 4). Each pool is built as the
//! epochs built it: a one-unit credit, then dividends. The expectations are the amounts the calls
//! were given; `try_state` (run by `test` after each) checks that `alpha_out` still equals what
//! the share pools hold.

use crate::types::{AlphaBalance, NetUid, Price, TaoBalance};
use crate::{
	mock::*,
	pallet::{Event, HotkeyPools, Stake, Subnets},
	pool::PRICE_SCALE,
	shares::{Holding, SharePool},
	ROOT_NETUID,
};
use frame_support::{assert_ok, traits::fungible::Mutate};

/// Gives `coldkey` a one-unit position on (`hotkey`, `netuid`) and then `dividends` to the
/// hotkey's pool, as an epoch would: `alpha_out` follows and, on root (where stake is TAO held
/// 1:1), so do the TAO reserve and the pallet account's TAO.
fn seed_then_dividends(coldkey: u64, hotkey: u64, netuid: NetUid, dividends: u64) {
	assert!(DynamicTao::credit_position(&coldkey, &hotkey, netuid, AlphaBalance(1)));
	HotkeyPools::<Test>::mutate(netuid, hotkey, |p| p.distribute(dividends).unwrap());
	let added = 1 + dividends;
	Subnets::<Test>::mutate(netuid, |p| {
		let p = p.as_mut().unwrap();
		p.alpha_out += AlphaBalance(added);
		if netuid == ROOT_NETUID {
			p.tao_reserve += TaoBalance(added);
		}
	});
	if netuid == ROOT_NETUID {
		Balances::mint_into(&DynamicTao::account_id(), added).unwrap();
	}
}

#[test]
fn try_state_catches_share_pools_that_break_their_bounds() {
	new_test_ext().execute_with(|| {
		let netuid = started_subnet();
		assert!(DynamicTao::credit_position(&ALICE, &ALICE_HOT, netuid, AlphaBalance(1)));
		Subnets::<Test>::mutate(netuid, |p| p.as_mut().unwrap().alpha_out += AlphaBalance(1));
		assert_eq!(DynamicTao::do_try_state(), Ok(()));
		let e18 = 1_000_000_000_000_000_000u128;
		// Each corrupt pool with ALICE as its only holder, of all its shares.
		let bad = [
			(SharePool { value: 0, shares: 5, era: 0 }, "a share pool has shares but no value"),
			(
				SharePool { value: 1, shares: e18 + 1, era: 0 },
				"a share pool has more shares per unit than its first deposit minted",
			),
			(
				SharePool { value: 1_000, shares: 1_000 * 1_000_000_000 - 1, era: 0 },
				"a share pool's shares are coarse (worth more than 10^-9 units each)",
			),
		];
		for (pool, reason) in bad {
			HotkeyPools::<Test>::insert(netuid, ALICE_HOT, pool);
			Stake::<Test>::insert(
				(ALICE, ALICE_HOT, netuid),
				Holding { shares: pool.shares, era: 0 },
			);
			Subnets::<Test>::mutate(netuid, |p| {
				p.as_mut().unwrap().alpha_out = AlphaBalance(pool.value)
			});
			assert_eq!(DynamicTao::do_try_state(), Err(reason.into()), "{pool:?}");
		}
		// A fine pool, with a holding from a later era, then with fewer shares than the pool.
		let pool = SharePool { value: 1, shares: e18, era: 0 };
		HotkeyPools::<Test>::insert(netuid, ALICE_HOT, pool);
		Subnets::<Test>::mutate(netuid, |p| p.as_mut().unwrap().alpha_out = AlphaBalance(1));
		let holding = |shares, era| {
			Stake::<Test>::insert((ALICE, ALICE_HOT, netuid), Holding { shares, era })
		};
		holding(e18, 1);
		assert_eq!(
			DynamicTao::do_try_state(),
			Err("a holding is from a later era than its pool".into())
		);
		holding(e18 - 1, 0);
		assert_eq!(
			DynamicTao::do_try_state(),
			Err("a share pool's shares are not its holders' shares".into())
		);
		// An era-0 holding of a pool at era 1 is read × 10^9: consistent again.
		HotkeyPools::<Test>::insert(netuid, ALICE_HOT, SharePool { era: 1, shares: e18, value: 1 });
		holding(e18 / 1_000_000_000, 0);
		assert_eq!(DynamicTao::do_try_state(), Ok(()));
	});
}

#[test]
fn a_pool_drained_and_regrown_twice_still_takes_stake_and_partial_unstakes() {
	test(|| {
		let netuid = started_subnet();
		assert_ok!(DynamicTao::set_min_stake(RuntimeOrigin::root(), TaoBalance(0)));
		let regrow = |dividends: u64| {
			HotkeyPools::<Test>::mutate(netuid, ALICE_HOT, |p| p.distribute(dividends).unwrap());
			Subnets::<Test>::mutate(netuid, |p| {
				p.as_mut().unwrap().alpha_out += AlphaBalance(dividends)
			});
		};
		let unstake = |coldkey, amount| {
			DynamicTao::remove_stake(RuntimeOrigin::signed(coldkey), ALICE_HOT, netuid, amount)
		};
		// A lone holder's pool: one unit grown to 1 000 alpha, drained to one unit, regrown to
		// 1 000 alpha. Without rescaling, each of its shares would now be worth 10^6 units
		// (10^18 shares, 10^18 − 10^6 burned by the drain, 10^12 units on the 10^6 left).
		seed_then_dividends(ALICE, ALICE_HOT, netuid, 1_000 * TAO - 1);
		assert_ok!(unstake(ALICE, AlphaBalance(1_000 * TAO - 1)));
		regrow(1_000 * TAO - 1);
		assert_eq!(DynamicTao::stake_of(&ALICE, &ALICE_HOT, netuid), AlphaBalance(1_000 * TAO));
		let pool = HotkeyPools::<Test>::get(netuid, ALICE_HOT);
		assert_eq!(pool.era, 2, "{pool:?}");
		assert!(pool.shares >= 1_000_000_000 * pool.value as u128, "{pool:?}");
		// BOB stakes; ALICE unstakes a part, then a small part: each within a unit.
		assert_ok!(DynamicTao::add_stake(
			RuntimeOrigin::signed(BOB),
			ALICE_HOT,
			netuid,
			TaoBalance(5 * TAO)
		));
		let bob = DynamicTao::stake_of(&BOB, &ALICE_HOT, netuid);
		let alpha_out = events()
			.into_iter()
			.find_map(|e| match e {
				Event::StakeAdded { alpha_out, .. } => Some(alpha_out),
				_ => None,
			})
			.expect("the stake is reported");
		assert!(
			bob <= alpha_out && alpha_out - bob <= AlphaBalance(1),
			"{alpha_out} bought, {bob} held"
		);
		for amount in [33 * TAO + 7, 1_000_007] {
			let before = DynamicTao::stake_of(&ALICE, &ALICE_HOT, netuid);
			assert_ok!(unstake(ALICE, AlphaBalance(amount)));
			let after = DynamicTao::stake_of(&ALICE, &ALICE_HOT, netuid);
			assert!(
				before - AlphaBalance(amount) - after <= AlphaBalance(1),
				"{before} - {amount} left {after}"
			);
		}
		assert!(DynamicTao::stake_of(&BOB, &ALICE_HOT, netuid) >= bob);
	});
}

#[test]
fn a_root_stake_after_large_dividends_is_credited_within_a_unit() {
	test(|| {
		started_subnet();
		// ALICE's one rao of root stake has grown to 5 TAO: at the old scale of 10^9 shares per
		// unit a share was worth 5 rao, and a credit of 6 683 480 074 rao raised the position by
		// 6 683 480 070.
		seed_then_dividends(ALICE, ALICE_HOT, ROOT_NETUID, 5 * TAO - 1);
		let amount = 6_683_480_074;
		assert_ok!(DynamicTao::add_stake(
			RuntimeOrigin::signed(BOB),
			ALICE_HOT,
			NetUid(0),
			TaoBalance(amount)
		));
		let staked = DynamicTao::stake_of(&BOB, &ALICE_HOT, ROOT_NETUID);
		assert!(
			staked <= AlphaBalance(amount) && amount - staked <= 1,
			"{amount} staked, {staked} credited"
		);
		// An epoch's credit on top (a take paid as root stake) likewise.
		assert!(DynamicTao::credit_position(&BOB, &ALICE_HOT, ROOT_NETUID, AlphaBalance(amount)));
		Subnets::<Test>::mutate(ROOT_NETUID, |p| {
			let p = p.as_mut().unwrap();
			p.alpha_out += AlphaBalance(amount);
			p.tao_reserve += TaoBalance(amount);
		});
		Balances::mint_into(&DynamicTao::account_id(), amount).unwrap();
		let credited = DynamicTao::stake_of(&BOB, &ALICE_HOT, ROOT_NETUID) - staked;
		assert!(
			credited <= AlphaBalance(amount) && amount - credited <= 1,
			"{amount} → {credited}"
		);
		// And ALICE lost nothing to either.
		assert!(DynamicTao::stake_of(&ALICE, &ALICE_HOT, ROOT_NETUID) >= AlphaBalance(5 * TAO));
	});
}

#[test]
fn a_limit_unstake_debits_at_most_a_unit_more_than_it_sells() {
	test(|| {
		let netuid = started_subnet();
		// ALICE_HOT's pool: one unit grown to 9 alpha (old scale: 9 units a share).
		seed_then_dividends(ALICE, ALICE_HOT, netuid, 9 * TAO - 1);
		assert_ok!(DynamicTao::add_stake(
			RuntimeOrigin::signed(BOB),
			ALICE_HOT,
			netuid,
			TaoBalance(50 * TAO)
		));
		run_past_hold();
		let before = DynamicTao::stake_of(&BOB, &ALICE_HOT, netuid);
		// The limit stops the sale part-way: only `sold` alpha leaves the position.
		assert_ok!(DynamicTao::remove_stake_limit(
			RuntimeOrigin::signed(BOB),
			ALICE_HOT,
			netuid,
			before,
			Price(2 * PRICE_SCALE),
			true
		));
		let sold = events()
			.into_iter()
			.find_map(|e| match e {
				Event::StakeRemoved { alpha_in, .. } => Some(alpha_in),
				_ => None,
			})
			.expect("the unstake is reported");
		assert!(sold > AlphaBalance(0) && sold < before, "a partial sale: {sold} of {before}");
		let after = DynamicTao::stake_of(&BOB, &ALICE_HOT, netuid);
		let debited = before - after;
		assert!(
			debited >= sold && debited - sold <= AlphaBalance(1),
			"sold {sold}, debited {debited}"
		);
	});
}

#[test]
fn unstaking_all_but_a_unit_leaves_that_unit_in_the_pool() {
	test(|| {
		let netuid = started_subnet();
		assert_ok!(DynamicTao::set_min_stake(RuntimeOrigin::root(), TaoBalance(0)));
		// One unit grown to 1 000 alpha: at the old scale, unstaking all but one unit burned
		// every share and set the pool's value to zero while `alpha_out` still counted the unit.
		seed_then_dividends(ALICE, ALICE_HOT, netuid, 1_000 * TAO - 1);
		assert_eq!(DynamicTao::stake_of(&ALICE, &ALICE_HOT, netuid), AlphaBalance(1_000 * TAO));
		assert_ok!(DynamicTao::remove_stake(
			RuntimeOrigin::signed(ALICE),
			ALICE_HOT,
			netuid,
			AlphaBalance(1_000 * TAO - 1)
		));
		assert_eq!(DynamicTao::stake_of(&ALICE, &ALICE_HOT, netuid), AlphaBalance(1));
		assert_eq!(HotkeyPools::<Test>::get(netuid, ALICE_HOT).value, 1);
	});
}
