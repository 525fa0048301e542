//! The example chain end to end: genesis from its preset, blocks through `Executive`, staking
//! through its `RuntimeCall`s, the council as admin, its share rule, and the upgrade that adds
//! the pallet to a chain running without it. Expected values are worked out in the comments.

use crate::{
	configs::DynamicTaoPalletId, genesis_config_presets, AccountId, AllPalletsWithSystem, Assets,
	AssetsHolder, Balance, BlockNumber, Council, DynamicTao, Executive, Header, Runtime,
	RuntimeCall, RuntimeGenesisConfig, RuntimeHoldReason, RuntimeOrigin, System, Timestamp, TAO,
	TAO_ASSET_ID, UNIT,
};
use frame_support::{
	assert_noop, assert_ok,
	dispatch::{DispatchClass, GetDispatchInfo},
	genesis_builder_helper::build_state,
	traits::fungibles::InspectHold,
};
use pallet_dynamic_tao::{
	pallet::{EmissionConfig, StakingConfig, Subnets},
	types::{AlphaBalance, NetUid, TaoBalance, ROOT_NETUID},
};
use sp_keyring::Sr25519Keyring::{self, *};
use sp_runtime::{
	traits::{AccountIdConversion, Dispatchable, Hash as _, Header as _},
	DispatchError, FixedU128, Permill,
};

fn id(k: Sr25519Keyring) -> AccountId {
	k.to_account_id()
}

/// The state the `development` preset builds, with `edit` applied to the config first.
fn chain_with(edit: impl FnOnce(&mut serde_json::Value)) -> sp_io::TestExternalities {
	let mut config =
		genesis_config_presets::preset_config(&sp_genesis_builder::DEV_RUNTIME_PRESET.into())
			.expect("the development preset");
	edit(&mut config);
	let mut ext = sp_io::TestExternalities::new_empty();
	ext.execute_with(|| {
		build_state::<RuntimeGenesisConfig>(serde_json::to_vec(&config).unwrap())
			.expect("the preset builds");
		System::set_block_number(0);
	});
	ext
}

fn chain() -> sp_io::TestExternalities {
	chain_with(|_| {})
}

/// Runs whole blocks up to `n` through `Executive`: every hook, `on_idle` included, with the
/// timestamp inherent's effect. Returns the pallet's events of those blocks.
fn run_to(n: BlockNumber) -> Vec<pallet_dynamic_tao::Event<Runtime>> {
	run(n, false)
}

/// `run_to` on a chain whose blocks are full: their whole weight is used before `on_idle`,
/// which gets none.
fn run_full_to(n: BlockNumber) -> Vec<pallet_dynamic_tao::Event<Runtime>> {
	run(n, true)
}

fn run(n: BlockNumber, full: bool) -> Vec<pallet_dynamic_tao::Event<Runtime>> {
	let mut events = Vec::new();
	while System::block_number() < n {
		let next = System::block_number() + 1;
		let parent = System::block_hash(next - 1);
		Executive::initialize_block(&Header::new(
			next,
			Default::default(),
			Default::default(),
			parent,
			Default::default(),
		));
		Timestamp::set_timestamp(next as u64 * 6_000);
		if full {
			System::register_extra_weight_unchecked(
				crate::configs::max_block_weight(),
				DispatchClass::Mandatory,
			);
		}
		let header = Executive::finalize_block();
		frame_system::BlockHash::<Runtime>::insert(next, header.hash());
		events.extend(System::events().into_iter().filter_map(|r| match r.event {
			crate::RuntimeEvent::DynamicTao(e) => Some(e),
			_ => None,
		}));
	}
	events
}

fn tao_of(who: &AccountId) -> Balance {
	Assets::balance(TAO_ASSET_ID, who)
}

fn dispatch(who: Sr25519Keyring, call: pallet_dynamic_tao::Call<Runtime>) -> DispatchResultOf {
	RuntimeCall::DynamicTao(call)
		.dispatch(RuntimeOrigin::signed(id(who)))
		.map(|_| ())
		.map_err(|e| e.error)
}

type DispatchResultOf = Result<(), DispatchError>;

