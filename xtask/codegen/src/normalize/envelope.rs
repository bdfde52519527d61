//! Pass: business envelopes are unwrapped by the SDK, not by progenitor.
//!
//! The construct: progenitor would decode the business envelope `{code,
//! message, data}` as one typed struct, so a business error whose `data` is
//! `{}` would surface as a decode failure; it panics on JSON media with no
//! schema, and hands SSE over as bytes. The pass records each operation's
//! response plan (envelope `data` type, plain JSON type, or event stream;
//! hoisting inline schemas into named components) and turns every response
//! into one raw `default` response, so that the SDK reads the body itself
//! and applies the plan. An envelope is recognized after `$ref` resolution
//! and `allOf` folding; one with `code` and `message` but no readable `data`
//! is a located warning.

use serde_json::{json, Value};

use super::plan::{OperationPlan, ResponsePlan, RustType};
use super::schemas_mut;
use crate::error::{CodegenError, Result, Warning};
use crate::naming;
use crate::schema::media::{is_event_stream_media, is_json_media};
use crate::schema::{
    component_name, deref, escape_pointer_token, fold_all_of, pointer, ref_target, ref_to_component,
};

/// The media type the rewritten responses carry: not JSON, so progenitor hands
/// the body over as a byte stream instead of decoding it.
pub const RAW_MEDIA_TYPE: &str = "application/x-aitoearn-raw";

/// Decide each operation's [`ResponsePlan`] and make every response raw.
///
/// The success response (first 2xx, else `default`) decides:
/// - a JSON schema that is the business envelope (an object with `code` and
///   `message`): [`ResponsePlan::Envelope`] of the `data` type. A `$ref`
///   names it directly, a plain scalar maps to a Rust scalar, anything else is
///   hoisted into the component `<Method>Data`;
/// - any other JSON schema (the model-relay endpoints answer in their
///   protocol's own shape): [`ResponsePlan::Json`] of the body type, hoisted
///   into `<Method>Response` when inline;
/// - JSON media without a schema: `Json(serde_json::Value)` (progenitor would
///   panic: "media type encoding, no schema");
/// - only `text/event-stream`: [`ResponsePlan::EventStream`]. When SSE is
///   offered next to JSON, the plan stays `Json` and the operation is marked
///   [`OperationPlan::offers_event_stream`], so the SDK adds a `_stream` method.
///
/// progenitor would decode a JSON envelope as one typed struct, so a business
/// error whose `data` is `{}` would surface as a decode failure, and it hands
/// SSE over as an undifferentiated byte stream; after this pass it hands every
/// body over raw and the SDK applies the plan.
///
/// The envelope is recognized in every form a schema can state it: inline,
/// behind a `$ref`, or as `allOf` parts (NestJS generic wrappers put `code`
/// and `message` in one part and `data` in another; parts may be `$ref`s or
/// nested `allOf`s), read through [`fold_all_of`]. An envelope reached through
/// `$ref`/`allOf` without a readable `data` property is a [`Warning`] at its
/// schema (its data is read as `serde_json::Value`), never a silent change of
/// the result type.
pub fn hoist_envelopes(spec: &mut Value, ops: &mut [OperationPlan]) -> Result<Vec<Warning>> {
    let mut warnings = Vec::new();
    for op in ops.iter_mut() {
        let op_ptr = pointer(&["paths", &op.path, &op.http_method.to_ascii_lowercase()]);
        let (json_media, sse) = success_media(spec, &op_ptr);
        op.offers_event_stream = sse && json_media.is_some();
        match json_media {
            Some(Some(schema)) => {
                let resolved = fold_all_of(spec, deref(spec, &schema)).into_owned();
                if is_envelope(&resolved) {
                    let data = resolved.pointer("/properties/data").cloned();
                    // An inline envelope without `data` is the published
                    // form of "no payload"; one reached through `$ref` or
                    // `allOf` may have lost `data` in a part we cannot read.
                    if data.is_none() && !is_envelope(&schema) {
                        warnings.push(Warning::at(
                            success_schema_pointer(spec, &op_ptr),
                            "the response is the business envelope (`code`, `message`) but states \
                             no `data`; its data is read as serde_json::Value",
                        ));
                    }
                    let (ty, schema) = data_type(spec, data, &op.type_stem(), "Data")?;
                    op.response = ResponsePlan::Envelope(ty);
                    op.data_schema = Some(schema);
                } else {
                    let (ty, schema) = data_type(spec, Some(schema), &op.type_stem(), "Response")?;
                    op.response = ResponsePlan::Json(ty);
                    op.data_schema = Some(schema);
                }
            }
            Some(None) => {
                op.response = ResponsePlan::Json(RustType::Path("::serde_json::Value".into()));
                op.data_schema = Some(json!({}));
            }
            None if sse => op.response = ResponsePlan::EventStream,
            None => {}
        }
        let responses = spec
            .pointer_mut(&format!("{op_ptr}/responses"))
            .ok_or_else(|| CodegenError::at(&op_ptr, "operation has no responses"))?;
        *responses = json!({
            "default": {
                "description": "Any response; the SDK reads the body itself.",
                "content": { RAW_MEDIA_TYPE: {} }
            }
        });
    }
    Ok(warnings)
}

