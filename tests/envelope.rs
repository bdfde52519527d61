//! The envelope rule on real HTTP responses: only `code == 0` is success,
//! whatever the HTTP status, and a body that is not an envelope is a typed
//! error carrying the status, request id and a bounded snippet.

mod common;

use aitoearn::types::{ChannelPublishRecordVoAccountType, ChannelPublishRecordVoStatus};
use aitoearn::{Error, ErrorCode};
use common::*;
use wiremock::MockServer;

#[tokio::test]
async fn http_401_with_an_envelope_is_an_api_error() {
    let server = MockServer::start().await;
    respond(&server, 401, r#"{"code":401,"message":"Unauthorized","data":{},"requestId":"req-9","timestamp":1772099056662}"#).await;
    match client(&server)
        .publish_record_get_record("r")
        .send()
        .await
        .unwrap_err()
    {
        Error::Api {
            code,
            message,
            request_id,
            timestamp,
            http_status,
            data,
        } => {
            assert_eq!(code, ErrorCode::Unauthorized);
            assert_eq!(message, "Unauthorized");
            assert_eq!(request_id.as_deref(), Some("req-9"));
            assert_eq!(timestamp, Some(1772099056662));
            assert_eq!(http_status.as_u16(), 401);
            assert_eq!(data, Some(serde_json::json!({})));
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn http_200_with_a_business_error_and_empty_data_is_an_api_error() {
    let server = MockServer::start().await;
    respond(
        &server,
        200,
        r#"{"code":15000,"message":"发布记录未找到","data":{},"timestamp":1772099056662}"#,
    )
    .await;
    let err = client(&server)
        .publish_record_get_record("r")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some(ErrorCode::PublishRecordNotFound));
    assert_eq!(err.http_status().map(|s| s.as_u16()), Some(200));
    assert!(
        err.to_string().contains("15000") && err.to_string().contains("发布记录未找到"),
        "{err}"
    );
}

#[tokio::test]
async fn an_html_502_page_is_an_invalid_response_with_a_snippet() {
    let server = MockServer::start().await;
    let page = format!(
        "<html><head><title>502 Bad Gateway</title></head><body>{}</body></html>",
        "x".repeat(2000)
    );
    respond_raw(
        &server,
        502,
        "edge-42",
        page.clone().into_bytes(),
        "text/html",
    )
    .await;
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
            assert_eq!(http_status.as_u16(), 502);
            assert_eq!(request_id.as_deref(), Some("edge-42"));
            assert!(reason.contains("not a response envelope"), "{reason}");
            assert!(
                snippet.starts_with("<html><head><title>502 Bad Gateway"),
                "{snippet}"
            );
            assert!(
                snippet.len() <= aitoearn::error::SNIPPET_LIMIT + 3,
                "{}",
                snippet.len()
            );
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn unknown_enum_values_in_a_record_decode_and_are_kept() {
    let server = MockServer::start().await;
    let mut body = example("PublishRecordController_getRecord_v2", "success");
    body["data"]["accountType"] = "weibo".into();
    body["data"]["status"] = 42.into();
    body["data"]["brandNewField"] = serde_json::json!({"nested": true});
    respond(&server, 200, &body.to_string()).await;
    let record = client(&server)
        .publish_record_get_record("r")
        .send()
        .await
        .unwrap();
    assert_eq!(
        record.account_type,
        ChannelPublishRecordVoAccountType::Unknown("weibo".into())
    );
    assert!(!record.account_type.is_known());
    assert_eq!(record.status, ChannelPublishRecordVoStatus(42));
    assert!(!record.status.is_known());
    // Unknown values serialize back unchanged.
    let json = serde_json::to_value(&record).unwrap();
    assert_eq!(json["accountType"], "weibo");
    assert_eq!(json["status"], 42);
}

#[tokio::test]
async fn a_success_whose_data_does_not_fit_is_an_invalid_response() {
    let server = MockServer::start().await;
    respond(&server, 200, r#"{"code":0,"message":"ok","data":{"id":5}}"#).await;
    match client(&server)
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
            assert_eq!(http_status.as_u16(), 200);
            assert!(
                reason.contains("does not match the documented type"),
                "{reason}"
            );
        }
        other => panic!("{other:?}"),
    }
}
