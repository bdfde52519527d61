//! Pass: descriptions never become doctests.
//!
//! The construct: Markdown code in a `description` or `summary` (the docs
//! site writes request samples as ```` ``` ```` fences, sometimes indented).
//! progenitor and typify copy descriptions into doc comments, and rustdoc
//! compiles every untagged (or `rust`) fence and every indented block as a
//! Rust doctest, so `cargo test` would fail on a JSON or shell sample. The
//! pass tags such fences `text` and removes the indentation that would make
//! a paragraph an indented code block. Example values are left untouched.

use serde_json::Value;

use crate::schema::locate::document_objects_mut;
use crate::schema::walk_spec_mut;

/// The keys whose text becomes a doc comment.
const TEXT_KEYS: [&str; 3] = ["description", "summary", "title"];

/// Rewrite every description, summary and title in the spec: in schemas
/// through the schema walker (so a property *named* `example` or
/// `description` is a field like any other), elsewhere (operations,
/// parameters, responses, `info`) by walking the document around them.
pub fn neutralize_code_blocks(spec: &mut Value) {
    walk_spec_mut(spec, &mut fix_texts);
    document_objects_mut(spec, &mut fix_texts_in);
}

/// Fix the text keys of one schema.
fn fix_texts(node: &mut Value) {
    if let Value::Object(map) = node {
        fix_texts_in(map);
    }
}

/// Fix the text keys of one object (a schema, an operation, ...).
fn fix_texts_in(map: &mut serde_json::Map<String, Value>) {
    for key in TEXT_KEYS {
        if let Some(Value::String(text)) = map.get_mut(key) {
            if let Some(fixed) = fix_markdown(text) {
                *text = fixed;
            }
        }
    }
}

/// The text with Rust-testable code blocks made plain text, or `None` when
/// there is nothing to change.
pub fn fix_markdown(text: &str) -> Option<String> {
    let mut out = Vec::new();
    let mut fence: Option<&str> = None;
    let mut changed = false;
    for line in text.lines() {
        let trimmed = line.trim_start();
        let marker = ["```", "~~~"].into_iter().find(|m| trimmed.starts_with(m));
        match (fence, marker) {
            (None, Some(m)) => {
                fence = Some(m);
                let info = trimmed.trim_start_matches(m).trim();
                if info.is_empty() || info.split([',', ' ']).any(|w| w == "rust") {
                    out.push(format!("{m}text"));
                    changed = true;
                } else {
                    out.push(trimmed.to_string());
                    changed |= trimmed.len() != line.len();
                }
            }
            (Some(open), Some(m))
                if m == open && trimmed.trim_start_matches(m).trim().is_empty() =>
            {
                fence = None;
                out.push(m.to_string());
                changed |= trimmed.len() != m.len();
            }
            (Some(_), _) => out.push(line.to_string()),
            (None, None) if line.starts_with("    ") || line.starts_with('\t') => {
                out.push(trimmed.to_string());
                changed = true;
            }
            (None, None) => out.push(line.to_string()),
        }
    }
    changed.then(|| out.join("\n"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn fences_become_text_and_indented_blocks_are_flattened() {
        let mut spec = json!({"paths": {"/x": {"get": {
            "description": "调用示例：\n```\nlet x = ;\n```\n\n    curl -X GET\n```json\n{\"a\": 1}\n```",
            "responses": {"200": {"content": {"application/json": {"example": {"description": "```\nkept\n```"}}}}}
        }}}});
        neutralize_code_blocks(&mut spec);
        let op = &spec["paths"]["/x"]["get"];
        assert_eq!(
            op["description"],
            "调用示例：\n```text\nlet x = ;\n```\n\ncurl -X GET\n```json\n{\"a\": 1}\n```"
        );
        assert_eq!(
            op["responses"]["200"]["content"]["application/json"]["example"]["description"],
            "```\nkept\n```"
        );
        assert_eq!(fix_markdown("plain"), None);

        // In a schema, a property named `example` is a field: its description
        // is fixed; an example value that holds a `description` is not.
        let mut spec = json!({"components": {"schemas": {"Vo": {
            "type": "object",
            "properties": {"example": {"type": "string", "description": "```\nlet y = ;\n```"}},
            "example": {"description": "```\nkept\n```"}
        }}}});
        neutralize_code_blocks(&mut spec);
        let vo = &spec["components"]["schemas"]["Vo"];
        assert_eq!(
            vo["properties"]["example"]["description"],
            "```text\nlet y = ;\n```"
        );
        assert_eq!(vo["example"]["description"], "```\nkept\n```");
        assert_eq!(
            fix_markdown("```rust,ignore\nx\n```").as_deref(),
            Some("```text\nx\n```")
        );
    }
}
