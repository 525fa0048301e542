//! Scenario files: the chain to start from, the actors and how long to run (docs/simulator.md,
//! "Scenario files"). Amounts are in TAO and prices in TAO per alpha, as decimals; the
//! simulator converts them to rao once, at set-up.

use anyhow::{bail, ensure, Context, Result};
use pallet_dynamic_tao::{
	share_rules::{HillGate, ShareRule, ShareSignal},
	types::{EmissionParams, TaoBalance},
};
use serde::Deserialize;
use sp_arithmetic::Perbill;
use std::path::Path;

/// Rao per TAO (and the smallest units per alpha).
pub const RAO: f64 = 1e9;

/// A whole scenario file.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
	/// Short name; names the output folder.
	pub name: String,
	/// What it shows, for the summary.
	#[serde(default)]
	pub description: String,
	/// Blocks to run after the set-up.
	pub blocks: u32,
	/// Write a row of the time series every this many blocks.
	#[serde(default = "default_sample")]
	pub sample_every: u32,
	/// The chain at the start.
	pub chain: ChainSpec,
	/// Who trades.
	#[serde(default)]
	pub actors: Vec<ActorSpec>,
}

fn default_sample() -> u32 {
	100
}

/// The chain at the start: parameters and subnets.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChainSpec {
	/// The emission share rule, by name ([`RULES`]; default `price-ema`), set at genesis.
	#[serde(default = "default_rule")]
	pub share_rule: String,
	/// The depth cap's required TAO, for `depth-capped` and `log-capped` (default 20 000).
	pub min_depth: Option<f64>,
	/// The net flow's rate per block, for `net-flow` (default: the moving price's rate).
	pub flow_rate: Option<f64>,
	/// The gate's bar, as a rank (1 = the largest), for `gated` (default 8).
	pub gate_rank: Option<u16>,
	/// The gate's steepness `h`, for `gated` (default 3, the live network's).
	pub gate_exponent: Option<u8>,
	/// Blocks between a subnet's epochs, minus one (default: the live network's 360).
	pub tempo: Option<u16>,
	/// The moving price's base rate per block (default 3e-6, the code's; the live network runs
	/// about 3e-4).
	pub ema_rate: Option<f64>,
	/// The moving price's ramp, blocks (default 201 600).
	pub ema_halving_blocks: Option<u64>,
	/// The highest spot price the moving price samples, TAO per alpha (default 1.0).
	pub price_clamp: Option<f64>,
	/// `TaoWeight`: how much root stake counts against alpha (default 0.18).
	pub tao_weight: Option<f64>,
	/// TAO staked on root, spread evenly over the subnets' validators (default 0).
	#[serde(default)]
	pub root_stake: f64,
	/// The subnets, registered in this order as netuids 1, 2, ….
	pub subnets: Vec<SubnetSpec>,
}

fn default_rule() -> String {
	"price-ema".into()
}

/// The share rules a scenario can name (docs/mechanism.md §6.4), in the order the comparison
/// lists them:
/// - `price-ema`: the moving price (the live network's rule);
/// - `log-price`: the geometric moving price;
/// - `depth-capped`: the moving price, pools under `min_depth` pulled toward the median;
/// - `log-capped`: both;
/// - `net-flow`: the matured net TAO flow at `flow_rate`;
/// - `gated`: the moving price through the Hill gate at `gate_rank`, `gate_exponent`.
pub const RULES: [&str; 6] =
	["price-ema", "log-price", "depth-capped", "log-capped", "net-flow", "gated"];

/// One subnet (or `count` alike) at the start.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubnetSpec {
	/// How many subnets like this one (default 1).
	#[serde(default = "one")]
	pub count: u16,
	/// TAO in the pool.
	pub tao: f64,
	/// Spot price, TAO per alpha.
	pub price: f64,
	/// Blocks since `start_call` (the age `b` of the moving price's ramp; default a year).
	#[serde(default = "a_year")]
	pub age: u64,
	/// The moving price (default: the spot price clamped, as after a long steady run).
	pub moving_price: Option<f64>,
	/// TAO value of the alpha already staked through the subnet's validator by passive holders
	/// (default 0): the stake an attacker's dividends are shared with.
	#[serde(default)]
	pub stake: f64,
}

fn one() -> u16 {
	1
}

fn a_year() -> u64 {
	2_629_800
}

/// One actor.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActorSpec {
	/// Unique name (its account is derived from it).
	pub name: String,
	/// Whether its results are the attack the scenario measures.
	#[serde(default)]
	pub attacker: bool,
	/// Free TAO at genesis.
	#[serde(default)]
	pub balance: f64,
	/// TAO staked at set-up on the strategy's subnet (a holder's position).
	#[serde(default)]
	pub initial_stake: f64,
	/// What it does, block by block.
	pub strategy: Strategy,
}

