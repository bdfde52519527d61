//! The SDK's error type.
//!
//! Every failure is one [`Error`] variant that says what was wrong: the HTTP
//! status, the business code and message, the request id when the server sent
//! one, and for bodies that are not what the API documents, a snippet of the
//! body bounded to [`SNIPPET_LIMIT`] bytes.
//!
//! `Display` and `Debug` never print more than [`TEXT_LIMIT`] bytes of any
//! one string (or JSON value) that came from a server, however large it is;
//! the fields, and accessors such as [`Error::message`], keep the full text.

mod code;
mod text;

use std::fmt;
use std::time::Duration;

pub use reqwest::StatusCode;

pub(crate) use code::error_codes;
pub use code::ErrorCode;
pub(crate) use text::snippet;
use text::Clip;
pub use text::{SNIPPET_LIMIT, TEXT_LIMIT};

/// Result alias used by every SDK method.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Which time limit a request hit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TimeoutKind {
    /// Establishing the connection took longer than the connect timeout.
    Connect,
    /// One attempt (connect, send, and read the whole response) took longer
    /// than the request timeout.
    Request,
    /// A streaming call's response head (status and headers) did not arrive
    /// within the stream head timeout.
    StreamHead,
    /// A stream paused longer than the stream idle timeout between chunks.
    StreamIdle,
    /// A streaming call ran past the overall stream timeout (set only on request).
    StreamTotal,
}

impl fmt::Display for TimeoutKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Connect => "connect timeout",
            Self::Request => "request timeout",
            Self::StreamHead => "stream head timeout",
            Self::StreamIdle => "stream idle timeout",
            Self::StreamTotal => "stream timeout",
        })
    }
}

/// Everything that can go wrong in a call.
///
/// `Display` and `Debug` show at most [`TEXT_LIMIT`] bytes of each string or
/// JSON value a server provided; the fields keep the full text.
#[derive(thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The API answered with a business error: the envelope's `code` is not 0
    /// (whatever the HTTP status).
    #[error(
        "AiToEarn API error {code}: {} (HTTP {http_status}{})",
        Clip(message),
        fmt_request_id(request_id)
    )]
    Api {
        /// The business code.
        code: ErrorCode,
        /// The envelope's message.
        message: String,
        /// The request id, from the envelope or the `x-request-id` header.
        request_id: Option<String>,
        /// The envelope's timestamp (Unix milliseconds), when present.
        timestamp: Option<i64>,
        /// The HTTP status of the response.
        http_status: StatusCode,
        /// The envelope's `data`, which some errors use for details.
        data: Option<serde_json::Value>,
    },

    /// The response is not what the API documents: not JSON, not an
    /// envelope, a `data` of the wrong shape, or too large.
    #[error(
        "invalid response (HTTP {http_status}{}): {}; body starts: {:?}",
        fmt_request_id(request_id),
        Clip(reason),
        Clip(snippet)
    )]
    InvalidResponse {
        /// The HTTP status of the response.
        http_status: StatusCode,
        /// The request id from the `x-request-id` header, when present.
        request_id: Option<String>,
        /// What is wrong with the body.
        reason: String,
        /// The start of the body as text (at most [`SNIPPET_LIMIT`] bytes plus `…`, lossily decoded).
        snippet: String,
    },

    /// A time limit was hit.
    #[error("{kind} after {attempts} attempt(s) (limit {limit:?})")]
    Timeout {
        /// Which limit.
        kind: TimeoutKind,
        /// The configured limit.
        limit: Duration,
        /// How many attempts were made.
        attempts: u32,
    },

    /// A server-sent event (or one of its lines) is larger than the stream's
    /// event limit ([`ClientBuilder::max_event_bytes`](crate::ClientBuilder::max_event_bytes));
    /// the stream ends here, having buffered no more than the limit.
    #[error(
        "a server-sent event is larger than the limit of {limit} bytes{}",
        fmt_request_id(request_id)
    )]
    EventTooLarge {
        /// The limit, in bytes.
        limit: usize,
        /// The request id from the `x-request-id` header, when present.
        request_id: Option<String>,
    },

    /// The request could not be sent or its response not read (connection
    /// refused, reset, TLS failure, ...).
    ///
    /// `Display` does not repeat the underlying error: it is the
    /// [`source`](std::error::Error::source), which error reporters print next.
    #[error("transport error after {attempts} attempt(s)")]
    Transport {
        /// The underlying error.
        #[source]
        source: reqwest::Error,
        /// How many attempts were made.
        attempts: u32,
    },

    /// An argument cannot be sent as given (for example a path parameter that
    /// would change the request path).
    #[error("invalid argument `{}`: {}", Clip(parameter), Clip(reason))]
    InvalidArgument {
        /// The parameter's name in the API spec.
        parameter: String,
        /// What is wrong with it.
        reason: String,
    },

    /// The client is misconfigured (bad API key, base URL, missing key).
    #[error("invalid configuration: {}", Clip(.0))]
    Config(String),
}

