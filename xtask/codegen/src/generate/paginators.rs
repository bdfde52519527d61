//! `.pages()` and `.into_stream()` on the request builder of each
//! page-numbered list operation (`normalize/pagination.rs` finds them), over
//! `crate::pagination::numbered`.

use std::collections::BTreeSet;

use heck::ToSnakeCase;
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use super::args::Arg;
use crate::error::Warning;
use crate::normalize::{Normalized, OperationPlan, ResponsePlan};

/// The paginator of one operation, or `None` (with a warning when the plan
/// cannot be honoured). `paged` holds the page types already given their
/// `NumberedPage` impl (two operations may return one type).
pub fn generate(
    op: &OperationPlan,
    args: &[Arg],
    paged: &mut BTreeSet<String>,
    warnings: &mut Vec<Warning>,
) -> Option<TokenStream> {
    let plan = op.paging.as_ref()?;
    let ResponsePlan::Envelope(data_ty) = &op.response else {
        return None;
    };
    let page_arg = args.iter().find(|a| a.key == plan.page_param)?;
    if page_arg.owned_ty().to_string() != "i64" {
        warnings.push(Warning::at(
            crate::schema::pointer(&["paths", &op.path, &op.http_method.to_ascii_lowercase()]),
            format!(
                "`{}`'s page parameter is not an i64 in Rust; no paginator",
                op.operation_id
            ),
        ));
        return None;
    }
    let page = &page_arg.ident;
    let (page_number, with_page_number) = if page_arg.optional {
        (
            quote! { self.#page },
            quote! { self.#page = ::std::option::Option::Some(page); },
        )
    } else {
        (
            quote! { ::std::option::Option::Some(self.#page) },
            quote! { self.#page = page; },
        )
    };
    let data = super::requests::rust_type(data_ty).ok()?;
    let item = super::requests::rust_type(&plan.item).ok()?;
    let builder = super::requests::builder_name(op);
    let field = |name: &str| Ident::new(&name.to_snake_case(), Span::call_site());
    let count = |name: &Option<String>| match name {
        Some(name) => {
            let f = field(name);
            quote! { crate::pagination::numbered::AsPageCount::as_page_count(&self.#f) }
        }
        None => quote! { ::std::option::Option::None },
    };
    let list = field(&plan.list_field);
    let page_field = count(&plan.page_field);
    let total_pages = count(&plan.total_pages_field);
    let page_impl = paged.insert(data.to_string()).then(|| {
        quote! {
            impl crate::pagination::numbered::NumberedPage for #data {
                type Item = #item;
                fn page_number(&self) -> ::std::option::Option<i64> {
                    #page_field
                }
                fn total_pages(&self) -> ::std::option::Option<i64> {
                    #total_pages
                }
                fn item_count(&self) -> usize {
                    crate::pagination::numbered::AsItems::<#item>::item_count(&self.#list)
                }
                fn into_items(self) -> ::std::vec::Vec<#item> {
                    crate::pagination::numbered::AsItems::<#item>::into_items(self.#list)
                }
            }
        }
    });
    let pages_doc = format!(
        " Every page of this list, from this request's `{}` (1 when unset) to the last: see [`crate::pagination::numbered`].",
        plan.page_param
    );
    let items_doc = format!(
        " Every item (`{}`) of every page, from this request's `{}` on: see [`crate::pagination::numbered`].",
        plan.list_field, plan.page_param
    );
    Some(quote! {
        impl<'a> #builder<'a> {
            #[doc = #pages_doc]
            pub fn pages(self) -> impl ::futures_core::Stream<Item = crate::Result<#data>> + 'a {
                crate::pagination::numbered::pages(self)
            }
            #[doc = #items_doc]
            pub fn into_stream(self) -> impl ::futures_core::Stream<Item = crate::Result<#item>> + 'a {
                crate::pagination::numbered::into_stream(self)
            }
        }
        impl crate::pagination::numbered::PageRequest for #builder<'_> {
            type Page = #data;
            fn page_number(&self) -> ::std::option::Option<i64> {
                #page_number
            }
            fn with_page_number(mut self, page: i64) -> Self {
                #with_page_number
                self
            }
            fn fetch(self) -> impl ::std::future::Future<Output = crate::Result<#data>> + ::std::marker::Send {
                self.send()
            }
        }
        #page_impl
    })
}

/// What the surface file says about paginators: one line per operation
/// that has one, then why each other list has none.
pub fn surface_lines(normalized: &Normalized) -> Vec<String> {
    let mut lines: Vec<String> = normalized
        .operations
        .iter()
        .filter_map(|op| {
            let plan = op.paging.as_ref()?;
            let item = match &plan.item {
                crate::normalize::RustType::Named(n) | crate::normalize::RustType::Path(n) => n,
            };
            Some(format!(
                "{}().pages() / .into_stream(): `{}` from `{}` (item {item}){}",
                op.method_name,
                plan.page_param,
                plan.list_field,
                plan.total_pages_field
                    .as_deref()
                    .map(|t| format!(", to `{t}`"))
                    .unwrap_or_default()
            ))
        })
        .collect();
    lines.extend(crate::normalize::pagination::no_paginator_reasons(
        &normalized.spec,
        &normalized.operations,
    ));
    lines
}
