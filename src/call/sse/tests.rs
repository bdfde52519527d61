//! Streams against a scripted HTTP server on 127.0.0.1, run inside the test's
//! own runtime so that paused tokio time covers the server's pauses too: a
//! 36-second stream takes no real time, and no test depends on the clock.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::StreamExt;
use progenitor_client::{ClientHooks, OperationInfo, ResponseValue};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::time::Instant;

use crate::call::RawResult;
use crate::error::{Error, TimeoutKind};
use crate::operation::{Auth, Operation};
use crate::sse::{Event, EventStream};
use crate::Client;

/// A POST operation that streams (the vendored spec has none).
static STREAM_OP: Operation = Operation {
    operation_id: "ChatController_complete",
    method_name: "chat_complete",
    raw_method_name: "chat_controller_complete",
    http_method: "POST",
    path: "/chat",
    auth: Auth::None,
    enveloped: false,
    stream_flag: None,
};

/// An ordinary enveloped GET operation.
static GET_OP: Operation = Operation {
    operation_id: "ThingController_get",
    method_name: "thing_get",
    raw_method_name: "thing_controller_get",
    http_method: "GET",
    path: "/thing",
    auth: Auth::None,
    enveloped: true,
    stream_flag: None,
};

/// What the server does after reading a request.
#[derive(Clone)]
enum Step {
    /// Send the response head with this status and content type (chunked body).
    Head(u16, &'static str),
    /// Send one body chunk.
    Chunk(Vec<u8>),
    /// Pause (tokio time: paused tests skip it).
    Sleep(Duration),
    /// Send this chunk again and again until the client goes away, counting bytes.
    Endless(Vec<u8>, Arc<AtomicUsize>),
    /// Read until the client closes the connection, then report it.
    AwaitClose(Arc<tokio::sync::Notify>),
    /// Send the last chunk.
    End,
}

/// A server answering every connection with `steps`; returns its base URL
/// and the raw requests it received.
async fn serve(steps: Vec<Step>) -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let requests = Arc::new(Mutex::new(Vec::new()));
    let seen = requests.clone();
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            let (steps, seen) = (steps.clone(), seen.clone());
            tokio::spawn(async move {
                let _ = answer(socket, steps, seen).await;
            });
        }
    });
    (base, requests)
}

async fn answer(
    mut socket: TcpStream,
    steps: Vec<Step>,
    seen: Arc<Mutex<Vec<String>>>,
) -> std::io::Result<()> {
    let mut request = Vec::new();
    let mut buf = [0u8; 4096];
    // The head, then as many body bytes as content-length says.
    let body_start = loop {
        let n = socket.read(&mut buf).await?;
        if n == 0 {
            return Ok(());
        }
        request.extend_from_slice(&buf[..n]);
        if let Some(i) = request.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
    };
    let head = String::from_utf8_lossy(&request[..body_start]).to_ascii_lowercase();
    let length: usize = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0);
    while request.len() < body_start + length {
        let n = socket.read(&mut buf).await?;
        if n == 0 {
            break;
        }
        request.extend_from_slice(&buf[..n]);
    }
    seen.lock()
        .unwrap()
        .push(String::from_utf8_lossy(&request).into_owned());
    for step in steps {
        match step {
            Step::Head(status, content_type) => {
                let head = format!(
                    "HTTP/1.1 {status} X\r\ncontent-type: {content_type}\r\ntransfer-encoding: chunked\r\nx-request-id: req-7\r\n\r\n"
                );
                socket.write_all(head.as_bytes()).await?;
            }
            Step::Chunk(bytes) => write_chunk(&mut socket, &bytes).await?,
            Step::Sleep(d) => tokio::time::sleep(d).await,
            Step::Endless(bytes, sent) => loop {
                write_chunk(&mut socket, &bytes).await?;
                sent.fetch_add(bytes.len(), Ordering::SeqCst);
            },
            Step::AwaitClose(closed) => {
                while socket.read(&mut buf).await.unwrap_or(0) > 0 {}
                closed.notify_one();
                return Ok(());
            }
            Step::End => socket.write_all(b"0\r\n\r\n").await?,
        }
        socket.flush().await?;
    }
    // Keep the connection open and silent.
    std::future::pending::<()>().await;
    Ok(())
}

