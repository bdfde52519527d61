//! `Client::upload`: sign → `PUT` → confirm (`crate::upload` runs it),
//! generated when the spec has both of the API's upload operations in the
//! shape the runtime relies on. A spec without them gets no upload and the
//! surface file says why; a spec that has them in another shape gets a
//! located warning instead, never a broken build.

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;

use super::args::{Arg, BODY_KEY};
use crate::error::Warning;
use crate::normalize::{Normalized, OperationPlan, ResponsePlan};
use crate::schema;

/// The operation that signs an upload (as `aitoearn::upload::SIGN_OPERATION`).
pub const SIGN_OPERATION: &str = "AssetsHttpController_createUploadSign";
/// The operation that confirms one (as `aitoearn::upload::CONFIRM_OPERATION`).
pub const CONFIRM_OPERATION: &str = "AssetsHttpController_confirmUpload";

/// The sign body's fields the runtime fills; a body that requires another
/// cannot be signed by it.
const SIGN_FIELDS: &[&str] = &["filename", "type", "size"];

/// The two operations, checked against the spec.
pub struct UploadPlan<'a> {
    sign: (usize, &'a OperationPlan),
    confirm: (usize, &'a OperationPlan),
}

/// Why the spec gives no upload: `Ok(None)` when it lacks the operations
/// (nothing to say at build time), `Err((pointer, reason))` when it has them
/// in a shape the runtime cannot drive.
pub fn plan(normalized: &Normalized) -> Result<Option<UploadPlan<'_>>, (String, String)> {
    let find = |id: &str| {
        normalized
            .operations
            .iter()
            .enumerate()
            .find(|(_, op)| op.operation_id == id)
    };
    let (Some(sign), Some(confirm)) = (find(SIGN_OPERATION), find(CONFIRM_OPERATION)) else {
        return Ok(None);
    };
    let root = &normalized.spec;
    let at = |op: &OperationPlan, rest: &[&str]| {
        let method = op.http_method.to_ascii_lowercase();
        let mut parts = vec!["paths", op.path.as_str(), method.as_str()];
        parts.extend(rest);
        schema::pointer(&parts)
    };
    let object = |s: &Value| schema::fold_all_of(root, schema::refs::deref(root, s)).into_owned();
    for op in [sign.1, confirm.1] {
        if !matches!(op.response, ResponsePlan::Envelope(_)) {
            return Err((
                at(op, &["responses"]),
                format!("`{}` does not answer an envelope", op.operation_id),
            ));
        }
    }
    let body = super::args::body_schema(root, sign.1)
        .map(|s| object(&s))
        .unwrap_or(Value::Null);
    if body.pointer("/properties/filename").is_none() {
        return Err((
            at(sign.1, &["requestBody"]),
            "the sign body has no `filename`".into(),
        ));
    }
    if body.pointer("/properties/type").is_none() {
        return Err((
            at(sign.1, &["requestBody"]),
            "the sign body has no asset `type`".into(),
        ));
    }
    let required = body.get("required").and_then(Value::as_array);
    if let Some(other) = required
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .find(|r| !SIGN_FIELDS.contains(r))
    {
        return Err((
            at(sign.1, &["requestBody"]),
            format!("the sign body requires `{other}`, which an upload cannot fill"),
        ));
    }
    let data = sign
        .1
        .data_schema
        .as_ref()
        .map(object)
        .unwrap_or(Value::Null);
    for field in ["id", "uploadUrl"] {
        if data.pointer(&format!("/properties/{field}")).is_none() {
            return Err((
                at(sign.1, &["responses"]),
                format!("the signed upload has no `{field}`"),
            ));
        }
    }
    if confirm.1.path_params.len() != 1 {
        return Err((
            at(confirm.1, &[]),
            "the confirmation does not take the asset id alone".into(),
        ));
    }
    Ok(Some(UploadPlan { sign, confirm }))
}

/// The line the surface file gives uploads.
pub fn surface_lines(normalized: &Normalized) -> Vec<String> {
    vec![match plan(normalized) {
        Ok(Some(p)) => format!(
            "upload(source): {} -> PUT uploadUrl (no API key) -> {}({})",
            p.sign.1.method_name,
            p.confirm.1.method_name,
            p.confirm.1.path_params.join(", ")
        ),
        Ok(None) => {
            format!("no upload: the spec lacks `{SIGN_OPERATION}` or `{CONFIRM_OPERATION}`")
        }
        Err((at, reason)) => format!("no upload: {reason} (at {at})"),
    }]
}

/// `Client::upload` and the `UploadApi` impl it runs on, or nothing (with a
/// warning when the spec has the operations in a shape it cannot use).
/// `args` holds each operation's arguments, in operation order; `raw` is
/// progenitor's output, where the asset type's Rust name is read.
pub fn generate(
    normalized: &Normalized,
    args: &[Vec<Arg>],
    raw: &syn::File,
    warnings: &mut Vec<Warning>,
) -> TokenStream {
    match plan(normalized).and_then(|p| p.map(|p| tokens(&p, args, raw)).transpose()) {
        Ok(tokens) => tokens.unwrap_or_default(),
        Err((at, reason)) => {
            warnings.push(Warning::at(at, format!("no `Client::upload`: {reason}")));
            TokenStream::new()
        }
    }
}

