//! The end-to-end bench (issue 6): the `wf` binary itself, `wf run` on
//! 100,000 and 1,000,000 generated contacts (a JSON file in, the JSONL trace
//! out to `/dev/null`), in records per second, and its peak memory (the
//! child's maximum resident set size, from `wait4`).
//!
//! To show that peak memory follows the records and not the trace, the peak
//! is also measured with a workflow that writes about three times as many
//! trace lines for the same records.
//!
//! Inputs are written once under `target/bench-inputs/`.
//!
//! `cargo bench --bench e2e`

mod inputs;
mod tally;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, SamplingMode, Throughput};

const SIZES: [usize; 2] = [100_000, 1_000_000];

/// The vm bench's workflow, enrolled by a filter trigger, with actions.
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

/// The same records, about three times the trace: a template per line.
const CHATTY: &str = r#"workflow "Chatty" {
  object contact
  enroll when score >= 0

  send_email("hello {{firstname}}")
  send_sms(message: "score {{score}} in {{country}}")
  set segment = "s-{{lifecycle_stage}}"
  send_email("goodbye {{email}}")
  set last_touch = "{{country}}-{{score}}"
  send_email("really goodbye {{firstname}}")
  set segment = "done"
  send_email("and one more for {{email}}")
}
"#;

const START: &str = "2026-11-27T08:00:00Z";

/// What one run of `wf run` cost.
struct RunCost {
    wall: Duration,
    /// Peak resident set size, in bytes.
    peak_rss: u64,
    /// Trace bytes and lines (only when counted).
    trace: Option<(u64, u64)>,
}

/// Runs `wf run FILE --records R --format jsonl` and waits for it with
/// `wait4`, which reports the child's own peak memory. With `count`, the
/// trace is read through a pipe and measured; otherwise it goes to /dev/null.
fn wf_run(workflow: &Path, records: &Path, count: bool) -> RunCost {
    let mut command = Command::new(env!("CARGO_BIN_EXE_wf"));
    command
        .arg("run")
        .arg(workflow)
        .arg("--records")
        .arg(records)
        .args(["--start", START, "--format", "jsonl"])
        .stdin(Stdio::null())
        .stderr(Stdio::inherit())
        .stdout(if count { Stdio::piped() } else { Stdio::null() });
    let start = Instant::now();
    let mut child = match command.spawn() {
        Ok(child) => child,
        Err(e) => panic!("cannot start wf: {e}"),
    };
    let reader = child.stdout.take().map(|mut out| {
        std::thread::spawn(move || {
            let mut buf = vec![0u8; 1 << 16];
            let (mut bytes, mut lines) = (0u64, 0u64);
            loop {
                match out.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        bytes += n as u64;
                        lines += buf[..n].iter().filter(|b| **b == b'\n').count() as u64;
                    }
                }
            }
            (bytes, lines)
        })
    });
    let (status, peak_rss) = wait_with_rusage(child.id());
    let wall = start.elapsed();
    let trace = reader.and_then(|r| r.join().ok());
    assert!(status == 0, "wf run exited with status {status:#x}");
    RunCost { wall, peak_rss, trace }
}

/// Waits for a child by pid; its exit status and peak RSS in bytes.
fn wait_with_rusage(pid: u32) -> (i32, u64) {
    let mut status = 0;
    // SAFETY: rusage is plain old data, so all-zero is a valid value.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `pid` is our own child, not yet waited for; both pointers are valid.
    let r = unsafe { libc::wait4(pid as libc::pid_t, &mut status, 0, &mut usage) };
    assert!(
        r == pid as libc::pid_t,
        "wait4 failed: {}",
        std::io::Error::last_os_error()
    );
    // Linux reports ru_maxrss in KiB.
    (status, (usage.ru_maxrss as u64) * 1024)
}

fn mib(bytes: u64) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

fn bench(c: &mut Criterion, workflow: &Path, files: &[(usize, PathBuf)]) {
    let mut group = c.benchmark_group("e2e");
    group.sampling_mode(SamplingMode::Flat);
    for (n, records) in files {
        group.throughput(Throughput::Elements(*n as u64));
        let name = format!("wf-run-{n}");
        group.bench_function(BenchmarkId::new("wf-run", n), |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    let cost = wf_run(workflow, records, false);
                    tally::record(&name, cost.wall);
                    total += cost.wall;
                }
                total
            })
        });
    }
    group.finish();
}

fn main() {
    let workflow = inputs::scratch_file("e2e.wf", WORKFLOW);
    let chatty = inputs::scratch_file("e2e-chatty.wf", CHATTY);
    let files: Vec<(usize, PathBuf)> = SIZES.iter().map(|&n| (n, inputs::records_file(n))).collect();

    // Peak memory and trace size, once per input, before the timed runs.
    let mut memory = Vec::new();
    for (n, records) in &files {
        let size = std::fs::metadata(records).map(|m| m.len()).unwrap_or(0);
        let plain = wf_run(&workflow, records, true);
        let heavy = wf_run(&chatty, records, true);
        memory.push((*n, size, plain, heavy));
    }

    let mut c = tally::quick();
    bench(&mut c, &workflow, &files);
    c.final_summary();

    tally::heading("e2e: `wf run --format jsonl` (JSON records in, trace to /dev/null)");
    let mut at_million = None;
    for (n, _) in &files {
        if let Some(d) = tally::best(&format!("wf-run-{n}")) {
            let rate = tally::per_second(*n as f64, d);
            println!("  {n:>9} records  {:>8.2} s  {rate:>10.0} records/s", d.as_secs_f64());
            if *n == 1_000_000 {
                at_million = Some(rate);
            }
        }
    }
    println!("  peak memory (max RSS of the child):");
    for (n, size, plain, heavy) in &memory {
        let (pb, pl) = plain.trace.unwrap_or_default();
        let (hb, hl) = heavy.trace.unwrap_or_default();
        println!(
            "  {n:>9} records ({:>6.1} MiB JSON): {:>7.1} MiB peak, trace {:>7.1} MiB / {pl} lines; \
             chatty workflow: {:>7.1} MiB peak, trace {:>7.1} MiB / {hl} lines",
            mib(*size),
            mib(plain.peak_rss),
            mib(pb),
            mib(heavy.peak_rss),
            mib(hb),
        );
    }
    if let Some(rate) = at_million {
        tally::target(
            "wf run >= 200,000 records/s at 1,000,000 records",
            rate >= 200_000.0,
            &format!("{rate:.0} records/s"),
        );
    }
    if let Some((_, _, plain, heavy)) = memory.last() {
        let (pb, _) = plain.trace.unwrap_or_default();
        let (hb, _) = heavy.trace.unwrap_or_default();
        // Streaming: more trace must not mean proportionally more memory.
        let trace_growth = hb as f64 / pb.max(1) as f64;
        let peak_growth = heavy.peak_rss as f64 / plain.peak_rss.max(1) as f64;
        tally::target(
            "peak memory follows the records, not the trace",
            peak_growth < 1.0 + (trace_growth - 1.0) / 4.0,
            &format!("trace x{trace_growth:.1}, peak x{peak_growth:.2}"),
        );
    }
}
