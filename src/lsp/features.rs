//! What the server answers: hover text, completions, definitions, references,
//! renames and symbols, computed from the workspace with byte offsets. The
//! protocol layer (`lsp.rs`) converts positions; nothing here sends messages.

use std::collections::HashMap;

use lsp_types::{CompletionItem, CompletionItemKind, InsertTextFormat};

use super::query::{self, Occurrence, SymbolKind, Target};
use super::workspace::{Document, Workspace};
use crate::catalog::{self, ActionSpec, Outputs};
use crate::syntax::ast::{DelayKind, SourceFile, Workflow};
use crate::syntax::span::Span;

/// A place in one document.
#[derive(Clone, Debug, PartialEq)]
pub struct Place {
    pub uri: lsp_types::Uri,
    pub span: Span,
}

/// A problem the client should hear about as an error response.
#[derive(Clone, Debug, PartialEq)]
pub struct Refusal(pub String);

/// Markdown for what stands at `offset` in `doc`.
pub fn hover(ws: &Workspace, doc: &Document, offset: usize) -> Option<(String, Span)> {
    let ast = doc.ast()?;
    match query::target_at(ast, offset)? {
        Target::Action(call) => {
            let spec = catalog::lookup(call.name.name.as_ref())?;
            Some((action_markdown(spec), call.name.span))
        }
        Target::Property { path, workflow } => {
            let object = query::object_of(&ast.workflows[workflow]);
            Some((property_markdown(ws, ast, workflow, &object, path), path.span))
        }
        Target::Delay { kind, workflow } => {
            let zone = query::timezone_of(&ast.workflows[workflow]);
            Some((
                delay_words(kind, &doc.text, zone.as_deref()),
                span_of_delay(kind, ast, offset),
            ))
        }
        Target::Symbol(occurrence) => {
            let place = definition(ws, doc, &occurrence)?;
            let target = ws.get(&place.uri)?;
            let line = target
                .index
                .position(&target.text, place.span.start as usize, super::Encoding::Utf8)
                .line;
            let line_text = line_text(&target.text, place.span.start as usize).trim();
            let what = match occurrence.kind {
                SymbolKind::Workflow => "workflow",
                SymbolKind::Label => "label",
                SymbolKind::Let => "`let` name",
            };
            Some((
                format!(
                    "{what} `{}`, defined at {}:{}\n\n```wf\n{line_text}\n```",
                    occurrence.name,
                    target.name,
                    line + 1
                ),
                occurrence.span,
            ))
        }
    }
}

fn span_of_delay(_kind: &DelayKind, ast: &SourceFile, offset: usize) -> Span {
    // The hover range is the whole delay step that holds the offset.
    let mut best = Span::new(offset, offset);
    for workflow in &ast.workflows {
        let mut stack: Vec<&crate::syntax::ast::Step> = workflow.steps().collect();
        while let Some(step) = stack.pop() {
            if let crate::syntax::ast::StepKind::Delay(delay) = &step.kind
                && delay.span.start as usize <= offset
                && offset <= delay.span.end as usize
            {
                best = delay.span;
            }
            for block in query::blocks(step) {
                stack.extend(block.steps.iter());
            }
        }
    }
    best
}

fn line_text(text: &str, offset: usize) -> &str {
    let start = text[..offset].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let end = text[offset..].find(['\n', '\r']).map_or(text.len(), |i| offset + i);
    &text[start..end]
}

