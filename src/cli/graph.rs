//! `wf graph` (TOOLING.md §4): the project's workflows as DOT, Mermaid or SVG.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use wf::graph::{self, Format, GraphFailure};

use super::{DiagnosticFormat, exit};

/// The chart formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum GraphFormat {
    /// Graphviz DOT, one `subgraph cluster_…` per workflow.
    Dot,
    /// A Mermaid `flowchart TD`.
    Mermaid,
    /// A self-contained SVG, laid out by `wf` itself.
    Svg,
}

/// Arguments of `wf graph`.
#[derive(clap::Args, Debug)]
pub struct GraphArgs {
    /// The `.wf` files of the project, or folders holding them.
    pub files: Vec<PathBuf>,
    /// Chart only the workflow with this name.
    #[arg(long)]
    pub workflow: Option<String>,
    /// The output format (default: from the extension of `-o`, else `dot`).
    #[arg(long, value_enum)]
    pub format: Option<GraphFormat>,
    /// Write the chart to this file instead of standard output.
    #[arg(short = 'o', long = "output")]
    pub output: Option<PathBuf>,
}

/// Runs `wf graph`.
pub fn run(args: GraphArgs) -> ExitCode {
    let format = match chosen_format(args.format, args.output.as_deref()) {
        Ok(format) => format,
        Err(message) => return super::input_error(message),
    };
    let files = match project_files(&args.files) {
        Ok(files) => files,
        Err(message) => return super::input_error(message),
    };
    let (sources, options) = match super::check::load_project(&files, None, &[]) {
        Ok(loaded) => loaded,
        Err(message) => return super::input_error(message),
    };
    let format = match format {
        GraphFormat::Dot => Format::Dot,
        GraphFormat::Mermaid => Format::Mermaid,
        GraphFormat::Svg => Format::Svg,
    };
    let text = match graph::graph(&sources, &options, args.workflow.as_deref(), format) {
        Ok(text) => text,
        Err(GraphFailure::Errors(diagnostics)) => {
            super::check::print_diagnostics(&sources, &diagnostics, DiagnosticFormat::Human);
            return ExitCode::from(exit::SOURCE_ERRORS);
        }
        Err(GraphFailure::Graph(error)) => return super::input_error(error),
    };
    let written = match &args.output {
        Some(path) => std::fs::write(path, &text).map_err(|e| {
            format!(
                "cannot write `{}`: {e}; check that its folder exists and is writable",
                path.display()
            )
        }),
        None => std::io::stdout()
            .lock()
            .write_all(text.as_bytes())
            .map_err(|e| format!("cannot write the chart to standard output: {e}")),
    };
    match written {
        Ok(()) => ExitCode::from(exit::OK),
        Err(message) => super::input_error(message),
    }
}

/// `--format` wins; else `-o`'s extension decides; else DOT. An extension
/// other than `.dot`, `.mmd` and `.svg` without `--format` is a usage error.
fn chosen_format(format: Option<GraphFormat>, output: Option<&Path>) -> Result<GraphFormat, String> {
    if let Some(format) = format {
        return Ok(format);
    }
    let Some(output) = output else {
        return Ok(GraphFormat::Dot);
    };
    match output.extension().and_then(|e| e.to_str()) {
        Some("dot") => Ok(GraphFormat::Dot),
        Some("mmd") => Ok(GraphFormat::Mermaid),
        Some("svg") => Ok(GraphFormat::Svg),
        _ => Err(format!(
            "cannot tell the chart format from `{}`; name the file `.dot`, `.mmd` or `.svg`, or give `--format dot|mermaid|svg`",
            output.display()
        )),
    }
}

/// The project's files: each FILE as given, each folder as every `*.wf`
/// below it in sorted order (hidden folders and `target/` skipped).
// TODO(project): replace with `src/project.rs` (wf.toml) once it is on main.
fn project_files(arguments: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    if arguments.is_empty() {
        return Err("no files given; name the `.wf` files or folders of the project to chart".to_string());
    }
    let mut files = Vec::new();
    for argument in arguments {
        if argument.is_dir() {
            let before = files.len();
            collect_wf(argument, &mut files, 0)?;
            if files.len() == before {
                return Err(format!(
                    "no `.wf` files below `{}`; name the files to chart",
                    argument.display()
                ));
            }
        } else {
            files.push(argument.clone());
        }
    }
    Ok(files)
}

/// How deep `collect_wf` follows folders (a link loop must not hang it).
const MAX_FOLDER_DEPTH: usize = 64;

fn collect_wf(folder: &Path, files: &mut Vec<PathBuf>, depth: usize) -> Result<(), String> {
    if depth > MAX_FOLDER_DEPTH {
        return Err(format!(
            "`{}` is more than {MAX_FOLDER_DEPTH} folders deep; name the files to chart",
            folder.display()
        ));
    }
    let entries = std::fs::read_dir(folder).map_err(|e| super::cannot_read(folder, &e))?;
    let mut paths: Vec<PathBuf> = entries
        .map(|entry| entry.map(|entry| entry.path()))
        .collect::<Result<_, _>>()
        .map_err(|e| super::cannot_read(folder, &e))?;
    paths.sort();
    for path in paths {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if path.is_dir() {
            if !name.starts_with('.') && name != "target" {
                collect_wf(&path, files, depth + 1)?;
            }
        } else if path.extension().is_some_and(|e| e == "wf") {
            files.push(path);
        }
    }
    Ok(())
}
