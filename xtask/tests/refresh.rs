//! `refresh` against a docs site served on 127.0.0.1.

mod common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use common::{llms_txt, shared, Route, Site};
use serde_json::Value;
use xtask::canonical::to_canonical_string;
use xtask::refresh::{self, From, Options};

const PAGE_A: &str = "/api-reference/渠道管理内容发布/获取用户操作信息.md";
const PAGE_B: &str = "/api-reference/渠道管理内容发布/获取发布记录.md";

fn seed(name: &str) -> Option<String> {
    let dir = shared("seeds")?;
    let file = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(name))?;
    Some(std::fs::read_to_string(file).unwrap())
}

fn options(site: &Site, out: &Path) -> Options {
    let mut opts = Options::new(site.url(), out.to_path_buf());
    opts.fetch.timeout = Duration::from_secs(5);
    opts.fetch.backoff = Duration::from_millis(10);
    opts.progress = false;
    opts
}

/// The vendored spec's bytes, as the "old" file a failed refresh must keep.
fn vendored() -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("../openapi/zh/aitoearn.openapi.json"))
        .unwrap()
}

/// An output directory that already holds the vendored spec.
fn out_dir_with_old_spec() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("aitoearn.openapi.json");
    std::fs::write(&file, vendored()).unwrap();
    (dir, file)
}

/// A site with the two real seed pages and no spec file.
async fn seed_site() -> Option<Site> {
    let (a, b) = (seed("000")?, seed("001")?);
    let site = Site::start().await;
    site.markdown(
        "/llms.txt",
        &llms_txt(
            &[("获取用户操作信息", PAGE_A), ("获取发布记录", PAGE_B)],
            &[],
        ),
    );
    site.markdown(PAGE_A, &a);
    site.markdown(PAGE_B, &b);
    Some(site)
}

fn read(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[tokio::test]
async fn seed_pages_give_their_operations_in_canonical_form() {
    let Some(site) = seed_site().await else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let outcome = refresh::refresh(&options(&site, dir.path())).await.unwrap();
    assert!(outcome.changed);
    assert!(outcome.drift.is_none(), "no previous file, so no drift");
    let text = std::fs::read_to_string(&outcome.path).unwrap();
    let spec: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        text,
        to_canonical_string(&spec),
        "written in canonical form"
    );
    let paths: Vec<&String> = spec["paths"].as_object().unwrap().keys().collect();
    assert_eq!(
        paths,
        [
            "/api/v2/channels/publish/records/{recordId}",
            "/api/v2/channels/publish/records/{recordId}/user-action"
        ]
    );
    // The vendored spec was built from the same seed pages: the operations agree.
    let vendored: Value = serde_json::from_slice(&vendored()).unwrap();
    for p in paths {
        assert_eq!(spec["paths"][p], vendored["paths"][p], "{p}");
    }
    assert!(spec["components"]["securitySchemes"].is_object());
    assert_eq!(spec["openapi"], "3.0.1");
}

#[tokio::test]
async fn refresh_reports_drift_against_the_file_it_replaces_and_rewrites_nothing_when_unchanged() {
    let Some(site) = seed_site().await else {
        return;
    };
    let (dir, file) = out_dir_with_old_spec();
    let outcome = refresh::refresh(&options(&site, dir.path())).await.unwrap();
    let drift = outcome.drift.unwrap();
    // The vendored spec has five seed operations; the site now shows two.
    assert_eq!(drift.removed.len(), 3, "{drift:?}");
    assert!(drift.added.is_empty());
    let written = std::fs::read(&file).unwrap();
    let again = refresh::refresh(&options(&site, dir.path())).await.unwrap();
    assert!(!again.changed);
    assert!(again.drift.unwrap().is_empty());
    assert_eq!(std::fs::read(&file).unwrap(), written);
}

#[tokio::test]
async fn links_with_chinese_paths_and_redirects_are_followed() {
    let Some(a) = seed("000") else { return };
    let site = Site::start().await;
    let moved = "/api-reference/新位置/页面.md";
    site.markdown("/llms.txt", &llms_txt(&[("页面", PAGE_A)], &[]));
    let target = site
        .url()
        .join(
            &url::Url::parse("http://x").unwrap().join(moved).unwrap()[url::Position::BeforePath..],
        )
        .unwrap();
    site.route(PAGE_A, Route::Redirect(target.to_string()));
    site.markdown(moved, &a);
    let dir = tempfile::tempdir().unwrap();
    refresh::refresh(&options(&site, dir.path())).await.unwrap();
    assert_eq!(site.hits(PAGE_A), 1);
    assert_eq!(site.hits(moved), 1);
}

