//! Where the project's files, and the cargo that builds them, are.

use std::path::{Path, PathBuf};

/// The workspace root (the parent of the `xtask` package).
pub fn workspace_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

/// The file name of a vendored spec inside `openapi/<lang>/`.
pub const SPEC_FILE: &str = "aitoearn.openapi.json";

/// The file name of the surface listing next to the spec. Not `.json`:
/// `build.rs` reads every `*.json` under `openapi/`.
pub const SURFACE_FILE: &str = "aitoearn.surface.txt";

/// `openapi/<lang>` under the workspace root.
pub fn spec_dir(lang: &str) -> PathBuf {
    workspace_root().join("openapi").join(lang)
}

/// A command running the cargo that runs the xtask (`$CARGO`), else `cargo`
/// on the `PATH`.
pub fn cargo() -> std::process::Command {
    std::process::Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}
