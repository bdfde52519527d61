//! Pass: every enum becomes an open enum, so new upstream values decode.
//!
//! The construct: typify makes string enums closed Rust enums and numeric
//! enums an `f64` newtype that rejects unknown values, so one new upstream
//! value would fail a whole response. The pass moves each enum into a named
//! component (named after its place) that the generator replaces with an
//! open enum: the known values plus a catch-all that keeps an unknown value.
//! A single-value enum inside a union member stays inline: it keys the
//! member, and typify needs it there for a tagged union.

use std::collections::BTreeMap;

use serde_json::Value;

use super::plan::{OpenEnum, OpenEnumKind, OperationPlan};
use super::schemas_mut;
use crate::naming;
use crate::schema::walk::Position;
use crate::schema::{is_ref, nullable_all_of, ref_to_component, take_nullable, Composition};

/// Move every enum into a component marked as open, and return those
/// components. A single-value enum inside a `oneOf`/`anyOf` variant stays:
/// it is that variant's discriminator, and typify needs to see it inline to
/// generate a tagged union.
pub fn hoist_enums(spec: &mut Value, ops: &[OperationPlan]) -> Vec<OpenEnum> {
    let mut found: BTreeMap<String, Value> = BTreeMap::new();

    // Components first, so that a component that is itself an enum keeps its name.
    let names: Vec<String> = crate::schema::component_names(spec).into_iter().collect();
    let mut taken: Vec<String> = names.clone();
    for name in &names {
        let Some(schema) = spec.pointer_mut(&format!(
            "/components/schemas/{}",
            crate::schema::escape_pointer_token(name)
        )) else {
            continue;
        };
        if enum_values(schema).is_some() {
            found.insert(name.clone(), schema.clone());
            continue;
        }
        walk_children(schema, name, false, &mut found, &mut taken);
    }

    for op in ops {
        let stem = op.type_stem();
        let Some(item) = spec.pointer_mut(&crate::schema::pointer(&["paths", &op.path])) else {
            continue;
        };
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        let method = op.http_method.to_ascii_lowercase();
        // Path-level parameters are shared by the item's operations; name them after the first.
        for params in [item.get_mut("parameters")].into_iter().flatten() {
            walk_parameters(params, &stem, &mut found, &mut taken);
        }
        let Some(operation) = item.get_mut(&method) else {
            continue;
        };
        if let Some(params) = operation.get_mut("parameters") {
            walk_parameters(params, &stem, &mut found, &mut taken);
        }
        if let Some(content) = operation
            .pointer_mut("/requestBody/content")
            .and_then(Value::as_object_mut)
        {
            for media in content.values_mut() {
                if let Some(schema) = media.get_mut("schema") {
                    visit(
                        schema,
                        &naming::type_name(&[&stem, "Body"]),
                        false,
                        &mut found,
                        &mut taken,
                    );
                }
            }
        }
    }

    let schemas = schemas_mut(spec);
    let mut out = Vec::new();
    for (name, schema) in found {
        let Some(kind) = enum_values(&schema) else {
            continue;
        };
        let description = schema
            .get("description")
            .and_then(Value::as_str)
            .map(str::to_string);
        schemas.insert(name.clone(), schema);
        out.push(OpenEnum {
            name,
            description,
            kind,
        });
    }
    out
}

fn walk_parameters(
    params: &mut Value,
    stem: &str,
    found: &mut BTreeMap<String, Value>,
    taken: &mut Vec<String>,
) {
    for param in params.as_array_mut().into_iter().flatten() {
        let pname = param
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or("param")
            .to_string();
        if let Some(schema) = param.get_mut("schema") {
            visit(
                schema,
                &naming::type_name(&[stem, &pname]),
                false,
                found,
                taken,
            );
        }
    }
}

/// Hoist `schema` if it is an enum, otherwise look inside it.
fn visit(
    schema: &mut Value,
    name: &str,
    in_union: bool,
    found: &mut BTreeMap<String, Value>,
    taken: &mut Vec<String>,
) {
    if is_ref(schema) {
        return;
    }
    if enum_values(schema).is_some_and(|kind| !(in_union && kind.len() < 2)) {
        let unique = unique_name(name, taken);
        let mut hoisted = schema.clone();
        let nullable = take_nullable(&mut hoisted);
        if let Some(m) = hoisted.as_object_mut() {
            m.remove("default");
            m.remove("example");
        }
        found.insert(unique.clone(), hoisted);
        let reference = ref_to_component(&unique);
        *schema = if nullable {
            nullable_all_of(reference)
        } else {
            reference
        };
        return;
    }
    walk_children(schema, name, in_union, found, taken);
}

