//! A test runtime: System, Balances (TAO, 9 decimals, `u64`) and DynamicTao.

use crate as pallet_dynamic_tao;
use frame_support::{derive_impl, parameter_types, PalletId};
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
}

parameter_types! {
	pub const ExistentialDeposit: u64 = 500;
	pub const DynamicTaoPalletId: PalletId = PalletId(*b"dtao/pal");
}

impl pallet_dynamic_tao::Config for Test {
	type Currency = Balances;
	type PalletId = DynamicTaoPalletId;
	type WeightInfo = ();
}

/// Genesis with ALICE and BOB endowed with 1_000 TAO each.
pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: vec![(ALICE, 1_000 * TAO), (BOB, 1_000 * TAO)],
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	pallet_dynamic_tao::GenesisConfig::<Test>::default().assimilate_storage(&mut storage).unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Runs `test` in a fresh genesis state and checks the pallet's invariants afterwards, so that
/// every test also tests `try_state`.
pub fn test(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		DynamicTao::do_try_state().expect("invariants hold after the test");
	});
}
