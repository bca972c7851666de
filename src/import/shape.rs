//! Reading a flow file: the JSON syntax, then the shape `wf import` relies
//! on, each problem named by its JSON path, then the serde model.

use super::flow::Flow;
use super::json::{Json, JsonMap};
use super::{InputError, LocatedFlow, join};

const ACTION_TYPES: [&str; 6] = [
    "SINGLE_CONNECTION",
    "STATIC_BRANCH",
    "LIST_BRANCH",
    "AB_TEST_BRANCH",
    "WEBHOOK",
    "CUSTOM_CODE",
];

/// Reads one flow or a list page.
pub fn read_flows(text: &str) -> Result<Vec<LocatedFlow>, InputError> {
    let value: Json = serde_json::from_str(text).map_err(|e| {
        InputError::new(
            "$",
            format!(
                "malformed JSON at line {}, column {}: {}; save the flow as HubSpot returns it",
                e.line(),
                e.column(),
                strip_position(&e.to_string())
            ),
        )
    })?;
    let Some(object) = value.as_object() else {
        return Err(InputError::new(
            "$",
            format!(
                "a flow file holds a JSON object, not {}; save one flow or a list page",
                value.kind()
            ),
        ));
    };
    if object.get("actions").is_none()
        && let Some(results) = object.get("results")
    {
        let Some(items) = results.as_array() else {
            return Err(InputError::new(
                "results",
                "`results` of a list page must be an array of flows",
            ));
        };
        return items
            .iter()
            .enumerate()
            .map(|(i, item)| one_flow(item, &format!("results[{i}]")))
            .collect();
    }
    Ok(vec![one_flow(&value, "")?])
}

fn strip_position(message: &str) -> &str {
    message.split(" at line ").next().unwrap_or(message)
}

fn one_flow(value: &Json, path: &str) -> Result<LocatedFlow, InputError> {
    let here = if path.is_empty() { "$" } else { path };
    let Some(object) = value.as_object() else {
        return Err(InputError::new(
            here,
            format!("a flow is a JSON object, not {}", value.kind()),
        ));
    };
    check_flow(object, path)?;
    let flow: Flow = serde_json::from_str(&value.to_text()).map_err(|e| {
        InputError::new(
            here,
            format!(
                "not a v4 flow: {}; compare it with `GET /automation/v4/flows/{{id}}`",
                strip_position(&e.to_string())
            ),
        )
    })?;
    Ok(LocatedFlow {
        path: path.to_string(),
        flow,
    })
}

fn check_flow(flow: &JsonMap, path: &str) -> Result<(), InputError> {
    for key in ["name", "startActionId", "objectTypeId", "id"] {
        if let Some(value) = flow.get(key)
            && value.as_str().is_none()
        {
            return Err(expected(&join(path, key), "a string", value));
        }
    }
    let Some(actions) = flow.get("actions") else {
        return Err(InputError::new(
            if path.is_empty() { "$" } else { path },
            "a flow needs `actions` (an array); is this a v4 flow?",
        ));
    };
    let Some(actions) = actions.as_array() else {
        return Err(expected(&join(path, "actions"), "an array", actions));
    };
    for (i, action) in actions.iter().enumerate() {
        check_action(action, &join(path, &format!("actions[{i}]")))?;
    }
    Ok(())
}

