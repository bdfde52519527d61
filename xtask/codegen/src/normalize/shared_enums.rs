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
//! canonical type, so code naming it keeps compiling.
//!
//! The rules above name a set as it is today, and a place upstream adds can
//! change their answer (a new place's name sorts first, or its holder name
//! wins), which would turn a type callers construct and match into an alias
//! (a type alias of a tuple struct cannot construct it). So a spec directory's
//! [`TypeLock`] (`type-names.txt`) comes first: a set whose places the lock
//! names keeps the lock's types (a member listed as a type of its own, or the
//! type a member is a locked alias of; the one most places use is the one new
//! places become aliases of), and a locked alias stays an alias of its type
//! when both have the same values. Two locked types that come to share a
//! value set both stay types of their own. The rules never give a set a name
//! the lock keeps for another set; a locked name the spec no longer produces
//! is simply not generated. A value set used in one
//! place keeps its place-derived name. The spec keeps its components (each
//! member of a set is generated as the canonical type through progenitor's
//! type replacement), so the examples and the surface listing still see them.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::plan::{OpenEnum, OpenEnumKind, TypeAlias};
use crate::naming;
use crate::schema::walk::Position;
use crate::schema::{component_name, component_names, ref_target};
use crate::type_lock::TypeLock;

/// Type names a canonical enum never takes: they would shadow a name the
/// generated module or the prelude already uses.
pub(crate) const RESERVED: &[&str] = &[
    "Self", "Error", "Result", "Client", "Value", "Option", "String", "Vec", "Box", "Unknown",
    "Default",
];

