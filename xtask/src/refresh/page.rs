//! An API page's Markdown form: the operation's OpenAPI document sits in a
//! fence that opens with ```` ````yaml /openapi/zh/aitoearn.openapi.json get /api/... ````.

use serde_json::{Map, Number, Value};

/// One OpenAPI fence of a page.
#[derive(Debug, Clone, PartialEq)]
pub struct Fence {
    /// The spec file the fence names (`/openapi/zh/aitoearn.openapi.json`).
    pub spec_path: String,
    /// The operation it documents (`get /api/v2/...`), as written.
    pub operation: String,
    /// The fenced document, converted to JSON.
    pub document: Value,
}

/// Every OpenAPI fence of a Markdown page. Errors say what is wrong: HTML
/// where Markdown was expected, no fence, an unterminated fence, bad YAML.
pub fn fences(markdown: &str) -> Result<Vec<Fence>, String> {
    let head = markdown
        .trim_start()
        .get(..200)
        .unwrap_or(markdown.trim_start())
        .to_ascii_lowercase();
    if head.starts_with("<!doctype html") || head.starts_with("<html") {
        return Err("got an HTML page where Markdown was expected".into());
    }
    let lines: Vec<&str> = markdown.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let ticks = line.len() - line.trim_start_matches('`').len();
        let info = line[ticks..].trim();
        let Some(rest) = info.strip_prefix("yaml ").filter(|_| ticks >= 3) else {
            i += 1;
            continue;
        };
        let (spec_path, operation) = match rest.trim().split_once(' ') {
            Some((p, op)) => (p.to_string(), op.trim().to_string()),
            None => (rest.trim().to_string(), String::new()),
        };
        if !spec_path.contains("openapi") {
            i += 1;
            continue;
        }
        let fence_line = i + 1;
        let close = (i + 1..lines.len()).find(|&j| {
            let l = lines[j].trim_end();
            l.len() >= ticks && l.bytes().all(|b| b == b'`')
        });
        let Some(close) = close else {
            return Err(format!(
                "the OpenAPI fence opened on line {fence_line} is never closed"
            ));
        };
        let yaml = lines[i + 1..close].join("\n");
        let document = yaml_to_json(&yaml).map_err(|e| {
            format!("the OpenAPI fence on line {fence_line} is not valid YAML: {e}")
        })?;
        out.push(Fence {
            spec_path,
            operation,
            document,
        });
        i = close + 1;
    }
    if out.is_empty() {
        return Err("no OpenAPI fence (```` ````yaml /openapi/... METHOD PATH ````) found".into());
    }
    Ok(out)
}

/// Parse YAML into a JSON value. Scalar mapping keys become strings (YAML
/// writes status codes as `200:` or `'200':`), so the result compares equal
/// to the same document published as JSON.
pub fn yaml_to_json(text: &str) -> Result<Value, String> {
    let yaml: serde_yaml_ng::Value = serde_yaml_ng::from_str(text).map_err(|e| e.to_string())?;
    convert(yaml)
}

fn convert(v: serde_yaml_ng::Value) -> Result<Value, String> {
    use serde_yaml_ng::Value as Y;
    Ok(match v {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => number(&n)?,
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => {
            Value::Array(items.into_iter().map(convert).collect::<Result<_, _>>()?)
        }
        Y::Mapping(map) => {
            let mut out = Map::new();
            for (k, v) in map {
                let key = match k {
                    Y::String(s) => s,
                    Y::Number(n) => n.to_string(),
                    Y::Bool(b) => b.to_string(),
                    Y::Null => "null".to_string(),
                    other => return Err(format!("unsupported mapping key {other:?}")),
                };
                out.insert(key, convert(v)?);
            }
            Value::Object(out)
        }
        Y::Tagged(tagged) => convert(tagged.value)?,
    })
}

fn number(n: &serde_yaml_ng::Number) -> Result<Value, String> {
    if let Some(u) = n.as_u64() {
        return Ok(Value::Number(u.into()));
    }
    if let Some(i) = n.as_i64() {
        return Ok(Value::Number(i.into()));
    }
    n.as_f64()
        .and_then(Number::from_f64)
        .map(Value::Number)
        .ok_or_else(|| format!("number {n} has no JSON form"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn finds_the_fence_and_converts_its_yaml() {
        let md = "# T\n\n```bash\ncurl x\n```\n\n````yaml /openapi/zh/aitoearn.openapi.json get /api/x\nopenapi: 3.0.1\npaths:\n  /api/x:\n    get:\n      responses:\n        200:\n          description: ok\n      x-n: 1.5\n````\n";
        let f = fences(md).unwrap();
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].spec_path, "/openapi/zh/aitoearn.openapi.json");
        assert_eq!(f[0].operation, "get /api/x");
        assert_eq!(
            f[0].document,
            json!({"openapi": "3.0.1", "paths": {"/api/x": {"get": {"responses": {"200": {"description": "ok"}}, "x-n": 1.5}}}})
        );
    }

    #[test]
    fn says_what_is_wrong_with_a_page() {
        assert!(fences("<!DOCTYPE html><html></html>")
            .unwrap_err()
            .contains("HTML"));
        assert!(fences("# Title\n\nNo spec here.\n")
            .unwrap_err()
            .contains("no OpenAPI fence"));
        assert!(
            fences("````yaml /openapi/zh/a.json get /x\nopenapi: 3.0.1\n")
                .unwrap_err()
                .contains("never closed")
        );
        assert!(fences("````yaml /openapi/zh/a.json get /x\n: : [\n````\n")
            .unwrap_err()
            .contains("not valid YAML"));
    }
}
