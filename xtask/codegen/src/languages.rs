//! Language variants of one spec.
//!
//! The docs site publishes the same OpenAPI document in several languages
//! (`/openapi/zh/aitoearn.openapi.json`, `/openapi/en/...`). A spec
//! directory laid out that way (`<dir>/<lang>/*.json`) holds variants that
//! must describe the same API: they may differ only in human-readable text
//! (`summary`, `description`, `title`, tag names, examples). The types come
//! from the [`PRIMARY`] variant (the one upstream writes first) and the doc
//! text from the language chosen at build time, where that variant has it.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::error::{CodegenError, Result};
use crate::schema::escape_pointer_token;

/// The variant the structure (types, examples, tags) is taken from, when present.
pub const PRIMARY: &str = "zh";

/// The documentation language used when none is chosen.
pub const DEFAULT_DOC_LANG: &str = "en";

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

fn is_language_tag(name: &str) -> bool {
    let mut parts = name.split('-');
    let primary = parts.next().unwrap_or("");
    (2..=3).contains(&primary.len())
        && primary.bytes().all(|b| b.is_ascii_lowercase())
        && parts
            .all(|p| !p.is_empty() && p.len() <= 8 && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// Load the spec under `dir` with its doc text in `doc_lang`.
///
/// Without language subdirectories, every `*.json` under `dir` is one spec
/// (see [`crate::spec::load_merged`]). With them, each variant is loaded on
/// its own, every variant must match the primary one structurally (the
/// error names the first difference), and the result is the primary variant
/// with the text of `doc_lang` where that variant has it. `doc_lang` `None`
/// means [`DEFAULT_DOC_LANG`] if present, else the primary variant's text; a
/// language asked for by name must exist.
pub fn load(dir: &Path, doc_lang: Option<&str>) -> Result<Value> {
    load_with(dir, doc_lang, |d, _| crate::spec::load_merged(d))
}

/// [`load`], reading each directory (the spec directory, or one language's)
/// with `read`, which is also told whether it is the variant the structure
/// is taken from.
pub fn load_with(
    dir: &Path,
    doc_lang: Option<&str>,
    mut read: impl FnMut(&Path, bool) -> Result<Value>,
) -> Result<Value> {
    let langs = language_dirs(dir)?;
    if langs.is_empty() {
        return read(dir, true);
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
    let base_index = langs
        .iter()
        .position(|(lang, _)| lang == PRIMARY)
        .unwrap_or(0);
    let mut variants = Vec::new();
    for (index, (lang, path)) in langs.iter().enumerate() {
        variants.push((lang.as_str(), path, read(path, index == base_index)?));
    }
    let (base_lang, _, base) = &variants[base_index];
    for (lang, path, other) in &variants {
        if lang == base_lang {
            continue;
        }
        if let Some(diff) = first_difference(base, other, Context::Keyword, String::new()) {
            return Err(CodegenError::at(
                diff.pointer,
                format!(
                    "the language variants describe different APIs: {} in {base_lang}/, {} in {lang}/ \
                     (variants may differ only in summary, description, title, tag names and examples)",
                    diff.base, diff.other
                ),
            )
            .in_file(path));
        }
    }
    let docs = match doc_lang {
        Some(lang) => match variants.iter().find(|(l, ..)| *l == lang) {
            Some(v) => &v.2,
            None => {
                return Err(CodegenError::new(format!(
                    "no `{lang}` variant of the spec for the documentation language (have: {})",
                    names(&langs)
                ))
                .in_file(dir))
            }
        },
        None => variants
            .iter()
            .find(|(l, ..)| *l == DEFAULT_DOC_LANG)
            .map_or(base, |v| &v.2),
    };
    let mut out = base.clone();
    overlay_text(&mut out, docs, Context::Keyword);
    Ok(out)
}

fn names(langs: &[(String, PathBuf)]) -> String {
    langs
        .iter()
        .map(|(l, _)| format!("{l}/"))
        .collect::<Vec<_>>()
        .join(", ")
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

/// Where two variants first differ, and what each has there.
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

fn first_difference(
    base: &Value,
    other: &Value,
    context: Context,
    pointer: String,
) -> Option<Difference> {
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
                let text = |v: Option<&Value>| v.is_some_and(|v| is_text(context, key, v));
                if text(x) || text(y) {
                    continue;
                }
                let here = format!("{pointer}/{}", escape_pointer_token(key));
                match (x, y) {
                    (Some(x), Some(y)) => {
                        if let Some(d) = first_difference(x, y, child_context(context, key), here) {
                            return Some(d);
                        }
                    }
                    _ => return Some(differ(x, y, here)),
                }
            }
            None
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            a.iter().zip(b).enumerate().find_map(|(i, (x, y))| {
                first_difference(x, y, Context::Keyword, format!("{pointer}/{i}"))
            })
        }
        _ if base == other => None,
        _ => Some(differ(Some(base), Some(other), pointer)),
    }
}

/// Copy the doc text of `docs` (summaries, descriptions, titles) onto `out`,
/// which has the same structure.
fn overlay_text(out: &mut Value, docs: &Value, context: Context) {
    match (out, docs) {
        (Value::Object(out), Value::Object(docs)) => {
            for (key, value) in docs {
                if !is_text(context, key, value) {
                    if let Some(slot) = out.get_mut(key) {
                        overlay_text(slot, value, child_context(context, key));
                    }
                } else if value.is_string() {
                    out.insert(key.clone(), value.clone());
                }
            }
        }
        (Value::Array(out), Value::Array(docs)) => {
            for (slot, value) in out.iter_mut().zip(docs) {
                overlay_text(slot, value, Context::Keyword);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn spec(summary: &str, required: bool) -> Value {
        json!({
            "paths": {"/a": {"get": {
                "summary": summary,
                "tags": [summary],
                "parameters": [{"name": "id", "in": "query", "required": required,
                                "description": summary, "schema": {"type": "string"}}],
                "responses": {"200": {"description": summary, "content": {"application/json": {
                    "example": {"x": summary},
                    "schema": {"type": "object", "properties": {
                        "description": {"type": "string", "description": summary}}}}}}}
            }}}
        })
    }

    #[test]
    fn text_may_differ_structure_may_not() {
        let zh = spec("中文", true);
        assert!(
            first_difference(&zh, &spec("English", true), Context::Keyword, String::new())
                .is_none()
        );
        let d = first_difference(
            &zh,
            &spec("English", false),
            Context::Keyword,
            String::new(),
        )
        .unwrap();
        assert_eq!(d.pointer, "/paths/~1a/get/parameters/0/required");
        assert_eq!((d.base.as_str(), d.other.as_str()), ("true", "false"));
    }

    #[test]
    fn a_property_named_description_is_structure() {
        let zh = spec("中文", true);
        let mut en = spec("English", true);
        let props = &mut en["paths"]["/a"]["get"]["responses"]["200"]["content"]
            ["application/json"]["schema"]["properties"];
        props["description"] = json!({"type": "integer"});
        let d = first_difference(&zh, &en, Context::Keyword, String::new()).unwrap();
        assert!(d.pointer.ends_with("/properties/description/type"), "{d:?}");
    }

    #[test]
    fn overlay_takes_text_and_keeps_structure_and_examples() {
        let mut out = spec("中文", true);
        overlay_text(&mut out, &spec("English", true), Context::Keyword);
        let op = &out["paths"]["/a"]["get"];
        assert_eq!(op["summary"], "English");
        assert_eq!(op["parameters"][0]["description"], "English");
        assert_eq!(op["tags"], json!(["中文"]));
        let media = &op["responses"]["200"]["content"]["application/json"];
        assert_eq!(media["example"], json!({"x": "中文"}));
        assert_eq!(
            media["schema"]["properties"]["description"]["description"],
            "English"
        );
    }

    #[test]
    fn language_tags() {
        for ok in ["en", "zh", "zh-hans", "pt-BR"] {
            assert!(is_language_tag(ok), "{ok}");
        }
        for bad in ["openapi", "e", "EN", "zh-", "1a"] {
            assert!(!is_language_tag(bad), "{bad}");
        }
    }
}
