//! The fast path of the records file: one record object read straight into a
//! [`RecordRef`] borrowed from the text, with no JSON tree and no allocation
//! for names or strings without escapes.
//!
//! It accepts only records that are valid JSON and valid records (known keys,
//! each once, a non-empty `id` and `object`, scalar properties, associations
//! as arrays of ids) and reads them exactly as the `serde_json` path does:
//! escaped strings and numbers other than small integers go through
//! `serde_json` itself. For anything else it gives up, and the caller reads
//! the same bytes again through `serde_json::Value`, which names the problem.
//! So the two paths agree on every input, and errors keep their words.

use std::borrow::Cow;

use crate::engine::records::{RecordRef, Scalar};

/// Reads the record object that starts at `pos` (after whitespace) into
/// `out`; the position just after it, or `None` to take the slow path.
pub(super) fn read_record<'a>(text: &'a str, pos: usize, out: &mut RecordRef<'a>) -> Option<usize> {
    out.clear();
    let mut r = Reader { text, pos };
    let (mut id, mut object, mut properties, mut associations) = (false, false, false, false);
    r.object(|r, key| {
        let seen = match &*key {
            "id" => &mut id,
            "object" => &mut object,
            "properties" => &mut properties,
            "associations" => &mut associations,
            _ => return None,
        };
        if std::mem::replace(seen, true) {
            return None;
        }
        match &*key {
            "id" => out.id = r.string().filter(|s| !s.is_empty())?,
            "object" => out.object = r.string().filter(|s| !s.is_empty())?,
            "properties" => r.properties(&mut out.properties)?,
            _ => r.associations(&mut out.associations)?,
        }
        Some(())
    })?;
    // `{}` and a record without `id` or `object` are for the slow path to name.
    (id && object).then_some(r.pos)
}