/// An action's catalog entry as Markdown.
pub fn action_markdown(spec: &ActionSpec) -> String {
    let signature: Vec<String> = spec
        .params
        .iter()
        .map(|p| format!("{}{}: {}", p.name, if p.required { "" } else { "?" }, p.ty))
        .collect();
    let mut out = format!(
        "```wf\n{}({})\n```\n\n{}\n",
        spec.name,
        signature.join(", "),
        spec.description
    );
    if !spec.params.is_empty() {
        out.push_str("\n**Parameters**\n");
        for p in spec.params {
            let required = if p.required { "required" } else { "optional" };
            out.push_str(&format!("- `{}`: `{}`, {required} — {}\n", p.name, p.ty, p.description));
        }
    }
    match spec.outputs {
        Outputs::None => {}
        Outputs::Fields(fields) => {
            out.push_str("\n**Outputs** (`let NAME = …`, read as `NAME.FIELD`)\n");
            for (name, ty) in fields {
                out.push_str(&format!("- `{name}`: `{}`\n", format!("{ty:?}").to_lowercase()));
            }
        }
        Outputs::Dynamic => out.push_str("\n**Outputs**: any field, known at run time\n"),
    }
    let objects = match spec.allowed_in {
        catalog::AllowedIn::All => "every object type".to_string(),
        catalog::AllowedIn::Only(objects) => objects.iter().map(|o| format!("`{o}`")).collect::<Vec<_>>().join(", "),
    };
    out.push_str(&format!(
        "\n**Objects**: {objects}  \n**Plans**: {}\n",
        catalog::describe_requirements(spec.requires)
    ));
    out
}

fn property_markdown(
    ws: &Workspace,
    ast: &SourceFile,
    workflow: usize,
    object: &str,
    path: &crate::syntax::ast::Path,
) -> String {
    let head = path.head.name.to_string();
    let lets = lets_of(&ast.workflows[workflow]);
    if let (Some(field), Some(action)) = (&path.field, lets.get(head.as_str())) {
        let field = field.name.to_string();
        let ty = catalog::lookup(action).and_then(|spec| spec.output(&field));
        return match ty {
            Some(Some(ty)) => format!("output `{field}` of `{action}`: `{}`", format!("{ty:?}").to_lowercase()),
            Some(None) => format!("output `{field}` of `{action}` (its outputs are known at run time)"),
            None => format!("`{action}` has no output `{field}`"),
        };
    }
    let (owner, property) = match &path.field {
        Some(field) => (head.clone(), field.name.to_string()),
        None => (object.to_string(), head.clone()),
    };
    match ws.options.schema.as_ref() {
        Some(schema) => match schema.object(&owner).and_then(|o| o.properties.get(&property)) {
            Some(ty) => format!("property `{property}` of `{owner}`: `{}`", describe_type(ty)),
            None => format!("property `{property}` of `{owner}`: not in the schema"),
        },
        None => format!("property `{property}` of `{owner}` (no schema: add `schema` to `wf.toml` to see its type)"),
    }
}

fn describe_type(ty: &crate::check::schema::PropType) -> String {
    use crate::check::schema::PropType;
    match ty {
        PropType::String => "string".into(),
        PropType::Number => "number".into(),
        PropType::Bool => "bool".into(),
        PropType::Date => "date".into(),
        PropType::DateTime => "datetime".into(),
        PropType::Enum(values) => format!("enum {}", values.join(" | ")),
    }
}

/// `let` name -> action name, in one workflow.
fn lets_of(workflow: &Workflow) -> HashMap<String, String> {
    let mut out = HashMap::new();
    let mut stack: Vec<&crate::syntax::ast::Step> = workflow.steps().collect();
    while let Some(step) = stack.pop() {
        if let crate::syntax::ast::StepKind::Let { name, call } = &step.kind {
            out.insert(name.name.to_string(), call.name.name.to_string());
        }
        for block in query::blocks(step) {
            stack.extend(block.steps.iter());
        }
    }
    out
}

