//! Repair: a documented example made a value of its schema.

use serde_json::{json, Map, Value};

use super::synthesize::synthesize;
use super::MAX_DEPTH;
use crate::schema::formats::string_fits;
use crate::schema::keywords::{in_enum, inferred_type, is_null_schema};
use crate::schema::walk::{child, property, property_schemas, Position};
use crate::schema::{
    all_of_parts, deref, fold_all_of, has_all_of, is_nullable, required, union_members,
};

/// Whether `value` has the shape of `schema` (type, required fields, enums):
/// used to pick the union member a value belongs to.
pub fn fits(spec: &Value, schema: &Value, value: &Value) -> bool {
    let schema = deref(spec, schema);
    if value.is_null() {
        return is_nullable(spec, schema);
    }
    if !all_of_parts(schema).iter().all(|p| fits(spec, p, value)) {
        return false;
    }
    let members = union_members(schema);
    if !members.is_empty() && !members.iter().any(|m| fits(spec, m, value)) {
        return false;
    }
    if !in_enum(schema, value) {
        return false;
    }
    match inferred_type(schema) {
        Some("object") => {
            let Some(map) = value.as_object() else {
                return false;
            };
            required(schema).iter().all(|k| map.contains_key(*k))
                && map.iter().all(|(k, v)| {
                    property(schema, k).is_none_or(|ps| !has_enum(spec, ps) || fits(spec, ps, v))
                })
        }
        Some("array") => value.is_array(),
        Some("string") => value.is_string(),
        Some("integer") => value.is_i64() || value.is_u64(),
        Some("number") => value.is_number(),
        Some("boolean") => value.is_boolean(),
        _ => true,
    }
}

fn has_enum(spec: &Value, schema: &Value) -> bool {
    deref(spec, schema).get("enum").is_some()
}

/// The value, made a value of `schema`: a value that fits stays, one that
/// does not (a placeholder, a missing required field) is replaced by a value
/// synthesized from the schema, undocumented fields are dropped, and absent
/// fields with a `default` get it.
pub fn repair(spec: &Value, schema: &Value, value: &Value, depth: usize) -> Value {
    let schema = deref(spec, schema);
    if depth > MAX_DEPTH {
        return value.clone();
    }
    if value.is_null() && is_nullable(spec, schema) {
        return Value::Null;
    }
    if has_all_of(schema) {
        return repair(spec, &fold_all_of(spec, schema), value, depth);
    }
    let members = union_members(schema);
    if !members.is_empty() {
        let non_null: Vec<&Value> = members
            .into_iter()
            .filter(|m| !is_null_schema(spec, m))
            .collect();
        return match non_null.iter().find(|m| fits(spec, m, value)) {
            Some(m) => repair(spec, m, value, depth + 1),
            None => match non_null.first() {
                Some(m) => synthesize(spec, m, depth + 1),
                None => Value::Null,
            },
        };
    }
    if schema.get("enum").is_some() && !in_enum(schema, value) {
        return synthesize(spec, schema, depth);
    }
    match inferred_type(schema) {
        Some("object") => match value.as_object() {
            Some(map) => repair_object(spec, schema, map, depth),
            None => synthesize(spec, schema, depth),
        },
        Some("array") => match (value.as_array(), child(schema, &Position::Items)) {
            (Some(items), Some(item_schema)) => Value::Array(
                items
                    .iter()
                    .map(|v| repair(spec, item_schema, v, depth + 1))
                    .collect(),
            ),
            (Some(_), None) => value.clone(),
            (None, _) => synthesize(spec, schema, depth),
        },
        Some("string") => match value.as_str() {
            Some(s) if string_fits(schema, s) => value.clone(),
            _ => synthesize(spec, schema, depth),
        },
        Some("integer") => match value {
            v if v.is_i64() || v.is_u64() => v.clone(),
            Value::Number(n)
                if n.as_f64()
                    .is_some_and(|f| f.fract() == 0.0 && f.abs() < 9.0e15) =>
            {
                json!(n.as_f64().map_or(0, |f| f as i64))
            }
            _ => synthesize(spec, schema, depth),
        },
        Some("number") if value.is_number() => value.clone(),
        Some("boolean") if value.is_boolean() => value.clone(),
        Some("number" | "boolean") => synthesize(spec, schema, depth),
        _ => value.clone(),
    }
}

fn repair_object(spec: &Value, schema: &Value, map: &Map<String, Value>, depth: usize) -> Value {
    let extra = child(schema, &Position::AdditionalProperties);
    let props: Vec<(&str, &Value)> = property_schemas(schema).collect();
    if props.is_empty() {
        return match extra {
            Some(extra) => Value::Object(
                map.iter()
                    .map(|(k, v)| (k.clone(), repair(spec, extra, v, depth + 1)))
                    .collect(),
            ),
            None => Value::Object(map.clone()),
        };
    }
    let required = required(schema);
    let mut out = Map::new();
    for (key, prop) in props {
        match map.get(key) {
            Some(v) => {
                out.insert(key.to_string(), repair(spec, prop, v, depth + 1));
            }
            None if required.contains(&key) => {
                out.insert(key.to_string(), synthesize(spec, prop, depth + 1));
            }
            None => {
                if let Some(default) = deref(spec, prop).get("default") {
                    out.insert(key.to_string(), default.clone());
                }
            }
        }
    }
    if let Some(extra) = extra {
        for (k, v) in map.iter().filter(|(k, _)| property(schema, k).is_none()) {
            out.insert(k.clone(), repair(spec, extra, v, depth + 1));
        }
    }
    Value::Object(out)
}
