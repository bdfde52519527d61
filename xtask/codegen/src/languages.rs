//! Language variants of one spec.
//!
//! The docs site publishes the same OpenAPI document in several languages
//! (`/openapi/zh/aitoearn.openapi.json`, `/openapi/en/...`), written from the
//! same upstream commit but not always in step: a translation may lag or lead
//! the [`PRIMARY`] variant by a `required` name, a property or a `default`.
//! A spec directory laid out that way (`<dir>/<lang>/*.json`) is read as
//! follows, and a translation never fails a build:
//!
//! - the structure, and so every identifier the generator derives (type,
//!   method and `ErrorCode` variant names), tags and examples, comes from the
//!   primary variant alone;
//! - the documentation language lends its `summary` and `description` text
//!   (and the API's `info.title`) only where its JSON pointer exists in the
//!   primary variant and the object holding it has the same structure there;
//!   everywhere else the primary's text stands. It also lends the `message`
//!   of a named example whose business `code` is the primary's (the text
//!   `ErrorCode`'s documentation is written from, and what the sandbox
//!   answers with);
//! - every other variant is compared with the primary one, text aside, and
//!   each structural difference is reported in a bounded set of warnings
//!   (a count and the first [`LISTED_DIFFERENCES`] pointers with both
//!   values). Vendor extensions the generator does not read (`x-mint`,
//!   `x-aitoearn-backend`, ...) are not compared;
//! - an empty language directory, or a documentation language with no
//!   variant, is ignored with a warning.

use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::error::{CodegenError, Result, Warning};
use crate::schema::escape_pointer_token;

/// The variant the structure (types, examples, tags) is taken from, when present.
pub const PRIMARY: &str = "zh";

/// The documentation language used when none is chosen.
pub const DEFAULT_DOC_LANG: &str = "en";

/// How many structural differences between two variants are listed by
/// pointer; the rest are counted.
pub const LISTED_DIFFERENCES: usize = 5;

/// Vendor extensions something in the generator reads (typify's type
/// override); every other `x-` key is upstream's own
/// and not compared between variants.
const READ_EXTENSIONS: &[&str] = &["x-rust-type"];

/// The language subdirectories of `dir` (names like `en`, `zh`, `zh-hans`),
/// sorted; empty when `dir` is not laid out by language.
pub fn language_dirs(dir: &Path) -> Result<Vec<(String, PathBuf)>> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| CodegenError::new(format!("cannot read directory: {e}")).in_file(dir))?;
    let mut out = Vec::new();
    for entry in entries {
        let path = entry
            .map_err(|e| CodegenError::new(format!("cannot list directory: {e}")).in_file(dir))?
            .path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if path.is_dir() && is_language_tag(name) {
            out.push((name.to_string(), path));
        }
    }
    out.sort();
    Ok(out)
}

