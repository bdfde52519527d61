//! Pass: values that do not fit their own schema are dropped, with a warning.
//!
//! The construct: a `default`, `enum` or `const` value, or a schema `example`,
//! that is not a value of the schema it sits in. typify checks every default
//! against the type it generates and fails the whole generation when one does
//! not fit ("value does not conform to the given schema", with no location);
//! an enum value of the wrong type fails it the same way. Upstream has
//! published such values (a `default: {}` on a query parameter whose `anyOf`
//! variants each have required properties), so regenerating must survive them.
//!
//! Each value is checked with [`instance::check`] against its schema (after
//! `$ref` and `allOf` resolution); one that does not conform is removed and
//! recorded as a [`Warning`] naming its JSON pointer. In order, per schema:
//! - `enum` values of another type than the schema's (or, without a `type`,
//!   than the first value's) are removed; when none is left, `enum` goes;
//! - `const`, `default` and `example` values that do not conform are removed.
//!
//! A `null` default or example is left alone: it means "no value", and typify
//! makes every optional property an `Option`.

use serde_json::{Map, Value};

use super::instance::{self, snippet};
use crate::error::Warning;
use crate::schema::keywords::types;
use crate::schema::locate::schema_pointers;

/// Remove every value that does not conform to its schema (see the module doc).
pub fn drop_nonconforming_values(spec: &mut Value) -> Vec<Warning> {
    let mut warnings = Vec::new();
    for ptr in schema_pointers(spec) {
        let Some(schema) = spec.pointer(&ptr).and_then(Value::as_object).cloned() else {
            continue;
        };
        let mut fixed = schema.clone();
        check_enum(spec, &ptr, &mut fixed, &mut warnings);
        for key in ["const", "default", "example"] {
            let Some(value) = fixed.get(key).filter(|v| !v.is_null()).cloned() else {
                continue;
            };
            // Only scalar examples are used (by the examples pass, as values).
            if key == "example" && (value.is_object() || value.is_array()) {
                continue;
            }
            let mut against = fixed.clone();
            for other in ["const", "default", "example"] {
                if other != key {
                    against.remove(other);
                }
            }
            if let Err(reason) = instance::check(spec, &Value::Object(against), &value) {
                fixed.remove(key);
                warnings.push(Warning::at(
                    format!("{ptr}/{key}"),
                    format!(
                        "dropped `{key}` {}: it does not conform to its schema: {reason}",
                        snippet(&value)
                    ),
                ));
            }
        }
        if fixed != schema {
            if let Some(slot) = spec.pointer_mut(&ptr) {
                *slot = Value::Object(fixed);
            }
        }
    }
    warnings
}

fn check_enum(spec: &Value, ptr: &str, schema: &mut Map<String, Value>, out: &mut Vec<Warning>) {
    let Some(values) = schema.get("enum").and_then(Value::as_array).cloned() else {
        return;
    };
    let mut against = schema.clone();
    for key in ["enum", "const", "default", "example"] {
        against.remove(key);
    }
    // Without a `type`, the first non-null value decides what the enum holds.
    if types(&against).is_empty() {
        if let Some(first) = values.iter().find(|v| !v.is_null()) {
            against.insert("type".into(), Value::String(kind(first).into()));
        }
    }
    let against = Value::Object(against);
    let mut kept = Vec::new();
    for (i, value) in values.iter().enumerate() {
        if value.is_null() {
            kept.push(value.clone());
            continue;
        }
        match instance::check(spec, &against, value) {
            Ok(()) => kept.push(value.clone()),
            Err(reason) => out.push(Warning::at(
                format!("{ptr}/enum/{i}"),
                format!(
                    "dropped `enum` value {}: it does not conform to its schema: {reason}",
                    snippet(value)
                ),
            )),
        }
    }
    if kept.len() == values.len() {
        return;
    }
    if kept.iter().all(Value::is_null) {
        schema.remove("enum");
        out.push(Warning::at(
            format!("{ptr}/enum"),
            "dropped `enum`: none of its values conforms to its schema",
        ));
    } else {
        schema.insert("enum".into(), Value::Array(kept));
    }
}

/// The JSON type of a value, named as in a schema (`number` for any number).
fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_default_matching_no_any_of_variant_is_dropped_with_its_pointer() {
        let mut spec = json!({"paths": {"/works": {"get": {"parameters": [{
            "name": "pagination", "in": "query",
            "schema": {"default": {}, "anyOf": [
                {"type": "object", "required": ["page"], "properties": {"page": {"type": "integer"}}},
                {"type": "object", "required": ["cursor"], "properties": {"cursor": {"type": "string"}}}
            ]}
        }]}}}});
        let warnings = drop_nonconforming_values(&mut spec);
        assert_eq!(
            warnings,
            [Warning::at(
                "/paths/~1works/get/parameters/0/schema/default",
                "dropped `default` {}: it does not conform to its schema: {} matches none of the 2 \
                 `anyOf` variants (missing required property `page`; missing required property `cursor`)"
            )]
        );
        let schema = &spec["paths"]["/works"]["get"]["parameters"][0]["schema"];
        assert!(schema.get("default").is_none());
        assert_eq!(schema["anyOf"].as_array().map(Vec::len), Some(2));
    }

    #[test]
    fn conforming_values_stay_and_wrong_ones_go() {
        let mut spec = json!({"components": {"schemas": {
            "Size": {"type": "integer", "default": 10, "example": "ten", "minimum": 1},
            "Mode": {"type": "string", "enum": ["a", 1, "b", null], "default": "c"},
            "Mixed": {"enum": ["x", true, "y"]},
            "Opt": {"type": "string", "default": null},
            "Ref": {"allOf": [{"$ref": "#/components/schemas/Size"}], "default": 0}
        }}});
        let warnings = drop_nonconforming_values(&mut spec);
        let pointers: Vec<&str> = warnings.iter().map(|w| w.pointer.as_str()).collect();
        assert_eq!(
            pointers,
            [
                "/components/schemas/Mixed/enum/1",
                "/components/schemas/Mode/enum/1",
                "/components/schemas/Mode/default",
                "/components/schemas/Ref/default",
                "/components/schemas/Size/example",
            ]
        );
        let s = &spec["components"]["schemas"];
        assert_eq!(
            s["Size"],
            json!({"type": "integer", "default": 10, "minimum": 1})
        );
        assert_eq!(
            s["Mode"],
            json!({"type": "string", "enum": ["a", "b", null]})
        );
        assert_eq!(s["Mixed"], json!({"enum": ["x", "y"]}));
        assert_eq!(s["Opt"]["default"], Value::Null);
        assert!(s["Ref"].get("default").is_none());
        assert!(
            warnings[3].message.ends_with("0 is below the minimum 1"),
            "{}",
            warnings[3].message
        );
    }

    #[test]
    fn an_enum_with_no_fitting_value_is_removed() {
        let mut spec =
            json!({"components": {"schemas": {"N": {"type": "integer", "enum": ["a", "b"]}}}});
        let warnings = drop_nonconforming_values(&mut spec);
        assert_eq!(warnings.len(), 3);
        assert_eq!(warnings[2].pointer, "/components/schemas/N/enum");
        assert_eq!(
            spec["components"]["schemas"]["N"],
            json!({"type": "integer"})
        );
    }
}