async fn write_chunk(socket: &mut TcpStream, bytes: &[u8]) -> std::io::Result<()> {
    socket
        .write_all(format!("{:x}\r\n", bytes.len()).as_bytes())
        .await?;
    socket.write_all(bytes).await?;
    socket.write_all(b"\r\n").await
}

fn event(i: usize) -> Step {
    Step::Chunk(format!("data: {{\"n\":{i}}}\n\n").into_bytes())
}

/// Send a request the way a generated method does: built by the raw
/// client's `reqwest::Client`, through the client's hooks.
async fn raw_send(client: &Client, op: &'static Operation, body: Option<&str>) -> RawResult {
    let url = format!("{}{}", client.base_url(), op.path);
    let method = reqwest::Method::from_bytes(op.http_method.as_bytes())
        .map_err(|e| progenitor_client::Error::InvalidRequest(e.to_string()))?;
    let mut builder = client.raw_client().client.request(method, url);
    if let Some(body) = body {
        builder = builder
            .header("content-type", "application/json")
            .body(body.to_string());
    }
    let mut request = builder
        .build()
        .map_err(|e| progenitor_client::Error::InvalidRequest(e.to_string()))?;
    let info = OperationInfo {
        operation_id: op.raw_method_name,
    };
    client.raw_client().pre(&mut request, &info).await?;
    let response = client
        .raw_client()
        .exec(request, &info)
        .await
        .map_err(progenitor_client::Error::CommunicationError)?;
    Ok(ResponseValue::stream(response))
}

