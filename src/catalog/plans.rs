//! Subscription plans given with `--plan`, and whether they satisfy a requirement.

use super::{Hub, Requirement, Tier};
use crate::suggest::suggest;

/// Every plan name `--plan` accepts: `HUB-starter|HUB-pro|HUB-enterprise` for each
/// hub, and the add-on `sms`.
pub const PLAN_NAMES: &[&str] = &[
    "marketing-starter",
    "marketing-pro",
    "marketing-enterprise",
    "sales-starter",
    "sales-pro",
    "sales-enterprise",
    "service-starter",
    "service-pro",
    "service-enterprise",
    "operations-starter",
    "operations-pro",
    "operations-enterprise",
    "content-starter",
    "content-pro",
    "content-enterprise",
    "sms",
];

/// The add-ons `--plan` accepts.
const ADD_ONS: &[&str] = &["sms"];

/// The subscriptions of one portal: the highest tier held per hub, and add-ons.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plans {
    hubs: Vec<(Hub, Tier)>,
    add_ons: Vec<&'static str>,
}

impl Plans {
    /// Whether any one of `requires` is met; an empty list is always met.
    pub fn satisfies(&self, requires: &[Requirement]) -> bool {
        requires.is_empty() || requires.iter().any(|requirement| self.meets(requirement))
    }

    /// Whether this single requirement is met (a higher tier includes lower ones).
    pub fn meets(&self, requirement: &Requirement) -> bool {
        match requirement {
            Requirement::Hub { hub, min } => self.tier(*hub).is_some_and(|tier| tier >= *min),
            Requirement::AddOn(name) => self.add_ons.contains(name),
        }
    }

    /// The tier held of `hub`, if any.
    pub fn tier(&self, hub: Hub) -> Option<Tier> {
        self.hubs.iter().find(|(held, _)| *held == hub).map(|(_, tier)| *tier)
    }

    /// Whether no plan was given.
    pub fn is_empty(&self) -> bool {
        self.hubs.is_empty() && self.add_ons.is_empty()
    }

    fn add_hub(&mut self, hub: Hub, tier: Tier) {
        match self.hubs.iter_mut().find(|(held, _)| *held == hub) {
            Some(entry) => entry.1 = entry.1.max(tier),
            None => self.hubs.push((hub, tier)),
        }
    }
}

/// Parses `--plan` values such as `marketing-pro`, `service-enterprise`, `sms`.
///
/// Names are matched ignoring ASCII case and surrounding spaces; empty entries
/// (from a trailing comma) are skipped; `HUB-professional` is accepted as an alias
/// of `HUB-pro`. Giving two tiers of one hub keeps the higher one. An unknown name
/// is a lowercase error message naming it, with a did-you-mean when one is close.
pub fn parse_plans(list: &[String]) -> Result<Plans, String> {
    let mut plans = Plans::default();
    for raw in list {
        let name = raw.trim().to_ascii_lowercase();
        if name.is_empty() {
            continue;
        }
        if let Some(add_on) = ADD_ONS.iter().find(|add_on| **add_on == name) {
            if !plans.add_ons.contains(add_on) {
                plans.add_ons.push(add_on);
            }
            continue;
        }
        match parse_hub_plan(&name) {
            Some((hub, tier)) => plans.add_hub(hub, tier),
            None => return Err(unknown_plan(raw.trim())),
        }
    }
    Ok(plans)
}

fn parse_hub_plan(name: &str) -> Option<(Hub, Tier)> {
    let (hub_word, tier_word) = name.split_once('-')?;
    let hub = Hub::ALL.into_iter().find(|hub| hub.plan_word() == hub_word)?;
    let tier = match tier_word {
        "professional" => Tier::Professional,
        _ => Tier::ALL.into_iter().find(|tier| tier.plan_word() == tier_word)?,
    };
    Some((hub, tier))
}

fn unknown_plan(name: &str) -> String {
    match suggest(name, PLAN_NAMES.iter().copied()) {
        Some(candidate) => format!("unknown plan `{name}`: did you mean `{candidate}`?"),
        None => format!(
            "unknown plan `{name}`: a plan is `HUB-starter`, `HUB-pro` or `HUB-enterprise` with HUB one of \
             `marketing`, `sales`, `service`, `operations`, `content`, or the add-on `sms`"
        ),
    }
}
