//! Epoch payouts and the timing attacks on them (issue 10): the dividend split, root's alpha sold
//! every block, the hold on fresh stake, the owner cut after the consensus. Expected values come
//! from the formulas of docs/mechanism.md §6 and §7 written out here in plain `u128` (a reference
//! independent of `emission.rs` and `epoch.rs`), or by hand in the comments.

use super::epoch_events;
use crate::types::{AlphaBalance, NetUid, TaoBalance};
use crate::{
	mock::*,
	pallet::{Error, Event, HotkeyPools, Subnets},
	types::Pending,
	EmissionParams, ROOT_NETUID,
};
use frame_support::{
	assert_noop, assert_ok,
	traits::{fungible::Mutate, Hooks},
};
use proptest::prelude::*;
use sp_arithmetic::Perbill;

const MINER: u64 = 21;
const DAVE: u64 = 4;

fn pool(netuid: NetUid) -> crate::SubnetPool {
	Subnets::<Test>::get(netuid).expect("the subnet exists")
}

/// Epochs every 10 blocks (netuid 1 at blocks where `(block + 2) % 10 == 0`), `TaoWeight` 0.2,
/// no moving-price movement (so no TAO emission unless a test sets a moving price).
fn tempo_9() -> EmissionParams {
	EmissionParams {
		tempo: 9,
		tao_weight: Perbill::from_percent(20),
		ema_rate: Perbill::zero(),
		..Default::default()
	}
}

/// In exact integers, the per-block emission for a lone subnet with no TAO share, as
/// docs/mechanism.md §6 (Block emission) gives it (the injection, §6.1 and §6.2), and the
/// per-block fee-free sale of root's alpha (§6.3).
#[derive(Clone, Copy, Debug, Default)]
struct Reference {
	tao: u128,
	alpha_in: u128,
	alpha_out: u128,
	owner: u128,
	miners: u128,
	validators: u128,
	root_tao: u128,
}

impl Reference {
	fn of(netuid: NetUid) -> Self {
		let p = pool(netuid);
		Self {
			tao: u128::from(p.tao_reserve),
			alpha_in: u128::from(p.alpha_in),
			alpha_out: u128::from(p.alpha_out),
			..Default::default()
		}
	}

	/// One block: 1 alpha out; 18 % owner, half the rest to miners, the other half to validators
	/// of which `w·T_root / (w·T_root + issuance)` (floored) is root's, sold at once.
	fn block(&mut self, root_stake: u128, tao_weight_ppb: u128) {
		let issuance = self.alpha_in + self.alpha_out;
		let e = TAO as u128;
		self.alpha_out += e;
		let owner = e * 18 / 100;
		let miners = (e - owner) / 2;
		let validators = e - owner - miners;
		let weighted_root = tao_weight_ppb * root_stake;
		let root = validators * weighted_root / (weighted_root + 1_000_000_000 * issuance);
		let tao = self.tao * root / (self.alpha_in + root);
		self.tao -= tao;
		self.alpha_in += root;
		self.alpha_out -= root;
		self.root_tao += tao;
		self.owner += owner;
		self.miners += miners;
		self.validators += validators - root;
	}
}

