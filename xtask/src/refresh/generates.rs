//! The generator check: the candidate set of specs goes through the one way
//! the build goes. It is written into a temporary directory in the language
//! layout (`<tmp>/<lang>/aitoearn.openapi.json`) beside copies of the
//! openapi root's lock files, and `aitoearn_codegen::generate_dir` runs on it
//! (3.1 dialect pass, language variants, method lock, panic guard), so a
//! refresh never writes a set the SDK cannot be built from.

use std::collections::BTreeMap;
use std::path::Path;

use aitoearn_codegen::{CodegenError, Locks};

use crate::error::{Error, Result};
use crate::paths::SPEC_FILE;

/// Generate from `texts` (canonical spec text by language) with the lock
/// files of `root`. Returns the generator's warnings as `build.rs` prints
/// them (`spec normalization: <lang>/<file>#<pointer>: <message>`).
pub fn check(texts: &BTreeMap<String, String>, root: &Path) -> Result<Vec<String>> {
    let tmp = tempfile::Builder::new()
        .prefix("aitoearn-refresh-")
        .tempdir()
        .map_err(|e| Error::io(std::env::temp_dir(), e))?;
    let dir = tmp.path();
    for (lang, text) in texts {
        let lang_dir = dir.join(lang);
        std::fs::create_dir_all(&lang_dir).map_err(|e| Error::io(&lang_dir, e))?;
        let file = lang_dir.join(SPEC_FILE);
        std::fs::write(&file, text).map_err(|e| Error::io(&file, e))?;
    }
    // The openapi root's name locks, copied beside the candidate set when present.
    for lock in Locks::FILES {
        let from = root.join(lock);
        match std::fs::copy(&from, dir.join(lock)) {
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(Error::io(&from, e)),
        }
    }
    let failure = match aitoearn_codegen::generate_dir(dir, None) {
        Ok(generated) => {
            return Ok(generated
                .normalized
                .warnings
                .iter()
                .map(|w| w.build_line(dir))
                .collect())
        }
        Err(e) => e.to_string(),
    };
    // Name files as they will be under the openapi root, not the temporary copy.
    let prefix = format!("{}{}", dir.display(), std::path::MAIN_SEPARATOR);
    let failure = failure
        .replace(&prefix, "")
        .replace(&dir.display().to_string(), ".");
    Err(Error::Spec(CodegenError::new(format!(
        "the SDK cannot be generated from this spec set ({failure}); \
         pass --no-codegen-check to write it anyway"
    ))))
}
