//! The mapping between HubSpot's `actionTypeId`s and the `.wf` catalog, as
//! data beside the catalog (IMPORT.md, "Mapping"). Each row names the JSON
//! `fields` it carries and the parameter each becomes, and the evidence it
//! was taken from. An `actionTypeId` with no row becomes
//! `hubspot_action(type: …, version: …, fields: {…})`, fields verbatim.
//!
//! Evidence abbreviations: *guide* is HubSpot's "workflows v4" developer
//! guide (its example flow), *reference* its "action and enrollment
//! reference" page (the action type table and example actions), *IMPORT.md*
//! the project's contract, which lists the confirmed rows.

/// One row: an `actionTypeId`, what it becomes, its fields, and the evidence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MappingRow {
    /// HubSpot's `actionTypeId` (built-in actions have `actionTypeVersion` 0).
    pub action_type_id: &'static str,
    /// The `.wf` form: a catalog action name, or a step (`delay`, `set`).
    pub wf: &'static str,
    /// `(JSON field, .wf parameter or part)`, in the order export writes them.
    pub fields: &'static [(&'static str, &'static str)],
    /// Where the id and the field names come from.
    pub evidence: &'static str,
}

const fn row(
    action_type_id: &'static str,
    wf: &'static str,
    fields: &'static [(&'static str, &'static str)],
    evidence: &'static str,
) -> MappingRow {
    MappingRow {
        action_type_id,
        wf,
        fields,
        evidence,
    }
}

/// Every row, by `actionTypeId`.
pub const ROWS: &[MappingRow] = &[
    row(
        "0-1",
        "delay DURATION",
        &[
            ("delta", "duration in minutes, a string"),
            ("time_unit", "the unit shown: MINUTES, HOURS, DAYS, WEEKS"),
        ],
        "IMPORT.md (confirmed); reference: `0-1` is DELAY, fields `delta` and `time_unit`",
    ),
    row(
        "0-35",
        "delay until DATE | PATH ± DURATION [at TIME]",
        &[
            ("date", "STATIC_VALUE epoch ms, or OBJECT_PROPERTY propertyName"),
            ("delta", "offset in minutes, a string"),
            ("time_unit", "the unit shown"),
            ("time_of_day", "{hour, minute}; absent means 00:00"),
        ],
        "IMPORT.md (confirmed); reference: `0-35` is delay until a calendar date / a date property",
    ),
    row(
        "0-29",
        "delay until event NAME [where COND] timeout DURATION else { … }",
        &[
            (
                "event_filter_branches",
                "UNIFIED_EVENTS branches: the event and its `where`",
            ),
            ("expiration_minutes", "the timeout in minutes"),
        ],
        "IMPORT.md (confirmed: followed by a STATIC_BRANCH on `hs_event_criteria_met`)",
    ),
    row(
        "0-3",
        "create_task",
        &[
            ("subject", "title"),
            ("body", "notes"),
            ("priority", "priority (LOW/MEDIUM/HIGH; NONE is no argument)"),
        ],
        "IMPORT.md (confirmed); reference: create task example (`subject`, `body`, `priority`)",
    ),
    row(
        "0-4",
        "send_email",
        &[("content_id", "email")],
        "IMPORT.md (confirmed: `content_id`); reference: send marketing email example",
    ),
    row(
        "0-5",
        "set / increment / decrement",
        &[
            ("property_name", "the property set"),
            (
                "value",
                "STATIC_VALUE (`set p = \"v\"`), OBJECT_PROPERTY (`set p = q`), INCREMENT (`increment p by N`)",
            ),
        ],
        "IMPORT.md (confirmed: static, copied, incremented values); SDK `api_static_value.py`, \
`api_object_property_value.py`, `api_increment_value.py`",
    ),
    row(
        "0-8",
        "send_internal_email",
        &[("user_ids", "to"), ("subject", "subject"), ("body", "body")],
        "IMPORT.md (confirmed); reference: internal email notification example",
    ),
    row(
        "0-9",
        "send_notification",
        &[("user_ids", "to"), ("body", "message"), ("delivery_method", "APP")],
        "IMPORT.md (confirmed); guide: the example flow's action 2 (`user_ids`, `delivery_method`, `subject`, `body`)",
    ),
    row(
        "0-11",
        "rotate_owner",
        &[("user_ids", "users"), ("target_property", "property")],
        "IMPORT.md (confirmed); reference: rotate record to owner example",
    ),
    row(
        "0-13",
        "add_to_list / remove_from_list",
        &[("operation", "ADD or REMOVE"), ("list_id", "list")],
        "IMPORT.md (confirmed); guide: the example flow's action 1 (`operation`, `list_id`)",
    ),
    row(
        "0-63809083",
        "add_to_list",
        &[("list_id", "list")],
        "IMPORT.md (confirmed id); field name taken to be `0-13`'s `list_id` (unverified)",
    ),
    row(
        "0-63863438",
        "remove_from_list",
        &[("list_id", "list")],
        "IMPORT.md (confirmed id); field name taken to be `0-13`'s `list_id` (unverified)",
    ),
    row(
        "0-14",
        "create_record",
        &[
            (
                "object_type_id",
                "object (0-1 contact, 0-2 company, 0-3 deal, 0-5 ticket, …)",
            ),
            (
                "properties",
                "properties: [{targetProperty, value: STATIC_VALUE}] as a map",
            ),
        ],
        "IMPORT.md (confirmed); reference: create record example",
    ),
    row(
        "0-23",
        "send_internal_email (to addresses)",
        &[("to_addresses", "to"), ("subject", "subject"), ("body", "body")],
        "IMPORT.md (confirmed id: email to addresses); field names unverified, chosen to match `0-8`",
    ),
];

