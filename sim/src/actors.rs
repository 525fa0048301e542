//! Actors: an account, a strategy, and what it paid and earned (docs/simulator.md, "Actors"
//! and "What is measured").

use crate::chain::{self, dispatch, owner, Dtao};
use crate::scenario::{rao, ActorSpec, Strategy};
use dtao_runtime::{AccountId, Runtime};
use pallet_dynamic_tao::{
	types::{AlphaBalance, NetUid, Price, TaoBalance},
	Call as DtaoCall, Event as DtaoEvent,
};
use std::collections::VecDeque;

/// What one block shows an actor, after the block's hooks ran.
pub struct View {
	/// Blocks since the set-up (1 in the first scenario block).
	pub t: u32,
	/// The block number.
	pub block: u32,
	/// Spot price of the actor's subnet.
	pub spot: Price,
	/// Moving price of the actor's subnet.
	pub moving: Price,
	/// The next block that runs the subnet's epoch.
	pub next_epoch: u64,
}

/// An actor while the scenario runs.
pub struct Actor {
	/// From the scenario.
	pub spec: ActorSpec,
	/// Its coldkey.
	pub account: AccountId,
	/// The subnet it trades on.
	pub netuid: NetUid,
	/// The validator it stakes through (the subnet owner's hotkey).
	pub hotkey: AccountId,
	/// Wealth at the start: free TAO plus what its stake would sell for, rao.
	pub initial_wealth: u64,
	/// Emission value its stake received, rao: the alpha the epochs paid it, at the spot price
	/// of the block, plus what each block's injection added to the price of the stake it held
	/// (docs/simulator.md, "What is measured").
	pub emission_tao: i128,
	/// Alpha its stake received from epochs.
	pub emission_alpha: u128,
	/// Swap fees it paid, rao.
	pub fees: u64,
	/// Calls made, and refused.
	pub calls: u32,
	pub refused: u32,
	state: State,
	prices: VecDeque<Price>,
}

#[derive(Default)]
struct State {
	/// Cycles finished.
	cycles: u32,
	/// Holding since this block (scenario time), waiting to sell.
	holding_since: Option<u32>,
	/// Jit: the epoch block it staked for.
	target_epoch: Option<u64>,
	/// Sandwich: sold before the epoch, buys back in the next block.
	rebuy: bool,
	/// TAO its last sale brought.
	proceeds: u64,
	/// Momentum: blocks until it may look again.
	cooldown: u32,
}

impl Actor {
	/// An actor of `spec`, not yet measured.
	pub fn new(spec: ActorSpec) -> Self {
		let netuid = NetUid(spec.strategy.subnet());
		Actor {
			account: chain::account(&format!("actor/{}", spec.name)),
			hotkey: owner(netuid.0).1,
			netuid,
			spec,
			initial_wealth: 0,
			emission_tao: 0,
			emission_alpha: 0,
			fees: 0,
			calls: 0,
			refused: 0,
			state: State::default(),
			prices: VecDeque::new(),
		}
	}

	/// Its stake, and its subnet's pool reserves (TAO, alpha).
	pub fn marked(&self) -> (u64, u128, u128) {
		let (t, a) = chain::pool(self.netuid)
			.map(|p| (p.tao_reserve.as_u128(), p.alpha_in.as_u128()))
			.unwrap_or_default();
		(self.stake().get(), t, a)
	}

	/// Books the emission value of a block's hooks, given its stake and pool before them: the
	/// alpha they paid it at the spot price after, plus the stake it held times the price
	/// change of the injection alone (the root sale that follows it in the hook is root's
	/// emission leaving through the pool: a cost of holding, not emission received).
	pub fn book_hooks(&mut self, before: (u64, u128, u128)) {
		let (x0, t0, a0) = before;
		let (x1, t1, a1) = self.marked();
		let Some(pool) = chain::pool(self.netuid) else { return };
		let sold = &pool.last_injection;
		// The pool between the injection and the root sale.
		let (ti, ai) =
			(t1 + sold.root_tao_sold.as_u128(), a1.saturating_sub(sold.root_alpha_sold.as_u128()));
		let value = |x: u128, t: u128, a: u128| if a == 0 { 0 } else { (x * t / a) as i128 };
		let paid = u128::from(x1.saturating_sub(x0));
		self.emission_alpha += paid;
		let injected = value(u128::from(x0), ti, ai) - value(u128::from(x0), t0, a0);
		self.emission_tao += value(paid, t1, a1) + injected;
	}

	/// Its alpha on its subnet.
	pub fn stake(&self) -> AlphaBalance {
		Dtao::stake_of(&self.account, &self.hotkey, self.netuid)
	}

	/// Free TAO plus what its stake would sell for now, rao.
	pub fn wealth(&self) -> u64 {
		chain::free(&self.account) + chain::exit_value(self.netuid, self.stake())
	}

	/// Profit so far against the start, rao (negative: a loss).
	pub fn profit(&self) -> i128 {
		i128::from(self.wealth()) - i128::from(self.initial_wealth)
	}

	/// Its alpha that may leave now (not held).
	fn sellable(&self) -> AlphaBalance {
		let (held, _) = Dtao::stake_hold(&self.account, &self.hotkey, self.netuid);
		self.stake().saturating_sub(held)
	}

