//! The normalization step: rewrites a spec so that progenitor and typify
//! generate what the SDK needs, and records what the SDK layer must know about
//! each operation (its response plan, auth header, examples).
//!
//! Each pass is a function over the spec as a JSON value. Before the
//! generator-specific passes, two repair passes drop what the spec publishes
//! but no generator can use, each change recorded as a [`Warning`] naming its
//! JSON pointer (`build.rs` prints them as build warnings):
//! [`structure::drop_impossible_keywords`] (empty unions, `required` names
//! with no property, invalid patterns) and [`conform::drop_nonconforming_values`]
//! (`default`, `enum`, `const` and `example` values that are not values of
//! their own schema, which typify would reject). [`dialect::downgrade_to_3_0`]
//! runs earlier still, on each file before validation (see
//! [`crate::load::generate_dir`]). Then, in order:
//!
//! 1. [`refs::hoist_property_refs`]: typify panics on a `$ref` into a
//!    component's properties; the pass makes each such target a component of
//!    its own (named as typify would name the inline type, and referenced from
//!    where it was, so the name is not generated twice: E0119).
//! 2. [`docs::neutralize_code_blocks`]: descriptions become doc comments, and
//!    rustdoc would run their untagged code fences and indented blocks as
//!    doctests; the pass tags them `text`.
//! 3. [`bodies::keep_json_request_bodies`]: progenitor takes one body media
//!    type per operation; a body offered as JSON and as `multipart/form-data`
//!    keeps JSON.
//! 4. [`envelope::hoist_envelopes`]: progenitor would decode the business
//!    envelope `{code, message, data}` as one typed struct, so a business
//!    error whose `data` is `{}` would surface as a decode failure; it panics
//!    on JSON media with no schema, and hands SSE over as bytes. The pass
//!    records each operation's response plan (envelope `data` type, plain
//!    JSON type, or event stream; hoisting inline schemas into named
//!    components) and turns every response into one raw `default` response, so
//!    that the SDK reads the body itself and applies the plan.
//!    [`pagination::plan_pagination`] then records which operations are
//!    page-numbered lists (naming their inline item types as typify would),
//!    and [`streams::mark_stream_flags`] (without rewriting) which
//!    request-body field chooses a streamed response (`"stream": true` on
//!    the OpenAI- and Anthropic-compatible relays), for the SDK to set.
//! 5. [`responses::relax_response_schemas`]: typify turns validation keywords
//!    into newtypes and `deny_unknown_fields` that reject out-of-range values
//!    and new fields; the pass strips them from every schema a response uses.
//! 6. [`enums::hoist_enums`]: typify makes string enums closed Rust enums and
//!    numeric enums an `f64` newtype that rejects unknown values, so one new
//!    upstream value would fail a whole response. The pass moves each enum into
//!    a named component that the generator replaces with an open enum
//!    (known values plus a catch-all that keeps the unknown value).
//!    [`shared_enums::unify`] then gives each value set used in several
//!    places one type (`Platform`), the place-derived names becoming aliases
//!    (names the spec directory's type lock lists stay as they are), and
//!    [`shared_unions::unify_unions`] does the same for `oneOf`/`anyOf`
//!    shapes repeated inline (`Pagination`), through the same lock.
//! 7. [`parameters::lift_parameter_constraints`]: typify makes a constrained
//!    string parameter a newtype the caller must build by hand, and a bounded
//!    integer a `NonZeroU64` or `u64`; the pass records the constraints for
//!    the SDK method to check, so the method takes `&str` and `i64`.
//! 8. [`examples::prepare_examples`]: upstream examples use type-name
//!    placeholders (`"status": "number"`) and miss required fields, so served
//!    as they are they would not decode; the pass repairs each success example
//!    against its schema (synthesizing values where needed), synthesizes one
//!    where none exists, and adds a forward-compatibility example (unknown
//!    fields and enum values) and SSE examples for the sandbox.
//!
//! Last, on the copy of the spec progenitor reads (the normalized spec keeps
//! them, for the examples): [`integers::unbound_integers`] removes integer
//! bounds, so that an integer's Rust type follows its `type` and `format`
//! alone and a new upstream bound never changes a type.
//!
//! Constructs of the full upstream spec that need no pass of their own:
//! numeric enums (pass 6 makes them open newtypes); `nullable` and
//! `anyOf`/`oneOf` with a `null` member (typify makes them `Option`);
//! single-value enum discriminators such as pagination's `mode` (pass 6
//! leaves them inline so typify emits an internally tagged enum; OpenAPI 3.0
//! has no `const`); 3.0-style `exclusiveMinimum: true` (pass 5 drops it from
//! responses; request types keep their checks).

