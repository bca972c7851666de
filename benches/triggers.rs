//! The trigger bench (issue 11): N filter workflows over one contact, each
//! enrolling it and setting one property of its own. Every edit is a change
//! the engine must answer with goals and filter triggers; the dependency
//! index (`src/engine/deps.rs`) evaluates only the workflows whose
//! conditions read the changed property, so a run costs time linear in N
//! (before the index, every edit evaluated all N triggers: N²).
//!
//! `cargo bench --bench triggers`

use std::time::Duration;

use criterion::{BatchSize, BenchmarkId, Criterion, SamplingMode, Throughput};
use wf::engine::{Engine, EngineOptions, HistoryEntry, NewRecord, RecordingHandler};
use wf::value::Value;

const SIZES: [usize; 5] = [2_000, 4_000, 8_000, 16_000, 24_000];

/// `n` workflows: workflow `i` enrolls a contact with an email and sets `p_i`.
fn source(n: usize) -> String {
    (0..n)
        .map(|i| {
            format!(
                "workflow \"Setter {i}\" {{\n  object contact\n  enroll when email is known\n  set p_{i} = {i}\n}}\n"
            )
        })
        .collect()
}

fn program(n: usize) -> wf::compile::Program {
    let mut sources = wf::diagnostics::Sources::new();
    sources.add("triggers.wf", source(n));
    let report = wf::check_sources(&sources, &wf::check::CheckOptions::default());
    assert!(!report.has_errors(), "{:?}", report.diagnostics);
    match wf::compile::compile_project(&report.files, &sources) {
        Ok(program) => program,
        Err(errors) => panic!("the trigger workflows do not compile: {errors:?}"),
    }
}

type BenchEngine = Engine<RecordingHandler, Box<dyn FnMut(&HistoryEntry)>>;

/// An engine over the program with the one contact, before it runs.
fn engine(program: &wf::compile::Program) -> BenchEngine {
    let start = wf::engine::input::parse_instant("2026-11-27T08:00:00Z").unwrap_or_default();
    let sink: Box<dyn FnMut(&HistoryEntry)> = Box::new(|_: &HistoryEntry| {});
    let mut engine = Engine::new(
        program.clone(),
        RecordingHandler::default(),
        sink,
        EngineOptions { start, seed: 0 },
    );
    let contact = NewRecord {
        id: "c1".into(),
        object: "contact".into(),
        properties: vec![("email".into(), Value::str("ana@example.se"))],
        associations: Vec::new(),
    };
    if let Err(e) = engine.add_record(contact) {
        panic!("cannot add the contact: {e}");
    }
    engine
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("triggers");
    group.sampling_mode(SamplingMode::Flat).sample_size(10);
    for n in SIZES {
        let program = program(n);
        // Each workflow's `set` is one edit of the contact.
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::new("edits", n), &program, |b, program| {
            b.iter_batched(
                || engine(program),
                |mut engine| {
                    let start = engine.now();
                    engine.run_until(start);
                    assert_eq!(engine.active_enrollments(), 0);
                    engine
                },
                BatchSize::PerIteration,
            );
        });
    }
    group.finish();
}

fn main() {
    let mut criterion = Criterion::default()
        .configure_from_args()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    bench(&mut criterion);
    criterion.final_summary();
}
