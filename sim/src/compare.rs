//! Every scenario under every share rule (docs/economics.md, "Share rules compared"): R of each
//! attack per rule, and how far each rule moves the honest baseline's shares from the plain
//! price rule's.

use crate::{
	plot,
	run::{self, Sampling},
	scenario::Scenario,
};
use anyhow::{Context, Result};
use serde::Serialize;
use std::{fmt::Write as _, path::Path};

/// One scenario under one rule.
#[derive(Clone, Debug, Serialize)]
pub struct Cell {
	pub scenario: String,
	pub rule: String,
	/// The attack's R against its idle control (`None`: it pays without extra emission); no
	/// attacker: `Some(0)`.
	pub r: Option<f64>,
	/// Whether the attack beat its control.
	pub pays: bool,
	pub extra_emission: f64,
	pub extra_cost: f64,
}

/// The baseline under one rule against the price rule.
#[derive(Clone, Debug, Serialize)]
pub struct Deviation {
	pub rule: String,
	/// Each subnet's share of the run's TAO (netuid 1 first).
	pub shares: Vec<f64>,
	/// Half the summed absolute difference from the price rule's shares: the part of all
	/// emission the rule sends elsewhere.
	pub moved: f64,
	/// The largest relative change of one subnet's share.
	pub max_relative: f64,
}

/// The whole comparison.
#[derive(Clone, Debug, Serialize)]
pub struct Comparison {
	pub rules: Vec<String>,
	pub scenarios: Vec<String>,
	pub cells: Vec<Cell>,
	/// The scenario named `baseline` (else the first without an attacker): its shares are
	/// compared.
	pub baseline: Option<String>,
	pub deviations: Vec<Deviation>,
}

/// Shares from totals.
fn shares(totals: &[f64]) -> Vec<f64> {
	let sum: f64 = totals.iter().sum();
	totals.iter().map(|t| if sum > 0.0 { t / sum } else { 0.0 }).collect()
}

/// `moved` and `max_relative` of `shares` against `reference`.
pub fn deviation(shares: &[f64], reference: &[f64]) -> (f64, f64) {
	let moved = shares.iter().zip(reference).map(|(s, r)| (s - r).abs()).sum::<f64>() / 2.0;
	let max_relative = shares
		.iter()
		.zip(reference)
		.filter(|(_, r)| **r > 0.0)
		.map(|(s, r)| (s / r - 1.0).abs())
		.fold(0.0, f64::max);
	(moved, max_relative)
}

/// The baseline: the scenario named `baseline`, else the first without an attacker.
fn baseline_of(scenarios: &[Scenario]) -> Option<String> {
	scenarios
		.iter()
		.find(|s| s.name == "baseline")
		.or_else(|| scenarios.iter().find(|s| !s.actors.iter().any(|a| a.attacker)))
		.map(|s| s.name.clone())
}

/// Runs each scenario under each rule; `progress(scenario, rule)` before each.
pub fn compare(
	scenarios: &[Scenario],
	rules: &[String],
	mut progress: impl FnMut(&str, &str),
) -> Result<Comparison> {
	let mut cells = Vec::new();
	let baseline = baseline_of(scenarios);
	let mut deviations = Vec::new();
	for s in scenarios {
		let attacker = s.actors.iter().any(|a| a.attacker);
		let mut reference: Option<Vec<f64>> = None;
		for rule in rules {
			progress(&s.name, rule);
			let scenario = s.with_rule(rule)?;
			let result = if attacker {
				run::run_attack(&scenario, |_| {})
			} else {
				run::run(&scenario, Sampling::None, |_| {})
			}
			.with_context(|| format!("{} under {rule}", s.name))?;
			let attack = result.summary.attack.as_ref();
			cells.push(Cell {
				scenario: s.name.clone(),
				rule: rule.clone(),
				r: attack.map_or(Some(0.0), |a| a.r),
				pays: attack.is_some_and(|a| a.pays),
				extra_emission: attack.map_or(0.0, |a| a.extra_emission),
				extra_cost: attack.map_or(0.0, |a| a.extra_cost),
			});
			if baseline.as_ref() == Some(&s.name) {
				let shares = shares(&result.summary.subnet_tao);
				let reference = reference.get_or_insert_with(|| shares.clone());
				let (moved, max_relative) = deviation(&shares, reference);
				deviations.push(Deviation { rule: rule.clone(), shares, moved, max_relative });
			}
		}
	}
	Ok(Comparison {
		rules: rules.to_vec(),
		scenarios: scenarios.iter().map(|s| s.name.clone()).collect(),
		cells,
		baseline,
		deviations,
	})
}

