//! The types inside a shared union keep their place-derived names.
//!
//! typify names the types it makes inside a union after the union: an inline
//! object in a member of the union at `AVoImage` becomes `AVoImageVariant1`,
//! its object property `AVoImageVariant1File`. When the union's shape is
//! shared ([`crate::normalize::shared_unions`]), the union is one component
//! (`Image`) and those types are `ImageVariant1`, `ImageVariant1File`; the
//! union's place-derived name stays as an alias, and so, through this step,
//! does each inner type's: `pub type AVoImageVariant1File =
//! ImageVariant1File;`. Code that named an inner type keeps compiling when
//! upstream repeats a union it had in one place.
//!
//! The inner types of a union are read off the generated code: the types its
//! definition names, and theirs in turn, whose names extend the union's and
//! that are no component of the spec (a component a member refers to keeps
//! its own name and needs no alias). A place-derived name some other type
//! already has is left alone.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::quote;

use super::shape::{collect_idents, field_tokens};

use crate::normalize::TypeAlias;

/// Aliases that keep the place-derived names of the types inside each
/// shared union (see the module doc). `union_aliases` are the unions'
/// place-derived names; `components` the spec's component schemas; `taken`
/// the names generated elsewhere (open enums and their aliases).
pub(crate) fn inner_type_aliases(
    raw: &syn::File,
    union_aliases: &[TypeAlias],
    components: &BTreeSet<String>,
    taken: &BTreeSet<String>,
) -> Vec<TypeAlias> {
    let definitions = type_definitions(raw);
    let mut named: BTreeSet<String> = definitions.keys().cloned().collect();
    named.extend(taken.iter().cloned());
    named.extend(union_aliases.iter().map(|a| a.name.clone()));
    let mut out = Vec::new();
    for alias in union_aliases {
        for inner in inner_types(&alias.target, &definitions, components) {
            let Some(suffix) = inner.strip_prefix(alias.target.as_str()) else {
                continue;
            };
            let name = format!("{}{suffix}", alias.name);
            if named.insert(name.clone()) {
                out.push(TypeAlias {
                    name,
                    target: inner,
                });
            }
        }
    }
    out
}

/// The types inside the union `union`, in name order.
fn inner_types(
    union: &str,
    definitions: &BTreeMap<String, TokenStream>,
    components: &BTreeSet<String>,
) -> BTreeSet<String> {
    let is_inner = |name: &str| {
        name.len() > union.len()
            && name.starts_with(union)
            && definitions.contains_key(name)
            && !components.contains(name)
    };
    let mut found = BTreeSet::new();
    let mut queue = vec![union.to_string()];
    while let Some(name) = queue.pop() {
        let Some(tokens) = definitions.get(&name) else {
            continue;
        };
        let mut idents = BTreeSet::new();
        collect_idents(tokens.clone(), &mut idents);
        for ident in idents {
            if is_inner(&ident) && found.insert(ident.clone()) {
                queue.push(ident);
            }
        }
    }
    found
}

/// Each type of the raw client's `types` module, with the tokens of what it
/// holds (fields, variants' fields, an alias's target).
fn type_definitions(raw: &syn::File) -> BTreeMap<String, TokenStream> {
    let mut out = BTreeMap::new();
    let items = raw.items.iter().filter_map(|item| match item {
        syn::Item::Mod(m) if m.ident == "types" => m.content.as_ref().map(|(_, items)| items),
        _ => None,
    });
    for item in items.flatten() {
        let (name, tokens) = match item {
            syn::Item::Struct(s) => (&s.ident, field_tokens(&s.fields)),
            syn::Item::Enum(e) => (
                &e.ident,
                e.variants
                    .iter()
                    .flat_map(|v| field_tokens(&v.fields))
                    .collect(),
            ),
            syn::Item::Type(t) => {
                let ty = &t.ty;
                (&t.ident, quote!(#ty))
            }
            _ => continue,
        };
        out.insert(name.to_string(), tokens);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(types: &str) -> syn::File {
        syn::parse_str(&format!("pub mod types {{ {types} }}")).expect("parses")
    }

    #[test]
    fn inner_types_of_a_shared_union_get_their_place_names_back() {
        let raw = raw("
            pub enum Image { Variant0 { url: String }, Variant1(ImageVariant1), Variant2(ImageResponseVo) }
            pub struct ImageVariant1 { file: ImageVariant1File, tags: Vec<crate::types::ImageVariant1Tag> }
            pub struct ImageVariant1File { id: String }
            pub struct ImageVariant1Tag(String);
            pub struct ImageResponseVo { id: String }
            pub struct ImageUnrelated { id: String }
            pub struct BVoImageVariant1 { id: String }
        ");
        let aliases = [
            TypeAlias {
                name: "AVoImage".into(),
                target: "Image".into(),
            },
            TypeAlias {
                name: "BVoImage".into(),
                target: "Image".into(),
            },
        ];
        let components = BTreeSet::from(["ImageResponseVo".to_string(), "Image".to_string()]);
        let got: Vec<(String, String)> =
            inner_type_aliases(&raw, &aliases, &components, &BTreeSet::new())
                .into_iter()
                .map(|a| (a.name, a.target))
                .collect();
        let pair = |n: &str, t: &str| (n.to_string(), t.to_string());
        assert_eq!(
            got,
            [
                pair("AVoImageVariant1", "ImageVariant1"),
                pair("AVoImageVariant1File", "ImageVariant1File"),
                pair("AVoImageVariant1Tag", "ImageVariant1Tag"),
                // `BVoImageVariant1` is another type's name already.
                pair("BVoImageVariant1File", "ImageVariant1File"),
                pair("BVoImageVariant1Tag", "ImageVariant1Tag"),
            ]
        );
    }
}