#[test]
fn an_epoch_pays_out_everything_pending() {
	test(|| {
		let one = started_subnet(); // block 12
		set_emission(tempo_9());
		assert_ok!(DynamicTao::add_stake(
			RuntimeOrigin::signed(CHARLIE),
			ALICE_HOT,
			one,
			TaoBalance(50 * TAO)
		));
		assert_ok!(DynamicTao::add_stake(
			RuntimeOrigin::signed(BOB),
			ALICE_HOT,
			ROOT_NETUID,
			TaoBalance(500 * TAO)
		));
		let charlie = DynamicTao::stake_of(&CHARLIE, &ALICE_HOT, one);
		// 50 TAO less the 0.05 % fee (25_000_000) on the 100 / 100 pool:
		// floor(100e9 · 49.975e9 / 149.975e9).
		assert_eq!(charlie, AlphaBalance(33_322_220_370));
		let mut reference = Reference::of(one);

		run_blocks(5); // blocks 13..=17: pending accumulates, root's alpha is sold every block
		assert!(epoch_events().is_empty());
		for _ in 0..5 {
			reference.block(500 * TAO as u128, 200_000_000);
		}
		let p = pool(one);
		assert_eq!(p.pending.root, AlphaBalance(0));
		assert_eq!(u128::from(p.pending.root_tao), reference.root_tao);
		assert_eq!(u128::from(p.pending.validators), reference.validators);
		assert_eq!(
			(u128::from(p.tao_reserve), u128::from(p.alpha_in)),
			(reference.tao, reference.alpha_in)
		);

		run_blocks(1); // block 18: its own emission, then the epoch
		reference.block(500 * TAO as u128, 200_000_000);
		let after = pool(one);
		assert_eq!(after.pending, Pending::default());
		// The epoch block trades nothing on the pool: what it did is this block's sale only.
		assert_eq!(
			(u128::from(after.tao_reserve), u128::from(after.alpha_in)),
			(reference.tao, reference.alpha_in)
		);
		// Six blocks of the reference: 1.08 alpha owner cut, 2.46 to miners (no incentive, so
		// the validators'), 1.245… to validators, 2.684… TAO for root.
		assert_eq!(
			(reference.owner, reference.miners, reference.validators, reference.root_tao),
			(1_080_000_000, 2_460_000_000, 1_245_098_769, 2_684_165_393)
		);
		let bucket = (reference.miners + reference.validators) as u64;
		let root_tao = reference.root_tao as u64;
		assert_eq!(
			epoch_events(),
			vec![Event::EpochPaid {
				netuid: one,
				owner_cut: AlphaBalance(1_080_000_000),
				miners: AlphaBalance(0),
				validators: AlphaBalance(bucket),
				root_tao: TaoBalance(root_tao),
				recycled: AlphaBalance(0),
				root_tao_recycled: TaoBalance(0),
			}]
		);
		assert_eq!(pool(ROOT_NETUID).tao_reserve, TaoBalance(500 * TAO + root_tao));

		// ALICE_HOT is the only validator and CHARLIE its only nominator: he gets the bucket
		// less the 18 % take. The owner cut is staked after the payout, so it earns nothing of
		// it (ALICE's later shares may round CHARLIE up by one unit).
		let take = bucket * 18 / 100;
		let gained = DynamicTao::stake_of(&CHARLIE, &ALICE_HOT, one) - charlie;
		assert!((bucket - take..=bucket - take + 1).contains(&gained), "{gained}");
		let hot = HotkeyPools::<Test>::get(one, ALICE_HOT);
		assert_eq!(hot.value, charlie + AlphaBalance(bucket) + AlphaBalance(1_080_000_000));
		let alice = DynamicTao::stake_of(&ALICE, &ALICE_HOT, one);
		assert!((take + 1_080_000_000 - 2..=take + 1_080_000_000).contains(&alice), "{alice}");
		// Root: BOB is the only holder, so he gets all but the take.
		let root_take = root_tao * 18 / 100;
		let bob = DynamicTao::stake_of(&BOB, &ALICE_HOT, ROOT_NETUID);
		assert!((500 * TAO + root_tao - root_take..=500 * TAO + root_tao - root_take + 1)
			.contains(&bob));
	});
}

/// Subnet 1 with two validators under stake weights: ALICE_HOT (UID 0) and MINER (UID 1),
/// each with exactly 1 alpha of CHARLIE's, and root stakes of 500 and 250 TAO from BOB.
fn two_validators() -> NetUid {
	let one = started_subnet();
	assert_ok!(DynamicTao::burned_register(RuntimeOrigin::signed(BOB), one, MINER));
	for hotkey in [ALICE_HOT, MINER] {
		assert!(DynamicTao::credit_position(&CHARLIE, &hotkey, one, AlphaBalance(TAO)));
	}
	Subnets::<Test>::mutate(one, |p| p.as_mut().unwrap().alpha_out += AlphaBalance(2 * TAO));
	for (hotkey, tao) in [(ALICE_HOT, 500 * TAO), (MINER, 250 * TAO)] {
		assert_ok!(DynamicTao::add_stake(
			RuntimeOrigin::signed(BOB),
			hotkey,
			ROOT_NETUID,
			TaoBalance(tao)
		));
	}
	one
}

