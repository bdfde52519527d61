//! [`EventStream`]: one streaming response read as events, under the stream
//! limits (idle timeout, optional overall deadline, per-event size).

use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use futures_core::Stream;
use tokio::time::{Instant, Sleep};

use super::{with_form, DecodeError, Decoder, Event, Form, EVENT_STREAM};
use crate::call::{Limits, RawResult};
use crate::error::{Error, Result, TimeoutKind};
use crate::operation::Operation;
use crate::Client;

type ByteChunks =
    Pin<Box<dyn Stream<Item = std::result::Result<bytes::Bytes, reqwest::Error>> + Send + Sync>>;

/// The events of one streaming response, decoded as they arrive.
///
/// It ends with `None` after the last event, or with one error when a limit
/// is hit ([`TimeoutKind::StreamIdle`], [`TimeoutKind::StreamTotal`],
/// [`Error::EventTooLarge`]) or the connection fails. Drop it to stop
/// reading: the request is cancelled and its connection closed.
pub struct EventStream {
    body: Option<ByteChunks>,
    decoder: Decoder,
    ready: VecDeque<Event>,
    idle_limit: Duration,
    idle: Pin<Box<Sleep>>,
    total: Option<(Duration, Pin<Box<Sleep>>)>,
    client: Client,
    request_id: Option<String>,
    /// Attempts the call took, for errors while reading.
    attempts: u32,
}

impl std::fmt::Debug for EventStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EventStream")
            .field("open", &self.body.is_some())
            .field("ready_events", &self.ready.len())
            .field("buffered_bytes", &self.decoder.buffered())
            .field("request_id", &self.request_id)
            .finish()
    }
}

impl EventStream {
    /// The request id of the response (`x-request-id`), when the server sent one.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// The decoder, to inspect what it holds ([`Decoder::buffered`],
    /// [`Decoder::peak_buffered`], [`Decoder::limit`]).
    pub fn decoder(&self) -> &Decoder {
        &self.decoder
    }

    /// End the stream with `error`, dropping the connection.
    fn fail(&mut self, error: Error) -> Poll<Option<Result<Event>>> {
        self.body = None;
        self.ready.clear();
        self.total = None;
        Poll::Ready(Some(Err(error)))
    }

    fn timeout(&self, kind: TimeoutKind, limit: Duration) -> Error {
        Error::Timeout {
            kind,
            limit,
            attempts: self.attempts,
        }
    }
}

impl Stream for EventStream {
    type Item = Result<Event>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        loop {
            if let Some(event) = this.ready.pop_front() {
                return Poll::Ready(Some(Ok(event)));
            }
            let Some(body) = this.body.as_mut() else {
                return Poll::Ready(None);
            };
            // The body first: data that is already there never counts as idle.
            match body.as_mut().poll_next(cx) {
                Poll::Ready(Some(Ok(chunk))) => {
                    this.idle
                        .as_mut()
                        .reset(crate::call::after(this.idle_limit));
                    match this.decoder.push(&chunk) {
                        Ok(events) => this.ready.extend(events),
                        Err(DecodeError::EventTooLarge { limit }) => {
                            let request_id = this.request_id.clone();
                            return this.fail(Error::EventTooLarge { limit, request_id });
                        }
                    }
                }
                Poll::Ready(Some(Err(e))) => {
                    let error = this.client.body_error(e, this.attempts);
                    return this.fail(error);
                }
                Poll::Ready(None) => {
                    // An event without its closing blank line is dropped.
                    this.body = None;
                    this.decoder.finish();
                }
                Poll::Pending => {
                    let total = match &mut this.total {
                        Some((limit, total)) => {
                            total.as_mut().poll(cx).is_ready().then_some(*limit)
                        }
                        None => None,
                    };
                    if let Some(limit) = total {
                        let error = this.timeout(TimeoutKind::StreamTotal, limit);
                        return this.fail(error);
                    }
                    if this.idle.as_mut().poll(cx).is_ready() {
                        let error = this.timeout(TimeoutKind::StreamIdle, this.idle_limit);
                        return this.fail(error);
                    }
                    return Poll::Pending;
                }
            }
        }
    }
}

// Used by generated methods only when the spec has streaming operations.
#[allow(dead_code)]
impl Client {
    /// Call an operation for its `text/event-stream` response.
    pub(crate) async fn call_event_stream<F, Fut>(
        &self,
        op: &'static Operation,
        send: F,
    ) -> Result<EventStream>
    where
        F: Fn() -> Fut,
        Fut: Future<Output = RawResult>,
    {
        let config = self.config();
        let limits = Limits {
            head: Some(config.stream_head_timeout),
            deadline: config
                .stream_timeout
                .map(|limit| (crate::call::after(limit), limit)),
        };
        let (response, attempts) =
            with_form(Form::EventStream, self.send(op, send, limits)).await?;
        let is_stream = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| {
                v.trim_start()
                    .to_ascii_lowercase()
                    .starts_with(EVENT_STREAM)
            });
        if !response.status().is_success() || !is_stream {
            // An error (or a server that answered with JSON): read it whole,
            // within what is left of the head timeout's budget.
            let read = self.read(response, attempts);
            let received = match limits.attempt(Instant::now()) {
                Some((at, kind, limit)) => {
                    tokio::time::timeout_at(at, read)
                        .await
                        .map_err(|_| Error::Timeout {
                            kind,
                            limit,
                            attempts,
                        })??
                }
                None => read.await?,
            };
            if !received.status.is_success() {
                return Err(crate::call_json::status_error(&received));
            }
            // A JSON success envelope with a non-zero code is still an error.
            if let Err(api @ Error::Api { .. }) =
                crate::envelope::decode::<serde::de::IgnoredAny>(&received)
            {
                return Err(api);
            }
            return Err(received.invalid(format!("expected a {EVENT_STREAM} response")));
        }
        let request_id = response
            .headers()
            .get("x-request-id")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let idle_limit = config.stream_idle_timeout;
        Ok(EventStream {
            body: Some(response.into_inner().into_inner()),
            decoder: Decoder::with_limit(config.max_event_bytes),
            ready: VecDeque::new(),
            idle_limit,
            idle: Box::pin(tokio::time::sleep(idle_limit)),
            total: limits
                .deadline
                .map(|(at, limit)| (limit, Box::pin(tokio::time::sleep_until(at)))),
            client: self.clone(),
            request_id,
            attempts,
        })
    }
}
