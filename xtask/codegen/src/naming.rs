//! Names derived mechanically from the spec: SDK method names from
//! operationIds, Rust type names for hoisted schemas, enum variant names.

use std::collections::BTreeMap;

use heck::{ToPascalCase, ToSnakeCase};

/// Words of an operationId suffix like `_v2` that only version the route.
fn split_version(id: &str) -> (&str, Option<&str>) {
    if let Some(pos) = id.rfind('_') {
        let tail = &id[pos + 1..];
        if tail.len() > 1
            && tail.starts_with(['v', 'V'])
            && tail[1..].bytes().all(|b| b.is_ascii_digit())
        {
            return (&id[..pos], Some(tail));
        }
    }
    (id, None)
}

/// The readable SDK method name for one operationId, before collision handling.
///
/// `PublishRecordController_getRecord_v2` → `publish_record_get_record`;
/// `WorksController_listWorks_v2` → `list_works` (the method already names the
/// controller's subject); `AccountsController_list_v2` → `accounts_list`.
/// An id without a `Controller_` part is snake-cased as it is.
pub fn base_method_name(operation_id: &str) -> String {
    let (id, _) = split_version(operation_id);
    let (controller, method) = match id.split_once("Controller_") {
        Some((c, m)) => (c, m),
        None => return rust_ident(&id.to_snake_case()),
    };
    let stem = controller.to_snake_case();
    let method = method.to_snake_case();
    let stem_words: Vec<&str> = stem.split('_').collect();
    let method_words: Vec<&str> = method.split('_').collect();
    let mentions_stem = method_words
        .windows(stem_words.len())
        .any(|w| w == stem_words.as_slice());
    if mentions_stem {
        rust_ident(&method)
    } else {
        rust_ident(&format!("{stem}_{method}"))
    }
}

/// Method names for a whole set of operationIds. Names are unique: where two
/// base names collide, each colliding one keeps its version suffix, and if that
/// is not enough, the full snake-cased operationId is used.
pub fn method_names<'a>(ids: impl IntoIterator<Item = &'a str>) -> BTreeMap<String, String> {
    let ids: Vec<&str> = ids.into_iter().collect();
    let mut by_base: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for id in &ids {
        by_base.entry(base_method_name(id)).or_default().push(id);
    }
    let mut out = BTreeMap::new();
    for (base, group) in by_base {
        if group.len() == 1 {
            out.insert(group[0].to_string(), base);
            continue;
        }
        for id in group {
            let name = match split_version(id).1 {
                Some(v) => format!("{base}_{}", v.to_ascii_lowercase()),
                None => rust_ident(&id.to_snake_case()),
            };
            out.insert(id.to_string(), name);
        }
    }
    // A second collision (a versioned name equal to another base name) falls
    // back to the full operationId, which the spec guarantees unique.
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for name in out.values() {
        *counts.entry(name.clone()).or_default() += 1;
    }
    for (id, name) in out.iter_mut() {
        if counts[name.as_str()] > 1 {
            *name = rust_ident(&id.to_snake_case());
        }
    }
    out
}

/// Make a snake_case string a usable Rust identifier.
pub fn rust_ident(name: &str) -> String {
    let mut s: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if s.is_empty() || s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert(0, '_');
    }
    if syn_keyword(&s) {
        s.push('_');
    }
    s
}

fn syn_keyword(s: &str) -> bool {
    matches!(
        s,
        "as" | "async"
            | "await"
            | "break"
            | "const"
            | "continue"
            | "crate"
            | "dyn"
            | "else"
            | "enum"
            | "extern"
            | "false"
            | "fn"
            | "for"
            | "if"
            | "impl"
            | "in"
            | "let"
            | "loop"
            | "match"
            | "mod"
            | "move"
            | "mut"
            | "pub"
            | "ref"
            | "return"
            | "self"
            | "static"
            | "struct"
            | "super"
            | "trait"
            | "true"
            | "type"
            | "unsafe"
            | "use"
            | "where"
            | "while"
            | "abstract"
            | "become"
            | "box"
            | "do"
            | "final"
            | "macro"
            | "override"
            | "priv"
            | "typeof"
            | "unsized"
            | "virtual"
            | "yield"
            | "try"
            | "gen"
    )
}

