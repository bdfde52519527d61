//! The single pass over an envelope body: `code`, `message`, `data`,
//! `requestId` and `timestamp` read in whatever order they come, `data`
//! decoded into the success type as soon as `code` is known to be 0.

use std::borrow::Cow;
use std::cell::Cell;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{DeserializeOwned, DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use serde::Deserializer;
use serde_json::value::RawValue;

/// What the single pass found. The text fields borrow from the body unless
/// they hold escapes: a success copies none of them.
pub(super) struct Envelope<'a, T> {
    pub code: i64,
    pub message: Option<Cow<'a, str>>,
    pub data: Data<'a, T>,
    pub request_id: Option<Cow<'a, str>>,
    pub timestamp: Option<i64>,
}

/// The `data` field as the pass left it.
pub(super) enum Data<'a, T> {
    /// Not in the body.
    Absent,
    /// Decoded into the success type (`code` came first and was 0).
    Typed(T),
    /// Kept unparsed (`data` came first, or `code` is not 0).
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
                Key::Message => message = map.next_value::<Lenient<Cow<'de, str>>>()?.0,
                Key::RequestId => request_id = map.next_value::<Lenient<Cow<'de, str>>>()?.0,
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

impl<'de> serde::Deserialize<'de> for Lenient<Cow<'de, str>> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        deserializer.deserialize_any(LenientVisitor::<Cow<'de, str>>(PhantomData))
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

impl<'de> Visitor<'de> for LenientVisitor<Cow<'de, str>> {
    type Value = Lenient<Cow<'de, str>>;
    ignore_other_values!();
    fn visit_borrowed_str<E: serde::de::Error>(
        self,
        v: &'de str,
    ) -> std::result::Result<Self::Value, E> {
        Ok(Lenient(Some(Cow::Borrowed(v))))
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> std::result::Result<Self::Value, E> {
        Ok(Lenient(Some(Cow::Owned(v.to_owned()))))
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

/// Why a body could not be read as an envelope.
pub(super) enum ScanError {
    /// The envelope is well formed but its `data` does not decode into the success type.
    Data(serde_json::Error),
    /// The body is not an envelope.
    NotEnvelope(serde_json::Error),
}

/// Read `body` as an envelope in one pass (nothing may follow it).
pub(super) fn scan<T: DeserializeOwned>(body: &[u8]) -> Result<Envelope<'_, T>, ScanError> {
    let decoding_data = Cell::new(false);
    let seed = EnvelopeSeed(EnvelopeVisitor {
        decoding_data: &decoding_data,
        marker: PhantomData,
    });
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    seed.deserialize(&mut deserializer)
        .and_then(|envelope| deserializer.end().map(|()| envelope))
        .map_err(|e| match decoding_data.get() {
            true => ScanError::Data(e),
            false => ScanError::NotEnvelope(e),
        })
}