/// Open the stream the way a generated `_stream` method does.
async fn open(client: &Client) -> crate::Result<EventStream> {
    client
        .call_event_stream(&STREAM_OP, || {
            raw_send(client, &STREAM_OP, Some(r#"{"model":"m"}"#))
        })
        .await
}

fn client(base: &str) -> crate::ClientBuilder {
    Client::builder().base_url(base).api_key("k")
}

#[tokio::test(start_paused = true)]
async fn a_stream_longer_than_the_request_timeout_arrives_whole_with_default_settings() {
    // One event every 3 s: 36 s in all, past the 30 s request timeout.
    let mut steps = vec![Step::Head(200, "text/event-stream")];
    for i in 0..12 {
        steps.push(Step::Sleep(Duration::from_secs(3)));
        steps.push(event(i));
    }
    steps.push(Step::End);
    let (base, requests) = serve(steps).await;
    let client = client(&base).build().unwrap();
    let started = Instant::now();
    let stream = open(&client).await.unwrap();
    assert_eq!(stream.request_id(), Some("req-7"));
    let events: Vec<Event> = stream.map(|e| e.unwrap()).collect().await;
    let numbers: Vec<u64> = events
        .iter()
        .map(|e| {
            e.json::<serde_json::Value>().unwrap()["n"]
                .as_u64()
                .unwrap()
        })
        .collect();
    assert_eq!(numbers, (0..12).collect::<Vec<_>>());
    assert!(started.elapsed() >= Duration::from_secs(36));
    let request = requests.lock().unwrap()[0].to_ascii_lowercase();
    assert!(request.starts_with("post /chat "), "{request}");
    assert!(request.contains("accept: text/event-stream"), "{request}");
}

#[tokio::test(start_paused = true)]
async fn a_silent_stream_ends_with_the_idle_timeout_error() {
    let (base, _) = serve(vec![Step::Head(200, "text/event-stream"), event(0)]).await;
    let client = client(&base).build().unwrap();
    let mut stream = open(&client).await.unwrap();
    assert!(stream.next().await.unwrap().is_ok());
    let quiet_since = Instant::now();
    match stream.next().await {
        Some(Err(Error::Timeout {
            kind: TimeoutKind::StreamIdle,
            limit,
            attempts: 1,
        })) => assert_eq!(limit, Duration::from_secs(60)),
        other => panic!("{other:?}"),
    }
    assert_eq!(quiet_since.elapsed(), Duration::from_secs(60));
    assert!(
        stream.next().await.is_none(),
        "the stream ends after the error"
    );
}

#[tokio::test(start_paused = true)]
async fn a_server_that_never_answers_hits_the_head_timeout() {
    let (base, requests) = serve(vec![Step::Sleep(Duration::from_secs(3600))]).await;
    let client = client(&base)
        .stream_head_timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    match open(&client).await {
        Err(Error::Timeout {
            kind: TimeoutKind::StreamHead,
            limit,
            attempts: 1,
        }) => assert_eq!(limit, Duration::from_secs(5)),
        other => panic!("{other:?}"),
    }
    // A POST is not retried.
    assert_eq!(requests.lock().unwrap().len(), 1);
}

#[tokio::test(start_paused = true)]
async fn the_overall_stream_timeout_applies_only_when_set() {
    let mut steps = vec![Step::Head(200, "text/event-stream")];
    for i in 0..100 {
        steps.push(Step::Sleep(Duration::from_secs(3)));
        steps.push(event(i));
    }
    let (base, _) = serve(steps).await;
    let client = client(&base)
        .stream_timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    let results: Vec<_> = open(&client).await.unwrap().collect().await;
    assert_eq!(results.len(), 4, "three events, then the error");
    assert!(results[..3].iter().all(Result::is_ok));
    assert!(matches!(
        results[3],
        Err(Error::Timeout {
            kind: TimeoutKind::StreamTotal,
            limit,
            ..
        }) if limit == Duration::from_secs(10)
    ));
}

#[tokio::test]
async fn an_endless_event_line_ends_with_the_size_limit_error_and_bounded_memory() {
    let sent = Arc::new(AtomicUsize::new(0));
    let (base, _) = serve(vec![
        Step::Head(200, "text/event-stream"),
        Step::Chunk(b"data: ".to_vec()),
        Step::Endless(vec![b'x'; 16 * 1024], sent.clone()),
    ])
    .await;
    // No max_event_bytes: the limit is derived from max_response_bytes.
    let limit = 256 * 1024;
    let client = client(&base).max_response_bytes(limit).build().unwrap();
    let mut stream = open(&client).await.unwrap();
    assert_eq!(stream.decoder().limit(), limit);
    match stream.next().await {
        Some(Err(Error::EventTooLarge {
            limit: got,
            request_id,
        })) => {
            assert_eq!(got, limit);
            assert_eq!(request_id.as_deref(), Some("req-7"));
        }
        other => panic!("{other:?}"),
    }
    assert!(stream.decoder().peak_buffered() <= limit);
    assert!(stream.decoder().peak_buffered() > limit / 2);
    assert!(
        sent.load(Ordering::SeqCst) >= limit,
        "the server sent more than the limit"
    );
    assert!(stream.next().await.is_none());
}

#[tokio::test(start_paused = true)]
async fn dropping_the_stream_closes_the_connection() {
    let closed = Arc::new(tokio::sync::Notify::new());
    let (base, _) = serve(vec![
        Step::Head(200, "text/event-stream"),
        event(0),
        Step::AwaitClose(closed.clone()),
    ])
    .await;
    let client = client(&base).build().unwrap();
    let mut stream = open(&client).await.unwrap();
    assert!(stream.next().await.unwrap().is_ok());
    drop(stream);
    // Paused time: if the connection stayed open, every task would idle and
    // this deadline would pass at once instead of hanging the test.
    tokio::time::timeout(Duration::from_secs(3600), closed.notified())
        .await
        .expect("the server saw the connection close");
}

#[tokio::test(start_paused = true)]
async fn an_error_status_on_a_stream_call_is_a_typed_error() {
    let body = br#"{"code":401,"message":"no key","data":null}"#.to_vec();
    let (base, _) = serve(vec![
        Step::Head(401, "application/json"),
        Step::Chunk(body),
        Step::End,
    ])
    .await;
    let client = client(&base).build().unwrap();
    let err = open(&client).await.unwrap_err();
    assert_eq!(err.code().map(|c| c.code()), Some(401));
    assert_eq!(err.http_status().map(|s| s.as_u16()), Some(401));
}

#[tokio::test(start_paused = true)]
async fn ordinary_calls_keep_the_request_timeout() {
    // The same server pace on an ordinary call: the whole-request timeout fires.
    let (base, _) = serve(vec![
        Step::Head(200, "application/json"),
        Step::Chunk(b"{\"code\":0,".to_vec()),
        Step::Sleep(Duration::from_secs(3600)),
    ])
    .await;
    let client = client(&base)
        .retry(crate::RetryPolicy::none())
        .build()
        .unwrap();
    let err = client
        .call_enveloped::<serde_json::Value, _, _>(&GET_OP, || raw_send(&client, &GET_OP, None))
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Timeout {
                kind: TimeoutKind::Request,
                limit,
                ..
            } if limit == Duration::from_secs(30)
        ),
        "{err:?}"
    );
}
