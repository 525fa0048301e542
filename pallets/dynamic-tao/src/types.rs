//! Types shared by the pallet's modules and its clients.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

/// A subnet's id. Netuid 0 is the root subnet.
pub type NetUid = u16;

/// The root subnet: staking there is 1:1 TAO, no pool, no fee (spec §2.2).
pub const ROOT_NETUID: NetUid = 0;

/// An amount of TAO in rao (10^-9 TAO). Every TAO amount fits: 21 M TAO = 2.1 × 10^16 rao.
pub type TaoBalance = u64;

/// An amount of a subnet's alpha in its smallest unit (9 decimals, like TAO).
pub type AlphaBalance = u64;

/// Everything the per-block hook reads and writes for one subnet, in one storage value so that an
/// ordinary block costs one read and one write per emitting subnet (spec §1). Staking reads and
/// writes it too (the pool), and learns from it whether the subnet has started.
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
	/// `PendingRootAlpha`: for root stakers, sold for TAO at the epoch.
	pub root: AlphaBalance,
}

impl Pending {
	/// Everything pending. Saturating: each bucket is bounded by the alpha cap.
	pub fn total(&self) -> AlphaBalance {
		self.owner
			.saturating_add(self.miners)
			.saturating_add(self.validators)
			.saturating_add(self.root)
	}

	/// Adds `other` bucket by bucket.
	pub fn add(&mut self, other: &Pending) {
		self.owner = self.owner.saturating_add(other.owner);
		self.miners = self.miners.saturating_add(other.miners);
		self.validators = self.validators.saturating_add(other.validators);
		self.root = self.root.saturating_add(other.root);
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
		Self { fee: sp_arithmetic::Permill::from_parts(500), min_stake: 2_000_000 }
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
pub struct SwapQuote {
	/// The subnet.
	pub netuid: NetUid,
	/// Paid in: TAO on a buy, alpha on a sell.
	pub amount_in: u64,
	/// Paid out after the fee: alpha on a buy, TAO on a sell.
	pub amount_out: u64,
	/// The fee, in TAO, kept by the pool.
	pub fee: TaoBalance,
	/// Spot price before, rao per alpha.
	pub price_before: u64,
	/// Spot price after, rao per alpha.
	pub price_after: u64,
}

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
}

impl Default for EmissionParams {
	/// The live network's values (spec §3–§4).
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
		}
	}
}

impl EmissionParams {
	/// The longest tempo `set_emission_params` accepts: a week of 12 s blocks, so that pending
	/// emission is paid out at least weekly.
	pub const MAX_TEMPO: u16 = 50_400;

	/// Whether `block` runs `netuid`'s epoch: staggered by netuid so that subnets do not all pay
	/// out in the same block.
	pub fn is_epoch(&self, block: u64, netuid: NetUid) -> bool {
		let period = self.tempo as u64 + 1;
		block.saturating_add(netuid as u64).saturating_add(1).is_multiple_of(period)
	}
}
