//! When the site publishes both a spec file and pages, each page's fenced
//! document must agree with the spec file.

use aitoearn_codegen::spec::{operations, SourceDoc};
use serde_json::Value;

use crate::error::{Error, Result};

/// Check every page document against `spec`: each operation and each
/// component a page carries must equal the spec file's, and every operation
/// of the spec file must appear on some page.
pub fn check(spec: &Value, pages: &[SourceDoc]) -> Result<()> {
    let mut seen = std::collections::BTreeSet::new();
    for page in pages {
        for (path, method, op) in operations(&page.value) {
            seen.insert((path.to_string(), method.to_string()));
            match spec
                .get("paths")
                .and_then(|p| p.get(path))
                .and_then(|i| i.get(method))
            {
                Some(theirs) if theirs == op => {}
                Some(_) => {
                    return Err(mismatch(
                        &page.source,
                        &format!("{} {path}", method.to_uppercase()),
                        "differs from the spec file",
                    ))
                }
                None => {
                    return Err(mismatch(
                        &page.source,
                        &format!("{} {path}", method.to_uppercase()),
                        "is not in the spec file",
                    ))
                }
            }
        }
        let sections = page
            .value
            .get("components")
            .and_then(Value::as_object)
            .into_iter()
            .flatten();
        for (section, entries) in sections {
            for (name, value) in entries.as_object().into_iter().flatten() {
                let theirs = spec
                    .get("components")
                    .and_then(|c| c.get(section))
                    .and_then(|s| s.get(name));
                if theirs != Some(value) {
                    let what = if theirs.is_some() {
                        "differs from the spec file"
                    } else {
                        "is not in the spec file"
                    };
                    return Err(mismatch(
                        &page.source,
                        &format!("component {section}/{name}"),
                        what,
                    ));
                }
            }
        }
    }
    let missing: Vec<String> = operations(spec)
        .filter(|(p, m, _)| !seen.contains(&(p.to_string(), m.to_string())))
        .map(|(p, m, _)| format!("{} {p}", m.to_uppercase()))
        .collect();
    if !missing.is_empty() {
        return Err(Error::CrossCheck(format!(
            "{} operation(s) of the spec file are on no page: {}",
            missing.len(),
            missing.join(", ")
        )));
    }
    Ok(())
}

fn mismatch(page: &str, what: &str, how: &str) -> Error {
    Error::CrossCheck(format!("{what} on page {page} {how}"))
}
