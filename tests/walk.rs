//! Walks EVERY operation of the spec the crate was built from against the
//! sandbox, through the dynamic entry point (`Client::request`, which calls
//! the typed request builders) with the sandbox's example arguments:
//! - the success call returns the typed value equal to the served example
//!   (compared as JSON after serializing the typed value);
//! - a streaming call returns exactly the served example's events;
//! - every error example maps to its `ErrorCode`;
//! - the forward-compatibility example (an unknown field in every object,
//!   unknown open-enum values) still decodes, keeping the unknown values.
//!
//! CI runs it on the vendored spec and, when `../shared/upstream` exists, on
//! the full upstream spec (`AITOEARN_OPENAPI_DIR`).

use aitoearn::operation::Example;
use aitoearn::sandbox::Sandbox;
use aitoearn::{operations, Client, ErrorCode, Operation};
use futures_util::StreamExt;
use serde_json::Value;

const FORWARD_COMPAT: &str = "__forward_compat";

fn json(text: &str) -> Value {
    serde_json::from_str(text).expect("examples are JSON")
}

/// JSON with the differences serialization may introduce removed: absent,
/// `null`, `[]` and `{}` object members are all "absent"; numbers compare as
/// `f64`; RFC 3339 date-times compare as instants.
fn normalized(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), normalized(v)))
                .filter(|(_, v)| !is_empty(v))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(normalized).collect()),
        Value::Number(n) => n
            .as_f64()
            .map_or_else(|| value.clone(), |f| serde_json::json!(f)),
        Value::String(s) => match chrono::DateTime::parse_from_rfc3339(s) {
            Ok(t) => Value::String(t.with_timezone(&chrono::Utc).to_rfc3339()),
            Err(_) => value.clone(),
        },
        _ => value.clone(),
    }
}

fn is_empty(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::Array(a) => a.is_empty(),
        Value::Object(m) => m.is_empty(),
        _ => false,
    }
}

fn json_success(op: &Operation) -> Option<&'static Example> {
    let examples = Sandbox::examples(op);
    let json = || examples.iter().filter(|e| !e.is_event_stream());
    json()
        .find(|e| e.code == Some(0))
        .or_else(|| json().find(|e| e.name == "success"))
        .or_else(|| json().next())
}

fn stream_example(op: &Operation) -> Option<&'static Example> {
    Sandbox::examples(op).iter().find(|e| e.is_event_stream())
}

/// Call an operation (`"<operationId>#stream"`: its stream form) with the
/// sandbox's example arguments; a stream's events come back as a JSON array.
async fn call(client: &Client, id: &str) -> aitoearn::Result<Value> {
    let (operation_id, stream) = match id.strip_suffix("#stream") {
        Some(op) => (op, true),
        None => (id, false),
    };
    let op = operations()
        .iter()
        .find(|op| op.operation_id == operation_id)
        .expect("a known operation");
    let params = Sandbox::example_params(op);
    let streams_only = stream_example(op).is_some() && json_success(op).is_none();
    if !(stream || streams_only) {
        return client.request(operation_id, params).await;
    }
    let mut events = client.request_stream(operation_id, params).await?;
    let mut out = Vec::new();
    while let Some(event) = events.next().await {
        out.push(serde_json::to_value(event?).expect("events serialize"));
    }
    Ok(Value::Array(out))
}

