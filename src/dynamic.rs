//! The dynamic entry point: call any operation by its operationId with JSON
//! parameters, for command-line tools, scripting and tool bridges (every
//! operation as a tool).
//!
//! A call goes through the same typed request builder as the typed method, so
//! auth, retries, timeouts, the envelope rule and typed errors are the same.

use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::Client;

#[cfg_attr(docsrs, doc(cfg(feature = "dynamic")))]
impl Client {
    /// Call the operation `operation_id` with `params` and return its data as JSON
    /// (feature `dynamic`).
    ///
    /// `params` is a JSON object keyed by the spec's parameter names
    /// (`"recordId"`, `"accountId"`), with the request body under `"body"`;
    /// `null` stands for no parameters. Each value is read as the typed
    /// method's argument, so a missing required parameter, an unknown key or a
    /// value of the wrong type is an [`Error::InvalidArgument`] naming it,
    /// before anything is sent. The result is the typed data serialized back
    /// to JSON: what the SDK's types hold (fields the spec does not document
    /// are not kept; with feature `unstable-raw`, `Client::raw` gives the raw
    /// body).
    ///
    /// [`crate::operations`] lists every operationId. Streaming operations
    /// are called with [`Client::request_stream`].
    ///
    /// ```no_run
    /// # async fn demo(client: aitoearn::Client) -> aitoearn::Result<()> {
    /// let record = client
    ///     .request("PublishRecordController_getRecord_v2", serde_json::json!({ "recordId": "r-1" }))
    ///     .await?;
    /// println!("{}", record["status"]);
    /// # Ok(()) }
    /// ```
    pub async fn request(&self, operation_id: &str, params: Value) -> Result<Value> {
        self.dispatch(operation_id, params).await
    }

    /// Call an operation for its server-sent events (an operation that
    /// streams, or one that offers JSON and SSE for the same response),
    /// with parameters as for [`Client::request`].
    pub async fn request_stream(
        &self,
        operation_id: &str,
        params: Value,
    ) -> Result<crate::sse::EventStream> {
        self.dispatch_stream(operation_id, params).await
    }
}

/// The parameters of one dynamic call, taken out one by one.
pub(crate) struct Params {
    operation_id: String,
    map: Map<String, Value>,
}

impl Params {
    pub(crate) fn new(operation_id: &str, params: Value) -> Result<Self> {
        let map = match params {
            Value::Null => Map::new(),
            Value::Object(map) => map,
            other => {
                return Err(Error::InvalidArgument {
                    parameter: "params".into(),
                    reason: format!(
                        "the parameters of `{operation_id}` must be a JSON object, not {}",
                        kind(&other)
                    ),
                })
            }
        };
        Ok(Self {
            operation_id: operation_id.to_string(),
            map,
        })
    }

    /// A required parameter.
    pub(crate) fn required<T: serde::de::DeserializeOwned>(&mut self, key: &str) -> Result<T> {
        match self.map.remove(key) {
            None | Some(Value::Null) => Err(Error::InvalidArgument {
                parameter: key.to_string(),
                reason: format!("is required by `{}`", self.operation_id),
            }),
            Some(value) => read(key, value),
        }
    }

    /// An optional parameter (`null` is the same as absent).
    #[allow(
        dead_code,
        reason = "generated code calls it only when an operation has optional parameters"
    )]
    pub(crate) fn optional<T: serde::de::DeserializeOwned>(
        &mut self,
        key: &str,
    ) -> Result<Option<T>> {
        match self.map.remove(key) {
            None | Some(Value::Null) => Ok(None),
            Some(value) => read(key, value).map(Some),
        }
    }

    /// Refuse keys that name no parameter (a typo would otherwise be ignored).
    pub(crate) fn finish(self) -> Result<()> {
        match self.map.keys().next() {
            None => Ok(()),
            Some(key) => Err(Error::InvalidArgument {
                parameter: key.clone(),
                reason: format!("`{}` has no parameter of that name", self.operation_id),
            }),
        }
    }
}

fn read<T: serde::de::DeserializeOwned>(key: &str, value: Value) -> Result<T> {
    let shown = crate::error::snippet(value.to_string().as_bytes());
    serde_json::from_value(value).map_err(|e| Error::InvalidArgument {
        parameter: key.to_string(),
        reason: format!("{shown} is not a valid value: {e}"),
    })
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A typed result as JSON.
pub(crate) fn to_json<T: serde::Serialize>(value: &T) -> Result<Value> {
    serde_json::to_value(value)
        .map_err(|e| Error::Config(format!("cannot serialize the result as JSON: {e}")))
}

/// An undocumented response body: its status.
#[allow(
    dead_code,
    reason = "generated code calls it only when the spec has an operation without a documented response"
)]
pub(crate) fn raw_to_json(
    response: crate::raw::ResponseValue<crate::raw::ByteStream>,
) -> Result<Value> {
    Ok(serde_json::json!({ "status": response.status().as_u16() }))
}

pub(crate) fn unknown(operation_id: &str) -> Error {
    Error::InvalidArgument {
        parameter: "operation_id".into(),
        reason: format!("no operation `{operation_id}` in this SDK's spec"),
    }
}

pub(crate) fn no_stream(operation_id: &str) -> Error {
    if crate::operations()
        .iter()
        .any(|op| op.operation_id == operation_id)
    {
        Error::InvalidArgument {
            parameter: "operation_id".into(),
            reason: format!("`{operation_id}` does not stream; call it with `request`"),
        }
    } else {
        unknown(operation_id)
    }
}

#[allow(
    dead_code,
    reason = "generated code calls it only when the spec has streaming operations"
)]
pub(crate) fn streams_only(operation_id: &str) -> Error {
    Error::InvalidArgument {
        parameter: "operation_id".into(),
        reason: format!("`{operation_id}` only streams; call it with `request_stream`"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn parameters_are_checked_by_name() {
        let mut p = Params::new("Op_x", json!({"a": "x", "b": null, "c": 1})).unwrap();
        assert_eq!(p.required::<String>("a").unwrap(), "x");
        assert_eq!(p.optional::<String>("b").unwrap(), None);
        match p.required::<String>("missing").unwrap_err() {
            Error::InvalidArgument { parameter, reason } => {
                assert_eq!(parameter, "missing");
                assert!(reason.contains("required by `Op_x`"), "{reason}");
            }
            other => panic!("{other:?}"),
        }
        match p.finish().unwrap_err() {
            Error::InvalidArgument { parameter, .. } => assert_eq!(parameter, "c"),
            other => panic!("{other:?}"),
        }
        let mut p = Params::new("Op_x", json!({"n": "not a number"})).unwrap();
        match p.required::<f64>("n").unwrap_err() {
            Error::InvalidArgument { parameter, reason } => {
                assert_eq!(parameter, "n");
                assert!(reason.contains("not a valid value"), "{reason}");
            }
            other => panic!("{other:?}"),
        }
        assert!(Params::new("Op_x", json!([1])).is_err());
        assert!(Params::new("Op_x", Value::Null).unwrap().finish().is_ok());
    }
}
