//! Pass: one Rust type per shared enum value set.
//!
//! Upstream writes the same value set inline in many places (the platform
//! list appears 18 times), and [`super::enums::hoist_enums`] names each after
//! its place (`ChannelWorkListVoPlatform`, `ChannelPublishRecordVoAccountType`,
//! ...). This pass groups the hoisted enums by value set (same kind, same set
//! of values, order aside) and gives every set used in two or more places one
//! canonical type, named by the first rule that applies:
//!
//! 1. the spec's own component, when one of the places is an enum component
//!    of the published spec (the first such name in alphabetical order);
//! 2. the PascalCase form of the property or parameter name that holds the
//!    set most often (`platform` → `Platform`; ties go to the alphabetically
//!    first name), unless that name is already a type, reserved, or claimed by
//!    a set processed earlier (sets are processed by number of places, most
//!    first, then by their first place name);
//! 3. otherwise the alphabetically first place-derived name of the set.
//!
//! Every other place-derived name stays available as a type alias of the
//! canonical type, so code naming it keeps compiling. A value set used in one
//! place keeps its place-derived name. The spec keeps its components (each
//! member of a set is generated as the canonical type through progenitor's
//! type replacement), so the examples and the surface listing still see them.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::enums::{OpenEnum, OpenEnumKind};
use crate::naming;
use crate::schema::component_name;

/// A place-derived enum name kept as an alias of its set's canonical type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnumAlias {
    /// The alias (the place-derived name, `ChannelWorkListVoPlatform`).
    pub name: String,
    /// The canonical type it names (`Platform`).
    pub target: String,
}

/// Type names a canonical enum never takes: they would shadow a name the
/// generated module or the prelude already uses.
const RESERVED: &[&str] = &[
    "Self", "Error", "Result", "Client", "Value", "Option", "String", "Vec", "Box", "Unknown",
    "Default",
];

