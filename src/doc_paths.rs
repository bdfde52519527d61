//! The docs stay true: every repository path that README.md,
//! CONTRIBUTING.md, ARCHITECTURE.md or a comment in the workspace's sources
//! names in backticks exists. Paths in a user's project, patterns
//! (`*`, `<name>`, `{a,b}`) and `../shared` (the test inputs) are not checked.

use std::path::{Path, PathBuf};

/// Top-level directories of the repository whose paths the docs name.
const ROOTS: &[&str] = &[
    "src/",
    "tests/",
    "examples/",
    "xtask/",
    "openapi/",
    "benches/",
    ".ci/",
    ".github/",
];

/// Paths the docs name in a user's project, not this repository.
const USER_PATHS: &[&str] = &["src/main.rs", ".cargo/config.toml"];

/// The repository paths named in backticks on `line`.
fn named_paths(line: &str) -> Vec<&str> {
    line.split('`')
        .skip(1)
        .step_by(2)
        .filter(|span| {
            let rooted = ROOTS.iter().any(|root| span.starts_with(root))
                || matches!(*span, "build.rs" | "Cargo.toml")
                || span.strip_suffix(".md").is_some_and(|stem| {
                    !stem.is_empty() && stem.chars().all(|c| c.is_ascii_uppercase())
                });
            rooted && !span.contains(['*', '<', '{', ' ']) && !USER_PATHS.contains(span)
        })
        .map(|span| span.trim_end_matches('/'))
        .collect()
}

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if path.is_dir() && name != "target" && !name.starts_with('.') {
            sources(&path, out);
        } else if name.ends_with(".rs") {
            out.push(path);
        }
    }
}

#[test]
fn every_repository_path_the_docs_name_exists() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<PathBuf> = ["README.md", "CONTRIBUTING.md", "ARCHITECTURE.md"]
        .iter()
        .map(|f| root.join(f))
        .collect();
    for dir in ["src", "tests", "examples", "xtask"] {
        if root.join(dir).is_dir() {
            sources(&root.join(dir), &mut files);
        }
    }
    let mut missing = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        let is_rust = file.extension().is_some_and(|e| e == "rs");
        for (number, line) in text.lines().enumerate() {
            if is_rust && !line.contains("//") {
                continue;
            }
            for path in named_paths(line) {
                if !root.join(path).exists() {
                    let file = file.strip_prefix(root).unwrap_or(file);
                    missing.push(format!("{}:{}: `{path}`", file.display(), number + 1));
                }
            }
        }
    }
    assert!(
        missing.is_empty(),
        "paths the docs name do not exist:\n{}",
        missing.join("\n")
    );
}

#[test]
fn named_paths_are_repository_paths_only() {
    assert_eq!(
        named_paths("see `src/envelope.rs`, `tests/`, `README.md` and `Cargo.toml`."),
        ["src/envelope.rs", "tests", "README.md", "Cargo.toml"]
    );
    assert!(
        named_paths("`openapi/<lang>/*.json`, `src/main.rs`, `../shared/seeds`, `x`").is_empty()
    );
}
