//! Pass: a request body offered in several media types keeps only JSON.
//!
//! The construct: a `requestBody` whose `content` lists `application/json`
//! next to `multipart/form-data` (the OpenAI-compatible image edit endpoint
//! documents both: JSON, or file uploads). progenitor generates one body
//! argument per operation and rejects (or, for multipart, panics on) a
//! content map it cannot reduce to one media type. The pass keeps the JSON
//! media type, so the SDK method takes the typed JSON body; a body offered
//! only as multipart is left as it is (progenitor's own support applies).

use serde_json::Value;

use crate::schema::media::is_json_media;

/// Drop the non-JSON media types of every request body that also offers JSON.
/// Returns how many bodies were reduced.
pub fn keep_json_request_bodies(spec: &mut Value) -> usize {
    let mut reduced = 0;
    let Some(paths) = spec.get_mut("paths").and_then(Value::as_object_mut) else {
        return 0;
    };
    for item in paths.values_mut() {
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        for method in crate::spec::METHODS {
            let Some(content) = item
                .get_mut(method)
                .and_then(|op| op.pointer_mut("/requestBody/content"))
                .and_then(Value::as_object_mut)
            else {
                continue;
            };
            if content.len() > 1 && content.keys().any(|m| is_json_media(m)) {
                content.retain(|media, _| is_json_media(media));
                reduced += 1;
            }
        }
    }
    reduced
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn json_wins_over_multipart() {
        let mut spec = json!({"paths": {"/edit": {"post": {"requestBody": {"content": {
            "multipart/form-data": {"schema": {"type": "object"}},
            "application/json": {"schema": {"type": "object", "properties": {"prompt": {"type": "string"}}}}
        }}}}, "/upload": {"post": {"requestBody": {"content": {"multipart/form-data": {"schema": {"type": "object"}}}}}}}});
        assert_eq!(keep_json_request_bodies(&mut spec), 1);
        let edit = spec
            .pointer("/paths/~1edit/post/requestBody/content")
            .unwrap()
            .as_object()
            .unwrap();
        assert_eq!(edit.keys().collect::<Vec<_>>(), ["application/json"]);
        assert!(spec
            .pointer("/paths/~1upload/post/requestBody/content/multipart~1form-data")
            .is_some());
    }
}
