//! Benchmarks: the SDK's typed call against a hand-written `reqwest` +
//! `serde_json` call decoding the same payload into the same generated type,
//! and the code generator's time. Prints Markdown tables.
//!
//! ```text
//! cargo run --release --example bench            # full run
//! cargo run --release --example bench -- --quick # fewer iterations
//! # one implementation, one payload, CALLS calls, then exit (for valgrind,
//! # or for timing whole processes; --workers N uses a multi-thread runtime):
//! cargo run --release --example bench -- --single sdk|raw record|works CALLS [--workers N]
//! ```
//!
//! The server runs on its own runtime thread and answers every request with a
//! pre-serialized body, so it is not the bottleneck.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use aitoearn::sandbox::Sandbox;
use aitoearn::types::{ChannelPublishRecordVo, ChannelWorkListVo};
use aitoearn::Client;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const KEY: &str = "bench-key";

fn example(operation_id: &str) -> Value {
    let op = aitoearn::operations()
        .iter()
        .find(|o| o.operation_id == operation_id)
        .expect("operation in the vendored spec");
    serde_json::from_str(Sandbox::success_example(op).expect("documented example"))
        .expect("example is JSON")
}

/// The record-detail body, and the works-list body with 100 items.
fn bodies() -> (Vec<u8>, Vec<u8>) {
    let record = example("PublishRecordController_getRecord_v2");
    let mut works = example("WorksController_listWorks_v2");
    let item = works["data"]["items"][0].clone();
    works["data"]["items"] = (0..100)
        .map(|i| {
            let mut it = item.clone();
            it["platformWorkId"] = format!("work-{i}").into();
            it
        })
        .collect();
    (
        record.to_string().into_bytes(),
        works.to_string().into_bytes(),
    )
}

/// A keep-alive HTTP/1.1 server answering from pre-built responses.
fn start_server(record: Vec<u8>, works: Vec<u8>) -> SocketAddr {
    let response = |body: &[u8]| {
        let mut r = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
            body.len()
        )
        .into_bytes();
        r.extend_from_slice(body);
        r
    };
    let (record, works) = (response(&record), response(&works));
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    listener.set_nonblocking(true).expect("nonblocking");
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("runtime");
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).expect("listener");
            let (record, works): (&'static [u8], &'static [u8]) = (record.leak(), works.leak());
            loop {
                let Ok((mut socket, _)) = listener.accept().await else {
                    continue;
                };
                let _ = socket.set_nodelay(true);
                tokio::spawn(async move {
                    let mut buf = vec![0u8; 16 * 1024];
                    let mut filled = 0;
                    loop {
                        let Ok(n) = socket.read(&mut buf[filled..]).await else {
                            return;
                        };
                        if n == 0 {
                            return;
                        }
                        filled += n;
                        while let Some(end) =
                            buf[..filled].windows(4).position(|w| w == b"\r\n\r\n")
                        {
                            let head = &buf[..end];
                            let body = if head.windows(7).any(|w| w == b"/works/") {
                                works
                            } else {
                                record
                            };
                            if socket.write_all(body).await.is_err() {
                                return;
                            }
                            buf.copy_within(end + 4..filled, 0);
                            filled -= end + 4;
                        }
                    }
                });
            }
        });
    });
    addr
}

#[derive(Deserialize)]
struct Envelope<T> {
    code: i64,
    data: T,
}

/// The floor: reqwest + serde_json into the same generated type.
async fn raw_call<T: DeserializeOwned>(http: &reqwest::Client, url: &str) -> T {
    let response = http
        .get(url)
        .header("x-api-key", KEY)
        .send()
        .await
        .expect("send");
    let bytes = response.bytes().await.expect("body");
    let envelope: Envelope<T> = serde_json::from_slice(&bytes).expect("decode");
    assert_eq!(envelope.code, 0);
    envelope.data
}

#[derive(Clone, Copy, PartialEq)]
enum Impl {
    Sdk,
    Raw,
}

#[derive(Clone, Copy)]
enum Payload {
    Record,
    Works,
}

struct Figures {
    p50: Duration,
    p99: Duration,
    per_second: f64,
}

impl Figures {
    /// Each figure's median over several runs.
    fn median(runs: &[Figures]) -> Figures {
        Figures {
            p50: Duration::from_secs_f64(median(
                runs.iter().map(|f| f.p50.as_secs_f64()).collect(),
            )),
            p99: Duration::from_secs_f64(median(
                runs.iter().map(|f| f.p99.as_secs_f64()).collect(),
            )),
            per_second: median(runs.iter().map(|f| f.per_second).collect()),
        }
    }
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or(f64::NAN)
}

