//! Code generation: the files `build.rs` writes into `OUT_DIR`.

pub(crate) mod args;
pub(crate) mod dynamic;
pub(crate) mod enums;
pub(crate) mod example_params;
pub(crate) mod guard;
pub(crate) mod isolate;
pub(crate) mod lean;
pub(crate) mod operations;
pub(crate) mod paginators;
pub(crate) mod raw;
pub(crate) mod requests;
pub(crate) mod shape;
pub(crate) mod union_subtypes;
pub(crate) mod uploads;
pub(crate) mod waiters;

pub use paginators::surface_lines as paginator_surface;
pub use uploads::surface_lines as upload_surface;
pub use waiters::surface_lines as waiter_surface;

use crate::error::{CodegenError, Result};
use crate::locks::Locks;
use crate::normalize::{normalize_locked, Normalized};

/// One generated Rust source file.
#[derive(Debug, Clone)]
pub struct GeneratedFile {
    /// File name inside `OUT_DIR`.
    pub name: &'static str,
    /// Formatted Rust source.
    pub contents: String,
}

/// Everything generated from one spec.
#[derive(Debug, Clone)]
pub struct Generated {
    /// The normalized spec and operation plans the files were made from.
    pub normalized: Normalized,
    /// The files.
    pub files: Vec<GeneratedFile>,
}

/// Normalize a validated spec and generate every file from it, with no name
/// locks.
pub fn generate(spec: &serde_json::Value) -> Result<Generated> {
    generate_locked(spec, &Locks::default())
}

/// Normalize a validated spec and generate every file from it; the names the
/// locks list (methods, enum types) stay as they are.
pub(crate) fn generate_locked(spec: &serde_json::Value, locks: &Locks) -> Result<Generated> {
    let mut normalized = normalize_locked(spec, locks)?;
    let raw_tokens = raw::generate(&normalized)?;
    let mut raw_file: syn::File = syn::parse2(raw_tokens).map_err(|e| {
        CodegenError::new(format!("progenitor's output does not parse as Rust: {e}"))
    })?;
    lean::lean_requests(&mut raw_file);
    let mut paginator_warnings = Vec::new();
    let operations = operations::generate(&normalized, &raw_file, &mut paginator_warnings)?;
    normalized.warnings.extend(paginator_warnings);
    shape::shape_types(&mut raw_file)?;
    let inner_aliases = union_subtypes::inner_type_aliases(
        &raw_file,
        &normalized.shared_unions.aliases,
        &crate::schema::component_names(&normalized.spec),
        &normalized
            .open_enums
            .iter()
            .map(|e| e.name.clone())
            .chain(normalized.enum_aliases.iter().map(|a| a.name.clone()))
            .collect(),
    );
    let (waiters, waiter_warnings, _) = waiters::generate(&normalized);
    normalized.warnings.extend(waiter_warnings);
    let files = vec![
        GeneratedFile {
            name: "raw.rs",
            contents: prettyplease::unparse(&raw_file),
        },
        GeneratedFile {
            name: "operations.rs",
            contents: format(operations, "operations.rs")?,
        },
        GeneratedFile {
            name: "waiters.rs",
            contents: format(waiters, "waiters.rs")?,
        },
        GeneratedFile {
            name: "open_enums.rs",
            contents: format(
                enums::open_enums(
                    &normalized.open_enums,
                    &normalized.enum_aliases,
                    &normalized.shared_unions.aliases,
                    &inner_aliases,
                ),
                "open_enums.rs",
            )?,
        },
        GeneratedFile {
            name: "error_codes.rs",
            contents: format(
                enums::error_codes(&normalized.error_codes),
                "error_codes.rs",
            )?,
        },
    ];
    Ok(Generated { normalized, files })
}

/// Pretty-print tokens with prettyplease.
pub(crate) fn format(tokens: proc_macro2::TokenStream, name: &str) -> Result<String> {
    let file: syn::File = syn::parse2(tokens)
        .map_err(|e| CodegenError::new(format!("generated {name} does not parse as Rust: {e}")))?;
    Ok(prettyplease::unparse(&file))
}
