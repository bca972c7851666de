//! Tests of the input formats.

use super::*;

fn records(text: &str) -> Result<Vec<(NewRecord, usize)>, String> {
    let mut out = Vec::new();
    parse_records("r.json", text, |r, line| {
        out.push((r, line));
        Ok(())
    })
    .map_err(|e| e.to_string())?;
    Ok(out)
}

#[test]
fn records_carry_their_lines() {
    let text = "[\n {\"id\": \"c1\", \"object\": \"contact\", \"properties\": {\"score\": 5}},\n\n {\"id\": \"co1\", \"object\": \"company\"}\n]\n";
    let parsed = records(text).expect("valid records");
    assert_eq!(parsed.len(), 2);
    assert_eq!(parsed[0].1, 2);
    assert_eq!(parsed[1].1, 4);
    assert_eq!(parsed[0].0.properties, vec![(Arc::from("score"), Value::Number(5.0))]);
    assert_eq!(records("[]").expect("empty array").len(), 0);
}

#[test]
fn record_problems_name_file_and_line() {
    let err = records("[\n {\"id\": \"c1\", \"object\": \"contact\"},\n {\"object\": \"contact\"}\n]").unwrap_err();
    assert_eq!(err, "`r.json` line 3: a record has no `id`; add it");
    let err = records("[\n {\"id\": \"c1\", \"object\": \"contact\",\n  \"properties\": {\"a\": [1]}}]").unwrap_err();
    assert!(err.starts_with("`r.json` line 2: property `a`"), "{err}");
    let err = records("[\n {\"id\": \"c1\",\n \"object\": }]").unwrap_err();
    assert!(err.starts_with("`r.json` line 3: malformed JSON"), "{err}");
    let err = records("[{\"id\": \"c1\", \"object\": \"contact\"}").unwrap_err();
    assert!(err.contains("not closed"), "{err}");
    let err = records("{}").unwrap_err();
    assert!(err.contains("must be a JSON array"), "{err}");
    let err = records("[{\"id\": \"c1\", \"object\": \"contact\"},]").unwrap_err();
    assert!(err.contains("malformed JSON"), "{err}");
}

#[test]
fn duplicate_ids_are_refused() {
    let mut store = RecordStore::new([]);
    let text = "[{\"id\": \"c1\", \"object\": \"contact\"},\n{\"id\": \"c1\", \"object\": \"contact\"}]";
    let err = load_records("r.json", text, &mut store).unwrap_err();
    assert_eq!(err.line, Some(2));
    assert_eq!(err.problem, InputProblem::DuplicateId { id: "c1".into() });
}

#[test]
fn events_sort_by_instant_then_line_and_validate() {
    let text = concat!(
        "{\"at\": \"2026-12-02T08:00:00Z\", \"record\": \"c1\", \"event\": \"b\"}\n",
        "\n",
        "{\"at\": \"2026-12-01T08:00:00+01:00\", \"create\": {\"id\": \"c1\", \"object\": \"contact\"}}\n",
        "{\"at\": \"2026-12-02T08:00:00Z\", \"delete\": \"c1\"}\n",
    );
    let events = parse_events("e.jsonl", text).expect("valid events");
    assert_eq!(events.iter().map(|e| e.line).collect::<Vec<_>>(), vec![3, 1, 4]);
    let store = RecordStore::new([]);
    let start = parse_instant("2026-11-27T08:00:00Z").expect("instant");
    assert!(validate_events("e.jsonl", &events, &store, start).is_ok());
    let late = parse_instant("2026-12-05T00:00:00Z").expect("instant");
    let err = validate_events("e.jsonl", &events, &store, late).unwrap_err();
    assert_eq!(err.line, Some(3));
    let bad = parse_events(
        "e.jsonl",
        "{\"at\": \"2026-12-02T08:00:00Z\", \"record\": \"c1\", \"event\": \"b\"}",
    )
    .expect("valid line");
    let err = validate_events("e.jsonl", &bad, &store, start).unwrap_err();
    assert!(
        err.to_string().starts_with("`e.jsonl` line 1: no record `c1` exists"),
        "{err}"
    );
}

#[test]
fn event_line_problems() {
    let err = |text: &str| parse_events("e.jsonl", text).unwrap_err().to_string();
    assert!(err("{\"at\": \"soon\", \"delete\": \"c1\"}").contains("not an RFC 3339 instant"));
    assert!(err("{\"at\": \"2026-12-02T08:00:00Z\", \"record\": \"c1\"}").contains("exactly one of"));
    assert!(err("{\"at\": \"2026-12-02T08:00:00Z\", \"delete\": \"c1\", \"x\": 1}").contains("unknown key `x`"));
    assert!(err("\n{\"at\": ").starts_with("`e.jsonl` line 2: malformed JSON"));
}

#[test]
fn mocks_parse_outputs_sequences_and_failures() {
    let text = r#"{"webhook": {"status": 200, "body": "ok"},
                   "custom_code": [{"$error": "HTTP 503", "$retryable": true}, {"tier": "gold"}]}"#;
    let mocks = parse_mocks("m.json", text).expect("valid mocks");
    assert_eq!(mocks.len(), 2);
    let code = &mocks.iter().find(|(a, _)| a == "custom_code").expect("custom_code").1;
    assert_eq!(
        code.responses[0],
        MockResponse::Failure {
            message: "HTTP 503".into(),
            retryable: true
        }
    );
    assert!(parse_mocks("m.json", "{\"webhook\": 3}").is_err());
    assert!(parse_mocks("m.json", "[]").is_err());
}

#[test]
fn the_fast_reader_agrees_with_serde_json() {
    // Records of every shape the fast path reads, and some it leaves to the
    // slow path (a key twice): the result must be what `serde_json` gives.
    let text = r#"[
      {"id": "c1", "object": "contact", "properties": {"score": 5, "name": "Ann", "vip": true, "gone": null}},
      { "object" : "company" , "id" : "co\"1\"" , "properties" : { "é\u00e9" : "tab\there" , "n" : -12.5e-1 } },
      {"id":"c2","object":"contact","properties":{"big":123456789012345678901234,"z":0,"neg":-0,"f":0.1}},
      {"id":"c3","object":"contact","associations":{"company":["co\"1\"","x"],"deal":[]},"properties":null},
      {"id":"c4","object":"contact","properties":{"a":1,"a":2,"b":"x","b":null}},
      {"id":"c5","object":"contact","associations":{"company":["a"],"company":["b"]}},
      {"id":"c6","object":"contact","properties":{"s":"\ud83d\ude00 \\ \/"},"associations":null}
    ]"#;
    let fast = records(text).expect("valid records");
    let json: Vec<Json> = serde_json::from_str(text).expect("valid JSON");
    let slow: Vec<NewRecord> = json
        .iter()
        .map(|j| record_from_json(j).expect("valid record"))
        .collect();
    assert_eq!(fast.len(), slow.len());
    for ((fast, _), slow) in fast.iter().zip(&slow) {
        let mut fast = fast.clone();
        // serde_json's map sorts keys and keeps the last of a key given twice.
        fast.properties.reverse();
        fast.properties.sort_by(|a, b| a.0.cmp(&b.0));
        fast.properties.dedup_by(|later, first| later.0 == first.0);
        assert_eq!(&fast, slow);
    }
}

#[test]
fn the_count_hint_counts_id_keys() {
    assert_eq!(record_count_hint(""), 0);
    assert_eq!(record_count_hint("\"id\""), 1);
    assert_eq!(record_count_hint(r#"[{"id":"c1"},{"id": "c2", "x": "idid"}]"#), 2);
}
