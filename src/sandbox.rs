//! An in-process sandbox of the API (feature `sandbox`), for examples and tests.
//!
//! It listens on `127.0.0.1` and answers every operation of the spec the
//! crate was built from with that operation's success example: the
//! documented one, made schema-valid by the code generator where upstream
//! wrote placeholders, or one synthesized from the schema where none is
//! documented. A request carrying the header [`EXAMPLE_HEADER`] gets the
//! example of that name instead (for instance an error example such as
//! `publishRecordNotFound15000`, or the synthesized `__forward_compat`); so
//! does any request made by [`Sandbox::client_for_example`]. Streaming
//! operations answer with their SSE example (`text/event-stream`), and
//! operations that offer both JSON and SSE answer with SSE when the request
//! sends `Accept: text/event-stream` (as `send_stream()` does).
//! [`Sandbox::serve_in_order`] makes an operation answer a sequence instead:
//! the states a waiter polls through, or the pages of a list. Where the spec
//! has the upload operations, the sandbox signs uploads with a URL of its own
//! ([`UPLOAD_PREFIX`]) and accepts the bytes there, so `Client::upload` runs
//! end to end.
//!
//! ```no_run
//! # async fn demo() -> aitoearn::Result<()> {
//! let sandbox = aitoearn::sandbox::Sandbox::start().await;
//! let client = sandbox.client()?;
//! let record = client.publish_record_get_record("any-id").send().await?;
//! // Any operation, with example arguments, through the dynamic entry point:
//! for op in aitoearn::operations() {
//!     let params = aitoearn::sandbox::Sandbox::example_params(op);
//!     let data = client.request(op.operation_id, params).await?;
//! }
//! # Ok(()) }
//! ```

use wiremock::matchers::{header, method, path_regex};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::operation::{Example, Operation};
use crate::{Client, ClientBuilder};

/// The request header that selects a documented example by name.
pub const EXAMPLE_HEADER: &str = "x-aitoearn-sandbox-example";

/// The path prefix (followed by an example name) that selects an example.
pub const EXAMPLE_PREFIX: &str = "/__example/";

/// The path prefix (followed by the asset id) of the URL the sandbox signs
/// uploads with; it accepts any `PUT` there.
pub const UPLOAD_PREFIX: &str = "/__sandbox/uploads/";

/// The API key sandbox clients send (the sandbox accepts any).
pub const SANDBOX_API_KEY: &str = "sandbox-api-key";

/// A running sandbox server; it stops when dropped.
pub struct Sandbox {
    server: MockServer,
}

impl std::fmt::Debug for Sandbox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sandbox")
            .field("uri", &self.server.uri())
            .finish()
    }
}

impl Sandbox {
    /// Start a sandbox on a free port of 127.0.0.1.
    pub async fn start() -> Self {
        let server = MockServer::start().await;
        for (op, examples) in crate::api::OPERATIONS
            .iter()
            .zip(crate::api::EXAMPLES.iter())
        {
            mount(&server, op, examples).await;
        }
        mount_upload(&server).await;
        Self { server }
    }

    /// The sandbox's base URL (`http://127.0.0.1:PORT`).
    pub fn uri(&self) -> String {
        self.server.uri()
    }

    /// A builder for a client of this sandbox (base URL and a dummy API key set).
    pub fn client_builder(&self) -> ClientBuilder {
        Client::builder()
            .base_url(self.uri())
            .api_key(SANDBOX_API_KEY)
    }

    /// A client of this sandbox.
    pub fn client(&self) -> crate::Result<Client> {
        self.client_builder().build()
    }

    /// A client whose every call gets the example `name` (where the operation
    /// has one) instead of the success example: its base URL carries the
    /// prefix `/__example/<name>`, which the sandbox routes on.
    pub fn client_for_example(&self, name: &str) -> crate::Result<Client> {
        self.client_builder()
            .base_url(format!("{}{EXAMPLE_PREFIX}{name}", self.uri()))
            .build()
    }

