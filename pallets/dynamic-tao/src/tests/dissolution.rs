//! The subnet limit and dissolution: pruning, the last epoch, the payout and the netuid's reuse.
//! Expected amounts are worked out by hand in the comments.

use super::free;
use crate::types::{AlphaBalance, NetUid, Price, TaoBalance};
use crate::{
	mock::*,
	pallet::{
		Dissolutions, Error, Event, FreeNetuids, HotkeyPools, Stake, StakeIndex, SubnetCount,
		Subnets, TotalNetworks,
	},
	types::Pending,
	WeightInfo,
};
use frame_support::{
	assert_noop, assert_ok,
	traits::{
		fungible::{InspectHold, Mutate},
		Get, Hooks,
	},
};

const DAVE: u64 = 4;
/// A registrant with its own balance, so that the holders' balances change only by payouts.
const NEWCOMER: u64 = 50;

fn paid_events() -> Vec<(u64, u64, u64, u64)> {
	events()
		.into_iter()
		.filter_map(|e| match e {
			Event::DissolvedStakePaid { coldkey, hotkey, alpha, tao, .. } => {
				Some((coldkey, hotkey, alpha.get(), tao.get()))
			},
			_ => None,
		})
		.collect()
}

/// Registers a subnet for `coldkey` from a fresh balance; returns its netuid.
fn register(coldkey: u64, hotkey: u64) -> NetUid {
	Balances::mint_into(&coldkey, 10_000 * TAO).unwrap();
	let netuid = DynamicTao::next_netuid().unwrap();
	assert_ok!(DynamicTao::register_network(RuntimeOrigin::signed(coldkey), hotkey));
	netuid
}

/// Gives `coldkey` a position of exactly `alpha` on (`hotkey`, `netuid`), as an epoch would.
fn position(coldkey: u64, hotkey: u64, netuid: NetUid, alpha: u64) {
	assert!(DynamicTao::credit_position(&coldkey, &hotkey, netuid, AlphaBalance(alpha)));
	Subnets::<Test>::mutate(netuid, |p| p.as_mut().unwrap().alpha_out += AlphaBalance(alpha));
}

/// Subnets 1 (ALICE, block 1, lock 100 TAO) and 2 (BOB, block 2): BOB pays
/// `2 · 100 − floor(100 / 100) · 1 = 199` TAO, of which 99 are held. Limit 2, both started at
/// block 12, moving prices 1/2 and 1/4.
fn full_registry() {
	SubnetLimit::set(2);
	assert_ok!(DynamicTao::register_network(RuntimeOrigin::signed(ALICE), ALICE_HOT));
	run_to(2);
	assert_ok!(DynamicTao::register_network(RuntimeOrigin::signed(BOB), BOB_HOT));
	assert_eq!(Balances::total_balance_on_hold(&BOB), 99 * TAO);
	run_to(12);
	assert_ok!(DynamicTao::start_call(RuntimeOrigin::signed(ALICE), NetUid(1)));
	assert_ok!(DynamicTao::start_call(RuntimeOrigin::signed(BOB), NetUid(2)));
	set_moving_price(NetUid(1), 1, 2);
	set_moving_price(NetUid(2), 1, 4);
}

/// Subnet 2 with a pot of 10 000 007 rao and `alpha_in` 3 999 600, and four positions of 6 000 400
/// alpha in all, so that `S = 10 000 000`:
/// ALICE 3 000 000 and CHARLIE 2 000 000 on BOB_HOT, CHARLIE 1 000 000 and DAVE (no account)
/// 400 on ALICE_HOT.
fn positions_on_two() {
	set_reserves(NetUid(2), 10_000_007, 3_999_600);
	position(ALICE, BOB_HOT, NetUid(2), 3_000_000);
	position(CHARLIE, BOB_HOT, NetUid(2), 2_000_000);
	position(CHARLIE, ALICE_HOT, NetUid(2), 1_000_000);
	position(DAVE, ALICE_HOT, NetUid(2), 400);
}

