//! The five operations of the vendored spec: the exact request each sends,
//! and the typed result or error each documented example yields.

mod common;

use aitoearn::types::{
    ChannelPublishRecordVoAccountType, ChannelPublishRecordVoStatus,
    UpdatePublishRecordWorkLinkDto, UpdatePublishRecordWorkLinkDtoLinkStatus,
};
use aitoearn::{Client, Error, ErrorCode};
use common::*;
use serde_json::{json, Value};
use wiremock::MockServer;

/// Call one operation with fixed arguments and serialize its typed result.
async fn call(client: &Client, operation_id: &str) -> aitoearn::Result<Value> {
    let value = match operation_id {
        "PublishRecordController_getRecord_v2" => {
            json!(client.publish_record_get_record("rec-1").send().await?)
        }
        "PublishRecordController_getUserAction_v2" => {
            json!(
                client
                    .publish_record_get_user_action("rec-1")
                    .send()
                    .await?
            )
        }
        "PublishRecordController_updateWorkLink_v2" => json!(
            client
                .publish_record_update_work_link("rec-1", &work_link_body())
                .send()
                .await?
        ),
        "AuthController_getAuthStatus_v2" => {
            json!(client.get_auth_status("douyin", "sess-1").send().await?)
        }
        "WorksController_listWorks_v2" => json!(client.list_works("douyin", "acc-1").send().await?),
        other => panic!("no call for {other}"),
    };
    Ok(value)
}

fn work_link_body() -> UpdatePublishRecordWorkLinkDto {
    UpdatePublishRecordWorkLinkDto::new(UpdatePublishRecordWorkLinkDtoLinkStatus::Ready)
        .work_link("https://www.douyin.com/video/7")
        .platform_work_id("7")
        .link_meta(serde_json::Map::from_iter([(
            "source".to_string(),
            json!("manual"),
        )]))
}

/// (operationId, method, path, query, body) of each call above.
const REQUESTS: [(&str, &str, &str, Option<&str>); 5] = [
    (
        "PublishRecordController_getRecord_v2",
        "GET",
        "/api/v2/channels/publish/records/rec-1",
        None,
    ),
    (
        "PublishRecordController_getUserAction_v2",
        "GET",
        "/api/v2/channels/publish/records/rec-1/user-action",
        None,
    ),
    (
        "PublishRecordController_updateWorkLink_v2",
        "PATCH",
        "/api/v2/channels/publish/records/rec-1/work-link",
        None,
    ),
    (
        "AuthController_getAuthStatus_v2",
        "GET",
        "/api/v2/channels/accounts/auth/douyin/status/sess-1",
        None,
    ),
    (
        "WorksController_listWorks_v2",
        "GET",
        "/api/v2/channels/works/douyin",
        Some("accountId=acc-1"),
    ),
];

#[tokio::test]
async fn every_operation_sends_the_exact_request() {
    for (operation_id, method, path, query) in REQUESTS {
        let server = MockServer::start().await;
        respond(&server, 200, &example(operation_id, "success").to_string()).await;
        call(&client(&server), operation_id).await.unwrap();
        let request = only_request(&server).await;
        assert_eq!(request.method.as_str(), method, "{operation_id}");
        assert_eq!(request.url.path(), path, "{operation_id}");
        assert_eq!(request.url.query(), query, "{operation_id}");
        assert_eq!(header(&request, "x-api-key"), Some(KEY), "{operation_id}");
        assert_eq!(
            header(&request, "accept"),
            Some("application/json"),
            "{operation_id}"
        );
        assert!(header(&request, "user-agent").is_some_and(|ua| ua.starts_with("aitoearn-rs/")));
        assert_eq!(header(&request, "api-version"), None, "{operation_id}");
        if method == "PATCH" {
            assert_eq!(header(&request, "content-type"), Some("application/json"));
            let body: Value = serde_json::from_slice(&request.body).unwrap();
            assert_eq!(
                body,
                json!({"linkStatus": "ready", "workLink": "https://www.douyin.com/video/7", "platformWorkId": "7", "linkMeta": {"source": "manual"}})
            );
        } else {
            assert!(request.body.is_empty(), "{operation_id} sent a body");
        }
    }
}

#[tokio::test]
async fn path_parameters_stay_inside_their_segment() {
    let cases = [
        ("a/b", "a%2Fb"),
        ("../x", "..%2Fx"),
        ("?", "%3F"),
        ("#", "%23"),
        ("a b", "a%20b"),
        ("记录", "%E8%AE%B0%E5%BD%95"),
        ("%2F", "%252F"),
    ];
    for (record_id, segment) in cases {
        let server = MockServer::start().await;
        respond(
            &server,
            200,
            &example("PublishRecordController_getUserAction_v2", "success").to_string(),
        )
        .await;
        client(&server)
            .publish_record_get_user_action(record_id)
            .send()
            .await
            .unwrap();
        let request = only_request(&server).await;
        assert_eq!(
            request.url.path(),
            format!("/api/v2/channels/publish/records/{segment}/user-action"),
            "{record_id:?}"
        );
        assert_eq!(request.url.query(), None, "{record_id:?}");
    }
}

