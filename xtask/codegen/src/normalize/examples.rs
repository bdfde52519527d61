//! Pass: every operation gets schema-valid examples for the sandbox.
//!
//! The construct: documented examples that are not values of their own
//! schema. Upstream writes type names as placeholders (`"status": "number"`,
//! `"code": "integer"`), omits required fields, adds undocumented ones, and
//! some operations have no example at all. Served as they are, the SDK's
//! typed decode fails on them, so a sandbox would only prove that the
//! examples are wrong. The pass:
//! - repairs each success example against the result schema (envelope
//!   `data`, or the plain JSON body): a value that fits stays, one that does
//!   not (a placeholder, a missing required field) is replaced by a value
//!   synthesized from the schema, undocumented fields are dropped (the typed
//!   decode drops them too), and absent fields with a `default` get it (the
//!   typed decode fills it in);
//! - synthesizes a success example where none is documented;
//! - adds a [`FORWARD_COMPAT_EXAMPLE`]: the success example with an unknown
//!   field added to every object and every open-enum value replaced by one
//!   the spec does not list, which must still decode;
//! - gives each streaming operation an SSE example ([`STREAM_EXAMPLE`] when
//!   none is documented), and ends each documented one with the blank line
//!   that dispatches its last event (the docs often leave it out).
//!
//! Error examples (a non-zero integer `code`) are served as documented.

use serde_json::{json, Map, Value};

use super::enums::OPEN_ENUM_MARKER;
use super::operations::{Example, OperationPlan, ResponsePlan};
use crate::spec::{required, resolve_ref};

/// Name of the synthesized example that carries unknown fields and values.
pub const FORWARD_COMPAT_EXAMPLE: &str = "__forward_compat";

/// Name of the synthesized SSE example of a streaming operation without one.
pub const STREAM_EXAMPLE: &str = "__stream";

/// The field the forward-compatibility example adds to every object.
pub const UNKNOWN_FIELD: &str = "__aitoearnNewField";

/// The string every open-enum value becomes in the forward-compatibility example.
pub const UNKNOWN_ENUM_VALUE: &str = "__aitoearn_new_value__";

/// The number every numeric open-enum value becomes in the forward-compatibility example.
pub const UNKNOWN_ENUM_NUMBER: i64 = 424_242;

/// Deepest nesting the synthesizer fills optional fields at.
const OPTIONAL_DEPTH: usize = 4;
/// Deepest nesting the synthesizer goes at all (recursive schemas).
const MAX_DEPTH: usize = 12;

