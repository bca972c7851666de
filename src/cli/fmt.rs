//! `wf fmt [FILE|DIR…] [--check] [--diff]` and `wf fmt -` (TOOLING.md §3).
//!
//! Files are rewritten in place, only those that change; `--check` lists
//! the files that would change (stdout) and `--diff` prints unified diffs,
//! both writing nothing and exiting 1 when something would change. A file
//! that does not parse is never touched: its diagnostics go to stderr and
//! the exit is 1. `-` reads standard input and writes the result to standard
//! output (with `--check` / `--diff` it is named `<stdin>`). The files are
//! the project's (TOOLING.md §1: FILE arguments, folders, `-`, else `wf.toml`).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use wf::diagnostics::{self, Sources};
use wf::project;

use super::exit;

/// Arguments of `wf fmt`.
#[derive(clap::Args, Debug)]
pub struct FmtArgs {
    /// `.wf` files or folders (every `*.wf` below them), or `-` for standard
    /// input (written to standard output); none: the project of `wf.toml`.
    pub files: Vec<PathBuf>,
    /// Write nothing; list the files that would change and exit 1 if any would.
    #[arg(long)]
    pub check: bool,
    /// Write nothing; print a unified diff of each change and exit 1 if any.
    #[arg(long)]
    pub diff: bool,
}

/// What happened to one input.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Unchanged,
    Changed,
    Failed,
}

/// Runs `wf fmt`.
pub fn run(args: FmtArgs) -> ExitCode {
    let cwd = match std::env::current_dir() {
        Ok(cwd) => cwd,
        Err(e) => {
            return super::input_error(format!(
                "cannot read the current folder: {e}; run `wf` from a folder that exists"
            ));
        }
    };
    let project = match project::resolve(&args.files, &cwd) {
        Ok(project) => project,
        Err(error) => return super::input_error(error),
    };
    let outcomes: Vec<Outcome> = project
        .files
        .into_iter()
        .map(|file| format_one(&file.name, file.bytes, &args, file.path.as_deref()))
        .collect();
    let would_change = (args.check || args.diff) && outcomes.contains(&Outcome::Changed);
    if outcomes.contains(&Outcome::Failed) || would_change {
        ExitCode::from(exit::SOURCE_ERRORS)
    } else {
        ExitCode::from(exit::OK)
    }
}

/// Formats one input named `name`; `path` is where to write it back (none
/// for standard input, which goes to standard output).
fn format_one(name: &str, bytes: Vec<u8>, args: &FmtArgs, path: Option<&Path>) -> Outcome {
    let mut sources = Sources::new();
    let file = sources.add_bytes(name, bytes);
    let source = sources.get(file);
    let result = match source.invalid_utf8 {
        Some(offset) => {
            let span = wf::syntax::span::Span::new(offset, offset + 1);
            Err(vec![diagnostics::syntax::to_diagnostic(
                file,
                &wf::syntax::SyntaxError::InvalidUtf8 { span },
            )])
        }
        None => wf::fmt::format_file(file, &source.text),
    };
    let formatted = match result {
        Ok(text) => text,
        Err(diags) => {
            diagnostics::emit_to_stderr(&sources, &diags, super::stderr_color());
            eprintln!("{}", diagnostics::summary(&diags));
            return Outcome::Failed;
        }
    };
    let original = &source.text;
    let changed = formatted != *original;
    let mut stdout = std::io::stdout().lock();
    if args.diff {
        if changed {
            let diff = similar::TextDiff::configure()
                .timeout(std::time::Duration::from_secs(5))
                .diff_lines(original.as_str(), formatted.as_str());
            let text = diff.unified_diff().header(name, name).to_string();
            let _ = stdout.write_all(text.as_bytes());
        }
    } else if args.check {
        if changed {
            let _ = writeln!(stdout, "{name}");
        }
    } else {
        match path {
            None => {
                let _ = stdout.write_all(formatted.as_bytes());
            }
            Some(path) if changed => {
                if let Err(e) = std::fs::write(path, formatted.as_bytes()) {
                    eprintln!(
                        "error: cannot write `{}`: {e}; check that the file is writable",
                        path.display()
                    );
                    return Outcome::Failed;
                }
            }
            Some(_) => {}
        }
    }
    if changed { Outcome::Changed } else { Outcome::Unchanged }
}
