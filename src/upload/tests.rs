//! The upload's runtime against local servers, through a test double of the
//! API's two calls (the vendored spec has no upload operations; the
//! generated `Client::upload` is tested against the whole API in
//! `tests/upload.rs`).

use std::sync::{Arc, Mutex};
use std::time::Duration;

use wiremock::matchers::{body_bytes, header, method, path, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

use super::*;

/// The two API calls, answered locally; the transfer goes through a real
/// SDK client that holds an API key, so a leak would show.
struct FakeApi {
    client: crate::Client,
    upload_url: String,
    signed: Mutex<Vec<SignRequest<String>>>,
    confirm: Result<&'static str, u16>,
}

impl FakeApi {
    fn new(upload_url: String) -> Self {
        let client = crate::Client::builder()
            .api_key("secret-key")
            .base_url("http://127.0.0.1:9")
            .build()
            .unwrap();
        Self {
            client,
            upload_url,
            signed: Mutex::new(Vec::new()),
            confirm: Ok("confirmed"),
        }
    }
}

impl UploadApi for FakeApi {
    type AssetType = String;
    type Asset = String;
    async fn sign(&self, request: SignRequest<String>) -> crate::Result<Signed> {
        self.signed.lock().unwrap().push(request);
        Ok(Signed::new("asset-1", self.upload_url.clone()))
    }
    async fn confirm(&self, asset_id: &str) -> crate::Result<String> {
        match self.confirm {
            Ok(word) => Ok(format!("{word} {asset_id}")),
            Err(code) => Err(crate::Error::Api {
                code: crate::ErrorCode::from_code(i64::from(code)),
                message: "Resource not found".into(),
                request_id: Some("req-9".into()),
                timestamp: None,
                http_status: StatusCode::OK,
                data: None,
            }),
        }
    }
    fn transfer_client(&self) -> reqwest::Client {
        self.client.raw_client().client.clone()
    }
}

/// A storage server that accepts every `PUT`.
async fn storage_accepting_any_put() -> MockServer {
    let storage = MockServer::start().await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&storage)
        .await;
    storage
}

fn auth_headers(request: &Request) -> Vec<String> {
    request
        .headers
        .keys()
        .map(|k| k.as_str().to_string())
        .filter(|k| k == "x-api-key" || k == "authorization" || k == "x-goog-api-key")
        .collect()
}

#[tokio::test]
async fn bytes_go_to_the_presigned_url_without_the_key_and_the_asset_is_confirmed() {
    let storage = MockServer::start().await;
    let data: Vec<u8> = (0..source::CHUNK * 2 + 10).map(|i| i as u8).collect();
    Mock::given(method("PUT"))
        .and(path("/bucket/clip.mp4"))
        .and(query_param("X-Signature", "abc"))
        .and(header("content-type", "video/mp4"))
        .and(header("content-length", data.len().to_string().as_str()))
        .and(body_bytes(data.clone()))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&storage)
        .await;
    let api = FakeApi::new(format!("{}/bucket/clip.mp4?X-Signature=abc", storage.uri()));
    let seen = Arc::new(Mutex::new(Vec::new()));
    let progress = seen.clone();
    let asset = Upload::new(&api, UploadSource::bytes(data.clone()))
        .filename("clip.mp4")
        .asset_type("publishMedia".to_string())
        .on_progress(move |p| progress.lock().unwrap().push(p))
        .send()
        .await
        .unwrap();
    assert_eq!(asset, "confirmed asset-1");
    let signed = api.signed.lock().unwrap().clone();
    assert_eq!(
        signed,
        [SignRequest {
            filename: "clip.mp4".into(),
            asset_type: Some("publishMedia".into()),
            size: data.len() as u64,
        }]
    );
    let requests = storage.received_requests().await.unwrap();
    assert_eq!(auth_headers(&requests[0]), Vec::<String>::new());
    let seen = seen.lock().unwrap().clone();
    let total = data.len() as u64;
    assert_eq!(
        seen.iter().map(|p| p.sent).collect::<Vec<_>>(),
        [source::CHUNK as u64, 2 * source::CHUNK as u64, total]
    );
    assert!(seen.iter().all(|p| p.total == total));
}