/// The JSON pointer of the success response's JSON schema (for warnings).
fn success_schema_pointer(spec: &Value, op_ptr: &str) -> String {
    let responses = spec
        .pointer(&format!("{op_ptr}/responses"))
        .and_then(Value::as_object);
    let status = responses.and_then(|r| {
        r.keys()
            .find(|s| s.starts_with('2'))
            .or_else(|| r.keys().find(|s| *s == "default"))
    });
    let Some(status) = status else {
        return format!("{op_ptr}/responses");
    };
    let media = spec
        .pointer(&format!(
            "{op_ptr}/responses/{}/content",
            escape_pointer_token(status)
        ))
        .and_then(Value::as_object)
        .and_then(|c| c.keys().find(|m| is_json_media(m)));
    match media {
        Some(m) => format!(
            "{op_ptr}/responses/{}/content/{}/schema",
            escape_pointer_token(status),
            escape_pointer_token(m)
        ),
        None => format!("{op_ptr}/responses/{}", escape_pointer_token(status)),
    }
}

/// The success response's JSON media (`Some(schema)`, `Some(None)` when it
/// has no schema) and whether it also offers `text/event-stream`.
fn success_media(spec: &Value, op_ptr: &str) -> (Option<Option<Value>>, bool) {
    let Some(responses) = spec
        .pointer(&format!("{op_ptr}/responses"))
        .and_then(Value::as_object)
    else {
        return (None, false);
    };
    let Some(response) = responses
        .iter()
        .filter(|(status, _)| status.starts_with('2'))
        .map(|(_, r)| r)
        .next()
        .or_else(|| responses.get("default"))
    else {
        return (None, false);
    };
    let Some(content) = deref(spec, response)
        .get("content")
        .and_then(Value::as_object)
    else {
        return (None, false);
    };
    let json_media = content
        .iter()
        .find(|(media, _)| is_json_media(media))
        .map(|(_, media)| media.get("schema").cloned());
    let sse = content.keys().any(|m| is_event_stream_media(m));
    (json_media, sse)
}

/// Whether a response schema is the business envelope.
pub fn is_envelope(schema: &Value) -> bool {
    crate::schema::walk::property(schema, "code").is_some()
        && crate::schema::walk::property(schema, "message").is_some()
}

