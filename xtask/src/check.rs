//! `cargo xtask check`: the vendored spec is canonical and the surface file and
//! the name locks are current. Cheap enough for every CI run.

use std::path::Path;

use crate::canonical::check_canonical;
use crate::error::{Error, Result};
use crate::paths::SPEC_FILE;
use crate::surface;

/// Check `spec_root` (`openapi/`): every `<lang>/aitoearn.openapi.json` is in
/// canonical form, and `lang`'s surface file and the name locks match the spec. Reports every
/// problem found, not just the first.
pub fn check(spec_root: &Path, lang: &str) -> Result<()> {
    let mut problems = Vec::new();
    let files = aitoearn_codegen::spec::json_files(spec_root)?;
    for path in files
        .iter()
        .filter(|p| p.file_name().is_some_and(|n| n == SPEC_FILE))
    {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        if let Err(e) = check_canonical(path, &text) {
            problems.push(e.to_string());
        }
    }
    if let Err(e) = surface::check(spec_root, lang) {
        problems.push(e.to_string());
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Error::Check(problems))
    }
}
