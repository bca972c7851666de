//! `wf graph` (TOOLING.md §4): DOT that Graphviz accepts, Mermaid snapshots
//! (hostile labels included), SVG geometry (no overlapping boxes, edges that
//! start and end on their nodes and cross no other box) on every example and
//! on generated programs, byte-stable output, the CLI's rules, and the
//! committed pictures under `docs/graphs/`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use wf::diagnostics::Sources;
use wf::graph::{self, Chart};

/// Set to regenerate `docs/graphs/*.svg` instead of comparing with them.
const REGENERATE: &str = "WF_REGENERATE_GRAPHS";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn wf(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_wf"))
        .args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .output()
        .expect("the wf binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Every example script, sorted.
fn examples() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("examples"))
        .expect("examples folder")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "wf"))
        .collect();
    files.sort();
    assert!(files.len() >= 4, "the examples are found");
    files
}

/// A scratch directory of this test process.
fn scratch(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("wf-graph-{}-{test}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("scratch directory");
    dir
}

/// The chart of one project given as (name, source) pairs; panics on errors.
fn chart_of(files: &[(&str, &str)]) -> Chart {
    let mut sources = Sources::new();
    for (name, source) in files {
        sources.add(*name, *source);
    }
    let report = wf::check_sources(&sources, &Default::default());
    assert!(
        !report.has_errors(),
        "{}",
        wf::diagnostics::render_plain(&sources, &report.diagnostics)
    );
    Chart::build(&report.files, &sources, None).expect("chart")
}

fn chart_of_file(path: &Path) -> Chart {
    let source = std::fs::read_to_string(path).expect("readable");
    chart_of(&[(&path.display().to_string(), &source)])
}

// ---------------------------------------------------------------- DOT

#[test]
fn dot_of_every_example_is_accepted_by_graphviz() {
    // Not skipped when `dot` is missing: `.ci/run` installs Graphviz.
    let probe = Command::new("dot").arg("-V").output();
    assert!(
        probe.is_ok_and(|out| out.status.success()),
        "Graphviz `dot` is not installed; run `apt-get install -y graphviz` (as `.ci/run` does)"
    );
    let mut inputs = examples();
    inputs.push(root().join("tests/inputs/graph/hostile.wf"));
    for path in inputs {
        let out = wf(&["graph", &path.display().to_string()]);
        assert_eq!(out.status.code(), Some(0), "{}: {}", path.display(), text(&out.stderr));
        let dot_source = text(&out.stdout);
        assert!(dot_source.starts_with("digraph "), "DOT is the default on stdout");
        let clusters = dot_source.matches("subgraph cluster_").count();
        let source = std::fs::read_to_string(&path).unwrap();
        let workflows = source.lines().filter(|line| line.starts_with("workflow \"")).count();
        assert_eq!(clusters, workflows, "one cluster per workflow in {}", path.display());
        let mut child = Command::new("dot")
            .arg("-Tsvg")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("dot runs");
        use std::io::Write;
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(dot_source.as_bytes())
            .expect("dot reads");
        let rendered = child.wait_with_output().expect("dot finishes");
        assert!(
            rendered.status.success() && rendered.stderr.is_empty(),
            "dot rejected the chart of {}: {}\n{dot_source}",
            path.display(),
            text(&rendered.stderr)
        );
    }
}

#[test]
fn dot_marks_goto_and_enroll_edges_dashed() {
    let dot = graph::to_dot(&chart_of_file(&root().join("examples/lead_nurture.wf")));
    assert!(
        dot.contains("[label=\"else\", style=dashed]"),
        "goto nudge is a dashed edge:\n{dot}"
    );
    assert!(
        dot.lines()
            .any(|line| line.contains("-> w1n0") && line.contains("style=dashed")),
        "enroll in workflow is a dashed edge to the target's trigger:\n{dot}"
    );
    assert!(dot.contains("Delay until Tue 09:00 (Europe/Stockholm)"), "{dot}");
}

// ---------------------------------------------------------------- Mermaid

#[test]
fn mermaid_snapshots() {
    let mut inputs = examples();
    inputs.push(root().join("tests/inputs/graph/hostile.wf"));
    for path in inputs {
        let source = std::fs::read_to_string(&path).unwrap();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let mermaid = graph::to_mermaid(&chart_of(&[(&name, &source)]));
        insta::assert_snapshot!(
            format!("mermaid_{name}"),
            format!("----- SOURCE\n{source}\n----- MERMAID\n{mermaid}")
        );
    }
}

#[test]
fn mermaid_labels_never_leave_their_quotes() {
    let source = std::fs::read_to_string(root().join("tests/inputs/graph/hostile.wf")).unwrap();
    let mermaid = graph::to_mermaid(&chart_of(&[("hostile.wf", &source)]));
    assert!(mermaid.starts_with("flowchart TD\n"));
    for line in mermaid.lines() {
        // Each line has at most one quoted label, so exactly 0 or 2 quotes,
        // and nothing Mermaid or HTML would read inside it.
        let quotes = line.matches('"').count();
        assert!(quotes == 0 || quotes == 2, "a label escaped its quotes: {line}");
        if quotes == 2 {
            let inside = &line[line.find('"').unwrap() + 1..line.rfind('"').unwrap()];
            let without_breaks = inside.replace("<br>", "");
            assert!(!without_breaks.contains('<'), "raw `<` in {line}");
            assert!(!without_breaks.contains('|'), "raw `|` in {line}");
            let hashes_ok = without_breaks
                .match_indices('#')
                .all(|(at, _)| without_breaks[at..].find(';').is_some_and(|end| end <= 7));
            assert!(hashes_ok, "raw `#` in {line}");
        }
    }
    // The workflow called `end` is a quoted title, not the keyword.
    assert!(mermaid.contains("subgraph c0[\"end\"]"), "{mermaid}");
    assert_eq!(mermaid.lines().filter(|line| line.trim() == "end").count(), 2);
}

// ---------------------------------------------------------------- SVG geometry

#[derive(Debug, Clone, Copy)]
struct Rect {
    x: f64,
    y: f64,
    w: f64,
    h: f64,
}

impl Rect {
    fn overlaps(&self, other: &Rect) -> bool {
        self.x < other.x + other.w
            && other.x < self.x + self.w
            && self.y < other.y + other.h
            && other.y < self.y + self.h
    }

    fn strictly_inside(&self, (px, py): (f64, f64), margin: f64) -> bool {
        px > self.x + margin && px < self.x + self.w - margin && py > self.y + margin && py < self.y + self.h - margin
    }
}

/// A node's outline: a rectangle or a polygon (as its corners).
#[derive(Debug)]
struct Outline {
    bounds: Rect,
    corners: Vec<(f64, f64)>,
}

impl Outline {
    fn distance(&self, point: (f64, f64)) -> f64 {
        let n = self.corners.len();
        (0..n)
            .map(|i| segment_distance(point, self.corners[i], self.corners[(i + 1) % n]))
            .fold(f64::INFINITY, f64::min)
    }
}

fn segment_distance((px, py): (f64, f64), (ax, ay): (f64, f64), (bx, by): (f64, f64)) -> f64 {
    let (dx, dy) = (bx - ax, by - ay);
    let length = dx * dx + dy * dy;
    let t = if length == 0.0 {
        0.0
    } else {
        (((px - ax) * dx + (py - ay) * dy) / length).clamp(0.0, 1.0)
    };
    ((px - ax - t * dx).powi(2) + (py - ay - t * dy).powi(2)).sqrt()
}

fn number(node: roxmltree::Node, attribute: &str) -> f64 {
    node.attribute(attribute)
        .unwrap_or_else(|| panic!("`{attribute}` on {node:?}"))
        .parse()
        .expect("a number")
}

fn rect_of(node: roxmltree::Node) -> Rect {
    Rect {
        x: number(node, "x"),
        y: number(node, "y"),
        w: number(node, "width"),
        h: number(node, "height"),
    }
}

fn outline_of(shape: roxmltree::Node) -> Outline {
    match shape.tag_name().name() {
        "rect" => {
            let r = rect_of(shape);
            Outline {
                bounds: r,
                corners: vec![(r.x, r.y), (r.x + r.w, r.y), (r.x + r.w, r.y + r.h), (r.x, r.y + r.h)],
            }
        }
        "polygon" => {
            let corners: Vec<(f64, f64)> = shape
                .attribute("points")
                .expect("points")
                .split_whitespace()
                .map(|pair| {
                    let (x, y) = pair.split_once(',').expect("x,y");
                    (x.parse().unwrap(), y.parse().unwrap())
                })
                .collect();
            let xs = corners.iter().map(|c| c.0);
            let ys = corners.iter().map(|c| c.1);
            let (x0, x1) = (
                xs.clone().fold(f64::INFINITY, f64::min),
                xs.fold(f64::NEG_INFINITY, f64::max),
            );
            let (y0, y1) = (
                ys.clone().fold(f64::INFINITY, f64::min),
                ys.fold(f64::NEG_INFINITY, f64::max),
            );
            Outline {
                bounds: Rect {
                    x: x0,
                    y: y0,
                    w: x1 - x0,
                    h: y1 - y0,
                },
                corners,
            }
        }
        other => panic!("unexpected node shape `{other}`"),
    }
}

/// The points along a path of absolute `M`, `L`, `C` commands: its end
/// points exactly, and 16 samples per segment.
fn path_points(d: &str) -> Vec<(f64, f64)> {
    let tokens: Vec<&str> = d.split_whitespace().collect();
    let mut points = Vec::new();
    let mut at = (0.0, 0.0);
    let mut i = 0;
    let num = |s: &str| -> f64 { s.parse().unwrap_or_else(|_| panic!("a number in `{d}`")) };
    while i < tokens.len() {
        match tokens[i] {
            "M" => {
                at = (num(tokens[i + 1]), num(tokens[i + 2]));
                points.push(at);
                i += 3;
            }
            "L" => {
                let to = (num(tokens[i + 1]), num(tokens[i + 2]));
                for step in 1..=16 {
                    let t = step as f64 / 16.0;
                    points.push((at.0 + (to.0 - at.0) * t, at.1 + (to.1 - at.1) * t));
                }
                at = to;
                i += 3;
            }
            "C" => {
                let c: Vec<f64> = tokens[i + 1..i + 7].iter().map(|s| num(s)).collect();
                let (p1, p2, p3) = ((c[0], c[1]), (c[2], c[3]), (c[4], c[5]));
                for step in 1..=16 {
                    let t = step as f64 / 16.0;
                    let u = 1.0 - t;
                    let x = u * u * u * at.0 + 3.0 * u * u * t * p1.0 + 3.0 * u * t * t * p2.0 + t * t * t * p3.0;
                    let y = u * u * u * at.1 + 3.0 * u * u * t * p1.1 + 3.0 * u * t * t * p2.1 + t * t * t * p3.1;
                    points.push((x, y));
                }
                at = p3;
                i += 7;
            }
            other => panic!("unexpected path command `{other}` in `{d}`"),
        }
    }
    points
}

/// Checks the SVG's geometry; returns the number of nodes and edges seen.
fn assert_geometry(svg: &str, what: &str) -> (usize, usize) {
    let document = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("{what}: not XML: {e}"));
    let mut nodes: Vec<(String, Outline)> = Vec::new();
    for g in document
        .descendants()
        .filter(|n| n.has_tag_name("g") && n.attribute("class") == Some("node"))
    {
        let shape = g
            .children()
            .find(|c| c.attribute("class") == Some("box"))
            .unwrap_or_else(|| panic!("{what}: node without a box"));
        nodes.push((g.attribute("id").expect("id").to_string(), outline_of(shape)));
    }
    let labels: Vec<Rect> = document
        .descendants()
        .filter(|n| n.attribute("class") == Some("label"))
        .map(rect_of)
        .collect();
    let mut boxes: Vec<(String, Rect)> = nodes.iter().map(|(id, o)| (id.clone(), o.bounds)).collect();
    boxes.extend(labels.iter().enumerate().map(|(i, r)| (format!("label {i}"), *r)));
    for (i, (a, ra)) in boxes.iter().enumerate() {
        for (b, rb) in &boxes[i + 1..] {
            assert!(!ra.overlaps(rb), "{what}: `{a}` {ra:?} overlaps `{b}` {rb:?}");
        }
    }
    let outline = |id: &str| {
        &nodes
            .iter()
            .find(|(node, _)| node == id)
            .unwrap_or_else(|| panic!("{what}: an edge names `{id}`, no node has that id"))
            .1
    };
    let mut edges = 0;
    for path in document.descendants().filter(|n| n.attribute("class") == Some("edge")) {
        edges += 1;
        let (from, to) = (path.attribute("data-from").unwrap(), path.attribute("data-to").unwrap());
        let points = path_points(path.attribute("d").expect("d"));
        let (first, last) = (points[0], points[points.len() - 1]);
        let start = outline(from).distance(first);
        let end = outline(to).distance(last);
        assert!(
            start < 0.11,
            "{what}: edge {from}->{to} starts {start} away from `{from}` at {first:?}"
        );
        assert!(
            end < 0.11,
            "{what}: edge {from}->{to} ends {end} away from `{to}` at {last:?}"
        );
        // Between its ends, an edge crosses no box.
        for point in &points[1..points.len() - 1] {
            for (id, node) in &nodes {
                assert!(
                    !node.bounds.strictly_inside(*point, 1.0),
                    "{what}: edge {from}->{to} passes through `{id}` at {point:?}"
                );
            }
        }
    }
    (nodes.len(), edges)
}