/// A delay's rule in words (LANGUAGE.md §5.3).
pub fn delay_words(kind: &DelayKind, text: &str, zone: Option<&str>) -> String {
    let zone = match zone {
        Some(zone) => format!("`{zone}`"),
        None => "UTC (the workflow sets no `timezone`)".to_string(),
    };
    let src = |span: Span| text.get(span.range()).unwrap_or("").to_string();
    match kind {
        DelayKind::For(duration) => format!(
            "**Delay {}**: minutes and hours are elapsed time; days and weeks are calendar days in {zone} (same local time on the later date)",
            src(duration.span)
        ),
        DelayKind::UntilTime(time) => {
            format!(
                "**Delay until {}**: the next time the clock reads {} in {zone} (today if still ahead)",
                src(time.span),
                src(time.span)
            )
        }
        DelayKind::UntilWeekdays { days, time } => match time {
            Some(time) => format!(
                "**Delay until {} {}**: the next {} at {} in {zone}",
                src(days.span),
                src(time.span),
                src(days.span),
                src(time.span)
            ),
            None => format!(
                "**Delay until {}**: at once if today is one of them in {zone}, else 00:00 of the next such day",
                src(days.span)
            ),
        },
        DelayKind::UntilDate { date, time } => format!(
            "**Delay until {}{}** in {zone}; at once when already past",
            src(date.span),
            time.map(|t| format!(" at {}", src(t.span))).unwrap_or_default()
        ),
        DelayKind::UntilDateTime(at) => {
            format!("**Delay until {}** in {zone}; at once when already past", src(at.span))
        }
        DelayKind::UntilProperty { path, offset, time } => format!(
            "**Delay until the record's `{}`**{}{} in {zone}; at once when it is unknown or past, and recomputed when it changes",
            path.text(),
            offset
                .as_ref()
                .map(|o| format!(
                    " {} {}",
                    if o.negative { "minus" } else { "plus" },
                    src(o.duration.span)
                ))
                .unwrap_or_default(),
            time.map(|t| format!(" at {}", src(t.span))).unwrap_or_default()
        ),
        DelayKind::UntilEvent { event, timeout, .. } => format!(
            "**Wait for event `{}`** on the record{}",
            event.name,
            match timeout {
                Some(timeout) => format!(
                    ", at most {} (then the `else` block, if any, and the next step)",
                    src(timeout.span)
                ),
                None => ", for as long as the enrollment lasts (no `timeout`)".to_string(),
            }
        ),
    }
}

/// Where the symbol of `occurrence` (seen in `doc`) is defined.
pub fn definition(ws: &Workspace, doc: &Document, occurrence: &Occurrence) -> Option<Place> {
    references(ws, doc, occurrence)
        .into_iter()
        .find_map(|(place, definition)| definition.then_some(place))
}

/// Every occurrence of the symbol of `occurrence` (seen in `doc`), with
/// whether it is the definition. Workflows are project-wide; labels and
/// `let` names belong to their workflow.
pub fn references(ws: &Workspace, doc: &Document, occurrence: &Occurrence) -> Vec<(Place, bool)> {
    let mut out = Vec::new();
    for other in ws.docs() {
        if occurrence.kind != SymbolKind::Workflow && other.uri != doc.uri {
            continue;
        }
        let Some(ast) = other.ast() else { continue };
        for found in query::occurrences(ast) {
            let same_scope = occurrence.kind == SymbolKind::Workflow || found.workflow == occurrence.workflow;
            if found.kind == occurrence.kind && found.name == occurrence.name && same_scope {
                out.push((
                    Place {
                        uri: other.uri.clone(),
                        span: found.span,
                    },
                    found.definition,
                ));
            }
        }
    }
    out
}

/// The symbol occurrence at `offset`, if any.
pub fn symbol_at(doc: &Document, offset: usize) -> Option<Occurrence> {
    let ast = doc.ast()?;
    query::occurrences(ast)
        .into_iter()
        .find(|o| o.span.start as usize <= offset && offset <= o.span.end as usize)
}

