//! A response as the SDK has read it: status, the headers it reads, and the
//! whole body. Every response plan that reads a body decodes one of these.

use reqwest::StatusCode;

use crate::error::{snippet, Error};

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