/// The Rust type of a response body (or envelope `data`) schema, and the
/// schema that describes it in the rewritten spec.
fn data_type(
    spec: &mut Value,
    data: Option<Value>,
    stem: &str,
    suffix: &str,
) -> Result<(RustType, Value)> {
    let Some(data) = data else {
        return Ok((RustType::Path("serde_json::Value".into()), json!({})));
    };
    if let Some(name) = ref_target(&data).and_then(component_name) {
        return Ok((RustType::Named(name), data.clone()));
    }
    let scalar = match (
        data.get("type").and_then(Value::as_str),
        data.get("enum"),
        data.get("format"),
    ) {
        (_, Some(_), _) => None,
        (Some("boolean"), None, _) => Some("bool"),
        (Some("string"), None, None) => Some("::std::string::String"),
        (Some("integer"), None, _) => Some("i64"),
        (Some("number"), None, _) => Some("f64"),
        (None, None, None)
            if data
                .as_object()
                .is_some_and(|m| m.keys().all(|k| k == "description")) =>
        {
            Some("::serde_json::Value")
        }
        _ => None,
    };
    if let Some(path) = scalar {
        return Ok((RustType::Path(path.to_string()), data));
    }
    let name = naming::type_name(&[stem, suffix]);
    let schemas = schemas_mut(spec);
    if schemas.contains_key(&name) {
        return Err(CodegenError::at(
            pointer(&["components", "schemas", &name]),
            "a component already has the name chosen for a hoisted response schema",
        ));
    }
    schemas.insert(name.clone(), data);
    let reference = ref_to_component(&name);
    Ok((RustType::Named(name), reference))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::operations::plan_operations;

    fn spec(data: Value) -> Value {
        json!({
            "openapi": "3.0.1",
            "info": {"title": "t", "version": "1"},
            "paths": {"/x/{id}": {"get": {
                "operationId": "ThingController_getThing_v2",
                "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {
                    "type": "object",
                    "properties": {"code": {"type": "integer"}, "message": {"type": "string"}, "data": data},
                    "required": ["code", "message"]
                }}}}}
            }}}
        })
    }

    #[test]
    fn inline_data_is_hoisted_and_responses_become_raw() {
        let mut s = spec(json!({"type": "object", "properties": {"a": {"type": "string"}}}));
        let mut ops = plan_operations(&s).unwrap();
        hoist_envelopes(&mut s, &mut ops).unwrap();
        assert_eq!(
            ops[0].response,
            ResponsePlan::Envelope(RustType::Named("GetThingData".into()))
        );
        assert!(s
            .pointer("/components/schemas/GetThingData/properties/a")
            .is_some());
        let responses = s.pointer("/paths/~1x~1{id}/get/responses").unwrap();
        assert_eq!(
            responses,
            &json!({"default": {"description": "Any response; the SDK reads the body itself.", "content": {RAW_MEDIA_TYPE: {}}}})
        );
    }

    #[test]
    fn referenced_and_scalar_data_keep_their_type() {
        let mut s = spec(json!({"$ref": "#/components/schemas/Thing"}));
        let mut ops = plan_operations(&s).unwrap();
        hoist_envelopes(&mut s, &mut ops).unwrap();
        assert_eq!(
            ops[0].response,
            ResponsePlan::Envelope(RustType::Named("Thing".into()))
        );

        let mut s = spec(json!({"type": "boolean"}));
        let mut ops = plan_operations(&s).unwrap();
        hoist_envelopes(&mut s, &mut ops).unwrap();
        assert_eq!(
            ops[0].response,
            ResponsePlan::Envelope(RustType::Path("bool".into()))
        );
    }

    fn with_schema(schema: Value, components: Value) -> Value {
        json!({
            "openapi": "3.0.1",
            "info": {"title": "t", "version": "1"},
            "paths": {"/x": {"get": {
                "operationId": "ThingController_getThing",
                "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": schema}}}}
            }}},
            "components": {"schemas": components}
        })
    }

    #[test]
    fn an_envelope_written_as_all_of_is_recognized_in_every_form() {
        let components = json!({
            "Envelope": {"type": "object", "properties": {
                "code": {"type": "integer"}, "message": {"type": "string"}}},
            "Nested": {"allOf": [{"$ref": "#/components/schemas/Envelope"}]},
            "Thing": {"type": "object", "properties": {"a": {"type": "string"}}},
            "Wrapped": {"allOf": [
                {"$ref": "#/components/schemas/Envelope"},
                {"properties": {"data": {"$ref": "#/components/schemas/Thing"}}}
            ]}
        });
        let data_part = json!({"properties": {"data": {"$ref": "#/components/schemas/Thing"}}});
        let forms = [
            // Envelope fields in one `$ref` part, `data` in another.
            json!({"allOf": [{"$ref": "#/components/schemas/Envelope"}, data_part]}),
            // Nested `allOf` behind a `$ref`.
            json!({"allOf": [{"$ref": "#/components/schemas/Nested"}, data_part]}),
            // Inline parts.
            json!({"allOf": [{"allOf": [{"type": "object", "properties": {
                "code": {"type": "integer"}, "message": {"type": "string"}}}]}, data_part]}),
            // The whole wrapper behind a `$ref`.
            json!({"$ref": "#/components/schemas/Wrapped"}),
        ];
        for form in forms {
            let mut s = with_schema(form.clone(), components.clone());
            let mut ops = plan_operations(&s).unwrap();
            let warnings = hoist_envelopes(&mut s, &mut ops).unwrap();
            assert_eq!(
                ops[0].response,
                ResponsePlan::Envelope(RustType::Named("Thing".into())),
                "{form}"
            );
            assert!(warnings.is_empty(), "{form}: {warnings:?}");
        }
    }

    #[test]
    fn an_envelope_without_data_is_a_located_warning() {
        let components = json!({"Envelope": {"type": "object", "properties": {
            "code": {"type": "integer"}, "message": {"type": "string"}}}});
        let mut s = with_schema(
            json!({"allOf": [{"$ref": "#/components/schemas/Envelope"}]}),
            components,
        );
        let mut ops = plan_operations(&s).unwrap();
        let warnings = hoist_envelopes(&mut s, &mut ops).unwrap();
        assert_eq!(
            ops[0].response,
            ResponsePlan::Envelope(RustType::Path("serde_json::Value".into()))
        );
        assert_eq!(warnings.len(), 1);
        assert_eq!(
            warnings[0].pointer,
            "/paths/~1x/get/responses/200/content/application~1json/schema"
        );
    }

    fn relay(content: Value) -> Value {
        json!({
            "openapi": "3.0.1",
            "info": {"title": "t", "version": "1"},
            "paths": {"/chat": {"post": {
                "operationId": "RelayController_chatCompletions",
                "responses": {"200": {"description": "ok", "content": content}}
            }}}
        })
    }

    #[test]
    fn plain_json_and_event_streams_get_their_own_plans() {
        let plan = |content: Value| {
            let mut s = relay(content);
            let mut ops = plan_operations(&s).unwrap();
            hoist_envelopes(&mut s, &mut ops).unwrap();
            (ops.remove(0), s)
        };
        let (op, s) = plan(
            json!({"application/json": {"schema": {"type": "object", "properties": {"id": {"type": "string"}}}}}),
        );
        assert_eq!(
            op.response,
            ResponsePlan::Json(RustType::Named("RelayChatCompletionsResponse".into()))
        );
        assert!(s
            .pointer("/components/schemas/RelayChatCompletionsResponse/properties/id")
            .is_some());
        assert!(!op.offers_event_stream);

        let (op, _) = plan(
            json!({"application/json": {"example": {"id": "x"}}, "text/event-stream": {"schema": {"type": "string"}}}),
        );
        assert_eq!(
            op.response,
            ResponsePlan::Json(RustType::Path("::serde_json::Value".into()))
        );
        assert!(op.offers_event_stream);

        let (op, s) = plan(json!({"text/event-stream": {"schema": {"type": "string"}}}));
        assert_eq!(op.response, ResponsePlan::EventStream);
        assert_eq!(op.data_schema, None);
        assert!(s
            .pointer(&format!(
                "/paths/~1chat/post/responses/default/content/{}",
                RAW_MEDIA_TYPE.replace('/', "~1")
            ))
            .is_some());
    }
}
