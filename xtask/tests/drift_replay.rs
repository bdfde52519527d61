//! The drift job replayed on real upstream history: a docs site on 127.0.0.1
//! publishes one real release after another (`../shared/upstream-history/b67a53c`,
//! Chinese only, then `../shared/docsite`, the mirror of 1366fb2 with its Chinese
//! and English spec files and pages), and `drift_job::run` runs against a copy of
//! this repository, starting from the shipped five-operation spec, as the
//! workflow would on each release. After each step: the pull request's title,
//! labels and version bump; the tree is canonical with a current surface file and
//! locks; the regenerated crate builds and its walk test passes; code written
//! against the shipped spec (`tests/call_style.rs`, the sandbox quickstart) either
//! still works or the pull request says it fails.
//!
//! The checks build in this workspace's target directory from a copy that keeps
//! the sources' modification times, so only the copy's SDK crate compiles (its
//! generator crate is the workspace's, already built). Skipped, with the reason, when `../shared` lacks the releases.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use aitoearn_codegen::MethodLock;
use common::{llms_txt, shared, Route, Site};
use xtask::drift_job::{self, Check, CHECKS_FAILING_LABEL};
use xtask::drift_pr::{BREAKING_LABEL, DRIFT_LABEL};
use xtask::paths::workspace_root;
use xtask::refresh::From;

/// The repository's files (tracked, and new ones not ignored) copied to `to`.
fn copy_repository(to: &Path) {
    let root = workspace_root();
    let listing = Command::new("git")
        .args([
            "ls-files",
            "-z",
            "--cached",
            "--others",
            "--exclude-standard",
        ])
        .current_dir(&root)
        .output()
        .expect("git lists the repository's files");
    assert!(listing.status.success(), "git ls-files failed");
    for rel in listing.stdout.split(|b| *b == 0).filter(|p| !p.is_empty()) {
        let rel = Path::new(std::str::from_utf8(rel).expect("UTF-8 file names"));
        let from = root.join(rel);
        if !from.is_file() {
            continue; // deleted in the working tree
        }
        let dest = to.join(rel);
        std::fs::create_dir_all(dest.parent().expect("a file has a parent")).unwrap();
        std::fs::copy(&from, &dest).unwrap();
        // The source's modification time too: the copy's generator crate is then
        // fresh against the artifact the workspace built (same path relative to
        // its workspace root, same sources), and its checks skip that build.
        let modified = std::fs::metadata(&from).and_then(|m| m.modified()).unwrap();
        std::fs::File::options()
            .write(true)
            .open(&dest)
            .and_then(|f| f.set_modified(modified))
            .unwrap();
    }
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| workspace_root().join("target"), PathBuf::from)
}

/// What the replay checks after each release: code written against the
/// shipped spec compiles, the walk test passes, the sandbox quickstart runs.
/// (The workflow's own list builds the library alone and runs every test.)
fn replay_checks() -> Vec<Check> {
    vec![
        Check::new(
            "tests/call_style.rs compiles",
            &["test", "-p", "aitoearn", "--test", "call_style", "--no-run"],
        ),
        Check::new(
            "the walk test passes",
            &["test", "-p", "aitoearn", "--test", "walk"],
        ),
        Check::new(
            "the sandbox quickstart runs",
            &[
                "run",
                "-p",
                "aitoearn",
                "--features",
                "sandbox",
                "--example",
                "quickstart",
            ],
        ),
    ]
}

struct Step {
    pr: xtask::drift_pr::DriftPr,
    failed: Vec<String>,
    body: String,
}

