//! One run of a scenario: set-up, the blocks, the measurements (docs/simulator.md, "What is
//! measured").

use crate::actors::{Actor, View};
use crate::chain::{self, Dtao};
use crate::scenario::Scenario;
use anyhow::Result;
use pallet_dynamic_tao::{
	market::Market,
	types::{EmissionParams, NetUid, Price},
};
use serde::Serialize;
use std::time::Instant;

/// A row of the per-subnet time series.
#[derive(Clone, Debug, Serialize)]
pub struct SubnetRow {
	pub t: u32,
	pub block: u32,
	pub netuid: u16,
	/// TAO per alpha.
	pub spot_price: f64,
	pub moving_price: f64,
	/// Share of this block's TAO emission.
	pub emission_share: f64,
	/// TAO and alpha the block injected into the pool, and alpha emitted outside it.
	pub tao_in: f64,
	pub alpha_in: f64,
	pub alpha_out: f64,
	/// The pending buckets, alpha (root: TAO from its sold alpha).
	pub pending_owner: f64,
	pub pending_miners: f64,
	pub pending_validators: f64,
	pub pending_root_tao: f64,
	/// The pool's reserves.
	pub tao_reserve: f64,
	pub alpha_reserve: f64,
}

/// A row of the per-actor time series.
#[derive(Clone, Debug, Serialize)]
pub struct ActorRow {
	pub t: u32,
	pub block: u32,
	pub actor: String,
	/// Free TAO plus what its stake would sell for.
	pub wealth: f64,
	pub free: f64,
	pub stake_value: f64,
	/// Emission its stake received so far, TAO valued when received.
	pub emission: f64,
	/// Swap fees paid so far, TAO.
	pub fees: f64,
	/// `wealth − initial wealth`.
	pub profit: f64,
	/// `emission − profit`: what the strategy cost apart from the emission it earned.
	pub cost: f64,
}

/// The result of one actor.
#[derive(Clone, Debug, Serialize)]
pub struct ActorSummary {
	pub name: String,
	pub attacker: bool,
	/// The netuid it trades on.
	pub subnet: u16,
	pub strategy: String,
	pub initial_wealth: f64,
	pub final_wealth: f64,
	pub profit: f64,
	/// E: emission value received, TAO.
	pub emission: f64,
	pub emission_alpha: f64,
	pub fees: f64,
	/// C = E − profit: the net TAO cost of the strategy, emission aside.
	pub cost: f64,
	/// R = E / C; `None` when C ≤ 0 with E > 0 (it pays whatever the emission).
	pub r: Option<f64>,
	/// Whether it ended richer than it started (R > 1).
	pub pays: bool,
	pub calls: u32,
	pub refused: u32,
}

/// Everything a run produced.
#[derive(Clone, Debug, Serialize)]
pub struct Summary {
	pub scenario: String,
	pub description: String,
	pub blocks: u32,
	pub subnets: u16,
	pub first_block: u32,
	/// Total issuance after set-up and at the end, TAO (and exactly, in rao).
	pub issuance_start: f64,
	pub issuance_end: f64,
	pub issuance_start_rao: u64,
	pub issuance_end_rao: u64,
	pub seconds: f64,
	pub blocks_per_second: f64,
	pub actors: Vec<ActorSummary>,
	/// The share rule, by name.
	pub share_rule: String,
	/// TAO each subnet received over the run (netuid 1 first).
	pub subnet_tao: Vec<f64>,
	/// The attack against its control (`run_attack` only).
	pub attack: Option<Attack>,
}

/// The attacker (the first actor marked `attacker`) against its control: the same run with the
/// same account idle (same balance, same initial stake). The market is deterministic, so the
/// differences are what the strategy did.
#[derive(Clone, Debug, Serialize)]
pub struct Attack {
	pub actor: String,
	/// With the strategy, and in the control.
	pub profit: f64,
	pub control_profit: f64,
	pub emission: f64,
	pub control_emission: f64,
	pub cost: f64,
	pub control_cost: f64,
	/// E − E₀: the extra emission value the strategy brought the attacker.
	pub extra_emission: f64,
	/// C − C₀: its extra net TAO cost.
	pub extra_cost: f64,
	/// R = (E − E₀) / (C − C₀); `None` when C − C₀ ≤ 0 but something changed.
	pub r: Option<f64>,
	/// Whether the strategy ended richer than the control (R > 1).
	pub pays: bool,
}

/// A run's output, in memory.
pub struct Run {
	pub summary: Summary,
	pub subnet_rows: Vec<SubnetRow>,
	pub actor_rows: Vec<ActorRow>,
	/// The attacker's rows in the control run (`run_attack` only).
	pub control_rows: Vec<ActorRow>,
}

/// What a run samples: all subnets, or none (speed runs).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sampling {
	Full,
	None,
}

/// Blocks between compactions of the state: deleted keys stay in the overlay as tombstones,
/// and `clear_prefix` (which every block's event reset runs) scans them all, so without this a
/// run slows down and grows with its length.
const COMPACT_EVERY: u32 = 1_000;

