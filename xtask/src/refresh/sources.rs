//! Where a refresh's specs come from: the spec files the index lists (one
//! set per language), the OpenAPI fences of the API pages (grouped by the
//! language their fence names), or both, each language the pages carry
//! cross-checked against its spec file (`super::crosscheck`).

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};

use aitoearn_codegen::spec::{self, SourceDoc};
use futures_util::stream::{self, StreamExt, TryStreamExt};
use serde_json::Value;
use url::Url;

use super::index::{self, Link, SiteIndex};
use super::{crosscheck, page, Fetcher, From, Options};
use crate::error::{Error, Result};

/// The specs a refresh would write, by language, and where they came from.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// Each language's merged spec (validated), keyed by language tag.
    pub specs: BTreeMap<String, Value>,
    /// Which sources were used, for the summary.
    pub sources: String,
}

/// Gather every language's spec from the sources `opts.from` picks. Fails on
/// the first fetch, parse, validation or cross-check error, naming the URL.
pub async fn gather(
    fetcher: &Fetcher,
    site_index: &SiteIndex,
    index_url: &Url,
    opts: &Options,
) -> Result<Candidate> {
    let mut spec_links: BTreeMap<&str, Vec<&Link>> = BTreeMap::new();
    for s in &site_index.specs {
        spec_links.entry(&s.lang).or_default().push(&s.link);
    }
    if opts.from == From::Spec && spec_links.is_empty() {
        return Err(Error::Page {
            url: index_url.to_string(),
            reason: "lists no spec file (/openapi/<lang>/<file>.json)".into(),
        });
    }
    let want_spec = opts.from != From::Pages && !spec_links.is_empty();
    let want_pages = opts.from != From::Spec;

    let from_spec = if want_spec {
        let mut specs = BTreeMap::new();
        for (lang, links) in &spec_links {
            specs.insert(lang.to_string(), download_specs(fetcher, links).await?);
        }
        Some(specs)
    } else {
        None
    };
    let from_pages = if want_pages {
        if site_index.pages.is_empty() {
            return Err(Error::Page {
                url: index_url.to_string(),
                reason: "lists no API reference page".into(),
            });
        }
        Some(fetch_pages(fetcher, &site_index.pages, opts).await?)
    } else {
        None
    };

    let files = site_index.specs.len();
    let pages = site_index.pages.len();
    let (specs, sources) = match (from_spec, from_pages) {
        (Some(specs), Some(page_docs)) => {
            for (lang, docs) in &page_docs {
                let Some(spec) = specs.get(lang) else {
                    return Err(Error::CrossCheck(format!(
                        "pages carry fences for /openapi/{lang}/, but the index lists no `{lang}` spec file"
                    )));
                };
                crosscheck::check(spec, docs)?;
            }
            let checked = names(page_docs.keys());
            let sources = format!(
                "{files} spec file(s) ({}), {checked} cross-checked against {pages} page(s)",
                names(specs.keys())
            );
            (specs, sources)
        }
        (Some(specs), None) => {
            let sources = format!("{files} spec file(s) ({})", names(specs.keys()));
            (specs, sources)
        }
        (None, Some(page_docs)) => {
            let sources = format!("{pages} page(s) ({})", names(page_docs.keys()));
            let mut specs = BTreeMap::new();
            for (lang, docs) in page_docs {
                let merged = spec::merge(&docs)?;
                spec::prepare(&mut merged.clone())?;
                specs.insert(lang, merged);
            }
            (specs, sources)
        }
        (None, None) => return Err(Error::Usage("nothing to refresh from".into())),
    };
    if !specs.contains_key(&opts.primary) {
        return Err(Error::Page {
            url: index_url.to_string(),
            reason: format!(
                "gives no spec for the primary language `{}` (only {})",
                opts.primary,
                names(specs.keys())
            ),
        });
    }
    Ok(Candidate { specs, sources })
}

fn names<'a>(langs: impl Iterator<Item = &'a String>) -> String {
    langs.map(String::as_str).collect::<Vec<_>>().join(", ")
}

/// Download one language's spec files, validate each, and merge them.
async fn download_specs(fetcher: &Fetcher, links: &[&Link]) -> Result<Value> {
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
        // Checked as the build reads it (3.1 rewritten to 3.0); written as
        // the site publishes it.
        spec::prepare(&mut value.clone()).map_err(|e| Error::Page {
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

/// Fetch every page concurrently (results kept in index order) and return
/// the fenced documents by the language their fence names
/// (`/openapi/<lang>/...`, checked as a spec link's is).
async fn fetch_pages(
    fetcher: &Fetcher,
    pages: &[Link],
    opts: &Options,
) -> Result<BTreeMap<String, Vec<SourceDoc>>> {
    let done = AtomicUsize::new(0);
    let total = pages.len();
    let results: Result<Vec<Vec<(String, SourceDoc)>>> = stream::iter(pages)
        .map(|link| {
            let done = &done;
            async move {
                let body = fetcher.text(&link.url).await?;
                let page_error = |reason| Error::Page {
                    url: link.url.to_string(),
                    reason,
                };
                let fences = page::fences(&body).map_err(page_error)?;
                if opts.progress {
                    let n = done.fetch_add(1, Ordering::Relaxed) + 1;
                    eprint!("\rfetching pages {n}/{total}");
                }
                fences
                    .into_iter()
                    .map(|f| {
                        let lang = index::language_of(&f.spec_path).map_err(|reason| {
                            page_error(format!("its fence names `{}`: {reason}", f.spec_path))
                        })?;
                        let doc = SourceDoc {
                            source: link.url.to_string(),
                            value: f.document,
                        };
                        Ok((lang, doc))
                    })
                    .collect::<Result<Vec<_>>>()
            }
        })
        .buffered(opts.concurrency.max(1))
        .try_collect()
        .await;
    if opts.progress {
        eprintln!();
    }
    let mut by_lang: BTreeMap<String, Vec<SourceDoc>> = BTreeMap::new();
    for (lang, doc) in results?.into_iter().flatten() {
        by_lang.entry(lang).or_default().push(doc);
    }
    Ok(by_lang)
}
