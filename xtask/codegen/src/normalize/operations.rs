//! Pass 0: each operation's [`OperationPlan`], read from the spec as
//! published: names, auth, examples, error codes.

use std::collections::BTreeMap;

use serde_json::Value;

use super::plan::{Auth, ErrorCodeDef, Example, OperationPlan, ResponsePlan};
use crate::error::{CodegenError, Result};
use crate::method_lock::MethodLock;
use crate::naming;
use crate::schema::media::{is_event_stream_media, is_json_media};
use crate::schema::{deref, pointer};
use crate::spec::operations;

/// Read the plan of every operation from a validated spec (the passes' unit
/// tests; the pass list reads them through the method lock).
#[cfg(test)]
pub(crate) fn plan_operations(spec: &Value) -> Result<Vec<OperationPlan>> {
    plan_operations_locked(spec, &MethodLock::default())
}

/// Read the plan of every operation; operations the lock lists keep their
/// method names.
pub fn plan_operations_locked(spec: &Value, lock: &MethodLock) -> Result<Vec<OperationPlan>> {
    let ops: Vec<(&str, &str, &Value)> = operations(spec).collect();
    let names = naming::method_names(
        ops.iter()
            .filter_map(|(_, _, op)| op.get("operationId").and_then(Value::as_str)),
        lock,
    );
    let top_security = spec.get("security");
    ops.iter()
        .map(|(path, method, op)| {
            let ptr = pointer(&["paths", path, method]);
            let id = op
                .get("operationId")
                .and_then(Value::as_str)
                .ok_or_else(|| CodegenError::at(&ptr, "operation has no operationId"))?;
            let text = |k: &str| op.get(k).and_then(Value::as_str).map(str::to_string);
            Ok(OperationPlan {
                operation_id: id.to_string(),
                method_name: names
                    .get(id)
                    .cloned()
                    .unwrap_or_else(|| naming::base_method_name(id)),
                http_method: method.to_ascii_uppercase(),
                path: path.to_string(),
                summary: text("summary"),
                description: text("description"),
                deprecated: op
                    .get("deprecated")
                    .and_then(Value::as_bool)
                    .unwrap_or(false),
                path_params: path_params(path),
                auth: auth(spec, op.get("security").or(top_security), &ptr)?,
                response: ResponsePlan::Raw,
                examples: success_examples(spec, op, is_json_media),
                string_checks: Vec::new(),
                number_checks: Vec::new(),
                data_schema: None,
                offers_event_stream: false,
                stream_examples: success_examples(spec, op, is_event_stream_media),
                stream_flag: None,
                paging: None,
            })
        })
        .collect()
}

fn path_params(path: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else {
            break;
        };
        out.push(rest[start + 1..start + len].to_string());
        rest = &rest[start + len + 1..];
    }
    out
}

fn auth(spec: &Value, security: Option<&Value>, ptr: &str) -> Result<Auth> {
    let Some(requirement) = security
        .and_then(Value::as_array)
        .and_then(|alternatives| alternatives.iter().find_map(Value::as_object))
    else {
        return Ok(Auth::None);
    };
    let Some(scheme_name) = requirement.keys().next() else {
        return Ok(Auth::None);
    };
    let scheme = spec
        .pointer(&pointer(&["components", "securitySchemes", scheme_name]))
        .ok_or_else(|| {
            CodegenError::at(
                ptr,
                format!("security scheme `{scheme_name}` is not defined"),
            )
        })?;
    let field = |k: &str| scheme.get(k).and_then(Value::as_str).unwrap_or_default();
    match (field("type"), field("in")) {
        ("apiKey", "header") if field("name").eq_ignore_ascii_case("authorization") => {
            Ok(Auth::Bearer)
        }
        ("apiKey", "header") => Ok(Auth::Header(field("name").to_string())),
        ("http", _) if field("scheme").eq_ignore_ascii_case("bearer") => Ok(Auth::Bearer),
        (kind, place) => Err(CodegenError::at(
            ptr,
            format!("security scheme `{scheme_name}` ({kind} in {place:?}) is not supported"),
        )),
    }
}

