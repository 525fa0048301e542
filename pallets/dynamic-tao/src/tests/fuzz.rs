//! A property-based state-machine test: random sequences of every dispatchable, interleaved
//! with blocks (emission, epochs, `on_idle`), with the invariants checked after every step.
//! `docs/testing.md` describes it for readers of the repository.
//!
//! `proptest` generates a [`Setup`] (subnet limit 2 or 3, Yuma or stake-weighted epochs) and a
//! `Vec<`[`Op`]`>`. Each op is resolved against the current state into a `RuntimeCall` (amounts
//! such as "all of the position" or "the spot price plus 0.3 %" need the state) and dispatched
//! with its origin, or runs blocks. After every step:
//!
//! - `do_try_state` holds, total issuance equals the sum of all balances, and once per `Blocks`
//!   op every pallet's `try_state` holds and the client surface (subnets, stake infos,
//!   metagraphs) answers;
//! - a rejected call left the storage root unchanged and named its reason: an `Error` of this
//!   pallet (decoded from the module error) or `BadOrigin` exactly when the origin was wrong
//!   (with the `token` check off, also a token or balances error);
//! - total issuance moved only by what the step documents: in a block, the mint (the `tao_in`
//!   of every subnet that emitted, never above the block emission) minus the burns the events
//!   report ([`documented_burns`]); in a call, only those burns;
//! - `k = T·A` of no pool fell across a call, and prices moved in the trade's direction; a
//!   limit held on the end price;
//! - the quote taken before a stake call (`quote_*`, with `max_*_at` for the amount a limit lets
//!   through) equals what the call's event reports, to the unit, and the caller's balance moved
//!   by exactly that;
//! - each share pool moved by exactly the alpha the call put in and took out, nobody else's
//!   position lost value, and a full unstake cleared the position;
//! - nothing panicked (proptest catches the panic and shrinks the case).
//!
//! `DTAO_FUZZ_STRICT` selects the checks of defects the first runs found ([`strict`]): by
//! default `limits,shares,dissolution,token`, all of them, since their fixes landed (set it to
//! fewer to hunt for something else). Their shrunk cases are regression tests at the end of
//! this file.
//!
//! Scale and seed: `DTAO_FUZZ_OPS` (total ops, default 20 000), `DTAO_FUZZ_LEN` (most ops in one
//! case, default 300), `DTAO_FUZZ_SEED` (default fixed, so CI is deterministic). A failure
//! prints the seed that reproduces it and the shrunk ops as a ready regression test.
//! `scripts/fuzz.sh` runs it big, in release.

use crate::types::{AlphaBalance, NetUid, Price as UnitPrice, TaoBalance};
use crate::{
	mock::*,
	pallet::{
		Config as DtaoConfig, Event, HotkeyPools, Neurons, Stake, StakingConfig, SubnetOwners,
		Subnets,
	},
	pool::{self, PRICE_SCALE},
	types::{NetworkParams, NeuronParams, SwapQuote},
	EmissionParams, WeightInfo, ROOT_NETUID,
};
use codec::Decode;
use frame_support::{
	traits::{Get, GetCallMetadata, Hooks, PalletInfoAccess},
	weights::Weight,
};
use proptest::{
	prelude::*,
	test_runner::{Config as ProptestConfig, RngSeed, TestError, TestRunner},
};
use sp_arithmetic::{Perbill, Permill};
use sp_runtime::{traits::Dispatchable, DispatchError, StateVersion};
use std::{cell::RefCell, collections::BTreeMap};

// --- the accounts and the setup ------------------------------------------------------------------

/// `Key(ROOT)` dispatches with the root origin.
pub(crate) const ROOT: u64 = 0;
/// Coldkeys 1 to 5 hold 100 000 TAO each, 6 holds 20 TAO, 7 has no account.
const COLDKEYS: [u64; 7] = [1, 2, 3, 4, 5, 6, 7];
const RICH: u64 = 100_000 * TAO;
const POOR: u64 = 20 * TAO;
const HOTKEYS: [u64; 6] = [11, 12, 13, 14, 15, 16];
/// Netuids drawn: root, the few that exist with a small subnet limit, some that do not.
const MAX_NETUID: u16 = 5;

/// What a case starts from, besides the genesis below.
#[derive(Clone, Debug)]
pub(crate) struct Setup {
	/// `SubnetLimit` (the mock's static): small, so that registrations prune.
	pub subnet_limit: u16,
	/// Yuma over neurons and weights instead of stake weights alone.
	pub yuma: bool,
}

/// Tempo 4 (an epoch every 5 blocks), a fast moving price so that subnets differ in price.
fn fuzz_emission_params() -> EmissionParams {
	EmissionParams {
		tempo: 4,
		ema_rate: Perbill::from_percent(10),
		ema_halving_blocks: 10,
		..Default::default()
	}
}

/// Four UIDs, two validators, cheap burns that adjust every 5 blocks.
fn fuzz_neuron_params() -> NeuronParams {
	NeuronParams {
		max_uids: 4,
		max_validators: 2,
		immunity_period: 3,
		min_burn: TaoBalance(1_000_000),
		max_burn: TaoBalance(10 * TAO),
		target_registrations: 1,
		adjustment_interval: 5,
		weights_rate_limit: 2,
		weights_version: 0,
		..Default::default()
	}
}

/// Genesis: the accounts above, a lock of 10 TAO decaying over 5 blocks, start after 2 blocks,
/// 6 blocks of immunity; subnet 1 (coldkey 1, hotkey 11) started with stake on it and on root.
fn genesis(setup: &Setup) -> sp_io::TestExternalities {
	SubnetLimit::set(setup.subnet_limit);
	UseYuma::set(setup.yuma);
	let mut balances: Vec<(u64, u64)> = (1..=5).map(|c| (c, RICH)).collect();
	balances.push((6, POOR));
	let pallet = crate::GenesisConfig::<Test> {
		network_params: Some(NetworkParams {
			min_lock: TaoBalance(10 * TAO),
			lock_reduction_interval: 5,
			start_call_delay: 2,
			immunity_period: 6,
		}),
		subnets: vec![(1, 11)],
		stakes: vec![
			(2, 11, NetUid(1), TaoBalance(50 * TAO)),
			(3, 11, ROOT_NETUID, TaoBalance(20 * TAO)),
		],
		emission_params: Some(fuzz_emission_params()),
		neuron_params: Some(fuzz_neuron_params()),
		..Default::default()
	};
	ext_of(balances, Some(pallet))
}

// --- the ops -------------------------------------------------------------------------------------

/// An amount, resolved against a reference when the op runs: the caller's free TAO for a stake,
/// the position's alpha for an unstake or a move. `NearMin` is the minimum stake (in alpha at
/// the spot price for alpha amounts) plus an offset.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Amount {
	Dust(u64),
	NearMin(i8),
	Raw(u64),
	/// Per mille of the reference.
	Part(u16),
	/// The reference minus this much (0: all of it).
	AllBut(u64),
	/// The reference plus this much.
	Over(u64),
	Max,
}

impl Amount {
	fn resolve(self, reference: u64, min: u64) -> u64 {
		match self {
			Amount::Dust(x) | Amount::Raw(x) => x,
			Amount::NearMin(d) => min.saturating_add_signed(d as i64),
			Amount::Part(p) => ((reference as u128) * (p as u128) / 1000) as u64,
			Amount::AllBut(d) => reference.saturating_sub(d),
			Amount::Over(d) => reference.saturating_add(d),
			Amount::Max => u64::MAX,
		}
	}
}

/// A limit price, resolved against the spot price (or, for moves, the ratio of the two spot
/// prices) when the op runs.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Price {
	NoPrice,
	Top,
	Rao(u64),
	/// The spot price plus this many per mille.
	Spot(i16),
}

impl Price {
	fn resolve(self, spot: u64) -> u64 {
		match self {
			Price::NoPrice => 0,
			Price::Top => u64::MAX,
			Price::Rao(p) => p,
			Price::Spot(d) => {
				let p = (spot as u128) * (1000 + d as i128).max(0) as u128 / 1000;
				p.min(u64::MAX as u128) as u64
			},
		}
	}
}

/// A position of the caller: the `n`-th it holds (mod their count), or any (hotkey, netuid).
#[derive(Clone, Copy, Debug)]
pub(crate) enum Pos {
	Held(u8),
	At { hotkey: u64, netuid: NetUid },
}

/// A subnet: the `n`-th that exists now (mod their count, root included), or any netuid.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Net {
	Live(u8),
	/// The `n`-th subnet other than root (mod their count; root if none).
	Dynamic(u8),
	/// The `n`-th subnet not started yet (mod their count; root if none).
	Dormant(u8),
	/// The `n`-th subnet with a validator permit (mod their count; root if none).
	Validated(u8),
	Id(NetUid),
}

impl Net {
	fn resolve(self) -> NetUid {
		match self {
			Net::Id(netuid) => netuid,
			Net::Live(i) => {
				let mut live: Vec<NetUid> = Subnets::<Test>::iter_keys().collect();
				live.sort();
				live.get(i as usize % live.len().max(1)).copied().unwrap_or(ROOT_NETUID)
			},
			Net::Dynamic(i) | Net::Dormant(i) => {
				let dormant_only = matches!(self, Net::Dormant(_));
				let mut dormant: Vec<NetUid> = Subnets::<Test>::iter()
					.filter(|(n, p)| *n != ROOT_NETUID && !(dormant_only && p.is_started()))
					.map(|(n, _)| n)
					.collect();
				dormant.sort();
				dormant.get(i as usize % dormant.len().max(1)).copied().unwrap_or(ROOT_NETUID)
			},
			Net::Validated(i) => {
				let mut validated: Vec<NetUid> = crate::Metagraph::<Test>::iter()
					.filter(|(_, stats)| stats.iter().any(|s| s.validator_permit))
					.map(|(n, _)| n)
					.collect();
				validated.sort();
				validated.get(i as usize % validated.len().max(1)).copied().unwrap_or(ROOT_NETUID)
			},
		}
	}
}

/// A signer: an account (`Key(ROOT)` is root), the subnet's owner coldkey, or the hotkey of the
/// subnet's `n`-th neuron (mod their count).
#[derive(Clone, Copy, Debug)]
pub(crate) enum Who {
	Key(u64),
	Owner,
	Neuron(u8),
	/// The hotkey of the subnet's `n`-th neuron with a validator permit.
	Validator(u8),
}

/// A hotkey: a fixed one, or the `n`-th hotkey that some coldkey owns (mod their count).
#[derive(Clone, Copy, Debug)]
pub(crate) enum Hot {
	Fixed(u64),
	Claimed(u8),
}

