//! Pass: one Rust type per union shape the spec repeats inline.
//!
//! Upstream writes some `oneOf`/`anyOf` unions inline in several places (the
//! list pagination, cursor/page/none keyed by `mode`, in two response types;
//! a Gemini request's `parts` in two bodies; an image given as a URL or a
//! list of URLs in six places), and typify makes each place a Rust type of
//! its own, named after the place (`ChannelWorkListVoPagination`,
//! `ChannelCommentListVoPagination`): the same shape, distinct types a
//! caller cannot pass one for the other.
//!
//! This pass finds every inline union at a place typify names (a property,
//! array items or map values, under a component or a request body; not a
//! component that is itself a union, which has its name, and not inside
//! another union's members), groups the places by shape, and moves each
//! shape used in two or more places into one component that every place
//! refers to. Two places have the same shape when the canonical JSON of
//! their schemas (object keys sorted) is equal once `description`, `title`,
//! `example`, `examples` and `default` are left out at every schema position
//! (through [`crate::schema::walk`], so a property named `description` stays),
//! the place's own `nullable` is left out, and each `$ref` to a shared enum's
//! place-derived name reads as the enum's type; values, property names,
//! `required`, `nullable` inside, and the members' order all count. The
//! comparison runs after the earlier passes (repairs, inner `$ref`s made
//! components, enums hoisted), on the spec as the generator reads it. The
//! component's name follows the shared enums' rules ([`super::shared_enums`]:
//! [`locked_member_names`], [`rule_name`], the same type lock first): a name
//! the lock keeps, else the PascalCase form of the property name that holds
//! the shape most often (`pagination` → `Pagination`), else the
//! alphabetically first place-derived name. The other place-derived names
//! stay available as type aliases of it, so code naming them keeps compiling;
//! so do the names of the types typify makes inside the union (see
//! `crate::generate::union_subtypes`).
//!
//! The lock is read as for enums, so that a name callers could have used
//! never turns from a type into an alias: every type the lock keeps for a
//! shape's places stays a type (two locked types that come to share a shape
//! are two components of one shape), a place stays an alias of its locked
//! type, and a new place becomes an alias of the type most places use. A
//! shape used in one place keeps its place-derived name, unless the lock
//! makes that name an alias of a union type (the shape's other places were
//! removed or changed shape upstream): then the type stays, and the name
//! stays its alias. When two shapes claim one locked type, the shape with
//! more places (then the first name) keeps it; the other's places become
//! types of their own (an alias turned type, which code naming it survives).
//! A shape for which no name is free stays a type per place, with a warning
//! at each place's pointer.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::plan::{OperationPlan, SharedUnions, TypeAlias};
use super::shared_enums::{locked_member_names, ordered_groups, rule_name, RESERVED};
use crate::error::Warning;
use crate::naming;
use crate::schema::keywords::ANNOTATIONS;
use crate::schema::walk::Position;
use crate::schema::{self, escape_pointer_token};
use crate::type_lock::TypeLock;

/// One inline union, where it stands.
struct Place {
    /// JSON pointer to it.
    pointer: String,
    /// The name typify gives it there.
    name: String,
    /// The property (or, for items and values, the property above) holding it.
    holder: Option<String>,
    /// Its shape, as compared.
    key: String,
}

