//! Emission and epochs over whole blocks: every expected number below is worked out by hand in the
//! comments (or from the pool state with the formulas of docs/mechanism.md §6 and §7), and
//! `run_blocks` checks the invariants after every block.

use super::epoch_events;
use crate::types::{AlphaBalance, NetUid, Price, TaoBalance};
use crate::{
	mock::*,
	pallet::{Error, Event, Subnets},
	types::{Injection, Pending},
	EmissionParams, ROOT_NETUID,
};
use frame_support::{assert_noop, assert_ok, traits::fungible::Mutate};
use sp_arithmetic::{FixedU128, Perbill};
use sp_runtime::DispatchError;

const DAVE: u64 = 4;

fn issuance() -> u64 {
	Balances::total_issuance()
}

fn pool(netuid: NetUid) -> crate::SubnetPool {
	Subnets::<Test>::get(netuid).expect("the subnet exists")
}

/// Parameters that make the numbers easy: no epoch in the tests' range unless they set one, the
/// moving price's rate 1/2 with no ramp.
fn easy() -> EmissionParams {
	EmissionParams {
		tempo: 1_000,
		ema_rate: Perbill::from_percent(50),
		ema_halving_blocks: 0,
		..Default::default()
	}
}

/// Subnet 1 (ALICE) and subnet 2 (BOB), both started, both pools at 100 TAO / 100 alpha.
fn two_subnets() -> (NetUid, NetUid) {
	let one = started_subnet();
	let two = crate::TotalNetworks::<Test>::get();
	assert_ok!(DynamicTao::register_network(RuntimeOrigin::signed(BOB), BOB_HOT));
	run_to(System::block_number() + START_DELAY);
	assert_ok!(DynamicTao::start_call(RuntimeOrigin::signed(BOB), two));
	(one, two)
}

#[test]
fn a_block_mints_shares_and_injects_exactly() {
	test(|| {
		let (one, two) = two_subnets();
		set_emission(easy());
		set_moving_price(one, 3, 4);
		set_moving_price(two, 1, 4);
		let before = issuance();
		run_blocks(1);

		// 1 TAO split 0.75 / 0.25; at price 1.0 as much alpha enters each pool.
		assert_eq!(issuance(), before + TAO);
		let p1 = pool(one);
		assert_eq!(
			(p1.tao_reserve, p1.alpha_in, p1.alpha_out),
			(TaoBalance(100_750_000_000), AlphaBalance(100_750_000_000), AlphaBalance(TAO))
		);
		assert_eq!(
			p1.last_injection,
			Injection {
				tao_in: TaoBalance(750_000_000),
				alpha_in: AlphaBalance(750_000_000),
				alpha_out: AlphaBalance(TAO),
				..Default::default()
			}
		);
		let p2 = pool(two);
		assert_eq!(
			(p2.tao_reserve, p2.alpha_in, p2.alpha_out),
			(TaoBalance(100_250_000_000), AlphaBalance(100_250_000_000), AlphaBalance(TAO))
		);
		// No root stake: owner 18 %, miners 41 %, validators 41 %, nothing to root.
		let expected = Pending {
			owner: AlphaBalance(180_000_000),
			miners: AlphaBalance(410_000_000),
			validators: AlphaBalance(410_000_000),
			root: AlphaBalance(0),
			root_tao: TaoBalance(0),
		};
		assert_eq!((p1.pending, p2.pending), (expected, expected));
		// Moving prices step halfway toward the spot price 1.0: 0.875 and 0.625.
		assert_eq!(p1.moving_price, FixedU128::from_rational(7, 8));
		assert_eq!(p2.moving_price, FixedU128::from_rational(5, 8));
		assert_eq!((p1.age, p2.age), (Some(1), Some(1)));
	});
}

#[test]
fn a_capped_injection_raises_the_price() {
	test(|| {
		let one = started_subnet();
		set_emission(easy());
		// Price 0.1: the subnet's whole TAO (it is the only one) would buy 10 alpha, but the
		// injection is capped at the alpha emission, 1 alpha.
		set_reserves(one, 10 * TAO, 100 * TAO);
		set_moving_price(one, 1, 10);
		let before = issuance();
		run_blocks(1);
		let p = pool(one);
		assert_eq!(issuance(), before + TAO);
		assert_eq!((p.tao_reserve, p.alpha_in), (TaoBalance(11 * TAO), AlphaBalance(101 * TAO)));
		// The price rose from 0.1 to 11 / 101.
		assert_eq!(
			DynamicTao::subnet_info(one).unwrap().spot_price,
			Price(11 * TAO * 1_000_000_000 / (101 * TAO))
		);
		assert!(p.tao_reserve.get() * 10 > p.alpha_in.get());
	});
}

