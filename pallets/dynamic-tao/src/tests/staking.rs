//! Registration and staking.

use super::free;
use crate::types::{AlphaBalance, NetUid, Price, TaoBalance};
use crate::{
	mock::*,
	pallet::{Error, Event, HotkeyPools, Owner, Stake, StakingConfig, SubnetOwners, Subnets},
	pool::PRICE_SCALE,
	SubnetPool, ROOT_NETUID,
};
use frame_support::{
	assert_noop, assert_ok,
	traits::fungible::{Inspect, InspectHold, Mutate},
};
use sp_arithmetic::Permill;

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
		assert_eq!(Balances::total_issuance(), 30_000 * TAO);
		assert_eq!(StakingConfig::<Test>::get().fee, Permill::from_parts(500));
		assert_eq!(StakingConfig::<Test>::get().min_stake, TaoBalance(2_000_000));
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
fn try_state_catches_reserves_without_tao() {
	new_test_ext().execute_with(|| {
		assert!(DynamicTao::do_try_state().is_ok());
		// Root stake recorded that no TAO backs.
		Subnets::<Test>::insert(
			NetUid(0),
			SubnetPool { tao_reserve: TaoBalance(5 * TAO), ..Default::default() },
		);
		assert!(DynamicTao::do_try_state().is_err());
		Balances::mint_into(&DynamicTao::account_id(), 5 * TAO).unwrap();
		// Still wrong: root's alpha_out (= staked TAO) does not match.
		assert!(DynamicTao::do_try_state().is_err());
	});
}

// --- registration --------------------------------------------------------------------------

#[test]
fn register_network_seeds_the_pool_from_the_lock() {
	test(|| {
		assert_eq!(DynamicTao::network_registration_cost(), TaoBalance(MIN_LOCK));
		assert_ok!(DynamicTao::register_network(RuntimeOrigin::signed(ALICE), ALICE_HOT));
		// Pool at price 1.0 with 100 TAO / 100 alpha; nothing held (cost = min lock).
		assert_eq!(
			Subnets::<Test>::get(NetUid(1)),
			Some(SubnetPool::new(TaoBalance(MIN_LOCK), AlphaBalance(MIN_LOCK)))
		);
		assert_eq!(free(ALICE), 10_000 * TAO - MIN_LOCK);
		assert_eq!(Balances::balance(&DynamicTao::account_id()), MIN_LOCK);
		assert_eq!(Owner::<Test>::get(ALICE_HOT), Some(ALICE));
		let meta = SubnetOwners::<Test>::get(NetUid(1)).unwrap();
		assert_eq!(
			(meta.owner_coldkey, meta.started_at, meta.locked),
			(ALICE, None, TaoBalance(0))
		);
		System::assert_last_event(
			Event::NetworkRegistered {
				netuid: NetUid(1),
				owner_coldkey: ALICE,
				owner_hotkey: ALICE_HOT,
				lock_cost: TaoBalance(MIN_LOCK),
				pool_tao: TaoBalance(MIN_LOCK),
				pool_alpha: AlphaBalance(MIN_LOCK),
			}
			.into(),
		);
	});
}

#[test]
fn second_registration_doubles_the_lock_and_holds_the_excess() {
	test(|| {
		assert_ok!(DynamicTao::register_network(RuntimeOrigin::signed(ALICE), ALICE_HOT));
		// 50 blocks later: 2·100 − (100/100 TAO per block)·50 = 150 TAO.
		run_to(51);
		assert_eq!(DynamicTao::network_registration_cost(), TaoBalance(150 * TAO));
		assert_ok!(DynamicTao::register_network(RuntimeOrigin::signed(BOB), BOB_HOT));
		assert_eq!(Subnets::<Test>::get(NetUid(2)).unwrap().tao_reserve, TaoBalance(MIN_LOCK));
		assert_eq!(
			Balances::balance_on_hold(&crate::HoldReason::SubnetLock.into(), &BOB),
			50 * TAO
		);
		assert_eq!(free(BOB), 10_000 * TAO - 150 * TAO);
		assert_eq!(SubnetOwners::<Test>::get(NetUid(2)).unwrap().locked, TaoBalance(50 * TAO));
	});
}

#[test]
fn register_network_rejections_change_nothing() {
	test(|| {
		assert_ok!(DynamicTao::register_network(RuntimeOrigin::signed(ALICE), ALICE_HOT));
		// BOB cannot use ALICE's hotkey.
		assert_noop!(
			DynamicTao::register_network(RuntimeOrigin::signed(BOB), ALICE_HOT),
			Error::<Test>::HotkeyOwnedByAnother
		);
		// An account that cannot pay 200 TAO.
		Balances::mint_into(&42, 150 * TAO).unwrap();
		assert_noop!(
			DynamicTao::register_network(RuntimeOrigin::signed(42), 43),
			Error::<Test>::InsufficientBalance
		);
	});
}

#[test]
fn start_call_is_for_the_owner_after_the_delay() {
	test(|| {
		assert_ok!(DynamicTao::register_network(RuntimeOrigin::signed(ALICE), ALICE_HOT));
		assert_noop!(
			DynamicTao::start_call(RuntimeOrigin::signed(ALICE), NetUid(1)),
			Error::<Test>::StartCallTooEarly
		);
		run_to(1 + START_DELAY);
		assert_noop!(
			DynamicTao::start_call(RuntimeOrigin::signed(BOB), NetUid(1)),
			Error::<Test>::NotSubnetOwner
		);
		assert_noop!(
			DynamicTao::start_call(RuntimeOrigin::signed(ALICE), NetUid(9)),
			Error::<Test>::SubnetNotFound
		);
		assert_noop!(
			DynamicTao::start_call(RuntimeOrigin::signed(ALICE), NetUid(0)),
			Error::<Test>::IsRootSubnet
		);
		assert_ok!(DynamicTao::start_call(RuntimeOrigin::signed(ALICE), NetUid(1)));
		System::assert_last_event(Event::SubnetStarted { netuid: NetUid(1), block: 11 }.into());
		assert_noop!(
			DynamicTao::start_call(RuntimeOrigin::signed(ALICE), NetUid(1)),
			Error::<Test>::AlreadyStarted
		);
	});
}

// --- staking -------------------------------------------------------------------------------

