//! Helpers shared by the generator's integration tests.

#![allow(dead_code, reason = "each test file uses a part")]

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::Value;

/// The repository root (this crate lives in `xtask/codegen`).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The shared test inputs next to the repository (`../shared`), if present.
pub fn shared(sub: &str) -> Option<PathBuf> {
    let dir = repo_root().join("../shared").join(sub);
    dir.is_dir().then_some(dir)
}

/// A fresh directory holding `spec` as `zh/aitoearn.openapi.json`; removed on drop.
pub struct SpecDir {
    /// The directory to generate from.
    pub dir: PathBuf,
    /// The spec file inside it.
    pub file: PathBuf,
}

impl SpecDir {
    pub fn new(spec: &Value) -> Self {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "aitoearn-codegen-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        let file = dir.join("zh/aitoearn.openapi.json");
        std::fs::create_dir_all(dir.join("zh")).expect("create a temporary spec directory");
        std::fs::write(&file, spec.to_string()).expect("write the spec");
        Self { dir, file }
    }
}

impl Drop for SpecDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// The lines `build.rs` prints for the warnings of generating from `dir`
/// (after cargo's `warning: aitoearn@…: ` prefix).
pub fn warning_lines(dir: &Path, warnings: &[aitoearn_codegen::Warning]) -> Vec<String> {
    warnings.iter().map(|w| w.build_line(dir)).collect()
}

/// Aliases as a map from alias to target, for lookups by name.
pub fn alias_map(
    aliases: &[aitoearn_codegen::normalize::TypeAlias],
) -> std::collections::BTreeMap<&str, &str> {
    aliases
        .iter()
        .map(|a| (a.name.as_str(), a.target.as_str()))
        .collect()
}
