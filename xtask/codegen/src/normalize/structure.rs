//! Pass: schema keywords that describe no value the generator can build are
//! dropped, with a warning.
//!
//! The constructs, each a mistake a spec can publish:
//! - an empty `anyOf`, `oneOf` or `allOf` (`[]`): no value matches an empty
//!   union, so typify would make a type no response can decode into; the
//!   keyword is removed and the schema keeps its other keywords;
//! - `required` naming a property that `properties` does not define, in a
//!   schema that allows no other properties (no `additionalProperties`): the
//!   name is removed (typify's struct has no field for it anyway);
//! - a `pattern` that is not a valid ECMA-262 regular expression: typify
//!   fails the whole generation on it; the pattern is removed.

use serde_json::Value;

use crate::error::Warning;
use crate::schema::locate::schema_pointers;
use crate::schema::walk::{additional_properties, property_schemas};
use crate::schema::Composition;

/// Drop the keywords described in the module doc.
pub fn drop_impossible_keywords(spec: &mut Value) -> Vec<Warning> {
    let mut warnings = Vec::new();
    for ptr in schema_pointers(spec) {
        let Some(schema) = spec.pointer_mut(&ptr) else {
            continue;
        };
        let empty: Vec<Composition> = Composition::ALL
            .into_iter()
            .filter(|c| c.members(schema).is_some_and(<[Value]>::is_empty))
            .collect();
        let closed = !additional_properties(schema).is_some_and(|a| a != &Value::Bool(false));
        let defined: Vec<String> = property_schemas(schema)
            .map(|(name, _)| name.to_string())
            .collect();
        let defined = (!defined.is_empty()).then_some(defined);
        let Some(schema) = schema.as_object_mut() else {
            continue;
        };
        for key in empty.into_iter().map(Composition::keyword) {
            schema.remove(key);
            warnings.push(Warning::at(
                format!("{ptr}/{key}"),
                format!("dropped an empty `{key}`: it matches no value"),
            ));
        }
        let mut emptied = false;
        if let (true, Some(defined), Some(Value::Array(required))) =
            (closed, defined, schema.get_mut("required"))
        {
            let mut index = 0;
            required.retain(|name| {
                let keep = name
                    .as_str()
                    .is_some_and(|n| defined.iter().any(|d| d == n));
                if !keep {
                    warnings.push(Warning::at(
                        format!("{ptr}/required/{index}"),
                        format!("dropped `required` name {name}: `properties` does not define it"),
                    ));
                }
                index += 1;
                keep
            });
            emptied = required.is_empty();
        }
        if emptied {
            schema.remove("required");
        }
        if let Some(pattern) = schema.get("pattern").and_then(Value::as_str) {
            if let Err(e) = regress::Regex::new(pattern) {
                let message =
                    format!("dropped `pattern` {pattern:?}: not a valid regular expression ({e})");
                schema.remove("pattern");
                warnings.push(Warning::at(format!("{ptr}/pattern"), message));
            }
        }
    }
    warnings
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn empty_unions_missing_required_names_and_bad_patterns_go() {
        let mut spec = json!({"components": {"schemas": {
            "A": {"type": "object", "anyOf": [], "required": ["id", "ghost"], "properties": {"id": {"type": "string", "pattern": "(["}}},
            "Map": {"type": "object", "required": ["k"], "properties": {"a": {}}, "additionalProperties": true}
        }}});
        let warnings = drop_impossible_keywords(&mut spec);
        let pointers: Vec<&str> = warnings.iter().map(|w| w.pointer.as_str()).collect();
        assert_eq!(
            pointers,
            [
                "/components/schemas/A/anyOf",
                "/components/schemas/A/required/1",
                "/components/schemas/A/properties/id/pattern",
            ]
        );
        assert_eq!(
            spec["components"]["schemas"]["A"],
            json!({"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}}})
        );
        assert_eq!(
            spec["components"]["schemas"]["Map"]["required"],
            json!(["k"])
        );
    }
}
