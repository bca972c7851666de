//! Mermaid `flowchart TD`: one `subgraph` per workflow, the chart's ids, and
//! every label quoted with Mermaid's entity codes for the characters that
//! could end or reinterpret it (a label may be `end`, hold quotes, `#`, `<`).

use std::fmt::Write;

use super::{Chart, EdgeKind, NodeKind, display_label, display_lines, palette};

/// Every kind, in the order their classes are declared.
const KINDS: [NodeKind; 11] = [
    NodeKind::Trigger,
    NodeKind::Action,
    NodeKind::Edit,
    NodeKind::Delay,
    NodeKind::If,
    NodeKind::Branch,
    NodeKind::Split,
    NodeKind::EventWait,
    NodeKind::EnrollIn,
    NodeKind::Stop,
    NodeKind::End,
];

pub fn render(chart: &Chart) -> String {
    let mut out = String::from("flowchart TD\n");
    for (index, cluster) in chart.clusters.iter().enumerate() {
        let _ = writeln!(
            out,
            "  subgraph c{index}[{}]",
            quote(std::slice::from_ref(&cluster.name))
        );
        out.push_str("    direction TB\n");
        for (_, node) in chart.cluster_nodes(index) {
            let mut lines = display_lines(node);
            if node.kind == NodeKind::Trigger {
                lines.insert(0, "Trigger".to_string());
            }
            let text = quote(&lines);
            let shape = match node.kind {
                NodeKind::If | NodeKind::Branch | NodeKind::Split => format!("{{{text}}}"),
                NodeKind::Stop | NodeKind::End => format!("([{text}])"),
                NodeKind::Trigger => format!("[{text}]"),
                _ => format!("({text})"),
            };
            let _ = writeln!(out, "    {}{shape}", node.id);
        }
        out.push_str("  end\n");
    }
    for edge in &chart.edges {
        let arrow = match edge.kind {
            EdgeKind::Flow => "-->",
            EdgeKind::Goto | EdgeKind::Enroll => "-.->",
        };
        let from = &chart.nodes[edge.from].id;
        let to = &chart.nodes[edge.to].id;
        match &edge.label {
            Some(label) => {
                let _ = writeln!(out, "  {from} {arrow}|{}| {to}", quote(&display_label(label)));
            }
            None => {
                let _ = writeln!(out, "  {from} {arrow} {to}");
            }
        }
    }
    for kind in KINDS {
        let ids: Vec<&str> = chart
            .nodes
            .iter()
            .filter(|node| node.kind == kind)
            .map(|node| node.id.as_str())
            .collect();
        if ids.is_empty() {
            continue;
        }
        let (stroke, fill) = palette(kind);
        let class = format!("wf_{}", kind.as_str().replace('-', "_"));
        let _ = writeln!(out, "  classDef {class} fill:{fill},stroke:{stroke},color:#212529");
        let _ = writeln!(out, "  class {} {class}", ids.join(","));
    }
    out
}

/// A quoted Mermaid label: lines joined by `<br>`, and every character that
/// Mermaid or its HTML labels would read written as an entity code.
fn quote(lines: &[String]) -> String {
    let mut out = String::from("\"");
    for (index, line) in lines.iter().enumerate() {
        if index > 0 {
            out.push_str("<br>");
        }
        for c in line.chars() {
            match c {
                '"' => out.push_str("#quot;"),
                '#' => out.push_str("#35;"),
                '<' => out.push_str("#lt;"),
                '>' => out.push_str("#gt;"),
                '&' => out.push_str("#amp;"),
                '`' => out.push_str("#96;"),
                '|' => out.push_str("#124;"),
                '\n' | '\r' => out.push(' '),
                c => out.push(c),
            }
        }
    }
    out.push('"');
    out
}