async fn one_call(
    which: Impl,
    payload: Payload,
    client: &Client,
    http: &reqwest::Client,
    base: &str,
) {
    match (which, payload) {
        (Impl::Sdk, Payload::Record) => {
            std::hint::black_box(
                client
                    .publish_record_get_record("rec-1")
                    .send()
                    .await
                    .expect("sdk call"),
            );
        }
        (Impl::Sdk, Payload::Works) => {
            std::hint::black_box(
                client
                    .list_works("douyin", "acc-1")
                    .send()
                    .await
                    .expect("sdk call"),
            );
        }
        (Impl::Raw, Payload::Record) => {
            let url = format!("{base}/api/v2/channels/publish/records/rec-1");
            std::hint::black_box(raw_call::<ChannelPublishRecordVo>(http, &url).await);
        }
        (Impl::Raw, Payload::Works) => {
            let url = format!("{base}/api/v2/channels/works/douyin?accountId=acc-1");
            std::hint::black_box(raw_call::<ChannelWorkListVo>(http, &url).await);
        }
    }
}

async fn measure(
    which: Impl,
    payload: Payload,
    concurrency: usize,
    calls_per_task: usize,
    client: &Client,
    http: &reqwest::Client,
    base: &str,
) -> Figures {
    // Warm the connection pool.
    for _ in 0..concurrency.min(8) {
        one_call(which, payload, client, http, base).await;
    }
    let started = Instant::now();
    let tasks: Vec<_> = (0..concurrency)
        .map(|_| {
            let (client, http, base) = (client.clone(), http.clone(), base.to_string());
            tokio::spawn(async move {
                let mut latencies = Vec::with_capacity(calls_per_task);
                for _ in 0..calls_per_task {
                    let t = Instant::now();
                    one_call(which, payload, &client, &http, &base).await;
                    latencies.push(t.elapsed());
                }
                latencies
            })
        })
        .collect();
    let mut all = Vec::new();
    for task in tasks {
        all.extend(task.await.expect("task"));
    }
    let wall = started.elapsed();
    all.sort();
    Figures {
        p50: all[all.len() / 2],
        p99: all[all.len() * 99 / 100],
        per_second: all.len() as f64 / wall.as_secs_f64(),
    }
}

fn micros(d: Duration) -> String {
    format!("{:.1}", d.as_secs_f64() * 1e6)
}

fn codegen_row(label: &str, dir: &std::path::Path) {
    if !dir.exists() {
        println!("| {label} | skipped: {} absent | | |", dir.display());
        return;
    }
    let mut best = Duration::MAX;
    let mut lines = 0;
    for _ in 0..5 {
        let started = Instant::now();
        let result =
            aitoearn_codegen::load_dir(dir).and_then(|spec| aitoearn_codegen::generate(&spec));
        let elapsed = started.elapsed();
        match result {
            Ok(generated) => {
                lines = generated
                    .files
                    .iter()
                    .map(|f| f.contents.lines().count())
                    .sum();
                best = best.min(elapsed);
            }
            Err(e) => {
                println!("| {label} | generator error: {e} | | |");
                return;
            }
        }
    }
    let ops = aitoearn_codegen::load_dir(dir)
        .map(|s| aitoearn_codegen::spec::operations(&s).count())
        .unwrap_or(0);
    println!("| {label} | {ops} | {lines} | {:.3} |", best.as_secs_f64());
}

/// `--single sdk|raw record|works CALLS [--workers N]`: make CALLS
/// sequential calls and exit, for instruction counting under
/// `valgrind --tool=callgrind` (on a current-thread runtime) or for timing
/// the whole process from outside (`--workers 2`: the calls run in one task
/// on a multi-thread runtime, as the full run's concurrency-1 rows do).
fn single(args: &[String]) {
    let which = if args.first().map(String::as_str) == Some("raw") {
        Impl::Raw
    } else {
        Impl::Sdk
    };
    let payload = if args.get(1).map(String::as_str) == Some("works") {
        Payload::Works
    } else {
        Payload::Record
    };
    let calls: usize = args.get(2).and_then(|n| n.parse().ok()).unwrap_or(1000);
    let (record, works) = bodies();
    let base = format!("http://{}", start_server(record, works));
    let workers: Option<usize> = args
        .iter()
        .position(|a| a == "--workers")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok());
    let rt = match workers {
        Some(n) => tokio::runtime::Builder::new_multi_thread()
            .worker_threads(n)
            .enable_all()
            .build(),
        None => tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build(),
    }
    .expect("runtime");
    rt.block_on(async move {
        let client = Client::builder()
            .base_url(&base)
            .api_key(KEY)
            .build()
            .expect("client");
        let http = raw_client();
        let calls = async move {
            for _ in 0..calls {
                one_call(which, payload, &client, &http, &base).await;
            }
        };
        if workers.is_some() {
            tokio::spawn(calls).await.expect("calls task");
        } else {
            calls.await;
        }
    });
}

