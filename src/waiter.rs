//! Waiters: poll a status operation until it reaches a terminal state.
//!
//! Which operations have a waiter, which response field they read and which
//! of its values are terminal come from a declaration file shipped with the
//! SDK (`xtask/codegen/waiters.txt`), checked against the spec at build
//! time. A request of such an operation has a `.wait()` method:
//!
//! ```no_run
//! # #[cfg(aitoearn_shipped_spec)]
//! # async fn demo(client: &aitoearn::Client) -> Result<(), Box<dyn std::error::Error>> {
//! use std::time::Duration;
//! let session = client
//!     .get_auth_status("douyin", "session-id")
//!     .wait()
//!     .timeout(Duration::from_secs(300))
//!     .send()
//!     .await?;
//! # let _ = session; Ok(()) }
//! ```
//!
//! A value the declaration lists as success ends with `Ok(data)`; a failure
//! value ends with [`WaitError::Failed`] carrying the data; any other value
//! keeps polling until the deadline ([`WaitError::TimedOut`] with the last
//! data seen). Transient errors of each poll are retried by the client's
//! [`RetryPolicy`](crate::RetryPolicy) (which honours `Retry-After`); an
//! error that survives them ends the wait with [`WaitError::Call`].

use std::fmt;
use std::future::Future;
use std::time::Duration;

/// How long a wait lasts by default before [`WaitError::TimedOut`].
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(600);

/// One waiter declaration, as the generator checked it against the spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Declaration {
    /// The response data field holding the status (JSON name).
    pub field: &'static str,
    /// Values that end the wait successfully.
    pub success: &'static [&'static str],
    /// Values that end the wait with [`WaitError::Failed`].
    pub failure: &'static [&'static str],
    /// A response data field (RFC 3339 date-time) after which waiting is
    /// pointless, such as a session's `expiresAt`: the deadline is never later.
    pub expires_field: Option<&'static str>,
}

/// A request that can be sent again and again: what a waiter polls.
pub trait Poll {
    /// The typed data one poll returns.
    type Output: serde::Serialize;
    /// Send the request once.
    fn poll_once(&self) -> impl Future<Output = crate::Result<Self::Output>>;
}

/// Why a wait ended without reaching a success state.
#[derive(Debug)]
#[non_exhaustive]
pub enum WaitError<T> {
    /// The status reached a value the declaration lists as failure.
    Failed {
        /// The status value.
        status: String,
        /// The data of the last poll.
        data: Box<T>,
    },
    /// The deadline passed before a terminal state.
    TimedOut {
        /// How long the wait lasted.
        waited: Duration,
        /// The data of the last successful poll, if any.
        last: Option<Box<T>>,
    },
    /// A poll failed after the client's retries.
    Call(crate::Error),
}

impl<T> fmt::Display for WaitError<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Failed { status, .. } => write!(f, "the wait ended in failure state `{status}`"),
            Self::TimedOut { waited, .. } => {
                write!(f, "no terminal state after {:.1} s", waited.as_secs_f64())
            }
            Self::Call(e) => write!(f, "a poll failed: {e}"),
        }
    }
}

impl<T: fmt::Debug> std::error::Error for WaitError<T> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Call(e) => Some(e),
            _ => None,
        }
    }
}

/// A configured wait on a request; run it with [`Waiter::send`].
#[derive(Debug, Clone)]
#[must_use = "a waiter does nothing until it is sent with `.send().await`"]
pub struct Waiter<R> {
    request: R,
    declaration: &'static Declaration,
    timeout: Duration,
    min_interval: Duration,
    max_interval: Duration,
}

impl<R: Poll> Waiter<R> {
    /// A waiter with the default deadline and interval (1 s growing to 10 s).
    pub fn new(request: R, declaration: &'static Declaration) -> Self {
        Self {
            request,
            declaration,
            timeout: DEFAULT_TIMEOUT,
            min_interval: Duration::from_secs(1),
            max_interval: Duration::from_secs(10),
        }
    }

    /// Give up after this long (default [`DEFAULT_TIMEOUT`]).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The interval between polls: starts at `min`, doubles up to `max`,
    /// each wait jittered between half and the whole of it.
    pub fn interval(mut self, min: Duration, max: Duration) -> Self {
        self.min_interval = min;
        self.max_interval = max.max(min);
        self
    }

