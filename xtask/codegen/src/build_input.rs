//! What the SDK's build script takes from its environment: the spec
//! directory (`AITOEARN_OPENAPI_DIR`) and the documentation language
//! (`AITOEARN_DOCS_LANG`, feature `docs-zh`).

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use crate::error::{CodegenError, Result};

/// The variable naming the spec directory.
pub const SPEC_DIR_VAR: &str = "AITOEARN_OPENAPI_DIR";

/// The variable naming the documentation language (`en`, `zh`).
pub const DOCS_LANG_VAR: &str = "AITOEARN_DOCS_LANG";

/// The spec directory: `openapi/` in the SDK package, or `value`.
///
/// An absolute `value` is used as it is; that is what a dependent's
/// `.cargo/config.toml` gives with `[env] AITOEARN_OPENAPI_DIR = { value =
/// "...", relative = true }`. Cargo runs build scripts in the package's own
/// directory, so a relative value can only mean a directory of the SDK
/// package (a checkout of this repository); when it names no directory
/// there, the error says how to name the dependent's own directory, since
/// for a dependency from a registry the SDK lives in Cargo's cache.
pub fn spec_dir(manifest_dir: &Path, value: Option<&OsStr>) -> Result<PathBuf> {
    let Some(value) = value.filter(|v| !v.is_empty()) else {
        return Ok(manifest_dir.join("openapi"));
    };
    let given = Path::new(value);
    let dir = manifest_dir.join(given);
    if dir.is_dir() {
        return Ok(dir);
    }
    let hint = if given.is_absolute() {
        String::new()
    } else {
        format!(
            "; a relative {SPEC_DIR_VAR} is resolved against the aitoearn package ({}), \
             not your project: give an absolute path, or set it in your project's \
             .cargo/config.toml as `[env] {SPEC_DIR_VAR} = {{ value = \"{}\", relative = true }}`",
            manifest_dir.display(),
            given.display()
        )
    };
    Err(CodegenError::new(format!("{SPEC_DIR_VAR} names no directory{hint}")).in_file(dir))
}

/// The documentation language asked for: `AITOEARN_DOCS_LANG` when set and
/// not empty, else `zh` with the `docs-zh` feature, else none (English where
/// the spec has it).
pub fn doc_lang(value: Option<&str>, feature_docs_zh: bool) -> Option<String> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        Some(lang) => Some(lang.to_ascii_lowercase()),
        None if feature_docs_zh => Some("zh".into()),
        None => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_is_the_packages_openapi_dir() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        assert_eq!(spec_dir(root, None).unwrap(), root.join("openapi"));
        assert_eq!(
            spec_dir(root, Some(OsStr::new(""))).unwrap(),
            root.join("openapi")
        );
    }

    #[test]
    fn absolute_and_existing_relative_dirs_are_used() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        assert_eq!(
            spec_dir(Path::new("/nowhere"), Some(root.join("src").as_os_str())).unwrap(),
            root.join("src")
        );
        assert_eq!(
            spec_dir(root, Some(OsStr::new("src"))).unwrap(),
            root.join("src")
        );
    }

    #[test]
    fn a_missing_relative_dir_explains_the_cargo_config_way() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let m = spec_dir(root, Some(OsStr::new("my-spec")))
            .unwrap_err()
            .to_string();
        assert!(
            m.contains("relative = true") && m.contains("my-spec"),
            "{m}"
        );
        let m = spec_dir(root, Some(OsStr::new("/no/such/dir")))
            .unwrap_err()
            .to_string();
        assert!(
            m.starts_with("/no/such/dir") && !m.contains("relative"),
            "{m}"
        );
    }

    #[test]
    fn the_variable_wins_over_the_feature() {
        assert_eq!(doc_lang(None, false), None);
        assert_eq!(doc_lang(None, true).as_deref(), Some("zh"));
        assert_eq!(doc_lang(Some(" EN "), true).as_deref(), Some("en"));
        assert_eq!(doc_lang(Some(""), true).as_deref(), Some("zh"));
    }
}
