//! `refresh` against a docs site served on 127.0.0.1.

mod common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use common::{llms_txt, shared, snapshot, Route, Site};
use serde_json::Value;
use xtask::canonical::to_canonical_string;
use xtask::refresh::{self, From, Options, Outcome};

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

/// The repository's openapi root (read only: tests never write into it).
fn repo_openapi() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../openapi")
}

/// A vendored spec's bytes (`zh` or `en`), as the "old" file a failed refresh must keep.
fn vendored_lang(lang: &str) -> Vec<u8> {
    std::fs::read(repo_openapi().join(lang).join("aitoearn.openapi.json")).unwrap()
}

/// The vendored primary spec's bytes.
fn vendored() -> Vec<u8> {
    vendored_lang("zh")
}

/// An openapi root that already holds the vendored primary spec.
fn out_dir_with_old_spec() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("zh/aitoearn.openapi.json");
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(&file, vendored()).unwrap();
    (dir, file)
}

/// An openapi root holding both vendored languages, the surface file and the method lock.
fn out_dir_with_both_languages() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for lang in ["zh", "en"] {
        std::fs::create_dir_all(dir.path().join(lang)).unwrap();
        std::fs::write(
            dir.path().join(lang).join("aitoearn.openapi.json"),
            vendored_lang(lang),
        )
        .unwrap();
    }
    std::fs::copy(
        repo_openapi().join("zh/aitoearn.surface.txt"),
        dir.path().join("zh/aitoearn.surface.txt"),
    )
    .unwrap();
    std::fs::copy(
        repo_openapi().join("method-names.txt"),
        dir.path().join("method-names.txt"),
    )
    .unwrap();
    dir
}

const ZH_SPEC: &str = "/openapi/zh/aitoearn.openapi.json";
const EN_SPEC: &str = "/openapi/en/aitoearn.openapi.json";

/// A site listing spec files only (no pages), served with these bodies.
async fn spec_site(specs: &[(&str, String)]) -> Site {
    let site = Site::start().await;
    let paths: Vec<&str> = specs.iter().map(|(p, _)| *p).collect();
    site.markdown("/llms.txt", &llms_txt(&[], &paths));
    for (path, body) in specs {
        site.route(path, Route::Body(body.clone(), "application/json"));
    }
    site
}

fn text(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap()
}

/// The vendored `en` spec with one description changed (a translation fix).
fn en_retranslated() -> String {
    let mut en: Value = serde_json::from_slice(&vendored_lang("en")).unwrap();
    en["info"]["description"] = Value::String("Retranslated.".into());
    to_canonical_string(&en)
}

fn spec_options(site: &Site, out: &Path) -> Options {
    let mut opts = options(site, out);
    opts.from = From::Spec;
    opts
}

