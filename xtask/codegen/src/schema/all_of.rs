//! `allOf` folding: one object schema from a schema and its `allOf` parts.
//!
//! The rule, the same for every reader: a keyword the schema states itself
//! wins; otherwise the first part (in order, `$ref`s followed, nested
//! `allOf`s folded first) that states it. `properties` merge by name with the
//! same precedence, and `required` lists are united in order. A schema with
//! properties and no `type` becomes `type: object`.

use std::borrow::Cow;
use std::collections::BTreeSet;

use serde_json::{Map, Value};

use super::refs::follow;

use super::keywords::{set_nullable, Composition};

/// The parts of `schema`'s `allOf` (none when it has no `allOf` array).
pub fn all_of_parts(schema: &Value) -> &[Value] {
    Composition::AllOf.members(schema).unwrap_or(&[])
}

/// Whether `schema` has an `allOf` keyword (whatever its value).
pub fn has_all_of(schema: &Value) -> bool {
    schema.get(Composition::AllOf.keyword()).is_some()
}

/// Set the schema's `allOf` to `parts`.
pub fn set_all_of(schema: &mut Map<String, Value>, parts: Vec<Value>) {
    schema.insert(Composition::AllOf.keyword().into(), Value::Array(parts));
}

/// `{allOf: [part], nullable: true}`: `part` (a `$ref`, say), or `null`.
pub fn nullable_all_of(part: Value) -> Value {
    let mut out = Map::new();
    set_all_of(&mut out, vec![part]);
    set_nullable(&mut out);
    Value::Object(out)
}

/// `schema` with its `allOf` folded in (see the module doc); borrowed
/// unchanged when it has none. A part that refers back to a schema being
/// folded (`Loop: {allOf: [{$ref: Loop}, ..]}`) is skipped.
pub fn fold_all_of<'a>(root: &'a Value, schema: &'a Value) -> Cow<'a, Value> {
    if !has_all_of(schema) {
        return Cow::Borrowed(schema);
    }
    Cow::Owned(fold_within(root, schema, &mut BTreeSet::new()))
}

fn fold_within<'a>(root: &'a Value, schema: &'a Value, folding: &mut BTreeSet<&'a str>) -> Value {
    let mut out = schema.as_object().cloned().unwrap_or_default();
    out.remove(Composition::AllOf.keyword());
    let mut properties = match out.remove("properties") {
        Some(Value::Object(p)) => p,
        _ => Map::new(),
    };
    let mut required: Vec<Value> = match out.remove("required") {
        Some(Value::Array(r)) => r,
        _ => Vec::new(),
    };
    for part in all_of_parts(schema) {
        let followed = follow(root, part);
        if let Some(name) = followed.last_ref {
            if !folding.insert(name) {
                continue;
            }
        }
        let folded = if has_all_of(followed.value) {
            fold_within(root, followed.value, folding)
        } else {
            followed.value.clone()
        };
        if let Some(name) = followed.last_ref {
            folding.remove(name);
        }
        let Value::Object(part) = folded else {
            continue;
        };
        for (key, value) in part {
            match key.as_str() {
                "properties" => {
                    for (name, prop) in value.as_object().into_iter().flatten() {
                        properties
                            .entry(name.clone())
                            .or_insert_with(|| prop.clone());
                    }
                }
                "required" => {
                    for name in value.as_array().into_iter().flatten() {
                        if !required.contains(name) {
                            required.push(name.clone());
                        }
                    }
                }
                _ => {
                    out.entry(key).or_insert(value);
                }
            }
        }
    }
    if !properties.is_empty() {
        out.insert("properties".into(), Value::Object(properties));
        out.entry("type")
            .or_insert_with(|| Value::String("object".into()));
    }
    if !required.is_empty() {
        out.insert("required".into(), Value::Array(required));
    }
    Value::Object(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn own_keywords_win_then_the_first_part() {
        let root = json!({"components": {"schemas": {
            "Base": {"type": "object", "required": ["id"], "description": "base",
                "properties": {"id": {"type": "string"}, "n": {"type": "integer"}}},
        }}});
        let schema = json!({"description": "own", "nullable": true, "allOf": [
            {"$ref": "#/components/schemas/Base"},
            {"required": ["n", "id"], "properties": {"n": {"type": "number"}, "extra": {"type": "boolean"}}}
        ]});
        let folded = fold_all_of(&root, &schema);
        assert_eq!(
            *folded,
            json!({"description": "own", "nullable": true, "type": "object",
                "required": ["id", "n"],
                "properties": {"id": {"type": "string"}, "n": {"type": "integer"}, "extra": {"type": "boolean"}}})
        );
        let plain = json!({"type": "string"});
        assert!(matches!(fold_all_of(&root, &plain), Cow::Borrowed(_)));
    }

    #[test]
    fn a_self_referencing_all_of_folds_without_overflowing() {
        let root = json!({"components": {"schemas": {"Loop": {
            "allOf": [{"$ref": "#/components/schemas/Loop"}, {"type": "object", "properties": {"a": {"type": "string"}}}]
        }}}});
        let folded = fold_all_of(&root, &root["components"]["schemas"]["Loop"]);
        assert_eq!(folded["properties"]["a"], json!({"type": "string"}));
    }
}
