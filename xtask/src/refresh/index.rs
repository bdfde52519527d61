//! The site index, `llms.txt`: a Markdown list of `- [Title](URL): description`
//! links, possibly with an `## OpenAPI Specs` section listing spec files, one
//! per language (`/openapi/<lang>/<file>.json`).
//!
//! Only links on the site being refreshed are followed: a relative link, a
//! link on the site's own origin, or one on the canonical docs origin
//! ([`CANONICAL_ORIGIN`], which the real index writes in absolute links) and
//! is rebased onto the site. A spec link on another host, or whose language
//! segment is not a language tag (`..`, `x/y`), makes the index refused; any
//! other link elsewhere is not an API page of the site and is skipped.

use aitoearn_codegen::languages::is_language_tag;
use url::Url;

use crate::error::{Error, Result};

/// The origin the published index writes its absolute links on.
pub const CANONICAL_ORIGIN: &str = "https://docs.aitoearn.ai";

/// One link of the index, resolved against the site being refreshed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// The link text.
    pub title: String,
    /// Where to fetch it.
    pub url: Url,
}

/// A spec file of the index, with the language its path names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecLink {
    /// The language tag of `/openapi/<lang>/<file>.json` (checked with
    /// [`is_language_tag`], so it is safe as a directory name).
    pub lang: String,
    /// The link itself.
    pub link: Link,
}

/// The links of `llms.txt` that matter to a refresh.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SiteIndex {
    /// API reference pages (their Markdown form).
    pub pages: Vec<Link>,
    /// OpenAPI spec files, in index order.
    pub specs: Vec<SpecLink>,
}

/// Parse `llms.txt` (fetched from `index_url`) for `site`. Pages are the
/// links under `/api-reference/`, addressed in their Markdown form (`.md`).
/// Spec files are the links of an "OpenAPI" section and any `*.openapi.json`.
///
/// Errors (naming the link as written and the reason) when a spec link is
/// on another host or does not name a language as `/openapi/<lang>/<file>.json`.
pub fn parse(text: &str, site: &Url, index_url: &Url) -> Result<SiteIndex> {
    let mut index = SiteIndex::default();
    let mut in_spec_section = false;
    for line in text.lines() {
        let line = line.trim();
        if let Some(heading) = line.strip_prefix('#') {
            in_spec_section = heading.to_ascii_lowercase().contains("openapi");
            continue;
        }
        let Some((title, target)) = list_link(line) else {
            continue;
        };
        if in_spec_section || raw_path(target).ends_with(".openapi.json") {
            let refused = |reason: String| Error::Page {
                url: index_url.to_string(),
                reason: format!("spec link `{target}` refused: {reason}"),
            };
            let url = resolve(site, target).map_err(refused)?;
            let lang = language_of(target).map_err(refused)?;
            index.specs.push(SpecLink {
                lang,
                link: Link { title, url },
            });
        } else if let Ok(url) = resolve(site, target) {
            if url.path().contains("/api-reference/") {
                index.pages.push(Link {
                    title,
                    url: markdown_form(url),
                });
            }
        }
    }
    Ok(index)
}

/// `- [Title](URL)...` → (title, URL).
fn list_link(line: &str) -> Option<(String, &str)> {
    let rest = line
        .strip_prefix("- [")
        .or_else(|| line.strip_prefix("* ["))?;
    let close = rest.find("](")?;
    let title = rest[..close].to_string();
    let after = &rest[close + 2..];
    let end = after.find(')')?;
    Some((title, after[..end].trim()))
}

/// Resolve an index link against the site: a relative link joins the site's
/// base, a link on the site's origin is kept, a link on
/// [`CANONICAL_ORIGIN`] keeps its path and query but moves to the site.
/// Any other link is refused with the reason. Non-ASCII path segments are
/// percent-encoded by the URL parser.
pub fn resolve(site: &Url, target: &str) -> Result<Url, String> {
    match Url::parse(target) {
        Ok(abs) if abs.origin() == site.origin() => Ok(abs),
        Ok(abs) if Url::parse(CANONICAL_ORIGIN).is_ok_and(|c| c.origin() == abs.origin()) => {
            let mut rel = abs.path().trim_start_matches('/').to_string();
            if let Some(q) = abs.query() {
                rel.push('?');
                rel.push_str(q);
            }
            site_base(site).join(&rel).map_err(|e| e.to_string())
        }
        Ok(abs) => Err(format!(
            "it is on another origin ({}); only links on the site ({}) or on {CANONICAL_ORIGIN} are followed",
            abs.origin().ascii_serialization(),
            site.origin().ascii_serialization()
        )),
        Err(url::ParseError::RelativeUrlWithoutBase) => site_base(site)
            .join(target.trim_start_matches('/'))
            .map_err(|e| e.to_string()),
        Err(e) => Err(format!("not a URL: {e}")),
    }
}

/// The path of a link as written: after `scheme://host` when absolute,
/// without query and fragment. Not normalized (`..` stays).
fn raw_path(target: &str) -> &str {
    let rest = match target.find("://") {
        Some(i) => {
            let after = &target[i + 3..];
            after.find('/').map_or("", |p| &after[p..])
        }
        None => target,
    };
    let end = rest.find(['?', '#']).unwrap_or(rest.len());
    &rest[..end]
}

