//! Page-numbered lists: which operations can be walked page by page, read
//! from the spec (never from a list of names).
//!
//! An operation is page-numbered when its request has an integer query
//! parameter `page` and its typed data is an object with an array `list` (or
//! `items`); its `totalPages` and `page`, when the data has them, bound the
//! walk and check the server's answer. The plan ([`PagePlan`]) lets the
//! generator give the request builder `.pages()` and `.into_stream()`.
//!
//! The items' Rust type must have a name the generator can write: an inline
//! item object becomes a component under the name typify gives the inline
//! type (`ListVideoTasksResponseVoListItem`), so no caller's type changes
//! name. A list the SDK cannot walk (no page parameter, a cursor the request
//! cannot send back) gets no paginator, and [`no_paginator_reasons`] says why
//! for the surface file.

use serde_json::Value;

use super::plan::{OperationPlan, PagePlan, ResponsePlan, RustType};
use super::schemas_mut;
use crate::error::Warning;
use crate::naming;
use crate::schema::walk::{child, property, Position};
use crate::schema::{self, component_name, deref, fold_all_of};

/// The names a page-numbered response gives its items, in the order tried.
const LIST_FIELDS: [&str; 2] = ["list", "items"];

/// Record a [`PagePlan`] on every page-numbered operation, naming inline item
/// types; a list whose item name is taken by another schema gets no plan and
/// a warning at the list.
pub fn plan_pagination(spec: &mut Value, operations: &mut [OperationPlan]) -> Vec<Warning> {
    let mut warnings = Vec::new();
    for op in operations.iter_mut() {
        let Some(found) = page_numbered(spec, op) else {
            continue;
        };
        let item = match found.item {
            Item::Typed(ty) => ty,
            Item::Inline(schema) => {
                let name = naming::type_name(&[&found.data_name, &found.list_field, "Item"]);
                let schemas = schemas_mut(spec);
                if schemas.contains_key(&name) {
                    warnings.push(Warning::at(
                        found.list_pointer,
                        format!(
                            "the items of `{}` would be named `{name}`, which another schema has; `{}` gets no paginator",
                            op.operation_id, op.method_name
                        ),
                    ));
                    continue;
                }
                schemas.insert(name.clone(), schema);
                let reference = schema::ref_to_component(&name);
                if let Some(items) = spec.pointer_mut(&format!("{}/items", found.list_pointer)) {
                    *items = reference;
                }
                RustType::Named(name)
            }
        };
        op.paging = Some(PagePlan {
            page_param: "page".into(),
            list_field: found.list_field,
            item,
            total_pages_field: found.total_pages_field,
            page_field: found.page_field,
        });
    }
    warnings
}

/// Why each list-like operation has no paginator: one line per operation
/// whose data holds an array of items but that cannot be walked.
pub fn no_paginator_reasons(spec: &Value, operations: &[OperationPlan]) -> Vec<String> {
    let mut out = Vec::new();
    for op in operations.iter().filter(|op| op.paging.is_none()) {
        let Some(data) = data_object(spec, op) else {
            continue;
        };
        let has_list = LIST_FIELDS.iter().any(|f| {
            property(&data, f)
                .map(|l| deref(spec, l))
                .and_then(|l| l.get("type"))
                .is_some_and(|t| t == "array")
        });
        if !has_list {
            continue;
        }
        let why = if query_parameter(spec, op, "page").is_some() {
            "its `page` parameter is not an integer"
        } else if has_property_named(&data, "nextCursor") {
            "its response gives a next cursor, but the request has no cursor parameter to send it back"
        } else {
            "its request has no `page` parameter"
        };
        out.push(format!("no paginator: {}(): {why}", op.method_name));
    }
    out
}

/// What [`page_numbered`] found.
struct Found {
    data_name: String,
    list_field: String,
    list_pointer: String,
    item: Item,
    total_pages_field: Option<String>,
    page_field: Option<String>,
}

enum Item {
    Typed(RustType),
    Inline(Value),
}