#[test]
fn the_geometry_check_catches_what_it_is_for() {
    let svg = |nodes: &str, edges: &str| format!("<svg xmlns=\"http://www.w3.org/2000/svg\">{nodes}{edges}</svg>");
    let node = |id: &str, x: f64, y: f64| {
        format!(
            "<g class=\"node\" id=\"{id}\"><rect class=\"box\" x=\"{x}\" y=\"{y}\" width=\"100\" height=\"40\"/></g>"
        )
    };
    let edge = |d: &str| format!("<path class=\"edge\" data-from=\"a\" data-to=\"b\" d=\"{d}\"/>");
    let apart = format!(
        "{}{}{}",
        node("a", 0.0, 0.0),
        node("b", 0.0, 200.0),
        node("c", 200.0, 100.0)
    );
    let checks = |svg: String| std::panic::catch_unwind(move || assert_geometry(&svg, "made up")).is_ok();
    assert!(
        checks(svg(&apart, &edge("M 50 40 C 50 100 50 100 50 200"))),
        "a sound picture passes"
    );
    let overlapping = format!("{}{}", node("a", 0.0, 0.0), node("b", 50.0, 20.0));
    assert!(!checks(svg(&overlapping, "")), "overlapping boxes fail");
    assert!(!checks(svg(&apart, &edge("M 50 45 L 50 200"))), "a loose start fails");
    assert!(!checks(svg(&apart, &edge("M 50 40 L 50 190"))), "a loose end fails");
    assert!(
        !checks(svg(&apart, &edge("M 50 40 L 250 120 L 50 200"))),
        "an edge through another box fails"
    );
}

