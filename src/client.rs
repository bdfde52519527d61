//! The SDK client and its builder.

use std::fmt;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderValue, ACCEPT};
use reqwest::Url;

use crate::config::Config;
use crate::error::{Error, Result};
use crate::hooks::Hooks;
use crate::key::ApiKey;
use crate::retry::RetryPolicy;

/// Which AiToEarn site to talk to.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Site {
    /// The China site, `https://aitoearn.cn`.
    #[default]
    China,
    /// The international site, `https://aitoearn.ai`.
    International,
}

impl Site {
    /// The site's base URL.
    pub fn base_url(self) -> &'static str {
        match self {
            Site::China => "https://aitoearn.cn",
            Site::International => "https://aitoearn.ai",
        }
    }
}

/// A client of the AiToEarn Open Platform API.
///
/// Cheap to clone (clones share one connection pool). Each API operation is
/// an async method returning `Result<Data, Error>`, where `Data` is the
/// typed `data` of the response envelope; see the crate documentation.
#[derive(Clone)]
pub struct Client {
    raw: crate::raw::Client,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.base_url())
            .field(
                "api_key",
                &self.config().api_key.as_ref().map(|_| "<redacted>"),
            )
            .field("retry", &self.config().retry)
            .finish()
    }
}

impl Client {
    /// A builder with the defaults: the China site, no API key, 30 s request
    /// timeout, 10 s connect timeout, two retries of idempotent requests;
    /// for streams 30 s to the response head, 60 s idle between chunks, no
    /// overall cap, events up to `max_response_bytes` (16 MiB).
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// A client configured from the environment: `AITOEARN_API_KEY` (required)
    /// and `AITOEARN_BASE_URL` (optional; defaults to the China site).
    pub fn from_env() -> Result<Self> {
        let key = std::env::var("AITOEARN_API_KEY").map_err(|_| {
            Error::Config("AITOEARN_API_KEY is not set (or is not valid Unicode)".into())
        })?;
        let mut builder = Self::builder().api_key(key);
        if let Ok(url) = std::env::var("AITOEARN_BASE_URL") {
            builder = builder.base_url(url);
        }
        builder.build()
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        progenitor_client::ClientInfo::baseurl(&self.raw)
    }

    /// The raw, generated client (feature `unstable-raw`): same connection
    /// pool and API key, no envelope handling or retries. It follows the spec
    /// verbatim and is outside the crate's semver promise; see [`crate::raw`].
    #[cfg(feature = "unstable-raw")]
    #[cfg_attr(docsrs, doc(cfg(feature = "unstable-raw")))]
    pub fn raw(&self) -> &crate::raw::Client {
        &self.raw
    }

    /// The raw client the request builders send through, whatever the
    /// features.
    pub(crate) fn raw_client(&self) -> &crate::raw::Client {
        &self.raw
    }

    pub(crate) fn config(&self) -> &Config {
        &self.raw.inner.0
    }
}

/// Builds a [`Client`]. Nothing is checked until [`ClientBuilder::build`].
#[derive(Clone)]
pub struct ClientBuilder {
    api_key: Option<String>,
    site: Site,
    base_url: Option<String>,
    timeout: Duration,
    connect_timeout: Duration,
    user_agent: String,
    retry: RetryPolicy,
    max_response_bytes: usize,
    allow_insecure_http: bool,
    http_client: Option<reqwest::Client>,
    stream_head_timeout: Duration,
    stream_idle_timeout: Duration,
    stream_timeout: Option<Duration>,
    max_event_bytes: Option<usize>,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        Self {
            api_key: None,
            site: Site::default(),
            base_url: None,
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            user_agent: concat!("aitoearn-rs/", env!("CARGO_PKG_VERSION")).to_string(),
            retry: RetryPolicy::default(),
            max_response_bytes: 16 * 1024 * 1024,
            allow_insecure_http: false,
            http_client: None,
            stream_head_timeout: Duration::from_secs(30),
            stream_idle_timeout: Duration::from_secs(60),
            stream_timeout: None,
            max_event_bytes: None,
        }
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("api_key", &self.api_key.as_ref().map(|_| "<redacted>"))
            .field("site", &self.site)
            .field("base_url", &self.base_url)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("user_agent", &self.user_agent)
            .field("retry", &self.retry)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("allow_insecure_http", &self.allow_insecure_http)
            .field("http_client", &self.http_client.is_some())
            .field("stream_head_timeout", &self.stream_head_timeout)
            .field("stream_idle_timeout", &self.stream_idle_timeout)
            .field("stream_timeout", &self.stream_timeout)
            .field("max_event_bytes", &self.max_event_bytes)
            .finish()
    }
}

