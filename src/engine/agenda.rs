//! The agenda of LANGUAGE.md 10: tasks ordered by instant, then by the order
//! they were scheduled. A task scheduled while another runs at the same instant
//! therefore runs behind it (and behind everything already scheduled there).

use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;

use chrono::{DateTime, Utc};

/// What a task does when it runs. A task for an enrollment is current only
/// while the enrollment's ticket equals the task's `seq` (the engine draws
/// the ticket with [`Agenda::reserve`] and schedules with it); that keeps the
/// task at 32 bytes, a third of what a suspended enrollment costs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TaskKind {
    /// Start an enrollment: its `enrolled` line, the goal check, its steps.
    Start { slot: u32 },
    /// Wake a suspended enrollment (delay, window hold, retry, event timeout).
    Wake { slot: u32 },
    /// Go on after the event an enrollment waited for arrived.
    Resume { slot: u32 },
    /// Fire the `trigger`-th setting of a workflow, an `enroll every` schedule.
    Schedule { workflow: u32, trigger: u32 },
}

/// One scheduled task.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Task {
    /// When it runs.
    pub at: DateTime<Utc>,
    /// Scheduling order, unique.
    pub seq: u64,
    /// What it does.
    pub kind: TaskKind,
}

impl Ord for Task {
    fn cmp(&self, other: &Task) -> Ordering {
        (self.at, self.seq).cmp(&(other.at, other.seq))
    }
}

impl PartialOrd for Task {
    fn partial_cmp(&self, other: &Task) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Tasks by (instant, scheduling order).
#[derive(Debug, Default)]
pub struct Agenda {
    heap: BinaryHeap<Reverse<Task>>,
    next_seq: u64,
}

impl Agenda {
    /// Schedules a task behind every task already scheduled at that instant.
    pub fn schedule(&mut self, at: DateTime<Utc>, kind: TaskKind) {
        let seq = self.reserve();
        self.heap.push(Reverse(Task { at, seq, kind }));
    }

    /// Takes the next scheduling number without scheduling anything: a ticket
    /// that makes every task scheduled before it stale.
    pub fn reserve(&mut self) -> u64 {
        let seq = self.next_seq;
        self.next_seq += 1;
        seq
    }

    /// Schedules a task under a number from [`Agenda::reserve`]; call it right
    /// after reserving, so that the order of scheduling is kept.
    pub fn schedule_reserved(&mut self, at: DateTime<Utc>, seq: u64, kind: TaskKind) {
        self.heap.push(Reverse(Task { at, seq, kind }));
    }

    /// The instant of the next task.
    pub fn next_at(&self) -> Option<DateTime<Utc>> {
        self.heap.peek().map(|Reverse(task)| task.at)
    }

    /// Takes the next task if it is due at or before `limit`.
    pub fn pop_due(&mut self, limit: DateTime<Utc>) -> Option<Task> {
        if self.next_at()? > limit {
            return None;
        }
        self.heap.pop().map(|Reverse(task)| task)
    }

    /// The number of scheduled tasks (stale ones included).
    pub fn len(&self) -> usize {
        self.heap.len()
    }

    /// True when nothing is scheduled.
    pub fn is_empty(&self) -> bool {
        self.heap.is_empty()
    }

    /// True when only schedule triggers are left (each always has a next instant).
    pub fn only_schedules(&self) -> bool {
        self.heap
            .iter()
            .all(|Reverse(task)| matches!(task.kind, TaskKind::Schedule { .. }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn a_task_is_32_bytes() {
        // Every suspended enrollment has one in the heap (BENCHMARKS.md, engine).
        assert_eq!(std::mem::size_of::<std::cmp::Reverse<Task>>(), 32);
    }

    #[test]
    fn a_reserved_number_orders_like_a_scheduled_one() {
        let t = Utc
            .with_ymd_and_hms(2026, 1, 1, 9, 0, 0)
            .single()
            .expect("valid instant");
        let mut agenda = Agenda::default();
        let first = agenda.reserve();
        agenda.schedule_reserved(t, first, TaskKind::Wake { slot: 1 });
        agenda.schedule(t, TaskKind::Wake { slot: 2 });
        let order: Vec<u64> = std::iter::from_fn(|| agenda.pop_due(t)).map(|task| task.seq).collect();
        assert_eq!(order, vec![first, first + 1]);
    }

    #[test]
    fn tasks_run_by_instant_then_scheduling_order() {
        let t = |h| {
            Utc.with_ymd_and_hms(2026, 1, 1, h, 0, 0)
                .single()
                .expect("valid instant")
        };
        let mut agenda = Agenda::default();
        agenda.schedule(t(9), TaskKind::Wake { slot: 1 });
        agenda.schedule(t(8), TaskKind::Wake { slot: 2 });
        agenda.schedule(t(9), TaskKind::Wake { slot: 3 });
        assert!(agenda.pop_due(t(7)).is_none());
        let order: Vec<u32> = std::iter::from_fn(|| agenda.pop_due(t(10)))
            .map(|task| match task.kind {
                TaskKind::Wake { slot, .. } => slot,
                _ => 0,
            })
            .collect();
        assert_eq!(order, vec![2, 1, 3]);
        assert!(agenda.is_empty());
    }
}