/// Runs `netuid`'s epoch with `pending` (its TAO minted into the pallet account), no take.
fn epoch_with(netuid: NetUid, pending: Pending) {
	Balances::mint_into(&DynamicTao::account_id(), u64::from(pending.root_tao)).unwrap();
	let mut p = pool(netuid);
	p.pending = pending;
	p.alpha_out += pending.total();
	let params = EmissionParams { take: Perbill::zero(), ..tempo_9() };
	DynamicTao::run_epoch(netuid, &mut p, &params);
	Subnets::<Test>::insert(netuid, p);
}

#[test]
fn validators_are_paid_alpha_by_alpha_stake_and_root_by_root_stake() {
	test(|| {
		let one = two_validators();
		let value = |hotkey, netuid| HotkeyPools::<Test>::get(netuid, hotkey).value;
		epoch_with(
			one,
			Pending {
				validators: AlphaBalance(1_000_000),
				root_tao: TaoBalance(300_000),
				..Default::default()
			},
		);
		// Stake weights (w = 0.2): d = a + w·t = 1 + 100 and 1 + 50 alpha. Root parts
		// d·w·t/(a + w·t) = 100 and 50; alpha parts d − root = 1 and 1. So the alpha bucket
		// goes half and half, root's TAO 2 : 1. (Paying the alpha bucket by d would give
		// ALICE_HOT 101/152 of it: 664_473.)
		assert_eq!(value(ALICE_HOT, one), TAO + 500_000);
		assert_eq!(value(MINER, one), TAO + 500_000);
		assert_eq!(value(ALICE_HOT, ROOT_NETUID), 500 * TAO + 200_000);
		assert_eq!(value(MINER, ROOT_NETUID), 250 * TAO + 100_000);
	});
}

#[test]
fn root_tao_nobody_can_claim_is_burned() {
	test(|| {
		let one = started_subnet();
		assert!(DynamicTao::credit_position(&CHARLIE, &ALICE_HOT, one, AlphaBalance(TAO)));
		Subnets::<Test>::mutate(one, |p| p.as_mut().unwrap().alpha_out += AlphaBalance(TAO));
		let issuance = Balances::total_issuance();
		// No validator has root stake: nobody claims root's TAO.
		epoch_with(
			one,
			Pending {
				validators: AlphaBalance(1_000),
				root_tao: TaoBalance(7_000),
				..Default::default()
			},
		);
		assert_eq!(Balances::total_issuance(), issuance);
		assert_eq!(
			epoch_events(),
			vec![Event::EpochPaid {
				netuid: one,
				owner_cut: AlphaBalance(0),
				miners: AlphaBalance(0),
				validators: AlphaBalance(1_000),
				root_tao: TaoBalance(0),
				recycled: AlphaBalance(0),
				root_tao_recycled: TaoBalance(7_000),
			}]
		);
	});
}

#[test]
fn selling_around_the_epoch_no_longer_pays() {
	test(|| {
		let one = started_subnet();
		set_emission(tempo_9());
		// A deep pool (10 000 TAO / 10 000 alpha) and 1 000 TAO of root stake.
		set_reserves(one, 10_000 * TAO, 10_000 * TAO);
		assert_ok!(DynamicTao::add_stake(
			RuntimeOrigin::signed(BOB),
			ALICE_HOT,
			NetUid(0),
			TaoBalance(1_000 * TAO)
		));
		Balances::mint_into(&DAVE, 10_000 * TAO).unwrap();
		assert_ok!(DynamicTao::add_stake(
			RuntimeOrigin::signed(DAVE),
			ALICE_HOT,
			one,
			TaoBalance(100 * TAO)
		));
		let alpha = DynamicTao::stake_of(&DAVE, &ALICE_HOT, one);
		run_blocks(15); // to block 27, the last before subnet 1's epoch at 28; DAVE's hold is over
		assert_eq!(System::block_number(), 27);
		let before = pool(one);
		assert!(before.pending.root_tao > TaoBalance(0) && before.pending.root == AlphaBalance(0));

		// The block before the epoch, DAVE sells his alpha (not the dividend he would earn)...
		let sell = DynamicTao::stake_of(&DAVE, &ALICE_HOT, one).min(alpha);
		let free = Balances::free_balance(DAVE);
		assert_ok!(DynamicTao::remove_stake(RuntimeOrigin::signed(DAVE), ALICE_HOT, one, sell));
		let tao = Balances::free_balance(DAVE) - free;
		let sold = pool(one);
		// ...the epoch block sells only that block's root alpha, as every block does...
		run_blocks(1);
		let epoch = pool(one);
		let ordinary = |p: &crate::SubnetPool, q: &crate::SubnetPool| {
			(
				(u128::from(q.tao_reserve) as i128) - (u128::from(p.tao_reserve) as i128),
				(u128::from(q.alpha_in) as i128) - (u128::from(p.alpha_in) as i128),
			)
		};
		// (no TAO share here: the pool moves by the root sale alone, at most one block's worth,
		// 0.41 alpha at most.)
		let (dt, da) = ordinary(&sold, &epoch);
		assert!(dt <= 0 && (0..=410_000_000).contains(&da), "{dt} {da}");
		// ...so buying back after it returns less alpha than he sold: two fees and a block's
		// drift, no lump to buy cheaply.
		let held = DynamicTao::stake_of(&DAVE, &ALICE_HOT, one);
		assert_ok!(DynamicTao::add_stake(
			RuntimeOrigin::signed(DAVE),
			ALICE_HOT,
			one,
			TaoBalance(tao)
		));
		let back = DynamicTao::stake_of(&DAVE, &ALICE_HOT, one) - held;
		assert!(back < sell, "the round trip must lose: sold {sell}, bought back {back}");
	});
}

