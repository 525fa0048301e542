//! Benchmarks (v2), each at its worst case. `impl_benchmark_test_suite!` runs each once in the
//! mock with its verification: `cargo test -p pallet-dynamic-tao --features runtime-benchmarks`.

use super::*;
use crate::{
	pool::PRICE_SCALE,
	share_rules::{HillGate, ShareRule, ShareSignal},
	types::*,
};
use alloc::vec::Vec;
use frame_benchmarking::v2::*;
use frame_support::traits::{
	fungible::{Inspect, Mutate},
	EnsureOrigin, Get,
};
use frame_support::BoundedVec;
use frame_system::{pallet_prelude::BlockNumberFor, RawOrigin};
use sp_arithmetic::Permill;
use sp_runtime::traits::{Saturating, UniqueSaturatedInto};

const TAO: u64 = 1_000_000_000;

fn funded<T: Config>(name: &'static str, i: u32) -> T::AccountId {
	let who: T::AccountId = account(name, i, 0);
	T::Currency::mint_into(&who, (100_000_000 * TAO).into()).expect("minting works");
	who
}

/// Moves the block number on by `blocks` (no hooks run).
fn advance<T: Config>(blocks: u64) {
	let now = frame_system::Pallet::<T>::block_number();
	frame_system::Pallet::<T>::set_block_number(now.saturating_add(blocks.unique_saturated_into()));
}

/// Moves past the hold on the stake added so far. The hold record stays (expired), so the call
/// measured reads it and clears it: the worst case of a stake leaving a position.
fn past_hold<T: Config>() {
	advance::<T>(EmissionConfig::<T>::get().hold_period());
}

/// A registered, started subnet with a 1 000 TAO pool and some stake on it by others, so that
/// the measured call works on a pool and a share pool that already exist.
fn started_subnet<T: Config>() -> (NetUid, T::AccountId) {
	NetworkConfig::<T>::mutate(|p| p.start_call_delay = 0u32.into());
	let owner = funded::<T>("owner", 0);
	let hotkey: T::AccountId = account("hotkey", 0, 0);
	let netuid = TotalNetworks::<T>::get();
	Pallet::<T>::do_register_network(owner.clone(), hotkey.clone()).expect("registers");
	Pallet::<T>::do_start_call(owner, netuid).expect("starts");
	// Trading opens in the block after the start.
	advance::<T>(1);
	let other = funded::<T>("other", 0);
	Pallet::<T>::do_add_stake(other, hotkey.clone(), netuid, TaoBalance(100 * TAO), None)
		.expect("stakes");
	(netuid, hotkey)
}

/// A started subnet with `k` positions (at least one), each on its own hotkey, pruned and past
/// its last epoch: a [`Dissolution`] waiting for its payout steps.
fn dissolving_subnet<T: Config>(k: u32) -> NetUid {
	let (netuid, hotkey) = started_subnet::<T>();
	// `started_subnet` staked once on its own hotkey: that is one of the `k`.
	if k == 0 {
		past_hold::<T>();
		let other: T::AccountId = account("other", 0, 0);
		let all = Pallet::<T>::stake_of(&other, &hotkey, netuid);
		Pallet::<T>::do_remove_stake(other, hotkey, netuid, all, None).expect("unstakes");
	}
	// Worst case: the holders' accounts do not exist yet, so each payment creates one. Their
	// positions are credited as epochs credit them (no TAO of their own needed).
	for i in 1..k {
		let coldkey: T::AccountId = account("holder", i, 0);
		let hotkey: T::AccountId = account("holder-hot", i, 0);
		Owner::<T>::insert(&hotkey, &coldkey);
		assert!(Pallet::<T>::credit_position(&coldkey, &hotkey, netuid, AlphaBalance(10 * TAO)));
		Subnets::<T>::mutate(netuid, |p| {
			if let Some(p) = p {
				p.alpha_out = p.alpha_out.saturating_add(AlphaBalance(10 * TAO));
			}
		});
	}
	let pool = Subnets::<T>::get(netuid).expect("registered");
	Pallet::<T>::begin_dissolution(netuid, pool);
	netuid
}

