//! Facts about each operation of the spec, generated into a table that the
//! transport consults (auth header, idempotency) and that anyone can list.

use crate::error::{Error, Result};

/// How an operation authenticates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Auth {
    /// No credentials are sent.
    None,
    /// The API key is sent as the value of this header (lower case).
    Header(&'static str),
    /// The API key is sent as `Authorization: Bearer <key>`.
    Bearer,
}

/// One operation of the API.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Operation {
    /// The spec's operationId.
    pub operation_id: &'static str,
    /// The SDK method that calls it.
    pub method_name: &'static str,
    /// The raw client's method (progenitor's name for it).
    pub raw_method_name: &'static str,
    /// HTTP method, upper case.
    pub http_method: &'static str,
    /// Path template, as in the spec.
    pub path: &'static str,
    /// How it authenticates.
    pub auth: Auth,
    /// Whether its response is the business envelope.
    pub enveloped: bool,
    /// The boolean field of the JSON request body that chooses between a
    /// JSON and an event-stream response (`"stream"` on the OpenAI- and
    /// Anthropic-compatible relays), when the protocol has one. The SDK sets
    /// it: `true` on the `_stream` form, `false` on the JSON form.
    pub stream_flag: Option<&'static str>,
}

impl Operation {
    /// Whether the HTTP method is idempotent (safe to retry by default).
    pub fn is_idempotent(&self) -> bool {
        matches!(
            self.http_method,
            "GET" | "HEAD" | "PUT" | "DELETE" | "OPTIONS"
        )
    }
}

/// A response example of an operation, as the sandbox serves it: the
/// documented examples (success ones made schema-valid by the code generator)
/// plus synthesized ones (see `xtask/codegen/src/normalize/examples.rs`).
#[cfg_attr(not(feature = "sandbox"), allow(dead_code))]
#[derive(Clone, Copy, Debug)]
#[non_exhaustive]
pub struct Example {
    /// Its key in the spec (`success`, `publishRecordNotFound15000`), or a
    /// synthesized name starting with `__` (`__forward_compat`, `__stream`).
    pub name: &'static str,
    /// The HTTP status it is served with.
    pub status: u16,
    /// The envelope's business code, when it has an integer one.
    pub code: Option<i64>,
    /// Its media type: `application/json` or `text/event-stream`.
    pub media: &'static str,
    /// The body: JSON text, or SSE text.
    pub body: &'static str,
}

impl Example {
    /// Whether it is a server-sent-events body.
    pub fn is_event_stream(&self) -> bool {
        self.media == "text/event-stream"
    }
}

/// Every operation of the spec the crate was built from.
pub fn operations() -> &'static [Operation] {
    &crate::api::OPERATIONS
}

/// Reject a path parameter value that would change the request path.
///
/// Values are percent-encoded into their segment (so `/`, `?`, `#`, `%` and
/// spaces stay inside it), but an empty segment, `.` and `..` would still be
/// resolved away by URL normalization, and so can never be sent.
pub(crate) fn check_path_segment(parameter: &str, value: &dyn std::fmt::Display) -> Result<()> {
    /// Keeps the first three bytes of what is written and the total length,
    /// so the check needs no allocation.
    struct Head {
        bytes: [u8; 3],
        len: usize,
    }
    impl std::fmt::Write for Head {
        fn write_str(&mut self, s: &str) -> std::fmt::Result {
            for &b in s.as_bytes() {
                if self.len < 3 {
                    self.bytes[self.len] = b;
                }
                self.len += 1;
            }
            Ok(())
        }
    }
    let mut head = Head {
        bytes: [0; 3],
        len: 0,
    };
    // Writing into `Head` cannot fail; a failing Display impl is the caller's bug and reads as empty.
    let _ = std::fmt::write(&mut head, format_args!("{value}"));
    let reason = match &head.bytes[..head.len.min(3)] {
        _ if head.len == 0 => "must not be empty",
        b"." | b".." => "must not be `.` or `..`",
        _ => return Ok(()),
    };
    Err(Error::InvalidArgument {
        parameter: parameter.to_string(),
        reason: reason.to_string(),
    })
}

/// Check a string parameter against the constraints the spec gives it.
pub(crate) fn check_string(
    parameter: &str,
    value: Option<&str>,
    min_length: Option<u64>,
    max_length: Option<u64>,
    pattern: Option<&str>,
) -> Result<()> {
    let Some(value) = value else { return Ok(()) };
    let invalid = |reason: String| {
        Err(Error::InvalidArgument {
            parameter: parameter.to_string(),
            reason,
        })
    };
    let len = value.chars().count() as u64;
    if let Some(min) = min_length.filter(|min| len < *min) {
        return invalid(format!(
            "must be at least {min} characters long (got {len})"
        ));
    }
    if let Some(max) = max_length.filter(|max| len > *max) {
        return invalid(format!("must be at most {max} characters long (got {len})"));
    }
    if let Some(pattern) = pattern {
        let regex = regress::Regex::new(pattern).map_err(|e| {
            Error::Config(format!(
                "the spec's pattern for `{parameter}` is not a valid regex: {e}"
            ))
        })?;
        if regex.find(value).is_none() {
            return invalid(format!("must match the pattern {pattern}"));
        }
    }
    Ok(())
}