/// The edits that rename the symbol at `offset` to `new_name`.
pub fn rename(ws: &Workspace, doc: &Document, offset: usize, new_name: &str) -> Result<Vec<(Place, String)>, Refusal> {
    let occurrence = symbol_at(doc, offset)
        .ok_or_else(|| Refusal("nothing to rename here; put the cursor on a label, workflow or `let` name".into()))?;
    match occurrence.kind {
        SymbolKind::Workflow => {
            if new_name.is_empty() || new_name.contains(['"', '\\', '\n', '\r', '{', '}']) {
                return Err(Refusal(format!(
                    "`{new_name}` cannot be a workflow name here; use a non-empty name without quotes, backslashes, braces or line breaks"
                )));
            }
        }
        SymbolKind::Label | SymbolKind::Let => {
            if !crate::syntax::is_identifier(new_name) {
                return Err(Refusal(format!(
                    "`{new_name}` is not a valid name; use a letter or `_` followed by letters, digits or `_`, and no keyword"
                )));
            }
        }
    }
    Ok(references(ws, doc, &occurrence)
        .into_iter()
        .map(|(place, _)| (place, new_name.to_string()))
        .collect())
}

/// A workflow and its labels, for the outline.
pub struct Outline {
    pub name: String,
    pub span: Span,
    pub name_span: Span,
    pub labels: Vec<(String, Span)>,
}

/// The outline of one file.
pub fn outline(doc: &Document) -> Vec<Outline> {
    let Some(ast) = doc.ast() else { return Vec::new() };
    let occurrences = query::occurrences(ast);
    ast.workflows
        .iter()
        .enumerate()
        .map(|(index, workflow)| Outline {
            name: workflow.name.value.clone(),
            span: workflow.span,
            name_span: workflow.name.span,
            labels: occurrences
                .iter()
                .filter(|o| o.workflow == index && o.definition && o.kind != SymbolKind::Workflow)
                .map(|o| (o.name.clone(), o.span))
                .collect(),
        })
        .filter(|outline| outline.span.end as usize <= doc.text.len())
        .collect()
}

/// Step keywords, in the order a user reaches for them.
const STEP_KEYWORDS: &[(&str, &str)] = &[
    ("if", "if ${1:condition} {\n\t$0\n}"),
    (
        "branch on",
        "branch on ${1:property} {\n\t${2:\"value\"} => { $0 }\n\telse => { }\n}",
    ),
    ("split", "split {\n\t50% { $1 }\n\t50% { $0 }\n}"),
    ("delay", "delay ${1:2 days}"),
    ("delay until", "delay until ${1:tuesday 09:00}"),
    ("delay until event", "delay until event ${1:name} timeout ${2:7 days}"),
    ("set", "set ${1:property} = ${0:value}"),
    ("clear", "clear ${0:property}"),
    ("increment", "increment ${0:property}"),
    ("decrement", "decrement ${0:property}"),
    ("let", "let ${1:name} = ${0:action}()"),
    ("goto", "goto ${0:label}"),
    ("enroll in workflow", "enroll in workflow \"${0:name}\""),
    ("stop", "stop"),
];

/// Setting keywords, offered where a step may start too.
const SETTING_KEYWORDS: &[&str] = &[
    "object",
    "timezone",
    "enroll when",
    "enroll on event",
    "enroll every",
    "enroll manually",
    "reenroll",
    "goal",
    "unenroll when",
    "window",
    "blocked",
];

const WEEKDAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "weekday",
];

fn item(label: &str, kind: CompletionItemKind, detail: Option<String>) -> CompletionItem {
    CompletionItem {
        label: label.to_string(),
        kind: Some(kind),
        detail,
        ..CompletionItem::default()
    }
}

fn snippet(label: &str, kind: CompletionItemKind, body: String, detail: Option<String>) -> CompletionItem {
    CompletionItem {
        insert_text: Some(body),
        insert_text_format: Some(InsertTextFormat::SNIPPET),
        ..item(label, kind, detail)
    }
}

