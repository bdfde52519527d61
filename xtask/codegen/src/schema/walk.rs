//! The positions inside a schema where another schema stands.
//!
//! A schema's keywords hold either schemas (`properties` values, `items`,
//! `additionalProperties`, `allOf`/`anyOf`/`oneOf` members, `not`, …) or
//! plain values (`enum`, `example`, `default`, `const`, `required`, and the
//! keys of `properties`, which are field names). A pass that recurses into
//! every object would mistake a property named `pattern` for the `pattern`
//! keyword; walking through [`subschemas_mut`] cannot.

use serde_json::Value;

use super::keywords::Composition;
use super::pointer::escape_pointer_token;

/// How a keyword holds its subschemas.
#[derive(Clone, Copy)]
enum Holds {
    /// The value is one schema (`items`).
    One,
    /// The value is a list of schemas (`allOf`).
    List,
    /// The value maps names to schemas (`properties`).
    Map,
}

/// Every keyword whose value holds schemas, in the order they are visited.
const KEYWORDS: [(&str, Holds); 12] = [
    ("properties", Holds::Map),
    ("items", Holds::One),
    ("additionalProperties", Holds::One),
    ("not", Holds::One),
    ("allOf", Holds::List),
    ("anyOf", Holds::List),
    ("oneOf", Holds::List),
    ("prefixItems", Holds::List),
    ("additionalItems", Holds::One),
    ("contains", Holds::One),
    ("patternProperties", Holds::Map),
    ("$defs", Holds::Map),
];

/// Call `f` on every direct subschema of `schema` with the JSON pointer from
/// `schema` to it (`/items`, `/allOf/0`, `/properties/<escaped name>`), one
/// level deep. Booleans (`additionalProperties: false`) are passed too: they
/// are schemas in JSON Schema.
pub fn subschemas_at(schema: &Value, f: &mut dyn FnMut(&str, &Value)) {
    let Value::Object(map) = schema else { return };
    for (keyword, holds) in KEYWORDS {
        let Some(child) = map.get(keyword) else {
            continue;
        };
        match (holds, child) {
            (Holds::One, _) => f(&format!("/{keyword}"), child),
            (Holds::List, Value::Array(members)) => {
                for (i, member) in members.iter().enumerate() {
                    f(&format!("/{keyword}/{i}"), member);
                }
            }
            (Holds::Map, Value::Object(named)) => {
                for (name, member) in named {
                    f(
                        &format!("/{keyword}/{}", escape_pointer_token(name)),
                        member,
                    );
                }
            }
            _ => {}
        }
    }
}

/// [`subschemas_at`], with each subschema mutable.
pub fn subschemas_at_mut(schema: &mut Value, f: &mut dyn FnMut(&str, &mut Value)) {
    let Value::Object(map) = schema else { return };
    for (keyword, holds) in KEYWORDS {
        let Some(child) = map.get_mut(keyword) else {
            continue;
        };
        match (holds, child) {
            (Holds::One, child) => f(&format!("/{keyword}"), child),
            (Holds::List, Value::Array(members)) => {
                for (i, member) in members.iter_mut().enumerate() {
                    f(&format!("/{keyword}/{i}"), member);
                }
            }
            (Holds::Map, Value::Object(named)) => {
                for (name, member) in named.iter_mut() {
                    f(
                        &format!("/{keyword}/{}", escape_pointer_token(name)),
                        member,
                    );
                }
            }
            _ => {}
        }
    }
}

/// Where a subschema stands, as the passes that name types by place read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Position {
    /// The value of the property with this (unescaped) name.
    Property(String),
    /// `items`.
    Items,
    /// `additionalProperties` (a schema, not a boolean).
    AdditionalProperties,
    /// Member `index` of `allOf`, `anyOf` or `oneOf`.
    Member(Composition, usize),
    /// Any other position (`not`, `prefixItems`, ...).
    Other,
}

impl Position {
    /// The position of the subschema at `suffix`, a pointer from its parent
    /// as [`subschemas_at`] gives it.
    fn of(suffix: &str, child: &Value) -> Self {
        let rest = suffix.strip_prefix('/').unwrap_or(suffix);
        let (keyword, tail) = rest.split_once('/').unwrap_or((rest, ""));
        match keyword {
            "properties" => Self::Property(super::pointer::unescape_pointer_token(tail)),
            "items" => Self::Items,
            "additionalProperties" if child.is_object() => Self::AdditionalProperties,
            _ => match (Composition::named(keyword), tail.parse()) {
                (Some(composition), Ok(i)) => Self::Member(composition, i),
                _ => Self::Other,
            },
        }
    }
}

/// [`subschemas_at`], each subschema with its [`Position`] too.
pub fn positions(schema: &Value, f: &mut dyn FnMut(&str, Position, &Value)) {
    subschemas_at(schema, &mut |suffix, child| {
        f(suffix, Position::of(suffix, child), child)
    });
}

/// [`positions`], with each subschema mutable.
pub fn positions_mut(schema: &mut Value, f: &mut dyn FnMut(Position, &mut Value)) {
    subschemas_at_mut(schema, &mut |suffix, child| {
        let position = Position::of(suffix, child);
        f(position, child)
    });
}