#[test]
fn add_stake_swaps_tao_into_alpha() {
	test(|| {
		let netuid = started_subnet();
		// Pool 100/100, stake 10 TAO, fee 0.05 % = 0.005 TAO; 9.995 TAO swapped:
		// 100·9.995/109.995 = 9.086776671… alpha.
		assert_ok!(DynamicTao::add_stake(
			RuntimeOrigin::signed(BOB),
			ALICE_HOT,
			netuid,
			TaoBalance(10 * TAO)
		));
		assert_eq!(DynamicTao::stake_of(&BOB, &ALICE_HOT, netuid), AlphaBalance(9_086_776_671));
		assert_eq!(free(BOB), 10_000 * TAO - 10 * TAO);
		let pool = Subnets::<Test>::get(netuid).unwrap();
		assert_eq!(pool.tao_reserve, TaoBalance(110 * TAO));
		assert_eq!(pool.alpha_in, AlphaBalance(100 * TAO - 9_086_776_671));
		assert_eq!(pool.alpha_out, AlphaBalance(9_086_776_671));
		System::assert_last_event(
			Event::StakeAdded {
				coldkey: BOB,
				hotkey: ALICE_HOT,
				netuid,
				tao_in: TaoBalance(10 * TAO),
				alpha_out: AlphaBalance(9_086_776_671),
				fee: TaoBalance(5_000_000),
				price_before: Price(PRICE_SCALE),
				// 110e9 · 1e9 / 90_913_223_329 = 1_209_944_999.6… → floored
				price_after: Price(1_209_944_999),
				// Paid 10e9 · 1e9 / 9_086_776_671 = 1_100_500_250.2… per alpha → rounded up.
				avg_price: Price(1_100_500_251),
				limit_price: None,
			}
			.into(),
		);
	});
}

#[test]
fn root_stake_is_one_to_one_without_fee() {
	test(|| {
		started_subnet();
		assert_ok!(DynamicTao::add_stake(
			RuntimeOrigin::signed(BOB),
			ALICE_HOT,
			NetUid(0),
			TaoBalance(7 * TAO)
		));
		assert_eq!(DynamicTao::stake_of(&BOB, &ALICE_HOT, NetUid(0)), AlphaBalance(7 * TAO));
		assert_eq!(
			Subnets::<Test>::get(NetUid(0)),
			Some(SubnetPool {
				tao_reserve: TaoBalance(7 * TAO),
				alpha_out: AlphaBalance(7 * TAO),
				..Default::default()
			})
		);
		run_past_hold();
		assert_ok!(DynamicTao::remove_stake(
			RuntimeOrigin::signed(BOB),
			ALICE_HOT,
			NetUid(0),
			AlphaBalance(7 * TAO)
		));
		assert_eq!(free(BOB), 10_000 * TAO);
		assert_eq!(Stake::<Test>::iter().count(), 0);
	});
}

#[test]
fn remove_stake_swaps_back_and_full_unstake_clears_the_position() {
	test(|| {
		let netuid = started_subnet();
		assert_ok!(DynamicTao::add_stake(
			RuntimeOrigin::signed(BOB),
			ALICE_HOT,
			netuid,
			TaoBalance(10 * TAO)
		));
		let alpha = DynamicTao::stake_of(&BOB, &ALICE_HOT, netuid);
		run_past_hold();
		let pool = Subnets::<Test>::get(netuid).unwrap();
		// Independent: gross = floor(T·a/(A + a)), fee = ceil(0.05 % · gross).
		let gross = ((u128::from(pool.tao_reserve)) * (u128::from(alpha))
			/ (u128::from(pool.alpha_in + alpha))) as u64;
		let fee = (gross as u128 * 500).div_ceil(1_000_000) as u64;
		assert_ok!(DynamicTao::remove_stake_full_limit(
			RuntimeOrigin::signed(BOB),
			ALICE_HOT,
			netuid,
			None
		));
		assert_eq!(free(BOB), 10_000 * TAO - 10 * TAO + gross - fee);
		assert_eq!(DynamicTao::stake_of(&BOB, &ALICE_HOT, netuid), AlphaBalance(0));
		assert!(!Stake::<Test>::contains_key((BOB, ALICE_HOT, netuid)));
		assert!(!HotkeyPools::<Test>::contains_key(netuid, ALICE_HOT));
		// Round trip: BOB paid two fees and the rounding, nothing else; the pool kept them.
		let after = Subnets::<Test>::get(netuid).unwrap();
		assert_eq!(after.alpha_in, AlphaBalance(MIN_LOCK));
		assert_eq!(after.tao_reserve, TaoBalance(MIN_LOCK + 10 * TAO - (gross - fee)));
	});
}

#[test]
fn partial_unstake_keeps_the_rest_and_loses_at_most_a_unit() {
	test(|| {
		let netuid = started_subnet();
		assert_ok!(DynamicTao::add_stake(
			RuntimeOrigin::signed(BOB),
			ALICE_HOT,
			netuid,
			TaoBalance(10 * TAO)
		));
		assert_ok!(DynamicTao::add_stake(
			RuntimeOrigin::signed(CHARLIE),
			ALICE_HOT,
			netuid,
			TaoBalance(3 * TAO)
		));
		run_past_hold();
		let before = DynamicTao::stake_of(&BOB, &ALICE_HOT, netuid);
		let part = before / 3 + AlphaBalance(7);
		assert_ok!(DynamicTao::remove_stake(RuntimeOrigin::signed(BOB), ALICE_HOT, netuid, part));
		let after = DynamicTao::stake_of(&BOB, &ALICE_HOT, netuid);
		assert!(after <= before - part && before - part - after <= AlphaBalance(1));
	});
}

#[test]
fn an_unstake_below_the_existential_deposit_of_a_new_account_is_refused_by_name() {
	test(|| {
		// Root is 1:1 without a fee, so the payout is the amount unstaked (ED = 500 rao).
		assert_ok!(DynamicTao::register_network(RuntimeOrigin::signed(ALICE), ALICE_HOT));
		let newcomer = 99;
		assert_eq!(Balances::balance(&newcomer), 0);
		assert_ok!(DynamicTao::add_stake(
			RuntimeOrigin::signed(BOB),
			ALICE_HOT,
			ROOT_NETUID,
			TaoBalance(TAO)
		));
		run_past_hold();
		assert_ok!(DynamicTao::transfer_stake(
			RuntimeOrigin::signed(BOB),
			newcomer,
			ALICE_HOT,
			ROOT_NETUID,
			ROOT_NETUID,
			AlphaBalance(TAO)
		));
		let o = || RuntimeOrigin::signed(newcomer);
		assert_noop!(
			DynamicTao::remove_stake(o(), ALICE_HOT, ROOT_NETUID, AlphaBalance(499)),
			Error::<Test>::PayoutBelowExistentialDeposit
		);
		assert_ok!(DynamicTao::remove_stake(o(), ALICE_HOT, ROOT_NETUID, AlphaBalance(500)));
		assert_eq!(Balances::balance(&newcomer), 500);
		// Once the account exists, any amount is paid.
		assert_ok!(DynamicTao::remove_stake(o(), ALICE_HOT, ROOT_NETUID, AlphaBalance(1)));
		assert_eq!(Balances::balance(&newcomer), 501);
	});
}