    /// Make the operation `operation_id` answer these values in order, one
    /// request each, then the last one for good: the states of a session a
    /// waiter polls, or the pages of a list. Each value is the response's
    /// `data` (the sandbox wraps it in a success envelope) for an operation
    /// that answers with the envelope, the whole JSON body otherwise.
    /// Requests that ask for a named example still get it. The first
    /// sequence given for an operation is the one it serves (its last value
    /// answers for good): start another sandbox for another sequence. An
    /// unknown operationId is an [`Error::InvalidArgument`](crate::Error::InvalidArgument).
    ///
    /// ```no_run
    /// # #[cfg(aitoearn_shipped_spec)]
    /// # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
    /// use serde_json::json;
    /// let sandbox = aitoearn::sandbox::Sandbox::start().await;
    /// sandbox
    ///     .serve_in_order(
    ///         "AuthController_getAuthStatus_v2",
    ///         [json!({"sessionId": "s", "status": "pending"}),
    ///          json!({"sessionId": "s", "status": "completed", "accountId": "a"})],
    ///     )
    ///     .await?;
    /// let session = sandbox.client()?.get_auth_status("douyin", "s").wait().send().await?;
    /// assert_eq!(session.account_id.as_deref(), Some("a"));
    /// # Ok(()) }
    /// ```
    pub async fn serve_in_order(
        &self,
        operation_id: &str,
        values: impl IntoIterator<Item = serde_json::Value>,
    ) -> crate::Result<()> {
        let op = crate::api::OPERATIONS
            .iter()
            .find(|op| op.operation_id == operation_id)
            .ok_or_else(|| crate::Error::InvalidArgument {
                parameter: "operation_id".into(),
                reason: format!("the sandbox has no operation `{operation_id}`"),
            })?;
        let route = path_pattern(op.path);
        let values: Vec<serde_json::Value> = values.into_iter().collect();
        let count = values.len();
        for (i, value) in values.into_iter().enumerate() {
            let body = if op.enveloped {
                serde_json::json!({"code": 0, "message": "ok", "data": value})
            } else {
                value
            };
            let mock = Mock::given(method(op.http_method))
                .and(path_regex(route.as_str()))
                .respond_with(ResponseTemplate::new(200).set_body_json(body))
                // After the named examples (1), before the success example (5).
                .with_priority(2);
            let mock = if i + 1 < count {
                mock.up_to_n_times(1)
            } else {
                mock
            };
            mock.mount(&self.server).await;
        }
        Ok(())
    }

    /// Every example the sandbox serves for an operation: documented ones
    /// first, then synthesized ones (named `__...`), JSON before SSE.
    pub fn examples(operation: &Operation) -> &'static [Example] {
        examples_of(operation).unwrap_or_default()
    }

    /// The success example the sandbox answers an operation with.
    pub fn success_example(operation: &Operation) -> Option<&'static str> {
        examples_of(operation).and_then(success).map(|e| e.body)
    }

    /// The names of every example the sandbox serves for an operation
    /// (documented ones, then synthesized ones named `__...`).
    pub fn example_names(operation: &Operation) -> Vec<&'static str> {
        examples_of(operation)
            .map(|list| list.iter().map(|e| e.name).collect())
            .unwrap_or_default()
    }

    /// Example arguments for an operation, as [`Client::request`] takes them:
    /// a schema-valid value for each required parameter (and the body), keyed
    /// by the spec's names. Optional parameters are left out.
    pub fn example_params(operation: &Operation) -> serde_json::Value {
        crate::api::OPERATIONS
            .iter()
            .position(|op| op.operation_id == operation.operation_id)
            .and_then(|index| serde_json::from_str(crate::api::EXAMPLE_PARAMS[index]).ok())
            .unwrap_or(serde_json::Value::Null)
    }

    /// The body of one documented example.
    pub fn example(operation: &Operation, name: &str) -> Option<&'static str> {
        examples_of(operation)?
            .iter()
            .find(|e| e.name == name)
            .map(|e| e.body)
    }
}

fn examples_of(operation: &Operation) -> Option<&'static [Example]> {
    let index = crate::api::OPERATIONS
        .iter()
        .position(|op| op.operation_id == operation.operation_id)?;
    Some(crate::api::EXAMPLES[index])
}

