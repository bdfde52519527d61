//! `waiters.rs`: a `.wait()` method on the request builder of each
//! status-polling operation declared in `waiters.txt` (shipped with the
//! generator, never read from the spec directory), checked against the spec.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::Value;

use crate::error::Warning;
use crate::normalize::Normalized;
use crate::schema::{self, keywords::in_enum};

/// The declaration file, as shipped.
pub const DECLARATIONS: &str = include_str!("../../waiters.txt");

/// One declared waiter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Declaration {
    /// The operation polled.
    pub operation_id: String,
    /// The data field holding the status.
    pub field: String,
    /// Values that end the wait successfully.
    pub success: Vec<String>,
    /// Values that end the wait in failure.
    pub failure: Vec<String>,
    /// A date-time field the deadline never passes.
    pub expires: Option<String>,
}

/// Read declarations: one per non-comment line (malformed lines are skipped
/// with a warning).
pub fn parse(text: &str) -> (Vec<Declaration>, Vec<Warning>) {
    let mut out = Vec::new();
    let mut warnings = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut words = line.split_whitespace();
        let (Some(op), Some(field)) = (words.next(), words.next()) else {
            warnings.push(Warning::at(
                format!("waiters.txt:{}", n + 1),
                "a waiter line needs an operationId and a field; skipped",
            ));
            continue;
        };
        let mut d = Declaration {
            operation_id: op.to_string(),
            field: field.to_string(),
            success: Vec::new(),
            failure: Vec::new(),
            expires: None,
        };
        for word in words {
            let list = |v: &str| {
                v.split(',')
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect()
            };
            match word.split_once('=') {
                Some(("success", v)) => d.success = list(v),
                Some(("failure", v)) => d.failure = list(v),
                Some(("expires", v)) => d.expires = Some(v.to_string()),
                _ => warnings.push(Warning::at(
                    format!("waiters.txt:{}", n + 1),
                    format!("unknown waiter option `{word}`; ignored"),
                )),
            }
        }
        out.push(d);
    }
    (out, warnings)
}

/// What the surface file says about waiters: one line per generated
/// waiter, then why the rest of the polled statuses have none.
pub fn surface_lines(normalized: &Normalized) -> Vec<String> {
    let (_, _, mut lines) = generate(normalized);
    lines.push(
        "no waiter: the publish record's `status` (a bare number -1..9) and a video task's status (a bare string) have no published meaning".to_string(),
    );
    lines
}