/// `in_union` is true for the properties of a `oneOf`/`anyOf` variant.
fn walk_children(
    schema: &mut Value,
    name: &str,
    in_union: bool,
    found: &mut BTreeMap<String, Value>,
    taken: &mut Vec<String>,
) {
    crate::schema::walk::positions_mut(schema, &mut |position, child| {
        let (child_name, child_in_union) = match position {
            Position::Property(prop) => (naming::type_name(&[name, &prop]), in_union),
            Position::Items => (naming::type_name(&[name, "Item"]), false),
            Position::AdditionalProperties => (naming::type_name(&[name, "Value"]), false),
            Position::Member(keyword, i) => {
                (format!("{name}Variant{i}"), keyword != Composition::AllOf)
            }
            Position::Other => return,
        };
        visit(child, &child_name, child_in_union, found, taken);
    });
}

fn unique_name(name: &str, taken: &mut Vec<String>) -> String {
    let mut candidate = name.to_string();
    let mut n = 1;
    while taken.contains(&candidate) {
        n += 1;
        candidate = format!("{name}{n}");
    }
    taken.push(candidate.clone());
    candidate
}

/// The values of an enum: one or more non-null values, all strings or all numbers.
fn enum_values(schema: &Value) -> Option<OpenEnumKind> {
    let values: Vec<&Value> = schema
        .get("enum")?
        .as_array()?
        .iter()
        .filter(|v| !v.is_null())
        .collect();
    if values.is_empty() {
        return None;
    }
    if let Some(strings) = values
        .iter()
        .map(|v| v.as_str().map(str::to_string))
        .collect::<Option<Vec<_>>>()
    {
        let variants = naming::variant_names(&strings);
        return Some(OpenEnumKind::String(
            strings.into_iter().zip(variants).collect(),
        ));
    }
    if let Some(ints) = values
        .iter()
        .map(|v| v.as_i64())
        .collect::<Option<Vec<_>>>()
    {
        return Some(OpenEnumKind::Integer(ints));
    }
    if let Some(ints) = values
        .iter()
        .map(|v| {
            v.as_f64()
                .filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15)
                .map(|f| f as i64)
        })
        .collect::<Option<Vec<_>>>()
    {
        return Some(OpenEnumKind::Integer(ints));
    }
    values
        .iter()
        .map(|v| v.as_f64())
        .collect::<Option<Vec<_>>>()
        .map(OpenEnumKind::Number)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn property_enums_are_hoisted_and_constants_stay() {
        let mut spec = json!({"paths": {}, "components": {"schemas": {"Rec": {"type": "object", "properties": {
            "accountType": {"type": "string", "enum": ["douyin", "xhs"], "description": "账号平台"},
            "status": {"type": "number", "enum": [-1, 0, 1]},
            "mode": {"type": "string", "enum": ["cursor"]},
            "page": {"oneOf": [{"type": "object", "properties": {"mode": {"type": "string", "enum": ["cursor"]}}}]},
            "tags": {"type": "array", "items": {"type": "string", "enum": ["a", "b"], "nullable": true}}
        }}}}});
        let enums = hoist_enums(&mut spec, &[]);
        let names: Vec<&str> = enums.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(
            names,
            ["RecAccountType", "RecMode", "RecStatus", "RecTagsItem"]
        );
        assert_eq!(enums[2].kind, OpenEnumKind::Integer(vec![-1, 0, 1]));
        assert_eq!(enums[0].description.as_deref(), Some("账号平台"));
        let rec = &spec["components"]["schemas"]["Rec"]["properties"];
        assert_eq!(
            rec["accountType"],
            json!({"$ref": "#/components/schemas/RecAccountType"})
        );
        assert_eq!(rec["mode"], json!({"$ref": "#/components/schemas/RecMode"}));
        assert_eq!(
            rec["page"]["oneOf"][0]["properties"]["mode"]["enum"],
            json!(["cursor"])
        );
        assert_eq!(
            rec["tags"]["items"],
            json!({"allOf": [{"$ref": "#/components/schemas/RecTagsItem"}], "nullable": true})
        );
        assert_eq!(
            spec["components"]["schemas"]["RecStatus"],
            json!({"type": "number", "enum": [-1, 0, 1]})
        );
    }

    #[test]
    fn non_integral_numbers_stay_numbers() {
        assert_eq!(
            enum_values(&json!({"enum": [0.5, 1]})),
            Some(OpenEnumKind::Number(vec![0.5, 1.0]))
        );
        assert_eq!(
            enum_values(&json!({"enum": [1.0, 2.0]})),
            Some(OpenEnumKind::Integer(vec![1, 2]))
        );
        assert_eq!(enum_values(&json!({"enum": ["a", 1]})), None);
    }
}
