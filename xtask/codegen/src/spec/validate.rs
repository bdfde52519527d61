//! Validating a document: OpenAPI 3.0 that parses, `$ref`s that resolve,
//! unique `operationId`s; every failure located by JSON pointer.

use std::collections::BTreeMap;

use serde_json::Value;

use super::operations;
use crate::error::{CodegenError, Result};
use crate::schema::{escape_pointer_token, pointer, ref_target, resolve_ref};

/// Check that a document is an OpenAPI 3.0 description this generator can use:
/// it parses as OpenAPI, every local `$ref` resolves, and every operation has a
/// unique `operationId`. A 3.1 document is checked after its rewrite to 3.0:
/// see [`prepare`](super::prepare), which every reader of a spec calls.
pub fn validate(spec: &Value) -> Result<()> {
    match spec.get("openapi").and_then(Value::as_str) {
        Some(v) if v.starts_with("3.0") => {}
        Some(v) => {
            return Err(CodegenError::at(
                "/openapi",
                format!("OpenAPI {v} is not supported; expected 3.0.x or 3.1.x"),
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
            if let Some(target) = ref_target(value) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::tests_support::minimal;
    use serde_json::json;

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
        s["openapi"] = json!("3.2.0");
        assert!(message(&s).contains("3.2.0 is not supported; expected 3.0.x or 3.1.x"));

        // 3.1 is read through `prepare`, as every loader does.
        let mut s = minimal();
        s["openapi"] = json!("3.1.0");
        assert_eq!(
            crate::spec::prepare(&mut s).map_err(|e| e.to_string()),
            Ok(vec![])
        );
        assert_eq!(s["openapi"], "3.0.3");
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
}
