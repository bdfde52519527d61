//! The drift pull request for a real upstream change (b67a53c → 1366fb2),
//! snapshot-tested, and for an unchanged spec (nothing).

mod common;

use common::shared;
use serde_json::Value;
use xtask::drift_pr::{self, BREAKING_LABEL};
use xtask::semver::Version;

fn specs() -> Option<(Value, Value)> {
    let old = shared("upstream-history/b67a53c/zh/aitoearn.openapi.json")?;
    let new = shared("upstream/zh/aitoearn.openapi.json")?;
    let read =
        |p: &std::path::Path| serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap();
    Some((read(&old), read(&new)))
}

fn v(s: &str) -> Version {
    s.parse().unwrap()
}

#[test]
fn a_real_upstream_change_makes_a_breaking_drift_pr() {
    let Some((old, new)) = specs() else { return };
    let pr = drift_pr::prepare(&old, &new, v("0.1.0")).unwrap();
    assert!(
        pr.title.starts_with("API drift: +14 operations, "),
        "{}",
        pr.title
    );
    assert!(pr.title.ends_with(" breaking"), "{}", pr.title);
    assert_eq!(pr.labels, ["api-drift", BREAKING_LABEL]);
    assert_eq!(
        pr.version,
        v("0.2.0"),
        "breaking in 0.x bumps the minor number"
    );
    assert!(
        pr.body.find("### Breaking changes").unwrap()
            < pr.body.find("### Added operations").unwrap()
    );
    assert!(pr.body.len() < 65_536);
    insta::assert_snapshot!("title", pr.title);
    insta::assert_snapshot!("labels", pr.labels.join("\n"));
    insta::assert_snapshot!("body", pr.body);
    insta::assert_snapshot!("changelog", pr.changelog);
}

#[test]
fn files_are_written_for_the_workflow() {
    let Some((old, new)) = specs() else { return };
    let pr = drift_pr::prepare(&old, &new, v("0.1.0")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    drift_pr::write(&pr, dir.path()).unwrap();
    let read = |n: &str| std::fs::read_to_string(dir.path().join(n)).unwrap();
    assert_eq!(read("title.txt"), format!("{}\n", pr.title));
    assert_eq!(read("labels.txt"), "api-drift\nbreaking-api-change\n");
    assert_eq!(read("version.txt"), "0.2.0\n");
    assert_eq!(read("body.md"), pr.body);
    assert_eq!(read("changelog.md"), pr.changelog);
}

#[test]
fn an_additive_change_is_a_patch_bump_without_the_breaking_label() {
    let Some((_, new)) = specs() else { return };
    let mut old = new.clone();
    old["paths"]
        .as_object_mut()
        .unwrap()
        .remove("/api/v2/channels/account-groups");
    let pr = drift_pr::prepare(&old, &new, v("0.1.0")).unwrap();
    assert_eq!(pr.labels, ["api-drift"]);
    assert_eq!(pr.version, v("0.1.1"));
    assert!(pr.title.ends_with("non-breaking"), "{}", pr.title);
}

#[test]
fn an_unchanged_spec_makes_nothing() {
    let Some((_, new)) = specs() else { return };
    assert!(drift_pr::prepare(&new, &new, v("0.1.0")).is_none());
    // Through the CLI: nothing is written.
    let dir = tempfile::tempdir().unwrap();
    let spec = shared("upstream/zh/aitoearn.openapi.json").unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args([
            "drift-pr",
            spec.to_str().unwrap(),
            spec.to_str().unwrap(),
            "--out-dir",
        ])
        .arg(dir.path().join("out"))
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(!dir.path().join("out").exists());
}

#[test]
fn apply_bumps_the_manifest_and_adds_the_changelog_entry() {
    let Some((old, new)) = specs() else { return };
    let dir = tempfile::tempdir().unwrap();
    let (o, n) = (dir.path().join("old.json"), dir.path().join("new.json"));
    std::fs::write(&o, old.to_string()).unwrap();
    std::fs::write(&n, new.to_string()).unwrap();
    let manifest = dir.path().join("Cargo.toml");
    std::fs::write(
        &manifest,
        "[package]\nname = \"aitoearn\"\nversion = \"0.1.0\"\n",
    )
    .unwrap();
    let changelog = dir.path().join("CHANGELOG.md");
    std::fs::write(
        &changelog,
        "# Changelog\n\n## [Unreleased]\n\n### Added\n- x\n",
    )
    .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("drift-pr")
        .args([&o, &n])
        .arg("--out-dir")
        .arg(dir.path().join("out"))
        .arg("--manifest")
        .arg(&manifest)
        .arg("--changelog")
        .arg(&changelog)
        .arg("--apply")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(&manifest).unwrap(),
        "[package]\nname = \"aitoearn\"\nversion = \"0.2.0\"\n"
    );
    let log = std::fs::read_to_string(&changelog).unwrap();
    assert!(
        log.starts_with("# Changelog\n\n## [Unreleased]\n\n### API changes\n- Spec refreshed"),
        "{log}"
    );
    assert!(log.ends_with("### Added\n- x\n"));
}
