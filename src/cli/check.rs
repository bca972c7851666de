//! `wf check`.

use std::path::PathBuf;
use std::process::ExitCode;

use wf::check::CheckOptions;
use wf::diagnostics::{self, Sources};

use super::{DiagnosticFormat, exit};

mod fix;

/// Arguments of `wf check`.
#[derive(clap::Args, Debug)]
pub struct CheckArgs {
    /// The `.wf` files of the project.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// A schema of object types and property types (JSON).
    #[arg(long)]
    pub schema: Option<PathBuf>,
    /// Subscription plans to check actions against, comma-separated.
    #[arg(long, value_delimiter = ',')]
    pub plan: Vec<String>,
    /// Output format of the diagnostics.
    #[arg(long, value_enum, default_value = "human")]
    pub format: DiagnosticFormat,
    /// Apply every certain fix, rewrite the files, re-check and report what is left.
    #[arg(long)]
    pub fix: bool,
}

/// Reads the project's sources and its options; an input problem is the
/// message for exit 2.
pub fn load_project(
    files: &[PathBuf],
    schema: Option<&PathBuf>,
    plans: &[String],
) -> Result<(Sources, CheckOptions), String> {
    let mut sources = Sources::new();
    for path in files {
        let bytes = std::fs::read(path).map_err(|e| super::cannot_read(path, &e))?;
        sources.add_bytes(path.display().to_string(), bytes);
    }
    let schema_text = match schema {
        Some(path) => Some((path.display().to_string(), super::read_text(path)?)),
        None => None,
    };
    let options = CheckOptions::load(schema_text.as_ref().map(|(n, t)| (n.as_str(), t.as_str())), plans)?;
    Ok((sources, options))
}

/// Prints diagnostics in the chosen format: human reports and a summary on
/// stderr, or the JSON array on stdout.
pub fn print_diagnostics(sources: &Sources, diags: &[diagnostics::Diagnostic], format: DiagnosticFormat) {
    match format {
        DiagnosticFormat::Json => println!("{}", diagnostics::render_json(sources, diags)),
        DiagnosticFormat::Human => {
            diagnostics::emit_to_stderr(sources, diags, super::stderr_color());
            eprintln!("{}", diagnostics::summary(diags));
        }
    }
}

/// Runs `wf check`.
pub fn run(args: CheckArgs) -> ExitCode {
    let (sources, options) = match load_project(&args.files, args.schema.as_ref(), &args.plan) {
        Ok(loaded) => loaded,
        Err(message) => return super::input_error(message),
    };
    if args.fix {
        return fix::run(&args.files, &sources, &options, args.format);
    }
    let report = wf::check_sources(&sources, &options);
    print_diagnostics(&sources, &report.diagnostics, args.format);
    if report.has_errors() {
        ExitCode::from(exit::SOURCE_ERRORS)
    } else {
        ExitCode::from(exit::OK)
    }
}
