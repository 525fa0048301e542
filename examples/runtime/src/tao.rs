//! TAO as an asset of `pallet-assets`, seen through the `fungible` traits the pallet's
//! `Config::Currency` needs (`fungible::Mutate` and `fungible::MutateHold`).
//!
//! `ItemOf` turns one asset of a `fungibles` implementation into a `fungible`, but no single
//! type implements everything: `pallet-assets` has `fungibles::Mutate` and no holds,
//! `pallet-assets-holder` has the holds (over `pallet-assets`' balances) and no `Mutate`. So
//! [`Tao`] takes balances, minting, burning and transfers from `Assets` and holds from
//! `AssetsHolder`, each call forwarded as it is (their events included).

use crate::{AccountId, Assets, AssetsHolder, Balance, RuntimeHoldReason, TAO_ASSET_ID};
use frame_support::{
	parameter_types,
	traits::tokens::{
		fungible::{self, ItemOf},
		DepositConsequence, Fortitude, Precision, Preservation, Provenance, Restriction,
		WithdrawConsequence,
	},
};
use sp_runtime::{DispatchError, DispatchResult};

parameter_types! {
	/// The asset id of TAO.
	pub const TaoAssetId: crate::AssetId = TAO_ASSET_ID;
}

#[docify::export(tao_currency)]
/// TAO's balances, minting and transfers: `pallet-assets`.
type Plain = ItemOf<Assets, TaoAssetId, AccountId>;
#[docify::export(tao_currency)]
/// TAO's holds: `pallet-assets-holder`.
type Held = ItemOf<AssetsHolder, TaoAssetId, AccountId>;

#[docify::export(tao_currency)]
/// TAO, the pallet's currency: asset [`TAO_ASSET_ID`].
pub struct Tao;

impl fungible::Inspect<AccountId> for Tao {
	type Balance = Balance;
	fn total_issuance() -> Balance {
		Plain::total_issuance()
	}
	fn active_issuance() -> Balance {
		Plain::active_issuance()
	}
	fn minimum_balance() -> Balance {
		Plain::minimum_balance()
	}
	fn balance(who: &AccountId) -> Balance {
		Plain::balance(who)
	}
	fn total_balance(who: &AccountId) -> Balance {
		Plain::total_balance(who)
	}
	fn reducible_balance(who: &AccountId, keep: Preservation, force: Fortitude) -> Balance {
		Plain::reducible_balance(who, keep, force)
	}
	fn can_deposit(who: &AccountId, amount: Balance, from: Provenance) -> DepositConsequence {
		Plain::can_deposit(who, amount, from)
	}
	fn can_withdraw(who: &AccountId, amount: Balance) -> WithdrawConsequence<Balance> {
		Plain::can_withdraw(who, amount)
	}
}

impl fungible::Unbalanced<AccountId> for Tao {
	fn handle_dust(dust: fungible::Dust<AccountId, Self>) {
		Plain::handle_dust(fungible::Dust(dust.0))
	}
	fn write_balance(who: &AccountId, amount: Balance) -> Result<Option<Balance>, DispatchError> {
		Plain::write_balance(who, amount)
	}
	fn set_total_issuance(amount: Balance) {
		Plain::set_total_issuance(amount)
	}
	fn decrease_balance(
		who: &AccountId,
		amount: Balance,
		precision: Precision,
		keep: Preservation,
		force: Fortitude,
	) -> Result<Balance, DispatchError> {
		<Plain as fungible::Unbalanced<_>>::decrease_balance(who, amount, precision, keep, force)
	}
	fn increase_balance(
		who: &AccountId,
		amount: Balance,
		precision: Precision,
	) -> Result<Balance, DispatchError> {
		<Plain as fungible::Unbalanced<_>>::increase_balance(who, amount, precision)
	}
}