/// Whether `name` is a language tag as the docs site spells one in its spec
/// URLs (`en`, `zh`, `zh-hans`, `pt-BR`): safe as a directory name.
pub fn is_language_tag(name: &str) -> bool {
    let mut parts = name.split('-');
    let primary = parts.next().unwrap_or("");
    (2..=3).contains(&primary.len())
        && primary.bytes().all(|b| b.is_ascii_lowercase())
        && parts
            .all(|p| !p.is_empty() && p.len() <= 8 && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// A spec read from a directory, with what reading its language variants
/// had to report.
#[derive(Debug)]
pub(crate) struct Loaded {
    /// The primary variant's structure, with the documentation language's text.
    pub spec: Value,
    /// Structural differences between the variants, ignored directories, a
    /// documentation language with no variant.
    pub warnings: Vec<Warning>,
}

/// Read the spec under `dir` with its doc text in `doc_lang`, reading each
/// directory (the spec directory, or one language's) with `read`, which is
/// also told whether it is the variant the structure is taken from.
///
/// Without language subdirectories, `dir` is one spec. With them, see the
/// [module documentation](self). `doc_lang` `None` means
/// [`DEFAULT_DOC_LANG`] if present, else the primary variant's text.
/// [`crate::load::load_spec_dir`] is the one caller: it gives `read`.
pub(crate) fn load_with(
    dir: &Path,
    doc_lang: Option<&str>,
    mut read: impl FnMut(&Path, bool) -> Result<Value>,
) -> Result<Loaded> {
    let langs = language_dirs(dir)?;
    if langs.is_empty() {
        return Ok(Loaded {
            spec: read(dir, true)?,
            warnings: Vec::new(),
        });
    }
    let stray: Vec<_> = crate::spec::json_files(dir)?
        .into_iter()
        .filter(|f| !langs.iter().any(|(_, d)| f.starts_with(d)))
        .collect();
    if let Some(file) = stray.first() {
        return Err(CodegenError::new(format!(
            "a spec laid out by language ({}) keeps every JSON file in a language directory",
            names(&langs)
        ))
        .in_file(file));
    }
    let mut warnings = Vec::new();
    let mut present = Vec::new();
    for (lang, path) in langs {
        if crate::spec::json_files(&path).is_ok() {
            present.push((lang, path));
        } else {
            warnings.push(located(
                &path,
                "",
                format!("the `{lang}` language directory holds no spec file; it is ignored"),
            ));
        }
    }
    let base_index = present
        .iter()
        .position(|(lang, _)| lang == PRIMARY)
        .unwrap_or(0);
    let mut variants = Vec::new();
    for (index, (lang, path)) in present.iter().enumerate() {
        variants.push((lang.as_str(), path, read(path, index == base_index)?));
    }
    let (base_lang, _, base) = &variants[base_index];
    for (lang, path, other) in &variants {
        if lang != base_lang {
            warnings.extend(difference_warnings(base_lang, base, lang, path, other));
        }
    }
    let docs = match doc_lang {
        Some(lang) => match variants.iter().find(|(l, ..)| *l == lang) {
            Some(v) => &v.2,
            None => {
                warnings.push(located(
                    dir,
                    "",
                    format!(
                        "no `{lang}` variant of the spec for the documentation language \
                         (have: {}); the doc text is {base_lang}/'s",
                        names(&present)
                    ),
                ));
                base
            }
        },
        None => variants
            .iter()
            .find(|(l, ..)| *l == DEFAULT_DOC_LANG)
            .map_or(base, |v| &v.2),
    };
    let mut spec = base.clone();
    overlay_text(&mut spec, docs, Context::Keyword);
    if let (Some(slot), Some(Value::String(title))) =
        (spec.pointer_mut("/info/title"), docs.pointer("/info/title"))
    {
        *slot = Value::String(title.clone());
    }
    Ok(Loaded { spec, warnings })
}

fn located(file: &Path, pointer: &str, message: String) -> Warning {
    let mut warning = Warning::at(pointer, message);
    warning.file = Some(file.to_path_buf());
    warning
}

fn names(langs: &[(String, PathBuf)]) -> String {
    langs
        .iter()
        .map(|(l, _)| format!("{l}/"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The warnings for the structural differences of variant `lang` from the
/// primary one: the first [`LISTED_DIFFERENCES`] at their pointers, then
/// the count when there are more.
fn difference_warnings(
    base_lang: &str,
    base: &Value,
    lang: &str,
    path: &Path,
    other: &Value,
) -> Vec<Warning> {
    let mut found = Vec::new();
    differences(base, other, Context::Keyword, String::new(), &mut found);
    let mut out: Vec<Warning> = found
        .iter()
        .take(LISTED_DIFFERENCES)
        .map(|d| {
            located(
                path,
                &d.pointer,
                format!(
                    "the `{lang}` variant differs from `{base_lang}` in structure ({} in {base_lang}/, \
                     {} in {lang}/); {base_lang}/ stands here",
                    d.base, d.other
                ),
            )
        })
        .collect();
    if found.len() > LISTED_DIFFERENCES {
        out.push(located(
            path,
            "",
            format!(
                "the `{lang}` variant differs from `{base_lang}` in structure at {} places \
                 (the first {LISTED_DIFFERENCES} listed); {base_lang}/ stands at each",
                found.len()
            ),
        ));
    }
    out
}

/// Whether an object's keys are OpenAPI keywords or names the document
/// chose (property names, paths, media types...): a property may be called
/// `description`, and it is then structure, not text.
#[derive(Clone, Copy, PartialEq)]
enum Context {
    Keyword,
    Names,
}

/// Keys whose value is a map from names to objects.
const NAME_MAPS: &[&str] = &[
    "properties",
    "patternProperties",
    "paths",
    "schemas",
    "responses",
    "parameters",
    "requestBodies",
    "headers",
    "securitySchemes",
    "links",
    "callbacks",
    "content",
    "encoding",
    "variables",
];

fn child_context(context: Context, key: &str) -> Context {
    if context == Context::Keyword && NAME_MAPS.contains(&key) {
        Context::Names
    } else {
        Context::Keyword
    }
}

/// Human-readable text: may differ between variants.
fn is_text(context: Context, key: &str, value: &Value) -> bool {
    context == Context::Keyword
        && match key {
            "summary" | "description" | "title" => value.is_string(),
            "example" | "examples" | "tags" => true,
            _ => false,
        }
}

/// Text a documentation language lends: not `title`, from which typify
/// derives type and variant names, nor examples and tags.
fn is_doc_text(context: Context, key: &str, value: &Value) -> bool {
    context == Context::Keyword && matches!(key, "summary" | "description") && value.is_string()
}

/// Neither text nor a vendor extension the generator leaves unread: the part
/// of a variant that must agree with the primary one.
fn is_compared(context: Context, key: &str, value: &Value) -> bool {
    let unread_extension =
        context == Context::Keyword && key.starts_with("x-") && !READ_EXTENSIONS.contains(&key);
    !is_text(context, key, value) && !unread_extension
}

/// Where two variants differ, and what each has there.
#[derive(Debug)]
struct Difference {
    pointer: String,
    base: String,
    other: String,
}

fn describe(value: Option<&Value>) -> String {
    match value {
        None => "absent".into(),
        Some(v) => {
            let mut text = v.to_string();
            if text.len() > 80 {
                let cut = (0..=80)
                    .rev()
                    .find(|&i| text.is_char_boundary(i))
                    .unwrap_or(0);
                text.truncate(cut);
                text.push('…');
            }
            text
        }
    }
}

/// Every structural difference of `other` from `base`, in document order.
fn differences(
    base: &Value,
    other: &Value,
    context: Context,
    pointer: String,
    out: &mut Vec<Difference>,
) {
    let differ = |base: Option<&Value>, other: Option<&Value>, pointer: String| Difference {
        pointer,
        base: describe(base),
        other: describe(other),
    };
    match (base, other) {
        (Value::Object(a), Value::Object(b)) => {
            let mut keys: Vec<&String> = a.keys().chain(b.keys()).collect();
            keys.sort();
            keys.dedup();
            for key in keys {
                let (x, y) = (a.get(key), b.get(key));
                let compared = |v: Option<&Value>| v.is_none_or(|v| is_compared(context, key, v));
                if !(compared(x) && compared(y)) {
                    continue;
                }
                let here = format!("{pointer}/{}", escape_pointer_token(key));
                match (x, y) {
                    (Some(x), Some(y)) => differences(x, y, child_context(context, key), here, out),
                    _ => out.push(differ(x, y, here)),
                }
            }
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                differences(x, y, Context::Keyword, format!("{pointer}/{i}"), out);
            }
        }
        _ if base == other => {}
        _ => out.push(differ(Some(base), Some(other), pointer)),
    }
}

/// Whether two objects agree at their own level: the same compared keys,
/// and the same values where those are not objects to walk into (a `type`,
/// a `required` list, an `enum`).
fn same_locally(a: &Map<String, Value>, b: &Map<String, Value>, context: Context) -> bool {
    let compared = |map: &Map<String, Value>| {
        map.iter()
            .filter(|(k, v)| is_compared(context, k, v))
            .map(|(k, _)| k.clone())
            .collect::<Vec<_>>()
    };
    let nested = |v: &Value| match v {
        Value::Object(_) => true,
        Value::Array(items) => items.iter().any(|i| i.is_object() || i.is_array()),
        _ => false,
    };
    compared(a) == compared(b)
        && a.iter()
            .filter(|(k, v)| is_compared(context, k, v) && !nested(v))
            .all(|(k, v)| b.get(k) == Some(v))
}

/// Copy the doc text of `docs` onto `out` (the primary variant) where the
/// primary has text at the same pointer and the object holding it agrees
/// with the primary's at its own level; walk on into what both have.
fn overlay_text(out: &mut Value, docs: &Value, context: Context) {
    match (out, docs) {
        (Value::Object(out), Value::Object(docs)) => {
            let agree = same_locally(out, docs, context);
            for (key, slot) in out.iter_mut() {
                let Some(value) = docs.get(key) else {
                    continue;
                };
                if is_text(context, key, slot) || is_text(context, key, value) {
                    if agree && is_doc_text(context, key, slot) && value.is_string() {
                        *slot = value.clone();
                    } else if agree && key == "examples" {
                        overlay_example_messages(slot, value);
                    }
                } else {
                    overlay_text(slot, value, child_context(context, key));
                }
            }
        }
        (Value::Array(out), Value::Array(docs)) if out.len() == docs.len() => {
            for (slot, value) in out.iter_mut().zip(docs) {
                overlay_text(slot, value, Context::Keyword);
            }
        }
        _ => {}
    }
}

/// The `message` of each named example (`examples: {name: {value: {code,
/// message}}}`) from `docs`, where the example there has the same `code`.
fn overlay_example_messages(out: &mut Value, docs: &Value) {
    let (Value::Object(out), Value::Object(docs)) = (out, docs) else {
        return;
    };
    for (name, example) in out.iter_mut() {
        let Some(theirs) = docs.get(name).and_then(|e| e.get("value")) else {
            continue;
        };
        let Some(ours) = example.get_mut("value").and_then(Value::as_object_mut) else {
            continue;
        };
        let same_code = ours.get("code").is_some() && ours.get("code") == theirs.get("code");
        if let (true, Some(Value::String(_)), Some(Value::String(message))) =
            (same_code, ours.get("message"), theirs.get("message"))
        {
            ours.insert("message".into(), Value::String(message.clone()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn spec(summary: &str, required: bool) -> Value {
        json!({
            "info": {"title": summary, "version": "1"},
            "paths": {"/a": {"get": {
                "summary": summary,
                "tags": [summary],
                "x-mint": {"href": format!("/{summary}")},
                "parameters": [{"name": "id", "in": "query", "required": required,
                                "description": summary, "schema": {"type": "string"}}],
                "responses": {"200": {"description": summary, "content": {"application/json": {
                    "example": {"x": summary},
                    "schema": {"type": "object", "title": summary, "properties": {
                        "description": {"type": "string", "description": summary}}}}}}}
            }}}
        })
    }

    fn all_differences(base: &Value, other: &Value) -> Vec<Difference> {
        let mut out = Vec::new();
        differences(base, other, Context::Keyword, String::new(), &mut out);
        out
    }

    #[test]
    fn text_and_unread_extensions_may_differ_structure_may_not() {
        let zh = spec("中文", true);
        assert!(all_differences(&zh, &spec("English", true)).is_empty());
        let d = all_differences(&zh, &spec("English", false));
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].pointer, "/paths/~1a/get/parameters/0/required");
        assert_eq!((d[0].base.as_str(), d[0].other.as_str()), ("true", "false"));
        let mut typed = spec("English", true);
        typed["paths"]["/a"]["get"]["x-rust-type"] = json!({"crate": "x"});
        assert_eq!(
            all_differences(&zh, &typed)[0].pointer,
            "/paths/~1a/get/x-rust-type"
        );
    }

    #[test]
    fn an_error_example_lends_its_message_where_its_code_is_the_same() {
        let with_examples = |summary: &str, first: Value, second: Value| {
            let mut s = spec(summary, true);
            s["paths"]["/a"]["get"]["responses"]["200"]["content"]["application/json"]
                ["examples"] = json!({"notFound": {"value": first}, "denied": {"value": second}});
            s
        };
        let mut out = with_examples(
            "中文",
            json!({"code": 15000, "message": "发布记录未找到"}),
            json!({"code": 401, "message": "未认证"}),
        );
        let en = with_examples(
            "English",
            json!({"code": 15000, "message": "Publish record not found"}),
            json!({"code": 403, "message": "Forbidden"}),
        );
        overlay_text(&mut out, &en, Context::Keyword);
        let examples = &out["paths"]["/a"]["get"]["responses"]["200"]["content"]
            ["application/json"]["examples"];
        assert_eq!(
            examples["notFound"]["value"]["message"],
            "Publish record not found"
        );
        // Another code: not the same example; the primary's text stands.
        assert_eq!(examples["denied"]["value"]["message"], "未认证");
    }

    #[test]
    fn every_difference_is_found() {
        let zh = spec("中文", true);
        let mut en = spec("English", false);
        let schema = &mut en["paths"]["/a"]["get"]["responses"]["200"]["content"]
            ["application/json"]["schema"];
        schema["properties"]["description"] = json!({"type": "integer"});
        schema["additionalProperties"] = json!(false);
        let pointers: Vec<String> = all_differences(&zh, &en)
            .into_iter()
            .map(|d| d.pointer)
            .collect();
        let schema = "/paths/~1a/get/responses/200/content/application~1json/schema";
        assert_eq!(
            pointers,
            [
                "/paths/~1a/get/parameters/0/required".to_string(),
                format!("{schema}/additionalProperties"),
                format!("{schema}/properties/description/type"),
            ]
        );
    }

    #[test]
    fn overlay_takes_text_where_the_structure_agrees() {
        let mut out = spec("中文", true);
        overlay_text(&mut out, &spec("English", false), Context::Keyword);
        let op = &out["paths"]["/a"]["get"];
        assert_eq!(op["summary"], "English");
        // The parameter object differs from the primary's: its text stands.
        assert_eq!(op["parameters"][0]["description"], "中文");
        // Tags, examples and titles (type names) stay the primary's.
        assert_eq!(op["tags"], json!(["中文"]));
        let media = &op["responses"]["200"]["content"]["application/json"];
        assert_eq!(media["example"], json!({"x": "中文"}));
        assert_eq!(media["schema"]["title"], "中文");
        assert_eq!(
            media["schema"]["properties"]["description"]["description"],
            "English"
        );
    }

    #[test]
    fn overlay_never_adds_text_or_zips_arrays_of_other_lengths() {
        let mut out = spec("中文", true);
        let mut en = spec("English", true);
        let op = &mut en["paths"]["/a"]["get"];
        op["description"] = json!("only in English");
        op["parameters"].as_array_mut().unwrap().insert(
            0,
            json!({"name": "new", "in": "query", "description": "New"}),
        );
        overlay_text(&mut out, &en, Context::Keyword);
        let op = &out["paths"]["/a"]["get"];
        assert!(op.get("description").is_none());
        assert_eq!(op["parameters"][0]["description"], "中文");
    }

    #[test]
    fn language_tags() {
        for ok in ["en", "zh", "zh-hans", "pt-BR"] {
            assert!(is_language_tag(ok), "{ok}");
        }
        for bad in ["openapi", "e", "EN", "zh-", "1a", "..", "../x", "en/x"] {
            assert!(!is_language_tag(bad), "{bad}");
        }
    }
}
