//! Structural comparison of two specs, operation by operation, following
//! `$ref`s (with cycle protection) so a change inside a component is reported
//! where an operation uses it.
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

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use super::model::{Change, Class, Kind, Operation, Report};
use aitoearn_codegen::naming::base_method_name;
use aitoearn_codegen::spec::{operations, resolve_ref};

/// Which way data flows, which decides how a change is classed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dir {
    Request,
    Response,
}

/// Compare two specs.
pub fn compare(old: &Value, new: &Value) -> Report {
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

/// Follow `$ref`s (at most 32 hops); returns the target and the last ref.
fn deref<'v>(root: &'v Value, mut v: &'v Value) -> (&'v Value, Option<String>) {
    let mut last = None;
    for _ in 0..32 {
        let Some(target) = v.get("$ref").and_then(Value::as_str) else {
            break;
        };
        match resolve_ref(root, target) {
            Some(next) => {
                last = Some(target.to_string());
                v = next;
            }
            None => break,
        }
    }
    (v, last)
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

/// A schema's `allOf` members folded into it (properties and `required`
/// united), so a schema split into `allOf` parts compares like one object.
fn flatten<'v>(root: &'v Value, schema: &'v Value, depth: usize) -> Cow<'v, Value> {
    let Some(parts) = schema.get("allOf").and_then(Value::as_array) else {
        return Cow::Borrowed(schema);
    };
    if depth > 16 {
        return Cow::Borrowed(schema);
    }
    let mut out = schema.as_object().cloned().unwrap_or_default();
    out.remove("allOf");
    let mut props = out
        .remove("properties")
        .and_then(|p| p.as_object().cloned())
        .unwrap_or_default();
    let mut required = str_set(out.get("required"));
    for part in parts {
        let (part, _) = deref(root, part);
        let part = flatten(root, part, depth + 1);
        for (k, v) in obj(part.get("properties")).iter() {
            props.entry(k.clone()).or_insert_with(|| v.clone());
        }
        required.extend(str_set(part.get("required")));
        for key in [
            "type",
            "nullable",
            "enum",
            "items",
            "additionalProperties",
            "format",
        ] {
            if let (Some(v), false) = (part.get(key), out.contains_key(key)) {
                out.insert(key.into(), v.clone());
            }
        }
    }
    if !props.is_empty() {
        out.insert("properties".into(), Value::Object(props));
        out.entry("type")
            .or_insert_with(|| Value::String("object".into()));
    }
    if !required.is_empty() {
        out.insert(
            "required".into(),
            Value::Array(required.into_iter().map(Value::String).collect()),
        );
    }
    Cow::Owned(Value::Object(out))
}

/// What a schema is, for type-change detection: `string(date-time)`,
/// `object`, `oneOf`, `any`...
fn type_label(s: &Value) -> String {
    if let Some(t) = s.get("type").and_then(Value::as_str) {
        return match s.get("format").and_then(Value::as_str) {
            Some(f) => format!("{t}({f})"),
            None => t.to_string(),
        };
    }
    for key in ["oneOf", "anyOf"] {
        if s.get(key).is_some() {
            return key.to_string();
        }
    }
    if s.get("properties").is_some() || s.get("additionalProperties").is_some() {
        return "object".into();
    }
    if s.get("items").is_some() {
        return "array".into();
    }
    "any".into()
}

fn show(v: &Value) -> String {
    match v {
        Value::String(s) => format!("`{s}`"),
        other => format!("`{other}`"),
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

    fn params<'v>(
        root: &'v Value,
        path: &str,
        op: &'v Value,
    ) -> BTreeMap<(String, String), &'v Value> {
        let item_params = root
            .get("paths")
            .and_then(|p| p.get(path))
            .and_then(|i| i.get("parameters"));
        let mut out = BTreeMap::new();
        for list in [item_params, op.get("parameters")] {
            for p in list.and_then(Value::as_array).into_iter().flatten() {
                let (p, _) = deref(root, p);
                let field = |k: &str| {
                    p.get(k)
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_string()
                };
                out.insert((field("in"), field("name")), p);
            }
        }
        out
    }

    fn parameters(&mut self, old_path: &str, old: &Value, new_path: &str, new: &Value) {
        let old_params = Self::params(self.old_root, old_path, old);
        let new_params = Self::params(self.new_root, new_path, new);
        for ((location, name), p) in &new_params {
            let loc = format!("{location} parameter `{name}`");
            match old_params.get(&(location.clone(), name.clone())) {
                None => {
                    if location == "path" {
                        continue; // path parameters follow the path, which matched
                    }
                    let required = is_required(p);
                    let what = if required {
                        "required parameter added (a new method argument)"
                    } else {
                        "optional parameter added (a new setter on the request)"
                    };
                    self.push(class_if(required), Kind::ParameterAdded, loc, what);
                }
                Some(o) => {
                    match (is_required(o), is_required(p)) {
                        (false, true) => self.push(
                            Class::Breaking,
                            Kind::ParameterBecameRequired,
                            loc.clone(),
                            "parameter became required",
                        ),
                        (true, false) => self.push(
                            Class::Breaking,
                            Kind::ParameterBecameOptional,
                            loc.clone(),
                            "parameter became optional: compatible for HTTP, breaking for Rust (a method argument becomes a setter)",
                        ),
                        _ => {}
                    }
                    let empty = Value::Null;
                    self.schema(
                        o.get("schema").unwrap_or(&empty),
                        p.get("schema").unwrap_or(&empty),
                        Dir::Request,
                        &loc,
                        "",
                    );
                }
            }
        }
        for (location, name) in old_params.keys() {
            if !new_params.contains_key(&(location.clone(), name.clone())) {
                if location == "path" {
                    continue; // path parameters follow the path, which matched
                }
                self.push(
                    Class::Breaking,
                    Kind::ParameterRemoved,
                    format!("{location} parameter `{name}`"),
                    "parameter removed",
                );
            }
        }
    }

    fn request_body(&mut self, old: Option<&Value>, new: Option<&Value>) {
        let old = old.map(|b| deref(self.old_root, b).0);
        let new = new.map(|b| deref(self.new_root, b).0);
        match (old, new) {
            (None, None) => {}
            (None, Some(n)) => {
                let what = if is_required(n) {
                    "required"
                } else {
                    "optional"
                };
                self.push(
                    Class::Breaking,
                    Kind::RequestBodyAdded,
                    "request body",
                    format!("{what} request body added (the method's arguments change)"),
                );
            }
            (Some(_), None) => self.push(
                Class::Breaking,
                Kind::RequestBodyRemoved,
                "request body",
                "request body removed",
            ),
            (Some(o), Some(n)) => {
                match (is_required(o), is_required(n)) {
                    (false, true) => self.push(
                        Class::Breaking,
                        Kind::RequestBodyBecameRequired,
                        "request body",
                        "request body became required",
                    ),
                    (true, false) => self.push(
                        Class::Breaking,
                        Kind::RequestBodyBecameOptional,
                        "request body",
                        "request body became optional: compatible for HTTP, breaking for Rust (the body argument changes)",
                    ),
                    _ => {}
                }
                self.content(
                    o.get("content"),
                    n.get("content"),
                    Dir::Request,
                    "request body",
                );
            }
        }
    }

    fn responses(&mut self, old: Option<&Value>, new: Option<&Value>) {
        let old = obj(old);
        let new = obj(new);
        for (status, n) in new.iter() {
            let loc = format!("response {status}");
            match old.get(status) {
                None => self.push(
                    Class::NonBreaking,
                    Kind::ResponseStatusAdded,
                    loc,
                    "response status added",
                ),
                Some(o) => {
                    let o = deref(self.old_root, o).0;
                    let n = deref(self.new_root, n).0;
                    self.content(o.get("content"), n.get("content"), Dir::Response, &loc);
                }
            }
        }
        for status in old.keys() {
            if !new.contains_key(status) {
                let success = status.starts_with('2') || status == "default";
                self.push(
                    class_if(success),
                    Kind::ResponseStatusRemoved,
                    format!("response {status}"),
                    "response status removed",
                );
            }
        }
    }

    fn content(&mut self, old: Option<&Value>, new: Option<&Value>, dir: Dir, base: &str) {
        let old = obj(old);
        let new = obj(new);
        for (media, n) in new.iter() {
            let loc = format!("{base} {media}");
            match old.get(media) {
                // A new response media type is only offered, a new request one only accepted.
                None => self.push(
                    Class::NonBreaking,
                    Kind::MediaTypeAdded,
                    loc,
                    "media type added",
                ),
                Some(o) => {
                    let empty = Value::Null;
                    self.schema(
                        o.get("schema").unwrap_or(&empty),
                        n.get("schema").unwrap_or(&empty),
                        dir,
                        &loc,
                        "",
                    );
                }
            }
        }
        for media in old.keys() {
            if !new.contains_key(media) {
                self.push(
                    Class::Breaking,
                    Kind::MediaTypeRemoved,
                    format!("{base} {media}"),
                    "media type removed",
                );
            }
        }
    }

    fn at(base: &str, field: &str) -> String {
        if field.is_empty() {
            base.to_string()
        } else {
            format!("{base}: {field}")
        }
    }

    fn schema(&mut self, old: &Value, new: &Value, dir: Dir, base: &str, field: &str) {
        let (old, old_ref) = deref(self.old_root, old);
        let (new, new_ref) = deref(self.new_root, new);
        let key = (old_ref.unwrap_or_default(), new_ref.unwrap_or_default());
        let tracked = !key.0.is_empty() || !key.1.is_empty();
        if tracked {
            if self.stack.contains(&key) {
                return;
            }
            self.stack.push(key);
        }
        let old = flatten(self.old_root, old, 0);
        let new = flatten(self.new_root, new, 0);
        self.schema_body(&old, &new, dir, base, field);
        if tracked {
            self.stack.pop();
        }
    }

    fn schema_body(&mut self, old: &Value, new: &Value, dir: Dir, base: &str, field: &str) {
        let loc = Self::at(base, field);
        let (old_type, new_type) = (type_label(old), type_label(new));
        if old_type != new_type {
            self.push(
                Class::Breaking,
                Kind::TypeChanged,
                loc,
                format!("type changed from `{old_type}` to `{new_type}`"),
            );
            return;
        }
        let nullable = |v: &Value| v.get("nullable").and_then(Value::as_bool).unwrap_or(false);
        match (nullable(old), nullable(new)) {
            (false, true) => self.push(
                Class::Breaking,
                Kind::BecameNullable,
                loc.clone(),
                "became nullable (the Rust type becomes `Option<T>`)",
            ),
            (true, false) => self.push(
                Class::Breaking,
                Kind::BecameNotNullable,
                loc.clone(),
                "no longer nullable (the Rust type loses its `Option`)",
            ),
            _ => {}
        }
        self.enum_values(old, new, &loc);
        self.properties(old, new, dir, base, field);
        let empty = Value::Null;
        if old.get("items").is_some() || new.get("items").is_some() {
            self.schema(
                old.get("items").unwrap_or(&empty),
                new.get("items").unwrap_or(&empty),
                dir,
                base,
                &format!("{field}[]"),
            );
        }
        if let (Some(o @ Value::Object(_)), Some(n @ Value::Object(_))) = (
            old.get("additionalProperties"),
            new.get("additionalProperties"),
        ) {
            self.schema(o, n, dir, base, &format!("{field}{{}}"));
        }
        for key in ["oneOf", "anyOf"] {
            self.variants(old.get(key), new.get(key), dir, base, field, key);
        }
    }

    fn enum_values(&mut self, old: &Value, new: &Value, loc: &str) {
        let values = |v: &Value| {
            v.get("enum")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default()
        };
        let (old_values, new_values) = (values(old), values(new));
        if old_values.is_empty() || new_values.is_empty() {
            return; // an enum appearing or disappearing is a type-level change left to `type`
        }
        for v in &old_values {
            if !new_values.contains(v) {
                self.push(
                    Class::Breaking,
                    Kind::EnumValueRemoved,
                    loc,
                    format!("enum value {} removed", show(v)),
                );
            }
        }
        for v in &new_values {
            if !old_values.contains(v) {
                self.push(
                    Class::NonBreaking,
                    Kind::EnumValueAdded,
                    loc,
                    format!("enum value {} added", show(v)),
                );
            }
        }
    }

    fn properties(&mut self, old: &Value, new: &Value, dir: Dir, base: &str, field: &str) {
        let old_props = obj(old.get("properties"));
        let new_props = obj(new.get("properties"));
        let old_req = str_set(old.get("required"));
        let new_req = str_set(new.get("required"));
        let child = |name: &str| {
            if field.is_empty() {
                name.to_string()
            } else {
                format!("{field}.{name}")
            }
        };
        for (name, n) in new_props.iter() {
            let loc = Self::at(base, &child(name));
            let required = new_req.contains(name);
            match old_props.get(name) {
                None => {
                    let breaking = dir == Dir::Request && required;
                    let what = match (dir, required) {
                        (Dir::Request, true) => {
                            "required property added (the struct's `new(..)` gains an argument)"
                        }
                        (Dir::Request, false) => "optional property added (a new setter)",
                        (Dir::Response, true) => "required property added (a new field)",
                        (Dir::Response, false) => "optional property added (a new field)",
                    };
                    self.push(class_if(breaking), Kind::PropertyAdded, loc, what);
                }
                Some(o) => {
                    let (what_required, what_optional) = match dir {
                        Dir::Request => (
                            "became required (the struct's `new(..)` gains an argument)",
                            "became optional (an argument of `new(..)` becomes a setter)",
                        ),
                        Dir::Response => (
                            "became required (the field's type loses its `Option`)",
                            "became optional (the field's type becomes `Option<T>`)",
                        ),
                    };
                    match (old_req.contains(name), required) {
                        (false, true) => self.push(
                            Class::Breaking,
                            Kind::PropertyBecameRequired,
                            loc,
                            what_required,
                        ),
                        (true, false) => self.push(
                            Class::Breaking,
                            Kind::PropertyBecameOptional,
                            loc,
                            what_optional,
                        ),
                        _ => {}
                    }
                    self.schema(o, n, dir, base, &child(name));
                }
            }
        }
        for name in old_props.keys() {
            if !new_props.contains_key(name) {
                self.push(
                    Class::Breaking,
                    Kind::PropertyRemoved,
                    Self::at(base, &child(name)),
                    "property removed",
                );
            }
        }
    }

    fn variants(
        &mut self,
        old: Option<&Value>,
        new: Option<&Value>,
        dir: Dir,
        base: &str,
        field: &str,
        key: &str,
    ) {
        let list = |v: Option<&Value>| v.and_then(Value::as_array).cloned().unwrap_or_default();
        let (old_list, new_list) = (list(old), list(new));
        for (i, (o, n)) in old_list.iter().zip(&new_list).enumerate() {
            self.schema(o, n, dir, base, &format!("{field}<{key}[{i}]>"));
        }
        let loc = Self::at(base, field);
        for i in new_list.len()..old_list.len() {
            self.push(
                Class::Breaking,
                Kind::VariantRemoved,
                loc.clone(),
                format!("{key} variant {i} removed"),
            );
        }
        for i in old_list.len()..new_list.len() {
            self.push(
                Class::NonBreaking,
                Kind::VariantAdded,
                loc.clone(),
                format!("{key} variant {i} added"),
            );
        }
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
