//! The pallets whose benchmarks the runtime exposes (`dtao-node benchmark pallet`,
//! `frame-omni-bencher`).

frame_benchmarking::define_benchmarks!(
	[frame_system, SystemBench::<Runtime>]
	[pallet_balances, Balances]
	[pallet_timestamp, Timestamp]
	[pallet_sudo, Sudo]
	[pallet_dynamic_tao, DynamicTao]
);