/// Give each union shape used in several places one component; `enum_aliases`
/// are the shared enums' aliases (so that a place's enums compare as their
/// types), `published` the components of the spec as published, `taken`
/// type names already generated (open enums), `lock` the names callers use.
/// A shape left apart because no name is free is a warning at each place.
pub fn unify_unions(
    spec: &mut Value,
    operations: &[OperationPlan],
    enum_aliases: &[TypeAlias],
    published: &BTreeSet<String>,
    taken: &BTreeSet<String>,
    lock: &TypeLock,
) -> (SharedUnions, Vec<Warning>) {
    let enum_of: BTreeMap<&str, &str> = enum_aliases
        .iter()
        .map(|a| (a.name.as_str(), a.target.as_str()))
        .collect();
    let places = find_places(spec, operations, &enum_of);
    // Most places first, then by first name, as for shared enums.
    let groups: Vec<Vec<Place>> = ordered_groups(places, |p| p.key.clone(), |p| p.name.clone());
    let components = schema::component_names(spec);
    let locked: Vec<Vec<String>> = groups
        .iter()
        .map(|g| {
            let names: Vec<&str> = g.iter().map(|p| p.name.as_str()).collect();
            locked_member_names(&names, lock)
        })
        .collect();
    let kept_by_lock: BTreeSet<String> = locked.iter().flatten().cloned().collect();
    let mut claimed: BTreeSet<String> = BTreeSet::new();
    let mut out = SharedUnions::default();
    let mut warnings = Vec::new();
    for (group, locked) in groups.into_iter().zip(locked) {
        let members: Vec<String> = group.iter().map(|p| p.name.clone()).collect();
        let free = |name: &str| {
            !claimed.contains(name)
                && !RESERVED.contains(&name)
                && !components.contains(name)
                && !taken.contains(name)
        };
        let locked: Vec<String> = locked.into_iter().filter(|n| free(n)).collect();
        // A shape used once keeps its place-derived name, unless the lock
        // makes that name an alias of a union type (the shape's other places
        // went or changed): the type stays, the name stays its alias.
        if group.len() == 1 && locked.iter().all(|n| *n == members[0]) {
            continue;
        }
        let names = if locked.is_empty() {
            let mut holders: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
            for p in &group {
                if let Some(h) = &p.holder {
                    *holders
                        .entry(p.name.clone())
                        .or_default()
                        .entry(h.clone())
                        .or_default() += 1;
                }
            }
            let by_rule = |n: &str| free(n) && !kept_by_lock.contains(n);
            let name = rule_name(&members, &holders, published, by_rule);
            if !free(&name) {
                // Every candidate is taken: leave the places as they are.
                warnings.extend(group.iter().map(|p| {
                    Warning::at(
                        p.pointer.clone(),
                        format!(
                            "union shape used in {} places left as a type per place \
                             (this one `{}`): no free name for it (`{name}` is taken)",
                            group.len(),
                            p.name
                        ),
                    )
                }));
                continue;
            }
            vec![name]
        } else {
            locked
        };
        claimed.extend(names.iter().cloned());
        let targets: Vec<&str> = group.iter().map(|p| target_of(p, &names, lock)).collect();
        hoist(spec, &group, &names, &targets);
        out.aliases.extend(
            group
                .iter()
                .zip(&targets)
                .filter(|(p, _)| !names.contains(&p.name))
                .map(|(p, t)| TypeAlias {
                    name: p.name.clone(),
                    target: t.to_string(),
                }),
        );
        out.types.extend(names);
    }
    out.types.sort();
    out.aliases.sort_by(|a, b| a.name.cmp(&b.name));
    (out, warnings)
}

/// The type a place refers to, of its shape's `names` (the first the one new
/// places name): its own name when that is one of them, else the type the
/// lock makes it an alias of, else the first.
fn target_of<'a>(place: &Place, names: &'a [String], lock: &TypeLock) -> &'a str {
    let is = |n: &str| names.iter().find(|m| *m == n);
    is(&place.name)
        .or_else(|| lock.alias_target(&place.name).and_then(is))
        .unwrap_or(&names[0])
}

/// Move the shape into one component per name of `names` (from the first
/// place that refers to it) and make each place refer to its target in
/// `targets` (keeping a place's `nullable`).
fn hoist(spec: &mut Value, group: &[Place], names: &[String], targets: &[&str]) {
    for name in names {
        let source = group
            .iter()
            .zip(targets)
            .find(|(_, t)| **t == name.as_str())
            .map_or(&group[0], |(p, _)| p);
        let Some(mut component) = spec.pointer(&source.pointer).cloned() else {
            continue;
        };
        schema::take_nullable(&mut component);
        super::schemas_mut(spec).insert(name.clone(), component);
    }
    for (place, target) in group.iter().zip(targets) {
        let Some(slot) = spec.pointer_mut(&place.pointer) else {
            continue;
        };
        let reference = schema::ref_to_component(target);
        let nullable = schema::has_nullable_keyword(slot);
        let description = slot.get("description").cloned();
        let mut replacement = if nullable {
            schema::nullable_all_of(reference)
        } else {
            reference
        };
        if let (Some(d), true) = (description, nullable) {
            replacement["description"] = d;
        }
        *slot = replacement;
    }
}

