//! Per-operation facts read from the spec: names, auth, examples, error codes.

use std::collections::BTreeMap;

use heck::ToPascalCase;
use serde_json::Value;

use super::envelope::is_json_media;
use crate::error::{pointer, CodegenError, Result};
use crate::method_lock::MethodLock;
use crate::naming;
use crate::spec::operations;

/// How an operation authenticates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Auth {
    /// No credentials (`security: []`).
    None,
    /// The API key as the value of this header.
    Header(String),
    /// `Authorization: Bearer <key>`.
    Bearer,
}

/// A Rust type the SDK returns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RustType {
    /// A generated type in `crate::types`.
    Named(String),
    /// A path to a type outside the generated ones (`bool`, `serde_json::Value`).
    Path(String),
}

/// What the SDK does with an operation's response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResponsePlan {
    /// The business envelope: `code == 0` yields `data` as this type.
    Envelope(RustType),
    /// A JSON body that is not enveloped (the model-relay endpoints speak
    /// their protocol's own shape): a 2xx body decodes directly as this type;
    /// any other status is an error carrying the status and a bounded snippet.
    Json(RustType),
    /// Only `text/event-stream`: the SDK method returns a stream of events.
    EventStream,
    /// Anything else (no documented body): the response is handed over as it is.
    Raw,
}

/// A documented response example.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    /// Its key in the spec (`success`, `publishRecordNotFound15000`).
    pub name: String,
    /// Its summary, when given.
    pub summary: Option<String>,
    /// The HTTP status it is documented under.
    pub status: u16,
    /// The example body.
    pub value: Value,
}

impl Example {
    /// The business code of an envelope example, when it has an integer one.
    pub fn code(&self) -> Option<i64> {
        self.value.get("code").and_then(Value::as_i64)
    }
}

/// Everything the SDK layer needs to know about one operation.
#[derive(Debug, Clone)]
pub struct OperationPlan {
    /// The spec's operationId.
    pub operation_id: String,
    /// The SDK method name (unique, snake_case).
    pub method_name: String,
    /// HTTP method, upper case.
    pub http_method: String,
    /// The path template (`/api/v2/.../{recordId}`).
    pub path: String,
    /// The spec's summary.
    pub summary: Option<String>,
    /// The spec's description.
    pub description: Option<String>,
    /// Whether the spec marks it deprecated.
    pub deprecated: bool,
    /// Path parameter names, in the order they appear in the path.
    pub path_params: Vec<String>,
    /// How it authenticates.
    pub auth: Auth,
    /// What the SDK does with its response.
    pub response: ResponsePlan,
    /// Documented examples of its success media type.
    pub examples: Vec<Example>,
    /// Constraints of string parameters, checked by the SDK method.
    pub string_checks: Vec<super::StringCheck>,
    /// The schema of the typed result (envelope `data`, or the JSON body), in
    /// the rewritten spec's terms; `None` for SSE-only and raw operations.
    pub data_schema: Option<Value>,
    /// Whether the success response offers `text/event-stream` next to JSON
    /// (its request builder then has `.send_stream()`).
    pub offers_event_stream: bool,
    /// Documented `text/event-stream` examples (their values are SSE text).
    pub stream_examples: Vec<Example>,
    /// The boolean request-body field that chooses a streamed response
    /// (`stream`), set to match the form called (see `streams.rs`).
    pub stream_flag: Option<String>,
}

impl OperationPlan {
    /// PascalCase form of the method name, used to name hoisted types.
    pub fn type_stem(&self) -> String {
        self.method_name.to_pascal_case()
    }
}

/// A named business error code, from the spec's error examples.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorCodeDef {
    /// Variant name (`PublishRecordNotFound`).
    pub name: String,
    /// The numeric code.
    pub code: i64,
    /// The example's message, for documentation.
    pub message: String,
}

/// Read the plan of every operation from a validated spec.
pub fn plan_operations(spec: &Value) -> Result<Vec<OperationPlan>> {
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
                data_schema: None,
                offers_event_stream: false,
                stream_examples: success_examples(spec, op, |m| m.starts_with("text/event-stream")),
                stream_flag: None,
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

pub(crate) use crate::spec::deref;

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

/// Helpers for the passes' unit tests.
#[cfg(test)]
pub(crate) mod tests_support {
    use super::*;

    /// A plan with every fact empty, for operationId `id` at `GET /x`.
    pub(crate) fn plan(id: &str) -> OperationPlan {
        OperationPlan {
            operation_id: id.into(),
            method_name: naming::base_method_name(id),
            http_method: "GET".into(),
            path: "/x".into(),
            summary: None,
            description: None,
            deprecated: false,
            path_params: vec![],
            auth: Auth::None,
            response: ResponsePlan::Raw,
            examples: vec![],
            string_checks: vec![],
            data_schema: None,
            offers_event_stream: false,
            stream_examples: vec![],
            stream_flag: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn error_codes_are_named_from_summaries_and_keys() {
        let op = |examples: Vec<Example>| OperationPlan {
            examples,
            ..tests_support::plan("X")
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