#[test]
fn stake_rejections_name_the_reason_and_change_nothing() {
	test(|| {
		assert_ok!(DynamicTao::register_network(RuntimeOrigin::signed(ALICE), ALICE_HOT));
		let o = || RuntimeOrigin::signed(BOB);
		assert_noop!(
			DynamicTao::add_stake(o(), ALICE_HOT, NetUid(1), TaoBalance(TAO)),
			Error::<Test>::SubnetNotStarted
		);
		assert_noop!(
			DynamicTao::add_stake(o(), ALICE_HOT, NetUid(7), TaoBalance(TAO)),
			Error::<Test>::SubnetNotFound
		);
		run_to(1 + START_DELAY);
		assert_ok!(DynamicTao::start_call(RuntimeOrigin::signed(ALICE), NetUid(1)));
		run_to(System::block_number() + 1);
		assert_noop!(
			DynamicTao::add_stake(o(), 99, NetUid(1), TaoBalance(TAO)),
			Error::<Test>::HotkeyNotRegistered
		);
		assert_noop!(
			DynamicTao::add_stake(o(), ALICE_HOT, NetUid(1), TaoBalance(0)),
			Error::<Test>::ZeroAmount
		);
		assert_noop!(
			DynamicTao::add_stake(o(), ALICE_HOT, NetUid(1), TaoBalance(1_999_999)),
			Error::<Test>::AmountTooLow
		);
		assert_noop!(
			DynamicTao::add_stake(o(), ALICE_HOT, NetUid(1), TaoBalance(10_000 * TAO)),
			Error::<Test>::InsufficientBalance
		);
		assert_noop!(
			DynamicTao::add_stake(o(), ALICE_HOT, NetUid(1), TaoBalance(u64::MAX)),
			Error::<Test>::InsufficientBalance
		);
		// Larger than 1000 × the pool's TAO (100 TAO): refused before the balance matters.
		Balances::mint_into(&BOB, 200_000 * TAO).unwrap();
		assert_noop!(
			DynamicTao::add_stake(o(), ALICE_HOT, NetUid(1), TaoBalance(100_001 * TAO)),
			Error::<Test>::SwapInputTooLarge
		);
		// Unstake without stake, more than the stake, a dust remainder.
		assert_noop!(
			DynamicTao::remove_stake(o(), ALICE_HOT, NetUid(1), AlphaBalance(TAO)),
			Error::<Test>::NoStake
		);
		assert_ok!(DynamicTao::add_stake(o(), ALICE_HOT, NetUid(1), TaoBalance(TAO)));
		let owned = DynamicTao::stake_of(&BOB, &ALICE_HOT, NetUid(1));
		// Stake that just arrived is held for tempo + 1 blocks.
		assert_noop!(
			DynamicTao::remove_stake(o(), ALICE_HOT, NetUid(1), owned),
			Error::<Test>::StakeHeld
		);
		run_past_hold();
		assert_noop!(
			DynamicTao::remove_stake(o(), ALICE_HOT, NetUid(1), owned + AlphaBalance(1)),
			Error::<Test>::NotEnoughStake
		);
		assert_noop!(
			DynamicTao::remove_stake(o(), ALICE_HOT, NetUid(1), owned - AlphaBalance(1_000)),
			Error::<Test>::RemainderBelowMinimum
		);
		assert_noop!(
			DynamicTao::remove_stake(o(), ALICE_HOT, NetUid(1), AlphaBalance(0)),
			Error::<Test>::ZeroAmount
		);
		assert_noop!(
			DynamicTao::remove_stake_full_limit(o(), BOB_HOT, NetUid(1), None),
			Error::<Test>::NoStake
		);
	});
}

#[test]
fn a_buy_that_drains_the_alpha_reserve_is_refused() {
	test(|| {
		// A tiny pool: 0.002 TAO / 0.002 alpha (2·10^6 units, the minimum liquidity is 10^6).
		assert_ok!(DynamicTao::set_network_lock_params(
			RuntimeOrigin::root(),
			TaoBalance(2_000_000),
			100
		));
		let netuid = started_subnet();
		// 0.01 TAO would take 2e6·9.995e6/11.995e6 = 1_666_527 alpha, leaving 333_473 < 10^6.
		assert_noop!(
			DynamicTao::add_stake(
				RuntimeOrigin::signed(BOB),
				ALICE_HOT,
				netuid,
				TaoBalance(10_000_000)
			),
			Error::<Test>::ReserveTooLow
		);
	});
}

// --- limits --------------------------------------------------------------------------------
//
// Reference arithmetic for the limit and quote tests: plain u128 from the formulas, with the
// default fee of 0.05 %, independent of the pallet's code.

const FEE_PPM: u128 = 500;
const S: u128 = PRICE_SCALE as u128;

/// A buy of `x` TAO on (T, A): fee = ceil(0.05 % · x), dT = x − fee,
/// alpha = floor(A·dT / (T + dT)). Returns (fee, alpha).
fn buy_ref(t: u64, a: u64, x: u64) -> (u64, u64) {
	let fee = (x as u128 * FEE_PPM).div_ceil(1_000_000);
	let dt = x as u128 - fee;
	(fee as u64, (a as u128 * dt / (t as u128 + dt)) as u64)
}

/// A sell of `y` alpha on (T, A): gross = floor(T·y / (A + y)), fee = ceil(0.05 % · gross).
/// Returns (fee, TAO out).
fn sell_ref(t: u64, a: u64, y: u64) -> (u64, u64) {
	let gross = t as u128 * y as u128 / (a as u128 + y as u128);
	let fee = (gross * FEE_PPM).div_ceil(1_000_000);
	(fee as u64, (gross - fee) as u64)
}

/// A limit buy of `x`: end price (T + x) / (A − alpha) ≤ L and average x / alpha ≤ L.
fn buy_complies(t: u64, a: u64, limit: u64, x: u64) -> (bool, bool) {
	let (_, alpha) = buy_ref(t, a, x);
	let l = limit as u128;
	((t + x) as u128 * S <= l * (a - alpha) as u128, x as u128 * S <= l * alpha as u128)
}

/// A limit sell of `y`: end price (T − out) / (A + y) ≥ L and average out / y ≥ L.
fn sell_complies(t: u64, a: u64, limit: u64, y: u64) -> (bool, bool) {
	let (_, out) = sell_ref(t, a, y);
	let l = limit as u128;
	((t - out) as u128 * S >= l * (a + y) as u128, out as u128 * S >= l * y as u128)
}

/// A move of `y` between two pools with the fee on the sell leg: the sell as `sell_ref`, then
/// a fee-free buy with its TAO, floor(A₂·tao / (T₂ + tao)). Returns (fee, TAO, alpha received).
fn move_ref(origin: (u64, u64), dest: (u64, u64), y: u64) -> (u64, u64, u64) {
	let (fee, tao) = sell_ref(origin.0, origin.1, y);
	let alpha = (dest.1 as u128 * tao as u128 / (dest.0 as u128 + tao as u128)) as u64;
	(fee, tao, alpha)
}

/// A limit move of `y`: the ratio p₁/p₂ after both legs ≥ L and the rate alpha / y ≥ L.
fn move_complies(origin: (u64, u64), dest: (u64, u64), limit: u64, y: u64) -> (bool, bool) {
	let (_, tao, alpha) = move_ref(origin, dest, y);
	let (t1, a1) = ((origin.0 - tao) as u128, (origin.1 + y) as u128);
	let (t2, a2) = ((dest.0 + tao) as u128, (dest.1 - alpha) as u128);
	let l = limit as u128;
	// (T₁/A₁) / (T₂/A₂) ≥ L / S, cross-multiplied: T₁·A₂·S ≥ L·A₁·T₂ (up to 2^160: U256).
	let u = sp_core::U256::from;
	(u(t1) * u(a2) * u(S) >= u(l) * u(a1) * u(t2), alpha as u128 * S >= l * y as u128)
}

