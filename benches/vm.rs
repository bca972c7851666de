//! The vm bench (issue 6): one branchy workflow — if/else-if/else, an
//! increment, a 50/30/20 split — over 1,000,000 in-memory contacts, run by
//! wf's VM, by the same logic hand-written in Rust over a typed struct, by
//! hand-written Rust over `HashMap<String, serde_json::Value>`, and (with
//! `--features bench-rhai`) by rhai running the equivalent script, compiled once.
//!
//! Every runner reads the same input records and writes the new score and the
//! chosen segment to an output slot, so each pass starts from the same state.
//!
//! `cargo bench --bench vm --features bench-rhai`

mod inputs;
mod tally;

use std::collections::HashMap;

use criterion::{BenchmarkId, Criterion, SamplingMode, Throughput};

const RECORDS: usize = 1_000_000;
/// rhai is ~100x slower; a tenth of the records keeps the bench short, and the
/// cost per record does not depend on the count.
#[cfg(feature = "bench-rhai")]
const RHAI_RECORDS: usize = 100_000;
const SEED: u64 = 0;

/// The chosen arm of the split.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Segment {
    A,
    B,
    C,
}

/// A contact as a hand-written program would hold it.
struct Contact {
    id: String,
    score: f64,
    lifecycle_stage: String,
    country: String,
}

/// What a run writes for one contact.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Outcome {
    score: f64,
    segment: Option<Segment>,
}

fn typed_contacts(n: usize) -> Vec<Contact> {
    (0..n)
        .map(|i| {
            let (id, score, stage, country) = inputs::contact(i);
            Contact {
                id,
                score,
                lifecycle_stage: stage.to_string(),
                country: country.to_string(),
            }
        })
        .collect()
}

/// The workflow, by hand, over the typed struct.
fn native_typed(c: &Contact) -> Outcome {
    let score = if c.score >= 80.0 && c.lifecycle_stage == "lead" {
        c.score + 10.0
    } else if c.score >= 40.0 || c.country == "SE" {
        c.score + 5.0
    } else {
        c.score + 1.0
    };
    let draw = inputs::split_draw(SEED, &c.id);
    let segment = if draw < 50 {
        Segment::A
    } else if draw < 80 {
        Segment::B
    } else {
        Segment::C
    };
    Outcome {
        score,
        segment: Some(segment),
    }
}

type JsonRecord = HashMap<String, serde_json::Value>;

fn json_contacts(n: usize) -> Vec<JsonRecord> {
    (0..n)
        .map(|i| {
            let (id, score, stage, country) = inputs::contact(i);
            let mut map = HashMap::new();
            map.insert("id".to_string(), serde_json::Value::from(id));
            map.insert("score".to_string(), serde_json::Value::from(score));
            map.insert("lifecycle_stage".to_string(), serde_json::Value::from(stage));
            map.insert("country".to_string(), serde_json::Value::from(country));
            map
        })
        .collect()
}

/// The workflow, by hand, over a dynamic map, written back into the map. The
/// new score goes to `new_score`, so every pass reads the same input.
fn native_json(r: &mut JsonRecord) {
    let score = r.get("score").and_then(serde_json::Value::as_f64).unwrap_or(0.0);
    let stage = r.get("lifecycle_stage").and_then(serde_json::Value::as_str);
    let country = r.get("country").and_then(serde_json::Value::as_str);
    let by = if score >= 80.0 && stage == Some("lead") {
        10.0
    } else if score >= 40.0 || country == Some("SE") {
        5.0
    } else {
        1.0
    };
    put(r, "new_score", serde_json::Value::from(score + by));
    let id = r.get("id").and_then(serde_json::Value::as_str).unwrap_or("");
    let draw = inputs::split_draw(SEED, id);
    let segment = if draw < 50 {
        "a"
    } else if draw < 80 {
        "b"
    } else {
        "c"
    };
    put(r, "segment", serde_json::Value::from(segment));
}

fn put(r: &mut JsonRecord, key: &str, value: serde_json::Value) {
    match r.get_mut(key) {
        Some(slot) => *slot = value,
        None => {
            r.insert(key.to_string(), value);
        }
    }
}

fn bench_native(c: &mut Criterion) {
    let typed = typed_contacts(RECORDS);
    let mut json = json_contacts(RECORDS);
    let mut out = vec![Outcome::default(); RECORDS];

    let mut group = c.benchmark_group("vm");
    group.sampling_mode(SamplingMode::Flat).throughput(Throughput::Elements(RECORDS as u64));
    group.bench_function(BenchmarkId::new("native-typed", RECORDS), |b| {
        tally::timed(b, "native-typed", || {
            for (c, o) in typed.iter().zip(out.iter_mut()) {
                *o = native_typed(std::hint::black_box(c));
            }
        })
    });
    group.bench_function(BenchmarkId::new("native-hashmap-json", RECORDS), |b| {
        tally::timed(b, "native-hashmap-json", || {
            for r in json.iter_mut() {
                native_json(std::hint::black_box(r));
            }
        })
    });
    group.finish();
    let counts = out.iter().fold([0usize; 3], |mut n, o| {
        match o.segment {
            Some(Segment::A) => n[0] += 1,
            Some(Segment::B) => n[1] += 1,
            Some(Segment::C) => n[2] += 1,
            None => {}
        }
        n
    });
    println!("native split shares: a={} b={} c={}", counts[0], counts[1], counts[2]);
}

