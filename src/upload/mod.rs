//! Uploads: a file, bytes or a stream to the API's asset storage in one call.
//!
//! Publishing media takes three steps: the API signs an upload
//! (`createUploadSign`: filename, asset type, size) and answers an asset id
//! and a presigned `uploadUrl` on the storage's host; the bytes go there in
//! one HTTP `PUT`; the API confirms the asset (`confirmUpload`). When the
//! spec the crate is built from has both operations (the whole API does;
//! the vendored spec does not), `Client::upload` runs the three:
//!
//! ```no_run
//! use aitoearn::upload::{Upload, UploadApi, UploadError, UploadSource};
//!
//! // With the whole API, `client.upload(source)` is `Upload::new(&client, source)`.
//! async fn publish_clip<A: UploadApi>(api: &A) -> Result<A::Asset, UploadError> {
//!     Upload::new(api, UploadSource::file("clip.mp4"))
//!         .on_progress(|p| eprintln!("{} of {} bytes", p.sent, p.total))
//!         .send()
//!         .await
//! }
//! ```
//!
//! The `PUT` goes to the presigned URL as it is, through the client's
//! connection pool and connect timeout but never its request hook: the
//! storage host sees no API key and no SDK auth header, only
//! `Content-Length` and `Content-Type`. A URL that is not `https` is refused
//! (plain `http` on a loopback host aside, as for the base URL). Instead of
//! the client's whole-request timeout, which no large file would meet, the
//! transfer ends when nothing moves for [`Upload::idle_timeout`] (no chunk
//! taken by the connection, no response byte; [`DEFAULT_IDLE_TIMEOUT`] by
//! default). The `PUT` is not retried (a stream cannot be rewound): an
//! [`UploadError`] names the step that failed and, after signing, the asset
//! id, so that a caller can confirm again or start over.

mod source;
mod transfer;

use std::fmt;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::HeaderValue;
use reqwest::StatusCode;

pub use source::UploadSource;

/// How long a transfer may make no progress before [`UploadError::Stalled`].
pub const DEFAULT_IDLE_TIMEOUT: Duration = Duration::from_secs(60);

/// The operation that signs an upload, when the spec has it.
pub const SIGN_OPERATION: &str = "AssetsHttpController_createUploadSign";

/// The operation that confirms an upload, when the spec has it.
pub const CONFIRM_OPERATION: &str = "AssetsHttpController_confirmUpload";

/// How far a transfer is: bytes handed to the connection, of the total.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Progress {
    /// Bytes sent so far.
    pub sent: u64,
    /// Bytes in all.
    pub total: u64,
}

/// What the API is asked to sign.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct SignRequest<T> {
    /// The file name, with its extension.
    pub filename: String,
    /// The asset type, when the caller chose one (the API's default otherwise).
    pub asset_type: Option<T>,
    /// The size in bytes.
    pub size: u64,
}

/// What the API answered to a sign request.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Signed {
    /// The asset's id, which confirms it.
    pub asset_id: String,
    /// The presigned URL the bytes go to.
    pub upload_url: String,
}

impl Signed {
    /// A signed upload.
    pub fn new(asset_id: impl Into<String>, upload_url: impl Into<String>) -> Self {
        Self {
            asset_id: asset_id.into(),
            upload_url: upload_url.into(),
        }
    }

    /// Read `id` and `uploadUrl` from the sign operation's typed data.
    #[cfg_attr(
        not(aitoearn_operation = "AssetsHttpController_createUploadSign"),
        allow(
            dead_code,
            reason = "the generated `Client::upload` uses it; this spec has none"
        )
    )]
    pub(crate) fn from_data(data: &impl serde::Serialize) -> crate::Result<Self> {
        let value = serde_json::to_value(data).map_err(|e| invalid_sign(e.to_string()))?;
        let field = |name: &str| {
            value
                .get(name)
                .and_then(serde_json::Value::as_str)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .ok_or_else(|| invalid_sign(format!("the signed upload has no `{name}`")))
        };
        Ok(Self::new(field("id")?, field("uploadUrl")?))
    }
}

#[cfg_attr(
    not(aitoearn_operation = "AssetsHttpController_createUploadSign"),
    allow(
        dead_code,
        reason = "the generated `Client::upload` uses it; this spec has none"
    )
)]
fn invalid_sign(reason: String) -> crate::Error {
    crate::Error::InvalidResponse {
        http_status: StatusCode::OK,
        request_id: None,
        reason,
        snippet: String::new(),
    }
}

