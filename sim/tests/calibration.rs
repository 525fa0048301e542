//! The simulator against closed forms (docs/simulator.md, "Calibration"): short runs of the
//! real runtime whose outcome a formula predicts.

use dtao_sim::run::{run, run_attack, Run, Sampling};
use dtao_sim::scenario::Scenario;

fn simulate(text: &str) -> Run {
	let scenario = Scenario::parse(text).expect("a valid scenario");
	run(&scenario, Sampling::Full, |_| ()).expect("the run completes")
}

fn spot_at(run: &Run, netuid: u16, t: u32) -> f64 {
	run.subnet_rows
		.iter()
		.find(|r| r.netuid == netuid && r.t == t)
		.map(|r| r.spot_price)
		.expect("a sample at t")
}

/// The TAO that moves a pool's price by a factor m is T·(√m − 1) (the TAO reserve grows by
/// √m when the price grows by m at constant k). One buy of T·(√m − 1), plus the 0.05 % fee,
/// in a 1 000 TAO pool: the price goes from 0.5 to m·0.5 (up to the block's injection, which
/// adds at most 1 TAO at the same price).
#[test]
fn moving_the_price_m_fold_costs_t_times_root_m_minus_one() {
	for m in [4.0_f64, 9.0, 1.21] {
		let tao = 1_000.0 * (m.sqrt() - 1.0) / (1.0 - 0.0005);
		let run = simulate(&format!(
			r#"
			name = "pump-cost"
			blocks = 1
			sample_every = 1
			[chain]
			subnets = [{{ tao = 1000, price = 0.5 }}]
			[[actors]]
			name = "buyer"
			balance = 20000
			strategy = {{ kind = "pump_hold", subnet = 1, tao = {tao}, start = 1, hold = 100 }}
			"#
		));
		let moved = spot_at(&run, 1, 1) / 0.5;
		assert!((moved / m - 1.0).abs() < 2e-3, "m = {m}: the price moved {moved}-fold");
	}
}

/// The moving price closes half its gap to the spot price in ln 2 / a_eff blocks, with
/// a_eff = a·b/(b + h) at age b. Here a = 1 %, h = 100, b = 10 000: a_eff = 0.0099, 70 blocks.
/// The price is 2 (above the 1 TAO a block buys at most 1 alpha of injection) so that the
/// injection holds it still, and the clamp is raised to 10 so that the moving price samples it.
#[test]
fn the_moving_price_half_life_is_ln2_over_the_effective_rate() {
	let run = simulate(
		r#"
		name = "half-life"
		blocks = 200
		sample_every = 1
		[chain]
		ema_rate = 0.01
		ema_halving_blocks = 100
		price_clamp = 10
		subnets = [{ tao = 1000, price = 2, age = 10000, moving_price = 0.4 }]
		"#,
	);
	let a_eff = 0.01 * 10_000.0 / 10_100.0;
	let expected = std::f64::consts::LN_2 / a_eff;
	let rows: Vec<_> = run.subnet_rows.iter().collect();
	let gap0 = rows[0].spot_price - rows[0].moving_price;
	let half = rows
		.iter()
		.find(|r| r.spot_price - r.moving_price <= gap0 / 2.0)
		.map(|r| f64::from(r.t - rows[0].t))
		.expect("the gap halves within the run");
	assert!((rows[100].spot_price / 2.0 - 1.0).abs() < 1e-6, "the spot price holds");
	assert!(
		(half - expected).abs() <= 1.0,
		"half-life {half} blocks, ln 2 / a_eff = {expected:.1}"
	);
}

/// Issuance over N blocks is Σ E(I): 1 TAO a block until half the 21 M cap, then 0.5, with
/// E(I) = 1 TAO / 2^r, r the largest with 2^r·(S − I) ≤ S. The run starts 50 TAO below the
/// first halving, so it crosses it; one subnet takes the whole block's TAO.
#[test]
fn issuance_over_n_blocks_is_the_sum_of_the_halving_curve() {
	const S: u128 = 21_000_000 * 1_000_000_000;
	// Genesis holds the owner's 1 001 TAO, the whale, and the pool's 1 000 TAO minus the lock
	// moved into it; set-up emits 2 blocks. The whale is sized from the start measured below.
	let probe =
		simulate("name = \"p\"\nblocks = 1\n[chain]\nsubnets = [{ tao = 1000, price = 0.5 }]\n");
	let below_halving = 10_500_000.0 - probe.summary.issuance_start - 50.0;
	let run = simulate(&format!(
		"name = \"issuance\"\nblocks = 200\n[chain]\nsubnets = [{{ tao = 1000, price = 0.5 }}]\n\
		 [[actors]]\nname = \"whale\"\nbalance = {below_halving}\nstrategy = {{ kind = \"idle\", subnet = 1 }}\n"
	));
	let start = u128::from(run.summary.issuance_start_rao);
	let end = u128::from(run.summary.issuance_end_rao);
	let mut i = start;
	for _ in 0..200 {
		let mut r = 0;
		while (1u128 << (r + 1)) * (S - i) <= S {
			r += 1;
		}
		i += (1_000_000_000u128 >> r).min(S - i);
	}
	assert!(start < S / 2 && end > S / 2, "the run crosses the first halving");
	assert_eq!(end, i, "issuance {end} rao after 200 blocks, Σ E(I) gives {i}");
}

/// An attacker that does nothing receives no emission and pays nothing: R = 0.
#[test]
fn an_idle_attacker_in_the_baseline_has_r_zero() {
	let path = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/baseline.toml");
	let mut scenario = Scenario::load(std::path::Path::new(path)).expect("the baseline reads");
	scenario.blocks = 1_500;
	let run = run_attack(&scenario, |_| ()).expect("the runs complete");
	let attacker = run.summary.actors.iter().find(|a| a.attacker).expect("an attacker");
	assert_eq!((attacker.emission, attacker.cost, attacker.fees), (0.0, 0.0, 0.0));
	let attack = run.summary.attack.as_ref().expect("compared with its control");
	assert_eq!((attack.extra_emission, attack.extra_cost, attack.r), (0.0, 0.0, Some(0.0)));
	// The market around it did trade and earn.
	let buyer = run.summary.actors.iter().find(|a| a.name == "buyer-1").expect("buyer-1");
	assert!(buyer.calls > 0 && buyer.emission > 0.0);
}
