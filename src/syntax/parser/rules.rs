//! The pest parser generated from `grammar/workflow.pest`, and the words each
//! grammar rule stands for in "expected …" messages.

use pest_derive::Parser;

/// The pest parser of `.wf` source.
#[derive(Parser)]
#[grammar = "grammar/workflow.pest"]
pub(super) struct WorkflowParser;

/// What a rule stands for, in words, for "expected …" messages. Exhaustive on
/// purpose: a new rule must say how users should read it.
pub(super) fn describe(rule: Rule) -> &'static str {
    match rule {
        Rule::EOI => "a new `workflow` or the end of the file",
        Rule::WHITESPACE => "whitespace",
        Rule::COMMENT => "a comment",
        Rule::chunk => "a workflow",
        Rule::file => "a file of workflows",
        Rule::workflow => "`workflow`",
        Rule::step => "a step",
        Rule::label => "a label",
        Rule::step_kind => "a step",
        Rule::block => "a block `{ … }`",
        Rule::action_step => "an action call",
        Rule::let_step => "`let`",
        Rule::set_step => "`set`",
        Rule::clear_step => "`clear`",
        Rule::increment_step => "`increment`",
        Rule::decrement_step => "`decrement`",
        Rule::if_step => "`if`",
        Rule::if_arm => "`if`",
        Rule::else_if_arm => "`else if`",
        Rule::else_arm => "`else`",
        Rule::branch_step => "`branch on`",
        Rule::branch_arm => "a `branch on` arm (`\"value\" => { … }`)",
        Rule::branch_else => "`else =>`",
        Rule::branch_literal => "a literal (a string, number, boolean or date)",
        Rule::branch_number => "a number",
        Rule::split_step => "`split`",
        Rule::split_arm => "a percentage arm (`50% { … }`)",
        Rule::goto_step => "`goto`",
        Rule::enroll_in_step => "`enroll in workflow`",
        Rule::stop_step => "`stop`",
        Rule::action_call => "an action call",
        Rule::action_name => "an action name",
        Rule::arg => "an argument",
        Rule::arg_name => "an argument name",
        Rule::placeholder => "`?`",
        Rule::map => "a map `{ key: value }`",
        Rule::map_entry => "a map entry (`key: value`)",
        Rule::map_key => "a map key",
        Rule::delay_step => "`delay`",
        Rule::until_form => "a time, weekday, date, property or `event`",
        Rule::until_event => "`event`",
        Rule::until_datetime => "a date-time",
        Rule::until_date => "a date",
        Rule::until_time => "a time of day",
        Rule::until_weekdays => "a weekday",
        Rule::until_property => "a date property",
        Rule::signed_duration => "`+` or `-` and a duration",
        Rule::setting => "a setting",
        Rule::object_setting => "`object`",
        Rule::timezone_setting => "`timezone`",
        Rule::enroll_when => "`enroll when`",
        Rule::enroll_on_event => "`enroll on event`",
        Rule::enroll_every => "`enroll every`",
        Rule::enroll_manually => "`enroll manually`",
        Rule::reenroll_setting => "`reenroll`",
        Rule::goal_setting => "`goal`",
        Rule::unenroll_when => "`unenroll when`",
        Rule::window_setting => "`window`",
        Rule::blocked_setting => "`blocked`",
        Rule::schedule => "a schedule (`day at 09:00`, `monday 09:00`, `month on day 1 at 09:00`)",
        Rule::schedule_monthly => "`month on day N`",
        Rule::schedule_daily => "`day`",
        Rule::schedule_weekly => "a weekday",
        Rule::expr => "an expression",
        Rule::operation => "an operator",
        Rule::postfix_op => "an operator",
        Rule::is_known => "`is known` or `is unknown`",
        Rule::membership => "`in [...]`",
        Rule::not_in => "`not in`",
        Rule::infix_op => "an operator",
        Rule::op_or => "`or`",
        Rule::op_and => "`and`",
        Rule::op_eq => "`==`",
        Rule::op_ne => "`!=`",
        Rule::op_le => "`<=`",
        Rule::op_lt => "`<`",
        Rule::op_ge => "`>=`",
        Rule::op_gt => "`>`",
        Rule::op_contains => "`contains`",
        Rule::op_starts_with => "`starts_with`",
        Rule::op_ends_with => "`ends_with`",
        Rule::op_mul => "`*`",
        Rule::op_div => "`/`",
        Rule::plus => "`+`",
        Rule::minus => "`-`",
        Rule::unary => "an expression",
        Rule::primary => "a value",
        Rule::paren => "`(`",
        Rule::list => "a list `[…]`",
        Rule::call => "a function call",
        Rule::path => "a property path",
        Rule::path_head => "a property path",
        Rule::boolean => "`true` or `false`",
        Rule::string => "a string",
        Rule::string_inner => "string text",
        Rule::number => "a number",
        Rule::int => "a whole number",
        Rule::percent => "a percentage (`50%`)",
        Rule::time => "a time of day (`09:00`)",
        Rule::date => "a date (`2026-12-24`)",
        Rule::datetime => "a date-time (`2026-12-24T09:00`)",
        Rule::bad_date => "a date",
        Rule::duration => "a duration (`2 days`)",
        Rule::duration_part => "a duration (`2 days`)",
        Rule::unit => "a unit (`minutes`, `hours`, `days` or `weeks`)",
        Rule::weekday_name => "a weekday",
        Rule::weekday_word => "a weekday",
        Rule::ident_char => "a letter, digit or `_`",
        Rule::word => "a word",
        Rule::ident => "a name",
        Rule::keyword => "a keyword",
        Rule::kw_workflow => "`workflow`",
        Rule::kw_object => "`object`",
        Rule::kw_timezone => "`timezone`",
        Rule::kw_enroll => "`enroll`",
        Rule::kw_when => "`when`",
        Rule::kw_on => "`on`",
        Rule::kw_event => "`event`",
        Rule::kw_every => "`every`",
        Rule::kw_manually => "`manually`",
        Rule::kw_reenroll => "`reenroll`",
        Rule::kw_goal => "`goal`",
        Rule::kw_unenroll => "`unenroll`",
        Rule::kw_window => "`window`",
        Rule::kw_blocked => "`blocked`",
        Rule::kw_let => "`let`",
        Rule::kw_set => "`set`",
        Rule::kw_clear => "`clear`",
        Rule::kw_increment => "`increment`",
        Rule::kw_decrement => "`decrement`",
        Rule::kw_by => "`by`",
        Rule::kw_delay => "`delay`",
        Rule::kw_until => "`until`",
        Rule::kw_at => "`at`",
        Rule::kw_timeout => "`timeout`",
        Rule::kw_else => "`else`",
        Rule::kw_if => "`if`",
        Rule::kw_branch => "`branch`",
        Rule::kw_split => "`split`",
        Rule::kw_goto => "`goto`",
        Rule::kw_stop => "`stop`",
        Rule::kw_in => "`in`",
        Rule::kw_not => "`not`",
        Rule::kw_and => "`and`",
        Rule::kw_or => "`or`",
        Rule::kw_is => "`is`",
        Rule::kw_known => "`known`",
        Rule::kw_unknown => "`unknown`",
        Rule::kw_true => "`true`",
        Rule::kw_false => "`false`",
        Rule::kw_now => "`now`",
        Rule::kw_today => "`today`",
        Rule::kw_where => "`where`",
        Rule::kw_contains => "`contains`",
        Rule::kw_starts_with => "`starts_with`",
        Rule::kw_ends_with => "`ends_with`",
        Rule::ctx_to => "`to`",
        Rule::ctx_day => "`day`",
        Rule::ctx_month => "`month`",
        Rule::lbrace => "`{`",
        Rule::rbrace => "`}`",
        Rule::lparen => "`(`",
        Rule::rparen => "`)`",
        Rule::lbracket => "`[`",
        Rule::rbracket => "`]`",
        Rule::comma => "`,`",
        Rule::colon => "`:`",
        Rule::equals => "`=`",
        Rule::arrow => "`=>`",
    }
}

