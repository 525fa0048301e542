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

/// The state of one subnet's pool, kept as a single storage value so that the per-block hook can
/// read and write each emitting subnet once (spec §1).
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
}

impl SubnetPool {
	/// Total alpha issued on the subnet: `SubnetAlphaIn + SubnetAlphaOut`. Saturating because
	/// alpha issuance is capped at 21 M × 10^9, far below `u64::MAX`.
	pub fn alpha_issuance(&self) -> AlphaBalance {
		self.alpha_in.saturating_add(self.alpha_out)
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
