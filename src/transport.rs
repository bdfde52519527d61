//! What every request shares: the configuration the raw client carries and
//! the progenitor hook that puts the API key on each request.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use progenitor_client::{ClientHooks, OperationInfo};
use reqwest::header::{HeaderName, HeaderValue, ACCEPT, AUTHORIZATION, USER_AGENT};

use crate::error::{Error, Result};
use crate::operation::Auth;
use crate::retry::RetryPolicy;

/// The API key, kept as ready header values marked sensitive (so that
/// reqwest and hyper never print them). Its `Debug` output is redacted.
#[derive(Clone)]
pub(crate) struct ApiKey {
    plain: HeaderValue,
    bearer: HeaderValue,
}

impl ApiKey {
    /// Accepts only visible ASCII: anything else (CR, LF, other control
    /// characters, spaces, non-ASCII) could split or corrupt the header.
    pub(crate) fn new(key: &str) -> Result<Self> {
        if key.is_empty() {
            return Err(Error::Config("the API key is empty".into()));
        }
        if !key.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(Error::Config(
                "the API key may hold only visible ASCII characters; it contains a control character (such as CR or LF), a space or a non-ASCII character".into(),
            ));
        }
        let header = |value: &str| {
            let mut v = HeaderValue::from_str(value).map_err(|_| {
                Error::Config("the API key cannot be sent in an HTTP header".into())
            })?;
            v.set_sensitive(true);
            Ok::<_, Error>(v)
        };
        Ok(Self {
            plain: header(key)?,
            bearer: header(&format!("Bearer {key}"))?,
        })
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKey(<redacted>)")
    }
}

/// `X-Api-Key`, the header most operations carry the key in.
const X_API_KEY: HeaderName = HeaderName::from_static("x-api-key");

/// Settings shared by every request of a client.
#[derive(Debug)]
pub(crate) struct Config {
    /// For a caller's `reqwest::Client`: the `User-Agent` to set on each
    /// request, with `Accept` (the SDK's own client has them built in).
    pub per_request: Option<HeaderValue>,
    pub api_key: Option<ApiKey>,
    pub retry: RetryPolicy,
    pub max_response_bytes: usize,
    pub timeout: Duration,
    pub connect_timeout: Duration,
    pub stream_head_timeout: Duration,
    pub stream_idle_timeout: Duration,
    pub stream_timeout: Option<Duration>,
    pub max_event_bytes: usize,
}

/// The raw client's inner state (progenitor's `inner_type`): the shared
/// configuration. Cloning is cheap.
#[derive(Clone, Debug)]
pub struct Hooks(pub(crate) Arc<Config>);

impl ClientHooks<Hooks> for crate::raw::Client {
    /// Put the API key where the operation's security scheme says; on
    /// streaming calls ask for an event stream (and set the protocol's stream
    /// flag), on others set the request timeout (a stream has no overall
    /// cap: the SDK bounds its head and its pauses instead); and drop the
    /// `api-version` header progenitor adds to every request (the spec's
    /// document version, which the API does not read).
    async fn pre<E>(
        &self,
        request: &mut reqwest::Request,
        info: &OperationInfo,
    ) -> std::result::Result<(), progenitor_client::Error<E>> {
        let config = &self.inner.0;
        request.headers_mut().remove("api-version");
        if let Some(user_agent) = &config.per_request {
            apply_per_request(request, user_agent);
        }
        let op = crate::api::by_raw_name(info.operation_id);
        if !crate::sse::adjust_request(request, op) {
            *request.timeout_mut() = Some(config.timeout);
        }
        // Operations not in the table (none, unless the raw client is used
        // with a hand-edited spec) default to the API's usual scheme.
        let auth = op.map_or(Auth::Header("x-api-key"), |op| op.auth);
        let (name, value) = match (auth, &config.api_key) {
            (Auth::None, _) => return Ok(()),
            (_, None) => return Err(progenitor_client::Error::Custom(
                "this operation needs an API key: set ClientBuilder::api_key or AITOEARN_API_KEY"
                    .into(),
            )),
            // The API's usual header, built at compile time; others are parsed per call.
            (Auth::Header("x-api-key"), Some(key)) => (X_API_KEY, key.plain.clone()),
            (Auth::Header(name), Some(key)) => (HeaderName::from_static(name), key.plain.clone()),
            (Auth::Bearer, Some(key)) => (AUTHORIZATION, key.bearer.clone()),
        };
        request.headers_mut().insert(name, value);
        Ok(())
    }
}

/// The headers the SDK's own client sets on every request, set on one
/// request sent through a caller's client: the SDK's `User-Agent`, and
/// `Accept` unless the request already has one.
fn apply_per_request(request: &mut reqwest::Request, user_agent: &HeaderValue) {
    let headers = request.headers_mut();
    headers.insert(USER_AGENT, user_agent.clone());
    headers
        .entry(ACCEPT)
        .or_insert(HeaderValue::from_static("application/json"));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_with_header_breaking_bytes_are_rejected_and_never_printed() {
        for bad in [
            "abc\r\nX-Evil: 1",
            "abc\n",
            " abc",
            "a\u{0}b",
            "",
            "ab c",
            "abc\u{e9}",
        ] {
            let err = ApiKey::new(bad).unwrap_err();
            assert!(matches!(err, Error::Config(_)));
            assert!(!err.to_string().contains("abc"), "{err}");
        }
        let key = ApiKey::new("sk-secret-123").unwrap();
        assert_eq!(format!("{key:?}"), "ApiKey(<redacted>)");
        assert!(key.plain.is_sensitive() && key.bearer.is_sensitive());
        assert_eq!(key.bearer.to_str().unwrap(), "Bearer sk-secret-123");
    }
}
