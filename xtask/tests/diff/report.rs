//! The rendered report, the command line, and the real upstream change.

use serde_json::{json, Value};
use xtask::diff::{compare, render};

use super::*;

#[test]
fn markdown_lists_breaking_changes_first_and_json_counts_them() {
    let s = json!({"type": "string"});
    let old = op_spec(
        json!([id_param()]),
        obj(json!({"a": s}), &[]),
        obj(json!({"a": s, "b": s}), &[]),
        json!({}),
    );
    let mut new = op_spec(
        json!([id_param()]),
        obj(json!({"a": s, "c": s}), &[]),
        obj(json!({"a": s}), &[]),
        json!({}),
    );
    new["paths"]["/new"] = json!({"get": {"operationId": "NewController_get_v2", "summary": "New one", "responses": {}}});
    let report = compare(&old, &new);
    let md = render::markdown(&report);
    assert_eq!(
        render::title(&report),
        "API drift: +1 operation, 2 changes, 1 breaking"
    );
    let breaking = md.find("### Breaking changes (1)").unwrap();
    let added = md.find("### Added operations (1)").unwrap();
    let other = md.find("### Non-breaking changes (1)").unwrap();
    assert!(breaking < added && added < other, "{md}");
    assert!(
        md.contains("- `GET /new` (`NewController_get_v2`) — New one"),
        "{md}"
    );
    assert!(
        md.contains("  - response 200 application/json: b: property removed"),
        "{md}"
    );
    let json: Value = serde_json::from_str(&render::json(&report)).unwrap();
    assert_eq!(json["breaking"], 1);
    assert_eq!(json["changes"][0]["class"], "breaking");
    assert_eq!(json["changes"][0]["kind"], "property-removed");
}

#[test]
fn the_cli_fails_on_breaking_changes_only_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let s = json!({"type": "string"});
    let old = op_spec(
        json!([id_param()]),
        json!({}),
        obj(json!({"a": s, "b": s}), &[]),
        json!({}),
    );
    let new = op_spec(
        json!([id_param()]),
        json!({}),
        obj(json!({"a": s}), &[]),
        json!({}),
    );
    let (o, n) = (dir.path().join("old.json"), dir.path().join("new.json"));
    std::fs::write(&o, old.to_string()).unwrap();
    std::fs::write(&n, new.to_string()).unwrap();
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_xtask"))
            .args(args)
            .output()
            .unwrap()
    };
    let (o, n) = (o.to_str().unwrap(), n.to_str().unwrap());
    let plain = run(&["diff", o, n]);
    assert!(plain.status.success());
    assert!(String::from_utf8_lossy(&plain.stdout).contains("property removed"));
    assert_eq!(
        run(&["diff", o, n, "--fail-on-breaking"]).status.code(),
        Some(1)
    );
    assert!(
        run(&["diff", n, o, "--fail-on-breaking"]).status.success(),
        "an added field is not breaking"
    );
    let json = run(&["diff", o, n, "--format", "json"]);
    let v: Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v["breaking"], 1);
    assert_eq!(run(&["diff", o]).status.code(), Some(2));
}

#[test]
fn the_real_upstream_change_is_reported() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared");
    let (old, new) = (
        root.join("upstream-history/b67a53c/zh/aitoearn.openapi.json"),
        root.join("upstream/zh/aitoearn.openapi.json"),
    );
    if !old.exists() || !new.exists() {
        eprintln!("skipping: {} or {} is absent", old.display(), new.display());
        return;
    }
    let read = |p: &std::path::Path| {
        serde_json::from_str::<Value>(&std::fs::read_to_string(p).unwrap()).unwrap()
    };
    let report = compare(&read(&old), &read(&new));
    assert_eq!(report.added.len(), 14, "55 → 69 operations");
    assert!(report.removed.is_empty());
    assert!(report.has_breaking());
    assert!(compare(&read(&new), &read(&new)).is_empty());
}
