//! The canonical form of a vendored spec, and atomic file writes.
//!
//! Canonical JSON: object keys sorted, two-space indentation, non-ASCII kept
//! as UTF-8, one final newline. A spec in this form diffs line by line in
//! review, and rewriting it never produces noise.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::error::{Error, Result};

/// A copy of `value` with every object's keys in sorted order (whatever the
/// `serde_json` map implementation keeps).
pub fn sorted(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            let mut out = Map::new();
            for (k, v) in entries {
                out.insert(k.clone(), sorted(v));
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.iter().map(sorted).collect()),
        other => other.clone(),
    }
}

/// The canonical text of a JSON value.
pub fn to_canonical_string(value: &Value) -> String {
    let mut text = serde_json::to_string_pretty(&sorted(value)).unwrap_or_default();
    text.push('\n');
    text
}

/// Whether `text` is exactly the canonical form of the JSON it holds.
/// Returns the parsed value when it is valid JSON.
pub fn check_canonical(path: &Path, text: &str) -> Result<Value> {
    let value: Value = serde_json::from_str(text).map_err(|e| Error::File {
        path: path.to_path_buf(),
        message: format!(
            "not valid JSON (line {}, column {}): {e}",
            e.line(),
            e.column()
        ),
    })?;
    if to_canonical_string(&value) != text {
        return Err(Error::File {
            path: path.to_path_buf(),
            message: "not in canonical form (sorted keys, 2-space indent, final newline); \
                      rewrite it with `cargo xtask refresh`"
                .into(),
        });
    }
    Ok(value)
}

/// Write `contents` to `path` atomically: into a temporary file in the same
/// directory, flushed, then renamed over `path`. On failure the temporary file
/// is removed and `path` is untouched.
pub fn write_atomic(path: &Path, contents: &[u8]) -> Result<()> {
    let tmp = stage(path, contents)?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        Error::io(path, e)
    })
}

/// Write `contents` to a flushed temporary file beside `path` (its directory
/// created if needed) and return that file, for the caller to rename over
/// `path`. On failure nothing is left behind.
pub fn stage(path: &Path, contents: &[u8]) -> Result<PathBuf> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(contents)?;
        file.sync_all()
    })();
    match result {
        Ok(()) => Ok(tmp),
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            Err(Error::io(path, e))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn canonical_text_sorts_keys_keeps_utf8_and_ends_with_newline() {
        let v: Value = serde_json::from_str(r#"{"b":1,"a":{"d":"中文","c":[2,1]}}"#).unwrap();
        let text = to_canonical_string(&v);
        assert_eq!(
            text,
            "{\n  \"a\": {\n    \"c\": [\n      2,\n      1\n    ],\n    \"d\": \"中文\"\n  },\n  \"b\": 1\n}\n"
        );
        assert!(check_canonical(Path::new("x.json"), &text).is_ok());
        let err = check_canonical(Path::new("x.json"), &text.replace("\n}\n", "}\n")).unwrap_err();
        assert!(err.to_string().contains("canonical"), "{err}");
        assert!(check_canonical(Path::new("x.json"), "{").is_err());
        assert_eq!(
            sorted(&json!({"z": 1, "y": 2}))
                .as_object()
                .unwrap()
                .keys()
                .next()
                .unwrap(),
            "y"
        );
    }

    #[test]
    fn atomic_write_replaces_the_file_and_leaves_no_temporary() {
        let dir = std::env::temp_dir().join(format!("xtask-atomic-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let path = dir.join("a.json");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