/// Every inline union typify would name, under the components and the
/// request bodies.
fn find_places(
    spec: &Value,
    operations: &[OperationPlan],
    enum_of: &BTreeMap<&str, &str>,
) -> Vec<Place> {
    let mut out = Vec::new();
    if let Some(schemas) = spec
        .pointer("/components/schemas")
        .and_then(Value::as_object)
    {
        for (name, schema) in schemas {
            let at = format!("/components/schemas/{}", escape_pointer_token(name));
            visit_children(schema, &at, name, None, enum_of, &mut out);
        }
    }
    for op in operations {
        let method = op.http_method.to_ascii_lowercase();
        let op_at = schema::pointer(&["paths", &op.path, &method]);
        let Some(content) = spec
            .pointer(&format!("{op_at}/requestBody/content"))
            .and_then(Value::as_object)
        else {
            continue;
        };
        // progenitor names an inline body `<OperationId>Body`.
        let body_name = naming::type_name(&[&op.operation_id, "Body"]);
        for (media, m) in content {
            let Some(schema) = m.get("schema") else {
                continue;
            };
            let at = format!(
                "{op_at}/requestBody/content/{}/schema",
                escape_pointer_token(media)
            );
            visit_children(schema, &at, &body_name, None, enum_of, &mut out);
        }
    }
    out
}

/// Look at the named places under `schema` (called `name` by typify).
fn visit_children(
    schema: &Value,
    at: &str,
    name: &str,
    holder: Option<&str>,
    enum_of: &BTreeMap<&str, &str>,
    out: &mut Vec<Place>,
) {
    if is_union(schema) || schema::is_ref(schema) {
        return;
    }
    schema::walk::positions(schema, &mut |suffix, position, child| {
        let (child_name, child_holder) = match position {
            Position::Property(prop) => (naming::type_name(&[name, &prop]), Some(prop)),
            Position::Items => (
                naming::type_name(&[name, "Item"]),
                holder.map(str::to_string),
            ),
            Position::AdditionalProperties => (
                naming::type_name(&[name, "Value"]),
                holder.map(str::to_string),
            ),
            // Union members, `allOf` parts and the rest: typify names them
            // otherwise; not a place of this pass.
            Position::Member(..) | Position::Other => return,
        };
        let child_at = format!("{at}{suffix}");
        if is_union(child) && !schema::is_ref(child) {
            out.push(Place {
                pointer: child_at,
                name: child_name,
                holder: child_holder,
                key: shape_key(child, enum_of),
            });
        } else {
            visit_children(
                child,
                &child_at,
                &child_name,
                child_holder.as_deref(),
                enum_of,
                out,
            );
        }
    });
}

/// A `oneOf`/`anyOf` of two or more members that are not `null`.
fn is_union(schema: &Value) -> bool {
    schema::union_members(schema)
        .into_iter()
        .filter(|m| !schema::keywords::is_null_schema(&Value::Null, m))
        .count()
        >= 2
}

/// Whether two places' schemas have one shape as this pass compares them
/// (`enum_aliases`: the shared enums' aliases).
pub fn same_shape(a: &Value, b: &Value, enum_aliases: &[TypeAlias]) -> bool {
    let enum_of: BTreeMap<&str, &str> = enum_aliases
        .iter()
        .map(|a| (a.name.as_str(), a.target.as_str()))
        .collect();
    shape_key(a, &enum_of) == shape_key(b, &enum_of)
}

/// A schema's shape as compared: its own `nullable` left out (a place keeps
/// it on the reference), documentation left out at every schema position,
/// shared enums read as their types; canonical JSON of the rest.
fn shape_key(schema: &Value, enum_of: &BTreeMap<&str, &str>) -> String {
    let mut shape = schema.clone();
    schema::take_nullable(&mut shape);
    schema::walk::walk_mut(&mut shape, &mut |s| {
        let Some(m) = s.as_object_mut() else { return };
        for k in ANNOTATIONS {
            m.remove(k);
        }
        if let Some(target) = schema::ref_target_mut(s) {
            if let Some(enum_type) = schema::component_name(target)
                .as_deref()
                .and_then(|c| enum_of.get(c))
            {
                *target = schema::component_target(enum_type);
            }
        }
    });
    canonical(&shape)
}