/// An emitting subnet at `netuid` written straight into storage (registering hundreds would
/// double the lock cost past any balance): a 1 000 TAO pool at price 1 with a moving price.
fn emitting_subnet<T: Config>(netuid: NetUid, owner: &T::AccountId) {
	let mut pool = SubnetPool::new(TaoBalance(1_000 * TAO), AlphaBalance(1_000 * TAO));
	pool.age = Some(1);
	pool.moving_price = sp_arithmetic::FixedU128::from_rational(1, 2);
	Subnets::<T>::insert(netuid, pool);
	SubnetOwners::<T>::insert(
		netuid,
		SubnetMeta {
			owner_coldkey: owner.clone(),
			owner_hotkey: owner.clone(),
			registered_at: 0u32.into(),
			started_at: Some(0u32.into()),
			locked: TaoBalance(0),
		},
	);
	T::Currency::mint_into(&Pallet::<T>::account_id(), (1_000 * TAO).into())
		.expect("minting works");
	TotalNetworks::<T>::put(netuid.saturating_next());
}

/// The hook's set-up: `n − 1` emitting subnets under `rule` (their share state not yet seeded
/// for it), root stake so that every subnet computes a root proportion, a tempo with no epoch
/// in the measured block. From 2 records, so that the mint is always part of the measurement.
fn hook_setup<T: Config>(n: u32, share_rule: ShareRule) {
	EmissionConfig::<T>::put(EmissionParams {
		tempo: EmissionParams::MAX_TEMPO,
		share_rule,
		..Default::default()
	});
	let owner: T::AccountId = account("owner", 0, 0);
	for netuid in (1..n as u16).map(NetUid) {
		emitting_subnet::<T>(netuid, &owner);
		// Prices that differ, so that a depth cap has pools above the median to pull down.
		let price = u128::from(netuid.get() % 100 + 1);
		Subnets::<T>::mutate(netuid, |p| {
			if let Some(p) = p {
				p.moving_price = sp_arithmetic::FixedU128::from_rational(price, 200);
			}
		});
	}
	Subnets::<T>::mutate(ROOT_NETUID, |p| {
		if let Some(p) = p {
			p.tao_reserve = p.tao_reserve.saturating_add(TaoBalance(1_000 * TAO));
			p.alpha_out = p.alpha_out.saturating_add(AlphaBalance(1_000 * TAO));
		}
	});
	T::Currency::mint_into(&Pallet::<T>::account_id(), (1_000 * TAO).into())
		.expect("minting works");
}

/// Stats for the `n` neurons of `netuid`, the first `v` with a validator permit.
fn permits<T: Config>(netuid: NetUid, n: u32, v: u32) {
	let stats: Vec<NeuronStats> =
		(0..n).map(|uid| NeuronStats { validator_permit: uid < v, ..Default::default() }).collect();
	Metagraph::<T>::insert(netuid, BoundedVec::truncate_from(stats));
}

#[benchmarks]
mod benchmarks {
	use super::*;

	// Worst case: a second registration, so the lock doubles and part of it is held.
	#[benchmark]
	fn register_network() {
		let first = funded::<T>("first", 0);
		Pallet::<T>::do_register_network(first, account("hot", 1, 0)).expect("registers");
		let caller = funded::<T>("caller", 0);
		let hotkey: T::AccountId = account("hot", 2, 0);
		let netuid = TotalNetworks::<T>::get();
		#[extrinsic_call]
		_(RawOrigin::Signed(caller), hotkey);
		assert!(SubnetOwners::<T>::get(netuid).is_some_and(|m| m.locked > TaoBalance(0)));
	}

