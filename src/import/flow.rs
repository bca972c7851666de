//! HubSpot's Automation API v4 flow, as serde types.
//!
//! Taken from HubSpot's generated SDK models (`hubspot-sdk-python`,
//! `src/hubspot_sdk/types/automation/`: `api_contact_flow.py`,
//! `api_single_connection_action.py`, `api_static_branch_action.py`,
//! `api_list_branch_action.py`, `api_list_branch.py`,
//! `api_ab_test_branch_action.py`, `api_webhook_action.py`,
//! `api_custom_code_action.py`, `api_connection.py`,
//! `api_list_based_enrollment_criteria.py`,
//! `api_event_based_enrollment_criteria.py`, `api_time_window.py`,
//! `api_time_of_day.py`, `api_blocked_date.py`, the `*_enrollment_schedule.py`
//! models, and `types/shared/public_*_filter_branch.py` /
//! `public_*_property_operation.py`) and the developer guide's example flow.
//!
//! Every struct keeps the members it does not name in `extra` (flattened, in
//! order), so a flow read and written again keeps them. Members the SDK marks
//! required but a hand-written create request may leave out are optional
//! here: `wf import` reads what it is given.

use serde::{Deserialize, Serialize};

use super::json::{Json, JsonMap};

/// One flow (`GET /automation/v4/flows/{id}`), or the body of a create request.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Flow {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_enabled: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub flow_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_action_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_available_action_id: Option<String>,
    #[serde(default)]
    pub actions: Vec<Action>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enrollment_criteria: Option<EnrollmentCriteria>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enrollment_schedule: Option<EnrollmentSchedule>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub goal_filter_branch: Option<FilterBranch>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_windows: Option<Vec<TimeWindow>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub blocked_dates: Option<Vec<BlockedDate>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suppression_list_ids: Option<Vec<Json>>,
    /// `CONTACT_FLOW` or `PLATFORM_FLOW`.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// `0-1` contact, `0-2` company, `0-3` deal, `0-5` ticket, …
    #[serde(skip_serializing_if = "Option::is_none")]
    pub object_type_id: Option<String>,
    #[serde(flatten)]
    pub extra: JsonMap,
}

/// A page of flows (`GET /automation/v4/flows`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FlowPage {
    pub results: Vec<Flow>,
    #[serde(flatten)]
    pub extra: JsonMap,
}

/// `connection`: the next action and how it is reached.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Connection {
    /// `STANDARD`, or `GO-TO` (also spelt `GOTO`) into another branch.
    pub edge_type: String,
    pub next_action_id: String,
    #[serde(flatten)]
    pub extra: JsonMap,
}

impl Connection {
    /// A connection of `edge_type` to `next`.
    pub fn new(edge_type: &str, next: &str) -> Connection {
        Connection {
            edge_type: edge_type.to_string(),
            next_action_id: next.to_string(),
            extra: JsonMap::default(),
        }
    }

    /// Whether the edge is a `GO-TO` edge.
    pub fn is_goto(&self) -> bool {
        matches!(self.edge_type.as_str(), "GO-TO" | "GOTO")
    }
}

/// One action of a flow, by its `type`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum Action {
    #[serde(rename = "SINGLE_CONNECTION")]
    SingleConnection(SingleConnectionAction),
    #[serde(rename = "STATIC_BRANCH")]
    StaticBranch(StaticBranchAction),
    #[serde(rename = "LIST_BRANCH")]
    ListBranch(ListBranchAction),
    #[serde(rename = "AB_TEST_BRANCH")]
    AbTestBranch(AbTestBranchAction),
    #[serde(rename = "WEBHOOK")]
    Webhook(WebhookAction),
    #[serde(rename = "CUSTOM_CODE")]
    CustomCode(CustomCodeAction),
}

impl Action {
    /// The action's `actionId`.
    pub fn id(&self) -> &str {
        match self {
            Action::SingleConnection(a) => &a.action_id,
            Action::StaticBranch(a) => &a.action_id,
            Action::ListBranch(a) => &a.action_id,
            Action::AbTestBranch(a) => &a.action_id,
            Action::Webhook(a) => &a.action_id,
            Action::CustomCode(a) => &a.action_id,
        }
    }

