//! Spec loading, normalization and code generation for the `aitoearn` SDK.
//!
//! The crate's `build.rs` and its `xtask` both use this crate, so a spec that
//! the xtask accepts is exactly a spec the SDK builds from.

pub mod build_input;
pub mod error;
pub mod generate;
pub mod naming;
pub mod normalize;
pub mod spec;
pub mod variants;

pub use error::{CodegenError, Result};
pub use generate::{generate, Generated, GeneratedFile};