fn r_text(r: Option<f64>) -> String {
	r.map_or("∞".to_string(), |r| format!("{r:.2}"))
}

/// The table in Markdown: R per scenario (rows) and rule (columns), then the baseline's
/// deviation from the price rule's shares.
pub fn markdown(c: &Comparison) -> String {
	let mut t = String::new();
	let _ = writeln!(t, "| scenario | {} |", c.rules.join(" | "));
	let _ = writeln!(t, "|---|{}", "---:|".repeat(c.rules.len()));
	for s in &c.scenarios {
		if c.baseline.as_ref() == Some(s) {
			continue;
		}
		let row: Vec<String> = c
			.rules
			.iter()
			.map(|rule| {
				c.cells
					.iter()
					.find(|x| &x.scenario == s && &x.rule == rule)
					.map_or("".into(), |x| r_text(x.r))
			})
			.collect();
		let _ = writeln!(t, "| {s} (R) | {} |", row.join(" | "));
	}
	if let Some(b) = &c.baseline {
		let pick = |f: fn(&Deviation) -> f64| -> Vec<String> {
			c.rules
				.iter()
				.map(|rule| {
					c.deviations
						.iter()
						.find(|d| &d.rule == rule)
						.map_or("".into(), |d| format!("{:.2} %", 100.0 * f(d)))
				})
				.collect()
		};
		let _ = writeln!(t, "| {b}: emission moved | {} |", pick(|d| d.moved).join(" | "));
		let _ = writeln!(
			t,
			"| {b}: largest change of a share | {} |",
			pick(|d| d.max_relative).join(" | ")
		);
	}
	t
}

/// Writes `table.md`, `comparison.json` and the two plots into `dir`.
pub fn write(c: &Comparison, dir: &Path) -> Result<()> {
	std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
	std::fs::write(dir.join("table.md"), markdown(c))?;
	std::fs::write(dir.join("comparison.json"), serde_json::to_string_pretty(c)? + "\n")?;
	let attacks: Vec<&String> =
		c.scenarios.iter().filter(|s| c.baseline.as_ref() != Some(*s)).collect();
	let legend: Vec<String> =
		attacks.iter().enumerate().map(|(i, s)| format!("{} {s}", i + 1)).collect();
	let r_series: plot::Series = c
		.rules
		.iter()
		.enumerate()
		.map(|(k, rule)| {
			let points = attacks
				.iter()
				.enumerate()
				.filter_map(|(i, s)| {
					let cell = c.cells.iter().find(|x| &x.scenario == *s && &x.rule == rule)?;
					Some(((i + 1) as f64, cell.r.unwrap_or(f64::NAN)))
				})
				.filter(|(_, r)| r.is_finite())
				.collect();
			(rule.clone(), k, points)
		})
		.collect();
	plot::lines_over(
		&dir.join("r-by-rule.svg"),
		"R of each attack under each share rule (R < 1: the attack does not pay)",
		&format!("scenario: {}", legend.join(", ")),
		"R, extra emission per TAO of extra cost",
		&r_series,
	)?;
	let share_series: plot::Series = c
		.deviations
		.iter()
		.enumerate()
		.map(|(k, d)| {
			let points = d.shares.iter().enumerate().map(|(i, s)| ((i + 1) as f64, *s)).collect();
			(d.rule.clone(), k, points)
		})
		.collect();
	plot::lines_over(
		&dir.join("baseline-shares.svg"),
		"The honest baseline: each subnet's share of the TAO emitted, per rule",
		"netuid",
		"share of the run's TAO",
		&share_series,
	)?;
	Ok(())
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn deviation_counts_the_emission_moved_and_the_largest_relative_change() {
		// 0.5/0.3/0.2 against 0.4/0.4/0.2: 0.1 moved from subnet 2 to subnet 1; subnet 1's
		// share is 25 % up, subnet 2's 25 % down.
		let (moved, max) = deviation(&[0.5, 0.3, 0.2], &[0.4, 0.4, 0.2]);
		assert!((moved - 0.1).abs() < 1e-12 && (max - 0.25).abs() < 1e-12, "{moved} {max}");
		assert_eq!(shares(&[1.0, 3.0]), vec![0.25, 0.75]);
	}
}
