//! Generates the client from the OpenAPI spec under `openapi/` (or the
//! directory named by `AITOEARN_OPENAPI_DIR`) into `OUT_DIR`.
//!
//! All the logic lives in the `aitoearn-codegen` crate (shared with the
//! xtask); this script only picks the input and writes the output.

use std::path::PathBuf;

fn main() {
    println!("cargo:rerun-if-env-changed=AITOEARN_OPENAPI_DIR");
    let manifest_dir = PathBuf::from(
        std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"),
    );
    let spec_dir = match std::env::var_os("AITOEARN_OPENAPI_DIR") {
        Some(dir) => manifest_dir.join(dir),
        None => manifest_dir.join("openapi"),
    };
    println!("cargo:rerun-if-changed={}", spec_dir.display());
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));

    let generated = aitoearn_codegen::generate_dir(&spec_dir);
    match generated {
        Ok(generated) => {
            for file in generated.files {
                let path = out_dir.join(file.name);
                if let Err(e) = std::fs::write(&path, file.contents) {
                    eprintln!("error: cannot write {}: {e}", path.display());
                    std::process::exit(1);
                }
            }
        }
        Err(e) => {
            // Cargo shows stderr of a failed build script; keep the message on one line.
            eprintln!("error: cannot generate the AiToEarn client: {e}");
            std::process::exit(1);
        }
    }
}
