//! JSON pointers (RFC 6901) and `$ref` fragments.

/// Escape one reference token for a JSON pointer (RFC 6901).
pub fn escape_pointer_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Undo [`escape_pointer_token`].
pub fn unescape_pointer_token(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// Join reference tokens into a JSON pointer.
pub fn pointer(tokens: &[&str]) -> String {
    tokens
        .iter()
        .map(|t| format!("/{}", escape_pointer_token(t)))
        .collect()
}

/// The JSON pointer a local `$ref` (`#/...`) names, percent-decoded (a `$ref`
/// is a URI fragment); `None` for a reference to another document.
pub fn ref_pointer(target: &str) -> Option<String> {
    target.strip_prefix('#').map(percent_decode)
}

fn percent_decode(ptr: &str) -> String {
    let bytes = ptr.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            // Hex digits are ASCII: read them as bytes, never slice the
            // `str` (a `%` before a multi-byte character is no boundary).
            if let (Some(hi), Some(lo)) = (hex_digit(bytes[i + 1]), hex_digit(bytes[i + 2])) {
                out.push(hi << 4 | lo);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| ptr.to_string())
}

fn hex_digit(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_escaped_and_refs_decoded() {
        assert_eq!(
            pointer(&["paths", "/a/{id}", "get"]),
            "/paths/~1a~1{id}/get"
        );
        assert_eq!(escape_pointer_token("a~b/c"), "a~0b~1c");
        assert_eq!(unescape_pointer_token("a~0b~1c"), "a~b/c");
        assert_eq!(
            ref_pointer("#/components/schemas/A%20B").as_deref(),
            Some("/components/schemas/A B")
        );
        assert_eq!(ref_pointer("other.json#/x"), None);
    }

    #[test]
    fn percent_before_a_multi_byte_character_is_kept_not_a_panic() {
        assert_eq!(
            ref_pointer("#/components/schemas/%é").as_deref(),
            Some("/components/schemas/%é")
        );
        assert_eq!(
            ref_pointer("#/components/schemas/a%2é").as_deref(),
            Some("/components/schemas/a%2é")
        );
        assert_eq!(ref_pointer("#/x/%C3%A9").as_deref(), Some("/x/é"));
    }
}
