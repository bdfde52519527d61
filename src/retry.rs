//! Retrying: which outcomes of an attempt are worth another one, whether the
//! policy allows it for the call's method, and how long to wait first.

use std::time::{Duration, SystemTime};

use backon::{BackoffBuilder, ExponentialBackoff, ExponentialBuilder};
use progenitor_client::{ByteStream, ResponseValue};
use reqwest::header::{HeaderMap, RETRY_AFTER};

use crate::error::{is_retryable_status, TimeoutKind};

/// The retry policy of a [`Client`](crate::Client).
///
/// Connect failures, timeouts and the statuses 429, 502, 503 and 504 are
/// retried with exponential backoff and full jitter (each wait is uniformly
/// random between zero and the exponential bound), or after the server's
/// `Retry-After` when it sends one, capped at [`RetryPolicy::max_retry_after`].
/// Business errors (`code != 0`) are never retried. Only idempotent methods
/// (GET, HEAD, PUT, DELETE, OPTIONS) are retried unless
/// [`RetryPolicy::retry_non_idempotent`] is set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    max_retries: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    max_retry_after: Duration,
    retry_non_idempotent: bool,
}

impl Default for RetryPolicy {
    /// Two retries, backoff from 200 ms up to 5 s, `Retry-After` honoured up to 30 s.
    fn default() -> Self {
        Self {
            max_retries: 2,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(5),
            max_retry_after: Duration::from_secs(30),
            retry_non_idempotent: false,
        }
    }
}

impl RetryPolicy {
    /// A policy that never retries.
    pub fn none() -> Self {
        Self {
            max_retries: 0,
            ..Self::default()
        }
    }

    /// How many times a request may be retried after the first attempt (0 disables retries).
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = retries;
        self
    }

    /// The bound of the first backoff; each later bound doubles, up to `max`.
    pub fn backoff(mut self, initial: Duration, max: Duration) -> Self {
        self.initial_backoff = initial;
        self.max_backoff = max.max(initial);
        self
    }

    /// The longest `Retry-After` honoured; a longer one is waited for this long.
    pub fn max_retry_after(mut self, cap: Duration) -> Self {
        self.max_retry_after = cap;
        self
    }

    /// Also retry POST and PATCH requests (only safe when the operation is
    /// idempotent on the server side).
    pub fn retry_non_idempotent(mut self, yes: bool) -> Self {
        self.retry_non_idempotent = yes;
        self
    }

    /// The configured number of retries.
    pub fn retries(&self) -> u32 {
        self.max_retries
    }

    pub(crate) fn allows(&self, idempotent: bool) -> bool {
        self.max_retries > 0 && (idempotent || self.retry_non_idempotent)
    }

    /// The exponential bounds of successive waits.
    pub(crate) fn schedule(&self) -> ExponentialBackoff {
        ExponentialBuilder::default()
            .with_min_delay(self.initial_backoff)
            .with_max_delay(self.max_backoff)
            .with_factor(2.0)
            .with_max_times(self.max_retries as usize)
            .build()
    }

    /// How long to wait before the next attempt: the server's `Retry-After`
    /// (capped), else a uniformly random share of the exponential bound.
    pub(crate) fn delay(&self, bound: Duration, headers: Option<&HeaderMap>) -> Duration {
        if let Some(wait) = headers.and_then(retry_after) {
            return wait.min(self.max_retry_after);
        }
        let nanos = u64::try_from(bound.as_nanos()).unwrap_or(u64::MAX);
        Duration::from_nanos(fastrand::u64(0..=nanos))
    }
}

/// What one attempt came to: the raw client's result, or the SDK's own time
/// limit it ran past (see [`crate::limits::Limits`]).
pub(crate) type Outcome = std::result::Result<
    std::result::Result<ResponseValue<ByteStream>, progenitor_client::Error<ByteStream>>,
    (TimeoutKind, Duration),
>;

/// The retries of one call: whether the policy allows any for its method,
/// and the backoff bounds left.
pub(crate) struct Retries<'p> {
    policy: &'p RetryPolicy,
    allowed: bool,
    bounds: ExponentialBackoff,
}

impl<'p> Retries<'p> {
    /// The retries `policy` allows a call whose method is (or is not) idempotent.
    pub(crate) fn new(policy: &'p RetryPolicy, idempotent: bool) -> Self {
        Self {
            policy,
            allowed: policy.allows(idempotent),
            bounds: policy.schedule(),
        }
    }

