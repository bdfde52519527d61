//! The normalization step: rewrites a spec so that progenitor and typify
//! generate what the SDK needs, and records what the SDK layer must know about
//! each operation (its response plan, auth header, examples).
//!
//! Each pass is a function over the spec as a JSON value. In order:
//!
//! 1. [`envelope::hoist_envelopes`]: progenitor would decode the business
//!    envelope `{code, message, data}` as one typed struct, so a business
//!    error whose `data` is `{}` would surface as a decode failure. The pass
//!    records the type of `data` (hoisting an inline schema into a named
//!    component) and turns every response into one raw `default` response, so
//!    that the SDK reads the body itself and applies the envelope rule.
//! 2. [`enums::hoist_enums`]: typify makes string enums closed Rust enums and
//!    numeric enums an `f64` newtype that rejects unknown values, so one new
//!    upstream value would fail a whole response. The pass moves each enum into
//!    a named component that the generator replaces with an open enum
//!    (known values plus a catch-all that keeps the unknown value).
//! 3. [`parameters::lift_string_constraints`]: typify makes a constrained
//!    string parameter a newtype the caller must build by hand; the pass keeps
//!    it a `&str` and has the SDK method check the constraints instead.

pub mod enums;
pub mod envelope;
pub mod operations;
pub mod parameters;

use serde_json::Value;

use crate::error::Result;
pub use enums::{OpenEnum, OpenEnumKind};
pub use operations::{Auth, ErrorCodeDef, Example, OperationPlan, ResponsePlan, RustType};
pub use parameters::StringCheck;

/// A spec after normalization, with what the SDK layer needs to know.
#[derive(Debug, Clone)]
pub struct Normalized {
    /// The rewritten spec, ready for progenitor.
    pub spec: Value,
    /// One plan per operation, in path and method order.
    pub operations: Vec<OperationPlan>,
    /// Enums the generator must emit as open enums.
    pub open_enums: Vec<OpenEnum>,
    /// Business error codes named by the spec's error examples.
    pub error_codes: Vec<ErrorCodeDef>,
}

/// Run every pass over a validated spec.
pub fn normalize(spec: &Value) -> Result<Normalized> {
    let mut spec = spec.clone();
    // Facts are read from the spec as published, before any rewriting.
    let mut operations = operations::plan_operations(&spec)?;
    let error_codes = operations::error_codes(&operations);
    envelope::hoist_envelopes(&mut spec, &mut operations)?;
    let open_enums = enums::hoist_enums(&mut spec, &operations);
    parameters::lift_string_constraints(&mut spec, &mut operations);
    Ok(Normalized {
        spec,
        operations,
        open_enums,
        error_codes,
    })
}

/// Mutable access to `spec.components.schemas`, created when absent.
pub(crate) fn schemas_mut(spec: &mut Value) -> &mut serde_json::Map<String, Value> {
    let root = ensure_object(spec);
    let components = ensure_object(
        root.entry("components")
            .or_insert_with(|| Value::Object(Default::default())),
    );
    ensure_object(
        components
            .entry("schemas")
            .or_insert_with(|| Value::Object(Default::default())),
    )
}

fn ensure_object(v: &mut Value) -> &mut serde_json::Map<String, Value> {
    if !v.is_object() {
        *v = Value::Object(Default::default());
    }
    match v {
        Value::Object(m) => m,
        _ => unreachable!("just made an object"),
    }
}
