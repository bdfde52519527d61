//! `operations.rs`: the SDK layer over the raw client. For each operation a
//! `crate::Client` method and its request builder ([`super::requests`]), its
//! arm of the dynamic entry point ([`super::dynamic`]), its row in the table
//! of operation facts the transport uses, and its sandbox examples.
//!
//! Every argument is taken from the signature progenitor generated for the
//! raw method ([`super::args`]), so the layers can never disagree.

use std::collections::BTreeMap;

use heck::ToSnakeCase;
use proc_macro2::TokenStream;
use quote::quote;

use crate::error::{CodegenError, Result};
use crate::normalize::{Auth, Normalized, OperationPlan, ResponsePlan};

/// Generate `operations.rs` from the normalized spec and the raw client's
/// tokens (with `Client::upload` when the spec has the upload operations,
/// see [`super::uploads`]); a paginator the plan asks for or an upload that
/// cannot be generated is a warning in `warnings`.
pub fn generate(
    normalized: &Normalized,
    raw: &syn::File,
    warnings: &mut Vec<crate::error::Warning>,
) -> Result<TokenStream> {
    let mut paged = std::collections::BTreeSet::new();
    let raw_methods = raw_methods(raw);
    let mut table = Vec::new();
    let mut lookups = Vec::new();
    let mut requests = Vec::new();
    let mut examples = Vec::new();
    let mut example_params = Vec::new();
    let mut json_arms = Vec::new();
    let mut stream_arms = Vec::new();
    let mut builders = BTreeMap::new();
    let mut all_args = Vec::new();
    for (index, op) in normalized.operations.iter().enumerate() {
        let builder = super::requests::builder_name(op).to_string();
        if let Some(other) = builders.insert(builder.clone(), &op.operation_id) {
            return Err(CodegenError::new(format!(
                "the request types of `{other}` and `{}` would both be named `{builder}`",
                op.operation_id
            )));
        }
        let raw_name = op.operation_id.to_snake_case();
        let sig = raw_methods.get(&raw_name).ok_or_else(|| {
            CodegenError::new(format!(
                "progenitor generated no method `{raw_name}` for operation `{}`",
                op.operation_id
            ))
        })?;
        let args = super::args::args(&normalized.spec, op, sig)?;
        table.push(table_entry(op, &raw_name));
        lookups.push(quote! { #raw_name => Some(&OPERATIONS[#index]), });
        requests.push(super::requests::generate(op, index, &sig.ident, &args)?);
        requests.extend(super::paginators::generate(op, &args, &mut paged, warnings));
        let (json_arm, stream_arm) = super::dynamic::arms(op, &args);
        json_arms.push(json_arm);
        stream_arms.extend(stream_arm);
        example_params.push(super::example_params::example_params(
            &normalized.spec,
            &args,
        ));
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
        all_args.push(args);
    }
    let upload = super::uploads::generate(normalized, &all_args, raw, warnings);
    let count = normalized.operations.len();
    let dispatch = super::dynamic::functions(&json_arms, &stream_arms);
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

        /// Example arguments of each operation (JSON objects), in `OPERATIONS` order.
        #[cfg(feature = "sandbox")]
        pub(crate) static EXAMPLE_PARAMS: [&str; #count] = [#(#example_params),*];

        #(#requests)*

        #upload

        #dispatch
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
