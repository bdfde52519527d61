//! The README's whole-API recipe, done as a user would: a crate outside this
//! workspace depends on the *packaged* SDK (the `.crate` files `cargo
//! package` makes, unpacked), keeps the docs site's two spec files in its
//! own `openapi/zh/` and `openapi/en/`, names that directory in its `.cargo/config.toml`
//! (`[env] AITOEARN_OPENAPI_DIR = { value = "openapi", relative = true }`),
//! and calls an operation that only the full spec has, against the sandbox.
//!
//! The full spec is the snapshot in `../shared/upstream` (next to this
//! repository); without it the test prints why it is skipped. The consumer
//! builds in this workspace's target directory with the same lock file, so
//! only the two packaged crates and the consumer compile.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The operation the consumer calls (absent from the vendored spec).
const FULL_SPEC_ONLY: &str = "PlatformsController_listPlatforms_v2";

const CONSUMER_MAIN: &str = r#"
use aitoearn::sandbox::Sandbox;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let sandbox = Sandbox::start().await;
    let client = sandbox.client()?;
    let platforms = client.list_platforms().send().await?;
    println!("{}", serde_json::to_string(&platforms)?);
    Ok(())
}
"#;

fn cargo() -> Command {
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

fn run(command: &mut Command) -> String {
    let output = command.output().expect("the command starts");
    assert!(
        output.status.success(),
        "{command:?} failed ({}):\n{}\n{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from)
}

/// `[profile.dev.package.*]` of the SDK's workspace, so the generator's
/// dependencies built for this workspace are reused as they are.
fn generator_profiles(root: &Path) -> String {
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).expect("Cargo.toml");
    let start = manifest
        .find("[profile.dev.package.")
        .expect("the workspace optimizes the generator");
    manifest[start..].to_string()
}

#[test]
fn a_crate_outside_the_workspace_builds_the_packaged_sdk_against_the_full_spec() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let upstream = root.join("../shared/upstream");
    let langs = ["zh", "en"];
    let spec_file = |lang: &str| upstream.join(lang).join("aitoearn.openapi.json");
    if let Some(missing) = langs.map(spec_file).into_iter().find(|f| !f.is_file()) {
        println!(
            "skip: {} absent (the consumer test needs the full spec snapshot in both languages)",
            missing.display()
        );
        return;
    }
    assert!(
        !aitoearn::operations()
            .iter()
            .any(|op| op.operation_id == FULL_SPEC_ONLY),
        "{FULL_SPEC_ONLY} must be absent from the vendored spec"
    );
    let target = target_dir(root);

    // The packages a registry would serve.
    run(cargo().current_dir(root).args([
        "package",
        "--workspace",
        "--exclude",
        "xtask",
        "--no-verify",
        "--allow-dirty",
        "--quiet",
    ]));
    let work = std::env::temp_dir().join(format!("aitoearn-consumer-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&work);
    let unpacked = work.join("registry");
    std::fs::create_dir_all(&unpacked).expect("create the unpack directory");
    let version = env!("CARGO_PKG_VERSION");
    for name in ["aitoearn", "aitoearn-codegen"] {
        let file = target.join(format!("package/{name}-{version}.crate"));
        run(Command::new("tar")
            .arg("-xzf")
            .arg(&file)
            .arg("-C")
            .arg(&unpacked));
    }

    // The consumer: its own spec directory and config, as the README says.
    let consumer = work.join("consumer");
    std::fs::create_dir_all(consumer.join("src")).expect("create the consumer");
    for lang in langs {
        let dir = consumer.join("openapi").join(lang);
        std::fs::create_dir_all(&dir).expect("create openapi/<lang>");
        std::fs::copy(spec_file(lang), dir.join("aitoearn.openapi.json")).expect("copy the spec");
    }
    std::fs::create_dir_all(consumer.join(".cargo")).expect("create .cargo");
    std::fs::write(
        consumer.join(".cargo/config.toml"),
        "[env]\nAITOEARN_OPENAPI_DIR = { value = \"openapi\", relative = true }\n",
    )
    .expect("write the config");
    std::fs::copy(root.join("Cargo.lock"), consumer.join("Cargo.lock")).expect("copy the lock");
    std::fs::write(
        consumer.join("Cargo.toml"),
        format!(
            r#"[package]
name = "consumer"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
aitoearn = {{ path = "../registry/aitoearn-{version}", features = ["sandbox"] }}
serde_json = "1"
tokio = {{ version = "1", features = ["macros", "rt-multi-thread"] }}

# The packaged SDK names its generator by version, as from a registry.
[patch.crates-io]
aitoearn-codegen = {{ path = "../registry/aitoearn-codegen-{version}" }}

[workspace]

{}"#,
            generator_profiles(root)
        ),
    )
    .expect("write the manifest");
    std::fs::write(consumer.join("src/main.rs"), CONSUMER_MAIN).expect("write main.rs");

    let stdout = run(cargo()
        .current_dir(&consumer)
        .env_remove("AITOEARN_OPENAPI_DIR")
        .env("CARGO_TARGET_DIR", &target)
        .args(["run", "--quiet"]));
    let platforms: serde_json::Value =
        serde_json::from_str(stdout.trim()).expect("the consumer prints the typed result");
    let first = platforms
        .as_array()
        .and_then(|list| list.first())
        .expect("the sandbox lists platforms");
    assert!(
        first.get("platform").is_some_and(|p| p.is_string()),
        "{first}"
    );
    let _ = std::fs::remove_dir_all(&work);
}
