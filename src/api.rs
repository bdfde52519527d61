//! The SDK methods, one per operation, generated from the spec (see
//! `xtask/codegen/src/generate/operations.rs`), and the operation table.
//!
//! Each method takes the operation's path, query and body parameters, applies
//! the envelope rule, and returns the typed `data`.

include!(concat!(env!("OUT_DIR"), "/operations.rs"));

include!(concat!(env!("OUT_DIR"), "/waiters.rs"));
