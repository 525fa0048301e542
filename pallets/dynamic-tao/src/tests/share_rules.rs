//! The share rules over whole blocks (docs/mechanism.md §6.4): selecting a rule, the net flow the
//! staking paths record, seeding on a switch, and each signal's weights. Expected numbers are
//! worked out by hand in the comments.

use crate::types::{NetUid, TaoBalance};
use crate::{
	mock::*,
	pallet::{Error, Event, Subnets},
	share_rules::{HillGate, ShareRule, ShareSignal},
	EmissionParams,
};
use frame_support::{assert_noop, assert_ok};
use sp_arithmetic::Perbill;
use substrate_fixed::types::I64F64;

fn pool(netuid: NetUid) -> crate::SubnetPool {
	Subnets::<Test>::get(netuid).expect("the subnet exists")
}

/// No epoch in range, the moving price's rate 1/2 with no ramp.
fn easy(share_rule: ShareRule) -> EmissionParams {
	EmissionParams {
		tempo: 1_000,
		ema_rate: Perbill::from_percent(50),
		ema_halving_blocks: 0,
		share_rule,
		..Default::default()
	}
}

fn rule(signal: ShareSignal) -> ShareRule {
	ShareRule { signal, ..Default::default() }
}

fn flow(rate: u32) -> ShareSignal {
	ShareSignal::NetFlow { rate: Perbill::from_percent(rate) }
}

/// Subnets 1 (ALICE) and 2 (BOB), started, pools 100 TAO / 100 alpha.
fn two_subnets() -> (NetUid, NetUid) {
	let one = started_subnet();
	let two = crate::TotalNetworks::<Test>::get();
	assert_ok!(DynamicTao::register_network(RuntimeOrigin::signed(BOB), BOB_HOT));
	run_to(System::block_number() + START_DELAY);
	assert_ok!(DynamicTao::start_call(RuntimeOrigin::signed(BOB), two));
	run_to(System::block_number() + 1);
	(one, two)
}

fn tao_in(netuid: NetUid) -> u64 {
	pool(netuid).last_injection.tao_in.get()
}

fn f(bits: i128) -> f64 {
	I64F64::from_bits(bits).to_num::<f64>()
}

#[test]
fn a_rule_out_of_range_is_refused_by_name_and_a_new_one_is_announced() {
	test(|| {
		let bad = [
			rule(flow(0)),
			ShareRule { min_depth: Some(TaoBalance(0)), ..Default::default() },
			ShareRule { signal: flow(1), min_depth: Some(TaoBalance(TAO)), gate: None },
			ShareRule { gate: Some(HillGate { rank: 0, exponent: 3 }), ..Default::default() },
			ShareRule { gate: Some(HillGate { rank: 8, exponent: 0 }), ..Default::default() },
			ShareRule { gate: Some(HillGate { rank: 8, exponent: 9 }), ..Default::default() },
		];
		for share_rule in bad {
			assert_noop!(
				DynamicTao::set_emission_params(RuntimeOrigin::root(), easy(share_rule)),
				Error::<Test>::InvalidShareRule
			);
		}
		// The same rule again: parameters set, no rule change announced.
		System::reset_events();
		set_emission(easy(ShareRule::default()));
		assert!(!events().iter().any(|e| matches!(e, Event::ShareRuleChanged { .. })));
		let gated = ShareRule {
			signal: ShareSignal::LogPriceEma,
			min_depth: Some(TaoBalance(500 * TAO)),
			gate: Some(HillGate { rank: 32, exponent: 3 }),
		};
		set_emission(easy(gated));
		System::assert_last_event(
			Event::ShareRuleChanged { previous: ShareRule::default(), rule: gated }.into(),
		);
	});
}

#[test]
fn stakes_add_to_the_blocks_flow_unstakes_take_from_it_and_the_hook_resets_it() {
	test(|| {
		let (one, _) = two_subnets();
		assert_ok!(DynamicTao::add_stake(
			RuntimeOrigin::signed(BOB),
			ALICE_HOT,
			one,
			TaoBalance(10 * TAO)
		));
		// The whole input, fee included, entered the reserve.
		assert_eq!(pool(one).share.flow, 10 * TAO as i64);
		run_past_hold();
		let alpha = DynamicTao::stake_of(&BOB, &ALICE_HOT, one);
		assert_ok!(DynamicTao::remove_stake(RuntimeOrigin::signed(BOB), ALICE_HOT, one, alpha));
		let paid = events()
			.into_iter()
			.find_map(|e| match e {
				Event::StakeRemoved { tao_out, fee, .. } => Some((tao_out, fee)),
				_ => None,
			})
			.expect("unstaked");
		// What left the reserve is the TAO paid; the fee stays in the pool.
		assert_eq!(pool(one).share.flow, 10 * TAO as i64 - paid.0.get() as i64);
		run_blocks(1);
		assert_eq!(pool(one).share.flow, 0);
	});
}