/// Examples of the responses' media types that `media_matches` accepts.
fn success_examples(spec: &Value, op: &Value, media_matches: fn(&str) -> bool) -> Vec<Example> {
    let Some(responses) = op.get("responses").and_then(Value::as_object) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (status, response) in responses {
        let code: u16 = match status.parse() {
            Ok(c) => c,
            Err(_) if status == "default" => 200,
            Err(_) => continue,
        };
        let response = deref(spec, response);
        let Some(content) = response.get("content").and_then(Value::as_object) else {
            continue;
        };
        for (media, body) in content {
            if !media_matches(media) {
                continue;
            }
            if let Some(examples) = body.get("examples").and_then(Value::as_object) {
                for (name, example) in examples {
                    let example = deref(spec, example);
                    if let Some(value) = example.get("value") {
                        out.push(Example {
                            name: name.clone(),
                            summary: example
                                .get("summary")
                                .and_then(Value::as_str)
                                .map(str::to_string),
                            status: code,
                            value: value.clone(),
                        });
                    }
                }
            } else if let Some(value) = body.get("example") {
                out.push(Example {
                    name: "example".into(),
                    summary: None,
                    status: code,
                    value: value.clone(),
                });
            }
        }
    }
    out
}

/// Name every business code that an error example documents. The name comes
/// from a summary like `PublishRecordNotFound (15000)`, else from the example
/// key without its trailing code (`unauthorized401` → `Unauthorized`).
pub fn error_codes(ops: &[OperationPlan]) -> Vec<ErrorCodeDef> {
    let mut by_code: BTreeMap<i64, ErrorCodeDef> = BTreeMap::new();
    for example in ops.iter().flat_map(|op| &op.examples) {
        let Some(code) = example.code().filter(|c| *c != 0) else {
            continue;
        };
        if by_code.contains_key(&code) {
            continue;
        }
        let from_summary = example.summary.as_deref().and_then(|s| {
            let (name, rest) = s.split_once(" (")?;
            (rest.trim_end_matches(')') == code.to_string()
                && name.chars().all(|c| c.is_ascii_alphanumeric()))
            .then(|| name.to_string())
        });
        let from_key = || {
            let key = example
                .name
                .strip_suffix(&code.to_string())
                .unwrap_or(&example.name);
            naming::type_name(&[key])
        };
        let name = from_summary.unwrap_or_else(from_key);
        let message = example
            .value
            .get("message")
            .and_then(Value::as_str)
            .unwrap_or_default();
        by_code.insert(
            code,
            ErrorCodeDef {
                name,
                code,
                message: message.to_string(),
            },
        );
    }
    // A name shared by two codes gets the code appended to each.
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for def in by_code.values() {
        *counts.entry(def.name.clone()).or_default() += 1;
    }
    let mut out: Vec<ErrorCodeDef> = by_code.into_values().collect();
    for def in &mut out {
        if counts[&def.name] > 1 || def.name == "Unknown" || def.name == "Success" {
            def.name = format!("{}{}", def.name, def.code);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn error_codes_are_named_from_summaries_and_keys() {
        let op = |examples: Vec<Example>| OperationPlan {
            examples,
            ..crate::normalize::plan::tests_support::plan("X")
        };
        let ex = |name: &str, summary: Option<&str>, code: i64| Example {
            name: name.into(),
            summary: summary.map(str::to_string),
            status: 200,
            value: json!({"code": code, "message": "m"}),
        };
        let defs = error_codes(&[op(vec![
            ex("success", Some("成功"), 0),
            ex(
                "validationFailed10002",
                Some("ValidationFailed (10002)"),
                10002,
            ),
            ex("unauthorized401", Some("未认证或 API Key 无效"), 401),
        ])]);
        let names: Vec<(&str, i64)> = defs.iter().map(|d| (d.name.as_str(), d.code)).collect();
        assert_eq!(names, [("Unauthorized", 401), ("ValidationFailed", 10002)]);
    }

    #[test]
    fn auth_follows_the_operation_scheme() {
        let spec = json!({"components": {"securitySchemes": {
            "k": {"type": "apiKey", "in": "header", "name": "X-Api-Key"},
            "b": {"type": "apiKey", "in": "header", "name": "Authorization"},
            "g": {"type": "apiKey", "in": "header", "name": "x-goog-api-key"}}}});
        assert_eq!(
            auth(&spec, Some(&json!([{"k": []}])), "").unwrap(),
            Auth::Header("X-Api-Key".into())
        );
        assert_eq!(
            auth(&spec, Some(&json!([{"b": []}])), "").unwrap(),
            Auth::Bearer
        );
        assert_eq!(
            auth(&spec, Some(&json!([{"g": []}])), "").unwrap(),
            Auth::Header("x-goog-api-key".into())
        );
        assert_eq!(auth(&spec, Some(&json!([])), "").unwrap(), Auth::None);
        assert!(auth(&spec, Some(&json!([{"missing": []}])), "").is_err());
    }
}
