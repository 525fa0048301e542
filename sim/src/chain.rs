//! The dev runtime, run natively: genesis from its `development` preset, blocks in the order
//! `frame_executive` runs them, calls dispatched without signatures (docs/simulator.md, "How a
//! block runs"). Everything here runs inside the simulation's externalities.

use crate::scenario::{rao, Scenario};
use anyhow::{anyhow, Context, Result};
use dtao_runtime::{
	AccountId, AllPalletsWithSystem, Executive, Header, Runtime, RuntimeCall, RuntimeEvent,
	RuntimeGenesisConfig, RuntimeOrigin, MILLI_SECS_PER_BLOCK,
};
use frame_support::{
	dispatch::DispatchClass,
	storage::unhashed,
	traits::{
		fungible::{Inspect, Mutate},
		tokens::{Fortitude, Precision, Preservation},
		OnFinalize, OnIdle,
	},
	weights::Weight,
};
use pallet_dynamic_tao::{
	types::{AlphaBalance, NetUid, NetworkParams, Price, TaoBalance, ROOT_NETUID},
	Call as DtaoCall, Event as DtaoEvent,
};
use sp_arithmetic::FixedU128;
use sp_core::{storage::well_known_keys, H256};
use sp_runtime::{
	traits::{Dispatchable, Header as _},
	BuildStorage, DispatchError,
};
use sp_state_machine::BasicExternalities;

/// The pallet, in the runtime.
pub type Dtao = pallet_dynamic_tao::Pallet<Runtime>;
type System = frame_system::Pallet<Runtime>;
type Balances = pallet_balances::Pallet<Runtime>;

/// The lowest lock cost at set-up: the dev chain's 1 000 TAO.
const MIN_LOCK: u64 = 1_000 * 1_000_000_000;

/// An account named in a scenario: the hash of its name (no keys: nothing is signed).
pub fn account(name: &str) -> AccountId {
	use sp_runtime::traits::{BlakeTwo256, Hash};
	AccountId::from(BlakeTwo256::hash(format!("dtao-sim/{name}").as_bytes()).0)
}

/// The owner (coldkey, hotkey) of the `i`-th scenario subnet.
pub fn owner(netuid: u16) -> (AccountId, AccountId) {
	(account(&format!("owner/{netuid}")), account(&format!("validator/{netuid}")))
}

/// The passive holders of a subnet's background stake.
pub fn holders(netuid: u16) -> AccountId {
	account(&format!("holders/{netuid}"))
}

/// The root staker's account.
pub fn root_staker() -> AccountId {
	account("root-staker")
}

/// The genesis state: the runtime's `development` preset with the scenario's accounts,
/// emission parameters and no subnets (set-up registers them), and registration parameters
/// that let set-up register one subnet per block at the minimum lock.
pub fn genesis(scenario: &Scenario, endowed: &[(AccountId, u64)]) -> Result<BasicExternalities> {
	let json = dtao_runtime::genesis_config_presets::preset_config(
		&sp_genesis_builder::DEV_RUNTIME_PRESET.into(),
	)
	.ok_or_else(|| anyhow!("the runtime has no development preset"))?;
	let mut config: RuntimeGenesisConfig =
		serde_json::from_value(json).context("the development preset")?;
	config.balances.balances = endowed.to_vec();
	let dtao = &mut config.dynamic_tao;
	dtao.subnets.clear();
	dtao.stakes.clear();
	dtao.network_params = Some(NetworkParams {
		min_lock: TaoBalance(MIN_LOCK),
		// The whole last lock decays in one block: each set-up block registers at the minimum.
		lock_reduction_interval: 0,
		start_call_delay: 0,
		immunity_period: u32::MAX,
	});
	dtao.emission_params = Some(scenario.emission_params());
	let storage = config.build_storage().map_err(|e| anyhow!("genesis: {e}"))?;
	Ok(BasicExternalities::new(storage))
}

/// Accounts the set-up needs besides the actors: each subnet's owner (its lock) and the root
/// staker.
pub fn system_accounts(scenario: &Scenario) -> Vec<(AccountId, u64)> {
	let mut v: Vec<_> =
		(1..=scenario.subnet_count()).map(|n| (owner(n).0, MIN_LOCK + 1_000_000_000)).collect();
	for (i, s) in scenario.subnets().enumerate() {
		if s.stake > 0.0 {
			v.push((holders(i as u16 + 1), rao(s.stake) + 1_000_000_000));
		}
	}
	if scenario.chain.root_stake > 0.0 {
		v.push((root_staker(), rao(scenario.chain.root_stake) + 1_000_000_000));
	}
	v
}

