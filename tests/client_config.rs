//! Building a client: sites, base URLs, API key handling and the environment.

mod common;

use aitoearn::{Client, Error, Site};
use common::*;
use wiremock::MockServer;

#[test]
fn sites_have_their_base_urls() {
    assert_eq!(
        Client::builder().build().unwrap().base_url(),
        "https://aitoearn.cn"
    );
    assert_eq!(
        Client::builder()
            .site(Site::China)
            .build()
            .unwrap()
            .base_url(),
        "https://aitoearn.cn"
    );
    assert_eq!(
        Client::builder()
            .site(Site::International)
            .build()
            .unwrap()
            .base_url(),
        "https://aitoearn.ai"
    );
    let custom = Client::builder()
        .site(Site::International)
        .base_url("https://api.example.com/aitoearn/")
        .build()
        .unwrap();
    assert_eq!(custom.base_url(), "https://api.example.com/aitoearn");
}

#[tokio::test]
async fn a_base_url_path_prefix_is_kept() {
    let server = MockServer::start().await;
    respond_example(&server, "PublishRecordController_getRecord_v2", "success").await;
    let client = Client::builder()
        .base_url(format!("{}/self-hosted/", server.uri()))
        .api_key(KEY)
        .build()
        .unwrap();
    client.publish_record_get_record("r1").send().await.unwrap();
    assert_eq!(
        only_request(&server).await.url.path(),
        "/self-hosted/api/v2/channels/publish/records/r1"
    );
}

#[test]
fn plain_http_is_refused_off_loopback_unless_allowed() {
    for url in ["http://aitoearn.cn", "http://10.0.0.1:8080"] {
        match Client::builder().base_url(url).build().unwrap_err() {
            Error::Config(message) => assert!(message.contains("allow_insecure_http"), "{message}"),
            other => panic!("{other:?}"),
        }
        assert!(Client::builder()
            .base_url(url)
            .allow_insecure_http(true)
            .build()
            .is_ok());
    }
    for url in ["http://127.0.0.1:9", "http://localhost:9", "http://[::1]:9"] {
        assert!(Client::builder().base_url(url).build().is_ok(), "{url}");
    }
    for url in ["ftp://aitoearn.cn", "not a url", "https://aitoearn.cn/?x=1"] {
        assert!(
            matches!(
                Client::builder().base_url(url).build(),
                Err(Error::Config(_))
            ),
            "{url}"
        );
    }
}

#[test]
fn keys_that_could_inject_headers_are_rejected_at_build() {
    for key in [
        "secret\r\nX-Injected: 1",
        "secret\n",
        "sec\u{7f}ret",
        "秘密",
    ] {
        match Client::builder().api_key(key).build().unwrap_err() {
            Error::Config(message) => {
                assert!(message.contains("API key"), "{message}");
                assert!(
                    !message.contains("secret") && !message.contains("秘密"),
                    "the key leaked: {message}"
                );
            }
            other => panic!("{other:?}"),
        }
    }
}

#[test]
fn the_key_never_appears_in_debug_output() {
    let key = "sk-live-0123456789";
    let builder = Client::builder().api_key(key);
    assert!(!format!("{builder:?}").contains(key));
    let client = builder.build().unwrap();
    let debug = format!("{client:?} {:?}", client.raw());
    assert!(!debug.contains(key), "{debug}");
    assert!(debug.contains("redacted"), "{debug}");
}

#[tokio::test]
async fn calling_without_a_key_fails_before_sending() {
    let server = MockServer::start().await;
    respond(&server, 200, "{}").await;
    let client = Client::builder().base_url(server.uri()).build().unwrap();
    match client
        .publish_record_get_record("r")
        .send()
        .await
        .unwrap_err()
    {
        Error::Config(message) => assert!(message.contains("AITOEARN_API_KEY"), "{message}"),
        other => panic!("{other:?}"),
    }
    assert!(requests(&server).await.is_empty());
}

/// One test touches the environment, so no other test races with it.
#[tokio::test]
async fn from_env_reads_the_key_and_base_url() {
    let server = MockServer::start().await;
    respond_example(&server, "PublishRecordController_getRecord_v2", "success").await;

    std::env::remove_var("AITOEARN_API_KEY");
    std::env::remove_var("AITOEARN_BASE_URL");
    assert!(matches!(Client::from_env(), Err(Error::Config(m)) if m.contains("AITOEARN_API_KEY")));

    std::env::set_var("AITOEARN_API_KEY", "env-key");
    assert_eq!(
        Client::from_env().unwrap().base_url(),
        "https://aitoearn.cn"
    );

    std::env::set_var("AITOEARN_BASE_URL", server.uri());
    let client = Client::from_env().unwrap();
    client.publish_record_get_record("r").send().await.unwrap();
    assert_eq!(
        header(&only_request(&server).await, "x-api-key"),
        Some("env-key")
    );
    std::env::remove_var("AITOEARN_API_KEY");
    std::env::remove_var("AITOEARN_BASE_URL");
}
