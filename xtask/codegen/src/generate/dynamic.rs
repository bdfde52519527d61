//! The dynamic entry point's dispatch: one `match` arm per operation that
//! reads the arguments from a JSON object (keyed by the spec's parameter
//! names, `body` for the request body), calls the typed request builder, and
//! returns the typed result as JSON. The public API around it is
//! hand-written (`src/dynamic.rs`).

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

use super::args::Arg;
use super::requests::setter_name;
use crate::normalize::{OperationPlan, ResponsePlan};

/// The arms of `dispatch` (JSON result) and `dispatch_stream` (event stream) for one operation.
pub fn arms(op: &OperationPlan, args: &[Arg]) -> (TokenStream, Option<TokenStream>) {
    let id = &op.operation_id;
    let method = Ident::new(&op.method_name, Span::call_site());
    let vars: Vec<Ident> = (0..args.len()).map(|i| format_ident!("a{i}")).collect();
    let reads = args.iter().zip(&vars).map(|(a, var)| {
        let key = &a.key;
        let ty = a.owned_ty();
        if a.optional {
            quote! { let #var: ::std::option::Option<#ty> = params.optional(#key)?; }
        } else {
            quote! { let #var: #ty = params.required(#key)?; }
        }
    });
    let required = args
        .iter()
        .zip(&vars)
        .filter(|(a, _)| !a.optional)
        .map(|(a, var)| a.pass_owned_moved(var));
    let setters = args.iter().zip(&vars).filter(|(a, _)| a.optional).map(|(a, var)| {
        let setter = setter_name(a);
        quote! { if let ::std::option::Option::Some(v) = #var { request = request.#setter(v); } }
    });
    let binding = if args.is_empty() {
        quote! { params }
    } else {
        quote! { mut params }
    };
    let build = quote! {
        let #binding = crate::dynamic::Params::new(operation_id, params)?;
        #(#reads)*
        params.finish()?;
        #[allow(unused_mut)]
        let mut request = self.#method(#(#required),*);
        #(#setters)*
    };
    let json = match op.response {
        ResponsePlan::Envelope(_) | ResponsePlan::Json(_) => {
            quote! { crate::dynamic::to_json(&request.send().await?) }
        }
        ResponsePlan::Raw => quote! { crate::dynamic::raw_to_json(request.send().await?) },
        ResponsePlan::EventStream => quote! {
            ::std::result::Result::Err(crate::dynamic::streams_only(operation_id))
        },
    };
    let json_arm = quote! { #id => { #build #json } };
    let stream_arm = match op.response {
        ResponsePlan::EventStream => Some(quote! { #id => { #build request.send().await } }),
        _ if op.offers_event_stream => {
            Some(quote! { #id => { #build request.send_stream().await } })
        }
        _ => None,
    };
    (json_arm, stream_arm)
}

/// The two dispatch functions.
pub fn functions(json_arms: &[TokenStream], stream_arms: &[TokenStream]) -> TokenStream {
    quote! {
        #[cfg(feature = "dynamic")]
        #[allow(
            deprecated,
            unused_variables,
            clippy::let_unit_value,
            // A spec without streaming operations leaves `dispatch_stream` one arm.
            clippy::match_single_binding
        )]
        impl crate::Client {
            /// See [`crate::Client::request`].
            pub(crate) async fn dispatch(
                &self,
                operation_id: &str,
                params: ::serde_json::Value,
            ) -> crate::Result<::serde_json::Value> {
                match operation_id {
                    #(#json_arms)*
                    other => ::std::result::Result::Err(crate::dynamic::unknown(other)),
                }
            }

            /// See [`crate::Client::request_stream`].
            // A spec without streaming operations leaves only the fallback arm.
            #[allow(clippy::match_single_binding)]
            pub(crate) async fn dispatch_stream(
                &self,
                operation_id: &str,
                params: ::serde_json::Value,
            ) -> crate::Result<crate::sse::EventStream> {
                match operation_id {
                    #(#stream_arms)*
                    other => ::std::result::Result::Err(crate::dynamic::no_stream(other)),
                }
            }
        }
    }
}
