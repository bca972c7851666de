//! The catalog as Markdown: `docs/catalog.md` and `docs/plans.md` are these
//! functions' output, and `tests/docs.rs` fails when the files drift from them
//! (regenerate with `UPDATE_DOCS=1 cargo test --test docs`).

use std::fmt::Write as _;

use super::{
    ActionSpec, AllowedIn, Constraint, FUNCTIONS, Hub, OBJECT_TYPES, OutputType, Outputs, PLAN_NAMES, Tier, all,
    describe_requirements, format_functions_require, object_requires, split_requires,
};

/// The first line of a generated file.
const GENERATED: &str = "<!-- Generated from the catalog table (src/catalog/actions.rs) by `wf::catalog::";
const REGENERATE: &str = "`. Do not edit: change the table, then run `UPDATE_DOCS=1 cargo test --test docs`. -->";

/// `docs/catalog.md`: every action of the catalog with its parameters,
/// allowed object types, outputs, plans and who carries it out.
pub fn markdown() -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{GENERATED}markdown(){REGENERATE}\n");
    out.push_str(
        "# The action catalog\n\n\
         Every action a workflow can call, from the same table `wf check` validates calls against. \
         A call gives the parameters in the order listed here, then by name: \
         `create_task(\"Call {{firstname}}\", due: 2 days, priority: \"high\")`. \
         See [the language](language.md#51-actions) for how calls are written, \
         [plans](plans.md) for the subscriptions, and [formats](formats.md#mocks) for how \
         `wf run --mock` answers for an action.\n\n\
         Parameter types: `str` a string (templates allowed), `num` a number, `bool` `true` or `false`, \
         `dur` a duration (`2 days`), `list` a list `[…]`, `map` a map `{ key: value }`, \
         `enum{a,b}` one of those strings. A parameter marked *optional* may be left out.\n\n\
         Who carries an action out: *the engine* changes its own records (in `wf run` and when embedded); \
         every other action goes to *the handler* — in `wf run` the built-in one, which records the call \
         and answers from `--mock`.\n\n",
    );
    out.push_str("| action | what it does | allowed in | outputs | needs |\n|---|---|---|---|---|\n");
    for action in all() {
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} | {} |",
            action.name,
            action.description,
            allowed_in(action),
            outputs(action),
            describe_requirements(action.requires)
        );
    }
    for action in all() {
        let _ = writeln!(out, "\n## `{}`\n\n{}\n", action.name, action.description);
        if action.params.is_empty() {
            out.push_str("No parameters.\n\n");
        } else {
            out.push_str("| # | parameter | type | | meaning |\n|---|---|---|---|---|\n");
            for (i, param) in action.params.iter().enumerate() {
                let _ = writeln!(
                    out,
                    "| {} | `{}` | `{}` | {} | {} |",
                    i + 1,
                    param.name,
                    param.ty,
                    if param.required { "required" } else { "optional" },
                    param.description
                );
            }
            out.push('\n');
        }
        let _ = writeln!(out, "- Allowed in: {}", allowed_in(action));
        let _ = writeln!(out, "- Outputs: {}", outputs(action));
        let _ = writeln!(out, "- Needs: {}", describe_requirements(action.requires));
        let _ = writeln!(
            out,
            "- Carried out by: {}",
            if action.engine_handled {
                "the engine, on its records"
            } else {
                "the handler"
            }
        );
        match action.constraint {
            Some(Constraint::ExactlyOneOf(names)) => {
                let names: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
                let _ = writeln!(out, "- Rule: give exactly one of {}", names.join(", "));
            }
            Some(Constraint::DigitsOnly(name)) => {
                let _ = writeln!(out, "- Rule: `{name}` holds digits only (no dashes or spaces)");
            }
            None => {}
        }
    }
    out
}

/// `docs/plans.md`: the names `--plan` accepts and everything they gate.
pub fn plans_markdown() -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{GENERATED}plans_markdown(){REGENERATE}\n");
    out.push_str(
        "# Plans\n\n\
         `wf check --plan P[,P…]` (and `wf compile --plan`) says which subscriptions the portal has. \
         With plans given, every action, `split`, format-data function and object type a workflow uses \
         must be included in one of them, else error `E0212` names what is missing and what would \
         include it. Without `--plan` nothing is gated.\n\n\
         - A plan is `HUB-TIER` or an add-on. Names ignore case and surrounding spaces; \
         `HUB-professional` is accepted for `HUB-pro`.\n\
         - A higher tier includes the lower ones: `marketing-enterprise` includes everything \
         `marketing-pro` and `marketing-starter` do. Giving two tiers of one hub keeps the higher.\n\
         - Where something lists several plans, any one of them suffices.\n\
         - Anything not listed below (most actions, the other object types) is available on every plan.\n\n\
         ## Plan names\n\n| plan | meaning |\n|---|---|\n",
    );
    for name in PLAN_NAMES {
        let meaning = Hub::ALL
            .iter()
            .flat_map(|hub| Tier::ALL.iter().map(move |tier| (*hub, *tier)))
            .find(|(hub, tier)| format!("{}-{}", hub.plan_word(), tier.plan_word()) == *name)
            .map_or_else(
                || format!("the `{name}` add-on"),
                |(hub, tier)| format!("{hub}, {tier} tier"),
            );
        let _ = writeln!(out, "| `{name}` | {meaning} |");
    }
    out.push_str("\n## What needs a plan\n\n| what | needs |\n|---|---|\n");
    for action in all().iter().filter(|a| !a.requires.is_empty()) {
        let _ = writeln!(
            out,
            "| action `{}` | {} |",
            action.name,
            describe_requirements(action.requires)
        );
    }
    let _ = writeln!(
        out,
        "| `split` (random split) | {} |",
        describe_requirements(split_requires())
    );
    let functions: Vec<String> = FUNCTIONS.iter().map(|(name, _, _)| format!("`{name}`")).collect();
    let _ = writeln!(
        out,
        "| the format-data functions: {} | {} |",
        functions.join(", "),
        describe_requirements(format_functions_require())
    );
    for object in OBJECT_TYPES.iter().filter(|o| !object_requires(o).is_empty()) {
        let _ = writeln!(
            out,
            "| workflows of object `{object}` | {} |",
            describe_requirements(object_requires(object))
        );
    }
    let _ = writeln!(
        out,
        "| workflows of a custom object (one named in the schema) | {} |",
        describe_requirements(object_requires("a custom object"))
    );
    let free: Vec<String> = OBJECT_TYPES
        .iter()
        .filter(|o| object_requires(o).is_empty())
        .map(|o| format!("`{o}`"))
        .collect();
    let _ = writeln!(out, "\nWorkflows of {} need no plan.", free.join(", "));
    out
}

fn allowed_in(action: &ActionSpec) -> String {
    match action.allowed_in {
        AllowedIn::All => "all".to_string(),
        AllowedIn::Only(objects) => objects.iter().map(|o| format!("`{o}`")).collect::<Vec<_>>().join(", "),
    }
}

fn outputs(action: &ActionSpec) -> String {
    match action.outputs {
        Outputs::None => "—".to_string(),
        Outputs::Dynamic => "any field (known at run time)".to_string(),
        Outputs::Fields(fields) => fields
            .iter()
            .map(|(name, ty)| {
                let ty = match ty {
                    OutputType::Str => "str",
                    OutputType::Num => "num",
                };
                format!("`{name}`: `{ty}`")
            })
            .collect::<Vec<_>>()
            .join(", "),
    }
}
