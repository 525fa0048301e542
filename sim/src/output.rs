//! A run's folder: `subnets.csv`, `actors.csv`, `summary.json` and the plots
//! (docs/simulator.md, "Outputs").

use crate::plot;
use crate::run::Run;
use anyhow::{Context, Result};
use std::path::Path;

/// Writes every output of `run` into `dir` (created if needed).
pub fn write(run: &Run, dir: &Path) -> Result<()> {
	std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
	csv_rows(&dir.join("subnets.csv"), &run.subnet_rows)?;
	csv_rows(&dir.join("actors.csv"), &run.actor_rows)?;
	let json = serde_json::to_string_pretty(&run.summary)?;
	std::fs::write(dir.join("summary.json"), json + "\n")?;
	plot::prices(run, &dir.join("prices.svg"))?;
	plot::shares(run, &dir.join("shares.svg"))?;
	plot::attacker(run, &dir.join("attacker.svg"))?;
	Ok(())
}

fn csv_rows<T: serde::Serialize>(path: &Path, rows: &[T]) -> Result<()> {
	let mut w =
		csv::Writer::from_path(path).with_context(|| format!("writing {}", path.display()))?;
	for r in rows {
		w.serialize(r)?;
	}
	w.flush()?;
	Ok(())
}
