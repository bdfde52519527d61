//! Pre-pass: an OpenAPI 3.1 document, or 3.1 spellings leaked into a 3.0
//! one, in the 3.0 form the parser and progenitor read.
//!
//! Runs on each file before validation ([`crate::spec::prepare`]). A rewrite
//! that keeps the meaning is silent; one that loses something is a
//! [`Warning`] at the JSON pointer of what was lost.
//!
//! The document (only when it says `openapi: 3.1.x`):
//! - `openapi` becomes `3.0.3`; a missing `paths` becomes `{}`;
//! - `jsonSchemaDialect` is removed (a warning unless it names the OAS base
//!   dialect), and so are `webhooks` and `components.pathItems` (a warning:
//!   the SDK calls the API, it does not receive calls).
//!
//! Every schema, children before their parent:
//! - `type: [T, "null"]` becomes `type: T, nullable: true`, `type: [T]`
//!   becomes `type: T`; a list of several non-null types is removed (the
//!   schema then accepts any value: a warning), keeping `nullable` when
//!   `"null"` is listed; `type: "null"` alone becomes `nullable: true` and
//!   `enum: [null]`;
//! - an `anyOf`/`oneOf` member `{type: "null"}` becomes `nullable: true` on
//!   the schema; a single remaining member is the schema (a `$ref` as
//!   `allOf: [$ref]`, the 3.0 form of a nullable reference);
//! - numeric `exclusiveMinimum: n` / `exclusiveMaximum: n` become
//!   `minimum: n, exclusiveMinimum: true` (and the maximum alike);
//! - `const: v` becomes `enum: [v]`;
//! - an `examples` list becomes `example` (its first value; a warning when
//!   there were more);
//! - `contentEncoding: base64` becomes `format: byte`, `contentMediaType`
//!   on a string becomes `format: binary`;
//! - `true` as a subschema becomes `{}` and `false` becomes `{not: {}}`
//!   (except under `additionalProperties`, where 3.0 takes booleans);
//! - in a 3.1 document, a `$ref` with sibling keywords becomes
//!   `allOf: [$ref]` beside them (3.0 ignores a `$ref`'s siblings; 3.1 applies
//!   them).

use serde_json::{json, Map, Value};

use crate::error::Warning;
use crate::schema::locate::schema_roots;
use crate::schema::walk::subschemas_at_mut;
use crate::schema::{is_ref, ref_to, set_all_of, set_nullable, take_ref};

/// The `jsonSchemaDialect` an OpenAPI 3.1 document has when it names none.
const OAS_BASE_DIALECT: &str = "https://spec.openapis.org/oas/3.1/dialect/base";

/// The version a 3.1 document is relabelled with.
const TARGET_VERSION: &str = "3.0.3";

/// Rewrite the 3.1 spellings described in the module doc.
pub fn downgrade_to_3_0(spec: &mut Value) -> Vec<Warning> {
    let mut warnings = Vec::new();
    let is_3_1 = spec
        .get("openapi")
        .and_then(Value::as_str)
        .is_some_and(|v| v.starts_with("3.1"));
    if is_3_1 {
        downgrade_document(spec, &mut warnings);
    }
    for root in schema_roots(spec) {
        if let Some(schema) = spec.pointer_mut(&root) {
            downgrade_tree(schema, &root, is_3_1, &mut warnings);
        }
    }
    warnings
}

fn downgrade_document(spec: &mut Value, warnings: &mut Vec<Warning>) {
    let Some(doc) = spec.as_object_mut() else {
        return;
    };
    doc.insert("openapi".into(), json!(TARGET_VERSION));
    doc.entry("paths").or_insert_with(|| json!({}));
    if let Some(dialect) = doc.remove("jsonSchemaDialect") {
        if dialect != OAS_BASE_DIALECT {
            warnings.push(Warning::at(
                "/jsonSchemaDialect",
                format!("dropped `jsonSchemaDialect` {dialect}: schemas are read with the OpenAPI base dialect"),
            ));
        }
    }
    if doc.remove("webhooks").is_some() {
        warnings.push(Warning::at(
            "/webhooks",
            "dropped `webhooks`: the SDK makes calls and does not receive them",
        ));
    }
    let path_items = doc
        .get_mut("components")
        .and_then(Value::as_object_mut)
        .and_then(|c| c.remove("pathItems"));
    if path_items.is_some() {
        warnings.push(Warning::at(
            "/components/pathItems",
            "dropped `components.pathItems`: OpenAPI 3.0 has no reusable path items",
        ));
    }
}