/// Generate the waiters the spec supports, the warnings for declarations
/// it no longer matches, and one surface line per waiter generated.
pub fn generate(normalized: &Normalized) -> (TokenStream, Vec<Warning>, Vec<String>) {
    let (declarations, mut warnings) = parse(DECLARATIONS);
    let mut lines = Vec::new();
    let root = &normalized.spec;
    let mut items = Vec::new();
    for d in &declarations {
        let Some((index, op)) = normalized
            .operations
            .iter()
            .enumerate()
            .find(|(_, op)| op.operation_id == d.operation_id)
        else {
            continue;
        };
        let at = schema::pointer(&[
            "paths",
            &op.path,
            &op.http_method.to_ascii_lowercase(),
            "responses",
        ]);
        let data = op
            .data_schema
            .as_ref()
            .map(|s| schema::fold_all_of(root, schema::refs::deref(root, s)).into_owned());
        let property = data
            .as_ref()
            .and_then(|s| schema::walk::property(s, &d.field))
            .map(|p| schema::refs::deref(root, p).clone());
        let Some(property) = property else {
            warnings.push(Warning::at(
                at,
                format!(
                    "waiter of `{}`: the response data has no field `{}`; no waiter generated",
                    d.operation_id, d.field
                ),
            ));
            continue;
        };
        let keep = |values: &[String], warnings: &mut Vec<Warning>| -> Vec<String> {
            values
                .iter()
                .filter(|v| {
                    let ok = in_enum(&property, &Value::String((*v).clone()));
                    if !ok {
                        warnings.push(Warning::at(
                            at.clone(),
                            format!(
                                "waiter of `{}`: `{}` is not a value of `{}` in the spec; dropped from the waiter",
                                d.operation_id, v, d.field
                            ),
                        ));
                    }
                    ok
                })
                .cloned()
                .collect()
        };
        let success = keep(&d.success, &mut warnings);
        let failure = keep(&d.failure, &mut warnings);
        if success.is_empty() {
            warnings.push(Warning::at(
                at,
                format!(
                    "waiter of `{}`: no success value left; no waiter generated",
                    d.operation_id
                ),
            ));
            continue;
        }
        let expires = match d.expires.as_deref().filter(|f| {
            data.as_ref()
                .and_then(|s| schema::walk::property(s, f))
                .is_some()
        }) {
            Some(f) => quote! { Some(#f) },
            None => quote! { None },
        };
        let crate::normalize::ResponsePlan::Envelope(ty) = &op.response else {
            continue;
        };
        let Ok(output) = super::requests::rust_type(ty) else {
            continue;
        };
        let builder = super::requests::builder_name(op);
        lines.push(format!(
            "{}().wait(): {} success {} failure {}{}",
            op.method_name,
            d.field,
            success.join("|"),
            if failure.is_empty() {
                "-".to_string()
            } else {
                failure.join("|")
            },
            d.expires
                .as_deref()
                .map(|f| format!(" (deadline <= {f})"))
                .unwrap_or_default()
        ));
        let decl = format_ident!("WAITER_{}", index);
        let field = &d.field;
        let doc =
            format!(
            "Poll this request until `{}` is {} (success) or {} (failure): see [`crate::waiter`].",
            d.field,
            success.join(", "),
            if failure.is_empty() { "never".to_string() } else { failure.join(", ") }
        );
        items.push(quote! {
            static #decl: crate::waiter::Declaration = crate::waiter::Declaration {
                field: #field,
                success: &[#(#success),*],
                failure: &[#(#failure),*],
                expires_field: #expires,
            };
            impl<'a> #builder<'a> {
                #[doc = #doc]
                pub fn wait(self) -> crate::waiter::Waiter<Self> {
                    crate::waiter::Waiter::new(self, &#decl)
                }
            }
            impl crate::waiter::Poll for #builder<'_> {
                type Output = #output;
                fn poll_once(&self) -> impl ::std::future::Future<Output = crate::Result<Self::Output>> {
                    self.clone().send()
                }
            }
        });
    }
    (quote! { #(#items)* }, warnings, lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_declarations_parse() {
        let (d, w) = parse(DECLARATIONS);
        assert!(w.is_empty(), "{w:?}");
        assert!(d
            .iter()
            .any(|d| d.operation_id == "AuthController_getAuthStatus_v2"
                && d.success == ["completed"]
                && d.expires.as_deref() == Some("expiresAt")));
    }

    #[test]
    fn the_full_spec_gets_the_session_and_image_task_waiters() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/upstream");
        if !dir.exists() {
            println!("skipped: {} is absent", dir.display());
            return;
        }
        let spec = crate::load_dir(&dir).unwrap();
        let normalized = crate::normalize::normalize(&spec).unwrap();
        let (tokens, warnings, lines) = generate(&normalized);
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(lines.len(), 2, "{lines:?}");
        let code = tokens.to_string();
        assert!(code.contains("GetAuthStatusRequest"), "{code}");
        assert!(
            lines
                .iter()
                .any(|l| l.contains("success success failure failed")),
            "{lines:?}"
        );
    }

    #[test]
    fn a_removed_field_or_value_is_a_warning_not_a_waiter() {
        let spec =
            serde_json::from_str(include_str!("../../../../openapi/zh/aitoearn.openapi.json"))
                .unwrap();
        let mut normalized = crate::normalize::normalize(&spec).unwrap();
        let (_, warnings, lines) = generate(&normalized);
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(lines.len(), 1, "{lines:?}");
        for op in &mut normalized.operations {
            op.data_schema = Some(
                serde_json::json!({"type": "object", "properties": {"status": {"type": "string", "enum": ["pending"]}}}),
            );
        }
        let (tokens, warnings, lines) = generate(&normalized);
        assert!(tokens.is_empty() && lines.is_empty(), "{lines:?}");
        assert!(
            warnings.iter().any(|w| w.pointer.starts_with("/paths/")
                && w.message.contains("`completed` is not a value")),
            "{warnings:?}"
        );
    }
}
