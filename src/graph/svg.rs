//! A self-contained SVG: each workflow laid out by `layout.rs` in a cluster
//! box, clusters side by side; `enroll in workflow` edges routed around the
//! clusters through a lane above them.
//!
//! The markup is meant to be read by tests as well as browsers: every node is
//! a `<g class="node" id="…" data-kind="…">` whose first child (class `box`)
//! is its shape (`rect` or `polygon`), every edge a `<path class="edge"
//! data-from="…" data-to="…">` made of absolute `M`, `L` and `C` commands that
//! starts and ends on its nodes' outlines, every edge label a `rect` of class
//! `label`.

use std::fmt::Write;

use super::layout::{self, Input, InputEdge, Segment};
use super::{Chart, EdgeKind, GraphError, NodeKind, caption, display_label, display_lines, palette};

const FONT: &str = "Helvetica, Arial, sans-serif";
/// Body text size and line height.
const TEXT_SIZE: f64 = 13.0;
const LINE: f64 = 17.0;
/// The caption row of a box (`ACTION`).
const CAPTION_SIZE: f64 = 9.5;
const CAPTION_ROW: f64 = 15.0;
/// Edge label text size and line height.
const LABEL_SIZE: f64 = 11.5;
const LABEL_LINE: f64 = 14.0;
const PAD_X: f64 = 12.0;
const PAD_Y: f64 = 9.0;
const MIN_BOX_WIDTH: f64 = 150.0;
/// Inner margin of a cluster and the height of its title row.
const CLUSTER_PAD: f64 = 18.0;
const TITLE_ROW: f64 = 30.0;
/// Gap between clusters, before the lanes of `enroll in workflow` edges.
const CLUSTER_GAP: f64 = 36.0;
/// Distance between two parallel `enroll in workflow` edges.
const LANE: f64 = 8.0;
const EDGE_COLOR: &str = "#868e96";
const ENROLL_COLOR: &str = "#5f3dc4";

/// The estimated width of `text` in a sans-serif font of `size` px: a
/// per-character table generous enough that text stays inside its box.
pub fn text_width(text: &str, size: f64) -> f64 {
    let em: f64 = text
        .chars()
        .map(|c| match c {
            'i' | 'j' | 'l' | '.' | ',' | ':' | ';' | '\'' | '|' | '!' | ' ' => 0.3,
            'f' | 't' | 'r' | '(' | ')' | '[' | ']' | '"' | '-' | '{' | '}' => 0.38,
            'm' | 'w' | 'M' | 'W' | '@' | '%' | '…' | '–' => 0.9,
            'A'..='Z' | '#' | '&' | '=' | '<' | '>' | '+' | '_' | '?' => 0.68,
            c if c.is_ascii() => 0.57,
            _ => 1.0,
        })
        .sum();
    em * size
}

/// An edge's path and, when it has a label, the label's centre.
type Routed = (Vec<Segment>, Option<(f64, f64)>);

/// The drawn geometry of a node.
struct Shape {
    kind: NodeKind,
    lines: Vec<String>,
    width: f64,
    height: f64,
}

fn shape_of(chart: &Chart, node: usize) -> Shape {
    let node = &chart.nodes[node];
    let lines = display_lines(node);
    // Bold lines are about 8 % wider than the table says.
    let widest = 1.08 * lines.iter().map(|line| text_width(line, TEXT_SIZE)).fold(0.0, f64::max);
    let text_height = lines.len() as f64 * LINE;
    let (width, height) = if node.kind.is_decision() {
        let height = (text_height * 2.4).max(54.0);
        let width = (widest / (1.0 - text_height / height) + 2.0 * PAD_X).max(84.0);
        (width, height)
    } else if node.kind.is_terminal() {
        (widest + 4.0 * PAD_X, 30.0)
    } else {
        let caption = if caption(node.kind).is_some() { CAPTION_ROW } else { 0.0 };
        let min = if node.kind == NodeKind::Trigger {
            220.0
        } else {
            MIN_BOX_WIDTH
        };
        ((widest + 2.0 * PAD_X).max(min), text_height + caption + 2.0 * PAD_Y)
    };
    Shape {
        kind: node.kind,
        lines,
        width: width.ceil(),
        height: height.ceil(),
    }
}