/// Whether the generator accepts the full upstream spec yet (another change
/// is making it do so); until it does, the mirror tests skip that step.
fn generator_accepts_upstream() -> bool {
    let Some(dir) = shared("upstream") else {
        return false;
    };
    let spec = aitoearn_codegen::spec::read_json(&dir.join("zh/aitoearn.openapi.json")).unwrap();
    let ok = refresh::codegen_check(&spec).is_ok();
    if !ok {
        eprintln!("note: the generator does not accept the full upstream spec yet; refreshing with the codegen check off");
    }
    ok
}

async fn mirror_refresh(from: From) -> Option<(Value, Value)> {
    let docsite = shared("docsite")?;
    let mirror =
        aitoearn_codegen::spec::read_json(&docsite.join("openapi/zh/aitoearn.openapi.json"))
            .unwrap();
    let site = Site::start().await;
    site.serve_dir(&docsite);
    let dir = tempfile::tempdir().unwrap();
    let mut opts = options(&site, dir.path());
    opts.from = from;
    opts.codegen_check = generator_accepts_upstream();
    let outcome = refresh::refresh(&opts).await.unwrap();
    assert_eq!(outcome.spec, read(&outcome.path));
    Some((outcome.spec, mirror))
}

#[tokio::test]
async fn pages_alone_reproduce_the_mirror_spec() {
    let Some((spec, mirror)) = mirror_refresh(From::Pages).await else {
        return;
    };
    assert_eq!(spec["paths"], mirror["paths"]);
    assert_eq!(aitoearn_codegen::spec::operations(&spec).count(), 69);
    let components = spec["components"].as_object().unwrap();
    let mut count = 0;
    for (section, entries) in components {
        for (name, value) in entries.as_object().unwrap() {
            assert_eq!(
                value, &mirror["components"][section][name],
                "components/{section}/{name}"
            );
            count += 1;
        }
    }
    // Only referenced components come back, but all of those do.
    assert!(count >= 16, "{count} components");
    let mut refs = Vec::new();
    collect_refs(&spec["paths"], &mut refs);
    for r in refs {
        assert!(
            aitoearn_codegen::schema::resolve_ref(&spec, &r).is_some(),
            "{r}"
        );
    }
    assert_eq!(spec["tags"], mirror["tags"]);
    assert_eq!(spec["servers"], mirror["servers"]);
}

fn collect_refs(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            if let Some(Value::String(r)) = m.get("$ref") {
                out.push(r.clone());
            }
            m.values().for_each(|v| collect_refs(v, out));
        }
        Value::Array(a) => a.iter().for_each(|v| collect_refs(v, out)),
        _ => {}
    }
}

#[tokio::test]
async fn the_listed_spec_file_gives_the_mirror_spec() {
    let Some((spec, mirror)) = mirror_refresh(From::Spec).await else {
        return;
    };
    assert_eq!(spec, mirror);
}

#[tokio::test]
async fn spec_file_and_pages_cross_check() {
    let Some((spec, mirror)) = mirror_refresh(From::Auto).await else {
        return;
    };
    assert_eq!(spec, mirror);
}

#[tokio::test]
async fn a_page_contradicting_the_spec_file_fails_the_cross_check() {
    let Some(docsite) = shared("docsite") else {
        return;
    };
    let site = Site::start().await;
    site.serve_dir(&docsite);
    // Replace one page with seed 001, whose operation differs from the mirror's (see upstream/README.md).
    let Some(b) = seed("001") else { return };
    let page = "/api-reference/渠道管理内容发布/发布记录详情.md";
    assert!(docsite.join(&page[1..]).exists());
    site.markdown(page, &b);
    let (dir, file) = out_dir_with_old_spec();
    let mut opts = options(&site, dir.path());
    opts.codegen_check = false;
    let err = refresh::refresh(&opts).await.unwrap_err().to_string();
    assert!(
        err.contains("contradicts itself")
            && err.contains("%E5%8F%91%E5%B8%83%E8%AE%B0%E5%BD%95%E8%AF%A6%E6%83%85"),
        "{err}"
    );
    assert_eq!(std::fs::read(&file).unwrap(), vendored());
}

/// Run a refresh that must fail, and check the old file is untouched.
async fn fails(site: &Site, timeout: Duration) -> String {
    let (dir, file) = out_dir_with_old_spec();
    let mut opts = options(site, dir.path());
    opts.fetch.timeout = timeout;
    let err = refresh::refresh(&opts).await.unwrap_err().to_string();
    assert_eq!(
        std::fs::read(&file).unwrap(),
        vendored(),
        "the old spec must stay byte-identical"
    );
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no temporary file left"
    );
    err
}

