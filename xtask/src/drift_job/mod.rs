//! `cargo xtask drift-job`: the API-drift job of `.github/workflows/api-drift.yml`,
//! end to end, as one command the workflow calls and a test replays.
//!
//! 1. Refresh every language of the spec from the docs site ([`crate::refresh`]);
//!    a failed refresh fails the job with its reason.
//! 2. When nothing under `openapi/` changed, stop: no pull request.
//! 3. Otherwise prepare the pull request ([`crate::drift_pr`]): the drift report of
//!    the primary variant (or a translations-only PR), the CHANGELOG entry and the
//!    version bump, applied to the tree; regenerate the surface file and the name
//!    locks ([`crate::surface`]) and check the tree ([`crate::check`]).
//! 4. Run the [checks](checks) (build, tests, the sandbox quickstart). A failure
//!    does not stop the job: code written against the previous spec may not
//!    compile against a breaking release, and the pull request says which check
//!    failed and why (and carries [`CHECKS_FAILING_LABEL`]), so the drift it
//!    exists to show is never hidden.
//! 5. Write the pull request's files into the output directory
//!    ([`crate::drift_pr::write`], plus `from-version.txt`) and, for GitHub
//!    Actions, the step outputs `changed`, `title` and `labels`.
//!
//! The workflow then runs cargo-semver-checks and `cargo xtask drift-semver`
//! ([`verdict`]), which feeds its verdict back into the pull request.

pub mod checks;
pub mod verdict;

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::canonical::write_atomic;
use crate::drift_pr::{self, DriftPr};
use crate::error::{Error, Result};
use crate::paths::SPEC_FILE;
use crate::refresh;
use crate::semver;
pub use checks::{Check, CheckResult};

/// The label of a drift pull request on which a check failed.
pub const CHECKS_FAILING_LABEL: &str = "drift-checks-failing";

/// The environment variable holding the token the pull request is opened
/// with. A pull request opened with the workflow's default `GITHUB_TOKEN`
/// triggers no workflow, so without it the repository's CI does not run on it.
pub const PR_TOKEN_VAR: &str = "DRIFT_PR_TOKEN";

/// Everything the drift job needs.
#[derive(Debug, Clone)]
pub struct Options {
    /// The repository (workspace root): `openapi/`, `Cargo.toml`, `CHANGELOG.md`.
    pub root: PathBuf,
    /// How to refresh; its `out_dir` is `root/openapi`.
    pub refresh: refresh::Options,
    /// Where the pull request's files are written.
    pub out_dir: PathBuf,
    /// The checks run on the regenerated tree, in order.
    pub checks: Vec<Check>,
    /// The cargo target directory for the checks (default: cargo's own).
    pub target_dir: Option<PathBuf>,
    /// Whether the pull request will be opened with a token that triggers CI
    /// ([`PR_TOKEN_VAR`] set); if not, the body says so.
    pub ci_triggering_token: bool,
}

impl Options {
    /// The workflow's job for the repository at `root`, refreshing from `site`.
    pub fn new(root: PathBuf, site: url::Url, out_dir: PathBuf) -> Self {
        let refresh = refresh::Options::new(site, root.join("openapi"));
        Self {
            root,
            refresh,
            out_dir,
            checks: Check::workflow_default(),
            target_dir: None,
            ci_triggering_token: std::env::var_os(PR_TOKEN_VAR).is_some_and(|v| !v.is_empty()),
        }
    }
}

/// What the drift job did.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The pull request, or `None` when the refresh changed nothing.
    pub pr: Option<DriftPr>,
    /// How each check went.
    pub checks: Vec<CheckResult>,
}

/// Run the drift job (see the [module documentation](self)).
pub async fn run(opts: &Options) -> Result<Outcome> {
    let primary = opts.refresh.primary.clone();
    let primary_file = opts.root.join("openapi").join(&primary).join(SPEC_FILE);
    let old_primary = read_spec_or_empty(&primary_file)?;
    let manifest = opts.root.join("Cargo.toml");
    let manifest_text = std::fs::read_to_string(&manifest).map_err(|e| Error::io(&manifest, e))?;
    let current = semver::manifest_version(&manifest_text)?;

    let refreshed = refresh::refresh(&opts.refresh).await?;
    for warning in &refreshed.warnings {
        eprintln!("warning: {warning}");
    }
    if !refreshed.changed {
        eprintln!("drift job: openapi/ is unchanged; no pull request");
        return Ok(Outcome {
            pr: None,
            checks: Vec::new(),
        });
    }
    let translations: Vec<String> = refreshed
        .languages
        .iter()
        .filter(|l| l.changed && l.lang != primary)
        .map(|l| l.lang.clone())
        .collect();
    let new_primary = read_spec_or_empty(&primary_file)?;
    let mut pr = match drift_pr::prepare(&old_primary, &new_primary, current) {
        Some(pr) => pr,
        None => drift_pr::prepare_translation(&translations, &refreshed.removed, current),
    };
    drift_pr::apply(&pr, &manifest, &opts.root.join("CHANGELOG.md"))?;

    let openapi = opts.root.join("openapi");
    let mut results = Vec::new();
    results.push(in_process(
        "the surface file and name locks are regenerated",
        || crate::surface::write(&openapi, &primary).map(|_| ()),
    ));
    results.push(in_process(
        "`cargo xtask check` passes (canonical spec, current surface and locks)",
        || crate::check::check(&openapi, &primary),
    ));
    for check in &opts.checks {
        results.push(checks::run(check, &opts.root, opts.target_dir.as_deref()));
    }

    let mut body = checks_section(&results);
    if !translations.is_empty() || !refreshed.removed.is_empty() {
        body.push_str(&translations_section(&translations, &refreshed.removed));
    }
    if !opts.ci_triggering_token {
        body.push_str(&format!(
            "> **Note:** this pull request was opened with the workflow's `GITHUB_TOKEN`, which \
             triggers no workflow: the repository's CI has not run on it. Set the secret \
             `{PR_TOKEN_VAR}` (a token with `contents` and `pull-requests` write access) so drift \
             pull requests are checked like any other, or close and reopen this one to run CI.\n\n"
        ));
    }
    body.push_str(&pr.body);
    pr.body = drift_pr::bounded_body(body);
    if results.iter().any(|r| !r.passed) {
        pr.labels.push(CHECKS_FAILING_LABEL.to_string());
    }
    drift_pr::write(&pr, &opts.out_dir)?;
    write_atomic(
        &opts.out_dir.join("from-version.txt"),
        format!("{}\n", pr.from_version).as_bytes(),
    )?;
    Ok(Outcome {
        pr: Some(pr),
        checks: results,
    })
}

