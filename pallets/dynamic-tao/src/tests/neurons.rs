//! Neurons, weights and Yuma paying the epoch, with amounts worked out by hand in the comments.

use super::free;
use crate::types::{AlphaBalance, NetUid, TaoBalance};
use crate::{
	mock::*,
	pallet::{
		Bonds, Error, Event, Metagraph, NeuronConfig, NeuronCount, NeuronUids, Neurons, Subnets,
		Weights,
	},
	types::{NeuronParams, NeuronStats, Pending},
	EmissionParams,
};
use frame_support::{assert_noop, assert_ok, traits::fungible::Mutate};

const MINER_A: u64 = 21;
const MINER_B: u64 = 22;

/// Burns of 1 TAO to 100 TAO, target 1 registration per 10 blocks, 5 blocks of immunity, 2
/// blocks between weights, version 7.
fn params() -> NeuronParams {
	NeuronParams {
		max_uids: 4,
		max_validators: 2,
		immunity_period: 5,
		min_burn: TaoBalance(TAO),
		max_burn: TaoBalance(100 * TAO),
		target_registrations: 1,
		adjustment_interval: 10,
		weights_rate_limit: 2,
		weights_version: 7,
		..Default::default()
	}
}

fn set_params() {
	assert_ok!(DynamicTao::set_neuron_params(RuntimeOrigin::root(), params()));
}

/// Subnet 1 (ALICE_HOT at UID 0, 50 TAO staked on it by CHARLIE), BOB's miners A (UID 1) and B
/// (UID 2).
fn subnet_with_miners() -> NetUid {
	let netuid = started_subnet();
	set_params();
	assert_ok!(DynamicTao::add_stake(
		RuntimeOrigin::signed(CHARLIE),
		ALICE_HOT,
		netuid,
		TaoBalance(50 * TAO)
	));
	assert_ok!(DynamicTao::burned_register(RuntimeOrigin::signed(BOB), netuid, MINER_A));
	assert_ok!(DynamicTao::burned_register(RuntimeOrigin::signed(BOB), netuid, MINER_B));
	netuid
}

/// Runs `netuid`'s epoch now with `pending`.
fn epoch_with(netuid: NetUid, pending: Pending) {
	let mut pool = Subnets::<Test>::get(netuid).unwrap();
	pool.pending = pending;
	pool.alpha_out += pending.total();
	DynamicTao::run_epoch(netuid, &mut pool, &EmissionParams::default());
	Subnets::<Test>::insert(netuid, pool);
}

#[test]
fn the_owner_hotkey_is_uid_zero() {
	test(|| {
		let netuid = started_subnet();
		assert_eq!(NeuronCount::<Test>::get(netuid), 1);
		assert_eq!(NeuronUids::<Test>::get(netuid, ALICE_HOT), Some(0));
		assert_eq!(Neurons::<Test>::get(netuid, 0).unwrap().registered_at, 1);
	});
}

#[test]
fn burned_register_burns_and_the_burn_follows_registrations() {
	test(|| {
		let netuid = started_subnet(); // block 12
		set_params();
		let issuance = Balances::total_issuance();
		let bob = free(BOB);
		assert_ok!(DynamicTao::burned_register(RuntimeOrigin::signed(BOB), netuid, MINER_A));
		System::assert_last_event(
			Event::NeuronRegistered {
				netuid,
				uid: 1,
				hotkey: MINER_A,
				coldkey: BOB,
				burn: TaoBalance(TAO),
				replaced: None,
			}
			.into(),
		);
		// Burned, not transferred: issuance falls by the burn.
		assert_eq!(free(BOB), bob - TAO);
		assert_eq!(Balances::total_issuance(), issuance - TAO);
		assert_eq!(crate::Owner::<Test>::get(MINER_A), Some(BOB));
		assert_ok!(DynamicTao::burned_register(RuntimeOrigin::signed(BOB), netuid, MINER_B));
		assert_ok!(DynamicTao::burned_register(RuntimeOrigin::signed(CHARLIE), netuid, 23));
		assert_eq!(DynamicTao::neuron_burn(netuid), TaoBalance(TAO));
		// The burn's intervals run from block 0 in steps of 10, so the three registrations of
		// block 12 fall into the interval from 10 to 19. At 20 it closes:
		// 1 · (3 + 1) / (2 · 1) = 2 TAO.
		run_to(20);
		assert_eq!(DynamicTao::neuron_burn(netuid), TaoBalance(2 * TAO));
		// An interval without registrations halves it again.
		run_to(30);
		assert_eq!(DynamicTao::neuron_burn(netuid), TaoBalance(TAO));
	});
}