/// Rewrite `schema` and everything nested in it, children first, so that a
/// parent sees its members in their 3.0 form.
fn downgrade_tree(schema: &mut Value, at: &str, is_3_1: bool, warnings: &mut Vec<Warning>) {
    if is_3_1 {
        wrap_ref_with_siblings(schema);
    }
    // Null members go before the walk: the walk would rewrite them.
    fold_null_members(schema);
    subschemas_at_mut(schema, &mut |suffix, child| {
        if let Value::Bool(b) = child {
            if !suffix.starts_with("/additionalProperties") {
                *child = if *b { json!({}) } else { json!({"not": {}}) };
            }
        }
        downgrade_tree(child, &format!("{at}{suffix}"), is_3_1, warnings);
    });
    if let Some(map) = schema.as_object_mut() {
        downgrade_keywords(map, at, warnings);
    }
}

/// 3.1 applies a `$ref`'s sibling keywords; 3.0 says the same with `allOf`.
fn wrap_ref_with_siblings(schema: &mut Value) {
    let Some(map) = schema.as_object_mut() else {
        return;
    };
    if map.len() < 2 {
        return;
    }
    if let Some(reference) = take_ref(map) {
        set_all_of(map, vec![ref_to(reference)]);
    }
}

fn is_null_type(member: &Value) -> bool {
    match member.get("type") {
        Some(Value::String(t)) => t == "null",
        Some(Value::Array(types)) => types.iter().all(|t| t == "null"),
        _ => false,
    }
}

/// `anyOf`/`oneOf` with `{type: "null"}` members: `nullable` on the schema,
/// and a single remaining member merged into it.
fn fold_null_members(schema: &mut Value) {
    let Some(map) = schema.as_object_mut() else {
        return;
    };
    for keyword in ["anyOf", "oneOf"] {
        let Some(Value::Array(members)) = map.get(keyword) else {
            continue;
        };
        if !members.iter().any(is_null_type) {
            continue;
        }
        let mut rest: Vec<Value> = members
            .iter()
            .filter(|m| !is_null_type(m))
            .cloned()
            .collect();
        set_nullable(map);
        match (rest.len(), rest.first().and_then(Value::as_object)) {
            (1, Some(_)) if is_ref(&rest[0]) => {
                map.remove(keyword);
                set_all_of(map, rest);
            }
            (1, Some(only)) => {
                let only = only.clone();
                map.remove(keyword);
                for (key, value) in only {
                    map.entry(key).or_insert(value);
                }
            }
            (0, _) => {
                map.remove(keyword);
                map.insert("enum".into(), json!([null]));
            }
            _ => {
                map.insert(keyword.into(), Value::Array(std::mem::take(&mut rest)));
            }
        }
    }
}

