//! The normalization plan: what the passes learn about each operation and
//! hand to the generator and the SDK layer. Types only; the passes that fill
//! them in are [`super::operations`] (facts read from the spec) and the later
//! passes (response plan, stream flag, examples).

use heck::ToPascalCase;
use serde_json::Value;

/// How an operation authenticates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Auth {
    /// No credentials (`security: []`).
    None,
    /// The API key as the value of this header.
    Header(String),
    /// `Authorization: Bearer <key>`.
    Bearer,
}

/// A Rust type the SDK returns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RustType {
    /// A generated type in `crate::types`.
    Named(String),
    /// A path to a type outside the generated ones (`bool`, `serde_json::Value`).
    Path(String),
}

/// What the SDK does with an operation's response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResponsePlan {
    /// The business envelope: `code == 0` yields `data` as this type.
    Envelope(RustType),
    /// A JSON body that is not enveloped (the model-relay endpoints speak
    /// their protocol's own shape): a 2xx body decodes directly as this type;
    /// any other status is an error carrying the status and a bounded snippet.
    Json(RustType),
    /// Only `text/event-stream`: the SDK method returns a stream of events.
    EventStream,
    /// Anything else (no documented body): the response is handed over as it is.
    Raw,
}

/// A documented response example.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    /// Its key in the spec (`success`, `publishRecordNotFound15000`).
    pub name: String,
    /// Its summary, when given.
    pub summary: Option<String>,
    /// The HTTP status it is documented under.
    pub status: u16,
    /// The example body.
    pub value: Value,
}

impl Example {
    /// The business code of an envelope example, when it has an integer one.
    pub fn code(&self) -> Option<i64> {
        self.value.get("code").and_then(Value::as_i64)
    }
}

/// Everything the SDK layer needs to know about one operation.
#[derive(Debug, Clone)]
pub struct OperationPlan {
    /// The spec's operationId.
    pub operation_id: String,
    /// The SDK method name (unique, snake_case).
    pub method_name: String,
    /// HTTP method, upper case.
    pub http_method: String,
    /// The path template (`/api/v2/.../{recordId}`).
    pub path: String,
    /// The spec's summary.
    pub summary: Option<String>,
    /// The spec's description.
    pub description: Option<String>,
    /// Whether the spec marks it deprecated.
    pub deprecated: bool,
    /// Path parameter names, in the order they appear in the path.
    pub path_params: Vec<String>,
    /// How it authenticates.
    pub auth: Auth,
    /// What the SDK does with its response.
    pub response: ResponsePlan,
    /// Documented examples of its success media type.
    pub examples: Vec<Example>,
    /// Constraints of string parameters, checked by the SDK method.
    pub string_checks: Vec<super::StringCheck>,
    /// Bounds of integer and number parameters, checked by the SDK method.
    pub number_checks: Vec<super::NumberCheck>,
    /// The schema of the typed result (envelope `data`, or the JSON body), in
    /// the rewritten spec's terms; `None` for SSE-only and raw operations.
    pub data_schema: Option<Value>,
    /// Whether the success response offers `text/event-stream` next to JSON
    /// (its request builder then has `.send_stream()`).
    pub offers_event_stream: bool,
    /// Documented `text/event-stream` examples (their values are SSE text).
    pub stream_examples: Vec<Example>,
    /// The boolean request-body field that chooses a streamed response
    /// (`stream`), set to match the form called (see `streams.rs`).
    pub stream_flag: Option<String>,
    /// How the list it returns advances page by page, when it does (see
    /// `pagination.rs`).
    pub paging: Option<PagePlan>,
}

/// A page-numbered list operation: the request's page parameter and where
/// the response data holds its items and counts.
#[derive(Debug, Clone, PartialEq)]
pub struct PagePlan {
    /// The query parameter holding the page number (`page`).
    pub page_param: String,
    /// The data's array of items (`list`).
    pub list_field: String,
    /// The Rust type of one item.
    pub item: RustType,
    /// The data's page count (`totalPages`), when it has one.
    pub total_pages_field: Option<String>,
    /// The data's own page number (`page`), when it has one.
    pub page_field: Option<String>,
}

impl OperationPlan {
    /// PascalCase form of the method name, used to name hoisted types.
    pub fn type_stem(&self) -> String {
        self.method_name.to_pascal_case()
    }
}

/// A named business error code, from the spec's error examples.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorCodeDef {
    /// Variant name (`PublishRecordNotFound`).
    pub name: String,
    /// The numeric code.
    pub code: i64,
    /// The example's message, for documentation.
    pub message: String,
}

/// Helpers for the passes' unit tests.
#[cfg(test)]
pub(crate) mod tests_support {
    use super::*;
    use crate::naming;

    /// A plan with every fact empty, for operationId `id` at `GET /x`.
    pub(crate) fn plan(id: &str) -> OperationPlan {
        OperationPlan {
            operation_id: id.into(),
            method_name: naming::base_method_name(id),
            http_method: "GET".into(),
            path: "/x".into(),
            summary: None,
            description: None,
            deprecated: false,
            path_params: vec![],
            auth: Auth::None,
            response: ResponsePlan::Raw,
            examples: vec![],
            string_checks: vec![],
            number_checks: vec![],
            data_schema: None,
            offers_event_stream: false,
            stream_examples: vec![],
            stream_flag: None,
            paging: None,
        }
    }
}
