//! Where the schemas of a spec are: every schema object, inline or a
//! component, found by JSON pointer, for passes that look at each one.

use serde_json::Value;

use super::pointer::escape_pointer_token;
use super::walk::{subschemas_at, walk, walk_mut};

/// Deepest nesting of inline schemas visited (inline schemas are finite
/// trees; the bound only guards against absurd documents).
const MAX_DEPTH: usize = 64;

/// The JSON pointer of every schema object of the spec that is not a `$ref`,
/// parents before their subschemas: the [roots](schema_roots) and, inside
/// them, every subschema position (`walk::subschemas_at`).
pub fn schema_pointers(spec: &Value) -> Vec<String> {
    let mut out = Vec::new();
    for root in schema_roots(spec) {
        if let Some(schema) = spec.pointer(&root) {
            walk_schema(schema, root, &mut out, 0);
        }
    }
    out
}

/// Call `f` on every schema of the spec: each [root](schema_roots) in
/// document order, then depth first through the walker ([`walk`]).
pub fn walk_spec(spec: &Value, f: &mut dyn FnMut(&Value)) {
    for root in schema_roots(spec) {
        if let Some(schema) = spec.pointer(&root) {
            walk(schema, f);
        }
    }
}

/// [`walk_spec`], with each schema mutable.
pub fn walk_spec_mut(spec: &mut Value, f: &mut dyn FnMut(&mut Value)) {
    for root in schema_roots(spec) {
        if let Some(schema) = spec.pointer_mut(&root) {
            walk_mut(schema, f);
        }
    }
}

/// The JSON pointer of every place in the document where a schema starts,
/// `$ref`s included: component schemas and the `schema` of parameters,
/// headers and media types. Examples and vendor extensions are not searched.
pub fn schema_roots(spec: &Value) -> Vec<String> {
    let mut out = Vec::new();
    walk_doc(spec, &mut String::new(), &mut out);
    out
}

/// What a key of the document (outside schemas) holds, for the walks that
/// look for schemas or around them.
#[derive(PartialEq)]
enum DocKey {
    /// An example or a vendor extension: nothing to look into.
    Skip,
    /// A `schema`: one schema.
    Schema,
    /// `components/schemas`: named schemas.
    ComponentSchemas,
    /// Anything else: more document.
    Document,
}

fn doc_key(at: &str, key: &str) -> DocKey {
    if key.starts_with("x-") || key == "example" || key == "examples" {
        DocKey::Skip
    } else if key == "schema" {
        DocKey::Schema
    } else if key == "schemas" && at == "/components" {
        DocKey::ComponentSchemas
    } else {
        DocKey::Document
    }
}

/// Call `f` on every object of the document that is neither a schema nor
/// inside one (operations, parameters, responses, media types, `info`, ...);
/// examples and vendor extensions are not searched. With [`schema_roots`],
/// this covers every object of the document once.
pub fn document_objects_mut(
    spec: &mut Value,
    f: &mut dyn FnMut(&mut serde_json::Map<String, Value>),
) {
    around_schemas(spec, &mut String::new(), f);
}

fn around_schemas(
    value: &mut Value,
    at: &mut String,
    f: &mut dyn FnMut(&mut serde_json::Map<String, Value>),
) {
    match value {
        Value::Object(map) => {
            f(map);
            for (key, child) in map.iter_mut() {
                if doc_key(at, key) == DocKey::Document {
                    let len = at.len();
                    push(at, key);
                    around_schemas(child, at, f);
                    at.truncate(len);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|i| around_schemas(i, at, f)),
        _ => {}
    }
}

fn walk_doc(value: &Value, at: &mut String, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                let kind = doc_key(at, key);
                if kind == DocKey::Skip {
                    continue;
                }
                let len = at.len();
                push(at, key);
                if kind == DocKey::Schema {
                    out.push(at.clone());
                } else if kind == DocKey::ComponentSchemas {
                    for name in child.as_object().into_iter().flatten().map(|(n, _)| n) {
                        let len = at.len();
                        push(at, name);
                        out.push(at.clone());
                        at.truncate(len);
                    }
                } else {
                    walk_doc(child, at, out);
                }
                at.truncate(len);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                let len = at.len();
                at.push_str(&format!("/{i}"));
                walk_doc(child, at, out);
                at.truncate(len);
            }
        }
        _ => {}
    }
}

fn walk_schema(schema: &Value, at: String, out: &mut Vec<String>, depth: usize) {
    let Some(map) = schema.as_object() else {
        return;
    };
    if map.contains_key("$ref") || depth > MAX_DEPTH {
        return;
    }
    out.push(at.clone());
    subschemas_at(schema, &mut |suffix, child| {
        walk_schema(child, format!("{at}{suffix}"), out, depth + 1)
    });
}

fn push(at: &mut String, token: &str) {
    at.push('/');
    at.push_str(&escape_pointer_token(token));
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn finds_inline_and_component_schemas_but_not_examples() {
        let spec = json!({
            "paths": {"/a/{b}": {"get": {
                "parameters": [{"name": "b", "in": "path", "schema": {"type": "string"}}],
                "responses": {"200": {"content": {"application/json": {
                    "schema": {"type": "object", "properties": {"schema": {"anyOf": [{"$ref": "#/x"}, {"type": "integer"}]}}},
                    "examples": {"e": {"value": {"schema": {"type": "string"}}}}
                }}}}
            }}},
            "components": {"schemas": {"T": {"type": "array", "items": {"type": "string"}}}}
        });
        assert_eq!(
            schema_pointers(&spec),
            [
                "/components/schemas/T",
                "/components/schemas/T/items",
                "/paths/~1a~1{b}/get/parameters/0/schema",
                "/paths/~1a~1{b}/get/responses/200/content/application~1json/schema",
                "/paths/~1a~1{b}/get/responses/200/content/application~1json/schema/properties/schema",
                "/paths/~1a~1{b}/get/responses/200/content/application~1json/schema/properties/schema/anyOf/1",
            ]
        );
    }
}
