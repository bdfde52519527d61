//! Pass: parameters' constraints are checked by the SDK method, so that
//! they never shape a parameter's type.
//!
//! typify turns a constrained string into a newtype the caller must build,
//! and picks a bounded integer's type from its bounds (`NonZeroU64` for
//! `minimum: 1`). The SDK method takes `&str` and `i64` instead and checks
//! the constraints before sending, returning `Error::InvalidArgument` naming
//! the parameter: string constraints move from the schema to the plan
//! ([`StringCheck`]); numeric bounds are recorded ([`NumberCheck`]) and stay
//! in the schema for the examples, while [`super::integers`] removes them from
//! the copy progenitor reads.

use serde_json::Value;

use super::plan::{NumberCheck, OperationPlan, StringCheck};
use crate::schema::pointer;

/// Record the constraints of every path and query parameter on its
/// operation's plan (see the module doc); string constraints leave the schema.
pub fn lift_parameter_constraints(spec: &mut Value, ops: &mut [OperationPlan]) {
    for op in ops.iter_mut() {
        let method = op.http_method.to_ascii_lowercase();
        for ptr in [
            pointer(&["paths", &op.path, "parameters"]),
            pointer(&["paths", &op.path, &method, "parameters"]),
        ] {
            let Some(params) = spec.pointer_mut(&ptr).and_then(Value::as_array_mut) else {
                continue;
            };
            for param in params {
                let name = param
                    .get("name")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string();
                let Some(schema) = param.get_mut("schema").and_then(Value::as_object_mut) else {
                    continue;
                };
                if schema.contains_key("enum") {
                    continue; // an enum is its own type, its values its check
                }
                match schema.get("type").and_then(Value::as_str) {
                    Some("string") => {}
                    Some("integer" | "number") => {
                        if let Some(check) = number_check(name, schema) {
                            op.number_checks.push(check);
                        }
                        continue;
                    }
                    _ => continue,
                }
                let min_length = schema.remove("minLength").and_then(|v| v.as_u64());
                let max_length = schema.remove("maxLength").and_then(|v| v.as_u64());
                let pattern = schema
                    .remove("pattern")
                    .and_then(|v| v.as_str().map(str::to_string));
                if min_length.is_some() || max_length.is_some() || pattern.is_some() {
                    op.string_checks.push(StringCheck {
                        name,
                        min_length,
                        max_length,
                        pattern,
                    });
                }
            }
        }
    }
}

fn number_check(name: String, schema: &serde_json::Map<String, Value>) -> Option<NumberCheck> {
    let number = |k: &str| schema.get(k).and_then(Value::as_f64);
    let flag = |k: &str| schema.get(k).and_then(Value::as_bool).unwrap_or(false);
    let check = NumberCheck {
        name,
        minimum: number("minimum"),
        maximum: number("maximum"),
        exclusive_minimum: flag("exclusiveMinimum"),
        exclusive_maximum: flag("exclusiveMaximum"),
    };
    (check.minimum.is_some() || check.maximum.is_some()).then_some(check)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::operations::plan_operations;
    use serde_json::json;

    #[test]
    fn constraints_move_from_schema_to_plan() {
        let mut spec = json!({"openapi": "3.0.1", "info": {"title": "t", "version": "1"}, "paths": {"/w": {"get": {
            "operationId": "WorksController_listWorks_v2",
            "parameters": [
                {"name": "accountId", "in": "query", "required": true, "schema": {"type": "string", "minLength": 1}},
                {"name": "q", "in": "query", "schema": {"type": "integer", "minimum": 1}}
            ],
            "responses": {}
        }}}});
        let mut ops = plan_operations(&spec).unwrap();
        lift_parameter_constraints(&mut spec, &mut ops);
        assert_eq!(
            ops[0].string_checks,
            [StringCheck {
                name: "accountId".into(),
                min_length: Some(1),
                max_length: None,
                pattern: None
            }]
        );
        assert_eq!(
            spec.pointer("/paths/~1w/get/parameters/0/schema"),
            Some(&json!({"type": "string"}))
        );
        assert_eq!(
            ops[0].number_checks,
            [NumberCheck {
                name: "q".into(),
                minimum: Some(1.0),
                maximum: None,
                exclusive_minimum: false,
                exclusive_maximum: false
            }]
        );
        assert_eq!(
            spec.pointer("/paths/~1w/get/parameters/1/schema/minimum"),
            Some(&json!(1)),
            "numeric bounds stay for the examples"
        );
    }
}
