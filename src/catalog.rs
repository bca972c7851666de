//! The action catalog of docs/language.md section 7, as data: every action's
//! parameters, allowed object types, outputs and the subscription it needs, plus
//! the non-action gates (random split, format-data functions, object types).
//!
//! Subscription choices where the project's issue is silent (documented here and
//! in `actions.rs`): the workflow tool itself is taken as given, so an action the
//! product docs do not mark as gated (`create_task`, `slack.send_message`, …)
//! has no requirement and is available on every plan.

mod actions;
mod markdown;
mod plans;
#[cfg(test)]
mod tests;

use std::fmt;

pub use markdown::{markdown, plans_markdown};
pub use plans::{PLAN_NAMES, Plans, parse_plans};

/// The type of an action parameter, as the checker validates arguments.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamType {
    /// A string (templates allowed).
    Str,
    /// A number.
    Num,
    /// `true` or `false`.
    Bool,
    /// A duration such as `2 days`.
    Dur,
    /// A list `[…]`.
    List,
    /// A map `{ key: value, … }`.
    Map,
    /// One string of a fixed set.
    Enum(&'static [&'static str]),
}

impl fmt::Display for ParamType {
    /// Spells the type as docs/language.md section 7 does: `str`, `num`, `enum{low,medium,high}`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParamType::Str => f.write_str("str"),
            ParamType::Num => f.write_str("num"),
            ParamType::Bool => f.write_str("bool"),
            ParamType::Dur => f.write_str("dur"),
            ParamType::List => f.write_str("list"),
            ParamType::Map => f.write_str("map"),
            ParamType::Enum(values) => write!(f, "enum{{{}}}", values.join(",")),
        }
    }
}

/// One parameter of an action, in the catalog's positional order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Param {
    /// The normative parameter name (used for named arguments).
    pub name: &'static str,
    /// The accepted value type.
    pub ty: ParamType,
    /// Whether a call must give it.
    pub required: bool,
    /// A one-line English description.
    pub description: &'static str,
}

/// The object types an action may be used in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AllowedIn {
    /// Every object type, custom objects included.
    All,
    /// Only these standard object types.
    Only(&'static [&'static str]),
}

/// The type of one output field of an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputType {
    /// A string.
    Str,
    /// A number.
    Num,
}

/// The outputs a `let NAME = action(…)` binds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outputs {
    /// The action has no outputs.
    None,
    /// These named fields.
    Fields(&'static [(&'static str, OutputType)]),
    /// Any field (`custom_code`): its outputs are known only at run time.
    Dynamic,
}

/// A HubSpot product hub.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Hub {
    /// Marketing Hub.
    Marketing,
    /// Sales Hub.
    Sales,
    /// Service Hub.
    Service,
    /// Operations Hub (Data Hub).
    Operations,
    /// Content Hub.
    Content,
}

impl Hub {
    /// Every hub, in plan-name order.
    pub const ALL: [Hub; 5] = [Hub::Marketing, Hub::Sales, Hub::Service, Hub::Operations, Hub::Content];

    /// The lowercase word used in plan names (`marketing` in `marketing-pro`).
    pub fn plan_word(self) -> &'static str {
        match self {
            Hub::Marketing => "marketing",
            Hub::Sales => "sales",
            Hub::Service => "service",
            Hub::Operations => "operations",
            Hub::Content => "content",
        }
    }
}

impl fmt::Display for Hub {
    /// `Marketing Hub`, `Operations Hub`, …
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = match self {
            Hub::Marketing => "Marketing Hub",
            Hub::Sales => "Sales Hub",
            Hub::Service => "Service Hub",
            Hub::Operations => "Operations Hub",
            Hub::Content => "Content Hub",
        };
        f.write_str(name)
    }
}

/// A subscription tier; higher tiers include everything of lower ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Tier {
    /// Starter.
    Starter,
    /// Professional.
    Professional,
    /// Enterprise.
    Enterprise,
}

impl Tier {
    /// Every tier, lowest first.
    pub const ALL: [Tier; 3] = [Tier::Starter, Tier::Professional, Tier::Enterprise];