/// The body of a sign request as the operation's typed body: `filename`,
/// `type` (when chosen) and `size`.
#[cfg_attr(
    not(aitoearn_operation = "AssetsHttpController_createUploadSign"),
    allow(
        dead_code,
        reason = "the generated `Client::upload` uses it; this spec has none"
    )
)]
pub(crate) fn sign_body<B, T>(request: &SignRequest<T>) -> crate::Result<B>
where
    B: serde::de::DeserializeOwned,
    T: serde::Serialize,
{
    let mut body = serde_json::Map::new();
    body.insert("filename".into(), request.filename.clone().into());
    if let Some(t) = &request.asset_type {
        let t = serde_json::to_value(t).map_err(|e| crate::Error::InvalidArgument {
            parameter: "type".into(),
            reason: e.to_string(),
        })?;
        body.insert("type".into(), t);
    }
    body.insert("size".into(), request.size.into());
    serde_json::from_value(body.into()).map_err(|e| crate::Error::InvalidArgument {
        parameter: "body".into(),
        reason: format!("the sign request does not fit the operation's body: {e}"),
    })
}

/// The three calls an upload makes. `aitoearn::Client` implements it when
/// the spec it was built from has [`SIGN_OPERATION`] and
/// [`CONFIRM_OPERATION`]; implement it to run [`Upload`] over calls of your
/// own (a proxy, a test double).
pub trait UploadApi: Sync {
    /// The spec's asset type (`temp`, `publishMedia`, ...).
    type AssetType: serde::Serialize + Send + Sync;
    /// The confirmed asset.
    type Asset;
    /// Sign an upload.
    fn sign(
        &self,
        request: SignRequest<Self::AssetType>,
    ) -> impl Future<Output = crate::Result<Signed>> + Send;
    /// Confirm an uploaded asset.
    fn confirm(&self, asset_id: &str) -> impl Future<Output = crate::Result<Self::Asset>> + Send;
    /// The HTTP client the bytes go through (never with the API key).
    fn transfer_client(&self) -> reqwest::Client;
}

/// An upload to run: set what the API needs to know, then `.send().await`.
#[must_use = "an upload does nothing until it is sent with `.send().await`"]
pub struct Upload<'a, A: UploadApi> {
    api: &'a A,
    source: UploadSource,
    filename: Option<String>,
    asset_type: Option<A::AssetType>,
    content_type: Option<String>,
    idle_timeout: Duration,
    on_progress: Option<transfer::OnProgress>,
}

impl<A: UploadApi> fmt::Debug for Upload<'_, A> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Upload")
            .field("source", &self.source)
            .field("filename", &self.filename)
            .field("content_type", &self.content_type)
            .field("idle_timeout", &self.idle_timeout)
            .finish_non_exhaustive()
    }
}

impl<'a, A: UploadApi> Upload<'a, A> {
    /// An upload of `source` through `api`.
    pub fn new(api: &'a A, source: UploadSource) -> Self {
        Self {
            api,
            source,
            filename: None,
            asset_type: None,
            content_type: None,
            idle_timeout: DEFAULT_IDLE_TIMEOUT,
            on_progress: None,
        }
    }

    /// The file name the API records (with its extension). Defaults to the
    /// file's name for [`UploadSource::file`]; required for the others.
    pub fn filename(mut self, filename: impl Into<String>) -> Self {
        self.filename = Some(filename.into());
        self
    }

    /// The asset type (the API's default, `temp` in the spec, when unset).
    pub fn asset_type(mut self, asset_type: A::AssetType) -> Self {
        self.asset_type = Some(asset_type);
        self
    }

    /// The `Content-Type` of the bytes. Defaults to one read from the file
    /// name's extension for common media (`video/mp4`, `image/jpeg`, ...),
    /// `application/octet-stream` otherwise.
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// How long the transfer may make no progress before
    /// [`UploadError::Stalled`] (default [`DEFAULT_IDLE_TIMEOUT`]). The
    /// connect timeout is the client's
    /// ([`ClientBuilder::connect_timeout`](crate::ClientBuilder::connect_timeout)).
    pub fn idle_timeout(mut self, idle: Duration) -> Self {
        self.idle_timeout = idle;
        self
    }

    /// Call `f` as the bytes go out (after each chunk of up to 64 KiB is
    /// handed to the connection).
    pub fn on_progress(mut self, f: impl Fn(Progress) + Send + Sync + 'static) -> Self {
        self.on_progress = Some(Arc::new(f));
        self
    }

