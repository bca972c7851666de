use std::collections::HashSet;

use super::*;

fn plans(names: &[&str]) -> Result<Plans, String> {
    let list: Vec<String> = names.iter().map(|name| name.to_string()).collect();
    parse_plans(&list)
}

fn param_names(action: &str) -> Vec<&'static str> {
    lookup(action)
        .map(|spec| spec.params.iter().map(|param| param.name).collect())
        .unwrap_or_default()
}

#[test]
fn catalog_has_40_unique_actions() {
    assert_eq!(all().len(), 40);
    let unique: HashSet<&str> = names().collect();
    assert_eq!(unique.len(), 40);
}

#[test]
fn every_entry_is_described_and_params_unique() {
    for spec in all() {
        assert!(!spec.description.is_empty(), "{}", spec.name);
        let unique: HashSet<&str> = spec.params.iter().map(|param| param.name).collect();
        assert_eq!(unique.len(), spec.params.len(), "{}", spec.name);
        for param in spec.params {
            assert!(!param.description.is_empty(), "{}.{}", spec.name, param.name);
        }
        if let AllowedIn::Only(objects) = spec.allowed_in {
            assert!(
                objects.iter().all(|object| OBJECT_TYPES.contains(object)),
                "{}",
                spec.name
            );
        }
    }
}

#[test]
fn parameter_names_follow_the_spec_table() {
    assert_eq!(param_names("send_email"), ["email"]);
    assert_eq!(param_names("send_internal_email"), ["to", "subject", "body"]);
    assert_eq!(
        param_names("create_task"),
        ["title", "due", "assign_to", "notes", "priority"]
    );
    assert_eq!(
        param_names("manage_subscription"),
        ["channel", "type", "status", "legal_basis", "explanation"]
    );
    assert_eq!(param_names("rotate_owner"), ["users", "team", "property"]);
    assert_eq!(param_names("webhook"), ["url", "method", "body", "headers"]);
    assert_eq!(param_names("trello.create_card"), ["board", "list", "name"]);
    assert_eq!(param_names("unenroll_from_sequence"), Vec::<&str>::new());
}

#[test]
fn parameter_types_and_required_ness() {
    let task = lookup("create_task");
    let due = task.and_then(|spec| spec.param("due"));
    assert_eq!(
        due.map(|param| (param.ty, param.required)),
        Some((ParamType::Dur, false))
    );
    let title = task.and_then(|spec| spec.param("title"));
    assert_eq!(
        title.map(|param| (param.ty, param.required)),
        Some((ParamType::Str, true))
    );
    let priority = task
        .and_then(|spec| spec.param("priority"))
        .map(|param| param.ty.to_string());
    assert_eq!(priority.as_deref(), Some("enum{low,medium,high}"));
    assert_eq!(task.and_then(|spec| spec.param("owner")), None);
    let properties = lookup("create_record")
        .and_then(|spec| spec.param("properties"))
        .map(|param| param.ty);
    assert_eq!(properties, Some(ParamType::Map));
}

#[test]
fn allowed_object_types() {
    let allows = |action: &str, object: &str| lookup(action).is_some_and(|spec| spec.allows(object));
    assert!(allows("send_email", "ticket"));
    assert!(allows("send_email", "my_custom_object"));
    assert!(allows("enroll_in_sequence", "contact"));
    assert!(!allows("enroll_in_sequence", "deal"));
    assert!(allows("slack.create_channel", "deal"));
    assert!(!allows("slack.create_channel", "contact"));
    assert!(allows("assign_conversation_owner", "conversation"));
    assert!(!allows("netsuite.create_sales_order", "company"));
}

#[test]
fn outputs_engine_handling_and_constraints() {
    let output = |action: &str, field: &str| lookup(action).and_then(|spec| spec.output(field));
    assert_eq!(output("webhook", "status"), Some(Some(OutputType::Num)));
    assert_eq!(output("webhook", "body"), Some(Some(OutputType::Str)));
    assert_eq!(output("webhook", "id"), None);
    assert_eq!(output("custom_code", "anything"), Some(None));
    assert_eq!(output("send_email", "id"), None);
    assert_eq!(output("create_association", "count"), Some(Some(OutputType::Num)));
    let engine: Vec<&str> = all()
        .iter()
        .filter(|spec| spec.engine_handled)
        .map(|spec| spec.name)
        .collect();
    assert_eq!(
        engine,
        [
            "create_record",
            "delete_contact",
            "create_association",
            "apply_association_label",
            "update_association_label",
            "remove_association_label"
        ]
    );
    assert_eq!(
        lookup("rotate_owner").and_then(|spec| spec.constraint),
        Some(Constraint::ExactlyOneOf(&["users", "team"]))
    );
    assert_eq!(
        lookup("zoom.add_to_webinar").and_then(|spec| spec.constraint),
        Some(Constraint::DigitsOnly("webinar"))
    );
    assert_eq!(lookup("send_emial"), None);
}

