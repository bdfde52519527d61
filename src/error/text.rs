//! Bounded text from servers: the body snippet an error keeps, and the
//! clipping that keeps `Display` and `Debug` output of an error short.

use std::fmt::{self, Write as _};

/// The most bytes of a response body an error keeps.
pub const SNIPPET_LIMIT: usize = 256;

/// The most bytes of one string (message, request id, reason, `data`) that
/// the `Display` and `Debug` output of an [`Error`](super::Error) shows; longer text is cut
/// on a character boundary and ends with `…`.
pub const TEXT_LIMIT: usize = 512;

/// Shows at most [`TEXT_LIMIT`] bytes of a value's `Display` (or, through
/// `{:?}`, its `Debug`) output, then `…`. Formatting stops at the limit, so a
/// huge value costs no more than the limit to print.
pub(super) struct Clip<T>(pub T);

impl<T: fmt::Display> fmt::Display for Clip<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        clipped(f, |w| write!(w, "{}", self.0))
    }
}

impl<T: fmt::Debug> fmt::Debug for Clip<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        clipped(f, |w| write!(w, "{:?}", self.0))
    }
}

/// Run `write` into `f`, keeping at most [`TEXT_LIMIT`] bytes.
fn clipped(
    f: &mut fmt::Formatter<'_>,
    write: impl FnOnce(&mut Limited<'_, '_>) -> fmt::Result,
) -> fmt::Result {
    let mut out = Limited {
        inner: f,
        left: TEXT_LIMIT,
        cut: false,
    };
    match write(&mut out) {
        Ok(()) => Ok(()),
        Err(_) if out.cut => out.inner.write_str("…"),
        Err(e) => Err(e),
    }
}

/// A writer that passes on a bounded number of bytes, then fails (which
/// stops the formatting that feeds it).
struct Limited<'a, 'b> {
    inner: &'a mut fmt::Formatter<'b>,
    left: usize,
    cut: bool,
}

impl fmt::Write for Limited<'_, '_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        if s.len() <= self.left {
            self.left -= s.len();
            return self.inner.write_str(s);
        }
        let mut end = self.left;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        self.inner.write_str(&s[..end])?;
        self.left = 0;
        self.cut = true;
        Err(fmt::Error)
    }
}

/// The start of a body as text: at most [`SNIPPET_LIMIT`] bytes, cut on a
/// character boundary, invalid UTF-8 shown as U+FFFD, and `…` appended when
/// anything was cut.
pub(crate) fn snippet(body: &[u8]) -> String {
    let cut = &body[..body.len().min(SNIPPET_LIMIT)];
    let mut text = String::from_utf8_lossy(cut).into_owned();
    let mut truncated = body.len() > SNIPPET_LIMIT;
    if truncated {
        // A multi-byte character cut in half at the end decodes as U+FFFD; drop it.
        if let Err(e) = std::str::from_utf8(cut) {
            if e.error_len().is_none() {
                text.pop();
            }
        }
    }
    // Replacement characters take three bytes each: bound the text, not the input.
    if text.len() > SNIPPET_LIMIT {
        let mut end = SNIPPET_LIMIT;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
        truncated = true;
    }
    if truncated {
        text.push('…');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippets_are_bounded_and_valid_text() {
        assert_eq!(snippet(b"short"), "short");
        let long = "好".repeat(200); // 600 bytes
        let s = snippet(long.as_bytes());
        assert!(s.len() <= SNIPPET_LIMIT + '…'.len_utf8());
        assert!(s.ends_with('…'));
        assert!(!s.contains('\u{FFFD}'));
        assert_eq!(snippet(&[0xff, 0xfe]), "\u{FFFD}\u{FFFD}");
        let garbage = snippet(&[0xff; 300]);
        assert!(
            garbage.len() <= SNIPPET_LIMIT + '…'.len_utf8(),
            "{}",
            garbage.len()
        );
    }
}
