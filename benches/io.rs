//! The reader/writer bench (issue 10): is the hand-written code worth
//! keeping? Each pair does the same work on the same input, end to end, and
//! both give the same result (`tests/serde_io.rs`, `tests/run.rs`):
//!
//! - **records in**: the records file from disk into `wf run`'s engine (an
//!   `Engine` over the e2e workflow, each record added as it is read), for
//!   100,000 and 1,000,000 generated contacts; the hand-written chunked
//!   reader against serde's streaming `DeserializeSeed` (and, for scale,
//!   the same seed over the whole file read into memory);
//! - **trace out**: the JSONL trace of the e2e workflow over 100,000
//!   contacts (400,000 lines), entry by entry into a 64 KiB `BufWriter`, as
//!   `wf run` writes it; the hand-written writer against `serde::Serialize`
//!   with `serde_json::to_writer`.
//!
//! The table at the end gives the best and the median of the iterations and
//! the ratio serde / hand-written (above 1: the hand-written code is faster).
//!
//! `cargo bench --bench io`

mod inputs;
mod tally;

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, SamplingMode, Throughput};
use wf::compile::Program;
use wf::engine::history::{JsonlWriter, SerdeJsonlWriter};
use wf::engine::input::{self, Streamed};
use wf::engine::{Engine, EngineOptions, HistoryEntry, HistorySink, RecordingHandler, VecSink};

const SIZES: [usize; 2] = [100_000, 1_000_000];

/// The records whose trace the writers write.
const TRACE_RECORDS: usize = 100_000;

/// The e2e bench's workflow: what `wf run` reads the records for.
const WORKFLOW: &str = r#"workflow "Score and split" {
  object contact
  enroll when score >= 0

  if score >= 80 and lifecycle_stage == "lead" {
    increment score by 10
  } else if score >= 40 or country == "SE" {
    increment score by 5
  } else {
    increment score
  }
  split {
    50% { send_email("variant-a") }
    30% { send_email("variant-b") }
    20% { set segment = "c" }
  }
}
"#;

/// Every timed iteration, by name.
static SAMPLES: Mutex<BTreeMap<String, Vec<Duration>>> = Mutex::new(BTreeMap::new());

fn keep(name: &str, elapsed: Duration) {
    let mut samples = SAMPLES.lock().unwrap_or_else(|e| e.into_inner());
    samples.entry(name.to_string()).or_default().push(elapsed);
}

/// The CPU time this thread has used (user and system): unlike the wall
/// time, it does not count the time other work on the shared cores takes.
fn thread_cpu() -> Duration {
    // SAFETY: timespec is plain old data, so all-zero is a valid value.
    let mut t: libc::timespec = unsafe { std::mem::zeroed() };
    // SAFETY: the pointer is valid for the call.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) };
    Duration::new(t.tv_sec as u64, t.tv_nsec as u32)
}

/// Best and median of the iterations kept under `name`.
fn best_and_median(name: &str) -> Option<(Duration, Duration)> {
    let samples = SAMPLES.lock().unwrap_or_else(|e| e.into_inner());
    let mut times = samples.get(name)?.clone();
    times.sort();
    Some((*times.first()?, *times.get(times.len() / 2)?))
}

fn program() -> Program {
    let mut sources = wf::diagnostics::Sources::new();
    sources.add("io.wf", WORKFLOW);
    let report = wf::check_sources(&sources, &wf::check::CheckOptions::default());
    assert!(!report.has_errors(), "{:?}", report.diagnostics);
    match wf::compile::compile_project(&report.files, &sources) {
        Ok(program) => program,
        Err(errors) => panic!("the io workflow does not compile: {errors:?}"),
    }
}

fn options() -> EngineOptions {
    EngineOptions {
        start: input::parse_instant("2026-11-27T08:00:00Z").unwrap_or_default(),
        seed: 0,
    }
}

type Loaded = Engine<RecordingHandler, VecSink>;

/// How a reader loads the records file into an engine.
#[derive(Clone, Copy)]
enum Reader {
    /// `input::read_records_streaming`: 256 KiB chunks, borrowed strings.
    Hand,
    /// `input::read_records_serde`: `serde_json::Deserializer::from_reader`
    /// over a 256 KiB `BufReader`, a `DeserializeSeed` into the engine.
    Serde,
    /// The same seed over the whole file read first (`from_str`).
    SerdeWhole,
}

