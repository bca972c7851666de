//! `wf fmt`'s guarantees (TOOLING.md §3), each on every example, every test
//! input that parses (as written, and with a comment in every gap between its
//! tokens) and 1,000 generated programs with comments between every pair of
//! tokens: formatting is idempotent, the program is the same
//! (`compile --emit disasm` without positions, or the same check
//! diagnostics when it does not compile), and the multiset of comment texts
//! is unchanged. Ugly inputs under `tests/inputs/fmt/` are pinned before and
//! after with insta.

use std::path::{Path, PathBuf};

use wf::check::CheckOptions;
use wf::diagnostics::Sources;

/// What a source means: its disassembly without positions when it compiles,
/// else its diagnostics without positions.
fn meaning(source: &str) -> String {
    let mut sources = Sources::new();
    sources.add("input.wf", source.to_string());
    let report = wf::check_sources(&sources, &CheckOptions::default());
    let diagnostics: Vec<String> = report
        .diagnostics
        .iter()
        .map(|d| format!("{} {} {:?}", d.code, d.message, d.notes))
        .collect();
    if report.has_errors() {
        return format!("DIAGNOSTICS\n{}", diagnostics.join("\n"));
    }
    match wf::compile::compile_project(&report.files, &sources) {
        Ok(program) => format!("{}\nWARNINGS\n{}", program.without_positions(), diagnostics.join("\n")),
        Err(errors) => {
            let errors: Vec<String> = errors.iter().map(|d| format!("{} {}", d.code, d.message)).collect();
            format!("COMPILE ERRORS\n{}", errors.join("\n"))
        }
    }
}

fn sorted_comments(source: &str) -> Vec<String> {
    let mut texts = wf::fmt::comment_texts(source);
    texts.sort();
    texts
}

/// Asserts the three guarantees for one source; returns the formatted text
/// and whether the source compiles.
fn guarantees(name: &str, source: &str) -> (String, bool) {
    let formatted = match wf::fmt::format(source) {
        Ok(text) => text,
        Err(error) => panic!("{name}: not formatted: {error:?}\n----- SOURCE\n{source}"),
    };
    let again = wf::fmt::format(&formatted).unwrap_or_else(|e| panic!("{name}: output not formatted: {e:?}"));
    assert_eq!(
        again, formatted,
        "{name}: not idempotent\n----- SOURCE\n{source}\n----- FORMATTED\n{formatted}"
    );
    assert_eq!(
        sorted_comments(source),
        sorted_comments(&formatted),
        "{name}: comments changed\n----- FORMATTED\n{formatted}"
    );
    let before = meaning(source);
    assert_eq!(
        before,
        meaning(&formatted),
        "{name}: the program changed\n----- SOURCE\n{source}\n----- FORMATTED\n{formatted}"
    );
    for line in formatted.lines() {
        assert!(!line.ends_with(' '), "{name}: trailing space in {line:?}");
        assert!(!line.contains('\t'), "{name}: tab in {line:?}");
    }
    assert!(
        formatted.ends_with('\n') && !formatted.ends_with("\n\n"),
        "{name}: one final newline"
    );
    assert!(!formatted.contains("\n\n\n"), "{name}: runs of blank lines collapse");
    (formatted, !before.starts_with("DIAGNOSTICS"))
}

fn wf_files(folder: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let Ok(entries) = std::fs::read_dir(folder) else {
        return files;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(wf_files(&path));
        } else if path.extension().is_some_and(|e| e == "wf") {
            files.push(path);
        }
    }
    files.sort();
    files
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn every_example_is_already_formatted() {
    let examples = wf_files(&root().join("examples"));
    assert!(examples.len() >= 4);
    for path in examples {
        let source = std::fs::read_to_string(&path).expect("example is readable");
        let (formatted, _) = guarantees(&path.display().to_string(), &source);
        assert_eq!(formatted, source, "{} is not in the canonical layout", path.display());
    }
}