async fn release(repo: &Path, site: &Site, from: From, out: &Path) -> Step {
    let mut opts = drift_job::Options::new(repo.to_path_buf(), site.url(), out.to_path_buf());
    opts.refresh.from = from;
    opts.refresh.progress = false;
    opts.checks = replay_checks();
    opts.target_dir = Some(target_dir());
    opts.ci_triggering_token = true;
    let outcome = drift_job::run(&opts).await.expect("the drift job runs");
    let pr = outcome
        .pr
        .expect("the release changed openapi/: a pull request");
    let body = std::fs::read_to_string(out.join("body.md")).expect("body.md");
    assert_eq!(body, pr.body);
    let failed: Vec<String> = outcome
        .checks
        .iter()
        .filter(|c| !c.passed)
        .map(|c| c.check.name.clone())
        .collect();
    // The checks section, for the test log (the body's first part).
    eprintln!("{}", body.split("\n## ").next().unwrap_or_default());
    // Code written against the shipped spec may break only where upstream
    // removed or reshaped something: never through a renamed type (a locked
    // name turned into an alias cannot construct or match) or method (a
    // method missing now must be one whose operation the release removed).
    let lock = |root: &Path| MethodLock::load(&root.join("openapi")).expect("the method-name lock");
    let (shipped, now) = (lock(&workspace_root()), lock(repo));
    for check in outcome.checks.iter().filter(|c| !c.passed) {
        for line in &check.details {
            assert!(
                !line.contains("type alias"),
                "{}: a renamed type: {line}",
                check.check.name
            );
            if let Some(method) = line
                .split("no method named `")
                .nth(1)
                .and_then(|rest| rest.split('`').next())
            {
                let operation = shipped.iter().find(|(_, m)| *m == method).map(|(op, _)| op);
                assert!(
                    operation.is_some_and(|op| now.get(op).is_none()),
                    "{}: a renamed method: {line}",
                    check.check.name
                );
            }
            assert!(body.contains(line.as_str()), "the body quotes {line}");
        }
    }
    for name in &failed {
        assert!(
            body.contains(&format!("- {name}")) && body.contains("**fails**"),
            "the body names the failing check {name}"
        );
    }
    assert_eq!(
        pr.labels.iter().any(|l| l == CHECKS_FAILING_LABEL),
        !failed.is_empty(),
        "{:?}",
        pr.labels
    );
    // The tree the job leaves: canonical, surface and locks current, built,
    // walked (each is a check of its own; these must never fail).
    let must_pass = [
        "the surface file and name locks are regenerated",
        "`cargo xtask check` passes (canonical spec, current surface and locks)",
        "the walk test passes",
    ];
    for check in &outcome.checks {
        if must_pass.contains(&check.check.name.as_str()) {
            assert!(check.passed, "{}: {:?}", check.check.name, check.details);
        }
    }
    let version = |file: &str| std::fs::read_to_string(out.join(file)).unwrap();
    assert_eq!(version("version.txt").trim(), pr.version.to_string());
    assert_eq!(
        version("from-version.txt").trim(),
        pr.from_version.to_string()
    );
    let manifest = std::fs::read_to_string(repo.join("Cargo.toml")).unwrap();
    assert!(manifest.contains(&format!("version = \"{}\"", pr.version)));
    Step { pr, failed, body }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_drift_job_opens_a_green_pull_request_on_each_real_release() {
    let (Some(history), Some(docsite)) = (shared("upstream-history/b67a53c"), shared("docsite"))
    else {
        eprintln!(
            "skip: the replay needs ../shared/upstream-history/b67a53c and ../shared/docsite"
        );
        return;
    };
    let work = tempfile::tempdir().unwrap();
    let repo = work.path().join("repo");
    copy_repository(&repo);

    // Release 1: b67a53c, as a site publishing its Chinese spec file only.
    let site = Site::start().await;
    let spec = "/openapi/zh/aitoearn.openapi.json";
    site.markdown("/llms.txt", &llms_txt(&[], &[spec]));
    site.route(
        spec,
        Route::Body(
            std::fs::read_to_string(history.join("zh/aitoearn.openapi.json")).unwrap(),
            "application/json",
        ),
    );
    let first = release(&repo, &site, From::Spec, &work.path().join("pr-1")).await;
    eprintln!(
        "release 1: {} {:?} {:?}",
        first.pr.title, first.pr.labels, first.failed
    );
    assert_eq!(
        first.pr.title,
        "API drift: +51 operations, -1 operation, 7 changes, 7 breaking"
    );
    assert_eq!(
        first.pr.labels,
        [DRIFT_LABEL, BREAKING_LABEL, CHECKS_FAILING_LABEL]
    );
    // b67a53c removed the work-link update that both use: a real removal.
    assert_eq!(
        first.failed,
        [
            "tests/call_style.rs compiles",
            "the sandbox quickstart runs"
        ]
    );
    assert_eq!(
        (
            first.pr.from_version.to_string(),
            first.pr.version.to_string()
        ),
        ("0.1.0".into(), "0.2.0".into()),
        "a breaking release bumps 0.x to the next minor"
    );
    // The site no longer publishes English: its directory goes, and the PR says so.
    assert!(!repo.join("openapi/en").exists());
    assert!(
        first.body.contains("`openapi/en/` removed"),
        "{}",
        first.body
    );

    // Release 2: 1366fb2 as the mirror serves it (zh and en, and the pages).
    let site = Site::start().await;
    site.serve_dir(&docsite);
    let second = release(&repo, &site, From::Auto, &work.path().join("pr-2")).await;
    eprintln!(
        "release 2: {} {:?} {:?}",
        second.pr.title, second.pr.labels, second.failed
    );
    assert!(repo.join("openapi/en/aitoearn.openapi.json").is_file());
    assert_eq!(
        second.pr.title,
        "API drift: +14 operations, 260 changes, 244 breaking"
    );
    assert_eq!(
        second.pr.labels,
        [DRIFT_LABEL, BREAKING_LABEL, CHECKS_FAILING_LABEL]
    );
    assert_eq!(
        (
            second.pr.from_version.to_string(),
            second.pr.version.to_string()
        ),
        ("0.2.0".into(), "0.3.0".into())
    );
    assert_eq!(
        second.failed,
        [
            "tests/call_style.rs compiles",
            "the sandbox quickstart runs"
        ]
    );
    assert!(
        second.body.contains("`openapi/en/` changed"),
        "{}",
        second.body
    );
}