impl Hot {
	fn resolve(self) -> u64 {
		match self {
			Hot::Fixed(hotkey) => hotkey,
			Hot::Claimed(i) => {
				let mut owned: Vec<u64> = crate::Owner::<Test>::iter_keys().collect();
				owned.sort();
				owned.get(i as usize % owned.len().max(1)).copied().unwrap_or(HOTKEYS[0])
			},
		}
	}
}

/// How much spare weight `on_idle` gets: all, none, the lookup only, or `k` dissolution steps.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Idle {
	Unlimited,
	Nothing,
	LookupOnly,
	Steps(u8),
}

impl Idle {
	fn weight(self) -> Weight {
		let lookup = <<Test as frame_system::Config>::DbWeight as Get<
			frame_support::weights::RuntimeDbWeight,
		>>::get()
		.reads(1);
		match self {
			Idle::Unlimited => Weight::MAX,
			Idle::Nothing => Weight::zero(),
			Idle::LookupOnly => lookup,
			Idle::Steps(k) => {
				lookup.saturating_add(<Test as DtaoConfig>::WeightInfo::dissolve_step(k as u32))
			},
		}
	}
}

/// An admin setter, with valid and invalid values.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Admin {
	StakeFee(u32),
	MinStake(u64),
	LockParams {
		min_lock: u64,
		interval: u64,
	},
	StartCallDelay(u64),
	ImmunityPeriod(u64),
	Neurons {
		max_uids: u16,
		max_validators: u16,
		min_burn: u64,
		max_burn: u64,
		weights_version: u64,
	},
	Emission {
		tempo: u16,
		owner_cut: u32,
		tao_weight: u32,
		ema_rate: u32,
		ema_halving_blocks: u64,
		price_clamp: u64,
		take: u32,
	},
}

/// One step of a case. Its `Debug` form is valid Rust (with the enums' variants in scope), so a
/// shrunk failing case pastes into a regression test.
#[derive(Clone, Debug)]
pub(crate) enum Op {
	RegisterNetwork {
		coldkey: u64,
		hotkey: u64,
	},
	StartCall {
		coldkey: Who,
		netuid: Net,
	},
	AddStake {
		coldkey: u64,
		hotkey: Hot,
		netuid: Net,
		amount: Amount,
		limit: Option<(Price, bool)>,
	},
	RemoveStake {
		coldkey: u64,
		from: Pos,
		amount: Amount,
		limit: Option<(Price, bool)>,
	},
	RemoveStakeFull {
		coldkey: u64,
		from: Pos,
		limit: Option<Price>,
	},
	MoveStake {
		coldkey: u64,
		from: Pos,
		dest_hotkey: Hot,
		dest_netuid: Net,
		amount: Amount,
		limit: Option<(Price, bool)>,
	},
	SwapStake {
		coldkey: u64,
		from: Pos,
		dest_netuid: Net,
		amount: Amount,
		limit: Option<(Price, bool)>,
	},
	TransferStake {
		coldkey: u64,
		from: Pos,
		dest_coldkey: u64,
		dest_netuid: Net,
		amount: Amount,
		limit: Option<(Price, bool)>,
	},
	BurnedRegister {
		coldkey: u64,
		netuid: Net,
		hotkey: u64,
	},
	SetWeights {
		hotkey: Who,
		netuid: Net,
		uids: Vec<u16>,
		weights: Vec<u16>,
		version_key: u64,
	},
	SetParam {
		origin: u64,
		set: Admin,
	},
	Blocks {
		n: u8,
		idle: Idle,
	},
	OnIdle(Idle),
}

// --- the strategies ------------------------------------------------------------------------------

fn coldkey() -> impl Strategy<Value = u64> {
	prop_oneof![
		30 => prop::sample::select(COLDKEYS[..5].to_vec()),
		2 => Just(6u64),
		1 => Just(7u64),
		1 => Just(ROOT),
	]
}

fn hotkey() -> impl Strategy<Value = u64> {
	prop::sample::select(HOTKEYS.to_vec())
}

fn hot() -> impl Strategy<Value = Hot> {
	prop_oneof![2 => hotkey().prop_map(Hot::Fixed), 3 => any::<u8>().prop_map(Hot::Claimed)]
}

/// A hotkey, usually the coldkey's own (`coldkey + 10`) so that registrations often succeed.
fn own_hotkey(coldkey: u64, other: u64, own: bool) -> u64 {
	if own && (1..=6).contains(&coldkey) {
		coldkey + 10
	} else {
		other
	}
}

fn netuid() -> impl Strategy<Value = NetUid> {
	prop_oneof![30 => (0..=MAX_NETUID).prop_map(NetUid), 1 => Just(NetUid::MAX)]
}

fn net() -> impl Strategy<Value = Net> {
	prop_oneof![4 => any::<u8>().prop_map(Net::Live), 1 => netuid().prop_map(Net::Id)]
}

fn dynamic() -> impl Strategy<Value = Net> {
	prop_oneof![4 => any::<u8>().prop_map(Net::Dynamic), 1 => net()]
}

fn amount() -> impl Strategy<Value = Amount> {
	prop_oneof![
		3 => (0u64..10).prop_map(Amount::Dust),
		3 => (-3i8..=3).prop_map(Amount::NearMin),
		6 => (0..=1_000 * TAO).prop_map(Amount::Raw),
		1 => any::<u64>().prop_map(Amount::Raw),
		7 => (1u16..=1000).prop_map(Amount::Part),
		4 => (0u64..=3).prop_map(Amount::AllBut),
		1 => (1u64..=3).prop_map(Amount::Over),
		1 => Just(Amount::Max),
	]
}

fn price() -> impl Strategy<Value = Price> {
	prop_oneof![
		1 => Just(Price::NoPrice),
		1 => Just(Price::Top),
		1 => any::<u64>().prop_map(Price::Rao),
		2 => (0..=4 * PRICE_SCALE).prop_map(Price::Rao),
		6 => (-5i16..=5).prop_map(Price::Spot),
		6 => (-300i16..=300).prop_map(Price::Spot),
	]
}

fn limit() -> impl Strategy<Value = Option<(Price, bool)>> {
	(price(), any::<bool>()).prop_map(Some)
}

fn pos() -> impl Strategy<Value = Pos> {
	prop_oneof![
		5 => any::<u8>().prop_map(Pos::Held),
		1 => (hotkey(), netuid()).prop_map(|(hotkey, netuid)| Pos::At { hotkey, netuid }),
	]
}

fn idle() -> impl Strategy<Value = Idle> {
	prop_oneof![
		8 => Just(Idle::Unlimited),
		1 => Just(Idle::Nothing),
		1 => Just(Idle::LookupOnly),
		3 => (0u8..=3).prop_map(Idle::Steps),
	]
}

fn perbill_parts() -> impl Strategy<Value = u32> {
	prop_oneof![Just(0u32), 0..=1_000_000_000u32, Just(1_000_000_000u32), any::<u32>()]
}

fn admin() -> impl Strategy<Value = Admin> {
	prop_oneof![
		2 => prop_oneof![Just(0u32), Just(500), 0..=100_000u32, 100_001..=1_000_000u32]
			.prop_map(Admin::StakeFee),
		2 => prop_oneof![
			1 => Just(0u64),
			1 => Just(1u64),
			4 => Just(2_000_000u64),
			2 => 0..=10 * TAO,
			1 => Just(u64::MAX),
		]
		.prop_map(Admin::MinStake),
		2 => (
			prop_oneof![
				Just(0u64),
				Just(999_999u64),
				Just(1_000_000u64),
				Just(10 * TAO),
				0..=1_000 * TAO,
				Just(u64::MAX),
			],
			prop_oneof![Just(0u64), Just(1u64), 2..=20u64, Just(u64::MAX)],
		)
			.prop_map(|(min_lock, interval)| Admin::LockParams { min_lock, interval }),
		1 => prop_oneof![5 => 0..=5u64, 1 => Just(u64::MAX)].prop_map(Admin::StartCallDelay),
		1 => prop_oneof![5 => 0..=10u64, 1 => Just(u64::MAX)].prop_map(Admin::ImmunityPeriod),
		2 => (
			prop_oneof![5 => 0..=6u16, 1 => Just(256u16), 1 => Just(257u16)],
			0..=6u16,
			prop_oneof![Just(0u64), 0..=TAO, Just(u64::MAX)],
			prop_oneof![Just(0u64), 0..=100 * TAO, Just(u64::MAX)],
			prop_oneof![4 => Just(0u64), 1 => 0..=2u64],
		)
			.prop_map(|(max_uids, max_validators, min_burn, max_burn, weights_version)| {
				Admin::Neurons { max_uids, max_validators, min_burn, max_burn, weights_version }
			}),
		2 => (
			prop_oneof![
				10 => 1..=8u16,
				1 => Just(0u16),
				1 => Just(EmissionParams::MAX_TEMPO),
				1 => Just(EmissionParams::MAX_TEMPO + 1),
			],
			(perbill_parts(), perbill_parts(), perbill_parts(), perbill_parts()),
			prop_oneof![Just(0u64), 1..=20u64, Just(u64::MAX)],
			prop_oneof![Just(0u64), 1..=2 * PRICE_SCALE, Just(u64::MAX)],
		)
			.prop_map(
				|(tempo, (owner_cut, tao_weight, ema_rate, take), ema_halving_blocks, price_clamp)| {
					Admin::Emission {
						tempo,
						owner_cut,
						tao_weight,
						ema_rate,
						ema_halving_blocks,
						price_clamp,
						take,
					}
				}
			),
	]
}

/// `set_weights` by a validator (or any neuron, or a fixed key), with up to five weights on
/// mostly known UIDs, sometimes zero, sometimes one weight too many.
fn set_weights() -> impl Strategy<Value = Op> {
	let who = prop_oneof![
		4 => any::<u8>().prop_map(Who::Validator),
		2 => any::<u8>().prop_map(Who::Neuron),
		1 => prop_oneof![hotkey(), Just(ROOT)].prop_map(Who::Key),
	];
	let netuid = prop_oneof![3 => any::<u8>().prop_map(Net::Validated), 1 => dynamic()];
	let uid = prop_oneof![4 => 0u16..4, 1 => 0u16..8];
	let weight = prop_oneof![1 => Just(0u16), 4 => any::<u16>()];
	let version = prop_oneof![8 => Just(0u64), 1 => 0..=3u64, 1 => Just(u64::MAX)];
	let pairs = prop::collection::vec((uid, weight), 0..=5);
	(who, netuid, pairs, prop::bool::weighted(0.1), version).prop_map(
		|(hotkey, netuid, pairs, mismatch, version_key)| {
			let (uids, mut weights): (Vec<u16>, Vec<u16>) = pairs.into_iter().unzip();
			if mismatch {
				weights.push(1);
			}
			Op::SetWeights { hotkey, netuid, uids, weights, version_key }
		},
	)
}

