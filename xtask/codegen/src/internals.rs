//! What this crate's integration tests reach beyond the public API: pieces
//! of single passes they check on their own. Hidden from the docs; no
//! stability promise.

pub use crate::normalize::shared_enums::value_set_key;
pub use crate::normalize::shared_unions::same_shape;
pub use crate::schema::locate::{schema_pointers, schema_roots};
