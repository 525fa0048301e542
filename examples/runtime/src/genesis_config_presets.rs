//! Genesis presets: `development`, with TAO as asset 1, a three-member council and two subnets.

use crate::{
	AccountId, AssetsConfig, BalancesConfig, BlockNumber, CouncilConfig, DynamicTaoConfig,
	RuntimeGenesisConfig, TAO, TAO_ASSET_ID, UNIT,
};
use alloc::{vec, vec::Vec};
use frame_support::build_struct_json_patch;
use pallet_dynamic_tao::{
	migrations::add_pallet::InitialParams,
	types::{EmissionParams, NetUid, NetworkParams, StakeParams, TaoBalance, ROOT_NETUID},
};
use serde_json::Value;
use sp_genesis_builder::PresetId;
use sp_keyring::Sr25519Keyring;
use sp_runtime::Perbill;

/// The TAO each dev account holds at genesis.
pub const TAO_ENDOWMENT: u128 = 100_000 * TAO;
/// The native `UNIT`s each dev account holds at genesis (for deposits).
pub const UNIT_ENDOWMENT: u128 = 1_000 * UNIT;

#[docify::export(dynamic_tao_params)]
/// The pallet's parameters on this chain, at genesis and in the upgrade that adds it: a 1 000
/// TAO lock, subnets startable after 10 blocks and immune for 100, and an epoch every 10
/// blocks with a moving price that follows the spot price within minutes (1 % per block).
pub fn dynamic_tao_params() -> InitialParams<BlockNumber> {
	InitialParams {
		stake: StakeParams::default(),
		network: Some(NetworkParams {
			min_lock: TaoBalance(1_000 * TAO as u64),
			lock_reduction_interval: 100_800,
			start_call_delay: 10,
			immunity_period: 100,
		}),
		emission: Some(EmissionParams {
			tempo: 9,
			ema_rate: Perbill::from_percent(1),
			ema_halving_blocks: 100,
			..EmissionParams::default()
		}),
		neuron: None,
	}
}

/// The council: Alice, Bob and Charlie (two of them make two thirds).
pub fn council() -> Vec<AccountId> {
	use Sr25519Keyring::*;
	vec![Alice.to_account_id(), Bob.to_account_id(), Charlie.to_account_id()]
}

#[docify::export(development_genesis)]
/// The `development` preset:
/// - every dev account holds `UNIT_ENDOWMENT` and `TAO_ENDOWMENT` of asset 1, TAO, which is
///   sufficient (an account needs no `UNIT` to hold it) and owned by Alice;
/// - subnet 1 owned by Alice (hotkey `//Alice//stash`) with 100 TAO staked by Dave, subnet 2
///   owned by Bob (`//Bob//stash`) with 50 TAO by Eve, and 1 000 TAO on root by Ferdie through
///   `//Alice//stash`.
pub fn development_config_genesis() -> Value {
	use Sr25519Keyring::*;
	let id = |k: Sr25519Keyring| k.to_account_id();
	let accounts: Vec<AccountId> = Sr25519Keyring::iter().map(|k| k.to_account_id()).collect();
	let params = dynamic_tao_params();
	build_struct_json_patch!(RuntimeGenesisConfig {
		balances: BalancesConfig {
			balances: accounts.iter().cloned().map(|a| (a, UNIT_ENDOWMENT)).collect::<Vec<_>>(),
		},
		assets: AssetsConfig {
			assets: vec![(TAO_ASSET_ID, id(Alice), true, 500)],
			metadata: vec![(TAO_ASSET_ID, b"Bittensor TAO".to_vec(), b"TAO".to_vec(), 9)],
			accounts: accounts
				.iter()
				.cloned()
				.map(|a| (TAO_ASSET_ID, a, TAO_ENDOWMENT))
				.collect::<Vec<_>>(),
		},
		council: CouncilConfig { members: council() },
		dynamic_tao: DynamicTaoConfig {
			stake_params: params.stake,
			network_params: params.network,
			emission_params: params.emission,
			neuron_params: params.neuron,
			subnets: vec![(id(Alice), id(AliceStash)), (id(Bob), id(BobStash))],
			stakes: vec![
				(id(Dave), id(AliceStash), NetUid(1), TaoBalance(100 * TAO as u64)),
				(id(Eve), id(BobStash), NetUid(2), TaoBalance(50 * TAO as u64)),
				(id(Ferdie), id(AliceStash), ROOT_NETUID, TaoBalance(1_000 * TAO as u64)),
			],
		},
	})
}

/// The JSON patch of a named preset.
pub fn get_preset(id: &PresetId) -> Option<Vec<u8>> {
	let patch = match id.as_ref() {
		sp_genesis_builder::DEV_RUNTIME_PRESET => development_config_genesis(),
		_ => return None,
	};
	serde_json::to_vec(&patch).ok()
}

/// The names of the presets this runtime offers.
pub fn preset_names() -> Vec<PresetId> {
	vec![PresetId::from(sp_genesis_builder::DEV_RUNTIME_PRESET)]
}

/// A preset's whole genesis config: its patch merged into the default config key by key, as the
/// node's chain-spec builder merges it (`sc_chain_spec::json_merge`). Native tests and tools
/// start from it; a node does the merge itself.
#[cfg(feature = "std")]
pub fn preset_config(id: &PresetId) -> Option<Value> {
	fn merge(base: &mut Value, patch: Value) {
		match (base, patch) {
			(Value::Object(base), Value::Object(patch)) => {
				for (key, value) in patch {
					merge(base.entry(key).or_insert(Value::Null), value);
				}
			},
			(base, patch) => *base = patch,
		}
	}
	let mut config = serde_json::to_value(crate::RuntimeGenesisConfig::default()).ok()?;
	merge(&mut config, serde_json::from_slice(&get_preset(id)?).ok()?);
	Some(config)
}
