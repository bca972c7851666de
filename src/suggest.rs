//! Did-you-mean: the one suggestion function every stage uses for names
//! (actions, parameters, labels, weekdays, zones, keys of `wf.toml`). A leaf
//! module: it imports no stage.

/// The closest candidate to `name`: a case-insensitive exact match first, then
/// the smallest edit distance within `max(len / 3, 1)`; ties go to the
/// candidate listed first.
pub fn suggest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lower = name.to_lowercase();
    let length = lower.chars().count();
    let limit = (name.chars().count() / 3).max(1);
    let mut best: Option<(usize, &str)> = None;
    for candidate in candidates {
        if candidate == name {
            continue;
        }
        let candidate_lower = candidate.to_lowercase();
        if candidate_lower == lower {
            return Some(candidate);
        }
        // The distance is at least the difference in length: skipping those
        // keeps a 10 MB name from costing a quadratic comparison.
        if length.abs_diff(candidate_lower.chars().count()) > limit {
            continue;
        }
        let distance = edit_distance(&lower, &candidate_lower);
        if distance <= limit && best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, candidate)| candidate)
}

/// Every candidate as close to `name` as the closest (the rule of
/// [`suggest`]): one when a single name is closest, several when equally good
/// names tie (each becomes its own fix, and `wf check --fix` applies none),
/// none when nothing is close. Case-insensitive exact matches win.
pub fn suggest_all<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let lower = name.to_lowercase();
    let length = lower.chars().count();
    let limit = (name.chars().count() / 3).max(1);
    let mut exact: Vec<&str> = Vec::new();
    let mut best: Vec<&str> = Vec::new();
    let mut best_distance = usize::MAX;
    for candidate in candidates {
        if candidate == name || exact.contains(&candidate) || best.contains(&candidate) {
            continue;
        }
        let candidate_lower = candidate.to_lowercase();
        if candidate_lower == lower {
            exact.push(candidate);
            continue;
        }
        // As in `suggest`: the length difference bounds the distance.
        if length.abs_diff(candidate_lower.chars().count()) > limit {
            continue;
        }
        let distance = edit_distance(&lower, &candidate_lower);
        if distance > limit || distance > best_distance {
            continue;
        }
        if distance < best_distance {
            best.clear();
            best_distance = distance;
        }
        best.push(candidate);
    }
    if exact.is_empty() { best } else { exact }
}

/// Levenshtein distance in Unicode scalar values; adjacent transpositions
/// count as one edit (`tuesdy`/`tuesday` is 1, `emial`/`email` is 1): the
/// optimal string alignment distance.
pub fn edit_distance(a: &str, b: &str) -> usize {
    strsim::osa_distance(a, b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggest_prefers_case_insensitive_match_then_distance() {
        let names = ["send_email", "send_sms", "SCORE"];
        assert_eq!(suggest("send_emial", names), Some("send_email"));
        assert_eq!(suggest("score", names), Some("SCORE"));
        assert_eq!(suggest("zzzzzz", names), None);
        assert_eq!(suggest("tuesdy", ["monday", "tuesday"]), Some("tuesday"));
    }

    #[test]
    fn edit_distance_counts_transpositions_once() {
        assert_eq!(edit_distance("abc", "abc"), 0);
        assert_eq!(edit_distance("emial", "email"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }

    #[test]
    fn suggest_all_keeps_every_tie() {
        let days = [
            "monday",
            "tuesday",
            "wednesday",
            "thursday",
            "friday",
            "saturday",
            "sunday",
        ];
        assert_eq!(suggest_all("satday", days), ["saturday", "sunday"]);
        assert_eq!(suggest_all("tuesdy", days), ["tuesday"]);
        assert_eq!(suggest_all("MONDAY", days), ["monday"]);
        assert!(suggest_all("zzzzzz", days).is_empty());
        assert!(suggest_all(&"a".repeat(10_000_000), days).is_empty());
    }

    #[test]
    fn a_huge_name_is_compared_quickly() {
        let huge = "a".repeat(10_000_000);
        assert_eq!(suggest(&huge, ["send_email", "aaaa"]), None);
    }
}
