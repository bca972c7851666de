//! Unit tests for the tricky rules of docs/language.md sections 2–6 and 11.

use super::*;
use crate::syntax::ast::{Item, Setting, SettingKind};
use crate::syntax::print::{print, print_expr};

/// A workflow around `body`, with the required settings.
fn wrap(body: &str) -> String {
    format!("workflow \"t\" {{\n  object contact\n  enroll manually\n{body}\n}}\n")
}

/// The printed steps of `body` (settings of `wrap` left out).
fn steps(body: &str) -> String {
    match parse(&wrap(body)) {
        Ok(file) => print(&file)
            .lines()
            .skip(3)
            .map(|line| line.trim_start().trim_end_matches(')'))
            .collect::<Vec<_>>()
            .join("\n"),
        Err(errors) => panic!("unexpected errors for {body:?}: {errors:#?}"),
    }
}

/// The printed condition of `goal COND`.
fn cond(text: &str) -> String {
    let file = parse(&wrap(&format!("goal {text}"))).unwrap_or_else(|e| panic!("{text}: {e:?}"));
    match file.workflows[0].items.last() {
        Some(Item::Setting(Setting {
            kind: SettingKind::Goal(expr),
            ..
        })) => print_expr(expr),
        other => panic!("no goal in {text}: {other:?}"),
    }
}

fn errors(source: &str) -> Vec<SyntaxError> {
    match parse(source) {
        Ok(file) => panic!("expected errors for {source:?}, got {}", print(&file)),
        Err(errors) => errors,
    }
}

fn body_errors(body: &str) -> Vec<SyntaxError> {
    errors(&wrap(body))
}

#[test]
fn units_weekdays_and_contextual_words_followed_by_colon_are_labels() {
    assert_eq!(steps("delay 2 days\ndays: stop"), "(delay (for 2d\ndays: (stop");
    assert_eq!(steps("set x = 2\nhours: stop"), "(set x 2\nhours: (stop");
    assert_eq!(
        steps("delay until monday\ntuesday: stop"),
        "(delay (until-weekdays [monday]\ntuesday: (stop"
    );
    assert_eq!(
        steps("to: stop\nday: stop\nmonth: stop"),
        "to: (stop\nday: (stop\nmonth: (stop"
    );
    // Elsewhere they are ordinary identifiers.
    assert_eq!(steps("set days = weekday + month"), "(set days (+ weekday month");
}

#[test]
fn durations_read_without_spaces_and_in_mixed_units() {
    assert_eq!(steps("delay 10days"), "(delay (for 10d");
    assert_eq!(steps("delay 1 day 12 hours"), "(delay (for 1d12h");
    assert_eq!(steps("delay 90 minutes"), "(delay (for 90m");
    assert_eq!(steps("delay 2 weeks 1 week"), "(delay (for 2w1w");
}

#[test]
fn dates_are_longest_match() {
    assert_eq!(cond("d == 2026-01-01"), "(== d 2026-01-01)");
    assert_eq!(cond("d == 2026 - 01 - 01"), "(== d (- (- 2026 1) 1))");
    assert!(matches!(
        body_errors("if d == 2026-1-1 { stop }").as_slice(),
        [SyntaxError::MalformedDate { text, .. }] if text == "2026-1-1"
    ));
    assert!(matches!(
        body_errors("blocked 2026-12-24T09:00").as_slice(),
        [SyntaxError::MalformedDate { .. }]
    ));
}

#[test]
fn date_times_keep_offsets() {
    assert_eq!(cond("now > 2026-01-01T09:00"), "(> now 2026-01-01T09:00:00)");
    assert_eq!(cond("now > 2026-01-01T09:00:30Z"), "(> now 2026-01-01T09:00:30Z)");
    assert_eq!(
        cond("now > 2026-01-01T09:00-05:30"),
        "(> now 2026-01-01T09:00:00-05:30)"
    );
    assert_eq!(
        cond("now > 2026-01-01T09:00 - 2 days"),
        "(> now (- 2026-01-01T09:00:00 2d))"
    );
}

#[test]
fn a_time_of_day_is_not_a_value() {
    assert!(matches!(
        body_errors("if now > 09:00 { stop }").as_slice(),
        [SyntaxError::TimeNotValue { .. }]
    ));
    assert!(matches!(
        body_errors("if score > 50% { stop }").as_slice(),
        [SyntaxError::PercentNotValue { .. }]
    ));
}

