//! Shared helpers: a local docs site on 127.0.0.1 and the shared test inputs.

#![allow(dead_code, reason = "each test file uses a part")]

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use wiremock::matchers::method;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// `../shared` next to the workspace root, or `None` (with the reason printed)
/// when it is absent, so the calling test can skip.
pub fn shared(sub: &str) -> Option<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let dir = root.join("../shared").join(sub);
    if dir.exists() {
        Some(dir)
    } else {
        eprintln!("skipping: {} is absent", dir.display());
        None
    }
}

/// How the local site answers one path.
#[derive(Clone)]
pub enum Route {
    /// 200 with this body and content type.
    Body(String, &'static str),
    /// This status, always.
    Status(u16),
    /// `status` for the first `n` requests, then the body.
    FailThen(u16, usize, String),
    /// Answer only after this long.
    Stall(Duration),
    /// A redirect to another path of the site.
    Redirect(String),
}

/// A docs site on 127.0.0.1; routes are keyed by the decoded path.
pub struct Site {
    pub server: MockServer,
    routes: Arc<Mutex<HashMap<String, Route>>>,
    hits: Arc<Mutex<HashMap<String, usize>>>,
}

impl Site {
    pub async fn start() -> Self {
        let server = MockServer::start().await;
        let routes: Arc<Mutex<HashMap<String, Route>>> = Arc::default();
        let hits: Arc<Mutex<HashMap<String, usize>>> = Arc::default();
        let (r, h) = (routes.clone(), hits.clone());
        Mock::given(method("GET"))
            .respond_with(move |req: &Request| {
                let path = percent_encoding::percent_decode_str(req.url.path())
                    .decode_utf8_lossy()
                    .to_string();
                let n = {
                    let mut hits = h.lock().unwrap();
                    let n = hits.entry(path.clone()).or_insert(0);
                    *n += 1;
                    *n
                };
                match r.lock().unwrap().get(&path).cloned() {
                    None => ResponseTemplate::new(404).set_body_string("not found"),
                    Some(Route::Body(body, ct)) => {
                        ResponseTemplate::new(200).set_body_raw(body, ct)
                    }
                    Some(Route::Status(s)) => ResponseTemplate::new(s),
                    Some(Route::FailThen(s, k, body)) if n <= k => {
                        let _ = body;
                        ResponseTemplate::new(s)
                    }
                    Some(Route::FailThen(_, _, body)) => {
                        ResponseTemplate::new(200).set_body_raw(body, "text/markdown")
                    }
                    Some(Route::Stall(d)) => ResponseTemplate::new(200)
                        .set_body_string("late")
                        .set_delay(d),
                    Some(Route::Redirect(to)) => {
                        ResponseTemplate::new(302).insert_header("location", to.as_str())
                    }
                }
            })
            .mount(&server)
            .await;
        Self {
            server,
            routes,
            hits,
        }
    }

    pub fn url(&self) -> url::Url {
        url::Url::parse(&self.server.uri()).unwrap()
    }

    pub fn route(&self, path: &str, route: Route) {
        self.routes.lock().unwrap().insert(path.to_string(), route);
    }

    pub fn markdown(&self, path: &str, body: &str) {
        self.route(
            path,
            Route::Body(body.to_string(), "text/markdown; charset=utf-8"),
        );
    }

    pub fn hits(&self, path: &str) -> usize {
        self.hits.lock().unwrap().get(path).copied().unwrap_or(0)
    }

    /// Serve every file under `dir` at its relative path.
    pub fn serve_dir(&self, dir: &Path) {
        for p in files_under(dir) {
            let rel = p
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let ct = if rel.ends_with(".json") {
                "application/json"
            } else {
                "text/markdown; charset=utf-8"
            };
            self.route(
                &format!("/{rel}"),
                Route::Body(std::fs::read_to_string(&p).unwrap(), ct),
            );
        }
    }
}

/// Every file under `dir`, recursively, sorted.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let p = entry.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// Every file under `dir` with its bytes, to show what was (not) written.
pub fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    files_under(dir)
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            (p, bytes)
        })
        .collect()
}

/// An `llms.txt` whose links are absolute on the real site (as upstream
/// writes them), percent-encoded.
pub fn llms_txt(pages: &[(&str, &str)], specs: &[&str]) -> String {
    let base = url::Url::parse("https://docs.aitoearn.ai").unwrap();
    let mut out = String::from("# AiToEarn\n\n## Docs\n\n- [Guide](https://docs.aitoearn.ai/guide/start.md): not an API page\n");
    for (title, path) in pages {
        out.push_str(&format!(
            "- [{title}]({}): page\n",
            base.join(path).unwrap()
        ));
    }
    if !specs.is_empty() {
        out.push_str("\n## OpenAPI Specs\n\n");
        for s in specs {
            out.push_str(&format!("- [spec]({})\n", base.join(s).unwrap()));
        }
    }
    out
}