#[test]
fn trading_opens_in_the_block_after_start_call() {
	test(|| {
		assert_ok!(DynamicTao::register_network(RuntimeOrigin::signed(ALICE), ALICE_HOT));
		run_to(1 + START_DELAY);
		assert_ok!(DynamicTao::start_call(RuntimeOrigin::signed(ALICE), NetUid(1)));
		// The owner cannot batch the start with the first buy.
		assert_noop!(
			DynamicTao::add_stake(
				RuntimeOrigin::signed(ALICE),
				ALICE_HOT,
				NetUid(1),
				TaoBalance(TAO)
			),
			Error::<Test>::SubnetNotStarted
		);
		run_to(2 + START_DELAY);
		assert_ok!(DynamicTao::add_stake(
			RuntimeOrigin::signed(ALICE),
			ALICE_HOT,
			NetUid(1),
			TaoBalance(TAO)
		));
	});
}

#[test]
fn donated_tao_is_surplus_and_try_state_accepts_it() {
	test(|| {
		let one = started_subnet();
		assert_eq!(DynamicTao::surplus(), TaoBalance(0));
		assert_ok!(<Balances as frame_support::traits::fungible::Mutate<u64>>::transfer(
			&BOB,
			&DynamicTao::account_id(),
			5 * TAO,
			frame_support::traits::tokens::Preservation::Preserve
		));
		assert_eq!(DynamicTao::surplus(), TaoBalance(5 * TAO));
		DynamicTao::do_try_state().expect("a donation breaks nothing");
		// Emission and trading go on without spending it.
		set_emission(tempo_9());
		crate::Subnets::<Test>::mutate(one, |p| {
			p.as_mut().unwrap().moving_price = sp_arithmetic::FixedU128::from_u32(1)
		});
		assert_ok!(DynamicTao::add_stake(
			RuntimeOrigin::signed(CHARLIE),
			ALICE_HOT,
			one,
			TaoBalance(TAO)
		));
		run_blocks(12);
		assert_eq!(DynamicTao::surplus(), TaoBalance(5 * TAO));
	});
}

#[test]
fn max_validators_is_bounded_by_the_benchmarked_range() {
	test(|| {
		let params = |v| crate::types::NeuronParams {
			max_uids: 256,
			max_validators: v,
			..Default::default()
		};
		assert_ok!(DynamicTao::set_neuron_params(RuntimeOrigin::root(), params(64)));
		assert_noop!(
			DynamicTao::set_neuron_params(RuntimeOrigin::root(), params(65)),
			Error::<Test>::InvalidNeuronParams
		);
	});
}

