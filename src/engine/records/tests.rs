//! Tests of the record store.

use super::*;

fn record(id: &str, object: &str, props: &[(&str, Value)], assoc: &[(&str, &[&str])]) -> NewRecord {
    NewRecord {
        id: Arc::from(id),
        object: Arc::from(object),
        properties: props.iter().map(|(n, v)| (Arc::from(*n), v.clone())).collect(),
        associations: assoc
            .iter()
            .map(|(o, ids)| (Arc::from(*o), ids.iter().map(|i| Arc::from(*i)).collect()))
            .collect(),
    }
}

#[test]
fn columns_and_other_properties_read_back() {
    let mut store = RecordStore::new([Arc::from("score")]);
    let c1 = store
        .create(record(
            "c1",
            "contact",
            &[("score", Value::Number(5.0)), ("email", Value::str("a@b"))],
            &[],
        ))
        .unwrap_or_default();
    let score = store.column("score").unwrap_or_default();
    assert_eq!(store.value(c1, score), Value::Number(5.0));
    assert_eq!(store.value_by_name(c1, "email"), Value::str("a@b"));
    store.set_by_name(c1, "email", Value::Unknown);
    assert_eq!(store.value_by_name(c1, "email"), Value::Unknown);
    assert_eq!(store.properties(c1), vec![(Arc::from("score"), Value::Number(5.0))]);
}

#[test]
fn associations_are_symmetric_and_skip_missing_records() {
    let mut store = RecordStore::new([]);
    let co = store.create(record("co1", "company", &[], &[])).unwrap_or_default();
    let c1 = store
        .create(record("c1", "contact", &[], &[("company", &["gone", "co1"])]))
        .unwrap_or_default();
    assert_eq!(store.associated(c1, "company"), Some(co));
    assert_eq!(store.associated(co, "contact"), Some(c1));
    assert!(store.delete(co));
    assert_eq!(store.associated(c1, "company"), None);
    assert!(store.create(record("c1", "contact", &[], &[])).is_none());
}

/// LANGUAGE.md 12.4: a link to a record listed later is two-way once that
/// record is created (by `create` and by the file reader's `create_ref`), but
/// only when the new record has the linked object type.
#[test]
fn links_to_records_created_later_are_two_way() {
    let borrowed = |id: &'static str, object: &'static str, assoc: Vec<(&'static str, Vec<&'static str>)>| RecordRef {
        id: Cow::Borrowed(id),
        object: Cow::Borrowed(object),
        properties: Vec::new(),
        associations: assoc
            .into_iter()
            .map(|(o, ids)| (Cow::Borrowed(o), ids.into_iter().map(Cow::Borrowed).collect()))
            .collect(),
    };
    for by_ref in [false, true] {
        let mut store = RecordStore::new([]);
        let mut add = |id: &'static str, object: &'static str, assoc: Vec<(&'static str, Vec<&'static str>)>| {
            if by_ref {
                store.create_ref(&borrowed(id, object, assoc)).unwrap_or_default()
            } else {
                let assoc: Vec<(&str, &[&str])> = assoc.iter().map(|(o, ids)| (*o, ids.as_slice())).collect();
                store.create(record(id, object, &[], &assoc)).unwrap_or_default()
            }
        };
        let c1 = add("c1", "contact", vec![("company", vec!["co1", "d1"])]);
        let c2 = add("c2", "contact", vec![("company", vec!["co1"])]);
        let co1 = add("co1", "company", vec![]);
        // `d1` is a deal, not the company c1 named: no link back.
        let d1 = add("d1", "deal", vec![]);
        assert_eq!(store.associated(co1, "contact"), Some(c1), "by_ref {by_ref}");
        assert_eq!(store.associated(c1, "company"), Some(co1));
        let back: Vec<&str> = store
            .get(co1)
            .map(|r| r.associations.iter().map(|a| &*a.id).collect())
            .unwrap_or_default();
        assert_eq!(back, vec!["c1", "c2"], "by_ref {by_ref}");
        assert_eq!(store.associated(d1, "contact"), None);
        assert_eq!(store.associated(c2, "company"), Some(co1));
    }
}

