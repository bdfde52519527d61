//! Property tests of the SSE decoder (`aitoearn::sse::Decoder`): a valid
//! event stream, written with any mix of line ends, comments, fields and an
//! optional BOM, and cut into arbitrary chunks, decodes to the events it was
//! written from; a last block without its blank line is never delivered; and
//! a limit bounds what the decoder holds whatever the input.

use aitoearn::sse::{DecodeError, Decoder, Event};
use proptest::prelude::*;

/// One event as a server would write it.
#[derive(Clone, Debug)]
struct Block {
    comments: Vec<String>,
    event: Option<String>,
    id: Option<String>,
    retry: Option<u64>,
    data: Vec<String>,
}

fn block() -> impl Strategy<Value = Block> {
    (
        prop::collection::vec("[^\r\n]{0,8}", 0..2),
        prop::option::of("[^\r\n]{1,8}"),
        prop::option::of("[^\r\n\0]{1,8}"),
        prop::option::of(any::<u64>()),
        prop::collection::vec("[^\r\n]{0,12}", 1..4),
    )
        .prop_map(|(comments, event, id, retry, data)| Block {
            comments,
            event,
            id,
            retry,
            data,
        })
}

/// The text of a stream, with line ends chosen by `ends` (LF, CR, CR LF).
fn write(blocks: &[Block], ends: &[u8], bom: bool) -> String {
    let mut lines = Vec::new();
    for b in blocks {
        lines.extend(b.comments.iter().map(|c| format!(":{c}")));
        lines.extend(b.event.iter().map(|e| format!("event: {e}")));
        lines.extend(b.id.iter().map(|i| format!("id: {i}")));
        lines.extend(b.retry.iter().map(|r| format!("retry: {r}")));
        lines.extend(b.data.iter().map(|d| format!("data: {d}")));
        lines.push(String::new());
    }
    let mut text = if bom {
        "\u{FEFF}".to_string()
    } else {
        String::new()
    };
    for (i, line) in lines.iter().enumerate() {
        text.push_str(line);
        let end = match ends[i % ends.len()] % 3 {
            // After a CR, an empty line ended by LF would read as one CR LF.
            0 if line.is_empty() && text.ends_with('\r') => "\r",
            0 => "\n",
            1 => "\r",
            _ => "\r\n",
        };
        text.push_str(end);
    }
    text
}

/// The events the rules say `blocks` stand for.
fn expected(blocks: &[Block]) -> Vec<Event> {
    let mut last_id = None;
    blocks
        .iter()
        .map(|b| {
            if b.id.is_some() {
                last_id.clone_from(&b.id);
            }
            let mut e = Event::default();
            e.event.clone_from(&b.event);
            e.data = b.data.join("\n");
            e.id.clone_from(&last_id);
            e.retry = b.retry;
            e
        })
        .collect()
}

/// Decode `bytes` fed in chunks cut at `cuts` (positions, any order).
fn decode(bytes: &[u8], cuts: &[usize], limit: usize) -> Result<Vec<Event>, DecodeError> {
    let mut cuts: Vec<usize> = cuts.iter().map(|c| c % (bytes.len() + 1)).collect();
    cuts.sort_unstable();
    let mut decoder = Decoder::with_limit(limit);
    let mut events = Vec::new();
    let mut start = 0;
    for cut in cuts.into_iter().chain([bytes.len()]) {
        events.extend(decoder.push(&bytes[start..cut])?);
        assert!(decoder.buffered() <= limit);
        start = cut;
    }
    decoder.finish();
    Ok(events)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_chunking_of_a_valid_stream_gives_its_events(
        blocks in prop::collection::vec(block(), 0..6),
        ends in prop::collection::vec(any::<u8>(), 1..8),
        bom in any::<bool>(),
        cuts in prop::collection::vec(any::<usize>(), 0..12),
    ) {
        let text = write(&blocks, &ends, bom);
        let want = expected(&blocks);
        prop_assert_eq!(&aitoearn::sse::parse(&text), &want);
        prop_assert_eq!(decode(text.as_bytes(), &cuts, usize::MAX).unwrap(), want.clone());
        // Byte by byte: the hardest chunking (split CR LF, split BOM, split UTF-8).
        let every: Vec<usize> = (0..text.len()).collect();
        prop_assert_eq!(decode(text.as_bytes(), &every, usize::MAX).unwrap(), want);
    }

    #[test]
    fn a_last_block_without_its_blank_line_is_dropped(
        blocks in prop::collection::vec(block(), 0..4),
        last in block(),
        cuts in prop::collection::vec(any::<usize>(), 0..8),
    ) {
        let mut text = write(&blocks, &[0], false);
        let unfinished = write(std::slice::from_ref(&last), &[0], false);
        // Drop the blank line (and maybe the last line end) of the final block.
        text.push_str(unfinished.trim_end_matches('\n'));
        prop_assert_eq!(decode(text.as_bytes(), &cuts, usize::MAX).unwrap(), expected(&blocks));
    }

    #[test]
    fn the_limit_bounds_memory_on_any_input(
        bytes in prop::collection::vec(any::<u8>(), 0..2048),
        cuts in prop::collection::vec(any::<usize>(), 0..12),
        limit in 1usize..256,
    ) {
        // Either the events, or the size error; never more than `limit` held
        // (`decode` asserts it after every chunk).
        match decode(&bytes, &cuts, limit) {
            Ok(events) => prop_assert!(events.iter().all(|e| e.data.len() <= limit)),
            Err(DecodeError::EventTooLarge { limit: got }) => prop_assert_eq!(got, limit),
            Err(other) => prop_assert!(false, "{other}"),
        }
    }
}
