//! Built against the full upstream spec, every union shape is one Rust type:
//! no two union types that typify generates (enums of two or more variants)
//! have the same definition, variants, payloads and serde attributes alike
//! (before this pass: the list pagination in two pairs of types, the Gemini
//! `parts` in two and the image-or-images union in six), and every
//! place-derived name of a shared shape is an alias of a generated type.
//! Single-value enums are not unions: the `mode`/`direction` constants that
//! key a union's members stay inline (see `normalize/enums.rs`).

use std::collections::BTreeMap;

use aitoearn_codegen::generate_dir;

/// The definition of every union in the raw client's `types` module: its
/// variants with their payloads and attributes, doc comments left out.
fn union_definitions(raw: &str) -> BTreeMap<String, String> {
    let file: syn::File = syn::parse_str(raw).expect("raw.rs parses");
    let mut out = BTreeMap::new();
    for item in &file.items {
        let syn::Item::Mod(m) = item else { continue };
        if m.ident != "types" {
            continue;
        }
        for item in m.content.iter().flat_map(|(_, items)| items) {
            let syn::Item::Enum(e) = item else { continue };
            if e.variants.len() < 2 {
                continue;
            }
            let mut e = e.clone();
            e.attrs.retain(|a| !a.path().is_ident("doc"));
            for v in &mut e.variants {
                v.attrs.retain(|a| !a.path().is_ident("doc"));
                for f in v.fields.iter_mut() {
                    f.attrs.retain(|a| !a.path().is_ident("doc"));
                }
            }
            let name = e.ident.to_string();
            let variants = &e.variants;
            let attrs = &e.attrs;
            out.insert(name, quote::quote!(#(#attrs)* #variants).to_string());
        }
    }
    out
}

#[test]
fn no_two_generated_unions_share_a_variant_set_with_the_full_spec() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/upstream");
    if !dir.is_dir() {
        println!(
            "skipped: {} is absent (the full upstream spec snapshot)",
            dir.display()
        );
        return;
    }
    let generated = generate_dir(&dir, None).expect("the full spec generates");
    let raw = generated
        .files
        .iter()
        .find(|f| f.name == "raw.rs")
        .expect("raw.rs");
    let mut by_definition: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (name, definition) in union_definitions(&raw.contents) {
        by_definition.entry(definition).or_default().push(name);
    }
    let shared: Vec<&Vec<String>> = by_definition
        .values()
        .filter(|names| names.len() > 1)
        .collect();
    assert!(
        shared.is_empty(),
        "union types with one definition: {shared:?}"
    );

    let unions = &generated.normalized.shared_unions;
    assert!(
        unions.types.iter().any(|t| t == "Pagination"),
        "{:?}",
        unions.types
    );
    let open_enums = generated
        .files
        .iter()
        .find(|f| f.name == "open_enums.rs")
        .expect("open_enums.rs");
    for alias in &unions.aliases {
        assert!(
            raw.contents
                .contains(&format!("pub enum {} ", alias.target))
                || raw
                    .contents
                    .contains(&format!("pub enum {} {{", alias.target)),
            "{} names a type that is not generated: {}",
            alias.name,
            alias.target
        );
        assert!(
            open_enums
                .contents
                .contains(&format!("pub type {} = {};", alias.name, alias.target)),
            "no alias {}",
            alias.name
        );
    }
}
