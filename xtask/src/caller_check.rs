//! `cargo xtask caller-check`: code written against the vendored spec keeps
//! compiling when upstream makes an additive change.
//!
//! The caller's code is `tests/call_style.rs` (request builders, body
//! constructors and setters, reading responses, matching open enums). It is
//! type-checked against the SDK generated from a spec with every
//! non-breaking change of [`crate::variants`] applied at once (by default),
//! or from each variant in turn (`--each`, which also reports, for the
//! breaking variants, whether that code still compiles).

use std::path::Path;

use crate::error::{Error, Result};
use crate::paths::cargo;
use crate::variants::{self, Variant};

/// The test target holding the caller's code.
const CALLER: &str = "call_style";

/// Check the caller's code against the additive variants; an error names the
/// variant whose SDK it does not compile against.
pub fn run(root: &Path, work: &Path, target: &Path, each: bool) -> Result<()> {
    let additive: Vec<Variant> = variants::VARIANTS
        .iter()
        .copied()
        .filter(|v| !v.breaking)
        .collect();
    let spec_root = root.join("openapi");
    let mut failed = Vec::new();
    let mut runs: Vec<(String, Vec<Variant>, bool)> = vec![(
        "every non-breaking change at once".to_string(),
        additive.clone(),
        true,
    )];
    if each {
        runs.extend(
            variants::VARIANTS
                .iter()
                .map(|v| (v.name.to_string(), vec![*v], !v.breaking)),
        );
    }
    for (label, set, must_compile) in runs {
        let dir = work.join(label.replace(' ', "-"));
        let _ = std::fs::remove_dir_all(&dir);
        variants::write_combined(&spec_root, &set, &dir)?;
        let compiles = check(root, target, &dir)?;
        let verdict = match (compiles, must_compile) {
            (true, _) => "compiles",
            (false, true) => "DOES NOT COMPILE",
            (false, false) => "does not compile (a breaking change, as expected to be possible)",
        };
        println!("{label}: {verdict}");
        if must_compile && !compiles {
            failed.push(label);
        }
    }
    if failed.is_empty() {
        Ok(())
    } else {
        Err(Error::Usage(format!(
            "code written against the vendored spec does not compile against: {}",
            failed.join(", ")
        )))
    }
}

/// Type-check the caller's code against the SDK built from `spec_dir`.
fn check(root: &Path, target: &Path, spec_dir: &Path) -> Result<bool> {
    let status = cargo()
        .current_dir(root)
        .args([
            "check",
            "--quiet",
            "-p",
            "aitoearn",
            "--test",
            CALLER,
            "--target-dir",
        ])
        .arg(target)
        .env("AITOEARN_OPENAPI_DIR", spec_dir)
        .status()
        .map_err(|e| Error::Usage(format!("cannot run cargo check: {e}")))?;
    Ok(status.success())
}
