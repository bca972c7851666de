//! Robustness: hundreds of deterministic token-level mutations of every
//! `examples/*.wf` (deleted, duplicated, swapped and replaced tokens, junk
//! characters, truncations). Each mutant is parsed: it must not panic, and a
//! rejection must come with diagnostics that render. Mutants that parse are
//! printed and checked, which must not panic either.

use std::path::Path;

use wf::check::CheckOptions;
use wf::diagnostics::{self, Sources};
use wf::syntax::{parse, print::print};

/// Mutants per example file.
const MUTANTS_PER_FILE: usize = 200;

/// Characters and snippets inserted as junk.
const JUNK: &[&str] = &[
    "{",
    "}",
    "(",
    ")",
    "[",
    "]",
    "\"",
    "\\",
    "#",
    ":",
    ",",
    "-",
    "%",
    "?",
    "\0",
    "é",
    "{{",
    "}}",
    "not ",
    "9",
    ".",
    "=",
    "=>",
    "\n",
    "2026-1-1",
    "09:00",
    "50%",
    "is not known",
    "==",
    "\u{7}",
    "workflow ",
    "else ",
];

/// A small deterministic generator (xorshift64*), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 { 0 } else { (self.next() % n as u64) as usize }
    }
}

/// Splits source text into tokens: words, numbers, strings, comments,
/// whitespace runs and single punctuation characters. Concatenated, the
/// tokens give back the text.
fn tokens(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(first) = rest.chars().next() {
        let len = if first.is_ascii_alphanumeric() || first == '_' {
            rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.' || c == ':' || c == '-'))
                .unwrap_or(rest.len())
        } else if first.is_whitespace() {
            rest.find(|c: char| !c.is_whitespace()).unwrap_or(rest.len())
        } else if first == '"' {
            let mut escaped = false;
            let mut end = rest.len();
            for (i, c) in rest.char_indices().skip(1) {
                match (escaped, c) {
                    (true, _) => escaped = false,
                    (false, '\\') => escaped = true,
                    (false, '"') => {
                        end = i + 1;
                        break;
                    }
                    (false, '\n') => {
                        end = i;
                        break;
                    }
                    _ => {}
                }
            }
            end
        } else if first == '#' {
            rest.find('\n').unwrap_or(rest.len())
        } else {
            first.len_utf8()
        };
        let (token, tail) = rest.split_at(len.max(first.len_utf8()));
        out.push(token);
        rest = tail;
    }
    out
}

/// One mutant of `text`, chosen by `rng`.
fn mutate(text: &str, rng: &mut Rng) -> String {
    let toks = tokens(text);
    let significant: Vec<usize> = (0..toks.len()).filter(|&i| !toks[i].trim().is_empty()).collect();
    let pick = |rng: &mut Rng| significant[rng.below(significant.len())];
    let mut toks: Vec<String> = toks.iter().map(|t| t.to_string()).collect();
    match rng.below(6) {
        0 => {
            let i = pick(rng);
            toks.remove(i);
        }
        1 => {
            let i = pick(rng);
            let copy = toks[i].clone();
            toks.insert(i, copy);
        }
        2 => {
            let a = rng.below(significant.len());
            let b = (a + 1).min(significant.len() - 1);
            toks.swap(significant[a], significant[b]);
        }
        3 => {
            let i = pick(rng);
            let j = pick(rng);
            toks[i] = toks[j].clone();
        }
        4 => {
            let i = rng.below(toks.len() + 1);
            toks.insert(i, JUNK[rng.below(JUNK.len())].to_string());
        }
        _ => {
            let joined: String = toks.concat();
            let mut cut = rng.below(joined.len() + 1);
            while !joined.is_char_boundary(cut) {
                cut -= 1;
            }
            return joined[..cut].to_string();
        }
    }
    toks.concat()
}

fn examples() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut files: Vec<(String, String)> = std::fs::read_dir(dir)
        .expect("examples/ exists")
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|e| e == "wf"))
        .map(|path| {
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or("example.wf")
                .to_string();
            let text = std::fs::read_to_string(&path).expect("example is readable");
            (name, text)
        })
        .collect();
    files.sort();
    files
}

#[test]
fn the_tokenizer_round_trips() {
    for (name, text) in examples() {
        assert_eq!(tokens(&text).concat(), text, "{name}");
        assert!(tokens(&text).len() > 50, "{name}");
    }
}

#[test]
fn mutants_never_panic_and_rejections_render() {
    let examples = examples();
    assert!(examples.len() >= 4, "expected the four example scripts");
    let (mut accepted, mut rejected) = (0, 0);
    for (index, (name, text)) in examples.iter().enumerate() {
        assert!(parse(text).is_ok(), "{name} itself must parse");
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ (index as u64 + 1));
        for round in 0..MUTANTS_PER_FILE {
            let mutant = mutate(text, &mut rng);
            match parse(&mutant) {
                Ok(file) => {
                    accepted += 1;
                    assert!(!print(&file).is_empty() || file.workflows.is_empty());
                    let mut sources = Sources::new();
                    sources.add(name.clone(), mutant.clone());
                    // The checker must not panic on whatever the parser accepts.
                    let report = wf::check_sources(&sources, &CheckOptions::default());
                    let _ = diagnostics::render_plain(&sources, &report.diagnostics);
                }
                Err(errors) => {
                    rejected += 1;
                    assert!(!errors.is_empty(), "{name} mutant {round}: rejected without an error");
                    let mut sources = Sources::new();
                    let file = sources.add(name.clone(), mutant.clone());
                    let diagnostics: Vec<_> = errors
                        .iter()
                        .map(|error| diagnostics::syntax::to_diagnostic(file, error))
                        .collect();
                    let rendered = diagnostics::render_plain(&sources, &diagnostics);
                    assert!(
                        rendered.contains("error[E00"),
                        "{name} mutant {round}: diagnostics did not render:\n{rendered}\n--- mutant:\n{mutant}"
                    );
                    assert!(
                        diagnostics.iter().all(|d| d.code != "E0020"),
                        "{name} mutant {round}: internal parser error {diagnostics:?}\n--- mutant:\n{mutant}"
                    );
                    // The workflows that parsed are checked: the checker must
                    // not panic on a partial AST, and the project's diagnostics
                    // hold the syntax errors.
                    let report = wf::check_sources(&sources, &CheckOptions::default());
                    assert!(report.diagnostics.len() >= diagnostics.len());
                    let _ = diagnostics::render_json(&sources, &report.diagnostics);
                    // `--fix` never leaves a file that does not parse.
                    if round % 8 == 0 {
                        let outcome = wf::fix::fix_project(&sources, &CheckOptions::default());
                        let fixed = &outcome.sources.get(file).text;
                        assert!(
                            fixed == &mutant || parse(fixed).is_ok(),
                            "{name} mutant {round}: --fix left a file that does not parse:\n{fixed}"
                        );
                    }
                }
            }
        }
    }
    // Both outcomes occur, so the mutations are neither all fatal nor all harmless.
    assert!(
        accepted > 20 && rejected > 200,
        "accepted {accepted}, rejected {rejected}"
    );
}