#[test]
fn a_full_registration_prunes_the_cheapest_subnet_past_its_immunity() {
	test(|| {
		full_registry();
		Balances::mint_into(&NEWCOMER, 10_000 * TAO).unwrap();
		// Block 12: both subnets are immune (registered at 1 and 2, 20 blocks of immunity).
		assert_noop!(
			DynamicTao::register_network(RuntimeOrigin::signed(NEWCOMER), 51),
			Error::<Test>::SubnetLimitReached
		);
		// Block 21: subnet 1 (1 + 20 <= 21) is not immune any more, subnet 2 still is, so 1 is
		// pruned although 2 is cheaper.
		run_to(21);
		assert_ok!(DynamicTao::register_network(RuntimeOrigin::signed(NEWCOMER), 51));
		assert!(events()
			.contains(&Event::NetworkPruned { netuid: NetUid(1), moving_price: Price(TAO / 2) }));
		// Netuid 1 is not clear yet, so the new subnet takes a fresh one.
		assert_eq!(TotalNetworks::<Test>::get(), 4);
		assert!(Subnets::<Test>::get(NetUid(3)).is_some());
		assert_eq!(SubnetCount::<Test>::get(), 2);
		assert!(Subnets::<Test>::get(NetUid(1)).unwrap().dissolving);
		// The pruned subnet neither trades nor starts.
		assert_noop!(
			DynamicTao::add_stake(
				RuntimeOrigin::signed(BOB),
				ALICE_HOT,
				NetUid(1),
				TaoBalance(TAO)
			),
			Error::<Test>::SubnetDissolving
		);
		// A third registration: subnet 2 is immune until 22, subnet 3 until 41.
		Balances::mint_into(&52, 10_000 * TAO).unwrap();
		assert_noop!(
			DynamicTao::register_network(RuntimeOrigin::signed(52), 53),
			Error::<Test>::SubnetLimitReached
		);
	});
}

#[test]
fn the_pot_goes_to_holders_by_alpha_and_the_netuid_is_reused_clean() {
	test(|| {
		full_registry();
		positions_on_two();
		run_to(30);
		// Share-rule history on netuid 2, which its next owner must not inherit.
		Subnets::<Test>::mutate(NetUid(2), |p| {
			let share = &mut p.as_mut().unwrap().share;
			(share.flow, share.flow_ema, share.log_price) = (5, 7, 9);
			share.signal = Some(Default::default());
		});
		let (alice, charlie, bob) = (free(ALICE), free(CHARLIE), free(BOB));
		// Subnet 2 is the cheaper one and past its immunity.
		assert_eq!(register(NEWCOMER, 51), 3);
		assert!(events()
			.contains(&Event::NetworkPruned { netuid: NetUid(2), moving_price: Price(TAO / 4) }));
		let issuance = Balances::total_issuance();

		run_blocks(1);
		// The hook ran no epoch (nothing pending), returned BOB's 99 TAO and began the payout;
		// on_idle, with room for everything, finished it in one step.
		assert!(events().contains(&Event::DissolutionStarted {
			netuid: NetUid(2),
			owner_coldkey: Some(BOB),
			lock_returned: TaoBalance(99 * TAO),
			pot: TaoBalance(10_000_007),
			alpha_in: AlphaBalance(3_999_600),
			alpha_out: AlphaBalance(6_000_400),
		}));
		assert_eq!(Balances::total_balance_on_hold(&BOB), 0);
		assert_eq!(free(BOB), bob + 99 * TAO);
		// The holders are owed floor(10 000 007 · 6 000 400 / 10^7) = 6 000 404. Exact shares:
		// 3 000 002.1, 2 000 001.4, 1 000 000.7 and 400.00028: the floors make 6 000 403 and
		// the one rao left goes to the largest remainder, CHARLIE's 0.7. DAVE's 400 rao cannot
		// create an account (existential deposit 500), so it is recycled with the protocol's
		// share: 10 000 007 − (6 000 404 − 400) = 4 000 003.
		let mut paid = paid_events();
		paid.sort();
		assert_eq!(
			paid,
			vec![
				(ALICE, BOB_HOT, 3_000_000, 3_000_002),
				(CHARLIE, ALICE_HOT, 1_000_000, 1_000_001),
				(CHARLIE, BOB_HOT, 2_000_000, 2_000_001),
				(DAVE, ALICE_HOT, 400, 0),
			]
		);
		assert!(events().contains(&Event::NetworkDissolved {
			netuid: NetUid(2),
			paid: TaoBalance(6_000_004),
			recycled: TaoBalance(4_000_003),
			positions: 4,
		}));
		assert_eq!(free(ALICE), alice + 3_000_002);
		assert_eq!(free(CHARLIE), charlie + 3_000_002);
		assert_eq!(free(DAVE), 0);
		// Issuance: this block's emission in, the recycled TAO out.
		let minted = Subnets::<Test>::get(NetUid(1)).unwrap().last_injection.tao_in
			+ Subnets::<Test>::get(NetUid(3)).unwrap().last_injection.tao_in;
		assert_eq!(Balances::total_issuance(), issuance + minted - 4_000_003);
		// Nothing of netuid 2 is left, and it is free.
		assert!(
			Subnets::<Test>::get(NetUid(2)).is_none()
				&& Dissolutions::<Test>::get(NetUid(2)).is_none()
		);
		assert_eq!(HotkeyPools::<Test>::iter_prefix(NetUid(2)).count(), 0);
		assert_eq!(StakeIndex::<Test>::iter_prefix((NetUid(2),)).count(), 0);
		assert_eq!(Stake::<Test>::iter().filter(|((_, _, n), _)| *n == 2).count(), 0);
		assert_eq!(FreeNetuids::<Test>::get().into_inner(), vec![2]);

		// The next registration prunes subnet 1 (3 is immune) and takes netuid 2, fresh.
		assert_eq!(register(52, 53), 2);
		assert!(events()
			.contains(&Event::NetworkPruned { netuid: NetUid(1), moving_price: Price(TAO / 2) }));
		assert_eq!(TotalNetworks::<Test>::get(), 4);
		assert!(FreeNetuids::<Test>::get().is_empty());
		let fresh = Subnets::<Test>::get(NetUid(2)).unwrap();
		assert_eq!(
			(fresh.tao_reserve, fresh.alpha_in, fresh.alpha_out),
			(TaoBalance(MIN_LOCK), AlphaBalance(MIN_LOCK), AlphaBalance(0))
		);
		assert_eq!(fresh.share, Default::default());
		assert_eq!(DynamicTao::stake_of(&ALICE, &BOB_HOT, NetUid(2)), AlphaBalance(0));
		assert!(DynamicTao::stake_info(ALICE).iter().all(|s| s.netuid != 2));
	});
}

