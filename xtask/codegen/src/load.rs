//! From a spec directory to generated files, with every message located:
//! errors and warnings name the spec file and the JSON pointer.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::error::{CodegenError, Result, Warning};
use crate::generate::{generate_locked, guard::catch_quietly, Generated};
use crate::locks::Locks;
use crate::spec::{self, SourceDoc};

/// A spec directory read as every reader of one reads it ([`load_spec_dir`]).
#[derive(Debug)]
pub struct LoadedDir {
    /// The merged, validated spec in its 3.0 form, with the doc text of the
    /// chosen language.
    pub spec: Value,
    /// What reading it changed or dropped, each located in its file: 3.1
    /// rewrites that lost something, differences between the language
    /// variants, ignored directories.
    pub warnings: Vec<Warning>,
    /// The directory.
    dir: PathBuf,
    /// The primary variant's files, to name the file a pointer lies in.
    docs: Vec<(PathBuf, Value)>,
}

impl LoadedDir {
    /// `e` with the file that holds its pointer (the directory when no single
    /// file does).
    fn locate(&self, e: CodegenError) -> CodegenError {
        let file = e.pointer.as_deref().and_then(|p| file_of(&self.docs, p));
        e.in_file(file.unwrap_or_else(|| self.dir.clone()))
    }
}

/// The one way to read a spec directory, used by `build.rs`, the xtask
/// (refresh, check, surface), tests and benches: every `*.json` under `dir`
/// made ready with [`spec::prepare`] (OpenAPI 3.1 rewritten to 3.0,
/// validated), merged, and, for a directory laid out by language (`zh/`,
/// `en/`), read as its [language variants](crate::languages) with doc text
/// in `doc_lang` (`None`: English where the variants agree). Errors and
/// warnings name the spec file and the JSON pointer.
pub fn load_spec_dir(dir: &Path, doc_lang: Option<&str>) -> Result<LoadedDir> {
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
    let loaded = LoadedDir {
        spec: loaded.spec,
        warnings,
        dir: dir.to_path_buf(),
        docs,
    };
    spec::validate(&loaded.spec).map_err(|e| loaded.locate(e))?;
    Ok(loaded)
}

/// A spec directory ([`load_spec_dir`]) or a single spec file, read as a
/// directory's files are: made ready with [`spec::prepare`] (3.1 rewritten
/// to 3.0) and validated. What `cargo xtask diff`, `drift-pr` and the drift
/// job read each side of a comparison with.
pub fn load_spec_path(path: &Path, doc_lang: Option<&str>) -> Result<LoadedDir> {
    if path.is_dir() {
        return load_spec_dir(path, doc_lang);
    }
    let (docs, warnings, spec) = read_files(vec![path.to_path_buf()], path)?;
    let loaded = LoadedDir {
        spec,
        warnings,
        dir: path.to_path_buf(),
        docs,
    };
    spec::validate(&loaded.spec).map_err(|e| loaded.locate(e))?;
    Ok(loaded)
}

/// The spec under `dir` as [`load_spec_dir`] reads it with no language
/// chosen, without its warnings.
pub fn load_dir(dir: &Path) -> Result<Value> {
    Ok(load_spec_dir(dir, None)?.spec)
}

/// Read the spec under `dir` ([`load_spec_dir`]), then normalize and
/// generate, honouring the directory's name locks ([`Locks::FILES`]: method
/// and enum type names) where there are some, with a panic anywhere in
/// reading or generating turned into an error. This is what `build.rs` runs.
///
/// An error names the file that holds the pointer at fault (the directory
/// when no single file does); so does each warning in
/// `generated.normalized.warnings`, which also lists what reading changed.
pub fn generate_dir(dir: &Path, doc_lang: Option<&str>) -> Result<Generated> {
    catch_quietly(|| read_and_generate(dir, doc_lang))
        .map_err(|panic| {
            CodegenError::new(format!("the code generator panicked: {panic}")).in_file(dir)
        })
        .and_then(|generated| generated)
}

fn read_and_generate(dir: &Path, doc_lang: Option<&str>) -> Result<Generated> {
    let mut loaded = load_spec_dir(dir, doc_lang)?;
    let locks = Locks::load(dir)?;
    let mut generated = generate_locked(&loaded.spec, &locks).map_err(|e| loaded.locate(e))?;
    let mut warnings = std::mem::take(&mut loaded.warnings);
    for mut warning in std::mem::take(&mut generated.normalized.warnings) {
        warning.file = file_of(&loaded.docs, &warning.pointer);
        warnings.push(warning);
    }
    generated.normalized.warnings = warnings;
    Ok(generated)
}

/// Every spec file under `dir`, each made ready with [`spec::prepare`], its
/// warnings, and the files merged into one spec.
#[allow(clippy::type_complexity)]
fn read_dir(dir: &Path) -> Result<(Vec<(PathBuf, Value)>, Vec<Warning>, Value)> {
    read_files(spec::json_files(dir)?, dir)
}

/// These spec files (found at `at`), each made ready with
/// [`spec::prepare`], their warnings, and the files merged into one spec.
#[allow(clippy::type_complexity)]
fn read_files(
    files: Vec<PathBuf>,
    at: &Path,
) -> Result<(Vec<(PathBuf, Value)>, Vec<Warning>, Value)> {
    let mut warnings = Vec::new();
    let mut docs = Vec::new();
    for path in files {
        let mut value = spec::read_json(&path)?;
        for mut warning in spec::prepare(&mut value).map_err(|e| e.in_file(&path))? {
            warning.file = Some(path.clone());
            warnings.push(warning);
        }
        docs.push((path, value));
    }
    let sources: Vec<SourceDoc> = docs
        .iter()
        .map(|(path, value)| SourceDoc {
            source: path.display().to_string(),
            value: value.clone(),
        })
        .collect();
    let merged = spec::merge(&sources).map_err(|e| e.in_file(at))?;
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
