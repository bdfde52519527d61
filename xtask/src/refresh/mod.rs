//! `cargo xtask refresh`: rebuild the vendored specs, every language the docs
//! site publishes, from the site.
//!
//! 1. Read the site index `llms.txt` ([`index`]): its spec links
//!    (`/openapi/<lang>/<file>.json`, on the site's origin only, each
//!    language tag checked) and its API pages. The site is `--site`, else
//!    `AITOEARN_DOCS_SITE`, else [`DEFAULT_SITE`] ([`site()`]).
//! 2. Download each language's spec files ([`fetch`]), validate each, and
//!    fetch every API page's Markdown form and extract its OpenAPI fences
//!    ([`page`]), grouped by the language the fence names ([`sources`]).
//! 3. Cross-check each language the pages carry against its spec file
//!    ([`crosscheck`]); `--from pages` builds the languages the pages carry.
//! 4. Generate from the whole set as `build.rs` would ([`generates`]) unless
//!    disabled.
//! 5. Write the set into the openapi root in canonical form
//!    (`<root>/<lang>/aitoearn.openapi.json`) and remove the spec of a
//!    language the site no longer publishes ([`write`](mod@write)), then report the
//!    drift of the primary language (`zh`) against the file it replaced. A
//!    refresh that changed only a translation is docs-only.
//!
//! Nothing is written unless every language was fetched, validated and the
//! whole set generates: any failure leaves the openapi root untouched.

pub mod crosscheck;
pub mod fetch;
pub mod generates;
pub mod index;
pub mod page;
pub mod site;
pub mod sources;
pub mod write;

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::PathBuf;

use serde_json::Value;
use url::Url;

use crate::canonical;
use crate::diff::{self, Report};
use crate::error::{Error, Result};
pub use fetch::{FetchPolicy, Fetcher};
pub use site::{site, DEFAULT_SITE, SITE_VAR};

/// Where the specs come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum From {
    /// The listed spec files, each language the pages carry cross-checked
    /// against its file; the pages alone when no spec file is listed.
    Auto,
    /// Only the listed spec files.
    Spec,
    /// Only the pages (the languages their fences name).
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
    /// The openapi root the specs are written to, as
    /// `<out_dir>/<lang>/aitoearn.openapi.json`.
    pub out_dir: PathBuf,
    /// The language that gives the structure (`zh`): the site must publish
    /// it, and the drift report compares it.
    pub primary: String,
    /// Which source to use.
    pub from: From,
    /// Timeouts and retries.
    pub fetch: FetchPolicy,
    /// Pages fetched at once.
    pub concurrency: usize,
    /// Whether the generator must accept the set before it is written.
    pub codegen_check: bool,
    /// Whether to show progress on stderr (the CLI sets it when stderr is a terminal).
    pub progress: bool,
}

impl Options {
    /// Defaults for `site`, writing into the openapi root `out_dir`.
    pub fn new(site: Url, out_dir: PathBuf) -> Self {
        Self {
            site,
            out_dir,
            primary: aitoearn_codegen::languages::PRIMARY.into(),
            from: From::Auto,
            fetch: FetchPolicy::default(),
            concurrency: 8,
            codegen_check: true,
            progress: std::io::stderr().is_terminal(),
        }
    }
}

/// What a refresh did to one language's spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LanguageOutcome {
    /// The language tag (`zh`, `en`).
    pub lang: String,
    /// The file (`<root>/<lang>/aitoearn.openapi.json`).
    pub path: PathBuf,
    /// Whether its bytes changed or it was newly added.
    pub changed: bool,
}

/// What a refresh did.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The openapi root.
    pub root: PathBuf,
    /// Whether anything under the root was written or removed.
    pub changed: bool,
    /// Every language the site publishes, sorted by tag.
    pub languages: Vec<LanguageOutcome>,
    /// The languages removed because the site no longer publishes them.
    pub removed: Vec<String>,
    /// Changed, but the primary spec's bytes did not: only a translation moved.
    pub docs_only: bool,
    /// The primary language's drift, old against new (none when there was
    /// no old primary file).
    pub drift: Option<Report>,
    /// The generator's warnings on the new set, as `build.rs` prints them
    /// (empty without the generator check).
    pub warnings: Vec<String>,
    /// Which sources were used, for the summary.
    pub sources: String,
}

/// Refresh every published language from the site. Writes only when every
/// step succeeded for every language.
pub async fn refresh(opts: &Options) -> Result<Outcome> {
    let fetcher = Fetcher::new(opts.fetch.clone())?;
    let index_url = index::site_base(&opts.site)
        .join("llms.txt")
        .map_err(|e| Error::Usage(format!("bad site URL {}: {e}", opts.site)))?;
    let text = fetcher.text(&index_url).await?;
    let site_index = index::parse(&text, &opts.site, &index_url)?;
    let candidate = sources::gather(&fetcher, &site_index, &index_url, opts).await?;

    let texts: BTreeMap<String, String> = candidate
        .specs
        .iter()
        .map(|(lang, spec)| (lang.clone(), canonical::to_canonical_string(spec)))
        .collect();
    let warnings = if opts.codegen_check {
        generates::check(&texts, &opts.out_dir)?
    } else {
        Vec::new()
    };

    let plan = write::plan(&opts.out_dir, &texts)?;
    let primary_changed = plan
        .languages
        .iter()
        .any(|l| l.lang == opts.primary && l.changed);
    let drift = plan
        .previous
        .get(&opts.primary)
        .and_then(|old| serde_json::from_str::<Value>(old).ok())
        .zip(candidate.specs.get(&opts.primary))
        .map(|(old, new)| diff::compare(&old, new));
    let changed = plan.changes();
    if changed {
        write::apply(&plan)?;
    }
    Ok(Outcome {
        root: opts.out_dir.clone(),
        changed,
        removed: plan.removed.iter().map(|(lang, _)| lang.clone()).collect(),
        languages: plan.languages,
        docs_only: changed && !primary_changed,
        drift,
        warnings,
        sources: candidate.sources,
    })
}
