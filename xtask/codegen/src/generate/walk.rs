//! The sandbox walker: one `match` arm per operation (and per `_stream`
//! form) of `__walk_call`, calling the typed SDK method with arguments
//! synthesized from the parameter and body schemas.
//!
//! Calling every typed method generically needs generated code: each arm
//! builds its arguments with `serde_json::from_value` of a schema-synthesized
//! JSON value (so they are values of the real Rust types), passes `None` for
//! optional ones, and serializes the typed result back to JSON.

use heck::ToSnakeCase;
use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};
use serde_json::Value;

use crate::error::{pointer, CodegenError, Result};
use crate::normalize::envelope::is_json_media;
use crate::normalize::examples::synthesize;
use crate::normalize::{Normalized, OperationPlan, ResponsePlan};

/// The `__walk_call` arms for one operation.
pub fn arms(
    normalized: &Normalized,
    op: &OperationPlan,
    sig: &syn::Signature,
) -> Result<Vec<TokenStream>> {
    let spec = &normalized.spec;
    let method = op.http_method.to_ascii_lowercase();
    let params: Vec<&Value> = [
        pointer(&["paths", &op.path, "parameters"]),
        pointer(&["paths", &op.path, &method, "parameters"]),
    ]
    .iter()
    .filter_map(|p| spec.pointer(p).and_then(Value::as_array))
    .flatten()
    .collect();
    let body_schema = spec
        .pointer(&format!(
            "{}/requestBody/content",
            pointer(&["paths", &op.path, &method])
        ))
        .and_then(Value::as_object)
        .and_then(|content| {
            content
                .iter()
                .find(|(m, _)| is_json_media(m))
                .or_else(|| content.iter().next())
        })
        .and_then(|(_, media)| media.get("schema"));

    let mut lets = Vec::new();
    let mut pass = Vec::new();
    for (i, arg) in sig.inputs.iter().filter_map(typed).enumerate() {
        let name = arg_name(arg);
        if is_option(&arg.ty) {
            pass.push(quote! { None });
            continue;
        }
        let schema = if name == "body" {
            body_schema.cloned()
        } else {
            params
                .iter()
                .find(|p| param_ident(p) == name)
                .map(|p| param_schema(p))
        }
        .ok_or_else(|| {
            CodegenError::new(format!(
                "walker: no schema for argument `{name}` of `{}`",
                op.operation_id
            ))
        })?;
        let json = synthesize(spec, &schema, 0).to_string();
        let var = format_ident!("a{i}");
        let (owned, borrow) = owned_type(&arg.ty);
        lets.push(quote! { let #var: #owned = crate::sandbox::walk_arg(#name, #json)?; });
        pass.push(if borrow {
            quote! { &#var }
        } else {
            quote! { #var }
        });
    }

    let id = &op.operation_id;
    let method_ident = Ident::new(&op.method_name, Span::call_site());
    let result = match op.response {
        ResponsePlan::EventStream => quote! { crate::sandbox::walk_events(value).await },
        ResponsePlan::Raw => quote! { crate::sandbox::walk_raw(value).await },
        ResponsePlan::Envelope(_) | ResponsePlan::Json(_) => {
            quote! { crate::sandbox::walk_value(&value) }
        }
    };
    let mut out = vec![quote! {
        #id => {
            #(#lets)*
            let value = client.#method_ident(#(#pass),*).await?;
            #result
        }
    }];
    if op.offers_event_stream {
        let stream_id = format!("{id}#stream");
        let stream_ident = format_ident!("{}_stream", op.method_name);
        out.push(quote! {
            #stream_id => {
                #(#lets)*
                let value = client.#stream_ident(#(#pass),*).await?;
                crate::sandbox::walk_events(value).await
            }
        });
    }
    Ok(out)
}

fn typed(arg: &syn::FnArg) -> Option<&syn::PatType> {
    match arg {
        syn::FnArg::Typed(t) => Some(t),
        syn::FnArg::Receiver(_) => None,
    }
}

fn arg_name(arg: &syn::PatType) -> String {
    let pat = &arg.pat;
    quote!(#pat).to_string()
}

/// progenitor's argument name for a parameter (snake case, sanitized).
fn param_ident(param: &Value) -> String {
    let name = param
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or_default();
    crate::naming::rust_ident(&name.to_snake_case())
}

/// The parameter's schema, with the parameter's own `example` when the
/// schema has none (it is a realistic value that passes the SDK's checks).
fn param_schema(param: &Value) -> Value {
    let mut schema = param
        .get("schema")
        .cloned()
        .unwrap_or(Value::Object(Default::default()));
    if let (Some(map), Some(example)) = (schema.as_object_mut(), param.get("example")) {
        map.entry("example").or_insert_with(|| example.clone());
    }
    schema
}

fn is_option(ty: &syn::Type) -> bool {
    matches!(ty, syn::Type::Path(p) if p.path.segments.last().is_some_and(|s| s.ident == "Option"))
}

/// The owned type to deserialize into, and whether the method takes it by reference.
fn owned_type(ty: &syn::Type) -> (TokenStream, bool) {
    match ty {
        syn::Type::Reference(r) => match r.elem.as_ref() {
            syn::Type::Path(p) if p.path.is_ident("str") => {
                (quote! { ::std::string::String }, true)
            }
            syn::Type::Slice(s) => {
                let elem = &s.elem;
                (quote! { ::std::vec::Vec<#elem> }, true)
            }
            other => (quote! { #other }, true),
        },
        other => (quote! { #other }, false),
    }
}
