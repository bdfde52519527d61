//! An in-process sandbox of the API (feature `sandbox`), for examples and tests.
//!
//! It listens on `127.0.0.1` and answers every operation of the spec the
//! crate was built from with that operation's documented success example.
//! A request carrying the header [`EXAMPLE_HEADER`] gets the documented
//! example of that name instead (for instance an error example such as
//! `publishRecordNotFound15000`).
//!
//! ```no_run
//! # async fn demo() -> aitoearn::Result<()> {
//! let sandbox = aitoearn::sandbox::Sandbox::start().await;
//! let client = sandbox.client()?;
//! let record = client.publish_record_get_record("any-id").await?;
//! # Ok(()) }
//! ```

use wiremock::matchers::{header, method, path_regex};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::operation::{Example, Operation};
use crate::{Client, ClientBuilder};

/// The request header that selects a documented example by name.
pub const EXAMPLE_HEADER: &str = "x-aitoearn-sandbox-example";

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

    /// The success example the sandbox answers an operation with.
    pub fn success_example(operation: &Operation) -> Option<&'static str> {
        examples_of(operation).and_then(success).map(|e| e.body)
    }

    /// The names of an operation's documented examples.
    pub fn example_names(operation: &Operation) -> Vec<&'static str> {
        examples_of(operation)
            .map(|list| list.iter().map(|e| e.name).collect())
            .unwrap_or_default()
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

/// The example with `code == 0`, else the one named `success`, else the first.
fn success(examples: &'static [Example]) -> Option<&'static Example> {
    examples
        .iter()
        .find(|e| e.code == Some(0))
        .or_else(|| examples.iter().find(|e| e.name == "success"))
        .or_else(|| examples.first())
}

async fn mount(server: &MockServer, op: &Operation, examples: &'static [Example]) {
    let route = path_pattern(op.path);
    for example in examples {
        Mock::given(method(op.http_method))
            .and(path_regex(route.as_str()))
            .and(header(EXAMPLE_HEADER, example.name))
            .respond_with(json(example.status, example.body))
            .with_priority(1)
            .mount(server)
            .await;
    }
    let fallback = success(examples)
        .map_or((200, r#"{"code":0,"message":"ok","data":null}"#), |e| {
            (e.status, e.body)
        });
    Mock::given(method(op.http_method))
        .and(path_regex(route.as_str()))
        .respond_with(json(fallback.0, fallback.1))
        .with_priority(5)
        .mount(server)
        .await;
}

fn json(status: u16, body: &'static str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(body.as_bytes(), "application/json")
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
