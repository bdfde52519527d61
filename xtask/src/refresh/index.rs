//! The site index, `llms.txt`: a Markdown list of `- [Title](URL): description`
//! links, possibly with an `## OpenAPI Specs` section listing spec files.

use url::Url;

/// One link of the index, resolved against the site being refreshed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// The link text.
    pub title: String,
    /// Where to fetch it.
    pub url: Url,
}

/// The links of `llms.txt` that matter to a refresh.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SiteIndex {
    /// API reference pages (their Markdown form).
    pub pages: Vec<Link>,
    /// OpenAPI spec files.
    pub specs: Vec<Link>,
}

/// Parse `llms.txt`. Links are resolved against `site`: absolute links keep
/// their path but move to `site`'s origin (the real index links to
/// `https://docs.aitoearn.ai/...` wherever it is served from). Pages are the
/// links under `/api-reference/`, addressed in their Markdown form (`.md`).
/// Spec files are the links of an "OpenAPI" section and any `*.openapi.json`.
pub fn parse(text: &str, site: &Url) -> SiteIndex {
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
        let Some(url) = resolve(site, target) else {
            continue;
        };
        let path = url.path();
        if in_spec_section || path.ends_with(".openapi.json") {
            index.specs.push(Link { title, url });
        } else if path.contains("/api-reference/") {
            index.pages.push(Link {
                title,
                url: markdown_form(url),
            });
        }
    }
    index
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

/// Resolve an index link against the site (see [`parse`]). Non-ASCII path
/// segments are percent-encoded by the URL parser.
pub fn resolve(site: &Url, target: &str) -> Option<Url> {
    match Url::parse(target) {
        Ok(abs) => {
            let mut rel = abs.path().trim_start_matches('/').to_string();
            if let Some(q) = abs.query() {
                rel.push('?');
                rel.push_str(q);
            }
            site_base(site).join(&rel).ok()
        }
        Err(url::ParseError::RelativeUrlWithoutBase) => {
            site_base(site).join(target.trim_start_matches('/')).ok()
        }
        Err(_) => None,
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

    #[test]
    fn links_move_to_the_site_and_keep_their_encoded_path() {
        let site = Url::parse("http://127.0.0.1:8080").unwrap();
        let text = "# AiToEarn\n\n## Docs\n\n\
            - [生成视频](https://docs.aitoearn.ai/api-reference/AI%E6%9C%8D%E5%8A%A1/%E7%94%9F%E6%88%90.md): 接口说明\n\
            - [Raw](https://docs.aitoearn.ai/api-reference/渠道/发布): raw Chinese\n\
            - [Guide](https://docs.aitoearn.ai/guide/start.md): not an API page\n\
            \n## OpenAPI Specs\n\n- [aitoearn.openapi](https://docs.aitoearn.ai/openapi/zh/aitoearn.openapi.json)\n";
        let index = parse(text, &site);
        let pages: Vec<&str> = index.pages.iter().map(|l| l.url.as_str()).collect();
        assert_eq!(
            pages,
            [
                "http://127.0.0.1:8080/api-reference/AI%E6%9C%8D%E5%8A%A1/%E7%94%9F%E6%88%90.md",
                "http://127.0.0.1:8080/api-reference/%E6%B8%A0%E9%81%93/%E5%8F%91%E5%B8%83.md",
            ]
        );
        assert_eq!(index.pages[0].title, "生成视频");
        assert_eq!(index.specs.len(), 1);
        assert_eq!(
            index.specs[0].url.as_str(),
            "http://127.0.0.1:8080/openapi/zh/aitoearn.openapi.json"
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
}