struct Reader<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Reader<'a> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn peek_ws(&mut self) -> Option<u8> {
        self.skip_ws();
        self.peek()
    }

    fn expect(&mut self, byte: u8) -> Option<()> {
        (self.peek()? == byte).then(|| self.pos += 1)
    }

    /// After a member or an element: true at the closing byte, false at `,`.
    fn comma_or_close(&mut self, close: u8) -> Option<bool> {
        match self.peek_ws()? {
            b',' => {
                self.pos += 1;
                Some(false)
            }
            b if b == close => {
                self.pos += 1;
                Some(true)
            }
            _ => None,
        }
    }

    /// A string at the cursor: borrowed without escapes, decoded by
    /// `serde_json` with them.
    fn string(&mut self) -> Option<Cow<'a, str>> {
        let bytes = self.text.as_bytes();
        let open = self.pos;
        if bytes.get(open) != Some(&b'"') {
            return None;
        }
        let mut i = open + 1;
        let mut escaped = false;
        loop {
            match *bytes.get(i)? {
                b'"' => break,
                b'\\' => {
                    escaped = true;
                    i += 2;
                }
                // A raw control character is not JSON.
                0..=0x1f => return None,
                _ => i += 1,
            }
        }
        self.pos = i + 1;
        if escaped {
            let quoted = self.text.get(open..=i)?;
            serde_json::from_str::<String>(quoted).ok().map(Cow::Owned)
        } else {
            self.text.get(open + 1..i).map(Cow::Borrowed)
        }
    }

    /// A JSON number, as `serde_json` reads it: small non-negative integers
    /// here, everything else through `serde_json::Number`.
    fn number(&mut self) -> Option<f64> {
        let bytes = self.text.as_bytes();
        let start = self.pos;
        let mut i = start;
        if bytes.get(i) == Some(&b'-') {
            i += 1;
        }
        let digits = |i: &mut usize| {
            let from = *i;
            while bytes.get(*i).is_some_and(u8::is_ascii_digit) {
                *i += 1;
            }
            *i - from
        };
        let int_start = i;
        let int_digits = digits(&mut i);
        if int_digits == 0 || (int_digits > 1 && bytes.get(int_start) == Some(&b'0')) {
            return None;
        }
        let mut simple = i == int_start + int_digits && start == int_start && int_digits <= 15;
        if bytes.get(i) == Some(&b'.') {
            i += 1;
            if digits(&mut i) == 0 {
                return None;
            }
            simple = false;
        }
        if matches!(bytes.get(i), Some(b'e' | b'E')) {
            i += 1;
            if matches!(bytes.get(i), Some(b'+' | b'-')) {
                i += 1;
            }
            if digits(&mut i) == 0 {
                return None;
            }
            simple = false;
        }
        self.pos = i;
        let slice = self.text.get(start..i)?;
        if simple {
            let n = slice.bytes().fold(0u64, |n, d| n * 10 + u64::from(d - b'0'));
            Some(n as f64)
        } else {
            serde_json::from_str::<serde_json::Number>(slice).ok()?.as_f64()
        }
    }

    fn literal(&mut self, word: &str) -> Option<()> {
        let end = self.pos + word.len();
        (self.text.as_bytes().get(self.pos..end)? == word.as_bytes()).then(|| self.pos = end)
    }

    fn scalar(&mut self) -> Option<Scalar<'a>> {
        Some(match self.peek()? {
            b'"' => Scalar::Str(self.string()?),
            b't' => self.literal("true").map(|()| Scalar::Bool(true))?,
            b'f' => self.literal("false").map(|()| Scalar::Bool(false))?,
            b'n' => self.literal("null").map(|()| Scalar::Null)?,
            b'-' | b'0'..=b'9' => Scalar::Number(self.number()?),
            _ => return None,
        })
    }

    /// An object at the cursor: `value` reads each member's value, the
    /// cursor after the key and `:`.
    fn object(&mut self, mut value: impl FnMut(&mut Self, Cow<'a, str>) -> Option<()>) -> Option<()> {
        self.expect(b'{')?;
        if self.peek_ws()? == b'}' {
            self.pos += 1;
            return Some(());
        }
        loop {
            self.skip_ws();
            let key = self.string()?;
            self.skip_ws();
            self.expect(b':')?;
            self.skip_ws();
            value(self, key)?;
            if self.comma_or_close(b'}')? {
                return Some(());
            }
        }
    }

    /// `null` or an object of scalar values.
    fn properties(&mut self, out: &mut Vec<(Cow<'a, str>, Scalar<'a>)>) -> Option<()> {
        if self.peek()? == b'n' {
            return self.literal("null");
        }
        self.object(|r, name| {
            out.push((name, r.scalar()?));
            Some(())
        })
    }

    /// `null` or an object of arrays of ids, each object type once.
    fn associations(&mut self, out: &mut Vec<(Cow<'a, str>, Vec<Cow<'a, str>>)>) -> Option<()> {
        if self.peek()? == b'n' {
            return self.literal("null");
        }
        self.object(|r, object| {
            if out.iter().any(|(o, _)| *o == object) {
                // A later key replaces an earlier one in `serde_json`'s map.
                return None;
            }
            r.expect(b'[')?;
            let mut ids = Vec::new();
            if r.peek_ws()? == b']' {
                r.pos += 1;
            } else {
                loop {
                    r.skip_ws();
                    ids.push(r.string()?);
                    if r.comma_or_close(b']')? {
                        break;
                    }
                }
            }
            out.push((object, ids));
            Some(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Option<(RecordRef<'_>, usize)> {
        let mut out = RecordRef::default();
        read_record(text, 0, &mut out).map(|end| (out, end))
    }

    #[test]
    fn a_plain_record_is_borrowed() {
        let text = r#"{"id": "c1", "object": "contact", "properties": {"a": 1, "b": "x", "c": null, "d": true}} ,"#;
        let (record, end) = read(text).expect("fast path");
        assert_eq!(&text[end..], " ,");
        assert!(matches!(record.id, Cow::Borrowed("c1")));
        assert_eq!(
            record.properties,
            vec![
                (Cow::Borrowed("a"), Scalar::Number(1.0)),
                (Cow::Borrowed("b"), Scalar::Str(Cow::Borrowed("x"))),
                (Cow::Borrowed("c"), Scalar::Null),
                (Cow::Borrowed("d"), Scalar::Bool(true)),
            ]
        );
    }

    #[test]
    fn escapes_and_numbers_read_as_serde_json_reads_them() {
        let text =
            r#"{"id":"c\u00e9\n","object":"contact","properties":{"x":-0,"y":1.5e3,"z":12345678901234567890,"w":0.1}}"#;
        let (record, _) = read(text).expect("fast path");
        assert_eq!(record.id, "cé\n");
        let json: serde_json::Value = serde_json::from_str(text).expect("valid JSON");
        for (name, value) in &record.properties {
            let expected = crate::value::Value::from_json(&json["properties"][&**name]);
            assert_eq!(value.to_value(), expected, "{name}");
        }
    }

    #[test]
    fn associations_are_read() {
        let text = r#"{"id":"c1","object":"contact","associations":{"company":["co1","co2"],"deal":[]}}"#;
        let (record, _) = read(text).expect("fast path");
        assert_eq!(record.associations.len(), 2);
        assert_eq!(record.associations[0].1, vec!["co1", "co2"]);
        assert!(record.associations[1].1.is_empty());
    }

    #[test]
    fn anything_doubtful_takes_the_slow_path() {
        for text in [
            r#"{}"#,
            r#"{"id":"c1"}"#,
            r#"{"id":"","object":"contact"}"#,
            r#"{"id":"c1","object":"contact","id":"c2"}"#,
            r#"{"id":"c1","object":"contact","extra":1}"#,
            r#"{"id":"c1","object":"contact","properties":{"a":[1]}}"#,
            r#"{"id":"c1","object":"contact","properties":{"a":01}}"#,
            r#"{"id":"c1","object":"contact","properties":{"a":1.}}"#,
            r#"{"id":"c1","object":"contact","properties":{"a":tru}}"#,
            r#"{"id":"c1","object":"contact",}"#,
            "{\"id\":\"c\u{1}\",\"object\":\"contact\"}",
            r#"{"id":"c1","object":"contact","associations":{"a":["x"],"a":["y"]}}"#,
            r#"{"id":"c1","object":"contact""#,
            r#"{"id":7,"object":"contact"}"#,
            r#"["c1"]"#,
        ] {
            assert!(read(text).is_none(), "{text}");
        }
    }
}
