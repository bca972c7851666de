//! The limits that keep a run finite (LANGUAGE.md §12.12): a budget of work
//! per input or wake, a cap on the records actions create in one run, and
//! the last instant a wake may be scheduled at.
//!
//! Decisions where the spec is silent:
//! - The budget counts the enrollments an input or a wake cascades into and
//!   the steps they run that change something (edits, actions, `enroll in
//!   workflow`). An enrollment started directly by an input, a schedule or
//!   the start of the run is an origin of its own; one that suspends starts a
//!   new origin when it wakes. Depth (LANGUAGE.md 10) is still limited too.
//! - Once an origin's budget is spent, every further enrollment or step it
//!   would cause is refused with an `error` line and the enrollments already
//!   started go on; the work is bounded by the budget, so are the lines.
//! - A zone whose offset still changes at the end of the bundled zone tables
//!   (2099) cannot place later instants exactly, so a wake after 2099 in such
//!   a zone is refused like one past 9999 (zones without daylight-saving time,
//!   UTC among them, reach 9999).

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::{ActionHandler, Core, HistorySink};

/// Enrollments and steps one input or wake may cascade into.
pub const CASCADE_BUDGET: u32 = 10_000;

/// Records actions may create in one run unless the host says otherwise.
pub const DEFAULT_MAX_CREATED: u64 = 1_000_000;

/// The work an origin has caused so far, shared by the enrollments it
/// cascades into.
pub(super) type Cascade = Arc<AtomicU32>;

/// The budget in force while the engine works.
#[derive(Debug, Default)]
pub(super) enum Running {
    /// No enrollment is running (an input, a schedule): nothing is counted.
    #[default]
    Outside,
    /// An enrollment runs with this budget; `None` until an origin first
    /// spends (most never cause anything, and allocate nothing).
    In(Option<Cascade>),
}

impl Running {
    /// The running enrollment's budget, to share with what it causes.
    pub(super) fn shared(&self) -> Option<Cascade> {
        match self {
            Running::In(cascade) => cascade.clone(),
            Running::Outside => None,
        }
    }
}

/// Why an enrollment's wake instant cannot be used.
pub(super) fn wake_out_of_range(at: DateTime<Utc>, zone: Tz) -> Option<String> {
    if at > crate::time::latest_trace_instant() {
        return Some(
            "the enrollment was ended: its wake instant falls after 9999-12-31T23:59:59Z, the last instant a trace \
             can show; shorten the delay"
                .to_string(),
        );
    }
    if at > crate::time::last_exact_instant(zone) {
        return Some(format!(
            "the enrollment was ended: its wake instant falls after 2099, where the bundled tables of `{}` stop \
             following its daylight-saving rules; shorten the delay or use a zone without daylight-saving time",
            zone.name()
        ));
    }
    None
}

impl<H: ActionHandler, S: HistorySink> Core<H, S> {
    /// Spends one unit of the running enrollment's budget; `Err(message)`
    /// when it is spent (the caller refuses the work and writes the line).
    /// Outside a running enrollment (inputs, schedules) nothing is counted.
    pub(super) fn spend(&mut self, what: &str) -> Result<(), String> {
        let cascade = match &mut self.cascade {
            Running::Outside => return Ok(()),
            Running::In(cascade) => cascade.get_or_insert_with(Cascade::default),
        };
        let spent = cascade.fetch_add(1, Ordering::Relaxed);
        if spent < CASCADE_BUDGET {
            return Ok(());
        }
        cascade.store(CASCADE_BUDGET, Ordering::Relaxed);
        Err(format!(
            "cascade cut off: {what}, as one input or wake has already caused {CASCADE_BUDGET} enrollments and \
             steps (the limit); make sure the workflows' edits and created records do not keep enrolling records"
        ))
    }

    /// Counts a record about to be created by an action; `Err(message)` past
    /// the run's limit.
    pub(super) fn count_created(&mut self) -> Result<(), String> {
        if self.created >= self.max_created {
            return Err(format!(
                "the record was not created: actions have created {} records in this run (the limit); raise it \
                 with `--max-created N` or make sure workflows do not keep creating records",
                self.max_created
            ));
        }
        self.created += 1;
        Ok(())
    }
}