fn check_action(action: &Json, path: &str) -> Result<(), InputError> {
    let Some(object) = action.as_object() else {
        return Err(expected(path, "an object", action));
    };
    let id = string_member(object, path, "actionId")?;
    if id.is_empty() {
        return Err(InputError::new(
            join(path, "actionId"),
            "an `actionId` must not be empty",
        ));
    }
    let kind = string_member(object, path, "type")?;
    if !ACTION_TYPES.contains(&kind) {
        return Err(InputError::new(
            join(path, "type"),
            format!(
                "unknown action type `{kind}`; HubSpot's are {}",
                ACTION_TYPES.map(|t| format!("`{t}`")).join(", ")
            ),
        ));
    }
    match kind {
        "SINGLE_CONNECTION" => {
            string_member(object, path, "actionTypeId")?;
            if let Some(fields) = object.get("fields")
                && fields.as_object().is_none()
            {
                return Err(expected(&join(path, "fields"), "an object", fields));
            }
            connection(object, path, "connection")?;
        }
        "WEBHOOK" => {
            string_member(object, path, "webhookUrl")?;
            string_member(object, path, "method")?;
            connection(object, path, "connection")?;
        }
        "CUSTOM_CODE" => {
            string_member(object, path, "sourceCode")?;
            connection(object, path, "connection")?;
        }
        "STATIC_BRANCH" | "LIST_BRANCH" => {
            let key = if kind == "STATIC_BRANCH" {
                "staticBranches"
            } else {
                "listBranches"
            };
            let arms = array_member(object, path, key)?;
            for (i, arm) in arms.iter().enumerate() {
                let arm_path = join(path, &format!("{key}[{i}]"));
                let Some(arm) = arm.as_object() else {
                    return Err(expected(&arm_path, "an object", &arms[i]));
                };
                if kind == "STATIC_BRANCH" {
                    string_member(arm, &arm_path, "branchValue")?;
                }
                connection(arm, &arm_path, "connection")?;
            }
            connection(object, path, "defaultBranch")?;
        }
        _ => {
            let arms = array_member(object, path, "testBranches")?;
            for (i, arm) in arms.iter().enumerate() {
                check_connection(arm, &join(path, &format!("testBranches[{i}]")))?;
            }
        }
    }
    Ok(())
}

fn connection(object: &JsonMap, path: &str, key: &str) -> Result<(), InputError> {
    match object.get(key) {
        None | Some(Json::Null) => Ok(()),
        Some(value) => check_connection(value, &join(path, key)),
    }
}

fn check_connection(value: &Json, path: &str) -> Result<(), InputError> {
    let Some(object) = value.as_object() else {
        return Err(expected(path, "a connection object", value));
    };
    string_member(object, path, "edgeType")?;
    string_member(object, path, "nextActionId")?;
    Ok(())
}

fn string_member<'a>(object: &'a JsonMap, path: &str, key: &str) -> Result<&'a str, InputError> {
    match object.get(key) {
        Some(Json::String(s)) => Ok(s),
        Some(other) => Err(expected(&join(path, key), "a string", other)),
        None => Err(InputError::new(
            join(path, key),
            format!("`{key}` is missing; add it (a string)"),
        )),
    }
}

fn array_member<'a>(object: &'a JsonMap, path: &str, key: &str) -> Result<&'a [Json], InputError> {
    match object.get(key) {
        Some(Json::Array(items)) => Ok(items),
        Some(other) => Err(expected(&join(path, key), "an array", other)),
        None => Err(InputError::new(
            join(path, key),
            format!("`{key}` is missing; add it (an array)"),
        )),
    }
}

fn expected(path: &str, what: &str, found: &Json) -> InputError {
    let key = path.rsplit('.').next().unwrap_or(path);
    InputError::new(path, format!("`{key}` must be {what}, not {}", found.kind()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(text: &str) -> InputError {
        read_flows(text).expect_err("an input error")
    }

    #[test]
    fn problems_are_named_by_json_path() {
        let bad_next = r#"{"actions":[{"type":"SINGLE_CONNECTION","actionId":"1","actionTypeVersion":0,"actionTypeId":"0-4","fields":{},"connection":{"edgeType":"STANDARD","nextActionId":2}}]}"#;
        assert_eq!(error(bad_next).path, "actions[0].connection.nextActionId");
        let page = r#"{"results":[{"actions":[]},{"actions":[{"type":"LOOP","actionId":"1"}]}]}"#;
        assert_eq!(error(page).path, "results[1].actions[0].type");
        assert_eq!(error("{\"actions\": [").path, "$");
        assert_eq!(error("[1]").path, "$");
    }

    #[test]
    fn a_list_page_gives_each_flow_its_path() {
        let page = r#"{"results":[{"name":"A","actions":[]},{"name":"B","actions":[]}],"paging":{}}"#;
        let flows = read_flows(page).expect("two flows");
        let paths: Vec<&str> = flows.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, ["results[0]", "results[1]"]);
    }
}
