//! The positions inside a schema where another schema stands.
//!
//! A schema's keywords hold either schemas (`properties` values, `items`,
//! `additionalProperties`, `allOf`/`anyOf`/`oneOf` members, `not`, …) or
//! plain values (`enum`, `example`, `default`, `const`, `required`, and the
//! keys of `properties`, which are field names). A pass that recurses into
//! every object would mistake a property named `pattern` for the `pattern`
//! keyword; walking through [`subschemas_mut`] cannot.

use serde_json::Value;

/// Keywords whose value is one schema.
const SINGLE: [&str; 5] = [
    "items",
    "additionalProperties",
    "not",
    "additionalItems",
    "contains",
];
/// Keywords whose value is a list of schemas.
const LISTS: [&str; 4] = ["allOf", "anyOf", "oneOf", "prefixItems"];
/// Keywords whose value maps names to schemas.
const MAPS: [&str; 3] = ["properties", "patternProperties", "$defs"];

/// Call `f` on every direct subschema of `schema` (one level; `f` recurses
/// itself if it wants to). Booleans (`additionalProperties: false`) are
/// passed too: they are schemas in JSON Schema.
pub fn subschemas_mut(schema: &mut Value, f: &mut dyn FnMut(&mut Value)) {
    let Value::Object(map) = schema else { return };
    for (key, child) in map.iter_mut() {
        let key = key.as_str();
        if SINGLE.contains(&key) {
            f(child);
        } else if LISTS.contains(&key) {
            if let Value::Array(members) = child {
                members.iter_mut().for_each(&mut *f);
            }
        } else if MAPS.contains(&key) {
            if let Value::Object(named) = child {
                named.values_mut().for_each(&mut *f);
            }
        }
    }
}

/// Call `f` on `schema` and, depth first, on every schema nested in it.
pub fn walk_mut(schema: &mut Value, f: &mut dyn FnMut(&mut Value)) {
    f(schema);
    subschemas_mut(schema, &mut |child| walk_mut(child, f));
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn property_names_and_values_are_not_schemas() {
        let mut schema = json!({
            "type": "object",
            "properties": {"pattern": {"type": "string"}, "items": {"type": "integer"}},
            "enum": [{"type": "x"}],
            "default": {"type": "y"},
            "items": {"type": "boolean"},
            "allOf": [{"type": "number"}],
            "additionalProperties": false
        });
        let mut seen = Vec::new();
        walk_mut(&mut schema, &mut |s| {
            seen.push(s.get("type").cloned().unwrap_or(Value::Null))
        });
        seen.sort_by_key(|v| v.to_string());
        assert_eq!(
            seen,
            [
                json!("boolean"),
                json!("integer"),
                json!("number"),
                json!("object"),
                json!("string"),
                Value::Null
            ]
        );
    }
}