/// Per-block behaviour. `start` and the other times are blocks after the set-up.
#[derive(Clone, Debug, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Strategy {
	/// Does nothing (the control for an attacker).
	Idle { subnet: u16 },
	/// An honest staker with a steady flow: every `every` blocks, stakes `tao`, or, with
	/// `sell`, sells alpha worth `tao` at the spot price (out of its `initial_stake`). A buyer
	/// and a seller of the same flow make a market without drift. (One account cannot do
	/// both: each purchase restarts the hold on what it still holds, docs/mechanism.md §8.)
	Steady {
		subnet: u16,
		tao: f64,
		#[serde(default = "one_u32")]
		every: u32,
		#[serde(default)]
		sell: bool,
	},
	/// Buys `tao` when the spot price rose by more than `threshold` (0.05 = 5 %) over the last
	/// `lookback` blocks, and sells everything `hold` blocks later.
	Momentum { subnet: u16, tao: f64, lookback: u32, threshold: f64, hold: u32 },
	/// Holds alpha (its `initial_stake`) and, every `every` blocks, sells `fraction` of it when
	/// the spot price is above `multiple` × the moving price.
	ProfitTaker {
		subnet: u16,
		multiple: f64,
		fraction: f64,
		#[serde(default = "one_u32")]
		every: u32,
	},
	/// Attack: buys `tao` at `start`, holds `hold` blocks, then sells everything.
	PumpHold { subnet: u16, tao: f64, start: u32, hold: u32 },
	/// Attack: buy `tao`, hold `hold` blocks (harvesting the epochs in between), sell, and
	/// again, `cycles` times from `start`.
	Recycle { subnet: u16, tao: f64, start: u32, hold: u32, cycles: u32 },
	/// Attack: stakes `tao` `before` blocks ahead of the subnet's epoch and leaves as soon as
	/// the pallet lets it, `cycles` times.
	Jit { subnet: u16, tao: f64, before: u32, cycles: u32 },
	/// Attack on the hook's own swaps: holding alpha (`initial_stake`), sells `fraction` of it
	/// in the block before the subnet's epoch and buys back with the proceeds in the epoch
	/// block, `cycles` times.
	Sandwich { subnet: u16, fraction: f64, cycles: u32 },
}

fn one_u32() -> u32 {
	1
}

impl Strategy {
	/// The subnet it trades on.
	pub fn subnet(&self) -> u16 {
		match *self {
			Strategy::Idle { subnet }
			| Strategy::Steady { subnet, .. }
			| Strategy::Momentum { subnet, .. }
			| Strategy::ProfitTaker { subnet, .. }
			| Strategy::PumpHold { subnet, .. }
			| Strategy::Recycle { subnet, .. }
			| Strategy::Jit { subnet, .. }
			| Strategy::Sandwich { subnet, .. } => subnet,
		}
	}
}

/// TAO (or alpha) as a decimal to rao.
pub fn rao(x: f64) -> u64 {
	(x * RAO).round().max(0.0) as u64
}

/// A fraction in `[0, 1]` as parts per billion.
pub fn perbill(x: f64) -> Perbill {
	Perbill::from_parts((x * 1e9).round().clamp(0.0, 1e9) as u32)
}

impl Scenario {
	/// Reads and checks a scenario file.
	pub fn load(path: &Path) -> Result<Self> {
		let text =
			std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
		Self::parse(&text).with_context(|| format!("in {}", path.display()))
	}

	/// Parses and checks a scenario.
	pub fn parse(text: &str) -> Result<Self> {
		let s: Scenario = toml::from_str(text)?;
		s.check()?;
		Ok(s)
	}

	fn check(&self) -> Result<()> {
		ensure!(self.blocks > 0, "blocks must be positive");
		ensure!(self.sample_every > 0, "sample_every must be positive");
		self.share_rule()?;
		let n = self.subnet_count();
		ensure!(n > 0, "at least one subnet");
		for s in &self.chain.subnets {
			ensure!(s.tao > 0.0 && s.price > 0.0, "a subnet needs tao > 0 and price > 0");
		}
		let mut names = std::collections::BTreeSet::new();
		for a in &self.actors {
			ensure!(names.insert(a.name.clone()), "two actors are named {:?}", a.name);
			let subnet = a.strategy.subnet();
			ensure!(
				(1..=n).contains(&subnet),
				"actor {:?} trades on subnet {subnet}, but netuids are 1..={n}",
				a.name
			);
		}
		Ok(())
	}

	/// How many subnets the chain starts with.
	pub fn subnet_count(&self) -> u16 {
		self.chain.subnets.iter().map(|s| s.count).sum()
	}

	/// The subnets one by one (netuid 1 first).
	pub fn subnets(&self) -> impl Iterator<Item = &SubnetSpec> {
		self.chain.subnets.iter().flat_map(|s| std::iter::repeat_n(s, s.count as usize))
	}