fn pool_of(netuid: NetUid) -> (u64, u64) {
	let p = Subnets::<Test>::get(netuid).unwrap();
	(u64::from(p.tao_reserve), u64::from(p.alpha_in))
}

#[test]
fn add_stake_limit_fill_or_kill_and_partial() {
	test(|| {
		let netuid = started_subnet();
		let o = || RuntimeOrigin::signed(BOB);
		// Price 1.0; limit 1.21: 10 TAO ends at 1.2099 (see above): allowed.
		let limit = 1_210_000_000;
		let max = DynamicTao::max_add_stake_at(netuid, Price(limit));
		assert!((10 * TAO..11 * TAO).contains(&max), "max = {max}");
		// A large trade: the end price binds, so max is the largest amount overall and one
		// more rao crosses the end price.
		assert_eq!(buy_complies(MIN_LOCK, MIN_LOCK, limit, u64::from(max)), (true, true));
		assert_eq!(
			buy_complies(MIN_LOCK, MIN_LOCK, limit, u64::from(max + TaoBalance(1))).0,
			false
		);
		// 20 TAO would cross it: refused whole, or cut to `max` with allow_partial.
		assert_noop!(
			DynamicTao::add_stake_limit(
				o(),
				ALICE_HOT,
				netuid,
				TaoBalance(20 * TAO),
				Price(limit),
				false
			),
			Error::<Test>::SlippageTooHigh
		);
		assert_ok!(DynamicTao::add_stake_limit(
			o(),
			ALICE_HOT,
			netuid,
			TaoBalance(20 * TAO),
			Price(limit),
			true
		));
		assert_eq!(free(BOB), 10_000 * TAO - max);
		let pool = Subnets::<Test>::get(netuid).unwrap();
		assert!(crate::pool::price_at_most(
			u64::from(pool.tao_reserve),
			u64::from(pool.alpha_in),
			limit
		));
		// Now at the limit: another TAO does not fit.
		assert_noop!(
			DynamicTao::add_stake_limit(
				o(),
				ALICE_HOT,
				netuid,
				TaoBalance(TAO),
				Price(limit),
				false
			),
			Error::<Test>::SlippageTooHigh
		);
	});
}

#[test]
fn add_stake_limit_bounds_the_average_price_fee_included() {
	test(|| {
		let netuid = started_subnet();
		let o = || RuntimeOrigin::signed(BOB);
		let (t, a) = (MIN_LOCK, MIN_LOCK); // 100 / 100 TAO: price 1.0
									 // A limit of 1.0008.
		let limit = 1_000_800_000;
		// Staking 0.035 TAO: fee = ceil(0.0005 · 35_000_000) = 17_500, dT = 34_982_500,
		// alpha = floor(100e9 · 34_982_500 / 100_034_982_500) = 34_970_266.
		// End price 100_035_000_000 / 99_965_029_734 = 1.0006999 ≤ 1.0008: passes.
		// Average 35_000_000 / 34_970_266 = 1.0008503 > 1.0008: fails (the fee alone is 0.05 %).
		let request = 35_000_000;
		assert_eq!(buy_ref(t, a, request), (17_500, 34_970_266));
		assert_eq!(buy_complies(t, a, limit, request), (true, false));
		assert_noop!(
			DynamicTao::add_stake_limit(
				o(),
				ALICE_HOT,
				netuid,
				TaoBalance(request),
				Price(limit),
				false
			),
			Error::<Test>::SlippageTooHigh
		);

		// Partial: the average bound without rounding is linear,
		// x ≤ L·A − T / (1 − f) = 100.08e9 − 100e9 / 0.9995 = 29_974_987.5 rao, below the
		// end-price bound (about 0.04 TAO), so the average binds. The sawtooth of the floored
		// output leaves the answer a little under it; it complies and one more rao does not.
		let max = DynamicTao::max_add_stake_at(netuid, Price(limit));
		assert!(max > TaoBalance(29_964_987) && max <= TaoBalance(29_974_987), "max = {max}");
		assert_eq!(buy_complies(t, a, limit, u64::from(max)), (true, true));
		assert_eq!(buy_complies(t, a, limit, u64::from(max + TaoBalance(1))), (true, false));
		assert_ok!(DynamicTao::add_stake_limit(
			o(),
			ALICE_HOT,
			netuid,
			TaoBalance(request),
			Price(limit),
			true
		));
		let (fee, alpha) = buy_ref(t, a, u64::from(max));
		assert_eq!(free(BOB), 10_000 * TAO - max);
		assert_eq!(DynamicTao::stake_of(&BOB, &ALICE_HOT, netuid), AlphaBalance(alpha));
		assert_eq!(pool_of(netuid), (t + max, a - alpha));
		let avg_price = (u128::from(max) * S).div_ceil(alpha as u128) as u64;
		let price_after = ((t + max) as u128 * S / (a - alpha) as u128) as u64;
		assert!(avg_price <= limit && price_after <= limit);
		System::assert_last_event(
			Event::StakeAdded {
				coldkey: BOB,
				hotkey: ALICE_HOT,
				netuid,
				tao_in: max,
				alpha_out: AlphaBalance(alpha),
				fee: TaoBalance(fee),
				price_before: Price(PRICE_SCALE),
				price_after: Price(price_after),
				avg_price: Price(avg_price),
				limit_price: Some(Price(limit)),
			}
			.into(),
		);
	});
}

/// BOB stakes `tao` through ALICE_HOT on a newly started subnet and waits out the hold;
/// returns the netuid and the alpha he owns.
fn bob_staked_past_hold(tao: TaoBalance) -> (NetUid, AlphaBalance) {
	let netuid = started_subnet();
	assert_ok!(DynamicTao::add_stake(RuntimeOrigin::signed(BOB), ALICE_HOT, netuid, tao));
	let owned = DynamicTao::stake_of(&BOB, &ALICE_HOT, netuid);
	run_past_hold();
	(netuid, owned)
}