#[test]
fn every_test_input_that_parses() {
    let mut seen = 0;
    for path in wf_files(&root().join("tests/inputs")) {
        let Ok(source) = std::fs::read_to_string(&path) else {
            continue;
        };
        if wf::syntax::parse(&source).is_err() {
            assert!(
                wf::fmt::format(&source).is_err(),
                "{} formats but does not parse",
                path.display()
            );
            continue;
        }
        guarantees(&path.display().to_string(), &source);
        seen += 1;
    }
    assert!(seen > 100, "only {seen} inputs parse");
}

/// `source` with a comment in every run of whitespace outside strings and
/// comments: between every two tokens a space separates.
fn comment_every_gap(source: &str) -> String {
    let mut out = String::new();
    let mut chars = source.chars().peekable();
    let (mut in_string, mut in_comment, mut gap) = (false, false, 0);
    while let Some(c) = chars.next() {
        if in_comment {
            in_comment = c != '\n';
        } else if in_string {
            if c == '\\' {
                out.push(c);
                if let Some(next) = chars.next() {
                    out.push(next);
                }
                continue;
            }
            in_string = c != '"';
        } else if c == '#' {
            in_comment = true;
        } else if c == '"' {
            in_string = true;
        } else if c.is_whitespace() && c != '\r' {
            while chars.peek().is_some_and(|n| n.is_whitespace()) {
                chars.next();
            }
            gap += 1;
            out.push_str(&format!(" # gap {gap}\n"));
            continue;
        }
        out.push(c);
    }
    out
}

#[test]
fn every_test_input_with_a_comment_in_every_gap() {
    let (mut seen, mut total) = (0, 0);
    for path in wf_files(&root().join("tests/inputs")) {
        let Ok(source) = std::fs::read_to_string(&path) else {
            continue;
        };
        if source.contains('\r') || wf::syntax::parse(&source).is_err() {
            continue;
        }
        let commented = comment_every_gap(&source);
        let added = wf::fmt::comment_texts(&commented).len() - wf::fmt::comment_texts(&source).len();
        assert!(added > 0, "{}: no comment added", path.display());
        total += added;
        guarantees(&format!("{} with comments", path.display()), &commented);
        seen += 1;
    }
    assert!(seen > 100, "only {seen} inputs parse");
    assert!(total > 5_000, "only {total} comments added");
}

#[test]
fn ugly_inputs_before_and_after() {
    insta::glob!("inputs/fmt/*.wf", |path| {
        let source = std::fs::read_to_string(path).expect("input is readable");
        let (formatted, _) = guarantees(&path.display().to_string(), &source);
        insta::assert_snapshot!(format!("----- SOURCE\n{source}\n----- FORMATTED\n{formatted}"));
    });
}

#[test]
fn crlf_files_stay_crlf() {
    let source =
        "# top\r\nworkflow \"A\" {object contact\r\n  enroll manually # why\r\n\r\n\r\n send_email(\"a\")}\r\n";
    let (formatted, _) = guarantees("crlf", source);
    assert_eq!(
        formatted,
        "# top\r\nworkflow \"A\" {\r\n  object contact\r\n  enroll manually # why\r\n\r\n  send_email(\"a\")\r\n}\r\n"
    );
    let (lf, _) = guarantees("lf", &source.replace("\r\n", "\n"));
    assert_eq!(lf, formatted.replace("\r\n", "\n"));
}

#[test]
fn a_file_with_syntax_errors_is_refused() {
    let error = wf::fmt::format("workflow \"A\" { object contact enroll manually send_email(\"a\" }\n");
    assert!(matches!(error, Err(wf::fmt::FormatError::Syntax(errors)) if !errors.is_empty()));
}

// ----- generated programs -----

/// A small deterministic random source (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// Builds a random program as tokens; [`Gen::render`] joins them with random
/// whitespace and comments between every pair.
struct Gen {
    rng: Rng,
    tokens: Vec<String>,
    comments: usize,
    /// Labels and `let` names made so far (each is new).
    names: usize,
}