#[test]
fn the_last_epoch_pays_what_was_pending_before_the_payout() {
	test(|| {
		full_registry();
		// One epoch's owner cut pending on subnet 2.
		Subnets::<Test>::mutate(NetUid(2), |p| {
			let p = p.as_mut().unwrap();
			p.pending = Pending { owner: AlphaBalance(1_000_000), ..Default::default() };
			p.alpha_out += AlphaBalance(1_000_000);
		});
		run_to(30);
		register(NEWCOMER, 51);
		System::set_block_number(31);
		DynamicTao::on_initialize(31);
		assert!(events().iter().any(|e| matches!(
			e,
			Event::EpochPaid {
				netuid: NetUid(2),
				owner_cut: AlphaBalance(1_000_000),
				recycled: AlphaBalance(0),
				..
			}
		)));
		// The owner's new stake is part of what the pot is shared over.
		assert_eq!(DynamicTao::stake_of(&BOB, &BOB_HOT, NetUid(2)), AlphaBalance(1_000_000));
		let d = Dissolutions::<Test>::get(NetUid(2)).unwrap();
		assert_eq!((d.pot, d.total_alpha), (TaoBalance(100 * TAO), 100 * TAO as u128 + 1_000_000));
		DynamicTao::do_try_state().unwrap();
		// Paid on the next idle time: 100 TAO · 10^6 / (100 TAO + 10^6) = 999 990.0001 → 999 990.
		let bob = free(BOB);
		DynamicTao::on_idle(31, frame_support::weights::Weight::MAX);
		assert_eq!(paid_events(), vec![(BOB, BOB_HOT, 1_000_000, 999_990)]);
		assert_eq!(free(BOB), bob + 999_990);
	});
}

