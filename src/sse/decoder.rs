//! The incremental `text/event-stream` decoder: bytes in, events out,
//! following the WHATWG rules ("Interpreting an event stream"), with a bound
//! on how much one event may hold.
//!
//! The rules it implements: a UTF-8 BOM at the very start is skipped; lines
//! end with CR LF, LF or CR (also when a CR LF pair is split across chunks);
//! lines starting with `:` are comments; `field: value` loses one space after
//! the colon, and a line without a colon is a field with an empty value;
//! `data` lines are joined with `\n`; `event` sets the type of the next
//! event; `id` sets the last event id (kept for later events, ignored when
//! it contains NUL); `retry` counts only when it is all ASCII digits; a blank
//! line dispatches the event unless no `data` line was seen; unknown fields
//! are ignored; and at the end of the body an event not yet ended by its
//! blank line is discarded.

use super::Event;

/// Why the decoder stopped.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum DecodeError {
    /// One event (or a single line) would hold more than `limit` bytes.
    EventTooLarge {
        /// The configured limit, in bytes.
        limit: usize,
    },
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::EventTooLarge { limit } => {
                write!(
                    f,
                    "a server-sent event is larger than the limit of {limit} bytes"
                )
            }
        }
    }
}

impl std::error::Error for DecodeError {}

/// Incremental SSE decoder: feed it bytes with [`Decoder::push`] as they
/// arrive, take complete events out.
///
/// Memory is bounded: the bytes it holds (the unfinished line plus the
/// fields of the unfinished event) never exceed the limit given to
/// [`Decoder::with_limit`]; a stream that would need more gets
/// [`DecodeError::EventTooLarge`], and the decoder then refuses further input.
pub struct Decoder {
    /// The unfinished line (without its line end).
    line: Vec<u8>,
    /// The pending event's fields.
    data: String,
    has_data: bool,
    event: String,
    retry: Option<u64>,
    /// The last event id; persists across events, as the rules say.
    last_id: String,
    /// Whether the previous byte was a CR (so an LF right after it is not a second line end).
    after_cr: bool,
    /// Bytes of a possible BOM seen at the start (`None` once past it).
    bom: Option<Vec<u8>>,
    limit: usize,
    peak: usize,
    failed: bool,
}

/// Shows sizes, not the (possibly large) buffered text.
impl std::fmt::Debug for Decoder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Decoder")
            .field("buffered", &self.buffered())
            .field("peak_buffered", &self.peak)
            .field("limit", &self.limit)
            .field("failed", &self.failed)
            .finish()
    }
}

impl Default for Decoder {
    fn default() -> Self {
        Self::new()
    }
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

impl Decoder {
    /// A decoder without a size limit (for trusted text such as documented
    /// examples; streams from the network use [`Decoder::with_limit`]).
    pub fn new() -> Self {
        Self::with_limit(usize::MAX)
    }

    /// A decoder that refuses an event (or a line) larger than `limit` bytes.
    pub fn with_limit(limit: usize) -> Self {
        Self {
            line: Vec::new(),
            data: String::new(),
            has_data: false,
            event: String::new(),
            retry: None,
            last_id: String::new(),
            after_cr: false,
            bom: Some(Vec::new()),
            limit,
            peak: 0,
            failed: false,
        }
    }

    /// The per-event limit, in bytes.
    pub fn limit(&self) -> usize {
        self.limit
    }

    /// The bytes held now: the unfinished line plus the unfinished event's fields.
    pub fn buffered(&self) -> usize {
        self.line.len() + self.pending()
    }

    /// The most bytes held at any time since the decoder was made.
    pub fn peak_buffered(&self) -> usize {
        self.peak
    }

    fn pending(&self) -> usize {
        self.data.len() + self.event.len()
    }

    /// Add bytes and return the events they complete. After an error the
    /// decoder holds nothing and refuses further input.
    pub fn push(&mut self, mut bytes: &[u8]) -> Result<Vec<Event>, DecodeError> {
        if self.failed {
            return Err(DecodeError::EventTooLarge { limit: self.limit });
        }
        if let Some(seen) = &mut self.bom {
            // Collect up to three bytes to tell a BOM from text.
            let take = (BOM.len() - seen.len()).min(bytes.len());
            seen.extend_from_slice(&bytes[..take]);
            if BOM.starts_with(seen) && seen.len() < BOM.len() {
                return Ok(Vec::new());
            }
            let seen = self.bom.take().unwrap_or_default();
            bytes = &bytes[take..];
            let mut out = Vec::new();
            if seen != BOM {
                out = self.push_text(&seen)?;
            }
            out.extend(self.push_text(bytes)?);
            return Ok(out);
        }
        self.push_text(bytes)
    }