#[test]
fn root_stake_takes_its_proportion_of_the_validators_half() {
	test(|| {
		let one = started_subnet();
		set_emission(EmissionParams { tao_weight: Perbill::from_percent(20), ..easy() });
		// w · T_root = 0.2 · 500 TAO = 100, the subnet's alpha issuance is 100: rho = 1/2.
		assert_ok!(DynamicTao::add_stake(
			RuntimeOrigin::signed(BOB),
			ALICE_HOT,
			ROOT_NETUID,
			TaoBalance(500 * TAO)
		));
		let before = issuance();
		run_blocks(1);
		// Moving price 0 everywhere: no TAO this block, alpha as usual.
		assert_eq!(issuance(), before);
		let p = pool(one);
		// (The sale's numbers are worked out below.)
		assert_eq!(
			p.last_injection,
			Injection {
				tao_in: TaoBalance(0),
				alpha_in: AlphaBalance(0),
				alpha_out: AlphaBalance(TAO),
				root_alpha_sold: AlphaBalance(205_000_000),
				root_tao_sold: TaoBalance(204_580_609)
			}
		);
		// Owner 0.18; miners 0.41; validators' 0.41 half and half with root. Root's 0.205 alpha
		// is sold at once, fee-free, on the 100 TAO / 100 alpha pool:
		// floor(100e9 · 205e6 / (100e9 + 205e6)) = 204_580_609 rao, pending until the epoch.
		assert_eq!(
			p.pending,
			Pending {
				owner: AlphaBalance(180_000_000),
				miners: AlphaBalance(410_000_000),
				validators: AlphaBalance(205_000_000),
				root: AlphaBalance(0),
				root_tao: TaoBalance(204_580_609)
			}
		);
		assert_eq!(
			(p.tao_reserve, p.alpha_in, p.alpha_out),
			(
				TaoBalance(MIN_LOCK - 204_580_609),
				AlphaBalance(MIN_LOCK + 205_000_000),
				AlphaBalance(TAO - 205_000_000)
			)
		);
	});
}

#[test]
fn shares_follow_the_moving_prices_block_after_block() {
	test(|| {
		let (one, two) = two_subnets();
		set_emission(easy());
		set_moving_price(one, 1, 3);
		set_moving_price(two, 1, 6);
		// Skew subnet 2's price so the moving prices part ways: 50 TAO / 100 alpha, p = 0.5.
		set_reserves(two, 50 * TAO, 100 * TAO);
		for _ in 0..20 {
			let (m1, m2) =
				(pool(one).moving_price.into_inner(), pool(two).moving_price.into_inner());
			let before = issuance();
			run_blocks(1);
			let (t1, t2) = (pool(one).last_injection.tao_in, pool(two).last_injection.tao_in);
			// floor(1 TAO · P_i / (P_1 + P_2)) each, and the chain mints exactly their sum.
			assert_eq!(u128::from(t1), TAO as u128 * m1 / (m1 + m2));
			assert_eq!(u128::from(t2), TAO as u128 * m2 / (m1 + m2));
			assert_eq!(issuance(), before + t1 + t2);
		}
		// Subnet 1 (spot 1.0) ends with the larger moving price and the larger share; both
		// moving prices approach their spot prices, 1.0 and about 0.5.
		let (p1, p2) = (pool(one), pool(two));
		assert!(p1.moving_price > FixedU128::from_rational(99, 100));
		assert!(p2.moving_price > FixedU128::from_rational(49, 100));
		assert!(p2.moving_price < FixedU128::from_rational(52, 100));
		assert!(p1.last_injection.tao_in > TaoBalance(650_000_000));
	});
}

#[test]
fn dormant_subnets_do_not_emit() {
	test(|| {
		assert_ok!(DynamicTao::register_network(RuntimeOrigin::signed(ALICE), ALICE_HOT));
		set_moving_price(NetUid(1), 1, 1);
		let (before, p) = (issuance(), pool(NetUid(1)));
		run_blocks(5);
		assert_eq!(issuance(), before);
		assert_eq!(pool(NetUid(1)), p);
	});
}

