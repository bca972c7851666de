//! Unit tests of the layout rules of TOOLING.md §3 and §7, one rule a test.

use super::{FormatError, format};

fn fmt(source: &str) -> String {
    match format(source) {
        Ok(text) => text,
        Err(error) => panic!("{error:?}\n{source}"),
    }
}

/// Formats the steps of a workflow and returns its body lines after the
/// two settings, without their first indentation level.
fn steps(steps: &str) -> String {
    let source = format!("workflow \"W\" {{\n  object contact\n  enroll manually\n{steps}\n}}\n");
    let out = fmt(&source);
    let body: Vec<&str> = out.lines().collect();
    body[3..body.len() - 1]
        .iter()
        .map(|line| line.strip_prefix("  ").unwrap_or(line))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn one_step_or_setting_per_line_two_space_indent() {
    let src = "workflow \"A\" { object contact enroll manually send_email(\"a\") }";
    assert_eq!(
        fmt(src),
        "workflow \"A\" {\n  object contact\n  enroll manually\n  send_email(\"a\")\n}\n"
    );
}

#[test]
fn spaces_around_operators_after_commas_and_colons_none_inside_brackets() {
    assert_eq!(
        steps("set x=( a+b )*-c\nif a==1 and b in[ \"x\",\"y\" ]{stop}\ncreate_task( \"t\" ,due:2 days )"),
        "set x = (a + b) * -c\nif a == 1 and b in [\"x\", \"y\"] {\n  stop\n}\ncreate_task(\"t\", due: 2 days)"
    );
}

#[test]
fn grouping_parentheses_are_kept_as_written() {
    assert_eq!(
        steps("set x = ((a)) + (b * (c))\nif not (a or b) and (c) { stop }\nset y = max((a), (b))"),
        "set x = ((a)) + (b * (c))\nif not (a or b) and (c) {\n  stop\n}\nset y = max((a), (b))"
    );
}

#[test]
fn maps_are_padded_lists_are_not_trailing_commas_go_when_it_fits() {
    assert_eq!(
        steps("webhook(url: \"u\", headers: {a: \"b\", \"C-D\": \"e\",}, body: {x: [1, 2,]},)"),
        "webhook(url: \"u\", headers: { a: \"b\", \"C-D\": \"e\" }, body: { x: [1, 2] })"
    );
    assert_eq!(
        steps("create_record(object: \"deal\", properties: { })"),
        "create_record(object: \"deal\", properties: {})"
    );
}

#[test]
fn a_call_that_does_not_fit_goes_one_argument_per_line_with_trailing_commas() {
    let long = "x".repeat(80);
    assert_eq!(
        steps(&format!("create_task(title: \"{long}\", due: 2 days)")),
        format!("create_task(\n  title: \"{long}\",\n  due: 2 days,\n)")
    );
}

#[test]
fn a_long_condition_breaks_before_and_or_at_its_loosest_level() {
    let cond = "lifecycle_stage == \"lead\" and country == \"SE\" or score >= 50 and company.industry is known or email is known";
    assert_eq!(
        steps(&format!("if {cond} {{ stop }}")),
        "if lifecycle_stage == \"lead\" and country == \"SE\"\n  or score >= 50 and company.industry is known\n  or email is known {\n  stop\n}"
    );
}

#[test]
fn short_split_and_branch_arms_stay_on_one_line_others_do_not() {
    assert_eq!(
        steps("split { 50% {\n send_email(\"a\")\n} 50% { send_email(\"b\") stop } }"),
        "split {\n  50% { send_email(\"a\") }\n  50% {\n    send_email(\"b\")\n    stop\n  }\n}"
    );
    assert_eq!(
        steps("branch on s { \"a\" => { stop # why\n } else => { stop } }"),
        "branch on s {\n  \"a\" => {\n    stop # why\n  }\n  else => { stop }\n}"
    );
    assert_eq!(steps("if a { stop }"), "if a {\n  stop\n}");
}

#[test]
fn else_is_joined_to_the_closing_brace() {
    assert_eq!(
        steps("if a { stop }\nelse if b { stop }\nelse\n{ stop }"),
        "if a {\n  stop\n} else if b {\n  stop\n} else {\n  stop\n}"
    );
}

#[test]
fn blank_lines_are_kept_collapsed_and_never_after_open_or_before_close() {
    assert_eq!(
        steps("\n\nsend_email(\"a\")\n\n\n\nstop\nif a {\n\n  stop\n\n}"),
        "\nsend_email(\"a\")\n\nstop\nif a {\n  stop\n}"
    );
}

#[test]
fn exactly_one_blank_line_between_workflows_and_one_final_newline() {
    let src = "workflow \"A\" { object contact enroll manually stop }workflow \"B\" { object contact enroll manually stop }\n\n\n";
    assert_eq!(
        fmt(src),
        "workflow \"A\" {\n  object contact\n  enroll manually\n  stop\n}\n\nworkflow \"B\" {\n  object contact\n  enroll manually\n  stop\n}\n"
    );
}

#[test]
fn literals_are_written_as_the_author_wrote_them() {
    assert_eq!(
        steps(
            "set a = 1.50\nset b = \"x\\t\\{\\\"\"\ndelay 10days\ndelay 1 day   12 hours\ndelay until 2026-12-24T09:00+01:00\ndelay until tuesday at 9:05\ndelay until monday 09:00"
        ),
        "set a = 1.50\nset b = \"x\\t\\{\\\"\"\ndelay 10 days\ndelay 1 day 12 hours\ndelay until 2026-12-24T09:00+01:00\ndelay until tuesday at 9:05\ndelay until monday 09:00"
    );
}

#[test]
fn trailing_comments_get_one_space_own_line_comments_the_step_indentation() {
    assert_eq!(
        steps("stop     # done\n        # above\n  if a {\n# inside\nstop }"),
        "stop # done\n# above\nif a {\n  # inside\n  stop\n}"
    );
}

#[test]
fn comments_before_a_closing_brace_stay_as_the_blocks_last_lines() {
    assert_eq!(steps("if a {\n stop\n # last\n}"), "if a {\n  stop\n  # last\n}");
    assert_eq!(steps("if a {\n # only\n}"), "if a {\n  # only\n}");
}

#[test]
fn comments_before_else_stay_at_the_end_of_the_arm_above() {
    assert_eq!(
        steps("if a {\n stop\n} # one\n# two\nelse { stop }"),
        "if a {\n  stop\n  # one\n  # two\n} else {\n  stop\n}"
    );
}

#[test]
fn comments_at_the_end_of_the_file_and_above_a_workflow_stay() {
    let src = "# above\nworkflow \"A\" { object contact enroll manually stop } # after\n\n  # end 1\n# end 2";
    assert_eq!(
        fmt(src),
        "# above\nworkflow \"A\" {\n  object contact\n  enroll manually\n  stop\n} # after\n\n# end 1\n# end 2\n"
    );
}

#[test]
fn a_comment_in_an_argument_list_breaks_it_one_element_per_line() {
    assert_eq!(
        steps("create_task(\"t\", # the title\n due: 2 days)"),
        "create_task(\n  \"t\", # the title\n  due: 2 days,\n)"
    );
    assert_eq!(
        steps("send_internal_email(to: [\n# first\n\"a\", \"b\"], subject: \"s\", body: \"b\")"),
        "send_internal_email(\n  to: [\n    # first\n    \"a\",\n    \"b\",\n  ],\n  subject: \"s\",\n  body: \"b\",\n)"
    );
    assert_eq!(
        steps("webhook(url: \"u\", headers: { a: \"b\" # why\n })"),
        "webhook(\n  url: \"u\",\n  headers: {\n    a: \"b\", # why\n  },\n)"
    );
}

#[test]
fn a_comment_inside_a_step_header_is_hoisted_above_the_step() {
    assert_eq!(steps("delay 2 # two\n days"), "# two\ndelay 2 days");
    assert_eq!(steps("set x = a + # plus\n b"), "# plus\nset x = a + b");
}

#[test]
fn comments_between_the_operands_of_a_condition_break_it_and_stay() {
    assert_eq!(
        steps("if a # first\n and b { stop }"),
        "if a # first\n  and b {\n  stop\n}"
    );
    assert_eq!(
        steps("if a or # after or\n # own line\n b and c { stop }"),
        "if a # after or\n  # own line\n  or b and c {\n  stop\n}"
    );
    // Inside an operand of the loosest level, a comment moves above the step.
    assert_eq!(
        steps("if a and # inner\n b or c { stop }"),
        "# inner\nif a and b or c {\n  stop\n}"
    );
}

#[test]
fn settings_keep_their_order() {
    let src = "workflow \"A\" { goal a enroll manually timezone \"UTC\" object contact stop }";
    assert_eq!(
        fmt(src),
        "workflow \"A\" {\n  goal a\n  enroll manually\n  timezone \"UTC\"\n  object contact\n  stop\n}\n"
    );
}

#[test]
fn crlf_stays_crlf() {
    assert_eq!(
        fmt("workflow \"A\" {\r\nobject contact enroll manually # x\r\n}\r\n"),
        "workflow \"A\" {\r\n  object contact\r\n  enroll manually # x\r\n}\r\n"
    );
}

#[test]
fn syntax_errors_are_returned_not_formatted() {
    assert!(matches!(format("workflow \"A\" {"), Err(FormatError::Syntax(_))));
    assert!(matches!(format("# only a comment\n"), Err(FormatError::Syntax(_))));
}

#[test]
fn deep_nesting_and_long_chains_format_without_overflow() {
    let deep = format!("{}a{}", "(".repeat(90), ")".repeat(90));
    let chain = vec!["a"; 250].join(" + ");
    let lists = format!("{}1{}", "[".repeat(90), "]".repeat(90));
    let source = format!(
        "workflow \"A\" {{ object contact enroll manually set x = {deep}\nset y = {chain}\nsend_notification(to: {lists}, message: \"m\") }}"
    );
    let out = std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(move || format(&source).map(|text| format(&text).map(|again| (text, again))))
        .expect("thread")
        .join()
        .expect("no overflow");
    let (text, again) = out.expect("formats").expect("formats again");
    assert_eq!(text, again);
    assert!(text.contains(&deep));
}

#[test]
fn a_byte_order_mark_stays_first() {
    assert_eq!(
        fmt("\u{FEFF}# top\nworkflow \"A\" { object contact enroll manually stop }"),
        "\u{FEFF}# top\nworkflow \"A\" {\n  object contact\n  enroll manually\n  stop\n}\n"
    );
}