    /// Sign, send the bytes, confirm; the confirmed asset.
    pub async fn send(self) -> Result<A::Asset, UploadError> {
        let filename = self
            .filename
            .or_else(|| self.source.file_name())
            .ok_or_else(|| {
                UploadError::Sign(crate::Error::InvalidArgument {
                    parameter: "filename".into(),
                    reason: "an upload of bytes or a stream needs .filename(...)".into(),
                })
            })?;
        let content_type = self
            .content_type
            .unwrap_or_else(|| content_type_of(&filename).to_string());
        let content_type = HeaderValue::from_str(&content_type).map_err(|_| {
            UploadError::Sign(crate::Error::InvalidArgument {
                parameter: "content_type".into(),
                reason: format!("{content_type:?} is not a valid header value"),
            })
        })?;
        let (length, chunks) = self.source.open().await.map_err(UploadError::Source)?;
        let signed = self
            .api
            .sign(SignRequest {
                filename,
                asset_type: self.asset_type,
                size: length,
            })
            .await
            .map_err(UploadError::Sign)?;
        let asset_id = signed.asset_id;
        let url = checked_url(&signed.upload_url).map_err(|reason| UploadError::RefusedUrl {
            asset_id: asset_id.clone(),
            url: without_query(&signed.upload_url),
            reason,
        })?;
        let http = self.api.transfer_client();
        let outcome = transfer::put(
            &http,
            transfer::Transfer {
                url,
                content_type,
                length,
                chunks,
                idle: self.idle_timeout,
                on_progress: self.on_progress,
            },
        )
        .await;
        match outcome {
            Ok(()) => {}
            Err(transfer::Failure::Source(e)) => return Err(UploadError::Source(e)),
            Err(transfer::Failure::Stalled { sent }) => {
                return Err(UploadError::Stalled {
                    asset_id,
                    idle: self.idle_timeout,
                    sent,
                    total: length,
                })
            }
            Err(transfer::Failure::Rejected { status, snippet }) => {
                return Err(UploadError::Rejected {
                    asset_id,
                    http_status: status,
                    snippet,
                })
            }
            Err(transfer::Failure::Transport(source)) => {
                return Err(UploadError::Transport { asset_id, source })
            }
        }
        self.api
            .confirm(&asset_id)
            .await
            .map_err(|source| UploadError::Confirm { asset_id, source })
    }
}

/// Why an upload failed, by step.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum UploadError {
    /// The source could not be read, or gave another length than it declared.
    #[error("the upload's source failed")]
    Source(#[source] std::io::Error),
    /// The upload was not signed: an argument is missing or invalid, or the
    /// sign call failed.
    #[error("the upload was not signed")]
    Sign(#[source] crate::Error),
    /// The presigned URL is refused (not `https`, or not a URL).
    #[error("refused the upload URL {url} of asset {asset_id}: {reason}")]
    RefusedUrl {
        /// The signed asset's id.
        asset_id: String,
        /// The URL without its query (which holds the signature).
        url: String,
        /// Why.
        reason: String,
    },
    /// The storage answered with a non-success status.
    #[error("the storage refused asset {asset_id} (HTTP {http_status}); body starts: {snippet:?}")]
    Rejected {
        /// The signed asset's id.
        asset_id: String,
        /// The storage's status.
        http_status: StatusCode,
        /// The start of its body (at most [`crate::error::SNIPPET_LIMIT`] bytes).
        snippet: String,
    },
    /// Nothing moved for the idle timeout.
    #[error("the upload of asset {asset_id} stalled for {idle:?} after {sent} of {total} bytes")]
    Stalled {
        /// The signed asset's id.
        asset_id: String,
        /// The idle timeout.
        idle: Duration,
        /// Bytes handed to the connection.
        sent: u64,
        /// Bytes in all.
        total: u64,
    },
    /// The connection to the storage failed.
    #[error("the upload of asset {asset_id} failed")]
    Transport {
        /// The signed asset's id.
        asset_id: String,
        /// The underlying error.
        #[source]
        source: reqwest::Error,
    },
    /// The bytes are stored but the confirmation failed: confirming the
    /// asset id again may succeed.
    #[error("asset {asset_id} was uploaded but not confirmed")]
    Confirm {
        /// The uploaded asset's id.
        asset_id: String,
        /// The confirmation's error.
        #[source]
        source: crate::Error,
    },
}

impl UploadError {
    /// The asset id, once the upload was signed.
    pub fn asset_id(&self) -> Option<&str> {
        match self {
            Self::RefusedUrl { asset_id, .. }
            | Self::Rejected { asset_id, .. }
            | Self::Stalled { asset_id, .. }
            | Self::Transport { asset_id, .. }
            | Self::Confirm { asset_id, .. } => Some(asset_id),
            Self::Source(_) | Self::Sign(_) => None,
        }
    }
}

/// The presigned URL, if it may receive the bytes: `https`, or plain `http`
/// on a loopback host.
fn checked_url(raw: &str) -> Result<url::Url, String> {
    let url = url::Url::parse(raw).map_err(|e| format!("not a valid URL: {e}"))?;
    match url.scheme() {
        "https" => Ok(url),
        "http" if crate::client::is_loopback(&url) => Ok(url),
        "http" => Err("plain http on a non-loopback host".into()),
        other => Err(format!("scheme {other:?}; expected https")),
    }
}

/// A URL for messages: without the query, which holds the signature.
fn without_query(raw: &str) -> String {
    let cut = raw.find(['?', '#']).unwrap_or(raw.len());
    crate::error::snippet(&raw.as_bytes()[..cut])
}

/// The content type of common media, from the file name's extension.
fn content_type_of(filename: &str) -> &'static str {
    let extension = filename
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "mp4" | "m4v" => "video/mp4",
        "mov" => "video/quicktime",
        "webm" => "video/webm",
        "jpg" | "jpeg" => "image/jpeg",
        "png" => "image/png",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "mp3" => "audio/mpeg",
        "m4a" => "audio/mp4",
        "wav" => "audio/wav",
        "txt" => "text/plain",
        "json" => "application/json",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests;
