//! The spec variants of the vendored spec, and what the drift report says of
//! each: the non-breaking set is additive for Rust callers, the breaking set
//! is reported as breaking, each with the kind of change it makes.

use std::path::Path;

use xtask::diff::{compare, Class, Kind};
use xtask::variants::{self, VARIANTS};

fn vendored() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask sits in the workspace")
        .join("openapi")
}

fn spec(root: &Path) -> serde_json::Value {
    aitoearn_codegen::load_dir(root).expect("the spec loads and validates")
}

#[test]
fn every_variant_is_classified_as_expected() {
    let dir = tempfile::tempdir().unwrap();
    let written = variants::write_all(&vendored(), dir.path()).unwrap();
    assert_eq!(written.len(), VARIANTS.len());
    let base = spec(&vendored());
    for (variant, path) in VARIANTS.iter().zip(&written) {
        // Same layout as openapi/: the spec under its language, and the lock.
        assert!(path.join("zh/aitoearn.openapi.json").is_file());
        for lock in aitoearn_codegen::Locks::FILES {
            assert!(path.join(lock).is_file(), "{lock} travels with the spec");
        }
        let report = compare(&base, &spec(path));
        assert!(!report.is_empty(), "{}: no drift", variant.name);
        assert_eq!(
            report.has_breaking(),
            variant.breaking,
            "{}: {report:#?}",
            variant.name
        );
        let kinds: Vec<(Class, Kind)> = report.changes.iter().map(|c| (c.class, c.kind)).collect();
        let expected = match variant.name {
            "added-optional-query-param" => Some((Class::NonBreaking, Kind::ParameterAdded)),
            "added-optional-body-property" | "added-optional-response-property" => {
                Some((Class::NonBreaking, Kind::PropertyAdded))
            }
            "added-enum-value" => Some((Class::NonBreaking, Kind::EnumValueAdded)),
            "added-operation" => None,
            "removed-response-property" => Some((Class::Breaking, Kind::PropertyRemoved)),
            "added-required-parameter" => Some((Class::Breaking, Kind::ParameterAdded)),
            other => panic!("no expectation for variant {other}"),
        };
        match expected {
            Some(kind) => assert!(kinds.contains(&kind), "{}: {kinds:?}", variant.name),
            None => {
                assert_eq!(report.added.len(), 1, "{}", variant.name);
                assert!(kinds.is_empty(), "{}: {kinds:?}", variant.name);
            }
        }
    }
}

#[test]
fn a_new_operation_never_renames_an_existing_method() {
    let dir = tempfile::tempdir().unwrap();
    let variant = variants::find("added-operation").unwrap();
    variants::write_one(&vendored(), variant, dir.path()).unwrap();
    let names = |root: &Path| -> std::collections::BTreeMap<String, String> {
        aitoearn_codegen::generate_dir(root, None)
            .unwrap()
            .normalized
            .operations
            .iter()
            .map(|p| (p.operation_id.clone(), p.method_name.clone()))
            .collect()
    };
    let before = names(&vendored());
    let after = names(dir.path());
    assert_eq!(after.len(), before.len() + 1);
    for (id, name) in &before {
        assert_eq!(after.get(id), Some(name), "{id} was renamed");
    }
    // The copy's base name is taken, so the newcomer carries its version.
    let added: Vec<&String> = after
        .iter()
        .filter(|(id, _)| !before.contains_key(*id))
        .map(|(_, name)| name)
        .collect();
    assert!(added[0].ends_with("_v3"), "{added:?}");
}

#[test]
fn an_unknown_variant_is_a_usage_error() {
    assert!(variants::find("no-such-variant").is_err());
}

#[test]
fn the_drift_pr_bumps_the_version_by_what_the_variant_does_to_rust_code() {
    let dir = tempfile::tempdir().unwrap();
    let base = spec(&vendored());
    let current: xtask::semver::Version = "0.3.1".parse().unwrap();
    for variant in VARIANTS {
        let path = dir.path().join(variant.name);
        variants::write_one(&vendored(), *variant, &path).unwrap();
        let pr = xtask::drift_pr::prepare(&base, &spec(&path), current).unwrap();
        let expected = if variant.breaking { "0.4.0" } else { "0.3.2" };
        assert_eq!(pr.version.to_string(), expected, "{}", variant.name);
        assert_eq!(
            pr.labels
                .iter()
                .any(|l| l == xtask::drift_pr::BREAKING_LABEL),
            variant.breaking,
            "{}",
            variant.name
        );
    }
}