#[test]
fn a_hotkey_that_is_not_a_neuron_leaves_no_work_in_epochs() {
	use crate::WeightInfo;
	test(|| {
		let one = started_subnet();
		set_emission(tempo_9());
		// BOB_HOT (subnet 2's owner hotkey) is staked on subnet 1 without being a neuron there.
		assert_ok!(DynamicTao::set_start_call_delay(RuntimeOrigin::root(), 0));
		assert_ok!(DynamicTao::register_network(RuntimeOrigin::signed(BOB), BOB_HOT));
		assert_ok!(DynamicTao::add_stake(
			RuntimeOrigin::signed(CHARLIE),
			BOB_HOT,
			one,
			TaoBalance(TAO)
		));
		assert_ok!(DynamicTao::add_stake(
			RuntimeOrigin::signed(CHARLIE),
			ALICE_HOT,
			one,
			TaoBalance(TAO)
		));
		// Block 18: subnet 1's epoch iterates its one neuron, ALICE_HOT, and pays only it.
		System::set_block_number(18);
		let weight = DynamicTao::on_initialize(18);
		assert_eq!(weight, <() as WeightInfo>::on_initialize(3) + <() as WeightInfo>::epoch(1, 1));
	});
}

// --- the hold on fresh stake ---------------------------------------------------------------

/// How the stake leaves in a just-in-time round trip.
#[derive(Clone, Copy, Debug)]
enum Exit {
	Unstake,
	MoveHotkey,
	SwapSubnet,
	Transfer,
}

fn exit(exit: Exit, netuid: NetUid, alpha: u64) -> sp_runtime::DispatchResult {
	let o = RuntimeOrigin::signed(DAVE);
	let other = if netuid == ROOT_NETUID { NetUid(1) } else { ROOT_NETUID };
	match exit {
		Exit::Unstake => DynamicTao::remove_stake(o, ALICE_HOT, netuid, AlphaBalance(alpha)),
		Exit::MoveHotkey => {
			DynamicTao::move_stake(o, ALICE_HOT, BOB_HOT, netuid, netuid, AlphaBalance(alpha))
		},
		Exit::SwapSubnet => {
			DynamicTao::swap_stake(o, ALICE_HOT, netuid, other, AlphaBalance(alpha))
		},
		Exit::Transfer => {
			DynamicTao::transfer_stake(o, CHARLIE, ALICE_HOT, netuid, netuid, AlphaBalance(alpha))
		},
	}
}

proptest! {
	#![proptest_config(ProptestConfig { cases: 48, failure_persistence: None, ..Default::default() })]

	/// Stake added the block before an epoch cannot leave right after it, by any path, on root
	/// or on a subnet, whatever the amount (1 TAO to 10^6 TAO) and whatever the hotkey's pool
	/// already holds; only what the epoch paid on it can. It can leave `tempo + 1` blocks after
	/// it arrived: the last block before the subnet's next epoch, so over its hold it earned
	/// exactly one epoch, like any position held for a whole tempo.
	#[test]
	fn stake_added_before_an_epoch_cannot_leave_right_after(
		tao in 1u64..=1_000_000,
		existing in 0u64..=100_000,
		on_root in any::<bool>(),
		path in prop_oneof![Just(Exit::Unstake), Just(Exit::MoveHotkey), Just(Exit::SwapSubnet), Just(Exit::Transfer)],
	) {
		new_test_ext().execute_with(|| {
			let one = started_subnet(); // block 12
			set_emission(tempo_9());
			assert_ok!(DynamicTao::set_start_call_delay(RuntimeOrigin::root(), 0));
			assert_ok!(DynamicTao::register_network(RuntimeOrigin::signed(BOB), BOB_HOT));
			// Deep enough for 10^6 TAO (1 000 × its reserve) and a moving price, so TAO flows.
			set_reserves(one, 10_000 * TAO, 10_000 * TAO);
			crate::Subnets::<Test>::mutate(one, |p| {
				p.as_mut().unwrap().moving_price = sp_arithmetic::FixedU128::from_u32(1)
			});
			Balances::mint_into(&DAVE, 2_000_000 * TAO).unwrap();
			Balances::mint_into(&CHARLIE, 200_000 * TAO).unwrap();
			let netuid = if on_root { ROOT_NETUID } else { one };
			if existing > 0 {
				assert_ok!(DynamicTao::add_stake(RuntimeOrigin::signed(CHARLIE), ALICE_HOT, netuid, TaoBalance(existing * TAO)));
			}
			assert_ok!(DynamicTao::add_stake(RuntimeOrigin::signed(CHARLIE), ALICE_HOT, ROOT_NETUID, TaoBalance(10 * TAO)));
			run_blocks(15); // to block 27; subnet 1's epoch is at 28
			assert_ok!(DynamicTao::add_stake(RuntimeOrigin::signed(DAVE), ALICE_HOT, netuid, TaoBalance(tao * TAO)));
			let arrived = DynamicTao::stake_of(&DAVE, &ALICE_HOT, netuid);
			run_blocks(1); // the epoch
			assert_eq!(epoch_events().len(), 2, "subnet 1's epochs at 18 and 28");
			let owned = DynamicTao::stake_of(&DAVE, &ALICE_HOT, netuid);
			prop_assert!(owned >= arrived);
			let (held, until) = DynamicTao::stake_hold(&DAVE, &ALICE_HOT, netuid);
			// What the buy credited (the position may read one unit less: share rounding).
			prop_assert!(held == arrived || held == arrived + AlphaBalance(1), "{} {}", held, arrived);
			prop_assert_eq!(until, 27 + 10);
			// All of it, or even one unit more than the dividend: held.
			prop_assert_eq!(exit(path, netuid, u64::from(owned)), Err(Error::<Test>::StakeHeld.into()));
			let dividend = owned.saturating_sub(held);
			prop_assert_eq!(exit(path, netuid, u64::from(dividend + AlphaBalance(1))), Err(Error::<Test>::StakeHeld.into()));
			// Until block 36 included; at 37 (before the next epoch at 38) it can all go.
			run_blocks(8);
			prop_assert_eq!(System::block_number(), 36);
			prop_assert_eq!(exit(path, netuid, u64::from(owned)), Err(Error::<Test>::StakeHeld.into()));
			run_blocks(1);
			prop_assert_eq!(epoch_events().len(), 2, "no epoch of subnet 1 within the hold");
			let owned = DynamicTao::stake_of(&DAVE, &ALICE_HOT, netuid);
			let result = exit(path, netuid, u64::from(owned));
			// (A move may still be refused for its own reasons, never for the hold.)
			prop_assert!(result != Err(Error::<Test>::StakeHeld.into()), "{:?}", result);
			DynamicTao::do_try_state().expect("invariants hold");
			Ok(())
		})?;
	}
}

