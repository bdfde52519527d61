//! The method-name lock: a committed `method-names.txt` at the root of a spec
//! directory, one `operationId method_name` pair per line, that keeps every
//! listed operation's SDK method name fixed whatever operations upstream adds.
//!
//! `cargo xtask surface` maintains the vendored spec's lock; a spec directory
//! without one (a user's own) gets the names of [`crate::naming::method_names`]
//! with an empty lock.

use std::collections::BTreeMap;
use std::path::Path;

use crate::error::Result;
use crate::ident::rust_ident;
use crate::lock_file;

/// Operation ids and the method names they keep.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MethodLock {
    names: BTreeMap<String, String>,
}

impl MethodLock {
    /// The lock's file name, at the root of the spec directory. Not `.json`:
    /// every `*.json` file under the directory is read as a spec.
    pub const FILE: &'static str = "method-names.txt";

    /// A lock from `(operationId, method name)` pairs.
    pub fn from_pairs<I, A, B>(pairs: I) -> Self
    where
        I: IntoIterator<Item = (A, B)>,
        A: Into<String>,
        B: Into<String>,
    {
        Self {
            names: pairs
                .into_iter()
                .map(|(a, b)| (a.into(), b.into()))
                .collect(),
        }
    }

    /// Parse the lock file's text: `#` comments, blank lines, and
    /// `operationId method_name` lines. A name that is not a plain Rust
    /// identifier, or an id listed twice, is an error.
    pub fn parse(text: &str) -> Result<Self> {
        let mut names = BTreeMap::new();
        for entry in lock_file::entries(text) {
            let [id, name] = entry.words[..] else {
                return Err(entry.error("expected `operationId method_name`"));
            };
            if rust_ident(name) != name || name.starts_with('_') {
                return Err(entry.error(format!("`{name}` is not a method name")));
            }
            if names.insert(id.to_string(), name.to_string()).is_some() {
                return Err(entry.error(format!("`{id}` is listed twice")));
            }
        }
        Ok(Self { names })
    }

    /// Read `dir/method-names.txt`; no file is an empty lock.
    pub fn load(dir: &Path) -> Result<Self> {
        lock_file::load(dir, Self::FILE, Self::parse)
    }

    /// The file's text: a header, then one line per operation in id order.
    pub fn render(&self) -> String {
        let mut out = lock_file::header(&[
            "SDK method name of each operationId. Maintained by `cargo xtask surface`.",
            "A listed operation keeps its method name whatever operations are added;",
            "an operation not listed yet is named by the rule in README.md (The whole API).",
        ]);
        for (id, name) in &self.names {
            out.push_str(&format!("{id} {name}\n"));
        }
        out
    }

    /// The locked name of an operation.
    pub fn get(&self, operation_id: &str) -> Option<&str> {
        self.names.get(operation_id).map(String::as_str)
    }

    /// Every `(operationId, method name)` pair, in id order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.names.iter().map(|(a, b)| (a.as_str(), b.as_str()))
    }

    /// Whether the lock lists nothing.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_what_it_renders() {
        let lock = MethodLock::from_pairs([("A_get_v2", "a_get"), ("B_list", "b_list")]);
        assert_eq!(MethodLock::parse(&lock.render()).unwrap(), lock);
    }

    #[test]
    fn rejects_malformed_lines() {
        for bad in ["A_get", "A_get a b", "A_get 1x", "A_get fn", "A x\nA y"] {
            assert!(MethodLock::parse(bad).is_err(), "{bad:?} was accepted");
        }
    }

    #[test]
    fn a_missing_file_is_an_empty_lock() {
        let dir = std::env::temp_dir().join("aitoearn-codegen-no-lock-here");
        assert!(MethodLock::load(&dir).unwrap().is_empty());
    }
}