const PATHS: &[&str] = &["lifecycle_stage", "country", "company.industry", "email"];
const STRINGS: &[&str] = &[
    "\"lead\"",
    "\"SE\"",
    "\"a # not a comment\"",
    "\"Hi {{firstname}}\"",
    "\"{ [ (\"",
];

impl Gen {
    fn new(seed: u64) -> Gen {
        Gen {
            rng: Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1),
            tokens: Vec::new(),
            comments: 0,
            names: 0,
        }
    }

    fn t(&mut self, token: &str) {
        self.tokens.push(token.to_string());
    }

    fn ts(&mut self, tokens: &[&str]) {
        for token in tokens {
            self.t(token);
        }
    }

    /// A number-valued expression.
    fn number(&mut self, depth: usize) {
        match self.rng.below(if depth > 2 { 2 } else { 6 }) {
            0 => {
                let n = self.rng.pick(&["1", "50", "3.25", "0"]);
                self.t(n);
            }
            1 => self.t("score"),
            2 => {
                self.t("(");
                self.number(depth + 1);
                let op = self.rng.pick(&["+", "-", "*", "/"]);
                self.t(op);
                self.number(depth + 1);
                self.t(")");
            }
            3 => {
                self.ts(&["max", "("]);
                self.number(depth + 1);
                self.t(",");
                self.number(depth + 1);
                if self.rng.chance(30) {
                    self.t(",");
                }
                self.t(")");
            }
            4 => {
                self.t("-");
                self.number(depth + 1);
            }
            _ => {
                self.number(depth + 1);
                let op = self.rng.pick(&["+", "-", "*"]);
                self.t(op);
                self.number(depth + 1);
            }
        }
    }

    /// A string-valued expression.
    fn text(&mut self, depth: usize) {
        match self.rng.below(if depth > 2 { 2 } else { 4 }) {
            0 => {
                let s = self.rng.pick(STRINGS);
                self.t(s);
            }
            1 => {
                let path = self.rng.pick(PATHS);
                self.t(path);
            }
            2 => {
                let f = self.rng.pick(&["upper", "lower", "trim"]);
                self.ts(&[f, "("]);
                self.text(depth + 1);
                self.t(")");
            }
            _ => {
                self.text(depth + 1);
                self.t("+");
                self.text(depth + 1);
            }
        }
    }

    /// One boolean operand of a condition.
    fn comparison(&mut self, depth: usize) {
        if self.rng.chance(10) {
            self.t("not");
        }
        match self.rng.below(if depth > 1 { 4 } else { 5 }) {
            0 => {
                let path = self.rng.pick(PATHS);
                let word = self.rng.pick(&["known", "unknown"]);
                self.ts(&[path, "is", word]);
            }
            1 => {
                let path = self.rng.pick(PATHS);
                let op = self.rng.pick(&["in", "not in"]);
                self.ts(&[path, op, "["]);
                for i in 0..self.rng.below(4) {
                    if i > 0 {
                        self.t(",");
                    }
                    let s = self.rng.pick(STRINGS);
                    self.t(s);
                }
                self.t("]");
            }
            2 => {
                self.number(depth);
                let op = self.rng.pick(&["==", "!=", "<", ">="]);
                self.t(op);
                self.number(depth);
            }
            3 => {
                self.text(depth);
                let op = self.rng.pick(&["==", "contains", "starts_with"]);
                self.t(op);
                self.text(depth);
            }
            _ => {
                self.t("(");
                self.expr(depth + 1);
                self.t(")");
            }
        }
    }

    fn expr(&mut self, depth: usize) {
        let terms = 1 + self.rng.below(if depth > 1 { 2 } else { 5 });
        for i in 0..terms {
            if i > 0 {
                let op = self.rng.pick(&["and", "or", "and"]);
                self.t(op);
            }
            self.comparison(depth + 1);
        }
    }

    fn duration(&mut self) {
        let parts = self.rng.pick(&["2 days", "1 day 12 hours", "90 minutes", "2 weeks"]);
        for part in parts.split(' ') {
            self.t(part);
        }
    }

    fn call(&mut self) {
        match self.rng.below(4) {
            0 => {
                let s = self.rng.pick(STRINGS);
                self.ts(&["send_email", "(", s, ")"]);
            }
            1 => {
                self.ts(&[
                    "create_task",
                    "(",
                    "title",
                    ":",
                    "\"Call {{firstname}}\"",
                    ",",
                    "due",
                    ":",
                ]);
                self.duration();
                if self.rng.chance(50) {
                    self.ts(&[",", "priority", ":", "\"high\""]);
                }
                if self.rng.chance(30) {
                    self.t(",");
                }
                self.t(")");
            }
            2 => {
                self.ts(&[
                    "webhook",
                    "(",
                    "url",
                    ":",
                    "\"https://example.com/hook\"",
                    ",",
                    "headers",
                    ":",
                    "{",
                ]);
                self.ts(&[
                    "\"Content-Type\"",
                    ":",
                    "\"application/json\"",
                    ",",
                    "auth",
                    ":",
                    "\"x\"",
                ]);
                self.ts(&[
                    "}", ",", "body", ":", "{", "id", ":", "[", "1", ",", "{", "x", ":", "2", "}", "]",
                ]);
                self.ts(&["}", ")"]);
            }
            _ => {
                self.ts(&[
                    "slack.send_message",
                    "(",
                    "channel",
                    ":",
                    "\"#sales\"",
                    ",",
                    "message",
                    ":",
                ]);
                let s = self.rng.pick(STRINGS);
                self.ts(&[s, ")"]);
            }
        }
    }

    fn block(&mut self, depth: usize) {
        self.t("{");
        let steps = self.rng.below(2) + usize::from(depth < 2);
        for _ in 0..steps {
            self.step(depth + 1);
        }
        self.t("}");
    }

    fn step(&mut self, depth: usize) {
        if self.rng.chance(10) {
            self.names += 1;
            let label = format!("label{}", self.names);
            self.ts(&[&label, ":"]);
        }
        let kinds = if depth > 2 { 8 } else { 12 };
        match self.rng.below(kinds) {
            0 | 1 => self.call(),
            2 => {
                self.ts(&["set", "flag", "="]);
                self.expr(1);
            }
            3 => {
                let word = self.rng.pick(&["increment", "decrement"]);
                self.ts(&[word, "score"]);
                if self.rng.chance(50) {
                    self.t("by");
                    self.number(2);
                }
            }
            4 => {
                self.t("delay");
                self.duration();
            }
            5 => match self.rng.below(4) {
                0 => self.ts(&["delay", "until", "09:00"]),
                1 => self.ts(&["delay", "until", "monday", ",", "friday", "at", "08:00"]),
                2 => self.ts(&["delay", "until", "2026-12-24", "09:00"]),
                _ => self.ts(&["delay", "until", "renewal_date", "-", "30", "days", "at", "09:00"]),
            },
            6 => self.ts(&["enroll", "in", "workflow", "\"W0\""]),
            7 => {
                self.names += 1;
                let name = format!("r{}", self.names);
                self.ts(&["let", &name, "="]);
                self.call();
            }
            8 => {
                self.t("if");
                self.expr(0);
                self.block(depth);
                for _ in 0..self.rng.below(3) {
                    self.ts(&["else", "if"]);
                    self.expr(1);
                    self.block(depth);
                }
                if self.rng.chance(50) {
                    self.t("else");
                    self.block(depth);
                }
            }
            9 => {
                self.ts(&["split", "{", "50%"]);
                self.block(depth);
                self.t("50%");
                self.block(depth);
                self.t("}");
            }
            10 => {
                if self.rng.chance(50) {
                    self.ts(&["branch", "on", "lead_status", "{", "\"new\"", ",", "\"open\"", "=>"]);
                    self.block(depth);
                    self.ts(&["\"lost\"", "=>"]);
                } else {
                    self.ts(&["branch", "on", "score", "{", "1", ",", "2", "=>"]);
                    self.block(depth);
                    self.ts(&["-", "5", "=>"]);
                }
                self.block(depth);
                if self.rng.chance(50) {
                    self.ts(&["else", "=>"]);
                    self.block(depth);
                }
                self.t("}");
            }
            _ => {
                self.ts(&["delay", "until", "event", "form_submitted", "where", "event.form", "=="]);
                let s = self.rng.pick(STRINGS);
                self.t(s);
                self.t("timeout");
                self.duration();
                if self.rng.chance(70) {
                    self.t("else");
                    self.block(depth);
                }
            }
        }
    }

    fn workflow(&mut self, index: usize) {
        let name = format!("\"W{index}\"");
        self.ts(&["workflow", &name, "{", "object", "contact"]);
        match self.rng.below(4) {
            0 => self.ts(&["enroll", "manually"]),
            1 => {
                self.ts(&["enroll", "on", "event", "signup", "where", "event.plan", "=="]);
                let s = self.rng.pick(STRINGS);
                self.t(s);
            }
            2 => self.ts(&["enroll", "every", "monday", ",", "friday", "at", "09:00"]),
            _ => {
                self.ts(&["enroll", "when"]);
                self.expr(0);
            }
        }
        if self.rng.chance(40) {
            self.ts(&[
                "timezone",
                "\"Europe/Stockholm\"",
                "window",
                "weekday",
                "09:00",
                "to",
                "17:00",
            ]);
        }
        if self.rng.chance(30) {
            self.ts(&["blocked", "2026-12-24", ",", "2026-12-25", "reenroll", "goal"]);
            self.expr(0);
        }
        for _ in 0..1 + self.rng.below(4) {
            self.step(0);
        }
        self.t("}");
    }

    /// The tokens joined by whitespace, newlines and comments.
    fn render(&mut self) -> String {
        let mut out = String::new();
        if self.rng.chance(50) {
            out.push_str("# file comment\n\n");
            self.comments += 1;
        }
        let tokens = std::mem::take(&mut self.tokens);
        for (i, token) in tokens.iter().enumerate() {
            out.push_str(token);
            if i + 1 == tokens.len() {
                break;
            }
            let roll = self.rng.below(100);
            let sep = match roll {
                0..=9 => {
                    self.comments += 1;
                    format!(" # c{} \"quoted\" {{ [ ( #\n", self.comments)
                }
                10..=14 => {
                    self.comments += 1;
                    format!("\n# own {}\n", self.comments)
                }
                15..=16 => {
                    self.comments += 1;
                    format!("\n\n\n  # spaced {}\n\n", self.comments)
                }
                17..=30 => "\n".to_string(),
                31..=33 => "\n\n".to_string(),
                34..=36 => "   ".to_string(),
                _ => " ".to_string(),
            };
            out.push_str(&sep);
        }
        if self.rng.chance(50) {
            out.push_str(" # at the end\n# last\n");
            self.comments += 2;
        }
        out
    }
}

