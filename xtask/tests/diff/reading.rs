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

/// `cargo xtask diff` with these arguments: its exit success, stdout and stderr.
fn xtask_diff(args: &[&std::path::Path]) -> (bool, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("diff")
        .args(args)
        .args(["--format", "json", "--fail-on-breaking"])
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn the_cli_reads_each_side_as_the_build_does_a_file_or_a_directory() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let vendored_dir = root.join("openapi");
    let vendored_file = vendored_dir.join("zh/aitoearn.openapi.json");
    let mut spec: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&vendored_file).unwrap()).unwrap();
    // The same API, published as OpenAPI 3.1 with a 3.1 spelling of a type.
    spec["openapi"] = json!("3.1.0");
    spec["components"]["schemas"]["Spelled"] = json!({"type": ["string", "null"]});
    let tmp = tempfile::tempdir().unwrap();
    let as_3_1 = tmp.path().join("aitoearn.openapi.json");
    std::fs::write(&as_3_1, spec.to_string()).unwrap();

    let (ok, report, stderr) = xtask_diff(&[&vendored_dir, &as_3_1]);
    assert!(ok, "{stderr}");
    let report: serde_json::Value = serde_json::from_str(&report).unwrap();
    for list in ["added", "removed", "changes"] {
        assert_eq!(report[list], json!([]), "{list}: {report}");
    }

    // A side the build would refuse is refused, naming its file and pointer.
    spec["openapi"] = json!("3.0.1");
    spec["components"]["schemas"]["Spelled"] = json!({"type": 5});
    let invalid = tmp.path().join("invalid.json");
    std::fs::write(&invalid, spec.to_string()).unwrap();
    let (ok, _, stderr) = xtask_diff(&[&vendored_file, &invalid]);
    assert!(!ok);
    assert!(stderr.contains(&invalid.display().to_string()), "{stderr}");
    assert!(stderr.contains("/components/schemas/Spelled"), "{stderr}");
}
