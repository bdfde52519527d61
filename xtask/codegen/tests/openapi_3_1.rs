//! An OpenAPI 3.1 document generates: the same API written in 3.1 (type
//! lists with `null`, `anyOf` with a null member, numeric exclusive bounds,
//! `const`, `examples` lists, `$ref` with siblings, `contentMediaType`,
//! `jsonSchemaDialect`) generates the same SDK as its 3.0 form, with no
//! warning, for the vendored spec and for the full upstream spec.

mod common;

use std::path::Path;

use common::{repo_root, shared};
use serde_json::{json, Value};

use aitoearn_codegen::internals::schema_roots;
use aitoearn_codegen::schema::subschemas_mut;

/// Rewrite a 3.0 schema in the 3.1 spelling of the same meaning, children first.
fn upgrade_schema(schema: &mut Value) {
    subschemas_mut(schema, &mut upgrade_schema);
    let Some(map) = schema.as_object_mut() else {
        return;
    };
    let nullable = map.remove("nullable") == Some(json!(true));
    let single_ref = match map.get("allOf") {
        Some(Value::Array(parts)) if parts.len() == 1 && parts[0].get("$ref").is_some() => {
            Some(parts[0].clone())
        }
        _ => None,
    };
    match (nullable, single_ref, map.get("type").cloned()) {
        (true, Some(reference), _) => {
            map.remove("allOf");
            map.insert("anyOf".into(), json!([reference, {"type": "null"}]));
        }
        (true, None, Some(Value::String(t))) => {
            map.insert("type".into(), json!([t, "null"]));
        }
        (true, None, _) => {
            map.insert("nullable".into(), json!(true));
        }
        (false, Some(reference), _) => {
            map.remove("allOf");
            map.insert("$ref".into(), reference["$ref"].clone());
        }
        (false, None, _) => {}
    }
    for (exclusive, bound) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        if map.get(exclusive) == Some(&json!(true)) {
            if let Some(n) = map.remove(bound) {
                map.insert(exclusive.into(), n);
            }
        }
    }
    if let Some(Value::Array(values)) = map.get("enum") {
        if let [only] = values.as_slice() {
            let only = only.clone();
            map.remove("enum");
            map.insert("const".into(), only);
        }
    }
    if let Some(example) = map.remove("example") {
        map.insert("examples".into(), json!([example]));
    }
    if map.get("format") == Some(&json!("binary")) {
        map.remove("format");
        map.insert("contentMediaType".into(), json!("application/octet-stream"));
    }
}

/// The 3.1 form of a 3.0 document.
fn upgrade(mut spec: Value) -> Value {
    spec["openapi"] = json!("3.1.0");
    spec["jsonSchemaDialect"] = json!("https://spec.openapis.org/oas/3.1/dialect/base");
    for root in schema_roots(&spec) {
        if let Some(schema) = spec.pointer_mut(&root) {
            upgrade_schema(schema);
        }
    }
    spec
}

