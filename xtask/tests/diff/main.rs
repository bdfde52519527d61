//! The drift report on small crafted spec pairs: one test per class of
//! change ([`rules`]), how schemas are read ([`reading`]), and the rendered
//! report and command line ([`report`]).

mod reading;
mod report;
mod rules;

use serde_json::{json, Value};
use xtask::diff::{compare, render, Class, Kind, Report};

/// A spec with one `POST /items/{id}` operation built from its parts.
pub fn op_spec(params: Value, body: Value, response: Value, schemas: Value) -> Value {
    json!({
        "openapi": "3.0.1",
        "info": {"title": "t", "version": "1"},
        "paths": {"/items/{id}": {"post": {
            "operationId": "ItemsController_update_v2",
            "parameters": params,
            "requestBody": {"required": true, "content": {"application/json": {"schema": body}}},
            "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": response}}}}
        }}},
        "components": {"schemas": schemas}
    })
}

pub fn id_param() -> Value {
    json!({"name": "id", "in": "path", "required": true, "schema": {"type": "string"}})
}

pub fn obj(props: Value, required: &[&str]) -> Value {
    json!({"type": "object", "properties": props, "required": required})
}

/// The one change of `report` (fails when there are none or several).
pub fn only(report: &Report) -> (Class, Kind, String, String) {
    assert!(
        report.added.is_empty() && report.removed.is_empty(),
        "{report:#?}"
    );
    assert_eq!(report.changes.len(), 1, "{report:#?}");
    let c = &report.changes[0];
    assert_eq!(c.operation, "POST /items/{id}");
    (c.class, c.kind, c.location.clone(), c.message.clone())
}

pub fn diff_body(old: Value, new: Value) -> (Class, Kind, String, String) {
    let empty = obj(json!({}), &[]);
    only(&compare(
        &op_spec(json!([id_param()]), old, empty.clone(), json!({})),
        &op_spec(json!([id_param()]), new, empty, json!({})),
    ))
}

pub fn diff_response(old: Value, new: Value) -> (Class, Kind, String, String) {
    let empty = obj(json!({}), &[]);
    only(&compare(
        &op_spec(json!([id_param()]), empty.clone(), old, json!({})),
        &op_spec(json!([id_param()]), empty, new, json!({})),
    ))
}

pub fn diff_params(old: Value, new: Value) -> (Class, Kind, String, String) {
    let empty = obj(json!({}), &[]);
    only(&compare(
        &op_spec(old, empty.clone(), empty.clone(), json!({})),
        &op_spec(new, empty.clone(), empty, json!({})),
    ))
}

pub fn query(name: &str, required: bool, schema: Value) -> Value {
    json!({"name": name, "in": "query", "required": required, "schema": schema})
}

/// The class and kind of a change, for comparisons.
pub trait Pair {
    fn head(&self) -> (Class, Kind);
}
impl Pair for (Class, Kind, String, String) {
    fn head(&self) -> (Class, Kind) {
        (self.0, self.1)
    }
}
