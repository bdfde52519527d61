//! `drift_job::run` where no pull request is due: an unchanged site gives
//! none (and the step output `changed=false`), a failed refresh fails the job
//! with its reason and leaves the repository as it was.

mod common;

use std::path::Path;

use aitoearn_codegen::Locks;
use common::{llms_txt, snapshot, Route, Site};
use xtask::drift_job;
use xtask::paths::workspace_root;
use xtask::refresh::From;

const SPECS: [&str; 2] = [
    "/openapi/zh/aitoearn.openapi.json",
    "/openapi/en/aitoearn.openapi.json",
];

/// A repository holding the vendored `openapi/` and a manifest.
fn repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let from = workspace_root().join("openapi");
    let specs = ["zh/aitoearn.openapi.json", "en/aitoearn.openapi.json"];
    for file in specs.into_iter().chain(Locks::FILES) {
        let dest = dir.path().join("openapi").join(file);
        std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
        std::fs::copy(from.join(file), dest).unwrap();
    }
    std::fs::write(
        dir.path().join("Cargo.toml"),
        "[package]\nname = \"aitoearn\"\nversion = \"0.1.0\"\n",
    )
    .unwrap();
    dir
}

async fn site_serving(repo: &Path) -> Site {
    let site = Site::start().await;
    site.markdown("/llms.txt", &llms_txt(&[], &SPECS));
    for spec in SPECS {
        let file = repo
            .join("openapi")
            .join(spec.trim_start_matches("/openapi/"));
        let body = std::fs::read_to_string(file).unwrap();
        site.route(spec, Route::Body(body, "application/json"));
    }
    site
}

fn options(repo: &Path, site: &Site, out: &Path) -> drift_job::Options {
    let mut opts = drift_job::Options::new(repo.to_path_buf(), site.url(), out.to_path_buf());
    opts.refresh.from = From::Spec;
    opts.refresh.progress = false;
    opts.checks = Vec::new();
    opts
}

#[tokio::test]
async fn an_unchanged_site_opens_no_pull_request() {
    let repo = repository();
    let before = snapshot(repo.path());
    let site = site_serving(repo.path()).await;
    let out = tempfile::tempdir().unwrap();
    let outcome = drift_job::run(&options(repo.path(), &site, &out.path().join("pr")))
        .await
        .unwrap();
    assert!(outcome.pr.is_none());
    assert!(outcome.checks.is_empty());
    assert!(!out.path().join("pr").exists(), "no pull request files");
    assert_eq!(snapshot(repo.path()), before);
    let outputs = out.path().join("github-output");
    drift_job::github_outputs(&outputs, &drift_job::outputs_of(outcome.pr.as_ref())).unwrap();
    assert_eq!(
        std::fs::read_to_string(&outputs).unwrap(),
        "changed=false\n"
    );
}

#[tokio::test]
async fn a_failed_refresh_fails_the_job_and_changes_nothing() {
    let repo = repository();
    let before = snapshot(repo.path());
    let site = site_serving(repo.path()).await;
    site.route(SPECS[1], Route::Status(404));
    let out = tempfile::tempdir().unwrap();
    let mut opts = options(repo.path(), &site, &out.path().join("pr"));
    opts.refresh.fetch.retries = 0;
    let err = drift_job::run(&opts).await.unwrap_err().to_string();
    assert!(
        err.contains("/openapi/en/aitoearn.openapi.json") && err.contains("404"),
        "{err}"
    );
    assert!(!out.path().join("pr").exists());
    assert_eq!(snapshot(repo.path()), before);
}
