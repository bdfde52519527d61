//! Spec loading, normalization and code generation for the `aitoearn` SDK.
//!
//! The crate's `build.rs` and its `xtask` both use this crate, so a spec that
//! the xtask accepts is exactly a spec the SDK builds from.
//!
//! The public API is what those two callers use:
//! - reading a spec directory the one way every reader reads it
//!   ([`load_spec_dir`], [`load_spec_path`], [`load_dir`]) and generating the
//!   SDK's files from it ([`generate_dir`], [`generate()`]), with located
//!   errors and warnings ([`CodegenError`], [`Warning`]);
//! - the name locks that keep callers' names ([`Locks`], [`MethodLock`],
//!   [`TypeLock`]) and the build script's inputs ([`build_input`]);
//! - what the xtask reads of a spec: its [`schema`]s (the one reader of
//!   schema structure), its files and [`spec::operations`], its
//!   [`languages`], the [`normalize`]d plan and the [`mod@generate`]d surface
//!   sections, and [`naming`]'s method-name rule.
//!
//! The passes and generator stages are private to the crate.
pub mod build_input;
mod error;
pub mod generate;
mod ident;
pub mod languages;
mod load;
mod lock_file;
mod locks;
mod method_lock;
pub mod naming;
pub mod normalize;
pub mod schema;
pub mod spec;
mod type_lock;

pub use error::{CodegenError, Result, Warning};
pub use generate::{generate, Generated, GeneratedFile};
pub use load::{generate_dir, load_dir, load_spec_dir, load_spec_path, LoadedDir};
pub use locks::Locks;
pub use method_lock::MethodLock;
pub use type_lock::TypeLock;

/// Internals for this crate's own integration tests; not part of the API.
#[doc(hidden)]
pub mod internals;