/// Every pallet's `try_state`, the pallet's invariants among them.
#[cfg(feature = "try-runtime")]
fn try_state() {
	use frame_support::traits::{TryState, TryStateSelect};
	<AllPalletsWithSystem as TryState<BlockNumber>>::try_state(
		System::block_number(),
		TryStateSelect::All,
	)
	.expect("try_state passes");
}
#[cfg(not(feature = "try-runtime"))]
fn try_state() {
	let _ = core::marker::PhantomData::<AllPalletsWithSystem>;
}

const fn tao(n: u64) -> u64 {
	n * TAO as u64
}

#[test]
fn the_preset_holds_tao_as_an_asset_in_this_chains_pallet_account() {
	chain().execute_with(|| {
		let account: AccountId = DynamicTaoPalletId::get().into_account_truncating();
		assert_eq!(DynamicTao::account_id(), account);
		assert_ne!(account, frame_support::PalletId(*b"dtao/pal").into_account_truncating());
		// Alice's lock, the first, is the 1 000 TAO minimum, all of it in her subnet's pool.
		// Bob's is twice the last (2 000 TAO): 1 000 seeds his pool, 1 000 is held on his
		// account by `pallet-assets-holder`.
		assert_eq!(tao_of(&id(Alice)), 99_000 * TAO);
		assert_eq!(tao_of(&id(Bob)), 98_000 * TAO);
		let lock: RuntimeHoldReason = pallet_dynamic_tao::HoldReason::SubnetLock.into();
		assert_eq!(AssetsHolder::balance_on_hold(TAO_ASSET_ID, &lock, &id(Bob)), 1_000 * TAO);
		// The pallet account holds both pools' seeds and every stake: 1 000 + 1 000 + 100 + 50
		// + 1 000 TAO.
		assert_eq!(tao_of(&account), 3_150 * TAO);
		assert_eq!(tao_of(&id(Dave)), 99_900 * TAO);
		// The native token is untouched: deposits only.
		assert_eq!(pallet_balances::Pallet::<Runtime>::free_balance(id(Alice)), 1_000 * UNIT);
		assert_eq!(
			Subnets::<Runtime>::get(ROOT_NETUID).unwrap().tao_reserve,
			TaoBalance(tao(1_000))
		);
		assert!(DynamicTao::stake_of(&id(Dave), &id(AliceStash), NetUid(1)) > AlphaBalance(0));
		assert_eq!(EmissionConfig::<Runtime>::get().tempo, 9);
		try_state();
	});
}

#[test]
fn blocks_emit_tao_by_this_chains_share_rule_and_epochs_pay() {
	chain().execute_with(|| {
		run_to(1);
		// Moving prices 0.64 and 0.16: the price rule would give 4:1; the square root gives
		// 0.8 : 0.4, so of the block's 1 TAO subnet 1 gets floor(10^9 · 2/3) = 666 666 666 rao
		// and subnet 2 floor(10^9 / 3) = 333 333 333.
		for (netuid, n) in [(NetUid(1), 64), (NetUid(2), 16)] {
			Subnets::<Runtime>::mutate(netuid, |p| {
				p.as_mut().unwrap().moving_price = FixedU128::from_rational(n, 100)
			});
		}
		let issuance = Assets::total_supply(TAO_ASSET_ID);
		run_to(2);
		let tao_in = |n| Subnets::<Runtime>::get(NetUid(n)).unwrap().last_injection.tao_in;
		assert_eq!((tao_in(1), tao_in(2)), (TaoBalance(666_666_666), TaoBalance(333_333_333)));
		// Minted as the TAO asset: 999 999 999 rao.
		assert_eq!(Assets::total_supply(TAO_ASSET_ID), issuance + 999_999_999);

		// Two tempos: each subnet's epoch pays out by stake (`StakeWeighted`), its owner cut
		// to the owner.
		let before = DynamicTao::stake_of(&id(Dave), &id(AliceStash), NetUid(1));
		let paid: Vec<NetUid> = run_to(22)
			.into_iter()
			.filter_map(|e| match e {
				pallet_dynamic_tao::Event::EpochPaid { netuid, .. } => Some(netuid),
				_ => None,
			})
			.collect();
		assert_eq!(paid.iter().filter(|n| **n == NetUid(1)).count(), 2);
		assert_eq!(paid.iter().filter(|n| **n == NetUid(2)).count(), 2);
		assert!(DynamicTao::stake_of(&id(Alice), &id(AliceStash), NetUid(1)) > AlphaBalance(0));
		// Dave's validator (Alice's owner hotkey, the only neuron with stake) earned dividends,
		// and his share of them grew his position.
		assert!(DynamicTao::stake_of(&id(Dave), &id(AliceStash), NetUid(1)) > before);
		try_state();
	});
}

