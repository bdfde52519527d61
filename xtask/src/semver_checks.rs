//! `cargo xtask semver-variants`: cargo-semver-checks on the SDK built from
//! the vendored spec against the SDK built from each spec variant
//! ([`crate::variants`]), checking that the non-breaking variants need no
//! major release and the breaking ones do.
//!
//! The rustdoc JSON of each build is made with `cargo rustdoc` (JSON output
//! is unstable, so `RUSTC_BOOTSTRAP=1`) in one target directory (by default
//! the workspace's, so dependencies checked before are reused), one spec
//! after the other (only the SDK crate rebuilds), and compared with
//! `cargo semver-checks --baseline-rustdoc BASE --current-rustdoc VARIANT`.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::error::{Error, Result};
use crate::paths::cargo;
use crate::variants::{self, Variant};

/// The verdict of cargo-semver-checks on one variant.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The variant.
    pub variant: Variant,
    /// Whether cargo-semver-checks found a change that needs a major release
    /// (for a 0.y crate, the minor number).
    pub major: bool,
    /// Its summary line (`... 1 major and 0 minor checks failed`).
    pub summary: String,
}

impl Outcome {
    /// Whether the verdict is the one the variant expects.
    pub fn as_expected(&self) -> bool {
        self.major == self.variant.breaking
    }
}

/// Make the rustdoc JSON of the SDK built from `spec_dir` (`None`: the
/// vendored spec) and copy it to `dest`.
pub fn rustdoc_json(
    workspace: &Path,
    target_dir: &Path,
    spec_dir: Option<&Path>,
    dest: &Path,
) -> Result<()> {
    let mut cmd = cargo();
    cmd.current_dir(workspace)
        .args([
            "rustdoc",
            "--quiet",
            "-p",
            "aitoearn",
            "--lib",
            "--target-dir",
        ])
        .arg(target_dir)
        .args(["--", "-Z", "unstable-options", "--output-format", "json"])
        .env("RUSTC_BOOTSTRAP", "1");
    match spec_dir {
        Some(dir) => cmd.env("AITOEARN_OPENAPI_DIR", dir),
        None => cmd.env_remove("AITOEARN_OPENAPI_DIR"),
    };
    let status = cmd
        .status()
        .map_err(|e| Error::Usage(format!("cannot run cargo rustdoc: {e}")))?;
    if !status.success() {
        return Err(Error::Usage(format!(
            "cargo rustdoc failed ({status}) for {}",
            spec_dir.map_or("the vendored spec".into(), |d| d.display().to_string())
        )));
    }
    let json = target_dir.join("doc").join("aitoearn.json");
    if let Some(parent) = dest.parent() {
        std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    }
    std::fs::copy(&json, dest).map_err(|e| Error::io(dest, e))?;
    Ok(())
}

/// Run cargo-semver-checks on two rustdoc JSON files; returns whether it
/// found a major change, and its summary.
pub fn semver_checks(baseline: &Path, current: &Path) -> Result<(bool, String)> {
    let program = std::env::var_os("CARGO_SEMVER_CHECKS");
    let mut cmd = match &program {
        Some(p) => Command::new(p),
        None => cargo(),
    };
    cmd.arg("semver-checks")
        .arg("--baseline-rustdoc")
        .arg(baseline)
        .arg("--current-rustdoc")
        .arg(current)
        .env("CARGO_TERM_COLOR", "never");
    let output = cmd.output().map_err(|e| {
        Error::Usage(format!(
            "cannot run cargo-semver-checks ({e}); install it with `cargo install --locked cargo-semver-checks`"
        ))
    })?;
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let summary = text
        .lines()
        .find(|l| l.contains("Summary"))
        .unwrap_or_default()
        .trim()
        .to_string();
    if output.status.success() {
        return Ok((false, summary));
    }
    match major_count(&text) {
        Some(n) => Ok((n > 0, summary)),
        None => Err(Error::Usage(format!(
            "cargo-semver-checks failed without a verdict:\n{text}"
        ))),
    }
}

/// `N` of "N major and M minor checks failed".
fn major_count(text: &str) -> Option<usize> {
    text.lines().find_map(|l| {
        let (before, _) = l.split_once(" major and ")?;
        before.split_whitespace().last()?.parse().ok()
    })
}

/// Write the variants into `work/variants`, build the rustdoc JSON of the
/// base and of each variant (`only`: just that one) in `target`, and run
/// cargo-semver-checks on each pair.
pub fn run(
    workspace: &Path,
    work: &Path,
    target: &Path,
    only: Option<&str>,
) -> Result<Vec<Outcome>> {
    let spec_root = workspace.join("openapi");
    let selected: Vec<Variant> = match only {
        Some(name) => vec![variants::find(name)?],
        None => variants::VARIANTS.to_vec(),
    };
    let work = std::path::absolute(work).map_err(|e| Error::io(work, e))?;
    let target = std::path::absolute(target).map_err(|e| Error::io(target, e))?;
    let base = work.join("base.json");
    rustdoc_json(workspace, &target, None, &base)?;
    let mut out = Vec::new();
    for variant in selected {
        let dir: PathBuf = work.join("variants").join(variant.name);
        variants::write_one(&spec_root, variant, &dir)?;
        let json = work.join(format!("{}.json", variant.name));
        rustdoc_json(workspace, &target, Some(&dir), &json)?;
        let (major, summary) = semver_checks(&base, &json)?;
        out.push(Outcome {
            variant,
            major,
            summary,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_major_count_is_read_from_the_summary() {
        let text =
            "     Summary semver requires new major version: 2 major and 0 minor checks failed\n";
        assert_eq!(major_count(text), Some(2));
        assert_eq!(major_count("no summary"), None);
    }
}