#[test]
fn remove_stake_limit_fill_or_kill_and_partial() {
	test(|| {
		let (netuid, owned) = bob_staked_past_hold(TaoBalance(50 * TAO));
		let o = || RuntimeOrigin::signed(BOB);
		let (t, a) = pool_of(netuid);
		// The price is 150 / 66.68 = 2.2496; selling everything would take it back to about 1.0.
		let limit = 2 * PRICE_SCALE;
		let max = DynamicTao::max_remove_stake_at(netuid, Price(limit));
		assert!(max > AlphaBalance(0) && max < owned);
		// The end price binds: max + 1 crosses it.
		assert_eq!(sell_complies(t, a, limit, u64::from(max)), (true, true));
		assert_eq!(sell_complies(t, a, limit, u64::from(max + AlphaBalance(1))).0, false);
		assert_noop!(
			DynamicTao::remove_stake_limit(o(), ALICE_HOT, netuid, owned, Price(limit), false),
			Error::<Test>::SlippageTooHigh
		);
		assert_ok!(DynamicTao::remove_stake_limit(
			o(),
			ALICE_HOT,
			netuid,
			owned,
			Price(limit),
			true
		));
		assert_eq!(DynamicTao::stake_of(&BOB, &ALICE_HOT, netuid), owned - max);
		let pool = Subnets::<Test>::get(netuid).unwrap();
		assert!(crate::pool::price_at_least(
			u64::from(pool.tao_reserve),
			u64::from(pool.alpha_in),
			limit
		));
		// The full-exit call is fill-or-kill against its limit.
		assert_noop!(
			DynamicTao::remove_stake_full_limit(o(), ALICE_HOT, netuid, Some(Price(limit))),
			Error::<Test>::SlippageTooHigh
		);
	});
}

#[test]
fn remove_stake_limit_bounds_the_average_price_fee_included() {
	test(|| {
		let (netuid, owned) = bob_staked_past_hold(TaoBalance(10 * TAO));
		let o = || RuntimeOrigin::signed(BOB);
		// As in add_stake_swaps_tao_into_alpha: T = 110e9, A = 90_913_223_329, price 1.2099.
		let (t, a) = (110 * TAO, 100 * TAO - 9_086_776_671);
		assert_eq!(pool_of(netuid), (t, a));
		// A limit of 1.209.
		let limit = 1_209_000_000;
		// Selling 0.03 alpha: gross = floor(110e9 · 30e6 / 90_943_223_329) = 36_286_376,
		// fee = ceil(0.0005 · 36_286_376) = 18_144, TAO out 36_268_232.
		// End price (110e9 − 36_268_232) / 90_943_223_329 = 1.2091471 ≥ 1.209: passes.
		// Average 36_268_232 / 30e6 = 1.2089411 < 1.209: fails.
		let request = 30_000_000;
		assert_eq!(sell_ref(t, a, request), (18_144, 36_268_232));
		assert_eq!(sell_complies(t, a, limit, request), (true, false));
		assert_noop!(
			DynamicTao::remove_stake_limit(
				o(),
				ALICE_HOT,
				netuid,
				AlphaBalance(request),
				Price(limit),
				false
			),
			Error::<Test>::SlippageTooHigh
		);

		// Without rounding the average of a sell is (1 − f)·T / (A + y), so the bound is
		// y ≤ (1 − f)·T / L − A = 0.9995 · 110e9 / 1.209 − 90_913_223_329 = 25_569_061.4.
		let max = DynamicTao::max_remove_stake_at(netuid, Price(limit));
		assert!(max > AlphaBalance(25_559_061) && max <= AlphaBalance(25_569_061), "max = {max}");
		assert_eq!(sell_complies(t, a, limit, u64::from(max)), (true, true));
		assert_eq!(sell_complies(t, a, limit, u64::from(max + AlphaBalance(1))), (true, false));
		let before = free(BOB);
		assert_ok!(DynamicTao::remove_stake_limit(
			o(),
			ALICE_HOT,
			netuid,
			AlphaBalance(request),
			Price(limit),
			true
		));
		let (fee, tao) = sell_ref(t, a, u64::from(max));
		assert_eq!(free(BOB), before + tao);
		assert_eq!(DynamicTao::stake_of(&BOB, &ALICE_HOT, netuid), owned - max);
		assert_eq!(pool_of(netuid), (t - tao, a + max));
		let avg_price = (tao as u128 * S / u128::from(max)) as u64;
		let price_after = ((t - tao) as u128 * S / (a + max) as u128) as u64;
		assert!(avg_price >= limit && price_after >= limit);
		System::assert_last_event(
			Event::StakeRemoved {
				coldkey: BOB,
				hotkey: ALICE_HOT,
				netuid,
				alpha_in: max,
				tao_out: TaoBalance(tao),
				fee: TaoBalance(fee),
				price_before: Price((t as u128 * S / a as u128) as u64),
				price_after: Price(price_after),
				avg_price: Price(avg_price),
				limit_price: Some(Price(limit)),
			}
			.into(),
		);
	});
}

// --- quotes equal execution ----------------------------------------------------------------

#[test]
fn quotes_and_executions_match_independent_arithmetic() {
	test(|| {
		let netuid = started_subnet();
		for (who, tao) in [(BOB, 13 * TAO + 7), (CHARLIE, 2_345_678_901)] {
			let (t, a) = pool_of(netuid);
			let (fee, alpha) = buy_ref(t, a, tao);
			let expected = crate::SwapQuote {
				netuid,
				amount_in: TaoBalance(tao),
				amount_out: AlphaBalance(alpha),
				fee: TaoBalance(fee),
				price_before: Price((t as u128 * S / a as u128) as u64),
				price_after: Price(((t + tao) as u128 * S / (a - alpha) as u128) as u64),
				avg_price: Price((tao as u128 * S).div_ceil(alpha as u128) as u64),
			};
			assert_eq!(DynamicTao::quote_add_stake(netuid, TaoBalance(tao)), Some(expected));
			let before = free(who);
			assert_eq!(
				DynamicTao::do_add_stake(who, ALICE_HOT, netuid, TaoBalance(tao), None),
				Ok(expected)
			);
			assert_eq!(free(who), before - tao);
			assert_eq!(DynamicTao::stake_of(&who, &ALICE_HOT, netuid), AlphaBalance(alpha));
			assert_eq!(pool_of(netuid), (t + tao, a - alpha));
		}
		run_past_hold();
		let alpha = DynamicTao::stake_of(&BOB, &ALICE_HOT, netuid) / 2;
		let (t, a) = pool_of(netuid);
		let (fee, tao) = sell_ref(t, a, u64::from(alpha));
		let expected = crate::SwapQuote {
			netuid,
			amount_in: alpha,
			amount_out: TaoBalance(tao),
			fee: TaoBalance(fee),
			price_before: Price((t as u128 * S / a as u128) as u64),
			price_after: Price(((t - tao) as u128 * S / (a + alpha) as u128) as u64),
			avg_price: Price((tao as u128 * S / u128::from(alpha)) as u64),
		};
		assert_eq!(DynamicTao::quote_remove_stake(netuid, alpha), Some(expected));
		let before = free(BOB);
		assert_eq!(DynamicTao::do_remove_stake(BOB, ALICE_HOT, netuid, alpha, None), Ok(expected));
		assert_eq!(free(BOB), before + tao);
		assert_eq!(pool_of(netuid), (t - tao, a + alpha));
	});
}

// --- parameters ----------------------------------------------------------------------------

