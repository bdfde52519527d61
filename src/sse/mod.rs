//! Server-sent events: the responses of the streaming operations
//! (`text/event-stream`), exposed as a [`Stream`](futures_core::Stream) of
//! [`Event`]s decoded as the bytes arrive, never buffered whole.
//!
//! An operation that only streams returns an [`EventStream`] from its
//! builder's `.send()`; one that offers both JSON and SSE for the same
//! response has `.send()` for the typed JSON and `.send_stream()` for an
//! [`EventStream`]. Where the protocol chooses streaming by a body field
//! (`"stream": true` for the OpenAI- and Anthropic-compatible relays;
//! [`Operation::stream_flag`](crate::Operation::stream_flag)), the SDK sets it:
//! `true` on the stream form, `false` on the JSON form.
//!
//! ```no_run
//! # async fn demo(mut events: aitoearn::sse::EventStream) -> aitoearn::Result<()> {
//! use futures_util::StreamExt;
//! // `events` comes from a streaming call, e.g. `client.relay_claude_messages(&body).send().await?`
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
//!
//! Limits (see [`ClientBuilder`](crate::ClientBuilder)): the response head
//! must arrive within [`stream_head_timeout`](crate::ClientBuilder::stream_head_timeout),
//! and the body may pause at most [`stream_idle_timeout`](crate::ClientBuilder::stream_idle_timeout)
//! between chunks; there is no cap on the whole stream unless
//! [`stream_timeout`](crate::ClientBuilder::stream_timeout) is set. One event
//! may hold at most [`max_event_bytes`](crate::ClientBuilder::max_event_bytes).
//! Each limit ends the stream with its own typed error.

mod decoder;
mod stream;

use serde::de::DeserializeOwned;

use crate::error::{Error, Result};

pub use decoder::{parse, DecodeError, Decoder};
pub use stream::EventStream;

/// The media type of server-sent events.
pub const EVENT_STREAM: &str = "text/event-stream";

/// One server-sent event.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
pub struct Event {
    /// The event type (`event:` field), when given and not empty (the
    /// default type, `message`, is `None`).
    pub event: Option<String>,
    /// The `data:` lines, joined with `\n`.
    pub data: String,
    /// The last event id (`id:` field) seen so far in the stream, as the
    /// rules define it: it carries over to later events until another `id:`
    /// line changes it; `None` when none was given or it was reset to empty.
    pub id: Option<String>,
    /// The `retry:` field (milliseconds) given in this event, when all digits.
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

#[cfg(test)]
mod unit_tests {
    use super::*;

    #[test]
    fn events_are_decoded_across_chunk_boundaries() {
        let text = "event: message_start\ndata: {\"a\":1}\n\n: comment\r\ndata: line1\r\ndata: line2\r\nid: 7\r\nretry: 10\r\n\r\ndata: [DONE]\n\n";
        let mut decoder = Decoder::new();
        let mut events = Vec::new();
        for byte in text.as_bytes().chunks(3) {
            events.extend(decoder.push(byte).unwrap());
        }
        decoder.finish();
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
