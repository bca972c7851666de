//! Questions the editor asks of one file's AST: which names are defined and
//! used where (labels, workflows, `let` names), and what stands at an offset.
//! Pure functions over [`SourceFile`]; no protocol types.

use crate::syntax::ast::{
    ActionCall, ArgValue, Block, DelayKind, Expr, ExprKind, Item, Path, SettingKind, SourceFile, Step, StepKind,
    TemplatePart, Workflow,
};
use crate::syntax::span::Span;

/// What kind of name a symbol is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SymbolKind {
    /// A workflow, named by `workflow "NAME"` and `enroll in workflow "NAME"`.
    Workflow,
    /// A step label, named by `NAME:` and `goto NAME` (scoped to its workflow).
    Label,
    /// A `let` name, read as `NAME.FIELD` (scoped to its workflow).
    Let,
}

/// One place a symbol's name is written.
#[derive(Clone, Debug, PartialEq)]
pub struct Occurrence {
    pub kind: SymbolKind,
    pub name: String,
    /// The name itself (inside the quotes for a workflow name).
    pub span: Span,
    /// True where the symbol is defined.
    pub definition: bool,
    /// The index of the workflow (in its file) the occurrence is in.
    pub workflow: usize,
}

/// What stands at an offset, for hover and completion.
#[derive(Clone, Debug, PartialEq)]
pub enum Target<'a> {
    /// An action's name in a call.
    Action(&'a ActionCall),
    /// A property path read or written.
    Property { path: &'a Path, workflow: usize },
    /// A delay step.
    Delay { kind: &'a DelayKind, workflow: usize },
    /// A label, workflow or `let` name.
    Symbol(Occurrence),
}

/// The inner span of a quoted name (`"Lead nurture"` -> `Lead nurture`).
fn inside_quotes(span: Span) -> Span {
    if span.end >= span.start + 2 {
        Span {
            start: span.start + 1,
            end: span.end - 1,
        }
    } else {
        span
    }
}

/// Every occurrence of every symbol in `file`, in source order.
pub fn occurrences(file: &SourceFile) -> Vec<Occurrence> {
    let mut out = Vec::new();
    for (index, workflow) in file.workflows.iter().enumerate() {
        out.push(Occurrence {
            kind: SymbolKind::Workflow,
            name: workflow.name.value.clone(),
            span: inside_quotes(workflow.name.span),
            definition: true,
            workflow: index,
        });
        let lets = let_names(workflow);
        let mut walker = Walker {
            workflow: index,
            lets: &lets,
            out: &mut out,
        };
        for item in &workflow.items {
            match item {
                Item::Setting(setting) => walker.setting(&setting.kind),
                Item::Step(step) => walker.step(step),
            }
        }
    }
    out.sort_by_key(|occurrence| occurrence.span.start);
    out
}

/// The names bound by `let` anywhere in `workflow`.
fn let_names(workflow: &Workflow) -> Vec<String> {
    let mut names = Vec::new();
    let mut stack: Vec<&Step> = workflow.steps().collect();
    while let Some(step) = stack.pop() {
        if let StepKind::Let { name, .. } = &step.kind {
            names.push(name.name.to_string());
        }
        for block in blocks(step) {
            stack.extend(block.steps.iter());
        }
    }
    names
}

/// The blocks directly inside a step.
pub fn blocks(step: &Step) -> Vec<&Block> {
    match &step.kind {
        StepKind::If { arms, else_block } => arms.iter().map(|arm| &arm.block).chain(else_block).collect(),
        StepKind::Branch { arms, else_block, .. } => arms.iter().map(|arm| &arm.block).chain(else_block).collect(),
        StepKind::Split { arms } => arms.iter().map(|arm| &arm.block).collect(),
        StepKind::Delay(delay) => match &delay.kind {
            DelayKind::UntilEvent { on_timeout, .. } => on_timeout.iter().collect(),
            _ => Vec::new(),
        },
        _ => Vec::new(),
    }
}

struct Walker<'a> {
    workflow: usize,
    lets: &'a [String],
    out: &'a mut Vec<Occurrence>,
}

impl Walker<'_> {
    fn push(&mut self, kind: SymbolKind, name: &str, span: Span, definition: bool) {
        self.out.push(Occurrence {
            kind,
            name: name.to_string(),
            span,
            definition,
            workflow: self.workflow,
        });
    }

    fn setting(&mut self, setting: &SettingKind) {
        match setting {
            SettingKind::EnrollWhen(expr) | SettingKind::Goal(expr) | SettingKind::UnenrollWhen(expr) => {
                self.expr(expr)
            }
            SettingKind::EnrollOnEvent { filter, .. } | SettingKind::EnrollEvery { filter, .. } => {
                if let Some(filter) = filter {
                    self.expr(filter);
                }
            }
            _ => {}
        }
    }

    fn step(&mut self, step: &Step) {
        if let Some(label) = &step.label {
            self.push(SymbolKind::Label, label.name.as_ref(), label.span, true);
        }
        match &step.kind {
            StepKind::Action(call) => self.call(call),
            StepKind::Let { name, call } => {
                self.push(SymbolKind::Let, name.name.as_ref(), name.span, true);
                self.call(call);
            }
            StepKind::Set { path, value } => {
                self.path(path);
                self.expr(value);
            }
            StepKind::Clear { path } => self.path(path),
            StepKind::Increment { path, by } | StepKind::Decrement { path, by } => {
                self.path(path);
                if let Some(by) = by {
                    self.expr(by);
                }
            }
            StepKind::Delay(delay) => match &delay.kind {
                DelayKind::UntilProperty { path, .. } => self.path(path),
                DelayKind::UntilEvent {
                    filter: Some(filter), ..
                } => self.expr(filter),
                _ => {}
            },
            StepKind::If { arms, .. } => {
                for arm in arms {
                    self.expr(&arm.cond);
                }
            }
            StepKind::Branch { path, .. } => self.path(path),
            StepKind::Split { .. } | StepKind::Stop => {}
            StepKind::Goto(label) => self.push(SymbolKind::Label, label.name.as_ref(), label.span, false),
            StepKind::EnrollIn(name) => {
                self.push(SymbolKind::Workflow, &name.value, inside_quotes(name.span), false);
            }
        }
        for block in blocks(step) {
            for inner in &block.steps {
                self.step(inner);
            }
        }
    }

    fn call(&mut self, call: &ActionCall) {
        for arg in &call.args {
            if let ArgValue::Expr(expr) = &arg.value {
                self.expr(expr);
            }
        }
    }

    fn path(&mut self, path: &Path) {
        let head = path.head.name.to_string();
        if path.field.is_some() && self.lets.contains(&head) {
            self.push(SymbolKind::Let, &head, path.head.span, false);
        }
    }

    fn expr(&mut self, expr: &Expr) {
        each_path(expr, &mut |path| self.path(path));
    }
}

