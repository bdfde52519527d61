//! The envelope rule: a response body is `{code, message, data, requestId,
//! timestamp}` and only `code == 0` is success, whatever the HTTP status.
//!
//! The body is parsed in one pass. When `code` precedes `data` (as the API
//! sends it), `data` is decoded straight into the success type if `code` is
//! 0, or into a JSON value for the error; only when `data` comes first is it
//! borrowed as an unparsed slice and decoded once `code` is known.

use std::cell::Cell;
use std::fmt;
use std::marker::PhantomData;

use reqwest::StatusCode;
use serde::de::{DeserializeOwned, DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use serde::Deserializer;
use serde_json::value::RawValue;

use crate::error::{snippet, Error, ErrorCode, Result};

/// A response as received: status, the headers the SDK reads, and the whole body.
#[derive(Debug)]
pub(crate) struct Received {
    pub status: StatusCode,
    /// The `x-request-id` header, when present and printable.
    pub request_id: Option<String>,
    /// The `Location` header, read for redirects only.
    pub location: Option<String>,
    pub body: bytes::Bytes,
}

impl Received {
    /// A response with no headers, for tests.
    #[cfg(test)]
    pub(crate) fn for_test(status: u16, body: impl Into<bytes::Bytes>) -> Self {
        Self {
            status: StatusCode::from_u16(status).expect("a valid status"),
            request_id: None,
            location: None,
            body: body.into(),
        }
    }

    /// An [`Error::InvalidResponse`] for this response.
    pub fn invalid(&self, reason: impl Into<String>) -> Error {
        Error::InvalidResponse {
            http_status: self.status,
            request_id: self.request_id.clone(),
            reason: reason.into(),
            snippet: snippet(&self.body),
        }
    }
}

/// What the single pass found.
struct Envelope<'a, T> {
    code: i64,
    message: Option<String>,
    data: Data<'a, T>,
    request_id: Option<String>,
    timestamp: Option<i64>,
}

enum Data<'a, T> {
    Absent,
    Typed(T),
    Raw(&'a RawValue),
}

struct EnvelopeVisitor<'f, T> {
    /// Set while `data` is being decoded into `T`, so that a failure there is
    /// told apart from a malformed envelope.
    decoding_data: &'f Cell<bool>,
    marker: PhantomData<T>,
}

impl<'de, T: DeserializeOwned> Visitor<'de> for EnvelopeVisitor<'_, T> {
    type Value = Envelope<'de, T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a response envelope object")
    }

    fn visit_map<A: MapAccess<'de>>(
        self,
        mut map: A,
    ) -> std::result::Result<Self::Value, A::Error> {
        let mut code: Option<i64> = None;
        let mut message = None;
        let mut data = Data::Absent;
        let mut request_id = None;
        let mut timestamp = None;
        while let Some(key) = map.next_key::<Key>()? {
            match key {
                Key::Code => code = Some(map.next_value()?),
                Key::Data => {
                    data = match code {
                        Some(0) => {
                            self.decoding_data.set(true);
                            let value = map.next_value::<T>()?;
                            self.decoding_data.set(false);
                            Data::Typed(value)
                        }
                        _ => Data::Raw(map.next_value()?),
                    }
                }
                Key::Message => message = map.next_value::<Lenient<String>>()?.0,
                Key::RequestId => request_id = map.next_value::<Lenient<String>>()?.0,
                Key::Timestamp => timestamp = map.next_value::<Lenient<i64>>()?.0,
                Key::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        let code = code.ok_or_else(|| serde::de::Error::missing_field("code"))?;
        Ok(Envelope {
            code,
            message,
            data,
            request_id,
            timestamp,
        })
    }
}

/// The envelope's keys (read from borrowed or escaped strings alike).
enum Key {
    Code,
    Message,
    Data,
    RequestId,
    Timestamp,
    Other,
}

impl<'de> serde::Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        struct KeyVisitor;
        impl Visitor<'_> for KeyVisitor {
            type Value = Key;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an envelope key")
            }
            fn visit_str<E: serde::de::Error>(self, key: &str) -> std::result::Result<Key, E> {
                Ok(match key {
                    "code" => Key::Code,
                    "message" => Key::Message,
                    "data" => Key::Data,
                    "requestId" => Key::RequestId,
                    "timestamp" => Key::Timestamp,
                    _ => Key::Other,
                })
            }
        }
        deserializer.deserialize_identifier(KeyVisitor)
    }
}

/// Metadata fields must never fail an otherwise good response: a value of
/// the wrong type reads as absent. Read in the same pass as the rest.
struct Lenient<T>(Option<T>);

