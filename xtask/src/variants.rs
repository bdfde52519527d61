//! `cargo xtask variants`: spec variants of the vendored spec, each one kind
//! of upstream change, for tests that build the SDK against them (through
//! `AITOEARN_OPENAPI_DIR`) and check what the change does to a caller's code.
//!
//! Every variant is a directory with the layout of `openapi/`: the mutated
//! `<lang>/aitoearn.openapi.json` of each language and the method-name lock.
//! Each mutation picks its target deterministically (the first operation, in
//! path and method order, that has what it needs) and fails when the spec has
//! nothing to mutate.

use std::path::{Path, PathBuf};

use aitoearn_codegen::schema::{ref_pointer, ref_target, resolve_ref, walk_spec, walk_spec_mut};
use aitoearn_codegen::spec::operations;
use aitoearn_codegen::Locks;
use serde_json::{json, Map, Value};

use crate::canonical::{to_canonical_string, write_atomic};
use crate::error::{Error, Result};
use crate::paths::SPEC_FILE;

/// One kind of upstream change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Variant {
    /// Directory name (`added-optional-query-param`).
    pub name: &'static str,
    /// Whether code written against the base spec may stop compiling.
    pub breaking: bool,
    /// What the mutation does.
    pub description: &'static str,
}

/// Every variant: the non-breaking set, then the breaking one.
pub const VARIANTS: &[Variant] = &[
    Variant {
        name: "added-optional-query-param",
        breaking: false,
        description: "an optional query parameter `variantKeyword` on the first operation with query parameters",
    },
    Variant {
        name: "added-optional-body-property",
        breaking: false,
        description: "an optional property `variantNote` in the first JSON request body's schema",
    },
    Variant {
        name: "added-optional-response-property",
        breaking: false,
        description: "an optional property `variantNote` in the first response's `data` schema",
    },
    Variant {
        name: "added-enum-value",
        breaking: false,
        description: "the value `variant_value` added to every enum holding the first string enum's values",
    },
    Variant {
        name: "added-operation",
        breaking: false,
        description: "a copy of the first operation under a new path and the next version of its operationId",
    },
    Variant {
        name: "removed-response-property",
        breaking: true,
        description: "the first property of the first response's `data` schema removed",
    },
    Variant {
        name: "added-required-parameter",
        breaking: true,
        description: "a required query parameter `variantRequired` on the first operation with query parameters",
    },
];

/// The variant called `name`.
pub fn find(name: &str) -> Result<Variant> {
    VARIANTS
        .iter()
        .copied()
        .find(|v| v.name == name)
        .ok_or_else(|| {
            let names: Vec<&str> = VARIANTS.iter().map(|v| v.name).collect();
            Error::Usage(format!(
                "no variant `{name}`; expected one of {}",
                names.join(", ")
            ))
        })
}

