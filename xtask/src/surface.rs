//! `cargo xtask surface`: a committed, human-readable listing of what the SDK
//! exposes, derived from the normalized spec and the operation plans (the
//! same ones `build.rs` generates the client from). A change to the API shows
//! up in review as a change to this file.

use std::path::Path;

use aitoearn_codegen::normalize::{OpenEnumKind, ResponsePlan, RustType};
use aitoearn_codegen::schema::{deref, has_nullable_keyword, ref_target, required, Composition};
use aitoearn_codegen::{Generated, MethodLock, TypeLock};
use serde_json::Value;

use crate::canonical::write_atomic;
use crate::error::{Error, Result};
use crate::paths::{SPEC_FILE, SURFACE_FILE};

/// Generate from the spec directory exactly as `build.rs` does (its
/// method-name lock included).
pub fn generate_from(spec_root: &Path) -> Result<Generated> {
    Ok(aitoearn_codegen::generate_dir(spec_root, None)?)
}

/// The method-name lock that fixes the names `generated` uses: one line per
/// operation it has (names already locked stay, new operations are added,
/// removed ones dropped).
pub fn method_lock(generated: &Generated) -> MethodLock {
    MethodLock::from_pairs(
        generated
            .normalized
            .operations
            .iter()
            .map(|p| (p.operation_id.clone(), p.method_name.clone())),
    )
}

/// The type-name lock that fixes the enum type names `generated` uses: every
/// open enum as a type of its own, every alias with its type (names the spec
/// no longer produces dropped).
pub fn type_lock(generated: &Generated) -> TypeLock {
    generated.normalized.type_lock()
}

