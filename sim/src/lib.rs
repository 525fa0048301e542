//! `dtao-sim`: replays markets and attacks against the real dev runtime, natively and block by
//! block, and measures what an attacker earns per TAO spent (docs/simulator.md).
//!
//! - [`scenario`]: the TOML scenario files.
//! - [`chain`]: the runtime driven like `frame_executive` drives it, without a node.
//! - [`actors`]: honest traders and attackers.
//! - [`run`]: one run and what it measures; [`output`] and [`plot`] write it out.
//! - [`compare`]: every scenario under every share rule.

pub mod actors;
pub mod chain;
pub mod compare;
pub mod output;
pub mod plot;
pub mod run;
pub mod scenario;