/// One op: every dispatchable with its arguments, blocks and idle steps, weighted so that stake
/// paths dominate while registrations, epochs and dissolutions keep happening.
fn op() -> impl Strategy<Value = Op> {
	let add = |limit: BoxedStrategy<Option<(Price, bool)>>| {
		(coldkey(), hot(), net(), amount(), limit).prop_map(
			|(coldkey, hotkey, netuid, amount, limit)| Op::AddStake {
				coldkey,
				hotkey,
				netuid,
				amount,
				limit,
			},
		)
	};
	let remove = |limit: BoxedStrategy<Option<(Price, bool)>>| {
		(coldkey(), pos(), amount(), limit).prop_map(|(coldkey, from, amount, limit)| {
			Op::RemoveStake { coldkey, from, amount, limit }
		})
	};
	let mv = |limit: BoxedStrategy<Option<(Price, bool)>>| {
		(coldkey(), pos(), hot(), net(), amount(), limit).prop_map(
			|(coldkey, from, dest_hotkey, dest_netuid, amount, limit)| Op::MoveStake {
				coldkey,
				from,
				dest_hotkey,
				dest_netuid,
				amount,
				limit,
			},
		)
	};
	let swap = |limit: BoxedStrategy<Option<(Price, bool)>>| {
		(coldkey(), pos(), net(), amount(), limit).prop_map(
			|(coldkey, from, dest_netuid, amount, limit)| Op::SwapStake {
				coldkey,
				from,
				dest_netuid,
				amount,
				limit,
			},
		)
	};
	let transfer = |limit: BoxedStrategy<Option<(Price, bool)>>| {
		(coldkey(), pos(), coldkey(), net(), amount(), limit).prop_map(
			|(coldkey, from, dest_coldkey, dest_netuid, amount, limit)| Op::TransferStake {
				coldkey,
				from,
				dest_coldkey,
				dest_netuid,
				amount,
				limit,
			},
		)
	};
	let none = || Just(None).boxed();
	let some = || limit().boxed();
	prop_oneof![
		2 => (coldkey(), hotkey(), prop::bool::weighted(0.8)).prop_map(|(coldkey, other, own)| {
			Op::RegisterNetwork { coldkey, hotkey: own_hotkey(coldkey, other, own) }
		}),
		4 => (
			prop_oneof![4 => Just(Who::Owner), 1 => coldkey().prop_map(Who::Key)],
			prop_oneof![4 => any::<u8>().prop_map(Net::Dormant), 1 => net()],
		)
			.prop_map(|(coldkey, netuid)| Op::StartCall { coldkey, netuid }),
		12 => add(none()),
		6 => add(some()),
		8 => remove(none()),
		5 => remove(some()),
		4 => (coldkey(), pos(), prop::option::of(price())).prop_map(|(coldkey, from, limit)| {
			Op::RemoveStakeFull { coldkey, from, limit }
		}),
		4 => mv(none()),
		3 => mv(some()),
		4 => swap(none()),
		3 => swap(some()),
		3 => transfer(none()),
		2 => transfer(some()),
		5 => (coldkey(), dynamic(), hotkey(), prop::bool::weighted(0.3)).prop_map(
			|(coldkey, netuid, other, own)| Op::BurnedRegister {
				coldkey,
				netuid,
				hotkey: own_hotkey(coldkey, other, own),
			}
		),
		5 => set_weights(),
		6 => (prop_oneof![10 => Just(ROOT), 1 => coldkey()], admin())
			.prop_map(|(origin, set)| Op::SetParam { origin, set }),
		15 => (prop_oneof![3 => 1u8..=2, 1 => 3u8..=7], idle())
			.prop_map(|(n, idle)| Op::Blocks { n, idle }),
		2 => idle().prop_map(Op::OnIdle),
	]
}

fn setup() -> impl Strategy<Value = Setup> {
	(2u16..=3, prop::bool::weighted(0.6))
		.prop_map(|(subnet_limit, yuma)| Setup { subnet_limit, yuma })
}

// --- what the run saw ----------------------------------------------------------------------------

/// Counts over every case of a run, so that a reader sees which states were reached.
#[derive(Default)]
struct Stats {
	cases: u64,
	ops: u64,
	/// Per call: (succeeded, rejected).
	calls: BTreeMap<&'static str, (u64, u64)>,
	/// Rejections by reason, and by call.
	errors: BTreeMap<String, BTreeMap<&'static str, u64>>,
	/// Deep states, from the events and the calls.
	reached: BTreeMap<&'static str, u64>,
}

thread_local! {
	static STATS: RefCell<Stats> = RefCell::new(Stats::default());
}

fn count(what: &'static str) {
	STATS.with(|s| *s.borrow_mut().reached.entry(what).or_default() += 1);
}

fn print_stats(seed: u64, elapsed: std::time::Duration) {
	STATS.with(|s| {
		let s = s.borrow();
		let (ok, err) = s.calls.values().fold((0, 0), |(a, b), (o, e)| (a + o, b + e));
		println!(
			"dtao fuzz: seed {seed}, {} cases, {} ops in {:.1} s",
			s.cases,
			s.ops,
			elapsed.as_secs_f64()
		);
		println!("  {:<28} {:>9} {:>9}", "call", "ok", "rejected");
		for (name, (o, e)) in &s.calls {
			println!("  {name:<28} {o:>9} {e:>9}");
		}
		println!("  {:<28} {ok:>9} {err:>9}", "all calls");
		println!("  rejections by reason:");
		for (name, by_call) in &s.errors {
			let mut calls: Vec<(&&str, &u64)> = by_call.iter().collect();
			calls.sort_by(|a, b| b.1.cmp(a.1));
			let top: Vec<String> = calls.iter().take(3).map(|(c, n)| format!("{c} {n}")).collect();
			let n: u64 = by_call.values().sum();
			println!("    {name:<28} {n:>9}   ({})", top.join(", "));
		}
		println!("  reached:");
		for (name, n) in &s.reached {
			println!("    {name:<36} {n:>9}");
		}
		let get = |k: &str| s.reached.get(k).copied().unwrap_or(0);
		println!(
			"dtao fuzz summary: {} ops ({ok} calls ok, {err} rejected), {} blocks, {} epochs \
			 ({} with Yuma, {} paying miners), {} prunes, {} dissolutions, {} partial fills",
			s.ops,
			get("blocks"),
			get("epochs"),
			get("epochs with Yuma"),
			get("Yuma epochs paying miners"),
			get("subnets pruned"),
			get("dissolutions finished"),
			get("partial fills"),
		);
	});
}

// --- the harness ---------------------------------------------------------------------------------

