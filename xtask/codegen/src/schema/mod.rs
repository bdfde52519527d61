//! How the generator reads a schema, in one place: JSON pointers, `$ref`
//! resolution, `allOf` folding, keyword helpers, media types and string
//! formats. Normalization, example synthesis and the drift report
//! (`xtask diff`) all read schemas through this module, so a schema means the
//! same to the report as to the generator that turns it into Rust types.
//!
//! The keywords `$ref`, `allOf` and `nullable` are spelled here and nowhere
//! else in the generator or the xtask (outside tests): everything else reads
//! and writes them through this module's functions
//! (`xtask/codegen/tests/schema_literals.rs` checks it).
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

pub use all_of::{all_of_parts, fold_all_of, has_all_of, nullable_all_of, set_all_of};
pub use keywords::{
    has_nullable_keyword, inferred_type, is_nullable, required, same_value, set_nullable,
    take_nullable, union_members, Composition,
};
pub use locate::{schema_roots, walk_spec, walk_spec_mut};
pub use pointer::{escape_pointer_token, pointer, ref_pointer, unescape_pointer_token};
pub use refs::{
    component_name, component_names, component_of, component_target, deref, follow, is_ref,
    ref_target, ref_target_mut, ref_to, ref_to_component, referenced_components, resolve_ref,
    take_ref, Followed,
};
pub use walk::{child, property, property_schemas, subschemas_mut, walk, walk_mut, Position};
