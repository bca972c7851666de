//! `wf fmt [FILE|DIR…] [--check] [--diff]` and `wf fmt -` (TOOLING.md §3).
//!
//! Files are rewritten in place, only those that change; `--check` lists
//! the files that would change (stdout) and `--diff` prints unified diffs,
//! both writing nothing and exiting 1 when something would change. A file
//! that does not parse is never touched: its diagnostics go to stderr and
//! the exit is 1. `-` reads standard input and writes the result to standard
//! output (with `--check` / `--diff` it is named `<stdin>`).

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use wf::diagnostics::{self, Sources};

use super::exit;

/// The most `wf fmt -` reads from standard input (a `.wf` file of this size
/// is far past the parser's token limit anyway).
const MAX_STDIN_BYTES: u64 = 64 * 1024 * 1024;

/// Arguments of `wf fmt`.
#[derive(clap::Args, Debug)]
pub struct FmtArgs {
    /// `.wf` files or folders (every `*.wf` below them), or `-` for standard
    /// input; none means every `*.wf` below the current folder.
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
    let stdin = args.files.iter().any(|f| f.as_os_str() == "-");
    if stdin && args.files.len() > 1 {
        return super::input_error("`-` (standard input) cannot be combined with files; format them separately");
    }
    let outcomes = if stdin {
        match read_stdin() {
            Ok(text) => vec![format_one("<stdin>", text, &args, None)],
            Err(message) => return super::input_error(message),
        }
    } else {
        let paths = match expand(&args.files) {
            Ok(paths) => paths,
            Err(message) => return super::input_error(message),
        };
        let mut outcomes = Vec::with_capacity(paths.len());
        for path in &paths {
            let bytes = match std::fs::read(path) {
                Ok(bytes) => bytes,
                Err(e) => return super::input_error(super::cannot_read(path, &e)),
            };
            outcomes.push(format_one(&path.display().to_string(), bytes, &args, Some(path)));
        }
        outcomes
    };
    let would_change = (args.check || args.diff) && outcomes.contains(&Outcome::Changed);
    if outcomes.contains(&Outcome::Failed) || would_change {
        ExitCode::from(exit::SOURCE_ERRORS)
    } else {
        ExitCode::from(exit::OK)
    }
}

fn read_stdin() -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .take(MAX_STDIN_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read standard input: {e}"))?;
    if bytes.len() as u64 > MAX_STDIN_BYTES {
        return Err(format!(
            "standard input is larger than {} MiB; `wf fmt -` reads one `.wf` file",
            MAX_STDIN_BYTES / (1024 * 1024)
        ));
    }
    Ok(bytes)
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

/// The files named: a folder stands for every `*.wf` below it (sorted,
/// hidden folders and `target/` skipped); no argument means the current
/// folder. (A stand-in for the project resolution of TOOLING.md §1.)
fn expand(args: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let current = [PathBuf::from(".")];
    let roots = if args.is_empty() { &current[..] } else { args };
    let mut files = Vec::new();
    for root in roots {
        if root.is_dir() {
            let before = files.len();
            walk(root, &mut files)?;
            files[before..].sort();
        } else if root.exists() {
            files.push(root.clone());
        } else {
            return Err(format!(
                "`{}` does not exist; name a `.wf` file or a folder of them",
                root.display()
            ));
        }
    }
    Ok(files)
}

fn walk(folder: &Path, files: &mut Vec<PathBuf>) -> Result<(), String> {
    let entries = std::fs::read_dir(folder).map_err(|e| super::cannot_read(folder, &e))?;
    for entry in entries {
        let entry = entry.map_err(|e| super::cannot_read(folder, &e))?;
        let path = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let is_dir = entry.file_type().map(|t| t.is_dir()).unwrap_or(false);
        if is_dir {
            if !name.starts_with('.') && name != "target" {
                walk(&path, files)?;
            }
        } else if path.extension().is_some_and(|e| e == "wf") {
            files.push(path);
        }
    }
    Ok(())
}
