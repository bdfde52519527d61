//! Server-sent events: the responses of the streaming operations
//! (`text/event-stream`), exposed as a [`Stream`] of [`Event`]s decoded as
//! the bytes arrive, never buffered whole.
//!
//! An operation that only streams returns an [`EventStream`]; one that offers
//! both JSON and SSE for the same response has a typed JSON method and a
//! `<method>_stream` method returning an [`EventStream`].
//!
//! ```no_run
//! # async fn demo(mut events: aitoearn::sse::EventStream) -> aitoearn::Result<()> {
//! use futures_util::StreamExt;
//! // `events` comes from a streaming method, e.g. `client.relay_claude_messages(&body).await?`
//! // (built from the full upstream spec).
//! while let Some(event) = events.next().await {
//!     let event = event?;
//!     println!("{:?}: {}", event.event, event.data);
//! }
//! # Ok(()) }
//! ```
//!
//! Each event's `data` is text; [`Event::json`] decodes it (the relay
//! endpoints send JSON), and [`Event::is_done`] recognizes OpenAI's `[DONE]`.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::{Buf, BytesMut};
use futures_core::Stream;
use serde::de::DeserializeOwned;

use crate::call::RawResult;
use crate::error::{Error, Result};
use crate::operation::Operation;
use crate::Client;

/// The media type of server-sent events.
pub const EVENT_STREAM: &str = "text/event-stream";

tokio::task_local! {
    /// Set while a streaming call sends its request: the transport hook then
    /// asks for `text/event-stream` instead of JSON.
    static WANT_EVENT_STREAM: bool;
}

/// Called by the transport hook on every request: ask for SSE when the
/// request belongs to a streaming call.
pub(crate) fn adjust_accept(request: &mut reqwest::Request) {
    if WANT_EVENT_STREAM.try_with(|want| *want).unwrap_or(false) {
        request.headers_mut().insert(
            reqwest::header::ACCEPT,
            reqwest::header::HeaderValue::from_static(EVENT_STREAM),
        );
    }
}

/// One server-sent event.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
pub struct Event {
    /// The `event:` field (the event type), when given.
    pub event: Option<String>,
    /// The `data:` lines, joined with `\n`.
    pub data: String,
    /// The `id:` field, when given.
    pub id: Option<String>,
    /// The `retry:` field (milliseconds), when given and numeric.
    pub retry: Option<u64>,
}

impl Event {
    /// Decode the data as JSON.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T> {
        serde_json::from_str(&self.data).map_err(|e| Error::InvalidResponse {
            http_status: reqwest::StatusCode::OK,
            request_id: None,
            reason: format!(
                "an event's data is not the expected {}: {e}",
                std::any::type_name::<T>()
            ),
            snippet: crate::error::snippet(self.data.as_bytes()),
        })
    }

    /// Whether this is the `[DONE]` sentinel OpenAI-compatible streams end with.
    pub fn is_done(&self) -> bool {
        self.data.trim() == "[DONE]"
    }
}

/// Incremental SSE decoder (the WHATWG `text/event-stream` rules): feed it
/// bytes, take complete events out.
#[derive(Debug, Default)]
pub struct Decoder {
    buffer: BytesMut,
    current: Event,
    has_data: bool,
}

impl Decoder {
    /// A decoder with nothing buffered.
    pub fn new() -> Self {
        Self::default()
    }

    /// Add bytes and return the events they complete.
    pub fn push(&mut self, bytes: &[u8]) -> Vec<Event> {
        self.buffer.extend_from_slice(bytes);
        let mut out = Vec::new();
        while let Some(end) = self.buffer.iter().position(|b| *b == b'\n' || *b == b'\r') {
            // A CR LF pair is one line end; wait for the LF if only the CR has arrived.
            if self.buffer[end] == b'\r' && end + 1 == self.buffer.len() {
                break;
            }
            let line = self.buffer.split_to(end);
            let skip = if self.buffer.starts_with(b"\r\n") {
                2
            } else {
                1
            };
            self.buffer.advance(skip);
            if let Some(event) = self.line(&String::from_utf8_lossy(&line)) {
                out.push(event);
            }
        }
        out
    }

