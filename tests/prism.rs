//! Contract walk against Stoplight Prism (`prism mock -d --errors`), the mock
//! server that validates every request against the spec and answers with
//! data it generates from the response schemas.
//!
//! Every operation of the spec the crate was built from (the vendored spec,
//! or `AITOEARN_OPENAPI_DIR`) is called once through the dynamic entry point
//! (`Client::request`, which goes through the typed request builder), with
//! the sandbox's example arguments (`Sandbox::example_params`):
//! - Prism must accept the request: a request it rejects (its problem+json
//!   answers, 422 for a validation failure) fails the test;
//! - the response Prism generates must decode into the method's typed result.
//!
//! Prism generates a random `code` for the envelope, and an envelope with a
//! code other than 0 is a business error whose `data` the SDK never decodes.
//! So Prism gets the spec with every envelope's `code` pinned to 0 (`enum:
//! [0]`): a business error then means the envelope rule misfired, and the
//! typed `data` is decoded on every call. Nothing else is changed.
//!
//! Then the workflows run on Prism's random data: every waiter of the build
//! (the authorization session; with the whole API the image task too) must
//! end, by a terminal state or its deadline, and every paginator (the whole
//! API's page-numbered lists) must end, at its last page or with the typed
//! refusal of a server that answers another page than the one asked for;
//! a decode or transport error, or a stream that does not end, fails. With
//! the whole API an upload's API calls go to Prism too (its bytes to a local
//! storage server).
//!
//! Runs when `AITOEARN_PRISM` names the `prism` executable (`.ci/run`
//! installs a pinned `@stoplight/prism-cli` with npm); otherwise it prints
//! why it is skipped. Prism's known limits are [`PRISM_LIMITS`], each with
//! its reason: those operations are still called and reported, and an entry
//! that no longer fails is itself a failure, so the list stays true.

use std::io::Read;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use aitoearn::sandbox::Sandbox;
use aitoearn::{operations, Client, Error, Operation, RetryPolicy};
use futures_util::StreamExt;
use serde_json::Value;

/// Operations Prism 5.16 cannot serve or validate correctly, and why. Each
/// is called anyway; its failure is reported as a known limit.
const PRISM_LIMITS: &[(&str, &str)] = &[
    (
        "RelayController_chatCompletions",
        "its 200 JSON response has no schema: Prism answers 500 \"Tried to force a dynamic \
         response for: application/json but schema is not defined\"",
    ),
    (
        "RelayController_geminiGenerateContent",
        "its 200 JSON response has no schema: Prism answers 500 \"Tried to force a dynamic \
         response for: application/json but schema is not defined\"",
    ),
    (
        "AccountsController_deleteMany_v2",
        "its query parameter is named `ids[]`: Prism's validator rejects the correctly encoded \
         `ids%5B%5D=...` with 422, looking for a property `ids%5b%5d`",
    ),
];

/// Prism's own error answers are problem+json documents of this type.
const PRISM_PROBLEM: &str = "stoplight.io/prism/errors";

/// The running Prism process; killed when dropped.
struct Prism {
    child: Child,
    log: PathBuf,
    spec: PathBuf,
    port: u16,
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_file(&self.spec);
    }
}

impl Prism {
    fn log(&self) -> String {
        let mut text = String::new();
        if let Ok(mut file) = std::fs::File::open(&self.log) {
            let _ = file.read_to_string(&mut text);
        }
        text
    }
}

/// The spec directory the crate was built from.
fn spec_dir() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    aitoearn_codegen::build_input::spec_dir(
        manifest,
        std::env::var_os(aitoearn_codegen::build_input::SPEC_DIR_VAR).as_deref(),
    )
    .expect("the spec directory the crate was built from")
}