#[test]
fn staking_and_unstaking_move_the_tao_asset() {
	chain().execute_with(|| {
		run_to(1);
		assert_ok!(dispatch(
			Charlie,
			pallet_dynamic_tao::Call::add_stake {
				hotkey: id(BobStash),
				netuid: NetUid(2),
				amount_tao: TaoBalance(tao(10)),
			}
		));
		// Exactly 10 TAO left Charlie's asset balance, and his native UNITs are untouched.
		assert_eq!(tao_of(&id(Charlie)), 99_990 * TAO);
		assert_eq!(pallet_balances::Pallet::<Runtime>::free_balance(id(Charlie)), 1_000 * UNIT);
		let alpha = DynamicTao::stake_of(&id(Charlie), &id(BobStash), NetUid(2));
		// Eve's 50 TAO left subnet 2's pool at 1 050 TAO / 1 000 · 1 000 / 1 050 = 952.38 alpha;
		// at that price 9.995 TAO (after the 0.05 % fee) buy 952.38 · 9.995 / 1 059.995 = 8.980
		// alpha, and 10 TAO without a fee 8.985. The block's sale of root's alpha
		// (docs/mechanism.md §6.3) lowers the price a little, so it is a little above 8.980.
		assert!((8_980_000_000..8_985_000_000).contains(&alpha.get()), "{alpha:?}");

		// Held for a tempo plus one block; then the alpha bought is sold back.
		assert_noop!(
			dispatch(
				Charlie,
				pallet_dynamic_tao::Call::remove_stake {
					hotkey: id(BobStash),
					netuid: NetUid(2),
					amount_alpha: alpha,
				}
			),
			pallet_dynamic_tao::Error::<Runtime>::StakeHeld
		);
		run_to(12);
		// Meanwhile an epoch paid Bob's validator, and Charlie's position with it.
		let grown = DynamicTao::stake_of(&id(Charlie), &id(BobStash), NetUid(2));
		assert!(grown > alpha);
		assert_ok!(dispatch(
			Charlie,
			pallet_dynamic_tao::Call::remove_stake {
				hotkey: id(BobStash),
				netuid: NetUid(2),
				amount_alpha: alpha,
			}
		));
		// Back: the 10 TAO less two 0.05 % fees and the round trip's slippage (and the root
		// sales' small fall in price), so between 9.9 and 10 TAO; the dividends stay staked.
		let back = tao_of(&id(Charlie)) - 99_990 * TAO;
		assert!(back > 9_900_000_000 && back < 10 * TAO, "{back}");
		assert_eq!(
			DynamicTao::stake_of(&id(Charlie), &id(BobStash), NetUid(2)).get(),
			grown.get() - alpha.get()
		);
		try_state();
	});
}

#[test]
fn two_thirds_of_the_council_set_the_parameters_and_root_cannot() {
	chain().execute_with(|| {
		run_to(1);
		let call = RuntimeCall::DynamicTao(pallet_dynamic_tao::Call::set_stake_fee {
			fee: Permill::from_percent(1),
		});
		// Neither a member alone nor root is the admin.
		assert_noop!(
			call.clone().dispatch(RuntimeOrigin::signed(id(Alice))).map_err(|e| e.error),
			DispatchError::BadOrigin
		);
		assert_noop!(
			call.clone().dispatch(RuntimeOrigin::root()).map_err(|e| e.error),
			DispatchError::BadOrigin
		);
		// A motion with threshold 2: Alice proposes, Alice and Bob vote aye, it closes early.
		let length = codec::Encode::encoded_size(&call) as u32;
		let weight = call.get_dispatch_info().call_weight;
		let hash = <Runtime as frame_system::Config>::Hashing::hash_of(&call);
		assert_ok!(Council::propose(RuntimeOrigin::signed(id(Alice)), 2, Box::new(call), length));
		for member in [Alice, Bob] {
			assert_ok!(Council::vote(RuntimeOrigin::signed(id(member)), hash, 0, true));
		}
		assert_ok!(Council::close(RuntimeOrigin::signed(id(Charlie)), hash, 0, weight, length));
		assert_eq!(StakingConfig::<Runtime>::get().fee, Permill::from_percent(1));
	});
}

