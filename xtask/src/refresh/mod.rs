//! `cargo xtask refresh`: rebuild the vendored spec from the docs site.
//!
//! 1. Read the site index `llms.txt` ([`index`]).
//! 2. Download the spec files it lists, and fetch every API page's Markdown
//!    form ([`fetch`]) and extract its OpenAPI fence ([`page`]).
//! 3. Merge (`aitoearn_codegen::spec::merge`); when both sources exist, check
//!    they agree ([`crosscheck`]).
//! 4. Validate with the code `build.rs` runs (`spec::validate`, then
//!    `aitoearn_codegen::generate` unless disabled).
//! 5. Write canonical JSON atomically, and report the drift against the file
//!    it replaces.
//!
//! Any failure leaves the vendored file untouched.

pub mod crosscheck;
pub mod fetch;
pub mod index;
pub mod page;

use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use aitoearn_codegen::spec::{self, SourceDoc};
use futures_util::stream::{self, StreamExt, TryStreamExt};
use serde_json::Value;
use url::Url;

use crate::canonical;
use crate::diff::{self, Report};
use crate::error::{Error, Result};
use crate::paths::SPEC_FILE;
pub use fetch::{FetchPolicy, Fetcher};

/// The docs site refreshed by default.
pub const DEFAULT_SITE: &str = "https://docs.aitoearn.ai";

/// Where the spec comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum From {
    /// The listed spec files, cross-checked against the pages; the pages
    /// alone when no spec file is listed.
    Auto,
    /// Only the listed spec files.
    Spec,
    /// Only the pages.
    Pages,
}

impl std::str::FromStr for From {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s {
            "auto" => Ok(Self::Auto),
            "spec" => Ok(Self::Spec),
            "pages" => Ok(Self::Pages),
            other => Err(Error::Usage(format!(
                "`--from {other}`: expected auto, spec or pages"
            ))),
        }
    }
}

/// Everything a refresh needs.
#[derive(Debug, Clone)]
pub struct Options {
    /// The docs site (its `llms.txt` is at the root).
    pub site: Url,
    /// The spec language (`zh`): picks `/openapi/<lang>/` files and fences.
    pub lang: String,
    /// The directory the spec is written to (as `aitoearn.openapi.json`).
    pub out_dir: PathBuf,
    /// Which source to use.
    pub from: From,
    /// Timeouts and retries.
    pub fetch: FetchPolicy,
    /// Pages fetched at once.
    pub concurrency: usize,
    /// Whether the generator must accept the spec before it is written.
    pub codegen_check: bool,
    /// Whether to show progress on stderr (the CLI sets it when stderr is a terminal).
    pub progress: bool,
}

impl Options {
    /// Defaults for `site`, writing into `out_dir`.
    pub fn new(site: Url, out_dir: PathBuf) -> Self {
        Self {
            site,
            lang: "zh".into(),
            out_dir,
            from: From::Auto,
            fetch: FetchPolicy::default(),
            concurrency: 8,
            codegen_check: true,
            progress: std::io::stderr().is_terminal(),
        }
    }
}

/// What a refresh did.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The file written (or that would have been).
    pub path: PathBuf,
    /// Whether its bytes changed.
    pub changed: bool,
    /// The new spec.
    pub spec: Value,
    /// The drift against the replaced file (none when there was no file).
    pub drift: Option<Report>,
    /// Which sources were used, for the summary.
    pub sources: String,
}