	#[benchmark]
	fn start_call() {
		NetworkConfig::<T>::mutate(|p| p.start_call_delay = 0u32.into());
		let owner = funded::<T>("owner", 0);
		let netuid = TotalNetworks::<T>::get();
		Pallet::<T>::do_register_network(owner.clone(), account("hot", 0, 0)).expect("registers");
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), netuid);
		assert!(SubnetOwners::<T>::get(netuid).is_some_and(|m| m.started_at.is_some()));
	}

	// Worst case: a dynamic subnet (a real swap), a new position in an existing share pool.
	#[benchmark]
	fn add_stake() {
		let (netuid, hotkey) = started_subnet::<T>();
		let caller = funded::<T>("caller", 0);
		#[extrinsic_call]
		_(RawOrigin::Signed(caller.clone()), hotkey.clone(), netuid, TaoBalance(10 * TAO));
		assert!(Pallet::<T>::stake_of(&caller, &hotkey, netuid) > AlphaBalance(0));
	}

	/// A funded caller that staked `tao` on a new subnet through its owner's hotkey and waited
	/// out the hold: (caller, hotkey, netuid, alpha owned).
	fn staked<T: Config>(tao: TaoBalance) -> (T::AccountId, T::AccountId, NetUid, AlphaBalance) {
		let (netuid, hotkey) = started_subnet::<T>();
		let caller = funded::<T>("caller", 0);
		Pallet::<T>::do_add_stake(caller.clone(), hotkey.clone(), netuid, tao, None)
			.expect("stakes");
		past_hold::<T>();
		let alpha = Pallet::<T>::stake_of(&caller, &hotkey, netuid);
		(caller, hotkey, netuid, alpha)
	}

	// Worst case: a partial unstake that leaves a position behind (both entries written).
	#[benchmark]
	fn remove_stake() {
		let (caller, hotkey, netuid, alpha) = staked::<T>(TaoBalance(50 * TAO));
		let alpha = alpha / 2;
		#[extrinsic_call]
		_(RawOrigin::Signed(caller.clone()), hotkey.clone(), netuid, alpha);
		assert!(Pallet::<T>::stake_of(&caller, &hotkey, netuid) > AlphaBalance(0));
	}

	// Worst case: the limit binds, so the exact search runs and the stake is cut (partial).
	#[benchmark]
	fn add_stake_limit() {
		let (netuid, hotkey) = started_subnet::<T>();
		let caller = funded::<T>("caller", 0);
		let price =
			Pallet::<T>::quote_add_stake(netuid, TaoBalance(TAO)).expect("quotes").price_before;
		// Within twice the fee of the spot price, so that the average-price bound binds and the
		// search runs its longest path.
		let limit = price.saturating_add(price / 1_250);
		let before = T::Currency::balance(&caller);
		#[extrinsic_call]
		_(RawOrigin::Signed(caller.clone()), hotkey, netuid, TaoBalance(10_000 * TAO), limit, true);
		assert!(T::Currency::balance(&caller) > before.saturating_sub((10_000 * TAO).into()));
	}

	#[benchmark]
	fn remove_stake_limit() {
		let (caller, hotkey, netuid, alpha) = staked::<T>(TaoBalance(500 * TAO));
		let price =
			Pallet::<T>::quote_add_stake(netuid, TaoBalance(TAO)).expect("quotes").price_before;
		// Within twice the fee of the spot price: the average-price bound binds.
		let limit = price - price / 1_250;
		#[extrinsic_call]
		_(RawOrigin::Signed(caller.clone()), hotkey.clone(), netuid, alpha, limit, true);
		let left = Pallet::<T>::stake_of(&caller, &hotkey, netuid);
		assert!(left > AlphaBalance(0) && left < alpha);
	}

	#[benchmark]
	fn remove_stake_full_limit() {
		let (caller, hotkey, netuid, _) = staked::<T>(TaoBalance(50 * TAO));
		#[extrinsic_call]
		_(
			RawOrigin::Signed(caller.clone()),
			hotkey.clone(),
			netuid,
			Some(Price(PRICE_SCALE / 100)),
		);
		assert_eq!(Pallet::<T>::stake_of(&caller, &hotkey, netuid), AlphaBalance(0));
	}

	// Moves: the worst case crosses subnets (two swaps, two share pools, two positions).
	fn move_setup<T: Config>() -> (T::AccountId, T::AccountId, NetUid, NetUid, AlphaBalance) {
		let (caller, hotkey, origin, alpha) = staked::<T>(TaoBalance(500 * TAO));
		let (dest, _) = started_subnet::<T>();
		(caller, hotkey, origin, dest, alpha)
	}

	/// A ratio limit 5 % below the current one: it binds for the whole position.
	fn binding_ratio<T: Config>(origin: NetUid, dest: NetUid) -> u64 {
		let q = Pallet::<T>::quote_move_stake(origin, dest, AlphaBalance(TAO)).expect("quotes");
		let ratio = (q.0.price_before.get() as u128) * (PRICE_SCALE as u128)
			/ (q.1.price_before.get() as u128);
		// Within twice the fee of the current ratio: the realised-rate bound binds.
		(ratio as u64) / 10_000 * 9_992
	}

	#[benchmark]
	fn move_stake() {
		let (caller, hotkey, origin, dest, alpha) = move_setup::<T>();
		let dest_hotkey: T::AccountId = account("hotkey", 0, 0);
		#[extrinsic_call]
		_(RawOrigin::Signed(caller.clone()), hotkey, dest_hotkey.clone(), origin, dest, alpha / 2);
		assert!(Pallet::<T>::stake_of(&caller, &dest_hotkey, dest) > AlphaBalance(0));
	}

	#[benchmark]
	fn move_stake_limit() {
		let (caller, hotkey, origin, dest, alpha) = move_setup::<T>();
		let limit = binding_ratio::<T>(origin, dest);
		#[extrinsic_call]
		_(
			RawOrigin::Signed(caller.clone()),
			hotkey.clone(),
			hotkey.clone(),
			origin,
			dest,
			alpha,
			Price(limit),
			true,
		);
		assert!(Pallet::<T>::stake_of(&caller, &hotkey, dest) > AlphaBalance(0));
	}

	#[benchmark]
	fn swap_stake() {
		let (caller, hotkey, origin, dest, alpha) = move_setup::<T>();
		#[extrinsic_call]
		_(RawOrigin::Signed(caller.clone()), hotkey.clone(), origin, dest, alpha / 2);
		assert!(Pallet::<T>::stake_of(&caller, &hotkey, dest) > AlphaBalance(0));
	}

	#[benchmark]
	fn swap_stake_limit() {
		let (caller, hotkey, origin, dest, alpha) = move_setup::<T>();
		let limit = binding_ratio::<T>(origin, dest);
		#[extrinsic_call]
		_(
			RawOrigin::Signed(caller.clone()),
			hotkey.clone(),
			origin,
			dest,
			alpha,
			Price(limit),
			true,
		);
		assert!(Pallet::<T>::stake_of(&caller, &hotkey, dest) > AlphaBalance(0));
	}

	#[benchmark]
	fn transfer_stake() {
		let (caller, hotkey, origin, dest, alpha) = move_setup::<T>();
		let receiver: T::AccountId = account("receiver", 0, 0);
		#[extrinsic_call]
		_(RawOrigin::Signed(caller), receiver.clone(), hotkey.clone(), origin, dest, alpha / 2);
		assert!(Pallet::<T>::stake_of(&receiver, &hotkey, dest) > AlphaBalance(0));
	}

	#[benchmark]
	fn transfer_stake_limit() {
		let (caller, hotkey, origin, dest, alpha) = move_setup::<T>();
		let receiver: T::AccountId = account("receiver", 0, 0);
		let limit = binding_ratio::<T>(origin, dest);
		#[extrinsic_call]
		_(
			RawOrigin::Signed(caller),
			receiver.clone(),
			hotkey.clone(),
			origin,
			dest,
			alpha,
			Price(limit),
			true,
		);
		assert!(Pallet::<T>::stake_of(&receiver, &hotkey, dest) > AlphaBalance(0));
	}

	#[benchmark]
	fn set_stake_fee() -> Result<(), BenchmarkError> {
		let origin =
			T::AdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, Permill::from_parts(1_000));
		assert_eq!(StakingConfig::<T>::get().fee, Permill::from_parts(1_000));
		Ok(())
	}

	#[benchmark]
	fn set_min_stake() -> Result<(), BenchmarkError> {
		let origin =
			T::AdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, TaoBalance(5_000_000));
		assert_eq!(StakingConfig::<T>::get().min_stake, TaoBalance(5_000_000));
		Ok(())
	}

	#[benchmark]
	fn set_network_lock_params() -> Result<(), BenchmarkError> {
		let origin =
			T::AdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, TaoBalance(10 * TAO), 1_000u32.into());
		assert_eq!(NetworkConfig::<T>::get().min_lock, TaoBalance(10 * TAO));
		Ok(())
	}

	#[benchmark]
	fn set_start_call_delay() -> Result<(), BenchmarkError> {
		let origin =
			T::AdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, 7u32.into());
		assert_eq!(NetworkConfig::<T>::get().start_call_delay, 7u32.into());
		Ok(())
	}

	#[benchmark]
	fn set_emission_params() -> Result<(), BenchmarkError> {
		let origin =
			T::AdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let params = EmissionParams { tempo: 99, ..Default::default() };
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, params);
		assert_eq!(EmissionConfig::<T>::get(), params);
		Ok(())
	}

	// The per-block emission over `n` subnet records (root and `n − 1` emitting subnets), in a
	// block that runs no epoch: each subnet is read, injected into, split, moved and written, and
	// the block's TAO minted. From 2, so that the mint is always part of the measurement.
	#[benchmark]
	fn on_initialize(n: Linear<2, 1_024>) {
		hook_setup::<T>(n, ShareRule::default());
		let block: BlockNumberFor<T> = 1u32.into();
		#[block]
		{
			Pallet::<T>::run_coinbase(block);
		}
		// Injected, and root's alpha sold for pending TAO.
		assert!(Subnets::<T>::get(NetUid(1))
			.is_some_and(|p| p.age == Some(2) && p.pending.root_tao > TaoBalance(0)));
	}

	// As `on_initialize` under the dearest price rule: the geometric moving price with a depth
	// cap every pool is under and a gate, in the block after the switch, which seeds every
	// subnet's log price (a logarithm each) before stepping it (another).
	#[benchmark]
	fn on_initialize_log_price(n: Linear<2, 1_024>) {
		let rule = ShareRule {
			signal: ShareSignal::LogPriceEma,
			min_depth: Some(TaoBalance(1_000_000 * TAO)),
			gate: Some(HillGate { rank: 1, exponent: HillGate::MAX_EXPONENT }),
		};
		hook_setup::<T>(n, rule);
		let block: BlockNumberFor<T> = 1u32.into();
		#[block]
		{
			Pallet::<T>::run_coinbase(block);
		}
		assert!(Subnets::<T>::get(NetUid(1))
			.is_some_and(|p| p.share.signal == Some(ShareSignal::LogPriceEma)));
	}

	// As `on_initialize` under the net flow rule with a gate, in the block after the switch
	// (every subnet seeded from the price shares), with a flow to average on every subnet.
	#[benchmark]
	fn on_initialize_net_flow(n: Linear<2, 1_024>) {
		let signal = ShareSignal::NetFlow { rate: sp_arithmetic::Perbill::from_percent(1) };
		let rule = ShareRule {
			signal,
			min_depth: None,
			gate: Some(HillGate { rank: 1, exponent: HillGate::MAX_EXPONENT }),
		};
		hook_setup::<T>(n, rule);
		for netuid in (1..n as u16).map(NetUid) {
			Subnets::<T>::mutate(netuid, |p| {
				if let Some(p) = p {
					p.share.flow = i64::from(netuid.get()) * 1_000_000_000;
				}
			});
		}
		let block: BlockNumberFor<T> = 1u32.into();
		#[block]
		{
			Pallet::<T>::run_coinbase(block);
		}
		assert!(Subnets::<T>::get(NetUid(1))
			.is_some_and(|p| p.share.signal == Some(signal) && p.share.flow == 0));
	}

	// One epoch over `n` neurons of which `v` validate (alpha and root stake, full weight and
	// bond rows), paying the owner cut, the miners by incentive, the root sale and TAO to root
	// stakes, and the validators' dividends with takes.
	#[benchmark]
	fn epoch(n: Linear<1, 256>, v: Linear<1, 64>) {
		let v = v.min(n);
		let (netuid, _) = started_subnet::<T>();
		let params = NeuronParams { max_uids: 256, max_validators: 64, ..Default::default() };
		NeuronConfig::<T>::put(params);
		for i in 1..n {
			let hotkey: T::AccountId = account("neuron", i, 0);
			Pallet::<T>::register_neuron(netuid, &hotkey, &params).expect("room");
			// Every miner has an owner to be paid.
			Owner::<T>::insert(&hotkey, &hotkey);
		}
		for uid in 0..v as Uid {
			let hotkey = Neurons::<T>::get(netuid, uid).expect("registered").hotkey;
			let coldkey: T::AccountId = account("validator", uid as u32, 0);
			T::Currency::mint_into(&coldkey, (1_000 * TAO).into()).expect("minting works");
			Pallet::<T>::do_add_stake(
				coldkey.clone(),
				hotkey.clone(),
				netuid,
				TaoBalance(10 * TAO),
				None,
			)
			.expect("stakes");
			Pallet::<T>::do_add_stake(coldkey, hotkey, ROOT_NETUID, TaoBalance(10 * TAO), None)
				.expect("stakes");
			Neurons::<T>::mutate(netuid, uid, |x| {
				if let Some(x) = x {
					x.last_update = 1;
				}
			});
			let row: Vec<(Uid, u16)> = (0..n as Uid).map(|j| (j, 1 + j % 7)).collect();
			Weights::<T>::insert(netuid, uid, BoundedVec::truncate_from(row));
			let bonds: Vec<(Uid, sp_arithmetic::Perbill)> =
				(0..n as Uid).map(|j| (j, sp_arithmetic::Perbill::from_percent(1))).collect();
			Bonds::<T>::insert(netuid, uid, BoundedVec::truncate_from(bonds));
		}
		// The last epoch's permits: the same validators.
		permits::<T>(netuid, n, v);
		frame_system::Pallet::<T>::set_block_number(1_000u32.into());
		// Worst case: root's TAO to pay (sold during the tempo, held in the pallet account) and
		// root alpha the pool could not take, which joins the validators' bucket.
		let pending = Pending {
			owner: AlphaBalance(18 * TAO),
			miners: AlphaBalance(41 * TAO),
			validators: AlphaBalance(21 * TAO),
			root: AlphaBalance(TAO),
			root_tao: TaoBalance(19 * TAO),
		};
		T::Currency::mint_into(&Pallet::<T>::account_id(), pending.root_tao.get().into())
			.expect("minting works");
		Subnets::<T>::mutate(netuid, |p| {
			if let Some(p) = p {
				p.pending = pending;
				p.alpha_out = p.alpha_out.saturating_add(pending.total());
			}
		});
		let params = EmissionParams::default();
		#[block]
		{
			if let Some(mut pool) = Subnets::<T>::get(netuid) {
				Pallet::<T>::run_epoch(netuid, &mut pool, &params);
				Subnets::<T>::insert(netuid, pool);
			}
		}
		assert!(Subnets::<T>::get(netuid).is_some_and(|p| p.pending.total() == AlphaBalance(0)));
	}

	// A full subnet of `n` neurons, none immune: the registration scans them all for the one to
	// replace and clears its weights and bonds.
	#[benchmark]
	fn burned_register(n: Linear<2, 256>) {
		let (netuid, _) = started_subnet::<T>();
		let params = NeuronParams {
			max_uids: n as u16,
			immunity_period: 0,
			max_burn: TaoBalance(1_000 * TAO),
			..Default::default()
		};
		NeuronConfig::<T>::put(params);
		for i in 1..n {
			let hotkey: T::AccountId = account("neuron", i, 0);
			Pallet::<T>::register_neuron(netuid, &hotkey, &params).expect("room");
			let row: Vec<(Uid, u16)> = alloc::vec![(0, 1)];
			Weights::<T>::insert(netuid, i as Uid, BoundedVec::truncate_from(row));
		}
		frame_system::Pallet::<T>::set_block_number(10u32.into());
		let caller = funded::<T>("caller", 0);
		let hotkey: T::AccountId = account("newcomer", 0, 0);
		#[extrinsic_call]
		_(RawOrigin::Signed(caller), netuid, hotkey.clone());
		assert!(NeuronUids::<T>::contains_key(netuid, &hotkey));
	}

	// A permitted validator setting `w` weights (the subnet has `w` neurons).
	#[benchmark]
	fn set_weights(w: Linear<1, 256>) {
		let (netuid, hotkey) = started_subnet::<T>();
		let params = NeuronParams { max_uids: 256, ..Default::default() };
		NeuronConfig::<T>::put(params);
		for i in 1..w {
			let other: T::AccountId = account("neuron", i, 0);
			Pallet::<T>::register_neuron(netuid, &other, &params).expect("room");
		}
		permits::<T>(netuid, w, 1);
		let uids: Vec<Uid> = (0..w as Uid).collect();
		let weights: Vec<u16> = (0..w as u16).map(|j| 1 + j % 100).collect();
		#[extrinsic_call]
		_(RawOrigin::Signed(hotkey), netuid, uids, weights, 0);
		assert_eq!(Weights::<T>::get(netuid, 0).len(), w as usize);
	}

	#[benchmark]
	fn set_neuron_params() -> Result<(), BenchmarkError> {
		let origin =
			T::AdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let params = NeuronParams { max_uids: 8, max_validators: 4, ..Default::default() };
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, params);
		assert_eq!(NeuronConfig::<T>::get(), params);
		Ok(())
	}

	// A registration with `SubnetLimit` subnets already: every subnet is scanned for the one to
	// prune (none immune, so all are candidates), and the lowest-priced one is marked.
	#[benchmark]
	fn register_network_pruning() {
		NetworkConfig::<T>::mutate(|p| p.immunity_period = 0u32.into());
		let owner: T::AccountId = account("owner", 0, 0);
		let limit = T::SubnetLimit::get();
		for netuid in (1..=limit).map(NetUid) {
			emitting_subnet::<T>(netuid, &owner);
		}
		SubnetCount::<T>::put(limit);
		// The last one is the cheapest, so the scan cannot stop early in any order.
		let last = NetUid(limit);
		Subnets::<T>::mutate(last, |p| {
			if let Some(p) = p {
				p.moving_price = sp_arithmetic::FixedU128::from_rational(1, 10);
			}
		});
		let caller = funded::<T>("caller", 0);
		#[extrinsic_call]
		register_network(RawOrigin::Signed(caller), account("hot", 1, 0));
		assert!(Subnets::<T>::get(last).is_some_and(|p| p.dissolving));
	}

	#[benchmark]
	fn set_network_immunity_period() -> Result<(), BenchmarkError> {
		let origin =
			T::AdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, 77u32.into());
		assert_eq!(NetworkConfig::<T>::get().immunity_period, 77u32.into());
		Ok(())
	}

	// The hook's part of a dissolution after the last epoch (measured by `epoch`): the owner's
	// held lock released and the pool turned into a payout record.
	#[benchmark]
	fn begin_dissolution() {
		let _ = started_subnet::<T>();
		// The second registration pays a doubled lock, so part of it is held.
		let (netuid, _) = started_subnet::<T>();
		let pool = Subnets::<T>::get(netuid).expect("registered");
		#[block]
		{
			Pallet::<T>::begin_dissolution(netuid, pool);
		}
		assert!(Dissolutions::<T>::contains_key(netuid) && !Subnets::<T>::contains_key(netuid));
	}

	// One on_idle step of a dissolution with `k` positions, each on its own hotkey: all paid and
	// closed, all share pools and the owner's neuron removed, the rest recycled and the netuid
	// freed. A step with a budget of `k` does at most `k` of each (see `Pallet::dissolve_step`).
	#[benchmark]
	fn dissolve_step(k: Linear<0, { dissolution::MAX_DISSOLVE_STEP }>) {
		let netuid = dissolving_subnet::<T>(k);
		#[block]
		{
			// k positions, then k share pools and the owner's neuron (two entries), then done.
			Pallet::<T>::dissolve_step(netuid, k + 3);
		}
		assert!(!Dissolutions::<T>::contains_key(netuid));
		assert_eq!(FreeNetuids::<T>::get().first(), Some(&netuid));
	}

	// The same step through the call, at a size of `k`: `k` positions paid, each creating its
	// holder's account (the worst case), paid for by a stranger.
	#[benchmark]
	fn advance_dissolution(k: Linear<1, { dissolution::MAX_DISSOLVE_STEP }>) {
		let netuid = dissolving_subnet::<T>(k);
		let caller: T::AccountId = whitelisted_caller();
		#[extrinsic_call]
		_(RawOrigin::Signed(caller), netuid, k);
		assert_eq!(Dissolutions::<T>::get(netuid).map(|d| d.positions), Some(k));
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
