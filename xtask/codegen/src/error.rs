//! The one error type of code generation: it always names the spec file and,
//! where it can, the JSON pointer of the offending value.

use std::fmt;
use std::path::PathBuf;

/// What went wrong while loading, normalizing or generating from a spec.
#[derive(Debug)]
pub struct CodegenError {
    /// The spec file involved, when there is one.
    pub file: Option<PathBuf>,
    /// RFC 6901 JSON pointer of the value at fault, when known (`""` is the document root).
    pub pointer: Option<String>,
    /// What is wrong, in words.
    pub message: String,
}

impl CodegenError {
    /// An error not tied to a location.
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            file: None,
            pointer: None,
            message: message.into(),
        }
    }

    /// An error at a JSON pointer.
    pub fn at(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            file: None,
            pointer: Some(pointer.into()),
            message: message.into(),
        }
    }

    /// Attach the spec file, unless one is already named.
    pub fn in_file(mut self, file: impl Into<PathBuf>) -> Self {
        if self.file.is_none() {
            self.file = Some(file.into());
        }
        self
    }
}

impl fmt::Display for CodegenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.file {
            Some(file) => write!(f, "{}", file.display())?,
            None => f.write_str("<spec>")?,
        }
        if let Some(pointer) = &self.pointer {
            write!(f, " at #{pointer}")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for CodegenError {}

/// A change normalization made because the spec, as published, holds a value
/// or construct the generator would reject (a `default` that does not fit its
/// schema, say). Generation goes on; `build.rs` prints each as a build warning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// The spec file holding the value, when known.
    pub file: Option<PathBuf>,
    /// RFC 6901 JSON pointer of the value that was changed or dropped.
    pub pointer: String,
    /// What was wrong and what was done, in words (one line).
    pub message: String,
}

impl Warning {
    /// A warning at a JSON pointer.
    pub fn at(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            file: None,
            pointer: pointer.into(),
            message: message.into(),
        }
    }
}

impl Warning {
    /// The same warning with its file named relative to `dir` (when it is
    /// inside it), for messages that must not depend on where a checkout lives.
    pub fn relative_to(&self, dir: &std::path::Path) -> Self {
        let mut out = self.clone();
        if let Some(rel) = self.file.as_deref().and_then(|f| f.strip_prefix(dir).ok()) {
            out.file = Some(rel.to_path_buf());
        }
        out
    }
}

impl Warning {
    /// The line `build.rs` prints for this warning (after cargo's
    /// `warning: aitoearn@<version>: ` prefix), its file named relative to
    /// the spec directory `dir`.
    pub fn build_line(&self, dir: &std::path::Path) -> String {
        format!("spec normalization: {}", self.relative_to(dir))
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(file) = &self.file {
            write!(f, "{}", file.display())?;
        }
        write!(f, "#{}: {}", self.pointer, self.message)
    }
}

/// Result alias for code generation.
pub type Result<T, E = CodegenError> = std::result::Result<T, E>;