fn fmt_request_id(request_id: &Option<String>) -> String {
    match request_id {
        Some(id) => format!(", request id {}", Clip(id)),
        None => String::new(),
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fn clip(s: &Option<String>) -> Option<Clip<&str>> {
            s.as_deref().map(Clip)
        }
        match self {
            Self::Api {
                code,
                message,
                request_id,
                timestamp,
                http_status,
                data,
            } => f
                .debug_struct("Api")
                .field("code", code)
                .field("message", &Clip(message))
                .field("request_id", &clip(request_id))
                .field("timestamp", timestamp)
                .field("http_status", http_status)
                .field("data", &data.as_ref().map(Clip))
                .finish(),
            Self::InvalidResponse {
                http_status,
                request_id,
                reason,
                snippet,
            } => f
                .debug_struct("InvalidResponse")
                .field("http_status", http_status)
                .field("request_id", &clip(request_id))
                .field("reason", &Clip(reason))
                .field("snippet", &Clip(snippet))
                .finish(),
            Self::Timeout {
                kind,
                limit,
                attempts,
            } => f
                .debug_struct("Timeout")
                .field("kind", kind)
                .field("limit", limit)
                .field("attempts", attempts)
                .finish(),
            Self::EventTooLarge { limit, request_id } => f
                .debug_struct("EventTooLarge")
                .field("limit", limit)
                .field("request_id", &clip(request_id))
                .finish(),
            Self::Transport { source, attempts } => f
                .debug_struct("Transport")
                .field("source", &Clip(source))
                .field("attempts", attempts)
                .finish(),
            Self::InvalidArgument { parameter, reason } => f
                .debug_struct("InvalidArgument")
                .field("parameter", &Clip(parameter))
                .field("reason", &Clip(reason))
                .finish(),
            Self::Config(message) => f.debug_tuple("Config").field(&Clip(message)).finish(),
        }
    }
}

impl Error {
    /// The full message of an [`Error::Api`] (the envelope's `message`),
    /// which `Display` and `Debug` show only the start of.
    pub fn message(&self) -> Option<&str> {
        match self {
            Self::Api { message, .. } => Some(message),
            _ => None,
        }
    }

    /// The business code, for [`Error::Api`].
    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            Self::Api { code, .. } => Some(*code),
            _ => None,
        }
    }

    /// The HTTP status, when a response was received.
    pub fn http_status(&self) -> Option<StatusCode> {
        match self {
            Self::Api { http_status, .. } | Self::InvalidResponse { http_status, .. } => {
                Some(*http_status)
            }
            Self::Transport { source, .. } => source.status(),
            _ => None,
        }
    }

    /// The request id, when the server sent one.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Self::Api { request_id, .. }
            | Self::InvalidResponse { request_id, .. }
            | Self::EventTooLarge { request_id, .. } => request_id.as_deref(),
            _ => None,
        }
    }

    /// Whether the same request may succeed if sent again later, for a
    /// caller's own retry loop (the client already retried it as its
    /// [`RetryPolicy`](crate::RetryPolicy) allows): a 429, 502, 503 or 504
    /// response, a connect, request or stream timeout, or a connection that
    /// failed. A business error with any other status, a bad argument or
    /// configuration, an oversized event, and a stream's overall time limit
    /// are not: sending the same request again gets the same answer.
    ///
    /// Whether retrying is *safe* (a non-idempotent call may have taken
    /// effect) is the caller's judgement.
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::Api { http_status, .. } | Self::InvalidResponse { http_status, .. } => {
                is_retryable_status(*http_status)
            }
            Self::Timeout { kind, .. } => *kind != TimeoutKind::StreamTotal,
            Self::Transport { source, .. } => !(source.is_builder() || source.is_redirect()),
            Self::EventTooLarge { .. } | Self::InvalidArgument { .. } | Self::Config(_) => false,
        }
    }
}

/// Statuses that say "try again": rate limited or a gateway/server hiccup
/// (what [`Error::is_retryable`] and the client's retries both go by).
pub(crate) fn is_retryable_status(status: StatusCode) -> bool {
    matches!(status.as_u16(), 429 | 502 | 503 | 504)
}

