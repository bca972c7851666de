//! `wf graph` (TOOLING.md §4): the project's workflows as DOT, Mermaid or SVG.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use wf::graph::{self, Format, GraphFailure};

use super::check::Stdin;
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
    /// The `.wf` files of the project or folders of them; none: the project
    /// of `wf.toml`.
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
    // The project: FILEs and folders, else `wf.toml` (TOOLING.md §1), whose
    // schema and plans apply.
    let (sources, options, _) = match super::check::load_project(&args.files, None, &[], Stdin::Refused) {
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