#[test]
fn a_payout_in_steps_stays_within_a_rao_of_the_exact_share() {
	test(|| {
		full_registry();
		positions_on_two();
		run_to(30);
		register(NEWCOMER, 51);
		// Listed while the pool is there; not once it has become a pot being paid out.
		assert!(DynamicTao::stake_info(ALICE).iter().any(|s| s.netuid == 2));
		System::set_block_number(31);
		DynamicTao::on_initialize(31);
		assert!(DynamicTao::stake_info(ALICE).iter().all(|s| s.netuid != 2));
		// One entry per step: four steps pay, four remove the two share pools and the owner's
		// neuron (its record and its UID), one finishes.
		for step in 1..=9 {
			assert!(
				Dissolutions::<Test>::get(NetUid(2)).is_some(),
				"finished early, at step {step}"
			);
			DynamicTao::dissolve_step(NetUid(2), 1);
			DynamicTao::do_try_state().unwrap();
		}
		assert!(Dissolutions::<Test>::get(NetUid(2)).is_none());
		// Whatever the order, each holder gets its exact share (alpha · 1.0000007) rounded down
		// or up; DAVE's (400 or 401 rao) cannot be paid. The holders were owed exactly
		// floor(10 000 007 · 6 000 400 / 10^7) = 6 000 404 in all, so 6 000 003 or 6 000 004
		// was paid and the rest of the pot recycled.
		let paid = paid_events();
		assert_eq!(paid.len(), 4);
		for (coldkey, _, alpha, tao) in &paid {
			let floor = alpha * 10_000_007 / 10_000_000;
			if *coldkey == DAVE {
				assert_eq!(*tao, 0);
			} else {
				assert!((floor..=floor + 1).contains(tao), "{alpha} alpha paid {tao}");
			}
		}
		let total: u64 = paid.iter().map(|p| p.3).sum();
		assert!((6_000_003..=6_000_004).contains(&total));
		assert!(events().contains(&Event::NetworkDissolved {
			netuid: NetUid(2),
			paid: TaoBalance(total),
			recycled: TaoBalance(10_000_007 - total),
			positions: 4,
		}));
	});
}

/// Six holders of uneven positions (coldkeys 100 to 105, each with an account), paid out in steps
/// of two to five positions: however the steps group them, every holder gets at least the floor
/// of its exact share `T · a / S`, computed here with plain u128 math, and at most one rao
/// more. Before the fix a step shared its part of the pot by the batch's alpha, not by the exact
/// shares, and could pay a holder one rao below its floor.
#[test]
fn a_payout_in_steps_pays_every_holder_at_least_the_floor_of_its_share() {
	// Found by search so that, in the order the positions are stored in (coldkeys 102, 100, 104,
	// 101, 105, 103), every step size from 2 to 5 underpaid someone before the fix.
	const POT: u64 = 3_981_579_064;
	const ALPHA_IN: u64 = 143_319_685;
	const ALPHAS: [u64; 6] =
		[48_925_984, 77_019_392, 778_568_560, 618_446_410, 378_960_970, 565_355_041];
	let total = ALPHA_IN as u128 + ALPHAS.iter().map(|a| *a as u128).sum::<u128>();
	for step in 2..=5 {
		new_test_ext().execute_with(|| {
			full_registry();
			set_reserves(NetUid(2), POT, ALPHA_IN);
			for (i, alpha) in ALPHAS.iter().enumerate() {
				let coldkey = 100 + i as u64;
				Balances::mint_into(&coldkey, TAO).unwrap();
				position(coldkey, if i % 2 == 0 { ALICE_HOT } else { BOB_HOT }, NetUid(2), *alpha);
			}
			run_to(30);
			register(NEWCOMER, 51);
			System::set_block_number(31);
			DynamicTao::on_initialize(31);
			while Dissolutions::<Test>::get(NetUid(2)).is_some() {
				DynamicTao::dissolve_step(NetUid(2), step);
				DynamicTao::do_try_state().unwrap();
			}
			let paid = paid_events();
			assert_eq!(paid.len(), ALPHAS.len());
			for (coldkey, _, alpha, tao) in &paid {
				assert_eq!(*alpha, ALPHAS[(*coldkey - 100) as usize]);
				let floor = (POT as u128 * *alpha as u128 / total) as u64;
				assert!(
					(floor..=floor + 1).contains(tao),
					"steps of {step}: {alpha} alpha owed floor {floor}, paid {tao}"
				);
			}
			// In all, exactly the floor of the holders' share; the rest is recycled.
			let owed = (POT as u128 * (total - ALPHA_IN as u128) / total) as u64;
			let sum: u64 = paid.iter().map(|p| p.3).sum();
			assert_eq!(sum, owed);
			assert!(events().contains(&Event::NetworkDissolved {
				netuid: NetUid(2),
				paid: TaoBalance(owed),
				recycled: TaoBalance(POT - owed),
				positions: ALPHAS.len() as u32,
			}));
		});
	}
}

