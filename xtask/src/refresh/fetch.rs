//! HTTP for the refresh: a timeout on every request, redirects followed
//! within the origin of the URL asked for (never to another host, so an index
//! or spec link on the site cannot hand the refresh to one), transient failures (connection errors, timeouts, 429, 5xx) retried with
//! exponential backoff.

use std::time::Duration;

use url::Url;

use crate::error::{Error, Result};

/// How requests are made.
#[derive(Debug, Clone)]
pub struct FetchPolicy {
    /// Bound on each request, from connecting to the last body byte.
    pub timeout: Duration,
    /// How many times a transient failure is retried.
    pub retries: u32,
    /// Wait before the first retry; doubled for each further one.
    pub backoff: Duration,
}

impl Default for FetchPolicy {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(30),
            retries: 2,
            backoff: Duration::from_millis(500),
        }
    }
}

/// A client that fetches text with a [`FetchPolicy`].
#[derive(Debug, Clone)]
pub struct Fetcher {
    client: reqwest::Client,
    policy: FetchPolicy,
}

/// The most redirects followed for one request.
const MAX_REDIRECTS: usize = 10;

/// Follow redirects only within the origin of the URL first asked for.
fn same_origin_redirects() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        let same_origin = attempt
            .previous()
            .first()
            .is_some_and(|first| first.origin() == attempt.url().origin());
        if attempt.previous().len() > MAX_REDIRECTS {
            attempt.error(format!("more than {MAX_REDIRECTS} redirects"))
        } else if same_origin {
            attempt.follow()
        } else {
            let to = attempt.url().to_string();
            attempt.error(format!(
                "redirected to another origin ({to}), which is not followed"
            ))
        }
    })
}

/// One failed attempt, and whether trying again may help.
struct Attempt {
    reason: String,
    transient: bool,
}

impl Fetcher {
    /// A fetcher with its own HTTP client.
    pub fn new(policy: FetchPolicy) -> Result<Self> {
        let client = reqwest::Client::builder()
            .timeout(policy.timeout)
            .connect_timeout(policy.timeout)
            .redirect(same_origin_redirects())
            .user_agent(concat!("aitoearn-rs-xtask/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| Error::Fetch {
                url: String::new(),
                reason: format!("cannot build an HTTP client: {e}"),
            })?;
        Ok(Self { client, policy })
    }

    /// GET `url` and return its body as text, retrying transient failures.
    /// The error names the URL and the last failure (status, timeout...).
    pub async fn text(&self, url: &Url) -> Result<String> {
        let mut delay = self.policy.backoff;
        let mut attempt = 0;
        loop {
            match self.once(url).await {
                Ok(body) => return Ok(body),
                Err(failure) if failure.transient && attempt < self.policy.retries => {
                    attempt += 1;
                    tokio::time::sleep(delay).await;
                    delay *= 2;
                }
                Err(failure) => {
                    let tries = if attempt > 0 {
                        format!(" (after {} attempts)", attempt + 1)
                    } else {
                        String::new()
                    };
                    return Err(Error::Fetch {
                        url: url.to_string(),
                        reason: format!("{}{tries}", failure.reason),
                    });
                }
            }
        }
    }

    async fn once(&self, url: &Url) -> Result<String, Attempt> {
        let response = self
            .client
            .get(url.clone())
            .send()
            .await
            .map_err(|e| describe(&e))?;
        let status = response.status();
        if !status.is_success() {
            return Err(Attempt {
                reason: format!("HTTP {status}"),
                transient: status.is_server_error() || status.as_u16() == 429,
            });
        }
        response.text().await.map_err(|e| describe(&e))
    }
}

fn describe(e: &reqwest::Error) -> Attempt {
    let transient = e.is_timeout() || e.is_connect() || e.is_request() || e.is_body();
    let what = if e.is_timeout() {
        "timed out".to_string()
    } else if e.is_connect() {
        "cannot connect".to_string()
    } else {
        "request failed".to_string()
    };
    let mut reason = what;
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        reason.push_str(&format!(": {s}"));
        source = s.source();
    }
    Attempt { reason, transient }
}