    /// Poll until a terminal state or the deadline.
    pub async fn send(self) -> Result<R::Output, WaitError<R::Output>> {
        let started = tokio::time::Instant::now();
        let mut deadline = started + self.timeout;
        let mut interval = self.min_interval;
        loop {
            let data = self.request.poll_once().await.map_err(WaitError::Call)?;
            let json = serde_json::to_value(&data).unwrap_or(serde_json::Value::Null);
            match status_of(&json, self.declaration.field) {
                Some(s) if self.declaration.success.contains(&s.as_str()) => return Ok(data),
                Some(s) if self.declaration.failure.contains(&s.as_str()) => {
                    return Err(WaitError::Failed {
                        status: s,
                        data: Box::new(data),
                    })
                }
                _ => {}
            }
            if let Some(expires) = self
                .declaration
                .expires_field
                .and_then(|f| expires_in(&json, f))
            {
                deadline = deadline.min(tokio::time::Instant::now() + expires);
            }
            let last = Some(Box::new(data));
            let now = tokio::time::Instant::now();
            if now >= deadline {
                return Err(WaitError::TimedOut {
                    waited: now - started,
                    last,
                });
            }
            let half = interval / 2;
            let jittered = half + half.mul_f64(fastrand::f64());
            tokio::time::sleep(jittered.min(deadline - now)).await;
            interval = (interval * 2).min(self.max_interval);
        }
    }
}

/// The status field as text (strings as they are, numbers and booleans
/// printed), or `None` when absent or null.
fn status_of(data: &serde_json::Value, field: &str) -> Option<String> {
    match data.get(field)? {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        serde_json::Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// How long until the RFC 3339 time in `field` (zero when past); `None`
/// when absent or unreadable.
fn expires_in(data: &serde_json::Value, field: &str) -> Option<Duration> {
    let at = chrono::DateTime::parse_from_rfc3339(data.get(field)?.as_str()?).ok()?;
    let left = at.with_timezone(&chrono::Utc) - chrono::Utc::now();
    Some(left.to_std().unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    static DECL: Declaration = Declaration {
        field: "status",
        success: &["completed"],
        failure: &["failed"],
        expires_field: Some("expiresAt"),
    };

    struct Script(Vec<serde_json::Value>, AtomicUsize);

    impl Poll for &Script {
        type Output = serde_json::Value;
        async fn poll_once(&self) -> crate::Result<serde_json::Value> {
            let i = self.1.fetch_add(1, Ordering::SeqCst);
            Ok(self.0[i.min(self.0.len() - 1)].clone())
        }
    }

    fn script(states: &[serde_json::Value]) -> Script {
        Script(states.to_vec(), AtomicUsize::new(0))
    }

    #[tokio::test(start_paused = true)]
    async fn success_ends_with_the_data_and_unknown_values_keep_polling() {
        let s = script(&[
            serde_json::json!({"status": "pending"}),
            serde_json::json!({"status": "not-in-the-enum"}),
            serde_json::json!({"status": "completed", "accountId": "a"}),
        ]);
        let data = Waiter::new(&s, &DECL).send().await.unwrap();
        assert_eq!(data["accountId"], "a");
        assert_eq!(s.1.load(Ordering::SeqCst), 3);
    }

    #[tokio::test(start_paused = true)]
    async fn failure_carries_the_data() {
        let s = script(&[serde_json::json!({"status": "failed", "errorMessage": "x"})]);
        match Waiter::new(&s, &DECL).send().await {
            Err(WaitError::Failed { status, data }) => {
                assert_eq!(status, "failed");
                assert_eq!(data["errorMessage"], "x");
            }
            other => panic!("{other:?}"),
        }
    }

    #[tokio::test(start_paused = true)]
    async fn deadline_gives_the_last_data() {
        let s = script(&[serde_json::json!({"status": "pending", "n": 1})]);
        let started = tokio::time::Instant::now();
        match Waiter::new(&s, &DECL)
            .timeout(Duration::from_secs(30))
            .send()
            .await
        {
            Err(WaitError::TimedOut { last, waited }) => {
                assert_eq!(last.unwrap()["n"], 1);
                assert!(waited >= Duration::from_secs(30));
                assert!(started.elapsed() < Duration::from_secs(31));
            }
            other => panic!("{other:?}"),
        }
    }

    #[tokio::test(start_paused = true)]
    async fn an_expired_session_ends_the_wait_early() {
        let s = script(&[
            serde_json::json!({"status": "pending", "expiresAt": "2000-01-01T00:00:00Z"}),
        ]);
        let started = tokio::time::Instant::now();
        let r = Waiter::new(&s, &DECL).send().await;
        assert!(matches!(r, Err(WaitError::TimedOut { .. })));
        assert!(started.elapsed() < Duration::from_secs(1));
        assert_eq!(s.1.load(Ordering::SeqCst), 1);
    }
}
