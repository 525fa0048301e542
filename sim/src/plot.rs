//! SVG plots of a run, drawn with `plotters`: prices, emission shares, and the attacker's
//! emission against its cost.

use crate::run::Run;
use anyhow::{anyhow, Result};
use plotters::prelude::*;
use std::collections::BTreeMap;
use std::path::Path;

/// At most this many subnets are drawn (the ones the actors trade on first), so that a plot of
/// 32 subnets stays readable.
const MAX_LINES: usize = 8;

/// Named lines, each with its colour (a subnet keeps its colour across its lines).
pub(crate) type Series = Vec<(String, usize, Vec<(f64, f64)>)>;

/// The subnets to draw: those the actors trade on, then the lowest netuids.
fn chosen(run: &Run) -> Vec<u16> {
	let mut v: Vec<u16> = Vec::new();
	for a in &run.summary.actors {
		if !v.contains(&a.subnet) {
			v.push(a.subnet);
		}
	}
	for r in &run.subnet_rows {
		if v.len() >= MAX_LINES {
			break;
		}
		if !v.contains(&r.netuid) {
			v.push(r.netuid);
		}
	}
	v.truncate(MAX_LINES);
	v
}

fn by_subnet(run: &Run, f: impl Fn(&crate::run::SubnetRow) -> f64, what: &str) -> Series {
	let chosen = chosen(run);
	let mut m: BTreeMap<u16, Vec<(f64, f64)>> = BTreeMap::new();
	for r in run.subnet_rows.iter().filter(|r| chosen.contains(&r.netuid)) {
		m.entry(r.netuid).or_default().push((f64::from(r.t), f(r)));
	}
	m.into_iter()
		.map(|(n, v)| {
			let colour = chosen.iter().position(|c| *c == n).unwrap_or(0);
			(format!("{what} {n}"), colour, v)
		})
		.collect()
}

/// Spot (solid) and moving (thin) price of each drawn subnet.
pub fn prices(run: &Run, path: &Path) -> Result<()> {
	let mut series = by_subnet(run, |r| r.spot_price, "spot");
	series.extend(by_subnet(run, |r| r.moving_price, "moving"));
	lines(path, &format!("{}: prices", run.summary.scenario), "TAO per alpha", &series)
}

/// Each drawn subnet's share of the block's TAO emission.
pub fn shares(run: &Run, path: &Path) -> Result<()> {
	let series = by_subnet(run, |r| r.emission_share, "share");
	lines(
		path,
		&format!("{}: emission shares", run.summary.scenario),
		"share of TAO emission",
		&series,
	)
}

/// The attacker against its control: extra emission received, extra net cost and extra
/// profit, cumulative, TAO.
pub fn attacker(run: &Run, path: &Path) -> Result<()> {
	let Some(attack) = &run.summary.attack else {
		return lines(path, &format!("{}: no attacker", run.summary.scenario), "TAO", &Vec::new());
	};
	let rows: Vec<_> = run.actor_rows.iter().filter(|r| r.actor == attack.actor).collect();
	let pick = |f: fn(&crate::run::ActorRow) -> f64| -> Vec<(f64, f64)> {
		rows.iter().zip(&run.control_rows).map(|(r, c)| (f64::from(r.t), f(r) - f(c))).collect()
	};
	let series = vec![
		("extra emission received".to_string(), 0, pick(|r| r.emission)),
		("extra net cost".to_string(), 1, pick(|r| r.cost)),
		("extra profit".to_string(), 2, pick(|r| r.profit)),
	];
	let title = match attack.r {
		Some(r) => format!(
			"{}: {} against its idle control, R = {r:.3}",
			run.summary.scenario, attack.actor
		),
		None => format!(
			"{}: {} against its idle control, pays without extra emission",
			run.summary.scenario, attack.actor
		),
	};
	lines(path, &title, "TAO, against the control", &series)
}

fn lines(path: &Path, title: &str, y_desc: &str, series: &Series) -> Result<()> {
	lines_over(path, title, "blocks after set-up", y_desc, series)
}

/// Lines over any x axis: the comparison's plots (`crate::compare`).
pub(crate) fn lines_over(
	path: &Path,
	title: &str,
	x_desc: &str,
	y_desc: &str,
	series: &Series,
) -> Result<()> {
	let err = |e: &dyn std::fmt::Display| anyhow!("plot {}: {e}", path.display());
	let root = SVGBackend::new(path, (960, 540)).into_drawing_area();
	root.fill(&WHITE).map_err(|e| err(&e))?;
	let points = series.iter().flat_map(|(_, _, v)| v.iter());
	let (mut x0, mut x1, mut y0, mut y1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
	for &(x, y) in points {
		x0 = x0.min(x);
		x1 = x1.max(x);
		y0 = y0.min(y);
		y1 = y1.max(y);
	}
	if x0 > x1 {
		(x0, x1, y0, y1) = (0.0, 1.0, 0.0, 1.0);
	}
	let pad = ((y1 - y0) * 0.05).max(1e-9);
	let mut chart = ChartBuilder::on(&root)
		.caption(title, ("sans-serif", 20))
		.margin(12)
		.x_label_area_size(40)
		.y_label_area_size(70)
		.build_cartesian_2d(x0..x1.max(x0 + 1.0), (y0 - pad)..(y1 + pad))
		.map_err(|e| err(&e))?;
	chart.configure_mesh().x_desc(x_desc).y_desc(y_desc).draw().map_err(|e| err(&e))?;
	for (name, colour, v) in series {
		let colour = Palette99::pick(*colour).to_rgba();
		let width = if name.starts_with("moving") { 1 } else { 2 };
		chart
			.draw_series(LineSeries::new(v.iter().copied(), colour.stroke_width(width)))
			.map_err(|e| err(&e))?
			.label(name.clone())
			.legend(move |(x, y)| {
				PathElement::new(vec![(x, y), (x + 20, y)], colour.stroke_width(2))
			});
	}
	if !series.is_empty() {
		chart
			.configure_series_labels()
			.background_style(WHITE.mix(0.8))
			.border_style(BLACK)
			.draw()
			.map_err(|e| err(&e))?;
	}
	root.present().map_err(|e| err(&e))?;
	Ok(())
}
