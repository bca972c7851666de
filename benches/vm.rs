//! The vm bench (issue 6): one branchy workflow — if/else-if/else, an
//! increment, a 50/30/20 split — over 1,000,000 in-memory contacts, run by
//! wf's VM, by the same logic hand-written in Rust over a typed struct, by
//! hand-written Rust over `HashMap<String, serde_json::Value>`, and (with
//! `--features bench-rhai`) by rhai running the equivalent script, compiled once.
//!
//! Every runner draws the split with wf's own roll (`wf::vm::split_roll`: FNV-1a
//! over seed, workflow, position, record id and ordinal), so all agree exactly.
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
/// The run's seed. Read through [`seed`], so that no runner can fold the
/// split's constant prefix at compile time: a real run gets it from `--seed`.
const SEED: u64 = 0;

fn seed() -> u64 {
    std::hint::black_box(SEED)
}
/// The workflow's name: part of every split roll (docs/language.md 5.6).
const WORKFLOW: &str = "Score and split";

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
    native_outcome(c, wf::vm::split_roll(seed(), WORKFLOW, 0, &c.id, 0))
}

/// The workflow's logic over the typed struct, given the split's roll.
#[inline(always)]
fn native_outcome(c: &Contact, draw: u8) -> Outcome {
    let score = if c.score >= 80.0 && c.lifecycle_stage == "lead" {
        c.score + 10.0
    } else if c.score >= 40.0 || c.country == "SE" {
        c.score + 5.0
    } else {
        c.score + 1.0
    };
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

/// wf's split roll with its constant prefix — seed, workflow name,
/// position — hashed once (`wf::vm::split_prefix`), as a hand-written program
/// would hoist it; the per-record part is `wf::vm::roll_after`.
struct HoistedRoll {
    prefix: u64,
}

impl HoistedRoll {
    fn new(seed: u64, workflow: &str, position: u32) -> HoistedRoll {
        HoistedRoll {
            prefix: wf::vm::split_prefix(seed, workflow, position),
        }
    }

    fn roll(&self, record: &str, ordinal: u32) -> u8 {
        wf::vm::roll_after(self.prefix, record, ordinal)
    }
}

/// [`native_typed`] with the split's constant prefix hashed once.
fn native_typed_hoisted(c: &Contact, roll: &HoistedRoll) -> Outcome {
    native_outcome(c, roll.roll(&c.id, 0))
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
    let draw = wf::vm::split_roll(seed(), WORKFLOW, 0, id, 0);
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
    group
        .sampling_mode(SamplingMode::Flat)
        .throughput(Throughput::Elements(RECORDS as u64));
    group.bench_function(BenchmarkId::new("native-typed", RECORDS), |b| {
        tally::timed(b, "native-typed", || {
            for (c, o) in typed.iter().zip(out.iter_mut()) {
                *o = native_typed(std::hint::black_box(c));
            }
        })
    });
    let hoisted = HoistedRoll::new(seed(), WORKFLOW, 0);
    for c in typed.iter().take(1000) {
        assert_eq!(
            native_typed_hoisted(c, &hoisted),
            native_typed(c),
            "the hoisted roll differs"
        );
    }
    group.bench_function(BenchmarkId::new("native-typed-hoisted", RECORDS), |b| {
        tally::timed(b, "native-typed-hoisted", || {
            for (c, o) in typed.iter().zip(out.iter_mut()) {
                *o = native_typed_hoisted(std::hint::black_box(c), &hoisted);
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

/// wf's VM over the compiled workflow, with a minimal host: a record is its
/// property values by program slot; edits go to a parallel output row.
mod wf_runner {
    use super::*;
    use chrono::{DateTime, Utc};
    use wf::compile::program::{FieldId, Program, PropSlot, WorkflowId};
    use wf::value::Value;
    use wf::vm::{self, ActionCall, ActionError, ActionOutput, EnrollmentState, Env, Exit, Flow, Host, StepError};

    /// One in-memory contact: id and property values by slot.
    pub struct SlotRecord {
        id: String,
        values: Vec<Value>,
    }

    struct BenchHost<'a> {
        record: &'a SlotRecord,
        out: &'a mut [Value],
        now: DateTime<Utc>,
        seed: u64,
    }

    impl Env for BenchHost<'_> {
        fn property(&self, slot: PropSlot) -> &Value {
            self.record.values.get(slot.index()).unwrap_or(&Value::Unknown)
        }
        fn event_field(&self, _field: FieldId) -> &Value {
            &Value::Unknown
        }
        fn now(&self) -> DateTime<Utc> {
            self.now
        }
    }

    impl Host for BenchHost<'_> {
        fn set_property(&mut self, slot: PropSlot, value: Value) -> Flow {
            if let Some(place) = self.out.get_mut(slot.index()) {
                *place = value;
            }
            Flow::Continue
        }
        fn clear_property(&mut self, slot: PropSlot) -> Flow {
            self.set_property(slot, Value::Unknown)
        }
        fn call_action(&mut self, _call: &ActionCall<'_>) -> Result<ActionOutput, ActionError> {
            Ok(ActionOutput::default())
        }
        fn enroll_in(&mut self, _workflow: WorkflowId) {}
        fn report_error(&mut self, error: &StepError) {
            panic!("the bench workflow failed: {error}");
        }
        fn record_id(&self) -> &str {
            &self.record.id
        }
        fn seed(&self) -> u64 {
            self.seed
        }
    }

    pub fn program() -> Program {
        let mut sources = wf::diagnostics::Sources::new();
        sources.add("vm.wf", inputs::VM_WORKFLOW);
        let report = wf::check_sources(&sources, &wf::check::CheckOptions::default());
        assert!(!report.has_errors(), "{:?}", report.diagnostics);
        match wf::compile::compile_project(&report.files, &sources) {
            Ok(program) => program,
            Err(errors) => panic!("the vm workflow does not compile: {errors:?}"),
        }
    }

    pub fn slot_of(program: &Program, name: &str) -> usize {
        match program
            .properties
            .iter()
            .position(|p| p.object.is_none() && p.name == name)
        {
            Some(slot) => slot,
            None => panic!("the program has no property `{name}`"),
        }
    }

    pub fn records(program: &Program, n: usize) -> Vec<SlotRecord> {
        let slots = program.properties.len();
        let (score, stage, country) = (
            slot_of(program, "score"),
            slot_of(program, "lifecycle_stage"),
            slot_of(program, "country"),
        );
        (0..n)
            .map(|i| {
                let (id, s, st, co) = inputs::contact(i);
                let mut values = vec![Value::Unknown; slots];
                values[score] = Value::Number(s);
                values[stage] = Value::str(st);
                values[country] = Value::str(co);
                SlotRecord { id, values }
            })
            .collect()
    }

    /// Runs one enrollment of the record to its end.
    #[inline(never)]
    pub fn run_one(program: &Program, record: &SlotRecord, out: &mut [Value], now: DateTime<Utc>, seed: u64) {
        let mut state = EnrollmentState::new(program, WorkflowId(0), 0);
        let mut host = BenchHost { record, out, now, seed };
        let exit = vm::run(program, &mut state, &mut host);
        debug_assert_eq!(exit, Exit::Finished);
    }

    pub fn bench(c: &mut Criterion) {
        let program = program();
        let records = records(&program, RECORDS);
        let slots = program.properties.len();
        let mut out = vec![Value::Unknown; RECORDS * slots];
        let now = chrono::DateTime::<Utc>::from_timestamp(1_795_000_000, 0).unwrap_or_default();
        let (score, segment) = (slot_of(&program, "score"), slot_of(&program, "segment"));

        // The VM must agree with the native logic before it is timed.
        for (i, r) in records.iter().enumerate().take(1000) {
            let row = &mut out[i * slots..(i + 1) * slots];
            run_one(&program, r, row, now, seed());
            let (id, s, st, co) = inputs::contact(i);
            let expected = native_typed(&Contact {
                id,
                score: s,
                lifecycle_stage: st.to_string(),
                country: co.to_string(),
            });
            let seg = match &row[segment] {
                Value::Str(s) if &**s == "a" => Some(Segment::A),
                Value::Str(s) if &**s == "b" => Some(Segment::B),
                Value::Str(s) if &**s == "c" => Some(Segment::C),
                _ => None,
            };
            let got = Outcome {
                score: row[score].as_number().unwrap_or(f64::NAN),
                segment: seg,
            };
            assert_eq!(got, expected, "wf and native disagree on record {i}");
        }

        let mut group = c.benchmark_group("vm");
        group
            .sampling_mode(SamplingMode::Flat)
            .throughput(Throughput::Elements(RECORDS as u64));
        let seed = seed();
        group.bench_function(BenchmarkId::new("wf-vm", RECORDS), |b| {
            tally::timed(b, "wf-vm", || {
                for (r, row) in records.iter().zip(out.chunks_mut(slots)) {
                    run_one(&program, std::hint::black_box(r), row, now, seed);
                }
            })
        });
        group.finish();
    }
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
        engine.register_fn("bucket", |id: ImmutableString| {
            i64::from(wf::vm::split_roll(seed(), WORKFLOW, 0, &id, 0))
        });
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
        group
            .sampling_mode(SamplingMode::Flat)
            .throughput(Throughput::Elements(RHAI_RECORDS as u64));
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
    let hoisted = per_record("native-typed-hoisted", RECORDS);
    let json = per_record("native-hashmap-json", RECORDS);
    #[cfg(feature = "bench-rhai")]
    let rhai = per_record("rhai", RHAI_RECORDS);
    #[cfg(not(feature = "bench-rhai"))]
    let rhai: Option<f64> = None;
    let wf = per_record("wf-vm", RECORDS);
    for (name, v) in [
        ("wf vm", wf),
        ("native, typed struct", native),
        ("native, typed struct, split prefix hoisted", hoisted),
        ("native, HashMap<String, serde_json::Value>", json),
        ("rhai (compiled once)", rhai),
    ] {
        match v {
            Some(ns) => println!("  {name:<44} {ns:>9.1} ns/record  {:>12.0} records/s", 1e9 / ns),
            None => println!("  {name:<44}       n/a"),
        }
    }
    if let (Some(wf), Some(native)) = (wf, native) {
        tally::target(
            "vm within 4x of native",
            wf <= 4.0 * native,
            &format!("{:.2}x", wf / native),
        );
    }
    if let (Some(wf), Some(hoisted)) = (wf, hoisted) {
        println!("  (vs the hoisted native: {:.2}x)", wf / hoisted);
    }
    if let (Some(wf), Some(rhai)) = (wf, rhai) {
        tally::target(
            "vm >= 15x faster than rhai",
            rhai >= 15.0 * wf,
            &format!("{:.1}x", rhai / wf),
        );
    }
    #[cfg(not(feature = "bench-rhai"))]
    println!("  (rhai: run with `--features bench-rhai`)");
}

fn main() {
    let mut c = tally::quick();
    wf_runner::bench(&mut c);
    bench_native(&mut c);
    #[cfg(feature = "bench-rhai")]
    rhai_runner::bench(&mut c);
    c.final_summary();
    summary();
}