    /// The suffix used in plan names (`pro` in `marketing-pro`).
    pub fn plan_word(self) -> &'static str {
        match self {
            Tier::Starter => "starter",
            Tier::Professional => "pro",
            Tier::Enterprise => "enterprise",
        }
    }
}

impl fmt::Display for Tier {
    /// `Starter`, `Professional`, `Enterprise`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = match self {
            Tier::Starter => "Starter",
            Tier::Professional => "Professional",
            Tier::Enterprise => "Enterprise",
        };
        f.write_str(name)
    }
}

/// One way to be entitled to something: a hub at a minimum tier, or an add-on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Requirement {
    /// `hub` at tier `min` or higher.
    Hub {
        /// The hub.
        hub: Hub,
        /// The lowest tier that suffices.
        min: Tier,
    },
    /// An add-on by its plan name (`sms`).
    AddOn(&'static str),
}

impl fmt::Display for Requirement {
    /// `Marketing Hub Professional` (meaning that tier or higher) or ``the `sms` add-on``.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Requirement::Hub { hub, min } => write!(f, "{hub} {min}"),
            Requirement::AddOn(name) => write!(f, "the `{name}` add-on"),
        }
    }
}

/// Joins alternatives with `or`: "Marketing Hub Professional or Service Hub Professional".
/// An empty list (no requirement) reads "any plan".
pub fn describe_requirements(requires: &[Requirement]) -> String {
    match requires {
        [] => "any plan".to_string(),
        [only] => only.to_string(),
        [init @ .., last] => {
            let init: Vec<String> = init.iter().map(ToString::to_string).collect();
            if init.len() == 1 {
                format!("{} or {last}", init.join(", "))
            } else {
                format!("{}, or {last}", init.join(", "))
            }
        }
    }
}

/// An extra rule on an action's arguments beyond types and required-ness.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Constraint {
    /// Exactly one of these parameters must be given (`rotate_owner`: `users` or `team`).
    ExactlyOneOf(&'static [&'static str]),
    /// This parameter, when a literal, holds digits only (`zoom.add_to_webinar`'s `webinar`).
    DigitsOnly(&'static str),
}

/// One catalog entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ActionSpec {
    /// The action name as written in scripts (`send_email`, `slack.send_message`).
    pub name: &'static str,
    /// A one-line English description.
    pub description: &'static str,
    /// Parameters in positional order.
    pub params: &'static [Param],
    /// Object types the action may be used in.
    pub allowed_in: AllowedIn,
    /// What `let NAME = …` binds.
    pub outputs: Outputs,
    /// Subscriptions that entitle to it: any one suffices; empty = every plan.
    pub requires: &'static [Requirement],
    /// Carried out by the engine on its record store rather than the host's handler.
    pub engine_handled: bool,
    /// An extra argument rule, if any.
    pub constraint: Option<Constraint>,
}

impl ActionSpec {
    /// The parameter named `name`, if the action has one.
    pub fn param(&self, name: &str) -> Option<&'static Param> {
        self.params.iter().find(|param| param.name == name)
    }

    /// Whether the action may be used in a workflow of object type `object`.
    /// Custom objects are allowed only where the action is allowed in all types.
    pub fn allows(&self, object: &str) -> bool {
        match self.allowed_in {
            AllowedIn::All => true,
            AllowedIn::Only(objects) => objects.contains(&object),
        }
    }

    /// The type of output field `field`: `Some(Some(ty))` for a declared field,
    /// `Some(None)` for any field of a dynamic action, `None` when it has no such field.
    pub fn output(&self, field: &str) -> Option<Option<OutputType>> {
        match self.outputs {
            Outputs::None => None,
            Outputs::Fields(fields) => fields.iter().find(|(name, _)| *name == field).map(|(_, ty)| Some(*ty)),
            Outputs::Dynamic => Some(None),
        }
    }

    /// The declared output field names (empty for no outputs and for dynamic outputs).
    pub fn output_names(&self) -> impl Iterator<Item = &'static str> {
        let fields: &'static [(&'static str, OutputType)] = match self.outputs {
            Outputs::Fields(fields) => fields,
            Outputs::None | Outputs::Dynamic => &[],
        };
        fields.iter().map(|(name, _)| *name)
    }
}

