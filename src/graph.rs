//! `wf graph` (TOOLING.md §4): a checked project's workflows as flow charts.
//!
//! [`Chart::build`] turns the AST into a graph model — one [`Cluster`] per
//! workflow, a [`Node`] per step (plus the trigger box on top and the end), an
//! [`Edge`] per way control can go — and three renderers write it out:
//! [`to_dot`] (Graphviz), [`to_mermaid`] and [`to_svg`] (laid out here, in
//! `layout.rs`, by a layered Sugiyama-style layout: no external program).
//!
//! Every output is a function of the sources alone: node ids are positional
//! (`w0n3` is the fourth node of the first workflow charted), so the same
//! source gives byte-identical output.

mod build;
mod dot;
mod layout;
mod mermaid;
mod svg;
#[cfg(test)]
mod tests;
mod text;

use crate::check::{CheckOptions, ParsedFile};
use crate::diagnostics::Diagnostic;
use crate::source::Sources;

/// The flow charts of a project (or of one of its workflows).
#[derive(Clone, Debug, PartialEq)]
pub struct Chart {
    /// One cluster per charted workflow, in source order.
    pub clusters: Vec<Cluster>,
    /// Every node; a node belongs to the cluster `node.cluster`.
    pub nodes: Vec<Node>,
    /// Every edge, in the order the builder met them.
    pub edges: Vec<Edge>,
}

/// One workflow's part of the chart.
#[derive(Clone, Debug, PartialEq)]
pub struct Cluster {
    /// The workflow's name.
    pub name: String,
    /// Its object type (`contact`), empty when the setting is missing.
    pub object: String,
    /// The index of its trigger node in [`Chart::nodes`].
    pub trigger: usize,
}

/// One box, diamond or terminal of the chart.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// The stable id (`w0n3`), unique in the chart.
    pub id: String,
    /// The cluster (workflow) it belongs to.
    pub cluster: usize,
    pub kind: NodeKind,
    /// The lines of text shown on the node, as written in the source where
    /// they quote it (conditions, arguments, templates).
    pub lines: Vec<String>,
    /// The step's label (`nudge`), shown on the node.
    pub label: Option<String>,
}

/// What a node stands for; each kind has its own shape and colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NodeKind {
    /// The enrollment rules, on top.
    Trigger,
    /// An action call (or `let NAME = ACTION(…)`).
    Action,
    /// `set`, `clear`, `increment`, `decrement`.
    Edit,
    /// A delay, its rule in words.
    Delay,
    /// `if`: a diamond, its arms labelled with their conditions.
    If,
    /// `branch on`: a diamond, its arms labelled with their values.
    Branch,
    /// `split`: a diamond, its arms labelled with their percentages.
    Split,
    /// `delay until event …`: out-edges "event" and "timeout …".
    EventWait,
    /// `enroll in workflow "…"`.
    EnrollIn,
    /// `stop`.
    Stop,
    /// The end of the workflow.
    End,
}

impl NodeKind {
    /// The kind's name in outputs (`data-kind`, class names).
    pub fn as_str(self) -> &'static str {
        match self {
            NodeKind::Trigger => "trigger",
            NodeKind::Action => "action",
            NodeKind::Edit => "edit",
            NodeKind::Delay => "delay",
            NodeKind::If => "if",
            NodeKind::Branch => "branch",
            NodeKind::Split => "split",
            NodeKind::EventWait => "event-wait",
            NodeKind::EnrollIn => "enroll",
            NodeKind::Stop => "stop",
            NodeKind::End => "end",
        }
    }

    /// Whether the node is drawn as a diamond.
    pub fn is_decision(self) -> bool {
        matches!(self, NodeKind::If | NodeKind::Branch | NodeKind::Split)
    }

    /// Whether the node is a small terminal.
    pub fn is_terminal(self) -> bool {
        matches!(self, NodeKind::Stop | NodeKind::End)
    }
}

/// A way control goes from one node to another.
#[derive(Clone, Debug, PartialEq)]
pub struct Edge {
    pub from: usize,
    pub to: usize,
    /// The arm's condition, values or percentage, or "event" / "timeout …".
    pub label: Option<String>,
    pub kind: EdgeKind,
}

/// How an edge is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EdgeKind {
    /// The next step: a solid arrow.
    Flow,
    /// `goto LABEL`: a dashed arrow to the labelled step.
    Goto,
    /// `enroll in workflow`: a dashed arrow to the target's trigger, across
    /// workflows.
    Enroll,
}

/// Why a chart cannot be drawn.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum GraphError {
    /// `--workflow Nurture` where no workflow has that name
    #[error("no workflow is named `{name}`{}", did_you_mean(candidate))]
    UnknownWorkflow { name: String, candidate: Option<String> },
    /// an SVG of a workflow with more steps than a picture can show
    #[error(
        "workflow `{workflow}` needs {cells} layout cells, more than the SVG layout's limit of {limit}; \
         chart it with `--format dot` or `--format mermaid`, or pick a smaller workflow with `--workflow`"
    )]
    TooLarge {
        workflow: String,
        cells: usize,
        limit: usize,
    },
}