    fn push_text(&mut self, mut bytes: &[u8]) -> Result<Vec<Event>, DecodeError> {
        let mut out = Vec::new();
        if self.after_cr && !bytes.is_empty() {
            self.after_cr = false;
            if bytes[0] == b'\n' {
                bytes = &bytes[1..];
            }
        }
        while let Some(end) = bytes.iter().position(|b| *b == b'\n' || *b == b'\r') {
            let (head, rest) = bytes.split_at(end);
            self.grow(head)?;
            let line = std::mem::take(&mut self.line);
            if let Some(event) = self.line_done(&line) {
                out.push(event);
            }
            self.line = line;
            self.line.clear();
            self.check()?;
            bytes = match rest {
                [b'\r', b'\n', tail @ ..] => tail,
                [b'\r'] => {
                    self.after_cr = true;
                    &[]
                }
                [_, tail @ ..] => tail,
                [] => &[],
            };
        }
        self.grow(bytes)?;
        Ok(out)
    }

    /// Append to the unfinished line, within the limit.
    fn grow(&mut self, bytes: &[u8]) -> Result<(), DecodeError> {
        if self.buffered().saturating_add(bytes.len()) > self.limit {
            return Err(self.fail());
        }
        self.line.extend_from_slice(bytes);
        self.peak = self.peak.max(self.buffered());
        Ok(())
    }

    fn check(&mut self) -> Result<(), DecodeError> {
        if self.buffered() > self.limit {
            return Err(self.fail());
        }
        self.peak = self.peak.max(self.buffered());
        Ok(())
    }

    fn fail(&mut self) -> DecodeError {
        self.failed = true;
        self.line = Vec::new();
        self.data = String::new();
        self.event = String::new();
        DecodeError::EventTooLarge { limit: self.limit }
    }

    /// Signal the end of the body. Per the rules, an event whose blank line
    /// never came is discarded, so this returns nothing; it resets the
    /// decoder's pending state.
    pub fn finish(&mut self) {
        self.line.clear();
        self.data.clear();
        self.event.clear();
        self.has_data = false;
        self.retry = None;
    }

    /// One complete line (without its line end).
    fn line_done(&mut self, line: &[u8]) -> Option<Event> {
        if line.is_empty() {
            return self.dispatch();
        }
        if line[0] == b':' {
            return None;
        }
        let (field, value) = match line.iter().position(|b| *b == b':') {
            Some(colon) => {
                let value = &line[colon + 1..];
                (&line[..colon], value.strip_prefix(b" ").unwrap_or(value))
            }
            None => (line, &b""[..]),
        };
        let value = String::from_utf8_lossy(value);
        match field {
            b"data" => {
                if self.has_data {
                    self.data.push('\n');
                }
                self.data.push_str(&value);
                self.has_data = true;
            }
            b"event" => self.event = value.into_owned(),
            b"id" if !value.contains('\0') => self.last_id = value.into_owned(),
            b"retry" if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) => {
                // All digits but too large for u64: ignored like any unusable value.
                if let Ok(ms) = value.parse() {
                    self.retry = Some(ms);
                }
            }
            _ => {}
        }
        None
    }

    fn dispatch(&mut self) -> Option<Event> {
        let retry = self.retry.take();
        let event = std::mem::take(&mut self.event);
        if !self.has_data {
            self.data.clear();
            return None;
        }
        self.has_data = false;
        Some(Event {
            event: (!event.is_empty()).then_some(event),
            data: std::mem::take(&mut self.data),
            id: (!self.last_id.is_empty()).then(|| self.last_id.clone()),
            retry,
        })
    }
}

