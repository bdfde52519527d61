//! One test per class of change.

use serde_json::{json, Value};
use xtask::diff::{compare, Class, Kind};

use super::*;

#[test]
fn identical_specs_have_no_drift() {
    let s = op_spec(
        json!([id_param()]),
        obj(json!({"a": {"type": "string"}}), &["a"]),
        json!({}),
        json!({}),
    );
    let report = compare(&s, &s);
    assert!(report.is_empty());
    assert_eq!(render::title(&report), "API drift: no changes");
}

#[test]
fn added_operations_are_non_breaking_and_removed_ones_breaking() {
    let old = op_spec(json!([id_param()]), json!({}), json!({}), json!({}));
    let mut new = old.clone();
    new["paths"]["/items"] = json!({"get": {"operationId": "ItemsController_list_v2", "summary": "List", "responses": {}}});
    let added = compare(&old, &new);
    assert_eq!(added.added.len(), 1);
    assert_eq!(added.added[0].label(), "GET /items");
    assert_eq!(added.breaking_count(), 0);
    let removed = compare(&new, &old);
    assert_eq!(removed.removed.len(), 1);
    assert_eq!(removed.breaking_count(), 1);
    assert_eq!(
        render::title(&removed),
        "API drift: -1 operation, 1 breaking"
    );
}

#[test]
fn renaming_a_path_parameter_is_the_same_operation() {
    let old = op_spec(json!([id_param()]), json!({}), json!({}), json!({}));
    let text = serde_json::to_string(&old)
        .unwrap()
        .replace("{id}", "{itemId}")
        .replace("\"name\":\"id\"", "\"name\":\"itemId\"");
    let new: Value = serde_json::from_str(&text).unwrap();
    assert!(compare(&old, &new).is_empty());
}

#[test]
fn operation_id_change_renames_the_sdk_method() {
    let old = op_spec(json!([id_param()]), json!({}), json!({}), json!({}));
    let mut new = old.clone();
    new["paths"]["/items/{id}"]["post"]["operationId"] = json!("ItemsController_edit_v2");
    assert_eq!(only(&compare(&old, &new)).1, Kind::OperationIdChanged);
    assert_eq!(only(&compare(&old, &new)).0, Class::Breaking);
    // A new version suffix keeps the method's name.
    let mut bumped = new.clone();
    bumped["paths"]["/items/{id}"]["post"]["operationId"] = json!("ItemsController_edit_v3");
    let c = only(&compare(&new, &bumped));
    assert_eq!((c.0, c.1), (Class::NonBreaking, Kind::OperationIdChanged));
}

#[test]
fn parameters() {
    let page = |req| query("page", req, json!({"type": "integer"}));
    let base = json!([id_param()]);
    let with = |p: Value| json!([id_param(), p]);
    assert_eq!(
        diff_params(base.clone(), with(page(true))).head(),
        (Class::Breaking, Kind::ParameterAdded)
    );
    let c = diff_params(base.clone(), with(page(false)));
    assert_eq!((c.0, c.1), (Class::NonBreaking, Kind::ParameterAdded));
    let c = diff_params(with(page(false)), base.clone());
    assert_eq!(
        (c.0, c.1, c.2.as_str()),
        (
            Class::Breaking,
            Kind::ParameterRemoved,
            "query parameter `page`"
        )
    );
    let c = diff_params(with(page(false)), with(page(true)));
    assert_eq!((c.0, c.1), (Class::Breaking, Kind::ParameterBecameRequired));
    // Compatible for HTTP, but a Rust method argument becomes a setter.
    let c = diff_params(with(page(true)), with(page(false)));
    assert_eq!((c.0, c.1), (Class::Breaking, Kind::ParameterBecameOptional));
    assert!(c.3.contains("breaking for Rust"), "{}", c.3);
    let c = diff_params(
        with(page(true)),
        with(query("page", true, json!({"type": "string"}))),
    );
    assert_eq!(
        (c.0, c.1, c.3.as_str()),
        (
            Class::Breaking,
            Kind::TypeChanged,
            "type changed from `integer` to `string`"
        )
    );
    let sort = |values: Value| {
        with(query(
            "sort",
            false,
            json!({"type": "string", "enum": values}),
        ))
    };
    let c = diff_params(sort(json!(["asc", "desc"])), sort(json!(["asc"])));
    assert_eq!(
        (c.0, c.1, c.3.as_str()),
        (
            Class::Breaking,
            Kind::EnumValueRemoved,
            "enum value `desc` removed"
        )
    );
    let c = diff_params(sort(json!(["asc"])), sort(json!(["asc", "desc"])));
    assert_eq!((c.0, c.1), (Class::NonBreaking, Kind::EnumValueAdded));
}