/// The surface listing of a generated SDK.
pub fn render(generated: &Generated) -> String {
    let spec = &generated.normalized.spec;
    let mut out = format!(
        "# SDK surface of the aitoearn crate, generated from {SPEC_FILE} by `cargo xtask surface`.\n\
         # Do not edit: `cargo xtask check` fails when this file is stale.\n\
         # Operations: METHOD path  method(parameters) -> return type   (`?` marks optional)\n\n\
         ## Operations ({})\n\n",
        generated.normalized.operations.len()
    );
    for plan in &generated.normalized.operations {
        let method = plan.http_method.to_ascii_lowercase();
        let item = spec.get("paths").and_then(|p| p.get(&plan.path));
        let op = item.and_then(|i| i.get(&method)).unwrap_or(&Value::Null);
        let mut params = Vec::new();
        for list in [item.and_then(|i| i.get("parameters")), op.get("parameters")] {
            for p in list.and_then(Value::as_array).into_iter().flatten() {
                let p = deref(spec, p);
                let name = p.get("name").and_then(Value::as_str).unwrap_or("?");
                let optional = if p.get("required").and_then(Value::as_bool).unwrap_or(false) {
                    ""
                } else {
                    "?"
                };
                let place = p.get("in").and_then(Value::as_str).unwrap_or("?");
                params.push(format!(
                    "{name}{optional}: {} in {place}",
                    ty(p.get("schema").unwrap_or(&Value::Null))
                ));
            }
        }
        if let Some(body) = op.get("requestBody") {
            let body = deref(spec, body);
            let optional = if body
                .get("required")
                .and_then(Value::as_bool)
                .unwrap_or(false)
            {
                ""
            } else {
                "?"
            };
            let media = body.get("content").and_then(Value::as_object);
            let desc = match media.and_then(|m| m.get("application/json")) {
                Some(json) => ty(json.get("schema").unwrap_or(&Value::Null)),
                None => media
                    .map(|m| m.keys().cloned().collect::<Vec<_>>().join(" | "))
                    .unwrap_or_default(),
            };
            params.push(format!("body{optional}: {desc}"));
        }
        let ret = match &plan.response {
            ResponsePlan::Envelope(RustType::Named(n)) => n.clone(),
            ResponsePlan::Envelope(RustType::Path(p)) => p.clone(),
            ResponsePlan::Json(RustType::Named(n)) => format!("{n} (plain JSON)"),
            ResponsePlan::Json(RustType::Path(p)) => format!("{p} (plain JSON)"),
            ResponsePlan::EventStream => "event stream".into(),
            ResponsePlan::Raw => "raw response".into(),
        };
        let deprecated = if plan.deprecated {
            "  [deprecated]"
        } else {
            ""
        };
        out.push_str(&format!(
            "{} {}  {}({}) -> {ret}{deprecated}\n",
            plan.http_method,
            plan.path,
            plan.method_name,
            params.join(", ")
        ));
    }

    let waiters = aitoearn_codegen::generate::waiter_surface(&generated.normalized);
    out.push_str("\n## Waiters (declared in xtask/codegen/waiters.txt)\n\n");
    for line in waiters {
        out.push_str(&line);
        out.push('\n');
    }

    let paginators = aitoearn_codegen::generate::paginator_surface(&generated.normalized);
    out.push_str("\n## Paginators (page-numbered lists, found in the spec)\n\n");
    for line in paginators {
        out.push_str(&line);
        out.push('\n');
    }

    let uploads = aitoearn_codegen::generate::upload_surface(&generated.normalized);
    out.push_str("\n## Uploads\n\n");
    for line in uploads {
        out.push_str(&line);
        out.push('\n');
    }

    let open: std::collections::BTreeMap<&str, &OpenEnumKind> = generated
        .normalized
        .open_enums
        .iter()
        .map(|e| (e.name.as_str(), &e.kind))
        .collect();
    let aliases: std::collections::BTreeMap<&str, &str> = generated
        .normalized
        .enum_aliases
        .iter()
        .map(|a| (a.name.as_str(), a.target.as_str()))
        .collect();
    let empty = Value::Null;
    // Component schemas, plus shared enums named by no component (`Platform`).
    let mut types: std::collections::BTreeMap<&str, &Value> = spec
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .map(|(name, schema)| (name.as_str(), schema))
        .collect();
    for name in open.keys() {
        types.entry(*name).or_insert(&empty);
    }
    let union_aliases: std::collections::BTreeMap<&str, &str> = generated
        .normalized
        .shared_unions
        .aliases
        .iter()
        .map(|a| (a.name.as_str(), a.target.as_str()))
        .collect();
    for name in union_aliases.keys() {
        types.entry(*name).or_insert(&empty);
    }
    out.push_str(&format!("\n## Types ({})\n", types.len()));
    for (name, schema) in types {
        out.push('\n');
        if let Some(target) = aliases.get(name) {
            out.push_str(&format!("type {name} = {target} (same values)\n"));
            continue;
        }
        if let Some(target) = union_aliases.get(name) {
            out.push_str(&format!("type {name} = {target} (same union shape)\n"));
            continue;
        }
        if let Some(kind) = open.get(name) {
            let values: Vec<String> = match kind {
                OpenEnumKind::String(v) => v.iter().map(|(value, _)| value.clone()).collect(),
                OpenEnumKind::Integer(v) => v.iter().map(i64::to_string).collect(),
                OpenEnumKind::Number(v) => v.iter().map(f64::to_string).collect(),
            };
            out.push_str(&format!("enum {name} (open): {}\n", values.join(" | ")));
            continue;
        }
        match schema.get("properties").and_then(Value::as_object) {
            Some(props) => {
                out.push_str(&format!("struct {name}\n"));
                let required = required(schema);
                for (field, s) in props {
                    let optional = if required.contains(&field.as_str()) {
                        ""
                    } else {
                        "?"
                    };
                    out.push_str(&format!("  {field}{optional}: {}\n", ty(s)));
                }
            }
            None => out.push_str(&format!("type {name} = {}\n", ty(schema))),
        }
    }
    out
}

/// A compact type expression for a schema.
fn ty(s: &Value) -> String {
    ty_at(s, 0)
}