/// PascalCase type name from arbitrary words (`ChannelPublishRecordVo` + `accountType`).
pub fn type_name(parts: &[&str]) -> String {
    let joined: String = parts
        .iter()
        .map(|p| {
            let cleaned: String = p
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
                .collect();
            // Keep an already-PascalCase part as it is (`ChannelPublishRecordVo`).
            if cleaned.chars().all(|c| c.is_ascii_alphanumeric())
                && cleaned.starts_with(|c: char| c.is_ascii_uppercase())
            {
                cleaned
            } else {
                cleaned.to_pascal_case()
            }
        })
        .collect();
    if joined.is_empty() || joined.starts_with(|c: char| c.is_ascii_digit()) {
        format!("T{joined}")
    } else {
        joined
    }
}

/// Enum variant names for string values: PascalCase, unique, never `Unknown`
/// (that is the catch-all case) and never a keyword.
pub fn variant_names(values: &[String]) -> Vec<String> {
    let mut used: BTreeMap<String, usize> = BTreeMap::new();
    values
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let cleaned: String = v
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
                .collect();
            let mut name = cleaned.to_pascal_case();
            if name.is_empty() {
                name = if v.is_empty() {
                    "Empty".to_string()
                } else {
                    format!("Value{}", i + 1)
                };
            } else if name.starts_with(|c: char| c.is_ascii_digit()) {
                name.insert(0, 'V');
            }
            if name == "Unknown" || name == "Self" {
                name.push_str("Value");
            }
            let n = used.entry(name.clone()).or_default();
            *n += 1;
            if *n > 1 {
                name = format!("{name}{n}");
            }
            name
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn method_names_are_readable() {
        assert_eq!(
            base_method_name("PublishRecordController_getRecord_v2"),
            "publish_record_get_record"
        );
        assert_eq!(
            base_method_name("WorksController_listWorks_v2"),
            "list_works"
        );
        assert_eq!(
            base_method_name("AuthController_getAuthStatus_v2"),
            "get_auth_status"
        );
        assert_eq!(
            base_method_name("AccountsController_list_v2"),
            "accounts_list"
        );
        assert_eq!(
            base_method_name("AccountGroupsController_list_v2"),
            "account_groups_list"
        );
        assert_eq!(
            base_method_name("VideoController_videoGeneration"),
            "video_generation"
        );
        assert_eq!(base_method_name("plainOperation"), "plain_operation");
    }

    #[test]
    fn colliding_names_keep_their_version() {
        let names = method_names([
            "FooController_list_v1",
            "FooController_list_v2",
            "BarController_get",
        ]);
        assert_eq!(names["FooController_list_v1"], "foo_list_v1");
        assert_eq!(names["FooController_list_v2"], "foo_list_v2");
        assert_eq!(names["BarController_get"], "bar_get");
    }

    #[test]
    fn variants_are_unique_identifiers() {
        let values: Vec<String> = [
            "douyin",
            "KWAI",
            "kwai",
            "google_business",
            "unknown",
            "1080p",
            "",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        assert_eq!(
            variant_names(&values),
            [
                "Douyin",
                "Kwai",
                "Kwai2",
                "GoogleBusiness",
                "UnknownValue",
                "V1080p",
                "Empty"
            ]
        );
    }

    #[test]
    fn type_names_keep_pascal_parts() {
        assert_eq!(
            type_name(&["ChannelPublishRecordVo", "accountType"]),
            "ChannelPublishRecordVoAccountType"
        );
        assert_eq!(
            type_name(&["publish_record_get_record", "data"]),
            "PublishRecordGetRecordData"
        );
    }
}
