//! Tests of the examples pass.

use serde_json::{json, Value};

use super::*;

#[test]
fn a_self_referencing_all_of_is_synthesized_without_overflowing() {
    let spec = json!({"components": {"schemas": {"Loop": {
        "allOf": [{"$ref": "#/components/schemas/Loop"}, {"type": "object", "properties": {"a": {"type": "string"}}}]
    }}}});
    assert!(synthesize(&spec, &spec["components"]["schemas"]["Loop"], 0).is_object());
}

/// The components the enums pass made open enums in [`spec`].
fn open() -> std::collections::BTreeSet<String> {
    ["Status".to_string()].into()
}

fn spec() -> Value {
    json!({"components": {"schemas": {
        "Status": {"type": "number", "enum": [0, 1]},
        "Rec": {"type": "object", "required": ["id", "status", "at"], "properties": {
            "id": {"type": "string"},
            "status": {"$ref": "#/components/schemas/Status"},
            "at": {"type": "string", "format": "date-time"},
            "count": {"type": "integer"},
            "tags": {"type": "array", "items": {"type": "string"}},
            "size": {"type": "integer", "default": 10},
            "page": {"oneOf": [
                {"type": "object", "required": ["mode", "nextCursor"], "properties": {"mode": {"type": "string", "enum": ["cursor"]}, "nextCursor": {"type": "string"}}},
                {"type": "object", "required": ["mode"], "properties": {"mode": {"type": "string", "enum": ["none"]}}}
            ]}
        }}
    }}})
}

#[test]
fn placeholders_are_replaced_and_valid_values_kept() {
    let spec = spec();
    let schema = json!({"$ref": "#/components/schemas/Rec"});
    let example = json!({"id": "r1", "status": "number", "at": "string", "count": "integer", "tags": ["a"],
        "undocumented": 1, "page": {"mode": "none"}});
    let repaired = repair(&spec, &schema, &example, 0);
    assert_eq!(
        repaired,
        json!({"id": "r1", "status": 0, "at": "2024-01-02T03:04:05Z", "count": 1, "tags": ["a"],
        "size": 10, "page": {"mode": "none"}})
    );
    assert_eq!(
        repair(&spec, &schema, &repaired, 0),
        repaired,
        "a repaired value is a fixed point"
    );
    let made = synthesize(&spec, &schema, 0);
    assert_eq!(repair(&spec, &schema, &made, 0), made);
    assert_eq!(
        made["page"],
        json!({"mode": "cursor", "nextCursor": "string"})
    );
}

#[test]
fn forward_compatible_values_add_fields_and_unknown_enum_values() {
    let spec = spec();
    let schema = json!({"$ref": "#/components/schemas/Rec"});
    let value = json!({"id": "r1", "status": 1, "at": "2024-01-02T03:04:05Z", "page": {"mode": "cursor", "nextCursor": "c"}});
    let fc = forward_compatible(&spec, &open(), &schema, &value, 0);
    assert_eq!(fc["status"], json!(UNKNOWN_ENUM_NUMBER));
    assert_eq!(
        forward_compatible(&spec, &Default::default(), &schema, &value, 0)["status"],
        json!(1),
        "only the open enums get unknown values"
    );
    let nullable = json!({"allOf": [{"$ref": "#/components/schemas/Status"}], "nullable": true});
    assert_eq!(
        forward_compatible(&spec, &open(), &nullable, &json!(0), 0),
        json!(UNKNOWN_ENUM_NUMBER),
        "an open enum behind the nullable wrapper"
    );
    assert_eq!(fc[UNKNOWN_FIELD], json!({"added": true}));
    assert_eq!(fc["page"][UNKNOWN_FIELD], json!({"added": true}));
    assert_eq!(
        fc["page"]["mode"], "cursor",
        "a union's discriminator stays"
    );
}

#[test]
fn operations_without_examples_get_one_and_streams_get_sse() {
    let spec = spec();
    let mut op = crate::normalize::plan::tests_support::plan("X");
    op.response = ResponsePlan::Json(crate::normalize::RustType::Named("Rec".into()));
    op.data_schema = Some(json!({"$ref": "#/components/schemas/Rec"}));
    op.offers_event_stream = true;
    let mut ops = [op];
    prepare_examples(&spec, &mut ops, &open());
    let names: Vec<&str> = ops[0].examples.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["success", FORWARD_COMPAT_EXAMPLE]);
    assert_eq!(ops[0].stream_examples[0].name, STREAM_EXAMPLE);
    assert!(ops[0].stream_examples[0]
        .value
        .as_str()
        .unwrap()
        .starts_with("data: {"));
}

#[test]
fn documented_sse_examples_end_with_the_blank_line_of_their_last_event() {
    let mut op = crate::normalize::plan::tests_support::plan("X");
    op.response = ResponsePlan::EventStream;
    op.stream_examples.push(Example {
        name: "sse".into(),
        summary: None,
        status: 200,
        value: json!("data: 1\n\ndata: 2\r\n"),
    });
    let mut ops = [op];
    prepare_examples(&spec(), &mut ops, &open());
    assert_eq!(
        ops[0].stream_examples[0].value,
        json!("data: 1\n\ndata: 2\n\n")
    );
}
