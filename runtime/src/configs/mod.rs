//! The `Config` of every pallet in the runtime.

use crate::{
	AccountId, Balance, Balances, Block, BlockNumber, Hash, Nonce, PalletInfo, Runtime,
	RuntimeCall, RuntimeEvent, RuntimeFreezeReason, RuntimeHoldReason, RuntimeOrigin, RuntimeTask,
	System, MILLI_SECS_PER_BLOCK, SS58_PREFIX, VERSION,
};
use frame_support::{
	derive_impl, parameter_types,
	traits::{ConstU32, ConstU64, ConstU8},
	weights::{
		constants::{ParityDbWeight, WEIGHT_REF_TIME_PER_SECOND},
		IdentityFee, Weight, WeightToFeeCoefficient, WeightToFeeCoefficients,
		WeightToFeePolynomial,
	},
};
use frame_system::limits::{BlockLength, BlockWeights};
use pallet_transaction_payment::{ConstFeeMultiplier, FungibleAdapter, Multiplier};
use sp_runtime::{traits::One, Perbill};

/// 75 % of a block is for normal transactions; the rest is kept for operational ones.
const NORMAL_DISPATCH_RATIO: Perbill = Perbill::from_percent(75);

parameter_types! {
	pub const BlockHashCount: BlockNumber = 2400;
	pub const Version: sp_version::RuntimeVersion = VERSION;
	/// 2 s of compute per block, as in the solochain template.
	pub RuntimeBlockWeights: BlockWeights = BlockWeights::with_sensible_defaults(
		Weight::from_parts(2u64 * WEIGHT_REF_TIME_PER_SECOND, u64::MAX),
		NORMAL_DISPATCH_RATIO,
	);
	pub RuntimeBlockLength: BlockLength = BlockLength::builder()
		.max_length(5 * 1024 * 1024)
		.modify_max_length_for_class(frame_support::dispatch::DispatchClass::Normal, |m| {
			*m = NORMAL_DISPATCH_RATIO * *m
		})
		.build();
	pub const SS58Prefix: u16 = SS58_PREFIX;
}

#[derive_impl(frame_system::config_preludes::SolochainDefaultConfig)]
impl frame_system::Config for Runtime {
	type Block = Block;
	type BlockWeights = RuntimeBlockWeights;
	type BlockLength = RuntimeBlockLength;
	type AccountId = AccountId;
	type Nonce = Nonce;
	type Hash = Hash;
	type BlockHashCount = BlockHashCount;
	/// The node stores state in ParityDB, so storage costs are ParityDB's.
	type DbWeight = ParityDbWeight;
	type Version = Version;
	type AccountData = pallet_balances::AccountData<Balance>;
	type SS58Prefix = SS58Prefix;
	type MaxConsumers = ConstU32<16>;
}

impl pallet_timestamp::Config for Runtime {
	type Moment = u64;
	type OnTimestampSet = ();
	type MinimumPeriod = ConstU64<{ MILLI_SECS_PER_BLOCK / 2 }>;
	type WeightInfo = ();
}

parameter_types! {
	/// 500 rao: dust accounts are reaped, real stake never is.
	pub const ExistentialDeposit: Balance = 500;
}

impl pallet_balances::Config for Runtime {
	type MaxLocks = ConstU32<50>;
	type MaxReserves = ();
	type ReserveIdentifier = [u8; 8];
	type Balance = Balance;
	type RuntimeEvent = RuntimeEvent;
	type DustRemoval = ();
	type ExistentialDeposit = ExistentialDeposit;
	type AccountStore = System;
	type WeightInfo = pallet_balances::weights::SubstrateWeight<Runtime>;
	type FreezeIdentifier = RuntimeFreezeReason;
	type MaxFreezes = frame_support::traits::VariantCountOf<RuntimeFreezeReason>;
	type RuntimeHoldReason = RuntimeHoldReason;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type DoneSlashHandler = ();
}

parameter_types! {
	pub FeeMultiplier: Multiplier = Multiplier::one();
}

impl pallet_transaction_payment::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type OnChargeTransaction = FungibleAdapter<Balances, ()>;
	type OperationalFeeMultiplier = ConstU8<5>;
	type WeightToFee = RaoPerNanosecond;
	type LengthToFee = IdentityFee<Balance>;
	type FeeMultiplierUpdate = ConstFeeMultiplier<FeeMultiplier>;
	type WeightInfo = pallet_transaction_payment::weights::SubstrateWeight<Runtime>;
}

/// 1 rao per nanosecond of execution: a balance transfer costs about 0.0002 TAO.
pub struct RaoPerNanosecond;
impl WeightToFeePolynomial for RaoPerNanosecond {
	type Balance = Balance;
	fn polynomial() -> WeightToFeeCoefficients<Balance> {
		[WeightToFeeCoefficient {
			coeff_integer: 0,
			coeff_frac: Perbill::from_rational(1u32, 1_000u32),
			negative: false,
			degree: 1,
		}]
		.into_iter()
		.collect()
	}
}

impl pallet_sudo::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type WeightInfo = pallet_sudo::weights::SubstrateWeight<Runtime>;
}

/// The pallet's defaults (pallet id `dtao/pal`, 0.001 TAO minimum pool liquidity, inputs up to
/// 1 000 × a reserve, fees up to 10 %, 128 subnets, 256 neurons each, the price-EMA share rule);
/// set here: the currency, the admin origin, Yuma, and the measured weights.
#[derive_impl(pallet_dynamic_tao::config_preludes::SolochainDefaultConfig)]
impl pallet_dynamic_tao::Config for Runtime {
	type Currency = Balances;
	type AdminOrigin = frame_system::EnsureRoot<AccountId>;
	type EpochConsensus = pallet_dynamic_tao::YumaConsensus<Runtime>;
	type WeightInfo = pallet_dynamic_tao::weights::SubstrateWeight<Runtime>;
}