#[test]
fn fresh_ids_never_collide() {
    let mut store = RecordStore::new([]);
    store.create(record("task-2", "task", &[], &[])).unwrap_or_default();
    let id = store.fresh_id("task");
    assert_ne!(&*id, "task-2");
    assert!(store.find(&id).is_none());
}

#[test]
fn a_column_added_later_keeps_the_table_aligned() {
    let mut store = RecordStore::new([Arc::from("a")]);
    for i in 0..3 {
        store.create(record(
            &format!("c{i}"),
            "contact",
            &[("a", Value::Number(f64::from(i)))],
            &[],
        ));
    }
    let b = store.column_for("b");
    assert_eq!(b, 1);
    let a = store.column("a").unwrap_or_default();
    for i in 0..3u32 {
        assert_eq!(store.value(i, a), Value::Number(f64::from(i)));
        assert_eq!(store.value(i, b), Value::Unknown);
    }
    store.set_column(2, b, Value::str("x"));
    assert_eq!(store.value(2, b), Value::str("x"));
    assert_eq!(store.value(1, b), Value::Unknown);
}

#[test]
fn the_id_index_survives_deletes_and_reuse() {
    let mut store = RecordStore::new([Arc::from("n")]);
    let n = store.column("n").unwrap_or_default();
    for i in 0..5_000 {
        let created = store.create(record(
            &format!("r{i}"),
            "thing",
            &[("n", Value::Number(f64::from(i)))],
            &[],
        ));
        assert_eq!(created, Some(i as RecordIdx));
    }
    for i in (0..5_000).step_by(2) {
        let idx = store.find(&format!("r{i}")).unwrap_or(u32::MAX);
        assert!(store.delete(idx));
        assert_eq!(store.value(idx, n), Value::Unknown, "a deleted row reads unknown");
    }
    assert_eq!(store.len(), 2_500);
    for i in 0..5_000u32 {
        let found = store.find(&format!("r{i}"));
        assert_eq!(found.is_some(), i % 2 == 1, "r{i}");
    }
    // A deleted id can be used again: a new record, last in order.
    let again = store.create(record("r0", "thing", &[], &[]));
    assert_eq!(again, Some(5_000));
    assert_eq!(store.find("r0"), Some(5_000));
    assert!(store.create(record("r1", "thing", &[], &[])).is_none());
}

#[test]
fn records_read_from_text_match_owned_records() {
    let mut owned = RecordStore::new([Arc::from("stage")]);
    let mut borrowed = RecordStore::new([Arc::from("stage")]);
    for i in 0..3_000 {
        // `stage` repeats (shared), `email` never does (sharing stops).
        let props = [
            ("stage", Value::str(["lead", "customer"][i % 2])),
            ("email", Value::str(&format!("u{i}@x"))),
            ("score", Value::Number(i as f64)),
        ];
        let new = record(&format!("c{i}"), "contact", &props, &[]);
        let reference = RecordRef {
            id: std::borrow::Cow::Owned(new.id.to_string()),
            object: std::borrow::Cow::Borrowed("contact"),
            properties: props
                .iter()
                .map(|(name, value)| {
                    let scalar = match value {
                        Value::Str(s) => Scalar::Str(std::borrow::Cow::Owned(s.to_string())),
                        Value::Number(n) => Scalar::Number(*n),
                        _ => Scalar::Null,
                    };
                    (std::borrow::Cow::Borrowed(*name), scalar)
                })
                .collect(),
            associations: Vec::new(),
        };
        assert_eq!(owned.create(new), borrowed.create_ref(&reference));
    }
    for idx in 0..3_000 {
        assert_eq!(owned.properties(idx), borrowed.properties(idx));
    }
}

#[test]
fn a_column_added_between_records_read_from_text_is_used() {
    let mut store = RecordStore::new([]);
    let reference = |id: &'static str| RecordRef {
        id: std::borrow::Cow::Borrowed(id),
        object: std::borrow::Cow::Borrowed("contact"),
        properties: vec![(std::borrow::Cow::Borrowed("score"), Scalar::Number(1.0))],
        associations: Vec::new(),
    };
    store.create_ref(&reference("c1"));
    let score = store.column_for("score");
    let c2 = store.create_ref(&reference("c2")).unwrap_or_default();
    assert_eq!(store.value(c2, score), Value::Number(1.0));
}