impl fungible::Mutate<AccountId> for Tao {
	fn mint_into(who: &AccountId, amount: Balance) -> Result<Balance, DispatchError> {
		Plain::mint_into(who, amount)
	}
	fn burn_from(
		who: &AccountId,
		amount: Balance,
		keep: Preservation,
		precision: Precision,
		force: Fortitude,
	) -> Result<Balance, DispatchError> {
		Plain::burn_from(who, amount, keep, precision, force)
	}
	fn shelve(who: &AccountId, amount: Balance) -> Result<Balance, DispatchError> {
		Plain::shelve(who, amount)
	}
	fn restore(who: &AccountId, amount: Balance) -> Result<Balance, DispatchError> {
		Plain::restore(who, amount)
	}
	fn transfer(
		from: &AccountId,
		to: &AccountId,
		amount: Balance,
		keep: Preservation,
	) -> Result<Balance, DispatchError> {
		<Plain as fungible::Mutate<_>>::transfer(from, to, amount, keep)
	}
	fn set_balance(who: &AccountId, amount: Balance) -> Balance {
		Plain::set_balance(who, amount)
	}
}

impl fungible::InspectHold<AccountId> for Tao {
	type Reason = RuntimeHoldReason;
	fn reducible_total_balance_on_hold(who: &AccountId, force: Fortitude) -> Balance {
		Held::reducible_total_balance_on_hold(who, force)
	}
	fn hold_available(reason: &RuntimeHoldReason, who: &AccountId) -> bool {
		Held::hold_available(reason, who)
	}
	fn total_balance_on_hold(who: &AccountId) -> Balance {
		Held::total_balance_on_hold(who)
	}
	fn balance_on_hold(reason: &RuntimeHoldReason, who: &AccountId) -> Balance {
		Held::balance_on_hold(reason, who)
	}
	fn can_hold(reason: &RuntimeHoldReason, who: &AccountId, amount: Balance) -> bool {
		Held::can_hold(reason, who, amount)
	}
}

impl fungible::UnbalancedHold<AccountId> for Tao {
	fn set_balance_on_hold(
		reason: &RuntimeHoldReason,
		who: &AccountId,
		amount: Balance,
	) -> DispatchResult {
		Held::set_balance_on_hold(reason, who, amount)
	}
	fn decrease_balance_on_hold(
		reason: &RuntimeHoldReason,
		who: &AccountId,
		amount: Balance,
		precision: Precision,
	) -> Result<Balance, DispatchError> {
		Held::decrease_balance_on_hold(reason, who, amount, precision)
	}
	fn increase_balance_on_hold(
		reason: &RuntimeHoldReason,
		who: &AccountId,
		amount: Balance,
		precision: Precision,
	) -> Result<Balance, DispatchError> {
		Held::increase_balance_on_hold(reason, who, amount, precision)
	}
}

#[docify::export(tao_currency_hold)]
impl fungible::MutateHold<AccountId> for Tao {
	fn hold(reason: &RuntimeHoldReason, who: &AccountId, amount: Balance) -> DispatchResult {
		Held::hold(reason, who, amount)
	}
	fn release(
		reason: &RuntimeHoldReason,
		who: &AccountId,
		amount: Balance,
		precision: Precision,
	) -> Result<Balance, DispatchError> {
		Held::release(reason, who, amount, precision)
	}
	fn burn_held(
		reason: &RuntimeHoldReason,
		who: &AccountId,
		amount: Balance,
		precision: Precision,
		force: Fortitude,
	) -> Result<Balance, DispatchError> {
		Held::burn_held(reason, who, amount, precision, force)
	}
	fn transfer_on_hold(
		reason: &RuntimeHoldReason,
		from: &AccountId,
		to: &AccountId,
		amount: Balance,
		precision: Precision,
		mode: Restriction,
		force: Fortitude,
	) -> Result<Balance, DispatchError> {
		Held::transfer_on_hold(reason, from, to, amount, precision, mode, force)
	}
	fn transfer_and_hold(
		reason: &RuntimeHoldReason,
		from: &AccountId,
		to: &AccountId,
		amount: Balance,
		precision: Precision,
		keep: Preservation,
		force: Fortitude,
	) -> Result<Balance, DispatchError> {
		Held::transfer_and_hold(reason, from, to, amount, precision, keep, force)
	}
}