/// Opens block `n`: `Executive::initialize_block` (events reset, `on_initialize` of every
/// pallet, which runs the emission and the epochs), the timestamp inherent, then the
/// post-inherent hooks.
pub fn begin_block(n: u32) {
	let parent = H256::from_low_u64_be(u64::from(n) - 1);
	let header = Header::new(n, H256::zero(), H256::zero(), parent, Default::default());
	Executive::initialize_block(&header);
	let now = u64::from(n) * MILLI_SECS_PER_BLOCK;
	RuntimeCall::Timestamp(pallet_timestamp::Call::set { now })
		.dispatch(RuntimeOrigin::none())
		.expect("the timestamp inherent is valid in every block");
	Executive::inherents_applied();
}

/// Closes the block: `on_idle` with the weight left, `on_finalize`, and `System::finalize`'s
/// clean-up without the storage root (there is no trie; computing a root would cost more than
/// the block). `BlockHash` is pruned as usual, so nothing grows with the block count.
pub fn end_block() {
	let n = System::block_number();
	let max = <Runtime as frame_system::Config>::BlockWeights::get().max_block;
	let left = max.saturating_sub(System::block_weight().total());
	if left.all_gt(Weight::zero()) {
		let used = <AllPalletsWithSystem as OnIdle<u32>>::on_idle(n, left);
		System::register_extra_weight_unchecked(used, DispatchClass::Mandatory);
	}
	<AllPalletsWithSystem as OnFinalize<u32>>::on_finalize(n);
	frame_system::BlockSize::<Runtime>::kill();
	frame_system::InherentsApplied::<Runtime>::kill();
	unhashed::kill(well_known_keys::INTRABLOCK_ENTROPY);
	let keep = <Runtime as frame_system::Config>::BlockHashCount::get();
	if n > keep + 1 {
		frame_system::BlockHash::<Runtime>::remove(n - keep - 1);
	}
}

/// Dispatches `call` as signed by `who` (no signature, no transaction fee: the swap fees are
/// the pallet's and are paid). A failed call changes nothing.
pub fn dispatch(
	who: &AccountId,
	call: DtaoCall<Runtime>,
) -> Result<Vec<DtaoEvent<Runtime>>, DispatchError> {
	let before = System::event_count() as usize;
	RuntimeCall::DynamicTao(call)
		.dispatch(RuntimeOrigin::signed(who.clone()))
		.map_err(|e| e.error)?;
	Ok(System::read_events_no_consensus()
		.skip(before)
		.filter_map(|r| match r.event {
			RuntimeEvent::DynamicTao(e) => Some(e),
			_ => None,
		})
		.collect())
}

/// The same state without the tombstones of deleted keys (see `run::COMPACT_EVERY`).
pub fn compact(ext: BasicExternalities) -> BasicExternalities {
	BasicExternalities::new(ext.into_storages())
}

