//! One call of an operation, whatever its response plan: send (retrying as
//! [`crate::retry`] decides), read the body within the size limit, all inside
//! one tracing span. Each response plan's entry point and decoding is a
//! submodule: [`envelope`] (the business envelope), [`json`] (plain JSON),
//! [`sse`] (server-sent events) and [`raw`] (the response as it is).

mod envelope;
mod json;
mod raw;
mod sse;

use std::future::Future;

use futures_util::StreamExt;
use progenitor_client::{ByteStream, ResponseValue};
use tokio::time::Instant;
use tracing::Instrument;

use crate::error::{Error, Result};
use crate::hooks::{with_form, Form};
use crate::limits::Limits;
use crate::operation::Operation;
use crate::received::Received;
use crate::retry::Retries;
use crate::Client;

/// The response header that carries the API's request id; built at compile
/// time rather than parsed on every response.
const X_REQUEST_ID: reqwest::header::HeaderName =
    reqwest::header::HeaderName::from_static("x-request-id");

/// What the raw client's methods return.
pub(crate) type RawResult =
    std::result::Result<ResponseValue<ByteStream>, progenitor_client::Error<ByteStream>>;

impl Client {
    /// Send, read the whole body and decode it, inside one tracing span.
    pub(crate) async fn call_decoded<T, F, Fut>(
        &self,
        op: &'static Operation,
        send: F,
        decode: fn(&Received) -> Result<T>,
    ) -> Result<T>
    where
        F: Fn() -> Fut,
        Fut: Future<Output = RawResult>,
    {
        let span = tracing::debug_span!(
            "aitoearn.request",
            operation_id = op.operation_id,
            method = op.http_method,
            path = op.path,
            attempt = tracing::field::Empty,
            http_status = tracing::field::Empty,
            code = tracing::field::Empty,
            request_id = tracing::field::Empty,
            duration_ms = tracing::field::Empty,
        );
        // Timing and span fields only matter when a subscriber listens.
        let started = (!span.is_disabled()).then(std::time::Instant::now);
        let call = async {
            let (response, attempts) = self.send(op, send, Limits::default()).await?;
            let received = self.read(response, attempts).await?;
            span.record("http_status", received.status.as_u16());
            decode(&received)
        };
        // An operation with a stream flag: the hook sets it to `false`.
        // Entering a span on every poll costs even when nobody listens. Each
        // case awaits `call` in place: a wrapping future would move it.
        let outcome = match (op.stream_flag.is_some(), span.is_disabled()) {
            (false, true) => call.await,
            (true, true) => with_form(Form::Json, call).await,
            (false, false) => call.instrument(span.clone()).await,
            (true, false) => with_form(Form::Json, call).instrument(span.clone()).await,
        };
        let Some(started) = started else {
            return outcome;
        };
        span.record("duration_ms", started.elapsed().as_millis() as u64);
        match &outcome {
            Ok(_) => {
                span.record("code", 0);
            }
            Err(e) => {
                if let Some(code) = e.code() {
                    span.record("code", code.code());
                }
                if let Some(id) = e.request_id() {
                    span.record("request_id", id);
                }
                span.in_scope(|| tracing::debug!(error = %e, "request failed"));
            }
        }
        outcome
    }

    /// Send, retrying transient failures as the policy allows. Any response
    /// that is not retried (success or not) is returned for decoding, with
    /// the number of attempts made.
    pub(crate) async fn send<F, Fut>(
        &self,
        op: &'static Operation,
        send: F,
        limits: Limits,
    ) -> Result<(ResponseValue<ByteStream>, u32)>
    where
        F: Fn() -> Fut,
        Fut: Future<Output = RawResult>,
    {
        let config = &self.config();
        let mut retries = Retries::new(&config.retry, op.is_idempotent());
        let mut attempt: u32 = 0;
        loop {
            attempt += 1;
            tracing::Span::current().record("attempt", attempt);
            // Ordinary calls rely on reqwest's per-request timeout; streams
            // bound the wait for the response head here. Boxed: a timer
            // inline would grow every call's future for the streams' sake.
            let deadline = if limits.any() {
                limits.attempt(Instant::now())
            } else {
                None
            };
            let outcome = match deadline {
                None => Ok(send().await),
                Some((at, kind, limit)) => Box::pin(tokio::time::timeout_at(at, send()))
                    .await
                    .map_err(|_| (kind, limit)),
            };
            if let Some(wait) = retries.wait_after(&outcome) {
                tracing::debug!(attempt, wait_ms = wait.as_millis() as u64, "retrying");
                drop(outcome);
                tokio::time::sleep(wait).await;
                continue;
            }
            return match outcome {
                Ok(Ok(rv)) | Ok(Err(progenitor_client::Error::ErrorResponse(rv))) => {
                    Ok((rv, attempt))
                }
                Ok(Err(e)) => Err(self.transport_error(e, attempt)),
                Err((kind, limit)) => Err(Error::Timeout {
                    kind,
                    limit,
                    attempts: attempt,
                }),
            };
        }
    }

