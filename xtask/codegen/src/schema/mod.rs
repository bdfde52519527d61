//! How the generator reads a schema, in one place: JSON pointers, `$ref`
//! resolution, `allOf` folding, keyword helpers, media types and string
//! formats. Normalization, example synthesis and the drift report
//! (`xtask diff`) all read schemas through this module, so a schema means the
//! same to the report as to the generator that turns it into Rust types.
//!
//! Every function takes the whole spec as `root` (references are local,
//! `#/...`) and never panics on a malformed document: what does not resolve
//! is left as it is.

pub(crate) mod all_of;
pub(crate) mod formats;
pub(crate) mod keywords;
pub(crate) mod locate;
pub(crate) mod media;
pub(crate) mod pointer;
pub(crate) mod refs;
pub(crate) mod walk;

pub use all_of::{all_of_parts, fold_all_of};
pub use keywords::{inferred_type, is_nullable, required, same_value, union_members};
pub use pointer::{escape_pointer_token, pointer, ref_pointer, unescape_pointer_token};
pub use refs::{
    component_name, component_of, deref, follow, referenced_components, resolve_ref, Followed,
};
pub use walk::{subschemas_mut, walk_mut};
