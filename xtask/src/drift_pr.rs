//! `cargo xtask drift-pr`: everything the API-drift pull request needs, made
//! here (with tests) rather than in workflow YAML: its title, body, labels,
//! the CHANGELOG entry and the version bump.

use std::path::Path;

use serde_json::Value;

use crate::canonical::write_atomic;
use crate::diff::{compare, render, Class, Report};
use crate::error::{Error, Result};
use crate::semver::{self, Version};

/// The label of a drift PR with breaking changes. The PR check accepts a
/// breaking change on a PR that carries it.
pub const BREAKING_LABEL: &str = "breaking-api-change";
/// The label of every drift PR.
pub const DRIFT_LABEL: &str = "api-drift";
/// GitHub refuses PR bodies over 65,536 characters; stay well below.
const BODY_LIMIT: usize = 60_000;
/// Changes listed in the CHANGELOG entry before "and N more".
const CHANGELOG_LIMIT: usize = 15;

/// The drift pull request for one spec change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DriftPr {
    /// PR title (also the commit message).
    pub title: String,
    /// PR body: the Markdown drift report, breaking changes first.
    pub body: String,
    /// PR labels.
    pub labels: Vec<String>,
    /// The CHANGELOG entry (a `### API changes` block for `## [Unreleased]`).
    pub changelog: String,
    /// The crate version before.
    pub from_version: Version,
    /// The crate version the change calls for.
    pub version: Version,
}

/// The drift PR for `old → new`, or `None` when the specs are the same.
pub fn prepare(old: &Value, new: &Value, current: Version) -> Option<DriftPr> {
    if old == new {
        return None;
    }
    let report = compare(old, new);
    let breaking = report.has_breaking();
    let (version, why) = semver::bump(current, breaking);
    let title = if report.is_empty() {
        "API drift: documentation changes only".to_string()
    } else {
        render::title(&report)
    };
    let mut body = String::new();
    if report.is_empty() {
        body.push_str(&format!(
            "## {title}\n\nThe spec changed, but not in any way the SDK's types or methods show.\n"
        ));
    } else {
        body.push_str(&render::markdown(&report));
    }
    body.push_str(&format!(
        "\n---\n\nVersion: `{current}` → `{version}` ({why}).\n\n\
         Made by `cargo xtask refresh` and `cargo xtask drift-pr`; the surface file \
         `openapi/zh/aitoearn.surface.txt` shows what the SDK now exposes.\n"
    ));
    let body = bounded_body(body);
    let mut labels = vec![DRIFT_LABEL.to_string()];
    if breaking {
        labels.push(BREAKING_LABEL.to_string());
    }
    let changelog = changelog_entry(&report, current, version, why);
    Some(DriftPr {
        title,
        body,
        labels,
        changelog,
        from_version: current,
        version,
    })
}

/// `body` cut to what GitHub accepts as a pull request body, with a note
/// where it was cut.
pub fn bounded_body(mut body: String) -> String {
    if body.len() > BODY_LIMIT {
        let mut cut = BODY_LIMIT;
        while !body.is_char_boundary(cut) {
            cut -= 1;
        }
        body.truncate(cut);
        body.push_str("\n\n… (truncated; run `cargo xtask diff` for the full report)\n");
    }
    body
}

