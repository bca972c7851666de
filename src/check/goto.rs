//! Labels and `goto` (docs/language.md 5.8), and the control-flow graph behind the
//! cycle check and the "unreachable after `stop`" warning.
//!
//! The graph has one node per step. A step's successors are the step after
//! it (or, at the end of a block, whatever follows the compound step holding
//! the block), the first step of each arm of a compound step, and for `goto`
//! its label's step. Only a `goto` can make the graph cyclic.
//!
//! An arm holds every step nested in it, so a `goto` is held by each `if` arm
//! around it. Its label must be in some `if` arm that does not hold the `goto`
//! (E0304 when every arm around the label also holds the `goto`). A label in a
//! nested arm of an `if` placed before the `goto` in its arm passes this rule
//! and is left to the cycle check, which then shows the loop.

use std::collections::{HashMap, VecDeque};

use super::{Checker, NameError, Warning};
use crate::hash::FxHashMap;
use crate::suggest::suggest_all;
use crate::syntax::ast::{Block, DelayKind, Step, StepKind};
use crate::syntax::span::Span;

/// Where a step's block belongs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Container {
    /// The workflow's top level.
    Top,
    /// An arm of an `if` (by arm number within the graph).
    IfArm(usize),
    /// An arm of `branch on` or `split`, or a timeout's `else` block.
    Other,
}

/// One step of the graph.
struct Node<'a> {
    step: &'a Step,
    /// What runs after this step when it completes normally.
    next: Option<usize>,
    container: Container,
    /// Every `if` arm holding this step, innermost last.
    if_arms: Vec<usize>,
    /// True for the last step of its block.
    last_in_block: bool,
    /// The step after this one in its block, if any.
    following: Option<usize>,
}

/// The steps of one workflow as a graph.
struct Graph<'a> {
    nodes: Vec<Node<'a>>,
    /// First node of the workflow.
    entry: Option<usize>,
    /// Next `if` arm number.
    arms: usize,
    /// Each node's successors.
    successors: Vec<Vec<usize>>,
    /// Node ids by step address.
    by_step: FxHashMap<*const Step, usize>,
}

