//! Facts about each operation of the spec, generated into a table that the
//! request hook and the retry decision consult (auth header, idempotency)
//! and that anyone can list. Argument checks live apart, in `validate`.

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
    /// it: `true` on the event-stream form (`.send_stream()`), `false` on the JSON form.
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
/// plus synthesized ones (see `xtask/codegen/src/normalize/examples/`).
#[cfg_attr(
    not(feature = "sandbox"),
    allow(dead_code, reason = "only the sandbox reads the example table")
)]
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
