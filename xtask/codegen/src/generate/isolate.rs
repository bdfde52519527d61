//! Finding the part of a spec the generator fails on.
//!
//! progenitor and typify report a failure for the whole document ("type error
//! value does not conform to the given schema"), without saying where. When
//! the whole spec fails, generation is retried on reduced specs: the
//! components alone (then each component schema with the schemas it refers
//! to), then each operation alone (then that operation without one of its
//! parameters, its request body or its responses). The first part that fails
//! on its own is reported with its JSON pointer and operationId.

use std::collections::BTreeSet;

use serde_json::{json, Map, Value};

use crate::schema::{pointer, referenced_components};
use crate::spec::operations;

/// The part of the spec that fails generation on its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Culprit {
    /// JSON pointer of the operation, parameter, body or component.
    pub pointer: String,
    /// What it is: "operation `X_get` (GET /x)", "component schema `Thing`".
    pub what: String,
    /// The failure, as the generator reported it on the reduced spec.
    pub failure: String,
}

/// Find the culprit with `attempt`, which runs the generator on a spec.
/// `None` when no single part fails on its own.
pub fn isolate(spec: &Value, attempt: &dyn Fn(&Value) -> Result<(), String>) -> Option<Culprit> {
    let mut no_paths = spec.clone();
    no_paths["paths"] = json!({});
    if let Err(failure) = attempt(&no_paths) {
        return Some(isolate_component(spec, attempt).unwrap_or(Culprit {
            pointer: "/components".into(),
            what: "the components".into(),
            failure,
        }));
    }
    for (path, method, op) in operations(spec) {
        let ptr = pointer(&["paths", path, method]);
        let Some(item) = spec
            .pointer(&pointer(&["paths", path]))
            .and_then(Value::as_object)
        else {
            continue;
        };
        let only = |op: &Value| {
            let mut reduced = spec.clone();
            let mut kept: Map<String, Value> = item
                .iter()
                .filter(|(k, _)| !is_method(k))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            kept.insert(method.to_string(), op.clone());
            reduced["paths"] = json!({ path: kept });
            reduced
        };
        let Err(failure) = attempt(&only(op)) else {
            continue;
        };
        let id = op
            .get("operationId")
            .and_then(Value::as_str)
            .unwrap_or("(no operationId)");
        let what = format!("operation `{id}` ({} {path})", method.to_ascii_uppercase());
        let mut parts: Vec<(String, Value)> = Vec::new();
        for (i, _) in op
            .get("parameters")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            let mut without = op.clone();
            if let Some(params) = without.get_mut("parameters").and_then(Value::as_array_mut) {
                params.remove(i);
            }
            parts.push((format!("{ptr}/parameters/{i}"), without));
        }
        for key in ["requestBody", "responses"] {
            if op.get(key).is_some() {
                let mut without = op.clone();
                if key == "responses" {
                    without[key] = json!({"default": {"description": ""}});
                } else if let Some(map) = without.as_object_mut() {
                    map.remove(key);
                }
                parts.push((format!("{ptr}/{key}"), without));
            }
        }
        let pointer = parts
            .into_iter()
            .find(|(_, without)| attempt(&only(without)).is_ok())
            .map_or(ptr, |(part, _)| part);
        return Some(Culprit {
            pointer,
            what,
            failure,
        });
    }
    None
}

fn is_method(key: &str) -> bool {
    matches!(
        key,
        "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace"
    )
}

/// The component schema that fails with only itself and what it refers to
/// (the one with the fewest such schemas: whatever refers to the culprit
/// fails too).
fn isolate_component(
    spec: &Value,
    attempt: &dyn Fn(&Value) -> Result<(), String>,
) -> Option<Culprit> {
    let schemas = spec.pointer("/components/schemas")?.as_object()?;
    let mut best: Option<(usize, Culprit)> = None;
    for name in schemas.keys() {
        let closure = closure(schemas, name);
        if best
            .as_ref()
            .is_some_and(|(size, _)| *size <= closure.len())
        {
            continue;
        }
        let mut reduced = json!({
            "openapi": spec.get("openapi").cloned().unwrap_or(json!("3.0.3")),
            "info": spec.get("info").cloned().unwrap_or(json!({"title": "", "version": ""})),
            "paths": {},
            "components": {"schemas": {}},
        });
        for n in &closure {
            if let Some(s) = schemas.get(n) {
                reduced["components"]["schemas"][n] = s.clone();
            }
        }
        if let Err(failure) = attempt(&reduced) {
            best = Some((
                closure.len(),
                Culprit {
                    pointer: pointer(&["components", "schemas", name]),
                    what: format!("component schema `{name}`"),
                    failure,
                },
            ));
        }
    }
    best.map(|(_, culprit)| culprit)
}

/// `name` and every component schema it refers to, directly or not.
fn closure(schemas: &Map<String, Value>, name: &str) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut todo = vec![name.to_string()];
    while let Some(n) = todo.pop() {
        if !seen.insert(n.clone()) {
            continue;
        }
        if let Some(schema) = schemas.get(&n) {
            todo.extend(referenced_components(schema));
        }
    }
    seen
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec() -> Value {
        json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {
            "/a": {"get": {"operationId": "A_get", "responses": {}}},
            "/b/{id}": {
                "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
                "get": {"operationId": "B_get", "parameters": [
                    {"name": "ok", "in": "query", "schema": {"type": "string"}},
                    {"name": "bad", "in": "query", "schema": {"x-bad": true}}
                ], "responses": {}},
                "post": {"operationId": "B_post", "responses": {}}
            }
        }, "components": {"schemas": {
            "Fine": {"type": "string"},
            "Outer": {"type": "object", "properties": {"inner": {"$ref": "#/components/schemas/Inner"}}},
            "Inner": {"type": "object", "properties": {"v": {"x-bad": true}}}
        }}})
    }

    /// A stand-in generator that fails on any `x-bad` it is given.
    fn fails_on_marker(spec: &Value) -> Result<(), String> {
        if spec.to_string().contains("x-bad") {
            Err("boom".into())
        } else {
            Ok(())
        }
    }

    #[test]
    fn a_failing_component_is_the_smallest_one_that_fails_alone() {
        let culprit = isolate(&spec(), &fails_on_marker).expect("a culprit");
        assert_eq!(culprit.pointer, "/components/schemas/Inner");
        assert_eq!(culprit.what, "component schema `Inner`");
    }

    #[test]
    fn a_failing_parameter_is_named_with_its_operation() {
        let mut s = spec();
        s["components"]["schemas"]["Inner"] = json!({"type": "string"});
        let culprit = isolate(&s, &fails_on_marker).expect("a culprit");
        assert_eq!(culprit.pointer, "/paths/~1b~1{id}/get/parameters/1");
        assert_eq!(culprit.what, "operation `B_get` (GET /b/{id})");
        assert_eq!(culprit.failure, "boom");
        s["paths"]["/b/{id}"]["get"]["parameters"] = json!([]);
        assert_eq!(isolate(&s, &fails_on_marker), None);
    }
}
