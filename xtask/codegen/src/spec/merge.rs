//! Merging the documents of one spec (a docs page each) into one.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::SourceDoc;
use crate::error::{CodegenError, Result};
use crate::schema::pointer;

/// Merge documents into one: the first supplies `openapi`, `info` and top-level
/// `security`; paths merge per method, components per name, tags and servers
/// by identity. The same operation or component defined differently in two
/// documents is an error that names both sources.
pub fn merge(docs: &[SourceDoc]) -> Result<Value> {
    let Some(first) = docs.first() else {
        return Err(CodegenError::new("nothing to merge"));
    };
    let mut out = Map::new();
    for key in ["openapi", "info", "security"] {
        if let Some(v) = first.value.get(key) {
            out.insert(key.to_string(), v.clone());
        }
    }
    // pointer of each merged item -> source that defined it
    let mut owners: BTreeMap<String, &str> = BTreeMap::new();
    let mut paths = Map::new();
    let mut components: Map<String, Value> = Map::new();
    let mut tags: Vec<Value> = Vec::new();
    let mut servers: Vec<Value> = Vec::new();

    for doc in docs {
        if let Some(doc_paths) = doc.value.get("paths").and_then(Value::as_object) {
            for (path, item) in doc_paths {
                let Some(item) = item.as_object() else {
                    continue;
                };
                let slot = paths
                    .entry(path.clone())
                    .or_insert_with(|| Value::Object(Map::new()));
                for (method, op) in item {
                    let ptr = pointer(&["paths", path, method]);
                    insert_unique(slot, method, op, &ptr, &doc.source, &mut owners)?;
                }
            }
        }
        if let Some(doc_components) = doc.value.get("components").and_then(Value::as_object) {
            for (section, entries) in doc_components {
                let Some(entries) = entries.as_object() else {
                    continue;
                };
                let slot = components
                    .entry(section.clone())
                    .or_insert_with(|| Value::Object(Map::new()));
                for (name, value) in entries {
                    let ptr = pointer(&["components", section, name]);
                    insert_unique(slot, name, value, &ptr, &doc.source, &mut owners)?;
                }
            }
        }
        for (list, key, field) in [
            (&mut tags, "tags", "name"),
            (&mut servers, "servers", "url"),
        ] {
            for entry in doc
                .value
                .get(key)
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                if !list.iter().any(|e| e.get(field) == entry.get(field)) {
                    list.push(entry.clone());
                }
            }
        }
    }
    if !servers.is_empty() {
        out.insert("servers".into(), Value::Array(servers));
    }
    if !tags.is_empty() {
        out.insert("tags".into(), Value::Array(tags));
    }
    out.insert("paths".into(), Value::Object(paths));
    if !components.is_empty() {
        out.insert("components".into(), Value::Object(components));
    }
    Ok(Value::Object(out))
}

fn insert_unique<'a>(
    slot: &mut Value,
    key: &str,
    value: &Value,
    ptr: &str,
    source: &'a str,
    owners: &mut BTreeMap<String, &'a str>,
) -> Result<()> {
    let Some(map) = slot.as_object_mut() else {
        return Err(CodegenError::at(ptr, "expected an object"));
    };
    match map.get(key) {
        Some(existing) if existing != value => Err(CodegenError::at(
            ptr,
            format!(
                "defined differently in {} and in {source}",
                owners.get(ptr).copied().unwrap_or("an earlier document")
            ),
        )),
        Some(_) => Ok(()),
        None => {
            map.insert(key.to_string(), value.clone());
            owners.insert(ptr.to_string(), source);
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::tests_support::minimal;
    use serde_json::json;

    #[test]
    fn merging_reports_conflicts_with_both_sources() {
        let a = SourceDoc {
            source: "page-a".into(),
            value: minimal(),
        };
        let mut other = minimal();
        other["components"]["schemas"]["Thing"] = json!({"type": "string"});
        let b = SourceDoc {
            source: "page-b".into(),
            value: other,
        };
        let m = merge(&[a.clone(), b]).unwrap_err().to_string();
        assert!(
            m.contains("#/components/schemas/Thing")
                && m.contains("page-a")
                && m.contains("page-b"),
            "{m}"
        );
        assert_eq!(merge(&[a.clone(), a]).unwrap()["paths"], minimal()["paths"]);
    }
}
