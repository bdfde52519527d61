//! What docs.rs renders: the `[package.metadata.docs.rs]` feature set, in
//! the default (English) documentation language. The library's unit tests
//! are built with the features that set lists (the dev-dependency's), so the
//! generated code in `OUT_DIR` is what docs.rs documents.

/// Share of CJK characters allowed in the generated doc comments: names of
/// Chinese platforms aside, the English build is English.
const MAX_CJK_SHARE: f64 = 0.02;

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{9fff}' | '\u{ff00}'..='\u{ffef}')
}

/// The text of every doc comment (`///`, `//!`, `#[doc = "..."]`, the last
/// also when prettyplease breaks it over lines) in `code`.
fn doc_text(code: &str) -> String {
    let mut out = String::new();
    for line in code.lines() {
        let line = line.trim_start();
        if let Some(text) = line
            .strip_prefix("///")
            .or_else(|| line.strip_prefix("//!"))
        {
            out.push_str(text);
        }
    }
    let mut rest = code;
    while let Some(at) = rest.find("#[doc =") {
        rest = rest[at + 7..].trim_start();
        let Some(quoted) = rest.strip_prefix('"') else {
            continue;
        };
        let end = quoted.find('"').unwrap_or(quoted.len());
        out.push_str(&quoted[..end]);
        rest = &quoted[end..];
    }
    out
}

/// The `[package.metadata.docs.rs]` table of the crate's manifest, as lines.
fn docs_rs_metadata() -> Vec<String> {
    let manifest = include_str!("../Cargo.toml");
    manifest
        .lines()
        .skip_while(|l| l.trim() != "[package.metadata.docs.rs]")
        .skip(1)
        .take_while(|l| !l.trim_start().starts_with('['))
        .map(str::to_string)
        .collect()
}

#[test]
fn docs_rs_documents_every_api_feature_and_never_turns_on_chinese() {
    let metadata = docs_rs_metadata().join("\n");
    assert!(
        !metadata.contains("all-features"),
        "`all-features` would turn on `docs-zh`: list the features\n{metadata}"
    );
    assert!(!metadata.contains("docs-zh"), "{metadata}");
    // Every feature that gates public API (the ones `doc(cfg)` marks).
    for feature in ["dynamic", "sandbox", "unstable-raw"] {
        assert!(
            metadata.contains(&format!("\"{feature}\"")),
            "docs.rs does not document feature `{feature}`:\n{metadata}"
        );
    }
}

#[test]
fn generated_docs_are_english_in_the_default_language() {
    if cfg!(feature = "docs-zh") || option_env!("AITOEARN_DOCS_LANG").is_some_and(|l| l != "en") {
        println!("skip: this build chose another documentation language");
        return;
    }
    let mut text = String::new();
    for entry in std::fs::read_dir(env!("OUT_DIR")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "rs") {
            let code = std::fs::read_to_string(&path).unwrap();
            // `ErrorCode`'s variants are documented with the example messages
            // of the documentation language, never the primary's Chinese.
            if path.file_name().is_some_and(|n| n == "error_codes.rs") {
                let docs = doc_text(&code);
                assert!(
                    docs.contains("Publish record not found"),
                    "ErrorCode docs: {docs}"
                );
                assert!(!docs.chars().any(is_cjk), "ErrorCode docs: {docs}");
            }
            text.push_str(&doc_text(&code));
        }
    }
    let total = text.chars().count();
    let cjk = text.chars().filter(|c| is_cjk(*c)).count();
    assert!(total > 1000, "no generated docs found ({total} characters)");
    let share = cjk as f64 / total as f64;
    assert!(
        share < MAX_CJK_SHARE,
        "{cjk} of {total} doc characters are CJK ({:.1}%)",
        share * 100.0
    );
}

#[test]
fn doc_text_reads_every_doc_comment_form() {
    let code =
        "/// one\n//! two\n#[doc = \" three\"] A = 1, #[doc =\n    \"四\"] B = 2,\nfn x() {}";
    assert_eq!(doc_text(code), " one two three四");
}