fn tao(rao: u128) -> f64 {
	rao as f64 / 1e9
}

fn price(p: Price) -> f64 {
	p.get() as f64 / 1e9
}

/// The first block after `now` that runs `netuid`'s epoch, in closed form: the `b` with
/// `(b + netuid + 1) % (tempo + 1) = 0` (`EmissionParams::is_epoch`).
pub fn next_epoch(params: &EmissionParams, now: u64, netuid: NetUid) -> u64 {
	let period = u64::from(params.tempo) + 1;
	let first = now + 1;
	let r = (first + u64::from(netuid) + 1) % period;
	first + (period - r) % period
}

/// Runs `scenario`; `progress(t)` is called every 1 000 blocks.
pub fn run(scenario: &Scenario, sampling: Sampling, mut progress: impl FnMut(u32)) -> Result<Run> {
	let mut actors: Vec<Actor> = scenario.actors.iter().cloned().map(Actor::new).collect();
	let mut endowed = chain::system_accounts(scenario);
	for a in &actors {
		endowed.push((
			a.account.clone(),
			crate::scenario::rao(a.spec.balance + a.spec.initial_stake) + 1_000_000_000,
		));
	}
	let initial: Vec<_> = actors
		.iter()
		.filter(|a| a.spec.initial_stake > 0.0)
		.map(|a| (a.account.clone(), a.netuid, crate::scenario::rao(a.spec.initial_stake)))
		.collect();
	let mut ext = chain::genesis(scenario, &endowed)?;
	let (start, issuance_start) = ext.execute_with(|| -> Result<_> {
		let start = chain::set_up(scenario, &initial)?;
		for a in &mut actors {
			a.initial_wealth = a.wealth();
		}
		Ok((start, chain::issuance()))
	})?;
	let subnets: Vec<NetUid> = (1..=scenario.subnet_count()).map(NetUid).collect();
	let mut subnet_rows = Vec::new();
	let mut actor_rows = Vec::new();
	let mut subnet_tao = vec![0u128; subnets.len()];
	let began = Instant::now();
	let mut t = 0;
	while t < scenario.blocks {
		let last = (t + COMPACT_EVERY).min(scenario.blocks);
		ext.execute_with(|| {
			while t < last {
				t += 1;
				let block = start + t;
				// What the hooks (injection, epoch) give each actor's stake: the emission value
				// it receives.
				let before: Vec<_> = actors.iter().map(Actor::marked).collect();
				chain::begin_block(block);
				// Every actor's books first: a trade would move the pool the others read.
				for (a, before) in actors.iter_mut().zip(before) {
					a.book_hooks(before);
				}
				// What an actor sees of its subnet: one record read, not the whole runtime view.
				let params = pallet_dynamic_tao::EmissionConfig::<dtao_runtime::Runtime>::get();
				for a in actors.iter_mut() {
					let (spot, moving) = chain::pool(a.netuid)
						.map(|p| {
							let market = Market::new(a.netuid, p);
							(market.spot_price(), market.moving_price())
						})
						.unwrap_or_default();
					let next_epoch = next_epoch(&params, u64::from(block), a.netuid);
					a.act(&View { t, block, spot, moving, next_epoch });
				}
				chain::end_block();
				for (total, netuid) in subnet_tao.iter_mut().zip(&subnets) {
					if let Some(p) = chain::pool(*netuid) {
						*total += p.last_injection.tao_in.as_u128();
					}
				}
				if sampling == Sampling::Full
					&& (t % scenario.sample_every == 0 || t == scenario.blocks)
				{
					sample(t, block, &subnets, &actors, &mut subnet_rows, &mut actor_rows);
				}
				if t % 1_000 == 0 {
					progress(t);
				}
			}
		});
		ext = chain::compact(ext);
	}
	let seconds = began.elapsed().as_secs_f64();
	ext.execute_with(|| {
		let summaries: Vec<ActorSummary> = actors.iter().map(summarise).collect();
		Ok(Run {
			summary: Summary {
				scenario: scenario.name.clone(),
				description: scenario.description.clone(),
				blocks: scenario.blocks,
				subnets: scenario.subnet_count(),
				first_block: start + 1,
				issuance_start: tao(u128::from(issuance_start)),
				issuance_end: tao(u128::from(chain::issuance())),
				issuance_start_rao: issuance_start,
				issuance_end_rao: chain::issuance(),
				seconds,
				blocks_per_second: f64::from(scenario.blocks) / seconds.max(1e-9),
				actors: summaries,
				share_rule: scenario.chain.share_rule.clone(),
				subnet_tao: subnet_tao.into_iter().map(tao).collect(),
				attack: None,
			},
			subnet_rows,
			actor_rows,
			control_rows: Vec::new(),
		})
	})
}

