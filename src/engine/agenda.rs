//! The agenda of docs/language.md 10: tasks ordered by instant, then by the order
//! they were scheduled. A task scheduled while another runs at the same instant
//! therefore runs behind it (and behind everything already scheduled there).
//!
//! Most tasks are scheduled for one instant in a row (every record's start at
//! the start of a run, the steps of a burst of inputs): those wait in a plain
//! queue, in O(1), and only the others go through the heap.

use std::cmp::{Ordering, Reverse};
use std::collections::{BinaryHeap, VecDeque};

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

/// The queue's room kept when it runs empty (in tasks).
const QUEUE_KEPT: usize = 4096;

/// Tasks by (instant, scheduling order).
#[derive(Debug, Default)]
pub struct Agenda {
    heap: BinaryHeap<Reverse<Task>>,
    /// Tasks of one instant in increasing scheduling order: every task here
    /// has the instant of the first, and a task joins only behind a smaller
    /// number, so the queue is sorted like the heap.
    queue: VecDeque<Task>,
    next_seq: u64,
}

impl Agenda {
    /// Schedules a task behind every task already scheduled at that instant.
    pub fn schedule(&mut self, at: DateTime<Utc>, kind: TaskKind) {
        let seq = self.reserve();
        self.push(Task { at, seq, kind });
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
        self.push(Task { at, seq, kind });
    }

    fn push(&mut self, task: Task) {
        let joins = match self.queue.back() {
            None => true,
            Some(last) => last.at == task.at && last.seq < task.seq,
        };
        if joins {
            self.queue.push_back(task);
        } else {
            self.heap.push(Reverse(task));
        }
    }

    /// The next task, not taken.
    fn peek(&self) -> Option<&Task> {
        match (self.heap.peek(), self.queue.front()) {
            (Some(Reverse(heap)), Some(queue)) => Some(if heap < queue { heap } else { queue }),
            (Some(Reverse(heap)), None) => Some(heap),
            (None, queue) => queue,
        }
    }

    /// The instant of the next task.
    pub fn next_at(&self) -> Option<DateTime<Utc>> {
        self.peek().map(|task| task.at)
    }

    /// Takes the next task if it is due at or before `limit`.
    pub fn pop_due(&mut self, limit: DateTime<Utc>) -> Option<Task> {
        let next = *self.peek()?;
        if next.at > limit {
            return None;
        }
        if self.queue.front() == Some(&next) {
            let task = self.queue.pop_front();
            if self.queue.is_empty() && self.queue.capacity() > QUEUE_KEPT {
                // A burst (every record's start) is over: give its room back,
                // so that suspended enrollments do not keep paying for it.
                self.queue = VecDeque::new();
            }
            task
        } else {
            self.heap.pop().map(|Reverse(task)| task)
        }
    }

    /// The number of scheduled tasks (stale ones included).
    pub fn len(&self) -> usize {
        self.heap.len() + self.queue.len()
    }

    /// True when nothing is scheduled.
    pub fn is_empty(&self) -> bool {
        self.heap.is_empty() && self.queue.is_empty()
    }

    /// True when only schedule triggers are left (each always has a next instant).
    pub fn only_schedules(&self) -> bool {
        let schedule = |task: &Task| matches!(task.kind, TaskKind::Schedule { .. });
        self.heap.iter().all(|Reverse(task)| schedule(task)) && self.queue.iter().all(schedule)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    /// 1 January 2026 at `hour`:00 UTC.
    fn t(hour: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 1, 1, hour, 0, 0)
            .single()
            .expect("valid instant")
    }

    #[test]
    fn a_task_is_32_bytes() {
        // Every suspended enrollment has one in the heap (BENCHMARKS.md, engine).
        assert_eq!(std::mem::size_of::<std::cmp::Reverse<Task>>(), 32);
    }

    #[test]
    fn a_reserved_number_orders_like_a_scheduled_one() {
        let t = t(9);
        let mut agenda = Agenda::default();
        let first = agenda.reserve();
        agenda.schedule_reserved(t, first, TaskKind::Wake { slot: 1 });
        agenda.schedule(t, TaskKind::Wake { slot: 2 });
        let order: Vec<u64> = std::iter::from_fn(|| agenda.pop_due(t)).map(|task| task.seq).collect();
        assert_eq!(order, vec![first, first + 1]);
    }

    #[test]
    fn queue_and_heap_interleave_in_order() {
        let mut agenda = Agenda::default();
        // 9 h starts the queue; 8 h and the later 9 h ones go through the heap
        // or the queue, and everything comes out by (instant, number).
        let hours = [9, 9, 8, 9, 10, 8, 9];
        for (slot, h) in hours.iter().enumerate() {
            agenda.schedule(t(*h), TaskKind::Wake { slot: slot as u32 });
        }
        let mut order = Vec::new();
        while let Some(task) = agenda.pop_due(t(9)) {
            order.push(task.seq);
            if task.seq == 2 {
                // Scheduled while 8 h runs, for 9 h: behind every 9 h task so far.
                agenda.schedule(t(9), TaskKind::Wake { slot: 99 });
            }
        }
        assert_eq!(order, vec![2, 5, 0, 1, 3, 6, 7]);
        assert_eq!(agenda.len(), 1);
        assert_eq!(agenda.next_at(), Some(t(10)));
    }

    #[test]
    fn agrees_with_a_sorted_list_on_random_schedules() {
        let base = t(0);
        let mut rng = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = move |n: u64| {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            rng % n
        };
        let mut agenda = Agenda::default();
        let mut model: Vec<(DateTime<Utc>, u64)> = Vec::new();
        let mut now = base;
        for _ in 0..5_000 {
            if next(3) > 0 {
                // Mostly now, sometimes a little later.
                let at = now + chrono::Duration::minutes(if next(2) == 0 { 0 } else { next(5) as i64 });
                let seq = agenda.reserve();
                agenda.schedule_reserved(at, seq, TaskKind::Wake { slot: 0 });
                model.push((at, seq));
            } else {
                let limit = now + chrono::Duration::minutes(2);
                model.sort();
                match agenda.pop_due(limit) {
                    Some(task) => {
                        assert_eq!((task.at, task.seq), model.remove(0));
                        now = task.at;
                    }
                    None => assert!(model.first().is_none_or(|first| first.0 > limit)),
                }
            }
            assert_eq!(agenda.len(), model.len());
        }
    }

    #[test]
    fn tasks_run_by_instant_then_scheduling_order() {
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