/// The catalog entry named `name` (exact, case-sensitive).
pub fn lookup(name: &str) -> Option<&'static ActionSpec> {
    actions::ACTIONS.iter().find(|action| action.name == name)
}

/// Every catalog entry, in docs/language.md section 7's order.
pub fn all() -> &'static [ActionSpec] {
    actions::ACTIONS
}

/// Every action name, for did-you-mean suggestions.
pub fn names() -> impl Iterator<Item = &'static str> {
    actions::ACTIONS.iter().map(|action| action.name)
}

/// The standard object types; any other `object` is a custom object from the schema.
pub const OBJECT_TYPES: &[&str] = &["contact", "company", "deal", "ticket", "quote", "lead", "conversation"];

/// The functions of docs/language.md 6.4: name, minimum and maximum argument count.
pub const FUNCTIONS: &[(&str, usize, usize)] = &[
    ("upper", 1, 1),
    ("lower", 1, 1),
    ("capitalize", 1, 1),
    ("trim", 1, 1),
    ("length", 1, 1),
    ("replace", 3, 3),
    ("round", 1, 2),
    ("floor", 1, 1),
    ("ceil", 1, 1),
    ("abs", 1, 1),
    ("min", 2, 2),
    ("max", 2, 2),
    ("coalesce", 2, 2),
    ("days_between", 2, 2),
    ("format_date", 2, 2),
];

/// The minimum and maximum argument count of function `name`, if it exists.
pub fn function_arity(name: &str) -> Option<(usize, usize)> {
    FUNCTIONS
        .iter()
        .find(|(function, _, _)| *function == name)
        .map(|(_, min, max)| (*min, *max))
}

const MARKETING_PRO: Requirement = Requirement::Hub {
    hub: Hub::Marketing,
    min: Tier::Professional,
};
const SALES_PRO: Requirement = Requirement::Hub {
    hub: Hub::Sales,
    min: Tier::Professional,
};
const SALES_ENTERPRISE: Requirement = Requirement::Hub {
    hub: Hub::Sales,
    min: Tier::Enterprise,
};
const SERVICE_PRO: Requirement = Requirement::Hub {
    hub: Hub::Service,
    min: Tier::Professional,
};
const SERVICE_ENTERPRISE: Requirement = Requirement::Hub {
    hub: Hub::Service,
    min: Tier::Enterprise,
};
const OPERATIONS_PRO: Requirement = Requirement::Hub {
    hub: Hub::Operations,
    min: Tier::Professional,
};

/// What a random `split` needs: Marketing Hub Professional or higher.
pub fn split_requires() -> &'static [Requirement] {
    &[MARKETING_PRO]
}

/// What the format-data functions of docs/language.md 6.4 need: Operations Hub Professional or higher.
pub fn format_functions_require() -> &'static [Requirement] {
    &[OPERATIONS_PRO]
}

/// What workflows of object type `object` need: `quote` Sales Hub Enterprise,
/// `lead` Sales Hub Professional, `ticket` Service Hub Professional, a custom
/// object any Enterprise hub; the other standard types nothing.
pub fn object_requires(object: &str) -> &'static [Requirement] {
    const ANY_ENTERPRISE: &[Requirement] = &[
        Requirement::Hub {
            hub: Hub::Marketing,
            min: Tier::Enterprise,
        },
        Requirement::Hub {
            hub: Hub::Sales,
            min: Tier::Enterprise,
        },
        Requirement::Hub {
            hub: Hub::Service,
            min: Tier::Enterprise,
        },
        Requirement::Hub {
            hub: Hub::Operations,
            min: Tier::Enterprise,
        },
        Requirement::Hub {
            hub: Hub::Content,
            min: Tier::Enterprise,
        },
    ];
    match object {
        "quote" => &[SALES_ENTERPRISE],
        "lead" => &[SALES_PRO],
        "ticket" => &[SERVICE_PRO],
        _ if OBJECT_TYPES.contains(&object) => &[],
        _ => ANY_ENTERPRISE,
    }
}
