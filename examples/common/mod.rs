//! What the workflow examples share: a client of the real API when
//! `AITOEARN_API_KEY` is set, else of an in-process sandbox that answers
//! every operation with the spec's documented examples.
#![allow(dead_code)] // each example uses some of these

use aitoearn::sandbox::Sandbox;
use aitoearn::Client;

/// The client, and the sandbox it talks to (kept alive while it is used).
pub async fn connect() -> aitoearn::Result<(Client, Option<Sandbox>)> {
    if std::env::var_os("AITOEARN_API_KEY").is_some() {
        return Ok((Client::from_env()?, None));
    }
    let sandbox = Sandbox::start().await;
    println!("(no AITOEARN_API_KEY: talking to a local sandbox)");
    Ok((sandbox.client()?, Some(sandbox)))
}

/// An environment variable, or a default.
pub fn var(name: &str, default: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| default.to_string())
}

/// A string field of a JSON result, or an error naming it.
pub fn text<'a>(value: &'a serde_json::Value, field: &str) -> Result<&'a str, String> {
    value[field]
        .as_str()
        .ok_or_else(|| format!("the response has no `{field}`: {value}"))
}

/// What an example that needs the whole API does when the crate was built
/// from another spec: say how to build it, and exit with status 2.
pub fn needs_the_whole_api(operation_id: &str) -> std::process::ExitCode {
    eprintln!(
        "this example calls {operation_id}, which only the whole API has: build the SDK from \
         the full spec (README, \"The whole API\"; in this repository \
         AITOEARN_OPENAPI_DIR=$PWD/../shared/upstream)"
    );
    std::process::ExitCode::from(2)
}
