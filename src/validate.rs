//! Argument checks run by the request builders before anything is sent:
//! path segments that would change the request path, the length and
//! pattern constraints the spec gives string parameters, and the bounds it
//! gives numeric ones.

use crate::error::{Error, Result};

/// Reject a path parameter value that would change the request path.
///
/// Values are percent-encoded into their segment (so `/`, `?`, `#`, `%` and
/// spaces stay inside it), but an empty segment, `.` and `..` would still be
/// resolved away by URL normalization, and so can never be sent.
pub(crate) fn check_path_segment(parameter: &str, value: &dyn std::fmt::Display) -> Result<()> {
    /// Keeps the first three bytes of what is written and the total length,
    /// so the check needs no allocation.
    struct Head {
        bytes: [u8; 3],
        len: usize,
    }
    impl std::fmt::Write for Head {
        fn write_str(&mut self, s: &str) -> std::fmt::Result {
            for &b in s.as_bytes() {
                if self.len < 3 {
                    self.bytes[self.len] = b;
                }
                self.len += 1;
            }
            Ok(())
        }
    }
    let mut head = Head {
        bytes: [0; 3],
        len: 0,
    };
    // Writing into `Head` cannot fail; a failing Display impl is the caller's bug and reads as empty.
    let _ = std::fmt::write(&mut head, format_args!("{value}"));
    let reason = match &head.bytes[..head.len.min(3)] {
        _ if head.len == 0 => "must not be empty",
        b"." | b".." => "must not be `.` or `..`",
        _ => return Ok(()),
    };
    Err(Error::InvalidArgument {
        parameter: parameter.to_string(),
        reason: reason.to_string(),
    })
}

/// Check a string parameter against the constraints the spec gives it.
#[allow(
    dead_code,
    reason = "a spec without constrained string parameters generates no call"
)]
pub(crate) fn check_string(
    parameter: &str,
    value: Option<&str>,
    min_length: Option<u64>,
    max_length: Option<u64>,
    pattern: Option<&str>,
) -> Result<()> {
    let Some(value) = value else { return Ok(()) };
    let invalid = |reason: String| {
        Err(Error::InvalidArgument {
            parameter: parameter.to_string(),
            reason,
        })
    };
    let len = value.chars().count() as u64;
    if let Some(min) = min_length.filter(|min| len < *min) {
        return invalid(format!(
            "must be at least {min} characters long (got {len})"
        ));
    }
    if let Some(max) = max_length.filter(|max| len > *max) {
        return invalid(format!("must be at most {max} characters long (got {len})"));
    }
    if let Some(pattern) = pattern {
        let regex = regress::Regex::new(pattern).map_err(|e| {
            Error::Config(format!(
                "the spec's pattern for `{parameter}` is not a valid regex: {e}"
            ))
        })?;
        if regex.find(value).is_none() {
            return invalid(format!("must match the pattern {pattern}"));
        }
    }
    Ok(())
}

/// Check a numeric parameter against the spec's bounds, each a value and
/// whether it is exclusive.
#[allow(
    dead_code,
    reason = "a spec without bounded numeric parameters generates no call"
)]
pub(crate) fn check_number(
    parameter: &str,
    value: Option<f64>,
    minimum: Option<(f64, bool)>,
    maximum: Option<(f64, bool)>,
) -> Result<()> {
    let Some(value) = value else { return Ok(()) };
    let reason = match (minimum, maximum) {
        (Some((min, true)), _) if value <= min => {
            format!("must be greater than {min} (got {value})")
        }
        (Some((min, false)), _) if value < min => format!("must be at least {min} (got {value})"),
        (_, Some((max, true))) if value >= max => format!("must be less than {max} (got {value})"),
        (_, Some((max, false))) if value > max => format!("must be at most {max} (got {value})"),
        _ => return Ok(()),
    };
    Err(Error::InvalidArgument {
        parameter: parameter.to_string(),
        reason,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reason(result: Result<()>) -> String {
        match result {
            Err(Error::InvalidArgument { reason, .. }) => reason,
            other => panic!("expected InvalidArgument, got {other:?}"),
        }
    }

    #[test]
    fn numbers_are_held_to_their_bounds() {
        let page = |v| check_number("page", Some(v), Some((1.0, false)), Some((1000.0, false)));
        assert!(page(1.0).is_ok() && page(1000.0).is_ok());
        assert_eq!(reason(page(0.0)), "must be at least 1 (got 0)");
        assert_eq!(reason(page(1001.0)), "must be at most 1000 (got 1001)");
        let positive = check_number("n", Some(0.0), Some((0.0, true)), None);
        assert_eq!(reason(positive), "must be greater than 0 (got 0)");
        assert!(check_number("n", None, Some((1.0, false)), None).is_ok());
    }
}
