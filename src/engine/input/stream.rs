//! The records file read in chunks: `wf run` never holds the whole file, so
//! a large file costs neither its size in memory nor the page faults of a
//! buffer that size.
//!
//! The chunked reader is only a faster way to the same result as
//! [`read_records`](super::read_records) over the whole text: it reads valid
//! records and nothing else. At the first thing it does not expect (a
//! malformed or invalid record, text after the array, a byte that is not
//! UTF-8, a read error) it stops and says how many records it handed over;
//! the caller then reads the whole text the reference way, skipping those,
//! and that names the problem with its line as before.

use std::io::Read;

use super::{InputError, InputProblem, reader};
use crate::engine::records::RecordRef;

/// How a chunked read of the records file ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Streamed {
    /// Every record was handed over and the file ended properly.
    All,
    /// It stopped after handing over this many records: read the whole text
    /// with [`read_records`](super::read_records) and skip them.
    Stopped { delivered: usize },
}

/// Bytes read at a time (records longer than this grow the buffer).
const CHUNK: usize = 1 << 18;

/// Where the reader is in the array.
#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    /// Before `[`.
    Open,
    /// After `[`: a record or `]`.
    FirstRecord,
    /// After `,`: a record.
    Record,
    /// After a record: `,` or `]`.
    CommaOrClose,
    /// After `]`: only whitespace.
    Closed,
}

