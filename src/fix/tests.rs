use super::*;
use crate::check::Schema;
use crate::diagnostics::{Label, render_json};
use crate::syntax::span::Span;

/// A contact workflow around `body`, as one file.
fn project(body: &str) -> Sources {
    let mut sources = Sources::new();
    sources.add(
        "a.wf",
        format!("workflow \"A\" {{\n  object contact\n  enroll manually\n{body}\n}}\n"),
    );
    sources
}

fn fixed(sources: &Sources, options: &CheckOptions) -> (String, FixOutcome) {
    let outcome = fix_project(sources, options);
    (outcome.sources.get(0).text.clone(), outcome)
}

/// Each kind of fix applies, and the result checks clean.
#[test]
fn every_fix_kind_applies_and_checks_clean() {
    let cases: &[(&str, &str)] = &[
        ("  send_emial(\"x\")", "  send_email(\"x\")"),
        ("  create_task(titel: \"x\")", "  create_task(title: \"x\")"),
        (
            "  create_task(\"x\", priority: \"hihg\")",
            "  create_task(\"x\", priority: \"high\")",
        ),
        ("  delay until tuesdy 09:00", "  delay until tuesday 09:00"),
        ("  delay until wednesdy", "  delay until wednesday"),
        (
            "  set firstname = uper(firstname)",
            "  set firstname = upper(firstname)",
        ),
        (
            "  let r = webhook(url: \"https://x\")\n  set note = r.statsu",
            "  let r = webhook(url: \"https://x\")\n  set note = r.status",
        ),
        (
            "  if score > 1 {\n    nudge: send_email(\"a\")\n  } else {\n    goto nudg\n  }",
            "  if score > 1 {\n    nudge: send_email(\"a\")\n  } else {\n    goto nudge\n  }",
        ),
        ("  set compnay.name = \"x\"", "  set company.name = \"x\""),
        ("  delya 2 days", "  delay 2 days"),
        ("  delay 2 dais", "  delay 2 days"),
        ("  if a = 1 { stop }", "  if a == 1 { stop }"),
        (
            "  if a == 1 && b == 2 || !c { stop }",
            "  if a == 1 and b == 2 or not c { stop }",
        ),
        (
            "  if a { stop } elif b { stop } elsif c { stop }",
            "  if a { stop } else if b { stop } else if c { stop }",
        ),
        ("  send_email('x')", "  send_email(\"x\")"),
        ("  create_task(\"x\" due: 2 days)", "  create_task(\"x\", due: 2 days)"),
    ];
    for (before, after) in cases {
        let (text, outcome) = fixed(&project(before), &CheckOptions::default());
        assert!(outcome.applied[0] > 0, "nothing applied to {before:?}");
        assert!(text.contains(after), "{before:?} became:\n{text}");
        assert!(
            outcome.report.diagnostics.is_empty(),
            "{before:?} -> {:#?}",
            outcome.report.diagnostics
        );
    }
}

#[test]
fn names_in_strings_and_the_schema_are_fixed() {
    let (text, outcome) = fixed(
        &project("  timezone \"Europe/Stokholm\"\n  stop"),
        &CheckOptions::default(),
    );
    assert!(text.contains("timezone \"Europe/Stockholm\""), "{text}");
    assert!(outcome.report.diagnostics.is_empty());

    let mut sources = project("  enroll in workflow \"Onbording\"");
    sources.add(
        "b.wf",
        "workflow \"Onboarding\" {\n  object contact\n  enroll manually\n  stop\n}\n",
    );
    let (text, outcome) = fixed(&sources, &CheckOptions::default());
    assert!(text.contains("enroll in workflow \"Onboarding\""), "{text}");
    assert_eq!(outcome.applied, vec![1, 0]);

    let schema = Schema::parse(
        "s.json",
        r#"{"objects": {"contact": {"properties": {"score": "number"}, "associations": []}}}"#,
    )
    .expect("schema");
    let options = CheckOptions {
        schema: Some(schema),
        ..CheckOptions::default()
    };
    let (text, outcome) = fixed(&project("  increment scor"), &options);
    assert!(text.contains("increment score"), "{text}");
    assert!(outcome.report.diagnostics.is_empty());
    let mut sources = Sources::new();
    sources.add(
        "c.wf",
        "workflow \"C\" {\n  object contcat\n  enroll manually\n  stop\n}\n",
    );
    let (text, _) = fixed(&sources, &options);
    assert!(text.contains("object contact"), "{text}");
}

/// `satday` is as close to `saturday` as to `sunday`: two fixes, none applied.
#[test]
fn equally_good_suggestions_are_not_applied() {
    let sources = project("  delay until satday 09:00");
    let report = check_sources(&sources, &CheckOptions::default());
    assert_eq!(report.diagnostics[0].fixes.len(), 2);
    let (text, outcome) = fixed(&sources, &CheckOptions::default());
    assert_eq!(text, sources.get(0).text);
    assert_eq!(outcome.applied, vec![0]);
}

fn diagnostic_with(fixes: Vec<Fix>) -> Diagnostic {
    let mut diagnostic = Diagnostic::error("E0201", "x", Label::new(0, Span::new(0, 1), ""));
    diagnostic.fixes = fixes;
    diagnostic
}

