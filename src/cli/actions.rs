//! `wf actions [NAME]`: the action catalog, or one action in full, from the
//! table the checker uses (`wf::catalog`).
//!
//! The catalog has no default values: a parameter is required or optional,
//! and an optional one left out is simply not given to the action, so an
//! action's page shows "optional" where CLI.md speaks of defaults.

use std::io::{self, Write};
use std::process::ExitCode;

use anstyle::{AnsiColor, Style};
use serde_json::{Value, json};

use wf::catalog::{self, ActionSpec, AllowedIn, Constraint, OutputType, Outputs, PLAN_NAMES};

use super::exit;

/// Output format of `wf actions`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ActionsFormat {
    Human,
    Json,
}

/// Arguments of `wf actions`.
#[derive(clap::Args, Debug)]
pub struct ActionsArgs {
    /// One action to show in full (`send_email`, `slack.send_message`).
    pub name: Option<String>,
    /// Output format: for people, or JSON for tools.
    #[arg(long, value_enum, default_value = "human")]
    pub format: ActionsFormat,
}

/// Runs `wf actions`.
pub fn run(args: ActionsArgs) -> ExitCode {
    let text = match &args.name {
        None => match args.format {
            ActionsFormat::Human => human_list(),
            ActionsFormat::Json => pretty(&Value::Array(catalog::all().iter().map(action_json).collect())),
        },
        Some(name) => {
            let Some(spec) = catalog::lookup(name.trim()) else {
                let hint = match wf::suggest::suggest(name.trim(), catalog::names()) {
                    Some(s) => format!("; did you mean `{s}`?"),
                    None => "; run `wf actions` to list every action".to_string(),
                };
                return super::input_error(format!("unknown action `{name}`{hint}"));
            };
            match args.format {
                ActionsFormat::Human => human_one(spec),
                ActionsFormat::Json => pretty(&action_json(spec)),
            }
        }
    };
    let mut out = anstream::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => super::input_error(format!("cannot write the catalog: {e}")),
        _ => ExitCode::from(exit::OK),
    }
}

fn pretty(value: &Value) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_else(|_| "null".into());
    text.push('\n');
    text
}

const NAME: Style = Style::new().bold();
const HEADING: Style = Style::new()
    .fg_color(Some(anstyle::Color::Ansi(AnsiColor::Cyan)))
    .bold();
const DIM: Style = Style::new().dimmed();

/// One line per action: its name and description (styled; anstream strips
/// the styles when colour is off).
fn human_list() -> String {
    let width = catalog::names().map(str::len).max().unwrap_or(0);
    let mut text = String::new();
    for spec in catalog::all() {
        text.push_str(&format!(
            "{NAME}{:width$}{NAME:#}  {}\n",
            spec.name,
            spec.description.trim_end_matches('.')
        ));
    }
    text.push_str(&format!(
        "\n{DIM}{} actions; `wf actions NAME` shows one in full{DIM:#}\n",
        catalog::all().len()
    ));
    text
}

/// One action in full: parameters, objects, outputs, plans, who carries it out.
fn human_one(spec: &ActionSpec) -> String {
    let mut text = format!("{NAME}{}{NAME:#}\n  {}\n\n", spec.name, spec.description);
    text.push_str(&format!("{HEADING}parameters{HEADING:#}\n"));
    if spec.params.is_empty() {
        text.push_str("  none\n");
    }
    let name_width = spec.params.iter().map(|p| p.name.len()).max().unwrap_or(0);
    let type_width = spec.params.iter().map(|p| p.ty.to_string().len()).max().unwrap_or(0);
    for param in spec.params {
        let ty = param.ty.to_string();
        let required = if param.required { "required" } else { "optional" };
        text.push_str(&format!(
            "  {:name_width$}  {ty:type_width$}  {required}  {}\n",
            param.name, param.description
        ));
    }
    let rows = [
        ("allowed in", allowed_in_words(spec.allowed_in)),
        ("outputs", outputs_words(spec.outputs)),
        ("plans", plans_words(spec)),
        (
            "carried out",
            if spec.engine_handled {
                "by the engine, on its records".to_string()
            } else {
                "by the action handler (a delivery under `wf serve`)".to_string()
            },
        ),
    ];
    text.push('\n');
    for (heading, value) in rows {
        text.push_str(&format!("{HEADING}{heading:<11}{HEADING:#}  {value}\n"));
    }
    if let Some(rule) = spec.constraint {
        text.push_str(&format!(
            "{HEADING}{:<11}{HEADING:#}  {}\n",
            "rule",
            constraint_words(rule)
        ));
    }
    text
}

