//! The forward-compatibility rewrite: a value as a newer API could send it.

use serde_json::{json, Map, Value};

use super::repair::fits;
use super::{MAX_DEPTH, UNKNOWN_ENUM_NUMBER, UNKNOWN_ENUM_VALUE, UNKNOWN_FIELD};
use crate::normalize::enums::OPEN_ENUM_MARKER;
use crate::schema::keywords::{inferred_type, is_null_schema};
use crate::schema::{deref, fold_all_of, union_members};

/// The value with an unknown field in every object and unknown open-enum values.
pub fn forward_compatible(spec: &Value, schema: &Value, value: &Value, depth: usize) -> Value {
    if depth > MAX_DEPTH || value.is_null() {
        return value.clone();
    }
    let schema = deref(spec, schema);
    if schema.get(OPEN_ENUM_MARKER).is_some() {
        return match value {
            Value::String(_) => json!(UNKNOWN_ENUM_VALUE),
            Value::Number(_) => json!(UNKNOWN_ENUM_NUMBER),
            other => other.clone(),
        };
    }
    if schema.get("allOf").is_some() {
        return forward_compatible(spec, &fold_all_of(spec, schema), value, depth);
    }
    let members = union_members(schema);
    if !members.is_empty() {
        return match members
            .into_iter()
            .find(|m| !is_null_schema(spec, m) && fits(spec, m, value))
        {
            Some(m) => forward_compatible(spec, m, value, depth + 1),
            None => value.clone(),
        };
    }
    match (value, inferred_type(schema)) {
        (Value::Object(map), Some("object")) => {
            let props = schema
                .get("properties")
                .and_then(Value::as_object)
                .filter(|p| !p.is_empty());
            let extra = schema.get("additionalProperties").filter(|v| v.is_object());
            let mut out = Map::new();
            for (k, v) in map {
                let child = props.and_then(|p| p.get(k)).or(extra);
                out.insert(
                    k.clone(),
                    child.map_or_else(|| v.clone(), |s| forward_compatible(spec, s, v, depth + 1)),
                );
            }
            // A map's values have a schema of their own; only structs get a new field.
            if props.is_some() {
                out.insert(UNKNOWN_FIELD.into(), json!({"added": true}));
            }
            Value::Object(out)
        }
        (Value::Array(items), Some("array")) => match schema.get("items") {
            Some(s) => Value::Array(
                items
                    .iter()
                    .map(|v| forward_compatible(spec, s, v, depth + 1))
                    .collect(),
            ),
            None => value.clone(),
        },
        _ => value.clone(),
    }
}
