//! The version bump an API change calls for, following Cargo's reading of
//! semver: for `0.y.z` the minor number is the incompatible one
//! (`0.1.3 → 0.2.0` on a breaking change, `0.1.3 → 0.1.4` otherwise) and for
//! `0.0.z` every release is incompatible; from `1.0.0` on a breaking change
//! bumps the major number and an additive one the minor.

use std::fmt;

use crate::error::{Error, Result};

/// A plain `major.minor.patch` version (pre-release versions are refused).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Version {
    /// Major.
    pub major: u64,
    /// Minor.
    pub minor: u64,
    /// Patch.
    pub patch: u64,
}

impl std::str::FromStr for Version {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        let bad = || Error::Usage(format!("version `{s}` is not a plain MAJOR.MINOR.PATCH"));
        let parts: Vec<u64> = s
            .split('.')
            .map(|p| p.parse().map_err(|_| bad()))
            .collect::<Result<_>>()?;
        match parts[..] {
            [major, minor, patch] => Ok(Self {
                major,
                minor,
                patch,
            }),
            _ => Err(bad()),
        }
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

/// The next version and why.
pub fn bump(current: Version, breaking: bool) -> (Version, &'static str) {
    let Version {
        major,
        minor,
        patch,
    } = current;
    match (major, minor, breaking) {
        (0, 0, _) => (
            Version {
                patch: patch + 1,
                ..current
            },
            "0.0.z: every release is incompatible, so the patch number moves",
        ),
        (0, _, true) => (
            Version {
                minor: minor + 1,
                patch: 0,
                ..current
            },
            "breaking change in a 0.y crate: Cargo treats the minor number as incompatible",
        ),
        (0, _, false) => (
            Version {
                patch: patch + 1,
                ..current
            },
            "compatible change in a 0.y crate: patch bump",
        ),
        (_, _, true) => (
            Version {
                major: major + 1,
                minor: 0,
                patch: 0,
            },
            "breaking change: major bump",
        ),
        (_, _, false) => (
            Version {
                minor: minor + 1,
                patch: 0,
                ..current
            },
            "compatible API addition: minor bump",
        ),
    }
}

/// The `[package] version` of a Cargo manifest.
pub fn manifest_version(manifest: &str) -> Result<Version> {
    let (_, value) = package_version_line(manifest)
        .ok_or_else(|| Error::Usage("no `version` in the manifest's [package]".into()))?;
    value.parse()
}

/// The manifest with its `[package] version` set to `version`; every other byte kept.
pub fn set_manifest_version(manifest: &str, version: Version) -> Result<String> {
    let (line, value) = package_version_line(manifest)
        .ok_or_else(|| Error::Usage("no `version` in the manifest's [package]".into()))?;
    let mut out = String::with_capacity(manifest.len());
    for (i, l) in manifest.split_inclusive('\n').enumerate() {
        if i == line {
            out.push_str(&l.replacen(&format!("\"{value}\""), &format!("\"{version}\""), 1));
        } else {
            out.push_str(l);
        }
    }
    Ok(out)
}

/// (line index, version string) of `version = "..."` inside `[package]`.
fn package_version_line(manifest: &str) -> Option<(usize, String)> {
    let mut in_package = false;
    for (i, line) in manifest.split_inclusive('\n').enumerate() {
        let t = line.trim();
        if t.starts_with('[') {
            in_package = t == "[package]";
            continue;
        }
        if !in_package {
            continue;
        }
        let Some(rest) = t.strip_prefix("version") else {
            continue;
        };
        let rest = rest.trim_start();
        let Some(rest) = rest.strip_prefix('=') else {
            continue;
        };
        let value = rest.trim().strip_prefix('"')?.split('"').next()?;
        return Some((i, value.to_string()));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Version {
        s.parse().unwrap()
    }

    #[test]
    fn bumps_follow_cargo_semver() {
        assert_eq!(bump(v("0.1.3"), true).0, v("0.2.0"));
        assert_eq!(bump(v("0.1.3"), false).0, v("0.1.4"));
        assert_eq!(bump(v("0.0.3"), true).0, v("0.0.4"));
        assert_eq!(bump(v("1.2.3"), true).0, v("2.0.0"));
        assert_eq!(bump(v("1.2.3"), false).0, v("1.3.0"));
        assert!("1.0.0-alpha".parse::<Version>().is_err());
        assert!("1.0".parse::<Version>().is_err());
    }

    #[test]
    fn only_the_package_version_changes() {
        let m = "[workspace.package]\nversion = \"9.9.9\"\n\n[package]\nname = \"aitoearn\"\nversion = \"0.1.0\"\n\n[dependencies]\nserde = { version = \"1\" }\n";
        assert_eq!(manifest_version(m).unwrap(), v("0.1.0"));
        let out = set_manifest_version(m, v("0.2.0")).unwrap();
        assert_eq!(out, m.replace("version = \"0.1.0\"", "version = \"0.2.0\""));
        assert!(manifest_version("[package]\nname = \"x\"\n").is_err());
    }
}
