//! The raw plan: calls of operations without a documented response body,
//! whose response is handed over as it is (after retries).

use std::future::Future;

use progenitor_client::{ByteStream, ResponseValue};

use super::RawResult;
use crate::error::Result;
use crate::limits::Limits;
use crate::operation::Operation;
use crate::Client;

impl Client {
    /// Call an operation whose response is not enveloped; hand it over as it is.
    #[allow(
        dead_code,
        reason = "generated code calls it only when the spec has an operation without a documented response"
    )]
    pub(crate) async fn call_raw<F, Fut>(
        &self,
        op: &'static Operation,
        send: F,
    ) -> Result<ResponseValue<ByteStream>>
    where
        F: Fn() -> Fut,
        Fut: Future<Output = RawResult>,
    {
        Ok(self.send(op, send, Limits::default()).await?.0)
    }
}
