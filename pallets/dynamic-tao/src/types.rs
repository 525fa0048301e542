//! Types shared by the pallet's modules and its clients.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

/// A subnet's id. Netuid 0 is the root subnet. SCALE-encoded exactly as the `u16` it wraps; a
/// type of its own so that it cannot be confused with a neuron's [`Uid`] or used as a count.
#[derive(
	Clone,
	Copy,
	Debug,
	Default,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Hash,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
	serde::Serialize,
	serde::Deserialize,
)]
#[serde(transparent)]
pub struct NetUid(pub u16);

impl NetUid {
	/// The largest netuid.
	pub const MAX: Self = Self(u16::MAX);

	/// The id as a plain integer.
	pub const fn get(self) -> u16 {
		self.0
	}

	/// Whether this is the root subnet.
	pub const fn is_root(self) -> bool {
		self.0 == ROOT_NETUID.0
	}

	/// The netuid after this one; [`Self::MAX`] stays (registration stops there).
	pub fn saturating_next(self) -> Self {
		Self(self.0.saturating_add(1))
	}

	/// The netuids below `end`, in order, from root.
	pub fn below(end: Self) -> impl Iterator<Item = Self> {
		(0..end.0).map(Self)
	}
}

impl From<u16> for NetUid {
	fn from(x: u16) -> Self {
		Self(x)
	}
}

impl From<NetUid> for u16 {
	fn from(x: NetUid) -> u16 {
		x.0
	}
}

impl From<NetUid> for u64 {
	fn from(x: NetUid) -> u64 {
		u64::from(x.0)
	}
}

impl core::fmt::Display for NetUid {
	fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
		write!(f, "{}", self.0)
	}
}

/// Test-only comparison with plain integers, so that tests can say `netuid == 1`.
#[cfg(test)]
impl PartialEq<u16> for NetUid {
	fn eq(&self, other: &u16) -> bool {
		self.0 == *other
	}
}

/// The root subnet: staking there is 1:1 TAO, no pool, no fee (docs/mechanism.md §4).
pub const ROOT_NETUID: NetUid = NetUid(0);

pub use crate::units::{AlphaBalance, BlockNumber, Price, TaoBalance};

/// Everything the per-block hook reads and writes for one subnet, in one storage value so that an
/// ordinary block costs one read and one write per emitting subnet (docs/mechanism.md §6). Staking
/// reads and writes it too (the pool, docs/mechanism.md §2), and learns from it whether the subnet
/// has started.
#[derive(
	Clone,
	Copy,
	Debug,
	Default,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
pub struct SubnetPool {
	/// `SubnetTAO`: the pool's TAO reserve (for root: all TAO staked on root).
	pub tao_reserve: TaoBalance,
	/// `SubnetAlphaIn`: the pool's alpha reserve.
	pub alpha_in: AlphaBalance,
	/// `SubnetAlphaOut`: alpha outside the pool (staked alpha plus pending emission).
	pub alpha_out: AlphaBalance,
	/// `None` while the subnet is dormant; after `start_call`, the blocks it has emitted for
	/// (the age `b` of the moving price's ramp).
	pub age: Option<u64>,
	/// `SubnetMovingPrice`: the moving average of the spot price (clamped), the default weight
	/// of the subnet in the emission shares.
	pub moving_price: sp_arithmetic::FixedU128,
	/// Alpha emitted and not yet paid out by an epoch.
	pub pending: Pending,
	/// The last block's injection (`SubnetTaoInEmission`, `SubnetAlphaInEmission`,
	/// `SubnetAlphaOutEmission`).
	pub last_injection: Injection,
	/// Pruned by a registration: no trading and no emission; the next block's hook runs its
	/// last epoch and starts paying it out (see [`crate::dissolution`]).
	pub dissolving: bool,
	/// The first block in which the pool trades: the block after `start_call`, so that the
	/// owner cannot batch the start with the first buy (0 for subnets started at genesis).
	pub trading_from: u64,
	/// The share rules' averages and the block's net flow (docs/mechanism.md §6.4).
	pub share: crate::share_rules::ShareState,
}

