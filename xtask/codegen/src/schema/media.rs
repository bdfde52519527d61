//! Media types, as the generator tells them apart.

/// `application/json`, with or without parameters.
pub fn is_json_media(media: &str) -> bool {
    media == "application/json" || media.starts_with("application/json;")
}

/// `text/event-stream` (server-sent events), with or without parameters.
pub fn is_event_stream_media(media: &str) -> bool {
    media.starts_with("text/event-stream")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_do_not_change_the_kind() {
        assert!(is_json_media("application/json; charset=utf-8"));
        assert!(!is_json_media("application/jsonl"));
        assert!(is_event_stream_media("text/event-stream;charset=utf-8"));
    }
}
