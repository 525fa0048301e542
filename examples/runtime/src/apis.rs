//! The runtime APIs: the core ones, genesis presets, the pallet's `DynamicTaoApi` and
//! try-runtime. (No block production here: the example has no node.)

use alloc::vec::Vec;
use frame_support::genesis_builder_helper::{build_state, get_preset};
use sp_api::impl_runtime_apis;
use sp_core::OpaqueMetadata;
use sp_runtime::traits::Block as BlockT;
use sp_version::RuntimeVersion;

use crate::{AccountId, Block, DynamicTao, Executive, Runtime, RuntimeGenesisConfig, VERSION};
use pallet_dynamic_tao::{
	runtime_api::{StakeInfo, SubnetInfo},
	AlphaBalance, BuyQuote, NetUid, Price, SellQuote, TaoBalance,
};

impl_runtime_apis! {
	impl sp_api::Core<Block> for Runtime {
		fn version() -> RuntimeVersion {
			VERSION
		}

		fn execute_block(block: <Block as BlockT>::LazyBlock) {
			Executive::execute_block(block);
		}

		fn initialize_block(header: &<Block as BlockT>::Header) -> sp_runtime::ExtrinsicInclusionMode {
			Executive::initialize_block(header)
		}
	}

	impl sp_api::Metadata<Block> for Runtime {
		fn metadata() -> OpaqueMetadata {
			OpaqueMetadata::new(Runtime::metadata().into())
		}

		fn metadata_at_version(version: u32) -> Option<OpaqueMetadata> {
			Runtime::metadata_at_version(version)
		}

		fn metadata_versions() -> Vec<u32> {
			Runtime::metadata_versions()
		}
	}

	impl pallet_dynamic_tao::runtime_api::DynamicTaoApi<Block, AccountId> for Runtime {
		fn subnet_info(netuid: NetUid) -> Option<SubnetInfo<AccountId>> {
			DynamicTao::subnet_info(netuid)
		}
		fn subnets() -> Vec<SubnetInfo<AccountId>> {
			DynamicTao::subnets()
		}
		fn stake_info(coldkey: AccountId) -> Vec<StakeInfo<AccountId>> {
			DynamicTao::stake_info(coldkey)
		}
		fn quote_add_stake(netuid: NetUid, tao: TaoBalance) -> Option<BuyQuote> {
			DynamicTao::quote_add_stake(netuid, tao)
		}
		fn quote_remove_stake(netuid: NetUid, alpha: AlphaBalance) -> Option<SellQuote> {
			DynamicTao::quote_remove_stake(netuid, alpha)
		}
		fn quote_move_stake(
			origin: NetUid,
			destination: NetUid,
			alpha: AlphaBalance,
		) -> Option<(SellQuote, BuyQuote)> {
			DynamicTao::quote_move_stake(origin, destination, alpha)
		}
		fn max_add_stake_at(netuid: NetUid, limit_price: Price) -> TaoBalance {
			DynamicTao::max_add_stake_at(netuid, limit_price)
		}
		fn max_remove_stake_at(netuid: NetUid, limit_price: Price) -> AlphaBalance {
			DynamicTao::max_remove_stake_at(netuid, limit_price)
		}
		fn max_move_stake_at(
			origin: NetUid,
			destination: NetUid,
			limit_price: Price,
		) -> AlphaBalance {
			DynamicTao::max_move_stake_at(origin, destination, limit_price)
		}
		fn network_registration_cost() -> TaoBalance {
			DynamicTao::network_registration_cost()
		}
		fn block_emission() -> TaoBalance {
			DynamicTao::block_emission()
		}
		fn metagraph(
			netuid: NetUid,
		) -> Vec<pallet_dynamic_tao::metagraph::NeuronInfo<AccountId>> {
			DynamicTao::metagraph(netuid)
		}
		fn neuron_burn(netuid: NetUid) -> TaoBalance {
			DynamicTao::neuron_burn(netuid)
		}
	}

	impl sp_genesis_builder::GenesisBuilder<Block> for Runtime {
		fn build_state(config: Vec<u8>) -> sp_genesis_builder::Result {
			build_state::<RuntimeGenesisConfig>(config)
		}

		fn get_preset(id: &Option<sp_genesis_builder::PresetId>) -> Option<Vec<u8>> {
			get_preset::<RuntimeGenesisConfig>(id, crate::genesis_config_presets::get_preset)
		}

		fn preset_names() -> Vec<sp_genesis_builder::PresetId> {
			crate::genesis_config_presets::preset_names()
		}
	}

	#[cfg(feature = "try-runtime")]
	impl frame_try_runtime::TryRuntime<Block> for Runtime {
		fn on_runtime_upgrade(checks: frame_try_runtime::UpgradeCheckSelect) -> (frame_support::weights::Weight, frame_support::weights::Weight) {
			let weight = Executive::try_runtime_upgrade(checks).unwrap();
			(weight, crate::configs::max_block_weight())
		}

		fn execute_block(
			block: <Block as BlockT>::LazyBlock,
			state_root_check: bool,
			signature_check: bool,
			select: frame_try_runtime::TryStateSelect,
		) -> frame_support::weights::Weight {
			Executive::try_execute_block(block, state_root_check, signature_check, select).unwrap()
		}
	}
}
