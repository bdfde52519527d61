//! Loading, merging and validating OpenAPI documents.
//!
//! Specs are handled as `serde_json::Value` (keys sorted, so every walk is
//! deterministic) and only turned into `openapiv3::OpenAPI` for validation
//! and for progenitor.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::error::{escape_pointer_token, pointer, CodegenError, Result};

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

/// Load the spec under `dir` as `build.rs` does with no language chosen:
/// language variants (`<dir>/<lang>/`) checked against each other, English
/// doc text where present (see [`crate::languages::load`]).
pub fn load_dir(dir: &Path) -> Result<Value> {
    crate::languages::load(dir, None)
}

/// Read, merge and validate every JSON spec under `dir`, as one document.
pub fn load_merged(dir: &Path) -> Result<Value> {
    let docs = json_files(dir)?
        .into_iter()
        .map(|path| {
            let value = read_json(&path)?;
            validate(&value).map_err(|e| e.in_file(&path))?;
            Ok(SourceDoc {
                source: path.display().to_string(),
                value,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let merged = merge(&docs)?;
    validate(&merged).map_err(|e| e.in_file(dir))?;
    Ok(merged)
}

/// Merge documents into one: the first supplies `openapi`, `info` and top-level
/// `security`; paths merge per method, components per name, tags and servers
/// by identity. The same operation or component defined differently in two
/// documents is an error that names both sources.
pub fn merge(docs: &[SourceDoc]) -> Result<Value> {
    let Some(first) = docs.first() else {
        return Err(CodegenError::new("nothing to merge"));
    };
    let mut out = Map::new();
    for key in ["openapi", "info", "security"] {
        if let Some(v) = first.value.get(key) {
            out.insert(key.to_string(), v.clone());
        }
    }
    // pointer of each merged item -> source that defined it
    let mut owners: BTreeMap<String, &str> = BTreeMap::new();
    let mut paths = Map::new();
    let mut components: Map<String, Value> = Map::new();
    let mut tags: Vec<Value> = Vec::new();
    let mut servers: Vec<Value> = Vec::new();

    for doc in docs {
        if let Some(doc_paths) = doc.value.get("paths").and_then(Value::as_object) {
            for (path, item) in doc_paths {
                let Some(item) = item.as_object() else {
                    continue;
                };
                let slot = paths
                    .entry(path.clone())
                    .or_insert_with(|| Value::Object(Map::new()));
                for (method, op) in item {
                    let ptr = pointer(&["paths", path, method]);
                    insert_unique(slot, method, op, &ptr, &doc.source, &mut owners)?;
                }
            }
        }
        if let Some(doc_components) = doc.value.get("components").and_then(Value::as_object) {
            for (section, entries) in doc_components {
                let Some(entries) = entries.as_object() else {
                    continue;
                };
                let slot = components
                    .entry(section.clone())
                    .or_insert_with(|| Value::Object(Map::new()));
                for (name, value) in entries {
                    let ptr = pointer(&["components", section, name]);
                    insert_unique(slot, name, value, &ptr, &doc.source, &mut owners)?;
                }
            }
        }
        for (list, key, field) in [
            (&mut tags, "tags", "name"),
            (&mut servers, "servers", "url"),
        ] {
            for entry in doc
                .value
                .get(key)
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                if !list.iter().any(|e| e.get(field) == entry.get(field)) {
                    list.push(entry.clone());
                }
            }
        }
    }
    if !servers.is_empty() {
        out.insert("servers".into(), Value::Array(servers));
    }
    if !tags.is_empty() {
        out.insert("tags".into(), Value::Array(tags));
    }
    out.insert("paths".into(), Value::Object(paths));
    if !components.is_empty() {
        out.insert("components".into(), Value::Object(components));
    }
    Ok(Value::Object(out))
}

fn insert_unique<'a>(
    slot: &mut Value,
    key: &str,
    value: &Value,
    ptr: &str,
    source: &'a str,
    owners: &mut BTreeMap<String, &'a str>,
) -> Result<()> {
    let Some(map) = slot.as_object_mut() else {
        return Err(CodegenError::at(ptr, "expected an object"));
    };
    match map.get(key) {
        Some(existing) if existing != value => Err(CodegenError::at(
            ptr,
            format!(
                "defined differently in {} and in {source}",
                owners.get(ptr).copied().unwrap_or("an earlier document")
            ),
        )),
        Some(_) => Ok(()),
        None => {
            map.insert(key.to_string(), value.clone());
            owners.insert(ptr.to_string(), source);
            Ok(())
        }
    }
}

/// Check that a document is an OpenAPI 3.0 description this generator can use:
/// it parses as OpenAPI, every local `$ref` resolves, and every operation has a
/// unique `operationId`.
pub fn validate(spec: &Value) -> Result<()> {
    match spec.get("openapi").and_then(Value::as_str) {
        Some(v) if v.starts_with("3.0") => {}
        Some(v) => {
            return Err(CodegenError::at(
                "/openapi",
                format!("OpenAPI {v} is not supported; expected 3.0.x"),
            ))
        }
        None => return Err(CodegenError::at("", "missing `openapi` version field")),
    }
    parse(spec)?;
    check_refs(spec, spec, &mut String::new())?;
    let mut seen: BTreeMap<&str, String> = BTreeMap::new();
    for (path, method, op) in operations(spec) {
        let ptr = pointer(&["paths", path, method]);
        let Some(id) = op.get("operationId").and_then(Value::as_str) else {
            return Err(CodegenError::at(ptr, "operation has no operationId"));
        };
        if let Some(other) = seen.insert(id, ptr.clone()) {
            return Err(CodegenError::at(
                ptr,
                format!("operationId `{id}` is also used at #{other}"),
            ));
        }
    }
    Ok(())
}

/// Deserialize into `openapiv3::OpenAPI`, turning serde's path into a JSON pointer.
///
/// Some openapiv3 types deserialize through untagged or flattened helpers,
/// where serde loses the path (it stops at `/paths`); the failing part is
/// then located by parsing each operation and component on its own.
pub fn parse(spec: &Value) -> Result<openapiv3::OpenAPI> {
    serde_path_to_error::deserialize(spec).map_err(|e| {
        let whole = CodegenError::at(
            to_pointer(e.path()),
            format!("not a valid OpenAPI 3.0 document: {}", e.inner()),
        );
        locate(spec).unwrap_or(whole)
    })
}

fn to_pointer(path: &serde_path_to_error::Path) -> String {
    path.iter()
        .map(|seg| match seg {
            serde_path_to_error::Segment::Seq { index } => format!("/{index}"),
            serde_path_to_error::Segment::Map { key } => format!("/{}", escape_pointer_token(key)),
            serde_path_to_error::Segment::Enum { variant } => {
                format!("/{}", escape_pointer_token(variant))
            }
            serde_path_to_error::Segment::Unknown => "/?".to_string(),
        })
        .collect()
}

/// Parse `value` as `T`; on failure, an error at `base` + serde's path.
fn check_part<T: serde::de::DeserializeOwned>(value: &Value, base: &str) -> Option<CodegenError> {
    serde_path_to_error::deserialize::<_, T>(value)
        .err()
        .map(|e| {
            CodegenError::at(
                format!("{base}{}", to_pointer(e.path())),
                format!("not a valid OpenAPI 3.0 document: {}", e.inner()),
            )
        })
}

fn locate(spec: &Value) -> Option<CodegenError> {
    use openapiv3::{
        Operation, Parameter, ReferenceOr, RequestBody, Response, Schema, SecurityScheme,
    };
    for (path, method, op) in operations(spec) {
        if let Some(e) = check_part::<Operation>(op, &pointer(&["paths", path, method])) {
            return Some(e);
        }
    }
    let components = spec.get("components").and_then(Value::as_object)?;
    for (section, entries) in components {
        for (name, value) in entries.as_object().into_iter().flatten() {
            let base = pointer(&["components", section, name]);
            let found = match section.as_str() {
                "schemas" => check_part::<ReferenceOr<Schema>>(value, &base),
                "parameters" => check_part::<ReferenceOr<Parameter>>(value, &base),
                "responses" => check_part::<ReferenceOr<Response>>(value, &base),
                "requestBodies" => check_part::<ReferenceOr<RequestBody>>(value, &base),
                "securitySchemes" => check_part::<ReferenceOr<SecurityScheme>>(value, &base),
                _ => None,
            };
            if found.is_some() {
                return found;
            }
        }
    }
    None
}

fn check_refs(root: &Value, value: &Value, at: &mut String) -> Result<()> {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(target)) = map.get("$ref") {
                if resolve_ref(root, target).is_none() {
                    return Err(CodegenError::at(
                        format!("{at}/$ref"),
                        format!("`$ref` {target} does not resolve"),
                    ));
                }
            }
            for (k, v) in map {
                let len = at.len();
                at.push('/');
                at.push_str(&escape_pointer_token(k));
                check_refs(root, v, at)?;
                at.truncate(len);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                let len = at.len();
                at.push_str(&format!("/{i}"));
                check_refs(root, v, at)?;
                at.truncate(len);
            }
        }
        _ => {}
    }
    Ok(())
}