/// The subschema standing at `position` in `schema`, if one does: the value
/// of property `name` (a field, whatever it is called: a property named
/// `items` is no keyword), `items`, `additionalProperties` when it is a schema
/// (an object; `false` is no position), or member `i` of a composition.
/// [`Position::Other`] names no one place, so it has no child.
pub fn child<'a>(schema: &'a Value, position: &Position) -> Option<&'a Value> {
    match position {
        Position::Property(name) => property(schema, name),
        Position::Items => schema.get("items"),
        Position::AdditionalProperties => additional_properties(schema).filter(|s| s.is_object()),
        Position::Member(composition, i) => composition.members(schema)?.get(*i),
        Position::Other => None,
    }
}

/// The schema of the property `name` ([`child`] at [`Position::Property`],
/// without building the position).
pub fn property<'a>(schema: &'a Value, name: &str) -> Option<&'a Value> {
    schema.get("properties")?.as_object()?.get(name)
}

/// What `additionalProperties` says, whatever it is: a schema for the other
/// properties, or a boolean that allows (`true`) or forbids (`false`) them.
/// Only a schema is a position ([`child`]); the instance checker needs `false`.
pub(crate) fn additional_properties(schema: &Value) -> Option<&Value> {
    schema.get("additionalProperties")
}

/// Whether the schema declares at least one property (a struct's fields; an
/// empty or absent `properties` declares none).
pub(crate) fn has_properties(schema: &Value) -> bool {
    property_schemas(schema).next().is_some()
}

/// The schema's properties, each field name with its schema, in the order
/// the parsed map keeps them (none when `properties` is absent or no object).
pub fn property_schemas(schema: &Value) -> impl Iterator<Item = (&str, &Value)> {
    schema
        .get("properties")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .map(|(name, s)| (name.as_str(), s))
}

/// Call `f` on every direct subschema of `schema` (one level; `f` recurses
/// itself if it wants to); see `subschemas_at_mut`.
pub fn subschemas_mut(schema: &mut Value, f: &mut dyn FnMut(&mut Value)) {
    subschemas_at_mut(schema, &mut |_, child| f(child));
}

/// Call `f` on `schema` and, depth first, on every schema nested in it.
pub fn walk(schema: &Value, f: &mut dyn FnMut(&Value)) {
    f(schema);
    subschemas_at(schema, &mut |_, child| walk(child, f));
}

/// [`walk`], with each schema mutable.
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

    #[test]
    fn child_reads_each_position_and_a_property_named_like_a_keyword_is_a_field() {
        let schema = json!({
            "properties": {"items": {"type": "string"}, "properties": {"type": "integer"}},
            "items": {"type": "boolean"},
            "additionalProperties": {"type": "number"},
            "anyOf": [{"type": "null"}]
        });
        let at = |p: Position| child(&schema, &p).and_then(|s| s.get("type")).cloned();
        assert_eq!(
            at(Position::Property("items".into())),
            Some(json!("string"))
        );
        assert_eq!(
            at(Position::Property("properties".into())),
            Some(json!("integer"))
        );
        assert_eq!(at(Position::Property("type".into())), None);
        assert_eq!(at(Position::Items), Some(json!("boolean")));
        assert_eq!(at(Position::AdditionalProperties), Some(json!("number")));
        assert_eq!(
            at(Position::Member(Composition::AnyOf, 0)),
            Some(json!("null"))
        );
        assert_eq!(at(Position::Member(Composition::AnyOf, 1)), None);
        assert_eq!(at(Position::Member(Composition::OneOf, 0)), None);
        assert_eq!(child(&schema, &Position::Other), None);
    }

    #[test]
    fn additional_properties_false_is_no_schema_position() {
        let schema = json!({"additionalProperties": false, "items": false});
        assert_eq!(child(&schema, &Position::AdditionalProperties), None);
        assert_eq!(child(&json!(true), &Position::Items), None);
        assert_eq!(additional_properties(&schema), Some(&json!(false)));
        assert_eq!(property(&json!({"additionalProperties": {}}), "x"), None);
    }

    #[test]
    fn property_schemas_lists_fields_in_order_and_nothing_for_no_object() {
        let schema = json!({"properties": {"a": {"type": "string"}, "items": {}}});
        let names: Vec<_> = property_schemas(&schema).map(|(n, _)| n).collect();
        assert_eq!(names, ["a", "items"]);
        assert_eq!(property_schemas(&json!({"properties": []})).count(), 0);
        assert_eq!(property_schemas(&json!({"items": {}})).count(), 0);
    }

    #[test]
    fn positions_name_properties_unescaped_and_members_by_keyword() {
        let schema = json!({
            "properties": {"a/b": {}, "items": {}},
            "items": {},
            "additionalProperties": false,
            "oneOf": [{}, {}],
            "not": {}
        });
        let mut seen = Vec::new();
        positions(&schema, &mut |suffix, position, _| {
            seen.push((suffix.to_string(), position))
        });
        assert_eq!(
            seen,
            [
                (
                    "/properties/a~1b".to_string(),
                    Position::Property("a/b".into())
                ),
                (
                    "/properties/items".to_string(),
                    Position::Property("items".into())
                ),
                ("/items".to_string(), Position::Items),
                ("/additionalProperties".to_string(), Position::Other),
                ("/not".to_string(), Position::Other),
                (
                    "/oneOf/0".to_string(),
                    Position::Member(Composition::OneOf, 0)
                ),
                (
                    "/oneOf/1".to_string(),
                    Position::Member(Composition::OneOf, 1)
                ),
            ]
        );
    }
}
