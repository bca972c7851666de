//! Keeps the timings criterion measures (through `iter_custom`) so that a bench
//! can print its comparison table — throughput, ratios, targets — at the end of
//! the same run.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use criterion::Bencher;

/// The fastest time of one iteration seen for each benchmark name.
static BEST: Mutex<BTreeMap<String, Duration>> = Mutex::new(BTreeMap::new());

/// Runs `routine` `iters` times under criterion, timing it ourselves and
/// keeping the best time of one iteration under `name`.
pub fn timed<R>(b: &mut Bencher<'_>, name: &str, mut routine: impl FnMut() -> R) {
    b.iter_custom(|iters| {
        let start = Instant::now();
        for _ in 0..iters {
            std::hint::black_box(routine());
        }
        let elapsed = start.elapsed();
        record(name, elapsed / u32::try_from(iters.max(1)).unwrap_or(u32::MAX));
        elapsed
    });
}

/// Like [`timed`], but `setup` runs before each iteration, outside the timing.
pub fn timed_with_setup<S, R>(
    b: &mut Bencher<'_>,
    name: &str,
    mut setup: impl FnMut() -> S,
    mut routine: impl FnMut(S) -> R,
) {
    b.iter_custom(|iters| {
        let mut total = Duration::ZERO;
        for _ in 0..iters {
            let input = setup();
            let start = Instant::now();
            let out = routine(input);
            let elapsed = start.elapsed();
            total += elapsed;
            record(name, elapsed);
            drop(std::hint::black_box(out));
        }
        total
    });
}

/// Keeps `per_iter` when it is the best so far for `name`.
pub fn record(name: &str, per_iter: Duration) {
    let mut best = BEST.lock().unwrap_or_else(|e| e.into_inner());
    let entry = best.entry(name.to_string()).or_insert(per_iter);
    if per_iter < *entry {
        *entry = per_iter;
    }
}

/// The best time of one iteration recorded under `name`.
pub fn best(name: &str) -> Option<Duration> {
    BEST.lock().unwrap_or_else(|e| e.into_inner()).get(name).copied()
}

/// `n` units over `d`, per second.
pub fn per_second(n: f64, d: Duration) -> f64 {
    n / d.as_secs_f64()
}

/// Prints a heading for the summary table of a bench.
pub fn heading(title: &str) {
    println!("\n==== {title} ====");
}

/// Prints whether a target is met.
pub fn target(what: &str, met: bool, detail: &str) {
    println!("  target {what}: {} ({detail})", if met { "MET" } else { "NOT MET" });
}

/// Criterion settings for slow, large iterations on a small shared machine:
/// ten flat samples, short warm-up.
pub fn quick() -> criterion::Criterion {
    criterion::Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3))
        .without_plots()
        .configure_from_args()
}