/// Decode a whole SSE text (documented examples, tests). As on the wire, a
/// last event without its blank line is not delivered.
pub fn parse(text: &str) -> Vec<Event> {
    let mut decoder = Decoder::new();
    // Without a limit the decoder cannot fail.
    let events = decoder.push(text.as_bytes()).unwrap_or_default();
    decoder.finish();
    events
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(data: &str) -> Event {
        Event {
            data: data.into(),
            ..Event::default()
        }
    }

    #[test]
    fn the_whatwg_rules() {
        // Line ends: LF, CR, CR LF, mixed.
        for text in [
            "data: a\n\n",
            "data: a\r\r",
            "data: a\r\n\r\n",
            "data: a\r\n\n",
        ] {
            assert_eq!(parse(text), vec![ev("a")], "{text:?}");
        }
        // A BOM at the start is skipped; later it is text.
        assert_eq!(parse("\u{FEFF}data: a\n\n"), vec![ev("a")]);
        assert_eq!(parse("data: \u{FEFF}a\n\n"), vec![ev("\u{FEFF}a")]);
        // Comments, multi-line data, one space removed, a field without a colon.
        assert_eq!(
            parse(": hi\ndata: a\ndata:  b\ndata\n\n"),
            vec![ev("a\n b\n")]
        );
        // No data line: nothing is dispatched, and the type does not leak.
        assert_eq!(parse("event: x\n\ndata: y\n\n"), vec![ev("y")]);
        // An empty data line still makes an event with empty data.
        assert_eq!(parse("data\n\n"), vec![ev("")]);
        // The last event id persists; NUL ids are ignored; an empty id resets.
        let events = parse("id: 1\ndata: a\n\ndata: b\n\nid: x\0y\ndata: c\n\nid\ndata: d\n\n");
        let ids: Vec<_> = events.iter().map(|e| e.id.as_deref()).collect();
        assert_eq!(ids, [Some("1"), Some("1"), Some("1"), None]);
        // retry: digits only.
        let events = parse("retry: 10\ndata: a\n\nretry: 1x\ndata: b\n\nretry: +5\ndata: c\n\n");
        let retries: Vec<_> = events.iter().map(|e| e.retry).collect();
        assert_eq!(retries, [Some(10), None, None]);
        // Event type, unknown fields ignored.
        let events = parse("event: delta\nfoo: bar\ndata: a\n\n");
        assert_eq!(events[0].event.as_deref(), Some("delta"));
        // A final block without its blank line is dropped.
        assert_eq!(parse("data: a\n\ndata: b\n"), vec![ev("a")]);
        assert_eq!(parse("data: a\n\ndata: b"), vec![ev("a")]);
    }

    #[test]
    fn a_cr_lf_split_across_chunks_is_one_line_end() {
        let mut d = Decoder::new();
        assert_eq!(d.push(b"data: a\r").unwrap(), vec![]);
        assert_eq!(d.push(b"\n\r").unwrap(), vec![ev("a")]);
        assert_eq!(d.push(b"\ndata: b\r\r").unwrap(), vec![ev("b")]);
    }

    #[test]
    fn a_bom_split_across_chunks_is_skipped() {
        let mut d = Decoder::new();
        let mut events = Vec::new();
        for chunk in [&b"\xEF"[..], b"\xBB", b"\xBFdata: a\n", b"\n"] {
            events.extend(d.push(chunk).unwrap());
        }
        assert_eq!(events, vec![ev("a")]);
        // Only the first BOM is skipped: a second one is part of the line (an unknown field here).
        assert_eq!(parse("\u{FEFF}\u{FEFF}data: a\n\n"), vec![]);
    }

    #[test]
    fn the_limit_bounds_lines_and_events() {
        let mut d = Decoder::with_limit(16);
        assert_eq!(
            d.push(b"data: 0123456789\n\n").unwrap(),
            vec![ev("0123456789")]
        );
        // An endless line: refused once it passes the limit, never buffered beyond it.
        let mut d = Decoder::with_limit(16);
        let mut result = Ok(Vec::new());
        for _ in 0..100 {
            result = d.push(b"data: xxxx");
            assert!(d.buffered() <= 16);
            if result.is_err() {
                break;
            }
        }
        assert_eq!(result, Err(DecodeError::EventTooLarge { limit: 16 }));
        assert!(d.peak_buffered() <= 16);
        assert_eq!(d.buffered(), 0);
        assert!(d.push(b"\n\n").is_err(), "no input after an error");
        // Many short lines of one event add up.
        let mut d = Decoder::with_limit(16);
        let err = d.push(b"data: 12345\ndata: 12345\ndata: 12345\n");
        assert_eq!(err, Err(DecodeError::EventTooLarge { limit: 16 }));
        // Many small events in one chunk are fine.
        let mut d = Decoder::with_limit(16);
        assert_eq!(d.push(&b"data: 12345\n\n".repeat(100)).unwrap().len(), 100);
    }
}