/// True for the punctuation tokens the AST builder skips.
pub(super) fn is_punctuation(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::lbrace
            | Rule::rbrace
            | Rule::lparen
            | Rule::rparen
            | Rule::lbracket
            | Rule::rbracket
            | Rule::comma
            | Rule::colon
            | Rule::equals
            | Rule::arrow
            | Rule::EOI
    )
}

/// True for keyword tokens (`kw_*`, and the contextual `ctx_*`).
pub(super) fn is_keyword(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::kw_workflow
            | Rule::kw_object
            | Rule::kw_timezone
            | Rule::kw_enroll
            | Rule::kw_when
            | Rule::kw_on
            | Rule::kw_event
            | Rule::kw_every
            | Rule::kw_manually
            | Rule::kw_reenroll
            | Rule::kw_goal
            | Rule::kw_unenroll
            | Rule::kw_window
            | Rule::kw_blocked
            | Rule::kw_let
            | Rule::kw_set
            | Rule::kw_clear
            | Rule::kw_increment
            | Rule::kw_decrement
            | Rule::kw_by
            | Rule::kw_delay
            | Rule::kw_until
            | Rule::kw_at
            | Rule::kw_timeout
            | Rule::kw_else
            | Rule::kw_if
            | Rule::kw_branch
            | Rule::kw_split
            | Rule::kw_goto
            | Rule::kw_stop
            | Rule::kw_in
            | Rule::kw_not
            | Rule::kw_and
            | Rule::kw_or
            | Rule::kw_is
            | Rule::kw_known
            | Rule::kw_unknown
            | Rule::kw_true
            | Rule::kw_false
            | Rule::kw_now
            | Rule::kw_today
            | Rule::kw_where
            | Rule::kw_contains
            | Rule::kw_starts_with
            | Rule::kw_ends_with
            | Rule::ctx_to
            | Rule::ctx_day
            | Rule::ctx_month
    )
}

/// The keywords of docs/language.md section 11.
pub const KEYWORDS: &[&str] = &[
    "workflow",
    "object",
    "timezone",
    "enroll",
    "when",
    "on",
    "event",
    "every",
    "manually",
    "reenroll",
    "goal",
    "unenroll",
    "window",
    "blocked",
    "let",
    "set",
    "clear",
    "increment",
    "decrement",
    "by",
    "delay",
    "until",
    "at",
    "timeout",
    "else",
    "if",
    "branch",
    "split",
    "goto",
    "stop",
    "in",
    "not",
    "and",
    "or",
    "is",
    "known",
    "unknown",
    "true",
    "false",
    "now",
    "today",
    "where",
    "contains",
    "starts_with",
    "ends_with",
];
