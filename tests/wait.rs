//! `.wait()` on the shipped spec's authorization session, against local
//! servers that answer a sequence of states: a status outside the enum, a
//! failure, a session that never completes, a transient error.

mod common;

use std::time::{Duration, Instant};

use aitoearn::waiter::WaitError;
use aitoearn::{Client, Error, RetryPolicy};
use common::*;
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const PATH: &str = "/api/v2/channels/accounts/auth/douyin/status/s-1";

fn session(status: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({"code": 0, "message": "ok", "data": {
        "sessionId": "s-1", "status": status, "accountId": format!("acc-{status}")
    }}))
}

/// Serve `states` in order, one request each; the last one for good.
async fn serve(server: &MockServer, states: &[ResponseTemplate]) {
    for (i, state) in states.iter().enumerate() {
        let mock = Mock::given(method("GET"))
            .and(path(PATH))
            .respond_with(state.clone());
        let last = i + 1 == states.len();
        let mock = if last { mock } else { mock.up_to_n_times(1) };
        // Earlier states first: wiremock tries mocks by priority, then in order.
        mock.with_priority((i + 1) as u8).mount(server).await;
    }
}

fn fast(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .api_key(KEY)
        .retry(RetryPolicy::default().backoff(Duration::from_millis(1), Duration::from_millis(5)))
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_status_outside_the_enum_keeps_polling_until_completed() {
    let server = MockServer::start().await;
    serve(
        &server,
        &[
            session("pending"),
            session("verifying"),
            session("completed"),
        ],
    )
    .await;
    let session = fast(&server)
        .get_auth_status("douyin", "s-1")
        .wait()
        .interval(Duration::from_millis(1), Duration::from_millis(5))
        .send()
        .await
        .unwrap();
    assert_eq!(session.account_id.as_deref(), Some("acc-completed"));
    let seen = requests(&server).await;
    assert_eq!(seen.len(), 3);
    for request in &seen {
        assert_eq!(
            format!("{} {}", request.method, request.url.path()),
            format!("GET {PATH}")
        );
        assert_eq!(header(request, "x-api-key"), Some(KEY));
    }
}

#[tokio::test]
async fn a_failure_state_is_a_typed_error_with_the_data() {
    let server = MockServer::start().await;
    serve(&server, &[session("pending"), session("failed")]).await;
    let outcome = fast(&server)
        .get_auth_status("douyin", "s-1")
        .wait()
        .interval(Duration::from_millis(1), Duration::from_millis(5))
        .send()
        .await;
    match outcome {
        Err(WaitError::Failed { status, data }) => {
            assert_eq!(status, "failed");
            assert_eq!(data.account_id.as_deref(), Some("acc-failed"));
        }
        other => panic!("expected Failed, got {other:?}"),
    }
}

#[tokio::test]
async fn a_session_that_never_ends_times_out_with_the_last_data() {
    let server = MockServer::start().await;
    serve(&server, &[session("pending")]).await;
    let started = Instant::now();
    let outcome = fast(&server)
        .get_auth_status("douyin", "s-1")
        .wait()
        .timeout(Duration::from_millis(200))
        .interval(Duration::from_millis(10), Duration::from_millis(40))
        .send()
        .await;
    match outcome {
        Err(WaitError::TimedOut { last, .. }) => {
            assert_eq!(
                last.and_then(|s| s.account_id).as_deref(),
                Some("acc-pending")
            );
        }
        other => panic!("expected TimedOut, got {other:?}"),
    }
    assert!(started.elapsed() < Duration::from_secs(5));
    assert!(
        requests(&server).await.len() >= 2,
        "it polled more than once"
    );
}

#[tokio::test]
async fn a_transient_error_is_retried_and_a_business_error_ends_the_wait() {
    let server = MockServer::start().await;
    let unavailable = ResponseTemplate::new(503).set_body_raw("busy", "text/plain");
    let denied = ResponseTemplate::new(200)
        .set_body_json(json!({"code": 401, "message": "Unauthorized", "data": {}}));
    serve(&server, &[session("pending"), unavailable, denied]).await;
    let outcome = fast(&server)
        .get_auth_status("douyin", "s-1")
        .wait()
        .interval(Duration::from_millis(1), Duration::from_millis(5))
        .send()
        .await;
    match outcome {
        Err(WaitError::Call(Error::Api { message, .. })) => assert_eq!(message, "Unauthorized"),
        other => panic!("expected the business error, got {other:?}"),
    }
    assert_eq!(
        requests(&server).await.len(),
        3,
        "pending, 503 retried, 401"
    );
}

#[tokio::test]
async fn the_sandbox_serves_a_sequence_of_states_to_wait_through() {
    let sandbox = aitoearn::sandbox::Sandbox::start().await;
    let state = |status: &str| json!({"sessionId": "s-1", "status": status, "accountId": status});
    sandbox
        .serve_in_order(
            "AuthController_getAuthStatus_v2",
            [state("pending"), state("pending"), state("completed")],
        )
        .await
        .unwrap();
    let session = sandbox
        .client()
        .unwrap()
        .get_auth_status("douyin", "s-1")
        .wait()
        .interval(Duration::from_millis(1), Duration::from_millis(5))
        .send()
        .await
        .unwrap();
    assert_eq!(session.account_id.as_deref(), Some("completed"));
    let unknown = sandbox.serve_in_order("NoSuchOperation", []).await;
    assert!(
        matches!(unknown, Err(Error::InvalidArgument { ref reason, .. }) if reason.contains("NoSuchOperation")),
        "{unknown:?}"
    );
}
