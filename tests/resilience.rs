//! Retries, timeouts, redirects and hostile responses, against local servers.

mod common;

use std::time::{Duration, Instant};

use aitoearn::types::{UpdatePublishRecordWorkLinkDto, UpdatePublishRecordWorkLinkDtoLinkStatus};
use aitoearn::{Client, Error, RetryPolicy, TimeoutKind};
use common::*;
use wiremock::matchers::{any, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn success_body() -> String {
    example("PublishRecordController_getRecord_v2", "success").to_string()
}

/// A client that retries quickly.
fn retrying(server: &MockServer, retries: u32) -> Client {
    Client::builder()
        .base_url(server.uri())
        .api_key(KEY)
        .retry(
            RetryPolicy::default()
                .max_retries(retries)
                .backoff(Duration::from_millis(1), Duration::from_millis(20)),
        )
        .build()
        .unwrap()
}

fn status(code: u16) -> ResponseTemplate {
    ResponseTemplate::new(code).set_body_raw("<html>unavailable</html>", "text/html")
}

fn work_link() -> UpdatePublishRecordWorkLinkDto {
    UpdatePublishRecordWorkLinkDto::new(UpdatePublishRecordWorkLinkDtoLinkStatus::Ready)
}

#[tokio::test]
async fn two_failures_then_success_is_a_success_after_three_requests() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(status(503))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(status(502))
        .up_to_n_times(1)
        .with_priority(2)
        .mount(&server)
        .await;
    respond(&server, 200, &success_body()).await;
    let record = retrying(&server, 2)
        .publish_record_get_record("r")
        .send()
        .await
        .unwrap();
    assert_eq!(record.id, "string");
    assert_eq!(requests(&server).await.len(), 3);
}

#[tokio::test]
async fn a_server_that_always_fails_gets_one_plus_retries_attempts() {
    for retries in [0, 1, 3] {
        let server = MockServer::start().await;
        Mock::given(any())
            .respond_with(status(503))
            .mount(&server)
            .await;
        match retrying(&server, retries)
            .publish_record_get_record("r")
            .send()
            .await
            .unwrap_err()
        {
            Error::InvalidResponse {
                http_status,
                snippet,
                ..
            } => {
                assert_eq!(http_status.as_u16(), 503);
                assert_eq!(snippet, "<html>unavailable</html>");
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(requests(&server).await.len() as u32, 1 + retries);
    }
}

#[tokio::test]
async fn retry_after_is_honoured() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "1"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    respond(&server, 200, &success_body()).await;
    let started = Instant::now();
    retrying(&server, 2)
        .publish_record_get_record("r")
        .send()
        .await
        .unwrap();
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_millis(900),
        "waited only {waited:?}"
    );
    assert!(waited < Duration::from_secs(10), "waited {waited:?}");
    assert_eq!(requests(&server).await.len(), 2);
}

/// One retry after a 503 whose `Retry-After` is `value`; the elapsed time.
async fn wait_for_retry_after(value: String) -> Duration {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(503).insert_header("retry-after", value.as_str()))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    respond(&server, 200, &success_body()).await;
    let started = Instant::now();
    retrying(&server, 1)
        .publish_record_get_record("r")
        .send()
        .await
        .unwrap();
    assert_eq!(requests(&server).await.len(), 2, "{value}");
    started.elapsed()
}

#[tokio::test]
async fn retry_after_http_dates_are_honoured_in_all_three_rfc_9110_forms() {
    // 3 s ahead, at one-second resolution: the server asks for a wait of 2-3 s.
    let at = chrono::Utc::now() + chrono::Duration::seconds(3);
    let forms = [
        ("IMF-fixdate", "%a, %d %b %Y %H:%M:%S GMT"),
        ("RFC 850", "%A, %d-%b-%y %H:%M:%S GMT"),
        ("asctime", "%a %b %e %H:%M:%S %Y"),
    ]
    .map(|(name, format)| (name, at.format(format).to_string()));
    let [a, b, c] = forms.clone().map(|(_, value)| wait_for_retry_after(value));
    let waits = tokio::join!(a, b, c);
    for ((name, value), waited) in forms.iter().zip([waits.0, waits.1, waits.2]) {
        assert!(
            waited >= Duration::from_millis(1500),
            "{name} `{value}`: retried after only {waited:?}"
        );
        assert!(
            waited < Duration::from_secs(10),
            "{name}: waited {waited:?}"
        );
    }
}

