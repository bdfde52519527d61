//! From a spec directory to generated files, with every message located:
//! errors and warnings name the spec file and the JSON pointer.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::error::{CodegenError, Result, Warning};
use crate::generate::{generate_locked, guard::catch_quietly, Generated};
use crate::locks::Locks;
use crate::normalize::dialect::downgrade_to_3_0;
use crate::spec::{self, SourceDoc};

/// Load the spec under `dir` as `build.rs` does with no language chosen:
/// the primary language variant's structure (`<dir>/<lang>/`), English doc
/// text where the variants agree (see [`crate::languages::load`], which also
/// returns the warnings this drops; [`generate_dir`] reports them).
pub fn load_dir(dir: &Path) -> Result<Value> {
    Ok(crate::languages::load(dir, None)?.spec)
}

/// Read every `*.json` spec under `dir`, rewrite OpenAPI 3.1 spellings
/// ([`downgrade_to_3_0`]), validate, merge, normalize and generate, honouring
/// the directory's name locks ([`Locks::FILES`]: method and enum type names)
/// where there are some.
/// A directory laid out by language (`zh/`, `en/`) is read as its
/// [language variants](crate::languages), with doc text in `doc_lang`.
/// This is what `build.rs` runs.
///
/// An error names the file that holds the pointer at fault (the directory
/// when no single file does); so does each warning in
/// `generated.normalized.warnings`, which also lists the 3.1 rewrites.
pub fn generate_dir(dir: &Path, doc_lang: Option<&str>) -> Result<Generated> {
    let mut warnings = Vec::new();
    let mut docs = Vec::new();
    // Warnings and file locations come from the variant the structure is
    // taken from; the others only lend their text.
    let loaded = crate::languages::load_with(dir, doc_lang, |variant_dir, primary| {
        let (variant_docs, variant_warnings, merged) = read_dir(variant_dir)?;
        if primary {
            docs = variant_docs;
            warnings = variant_warnings;
        }
        Ok(merged)
    })?;
    // What reading the variants found (a translation that differs in
    // structure, an empty language directory), after the primary's rewrites.
    warnings.extend(loaded.warnings);
    let merged = loaded.spec;
    let locate = |e: CodegenError| {
        let file = e.pointer.as_deref().and_then(|p| file_of(&docs, p));
        e.in_file(file.unwrap_or_else(|| dir.to_path_buf()))
    };
    spec::validate(&merged).map_err(locate)?;
    let locks = Locks::load(dir)?;
    let mut generated = catch_quietly(|| generate_locked(&merged, &locks))
        .map_err(|panic| CodegenError::new(format!("the code generator panicked: {panic}")))
        .and_then(|generated| generated)
        .map_err(locate)?;
    for mut warning in std::mem::take(&mut generated.normalized.warnings) {
        warning.file = file_of(&docs, &warning.pointer);
        warnings.push(warning);
    }
    generated.normalized.warnings = warnings;
    Ok(generated)
}

/// Every spec file under `dir`, each rewritten to OpenAPI 3.0 and validated,
/// the rewrites as warnings, and the files merged into one spec.
#[allow(clippy::type_complexity)]
fn read_dir(dir: &Path) -> Result<(Vec<(PathBuf, Value)>, Vec<Warning>, Value)> {
    let mut warnings = Vec::new();
    let mut docs = Vec::new();
    for path in spec::json_files(dir)? {
        let mut value = spec::read_json(&path)?;
        for mut warning in downgrade_to_3_0(&mut value) {
            warning.file = Some(path.clone());
            warnings.push(warning);
        }
        spec::validate(&value).map_err(|e| e.in_file(&path))?;
        docs.push((path, value));
    }
    let sources: Vec<SourceDoc> = docs
        .iter()
        .map(|(path, value)| SourceDoc {
            source: path.display().to_string(),
            value: value.clone(),
        })
        .collect();
    let merged = spec::merge(&sources).map_err(|e| e.in_file(dir))?;
    Ok((docs, warnings, merged))
}

/// The first file that holds the operation or component `pointer` lies in.
fn file_of(docs: &[(PathBuf, Value)], pointer: &str) -> Option<PathBuf> {
    let tokens: Vec<&str> = pointer.split('/').skip(1).collect();
    // `/paths/<path>` or `/components/<section>/<name>` at least: every file
    // has `/paths`, and a component the normalization made is in none.
    let least = match tokens.first() {
        Some(&"paths") => 2,
        Some(&"components") => 3,
        _ => 1,
    };
    (least..=tokens.len()).rev().find_map(|n| {
        let prefix: String = tokens[..n].iter().map(|t| format!("/{t}")).collect();
        docs.iter()
            .find(|(_, value)| value.pointer(&prefix).is_some())
            .map(|(path, _)| path.clone())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::tests_support::minimal;
    use serde_json::json;

    #[test]
    fn the_file_is_the_one_holding_the_item() {
        let docs = vec![
            (
                PathBuf::from("a.json"),
                json!({"paths": {"/a": {}}, "components": {"schemas": {"A": {}}}}),
            ),
            (
                PathBuf::from("b.json"),
                json!({"paths": {"/b": {"get": {}}}}),
            ),
        ];
        assert_eq!(
            file_of(&docs, "/paths/~1b/get/parameters/0"),
            Some(PathBuf::from("b.json"))
        );
        assert_eq!(
            file_of(&docs, "/components/schemas/A/default"),
            Some(PathBuf::from("a.json"))
        );
        assert_eq!(file_of(&docs, "/components/schemas/Hoisted"), None);
        assert_eq!(file_of(&docs, "/paths"), None);
    }

    #[test]
    fn load_dir_names_the_file() {
        let dir =
            std::env::temp_dir().join(format!("aitoearn-codegen-test-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("zh")).unwrap();
        let file = dir.join("zh/bad.json");
        std::fs::write(&file, "{\"openapi\": \"3.0.1\",").unwrap();
        let m = load_dir(&dir).unwrap_err().to_string();
        assert!(m.starts_with(&file.display().to_string()), "{m}");
        assert!(m.contains("line 1"), "{m}");

        let mut s = minimal();
        s["components"]["schemas"]["Thing"] = json!({"type": 5});
        std::fs::write(&file, s.to_string()).unwrap();
        let m = load_dir(&dir).unwrap_err().to_string();
        assert!(m.starts_with(&file.display().to_string()), "{m}");
        assert!(m.contains("#/components/schemas/Thing"), "{m}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
