//! Built against the full upstream spec, every union shape is one Rust type:
//! no two union types that typify generates (enums of two or more variants)
//! have the same definition, variants, payloads and serde attributes alike
//! (before this pass: the list pagination in two pairs of types, the Gemini
//! `parts` in two and the image-or-images union in six), and every
//! place-derived name of a shared shape is an alias of a generated type.
//! Single-value enums are not unions: the `mode`/`direction` constants that
//! key a union's members stay inline (see `normalize/enums.rs`).

mod common;

use std::collections::BTreeMap;

use aitoearn_codegen::{generate_dir, TypeLock};
use common::{alias_map, shared, SpecDir};
use serde_json::{json, Value};

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

/// Upstream adds three places with the list pagination's shape, held by
/// `paging` (so that the rule alone would name the shape `Paging`, and the
/// first place name sorts before every old one), and changes the comment
/// list's pagination (a new field in its page member) and the streamed Gemini
/// body's `parts` (one more member), so that the other body's `parts` is the
/// only place left with the shape `Parts` names. With the lock of the release
/// before, `Pagination` and `Parts` stay types, the new places are aliases of
/// `Pagination`, the changed places types of their own, and no locked union
/// type turns into an alias.
#[test]
fn locked_union_types_stay_types_when_upstream_adds_and_changes_places_in_the_full_spec() {
    let Some(upstream) = shared("upstream") else {
        println!("skipped: ../shared/upstream is absent (the full upstream spec snapshot)");
        return;
    };
    let text = std::fs::read_to_string(upstream.join("zh/aitoearn.openapi.json"))
        .expect("read the upstream spec");
    let mut spec: Value = serde_json::from_str(&text).expect("the upstream spec is JSON");
    let before = SpecDir::new(&spec);
    let released = generate_dir(&before.dir, None).expect("the upstream spec generates");
    let lock = released.normalized.type_lock();
    assert!(
        lock.is_standalone("Pagination"),
        "the release's lock keeps `Pagination` as a type"
    );

    let schemas = spec["components"]["schemas"]
        .as_object_mut()
        .expect("components");
    let pagination = schemas["ChannelWorkListVo"]["properties"]["pagination"].clone();
    assert!(
        pagination["oneOf"].is_array(),
        "the work list's pagination is inline"
    );
    for holder in ["AaaFeedVo", "AaaNoteVo", "AaaTrendVo"] {
        schemas.insert(
            holder.into(),
            json!({"type": "object", "properties": {"paging": pagination.clone()}}),
        );
    }
    let page_member = schemas["ChannelCommentListVo"]["properties"]["pagination"]["oneOf"]
        .as_array_mut()
        .and_then(|members| {
            members
                .iter_mut()
                .find(|m| m.pointer("/properties/page").is_some())
        })
        .expect("the comment list's pagination has a page member");
    page_member["properties"]["offset"] = json!({"type": "integer"});
    // The streamed Gemini body's `parts` take one more member: the other
    // body's place is the only one left with the shape `Parts` names.
    let stream_parts = "/paths/~1api~1ai~1v1beta~1models~1{model}:streamGenerateContent/post\
        /requestBody/content/application~1json/schema/properties/contents/items/properties/parts\
        /items/anyOf";
    spec.pointer_mut(stream_parts)
        .and_then(Value::as_array_mut)
        .expect("the streamed Gemini body's parts are an anyOf")
        .push(json!({"type": "object", "properties": {"fileUri": {"type": "string"}}, "required": ["fileUri"]}));

    // The rule alone names the shape after its most frequent holder now.
    let unlocked = SpecDir::new(&spec);
    let unlocked = generate_dir(&unlocked.dir, None).expect("the changed spec generates");
    let unlocked_types = &unlocked.normalized.shared_unions.types;
    assert!(
        unlocked_types.iter().any(|t| t == "Paging")
            && !unlocked_types.iter().any(|t| t == "Pagination"),
        "{unlocked_types:?}"
    );

    let locked = SpecDir::new(&spec);
    std::fs::write(locked.dir.join(TypeLock::FILE), lock.render()).expect("write the lock");
    let generated = generate_dir(&locked.dir, None).expect("the changed spec generates locked");
    let normalized = &generated.normalized;
    let types = &normalized.shared_unions.types;
    let aliases = alias_map(&normalized.shared_unions.aliases);
    for name in &released.normalized.shared_unions.types {
        assert!(
            types.contains(name),
            "`{name}` is no longer a type: {types:?}"
        );
        assert!(
            !aliases.contains_key(name.as_str()),
            "`{name}` became an alias"
        );
    }
    for holder in ["AaaFeedVo", "AaaNoteVo", "AaaTrendVo"] {
        let name = format!("{holder}Paging");
        assert_eq!(aliases.get(name.as_str()), Some(&"Pagination"), "{name}");
    }
    // Each locked alias is still an alias of its type, or (its shape
    // changed) a type of its own: the comment list's pagination.
    for (alias, target) in &alias_map(&released.normalized.shared_unions.aliases) {
        if [
            "ChannelCommentListVoPagination",
            "RelayControllerGeminiStreamGenerateContentBodyContentsItemPartsItem",
        ]
        .contains(alias)
        {
            assert!(
                !aliases.contains_key(alias),
                "`{alias}` kept a changed shape's type"
            );
        } else {
            assert_eq!(
                aliases.get(alias),
                Some(target),
                "`{alias}` changed its type"
            );
        }
    }
    let raw = generated
        .files
        .iter()
        .find(|f| f.name == "raw.rs")
        .expect("raw.rs");
    for name in [
        "Pagination",
        "ChannelCommentListVoPagination",
        "Parts",
        "RelayControllerGeminiStreamGenerateContentBodyContentsItemPartsItem",
    ] {
        assert!(
            raw.contents.contains(&format!("pub enum {name} {{")),
            "`{name}` is not generated as an enum"
        );
    }
    let union_warnings: Vec<_> = normalized
        .warnings
        .iter()
        .filter(|w| w.message.contains("union shape"))
        .collect();
    assert!(union_warnings.is_empty(), "{union_warnings:?}");
}

