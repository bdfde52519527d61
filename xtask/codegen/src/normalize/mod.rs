//! The normalization step: rewrites a spec so that progenitor and typify
//! generate what the SDK needs, and records what the SDK layer must know about
//! each operation (its response plan, auth header, examples).
//!
//! Each pass is a function over the spec as a JSON value, in a module of its
//! own whose documentation says which construct it exists for and what it
//! changes. The list of passes, in order, is written once: the body of
//! `normalize_locked`, one commented line per pass (crate-private, like
//! the passes: `cargo doc --document-private-items` shows them). `repair` holds the
//! two repair passes that run first, each change a [`Warning`] naming its
//! JSON pointer (`build.rs` prints them as build warnings);
//! `dialect::downgrade_to_3_0` runs earlier still, on each file before
//! validation (see `crate::load::load_spec_dir`); and
//! `integers::unbound_integers` runs last, on the copy of the spec
//! progenitor reads (see `crate::generate::raw`).
//!
//! Constructs of the full upstream spec that need no pass of their own:
//! numeric enums (`enums` makes them open newtypes); `nullable` and
//! `anyOf`/`oneOf` with a `null` member (typify makes them `Option`);
//! single-value enum discriminators such as pagination's `mode` (`enums`
//! leaves them inline so typify emits an internally tagged enum; OpenAPI 3.0
//! has no `const`); 3.0-style `exclusiveMinimum: true` (`responses` drops it from
//! responses; request types keep their checks).

pub(crate) mod bodies;
pub(crate) mod conform;
pub(crate) mod dialect;
pub(crate) mod docs;
pub(crate) mod enums;
pub(crate) mod envelope;
pub(crate) mod examples;
pub(crate) mod instance;
pub(crate) mod integers;
pub(crate) mod operations;
pub(crate) mod pagination;
pub(crate) mod parameters;
pub(crate) mod plan;
pub(crate) mod query_objects;
pub(crate) mod refs;
pub(crate) mod responses;
pub(crate) mod shared_enums;
pub(crate) mod shared_unions;
pub(crate) mod streams;
pub(crate) mod structure;

use serde_json::Value;

use crate::error::{Result, Warning};
use crate::locks::Locks;
pub use plan::{
    Auth, ErrorCodeDef, Example, Normalized, NumberCheck, OpenEnum, OpenEnumKind, OperationPlan,
    PagePlan, ResponsePlan, RustType, SharedUnions, StringCheck, TypeAlias,
};

/// Run every pass over a validated spec, with no name locks.
pub fn normalize(spec: &Value) -> Result<Normalized> {
    normalize_locked(spec, &Locks::default())
}

/// Run every pass over a validated spec; operations the method lock lists
/// keep their method names, and enum types the type lock lists their names.
///
/// This body is the list of passes, in order.
pub(crate) fn normalize_locked(spec: &Value, locks: &Locks) -> Result<Normalized> {
    let mut spec = spec.clone();
    let mut warnings = repair(&mut spec);
    let published = crate::schema::component_names(&spec);
    // Facts are read from the spec as published, before any rewriting:
    // method names (through the method lock), auth, examples, error codes.
    let mut operations = operations::plan_operations_locked(&spec, &locks.methods)?;
    let error_codes = operations::error_codes(&operations);
    // A `$ref` into a component's properties (typify panics) becomes a component.
    refs::hoist_property_refs(&mut spec);
    // Code in descriptions is tagged `text`, so it never runs as a doctest.
    docs::neutralize_code_blocks(&mut spec);
    // A body offered as JSON and multipart keeps JSON (progenitor takes one).
    bodies::keep_json_request_bodies(&mut spec);
    // The SDK reads every body: each operation's response plan (envelope
    // `data`, plain JSON, event stream), inline schemas hoisted.
    warnings.extend(envelope::hoist_envelopes(&mut spec, &mut operations)?);
    // A query parameter that is a union of objects becomes one object.
    query_objects::merge_query_unions(&mut spec);
    // Page-numbered lists, found in the spec.
    warnings.extend(pagination::plan_pagination(&mut spec, &mut operations));
    // The body field that chooses a streamed response (no rewriting).
    streams::mark_stream_flags(&spec, &mut operations);
    // Response schemas carry no validation, so new values never fail a response.
    responses::relax_response_schemas(&mut spec, &operations);
    // Every enum becomes a component the generator emits as an open enum,
    // then one type per value set (through the type lock).
    let hoisted = enums::hoist_enums(&mut spec, &operations);
    let (open_enums, enum_aliases) = shared_enums::unify(&spec, hoisted, &published, &locks.types);
    let enum_names: std::collections::BTreeSet<String> = open_enums
        .iter()
        .map(|e| e.name.clone())
        .chain(enum_aliases.iter().map(|a| a.name.clone()))
        .collect();
    // One type per union shape repeated inline (through the same lock).
    let (shared_unions, union_warnings) = shared_unions::unify_unions(
        &mut spec,
        &operations,
        &enum_aliases,
        &published,
        &enum_names,
        &locks.types,
    );
    warnings.extend(union_warnings);
    // Constrained parameters keep plain types; the builder checks them.
    parameters::lift_parameter_constraints(&mut spec, &mut operations);
    // Schema-valid examples for the sandbox (repaired or synthesized).
    examples::prepare_examples(&spec, &mut operations, &enum_names);
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
pub(crate) fn repair(spec: &mut Value) -> Vec<Warning> {
    let mut warnings = structure::drop_impossible_keywords(spec);
    warnings.extend(conform::drop_nonconforming_values(spec));
    warnings
}

/// A spec as the generator reads it before rewriting it for progenitor:
/// OpenAPI 3.1 spellings in their 3.0 form (`dialect::downgrade_to_3_0`,
/// which the loader runs on each file) and the repair passes applied.
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
