#![doc = include_str!("../README.md")]
#![warn(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod api;
mod call;
mod client;
mod config;
#[cfg(test)]
mod doc_paths;
#[cfg(test)]
mod docs_rs;
#[cfg(feature = "dynamic")]
mod dynamic;
pub mod error;
mod hooks;
mod key;
mod limits;
mod open_enum;
pub mod operation;
pub mod pagination;
#[cfg(feature = "unstable-raw")]
#[cfg_attr(docsrs, doc(cfg(feature = "unstable-raw")))]
pub mod raw;
#[cfg(not(feature = "unstable-raw"))]
#[allow(
    dead_code,
    reason = "progenitor generates a whole client; the request builders use only its operation methods"
)]
mod raw;
mod received;
mod retry;
#[cfg(feature = "sandbox")]
#[cfg_attr(docsrs, doc(cfg(feature = "sandbox")))]
pub mod sandbox;
pub mod sse;
pub mod types;
pub mod upload;
mod validate;
pub mod waiter;

/// The raw client's inner type, kept at this path for compatibility (it now
/// lives with the request hook that uses it).
pub mod transport {
    /// The raw client's inner state (progenitor's `inner_type`): the shared
    /// configuration of a [`Client`](crate::Client). Cloning is cheap.
    pub use crate::hooks::Hooks;
}

pub use client::{Client, ClientBuilder, Site};
pub use error::{Error, ErrorCode, Result, TimeoutKind};
pub use operation::{operations, Operation};
/// The `reqwest` version the SDK is built with, for [`ClientBuilder::http_client`].
pub use reqwest;
pub use retry::RetryPolicy;