#[test]
fn request_body_fields() {
    let s = json!({"type": "string"});
    let a = || obj(json!({"a": s}), &["a"]);
    let c = diff_body(a(), obj(json!({"a": s, "b": s}), &["a", "b"]));
    assert_eq!(c.head(), (Class::Breaking, Kind::PropertyAdded));
    assert_eq!(c.2, "request body application/json: b");
    assert_eq!(
        diff_body(a(), obj(json!({"a": s, "b": s}), &["a"])).head(),
        (Class::NonBreaking, Kind::PropertyAdded)
    );
    assert_eq!(
        diff_body(obj(json!({"a": s, "b": s}), &["a"]), a()).head(),
        (Class::Breaking, Kind::PropertyRemoved)
    );
    assert_eq!(
        diff_body(obj(json!({"a": s}), &[]), a()).head(),
        (Class::Breaking, Kind::PropertyBecameRequired)
    );
    // `new(a)` loses its argument.
    assert_eq!(
        diff_body(a(), obj(json!({"a": s}), &[])).head(),
        (Class::Breaking, Kind::PropertyBecameOptional)
    );
    assert_eq!(
        diff_body(a(), obj(json!({"a": {"type": "integer"}}), &["a"])).head(),
        (Class::Breaking, Kind::TypeChanged)
    );
    let e = |v: Value| obj(json!({"a": {"type": "string", "enum": v}}), &["a"]);
    assert_eq!(
        diff_body(e(json!(["x", "y"])), e(json!(["x"]))).head(),
        (Class::Breaking, Kind::EnumValueRemoved)
    );
    assert_eq!(
        diff_body(e(json!(["x"])), e(json!(["x", "y"]))).head(),
        (Class::NonBreaking, Kind::EnumValueAdded)
    );
    let n = |nullable: bool| {
        obj(
            json!({"a": {"type": "string", "nullable": nullable}}),
            &["a"],
        )
    };
    assert_eq!(
        diff_body(n(true), n(false)).head(),
        (Class::Breaking, Kind::BecameNotNullable)
    );
    // `T` becomes `Option<T>`.
    assert_eq!(
        diff_body(n(false), n(true)).head(),
        (Class::Breaking, Kind::BecameNullable)
    );
}

