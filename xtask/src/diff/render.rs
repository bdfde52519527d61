//! The drift report as Markdown (for reviewers, PR bodies and CI summaries)
//! and JSON (for tools), plus a one-line title.

use super::model::{Change, Class, Report};

/// One line naming the drift: `API drift: +14 operations, 3 breaking`.
pub fn title(report: &Report) -> String {
    if report.is_empty() {
        return "API drift: no changes".into();
    }
    let mut parts = Vec::new();
    if !report.added.is_empty() {
        parts.push(format!(
            "+{} {}",
            report.added.len(),
            plural(report.added.len(), "operation")
        ));
    }
    if !report.removed.is_empty() {
        parts.push(format!(
            "-{} {}",
            report.removed.len(),
            plural(report.removed.len(), "operation")
        ));
    }
    let changed = report.changes.len();
    if changed > 0 {
        parts.push(format!("{changed} {}", plural(changed, "change")));
    }
    let breaking = report.breaking_count();
    parts.push(if breaking > 0 {
        format!("{breaking} breaking")
    } else {
        "non-breaking".into()
    });
    format!("API drift: {}", parts.join(", "))
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        word.to_string()
    } else {
        format!("{word}s")
    }
}

/// The report in Markdown, breaking changes first.
pub fn markdown(report: &Report) -> String {
    let mut out = format!("## {}\n\n", title(report));
    if report.is_empty() {
        out.push_str("The two specs describe the same API.\n");
        return out;
    }
    let breaking: Vec<&Change> = report.changes_of(Class::Breaking).collect();
    if report.has_breaking() {
        out.push_str(&format!(
            "### Breaking changes ({})\n\n",
            report.breaking_count()
        ));
        for op in &report.removed {
            out.push_str(&format!(
                "- `{}`{}: operation removed\n",
                op.label(),
                id_note(op.operation_id.as_deref())
            ));
        }
        changes(&mut out, &breaking);
        out.push('\n');
    }
    if !report.added.is_empty() {
        out.push_str(&format!(
            "### Added operations ({})\n\n",
            report.added.len()
        ));
        for op in &report.added {
            let summary = op
                .summary
                .as_deref()
                .map(|s| format!(" — {s}"))
                .unwrap_or_default();
            out.push_str(&format!(
                "- `{}`{}{summary}\n",
                op.label(),
                id_note(op.operation_id.as_deref())
            ));
        }
        out.push('\n');
    }
    let other: Vec<&Change> = report.changes_of(Class::NonBreaking).collect();
    if !other.is_empty() {
        out.push_str(&format!("### Non-breaking changes ({})\n\n", other.len()));
        changes(&mut out, &other);
        out.push('\n');
    }
    out
}

fn id_note(id: Option<&str>) -> String {
    id.map(|id| format!(" (`{id}`)")).unwrap_or_default()
}

/// Changes grouped under their operation.
fn changes(out: &mut String, list: &[&Change]) {
    let mut current: Option<&str> = None;
    for c in list {
        if current != Some(c.operation.as_str()) {
            out.push_str(&format!("- `{}`\n", c.operation));
            current = Some(&c.operation);
        }
        out.push_str(&format!("  - {}: {}\n", c.location, c.message));
    }
}

/// The report as pretty JSON, with the counts a tool wants first.
pub fn json(report: &Report) -> String {
    let value = serde_json::json!({
        "title": title(report),
        "breaking": report.breaking_count(),
        "added": report.added,
        "removed": report.removed,
        "changes": report.changes,
    });
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}