/// Calls `f` on every path inside `expr`, templates included.
pub fn each_path<'a>(expr: &'a Expr, f: &mut dyn FnMut(&'a Path)) {
    match &expr.kind {
        ExprKind::Path(path) => f(path),
        ExprKind::Str(template) => {
            for part in &template.parts {
                if let TemplatePart::Path(path) = part {
                    f(path);
                }
            }
        }
        ExprKind::List(items) => items.iter().for_each(|item| each_path(item, f)),
        ExprKind::Map(entries) => entries.iter().for_each(|entry| each_path(&entry.value, f)),
        ExprKind::Call { args, .. } => args.iter().for_each(|arg| each_path(arg, f)),
        ExprKind::Unary { operand, .. } | ExprKind::IsKnown { operand, .. } => each_path(operand, f),
        ExprKind::Binary { lhs, rhs, .. } => {
            each_path(lhs, f);
            each_path(rhs, f);
        }
        ExprKind::Number(_) | ExprKind::Bool(_) | ExprKind::Date(_) | ExprKind::DateTime(_) | ExprKind::Duration(_) => {
        }
    }
}

fn contains(span: Span, offset: usize) -> bool {
    span.start as usize <= offset && offset <= span.end as usize
}

/// The innermost thing at `offset` that hover can describe.
pub fn target_at(file: &SourceFile, offset: usize) -> Option<Target<'_>> {
    if let Some(symbol) = occurrences(file).into_iter().find(|o| contains(o.span, offset)) {
        return Some(Target::Symbol(symbol));
    }
    let (index, workflow) = file
        .workflows
        .iter()
        .enumerate()
        .find(|(_, workflow)| contains(workflow.span, offset))?;
    let mut found = None;
    for item in &workflow.items {
        match item {
            Item::Step(step) => step_target(step, index, offset, &mut found),
            Item::Setting(setting) => {
                if contains(setting.span, offset) {
                    setting_target(&setting.kind, index, offset, &mut found);
                }
            }
        }
    }
    found
}

fn setting_target<'a>(setting: &'a SettingKind, workflow: usize, offset: usize, found: &mut Option<Target<'a>>) {
    let expr = match setting {
        SettingKind::EnrollWhen(expr) | SettingKind::Goal(expr) | SettingKind::UnenrollWhen(expr) => Some(expr),
        SettingKind::EnrollOnEvent { filter, .. } | SettingKind::EnrollEvery { filter, .. } => filter.as_ref(),
        _ => None,
    };
    if let Some(expr) = expr {
        expr_target(expr, workflow, offset, found);
    }
}