impl<'a> Graph<'a> {
    fn build(steps: &[&'a Step]) -> Graph<'a> {
        let mut graph = Graph {
            nodes: Vec::new(),
            entry: None,
            arms: 0,
            successors: Vec::new(),
            by_step: FxHashMap::default(),
        };
        graph.entry = graph.add_block(steps, None, Container::Top, &[]);
        graph.successors = (0..graph.nodes.len()).map(|id| graph.flow_successors(id)).collect();
        graph
    }

    /// Adds a block's steps; returns the block's entry (its first step, or
    /// `cont` when it is empty).
    fn add_block(
        &mut self,
        steps: &[&'a Step],
        cont: Option<usize>,
        container: Container,
        arms: &[usize],
    ) -> Option<usize> {
        let first = self.nodes.len();
        for (i, step) in steps.iter().enumerate() {
            let id = first + i;
            let is_last = i + 1 == steps.len();
            self.by_step.insert(std::ptr::from_ref(*step), id);
            self.nodes.push(Node {
                step,
                next: if is_last { cont } else { Some(id + 1) },
                container,
                if_arms: arms.to_vec(),
                last_in_block: is_last,
                following: if is_last { None } else { Some(id + 1) },
            });
        }
        for (i, step) in steps.iter().enumerate() {
            let id = first + i;
            let next = self.nodes.get(id).and_then(|node| node.next);
            self.add_children(step, next, arms);
        }
        if steps.is_empty() { cont } else { Some(first) }
    }

    /// Adds the blocks nested in a compound step; their entries are found
    /// later, when the successors are computed.
    fn add_children(&mut self, step: &'a Step, next: Option<usize>, arms: &[usize]) {
        let add = |graph: &mut Graph<'a>, block: &'a Block, container: Container, arms: &[usize]| {
            let steps: Vec<&Step> = block.steps.iter().collect();
            graph.add_block(&steps, next, container, arms);
        };
        match &step.kind {
            StepKind::If {
                arms: cond_arms,
                else_block,
            } => {
                for arm in cond_arms.iter().map(|arm| &arm.block).chain(else_block.iter()) {
                    let arm_id = self.arms;
                    self.arms += 1;
                    let mut nested = arms.to_vec();
                    nested.push(arm_id);
                    add(self, arm, Container::IfArm(arm_id), &nested);
                }
            }
            StepKind::Branch {
                arms: branch_arms,
                else_block,
                ..
            } => {
                for block in branch_arms.iter().map(|arm| &arm.block).chain(else_block.iter()) {
                    add(self, block, Container::Other, arms);
                }
            }
            StepKind::Split { arms: split_arms } => {
                for arm in split_arms {
                    add(self, &arm.block, Container::Other, arms);
                }
            }
            StepKind::Delay(delay) => {
                if let DelayKind::UntilEvent {
                    on_timeout: Some(block),
                    ..
                } = &delay.kind
                {
                    add(self, block, Container::Other, arms);
                }
            }
            _ => {}
        }
    }

    /// The node of a step.
    fn node_of(&self, step: &Step) -> Option<usize> {
        self.by_step.get(&std::ptr::from_ref(step)).copied()
    }

    /// The entry of a nested block: its first step, or the compound's next.
    fn entry_of(&self, block: &Block, next: Option<usize>) -> Option<usize> {
        block.steps.first().and_then(|step| self.node_of(step)).or(next)
    }

    /// Successors without `goto` edges (those are added once validated).
    fn flow_successors(&self, id: usize) -> Vec<usize> {
        let Some(node) = self.nodes.get(id) else {
            return Vec::new();
        };
        let next = node.next;
        let mut out: Vec<Option<usize>> = Vec::new();
        match &node.step.kind {
            StepKind::Goto(_) | StepKind::Stop => {}
            StepKind::If { arms, else_block } => {
                out.extend(arms.iter().map(|arm| self.entry_of(&arm.block, next)));
                match else_block {
                    Some(block) => out.push(self.entry_of(block, next)),
                    None => out.push(next),
                }
            }
            StepKind::Branch { arms, else_block, .. } => {
                out.extend(arms.iter().map(|arm| self.entry_of(&arm.block, next)));
                match else_block {
                    Some(block) => out.push(self.entry_of(block, next)),
                    None => out.push(next),
                }
            }
            StepKind::Split { arms } => {
                out.extend(arms.iter().map(|arm| self.entry_of(&arm.block, next)));
            }
            StepKind::Delay(delay) => {
                if let DelayKind::UntilEvent {
                    on_timeout: Some(block),
                    ..
                } = &delay.kind
                {
                    out.push(self.entry_of(block, next));
                }
                out.push(next);
            }
            _ => out.push(next),
        }
        let mut ids: Vec<usize> = out.into_iter().flatten().collect();
        ids.dedup();
        ids
    }

    /// Nodes reachable from the entry.
    fn reachable(&self) -> Vec<bool> {
        let mut seen = vec![false; self.nodes.len()];
        let mut queue: VecDeque<usize> = self.entry.into_iter().collect();
        while let Some(id) = queue.pop_front() {
            match seen.get_mut(id) {
                Some(flag) if !*flag => *flag = true,
                _ => continue,
            }
            if let Some(next) = self.successors.get(id) {
                queue.extend(next.iter().copied());
            }
        }
        seen
    }

    /// The shortest path from `from` to `to` (both included), if any.
    fn path(&self, from: usize, to: usize) -> Option<Vec<usize>> {
        let mut parent: Vec<Option<usize>> = vec![None; self.nodes.len()];
        let mut seen = vec![false; self.nodes.len()];
        let mut queue = VecDeque::from([from]);
        if let Some(flag) = seen.get_mut(from) {
            *flag = true;
        }
        while let Some(id) = queue.pop_front() {
            if id == to {
                let mut path = vec![to];
                let mut at = to;
                while let Some(Some(p)) = parent.get(at) {
                    path.push(*p);
                    at = *p;
                }
                path.reverse();
                return Some(path);
            }
            for &succ in self.successors.get(id).map(Vec::as_slice).unwrap_or(&[]) {
                if let Some(flag) = seen.get_mut(succ)
                    && !*flag
                {
                    *flag = true;
                    if let Some(slot) = parent.get_mut(succ) {
                        *slot = Some(id);
                    }
                    queue.push_back(succ);
                }
            }
        }
        None
    }

    /// A short span that names a step in a cycle: the head of a compound
    /// step, the whole step otherwise.
    fn head_span(&self, id: usize, then: Option<usize>) -> Span {
        let Some(node) = self.nodes.get(id) else {
            return Span::default();
        };
        let step = node.step;
        let start = step.span.start as usize;
        match &step.kind {
            StepKind::If { arms, .. } => match arms.first() {
                Some(arm) => Span::new(start, arm.cond.span.end as usize),
                None => step.span,
            },
            StepKind::Branch { path, .. } => Span::new(start, path.span.end as usize),
            StepKind::Split { arms } => {
                // The percentage of the arm the path takes.
                let taken = then.and_then(|next| {
                    arms.iter().find(|arm| {
                        self.nodes.get(next).is_some_and(|n| {
                            arm.block.span.start <= n.step.span.start && n.step.span.end <= arm.block.span.end
                        })
                    })
                });
                match taken.or(arms.first()) {
                    Some(arm) => arm.percent.span,
                    None => step.span,
                }
            }
            StepKind::Delay(delay) => match &delay.kind {
                DelayKind::UntilEvent { event, .. } => Span::new(start, event.span.end as usize),
                _ => step.span,
            },
            _ => step.span,
        }
    }
}

/// Collects the steps of a workflow's top level.
fn top_steps<'a>(checker: &Checker<'a>) -> Vec<&'a Step> {
    checker.workflow.steps().collect()
}

impl Checker<'_> {
    /// Labels unique and known; `goto` placement and targets; no cycles; and
    /// the unreachable-after-`stop` warning.
    pub(super) fn check_labels_and_gotos(&mut self) {
        let steps = top_steps(self);
        let mut graph = Graph::build(&steps);

        let mut labels: HashMap<&str, usize> = HashMap::new();
        let mut label_names: Vec<&str> = Vec::new();
        for (id, node) in graph.nodes.iter().enumerate() {
            if let Some(label) = &node.step.label {
                match labels.get(label.name.as_str()) {
                    Some(&first) => {
                        let first_span = graph
                            .nodes
                            .get(first)
                            .and_then(|n| n.step.label.as_ref())
                            .map(|l| l.span);
                        self.report(NameError::DuplicateLabel {
                            span: label.span,
                            name: label.name.to_string(),
                            first: first_span.unwrap_or_default(),
                        });
                    }
                    None => {
                        labels.insert(&label.name, id);
                        label_names.push(&label.name);
                    }
                }
            }
        }

        let mut gotos: Vec<(usize, usize)> = Vec::new();
        for (id, node) in graph.nodes.iter().enumerate() {
            let StepKind::Goto(target_name) = &node.step.kind else {
                continue;
            };
            let span = node.step.span;
            let placement_ok = match node.container {
                Container::IfArm(_) if node.last_in_block => true,
                container => {
                    let following = node.following.and_then(|f| graph.nodes.get(f)).map(|n| n.step.span);
                    self.report(NameError::GotoNotLast {
                        span,
                        in_if_arm: matches!(container, Container::IfArm(_)),
                        following,
                    });
                    false
                }
            };
            let Some(&target) = labels.get(target_name.name.as_str()) else {
                self.report(NameError::UnknownLabel {
                    span: target_name.span,
                    name: target_name.name.to_string(),
                    suggestions: super::owned(suggest_all(&target_name.name, label_names.iter().copied())),
                });
                continue;
            };
            let Some(target_node) = graph.nodes.get(target) else {
                continue;
            };
            let target_span = target_node
                .step
                .label
                .as_ref()
                .map_or(target_node.step.span, |l| l.span);
            if target_node.if_arms.is_empty() {
                self.report(NameError::GotoTargetOutsideIf {
                    span,
                    label: target_name.name.to_string(),
                    target: target_span,
                });
                continue;
            }
            // Every `if` arm holding the label also holds the `goto`.
            if target_node.if_arms.iter().all(|arm| node.if_arms.contains(arm)) {
                self.report(NameError::GotoSameArm {
                    span,
                    label: target_name.name.to_string(),
                    target: target_span,
                });
                continue;
            }
            if placement_ok {
                gotos.push((id, target));
            }
        }
        for &(from, to) in &gotos {
            if let Some(successors) = graph.successors.get_mut(from) {
                successors.push(to);
            }
        }

        // Report each cycle once, at its first `goto` in source order.
        let mut in_reported_cycle = vec![false; graph.nodes.len()];
        for &(goto, target) in &gotos {
            if in_reported_cycle.get(goto).copied().unwrap_or(false) {
                continue;
            }
            let Some(path) = graph.path(target, goto) else {
                continue;
            };
            for &id in &path {
                if let Some(flag) = in_reported_cycle.get_mut(id) {
                    *flag = true;
                }
            }
            let steps: Vec<Span> = path
                .iter()
                .enumerate()
                .skip(1)
                .filter(|&(_, &id)| id != goto)
                .map(|(i, &id)| graph.head_span(id, path.get(i + 1).copied()))
                .collect();
            let (Some(goto_node), Some(target_node)) = (graph.nodes.get(goto), graph.nodes.get(target)) else {
                continue;
            };
            let StepKind::Goto(label) = &goto_node.step.kind else {
                continue;
            };
            self.report(NameError::GotoCycle {
                span: goto_node.step.span,
                label: label.name.to_string(),
                target: target_node
                    .step
                    .label
                    .as_ref()
                    .map_or(target_node.step.span, |l| l.span),
                steps,
            });
        }

        self.check_unreachable(&mut graph);
    }

    /// Warns at the first step after a `stop` that nothing reaches.
    fn check_unreachable(&mut self, graph: &mut Graph<'_>) {
        let reachable = graph.reachable();
        let mut warnings = Vec::new();
        for (id, node) in graph.nodes.iter().enumerate() {
            // A `stop` nothing reaches is itself inside a reported region.
            if !matches!(node.step.kind, StepKind::Stop) || !reachable.get(id).copied().unwrap_or(false) {
                continue;
            }
            if let Some(after) = node.following
                && !reachable.get(after).copied().unwrap_or(true)
                && let Some(after_node) = graph.nodes.get(after)
            {
                warnings.push(Warning::UnreachableAfterStop {
                    span: after_node.step.span,
                    stop: node.step.span,
                });
            }
        }
        for warning in warnings {
            self.report(warning);
        }
    }
}
