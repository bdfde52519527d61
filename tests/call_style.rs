//! The call style a user writes against the vendored spec: request builders
//! (`.send().await`), request bodies from `new(required..)` plus
//! setters, responses read field by field with wildcard arms for open enums,
//! and the dynamic entry point.
//!
//! This file is also the "caller's code" of the additive-drift check
//! (`cargo xtask additive-check`): it must keep compiling, unchanged, against
//! a spec with an added optional query parameter, optional body and response
//! properties, a new enum value and a new operation.

mod common;

use aitoearn::types::{
    ChannelPublishRecordVo, ChannelPublishRecordVoAccountType, UpdatePublishRecordWorkLinkDto,
    UpdatePublishRecordWorkLinkDtoLinkStatus,
};
use aitoearn::Error;
use common::*;
use serde_json::{json, Value};
use wiremock::MockServer;

/// What a user writes to describe a record: read fields, match open enums
/// with a wildcard arm (new upstream values land there).
fn describe(record: &ChannelPublishRecordVo) -> String {
    let platform = match &record.account_type {
        ChannelPublishRecordVoAccountType::Douyin => "Douyin".to_string(),
        ChannelPublishRecordVoAccountType::Tiktok => "TikTok".to_string(),
        other => other.to_string(),
    };
    format!("{} on {platform}", record.id)
}

#[tokio::test]
async fn a_builder_with_only_required_arguments_sends_the_exact_request() {
    let server = MockServer::start().await;
    respond_example(&server, "PublishRecordController_getRecord_v2", "success").await;
    let record = client(&server)
        .publish_record_get_record("rec-1")
        .send()
        .await
        .unwrap();
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "GET");
    assert_eq!(request.url.path(), "/api/v2/channels/publish/records/rec-1");
    assert_eq!(request.url.query(), None);
    assert!(describe(&record).contains(" on "), "{}", describe(&record));
}

#[tokio::test]
async fn a_body_from_new_and_setters_sends_only_what_was_set() {
    let server = MockServer::start().await;
    respond_example(
        &server,
        "PublishRecordController_updateWorkLink_v2",
        "success",
    )
    .await;
    let body = UpdatePublishRecordWorkLinkDto::new(UpdatePublishRecordWorkLinkDtoLinkStatus::Ready)
        .work_link("https://www.douyin.com/video/7")
        .platform_work_id(String::from("7"));
    client(&server)
        .publish_record_update_work_link("rec-1", &body)
        .send()
        .await
        .unwrap();
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "PATCH");
    let sent: Value = serde_json::from_slice(&request.body).unwrap();
    assert_eq!(
        sent,
        json!({
            "linkStatus": "ready",
            "workLink": "https://www.douyin.com/video/7",
            "platformWorkId": "7",
        })
    );
}

#[tokio::test]
async fn the_dynamic_entry_point_sends_what_the_typed_method_sends() {
    let typed = MockServer::start().await;
    respond_example(&typed, "WorksController_listWorks_v2", "success").await;
    let typed_data = client(&typed)
        .list_works("douyin", "acc-1")
        .send()
        .await
        .unwrap();

    let dynamic = MockServer::start().await;
    respond_example(&dynamic, "WorksController_listWorks_v2", "success").await;
    let data = client(&dynamic)
        .request(
            "WorksController_listWorks_v2",
            json!({ "platform": "douyin", "accountId": "acc-1" }),
        )
        .await
        .unwrap();

    let (a, b) = (only_request(&typed).await, only_request(&dynamic).await);
    assert_eq!(a.method, b.method);
    assert_eq!(a.url.path(), "/api/v2/channels/works/douyin");
    assert_eq!(a.url.path(), b.url.path());
    assert_eq!(a.url.query(), Some("accountId=acc-1"));
    assert_eq!(a.url.query(), b.url.query());
    assert_eq!(header(&b, "x-api-key"), Some(KEY));
    assert_eq!(data, serde_json::to_value(&typed_data).unwrap());
}

#[tokio::test]
async fn dynamic_calls_with_bad_parameters_fail_before_sending() {
    let server = MockServer::start().await;
    respond_example(&server, "WorksController_listWorks_v2", "success").await;
    let client = client(&server);
    let cases = [
        (
            "WorksController_listWorks_v2",
            json!({ "platform": "douyin" }),
            "accountId",
            "required",
        ),
        (
            "WorksController_listWorks_v2",
            json!({ "platform": "douyin", "accountId": "a", "acountId": "typo" }),
            "acountId",
            "no parameter",
        ),
        (
            "WorksController_listWorks_v2",
            json!({ "platform": "douyin", "accountId": 7 }),
            "accountId",
            "not a valid value",
        ),
        (
            "NoSuchController_nothing",
            json!({}),
            "operation_id",
            "no operation",
        ),
        (
            "WorksController_listWorks_v2",
            json!({ "platform": "douyin", "accountId": "" }),
            "accountId",
            "at least 1",
        ),
    ];
    for (operation_id, params, parameter, reason) in cases {
        match client.request(operation_id, params.clone()).await {
            Err(Error::InvalidArgument {
                parameter: p,
                reason: r,
            }) => {
                assert_eq!(p, parameter, "{params}");
                assert!(r.contains(reason), "{params}: {r}");
            }
            other => panic!("{params}: expected an invalid-argument error, got {other:?}"),
        }
    }
    assert!(requests(&server).await.is_empty());
}

#[tokio::test]
async fn a_business_error_is_the_same_typed_error_through_either_entry_point() {
    let server = MockServer::start().await;
    respond(
        &server,
        200,
        r#"{"code":15000,"message":"not found","data":{},"requestId":"req-9"}"#,
    )
    .await;
    let client = client(&server);
    let typed = client
        .publish_record_get_record("rec-1")
        .send()
        .await
        .unwrap_err();
    let dynamic = client
        .request(
            "PublishRecordController_getRecord_v2",
            json!({ "recordId": "rec-1" }),
        )
        .await
        .unwrap_err();
    for err in [typed, dynamic] {
        assert_eq!(err.code().map(|c| c.code()), Some(15000));
        assert_eq!(err.request_id(), Some("req-9"));
    }
}
