//! Names across the border: event names and file names (IMPORT.md, "Names").

/// `4-1639801` becomes the event name `event_4_1639801`.
pub fn event_name(event_type_id: &str) -> String {
    let mut name = String::from("event_");
    for c in event_type_id.chars() {
        name.push(if c.is_ascii_alphanumeric() { c } else { '_' });
    }
    name
}

/// The `eventTypeId` of an event name written by [`event_name`], or the name
/// itself for any other event.
pub fn event_type_id(name: &str) -> String {
    match name.strip_prefix("event_") {
        Some(rest) if !rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit() || c == '_') => {
            rest.replace('_', "-")
        }
        _ => name.to_string(),
    }
}

/// A file stem from a flow's name: lowercase, `_` for other characters, runs
/// of `_` collapsed, edges trimmed, `flow` when nothing is left.
pub fn file_stem(name: &str) -> String {
    let mut stem = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        let c = if c.is_ascii_alphanumeric() { c } else { '_' };
        if c == '_' && stem.ends_with('_') {
            continue;
        }
        stem.push(c);
    }
    let stem = stem.trim_matches('_');
    if stem.is_empty() {
        "flow".to_string()
    } else {
        stem.to_string()
    }
}

/// The file stems of several flows, `(name, id)`: every flow whose stem clashes
/// with another's gets `-ID` (its id, or its position when it has none).
pub fn file_stems(flows: &[(String, Option<String>)]) -> Vec<String> {
    let stems: Vec<String> = flows.iter().map(|(name, _)| file_stem(name)).collect();
    stems
        .iter()
        .enumerate()
        .map(|(i, stem)| {
            if stems.iter().filter(|s| *s == stem).count() > 1 {
                let id = flows[i].1.clone().unwrap_or_else(|| (i + 1).to_string());
                format!("{stem}-{}", file_stem(&id))
            } else {
                stem.clone()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_names_go_both_ways() {
        assert_eq!(event_name("4-1639801"), "event_4_1639801");
        assert_eq!(event_type_id("event_4_1639801"), "4-1639801");
        assert_eq!(event_type_id("form_submitted"), "form_submitted");
    }

    #[test]
    fn file_names_follow_the_rules() {
        assert_eq!(
            file_stem("New form submission workflow"),
            "new_form_submission_workflow"
        );
        assert_eq!(file_stem("  Ärende -- (SE)!  "), "rende_se");
        assert_eq!(file_stem("!!!"), "flow");
        let stems = file_stems(&[
            ("Welcome".into(), Some("11".into())),
            ("welcome".into(), Some("12".into())),
            ("Other".into(), None),
        ]);
        assert_eq!(stems, ["welcome-11", "welcome-12", "other"]);
    }
}