fn expr_target<'a>(expr: &'a Expr, workflow: usize, offset: usize, found: &mut Option<Target<'a>>) {
    each_path(expr, &mut |path| {
        if contains(path.span, offset) {
            *found = Some(Target::Property { path, workflow });
        }
    });
}

fn step_target<'a>(step: &'a Step, workflow: usize, offset: usize, found: &mut Option<Target<'a>>) {
    if !contains(step.span, offset) {
        return;
    }
    match &step.kind {
        StepKind::Action(call) | StepKind::Let { call, .. } => {
            if contains(call.name.span, offset) {
                *found = Some(Target::Action(call));
            }
            for arg in &call.args {
                if let ArgValue::Expr(expr) = &arg.value {
                    expr_target(expr, workflow, offset, found);
                }
            }
        }
        StepKind::Set { path, value } => {
            if contains(path.span, offset) {
                *found = Some(Target::Property { path, workflow });
            }
            expr_target(value, workflow, offset, found);
        }
        StepKind::Clear { path }
        | StepKind::Increment { path, .. }
        | StepKind::Decrement { path, .. }
        | StepKind::Branch { path, .. }
            if contains(path.span, offset) =>
        {
            *found = Some(Target::Property { path, workflow });
        }
        StepKind::If { arms, .. } => {
            for arm in arms {
                expr_target(&arm.cond, workflow, offset, found);
            }
        }
        StepKind::Delay(delay) => {
            *found = Some(Target::Delay {
                kind: &delay.kind,
                workflow,
            });
            if let DelayKind::UntilProperty { path, .. } = &delay.kind
                && contains(path.span, offset)
            {
                *found = Some(Target::Property { path, workflow });
            }
        }
        _ => {}
    }
    for block in blocks(step) {
        for inner in &block.steps {
            step_target(inner, workflow, offset, found);
        }
    }
}

/// The object type of a workflow (`object: deal`), `contact` by default.
pub fn object_of(workflow: &Workflow) -> String {
    workflow
        .settings()
        .find_map(|setting| match &setting.kind {
            SettingKind::Object(ident) => Some(ident.name.to_string()),
            _ => None,
        })
        .unwrap_or_else(|| "contact".to_string())
}

/// The time zone of a workflow, when it sets one.
pub fn timezone_of(workflow: &Workflow) -> Option<String> {
    workflow.settings().find_map(|setting| match &setting.kind {
        SettingKind::Timezone(zone) => Some(zone.value.clone()),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> SourceFile {
        crate::syntax::parse(text).expect("test source parses")
    }

    const SOURCE: &str = r#"workflow "A" {
  enroll when score > 10
  let r = webhook(url: "https://example.com")
  top: send_email("hi {{ r.status }}")
  if r.status == 200 {
    goto top
  }
  enroll in workflow "B"
}

workflow "B" {
  enroll manually
  stop
}
"#;

    #[test]
    fn occurrences_find_definitions_and_references() {
        let file = parse(SOURCE);
        let all = occurrences(&file);
        let found: Vec<(SymbolKind, &str, &str, bool)> = all
            .iter()
            .map(|o| (o.kind, o.name.as_str(), &SOURCE[o.span.range()], o.definition))
            .collect();
        assert_eq!(
            found,
            vec![
                (SymbolKind::Workflow, "A", "A", true),
                (SymbolKind::Let, "r", "r", true),
                (SymbolKind::Label, "top", "top", true),
                (SymbolKind::Let, "r", "r", false),
                (SymbolKind::Let, "r", "r", false),
                (SymbolKind::Label, "top", "top", false),
                (SymbolKind::Workflow, "B", "B", false),
                (SymbolKind::Workflow, "B", "B", true),
            ]
        );
    }

    #[test]
    fn target_at_finds_actions_properties_and_delays() {
        let text = "workflow \"A\" {\n  enroll when score > 10\n  send_email(\"x\")\n  delay 2 days\n}\n";
        let file = parse(text);
        let at = |needle: &str| text.find(needle).expect("needle in text") + 1;
        assert!(
            matches!(target_at(&file, at("send_email")), Some(Target::Action(call)) if call.name.name.as_ref() == "send_email")
        );
        assert!(matches!(target_at(&file, at("score")), Some(Target::Property { path, .. }) if path.text() == "score"));
        assert!(matches!(target_at(&file, at("2 days")), Some(Target::Delay { .. })));
        assert_eq!(target_at(&file, 0).map(|_| ()), None);
    }
}