#[test]
fn parameters_are_root_only_and_bounded() {
	test(|| {
		assert_noop!(
			DynamicTao::set_stake_fee(RuntimeOrigin::signed(ALICE), Permill::from_percent(1)),
			sp_runtime::DispatchError::BadOrigin
		);
		assert_noop!(
			DynamicTao::set_stake_fee(RuntimeOrigin::root(), Permill::from_percent(11)),
			Error::<Test>::FeeTooHigh
		);
		assert_ok!(DynamicTao::set_stake_fee(RuntimeOrigin::root(), Permill::from_percent(1)));
		System::assert_last_event(Event::StakeFeeSet { fee: Permill::from_percent(1) }.into());
		assert_ok!(DynamicTao::set_min_stake(RuntimeOrigin::root(), TaoBalance(TAO)));
		assert_eq!(StakingConfig::<Test>::get().min_stake, TaoBalance(TAO));
		assert_noop!(
			DynamicTao::set_min_stake(RuntimeOrigin::signed(ALICE), TaoBalance(TAO)),
			sp_runtime::DispatchError::BadOrigin
		);
		assert_noop!(
			DynamicTao::set_network_lock_params(RuntimeOrigin::root(), TaoBalance(999_999), 10),
			Error::<Test>::InvalidParameter
		);
		assert_noop!(
			DynamicTao::set_network_lock_params(RuntimeOrigin::root(), TaoBalance(TAO), 0),
			Error::<Test>::InvalidParameter
		);
		assert_ok!(DynamicTao::set_network_lock_params(
			RuntimeOrigin::root(),
			TaoBalance(5 * TAO),
			10
		));
		assert_eq!(DynamicTao::network_registration_cost(), TaoBalance(5 * TAO));
		assert_ok!(DynamicTao::set_start_call_delay(RuntimeOrigin::root(), 0));
		assert_ok!(DynamicTao::register_network(RuntimeOrigin::signed(ALICE), ALICE_HOT));
		assert_ok!(DynamicTao::start_call(RuntimeOrigin::signed(ALICE), NetUid(1)));
		assert_noop!(
			DynamicTao::set_start_call_delay(RuntimeOrigin::signed(ALICE), 0),
			sp_runtime::DispatchError::BadOrigin
		);
	});
}

// --- moves ---------------------------------------------------------------------------------

/// Two started subnets (1 owned by ALICE with ALICE_HOT, 2 by BOB with BOB_HOT) and CHARLIE's
/// 20 TAO stake on (ALICE_HOT, 1).
fn two_subnets_with_stake() -> u64 {
	assert_ok!(DynamicTao::set_start_call_delay(RuntimeOrigin::root(), 0));
	assert_ok!(DynamicTao::register_network(RuntimeOrigin::signed(ALICE), ALICE_HOT));
	assert_ok!(DynamicTao::register_network(RuntimeOrigin::signed(BOB), BOB_HOT));
	assert_ok!(DynamicTao::start_call(RuntimeOrigin::signed(ALICE), NetUid(1)));
	assert_ok!(DynamicTao::start_call(RuntimeOrigin::signed(BOB), NetUid(2)));
	run_to(System::block_number() + 1);
	assert_ok!(DynamicTao::add_stake(
		RuntimeOrigin::signed(CHARLIE),
		ALICE_HOT,
		NetUid(1),
		TaoBalance(20 * TAO)
	));
	run_past_hold();
	u64::from(DynamicTao::stake_of(&CHARLIE, &ALICE_HOT, NetUid(1)))
}

#[test]
fn swap_stake_sells_on_one_pool_and_buys_on_the_other_with_one_fee() {
	test(|| {
		let owned = two_subnets_with_stake();
		let p1 = Subnets::<Test>::get(NetUid(1)).unwrap();
		let p2 = Subnets::<Test>::get(NetUid(2)).unwrap();
		let alpha = owned / 2;
		// Independent: sell with the fee, then buy without it.
		let gross = ((u128::from(p1.tao_reserve)) * (alpha as u128)
			/ (u128::from(p1.alpha_in + AlphaBalance(alpha)))) as u64;
		let fee = (gross as u128 * 500).div_ceil(1_000_000) as u64;
		let tao = gross - fee;
		let bought = ((u128::from(p2.alpha_in)) * (tao as u128)
			/ (u128::from(p2.tao_reserve + TaoBalance(tao)))) as u64;
		let quote =
			DynamicTao::quote_move_stake(NetUid(1), NetUid(2), AlphaBalance(alpha)).unwrap();
		assert_ok!(DynamicTao::swap_stake(
			RuntimeOrigin::signed(CHARLIE),
			ALICE_HOT,
			NetUid(1),
			NetUid(2),
			AlphaBalance(alpha)
		));
		assert_eq!(DynamicTao::stake_of(&CHARLIE, &ALICE_HOT, NetUid(2)), AlphaBalance(bought));
		assert_eq!(quote.0.amount_out, TaoBalance(tao));
		assert_eq!(quote.1.amount_out, AlphaBalance(bought));
		assert_eq!(quote.1.fee, TaoBalance(0));
		let e = System::events().last().unwrap().event.clone();
		assert_eq!(
			e,
			Event::StakeMoved {
				origin_coldkey: CHARLIE,
				dest_coldkey: CHARLIE,
				origin_hotkey: ALICE_HOT,
				dest_hotkey: ALICE_HOT,
				origin_netuid: NetUid(1),
				dest_netuid: NetUid(2),
				alpha_in: AlphaBalance(alpha),
				tao: TaoBalance(tao),
				alpha_out: AlphaBalance(bought),
				fee: TaoBalance(fee),
				origin_price_before: quote.0.price_before,
				origin_price_after: quote.0.price_after,
				dest_price_before: Price(PRICE_SCALE),
				dest_price_after: quote.1.price_after,
				// Alpha of subnet 2 per alpha of subnet 1, floored.
				avg_rate: Price((bought as u128 * PRICE_SCALE as u128 / alpha as u128) as u64),
				limit_price: None,
			}
			.into()
		);
		// The TAO moved between pools inside the pallet account: its balance is unchanged.
		let (q1, q2) =
			(Subnets::<Test>::get(NetUid(1)).unwrap(), Subnets::<Test>::get(NetUid(2)).unwrap());
		assert_eq!(q1.tao_reserve + q2.tao_reserve, p1.tao_reserve + p2.tao_reserve);
	});
}

#[test]
fn same_subnet_moves_move_shares_without_fee_or_pool() {
	test(|| {
		let owned = two_subnets_with_stake();
		let pool = Subnets::<Test>::get(NetUid(1)).unwrap();
		// To another hotkey (move_stake) and to another coldkey (transfer_stake).
		assert_ok!(DynamicTao::move_stake(
			RuntimeOrigin::signed(CHARLIE),
			ALICE_HOT,
			BOB_HOT,
			NetUid(1),
			NetUid(1),
			AlphaBalance(owned / 2)
		));
		assert_eq!(DynamicTao::stake_of(&CHARLIE, &BOB_HOT, NetUid(1)), AlphaBalance(owned / 2));
		run_past_hold();
		assert_ok!(DynamicTao::transfer_stake(
			RuntimeOrigin::signed(CHARLIE),
			BOB,
			BOB_HOT,
			NetUid(1),
			NetUid(1),
			AlphaBalance(owned / 2)
		));
		assert_eq!(DynamicTao::stake_of(&BOB, &BOB_HOT, NetUid(1)), AlphaBalance(owned / 2));
		assert_eq!(DynamicTao::stake_of(&CHARLIE, &BOB_HOT, NetUid(1)), AlphaBalance(0));
		assert_eq!(Subnets::<Test>::get(NetUid(1)).unwrap(), pool);
	});
}

