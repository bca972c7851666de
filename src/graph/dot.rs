//! Graphviz DOT: one `subgraph cluster_N` per workflow, nodes shaped and
//! coloured by kind, `goto` and `enroll in workflow` as dashed edges.

use std::fmt::Write;

use super::{Chart, EdgeKind, NodeKind, display_label, display_lines, palette};

pub fn render(chart: &Chart) -> String {
    let mut out = String::new();
    out.push_str("digraph workflows {\n");
    out.push_str("  graph [rankdir=TB, fontname=\"Helvetica\", fontsize=13, nodesep=0.35, ranksep=0.45];\n");
    out.push_str("  node [fontname=\"Helvetica\", fontsize=11, penwidth=1.4];\n");
    out.push_str("  edge [fontname=\"Helvetica\", fontsize=10, color=\"#868e96\", fontcolor=\"#343a40\"];\n");
    for (index, cluster) in chart.clusters.iter().enumerate() {
        let _ = writeln!(out, "  subgraph cluster_{index} {{");
        let title = if cluster.object.is_empty() {
            cluster.name.clone()
        } else {
            format!("{} ({})", cluster.name, cluster.object)
        };
        let _ = writeln!(out, "    label={};", quote(&[title]));
        out.push_str("    style=\"rounded,filled\"; color=\"#ced4da\"; fillcolor=\"#f8f9fa\";\n");
        for (_, node) in chart.cluster_nodes(index) {
            let mut lines = display_lines(node);
            if node.kind == NodeKind::Trigger {
                lines.insert(0, "Trigger".to_string());
            }
            let (stroke, fill) = palette(node.kind);
            let shape = match node.kind {
                NodeKind::If | NodeKind::Branch | NodeKind::Split => "shape=diamond, style=filled",
                NodeKind::Stop | NodeKind::End => "shape=oval, style=filled, fontsize=10",
                NodeKind::Trigger => "shape=box, style=filled",
                _ => "shape=box, style=\"rounded,filled\"",
            };
            let _ = writeln!(
                out,
                "    {} [{shape}, color=\"{stroke}\", fillcolor=\"{fill}\", label={}];",
                node.id,
                quote(&lines)
            );
        }
        out.push_str("  }\n");
    }
    for edge in &chart.edges {
        let mut attributes = Vec::new();
        if let Some(label) = &edge.label {
            attributes.push(format!("label={}", quote(&display_label(label))));
        }
        match edge.kind {
            EdgeKind::Flow => {}
            EdgeKind::Goto => attributes.push("style=dashed".to_string()),
            EdgeKind::Enroll => {
                attributes.push("style=dashed, color=\"#5f3dc4\", constraint=false".to_string());
            }
        }
        let from = &chart.nodes[edge.from].id;
        let to = &chart.nodes[edge.to].id;
        if attributes.is_empty() {
            let _ = writeln!(out, "  {from} -> {to};");
        } else {
            let _ = writeln!(out, "  {from} -> {to} [{}];", attributes.join(", "));
        }
    }
    out.push_str("}\n");
    out
}

/// A DOT string of centred lines: quotes and backslashes escaped, each line
/// ended by `\n` (so a line ending in `\` cannot escape the quote).
fn quote(lines: &[String]) -> String {
    let mut out = String::from("\"");
    for (index, line) in lines.iter().enumerate() {
        if index > 0 {
            out.push_str("\\n");
        }
        for c in line.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\n' | '\r' => out.push(' '),
                c => out.push(c),
            }
        }
    }
    out.push('"');
    out
}