    /// Every outgoing connection with its JSON path below the action
    /// (`connection`, `listBranches[1].connection`, `defaultBranch`).
    pub fn connections(&self) -> Vec<(String, &Connection)> {
        let mut out = Vec::new();
        fn one<'a>(path: String, connection: &'a Option<Connection>, out: &mut Vec<(String, &'a Connection)>) {
            if let Some(c) = connection {
                out.push((path, c));
            }
        }
        match self {
            Action::SingleConnection(a) => one("connection".into(), &a.connection, &mut out),
            Action::Webhook(a) => one("connection".into(), &a.connection, &mut out),
            Action::CustomCode(a) => one("connection".into(), &a.connection, &mut out),
            Action::StaticBranch(a) => {
                for (i, b) in a.static_branches.iter().enumerate() {
                    one(format!("staticBranches[{i}].connection"), &b.connection, &mut out);
                }
                one("defaultBranch".into(), &a.default_branch, &mut out);
            }
            Action::ListBranch(a) => {
                for (i, b) in a.list_branches.iter().enumerate() {
                    one(format!("listBranches[{i}].connection"), &b.connection, &mut out);
                }
                one("defaultBranch".into(), &a.default_branch, &mut out);
            }
            Action::AbTestBranch(a) => {
                for (i, c) in a.test_branches.iter().enumerate() {
                    out.push((format!("testBranches[{i}]"), c));
                }
            }
        }
        out
    }
}

/// `SINGLE_CONNECTION`: a built-in or app action by `actionTypeId`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SingleConnectionAction {
    pub action_id: String,
    pub action_type_version: Json,
    pub action_type_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub connection: Option<Connection>,
    #[serde(default)]
    pub fields: JsonMap,
    #[serde(flatten)]
    pub extra: JsonMap,
}

/// `STATIC_BRANCH`: a value branch on `inputValue`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StaticBranchAction {
    pub action_id: String,
    pub input_value: Json,
    pub static_branches: Vec<StaticBranch>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default_branch_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default_branch: Option<Connection>,
    #[serde(flatten)]
    pub extra: JsonMap,
}

/// One arm of a `STATIC_BRANCH`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StaticBranch {
    pub branch_value: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub connection: Option<Connection>,
    #[serde(flatten)]
    pub extra: JsonMap,
}

/// `LIST_BRANCH`: the first arm whose filters match runs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListBranchAction {
    pub action_id: String,
    pub list_branches: Vec<ListBranch>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default_branch_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default_branch: Option<Connection>,
    #[serde(flatten)]
    pub extra: JsonMap,
}

/// One arm of a `LIST_BRANCH`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListBranch {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub branch_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub filter_branch: Option<FilterBranch>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub connection: Option<Connection>,
    #[serde(flatten)]
    pub extra: JsonMap,
}

/// `AB_TEST_BRANCH`: a random split; the public schema has no weights.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AbTestBranchAction {
    pub action_id: String,
    pub test_branches: Vec<Connection>,
    #[serde(flatten)]
    pub extra: JsonMap,
}

/// `WEBHOOK`: an HTTP call.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WebhookAction {
    pub action_id: String,
    pub method: String,
    pub webhook_url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub query_params: Option<Vec<Json>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auth_settings: Option<Json>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub connection: Option<Connection>,
    #[serde(flatten)]
    pub extra: JsonMap,
}

/// `CUSTOM_CODE`: a serverless function.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomCodeAction {
    pub action_id: String,
    pub source_code: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub runtime: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub input_fields: Option<Vec<InputVariable>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub output_fields: Option<Vec<Json>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret_names: Option<Vec<Json>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub connection: Option<Connection>,
    #[serde(flatten)]
    pub extra: JsonMap,
}

/// A named input of custom code (`api_input_variable.py`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InputVariable {
    pub name: String,
    pub value: Json,
    #[serde(flatten)]
    pub extra: JsonMap,
}

/// How records enroll, by `type`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum EnrollmentCriteria {
    #[serde(rename = "LIST_BASED", rename_all = "camelCase")]
    ListBased {
        #[serde(skip_serializing_if = "Option::is_none")]
        should_re_enroll: Option<bool>,
        #[serde(skip_serializing_if = "Option::is_none")]
        un_enroll_objects_not_meeting_criteria: Option<bool>,
        #[serde(skip_serializing_if = "Option::is_none")]
        list_filter_branch: Option<FilterBranch>,
        #[serde(skip_serializing_if = "Option::is_none")]
        re_enrollment_triggers_filter_branches: Option<Vec<FilterBranch>>,
        #[serde(flatten)]
        extra: JsonMap,
    },
    #[serde(rename = "EVENT_BASED", rename_all = "camelCase")]
    EventBased {
        #[serde(skip_serializing_if = "Option::is_none")]
        should_re_enroll: Option<bool>,
        #[serde(default)]
        event_filter_branches: Vec<FilterBranch>,
        #[serde(skip_serializing_if = "Option::is_none")]
        list_membership_filter_branches: Option<Vec<FilterBranch>>,
        #[serde(skip_serializing_if = "Option::is_none")]
        refinement_criteria: Option<FilterBranch>,
        #[serde(flatten)]
        extra: JsonMap,
    },
    #[serde(rename = "MANUAL", rename_all = "camelCase")]
    Manual {
        #[serde(skip_serializing_if = "Option::is_none")]
        should_re_enroll: Option<bool>,
        #[serde(flatten)]
        extra: JsonMap,
    },
}