fn page_numbered(spec: &Value, op: &OperationPlan) -> Option<Found> {
    let ResponsePlan::Envelope(RustType::Named(data_name)) = &op.response else {
        return None;
    };
    if op.http_method != "GET" {
        return None;
    }
    let page = query_parameter(spec, op, "page")?;
    if page.get("type").and_then(Value::as_str) != Some("integer") {
        return None;
    }
    // The data component itself (not folded): an inline item is rewritten there.
    let component = format!(
        "/components/schemas/{}",
        schema::escape_pointer_token(data_name)
    );
    let data = spec.pointer(&component)?;
    let (list_field, list) = LIST_FIELDS.iter().find_map(|f| {
        let list = property(data, f)?;
        (deref(spec, list).get("type")? == "array").then_some((*f, list))
    })?;
    // Items behind a `$ref` to the list itself are not rewritten in place.
    if schema::is_ref(list) {
        return None;
    }
    let items = child(list, &Position::Items)?;
    let item = match schema::ref_target(items) {
        Some(target) => Item::Typed(RustType::Named(component_name(target)?)),
        None => match items.get("type").and_then(Value::as_str) {
            Some("string") if items.get("enum").is_none() && items.get("format").is_none() => {
                Item::Typed(RustType::Path("::std::string::String".into()))
            }
            Some("integer") if items.get("format").is_none() => {
                Item::Typed(RustType::Path("i64".into()))
            }
            Some("object") if items.get("properties").is_some() => Item::Inline(items.clone()),
            _ => return None,
        },
    };
    let integer = |name: &str| {
        property(data, name)
            .map(|p| deref(spec, p))
            .and_then(|p| p.get("type"))
            .is_some_and(|t| t == "integer" || t == "number")
            .then(|| name.to_string())
    };
    Some(Found {
        data_name: data_name.clone(),
        list_field: list_field.to_string(),
        list_pointer: format!(
            "{component}/properties/{}",
            schema::escape_pointer_token(list_field)
        ),
        item,
        total_pages_field: integer("totalPages"),
        page_field: integer("page"),
    })
}

/// The (dereferenced) schema of the operation's query parameter `name`.
fn query_parameter<'a>(spec: &'a Value, op: &OperationPlan, name: &str) -> Option<&'a Value> {
    let path_item = spec.get("paths")?.get(&op.path)?;
    let operation = path_item.get(op.http_method.to_ascii_lowercase())?;
    [operation.get("parameters"), path_item.get("parameters")]
        .into_iter()
        .flatten()
        .filter_map(Value::as_array)
        .flatten()
        .map(|p| deref(spec, p))
        .find(|p| {
            p.get("in") == Some(&Value::from("query")) && p.get("name") == Some(&Value::from(name))
        })
        .and_then(|p| p.get("schema"))
        .map(|s| deref(spec, s))
}

/// The operation's typed data as one object schema (`$ref`s followed,
/// `allOf` folded).
fn data_object(spec: &Value, op: &OperationPlan) -> Option<Value> {
    let data = op.data_schema.as_ref()?;
    Some(fold_all_of(spec, deref(spec, data)).into_owned())
}