#[test]
fn a_leading_minus_belongs_to_branch_literals() {
    let printed =
        steps("branch on x {\n -5, - 2.5, 3 => { stop }\n \"a\", true, 2026-01-02 => { stop }\n else => { stop }\n}");
    assert_eq!(
        printed,
        "(branch x\n(arm [-5 -2.5 3]\n(stop\n(arm [\"a\" true 2026-01-02]\n(stop\n(else\n(stop"
    );
}

#[test]
fn precedence_follows_the_table() {
    assert_eq!(cond("not a == b and c or d"), "(or (and (not (== a b)) c) d)");
    assert_eq!(cond("-a * b + c - d / e"), "(- (+ (* (neg a) b) c) (/ d e))");
    assert_eq!(cond("a or b and c"), "(or a (and b c))");
    assert_eq!(cond("not not a"), "(not (not a))");
    assert_eq!(cond("not - - a > 1"), "(not (> (neg (neg a)) 1))");
    assert_eq!(cond("(a or b) and c"), "(and (or a b) c)");
    assert_eq!(cond("a + b is known"), "(known (+ a b))");
    assert_eq!(cond("not a is unknown"), "(not (unknown a))");
    assert_eq!(cond("x not in [1, 2,] and y in []"), "(and (not-in x [1 2]) (in y []))");
    assert_eq!(
        cond("name contains \"x\" or name starts_with \"y\""),
        "(or (contains name \"x\") (starts_with name \"y\"))"
    );
    assert_eq!(cond("a == (b == c)"), "(== a (== b c))");
    assert_eq!(
        cond("capitalize(trim(firstname),) == \"A\""),
        "(== (call capitalize (call trim firstname)) \"A\")"
    );
    assert_eq!(cond("a and not b"), "(and a (not b))");
}

#[test]
fn comparisons_do_not_chain() {
    let errs = body_errors("if a == b == c { stop }");
    assert!(
        matches!(errs.as_slice(), [SyntaxError::ChainedComparison { .. }]),
        "{errs:?}"
    );
    let errs = body_errors("if a < b is known { stop }");
    assert!(
        matches!(errs.as_slice(), [SyntaxError::ChainedComparison { .. }]),
        "{errs:?}"
    );
    let errs = body_errors("if a in [1] != b { stop }");
    assert!(
        matches!(errs.as_slice(), [SyntaxError::ChainedComparison { .. }]),
        "{errs:?}"
    );
}

#[test]
fn not_is_not_an_operand() {
    for text in ["a == not b", "a + not b == c", "- not a", "a == not b and c"] {
        let errs = body_errors(&format!("if {text} {{ stop }}"));
        assert!(
            matches!(errs.as_slice(), [SyntaxError::NotOperand { .. }]),
            "{text}: {errs:?}"
        );
    }
    let errs = body_errors("set x = email is known + 1");
    assert!(
        matches!(errs.as_slice(), [SyntaxError::ComparisonOperand { op, .. }] if op == "+"),
        "{errs:?}"
    );
}

#[test]
fn is_not_known_suggests_is_unknown() {
    assert!(matches!(
        body_errors("if email is not known { stop }").as_slice(),
        [SyntaxError::IsNotKnown { known: true, .. }]
    ));
    assert!(matches!(
        body_errors("if email is not unknown { stop }").as_slice(),
        [SyntaxError::IsNotKnown { known: false, .. }]
    ));
}

#[test]
fn in_needs_a_list_literal() {
    let errs = body_errors("if x in y { stop }");
    assert!(
        matches!(errs.as_slice(), [SyntaxError::Unexpected { expected, .. }] if expected.contains(&"`[`".to_string())),
        "{errs:?}"
    );
}

#[test]
fn keywords_are_allowed_as_map_keys_named_args_and_fields() {
    assert_eq!(
        steps(
            "create_record(object: \"deal\", properties: {if: 1, \"Content-Type\": \"a\", nested: {in: [1, {x: 2}]},},)"
        ),
        "(action create_record object: \"deal\" properties: {if: 1 \"Content-Type\": \"a\" nested: {in: [1 {x: 2}]}}"
    );
    assert_eq!(steps("set x = company.object + r.if"), "(set x (+ company.object r.if");
    assert_eq!(cond("event.where == now"), "(== event.where now)");
}

#[test]
fn keywords_are_not_identifiers() {
    let errs = body_errors("set workflow = 1");
    assert!(
        matches!(errs.as_slice(), [SyntaxError::Unexpected { found, .. }] if found == "the keyword `workflow`"),
        "{errs:?}"
    );
    let errs = body_errors("goto stop");
    assert!(matches!(errs.as_slice(), [SyntaxError::Unexpected { .. }]), "{errs:?}");
}