    /// How long to wait before trying again after `outcome`, or `None` when
    /// the outcome is final (not retryable, not allowed, or no retries left).
    pub(crate) fn wait_after(&mut self, outcome: &Outcome) -> Option<Duration> {
        let headers = retry_signal(outcome)?;
        if !self.allowed {
            return None;
        }
        let bound = self.bounds.next()?;
        Some(self.policy.delay(bound, headers))
    }
}

/// Whether an outcome is transient: `Some` (with the response headers, which
/// may carry `Retry-After`) for a retryable status, a connect failure or
/// timeout, or a stream head timeout; `None` for anything else.
fn retry_signal(outcome: &Outcome) -> Option<Option<&HeaderMap>> {
    match outcome {
        Ok(Ok(rv)) | Ok(Err(progenitor_client::Error::ErrorResponse(rv)))
            if is_retryable_status(rv.status()) =>
        {
            Some(Some(rv.headers()))
        }
        Ok(Err(progenitor_client::Error::CommunicationError(e)))
            if e.is_connect() || e.is_timeout() =>
        {
            Some(None)
        }
        Err((TimeoutKind::StreamHead, _)) => Some(None),
        _ => None,
    }
}

/// `Retry-After` as RFC 9110 §10.2.3 defines it: delay-seconds, or an
/// HTTP-date in any of the three forms a recipient must accept (IMF-fixdate,
/// obsolete RFC 850, ANSI C asctime). A date in the past means "now".
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(
        at.duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn header(value: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(RETRY_AFTER, HeaderValue::from_str(value).unwrap());
        h
    }

    #[test]
    fn retry_after_reads_seconds_and_all_three_http_date_forms() {
        assert_eq!(retry_after(&header("3")), Some(Duration::from_secs(3)));
        assert_eq!(retry_after(&header(" 0 ")), Some(Duration::ZERO));
        // RFC 9110 §5.6.7's example instant in its three forms: in the past.
        for past in [
            "Sun, 06 Nov 1994 08:49:37 GMT",
            "Sunday, 06-Nov-94 08:49:37 GMT",
            "Sun Nov  6 08:49:37 1994",
        ] {
            assert_eq!(retry_after(&header(past)), Some(Duration::ZERO), "{past}");
        }
        let later = chrono::Utc::now() + chrono::Duration::seconds(120);
        for format in [
            "%a, %d %b %Y %H:%M:%S GMT",
            "%A, %d-%b-%y %H:%M:%S GMT",
            "%a %b %e %H:%M:%S %Y",
        ] {
            let value = later.format(format).to_string();
            let wait = retry_after(&header(&value)).unwrap();
            assert!(
                wait > Duration::from_secs(100) && wait <= Duration::from_secs(120),
                "{value}: {wait:?}"
            );
        }
        for bad in ["soon", "-1", "1.5", "Sun, 06 Nov 1994 08:49:37 +0100"] {
            assert_eq!(retry_after(&header(bad)), None, "{bad}");
        }
    }

    #[test]
    fn delays_are_capped_and_jittered_within_the_bound() {
        let policy = RetryPolicy::default().max_retry_after(Duration::from_secs(2));
        let mut h = HeaderMap::new();
        h.insert(RETRY_AFTER, HeaderValue::from_static("3600"));
        assert_eq!(
            policy.delay(Duration::from_millis(1), Some(&h)),
            Duration::from_secs(2)
        );
        for _ in 0..100 {
            assert!(policy.delay(Duration::from_millis(50), None) <= Duration::from_millis(50));
        }
        let bounds: Vec<Duration> = RetryPolicy::default().max_retries(4).schedule().collect();
        assert_eq!(bounds.len(), 4);
        assert!(bounds.windows(2).all(|w| w[0] <= w[1]), "{bounds:?}");
        assert!(bounds.iter().all(|b| *b <= Duration::from_secs(5)));
    }

    #[test]
    fn only_idempotent_methods_retry_by_default() {
        let p = RetryPolicy::default();
        assert!(p.allows(true));
        assert!(!p.allows(false));
        assert!(p.clone().retry_non_idempotent(true).allows(false));
        assert!(!RetryPolicy::none().allows(true));
    }
}
