//! Pass: business envelopes are unwrapped by the SDK, not by progenitor.

use serde_json::{json, Value};

use super::operations::{deref, OperationPlan, ResponsePlan, RustType};
use super::schemas_mut;
use crate::error::{pointer, CodegenError, Result};
use crate::naming;

/// The media type the rewritten responses carry: not JSON, so progenitor hands
/// the body over as a byte stream instead of decoding it.
pub const RAW_MEDIA_TYPE: &str = "application/x-aitoearn-raw";

/// Record each enveloped operation's `data` type and make every response raw.
///
/// An envelope is a JSON object schema with a `code` and a `message`
/// property. Its `data` schema becomes the operation's result type: a `$ref`
/// names it directly, a plain scalar maps to a Rust scalar, and anything else
/// is hoisted into the component `<Method>Data`.
pub fn hoist_envelopes(spec: &mut Value, ops: &mut [OperationPlan]) -> Result<()> {
    for op in ops.iter_mut() {
        let op_ptr = pointer(&["paths", &op.path, &op.http_method.to_ascii_lowercase()]);
        let schema = success_json_schema(spec, &op_ptr).cloned();
        if let Some(schema) = schema {
            let resolved = deref(spec, &schema).clone();
            if is_envelope(&resolved) {
                let data = resolved.pointer("/properties/data").cloned();
                let ty = data_type(spec, data, &op.type_stem())?;
                op.response = ResponsePlan::Envelope(ty);
            }
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
    Ok(())
}

fn success_json_schema<'a>(spec: &'a Value, op_ptr: &str) -> Option<&'a Value> {
    let responses = spec.pointer(&format!("{op_ptr}/responses"))?.as_object()?;
    let response = responses
        .iter()
        .filter(|(status, _)| status.starts_with('2'))
        .map(|(_, r)| r)
        .next()
        .or_else(|| responses.get("default"))?;
    let response = deref(spec, response);
    response
        .get("content")?
        .as_object()?
        .iter()
        .find(|(media, _)| {
            media.as_str() == "application/json" || media.starts_with("application/json;")
        })
        .and_then(|(_, media)| media.get("schema"))
}

/// Whether a response schema is the business envelope.
pub fn is_envelope(schema: &Value) -> bool {
    let props = schema.get("properties");
    props.and_then(|p| p.get("code")).is_some() && props.and_then(|p| p.get("message")).is_some()
}

fn data_type(spec: &mut Value, data: Option<Value>, stem: &str) -> Result<RustType> {
    let Some(data) = data else {
        return Ok(RustType::Path("serde_json::Value".into()));
    };
    if let Some(target) = data.get("$ref").and_then(Value::as_str) {
        if let Some(name) = target.strip_prefix("#/components/schemas/") {
            if !name.contains('/') {
                return Ok(RustType::Named(name.to_string()));
            }
        }
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
        return Ok(RustType::Path(path.to_string()));
    }
    let name = naming::type_name(&[stem, "Data"]);
    let schemas = schemas_mut(spec);
    if schemas.contains_key(&name) {
        return Err(CodegenError::at(
            pointer(&["components", "schemas", &name]),
            "a component already has the name chosen for a hoisted response `data` schema",
        ));
    }
    schemas.insert(name.clone(), data);
    Ok(RustType::Named(name))
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
}
