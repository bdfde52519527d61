//! The SDK layer over the raw client: one method per operation on
//! `crate::Client`, and the table of operation facts the transport uses.
//!
//! Each method's parameters are taken from the signature progenitor generated
//! for the raw method, so the two can never disagree.

use std::collections::BTreeMap;

use heck::ToSnakeCase;
use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

use crate::error::{CodegenError, Result};
use crate::normalize::{Auth, Normalized, OperationPlan, ResponsePlan, RustType};

/// Generate `operations.rs` from the normalized spec and the raw client's tokens.
pub fn generate(normalized: &Normalized, raw: &syn::File) -> Result<TokenStream> {
    let raw_methods = raw_methods(raw);
    let mut table = Vec::new();
    let mut lookups = Vec::new();
    let mut methods = Vec::new();
    let mut examples = Vec::new();
    let mut walks = Vec::new();
    for op in normalized
        .operations
        .iter()
        .filter(|op| op.offers_event_stream)
    {
        let stream_name = format!("{}_stream", op.method_name);
        if let Some(other) = normalized
            .operations
            .iter()
            .find(|o| o.method_name == stream_name)
        {
            return Err(CodegenError::new(format!(
                "the streaming form of `{}` would be named `{stream_name}`, which is the method of `{}`",
                op.operation_id, other.operation_id
            )));
        }
    }
    for (index, op) in normalized.operations.iter().enumerate() {
        let raw_name = op.operation_id.to_snake_case();
        let sig = raw_methods.get(&raw_name).ok_or_else(|| {
            CodegenError::new(format!(
                "progenitor generated no method `{raw_name}` for operation `{}`",
                op.operation_id
            ))
        })?;
        table.push(table_entry(op, &raw_name));
        lookups.push(quote! { #raw_name => Some(&OPERATIONS[#index]), });
        methods.push(method(op, index, sig)?);
        let json_examples = op
            .examples
            .iter()
            .map(|e| (e, "application/json", e.value.to_string()));
        let sse_examples = op.stream_examples.iter().filter_map(|e| {
            e.value
                .as_str()
                .map(|text| (e, "text/event-stream", text.to_string()))
        });
        let op_examples = json_examples.chain(sse_examples).map(|(e, media, body)| {
            let name = &e.name;
            let status = e.status;
            let code = match e.code() {
                Some(c) => quote! { Some(#c) },
                None => quote! { None },
            };
            quote! { crate::operation::Example { name: #name, status: #status, code: #code, media: #media, body: #body } }
        });
        examples.push(quote! { &[#(#op_examples),*] });
        walks.extend(super::walk::arms(normalized, op, sig)?);
    }
    let count = normalized.operations.len();
    Ok(quote! {
        #[allow(unused_imports)]
        use crate::raw::types;

        /// Every operation of the spec the crate was built from, in path order.
        pub static OPERATIONS: [crate::operation::Operation; #count] = [#(#table),*];

        /// The operation a raw client method belongs to (keyed by the raw method name,
        /// which progenitor passes to its hooks).
        pub(crate) fn by_raw_name(raw_name: &str) -> Option<&'static crate::operation::Operation> {
            match raw_name {
                #(#lookups)*
                _ => None,
            }
        }

        /// The documented response examples of each operation, in `OPERATIONS` order.
        #[cfg(feature = "sandbox")]
        pub(crate) static EXAMPLES: [&[crate::operation::Example]; #count] = [#(#examples),*];

        impl crate::Client {
            #(#methods)*
        }

        /// Call one operation of the spec with arguments synthesized from its
        /// schemas and return its typed result serialized as JSON (a stream's
        /// events as a JSON array). `"<operationId>#stream"` calls the
        /// `_stream` form. For the sandbox walk test; not a stable API.
        #[cfg(feature = "sandbox")]
        #[doc(hidden)]
        #[allow(deprecated, clippy::needless_borrow, clippy::let_unit_value)]
        pub async fn __walk_call(client: &crate::Client, operation_id: &str) -> crate::Result<::serde_json::Value> {
            match operation_id {
                #(#walks)*
                other => Err(crate::Error::InvalidArgument {
                    parameter: "operation_id".into(),
                    reason: format!("no operation `{other}` in this spec"),
                }),
            }
        }
    })
}

fn raw_methods(raw: &syn::File) -> BTreeMap<String, syn::Signature> {
    let mut out = BTreeMap::new();
    for item in &raw.items {
        let syn::Item::Impl(imp) = item else { continue };
        if imp.trait_.is_some() {
            continue;
        }
        for item in &imp.items {
            if let syn::ImplItem::Fn(f) = item {
                if f.sig.asyncness.is_some() {
                    out.insert(f.sig.ident.to_string(), f.sig.clone());
                }
            }
        }
    }
    out
}

fn table_entry(op: &OperationPlan, raw_name: &str) -> TokenStream {
    let id = &op.operation_id;
    let name = &op.method_name;
    let method = &op.http_method;
    let path = &op.path;
    let auth = match &op.auth {
        Auth::None => quote! { crate::operation::Auth::None },
        Auth::Header(h) => {
            let h = h.to_ascii_lowercase();
            quote! { crate::operation::Auth::Header(#h) }
        }
        Auth::Bearer => quote! { crate::operation::Auth::Bearer },
    };
    let enveloped = matches!(op.response, ResponsePlan::Envelope(_));
    let stream_flag = match &op.stream_flag {
        Some(flag) => quote! { Some(#flag) },
        None => quote! { None },
    };
    quote! {
        crate::operation::Operation {
            operation_id: #id,
            method_name: #name,
            raw_method_name: #raw_name,
            http_method: #method,
            path: #path,
            auth: #auth,
            enveloped: #enveloped,
            stream_flag: #stream_flag,
        }
    }
}

fn method(op: &OperationPlan, index: usize, sig: &syn::Signature) -> Result<TokenStream> {
    let name = Ident::new(&op.method_name, Span::call_site());
    let raw_name = &sig.ident;
    let generics = &sig.generics;
    let args: Vec<&syn::PatType> = sig
        .inputs
        .iter()
        .filter_map(|a| match a {
            syn::FnArg::Typed(t) => Some(t),
            syn::FnArg::Receiver(_) => None,
        })
        .collect();
    let arg_names: Vec<&syn::Pat> = args.iter().map(|a| a.pat.as_ref()).collect();
    // By-value arguments are cloned so that a retry can call the raw method again.
    let call_args = args.iter().map(|a| {
        let pat = &a.pat;
        match a.ty.as_ref() {
            syn::Type::Reference(_) => quote! { #pat },
            _ => quote! { #pat.clone() },
        }
    });
    let checks = op.path_params.iter().map(|p| {
        let arg = format_ident!("{}", crate::naming::rust_ident(&p.to_snake_case()));
        quote! { crate::operation::check_path_segment(#p, &#arg)?; }
    });
    let string_checks = op.string_checks.iter().map(|c| {
        let name = &c.name;
        let arg = format_ident!("{}", crate::naming::rust_ident(&c.name.to_snake_case()));
        let optional = args
            .iter()
            .find(|a| {
                let p = &a.pat;
                arg == quote!(#p).to_string()
            })
            .is_some_and(|a| {
                let t = &a.ty;
                quote!(#t).to_string().starts_with("Option")
            });
        let value = if optional {
            quote! { #arg }
        } else {
            quote! { Some(#arg) }
        };
        let min = option_tokens(c.min_length);
        let max = option_tokens(c.max_length);
        let pattern = match &c.pattern {
            Some(p) => quote! { Some(#p) },
            None => quote! { None },
        };
        quote! { crate::operation::check_string(#name, #value, #min, #max, #pattern)?; }
    });
    for p in &op.path_params {
        let expected = crate::naming::rust_ident(&p.to_snake_case());
        if !arg_names.iter().any(|a| quote!(#a).to_string() == expected) {
            return Err(CodegenError::new(format!(
                "raw method `{raw_name}` has no argument `{expected}` for path parameter `{p}`"
            )));
        }
    }
    let has_a = generics.lifetimes().any(|l| l.lifetime.ident == "a");
    let receiver = if has_a {
        quote! { &'a self }
    } else {
        quote! { &self }
    };
    let doc = doc(op);
    let deprecated = op
        .deprecated
        .then(|| quote! { #[deprecated = "marked deprecated in the API spec"] });
    let call_args: Vec<TokenStream> = call_args.collect();
    let checks: Vec<TokenStream> = checks.chain(string_checks).collect();
    let stream_call =
        quote! { self.call_event_stream(OP, || self.raw().#raw_name(#(#call_args),*)).await };
    let (ret, call) = match &op.response {
        ResponsePlan::Envelope(ty) => {
            let ty = rust_type(ty)?;
            (
                quote! { #ty },
                quote! { self.call_enveloped(OP, || self.raw().#raw_name(#(#call_args),*)).await },
            )
        }
        ResponsePlan::Json(ty) => {
            let ty = rust_type(ty)?;
            (
                quote! { #ty },
                quote! { self.call_json(OP, || self.raw().#raw_name(#(#call_args),*)).await },
            )
        }
        ResponsePlan::EventStream => (quote! { crate::sse::EventStream }, stream_call.clone()),
        ResponsePlan::Raw => (
            quote! { crate::raw::ResponseValue<crate::raw::ByteStream> },
            quote! { self.call_raw(OP, || self.raw().#raw_name(#(#call_args),*)).await },
        ),
    };
    let stream_method = op.offers_event_stream.then(|| {
        let stream_name = format_ident!("{}_stream", op.method_name);
        let plain = &op.method_name;
        let stream_doc = [
            format!(" Streaming form of [`Self::{plain}`]: sends `Accept: text/event-stream` and"),
            " returns the server-sent events as they arrive (see [`crate::sse`]).".to_string(),
            " Where the protocol chooses streaming in the body (`\"stream\": true` for".to_string(),
            " OpenAI-compatible endpoints), the SDK sets it.".to_string(),
            String::new(),
            format!(" `{} {}` (operationId `{}`).", op.http_method, op.path, op.operation_id),
        ];
        quote! {
            #(#[doc = #stream_doc])*
            #deprecated
            pub async fn #stream_name #generics(#receiver, #(#args),*) -> crate::Result<crate::sse::EventStream> {
                const OP: &crate::operation::Operation = &OPERATIONS[#index];
                #(#checks)*
                #stream_call
            }
        }
    });
    Ok(quote! {
        #(#[doc = #doc])*
        #deprecated
        pub async fn #name #generics(#receiver, #(#args),*) -> crate::Result<#ret> {
            const OP: &crate::operation::Operation = &OPERATIONS[#index];
            #(#checks)*
            #call
        }
        #stream_method
    })
}

fn option_tokens(v: Option<u64>) -> TokenStream {
    match v {
        Some(v) => quote! { Some(#v) },
        None => quote! { None },
    }
}

fn rust_type(ty: &RustType) -> Result<TokenStream> {
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

fn doc(op: &OperationPlan) -> Vec<String> {
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
    lines
        .iter()
        .map(|l| format!(" {}", l.replace("```", "'''")))
        .collect()
}