fn label_size(lines: &[String]) -> (f64, f64) {
    let widest = lines
        .iter()
        .map(|line| text_width(line, LABEL_SIZE))
        .fold(0.0, f64::max);
    ((widest + 14.0).ceil(), (lines.len() as f64 * LABEL_LINE + 6.0).ceil())
}

/// A number as written in the SVG: one decimal, never `-0.0`.
fn num(value: f64) -> String {
    let rounded = (value * 10.0).round() / 10.0;
    if rounded == 0.0 {
        "0".to_string()
    } else if rounded.fract() == 0.0 {
        format!("{rounded:.0}")
    } else {
        format!("{rounded:.1}")
    }
}

/// Text escaped for SVG content and attribute values.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if (c as u32) < 0x20 && c != '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

pub fn render(chart: &Chart) -> Result<String, GraphError> {
    let shapes: Vec<Shape> = (0..chart.nodes.len()).map(|node| shape_of(chart, node)).collect();
    let enrolls: Vec<usize> = (0..chart.edges.len())
        .filter(|&e| chart.edges[e].kind == EdgeKind::Enroll)
        .collect();
    let lanes = enrolls.len() as f64;
    let top = if enrolls.is_empty() {
        12.0
    } else {
        12.0 + LANE * (lanes + 1.0)
    };
    let gap = CLUSTER_GAP + LANE * lanes;

    // Lay out each cluster on its own, then place them side by side.
    let mut origin = vec![(0.0, 0.0); chart.nodes.len()];
    let mut centers = vec![(0.0, 0.0); chart.nodes.len()];
    let mut gaps_below = vec![0.0; chart.nodes.len()];
    let mut paths: Vec<Option<Routed>> = vec![None; chart.edges.len()];
    let mut clusters = Vec::new();
    let mut x = 12.0;
    for (index, cluster) in chart.clusters.iter().enumerate() {
        let members: Vec<usize> = chart.cluster_nodes(index).map(|(node, _)| node).collect();
        let local = |node: usize| members.iter().position(|&m| m == node);
        let mut input = Input {
            sizes: members.iter().map(|&m| (shapes[m].width, shapes[m].height)).collect(),
            edges: Vec::new(),
        };
        let mut edge_ids = Vec::new();
        for (e, edge) in chart.edges.iter().enumerate() {
            if edge.kind == EdgeKind::Enroll {
                continue;
            }
            if let (Some(from), Some(to)) = (local(edge.from), local(edge.to)) {
                let label = edge.label.as_deref().map(|label| label_size(&display_label(label)));
                input.edges.push(InputEdge { from, to, label });
                edge_ids.push(e);
            }
        }
        let placed = layout::layout(&input).map_err(|cells| GraphError::TooLarge {
            workflow: cluster.name.clone(),
            cells,
            limit: layout::MAX_CELLS,
        })?;
        let title = cluster_title(&cluster.name, &cluster.object);
        let title_width = text_width(&cluster.name, 15.0) + text_width(&title.1, 12.0) + 12.0;
        let inner = placed.width.max(title_width);
        let dx = x + CLUSTER_PAD + (inner - placed.width) / 2.0;
        let dy = top + TITLE_ROW + CLUSTER_PAD;
        for (i, &member) in members.iter().enumerate() {
            let (cx, cy) = placed.centers[i];
            centers[member] = (cx + dx, cy + dy);
            origin[member] = (
                cx + dx - shapes[member].width / 2.0,
                cy + dy - shapes[member].height / 2.0,
            );
            gaps_below[member] = placed.gaps_below[i] + dy;
        }
        for (i, &e) in edge_ids.iter().enumerate() {
            let path = placed.paths[i].iter().map(|s| shift(*s, dx, dy)).collect();
            let label = placed.labels[i].map(|(lx, ly)| (lx + dx, ly + dy));
            paths[e] = Some((path, label));
        }
        let width = inner + 2.0 * CLUSTER_PAD;
        let height = TITLE_ROW + placed.height + 2.0 * CLUSTER_PAD;
        clusters.push((x, top, width, height, title));
        x += width + gap;
    }
    let width = (x - gap + 12.0).max(24.0);
    let height = clusters.iter().map(|c| c.1 + c.3).fold(0.0, f64::max) + 12.0;

    // `enroll in workflow` edges: out of the step's side, down to the gap
    // below its layer, out of its cluster, up into the lane above the
    // clusters, along it, down beside the target cluster, into the trigger.
    for (lane, &e) in enrolls.iter().enumerate() {
        let edge = &chart.edges[e];
        let (from, to) = (edge.from, edge.to);
        let (source_cluster, target_cluster) = (chart.nodes[from].cluster, chart.nodes[to].cluster);
        let offset = LANE * (lane as f64 + 1.0);
        let lane_y = top - offset;
        let (sx, sy, sw) = (origin[from].0, centers[from].1, shapes[from].width);
        // Edges into one trigger enter its side at different heights.
        let spread = ((lane % 5) as f64 - 2.0) * 5.0;
        let reach = (shapes[to].height / 2.0 - 6.0).max(0.0);
        let (tx, ty, tw) = (
            origin[to].0,
            centers[to].1 + spread.clamp(-reach, reach),
            shapes[to].width,
        );
        let source_box = &clusters[source_cluster];
        let target_box = &clusters[target_cluster];
        let rightward = target_cluster >= source_cluster;
        let mut path = Vec::new();
        if rightward {
            let out_x = source_box.0 + source_box.2 + offset;
            path.push(Segment::Move(sx + sw, sy));
            path.push(Segment::Line(sx + sw + 7.0, sy));
            path.push(Segment::Line(sx + sw + 7.0, gaps_below[from]));
            path.push(Segment::Line(out_x, gaps_below[from]));
            path.push(Segment::Line(out_x, lane_y));
            if target_cluster == source_cluster {
                path.push(Segment::Line(out_x, ty));
                path.push(Segment::Line(tx + tw, ty));
            } else {
                let in_x = target_box.0 - offset;
                path.push(Segment::Line(in_x, lane_y));
                path.push(Segment::Line(in_x, ty));
                path.push(Segment::Line(tx, ty));
            }
        } else {
            let out_x = source_box.0 - offset;
            let in_x = target_box.0 + target_box.2 + offset;
            path.push(Segment::Move(sx, sy));
            path.push(Segment::Line(sx - 7.0, sy));
            path.push(Segment::Line(sx - 7.0, gaps_below[from]));
            path.push(Segment::Line(out_x, gaps_below[from]));
            path.push(Segment::Line(out_x, lane_y));
            path.push(Segment::Line(in_x, lane_y));
            path.push(Segment::Line(in_x, ty));
            path.push(Segment::Line(tx + tw, ty));
        }
        paths[e] = Some((path, None));
    }

    let mut out = String::new();
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" \
         font-family=\"{FONT}\">",
        w = num(width.ceil()),
        h = num(height.ceil())
    );
    let names: Vec<&str> = chart.clusters.iter().map(|cluster| cluster.name.as_str()).collect();
    let _ = writeln!(out, "<title>{}</title>", escape(&names.join(", ")));
    out.push_str("<defs>\n");
    for (id, color) in [("arrow", EDGE_COLOR), ("arrow-enroll", ENROLL_COLOR)] {
        let _ = writeln!(
            out,
            "<marker id=\"{id}\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" \
             markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M 0 0 L 10 5 L 0 10 z\" fill=\"{color}\"/></marker>"
        );
    }
    out.push_str("</defs>\n");
    let _ = writeln!(
        out,
        "<rect class=\"background\" x=\"0\" y=\"0\" width=\"{}\" height=\"{}\" fill=\"#ffffff\"/>",
        num(width.ceil()),
        num(height.ceil())
    );
    for (index, (cx, cy, cw, ch, (name, subtitle))) in clusters.iter().enumerate() {
        let _ = writeln!(
            out,
            "<g class=\"workflow\" id=\"c{index}\"><rect class=\"cluster\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" \
             rx=\"10\" fill=\"#f8f9fa\" stroke=\"#ced4da\"/><text x=\"{}\" y=\"{}\" font-size=\"15\" \
             font-weight=\"bold\" fill=\"#212529\">{}<tspan dx=\"8\" font-size=\"12\" font-weight=\"normal\" \
             fill=\"#868e96\">{}</tspan></text></g>",
            num(*cx),
            num(*cy),
            num(*cw),
            num(*ch),
            num(cx + CLUSTER_PAD),
            num(cy + 24.0),
            escape(name),
            escape(subtitle)
        );
    }
    for (e, edge) in chart.edges.iter().enumerate() {
        let Some((path, _)) = &paths[e] else { continue };
        let (color, marker, dash) = match edge.kind {
            EdgeKind::Flow => (EDGE_COLOR, "arrow", ""),
            EdgeKind::Goto => (EDGE_COLOR, "arrow", " stroke-dasharray=\"6 4\""),
            EdgeKind::Enroll => (ENROLL_COLOR, "arrow-enroll", " stroke-dasharray=\"6 4\""),
        };
        let _ = writeln!(
            out,
            "<path class=\"edge\" data-kind=\"{}\" data-from=\"{}\" data-to=\"{}\" d=\"{}\" fill=\"none\" \
             stroke=\"{color}\" stroke-width=\"1.5\"{dash} marker-end=\"url(#{marker})\"/>",
            match edge.kind {
                EdgeKind::Flow => "flow",
                EdgeKind::Goto => "goto",
                EdgeKind::Enroll => "enroll",
            },
            chart.nodes[edge.from].id,
            chart.nodes[edge.to].id,
            path_data(path)
        );
    }
    for (e, edge) in chart.edges.iter().enumerate() {
        let (Some(label), Some((_, Some((lx, ly))))) = (&edge.label, &paths[e]) else {
            continue;
        };
        let lines = display_label(label);
        let (lw, lh) = label_size(&lines);
        let _ = write!(
            out,
            "<g class=\"edge-label\" data-from=\"{}\" data-to=\"{}\"><rect class=\"label\" x=\"{}\" y=\"{}\" \
             width=\"{}\" height=\"{}\" rx=\"7\" fill=\"#ffffff\" stroke=\"#adb5bd\"/>",
            chart.nodes[edge.from].id,
            chart.nodes[edge.to].id,
            num(lx - lw / 2.0),
            num(ly - lh / 2.0),
            num(lw),
            num(lh)
        );
        for (i, line) in lines.iter().enumerate() {
            let y = ly - lh / 2.0 + 3.0 + LABEL_LINE * (i as f64 + 1.0) - 3.5;
            let _ = write!(
                out,
                "<text x=\"{}\" y=\"{}\" font-size=\"{LABEL_SIZE}\" text-anchor=\"middle\" fill=\"#343a40\">{}</text>",
                num(*lx),
                num(y),
                escape(line)
            );
        }
        out.push_str("</g>\n");
    }
    for (node, shape) in shapes.iter().enumerate() {
        write_node(
            &mut out,
            &chart.nodes[node].id,
            shape,
            origin[node],
            chart.nodes[node].label.is_some(),
        );
    }
    out.push_str("</svg>\n");
    Ok(out)
}

