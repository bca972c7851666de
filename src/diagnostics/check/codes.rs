//! The checker's codes with their titles and explanations, for `wf explain`.

use crate::diagnostics::CodeInfo;

const fn info(code: &'static str, title: &'static str, explanation: &'static str) -> CodeInfo {
    CodeInfo {
        code,
        title,
        explanation,
    }
}

/// The checker's codes (E01xx–E04xx, W00xx), sorted.
pub const CODES: &[CodeInfo] = &[
    info(
        "E0101",
        "setting after a step",
        "All settings of a workflow (`object`, `timezone`, `enroll …`, `goal`, `window`, …) come before its first \
step. The parser accepts them anywhere so that this can be reported where it happens.

Wrong:
    workflow \"W\" {
      object contact
      send_email(\"welcome\")
      enroll when score > 10
    }
Right:
    workflow \"W\" {
      object contact
      enroll when score > 10
      send_email(\"welcome\")
    }
",
    ),
    info(
        "E0102",
        "missing `object` setting",
        "Every workflow names the object type it enrolls (`contact`, `company`, `deal`, `ticket`, `quote`, `lead`, \
`conversation`, or a custom object of the schema) with `object TYPE`.

Wrong:
    workflow \"W\" { enroll manually  send_email(\"hi\") }
Right:
    workflow \"W\" { object contact  enroll manually  send_email(\"hi\") }
",
    ),
    info(
        "E0103",
        "setting given more than once",
        "`object`, `timezone`, `goal`, `unenroll when` and `reenroll` may each appear once in a workflow. (Several \
`enroll`, `window` and `blocked` settings are fine: they add up.)

Wrong:
    object contact
    object company
Right:
    object contact
",
    ),
    info(
        "E0104",
        "missing `enroll` setting",
        "A workflow needs at least one way in: `enroll when COND`, `enroll on event NAME`, `enroll every SCHEDULE`, \
or `enroll manually` (only `enroll in workflow` and the API enroll).

Wrong:
    workflow \"W\" { object contact  send_email(\"hi\") }
Right:
    workflow \"W\" { object contact  enroll manually  send_email(\"hi\") }
",
    ),
    info(
        "E0105",
        "invalid time of day",
        "A time of day is `HH:MM` on a 24-hour clock, from `00:00` to `23:59` (seconds, where allowed, up to 59).

Wrong:
    delay until 25:00
Right:
    delay until 23:00
",
    ),
    info(
        "E0106",
        "invalid date",
        "A date `YYYY-MM-DD` must exist in the calendar: months 01–12 and days up to the month's last day (February \
29 only in leap years).

Wrong:
    delay until 2026-02-30
Right:
    delay until 2026-02-28
",
    ),
    info(
        "E0107",
        "unknown weekday",
        "Weekday words are `monday` … `sunday` and `weekday` (Monday to Friday); in `window` and schedules `day` \
means every day. After `delay until`, a word followed by a time is a weekday, and a one-word property within \
two edits of a weekday name is taken as a misspelt weekday.

Wrong:
    delay until tuesdy 09:00
    delay until tuesdy
Right:
    delay until tuesday 09:00
",
    ),
    info(
        "E0108",
        "split percentage out of range",
        "Each arm of a `split` takes a whole percentage from 1% to 100%.

Wrong:
    split { 0% { stop } 100% { send_email(\"a\") } }
Right:
    split { 10% { stop } 90% { send_email(\"a\") } }
",
    ),
    info(
        "E0109",
        "split percentages do not sum to 100",
        "The arms of a `split` share every enrollment between them, so their percentages add up to exactly 100.

Wrong:
    split { 50% { send_email(\"a\") } 40% { send_email(\"b\") } }
Right:
    split { 50% { send_email(\"a\") } 50% { send_email(\"b\") } }
",
    ),
    info(
        "E0110",
        "too many values in `branch on`",
        "One `branch on` lists at most 250 distinct values over all its arms.

Wrong:
    branch on zip { \"10001\" => {…} … 251 values … }
Right:
    if zip in [\"10001\", \"10002\"] { … } else { branch on zip { … } }
",
    ),
    info(
        "E0111",
        "repeated value in `branch on`",
        "Each value of a `branch on` may appear once, in one arm: otherwise it is unclear which arm it takes.

Wrong:
    branch on lead_status { \"new\" => { stop }  \"new\", \"open\" => { send_email(\"x\") } }
Right:
    branch on lead_status { \"new\" => { stop }  \"open\" => { send_email(\"x\") } }
",
    ),
    info(
        "E0112",
        "unknown time zone",
        "`timezone` takes an IANA time zone name, such as `Europe/Stockholm`, `America/New_York` or `UTC`.

Wrong:
    timezone \"Europe/Stokholm\"
Right:
    timezone \"Europe/Stockholm\"
",
    ),
    info(
        "E0113",
        "window ends before it starts",
        "A `window` includes its start and excludes its end, within one day, so its end must be after its start. \
For hours across midnight, write two windows.

Wrong:
    window weekday 17:00 to 09:00
Right:
    window weekday 09:00 to 17:00
",
    ),
    info(
        "E0114",
        "day of the month out of range",
        "`enroll every month on day N` takes a whole N from 1 to 31; a month without that day uses its last day.

Wrong:
    enroll every month on day 32 at 09:00
Right:
    enroll every month on day 31 at 09:00
",
    ),
    info(
        "E0115",
        "invalid UTC offset",
        "A date-time's offset is `Z` or `±HH:MM` of less than 24 hours.

Wrong:
    delay until 2026-01-01T09:00+25:00
Right:
    delay until 2026-01-01T09:00+01:00
",
    ),
    info(
        "E0201",
        "unknown action",
        "An action call names an action of the catalog (docs/catalog.md); `wf check` suggests the closest \
name.

Wrong:
    send_emial(\"welcome\")
Right:
    send_email(\"welcome\")
",
    ),
    info(
        "E0202",
        "unknown parameter",
        "A named argument names one of the action's parameters.

Wrong:
    create_task(titel: \"Call\")
Right:
    create_task(title: \"Call\")
",
    ),
    info(
        "E0203",
        "argument of the wrong type",
        "Each parameter takes a type: a string, a number, `true`/`false`, a duration, a list `[…]` or a map \
`{ key: value }`. Templates make strings from other values.

Wrong:
    send_internal_email(to: \"ana@example.com\", subject: \"Hi\", body: \"…\")
Right:
    send_internal_email(to: [\"ana@example.com\"], subject: \"Hi\", body: \"…\")
",
    ),
    info(
        "E0204",
        "missing required argument",
        "Parameters the catalog marks as required must be given, by position or by name (a `?` placeholder \
counts as given).

Wrong:
    create_task(due: 2 days)
Right:
    create_task(\"Call back\", due: 2 days)
",
    ),
    info(
        "E0205",
        "action not allowed for the object type",
        "Some actions work only for some object types (for example `enroll_in_sequence` only for contacts).

Wrong:
    object deal
    enroll_in_sequence(\"onboarding\")
Right:
    object contact
    enroll_in_sequence(\"onboarding\")
",
    ),
    info(
        "E0207",
        "too many positional arguments",
        "An action takes at most as many positional arguments as it has parameters.

Wrong:
    send_email(\"welcome\", \"extra\")
Right:
    send_email(\"welcome\")
",
    ),
    info(
        "E0208",
        "argument given twice",
        "Each parameter is given once, either by position or by name.

Wrong:
    send_email(\"welcome\", email: \"welcome-2\")
Right:
    send_email(email: \"welcome-2\")
",
    ),
    info(
        "E0209",
        "value not in the parameter's set",
        "Some parameters take one of a fixed set of values (`priority`: `low`, `medium`, `high`).

Wrong:
    create_task(\"Call\", priority: \"urgent\")
Right:
    create_task(\"Call\", priority: \"high\")
",
    ),
    info(
        "E0210",
        "exactly one of several arguments",
        "Some actions need exactly one of a group of parameters: `rotate_owner` rotates among `users` or the \
members of a `team`, not both and not neither.

Wrong:
    rotate_owner(users: [\"ana\"], team: \"sales\")
Right:
    rotate_owner(team: \"sales\")
",
    ),
    info(
        "E0211",
        "digits-only id",
        "A Zoom webinar id is digits only, without the dashes or spaces Zoom shows it with.

Wrong:
    zoom.add_to_webinar(\"842-1936-4512\")
Right:
    zoom.add_to_webinar(\"84219364512\")
",
    ),
    info(
        "E0212",
        "not included in the given plans",
        "With `--plan`, every action, random `split`, format-data function and the object type must be included in \
one of the plans given. The message names what would include it. Without `--plan` nothing is gated.

Wrong (with `--plan sales-starter`):
    send_email(\"welcome\")
Right (with `--plan marketing-pro`):
    send_email(\"welcome\")
",
    ),
    info(
        "E0301",
        "unknown label",
        "`goto LABEL` names a label of a step of the same workflow (`LABEL: STEP`).

Wrong:
    if score > 5 { nudge: send_email(\"n\") } else { goto nuge }
Right:
    if score > 5 { nudge: send_email(\"n\") } else { goto nudge }
",
    ),
    info(
        "E0302",
        "duplicate label",
        "A label names one step of its workflow.

Wrong:
    a: send_email(\"x\")
    a: send_email(\"y\")
Right:
    a: send_email(\"x\")
    b: send_email(\"y\")
",
    ),
    info(
        "E0303",
        "`goto` not the last step of an `if` arm",
        "`goto` is allowed only as the last step of an arm of an `if`: steps after it would never run.

Wrong:
    if x > 1 { goto a  send_email(\"y\") }
Right:
    if x > 1 { send_email(\"y\")  goto a }
",
    ),
    info(
        "E0304",
        "`goto` into its own arm",
        "The label of a `goto` must be in another arm of an `if` than the one holding the `goto`; everything in its \
own arm comes before it, so the jump would loop.

Wrong:
    if x > 1 { a: send_email(\"x\")  goto a }
Right:
    if x > 1 { a: send_email(\"x\") } else { goto a }
",
    ),
    info(
        "E0305",
        "`goto` target outside an `if` arm",
        "The label of a `goto` must be on a step inside an arm of an `if`.

Wrong:
    a: send_email(\"x\")
    if y > 1 { stop } else { goto a }
Right:
    if y > 1 { a: send_email(\"x\") } else { goto a }
",
    ),
    info(
        "E0306",
        "`goto` makes a loop",
        "The control flow of a workflow must stay acyclic: a `goto` may not jump to a step from which the same \
`goto` can be reached again. The report shows the steps of the loop.

Wrong:
    if a > 1 { x: send_email(\"x\") } else { goto y }
    if b > 1 { y: send_email(\"y\") } else { goto x }
Right:
    if a > 1 { x: send_email(\"x\") } else { goto y }
    if b > 1 { y: send_email(\"y\") } else { stop }
",
    ),
    info(
        "E0307",
        "unknown workflow",
        "`enroll in workflow \"NAME\"` names a workflow of the project: give every file of the project to the same \
command.

Wrong:
    enroll in workflow \"Customer onbording\"
Right:
    enroll in workflow \"Customer onboarding\"
",
    ),
    info(
        "E0308",
        "workflow of another object type",
        "`enroll in workflow` enrolls the same record in another workflow, so that workflow must enroll the same \
object type.

Wrong (from a contact workflow):
    enroll in workflow \"Deal pipeline\"      # object deal
Right:
    enroll in workflow \"Customer onboarding\" # object contact
",
    ),
    info(
        "E0309",
        "duplicate workflow name",
        "Workflow names are unique within a project (all files given together).

Wrong:
    workflow \"Onboarding\" { … }
    workflow \"Onboarding\" { … }
Right:
    workflow \"Onboarding\" { … }
    workflow \"Onboarding (deals)\" { … }
",
    ),
    info(
        "E0310",
        "`let` output read outside its scope",
        "`NAME.FIELD` reads an output of `let NAME = …` only after the `let`, in the same block or a block nested \
in it; settings cannot read them.

Wrong:
    if x > 1 { let r = webhook(url: \"https://example.com\") }
    set status = r.status
Right:
    let r = webhook(url: \"https://example.com\")
    set status = r.status
",
    ),
    info(
        "E0311",
        "unknown action output",
        "A `let` binds the outputs the catalog lists for its action (`webhook`: `status`, `body`; `create_task`: \
`id`); `custom_code` may return any field.

Wrong:
    let r = webhook(url: \"https://example.com\")
    set code = r.code
Right:
    set code = r.status
",
    ),
    info(
        "E0312",
        "reserved `let` name",
        "A `let` name may not be an object type or `event`: `company.name` reads the associated company, and \
`event.FIELD` reads the event's data.

Wrong:
    let company = create_record(object: \"company\", properties: {name: \"Acme\"})
Right:
    let created = create_record(object: \"company\", properties: {name: \"Acme\"})
",
    ),
    info(
        "E0313",
        "duplicate `let` name",
        "A `let` may not reuse a name that is already bound at that point.

Wrong:
    let r = webhook(url: \"https://a.example\")
    let r = webhook(url: \"https://b.example\")
Right:
    let a = webhook(url: \"https://a.example\")
    let b = webhook(url: \"https://b.example\")
",
    ),
    info(
        "E0314",
        "`event.FIELD` outside an event's `where`",
        "The event's data is readable only in the `where` of `enroll on event` and of `delay until event`.

Wrong:
    enroll when event.form == \"demo\"
Right:
    enroll on event form_submitted where event.form == \"demo\"
",
    ),
    info(
        "E0315",
        "unknown function",
        "The functions are `upper`, `lower`, `capitalize`, `trim`, `length`, `replace`, `round`, `floor`, `ceil`, \
`abs`, `min`, `max`, `coalesce`, `days_between` and `format_date`.

Wrong:
    set firstname = capitalise(firstname)
Right:
    set firstname = capitalize(firstname)
",
    ),
    info(
        "E0316",
        "wrong number of function arguments",
        "Each function takes a fixed number of arguments (`round` one or two, `replace` three, …).

Wrong:
    set name = replace(name, \"-\")
Right:
    set name = replace(name, \"-\", \" \")
",
    ),
    info(
        "E0317",
        "field on `now` or `today`",
        "`now` (a date-time) and `today` (a local date) are values, not records: they have no fields.

Wrong:
    if now.hour > 9 { … }
Right:
    if format_date(now, \"%H\") > \"09\" { … }
",
    ),
    info(
        "E0318",
        "`event` without a field",
        "`event` stands for the event's data, which is read one field at a time.

Wrong:
    enroll on event form_submitted where event is known
Right:
    enroll on event form_submitted where event.form is known
",
    ),
    info(
        "E0319",
        "changing something that is not a property",
        "`set`, `clear`, `increment` and `decrement` change a property of the record (`prop`) or of its first \
associated record of a type (`TYPE.prop`); `now`, `today`, `event.FIELD` and `let` outputs cannot be changed.

Wrong:
    set r.status = 200
Right:
    set last_status = r.status
",
    ),
    info(
        "E0401",
        "unknown object type",
        "The object type is a standard one (`contact`, `company`, `deal`, `ticket`, `quote`, `lead`, \
`conversation`) or, with `--schema`, one the schema describes. Without a schema, a near miss of a standard type \
is taken as a typo.

Wrong:
    object contcat
Right:
    object contact
",
    ),
    info(
        "E0402",
        "unknown property",
        "With `--schema`, every property read or changed must be listed under the object's `properties`.

Wrong:
    enroll when scor > 50
Right:
    enroll when score > 50
",
    ),
    info(
        "E0403",
        "unknown association",
        "In `TYPE.prop`, TYPE is an object type associated with the workflow's object (with `--schema`: listed in \
its `associations`) or a `let` binding in scope.

Wrong:
    if compnay.industry is known { … }
Right:
    if company.industry is known { … }
",
    ),
    info(
        "E0404",
        "not a number",
        "`increment` and `decrement` change number properties, by a number.

Wrong:
    increment email
    increment score by \"10\"
Right:
    increment score by 10
",
    ),
    info(
        "E0405",
        "`branch on` value of the wrong type",
        "The values of a `branch on` must fit the type of its path (with an enum, be among its values); without a \
known type they must at least be of one type.

Wrong (score is a number):
    branch on score { \"high\" => { … } }
Right:
    branch on score { 100 => { … } }
",
    ),
    info(
        "E0406",
        "`delay until` a property that is not a date",
        "`delay until PATH` waits for the date or date-time in a property.

Wrong (email is a string):
    delay until email
Right:
    delay until renewal_date - 30 days at 09:00
",
    ),
    info(
        "E0407",
        "comparison of incompatible types",
        "A comparison compares values of one kind: numbers with numbers, strings with strings, dates with dates. \
`contains`, `starts_with` and `ends_with` work on strings. Such a comparison would never be true.

Wrong:
    if score > \"high\" { … }
Right:
    if score > 50 { … }
",
    ),
    info(
        "E0408",
        "`set` value of the wrong type",
        "With `--schema`, the value of `set` must fit the property's type.

Wrong (score is a number):
    set score = \"high\"
Right:
    set score = 100
",
    ),
    info(
        "E0409",
        "value not in the enum",
        "A string set into, or compared with, an enum property must be one of its values.

Wrong:
    set lifecycle_stage = \"leed\"
Right:
    set lifecycle_stage = \"lead\"
",
    ),
    info(
        "E0410",
        "operator applied to the wrong types",
        "`+` adds numbers, adds a duration to a date or joins strings; `-` subtracts numbers or a duration from a \
date; `*` and `/` take numbers; `and`, `or`, `not` take conditions.

Wrong:
    set total = \"10\" * 2
Right:
    set total = 10 * 2
",
    ),
    info(
        "E0411",
        "condition that is not true or false",
        "`if`, `enroll when`, `goal`, `unenroll when` and `where` take a condition.

Wrong:
    if \"yes\" { … }
Right:
    if newsletter == \"yes\" { … }
",
    ),
    info(
        "E0412",
        "function argument of the wrong type",
        "Each function takes arguments of given types: `upper` a string, `round` a number, `days_between` dates.

Wrong:
    set name = upper(42)
Right:
    set name = upper(firstname)
",
    ),
    info(
        "W0001",
        "placeholder",
        "A `?` stands for an argument to be filled in later. `wf check` accepts it with this warning; `wf compile` \
and `wf run` refuse it.

Draft:
    send_email(?)
Ready:
    send_email(\"welcome-1\")
",
    ),
    info(
        "W0002",
        "unreachable step after `stop`",
        "`stop` ends the enrollment, so the steps after it in the same block never run (unless a `goto` reaches \
them).

Suspicious:
    stop
    send_email(\"never sent\")
Better:
    send_email(\"sent\")
    stop
",
    ),
    info(
        "W0003",
        "`branch on` without `else`",
        "A value no arm lists (or an unknown value) takes no arm. An explicit `else` says what happens then, even \
when it is nothing.

Suspicious:
    branch on lead_status { \"new\" => { send_email(\"hi\") } }
Better:
    branch on lead_status { \"new\" => { send_email(\"hi\") } else => { } }
",
    ),
    info(
        "W0004",
        "unused `let`",
        "The outputs of a `let` are never read. Call the action without `let`, or read an output as `NAME.FIELD`.

Suspicious:
    let r = webhook(url: \"https://example.com\")
Better:
    webhook(url: \"https://example.com\")
",
    ),
];
