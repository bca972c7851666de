//! AST -> [`Chart`]: one walk over each workflow's steps that carries the
//! open "exits" (the edges still looking for their next step) from step to
//! step, so that every arm of an `if`, `branch on`, `split` or event wait
//! rejoins at the step after it.

use std::collections::BTreeMap;

use super::text::{self, written};
use super::{Chart, Cluster, Edge, EdgeKind, GraphError, Node, NodeKind};
use crate::catalog;
use crate::check::ParsedFile;
use crate::source::Sources;
use crate::suggest::suggest;
use crate::syntax::ast::{ActionCall, ArgValue, Block, DelayKind, LiteralKind, SettingKind, Step, StepKind, Workflow};

/// The most arguments an action node lists; the rest are counted.
const MAX_ARGS_SHOWN: usize = 4;
/// The most characters of one argument value shown.
const MAX_ARG_CHARS: usize = 60;

/// An edge waiting for the next step: from `from`, with an arm's label.
struct Exit {
    from: usize,
    label: Option<String>,
}

impl Exit {
    fn plain(from: usize) -> Exit {
        Exit { from, label: None }
    }

    fn labelled(from: usize, label: String) -> Exit {
        Exit {
            from,
            label: Some(label),
        }
    }
}

pub fn build(files: &[ParsedFile], sources: &Sources, only: Option<&str>) -> Result<Chart, GraphError> {
    let all: Vec<(&Workflow, &str)> = files
        .iter()
        .flat_map(|file| {
            let text = sources.get(file.file).text.as_str();
            file.ast.workflows.iter().map(move |workflow| (workflow, text))
        })
        .collect();
    if let Some(name) = only
        && !all.iter().any(|(workflow, _)| workflow.name.value == name)
    {
        let candidate = suggest(name, all.iter().map(|(workflow, _)| workflow.name.value.as_str()));
        return Err(GraphError::UnknownWorkflow {
            name: name.to_string(),
            candidate: candidate.map(str::to_string),
        });
    }
    let mut chart = Chart {
        clusters: Vec::new(),
        nodes: Vec::new(),
        edges: Vec::new(),
    };
    let mut enrolls = Vec::new();
    for (workflow, source) in all {
        if only.is_some_and(|name| workflow.name.value != name) {
            continue;
        }
        let mut builder = Builder::new(&mut chart, workflow, source);
        builder.workflow(workflow);
        enrolls.extend(builder.enrolls);
    }
    for (from, target) in enrolls {
        if let Some(cluster) = chart.clusters.iter().find(|cluster| cluster.name == target) {
            let to = cluster.trigger;
            chart.edges.push(Edge {
                from,
                to,
                label: None,
                kind: EdgeKind::Enroll,
            });
        }
    }
    Ok(chart)
}

/// Builds one workflow's cluster.
struct Builder<'a> {
    chart: &'a mut Chart,
    source: &'a str,
    cluster: usize,
    zone: String,
    /// Nodes made so far in this cluster (for ids).
    count: usize,
    /// Label -> its node.
    labels: BTreeMap<String, usize>,
    /// Exits that end in `goto LABEL`, resolved once every label is known.
    gotos: Vec<(Vec<Exit>, String)>,
    /// A label on a `goto` step -> that `goto`'s label (it draws no node).
    aliases: BTreeMap<String, String>,
    /// `enroll in workflow` nodes and their targets, linked once every
    /// workflow is charted.
    enrolls: Vec<(usize, String)>,
}

