use super::text::{wrap, written};
use super::*;
use crate::syntax::span::Span;

fn chart(source: &str) -> Chart {
    let mut sources = Sources::new();
    sources.add("test.wf", source);
    let report = crate::check_sources(&sources, &Default::default());
    assert!(!report.has_errors(), "{:?}", report.diagnostics);
    Chart::build(&report.files, &sources, None).expect("chart")
}

#[test]
fn written_drops_comments_and_line_breaks_but_not_strings() {
    let source = "a  ==\n  \"x  # y\" # note\n  and b";
    assert_eq!(written(source, Span::new(0, source.len())), "a == \"x  # y\" and b");
}

#[test]
fn wrap_breaks_at_spaces_and_cuts_long_words() {
    assert_eq!(wrap("one two three", 7), vec!["one two", "three"]);
    assert_eq!(wrap("abcdefghij", 4), vec!["abcd", "efgh", "ij"]);
    assert_eq!(wrap("", 4), vec![""]);
}

/// `(from id, to id, label, kind)` of every edge.
fn edges(chart: &Chart) -> Vec<(String, String, Option<String>, EdgeKind)> {
    chart
        .edges
        .iter()
        .map(|e| {
            (
                chart.nodes[e.from].id.clone(),
                chart.nodes[e.to].id.clone(),
                e.label.clone(),
                e.kind,
            )
        })
        .collect()
}

fn edge(from: &str, to: &str, label: Option<&str>, kind: EdgeKind) -> (String, String, Option<String>, EdgeKind) {
    (from.to_string(), to.to_string(), label.map(str::to_string), kind)
}

#[test]
fn arms_rejoin_at_the_next_step_and_a_missing_else_goes_straight_there() {
    let chart = chart(
        "workflow \"W\" {\n  object contact\n  enroll manually\n  if score > 5 {\n    send_email(\"a\")\n  } else if score > 2 {\n  }\n  delay 1 day\n}\n",
    );
    let kinds: Vec<NodeKind> = chart.nodes.iter().map(|n| n.kind).collect();
    assert_eq!(
        kinds,
        [
            NodeKind::Trigger,
            NodeKind::If,
            NodeKind::Action,
            NodeKind::Delay,
            NodeKind::End
        ]
    );
    assert_eq!(
        edges(&chart),
        [
            edge("w0n0", "w0n1", None, EdgeKind::Flow),
            edge("w0n1", "w0n2", Some("score > 5"), EdgeKind::Flow),
            edge("w0n2", "w0n3", None, EdgeKind::Flow),
            edge("w0n1", "w0n3", Some("score > 2"), EdgeKind::Flow),
            edge("w0n1", "w0n3", Some("else"), EdgeKind::Flow),
            edge("w0n3", "w0n4", None, EdgeKind::Flow),
        ]
    );
}

#[test]
fn goto_is_a_dashed_edge_to_the_labelled_step_shown_with_its_label() {
    let chart = chart(
        "workflow \"W\" {\n  object contact\n  enroll manually\n  if score > 5 {\n    nudge: send_email(\"a\")\n  } else {\n    set x = 1\n    goto nudge\n  }\n}\n",
    );
    let nudge = chart
        .nodes
        .iter()
        .find(|n| n.label.as_deref() == Some("nudge"))
        .expect("labelled node");
    assert_eq!(nudge.kind, NodeKind::Action);
    assert!(display_lines(nudge)[0] == "nudge:", "the label is shown on its node");
    assert!(edges(&chart).contains(&edge("w0n3", &nudge.id, None, EdgeKind::Goto)));
    // The arm that ends in `goto` does not reach the end.
    assert!(!edges(&chart).iter().any(|e| e.0 == "w0n3" && e.3 == EdgeKind::Flow));
}

#[test]
fn stop_is_a_terminal_and_the_end_is_drawn_only_when_reached() {
    let chart = chart("workflow \"W\" {\n  object contact\n  enroll manually\n  send_email(\"a\")\n  stop\n}\n");
    let kinds: Vec<NodeKind> = chart.nodes.iter().map(|n| n.kind).collect();
    assert_eq!(kinds, [NodeKind::Trigger, NodeKind::Action, NodeKind::Stop]);
}