impl Reader {
    fn name(self) -> &'static str {
        match self {
            Reader::Hand => "hand",
            Reader::Serde => "serde",
            Reader::SerdeWhole => "serde-whole-file",
        }
    }

    /// Reads the file into a fresh engine; panics unless every record came.
    fn load(self, program: &Program, path: &Path) -> Loaded {
        let mut engine = Engine::new(
            program.clone(),
            RecordingHandler::new(Vec::new()),
            VecSink::default(),
            options(),
        );
        let mut add = |record: &wf::engine::RecordRef<'_>| {
            engine
                .add_record_ref(record)
                .map(|_| ())
                .map_err(|_| input::InputProblem::DuplicateId {
                    id: record.id.to_string(),
                })
        };
        let file = || File::open(path).unwrap_or_else(|e| panic!("cannot open {}: {e}", path.display()));
        let end = match self {
            Reader::Hand => input::read_records_streaming("records.json", file(), |record, _| add(record))
                .unwrap_or_else(|e| panic!("{e}")),
            Reader::Serde => input::read_records_serde(file(), add),
            Reader::SerdeWhole => {
                let mut text = String::new();
                if let Err(e) = file().read_to_string(&mut text) {
                    panic!("cannot read {}: {e}", path.display());
                }
                input::read_records_serde_text(&text, add)
            }
        };
        assert_eq!(end, Streamed::All, "{} stopped early", self.name());
        engine
    }
}

/// How a writer writes the trace.
#[derive(Clone, Copy)]
enum Writer {
    Hand,
    Serde,
}

impl Writer {
    fn name(self) -> &'static str {
        match self {
            Writer::Hand => "hand",
            Writer::Serde => "serde",
        }
    }

    /// Writes every entry as `wf run` does, into a 64 KiB buffer over `out`.
    fn write(self, entries: &[HistoryEntry], out: impl Write) {
        let out = BufWriter::with_capacity(1 << 16, out);
        let done = match self {
            Writer::Hand => {
                let mut sink = JsonlWriter::new(out);
                entries.iter().for_each(|entry| sink.record(entry));
                sink.finish()
            }
            Writer::Serde => {
                let mut sink = SerdeJsonlWriter::new(out);
                entries.iter().for_each(|entry| sink.record(entry));
                sink.finish()
            }
        };
        if let Err(e) = done {
            panic!("writing the trace failed: {e}");
        }
    }
}

/// The history of the e2e workflow over `n` records.
fn trace_entries(program: &Program, n: usize) -> Vec<HistoryEntry> {
    let path = inputs::records_file(n);
    let mut engine = Reader::Hand.load(program, &path);
    let year = options().start + chrono::Days::new(365);
    engine.run_until(year);
    engine.into_parts().1.entries
}

fn bench_readers(c: &mut Criterion, program: &Program, files: &[(usize, PathBuf)]) {
    let mut group = c.benchmark_group("io-read");
    group.sampling_mode(SamplingMode::Flat);
    for (n, path) in files {
        group.throughput(Throughput::Elements(*n as u64));
        for reader in [Reader::Hand, Reader::Serde, Reader::SerdeWhole] {
            let name = format!("read-{}-{n}", reader.name());
            group.bench_function(BenchmarkId::new(reader.name(), n), |b| {
                b.iter_custom(|iters| {
                    let mut total = Duration::ZERO;
                    for _ in 0..iters {
                        let (start, cpu) = (Instant::now(), thread_cpu());
                        let engine = reader.load(program, path);
                        let elapsed = start.elapsed();
                        keep(&format!("cpu-{name}"), thread_cpu() - cpu);
                        // Freeing the engine is not reading: outside the time.
                        drop(std::hint::black_box(engine));
                        keep(&name, elapsed);
                        total += elapsed;
                    }
                    total
                })
            });
        }
    }
    group.finish();
}

