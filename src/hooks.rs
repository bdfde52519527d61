//! The progenitor hook run on every request of the raw client (and so of
//! every SDK call): the API key where the operation's security scheme says,
//! the form of the call (JSON or event stream, with the protocol's stream
//! flag) and the request timeout.

use std::sync::Arc;

use progenitor_client::{ClientHooks, OperationInfo};
use reqwest::header::{HeaderName, HeaderValue, ACCEPT, AUTHORIZATION, USER_AGENT};

use crate::config::Config;
use crate::operation::{Auth, Operation};
use crate::sse::EVENT_STREAM;

/// `X-Api-Key`, the header most operations carry the key in.
const X_API_KEY: HeaderName = HeaderName::from_static("x-api-key");

/// The raw client's inner state (progenitor's `inner_type`): the shared
/// configuration. Cloning is cheap.
#[derive(Clone, Debug)]
pub struct Hooks(pub(crate) Arc<Config>);

impl ClientHooks<Hooks> for crate::raw::Client {
    /// Put the API key where the operation's security scheme says; on
    /// streaming calls ask for an event stream (and set the protocol's stream
    /// flag), on others set the request timeout (a stream has no overall
    /// cap: the SDK bounds its head and its pauses instead). The raw methods
    /// send no `api-version` header: the generator drops the one progenitor
    /// adds (`generate/lean.rs`).
    async fn pre<E>(
        &self,
        request: &mut reqwest::Request,
        info: &OperationInfo,
    ) -> std::result::Result<(), progenitor_client::Error<E>> {
        let config = &self.inner.0;
        if let Some(user_agent) = &config.per_request {
            apply_per_request(request, user_agent);
        }
        let op = crate::api::by_raw_name(info.operation_id);
        let stream = adjust_request(request, op);
        // A per-request timeout costs reqwest an extensions map per request,
        // so the SDK's own client carries `config.timeout` client-wide and
        // only a stream overrides it; a caller's client gets it per request.
        match (config.per_request.is_some(), stream) {
            (false, false) | (true, true) => {}
            (false, true) => *request.timeout_mut() = Some(crate::limits::UNCAPPED),
            (true, false) => *request.timeout_mut() = Some(config.timeout),
        }
        // Operations not in the table (none, unless the raw client is used
        // with a hand-edited spec) default to the API's usual scheme.
        let auth = op.map_or(Auth::Header("x-api-key"), |op| op.auth);
        let (name, value) = match (auth, &config.api_key) {
            (Auth::None, _) => return Ok(()),
            (_, None) => return Err(progenitor_client::Error::Custom(
                "this operation needs an API key: set ClientBuilder::api_key or AITOEARN_API_KEY"
                    .into(),
            )),
            // The API's usual header, built at compile time; others are parsed per call.
            (Auth::Header("x-api-key"), Some(key)) => (X_API_KEY, key.plain.clone()),
            (Auth::Header(name), Some(key)) => (HeaderName::from_static(name), key.plain.clone()),
            (Auth::Bearer, Some(key)) => (AUTHORIZATION, key.bearer.clone()),
        };
        request.headers_mut().insert(name, value);
        Ok(())
    }
}

/// The headers the SDK's own client sets on every request, set on one
/// request sent through a caller's client: the SDK's `User-Agent`, and
/// `Accept` unless the request already has one.
fn apply_per_request(request: &mut reqwest::Request, user_agent: &HeaderValue) {
    let headers = request.headers_mut();
    headers.insert(USER_AGENT, user_agent.clone());
    headers
        .entry(ACCEPT)
        .or_insert(HeaderValue::from_static("application/json"));
}

/// Which form of an operation a call is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Form {
    /// The typed (JSON) form.
    Json,
    /// The event-stream form (`.send_stream()`).
    EventStream,
}

tokio::task_local! {
    /// Set while an SDK call sends its request, so that the transport hook
    /// can ask for what the call expects (raw client calls leave it unset).
    static FORM: Form;
}

/// Run `call` as a call of the given form. A plain function returning the
/// scope future: an `async fn` would hold `call` twice (its argument and the
/// scope future it moved into), doubling the size of every call's future.
pub(crate) fn with_form<F: std::future::Future>(
    form: Form,
    call: F,
) -> tokio::task::futures::TaskLocalFuture<Form, F> {
    FORM.scope(form, call)
}

/// Called by the transport hook on every request: on the event-stream form ask
/// for `text/event-stream`, and set the operation's stream flag in the JSON
/// body to match the form. Returns whether the request is a stream's.
fn adjust_request(request: &mut reqwest::Request, op: Option<&Operation>) -> bool {
    let Ok(form) = FORM.try_with(|form| *form) else {
        return false;
    };
    if form == Form::EventStream {
        request.headers_mut().insert(
            reqwest::header::ACCEPT,
            HeaderValue::from_static(EVENT_STREAM),
        );
    }
    if let Some(flag) = op.and_then(|op| op.stream_flag) {
        set_body_flag(request, flag, form == Form::EventStream);
    }
    form == Form::EventStream
}

/// Set a boolean field of a JSON object body (anything else is left alone).
fn set_body_flag(request: &mut reqwest::Request, flag: &str, on: bool) {
    let Some(bytes) = request.body().and_then(reqwest::Body::as_bytes) else {
        return;
    };
    let Ok(serde_json::Value::Object(mut body)) = serde_json::from_slice(bytes) else {
        return;
    };
    if body.get(flag) == Some(&serde_json::Value::Bool(on)) {
        return;
    }
    body.insert(flag.to_string(), serde_json::Value::Bool(on));
    if let Ok(bytes) = serde_json::to_vec(&body) {
        *request.body_mut() = Some(bytes.into());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn post(body: &str) -> reqwest::Request {
        let mut request =
            reqwest::Request::new(reqwest::Method::POST, "http://127.0.0.1/x".parse().unwrap());
        *request.body_mut() = Some(body.to_string().into());
        request
    }

    fn body(request: &reqwest::Request) -> serde_json::Value {
        serde_json::from_slice(request.body().unwrap().as_bytes().unwrap()).unwrap()
    }

    #[test]
    fn the_stream_flag_follows_the_form() {
        let mut request = post(r#"{"model":"m","stream":false}"#);
        set_body_flag(&mut request, "stream", true);
        assert_eq!(
            body(&request),
            serde_json::json!({"model": "m", "stream": true})
        );
        set_body_flag(&mut request, "stream", false);
        assert_eq!(
            body(&request),
            serde_json::json!({"model": "m", "stream": false})
        );
        // Not a JSON object: left as it is.
        let mut request = post("[1]");
        set_body_flag(&mut request, "stream", true);
        assert_eq!(body(&request), serde_json::json!([1]));
    }
}