fn generated(seed: u64) -> String {
    let mut generator = Gen::new(seed);
    let workflows = 1 + generator.rng.below(2);
    for index in 0..workflows {
        generator.workflow(index);
    }
    generator.render()
}

/// Formats the generated programs of `seeds`; returns how many comments they
/// held and how many compiled.
fn generated_range(seeds: std::ops::Range<u64>) -> (usize, usize) {
    let mut comments = 0;
    let mut compiled = 0;
    for seed in seeds {
        let source = generated(seed);
        let (_, compiles) = guarantees(&format!("generated program {seed}"), &source);
        comments += wf::fmt::comment_texts(&source).len();
        compiled += usize::from(compiles);
    }
    (comments, compiled)
}

// Two halves, so that the test harness can run them side by side.
#[test]
fn generated_programs_with_comments_everywhere_1() {
    let (comments, compiled) = generated_range(0..500);
    assert!(comments > 5_000, "only {comments} comments were generated");
    assert!(compiled > 400, "only {compiled} generated programs compile");
}

#[test]
fn generated_programs_with_comments_everywhere_2() {
    let (comments, compiled) = generated_range(500..1000);
    assert!(comments > 5_000, "only {comments} comments were generated");
    assert!(compiled > 400, "only {compiled} generated programs compile");
}
