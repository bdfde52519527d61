//! Generation survives what real specs get wrong, and every failure says where.
//!
//! The first tests use small specs of their own. The mutation corpus takes the
//! full upstream spec (`../shared/upstream`; skipped, with the reason, when
//! absent), breaks it in one of the ways published specs go wrong, and checks
//! the outcome: generation succeeds with a warning at the mutated pointer, or
//! fails with an error naming the spec file and the pointer. Never a panic,
//! never an unnamed location.

mod common;

use std::sync::OnceLock;

use common::{shared, SpecDir};
use proptest::prelude::*;
use serde_json::{json, Value};

fn minimal(paths: Value) -> Value {
    json!({"openapi": "3.0.1", "info": {"title": "t", "version": "1"}, "paths": paths})
}

#[test]
fn a_default_matching_none_of_its_any_of_variants_generates_with_one_warning() {
    let spec = minimal(json!({"/works": {"get": {
        "operationId": "WorksController_listWorks_v2",
        "parameters": [{"name": "pagination", "in": "query", "required": false, "schema": {
            "default": {},
            "anyOf": [
                {"type": "object", "required": ["page", "pageSize"], "properties": {
                    "page": {"type": "integer", "minimum": 0, "exclusiveMinimum": true},
                    "pageSize": {"type": "integer", "minimum": 0, "exclusiveMinimum": true}}},
                {"type": "object", "required": ["cursor"], "properties": {"cursor": {"type": "string"}}}
            ]}}],
        "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {
            "type": "object", "properties": {"code": {"type": "integer"}, "message": {"type": "string"}}}}}}}
    }}}));
    let dir = SpecDir::new(&spec);
    let generated = aitoearn_codegen::generate_dir(&dir.dir, None).expect("generates");
    let warnings = &generated.normalized.warnings;
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(
        warnings[0].pointer,
        "/paths/~1works/get/parameters/0/schema/default"
    );
    assert_eq!(warnings[0].file.as_deref(), Some(dir.file.as_path()));
    assert_eq!(
        common::warning_lines(&dir.dir, warnings),
        ["spec normalization: zh/aitoearn.openapi.json#/paths/~1works/get/parameters/0/schema/default: \
          dropped `default` {}: it does not conform to its schema: {} matches none of the 2 `anyOf` \
          variants (missing required property `page`; missing required property `cursor`)"]
    );
    let raw = &generated
        .files
        .iter()
        .find(|f| f.name == "raw.rs")
        .expect("raw.rs")
        .contents;
    assert!(
        raw.contains("fn works_controller_list_works_v2"),
        "the operation is generated"
    );
}

/// Property names that are also schema keywords.
const KEYWORD_NAMES: &[&str] = &[
    "pattern",
    "minimum",
    "maxLength",
    "format",
    "default",
    "enum",
    "items",
    "required",
    "nullable",
];

#[test]
fn response_fields_named_like_keywords_and_all_of_envelopes_generate() {
    let names = KEYWORD_NAMES;
    let properties: serde_json::Map<String, Value> = names
        .iter()
        .map(|n| (n.to_string(), json!({"type": "string"})))
        .collect();
    let mut spec = minimal(json!({"/things": {"get": {
        "operationId": "ThingController_getThing",
        "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {
            "allOf": [
                {"$ref": "#/components/schemas/Envelope"},
                {"properties": {"data": {"$ref": "#/components/schemas/Thing"}}}
            ]}}}}}
    }}}));
    spec["components"] = json!({"schemas": {
        "Envelope": {"type": "object", "properties": {
            "code": {"type": "integer"}, "message": {"type": "string"}}},
        "Thing": {"type": "object", "properties": properties}
    }});
    let dir = SpecDir::new(&spec);
    let generated = aitoearn_codegen::generate_dir(&dir.dir, None).expect("generates");
    let thing = generated
        .normalized
        .spec
        .pointer("/components/schemas/Thing/properties")
        .and_then(Value::as_object)
        .expect("Thing keeps its properties");
    assert_eq!(thing.len(), names.len(), "{thing:?}");
    let op = &generated.normalized.operations[0];
    assert!(
        format!("{:?}", op.response).contains("Envelope(Named(\"Thing\"))"),
        "{:?}",
        op.response
    );
}