#[tokio::test]
async fn path_parameters_that_would_change_the_path_are_refused_unsent() {
    let server = MockServer::start().await;
    respond(&server, 200, "{}").await;
    for record_id in ["", ".", ".."] {
        match client(&server)
            .publish_record_get_record(record_id)
            .send()
            .await
            .unwrap_err()
        {
            Error::InvalidArgument { parameter, reason } => {
                assert_eq!(parameter, "recordId");
                assert!(!reason.is_empty());
            }
            other => panic!("{record_id:?}: {other:?}"),
        }
    }
    match client(&server)
        .get_auth_status("douyin", "..")
        .send()
        .await
        .unwrap_err()
    {
        Error::InvalidArgument { parameter, .. } => assert_eq!(parameter, "sessionId"),
        other => panic!("{other:?}"),
    }
    assert!(requests(&server).await.is_empty());
}

#[tokio::test]
async fn query_parameter_constraints_are_checked_before_sending() {
    let server = MockServer::start().await;
    respond(&server, 200, "{}").await;
    match client(&server)
        .list_works("douyin", "")
        .send()
        .await
        .unwrap_err()
    {
        Error::InvalidArgument { parameter, reason } => {
            assert_eq!(parameter, "accountId");
            assert!(reason.contains("at least 1"), "{reason}");
        }
        other => panic!("{other:?}"),
    }
    assert!(requests(&server).await.is_empty());
}

#[tokio::test]
async fn success_examples_decode_to_their_typed_values() {
    for (operation_id, ..) in REQUESTS {
        let server = MockServer::start().await;
        let success = example(operation_id, "success");
        respond(&server, 200, &success.to_string()).await;
        let typed = call(&client(&server), operation_id).await.unwrap();
        assert_eq!(
            normalize(typed),
            normalize(success["data"].clone()),
            "{operation_id}"
        );
    }
}

#[tokio::test]
async fn the_record_example_has_the_documented_types() {
    let server = MockServer::start().await;
    respond_example(&server, "PublishRecordController_getRecord_v2", "success").await;
    let record = client(&server)
        .publish_record_get_record("rec-1")
        .send()
        .await
        .unwrap();
    assert_eq!(
        record.account_type,
        ChannelPublishRecordVoAccountType::Douyin
    );
    assert_eq!(record.status, ChannelPublishRecordVoStatus(-1));
    assert!(record.status.is_known());
    assert_eq!(
        record.publish_time.to_rfc3339(),
        "2026-07-02T12:00:00+00:00"
    );
}

#[tokio::test]
async fn every_error_example_is_an_api_error_with_its_code() {
    let mut checked = 0;
    for op in aitoearn::operations() {
        for name in aitoearn::sandbox::Sandbox::example_names(op) {
            let body = example(op.operation_id, name);
            let code = body["code"].as_i64().unwrap();
            if code == 0 {
                continue;
            }
            let server = MockServer::start().await;
            respond(&server, 200, &body.to_string()).await;
            match call(&client(&server), op.operation_id).await.unwrap_err() {
                Error::Api {
                    code: got,
                    message,
                    http_status,
                    timestamp,
                    data,
                    ..
                } => {
                    assert_eq!(got.code(), code, "{name}");
                    assert!(
                        !matches!(got, ErrorCode::Unknown(_)),
                        "{name}: {code} has no named ErrorCode"
                    );
                    assert_eq!(message, body["message"].as_str().unwrap(), "{name}");
                    assert_eq!(http_status.as_u16(), 200);
                    assert_eq!(timestamp, body["timestamp"].as_i64());
                    assert_eq!(data, Some(body["data"].clone()));
                }
                other => panic!("{name}: {other:?}"),
            }
            checked += 1;
        }
    }
    // 000 documents six error examples and 001 three.
    assert_eq!(checked, 9);
}

#[tokio::test]
async fn named_error_codes_match_the_examples() {
    let cases = [
        (401, ErrorCode::Unauthorized),
        (10002, ErrorCode::ValidationFailed),
        (15000, ErrorCode::PublishRecordNotFound),
        (15018, ErrorCode::PublishTaskStatusInvalid),
        (15062, ErrorCode::ChannelPublishPlatformNotSupported),
        (15072, ErrorCode::ChannelPlatformResponseInvalid),
    ];
    for (code, expected) in cases {
        assert_eq!(ErrorCode::from_code(code), expected);
    }
}
