//! Open enums and business error codes, as invocations of the macros in the
//! crate's `open_enum` and `error` modules (the macros hold the logic).

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::quote;

use crate::normalize::{ErrorCodeDef, OpenEnum, OpenEnumKind, TypeAlias};

/// Generate `open_enums.rs`: the open enums, then the aliases that keep each
/// place-derived name of a shared value set, of a shared union shape and of
/// the types inside one ([`super::union_subtypes`]).
pub fn open_enums(
    enums: &[OpenEnum],
    aliases: &[TypeAlias],
    union_aliases: &[TypeAlias],
    inner_aliases: &[TypeAlias],
) -> TokenStream {
    let alias = |a: &TypeAlias, what: &str| {
        let name = Ident::new(&a.name, Span::call_site());
        let target = Ident::new(&a.target, Span::call_site());
        let doc = format!(
            " The {what} of `{}`: the same as [`{}`], so it is that type.",
            a.name, a.target
        );
        quote! { #[doc = #doc] pub type #name = #target; }
    };
    let aliases = aliases
        .iter()
        .map(|a| alias(a, "values"))
        .chain(union_aliases.iter().map(|a| alias(a, "union shape")))
        .chain(
            inner_aliases
                .iter()
                .map(|a| alias(a, "type inside the union shape")),
        );
    let items = enums.iter().map(|e| {
        let name = Ident::new(&e.name, Span::call_site());
        let doc = doc_lines(e.description.as_deref(), &e.name);
        match &e.kind {
            OpenEnumKind::String(values) => {
                let variants = values.iter().map(|(value, variant)| {
                    let variant = Ident::new(variant, Span::call_site());
                    let vdoc = format!(" `{value}`");
                    quote! { #[doc = #vdoc] #variant = #value, }
                });
                quote! { crate::open_enum::open_string_enum! { #(#[doc = #doc])* #name { #(#variants)* } } }
            }
            OpenEnumKind::Integer(values) => {
                let values = values.iter().map(|v| Literal::i64_unsuffixed(*v));
                quote! { crate::open_enum::open_integer_enum! { #(#[doc = #doc])* #name [#(#values),*] } }
            }
            OpenEnumKind::Number(values) => {
                let values = values.iter().map(|v| Literal::f64_unsuffixed(*v));
                quote! { crate::open_enum::open_number_enum! { #(#[doc = #doc])* #name [#(#values),*] } }
            }
        }
    });
    quote! { #(#items)* #(#aliases)* }
}

/// Generate `error_codes.rs`.
pub fn error_codes(codes: &[ErrorCodeDef]) -> TokenStream {
    let variants = codes.iter().map(|c| {
        let name = Ident::new(&c.name, Span::call_site());
        let code = Literal::i64_unsuffixed(c.code);
        let doc = format!(" `{}`: {}", c.code, c.message);
        quote! { #[doc = #doc] #name = #code, }
    });
    quote! { crate::error::error_codes! { #(#variants)* } }
}

fn doc_lines(description: Option<&str>, name: &str) -> Vec<String> {
    match description {
        Some(d) => d.lines().map(|l| format!(" {l}")).collect(),
        None => vec![format!(" The values of `{name}`.")],
    }
}