#[test]
fn a_generator_error_names_the_file_operation_and_pointer() {
    // progenitor rejects a path template it cannot parse.
    let spec = minimal(json!({
        "/ok": {"get": {"operationId": "Ok_get", "responses": {"200": {"description": "ok"}}}},
        "/broken/{id": {"get": {"operationId": "Broken_get", "responses": {"200": {"description": "ok"}}}}
    }));
    let dir = SpecDir::new(&spec);
    let err = aitoearn_codegen::generate_dir(&dir.dir, None).expect_err("cannot generate");
    assert_eq!(err.file.as_deref(), Some(dir.file.as_path()));
    assert_eq!(err.pointer.as_deref(), Some("/paths/~1broken~1{id/get"));
    assert_eq!(
        err.message,
        "operation `Broken_get` (GET /broken/{id): progenitor rejected the spec: \
         invalid operation path unterminated parameter"
    );
}

#[test]
fn a_generator_panic_names_the_file_operation_and_pointer() {
    // progenitor has a `todo!` for an untyped schema with `exclusiveMinimum` but no `minimum`.
    let spec = minimal(json!({
        "/ok": {"get": {"operationId": "Ok_get", "responses": {"200": {"description": "ok"}}}},
        "/x": {"get": {"operationId": "X_get", "parameters": [
            {"name": "a", "in": "query", "schema": {"type": "string"}},
            {"name": "n", "in": "query", "schema": {"exclusiveMinimum": true}}
        ], "responses": {"200": {"description": "ok"}}}}
    }));
    let dir = SpecDir::new(&spec);
    let err = aitoearn_codegen::generate_dir(&dir.dir, None).expect_err("cannot generate");
    assert_eq!(err.file.as_deref(), Some(dir.file.as_path()));
    assert_eq!(err.pointer.as_deref(), Some("/paths/~1x/get/parameters/1"));
    assert!(
        err.message
            .starts_with("operation `X_get` (GET /x): progenitor panicked: ")
            && err
                .message
                .contains("exclusive_minimum set without minimum"),
        "{err}"
    );
}

#[test]
fn a_component_the_generator_fails_on_is_named() {
    let mut spec = minimal(json!({
        "/ok": {"get": {"operationId": "Ok_get", "responses": {"200": {"description": "ok"}}}}
    }));
    spec["components"] = json!({"schemas": {
        "Outer": {"type": "object", "properties": {"inner": {"$ref": "#/components/schemas/Bad"}}},
        "Bad": {"type": "object", "properties": {"n": {"exclusiveMinimum": true}}},
        "Fine": {"type": "string"}
    }});
    let dir = SpecDir::new(&spec);
    let err = aitoearn_codegen::generate_dir(&dir.dir, None).expect_err("cannot generate");
    assert_eq!(err.file.as_deref(), Some(dir.file.as_path()));
    assert_eq!(err.pointer.as_deref(), Some("/components/schemas/Bad"));
    assert!(
        err.message
            .starts_with("component schema `Bad`: progenitor panicked: "),
        "{err}"
    );
}

#[test]
fn a_missing_component_is_reported_in_its_file() {
    let spec = minimal(
        json!({"/a": {"get": {"operationId": "A_get", "responses": {"200": {
        "description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Gone"}}}}}}}}),
    );
    let dir = SpecDir::new(&spec);
    let err = aitoearn_codegen::generate_dir(&dir.dir, None).expect_err("cannot generate");
    assert_eq!(err.file.as_deref(), Some(dir.file.as_path()));
    assert_eq!(
        err.pointer.as_deref(),
        Some("/paths/~1a/get/responses/200/content/application~1json/schema/$ref")
    );
}

// ---- the mutation corpus ----

struct Upstream {
    spec: Value,
    /// Pointers of schemas with a single `type`, by that type.
    typed: Vec<(String, String)>,
    /// Pointers of object schemas with `properties` and no `additionalProperties`.
    structs: Vec<String>,
    /// Pointers of every operation.
    operations: Vec<String>,
    /// The generated files' contents, unmutated.
    generated: Vec<String>,
}