#[tokio::test]
async fn non_idempotent_requests_are_not_retried_unless_allowed() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(status(503))
        .mount(&server)
        .await;
    let err = retrying(&server, 2)
        .publish_record_update_work_link("r", &work_link())
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.http_status().map(|s| s.as_u16()), Some(503));
    assert_eq!(requests(&server).await.len(), 1, "a PATCH was retried");

    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(status(503))
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .api_key(KEY)
        .retry(
            RetryPolicy::default()
                .backoff(Duration::from_millis(1), Duration::from_millis(5))
                .retry_non_idempotent(true),
        )
        .build()
        .unwrap();
    client
        .publish_record_update_work_link("r", &work_link())
        .send()
        .await
        .unwrap_err();
    assert_eq!(requests(&server).await.len(), 3);
}

#[tokio::test]
async fn business_errors_are_not_retried() {
    let server = MockServer::start().await;
    respond(
        &server,
        200,
        r#"{"code":15000,"message":"发布记录未找到","data":{}}"#,
    )
    .await;
    retrying(&server, 3)
        .publish_record_get_record("r")
        .send()
        .await
        .unwrap_err();
    assert_eq!(requests(&server).await.len(), 1);
}

#[tokio::test]
async fn a_stalled_server_is_a_timeout_error_not_a_hang() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_string(success_body())
                .set_delay(Duration::from_secs(30)),
        )
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .api_key(KEY)
        .timeout(Duration::from_millis(200))
        .retry(
            RetryPolicy::default()
                .max_retries(1)
                .backoff(Duration::from_millis(1), Duration::from_millis(5)),
        )
        .build()
        .unwrap();
    let started = Instant::now();
    match client
        .publish_record_get_record("r")
        .send()
        .await
        .unwrap_err()
    {
        Error::Timeout {
            kind,
            limit,
            attempts,
        } => {
            assert_eq!(kind, TimeoutKind::Request);
            assert_eq!(limit, Duration::from_millis(200));
            assert_eq!(attempts, 2);
        }
        other => panic!("{other:?}"),
    }
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn a_refused_connection_is_retried_then_a_transport_error() {
    // Bind and drop a listener: nothing listens on that port afterwards.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let client = Client::builder()
        .base_url(format!("http://127.0.0.1:{port}"))
        .api_key(KEY)
        .retry(
            RetryPolicy::default()
                .max_retries(2)
                .backoff(Duration::from_millis(1), Duration::from_millis(5)),
        )
        .build()
        .unwrap();
    match client
        .publish_record_get_record("r")
        .send()
        .await
        .unwrap_err()
    {
        Error::Transport { attempts, source } => {
            assert_eq!(attempts, 3);
            assert!(source.is_connect(), "{source}");
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_redirect_to_another_host_does_not_carry_the_key() {
    let api = MockServer::start().await;
    let elsewhere = MockServer::start().await;
    respond(&elsewhere, 200, &success_body()).await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(302)
                .insert_header("location", format!("{}/stolen", elsewhere.uri())),
        )
        .mount(&api)
        .await;
    match retrying(&api, 0)
        .publish_record_get_record("r")
        .send()
        .await
        .unwrap_err()
    {
        Error::InvalidResponse {
            http_status,
            reason,
            ..
        } => {
            assert_eq!(http_status.as_u16(), 302);
            assert!(reason.contains("not followed"), "{reason}");
        }
        other => panic!("{other:?}"),
    }
    let leaked: Vec<_> = requests(&elsewhere)
        .await
        .into_iter()
        .filter(|r| r.headers.contains_key("x-api-key"))
        .collect();
    assert!(leaked.is_empty(), "the API key reached another host");
    assert!(requests(&elsewhere).await.is_empty());
}

#[tokio::test]
async fn a_redirect_within_the_api_origin_is_followed_with_the_key() {
    let api = MockServer::start().await;
    Mock::given(path("/moved/api/v2/channels/publish/records/r"))
        .respond_with(ResponseTemplate::new(200).set_body_string(success_body()))
        .mount(&api)
        .await;
    Mock::given(path("/api/v2/channels/publish/records/r"))
        .respond_with(ResponseTemplate::new(307).insert_header(
            "location",
            format!("{}/moved/api/v2/channels/publish/records/r", api.uri()),
        ))
        .mount(&api)
        .await;
    retrying(&api, 0)
        .publish_record_get_record("r")
        .send()
        .await
        .unwrap();
    let all = requests(&api).await;
    assert_eq!(all.len(), 2);
    assert_eq!(header(&all[1], "x-api-key"), Some(KEY));
}

/// Bodies an API should never send, each served with 200 and with 503.
fn hostile_bodies() -> Vec<(&'static str, Vec<u8>)> {
    vec![
        (
            "html error page",
            b"<!DOCTYPE html><html><body><h1>Oops</h1></body></html>".to_vec(),
        ),
        ("empty body", Vec::new()),
        (
            "truncated JSON",
            br#"{"code":0,"message":"ok","data":{"id":"#.to_vec(),
        ),
        ("JSON that is not an object", b"[1,2,3]".to_vec()),
        ("code missing", br#"{"message":"ok","data":{}}"#.to_vec()),
        (
            "code as a string",
            br#"{"code":"0","message":"ok","data":{}}"#.to_vec(),
        ),
        (
            "data of the wrong type",
            br#"{"code":0,"message":"ok","data":"not an object"}"#.to_vec(),
        ),
        (
            "invalid UTF-8",
            b"{\"code\":0,\"message\":\"\xff\xfe\",\"data\":{}}".to_vec(),
        ),
        ("10 MB body", {
            let mut big = br#"{"code":0,"message":""#.to_vec();
            big.resize(10 * 1024 * 1024, b'a');
            big
        }),
    ]
}

#[tokio::test]
async fn hostile_bodies_are_typed_errors_with_bounded_snippets() {
    for (name, body) in hostile_bodies() {
        for code in [200u16, 503] {
            let server = MockServer::start().await;
            respond_raw(&server, code, "req-7", body.clone(), "application/json").await;
            match client(&server)
                .publish_record_get_record("r")
                .send()
                .await
                .unwrap_err()
            {
                Error::InvalidResponse {
                    http_status,
                    request_id,
                    reason,
                    snippet,
                } => {
                    assert_eq!(http_status.as_u16(), code, "{name}");
                    assert_eq!(request_id.as_deref(), Some("req-7"), "{name}");
                    assert!(!reason.is_empty(), "{name}");
                    assert!(
                        snippet.len() <= aitoearn::error::SNIPPET_LIMIT + 3,
                        "{name}: {} bytes",
                        snippet.len()
                    );
                }
                other => panic!("{name} ({code}): {other:?}"),
            }
        }
    }
}

#[tokio::test]
async fn bodies_over_the_limit_are_refused_without_reading_them_whole() {
    let server = MockServer::start().await;
    let mut big = br#"{"code":0,"message":""#.to_vec();
    big.resize(10 * 1024 * 1024, b'a');
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_raw(big, "application/json"))
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .api_key(KEY)
        .max_response_bytes(64 * 1024)
        .build()
        .unwrap();
    match client
        .publish_record_get_record("r")
        .send()
        .await
        .unwrap_err()
    {
        Error::InvalidResponse {
            reason, snippet, ..
        } => {
            assert!(
                reason.contains("larger than the limit of 65536 bytes"),
                "{reason}"
            );
            assert!(snippet.starts_with(r#"{"code":0"#));
        }
        other => panic!("{other:?}"),
    }
}