#[test]
fn on_a_chain_of_full_blocks_a_pruned_subnet_is_paid_out_by_whoever_calls_for_it() {
	use pallet_dynamic_tao::{pallet::Dissolutions, Error, Event};
	chain().execute_with(|| {
		run_to(50);
		// Subnets 3 and 4 fill this chain's four places, immune until block 150. Each lock is
		// twice the last (4 000, then 8 000 TAO, barely decayed).
		for (who, hotkey) in [(Charlie, CharlieStash), (Dave, DaveStash)] {
			assert_ok!(dispatch(
				who,
				pallet_dynamic_tao::Call::register_network { hotkey: id(hotkey) }
			));
		}
		assert_noop!(
			dispatch(
				Ferdie,
				pallet_dynamic_tao::Call::advance_dissolution { netuid: NetUid(2), max: 16 }
			),
			Error::<Runtime>::NotDissolving
		);
		// Blocks 51–100 are full. At 100 the genesis subnets' immunity (100 blocks) is over,
		// and a fifth registration prunes the lower-priced of them: subnet 2.
		run_full_to(100);
		for (netuid, n) in [(NetUid(1), 64), (NetUid(2), 16)] {
			Subnets::<Runtime>::mutate(netuid, |p| {
				p.as_mut().unwrap().moving_price = FixedU128::from_rational(n, 100)
			});
		}
		assert_ok!(dispatch(
			Eve,
			pallet_dynamic_tao::Call::register_network { hotkey: id(EveStash) }
		));
		assert!(System::events().iter().any(|r| matches!(
			r.event,
			crate::RuntimeEvent::DynamicTao(Event::NetworkPruned { netuid: NetUid(2), .. })
		)));

		// Ten more full blocks: the next block's hook runs the last epoch, returns Bob's held
		// lock and turns the pool into a payout, but `on_idle` never runs to pay it.
		let events = run_full_to(110);
		assert!(events.iter().any(
			|e| matches!(e, Event::DissolutionStarted { netuid, .. } if *netuid == NetUid(2))
		));
		assert!(!events.iter().any(|e| matches!(e, Event::DissolvedStakePaid { .. })));
		let lock: RuntimeHoldReason = pallet_dynamic_tao::HoldReason::SubnetLock.into();
		assert_eq!(AssetsHolder::balance_on_hold(TAO_ASSET_ID, &lock, &id(Bob)), 0);
		let dissolution = Dissolutions::<Runtime>::get(NetUid(2)).expect("being dissolved");
		assert_eq!((dissolution.positions, dissolution.paid), (0, TaoBalance(0)));
		let eve = tao_of(&id(Eve));

		// Ferdie, who holds nothing on subnet 2, pays for the whole payout in one call.
		assert_ok!(dispatch(
			Ferdie,
			pallet_dynamic_tao::Call::advance_dissolution { netuid: NetUid(2), max: 512 }
		));
		assert!(Dissolutions::<Runtime>::get(NetUid(2)).is_none());
		let events: Vec<_> = System::events()
			.into_iter()
			.filter_map(|r| match r.event {
				crate::RuntimeEvent::DynamicTao(e) => Some(e),
				_ => None,
			})
			.collect();
		// Each holder of `a` alpha gets its share of the pot, pot · a / (all alpha), rounded
		// down or up (docs/mechanism.md §15), as the TAO asset. Eve is one: her 50 TAO bought
		// 1 000 · 50 / 1 050 = 47.619047619 alpha at genesis, and her validator's dividends
		// (the subnet's only one) have added to it.
		let (mut paid, mut holders) = (0u128, Vec::new());
		for e in &events {
			if let Event::DissolvedStakePaid { coldkey, alpha, tao: out, .. } = e {
				let out = out.get() as u128;
				let owed =
					dissolution.pot.get() as u128 * alpha.get() as u128 / dissolution.total_alpha;
				assert!(out == owed || out == owed + 1, "{e:?}");
				if *coldkey == id(Eve) {
					assert_eq!(tao_of(&id(Eve)), eve + out);
					assert!(alpha.get() > 47_619_047_619, "{e:?}");
				}
				paid += out;
				holders.push(coldkey.clone());
			}
		}
		let (reported, recycled) = events
			.iter()
			.find_map(|e| match e {
				Event::NetworkDissolved { netuid: NetUid(2), paid, recycled, .. } => {
					Some((paid.get() as u128, recycled.get() as u128))
				},
				_ => None,
			})
			.expect("dissolved in the one call");
		// The holders: Eve, and Bob, whose owner cut was staked on his hotkey.
		holders.sort();
		let mut expected = vec![id(Bob), id(Eve)];
		expected.sort();
		assert_eq!(holders, expected);
		assert!(tao_of(&id(Eve)) > eve);
		assert_eq!(reported, paid);
		assert_eq!(paid + recycled, dissolution.pot.get() as u128);
		assert!(events.iter().any(|e| matches!(
			e,
			Event::DissolutionAdvanced { netuid: NetUid(2), finished: true, .. }
		)));
		try_state();
	});
}

