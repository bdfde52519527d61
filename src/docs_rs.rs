//! What docs.rs renders: the `[package.metadata.docs.rs]` feature set, in
//! the default (English) documentation language. The library's unit tests
//! are built with the features that set lists (the dev-dependency's), so the
//! generated code in `OUT_DIR` is what docs.rs documents.

/// Share of CJK characters allowed in the generated doc comments: names of
/// Chinese platforms and example text the spec gives only in Chinese aside,
/// the English build is English.
const MAX_CJK_SHARE: f64 = 0.02;

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{9fff}' | '\u{ff00}'..='\u{ffef}')
}

/// The text of every doc comment (`///`, `//!`, `#[doc = "..."]`) in `code`.
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
        let mut rest = line;
        while let Some(at) = rest.find("#[doc = \"") {
            rest = &rest[at + 9..];
            let end = rest.find('"').unwrap_or(rest.len());
            out.push_str(&rest[..end]);
            rest = &rest[end..];
        }
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
            text.push_str(&doc_text(&std::fs::read_to_string(&path).unwrap()));
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
    let code = "/// one\n//! two\n#[doc = \" three\"] A = 1, #[doc = \"四\"] B = 2,\nfn x() {}";
    assert_eq!(doc_text(code), " one two three四");
}