impl<'a> Builder<'a> {
    fn new(chart: &'a mut Chart, workflow: &Workflow, source: &'a str) -> Builder<'a> {
        let zone = workflow
            .settings()
            .find_map(|setting| match &setting.kind {
                SettingKind::Timezone(zone) => Some(zone.value.clone()),
                _ => None,
            })
            .unwrap_or_else(|| "UTC".to_string());
        let object = workflow
            .settings()
            .find_map(|setting| match &setting.kind {
                SettingKind::Object(object) => Some(object.name.to_string()),
                _ => None,
            })
            .unwrap_or_default();
        let cluster = chart.clusters.len();
        chart.clusters.push(Cluster {
            name: workflow.name.value.clone(),
            object,
            trigger: chart.nodes.len(),
        });
        Builder {
            chart,
            source,
            cluster,
            zone,
            count: 0,
            labels: BTreeMap::new(),
            gotos: Vec::new(),
            aliases: BTreeMap::new(),
            enrolls: Vec::new(),
        }
    }

    fn workflow(&mut self, workflow: &Workflow) {
        let rules: Vec<String> = workflow
            .settings()
            .filter_map(|setting| text::trigger_rule(&setting.kind, self.source))
            .collect();
        let trigger = self.node(NodeKind::Trigger, rules, None);
        let steps: Vec<&Step> = workflow.steps().collect();
        let exits = self.steps(steps.into_iter(), vec![Exit::plain(trigger)]);
        if !exits.is_empty() {
            let end = self.node(NodeKind::End, vec!["End".to_string()], None);
            self.connect(exits, end);
        }
        for (exits, label) in std::mem::take(&mut self.gotos) {
            // A label the checker accepted always names a node; anything
            // else is left out rather than guessed at.
            if let Some(to) = self.resolve(&label) {
                for exit in exits {
                    self.chart.edges.push(Edge {
                        from: exit.from,
                        to,
                        label: exit.label,
                        kind: EdgeKind::Goto,
                    });
                }
            }
        }
    }

    /// The node a label stands for, through labelled `goto` steps.
    fn resolve(&self, label: &str) -> Option<usize> {
        let mut label = label;
        for _ in 0..=self.aliases.len() {
            if let Some(&node) = self.labels.get(label) {
                return Some(node);
            }
            label = self.aliases.get(label)?;
        }
        None
    }

    fn steps<'s>(&mut self, steps: impl Iterator<Item = &'s Step>, mut exits: Vec<Exit>) -> Vec<Exit> {
        for step in steps {
            exits = self.step(step, exits);
        }
        exits
    }

    fn block(&mut self, block: &Block, entry: Exit) -> Vec<Exit> {
        self.steps(block.steps.iter(), vec![entry])
    }

    fn node(&mut self, kind: NodeKind, lines: Vec<String>, label: Option<String>) -> usize {
        let index = self.chart.nodes.len();
        if let Some(label) = &label {
            self.labels.entry(label.clone()).or_insert(index);
        }
        self.chart.nodes.push(Node {
            id: format!("w{}n{}", self.cluster, self.count),
            cluster: self.cluster,
            kind,
            lines,
            label,
        });
        self.count += 1;
        index
    }

    fn connect(&mut self, exits: Vec<Exit>, to: usize) {
        for exit in exits {
            // An event wait's "event" edge is found only at the next step,
            // after its timeout arm's; it goes first, as in the source (and
            // so on the left of the chart).
            let first_out = (exit.label.as_deref() == Some("event")
                && self.chart.nodes[exit.from].kind == NodeKind::EventWait)
                .then(|| self.chart.edges.iter().position(|edge| edge.from == exit.from))
                .flatten();
            let edge = Edge {
                from: exit.from,
                to,
                label: exit.label,
                kind: EdgeKind::Flow,
            };
            match first_out {
                Some(index) => self.chart.edges.insert(index, edge),
                None => self.chart.edges.push(edge),
            }
        }
    }

    /// A node that continues to the next step.
    fn simple(&mut self, step: &Step, kind: NodeKind, lines: Vec<String>, exits: Vec<Exit>) -> Vec<Exit> {
        let node = self.node(kind, lines, label_of(step));
        self.connect(exits, node);
        vec![Exit::plain(node)]
    }

    fn step(&mut self, step: &Step, exits: Vec<Exit>) -> Vec<Exit> {
        let source = self.source;
        match &step.kind {
            StepKind::Action(call) => {
                let lines = self.action_lines(None, call);
                self.simple(step, NodeKind::Action, lines, exits)
            }
            StepKind::Let { name, call } => {
                let lines = self.action_lines(Some(name.name.as_str()), call);
                self.simple(step, NodeKind::Action, lines, exits)
            }
            StepKind::Set { .. } | StepKind::Clear { .. } | StepKind::Increment { .. } | StepKind::Decrement { .. } => {
                let span = match &step.label {
                    // The step's span includes its label, shown apart.
                    Some(label) => crate::syntax::span::Span::new(label.span.end as usize, step.span.end as usize),
                    None => step.span,
                };
                let line = written(source, span).trim_start_matches(':').trim().to_string();
                self.simple(step, NodeKind::Edit, vec![line], exits)
            }
            StepKind::Delay(delay) => match &delay.kind {
                DelayKind::UntilEvent {
                    event,
                    filter,
                    timeout,
                    on_timeout,
                } => {
                    let mut lines = vec![format!("Wait for event {}", event.name)];
                    if let Some(filter) = filter {
                        lines.push(format!("where {}", written(source, filter.span)));
                    }
                    let node = self.node(NodeKind::EventWait, lines, label_of(step));
                    self.connect(exits, node);
                    let mut out = vec![Exit::labelled(node, "event".to_string())];
                    if let Some(timeout) = timeout {
                        let label = format!("timeout {}", written(source, timeout.span));
                        match on_timeout {
                            Some(block) => out.extend(self.block(block, Exit::labelled(node, label))),
                            None => out.push(Exit::labelled(node, label)),
                        }
                    }
                    out
                }
                kind => {
                    let line = text::delay(kind, &self.zone, source);
                    self.simple(step, NodeKind::Delay, vec![line], exits)
                }
            },
            StepKind::If { arms, else_block } => {
                let node = self.node(NodeKind::If, vec!["if".to_string()], label_of(step));
                self.connect(exits, node);
                let mut out = Vec::new();
                for arm in arms {
                    let entry = Exit::labelled(node, written(source, arm.cond.span));
                    out.extend(self.block(&arm.block, entry));
                }
                let entry = Exit::labelled(node, "else".to_string());
                match else_block {
                    Some(block) => out.extend(self.block(block, entry)),
                    None => out.push(entry),
                }
                out
            }
            StepKind::Branch { path, arms, else_block } => {
                let line = format!("branch on {}", path.text());
                let node = self.node(NodeKind::Branch, vec![line], label_of(step));
                self.connect(exits, node);
                let mut out = Vec::new();
                for arm in arms {
                    let values: Vec<String> = arm.values.iter().map(|value| literal(source, value)).collect();
                    let entry = Exit::labelled(node, text::shorten(values.join(", "), text::MAX_WRITTEN));
                    out.extend(self.block(&arm.block, entry));
                }
                let entry = Exit::labelled(node, "else".to_string());
                match else_block {
                    Some(block) => out.extend(self.block(block, entry)),
                    None => out.push(entry),
                }
                out
            }
            StepKind::Split { arms } => {
                let node = self.node(NodeKind::Split, vec!["split".to_string()], label_of(step));
                self.connect(exits, node);
                let mut out = Vec::new();
                for arm in arms {
                    let entry = Exit::labelled(node, format!("{}%", arm.percent.value));
                    out.extend(self.block(&arm.block, entry));
                }
                out
            }
            StepKind::Goto(label) => {
                if let Some(own) = &step.label {
                    self.aliases.insert(own.name.to_string(), label.name.to_string());
                }
                self.gotos.push((exits, label.name.to_string()));
                Vec::new()
            }
            StepKind::EnrollIn(target) => {
                let lines = vec!["Enroll in workflow".to_string(), written(source, target.span)];
                let node = self.node(NodeKind::EnrollIn, lines, label_of(step));
                self.connect(exits, node);
                self.enrolls.push((node, target.value.clone()));
                vec![Exit::plain(node)]
            }
            StepKind::Stop => {
                let node = self.node(NodeKind::Stop, vec!["Stop".to_string()], label_of(step));
                self.connect(exits, node);
                Vec::new()
            }
        }
    }

    /// `send_email` then `email: "welcome-1"`: the name (with the `let`
    /// binding) and the first few arguments, named by the catalog.
    fn action_lines(&self, binding: Option<&str>, call: &ActionCall) -> Vec<String> {
        let mut lines = vec![match binding {
            Some(name) => format!("{name} = {}", call.name.name),
            None => call.name.name.to_string(),
        }];
        let spec = catalog::lookup(&call.name.name);
        for (position, arg) in call.args.iter().take(MAX_ARGS_SHOWN).enumerate() {
            let name = match &arg.name {
                Some(name) => Some(name.name.to_string()),
                None => spec
                    .and_then(|spec| spec.params.get(position))
                    .map(|param| param.name.to_string()),
            };
            let value = match &arg.value {
                ArgValue::Expr(expr) => text::shorten(written(self.source, expr.span), MAX_ARG_CHARS),
                ArgValue::Placeholder(_) => "?".to_string(),
            };
            lines.push(match name {
                Some(name) => format!("{name}: {value}"),
                None => value,
            });
        }
        if call.args.len() > MAX_ARGS_SHOWN {
            lines.push(format!("… {} more", call.args.len() - MAX_ARGS_SHOWN));
        }
        lines
    }
}

fn label_of(step: &Step) -> Option<String> {
    step.label.as_ref().map(|label| label.name.to_string())
}

/// A `branch on` value as written (strings with their quotes).
fn literal(source: &str, value: &crate::syntax::ast::Literal) -> String {
    match &value.kind {
        LiteralKind::Str(_) | LiteralKind::Number(_) | LiteralKind::Date(_) => written(source, value.span),
        LiteralKind::Bool(b) => b.to_string(),
    }
}