/// Runs `scenario` and, if it has an attacker, its control (the attacker idle), and compares
/// them: `summary.attack` and `control_rows`.
pub fn run_attack(scenario: &Scenario, mut progress: impl FnMut(u32)) -> Result<Run> {
	let mut run = run(scenario, Sampling::Full, &mut progress)?;
	let Some(index) = scenario.actors.iter().position(|a| a.attacker) else {
		return Ok(run);
	};
	let mut control = scenario.clone();
	let subnet = control.actors[index].strategy.subnet();
	control.actors[index].strategy = crate::scenario::Strategy::Idle { subnet };
	let control = self::run(&control, Sampling::Full, &mut progress)?;
	let name = scenario.actors[index].name.clone();
	let a = &run.summary.actors[index];
	let c = &control.summary.actors[index];
	let (extra_emission, extra_cost) = (a.emission - c.emission, a.cost - c.cost);
	let r = if extra_emission == 0.0 && extra_cost == 0.0 {
		Some(0.0)
	} else if extra_cost <= 0.0 {
		None
	} else {
		Some(extra_emission / extra_cost)
	};
	run.summary.attack = Some(Attack {
		actor: name.clone(),
		profit: a.profit,
		control_profit: c.profit,
		emission: a.emission,
		control_emission: c.emission,
		cost: a.cost,
		control_cost: c.cost,
		extra_emission,
		extra_cost,
		r,
		pays: a.profit > c.profit,
	});
	run.control_rows = control.actor_rows.into_iter().filter(|r| r.actor == name).collect();
	Ok(run)
}

fn sample(
	t: u32,
	block: u32,
	subnets: &[NetUid],
	actors: &[Actor],
	subnet_rows: &mut Vec<SubnetRow>,
	actor_rows: &mut Vec<ActorRow>,
) {
	let infos: Vec<_> = subnets.iter().filter_map(|n| Dtao::subnet_info(*n)).collect();
	let total: u128 = infos.iter().map(|i| u128::from(i.tao_in_emission.get())).sum();
	for i in &infos {
		subnet_rows.push(SubnetRow {
			t,
			block,
			netuid: i.netuid.get(),
			spot_price: price(i.spot_price),
			moving_price: price(i.moving_price),
			emission_share: if total == 0 {
				0.0
			} else {
				i.tao_in_emission.get() as f64 / total as f64
			},
			tao_in: tao(i.tao_in_emission.as_u128()),
			alpha_in: tao(i.alpha_in_emission.as_u128()),
			alpha_out: tao(i.alpha_out_emission.as_u128()),
			pending_owner: tao(i.pending_owner_cut.as_u128()),
			pending_miners: tao(i.pending_miners.as_u128()),
			pending_validators: tao(i.pending_validators.as_u128()),
			pending_root_tao: tao(i.pending_root_tao.as_u128()),
			tao_reserve: tao(i.tao_reserve.as_u128()),
			alpha_reserve: tao(i.alpha_in.as_u128()),
		});
	}
	for a in actors {
		let free = chain::free(&a.account);
		let stake_value = chain::exit_value(a.netuid, a.stake());
		let profit = a.profit() as f64 / 1e9;
		let emission = a.emission_tao as f64 / 1e9;
		actor_rows.push(ActorRow {
			t,
			block,
			actor: a.spec.name.clone(),
			wealth: tao(u128::from(free + stake_value)),
			free: tao(u128::from(free)),
			stake_value: tao(u128::from(stake_value)),
			emission,
			fees: tao(u128::from(a.fees)),
			profit,
			cost: emission - profit,
		});
	}
}

fn summarise(a: &Actor) -> ActorSummary {
	let final_wealth = a.wealth();
	let profit = a.profit();
	let emission = a.emission_tao;
	// C = E − ΔW; R = E / C. E = 0 and C = 0 (nothing done): R = 0.
	let cost = emission - profit;
	let r = if emission == 0 && cost == 0 {
		Some(0.0)
	} else if cost <= 0 {
		None
	} else {
		Some(emission as f64 / cost as f64)
	};
	ActorSummary {
		name: a.spec.name.clone(),
		attacker: a.spec.attacker,
		subnet: a.netuid.get(),
		strategy: format!("{:?}", a.spec.strategy),
		initial_wealth: tao(u128::from(a.initial_wealth)),
		final_wealth: tao(u128::from(final_wealth)),
		profit: profit as f64 / 1e9,
		emission: a.emission_tao as f64 / 1e9,
		emission_alpha: tao(a.emission_alpha),
		fees: tao(u128::from(a.fees)),
		cost: cost as f64 / 1e9,
		r,
		pays: profit > 0,
		calls: a.calls,
		refused: a.refused,
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn the_closed_form_next_epoch_is_the_first_block_the_pallet_runs_one() {
		for tempo in [1u16, 9, 360] {
			let params = EmissionParams { tempo, ..Default::default() };
			for now in [0u64, 1, 5, 359, 360, 361, 1_000_003] {
				for netuid in [1u16, 2, 17, 32] {
					let expected =
						(now + 1..).find(|b| params.is_epoch(*b, NetUid(netuid))).unwrap();
					assert_eq!(next_epoch(&params, now, NetUid(netuid)), expected);
				}
			}
		}
	}
}