#[test]
fn a_transfer_within_a_subnet_is_not_held_a_transfer_across_subnets_is() {
	test(|| {
		let one = started_subnet();
		assert_ok!(DynamicTao::add_stake(
			RuntimeOrigin::signed(CHARLIE),
			ALICE_HOT,
			one,
			TaoBalance(10 * TAO)
		));
		assert_ok!(DynamicTao::add_stake(
			RuntimeOrigin::signed(CHARLIE),
			ALICE_HOT,
			NetUid(0),
			TaoBalance(10 * TAO)
		));
		run_past_hold();
		// Within subnet 1 on ALICE_HOT: only the owner changes, no stake arrives on the hotkey.
		let half = DynamicTao::stake_of(&CHARLIE, &ALICE_HOT, one) / 2;
		assert_ok!(DynamicTao::transfer_stake(
			RuntimeOrigin::signed(CHARLIE),
			BOB,
			ALICE_HOT,
			one,
			one,
			half
		));
		assert_eq!(DynamicTao::stake_hold(&BOB, &ALICE_HOT, one), (AlphaBalance(0), 0));
		let bob = DynamicTao::stake_of(&BOB, &ALICE_HOT, one);
		assert_ok!(DynamicTao::remove_stake(RuntimeOrigin::signed(BOB), ALICE_HOT, one, bob));
		// From root to subnet 1: new stake on (ALICE_HOT, 1), held for DAVE.
		assert_ok!(DynamicTao::transfer_stake(
			RuntimeOrigin::signed(CHARLIE),
			DAVE,
			ALICE_HOT,
			NetUid(0),
			one,
			AlphaBalance(5 * TAO)
		));
		let dave = DynamicTao::stake_of(&DAVE, &ALICE_HOT, one);
		let now = System::block_number();
		// The default tempo is 360: held until 361 blocks from now (the hold is what the buy
		// credited; the position may read a unit less through share rounding).
		let (held, until) = DynamicTao::stake_hold(&DAVE, &ALICE_HOT, one);
		assert!(
			(dave..=dave + AlphaBalance(1)).contains(&held) && until == now + 361,
			"{held} {until}"
		);
		assert_noop!(
			DynamicTao::remove_stake(RuntimeOrigin::signed(DAVE), ALICE_HOT, one, dave),
			Error::<Test>::StakeHeld
		);
	});
}