#[test]
fn svg_of_every_example_is_xml_with_sound_geometry() {
    let mut inputs = examples();
    inputs.push(root().join("tests/inputs/graph/hostile.wf"));
    for path in inputs {
        let chart = chart_of_file(&path);
        let svg = graph::to_svg(&chart).expect("svg");
        let (nodes, edges) = assert_geometry(&svg, &path.display().to_string());
        assert_eq!(nodes, chart.nodes.len(), "every node is drawn");
        assert_eq!(edges, chart.edges.len(), "every edge is drawn");
    }
}

#[test]
fn svg_text_is_escaped() {
    let source = std::fs::read_to_string(root().join("tests/inputs/graph/hostile.wf")).unwrap();
    let svg = graph::to_svg(&chart_of(&[("hostile.wf", &source)])).unwrap();
    let document = roxmltree::Document::parse(&svg).expect("XML");
    let texts: Vec<&str> = document
        .descendants()
        .filter(|n| n.is_text())
        .map(|n| n.text().unwrap_or(""))
        .collect();
    let texts = texts.join(" ");
    // Shown as written (escapes included), wrapped, and read back as text.
    assert!(texts.contains("</svg> ]]> %%"), "{texts}");
    assert!(texts.contains("set lead_status = \"a \\\"quote\\\" & <tag>"), "{texts}");
    assert!(texts.contains("#1 \\\"best\\\" -->|x| end"), "{texts}");
}