/// The completions at `offset` in `doc`.
pub fn complete(ws: &Workspace, doc: &Document, offset: usize) -> Vec<CompletionItem> {
    let text = &doc.text;
    let offset = floor_boundary(text, offset);
    let line_start = text[..offset].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let line = &text[line_start..offset];
    let trimmed = line.trim_start();
    let quotes_open = line.matches('"').count() % 2 == 1;
    let workflow = workflow_at(doc, offset);

    if quotes_open && trimmed.starts_with("timezone") {
        return chrono_tz::TZ_VARIANTS
            .iter()
            .map(|tz| item(tz.name(), CompletionItemKind::CONSTANT, Some("IANA time zone".into())))
            .collect();
    }
    if quotes_open && trimmed.contains("enroll in workflow") {
        // The last clean parse too: the workflow being typed is broken now.
        let mut names: Vec<String> = ws
            .docs()
            .flat_map(|doc| [doc.ast(), doc.last_good()].into_iter().flatten())
            .flat_map(|ast| ast.workflows.iter().map(|w| w.name.value.clone()))
            .collect();
        names.sort();
        names.dedup();
        return names
            .iter()
            .map(|n| item(n, CompletionItemKind::MODULE, Some("workflow".into())))
            .collect();
    }
    let words: Vec<&str> = trimmed.split_whitespace().collect();
    let partial = !line.ends_with(char::is_whitespace);
    let previous = if partial {
        words.iter().rev().nth(1)
    } else {
        words.last()
    };
    if previous == Some(&"goto") {
        let Some((ast, index, _)) = workflow else {
            return Vec::new();
        };
        return query::occurrences(ast)
            .into_iter()
            .filter(|o| o.workflow == index && o.kind == SymbolKind::Label && o.definition)
            .map(|o| item(&o.name, CompletionItemKind::REFERENCE, Some("label".into())))
            .collect();
    }
    if previous == Some(&"until") {
        let mut out: Vec<CompletionItem> = WEEKDAYS
            .iter()
            .map(|d| item(d, CompletionItemKind::KEYWORD, Some("weekday".into())))
            .collect();
        out.push(item(
            "event",
            CompletionItemKind::KEYWORD,
            Some("wait for an event".into()),
        ));
        return out;
    }
    if let Some(action) = open_call(text, offset)
        && let Some(spec) = catalog::lookup(action)
    {
        {
            let inside = &text[text[..offset].rfind('(').map_or(offset, |i| i + 1)..offset];
            return spec
                .params
                .iter()
                .filter(|p| !inside.contains(&format!("{}:", p.name)))
                .map(|p| {
                    snippet(
                        p.name,
                        CompletionItemKind::FIELD,
                        format!("{}: ${{0}}", p.name),
                        Some(format!("{}{}", p.ty, if p.required { ", required" } else { "" })),
                    )
                })
                .collect();
        }
    }
    let object = workflow
        .map(|(_, _, w)| query::object_of(w))
        .unwrap_or_else(|| "contact".to_string());
    if let Some(head) = dotted_head(line) {
        if let Some((_, _, w)) = workflow
            && let Some(action) = lets_of(w).get(head)
            && let Some(spec) = catalog::lookup(action)
        {
            return spec
                .output_names()
                .map(|n| item(n, CompletionItemKind::FIELD, Some(format!("output of `{action}`"))))
                .collect();
        }
        return schema_properties(ws, head);
    }
    let at_step_start = words.len() <= 1 && !trimmed.contains(['(', '=', '"']);
    if at_step_start && workflow.is_some() {
        let mut out: Vec<CompletionItem> = STEP_KEYWORDS
            .iter()
            .map(|(label, body)| snippet(label, CompletionItemKind::KEYWORD, body.replace('\t', "  "), None))
            .collect();
        out.extend(
            SETTING_KEYWORDS
                .iter()
                .map(|k| item(k, CompletionItemKind::KEYWORD, Some("setting".into()))),
        );
        out.extend(catalog::all().iter().map(|spec| {
            let required: Vec<String> = spec
                .params
                .iter()
                .filter(|p| p.required)
                .enumerate()
                .map(|(i, p)| format!("{}: ${{{}:{}}}", p.name, i + 1, p.name))
                .collect();
            snippet(
                spec.name,
                CompletionItemKind::FUNCTION,
                format!("{}({})", spec.name, required.join(", ")),
                Some(spec.description.to_string()),
            )
        }));
        return out;
    }
    if workflow.is_none() && words.len() <= 1 {
        return vec![snippet(
            "workflow",
            CompletionItemKind::KEYWORD,
            "workflow \"${1:name}\" {\n  $0\n}".into(),
            None,
        )];
    }
    // Inside an expression: the workflow object's properties and associations.
    let mut out = schema_properties(ws, &object);
    if let Some(schema) = &ws.options.schema
        && let Some(described) = schema.object(&object)
    {
        out.extend(described.associations.iter().map(|a| {
            item(
                &format!("{a}."),
                CompletionItemKind::MODULE,
                Some("associated record".into()),
            )
        }));
    }
    out
}