/// Pin `code` to 0 in every envelope schema (an object with `code` and
/// `data` properties).
fn pin_envelope_codes(value: &mut Value) -> usize {
    let mut pinned = 0;
    match value {
        Value::Object(map) => {
            if let Some(props) = map.get_mut("properties").and_then(Value::as_object_mut) {
                if props.contains_key("code") && props.contains_key("data") {
                    props.insert(
                        "code".into(),
                        serde_json::json!({"type": "integer", "enum": [0]}),
                    );
                    pinned += 1;
                }
            }
            for v in map.values_mut() {
                pinned += pin_envelope_codes(v);
            }
        }
        Value::Array(items) => {
            for v in items {
                pinned += pin_envelope_codes(v);
            }
        }
        _ => {}
    }
    pinned
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free local port")
}

fn start_prism(executable: &str) -> Prism {
    let mut spec = aitoearn_codegen::load_dir(&spec_dir()).expect("the spec loads");
    let pinned = pin_envelope_codes(&mut spec);
    println!("{pinned} envelope schemas with `code` pinned to 0");
    let tmp = std::env::temp_dir();
    let id = std::process::id();
    let spec_file = tmp.join(format!("aitoearn-prism-{id}.json"));
    std::fs::write(&spec_file, spec.to_string()).expect("write the spec for Prism");
    let log = tmp.join(format!("aitoearn-prism-{id}.log"));
    let port = free_port();
    let out = std::fs::File::create(&log).expect("create the Prism log");
    let err = out.try_clone().expect("clone the log handle");
    let child = Command::new(executable)
        .args(["mock", "-d", "--errors", "-h", "127.0.0.1", "-p"])
        .arg(port.to_string())
        .arg(&spec_file)
        .stdin(Stdio::null())
        .stdout(out)
        .stderr(err)
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {executable}: {e}"));
    let prism = Prism {
        child,
        log,
        spec: spec_file,
        port,
    };
    // Prism (node) takes a few seconds to start; the bound only keeps a
    // broken installation from hanging CI.
    let started = Instant::now();
    while !prism.log().contains("Prism is listening") {
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "Prism did not start:\n{}",
            prism.log()
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    TcpStream::connect(("127.0.0.1", port)).expect("Prism accepts connections");
    prism
}

/// Call an operation (its stream form when `stream`) with the sandbox's
/// example arguments; a stream is read to its end.
async fn call(client: &Client, op: &Operation, stream: bool) -> aitoearn::Result<Value> {
    let params = Sandbox::example_params(op);
    if !stream {
        return client.request(op.operation_id, params).await;
    }
    let mut events = client.request_stream(op.operation_id, params).await?;
    let mut count = 0;
    while let Some(event) = events.next().await {
        event?;
        count += 1;
    }
    Ok(Value::from(count))
}

/// What one call came to.
enum Outcome {
    Decoded,
    Rejected(String),
    NotDecoded(String),
}

fn classify(result: aitoearn::Result<Value>) -> Outcome {
    match result {
        Ok(_) => Outcome::Decoded,
        Err(Error::InvalidResponse {
            http_status,
            snippet,
            ..
        }) if snippet.contains(PRISM_PROBLEM) => {
            Outcome::Rejected(format!("Prism answered {http_status}: {snippet}"))
        }
        Err(e) => Outcome::NotDecoded(e.to_string()),
    }
}

#[tokio::test]
async fn every_operation_validates_and_decodes_against_prism() {
    let Some(executable) = std::env::var_os("AITOEARN_PRISM") else {
        println!("skip: AITOEARN_PRISM is not set (.ci/run installs Prism and sets it)");
        return;
    };
    let executable = executable.to_string_lossy().into_owned();
    let prism = start_prism(&executable);
    let client = Client::builder()
        .base_url(format!("http://127.0.0.1:{}", prism.port))
        .api_key("prism-contract-walk")
        .retry(RetryPolicy::none())
        .build()
        .expect("a client of Prism");

    let (mut failures, mut limits, mut checked) = (Vec::new(), Vec::new(), 0);
    for op in operations() {
        let examples = Sandbox::examples(op);
        let has_json = examples.iter().any(|e| !e.is_event_stream());
        let has_stream = examples.iter().any(|e| e.is_event_stream());
        let mut calls = Vec::new();
        if has_json {
            calls.push(false);
        }
        if has_stream {
            calls.push(true);
        }
        let limit = PRISM_LIMITS
            .iter()
            .find(|(id, _)| *id == op.operation_id)
            .map(|(_, reason)| *reason);
        let mut failed = false;
        for stream in calls {
            checked += 1;
            let name = if stream {
                format!("{} (stream)", op.operation_id)
            } else {
                op.operation_id.to_string()
            };
            let problem = match classify(call(&client, op, stream).await) {
                Outcome::Decoded => continue,
                Outcome::Rejected(why) => format!("{name}: request rejected: {why}"),
                Outcome::NotDecoded(why) => format!("{name}: response not decoded: {why}"),
            };
            failed = true;
            match limit {
                Some(reason) => limits.push(format!("{problem}\n    known Prism limit: {reason}")),
                None => failures.push(problem),
            }
        }
        if let (Some(reason), false) = (limit, failed) {
            failures.push(format!(
                "{}: listed as a Prism limit ({reason}) but passed; remove it from PRISM_LIMITS",
                op.operation_id
            ));
        }
    }
    println!(
        "Prism walk: {checked} calls across {} operations, {} known Prism limits",
        operations().len(),
        limits.len()
    );
    for limit in &limits {
        println!("  {limit}");
    }
    let workflows = workflows(&client).await;
    println!("Prism workflows: {} run", workflows.run);
    failures.extend(workflows.failures);
    assert!(
        failures.is_empty(),
        "{} of {checked} calls failed:\n{}\n\nPrism log:\n{}",
        failures.len(),
        failures.join("\n"),
        prism.log()
    );
}

/// What the workflow phase came to.
#[derive(Default)]
struct Workflows {
    run: usize,
    failures: Vec<String>,
}

impl Workflows {
    /// A wait on random data ends by a terminal state or its deadline.
    fn waited<T>(&mut self, name: &str, result: Result<T, aitoearn::waiter::WaitError<T>>) {
        use aitoearn::waiter::WaitError;
        self.run += 1;
        match result {
            Ok(_) | Err(WaitError::Failed { .. }) | Err(WaitError::TimedOut { .. }) => {}
            Err(e) => self.failures.push(format!("{name}: {e}")),
        }
    }

    /// Pages of random data end at the last page, or with the refusal of a
    /// page number other than the one asked for.
    #[allow(dead_code, reason = "the shipped spec has no page-numbered list")]
    async fn paged<P>(
        &mut self,
        name: &str,
        pages: impl futures_util::Stream<Item = aitoearn::Result<P>>,
    ) {
        const MAX_PAGES: usize = 50;
        self.run += 1;
        let mut pages = std::pin::pin!(pages.take(MAX_PAGES + 1));
        let mut seen = 0;
        while let Some(page) = pages.next().await {
            match page {
                Ok(_) => seen += 1,
                Err(Error::InvalidResponse { reason, .. })
                    if reason.contains("the server answered page") =>
                {
                    return
                }
                Err(e) => {
                    self.failures
                        .push(format!("{name}: page {} failed: {e}", seen + 1));
                    return;
                }
            }
        }
        if seen > MAX_PAGES {
            self.failures
                .push(format!("{name}: did not end within {MAX_PAGES} pages"));
        }
    }
}

/// An example argument of an operation, as the sandbox gives it, typed.
#[allow(dead_code, reason = "which waiters exist depends on the spec")]
fn example_arg<T: serde::de::DeserializeOwned>(operation_id: &str, name: &str) -> T {
    let op = operations()
        .iter()
        .find(|op| op.operation_id == operation_id)
        .expect("a known operation");
    serde_json::from_value(Sandbox::example_params(op)[name].clone())
        .unwrap_or_else(|e| panic!("the example `{name}` of {operation_id}: {e}"))
}

/// Run every waiter and paginator of the build once against Prism.
async fn workflows(client: &Client) -> Workflows {
    let mut out = Workflows::default();
    let deadline = Duration::from_secs(2);
    let (min, max) = (Duration::from_millis(20), Duration::from_millis(200));
    #[cfg(aitoearn_operation = "AuthController_getAuthStatus_v2")]
    {
        let op = "AuthController_getAuthStatus_v2";
        // A string in the shipped spec, an enum in the whole API.
        #[cfg(not(aitoearn_operation = "VideoController_listVideoTasks"))]
        let platform: String = example_arg(op, "platform");
        #[cfg(aitoearn_operation = "VideoController_listVideoTasks")]
        let platform: aitoearn::types::GetAuthStatusPlatform = example_arg(op, "platform");
        let session: String = example_arg(op, "sessionId");
        let result = client
            .get_auth_status(&platform, &session)
            .wait()
            .timeout(deadline)
            .interval(min, max)
            .send()
            .await;
        out.waited("get_auth_status().wait()", result);
    }
    #[cfg(aitoearn_operation = "ImageController_getImageTaskStatus")]
    {
        let log_id: String = example_arg("ImageController_getImageTaskStatus", "logId");
        let result = client
            .get_image_task_status(&log_id)
            .wait()
            .timeout(deadline)
            .interval(min, max)
            .send()
            .await;
        out.waited("get_image_task_status().wait()", result);
    }
    #[cfg(aitoearn_operation = "VideoController_listVideoTasks")]
    out.paged(
        "list_video_tasks().pages()",
        client.list_video_tasks().pages(),
    )
    .await;
    #[cfg(aitoearn_operation = "VolcengineAssetsController_listAssetGroupsWithPagination")]
    out.paged(
        "volcengine_assets_list_asset_groups_with_pagination().pages()",
        client
            .volcengine_assets_list_asset_groups_with_pagination()
            .pages(),
    )
    .await;
    #[cfg(aitoearn_operation = "VolcengineAssetsController_listAssetsWithPagination")]
    out.paged(
        "volcengine_assets_list_assets_with_pagination().pages()",
        client
            .volcengine_assets_list_assets_with_pagination()
            .pages(),
    )
    .await;
    #[cfg(aitoearn_operation = "AssetsHttpController_createUploadSign")]
    {
        out.run += 1;
        if let Some(failure) = upload_through_prism(client).await {
            out.failures.push(failure);
        }
    }
    let _ = (deadline, min, max);
    out
}

/// The upload's API calls against Prism (the sign body validated, its
/// random answer decoded, the confirmation sent and decoded), the bytes to
/// a local storage server: Prism's random `uploadUrl` is no place to send
/// them (it is not a URL, or names a host that is not ours).
#[cfg(aitoearn_operation = "AssetsHttpController_createUploadSign")]
async fn upload_through_prism(client: &Client) -> Option<String> {
    use aitoearn::upload::{SignRequest, Signed, Upload, UploadApi, UploadError, UploadSource};

    struct LocalStorage<'a> {
        client: &'a Client,
        storage: String,
    }
    impl UploadApi for LocalStorage<'_> {
        type AssetType = <Client as UploadApi>::AssetType;
        type Asset = <Client as UploadApi>::Asset;
        async fn sign(&self, request: SignRequest<Self::AssetType>) -> aitoearn::Result<Signed> {
            let signed = self.client.sign(request).await?;
            Ok(Signed::new(signed.asset_id, self.storage.clone()))
        }
        async fn confirm(&self, asset_id: &str) -> aitoearn::Result<Self::Asset> {
            self.client.confirm(asset_id).await
        }
        fn transfer_client(&self) -> aitoearn::reqwest::Client {
            self.client.transfer_client()
        }
    }

    let storage = wiremock::MockServer::start().await;
    wiremock::Mock::given(wiremock::matchers::method("PUT"))
        .respond_with(wiremock::ResponseTemplate::new(200))
        .expect(1)
        .mount(&storage)
        .await;
    let api = LocalStorage {
        client,
        storage: format!("{}/bucket/clip.mp4", storage.uri()),
    };
    let result = Upload::new(&api, UploadSource::bytes(&b"clip bytes"[..]))
        .filename("clip.mp4")
        .send()
        .await;
    match result {
        Ok(_) => None,
        // Prism's random id may not be a path segment the SDK sends as is.
        Err(UploadError::Confirm {
            source: Error::InvalidArgument { .. },
            ..
        }) => None,
        Err(e) => Some(format!("upload: {e}: {:?}", std::error::Error::source(&e))),
    }
}