/// `spec` with the change of `variant` applied.
pub fn mutate(spec: &Value, variant: Variant) -> Result<Value> {
    let mut out = spec.clone();
    let fail = |what: &str| {
        Error::Usage(format!(
            "cannot make variant `{}`: the spec has {what}",
            variant.name
        ))
    };
    match variant.name {
        "added-optional-query-param" | "added-required-parameter" => {
            let required = variant.breaking;
            let name = if required {
                "variantRequired"
            } else {
                "variantKeyword"
            };
            let (path, method) = first_op(&out, |op| {
                params(op).any(|p| p.get("in").and_then(Value::as_str) == Some("query"))
            })
            .ok_or_else(|| fail("no operation with query parameters"))?;
            let op = op_mut(&mut out, &path, &method);
            let list = op
                .entry("parameters")
                .or_insert_with(|| Value::Array(Vec::new()));
            if let Some(list) = list.as_array_mut() {
                list.push(json!({
                    "name": name,
                    "in": "query",
                    "required": required,
                    "description": "A parameter added by the spec variant.",
                    "schema": {"type": "string"}
                }));
            }
        }
        "added-optional-body-property" => {
            let (path, method) = first_op(&out, |op| {
                op.pointer("/requestBody/content/application~1json/schema")
                    .is_some()
            })
            .ok_or_else(|| fail("no JSON request body"))?;
            let pointer = format!(
                "{}/requestBody/content/application~1json/schema",
                op_pointer(&path, &method)
            );
            let target = object_schema(&out, &pointer).ok_or_else(|| fail("no body object"))?;
            add_property(&mut out, &target)?;
        }
        "added-optional-response-property" | "removed-response-property" => {
            let (path, method) = first_op(&out, |op| response_schema(op).is_some())
                .ok_or_else(|| fail("no JSON success response"))?;
            let schema = format!(
                "{}/responses/200/content/application~1json/schema",
                op_pointer(&path, &method)
            );
            // The envelope's `data`, or the body itself when it has none.
            let data = format!("{schema}/properties/data");
            let at = if out.pointer(&data).is_some() {
                data
            } else {
                schema
            };
            let target = object_schema(&out, &at).ok_or_else(|| fail("no response object"))?;
            if variant.breaking {
                remove_first_property(&mut out, &target).ok_or_else(|| fail("no property"))?;
            } else {
                add_property(&mut out, &target)?;
            }
        }
        "added-enum-value" => {
            let values = first_string_enum(&out).ok_or_else(|| fail("no string enum"))?;
            add_enum_value(&mut out, &values, "variant_value");
        }
        "added-operation" => {
            let (path, method) = first_op(&out, |op| op.get("operationId").is_some())
                .ok_or_else(|| fail("no operation"))?;
            let mut op = Value::Object(op_mut(&mut out, &path, &method).clone());
            let id = op
                .get("operationId")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string();
            op["operationId"] = Value::String(next_version(&id));
            op["summary"] = Value::String("An operation added by the spec variant.".into());
            let new_path = format!("{path}/variant");
            let paths = out
                .get_mut("paths")
                .and_then(Value::as_object_mut)
                .ok_or_else(|| fail("no paths"))?;
            let mut item = Map::new();
            // Path-level parameters of the original apply to the copy too.
            if let Some(shared) = paths.get(&path).and_then(|i| i.get("parameters")) {
                item.insert("parameters".into(), shared.clone());
            }
            item.insert(method, op);
            paths.insert(new_path, Value::Object(item));
        }
        _ => return Err(fail("no such mutation")),
    }
    Ok(out)
}

/// Write every variant of the spec directory `spec_root` (`openapi/`) into
/// `out/<variant>/`; returns the directories written.
pub fn write_all(spec_root: &Path, out: &Path) -> Result<Vec<PathBuf>> {
    VARIANTS
        .iter()
        .map(|v| {
            let dir = out.join(v.name);
            write_one(spec_root, *v, &dir)?;
            Ok(dir)
        })
        .collect()
}

/// Write one variant of `spec_root` into `dir`.
pub fn write_one(spec_root: &Path, variant: Variant, dir: &Path) -> Result<()> {
    write_combined(spec_root, &[variant], dir)
}

/// Write `spec_root` with every change of `variants` applied (in order) into `dir`.
pub fn write_combined(spec_root: &Path, variants: &[Variant], dir: &Path) -> Result<()> {
    let files: Vec<PathBuf> = aitoearn_codegen::spec::json_files(spec_root)?
        .into_iter()
        .filter(|p| p.file_name().is_some_and(|n| n == SPEC_FILE))
        .collect();
    if files.is_empty() {
        return Err(Error::Usage(format!(
            "no {SPEC_FILE} under {}",
            spec_root.display()
        )));
    }
    for file in files {
        let relative = file.strip_prefix(spec_root).unwrap_or(&file);
        let mut mutated = aitoearn_codegen::spec::read_json(&file)?;
        for variant in variants {
            mutated = mutate(&mutated, *variant)?;
        }
        write_atomic(
            &dir.join(relative),
            to_canonical_string(&mutated).as_bytes(),
        )?;
    }
    for name in Locks::FILES {
        let lock = spec_root.join(name);
        if lock.is_file() {
            let text = std::fs::read_to_string(&lock).map_err(|e| Error::io(&lock, e))?;
            write_atomic(&dir.join(name), text.as_bytes())?;
        }
    }
    Ok(())
}

fn op_pointer(path: &str, method: &str) -> String {
    format!(
        "/paths/{}/{method}",
        aitoearn_codegen::schema::escape_pointer_token(path)
    )
}

fn first_op(spec: &Value, pick: impl Fn(&Value) -> bool) -> Option<(String, String)> {
    operations(spec)
        .find(|(_, _, op)| pick(op))
        .map(|(path, method, _)| (path.to_string(), method.to_string()))
}

fn op_mut<'a>(spec: &'a mut Value, path: &str, method: &str) -> &'a mut Map<String, Value> {
    let op = &mut spec["paths"][path][method];
    if !op.is_object() {
        *op = Value::Object(Map::new());
    }
    match op {
        Value::Object(m) => m,
        _ => unreachable!("just made an object"),
    }
}

fn params(op: &Value) -> impl Iterator<Item = &Value> {
    op.get("parameters")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
}

