//! The middle step of an upload: one `PUT` of the bytes to the presigned
//! URL, through the SDK's connection pool but never its request hook (so no
//! API key or other SDK auth header), bounded by a progress timeout instead
//! of the whole-request timeout.

use std::pin::{pin, Pin};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use futures_core::Stream;
use reqwest::header::{CONTENT_LENGTH, CONTENT_TYPE};
use reqwest::StatusCode;
use tokio::time::Instant;

use super::source::Chunks;
use super::Progress;

/// A progress callback.
pub(crate) type OnProgress = Arc<dyn Fn(Progress) + Send + Sync>;

/// One transfer to run.
pub(crate) struct Transfer {
    pub url: url::Url,
    pub content_type: reqwest::header::HeaderValue,
    pub length: u64,
    pub chunks: Chunks,
    pub idle: Duration,
    pub on_progress: Option<OnProgress>,
}

/// Why a transfer failed.
#[derive(Debug)]
pub(crate) enum Failure {
    /// The source failed or did not give the declared length.
    Source(std::io::Error),
    /// Nothing moved for the idle limit.
    Stalled { sent: u64 },
    /// The storage answered a non-success status.
    Rejected { status: StatusCode, snippet: String },
    /// The connection failed.
    Transport(reqwest::Error),
}

/// What the chunk stream and the watchdog share.
struct Shared {
    last_progress: Mutex<Instant>,
    sent: Mutex<u64>,
    source_error: Mutex<Option<std::io::Error>>,
}

impl Shared {
    fn touch(&self) {
        *lock(&self.last_progress) = Instant::now();
    }
}

/// A lock that a panicking holder cannot poison for the others (the data
/// is a counter or an instant, valid whatever happened).
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The source's chunks, counted: progress is reported per chunk handed to
/// the connection, and a source that gives more or fewer bytes than declared
/// ends the body with an error.
struct Counted {
    inner: Chunks,
    sent: u64,
    length: u64,
    shared: Arc<Shared>,
    on_progress: Option<OnProgress>,
}

impl Counted {
    fn fail(&self, error: std::io::Error) -> Poll<Option<std::io::Result<Bytes>>> {
        let message = error.to_string();
        let kind = error.kind();
        *lock(&self.shared.source_error) = Some(error);
        Poll::Ready(Some(Err(std::io::Error::new(kind, message))))
    }
}

impl Stream for Counted {
    type Item = std::io::Result<Bytes>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        match self.inner.as_mut().poll_next(cx) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(Some(Ok(chunk))) => {
                self.sent += chunk.len() as u64;
                if self.sent > self.length {
                    let error = std::io::Error::new(
                        std::io::ErrorKind::InvalidData,
                        format!(
                            "the source gave more than the {} bytes it declared",
                            self.length
                        ),
                    );
                    return self.fail(error);
                }
                self.shared.touch();
                *lock(&self.shared.sent) = self.sent;
                if let Some(on_progress) = &self.on_progress {
                    on_progress(Progress {
                        sent: self.sent,
                        total: self.length,
                    });
                }
                Poll::Ready(Some(Ok(chunk)))
            }
            Poll::Ready(Some(Err(error))) => self.fail(error),
            Poll::Ready(None) if self.sent < self.length => {
                let error = std::io::Error::new(
                    std::io::ErrorKind::UnexpectedEof,
                    format!(
                        "the source ended after {} of the {} bytes it declared",
                        self.sent, self.length
                    ),
                );
                self.fail(error)
            }
            Poll::Ready(None) => Poll::Ready(None),
        }
    }
}

/// Send the bytes. The request goes straight to reqwest (no SDK hook: no
/// API key), with `Content-Length` and `Content-Type`; it ends in failure
/// when nothing moves (no chunk taken by the connection, no response byte)
/// for `idle`.
pub(crate) async fn put(http: &reqwest::Client, transfer: Transfer) -> Result<(), Failure> {
    let shared = Arc::new(Shared {
        last_progress: Mutex::new(Instant::now()),
        sent: Mutex::new(0),
        source_error: Mutex::new(None),
    });
    let body = Counted {
        inner: transfer.chunks,
        sent: 0,
        length: transfer.length,
        shared: shared.clone(),
        on_progress: transfer.on_progress,
    };
    let request = http
        .put(transfer.url)
        .header(CONTENT_LENGTH, transfer.length)
        .header(CONTENT_TYPE, transfer.content_type)
        // The client-wide request timeout (30 s by default) would end any
        // real video upload: the watchdog below bounds pauses instead.
        .timeout(crate::limits::UNCAPPED)
        .body(reqwest::Body::wrap_stream(body));
    let exchange = async {
        let mut response = request.send().await.map_err(Failure::Transport)?;
        shared.touch();
        let status = response.status();
        if status.is_success() {
            return Ok(());
        }
        let mut head = Vec::new();
        while head.len() < crate::error::SNIPPET_LIMIT + 1 {
            match response.chunk().await {
                Ok(Some(chunk)) => {
                    shared.touch();
                    head.extend_from_slice(&chunk);
                }
                Ok(None) | Err(_) => break,
            }
        }
        Err(Failure::Rejected {
            status,
            snippet: crate::error::snippet(&head),
        })
    };
    let watchdog = async {
        loop {
            let due = *lock(&shared.last_progress) + transfer.idle;
            if Instant::now() >= due {
                return;
            }
            tokio::time::sleep_until(due).await;
        }
    };
    let outcome = match futures_util::future::select(pin!(exchange), pin!(watchdog)).await {
        futures_util::future::Either::Left((outcome, _)) => outcome,
        futures_util::future::Either::Right(((), _)) => Err(Failure::Stalled {
            sent: *lock(&shared.sent),
        }),
    };
    // A body error reqwest reports is the source's own error, kept whole.
    let source_error = lock(&shared.source_error).take();
    match (outcome, source_error) {
        (Err(Failure::Transport(_)), Some(source)) => Err(Failure::Source(source)),
        (outcome, _) => outcome,
    }
}