#[test]
fn overlapping_fixes_are_not_applied() {
    let text = "abcdef";
    let a = Fix::replace("a", 0, Span::new(0, 3), "X");
    let b = Fix::replace("b", 0, Span::new(2, 4), "Y");
    let c = Fix::replace("c", 0, Span::new(4, 6), "Z");
    let same_start = Fix::replace("d", 0, Span::new(4, 4), "W");
    let diagnostics = vec![
        diagnostic_with(vec![a.clone()]),
        diagnostic_with(vec![b]),
        diagnostic_with(vec![c.clone()]),
    ];
    let chosen = certain_fixes(&diagnostics);
    assert_eq!(chosen, vec![&c], "a and b overlap: neither applies");
    assert_eq!(apply_fixes(text, 0, &chosen), ("abcdZ".to_string() + "", 1));
    // An insertion where another edit starts has no certain order.
    let diagnostics = vec![diagnostic_with(vec![c]), diagnostic_with(vec![same_start])];
    assert!(certain_fixes(&diagnostics).is_empty());
    // The same repair proposed twice is applied once; a fix at a span's end is fine.
    let end = Fix::replace("e", 0, Span::new(3, 3), "!");
    let diagnostics = vec![
        diagnostic_with(vec![a.clone()]),
        diagnostic_with(vec![a]),
        diagnostic_with(vec![end]),
    ];
    let chosen = certain_fixes(&diagnostics);
    assert_eq!(chosen.len(), 2);
    assert_eq!(apply_fixes(text, 0, &chosen).0, "X!def");
}

#[test]
fn edits_off_the_text_or_off_a_character_are_skipped() {
    let text = "åb";
    let inside = Fix::replace("x", 0, Span::new(1, 2), "a");
    let past = Fix::replace("y", 0, Span::new(2, 9), "b");
    assert_eq!(apply_fixes(text, 0, &[&inside, &past]), (text.to_string(), 0));
}

/// `set "lead-score" = 1` does not parse: the fix of `lead_scor` is refused.
#[test]
fn a_fix_whose_result_would_not_parse_leaves_the_file_untouched() {
    let schema = Schema::parse(
        "s.json",
        r#"{"objects": {"contact": {"properties": {"lead-score": "number"}, "associations": []}}}"#,
    )
    .expect("schema");
    let options = CheckOptions {
        schema: Some(schema),
        ..CheckOptions::default()
    };
    let sources = project("  set lead_scor = 1");
    let report = check_sources(&sources, &options);
    assert_eq!(report.diagnostics[0].fixes.len(), 1, "{:#?}", report.diagnostics);
    let (text, outcome) = fixed(&sources, &options);
    assert_eq!(text, sources.get(0).text);
    assert_eq!(outcome.refused, vec![0]);
    assert_eq!(outcome.applied, vec![0]);
    assert!(outcome.report.has_errors());
}

/// A file whose syntax errors cannot all be fixed is given back as it was.
#[test]
fn a_file_left_broken_is_given_back_unchanged() {
    let sources = project("  if a && b { stop }\n  send_email(\"x\"");
    let (text, outcome) = fixed(&sources, &CheckOptions::default());
    assert_eq!(text, sources.get(0).text);
    assert_eq!(outcome.applied, vec![0]);
}

/// Syntax fixes are found one per workflow and pass: three passes, one file.
#[test]
fn passes_repeat_until_nothing_applies() {
    let sources = project("  if a && b || c && !d { stop }");
    let (text, outcome) = fixed(&sources, &CheckOptions::default());
    assert!(text.contains("if a and b or c and not d { stop }"), "{text}");
    assert_eq!(outcome.applied, vec![4]);
    assert!(!outcome.report.has_errors());
}

/// JSON positions count Unicode scalar values in columns and bytes in offsets.
#[test]
fn json_fix_positions_are_exact_after_non_ascii_text() {
    let sources = project("  # åäö 😀\n  create_task(\"Åsa ✓\", titel: \"x\")");
    let report = check_sources(&sources, &CheckOptions::default());
    let json: serde_json::Value = serde_json::from_str(&render_json(&sources, &report.diagnostics)).expect("json");
    let text = &sources.get(0).text;
    let offset = text.find("titel").expect("titel");
    let edit = &json[0]["fixes"][0]["edits"][0];
    assert_eq!(json[0]["fixes"][0]["message"], "did you mean `title`?");
    assert_eq!(edit["text"], "title");
    assert_eq!(edit["start"]["line"], 5);
    // `  create_task("Åsa ✓", ` is 23 scalar values.
    assert_eq!(edit["start"]["column"], 24);
    assert_eq!(edit["start"]["offset"], offset);
    assert_eq!(edit["end"]["column"], 29);
    assert_eq!(edit["end"]["offset"], offset + 5);
    assert!(
        json[0]["notes"]
            .as_array()
            .expect("notes")
            .contains(&"help: did you mean `title`?".into())
    );
    // No fixes, no key.
    let report = check_sources(&project("  create_task(zzzzz: \"x\")"), &CheckOptions::default());
    let json: serde_json::Value = serde_json::from_str(&render_json(&sources, &report.diagnostics)).expect("json");
    assert!(json[0].get("fixes").is_none(), "{json}");
}