#[test]
fn requirements_read_as_english() {
    let describe = |action: &str| lookup(action).map(|spec| describe_requirements(spec.requires));
    assert_eq!(
        describe("send_email").as_deref(),
        Some("Marketing Hub Professional or Service Hub Professional")
    );
    assert_eq!(
        describe("enroll_in_sequence").as_deref(),
        Some("Sales Hub Enterprise or Service Hub Enterprise")
    );
    assert_eq!(describe("send_sms").as_deref(), Some("the `sms` add-on"));
    assert_eq!(describe("custom_code").as_deref(), Some("Operations Hub Professional"));
    assert_eq!(describe("create_task").as_deref(), Some("any plan"));
    assert_eq!(
        describe_requirements(object_requires("my_custom_object")),
        "Marketing Hub Enterprise, Sales Hub Enterprise, Service Hub Enterprise, Operations Hub Enterprise, \
         or Content Hub Enterprise"
    );
}

#[test]
fn plan_parsing_and_satisfaction() {
    let Ok(given) = plans(&["marketing-pro", "Service-Starter", " sms ", ""]) else {
        panic!("valid plans were rejected");
    };
    let satisfies = |action: &str| lookup(action).is_some_and(|spec| given.satisfies(spec.requires));
    assert!(satisfies("send_email"));
    assert!(satisfies("add_to_list"));
    assert!(satisfies("send_sms"));
    assert!(satisfies("create_task"));
    assert!(!satisfies("send_survey"));
    assert!(!satisfies("enroll_in_sequence"));
    assert!(!satisfies("custom_code"));
    assert!(given.satisfies(split_requires()));
    assert!(!given.satisfies(format_functions_require()));
    assert!(given.satisfies(object_requires("contact")));
    assert!(!given.satisfies(object_requires("ticket")));
    assert_eq!(given.tier(Hub::Service), Some(Tier::Starter));
    assert_eq!(given.tier(Hub::Sales), None);
}

#[test]
fn higher_tiers_include_lower_ones() {
    let Ok(given) = plans(&["sales-starter", "sales-enterprise", "operations-professional"]) else {
        panic!("valid plans were rejected");
    };
    assert_eq!(given.tier(Hub::Sales), Some(Tier::Enterprise));
    assert!(given.satisfies(object_requires("quote")));
    assert!(given.satisfies(object_requires("lead")));
    assert!(given.satisfies(object_requires("custom_thing")));
    assert!(given.satisfies(format_functions_require()));
    let sequence = lookup("enroll_in_sequence")
        .map(|spec| spec.requires)
        .unwrap_or_default();
    assert!(given.satisfies(sequence));
    let sms = lookup("send_sms").map(|spec| spec.requires).unwrap_or_default();
    assert!(!given.satisfies(sms));
    assert!(Tier::Starter < Tier::Professional && Tier::Professional < Tier::Enterprise);
}

#[test]
fn an_empty_plan_satisfies_only_ungated_things() {
    let Ok(given) = plans(&[]) else {
        panic!("an empty list was rejected");
    };
    assert!(given.is_empty());
    assert!(given.satisfies(&[]));
    assert!(!given.satisfies(split_requires()));
}

#[test]
fn bad_plans_get_a_did_you_mean() {
    assert_eq!(
        plans(&["marketing-por"]),
        Err("unknown plan `marketing-por`: did you mean `marketing-pro`?".into())
    );
    assert_eq!(
        plans(&["sales-pro", "smss"]),
        Err("unknown plan `smss`: did you mean `sms`?".into())
    );
    let Err(message) = plans(&["gold"]) else {
        panic!("`gold` was accepted");
    };
    assert!(
        message.starts_with("unknown plan `gold`: a plan is `HUB-starter`"),
        "{message}"
    );
}

#[test]
fn functions_and_object_types() {
    assert_eq!(FUNCTIONS.len(), 15);
    assert_eq!(function_arity("round"), Some((1, 2)));
    assert_eq!(function_arity("replace"), Some((3, 3)));
    assert_eq!(function_arity("format_date"), Some((2, 2)));
    assert_eq!(function_arity("concat"), None);
    assert_eq!(OBJECT_TYPES.len(), 7);
    assert!(object_requires("deal").is_empty());
    assert!(object_requires("conversation").is_empty());
}
