//! Fact (no rewriting): which request-body field chooses between a JSON and
//! an event-stream response.
//!
//! The construct: the model-relay endpoints speak other vendors' protocols,
//! where the response head alone does not pick streaming. OpenAI Chat
//! Completions and Images and Anthropic Messages stream only when the JSON
//! body says `"stream": true`; without it the server answers JSON, so a
//! `_stream` call would get JSON and a JSON call could get SSE. The SDK sets
//! the field at run time to match the form called ([`OperationPlan::stream_flag`],
//! copied into the generated operation table).
//!
//! The field is found from the request-body schema (a boolean property
//! `stream`, as on chat completions). Where the spec says an endpoint
//! follows the OpenAI Images or Anthropic Messages protocol but its body
//! schema leaves `stream` out (the Anthropic body is an open object; the
//! images bodies list only some fields), the protocol's own field is used,
//! recognized by the protocol's path. Gemini's `:streamGenerateContent`
//! chooses streaming by its path, and the spec documents no other switch
//! for it (no `alt` parameter), so it gets no flag.

use serde_json::Value;

use super::plan::{OperationPlan, ResponsePlan};
use crate::schema::deref;
use crate::schema::media::is_json_media;
use crate::schema::pointer;

/// The field OpenAI- and Anthropic-style protocols stream on.
const STREAM: &str = "stream";

/// Path endings of protocols that stream on `"stream": true` even where the
/// spec's body schema does not list the field: OpenAI Images, Anthropic Messages.
const PROTOCOL_PATHS: &[&str] = &["/images/generations", "/images/edits", "/v1/messages"];

/// Record each streaming operation's stream flag (run after the response
/// plans are known, on the spec as published).
pub fn mark_stream_flags(spec: &Value, ops: &mut [OperationPlan]) {
    for op in ops.iter_mut() {
        let streams = op.offers_event_stream || op.response == ResponsePlan::EventStream;
        if !streams {
            continue;
        }
        let op_ptr = pointer(&["paths", &op.path, &op.http_method.to_ascii_lowercase()]);
        let Some(schema) = json_body_schema(spec, &op_ptr) else {
            continue;
        };
        let declared = crate::schema::walk::property(schema, STREAM)
            .map(|p| deref(spec, p))
            .is_some_and(|p| p.get("type").and_then(Value::as_str) == Some("boolean"));
        let by_protocol = PROTOCOL_PATHS.iter().any(|p| op.path.ends_with(p))
            && schema.get("type").and_then(Value::as_str) == Some("object");
        if declared || by_protocol {
            op.stream_flag = Some(STREAM.to_string());
        }
    }
}

/// The resolved schema of the operation's JSON request body.
fn json_body_schema<'a>(spec: &'a Value, op_ptr: &str) -> Option<&'a Value> {
    let content = spec
        .pointer(&format!("{op_ptr}/requestBody/content"))?
        .as_object()?;
    let schema = content
        .iter()
        .find(|(media, _)| is_json_media(media))?
        .1
        .get("schema")?;
    Some(deref(spec, schema))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::plan::tests_support::plan;
    use serde_json::json;

    fn op(path: &str, response: ResponsePlan, offers_event_stream: bool) -> OperationPlan {
        OperationPlan {
            path: path.into(),
            http_method: "POST".into(),
            response,
            offers_event_stream,
            ..plan("X")
        }
    }

    fn body(schema: Value) -> Value {
        json!({"post": {"requestBody": {"content": {"application/json": {"schema": schema}}}}})
    }

    #[test]
    fn the_flag_comes_from_the_body_schema_or_the_protocol() {
        let json = || ResponsePlan::Json(crate::normalize::RustType::Path("V".into()));
        let spec = json!({
            "paths": {
                "/chat/completions": body(json!({"$ref": "#/components/schemas/Chat"})),
                "/v1/messages": body(json!({"type": "object", "additionalProperties": true})),
                "/m/{model}:streamGenerateContent": body(json!({"type": "object"})),
                "/images/generations": body(json!({"type": "object", "properties": {}})),
                "/plain": body(json!({"type": "object", "properties": {"stream": {"type": "boolean"}}})),
            },
            "components": {"schemas": {"Chat": {"type": "object", "properties": {
                "stream": {"type": "boolean"}}}}}
        });
        let mut ops = vec![
            op("/chat/completions", json(), true),
            op("/v1/messages", ResponsePlan::EventStream, false),
            op(
                "/m/{model}:streamGenerateContent",
                ResponsePlan::EventStream,
                false,
            ),
            op("/images/generations", json(), true),
            // Not a streaming operation: no flag, whatever its body.
            op("/plain", json(), false),
        ];
        mark_stream_flags(&spec, &mut ops);
        let flags: Vec<Option<&str>> = ops.iter().map(|o| o.stream_flag.as_deref()).collect();
        assert_eq!(
            flags,
            [Some("stream"), Some("stream"), None, Some("stream"), None]
        );
    }

    #[test]
    fn the_upstream_relays_get_their_flags() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/upstream");
        let file = dir.join("zh/aitoearn.openapi.json");
        let Ok(text) = std::fs::read_to_string(&file) else {
            println!(
                "skip: {} is absent (the full upstream spec snapshot)",
                file.display()
            );
            return;
        };
        let spec: Value = serde_json::from_str(&text).unwrap();
        let normalized = crate::normalize::normalize(&spec).unwrap();
        let flagged: Vec<(&str, &str)> = normalized
            .operations
            .iter()
            .filter_map(|o| Some((o.operation_id.as_str(), o.stream_flag.as_deref()?)))
            .collect();
        assert_eq!(
            flagged,
            [
                ("RelayController_chatCompletions", "stream"),
                ("RelayController_imagesEdits", "stream"),
                ("RelayController_imagesGenerations", "stream"),
                ("RelayController_claudeMessages", "stream"),
            ]
        );
    }
}
