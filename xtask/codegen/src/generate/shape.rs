//! The shape of the generated types (`crate::types`) as users touch them,
//! so that an additive upstream change never breaks a caller:
//!
//! - every struct with named fields and every enum is `#[non_exhaustive]`:
//!   a new response property or union variant is not a breaking change for
//!   code that reads them;
//! - every struct a request can carry (request bodies and what they contain)
//!   gets `new(required..)` and one setter per field, so a caller never writes
//!   a struct literal, and a new optional property is one more setter.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use proc_macro2::{Ident, TokenStream, TokenTree};
use quote::{format_ident, quote};

use crate::error::{CodegenError, Result};

/// Mark the types `#[non_exhaustive]` and give request types constructors and setters.
pub fn shape_types(raw: &mut syn::File) -> Result<()> {
    let roots = request_roots(raw);
    let Some(types) = raw.items.iter_mut().find_map(|item| match item {
        syn::Item::Mod(m) if m.ident == "types" => m.content.as_mut().map(|(_, items)| items),
        _ => None,
    }) else {
        return Err(CodegenError::new(
            "progenitor's output has no `types` module",
        ));
    };

    let mut fields_of: BTreeMap<String, TokenStream> = BTreeMap::new();
    for item in types.iter_mut() {
        match item {
            syn::Item::Struct(s) if matches!(s.fields, syn::Fields::Named(_)) => {
                fields_of.insert(s.ident.to_string(), field_tokens(&s.fields));
                s.attrs.push(syn::parse_quote!(#[non_exhaustive]));
            }
            syn::Item::Enum(e) => {
                let mut tokens = TokenStream::new();
                for v in &e.variants {
                    tokens.extend(field_tokens(&v.fields));
                }
                fields_of.insert(e.ident.to_string(), tokens);
                e.attrs.push(syn::parse_quote!(#[non_exhaustive]));
            }
            _ => {}
        }
    }

    let reachable = reachable(&roots, &fields_of);
    let mut impls = Vec::new();
    for item in types.iter() {
        if let syn::Item::Struct(s) = item {
            if reachable.contains(&s.ident.to_string()) {
                if let syn::Fields::Named(fields) = &s.fields {
                    impls.push(constructor_and_setters(&s.ident, fields));
                }
            }
        }
    }
    for tokens in impls {
        let item: syn::Item = syn::parse2(tokens).map_err(|e| {
            CodegenError::new(format!("a generated constructor does not parse: {e}"))
        })?;
        types.push(item);
    }
    Ok(())
}

/// The type names (in `types`) that raw client methods take as arguments.
fn request_roots(raw: &syn::File) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for item in &raw.items {
        let syn::Item::Impl(imp) = item else { continue };
        if imp.trait_.is_some() {
            continue;
        }
        for item in &imp.items {
            let syn::ImplItem::Fn(f) = item else { continue };
            for input in &f.sig.inputs {
                if let syn::FnArg::Typed(arg) = input {
                    let ty = &arg.ty;
                    collect_idents(quote!(#ty), &mut out);
                }
            }
        }
    }
    out
}

/// Every type name reachable from `roots` through fields and variants.
fn reachable(
    roots: &BTreeSet<String>,
    fields_of: &BTreeMap<String, TokenStream>,
) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut queue: VecDeque<String> = roots
        .iter()
        .filter(|r| fields_of.contains_key(*r))
        .cloned()
        .collect();
    while let Some(name) = queue.pop_front() {
        if !seen.insert(name.clone()) {
            continue;
        }
        let mut next = BTreeSet::new();
        if let Some(tokens) = fields_of.get(&name) {
            collect_idents(tokens.clone(), &mut next);
        }
        queue.extend(
            next.into_iter()
                .filter(|n| fields_of.contains_key(n) && !seen.contains(n)),
        );
    }
    seen
}

/// The tokens of the fields' types, one after the other.
pub(crate) fn field_tokens(fields: &syn::Fields) -> TokenStream {
    let mut tokens = TokenStream::new();
    for f in fields {
        let ty = &f.ty;
        tokens.extend(quote!(#ty));
    }
    tokens
}

/// Every identifier in `tokens`, groups included.
pub(crate) fn collect_idents(tokens: TokenStream, out: &mut BTreeSet<String>) {
    for tree in tokens {
        match tree {
            TokenTree::Ident(i) => {
                out.insert(i.to_string());
            }
            TokenTree::Group(g) => collect_idents(g.stream(), out),
            _ => {}
        }
    }
}

/// The field's `#[serde(KEY ..)]`: `None` without one, `Some(None)` for a
/// bare `KEY`, `Some(Some(lit))` for `KEY = "lit"` (the last one wins).
fn serde_option(field: &syn::Field, key: &str) -> Option<Option<syn::LitStr>> {
    let mut found = None;
    for attr in field.attrs.iter().filter(|a| a.path().is_ident("serde")) {
        let _ = attr.parse_nested_meta(|meta| {
            let value = if meta.input.peek(syn::Token![=]) {
                Some(meta.value()?.parse::<syn::LitStr>()?)
            } else {
                None
            };
            if meta.path.is_ident(key) {
                found = Some(value);
            }
            Ok(())
        });
    }
    found
}

/// The field's `#[serde(default ..)]`: `None` without one, `Some(None)` for
/// a plain `default`, `Some(Some(path))` for `default = "path"`.
fn serde_default(field: &syn::Field) -> Option<Option<syn::ExprPath>> {
    serde_option(field, "default").map(|lit| lit.and_then(|l| l.parse::<syn::ExprPath>().ok()))
}

/// The field's name in JSON (its `#[serde(rename)]`, else the Rust name).
fn json_name(field: &syn::Field) -> String {
    match serde_option(field, "rename") {
        Some(Some(lit)) => lit.value(),
        _ => field
            .ident
            .as_ref()
            .map(|i| i.to_string().trim_start_matches("r#").to_string())
            .unwrap_or_default(),
    }
}

/// Whether serde fills the field when it is absent (`Option`, or `#[serde(default ..)]`).
fn is_optional(field: &syn::Field) -> bool {
    super::args::option_inner(&field.ty).is_some() || serde_default(field).is_some()
}

/// The value an optional field starts with: what serde would give it.
fn default_value(field: &syn::Field) -> TokenStream {
    if super::args::option_inner(&field.ty).is_some() {
        return quote! { ::std::option::Option::None };
    }
    match serde_default(field) {
        Some(Some(path)) => quote! { #path() },
        _ => quote! { ::std::default::Default::default() },
    }
}

fn constructor_and_setters(name: &Ident, fields: &syn::FieldsNamed) -> TokenStream {
    let (required, optional): (Vec<&syn::Field>, Vec<&syn::Field>) =
        fields.named.iter().partition(|f| !is_optional(f));
    let req_idents: Vec<&Option<Ident>> = required.iter().map(|f| &f.ident).collect();
    let req_tys: Vec<&syn::Type> = required.iter().map(|f| &f.ty).collect();
    let opt_idents: Vec<&Option<Ident>> = optional.iter().map(|f| &f.ident).collect();
    let opt_defaults: Vec<TokenStream> = optional.iter().map(|f| default_value(f)).collect();
    let new_doc = if required.is_empty() {
        " A value with every field unset; set fields with the setters.".to_string()
    } else {
        " A value with its required fields; set optional ones with the setters.".to_string()
    };
    let setters = fields.named.iter().filter_map(|f| {
        let ident = f.ident.as_ref()?;
        let setter = if ident == "new" {
            format_ident!("set_new")
        } else {
            ident.clone()
        };
        let docs = f.attrs.iter().filter(|a| a.path().is_ident("doc"));
        let heading = format!(" Sets `{}`.", json_name(f));
        let body = match super::args::option_inner(&f.ty) {
            Some(inner) => quote! {
                pub fn #setter(mut self, value: impl ::std::convert::Into<#inner>) -> Self {
                    self.#ident = ::std::option::Option::Some(value.into());
                    self
                }
            },
            None => {
                let ty = &f.ty;
                quote! {
                    pub fn #setter(mut self, value: impl ::std::convert::Into<#ty>) -> Self {
                        self.#ident = value.into();
                        self
                    }
                }
            }
        };
        Some(quote! {
            #[doc = #heading]
            #[doc = ""]
            #(#docs)*
            #body
        })
    });
    quote! {
        impl #name {
            #[doc = #new_doc]
            #[allow(clippy::new_without_default, clippy::too_many_arguments)]
            pub fn new(#(#req_idents: impl ::std::convert::Into<#req_tys>),*) -> Self {
                Self {
                    #(#req_idents: #req_idents.into(),)*
                    #(#opt_idents: #opt_defaults,)*
                }
            }
            #(#setters)*
        }
    }
}
