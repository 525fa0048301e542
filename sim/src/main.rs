//! The `dtao-sim` command line (docs/simulator.md).

use anyhow::Result;
use clap::{Parser, Subcommand};
use dtao_sim::{output, run, scenario::Scenario};
use indicatif::{ProgressBar, ProgressStyle};
use std::path::PathBuf;

#[derive(Parser)]
#[command(
	name = "dtao-sim",
	about = "Markets and attacks against the dtao dev runtime, block by block"
)]
struct Cli {
	#[command(subcommand)]
	command: Command,
}

#[derive(Subcommand)]
enum Command {
	/// Runs a scenario and writes its CSV series, summary.json and plots.
	Run {
		/// The scenario file (sim/scenarios/*.toml).
		scenario: PathBuf,
		/// The output folder (default: sim/out/<scenario name>).
		#[arg(long)]
		out: Option<PathBuf>,
		/// Run this many blocks instead of the scenario's.
		#[arg(long)]
		blocks: Option<u32>,
		/// Run under this share rule instead of the scenario's (one of `compare`'s rules).
		#[arg(long)]
		rule: Option<String>,
	},
	/// Runs every scenario under every share rule and writes the table of R (and the
	/// baseline's deviation from the price rule), comparison.json and plots.
	Compare {
		/// Scenario files (default: every sim/scenarios/*.toml); `baseline` (else the first
		/// without an attacker) is the one whose shares are compared.
		scenarios: Vec<PathBuf>,
		/// The rules, comma-separated (default: all of them).
		#[arg(long, value_delimiter = ',')]
		rules: Vec<String>,
		/// The output folder (default: sim/out/compare).
		#[arg(long)]
		out: Option<PathBuf>,
		/// Run this many blocks instead of each scenario's.
		#[arg(long)]
		blocks: Option<u32>,
		/// The depth cap's required TAO instead of each scenario's.
		#[arg(long)]
		min_depth: Option<f64>,
	},
	/// Measures blocks per second: `subnets` emitting subnets, no trades, no sampling.
	Bench {
		#[arg(long, default_value_t = 32)]
		subnets: u16,
		#[arg(long, default_value_t = 360)]
		tempo: u16,
		#[arg(long, default_value_t = 100_000)]
		blocks: u32,
	},
}

fn bar(blocks: u32) -> ProgressBar {
	let bar = ProgressBar::new(u64::from(blocks));
	bar.set_style(
		ProgressStyle::with_template(
			"{elapsed_precise} [{bar:40}] {pos}/{len} blocks ({per_sec}, {eta} left)",
		)
		.expect("a valid template")
		.progress_chars("=> "),
	);
	bar
}

/// Resident memory, kB (Linux), to show it stays flat.
fn rss_kb() -> Option<u64> {
	let status = std::fs::read_to_string("/proc/self/status").ok()?;
	let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
	line.split_whitespace().nth(1)?.parse().ok()
}