/// The baseline's client, with the SDK's default timeouts and user agent.
fn raw_client() -> reqwest::Client {
    reqwest::Client::builder()
        .user_agent(concat!("aitoearn-rs/", env!("CARGO_PKG_VERSION")))
        .timeout(Duration::from_secs(30))
        .connect_timeout(Duration::from_secs(10))
        .build()
        .expect("reqwest client")
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Some(pos) = args.iter().position(|a| a == "--single") {
        return single(&args[pos + 1..]);
    }
    let quick = args.iter().any(|a| a == "--quick");
    let (record, works) = bodies();
    println!(
        "Payloads: record detail {} bytes, works list (100 items) {} bytes\n",
        record.len(),
        works.len()
    );
    let addr = start_server(record, works);
    let base = format!("http://{addr}");

    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        let client = Client::builder().base_url(&base).api_key(KEY).build().expect("client");
        let http = raw_client();
        println!("| payload | concurrency | SDK p50 µs | raw p50 µs | p50 ratio | SDK p99 µs | raw p99 µs | SDK calls/s | raw calls/s |");
        println!("|---|---|---|---|---|---|---|---|---|");
        for (payload, name) in [(Payload::Record, "record detail"), (Payload::Works, "works list ×100")] {
            for concurrency in [1usize, 64] {
                let total = if quick { 2_000 } else { 10_000 };
                let per_task = (total / concurrency).max(1);
                // Alternate SDK and raw runs (swapping the order each round) so that
                // drift affects both alike; report medians over the rounds, and the
                // median of the per-round p50 ratios.
                let rounds = if quick { 3 } else { 7 };
                let mut sdk_runs = Vec::new();
                let mut raw_runs = Vec::new();
                for round in 0..rounds {
                    let order = if round % 2 == 0 { [Impl::Sdk, Impl::Raw] } else { [Impl::Raw, Impl::Sdk] };
                    for which in order {
                        let f = measure(which, payload, concurrency, per_task, &client, &http, &base).await;
                        if which == Impl::Sdk { sdk_runs.push(f) } else { raw_runs.push(f) }
                    }
                }
                let ratio = median(sdk_runs.iter().zip(&raw_runs).map(|(s, r)| s.p50.as_secs_f64() / r.p50.as_secs_f64()).collect());
                let sdk = Figures::median(&sdk_runs);
                let raw = Figures::median(&raw_runs);
                println!(
                    "| {name} | {concurrency} | {} | {} | {:.3} | {} | {} | {:.0} | {:.0} |",
                    micros(sdk.p50),
                    micros(raw.p50),
                    ratio,
                    micros(sdk.p99),
                    micros(raw.p99),
                    sdk.per_second,
                    raw.per_second
                );
            }
        }
        // What one call in flight holds (its future, before it is polled).
        let sdk_record = std::mem::size_of_val(&client.publish_record_get_record("rec-1").send());
        let sdk_works = std::mem::size_of_val(&client.list_works("douyin", "acc-1").send());
        let raw = std::mem::size_of_val(&raw_call::<ChannelWorkListVo>(&http, &base));
        println!(
            "\nFuture per call in flight: SDK {sdk_record} bytes (record), {sdk_works} bytes (works list); raw {raw} bytes"
        );
    });

    println!(
        "\nCode generation (load + validate + normalize + progenitor + prettyplease, best of 5):\n"
    );
    println!("| spec | operations | generated lines | seconds |");
    println!("|---|---|---|---|");
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    codegen_row("vendored (openapi/)", &root.join("openapi"));
    codegen_row(
        "full upstream (../shared/upstream)",
        &root.join("../shared/upstream"),
    );
}
