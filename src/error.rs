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

use std::fmt::{self, Write as _};
use std::time::Duration;

pub use reqwest::StatusCode;

/// The most bytes of a response body an error keeps.
pub const SNIPPET_LIMIT: usize = 256;

/// The most bytes of one string (message, request id, reason, `data`) that
/// the `Display` and `Debug` output of an [`Error`] shows; longer text is cut
/// on a character boundary and ends with `…`.
pub const TEXT_LIMIT: usize = 512;

/// Result alias used by every SDK method.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Defines [`ErrorCode`] from the codes the spec's error examples name.
macro_rules! error_codes {
    ($($(#[$meta:meta])* $name:ident = $code:literal,)*) => {
        /// A business error code (`code` of the response envelope).
        ///
        /// The named variants are the codes the API spec documents in its
        /// error examples; any other code is `Unknown`, so matching stays
        /// possible when the API adds codes.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum ErrorCode {
            $($(#[$meta])* $name,)*
            /// A code the spec this SDK was built from does not document.
            Unknown(i64),
        }

        impl ErrorCode {
            /// Every code the spec documents.
            pub const KNOWN: &'static [ErrorCode] = &[$(Self::$name),*];

            /// The variant for a numeric code.
            pub fn from_code(code: i64) -> Self {
                match code {
                    $($code => Self::$name,)*
                    other => Self::Unknown(other),
                }
            }

            /// The numeric code.
            pub fn code(self) -> i64 {
                match self {
                    $(Self::$name => $code,)*
                    Self::Unknown(code) => code,
                }
            }
        }
    };
}
pub(crate) use error_codes;

include!(concat!(env!("OUT_DIR"), "/error_codes.rs"));

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Unknown(code) => write!(f, "{code}"),
            known => write!(f, "{} ({known:?})", known.code()),
        }
    }
}

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
    #[error("transport error after {attempts} attempt(s): {}", Clip(source))]
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

/// Shows at most [`TEXT_LIMIT`] bytes of a value's `Display` (or, through
/// `{:?}`, its `Debug`) output, then `…`. Formatting stops at the limit, so a
/// huge value costs no more than the limit to print.
struct Clip<T>(T);

impl<T: fmt::Display> fmt::Display for Clip<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        clipped(f, |w| write!(w, "{}", self.0))
    }
}

impl<T: fmt::Debug> fmt::Debug for Clip<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        clipped(f, |w| write!(w, "{:?}", self.0))
    }
}

/// Run `write` into `f`, keeping at most [`TEXT_LIMIT`] bytes.
fn clipped(
    f: &mut fmt::Formatter<'_>,
    write: impl FnOnce(&mut Limited<'_, '_>) -> fmt::Result,
) -> fmt::Result {
    let mut out = Limited {
        inner: f,
        left: TEXT_LIMIT,
        cut: false,
    };
    match write(&mut out) {
        Ok(()) => Ok(()),
        Err(_) if out.cut => out.inner.write_str("…"),
        Err(e) => Err(e),
    }
}

/// A writer that passes on a bounded number of bytes, then fails (which
/// stops the formatting that feeds it).
struct Limited<'a, 'b> {
    inner: &'a mut fmt::Formatter<'b>,
    left: usize,
    cut: bool,
}

impl fmt::Write for Limited<'_, '_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        if s.len() <= self.left {
            self.left -= s.len();
            return self.inner.write_str(s);
        }
        let mut end = self.left;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        self.inner.write_str(&s[..end])?;
        self.left = 0;
        self.cut = true;
        Err(fmt::Error)
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
}

/// The start of a body as text: at most [`SNIPPET_LIMIT`] bytes, cut on a
/// character boundary, invalid UTF-8 shown as U+FFFD, and `…` appended when
/// anything was cut.
pub(crate) fn snippet(body: &[u8]) -> String {
    let cut = &body[..body.len().min(SNIPPET_LIMIT)];
    let mut text = String::from_utf8_lossy(cut).into_owned();
    let mut truncated = body.len() > SNIPPET_LIMIT;
    if truncated {
        // A multi-byte character cut in half at the end decodes as U+FFFD; drop it.
        if let Err(e) = std::str::from_utf8(cut) {
            if e.error_len().is_none() {
                text.pop();
            }
        }
    }
    // Replacement characters take three bytes each: bound the text, not the input.
    if text.len() > SNIPPET_LIMIT {
        let mut end = SNIPPET_LIMIT;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
        truncated = true;
    }
    if truncated {
        text.push('…');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippets_are_bounded_and_valid_text() {
        assert_eq!(snippet(b"short"), "short");
        let long = "好".repeat(200); // 600 bytes
        let s = snippet(long.as_bytes());
        assert!(s.len() <= SNIPPET_LIMIT + '…'.len_utf8());
        assert!(s.ends_with('…'));
        assert!(!s.contains('\u{FFFD}'));
        assert_eq!(snippet(&[0xff, 0xfe]), "\u{FFFD}\u{FFFD}");
        let garbage = snippet(&[0xff; 300]);
        assert!(
            garbage.len() <= SNIPPET_LIMIT + '…'.len_utf8(),
            "{}",
            garbage.len()
        );
    }

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

    #[test]
    fn error_codes_round_trip() {
        for known in ErrorCode::KNOWN {
            assert_eq!(ErrorCode::from_code(known.code()), *known);
        }
        assert_eq!(ErrorCode::from_code(99999), ErrorCode::Unknown(99999));
        assert_eq!(ErrorCode::Unknown(99999).code(), 99999);
    }
}