/// A small deterministic generator (xorshift) of valid workflows using every
/// kind of step, nested arms, labels with `goto`, and `enroll in workflow`.
struct Generator {
    state: u64,
    labels: usize,
}

impl Generator {
    fn next(&mut self, below: u64) -> u64 {
        self.state ^= self.state << 13;
        self.state ^= self.state >> 7;
        self.state ^= self.state << 17;
        self.state % below
    }

    /// `least` to `least + spread - 1` steps.
    fn block(&mut self, out: &mut String, depth: usize, indent: usize, least: u64, spread: u64) {
        let steps = least + self.next(spread);
        for _ in 0..steps {
            self.step(out, depth, indent);
        }
    }

    fn step(&mut self, out: &mut String, depth: usize, indent: usize) {
        let pad = "  ".repeat(indent);
        let choice = if depth >= 3 { self.next(5) } else { self.next(10) };
        match choice {
            0 => out.push_str(&format!("{pad}send_email(\"mail-{}\")\n", self.next(100))),
            1 => out.push_str(&format!("{pad}set lead_status = \"s{}\"\n", self.next(10))),
            2 => out.push_str(&format!("{pad}delay {} days\n", 1 + self.next(9))),
            3 => out.push_str(&format!("{pad}delay until tuesday 09:{:02}\n", self.next(60))),
            4 => out.push_str(&format!("{pad}create_task(\"Call {{{{firstname}}}}\", due: 1 day)\n")),
            5 | 6 => {
                let arms = 1 + self.next(3) as usize;
                self.labels += 1;
                let label = format!("l{}", self.labels);
                for arm in 0..arms {
                    let head = if arm == 0 { "if" } else { "} else if" };
                    out.push_str(&format!("{pad}{head} score >= {} {{\n", self.next(100)));
                    if arm == 0 {
                        out.push_str(&format!("{pad}  {label}: send_email(\"target\")\n"));
                    }
                    self.block(out, depth + 1, indent + 1, 0, 3);
                    if arm > 0 && self.next(2) == 0 {
                        out.push_str(&format!("{pad}  goto {label}\n"));
                    }
                }
                if self.next(2) == 0 {
                    out.push_str(&format!("{pad}}} else {{\n"));
                    self.block(out, depth + 1, indent + 1, 1, 2);
                    if self.next(3) == 0 {
                        out.push_str(&format!("{pad}  goto {label}\n"));
                    }
                }
                out.push_str(&format!("{pad}}}\n"));
            }
            7 => {
                out.push_str(&format!("{pad}branch on lead_status {{\n"));
                let arms = 1 + self.next(4);
                for arm in 0..arms {
                    out.push_str(&format!("{pad}  \"v{arm}\" => {{\n"));
                    self.block(out, depth + 1, indent + 2, 0, 3);
                    out.push_str(&format!("{pad}  }}\n"));
                }
                out.push_str(&format!("{pad}  else => {{\n"));
                if self.next(4) == 0 {
                    out.push_str(&format!("{pad}    stop\n"));
                } else {
                    self.block(out, depth + 1, indent + 2, 1, 1);
                }
                out.push_str(&format!("{pad}  }}\n{pad}}}\n"));
            }
            8 => {
                let first = 1 + self.next(99);
                out.push_str(&format!("{pad}split {{\n{pad}  {first}% {{\n"));
                self.block(out, depth + 1, indent + 2, 0, 3);
                out.push_str(&format!("{pad}  }}\n{pad}  {}% {{\n", 100 - first));
                self.block(out, depth + 1, indent + 2, 0, 3);
                out.push_str(&format!("{pad}  }}\n{pad}}}\n"));
            }
            _ => {
                if self.next(2) == 0 {
                    // Another workflow to the right, or this one.
                    let target = ["Other 0", "Other 1", "Main"][self.next(3) as usize];
                    out.push_str(&format!("{pad}enroll in workflow \"{target}\"\n"));
                } else {
                    out.push_str(&format!(
                        "{pad}delay until event form_submitted timeout {} days else {{\n",
                        1 + self.next(9)
                    ));
                    self.block(out, depth + 1, indent + 1, 1, 2);
                    out.push_str(&format!("{pad}}}\n"));
                }
            }
        }
    }

