//! Pass on the copy of the spec progenitor reads: an integer's Rust type
//! follows its `type` and `format` alone.
//!
//! The construct: integer schemas with bounds. typify picks an integer's
//! Rust type from its bounds as well as its format: `minimum: 1` makes a
//! `NonZeroU64`, `minimum: 0` a `u64`, anything else an `i64`. Upstream
//! adding or loosening a bound would then change a setter's or a field's
//! type, breaking callers' code over a change the drift report rightly
//! classes as no change of type, and callers would build `NonZeroU64`s by
//! hand. The pass removes `minimum`, `maximum`, `exclusiveMinimum` and
//! `exclusiveMaximum` from every integer schema of the spec handed to
//! progenitor, so integers are `i64` (or what their `format` names).
//!
//! Nothing is lost: the normalized spec keeps the bounds (the examples are
//! synthesized within them), parameters' bounds are checked by the SDK before
//! sending ([`super::parameters`]), and bounds of body fields stay the
//! server's to check, as the doc comments still state them.

use serde_json::Value;

use crate::schema::keywords::types;
use crate::schema::locate::schema_pointers;

/// The bound keywords removed from integer schemas.
const BOUNDS: [&str; 4] = ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"];

/// Remove the bounds of every integer schema (see the module doc).
pub fn unbound_integers(spec: &mut Value) {
    for ptr in schema_pointers(spec) {
        let Some(schema) = spec.pointer_mut(&ptr).and_then(Value::as_object_mut) else {
            continue;
        };
        if types(schema).contains(&"integer") {
            for key in BOUNDS {
                schema.remove(key);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn integer_bounds_go_and_others_stay() {
        let mut spec = json!({"components": {"schemas": {"Body": {"type": "object", "properties": {
            "n": {"type": "integer", "minimum": 1, "maximum": 10},
            "size": {"type": "integer", "format": "int32", "minimum": 0, "exclusiveMinimum": true},
            "ratio": {"type": "number", "minimum": 0},
            "name": {"type": "string", "minLength": 1}
        }}}}});
        unbound_integers(&mut spec);
        let props = &spec["components"]["schemas"]["Body"]["properties"];
        assert_eq!(props["n"], json!({"type": "integer"}));
        assert_eq!(props["size"], json!({"type": "integer", "format": "int32"}));
        assert_eq!(props["ratio"], json!({"type": "number", "minimum": 0}));
        assert_eq!(props["name"], json!({"type": "string", "minLength": 1}));
    }
}