#[test]
fn emission_halves_at_10_5_million_tao() {
	test(|| {
		let one = started_subnet();
		set_emission(easy());
		set_moving_price(one, 1, 1);
		// One rao short of 10.5 M TAO issued: this block still emits 1 TAO, the next one 0.5.
		let top_up = 10_500_000 * TAO - 1 - issuance();
		assert_ok!(Balances::mint_into(&DAVE, top_up));
		run_blocks(1);
		assert_eq!(issuance(), 10_500_000 * TAO - 1 + TAO);
		run_blocks(1);
		assert_eq!(issuance(), 10_500_000 * TAO - 1 + TAO + TAO / 2);
		assert_eq!(DynamicTao::block_emission(), TaoBalance(TAO / 2));
	});
}

#[test]
fn an_epoch_with_nobody_to_pay_recycles() {
	test(|| {
		let one = started_subnet();
		set_emission(EmissionParams {
			tempo: 9,
			owner_cut: Perbill::zero(),
			ema_rate: Perbill::zero(),
			..Default::default()
		});
		// Blocks 13..=18, the epoch at 18. No stake anywhere, no owner cut: no validator, no
		// root; all 6 alpha recycled.
		run_blocks(6);
		assert_eq!(
			epoch_events(),
			vec![Event::EpochPaid {
				netuid: one,
				owner_cut: AlphaBalance(0),
				miners: AlphaBalance(0),
				validators: AlphaBalance(0),
				root_tao: TaoBalance(0),
				recycled: AlphaBalance(6 * TAO),
				root_tao_recycled: TaoBalance(0),
			}]
		);
		let p = pool(one);
		assert_eq!((p.alpha_out, p.pending.total()), (AlphaBalance(0), AlphaBalance(0)));
		// No moving price: no TAO, so the issuance is the seed alone again.
		assert_eq!(p.alpha_issuance(), AlphaBalance(MIN_LOCK));
	});
}

#[test]
fn epochs_are_staggered_by_netuid() {
	let params = EmissionParams { tempo: 9, ..Default::default() };
	// (block + netuid + 1) % 10 == 0.
	assert!(
		params.is_epoch(8, NetUid(1))
			&& params.is_epoch(18, NetUid(1))
			&& !params.is_epoch(9, NetUid(1))
	);
	assert!(params.is_epoch(7, NetUid(2)) && params.is_epoch(9, NetUid(0)));
	assert!(!params.is_epoch(8, NetUid(2)));
}

#[test]
fn set_emission_params_checks_origin_and_bounds() {
	test(|| {
		let good = EmissionParams { tempo: 10, ..Default::default() };
		assert_noop!(
			DynamicTao::set_emission_params(RuntimeOrigin::signed(ALICE), good),
			DispatchError::BadOrigin
		);
		for tempo in [0, EmissionParams::MAX_TEMPO + 1] {
			assert_noop!(
				DynamicTao::set_emission_params(
					RuntimeOrigin::root(),
					EmissionParams { tempo, ..good }
				),
				Error::<Test>::InvalidTempo
			);
		}
		assert_noop!(
			DynamicTao::set_emission_params(
				RuntimeOrigin::root(),
				EmissionParams { price_clamp: 0, ..good }
			),
			Error::<Test>::InvalidPriceClamp
		);
		assert_ok!(DynamicTao::set_emission_params(RuntimeOrigin::root(), good));
		assert_eq!(crate::EmissionConfig::<Test>::get(), good);
		System::assert_last_event(Event::EmissionParamsSet { params: good }.into());
	});
}

