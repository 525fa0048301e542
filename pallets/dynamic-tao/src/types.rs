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
