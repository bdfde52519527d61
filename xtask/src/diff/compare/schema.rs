//! The schema-level rules: types, nullability, enum values, properties
//! (classed by the direction data flows), items, maps and union members.
//! Each schema is read as the generator reads it: `$ref`s followed and
//! `allOf` folded by [`aitoearn_codegen::schema`].

use serde_json::Value;

use super::{class_if, obj, str_set, Dir, Walker};
use crate::diff::model::{Class, Kind};
use aitoearn_codegen::schema::{fold_all_of, follow, has_nullable_keyword};

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
    fn at(base: &str, field: &str) -> String {
        if field.is_empty() {
            base.to_string()
        } else {
            format!("{base}: {field}")
        }
    }

    pub(super) fn schema(&mut self, old: &Value, new: &Value, dir: Dir, base: &str, field: &str) {
        let old = follow(self.old_root, old);
        let new = follow(self.new_root, new);
        let name = |r: Option<&str>| r.unwrap_or_default().to_string();
        let key = (name(old.last_ref), name(new.last_ref));
        let tracked = !key.0.is_empty() || !key.1.is_empty();
        if tracked {
            if self.stack.contains(&key) {
                return;
            }
            self.stack.push(key);
        }
        let old = fold_all_of(self.old_root, old.value);
        let new = fold_all_of(self.new_root, new.value);
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
        match (has_nullable_keyword(old), has_nullable_keyword(new)) {
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
