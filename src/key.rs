//! The API key: checked once when the client is built, kept as ready header
//! values that are never printed.

use std::fmt;

use reqwest::header::HeaderValue;

use crate::error::{Error, Result};

/// The API key, kept as ready header values marked sensitive (so that
/// reqwest and hyper never print them). Its `Debug` output is redacted.
#[derive(Clone)]
pub(crate) struct ApiKey {
    /// The key itself, for a header such as `X-Api-Key`.
    pub(crate) plain: HeaderValue,
    /// `Bearer <key>`, for `Authorization`.
    pub(crate) bearer: HeaderValue,
}

impl ApiKey {
    /// Accepts only visible ASCII: anything else (CR, LF, other control
    /// characters, spaces, non-ASCII) could split or corrupt the header.
    pub(crate) fn new(key: &str) -> Result<Self> {
        if key.is_empty() {
            return Err(Error::Config("the API key is empty".into()));
        }
        if !key.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(Error::Config(
                "the API key may hold only visible ASCII characters; it contains a control character (such as CR or LF), a space or a non-ASCII character".into(),
            ));
        }
        let header = |value: &str| {
            let mut v = HeaderValue::from_str(value).map_err(|_| {
                Error::Config("the API key cannot be sent in an HTTP header".into())
            })?;
            v.set_sensitive(true);
            Ok::<_, Error>(v)
        };
        Ok(Self {
            plain: header(key)?,
            bearer: header(&format!("Bearer {key}"))?,
        })
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKey(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_with_header_breaking_bytes_are_rejected_and_never_printed() {
        for bad in [
            "abc\r\nX-Evil: 1",
            "abc\n",
            " abc",
            "a\u{0}b",
            "",
            "ab c",
            "abc\u{e9}",
        ] {
            let err = ApiKey::new(bad).unwrap_err();
            assert!(matches!(err, Error::Config(_)));
            assert!(!err.to_string().contains("abc"), "{err}");
        }
        let key = ApiKey::new("sk-secret-123").unwrap();
        assert_eq!(format!("{key:?}"), "ApiKey(<redacted>)");
        assert!(key.plain.is_sensitive() && key.bearer.is_sensitive());
        assert_eq!(key.bearer.to_str().unwrap(), "Bearer sk-secret-123");
    }
}
