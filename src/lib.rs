#![doc = include_str!("../README.md")]
#![warn(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod api;
mod call;
mod call_json;
mod client;
mod dynamic;
mod envelope;
pub mod error;
mod open_enum;
pub mod operation;
pub mod pagination;
pub mod raw;
mod retry;
#[cfg(feature = "sandbox")]
#[cfg_attr(docsrs, doc(cfg(feature = "sandbox")))]
pub mod sandbox;
pub mod sse;
pub mod transport;
pub mod types;

pub use client::{Client, ClientBuilder, Site};
pub use error::{Error, ErrorCode, Result, TimeoutKind};
pub use operation::{operations, Operation};
/// The `reqwest` version the SDK is built with, for [`ClientBuilder::http_client`].
pub use reqwest;
pub use retry::RetryPolicy;
