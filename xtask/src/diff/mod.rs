//! `cargo xtask diff`: the API drift between two specs, each change classed
//! breaking or non-breaking for code written against the SDK.

pub mod compare;
pub mod model;
pub mod render;

pub use compare::compare;
pub use model::{Change, Class, Kind, Operation, Report};
