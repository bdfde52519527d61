//! The server-sent-events plan: send the call as its event-stream form and,
//! once a `text/event-stream` response head arrives, hand its body over as an
//! [`EventStream`]; anything else is read whole and turned into its error.

use std::future::Future;

use tokio::time::Instant;

use super::envelope::decode;
use super::json::status_error;
use super::RawResult;
use crate::error::{Error, Result};
use crate::hooks::{with_form, Form};
use crate::limits::{after, Limits};
use crate::operation::Operation;
use crate::sse::{EventStream, EVENT_STREAM};
use crate::Client;

#[cfg(test)]
mod tests;

impl Client {
    /// Call an operation for its `text/event-stream` response.
    #[allow(
        dead_code,
        reason = "generated code calls it only when the spec has streaming operations"
    )]
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
            deadline: config.stream_timeout.map(|limit| (after(limit), limit)),
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
                return Err(status_error(&received));
            }
            // A JSON success envelope with a non-zero code is still an error.
            if let Err(api @ Error::Api { .. }) = decode::<serde::de::IgnoredAny>(&received) {
                return Err(api);
            }
            return Err(received.invalid(format!("expected a {EVENT_STREAM} response")));
        }
        Ok(EventStream::new(response, self, limits.deadline, attempts))
    }
}
