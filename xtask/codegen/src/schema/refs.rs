//! `$ref` resolution, with cycle safety.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use super::pointer::{ref_pointer, unescape_pointer_token};

/// Where component schemas live.
const COMPONENT_SCHEMAS: &str = "/components/schemas/";

/// The keyword of a reference.
const REF: &str = "$ref";

/// The target of the schema's `$ref`, when it is one (a string).
pub fn ref_target(schema: &Value) -> Option<&str> {
    schema.get(REF).and_then(Value::as_str)
}

/// [`ref_target`], mutable: for a pass that points references elsewhere.
pub fn ref_target_mut(schema: &mut Value) -> Option<&mut String> {
    match schema.get_mut(REF) {
        Some(Value::String(target)) => Some(target),
        _ => None,
    }
}

/// Whether the schema has a `$ref` keyword (whatever its value).
pub fn is_ref(schema: &Value) -> bool {
    schema.get(REF).is_some()
}

/// Remove the schema's `$ref` keyword and return its value.
pub fn take_ref(schema: &mut Map<String, Value>) -> Option<Value> {
    schema.remove(REF)
}

/// A schema that is a reference to `target` (`{"$ref": target}`).
pub fn ref_to(target: impl Into<Value>) -> Value {
    let mut out = Map::new();
    out.insert(REF.into(), target.into());
    Value::Object(out)
}

/// The `$ref` target naming the component schema `name`
/// (`#/components/schemas/<name>`; the name as given, not escaped: the
/// names the generator makes hold no `/` or `~`).
pub fn component_target(name: &str) -> String {
    format!("#{COMPONENT_SCHEMAS}{name}")
}

/// A reference to the component schema `name` (see [`component_target`]).
pub fn ref_to_component(name: &str) -> Value {
    ref_to(component_target(name))
}

/// The value a local `$ref` (`#/...`) names inside `root`.
pub fn resolve_ref<'a>(root: &'a Value, target: &str) -> Option<&'a Value> {
    root.pointer(&ref_pointer(target)?)
}

/// A value with its `$ref`s followed.
#[derive(Debug, Clone, Copy)]
pub struct Followed<'a> {
    /// The first value on the chain that is not a resolvable `$ref`: the
    /// target, or the value itself when it is no reference.
    pub value: &'a Value,
    /// The last `$ref` followed (the name the target goes by), if any.
    pub last_ref: Option<&'a str>,
}

/// Follow `$ref`s from `value` until a value that is not one. A reference
/// that does not resolve, or that leads back to one already followed (a
/// chain of references in a circle), stops the walk where it is.
pub fn follow<'a>(root: &'a Value, value: &'a Value) -> Followed<'a> {
    let mut out = Followed {
        value,
        last_ref: None,
    };
    let mut seen = BTreeSet::new();
    while let Some(target) = ref_target(out.value) {
        if !seen.insert(target) {
            break;
        }
        match resolve_ref(root, target) {
            Some(next) => {
                out.value = next;
                out.last_ref = Some(target);
            }
            None => break,
        }
    }
    out
}

/// `value` with its `$ref`s followed (see [`follow`]).
pub fn deref<'a>(root: &'a Value, value: &'a Value) -> &'a Value {
    follow(root, value).value
}

/// The names of the spec's component schemas (`components/schemas`), in
/// name order.
pub fn component_names(spec: &Value) -> std::collections::BTreeSet<String> {
    spec.pointer(COMPONENT_SCHEMAS.trim_end_matches('/'))
        .and_then(Value::as_object)
        .map(|schemas| schemas.keys().cloned().collect())
        .unwrap_or_default()
}

/// The component schema a `$ref` points into (`#/components/schemas/Name`,
/// or a place inside it such as `.../Name/properties/x`), by name; `None`
/// for a reference to anything else.
pub fn component_of(target: &str) -> Option<String> {
    let ptr = ref_pointer(target)?;
    let token = ptr.strip_prefix(COMPONENT_SCHEMAS)?.split('/').next()?;
    Some(unescape_pointer_token(token))
}

/// The component schema a `$ref` names itself, by name; `None` for a place
/// inside a component or a reference to anything else.
pub fn component_name(target: &str) -> Option<String> {
    let ptr = ref_pointer(target)?;
    let rest = ptr.strip_prefix(COMPONENT_SCHEMAS)?;
    (!rest.contains('/')).then(|| unescape_pointer_token(rest))
}

/// Every component schema `value` refers to ([`component_of`] of each
/// `$ref` inside it), in document order, repeats kept.
pub fn referenced_components(value: &Value) -> Vec<String> {
    let mut out = Vec::new();
    collect(value, &mut out);
    out
}

fn collect(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if let Some(name) = ref_target(value).and_then(component_of) {
                out.push(name);
            }
            map.values().for_each(|v| collect(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| collect(v, out)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn chains_are_followed_and_circles_stop() {
        let root = json!({"components": {"schemas": {
            "A": {"$ref": "#/components/schemas/B"},
            "B": {"type": "string"},
            "X": {"$ref": "#/components/schemas/Y"},
            "Y": {"$ref": "#/components/schemas/X"},
        }}});
        let a = json!({"$ref": "#/components/schemas/A"});
        let followed = follow(&root, &a);
        assert_eq!(followed.value, &json!({"type": "string"}));
        assert_eq!(followed.last_ref, Some("#/components/schemas/B"));
        let x = json!({"$ref": "#/components/schemas/X"});
        assert!(deref(&root, &x).get("$ref").is_some(), "a circle stops");
        let missing = json!({"$ref": "#/components/schemas/Missing"});
        assert_eq!(deref(&root, &missing), &missing);
    }

    #[test]
    fn component_names_come_from_refs() {
        assert_eq!(
            component_of("#/components/schemas/A~1B/properties/x").as_deref(),
            Some("A/B")
        );
        assert_eq!(component_name("#/components/schemas/A/properties/x"), None);
        assert_eq!(
            component_name("#/components/schemas/A").as_deref(),
            Some("A")
        );
        assert_eq!(component_of("#/components/parameters/P"), None);
        let value = json!({"a": {"$ref": "#/components/schemas/A"},
            "b": [{"$ref": "#/components/schemas/B/properties/c"}]});
        assert_eq!(referenced_components(&value), ["A", "B"]);
    }
}