#[test]
fn switching_to_net_flow_keeps_the_first_blocks_shares_then_inflow_matures_and_outflow_counts_at_once(
) {
	test(|| {
		let (one, two) = two_subnets();
		set_emission(easy(ShareRule::default()));
		set_moving_price(one, 3, 4);
		set_moving_price(two, 1, 4);
		set_emission(easy(rule(flow(50))));
		// Block 1 seeds both averages at the price share of 1 TAO: 0.75 and 0.25 TAO. The step
		// with no flow makes EMA 375 / 125 M and EMA² 562.5 / 187.5 M: credits 3 : 1, as the
		// price rule would share.
		run_blocks(1);
		assert_eq!((tao_in(one), tao_in(two)), (750_000_000, 250_000_000));
		let s = pool(two).share;
		assert_eq!((f(s.flow_ema), f(s.flow_ema2)), (125e6, 187.5e6));
		// Block 2: EMA 187.5 / 62.5 M, EMA² 375 / 125 M; still 3 : 1.
		run_blocks(1);
		assert_eq!((tao_in(one), tao_in(two)), (750_000_000, 250_000_000));
		// 10 TAO staked on subnet 2. Block 3: its EMA is 62.5 M + (10 000 − 62.5 M)/2 =
		// 5 031.25 M, EMA² 125 M + (5 031.25 M − 125 M)/2 = 2 578.125 M: the credit is the
		// slower one. Subnet 1: EMA 93.75 M, EMA² 234.375 M, credit 93.75 M. Shares:
		// floor(10^9 · 93.75 / 2 671.875) = 35 087 719 and floor(10^9 · 2 578.125 / 2 671.875)
		// = 964 912 280.
		assert_ok!(DynamicTao::add_stake(
			RuntimeOrigin::signed(BOB),
			BOB_HOT,
			two,
			TaoBalance(10 * TAO)
		));
		run_blocks(1);
		assert_eq!((tao_in(one), tao_in(two)), (35_087_719, 964_912_280));
		// All of it out: subnet 2's EMA falls below zero at once, its credit is 0 and subnet 1
		// takes the whole block.
		run_past_hold();
		let alpha = DynamicTao::stake_of(&BOB, &BOB_HOT, two);
		assert_ok!(DynamicTao::remove_stake(RuntimeOrigin::signed(BOB), BOB_HOT, two, alpha));
		run_blocks(1);
		assert_eq!((tao_in(one), tao_in(two)), (TAO, 0));
	});
}

#[test]
fn a_spike_moves_the_geometric_weight_by_the_square_root_not_halfway() {
	test(|| {
		let (one, two) = two_subnets();
		// Subnet 1 at spot 1.0, subnet 2 at 0.5 (50 TAO / 100 alpha); both moving prices 0.5.
		set_reserves(two, 50 * TAO, 100 * TAO);
		set_emission(easy(ShareRule::default()));
		set_moving_price(one, 1, 2);
		set_moving_price(two, 1, 2);
		set_emission(easy(rule(ShareSignal::LogPriceEma)));
		// Block 1: both seeded at ln 0.5, half the TAO each; the injections keep both spot
		// prices (0.5 TAO buys 0.5 alpha at 1.0 and 1 alpha at 0.5). Then at rate 1/2 subnet
		// 1's log price moves to ln 0.5 / 2, i.e. √0.5 = 0.707107, where its moving price moves
		// to 0.75.
		run_blocks(1);
		assert_eq!((tao_in(one), tao_in(two)), (500_000_000, 500_000_000));
		// Block 2: √0.5 / (√0.5 + 0.5) = 0.585786 of the TAO (the price rule: 0.6), within
		// the logarithm's error.
		run_blocks(1);
		assert!(tao_in(one).abs_diff(585_786_437) <= 2, "{}", tao_in(one));
		// Each share floored: at most a rao short.
		assert!((TAO - 1..=TAO).contains(&(tao_in(one) + tao_in(two))));
	});
}
