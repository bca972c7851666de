//! A flow's action graph turned into structured steps.
//!
//! Arms rejoin at the branch's immediate post-dominator: the first action
//! every path from the branch passes through (or the end). A node that a
//! second arm reaches by another way becomes a labelled step and that arm ends
//! with `goto`, where LANGUAGE.md 5.8 allows it (both in arms of an `if`, not
//! one inside the other); elsewhere the target's steps are repeated, with a
//! warning (IMPORT.md, "Graphs").

use std::collections::{HashMap, HashSet};

use super::flow::{Action, Flow};
use super::{InputError, MAX_ACTIONS, MAX_STEPS, Warning, codes, join};

/// A structured step; `index` is the action's position in `actions`.
#[derive(Clone, Debug, PartialEq)]
pub enum Node {
    /// A `SINGLE_CONNECTION`, `WEBHOOK` or `CUSTOM_CODE` action.
    Action { index: usize },
    /// A `LIST_BRANCH`: `if` arms (in order) and the default arm.
    If {
        index: usize,
        arms: Vec<Block>,
        default: Option<Block>,
    },
    /// A `STATIC_BRANCH`: value arms and the default arm.
    Branch {
        index: usize,
        arms: Vec<Block>,
        default: Option<Block>,
    },
    /// An `AB_TEST_BRANCH`.
    Split { index: usize, arms: Vec<Block> },
    /// A `0-29` wait, with the `hs_event_criteria_met` branch after it when
    /// there is one, and the steps of its timeout arm.
    EventWait { index: usize, on_timeout: Option<Block> },
    /// `goto LABEL`
    Goto(String),
    /// `stop`
    Stop,
}

/// A step with its optional label.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    pub label: Option<String>,
    pub node: Node,
}

/// The steps of a block.
pub type Block = Vec<Step>;

/// The label of the step made from action `id`.
pub fn label_of(id: &str) -> String {
    let mut label = String::from("step_");
    label.extend(id.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }));
    label
}

/// The `STATIC_BRANCH` that reads the outcome of the `0-29` wait `wait`.
pub fn outcome_branch(flow: &Flow, index: &HashMap<&str, usize>, wait: usize) -> Option<usize> {
    let Action::SingleConnection(action) = &flow.actions[wait] else {
        return None;
    };
    let next = *index.get(action.connection.as_ref()?.next_action_id.as_str())?;
    let Action::StaticBranch(branch) = &flow.actions[next] else {
        return None;
    };
    let reads = branch.input_value.get("dataKey").and_then(|v| v.as_str()) == Some("hs_event_criteria_met");
    let from = branch.input_value.get("actionId").and_then(|v| v.as_str());
    (reads && from.is_none_or(|id| id == action.action_id)).then_some(next)
}

/// What a block is an arm of, for the `goto` rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ArmKind {
    If,
    Other,
}

/// Where a node was written: the arms that hold it, innermost last.
#[derive(Clone, Debug)]
struct Placed {
    arms: Vec<(usize, ArmKind)>,
}

struct Builder<'a> {
    flow: &'a Flow,
    path: &'a str,
    /// Successors by action, in arm order; `None` is the end.
    succ: Vec<Vec<Option<usize>>>,
    ipdom: Vec<usize>,
    exit: usize,
    index: HashMap<&'a str, usize>,
    placed: HashMap<usize, Placed>,
    labels: HashSet<usize>,
    arm_stack: Vec<(usize, ArmKind)>,
    next_arm: usize,
    steps: usize,
    warnings: Vec<Warning>,
}

/// The structured steps of a flow, the labels used, and the warnings.
pub struct Structured {
    pub steps: Block,
    pub labelled: HashSet<usize>,
    pub warnings: Vec<Warning>,
}