#[test]
fn maps_only_in_arguments() {
    let errs = body_errors("if x in [{a: 1}] { stop }");
    assert!(
        matches!(errs.as_slice(), [SyntaxError::MapNotArgument { .. }]),
        "{errs:?}"
    );
    let errs = body_errors("webhook(url: \"u\", body: [{a: 1}] + x)");
    assert!(
        matches!(errs.as_slice(), [SyntaxError::MapNotArgument { .. }]),
        "{errs:?}"
    );
}

#[test]
fn positional_arguments_come_first() {
    let errs = body_errors("create_task(due: 2 days, \"Call\")");
    assert!(
        matches!(errs.as_slice(), [SyntaxError::PositionalAfterNamed { .. }]),
        "{errs:?}"
    );
    assert_eq!(steps("send_email(?)"), "(action send_email ?");
    assert_eq!(steps("create_task(?, due: ?)"), "(action create_task ? due: ?");
}

#[test]
fn every_delay_form() {
    let text = "delay 2 days
delay until 09:00
delay until tuesday 9:00
delay until monday, friday at 08:00
delay until weekday
delay until tuesdy 09:00
delay until 2026-12-24
delay until 2026-12-24 at 09:00
delay until 2026-12-24 09:00
delay until 2026-12-24T09:00
delay until renewal_date
delay until renewal_date - 30 days at 09:00
delay until deal.close_date + 1 week
delay until tuesdy at 09:00
delay until event form_submitted
delay until event form_submitted where event.form == \"x\" timeout 7 days
delay until event paid timeout 1 day else { stop }";
    assert_eq!(
        steps(text),
        "(delay (for 2d
(delay (until-time 09:00
(delay (until-weekdays [tuesday] 09:00
(delay (until-weekdays [monday friday] 08:00
(delay (until-weekdays [weekday]
(delay (until-weekdays [tuesdy] 09:00
(delay (until-date 2026-12-24
(delay (until-date 2026-12-24 09:00
(delay (until-date 2026-12-24 09:00
(delay (until-datetime 2026-12-24T09:00:00
(delay (until-property renewal_date
(delay (until-property renewal_date -30d 09:00
(delay (until-property deal.close_date +1w
(delay (until-property tuesdy 09:00
(delay (until-event form_submitted
(delay (until-event form_submitted (where (== event.form \"x\")) (timeout 7d
(delay (until-event paid (timeout 1d
(else
(stop"
    );
}

#[test]
fn settings_parse_in_any_order() {
    let source = "workflow \"s\" {
  send_email(\"x\")
  object deal
  timezone \"Europe/Stockholm\"
  enroll when amount > 1000
  enroll on event form_submitted where event.form == \"demo\"
  enroll on event signup
  enroll every day at 08:00
  enroll every monday, friday 09:30 where score > 1
  enroll every month on day 31 at 07:00
  enroll manually
  reenroll
  goal dealstage == \"won\"
  unenroll when dealstage == \"lost\"
  window weekday 09:00 to 17:00
  window day 8:00 to 9:00
  blocked 2026-12-24, 2026-12-25
}";
    let printed = parse(source).map(|f| print(&f)).unwrap_or_else(|e| format!("{e:?}"));
    assert_eq!(
        printed,
        "(workflow \"s\"
  (action send_email \"x\")
  (object deal)
  (timezone \"Europe/Stockholm\")
  (enroll-when (> amount 1000))
  (enroll-on-event form_submitted (where (== event.form \"demo\")))
  (enroll-on-event signup)
  (enroll-every (daily 08:00))
  (enroll-every (weekly [monday friday] 09:30) (where (> score 1)))
  (enroll-every (monthly 31 07:00))
  (enroll-manually)
  (reenroll)
  (goal (== dealstage \"won\"))
  (unenroll-when (== dealstage \"lost\"))
  (window [weekday] 09:00 17:00)
  (window [day] 08:00 09:00)
  (blocked 2026-12-24 2026-12-25))
"
    );
}

#[test]
fn other_steps() {
    assert_eq!(
        steps(
            "let r = webhook(url: \"u\")\nset a.b = r.status\nclear x\nincrement n\ndecrement n by 2 * k\ngoto l\nenroll in workflow \"W\"\nslack.send_message(channel: \"#c\", message: \"m\")"
        ),
        "(let r (action webhook url: \"u\"\n(set a.b r.status\n(clear x\n(increment n\n(decrement n (* 2 k\n(goto l\n(enroll-in \"W\"\n(action slack.send_message channel: \"#c\" message: \"m\""
    );
}

#[test]
fn strings_resolve_escapes_and_templates() {
    assert_eq!(
        steps(r#"set x = "a \"q\" \\ \n \t \{{not}} {{ email }}""#),
        r#"(set x (template "a \"q\" \\ \n \t {{not}} " {email}"#
    );
    let errs = body_errors(r#"set x = "Hi {{ first name }}""#);
    assert!(matches!(errs.as_slice(), [SyntaxError::BadTemplate { .. }]), "{errs:?}");
    // Plain strings are not templates.
    assert_eq!(steps(r#"enroll in workflow "{{x""#), r#"(enroll-in "{{x""#);
}

#[test]
fn lexical_errors_are_all_reported() {
    let errs = body_errors("set a = \"\\q\"\nset b = \"\\w\"\nset c = \"\u{1}\"");
    assert_eq!(errs.len(), 3, "{errs:?}");
    assert!(matches!(
        errs.as_slice(),
        [
            SyntaxError::InvalidEscape { escape: 'q', .. },
            SyntaxError::InvalidEscape { escape: 'w', .. },
            SyntaxError::InvalidCharacter { in_string: true, .. }
        ]
    ));
    let errs = body_errors("set a = \"abc\nstop");
    assert!(
        matches!(errs.as_slice(), [SyntaxError::UnterminatedString { .. }]),
        "{errs:?}"
    );
}

#[test]
fn each_workflow_reports_its_own_error() {
    let source = "workflow \"a\" { enroll sometimes }\nworkflow \"b\" { object }\nworkflow \"c\" { stop }";
    let errs = errors(source);
    assert_eq!(errs.len(), 2, "{errs:?}");
    let SyntaxError::Unexpected { expected, found, .. } = &errs[0] else {
        panic!("{errs:?}")
    };
    assert_eq!(found, "`sometimes`");
    assert_eq!(expected, &["`when`", "`on`", "`every`", "`manually`", "`in`"]);
    let SyntaxError::Unexpected { expected, found, .. } = &errs[1] else {
        panic!("{errs:?}")
    };
    assert_eq!(found, "`}`");
    assert_eq!(expected, &["a name"]);
}

#[test]
fn expected_sets_are_in_words() {
    let errs = errors("workflow \"a\" { object contact 42 }");
    let SyntaxError::Unexpected { expected, found, .. } = &errs[0] else {
        panic!("{errs:?}")
    };
    assert_eq!(found, "`42`");
    assert_eq!(expected, &["a step", "a setting", "`}`"]);
    let errs = errors("workflow \"a\" { object contact\n nudge: }");
    let SyntaxError::Unexpected { expected, .. } = &errs[0] else {
        panic!("{errs:?}")
    };
    assert_eq!(expected, &["a step"]);
    let errs = errors("workflow \"a\" { object contact\n delya 2 days }");
    assert!(
        matches!(&errs[0], SyntaxError::MisspeltKeyword { keywords, span, .. }
            if keywords == &["delay"] && *span == Span::new(31, 36)),
        "{errs:?}"
    );
    let errs = errors("workflow \"a\" { object contact\n if x {");
    assert!(
        matches!(&errs[0], SyntaxError::UnclosedBracket { bracket: '{', opener: Some(o), .. } if o == "if"),
        "{errs:?}"
    );
}

#[test]
fn crlf_line_ends_and_a_leading_byte_order_mark_are_whitespace() {
    let source =
        "\u{feff}workflow \"t\" {\r\n  object contact # note\r\n  enroll manually\r\n  send_email(\"x\")\r\n}\r\n";
    let file = parse(source).map(|f| print(&f)).unwrap_or_else(|e| format!("{e:?}"));
    assert_eq!(
        file,
        "(workflow \"t\"\n  (object contact)\n  (enroll-manually)\n  (action send_email \"x\"))\n"
    );
    let errs = errors("workflow \"t\" {\u{feff} stop }");
    assert!(
        matches!(errs.as_slice(), [SyntaxError::InvalidCharacter { .. }]),
        "{errs:?}"
    );
}

#[test]
fn empty_and_comment_only_files_have_no_workflow() {
    assert!(matches!(errors("").as_slice(), [SyntaxError::EmptyFile { .. }]));
    assert!(matches!(errors("  # hi\n").as_slice(), [SyntaxError::EmptyFile { .. }]));
    let errs = errors("junk workflow \"a\" { stop }");
    assert!(matches!(errs.as_slice(), [SyntaxError::Unexpected { .. }]), "{errs:?}");
}

/// Runs `f` on a thread with the default 2 MiB stack of test threads.
fn on_small_stack(f: impl FnOnce() + Send + 'static) {
    let handle = std::thread::Builder::new().stack_size(2 * 1024 * 1024).spawn(f);
    assert!(handle.map(|h| h.join().is_ok()).unwrap_or(false), "thread failed");
}

#[test]
fn nesting_at_the_limit_parses_on_a_small_stack() {
    on_small_stack(|| {
        // Blocks count too: the workflow's braces and the `if` blocks.
        let depth = MAX_NESTING - 2;
        let body = format!(
            "{}set x = {}{}1{}{}",
            "if a { ".repeat(depth / 2),
            "(".repeat(depth / 2),
            "-",
            ")".repeat(depth / 2),
            " }".repeat(depth / 2)
        );
        let source = format!("workflow \"t\" {{ {body} }}");
        assert!(parse(&source).is_ok(), "{:?}", parse(&source).err());
        let parens = format!("workflow \"t\" {{ set x = {}1{} }}", "(".repeat(99), ")".repeat(99));
        assert!(parse(&parens).is_ok());
        let lists = format!("workflow \"t\" {{ f(x: {}1{}) }}", "[".repeat(98), "]".repeat(98));
        assert!(parse(&lists).is_ok());
        let nots = format!("workflow \"t\" {{ goal {}a }}", "not ".repeat(MAX_NESTING - 1));
        assert!(parse(&nots).is_ok());
    });
}

#[test]
fn hostile_input_is_a_diagnostic_not_a_crash() {
    on_small_stack(|| {
        let cases: Vec<String> = vec![
            format!(
                "workflow \"t\" {{ set x = {}1{} }}",
                "(".repeat(20_000),
                ")".repeat(20_000)
            ),
            "(".repeat(20_000),
            format!("workflow \"t\" {{ set x = {}1 }}", "not ".repeat(20_000)),
            format!("workflow \"t\" {{ set x = {}1 }}", "-".repeat(20_000)),
            format!("\"{}", "a".repeat(10 << 20)),
            "x ".repeat(5 << 20),
            format!("workflow \"t\" {{ set x = 1{} }}", "+1".repeat(5 << 20)),
            format!("workflow \"t\" {{ set x = \"{}\n }}", "a".repeat(10 << 20)),
            format!("workflow \"t\" {{ set x = 1{} }}", " + 1".repeat(20_000)),
            "\0\0\0\u{1}\u{7f}".repeat(1000),
            String::from_utf8_lossy(&(0..=255u8).cycle().take(100_000).collect::<Vec<u8>>()).into_owned(),
            String::new(),
            "workflow \"t\" { send_email(\"x) }".to_string(),
            "workflow".to_string(),
        ];
        for source in cases {
            let Err(errs) = parse(&source) else {
                panic!("accepted a hostile input of {} bytes", source.len());
            };
            assert!(!errs.is_empty());
            let mut sources = crate::source::Sources::new();
            let file = sources.add("t.wf", source.clone());
            for error in &errs {
                let diagnostic = crate::diagnostics::syntax::to_diagnostic(file, error);
                assert!(diagnostic.code.starts_with("E00"));
            }
        }
    });
}

#[test]
fn a_ten_megabyte_string_parses_on_a_small_stack() {
    on_small_stack(|| {
        let source = format!("workflow \"t\" {{ set x = \"{}\" }}", "a".repeat(10 << 20));
        let file = parse(&source).map_err(|e| format!("{e:?}"));
        assert!(file.is_ok_and(|f| f.workflows.len() == 1));
    });
}

#[test]
fn a_long_operator_chain_is_an_error_not_a_deep_tree() {
    let errs = body_errors(&format!("set x = 1{}", " + 1".repeat(MAX_EXPR_DEPTH + 1)));
    assert!(
        matches!(errs.as_slice(), [SyntaxError::ExpressionTooDeep { .. }]),
        "{errs:?}"
    );
    assert!(parse(&wrap(&format!("set x = 1{}", " + 1".repeat(MAX_EXPR_DEPTH - 1)))).is_ok());
}

/// The one-pass parse of a whole file and the chunk-by-chunk parse agree on
/// every file pest accepts whole: the same workflows, spans and errors.
#[test]
fn whole_file_and_chunked_parses_agree() {
    let mut sources: Vec<String> = vec![
        format!(
            "\u{feff}# lead\n{}\n# between\n\n{}",
            wrap("send_email(\"a\")"),
            wrap("stop")
        ),
        format!(
            "{}workflow \"b\" {{ enroll in workflow \"t\" }}",
            wrap("goal a == b == c")
        ),
        format!(
            "{}{}",
            wrap("if a is not known { set x = [{k: 1}] }"),
            wrap("delay 2 days # workflow\n  set s = \"workflow { \\\" }\"")
        ),
        format!("{}\n{}", wrap(&"set x = a + 1".repeat(3)), wrap("goal 2026-1-1 == d")),
        format!("{}}}\n", wrap("")),
    ];
    sources.push(format!("  {}", wrap(&format!("goal {}", vec!["a"; 300].join(" + ")))));
    let mut dirs = vec![
        std::path::PathBuf::from("examples"),
        std::path::PathBuf::from("tests/inputs"),
    ];
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(dir) else { continue };
        for path in entries.flatten().map(|entry| entry.path()) {
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "wf")
                && let Ok(text) = std::fs::read_to_string(&path)
            {
                sources.push(text);
            }
        }
    }
    let mut whole = 0;
    for source in &sources {
        let scan = prescan::prescan(source);
        let (Some(first), false) = (scan.first_token, scan.fatal || !scan.errors.is_empty()) else {
            continue;
        };
        let chunked = parse_chunks(source, &scan.workflow_starts, first, Vec::new());
        match parse_whole(source, scan.workflow_starts.len()) {
            Some(result) => {
                whole += 1;
                assert_eq!(result, chunked, "{source}");
            }
            None => assert!(
                !chunked.errors.is_empty(),
                "pest rejects the whole file but not its chunks: {source}"
            ),
        }
        assert_eq!(parse_partial(source), chunked, "{source}");
    }
    assert!(whole >= 20, "only {whole} of {} files parsed whole", sources.len());
}

#[test]
fn habits_are_recognised_only_where_they_fit() {
    let foreign = |body: &str| match body_errors(body).as_slice() {
        [SyntaxError::ForeignOperator { found, replacement, .. }] => Some((*found, replacement.clone())),
        _ => None,
    };
    assert_eq!(foreign("if !c { stop }"), Some(("!", "not ".to_string())));
    assert_eq!(foreign("if a||b { stop }"), Some(("||", " or ".to_string())));
    assert_eq!(foreign("if a && b { stop }"), Some(("&&", "and".to_string())));
    // Not where an operand or an operator could go: no fix would be right.
    assert_eq!(foreign("stop!"), None);
    assert_eq!(foreign("send_email(\"a\") && stop"), None);
    assert!(matches!(
        body_errors("if a != b and c = d { stop }").as_slice(),
        [SyntaxError::AssignInCondition { .. }]
    ));
    // `=>` and `==` are not a lone `=`.
    assert!(!matches!(
        body_errors("branch on x { \"a\" = { stop } }").as_slice(),
        [SyntaxError::AssignInCondition { .. }]
    ));
    // A unit after a number in arguments, a missing comma otherwise.
    assert!(matches!(
        body_errors("create_task(\"x\", due: 2 dayz)").as_slice(),
        [SyntaxError::UnknownUnit { suggestions, .. }] if suggestions == &["days"]
    ));
    assert!(matches!(
        body_errors("create_task(\"x\", due: 1 wk)").as_slice(),
        [SyntaxError::UnknownUnit { suggestions, .. }] if suggestions == &["week"]
    ));
    assert!(matches!(
        body_errors("create_task(\"x\" priority: \"high\")").as_slice(),
        [SyntaxError::MissingComma {
            between: "arguments",
            ..
        }]
    ));
    // A comment after the item before: the comma goes before the next one.
    let source = wrap("create_task(\"x\" # the title\n  priority: \"high\")");
    let errs = errors(&source);
    let [SyntaxError::MissingComma { at, .. }] = errs.as_slice() else {
        panic!("{errs:?}")
    };
    assert_eq!(at.start as usize, source.find("priority").expect("priority"));
    // `elif` and friends, in any case.
    for word in ["elif", "elsif", "elseif", "ELIF"] {
        let errs = body_errors(&format!("if a {{ stop }} {word} b {{ stop }}"));
        assert!(
            matches!(errs.as_slice(), [SyntaxError::ElseIfSpelling { .. }]),
            "{word}: {errs:?}"
        );
    }
}