/// Copy the spec directory `from` into a temporary one, each file
/// rewritten by `rewrite`, lock files as they are.
fn rewritten_copy(from: &Path, rewrite: impl Fn(Value) -> Value) -> tempfile::TempDir {
    let to = tempfile::tempdir().expect("a temporary directory");
    for entry in walk(from) {
        let target = to
            .path()
            .join(entry.strip_prefix(from).expect("under from"));
        std::fs::create_dir_all(target.parent().expect("a parent")).expect("mkdir");
        if entry.extension().is_some_and(|e| e == "json") {
            let spec = aitoearn_codegen::spec::read_json(&entry).expect("reads");
            let text = serde_json::to_string_pretty(&rewrite(spec)).expect("serializes");
            std::fs::write(&target, text).expect("writes");
        } else {
            std::fs::copy(&entry, &target).expect("copies");
        }
    }
    to
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("reads the directory") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

fn assert_same_sdk(dir: &Path) {
    let as_3_0 = aitoearn_codegen::generate_dir(dir, None).expect("the 3.0 form generates");
    let copy = rewritten_copy(dir, upgrade);
    let spelled = walk(copy.path())
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .map(|p| std::fs::read_to_string(p).expect("reads"))
        .collect::<String>();
    assert!(spelled.contains("\"3.1.0\""), "the copy is 3.1");
    let as_3_1 = aitoearn_codegen::generate_dir(copy.path(), None).expect("the 3.1 form generates");
    let lines = |g: &aitoearn_codegen::Generated, d: &Path| {
        common::warning_lines(d, &g.normalized.warnings)
    };
    assert_eq!(lines(&as_3_1, copy.path()), lines(&as_3_0, dir));
    assert_eq!(as_3_1.files.len(), as_3_0.files.len());
    for (new, old) in as_3_1.files.iter().zip(&as_3_0.files) {
        assert_eq!(new.name, old.name);
        assert!(
            new.contents == old.contents,
            "{} differs between the 3.0 and the 3.1 form",
            new.name
        );
    }
}

#[test]
fn the_vendored_spec_written_in_3_1_generates_the_same_sdk() {
    assert_same_sdk(&repo_root().join("openapi"));
}

#[test]
fn the_full_upstream_spec_written_in_3_1_generates_the_same_sdk() {
    let Some(dir) = shared("upstream") else {
        eprintln!("skip: ../shared/upstream absent");
        return;
    };
    assert_same_sdk(&dir);
}

#[test]
fn a_crafted_spec_with_every_rewritten_form_generates_the_same_sdk_in_3_1() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let spec = json!({
        "openapi": "3.0.1",
        "info": {"title": "t", "version": "1"},
        "paths": {"/things": {"post": {
            "operationId": "Thing_create",
            "requestBody": {"required": true, "content": {"application/octet-stream": {"schema": {
                "type": "string", "format": "binary"
            }}}},
            "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {
                "type": "object", "required": ["code", "message", "data"],
                "properties": {
                    "code": {"type": "integer", "example": 0},
                    "message": {"type": "string"},
                    "data": {"$ref": "#/components/schemas/Thing"}
                }
            }}}}}
        }}},
        "components": {"schemas": {
            "Kind": {"type": "string", "enum": ["video"]},
            "Thing": {"type": "object", "required": ["id"], "properties": {
                "id": {"type": "string", "example": "t1"},
                "size": {"type": "integer", "minimum": 0, "exclusiveMinimum": true, "nullable": true},
                "kind": {"nullable": true, "allOf": [{"$ref": "#/components/schemas/Kind"}]},
                "parent": {"allOf": [{"$ref": "#/components/schemas/Kind"}], "description": "The parent's kind."}
            }}
        }}
    });
    std::fs::write(dir.path().join("a.json"), spec.to_string()).expect("writes");
    let upgraded = upgrade(spec);
    let thing = &upgraded["components"]["schemas"]["Thing"]["properties"];
    assert_eq!(
        thing["kind"]["anyOf"][1],
        json!({"type": "null"}),
        "{thing}"
    );
    assert_eq!(
        thing["parent"]["$ref"], "#/components/schemas/Kind",
        "{thing}"
    );
    assert_eq!(thing["size"]["exclusiveMinimum"], 0, "{thing}");
    assert_same_sdk(dir.path());
}

#[test]
fn a_3_1_type_list_the_generator_cannot_keep_is_a_located_warning() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let spec = json!({
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {"/a": {"get": {"operationId": "A_get", "responses": {"200": {
            "description": "ok",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/A"}}}
        }}}}},
        "components": {"schemas": {"A": {"type": "object", "properties": {
            "v": {"type": ["string", "integer"]}
        }}}}
    });
    std::fs::write(dir.path().join("a.json"), spec.to_string()).expect("writes");
    let generated = aitoearn_codegen::generate_dir(dir.path(), None).expect("generates");
    let lines = common::warning_lines(dir.path(), &generated.normalized.warnings);
    assert!(
        lines.iter().any(|l| l.starts_with("spec normalization: a.json#/components/schemas/A/properties/v/type: dropped the OpenAPI 3.1 `type` list")),
        "{lines:#?}"
    );
}