#[test]
fn transfer_stake_across_subnets_credits_the_other_coldkey() {
	test(|| {
		let owned = two_subnets_with_stake();
		let quote =
			DynamicTao::quote_move_stake(NetUid(1), NetUid(2), AlphaBalance(owned)).unwrap();
		assert_ok!(DynamicTao::transfer_stake(
			RuntimeOrigin::signed(CHARLIE),
			BOB,
			ALICE_HOT,
			NetUid(1),
			NetUid(2),
			AlphaBalance(owned)
		));
		assert_eq!(DynamicTao::stake_of(&CHARLIE, &ALICE_HOT, NetUid(1)), AlphaBalance(0));
		assert_eq!(DynamicTao::stake_of(&BOB, &ALICE_HOT, NetUid(2)), quote.1.amount_out);
	});
}

#[test]
fn move_limits_are_exact_fill_or_kill_and_partial() {
	test(|| {
		let owned = two_subnets_with_stake();
		let o = || RuntimeOrigin::signed(CHARLIE);
		let (p1, p2) = (pool_of(NetUid(1)), pool_of(NetUid(2)));
		// CHARLIE's 20 TAO: fee 0.01 TAO, alpha = floor(100e9 · 19.99e9 / 119.99e9).
		assert_eq!(p1, (120 * TAO, 100 * TAO - 16_659_721_643));
		assert_eq!((owned, p2), (16_659_721_643, (MIN_LOCK, MIN_LOCK)));
		// p₁/p₂ = 120e9 / 83_340_278_357 = 1.4398799…; ask to keep 95 % of it.
		let limit = 1_439_879_999 / 100 * 95;
		let max = DynamicTao::max_move_stake_at(NetUid(1), NetUid(2), Price(limit));
		assert!(max > AlphaBalance(0) && max < AlphaBalance(owned), "max {max} of {owned}");
		// A large move: the ratio binds, max complies and one more unit crosses the ratio.
		assert_eq!(move_complies(p1, p2, limit, u64::from(max)), (true, true));
		assert_eq!(move_complies(p1, p2, limit, u64::from(max + AlphaBalance(1))).0, false);
		assert_noop!(
			DynamicTao::swap_stake_limit(
				o(),
				ALICE_HOT,
				NetUid(1),
				NetUid(2),
				AlphaBalance(owned),
				Price(limit),
				false
			),
			Error::<Test>::SlippageTooHigh
		);
		assert_ok!(DynamicTao::swap_stake_limit(
			o(),
			ALICE_HOT,
			NetUid(1),
			NetUid(2),
			AlphaBalance(owned),
			Price(limit),
			true
		));
		let (_, tao, alpha) = move_ref(p1, p2, u64::from(max));
		assert_eq!(DynamicTao::stake_of(&CHARLIE, &ALICE_HOT, NetUid(1)), owned - max);
		assert_eq!(DynamicTao::stake_of(&CHARLIE, &ALICE_HOT, NetUid(2)), AlphaBalance(alpha));
		assert_eq!(
			(pool_of(NetUid(1)), pool_of(NetUid(2))),
			((p1.0 - tao, p1.1 + max), (p2.0 + tao, p2.1 - alpha))
		);
	});
}

#[test]
fn move_limits_bound_the_realised_rate_fee_included() {
	test(|| {
		let owned = two_subnets_with_stake();
		let o = || RuntimeOrigin::signed(CHARLIE);
		let (p1, p2) = (pool_of(NetUid(1)), pool_of(NetUid(2)));
		assert_eq!((p1, p2), ((120 * TAO, 83_340_278_357), (MIN_LOCK, MIN_LOCK)));
		// p₁/p₂ = 1.4398799; limit 1.4389 on the ratio and on the rate.
		let limit = 1_438_900_000;
		// Moving 0.009 alpha: gross = floor(120e9 · 9e6 / 83_349_278_357) = 12_957_520,
		// fee = ceil(0.0005 · 12_957_520) = 6_479, TAO 12_951_041, bought
		// floor(100e9 · 12_951_041 / 100_012_951_041) = 12_949_363.
		// Ratio after (119_987_048_959 / 83_349_278_357) / (100_012_951_041 / 99_987_050_637)
		// = 1.4391963 ≥ 1.4389: passes. Rate 12_949_363 / 9e6 = 1.4388181 < 1.4389: fails.
		let request = 9_000_000;
		assert_eq!(move_ref(p1, p2, request), (6_479, 12_951_041, 12_949_363));
		assert_eq!(move_complies(p1, p2, limit, request), (true, false));
		assert_noop!(
			DynamicTao::swap_stake_limit(
				o(),
				ALICE_HOT,
				NetUid(1),
				NetUid(2),
				AlphaBalance(request),
				Price(limit),
				false
			),
			Error::<Test>::SlippageTooHigh
		);

		// Without rounding the rate is A₂·k·T₁ / (T₂·(A₁ + y) + k·T₁·y) with k = 0.9995, so
		// the bound is y ≤ (A₂·k·T₁ / L − T₂·A₁) / (T₂ + k·T₁)
		// = (100e9 · 0.9995 · 120e9 / 1.4389 − 100e9 · 83_340_278_357) / 219.94e9 = 6_848_471.6.
		let max = DynamicTao::max_move_stake_at(NetUid(1), NetUid(2), Price(limit));
		assert!(max > AlphaBalance(6_838_471) && max <= AlphaBalance(6_848_471), "max = {max}");
		assert_eq!(move_complies(p1, p2, limit, u64::from(max)), (true, true));
		assert_eq!(move_complies(p1, p2, limit, u64::from(max + AlphaBalance(1))), (true, false));
		assert_ok!(DynamicTao::swap_stake_limit(
			o(),
			ALICE_HOT,
			NetUid(1),
			NetUid(2),
			AlphaBalance(request),
			Price(limit),
			true
		));
		let (fee, tao, alpha) = move_ref(p1, p2, u64::from(max));
		assert_eq!(DynamicTao::stake_of(&CHARLIE, &ALICE_HOT, NetUid(1)), owned - max);
		assert_eq!(DynamicTao::stake_of(&CHARLIE, &ALICE_HOT, NetUid(2)), AlphaBalance(alpha));
		let (q1, q2) = ((p1.0 - tao, p1.1 + max), (p2.0 + tao, p2.1 - alpha));
		assert_eq!((pool_of(NetUid(1)), pool_of(NetUid(2))), (q1, q2));
		let price = |(t, a): (u64, u64)| (t as u128 * S / a as u128) as u64;
		let avg_rate = (alpha as u128 * S / u128::from(max)) as u64;
		assert!(avg_rate >= limit);
		System::assert_last_event(
			Event::StakeMoved {
				origin_coldkey: CHARLIE,
				dest_coldkey: CHARLIE,
				origin_hotkey: ALICE_HOT,
				dest_hotkey: ALICE_HOT,
				origin_netuid: NetUid(1),
				dest_netuid: NetUid(2),
				alpha_in: max,
				tao: TaoBalance(tao),
				alpha_out: AlphaBalance(alpha),
				fee: TaoBalance(fee),
				origin_price_before: Price(price(p1)),
				origin_price_after: Price(price(q1)),
				dest_price_before: Price(PRICE_SCALE),
				dest_price_after: Price(price(q2)),
				avg_rate: Price(avg_rate),
				limit_price: Some(Price(limit)),
			}
			.into(),
		);
	});
}