/// Group `enums` (as hoisted) by value set, and return the canonical enums
/// (every set's one type, sets used once included, in name order) and the
/// aliases for the place-derived names they replace. `published` holds the
/// component names of the spec as published, before any pass added some;
/// `lock` the names callers already use ([`TypeLock`]; empty: the rule alone).
pub fn unify(
    spec: &Value,
    enums: Vec<OpenEnum>,
    published: &BTreeSet<String>,
    lock: &TypeLock,
) -> (Vec<OpenEnum>, Vec<TypeAlias>) {
    let holders = holder_names(spec);
    let groups = ordered_groups(enums, |e| value_set_key(&e.kind), |e| e.name.clone());
    // The names the lock keeps for each set; the rule never gives one of
    // them to another set.
    let locked: Vec<Vec<String>> = groups.iter().map(|g| locked_names(g, lock)).collect();
    let kept_by_lock: BTreeSet<String> = locked.iter().flatten().cloned().collect();

    // Every component name (members of shared sets included: a set's own
    // members are checked separately) is taken.
    let components = component_names(spec);
    let mut claimed: BTreeSet<String> = BTreeSet::new();
    let mut out = Vec::new();
    let mut aliases = Vec::new();
    for (group, locked) in groups.into_iter().zip(locked) {
        let members: BTreeSet<&str> = group.iter().map(|e| e.name.as_str()).collect();
        let free = |name: &str| {
            !claimed.contains(name)
                && !RESERVED.contains(&name)
                && (members.contains(name) || !components.contains(name))
        };
        let locked: Vec<String> = locked.into_iter().filter(|n| free(n)).collect();
        if locked.is_empty() && group.len() == 1 {
            out.extend(group);
            continue;
        }
        let names = if locked.is_empty() {
            let by_rule = |name: &str| free(name) && !kept_by_lock.contains(name);
            let members: Vec<String> = group.iter().map(|e| e.name.clone()).collect();
            vec![rule_name(&members, &holders, published, by_rule)]
        } else {
            locked
        };
        claimed.extend(names.iter().cloned());
        let (types, group_aliases) = name_group(group, &names, lock);
        out.extend(types);
        aliases.extend(group_aliases);
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    aliases.sort_by(|a, b| a.name.cmp(&b.name));
    (out, aliases)
}

/// `items` grouped by `key`, each group sorted by `name`, the groups ordered
/// by size (most first), then by their first name: the order in which sets
/// (and union shapes, [`super::shared_unions`]) claim names.
pub(crate) fn ordered_groups<T>(
    items: Vec<T>,
    key: impl Fn(&T) -> String,
    name: impl Fn(&T) -> String,
) -> Vec<Vec<T>> {
    let mut by_key: BTreeMap<String, Vec<T>> = BTreeMap::new();
    for item in items {
        by_key.entry(key(&item)).or_default().push(item);
    }
    let mut groups: Vec<Vec<T>> = by_key.into_values().collect();
    for g in &mut groups {
        g.sort_by_key(|x| name(x));
    }
    groups.sort_by(|a, b| {
        b.len()
            .cmp(&a.len())
            .then_with(|| name(&a[0]).cmp(&name(&b[0])))
    });
    groups
}

/// The names the lock keeps as types of their own for one value set: its
/// members listed as types, and the types its members are locked aliases of.
/// Most places first (the type new places become aliases of), then by name.
fn locked_names(group: &[OpenEnum], lock: &TypeLock) -> Vec<String> {
    let members: Vec<&str> = group.iter().map(|e| e.name.as_str()).collect();
    locked_member_names(&members, lock)
}

/// [`locked_names`] for the place-derived names of a set (shared with
/// [`super::shared_unions`]).
pub(crate) fn locked_member_names(members: &[&str], lock: &TypeLock) -> Vec<String> {
    let mut votes: BTreeMap<&str, usize> = BTreeMap::new();
    for name in members {
        let kept = if lock.is_standalone(name) {
            Some(*name)
        } else {
            lock.alias_target(name).filter(|t| lock.is_standalone(t))
        };
        if let Some(name) = kept {
            *votes.entry(name).or_default() += 1;
        }
    }
    let mut ranked: Vec<(&str, usize)> = votes.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    ranked.into_iter().map(|(n, _)| n.to_string()).collect()
}

/// The canonical name of a shared set no lock names (the rules in the module
/// doc); `free` says which names are available.
///
/// Shared with [`super::shared_unions`]: `members` are the place-derived
/// names of the set (sorted), `holders` what holds each of them.
pub(crate) fn rule_name(
    members: &[String],
    holders: &BTreeMap<String, BTreeMap<String, usize>>,
    published: &BTreeSet<String>,
    free: impl Fn(&str) -> bool,
) -> String {
    let by_component = members
        .iter()
        .find(|n| published.contains(*n) && free(n))
        .cloned();
    let by_holder = || {
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        for member in members {
            for (holder, n) in holders.get(member).into_iter().flatten() {
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
    by_component
        .or_else(by_holder)
        .unwrap_or_else(|| members[0].clone())
}

/// One value set's types (`names`, the first the one new places name) and
/// the aliases of its other members: a member the lock makes an alias of one
/// of `names` stays that; any other names the first.
fn name_group(
    group: Vec<OpenEnum>,
    names: &[String],
    lock: &TypeLock,
) -> (Vec<OpenEnum>, Vec<TypeAlias>) {
    let target_of = |member: &str| {
        lock.alias_target(member)
            .filter(|t| names.iter().any(|n| n == t))
            .unwrap_or(&names[0])
            .to_string()
    };
    let aliases: Vec<TypeAlias> = group
        .iter()
        .filter(|e| !names.contains(&e.name))
        .map(|e| TypeAlias {
            name: e.name.clone(),
            target: target_of(&e.name),
        })
        .collect();
    let types = names
        .iter()
        .map(|name| {
            let own: Vec<&TypeAlias> = aliases.iter().filter(|a| &a.target == name).collect();
            let source = group
                .iter()
                .find(|e| &e.name == name)
                .or_else(|| group.iter().find(|e| own.iter().any(|a| a.name == e.name)))
                .unwrap_or(&group[0]);
            if group.len() == 1 && source.name == *name {
                return source.clone();
            }
            let description = source
                .description
                .clone()
                .or_else(|| group.iter().find_map(|e| e.description.clone()))
                .map(|d| format!("{d}\n\n"))
                .unwrap_or_default();
            let mut doc = format!(
                "{description}One type for the value set the spec uses in {}",
                places(group.len())
            );
            if !own.is_empty() {
                let list: Vec<String> = own.iter().map(|a| format!("`{}`", a.name)).collect();
                doc.push_str(&format!(
                    "; their place-derived names are aliases of it: {}",
                    list.join(", ")
                ));
            }
            doc.push('.');
            let others: Vec<String> = names
                .iter()
                .filter(|n| *n != name)
                .map(|n| format!("`{n}`"))
                .collect();
            if !others.is_empty() {
                doc.push_str(&format!(
                    " The type-name lock keeps {} too: the same values, a separate type.",
                    others.join(", ")
                ));
            }
            OpenEnum {
                name: name.clone(),
                description: Some(doc),
                kind: source.kind.clone(),
            }
        })
        .collect();
    (types, aliases)
}

/// `1 place`, `3 places`.
fn places(n: usize) -> String {
    if n == 1 {
        "1 place".into()
    } else {
        format!("{n} places")
    }
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
    for root in crate::schema::locate::schema_roots(spec) {
        let Some(schema) = spec.pointer(&root) else {
            continue;
        };
        // A parameter's schema is held by the parameter's name.
        let parameter = root
            .strip_suffix("/schema")
            .and_then(|parent| spec.pointer(parent))
            .filter(|p| p.get("in").is_some())
            .and_then(|p| p.get("name"))
            .and_then(Value::as_str);
        count_holders(schema, parameter, &mut out, 0);
    }
    out
}

fn count_holders(
    schema: &Value,
    holder: Option<&str>,
    out: &mut BTreeMap<String, BTreeMap<String, usize>>,
    depth: usize,
) {
    if depth > 64 {
        return;
    }
    if let (Some(target), Some(holder)) = (ref_target(schema).and_then(component_name), holder) {
        *out.entry(target)
            .or_default()
            .entry(holder.to_string())
            .or_default() += 1;
    }
    crate::schema::walk::positions(schema, &mut |_, position, child| {
        let child_holder = match &position {
            Position::Property(name) => Some(name.as_str()),
            Position::Items | Position::AdditionalProperties | Position::Member(..) => holder,
            Position::Other => None,
        };
        count_holders(child, child_holder, out, depth + 1);
    });
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
        let (out, aliases) = unify(&spec(), enums, &BTreeSet::new(), &TypeLock::default());
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
        let (out, aliases) = unify(&spec(), enums, &published, &TypeLock::default());
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
        let (out, aliases) = unify(&spec(), enums, &BTreeSet::new(), &TypeLock::default());
        assert_eq!(out[0].name, "RecordVoStatus");
        assert_eq!(
            aliases,
            [TypeAlias {
                name: "WorkVoStatus".into(),
                target: "RecordVoStatus".into()
            }]
        );
    }

    fn pairs(aliases: &[TypeAlias]) -> Vec<(&str, &str)> {
        aliases
            .iter()
            .map(|a| (a.name.as_str(), a.target.as_str()))
            .collect()
    }

    fn names(enums: &[OpenEnum]) -> Vec<&str> {
        enums.iter().map(|e| e.name.as_str()).collect()
    }

    #[test]
    fn a_locked_type_stays_a_type_when_a_place_that_would_win_appears() {
        // Before: `RecordVoStatus` alone holds the set, a type of its own.
        // Upstream adds `AuditVoStatus` and `WorkVoStatus` with the same
        // values; `AuditVoStatus` sorts first and would name the set.
        let enums = || {
            vec![
                string_enum("AuditVoStatus", &["p", "q"], None),
                string_enum("RecordVoStatus", &["q", "p"], Some("状态")),
                string_enum("WorkVoStatus", &["p", "q"], None),
            ]
        };
        let (out, aliases) = unify(&spec(), enums(), &BTreeSet::new(), &TypeLock::default());
        assert_eq!(names(&out), ["AuditVoStatus"]);
        assert_eq!(
            pairs(&aliases),
            [
                ("RecordVoStatus", "AuditVoStatus"),
                ("WorkVoStatus", "AuditVoStatus")
            ]
        );

        let lock = TypeLock::new(["RecordVoStatus"], [] as [(&str, &str); 0]);
        let (out, aliases) = unify(&spec(), enums(), &BTreeSet::new(), &lock);
        assert_eq!(names(&out), ["RecordVoStatus"]);
        assert_eq!(out[0].kind, string_enum("X", &["q", "p"], None).kind);
        assert_eq!(
            out[0].description.as_deref(),
            Some(
                "状态\n\nOne type for the value set the spec uses in 3 places; their \
                 place-derived names are aliases of it: `AuditVoStatus`, `WorkVoStatus`."
            )
        );
        assert_eq!(
            pairs(&aliases),
            [
                ("AuditVoStatus", "RecordVoStatus"),
                ("WorkVoStatus", "RecordVoStatus")
            ]
        );
    }

    #[test]
    fn a_locked_place_name_wins_over_the_holder_name() {
        // The rule would call the platform set `Platform` (its holder name).
        let platforms = ["douyin", "xhs"];
        let enums = vec![
            string_enum("RecordVoAccountType", &platforms, None),
            string_enum("ListWorksPlatform", &platforms, None),
            string_enum("WorkVoPlatform", &platforms, None),
        ];
        let lock = TypeLock::new(
            ["WorkVoPlatform"],
            [("ListWorksPlatform", "WorkVoPlatform")],
        );
        let (out, aliases) = unify(&spec(), enums, &BTreeSet::new(), &lock);
        assert_eq!(names(&out), ["WorkVoPlatform"]);
        assert_eq!(
            pairs(&aliases),
            [
                ("ListWorksPlatform", "WorkVoPlatform"),
                ("RecordVoAccountType", "WorkVoPlatform")
            ]
        );
    }

    #[test]
    fn two_locked_types_with_one_value_set_both_stay_types() {
        // `RecordVoStatus` gained a value and now equals `WorkVoStatus`'s set;
        // a new place goes to the type most places use.
        let enums = vec![
            string_enum("RecordVoStatus", &["p", "q"], None),
            string_enum("WorkVoStatus", &["p", "q"], None),
            string_enum("ListWorksPlatform", &["p", "q"], None),
            string_enum("RecordVoTagsItem", &["p", "q"], None),
        ];
        let lock = TypeLock::new(
            ["RecordVoStatus", "WorkVoStatus"],
            [("RecordVoTagsItem", "WorkVoStatus")],
        );
        let (out, aliases) = unify(&spec(), enums, &BTreeSet::new(), &lock);
        assert_eq!(names(&out), ["RecordVoStatus", "WorkVoStatus"]);
        assert_eq!(
            pairs(&aliases),
            [
                ("ListWorksPlatform", "WorkVoStatus"),
                ("RecordVoTagsItem", "WorkVoStatus")
            ]
        );
        let doc = out[0].description.as_deref().unwrap();
        assert!(
            doc.ends_with("in 4 places. The type-name lock keeps `WorkVoStatus` too: the same values, a separate type."),
            "{doc}"
        );
    }

    #[test]
    fn a_locked_alias_keeps_its_type_when_it_is_the_only_place_left() {
        // Upstream removed every other place of the platform set.
        let enums = vec![string_enum("WorkVoPlatform", &["douyin"], None)];
        let lock = TypeLock::new(["Platform"], [("WorkVoPlatform", "Platform")]);
        let (out, aliases) = unify(&spec(), enums.clone(), &BTreeSet::new(), &lock);
        assert_eq!(names(&out), ["Platform"]);
        assert_eq!(pairs(&aliases), [("WorkVoPlatform", "Platform")]);
        // Without the lock, a set used once keeps its place-derived name.
        let (out, aliases) = unify(&spec(), enums, &BTreeSet::new(), &TypeLock::default());
        assert_eq!(names(&out), ["WorkVoPlatform"]);
        assert!(aliases.is_empty());
    }

    #[test]
    fn the_rule_never_takes_a_name_the_lock_keeps_for_another_set() {
        // `Platform` is locked for the `x` set; the `y` set's holder name is
        // `platform` too, so it falls back to a place-derived name.
        let enums = vec![
            string_enum("ListWorksPlatform", &["y"], None),
            string_enum("WorkVoPlatform", &["y"], None),
            string_enum("RecordVoAccountType", &["x"], None),
        ];
        let lock = TypeLock::new(["Platform"], [("RecordVoAccountType", "Platform")]);
        let (out, aliases) = unify(&spec(), enums, &BTreeSet::new(), &lock);
        assert_eq!(names(&out), ["ListWorksPlatform", "Platform"]);
        assert_eq!(
            pairs(&aliases),
            [
                ("RecordVoAccountType", "Platform"),
                ("WorkVoPlatform", "ListWorksPlatform")
            ]
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