impl SubnetPool {
	/// A dormant pool holding `tao` and `alpha`.
	pub fn new(tao: TaoBalance, alpha: AlphaBalance) -> Self {
		Self { tao_reserve: tao, alpha_in: alpha, ..Default::default() }
	}

	/// Total alpha issued on the subnet: `SubnetAlphaIn + SubnetAlphaOut`. Saturating because
	/// alpha issuance is capped at 21 M × 10^9, far below `u64::MAX`.
	pub fn alpha_issuance(&self) -> AlphaBalance {
		self.alpha_in.saturating_add(self.alpha_out)
	}

	/// Whether the subnet has been started (`start_call`); root never is, and needs not be.
	pub fn is_started(&self) -> bool {
		self.age.is_some()
	}

	/// Whether the subnet emits: started and not being dissolved.
	pub fn is_emitting(&self) -> bool {
		self.is_started() && !self.dissolving
	}

	/// Whether the pool takes trades in block `now`: started in an earlier block.
	pub fn is_trading(&self, now: u64) -> bool {
		self.is_started() && now >= self.trading_from
	}
}

/// What one block puts into a subnet.
#[derive(
	Clone,
	Copy,
	Debug,
	Default,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
pub struct Injection {
	/// TAO added to the pool (minted).
	pub tao_in: TaoBalance,
	/// Alpha added to the pool (minted).
	pub alpha_in: AlphaBalance,
	/// Alpha minted outside the pool, into the pending buckets.
	pub alpha_out: AlphaBalance,
	/// Root's pending alpha the block sold on the pool (fee-free).
	pub root_alpha_sold: AlphaBalance,
	/// TAO that sale brought, pending for root stakers until the epoch.
	pub root_tao_sold: TaoBalance,
}

/// Alpha emitted to a subnet and not yet paid out; its epoch drains it.
#[derive(
	Clone,
	Copy,
	Debug,
	Default,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
pub struct Pending {
	/// `PendingOwnerCut`: for the subnet owner.
	pub owner: AlphaBalance,
	/// `PendingServerEmission`: for miners.
	pub miners: AlphaBalance,
	/// `PendingValidatorEmission`: for validators, in alpha.
	pub validators: AlphaBalance,
	/// `PendingRootAlpha`: root's alpha the pool could not take yet (a sale below the minimum
	/// liquidity or worth nothing); the hook retries every block, the epoch gives what is left
	/// to the validators' bucket.
	pub root: AlphaBalance,
	/// `PendingRootDivs`: TAO from selling root's alpha every block, held in the pallet account
	/// (outside the pool's reserve) until the epoch pays it to root stakes.
	pub root_tao: TaoBalance,
}

impl Pending {
	/// All pending alpha (`root_tao` is TAO and not counted). Saturating: each bucket is
	/// bounded by the alpha cap.
	pub fn total(&self) -> AlphaBalance {
		self.owner
			.saturating_add(self.miners)
			.saturating_add(self.validators)
			.saturating_add(self.root)
	}

	/// Whether nothing at all is pending, alpha or root's TAO.
	pub fn is_empty(&self) -> bool {
		self.total() == AlphaBalance(0) && self.root_tao == TaoBalance(0)
	}

	/// Adds `other` bucket by bucket.
	pub fn add(&mut self, other: &Pending) {
		self.owner = self.owner.saturating_add(other.owner);
		self.miners = self.miners.saturating_add(other.miners);
		self.validators = self.validators.saturating_add(other.validators);
		self.root = self.root.saturating_add(other.root);
		self.root_tao = self.root_tao.saturating_add(other.root_tao);
	}
}

/// Stake that arrived on a position recently and cannot leave it before block `until`, as
/// docs/mechanism.md §8 (Just-in-time stake) explains: whatever is added or moved onto a position
/// is held there for `tempo + 1` blocks, so that it sits through one epoch of every subnet before
/// it can be taken out again.
#[derive(
	Clone,
	Copy,
	Debug,
	Default,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
