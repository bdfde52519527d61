//! Each request is a `tracing` span with what an operator needs, and nothing secret.

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};

use common::*;
use tracing_subscriber::fmt::format::FmtSpan;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

#[derive(Clone, Default)]
struct Buffer(Arc<Mutex<Vec<u8>>>);

impl Write for Buffer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn a_request_span_has_the_operation_status_code_and_request_id_but_not_the_key() {
    let buffer = Buffer::default();
    let writer = buffer.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::DEBUG)
        .with_span_events(FmtSpan::CLOSE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(404).set_body_string(
            r#"{"code":15000,"message":"发布记录未找到","data":{},"requestId":"req-trace-1"}"#,
        ))
        .mount(&server)
        .await;
    client(&server)
        .publish_record_get_record("r")
        .send()
        .await
        .unwrap_err();

    let out = String::from_utf8(buffer.0.lock().unwrap().clone()).unwrap();
    for field in [
        "aitoearn.request",
        "operation_id=\"PublishRecordController_getRecord_v2\"",
        "method=\"GET\"",
        "path=\"/api/v2/channels/publish/records/{recordId}\"",
        "attempt=1",
        "http_status=404",
        "code=15000",
        "request_id=\"req-trace-1\"",
        "duration_ms=",
    ] {
        assert!(out.contains(field), "missing {field} in:\n{out}");
    }
    assert!(!out.contains(KEY), "the API key was traced:\n{out}");
}