fn cluster_title(name: &str, object: &str) -> (String, String) {
    let subtitle = if object.is_empty() {
        String::new()
    } else {
        format!("· {object}")
    };
    (name.to_string(), subtitle)
}

fn shift(segment: Segment, dx: f64, dy: f64) -> Segment {
    match segment {
        Segment::Move(x, y) => Segment::Move(x + dx, y + dy),
        Segment::Line(x, y) => Segment::Line(x + dx, y + dy),
        Segment::Curve(a, b, c, d, x, y) => Segment::Curve(a + dx, b + dy, c + dx, d + dy, x + dx, y + dy),
    }
}

fn path_data(path: &[Segment]) -> String {
    let mut parts = Vec::with_capacity(path.len());
    for segment in path {
        parts.push(match *segment {
            Segment::Move(x, y) => format!("M {} {}", num(x), num(y)),
            Segment::Line(x, y) => format!("L {} {}", num(x), num(y)),
            Segment::Curve(a, b, c, d, x, y) => {
                format!("C {} {} {} {} {} {}", num(a), num(b), num(c), num(d), num(x), num(y))
            }
        });
    }
    parts.join(" ")
}

fn write_node(out: &mut String, id: &str, shape: &Shape, (x, y): (f64, f64), labelled: bool) {
    let (stroke, fill) = palette(shape.kind);
    let (w, h) = (shape.width, shape.height);
    let _ = write!(
        out,
        "<g class=\"node\" id=\"{id}\" data-kind=\"{}\">",
        shape.kind.as_str()
    );
    let text_height = shape.lines.len() as f64 * LINE;
    if shape.kind.is_decision() {
        let (cx, cy) = (x + w / 2.0, y + h / 2.0);
        let _ = write!(
            out,
            "<polygon class=\"box\" points=\"{},{} {},{} {},{} {},{}\" fill=\"{fill}\" stroke=\"{stroke}\" \
             stroke-width=\"1.5\"/>",
            num(cx),
            num(y),
            num(x + w),
            num(cy),
            num(cx),
            num(y + h),
            num(x),
            num(cy)
        );
        centred_lines(out, &shape.lines, cx, cy - text_height / 2.0, labelled, true);
    } else if shape.kind.is_terminal() {
        let _ = write!(
            out,
            "<rect class=\"box\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"{}\" fill=\"{fill}\" \
             stroke=\"{stroke}\" stroke-width=\"1.5\"/>",
            num(x),
            num(y),
            num(w),
            num(h),
            num(h / 2.0)
        );
        centred_lines(
            out,
            &shape.lines,
            x + w / 2.0,
            y + h / 2.0 - text_height / 2.0,
            labelled,
            true,
        );
    } else {
        let rx = if shape.kind == NodeKind::Trigger { 4.0 } else { 8.0 };
        let _ = write!(
            out,
            "<rect class=\"box\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"{rx}\" fill=\"{fill}\" \
             stroke=\"{stroke}\" stroke-width=\"1.5\"/>",
            num(x),
            num(y),
            num(w),
            num(h)
        );
        // A coloured bar on the left marks the kind at a glance.
        let _ = write!(
            out,
            "<rect x=\"{}\" y=\"{}\" width=\"4\" height=\"{}\" fill=\"{stroke}\"/>",
            num(x + 1.0),
            num(y + 6.0),
            num(h - 12.0)
        );
        let mut line_y = y + PAD_Y;
        if let Some(caption) = caption(shape.kind) {
            let _ = write!(
                out,
                "<text x=\"{}\" y=\"{}\" font-size=\"{CAPTION_SIZE}\" font-weight=\"bold\" letter-spacing=\"0.6\" \
                 fill=\"{stroke}\">{caption}</text>",
                num(x + PAD_X),
                num(line_y + 9.0)
            );
            line_y += CAPTION_ROW;
        }
        let bold_first = matches!(shape.kind, NodeKind::Action | NodeKind::EventWait | NodeKind::EnrollIn);
        for (i, line) in shape.lines.iter().enumerate() {
            let is_label = labelled && i == 0;
            let bold = is_label || (bold_first && i == usize::from(labelled));
            let color = if is_label { stroke } else { "#212529" };
            let weight = if bold { " font-weight=\"bold\"" } else { "" };
            let _ = write!(
                out,
                "<text x=\"{}\" y=\"{}\" font-size=\"{TEXT_SIZE}\"{weight} fill=\"{color}\">{}</text>",
                num(x + PAD_X),
                num(line_y + LINE * (i as f64 + 1.0) - 4.5),
                escape(line)
            );
        }
    }
    out.push_str("</g>\n");
}

fn centred_lines(out: &mut String, lines: &[String], cx: f64, top: f64, labelled: bool, bold: bool) {
    for (i, line) in lines.iter().enumerate() {
        let weight = if bold || (labelled && i == 0) {
            " font-weight=\"bold\""
        } else {
            ""
        };
        let _ = write!(
            out,
            "<text x=\"{}\" y=\"{}\" font-size=\"{TEXT_SIZE}\"{weight} text-anchor=\"middle\" fill=\"#212529\">{}</text>",
            num(cx),
            num(top + LINE * (i as f64 + 1.0) - 4.5),
            escape(line)
        );
    }
}
