//! The envelope rule: a response body is `{code, message, data, requestId,
//! timestamp}` and only `code == 0` is success, whatever the HTTP status.
//!
//! The body is parsed in one pass. When `code` precedes `data` (as the API
//! sends it), `data` is decoded straight into the success type if `code` is
//! 0, or into a JSON value for the error; only when `data` comes first is it
//! borrowed as an unparsed slice and decoded once `code` is known.

mod scan;

use std::borrow::Cow;
use std::future::Future;

use serde::de::DeserializeOwned;

use self::scan::{scan, Data, ScanError};
use super::RawResult;
use crate::error::{snippet, Error, ErrorCode, Result};
use crate::operation::Operation;
use crate::received::Received;
use crate::Client;

impl Client {
    /// Call an enveloped operation and return its typed `data`.
    pub(crate) async fn call_enveloped<T, F, Fut>(
        &self,
        op: &'static Operation,
        send: F,
    ) -> Result<T>
    where
        T: DeserializeOwned,
        F: Fn() -> Fut,
        Fut: Future<Output = RawResult>,
    {
        self.call_decoded(op, send, decode::<T>).await
    }
}

/// Apply the envelope rule to a received response.
pub(crate) fn decode<T: DeserializeOwned>(received: &Received) -> Result<T> {
    if received.status.is_redirection() {
        let location = received.location.as_deref().unwrap_or("<none>");
        return Err(received.invalid(format!(
            "redirect to {location} not followed: it leaves the API's origin, and the API key must not travel there"
        )));
    }
    let envelope = match scan::<T>(&received.body) {
        Ok(envelope) => envelope,
        Err(ScanError::Data(e)) => return Err(data_mismatch::<T>(received, None, &e)),
        Err(ScanError::NotEnvelope(e)) => {
            return Err(received.invalid(format!("the body is not a response envelope: {e}")))
        }
    };
    if envelope.code != 0 {
        let request_id = envelope
            .request_id
            .map(Cow::into_owned)
            .or_else(|| received.request_id.clone());
        let data = match envelope.data {
            Data::Raw(raw) => serde_json::from_str(raw.get()).ok(),
            Data::Absent | Data::Typed(_) => None,
        };
        return Err(Error::Api {
            code: ErrorCode::from_code(envelope.code),
            message: envelope.message.map(Cow::into_owned).unwrap_or_default(),
            request_id,
            timestamp: envelope.timestamp,
            http_status: received.status,
            data,
        });
    }
    match envelope.data {
        Data::Typed(value) => Ok(value),
        Data::Raw(raw) => serde_json::from_str(raw.get()).map_err(|e| {
            data_mismatch::<T>(received, envelope.request_id.map(Cow::into_owned), &e)
        }),
        Data::Absent => serde_json::from_str("null").map_err(|_| Error::InvalidResponse {
            http_status: received.status,
            request_id: envelope
                .request_id
                .map(Cow::into_owned)
                .or_else(|| received.request_id.clone()),
            reason: format!(
                "the success envelope has no `data` (expected {})",
                std::any::type_name::<T>()
            ),
            snippet: snippet(&received.body),
        }),
    }
}

