//! The settings every request of a client shares, and what they make of a
//! transport failure.

use std::time::Duration;

use crate::error::{classify, Error};
use crate::key::ApiKey;
use crate::retry::RetryPolicy;

/// Settings shared by every request of a client.
#[derive(Debug)]
pub(crate) struct Config {
    /// For a caller's `reqwest::Client`: the `User-Agent` to set on each
    /// request, with `Accept` (the SDK's own client has them built in).
    pub per_request: Option<reqwest::header::HeaderValue>,
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

impl Config {
    /// A failure to send a request or read its body, as a typed timeout or
    /// transport error (naming the limit it hit).
    pub(crate) fn body_error(&self, error: reqwest::Error, attempts: u32) -> Error {
        classify(error, attempts, self.connect_timeout, self.timeout)
    }
}
