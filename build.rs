//! Generates the client from the OpenAPI spec under `openapi/` (or the
//! directory named by `AITOEARN_OPENAPI_DIR`) into `OUT_DIR`.
//!
//! All the logic lives in the `aitoearn-codegen` crate (shared with the
//! xtask); this script only picks the input and writes the output.

use std::path::PathBuf;

fn main() {
    use aitoearn_codegen::build_input::{self, DOCS_LANG_VAR, SPEC_DIR_VAR};
    println!("cargo:rerun-if-env-changed={SPEC_DIR_VAR}");
    println!("cargo:rerun-if-env-changed={DOCS_LANG_VAR}");
    let manifest_dir = PathBuf::from(
        std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"),
    );
    let spec_dir = build_input::spec_dir(&manifest_dir, std::env::var_os(SPEC_DIR_VAR).as_deref())
        .unwrap_or_else(|e| fail(&e));
    let doc_lang = build_input::doc_lang(
        std::env::var(DOCS_LANG_VAR).ok().as_deref(),
        std::env::var_os("CARGO_FEATURE_DOCS_ZH").is_some(),
    );
    println!("cargo:rerun-if-changed={}", spec_dir.display());
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));

    // The crate's own tests gate what only some specs have on
    // `cfg(aitoearn_operation = "<operationId>")`.
    println!("cargo::rustc-check-cfg=cfg(aitoearn_operation, values(any()))");
    // Snippets written against the shipped spec (the README's, the docs')
    // compile only in a build from it: `cfg(aitoearn_shipped_spec)`.
    println!("cargo::rustc-check-cfg=cfg(aitoearn_shipped_spec)");
    if spec_dir == manifest_dir.join("openapi") {
        println!("cargo::rustc-cfg=aitoearn_shipped_spec");
    }
    match aitoearn_codegen::generate_dir(&spec_dir, doc_lang.as_deref()) {
        Ok(generated) => {
            for op in &generated.normalized.operations {
                println!(
                    "cargo::rustc-cfg=aitoearn_operation=\"{}\"",
                    op.operation_id
                );
            }
            // What normalization had to drop or rewrite, at its JSON pointer
            // (file names relative to the spec directory, so the lines are stable).
            for warning in &generated.normalized.warnings {
                println!("cargo:warning={}", warning.build_line(&spec_dir));
            }
            for file in generated.files {
                let path = out_dir.join(file.name);
                if let Err(e) = std::fs::write(&path, file.contents) {
                    eprintln!("error: cannot write {}: {e}", path.display());
                    std::process::exit(1);
                }
            }
        }
        Err(e) => fail(&e),
    }
}

fn fail(e: &dyn std::fmt::Display) -> ! {
    // Cargo shows stderr of a failed build script; keep the message on one line.
    eprintln!("error: cannot generate the AiToEarn client: {e}");
    std::process::exit(1);
}