#[test]
fn on_idle_does_only_what_the_spare_weight_allows() {
	test(|| {
		full_registry();
		positions_on_two();
		run_to(30);
		register(NEWCOMER, 51);
		System::set_block_number(31);
		DynamicTao::on_initialize(31);
		let lookup = <<Test as frame_system::Config>::DbWeight as Get<
			frame_support::weights::RuntimeDbWeight,
		>>::get()
		.reads(1);
		let one = <() as WeightInfo>::dissolve_step(1);
		// Short of one position's step: nothing is paid.
		let used = DynamicTao::on_idle(
			31,
			lookup + one - frame_support::weights::Weight::from_parts(1, 0),
		);
		assert!(paid_events().is_empty());
		assert_eq!(used, lookup);
		// Exactly one position's step: one is paid, and the weight used is that step.
		let used = DynamicTao::on_idle(31, lookup + one);
		assert_eq!(paid_events().len(), 1);
		assert_eq!(used, lookup + one);
		// No dissolution: only the lookup.
		let record = Dissolutions::<Test>::take(NetUid(2)).unwrap();
		assert_eq!(DynamicTao::on_idle(31, frame_support::weights::Weight::MAX), lookup);
		Dissolutions::<Test>::insert(NetUid(2), record);
	});
}

#[test]
fn immunity_is_root_settable() {
	test(|| {
		assert_noop!(
			DynamicTao::set_network_immunity_period(RuntimeOrigin::signed(ALICE), 5),
			sp_runtime::DispatchError::BadOrigin
		);
		assert_ok!(DynamicTao::set_network_immunity_period(RuntimeOrigin::root(), 5));
		System::assert_last_event(Event::NetworkImmunityPeriodSet { immunity_period: 5 }.into());
		assert_eq!(crate::NetworkConfig::<Test>::get().immunity_period, 5);
	});
}

#[test]
fn a_pruning_registration_that_cannot_pay_changes_nothing() {
	test(|| {
		full_registry();
		run_to(30);
		// 100 TAO does not cover the lock (2 · 199 − 1 · 28 = 370 TAO).
		Balances::mint_into(&NEWCOMER, 100 * TAO).unwrap();
		assert_noop!(
			DynamicTao::register_network(RuntimeOrigin::signed(NEWCOMER), 51),
			Error::<Test>::InsufficientBalance
		);
	});
}

#[test]
fn a_dormant_subnet_is_pruned_first_and_its_seed_recycled() {
	test(|| {
		SubnetLimit::set(1);
		assert_ok!(DynamicTao::register_network(RuntimeOrigin::signed(ALICE), ALICE_HOT));
		run_to(25);
		assert_eq!(register(NEWCOMER, 51), 2);
		// Its owner can no longer start it.
		assert_noop!(
			DynamicTao::start_call(RuntimeOrigin::signed(ALICE), NetUid(1)),
			Error::<Test>::SubnetDissolving
		);
		let issuance = Balances::total_issuance();
		run_blocks(1);
		// Nobody held its alpha: the 100 TAO that seeded the pool are the protocol's, recycled.
		assert!(events().contains(&Event::NetworkDissolved {
			netuid: NetUid(1),
			paid: TaoBalance(0),
			recycled: TaoBalance(MIN_LOCK),
			positions: 0,
		}));
		assert_eq!(Balances::total_issuance(), issuance - MIN_LOCK);
		assert_eq!(FreeNetuids::<Test>::get().into_inner(), vec![1]);
	});
}

/// Blocks that are always full: `on_idle` gets no weight, so only the hook runs.
fn run_full_blocks(n: u64) {
	for _ in 0..n {
		let next = System::block_number() + 1;
		System::set_block_number(next);
		DynamicTao::on_initialize(next);
		assert_eq!(
			DynamicTao::on_idle(next, frame_support::weights::Weight::zero()),
			frame_support::weights::Weight::zero()
		);
	}
}

