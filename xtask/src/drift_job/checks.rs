//! The checks the drift job runs on the regenerated tree: cargo commands whose
//! failure is reported in the pull request, never a reason not to open it.

use crate::paths::cargo;
use std::path::Path;

/// Lines of a failed check's output quoted in the pull request.
const QUOTED_LINES: usize = 20;

/// One cargo command run in the repository.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    /// What it shows, for the pull request (`tests/call_style.rs compiles`).
    pub name: String,
    /// The arguments after `cargo`.
    pub args: Vec<String>,
}

impl Check {
    /// A check named `name` running `cargo ARGS`.
    pub fn new(name: &str, args: &[&str]) -> Self {
        Self {
            name: name.to_string(),
            args: args.iter().map(|a| a.to_string()).collect(),
        }
    }

    /// What the workflow runs: the library builds, every test passes, the
    /// sandbox quickstart runs.
    pub fn workflow_default() -> Vec<Self> {
        vec![
            Self::new("the library builds", &["build", "-p", "aitoearn"]),
            Self::new("every test passes", &["test", "--workspace"]),
            Self::new(
                "the sandbox quickstart runs",
                &[
                    "run",
                    "-p",
                    "aitoearn",
                    "--features",
                    "sandbox",
                    "--example",
                    "quickstart",
                ],
            ),
        ]
    }

    /// The command line, as the pull request shows it.
    pub fn command_line(&self) -> String {
        format!("cargo {}", self.args.join(" "))
    }
}

/// How a check went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckResult {
    /// The check.
    pub check: Check,
    /// Whether it passed.
    pub passed: bool,
    /// For a failure: the compiler errors and failed tests it printed (at
    /// most a few lines), else the end of its output.
    pub details: Vec<String>,
}

/// Run `check` in `root` (the real API key removed from its environment, so
/// an example never calls the real site), with `target_dir` as the cargo
/// target directory when given.
pub fn run(check: &Check, root: &Path, target_dir: Option<&Path>) -> CheckResult {
    let mut command = cargo();
    command
        .args(&check.args)
        .current_dir(root)
        .env_remove("AITOEARN_API_KEY")
        .env_remove("AITOEARN_OPENAPI_DIR");
    if let Some(dir) = target_dir {
        command.env("CARGO_TARGET_DIR", dir);
    }
    eprintln!("drift job: {} ({})", check.name, check.command_line());
    match command.output() {
        Ok(output) if output.status.success() => CheckResult {
            check: check.clone(),
            passed: true,
            details: Vec::new(),
        },
        Ok(output) => {
            let text = format!(
                "{}\n{}",
                String::from_utf8_lossy(&output.stderr),
                String::from_utf8_lossy(&output.stdout)
            );
            eprintln!("{text}");
            CheckResult {
                check: check.clone(),
                passed: false,
                details: failure_lines(&text),
            }
        }
        Err(e) => CheckResult {
            check: check.clone(),
            passed: false,
            details: vec![format!("cannot run cargo: {e}")],
        },
    }
}

/// The lines of a failed cargo run that say what failed: compiler errors
/// with their location, failed tests, the test target to rerun; else its
/// last lines. At most [`QUOTED_LINES`].
pub fn failure_lines(output: &str) -> Vec<String> {
    let lines: Vec<&str> = output.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let trimmed = line.trim_end();
        if trimmed.starts_with("error[") || trimmed.starts_with("error: ") {
            if trimmed.starts_with("error: could not compile")
                || trimmed.starts_with("error: aborting")
            {
                continue;
            }
            let at = lines
                .get(i + 1)
                .map(|l| l.trim())
                .filter(|l| l.starts_with("--> "))
                .map(|l| format!(" ({})", &l[4..]))
                .unwrap_or_default();
            out.push(format!("{trimmed}{at}"));
        } else if trimmed.starts_with("test ") && trimmed.ends_with("... FAILED") {
            out.push(trimmed.to_string());
        }
    }
    out.dedup();
    if out.is_empty() {
        out = lines
            .iter()
            .rev()
            .filter(|l| !l.trim().is_empty())
            .take(QUOTED_LINES)
            .map(|l| l.to_string())
            .collect();
        out.reverse();
    }
    if out.len() > QUOTED_LINES {
        let more = out.len() - QUOTED_LINES;
        out.truncate(QUOTED_LINES);
        out.push(format!("… and {more} more"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compiler_errors_and_failed_tests_are_quoted() {
        let output = "\
   Compiling aitoearn v0.2.0
error[E0423]: expected function, tuple struct or tuple variant, found type alias `ChannelPublishRecordVoStatus`
   --> tests/call_style.rs:40:5
    |
error: could not compile `aitoearn` (test \"call_style\") due to 1 previous error
test walk_every_operation ... FAILED
error: test failed, to rerun pass `--test walk`
";
        assert_eq!(
            failure_lines(output),
            [
                "error[E0423]: expected function, tuple struct or tuple variant, found type alias \
                 `ChannelPublishRecordVoStatus` (tests/call_style.rs:40:5)",
                "test walk_every_operation ... FAILED",
                "error: test failed, to rerun pass `--test walk`",
            ]
        );
    }

    #[test]
    fn otherwise_the_last_lines() {
        let output: String = (0..30).map(|i| format!("line {i}\n")).collect();
        let lines = failure_lines(&output);
        assert_eq!(lines.len(), QUOTED_LINES);
        assert_eq!(lines[0], "line 10");
        assert_eq!(lines[QUOTED_LINES - 1], "line 29");
    }
}
