//! The text format of the name locks committed at the root of a spec
//! directory ([`crate::method_lock`], [`crate::type_lock`]): plain text, `#`
//! comments and blank lines ignored, one entry of whitespace-separated words
//! per line, a missing file an empty lock. Both locks are read and written
//! through this module; [`crate::locks::Locks`] bundles them.

use std::path::Path;

use crate::error::{CodegenError, Result};

/// One entry of a lock file: its 1-based line number and its words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry<'a> {
    /// The line's number in the file, for error messages.
    pub line: usize,
    /// The line's whitespace-separated words (at least one).
    pub words: Vec<&'a str>,
}

impl Entry<'_> {
    /// An error located at this entry's line.
    pub fn error(&self, message: impl std::fmt::Display) -> CodegenError {
        CodegenError::new(format!("line {}: {message}", self.line))
    }
}

/// The entries of a lock file's text, comments and blank lines skipped.
pub fn entries(text: &str) -> impl Iterator<Item = Entry<'_>> {
    text.lines().enumerate().filter_map(|(n, line)| {
        let line = line.trim();
        (!line.is_empty() && !line.starts_with('#')).then(|| Entry {
            line: n + 1,
            words: line.split_whitespace().collect(),
        })
    })
}

/// Read `dir/file` and parse it with `parse`; no file is `T::default()`.
/// An error names the file.
pub fn load<T: Default>(dir: &Path, file: &str, parse: fn(&str) -> Result<T>) -> Result<T> {
    let path = dir.join(file);
    match std::fs::read_to_string(&path) {
        Ok(text) => parse(&text).map_err(|e| e.in_file(&path)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(T::default()),
        Err(e) => Err(CodegenError::new(format!("cannot read: {e}")).in_file(&path)),
    }
}

/// A lock file's header: each line of `lines` as a `#` comment.
pub fn header(lines: &[&str]) -> String {
    lines.iter().map(|l| format!("# {l}\n")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_skip_comments_and_blank_lines() {
        let text = "# header\n\n  A b  \n# note\nC = D\n";
        let got: Vec<(usize, Vec<&str>)> = entries(text).map(|e| (e.line, e.words)).collect();
        assert_eq!(got, [(3, vec!["A", "b"]), (5, vec!["C", "=", "D"])]);
    }
}