/// The language a spec path names: `<lang>` of `.../openapi/<lang>/<file>.json`,
/// read from the text as written (the URL parser would resolve `..` away).
/// Refuses a `.` or `..` segment, another shape, and a segment that is not a
/// language tag ([`is_language_tag`]); the error is the reason.
pub fn language_of(target: &str) -> Result<String, String> {
    let segments: Vec<String> = raw_path(target)
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|s| {
            percent_encoding::percent_decode_str(s)
                .decode_utf8_lossy()
                .into_owned()
        })
        .collect();
    if let Some(dots) = segments.iter().find(|s| *s == "." || *s == "..") {
        return Err(format!("its path has a `{dots}` segment"));
    }
    match segments.as_slice() {
        [.., openapi, lang, file] if openapi == "openapi" && file.ends_with(".json") => {
            if is_language_tag(lang) {
                Ok(lang.clone())
            } else {
                Err(format!("`{lang}` is not a language tag"))
            }
        }
        _ => Err("its path is not `/openapi/<lang>/<file>.json`".into()),
    }
}

/// The site URL as a directory base (with a trailing `/`).
pub fn site_base(site: &Url) -> Url {
    let mut base = site.clone();
    if !base.path().ends_with('/') {
        let path = format!("{}/", base.path());
        base.set_path(&path);
    }
    base
}

/// A page's Markdown form: its URL with `.md` appended unless it has it.
fn markdown_form(mut url: Url) -> Url {
    if !url.path().ends_with(".md") {
        let path = format!("{}.md", url.path().trim_end_matches('/'));
        url.set_path(&path);
    }
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> Url {
        Url::parse("http://127.0.0.1:8080").unwrap()
    }

    fn parse_site(text: &str) -> Result<SiteIndex> {
        parse(text, &site(), &site().join("llms.txt").unwrap())
    }

    #[test]
    fn links_move_to_the_site_and_keep_their_encoded_path() {
        let text = "# AiToEarn\n\n## Docs\n\n\
            - [生成视频](https://docs.aitoearn.ai/api-reference/AI%E6%9C%8D%E5%8A%A1/%E7%94%9F%E6%88%90.md): 接口说明\n\
            - [Raw](https://docs.aitoearn.ai/api-reference/渠道/发布): raw Chinese\n\
            - [Guide](https://docs.aitoearn.ai/guide/start.md): not an API page\n\
            - [Elsewhere](https://example.com/api-reference/x.md): another host, skipped\n\
            \n## OpenAPI Specs\n\n- [aitoearn.openapi](https://docs.aitoearn.ai/openapi/zh/aitoearn.openapi.json)\n\
            - [English](/openapi/en/aitoearn.openapi.json)\n\
            - [Same origin](http://127.0.0.1:8080/openapi/pt-BR/aitoearn.openapi.json)\n";
        let index = parse_site(text).unwrap();
        let pages: Vec<&str> = index.pages.iter().map(|l| l.url.as_str()).collect();
        assert_eq!(
            pages,
            [
                "http://127.0.0.1:8080/api-reference/AI%E6%9C%8D%E5%8A%A1/%E7%94%9F%E6%88%90.md",
                "http://127.0.0.1:8080/api-reference/%E6%B8%A0%E9%81%93/%E5%8F%91%E5%B8%83.md",
            ]
        );
        assert_eq!(index.pages[0].title, "生成视频");
        let specs: Vec<(&str, &str)> = index
            .specs
            .iter()
            .map(|s| (s.lang.as_str(), s.link.url.as_str()))
            .collect();
        assert_eq!(
            specs,
            [
                (
                    "zh",
                    "http://127.0.0.1:8080/openapi/zh/aitoearn.openapi.json"
                ),
                (
                    "en",
                    "http://127.0.0.1:8080/openapi/en/aitoearn.openapi.json"
                ),
                (
                    "pt-BR",
                    "http://127.0.0.1:8080/openapi/pt-BR/aitoearn.openapi.json"
                ),
            ]
        );
    }

    #[test]
    fn a_site_with_a_base_path_keeps_it_and_relative_links_resolve() {
        let site = Url::parse("http://h/mirror").unwrap();
        assert_eq!(
            resolve(&site, "https://docs.aitoearn.ai/llms.txt")
                .unwrap()
                .as_str(),
            "http://h/mirror/llms.txt"
        );
        assert_eq!(
            resolve(&site, "/api-reference/a.md").unwrap().as_str(),
            "http://h/mirror/api-reference/a.md"
        );
    }

    #[test]
    fn spec_links_elsewhere_or_with_bad_languages_are_refused_with_the_reason() {
        let spec = |link: &str| {
            parse_site(&format!("## OpenAPI Specs\n\n- [s]({link})\n"))
                .unwrap_err()
                .to_string()
        };
        assert_eq!(
            spec("https://evil.example/openapi/zh/a.json"),
            "http://127.0.0.1:8080/llms.txt: spec link `https://evil.example/openapi/zh/a.json` \
             refused: it is on another origin (https://evil.example); only links on the site \
             (http://127.0.0.1:8080) or on https://docs.aitoearn.ai are followed"
        );
        assert!(spec("http://docs.aitoearn.ai/openapi/zh/a.json").contains("another origin"));
        assert!(spec("file:///openapi/zh/a.json").contains("another origin"));
        assert!(spec("https://docs.aitoearn.ai/openapi/../x/a.json")
            .ends_with("refused: its path has a `..` segment"));
        assert!(spec("/openapi/%2e%2e/x/a.json").ends_with("refused: its path has a `..` segment"));
        assert!(spec("/openapi/ZH_cn/a.json").ends_with("refused: `ZH_cn` is not a language tag"));
        assert!(spec("/openapi/a.json")
            .ends_with("refused: its path is not `/openapi/<lang>/<file>.json`"));
    }

    #[test]
    fn the_language_comes_from_the_path_as_written() {
        assert_eq!(
            language_of("/openapi/zh/aitoearn.openapi.json").unwrap(),
            "zh"
        );
        assert_eq!(
            language_of("https://docs.aitoearn.ai/openapi/zh-hans/a.json?v=1").unwrap(),
            "zh-hans"
        );
        assert!(language_of("/openapi/./a.json").is_err());
    }
}