#[test]
fn burned_register_rejections_change_nothing() {
	test(|| {
		let netuid = started_subnet();
		set_params();
		assert_noop!(
			DynamicTao::burned_register(RuntimeOrigin::signed(BOB), NetUid(0), MINER_A),
			Error::<Test>::IsRootSubnet
		);
		assert_noop!(
			DynamicTao::burned_register(RuntimeOrigin::signed(BOB), NetUid(9), MINER_A),
			Error::<Test>::SubnetNotFound
		);
		assert_noop!(
			DynamicTao::burned_register(RuntimeOrigin::signed(BOB), netuid, ALICE_HOT),
			Error::<Test>::HotkeyOwnedByAnother
		);
		assert_noop!(
			DynamicTao::burned_register(RuntimeOrigin::signed(ALICE), netuid, ALICE_HOT),
			Error::<Test>::AlreadyRegisteredOnSubnet
		);
		Balances::mint_into(&42, TAO / 2).unwrap();
		assert_noop!(
			DynamicTao::burned_register(RuntimeOrigin::signed(42), netuid, 43),
			Error::<Test>::InsufficientBalance
		);
		// Full (4 UIDs) with everyone immune (5 blocks): nobody to replace.
		for hotkey in [31, 32, 33] {
			assert_ok!(DynamicTao::burned_register(RuntimeOrigin::signed(BOB), netuid, hotkey));
		}
		assert_noop!(
			DynamicTao::burned_register(RuntimeOrigin::signed(BOB), netuid, 34),
			Error::<Test>::NoNeuronToReplace
		);
		Subnets::<Test>::mutate(netuid, |p| p.as_mut().unwrap().dissolving = true);
		assert_noop!(
			DynamicTao::burned_register(RuntimeOrigin::signed(BOB), netuid, 34),
			Error::<Test>::SubnetDissolving
		);
		Subnets::<Test>::mutate(netuid, |p| p.as_mut().unwrap().dissolving = false);
	});
}

#[test]
fn a_full_subnet_replaces_its_lowest_earner_past_immunity_never_the_owner() {
	test(|| {
		let netuid = started_subnet(); // block 12
		set_params();
		for hotkey in [31, 32, 33] {
			assert_ok!(DynamicTao::burned_register(RuntimeOrigin::signed(BOB), netuid, hotkey));
		}
		// Emissions: the owner 0 (lowest, but never replaced), 31: 5, 32: 3, 33: 9.
		let stats: Vec<NeuronStats> = [0, 5, 3, 9]
			.into_iter()
			.map(|emission| NeuronStats { emission: AlphaBalance(emission), ..Default::default() })
			.collect();
		Metagraph::<Test>::insert(netuid, frame_support::BoundedVec::truncate_from(stats));
		Weights::<Test>::insert(netuid, 2, frame_support::BoundedVec::truncate_from(vec![(1, 9)]));
		Bonds::<Test>::insert(
			netuid,
			2,
			frame_support::BoundedVec::truncate_from(vec![(1, sp_arithmetic::Perbill::one())]),
		);
		run_to(17); // 12 + 5: past immunity
		assert_ok!(DynamicTao::burned_register(RuntimeOrigin::signed(CHARLIE), netuid, 34));
		System::assert_last_event(
			Event::NeuronRegistered {
				netuid,
				uid: 2,
				hotkey: 34,
				coldkey: CHARLIE,
				burn: TaoBalance(TAO),
				replaced: Some(32),
			}
			.into(),
		);
		assert_eq!(NeuronUids::<Test>::get(netuid, 32), None);
		assert_eq!(NeuronUids::<Test>::get(netuid, 34), Some(2));
		assert!(
			Weights::<Test>::get(netuid, 2).is_empty() && Bonds::<Test>::get(netuid, 2).is_empty()
		);
		assert_eq!(NeuronCount::<Test>::get(netuid), 4);
		// The newcomer does not inherit its predecessor's emission.
		assert_eq!(Metagraph::<Test>::get(netuid)[2].emission, AlphaBalance(0));
		assert_eq!(Metagraph::<Test>::get(netuid)[3].emission, AlphaBalance(9));
	});
}

