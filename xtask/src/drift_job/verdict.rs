//! `cargo xtask drift-semver`: cargo-semver-checks' verdict on the regenerated
//! crate, fed back into the drift pull request prepared by the drift job.
//!
//! The drift report classes changes by what they do to callers' code, from the
//! spec; cargo-semver-checks reads the crate's public API. When it finds a
//! breaking change the report did not (the pull request was not already a
//! breaking one), the version bump is raised to the breaking one (manifest,
//! CHANGELOG entry, `Cargo.lock`), the pull request gets the breaking label,
//! and its body says why.

use std::path::Path;

use crate::canonical::write_atomic;
use crate::drift_pr::BREAKING_LABEL;
use crate::error::{Error, Result};
use crate::semver::{self, Version};

/// What the verdict did to the pull request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    /// The pull request's labels after it.
    pub labels: Vec<String>,
    /// The version the pull request now sets.
    pub version: Version,
    /// Whether the bump was raised to the breaking one.
    pub raised: bool,
}

fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|e| Error::io(path, e))
}

/// Apply cargo-semver-checks' `outcome` (the GitHub step outcome: `success`,
/// `failure`, `skipped`, `cancelled`) to the pull request files in `pr_dir`
/// and, when the bump is raised, to the repository at `root`.
pub fn apply(root: &Path, pr_dir: &Path, outcome: &str) -> Result<Verdict> {
    let labels_file = pr_dir.join("labels.txt");
    let mut labels: Vec<String> = read(&labels_file)?
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(str::to_string)
        .collect();
    let version: Version = read(&pr_dir.join("version.txt"))?.trim().parse()?;
    let from: Version = read(&pr_dir.join("from-version.txt"))?.trim().parse()?;
    let already_breaking = labels.iter().any(|l| l == BREAKING_LABEL);
    let raise = outcome == "failure" && !already_breaking;
    let mut section = String::from("\n### cargo-semver-checks\n\n");
    let mut new_version = version;
    match outcome {
        "success" => section.push_str(&format!(
            "The regenerated crate's public API change is covered by the version bump to `{version}`.\n"
        )),
        "failure" if already_breaking => section.push_str(&format!(
            "cargo-semver-checks finds breaking changes, as the drift report does; the bump to \
             `{version}` covers them (details in the workflow log).\n"
        )),
        "failure" => {
            new_version = semver::bump(from, true).0;
            section.push_str(&format!(
                "**cargo-semver-checks finds breaking changes the drift report did not class as \
                 breaking** (details in the workflow log): the bump is raised from `{version}` to \
                 `{new_version}` and the pull request labelled `{BREAKING_LABEL}`.\n"
            ));
        }
        other => section.push_str(&format!("cargo-semver-checks did not run ({other}).\n")),
    }
    let body_file = pr_dir.join("body.md");
    let body = format!("{}{section}", read(&body_file)?);
    write_atomic(&body_file, body.as_bytes())?;
    if raise {
        labels.push(BREAKING_LABEL.to_string());
        write_atomic(&labels_file, format!("{}\n", labels.join("\n")).as_bytes())?;
        write_atomic(
            &pr_dir.join("version.txt"),
            format!("{new_version}\n").as_bytes(),
        )?;
        let manifest = root.join("Cargo.toml");
        let text = semver::set_manifest_version(&read(&manifest)?, new_version)?;
        write_atomic(&manifest, text.as_bytes())?;
        let changelog = root.join("CHANGELOG.md");
        if let Ok(mut log) = std::fs::read_to_string(&changelog) {
            // The entry's "Version A → B (why)." becomes the raised bump.
            let old = format!("Version {from} → {version} (");
            if let Some(start) = log.find(&old) {
                let end = log[start..].find(").").map_or(log.len(), |i| start + i + 1);
                log.replace_range(
                    start..end,
                    &format!("Version {from} → {new_version} (cargo-semver-checks found breaking changes)"),
                );
                write_atomic(&changelog, log.as_bytes())?;
            }
        }
        sync_lock_file(root);
    }
    Ok(Verdict {
        labels,
        version: new_version,
        raised: raise,
    })
}

