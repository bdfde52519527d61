//! Schemas are read as the generator reads them: `$ref`s followed, `allOf`
//! folded, 3.1 spellings and values the generator drops left out.

use serde_json::json;
use xtask::diff::{compare, Class, Kind};

use super::*;

#[test]
fn refs_are_followed_into_components_and_cycles_end() {
    let node = |extra: bool| {
        let mut props = json!({"name": {"type": "string"}, "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}}});
        if extra {
            props["label"] = json!({"type": "string"});
        }
        json!({"Node": {"type": "object", "properties": props, "required": ["name"]}, "Wrapper": {"$ref": "#/components/schemas/Node"}})
    };
    let r = json!({"$ref": "#/components/schemas/Wrapper"});
    let old = op_spec(json!([id_param()]), json!({}), r.clone(), node(true));
    let new = op_spec(json!([id_param()]), json!({}), r, node(false));
    let c = only(&compare(&old, &new));
    assert_eq!(c.head(), (Class::Breaking, Kind::PropertyRemoved));
    assert_eq!(c.2, "response 200 application/json: label");
    // A ref replaced by the same schema inline is no change.
    let mut inline = old.clone();
    inline["paths"]["/items/{id}"]["post"]["responses"]["200"]["content"]["application/json"]
        ["schema"] = old["components"]["schemas"]["Node"].clone();
    assert!(compare(&old, &inline).is_empty());
}

#[test]
fn all_of_parts_compare_as_one_object() {
    let part = |name: &str| json!({"type": "object", "properties": {name: {"type": "string"}}, "required": [name]});
    let split = json!({"allOf": [part("a"), part("b")]});
    let whole = obj(
        json!({"a": {"type": "string"}, "b": {"type": "string"}}),
        &["a", "b"],
    );
    let empty = obj(json!({}), &[]);
    let a = op_spec(json!([id_param()]), empty.clone(), split.clone(), json!({}));
    let b = op_spec(json!([id_param()]), empty, whole, json!({}));
    assert!(compare(&a, &b).is_empty(), "{:#?}", compare(&a, &b));
    let c = diff_response(split, json!({"allOf": [part("a")]}));
    assert_eq!(c.head(), (Class::Breaking, Kind::PropertyRemoved));
}

#[test]
fn a_3_1_spelling_of_the_same_type_is_no_change() {
    // The generator downgrades `type: [T, "null"]` to `type: T, nullable: true`.
    let old = obj(json!({"a": {"type": "string", "nullable": true}}), &[]);
    let new = obj(json!({"a": {"type": ["string", "null"]}}), &[]);
    let empty = obj(json!({}), &[]);
    let a = op_spec(json!([id_param()]), empty.clone(), old, json!({}));
    let b = op_spec(json!([id_param()]), empty, new, json!({}));
    assert!(compare(&a, &b).is_empty(), "{:#?}", compare(&a, &b));
}

#[test]
fn values_the_generator_drops_are_not_reported() {
    // An enum value that is not of the enum's type never reaches the SDK.
    let old = obj(json!({"n": {"type": "integer", "enum": [1, 2]}}), &["n"]);
    let new = obj(
        json!({"n": {"type": "integer", "enum": [1, 2, "three"]}}),
        &["n"],
    );
    let empty = obj(json!({}), &[]);
    let a = op_spec(json!([id_param()]), empty.clone(), old.clone(), json!({}));
    let b = op_spec(json!([id_param()]), empty, new, json!({}));
    assert!(compare(&a, &b).is_empty(), "{:#?}", compare(&a, &b));
    // A value of the right type is.
    let c = diff_response(
        old,
        obj(json!({"n": {"type": "integer", "enum": [1, 2, 3]}}), &["n"]),
    );
    assert_eq!(c.head(), (Class::NonBreaking, Kind::EnumValueAdded));
}

#[test]
fn all_of_folding_is_the_generators_rule() {
    // A keyword the schema states itself wins over its parts, then the first
    // part: the property keeps its string type, so nothing changed.
    let old = obj(json!({"a": {"type": "string"}}), &["a"]);
    let new = json!({"allOf": [
        {"type": "object", "required": ["a"], "properties": {"a": {"type": "string"}}},
        {"type": "object", "properties": {"a": {"type": "integer"}}}
    ]});
    let empty = obj(json!({}), &[]);
    let a = op_spec(json!([id_param()]), empty.clone(), old, json!({}));
    let b = op_spec(json!([id_param()]), empty, new.clone(), json!({}));
    assert!(compare(&a, &b).is_empty(), "{:#?}", compare(&a, &b));
    let root = json!({});
    let folded = aitoearn_codegen::schema::fold_all_of(&root, &new);
    assert_eq!(folded["properties"]["a"], json!({"type": "string"}));
}
