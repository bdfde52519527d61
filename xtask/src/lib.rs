//! Project automation for aitoearn-rs: the library behind `cargo xtask`.
//!
//! Every command is a function here, so integration tests call them directly
//! (no process spawning); `main.rs` only parses arguments and prints.
//! Spec validation and generation go through `aitoearn_codegen`, the same
//! code `build.rs` runs.

pub mod args;
pub mod bench;
pub mod caller_check;
pub mod canonical;
pub mod check;
pub mod diff;
pub mod drift_job;
pub mod drift_pr;
pub mod error;
pub mod paths;
pub mod refresh;
pub mod semver;
pub mod semver_checks;
pub mod surface;
pub mod variants;

pub use error::{Error, Result};