fn response_schema(op: &Value) -> Option<&Value> {
    op.pointer("/responses/200/content/application~1json/schema")
}

/// The JSON pointer of the object schema at `pointer`, following `$ref`s
/// into components.
fn object_schema(spec: &Value, pointer: &str) -> Option<String> {
    let mut at = pointer.to_string();
    for _ in 0..16 {
        let schema = spec.pointer(&at)?;
        match ref_target(schema) {
            Some(r) => {
                resolve_ref(spec, r)?;
                at = ref_pointer(r)?;
            }
            None => return schema.get("properties").map(|_| at),
        }
    }
    None
}

fn add_property(spec: &mut Value, pointer: &str) -> Result<()> {
    let props = spec
        .pointer_mut(&format!("{pointer}/properties"))
        .and_then(Value::as_object_mut)
        .ok_or_else(|| Error::Usage(format!("no properties at {pointer}")))?;
    props.insert(
        "variantNote".into(),
        json!({"type": "string", "description": "A property added by the spec variant."}),
    );
    Ok(())
}

fn remove_first_property(spec: &mut Value, pointer: &str) -> Option<()> {
    let schema = spec.pointer_mut(pointer)?.as_object_mut()?;
    let props = schema.get_mut("properties")?.as_object_mut()?;
    let first = props.keys().next()?.clone();
    props.remove(&first);
    if let Some(required) = schema.get_mut("required").and_then(Value::as_array_mut) {
        required.retain(|r| r.as_str() != Some(first.as_str()));
    }
    Some(())
}

/// The values of the first string enum of two or more values, in the order
/// the schema walker meets them (schema roots in document order, then
/// depth first); examples and property names are never read as schemas.
fn first_string_enum(spec: &Value) -> Option<Vec<String>> {
    let mut found = None;
    walk_spec(spec, &mut |s| {
        if found.is_some() {
            return;
        }
        let values = s.get("enum").and_then(Value::as_array).and_then(|values| {
            values
                .iter()
                .map(|v| v.as_str().map(str::to_string))
                .collect::<Option<Vec<String>>>()
        });
        found = values.filter(|v| v.len() > 1);
    });
    found
}

/// Add `value` to every enum whose values are exactly `values` (as a set),
/// so a value set shared by several places stays one set.
fn add_enum_value(spec: &mut Value, values: &[String], value: &str) {
    let mut wanted: Vec<&str> = values.iter().map(String::as_str).collect();
    wanted.sort_unstable();
    wanted.dedup();
    walk_spec_mut(spec, &mut |s| {
        let Some(list) = s.get_mut("enum").and_then(Value::as_array_mut) else {
            return;
        };
        let mut have: Vec<&str> = list.iter().filter_map(Value::as_str).collect();
        have.sort_unstable();
        have.dedup();
        if have == wanted && have.len() == list.len() {
            list.push(Value::String(value.to_string()));
        }
    });
}

/// `Foo_bar_v2` → `Foo_bar_v3`; an id without a version gets `_v2`.
fn next_version(id: &str) -> String {
    if let Some((stem, tail)) = id.rsplit_once("_v") {
        if let Ok(n) = tail.parse::<u32>() {
            return format!("{stem}_v{}", n + 1);
        }
    }
    format!("{id}_v2")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_step_up() {
        assert_eq!(next_version("A_get_v2"), "A_get_v3");
        assert_eq!(next_version("A_get"), "A_get_v2");
    }

    #[test]
    fn enum_values_are_added_to_every_place_of_the_set() {
        let mut spec = json!({"components": {"schemas": {
            "A": {"enum": ["x", "y"]},
            "B": {"type": "object", "properties": {"b": {"enum": ["y", "x"]}}},
            "C": {"enum": ["x"]},
            "D": {"example": {"enum": ["x", "y"]}},
            // A property named `enum` is a field, not the keyword.
            "E": {"type": "object", "properties": {"enum": {"type": "string"}}}
        }}});
        let values = first_string_enum(&spec).unwrap();
        add_enum_value(&mut spec, &values, "z");
        let schemas = &spec["components"]["schemas"];
        assert_eq!(schemas["A"]["enum"], json!(["x", "y", "z"]));
        assert_eq!(
            schemas["B"]["properties"]["b"]["enum"],
            json!(["y", "x", "z"])
        );
        assert_eq!(schemas["C"]["enum"], json!(["x"]));
        assert_eq!(schemas["D"]["example"]["enum"], json!(["x", "y"]));
        assert_eq!(
            schemas["E"]["properties"]["enum"],
            json!({"type": "string"})
        );
    }
}
