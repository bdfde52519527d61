//! Does a JSON value conform to an OpenAPI 3.0 schema, as the generator sees it?
//!
//! A small validator for the keywords typify turns into types and checks
//! (a maintained JSON Schema crate would add some sixty crates to every build
//! of the SDK, and OpenAPI 3.0 is not one of its dialects: `nullable`,
//! boolean `exclusiveMinimum`). Supported: `$ref` (local), `allOf`, `anyOf`
//! and `oneOf` (at least one member: typify accepts a value that fits any
//! variant), `nullable`, `enum`, `type` (a 3.1-style list too), `required`,
//! `properties`, `additionalProperties`, `items`, `uniqueItems` (typify makes
//! a set), `minItems`/`maxItems` when equal (typify makes a fixed-size array), `minimum`/`maximum` (3.0 and 3.1 exclusive forms),
//! `minLength`/`maxLength`, `pattern` (ECMA-262, as typify checks it) and the
//! `date-time`, `date` and `uuid` formats (typify makes them chrono and uuid
//! types). Not checked, as typify does not check them either: `not`,
//! `multipleOf`, `minProperties`/`maxProperties`, other `minItems`/`maxItems`.
//!
//! One rule is typify's rather than JSON Schema's: an object schema with
//! `properties` becomes a struct, and a value with a property the struct does
//! not have conforms only when `additionalProperties` allows it (is `true` or
//! a schema); JSON Schema would accept it when `additionalProperties` is absent.

use serde_json::Value;

use crate::schema::formats::fits_format;
use crate::schema::keywords::{has_type, in_enum, same_value, types};
use crate::schema::walk::{additional_properties, child, has_properties, property, Position};
use crate::schema::{
    all_of_parts, has_nullable_keyword, ref_target, required, resolve_ref, Composition,
};

/// Nesting depth (of schemas and `$ref` hops) after which a value is taken to
/// conform: a schema that refers to itself without consuming the value.
const MAX_DEPTH: usize = 48;

/// `Ok` when `value` conforms to `schema`; otherwise why not, with the path
/// inside the value where it goes wrong (`at /page: expected integer, found "x"`).
pub fn check(spec: &Value, schema: &Value, value: &Value) -> Result<(), String> {
    check_at(spec, schema, value, &mut String::new(), 0)
}

fn check_at(
    spec: &Value,
    schema: &Value,
    value: &Value,
    at: &mut String,
    depth: usize,
) -> Result<(), String> {
    if depth > MAX_DEPTH {
        return Ok(());
    }
    let Some(map) = schema.as_object() else {
        // `true`/`false` schemas (3.1) and anything that is not a schema.
        return match schema {
            Value::Bool(false) => Err(fail(at, "no value is allowed here".into())),
            _ => Ok(()),
        };
    };
    if let Some(target) = ref_target(schema) {
        return match resolve_ref(spec, target) {
            Some(resolved) => check_at(spec, resolved, value, at, depth + 1),
            None => Ok(()), // reported by validation, not here
        };
    }
    for part in all_of_parts(schema) {
        check_at(spec, part, value, at, depth + 1)?;
    }
    for union in [Composition::AnyOf, Composition::OneOf] {
        let (key, members) = (union.keyword(), union.members(schema).unwrap_or_default());
        if members.is_empty() {
            continue;
        }
        let mut reasons = Vec::new();
        for member in members {
            match check_at(spec, member, value, &mut at.clone(), depth + 1) {
                Ok(()) => {
                    reasons.clear();
                    break;
                }
                Err(reason) => reasons.push(reason),
            }
        }
        if !reasons.is_empty() {
            return Err(fail(
                at,
                format!(
                    "{} matches none of the {} `{key}` variants ({})",
                    snippet(value),
                    reasons.len(),
                    reasons.join("; ")
                ),
            ));
        }
    }
    if value.is_null() {
        return if null_allowed(schema, map) {
            Ok(())
        } else {
            Err(fail(
                at,
                "null is not allowed (the schema is not `nullable`)".into(),
            ))
        };
    }
    if !in_enum(schema, value) {
        return Err(fail(
            at,
            format!("{} is not one of the `enum` values", snippet(value)),
        ));
    }
    if let Some(constant) = map.get("const") {
        if !same_value(constant, value) {
            return Err(fail(
                at,
                format!("{} is not the `const` value", snippet(value)),
            ));
        }
    }
    let types = types(map);
    if !types.is_empty() && !types.iter().any(|t| has_type(value, t)) {
        return Err(fail(
            at,
            format!("expected {}, found {}", types.join(" or "), snippet(value)),
        ));
    }
    match value {
        Value::Object(object) => check_object(spec, schema, object, at, depth),
        Value::Array(items) => check_array(spec, schema, items, at, depth),
        Value::String(s) => check_string(map, s).map_err(|m| fail(at, m)),
        Value::Number(n) => check_number(map, n.as_f64().unwrap_or(0.0)).map_err(|m| fail(at, m)),
        _ => Ok(()),
    }
}

