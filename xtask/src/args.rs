//! A small command-line parser: positionals, `--flag`, `--opt value` and
//! `--opt=value`, with every option declared up front so typos are errors.

use std::collections::BTreeMap;

use crate::error::{Error, Result};

/// Parsed arguments of one command.
#[derive(Debug, Default)]
pub struct Args {
    /// Positional arguments, in order.
    pub positionals: Vec<String>,
    options: BTreeMap<String, String>,
    flags: Vec<String>,
}

impl Args {
    /// Parse `raw` given the options that take a value and the bare flags.
    pub fn parse(raw: &[String], valued: &[&str], flags: &[&str]) -> Result<Self> {
        let mut out = Args::default();
        let mut iter = raw.iter();
        while let Some(arg) = iter.next() {
            let Some(body) = arg.strip_prefix("--") else {
                out.positionals.push(arg.clone());
                continue;
            };
            let (name, inline) = match body.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (body, None),
            };
            if valued.contains(&name) {
                let value = match inline {
                    Some(v) => v,
                    None => iter
                        .next()
                        .cloned()
                        .ok_or_else(|| Error::Usage(format!("`--{name}` needs a value")))?,
                };
                out.options.insert(name.to_string(), value);
            } else if flags.contains(&name) && inline.is_none() {
                out.flags.push(name.to_string());
            } else {
                return Err(Error::Usage(format!("unknown option `{arg}`")));
            }
        }
        Ok(out)
    }

    /// The value of `--name`, if given.
    pub fn value(&self, name: &str) -> Option<&str> {
        self.options.get(name).map(String::as_str)
    }

    /// Whether the bare flag `--name` was given.
    pub fn flag(&self, name: &str) -> bool {
        self.flags.iter().any(|f| f == name)
    }

    /// Exactly `n` positionals, or a usage error naming `what`.
    pub fn expect_positionals(&self, n: usize, what: &str) -> Result<&[String]> {
        if self.positionals.len() != n {
            return Err(Error::Usage(format!("expected {what}")));
        }
        Ok(&self.positionals)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn parses_values_flags_and_positionals() {
        let a = Args::parse(
            &strings(&[
                "old",
                "--format=json",
                "--fail-on-breaking",
                "new",
                "--lang",
                "zh",
            ]),
            &["format", "lang"],
            &["fail-on-breaking"],
        )
        .unwrap();
        assert_eq!(a.positionals, ["old", "new"]);
        assert_eq!(a.value("format"), Some("json"));
        assert_eq!(a.value("lang"), Some("zh"));
        assert!(a.flag("fail-on-breaking"));
        assert!(!a.flag("other"));
        assert!(Args::parse(&strings(&["--nope"]), &[], &[]).is_err());
        assert!(Args::parse(&strings(&["--lang"]), &["lang"], &[]).is_err());
        assert!(a.expect_positionals(1, "one file").is_err());
    }
}
