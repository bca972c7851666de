use super::text::{wrap, written};
use super::*;
use crate::syntax::span::Span;

fn chart(source: &str) -> Chart {
    let mut sources = Sources::new();
    sources.add("test.wf", source);
    let report = crate::check_sources(&sources, &Default::default());
    assert!(!report.has_errors(), "{:?}", report.diagnostics);
    Chart::build(&report.files, &sources, None).expect("chart")
}

#[test]
fn written_drops_comments_and_line_breaks_but_not_strings() {
    let source = "a  ==\n  \"x  # y\" # note\n  and b";
    assert_eq!(written(source, Span::new(0, source.len())), "a == \"x  # y\" and b");
}

#[test]
fn wrap_breaks_at_spaces_and_cuts_long_words() {
    assert_eq!(wrap("one two three", 7), vec!["one two", "three"]);
    assert_eq!(wrap("abcdefghij", 4), vec!["abcd", "efgh", "ij"]);
    assert_eq!(wrap("", 4), vec![""]);
}
