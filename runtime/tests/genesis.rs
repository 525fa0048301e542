//! The genesis presets build a state in which the dev accounts are funded, Alice is sudo and the
//! pallet's own genesis ran.

use dtao_runtime::{
	genesis_config_presets::DEV_ENDOWMENT, AccountId, Runtime, RuntimeGenesisConfig, TAO,
};
use frame_support::genesis_builder_helper::build_state;
use pallet_dynamic_tao::{NetUid, TaoBalance};
use sp_keyring::Sr25519Keyring;

/// The state the node's genesis builder makes of `preset`.
fn state_of(preset: &str) -> sp_io::TestExternalities {
	let config = dtao_runtime::genesis_config_presets::preset_config(&preset.into())
		.unwrap_or_else(|| panic!("preset {preset} exists"));
	let mut ext = sp_io::TestExternalities::new_empty();
	ext.execute_with(|| {
		build_state::<RuntimeGenesisConfig>(serde_json::to_vec(&config).unwrap())
			.expect("the preset builds")
	});
	ext
}

#[test]
fn presets_are_listed() {
	let names = dtao_runtime::genesis_config_presets::preset_names();
	let names: Vec<String> = names.iter().map(|n| n.to_string()).collect();
	assert_eq!(names, vec!["development".to_string(), "local_testnet".to_string()]);
}

#[test]
fn development_preset_funds_the_dev_accounts_and_sets_alice_as_sudo() {
	for preset in ["development", "local_testnet"] {
		state_of(preset).execute_with(|| {
			let alice: AccountId = Sr25519Keyring::Alice.to_account_id();
			let ferdie: AccountId = Sr25519Keyring::Ferdie.to_account_id();
			assert_eq!(DEV_ENDOWMENT, 100_000 * TAO);
			// Alice paid the first subnet's 1 000 TAO lock.
			assert_eq!(
				frame_system::Account::<Runtime>::get(&alice).data.free,
				DEV_ENDOWMENT - 1_000 * TAO
			);
			assert_eq!(frame_system::Account::<Runtime>::get(&ferdie).data.free, DEV_ENDOWMENT);
			assert_eq!(pallet_sudo::Key::<Runtime>::get(), Some(alice.clone()));
			// The pallet's genesis: root, two started subnets with stake on them.
			let pool =
				|n| pallet_dynamic_tao::Subnets::<Runtime>::get(NetUid(n)).expect("subnet exists");
			assert_eq!(pool(0).tao_reserve, TaoBalance(1_000 * TAO));
			let owner =
				|n| pallet_dynamic_tao::SubnetOwners::<Runtime>::get(NetUid(n)).expect("owned");
			assert_eq!(owner(1).owner_coldkey, alice);
			assert_eq!(owner(1).owner_hotkey, Sr25519Keyring::AliceStash.to_account_id());
			assert!(owner(1).started_at.is_some() && owner(2).started_at.is_some());
			// Subnet 1: the 1 000 TAO minimum lock plus Charlie's 100 TAO.
			assert_eq!(pool(1).tao_reserve, TaoBalance(1_100 * TAO));
			// Subnet 2 cost Bob twice the first lock: 1 000 TAO in the pool, 1 000 held.
			assert_eq!(owner(2).locked, TaoBalance(1_000 * TAO));
			assert_eq!(pool(2).tao_reserve, TaoBalance(1_050 * TAO));
			// Both emit from block 1, with the dev chain's fast epochs, before the first halving.
			assert!(pool(1).is_started() && pool(2).is_started());
			assert_eq!(pallet_dynamic_tao::EmissionConfig::<Runtime>::get().tempo, 9);
			assert!(pallet_balances::TotalIssuance::<Runtime>::get() < 10_500_000 * TAO);
			assert_eq!(pallet_dynamic_tao::Pallet::<Runtime>::block_emission(), TaoBalance(TAO));
		});
	}
}

#[test]
fn unknown_preset_is_none() {
	assert!(dtao_runtime::genesis_config_presets::get_preset(&"mainnet".into()).is_none());
}
