//! `$ref` resolution, with cycle safety.

use std::collections::BTreeSet;

use serde_json::Value;

use super::pointer::ref_pointer;

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
    while let Some(target) = out.value.get("$ref").and_then(Value::as_str) {
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
}
