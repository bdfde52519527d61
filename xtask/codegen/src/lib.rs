//! Spec loading, normalization and code generation for the `aitoearn` SDK.
//!
//! The crate's `build.rs` and its `xtask` both use this crate, so a spec that
//! the xtask accepts is exactly a spec the SDK builds from.

pub mod build_input;
pub mod error;
pub mod generate;
pub mod ident;
pub mod languages;
pub mod load;
pub mod lock_file;
pub mod locks;
pub mod method_lock;
pub mod naming;
pub mod normalize;
pub mod schema;
pub mod spec;
pub mod type_lock;

pub use error::{CodegenError, Result, Warning};
pub use generate::{generate, generate_locked, Generated, GeneratedFile};
pub use load::{generate_dir, load_dir, load_spec_dir, load_spec_path, LoadedDir};
pub use locks::Locks;
pub use method_lock::MethodLock;
pub use type_lock::TypeLock;
