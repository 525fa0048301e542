//! A test runtime: System, Balances (TAO, 9 decimals, `u64`) and DynamicTao.

use crate as pallet_dynamic_tao;
use crate::types::{AlphaBalance, NetUid, TaoBalance};
use frame_support::{derive_impl, parameter_types};
use frame_system::EnsureRoot;
use sp_runtime::BuildStorage;

type Block = frame_system::mocking::MockBlock<Test>;

pub const TAO: u64 = 1_000_000_000;
pub const ALICE: u64 = 1;
pub const BOB: u64 = 2;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		DynamicTao: pallet_dynamic_tao,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<u64>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type AccountStore = System;
	type Balance = u64;
	type ExistentialDeposit = ExistentialDeposit;
	type RuntimeHoldReason = RuntimeHoldReason;
}

parameter_types! {
	pub const ExistentialDeposit: u64 = 500;
	/// Per test thread, so a test can lower it with `SubnetLimit::set`.
	pub static SubnetLimit: u16 = 128;
	/// Per test thread: Yuma over neurons instead of stake weights alone.
	pub static UseYuma: bool = false;
}

/// [`StakeWeighted`](crate::StakeWeighted) unless a test sets `UseYuma`.
pub struct MockConsensus;

impl crate::EpochConsensus<u64> for MockConsensus {
	fn epoch(
		netuid: NetUid,
		tao_weight: sp_arithmetic::Perbill,
	) -> crate::epoch::EpochWeights<u64> {
		if UseYuma::get() {
			crate::YumaConsensus::<Test>::epoch(netuid, tao_weight)
		} else {
			crate::StakeWeighted::<Test>::epoch(netuid, tao_weight)
		}
	}

	fn record_emission(netuid: NetUid, paid: &[(u64, AlphaBalance)]) {
		if UseYuma::get() {
			crate::YumaConsensus::<Test>::record_emission(netuid, paid)
		}
	}
}

#[derive_impl(pallet_dynamic_tao::config_preludes::SolochainDefaultConfig)]
impl pallet_dynamic_tao::Config for Test {
	type Currency = Balances;
	type AdminOrigin = EnsureRoot<u64>;
	type SubnetLimit = SubnetLimit;
	type EpochConsensus = MockConsensus;
}

pub const CHARLIE: u64 = 3;
/// Hotkeys.
pub const ALICE_HOT: u64 = 11;
pub const BOB_HOT: u64 = 12;

/// Minimum lock in the tests: 100 TAO, so a new pool holds 100 TAO and 100 alpha.
pub const MIN_LOCK: u64 = 100 * TAO;
pub const LOCK_INTERVAL: u64 = 100;
pub const START_DELAY: u64 = 10;
pub const IMMUNITY: u64 = 20;

/// Genesis with ALICE, BOB and CHARLIE endowed with 10_000 TAO each and the test parameters.
pub fn new_test_ext() -> sp_io::TestExternalities {
	new_test_ext_with(|_| {})
}

/// `new_test_ext` with the pallet's genesis changed by `edit` first.
pub fn new_test_ext_with(
	edit: impl FnOnce(&mut pallet_dynamic_tao::GenesisConfig<Test>),
) -> sp_io::TestExternalities {
	let mut genesis = pallet_dynamic_tao::GenesisConfig::<Test> {
		network_params: Some(crate::types::NetworkParams {
			min_lock: TaoBalance(MIN_LOCK),
			lock_reduction_interval: LOCK_INTERVAL,
			start_call_delay: START_DELAY,
			immunity_period: IMMUNITY,
		}),
		..Default::default()
	};
	edit(&mut genesis);
	ext_of(vec![(ALICE, 10_000 * TAO), (BOB, 10_000 * TAO), (CHARLIE, 10_000 * TAO)], Some(genesis))
}

/// A chain at block 1 with `balances` endowed and the pallet's `genesis`, if any: without it
/// the pallet has no state at all, as on a chain that has yet to add it.
pub fn ext_of(
	balances: Vec<(u64, u64)>,
	genesis: Option<pallet_dynamic_tao::GenesisConfig<Test>>,
) -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> { balances, ..Default::default() }
		.assimilate_storage(&mut storage)
		.unwrap();
	if let Some(genesis) = genesis {
		genesis.assimilate_storage(&mut storage).unwrap();
	}
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// The pallet's events in `System::events()`, in order.
pub fn events() -> Vec<pallet_dynamic_tao::Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::DynamicTao(e) => Some(e),
			_ => None,
		})
		.collect()
}

/// Runs `test` in a fresh genesis state and checks the pallet's invariants afterwards, so that
/// every test also tests `try_state`.
pub fn test(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		DynamicTao::do_try_state().expect("invariants hold after the test");
	});
}

/// Moves to block `n`.
pub fn run_to(n: u64) {
	System::set_block_number(n);
}

/// ALICE registers a subnet with ALICE_HOT and starts it, then moves to the next block, the
/// first in which it trades; returns its netuid.
pub fn started_subnet() -> NetUid {
	let netuid = crate::TotalNetworks::<Test>::get();
	frame_support::assert_ok!(DynamicTao::register_network(
		RuntimeOrigin::signed(ALICE),
		ALICE_HOT
	));
	run_to(System::block_number() + START_DELAY);
	frame_support::assert_ok!(DynamicTao::start_call(RuntimeOrigin::signed(ALICE), netuid));
	run_to(System::block_number() + 1);
	netuid
}

/// Moves past the hold on stake added up to now: `tempo + 1` blocks later (no hooks run).
pub fn run_past_hold() {
	let period = crate::EmissionConfig::<Test>::get().hold_period();
	run_to(System::block_number() + period);
}

/// Runs `n` whole blocks: each one's `on_initialize` (emission and epochs) and `on_idle` with
/// unlimited spare weight (dissolutions), then the invariants.
pub fn run_blocks(n: u64) {
	use frame_support::traits::Hooks;
	for _ in 0..n {
		let next = System::block_number() + 1;
		System::set_block_number(next);
		DynamicTao::on_initialize(next);
		DynamicTao::on_idle(next, frame_support::weights::Weight::MAX);
		DynamicTao::do_try_state().expect("invariants hold after every block");
	}
}

/// Sets a subnet's pool reserves, keeping the pallet account's TAO equal to the reserves by
/// minting or burning the difference.
pub fn set_reserves(netuid: NetUid, tao: u64, alpha: u64) {
	use frame_support::traits::fungible::{Inspect, Mutate};
	let mut pool = crate::Subnets::<Test>::get(netuid).expect("the subnet exists");
	let account = DynamicTao::account_id();
	let balance = Balances::balance(&account);
	Balances::set_balance(&account, balance + tao - u64::from(pool.tao_reserve));
	pool.tao_reserve = TaoBalance(tao);
	pool.alpha_in = AlphaBalance(alpha);
	crate::Subnets::<Test>::insert(netuid, pool);
}

/// Sets a subnet's moving price to `numerator / denominator`.
pub fn set_moving_price(netuid: NetUid, numerator: u128, denominator: u128) {
	crate::Subnets::<Test>::mutate(netuid, |p| {
		p.as_mut().expect("the subnet exists").moving_price =
			sp_arithmetic::FixedU128::from_rational(numerator, denominator)
	});
}

/// Sets the emission parameters as root.
pub fn set_emission(params: crate::EmissionParams) {
	frame_support::assert_ok!(DynamicTao::set_emission_params(RuntimeOrigin::root(), params));
}