/// The workflow `offset` is in: by span in the current parse, else (a
/// workflow being typed, so broken) by the name of the nearest
/// `workflow "…"` above it, in the current parse or the last clean one.
fn workflow_at(doc: &Document, offset: usize) -> Option<(&SourceFile, usize, &Workflow)> {
    if let Some(ast) = doc.ast()
        && let Some((index, workflow)) = ast
            .workflows
            .iter()
            .enumerate()
            .find(|(_, w)| w.span.start as usize <= offset && offset <= w.span.end as usize)
    {
        return Some((ast, index, workflow));
    }
    let header = doc.text[..offset].rfind("workflow \"")?;
    let rest = &doc.text[header + "workflow \"".len()..];
    let name = &rest[..rest.find('"')?];
    [doc.ast(), doc.last_good()].into_iter().flatten().find_map(|ast| {
        let (index, workflow) = ast.workflows.iter().enumerate().find(|(_, w)| w.name.value == name)?;
        Some((ast, index, workflow))
    })
}

fn schema_properties(ws: &Workspace, object: &str) -> Vec<CompletionItem> {
    let Some(schema) = &ws.options.schema else {
        return Vec::new();
    };
    let Some(described) = schema.object(object) else {
        return Vec::new();
    };
    described
        .properties
        .iter()
        .map(|(name, ty)| {
            item(
                name,
                CompletionItemKind::PROPERTY,
                Some(format!("{object}: {}", describe_type(ty))),
            )
        })
        .collect()
}

/// `company` when the line ends with `company.` or `company.na`.
fn dotted_head(line: &str) -> Option<&str> {
    let word_start = line
        .rfind(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.'))
        .map_or(0, |i| i + 1);
    let word = &line[word_start..];
    let (head, _) = word.split_once('.')?;
    (!head.is_empty()).then_some(head)
}

/// The action whose argument list is open at `offset` (an unclosed `(`
/// preceded by an action name), skipping strings.
fn open_call(text: &str, offset: usize) -> Option<&str> {
    let bytes = text.as_bytes();
    let start = text[..offset].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    // Look back at most over the current and a few previous lines.
    let window_start = text[..start].rmatch_indices('\n').nth(20).map_or(0, |(i, _)| i + 1);
    let mut depth = 0i32;
    let mut in_string = false;
    let mut open = None;
    for (i, &b) in bytes[window_start..offset].iter().enumerate() {
        match b {
            b'"' => in_string = !in_string,
            b'(' if !in_string => {
                depth += 1;
                open = Some(window_start + i);
            }
            b')' if !in_string => depth -= 1,
            _ => {}
        }
    }
    if depth <= 0 {
        return None;
    }
    // The last unclosed `(`: walk back from the end with depth counting.
    let mut depth = 0i32;
    let mut at = None;
    let mut in_string = false;
    for i in (window_start..offset).rev() {
        match bytes[i] {
            b'"' => in_string = !in_string,
            b')' if !in_string => depth += 1,
            b'(' if !in_string => {
                if depth == 0 {
                    at = Some(i);
                    break;
                }
                depth -= 1;
            }
            _ => {}
        }
    }
    let paren = at.or(open)?;
    let before = &text[..paren];
    let name_start = before
        .rfind(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.'))
        .map_or(0, |i| i + 1);
    let name = &before[name_start..];
    (!name.is_empty()).then_some(name)
}

fn floor_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}
