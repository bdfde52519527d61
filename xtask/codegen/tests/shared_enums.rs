//! Built against the full upstream spec, every enum value set is one Rust
//! type: no two open enums share a value set, and every place-derived name is
//! an alias of an emitted type.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use aitoearn_codegen::internals::value_set_key;
use aitoearn_codegen::normalize::{normalize, Normalized};

/// `../shared/upstream` next to the repository, when present.
fn upstream() -> Option<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let dir = root.join("../shared/upstream");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!(
            "skipped: {} is absent (the full upstream spec snapshot)",
            dir.display()
        );
        None
    }
}

fn check_one_type_per_value_set(normalized: &Normalized) {
    let mut by_set: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for e in &normalized.open_enums {
        by_set
            .entry(value_set_key(&e.kind))
            .or_default()
            .push(&e.name);
    }
    let shared: Vec<&Vec<&str>> = by_set.values().filter(|names| names.len() > 1).collect();
    assert!(
        shared.is_empty(),
        "enum types sharing a value set: {shared:?}"
    );

    let emitted: BTreeSet<&str> = normalized
        .open_enums
        .iter()
        .map(|e| e.name.as_str())
        .collect();
    for alias in &normalized.enum_aliases {
        assert!(
            emitted.contains(alias.target.as_str()),
            "alias {} names {}, which is not emitted",
            alias.name,
            alias.target
        );
        assert!(
            !emitted.contains(alias.name.as_str()),
            "{} is both an enum and an alias",
            alias.name
        );
    }
}

#[test]
fn upstream_has_one_type_per_enum_value_set() {
    let Some(dir) = upstream() else { return };
    let spec = aitoearn_codegen::load_dir(&dir).expect("the upstream snapshot loads");
    let normalized = normalize(&spec).expect("the upstream snapshot normalizes");
    check_one_type_per_value_set(&normalized);
    // The platform list, written inline many times upstream, is one `Platform`.
    let platform = normalized
        .open_enums
        .iter()
        .find(|e| e.name == "Platform")
        .expect("a `Platform` type");
    assert!(platform.kind.len() >= 10, "{platform:?}");
    let aliases = normalized
        .enum_aliases
        .iter()
        .filter(|a| a.target == "Platform")
        .count();
    assert!(aliases >= 10, "only {aliases} places use `Platform`");
}

#[test]
fn vendored_spec_has_one_type_per_enum_value_set() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../openapi");
    let spec = aitoearn_codegen::load_dir(&dir).expect("the vendored spec loads");
    check_one_type_per_value_set(&normalize(&spec).expect("the vendored spec normalizes"));
}