#[tokio::test]
async fn a_file_keeps_its_name_and_gets_a_content_type_from_its_extension() {
    let storage = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(header("content-type", "image/png"))
        .and(body_bytes(b"png bytes".to_vec()))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&storage)
        .await;
    let dir = std::env::temp_dir().join(format!("aitoearn-upload-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("cover.PNG");
    std::fs::write(&file, b"png bytes").unwrap();
    let api = FakeApi::new(format!("{}/cover", storage.uri()));
    let asset = Upload::new(&api, UploadSource::file(&file)).send().await;
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(asset.unwrap(), "confirmed asset-1");
    let signed = api.signed.lock().unwrap();
    assert_eq!(signed[0].filename, "cover.PNG");
    assert_eq!((signed[0].asset_type.as_ref(), signed[0].size), (None, 9));
}

#[tokio::test]
async fn a_plain_http_url_on_another_host_is_refused_before_any_byte() {
    let api = FakeApi::new("http://storage.example.com/bucket/x?X-Signature=secret".into());
    let err = Upload::new(&api, UploadSource::bytes(&b"x"[..]))
        .filename("x.txt")
        .send()
        .await
        .unwrap_err();
    let UploadError::RefusedUrl {
        asset_id,
        url,
        reason,
    } = &err
    else {
        panic!("{err:?}");
    };
    assert_eq!(asset_id, "asset-1");
    assert_eq!(url, "http://storage.example.com/bucket/x");
    assert!(reason.contains("plain http"), "{reason}");
    assert!(!err.to_string().contains("secret"), "{err}");
}

#[tokio::test]
async fn a_refusal_of_the_storage_is_typed_with_its_status_and_body() {
    let storage = MockServer::start().await;
    Mock::given(method("PUT"))
        .respond_with(
            ResponseTemplate::new(403)
                .set_body_string("<Error><Code>SignatureDoesNotMatch</Code></Error>"),
        )
        .mount(&storage)
        .await;
    let api = FakeApi::new(format!("{}/bucket/x", storage.uri()));
    let err = Upload::new(&api, UploadSource::bytes(&b"abc"[..]))
        .filename("x.bin")
        .send()
        .await
        .unwrap_err();
    match &err {
        UploadError::Rejected {
            asset_id,
            http_status,
            snippet,
        } => {
            assert_eq!((asset_id.as_str(), http_status.as_u16()), ("asset-1", 403));
            assert!(snippet.contains("SignatureDoesNotMatch"), "{snippet}");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(err.asset_id(), Some("asset-1"));
}

#[tokio::test]
async fn a_storage_that_stops_answering_ends_the_upload_at_the_idle_timeout() {
    let storage = MockServer::start().await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(30)))
        .mount(&storage)
        .await;
    let api = FakeApi::new(format!("{}/bucket/x", storage.uri()));
    let started = std::time::Instant::now();
    let err = Upload::new(&api, UploadSource::bytes(&b"abc"[..]))
        .filename("x.bin")
        .idle_timeout(Duration::from_millis(300))
        .send()
        .await
        .unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(10));
    match err {
        UploadError::Stalled {
            asset_id,
            idle,
            sent,
            total,
        } => {
            assert_eq!(asset_id, "asset-1");
            assert_eq!(idle, Duration::from_millis(300));
            assert_eq!((sent, total), (3, 3));
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_stream_shorter_than_declared_is_a_source_error() {
    let storage = storage_accepting_any_put().await;
    let api = FakeApi::new(format!("{}/bucket/x", storage.uri()));
    let chunks = futures_util::stream::iter([Ok::<_, std::io::Error>(vec![1u8; 5])]);
    let err = Upload::new(&api, UploadSource::stream(10, chunks))
        .filename("x.bin")
        .send()
        .await
        .unwrap_err();
    match err {
        UploadError::Source(e) => {
            assert_eq!(e.kind(), std::io::ErrorKind::UnexpectedEof);
            assert!(e.to_string().contains("5 of the 10 bytes"), "{e}");
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_failed_confirmation_keeps_the_asset_id() {
    let storage = storage_accepting_any_put().await;
    let mut api = FakeApi::new(format!("{}/bucket/x", storage.uri()));
    api.confirm = Err(12750);
    let err = Upload::new(&api, UploadSource::bytes(&b"abc"[..]))
        .filename("x.bin")
        .send()
        .await
        .unwrap_err();
    match &err {
        UploadError::Confirm { asset_id, source } => {
            assert_eq!(asset_id, "asset-1");
            assert_eq!(source.request_id(), Some("req-9"));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        err.to_string(),
        "asset asset-1 was uploaded but not confirmed"
    );
}

#[tokio::test]
async fn bytes_without_a_filename_are_refused_before_signing() {
    let api = FakeApi::new("https://storage.example.com/x".into());
    let err = Upload::new(&api, UploadSource::bytes(&b"abc"[..]))
        .send()
        .await
        .unwrap_err();
    match err {
        UploadError::Sign(crate::Error::InvalidArgument { parameter, .. }) => {
            assert_eq!(parameter, "filename")
        }
        other => panic!("{other:?}"),
    }
    assert!(api.signed.lock().unwrap().is_empty());
}

#[test]
fn a_sign_body_omits_an_unset_type_and_reads_back_id_and_url() {
    let request = SignRequest {
        filename: "a.mp4".to_string(),
        asset_type: None::<String>,
        size: 42,
    };
    let body: serde_json::Value = sign_body(&request).unwrap();
    assert_eq!(body, serde_json::json!({"filename": "a.mp4", "size": 42}));
    let signed = Signed::from_data(
        &serde_json::json!({"id": "a1", "uploadUrl": "https://s/x", "path": "p"}),
    )
    .unwrap();
    assert_eq!(signed, Signed::new("a1", "https://s/x"));
    let err = Signed::from_data(&serde_json::json!({"id": "a1"})).unwrap_err();
    assert!(err.to_string().contains("uploadUrl"), "{err}");
}
