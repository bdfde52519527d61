//! Helpers shared by the integration tests: a local server, a client of it,
//! and access to the spec's documented examples.
#![allow(dead_code, reason = "each test file uses a part")]

use aitoearn::sandbox::Sandbox;
use aitoearn::{Client, Operation, RetryPolicy};
use serde_json::Value;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// The API key the tests' clients send.
pub const KEY: &str = "test-key-123";

/// A client of `server` that does not retry.
pub fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .api_key(KEY)
        .retry(RetryPolicy::none())
        .build()
        .unwrap()
}

/// Answer every request with this status and JSON body.
pub async fn respond(server: &MockServer, status: u16, body: &str) {
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(status)
                .set_body_raw(body.as_bytes().to_vec(), "application/json"),
        )
        .mount(server)
        .await;
}

/// Answer every request with a documented example of an operation.
pub async fn respond_example(server: &MockServer, operation_id: &str, name: &str) {
    respond(server, 200, &example(operation_id, name).to_string()).await;
}

/// Answer every request with this status, `x-request-id` and raw body.
pub async fn respond_raw(
    server: &MockServer,
    status: u16,
    request_id: &str,
    body: Vec<u8>,
    content_type: &str,
) {
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(status)
                .insert_header("x-request-id", request_id)
                .set_body_raw(body, content_type),
        )
        .mount(server)
        .await;
}

/// The requests the server received.
pub async fn requests(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.unwrap_or_default()
}

/// The one request the server received.
pub async fn only_request(server: &MockServer) -> Request {
    let mut all = requests(server).await;
    assert_eq!(
        all.len(),
        1,
        "expected exactly one request, got {}",
        all.len()
    );
    all.remove(0)
}

/// The operation with this operationId.
pub fn operation(operation_id: &str) -> &'static Operation {
    aitoearn::operations()
        .iter()
        .find(|op| op.operation_id == operation_id)
        .unwrap()
}

/// A documented example of an operation, as JSON.
pub fn example(operation_id: &str, name: &str) -> Value {
    serde_json::from_str(Sandbox::example(operation(operation_id), name).unwrap()).unwrap()
}

/// Rewrite values that are equal as JSON but spelled differently into one
/// form: RFC 3339 date-times (`…00.000Z` and `…00Z`) and whole numbers
/// (`1.0` and `1`).
pub fn normalize(value: Value) -> Value {
    match value {
        Value::String(s) => match chrono::DateTime::parse_from_rfc3339(&s) {
            Ok(t) => Value::String(t.with_timezone(&chrono::Utc).to_rfc3339()),
            Err(_) => Value::String(s),
        },
        Value::Number(n) => match n.as_f64() {
            Some(f) if n.is_f64() && f.fract() == 0.0 && f.abs() < 9.0e15 => Value::from(f as i64),
            _ => Value::Number(n),
        },
        Value::Array(items) => Value::Array(items.into_iter().map(normalize).collect()),
        Value::Object(map) => {
            Value::Object(map.into_iter().map(|(k, v)| (k, normalize(v))).collect())
        }
        other => other,
    }
}

/// The header value of a received request, as text.
pub fn header<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    request.headers.get(name).and_then(|v| v.to_str().ok())
}