/// Turn a reqwest error into a typed timeout or transport error, given the
/// client's connect and request timeouts.
pub(crate) fn classify(
    error: reqwest::Error,
    attempts: u32,
    connect: Duration,
    request: Duration,
) -> Error {
    if error.is_timeout() {
        let (kind, limit) = if error.is_connect() {
            (TimeoutKind::Connect, connect)
        } else {
            (TimeoutKind::Request, request)
        };
        Error::Timeout {
            kind,
            limit,
            attempts,
        }
    } else {
        Error::Transport {
            source: error,
            attempts,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn display_and_debug_of_every_variant_are_bounded() {
        let huge = "x".repeat(10_000_000);
        // A real reqwest error (connection refused on a closed port).
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let source = reqwest::get(format!("http://127.0.0.1:{port}/{huge}"))
            .await
            .unwrap_err();
        let errors = [
            Error::Api {
                code: ErrorCode::Unknown(1),
                message: huge.clone(),
                request_id: Some(huge.clone()),
                timestamp: None,
                http_status: StatusCode::OK,
                data: Some(serde_json::json!({ "detail": huge.clone() })),
            },
            Error::InvalidResponse {
                http_status: StatusCode::BAD_GATEWAY,
                request_id: Some(huge.clone()),
                reason: huge.clone(),
                snippet: huge.clone(),
            },
            Error::Timeout {
                kind: TimeoutKind::StreamIdle,
                limit: Duration::from_secs(60),
                attempts: 1,
            },
            Error::EventTooLarge {
                limit: 1,
                request_id: Some(huge.clone()),
            },
            Error::Transport {
                source,
                attempts: 1,
            },
            Error::InvalidArgument {
                parameter: huge.clone(),
                reason: huge.clone(),
            },
            Error::Config(huge.clone()),
        ];
        for error in &errors {
            // At most a few clipped strings, each TEXT_LIMIT bytes plus `…`.
            let bound = 6 * (TEXT_LIMIT + 3) + 300;
            let display = error.to_string();
            let debug = format!("{error:?}");
            assert!(display.len() <= bound, "Display: {} bytes", display.len());
            assert!(debug.len() <= bound, "Debug: {} bytes", debug.len());
            assert!(!display.contains('\n'), "{display}");
        }
        // The full text stays reachable.
        assert_eq!(errors[0].message().map(str::len), Some(10_000_000));
        assert!(errors[0].to_string().contains("x…"));
    }

    #[tokio::test]
    async fn transport_display_leaves_the_source_to_source() {
        use std::error::Error as _;
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let source = reqwest::get(format!("http://127.0.0.1:{port}/"))
            .await
            .unwrap_err();
        let cause = source.to_string();
        let error = Error::Transport {
            source,
            attempts: 3,
        };
        assert_eq!(error.to_string(), "transport error after 3 attempt(s)");
        assert_eq!(error.source().map(|s| s.to_string()), Some(cause));
        assert!(error.is_retryable(), "a refused connection may come back");
    }

    #[test]
    fn retryable_errors_are_the_transient_ones() {
        let api = |status: u16| Error::Api {
            code: ErrorCode::Unknown(1),
            message: String::new(),
            request_id: None,
            timestamp: None,
            http_status: StatusCode::from_u16(status).unwrap(),
            data: None,
        };
        let invalid = |status: u16| Error::InvalidResponse {
            http_status: StatusCode::from_u16(status).unwrap(),
            request_id: None,
            reason: String::new(),
            snippet: String::new(),
        };
        for status in [429, 502, 503, 504] {
            assert!(api(status).is_retryable(), "{status}");
            assert!(invalid(status).is_retryable(), "{status}");
        }
        for status in [200, 400, 401, 404, 500, 501] {
            assert!(!api(status).is_retryable(), "{status}");
            assert!(!invalid(status).is_retryable(), "{status}");
        }
        let timeout = |kind| Error::Timeout {
            kind,
            limit: Duration::from_secs(1),
            attempts: 1,
        };
        for kind in [
            TimeoutKind::Connect,
            TimeoutKind::Request,
            TimeoutKind::StreamHead,
            TimeoutKind::StreamIdle,
        ] {
            assert!(timeout(kind).is_retryable(), "{kind}");
        }
        assert!(!timeout(TimeoutKind::StreamTotal).is_retryable());
        assert!(!Error::Config("no key".into()).is_retryable());
        let argument = Error::InvalidArgument {
            parameter: "id".into(),
            reason: "has a slash".into(),
        };
        assert!(!argument.is_retryable());
        let too_large = Error::EventTooLarge {
            limit: 1,
            request_id: None,
        };
        assert!(!too_large.is_retryable());
    }

    #[test]
    fn short_text_is_shown_whole() {
        let error = Error::Api {
            code: ErrorCode::Unknown(7),
            message: "record 好 not found".into(),
            request_id: Some("req-1".into()),
            timestamp: None,
            http_status: StatusCode::NOT_FOUND,
            data: None,
        };
        assert_eq!(
            error.to_string(),
            "AiToEarn API error 7: record 好 not found (HTTP 404 Not Found, request id req-1)"
        );
        assert!(format!("{error:?}").contains(r#"message: "record 好 not found""#));
        // A cut never splits a character.
        let long = Error::Config("好".repeat(1000));
        let text = long.to_string();
        assert!(text.ends_with("好…"), "{text}");
    }
}