fn report(what: &str, checked: usize, failures: &[String]) {
    println!(
        "{what}: {checked} checked across {} operations",
        operations().len()
    );
    assert!(
        failures.is_empty(),
        "{} of {checked} failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[tokio::test]
async fn every_operation_returns_its_success_example() {
    let sandbox = Sandbox::start().await;
    let client = sandbox.client().unwrap();
    let (mut checked, mut failures) = (0, Vec::new());
    for op in operations() {
        if let Some(example) = json_success(op) {
            checked += 1;
            let body = json(example.body);
            let mut expected = if op.enveloped {
                body.get("data").cloned().unwrap_or(Value::Null)
            } else {
                body
            };
            if op.operation_id == aitoearn::upload::SIGN_OPERATION {
                // The sandbox signs uploads with a URL of its own.
                let id = expected["id"].as_str().unwrap_or_default().to_string();
                expected["uploadUrl"] =
                    format!("{}{}{id}", sandbox.uri(), aitoearn::sandbox::UPLOAD_PREFIX).into();
            }
            match call(&client, op.operation_id).await {
                Ok(got) if normalized(&got) == normalized(&expected) => {}
                Ok(got) => failures.push(format!(
                    "{}: got {got}\n  expected {expected}",
                    op.operation_id
                )),
                Err(e) => failures.push(format!("{}: {e}", op.operation_id)),
            }
        }
        if let Some(example) = stream_example(op) {
            checked += 1;
            let id = if json_success(op).is_some() {
                format!("{}#stream", op.operation_id)
            } else {
                op.operation_id.to_string()
            };
            let expected = serde_json::to_value(aitoearn::sse::parse(example.body)).unwrap();
            match call(&client, &id).await {
                Ok(got) if got == expected && !got.as_array().is_some_and(Vec::is_empty) => {}
                Ok(got) => failures.push(format!("{id}: got {got}\n  expected {expected}")),
                Err(e) => failures.push(format!("{id}: {e}")),
            }
        }
        if json_success(op).is_none() && stream_example(op).is_none() {
            failures.push(format!(
                "{}: the sandbox has no example to answer with",
                op.operation_id
            ));
        }
    }
    report("success examples", checked, &failures);
    assert!(checked >= operations().len());
}

#[tokio::test]
async fn every_error_example_maps_to_its_error_code() {
    let sandbox = Sandbox::start().await;
    let (mut checked, mut failures) = (0, Vec::new());
    for op in operations() {
        for example in Sandbox::examples(op)
            .iter()
            .filter(|e| e.code.is_some_and(|c| c != 0))
        {
            checked += 1;
            let code = example.code.unwrap_or_default();
            let client = sandbox.client_for_example(example.name).unwrap();
            match call(&client, op.operation_id).await {
                Err(e)
                    if e.code() == Some(ErrorCode::from_code(code))
                        && ErrorCode::KNOWN.contains(&ErrorCode::from_code(code)) =>
                {
                    assert_eq!(e.http_status().map(|s| s.as_u16()), Some(example.status));
                }
                other => failures.push(format!(
                    "{} / {}: expected error code {code}, got {other:?}",
                    op.operation_id, example.name
                )),
            }
        }
    }
    report("error examples", checked, &failures);
}

#[tokio::test]
async fn unknown_fields_and_enum_values_decode() {
    let sandbox = Sandbox::start().await;
    let client = sandbox.client_for_example(FORWARD_COMPAT).unwrap();
    let (mut checked, mut failures) = (0, Vec::new());
    for op in operations() {
        let Some(example) = Sandbox::examples(op)
            .iter()
            .find(|e| e.name == FORWARD_COMPAT)
        else {
            continue;
        };
        checked += 1;
        assert!(
            example.body.contains("__aitoearnNewField"),
            "{}: {}",
            op.operation_id,
            example.body
        );
        match call(&client, op.operation_id).await {
            Ok(got) => {
                // Open enums keep values they do not know, verbatim.
                for unknown in ["\"__aitoearn_new_value__\"", "424242"] {
                    if example.body.contains(unknown) && !got.to_string().contains(unknown) {
                        failures.push(format!(
                            "{}: lost the unknown enum value {unknown}: {got}",
                            op.operation_id
                        ));
                    }
                }
            }
            Err(e) => failures.push(format!("{}: {e}", op.operation_id)),
        }
    }
    report("forward-compatible examples", checked, &failures);
    assert!(checked > 0);
}

/// Operations whose protocol chooses streaming in the request body
/// (`Operation::stream_flag`, e.g. `"stream"` on the OpenAI-compatible chat
/// completions): the `_stream` form sends `true` and the JSON form `false`,
/// whatever the caller's body held, so neither gets the other's response.
#[tokio::test]
async fn stream_flags_follow_the_form_called() {
    use wiremock::matchers::{any, header};
    use wiremock::{Mock, MockServer, ResponseTemplate};
    let flagged: Vec<&Operation> = operations()
        .iter()
        .filter(|op| op.stream_flag.is_some())
        .collect();
    if flagged.is_empty() {
        println!("skip: the spec this crate was built from has no operation with a stream flag");
        return;
    }
    for op in flagged {
        let flag = op.stream_flag.unwrap_or_default();
        let server = MockServer::start().await;
        Mock::given(header("accept", "text/event-stream"))
            .respond_with(
                ResponseTemplate::new(200).set_body_raw("data: {}\n\n", "text/event-stream"),
            )
            .with_priority(1)
            .mount(&server)
            .await;
        let json_form = json_success(op);
        if let Some(example) = json_form {
            Mock::given(any())
                .respond_with(
                    ResponseTemplate::new(200).set_body_raw(example.body, "application/json"),
                )
                .with_priority(2)
                .mount(&server)
                .await;
        }
        let client = aitoearn::Client::builder()
            .base_url(server.uri())
            .api_key("k")
            .build()
            .unwrap();
        let mut want = vec![Value::Bool(true)];
        if json_form.is_some() {
            let id = format!("{}#stream", op.operation_id);
            call(&client, &id).await.unwrap();
            call(&client, op.operation_id).await.unwrap();
            want.push(Value::Bool(false));
        } else {
            call(&client, op.operation_id).await.unwrap();
        }
        let sent: Vec<Value> = server
            .received_requests()
            .await
            .unwrap_or_default()
            .iter()
            .map(|r| json(&String::from_utf8_lossy(&r.body))[flag].clone())
            .collect();
        assert_eq!(
            sent, want,
            "{}: `{flag}` in the bodies sent",
            op.operation_id
        );
    }
}

/// Integer parameters are plain integers whatever bounds the spec gives them;
/// the bounds are checked before anything is sent. Only the full upstream
/// spec has a bounded parameter (`VideoController_listVideoTasks`'s
/// `pageSize`, 1 to 1000).
#[tokio::test]
async fn numeric_parameter_bounds_are_checked_before_sending() {
    let id = "VideoController_listVideoTasks";
    if !operations().iter().any(|op| op.operation_id == id) {
        println!("skipping: {id} is not in the spec this crate was built from");
        return;
    }
    let sandbox = Sandbox::start().await;
    let client = sandbox.client().expect("a sandbox client");
    for (page_size, reason) in [
        (0, "must be at least 1 (got 0)"),
        (1001, "must be at most 1000 (got 1001)"),
    ] {
        match client
            .request(id, serde_json::json!({ "pageSize": page_size }))
            .await
        {
            Err(aitoearn::Error::InvalidArgument {
                parameter,
                reason: got,
            }) => {
                assert_eq!((parameter.as_str(), got.as_str()), ("pageSize", reason));
            }
            other => panic!("pageSize {page_size}: expected InvalidArgument, got {other:?}"),
        }
    }
    client
        .request(id, serde_json::json!({ "pageSize": 1000 }))
        .await
        .expect("a value within the bounds is sent");
}
