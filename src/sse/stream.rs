//! [`EventStream`]: one streaming response read as events, under the stream
//! limits (idle timeout, optional overall deadline, per-event size).

use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use futures_core::Stream;
use tokio::time::{Instant, Sleep};

use super::{DecodeError, Decoder, Event};
use crate::error::{Error, Result, TimeoutKind};
use crate::limits::after;
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

    /// The events of `response`, which has been checked to be a stream (see
    /// `Client::call_event_stream`), read under the client's stream limits;
    /// `deadline` is the overall one, when set, and the limit behind it.
    pub(crate) fn new(
        response: progenitor_client::ResponseValue<progenitor_client::ByteStream>,
        client: &Client,
        deadline: Option<(Instant, Duration)>,
        attempts: u32,
    ) -> Self {
        let config = client.config();
        let request_id = response
            .headers()
            .get("x-request-id")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let idle_limit = config.stream_idle_timeout;
        EventStream {
            body: Some(response.into_inner().into_inner()),
            decoder: Decoder::with_limit(config.max_event_bytes),
            ready: VecDeque::new(),
            idle_limit,
            idle: Box::pin(tokio::time::sleep(idle_limit)),
            total: deadline.map(|(at, limit)| (limit, Box::pin(tokio::time::sleep_until(at)))),
            client: client.clone(),
            request_id,
            attempts,
        }
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
                    this.idle.as_mut().reset(after(this.idle_limit));
                    match this.decoder.push(&chunk) {
                        Ok(events) => this.ready.extend(events),
                        Err(DecodeError::EventTooLarge { limit }) => {
                            let request_id = this.request_id.clone();
                            return this.fail(Error::EventTooLarge { limit, request_id });
                        }
                    }
                }
                Poll::Ready(Some(Err(e))) => {
                    let error = this.client.config().body_error(e, this.attempts);
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
