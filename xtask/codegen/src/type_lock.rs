//! The type-name lock: a committed `type-names.txt` at the root of a spec
//! directory that keeps the name of every generated enum type, and of every
//! alias of one, fixed whatever places upstream adds.
//!
//! Each line is a name a caller can use: `Name` for a type of its own (an
//! open enum or a shared union, constructed and matched by that name) or
//! `Name = Target` for an alias of `Target`.
//! [`crate::normalize::shared_enums::unify`] reads it: a type of its own
//! stays one, a new place with the same value set becomes an alias of it, and
//! an alias stays an alias of its type where the value sets still agree.
//! [`crate::normalize::shared_unions::unify_unions`] reads it the same way
//! for union shapes (through the same `locked_member_names`). `cargo xtask
//! surface` maintains the vendored spec's lock; a spec directory without one
//! (a user's own) is named by the rule alone.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::error::Result;
use crate::ident::rust_ident;
use crate::lock_file;

/// Enum type names and alias names, each with what it names.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TypeLock {
    /// Names generated as types of their own.
    standalone: BTreeSet<String>,
    /// Alias names and the type each names.
    aliases: BTreeMap<String, String>,
}

impl TypeLock {
    /// The lock's file name, at the root of the spec directory (not `.json`:
    /// every `*.json` file under the directory is read as a spec).
    pub const FILE: &'static str = "type-names.txt";

    /// A lock from the names of the types of their own and the
    /// `(alias, target)` pairs.
    pub fn new<S, A, B>(
        standalone: impl IntoIterator<Item = S>,
        aliases: impl IntoIterator<Item = (A, B)>,
    ) -> Self
    where
        S: Into<String>,
        A: Into<String>,
        B: Into<String>,
    {
        Self {
            standalone: standalone.into_iter().map(Into::into).collect(),
            aliases: aliases
                .into_iter()
                .map(|(a, b)| (a.into(), b.into()))
                .collect(),
        }
    }

    /// Parse the lock file's text: `#` comments, blank lines, and `Name` or
    /// `Name = Target` lines. A name that is not a Rust identifier, or a
    /// name listed twice, is an error.
    pub fn parse(text: &str) -> Result<Self> {
        let mut lock = Self::default();
        for entry in lock_file::entries(text) {
            let (name, target) = match entry.words[..] {
                [name] => (name, None),
                [name, "=", target] => (name, Some(target)),
                _ => return Err(entry.error("expected `TypeName` or `AliasName = TypeName`")),
            };
            for n in [Some(name), target].into_iter().flatten() {
                if rust_ident(n) != n || n.starts_with('_') {
                    return Err(entry.error(format!("`{n}` is not a type name")));
                }
            }
            if lock.contains(name) {
                return Err(entry.error(format!("`{name}` is listed twice")));
            }
            if let Some(target) = target {
                lock.aliases.insert(name.into(), target.into());
            } else {
                lock.standalone.insert(name.into());
            }
        }
        Ok(lock)
    }

    /// Read `dir/type-names.txt`; no file is an empty lock.
    pub fn load(dir: &Path) -> Result<Self> {
        lock_file::load(dir, Self::FILE, Self::parse)
    }

    /// The file's text: a header, then one line per name in name order.
    pub fn render(&self) -> String {
        let mut out = lock_file::header(&[
            "Generated enum and shared union type names. Maintained by `cargo xtask surface`.",
            "`Name`: a type of its own; it stays one whatever places upstream adds",
            "with the same values or shape (they become aliases of it). `Name = Target`:",
            "an alias of `Target`, kept while the two have the same values or shape.",
        ]);
        let mut lines: BTreeMap<&str, String> = BTreeMap::new();
        for name in &self.standalone {
            lines.insert(name, format!("{name}\n"));
        }
        for (name, target) in &self.aliases {
            lines.insert(name, format!("{name} = {target}\n"));
        }
        out.extend(lines.into_values());
        out
    }

    /// Whether the lock lists `name` as a type of its own.
    pub fn is_standalone(&self, name: &str) -> bool {
        self.standalone.contains(name)
    }

    /// The type the lock makes `name` an alias of.
    pub fn alias_target(&self, name: &str) -> Option<&str> {
        self.aliases.get(name).map(String::as_str)
    }

    /// Whether the lock lists `name` (as a type or as an alias).
    pub fn contains(&self, name: &str) -> bool {
        self.standalone.contains(name) || self.aliases.contains_key(name)
    }

    /// The names listed as types of their own, in name order.
    pub fn types(&self) -> impl Iterator<Item = &str> {
        self.standalone.iter().map(String::as_str)
    }

    /// Every `(alias, target)` pair, in alias order.
    pub fn aliases(&self) -> impl Iterator<Item = (&str, &str)> {
        self.aliases.iter().map(|(a, b)| (a.as_str(), b.as_str()))
    }

    /// Whether the lock lists nothing.
    pub fn is_empty(&self) -> bool {
        self.standalone.is_empty() && self.aliases.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_what_it_renders() {
        let lock = TypeLock::new(["Platform", "RecordStatus"], [("WorkPlatform", "Platform")]);
        let text = lock.render();
        assert!(
            text.ends_with("Platform\nRecordStatus\nWorkPlatform = Platform\n"),
            "{text}"
        );
        assert_eq!(TypeLock::parse(&text).unwrap(), lock);
        assert!(lock.is_standalone("RecordStatus"));
        assert_eq!(lock.alias_target("WorkPlatform"), Some("Platform"));
        assert!(!lock.is_standalone("WorkPlatform") && lock.contains("WorkPlatform"));
        let types: Vec<&str> = lock.types().collect();
        assert_eq!(types, ["Platform", "RecordStatus"]);
    }

    #[test]
    fn rejects_malformed_lines() {
        for bad in [
            "A B", "A = B C", "A := B", "1A", "A = fn", "A\nA", "A\nA = B", "_A",
        ] {
            assert!(TypeLock::parse(bad).is_err(), "{bad:?} was accepted");
        }
    }

    #[test]
    fn a_missing_file_is_an_empty_lock() {
        let dir = std::env::temp_dir().join("aitoearn-codegen-no-type-lock-here");
        assert!(TypeLock::load(&dir).unwrap().is_empty());
    }
}
