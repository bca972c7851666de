//! The two readers of the records file agree: the hand-written chunked
//! reader (`read_records_streaming`) and serde's streaming `DeserializeSeed`
//! (`read_records_serde`, and its in-memory form) hand over the same records
//! in the same order and stop at the same record, on the generated inputs of
//! the benches, on every records file of the tests and examples, and on
//! tricky and invalid texts. (The two trace writers are held together in
//! `tests/run.rs`, `jsonl_writers_agree`.)

#[path = "../benches/inputs.rs"]
mod inputs;

use std::path::PathBuf;

use wf::engine::input::{self, Streamed};
use wf::engine::{NewRecord, RecordStore};

/// What a reader handed over, owned, and how it ended.
type Read = (Vec<NewRecord>, Streamed);

fn hand(text: &[u8]) -> Read {
    let mut out = Vec::new();
    let end = input::read_records_streaming("r.json", text, |record, _| {
        out.push(record.to_new_record());
        Ok(())
    })
    .expect("nothing is refused");
    (out, end)
}

fn serde_streaming(text: &[u8]) -> Read {
    let mut out = Vec::new();
    let end = input::read_records_serde(text, |record| {
        out.push(record.to_new_record());
        Ok(())
    });
    (out, end)
}

fn serde_text(text: &str) -> Read {
    let mut out = Vec::new();
    let end = input::read_records_serde_text(text, |record| {
        out.push(record.to_new_record());
        Ok(())
    });
    (out, end)
}

fn assert_agree(text: &str, what: &str) -> Read {
    let expected = hand(text.as_bytes());
    assert_eq!(serde_streaming(text.as_bytes()), expected, "{what}");
    assert_eq!(serde_text(text), expected, "{what}");
    expected
}

fn records_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir("tests/inputs/run")
        .expect("the run inputs")
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| path.to_string_lossy().ends_with(".records.json"))
        .collect();
    files.push(PathBuf::from("examples/contacts.json"));
    files.sort();
    files
}

#[test]
fn readers_agree_on_every_records_file() {
    let files = records_files();
    assert!(files.len() > 10, "{files:?}");
    for path in files {
        let text = std::fs::read_to_string(&path).expect("readable");
        let (records, end) = assert_agree(&text, &path.display().to_string());
        assert_eq!(end, Streamed::All, "{}", path.display());
        assert!(!records.is_empty(), "{}", path.display());
    }
}

#[test]
fn readers_agree_on_the_benches_records() {
    let mut text = Vec::new();
    inputs::write_records(&mut text, 20_000).expect("writing to memory works");
    let text = String::from_utf8(text).expect("UTF-8");
    let (records, end) = assert_agree(&text, "generated");
    assert_eq!((records.len(), end), (20_000, Streamed::All));
}

#[test]
fn both_readers_fill_the_same_store() {
    let mut text = Vec::new();
    inputs::write_records(&mut text, 2_000).expect("writing to memory works");
    let fill = |serde: bool| {
        let mut store = RecordStore::new([]);
        let mut add = |record: &wf::engine::RecordRef<'_>| {
            store.create_ref(record).expect("unique ids");
            Ok::<(), input::InputProblem>(())
        };
        let end = if serde {
            input::read_records_serde(&text[..], &mut add)
        } else {
            input::read_records_streaming("r.json", &text[..], |record, _| add(record)).expect("read")
        };
        assert_eq!(end, Streamed::All);
        let rows: Vec<String> = store.iter().map(|(idx, record)| format!("{idx} {record:?}")).collect();
        rows
    };
    let hand = fill(false);
    assert_eq!(hand.len(), 2_000);
    assert_eq!(fill(true), hand);
}

#[test]
fn readers_agree_on_tricky_and_invalid_texts() {
    let good = r#"{"id": "c1", "object": "contact"}"#;
    let texts = [
        // Valid: escapes, numbers as serde_json reads them, nulls, associations, a BOM.
        r#"[{"id":"c\u00e9\n","object":"contact","properties":{"x":-0,"y":1.5e3,"z":12345678901234567890,"w":0.1,"n":null,"b":false,"s":"tab\there"}}]"#.to_string(),
        r#"[{"object":"company","id":"co1","associations":{"contact":["c1","c2"],"deal":[]},"properties":null}]"#.to_string(),
        r#"[{"id":"c1","object":"contact","associations":null,"properties":{"a":1,"a":2}}]"#.to_string(),
        format!("\u{feff}[\n {good},\n\n {good} ]\n"),
        "[]".to_string(),
        " [ ] ".to_string(),
        // Invalid: each stops where the hand-written reader stops.
        format!("[{good}, {{\"id\": 7}}]"),
        format!("[{good},]"),
        format!("[{good}] x"),
        format!("[{good}"),
        format!("[{good} {good}]"),
        good.to_string(),
        String::new(),
        format!("[{good}, {{\"id\": \"c\u{0}\"}}]"),
        format!("[{good}, {{}}]"),
        format!("[{good}, {{\"id\": \"c2\"}}]"),
        format!("[{good}, {{\"id\": \"\", \"object\": \"contact\"}}]"),
        format!("[{good}, {{\"id\": \"c2\", \"object\": \"contact\", \"id\": \"c3\"}}]"),
        format!("[{good}, {{\"id\": \"c2\", \"object\": \"contact\", \"extra\": 1}}]"),
        format!("[{good}, {{\"id\": \"c2\", \"object\": \"contact\", \"properties\": {{\"a\": [1]}}}}]"),
        format!("[{good}, {{\"id\": \"c2\", \"object\": \"contact\", \"properties\": {{\"a\": 01}}}}]"),
        format!("[{good}, {{\"id\": \"c2\", \"object\": \"contact\", \"properties\": 3}}]"),
        format!(
            "[{good}, {{\"id\": \"c2\", \"object\": \"contact\", \"associations\": {{\"a\": [\"x\"], \"a\": [\"y\"]}}}}]"
        ),
        format!("[{good}, {{\"id\": \"c2\", \"object\": \"contact\", \"associations\": {{\"a\": [7]}}}}]"),
        format!("[{good}, \"c2\"]"),
        "[1]".to_string(),
    ];
    for text in &texts {
        assert_agree(text, text);
    }
    let bad_utf8: &[u8] = b"[{\"id\": \"c\xff\", \"object\": \"contact\"}]";
    assert_eq!(serde_streaming(bad_utf8), hand(bad_utf8));
}

#[test]
fn a_refused_record_stops_the_serde_reader_before_it() {
    let text = "[{\"id\": \"c1\", \"object\": \"contact\"},\n{\"id\": \"c1\", \"object\": \"contact\"}]";
    let mut store = RecordStore::new([]);
    let end = input::read_records_serde(text.as_bytes(), |record| {
        store
            .create_ref(record)
            .map(|_| ())
            .ok_or_else(|| input::InputProblem::DuplicateId {
                id: record.id.to_string(),
            })
    });
    assert_eq!(end, Streamed::Stopped { delivered: 1 });
}
