//! The byte span of a JSON path (`actions[3].connection.nextActionId`) in a
//! flow file's text, so that a warning's report shows the place it is about.
//! A small forward scanner: no allocation per value, no recursion.

/// One step of a path.
enum Segment<'a> {
    Key(&'a str),
    Index(usize),
}

fn segments(path: &str) -> Vec<Segment<'_>> {
    let mut out = Vec::new();
    for part in path.split('.') {
        let (key, mut rest) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if !key.is_empty() && key != "$" {
            out.push(Segment::Key(key));
        }
        while let Some(stripped) = rest.strip_prefix('[') {
            let Some(end) = stripped.find(']') else { break };
            if let Ok(i) = stripped[..end].parse() {
                out.push(Segment::Index(i));
            }
            rest = &stripped[end + 1..];
        }
    }
    out
}

fn skip_ws(bytes: &[u8], mut pos: usize) -> usize {
    while pos < bytes.len() && bytes[pos].is_ascii_whitespace() {
        pos += 1;
    }
    pos
}

/// The end of the string starting at `pos` (its opening quote).
fn string_end(bytes: &[u8], mut pos: usize) -> usize {
    pos += 1;
    while pos < bytes.len() {
        match bytes[pos] {
            b'\\' => pos += 2,
            b'"' => return pos + 1,
            _ => pos += 1,
        }
    }
    bytes.len()
}

/// The end of the value starting at `pos`.
fn value_end(bytes: &[u8], pos: usize) -> usize {
    match bytes.get(pos) {
        Some(b'"') => string_end(bytes, pos),
        Some(b'{' | b'[') => {
            let mut depth = 0usize;
            let mut p = pos;
            while p < bytes.len() {
                match bytes[p] {
                    b'"' => {
                        p = string_end(bytes, p);
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth = depth.saturating_sub(1);
                        if depth == 0 {
                            return p + 1;
                        }
                    }
                    _ => {}
                }
                p += 1;
            }
            bytes.len()
        }
        _ => {
            let mut p = pos;
            while p < bytes.len() && !matches!(bytes[p], b',' | b'}' | b']') && !bytes[p].is_ascii_whitespace() {
                p += 1;
            }
            p
        }
    }
}

/// The start of member `key` of the object at `pos`, or of element `index`
/// of the array at `pos`.
fn child(bytes: &[u8], pos: usize, segment: &Segment<'_>) -> Option<usize> {
    let mut p = skip_ws(bytes, pos + 1);
    let mut index = 0;
    loop {
        if matches!(bytes.get(p), Some(b'}' | b']') | None) {
            return None;
        }
        match (bytes[pos], segment) {
            (b'{', Segment::Key(key)) => {
                let key_end = string_end(bytes, p);
                let name = bytes.get(p + 1..key_end.saturating_sub(1))?;
                p = skip_ws(bytes, key_end);
                p = skip_ws(bytes, p + 1); // the colon
                if name == key.as_bytes() {
                    return Some(p);
                }
            }
            (b'[', Segment::Index(i)) => {
                if index == *i {
                    return Some(p);
                }
                index += 1;
            }
            _ => return None,
        }
        p = skip_ws(bytes, value_end(bytes, p));
        if bytes.get(p) == Some(&b',') {
            p = skip_ws(bytes, p + 1);
        }
    }
}

/// The span of the value at `path`, or of the deepest value found on the way.
pub fn locate(text: &str, path: &str) -> (usize, usize) {
    let bytes = text.as_bytes();
    let mut pos = skip_ws(bytes, 0);
    for segment in segments(path) {
        match child(bytes, pos, &segment) {
            Some(next) => pos = next,
            None => break,
        }
    }
    let end = value_end(bytes, pos).max(pos);
    // A whole object or array is marked by its first line only.
    let end = match bytes.get(pos) {
        Some(b'{' | b'[') => pos + 1,
        _ => end,
    };
    (pos.min(bytes.len()), end.min(bytes.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_find_their_values() {
        let text =
            r#"{"a": 1, "actions": [{"x": {"k": "v"}}, {"connection": {"edgeType": "S", "nextActionId": "9"}}]}"#;
        let (s, e) = locate(text, "actions[1].connection.nextActionId");
        assert_eq!(&text[s..e], "\"9\"");
        let (s, e) = locate(text, "actions[0].x.k");
        assert_eq!(&text[s..e], "\"v\"");
        let (s, _) = locate(text, "$");
        assert_eq!(s, 0);
        // A path that leaves the text stops at the deepest value found.
        let (s, e) = locate(text, "actions[7].y");
        assert_eq!(&text[s..e], "[");
    }

    #[test]
    fn truncated_text_never_panics() {
        let text = r#"{"actions": [{"connection": {"nextActionId": "9"#;
        for cut in 0..text.len() {
            let _ = locate(&text[..cut], "actions[0].connection.nextActionId");
        }
    }
}
