//! The operation-level rules: parameters, request bodies, responses and
//! their media types. Schemas are handed to [`super::schema`].

use std::collections::BTreeMap;

use serde_json::Value;

use super::{class_if, is_required, obj, Dir, Walker};
use crate::diff::model::{Class, Kind};
use aitoearn_codegen::schema::deref;

impl Walker<'_> {
    fn params<'v>(
        root: &'v Value,
        path: &str,
        op: &'v Value,
    ) -> BTreeMap<(String, String), &'v Value> {
        let item_params = root
            .get("paths")
            .and_then(|p| p.get(path))
            .and_then(|i| i.get("parameters"));
        let mut out = BTreeMap::new();
        for list in [item_params, op.get("parameters")] {
            for p in list.and_then(Value::as_array).into_iter().flatten() {
                let p = deref(root, p);
                let field = |k: &str| {
                    p.get(k)
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_string()
                };
                out.insert((field("in"), field("name")), p);
            }
        }
        out
    }

    pub(super) fn parameters(&mut self, old_path: &str, old: &Value, new_path: &str, new: &Value) {
        let old_params = Self::params(self.old_root, old_path, old);
        let new_params = Self::params(self.new_root, new_path, new);
        for ((location, name), p) in &new_params {
            let loc = format!("{location} parameter `{name}`");
            match old_params.get(&(location.clone(), name.clone())) {
                None => {
                    if location == "path" {
                        continue; // path parameters follow the path, which matched
                    }
                    let required = is_required(p);
                    let what = if required {
                        "required parameter added (a new method argument)"
                    } else {
                        "optional parameter added (a new setter on the request)"
                    };
                    self.push(class_if(required), Kind::ParameterAdded, loc, what);
                }
                Some(o) => {
                    match (is_required(o), is_required(p)) {
                        (false, true) => self.push(
                            Class::Breaking,
                            Kind::ParameterBecameRequired,
                            loc.clone(),
                            "parameter became required",
                        ),
                        (true, false) => self.push(
                            Class::Breaking,
                            Kind::ParameterBecameOptional,
                            loc.clone(),
                            "parameter became optional: compatible for HTTP, breaking for Rust (a method argument becomes a setter)",
                        ),
                        _ => {}
                    }
                    let empty = Value::Null;
                    self.schema(
                        o.get("schema").unwrap_or(&empty),
                        p.get("schema").unwrap_or(&empty),
                        Dir::Request,
                        &loc,
                        "",
                    );
                }
            }
        }
        for (location, name) in old_params.keys() {
            if !new_params.contains_key(&(location.clone(), name.clone())) {
                if location == "path" {
                    continue; // path parameters follow the path, which matched
                }
                self.push(
                    Class::Breaking,
                    Kind::ParameterRemoved,
                    format!("{location} parameter `{name}`"),
                    "parameter removed",
                );
            }
        }
    }

    pub(super) fn request_body(&mut self, old: Option<&Value>, new: Option<&Value>) {
        let old = old.map(|b| deref(self.old_root, b));
        let new = new.map(|b| deref(self.new_root, b));
        match (old, new) {
            (None, None) => {}
            (None, Some(n)) => {
                let what = if is_required(n) {
                    "required"
                } else {
                    "optional"
                };
                self.push(
                    Class::Breaking,
                    Kind::RequestBodyAdded,
                    "request body",
                    format!("{what} request body added (the method's arguments change)"),
                );
            }
            (Some(_), None) => self.push(
                Class::Breaking,
                Kind::RequestBodyRemoved,
                "request body",
                "request body removed",
            ),
            (Some(o), Some(n)) => {
                match (is_required(o), is_required(n)) {
                    (false, true) => self.push(
                        Class::Breaking,
                        Kind::RequestBodyBecameRequired,
                        "request body",
                        "request body became required",
                    ),
                    (true, false) => self.push(
                        Class::Breaking,
                        Kind::RequestBodyBecameOptional,
                        "request body",
                        "request body became optional: compatible for HTTP, breaking for Rust (the body argument changes)",
                    ),
                    _ => {}
                }
                self.content(
                    o.get("content"),
                    n.get("content"),
                    Dir::Request,
                    "request body",
                );
            }
        }
    }

    pub(super) fn responses(&mut self, old: Option<&Value>, new: Option<&Value>) {
        let old = obj(old);
        let new = obj(new);
        for (status, n) in new.iter() {
            let loc = format!("response {status}");
            match old.get(status) {
                None => self.push(
                    Class::NonBreaking,
                    Kind::ResponseStatusAdded,
                    loc,
                    "response status added",
                ),
                Some(o) => {
                    let o = deref(self.old_root, o);
                    let n = deref(self.new_root, n);
                    self.content(o.get("content"), n.get("content"), Dir::Response, &loc);
                }
            }
        }
        for status in old.keys() {
            if !new.contains_key(status) {
                let success = status.starts_with('2') || status == "default";
                self.push(
                    class_if(success),
                    Kind::ResponseStatusRemoved,
                    format!("response {status}"),
                    "response status removed",
                );
            }
        }
    }

    fn content(&mut self, old: Option<&Value>, new: Option<&Value>, dir: Dir, base: &str) {
        let old = obj(old);
        let new = obj(new);
        for (media, n) in new.iter() {
            let loc = format!("{base} {media}");
            match old.get(media) {
                // A new response media type is only offered, a new request one only accepted.
                None => self.push(
                    Class::NonBreaking,
                    Kind::MediaTypeAdded,
                    loc,
                    "media type added",
                ),
                Some(o) => {
                    let empty = Value::Null;
                    self.schema(
                        o.get("schema").unwrap_or(&empty),
                        n.get("schema").unwrap_or(&empty),
                        dir,
                        &loc,
                        "",
                    );
                }
            }
        }
        for media in old.keys() {
            if !new.contains_key(media) {
                self.push(
                    Class::Breaking,
                    Kind::MediaTypeRemoved,
                    format!("{base} {media}"),
                    "media type removed",
                );
            }
        }
    }
}
