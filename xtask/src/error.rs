//! The xtask's error type: every variant says what failed and where.

use std::path::PathBuf;

use aitoearn_codegen::CodegenError;

/// What went wrong in an xtask command.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A request failed (after retries): the URL and why.
    #[error("{url}: {reason}")]
    Fetch {
        /// The URL that was requested.
        url: String,
        /// HTTP status, timeout, connection error, or wrong content.
        reason: String,
    },
    /// A docs page was fetched but its content is not usable.
    #[error("{url}: {reason}")]
    Page {
        /// The page's URL.
        url: String,
        /// What is wrong with it (no fence, bad YAML...).
        reason: String,
    },
    /// The spec file and the pages of the docs site disagree.
    #[error("the docs site contradicts itself: {0}\n(pass `--from spec` or `--from pages` to use one source)")]
    CrossCheck(String),
    /// The spec is not one the SDK can be built from.
    #[error("{0}")]
    Spec(#[from] CodegenError),
    /// Reading or writing a local file failed.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file involved.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A local file is not what it should be (bad JSON, not canonical, stale).
    #[error("{}: {message}", path.display())]
    File {
        /// The file involved.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// `cargo xtask check` found problems (one per line).
    #[error("check failed:\n  - {}", .0.join("\n  - "))]
    Check(Vec<String>),
    /// Bad command-line arguments.
    #[error("{0}")]
    Usage(String),
    /// A benchmark could not run (a build failed, a server could not start).
    #[error("bench: {0}")]
    Bench(String),
}

impl Error {
    /// An I/O error on `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Self::Io {
            path: path.into(),
            source,
        }
    }
}

/// Result alias for the xtask.
pub type Result<T, E = Error> = std::result::Result<T, E>;
