//! Which docs site a command reads: `--site`, else the `AITOEARN_DOCS_SITE`
//! environment variable, else [`DEFAULT_SITE`]. A mirror or a test server
//! stands in for the real site with nothing else changed.

use url::Url;

use crate::error::{Error, Result};

/// The docs site read by default.
pub const DEFAULT_SITE: &str = "https://docs.aitoearn.ai";

/// The environment variable naming the docs site when `--site` is not given.
pub const SITE_VAR: &str = "AITOEARN_DOCS_SITE";

/// The docs site for a command: `cli` (the `--site` value) when given, else
/// [`SITE_VAR`] from the environment when set and not empty, else
/// [`DEFAULT_SITE`]. The error names where the bad URL came from.
pub fn site(cli: Option<&str>) -> Result<Url> {
    let env = std::env::var(SITE_VAR).ok();
    site_from(cli, env.as_deref())
}

/// [`site`] with the environment variable's value passed in.
pub fn site_from(cli: Option<&str>, env: Option<&str>) -> Result<Url> {
    let (text, from) = match (cli, env.map(str::trim).filter(|e| !e.is_empty())) {
        (Some(cli), _) => (cli, "`--site`".to_string()),
        (None, Some(env)) => (env, format!("`{SITE_VAR}`")),
        (None, None) => (DEFAULT_SITE, "the default site".to_string()),
    };
    let url = Url::parse(text).map_err(|e| Error::Usage(format!("{from} {text}: {e}")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(Error::Usage(format!(
            "{from} {text}: expected an http or https URL"
        )));
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_flag_wins_then_the_environment_then_the_default() {
        let flag = "http://127.0.0.1:1/";
        let env = "http://127.0.0.1:2/mirror";
        assert_eq!(site_from(Some(flag), Some(env)).unwrap().as_str(), flag);
        assert_eq!(site_from(None, Some(env)).unwrap().as_str(), env);
        assert_eq!(
            site_from(None, Some("  ")).unwrap().as_str(),
            "https://docs.aitoearn.ai/"
        );
        assert_eq!(
            site_from(None, None).unwrap().as_str(),
            "https://docs.aitoearn.ai/"
        );
        assert_eq!(
            site_from(None, Some("not a url")).unwrap_err().to_string(),
            "`AITOEARN_DOCS_SITE` not a url: relative URL without a base"
        );
        assert_eq!(
            site_from(Some("ftp://h/"), None).unwrap_err().to_string(),
            "`--site` ftp://h/: expected an http or https URL"
        );
    }
}