/// JSON text with object keys sorted, whatever the map's order.
fn canonical(v: &Value) -> String {
    match v {
        Value::Object(m) => {
            let sorted: BTreeMap<&String, String> =
                m.iter().map(|(k, v)| (k, canonical(v))).collect();
            let parts: Vec<String> = sorted
                .into_iter()
                .map(|(k, v)| format!("{}:{v}", Value::from(k.as_str())))
                .collect();
            format!("{{{}}}", parts.join(","))
        }
        Value::Array(items) => {
            let parts: Vec<String> = items.iter().map(canonical).collect();
            format!("[{}]", parts.join(","))
        }
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn union(extra: &str) -> Value {
        json!({"oneOf": [
            {"type": "object", "properties": {"mode": {"type": "string", "enum": ["cursor"]}, "cursor": {"type": "string"}}, "required": ["mode"]},
            {"type": "object", "properties": {"mode": {"type": "string", "enum": ["page"]}, "page": {"type": "integer"}, extra: {"type": "string"}}, "required": ["mode"]}
        ], "description": "Pagination"})
    }

    fn spec(a: Value, b: Value) -> Value {
        json!({"openapi": "3.0.1", "info": {"title": "t", "version": "1"}, "paths": {}, "components": {"schemas": {
            "WorkListVo": {"type": "object", "properties": {"pagination": a, "items": {"type": "array", "items": {"type": "string"}}}},
            "CommentListVo": {"type": "object", "properties": {"pagination": b}}
        }}})
    }

    fn run(spec: &mut Value, lock: &TypeLock) -> SharedUnions {
        let (out, warnings) =
            unify_unions(spec, &[], &[], &BTreeSet::new(), &BTreeSet::new(), lock);
        assert_eq!(warnings, []);
        out
    }

    fn pairs(aliases: &[TypeAlias]) -> Vec<(&str, &str)> {
        aliases
            .iter()
            .map(|a| (a.name.as_str(), a.target.as_str()))
            .collect()
    }

    fn refers(s: &Value, holder: &str) -> Value {
        s["components"]["schemas"][holder]["properties"]["pagination"].clone()
    }

    fn reference(name: &str) -> Value {
        json!({"$ref": format!("#/components/schemas/{name}")})
    }

    fn pagination_lock() -> TypeLock {
        TypeLock::new(
            ["Pagination"],
            [
                ("WorkListVoPagination", "Pagination"),
                ("CommentListVoPagination", "Pagination"),
                ("FeedVoPagination", "Pagination"),
            ],
        )
    }

    #[test]
    fn a_place_the_lock_aliases_keeps_its_type_when_it_is_the_only_place_left() {
        // Upstream dropped the comment list's pagination: the work list's
        // place is alone, and the `Pagination` callers use stays a type.
        let mut s = spec(union("size"), json!({"type": "string"}));
        let out = run(&mut s, &pagination_lock());
        assert_eq!(out.types, ["Pagination"]);
        assert_eq!(
            pairs(&out.aliases),
            [("WorkListVoPagination", "Pagination")]
        );
        assert_eq!(refers(&s, "WorkListVo"), reference("Pagination"));
    }

    #[test]
    fn a_locked_alias_whose_shape_changed_leaves_the_type_to_the_others() {
        // The comment list's pagination changed shape upstream: the shape
        // most places keep stays `Pagination`, the changed place is a type
        // of its own (an alias turned type, never the other way round).
        let mut s = spec(union("size"), union("offset"));
        s["components"]["schemas"]["FeedVo"] =
            json!({"type": "object", "properties": {"pagination": union("size")}});
        let out = run(&mut s, &pagination_lock());
        assert_eq!(out.types, ["Pagination"]);
        assert_eq!(
            pairs(&out.aliases),
            [
                ("FeedVoPagination", "Pagination"),
                ("WorkListVoPagination", "Pagination")
            ]
        );
        assert_eq!(refers(&s, "WorkListVo"), reference("Pagination"));
        assert!(refers(&s, "CommentListVo")["oneOf"].is_array());
    }

    #[test]
    fn a_shape_used_once_that_the_lock_does_not_alias_stays_in_place() {
        let mut s = spec(union("size"), union("offset"));
        let lock = TypeLock::new(["WorkListVoPagination"], [] as [(&str, &str); 0]);
        let before = s.clone();
        assert_eq!(run(&mut s, &lock), SharedUnions::default());
        assert_eq!(s, before);
    }

    #[test]
    fn two_locked_types_that_come_to_share_a_shape_both_stay_types() {
        let mut s = spec(union("size"), union("size"));
        s["components"]["schemas"]["FeedVo"] =
            json!({"type": "object", "properties": {"pagination": union("size")}});
        let lock = TypeLock::new(
            ["WorkPagination", "CommentPagination"],
            [
                ("WorkListVoPagination", "WorkPagination"),
                ("CommentListVoPagination", "CommentPagination"),
            ],
        );
        let out = run(&mut s, &lock);
        assert_eq!(out.types, ["CommentPagination", "WorkPagination"]);
        // Each place keeps its type; the new place names the first by name
        // (one vote each).
        assert_eq!(
            pairs(&out.aliases),
            [
                ("CommentListVoPagination", "CommentPagination"),
                ("FeedVoPagination", "CommentPagination"),
                ("WorkListVoPagination", "WorkPagination"),
            ]
        );
        assert_eq!(refers(&s, "WorkListVo"), reference("WorkPagination"));
        assert_eq!(refers(&s, "CommentListVo"), reference("CommentPagination"));
        assert_eq!(refers(&s, "FeedVo"), reference("CommentPagination"));
        for t in ["WorkPagination", "CommentPagination"] {
            assert!(s["components"]["schemas"][t]["oneOf"].is_array(), "{t}");
        }
    }

    #[test]
    fn a_shape_with_no_free_name_stays_apart_with_a_warning_at_each_place() {
        let mut s = spec(union("size"), union("size"));
        let before = s.clone();
        let taken: BTreeSet<String> = ["Pagination", "CommentListVoPagination"]
            .map(String::from)
            .into();
        let (out, warnings) = unify_unions(
            &mut s,
            &[],
            &[],
            &BTreeSet::new(),
            &taken,
            &TypeLock::default(),
        );
        assert_eq!(out, SharedUnions::default());
        assert_eq!(s, before);
        let pointers: Vec<&str> = warnings.iter().map(|w| w.pointer.as_str()).collect();
        assert_eq!(
            pointers,
            [
                "/components/schemas/CommentListVo/properties/pagination",
                "/components/schemas/WorkListVo/properties/pagination"
            ]
        );
    }

    #[test]
    fn one_shape_in_two_places_is_one_type_and_the_place_names_alias_it() {
        let mut b = union("size");
        b["description"] = json!("another description: no difference");
        let mut s = spec(union("size"), b);
        let out = run(&mut s, &TypeLock::default());
        assert_eq!(out.types, ["Pagination"]);
        let aliases: Vec<(&str, &str)> = out
            .aliases
            .iter()
            .map(|a| (a.name.as_str(), a.target.as_str()))
            .collect();
        assert_eq!(
            aliases,
            [
                ("CommentListVoPagination", "Pagination"),
                ("WorkListVoPagination", "Pagination")
            ]
        );
        for holder in ["WorkListVo", "CommentListVo"] {
            assert_eq!(
                s["components"]["schemas"][holder]["properties"]["pagination"],
                json!({"$ref": "#/components/schemas/Pagination"})
            );
        }
        assert!(s["components"]["schemas"]["Pagination"]["oneOf"].is_array());
    }

    #[test]
    fn different_shapes_stay_apart() {
        let mut s = spec(union("size"), union("offset"));
        let before = s.clone();
        let out = run(&mut s, &TypeLock::default());
        assert_eq!(out, SharedUnions::default());
        assert_eq!(s, before);
    }

    #[test]
    fn a_name_the_lock_keeps_stays_the_type() {
        let mut s = spec(union("size"), union("size"));
        let lock = TypeLock::new(["WorkListVoPagination"], [] as [(&str, &str); 0]);
        let out = run(&mut s, &lock);
        assert_eq!(out.types, ["WorkListVoPagination"]);
        assert_eq!(out.aliases.len(), 1);
        assert_eq!(
            (out.aliases[0].name.as_str(), out.aliases[0].target.as_str()),
            ("CommentListVoPagination", "WorkListVoPagination")
        );
    }

    #[test]
    fn request_bodies_are_places_named_as_progenitor_names_them_and_nullable_stays() {
        let mut s = spec(json!({"type": "string"}), json!({"type": "string"}));
        let mut nullable = union("size");
        nullable["nullable"] = json!(true);
        s["paths"] = json!({"/a": {"post": {"operationId": "A_create", "requestBody": {"content": {"application/json": {"schema": {
            "type": "object", "properties": {"pagination": nullable}
        }}}}}}, "/b": {"post": {"operationId": "B_create", "requestBody": {"content": {"application/json": {"schema": {
            "type": "object", "properties": {"pagination": union("size")}
        }}}}}}});
        let ops = crate::normalize::operations::plan_operations(&s).unwrap();
        let (out, _) = unify_unions(
            &mut s,
            &ops,
            &[],
            &BTreeSet::new(),
            &BTreeSet::new(),
            &TypeLock::default(),
        );
        assert_eq!(out.types, ["Pagination"]);
        let names: Vec<&str> = out.aliases.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["ACreateBodyPagination", "BCreateBodyPagination"]);
        assert_eq!(
            s.pointer("/paths/~1a/post/requestBody/content/application~1json/schema/properties/pagination")
                .unwrap(),
            &json!({"allOf": [{"$ref": "#/components/schemas/Pagination"}], "nullable": true, "description": "Pagination"})
        );
    }
}
