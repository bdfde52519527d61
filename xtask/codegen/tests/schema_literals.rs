//! `xtask/codegen/src/schema/` is the one place that spells the keywords
//! `$ref`, `allOf` and `nullable`: every other file of the generator and the
//! xtask reads and writes them through `schema::` functions
//! (`ref_target`, `all_of_parts`, `has_nullable_keyword`, `ref_to_component`,
//! ...), so a schema means the same to every pass.
//!
//! The scan covers every `.rs` file under `xtask/codegen/src` and `xtask/src`
//! outside `schema/`, leaving out test code (files named `tests.rs`, and a
//! file's rest from a `#[cfg(test)]` line that opens a `mod`) and comment
//! lines. A file that has to spell a keyword itself goes in [`ALLOWED`], with
//! its reason.

use std::fs;
use std::path::{Path, PathBuf};

/// The keywords only `schema/` spells, as string literals.
const BANNED: [&str; 3] = ["\"$ref\"", "\"allOf\"", "\"nullable\""];

/// Files (relative to `xtask/`) allowed to spell a keyword, each with why.
/// Empty: every read and write goes through `schema/`. An entry that no
/// longer matches anything fails the test, so the list stays as short as it
/// can be.
const ALLOWED: &[(&str, &str)] = &[];

/// `xtask/`, this crate's parent directory.
fn xtask_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Every `.rs` file under `dir`, sorted.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(at) = stack.pop() {
        let entries = fs::read_dir(&at).unwrap_or_else(|e| panic!("{}: {e}", at.display()));
        for entry in entries {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// The lines of `text` that are production code: up to a `#[cfg(test)]`
/// line followed by a `mod`, comment lines left out; with their numbers.
fn code_lines(text: &str) -> Vec<(usize, &str)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("#[cfg(test)]") && opens_mod(&lines[i + 1..]) {
            break;
        }
        if !trimmed.starts_with("//") {
            out.push((i + 1, *line));
        }
    }
    out
}

/// Whether the first line that is not blank opens a module.
fn opens_mod(rest: &[&str]) -> bool {
    rest.iter()
        .map(|l| l.trim_start())
        .find(|l| !l.is_empty())
        .is_some_and(|l| l.starts_with("mod ") || l.starts_with("pub(crate) mod "))
}

/// `file:line: text` of every banned literal in the production code of the
/// scanned files (relative to `xtask/`), allowlisted files included.
fn findings(xtask: &Path) -> Vec<(String, String)> {
    let schema_dir = xtask.join("codegen/src/schema");
    let mut out = Vec::new();
    for root in ["codegen/src", "src"] {
        for file in rust_files(&xtask.join(root)) {
            if file.starts_with(&schema_dir) || file.file_name().is_some_and(|n| n == "tests.rs") {
                continue;
            }
            let text =
                fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            let rel = file
                .strip_prefix(xtask)
                .expect("scanned files are under xtask/")
                .to_string_lossy()
                .replace('\\', "/");
            for (number, line) in code_lines(&text) {
                if BANNED.iter().any(|b| line.contains(b)) {
                    out.push((rel.clone(), format!("{rel}:{number}: {}", line.trim())));
                }
            }
        }
    }
    out
}

#[test]
fn only_schema_spells_ref_all_of_and_nullable() {
    let xtask = xtask_dir();
    let found = findings(&xtask);
    let outside: Vec<&str> = found
        .iter()
        .filter(|(file, _)| !ALLOWED.iter().any(|(allowed, _)| allowed == file))
        .map(|(_, line)| line.as_str())
        .collect();
    assert!(
        outside.is_empty(),
        "`$ref`, `allOf` and `nullable` are read and written through `schema::` \
         (xtask/codegen/src/schema/), not spelled here:\n{}",
        outside.join("\n")
    );
    let stale: Vec<&str> = ALLOWED
        .iter()
        .filter(|(allowed, _)| !found.iter().any(|(file, _)| file == allowed))
        .map(|(allowed, _)| *allowed)
        .collect();
    assert!(
        stale.is_empty(),
        "allowlisted files that no longer spell a keyword (remove them from ALLOWED): {stale:?}"
    );
}

#[test]
fn the_scan_sees_production_code_and_skips_tests_and_comments() {
    let text = "fn a(s: &Value) -> bool {\n    s.get(\"$ref\").is_some()\n}\n\
                // a comment saying \"allOf\"\n\
                #[cfg(test)]\nmod tests {\n    const X: &str = \"nullable\";\n}\n";
    let lines = code_lines(text);
    let hits: Vec<usize> = lines
        .iter()
        .filter(|(_, l)| BANNED.iter().any(|b| l.contains(b)))
        .map(|(n, _)| *n)
        .collect();
    assert_eq!(hits, [2]);
    let scanned = rust_files(&xtask_dir().join("src")).len()
        + rust_files(&xtask_dir().join("codegen/src")).len();
    assert!(scanned > 40, "the scan found only {scanned} files");
}