impl<'de> serde::Deserialize<'de> for Lenient<String> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        deserializer.deserialize_any(LenientVisitor::<String>(PhantomData))
    }
}

impl<'de> serde::Deserialize<'de> for Lenient<i64> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        deserializer.deserialize_any(LenientVisitor::<i64>(PhantomData))
    }
}

struct LenientVisitor<T>(PhantomData<T>);

/// Accepts any JSON value; keeps it only when it has the wanted type.
macro_rules! ignore_other_values {
    () => {
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("any value")
        }
        fn visit_bool<E: serde::de::Error>(self, _: bool) -> std::result::Result<Self::Value, E> {
            Ok(Lenient(None))
        }
        fn visit_f64<E: serde::de::Error>(self, _: f64) -> std::result::Result<Self::Value, E> {
            Ok(Lenient(None))
        }
        fn visit_unit<E: serde::de::Error>(self) -> std::result::Result<Self::Value, E> {
            Ok(Lenient(None))
        }
        fn visit_seq<A: serde::de::SeqAccess<'de>>(
            self,
            mut seq: A,
        ) -> std::result::Result<Self::Value, A::Error> {
            while seq.next_element::<IgnoredAny>()?.is_some() {}
            Ok(Lenient(None))
        }
        fn visit_map<A: MapAccess<'de>>(
            self,
            mut map: A,
        ) -> std::result::Result<Self::Value, A::Error> {
            while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
            Ok(Lenient(None))
        }
    };
}

impl<'de> Visitor<'de> for LenientVisitor<String> {
    type Value = Lenient<String>;
    ignore_other_values!();
    fn visit_str<E: serde::de::Error>(self, v: &str) -> std::result::Result<Self::Value, E> {
        Ok(Lenient(Some(v.to_owned())))
    }
    fn visit_i64<E: serde::de::Error>(self, _: i64) -> std::result::Result<Self::Value, E> {
        Ok(Lenient(None))
    }
    fn visit_u64<E: serde::de::Error>(self, _: u64) -> std::result::Result<Self::Value, E> {
        Ok(Lenient(None))
    }
}

impl<'de> Visitor<'de> for LenientVisitor<i64> {
    type Value = Lenient<i64>;
    ignore_other_values!();
    fn visit_str<E: serde::de::Error>(self, _: &str) -> std::result::Result<Self::Value, E> {
        Ok(Lenient(None))
    }
    fn visit_i64<E: serde::de::Error>(self, v: i64) -> std::result::Result<Self::Value, E> {
        Ok(Lenient(Some(v)))
    }
    fn visit_u64<E: serde::de::Error>(self, v: u64) -> std::result::Result<Self::Value, E> {
        Ok(Lenient(i64::try_from(v).ok()))
    }
}

struct EnvelopeSeed<'f, T>(EnvelopeVisitor<'f, T>);

impl<'de, T: DeserializeOwned> DeserializeSeed<'de> for EnvelopeSeed<'_, T> {
    type Value = Envelope<'de, T>;
    fn deserialize<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> std::result::Result<Self::Value, D::Error> {
        deserializer.deserialize_map(self.0)
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
    let decoding_data = Cell::new(false);
    let seed = EnvelopeSeed(EnvelopeVisitor {
        decoding_data: &decoding_data,
        marker: PhantomData,
    });
    let mut deserializer = serde_json::Deserializer::from_slice(&received.body);
    let parsed = seed
        .deserialize(&mut deserializer)
        .and_then(|envelope| deserializer.end().map(|()| envelope));
    let envelope = match parsed {
        Ok(envelope) => envelope,
        Err(e) if decoding_data.get() => return Err(data_mismatch::<T>(received, None, &e)),
        Err(e) => return Err(received.invalid(format!("the body is not a response envelope: {e}"))),
    };
    let request_id = envelope.request_id.or_else(|| received.request_id.clone());
    if envelope.code != 0 {
        let data = match envelope.data {
            Data::Raw(raw) => serde_json::from_str(raw.get()).ok(),
            Data::Absent | Data::Typed(_) => None,
        };
        return Err(Error::Api {
            code: ErrorCode::from_code(envelope.code),
            message: envelope.message.unwrap_or_default(),
            request_id,
            timestamp: envelope.timestamp,
            http_status: received.status,
            data,
        });
    }
    match envelope.data {
        Data::Typed(value) => Ok(value),
        Data::Raw(raw) => serde_json::from_str(raw.get())
            .map_err(|e| data_mismatch::<T>(received, request_id, &e)),
        Data::Absent => serde_json::from_str("null").map_err(|_| Error::InvalidResponse {
            http_status: received.status,
            request_id,
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