impl ClientBuilder {
    /// The API key, sent as `X-Api-Key` (or the header an operation's security
    /// scheme names). It never appears in `Debug` or `Display` output.
    pub fn api_key(mut self, key: impl Into<String>) -> Self {
        self.api_key = Some(key.into());
        self
    }

    /// Which site to use (ignored when [`ClientBuilder::base_url`] is set).
    pub fn site(mut self, site: Site) -> Self {
        self.site = site;
        self
    }

    /// Any base URL (a sandbox, a test server, a self-hosted deployment),
    /// with an optional path prefix. Plain `http://` is accepted only for
    /// loopback hosts unless [`ClientBuilder::allow_insecure_http`] is set.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// The limit for one attempt of an ordinary (non-streaming) call:
    /// connecting, sending, and reading the whole response (default 30 s).
    /// Streams are bounded by [`ClientBuilder::stream_head_timeout`] and
    /// [`ClientBuilder::stream_idle_timeout`] instead.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The limit for establishing a connection.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// The `User-Agent` header.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// The retry policy (see [`RetryPolicy`]).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// The largest response body accepted (default 16 MiB); a larger one is an
    /// [`Error::InvalidResponse`] and is not read further.
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.max_response_bytes = limit;
        self
    }

    /// For streaming calls: the limit for one attempt to receive the response
    /// head (status and headers), connecting included (default 30 s). Hitting
    /// it is [`Error::Timeout`] with [`TimeoutKind::StreamHead`](crate::TimeoutKind::StreamHead).
    pub fn stream_head_timeout(mut self, timeout: Duration) -> Self {
        self.stream_head_timeout = timeout;
        self
    }

    /// For streaming calls: the longest pause between two chunks of the body
    /// (default 60 s). Hitting it ends the stream with [`Error::Timeout`] and
    /// [`TimeoutKind::StreamIdle`](crate::TimeoutKind::StreamIdle); a stream
    /// that keeps sending may last as long as it likes.
    pub fn stream_idle_timeout(mut self, timeout: Duration) -> Self {
        self.stream_idle_timeout = timeout;
        self
    }

    /// For streaming calls: a cap on the whole call, from sending the request
    /// to the last event (default: none). Hitting it is [`Error::Timeout`]
    /// with [`TimeoutKind::StreamTotal`](crate::TimeoutKind::StreamTotal).
    pub fn stream_timeout(mut self, timeout: Duration) -> Self {
        self.stream_timeout = Some(timeout);
        self
    }

    /// For streaming calls: the most bytes one server-sent event (or one of
    /// its lines) may hold (default: [`ClientBuilder::max_response_bytes`]).
    /// A larger one ends the stream with [`Error::EventTooLarge`]; the stream
    /// never buffers more than this.
    pub fn max_event_bytes(mut self, limit: usize) -> Self {
        self.max_event_bytes = Some(limit);
        self
    }

    /// Allow a plain `http://` base URL on a non-loopback host (the API key
    /// then travels unencrypted).
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.allow_insecure_http = allow;
        self
    }

    /// Send requests through this `reqwest` client (a proxy, a custom CA,
    /// connection-pool limits...) instead of one the SDK builds.
    ///
    /// The SDK still applies its API key, retries, the per-attempt
    /// [`timeout`](Self::timeout), the response size limit, `Accept` and
    /// [`user_agent`](Self::user_agent) to every request. What only a
    /// `reqwest::Client` itself can hold stays the client's: its connect
    /// timeout, and its **redirect policy** — reqwest's default follows
    /// redirects to any host and would carry `X-Api-Key` along, so build it
    /// with [`ClientBuilder::redirect_policy`] (or `Policy::none()`).
    /// `reqwest` is re-exported as [`crate::reqwest`], so the versions match.
    ///
    /// ```no_run
    /// # fn demo() -> aitoearn::Result<()> {
    /// use aitoearn::{reqwest, Client, ClientBuilder};
    ///
    /// let http = reqwest::Client::builder()
    ///     .proxy(reqwest::Proxy::https("http://proxy.internal:3128").expect("proxy URL"))
    ///     .pool_max_idle_per_host(4)
    ///     .connect_timeout(std::time::Duration::from_secs(5))
    ///     .redirect(ClientBuilder::redirect_policy())
    ///     .build()
    ///     .expect("HTTP client");
    /// let client = Client::builder()
    ///     .api_key(std::env::var("AITOEARN_API_KEY").unwrap_or_default())
    ///     .http_client(http)
    ///     .build()?;
    /// # Ok(()) }
    /// ```
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// The redirect policy the SDK's own HTTP client uses: follow at most
    /// five redirects, and only within the origin of the first request (the
    /// API key travels in a custom header, which reqwest does not strip when
    /// a redirect leaves the origin). For clients given to
    /// [`ClientBuilder::http_client`].
    pub fn redirect_policy() -> reqwest::redirect::Policy {
        same_origin_redirects()
    }

    /// Check the settings and build the client.
    pub fn build(self) -> Result<Client> {
        let base = self.base_url.as_deref().unwrap_or(self.site.base_url());
        let url = Url::parse(base)
            .map_err(|e| Error::Config(format!("base URL {base:?} is not a valid URL: {e}")))?;
        match url.scheme() {
            "https" => {}
            "http" if self.allow_insecure_http || is_loopback(&url) => {}
            "http" => {
                return Err(Error::Config(format!(
                    "base URL {base:?} uses plain http on a non-loopback host; use https, or allow_insecure_http(true)"
                )))
            }
            other => return Err(Error::Config(format!("base URL {base:?} has scheme {other:?}; expected https"))),
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(Error::Config(format!(
                "base URL {base:?} must not have a query or fragment"
            )));
        }
        let api_key = self.api_key.as_deref().map(ApiKey::new).transpose()?;
        let user_agent = HeaderValue::from_str(&self.user_agent).map_err(|_| {
            Error::Config("the user agent contains characters not allowed in a header".into())
        })?;

        // A caller's client gets the SDK's headers and the request timeout on
        // each request, from the request hook.
        let (http, per_request) = match self.http_client.clone() {
            Some(http) => (http, Some(user_agent)),
            None => (self.own_http_client(user_agent)?, None),
        };
        let config = Config {
            per_request,
            api_key,
            retry: self.retry,
            max_response_bytes: self.max_response_bytes,
            timeout: self.timeout,
            connect_timeout: self.connect_timeout,
            stream_head_timeout: self.stream_head_timeout,
            stream_idle_timeout: self.stream_idle_timeout,
            stream_timeout: self.stream_timeout,
            max_event_bytes: self.max_event_bytes.unwrap_or(self.max_response_bytes),
        };
        let base = url.as_str().trim_end_matches('/');
        Ok(Client {
            raw: crate::raw::Client::new_with_client(base, http, Hooks(Arc::new(config))),
        })
    }
}

