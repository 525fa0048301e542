//! Weights for `pallet-dynamic-tao`.
//!
//! The pallet has no dispatchables yet. Each call added to it gets a v2 benchmark in
//! `benchmarking.rs` and a function here, generated from those benchmarks (see
//! `docs/benchmarking.md`).

#![allow(unused_parens, unused_imports)]

use frame_support::weights::Weight;

/// Weight functions needed by `pallet-dynamic-tao`.
pub trait WeightInfo {}

/// For tests and runtimes that do not care about weights.
impl WeightInfo for () {}

/// Weights measured on the reference machine, scaled by the runtime's database weights.
pub struct SubstrateWeight<T>(core::marker::PhantomData<(T, Weight)>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {}
