//! The reference in `docs/` ships with the project: the generated pages match
//! the catalog table, every relative link leads to a file of the repository,
//! and nothing points outside it.

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Compares a generated page with its file; with `UPDATE_DOCS=1` writes it.
fn generated(file: &str, expected: String) {
    let path = root().join("docs").join(file);
    if std::env::var_os("UPDATE_DOCS").is_some_and(|v| v == "1") {
        std::fs::write(&path, &expected).expect("write the generated page");
        return;
    }
    let found = std::fs::read_to_string(&path).unwrap_or_default();
    if found != expected {
        let diff = similar::TextDiff::from_lines(&found, &expected);
        let changes: String = diff
            .unified_diff()
            .context_radius(1)
            .header(&format!("docs/{file}"), "generated")
            .to_string();
        panic!(
            "docs/{file} differs from what the catalog table generates; regenerate it with\n\n    \
             UPDATE_DOCS=1 cargo test --test docs\n\n{changes}"
        );
    }
}

#[test]
fn catalog_page_matches_the_catalog_table() {
    generated("catalog.md", wf::catalog::markdown());
}

#[test]
fn plans_page_matches_the_catalog_table() {
    generated("plans.md", wf::catalog::plans_markdown());
}

/// The Markdown files of the reference: README.md and docs/*.md.
fn pages() -> Vec<PathBuf> {
    let mut pages = vec![root().join("README.md")];
    let docs = std::fs::read_dir(root().join("docs")).expect("a docs folder");
    for entry in docs.flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "md") {
            pages.push(path);
        }
    }
    pages.sort();
    pages
}

/// The targets of the inline links `[text](target)` of a Markdown text,
/// outside code spans and fenced blocks.
fn links(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut fenced = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if fenced {
            continue;
        }
        // Drop code spans: a link inside backticks is not a link.
        let mut plain = String::new();
        for (i, part) in line.split('`').enumerate() {
            if i % 2 == 0 {
                plain.push_str(part);
            }
        }
        let mut rest = plain.as_str();
        while let Some(at) = rest.find("](") {
            let after = &rest[at + 2..];
            match after.find(')') {
                Some(end) => {
                    found.push(after[..end].to_string());
                    rest = &after[end..];
                }
                None => break,
            }
        }
    }
    found
}

#[test]
fn relative_links_lead_to_files_of_the_repository() {
    let mut broken = Vec::new();
    let mut count = 0;
    for page in pages() {
        let text = std::fs::read_to_string(&page).expect("readable page");
        for target in links(&text) {
            if target.starts_with("http://") || target.starts_with("https://") || target.starts_with("mailto:") {
                continue;
            }
            let file = target.split('#').next().unwrap_or_default();
            if file.is_empty() {
                continue;
            }
            count += 1;
            let dir = page.parent().unwrap_or(Path::new("."));
            let resolved = dir.join(file);
            let inside = resolved
                .canonicalize()
                .is_ok_and(|path| path.starts_with(root().canonicalize().expect("the root exists")));
            if !inside {
                broken.push(format!("{}: `{target}`", page.display()));
            }
        }
    }
    assert!(
        count >= 20,
        "only {count} relative links found: is the link reader broken?"
    );
    assert!(
        broken.is_empty(),
        "links to no file of the repository:\n{}",
        broken.join("\n")
    );
}

#[test]
fn the_link_reader_finds_links_and_skips_code() {
    let text = "see [a](a.md) and [b](docs/b.md#x)\n`[c](c.md)`\n```\n[d](d.md)\n```\n[e](https://x.se)";
    assert_eq!(links(text), ["a.md", "docs/b.md#x", "https://x.se"]);
}

/// Files that may not name the specification outside the repository.
fn sources() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, out);
            } else {
                out.push(path);
            }
        }
    }
    let mut files = pages();
    walk(&root().join("src"), &mut files);
    files
}

#[test]
fn nothing_points_outside_the_repository() {
    let mut found = Vec::new();
    for file in sources() {
        let Ok(text) = std::fs::read_to_string(&file) else {
            continue;
        };
        for (i, line) in text.lines().enumerate() {
            if line.contains("../shared") || line.contains("shared/spec") || line.contains("shared/reference") {
                found.push(format!("{}:{}: {}", file.display(), i + 1, line.trim()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "references outside the repository:\n{}",
        found.join("\n")
    );
}

/// `wf explain CODE` cites pages of `docs/` that exist, for every code.
#[test]
fn explain_cites_existing_pages_of_docs() {
    for info in wf::diagnostics::all_codes() {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_wf"))
            .args(["explain", info.code])
            .output()
            .expect("the binary runs");
        let text = String::from_utf8_lossy(&out.stdout);
        let cited: Vec<&str> = text
            .split(|c: char| c.is_whitespace() || c == ',' || c == '(' || c == ')')
            .filter(|word| word.starts_with("docs/"))
            .map(|word| word.trim_end_matches(['.', ';', ':']))
            .collect();
        assert!(
            !cited.is_empty(),
            "`wf explain {}` cites no page of docs/:\n{text}",
            info.code
        );
        for page in cited {
            assert!(
                root().join(page).is_file(),
                "`wf explain {}` cites `{page}`, which does not exist",
                info.code
            );
        }
        assert!(!text.contains("LANGUAGE.md") && !text.contains("../shared"), "{text}");
    }
}