thread_local! {
	/// The known defects whose invariants are checked too (see [`strict`]).
	static STRICT: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

/// Whether to check the invariant of a known defect being fixed elsewhere: `limits` (a limit
/// bounds the average price, fee included), `shares` (a position moves by what the call
/// reports, at most one unit less), `dissolution` (a holder gets at least the floor of its
/// share), `token` (a rejection is the pallet's own error, not the currency's), or `all`. The
/// fuzz test takes them from `DTAO_FUZZ_STRICT` (comma-separated); a regression test names its
/// own.
fn strict(defect: &str) -> bool {
	STRICT.with(|s| s.borrow().iter().any(|d| d == defect || d == "all"))
}

/// Runs `f` with the invariants of `defects` checked too.
pub(crate) fn with_strict<R>(defects: &[&str], f: impl FnOnce() -> R) -> R {
	let old = STRICT.with(|s| s.replace(defects.iter().map(|d| d.to_string()).collect()));
	let r = f();
	STRICT.with(|s| *s.borrow_mut() = old);
	r
}

/// TAO the step's events say left the issuance: every documented burn. A new documented burn
/// is one more line here.
fn documented_burns(events: &[Event<Test>]) -> u128 {
	events
		.iter()
		.map(|e| match e {
			Event::NeuronRegistered { burn, .. } => u128::from(*burn),
			Event::NetworkDissolved { recycled, .. } => u128::from(*recycled),
			Event::EpochPaid { root_tao_recycled, .. } => u128::from(*root_tao_recycled),
			_ => 0,
		})
		.sum()
}

fn issuance() -> u128 {
	Balances::total_issuance() as u128
}

/// The spot price of `netuid` in rao per alpha (root: 1.0; missing: 0).
fn spot(netuid: NetUid) -> u64 {
	if netuid == ROOT_NETUID {
		return PRICE_SCALE;
	}
	Subnets::<Test>::get(netuid)
		.map_or(0, |p| pool::spot_price(u64::from(p.tao_reserve), u64::from(p.alpha_in)))
}

/// `p_origin / p_dest` in rao (0 if a price is missing).
fn spot_ratio(origin: NetUid, dest: NetUid) -> u64 {
	let (o, d) = (spot(origin) as u128, spot(dest) as u128);
	if d == 0 {
		return 0;
	}
	(o * PRICE_SCALE as u128 / d).min(u64::MAX as u128) as u64
}

/// The minimum stake in alpha of `netuid` at its spot price.
fn min_alpha(netuid: NetUid) -> u64 {
	let min = StakingConfig::<Test>::get().min_stake;
	match Subnets::<Test>::get(netuid) {
		Some(p) if netuid != ROOT_NETUID && p.tao_reserve > TaoBalance(0) => {
			((u128::from(min)) * (u128::from(p.alpha_in)) / (u128::from(p.tao_reserve)))
				.min(u64::MAX as u128) as u64
		},
		_ => u64::from(min),
	}
}

fn free(who: u64) -> u64 {
	Balances::free_balance(who)
}

type Position = (u64, u64, NetUid);

/// A quote with its amounts as plain integers, for the checks that treat buys and sells alike.
fn raw_quote<I: Into<u64>, O: Into<u64>>(q: SwapQuote<I, O>) -> SwapQuote<u64, u64> {
	SwapQuote {
		netuid: q.netuid,
		amount_in: q.amount_in.into(),
		amount_out: q.amount_out.into(),
		fee: q.fee,
		price_before: q.price_before,
		price_after: q.price_after,
		avg_price: q.avg_price,
	}
}

/// Every share pool's value by (hotkey, netuid), and every position's alpha value (as
/// `stake_of` reports it).
fn stake_snapshot() -> (BTreeMap<(u64, NetUid), u64>, BTreeMap<Position, u64>) {
	let pools = HotkeyPools::<Test>::iter().map(|(n, h, pool)| ((h, n), pool.value)).collect();
	let positions = Stake::<Test>::iter_keys()
		.map(|(c, h, n)| ((c, h, n), u64::from(DynamicTao::stake_of(&c, &h, n))))
		.collect();
	(pools, positions)
}

/// `T·A` of every pool other than root.
fn pool_ks() -> BTreeMap<NetUid, u128> {
	Subnets::<Test>::iter()
		.filter(|(n, _)| *n != ROOT_NETUID)
		.map(|(n, p)| (n, (u128::from(p.tao_reserve)) * (u128::from(p.alpha_in))))
		.collect()
}

/// What a stake call is expected to do, worked out before it runs.
#[derive(Clone, Debug)]
enum Check {
	Nothing,
	Add { coldkey: u64, hotkey: u64, netuid: NetUid, requested: u64, limit: Option<(u64, bool)> },
	Remove { coldkey: u64, hotkey: u64, netuid: NetUid, requested: u64, limit: Option<(u64, bool)> },
	Move { origin: Position, dest: Position, requested: u64, limit: Option<(u64, bool)> },
}

/// An op resolved against the state: the call, its origin, and what to check.
struct Resolved {
	origin: u64,
	/// An admin call: root is its right origin, a signed one gets `BadOrigin`.
	admin: bool,
	call: RuntimeCall,
	check: Check,
}

/// The amount a limit lets through: all, the most the limit allows (partial), or nothing.
fn through(
	requested: u64,
	limit: Option<(u64, bool)>,
	max: impl FnOnce(u64) -> u64,
) -> Option<u64> {
	let Some((price, partial)) = limit else { return Some(requested) };
	let max = max(price);
	if requested <= max {
		Some(requested)
	} else if partial && max > 0 {
		Some(max)
	} else {
		None
	}
}

fn resolve_pos(coldkey: u64, from: Pos) -> (u64, NetUid) {
	match from {
		Pos::At { hotkey, netuid } => (hotkey, netuid),
		Pos::Held(i) => {
			let mut held: Vec<(u64, NetUid)> =
				Stake::<Test>::iter_prefix((coldkey,)).map(|((h, n), _)| (h, n)).collect();
			held.sort();
			held.get(i as usize % held.len().max(1)).copied().unwrap_or((HOTKEYS[0], NetUid(1)))
		},
	}
}

fn resolve_who(who: Who, netuid: NetUid) -> u64 {
	match who {
		Who::Key(k) => k,
		Who::Owner => SubnetOwners::<Test>::get(netuid).map_or(1, |m| m.owner_coldkey),
		Who::Neuron(i) => {
			let mut hotkeys: Vec<(u16, u64)> =
				Neurons::<Test>::iter_prefix(netuid).map(|(uid, n)| (uid, n.hotkey)).collect();
			hotkeys.sort();
			hotkeys.get(i as usize % hotkeys.len().max(1)).map_or(HOTKEYS[0], |(_, h)| *h)
		},
		Who::Validator(i) => {
			let stats = crate::Metagraph::<Test>::get(netuid);
			let mut hotkeys: Vec<(u16, u64)> = Neurons::<Test>::iter_prefix(netuid)
				.filter(|(uid, _)| stats.get(*uid as usize).is_some_and(|s| s.validator_permit))
				.map(|(uid, n)| (uid, n.hotkey))
				.collect();
			hotkeys.sort();
			hotkeys.get(i as usize % hotkeys.len().max(1)).map_or(HOTKEYS[0], |(_, h)| *h)
		},
	}
}

type DtaoCall = crate::Call<Test>;

fn limit_of(limit: Option<(Price, bool)>, spot: u64) -> Option<(u64, bool)> {
	limit.map(|(p, partial)| (p.resolve(spot), partial))
}

impl Op {
	/// The call this op makes now, or `None` for blocks and idle steps.
	#[allow(clippy::needless_update)]
	fn resolve(&self) -> Option<Resolved> {
		let user = |origin: u64, call: DtaoCall, check: Check| {
			Some(Resolved { origin, admin: false, call: RuntimeCall::DynamicTao(call), check })
		};
		match self.clone() {
			Op::RegisterNetwork { coldkey, hotkey } => {
				user(coldkey, DtaoCall::register_network { hotkey }, Check::Nothing)
			},
			Op::StartCall { coldkey, netuid } => {
				let netuid = netuid.resolve();
				user(resolve_who(coldkey, netuid), DtaoCall::start_call { netuid }, Check::Nothing)
			},
			Op::AddStake { coldkey, hotkey, netuid, amount, limit } => {
				let (hotkey, netuid) = (hotkey.resolve(), netuid.resolve());
				let requested = amount
					.resolve(free(coldkey), u64::from(StakingConfig::<Test>::get().min_stake));
				let limit = limit_of(limit, spot(netuid));
				let call = match limit {
					None => {
						DtaoCall::add_stake { hotkey, netuid, amount_tao: TaoBalance(requested) }
					},
					Some((limit_price, allow_partial)) => DtaoCall::add_stake_limit {
						hotkey,
						netuid,
						amount_tao: TaoBalance(requested),
						limit_price: UnitPrice(limit_price),
						allow_partial,
					},
				};
				user(coldkey, call, Check::Add { coldkey, hotkey, netuid, requested, limit })
			},
			Op::RemoveStake { coldkey, from, amount, limit } => {
				let (hotkey, netuid) = resolve_pos(coldkey, from);
				let held = DynamicTao::stake_of(&coldkey, &hotkey, netuid);
				let requested = amount.resolve(u64::from(held), min_alpha(netuid));
				let limit = limit_of(limit, spot(netuid));
				let call = match limit {
					None => DtaoCall::remove_stake {
						hotkey,
						netuid,
						amount_alpha: AlphaBalance(requested),
					},
					Some((limit_price, allow_partial)) => DtaoCall::remove_stake_limit {
						hotkey,
						netuid,
						amount_alpha: AlphaBalance(requested),
						limit_price: UnitPrice(limit_price),
						allow_partial,
					},
				};
				user(coldkey, call, Check::Remove { coldkey, hotkey, netuid, requested, limit })
			},
			Op::RemoveStakeFull { coldkey, from, limit } => {
				let (hotkey, netuid) = resolve_pos(coldkey, from);
				let requested = DynamicTao::stake_of(&coldkey, &hotkey, netuid);
				let limit_price = limit.map(|p| p.resolve(spot(netuid)));
				let check = Check::Remove {
					coldkey,
					hotkey,
					netuid,
					requested: u64::from(requested),
					limit: limit_price.map(|p| (p, false)),
				};
				user(
					coldkey,
					DtaoCall::remove_stake_full_limit {
						hotkey,
						netuid,
						limit_price: limit_price.map(UnitPrice),
					},
					check,
				)
			},
			Op::MoveStake { coldkey, from, dest_hotkey, dest_netuid, amount, limit } => {
				let (dest_hotkey, dest_netuid) = (dest_hotkey.resolve(), dest_netuid.resolve());
				let (hotkey, netuid) = resolve_pos(coldkey, from);
				let requested = amount.resolve(
					u64::from(DynamicTao::stake_of(&coldkey, &hotkey, netuid)),
					min_alpha(netuid),
				);
				let limit = limit_of(limit, spot_ratio(netuid, dest_netuid));
				let (origin_hotkey, origin_netuid, amount_alpha) = (hotkey, netuid, requested);
				let call = match limit {
					None => DtaoCall::move_stake {
						origin_hotkey,
						dest_hotkey,
						origin_netuid,
						dest_netuid,
						amount_alpha: AlphaBalance(amount_alpha),
					},
					Some((limit_price, allow_partial)) => DtaoCall::move_stake_limit {
						origin_hotkey,
						dest_hotkey,
						origin_netuid,
						dest_netuid,
						amount_alpha: AlphaBalance(amount_alpha),
						limit_price: UnitPrice(limit_price),
						allow_partial,
					},
				};
				let check = Check::Move {
					origin: (coldkey, hotkey, netuid),
					dest: (coldkey, dest_hotkey, dest_netuid),
					requested,
					limit,
				};
				user(coldkey, call, check)
			},
			Op::SwapStake { coldkey, from, dest_netuid, amount, limit } => {
				let dest_netuid = dest_netuid.resolve();
				let (hotkey, origin_netuid) = resolve_pos(coldkey, from);
				let amount_alpha = amount.resolve(
					u64::from(DynamicTao::stake_of(&coldkey, &hotkey, origin_netuid)),
					min_alpha(origin_netuid),
				);
				let limit = limit_of(limit, spot_ratio(origin_netuid, dest_netuid));
				let call = match limit {
					None => DtaoCall::swap_stake {
						hotkey,
						origin_netuid,
						dest_netuid,
						amount_alpha: AlphaBalance(amount_alpha),
					},
					Some((limit_price, allow_partial)) => DtaoCall::swap_stake_limit {
						hotkey,
						origin_netuid,
						dest_netuid,
						amount_alpha: AlphaBalance(amount_alpha),
						limit_price: UnitPrice(limit_price),
						allow_partial,
					},
				};
				let check = Check::Move {
					origin: (coldkey, hotkey, origin_netuid),
					dest: (coldkey, hotkey, dest_netuid),
					requested: amount_alpha,
					limit,
				};
				user(coldkey, call, check)
			},
			Op::TransferStake { coldkey, from, dest_coldkey, dest_netuid, amount, limit } => {
				let dest_netuid = dest_netuid.resolve();
				let (hotkey, origin_netuid) = resolve_pos(coldkey, from);
				let amount_alpha = amount.resolve(
					u64::from(DynamicTao::stake_of(&coldkey, &hotkey, origin_netuid)),
					min_alpha(origin_netuid),
				);
				let limit = limit_of(limit, spot_ratio(origin_netuid, dest_netuid));
				let call = match limit {
					None => DtaoCall::transfer_stake {
						dest_coldkey,
						hotkey,
						origin_netuid,
						dest_netuid,
						amount_alpha: AlphaBalance(amount_alpha),
					},
					Some((limit_price, allow_partial)) => DtaoCall::transfer_stake_limit {
						dest_coldkey,
						hotkey,
						origin_netuid,
						dest_netuid,
						amount_alpha: AlphaBalance(amount_alpha),
						limit_price: UnitPrice(limit_price),
						allow_partial,
					},
				};
				let check = Check::Move {
					origin: (coldkey, hotkey, origin_netuid),
					dest: (dest_coldkey, hotkey, dest_netuid),
					requested: amount_alpha,
					limit,
				};
				user(coldkey, call, check)
			},
			Op::BurnedRegister { coldkey, netuid, hotkey } => {
				let netuid = netuid.resolve();
				user(coldkey, DtaoCall::burned_register { netuid, hotkey }, Check::Nothing)
			},
			Op::SetWeights { hotkey, netuid, uids, weights, version_key } => {
				let netuid = netuid.resolve();
				user(
					resolve_who(hotkey, netuid),
					DtaoCall::set_weights { netuid, uids, weights, version_key },
					Check::Nothing,
				)
			},
			Op::SetParam { origin, set } => {
				let call = match set {
					Admin::StakeFee(parts) => {
						DtaoCall::set_stake_fee { fee: Permill::from_parts(parts) }
					},
					Admin::MinStake(min_stake) => {
						DtaoCall::set_min_stake { min_stake: TaoBalance(min_stake) }
					},
					Admin::LockParams { min_lock, interval } => DtaoCall::set_network_lock_params {
						min_lock: TaoBalance(min_lock),
						lock_reduction_interval: interval,
					},
					Admin::StartCallDelay(start_call_delay) => {
						DtaoCall::set_start_call_delay { start_call_delay }
					},
					Admin::ImmunityPeriod(immunity_period) => {
						DtaoCall::set_network_immunity_period { immunity_period }
					},
					Admin::Neurons {
						max_uids,
						max_validators,
						min_burn,
						max_burn,
						weights_version,
					} => DtaoCall::set_neuron_params {
						params: NeuronParams {
							max_uids,
							max_validators,
							min_burn: TaoBalance(min_burn),
							max_burn: TaoBalance(max_burn),
							weights_version,
							..fuzz_neuron_params()
						},
					},
					Admin::Emission {
						tempo,
						owner_cut,
						tao_weight,
						ema_rate,
						ema_halving_blocks,
						price_clamp,
						take,
					} => DtaoCall::set_emission_params {
						params: EmissionParams {
							tempo,
							owner_cut: Perbill::from_parts(owner_cut),
							tao_weight: Perbill::from_parts(tao_weight),
							ema_rate: Perbill::from_parts(ema_rate),
							ema_halving_blocks,
							price_clamp,
							take: Perbill::from_parts(take),
							// Fields added later keep the fuzz test's values.
							..fuzz_emission_params()
						},
					},
				};
				Some(Resolved {
					origin,
					admin: true,
					call: RuntimeCall::DynamicTao(call),
					check: Check::Nothing,
				})
			},
			Op::Blocks { .. } | Op::OnIdle(_) => None,
		}
	}
}

/// The name of a rejection, or why it is not an acceptable one.
fn rejection_name(error: &DispatchError, origin_wrong: bool) -> Result<String, String> {
	match error {
		DispatchError::BadOrigin if origin_wrong => Ok("BadOrigin".into()),
		DispatchError::BadOrigin => Err("BadOrigin for a call with the right origin".into()),
		_ if origin_wrong => Err(format!("{error:?} instead of BadOrigin for a wrong origin")),
		DispatchError::Module(m) if m.index as usize == DynamicTao::index() => {
			let decoded = crate::Error::<Test>::decode(&mut &m.error[..])
				.map_err(|_| format!("undecodable pallet error {m:?}"))?;
			let name: &'static str = decoded.into();
			Ok(name.into())
		},
		DispatchError::Module(m) if m.index as usize == Balances::index() && !strict("token") => {
			Ok(format!("Balances::{}", m.message.unwrap_or("?")))
		},
		// Named, but by the currency: `token` in strict mode wants the pallet's own reason.
		DispatchError::Token(e) if !strict("token") => Ok(format!("Token::{e:?}")),
		other => Err(format!("an unexpected kind of rejection: {other:?}")),
	}
}

/// State the harness keeps across the steps of one case.
#[derive(Default)]
struct Harness {
	yuma: bool,
	/// Dissolutions begun: (pot, all alpha, block it began).
	dissolving: BTreeMap<NetUid, (u64, u128, u64)>,
}

macro_rules! check {
	($cond:expr, $($msg:tt)+) => {
		if !$cond {
			return Err(format!($($msg)+));
		}
	};
}

impl Harness {
	fn step(&mut self, op: &Op) -> Result<(), String> {
		STATS.with(|s| s.borrow_mut().ops += 1);
		match op {
			Op::Blocks { n, idle } => {
				for _ in 0..*n {
					self.block(*idle)?;
				}
				self.runtime_checks()
			},
			Op::OnIdle(idle) => {
				System::reset_events();
				let before = issuance();
				DynamicTao::on_idle(System::block_number(), idle.weight());
				count("extra on_idle steps");
				self.after_hooks(before, 0)
			},
			_ => self.call(op.resolve().expect("a call op")),
		}
	}

	/// One block: emission and epochs, then `on_idle` with `idle`'s weight.
	fn block(&mut self, idle: Idle) -> Result<(), String> {
		System::reset_events();
		let now = System::block_number() + 1;
		System::set_block_number(now);
		let emitting: Vec<NetUid> = Subnets::<Test>::iter()
			.filter(|(n, p)| *n != ROOT_NETUID && p.is_emitting())
			.map(|(n, _)| n)
			.collect();
		let cap = u128::from(DynamicTao::block_emission());
		let before = issuance();
		DynamicTao::on_initialize(now);
		let minted: u128 = emitting
			.iter()
			.filter_map(|n| Subnets::<Test>::get(n))
			.map(|p| u128::from(p.last_injection.tao_in))
			.sum();
		check!(minted <= cap, "block {now} minted {minted}, above the block emission {cap}");
		DynamicTao::on_idle(now, idle.weight());
		count("blocks");
		self.after_hooks(before, minted)?;
		Ok(())
	}

	/// Once per `Blocks` op: the client surface does not panic, and System's and Balances'
	/// `try_state` hold.
	fn runtime_checks(&self) -> Result<(), String> {
		let _ = DynamicTao::subnets();
		for c in COLDKEYS {
			let _ = DynamicTao::stake_info(c);
		}
		for n in (0..=MAX_NETUID).map(NetUid) {
			let _ = DynamicTao::metagraph(n);
			let _ = DynamicTao::neuron_burn(n);
		}
		#[cfg(feature = "try-runtime")]
		{
			use frame_support::traits::{TryState, TryStateSelect};
			let now = System::block_number();
			// DynamicTao's own ran after every block already.
			<(System, Balances) as TryState<u64>>::try_state(now, TryStateSelect::All)
				.map_err(|e| format!("try_state of System or Balances failed: {e:?}"))?;
		}
		Ok(())
	}

	/// After hooks: issuance moved by the mint and the documented burns only; the events'
	/// deep states are counted; the invariants hold.
	fn after_hooks(&mut self, before: u128, minted: u128) -> Result<(), String> {
		let events = events();
		let expected = (before + minted).checked_sub(documented_burns(&events));
		check!(
			expected == Some(issuance()),
			"hooks moved issuance from {before} to {} (mint {minted}, documented burns {})",
			issuance(),
			documented_burns(&events)
		);
		self.observe(&events)?;
		self.invariants()
	}

	/// The invariants that hold in every state.
	fn invariants(&self) -> Result<(), String> {
		DynamicTao::do_try_state().map_err(|e| format!("try_state: {e:?}"))?;
		let balances: u128 = frame_system::Account::<Test>::iter()
			.map(|(_, a)| a.data.free as u128 + a.data.reserved as u128)
			.sum();
		check!(
			balances == issuance(),
			"issuance {} but the balances sum to {balances}",
			issuance()
		);
		Ok(())
	}

	/// Counts what the events show, and checks what the pallet reports about dissolutions.
	fn observe(&mut self, events: &[Event<Test>]) -> Result<(), String> {
		let now = System::block_number();
		for e in events {
			match e {
				Event::EpochPaid { miners, root_tao, recycled, .. } => {
					count("epochs");
					if self.yuma {
						count("epochs with Yuma");
						if *miners > AlphaBalance(0) {
							count("Yuma epochs paying miners");
						}
					}
					if *root_tao > TaoBalance(0) {
						count("epochs paying root dividends");
					}
					if *recycled > AlphaBalance(0) {
						count("epochs recycling alpha");
					}
				},
				Event::NetworkPruned { .. } => count("subnets pruned"),
				Event::DissolutionStarted { netuid, pot, alpha_in, alpha_out, .. } => {
					count("dissolutions started");
					let all = u128::from(*alpha_in) + u128::from(*alpha_out);
					self.dissolving.insert(*netuid, (u64::from(*pot), all, now));
				},
				Event::DissolvedStakePaid { coldkey, netuid, alpha, tao, .. } => {
					count("dissolved positions paid");
					if let (true, Some((pot, all, _))) =
						(strict("dissolution"), self.dissolving.get(netuid))
					{
						let floor = (*pot as u128) * (u128::from(*alpha)) / (*all).max(1);
						let unpayable = *tao == TaoBalance(0)
							&& floor < ExistentialDeposit::get() as u128
							&& free(*coldkey) == 0;
						check!(
							u128::from(*tao) >= floor || unpayable,
							"dissolution of {netuid} paid {coldkey} {tao} for {alpha} alpha, \
							 below the floor {floor} of its share of {pot}"
						);
					}
				},
				Event::NetworkDissolved { netuid, .. } => {
					count("dissolutions finished");
					if self.dissolving.remove(netuid).is_some_and(|(_, _, began)| began != now) {
						count("dissolutions over several blocks");
					}
				},
				Event::NeuronRegistered { replaced: Some(_), .. } => count("neurons replaced"),
				Event::WeightsSet { .. } => count("weights set"),
				Event::SubnetStarted { .. } => count("subnets started"),
				_ => {},
			}
		}
		Ok(())
	}

	/// One call: quotes and snapshots before, dispatch, then every check.
	fn call(&mut self, r: Resolved) -> Result<(), String> {
		let name = r.call.get_call_metadata().function_name;
		let expect = Expected::before(&r.check);
		let ((pools_before, positions_before), ks_before) = (stake_snapshot(), pool_ks());
		let issuance_before = issuance();
		let frees_before: BTreeMap<u64, u64> = COLDKEYS.iter().map(|c| (*c, free(*c))).collect();
		System::reset_events();
		let root_before = sp_io::storage::root(StateVersion::V1);
		let origin =
			if r.origin == ROOT { RuntimeOrigin::root() } else { RuntimeOrigin::signed(r.origin) };
		let origin_wrong = r.admin != (r.origin == ROOT);
		let result = r.call.clone().dispatch(origin);
		let events = events();
		match result {
			Err(e) => {
				STATS.with(|s| s.borrow_mut().calls.entry(name).or_default().1 += 1);
				let reason = rejection_name(&e.error, origin_wrong)?;
				check!(
					sp_io::storage::root(StateVersion::V1) == root_before,
					"{name} was rejected with {reason} but changed storage"
				);
				// The call's limit agrees with the `max_*_at` its clients read.
				if let (
					Expected::Swap { through: Some(x), .. }
					| Expected::Move { through: Some(x), .. },
					"SlippageTooHigh",
				) = (&expect, reason.as_str())
				{
					return Err(format!(
						"{name} refused as SlippageTooHigh what max_*_at lets through ({x})"
					));
				}
				STATS.with(|s| {
					*s.borrow_mut().errors.entry(reason).or_default().entry(name).or_default() += 1
				});
				// The same storage root: the same state, whose invariants were checked already.
				return Ok(());
			},
			Ok(_) => {
				STATS.with(|s| s.borrow_mut().calls.entry(name).or_default().0 += 1);
				check!(!origin_wrong, "{name} succeeded with the wrong origin");
				check!(!events.is_empty(), "{name} succeeded without an event");
				let burns = documented_burns(&events);
				check!(
					issuance_before.checked_sub(burns) == Some(issuance()),
					"{name} moved issuance from {issuance_before} to {} (documented burns {burns})",
					issuance()
				);
				for (netuid, k) in pool_ks() {
					let before = ks_before.get(&netuid).copied().unwrap_or(0);
					check!(k >= before, "{name} lowered k of subnet {netuid} from {before} to {k}");
				}
				expect.after(&r.check, &events, &frees_before)?;
				check_positions(&events, &positions_before, &pools_before)?;
			},
		}
		self.observe(&events)?;
		self.invariants()
	}
}

/// Quotes and limits, taken before a stake call.
enum Expected {
	Nothing,
	/// The amount the limit lets through (`None`: the limit rejects) and the quote for it.
	Swap {
		through: Option<u64>,
		quote: Option<SwapQuote<u64, u64>>,
	},
	/// A cross-subnet move: both legs.
	Move {
		through: Option<u64>,
		quote: Option<(SwapQuote<u64, u64>, SwapQuote<u64, u64>)>,
	},
	/// A move within one subnet: shares only.
	SameSubnet,
	/// A call with a limit: see [`Expected::before`].
	Limited,
}

impl Expected {
	fn before(check: &Check) -> Self {
		match *check {
			Check::Nothing => Expected::Nothing,
			// With a limit, the amount executed is the request when it complies with both
			// bounds, else the search's answer under the request (docs/mechanism.md §3.1), which
			// no simpler rule predicts: only the bounds are checked.
			Check::Add { limit: Some(_), .. }
			| Check::Remove { limit: Some(_), .. }
			| Check::Move { limit: Some(_), .. } => Expected::Limited,
			Check::Add { netuid, requested, limit, .. } => {
				let through = through(requested, limit, |p| {
					u64::from(DynamicTao::max_add_stake_at(netuid, UnitPrice(p)))
				});
				let quote = through
					.and_then(|t| DynamicTao::quote_add_stake(netuid, TaoBalance(t)))
					.map(raw_quote);
				Expected::Swap { through, quote }
			},
			Check::Remove { netuid, requested, limit, .. } => {
				let through = through(requested, limit, |p| {
					u64::from(DynamicTao::max_remove_stake_at(netuid, UnitPrice(p)))
				});
				let quote = through
					.and_then(|t| DynamicTao::quote_remove_stake(netuid, AlphaBalance(t)))
					.map(raw_quote);
				Expected::Swap { through, quote }
			},
			Check::Move { origin, dest, requested, limit } => {
				if origin.2 == dest.2 {
					return Expected::SameSubnet;
				}
				let through = through(requested, limit, |p| {
					u64::from(DynamicTao::max_move_stake_at(origin.2, dest.2, UnitPrice(p)))
				});
				let quote = through
					.and_then(|t| DynamicTao::quote_move_stake(origin.2, dest.2, AlphaBalance(t)))
					.map(|(s, b)| (raw_quote(s), raw_quote(b)));
				Expected::Move { through, quote }
			},
		}
	}

	/// After a successful limited call: the end price and the average price, fee included,
	/// are within the limit (buys: at most; sells and moves: at least).
	fn within_limit(check: &Check, events: &[Event<Test>]) -> Result<(), String> {
		let scale = PRICE_SCALE as u128;
		for e in events {
			match (check, e) {
				(
					Check::Add { netuid, requested, limit: Some((l, _)), .. },
					Event::StakeAdded { tao_in, alpha_out, netuid: n, .. },
				) if n == netuid && *netuid != ROOT_NETUID => {
					if tao_in < requested {
						count("partial fills");
					}
					let p = Subnets::<Test>::get(netuid).expect("staked on it");
					check!(
						pool::price_at_most(u64::from(p.tao_reserve), u64::from(p.alpha_in), *l),
						"end price above {l}"
					);
					check!(
						(u128::from(*tao_in)) * scale <= (*l as u128) * (u128::from(*alpha_out)),
						"paid {tao_in} for {alpha_out} alpha, above the limit {l}"
					);
				},
				(
					Check::Remove { netuid, requested, limit: Some((l, _)), .. },
					Event::StakeRemoved { alpha_in, tao_out, netuid: n, .. },
				) if n == netuid && *netuid != ROOT_NETUID => {
					if alpha_in < requested {
						count("partial fills");
					}
					let p = Subnets::<Test>::get(netuid).expect("unstaked from it");
					check!(
						pool::price_at_least(u64::from(p.tao_reserve), u64::from(p.alpha_in), *l),
						"end price below {l}"
					);
					check!(
						(u128::from(*tao_out)) * scale >= (*l as u128) * (u128::from(*alpha_in)),
						"got {tao_out} for {alpha_in} alpha, below the limit {l}"
					);
				},
				(
					Check::Move { requested, limit: Some((l, _)), .. },
					Event::StakeMoved { alpha_in, alpha_out, origin_netuid, dest_netuid, .. },
				) if origin_netuid != dest_netuid => {
					if alpha_in < requested {
						count("partial fills");
					}
					check!(
						(u128::from(*alpha_out)) * scale >= (*l as u128) * (u128::from(*alpha_in)),
						"moved {alpha_in} into {alpha_out}, below the rate {l}"
					);
				},
				_ => {},
			}
		}
		Ok(())
	}

	/// After a successful stake call: its event equals the quote, the limit held, prices moved
	/// the trade's way, and the caller's balance moved by the event's amount.
	fn after(
		&self,
		check: &Check,
		events: &[Event<Test>],
		frees: &BTreeMap<u64, u64>,
	) -> Result<(), String> {
		let balance_moved = |who: u64, by: i128| -> Result<(), String> {
			if let Some(before) = frees.get(&who) {
				let after = free(who) as i128;
				check!(
					after == *before as i128 + by,
					"the balance of {who} moved from {before} to {after}, not by {by}"
				);
			}
			Ok(())
		};
		match (check, self) {
			(Check::Nothing, _) => Ok(()),
			(_, Expected::Limited) => Self::within_limit(check, events),
			(
				Check::Add { coldkey, hotkey, netuid, requested, limit },
				Expected::Swap { through, quote },
			) => {
				let found = events.iter().find_map(|e| match e {
					Event::StakeAdded {
						coldkey: c,
						hotkey: h,
						netuid: n,
						tao_in,
						alpha_out,
						fee,
						price_before,
						price_after,
						limit_price,
						..
					} if (c, h, n) == (coldkey, hotkey, netuid) => Some((
						tao_in.get(),
						alpha_out.get(),
						*fee,
						*price_before,
						*price_after,
						*limit_price,
					)),
					_ => None,
				});
				let Some((tao_in, alpha_out, fee, p0, p1, limit_price)) = found else {
					return Err(format!("a stake succeeded without StakeAdded for {coldkey}"));
				};
				let Some(through) = through else {
					return Err(format!("the limit {limit:?} should have rejected {requested}"));
				};
				let Some(q) = quote else {
					return Err(format!("no quote for staking {through} but the call staked"));
				};
				check!(
					(tao_in, alpha_out, fee, p0, p1)
						== (q.amount_in, q.amount_out, q.fee, q.price_before, q.price_after),
					"StakeAdded {:?} differs from the quote {q:?}",
					(tao_in, alpha_out, fee, p0, p1)
				);
				check!(
					limit_price == limit.map(|l| UnitPrice(l.0)),
					"the event's limit is {limit_price:?}"
				);
				if *through < *requested {
					count("partial fills");
				}
				if *netuid != ROOT_NETUID {
					check!(p1 >= p0, "a stake lowered the price from {p0} to {p1}");
					let pool = Subnets::<Test>::get(netuid).expect("staked on it");
					if let Some((limit, _)) = limit {
						check!(
							pool::price_at_most(
								u64::from(pool.tao_reserve),
								u64::from(pool.alpha_in),
								*limit
							),
							"a stake with limit {limit} left the price at {p1}"
						);
						if strict("limits") {
							// Fee included, the average price paid is within the limit too.
							check!(
								(u128::from(tao_in)) * (PRICE_SCALE as u128)
									<= (*limit as u128) * (u128::from(alpha_out)),
								"paid {tao_in} for {alpha_out} alpha, above the limit {limit}"
							);
						}
					}
				}
				balance_moved(*coldkey, -(u128::from(tao_in) as i128))
			},
			(
				Check::Remove { coldkey, hotkey, netuid, requested, limit },
				Expected::Swap { through, quote },
			) => {
				let found = events.iter().find_map(|e| match e {
					Event::StakeRemoved {
						coldkey: c,
						hotkey: h,
						netuid: n,
						alpha_in,
						tao_out,
						fee,
						price_before,
						price_after,
						limit_price,
						..
					} if (c, h, n) == (coldkey, hotkey, netuid) => Some((
						alpha_in.get(),
						tao_out.get(),
						*fee,
						*price_before,
						*price_after,
						*limit_price,
					)),
					_ => None,
				});
				let Some((alpha_in, tao_out, fee, p0, p1, limit_price)) = found else {
					return Err(format!("an unstake succeeded without StakeRemoved for {coldkey}"));
				};
				let Some(through) = through else {
					return Err(format!("the limit {limit:?} should have rejected {requested}"));
				};
				let Some(q) = quote else {
					return Err(format!("no quote for unstaking {through} but the call unstaked"));
				};
				check!(
					(alpha_in, tao_out, fee, p0, p1)
						== (q.amount_in, q.amount_out, q.fee, q.price_before, q.price_after),
					"StakeRemoved {:?} differs from the quote {q:?}",
					(alpha_in, tao_out, fee, p0, p1)
				);
				check!(
					limit_price == limit.map(|l| UnitPrice(l.0)),
					"the event's limit is {limit_price:?}"
				);
				if *through < *requested {
					count("partial fills");
				}
				if alpha_in == AlphaBalance(*requested) && limit.is_none_or(|l| !l.1) {
					count("full or exact unstakes");
				}
				if *netuid != ROOT_NETUID {
					check!(p1 <= p0, "an unstake raised the price from {p0} to {p1}");
					let pool = Subnets::<Test>::get(netuid).expect("unstaked from it");
					if let Some((limit, _)) = limit {
						check!(
							pool::price_at_least(
								u64::from(pool.tao_reserve),
								u64::from(pool.alpha_in),
								*limit
							),
							"an unstake with limit {limit} left the price at {p1}"
						);
						if strict("limits") {
							check!(
								(u128::from(tao_out)) * (PRICE_SCALE as u128)
									>= (*limit as u128) * (u128::from(alpha_in)),
								"got {tao_out} for {alpha_in} alpha, below the limit {limit}"
							);
						}
					}
				}
				balance_moved(*coldkey, u128::from(tao_out) as i128)
			},
			(Check::Move { requested, .. }, Expected::SameSubnet) => {
				let found = events.iter().find_map(|e| match e {
					Event::StakeMoved { alpha_in, tao, alpha_out, fee, .. } => {
						Some((*alpha_in, *tao, *alpha_out, *fee))
					},
					_ => None,
				});
				count("same-subnet moves");
				check!(
					found
						== Some((
							AlphaBalance(*requested),
							TaoBalance(0),
							AlphaBalance(*requested),
							TaoBalance(0)
						)),
					"a same-subnet move of {requested} reported {found:?}"
				);
				Ok(())
			},
			(Check::Move { origin, dest, requested, limit }, Expected::Move { through, quote }) => {
				let found = events.iter().find_map(|e| match e {
					Event::StakeMoved {
						origin_coldkey,
						dest_coldkey,
						origin_hotkey,
						dest_hotkey,
						origin_netuid,
						dest_netuid,
						alpha_in,
						tao,
						alpha_out,
						fee,
						origin_price_before,
						origin_price_after,
						dest_price_before,
						dest_price_after,
						limit_price,
						..
					} if (
						(*origin_coldkey, *origin_hotkey, *origin_netuid),
						(*dest_coldkey, *dest_hotkey, *dest_netuid),
					) == (*origin, *dest) =>
					{
						Some((
							(alpha_in.get(), tao.get(), alpha_out.get(), *fee),
							(*origin_price_before, *origin_price_after),
							(*dest_price_before, *dest_price_after),
							*limit_price,
						))
					},
					_ => None,
				});
				let Some((amounts, (o0, o1), (d0, d1), limit_price)) = found else {
					return Err(format!(
						"a move succeeded without StakeMoved {origin:?} -> {dest:?}"
					));
				};
				let Some(through) = through else {
					return Err(format!("the limit {limit:?} should have rejected {requested}"));
				};
				let Some((sell, buy)) = quote else {
					return Err(format!("no quote for moving {through} but the call moved"));
				};
				check!(
					(amounts, (o0, o1), (d0, d1))
						== (
							(sell.amount_in, sell.amount_out, buy.amount_out, sell.fee + buy.fee),
							(sell.price_before, sell.price_after),
							(buy.price_before, buy.price_after)
						),
					"StakeMoved {:?} differs from the quotes {sell:?} {buy:?}",
					(amounts, (o0, o1), (d0, d1))
				);
				check!(buy.amount_in == sell.amount_out, "the legs differ: {sell:?} {buy:?}");
				check!(
					limit_price == limit.map(|l| UnitPrice(l.0)),
					"the event's limit is {limit_price:?}"
				);
				count("cross-subnet moves");
				if *through < *requested {
					count("partial fills");
				}
				if origin.2 != ROOT_NETUID {
					check!(o1 <= o0, "a move raised the origin price from {o0} to {o1}");
				}
				if dest.2 != ROOT_NETUID {
					check!(d1 >= d0, "a move lowered the destination price from {d0} to {d1}");
				}
				if let Some((limit, _)) = limit {
					let side = |n: NetUid| {
						(n != ROOT_NETUID).then(|| {
							let p = Subnets::<Test>::get(n).expect("moved through it");
							(p.tao_reserve.get(), p.alpha_in.get())
						})
					};
					check!(
						pool::ratio_at_least(side(origin.2), side(dest.2), *limit),
						"a move with limit {limit} left the price ratio below it"
					);
				}
				Ok(())
			},
			(check, _) => Err(format!("no expectation for {check:?}")),
		}
	}
}

/// After a successful call: each share pool's value moved by exactly what the call's events
/// put in and took out, nobody else's position lost value, and a full unstake cleared the
/// position; in strict mode, the caller's positions moved by what the events report, at most one
/// unit less.
fn check_positions(
	events: &[Event<Test>],
	before: &BTreeMap<Position, u64>,
	pools_before: &BTreeMap<(u64, NetUid), u64>,
) -> Result<(), String> {
	// (position, alpha taken from it, alpha credited to it)
	let mut own: Vec<(Position, u64, u64)> = Vec::new();
	for e in events {
		match e {
			Event::StakeAdded { coldkey, hotkey, netuid, alpha_out, .. } => {
				own.push(((*coldkey, *hotkey, *netuid), 0, u64::from(*alpha_out)))
			},
			Event::StakeRemoved { coldkey, hotkey, netuid, alpha_in, .. } => {
				own.push(((*coldkey, *hotkey, *netuid), u64::from(*alpha_in), 0))
			},
			Event::StakeMoved {
				origin_coldkey,
				dest_coldkey,
				origin_hotkey,
				dest_hotkey,
				origin_netuid,
				dest_netuid,
				alpha_in,
				alpha_out,
				..
			} => {
				own.push((
					(*origin_coldkey, *origin_hotkey, *origin_netuid),
					u64::from(*alpha_in),
					0,
				));
				own.push(((*dest_coldkey, *dest_hotkey, *dest_netuid), 0, u64::from(*alpha_out)));
			},
			_ => {},
		}
	}
	let (pools_after, after) = stake_snapshot();
	for key in pools_before.keys().chain(pools_after.keys()) {
		let v0 = pools_before.get(key).copied().unwrap_or(0) as i128;
		let v1 = pools_after.get(key).copied().unwrap_or(0) as i128;
		let moved: i128 = own
			.iter()
			.filter(|((_, h, n), _, _)| (*h, *n) == *key)
			.map(|(_, taken, credited)| *credited as i128 - *taken as i128)
			.sum();
		check!(v1 - v0 == moved, "the share pool {key:?} went from {v0} to {v1}, not by {moved}");
	}
	let value = |m: &BTreeMap<Position, u64>, p: &Position| m.get(p).copied().unwrap_or(0);
	for p in before.keys().chain(after.keys()) {
		let (v0, v1) = (value(before, p), value(&after, p));
		match own.iter().find(|(q, _, _)| q == p) {
			None => check!(v1 >= v0, "the position {p:?} of a bystander fell from {v0} to {v1}"),
			Some((_, taken, credited)) => {
				check!(*taken <= v0, "{p:?} gave {taken} but held {v0}");
				if *taken == v0 && *credited == 0 {
					check!(
						!Stake::<Test>::contains_key(p),
						"a full unstake of {p:?} left a position worth {v1}"
					);
				}
				let exact = v0 as i128 - *taken as i128 + *credited as i128;
				if strict("shares") {
					check!(
						v1 as i128 + 1 >= exact,
						"{p:?} went from {v0} to {v1}: {} below {exact} (taken {taken}, credited \
						 {credited})",
						exact - v1 as i128
					);
				}
			},
		}
	}
	Ok(())
}

/// Runs one case from genesis; `Err` names the first op whose checks failed.
pub(crate) fn run_case(setup: &Setup, ops: &[Op]) -> Result<(), String> {
	STATS.with(|s| s.borrow_mut().cases += 1);
	let mut ext = genesis(setup);
	let mut harness = Harness { yuma: setup.yuma, ..Default::default() };
	ext.execute_with(|| harness.invariants()).map_err(|e| format!("at genesis: {e}"))?;
	for (i, op) in ops.iter().enumerate() {
		ext.execute_with(|| {
			let block = System::block_number();
			harness.step(op).map_err(|e| format!("op #{i} (block {block}) {op:?}\n  -> {e}"))
		})?;
		// Into the backend, so that the next storage roots hash only what the next op changes.
		ext.commit_all()?;
	}
	Ok(())
}

/// `run_case`, with a panic turned into an `Err` like any other violation.
fn run_catching(setup: &Setup, ops: &[Op]) -> Result<(), String> {
	std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run_case(setup, ops))).unwrap_or_else(
		|panic| {
			let what = panic
				.downcast_ref::<String>()
				.cloned()
				.or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
				.unwrap_or_default();
			Err(format!("panicked: {what}"))
		},
	)
}