/// The spec at `path` read as the build reads it, or an empty one when there
/// is none yet. A spec the loader refuses is compared as its raw JSON (the
/// job must still open its pull request; the build check reports the
/// refusal there).
fn read_spec_or_empty(path: &Path) -> Result<Value> {
    if path.exists() {
        match aitoearn_codegen::load_spec_path(path, None) {
            Ok(loaded) => Ok(loaded.spec),
            Err(e) => {
                eprintln!("warning: comparing {} as raw JSON: {e}", path.display());
                Ok(aitoearn_codegen::spec::read_json(path)?)
            }
        }
    } else {
        Ok(
            serde_json::json!({"openapi": "3.0.1", "info": {"title": "", "version": ""}, "paths": {}}),
        )
    }
}

/// A step of the job run in this process, as a check result.
fn in_process(name: &str, step: impl FnOnce() -> Result<()>) -> CheckResult {
    let outcome = step();
    CheckResult {
        check: Check {
            name: name.to_string(),
            args: Vec::new(),
        },
        passed: outcome.is_ok(),
        details: outcome
            .err()
            .map(|e| checks::failure_lines(&e.to_string()))
            .unwrap_or_default(),
    }
}

/// The pull request's account of the checks, failures first in words.
pub fn checks_section(results: &[CheckResult]) -> String {
    let failed = results.iter().filter(|r| !r.passed).count();
    let mut out = String::from("## Checks on the regenerated crate\n\n");
    if failed > 0 {
        out.push_str(&format!(
            "**{failed} of {} checks fail.** Code written against the previous spec (the \
             repository's tests and examples) may not compile or pass against a release that \
             removes or reshapes what it uses; each failure below is a place where callers' code \
             breaks the same way. The pull request is opened anyway so the drift is visible.\n\n",
            results.len()
        ));
    } else {
        out.push_str("Every check passes.\n\n");
    }
    for r in results {
        let mark = if r.passed { "passes" } else { "**fails**" };
        let command = if r.check.args.is_empty() {
            String::new()
        } else {
            format!(" (`{}`)", r.check.command_line())
        };
        out.push_str(&format!("- {}{command}: {mark}\n", r.check.name));
        if !r.passed && !r.details.is_empty() {
            out.push_str("\n  ```text\n");
            for line in &r.details {
                out.push_str(&format!("  {line}\n"));
            }
            out.push_str("  ```\n\n");
        }
    }
    out.push('\n');
    out
}

fn translations_section(changed: &[String], removed: &[String]) -> String {
    let mut out = String::from("## Translations\n\n");
    for lang in changed {
        out.push_str(&format!(
            "- `openapi/{lang}/` changed (doc text only: the structure comes from the primary variant)\n"
        ));
    }
    for lang in removed {
        out.push_str(&format!(
            "- `openapi/{lang}/` removed: the docs site no longer publishes it\n"
        ));
    }
    out.push('\n');
    out
}

/// Append `name=value` step outputs for GitHub Actions to `file`
/// (`$GITHUB_OUTPUT`); values are single lines.
pub fn github_outputs(file: &Path, outputs: &[(&str, String)]) -> Result<()> {
    use std::io::Write;
    let mut text = String::new();
    for (name, value) in outputs {
        text.push_str(&format!("{name}={}\n", value.replace(['\n', '\r'], " ")));
    }
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(file)
        .map_err(|e| Error::io(file, e))?;
    f.write_all(text.as_bytes()).map_err(|e| Error::io(file, e))
}

/// The step outputs of a drift job run: `changed`, and for a pull request its
/// `title` and comma-separated `labels`.
pub fn outputs_of(pr: Option<&DriftPr>) -> Vec<(&'static str, String)> {
    match pr {
        None => vec![("changed", "false".into())],
        Some(pr) => vec![
            ("changed", "true".into()),
            ("title", pr.title.clone()),
            ("labels", pr.labels.join(",")),
        ],
    }
}