fn upstream() -> Option<&'static Upstream> {
    static UPSTREAM: OnceLock<Option<Upstream>> = OnceLock::new();
    UPSTREAM
        .get_or_init(|| {
            let dir = shared("upstream")?;
            let spec = aitoearn_codegen::load_dir(&dir).expect("the upstream spec loads");
            let pointers = aitoearn_codegen::internals::schema_pointers(&spec);
            let mut typed = Vec::new();
            let mut structs = Vec::new();
            for ptr in pointers {
                let Some(schema) = spec.pointer(&ptr) else {
                    continue;
                };
                if let Some(t) = schema.get("type").and_then(Value::as_str) {
                    typed.push((ptr.clone(), t.to_string()));
                }
                if schema
                    .get("properties")
                    .and_then(Value::as_object)
                    .is_some_and(|p| !p.is_empty())
                    && schema.get("additionalProperties").is_none()
                {
                    structs.push(ptr);
                }
            }
            let operations = aitoearn_codegen::spec::operations(&spec)
                .map(|(path, method, _)| {
                    aitoearn_codegen::schema::pointer(&["paths", path, method])
                })
                .collect();
            // Generated as the mutations are: the loaded spec in one file.
            let copy = SpecDir::new(&spec);
            let generated = aitoearn_codegen::generate_dir(&copy.dir, None)
                .expect("the upstream spec generates")
                .files
                .into_iter()
                .map(|f| f.contents)
                .collect();
            Some(Upstream {
                generated,
                spec,
                typed,
                structs,
                operations,
            })
        })
        .as_ref()
}

/// A scalar value that is not of JSON type `t` (scalar: the examples pass
/// uses only scalar schema examples, so only those are checked).
fn wrong_value(t: &str) -> Value {
    match t {
        "string" => json!(42),
        _ => json!("not a value of this type"),
    }
}

/// Generate from the mutated spec: Ok with the warnings' pointers, or the error.
fn outcome(spec: &Value) -> Result<Vec<String>, aitoearn_codegen::CodegenError> {
    let dir = SpecDir::new(spec);
    let result = aitoearn_codegen::generate_dir(&dir.dir, None);
    if let Err(e) = &result {
        let text = e.to_string();
        assert!(
            !text.contains("<spec>"),
            "an error without its file: {text}"
        );
        assert_eq!(e.file.as_deref(), Some(dir.file.as_path()), "{text}");
    }
    result.map(|g| {
        g.normalized
            .warnings
            .into_iter()
            .map(|w| w.pointer)
            .collect()
    })
}

fn assert_warned(spec: &Value, expected: &str) -> Result<(), TestCaseError> {
    match outcome(spec) {
        Ok(pointers) => prop_assert!(
            pointers.iter().any(|p| p == expected),
            "no warning at {expected}: {pointers:?}"
        ),
        Err(e) => prop_assert!(false, "generation failed: {e}"),
    }
    Ok(())
}

fn assert_failed_at(spec: &Value, expected: &str) -> Result<(), TestCaseError> {
    match outcome(spec) {
        Ok(_) => prop_assert!(
            false,
            "generation succeeded; expected an error at {expected}"
        ),
        Err(e) => prop_assert!(
            e.pointer
                .as_deref()
                .is_some_and(|p| p.starts_with(expected)),
            "error not at {expected}: {e}"
        ),
    }
    Ok(())
}

fn pick<T>(items: &[T], seed: usize) -> &T {
    &items[seed % items.len()]
}

fn config() -> ProptestConfig {
    // The generator is optimized even in test builds; three cases per way of
    // going wrong keep the corpus well under a minute on two cores.
    // `PROPTEST_CASES=50` runs a longer corpus.
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3);
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