    fn program(&mut self) -> String {
        let mut out = String::from("workflow \"Main\" {\n  object contact\n  enroll when score > 10\n\n");
        self.block(&mut out, 0, 1, 1, 8);
        out.push_str("}\n");
        for other in 0..2 {
            out.push_str(&format!(
                "\nworkflow \"Other {other}\" {{\n  object contact\n  enroll manually\n  send_email(\"other\")\n{}}}\n",
                // A workflow to the left as the target.
                if self.next(2) == 0 {
                    "  enroll in workflow \"Main\"\n"
                } else {
                    ""
                }
            ));
        }
        out
    }
}

#[test]
fn svg_geometry_holds_on_generated_programs() {
    let mut generator = Generator {
        state: 0x9e37_79b9_7f4a_7c15,
        labels: 0,
    };
    let mut largest = 0;
    for case in 0..120 {
        let source = generator.program();
        let chart = chart_of(&[("generated.wf", &source)]);
        let svg = graph::to_svg(&chart).expect("svg");
        let (nodes, _) = assert_geometry(&svg, &format!("generated program {case}:\n{source}"));
        largest = largest.max(nodes);
        assert_eq!(svg, graph::to_svg(&chart).unwrap(), "byte-stable");
    }
    assert!(
        largest >= 30,
        "the generator makes programs of some size (largest: {largest} nodes)"
    );
}