/// The names of the types in a generated file's `types` module (raw.rs) or
/// the type aliases it declares (open_enums.rs).
fn declared_types(generated: &aitoearn_codegen::Generated) -> Vec<String> {
    let mut out = Vec::new();
    for file in &generated.files {
        let parsed: syn::File = syn::parse_str(&file.contents).expect("a generated file parses");
        let mut items: Vec<&syn::Item> = parsed.items.iter().collect();
        while let Some(item) = items.pop() {
            match item {
                syn::Item::Mod(m) => items.extend(m.content.iter().flat_map(|(_, i)| i)),
                syn::Item::Struct(s) => out.push(s.ident.to_string()),
                syn::Item::Enum(e) => out.push(e.ident.to_string()),
                syn::Item::Type(t) => out.push(t.ident.to_string()),
                _ => {}
            }
        }
    }
    out
}

#[test]
fn types_inside_a_union_keep_their_names_when_upstream_repeats_the_union() {
    // typify names the member's `file` object after the union's place
    // (`AVoImageVariant1File`).
    let image = json!({"oneOf": [
        {"type": "object", "required": ["url"], "properties": {
            "url": {"type": "string"}, "width": {"type": "integer"}}},
        {"type": "object", "required": ["file"], "properties": {"name": {"type": "string"},
            "file": {"type": "object", "properties": {
                "id": {"type": "string"}, "size": {"type": "integer"}}}}}
    ]});
    let spec = |holders: &[&str]| {
        let schemas: serde_json::Map<String, Value> = holders
            .iter()
            .map(|h| {
                let schema = json!({"type": "object", "properties": {"image": image.clone()}});
                (h.to_string(), schema)
            })
            .collect();
        let paths: serde_json::Map<String, Value> = holders
            .iter()
            .map(|h| {
                let op = json!({"get": {"operationId": format!("Get{h}"), "responses": {"200": {
                    "description": "ok", "content": {"application/json": {"schema": {
                        "$ref": format!("#/components/schemas/{h}")}}}}}}});
                (format!("/{h}"), op)
            })
            .collect();
        json!({"openapi": "3.0.1", "info": {"title": "t", "version": "1"},
               "paths": paths, "components": {"schemas": schemas}})
    };
    let one_place = SpecDir::new(&spec(&["AVo"]));
    let before = generate_dir(&one_place.dir, None).expect("one place generates");
    let inner: Vec<String> = declared_types(&before)
        .into_iter()
        .filter(|n| n.starts_with("AVoImage") && n != "AVoImage")
        .collect();
    assert!(
        !inner.is_empty(),
        "typify names types inside the union: {:?}",
        declared_types(&before)
    );

    let two_places = SpecDir::new(&spec(&["AVo", "BVo"]));
    let after = generate_dir(&two_places.dir, None).expect("two places generate");
    assert_eq!(
        alias_map(&after.normalized.shared_unions.aliases).get("AVoImage"),
        Some(&"Image"),
        "the union is shared now"
    );
    let declared = declared_types(&after);
    for name in &inner {
        assert!(declared.contains(name), "`{name}` is gone: {declared:?}");
    }
}
