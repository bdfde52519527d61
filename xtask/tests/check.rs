//! `surface` and `check` on the vendored spec and on broken copies of it.

use std::path::{Path, PathBuf};

use xtask::{check, surface};

fn vendored_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../openapi")
}

/// A copy of `openapi/` in a temporary directory.
fn copy() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("openapi");
    std::fs::create_dir_all(root.join("zh")).unwrap();
    for name in ["aitoearn.openapi.json", "aitoearn.surface.txt"] {
        std::fs::copy(
            vendored_root().join("zh").join(name),
            root.join("zh").join(name),
        )
        .unwrap();
    }
    for lock in aitoearn_codegen::Locks::FILES {
        std::fs::copy(vendored_root().join(lock), root.join(lock)).unwrap();
    }
    (dir, root)
}

#[test]
fn the_committed_spec_and_surface_pass_the_check() {
    check::check(&vendored_root(), "zh").unwrap();
}

#[test]
fn the_surface_lists_every_operation_by_its_sdk_method() {
    let generated = surface::generate_from(&vendored_root()).unwrap();
    let text = surface::render(&generated);
    assert!(!generated.normalized.operations.is_empty());
    for plan in &generated.normalized.operations {
        let line = text
            .lines()
            .find(|l| {
                l.starts_with(&format!(
                    "{} {}  {}(",
                    plan.http_method, plan.path, plan.method_name
                ))
            })
            .unwrap_or_else(|| panic!("no line for {}", plan.method_name));
        assert!(line.contains(") -> "), "{line}");
    }
    assert!(text.contains("GET /api/v2/channels/publish/records/{recordId}  publish_record_get_record(recordId: string in path) -> "), "{text}");
    assert!(
        text.contains("\nstruct ") && text.contains("\nenum "),
        "types and open enums are listed"
    );
}

#[test]
fn a_stale_surface_fails_the_check_and_surface_fixes_it() {
    let (_dir, root) = copy();
    let file = root.join("zh/aitoearn.surface.txt");
    std::fs::write(
        &file,
        std::fs::read_to_string(&file)
            .unwrap()
            .replacen("struct ", "struct Renamed", 1),
    )
    .unwrap();
    let err = check::check(&root, "zh").unwrap_err().to_string();
    assert!(
        err.contains("stale")
            && err.contains("cargo xtask surface")
            && err.contains("aitoearn.surface.txt"),
        "{err}"
    );
    assert!(surface::write(&root, "zh").unwrap());
    check::check(&root, "zh").unwrap();
    assert!(!surface::write(&root, "zh").unwrap(), "nothing to rewrite");
}

#[test]
fn a_missing_surface_fails_the_check() {
    let (_dir, root) = copy();
    std::fs::remove_file(root.join("zh/aitoearn.surface.txt")).unwrap();
    let err = check::check(&root, "zh").unwrap_err().to_string();
    assert!(err.contains("cargo xtask surface"), "{err}");
}

#[test]
fn a_spec_not_in_canonical_form_fails_the_check() {
    let (_dir, root) = copy();
    let spec = root.join("zh/aitoearn.openapi.json");
    let value: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&spec).unwrap()).unwrap();
    std::fs::write(&spec, serde_json::to_string(&value).unwrap()).unwrap();
    let err = check::check(&root, "zh").unwrap_err().to_string();
    assert!(
        err.contains("canonical") && err.contains("aitoearn.openapi.json"),
        "{err}"
    );
    assert!(
        !err.contains("stale"),
        "same content, so the surface is still current: {err}"
    );
}

#[test]
fn a_stale_method_name_lock_fails_the_check_and_surface_fixes_it() {
    let (_dir, root) = copy();
    let lock = root.join(aitoearn_codegen::MethodLock::FILE);
    let text = std::fs::read_to_string(&lock).unwrap();
    // An operation missing from the lock.
    let first = text
        .lines()
        .find(|l| !l.starts_with('#'))
        .unwrap()
        .to_string();
    std::fs::write(&lock, text.replace(&format!("{first}\n"), "")).unwrap();
    let err = check::check(&root, "zh").unwrap_err().to_string();
    assert!(
        err.contains("method-names.txt") && err.contains("cargo xtask surface"),
        "{err}"
    );
    assert!(surface::write(&root, "zh").unwrap());
    check::check(&root, "zh").unwrap();
    assert_eq!(std::fs::read_to_string(&lock).unwrap(), text);
}

#[test]
fn a_locked_name_wins_over_the_rule() {
    let (_dir, root) = copy();
    let lock = root.join(aitoearn_codegen::MethodLock::FILE);
    let text = std::fs::read_to_string(&lock).unwrap();
    std::fs::write(
        &lock,
        text.replace(
            "WorksController_listWorks_v2 list_works",
            "WorksController_listWorks_v2 works_list",
        ),
    )
    .unwrap();
    let generated = surface::generate_from(&root).unwrap();
    let plan = generated
        .normalized
        .operations
        .iter()
        .find(|p| p.operation_id == "WorksController_listWorks_v2")
        .unwrap();
    assert_eq!(plan.method_name, "works_list");
}

#[test]
fn a_stale_type_name_lock_fails_the_check_and_surface_fixes_it() {
    let (_dir, root) = copy();
    let lock = root.join(aitoearn_codegen::TypeLock::FILE);
    let text = std::fs::read_to_string(&lock).unwrap();
    assert!(
        text.lines().any(|l| l == "ChannelPublishRecordVoStatus")
            && text
                .lines()
                .any(|l| l == "ChannelWorkListVoPlatform = Platform"),
        "{text}"
    );
    std::fs::write(&lock, text.replace("ChannelPublishRecordVoStatus\n", "")).unwrap();
    let err = check::check(&root, "zh").unwrap_err().to_string();
    assert!(
        err.contains("type-names.txt") && err.contains("cargo xtask surface"),
        "{err}"
    );
    assert!(surface::write(&root, "zh").unwrap());
    check::check(&root, "zh").unwrap();
    assert_eq!(std::fs::read_to_string(&lock).unwrap(), text);
}
