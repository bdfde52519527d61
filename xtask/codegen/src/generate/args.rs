//! The arguments of one operation as the generated code sees them: each
//! argument of the raw (progenitor) method, paired with the spec parameter or
//! request body it stands for.
//!
//! Request builders, the dynamic entry point and the sandbox's example
//! parameters all start from this one list, so they cannot disagree about
//! which arguments exist, which are required and what they are called.

use heck::ToSnakeCase;
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};
use serde_json::Value;

use crate::error::{CodegenError, Result};
use crate::normalize::OperationPlan;
use crate::schema::media::is_json_media;
use crate::schema::pointer;

/// The JSON key of the request body in dynamic-call parameters.
pub const BODY_KEY: &str = "body";

/// One argument of an operation.
#[derive(Clone)]
pub struct Arg {
    /// The Rust identifier progenitor gave it (`record_id`, `body`).
    pub ident: Ident,
    /// Its name in the spec (`recordId`), or [`BODY_KEY`] for the body.
    pub key: String,
    /// The raw method's parameter type (`&'a str`, `Option<f64>`, `&'a types::X`).
    pub raw_ty: syn::Type,
    /// Whether the raw method takes it as an `Option` (an optional parameter).
    pub optional: bool,
    /// Its schema (parameter schema, with the parameter's example; or the body schema).
    pub schema: Value,
    /// The parameter's description, for the setter's doc comment.
    pub description: Option<String>,
}

impl Arg {
    /// The type a builder stores and a dynamic call deserializes: owned, and
    /// for optional arguments the type inside the `Option`.
    pub fn owned_ty(&self) -> TokenStream {
        owned(self.value_ty())
    }

    /// The type without its `Option`, when optional.
    fn value_ty(&self) -> &syn::Type {
        if self.optional {
            option_inner(&self.raw_ty).unwrap_or(&self.raw_ty)
        } else {
            &self.raw_ty
        }
    }

    /// Whether the raw method borrows the (inner) value.
    pub fn borrowed(&self) -> bool {
        matches!(self.value_ty(), syn::Type::Reference(_))
    }

    /// Whether the (inner) value is `&str`.
    fn is_str(&self) -> bool {
        matches!(self.value_ty(), syn::Type::Reference(r) if matches!(r.elem.as_ref(), syn::Type::Path(p) if p.path.is_ident("str")))
    }

    /// Whether the (inner) value is a primitive number or `bool`, which is
    /// `Copy`: passed as it is, never cloned.
    fn is_copy(&self) -> bool {
        const COPY: [&str; 13] = [
            "bool", "i8", "i16", "i32", "i64", "i128", "u8", "u16", "u32", "u64", "u128", "f32",
            "f64",
        ];
        matches!(self.value_ty(), syn::Type::Path(p) if COPY.iter().any(|c| p.path.is_ident(c)))
    }

    /// How to pass an owned, optional value held in `var` (an
    /// `Option<owned>`) to the raw method, from a closure that may run again
    /// (a retry).
    pub fn pass_optional(&self, var: &Ident) -> TokenStream {
        if self.is_str() {
            quote! { #var.as_deref() }
        } else if self.borrowed() {
            quote! { #var.as_ref() }
        } else if self.is_copy() {
            quote! { #var }
        } else {
            quote! { #var.clone() }
        }
    }

    /// How to pass an owned, required value held in `var` that the raw
    /// method takes by value, from a closure that may run again (a retry).
    pub fn pass_required(&self, var: &Ident) -> TokenStream {
        if self.is_copy() {
            quote! { #var }
        } else {
            quote! { #var.clone() }
        }
    }

    /// How to pass an owned, required value held in `var` (and not used
    /// again) where the raw method's type is expected.
    pub fn pass_owned_moved(&self, var: &Ident) -> TokenStream {
        if self.borrowed() {
            quote! { &#var }
        } else {
            quote! { #var }
        }
    }
}

/// The arguments of `op`, in the raw method's order.
pub fn args(spec: &Value, op: &OperationPlan, sig: &syn::Signature) -> Result<Vec<Arg>> {
    let params = parameters(spec, op);
    let body = body_schema(spec, op);
    let mut out = Vec::new();
    for input in &sig.inputs {
        let syn::FnArg::Typed(arg) = input else {
            continue;
        };
        let pat = &arg.pat;
        let name = quote!(#pat).to_string();
        let ident = format_ident!("{}", name);
        let optional = option_inner(&arg.ty).is_some();
        let (key, schema, description) = if name == "body" && body.is_some() {
            (BODY_KEY.to_string(), body.clone().unwrap_or_default(), None)
        } else {
            let param = params
                .iter()
                .find(|p| param_ident(p) == name)
                .ok_or_else(|| {
                    CodegenError::at(
                        pointer(&["paths", &op.path]),
                        format!(
                            "the raw method of `{}` has an argument `{name}` that matches no parameter",
                            op.operation_id
                        ),
                    )
                })?;
            (
                param
                    .get("name")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string(),
                param_schema(param),
                param
                    .get("description")
                    .and_then(Value::as_str)
                    .map(str::to_string),
            )
        };
        out.push(Arg {
            ident,
            key,
            raw_ty: (*arg.ty).clone(),
            optional,
            schema,
            description,
        });
    }
    Ok(out)
}

/// The path-level and operation-level parameters of `op`.
fn parameters<'s>(spec: &'s Value, op: &OperationPlan) -> Vec<&'s Value> {
    let method = op.http_method.to_ascii_lowercase();
    [
        pointer(&["paths", &op.path, "parameters"]),
        pointer(&["paths", &op.path, &method, "parameters"]),
    ]
    .iter()
    .filter_map(|p| spec.pointer(p).and_then(Value::as_array))
    .flatten()
    .collect()
}

/// The JSON request body schema of `op` (any media type when none is JSON).
pub fn body_schema(spec: &Value, op: &OperationPlan) -> Option<Value> {
    let method = op.http_method.to_ascii_lowercase();
    spec.pointer(&format!(
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
    .and_then(|(_, media)| media.get("schema"))
    .cloned()
}

/// progenitor's argument name for a parameter (snake case, sanitized).
fn param_ident(param: &Value) -> String {
    let name = param
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or_default();
    crate::ident::rust_ident(&name.to_snake_case())
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

/// `T` for `Option<T>`.
pub fn option_inner(ty: &syn::Type) -> Option<&syn::Type> {
    let syn::Type::Path(p) = ty else { return None };
    let last = p.path.segments.last()?;
    if last.ident != "Option" {
        return None;
    }
    let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    match args.args.first()? {
        syn::GenericArgument::Type(t) => Some(t),
        _ => None,
    }
}

/// The owned form of a raw argument type: `&str` → `String`, `&[T]` →
/// `Vec<T>`, `&T` → `T`.
fn owned(ty: &syn::Type) -> TokenStream {
    match ty {
        syn::Type::Reference(r) => match r.elem.as_ref() {
            syn::Type::Path(p) if p.path.is_ident("str") => quote! { ::std::string::String },
            syn::Type::Slice(s) => {
                let elem = &s.elem;
                quote! { ::std::vec::Vec<#elem> }
            }
            other => quote! { #other },
        },
        other => quote! { #other },
    }
}
