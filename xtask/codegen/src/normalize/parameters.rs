//! Pass: string parameters stay plain strings; their constraints are checked
//! by the SDK method instead.

use serde_json::Value;

use super::plan::OperationPlan;
use crate::schema::pointer;

/// Length and pattern constraints of one string parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StringCheck {
    /// The parameter's name in the spec.
    pub name: String,
    /// `minLength`, in characters.
    pub min_length: Option<u64>,
    /// `maxLength`, in characters.
    pub max_length: Option<u64>,
    /// `pattern` (ECMA-262 regular expression).
    pub pattern: Option<String>,
}

/// typify turns a string schema with `minLength`, `maxLength` or `pattern`
/// into a newtype that callers must build and unwrap by hand. For path and
/// query parameters the constraints are removed from the schema (so the
/// method takes `&str`) and recorded on the plan, and the generated method
/// checks them, returning `Error::InvalidArgument` naming the parameter.
pub fn lift_string_constraints(spec: &mut Value, ops: &mut [OperationPlan]) {
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
                if schema.get("type").and_then(Value::as_str) != Some("string")
                    || schema.contains_key("enum")
                {
                    continue;
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
        lift_string_constraints(&mut spec, &mut ops);
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
            spec.pointer("/paths/~1w/get/parameters/1/schema/minimum"),
            Some(&json!(1))
        );
    }
}
