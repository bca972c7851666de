//! Diagnostics for CI and code-scanning tools (CLI.md 0.2): GitHub Actions
//! workflow commands (`wf check --format github`) and a SARIF 2.1.0 log
//! (`wf check --format sarif`).

use serde_json::{Value, json};

use super::{Diagnostic, Label, LineIndex, Severity, Sources, all_codes};

/// One GitHub Actions annotation per diagnostic:
/// `::error file=F,line=L,col=C,endLine=L,endColumn=C,title=CODE::message`
/// (GitHub shows the title above the message),
/// the notes on further lines of the message. Escaped as GitHub's runner
/// reads them: `%`, `\r`, `\n` everywhere, and `:` and `,` in properties too.
pub fn render_github(sources: &Sources, diagnostics: &[Diagnostic]) -> String {
    let indexes: Vec<LineIndex> = sources.iter().map(|(_, source)| LineIndex::new(&source.text)).collect();
    let mut out = String::new();
    for d in diagnostics {
        let index = &indexes[d.primary.file];
        let start = index.position(d.primary.span.start);
        let end = index.position(d.primary.span.end);
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut message = d.message.clone();
        for note in &d.help_lines() {
            message.push('\n');
            message.push_str(note);
        }
        out.push_str(&format!(
            "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
            escape_property(&sources.get(d.primary.file).name),
            start.line,
            start.column,
            end.line,
            end.column,
            escape_property(d.code),
            escape_data(&message),
        ));
    }
    out
}

/// The message of a workflow command.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// A property value of a workflow command.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// A SARIF 2.1.0 log with one run: the tool `wf` with a rule per code that
/// occurs (its title from the code table), one result per diagnostic
/// (primary location, secondary labels as related locations, notes in the
/// message, fixes as replacements). Columns count Unicode code points, as
/// `columnKind` says; lines and columns are 1-based, end columns exclusive.
pub fn render_sarif(sources: &Sources, diagnostics: &[Diagnostic]) -> String {
    let indexes: Vec<LineIndex> = sources.iter().map(|(_, source)| LineIndex::new(&source.text)).collect();
    let codes = all_codes();
    let mut used: Vec<&str> = diagnostics.iter().map(|d| d.code).collect();
    used.sort_unstable();
    used.dedup();
    let rules: Vec<Value> = used
        .iter()
        .map(|code| {
            let info = codes.iter().find(|info| info.code == *code);
            let title = info.map_or("", |info| info.title);
            let mut rule = json!({
                "id": code,
                "shortDescription": {"text": title},
                "help": {"text": format!("run `wf explain {code}` for an explanation and an example")},
            });
            if let Some(info) = info {
                rule["fullDescription"] = json!({"text": info.explanation.trim()});
            }
            rule
        })
        .collect();
    let region = |label: &Label| {
        let index = &indexes[label.file];
        let start = index.position(label.span.start);
        let end = index.position(label.span.end);
        json!({
            "startLine": start.line,
            "startColumn": start.column,
            "endLine": end.line,
            "endColumn": end.column,
            "byteOffset": start.offset,
            "byteLength": end.offset.saturating_sub(start.offset),
        })
    };
    let location = |label: &Label| {
        json!({
            "physicalLocation": {
                "artifactLocation": {"uri": uri(&sources.get(label.file).name)},
                "region": region(label),
            }
        })
    };
    let results: Vec<Value> = diagnostics
        .iter()
        .map(|d| {
            let mut text = d.message.clone();
            for note in &d.help_lines() {
                text.push('\n');
                text.push_str(note);
            }
            let mut result = json!({
                "ruleId": d.code,
                "ruleIndex": used.iter().position(|code| *code == d.code).unwrap_or(0),
                "level": match d.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                },
                "message": {"text": text},
                "locations": [location(&d.primary)],
            });
            if !d.secondary.is_empty() {
                let related: Vec<Value> = d
                    .secondary
                    .iter()
                    .enumerate()
                    .map(|(i, label)| {
                        let mut related = location(label);
                        related["id"] = json!(i);
                        related["message"] = json!({"text": label.message});
                        related
                    })
                    .collect();
                result["relatedLocations"] = json!(related);
            }
            if !d.fixes.is_empty() {
                let fixes: Vec<Value> = d
                    .fixes
                    .iter()
                    .map(|fix| {
                        let changes: Vec<Value> = fix
                            .edits
                            .iter()
                            .map(|edit| {
                                json!({
                                    "artifactLocation": {"uri": uri(&sources.get(edit.file).name)},
                                    "replacements": [{
                                        "deletedRegion": region(&Label::new(edit.file, edit.span, "")),
                                        "insertedContent": {"text": edit.text},
                                    }],
                                })
                            })
                            .collect();
                        json!({"description": {"text": fix.message}, "artifactChanges": changes})
                    })
                    .collect();
                result["fixes"] = json!(fixes);
            }
            result
        })
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "wf",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    serde_json::to_string_pretty(&log).unwrap_or_else(|_| "{}".to_string())
}

/// A file name as a relative (or `file://`) URI reference: `/` separators,
/// and every byte outside the unreserved set and `/` percent-encoded.
fn uri(name: &str) -> String {
    let name = name.replace('\\', "/");
    let mut out = String::new();
    if name.starts_with('/') {
        out.push_str("file://");
    }
    for byte in name.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::span::Span;

    #[test]
    fn github_escapes_data_and_properties() {
        assert_eq!(escape_data("50% done\r\nnext"), "50%25 done%0D%0Anext");
        assert_eq!(escape_property("a,b:c%"), "a%2Cb%3Ac%25");
    }

    #[test]
    fn github_annotations_have_positions_and_escaped_notes() {
        let mut sources = Sources::new();
        let file = sources.add("dir,x/a:b.wf", "åäö send_emial(\"x\")\n");
        let start = "åäö ".len();
        let d = Diagnostic::error(
            "E0201",
            "unknown action `send_emial`",
            Label::new(file, Span::new(start, start + 10), "here"),
        )
        .with_note("help: did you mean `send_email`?");
        let out = render_github(&sources, &[d]);
        assert_eq!(
            out,
            "::error file=dir%2Cx/a%3Ab.wf,line=1,col=5,endLine=1,endColumn=15,\
             title=E0201::unknown action `send_emial`%0Ahelp: did you mean `send_email`?\n"
        );
    }

    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(uri("flows/a b.wf"), "flows/a%20b.wf");
        assert_eq!(uri("/tmp/x.wf"), "file:///tmp/x.wf");
        assert_eq!(uri("<stdin>"), "%3Cstdin%3E");
    }
}
