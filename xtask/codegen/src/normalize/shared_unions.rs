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
//! refers to. Two places have the same shape when their schemas are equal
//! once `description`, `title`, `example`, `examples` and `default` are left
//! out at every schema position and each `$ref` to a shared enum's
//! place-derived name reads as the enum's type (values, property names,
//! `required` and the members' order all count). The component's name
//! follows the shared enums' rules ([`super::shared_enums`], the same type
//! lock first): a name the lock keeps, else the PascalCase form of the
//! property name that holds the shape most often (`pagination` →
//! `Pagination`), else the alphabetically first place-derived name. The
//! other place-derived names stay available as type aliases of it, so code
//! naming them keeps compiling.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Value};

use super::shared_enums::{locked_member_names, ordered_groups, rule_name, EnumAlias, RESERVED};
use super::OperationPlan;
use crate::naming;
use crate::schema::walk::Position;
use crate::schema::{self, escape_pointer_token};
use crate::type_lock::TypeLock;

/// What the pass made: the shared union types and the place-derived names
/// kept as aliases of them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SharedUnions {
    /// The one type of each repeated shape (a component of the spec).
    pub types: Vec<String>,
    /// Every other place-derived name, as an alias of its shape's type.
    pub aliases: Vec<EnumAlias>,
}

/// Keywords that say nothing about a value's shape.
const DOC_KEYWORDS: &[&str] = &["description", "title", "example", "examples", "default"];

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
pub fn unify_unions(
    spec: &mut Value,
    operations: &[OperationPlan],
    enum_aliases: &[EnumAlias],
    published: &BTreeSet<String>,
    taken: &BTreeSet<String>,
    lock: &TypeLock,
) -> SharedUnions {
    let enum_of: BTreeMap<&str, &str> = enum_aliases
        .iter()
        .map(|a| (a.name.as_str(), a.target.as_str()))
        .collect();
    let places = find_places(spec, operations, &enum_of);
    // Most places first, then by first name, as for shared enums.
    let groups: Vec<Vec<Place>> = ordered_groups(places, |p| p.key.clone(), |p| p.name.clone())
        .into_iter()
        .filter(|g| g.len() > 1)
        .collect();
    let components: BTreeSet<String> = spec
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default();
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
    for (group, locked) in groups.into_iter().zip(locked) {
        let members: Vec<String> = group.iter().map(|p| p.name.clone()).collect();
        let free = |name: &str| {
            !claimed.contains(name)
                && !RESERVED.contains(&name)
                && !components.contains(name)
                && !taken.contains(name)
        };
        let name = match locked.into_iter().find(|n| free(n)) {
            Some(name) => name,
            None => {
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
                    continue;
                }
                name
            }
        };
        claimed.insert(name.clone());
        hoist(spec, &group, &name);
        out.aliases
            .extend(members.iter().filter(|m| **m != name).map(|m| EnumAlias {
                name: m.clone(),
                target: name.clone(),
            }));
        out.types.push(name);
    }
    out.types.sort();
    out.aliases.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

/// Move the first place's schema into the component `name` and make every
/// place refer to it (keeping a place's `nullable`).
fn hoist(spec: &mut Value, group: &[Place], name: &str) {
    let Some(first) = spec.pointer(&group[0].pointer).cloned() else {
        return;
    };
    let mut component = first;
    if let Some(m) = component.as_object_mut() {
        m.remove("nullable");
    }
    super::schemas_mut(spec).insert(name.to_string(), component);
    let reference = json!({ "$ref": format!("#/components/schemas/{name}") });
    for place in group {
        let Some(slot) = spec.pointer_mut(&place.pointer) else {
            continue;
        };
        let nullable = slot.get("nullable").and_then(Value::as_bool) == Some(true);
        let description = slot.get("description").cloned();
        let mut replacement = if nullable {
            json!({ "allOf": [reference.clone()], "nullable": true })
        } else {
            reference.clone()
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
    if is_union(schema) || schema.get("$ref").is_some() {
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
        if is_union(child) && child.get("$ref").is_none() {
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
pub fn same_shape(a: &Value, b: &Value, enum_aliases: &[EnumAlias]) -> bool {
    let enum_of: BTreeMap<&str, &str> = enum_aliases
        .iter()
        .map(|a| (a.name.as_str(), a.target.as_str()))
        .collect();
    shape_key(a, &enum_of) == shape_key(b, &enum_of)
}

/// A schema's shape as compared: documentation and `nullable` left out at
/// every schema position, shared enums read as their types.
fn shape_key(schema: &Value, enum_of: &BTreeMap<&str, &str>) -> String {
    let mut shape = schema.clone();
    if let Some(m) = shape.as_object_mut() {
        m.remove("nullable");
    }
    schema::walk::walk_mut(&mut shape, &mut |s| {
        let Some(m) = s.as_object_mut() else { return };
        for k in DOC_KEYWORDS {
            m.remove(*k);
        }
        if let Some(Value::String(target)) = m.get_mut("$ref") {
            if let Some(enum_type) = schema::component_name(target)
                .as_deref()
                .and_then(|c| enum_of.get(c))
            {
                *target = format!("#/components/schemas/{enum_type}");
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
        unify_unions(spec, &[], &[], &BTreeSet::new(), &BTreeSet::new(), lock)
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
        let out = unify_unions(
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
