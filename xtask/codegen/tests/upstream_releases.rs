//! Every real upstream release we have (`../shared/upstream` and each
//! `../shared/upstream-history/*`) generates, and every warning it prints is
//! one the README documents. Skipped, with the reason, when they are absent.

mod common;

use common::{repo_root, shared, warning_lines};

#[test]
fn every_upstream_release_generates_with_only_documented_warnings() {
    let mut dirs = Vec::new();
    dirs.extend(shared("upstream"));
    if let Some(history) = shared("upstream-history") {
        let mut releases: Vec<_> = std::fs::read_dir(&history)
            .expect("list upstream-history")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_dir())
            .collect();
        releases.sort();
        dirs.extend(releases);
    }
    if dirs.is_empty() {
        eprintln!("skip: ../shared/upstream and ../shared/upstream-history are absent");
        return;
    }
    let readme = std::fs::read_to_string(repo_root().join("README.md")).expect("read README.md");
    let documented: Vec<&str> = readme.lines().map(str::trim).collect();
    let mut undocumented = Vec::new();
    for dir in dirs {
        let generated = aitoearn_codegen::generate_dir(&dir, None)
            .unwrap_or_else(|e| panic!("{} does not generate: {e}", dir.display()));
        assert!(!generated.files.is_empty());
        for line in warning_lines(&dir, &generated.normalized.warnings) {
            eprintln!("{}: {line}", dir.display());
            if !documented.contains(&line.as_str()) {
                undocumented.push(line);
            }
        }
    }
    assert!(
        undocumented.is_empty(),
        "the README does not list these warnings:\n{}",
        undocumented.join("\n")
    );
}