#[test]
fn response_fields() {
    let s = json!({"type": "string"});
    let a = || obj(json!({"a": s}), &["a"]);
    let c = diff_response(obj(json!({"a": s, "b": s}), &["a"]), a());
    assert_eq!(c.head(), (Class::Breaking, Kind::PropertyRemoved));
    assert_eq!(c.2, "response 200 application/json: b");
    assert_eq!(
        diff_response(a(), obj(json!({"a": s, "b": s}), &["a", "b"])).head(),
        (Class::NonBreaking, Kind::PropertyAdded)
    );
    assert_eq!(
        diff_response(a(), obj(json!({"a": s}), &[])).head(),
        (Class::Breaking, Kind::PropertyBecameOptional)
    );
    // `Option<T>` becomes `T`.
    assert_eq!(
        diff_response(obj(json!({"a": s}), &[]), a()).head(),
        (Class::Breaking, Kind::PropertyBecameRequired)
    );
    assert_eq!(
        diff_response(a(), obj(json!({"a": s, "b": s}), &["a"])).head(),
        (Class::NonBreaking, Kind::PropertyAdded)
    );
    let t = |format: &str| obj(json!({"a": {"type": "string", "format": format}}), &["a"]);
    let c = diff_response(t("date-time"), t("date"));
    assert_eq!(c.head(), (Class::Breaking, Kind::TypeChanged));
    assert_eq!(
        c.3,
        "type changed from `string(date-time)` to `string(date)`"
    );
    let e = |v: Value| obj(json!({"a": {"type": "string", "enum": v}}), &["a"]);
    assert_eq!(
        diff_response(e(json!(["x"])), e(json!(["x", "y"]))).head(),
        (Class::NonBreaking, Kind::EnumValueAdded)
    );
    assert_eq!(
        diff_response(e(json!(["x", "y"])), e(json!(["x"]))).head(),
        (Class::Breaking, Kind::EnumValueRemoved)
    );
    let n = |nullable: bool| {
        obj(
            json!({"a": {"type": "string", "nullable": nullable}}),
            &["a"],
        )
    };
    assert_eq!(
        diff_response(n(false), n(true)).head(),
        (Class::Breaking, Kind::BecameNullable)
    );
    assert_eq!(
        diff_response(n(true), n(false)).head(),
        (Class::Breaking, Kind::BecameNotNullable)
    );
    let items = |t: &str| json!({"type": "array", "items": {"type": "object", "properties": {"id": {"type": t}}}});
    let c = diff_response(
        obj(json!({"list": items("string")}), &[]),
        obj(json!({"list": items("integer")}), &[]),
    );
    assert_eq!(c.2, "response 200 application/json: list[].id");
    let variants = |n: usize| {
        obj(
            json!({"v": {"oneOf": (0..n).map(|i| json!({"type": "object", "properties": {format!("p{i}"): s}})).collect::<Vec<_>>()}}),
            &[],
        )
    };
    // Generated enums are `#[non_exhaustive]`: a new variant is additive.
    assert_eq!(
        diff_response(variants(1), variants(2)).head(),
        (Class::NonBreaking, Kind::VariantAdded)
    );
    assert_eq!(
        diff_body(variants(2), variants(1)).head(),
        (Class::Breaking, Kind::VariantRemoved)
    );
    assert_eq!(
        diff_body(variants(1), variants(2)).head(),
        (Class::NonBreaking, Kind::VariantAdded)
    );
}

#[test]
fn statuses_media_types_and_bodies() {
    let old = op_spec(
        json!([id_param()]),
        json!({"type": "object"}),
        json!({"type": "object"}),
        json!({}),
    );
    let mut new = old.clone();
    new["paths"]["/items/{id}"]["post"]["responses"]["201"] = json!({"description": "created"});
    assert_eq!(
        only(&compare(&old, &new)).head(),
        (Class::NonBreaking, Kind::ResponseStatusAdded)
    );
    assert_eq!(
        only(&compare(&new, &old)).head(),
        (Class::Breaking, Kind::ResponseStatusRemoved)
    );
    let mut media = old.clone();
    media["paths"]["/items/{id}"]["post"]["responses"]["200"]["content"]["text/event-stream"] =
        json!({"schema": {"type": "string"}});
    assert_eq!(
        only(&compare(&old, &media)).head(),
        (Class::NonBreaking, Kind::MediaTypeAdded)
    );
    assert_eq!(
        only(&compare(&media, &old)).head(),
        (Class::Breaking, Kind::MediaTypeRemoved)
    );
    let mut no_body = old.clone();
    no_body["paths"]["/items/{id}"]["post"]
        .as_object_mut()
        .unwrap()
        .remove("requestBody");
    assert_eq!(
        only(&compare(&no_body, &old)).head(),
        (Class::Breaking, Kind::RequestBodyAdded)
    );
    assert_eq!(
        only(&compare(&old, &no_body)).head(),
        (Class::Breaking, Kind::RequestBodyRemoved)
    );
}
