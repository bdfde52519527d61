//! Language variants of the vendored spec (`openapi/en`, `openapi/zh`): the
//! generated doc comments are English by default and Chinese when chosen;
//! a translation that differs in structure builds, with located warnings.

mod common;

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
    let spec = aitoearn_codegen::load_spec_dir(&vendored(), lang)
        .unwrap()
        .spec;
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
    let en = aitoearn_codegen::load_spec_dir(&vendored(), Some("en"))
        .unwrap()
        .spec;
    let zh = aitoearn_codegen::load_spec_dir(&vendored(), Some("zh"))
        .unwrap()
        .spec;
    let op = "/paths/~1api~1v2~1channels~1publish~1records~1{recordId}/get";
    let required = |spec: &Value| {
        spec.pointer(&format!("{op}/parameters/0/required"))
            .cloned()
    };
    assert_eq!(required(&en), Some(Value::Bool(true)));
    assert_eq!(required(&en), required(&zh));
    // Types, examples (their `message` aside) and tags come from the primary (zh) variant.
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

/// The examples of a media type, with the `message` each lends in the
/// documentation language left out.
fn examples(content: &Value) -> Value {
    let mut examples = content["application/json"]["examples"].clone();
    if let Some(map) = examples.as_object_mut() {
        for example in map.values_mut() {
            if let Some(value) = example.get_mut("value").and_then(Value::as_object_mut) {
                value.remove("message");
            }
        }
    }
    examples
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

/// The warnings of generating from `dir`, as `build.rs` prints them.
fn warnings(dir: &Path) -> Vec<String> {
    let generated = aitoearn_codegen::generate_dir(dir, None).expect("a translation never fails");
    generated
        .normalized
        .warnings
        .iter()
        .map(|w| w.relative_to(dir).to_string())
        .collect()
}

#[test]
fn a_structural_difference_is_a_located_warning_and_the_primary_stands() {
    let dir = copy_of_vendored("mismatch");
    let works = "/api/v2/channels/works/{platform}";
    edit(&dir.join("en/aitoearn.openapi.json"), |spec| {
        let op = &mut spec["paths"][works]["get"];
        op["parameters"][1]["required"] = Value::Bool(false);
        op["parameters"][1]["description"] = Value::String("Differs".into());
        op["summary"] = Value::String("Works of an account".into());
    });
    let lines = warnings(&dir);
    assert_eq!(
        lines,
        [
            "en#/paths/~1api~1v2~1channels~1works~1{platform}/get/parameters/1/required: \
             the `en` variant differs from `zh` in structure (true in zh/, false in en/); \
             zh/ stands here"
        ],
        "{lines:?}"
    );
    let spec = aitoearn_codegen::load_spec_dir(&dir, None).unwrap().spec;
    let op = &spec["paths"][works]["get"];
    // The structure is zh's; the operation agrees, so its summary is English;
    // the parameter does not, so its text stays zh's.
    assert_eq!(op["parameters"][1]["required"], Value::Bool(true));
    assert_eq!(op["summary"], "Works of an account");
    let zh = aitoearn_codegen::load_spec_dir(&dir, Some("zh"))
        .unwrap()
        .spec;
    assert_eq!(
        op["parameters"][1]["description"],
        zh["paths"][works]["get"]["parameters"][1]["description"]
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn many_differences_are_counted_and_the_first_few_listed() {
    let dir = copy_of_vendored("many");
    edit(&dir.join("en/aitoearn.openapi.json"), |spec| {
        let schemas = spec["components"]["schemas"].as_object_mut().unwrap();
        for (_, schema) in schemas.iter_mut() {
            schema["minProperties"] = Value::from(7);
        }
        for (_, item) in spec["paths"].as_object_mut().unwrap() {
            for (_, op) in item.as_object_mut().unwrap() {
                op["minProperties"] = Value::from(7);
            }
        }
    });
    let spec = aitoearn_codegen::load_spec_dir(&vendored(), Some("zh"))
        .unwrap()
        .spec;
    let operations: usize = spec["paths"]
        .as_object()
        .unwrap()
        .values()
        .map(|item| item.as_object().unwrap().len())
        .sum();
    let count = spec["components"]["schemas"].as_object().unwrap().len() + operations;
    assert!(count > languages::LISTED_DIFFERENCES);
    let lines = warnings(&dir);
    assert_eq!(lines.len(), languages::LISTED_DIFFERENCES + 1, "{lines:?}");
    assert!(lines[..languages::LISTED_DIFFERENCES]
        .iter()
        .all(|l| l.contains("/minProperties: ") && l.contains("absent in zh/, 7 in en/")));
    assert_eq!(
        lines.last().unwrap(),
        &format!(
            "en#: the `en` variant differs from `zh` in structure at {count} places \
             (the first 5 listed); zh/ stands at each"
        )
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_empty_language_directory_and_a_missing_doc_language_are_warnings() {
    let dir = copy_of_vendored("empty");
    std::fs::remove_file(dir.join("en/aitoearn.openapi.json")).unwrap();
    assert_eq!(
        warnings(&dir),
        ["en#: the `en` language directory holds no spec file; it is ignored"]
    );
    let generated = aitoearn_codegen::generate_dir(&dir, Some("fr")).unwrap();
    let lines: Vec<String> = generated
        .normalized
        .warnings
        .iter()
        .map(|w| w.relative_to(&dir).to_string())
        .collect();
    assert!(
        lines.iter().any(|l| l.contains("no `fr` variant")
            && l.contains("(have: zh/)")
            && l.contains("the doc text is zh/'s")),
        "{lines:?}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// The generated files' tokens with every doc attribute removed: what a
/// caller's code can name.
fn code_without_docs(dir: &Path, lang: &str) -> Vec<(String, String)> {
    let generated = aitoearn_codegen::generate_dir(dir, Some(lang)).unwrap();
    generated
        .files
        .into_iter()
        .map(|f| {
            let tokens: proc_macro2::TokenStream = f.contents.parse().expect("generated Rust");
            let mut out = String::new();
            undocumented(tokens, &mut out);
            (f.name.to_string(), out)
        })
        .collect()
}

/// Append `tokens` without `#[doc = ...]` / `#![doc = ...]` attributes
/// (doc comments are such attributes) to `out`, one token a line.
fn undocumented(tokens: proc_macro2::TokenStream, out: &mut String) {
    use proc_macro2::{Delimiter, TokenTree};
    let is_doc = |tree: Option<&TokenTree>| match tree {
        Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Bracket => g
            .stream()
            .into_iter()
            .next()
            .is_some_and(|t| t.to_string() == "doc"),
        _ => false,
    };
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    let mut i = 0;
    while i < trees.len() {
        if matches!(&trees[i], TokenTree::Punct(p) if p.as_char() == '#') {
            let bang = matches!(trees.get(i + 1), Some(TokenTree::Punct(p)) if p.as_char() == '!');
            let attr = i + 1 + usize::from(bang);
            if is_doc(trees.get(attr)) {
                i = attr + 1;
                continue;
            }
        }
        match &trees[i] {
            TokenTree::Group(g) => {
                out.push_str(&format!("{:?}(\n", g.delimiter()));
                undocumented(g.stream(), out);
                out.push_str(")\n");
            }
            other => {
                out.push_str(&other.to_string());
                out.push('\n');
            }
        }
        i += 1;
    }
}

/// Upstream's own pair (`../shared/upstream`, zh and en of one commit):
/// builds without a warning about the variants, with English docs where the
/// two agree, and the same identifiers as the primary variant alone.
#[test]
fn upstream_pair_builds_with_english_docs_and_primary_identifiers() {
    let Some(dir) = common::shared("upstream") else {
        eprintln!("skip: ../shared/upstream is absent (upstream's zh and en spec pair)");
        return;
    };
    if !dir.join("en").is_dir() {
        eprintln!("skip: ../shared/upstream/en is absent");
        return;
    }
    assert!(
        !warnings(&dir).iter().any(|w| w.contains("variant")),
        "upstream's variants agree in structure"
    );
    let (en, zh) = (code_without_docs(&dir, "en"), code_without_docs(&dir, "zh"));
    for ((name, en), (_, zh)) in en.iter().zip(&zh) {
        // Example bodies differ in their `message`, which the documentation
        // language lends; everything else is the same.
        let message = |line: &str| line.contains(r#"\"message\":"#);
        let first = en
            .lines()
            .zip(zh.lines())
            .find(|(a, b)| a != b && !(message(a) && message(b)));
        assert!(
            first.is_none(),
            "{name}: identifiers come from zh/ alone: {first:?}"
        );
        assert_eq!(en.lines().count(), zh.lines().count(), "{name}");
    }
    let ops = aitoearn_codegen::generate_dir(&dir, None).unwrap();
    let ops = &ops
        .files
        .iter()
        .find(|f| f.name == "operations.rs")
        .unwrap()
        .contents;
    let docs: String = ops
        .lines()
        .filter(|l| l.trim_start().starts_with("///"))
        .collect();
    let cjk = docs
        .chars()
        .filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c))
        .count();
    assert!(docs.contains("OpenAI"), "English operation docs");
    assert!(
        cjk * 100 < docs.chars().count(),
        "{cjk} CJK characters in the docs"
    );
}

#[test]
fn stray_files_beside_language_directories_are_an_error() {
    let dir = copy_of_vendored("stray");
    std::fs::write(dir.join("extra.json"), "{}").unwrap();
    let message = aitoearn_codegen::load_spec_dir(&dir, None)
        .unwrap_err()
        .to_string();
    assert!(
        message.contains("keeps every JSON file in a language directory"),
        "{message}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