macro_rules! upstream_or_skip {
    () => {
        match upstream() {
            Some(u) => u,
            None => {
                eprintln!("skip: ../shared/upstream is absent (the mutation corpus mutates the full spec)");
                return Ok(());
            }
        }
    };
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn a_default_of_the_wrong_type_is_dropped_with_a_warning(seed in any::<usize>()) {
        let u = upstream_or_skip!();
        let (ptr, t) = pick(&u.typed, seed);
        let mut spec = u.spec.clone();
        spec.pointer_mut(ptr).expect("schema")["default"] = wrong_value(t);
        assert_warned(&spec, &format!("{ptr}/default"))?;
    }

    #[test]
    fn an_example_of_the_wrong_type_is_dropped_with_a_warning(seed in any::<usize>()) {
        let u = upstream_or_skip!();
        let (ptr, t) = pick(&u.typed, seed);
        let mut spec = u.spec.clone();
        spec.pointer_mut(ptr).expect("schema")["example"] = wrong_value(t);
        assert_warned(&spec, &format!("{ptr}/example"))?;
    }

    #[test]
    fn required_naming_a_missing_property_is_dropped_with_a_warning(seed in any::<usize>()) {
        let u = upstream_or_skip!();
        let ptr = pick(&u.structs, seed);
        let mut spec = u.spec.clone();
        let schema = spec.pointer_mut(ptr).expect("schema");
        let mut required = schema.get("required").cloned().unwrap_or(json!([]));
        let index = required.as_array().map_or(0, Vec::len);
        required.as_array_mut().expect("array").push(json!("__missingProperty"));
        schema["required"] = required;
        assert_warned(&spec, &format!("{ptr}/required/{index}"))?;
    }

    #[test]
    fn an_empty_any_of_is_dropped_with_a_warning(seed in any::<usize>()) {
        let u = upstream_or_skip!();
        let (ptr, _) = pick(&u.typed, seed);
        let mut spec = u.spec.clone();
        spec.pointer_mut(ptr).expect("schema")["anyOf"] = json!([]);
        assert_warned(&spec, &format!("{ptr}/anyOf"))?;
    }

    #[test]
    fn a_ref_to_a_missing_component_is_an_error_at_the_ref(seed in any::<usize>()) {
        let u = upstream_or_skip!();
        let (ptr, _) = pick(&u.typed, seed);
        let mut spec = u.spec.clone();
        // `$ref` beside the other keywords (which it overrides): `$ref`s into
        // this schema's subschemas elsewhere in the spec still resolve.
        spec.pointer_mut(ptr).expect("schema")["$ref"] = json!("#/components/schemas/__Missing");
        assert_failed_at(&spec, &format!("{ptr}/$ref"))?;
    }

    #[test]
    fn a_duplicate_operation_id_is_an_error_at_the_operation(a in any::<usize>(), b in any::<usize>()) {
        let u = upstream_or_skip!();
        let (i, j) = (a % u.operations.len(), b % u.operations.len());
        prop_assume!(i != j);
        let (first, second) = (&u.operations[i], &u.operations[j]);
        let mut spec = u.spec.clone();
        let id = spec.pointer(first).and_then(|op| op.get("operationId")).cloned().expect("operationId");
        spec.pointer_mut(second).expect("operation")["operationId"] = id;
        // The error is at whichever of the two validation meets second.
        let later = &u.operations[i.max(j)];
        assert_failed_at(&spec, later)?;
    }

    #[test]
    fn an_enum_value_of_another_type_is_dropped_with_a_warning(seed in any::<usize>()) {
        let u = upstream_or_skip!();
        // String enums the spec already has: the mutation adds only the wrong value.
        let strings: Vec<&String> = u
            .typed
            .iter()
            .filter(|(p, t)| t == "string" && u.spec.pointer(p).is_some_and(|s| s.get("enum").is_some()))
            .map(|(p, _)| p)
            .collect();
        let ptr = *pick(&strings, seed);
        let mut spec = u.spec.clone();
        let schema = spec.pointer_mut(ptr).expect("schema");
        let mut values = schema.get("enum").cloned().unwrap_or(json!(["a"]));
        let index = values.as_array().map_or(0, Vec::len);
        values.as_array_mut().expect("array").push(json!(7));
        schema["enum"] = values;
        assert_warned(&spec, &format!("{ptr}/enum/{index}"))?;
    }

    #[test]
    fn a_3_1_type_list_generates_as_its_3_0_form_without_a_warning(seed in any::<usize>()) {
        let u = upstream_or_skip!();
        // Schemas that are `nullable` already: the 3.1 spelling says the same thing.
        let nullable: Vec<&(String, String)> = u
            .typed
            .iter()
            .filter(|(p, _)| u.spec.pointer(p).is_some_and(|s| s.get("nullable") == Some(&json!(true))))
            .collect();
        let (ptr, t) = *pick(&nullable, seed);
        let mut spec = u.spec.clone();
        let schema = spec.pointer_mut(ptr).expect("schema");
        schema["type"] = json!([t, "null"]);
        if let Some(map) = schema.as_object_mut() {
            map.remove("nullable");
        }
        let dir = SpecDir::new(&spec);
        let generated = aitoearn_codegen::generate_dir(&dir.dir, None);
        let generated = generated.map_err(|e| TestCaseError::fail(format!("generation failed: {e}")))?;
        let type_pointer = format!("{ptr}/type");
        prop_assert!(
            !generated.normalized.warnings.iter().any(|w| w.pointer == type_pointer),
            "a lossless rewrite warned at {type_pointer}"
        );
        let same = generated.files.iter().zip(&u.generated).all(|(f, g)| f.contents == *g);
        prop_assert!(same, "the 3.1 spelling at {ptr} changed the generated code");
    }
}