	/// The emission parameters: the pallet's defaults (the live network's values) with the
	/// scenario's changes.
	pub fn emission_params(&self) -> EmissionParams {
		let d = EmissionParams::default();
		let c = &self.chain;
		EmissionParams {
			tempo: c.tempo.unwrap_or(d.tempo),
			ema_rate: c.ema_rate.map(perbill).unwrap_or(d.ema_rate),
			ema_halving_blocks: c.ema_halving_blocks.unwrap_or(d.ema_halving_blocks),
			price_clamp: c.price_clamp.map(rao).unwrap_or(d.price_clamp),
			tao_weight: c.tao_weight.map(perbill).unwrap_or(d.tao_weight),
			share_rule: self.share_rule().expect("checked when the scenario was read"),
			..d
		}
	}

	/// The share rule the scenario names, with its parameters, checked as the pallet checks it.
	pub fn share_rule(&self) -> Result<ShareRule> {
		let c = &self.chain;
		let min_depth = Some(TaoBalance(rao(c.min_depth.unwrap_or(20_000.0))));
		let gate = Some(HillGate {
			rank: c.gate_rank.unwrap_or(8),
			exponent: c.gate_exponent.unwrap_or(3),
		});
		let flow_rate = c.flow_rate.or(c.ema_rate).unwrap_or(3e-6);
		let price = ShareRule::default();
		let rule = match c.share_rule.as_str() {
			"price-ema" => price,
			"log-price" => ShareRule { signal: ShareSignal::LogPriceEma, ..price },
			"depth-capped" => ShareRule { min_depth, ..price },
			"log-capped" => ShareRule { signal: ShareSignal::LogPriceEma, min_depth, gate: None },
			"net-flow" => {
				ShareRule { signal: ShareSignal::NetFlow { rate: perbill(flow_rate) }, ..price }
			},
			"gated" => ShareRule { gate, ..price },
			other => bail!("unknown share_rule {other:?}: one of {}", RULES.join(", ")),
		};
		if rule.validate().is_err() {
			bail!("share_rule {:?}: its parameters are out of range ({rule:?})", c.share_rule);
		}
		Ok(rule)
	}

	/// The same scenario under another rule.
	pub fn with_rule(&self, rule: &str) -> Result<Self> {
		let mut s = self.clone();
		s.chain.share_rule = rule.to_string();
		s.share_rule()?;
		Ok(s)
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn a_scenario_reads_with_defaults_and_counts_its_subnets() {
		let s = Scenario::parse(
			r#"
			name = "t"
			blocks = 10
			[chain]
			ema_rate = 0.0003
			subnets = [{ tao = 1000, price = 0.5 }, { count = 3, tao = 20, price = 2, age = 7 }]
			[[actors]]
			name = "a"
			attacker = true
			balance = 100
			strategy = { kind = "pump_hold", subnet = 4, tao = 10, start = 1, hold = 5 }
			[[actors]]
			name = "b"
			strategy = { kind = "steady", subnet = 1, tao = 2, every = 20 }
			"#,
		)
		.unwrap();
		assert_eq!(s.subnet_count(), 4);
		assert_eq!(s.subnets().map(|x| x.age).collect::<Vec<_>>(), [2_629_800, 7, 7, 7]);
		let p = s.emission_params();
		// 3e-4 per block is 300 000 parts per billion; the rest are the defaults.
		assert_eq!(
			(p.tempo, p.ema_rate.deconstruct(), p.ema_halving_blocks),
			(360, 300_000, 201_600)
		);
		assert_eq!(rao(0.5), 500_000_000);
		assert!(matches!(s.actors[1].strategy, Strategy::Steady { every: 20, sell: false, .. }));
	}

	#[test]
	fn every_named_rule_reads_and_an_unknown_one_is_refused() {
		let text = |rule: &str| {
			format!("name = \"t\"\nblocks = 1\n[chain]\nshare_rule = \"{rule}\"\nema_rate = 0.0003\nsubnets = [{{ tao = 1, price = 1 }}]\n")
		};
		for rule in RULES {
			assert!(Scenario::parse(&text(rule)).is_ok(), "{rule}");
		}
		let s = Scenario::parse(&text("net-flow")).unwrap();
		// The flow's rate defaults to the moving price's: 3e-4 is 300 000 parts per billion.
		assert_eq!(
			s.share_rule().unwrap().signal,
			ShareSignal::NetFlow { rate: Perbill::from_parts(300_000) }
		);
		assert_eq!(s.emission_params().share_rule, s.share_rule().unwrap());
		let capped = Scenario::parse(&text("log-capped")).unwrap().share_rule().unwrap();
		assert_eq!(capped.min_depth, Some(TaoBalance(20_000_000_000_000)));
		let e = Scenario::parse(&text("flow")).unwrap_err();
		assert!(format!("{e:#}").contains("one of price-ema"), "{e:#}");
	}

	#[test]
	fn a_scenario_with_an_actor_on_a_missing_subnet_is_refused() {
		let e = Scenario::parse(
			r#"
			name = "t"
			blocks = 10
			[chain]
			subnets = [{ tao = 1000, price = 1 }]
			[[actors]]
			name = "a"
			strategy = { kind = "idle", subnet = 2 }
			"#,
		)
		.unwrap_err();
		assert!(format!("{e:#}").contains("netuids are 1..=1"), "{e:#}");
	}
}
