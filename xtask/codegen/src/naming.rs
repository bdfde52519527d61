//! Names derived mechanically from the spec: SDK method names from
//! operationIds, Rust type names for hoisted schemas, enum variant names.

use std::collections::{BTreeMap, BTreeSet};

use heck::{ToPascalCase, ToSnakeCase};

use crate::ident::rust_ident;
use crate::method_lock::MethodLock;

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

/// The names an operation may take, in order of preference: its base name
/// ([`base_method_name`]), the base name with its version suffix
/// (`foo_list_v2`), the snake-cased operationId, then that with `_2`, `_3`...
/// appended. Each depends on the operationId alone.
pub(crate) fn method_name_candidates(operation_id: &str) -> impl Iterator<Item = String> {
    let base = base_method_name(operation_id);
    let versioned = split_version(operation_id)
        .1
        .map(|v| format!("{base}_{}", v.to_ascii_lowercase()));
    let full = rust_ident(&operation_id.to_snake_case());
    let numbered = {
        let full = full.clone();
        (2..).map(move |n| format!("{full}_{n}"))
    };
    std::iter::once(base)
        .chain(versioned)
        .chain(std::iter::once(full))
        .chain(numbered)
}

/// Method names for a whole set of operationIds, unique, and stable as
/// operations are added:
///
/// 1. an operation listed in `lock` keeps its locked name (when two listed
///    operations claim one name, the first in operationId order keeps it);
/// 2. every other operation, in operationId order, takes the first of its
///    [`method_name_candidates`] that no operation has taken yet.
///
/// So an operation that appears upstream never renames an existing one that
/// the lock lists: the newcomer is the one that gets a suffix. Without a lock,
/// of two operations sharing a base name the one whose operationId sorts
/// first keeps the base name.
pub(crate) fn method_names<'a>(
    ids: impl IntoIterator<Item = &'a str>,
    lock: &MethodLock,
) -> BTreeMap<String, String> {
    let ids: BTreeSet<&str> = ids.into_iter().collect();
    let mut taken: BTreeSet<String> = BTreeSet::new();
    let mut out = BTreeMap::new();
    for id in &ids {
        if let Some(name) = lock.get(id) {
            if taken.insert(name.to_string()) {
                out.insert(id.to_string(), name.to_string());
            }
        }
    }
    for id in ids {
        if out.contains_key(id) {
            continue;
        }
        let name = method_name_candidates(id)
            .find(|c| !taken.contains(c))
            .unwrap_or_else(|| unreachable!("the numbered candidates never run out"));
        taken.insert(name.clone());
        out.insert(id.to_string(), name);
    }
    out
}

/// PascalCase type name from arbitrary words (`ChannelPublishRecordVo` + `accountType`).
pub(crate) fn type_name(parts: &[&str]) -> String {
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
pub(crate) fn variant_names(values: &[String]) -> Vec<String> {
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
    fn without_a_lock_the_first_id_keeps_the_base_name() {
        let names = method_names(
            [
                "FooController_list_v2",
                "FooController_list_v1",
                "BarController_get",
            ],
            &MethodLock::default(),
        );
        assert_eq!(names["FooController_list_v1"], "foo_list");
        assert_eq!(names["FooController_list_v2"], "foo_list_v2");
        assert_eq!(names["BarController_get"], "bar_get");
    }

    #[test]
    fn a_newcomer_never_renames_a_locked_operation() {
        let old = ["FooController_list_v2", "BarController_get"];
        let lock = MethodLock::from_pairs(method_names(old, &MethodLock::default()));
        // `FooController_list_v1` sorts first and shares the base name `foo_list`.
        let new = method_names(
            [
                "FooController_list_v2",
                "BarController_get",
                "FooController_list_v1",
                "BarController_get_v3",
            ],
            &lock,
        );
        assert_eq!(new["FooController_list_v2"], "foo_list");
        assert_eq!(new["BarController_get"], "bar_get");
        assert_eq!(new["FooController_list_v1"], "foo_list_v1");
        assert_eq!(new["BarController_get_v3"], "bar_get_v3");
    }

    #[test]
    fn names_stay_unique_when_suffixes_collide_too() {
        // `a_b_v2`'s versioned name is another operation's base name.
        let names = method_names(
            ["a_b_v2", "aB", "a_b_v2_x", "AController_b_v2"],
            &MethodLock::default(),
        );
        let mut values: Vec<&String> = names.values().collect();
        values.sort();
        values.dedup();
        assert_eq!(values.len(), names.len(), "{names:?}");
    }

    #[test]
    fn a_locked_name_survives_its_rule_changing() {
        let lock = MethodLock::from_pairs([("WorksController_listWorks_v2", "works_list")]);
        let names = method_names(["WorksController_listWorks_v2"], &lock);
        assert_eq!(names["WorksController_listWorks_v2"], "works_list");
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