pub struct StakeHold {
	/// Alpha (TAO on root) held.
	pub amount: AlphaBalance,
	/// The first block in which it can leave.
	pub until: u64,
}

impl StakeHold {
	/// What is still held in block `now`.
	pub fn held_at(&self, now: u64) -> AlphaBalance {
		if now < self.until {
			self.amount
		} else {
			AlphaBalance(0)
		}
	}

	/// The hold after `amount` more arrives in block `now`, held for `period` blocks: what is
	/// still held joins it and is held as long (one record per position keeps the check O(1)).
	pub fn add(&self, amount: AlphaBalance, now: u64, period: u64) -> Self {
		Self { amount: self.held_at(now).saturating_add(amount), until: now.saturating_add(period) }
	}
}

/// The cold part of a subnet's state: who owns it and its lifecycle. Read by registration,
/// `start_call` and the staking checks, never by the per-block hook.
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
)]
pub struct SubnetMeta<AccountId, BlockNumber> {
	/// The coldkey that registered the subnet.
	pub owner_coldkey: AccountId,
	/// The owner's hotkey (receives the owner cut).
	pub owner_hotkey: AccountId,
	/// The block of registration.
	pub registered_at: BlockNumber,
	/// The block of `start_call`; `None` while the subnet is dormant (no staking, no emission).
	pub started_at: Option<BlockNumber>,
	/// TAO of the lock held on the owner's account, returned at dissolution.
	pub locked: TaoBalance,
}

/// Staking parameters, one storage value so that a stake reads them once.
#[derive(
	Clone,
	Copy,
	Debug,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
	serde::Serialize,
	serde::Deserialize,
)]
pub struct StakeParams {
	/// Swap fee on every pool swap, taken in TAO and left in the pool.
	pub fee: sp_arithmetic::Permill,
	/// The smallest stake, in TAO (or TAO value of alpha), a position may have.
	pub min_stake: TaoBalance,
}

impl Default for StakeParams {
	/// 0.05 % and 0.002 TAO, the live network's values.
	fn default() -> Self {
		Self { fee: sp_arithmetic::Permill::from_parts(500), min_stake: TaoBalance(2_000_000) }
	}
}

/// Subnet registration parameters.
#[derive(
	Clone,
	Copy,
	Debug,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
	serde::Serialize,
	serde::Deserialize,
)]
pub struct NetworkParams<BlockNumber> {
	/// The lowest lock cost; also the TAO (and alpha) a new pool starts with.
	pub min_lock: TaoBalance,
	/// Blocks over which a doubled lock cost decays back by the last cost.
	pub lock_reduction_interval: BlockNumber,
	/// Blocks after registration before the owner may call `start_call`.
	pub start_call_delay: BlockNumber,
	/// Blocks after registration during which a subnet cannot be pruned to make room.
	pub immunity_period: BlockNumber,
}

/// A dissolved subnet being paid out: its pool's TAO goes to the alpha holders in steps, pro
/// rata by alpha (the pool's own alpha counting as the protocol's), before its netuid is freed.
#[derive(
	Clone,
	Copy,
	Debug,
	Default,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
pub struct Dissolution {
	/// The pool's TAO after the last epoch: what is shared out.
	pub pot: TaoBalance,
	/// All alpha of the subnet at that point (`alpha_in + alpha_out`): the pot's denominator.
	pub total_alpha: u128,
	/// Alpha of the positions paid so far.
	pub counted: u128,
	/// TAO paid so far (the pallet account still holds `pot − paid` for this subnet).
	pub paid: TaoBalance,
	/// Positions paid so far.
	pub positions: u32,
}

/// What one swap on one pool does (or would do): the basis of both a stake call and its quote,
/// so that a quote equals the execution to the unit.
#[derive(
	Clone,
	Copy,
	Debug,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