/// Reads the records file from `source` a chunk at a time, handing each
/// record and its line to `each`, as [`read_records`](super::read_records)
/// does; `file` names the file in the errors of `each`.
pub fn read_records_streaming(
    file: &str,
    mut source: impl Read,
    mut each: impl FnMut(&RecordRef<'_>, usize) -> Result<(), InputProblem>,
) -> Result<Streamed, InputError> {
    let mut buf: Vec<u8> = Vec::with_capacity(CHUNK);
    let mut eof = false;
    let mut state = State::Open;
    let mut line = 1;
    let mut delivered = 0;
    let mut first_chunk = true;
    let stopped = |delivered| Ok(Streamed::Stopped { delivered });
    loop {
        // Top the buffer up to a chunk beyond what is left of the last one;
        // a record longer than that doubles it, so that a huge record is
        // scanned a few times, not once per chunk.
        let want = (buf.len() + CHUNK).max(buf.len() * 2);
        while !eof && buf.len() < want {
            let old = buf.len();
            buf.resize(want, 0);
            match source.read(&mut buf[old..]) {
                Ok(0) => {
                    buf.truncate(old);
                    eof = true;
                }
                Ok(n) => buf.truncate(old + n),
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => buf.truncate(old),
                Err(_) => return stopped(delivered),
            }
        }
        let mut pos = 0;
        if std::mem::take(&mut first_chunk) && buf.starts_with(b"\xef\xbb\xbf") {
            pos = 3;
        }
        let text = match std::str::from_utf8(&buf) {
            Ok(text) => text,
            // A character cut by the end of the chunk waits for the next one.
            Err(e) if e.error_len().is_none() && !eof => std::str::from_utf8(&buf[..e.valid_up_to()]).unwrap_or(""),
            Err(_) => return stopped(delivered),
        };
        let bytes = text.as_bytes();
        let mut record = RecordRef::default();
        loop {
            while let Some(b @ (b' ' | b'\t' | b'\r' | b'\n')) = bytes.get(pos) {
                line += usize::from(*b == b'\n');
                pos += 1;
            }
            let Some(&next) = bytes.get(pos) else {
                break;
            };
            match (state, next) {
                (State::Open, b'[') => state = State::FirstRecord,
                (State::FirstRecord | State::CommaOrClose, b']') => state = State::Closed,
                (State::CommaOrClose, b',') => state = State::Record,
                (State::FirstRecord | State::Record, _) => match reader::read_record(text, pos, &mut record) {
                    Some(end) => {
                        each(&record, line).map_err(|problem| InputError::at(file, line, problem))?;
                        delivered += 1;
                        line += bytes
                            .get(pos..end)
                            .map_or(0, |b| b.iter().filter(|b| **b == b'\n').count());
                        pos = end;
                        state = State::CommaOrClose;
                        continue;
                    }
                    // Perhaps cut by the end of the chunk: read on.
                    None if !eof => break,
                    None => return stopped(delivered),
                },
                _ => return stopped(delivered),
            }
            pos += 1;
        }
        if eof && pos >= bytes.len() {
            let complete = pos == buf.len() && state == State::Closed;
            return if complete {
                Ok(Streamed::All)
            } else {
                stopped(delivered)
            };
        }
        buf.drain(..pos);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reader that gives at most `n` bytes a call, to cut records anywhere.
    struct Trickle<'a> {
        bytes: &'a [u8],
        n: usize,
    }

    impl Read for Trickle<'_> {
        fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
            let n = self.n.min(out.len()).min(self.bytes.len());
            out[..n].copy_from_slice(&self.bytes[..n]);
            self.bytes = &self.bytes[n..];
            Ok(n)
        }
    }

    fn stream(text: &str, n: usize) -> (Result<Streamed, InputError>, Vec<(String, usize)>) {
        let mut seen = Vec::new();
        let source = Trickle {
            bytes: text.as_bytes(),
            n,
        };
        let result = read_records_streaming("r.json", source, |record, line| {
            seen.push((record.id.to_string(), line));
            Ok(())
        });
        (result, seen)
    }

    #[test]
    fn records_arrive_whole_and_with_their_lines_whatever_the_reads() {
        let text = "\u{feff}[\n {\"id\": \"c1\", \"object\": \"contact\", \"properties\": {\"name\": \"Åsa\"}},\n\n {\"id\":\n \"c2\", \"object\": \"contact\"}\n]\n";
        for n in [1, 2, 3, 7, 1000] {
            let (result, seen) = stream(text, n);
            assert_eq!(result, Ok(Streamed::All), "reads of {n}");
            assert_eq!(seen, vec![("c1".into(), 2), ("c2".into(), 4)], "reads of {n}");
        }
        assert_eq!(stream("[]", 1).0, Ok(Streamed::All));
    }

    #[test]
    fn anything_unexpected_stops_after_the_good_records() {
        let good = "{\"id\": \"c1\", \"object\": \"contact\"}";
        for (text, delivered) in [
            (format!("[{good}, {{\"id\": 7}}]"), 1),
            (format!("[{good},]"), 1),
            (format!("[{good}] x"), 1),
            (format!("[{good}"), 1),
            (format!("[{good} {good}]"), 1),
            (good.to_string(), 0),
            (String::from(""), 0),
            (format!("[{good}, {{\"id\": \"c\u{0}\"}}]"), 1),
        ] {
            assert_eq!(stream(&text, 5).0, Ok(Streamed::Stopped { delivered }), "{text}");
        }
        let bad_utf8: &[u8] = b"[{\"id\": \"c\xff\", \"object\": \"contact\"}]";
        let result = read_records_streaming("r.json", bad_utf8, |_, _| Ok(()));
        assert_eq!(result, Ok(Streamed::Stopped { delivered: 0 }));
    }

    #[test]
    fn a_refusal_names_the_line() {
        let text = "[\n{\"id\": \"c1\", \"object\": \"contact\"},\n{\"id\": \"c1\", \"object\": \"contact\"}]";
        let mut ids = std::collections::HashSet::new();
        let err = read_records_streaming("r.json", text.as_bytes(), |record, _| {
            if ids.insert(record.id.to_string()) {
                Ok(())
            } else {
                Err(InputProblem::DuplicateId {
                    id: record.id.to_string(),
                })
            }
        })
        .unwrap_err();
        assert_eq!(err.line, Some(3));
    }
}