/// Resolve a local `$ref` (`#/...`) inside `root`.
pub fn resolve_ref<'a>(root: &'a Value, target: &str) -> Option<&'a Value> {
    let ptr = target.strip_prefix('#')?;
    root.pointer(&decode_pointer_escapes(ptr))
}

/// `$ref`s are URI fragments: undo percent-encoding before using them as pointers.
fn decode_pointer_escapes(ptr: &str) -> String {
    let bytes = ptr.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(&ptr[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| ptr.to_string())
}

/// Follow a `$ref` once, when the value is one (and it resolves).
pub fn deref<'a>(spec: &'a Value, value: &'a Value) -> &'a Value {
    match value.get("$ref").and_then(Value::as_str) {
        Some(target) => resolve_ref(spec, target).unwrap_or(value),
        None => value,
    }
}

/// The names a schema's `required` list holds.
pub fn required(schema: &Value) -> Vec<&str> {
    schema
        .get("required")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect()
}

/// The HTTP methods an OpenAPI path item can hold.
pub const METHODS: [&str; 8] = [
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn minimal() -> Value {
        json!({
            "openapi": "3.0.1",
            "info": {"title": "t", "version": "1"},
            "paths": {"/a": {"get": {"operationId": "A_get", "responses": {"200": {"description": "ok",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}}}}}},
            "components": {"schemas": {"Thing": {"type": "object"}}}
        })
    }

    fn message(spec: &Value) -> String {
        validate(spec).unwrap_err().to_string()
    }

    #[test]
    fn a_valid_spec_passes() {
        validate(&minimal()).unwrap();
    }

    #[test]
    fn errors_name_the_json_pointer() {
        let mut s = minimal();
        s["paths"]["/a"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
            ["$ref"] = json!("#/components/schemas/Missing");
        let m = message(&s);
        assert!(
            m.contains("#/paths/~1a/get/responses/200/content/application~1json/schema/$ref"),
            "{m}"
        );
        assert!(m.contains("does not resolve"), "{m}");

        let mut s = minimal();
        s["paths"]["/a"]["get"]
            .as_object_mut()
            .unwrap()
            .remove("operationId");
        assert!(
            message(&s).contains("#/paths/~1a/get: operation has no operationId"),
            "{}",
            message(&s)
        );

        let mut s = minimal();
        s["paths"]["/a"]["get"]["responses"] = json!("not an object");
        let m = message(&s);
        assert!(m.contains("#/paths/~1a/get/responses"), "{m}");

        let mut s = minimal();
        s["openapi"] = json!("3.1.0");
        assert!(message(&s).contains("3.1.0 is not supported"));
    }

    #[test]
    fn duplicate_operation_ids_are_rejected() {
        let mut s = minimal();
        s["paths"]["/b"] = s["paths"]["/a"].clone();
        assert!(
            message(&s).contains("operationId `A_get` is also used at #/paths/~1a/get"),
            "{}",
            message(&s)
        );
    }

    #[test]
    fn load_dir_names_the_file() {
        let dir =
            std::env::temp_dir().join(format!("aitoearn-codegen-test-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("zh")).unwrap();
        let file = dir.join("zh/bad.json");
        std::fs::write(&file, "{\"openapi\": \"3.0.1\",").unwrap();
        let m = load_dir(&dir).unwrap_err().to_string();
        assert!(m.starts_with(&file.display().to_string()), "{m}");
        assert!(m.contains("line 1"), "{m}");

        let mut s = minimal();
        s["components"]["schemas"]["Thing"] = json!({"type": 5});
        std::fs::write(&file, s.to_string()).unwrap();
        let m = load_dir(&dir).unwrap_err().to_string();
        assert!(m.starts_with(&file.display().to_string()), "{m}");
        assert!(m.contains("#/components/schemas/Thing"), "{m}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn merging_reports_conflicts_with_both_sources() {
        let a = SourceDoc {
            source: "page-a".into(),
            value: minimal(),
        };
        let mut other = minimal();
        other["components"]["schemas"]["Thing"] = json!({"type": "string"});
        let b = SourceDoc {
            source: "page-b".into(),
            value: other,
        };
        let m = merge(&[a.clone(), b]).unwrap_err().to_string();
        assert!(
            m.contains("#/components/schemas/Thing")
                && m.contains("page-a")
                && m.contains("page-b"),
            "{m}"
        );
        assert_eq!(merge(&[a.clone(), a]).unwrap()["paths"], minimal()["paths"]);
    }
}