pub struct SwapQuote<In, Out> {
	/// The subnet.
	pub netuid: NetUid,
	/// Paid in: TAO on a buy, alpha on a sell.
	pub amount_in: In,
	/// Paid out after the fee: alpha on a buy, TAO on a sell.
	pub amount_out: Out,
	/// The fee, in TAO, kept by the pool.
	pub fee: TaoBalance,
	/// Spot price before.
	pub price_before: Price,
	/// Spot price after.
	pub price_after: Price,
	/// The average price of the trade, fee included: on a buy the TAO paid per alpha received,
	/// rounded up; on a sell the TAO received per alpha sold, rounded down (so that it never
	/// flatters the trade; 1.0 on root). A limit order holds it to its limit too:
	/// `avg_price <= limit_price` on a buy, `>= limit_price` on a sell. Added in version 2 of
	/// `DynamicTaoApi`, after `price_after`.
	pub avg_price: Price,
}

/// A buy: TAO in, alpha out (`add_stake`, a move's second leg).
pub type BuyQuote = SwapQuote<TaoBalance, AlphaBalance>;

/// A sell: alpha in, TAO out (`remove_stake`, a move's first leg).
pub type SellQuote = SwapQuote<AlphaBalance, TaoBalance>;

/// Emission and epoch parameters, one storage value read once per block.
#[derive(
	Clone,
	Copy,
	Debug,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
	serde::Serialize,
	serde::Deserialize,
)]
pub struct EmissionParams {
	/// Blocks between a subnet's epochs, minus one: epochs run where
	/// `(block + netuid + 1) % (tempo + 1) == 0`.
	pub tempo: u16,
	/// The subnet owner's cut of each block's alpha.
	pub owner_cut: sp_arithmetic::Perbill,
	/// `TaoWeight` `w`: how much a unit of root stake counts against a unit of alpha.
	pub tao_weight: sp_arithmetic::Perbill,
	/// The moving price's base rate `a`.
	pub ema_rate: sp_arithmetic::Perbill,
	/// The moving price's ramp `h`: the rate is `a · b / (b + h)` at age `b`.
	pub ema_halving_blocks: u64,
	/// `PMax`: the highest spot price the moving price samples, rao per alpha.
	pub price_clamp: u64,
	/// A validator hotkey's take of its dividends, paid to the hotkey's owner.
	pub take: sp_arithmetic::Perbill,
	/// How the block's TAO is shared across subnets (docs/mechanism.md §6.4).
	#[serde(default)]
	pub share_rule: crate::share_rules::ShareRule,
}

impl Default for EmissionParams {
	/// The live network's values: docs/mechanism.md §9 (Emission parameters).
	fn default() -> Self {
		use sp_arithmetic::Perbill;
		Self {
			tempo: 360,
			owner_cut: Perbill::from_percent(18),
			tao_weight: Perbill::from_percent(18),
			ema_rate: Perbill::from_parts(3_000),
			ema_halving_blocks: 201_600,
			price_clamp: 1_000_000_000,
			take: Perbill::from_percent(18),
			share_rule: Default::default(),
		}
	}
}

impl EmissionParams {
	/// The longest tempo `set_emission_params` accepts: a week of 12 s blocks, so that pending
	/// emission is paid out at least weekly.
	pub const MAX_TEMPO: u16 = 50_400;

	/// How long stake that arrives on a position is held there: `tempo + 1` blocks, the period
	/// of every subnet's epochs.
	pub fn hold_period(&self) -> u64 {
		self.tempo as u64 + 1
	}

	/// `PMax` as a ratio (rao per rao).
	pub fn clamp(&self) -> sp_arithmetic::FixedU128 {
		use sp_arithmetic::{FixedPointNumber, FixedU128};
		FixedU128::checked_from_rational(self.price_clamp, crate::pool::PRICE_SCALE)
			.unwrap_or_default()
	}

	/// Whether `block` runs `netuid`'s epoch: staggered by netuid so that subnets do not all pay
	/// out in the same block.
	pub fn is_epoch(&self, block: u64, netuid: NetUid) -> bool {
		let period = self.tempo as u64 + 1;
		block.saturating_add(u64::from(netuid)).saturating_add(1).is_multiple_of(period)
	}
}

/// A neuron's index on its subnet.
pub type Uid = u16;