/// Repair, complete and extend every operation's examples (see the module doc).
pub fn prepare_examples(spec: &Value, ops: &mut [OperationPlan]) {
    for op in ops.iter_mut() {
        let enveloped = matches!(op.response, ResponsePlan::Envelope(_));
        let mut success: Option<Value> = None;
        if let Some(schema) = op.data_schema.clone() {
            for ex in op.examples.iter_mut() {
                if enveloped {
                    if ex.code().is_some_and(|c| c != 0) {
                        continue;
                    }
                    let Some(envelope) = ex.value.as_object_mut() else {
                        ex.value = json!({"code": 0, "message": "ok", "data": synthesize(spec, &schema, 0)});
                        continue;
                    };
                    envelope.insert("code".into(), json!(0));
                    if !envelope.get("message").is_some_and(Value::is_string) {
                        envelope.insert("message".into(), json!("ok"));
                    }
                    for (key, ok) in [
                        ("requestId", Value::is_string as fn(&Value) -> bool),
                        ("timestamp", Value::is_i64),
                    ] {
                        if envelope.get(key).is_some_and(|v| !ok(v)) {
                            envelope.remove(key);
                        }
                    }
                    let data = envelope.get("data").cloned().unwrap_or(Value::Null);
                    envelope.insert("data".into(), repair(spec, &schema, &data, 0));
                } else {
                    ex.value = repair(spec, &schema, &ex.value, 0);
                }
                success.get_or_insert_with(|| ex.value.clone());
            }
            let success = success.get_or_insert_with(|| {
                let data = synthesize(spec, &schema, 0);
                let value = if enveloped {
                    json!({"code": 0, "message": "ok", "data": data})
                } else {
                    data
                };
                let name = if op.examples.iter().any(|e| e.name == "success") {
                    "__success"
                } else {
                    "success"
                };
                op.examples.insert(
                    0,
                    Example {
                        name: name.into(),
                        summary: None,
                        status: 200,
                        value: value.clone(),
                    },
                );
                value
            });
            let mut forward = if enveloped {
                let mut envelope = success.clone();
                if let Some(map) = envelope.as_object_mut() {
                    let data = map.get("data").cloned().unwrap_or(Value::Null);
                    map.insert("data".into(), forward_compatible(spec, &schema, &data, 0));
                    map.insert(UNKNOWN_FIELD.into(), json!({"added": true}));
                }
                envelope
            } else {
                forward_compatible(spec, &schema, success, 0)
            };
            // A body typed as any JSON (no schema) still gets its new field.
            if let Some(map) = forward.as_object_mut() {
                map.entry(UNKNOWN_FIELD)
                    .or_insert_with(|| json!({"added": true}));
            }
            op.examples.push(Example {
                name: FORWARD_COMPAT_EXAMPLE.into(),
                summary: Some(
                    "a success response with a field and enum values this SDK does not know".into(),
                ),
                status: 200,
                value: forward,
            });
        }
        // A documented SSE example without a `data:` line is a placeholder (`"string"`).
        op.stream_examples.retain(|e| {
            e.value
                .as_str()
                .is_some_and(|t| t.lines().any(|l| l.starts_with("data:")))
        });
        // The documentation lists events, often without the blank line after
        // the last one; served as a body, that event would be dropped (an
        // event ends only with its blank line), so the pass adds it.
        for example in &mut op.stream_examples {
            if let Value::String(text) = &mut example.value {
                text.truncate(text.trim_end_matches(['\r', '\n']).len());
                text.push_str("\n\n");
            }
        }
        let streams = op.offers_event_stream || op.response == ResponsePlan::EventStream;
        if streams && op.stream_examples.is_empty() {
            let data = success
                .as_ref()
                .map_or_else(|| "{}".to_string(), Value::to_string);
            op.stream_examples.push(Example {
                name: STREAM_EXAMPLE.into(),
                summary: None,
                status: 200,
                value: Value::String(format!("data: {data}\n\ndata: [DONE]\n\n")),
            });
        }
    }
}

/// Follow `$ref`s to the schema they name.
fn resolve<'a>(spec: &'a Value, mut schema: &'a Value) -> &'a Value {
    for _ in 0..32 {
        match schema
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| resolve_ref(spec, r))
        {
            Some(target) => schema = target,
            None => break,
        }
    }
    schema
}

fn is_open_enum(spec: &Value, schema: &Value) -> bool {
    resolve(spec, schema).get(OPEN_ENUM_MARKER).is_some()
}

fn nullable(spec: &Value, schema: &Value) -> bool {
    let s = resolve(spec, schema);
    s.get("nullable").and_then(Value::as_bool).unwrap_or(false)
        || s.get("type").and_then(Value::as_str) == Some("null")
        || variants(s).iter().any(|v| nullable(spec, v))
}

fn variants(schema: &Value) -> Vec<Value> {
    ["oneOf", "anyOf"]
        .iter()
        .filter_map(|k| schema.get(*k).and_then(Value::as_array))
        .flatten()
        .cloned()
        .collect()
}

/// An `allOf` folded into one object schema (properties and required merged).
fn merge_all_of(spec: &Value, schema: &Value) -> Value {
    merge_all_of_within(spec, schema, 0)
}

/// Nested `allOf`s are folded up to 16 levels deep: a spec whose `allOf`
/// refers back to itself must not recurse until the stack overflows.
fn merge_all_of_within(spec: &Value, schema: &Value, depth: usize) -> Value {
    let mut out = schema.as_object().cloned().unwrap_or_default();
    out.remove("allOf");
    let mut properties = out
        .remove("properties")
        .and_then(|p| p.as_object().cloned())
        .unwrap_or_default();
    let mut required: Vec<Value> = out
        .remove("required")
        .and_then(|r| r.as_array().cloned())
        .unwrap_or_default();
    for part in schema
        .get("allOf")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let part = resolve(spec, part);
        let part = if part.get("allOf").is_some() && depth < 16 {
            merge_all_of_within(spec, part, depth + 1)
        } else {
            part.clone()
        };
        if let Some(p) = part.get("properties").and_then(Value::as_object) {
            properties.extend(p.clone());
        }
        required.extend(
            part.get("required")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default(),
        );
        for (k, v) in part.as_object().into_iter().flatten() {
            if !matches!(k.as_str(), "properties" | "required" | "allOf") {
                out.entry(k.clone()).or_insert_with(|| v.clone());
            }
        }
    }
    if !properties.is_empty() {
        out.insert("properties".into(), Value::Object(properties));
        out.entry("type").or_insert_with(|| json!("object"));
    }
    if !required.is_empty() {
        out.insert("required".into(), Value::Array(required));
    }
    Value::Object(out)
}