/// Builds the steps of `flow`, whose JSON path is `path`.
pub fn structure(flow: &Flow, path: &str) -> Result<Structured, InputError> {
    let actions_path = join(path, "actions");
    if flow.actions.len() > MAX_ACTIONS {
        return Err(InputError::new(
            actions_path,
            format!("a flow has at most {MAX_ACTIONS} actions; split the workflow"),
        ));
    }
    let mut index: HashMap<&str, usize> = HashMap::new();
    for (i, action) in flow.actions.iter().enumerate() {
        if index.insert(action.id(), i).is_some() {
            return Err(InputError::new(
                format!("{actions_path}[{i}].actionId"),
                format!("two actions have the `actionId` `{}`; give each its own", action.id()),
            ));
        }
    }
    let exit = flow.actions.len();
    let mut succ = Vec::with_capacity(exit);
    for (i, action) in flow.actions.iter().enumerate() {
        let mut targets = Vec::new();
        for (conn_path, connection) in action.connections() {
            match index.get(connection.next_action_id.as_str()) {
                Some(&t) => targets.push(Some(t)),
                None => {
                    return Err(InputError::new(
                        format!("{actions_path}[{i}].{conn_path}.nextActionId"),
                        format!(
                            "`nextActionId` `{}` names no action of the flow; point it at an existing `actionId`",
                            connection.next_action_id
                        ),
                    ));
                }
            }
        }
        // Arms without a connection end the path.
        let arm_count = match action {
            Action::StaticBranch(a) => a.static_branches.len() + 1,
            Action::ListBranch(a) => a.list_branches.len() + 1,
            Action::AbTestBranch(a) => a.test_branches.len(),
            _ => 1,
        };
        let mut full = Vec::with_capacity(arm_count);
        match action {
            Action::StaticBranch(a) => {
                let mut it = targets.into_iter();
                for b in &a.static_branches {
                    full.push(if b.connection.is_some() {
                        it.next().flatten()
                    } else {
                        None
                    });
                }
                full.push(if a.default_branch.is_some() {
                    it.next().flatten()
                } else {
                    None
                });
            }
            Action::ListBranch(a) => {
                let mut it = targets.into_iter();
                for b in &a.list_branches {
                    full.push(if b.connection.is_some() {
                        it.next().flatten()
                    } else {
                        None
                    });
                }
                full.push(if a.default_branch.is_some() {
                    it.next().flatten()
                } else {
                    None
                });
            }
            _ => {
                full = targets;
                if full.is_empty() {
                    full.push(None);
                }
            }
        }
        succ.push(full);
    }
    let start = match &flow.start_action_id {
        Some(id) => match index.get(id.as_str()) {
            Some(&s) => Some(s),
            None => {
                return Err(InputError::new(
                    join(path, "startActionId"),
                    format!("`startActionId` `{id}` names no action of the flow; point it at the first action"),
                ));
            }
        },
        None if flow.actions.is_empty() => None,
        None => Some(0),
    };
    let order = postorder(&succ, start, flow, &actions_path)?;
    let mut ipdom = vec![exit; exit + 1];
    for &n in &order {
        ipdom[n] = join_point(&succ[n], &ipdom, exit);
    }
    let mut builder = Builder {
        flow,
        path,
        succ,
        ipdom,
        exit,
        index,
        placed: HashMap::new(),
        labels: HashSet::new(),
        arm_stack: Vec::new(),
        next_arm: 0,
        steps: 0,
        warnings: Vec::new(),
    };
    let reached: HashSet<usize> = order.iter().copied().collect();
    for i in 0..flow.actions.len() {
        if !reached.contains(&i) {
            builder.warnings.push(Warning {
                code: codes::UNREACHABLE_ACTION,
                path: format!("{actions_path}[{i}]"),
                message: format!(
                    "action `{}` is reached from no path of `startActionId`; it is left out",
                    flow.actions[i].id()
                ),
            });
        }
    }
    let steps = match start {
        Some(s) => builder.sequence(s, exit, false, 0)?,
        None => Vec::new(),
    };
    Ok(Structured {
        steps,
        labelled: builder.labels,
        warnings: builder.warnings,
    })
}

/// The reachable actions in post-order (successors first), or the edge that
/// closes a loop.
fn postorder(
    succ: &[Vec<Option<usize>>],
    start: Option<usize>,
    flow: &Flow,
    actions_path: &str,
) -> Result<Vec<usize>, InputError> {
    let Some(start) = start else {
        return Ok(Vec::new());
    };
    // 0 unseen, 1 on the stack, 2 done.
    let mut state = vec![0u8; succ.len()];
    let mut order = Vec::new();
    let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
    state[start] = 1;
    while let Some(&mut (node, ref mut next)) = stack.last_mut() {
        if *next < succ[node].len() {
            let arm = *next;
            *next += 1;
            let Some(target) = succ[node][arm] else { continue };
            match state[target] {
                0 => {
                    state[target] = 1;
                    stack.push((target, 0));
                }
                1 => {
                    let conn_path = flow.actions[node]
                        .connections()
                        .into_iter()
                        .find(|(_, c)| c.next_action_id == flow.actions[target].id())
                        .map(|(p, _)| p)
                        .unwrap_or_else(|| "connection".to_string());
                    return Err(InputError::new(
                        format!("{actions_path}[{node}].{conn_path}.nextActionId"),
                        format!(
                            "the flow loops: action `{}` leads back to `{}`; a workflow's steps must not repeat",
                            flow.actions[node].id(),
                            flow.actions[target].id()
                        ),
                    ));
                }
                _ => {}
            }
        } else {
            state[node] = 2;
            order.push(node);
            stack.pop();
        }
    }
    Ok(order)
}

