//! The engine bench (issue 6): 1,000,000 contacts enroll (filter trigger) and
//! suspend on a delay until a date property — a different day for each, so
//! the agenda must order them — then the clock runs on and all are woken in
//! order, each finishing with an edit.
//!
//! Memory is measured exactly with a counting global allocator: the bytes
//! live after the records were added, then after every enrollment suspended;
//! the difference over the count is the cost of one suspended enrollment
//! beyond its record (agenda entry, enrollment slot, saved VM state, and the
//! capacity slack of their growing tables).
//!
//! `cargo bench --bench engine`

mod inputs;
mod tally;

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use criterion::{BenchmarkId, Criterion, SamplingMode, Throughput};
use wf::engine::{Engine, EngineOptions, HistoryEntry, NewRecord, RecordingHandler, RunStatus};
use wf::value::Value;

/// Counts the bytes currently allocated.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is forwarded to the system allocator unchanged; the
// counter is only bookkeeping.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size(), Ordering::Relaxed);
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE.fetch_add(new_size, Ordering::Relaxed);
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: same contract as the caller's.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const RECORDS: usize = 1_000_000;

const WORKFLOW: &str = r#"workflow "Renewal reminder" {
  object contact
  enroll when score >= 0

  delay until renewal_date at 09:00
  increment score
}
"#;

fn program() -> wf::compile::Program {
    let mut sources = wf::diagnostics::Sources::new();
    sources.add("engine.wf", WORKFLOW);
    let report = wf::check_sources(&sources, &wf::check::CheckOptions::default());
    assert!(!report.has_errors(), "{:?}", report.diagnostics);
    match wf::compile::compile_project(&report.files, &sources) {
        Ok(program) => program,
        Err(errors) => panic!("the engine workflow does not compile: {errors:?}"),
    }
}

fn start() -> DateTime<Utc> {
    wf::engine::input::parse_instant("2026-11-27T08:00:00Z").unwrap_or_default()
}

/// The contacts: a score and a renewal date 1–365 days after the start, in
/// an order unrelated to the records' order.
fn records(n: usize) -> Vec<NewRecord> {
    let contact: Arc<str> = Arc::from("contact");
    let (score, renewal): (Arc<str>, Arc<str>) = (Arc::from("score"), Arc::from("renewal_date"));
    let first = start().date_naive();
    (0..n)
        .map(|i| {
            let (id, s, _, _) = inputs::contact(i);
            let offset = 1 + (i as u64).wrapping_mul(2_654_435_761) % 365;
            let date = first + chrono::Days::new(offset);
            NewRecord {
                id: Arc::from(id),
                object: contact.clone(),
                properties: vec![(score.clone(), Value::Number(s)), (renewal.clone(), Value::Date(date))],
                associations: Vec::new(),
            }
        })
        .collect()
}

/// History lines counted, not kept.
#[derive(Default)]
struct Count {
    lines: u64,
    finished: u64,
}

type BenchEngine = Engine<RecordingHandler, Box<dyn FnMut(&HistoryEntry)>>;

fn engine_with_records(
    program: &wf::compile::Program,
    records: Vec<NewRecord>,
    count: &Arc<std::sync::Mutex<Count>>,
) -> BenchEngine {
    let count = count.clone();
    let sink: Box<dyn FnMut(&HistoryEntry)> = Box::new(move |entry: &HistoryEntry| {
        let mut c = count.lock().unwrap_or_else(|e| e.into_inner());
        c.lines += 1;
        if matches!(entry.kind, wf::engine::HistoryKind::Finished { .. }) {
            c.finished += 1;
        }
    });
    let options = EngineOptions {
        start: start(),
        seed: 0,
    };
    let mut engine = Engine::new(program.clone(), RecordingHandler::default(), sink, options);
    for record in records {
        if let Err(e) = engine.add_record(record) {
            panic!("cannot add a record: {e}");
        }
    }
    engine
}

/// Bytes per record and per suspended enrollment, measured once.
fn memory(program: &wf::compile::Program) -> (f64, f64) {
    let count = Arc::new(std::sync::Mutex::new(Count::default()));
    // Counted from before the input records exist: they are moved into the
    // engine (their strings kept, their containers freed), so what is live
    // after adding them is the store itself.
    let before = LIVE.load(Ordering::Relaxed);
    let records = records(RECORDS);
    let mut engine = engine_with_records(program, records, &count);
    let with_records = LIVE.load(Ordering::Relaxed);
    engine.run_until(start());
    let suspended = LIVE.load(Ordering::Relaxed);
    assert_eq!(engine.active_enrollments(), RECORDS, "every contact is suspended");
    let per_record = with_records.saturating_sub(before) as f64 / RECORDS as f64;
    let per_enrollment = suspended.saturating_sub(with_records) as f64 / RECORDS as f64;
    (per_record, per_enrollment)
}

fn bench(c: &mut Criterion, program: &wf::compile::Program) {
    let end = start() + chrono::Duration::days(400);
    let mut group = c.benchmark_group("engine");
    group
        .sampling_mode(SamplingMode::Flat)
        .throughput(Throughput::Elements(RECORDS as u64));
    group.bench_function(BenchmarkId::new("suspend+wake", RECORDS), |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let count = Arc::new(std::sync::Mutex::new(Count::default()));
                let mut engine = engine_with_records(program, records(RECORDS), &count);
                let t0 = Instant::now();
                engine.run_until(start());
                let t1 = Instant::now();
                let status = engine.run_until(end);
                let t2 = Instant::now();
                assert_eq!(status, RunStatus::Idle);
                let finished = count.lock().map(|c| c.finished).unwrap_or(0);
                assert_eq!(finished, RECORDS as u64, "every enrollment finished");
                tally::record("suspend", t1 - t0);
                tally::record("wake", t2 - t1);
                total += t2 - t0;
                drop(std::hint::black_box(engine));
            }
            total
        })
    });
    group.finish();
}

fn main() {
    let program = program();
    let (per_record, per_enrollment) = memory(&program);
    let mut c = tally::quick();
    bench(&mut c, &program);
    c.final_summary();

    tally::heading("engine: 1,000,000 enrollments suspended on delays, then woken in order");
    println!("  bytes per record in the store        {per_record:>10.1}");
    println!("  bytes per suspended enrollment        {per_enrollment:>10.1}");
    for (name, what) in [
        ("suspend", "enrollments started and suspended"),
        ("wake", "wakes (run to the end)"),
    ] {
        if let Some(d) = tally::best(name) {
            println!(
                "  {what:<36} {:>10.0} /s  ({:.0} ms for {RECORDS})",
                tally::per_second(RECORDS as f64, d),
                d.as_secs_f64() * 1e3
            );
        }
    }
    tally::target(
        "a suspended enrollment costs <= 128 bytes beyond its record",
        per_enrollment <= 128.0,
        &format!("{per_enrollment:.1} bytes"),
    );
}
