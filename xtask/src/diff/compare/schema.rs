//! The schema-level rules: types, nullability, enum values, properties
//! (classed by the direction data flows), items, maps and union members.
//! Each schema is read as the generator reads it: `$ref`s followed and
//! `allOf` folded by [`aitoearn_codegen::schema`], and the old and new
//! schema's children paired by their [`Position`], read through
//! [`child`], [`property`] and [`property_schemas`].

use serde_json::Value;

use super::{class_if, str_set, Dir, Walker};
use crate::diff::model::{Class, Kind};
use aitoearn_codegen::schema::{
    child, fold_all_of, follow, has_nullable_keyword, inferred_type, property, property_schemas,
    Composition, Position,
};

/// The unions the report pairs member by member, in the order it reports them.
const UNIONS: [Composition; 2] = [Composition::OneOf, Composition::AnyOf];

/// What a schema is, for type-change detection: `string(date-time)`,
/// `object`, `oneOf`, `any`...
fn type_label(s: &Value) -> String {
    if let Some(t) = s.get("type").and_then(Value::as_str) {
        return match s.get("format").and_then(Value::as_str) {
            Some(f) => format!("{t}({f})"),
            None => t.to_string(),
        };
    }
    for union in UNIONS {
        if s.get(union.keyword()).is_some() {
            return union.keyword().to_string();
        }
    }
    inferred_type(s).unwrap_or("any").to_string()
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
        let items = (child(old, &Position::Items), child(new, &Position::Items));
        if items.0.is_some() || items.1.is_some() {
            let empty = Value::Null;
            let (o, n) = (items.0.unwrap_or(&empty), items.1.unwrap_or(&empty));
            self.schema(o, n, dir, base, &format!("{field}[]"));
        }
        let extra = Position::AdditionalProperties;
        if let (Some(o), Some(n)) = (child(old, &extra), child(new, &extra)) {
            self.schema(o, n, dir, base, &format!("{field}{{}}"));
        }
        for union in UNIONS {
            self.variants(old, new, dir, base, field, union);
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
        let old_req = str_set(old.get("required"));
        let new_req = str_set(new.get("required"));
        let child_field = |name: &str| {
            if field.is_empty() {
                name.to_string()
            } else {
                format!("{field}.{name}")
            }
        };
        for (name, n) in property_schemas(new) {
            let loc = Self::at(base, &child_field(name));
            let required = new_req.contains(name);
            match property(old, name) {
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
                    self.schema(o, n, dir, base, &child_field(name));
                }
            }
        }
        for (name, _) in property_schemas(old) {
            if property(new, name).is_none() {
                self.push(
                    Class::Breaking,
                    Kind::PropertyRemoved,
                    Self::at(base, &child_field(name)),
                    "property removed",
                );
            }
        }
    }

    /// Pair the old and new schema's `union` members by index.
    fn variants(
        &mut self,
        old: &Value,
        new: &Value,
        dir: Dir,
        base: &str,
        field: &str,
        union: Composition,
    ) {
        let key = union.keyword();
        let list = |s| union.members(s).unwrap_or_default();
        let (old_list, new_list) = (list(old), list(new));
        for (i, (o, n)) in old_list.iter().zip(new_list).enumerate() {
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
