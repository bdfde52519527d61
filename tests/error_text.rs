//! A server-provided string of any size prints as a bounded line: an API
//! error whose `message` is 10 MB shows at most `TEXT_LIMIT` bytes of it in
//! `Display` and `Debug`, and the full message stays reachable.

use aitoearn::error::TEXT_LIMIT;
use aitoearn::{Client, Error};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn a_10_mb_error_message_prints_as_a_bounded_line() {
    let message = "错".repeat(10 * 1024 * 1024 / 3); // ~10 MB of UTF-8
    let body = serde_json::json!({
        "code": 15000,
        "message": message,
        "data": {},
        "requestId": "req-big",
    });
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .api_key("k")
        .build()
        .unwrap();
    let error = client
        .publish_record_get_record("r")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Api { .. }), "{error:?}");
    let display = error.to_string();
    let debug = format!("{error:?}");
    assert!(display.len() < TEXT_LIMIT + 200, "{} bytes", display.len());
    assert!(debug.len() < TEXT_LIMIT + 300, "{} bytes", debug.len());
    assert!(!display.contains('\n'));
    assert!(display.contains("错错错…"), "{display}");
    assert!(display.contains("request id req-big"), "{display}");
    assert_eq!(error.message(), Some(message.as_str()));
}
