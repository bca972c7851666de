//! Unit tests of the layout rules, one rule a test.

use super::format;

fn fmt(source: &str) -> String {
    match format(source) {
        Ok(text) => text,
        Err(error) => panic!("{error:?}\n{source}"),
    }
}

#[test]
fn smoke() {
    let src = "workflow \"A\" { object contact enroll manually send_email(\"a\") }";
    assert_eq!(fmt(src), "workflow \"A\" {\n  object contact\n  enroll manually\n  send_email(\"a\")\n}\n");
}