/// Registers and starts the scenario's subnets, one per block from block 1, shapes their
/// pools (depth, price, age, moving price: the only state the set-up writes directly), buys the
/// background and root stake through the validators and the actors' initial stakes, and
/// returns the last set-up block.
pub fn set_up(scenario: &Scenario, initial_stakes: &[(AccountId, NetUid, u64)]) -> Result<u32> {
	let mut n = 0;
	for (i, spec) in scenario.subnets().enumerate() {
		n += 1;
		begin_block(n);
		let netuid = NetUid(i as u16 + 1);
		let (coldkey, hotkey) = owner(netuid.0);
		dispatch(&coldkey, DtaoCall::register_network { hotkey })
			.map_err(|e| anyhow!("registering subnet {netuid}: {e:?}"))?;
		dispatch(&coldkey, DtaoCall::start_call { netuid })
			.map_err(|e| anyhow!("starting subnet {netuid}: {e:?}"))?;
		let params = pallet_dynamic_tao::EmissionConfig::<Runtime>::get();
		let price = rao(spec.price);
		let moving = spec.moving_price.map(rao).unwrap_or(price.min(params.price_clamp));
		pallet_dynamic_tao::Subnets::<Runtime>::mutate(netuid, |p| {
			if let Some(p) = p {
				p.age = Some(spec.age);
				p.moving_price = FixedU128::from_rational(u128::from(moving), 1_000_000_000);
			}
		});
		let alpha = Price(price.max(1)).alpha_for(TaoBalance(rao(spec.tao)));
		set_reserves(netuid, rao(spec.tao), alpha.get())?;
		end_block();
	}
	// Trading opens in the block after the start.
	n += 1;
	begin_block(n);
	let subnets = scenario.subnet_count();
	let root = rao(scenario.chain.root_stake);
	for k in 1..=subnets {
		let part = root / u64::from(subnets);
		if part > 0 {
			let hotkey = owner(k).1;
			dispatch(
				&root_staker(),
				DtaoCall::add_stake { hotkey, netuid: ROOT_NETUID, amount_tao: TaoBalance(part) },
			)
			.map_err(|e| anyhow!("root stake: {e:?}"))?;
		}
	}
	// Background stake and the actors' initial stakes, bought at the scenario's prices.
	for (i, spec) in scenario.subnets().enumerate() {
		if spec.stake > 0.0 {
			let netuid = NetUid(i as u16 + 1);
			buy_at_price(&holders(netuid.0), netuid, rao(spec.stake))?;
		}
	}
	for (who, netuid, tao) in initial_stakes {
		buy_at_price(who, *netuid, *tao)?;
	}
	// The set-up's trades are no market's flow, and the subnets were registered one block
	// apart: every share state starts afresh, so the first block of the run seeds them all from
	// the price shares, as on a chain that switches to the rule then (docs/simulator.md).
	for k in 1..=subnets {
		pallet_dynamic_tao::Subnets::<Runtime>::mutate(NetUid(k), |p| {
			if let Some(p) = p {
				p.share = Default::default();
			}
		});
	}
	end_block();
	Ok(n)
}

/// `who` stakes `tao` on `netuid` through its validator at the pool's current price: on the
/// pool made 10 000 times deeper for the purchase (so it barely moves it), then put back. Set-up
/// only: the scenario's prices are the prices the run starts from.
fn buy_at_price(who: &AccountId, netuid: NetUid, tao: u64) -> Result<()> {
	let pool = pool(netuid).ok_or_else(|| anyhow!("subnet {netuid} is not registered"))?;
	let (t, a) = (pool.tao_reserve.get(), pool.alpha_in.get());
	set_reserves(netuid, t.saturating_mul(10_000), a.saturating_mul(10_000))?;
	let hotkey = owner(netuid.0).1;
	dispatch(who, DtaoCall::add_stake { hotkey, netuid, amount_tao: TaoBalance(tao) })
		.map_err(|e| anyhow!("stake at set-up on {netuid}: {e:?}"))?;
	set_reserves(netuid, t, a)
}

/// Sets a pool's reserves (the only pool state set-up writes directly); the pallet account is
/// minted or burned the TAO difference, so the pool stays backed.
fn set_reserves(netuid: NetUid, tao: u64, alpha: u64) -> Result<()> {
	let mut pool = pallet_dynamic_tao::Subnets::<Runtime>::get(netuid)
		.ok_or_else(|| anyhow!("subnet {netuid} is not registered"))?;
	let before = pool.tao_reserve.get();
	pool.tao_reserve = TaoBalance(tao);
	pool.alpha_in = AlphaBalance(alpha);
	pallet_dynamic_tao::Subnets::<Runtime>::insert(netuid, pool);
	let pallet = Dtao::account_id();
	if tao > before {
		Balances::mint_into(&pallet, tao - before).map_err(|e| anyhow!("mint: {e:?}"))?;
	} else if before > tao {
		Balances::burn_from(
			&pallet,
			before - tao,
			Preservation::Expendable,
			Precision::Exact,
			Fortitude::Force,
		)
		.map_err(|e| anyhow!("burn: {e:?}"))?;
	}
	Ok(())
}

/// A subnet's pool record.
pub fn pool(netuid: NetUid) -> Option<pallet_dynamic_tao::types::SubnetPool> {
	pallet_dynamic_tao::Subnets::<Runtime>::get(netuid)
}

/// Free TAO of an account, rao.
pub fn free(who: &AccountId) -> u64 {
	Balances::balance(who)
}

/// Total issuance, rao.
pub fn issuance() -> u64 {
	Balances::total_issuance()
}

/// What selling `alpha` of `netuid` would pay now, fee included (root: 1:1).
pub fn exit_value(netuid: NetUid, alpha: AlphaBalance) -> u64 {
	if alpha.is_zero() {
		return 0;
	}
	Dtao::quote_remove_stake(netuid, alpha).map(|q| q.amount_out.get()).unwrap_or(0)
}
