//! Language variants of the vendored spec (`openapi/en`, `openapi/zh`): the
//! generated doc comments are English by default and Chinese when chosen,
//! and variants that describe different APIs fail with the first difference.

use std::path::{Path, PathBuf};

use aitoearn_codegen::languages;
use serde_json::Value;

const EN_DOC: &str = "Gets the details of a publish record by its ID.";
const ZH_DOC: &str = "根据记录 ID 获取发布记录详情";

fn vendored() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../openapi")
}

/// The generated SDK methods (operations.rs) for one documentation language.
fn methods(lang: Option<&str>) -> String {
    let spec = languages::load(&vendored(), lang).unwrap();
    let generated = aitoearn_codegen::generate(&spec).unwrap();
    generated
        .files
        .into_iter()
        .find(|f| f.name == "operations.rs")
        .unwrap()
        .contents
}

#[test]
fn method_docs_are_english_by_default_and_chinese_when_chosen() {
    let default = methods(None);
    assert!(default.contains(EN_DOC) && !default.contains(ZH_DOC));
    assert_eq!(methods(Some("en")), default);
    let zh = methods(Some("zh"));
    assert!(zh.contains(ZH_DOC) && !zh.contains(EN_DOC));
}

#[test]
fn variants_differ_only_in_text() {
    let en = languages::load(&vendored(), Some("en")).unwrap();
    let zh = languages::load(&vendored(), Some("zh")).unwrap();
    let op = "/paths/~1api~1v2~1channels~1publish~1records~1{recordId}/get";
    let required = |spec: &Value| {
        spec.pointer(&format!("{op}/parameters/0/required"))
            .cloned()
    };
    assert_eq!(required(&en), Some(Value::Bool(true)));
    assert_eq!(required(&en), required(&zh));
    // Types, examples and tags come from the primary (zh) variant.
    assert_eq!(
        en.pointer(&format!("{op}/tags")),
        zh.pointer(&format!("{op}/tags"))
    );
    assert_eq!(
        en.pointer(&format!("{op}/responses/200/content"))
            .map(examples),
        zh.pointer(&format!("{op}/responses/200/content"))
            .map(examples)
    );
    assert_eq!(
        en.pointer(&format!("{op}/summary")).unwrap(),
        "Get a publish record"
    );
}

fn examples(content: &Value) -> Value {
    content["application/json"]["examples"].clone()
}

/// A copy of the vendored variants in a fresh directory.
fn copy_of_vendored(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("aitoearn-variants-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for lang in ["en", "zh"] {
        std::fs::create_dir_all(dir.join(lang)).unwrap();
        std::fs::copy(
            vendored().join(lang).join("aitoearn.openapi.json"),
            dir.join(lang).join("aitoearn.openapi.json"),
        )
        .unwrap();
    }
    dir
}

fn edit(file: &Path, change: impl FnOnce(&mut Value)) {
    let mut spec: Value = serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
    change(&mut spec);
    std::fs::write(file, spec.to_string()).unwrap();
}

#[test]
fn a_structural_difference_names_the_first_difference() {
    let dir = copy_of_vendored("mismatch");
    let en = dir.join("en/aitoearn.openapi.json");
    edit(&en, |spec| {
        spec["paths"]["/api/v2/channels/works/{platform}"]["get"]["parameters"][1]["required"] =
            Value::Bool(false);
    });
    let message = languages::load(&dir, None).unwrap_err().to_string();
    assert!(
        message.starts_with(&dir.join("en").display().to_string()),
        "{message}"
    );
    assert!(
        message
            .contains("#/paths/~1api~1v2~1channels~1works~1{platform}/get/parameters/1/required"),
        "{message}"
    );
    assert!(message.contains("true in zh/, false in en/"), "{message}");
    assert!(message.contains("describe different APIs"), "{message}");

    // Text alone may differ.
    let dir = copy_of_vendored("text");
    edit(&dir.join("en/aitoearn.openapi.json"), |spec| {
        spec["paths"]["/api/v2/channels/works/{platform}"]["get"]["summary"] =
            Value::String("Works of an account".into());
    });
    let spec = languages::load(&dir, None).unwrap();
    assert_eq!(
        spec["paths"]["/api/v2/channels/works/{platform}"]["get"]["summary"],
        "Works of an account"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_language_without_a_variant_is_an_error() {
    let message = languages::load(&vendored(), Some("fr"))
        .unwrap_err()
        .to_string();
    assert!(
        message.contains("no `fr` variant") && message.contains("en/, zh/"),
        "{message}"
    );
}
