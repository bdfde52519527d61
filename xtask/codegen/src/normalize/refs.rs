//! Pass: a `$ref` that points *inside* a component becomes a `$ref` to a
//! component of its own.
//!
//! The construct: `{"$ref": "#/components/schemas/PlatformMetadataVo/properties/capabilities"}`,
//! valid JSON Reference but not a schema name. typify only resolves refs of
//! the form `#/components/schemas/NAME` and panics on anything deeper
//! (`$ref ... is missing`). The pass moves the target schema into a new
//! component (named like typify names an inline property type,
//! `PlatformMetadataVoCapabilities`), puts a `$ref` to it where the schema
//! was (so typify does not also generate the inline type under the same
//! name, which would be two conflicting impls, E0119), and rewrites every
//! ref to the target, or into it, to the new component.

use serde_json::Value;

use super::schemas_mut;
use crate::naming;
use crate::schema::{
    component_target, escape_pointer_token, ref_target, ref_target_mut, ref_to,
    unescape_pointer_token, walk_spec, walk_spec_mut, Composition,
};

/// Hoist the target of every deep component `$ref`, shortest target first,
/// until every schema ref names a component (of two of one length, the
/// first in text order). Returns the new components' names.
pub fn hoist_property_refs(spec: &mut Value) -> Vec<String> {
    let prefix = component_target("");
    let mut created = Vec::new();
    while let Some(target) = shortest_deep_ref(spec) {
        let Some(rest) = target.strip_prefix(&prefix) else {
            break;
        };
        let tokens: Vec<String> = rest.split('/').map(unescape_pointer_token).collect();
        let Some(schema) = spec.pointer(&json_pointer(&tokens)).cloned() else {
            // A dangling ref: validation reports those; stop rather than loop.
            break;
        };
        let name = unique_name(spec, &component_name(&tokens));
        schemas_mut(spec).insert(name.clone(), schema);
        let new_ref = component_target(&name);
        if let Some(slot) = spec.pointer_mut(&json_pointer(&tokens)) {
            *slot = ref_to(new_ref.as_str());
        }
        rewrite_refs(spec, &target, &new_ref);
        created.push(name);
    }
    created
}

fn json_pointer(tokens: &[String]) -> String {
    let mut out = String::from("/components/schemas");
    for t in tokens {
        out.push('/');
        out.push_str(&escape_pointer_token(t));
    }
    out
}

/// `PlatformMetadataVo/properties/mediaRules/properties/aspectRatio` →
/// `PlatformMetadataVoMediaRulesAspectRatio`.
fn component_name(tokens: &[String]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut iter = tokens.iter().peekable();
    while let Some(t) = iter.next() {
        match t.as_str() {
            "properties" => {}
            "items" => parts.push("Item".into()),
            "additionalProperties" => parts.push("Value".into()),
            other if Composition::named(other).is_some() => {
                if let Some(i) = iter.next() {
                    parts.push(format!("Variant{i}"));
                }
            }
            other => parts.push(other.to_string()),
        }
    }
    let refs: Vec<&str> = parts.iter().map(String::as_str).collect();
    naming::type_name(&refs)
}

fn unique_name(spec: &Value, base: &str) -> String {
    let taken = |n: &str| {
        spec.pointer(&format!("/components/schemas/{}", escape_pointer_token(n)))
            .is_some()
    };
    let mut name = base.to_string();
    let mut n = 1;
    while taken(&name) {
        n += 1;
        name = format!("{base}{n}");
    }
    name
}

/// The shortest schema `$ref` into a component (not to one), the first in
/// text order of those as short.
fn shortest_deep_ref(spec: &Value) -> Option<String> {
    let prefix = component_target("");
    let mut best: Option<String> = None;
    walk_spec(spec, &mut |s| {
        let Some(r) = ref_target(s) else { return };
        if r.strip_prefix(&prefix)
            .is_some_and(|rest| rest.contains('/'))
            && best.as_deref().is_none_or(|b| (r.len(), r) < (b.len(), b))
        {
            best = Some(r.to_string());
        }
    });
    best
}

/// Point schema refs to `old` (or into it) at `new` (or into it).
fn rewrite_refs(spec: &mut Value, old: &str, new: &str) {
    walk_spec_mut(spec, &mut |s| {
        let Some(r) = ref_target_mut(s) else { return };
        if r == old {
            *r = new.to_string();
        } else if let Some(rest) = r.strip_prefix(old).filter(|rest| rest.starts_with('/')) {
            *r = format!("{new}{rest}");
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn deep_refs_become_components_nested_ones_included() {
        let mut spec = json!({"paths": {"/p": {"get": {"responses": {"200": {"content": {"application/json": {"schema":
            {"type": "object", "properties": {
                "caps": {"$ref": "#/components/schemas/Meta/properties/capabilities"},
                "ratio": {"$ref": "#/components/schemas/Meta/properties/capabilities/properties/ratio"}
            }}}}}}}}},
            "components": {"schemas": {"Meta": {"type": "object", "properties": {
                "capabilities": {"type": "object", "properties": {"ratio": {"type": "string"}}}
            }}, "MetaCapabilities": {"type": "string"}}}});
        let created = hoist_property_refs(&mut spec);
        assert_eq!(created, ["MetaCapabilities2", "MetaCapabilities2Ratio"]);
        let schemas = &spec["components"]["schemas"];
        assert_eq!(
            schemas["Meta"]["properties"]["capabilities"],
            json!({"$ref": "#/components/schemas/MetaCapabilities2"})
        );
        assert_eq!(
            schemas["MetaCapabilities2"]["properties"]["ratio"],
            json!({"$ref": "#/components/schemas/MetaCapabilities2Ratio"})
        );
        assert_eq!(schemas["MetaCapabilities2Ratio"], json!({"type": "string"}));
        let props = &spec["paths"]["/p"]["get"]["responses"]["200"]["content"]["application/json"]
            ["schema"]["properties"];
        assert_eq!(
            props["caps"]["$ref"],
            "#/components/schemas/MetaCapabilities2"
        );
        assert_eq!(
            props["ratio"]["$ref"],
            "#/components/schemas/MetaCapabilities2Ratio"
        );
    }
}
