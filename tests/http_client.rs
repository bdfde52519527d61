//! A caller's own `reqwest::Client` (`ClientBuilder::http_client`): requests go
//! through it, and the SDK's auth, headers, retries, timeout and size limit
//! still apply.

mod common;

use std::time::Duration;

use aitoearn::{reqwest, Client, ClientBuilder, Error, RetryPolicy, TimeoutKind};
use common::*;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

const RECORD: &str = "PublishRecordController_getRecord_v2";

/// A caller's client, recognisable by a default header of its own.
fn callers_client() -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("x-from-callers-client", "yes".parse().unwrap());
    reqwest::Client::builder()
        .default_headers(headers)
        .redirect(ClientBuilder::redirect_policy())
        .build()
        .unwrap()
}

fn builder(server: &MockServer) -> ClientBuilder {
    Client::builder()
        .base_url(server.uri())
        .api_key(KEY)
        .http_client(callers_client())
}

#[tokio::test]
async fn requests_go_through_the_callers_client_with_the_sdks_headers() {
    let server = MockServer::start().await;
    respond_example(&server, RECORD, "success").await;
    let record = builder(&server)
        .user_agent("my-app/1.0")
        .build()
        .unwrap()
        .publish_record_get_record("r1")
        .send()
        .await
        .unwrap();
    let expected = example(RECORD, "success")["data"]["id"].clone();
    assert_eq!(serde_json::Value::String(record.id), expected);

    let request = only_request(&server).await;
    assert_eq!(request.url.path(), "/api/v2/channels/publish/records/r1");
    assert_eq!(header(&request, "x-from-callers-client"), Some("yes"));
    assert_eq!(header(&request, "x-api-key"), Some(KEY));
    assert_eq!(header(&request, "accept"), Some("application/json"));
    assert_eq!(header(&request, "user-agent"), Some("my-app/1.0"));
}

#[tokio::test]
async fn retries_apply_to_the_callers_client() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(2)
        .mount(&server)
        .await;
    respond_example(&server, RECORD, "success").await;
    let client = builder(&server)
        .retry(RetryPolicy::default().backoff(Duration::from_millis(1), Duration::from_millis(5)))
        .build()
        .unwrap();
    client.publish_record_get_record("r1").send().await.unwrap();
    assert_eq!(requests(&server).await.len(), 3);
}

#[tokio::test]
async fn the_sdks_timeout_applies_to_the_callers_client() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_string(example(RECORD, "success").to_string())
                .set_delay(Duration::from_secs(30)),
        )
        .mount(&server)
        .await;
    let client = builder(&server)
        .timeout(Duration::from_millis(200))
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    match client
        .publish_record_get_record("r1")
        .send()
        .await
        .unwrap_err()
    {
        Error::Timeout { kind, limit, .. } => {
            assert_eq!(kind, TimeoutKind::Request);
            assert_eq!(limit, Duration::from_millis(200));
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn the_size_limit_applies_to_the_callers_client() {
    let server = MockServer::start().await;
    respond_example(&server, RECORD, "success").await;
    let client = builder(&server).max_response_bytes(16).build().unwrap();
    match client
        .publish_record_get_record("r1")
        .send()
        .await
        .unwrap_err()
    {
        Error::InvalidResponse { reason, .. } => assert!(reason.contains("limit"), "{reason}"),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn the_exported_redirect_policy_keeps_the_key_in_the_origin() {
    let api = MockServer::start().await;
    let elsewhere = MockServer::start().await;
    respond_example(&elsewhere, RECORD, "success").await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(302)
                .insert_header("location", format!("{}/stolen", elsewhere.uri())),
        )
        .mount(&api)
        .await;
    let err = builder(&api)
        .retry(RetryPolicy::none())
        .build()
        .unwrap()
        .publish_record_get_record("r1")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.http_status().map(|s| s.as_u16()), Some(302));
    assert!(requests(&elsewhere).await.is_empty());
}
