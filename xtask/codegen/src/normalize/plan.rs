//! The normalization plan: every type the passes hand each other and the
//! generator. Types only: what the passes learn about each operation
//! ([`OperationPlan`], filled in by [`super::operations`] from the spec as
//! published and by the later passes: response plan, paging, stream flag,
//! parameter checks, examples), the types the enum and union passes make
//! ([`OpenEnum`], [`TypeAlias`], [`SharedUnions`]), and the whole result
//! ([`Normalized`]). Passes hand facts over through these, never by marking
//! the spec.

use heck::ToPascalCase;
use serde_json::Value;

use crate::error::Warning;

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
    pub string_checks: Vec<StringCheck>,
    /// Bounds of integer and number parameters, checked by the SDK method.
    pub number_checks: Vec<NumberCheck>,
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

/// Length and pattern constraints of one string parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StringCheck {
    /// The parameter's name in the spec.
    pub name: String,
    /// `minLength`, in characters.
    pub min_length: Option<u64>,
    /// `maxLength`, in characters.
    pub max_length: Option<u64>,
    /// `pattern` (ECMA-262 regular expression).
    pub pattern: Option<String>,
}

/// Bounds of one integer or number parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct NumberCheck {
    /// The parameter's name in the spec.
    pub name: String,
    /// `minimum`.
    pub minimum: Option<f64>,
    /// `maximum`.
    pub maximum: Option<f64>,
    /// `exclusiveMinimum: true` (OpenAPI 3.0's form; 3.1's numeric form is
    /// rewritten to it on loading).
    pub exclusive_minimum: bool,
    /// `exclusiveMaximum: true`.
    pub exclusive_maximum: bool,
}

/// The known values of an open enum.
#[derive(Debug, Clone, PartialEq)]
pub enum OpenEnumKind {
    /// String values, each with its variant name.
    String(Vec<(String, String)>),
    /// Integer values (a numeric enum whose values are all whole numbers).
    Integer(Vec<i64>),
    /// Other numeric values.
    Number(Vec<f64>),
}

impl OpenEnumKind {
    /// How many known values.
    pub fn len(&self) -> usize {
        match self {
            Self::String(v) => v.len(),
            Self::Integer(v) => v.len(),
            Self::Number(v) => v.len(),
        }
    }

    /// Whether there are no known values (never true for a hoisted enum).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// An enum the generator emits as an open Rust type.
#[derive(Debug, Clone, PartialEq)]
pub struct OpenEnum {
    /// The component (and Rust type) name.
    pub name: String,
    /// The schema's description.
    pub description: Option<String>,
    /// Its known values.
    pub kind: OpenEnumKind,
}

/// A place-derived type name (of an enum or a shared union) kept as an
/// alias of its canonical type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeAlias {
    /// The alias (the place-derived name, `ChannelWorkListVoPlatform`).
    pub name: String,
    /// The canonical type it names (`Platform`).
    pub target: String,
}

/// What the pass made: the shared union types and the place-derived names
/// kept as aliases of them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SharedUnions {
    /// The one type of each repeated shape (a component of the spec).
    pub types: Vec<String>,
    /// Every other place-derived name, as an alias of its shape's type.
    pub aliases: Vec<TypeAlias>,
}

/// A spec after normalization, with what the SDK layer needs to know.
#[derive(Debug, Clone)]
pub struct Normalized {
    /// The rewritten spec, ready for progenitor.
    pub spec: Value,
    /// One plan per operation, in path and method order.
    pub operations: Vec<OperationPlan>,
    /// Enums the generator must emit as open enums: one per value set.
    pub open_enums: Vec<OpenEnum>,
    /// Place-derived enum names kept as aliases of their set's open enum.
    pub enum_aliases: Vec<TypeAlias>,
    /// Union shapes the spec repeats inline, each made one type, and the
    /// place-derived names kept as aliases of them.
    pub shared_unions: SharedUnions,
    /// Business error codes named by the spec's error examples.
    pub error_codes: Vec<ErrorCodeDef>,
    /// What the repair passes changed, each at its JSON pointer in the spec as given.
    pub warnings: Vec<Warning>,
}

impl Normalized {
    /// The type-name lock that fixes the names this normalization gave:
    /// every open enum and shared union a type of its own, every alias with
    /// its type (what `cargo xtask surface` writes to `type-names.txt`).
    pub fn type_lock(&self) -> crate::type_lock::TypeLock {
        crate::type_lock::TypeLock::new(
            self.open_enums
                .iter()
                .map(|e| e.name.clone())
                .chain(self.shared_unions.types.iter().cloned()),
            self.enum_aliases
                .iter()
                .chain(&self.shared_unions.aliases)
                .map(|a| (a.name.clone(), a.target.clone())),
        )
    }
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