    /// Signal the end of the body: a last event not followed by a blank line
    /// is still delivered.
    pub fn finish(&mut self) -> Option<Event> {
        let rest = std::mem::take(&mut self.buffer);
        let mut last = None;
        if !rest.is_empty() {
            last = self.line(&String::from_utf8_lossy(&rest));
        }
        last.or_else(|| self.line(""))
    }

    fn line(&mut self, line: &str) -> Option<Event> {
        if line.is_empty() {
            if !self.has_data && self.current.event.is_none() {
                self.current = Event::default();
                return None;
            }
            self.has_data = false;
            return Some(std::mem::take(&mut self.current));
        }
        if line.starts_with(':') {
            return None;
        }
        let (field, value) = match line.split_once(':') {
            Some((f, v)) => (f, v.strip_prefix(' ').unwrap_or(v)),
            None => (line, ""),
        };
        match field {
            "data" => {
                if self.has_data {
                    self.current.data.push('\n');
                }
                self.current.data.push_str(value);
                self.has_data = true;
            }
            "event" => self.current.event = Some(value.to_string()),
            "id" => self.current.id = Some(value.to_string()),
            "retry" => self.current.retry = value.parse().ok(),
            _ => {}
        }
        None
    }
}

/// Decode a whole SSE text (for tests and documented examples).
pub fn parse(text: &str) -> Vec<Event> {
    let mut decoder = Decoder::new();
    let mut events = decoder.push(text.as_bytes());
    events.extend(decoder.finish());
    events
}

type ByteChunks =
    Pin<Box<dyn Stream<Item = std::result::Result<bytes::Bytes, reqwest::Error>> + Send + Sync>>;

/// The events of one streaming response, decoded as they arrive. Drop it to
/// stop reading (the connection is closed).
pub struct EventStream {
    body: Option<ByteChunks>,
    decoder: Decoder,
    ready: std::collections::VecDeque<Event>,
    client: Client,
    /// Attempts the call took, for errors while reading.
    attempts: u32,
}

impl std::fmt::Debug for EventStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EventStream")
            .field("buffered_events", &self.ready.len())
            .finish()
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
            match body.as_mut().poll_next(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(Some(Ok(chunk))) => this.ready.extend(this.decoder.push(&chunk)),
                Poll::Ready(Some(Err(e))) => {
                    this.body = None;
                    return Poll::Ready(Some(Err(this.client.body_error(e, this.attempts))));
                }
                Poll::Ready(None) => {
                    this.body = None;
                    this.ready.extend(this.decoder.finish());
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
        let (response, attempts) = WANT_EVENT_STREAM.scope(true, self.send(op, send)).await?;
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
            // An error (or a server that answered with JSON): read it whole.
            let received = self.read(response, attempts).await?;
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
        Ok(EventStream {
            body: Some(response.into_inner().into_inner()),
            decoder: Decoder::new(),
            ready: Default::default(),
            client: self.clone(),
            attempts,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_are_decoded_across_chunk_boundaries() {
        let text = "event: message_start\ndata: {\"a\":1}\n\n: comment\r\ndata: line1\r\ndata: line2\r\nid: 7\r\nretry: 10\r\n\r\ndata: [DONE]";
        let mut decoder = Decoder::new();
        let mut events = Vec::new();
        for byte in text.as_bytes().chunks(3) {
            events.extend(decoder.push(byte));
        }
        events.extend(decoder.finish());
        assert_eq!(events, parse(text));
        assert_eq!(events.len(), 3);
        assert_eq!(events[0].event.as_deref(), Some("message_start"));
        assert_eq!(
            events[0].json::<serde_json::Value>().unwrap(),
            serde_json::json!({"a": 1})
        );
        assert_eq!(events[1].data, "line1\nline2");
        assert_eq!(
            (events[1].id.as_deref(), events[1].retry),
            (Some("7"), Some(10))
        );
        assert!(events[2].is_done());
        assert!(parse("\n\n: only comments\n\n").is_empty());
    }
}
