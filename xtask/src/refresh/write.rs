//! Writing a refreshed set into the openapi root: each language's spec at
//! `<root>/<lang>/aitoearn.openapi.json`, and the spec of every language no
//! longer published removed (its directory too when nothing else is in it;
//! other files, such as the surface listing, are never touched).
//!
//! Every new file is first staged beside its target (a temporary file,
//! flushed); only when all are staged are they renamed into place, then the
//! removals made. A failure while staging removes what was staged and
//! leaves the root as it was.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::LanguageOutcome;
use crate::canonical::stage;
use crate::error::{Error, Result};
use crate::paths::SPEC_FILE;

/// What writing a set changes under the root.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Every language of the new set, whether its bytes change.
    pub languages: Vec<LanguageOutcome>,
    /// Languages whose spec is on disk but not in the new set, with the file.
    pub removed: Vec<(String, PathBuf)>,
    /// The current text of each language's spec, where there is one.
    pub previous: BTreeMap<String, String>,
    writes: Vec<(PathBuf, String)>,
}

impl Plan {
    /// Whether applying the plan changes anything.
    pub fn changes(&self) -> bool {
        !self.writes.is_empty() || !self.removed.is_empty()
    }
}

/// Compare `texts` (canonical spec text by language) with what `root` holds.
pub fn plan(root: &Path, texts: &BTreeMap<String, String>) -> Result<Plan> {
    let mut plan = Plan {
        languages: Vec::new(),
        removed: Vec::new(),
        previous: BTreeMap::new(),
        writes: Vec::new(),
    };
    for (lang, text) in texts {
        let path = root.join(lang).join(SPEC_FILE);
        let old = read_optional(&path)?;
        let changed = old.as_deref() != Some(text.as_str());
        if changed {
            plan.writes.push((path.clone(), text.clone()));
        }
        if let Some(old) = old {
            plan.previous.insert(lang.clone(), old);
        }
        plan.languages.push(LanguageOutcome {
            lang: lang.clone(),
            path,
            changed,
        });
    }
    for (lang, path) in published(root)? {
        if !texts.contains_key(&lang) {
            plan.removed.push((lang, path));
        }
    }
    Ok(plan)
}

/// The languages with a spec under `root` (`<root>/<lang>/aitoearn.openapi.json`,
/// `<lang>` a language tag), sorted.
pub fn published(root: &Path) -> Result<Vec<(String, PathBuf)>> {
    if !root.is_dir() {
        return Ok(Vec::new());
    }
    let dirs = aitoearn_codegen::languages::language_dirs(root)?;
    Ok(dirs
        .into_iter()
        .map(|(lang, dir)| (lang, dir.join(SPEC_FILE)))
        .filter(|(_, file)| file.is_file())
        .collect())
}

/// Apply `plan`: stage every write, rename them into place, then remove the
/// specs of languages no longer published (and their directories if empty).
pub fn apply(plan: &Plan) -> Result<()> {
    let mut staged: Vec<(PathBuf, &Path)> = Vec::new();
    for (path, text) in &plan.writes {
        match stage(path, text.as_bytes()) {
            Ok(tmp) => staged.push((tmp, path)),
            Err(e) => {
                for (tmp, _) in &staged {
                    let _ = std::fs::remove_file(tmp);
                }
                return Err(e);
            }
        }
    }
    for (i, (tmp, path)) in staged.iter().enumerate() {
        if let Err(e) = std::fs::rename(tmp, path) {
            for (tmp, _) in &staged[i..] {
                let _ = std::fs::remove_file(tmp);
            }
            return Err(Error::io(*path, e));
        }
    }
    for (_, file) in &plan.removed {
        std::fs::remove_file(file).map_err(|e| Error::io(file, e))?;
        if let Some(dir) = file.parent() {
            let empty = std::fs::read_dir(dir)
                .map_err(|e| Error::io(dir, e))?
                .next()
                .is_none();
            if empty {
                std::fs::remove_dir(dir).map_err(|e| Error::io(dir, e))?;
            }
        }
    }
    Ok(())
}

fn read_optional(path: &Path) -> Result<Option<String>> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::io(path, e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_changed_languages_and_removes_unlisted_ones_but_nothing_else() {
        let root = tempfile::tempdir().unwrap();
        let root = root.path();
        for lang in ["zh", "en", "fr"] {
            std::fs::create_dir_all(root.join(lang)).unwrap();
            std::fs::write(root.join(lang).join(SPEC_FILE), format!("{lang}\n")).unwrap();
        }
        std::fs::write(root.join("fr/notes.txt"), "kept").unwrap();
        std::fs::create_dir_all(root.join("not a tag")).unwrap();
        let texts: BTreeMap<String, String> = [("zh", "zh\n"), ("pt-BR", "pt\n")]
            .into_iter()
            .map(|(l, t)| (l.to_string(), t.to_string()))
            .collect();
        let plan = plan(root, &texts).unwrap();
        let changed: Vec<(&str, bool)> = plan
            .languages
            .iter()
            .map(|l| (l.lang.as_str(), l.changed))
            .collect();
        assert_eq!(changed, [("pt-BR", true), ("zh", false)]);
        let removed: Vec<&str> = plan.removed.iter().map(|(l, _)| l.as_str()).collect();
        assert_eq!(removed, ["en", "fr"]);
        assert_eq!(plan.previous.keys().collect::<Vec<_>>(), ["zh"]);
        apply(&plan).unwrap();
        assert_eq!(
            std::fs::read_to_string(root.join("pt-BR").join(SPEC_FILE)).unwrap(),
            "pt\n"
        );
        assert!(!root.join("en").exists(), "emptied directory removed");
        assert!(!root.join("fr").join(SPEC_FILE).exists());
        assert_eq!(
            std::fs::read_to_string(root.join("fr/notes.txt")).unwrap(),
            "kept"
        );
        assert!(root.join("not a tag").is_dir());
    }
}
