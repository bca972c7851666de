//! The 39 catalog entries of docs/language.md section 7, in the spec's order,
//! and `hubspot_action` of §12.11 (the 40th).
//!
//! Subscriptions follow the project's issue; where it is silent, the product
//! docs (HubSpot's own list of workflow actions) decide: an action
//! they do not mark as limited to a hub or add-on has no requirement. So
//! `send_internal_email`, `send_notification`, `send_whatsapp`, `create_record`,
//! `create_task`, `create_note`, `delete_contact`, `manage_subscription`, the
//! association actions, `enrich_record` (paid with Breeze credits, not a hub),
//! `set_marketing_contact_status` and the connected-app actions are available
//! on every plan; what a record type needs is [`super::object_requires`].

use super::{
    ActionSpec, AllowedIn, Constraint, MARKETING_PRO, OPERATIONS_PRO, OutputType, Outputs, Param, ParamType,
    Requirement, SALES_ENTERPRISE, SALES_PRO, SERVICE_ENTERPRISE, SERVICE_PRO,
};

const CONTACT: AllowedIn = AllowedIn::Only(&["contact"]);
const ID: Outputs = Outputs::Fields(&[("id", OutputType::Str)]);

const fn req(name: &'static str, ty: ParamType, description: &'static str) -> Param {
    Param {
        name,
        ty,
        required: true,
        description,
    }
}

const fn opt(name: &'static str, ty: ParamType, description: &'static str) -> Param {
    Param {
        name,
        ty,
        required: false,
        description,
    }
}

/// An entry handled by the host's action handler, without an argument constraint.
const fn host(
    name: &'static str,
    description: &'static str,
    params: &'static [Param],
    allowed_in: AllowedIn,
    outputs: Outputs,
    requires: &'static [Requirement],
) -> ActionSpec {
    ActionSpec {
        name,
        description,
        params,
        allowed_in,
        outputs,
        requires,
        engine_handled: false,
        constraint: None,
    }
}

/// An entry the engine carries out on its record store.
const fn engine(
    name: &'static str,
    description: &'static str,
    params: &'static [Param],
    allowed_in: AllowedIn,
    outputs: Outputs,
) -> ActionSpec {
    ActionSpec {
        name,
        description,
        params,
        allowed_in,
        outputs,
        requires: &[],
        engine_handled: true,
        constraint: None,
    }
}

use ParamType::{Bool, Dur, List, Map, Str};