fn allowed_in_words(allowed: AllowedIn) -> String {
    match allowed {
        AllowedIn::All => "every object type".to_string(),
        AllowedIn::Only(objects) => objects.join(", "),
    }
}

fn output_type(ty: OutputType) -> &'static str {
    match ty {
        OutputType::Str => "str",
        OutputType::Num => "num",
    }
}

fn outputs_words(outputs: Outputs) -> String {
    match outputs {
        Outputs::None => "none".to_string(),
        Outputs::Fields(fields) => fields
            .iter()
            .map(|(name, ty)| format!("{name}: {}", output_type(*ty)))
            .collect::<Vec<_>>()
            .join(", "),
        Outputs::Dynamic => "any field (known only when it runs)".to_string(),
    }
}

/// The `--plan` names that entitle to the action (any one suffices); empty
/// when every plan does.
fn plan_names(spec: &ActionSpec) -> Vec<&'static str> {
    if spec.requires.is_empty() {
        return Vec::new();
    }
    PLAN_NAMES
        .iter()
        .copied()
        .filter(|plan| catalog::parse_plans(&[plan.to_string()]).is_ok_and(|plans| plans.satisfies(spec.requires)))
        .collect()
}

fn plans_words(spec: &ActionSpec) -> String {
    if spec.requires.is_empty() {
        return "any plan".to_string();
    }
    let names: Vec<String> = plan_names(spec).iter().map(|p| format!("`{p}`")).collect();
    format!(
        "{} (`--plan` {})",
        catalog::describe_requirements(spec.requires),
        names.join(", ")
    )
}

fn constraint_words(rule: Constraint) -> String {
    match rule {
        Constraint::ExactlyOneOf(names) => {
            let names: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
            format!("exactly one of {}", names.join(", "))
        }
        Constraint::DigitsOnly(name) => format!("`{name}`, when written as a literal, holds digits only"),
    }
}

/// One action as JSON, for tools.
fn action_json(spec: &ActionSpec) -> Value {
    let parameters: Vec<Value> = spec
        .params
        .iter()
        .map(|param| {
            let mut value = json!({
                "name": param.name,
                "type": param.ty.to_string(),
                "required": param.required,
                "description": param.description,
            });
            if let catalog::ParamType::Enum(values) = param.ty {
                value["values"] = json!(values);
            }
            value
        })
        .collect();
    let allowed_in = match spec.allowed_in {
        AllowedIn::All => json!("all"),
        AllowedIn::Only(objects) => json!(objects),
    };
    let outputs: Vec<Value> = match spec.outputs {
        Outputs::Fields(fields) => fields
            .iter()
            .map(|(name, ty)| json!({"name": name, "type": output_type(*ty)}))
            .collect(),
        Outputs::None | Outputs::Dynamic => Vec::new(),
    };
    let requires: Vec<String> = spec.requires.iter().map(ToString::to_string).collect();
    let mut value = json!({
        "name": spec.name,
        "description": spec.description,
        "parameters": parameters,
        "allowed_in": allowed_in,
        "outputs": outputs,
        "dynamic_outputs": matches!(spec.outputs, Outputs::Dynamic),
        "requires": requires,
        "plans": plan_names(spec),
        "carried_out_by": if spec.engine_handled { "engine" } else { "handler" },
    });
    if let Some(rule) = spec.constraint {
        value["rule"] = json!(constraint_words(rule));
    }
    value
}