fn bench_writers(c: &mut Criterion, entries: &[HistoryEntry]) {
    let mut group = c.benchmark_group("io-write");
    group.sampling_mode(SamplingMode::Flat);
    group.throughput(Throughput::Elements(entries.len() as u64));
    for writer in [Writer::Hand, Writer::Serde] {
        let name = format!("write-{}", writer.name());
        group.bench_function(BenchmarkId::new(writer.name(), entries.len()), |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    let (start, cpu) = (Instant::now(), thread_cpu());
                    writer.write(entries, std::io::sink());
                    let elapsed = start.elapsed();
                    keep(&format!("cpu-{name}"), thread_cpu() - cpu);
                    keep(&name, elapsed);
                    total += elapsed;
                }
                total
            })
        });
    }
    group.finish();
}

/// Prints a pair's figures and ratio, by wall and by CPU time; true when the
/// hand-written one is at least 1.5 times as fast by the best and by the
/// median of both.
fn compare(what: &str, hand: &str, serde: &str, per: f64, unit: &str) -> Option<bool> {
    let wall = compare_by(&format!("{what} (wall time)"), hand, serde, per, unit)?;
    let cpu = compare_by(
        &format!("{what} (CPU time of the thread)"),
        &format!("cpu-{hand}"),
        &format!("cpu-{serde}"),
        per,
        unit,
    )?;
    Some(wall && cpu)
}

fn compare_by(what: &str, hand: &str, serde: &str, per: f64, unit: &str) -> Option<bool> {
    let (hand_best, hand_median) = best_and_median(hand)?;
    let (serde_best, serde_median) = best_and_median(serde)?;
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let rate = |d: Duration| per / d.as_secs_f64();
    println!("  {what}");
    for (who, best, median) in [
        ("hand-written", hand_best, hand_median),
        ("serde", serde_best, serde_median),
    ] {
        println!(
            "    {who:<13} best {:>9.1} ms ({:>10.0} {unit}/s)  median {:>9.1} ms",
            ms(best),
            rate(best),
            ms(median)
        );
    }
    let by_best = serde_best.as_secs_f64() / hand_best.as_secs_f64();
    let by_median = serde_median.as_secs_f64() / hand_median.as_secs_f64();
    println!("    serde / hand-written: {by_best:.2}x by the best, {by_median:.2}x by the median");
    Some(by_best >= 1.5 && by_median >= 1.5)
}

fn main() {
    let program = program();
    let files: Vec<(usize, PathBuf)> = SIZES.iter().map(|&n| (n, inputs::records_file(n))).collect();
    let entries = trace_entries(&program, TRACE_RECORDS);
    let mut trace = Vec::new();
    Writer::Hand.write(&entries, &mut trace);

    let mut c = tally::quick();
    bench_readers(&mut c, &program, &files);
    bench_writers(&mut c, &entries);
    c.final_summary();

    tally::heading("io: hand-written reader and writer against serde, end to end");
    let mut keep_reader = true;
    for (n, _) in &files {
        let what = format!("records in: {n} contacts into the engine");
        if let Some(kept) = compare(
            &what,
            &format!("read-hand-{n}"),
            &format!("read-serde-{n}"),
            *n as f64,
            "records",
        ) {
            keep_reader &= kept;
        }
        let whole = format!("read-serde-whole-file-{n}");
        if let (Some((best, median)), Some((hand, _))) =
            (best_and_median(&whole), best_and_median(&format!("read-hand-{n}")))
        {
            println!(
                "    serde, whole file first: best {:.1} ms, median {:.1} ms ({:.2}x the hand-written best)",
                best.as_secs_f64() * 1e3,
                median.as_secs_f64() * 1e3,
                best.as_secs_f64() / hand.as_secs_f64()
            );
        }
    }
    let what = format!(
        "trace out: {} lines, {:.1} MiB, of {TRACE_RECORDS} contacts",
        entries.len(),
        trace.len() as f64 / (1024.0 * 1024.0)
    );
    let keep_writer = compare(&what, "write-hand", "write-serde", entries.len() as f64, "lines");
    println!(
        "  rule (hand-written stays only if >= 1.5x faster): reader {}, writer {}",
        if keep_reader { "KEEP" } else { "USE SERDE" },
        match keep_writer {
            Some(true) => "KEEP",
            Some(false) => "USE SERDE",
            None => "not measured",
        }
    );
}