/// The row of an `actionTypeId`.
pub fn lookup(action_type_id: &str) -> Option<&'static MappingRow> {
    ROWS.iter().find(|row| row.action_type_id == action_type_id)
}

/// Whether `field` is one a row carries.
pub fn carries(row: &MappingRow, field: &str) -> bool {
    row.fields.iter().any(|(name, _)| *name == field)
}

/// HubSpot's `objectTypeId`s of the standard objects, and their `.wf` names.
pub const OBJECT_TYPES: &[(&str, &str)] = &[
    ("0-1", "contact"),
    ("0-2", "company"),
    ("0-3", "deal"),
    ("0-5", "ticket"),
    ("0-14", "quote"),
    ("0-136", "lead"),
    ("0-11", "conversation"),
];

/// The `.wf` object of an `objectTypeId`.
pub fn object_name(object_type_id: &str) -> Option<&'static str> {
    OBJECT_TYPES
        .iter()
        .find(|(id, _)| *id == object_type_id)
        .map(|(_, name)| *name)
}

/// The `objectTypeId` of a `.wf` object.
pub fn object_type_id(name: &str) -> Option<&'static str> {
    OBJECT_TYPES.iter().find(|(_, n)| *n == name).map(|(id, _)| *id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_is_unique_and_has_evidence() {
        for (i, row) in ROWS.iter().enumerate() {
            assert!(!row.evidence.is_empty(), "{}", row.action_type_id);
            assert!(!row.fields.is_empty(), "{}", row.action_type_id);
            assert!(ROWS[..i].iter().all(|r| r.action_type_id != row.action_type_id));
        }
        assert_eq!(lookup("0-4").map(|r| r.wf), Some("send_email"));
        assert!(lookup("1-67").is_none());
    }

    #[test]
    fn catalog_names_in_the_table_exist() {
        for row in ROWS {
            let name = row.wf.split_whitespace().next().unwrap_or_default();
            if name.contains('_') {
                assert!(crate::catalog::lookup(name).is_some(), "{name}");
            }
        }
    }
}
