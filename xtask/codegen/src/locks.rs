//! Every name lock of a spec directory, loaded together: what keeps the
//! names callers use (methods, enum types) fixed whatever upstream adds.

use std::path::Path;

use crate::error::Result;
use crate::method_lock::MethodLock;
use crate::type_lock::TypeLock;

/// The name locks of one spec directory.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Locks {
    /// The method name of each operation ([`MethodLock::FILE`]).
    pub methods: MethodLock,
    /// The enum type names and their aliases ([`TypeLock::FILE`]).
    pub types: TypeLock,
}

impl Locks {
    /// The lock files' names, at the root of the spec directory: whatever
    /// copies a spec directory copies these with it.
    pub const FILES: [&'static str; 2] = [MethodLock::FILE, TypeLock::FILE];

    /// Read both locks from `dir`; a missing file is an empty lock.
    pub fn load(dir: &Path) -> Result<Self> {
        Ok(Self {
            methods: MethodLock::load(dir)?,
            types: TypeLock::load(dir)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_directory_has_empty_locks() {
        let dir = std::env::temp_dir().join("aitoearn-codegen-no-locks-here");
        assert_eq!(Locks::load(&dir).unwrap(), Locks::default());
    }
}