/// Record the workspace's new version in `Cargo.lock` (offline: only the
/// workspace's own packages move). A failure is printed: the next build
/// updates the lock file all the same.
fn sync_lock_file(root: &Path) {
    let status = crate::paths::cargo()
        .args(["update", "--workspace", "--offline"])
        .current_dir(root)
        .status();
    if !status.as_ref().is_ok_and(|s| s.success()) {
        eprintln!("warning: could not update Cargo.lock for the raised version ({status:?})");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pr_dir(labels: &str) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("labels.txt"), labels).unwrap();
        std::fs::write(dir.path().join("version.txt"), "0.1.1\n").unwrap();
        std::fs::write(dir.path().join("from-version.txt"), "0.1.0\n").unwrap();
        std::fs::write(dir.path().join("body.md"), "report\n").unwrap();
        dir
    }

    #[test]
    fn success_and_a_skipped_run_only_add_to_the_body() {
        let dir = pr_dir("api-drift\n");
        let root = tempfile::tempdir().unwrap();
        let v = apply(root.path(), dir.path(), "success").unwrap();
        assert_eq!((v.raised, v.version.to_string()), (false, "0.1.1".into()));
        let body = std::fs::read_to_string(dir.path().join("body.md")).unwrap();
        assert!(
            body.starts_with("report\n\n### cargo-semver-checks\n"),
            "{body}"
        );
        assert!(
            body.contains("covered by the version bump to `0.1.1`"),
            "{body}"
        );
        let v = apply(root.path(), dir.path(), "skipped").unwrap();
        assert_eq!(v.labels, ["api-drift"]);
        let body = std::fs::read_to_string(dir.path().join("body.md")).unwrap();
        assert!(body.contains("did not run (skipped)"), "{body}");
    }

    #[test]
    fn a_failure_the_report_missed_raises_the_bump_and_the_label() {
        let dir = pr_dir("api-drift\n");
        let root = tempfile::tempdir().unwrap();
        std::fs::write(
            root.path().join("Cargo.toml"),
            "[package]\nname = \"aitoearn\"\nversion = \"0.1.1\"\n",
        )
        .unwrap();
        std::fs::write(
            root.path().join("CHANGELOG.md"),
            "## [Unreleased]\n- Spec refreshed. Version 0.1.0 → 0.1.1 (patch).\n",
        )
        .unwrap();
        let v = apply(root.path(), dir.path(), "failure").unwrap();
        assert!(v.raised);
        assert_eq!(v.version.to_string(), "0.2.0");
        assert_eq!(v.labels, ["api-drift", BREAKING_LABEL]);
        let read = |p: &Path| std::fs::read_to_string(p).unwrap();
        assert_eq!(read(&dir.path().join("version.txt")), "0.2.0\n");
        assert_eq!(
            read(&dir.path().join("labels.txt")),
            format!("api-drift\n{BREAKING_LABEL}\n")
        );
        assert!(read(&root.path().join("Cargo.toml")).contains("version = \"0.2.0\""));
        assert!(read(&root.path().join("CHANGELOG.md"))
            .contains("- Spec refreshed. Version 0.1.0 → 0.2.0 (cargo-semver-checks found breaking changes).\n"));
        assert!(read(&dir.path().join("body.md")).contains("raised from `0.1.1` to `0.2.0`"));
    }

    #[test]
    fn a_failure_on_a_breaking_pr_changes_nothing_but_the_body() {
        let dir = pr_dir(&format!("api-drift\n{BREAKING_LABEL}\n"));
        let root = tempfile::tempdir().unwrap();
        let v = apply(root.path(), dir.path(), "failure").unwrap();
        assert!(!v.raised);
        assert_eq!(v.version.to_string(), "0.1.1");
    }
}