fn main() -> Result<()> {
	match Cli::parse().command {
		Command::Run { scenario, out, blocks, rule } => {
			let mut s = Scenario::load(&scenario)?;
			if let Some(b) = blocks {
				s.blocks = b;
			}
			if let Some(rule) = rule {
				s = s.with_rule(&rule)?;
			}
			let progress = bar(s.blocks);
			// The attack, then its control: the bar runs twice when there is an attacker.
			let result = run::run_attack(&s, |t| progress.set_position(u64::from(t)))?;
			progress.finish_and_clear();
			let dir = out.unwrap_or_else(|| PathBuf::from("sim/out").join(&s.name));
			output::write(&result, &dir)?;
			let sum = &result.summary;
			println!(
				"{}: {} blocks in {:.1} s ({:.0} blocks/s); outputs in {}",
				sum.scenario,
				sum.blocks,
				sum.seconds,
				sum.blocks_per_second,
				dir.display()
			);
			for a in &sum.actors {
				let r =
					a.r.map_or("∞ (pays without emission)".to_string(), |r| format!("{r:.3}"));
				println!(
					"  {:<14} profit {:>12.3} TAO  emission {:>10.3}  cost {:>10.3}  fees {:>8.3}  R {}{}",
					a.name,
					a.profit,
					a.emission,
					a.cost,
					a.fees,
					r,
					if a.attacker { "  (attacker)" } else { "" }
				);
			}
			if let Some(a) = &sum.attack {
				let r = a
					.r
					.map_or("∞ (pays without extra emission)".to_string(), |r| format!("{r:.3}"));
				println!(
					"attack ({}) against its idle control: extra emission {:.3} TAO, extra cost {:.3} TAO, extra profit {:.3} TAO: R = {r}, {}",
					a.actor,
					a.extra_emission,
					a.extra_cost,
					a.profit - a.control_profit,
					if a.pays { "it pays" } else { "it does not pay" }
				);
			}
		},
		Command::Compare { mut scenarios, rules, out, blocks, min_depth } => {
			if scenarios.is_empty() {
				scenarios = std::fs::read_dir("sim/scenarios")?
					.filter_map(|e| e.ok().map(|e| e.path()))
					.filter(|p| p.extension().is_some_and(|x| x == "toml"))
					.collect();
				scenarios.sort();
			}
			let mut loaded = Vec::new();
			for path in &scenarios {
				let mut s = Scenario::load(path)?;
				if let Some(b) = blocks {
					s.blocks = b;
				}
				if min_depth.is_some() {
					s.chain.min_depth = min_depth;
				}
				loaded.push(s);
			}
			let rules: Vec<String> = if rules.is_empty() {
				dtao_sim::scenario::RULES.iter().map(|r| r.to_string()).collect()
			} else {
				rules
			};
			let progress = ProgressBar::new((loaded.len() * rules.len()) as u64);
			progress.set_style(
				ProgressStyle::with_template("{elapsed_precise} [{bar:30}] {pos}/{len} {msg}")
					.expect("a valid template")
					.progress_chars("=> "),
			);
			let comparison = dtao_sim::compare::compare(&loaded, &rules, |s, r| {
				progress.set_message(format!("{s} under {r}"));
				progress.inc(1);
			})?;
			progress.finish_and_clear();
			let dir = out.unwrap_or_else(|| PathBuf::from("sim/out/compare"));
			dtao_sim::compare::write(&comparison, &dir)?;
			print!("{}", dtao_sim::compare::markdown(&comparison));
			println!("outputs in {}", dir.display());
		},
		Command::Bench { subnets, tempo, blocks } => {
			let s = Scenario::parse(&format!(
				"name = \"bench\"\nblocks = {blocks}\n[chain]\ntempo = {tempo}\nroot_stake = 100000\nsubnets = [{{ count = {subnets}, tao = 10000, price = 0.5 }}]\n"
			))?;
			let progress = bar(blocks);
			let mut rss = Vec::new();
			// Progress comes every 1 000 blocks; sample the memory ten times over the run.
			let every = (blocks / 10_000).max(1) * 1_000;
			let result = run::run(&s, run::Sampling::None, |t| {
				progress.set_position(u64::from(t));
				if t % every == 0 {
					rss.push((t, rss_kb().unwrap_or(0)));
				}
			})?;
			progress.finish_and_clear();
			let sum = &result.summary;
			println!(
				"{} blocks, {subnets} emitting subnets, tempo {tempo}: {:.1} s, {:.0} blocks/s; a year of 12 s blocks (2 629 800) would take {:.1} min",
				sum.blocks,
				sum.seconds,
				sum.blocks_per_second,
				2_629_800.0 / sum.blocks_per_second / 60.0
			);
			let line: Vec<String> =
				rss.iter().map(|(t, kb)| format!("{t}: {} MB", kb / 1024)).collect();
			println!("resident memory by block: {}", line.join(", "));
		},
	}
	Ok(())
}