/// The catalog, in docs/language.md section 7's order.
pub(super) static ACTIONS: &[ActionSpec] = &[
    // Communication.
    host(
        "send_email",
        "Send an automated marketing email to the enrolled record's contacts.",
        &[req("email", Str, "The automated marketing email to send.")],
        AllowedIn::All,
        Outputs::None,
        &[MARKETING_PRO, SERVICE_PRO],
    ),
    host(
        "send_internal_email",
        "Send an internal email to specific users, teams or owners.",
        &[
            req("to", List, "The users, teams or owners who receive the email."),
            req("subject", Str, "The email's subject line."),
            req("body", Str, "The email's body text."),
        ],
        AllowedIn::All,
        Outputs::None,
        &[],
    ),
    host(
        "send_internal_marketing_email",
        "Send an automated marketing email to an internal address or an address held in a property.",
        &[
            req(
                "to",
                Str,
                "The email address (or a token of a property holding one) to send to.",
            ),
            req("email", Str, "The automated marketing email to send."),
        ],
        AllowedIn::All,
        Outputs::None,
        &[MARKETING_PRO],
    ),
    host(
        "send_notification",
        "Send an in-app notification to specific users or teams.",
        &[
            req("to", List, "The users or teams who receive the notification."),
            req("message", Str, "The notification's text."),
        ],
        AllowedIn::All,
        Outputs::None,
        &[],
    ),
    host(
        "enroll_in_sequence",
        "Enroll the contact in a sales sequence.",
        &[
            req("sequence", Str, "The sequence to enroll the contact in."),
            opt(
                "sender",
                Str,
                "The user who sends the sequence's emails (default: the contact owner).",
            ),
        ],
        CONTACT,
        Outputs::None,
        &[SALES_ENTERPRISE, SERVICE_ENTERPRISE],
    ),
    host(
        "unenroll_from_sequence",
        "Unenroll the contact from the sequence it is currently enrolled in.",
        &[],
        CONTACT,
        Outputs::None,
        &[SALES_ENTERPRISE, SERVICE_ENTERPRISE],
    ),
    host(
        "send_survey",
        "Send a custom survey with the workflow delivery method to the contact.",
        &[req("survey", Str, "The survey to send.")],
        CONTACT,
        Outputs::None,
        &[SERVICE_PRO],
    ),
    host(
        "send_whatsapp",
        "Send a WhatsApp message to the contact's WhatsApp number.",
        &[req("template", Str, "The approved WhatsApp message template to send.")],
        CONTACT,
        Outputs::None,
        &[],
    ),
    host(
        "send_sms",
        "Send an SMS to the enrolled contact or to an associated contact.",
        &[
            req("message", Str, "The text of the SMS."),
            opt(
                "to",
                Str,
                "The associated contact type to text instead of the enrolled contact.",
            ),
        ],
        AllowedIn::All,
        Outputs::None,
        &[Requirement::AddOn("sms")],
    ),
    host(
        "assign_conversation_owner",
        "Change the conversation's owner and, optionally, its inbox.",
        &[
            req("owner", Str, "The user who becomes the conversation's owner."),
            opt("inbox", Str, "The inbox to move the conversation to."),
        ],
        AllowedIn::Only(&["conversation"]),
        Outputs::None,
        &[SERVICE_PRO, OPERATIONS_PRO],
    ),
    host(
        "enroll_in_prospecting_agent",
        "Enroll the contact in the prospecting agent (beta).",
        &[opt(
            "agent",
            Str,
            "The prospecting agent (default: the standard agent).",
        )],
        CONTACT,
        Outputs::None,
        &[SALES_PRO],
    ),
    // CRM.
    engine(
        "create_record",
        "Create a new record, optionally associated with the enrolled record.",
        &[
            req("object", Str, "The object type of the new record."),
            req("properties", Map, "The new record's property values."),
            opt(
                "associate",
                Bool,
                "Whether to associate the new record with the enrolled record.",
            ),
        ],
        AllowedIn::All,
        ID,
    ),
    host(
        "create_task",
        "Create a task associated with the enrolled record.",
        &[
            req("title", Str, "The task's title."),
            opt("due", Dur, "How long after the action the task is due."),
            opt(
                "assign_to",
                Str,
                "The user the task is assigned to (default: the record owner).",
            ),
            opt("notes", Str, "The task's notes."),
            opt(
                "priority",
                ParamType::Enum(&["low", "medium", "high"]),
                "The task's priority.",
            ),
        ],
        AllowedIn::All,
        ID,
        &[],
    ),
    host(
        "create_note",
        "Create a note associated with the enrolled record.",
        &[req("body", Str, "The note's text.")],
        AllowedIn::All,
        ID,
        &[],
    ),
    engine(
        "delete_contact",
        "Delete the enrolled contact (restorable for 90 days).",
        &[],
        CONTACT,
        Outputs::None,
    ),
    host(
        "manage_subscription",
        "Set the contact's communication subscription status for one channel and type.",
        &[
            req(
                "channel",
                ParamType::Enum(&["email", "sms", "whatsapp"]),
                "The communication channel.",
            ),
            req("type", Str, "The subscription type."),
            req(
                "status",
                ParamType::Enum(&["subscribed", "unsubscribed"]),
                "The new subscription status.",
            ),
            opt(
                "legal_basis",
                Str,
                "The legal basis for communicating with the contact.",
            ),
            opt("explanation", Str, "The explanation of the communication consent."),
        ],
        CONTACT,
        Outputs::None,
        &[],
    ),
    ActionSpec {
        name: "rotate_owner",
        description: "Rotate the enrolled record to owners evenly among given users or a team's members.",
        params: &[
            opt("users", List, "The users to rotate between (give this or `team`)."),
            opt(
                "team",
                Str,
                "The team whose members to rotate between (give this or `users`).",
            ),
            opt(
                "property",
                Str,
                "The owner property to set (default: the record owner).",
            ),
        ],
        allowed_in: AllowedIn::All,
        outputs: Outputs::Fields(&[("owner", OutputType::Str)]),
        requires: &[SALES_PRO, SERVICE_PRO],
        engine_handled: false,
        constraint: Some(Constraint::ExactlyOneOf(&["users", "team"])),
    },
    engine(
        "create_association",
        "Associate the enrolled record with records of another type whose property matches.",
        &[
            req("object", Str, "The object type of the records to associate."),
            req(
                "match",
                Str,
                "The property whose equal values decide which records match.",
            ),
            opt("label", Str, "The association label to apply to the new associations."),
        ],
        AllowedIn::All,
        Outputs::Fields(&[("count", OutputType::Num)]),
    ),
    engine(
        "apply_association_label",
        "Apply an association label to records already associated with the enrolled record.",
        &[
            req("object", Str, "The object type of the associated records."),
            req("label", Str, "The association label to apply."),
        ],
        AllowedIn::All,
        Outputs::None,
    ),
    engine(
        "update_association_label",
        "Add an association label to associated records, or replace an existing one.",
        &[
            req("object", Str, "The object type of the associated records."),
            req("label", Str, "The association label to add."),
            opt("replace", Str, "The existing label to replace with `label`."),
        ],
        AllowedIn::All,
        Outputs::None,
    ),
    engine(
        "remove_association_label",
        "Remove an association label from records associated with the enrolled record.",
        &[
            req("object", Str, "The object type of the associated records."),
            req("label", Str, "The association label to remove."),
        ],
        AllowedIn::All,
        Outputs::None,
    ),
    // AI.
    host(
        "enrich_record",
        "Enrich the contact or company with Breeze Intelligence data (uses credits).",
        &[opt("overwrite", Bool, "Whether to overwrite existing property values.")],
        AllowedIn::Only(&["contact", "company"]),
        Outputs::None,
        &[],
    ),
    // Marketing.
    host(
        "add_to_ads_audience",
        "Add the contact to an ads audience created in the workflows tool.",
        &[req("audience", Str, "The ads audience.")],
        CONTACT,
        Outputs::None,
        &[MARKETING_PRO],
    ),
    host(
        "remove_from_ads_audience",
        "Remove the contact from an ads audience created in the workflows tool.",
        &[req("audience", Str, "The ads audience.")],
        CONTACT,
        Outputs::None,
        &[MARKETING_PRO],
    ),
    host(
        "add_to_list",
        "Add the enrolled record to a static list.",
        &[req("list", Str, "The static list.")],
        AllowedIn::Only(&["contact", "company", "deal"]),
        Outputs::None,
        &[MARKETING_PRO],
    ),
    host(
        "remove_from_list",
        "Remove the enrolled record from a static list.",
        &[req("list", Str, "The static list.")],
        AllowedIn::Only(&["contact", "company", "deal"]),
        Outputs::None,
        &[MARKETING_PRO],
    ),
    host(
        "set_marketing_contact_status",
        "Set whether the contact is a marketing contact.",
        &[req(
            "marketing",
            Bool,
            "`true` for marketing, `false` for non-marketing (applied at the next renewal).",
        )],
        CONTACT,
        Outputs::None,
        &[],
    ),
    // Data operations.
    host(
        "custom_code",
        "Run custom code; its outputs are whatever fields the code returns.",
        &[
            req("code", Str, "The source code to run."),
            opt("inputs", Map, "Named values passed to the code."),
            opt("language", ParamType::Enum(&["javascript"]), "The code's language."),
        ],
        AllowedIn::All,
        Outputs::Dynamic,
        &[OPERATIONS_PRO],
    ),
    host(
        "webhook",
        "Send an HTTP request to an external application.",
        &[
            req("url", Str, "The URL to call."),
            opt(
                "method",
                ParamType::Enum(&["GET", "POST", "PUT", "PATCH", "DELETE"]),
                "The HTTP method (default `POST`).",
            ),
            opt("body", Map, "The JSON body to send."),
            opt("headers", Map, "Extra HTTP headers."),
        ],
        AllowedIn::All,
        Outputs::Fields(&[("status", OutputType::Num), ("body", OutputType::Str)]),
        &[OPERATIONS_PRO],
    ),
    // Connected apps.
    ActionSpec {
        name: "zoom.add_to_webinar",
        description: "Register the contact as an attendee of a Zoom webinar.",
        params: &[req(
            "webinar",
            Str,
            "The Zoom webinar id: digits only, without dashes or spaces.",
        )],
        allowed_in: CONTACT,
        outputs: Outputs::None,
        requires: &[],
        engine_handled: false,
        constraint: Some(Constraint::DigitsOnly("webinar")),
    },
    host(
        "slack.send_message",
        "Send a message to a channel of the connected Slack workspace.",
        &[
            req("channel", Str, "The Slack channel (`#sales`)."),
            req("message", Str, "The message text."),
        ],
        AllowedIn::All,
        Outputs::None,
        &[],
    ),
    host(
        "slack.create_channel",
        "Create a Slack channel shown on the enrolled company or deal.",
        &[req("name", Str, "The new channel's name.")],
        AllowedIn::Only(&["company", "deal"]),
        Outputs::None,
        &[],
    ),
    host(
        "google_chat.send_message",
        "Send a message to a space of the connected Google Chat.",
        &[
            req("space", Str, "The Google Chat space."),
            req("message", Str, "The message text."),
        ],
        AllowedIn::All,
        Outputs::None,
        &[],
    ),
    host(
        "asana.create_task",
        "Create an Asana task.",
        &[
            req("project", Str, "The Asana project."),
            req("name", Str, "The task's name."),
            opt("notes", Str, "The task's notes."),
        ],
        AllowedIn::All,
        ID,
        &[],
    ),
    host(
        "trello.create_card",
        "Create a Trello card.",
        &[
            req("board", Str, "The Trello board."),
            req("list", Str, "The list on the board."),
            req("name", Str, "The card's name."),
        ],
        AllowedIn::All,
        ID,
        &[],
    ),
    host(
        "salesforce.create_task",
        "Create a Salesforce task associated with the contact, for its owner or the integration user.",
        &[
            req("subject", Str, "The task's subject."),
            opt("notes", Str, "The task's notes."),
        ],
        CONTACT,
        Outputs::None,
        &[],
    ),
    host(
        "salesforce.set_campaign",
        "Set a Salesforce campaign for the contact.",
        &[req("campaign", Str, "The Salesforce campaign.")],
        CONTACT,
        Outputs::None,
        &[],
    ),
    host(
        "netsuite.create_sales_order",
        "Create a NetSuite sales order for the deal.",
        &[],
        AllowedIn::Only(&["deal"]),
        ID,
        &[],
    ),
    host(
        "docusign.send_template",
        "Send a Docusign template to the enrolled record.",
        &[req("template", Str, "The Docusign template.")],
        AllowedIn::Only(&["contact", "company", "deal"]),
        Outputs::None,
        &[],
    ),
    // LANGUAGE.md §12.11: a HubSpot action the catalog does not name, kept
    // verbatim by `wf import` (IMPORT.md).
    host(
        "hubspot_action",
        "Carry out a HubSpot action the catalog does not name, with its `fields` as HubSpot stores them.",
        &[
            req("type", Str, "HubSpot's `actionTypeId` (`1-67`)."),
            req("version", ParamType::Num, "HubSpot's `actionTypeVersion`."),
            req("fields", Map, "The action's `fields`, verbatim."),
        ],
        AllowedIn::All,
        Outputs::None,
        &[],
    ),
];