/// Refresh the spec from the site. Writes only when every step succeeded.
pub async fn refresh(opts: &Options) -> Result<Outcome> {
    let fetcher = Fetcher::new(opts.fetch.clone())?;
    let llms_url = index::site_base(&opts.site)
        .join("llms.txt")
        .map_err(|e| Error::Usage(format!("bad site URL {}: {e}", opts.site)))?;
    let text = fetcher.text(&llms_url).await?;
    let site_index = index::parse(&text, &opts.site);
    let lang_dir = format!("/openapi/{}/", opts.lang);
    let spec_links: Vec<&index::Link> = site_index
        .specs
        .iter()
        .filter(|l| l.url.path().contains(&lang_dir))
        .collect();

    let want_spec = opts.from != From::Pages && !spec_links.is_empty();
    let want_pages = opts.from == From::Pages || (opts.from == From::Auto);
    if opts.from == From::Spec && spec_links.is_empty() {
        return Err(Error::Page {
            url: llms_url.to_string(),
            reason: format!("lists no spec file under {lang_dir}"),
        });
    }

    let from_spec = if want_spec {
        Some(download_specs(&fetcher, &spec_links).await?)
    } else {
        None
    };
    let from_pages = if want_pages {
        if site_index.pages.is_empty() {
            return Err(Error::Page {
                url: llms_url.to_string(),
                reason: "lists no API reference page".into(),
            });
        }
        Some(fetch_pages(&fetcher, &site_index.pages, &lang_dir, opts).await?)
    } else {
        None
    };

    let (spec, sources) = match (from_spec, from_pages) {
        (Some(spec), Some(pages)) => {
            crosscheck::check(&spec, &pages)?;
            (
                spec,
                format!(
                    "{} spec file(s), cross-checked against {} page(s)",
                    spec_links.len(),
                    pages.len()
                ),
            )
        }
        (Some(spec), None) => (spec, format!("{} spec file(s)", spec_links.len())),
        (None, Some(pages)) => (spec::merge(&pages)?, format!("{} page(s)", pages.len())),
        (None, None) => return Err(Error::Usage("nothing to refresh from".into())),
    };

    spec::validate(&spec)?;
    if opts.codegen_check {
        codegen_check(&spec)?;
    }

    let path = opts.out_dir.join(SPEC_FILE);
    let text = canonical::to_canonical_string(&spec);
    let previous = match std::fs::read_to_string(&path) {
        Ok(old) => Some(old),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(Error::io(&path, e)),
    };
    let drift = previous
        .as_deref()
        .and_then(|old| serde_json::from_str::<Value>(old).ok())
        .map(|old| diff::compare(&old, &spec));
    let changed = previous.as_deref() != Some(text.as_str());
    if changed {
        canonical::write_atomic(&path, text.as_bytes())?;
    }
    Ok(Outcome {
        path,
        changed,
        spec,
        drift,
        sources,
    })
}

/// Run the generator `build.rs` runs. progenitor reports some unsupported
/// constructs by panicking; that becomes an error here, so a refresh never
/// writes a spec the SDK cannot be built from.
pub fn codegen_check(spec: &Value) -> Result<()> {
    let failure = match std::panic::catch_unwind(|| aitoearn_codegen::generate(spec)) {
        Ok(Ok(_)) => return Ok(()),
        Ok(Err(e)) => e.to_string(),
        Err(panic) => panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_else(|| "the generator panicked".into()),
    };
    Err(Error::Spec(aitoearn_codegen::CodegenError::new(format!(
        "the SDK cannot be generated from this spec ({failure}); \
         pass --no-codegen-check to write it anyway"
    ))))
}

async fn download_specs(fetcher: &Fetcher, links: &[&index::Link]) -> Result<Value> {
    let mut docs = Vec::new();
    for link in links {
        let body = fetcher.text(&link.url).await?;
        let value: Value = serde_json::from_str(&body).map_err(|e| Error::Page {
            url: link.url.to_string(),
            reason: format!(
                "not a JSON spec file (line {}, column {}): {e}",
                e.line(),
                e.column()
            ),
        })?;
        spec::validate(&value).map_err(|e| Error::Page {
            url: link.url.to_string(),
            reason: e.to_string(),
        })?;
        docs.push(SourceDoc {
            source: link.url.to_string(),
            value,
        });
    }
    Ok(spec::merge(&docs)?)
}

/// Fetch every page concurrently (results kept in index order) and return the
/// fenced documents for `lang_dir`. A page whose fences all name another
/// language's spec is skipped.
async fn fetch_pages(
    fetcher: &Fetcher,
    pages: &[index::Link],
    lang_dir: &str,
    opts: &Options,
) -> Result<Vec<SourceDoc>> {
    let done = AtomicUsize::new(0);
    let total = pages.len();
    let results: Result<Vec<Vec<SourceDoc>>> = stream::iter(pages)
        .map(|link| {
            let done = &done;
            async move {
                let body = fetcher.text(&link.url).await?;
                let fences = page::fences(&body).map_err(|reason| Error::Page {
                    url: link.url.to_string(),
                    reason,
                })?;
                if opts.progress {
                    let n = done.fetch_add(1, Ordering::Relaxed) + 1;
                    eprint!("\rfetching pages {n}/{total}");
                }
                Ok::<_, Error>(
                    fences
                        .into_iter()
                        .filter(|f| f.spec_path.contains(lang_dir))
                        .map(|f| SourceDoc {
                            source: link.url.to_string(),
                            value: f.document,
                        })
                        .collect(),
                )
            }
        })
        .buffered(opts.concurrency.max(1))
        .try_collect()
        .await;
    if opts.progress {
        eprintln!();
    }
    let docs: Vec<SourceDoc> = results?.into_iter().flatten().collect();
    if docs.is_empty() {
        return Err(Error::Page {
            url: opts.site.to_string(),
            reason: format!("no page has a fence for {lang_dir}"),
        });
    }
    Ok(docs)
}
