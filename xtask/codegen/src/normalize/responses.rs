//! Pass: schemas the SDK decodes responses with carry no validation.
//!
//! The construct: `minLength`, `maximum`, `exclusiveMinimum`, `pattern`,
//! `minItems`, `uniqueItems`, `additionalProperties: false`… on schemas
//! used in responses. typify turns a constrained scalar into a newtype whose
//! `Deserialize` rejects out-of-range values, and `additionalProperties:
//! false` into `#[serde(deny_unknown_fields)]`, so one value outside the
//! documented range, or one new field, would fail a whole response. Those are
//! statements about what the server sends, not something a client can act
//! on, so the pass removes them from every schema reachable from a response
//! (following `$ref`s). A component shared with a request loses them too
//! (typify generates one type for both); checking requests is the server's
//! job, and it still does. Formats (`date-time`) are kept: they give typed
//! timestamps, and a server that sends a malformed one is broken.

use std::collections::BTreeSet;

use serde_json::Value;

use super::plan::OperationPlan;
use crate::schema::{escape_pointer_token, referenced_components, walk_mut};

/// Keywords that only restrict which values are valid.
const VALIDATION_KEYWORDS: [&str; 13] = [
    "minLength",
    "maxLength",
    "pattern",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minItems",
    "maxItems",
    "uniqueItems",
    "minProperties",
    "maxProperties",
];

/// Strip validation from every schema reachable from an operation's result.
/// Returns the components that were visited.
pub fn relax_response_schemas(spec: &mut Value, ops: &[OperationPlan]) -> BTreeSet<String> {
    let mut pending: Vec<String> = Vec::new();
    for op in ops {
        if let Some(schema) = &op.data_schema {
            pending.extend(referenced_components(schema));
        }
    }
    let mut seen = BTreeSet::new();
    while let Some(name) = pending.pop() {
        if !seen.insert(name.clone()) {
            continue;
        }
        let ptr = format!("/components/schemas/{}", escape_pointer_token(&name));
        if let Some(schema) = spec.pointer_mut(&ptr) {
            relax(schema);
            pending.extend(referenced_components(schema));
        }
    }
    seen
}

/// Strip validation from one schema and its inline subschemas. Only schema
/// positions are visited ([`walk_mut`]): a property *named* `pattern` or
/// `minimum` is a field the server sends, never a keyword to drop.
pub fn relax(schema: &mut Value) {
    walk_mut(schema, &mut |s| {
        if let Value::Object(map) = s {
            for k in VALIDATION_KEYWORDS {
                map.remove(k);
            }
            if map.get("additionalProperties") == Some(&Value::Bool(false)) {
                map.remove("additionalProperties");
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reachable_schemas_lose_validation_others_keep_it() {
        let mut spec = json!({"components": {"schemas": {
            "Page": {"type": "object", "additionalProperties": false, "properties": {
                "limit": {"type": "integer", "minimum": 0, "exclusiveMinimum": true, "maximum": 100},
                "items": {"type": "array", "minItems": 1, "items": {"$ref": "#/components/schemas/Item"}}
            }},
            "Item": {"type": "string", "minLength": 1, "pattern": "^a", "enum": ["a"], "format": "date-time"},
            "Request": {"type": "string", "maxLength": 3}
        }}});
        let mut op = crate::normalize::plan::tests_support::plan("X");
        op.data_schema = Some(json!({"$ref": "#/components/schemas/Page"}));
        let seen = relax_response_schemas(&mut spec, &[op]);
        assert_eq!(seen.into_iter().collect::<Vec<_>>(), ["Item", "Page"]);
        let s = &spec["components"]["schemas"];
        assert_eq!(
            s["Page"],
            json!({"type": "object", "properties": {
                "limit": {"type": "integer"},
                "items": {"type": "array", "items": {"$ref": "#/components/schemas/Item"}}
            }})
        );
        assert_eq!(
            s["Item"],
            json!({"type": "string", "enum": ["a"], "format": "date-time"})
        );
        assert_eq!(s["Request"], json!({"type": "string", "maxLength": 3}));
    }

    #[test]
    fn properties_named_like_keywords_are_kept() {
        let names = [
            "pattern",
            "minimum",
            "maxLength",
            "format",
            "default",
            "enum",
            "items",
            "required",
            "nullable",
        ];
        let properties: serde_json::Map<String, Value> = names
            .iter()
            .map(|n| (n.to_string(), json!({"type": "string", "maxLength": 5})))
            .collect();
        let mut schema = json!({"type": "object", "properties": properties});
        relax(&mut schema);
        let kept = schema["properties"].as_object().unwrap();
        assert_eq!(kept.len(), names.len());
        for n in names {
            assert_eq!(kept[n], json!({"type": "string"}), "{n}");
        }
    }
}