/// The upgrade that adds the pallet: a chain built without its state (the preset's other
/// pallets only), upgraded with `Executive`'s try-runtime path, which runs FRAME's new-pallet
/// detection, `AddPallet` with its pre/post checks, and every pallet's `try_state`.
#[cfg(feature = "try-runtime")]
mod upgrade {
	use super::*;
	use frame_support::traits::{GetStorageVersion, UpgradeCheckSelect};

	/// Everything stored under the pallet's prefix.
	fn pallet_storage() -> Vec<(Vec<u8>, Vec<u8>)> {
		let prefix = sp_io::hashing::twox_128(b"DynamicTao").to_vec();
		let mut out = Vec::new();
		let mut key = prefix.clone();
		while let Some(next) = sp_io::storage::next_key(&key) {
			if !next.starts_with(&prefix) {
				break;
			}
			out.push((next.clone(), sp_io::storage::get(&next).unwrap().to_vec()));
			key = next;
		}
		out
	}

	#[docify::export(upgrade_test)]
	/// The preset's chain before the pallet was added: no subnets or stakes in the config, and
	/// what the pallet's genesis still wrote (its prefix, its account) removed.
	fn chain_without_the_pallet() -> sp_io::TestExternalities {
		let mut ext = chain_with(|config| {
			config["dynamicTao"] =
				serde_json::to_value(pallet_dynamic_tao::GenesisConfig::<Runtime>::default())
					.unwrap();
		});
		ext.execute_with(|| {
			let prefix = sp_io::hashing::twox_128(b"DynamicTao");
			let _ = sp_io::storage::clear_prefix(&prefix, None);
			frame_system::Account::<Runtime>::remove(DynamicTao::account_id());
			assert!(pallet_storage().is_empty());
		});
		ext
	}

	#[docify::export(upgrade_test)]
	#[test]
	fn the_upgrade_sets_the_pallet_up_once_and_the_chain_then_stakes_and_emits() {
		chain_without_the_pallet().execute_with(|| {
			run_to(3);
			assert!(!DynamicTao::is_set_up());

			Executive::try_runtime_upgrade(UpgradeCheckSelect::All).expect("the upgrade passes");
			assert!(DynamicTao::is_set_up());
			assert_eq!(
				DynamicTao::on_chain_storage_version(),
				DynamicTao::in_code_storage_version()
			);
			assert!(System::account_exists(&DynamicTao::account_id()));
			assert_eq!(
				EmissionConfig::<Runtime>::get(),
				genesis_config_presets::dynamic_tao_params().emission.unwrap()
			);

			// Twice: nothing of the pallet changes.
			let state = pallet_storage();
			Executive::try_runtime_upgrade(UpgradeCheckSelect::All).expect("the upgrade passes");
			assert_eq!(pallet_storage(), state);

			// The chain now registers, stakes and emits.
			assert_ok!(dispatch(
				Alice,
				pallet_dynamic_tao::Call::register_network { hotkey: id(AliceStash) }
			));
			run_to(13);
			assert_ok!(dispatch(Alice, pallet_dynamic_tao::Call::start_call { netuid: NetUid(1) }));
			run_to(14);
			assert_ok!(dispatch(
				Dave,
				pallet_dynamic_tao::Call::add_stake {
					hotkey: id(AliceStash),
					netuid: NetUid(1),
					amount_tao: TaoBalance(tao(10)),
				}
			));
			let supply = Assets::total_supply(TAO_ASSET_ID);
			run_to(34);
			// One subnet takes the whole 1 TAO of each of the 20 blocks.
			assert_eq!(Assets::total_supply(TAO_ASSET_ID), supply + 20 * TAO);
			try_state();
		});
	}
}