/// The JSON example with `code == 0`, else the one named `success`, else the
/// first JSON one, else the first.
fn success(examples: &'static [Example]) -> Option<&'static Example> {
    let json = || examples.iter().filter(|e| !e.is_event_stream());
    json()
        .find(|e| e.code == Some(0))
        .or_else(|| json().find(|e| e.name == "success"))
        .or_else(|| json().next())
        .or_else(|| examples.first())
}

async fn mount(server: &MockServer, op: &Operation, examples: &'static [Example]) {
    let route = path_pattern(op.path);
    for example in examples {
        Mock::given(method(op.http_method))
            .and(path_regex(route.as_str()))
            .and(header(EXAMPLE_HEADER, example.name))
            .respond_with(respond(example))
            .with_priority(1)
            .mount(server)
            .await;
        let prefixed = format!(
            "^{}{}{}",
            escape(EXAMPLE_PREFIX),
            escape(example.name),
            &route[1..]
        );
        Mock::given(method(op.http_method))
            .and(path_regex(prefixed.as_str()))
            .respond_with(respond(example))
            .with_priority(1)
            .mount(server)
            .await;
    }
    let stream = examples.iter().find(|e| e.is_event_stream());
    if let Some(stream) = stream.filter(|_| examples.iter().any(|e| !e.is_event_stream())) {
        // Both media types: SSE when asked for.
        for route in [
            route.clone(),
            format!("^{}[^/]+{}", escape(EXAMPLE_PREFIX), &route[1..]),
        ] {
            Mock::given(method(op.http_method))
                .and(path_regex(route.as_str()))
                .and(header("accept", crate::sse::EVENT_STREAM))
                .respond_with(respond(stream))
                .with_priority(3)
                .mount(server)
                .await;
        }
    }
    let fallback = match success(examples) {
        Some(example) => respond(example),
        None => ResponseTemplate::new(200).set_body_raw(
            &br#"{"code":0,"message":"ok","data":null}"#[..],
            "application/json",
        ),
    };
    for route in [
        route.clone(),
        format!("^{}[^/]+{}", escape(EXAMPLE_PREFIX), &route[1..]),
    ] {
        Mock::given(method(op.http_method))
            .and(path_regex(route.as_str()))
            .respond_with(fallback.clone())
            .with_priority(5)
            .mount(server)
            .await;
    }
}

/// Sign uploads with a URL of the sandbox's own and accept the bytes there
/// (when the spec has the sign operation): its success example, with
/// `uploadUrl` pointing here.
async fn mount_upload(server: &MockServer) {
    let Some((op, examples)) = crate::api::OPERATIONS
        .iter()
        .zip(crate::api::EXAMPLES.iter())
        .find(|(op, _)| op.operation_id == crate::upload::SIGN_OPERATION)
    else {
        return;
    };
    let Some(mut body) =
        success(examples).and_then(|e| serde_json::from_str::<serde_json::Value>(e.body).ok())
    else {
        return;
    };
    let Some(data) = body
        .get_mut("data")
        .and_then(serde_json::Value::as_object_mut)
    else {
        return;
    };
    let id = data
        .get("id")
        .and_then(serde_json::Value::as_str)
        .filter(|id| !id.is_empty() && !id.contains('/'))
        .unwrap_or("sandbox-asset")
        .to_string();
    data.insert(
        "uploadUrl".into(),
        format!("{}{UPLOAD_PREFIX}{id}", server.uri()).into(),
    );
    Mock::given(method(op.http_method))
        .and(path_regex(path_pattern(op.path).as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        // After the named examples (1), before the success example (5).
        .with_priority(3)
        .mount(server)
        .await;
    Mock::given(method("PUT"))
        .and(path_regex(format!("^{}", escape(UPLOAD_PREFIX)).as_str()))
        .respond_with(ResponseTemplate::new(200))
        .mount(server)
        .await;
}

fn respond(example: &'static Example) -> ResponseTemplate {
    ResponseTemplate::new(example.status).set_body_raw(example.body.as_bytes(), example.media)
}

/// A regex matching the path template, each `{param}` one non-empty segment.
fn path_pattern(template: &str) -> String {
    let mut out = String::from("^");
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push_str(&escape(&rest[..start]));
        match rest[start..].find('}') {
            Some(len) => {
                out.push_str("[^/]+");
                rest = &rest[start + len + 1..];
            }
            None => {
                rest = &rest[start..];
                break;
            }
        }
    }
    out.push_str(&escape(rest));
    out.push('$');
    out
}

fn escape(literal: &str) -> String {
    let mut out = String::with_capacity(literal.len());
    for c in literal.chars() {
        if "\\.+*?()|[]{}^$#&-~".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_patterns_match_one_segment_per_parameter() {
        assert_eq!(path_pattern("/a/{id}/b-c"), "^/a/[^/]+/b\\-c$");
        assert_eq!(path_pattern("/m/{model}:generate"), "^/m/[^/]+:generate$");
    }
}
