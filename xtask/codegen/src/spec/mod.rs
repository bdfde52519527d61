//! Loading, merging and validating OpenAPI documents.
//!
//! Specs are handled as `serde_json::Value` (keys sorted, so every walk is
//! deterministic) and only turned into `openapiv3::OpenAPI` for validation
//! and for progenitor.

mod merge;
mod validate;

pub use merge::merge;
pub(crate) use validate::{parse, validate};

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::error::{CodegenError, Result, Warning};

/// One OpenAPI document and where it came from (a file path or a page URL).
#[derive(Debug, Clone)]
pub struct SourceDoc {
    /// A name for messages: the file path or the URL the document came from.
    pub source: String,
    /// The parsed document.
    pub value: Value,
}

/// All `*.json` files under `dir`, recursively, in sorted order.
pub fn json_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let entries = std::fs::read_dir(&d)
            .map_err(|e| CodegenError::new(format!("cannot read directory: {e}")).in_file(&d))?;
        for entry in entries {
            let path = entry
                .map_err(|e| CodegenError::new(format!("cannot list directory: {e}")).in_file(&d))?
                .path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "json") {
                out.push(path);
            }
        }
    }
    out.sort();
    if out.is_empty() {
        return Err(CodegenError::new("no OpenAPI JSON file found").in_file(dir));
    }
    Ok(out)
}

/// Parse one JSON file, reporting syntax errors with line and column.
pub fn read_json(path: &Path) -> Result<Value> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| CodegenError::new(format!("cannot read: {e}")).in_file(path))?;
    serde_json::from_str(&text).map_err(|e| {
        CodegenError::new(format!(
            "not valid JSON (line {}, column {}): {e}",
            e.line(),
            e.column()
        ))
        .in_file(path)
    })
}

/// A document made ready for the generator, as every reader of a spec does
/// it (the build, the xtask's refresh and checks, tests and benches): OpenAPI
/// 3.1 and 3.1 spellings rewritten to 3.0
/// (the normalize module's `dialect::downgrade_to_3_0`), then validated. Returns the rewrites that lost something, as warnings.
pub fn prepare(value: &mut Value) -> Result<Vec<Warning>> {
    let warnings = crate::normalize::dialect::downgrade_to_3_0(value);
    validate(value)?;
    Ok(warnings)
}

/// The HTTP methods an OpenAPI path item can hold.
pub(crate) const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Every operation as `(path, method, operation)`, in path then method order.
pub fn operations(spec: &Value) -> impl Iterator<Item = (&str, &str, &Value)> {
    spec.get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .flat_map(|(path, item)| {
            METHODS
                .iter()
                .filter_map(move |m| item.get(*m).map(|op| (path.as_str(), *m, op)))
        })
}

/// Documents for the tests of this module and of its users.
#[cfg(test)]
pub(crate) mod tests_support {
    use serde_json::{json, Value};

    /// The smallest valid spec: one operation answering a component.
    pub(crate) fn minimal() -> Value {
        json!({
            "openapi": "3.0.1",
            "info": {"title": "t", "version": "1"},
            "paths": {"/a": {"get": {"operationId": "A_get", "responses": {"200": {"description": "ok",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}}}}}},
            "components": {"schemas": {"Thing": {"type": "object"}}}
        })
    }
}