/// The immediate post-dominator of a node from its successors' ones.
fn join_point(succ: &[Option<usize>], ipdom: &[usize], exit: usize) -> usize {
    let targets: Vec<usize> = succ.iter().map(|t| t.unwrap_or(exit)).collect();
    let Some(&first) = targets.first() else {
        return exit;
    };
    if targets.iter().all(|&t| t == first) {
        return first;
    }
    let chain = |mut n: usize| {
        let mut set = vec![n];
        while n != exit {
            n = ipdom[n];
            set.push(n);
        }
        set
    };
    let others: Vec<HashSet<usize>> = targets[1..].iter().map(|&t| chain(t).into_iter().collect()).collect();
    chain(first)
        .into_iter()
        .find(|n| others.iter().all(|set| set.contains(n)))
        .unwrap_or(exit)
}

impl Builder<'_> {
    fn count(&mut self) -> Result<(), InputError> {
        self.steps += 1;
        if self.steps > MAX_STEPS {
            return Err(InputError::new(
                join(self.path, "actions"),
                format!(
                    "the flow would need more than {MAX_STEPS} steps (its `GO-TO` edges repeat too much); simplify it"
                ),
            ));
        }
        Ok(())
    }

    /// The steps from `from` up to (not including) `until`. `repeat` writes
    /// nodes already written again instead of jumping to them.
    fn sequence(&mut self, from: usize, until: usize, repeat: bool, depth: usize) -> Result<Block, InputError> {
        if depth > 100 {
            return Err(InputError::new(
                join(self.path, "actions"),
                "the flow's branches nest deeper than 100 levels, the language's limit; flatten it",
            ));
        }
        let mut block = Vec::new();
        let mut current = from;
        while current != until {
            if current == self.exit {
                // Only a repeated path or a timeout arm runs into the end
                // while its block would go on: end the enrollment there.
                block.push(Step {
                    label: None,
                    node: Node::Stop,
                });
                break;
            }
            self.count()?;
            if !repeat && let Some(placed) = self.placed.get(&current).cloned() {
                if self.goto_allowed(&placed) {
                    self.labels.insert(current);
                    block.push(Step {
                        label: None,
                        node: Node::Goto(label_of(self.flow.actions[current].id())),
                    });
                    return Ok(block);
                }
                self.warnings.push(Warning {
                    code: codes::REPEATED_STEPS,
                    path: format!("{}[{current}]", join(self.path, "actions")),
                    message: format!(
                        "action `{}` is reached from two arms where `goto` cannot go; its steps are repeated",
                        self.flow.actions[current].id()
                    ),
                });
                let rest = self.sequence(current, until, true, depth + 1)?;
                block.extend(rest);
                return Ok(block);
            }
            if !repeat {
                self.placed.insert(
                    current,
                    Placed {
                        arms: self.arm_stack.clone(),
                    },
                );
            }
            let (node, next) = self.node(current, repeat, depth)?;
            block.push(Step { label: None, node });
            current = next;
        }
        Ok(block)
    }

    fn goto_allowed(&self, placed: &Placed) -> bool {
        let here = self.arm_stack.last();
        let Some(&(_, ArmKind::If)) = here else {
            return false;
        };
        let Some(&(target_arm, ArmKind::If)) = placed.arms.last() else {
            return false;
        };
        // The label's arm must not hold the `goto`.
        !self.arm_stack.iter().any(|(arm, _)| *arm == target_arm)
    }

    fn arm(
        &mut self,
        from: Option<usize>,
        until: usize,
        kind: ArmKind,
        repeat: bool,
        depth: usize,
    ) -> Result<Block, InputError> {
        let id = self.next_arm;
        self.next_arm += 1;
        self.arm_stack.push((id, kind));
        let result = self.sequence(from.unwrap_or(self.exit), until, repeat, depth + 1);
        self.arm_stack.pop();
        result
    }

    /// The node of action `i` and where its sequence goes on.
    fn node(&mut self, i: usize, repeat: bool, depth: usize) -> Result<(Node, usize), InputError> {
        let join = self.ipdom[i];
        let succ = self.succ[i].clone();
        match &self.flow.actions[i] {
            Action::ListBranch(_) => {
                let (last, arms) = succ.split_last().map_or((None, &[][..]), |(l, a)| (Some(*l), a));
                let mut blocks = Vec::new();
                for target in arms {
                    blocks.push(self.arm(*target, join, ArmKind::If, repeat, depth)?);
                }
                let default = match last.flatten() {
                    Some(t) => Some(self.arm(Some(t), join, ArmKind::If, repeat, depth)?),
                    None if join != self.exit => Some(self.arm(None, join, ArmKind::If, repeat, depth)?),
                    None => None,
                };
                Ok((
                    Node::If {
                        index: i,
                        arms: blocks,
                        default,
                    },
                    join,
                ))
            }
            Action::StaticBranch(_) => {
                let (last, arms) = succ.split_last().map_or((None, &[][..]), |(l, a)| (Some(*l), a));
                let mut blocks = Vec::new();
                for target in arms {
                    blocks.push(self.arm(*target, join, ArmKind::Other, repeat, depth)?);
                }
                let default = match last.flatten() {
                    Some(t) => Some(self.arm(Some(t), join, ArmKind::Other, repeat, depth)?),
                    None if join != self.exit => Some(self.arm(None, join, ArmKind::Other, repeat, depth)?),
                    None => None,
                };
                Ok((
                    Node::Branch {
                        index: i,
                        arms: blocks,
                        default,
                    },
                    join,
                ))
            }
            Action::AbTestBranch(_) => {
                let mut blocks = Vec::new();
                for target in &succ {
                    blocks.push(self.arm(*target, join, ArmKind::Other, repeat, depth)?);
                }
                Ok((Node::Split { index: i, arms: blocks }, join))
            }
            Action::SingleConnection(a) if a.action_type_id == "0-29" => {
                let Some(branch) = outcome_branch(self.flow, &self.index, i) else {
                    return Ok((Node::Action { index: i }, succ[0].unwrap_or(self.exit)));
                };
                if !repeat {
                    self.placed.insert(
                        branch,
                        Placed {
                            arms: self.arm_stack.clone(),
                        },
                    );
                }
                let Action::StaticBranch(b) = &self.flow.actions[branch] else {
                    return Ok((Node::Action { index: i }, succ[0].unwrap_or(self.exit)));
                };
                let targets = &self.succ[branch];
                let arm_target = |value: &str| {
                    b.static_branches
                        .iter()
                        .position(|s| s.branch_value.eq_ignore_ascii_case(value))
                        .map(|p| targets[p])
                };
                let default = *targets.last().unwrap_or(&None);
                let met = arm_target("true").unwrap_or(default);
                let timed_out = arm_target("false").unwrap_or(default);
                // The outcome is `true` or `false`: a missing default arm is
                // not a third path.
                let join = join_point(&[met, timed_out], &self.ipdom, self.exit);
                let met_node = met.unwrap_or(self.exit);
                if met_node == join {
                    let on_timeout = if timed_out.unwrap_or(self.exit) == join {
                        None
                    } else {
                        Some(self.arm(timed_out, join, ArmKind::Other, repeat, depth)?)
                    };
                    Ok((Node::EventWait { index: i, on_timeout }, join))
                } else {
                    // The paths do not meet before the event path's steps: the
                    // timeout arm runs to the end and stops (IMPORT.md).
                    let mut arm = self.arm(timed_out, self.exit, ArmKind::Other, true, depth)?;
                    if !matches!(arm.last(), Some(Step { node: Node::Stop, .. })) {
                        arm.push(Step {
                            label: None,
                            node: Node::Stop,
                        });
                    }
                    Ok((
                        Node::EventWait {
                            index: i,
                            on_timeout: Some(arm),
                        },
                        met_node,
                    ))
                }
            }
            _ => Ok((Node::Action { index: i }, succ[0].unwrap_or(self.exit))),
        }
    }
}
