//! Pass: a query parameter that is a union of objects becomes one object of
//! optional fields.
//!
//! The construct: the full spec's works list takes `pagination`, a query
//! parameter whose schema is an `anyOf` of a page object (`page`,
//! `pageSize`) and a nested `anyOf` of cursor objects (`cursor`, `limit`,
//! `direction`). A query object is sent exploded (`style: form`, the default):
//! each field is its own query pair (`?page=2&pageSize=20`), so on the wire
//! the union is just a set of optional fields. typify makes it a struct of
//! optional `Subtype…` parts nested two deep, which no caller should write.
//!
//! The pass merges the members (nested unions flattened) into one object
//! whose properties are all of theirs, each optional. A property in several
//! members keeps what they agree on: the same schema, or the same scalar
//! type with the enum values of all (where every member has an enum) and the
//! constraints that are equal in all. Nothing the union means is lost: an
//! open member accepts any value for a field it does not constrain, so the
//! union already accepted what the merged object accepts (the SDK checks no
//! field of a query object before sending; the API checks them). A member
//! that requires a field or closes its object (`additionalProperties:
//! false`) says which fields go together, which one object cannot say: such
//! a union, and one whose members disagree on a property's type, stays as
//! it is.

use serde_json::{Map, Value};

use crate::schema::keywords::ANNOTATIONS;
use crate::schema::walk::{additional_properties, has_properties, property_schemas};
use crate::schema::{self, deref, inferred_type, pointer, required, union_members};

/// Merge every query parameter's union of objects into one object (see the
/// module doc); returns how many were merged.
pub(crate) fn merge_query_unions(spec: &mut Value) -> usize {
    let mut merged_count = 0;
    let mut places = Vec::new();
    if let Some(paths) = spec.get("paths").and_then(Value::as_object) {
        for (path, item) in paths {
            places.push(pointer(&["paths", path, "parameters"]));
            for method in crate::spec::METHODS {
                if item.get(method).is_some() {
                    places.push(pointer(&["paths", path, method, "parameters"]));
                }
            }
        }
    }
    for params_at in places {
        let count = spec
            .pointer(&params_at)
            .and_then(Value::as_array)
            .map_or(0, Vec::len);
        for i in 0..count {
            let at = format!("{params_at}/{i}");
            let Some(param) = spec.pointer(&at) else {
                continue;
            };
            if !is_exploded_query(param) {
                continue;
            }
            let Some(merged) = param.get("schema").and_then(|s| merged_object(spec, s)) else {
                continue;
            };
            if let Some(slot) = spec.pointer_mut(&format!("{at}/schema")) {
                *slot = merged;
                merged_count += 1;
            }
        }
    }
    merged_count
}

/// An inline query parameter sent exploded (form style, the default).
fn is_exploded_query(param: &Value) -> bool {
    param.get("in").and_then(Value::as_str) == Some("query")
        && param.get("style").and_then(Value::as_str).unwrap_or("form") == "form"
        && param
            .get("explode")
            .and_then(Value::as_bool)
            .unwrap_or(true)
}

/// The union `schema` as one object schema, when its members allow it (see
/// the module doc).
fn merged_object(root: &Value, schema: &Value) -> Option<Value> {
    if has_properties(schema) {
        return None; // an object with fields of its own besides the union
    }
    let mut members = Vec::new();
    if !flatten_members(root, schema, 0, &mut members) || members.len() < 2 {
        return None;
    }
    let mut properties: Map<String, Value> = Map::new();
    for member in &members {
        if !required(member).is_empty()
            || additional_properties(member) == Some(&Value::Bool(false))
        {
            return None;
        }
        for (name, field) in property_schemas(member) {
            // A field keeps its `$ref` (its type stays the component's)
            // unless the members' versions of it have to be joined.
            let joined = match properties.get(name) {
                None => field.clone(),
                Some(seen) => join_fields(deref(root, seen), deref(root, field))?
                    .unwrap_or_else(|| seen.clone()),
            };
            properties.insert(name.to_string(), joined);
        }
    }
    let mut merged = Map::new();
    merged.insert("type".into(), Value::from("object"));
    for key in ANNOTATIONS {
        if let Some(v) = schema.get(key) {
            merged.insert(key.into(), v.clone());
        }
    }
    merged.insert("properties".into(), Value::Object(properties));
    Some(Value::Object(merged))
}

/// Collect the object members of a union, nested unions flattened; `false`
/// when a member is not an object (or the schema is no union).
fn flatten_members<'a>(
    root: &'a Value,
    schema: &'a Value,
    depth: usize,
    out: &mut Vec<&'a Value>,
) -> bool {
    let members = union_members(schema);
    if members.is_empty() || depth > 8 {
        return false;
    }
    members.into_iter().all(|member| {
        let member = deref(root, member);
        if !union_members(member).is_empty() && !has_properties(member) {
            flatten_members(root, member, depth + 1, out)
        } else if inferred_type(member) == Some("object") && schema::all_of_parts(member).is_empty()
        {
            out.push(member);
            true
        } else {
            false
        }
    })
}