/// Group `enums` (as hoisted) by value set, and return the canonical enums
/// (every set's one type, sets used once included, in name order) and the
/// aliases for the place-derived names they replace. `published` holds the
/// component names of the spec as published, before any pass added some.
pub fn unify(
    spec: &Value,
    enums: Vec<OpenEnum>,
    published: &BTreeSet<String>,
) -> (Vec<OpenEnum>, Vec<EnumAlias>) {
    let holders = holder_names(spec);
    let mut groups: BTreeMap<String, Vec<OpenEnum>> = BTreeMap::new();
    for e in enums {
        groups.entry(value_set_key(&e.kind)).or_default().push(e);
    }
    let mut groups: Vec<Vec<OpenEnum>> = groups.into_values().collect();
    for g in &mut groups {
        g.sort_by(|a, b| a.name.cmp(&b.name));
    }
    groups.sort_by(|a, b| {
        b.len()
            .cmp(&a.len())
            .then_with(|| a[0].name.cmp(&b[0].name))
    });

    // Every component name (members of shared sets included: a set's own
    // members are checked separately) is taken.
    let components: BTreeSet<String> = spec
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default();
    let mut claimed: BTreeSet<String> = BTreeSet::new();
    let mut out = Vec::new();
    let mut aliases = Vec::new();
    for group in groups {
        if group.len() == 1 {
            out.extend(group);
            continue;
        }
        let members: BTreeSet<&str> = group.iter().map(|e| e.name.as_str()).collect();
        let free = |name: &str| {
            !claimed.contains(name)
                && !RESERVED.contains(&name)
                && (members.contains(name) || !components.contains(name))
        };
        let by_component = group
            .iter()
            .map(|e| e.name.clone())
            .find(|n| published.contains(n) && free(n));
        let by_holder = || {
            let mut counts: BTreeMap<String, usize> = BTreeMap::new();
            for e in &group {
                for (holder, n) in holders.get(&e.name).into_iter().flatten() {
                    *counts.entry(naming::type_name(&[holder])).or_default() += n;
                }
            }
            let mut ranked: Vec<(String, usize)> = counts.into_iter().collect();
            ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            ranked
                .into_iter()
                .map(|(name, _)| name)
                .next()
                .filter(|n| free(n))
        };
        let name = by_component
            .or_else(by_holder)
            .unwrap_or_else(|| group[0].name.clone());
        claimed.insert(name.clone());
        let source = group.iter().find(|e| e.name == name).unwrap_or(&group[0]);
        let places: Vec<String> = group
            .iter()
            .filter(|e| e.name != name)
            .map(|e| format!("`{}`", e.name))
            .collect();
        let description = source
            .description
            .clone()
            .or_else(|| group.iter().find_map(|e| e.description.clone()))
            .map(|d| format!("{d}\n\n"))
            .unwrap_or_default();
        out.push(OpenEnum {
            name: name.clone(),
            description: Some(format!(
                "{description}One type for the value set the spec uses in {} places; \
                 their place-derived names are aliases of it: {}.",
                group.len(),
                places.join(", ")
            )),
            kind: source.kind.clone(),
        });
        for e in &group {
            if e.name != name {
                aliases.push(EnumAlias {
                    name: e.name.clone(),
                    target: name.clone(),
                });
            }
        }
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    aliases.sort_by(|a, b| a.name.cmp(&b.name));
    (out, aliases)
}

/// A value set's identity: its kind and its values, sorted.
pub fn value_set_key(kind: &OpenEnumKind) -> String {
    let (tag, mut values): (&str, Vec<String>) = match kind {
        OpenEnumKind::String(v) => ("s", v.iter().map(|(value, _)| value.clone()).collect()),
        OpenEnumKind::Integer(v) => ("i", v.iter().map(i64::to_string).collect()),
        OpenEnumKind::Number(v) => ("n", v.iter().map(|f| f.to_bits().to_string()).collect()),
    };
    values.sort();
    values.dedup();
    // JSON keeps values containing separators apart.
    format!("{tag}{}", Value::from(values))
}

/// For every component referenced from a property or a parameter, how many
/// times each property or parameter name holds it (through `items`,
/// `allOf`/`oneOf`/`anyOf` and `additionalProperties` too).
fn holder_names(spec: &Value) -> BTreeMap<String, BTreeMap<String, usize>> {
    let mut out = BTreeMap::new();
    walk(spec, None, &mut out, 0);
    out
}

fn walk(
    v: &Value,
    holder: Option<&str>,
    out: &mut BTreeMap<String, BTreeMap<String, usize>>,
    depth: usize,
) {
    if depth > 64 {
        return;
    }
    match v {
        Value::Array(items) => {
            for item in items {
                walk(item, holder, out, depth + 1);
            }
        }
        Value::Object(map) => {
            if let (Some(target), Some(holder)) = (
                map.get("$ref")
                    .and_then(Value::as_str)
                    .and_then(component_name),
                holder,
            ) {
                *out.entry(target)
                    .or_default()
                    .entry(holder.to_string())
                    .or_default() += 1;
            }
            // A parameter: its schema is held by its name.
            let param_name = map.get("in").and(map.get("name")).and_then(Value::as_str);
            for (key, child) in map {
                match key.as_str() {
                    "example" | "examples" | "default" | "enum" => {}
                    k if k.starts_with("x-") => {}
                    "properties" => {
                        for (name, prop) in child.as_object().into_iter().flatten() {
                            walk(prop, Some(name), out, depth + 1);
                        }
                    }
                    "schema" if param_name.is_some() => walk(child, param_name, out, depth + 1),
                    "items" | "allOf" | "oneOf" | "anyOf" | "additionalProperties" => {
                        walk(child, holder, out, depth + 1)
                    }
                    _ => walk(child, None, out, depth + 1),
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn string_enum(name: &str, values: &[&str], description: Option<&str>) -> OpenEnum {
        let values: Vec<String> = values.iter().map(|s| s.to_string()).collect();
        let variants = naming::variant_names(&values);
        OpenEnum {
            name: name.into(),
            description: description.map(str::to_string),
            kind: OpenEnumKind::String(values.into_iter().zip(variants).collect()),
        }
    }

    fn spec() -> Value {
        let r = |n: &str| json!({"$ref": format!("#/components/schemas/{n}")});
        json!({"paths": {"/w/{platform}": {"get": {"parameters": [
                {"name": "platform", "in": "path", "schema": r("ListWorksPlatform")}
            ]}}},
            "components": {"schemas": {
                "RecordVo": {"type": "object", "properties": {
                    "accountType": r("RecordVoAccountType"),
                    "status": r("RecordVoStatus"),
                    "tags": {"type": "array", "items": r("RecordVoTagsItem")}
                }},
                "WorkVo": {"type": "object", "properties": {
                    "platform": {"allOf": [r("WorkVoPlatform")], "nullable": true},
                    "status": r("WorkVoStatus"),
                    "kind": r("Status")
                }},
                "Status": {"type": "string", "enum": ["x", "y", "z"]},
                "RecordVoAccountType": {}, "ListWorksPlatform": {}, "WorkVoPlatform": {},
                "RecordVoStatus": {}, "WorkVoStatus": {}, "RecordVoTagsItem": {}
            }}
        })
    }

    #[test]
    fn a_shared_set_gets_its_most_frequent_holder_name() {
        let platforms = ["douyin", "xhs"];
        let enums = vec![
            string_enum("RecordVoAccountType", &platforms, Some("账号平台")),
            string_enum("ListWorksPlatform", &["xhs", "douyin"], None),
            string_enum("WorkVoPlatform", &platforms, None),
            string_enum("RecordVoTagsItem", &["a", "b"], None),
        ];
        let (out, aliases) = unify(&spec(), enums, &BTreeSet::new());
        let names: Vec<&str> = out.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["Platform", "RecordVoTagsItem"]);
        let doc = out[0].description.as_deref().unwrap_or_default();
        assert!(doc.starts_with("账号平台\n\n"), "{doc}");
        assert!(doc.contains("`ListWorksPlatform`"), "{doc}");
        let pairs: Vec<(&str, &str)> = aliases
            .iter()
            .map(|a| (a.name.as_str(), a.target.as_str()))
            .collect();
        assert_eq!(
            pairs,
            [
                ("ListWorksPlatform", "Platform"),
                ("RecordVoAccountType", "Platform"),
                ("WorkVoPlatform", "Platform")
            ]
        );
    }

    #[test]
    fn a_published_component_names_its_set() {
        let enums = vec![
            string_enum("Status", &["x", "y", "z"], None),
            string_enum("RecordVoStatus", &["z", "y", "x"], None),
            string_enum("WorkVoStatus", &["x", "y", "z"], None),
        ];
        let published = BTreeSet::from(["Status".to_string()]);
        let (out, aliases) = unify(&spec(), enums, &published);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].name, "Status");
        assert!(aliases.iter().all(|a| a.target == "Status"));
        assert_eq!(aliases.len(), 2);
    }

    #[test]
    fn a_taken_holder_name_falls_back_to_a_place_name() {
        // `status` holds both sets, but a component is already called `Status`.
        let enums = vec![
            string_enum("RecordVoStatus", &["p", "q"], None),
            string_enum("WorkVoStatus", &["p", "q"], None),
        ];
        let (out, aliases) = unify(&spec(), enums, &BTreeSet::new());
        assert_eq!(out[0].name, "RecordVoStatus");
        assert_eq!(
            aliases,
            [EnumAlias {
                name: "WorkVoStatus".into(),
                target: "RecordVoStatus".into()
            }]
        );
    }

    #[test]
    fn kinds_and_value_sets_stay_apart() {
        let ints = OpenEnumKind::Integer(vec![1, 2]);
        let numbers = OpenEnumKind::Number(vec![1.0, 2.0]);
        assert_ne!(value_set_key(&ints), value_set_key(&numbers));
        let a = string_enum("A", &["1", "2"], None);
        assert_ne!(value_set_key(&a.kind), value_set_key(&ints));
        let b = string_enum("B", &["a,b"], None);
        let c = string_enum("C", &["a", "b"], None);
        assert_ne!(value_set_key(&b.kind), value_set_key(&c.kind));
    }
}