fn data_mismatch<T>(
    received: &Received,
    request_id: Option<String>,
    e: &serde_json::Error,
) -> Error {
    Error::InvalidResponse {
        http_status: received.status,
        request_id: request_id.or_else(|| received.request_id.clone()),
        reason: format!(
            "`data` does not match the documented type: {e} (expected {})",
            std::any::type_name::<T>()
        ),
        snippet: snippet(&received.body),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::StatusCode;
    use serde::Deserialize;

    fn received(status: u16, body: &str) -> Received {
        Received::for_test(status, bytes::Bytes::copy_from_slice(body.as_bytes()))
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct Thing {
        id: String,
    }

    #[test]
    fn success_yields_data() {
        let r = received(
            200,
            r#"{"code":0,"message":"ok","data":{"id":"a\"b"},"requestId":"r1"}"#,
        );
        assert_eq!(decode::<Thing>(&r).unwrap(), Thing { id: "a\"b".into() });
    }

    #[test]
    fn nonzero_code_is_api_error_even_when_data_does_not_fit() {
        let r = received(
            200,
            r#"{"code":15000,"message":"发布记录未找到","data":{},"timestamp":1772099056662}"#,
        );
        match decode::<Thing>(&r).unwrap_err() {
            Error::Api {
                code,
                message,
                timestamp,
                http_status,
                data,
                request_id,
            } => {
                assert_eq!(code.code(), 15000);
                assert_eq!(message, "发布记录未找到");
                assert_eq!(timestamp, Some(1772099056662));
                assert_eq!(http_status, StatusCode::OK);
                assert_eq!(data, Some(serde_json::json!({})));
                assert_eq!(request_id, None);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn data_before_code_is_decoded_once_code_is_known() {
        let r = received(200, r#"{"data":{"id":"x"},"message":"ok","code":0}"#);
        assert_eq!(decode::<Thing>(&r).unwrap(), Thing { id: "x".into() });
        let r = received(200, r#"{"data":{},"message":"gone","code":15000}"#);
        assert_eq!(
            decode::<Thing>(&r).unwrap_err().code().map(ErrorCode::code),
            Some(15000)
        );
        let r = received(200, r#"{"data":{"id":1},"code":0}"#);
        assert!(
            matches!(decode::<Thing>(&r).unwrap_err(), Error::InvalidResponse { ref reason, .. } if reason.contains("does not match"))
        );
    }

    #[test]
    fn escaped_keys_are_read() {
        let r = received(200, r#"{"co\u0064e":0,"data":{"id":"x"}}"#);
        assert_eq!(decode::<Thing>(&r).unwrap(), Thing { id: "x".into() });
    }

    #[test]
    fn trailing_garbage_is_not_an_envelope() {
        let r = received(200, r#"{"code":0,"data":{"id":"x"}} trailing"#);
        assert!(
            matches!(decode::<Thing>(&r).unwrap_err(), Error::InvalidResponse { ref reason, .. } if reason.contains("not a response envelope"))
        );
    }

    #[test]
    fn metadata_of_the_wrong_type_is_ignored() {
        let r = received(
            200,
            r#"{"code":0,"message":"ok","data":{"id":"x"},"timestamp":"soon","requestId":7}"#,
        );
        assert_eq!(decode::<Thing>(&r).unwrap(), Thing { id: "x".into() });
    }

    #[test]
    fn bodies_that_are_not_envelopes_are_invalid_responses() {
        for body in [
            "<html>bad gateway</html>",
            "",
            "{\"code\":",
            "[1,2]",
            "{\"message\":\"x\"}",
            "{\"code\":\"0\"}",
        ] {
            match decode::<Thing>(&received(502, body)).unwrap_err() {
                Error::InvalidResponse {
                    http_status,
                    reason,
                    snippet,
                    ..
                } => {
                    assert_eq!(http_status, StatusCode::BAD_GATEWAY);
                    assert!(reason.contains("not a response envelope"), "{reason}");
                    assert_eq!(snippet, body);
                }
                other => panic!("{body}: {other:?}"),
            }
        }
    }

    #[test]
    fn success_without_fitting_data_is_an_invalid_response() {
        let err = decode::<Thing>(&received(
            200,
            r#"{"code":0,"message":"ok","data":{"id":1}}"#,
        ))
        .unwrap_err();
        assert!(
            matches!(err, Error::InvalidResponse { ref reason, .. } if reason.contains("does not match")),
            "{err}"
        );
        let err = decode::<Thing>(&received(200, r#"{"code":0,"message":"ok"}"#)).unwrap_err();
        assert!(
            matches!(err, Error::InvalidResponse { ref reason, .. } if reason.contains("no `data`")),
            "{err}"
        );
        assert_eq!(
            decode::<Option<Thing>>(&received(200, r#"{"code":0,"message":"ok"}"#)).unwrap(),
            None
        );
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    fn received(status: u16, body: Vec<u8>) -> Received {
        Received::for_test(status, body)
    }

    proptest! {
        /// Any bytes at all: the decoder returns, and any error is bounded.
        #[test]
        fn arbitrary_bytes_never_panic(body in proptest::collection::vec(any::<u8>(), 0..2048), status in 100u16..600) {
            match decode::<serde_json::Value>(&received(status, body)) {
                Ok(_) => {}
                Err(Error::InvalidResponse { snippet, .. }) => prop_assert!(snippet.len() <= crate::error::SNIPPET_LIMIT + 3),
                Err(Error::Api { .. }) => {}
                Err(other) => prop_assert!(false, "unexpected error {other:?}"),
            }
        }

        /// Envelope-shaped text with arbitrary fields: the decoder returns.
        #[test]
        fn envelope_like_json_never_panics(code in any::<i64>(), message in ".*", data in ".{0,64}", ts in ".{0,16}") {
            let body = format!(r#"{{"code":{code},"message":{message:?},"data":{data},"timestamp":{ts}}}"#);
            let _ = decode::<std::collections::BTreeMap<String, i64>>(&received(200, body.into_bytes()));
        }
    }
}
