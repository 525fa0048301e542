//! Genesis presets: `development` (one node, `--dev`) and `local_testnet`.
//!
//! Both endow the well-known dev accounts (Alice … Ferdie and their `//stash` accounts) and make
//! Alice the sudo key.

use crate::{AccountId, BalancesConfig, DynamicTaoConfig, RuntimeGenesisConfig, SudoConfig, TAO};
use alloc::{vec, vec::Vec};
use frame_support::build_struct_json_patch;
use pallet_dynamic_tao::share_rules::{ShareRule, ShareSignal};
use pallet_dynamic_tao::types::{
	EmissionParams, NetUid, NetworkParams, NeuronParams, StakeParams, TaoBalance, ROOT_NETUID,
};
use serde_json::Value;
use sp_genesis_builder::{self, PresetId};
use sp_keyring::Sr25519Keyring;
use sp_runtime::Perbill;

/// What each dev account holds at genesis: enough to stake on many subnets, while the total
/// (1.4 M TAO over 14 accounts) stays below the first halving at 10.5 M.
pub const DEV_ENDOWMENT: u64 = 100_000 * TAO;

/// The dev chain's registration parameters: the default 1 000 TAO minimum lock, but a subnet
/// can be started 10 blocks (30 s) after registration instead of a week, and is immune from
/// pruning for 100 blocks instead of four months.
pub fn dev_network_params() -> NetworkParams<crate::BlockNumber> {
	NetworkParams {
		min_lock: TaoBalance(1_000 * TAO),
		lock_reduction_interval: 100_800,
		start_call_delay: 10,
		immunity_period: 100,
	}
}

/// The dev chain's emission parameters: the live network's cuts and `TaoWeight`, but an epoch
/// every 10 blocks (30 s) and a moving price that follows the spot price within minutes
/// (rate 1 % per block, ramp 100 blocks) instead of months; and the share rule chosen by the
/// simulator's comparison (docs/economics.md, "Share rules compared"): the geometric moving
/// price, pools under 10 000 TAO pulled toward the median.
pub fn dev_emission_params() -> EmissionParams {
	EmissionParams {
		tempo: 9,
		ema_rate: Perbill::from_percent(1),
		ema_halving_blocks: 100,
		share_rule: ShareRule {
			signal: ShareSignal::LogPriceEma,
			min_depth: Some(TaoBalance(10_000 * TAO)),
			gate: None,
		},
		..EmissionParams::default()
	}
}

/// The dev chain's neuron parameters: the defaults (256 UIDs, 64 validators, kappa 1/2), but
/// a registration burn from 0.1 TAO, weights every 2 blocks and 100 blocks of immunity, so that
/// a miner and a validator can register, set weights and be paid within a minute.
pub fn dev_neuron_params() -> NeuronParams {
	NeuronParams {
		min_burn: TaoBalance(TAO / 10),
		weights_rate_limit: 2,
		immunity_period: 100,
		adjustment_interval: 100,
		..NeuronParams::default()
	}
}

/// The genesis patch shared by every preset: endowed accounts, sudo, and two started subnets
/// with stake on them so that a client sees pools at once:
/// - subnet 1 owned by Alice (hotkey `//Alice//stash`), 100 TAO staked by Charlie;
/// - subnet 2 owned by Bob (hotkey `//Bob//stash`), 50 TAO staked by Dave;
/// - 1 000 TAO staked on root by Eve through `//Alice//stash`.
fn testnet_genesis(endowed_accounts: Vec<AccountId>, root: AccountId) -> Value {
	use Sr25519Keyring::*;
	let id = |k: Sr25519Keyring| k.to_account_id();
	build_struct_json_patch!(RuntimeGenesisConfig {
		balances: BalancesConfig {
			balances: endowed_accounts
				.iter()
				.cloned()
				.map(|k| (k, DEV_ENDOWMENT))
				.collect::<Vec<_>>(),
		},
		sudo: SudoConfig { key: Some(root) },
		dynamic_tao: DynamicTaoConfig {
			stake_params: StakeParams::default(),
			network_params: Some(dev_network_params()),
			emission_params: Some(dev_emission_params()),
			neuron_params: Some(dev_neuron_params()),
			subnets: vec![(id(Alice), id(AliceStash)), (id(Bob), id(BobStash))],
			stakes: vec![
				(id(Charlie), id(AliceStash), NetUid(1), TaoBalance(100 * TAO)),
				(id(Dave), id(BobStash), NetUid(2), TaoBalance(50 * TAO)),
				(id(Eve), id(AliceStash), ROOT_NETUID, TaoBalance(1_000 * TAO)),
			],
		},
	})
}

/// The `development` preset: what `--dev` runs.
pub fn development_config_genesis() -> Value {
	testnet_genesis(
		Sr25519Keyring::iter().map(|k| k.to_account_id()).collect(),
		Sr25519Keyring::Alice.to_account_id(),
	)
}

/// The `local_testnet` preset.
pub fn local_config_genesis() -> Value {
	testnet_genesis(
		Sr25519Keyring::iter().map(|k| k.to_account_id()).collect(),
		Sr25519Keyring::Alice.to_account_id(),
	)
}

/// The JSON patch of a named preset.
pub fn get_preset(id: &PresetId) -> Option<Vec<u8>> {
	let patch = match id.as_ref() {
		sp_genesis_builder::DEV_RUNTIME_PRESET => development_config_genesis(),
		sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET => local_config_genesis(),
		_ => return None,
	};
	serde_json::to_vec(&patch).ok()
}

/// The names of the presets this runtime offers.
pub fn preset_names() -> Vec<PresetId> {
	vec![
		PresetId::from(sp_genesis_builder::DEV_RUNTIME_PRESET),
		PresetId::from(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET),
	]
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
