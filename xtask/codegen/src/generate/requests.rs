//! The SDK's call style: one method per operation on `crate::Client` that
//! takes the required arguments and returns a request builder; optional
//! parameters are setters on the builder, and `.send().await` makes the
//! call.
//!
//! An optional parameter that upstream adds is one more setter, so code
//! written against an older spec keeps compiling.

use heck::ToPascalCase;
use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

use super::args::Arg;
use crate::error::{CodegenError, Result};
use crate::normalize::{OperationPlan, ResponsePlan, RustType};

/// Builder method names a setter must not take.
const RESERVED: &[&str] = &["send", "send_stream", "into_future", "clone", "fmt"];

/// The name of the builder type of an operation (`ListWorksRequest`).
pub fn builder_name(op: &OperationPlan) -> Ident {
    format_ident!("{}Request", op.method_name.to_pascal_case())
}

/// The name of the setter of an optional argument.
pub fn setter_name(arg: &Arg) -> Ident {
    let name = arg.ident.to_string();
    if RESERVED.contains(&name.as_str()) {
        format_ident!("set_{}", name)
    } else {
        arg.ident.clone()
    }
}

/// The `Client` method, the builder type and its impls for one operation.
pub fn generate(
    op: &OperationPlan,
    index: usize,
    raw_name: &Ident,
    args: &[Arg],
) -> Result<TokenStream> {
    let name = Ident::new(&op.method_name, Span::call_site());
    let builder = builder_name(op);
    let (required, optional): (Vec<&Arg>, Vec<&Arg>) = args.iter().partition(|a| !a.optional);
    for p in &op.path_params {
        if !required.iter().any(|a| &a.key == p) {
            return Err(CodegenError::new(format!(
                "raw method `{raw_name}` of `{}` has no argument for path parameter `{p}`",
                op.operation_id
            )));
        }
    }

    let req_idents: Vec<&Ident> = required.iter().map(|a| &a.ident).collect();
    let req_tys: Vec<&syn::Type> = required.iter().map(|a| &a.raw_ty).collect();
    let opt_idents: Vec<&Ident> = optional.iter().map(|a| &a.ident).collect();
    let opt_tys: Vec<TokenStream> = optional.iter().map(|a| a.owned_ty()).collect();

    let setters = optional.iter().map(|a| {
        let ident = &a.ident;
        let setter = setter_name(a);
        let ty = a.owned_ty();
        let mut doc = vec![format!(" Sets the optional parameter `{}`.", a.key)];
        if let Some(d) = &a.description {
            doc.push(String::new());
            doc.extend(d.lines().map(|l| format!(" {}", l.replace("```", "'''"))));
        }
        quote! {
            #(#[doc = #doc])*
            pub fn #setter(mut self, value: impl ::std::convert::Into<#ty>) -> Self {
                self.#ident = ::std::option::Option::Some(value.into());
                self
            }
        }
    });

    let checks = checks(op, args);
    let call_args: Vec<TokenStream> = args
        .iter()
        .map(|a| {
            let ident = &a.ident;
            if a.optional {
                a.pass_optional(ident)
            } else if a.borrowed() {
                quote! { #ident }
            } else {
                a.pass_required(ident)
            }
        })
        .collect();
    let all_idents: Vec<&Ident> = args.iter().map(|a| &a.ident).collect();
    let unpack = quote! {
        const OP: &crate::operation::Operation = &OPERATIONS[#index];
        let Self { __client, #(#all_idents),* } = self;
        #(#checks)*
    };
    let send_raw = quote! { || __client.raw_client().#raw_name(#(#call_args),*) };

    let (ret, call) = match &op.response {
        ResponsePlan::Envelope(ty) => (
            rust_type(ty)?,
            quote! { __client.call_enveloped(OP, #send_raw).await },
        ),
        ResponsePlan::Json(ty) => (
            rust_type(ty)?,
            quote! { __client.call_json(OP, #send_raw).await },
        ),
        ResponsePlan::EventStream => (
            quote! { crate::sse::EventStream },
            quote! { __client.call_event_stream(OP, #send_raw).await },
        ),
        ResponsePlan::Raw => (
            quote! { crate::raw::ResponseValue<crate::raw::ByteStream> },
            quote! { __client.call_raw(OP, #send_raw).await },
        ),
    };
    let stream_method = op.offers_event_stream.then(|| {
        quote! {
            /// Send the request asking for `text/event-stream`, and return the
            /// server-sent events as they arrive (see [`crate::sse`]).
            pub async fn send_stream(self) -> crate::Result<crate::sse::EventStream> {
                #unpack
                __client.call_event_stream(OP, #send_raw).await
            }
        }
    });

    let doc = method_doc(op, &builder);
    let deprecated = op
        .deprecated
        .then(|| quote! { #[deprecated = "marked deprecated in the API spec"] });
    let builder_doc = format!(
        " A request of [`Client::{}`](crate::Client::{}): set optional parameters, then `.send().await`.",
        op.method_name, op.method_name
    );
    let allow_deprecated = op.deprecated.then(|| quote! { #[allow(deprecated)] });
    Ok(quote! {
        impl crate::Client {
            #(#[doc = #doc])*
            #deprecated
            pub fn #name<'a>(&'a self, #(#req_idents: #req_tys),*) -> #builder<'a> {
                #builder {
                    __client: self,
                    #(#req_idents,)*
                    #(#opt_idents: ::std::option::Option::None,)*
                }
            }
        }

        #[doc = #builder_doc]
        #[derive(Clone, Debug)]
        #[must_use = "a request does nothing until it is sent with `.send().await`"]
        pub struct #builder<'a> {
            __client: &'a crate::Client,
            #(#req_idents: #req_tys,)*
            #(#opt_idents: ::std::option::Option<#opt_tys>,)*
        }

        #allow_deprecated
        impl<'a> #builder<'a> {
            #(#setters)*

            /// Send the request and return the response's typed data.
            pub async fn send(self) -> crate::Result<#ret> {
                #unpack
                #call
            }

            #stream_method
        }

    })
}

/// Argument checks the raw client cannot express: path segments that URL
/// normalization would remove, and string constraints and numeric bounds
/// kept out of the parameter types (see the `parameters` normalization pass).
fn checks(op: &OperationPlan, args: &[Arg]) -> Vec<TokenStream> {
    let mut out = Vec::new();
    for p in &op.path_params {
        if let Some(arg) = args.iter().find(|a| &a.key == p) {
            let ident = &arg.ident;
            out.push(quote! { crate::validate::check_path_segment(#p, &#ident)?; });
        }
    }
    for c in &op.string_checks {
        let Some(arg) = args.iter().find(|a| a.key == c.name) else {
            continue;
        };
        let ident = &arg.ident;
        let name = &c.name;
        let value = if arg.optional {
            quote! { #ident.as_deref() }
        } else {
            quote! { ::std::option::Option::Some(#ident) }
        };
        let min = option_tokens(c.min_length);
        let max = option_tokens(c.max_length);
        let pattern = match &c.pattern {
            Some(p) => quote! { ::std::option::Option::Some(#p) },
            None => quote! { ::std::option::Option::None },
        };
        out.push(quote! { crate::validate::check_string(#name, #value, #min, #max, #pattern)?; });
    }
    for c in &op.number_checks {
        let Some(arg) = args.iter().find(|a| a.key == c.name) else {
            continue;
        };
        let ident = &arg.ident;
        let name = &c.name;
        let value = if arg.optional {
            quote! { #ident.map(|v| v as f64) }
        } else {
            quote! { ::std::option::Option::Some(#ident as f64) }
        };
        let bound = |v: Option<f64>, exclusive: bool| match v {
            Some(v) => quote! { ::std::option::Option::Some((#v, #exclusive)) },
            None => quote! { ::std::option::Option::None },
        };
        let min = bound(c.minimum, c.exclusive_minimum);
        let max = bound(c.maximum, c.exclusive_maximum);
        out.push(quote! { crate::validate::check_number(#name, #value, #min, #max)?; });
    }
    out
}

fn option_tokens(v: Option<u64>) -> TokenStream {
    match v {
        Some(v) => quote! { ::std::option::Option::Some(#v) },
        None => quote! { ::std::option::Option::None },
    }
}

/// The Rust type of a response plan's data.
pub fn rust_type(ty: &RustType) -> Result<TokenStream> {
    match ty {
        RustType::Named(n) => {
            let n = Ident::new(n, Span::call_site());
            Ok(quote! { crate::types::#n })
        }
        RustType::Path(p) => {
            let t: syn::Type = syn::parse_str(p)
                .map_err(|e| CodegenError::new(format!("bad Rust type `{p}`: {e}")))?;
            Ok(quote! { #t })
        }
    }
}

fn method_doc(op: &OperationPlan, builder: &Ident) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(s) = &op.summary {
        lines.push(s.clone());
        lines.push(String::new());
    }
    if let Some(d) = op
        .description
        .as_ref()
        .filter(|d| Some(*d) != op.summary.as_ref())
    {
        lines.extend(d.lines().map(str::to_string));
        lines.push(String::new());
    }
    lines.push(format!(
        "`{} {}` (operationId `{}`).",
        op.http_method, op.path, op.operation_id
    ));
    lines.push(String::new());
    let stream = if op.offers_event_stream {
        ", or `.send_stream().await` for its server-sent events"
    } else {
        ""
    };
    lines.push(format!(
        "Returns a [`{builder}`](crate::api::{builder}): set optional parameters on it, then `.send().await`{stream}."
    ));
    lines
        .iter()
        .map(|l| format!(" {}", l.replace("```", "'''")))
        .collect()
}
