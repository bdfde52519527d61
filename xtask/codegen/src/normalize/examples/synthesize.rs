//! Synthesis: a value of a schema, built from its examples, defaults and types.

use serde_json::{json, Map, Value};

use super::MAX_DEPTH;
use crate::schema::formats::string_fits;
use crate::schema::keywords::{inferred_type, is_null_schema};
use crate::schema::walk::{child, property_schemas, Position};
use crate::schema::{deref, fold_all_of, has_all_of, required, union_members};

/// Deepest nesting the synthesizer fills optional fields at.
const OPTIONAL_DEPTH: usize = 4;

/// A value of `schema`, built from its examples, defaults and types: a
/// union's first non-null member, an enum's first value, a scalar `example`
/// or `default` that fits, else a value of the type (required properties
/// always, optional ones down to a few levels).
pub fn synthesize(spec: &Value, schema: &Value, depth: usize) -> Value {
    let schema = deref(spec, schema);
    if has_all_of(schema) {
        return synthesize(spec, &fold_all_of(spec, schema), depth);
    }
    if let Some(first) = union_members(schema)
        .into_iter()
        .find(|m| !is_null_schema(spec, m))
    {
        return synthesize(spec, first, depth + 1);
    }
    if let Some(first) = schema
        .get("enum")
        .and_then(Value::as_array)
        .and_then(|v| v.iter().find(|v| !v.is_null()))
    {
        return first.clone();
    }
    for key in ["example", "default"] {
        if let Some(v) = schema
            .get(key)
            .filter(|v| !v.is_object() && !v.is_array() && !v.is_null())
        {
            let fits_type = match inferred_type(schema) {
                Some("string") => v
                    .as_str()
                    .is_some_and(|s| !s.is_empty() && string_fits(schema, s)),
                Some("integer") => v.is_i64() || v.is_u64(),
                Some("number") => v.is_number(),
                Some("boolean") => v.is_boolean(),
                _ => false,
            };
            if fits_type {
                return v.clone();
            }
        }
    }
    match inferred_type(schema) {
        Some("object") => {
            let mut out = Map::new();
            let required = required(schema);
            if depth <= MAX_DEPTH {
                for (key, prop) in property_schemas(schema) {
                    if required.contains(&key) || depth < OPTIONAL_DEPTH {
                        out.insert(key.to_string(), synthesize(spec, prop, depth + 1));
                    }
                }
            }
            Value::Object(out)
        }
        Some("array") => match child(schema, &Position::Items) {
            Some(items) if depth < MAX_DEPTH => json!([synthesize(spec, items, depth + 1)]),
            _ => json!([]),
        },
        Some("string") => match schema.get("format").and_then(Value::as_str) {
            Some("date-time") => json!("2024-01-02T03:04:05Z"),
            Some("date") => json!("2024-01-02"),
            Some("uuid") => json!("123e4567-e89b-12d3-a456-426614174000"),
            Some("uri" | "url") => json!("https://example.com/a"),
            _ => json!("string"),
        },
        Some("integer") => json!(integer_in_range(schema)),
        Some("number") => {
            let n = integer_in_range(schema);
            json!(if n == 1 { 1.5 } else { n as f64 })
        }
        Some("boolean") => json!(true),
        _ => json!({}),
    }
}

fn integer_in_range(schema: &Value) -> i64 {
    let exclusive = |k: &str| schema.get(k).and_then(Value::as_bool).unwrap_or(false);
    let mut n: i64 = 1;
    if let Some(min) = schema.get("minimum").and_then(Value::as_f64) {
        let min = if exclusive("exclusiveMinimum") {
            min.floor() as i64 + 1
        } else {
            min.ceil() as i64
        };
        n = n.max(min);
    }
    if let Some(max) = schema.get("maximum").and_then(Value::as_f64) {
        let max = if exclusive("exclusiveMaximum") {
            max.ceil() as i64 - 1
        } else {
            max.floor() as i64
        };
        n = n.min(max);
    }
    n
}