fn langs(outcome: &Outcome) -> Vec<(&str, bool)> {
    outcome
        .languages
        .iter()
        .map(|l| (l.lang.as_str(), l.changed))
        .collect()
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
    assert!(!outcome.docs_only);
    assert!(outcome.drift.is_none(), "no previous file, so no drift");
    assert_eq!(langs(&outcome), [("zh", true)]);
    assert_eq!(
        outcome.languages[0].path,
        dir.path().join("zh/aitoearn.openapi.json")
    );
    assert_eq!(outcome.sources, "2 page(s) (zh)");
    let text = std::fs::read_to_string(&outcome.languages[0].path).unwrap();
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

/// Refresh from a served copy of the docs site mirror; returns the outcome,
/// the written zh spec and the mirror's zh spec.
async fn mirror_refresh(from: From) -> Option<(Outcome, Value, Value, tempfile::TempDir)> {
    let docsite = shared("docsite")?;
    let mirror =
        aitoearn_codegen::spec::read_json(&docsite.join("openapi/zh/aitoearn.openapi.json"))
            .unwrap();
    let site = Site::start().await;
    site.serve_dir(&docsite);
    let dir = tempfile::tempdir().unwrap();
    let mut opts = options(&site, dir.path());
    opts.from = from;
    let outcome = refresh::refresh(&opts).await.unwrap();
    let spec = read(&dir.path().join("zh/aitoearn.openapi.json"));
    Some((outcome, spec, mirror, dir))
}

#[tokio::test]
async fn pages_alone_reproduce_the_mirror_spec() {
    let Some((outcome, spec, mirror, _dir)) = mirror_refresh(From::Pages).await else {
        return;
    };
    // The mirror's pages are Chinese only: pages give zh alone.
    assert_eq!(langs(&outcome), [("zh", true)]);
    assert_eq!(outcome.sources, "69 page(s) (zh)");
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
async fn the_listed_spec_files_give_the_mirror_specs() {
    let Some((outcome, spec, mirror, _dir)) = mirror_refresh(From::Spec).await else {
        return;
    };
    assert_eq!(langs(&outcome), [("en", true), ("zh", true)]);
    assert_eq!(outcome.sources, "2 spec file(s) (en, zh)");
    assert_eq!(spec, mirror);
}

/// The served mirror gives openapi/zh and openapi/en, each the canonical
/// form of the mirror's file; the pages (Chinese only) are cross-checked
/// against zh alone; the build's own entry point generates from the result,
/// with the warnings the refresh reported.
#[tokio::test]
async fn the_mirror_gives_every_language_and_the_result_generates() {
    let Some((outcome, spec, mirror, dir)) = mirror_refresh(From::Auto).await else {
        return;
    };
    assert_eq!(spec, mirror);
    assert_eq!(langs(&outcome), [("en", true), ("zh", true)]);
    assert!(outcome.changed && !outcome.docs_only);
    assert!(outcome.removed.is_empty() && outcome.drift.is_none());
    assert_eq!(
        outcome.sources,
        "2 spec file(s) (en, zh), zh cross-checked against 69 page(s)"
    );
    let docsite = shared("docsite").unwrap();
    for lang in ["zh", "en"] {
        let file = format!("{lang}/aitoearn.openapi.json");
        let served =
            aitoearn_codegen::spec::read_json(&docsite.join("openapi").join(&file)).unwrap();
        assert_eq!(
            std::fs::read_to_string(dir.path().join(&file)).unwrap(),
            to_canonical_string(&served),
            "{file}"
        );
    }
    let generated = aitoearn_codegen::generate_dir(dir.path(), None).unwrap();
    assert_eq!(
        aitoearn_codegen::spec::operations(&generated.normalized.spec).count(),
        69
    );
    let warnings: Vec<String> = generated
        .normalized
        .warnings
        .iter()
        .map(|w| w.build_line(dir.path()))
        .collect();
    // zh and en of one upstream commit agree in structure: nothing to warn about.
    assert_eq!(outcome.warnings, warnings);
    assert_eq!(warnings, Vec::<String>::new());
}

/// en is cross-checked only when a page's fence names /openapi/en/.
#[tokio::test]
async fn a_page_fenced_for_en_is_cross_checked_against_the_en_spec() {
    let Some(docsite) = shared("docsite") else {
        return;
    };
    let site = Site::start().await;
    site.serve_dir(&docsite);
    let page = "/api-reference/渠道管理内容发布/发布记录详情.md";
    let body = std::fs::read_to_string(docsite.join(&page[1..])).unwrap();
    assert!(body.contains("````yaml /openapi/zh/aitoearn.openapi.json"));
    site.markdown(
        page,
        &body.replace(
            "````yaml /openapi/zh/aitoearn.openapi.json",
            "````yaml /openapi/en/aitoearn.openapi.json",
        ),
    );
    let (dir, file) = out_dir_with_old_spec();
    let err = refresh::refresh(&options(&site, dir.path()))
        .await
        .unwrap_err()
        .to_string();
    // The page's (Chinese) operation is not the en spec file's.
    assert!(
        err.contains("contradicts itself")
            && err.contains("differs from the spec file")
            && err.contains("%E5%8F%91%E5%B8%83%E8%AE%B0%E5%BD%95%E8%AF%A6%E6%83%85"),
        "{err}"
    );
    assert_eq!(std::fs::read(&file).unwrap(), vendored());
    assert!(!dir.path().join("en").exists());
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
        snapshot(dir.path()),
        [(file, vendored())],
        "nothing else written, no temporary file left"
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
async fn a_redirect_to_another_origin_is_not_followed() {
    let Some(site) = seed_site().await else {
        return;
    };
    let elsewhere = Site::start().await;
    elsewhere.markdown(PAGE_B, "# a page from another host");
    site.route(
        PAGE_B,
        Route::Redirect(elsewhere.url().join(PAGE_B).unwrap().to_string()),
    );
    let err = fails(&site, Duration::from_secs(5)).await;
    assert!(err.contains("redirected to another origin"), "{err}");
    assert_eq!(elsewhere.hits(PAGE_B), 0, "the other host is never asked");
    assert_eq!(site.hits(PAGE_B), 1, "a refused redirect is not retried");
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
async fn a_missing_index_is_an_error() {
    let site = Site::start().await;
    let err = fails(&site, Duration::from_secs(5)).await;
    assert!(err.contains("llms.txt") && err.contains("404"), "{err}");
}

/// Refuse an index listing `spec` beside the zh spec file: the error names
/// the link and gives `reason` (told the site's origin); nothing is fetched
/// but the index, and the openapi root is untouched.
async fn refused_spec_link(spec: &str, reason: impl Fn(&str) -> String) {
    let site = Site::start().await;
    let index = format!(
        "# AiToEarn\n\n## OpenAPI Specs\n\n- [zh](https://docs.aitoearn.ai{ZH_SPEC})\n- [other]({spec})\n"
    );
    site.markdown("/llms.txt", &index);
    site.route(ZH_SPEC, Route::Body(text(vendored()), "application/json"));
    let root = out_dir_with_both_languages();
    let before = snapshot(root.path());
    let err = refresh::refresh(&options(&site, root.path()))
        .await
        .unwrap_err()
        .to_string();
    let origin = site.url().origin().ascii_serialization();
    assert_eq!(
        err,
        format!(
            "{}llms.txt: spec link `{spec}` refused: {}",
            site.url(),
            reason(&origin)
        )
    );
    assert_eq!(site.hits(ZH_SPEC), 0, "nothing fetched after the index");
    assert_eq!(snapshot(root.path()), before);
}

#[tokio::test]
async fn a_spec_on_another_host_is_refused() {
    for spec in [
        "https://evil.example/openapi/en/aitoearn.openapi.json",
        "http://evil.example:8080/openapi/en/aitoearn.openapi.json",
    ] {
        let host = url::Url::parse(spec)
            .unwrap()
            .origin()
            .ascii_serialization();
        refused_spec_link(spec, |site| {
            format!(
                "it is on another origin ({host}); only links on the site ({site}) \
                 or on https://docs.aitoearn.ai are followed"
            )
        })
        .await;
    }
}

#[tokio::test]
async fn a_dot_dot_or_bad_language_tag_is_refused() {
    refused_spec_link(
        "https://docs.aitoearn.ai/openapi/../x/aitoearn.openapi.json",
        |_| "its path has a `..` segment".into(),
    )
    .await;
    refused_spec_link("/openapi/%2E%2E/aitoearn.openapi.json", |_| {
        "its path has a `..` segment".into()
    })
    .await;
    refused_spec_link("/openapi/EN_US/aitoearn.openapi.json", |_| {
        "`EN_US` is not a language tag".into()
    })
    .await;
    refused_spec_link("/openapi/aitoearn.openapi.json", |_| {
        "its path is not `/openapi/<lang>/<file>.json`".into()
    })
    .await;
}

#[tokio::test]
async fn a_failure_in_one_language_writes_nothing() {
    // zh changed upstream, en is broken: neither is written.
    let mut zh: Value = serde_json::from_slice(&vendored()).unwrap();
    zh["info"]["description"] = Value::String("新的说明。".into());
    let site = spec_site(&[
        (ZH_SPEC, to_canonical_string(&zh)),
        (EN_SPEC, "{\"openapi\": \"3.0.1\",".into()),
    ])
    .await;
    let root = out_dir_with_both_languages();
    let before = snapshot(root.path());
    let err = refresh::refresh(&spec_options(&site, root.path()))
        .await
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with(&format!(
            "{}openapi/en/aitoearn.openapi.json: not a JSON spec file (line 1",
            site.url()
        )),
        "{err}"
    );
    assert_eq!(snapshot(root.path()), before);

    // en valid JSON but not a valid spec (an operation without operationId).
    let mut en: Value = serde_json::from_slice(&vendored_lang("en")).unwrap();
    let (path, _) = en["paths"].as_object().unwrap().iter().next().unwrap();
    let path = path.clone();
    for op in en["paths"][&path].as_object_mut().unwrap().values_mut() {
        op.as_object_mut().unwrap().remove("operationId");
    }
    site.route(EN_SPEC, Route::Body(en.to_string(), "application/json"));
    let err = refresh::refresh(&spec_options(&site, root.path()))
        .await
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("openapi/en/aitoearn.openapi.json")
            && err.contains("operation has no operationId"),
        "{err}"
    );
    assert_eq!(snapshot(root.path()), before);
}

#[tokio::test]
async fn a_language_no_longer_listed_is_removed_and_reported() {
    let site = spec_site(&[(ZH_SPEC, text(vendored()))]).await;
    let root = out_dir_with_both_languages();
    let outcome = refresh::refresh(&spec_options(&site, root.path()))
        .await
        .unwrap();
    assert_eq!(langs(&outcome), [("zh", false)]);
    assert_eq!(outcome.removed, ["en"]);
    assert!(outcome.changed);
    assert!(outcome.docs_only, "the primary spec did not change");
    assert!(outcome.drift.as_ref().unwrap().is_empty());
    assert!(
        !root.path().join("en").exists(),
        "the emptied directory goes too"
    );
    assert_eq!(
        std::fs::read(root.path().join("zh/aitoearn.surface.txt")).unwrap(),
        std::fs::read(repo_openapi().join("zh/aitoearn.surface.txt")).unwrap(),
        "the surface file beside the primary spec survives"
    );
    assert_eq!(
        std::fs::read(root.path().join("zh/aitoearn.openapi.json")).unwrap(),
        vendored()
    );
    assert!(root.path().join("method-names.txt").is_file());

    // A file of someone else's in a language directory keeps it.
    let site = spec_site(&[
        (EN_SPEC, text(vendored_lang("en"))),
        (ZH_SPEC, text(vendored())),
    ])
    .await;
    let outcome = refresh::refresh(&spec_options(&site, root.path()))
        .await
        .unwrap();
    assert_eq!(langs(&outcome), [("en", true), ("zh", false)]);
    assert!(outcome.removed.is_empty() && outcome.docs_only);
    std::fs::write(root.path().join("en/notes.txt"), "mine").unwrap();
    let site = spec_site(&[(ZH_SPEC, text(vendored()))]).await;
    let outcome = refresh::refresh(&spec_options(&site, root.path()))
        .await
        .unwrap();
    assert_eq!(outcome.removed, ["en"]);
    assert!(!root.path().join("en/aitoearn.openapi.json").exists());
    assert_eq!(
        std::fs::read_to_string(root.path().join("en/notes.txt")).unwrap(),
        "mine"
    );
}

#[tokio::test]
async fn a_change_only_to_en_is_docs_only() {
    let root = out_dir_with_both_languages();
    let site = spec_site(&[(ZH_SPEC, text(vendored())), (EN_SPEC, en_retranslated())]).await;
    let outcome = refresh::refresh(&spec_options(&site, root.path()))
        .await
        .unwrap();
    assert_eq!(langs(&outcome), [("en", true), ("zh", false)]);
    assert!(outcome.changed && outcome.docs_only && outcome.removed.is_empty());
    assert!(outcome.drift.unwrap().is_empty(), "the primary is compared");
    assert_eq!(
        std::fs::read_to_string(root.path().join("en/aitoearn.openapi.json")).unwrap(),
        en_retranslated()
    );
    assert_eq!(
        std::fs::read(root.path().join("zh/aitoearn.openapi.json")).unwrap(),
        vendored()
    );

    // Again: nothing changes, so it is not docs-only either.
    let again = refresh::refresh(&spec_options(&site, root.path()))
        .await
        .unwrap();
    assert_eq!(langs(&again), [("en", false), ("zh", false)]);
    assert!(!again.changed && !again.docs_only);

    // A change to the primary is not docs-only, and its drift is reported.
    let mut zh: Value = serde_json::from_slice(&vendored()).unwrap();
    let first = zh["paths"]
        .as_object()
        .unwrap()
        .keys()
        .next()
        .unwrap()
        .clone();
    zh["paths"].as_object_mut().unwrap().remove(&first);
    site.route(ZH_SPEC, Route::Body(zh.to_string(), "application/json"));
    let outcome = refresh::refresh(&spec_options(&site, root.path()))
        .await
        .unwrap();
    assert_eq!(langs(&outcome), [("en", false), ("zh", true)]);
    assert!(outcome.changed && !outcome.docs_only);
    assert!(!outcome.drift.unwrap().removed.is_empty());
}

#[tokio::test]
async fn the_site_needs_the_primary_language() {
    let site = spec_site(&[(EN_SPEC, text(vendored_lang("en")))]).await;
    let root = out_dir_with_both_languages();
    let before = snapshot(root.path());
    let err = refresh::refresh(&spec_options(&site, root.path()))
        .await
        .unwrap_err()
        .to_string();
    assert_eq!(
        err,
        format!(
            "{}llms.txt: gives no spec for the primary language `zh` (only en)",
            site.url()
        )
    );
    assert_eq!(snapshot(root.path()), before);
}

/// The only test that touches `AITOEARN_DOCS_SITE` (no other test in this
/// binary reads it).
#[test]
fn the_docs_site_comes_from_the_flag_then_the_environment_then_the_default() {
    let mirror = "http://127.0.0.1:9/mirror/";
    std::env::set_var(refresh::SITE_VAR, mirror);
    assert_eq!(refresh::site(None).unwrap().as_str(), mirror);
    assert_eq!(
        refresh::site(Some("http://127.0.0.1:8/")).unwrap().as_str(),
        "http://127.0.0.1:8/"
    );
    std::env::set_var(refresh::SITE_VAR, "::");
    assert_eq!(
        refresh::site(None).unwrap_err().to_string(),
        "`AITOEARN_DOCS_SITE` ::: relative URL without a base"
    );
    std::env::remove_var(refresh::SITE_VAR);
    assert_eq!(
        refresh::site(None).unwrap().as_str(),
        "https://docs.aitoearn.ai/"
    );
}

/// A translation that differs in structure is written, with the generator's
/// warning as the build prints it (the file named under the openapi root).
#[tokio::test]
async fn a_lagging_translation_is_written_with_a_warning() {
    let mut en: Value = serde_json::from_slice(&vendored_lang("en")).unwrap();
    let first = en["paths"]
        .as_object()
        .unwrap()
        .keys()
        .next()
        .unwrap()
        .clone();
    en["paths"].as_object_mut().unwrap().remove(&first);
    let site = spec_site(&[(ZH_SPEC, text(vendored())), (EN_SPEC, en.to_string())]).await;
    let root = out_dir_with_both_languages();
    let outcome = refresh::refresh(&spec_options(&site, root.path()))
        .await
        .unwrap();
    assert_eq!(langs(&outcome), [("en", true), ("zh", false)]);
    let pointer = first.replace('~', "~0").replace('/', "~1");
    assert_eq!(outcome.warnings.len(), 1, "{:?}", outcome.warnings);
    let warning = &outcome.warnings[0];
    assert!(
        warning.starts_with(&format!(
            "spec normalization: en#/paths/{pointer}: the `en` variant differs from `zh` in structure ("
        )) && warning.ends_with(" in zh/, absent in en/); zh/ stands here"),
        "{warning}"
    );
    assert!(outcome.docs_only);
}

/// The generator check reads the root's method-name lock as the build does:
/// a set the build would refuse is not written (unless the check is off).
#[tokio::test]
async fn a_set_the_build_refuses_is_not_written() {
    let root = out_dir_with_both_languages();
    let lock = root.path().join("method-names.txt");
    let mut lines = std::fs::read_to_string(&lock).unwrap();
    let last = lines.lines().last().unwrap().to_string();
    lines.push_str(&format!("{last}\n"));
    std::fs::write(&lock, lines).unwrap();
    let id = last.split(' ').next().unwrap();
    let site = spec_site(&[(ZH_SPEC, text(vendored())), (EN_SPEC, en_retranslated())]).await;
    let before = snapshot(root.path());
    let err = refresh::refresh(&spec_options(&site, root.path()))
        .await
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("<spec>: the SDK cannot be generated from this spec set (method-names.txt")
            && err.contains(&format!("`{id}` is listed twice"))
            && err.ends_with("pass --no-codegen-check to write it anyway"),
        "{err}"
    );
    assert_eq!(snapshot(root.path()), before);

    let mut opts = spec_options(&site, root.path());
    opts.codegen_check = false;
    let outcome = refresh::refresh(&opts).await.unwrap();
    assert_eq!(langs(&outcome), [("en", true), ("zh", false)]);
    assert!(outcome.warnings.is_empty());
}

/// A vendored spec in OpenAPI 3.1's spelling: the version, the dialect, and
/// every one-value `enum` as `const`.
fn in_3_1(lang: &str) -> String {
    fn consts(v: &mut Value) {
        match v {
            Value::Object(map) => {
                if let Some(Value::Array(values)) = map.get("enum") {
                    if values.len() == 1 {
                        let only = values[0].clone();
                        map.remove("enum");
                        map.insert("const".into(), only);
                    }
                }
                map.values_mut().for_each(consts);
            }
            Value::Array(items) => items.iter_mut().for_each(consts),
            _ => {}
        }
    }
    let mut spec: Value = serde_json::from_slice(&vendored_lang(lang)).unwrap();
    spec["openapi"] = Value::String("3.1.0".into());
    spec["jsonSchemaDialect"] =
        Value::String("https://spec.openapis.org/oas/3.1/dialect/base".into());
    consts(&mut spec["components"]);
    to_canonical_string(&spec)
}

#[tokio::test]
async fn a_site_that_moves_to_openapi_3_1_refreshes_with_no_drift() {
    let (zh, en) = (in_3_1("zh"), in_3_1("en"));
    assert!(
        zh.contains("\"const\""),
        "the vendored spec has a one-value enum"
    );
    let site = spec_site(&[(ZH_SPEC, zh.clone()), (EN_SPEC, en.clone())]).await;
    let dir = out_dir_with_both_languages();
    let outcome = refresh::refresh(&spec_options(&site, dir.path()))
        .await
        .expect("a 3.1 spec set refreshes (and generates: the codegen check is on)");
    // Written as the site publishes it; read by the build as 3.0.
    let written = read(&dir.path().join("zh/aitoearn.openapi.json"));
    assert_eq!(written["openapi"], "3.1.0");
    assert_eq!(
        written.pointer("/components/schemas/ChannelPublishUserActionVo/properties/platform/const"),
        Some(&Value::String("douyin".into()))
    );
    assert_eq!(langs(&outcome), [("en", true), ("zh", true)]);
    let drift = outcome.drift.expect("a previous spec to compare with");
    assert!(drift.is_empty(), "{drift:?}");
}
