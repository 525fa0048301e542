//! Command-line interface.

use std::str::FromStr;

/// How the node seals blocks. The dev chain has no consensus: one node authors every block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Consensus {
	/// A block every N milliseconds, plus any requested through `engine_createBlock`.
	/// `manual-seal-0` seals only on request.
	ManualSeal(u64),
	/// A block as soon as a transaction arrives, plus any requested through `engine_createBlock`.
	InstantSeal,
}

impl FromStr for Consensus {
	type Err = String;

	fn from_str(s: &str) -> Result<Self, Self::Err> {
		if s == "instant-seal" {
			Ok(Consensus::InstantSeal)
		} else if let Some(ms) = s.strip_prefix("manual-seal-") {
			ms.parse().map(Consensus::ManualSeal).map_err(|_| {
				format!("invalid block time in '{s}': expected manual-seal-<milliseconds>")
			})
		} else {
			Err(format!("unknown consensus '{s}': expected manual-seal-<ms> or instant-seal"))
		}
	}
}

#[derive(Debug, clap::Parser)]
pub struct Cli {
	#[command(subcommand)]
	pub subcommand: Option<Subcommand>,

	/// Block production: `manual-seal-<ms>` (a block every <ms> milliseconds; 0 = only on
	/// `engine_createBlock`) or `instant-seal` (a block per transaction).
	#[arg(long, default_value = "manual-seal-3000")]
	pub consensus: Consensus,

	#[command(flatten)]
	pub run: sc_cli::RunCmd,
}

#[derive(Debug, clap::Subcommand)]
pub enum Subcommand {
	/// Key management utilities.
	#[command(subcommand)]
	Key(sc_cli::KeySubcommand),

	/// Export the chain specification (`--chain dev|local|<file>`).
	ExportChainSpec(sc_cli::ExportChainSpecCmd),

	/// Validate blocks.
	CheckBlock(sc_cli::CheckBlockCmd),

	/// Export blocks.
	ExportBlocks(sc_cli::ExportBlocksCmd),

	/// Export the state of a given block into a chain spec.
	ExportState(sc_cli::ExportStateCmd),

	/// Import blocks.
	ImportBlocks(sc_cli::ImportBlocksCmd),

	/// Remove the whole chain.
	PurgeChain(sc_cli::PurgeChainCmd),

	/// Revert the chain to a previous state.
	Revert(sc_cli::RevertCmd),

	/// Database meta columns information.
	ChainInfo(sc_cli::ChainInfoCmd),

	/// Benchmark the runtime's pallets (build with `--features runtime-benchmarks`).
	#[cfg(feature = "runtime-benchmarks")]
	#[command(subcommand)]
	Benchmark(frame_benchmarking_cli::BenchmarkCmd),
}

#[cfg(test)]
mod tests {
	use super::Consensus;

	#[test]
	fn parses_consensus() {
		assert_eq!("instant-seal".parse(), Ok(Consensus::InstantSeal));
		assert_eq!("manual-seal-3000".parse(), Ok(Consensus::ManualSeal(3000)));
		assert_eq!("manual-seal-0".parse(), Ok(Consensus::ManualSeal(0)));
		assert!("manual-seal-".parse::<Consensus>().is_err());
		assert!("aura".parse::<Consensus>().is_err());
	}
}