fn tokens(
    plan: &UploadPlan,
    args: &[Vec<Arg>],
    raw: &syn::File,
) -> Result<TokenStream, (String, String)> {
    let (sign_index, sign) = plan.sign;
    let (confirm_index, confirm) = plan.confirm;
    let at = |op: &OperationPlan| {
        schema::pointer(&["paths", &op.path, &op.http_method.to_ascii_lowercase()])
    };
    let sign_args = args.get(sign_index).map(Vec::as_slice).unwrap_or_default();
    let confirm_args = args
        .get(confirm_index)
        .map(Vec::as_slice)
        .unwrap_or_default();
    let required = |args: &[Arg]| {
        args.iter()
            .filter(|a| !a.optional)
            .cloned()
            .collect::<Vec<_>>()
    };
    let (sign_required, confirm_required) = (required(sign_args), required(confirm_args));
    let [body] = sign_required.as_slice() else {
        return Err((
            at(sign),
            "the sign call does not take its body alone".into(),
        ));
    };
    if body.key != BODY_KEY {
        return Err((at(sign), "the sign call's argument is not its body".into()));
    }
    let [_] = confirm_required.as_slice() else {
        return Err((
            at(confirm),
            "the confirmation does not take the asset id alone".into(),
        ));
    };
    let asset_type = body_field_type(raw, &body.raw_ty, "type").ok_or_else(|| {
        (
            at(sign),
            "cannot find the Rust type of the sign body's `type`".to_string(),
        )
    })?;
    let (ResponsePlan::Envelope(asset), ResponsePlan::Envelope(_)) =
        (&confirm.response, &sign.response)
    else {
        return Err((at(confirm), "the operations do not answer envelopes".into()));
    };
    let asset = super::requests::rust_type(asset).map_err(|e| (at(confirm), e.to_string()))?;
    let sign_method = proc_macro2::Ident::new(&sign.method_name, proc_macro2::Span::call_site());
    let confirm_method =
        proc_macro2::Ident::new(&confirm.method_name, proc_macro2::Span::call_site());
    let pass_body = if body.borrowed() {
        quote! { &body }
    } else {
        quote! { body }
    };
    let doc = format!(
        " Upload a file, bytes or a stream as an asset: `{}`, a `PUT` of the bytes to the signed URL (without the API key), then `{}`. Set the file name, [`asset_type`](crate::upload::Upload::asset_type) and content type on the returned [`Upload`](crate::upload::Upload), then `.send().await`; see [`crate::upload`].",
        sign.method_name, confirm.method_name
    );
    Ok(quote! {
        impl crate::Client {
            #[doc = #doc]
            pub fn upload(&self, source: crate::upload::UploadSource) -> crate::upload::Upload<'_, Self> {
                crate::upload::Upload::new(self, source)
            }
        }

        impl crate::upload::UploadApi for crate::Client {
            type AssetType = #asset_type;
            type Asset = #asset;
            async fn sign(
                &self,
                request: crate::upload::SignRequest<Self::AssetType>,
            ) -> crate::Result<crate::upload::Signed> {
                let body = crate::upload::sign_body(&request)?;
                let data = self.#sign_method(#pass_body).send().await?;
                crate::upload::Signed::from_data(&data)
            }
            async fn confirm(&self, asset_id: &str) -> crate::Result<Self::Asset> {
                self.#confirm_method(asset_id).send().await
            }
            fn transfer_client(&self) -> ::reqwest::Client {
                self.raw_client().client.clone()
            }
        }
    })
}