#[test]
fn enroll_edges_join_charted_workflows_only() {
    let source = "workflow \"A\" {\n  object contact\n  enroll manually\n  enroll in workflow \"B\"\n}\n\
                  workflow \"B\" {\n  object contact\n  enroll manually\n  send_email(\"b\")\n}\n";
    let all = chart(source);
    assert!(edges(&all).contains(&edge("w0n1", "w1n0", None, EdgeKind::Enroll)));
    let mut sources = Sources::new();
    sources.add("t.wf", source);
    let report = crate::check_sources(&sources, &Default::default());
    let only_a = Chart::build(&report.files, &sources, Some("A")).unwrap();
    assert_eq!(only_a.clusters.len(), 1);
    assert!(only_a.edges.iter().all(|e| e.kind != EdgeKind::Enroll));
    assert_eq!(only_a.nodes[1].lines, ["Enroll in workflow", "\"B\""]);
    let unknown = Chart::build(&report.files, &sources, Some("b")).unwrap_err();
    assert_eq!(unknown.to_string(), "no workflow is named `b`; did you mean `B`?");
}

#[test]
fn delays_and_triggers_in_words() {
    let chart = chart(
        "workflow \"W\" {\n  object company\n  timezone \"Europe/Stockholm\"\n  enroll every monday, friday at 08:00 where score > 5\n  \
         delay until tuesday 09:00\n  delay until weekday\n  delay until renewal_date - 30 days at 09:00\n  \
         delay until 2026-12-24\n  delay 1 day 12 hours\n  delay until event signed where event.kind == \"x\" timeout 7 days\n}\n",
    );
    let lines: Vec<String> = chart.nodes.iter().map(|n| n.lines.join(" | ")).collect();
    assert_eq!(
        lines,
        [
            "Every Mon, Fri at 08:00 where score > 5",
            "Delay until Tue 09:00 (Europe/Stockholm)",
            "Delay until Mon–Fri (Europe/Stockholm)",
            "Delay until 30 days before renewal_date, 09:00 (Europe/Stockholm)",
            "Delay until 2026-12-24 00:00 (Europe/Stockholm)",
            "Delay 1 day 12 hours",
            "Wait for event signed | where event.kind == \"x\"",
            "End",
        ]
    );
    let labels: Vec<Option<&str>> = chart.edges.iter().map(|e| e.label.as_deref()).collect();
    assert_eq!(labels[labels.len() - 2..], [Some("event"), Some("timeout 7 days")]);
}

#[test]
fn a_chart_too_big_to_lay_out_is_refused_not_drawn_slowly() {
    let mut source = String::from("workflow \"Huge\" {\n  object contact\n  enroll manually\n");
    for _ in 0..layout::MAX_CELLS {
        source.push_str("  send_email(\"x\")\n");
    }
    source.push_str("}\n");
    let chart = chart(&source);
    assert!(to_dot(&chart).starts_with("digraph"), "DOT has no limit");
    match to_svg(&chart) {
        Err(GraphError::TooLarge { workflow, cells, limit }) => {
            assert_eq!(workflow, "Huge");
            assert!(cells > limit);
        }
        other => panic!("expected TooLarge, got {:?}", other.map(|svg| svg.len())),
    }
}

#[test]
fn a_step_after_stop_is_drawn_below_the_trigger() {
    let chart = chart("workflow \"W\" {\n  object contact\n  enroll manually\n  stop\n  send_email(\"late\")\n}\n");
    let svg = to_svg(&chart).expect("svg");
    assert!(svg.contains("id=\"w0n2\""), "the unreachable step is drawn");
}

#[test]
fn a_goto_to_a_labelled_goto_reaches_that_goto_s_target() {
    let chart = chart(
        "workflow \"W\" {\n  object contact\n  enroll manually\n  if score > 5 {\n    nudge: send_email(\"a\")\n  } else if score > 1 {\n    again: goto nudge\n  } else {\n    goto again\n  }\n}\n",
    );
    let gotos: Vec<(String, String, Option<String>, EdgeKind)> =
        edges(&chart).into_iter().filter(|e| e.3 == EdgeKind::Goto).collect();
    assert_eq!(gotos.len(), 2, "{gotos:?}");
    assert!(gotos.iter().all(|e| e.1 == "w0n2"), "both reach `nudge`: {gotos:?}");
}