/// The drift PR for a refresh that changed only translations: the primary
/// spec's bytes are the same, `changed` languages were changed or added and
/// `removed` ones are no longer published. Doc comments change, nothing a
/// caller names does: a compatible bump.
pub fn prepare_translation(changed: &[String], removed: &[String], current: Version) -> DriftPr {
    let (version, why) = semver::bump(current, false);
    let title = "API drift: documentation changes only (translations)".to_string();
    let mut body = format!(
        "## {title}\n\nThe primary spec is unchanged; only its translations changed, so the \
         SDK's types and methods are the same and only doc comments may differ.\n\n"
    );
    let list = |langs: &[String]| {
        langs
            .iter()
            .map(|l| format!("`{l}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if !changed.is_empty() {
        body.push_str(&format!("- Changed or added: {}\n", list(changed)));
    }
    if !removed.is_empty() {
        body.push_str(&format!(
            "- No longer published by the docs site, removed from `openapi/`: {}\n",
            list(removed)
        ));
    }
    body.push_str(&format!(
        "\n---\n\nVersion: `{current}` → `{version}` ({why}).\n\nMade by `cargo xtask drift-job`.\n"
    ));
    let changelog = format!(
        "### API changes\n- Spec translations refreshed from the docs site ({}); no change to types \
         or methods. Version {current} → {version} ({why}).\n",
        list(&[changed, removed].concat())
    );
    DriftPr {
        title,
        body,
        labels: vec![DRIFT_LABEL.to_string()],
        changelog,
        from_version: current,
        version,
    }
}

/// Set the manifest's version to `pr.version` and put `pr.changelog` at the
/// top of the changelog's `## [Unreleased]` (a missing changelog is created).
pub fn apply(pr: &DriftPr, manifest: &Path, changelog: &Path) -> Result<()> {
    let manifest_text = std::fs::read_to_string(manifest).map_err(|e| Error::io(manifest, e))?;
    let log = match std::fs::read_to_string(changelog) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => "# Changelog\n".to_string(),
        Err(e) => return Err(Error::io(changelog, e)),
    };
    write_atomic(changelog, insert_changelog(&log, &pr.changelog).as_bytes())?;
    write_atomic(
        manifest,
        semver::set_manifest_version(&manifest_text, pr.version)?.as_bytes(),
    )
}

fn changelog_entry(report: &Report, from: Version, to: Version, why: &str) -> String {
    let mut out = String::from("### API changes\n");
    let breaking = report.breaking_count();
    let summary = render::title(report)
        .trim_start_matches("API drift: ")
        .to_string();
    let headline = if report.is_empty() {
        "the spec's documentation changed; no change to types or methods".to_string()
    } else {
        summary.replace(
            &format!("{breaking} breaking"),
            &format!("**{breaking} breaking**"),
        )
    };
    out.push_str(&format!(
        "- Spec refreshed from the docs site: {headline}. Version {from} → {to} ({why}).\n"
    ));
    for op in &report.removed {
        out.push_str(&format!("- **Breaking**: removed `{}`.\n", op.label()));
    }
    let changes: Vec<_> = report.changes_of(Class::Breaking).collect();
    for c in changes.iter().take(CHANGELOG_LIMIT) {
        out.push_str(&format!(
            "- **Breaking**: `{}` {}: {}.\n",
            c.operation, c.location, c.message
        ));
    }
    if changes.len() > CHANGELOG_LIMIT {
        out.push_str(&format!(
            "- … and {} more breaking changes (see the drift pull request).\n",
            changes.len() - CHANGELOG_LIMIT
        ));
    }
    for op in &report.added {
        let summary = op
            .summary
            .as_deref()
            .map(|s| format!(" ({s})"))
            .unwrap_or_default();
        out.push_str(&format!("- Added `{}`{summary}.\n", op.label()));
    }
    out
}

/// `changelog` with `entry` inserted at the top of `## [Unreleased]` (which is
/// created after the preamble when missing).
pub fn insert_changelog(changelog: &str, entry: &str) -> String {
    let block = format!("{}\n", entry.trim_end());
    if let Some(pos) = changelog.find("## [Unreleased]") {
        let line_end = changelog[pos..]
            .find('\n')
            .map_or(changelog.len(), |i| pos + i + 1);
        return format!(
            "{}\n{block}{}",
            &changelog[..line_end],
            &changelog[line_end..]
        );
    }
    match changelog.find("\n## ") {
        Some(pos) => format!(
            "{}## [Unreleased]\n\n{block}\n{}",
            &changelog[..pos + 1],
            &changelog[pos + 1..]
        ),
        None => format!("{}\n## [Unreleased]\n\n{block}", changelog.trim_end()),
    }
}

/// Write `title.txt`, `body.md`, `labels.txt` (one per line), `changelog.md`
/// and `version.txt` into `dir`.
pub fn write(pr: &DriftPr, dir: &Path) -> Result<()> {
    write_atomic(&dir.join("title.txt"), format!("{}\n", pr.title).as_bytes())?;
    write_atomic(&dir.join("body.md"), pr.body.as_bytes())?;
    write_atomic(
        &dir.join("labels.txt"),
        format!("{}\n", pr.labels.join("\n")).as_bytes(),
    )?;
    write_atomic(&dir.join("changelog.md"), pr.changelog.as_bytes())?;
    write_atomic(
        &dir.join("version.txt"),
        format!("{}\n", pr.version).as_bytes(),
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_entry_goes_to_the_top_of_unreleased() {
        let log = "# Changelog\n\nIntro.\n\n## [Unreleased]\n\n### Added\n- x\n";
        assert_eq!(
            insert_changelog(log, "### API changes\n- y\n"),
            "# Changelog\n\nIntro.\n\n## [Unreleased]\n\n### API changes\n- y\n\n### Added\n- x\n"
        );
        let released = "# Changelog\n\n## [0.1.0]\n- x\n";
        assert_eq!(
            insert_changelog(released, "### API changes\n- y\n"),
            "# Changelog\n\n## [Unreleased]\n\n### API changes\n- y\n\n## [0.1.0]\n- x\n"
        );
    }
}