/// The Rust type of the field `json_name` of the struct a body argument
/// (`&'a types::Name`) names, without its `Option`, as a path from the crate
/// root.
fn body_field_type(raw: &syn::File, body_ty: &syn::Type, json_name: &str) -> Option<TokenStream> {
    let body_ty = match body_ty {
        syn::Type::Reference(r) => r.elem.as_ref(),
        other => other,
    };
    let syn::Type::Path(path) = body_ty else {
        return None;
    };
    let name = path.path.segments.last()?.ident.to_string();
    let types = raw.items.iter().find_map(|item| match item {
        syn::Item::Mod(m) if m.ident == "types" => m.content.as_ref().map(|(_, items)| items),
        _ => None,
    })?;
    let fields = types.iter().find_map(|item| match item {
        syn::Item::Struct(s) if s.ident == name => Some(&s.fields),
        _ => None,
    })?;
    let field = fields.iter().find(|f| {
        let ident = f.ident.as_ref().map(|i| i.to_string());
        ident.as_deref() == Some(json_name)
            || ident.as_deref() == Some(&format!("{json_name}_"))
            || ident.as_deref() == Some(&format!("r#{json_name}"))
    })?;
    let ty = super::args::option_inner(&field.ty).unwrap_or(&field.ty);
    match ty {
        syn::Type::Path(p)
            if p.qself.is_none()
                && p.path.leading_colon.is_none()
                && p.path.segments.len() == 1 =>
        {
            let ident = &p.path.segments[0].ident;
            Some(quote! { crate::types::#ident })
        }
        other => Some(quote! { #other }),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::*;

    fn envelope(data: Value) -> Value {
        json!({"200": {"description": "ok", "content": {"application/json": {"schema": {
            "type": "object",
            "properties": {"code": {"type": "integer"}, "message": {"type": "string"}, "data": data},
            "required": ["code", "message"]
        }}}}})
    }

    /// The two upload operations as the API publishes them, in small.
    fn spec() -> Value {
        json!({
            "openapi": "3.0.1",
            "info": {"title": "t", "version": "1"},
            "paths": {
                "/api/assets/uploadSign": {"post": {
                    "operationId": SIGN_OPERATION,
                    "requestBody": {"required": true, "content": {"application/json": {"schema": {
                        "type": "object",
                        "properties": {
                            "filename": {"type": "string"},
                            "type": {"type": "string", "enum": ["temp", "publishMedia"], "default": "temp"},
                            "size": {"type": "number"}
                        },
                        "required": ["filename"]
                    }}}},
                    "responses": envelope(json!({"type": "object", "properties": {
                        "id": {"type": "string"}, "uploadUrl": {"type": "string"}
                    }}))
                }},
                "/api/assets/{id}/confirm": {"post": {
                    "operationId": CONFIRM_OPERATION,
                    "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
                    "responses": envelope(json!({"type": "object", "properties": {
                        "id": {"type": "string"}, "status": {"type": "string"}
                    }}))
                }}
            }
        })
    }

    fn operations_rs(spec: &Value) -> (String, Vec<Warning>) {
        let generated = crate::generate::generate(spec).unwrap();
        let file = generated
            .files
            .iter()
            .find(|f| f.name == "operations.rs")
            .unwrap()
            .contents
            .clone();
        let warnings = generated
            .normalized
            .warnings
            .into_iter()
            .filter(|w| w.message.contains("upload"))
            .collect();
        (file, warnings)
    }

    #[test]
    fn both_operations_give_client_upload_with_the_spec_asset_type() {
        let (code, warnings) = operations_rs(&spec());
        assert!(warnings.is_empty(), "{warnings:?}");
        assert!(code.contains("pub fn upload("), "{code}");
        assert!(code.contains("impl crate::upload::UploadApi for crate::Client"));
        assert!(code.contains("type AssetType = crate::types::"), "{code}");
        let normalized = crate::normalize::normalize(&spec()).unwrap();
        let lines = surface_lines(&normalized);
        assert!(lines[0].starts_with("upload(source): "), "{lines:?}");
    }

    #[test]
    fn a_sign_body_requiring_more_is_a_located_warning_and_no_upload() {
        let mut spec = spec();
        let body = &mut spec["paths"]["/api/assets/uploadSign"]["post"]["requestBody"]["content"]
            ["application/json"]["schema"];
        body["properties"]["contentMd5"] = json!({"type": "string"});
        body["required"] = json!(["filename", "contentMd5"]);
        let (code, warnings) = operations_rs(&spec);
        assert!(!code.contains("UploadApi"), "{code}");
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert_eq!(
            warnings[0].pointer,
            "/paths/~1api~1assets~1uploadSign/post/requestBody"
        );
        assert!(warnings[0].message.contains("`contentMd5`"), "{warnings:?}");
    }

    #[test]
    fn a_signed_upload_without_its_url_is_a_located_warning_and_no_upload() {
        let mut spec = spec();
        let data = "/paths/~1api~1assets~1uploadSign/post/responses/200/content/application~1json/schema/properties/data/properties";
        spec.pointer_mut(data)
            .unwrap()
            .as_object_mut()
            .unwrap()
            .remove("uploadUrl");
        let (code, warnings) = operations_rs(&spec);
        assert!(!code.contains("UploadApi"));
        assert!(
            warnings.iter().any(
                |w| w.pointer == "/paths/~1api~1assets~1uploadSign/post/responses"
                    && w.message.contains("`uploadUrl`")
            ),
            "{warnings:?}"
        );
    }

    #[test]
    fn the_shipped_spec_has_no_upload_and_says_so() {
        let spec: Value =
            serde_json::from_str(include_str!("../../../../openapi/zh/aitoearn.openapi.json"))
                .unwrap();
        let normalized = crate::normalize::normalize(&spec).unwrap();
        assert!(matches!(plan(&normalized), Ok(None)));
        assert_eq!(
            surface_lines(&normalized),
            [format!(
                "no upload: the spec lacks `{SIGN_OPERATION}` or `{CONFIRM_OPERATION}`"
            )]
        );
    }
}