fn did_you_mean(candidate: &Option<String>) -> String {
    match candidate {
        Some(name) => format!("; did you mean `{name}`?"),
        None => "; run `wf check` to list the project's workflows".to_string(),
    }
}

impl Chart {
    /// Builds the chart of every workflow of a checked project, or of the one
    /// named `workflow`. The files must have checked without errors (the
    /// builder trusts labels and names to resolve; one that does not is left
    /// out rather than panicking).
    pub fn build(files: &[ParsedFile], sources: &Sources, workflow: Option<&str>) -> Result<Chart, GraphError> {
        build::build(files, sources, workflow)
    }

    /// The nodes of one cluster, in order.
    pub fn cluster_nodes(&self, cluster: usize) -> impl Iterator<Item = (usize, &Node)> {
        self.nodes
            .iter()
            .enumerate()
            .filter(move |(_, node)| node.cluster == cluster)
    }
}

/// The three chart formats of `wf graph --format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Dot,
    Mermaid,
    Svg,
}

/// Renders a chart in one of the formats.
pub fn render(chart: &Chart, format: Format) -> Result<String, GraphError> {
    match format {
        Format::Dot => Ok(to_dot(chart)),
        Format::Mermaid => Ok(to_mermaid(chart)),
        Format::Svg => to_svg(chart),
    }
}

/// Why [`graph`] drew nothing.
#[derive(Clone, Debug)]
pub enum GraphFailure {
    /// The project has errors: every diagnostic (warnings too), sorted.
    Errors(Vec<Diagnostic>),
    /// The project checked, but the chart cannot be drawn.
    Graph(GraphError),
}

/// The whole of `wf graph` as one call (for the language server and other
/// hosts): check the project, then chart it (or its workflow `workflow`) in
/// `format`. A project with errors is not charted.
pub fn graph(
    sources: &Sources,
    options: &CheckOptions,
    workflow: Option<&str>,
    format: Format,
) -> Result<String, GraphFailure> {
    let report = crate::check_sources(sources, options);
    if report.has_errors() {
        return Err(GraphFailure::Errors(report.diagnostics));
    }
    let chart = Chart::build(&report.files, sources, workflow).map_err(GraphFailure::Graph)?;
    render(&chart, format).map_err(GraphFailure::Graph)
}

/// Graphviz DOT: one `subgraph cluster_N` per workflow.
pub fn to_dot(chart: &Chart) -> String {
    dot::render(chart)
}

/// Mermaid `flowchart TD`: one `subgraph` per workflow, synthetic ids, quoted
/// and escaped labels.
pub fn to_mermaid(chart: &Chart) -> String {
    mermaid::render(chart)
}

/// A self-contained SVG, laid out in-process, top to bottom.
pub fn to_svg(chart: &Chart) -> Result<String, GraphError> {
    svg::render(chart)
}

/// The width, in characters, at which node text is wrapped.
const NODE_WRAP: usize = 40;
/// The width, in characters, at which edge labels are wrapped.
const EDGE_WRAP: usize = 30;

/// A node's text as displayed: its label (`nudge:`) first, then its lines,
/// each wrapped to [`NODE_WRAP`] characters.
fn display_lines(node: &Node) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(label) = &node.label {
        lines.push(format!("{label}:"));
    }
    for line in &node.lines {
        lines.extend(text::wrap(line, NODE_WRAP));
    }
    lines
}

/// An edge label as displayed, wrapped to [`EDGE_WRAP`] characters.
fn display_label(label: &str) -> Vec<String> {
    text::wrap(label, EDGE_WRAP)
}

/// The colours of a kind: its stroke and its fill.
fn palette(kind: NodeKind) -> (&'static str, &'static str) {
    match kind {
        NodeKind::Trigger => ("#e8590c", "#fff4e6"),
        NodeKind::Action => ("#1c7ed6", "#e7f5ff"),
        NodeKind::Edit => ("#7048e8", "#f3f0ff"),
        NodeKind::Delay => ("#e67700", "#fff9db"),
        NodeKind::If | NodeKind::Branch => ("#2b8a3e", "#ebfbee"),
        NodeKind::Split => ("#0c8599", "#e3fafc"),
        NodeKind::EventWait => ("#c2255c", "#fff0f6"),
        NodeKind::EnrollIn => ("#5f3dc4", "#e5dbff"),
        NodeKind::Stop => ("#c92a2a", "#ffe3e3"),
        NodeKind::End => ("#495057", "#e9ecef"),
    }
}

/// The caption of a kind on a box (`ACTION`), none for diamonds and terminals.
fn caption(kind: NodeKind) -> Option<&'static str> {
    match kind {
        NodeKind::Trigger => Some("TRIGGER"),
        NodeKind::Action => Some("ACTION"),
        NodeKind::Edit => Some("EDIT RECORD"),
        _ => None,
    }
}