impl ClientBuilder {
    fn own_http_client(&self, user_agent: HeaderValue) -> Result<reqwest::Client> {
        install_ring_provider();
        let mut headers = HeaderMap::new();
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        reqwest::Client::builder()
            .default_headers(headers)
            .user_agent(user_agent)
            // Client-wide, so that ordinary requests carry no per-request
            // setting; the request hook lifts it for streams (which the SDK
            // bounds by their head and pauses instead).
            .timeout(self.timeout)
            .connect_timeout(self.connect_timeout)
            .redirect(same_origin_redirects())
            .build()
            .map_err(|e| Error::Config(format!("cannot build the HTTP client: {e}")))
    }
}

/// With `rustls-ring` alone, reqwest has no crypto provider of its own:
/// install ring as the process default unless the application installed one.
#[cfg(all(feature = "rustls-ring", not(feature = "rustls")))]
fn install_ring_provider() {
    if rustls::crypto::CryptoProvider::get_default().is_none() {
        // Losing a race with another installer is fine: a provider is set.
        let _ = rustls::crypto::ring::default_provider().install_default();
    }
}

#[cfg(not(all(feature = "rustls-ring", not(feature = "rustls"))))]
fn install_ring_provider() {}

pub(crate) fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        None => false,
    }
}

/// Follow redirects only within the same origin: the API key is a custom
/// header, which reqwest does not strip when a redirect leaves the origin.
fn same_origin_redirects() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        let same_origin = attempt
            .previous()
            .first()
            .is_some_and(|first| first.origin() == attempt.url().origin());
        if attempt.previous().len() > 5 {
            attempt.error("too many redirects")
        } else if same_origin {
            attempt.follow()
        } else {
            attempt.stop()
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whichever TLS feature is on (`rustls`, `rustls-ring`, `native-tls`),
    /// the default https client builds: `rustls-ring` alone would panic in
    /// reqwest without a crypto provider. CONTRIBUTING has the command per
    /// feature.
    #[test]
    fn an_https_client_builds_with_the_enabled_tls_feature() {
        let client = Client::builder().api_key("k").build();
        assert!(client.is_ok(), "{:?}", client.err());
    }
}