#[test]
fn the_runtime_api_reports_the_emission_state() {
	test(|| {
		let one = started_subnet();
		set_emission(EmissionParams { tempo: 9, tao_weight: Perbill::from_percent(20), ..easy() });
		assert_ok!(DynamicTao::add_stake(
			RuntimeOrigin::signed(BOB),
			ALICE_HOT,
			ROOT_NETUID,
			TaoBalance(500 * TAO)
		));
		set_moving_price(one, 1, 2);
		run_blocks(1); // block 13
		let info = DynamicTao::subnet_info(one).unwrap();
		let p = pool(one);
		// The whole block's TAO went to the only subnet, at price 1.0.
		assert_eq!(
			(info.tao_in_emission, info.alpha_in_emission, info.alpha_out_emission),
			(TaoBalance(TAO), AlphaBalance(TAO), AlphaBalance(TAO))
		);
		assert_eq!(
			(
				info.pending_owner_cut,
				info.pending_miners,
				info.pending_validators,
				info.pending_root,
				info.pending_root_tao
			),
			(
				AlphaBalance(180_000_000),
				AlphaBalance(410_000_000),
				AlphaBalance(205_000_000),
				AlphaBalance(0),
				TaoBalance(204_584_753)
			)
		);
		assert_eq!(p.pending.root_tao, TaoBalance(204_584_753));
		// rho was 1/2 for this block's split (w · 500 = 100 against 100 alpha), and is now
		// 100 / (100 + 102) after one alpha in and one out: 495_049_504 parts per billion.
		// Root's 0.205 alpha was sold on the 101 / 101 pool after the injection:
		// floor(101e9 · 205e6 / 101.205e9) = 204_584_753 rao.
		assert_eq!(info.root_proportion, 495_049_504);
		// Moving price: 1/2 stepped halfway to the spot after the sale,
		// (101e9 − 204_584_753) / 101.205e9 = 0.99595…, so (0.5 + 0.99595…) / 2 = 0.747976…
		// (exactly 1_682_199_058_300 / 2_249 rao per alpha: 747_976_459.8), floored.
		assert!((747_976_458..=747_976_459).contains(&info.moving_price), "{}", info.moving_price);
		// Epochs of netuid 1 with tempo 9: blocks where (block + 2) % 10 == 0, next is 18.
		assert_eq!((info.tempo, info.next_epoch), (9, 18));
		assert!(info.started);
		let root = DynamicTao::subnet_info(ROOT_NETUID).unwrap();
		assert_eq!(
			(root.next_epoch, root.root_proportion, root.moving_price),
			(0, 0, Price(1_000_000_000))
		);
		assert_eq!(DynamicTao::block_emission(), TaoBalance(TAO));
	});
}

#[test]
fn the_hook_declares_the_benchmarked_weight_of_what_it_did() {
	use crate::WeightInfo;
	use frame_support::traits::Hooks;
	test(|| {
		let one = started_subnet(); // block 12
		set_emission(EmissionParams { tempo: 9, ..Default::default() });
		// Three neurons (the owner's ALICE_HOT at UID 0, then 21 and 22), two of them staked.
		for hotkey in [21, 22] {
			assert_ok!(DynamicTao::burned_register(RuntimeOrigin::signed(BOB), one, hotkey));
		}
		for hotkey in [ALICE_HOT, 21] {
			assert_ok!(DynamicTao::add_stake(
				RuntimeOrigin::signed(CHARLIE),
				hotkey,
				one,
				TaoBalance(TAO)
			));
		}
		let weight = |records, epoch: Option<(u32, u32)>| {
			let hook = <() as WeightInfo>::on_initialize(records);
			epoch.map_or(hook, |(n, v)| hook + <() as WeightInfo>::epoch(n, v))
		};
		// Block 13: two subnet records (root and subnet 1), no epoch.
		System::set_block_number(13);
		assert_eq!(DynamicTao::on_initialize(13), weight(2, None));
		// Block 18: the epoch of subnet 1 over its three neurons, of which two validate.
		System::set_block_number(18);
		assert_eq!(DynamicTao::on_initialize(18), weight(2, Some((3, 2))));
		// A third subnet record (registered, not started) is read but not emitted to.
		assert_ok!(DynamicTao::register_network(RuntimeOrigin::signed(BOB), BOB_HOT));
		System::set_block_number(19);
		assert_eq!(DynamicTao::on_initialize(19), weight(3, None));
	});
}

#[test]
fn try_state_bounds_a_block_s_tao_by_the_halving_curve() {
	test(|| {
		let one = started_subnet();
		// Past 10.5 M TAO the block emits 0.5 TAO: a recorded injection of 0.5 TAO + 1 rao
		// (backed by minted TAO) is more than E(I).
		Balances::mint_into(&DAVE, 10_500_000 * TAO).unwrap();
		let half = TAO / 2;
		Balances::mint_into(&DynamicTao::account_id(), half + 1).unwrap();
		Subnets::<Test>::mutate(one, |p| {
			let p = p.as_mut().unwrap();
			p.tao_reserve += TaoBalance(half + 1);
			p.last_injection.tao_in = TaoBalance(half + 1);
		});
		assert!(DynamicTao::do_try_state().is_err());
		Subnets::<Test>::mutate(one, |p| {
			p.as_mut().unwrap().last_injection.tao_in = TaoBalance(half)
		});
		DynamicTao::do_try_state().expect("0.5 TAO is E(I) here");
	});
}
