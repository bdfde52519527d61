//! Tests of [`super::check`].

use super::*;
use serde_json::json;

fn err(schema: Value, value: Value) -> String {
    let spec = json!({"components": {"schemas": {
        "Page": {"type": "object", "required": ["page"], "properties": {"page": {"type": "integer", "minimum": 1}}}
    }}});
    check(&spec, &schema, &value).expect_err("should not conform")
}

fn ok(schema: Value, value: Value) {
    let spec = json!({"components": {"schemas": {
        "Page": {"type": "object", "required": ["page"], "properties": {"page": {"type": "integer", "minimum": 1}}}
    }}});
    assert_eq!(check(&spec, &schema, &value), Ok(()), "{schema} / {value}");
}

#[test]
fn an_empty_object_fits_no_variant_with_required_properties() {
    let schema = json!({"anyOf": [
        {"$ref": "#/components/schemas/Page"},
        {"type": "object", "required": ["cursor"], "properties": {"cursor": {"type": "string"}}}
    ]});
    assert_eq!(
        err(schema.clone(), json!({})),
        "{} matches none of the 2 `anyOf` variants (missing required property `page`; missing required property `cursor`)"
    );
    ok(schema.clone(), json!({"cursor": "c"}));
    assert_eq!(
        err(schema, json!({"page": 0})),
        "{\"page\":0} matches none of the 2 `anyOf` variants (at /page: 0 is below the minimum 1; missing required property `cursor`)"
    );
}

#[test]
fn types_enums_and_nullability() {
    assert_eq!(
        err(json!({"type": "integer"}), json!(1.5)),
        "expected integer, found 1.5"
    );
    assert_eq!(
        err(json!({"type": "string"}), json!(null)),
        "null is not allowed (the schema is not `nullable`)"
    );
    ok(json!({"type": "string", "nullable": true}), json!(null));
    ok(json!({"type": ["string", "null"]}), json!(null));
    ok(json!({"enum": ["a", null]}), json!(null));
    assert_eq!(
        err(json!({"type": "string", "enum": ["a"]}), json!("b")),
        "\"b\" is not one of the `enum` values"
    );
    ok(json!({"type": "number", "enum": [1]}), json!(1.0));
    ok(json!({}), json!({"any": [1]}));
}

#[test]
fn objects_follow_typify_struct_rules() {
    let strct = json!({"type": "object", "properties": {"a": {"type": "string"}}});
    assert_eq!(
        err(strct.clone(), json!({"b": 1})),
        "at /b: not a property of the schema (no `additionalProperties`)"
    );
    ok(strct, json!({"a": "x"}));
    ok(
        json!({"type": "object", "properties": {"a": {}}, "additionalProperties": true}),
        json!({"b": 1}),
    );
    assert_eq!(
        err(
            json!({"type": "object", "additionalProperties": {"type": "integer"}}),
            json!({"k": "v"})
        ),
        "at /k: expected integer, found \"v\""
    );
    assert_eq!(
        err(
            json!({"allOf": [{"$ref": "#/components/schemas/Page"}]}),
            json!({})
        ),
        "missing required property `page`"
    );
}

#[test]
fn arrays_strings_and_numbers() {
    assert_eq!(
        err(
            json!({"type": "array", "items": {"type": "string"}}),
            json!(["a", 2])
        ),
        "at /1: expected string, found 2"
    );
    assert_eq!(
        err(json!({"type": "array", "uniqueItems": true}), json!([1, 1])),
        "duplicate items under `uniqueItems`"
    );
    assert_eq!(
        err(json!({"type": "string", "maxLength": 2}), json!("abc")),
        "\"abc\" is longer than `maxLength` 2"
    );
    assert_eq!(
        err(json!({"type": "string", "pattern": "^[a-z]+$"}), json!("A")),
        "\"A\" does not match the `pattern` ^[a-z]+$"
    );
    assert_eq!(
        err(
            json!({"type": "string", "format": "date-time"}),
            json!("yesterday")
        ),
        "\"yesterday\" is not a `date-time`"
    );
    ok(
        json!({"type": "string", "format": "date-time"}),
        json!("2024-01-02T03:04:05.5+08:00"),
    );
    ok(
        json!({"type": "string", "format": "uuid"}),
        json!("123e4567-e89b-12d3-a456-426614174000"),
    );
    assert_eq!(
        err(
            json!({"type": "integer", "minimum": 0, "exclusiveMinimum": true}),
            json!(0)
        ),
        "0 is below the minimum 0 (exclusive)"
    );
    assert_eq!(
        err(json!({"type": "number", "exclusiveMaximum": 5}), json!(5)),
        "5 is above the maximum 5 (exclusive)"
    );
    ok(
        json!({"type": "integer", "minimum": 0, "exclusiveMinimum": true}),
        json!(1),
    );
}

#[test]
fn a_self_referencing_schema_does_not_recurse_forever() {
    let spec = json!({"components": {"schemas": {"Loop": {"allOf": [{"$ref": "#/components/schemas/Loop"}]}}}});
    assert_eq!(
        check(
            &spec,
            &json!({"$ref": "#/components/schemas/Loop"}),
            &json!(1)
        ),
        Ok(())
    );
}
