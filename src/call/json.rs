//! The plain-JSON plan: calls of operations whose JSON body is not the
//! business envelope (the model-relay endpoints answer in their protocol's
//! own shape).
//!
//! A 2xx body decodes directly into the documented type. Any other status is
//! an error: [`Error::Api`] when the body happens to be a business envelope
//! with a non-zero code, else [`Error::InvalidResponse`] carrying the HTTP
//! status and a bounded snippet of the body.

use std::future::Future;

use serde::de::DeserializeOwned;

use super::envelope;
use super::RawResult;
use crate::error::{snippet, Error, Result};
use crate::operation::Operation;
use crate::received::Received;
use crate::Client;

impl Client {
    /// Call an operation with a plain JSON response and decode it as `T`.
    #[allow(
        dead_code,
        reason = "generated code calls it only when the spec has plain-JSON operations"
    )]
    pub(crate) async fn call_json<T, F, Fut>(&self, op: &'static Operation, send: F) -> Result<T>
    where
        T: DeserializeOwned,
        F: Fn() -> Fut,
        Fut: Future<Output = RawResult>,
    {
        self.call_decoded(op, send, decode_json::<T>).await
    }
}

/// Decode a plain JSON response, or the error it stands for.
pub(crate) fn decode_json<T: DeserializeOwned>(received: &Received) -> Result<T> {
    if !received.status.is_success() {
        return Err(status_error(received));
    }
    serde_json::from_slice(&received.body).map_err(|e| {
        received.invalid(format!(
            "the body does not match the documented type {}: {e}",
            std::any::type_name::<T>()
        ))
    })
}

/// The error a non-2xx response stands for: the business error when the body
/// is an envelope with a non-zero code, else the status and a snippet.
pub(crate) fn status_error(received: &Received) -> Error {
    if let Err(api @ Error::Api { .. }) = envelope::decode::<serde::de::IgnoredAny>(received) {
        return api;
    }
    Error::InvalidResponse {
        http_status: received.status,
        request_id: received.request_id.clone(),
        reason: format!("the API answered HTTP {}", received.status),
        snippet: snippet(&received.body),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::StatusCode;

    fn received(status: u16, body: &str) -> Received {
        Received::for_test(status, bytes::Bytes::copy_from_slice(body.as_bytes()))
    }

    #[derive(Debug, serde::Deserialize, PartialEq)]
    struct Completion {
        id: String,
    }

    #[test]
    fn success_bodies_decode_directly_and_unknown_fields_are_ignored() {
        let r = received(200, r#"{"id":"c1","brand_new":{"x":1}}"#);
        assert_eq!(
            decode_json::<Completion>(&r).unwrap(),
            Completion { id: "c1".into() }
        );
        let err = decode_json::<Completion>(&received(200, r#"{"id":1}"#)).unwrap_err();
        assert!(
            matches!(err, Error::InvalidResponse { ref reason, .. } if reason.contains("documented type")),
            "{err}"
        );
    }

    #[test]
    fn error_statuses_are_typed_errors_with_a_bounded_snippet() {
        let long = format!(r#"{{"error":{{"message":"{}"}}}}"#, "x".repeat(1000));
        match decode_json::<Completion>(&received(429, &long)).unwrap_err() {
            Error::InvalidResponse {
                http_status,
                reason,
                snippet,
                ..
            } => {
                assert_eq!(http_status, StatusCode::TOO_MANY_REQUESTS);
                assert!(reason.contains("429"), "{reason}");
                assert!(snippet.len() <= crate::error::SNIPPET_LIMIT + 3);
            }
            other => panic!("{other:?}"),
        }
        let err = decode_json::<Completion>(&received(
            401,
            r#"{"code":401,"message":"未认证","data":null}"#,
        ))
        .unwrap_err();
        assert_eq!(err.code().map(|c| c.code()), Some(401));
    }
}