#[cfg(feature = "bench-rhai")]
mod rhai_runner {
    use super::*;
    use rhai::{Engine, ImmutableString, Scope};

    /// A contact as a rhai embedder would hold it: rhai's own string type, so
    /// that pushing it into a scope is a reference-count bump.
    pub struct RhaiContact {
        id: ImmutableString,
        score: f64,
        lifecycle_stage: ImmutableString,
        country: ImmutableString,
    }

    pub fn contacts(n: usize) -> Vec<RhaiContact> {
        (0..n)
            .map(|i| {
                let (id, score, stage, country) = inputs::contact(i);
                RhaiContact {
                    id: id.into(),
                    score,
                    lifecycle_stage: stage.into(),
                    country: country.into(),
                }
            })
            .collect()
    }

    pub fn bench(c: &mut Criterion) {
        let mut engine = Engine::new();
        engine.register_fn("bucket", |id: ImmutableString| inputs::split_draw(SEED, &id) as i64);
        let ast = match engine.compile(inputs::RHAI_SCRIPT) {
            Ok(ast) => ast,
            Err(e) => panic!("the rhai script does not compile: {e}"),
        };
        let records = contacts(RHAI_RECORDS);
        let mut out = vec![Outcome::default(); RHAI_RECORDS];
        let (a, b_, c_): (ImmutableString, ImmutableString, ImmutableString) = ("a".into(), "b".into(), "c".into());
        let mut scope = Scope::new();

        let mut run_one = |r: &RhaiContact, o: &mut Outcome| {
            scope.clear();
            scope.push("id", r.id.clone());
            scope.push("score", r.score);
            scope.push("lifecycle_stage", r.lifecycle_stage.clone());
            scope.push("country", r.country.clone());
            scope.push("segment", ImmutableString::new());
            if let Err(e) = engine.run_ast_with_scope(&mut scope, &ast) {
                panic!("the rhai script failed: {e}");
            }
            o.score = scope.get_value::<f64>("score").unwrap_or(f64::NAN);
            let seg = scope.get_value::<ImmutableString>("segment").unwrap_or_default();
            o.segment = if seg == a {
                Some(Segment::A)
            } else if seg == b_ {
                Some(Segment::B)
            } else if seg == c_ {
                Some(Segment::C)
            } else {
                None
            };
        };

        // The script must agree with the native logic before it is timed.
        for (i, r) in records.iter().enumerate().take(1000) {
            let mut o = Outcome::default();
            run_one(r, &mut o);
            let (id, score, stage, country) = inputs::contact(i);
            let expected = native_typed(&Contact {
                id,
                score,
                lifecycle_stage: stage.to_string(),
                country: country.to_string(),
            });
            assert_eq!(o, expected, "rhai and native disagree on record {i}");
        }

        let mut group = c.benchmark_group("vm");
        group.sampling_mode(SamplingMode::Flat).throughput(Throughput::Elements(RHAI_RECORDS as u64));
        group.bench_function(BenchmarkId::new("rhai", RHAI_RECORDS), |b| {
            tally::timed(b, "rhai", || {
                for (r, o) in records.iter().zip(out.iter_mut()) {
                    run_one(r, o);
                }
            })
        });
        group.finish();
    }
}

fn summary() {
    tally::heading("vm: ns per record (best pass)");
    let per_record = |name: &str, n: usize| tally::best(name).map(|d| d.as_secs_f64() * 1e9 / n as f64);
    let native = per_record("native-typed", RECORDS);
    let json = per_record("native-hashmap-json", RECORDS);
    #[cfg(feature = "bench-rhai")]
    let rhai = per_record("rhai", RHAI_RECORDS);
    #[cfg(not(feature = "bench-rhai"))]
    let rhai: Option<f64> = None;
    let wf: Option<f64> = None;
    for (name, v) in [
        ("wf vm", wf),
        ("native, typed struct", native),
        ("native, HashMap<String, serde_json::Value>", json),
        ("rhai (compiled once)", rhai),
    ] {
        match v {
            Some(ns) => println!("  {name:<44} {ns:>9.1} ns/record  {:>12.0} records/s", 1e9 / ns),
            None => println!("  {name:<44}       n/a"),
        }
    }
    if let (Some(wf), Some(native)) = (wf, native) {
        tally::target("vm within 4x of native", wf <= 4.0 * native, &format!("{:.2}x", wf / native));
    }
    if let (Some(wf), Some(rhai)) = (wf, rhai) {
        tally::target("vm >= 15x faster than rhai", rhai >= 15.0 * wf, &format!("{:.1}x", rhai / wf));
    }
    #[cfg(not(feature = "bench-rhai"))]
    println!("  (rhai: run with `--features bench-rhai`)");
}

fn main() {
    let mut c = tally::quick();
    bench_native(&mut c);
    #[cfg(feature = "bench-rhai")]
    rhai_runner::bench(&mut c);
    c.final_summary();
    summary();
}