#[test]
fn set_weights_stores_normalised_weights_and_names_every_rejection() {
	test(|| {
		UseYuma::set(true);
		let netuid = subnet_with_miners();
		let set = |who: u64, uids: Vec<u16>, w: Vec<u16>, v: u64| {
			DynamicTao::set_weights(RuntimeOrigin::signed(who), netuid, uids, w, v)
		};
		// No permit before the first epoch ranks the validators.
		assert_noop!(set(ALICE_HOT, vec![1], vec![1], 7), Error::<Test>::NoValidatorPermit);
		epoch_with(netuid, Pending::default());
		assert!(Metagraph::<Test>::get(netuid)[0].validator_permit);
		// Miners have no stake, so no permit.
		assert_noop!(set(MINER_A, vec![2], vec![1], 7), Error::<Test>::NoValidatorPermit);
		assert_noop!(
			DynamicTao::set_weights(
				RuntimeOrigin::signed(ALICE_HOT),
				NetUid(0),
				vec![1],
				vec![1],
				7
			),
			Error::<Test>::IsRootSubnet
		);
		assert_noop!(
			DynamicTao::set_weights(
				RuntimeOrigin::signed(ALICE_HOT),
				NetUid(9),
				vec![1],
				vec![1],
				7
			),
			Error::<Test>::SubnetNotFound
		);
		assert_noop!(set(ALICE_HOT, vec![1, 2], vec![1], 7), Error::<Test>::WeightsLengthMismatch);
		assert_noop!(set(99, vec![1], vec![1], 7), Error::<Test>::NotRegisteredOnSubnet);
		assert_noop!(set(ALICE_HOT, vec![1], vec![1], 6), Error::<Test>::IncorrectWeightVersionKey);
		assert_noop!(set(ALICE_HOT, vec![1, 3], vec![1, 1], 7), Error::<Test>::UnknownUid);
		assert_noop!(set(ALICE_HOT, vec![1, 1], vec![1, 1], 7), Error::<Test>::DuplicateUids);
		assert_noop!(set(ALICE_HOT, vec![1, 2], vec![0, 0], 7), Error::<Test>::ZeroWeights);
		Subnets::<Test>::mutate(netuid, |p| p.as_mut().unwrap().dissolving = true);
		assert_noop!(set(ALICE_HOT, vec![1], vec![1], 7), Error::<Test>::SubnetDissolving);
		Subnets::<Test>::mutate(netuid, |p| p.as_mut().unwrap().dissolving = false);
		// 2 : 1 is exactly 43 690 : 21 845 of 65 535.
		assert_ok!(set(ALICE_HOT, vec![1, 2], vec![2, 1], 7));
		System::assert_last_event(
			Event::WeightsSet { netuid, uid: 0, hotkey: ALICE_HOT, count: 2 }.into(),
		);
		assert_eq!(Weights::<Test>::get(netuid, 0).into_inner(), vec![(1, 43_690), (2, 21_845)]);
		// Two blocks between updates.
		run_to(System::block_number() + 1);
		assert_noop!(set(ALICE_HOT, vec![1], vec![1], 7), Error::<Test>::SettingWeightsTooFast);
		run_to(System::block_number() + 1);
		assert_ok!(set(ALICE_HOT, vec![1], vec![1], 7));
	});
}