/// How a property named `name` shows in the raw client: its field or its rename.
fn field_marks(raw: &str, name: &str) -> usize {
    raw.matches(&format!("pub {name}:")).count()
        + raw.matches(&format!("rename = \"{name}\"")).count()
}

/// The component properties that hold an inline union: (component, property).
fn inline_unions(spec: &Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (name, schema) in spec
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        for (prop, s) in schema
            .get("properties")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            if s.get("oneOf").or_else(|| s.get("anyOf")).is_some() && s.get("$ref").is_none() {
                out.push((name.clone(), prop.clone()));
            }
        }
    }
    out
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn a_property_named_like_a_keyword_keeps_its_field(seed in any::<usize>(), k in any::<usize>()) {
        let u = upstream_or_skip!();
        let components: Vec<&String> = u
            .structs
            .iter()
            .filter(|p| p.starts_with("/components/schemas/") && p.matches('/').count() == 3)
            .collect();
        let ptr = pick(&components, seed);
        let name = *pick(KEYWORD_NAMES, k);
        let mut spec = u.spec.clone();
        let schema = spec.pointer_mut(ptr).expect("schema");
        if schema["properties"].get(name).is_some() {
            return Ok(());
        }
        schema["properties"][name] = json!({"type": "string", "description": "a field named like a keyword"});
        let dir = SpecDir::new(&spec);
        let generated = aitoearn_codegen::generate_dir(&dir.dir, None)
            .map_err(|e| TestCaseError::fail(format!("generation failed: {e}")))?;
        let raw = |files: &[String]| field_marks(&files[0], name);
        let after: Vec<String> = generated.files.into_iter().map(|f| f.contents).collect();
        prop_assert!(
            raw(&after) > raw(&u.generated),
            "the property `{name}` added at {ptr} has no field in the raw client"
        );
    }

    #[test]
    fn an_inline_union_repeated_in_another_component_is_one_type(a in any::<usize>(), b in any::<usize>()) {
        let u = upstream_or_skip!();
        let unions = inline_unions(&u.spec);
        let (component, prop) = pick(&unions, a);
        let structs: Vec<&String> = u
            .structs
            .iter()
            .filter(|p| p.starts_with("/components/schemas/") && p.matches('/').count() == 3)
            .filter(|p| !p.ends_with(&format!("/{component}")))
            .collect();
        let target = pick(&structs, b);
        let mut spec = u.spec.clone();
        let union = u.spec["components"]["schemas"][component]["properties"][prop].clone();
        spec.pointer_mut(target).expect("schema")["properties"]["copiedUnion"] = union;
        let dir = SpecDir::new(&spec);
        let generated = aitoearn_codegen::generate_dir(&dir.dir, None)
            .map_err(|e| TestCaseError::fail(format!("generation failed: {e}")))?;
        let target_name = target.rsplit('/').next().unwrap_or_default();
        let alias = format!("{target_name}CopiedUnion");
        let normalized = &generated.normalized;
        let shared = &normalized.shared_unions;
        if shared.aliases.iter().any(|x| x.name == alias) || shared.types.contains(&alias) {
            return Ok(());
        }
        // Not one type: only when normalization made the two shapes differ
        // (a response's schema is relaxed, a request's keeps its checks).
        let place = |ptr: &str| normalized.spec.pointer(ptr).cloned().unwrap_or_default();
        let original = place(&format!("/components/schemas/{component}/properties/{prop}"));
        let copy = place(&format!("{target}/properties/copiedUnion"));
        prop_assert!(
            !aitoearn_codegen::internals::same_shape(&original, &copy, &normalized.enum_aliases),
            "the union of {component}.{prop} copied to {target} has its shape but is not one type: {shared:?}"
        );
    }
}