#[test]
fn with_full_blocks_anyone_can_pay_for_the_payout() {
	test(|| {
		full_registry();
		positions_on_two();
		run_to(30);
		assert_eq!(register(NEWCOMER, 51), 3);
		// Pruned, but its last epoch has not run yet: nothing to advance.
		assert_noop!(
			DynamicTao::advance_dissolution(RuntimeOrigin::signed(DAVE), NetUid(2), 4),
			Error::<Test>::NotDissolving
		);
		// Ten full blocks: the hook begins the dissolution, nothing is paid.
		run_full_blocks(10);
		assert_eq!(Dissolutions::<Test>::get(NetUid(2)).unwrap().positions, 0);
		assert!(paid_events().is_empty());
		let (alice, charlie) = (free(ALICE), free(CHARLIE));

		// A step of one position, paid by a stranger (account 60, no stake on the subnet).
		let stranger = 60;
		Balances::mint_into(&stranger, TAO).unwrap();
		let info =
			DynamicTao::advance_dissolution(RuntimeOrigin::signed(stranger), NetUid(2), 1).unwrap();
		// Charged for what was done: one entry.
		assert_eq!(
			info.actual_weight,
			Some(<Test as crate::Config>::WeightInfo::advance_dissolution(1))
		);
		assert_eq!(paid_events().len(), 1);
		assert!(events().contains(&Event::DissolutionAdvanced {
			netuid: NetUid(2),
			who: stranger,
			done: 1,
			finished: false,
		}));
		assert_eq!(Dissolutions::<Test>::get(NetUid(2)).unwrap().positions, 1);

		// The rest in one call: three positions, then the share pools and items, then done.
		assert_ok!(DynamicTao::advance_dissolution(
			RuntimeOrigin::signed(stranger),
			NetUid(2),
			512
		));
		assert!(Dissolutions::<Test>::get(NetUid(2)).is_none());
		assert!(matches!(
			events().last(),
			Some(Event::DissolutionAdvanced { netuid: NetUid(2), finished: true, .. })
		));
		// The same payout as `on_idle`'s (the_pot_goes_to_holders_by_alpha…): holders owed
		// floor(10 000 007 · 6 000 400 / 10^7) = 6 000 404, of which DAVE's 400 or 401 cannot
		// create an account; each holder gets its exact share rounded down or up.
		let paid = paid_events();
		assert_eq!(paid.len(), 4);
		let dave = paid.iter().find(|p| p.0 == DAVE).unwrap();
		assert_eq!(dave.3, 0);
		let dissolved = events()
			.into_iter()
			.find_map(|e| match e {
				Event::NetworkDissolved { netuid: NetUid(2), paid, recycled, positions } => {
					Some((paid.get(), recycled.get(), positions))
				},
				_ => None,
			})
			.unwrap();
		assert_eq!(dissolved.2, 4);
		assert_eq!(dissolved.0 + dissolved.1, 10_000_007);
		assert!((6_000_003..=6_000_004).contains(&dissolved.0));
		assert!((3_000_002..=3_000_003).contains(&(free(ALICE) - alice)));
		assert!((3_000_001..=3_000_003).contains(&(free(CHARLIE) - charlie)));
		assert_eq!(FreeNetuids::<Test>::get().into_inner(), vec![2]);
		// Finished: nothing more to advance.
		assert_noop!(
			DynamicTao::advance_dissolution(RuntimeOrigin::signed(stranger), NetUid(2), 1),
			Error::<Test>::NotDissolving
		);
		DynamicTao::do_try_state().unwrap();
	});
}

#[test]
fn advance_dissolution_rejects_a_step_out_of_range_and_a_live_subnet() {
	test(|| {
		full_registry();
		for max in [0, crate::dissolution::MAX_DISSOLVE_STEP + 1] {
			assert_noop!(
				DynamicTao::advance_dissolution(RuntimeOrigin::signed(DAVE), NetUid(1), max),
				Error::<Test>::InvalidStepSize
			);
		}
		assert_noop!(
			DynamicTao::advance_dissolution(RuntimeOrigin::signed(DAVE), NetUid(1), 1),
			Error::<Test>::NotDissolving
		);
		assert_noop!(
			DynamicTao::advance_dissolution(RuntimeOrigin::none(), NetUid(1), 1),
			sp_runtime::DispatchError::BadOrigin
		);
	});
}