/// The keyword rewrites of one schema object (see the module doc).
fn downgrade_keywords(map: &mut Map<String, Value>, at: &str, warnings: &mut Vec<Warning>) {
    match map.get("type").cloned() {
        Some(Value::Array(list)) => {
            let nullable = list.iter().any(|t| t == "null");
            let others: Vec<&Value> = list.iter().filter(|t| *t != "null").collect();
            match others.as_slice() {
                [single] => {
                    map.insert("type".into(), (*single).clone());
                }
                [] => {
                    map.remove("type");
                    map.insert("enum".into(), json!([null]));
                }
                _ => {
                    map.remove("type");
                    warnings.push(Warning::at(
                        format!("{at}/type"),
                        format!(
                            "dropped the OpenAPI 3.1 `type` list {}: 3.0 names one type, so the schema accepts any value",
                            Value::Array(list.clone())
                        ),
                    ));
                }
            }
            if nullable {
                set_nullable(map);
            }
        }
        Some(Value::String(t)) if t == "null" => {
            map.remove("type");
            set_nullable(map);
            map.insert("enum".into(), json!([null]));
        }
        _ => {}
    }
    for (exclusive, bound) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        if let Some(Value::Number(n)) = map.get(exclusive).cloned() {
            map.insert(bound.into(), Value::Number(n));
            map.insert(exclusive.into(), json!(true));
        }
    }
    if let Some(value) = map.remove("const") {
        map.insert("enum".into(), json!([value]));
    }
    if let Some(Value::Array(examples)) = map.get("examples").cloned() {
        map.remove("examples");
        if let Some(first) = examples.first() {
            map.entry("example").or_insert_with(|| first.clone());
        }
        if examples.len() > 1 {
            warnings.push(Warning::at(
                format!("{at}/examples"),
                format!(
                    "kept the first of {} schema examples: OpenAPI 3.0 has one `example`",
                    examples.len()
                ),
            ));
        }
    }
    let is_string = map.get("type").is_some_and(|t| t == "string");
    let encoding = map.remove("contentEncoding");
    let media_type = map.remove("contentMediaType");
    if is_string && !map.contains_key("format") {
        if encoding.as_ref().is_some_and(|e| e == "base64") {
            map.insert("format".into(), json!("byte"));
        } else if media_type.is_some() && encoding.is_none() {
            map.insert("format".into(), json!("binary"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schemas(spec: &Value) -> &Value {
        &spec["components"]["schemas"]
    }

    #[test]
    fn type_lists_and_numeric_exclusive_bounds_become_3_0() {
        let mut spec = json!({"components": {"schemas": {
            "A": {"type": ["string", "null"]},
            "B": {"type": ["integer"], "exclusiveMinimum": 0},
            "C": {"type": ["string", "integer"]}
        }}});
        let warnings = downgrade_to_3_0(&mut spec);
        assert_eq!(
            schemas(&spec),
            &json!({
                "A": {"type": "string", "nullable": true},
                "B": {"type": "integer", "minimum": 0, "exclusiveMinimum": true},
                "C": {}
            })
        );
        // Only the list of several types loses meaning.
        let pointers: Vec<&str> = warnings.iter().map(|w| w.pointer.as_str()).collect();
        assert_eq!(pointers, ["/components/schemas/C/type"]);
        assert_eq!(
            warnings[0].message,
            "dropped the OpenAPI 3.1 `type` list [\"string\",\"integer\"]: 3.0 names one type, so the schema accepts any value"
        );
    }

    #[test]
    fn a_3_1_document_becomes_3_0() {
        let mut spec = json!({
            "openapi": "3.1.0",
            "jsonSchemaDialect": OAS_BASE_DIALECT,
            "info": {"title": "t", "version": "1"},
            "webhooks": {"ping": {}},
            "components": {"schemas": {
                "Ref": {"$ref": "#/components/schemas/Kind", "description": "the kind"},
                "Kind": {"const": "a"},
                "Maybe": {"anyOf": [{"$ref": "#/components/schemas/Kind"}, {"type": "null"}]},
                "MaybeInline": {"oneOf": [{"type": "integer", "minimum": 1}, {"type": "null"}]},
                "Example": {"type": "string", "examples": ["x", "y"]},
                "File": {"type": "string", "contentMediaType": "image/png"},
                "Bytes": {"type": "string", "contentEncoding": "base64"},
                "List": {"type": "array", "items": true, "additionalProperties": false}
            }}
        });
        let warnings = downgrade_to_3_0(&mut spec);
        assert_eq!(spec["openapi"], "3.0.3");
        assert_eq!(spec["paths"], json!({}));
        assert!(spec.get("jsonSchemaDialect").is_none() && spec.get("webhooks").is_none());
        assert_eq!(
            schemas(&spec),
            &json!({
                "Ref": {"allOf": [{"$ref": "#/components/schemas/Kind"}], "description": "the kind"},
                "Kind": {"enum": ["a"]},
                "Maybe": {"allOf": [{"$ref": "#/components/schemas/Kind"}], "nullable": true},
                "MaybeInline": {"type": "integer", "minimum": 1, "nullable": true},
                "Example": {"type": "string", "example": "x"},
                "File": {"type": "string", "format": "binary"},
                "Bytes": {"type": "string", "format": "byte"},
                "List": {"type": "array", "items": {}, "additionalProperties": false}
            })
        );
        let pointers: Vec<&str> = warnings.iter().map(|w| w.pointer.as_str()).collect();
        assert_eq!(
            pointers,
            ["/webhooks", "/components/schemas/Example/examples"]
        );
    }

    #[test]
    fn a_3_0_document_keeps_its_refs_and_version() {
        let mut spec = json!({
            "openapi": "3.0.1",
            "components": {"schemas": {
                "Ref": {"$ref": "#/components/schemas/Kind", "description": "ignored in 3.0"}
            }}
        });
        let before = spec.clone();
        assert!(downgrade_to_3_0(&mut spec).is_empty());
        assert_eq!(spec, before);
    }

    #[test]
    fn nested_schemas_are_rewritten_under_a_folded_parent() {
        let mut spec = json!({"components": {"schemas": {
            "A": {"anyOf": [
                {"type": "object", "properties": {"n": {"type": ["integer", "null"]}}},
                {"type": "null"}
            ]}
        }}});
        assert!(downgrade_to_3_0(&mut spec).is_empty());
        assert_eq!(
            schemas(&spec)["A"],
            json!({"type": "object", "nullable": true,
                   "properties": {"n": {"type": "integer", "nullable": true}}})
        );
    }
}