// ---------------------------------------------------------------- stability

#[test]
fn every_format_is_byte_stable() {
    for path in examples() {
        let path = path.display().to_string();
        for format in ["dot", "mermaid", "svg"] {
            let first = wf(&["graph", &path, "--format", format]);
            let second = wf(&["graph", &path, "--format", format]);
            assert_eq!(first.status.code(), Some(0), "{}", text(&first.stderr));
            assert!(!first.stdout.is_empty());
            assert_eq!(first.stdout, second.stdout, "{path} as {format}");
        }
    }
}

// ---------------------------------------------------------------- CLI

#[test]
fn output_extension_picks_the_format() {
    let dir = scratch("extension");
    let example = root().join("examples/lead_nurture.wf").display().to_string();
    for (name, start) in [
        ("chart.dot", "digraph "),
        ("chart.mmd", "flowchart TD"),
        ("chart.svg", "<svg "),
    ] {
        let output = dir.join(name);
        let out = wf(&["graph", &example, "-o", &output.display().to_string()]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        assert!(out.stdout.is_empty(), "nothing on stdout with -o");
        let written = std::fs::read_to_string(&output).expect("written");
        assert!(
            written.starts_with(start),
            "{name}: {}",
            &written[..40.min(written.len())]
        );
    }
    // `--format` wins over the extension.
    let output = dir.join("chart.txt");
    let out = wf(&[
        "graph",
        &example,
        "--format",
        "mermaid",
        "-o",
        &output.display().to_string(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(std::fs::read_to_string(&output).unwrap().starts_with("flowchart TD"));
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn an_unknown_extension_without_format_is_exit_2() {
    let dir = scratch("unknown-extension");
    let output = dir.join("chart.png");
    let out = wf(&["graph", "examples/lead_nurture.wf", "-o", &output.display().to_string()]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("`.dot`, `.mmd` or `.svg`") && stderr.contains("--format"),
        "{stderr}"
    );
    assert!(!output.exists(), "nothing written");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn workflow_picks_one_and_an_unknown_name_is_exit_2_with_a_suggestion() {
    let out = wf(&["graph", "examples/lead_nurture.wf", "--workflow", "Customer onboarding"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let dot = text(&out.stdout);
    assert_eq!(dot.matches("subgraph cluster_").count(), 1);
    assert!(dot.contains("Customer onboarding") && !dot.contains("Lead nurture"));

    let out = wf(&["graph", "examples/lead_nurture.wf", "--workflow", "lead nurture"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("no workflow is named `lead nurture`"), "{stderr}");
    assert!(stderr.contains("did you mean `Lead nurture`?"), "{stderr}");
    assert!(out.stdout.is_empty());
}

#[test]
fn a_project_with_errors_is_not_graphed() {
    let dir = scratch("errors");
    let file = dir.join("broken.wf");
    std::fs::write(
        &file,
        "workflow \"W\" {\n  object contact\n  enroll manually\n  send_emial(\"x\")\n}\n",
    )
    .unwrap();
    let out = wf(&["graph", &file.display().to_string()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty(), "no chart");
    assert!(
        text(&out.stderr).contains("send_emial"),
        "diagnostics: {}",
        text(&out.stderr)
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_folder_is_every_wf_file_below_it() {
    let out = wf(&["graph", "examples"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let dot = text(&out.stdout);
    let expected: usize = examples()
        .iter()
        .map(|path| {
            let source = std::fs::read_to_string(path).unwrap();
            source.lines().filter(|line| line.starts_with("workflow \"")).count()
        })
        .sum();
    assert_eq!(dot.matches("subgraph cluster_").count(), expected);
}

// ---------------------------------------------------------------- docs

#[test]
fn committed_graphs_match_the_generator() {
    let regenerate = std::env::var_os(REGENERATE).is_some();
    let folder = root().join("docs/graphs");
    for path in examples() {
        let svg = graph::to_svg(&chart_of_file(&path)).expect("svg");
        let target = folder.join(format!("{}.svg", path.file_stem().unwrap().to_string_lossy()));
        if regenerate {
            std::fs::create_dir_all(&folder).unwrap();
            std::fs::write(&target, &svg).unwrap();
            continue;
        }
        let committed = std::fs::read_to_string(&target).unwrap_or_default();
        assert!(
            committed == svg,
            "`{}` is out of date; run `{REGENERATE}=1 cargo test --test graph committed_graphs` and commit it",
            target.display()
        );
    }
}

#[test]
fn without_files_the_project_of_wf_toml_is_charted() {
    let dir = scratch("manifest");
    std::fs::create_dir_all(dir.join("flows")).unwrap();
    std::fs::write(dir.join("wf.toml"), "[project]\nfiles = [\"flows/**/*.wf\"]\n").unwrap();
    std::fs::write(
        dir.join("flows/a.wf"),
        "workflow \"From the manifest\" {\n  object contact\n  enroll manually\n  send_email(\"a\")\n}\n",
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_wf"))
        .args(["graph", "--format", "mermaid"])
        .current_dir(&dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("the wf binary runs");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("subgraph c0[\"From the manifest\"]"));
    let _ = std::fs::remove_dir_all(dir);
}