/// A neuron: a hotkey registered on a subnet. What epochs give it is in [`NeuronStats`].
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
)]
pub struct Neuron<AccountId> {
	/// The neuron's hotkey.
	pub hotkey: AccountId,
	/// The block it registered in (weights older than this are not for it).
	pub registered_at: u64,
	/// The block of its last `set_weights` (its registration block before the first).
	pub last_update: u64,
}

/// What the last epoch gave one neuron. A subnet's are stored together, by UID, so that an epoch
/// writes them once rather than once per neuron.
#[derive(
	Clone,
	Copy,
	Debug,
	Default,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
pub struct NeuronStats {
	/// Whether the epoch ranked it among the top validators by stake weight.
	pub validator_permit: bool,
	/// Consensus weight on it.
	pub consensus: sp_arithmetic::Perbill,
	/// Its share of the miners' bucket.
	pub incentive: sp_arithmetic::Perbill,
	/// Its share of the validators' bucket.
	pub dividends: sp_arithmetic::Perbill,
	/// Its validator trust (the sum of its clipped weights).
	pub trust: sp_arithmetic::Perbill,
	/// Alpha the epoch paid it as miner and as validator (root TAO aside).
	pub emission: AlphaBalance,
}

/// Neuron and weight parameters, one storage value for every subnet.
#[derive(
	Clone,
	Copy,
	Debug,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
	serde::Serialize,
	serde::Deserialize,
)]
pub struct NeuronParams {
	/// The most neurons a subnet has (at most the runtime's `MaxNeurons`).
	pub max_uids: u16,
	/// How many neurons, by stake weight, hold a validator permit.
	pub max_validators: u16,
	/// Blocks after registration during which a neuron cannot be replaced.
	pub immunity_period: u64,
	/// The lowest registration burn, in TAO.
	pub min_burn: TaoBalance,
	/// The highest registration burn, in TAO.
	pub max_burn: TaoBalance,
	/// Registrations per adjustment interval the burn steers toward.
	pub target_registrations: u16,
	/// Blocks between burn adjustments.
	pub adjustment_interval: u64,
	/// Blocks a validator waits between two `set_weights`.
	pub weights_rate_limit: u64,
	/// The lowest `version_key` `set_weights` accepts.
	pub weights_version: u64,
	/// Yuma's consensus quantile (1/2: the stake-weighted median).
	pub kappa: sp_arithmetic::Perbill,
	/// How much of the old bonds an epoch keeps (the bonds' moving average).
	pub bond_rate: sp_arithmetic::Perbill,
}

impl NeuronParams {
	/// The most validator permits `set_neuron_params` accepts: the top of the epoch benchmark's
	/// `v` range, so that the hook's declared weight covers every accepted setting.
	pub const MAX_VALIDATORS: u16 = 64;
}

impl Default for NeuronParams {
	/// The live network's usual values (12 s blocks): 256 UIDs, 64 validators, immunity of
	/// 4 096 blocks, burn between 0.0005 and 100 TAO steering to 1 registration per 360 blocks,
	/// weights at most every 100 blocks, kappa 1/2, bonds kept at 9/10.
	fn default() -> Self {
		use sp_arithmetic::Perbill;
		Self {
			max_uids: 256,
			max_validators: 64,
			immunity_period: 4_096,
			min_burn: TaoBalance(500_000),
			max_burn: TaoBalance(100_000_000_000),
			target_registrations: 1,
			adjustment_interval: 360,
			weights_rate_limit: 100,
			weights_version: 0,
			kappa: Perbill::from_percent(50),
			bond_rate: Perbill::from_percent(90),
		}
	}
}

/// A subnet's registration burn and the registrations of the current adjustment interval.
#[derive(
	Clone,
	Copy,
	Debug,
	Default,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
pub struct BurnState {
	/// The burn of the interval (0: not set yet, the minimum).
	pub burn: TaoBalance,
	/// The block the interval started.
	pub interval_start: u64,
	/// Registrations so far in the interval.
	pub registrations: u16,
}