#[test]
fn yuma_pays_miners_by_incentive_and_the_validator_by_dividends() {
	test(|| {
		UseYuma::set(true);
		let netuid = subnet_with_miners();
		epoch_with(netuid, Pending::default());
		assert_ok!(DynamicTao::set_weights(
			RuntimeOrigin::signed(ALICE_HOT),
			netuid,
			vec![1, 2],
			vec![2, 1],
			7
		));
		let alice_hot_stake = crate::HotkeyPools::<Test>::get(netuid, ALICE_HOT).value;
		// One validator holding all the stake: consensus is its weights, incentive 2/3 and 1/3.
		// Miners' 3 000 000 alpha: 2 000 000 to A and 1 000 000 to B, staked to their owner BOB.
		// Validators' 1 000 000 (and the root bucket's 500 000, as nobody has root stake) go to
		// ALICE_HOT: 18 % take to ALICE, the rest to its holder CHARLIE's pool.
		epoch_with(
			netuid,
			Pending {
				owner: AlphaBalance(0),
				miners: AlphaBalance(3_000_000),
				validators: AlphaBalance(1_000_000),
				root: AlphaBalance(500_000),
				root_tao: TaoBalance(0),
			},
		);
		assert_eq!(DynamicTao::stake_of(&BOB, &MINER_A, netuid), AlphaBalance(2_000_000));
		assert_eq!(DynamicTao::stake_of(&BOB, &MINER_B, netuid), AlphaBalance(1_000_000));
		// Take: 18 % of 1 500 000 = 270 000 to ALICE as new shares (valued down by at most one
		// unit); 1 230 000 raises the pool.
		let take = DynamicTao::stake_of(&ALICE, &ALICE_HOT, netuid);
		assert!((269_999..=270_000).contains(&take), "{take}");
		assert_eq!(
			crate::HotkeyPools::<Test>::get(netuid, ALICE_HOT).value,
			alice_hot_stake + 1_500_000
		);
		let m = DynamicTao::metagraph(netuid);
		assert_eq!(m.len(), 3);
		// Floors: 2/3 and 1/3 in parts per billion.
		assert_eq!((m[1].incentive, m[2].incentive), (666_666_666, 333_333_333));
		assert_eq!((m[0].dividends, m[0].validator_permit), (1_000_000_000, true));
		assert_eq!(
			(m[1].emission, m[2].emission, m[0].emission),
			(AlphaBalance(2_000_000), AlphaBalance(1_000_000), AlphaBalance(1_500_000))
		);
		assert_eq!(m[1].coldkey, Some(BOB));
		assert_eq!(m[0].alpha_stake, AlphaBalance(alice_hot_stake + 1_500_000));
		// The validator's bonds hold everything on each miner.
		assert_eq!(
			Bonds::<Test>::get(netuid, 0).into_inner(),
			vec![(1, sp_arithmetic::Perbill::one()), (2, sp_arithmetic::Perbill::one())]
		);
	});
}

#[test]
fn without_weights_the_miners_bucket_goes_to_the_validators() {
	test(|| {
		UseYuma::set(true);
		let netuid = subnet_with_miners();
		let before = crate::HotkeyPools::<Test>::get(netuid, ALICE_HOT).value;
		epoch_with(
			netuid,
			Pending {
				owner: AlphaBalance(0),
				miners: AlphaBalance(3_000_000),
				validators: AlphaBalance(0),
				root: AlphaBalance(0),
				root_tao: TaoBalance(0),
			},
		);
		assert_eq!(DynamicTao::stake_of(&BOB, &MINER_A, netuid), AlphaBalance(0));
		assert_eq!(crate::HotkeyPools::<Test>::get(netuid, ALICE_HOT).value, before + 3_000_000);
	});
}

#[test]
fn neuron_params_are_root_only_and_bounded() {
	test(|| {
		assert_noop!(
			DynamicTao::set_neuron_params(RuntimeOrigin::signed(ALICE), params()),
			sp_runtime::DispatchError::BadOrigin
		);
		for bad in [
			NeuronParams { max_uids: 0, max_validators: 0, ..params() },
			NeuronParams { max_uids: 257, ..params() },
			NeuronParams { max_validators: 5, ..params() },
			NeuronParams { min_burn: TaoBalance(2), max_burn: TaoBalance(1), ..params() },
		] {
			assert_noop!(
				DynamicTao::set_neuron_params(RuntimeOrigin::root(), bad),
				Error::<Test>::InvalidNeuronParams
			);
		}
		set_params();
		System::assert_last_event(Event::NeuronParamsSet { params: params() }.into());
		assert_eq!(NeuronConfig::<Test>::get(), params());
	});
}