/// A filter branch (`PublicOrFilterBranch`, `PublicAndFilterBranch`,
/// `PublicNotAllFilterBranch`, `PublicNotAnyFilterBranch`,
/// `PublicUnifiedEventsFilterBranch`, …), told apart by `filterBranchType`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FilterBranch {
    pub filter_branch_type: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub filter_branch_operator: Option<String>,
    #[serde(default)]
    pub filter_branches: Vec<FilterBranch>,
    #[serde(default)]
    pub filters: Vec<Filter>,
    /// `UNIFIED_EVENTS` branches: the event type (`4-1639801`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event_type_id: Option<String>,
    /// `UNIFIED_EVENTS` branches: `HAS_COMPLETED`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub operator: Option<String>,
    #[serde(flatten)]
    pub extra: JsonMap,
}

/// One filter (`PublicPropertyFilter` and its siblings), by `filterType`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Filter {
    pub filter_type: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub property: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub operation: Option<Operation>,
    #[serde(flatten)]
    pub extra: JsonMap,
}

/// A property operation (`PublicStringPropertyOperation`, `…Number…`,
/// `…Bool…`, `…Enumeration…`, `…AllPropertyTypes…`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Operation {
    pub operation_type: String,
    pub operator: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<Json>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub values: Option<Vec<Json>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub include_objects_with_no_value_set: Option<bool>,
    #[serde(flatten)]
    pub extra: JsonMap,
}

/// `timeWindows[]`: one day's window.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TimeWindow {
    pub day: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_time: Option<TimeOfDay>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_time: Option<TimeOfDay>,
    #[serde(flatten)]
    pub extra: JsonMap,
}

/// `{"hour": 9, "minute": 0}`
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeOfDay {
    pub hour: u32,
    pub minute: u32,
}

/// `blockedDates[]`: a day of a month, in one year or every year.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BlockedDate {
    pub day_of_month: u32,
    pub month: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
    #[serde(flatten)]
    pub extra: JsonMap,
}

/// `enrollmentSchedule`, by `type`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum EnrollmentSchedule {
    #[serde(rename = "DAILY", rename_all = "camelCase")]
    Daily {
        time_of_day: TimeOfDay,
        #[serde(flatten)]
        extra: JsonMap,
    },
    #[serde(rename = "WEEKLY", rename_all = "camelCase")]
    Weekly {
        days_of_week: Vec<String>,
        time_of_day: TimeOfDay,
        #[serde(flatten)]
        extra: JsonMap,
    },
    #[serde(rename = "MONTHLY_SPECIFIC_DAYS", rename_all = "camelCase")]
    MonthlySpecificDays {
        days_of_month: Vec<u32>,
        time_of_day: TimeOfDay,
        #[serde(flatten)]
        extra: JsonMap,
    },
    #[serde(rename = "PROPERTY_BASED", rename_all = "camelCase")]
    PropertyBased {
        date_property: String,
        days_delta: i64,
        time_of_day: TimeOfDay,
        #[serde(default)]
        yearly: bool,
        #[serde(flatten)]
        extra: JsonMap,
    },
    /// `MONTHLY_RELATIVE_DAYS`, `YEARLY` and any later kind, kept as written.
    #[serde(untagged)]
    Other(JsonMap),
}

/// The twelve month names of `blockedDates[].month`.
pub const MONTHS: [&str; 12] = [
    "JANUARY",
    "FEBRUARY",
    "MARCH",
    "APRIL",
    "MAY",
    "JUNE",
    "JULY",
    "AUGUST",
    "SEPTEMBER",
    "OCTOBER",
    "NOVEMBER",
    "DECEMBER",
];

/// The seven day names of `timeWindows[].day` and `daysOfWeek`, Monday first.
pub const DAYS: [&str; 7] = [
    "MONDAY",
    "TUESDAY",
    "WEDNESDAY",
    "THURSDAY",
    "FRIDAY",
    "SATURDAY",
    "SUNDAY",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_members_survive_a_read_and_a_write() {
        let text = r#"{"name":"W","actions":[{"type":"SINGLE_CONNECTION","actionId":"1","actionTypeVersion":0,"actionTypeId":"1-67","fields":{"z":1,"a":{"y":2,"b":3}},"futureKey":[1,2]}],"customProperties":{"k":"v"},"zzz":true}"#;
        let flow: Flow = serde_json::from_str(text).expect("a flow");
        let again = serde_json::to_string(&flow).expect("serializes");
        let before: Json = serde_json::from_str(text).expect("json");
        let after: Json = serde_json::from_str(&again).expect("json");
        // Known members are written in the model's order; every member is kept.
        let mut b: Vec<String> = before
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| format!("{k}={}", v.to_text()))
            .collect();
        let mut a: Vec<String> = after
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| format!("{k}={}", v.to_text()))
            .collect();
        b.sort();
        a.sort();
        assert_eq!(a, b);
        assert!(again.contains(r#""fields":{"z":1,"a":{"y":2,"b":3}}"#), "{again}");
    }
}