    fn transport_error(&self, error: progenitor_client::Error<ByteStream>, attempts: u32) -> Error {
        let config = self.config();
        match error {
            progenitor_client::Error::CommunicationError(e)
            | progenitor_client::Error::ResponseBodyError(e) => config.body_error(e, attempts),
            progenitor_client::Error::Custom(message) => Error::Config(message),
            progenitor_client::Error::InvalidRequest(message) => Error::InvalidArgument {
                parameter: "request".into(),
                reason: message,
            },
            other => Error::Config(format!("unexpected client error: {other}")),
        }
    }

    /// Read the whole body, refusing more than the configured limit. A body
    /// that arrives in one chunk is kept as it is, without copying.
    pub(crate) async fn read(
        &self,
        response: ResponseValue<ByteStream>,
        attempts: u32,
    ) -> Result<Received> {
        let config = self.config();
        let limit = config.max_response_bytes;
        let status = response.status();
        let text = |name: reqwest::header::HeaderName| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        let request_id = text(X_REQUEST_ID);
        let location = if status.is_redirection() {
            text(reqwest::header::LOCATION)
        } else {
            None
        };
        let mut received = Received {
            status,
            request_id,
            location,
            body: bytes::Bytes::new(),
        };
        let mut stream = response.into_inner();
        let mut joined: Option<bytes::BytesMut> = None;
        let mut seen = 0usize;
        while let Some(chunk) = stream.next().await {
            let chunk = chunk.map_err(|e| config.body_error(e, attempts))?;
            seen += chunk.len();
            if seen > limit {
                let mut kept = joined.unwrap_or_else(|| bytes::BytesMut::from(&received.body[..]));
                kept.extend_from_slice(&chunk[..chunk.len().min(limit.saturating_sub(kept.len()))]);
                received.body = kept.freeze();
                return Err(received.invalid(format!(
                    "the body is larger than the limit of {limit} bytes (read {seen} bytes before stopping)"
                )));
            }
            match &mut joined {
                Some(buf) => buf.extend_from_slice(&chunk),
                None if received.body.is_empty() => received.body = chunk,
                None => {
                    let mut buf = bytes::BytesMut::from(&received.body[..]);
                    buf.extend_from_slice(&chunk);
                    joined = Some(buf);
                }
            }
        }
        if let Some(buf) = joined {
            received.body = buf.freeze();
        }
        Ok(received)
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::operation::Auth;
    use crate::RetryPolicy;
    use wiremock::matchers::any;
    use wiremock::{Mock, MockServer, ResponseTemplate};

    /// The vendored spec has no POST operation; this stands in for one.
    static POST_OP: Operation = Operation {
        operation_id: "ThingController_create",
        method_name: "thing_create",
        raw_method_name: "thing_controller_create",
        http_method: "POST",
        path: "/things",
        auth: Auth::None,
        enveloped: true,
        stream_flag: None,
    };

    async fn post_503(retry: RetryPolicy) -> usize {
        let server = MockServer::start().await;
        Mock::given(any())
            .respond_with(ResponseTemplate::new(503))
            .mount(&server)
            .await;
        let client = Client::builder()
            .base_url(server.uri())
            .retry(retry)
            .build()
            .unwrap();
        let url = format!("{}/things", server.uri());
        let http = client.raw_client().client.clone();
        let send = || {
            let (http, url) = (http.clone(), url.clone());
            async move {
                let response = http
                    .post(url)
                    .send()
                    .await
                    .map_err(progenitor_client::Error::CommunicationError)?;
                Ok(ResponseValue::stream(response))
            }
        };
        let err = client
            .call_enveloped::<serde_json::Value, _, _>(&POST_OP, send)
            .await
            .unwrap_err();
        assert_eq!(err.http_status().map(|s| s.as_u16()), Some(503));
        server.received_requests().await.unwrap_or_default().len()
    }

    #[tokio::test]
    async fn a_post_that_gets_503_is_sent_exactly_once() {
        let fast =
            RetryPolicy::default().backoff(Duration::from_millis(1), Duration::from_millis(5));
        assert_eq!(post_503(fast.clone()).await, 1);
        assert_eq!(post_503(fast.retry_non_idempotent(true)).await, 3);
    }
}
