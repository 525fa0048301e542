//! The `Config` of every pallet in the runtime.

use crate::{
	genesis_config_presets, AccountId, AssetId, Balance, Balances, Block, BlockNumber, Hash, Nonce,
	PalletInfo, Runtime, RuntimeCall, RuntimeEvent, RuntimeFreezeReason, RuntimeHoldReason,
	RuntimeOrigin, RuntimeTask, System, UNIT, VERSION,
};
use frame_support::{
	derive_impl, parameter_types,
	traits::{AsEnsureOriginWithArg, ConstU128, ConstU16, ConstU32, ConstU64},
	weights::Weight,
	PalletId,
};
use frame_system::{EnsureRoot, EnsureSigned};
use pallet_dynamic_tao::migrations::add_pallet::InitialParams;
use sp_runtime::Perbill;

parameter_types! {
	pub const Version: sp_version::RuntimeVersion = VERSION;
	/// 2 s of compute per block, 75 % of it for normal transactions.
	pub RuntimeBlockWeights: frame_system::limits::BlockWeights =
		frame_system::limits::BlockWeights::with_sensible_defaults(
			Weight::from_parts(2 * frame_support::weights::constants::WEIGHT_REF_TIME_PER_SECOND, u64::MAX),
			Perbill::from_percent(75),
		);
}

#[derive_impl(frame_system::config_preludes::SolochainDefaultConfig)]
impl frame_system::Config for Runtime {
	type Block = Block;
	type BlockWeights = RuntimeBlockWeights;
	type AccountId = AccountId;
	type Nonce = Nonce;
	type Hash = Hash;
	type Version = Version;
	type AccountData = pallet_balances::AccountData<Balance>;
}

impl pallet_timestamp::Config for Runtime {
	type Moment = u64;
	type OnTimestampSet = ();
	type MinimumPeriod = ConstU64<3_000>;
	type WeightInfo = ();
}

/// The native token, `UNIT` (12 decimals): deposits. TAO is an asset (see `crate::tao`).
impl pallet_balances::Config for Runtime {
	type MaxLocks = ConstU32<50>;
	type MaxReserves = ConstU32<50>;
	type ReserveIdentifier = [u8; 8];
	type Balance = Balance;
	type RuntimeEvent = RuntimeEvent;
	type DustRemoval = ();
	type ExistentialDeposit = ConstU128<{ UNIT / 1_000 }>;
	type AccountStore = System;
	type WeightInfo = pallet_balances::weights::SubstrateWeight<Runtime>;
	type FreezeIdentifier = RuntimeFreezeReason;
	type MaxFreezes = frame_support::traits::VariantCountOf<RuntimeFreezeReason>;
	type RuntimeHoldReason = RuntimeHoldReason;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type DoneSlashHandler = ();
}

/// Fungible assets, TAO among them; holds on them are `pallet-assets-holder`'s.
impl pallet_assets::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type Balance = Balance;
	type RemoveItemsLimit = ConstU32<1_000>;
	type AssetId = AssetId;
	type AssetIdParameter = codec::Compact<AssetId>;
	type ReserveData = ();
	type Currency = Balances;
	type CreateOrigin = AsEnsureOriginWithArg<EnsureSigned<AccountId>>;
	type ForceOrigin = EnsureRoot<AccountId>;
	type AssetDeposit = ConstU128<{ 10 * UNIT }>;
	type AssetAccountDeposit = ConstU128<{ UNIT / 100 }>;
	type MetadataDepositBase = ConstU128<{ UNIT / 10 }>;
	type MetadataDepositPerByte = ConstU128<{ UNIT / 1_000 }>;
	type ApprovalDeposit = ConstU128<{ UNIT / 100 }>;
	type StringLimit = ConstU32<50>;
	type Freezer = ();
	type Holder = crate::AssetsHolder;
	type Extra = ();
	type CallbackHandle = ();
	type AssetIdAllocator = ();
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = ();
}

impl pallet_assets_holder::Config for Runtime {
	type RuntimeHoldReason = RuntimeHoldReason;
	type RuntimeEvent = RuntimeEvent;
}

parameter_types! {
	/// A council motion may use up to half a block.
	pub MaxProposalWeight: Weight =
		Perbill::from_percent(50) * crate::configs::max_block_weight();
}

/// The council of [`CouncilCollective`]'s members: this chain's governance.
pub type CouncilCollective = pallet_collective::Instance1;

impl pallet_collective::Config<CouncilCollective> for Runtime {
	type RuntimeOrigin = RuntimeOrigin;
	type Proposal = RuntimeCall;
	type RuntimeEvent = RuntimeEvent;
	/// A week of 6 s blocks.
	type MotionDuration = ConstU32<100_800>;
	type MaxProposals = ConstU32<100>;
	type MaxMembers = ConstU32<100>;
	type DefaultVote = pallet_collective::PrimeDefaultVote;
	type WeightInfo = ();
	type SetMembersOrigin = EnsureRoot<AccountId>;
	type MaxProposalWeight = MaxProposalWeight;
	type DisapproveOrigin = EnsureRoot<AccountId>;
	type KillOrigin = EnsureRoot<AccountId>;
	type Consideration = ();
}

/// The most weight a block may use.
pub fn max_block_weight() -> Weight {
	RuntimeBlockWeights::get().max_block
}

#[docify::export(admin_origin)]
/// Two thirds of the council: who sets the pallet's parameters on this chain.
pub type TwoThirdsOfCouncil =
	pallet_collective::EnsureProportionAtLeast<AccountId, CouncilCollective, 2, 3>;

#[docify::export(dynamic_tao_parameters)]
parameter_types! {
	/// This chain's pallet id: its pallet account differs from the dtao chain's.
	pub const DynamicTaoPalletId: PalletId = PalletId(*b"exmp/dta");
	/// What the upgrade that adds the pallet sets up (the same as this chain's genesis).
	pub DynamicTaoParams: InitialParams<BlockNumber> = genesis_config_presets::dynamic_tao_params();
}

#[docify::export(dynamic_tao_config)]
/// The pallet with TAO as an asset, the council as its admin, this chain's pallet id, share
/// rule and consensus, and room for four subnets (a small chain: the fifth registration prunes
/// one); everything else from the pallet's defaults.
#[derive_impl(pallet_dynamic_tao::config_preludes::SolochainDefaultConfig)]
impl pallet_dynamic_tao::Config for Runtime {
	type Currency = crate::tao::Tao;
	type AdminOrigin = TwoThirdsOfCouncil;
	type PalletId = DynamicTaoPalletId;
	type SubnetShares = crate::share_rule::SqrtPrice;
	type EpochConsensus = pallet_dynamic_tao::StakeWeighted<Runtime>;
	type SubnetLimit = ConstU16<4>;
	type WeightInfo = pallet_dynamic_tao::weights::SubstrateWeight<Runtime>;
}