/// What a violation says, without its numbers: two failures with the same kind break the same
/// invariant.
fn violation_kind(reason: &str) -> String {
	let what = reason.rsplit("-> ").next().unwrap_or(reason);
	what.chars().filter(|c| !c.is_ascii_digit()).collect()
}

/// Proptest removes operations first and simplifies them after, and does not go back: a pass
/// that drops single operations while the same invariant still fails shortens its result.
fn minimize(setup: &Setup, mut ops: Vec<Op>, mut reason: String) -> (Vec<Op>, String) {
	let kind = violation_kind(&reason);
	let mut i = 0;
	while i < ops.len() {
		let mut shorter = ops.clone();
		shorter.remove(i);
		match run_catching(setup, &shorter) {
			Err(r) if violation_kind(&r) == kind => (ops, reason) = (shorter, r),
			_ => i += 1,
		}
	}
	(ops, reason)
}

fn env_u64(name: &str, default: u64) -> u64 {
	std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// The CI run's seed; `DTAO_FUZZ_SEED` picks another.
const DEFAULT_SEED: u64 = 0x0d7a_0f22;

/// The fuzz test. Its scale, seed and strictness come from the environment (see the module
/// docs); the counts of what it reached are printed at the end (`--nocapture`).
#[test]
fn fuzz_every_dispatchable_with_blocks() {
	let target = env_u64("DTAO_FUZZ_OPS", 20_000);
	let max_len = env_u64("DTAO_FUZZ_LEN", 300).max(1) as usize;
	let seed = env_u64("DTAO_FUZZ_SEED", DEFAULT_SEED);
	// The defects found by the first runs are fixed: their invariants are checked by default.
	let strict = std::env::var("DTAO_FUZZ_STRICT")
		.unwrap_or_else(|_| "limits,shares,dissolution,token".to_string());
	let strict: Vec<&str> = strict.split(',').map(str::trim).filter(|d| !d.is_empty()).collect();
	let started = std::time::Instant::now();
	STATS.with(|s| *s.borrow_mut() = Stats::default());
	let ops_done = || STATS.with(|s| s.borrow().ops);
	// Batches until the target is reached; batch `b` runs with seed `seed + b`, so a failure
	// reproduces with that seed alone (the cases of a seed do not depend on how many are run).
	let mut batch = 0u64;
	while ops_done() < target {
		let left = target - ops_done();
		// Cases are (1 + max_len) / 2 ops long on average.
		let cases = (left / ((1 + max_len as u64) / 2).max(1) + 1).min(u32::MAX as u64) as u32;
		let run_seed = seed.wrapping_add(batch);
		let config = ProptestConfig {
			cases,
			failure_persistence: None,
			rng_seed: RngSeed::Fixed(run_seed),
			max_shrink_iters: env_u64("DTAO_FUZZ_SHRINK_ITERS", 20_000) as u32,
			max_shrink_time: env_u64("DTAO_FUZZ_SHRINK_MS", 300_000) as u32,
			..ProptestConfig::default()
		};
		let mut runner = TestRunner::new(config);
		let strategy = (setup(), prop::collection::vec(op(), 1..=max_len));
		let result = with_strict(&strict, || {
			runner
				.run(&strategy, |(setup, ops)| run_case(&setup, &ops).map_err(TestCaseError::fail))
		});
		match result {
			Ok(()) => batch += 1,
			Err(TestError::Fail(reason, (setup, ops))) => {
				print_stats(run_seed, started.elapsed());
				let (ops, reason) = minimize(&setup, ops, reason.to_string());
				panic!(
					"dtao fuzz failed. Reproduce with\n  DTAO_FUZZ_SEED={run_seed} DTAO_FUZZ_OPS={left} \
					 DTAO_FUZZ_LEN={max_len} DTAO_FUZZ_STRICT={strict} cargo test -p \
					 pallet-dynamic-tao --features try-runtime fuzz_every -- --nocapture\nor \
					 scripts/fuzz.sh --seed {run_seed} --ops {left} --len {max_len}{flag}\n\n{reason}\n\n\
					 shrunk to {} ops; as a regression test:\n\n\
					 run_case(&{setup:?}, &[\n{}]).unwrap();\n",
					ops.len(),
					ops.iter().map(|op| format!("\t{op:?},\n")).collect::<String>(),
					strict = strict.join(","),
					flag = if strict.is_empty() {
						String::new()
					} else {
						format!(" --strict {}", strict.join(","))
					},
				)
			},
			Err(TestError::Abort(reason)) => panic!("dtao fuzz aborted: {reason}"),
		}
	}
	print_stats(seed, started.elapsed());
}

// --- regressions: shrunk failing cases, replayed as ordinary tests -------------------------------

/// The fuzz test's shrunk failures, each replayed with [`run_case`] with the strict checks of
/// its defect.
mod regressions {
	#[allow(unused_imports)]
	use super::{Admin::*, Amount::*, Hot::*, Idle::*, Net::*, Op::*, Pos::*, Price::*, Who::*, *};

	/// docs/mechanism.md §3 (Exact limit prices): a limit bounds the average price paid, fee
	/// included. Subnet 1 is at 35.985 TAO per alpha (10 TAO / 10 alpha, then 50 TAO staked at
	/// genesis); a limit 0.1 % above it is 36.020984990. `max_add_stake_at` lets a buy of 0.0300
	/// TAO through because the end price stays within the limit, but with the 0.05 % fee on top of
	/// 0.05 % of slippage the buy pays 29 972 234 rao for 832 077 alpha: 36.020986039 per alpha,
	/// above the limit.
	#[test]
	fn a_limit_bounds_the_average_price_fee_included() {
		with_strict(&["limits"], || {
			run_case(
				&Setup { subnet_limit: 2, yuma: false },
				&[AddStake {
					coldkey: 1,
					hotkey: Fixed(11),
					netuid: Id(NetUid(1)),
					amount: Raw(29972234),
					limit: Some((Spot(1), false)),
				}],
			)
		})
		.unwrap();
	}

	/// docs/mechanism.md §4 (Staking is a swap): a partial unstake loses at most one unit, whatever
	/// dividends did to the value per share. Coldkey 2 stakes 6 rao on root on hotkey 13, the owner
	/// hotkey of subnet 3 (the minimum stake set to 1 rao): its root pool starts with 6 × 10^9
	/// shares. Hotkey 13 is the only validator of subnet 3 with root stake, so the epoch pays it
	/// the subnet's whole root bucket, and the pool's value grows to about 370 TAO on the same
	/// shares: a share is worth about 50 rao. Unstaking 138.35 TAO then burns `ceil(a · D / V)`
	/// shares and the position loses 12 rao beyond what it took out.
	#[test]
	fn a_partial_unstake_after_dividends_loses_at_most_one_unit() {
		with_strict(&["shares"], || {
			run_case(
				&Setup { subnet_limit: 2, yuma: false },
				&[
					RegisterNetwork { coldkey: 6, hotkey: 16 },
					Blocks { n: 6, idle: Unlimited },
					RegisterNetwork { coldkey: 3, hotkey: 13 },
					Blocks { n: 2, idle: Unlimited },
					StartCall { coldkey: Key(3), netuid: Id(NetUid(3)) },
					SetParam { origin: 0, set: MinStake(1) },
					AddStake {
						coldkey: 4,
						hotkey: Fixed(16),
						netuid: Id(NetUid(3)),
						amount: Raw(429978114262),
						limit: None,
					},
					AddStake {
						coldkey: 2,
						hotkey: Fixed(13),
						netuid: Id(NetUid(0)),
						amount: Dust(6),
						limit: None,
					},
					Blocks { n: 7, idle: Unlimited },
					RemoveStake {
						coldkey: 2,
						from: At { hotkey: 13, netuid: NetUid(0) },
						amount: Raw(138351984019),
						limit: None,
					},
				],
			)
		})
		.unwrap();
	}

	/// docs/mechanism.md §15 (Subnet limit and dissolution): dissolution pays each holder its share
	/// of the pot, by largest remainder, so at least the floor of `pot · alpha / all_alpha`.
	/// Coldkey 3's subnet 2 gets coldkey 2's stake (swapped from subnet 1) and its owner cut; it is
	/// pruned by coldkey 1's second registration and paid out in one step. The step shares
	/// `floor(pot · C / S)` (C: the step's alpha) among its positions by largest remainder, and a
	/// position's part of that floored total can fall one rao below the floor of its exact share:
	/// coldkey 2 gets 11 139 389 678 rao where its exact share of the pot floors to 11 139 389 679.
	#[test]
	fn dissolution_pays_at_least_the_floor_of_each_share() {
		with_strict(&["dissolution"], || {
			run_case(
				&Setup { subnet_limit: 3, yuma: false },
				&[
					Blocks { n: 5, idle: Unlimited },
					RegisterNetwork { coldkey: 3, hotkey: 13 },
					Blocks { n: 2, idle: Unlimited },
					StartCall { coldkey: Key(3), netuid: Id(NetUid(2)) },
					Blocks { n: 6, idle: Unlimited },
					SwapStake {
						coldkey: 2,
						from: At { hotkey: 11, netuid: NetUid(1) },
						dest_netuid: Id(NetUid(2)),
						amount: Part(155),
						limit: None,
					},
					RegisterNetwork { coldkey: 1, hotkey: 11 },
					Blocks { n: 2, idle: Unlimited },
					RegisterNetwork { coldkey: 1, hotkey: 11 },
					Blocks { n: 1, idle: Unlimited },
				],
			)
		})
		.unwrap();
	}

	/// docs/mechanism.md §4 (Staking is a swap): each rejection names its reason, and a pallet's
	/// reasons are its own errors. Coldkey 7 has no account; coldkey 2 gives it 1 alpha of stake on
	/// subnet 1 (at about 36 TAO per alpha, well above the minimum stake). Unstaking 1 unit of it
	/// pays 35 rao, below the existential deposit (500), to an account that does not exist: the
	/// call failed inside the currency with `Token::BelowMinimum`; the pallet now refuses it first
	/// with its own `PayoutBelowExistentialDeposit`.
	#[test]
	fn an_unstake_paying_below_the_existential_deposit_names_a_pallet_error() {
		with_strict(&["token"], || {
			run_case(
				&Setup { subnet_limit: 2, yuma: false },
				&[
					TransferStake {
						coldkey: 2,
						from: At { hotkey: 11, netuid: NetUid(1) },
						dest_coldkey: 7,
						dest_netuid: Id(NetUid(1)),
						amount: Raw(1_000_000_000),
						limit: None,
					},
					RemoveStake { coldkey: 7, from: Held(0), amount: Dust(1), limit: None },
				],
			)
		})
		.unwrap();
	}

	/// docs/mechanism.md §4 (Staking is a swap) and §10 (Invariants): no value is ever deleted, and
	/// `alpha_out` equals the alpha in the share pools (`try_state`). With the minimum stake set to
	/// 0, coldkey 1 stakes 1 rao on root on hotkey 13, the owner hotkey of coldkey 3's subnet 2 and
	/// its only validator with root stake, so the epochs pay it the subnet's whole root bucket: the
	/// root pool of hotkey 13 grows to 4.09 TAO on 1.47 × 10^9 shares, and coldkey 3 holds part of
	/// it through the validator's take. Coldkey 1 leaves; coldkey 3, now the only holder, unstakes
	/// all but one rao of its 1 303 244 091. `withdraw` burns `ceil(a · D / V)` shares, which is
	/// all of them, so the pool has no shares left, and its last rao is zeroed with them: the
	/// position that should keep 1 rao is gone, and root's `alpha_out` (and `tao_reserve`) count a
	/// rao that no pool holds, which `try_state` reports. Needs a remainder worth less than one
	/// share, so a minimum stake below the value of a share.
	#[test]
	fn an_unstake_leaving_less_than_a_share_deletes_no_value() {
		run_case(
			&Setup { subnet_limit: 3, yuma: true },
			&[
				Blocks { n: 2, idle: Unlimited },
				AddStake {
					coldkey: 1,
					hotkey: Fixed(11),
					netuid: Id(NetUid(1)),
					amount: Part(5),
					limit: None,
				},
				SetParam { origin: 0, set: MinStake(0) },
				BurnedRegister { coldkey: 3, netuid: Id(NetUid(1)), hotkey: 13 },
				RegisterNetwork { coldkey: 3, hotkey: 13 },
				Blocks { n: 2, idle: Unlimited },
				AddStake {
					coldkey: 1,
					hotkey: Fixed(13),
					netuid: Id(NetUid(0)),
					amount: Dust(1),
					limit: None,
				},
				StartCall { coldkey: Key(3), netuid: Id(NetUid(2)) },
				Blocks { n: 3, idle: Unlimited },
				RemoveStakeFull {
					coldkey: 1,
					from: At { hotkey: 13, netuid: NetUid(0) },
					limit: None,
				},
				RemoveStake {
					coldkey: 3,
					from: At { hotkey: 13, netuid: NetUid(0) },
					amount: AllBut(1),
					limit: None,
				},
			],
		)
		.unwrap();
	}
}