/// Whether `schema` or a schema nested in it (inline) has a property named
/// `name`; descriptions and examples that mention the name do not count.
fn has_property_named(schema: &Value, name: &str) -> bool {
    let mut found = false;
    schema::walk(schema, &mut |node| {
        schema::walk::positions(node, &mut |_, position, _| {
            found |= matches!(position, Position::Property(p) if p == name);
        });
    });
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_next_cursor_is_a_property_not_a_mention() {
        let nested = json!({"type": "object", "properties": {"pagination": {
            "type": "object", "properties": {"nextCursor": {"type": "string"}}}}});
        assert!(has_property_named(&nested, "nextCursor"));
        let mentioned = json!({"type": "object", "description": "pass nextCursor back",
            "properties": {"list": {"type": "array", "items": {"type": "string"}}},
            "example": {"nextCursor": "c"}});
        assert!(!has_property_named(&mentioned, "nextCursor"));
    }

    fn op(data: &str) -> OperationPlan {
        let mut op = crate::normalize::plan::tests_support::plan("ListThings_v2");
        op.method_name = "list_things".into();
        op.path = "/things".into();
        op.response = ResponsePlan::Envelope(RustType::Named(data.into()));
        op.data_schema = Some(json!({"$ref": format!("#/components/schemas/{data}")}));
        op
    }

    fn spec(page: Value, data: Value) -> Value {
        json!({
            "paths": {"/things": {"get": {"parameters": [
                {"name": "page", "in": "query", "schema": page},
                {"name": "pageSize", "in": "query", "schema": {"type": "integer"}}
            ]}}},
            "components": {"schemas": {"ThingsData": data}}
        })
    }

    fn page_data(items: Value) -> Value {
        json!({"type": "object", "properties": {
            "list": {"type": "array", "items": items},
            "page": {"type": "integer"}, "totalPages": {"type": "integer"}
        }})
    }

    #[test]
    fn a_page_numbered_list_gets_a_plan_and_its_inline_items_a_name() {
        let item = json!({"type": "object", "properties": {"id": {"type": "string"}}});
        let mut spec = spec(json!({"type": "integer"}), page_data(item.clone()));
        let mut ops = [op("ThingsData")];
        assert!(plan_pagination(&mut spec, &mut ops).is_empty());
        assert_eq!(
            ops[0].paging,
            Some(PagePlan {
                page_param: "page".into(),
                list_field: "list".into(),
                item: RustType::Named("ThingsDataListItem".into()),
                total_pages_field: Some("totalPages".into()),
                page_field: Some("page".into()),
            })
        );
        assert_eq!(spec["components"]["schemas"]["ThingsDataListItem"], item);
        assert_eq!(
            spec["components"]["schemas"]["ThingsData"]["properties"]["list"]["items"],
            json!({"$ref": "#/components/schemas/ThingsDataListItem"})
        );
    }

    #[test]
    fn a_list_that_cannot_advance_gets_no_plan_and_a_reason() {
        // A cursor out, no cursor in.
        let data = json!({"type": "object", "properties": {
            "items": {"type": "array", "items": {"type": "string"}},
            "pagination": {"type": "object", "properties": {"nextCursor": {"type": "string"}}}
        }});
        let mut spec = json!({
            "paths": {"/things": {"get": {}}},
            "components": {"schemas": {"ThingsData": data}}
        });
        let mut ops = [op("ThingsData")];
        assert!(plan_pagination(&mut spec, &mut ops).is_empty());
        assert_eq!(ops[0].paging, None);
        assert_eq!(
            no_paginator_reasons(&spec, &ops),
            ["no paginator: list_things(): its response gives a next cursor, but the request has no cursor parameter to send it back"]
        );
        // A `page` that is not a number.
        let mut spec = spec_with_string_page();
        let mut ops = [op("ThingsData")];
        plan_pagination(&mut spec, &mut ops);
        assert_eq!(ops[0].paging, None);
        assert_eq!(
            no_paginator_reasons(&spec, &ops),
            ["no paginator: list_things(): its `page` parameter is not an integer"]
        );
    }

    fn spec_with_string_page() -> Value {
        spec(
            json!({"type": "string"}),
            page_data(json!({"type": "string"})),
        )
    }

    #[test]
    fn a_taken_item_name_is_a_warning_at_the_list() {
        let item = json!({"type": "object", "properties": {"id": {"type": "string"}}});
        let mut spec = spec(json!({"type": "integer"}), page_data(item));
        spec["components"]["schemas"]["ThingsDataListItem"] = json!({"type": "string"});
        let mut ops = [op("ThingsData")];
        let warnings = plan_pagination(&mut spec, &mut ops);
        assert_eq!(ops[0].paging, None);
        assert_eq!(
            warnings[0].pointer,
            "/components/schemas/ThingsData/properties/list"
        );
    }
}
