//! Reading a schema's keywords: its type, required names, union members,
//! nullability, and JSON values compared as a schema compares them.

use serde_json::{Map, Value};

use super::refs::deref;

/// Keywords that document a value and say nothing about its shape:
/// schemas that differ only in these accept the same values.
pub(crate) const ANNOTATIONS: [&str; 5] =
    ["description", "title", "example", "examples", "default"];

/// The names a schema's `required` list holds.
pub fn required(schema: &Value) -> Vec<&str> {
    schema
        .get("required")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect()
}

/// The schema's `type`, as a list (3.0 has one name; 3.1 allows several).
pub fn types(schema: &Map<String, Value>) -> Vec<&str> {
    match schema.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

/// The schema's type as the generator reads it: `type`, else `object` for a
/// schema with `properties` or `additionalProperties`, `array` for one with
/// `items`, and `None` for any value.
pub fn inferred_type(schema: &Value) -> Option<&str> {
    match schema.get("type").and_then(Value::as_str) {
        Some(t) => Some(t),
        None if schema.get("properties").is_some()
            || schema.get("additionalProperties").is_some() =>
        {
            Some("object")
        }
        None if schema.get("items").is_some() => Some("array"),
        None => None,
    }
}

/// Whether a JSON value has the named JSON Schema type.
pub fn has_type(value: &Value, name: &str) -> bool {
    match name {
        "string" => value.is_string(),
        "integer" => value.is_i64() || value.is_u64(),
        "number" => value.is_number(),
        "boolean" => value.is_boolean(),
        "object" => value.is_object(),
        "array" => value.is_array(),
        "null" => value.is_null(),
        _ => true, // an unknown type name is the parser's to report
    }
}

/// The members of the schema's `oneOf` and `anyOf` (the generator makes
/// either a Rust enum of its members), in that order.
pub fn union_members(schema: &Value) -> Vec<&Value> {
    [Composition::OneOf, Composition::AnyOf]
        .into_iter()
        .filter_map(|c| c.members(schema))
        .flatten()
        .collect()
}

/// Whether the schema only holds `null` (`type: null`, `enum: [null]`).
pub fn is_null_schema(root: &Value, schema: &Value) -> bool {
    let s = deref(root, schema);
    s.get("type").and_then(Value::as_str) == Some("null")
        || s.get("enum")
            .and_then(Value::as_array)
            .is_some_and(|v| v.len() == 1 && v[0].is_null())
}

/// The keywords that compose a schema from a list of other schemas.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Composition {
    /// `allOf`: a value of every member.
    AllOf,
    /// `anyOf`: a value of at least one member.
    AnyOf,
    /// `oneOf`: a value of exactly one member.
    OneOf,
}

impl Composition {
    /// The three, in the order of their keywords' names.
    pub const ALL: [Self; 3] = [Self::AllOf, Self::AnyOf, Self::OneOf];

    /// The keyword as a schema spells it.
    pub fn keyword(self) -> &'static str {
        match self {
            Self::AllOf => "allOf",
            Self::AnyOf => "anyOf",
            Self::OneOf => "oneOf",
        }
    }

    /// The composition a keyword names, if it names one.
    pub fn named(keyword: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.keyword() == keyword)
    }

    /// The schema's members under this keyword, when it holds a list (an
    /// empty list too); `None` when the keyword is absent or no list.
    pub fn members(self, schema: &Value) -> Option<&[Value]> {
        schema
            .get(self.keyword())
            .and_then(Value::as_array)
            .map(Vec::as_slice)
    }
}

/// Whether the schema itself says `nullable: true` (no `$ref` followed, no
/// union looked into: [`is_nullable`] says whether `null` is a value).
pub fn has_nullable_keyword(schema: &Value) -> bool {
    schema
        .get(NULLABLE)
        .and_then(Value::as_bool)
        .unwrap_or(false)
}

/// Remove the schema's `nullable` keyword; whether it said `true`.
pub fn take_nullable(schema: &mut Value) -> bool {
    schema
        .as_object_mut()
        .and_then(|m| m.remove(NULLABLE))
        .and_then(|v| v.as_bool())
        .unwrap_or(false)
}

/// Make the schema say `nullable: true`.
pub fn set_nullable(schema: &mut Map<String, Value>) {
    schema.insert(NULLABLE.into(), Value::Bool(true));
}

/// The 3.0 keyword that lets a schema hold `null` too.
const NULLABLE: &str = "nullable";

/// Whether `null` is a value of the schema: `nullable`, `type: null`, or a
/// union with a nullable member (the generator makes these an `Option`).
pub fn is_nullable(root: &Value, schema: &Value) -> bool {
    nullable_within(root, schema, 0)
}

fn nullable_within(root: &Value, schema: &Value, depth: usize) -> bool {
    let s = deref(root, schema);
    has_nullable_keyword(s)
        || s.get("type").and_then(Value::as_str) == Some("null")
        || (depth < 16
            && union_members(s)
                .into_iter()
                .any(|m| nullable_within(root, m, depth + 1)))
}

/// JSON equality, with numbers compared by value (`1` equals `1.0`).
pub fn same_value(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        _ => a == b,
    }
}

/// Whether `value` is one of the schema's `enum` values (any value when it
/// has no `enum`).
pub fn in_enum(schema: &Value, value: &Value) -> bool {
    match schema.get("enum").and_then(Value::as_array) {
        Some(values) => values.iter().any(|v| same_value(v, value)),
        None => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn types_are_inferred_and_nullability_seen_through_unions() {
        assert_eq!(inferred_type(&json!({"properties": {}})), Some("object"));
        assert_eq!(inferred_type(&json!({"items": {}})), Some("array"));
        assert_eq!(inferred_type(&json!({})), None);
        let root = json!({"components": {"schemas": {"N": {"type": "null"}}}});
        let union = json!({"anyOf": [{"type": "string"}, {"$ref": "#/components/schemas/N"}]});
        assert!(is_nullable(&root, &union));
        assert!(!is_nullable(&root, &json!({"type": "string"})));
        assert!(in_enum(&json!({"enum": [1, 2]}), &json!(2.0)));
        assert!(!in_enum(&json!({"enum": [1, 2]}), &json!(3)));
    }
}