#[tokio::test]
async fn a_missing_page_names_its_url_and_status() {
    let Some(site) = seed_site().await else {
        return;
    };
    site.route(PAGE_B, Route::Status(404));
    let err = fails(&site, Duration::from_secs(5)).await;
    assert!(
        err.contains("404") && err.contains("/api-reference/") && err.contains(".md"),
        "{err}"
    );
    assert_eq!(site.hits(PAGE_B), 1, "a 404 is not retried");
}

#[tokio::test]
async fn a_server_error_is_retried() {
    let Some(site) = seed_site().await else {
        return;
    };
    let body = seed("001").unwrap();
    site.route(PAGE_B, Route::FailThen(500, 1, body));
    let dir = tempfile::tempdir().unwrap();
    refresh::refresh(&options(&site, dir.path())).await.unwrap();
    assert_eq!(site.hits(PAGE_B), 2);
}

#[tokio::test]
async fn a_persistent_server_error_fails_after_the_retries() {
    let Some(site) = seed_site().await else {
        return;
    };
    site.route(PAGE_B, Route::Status(503));
    let err = fails(&site, Duration::from_secs(5)).await;
    assert!(
        err.contains("503") && err.contains("after 3 attempts"),
        "{err}"
    );
    assert_eq!(site.hits(PAGE_B), 3);
}

#[tokio::test]
async fn an_html_page_is_refused() {
    let Some(site) = seed_site().await else {
        return;
    };
    site.route(
        PAGE_B,
        Route::Body(
            "<!DOCTYPE html><html><body>Docs</body></html>".into(),
            "text/html",
        ),
    );
    let err = fails(&site, Duration::from_secs(5)).await;
    assert!(
        err.contains("HTML page where Markdown was expected"),
        "{err}"
    );
}

#[tokio::test]
async fn a_page_without_a_fence_is_refused() {
    let Some(site) = seed_site().await else {
        return;
    };
    site.markdown(PAGE_B, "# 获取发布记录\n\n接口说明，但没有 OpenAPI。\n");
    let err = fails(&site, Duration::from_secs(5)).await;
    assert!(
        err.contains("no OpenAPI fence")
            && err.contains("%E8%8E%B7%E5%8F%96%E5%8F%91%E5%B8%83%E8%AE%B0%E5%BD%95.md"),
        "{err}"
    );
}

#[tokio::test]
async fn conflicting_components_name_both_pages() {
    let Some(site) = seed_site().await else {
        return;
    };
    let a = seed("000").unwrap();
    let b = seed("001").unwrap();
    // Both seed pages carry the `X-Api-Key` scheme; make page B describe it differently.
    assert!(
        a.contains("AiToEarn Open Platform API Key。")
            && b.contains("AiToEarn Open Platform API Key。")
    );
    site.markdown(
        PAGE_B,
        &b.replace(
            "AiToEarn Open Platform API Key。",
            "a different description",
        ),
    );
    let err = fails(&site, Duration::from_secs(5)).await;
    assert!(err.contains("defined differently in"), "{err}");
    assert!(
        err.contains("%E8%8E%B7%E5%8F%96%E7%94%A8%E6%88%B7")
            && err.contains("%E8%8E%B7%E5%8F%96%E5%8F%91%E5%B8%83"),
        "names both pages: {err}"
    );
}

#[tokio::test]
async fn a_stalled_server_times_out() {
    let Some(site) = seed_site().await else {
        return;
    };
    site.route(PAGE_B, Route::Stall(Duration::from_secs(30)));
    let started = std::time::Instant::now();
    let err = fails(&site, Duration::from_millis(300)).await;
    assert!(err.contains("timed out"), "{err}");
    assert!(started.elapsed() < Duration::from_secs(10));
}

#[tokio::test]
async fn an_invalid_spec_is_not_written() {
    let Some(site) = seed_site().await else {
        return;
    };
    let b = seed("001").unwrap();
    site.markdown(
        PAGE_B,
        &b.replace(
            "operationId: PublishRecordController_getRecord_v2",
            "summary2: x",
        ),
    );
    let err = fails(&site, Duration::from_secs(5)).await;
    assert!(err.contains("operation has no operationId"), "{err}");
}

#[tokio::test]
async fn the_mirror_is_refused_while_the_generator_rejects_it() {
    let Some(docsite) = shared("docsite") else {
        return;
    };
    if generator_accepts_upstream() {
        eprintln!(
            "skipping: the generator accepts the full spec now (covered by the mirror tests)"
        );
        return;
    }
    let site = Site::start().await;
    site.serve_dir(&docsite);
    let err = fails(&site, Duration::from_secs(5)).await;
    assert!(err.contains("--no-codegen-check"), "{err}");
}

#[tokio::test]
async fn a_missing_index_is_an_error() {
    let site = Site::start().await;
    let err = fails(&site, Duration::from_secs(5)).await;
    assert!(err.contains("llms.txt") && err.contains("404"), "{err}");
}