fn schema_type(schema: &Value) -> Option<&str> {
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

fn in_enum(schema: &Value, value: &Value) -> bool {
    match schema.get("enum").and_then(Value::as_array) {
        Some(values) => values
            .iter()
            .any(|v| v == value || (v.as_f64().is_some() && v.as_f64() == value.as_f64())),
        None => true,
    }
}

/// Whether `value` has the shape of `schema` (type, required fields, enums):
/// used to pick the union variant a value belongs to.
pub fn fits(spec: &Value, schema: &Value, value: &Value) -> bool {
    let schema = resolve(spec, schema);
    if value.is_null() {
        return nullable(spec, schema);
    }
    if let Some(parts) = schema.get("allOf").and_then(Value::as_array) {
        if !parts.iter().all(|p| fits(spec, p, value)) {
            return false;
        }
    }
    let vs = variants(schema);
    if !vs.is_empty() && !vs.iter().any(|v| fits(spec, v, value)) {
        return false;
    }
    if !in_enum(schema, value) {
        return false;
    }
    match schema_type(schema) {
        Some("object") => {
            let Some(map) = value.as_object() else {
                return false;
            };
            let required = schema
                .get("required")
                .and_then(Value::as_array)
                .into_iter()
                .flatten();
            let props = schema.get("properties").and_then(Value::as_object);
            required
                .filter_map(Value::as_str)
                .all(|k| map.contains_key(k))
                && map.iter().all(|(k, v)| {
                    props
                        .and_then(|p| p.get(k))
                        .is_none_or(|ps| !has_enum(spec, ps) || fits(spec, ps, v))
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
    resolve(spec, schema).get("enum").is_some()
}

/// The value, made a value of `schema` (see the module doc).
pub fn repair(spec: &Value, schema: &Value, value: &Value, depth: usize) -> Value {
    let schema = resolve(spec, schema);
    if depth > MAX_DEPTH {
        return value.clone();
    }
    if value.is_null() && nullable(spec, schema) {
        return Value::Null;
    }
    if schema.get("allOf").is_some() {
        return repair(spec, &merge_all_of(spec, schema), value, depth);
    }
    let vs = variants(schema);
    if !vs.is_empty() {
        let non_null: Vec<&Value> = vs.iter().filter(|v| !is_null_schema(spec, v)).collect();
        return match non_null.iter().find(|v| fits(spec, v, value)) {
            Some(v) => repair(spec, v, value, depth + 1),
            None => match non_null.first() {
                Some(v) => synthesize(spec, v, depth + 1),
                None => Value::Null,
            },
        };
    }
    if schema.get("enum").is_some() && !in_enum(schema, value) {
        return synthesize(spec, schema, depth);
    }
    match schema_type(schema) {
        Some("object") => {
            let Some(map) = value.as_object() else {
                return synthesize(spec, schema, depth);
            };
            let props = schema.get("properties").and_then(Value::as_object);
            let extra = schema.get("additionalProperties").filter(|v| v.is_object());
            let Some(props) = props.filter(|p| !p.is_empty()) else {
                return match extra {
                    Some(extra) => Value::Object(
                        map.iter()
                            .map(|(k, v)| (k.clone(), repair(spec, extra, v, depth + 1)))
                            .collect(),
                    ),
                    None => value.clone(),
                };
            };
            let required = required(schema);
            let mut out = Map::new();
            for (key, prop) in props {
                match map.get(key) {
                    Some(v) => {
                        out.insert(key.clone(), repair(spec, prop, v, depth + 1));
                    }
                    None if required.contains(&key.as_str()) => {
                        out.insert(key.clone(), synthesize(spec, prop, depth + 1));
                    }
                    None => {
                        if let Some(default) = resolve(spec, prop).get("default") {
                            out.insert(key.clone(), default.clone());
                        }
                    }
                }
            }
            if let Some(extra) = extra {
                for (k, v) in map.iter().filter(|(k, _)| !props.contains_key(*k)) {
                    out.insert(k.clone(), repair(spec, extra, v, depth + 1));
                }
            }
            Value::Object(out)
        }
        Some("array") => match (value.as_array(), schema.get("items")) {
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
            Some(s) if string_fits_format(schema, s) => value.clone(),
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

fn is_null_schema(spec: &Value, schema: &Value) -> bool {
    let s = resolve(spec, schema);
    s.get("type").and_then(Value::as_str) == Some("null") || s.get("enum") == Some(&json!([null]))
}

fn string_fits_format(schema: &Value, s: &str) -> bool {
    match schema.get("format").and_then(Value::as_str) {
        Some("date-time") => looks_like_date_time(s),
        Some("date") => {
            s.len() == 10
                && s.as_bytes().get(4) == Some(&b'-')
                && s.as_bytes().get(7) == Some(&b'-')
        }
        _ => true,
    }
}

/// RFC 3339: `YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)`.
fn looks_like_date_time(s: &str) -> bool {
    let b = s.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    b.len() >= 20
        && digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10)
        && matches!(b[10], b'T' | b't')
        && digits(11..13)
        && b[13] == b':'
        && digits(14..16)
        && b[16] == b':'
        && digits(17..19)
        && (s.ends_with('Z') || s.ends_with('z') || s[19..].contains(['+', '-']))
}

/// A value of `schema`, built from its examples, defaults and types.
pub fn synthesize(spec: &Value, schema: &Value, depth: usize) -> Value {
    let schema = resolve(spec, schema);
    if schema.get("allOf").is_some() {
        return synthesize(spec, &merge_all_of(spec, schema), depth);
    }
    if let Some(first) = variants(schema).iter().find(|v| !is_null_schema(spec, v)) {
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
            let fits_type = match schema_type(schema) {
                Some("string") => v
                    .as_str()
                    .is_some_and(|s| !s.is_empty() && string_fits_format(schema, s)),
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
    match schema_type(schema) {
        Some("object") => {
            let mut out = Map::new();
            let required = required(schema);
            if depth <= MAX_DEPTH {
                for (key, prop) in schema
                    .get("properties")
                    .and_then(Value::as_object)
                    .into_iter()
                    .flatten()
                {
                    if required.contains(&key.as_str()) || depth < OPTIONAL_DEPTH {
                        out.insert(key.clone(), synthesize(spec, prop, depth + 1));
                    }
                }
            }
            Value::Object(out)
        }
        Some("array") => match schema.get("items") {
            Some(items) if depth < MAX_DEPTH => json!([synthesize(spec, items, depth + 1)]),
            _ => json!([]),
        },
        Some("string") => match schema.get("format").and_then(Value::as_str) {
            Some("date-time") => json!("2024-01-02T03:04:05Z"),
            Some("date") => json!("2024-01-02"),
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

/// The value with an unknown field in every object and unknown open-enum values.
pub fn forward_compatible(spec: &Value, schema: &Value, value: &Value, depth: usize) -> Value {
    if depth > MAX_DEPTH || value.is_null() {
        return value.clone();
    }
    if is_open_enum(spec, schema) {
        return match value {
            Value::String(_) => json!(UNKNOWN_ENUM_VALUE),
            Value::Number(_) => json!(UNKNOWN_ENUM_NUMBER),
            other => other.clone(),
        };
    }
    let schema = resolve(spec, schema);
    if schema.get("allOf").is_some() {
        return forward_compatible(spec, &merge_all_of(spec, schema), value, depth);
    }
    let vs = variants(schema);
    if !vs.is_empty() {
        return match vs
            .iter()
            .find(|v| !is_null_schema(spec, v) && fits(spec, v, value))
        {
            Some(v) => forward_compatible(spec, v, value, depth + 1),
            None => value.clone(),
        };
    }
    match (value, schema_type(schema)) {
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

#[cfg(test)]
mod tests {

    #[test]
    fn a_self_referencing_all_of_is_folded_without_overflowing() {
        let spec = json!({"components": {"schemas": {"Loop": {
            "allOf": [{"$ref": "#/components/schemas/Loop"}, {"type": "object", "properties": {"a": {"type": "string"}}}]
        }}}});
        let folded = merge_all_of(&spec, &spec["components"]["schemas"]["Loop"]);
        assert_eq!(folded["properties"]["a"], json!({"type": "string"}));
        assert!(synthesize(&spec, &spec["components"]["schemas"]["Loop"], 0).is_object());
    }

    use super::*;

    fn spec() -> Value {
        json!({"components": {"schemas": {
            "Status": {"type": "number", "enum": [0, 1], OPEN_ENUM_MARKER: true},
            "Rec": {"type": "object", "required": ["id", "status", "at"], "properties": {
                "id": {"type": "string"},
                "status": {"$ref": "#/components/schemas/Status"},
                "at": {"type": "string", "format": "date-time"},
                "count": {"type": "integer"},
                "tags": {"type": "array", "items": {"type": "string"}},
                "size": {"type": "integer", "default": 10},
                "page": {"oneOf": [
                    {"type": "object", "required": ["mode", "nextCursor"], "properties": {"mode": {"type": "string", "enum": ["cursor"]}, "nextCursor": {"type": "string"}}},
                    {"type": "object", "required": ["mode"], "properties": {"mode": {"type": "string", "enum": ["none"]}}}
                ]}
            }}
        }}})
    }

    #[test]
    fn placeholders_are_replaced_and_valid_values_kept() {
        let spec = spec();
        let schema = json!({"$ref": "#/components/schemas/Rec"});
        let example = json!({"id": "r1", "status": "number", "at": "string", "count": "integer", "tags": ["a"],
            "undocumented": 1, "page": {"mode": "none"}});
        let repaired = repair(&spec, &schema, &example, 0);
        assert_eq!(
            repaired,
            json!({"id": "r1", "status": 0, "at": "2024-01-02T03:04:05Z", "count": 1, "tags": ["a"],
            "size": 10, "page": {"mode": "none"}})
        );
        assert_eq!(
            repair(&spec, &schema, &repaired, 0),
            repaired,
            "a repaired value is a fixed point"
        );
        let made = synthesize(&spec, &schema, 0);
        assert_eq!(repair(&spec, &schema, &made, 0), made);
        assert_eq!(
            made["page"],
            json!({"mode": "cursor", "nextCursor": "string"})
        );
    }

    #[test]
    fn forward_compatible_values_add_fields_and_unknown_enum_values() {
        let spec = spec();
        let schema = json!({"$ref": "#/components/schemas/Rec"});
        let value = json!({"id": "r1", "status": 1, "at": "2024-01-02T03:04:05Z", "page": {"mode": "cursor", "nextCursor": "c"}});
        let fc = forward_compatible(&spec, &schema, &value, 0);
        assert_eq!(fc["status"], json!(UNKNOWN_ENUM_NUMBER));
        assert_eq!(fc[UNKNOWN_FIELD], json!({"added": true}));
        assert_eq!(fc["page"][UNKNOWN_FIELD], json!({"added": true}));
        assert_eq!(
            fc["page"]["mode"], "cursor",
            "a union's discriminator stays"
        );
    }

    #[test]
    fn operations_without_examples_get_one_and_streams_get_sse() {
        let spec = spec();
        let mut op = crate::normalize::operations::tests_support::plan("X");
        op.response = ResponsePlan::Json(crate::normalize::RustType::Named("Rec".into()));
        op.data_schema = Some(json!({"$ref": "#/components/schemas/Rec"}));
        op.offers_event_stream = true;
        let mut ops = [op];
        prepare_examples(&spec, &mut ops);
        let names: Vec<&str> = ops[0].examples.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["success", FORWARD_COMPAT_EXAMPLE]);
        assert_eq!(ops[0].stream_examples[0].name, STREAM_EXAMPLE);
        assert!(ops[0].stream_examples[0]
            .value
            .as_str()
            .unwrap()
            .starts_with("data: {"));
    }

    #[test]
    fn documented_sse_examples_end_with_the_blank_line_of_their_last_event() {
        let mut op = crate::normalize::operations::tests_support::plan("X");
        op.response = ResponsePlan::EventStream;
        op.stream_examples.push(Example {
            name: "sse".into(),
            summary: None,
            status: 200,
            value: json!("data: 1\n\ndata: 2\r\n"),
        });
        let mut ops = [op];
        prepare_examples(&spec(), &mut ops);
        assert_eq!(
            ops[0].stream_examples[0].value,
            json!("data: 1\n\ndata: 2\n\n")
        );
    }
}
