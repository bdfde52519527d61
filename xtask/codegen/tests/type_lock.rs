//! The repository's type-name lock keeps every enum type callers use a type
//! of its own when a real upstream release (`../shared/upstream`, Chinese
//! variant) adds places with the same value sets. Skipped, with the reason,
//! when the snapshot is absent.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use aitoearn_codegen::normalize::normalize;
use aitoearn_codegen::{Locks, TypeLock};
use common::{alias_map, repo_root, shared, SpecDir};

/// The upstream Chinese spec with the repository's name locks beside it, as
/// a spec directory: `<tmp>/zh/aitoearn.openapi.json` and the lock files.
fn upstream_with_repo_locks(upstream: &Path) -> SpecDir {
    let text = std::fs::read_to_string(upstream.join("zh/aitoearn.openapi.json"))
        .expect("read the upstream spec");
    let dir = SpecDir::new(&serde_json::from_str(&text).expect("the upstream spec is JSON"));
    for lock in Locks::FILES {
        std::fs::copy(repo_root().join("openapi").join(lock), dir.dir.join(lock))
            .expect("copy a lock file");
    }
    dir
}

/// The open enums (macro invocations, named by their first identifier) and
/// the type aliases (`pub type X = Y;`) of a generated `open_enums.rs`.
fn items(source: &str) -> (BTreeSet<String>, BTreeSet<String>) {
    let file = syn::parse_file(source).expect("open_enums.rs parses");
    let mut macros = BTreeSet::new();
    let mut type_aliases = BTreeSet::new();
    for item in file.items {
        match item {
            syn::Item::Macro(m) => macros.extend(m.mac.tokens.into_iter().find_map(|t| match t {
                proc_macro2::TokenTree::Ident(i) => Some(i.to_string()),
                _ => None,
            })),
            syn::Item::Type(t) => {
                type_aliases.insert(t.ident.to_string());
            }
            _ => {}
        }
    }
    (macros, type_aliases)
}

#[test]
fn locked_enum_types_stay_types_on_the_upstream_release() {
    let Some(upstream) = shared("upstream") else {
        eprintln!("skipped: ../shared/upstream is absent (the full upstream spec snapshot)");
        return;
    };
    let dir = upstream_with_repo_locks(&upstream);
    let lock = TypeLock::load(&dir.dir).expect("the repository's type lock parses");
    let standalone: Vec<&str> = lock.types().collect();
    assert!(
        standalone.contains(&"ChannelPublishRecordVoStatus"),
        "the repository's lock lists `ChannelPublishRecordVoStatus` as a type"
    );

    // Without the lock the new places win: the record status becomes an alias.
    let spec = aitoearn_codegen::load_dir(&dir.dir).expect("the upstream spec loads");
    let unlocked = normalize(&spec).expect("the upstream spec normalizes");
    assert_eq!(
        alias_map(&unlocked.enum_aliases).get("ChannelPublishRecordVoStatus"),
        Some(&"ChannelPublicPublishRecordVoStatus")
    );

    let generated = aitoearn_codegen::generate_dir(&dir.dir, None).expect("upstream generates");
    let normalized = &generated.normalized;
    let (macros, type_aliases) = items(
        &generated
            .files
            .iter()
            .find(|f| f.name == "open_enums.rs")
            .expect("open_enums.rs")
            .contents,
    );
    let types: Vec<&str> = normalized
        .open_enums
        .iter()
        .map(|e| e.name.as_str())
        .collect();
    let aliases = alias_map(&normalized.enum_aliases);
    assert_eq!(macros.len(), types.len(), "one macro per open enum");
    // Each locked alias is still an alias of its type, or gone with its
    // place (the work-link operation is not in this release).
    for (alias, target) in lock.aliases() {
        match aliases.get(alias) {
            Some(got) => assert_eq!(*got, target, "`{alias}` changed its type"),
            None => assert!(!types.contains(&alias), "`{alias}` became a type"),
        }
    }
    for name in &standalone {
        assert!(types.contains(name), "`{name}` is not an open enum");
        assert!(!aliases.contains_key(name), "`{name}` is an alias");
        assert!(
            macros.contains(*name) && !type_aliases.contains(*name),
            "`{name}` is not generated as an open enum of its own"
        );
    }
    // The new places with the record status's values are aliases of it.
    assert_eq!(
        aliases.get("ChannelPublicPublishRecordVoStatus"),
        Some(&"ChannelPublishRecordVoStatus")
    );
}
