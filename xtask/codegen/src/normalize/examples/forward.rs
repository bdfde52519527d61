//! The forward-compatibility rewrite: a value as a newer API could send it.

use std::collections::BTreeSet;

use serde_json::{json, Map, Value};

use super::repair::fits;
use super::{MAX_DEPTH, UNKNOWN_ENUM_NUMBER, UNKNOWN_ENUM_VALUE, UNKNOWN_FIELD};
use crate::schema::keywords::{inferred_type, is_null_schema};
use crate::schema::walk::{child, has_properties, property, Position};
use crate::schema::{
    all_of_parts, component_name, fold_all_of, follow, has_all_of, union_members, Followed,
};

/// The value with an unknown field in every object and unknown values for
/// the open enums: the components named in `open_enums` (the enums pass's
/// output, handed over by the pass list, not marked in the spec).
pub fn forward_compatible(
    spec: &Value,
    open_enums: &BTreeSet<String>,
    schema: &Value,
    value: &Value,
    depth: usize,
) -> Value {
    if depth > MAX_DEPTH || value.is_null() {
        return value.clone();
    }
    let followed = follow(spec, schema);
    if is_open_enum(spec, open_enums, followed) {
        return match value {
            Value::String(_) => json!(UNKNOWN_ENUM_VALUE),
            Value::Number(_) => json!(UNKNOWN_ENUM_NUMBER),
            other => other.clone(),
        };
    }
    let schema = followed.value;
    if has_all_of(schema) {
        return forward_compatible(spec, open_enums, &fold_all_of(spec, schema), value, depth);
    }
    let members = union_members(schema);
    if !members.is_empty() {
        return match members
            .into_iter()
            .find(|m| !is_null_schema(spec, m) && fits(spec, m, value))
        {
            Some(m) => forward_compatible(spec, open_enums, m, value, depth + 1),
            None => value.clone(),
        };
    }
    match (value, inferred_type(schema)) {
        (Value::Object(map), Some("object")) => {
            let is_struct = has_properties(schema);
            let extra = child(schema, &Position::AdditionalProperties);
            let mut out = Map::new();
            for (k, v) in map {
                let at = property(schema, k).or(extra);
                out.insert(
                    k.clone(),
                    at.map_or_else(
                        || v.clone(),
                        |s| forward_compatible(spec, open_enums, s, v, depth + 1),
                    ),
                );
            }
            // A map's values have a schema of their own; only structs get a new field.
            if is_struct {
                out.insert(UNKNOWN_FIELD.into(), json!({"added": true}));
            }
            Value::Object(out)
        }
        (Value::Array(items), Some("array")) => match child(schema, &Position::Items) {
            Some(s) => Value::Array(
                items
                    .iter()
                    .map(|v| forward_compatible(spec, open_enums, s, v, depth + 1))
                    .collect(),
            ),
            None => value.clone(),
        },
        _ => value.clone(),
    }
}

/// Whether the `$ref` chain `followed` ends at one of the open enums, or
/// the schema it reaches has such an `allOf` part (the nullable wrapper
/// `{allOf: [$ref], nullable: true}`).
fn is_open_enum(spec: &Value, open_enums: &BTreeSet<String>, followed: Followed) -> bool {
    let named = |f: Followed| {
        f.last_ref
            .and_then(component_name)
            .is_some_and(|name| open_enums.contains(&name))
    };
    named(followed)
        || all_of_parts(followed.value)
            .iter()
            .any(|part| named(follow(spec, part)))
}
