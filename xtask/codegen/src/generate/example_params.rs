//! Example arguments for every operation, for the sandbox: a JSON object
//! holding a schema-valid value for each required argument (keyed as the
//! dynamic entry point reads them), so that a test or a demo can call any
//! operation with `Client::request` without knowing its parameters.

use crate::normalize::examples::synthesize;

use super::args::Arg;

/// The example arguments of one operation, as JSON text.
pub fn example_params(spec: &serde_json::Value, args: &[Arg]) -> String {
    let object: serde_json::Map<String, serde_json::Value> = args
        .iter()
        .filter(|a| !a.optional)
        .map(|a| (a.key.clone(), synthesize(spec, &a.schema, 0)))
        .collect();
    serde_json::Value::Object(object).to_string()
}
