//! The envelope rule: a response body is `{code, message, data, requestId,
//! timestamp}` and only `code == 0` is success, whatever the HTTP status.
//!
//! The body is parsed once: the envelope's fields are read in one pass that
//! borrows `data` as an unparsed slice, and that slice is then decoded once,
//! into the success type or (for an error) into a JSON value.

use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::value::RawValue;

use crate::error::{snippet, Error, ErrorCode, Result};

/// A response as received: status, headers and the whole body.
#[derive(Debug)]
pub(crate) struct Received {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: bytes::Bytes,
}

impl Received {
    /// The `x-request-id` response header, when present and printable.
    pub fn header_request_id(&self) -> Option<String> {
        self.headers
            .get("x-request-id")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    }

    /// An [`Error::InvalidResponse`] for this response.
    pub fn invalid(&self, reason: impl Into<String>) -> Error {
        Error::InvalidResponse {
            http_status: self.status,
            request_id: self.header_request_id(),
            reason: reason.into(),
            snippet: snippet(&self.body),
        }
    }
}

#[derive(Deserialize)]
struct Envelope<'a> {
    code: i64,
    #[serde(default)]
    message: Option<String>,
    #[serde(default, borrow)]
    data: Option<&'a RawValue>,
    #[serde(default, rename = "requestId", deserialize_with = "lenient")]
    request_id: Option<String>,
    #[serde(default, deserialize_with = "lenient")]
    timestamp: Option<i64>,
}

/// Metadata fields must never fail an otherwise good response: a value of
/// the wrong type reads as absent.
fn lenient<'de, D, T>(deserializer: D) -> std::result::Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: DeserializeOwned,
{
    let value = <&RawValue>::deserialize(deserializer)?;
    Ok(serde_json::from_str(value.get()).ok())
}

/// Apply the envelope rule to a received response.
pub(crate) fn decode<T: DeserializeOwned>(received: &Received) -> Result<T> {
    if received.status.is_redirection() {
        let location = received
            .headers
            .get(reqwest::header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("<none>");
        return Err(received.invalid(format!(
            "redirect to {location} not followed: it leaves the API's origin, and the API key must not travel there"
        )));
    }
    let envelope: Envelope<'_> = serde_json::from_slice(&received.body)
        .map_err(|e| received.invalid(format!("the body is not a response envelope: {e}")))?;
    let request_id = envelope.request_id.or_else(|| received.header_request_id());
    if envelope.code != 0 {
        return Err(Error::Api {
            code: ErrorCode::from_code(envelope.code),
            message: envelope.message.unwrap_or_default(),
            request_id,
            timestamp: envelope.timestamp,
            http_status: received.status,
            data: envelope
                .data
                .and_then(|raw| serde_json::from_str(raw.get()).ok()),
        });
    }
    let data = envelope.data.map_or("null", RawValue::get);
    serde_json::from_str(data).map_err(|e| {
        let what = if envelope.data.is_none() {
            "the success envelope has no `data`".to_string()
        } else {
            format!("`data` does not match the documented type: {e}")
        };
        Error::InvalidResponse {
            http_status: received.status,
            request_id,
            reason: format!("{what} (expected {})", std::any::type_name::<T>()),
            snippet: snippet(&received.body),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn received(status: u16, body: &str) -> Received {
        Received {
            status: StatusCode::from_u16(status).unwrap(),
            headers: HeaderMap::new(),
            body: bytes::Bytes::copy_from_slice(body.as_bytes()),
        }
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
        Received {
            status: StatusCode::from_u16(status).unwrap(),
            headers: HeaderMap::new(),
            body: body.into(),
        }
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