#[test]
fn move_rejections_change_nothing() {
	test(|| {
		let owned = two_subnets_with_stake();
		let o = || RuntimeOrigin::signed(CHARLIE);
		assert_noop!(
			DynamicTao::swap_stake(o(), ALICE_HOT, NetUid(1), NetUid(1), AlphaBalance(owned)),
			Error::<Test>::SameOriginAndDestination
		);
		assert_noop!(
			DynamicTao::swap_stake(o(), ALICE_HOT, NetUid(1), NetUid(2), AlphaBalance(0)),
			Error::<Test>::ZeroAmount
		);
		assert_noop!(
			DynamicTao::swap_stake(o(), ALICE_HOT, NetUid(1), NetUid(9), AlphaBalance(owned)),
			Error::<Test>::SubnetNotFound
		);
		assert_noop!(
			DynamicTao::move_stake(o(), ALICE_HOT, 77, NetUid(1), NetUid(2), AlphaBalance(owned)),
			Error::<Test>::HotkeyNotRegistered
		);
		assert_noop!(
			DynamicTao::swap_stake(o(), ALICE_HOT, NetUid(1), NetUid(2), AlphaBalance(owned + 1)),
			Error::<Test>::NotEnoughStake
		);
		assert_noop!(
			DynamicTao::swap_stake(o(), BOB_HOT, NetUid(1), NetUid(2), AlphaBalance(1_000)),
			Error::<Test>::NoStake
		);
		assert_noop!(
			DynamicTao::swap_stake(
				o(),
				ALICE_HOT,
				NetUid(1),
				NetUid(2),
				AlphaBalance(owned - 1_000)
			),
			Error::<Test>::RemainderBelowMinimum
		);
		// A dormant destination.
		assert_ok!(DynamicTao::register_network(RuntimeOrigin::signed(CHARLIE), 13));
		assert_noop!(
			DynamicTao::swap_stake(o(), ALICE_HOT, NetUid(1), NetUid(3), AlphaBalance(owned)),
			Error::<Test>::SubnetNotStarted
		);
		// Too little to be worth a stake on arrival.
		assert_noop!(
			DynamicTao::transfer_stake(
				o(),
				BOB,
				ALICE_HOT,
				NetUid(1),
				NetUid(1),
				AlphaBalance(1_000)
			),
			Error::<Test>::AmountTooLow
		);
	});
}

#[test]
fn moves_from_and_to_root() {
	test(|| {
		two_subnets_with_stake();
		assert_ok!(DynamicTao::add_stake(
			RuntimeOrigin::signed(BOB),
			BOB_HOT,
			NetUid(0),
			TaoBalance(10 * TAO)
		));
		run_past_hold();
		// Root → subnet 2: root side 1:1, the fee on the buy leg.
		let q = DynamicTao::quote_move_stake(NetUid(0), NetUid(2), AlphaBalance(4 * TAO)).unwrap();
		assert_eq!((q.0.amount_out, q.0.fee), (TaoBalance(4 * TAO), TaoBalance(0)));
		assert_eq!(q.1.fee, TaoBalance(2_000_000));
		assert_ok!(DynamicTao::swap_stake(
			RuntimeOrigin::signed(BOB),
			BOB_HOT,
			NetUid(0),
			NetUid(2),
			AlphaBalance(4 * TAO)
		));
		assert_eq!(DynamicTao::stake_of(&BOB, &BOB_HOT, NetUid(0)), AlphaBalance(6 * TAO));
		assert_eq!(DynamicTao::stake_of(&BOB, &BOB_HOT, NetUid(2)), q.1.amount_out);
		// And back to root: the fee on the sell leg, 1:1 on arrival.
		run_past_hold();
		let back = DynamicTao::quote_move_stake(NetUid(2), NetUid(0), q.1.amount_out).unwrap();
		assert_ok!(DynamicTao::swap_stake(
			RuntimeOrigin::signed(BOB),
			BOB_HOT,
			NetUid(2),
			NetUid(0),
			q.1.amount_out
		));
		assert_eq!(
			DynamicTao::stake_of(&BOB, &BOB_HOT, NetUid(0)),
			6 * TAO + back.0.amount_out.get()
		);
		assert_eq!(back.1.amount_out.root_tao(), back.0.amount_out);
	});
}

// --- client surface ------------------------------------------------------------------------

#[test]
fn subnet_and_stake_info_report_the_state() {
	test(|| {
		let netuid = started_subnet();
		assert_ok!(DynamicTao::add_stake(
			RuntimeOrigin::signed(BOB),
			ALICE_HOT,
			netuid,
			TaoBalance(10 * TAO)
		));
		assert_ok!(DynamicTao::add_stake(
			RuntimeOrigin::signed(BOB),
			ALICE_HOT,
			NetUid(0),
			TaoBalance(3 * TAO)
		));
		let subnets = DynamicTao::subnets();
		assert_eq!(subnets.iter().map(|s| s.netuid).collect::<Vec<_>>(), vec![0, 1]);
		let root = &subnets[0];
		assert_eq!(
			(root.owner_coldkey, root.spot_price, root.started),
			(None, Price(PRICE_SCALE), true)
		);
		assert_eq!(root.tao_reserve, TaoBalance(3 * TAO));
		let one = &subnets[1];
		assert_eq!((one.owner_coldkey, one.owner_hotkey), (Some(ALICE), Some(ALICE_HOT)));
		assert_eq!(
			(one.tao_reserve, one.alpha_in),
			(TaoBalance(110 * TAO), AlphaBalance(100 * TAO - 9_086_776_671))
		);
		assert_eq!(one.spot_price, Price(1_209_944_999));
		assert_eq!((one.started, one.registered_at, one.locked), (true, 1, TaoBalance(0)));
		let mut stakes = DynamicTao::stake_info(BOB);
		stakes.sort_by_key(|s| s.netuid);
		assert_eq!(stakes.len(), 2);
		assert_eq!(
			(stakes[0].netuid, stakes[0].alpha, stakes[0].tao_value),
			(ROOT_NETUID, AlphaBalance(3 * TAO), TaoBalance(3 * TAO))
		);
		// 9_086_776_671 · 110e9 / 90_913_223_329 = 10_994_499_999.9… (floored).
		assert_eq!(
			(stakes[1].alpha, stakes[1].tao_value),
			(AlphaBalance(9_086_776_671), TaoBalance(10_994_499_999))
		);
		assert!(DynamicTao::stake_info(CHARLIE).is_empty());
	});
}