fn check_object(
    spec: &Value,
    schema: &Value,
    object: &serde_json::Map<String, Value>,
    at: &mut String,
    depth: usize,
) -> Result<(), String> {
    for name in required(schema) {
        if !object.contains_key(name) {
            return Err(fail(at, format!("missing required property `{name}`")));
        }
    }
    let has_props = has_properties(schema);
    let extra = additional_properties(schema);
    for (name, child) in object {
        let len = at.len();
        at.push('/');
        at.push_str(&crate::schema::escape_pointer_token(name));
        let result = match (property(schema, name), extra) {
            (Some(prop), _) => check_at(spec, prop, child, at, depth + 1),
            (None, Some(Value::Bool(false))) => {
                Err(fail(at, "not a property of the schema".into()))
            }
            (None, Some(extra @ Value::Object(_))) => check_at(spec, extra, child, at, depth + 1),
            (None, Some(_)) => Ok(()),
            // typify's rule: a struct without a catch-all map has no room for it.
            (None, None) if has_props => Err(fail(
                at,
                "not a property of the schema (no `additionalProperties`)".into(),
            )),
            (None, None) => Ok(()),
        };
        at.truncate(len);
        result?;
    }
    Ok(())
}

fn check_array(
    spec: &Value,
    schema: &Value,
    items: &[Value],
    at: &mut String,
    depth: usize,
) -> Result<(), String> {
    // typify checks the length only of a fixed-size array (`[T; N]`, when
    // `minItems` equals `maxItems`); a `Vec` takes any length.
    let min = schema.get("minItems").and_then(Value::as_u64);
    if let Some(n) = min.filter(|_| min == schema.get("maxItems").and_then(Value::as_u64)) {
        if items.len() as u64 != n {
            return Err(fail(
                at,
                format!("not exactly {n} items (`minItems` = `maxItems`)"),
            ));
        }
    }
    if schema.get("uniqueItems") == Some(&Value::Bool(true)) {
        for (i, item) in items.iter().enumerate() {
            if items[i + 1..].contains(item) {
                return Err(fail(at, "duplicate items under `uniqueItems`".into()));
            }
        }
    }
    if let Some(item_schema) = child(schema, &Position::Items) {
        for (i, item) in items.iter().enumerate() {
            let len = at.len();
            at.push_str(&format!("/{i}"));
            let result = check_at(spec, item_schema, item, at, depth + 1);
            at.truncate(len);
            result?;
        }
    }
    Ok(())
}

fn check_string(schema: &serde_json::Map<String, Value>, s: &str) -> Result<(), String> {
    let chars = s.chars().count() as f64;
    if let Some(min) = schema.get("minLength").and_then(Value::as_f64) {
        if chars < min {
            return Err(format!(
                "{} is shorter than `minLength` {min}",
                snippet_str(s)
            ));
        }
    }
    if let Some(max) = schema.get("maxLength").and_then(Value::as_f64) {
        if chars > max {
            return Err(format!(
                "{} is longer than `maxLength` {max}",
                snippet_str(s)
            ));
        }
    }
    if let Some(pattern) = schema.get("pattern").and_then(Value::as_str) {
        // An invalid pattern is a fault of the schema, reported by its own check.
        if let Ok(re) = regress::Regex::new(pattern) {
            if re.find(s).is_none() {
                return Err(format!(
                    "{} does not match the `pattern` {pattern}",
                    snippet_str(s)
                ));
            }
        }
    }
    if let Some(format) = schema.get("format").and_then(Value::as_str) {
        if !fits_format(format, s) {
            return Err(format!("{} is not a `{format}`", snippet_str(s)));
        }
    }
    Ok(())
}

fn check_number(schema: &serde_json::Map<String, Value>, n: f64) -> Result<(), String> {
    for (bound, exclusive_key, below) in [
        ("minimum", "exclusiveMinimum", true),
        ("maximum", "exclusiveMaximum", false),
    ] {
        let limit = schema.get(bound).and_then(Value::as_f64);
        let (limit, exclusive) = match schema.get(exclusive_key) {
            Some(Value::Bool(b)) => (limit, *b),
            // 3.1: the exclusive bound is a number of its own.
            Some(Value::Number(x)) => (x.as_f64(), true),
            _ => (limit, false),
        };
        let Some(limit) = limit else { continue };
        let out = match (below, exclusive) {
            (true, false) => n < limit,
            (true, true) => n <= limit,
            (false, false) => n > limit,
            (false, true) => n >= limit,
        };
        if out {
            let side = if below { "below" } else { "above" };
            let kind = if exclusive { " (exclusive)" } else { "" };
            return Err(format!("{n} is {side} the {bound} {limit}{kind}"));
        }
    }
    Ok(())
}

/// Whether `null` is a value of the schema (keywords other than the unions;
/// `map` is the schema's object).
fn null_allowed(schema: &Value, map: &serde_json::Map<String, Value>) -> bool {
    if has_nullable_keyword(schema) {
        return true;
    }
    if let Some(values) = map.get("enum").and_then(Value::as_array) {
        return values.iter().any(Value::is_null);
    }
    let types = types(map);
    types.is_empty() || types.contains(&"null")
}

fn fail(at: &str, message: String) -> String {
    if at.is_empty() {
        message
    } else {
        format!("at {at}: {message}")
    }
}

/// A value for a message: its JSON text, cut to 40 characters.
pub fn snippet(value: &Value) -> String {
    let text = value.to_string();
    match text.char_indices().nth(40) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}

fn snippet_str(s: &str) -> String {
    snippet(&Value::String(s.to_string()))
}

#[cfg(test)]
mod tests;