	fn buy(&mut self, tao: u64) -> bool {
		let tao = tao.min(chain::free(&self.account).saturating_sub(1_000_000_000));
		if tao == 0 {
			return false;
		}
		let call = DtaoCall::add_stake {
			hotkey: self.hotkey.clone(),
			netuid: self.netuid,
			amount_tao: TaoBalance(tao),
		};
		self.call(call)
	}

	fn sell(&mut self, alpha: AlphaBalance) -> bool {
		if alpha.is_zero() {
			return false;
		}
		let call = DtaoCall::remove_stake {
			hotkey: self.hotkey.clone(),
			netuid: self.netuid,
			amount_alpha: alpha,
		};
		self.call(call)
	}

	fn sell_all(&mut self) -> bool {
		if self.stake().is_zero() {
			return true;
		}
		let call = DtaoCall::remove_stake_full_limit {
			hotkey: self.hotkey.clone(),
			netuid: self.netuid,
			limit_price: None,
		};
		self.call(call)
	}

	fn call(&mut self, call: DtaoCall<Runtime>) -> bool {
		self.calls += 1;
		match dispatch(&self.account, call) {
			Ok(events) => {
				for e in events {
					match e {
						DtaoEvent::StakeAdded { coldkey, fee, .. } if coldkey == self.account => {
							self.fees += fee.get()
						},
						DtaoEvent::StakeRemoved { coldkey, tao_out, fee, .. }
							if coldkey == self.account =>
						{
							self.fees += fee.get();
							self.state.proceeds = tao_out.get();
						},
						_ => {},
					}
				}
				true
			},
			Err(_) => {
				self.refused += 1;
				false
			},
		}
	}

	/// Acts in the block `view` describes.
	pub fn act(&mut self, view: &View) {
		let t = view.t;
		self.prices.push_back(view.spot);
		let strategy = self.spec.strategy.clone();
		match strategy {
			Strategy::Idle { .. } => {},
			Strategy::Steady { tao, every, sell, .. } => {
				if t % every == 0 {
					if sell {
						let alpha = view.spot.alpha_for(TaoBalance(rao(tao)));
						self.sell(alpha.min(self.sellable()));
					} else {
						self.buy(rao(tao));
					}
				}
			},
			Strategy::Momentum { tao, lookback, threshold, hold, .. } => {
				while self.prices.len() > lookback as usize + 1 {
					self.prices.pop_front();
				}
				if let Some(since) = self.state.holding_since {
					if t >= since + hold && self.sell_all() {
						self.state.holding_since = None;
						self.state.cooldown = lookback;
					}
				} else if self.state.cooldown > 0 {
					self.state.cooldown -= 1;
				} else if self.prices.len() > lookback as usize {
					let then = self.prices.front().map(|p| p.get()).unwrap_or(0) as f64;
					if then > 0.0
						&& view.spot.get() as f64 / then - 1.0 > threshold
						&& self.buy(rao(tao))
					{
						self.state.holding_since = Some(t);
					}
				}
			},
			Strategy::ProfitTaker { multiple, fraction, every, .. } => {
				if t % every == 0 && view.spot.get() as f64 > multiple * view.moving.get() as f64 {
					let sell = (self.sellable().get() as f64 * fraction) as u64;
					self.sell(AlphaBalance(sell));
				}
			},
			Strategy::PumpHold { tao, start, hold, .. } => {
				if t == start && self.buy(rao(tao)) {
					self.state.holding_since = Some(t);
				}
				if self.state.holding_since.is_some_and(|s| t >= s + hold) && self.sell_all() {
					self.state.holding_since = None;
				}
			},
			Strategy::Recycle { tao, start, hold, cycles, .. } => {
				if let Some(since) = self.state.holding_since {
					if t >= since + hold && self.sell_all() {
						self.state.holding_since = None;
						self.state.cycles += 1;
					}
				} else if t >= start && self.state.cycles < cycles && self.buy(rao(tao)) {
					self.state.holding_since = Some(t);
				}
			},
			Strategy::Jit { tao, before, cycles, .. } => {
				if let Some(epoch) = self.state.target_epoch {
					// Out as soon as the epoch it aimed at has run (in this block's hooks or
					// earlier) and the pallet lets the stake leave.
					if u64::from(view.block) >= epoch && self.sell_all() {
						self.state.target_epoch = None;
						self.state.cycles += 1;
					}
				} else if self.state.cycles < cycles
					&& view.next_epoch == u64::from(view.block) + u64::from(before)
					&& self.buy(rao(tao))
				{
					self.state.target_epoch = Some(view.next_epoch);
				}
			},
			Strategy::Sandwich { fraction, cycles, .. } => {
				if self.state.rebuy {
					// The epoch block, after its hooks: buy back with the proceeds.
					self.state.rebuy = false;
					self.buy(self.state.proceeds);
					self.state.cycles += 1;
				} else if self.state.cycles < cycles && view.next_epoch == u64::from(view.block) + 1
				{
					let sell = (self.sellable().get() as f64 * fraction) as u64;
					self.state.rebuy = self.sell(AlphaBalance(sell));
				}
			},
		}
	}
}