fn ty_at(s: &Value, depth: usize) -> String {
    if depth > 8 {
        return "…".into();
    }
    let nullable = if has_nullable_keyword(s) {
        " | null"
    } else {
        ""
    };
    if let Some(r) = ref_target(s) {
        return r
            .trim_start_matches("#/components/schemas/")
            .replace("/properties/", ".")
            .to_string()
            + nullable;
    }
    for (composition, sep) in [
        (Composition::OneOf, " | "),
        (Composition::AnyOf, " | "),
        (Composition::AllOf, " & "),
    ] {
        if let Some(parts) = composition.members(s) {
            let parts: Vec<String> = parts.iter().map(|p| ty_at(p, depth + 1)).collect();
            return format!("{}({}){nullable}", composition.keyword(), parts.join(sep));
        }
    }
    if let Some(values) = s.get("enum").and_then(Value::as_array) {
        let values: Vec<String> = values.iter().map(|v| v.to_string()).collect();
        return format!("enum({}){nullable}", values.join(" | "));
    }
    let base = match s.get("type").and_then(Value::as_str) {
        Some("array") => format!(
            "[{}]",
            ty_at(s.get("items").unwrap_or(&Value::Null), depth + 1)
        ),
        Some("object") | None if s.get("properties").is_some() => {
            let required = required(s);
            let fields: Vec<String> = s
                .get("properties")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
                .map(|(k, v)| {
                    let optional = if required.contains(&k.as_str()) {
                        ""
                    } else {
                        "?"
                    };
                    format!("{k}{optional}: {}", ty_at(v, depth + 1))
                })
                .collect();
            format!("{{{}}}", fields.join(", "))
        }
        Some("object") | None if s.get("additionalProperties").is_some_and(Value::is_object) => {
            format!(
                "map<string, {}>",
                ty_at(&s["additionalProperties"], depth + 1)
            )
        }
        Some(t) => match s.get("format").and_then(Value::as_str) {
            Some(f) => format!("{t}({f})"),
            None => t.to_string(),
        },
        None => "any".into(),
    };
    base + nullable
}

/// Write the surface file for the spec under `spec_root` (`openapi/`) into
/// `openapi/<lang>/`, and the name locks (methods, types) into `spec_root`.
/// Returns whether any file changed.
pub fn write(spec_root: &Path, lang: &str) -> Result<bool> {
    let generated = generate_from(spec_root)?;
    let mut changed = false;
    for (path, text) in [
        (spec_root.join(lang).join(SURFACE_FILE), render(&generated)),
        (
            spec_root.join(MethodLock::FILE),
            method_lock(&generated).render(),
        ),
        (
            spec_root.join(TypeLock::FILE),
            type_lock(&generated).render(),
        ),
    ] {
        let old = std::fs::read_to_string(&path).ok();
        if old.as_deref() != Some(text.as_str()) {
            write_atomic(&path, text.as_bytes())?;
            changed = true;
        }
    }
    Ok(changed)
}

/// Whether the surface file and the name locks match the spec; the error
/// says how to fix it.
pub fn check(spec_root: &Path, lang: &str) -> Result<()> {
    let generated = generate_from(spec_root)?;
    let lock_path = spec_root.join(MethodLock::FILE);
    if MethodLock::load(spec_root)? != method_lock(&generated) {
        return Err(Error::File {
            path: lock_path,
            message: "stale: it does not list every operation of the spec with its method name; run `cargo xtask surface` and commit it".into(),
        });
    }
    if TypeLock::load(spec_root)? != type_lock(&generated) {
        return Err(Error::File {
            path: spec_root.join(TypeLock::FILE),
            message: "stale: it does not list every enum type and alias the spec generates; run `cargo xtask surface` and commit it".into(),
        });
    }
    let text = render(&generated);
    let path = spec_root.join(lang).join(SURFACE_FILE);
    let old = std::fs::read_to_string(&path).map_err(|e| Error::File {
        path: path.clone(),
        message: format!(
            "cannot read the surface file ({e}); create it with `cargo xtask surface`"
        ),
    })?;
    if old == text {
        return Ok(());
    }
    let line = old
        .lines()
        .zip(text.lines())
        .position(|(a, b)| a != b)
        .unwrap_or(old.lines().count().min(text.lines().count()));
    Err(Error::File {
        path,
        message: format!("stale: it no longer matches the spec (first difference at line {}); run `cargo xtask surface` and commit it", line + 1),
    })
}
