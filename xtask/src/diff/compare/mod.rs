//! Structural comparison of two specs, operation by operation, following
//! `$ref`s (with cycle protection) so a change inside a component is reported
//! where an operation uses it.
//!
//! Both specs are first read as the generator reads them
//! ([`as_generator_reads`]: 3.1 spellings downgraded, what the repair passes
//! drop dropped), and every schema through the generator's own schema module
//! (`$ref` resolution, `allOf` folding): the report judges the schemas the
//! SDK's types are generated from. [`operation`] holds the operation-level
//! rules, [`schema`] the schema-level ones.
//!
//! Each change is classed by what it does to a caller's Rust code, given how
//! the SDK maps the spec: required parameters are method arguments, optional
//! ones setters of the request builder; request-body structs are
//! `#[non_exhaustive]` with `new(required fields..)` and a setter per optional
//! field; response structs are `#[non_exhaustive]` and an optional field is an
//! `Option<T>`; enums are open and `#[non_exhaustive]`.
//! - operations: a new one is additive; a removed one, or a new operationId
//!   that changes the method's name, is breaking; a deprecation is additive;
//! - parameters: a new optional query, header or cookie parameter is additive
//!   (a new setter); a new required one, a removed one, or one that became
//!   required or optional (an argument becomes a setter, or the reverse) is
//!   breaking;
//! - request bodies: added or removed, or made required or optional,
//!   breaking (the method's arguments change);
//! - properties of request-body schemas (and schemas they reach): a new
//!   optional one is additive (a setter); a new required one (`new(..)`
//!   changes), a removed one, or one that became required or optional is
//!   breaking;
//! - properties of response schemas: a new one is additive (required or not);
//!   a removed one, or one that became required or optional (`Option<T>` ↔
//!   `T`), is breaking;
//! - both sides: a type or format change, or a change of nullability
//!   (`Option<T>` ↔ `T`), is breaking; an added enum value or `oneOf` variant
//!   is additive, a removed one breaking; a new response status or media type
//!   is additive, a removed success status or media type breaking.

mod operation;
mod schema;

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use super::model::{Change, Class, Kind, Operation, Report};
use aitoearn_codegen::naming::base_method_name;
use aitoearn_codegen::normalize::as_generator_reads;
use aitoearn_codegen::spec::operations;

/// Which way data flows, which decides how a change is classed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dir {
    Request,
    Response,
}

/// Compare two specs.
pub fn compare(old: &Value, new: &Value) -> Report {
    let (old, new) = (&as_generator_reads(old), &as_generator_reads(new));
    let old_ops = index(old);
    let new_ops = index(new);
    let mut report = Report::default();
    for (key, (path, op)) in &new_ops {
        if !old_ops.contains_key(key) {
            report.added.push(summary(&key.0, path, op));
        }
    }
    for (key, (path, op)) in &old_ops {
        if !new_ops.contains_key(key) {
            report.removed.push(summary(&key.0, path, op));
        }
    }
    for (key, (old_path, old_op)) in &old_ops {
        let Some((new_path, new_op)) = new_ops.get(key) else {
            continue;
        };
        let mut walker = Walker {
            old_root: old,
            new_root: new,
            operation: format!("{} {new_path}", key.0),
            changes: &mut report.changes,
            stack: Vec::new(),
        };
        walker.operation(old_path, old_op, new_path, new_op);
    }
    // Breaking changes first; walk order (operation, then location) within each class.
    report.changes.sort_by_key(|c| c.class);
    report
}

type OpKey = (String, String);

/// Operations keyed by method and path with parameter names blanked, so a
/// renamed path parameter is still the same operation.
fn index(spec: &Value) -> BTreeMap<OpKey, (String, &Value)> {
    operations(spec)
        .map(|(path, method, op)| {
            (
                (method.to_uppercase(), blank_params(path)),
                (path.to_string(), op),
            )
        })
        .collect()
}

fn blank_params(path: &str) -> String {
    let mut out = String::new();
    let mut depth = 0;
    for c in path.chars() {
        match c {
            '{' => {
                depth += 1;
                out.push_str("{}");
            }
            '}' => depth -= 1,
            _ if depth > 0 => {}
            _ => out.push(c),
        }
    }
    out
}

fn summary(method: &str, path: &str, op: &Value) -> Operation {
    let text = |k: &str| op.get(k).and_then(Value::as_str).map(str::to_string);
    Operation {
        method: method.to_string(),
        path: path.to_string(),
        operation_id: text("operationId"),
        summary: text("summary"),
    }
}

struct Walker<'a> {
    old_root: &'a Value,
    new_root: &'a Value,
    operation: String,
    changes: &'a mut Vec<Change>,
    /// `$ref` pairs being compared on the current path (cycle protection).
    stack: Vec<(String, String)>,
}

fn class_if(breaking: bool) -> Class {
    if breaking {
        Class::Breaking
    } else {
        Class::NonBreaking
    }
}

fn is_required(v: &Value) -> bool {
    v.get("required").and_then(Value::as_bool).unwrap_or(false)
}

fn str_set(v: Option<&Value>) -> BTreeSet<String> {
    v.and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|s| s.as_str().map(str::to_string))
        .collect()
}

fn obj(v: Option<&Value>) -> Cow<'_, Map<String, Value>> {
    match v.and_then(Value::as_object) {
        Some(m) => Cow::Borrowed(m),
        None => Cow::Owned(Map::new()),
    }
}

impl Walker<'_> {
    fn push(
        &mut self,
        class: Class,
        kind: Kind,
        location: impl Into<String>,
        message: impl Into<String>,
    ) {
        self.changes.push(Change {
            class,
            kind,
            operation: self.operation.clone(),
            location: location.into(),
            message: message.into(),
        });
    }

    fn operation(&mut self, old_path: &str, old: &Value, new_path: &str, new: &Value) {
        let id = |v: &Value| {
            v.get("operationId")
                .and_then(Value::as_str)
                .map(str::to_string)
        };
        if let (Some(a), Some(b)) = (id(old), id(new)) {
            if a != b {
                let (from, to) = (base_method_name(&a), base_method_name(&b));
                if from == to {
                    self.push(
                        Class::NonBreaking,
                        Kind::OperationIdChanged,
                        "operation",
                        format!("operationId changed from `{a}` to `{b}` (the SDK method keeps its name `{to}`)"),
                    );
                } else {
                    self.push(
                        Class::Breaking,
                        Kind::OperationIdChanged,
                        "operation",
                        format!("operationId changed from `{a}` to `{b}` (the SDK method `{from}` becomes `{to}`)"),
                    );
                }
            }
        }
        let deprecated = |v: &Value| {
            v.get("deprecated")
                .and_then(Value::as_bool)
                .unwrap_or(false)
        };
        if !deprecated(old) && deprecated(new) {
            self.push(
                Class::NonBreaking,
                Kind::OperationDeprecated,
                "operation",
                "operation deprecated",
            );
        }
        self.parameters(old_path, old, new_path, new);
        self.request_body(old.get("requestBody"), new.get("requestBody"));
        self.responses(old.get("responses"), new.get("responses"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_parameter_names_do_not_split_an_operation() {
        assert_eq!(blank_params("/a/{id}/b/{x}:go"), "/a/{}/b/{}:go");
    }
}