/// One schema accepting what `a` or `b` accepts (constraints they disagree
/// on dropped, enum values joined): `Some(None)` when `a` already says the
/// same as `b`, `None` when they are not the same scalar type.
fn join_fields(a: &Value, b: &Value) -> Option<Option<Value>> {
    let (Some(a_map), Some(b_map)) = (a.as_object(), b.as_object()) else {
        return None;
    };
    if checks(a_map) == checks(b_map) {
        return Some(None);
    }
    let scalar = matches!(
        a_map.get("type").and_then(Value::as_str),
        Some("string" | "integer" | "number" | "boolean")
    );
    if !scalar || a_map.get("type") != b_map.get("type") {
        return None;
    }
    let mut joined = a_map.clone();
    for (key, value) in a_map {
        if ANNOTATIONS.contains(&key.as_str()) || key == "type" {
            continue;
        }
        match (key.as_str(), b_map.get(key)) {
            (_, Some(other)) if schema::same_value(value, other) => {}
            ("enum", Some(Value::Array(more))) => {
                let mut values = value.as_array().cloned().unwrap_or_default();
                for v in more {
                    if !values.iter().any(|seen| schema::same_value(seen, v)) {
                        values.push(v.clone());
                    }
                }
                joined.insert(key.clone(), Value::Array(values));
            }
            _ => {
                joined.remove(key);
            }
        }
    }
    Some(Some(Value::Object(joined)))
}

/// A schema's keywords other than its annotations.
fn checks(schema: &Map<String, Value>) -> Map<String, Value> {
    schema
        .iter()
        .filter(|(k, _)| !ANNOTATIONS.contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn works_spec(pagination: Value) -> Value {
        json!({"paths": {"/works": {"get": {"parameters": [
            {"name": "accountId", "in": "query", "required": true, "schema": {"type": "string"}},
            {"name": "pagination", "in": "query", "schema": pagination}
        ]}}}})
    }

    #[test]
    fn page_and_cursor_objects_become_one_object_of_optional_fields() {
        let mut spec = works_spec(json!({"default": {}, "description": "Paging", "anyOf": [
            {"type": "object", "properties": {
                "page": {"type": "integer", "minimum": 0, "exclusiveMinimum": true},
                "pageSize": {"type": "integer"}}},
            {"anyOf": [
                {"type": "object", "properties": {
                    "cursor": {"type": "string"},
                    "limit": {"type": "integer", "minimum": 0, "description": "per page"},
                    "direction": {"type": "string", "enum": ["next", "previous"]}}},
                {"type": "object", "properties": {
                    "limit": {"type": "integer"},
                    "direction": {"type": "string", "enum": ["next"], "description": "dir"}}}
            ]}
        ]}));
        assert_eq!(merge_query_unions(&mut spec), 1);
        let schema = &spec["paths"]["/works"]["get"]["parameters"][1]["schema"];
        assert_eq!(
            schema,
            &json!({"type": "object", "description": "Paging", "default": {}, "properties": {
                "page": {"type": "integer", "minimum": 0, "exclusiveMinimum": true},
                "pageSize": {"type": "integer"},
                "cursor": {"type": "string"},
                "limit": {"type": "integer", "description": "per page"},
                "direction": {"type": "string", "enum": ["next", "previous"]}}})
        );
        // The other parameter is untouched.
        assert_eq!(
            spec["paths"]["/works"]["get"]["parameters"][0]["schema"],
            json!({"type": "string"})
        );
    }

    #[test]
    fn a_field_given_by_reference_keeps_its_reference() {
        let mut spec = works_spec(json!({"anyOf": [
            {"type": "object", "properties": {"direction": {"$ref": "#/components/schemas/Dir"}}},
            {"type": "object", "properties": {
                "direction": {"$ref": "#/components/schemas/Dir"}, "cursor": {"type": "string"}}}
        ]}));
        spec["components"] = json!({"schemas": {"Dir": {"type": "string", "enum": ["next"]}}});
        assert_eq!(merge_query_unions(&mut spec), 1);
        assert_eq!(
            spec["paths"]["/works"]["get"]["parameters"][1]["schema"]["properties"]["direction"],
            json!({"$ref": "#/components/schemas/Dir"})
        );
    }

    #[test]
    fn unions_that_say_which_fields_go_together_stay() {
        for pagination in [
            json!({"oneOf": [
                {"type": "object", "required": ["page"], "properties": {"page": {"type": "integer"}}},
                {"type": "object", "properties": {"cursor": {"type": "string"}}}]}),
            json!({"oneOf": [
                {"type": "object", "additionalProperties": false, "properties": {"page": {"type": "integer"}}},
                {"type": "object", "properties": {"cursor": {"type": "string"}}}]}),
            json!({"anyOf": [
                {"type": "object", "properties": {"at": {"type": "integer"}}},
                {"type": "object", "properties": {"at": {"type": "string"}}}]}),
            json!({"anyOf": [{"type": "object", "properties": {"at": {"type": "integer"}}}, {"type": "string"}]}),
        ] {
            let mut spec = works_spec(pagination.clone());
            assert_eq!(merge_query_unions(&mut spec), 0);
            assert_eq!(
                spec["paths"]["/works"]["get"]["parameters"][1]["schema"],
                pagination
            );
        }
    }

    #[test]
    fn only_exploded_query_parameters_are_merged() {
        let union = json!({"anyOf": [
            {"type": "object", "properties": {"a": {"type": "integer"}}},
            {"type": "object", "properties": {"b": {"type": "integer"}}}]});
        let mut spec = json!({"paths": {"/w": {"get": {"parameters": [
            {"name": "p", "in": "query", "style": "deepObject", "schema": union},
            {"name": "q", "in": "header", "schema": union}
        ]}}}});
        let before = spec.clone();
        assert_eq!(merge_query_unions(&mut spec), 0);
        assert_eq!(spec, before);
    }
}
