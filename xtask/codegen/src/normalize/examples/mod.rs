//! Pass: every operation gets schema-valid examples for the sandbox.
//!
//! The construct: documented examples that are not values of their own
//! schema. Upstream writes type names as placeholders (`"status": "number"`,
//! `"code": "integer"`), omits required fields, adds undocumented ones, and
//! some operations have no example at all. Served as they are, the SDK's
//! typed decode fails on them, so a sandbox would only prove that the
//! examples are wrong. The pass:
//! - repairs each success example against the result schema (envelope
//!   `data`, or the plain JSON body): a value that fits stays, one that does
//!   not (a placeholder, a missing required field) is replaced by a value
//!   synthesized from the schema, undocumented fields are dropped (the typed
//!   decode drops them too), and absent fields with a `default` get it (the
//!   typed decode fills it in);
//! - synthesizes a success example where none is documented;
//! - adds a [`FORWARD_COMPAT_EXAMPLE`]: the success example with an unknown
//!   field added to every object and every open-enum value replaced by one
//!   the spec does not list, which must still decode;
//! - gives each streaming operation an SSE example ([`STREAM_EXAMPLE`] when
//!   none is documented), and ends each documented one with the blank line
//!   that dispatches its last event (the docs often leave it out).
//!
//! Error examples (a non-zero integer `code`) are served as documented.
//!
//! The pass is here; the value work is in [`mod@repair`] (a value made a value of
//! its schema), [`mod@synthesize`] (a value from a schema alone) and [`forward`]
//! (a value as a newer API could send it), all reading schemas through
//! [`crate::schema`].

use std::collections::BTreeSet;

use serde_json::{json, Value};

pub mod forward;
pub mod repair;
pub mod synthesize;

pub use forward::forward_compatible;
pub use repair::repair;
pub use synthesize::synthesize;

use super::plan::{Example, OperationPlan, ResponsePlan};

/// Name of the synthesized example that carries unknown fields and values.
pub const FORWARD_COMPAT_EXAMPLE: &str = "__forward_compat";

/// Name of the synthesized SSE example of a streaming operation without one.
pub const STREAM_EXAMPLE: &str = "__stream";

/// The field the forward-compatibility example adds to every object.
pub const UNKNOWN_FIELD: &str = "__aitoearnNewField";

/// The string every open-enum value becomes in the forward-compatibility example.
pub const UNKNOWN_ENUM_VALUE: &str = "__aitoearn_new_value__";

/// The number every numeric open-enum value becomes in the forward-compatibility example.
pub const UNKNOWN_ENUM_NUMBER: i64 = 424_242;

/// Deepest nesting the repair, the synthesizer and the forward-compatible
/// rewrite go (recursive schemas).
const MAX_DEPTH: usize = 12;

/// Repair, complete and extend every operation's examples (see the module doc).
/// `open_enums` names the components the generator emits as open enums
/// (the enums pass's output): their forward-compatible values are ones the
/// spec does not list.
pub fn prepare_examples(spec: &Value, ops: &mut [OperationPlan], open_enums: &BTreeSet<String>) {
    for op in ops.iter_mut() {
        let enveloped = matches!(op.response, ResponsePlan::Envelope(_));
        let mut success: Option<Value> = None;
        if let Some(schema) = op.data_schema.clone() {
            for ex in op.examples.iter_mut() {
                if enveloped {
                    if ex.code().is_some_and(|c| c != 0) {
                        continue;
                    }
                    let Some(envelope) = ex.value.as_object_mut() else {
                        ex.value = json!({"code": 0, "message": "ok", "data": synthesize(spec, &schema, 0)});
                        continue;
                    };
                    envelope.insert("code".into(), json!(0));
                    if !envelope.get("message").is_some_and(Value::is_string) {
                        envelope.insert("message".into(), json!("ok"));
                    }
                    for (key, ok) in [
                        ("requestId", Value::is_string as fn(&Value) -> bool),
                        ("timestamp", Value::is_i64),
                    ] {
                        if envelope.get(key).is_some_and(|v| !ok(v)) {
                            envelope.remove(key);
                        }
                    }
                    let data = envelope.get("data").cloned().unwrap_or(Value::Null);
                    envelope.insert("data".into(), repair(spec, &schema, &data, 0));
                } else {
                    ex.value = repair(spec, &schema, &ex.value, 0);
                }
                success.get_or_insert_with(|| ex.value.clone());
            }
            let success = success.get_or_insert_with(|| {
                let data = synthesize(spec, &schema, 0);
                let value = if enveloped {
                    json!({"code": 0, "message": "ok", "data": data})
                } else {
                    data
                };
                let name = if op.examples.iter().any(|e| e.name == "success") {
                    "__success"
                } else {
                    "success"
                };
                op.examples.insert(
                    0,
                    Example {
                        name: name.into(),
                        summary: None,
                        status: 200,
                        value: value.clone(),
                    },
                );
                value
            });
            let mut forward = if enveloped {
                let mut envelope = success.clone();
                if let Some(map) = envelope.as_object_mut() {
                    let data = map.get("data").cloned().unwrap_or(Value::Null);
                    map.insert(
                        "data".into(),
                        forward_compatible(spec, open_enums, &schema, &data, 0),
                    );
                    map.insert(UNKNOWN_FIELD.into(), json!({"added": true}));
                }
                envelope
            } else {
                forward_compatible(spec, open_enums, &schema, success, 0)
            };
            // A body typed as any JSON (no schema) still gets its new field.
            if let Some(map) = forward.as_object_mut() {
                map.entry(UNKNOWN_FIELD)
                    .or_insert_with(|| json!({"added": true}));
            }
            op.examples.push(Example {
                name: FORWARD_COMPAT_EXAMPLE.into(),
                summary: Some(
                    "a success response with a field and enum values this SDK does not know".into(),
                ),
                status: 200,
                value: forward,
            });
        }
        // A documented SSE example without a `data:` line is a placeholder (`"string"`).
        op.stream_examples.retain(|e| {
            e.value
                .as_str()
                .is_some_and(|t| t.lines().any(|l| l.starts_with("data:")))
        });
        // The documentation lists events, often without the blank line after
        // the last one; served as a body, that event would be dropped (an
        // event ends only with its blank line), so the pass adds it.
        for example in &mut op.stream_examples {
            if let Value::String(text) = &mut example.value {
                text.truncate(text.trim_end_matches(['\r', '\n']).len());
                text.push_str("\n\n");
            }
        }
        let streams = op.offers_event_stream || op.response == ResponsePlan::EventStream;
        if streams && op.stream_examples.is_empty() {
            let data = success
                .as_ref()
                .map_or_else(|| "{}".to_string(), Value::to_string);
            op.stream_examples.push(Example {
                name: STREAM_EXAMPLE.into(),
                summary: None,
                status: 200,
                value: Value::String(format!("data: {data}\n\ndata: [DONE]\n\n")),
            });
        }
    }
}

#[cfg(test)]
mod tests;