pub mod bodies;
pub mod conform;
pub mod dialect;
pub mod docs;
pub mod enums;
pub mod envelope;
pub mod examples;
pub mod instance;
pub mod integers;
pub mod operations;
pub mod pagination;
pub mod parameters;
pub mod plan;
pub mod refs;
pub mod responses;
pub mod shared_enums;
pub mod shared_unions;
pub mod streams;
pub mod structure;

use serde_json::Value;

use crate::error::{Result, Warning};
use crate::locks::Locks;
pub use enums::{OpenEnum, OpenEnumKind};
pub use parameters::{NumberCheck, StringCheck};
pub use plan::{Auth, ErrorCodeDef, Example, OperationPlan, PagePlan, ResponsePlan, RustType};
pub use shared_enums::EnumAlias;
pub use shared_unions::SharedUnions;

/// A spec after normalization, with what the SDK layer needs to know.
#[derive(Debug, Clone)]
pub struct Normalized {
    /// The rewritten spec, ready for progenitor.
    pub spec: Value,
    /// One plan per operation, in path and method order.
    pub operations: Vec<OperationPlan>,
    /// Enums the generator must emit as open enums: one per value set.
    pub open_enums: Vec<OpenEnum>,
    /// Place-derived enum names kept as aliases of their set's open enum.
    pub enum_aliases: Vec<EnumAlias>,
    /// Union shapes the spec repeats inline, each made one type, and the
    /// place-derived names kept as aliases of them.
    pub shared_unions: SharedUnions,
    /// Business error codes named by the spec's error examples.
    pub error_codes: Vec<ErrorCodeDef>,
    /// What the repair passes changed, each at its JSON pointer in the spec as given.
    pub warnings: Vec<Warning>,
}

/// Run every pass over a validated spec, with no name locks.
pub fn normalize(spec: &Value) -> Result<Normalized> {
    normalize_locked(spec, &Locks::default())
}

/// Run every pass over a validated spec; operations the method lock lists
/// keep their method names, and enum types the type lock lists their names.
pub fn normalize_locked(spec: &Value, locks: &Locks) -> Result<Normalized> {
    let mut spec = spec.clone();
    let mut warnings = repair(&mut spec);
    let published: std::collections::BTreeSet<String> = spec
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default();
    // Facts are read from the spec as published, before any rewriting.
    let mut operations = operations::plan_operations_locked(&spec, &locks.methods)?;
    let error_codes = operations::error_codes(&operations);
    refs::hoist_property_refs(&mut spec);
    docs::neutralize_code_blocks(&mut spec);
    bodies::keep_json_request_bodies(&mut spec);
    warnings.extend(envelope::hoist_envelopes(&mut spec, &mut operations)?);
    warnings.extend(pagination::plan_pagination(&mut spec, &mut operations));
    streams::mark_stream_flags(&spec, &mut operations);
    responses::relax_response_schemas(&mut spec, &operations);
    let hoisted = enums::hoist_enums(&mut spec, &operations);
    let (open_enums, enum_aliases) = shared_enums::unify(&spec, hoisted, &published, &locks.types);
    let enum_names: std::collections::BTreeSet<String> = open_enums
        .iter()
        .map(|e| e.name.clone())
        .chain(enum_aliases.iter().map(|a| a.name.clone()))
        .collect();
    let shared_unions = shared_unions::unify_unions(
        &mut spec,
        &operations,
        &enum_aliases,
        &published,
        &enum_names,
        &locks.types,
    );
    parameters::lift_parameter_constraints(&mut spec, &mut operations);
    examples::prepare_examples(&spec, &mut operations);
    Ok(Normalized {
        spec,
        operations,
        open_enums,
        enum_aliases,
        shared_unions,
        error_codes,
        warnings,
    })
}

/// The two repair passes, in the generator's order: what the spec publishes
/// but no generator can use is dropped ([`structure::drop_impossible_keywords`],
/// then [`conform::drop_nonconforming_values`]), each change a [`Warning`].
pub fn repair(spec: &mut Value) -> Vec<Warning> {
    let mut warnings = structure::drop_impossible_keywords(spec);
    warnings.extend(conform::drop_nonconforming_values(spec));
    warnings
}

/// A spec as the generator reads it before rewriting it for progenitor:
/// OpenAPI 3.1 spellings in their 3.0 form ([`dialect::downgrade_to_3_0`],
/// which the loader runs on each file) and the [`repair`] passes applied.
/// The drift report compares specs in this form, so that it judges the
/// schemas the SDK's types are generated from.
pub fn as_generator_reads(spec: &Value) -> Value {
    let mut spec = spec.clone();
    dialect::downgrade_to_3_0(&mut spec);
    repair(&mut spec);
    spec
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
