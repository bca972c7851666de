//! `wf check`.

use std::path::PathBuf;
use std::process::ExitCode;

use wf::check::CheckOptions;
use wf::diagnostics::{self, Sources};
use wf::project::{self, Project};

use super::{DiagnosticFormat, exit};

mod fix;

/// Arguments of `wf check`.
#[derive(clap::Args, Debug)]
pub struct CheckArgs {
    /// The `.wf` files of the project, folders of them, or `-` (standard
    /// input); none: the project of `wf.toml`.
    pub files: Vec<PathBuf>,
    /// A schema of object types and property types (JSON).
    #[arg(long)]
    pub schema: Option<PathBuf>,
    /// Subscription plans to check actions against, comma-separated.
    #[arg(long, value_delimiter = ',')]
    pub plan: Vec<String>,
    /// Output format of the diagnostics: for people (stderr), or JSON,
    /// GitHub Actions annotations or SARIF 2.1.0 (stdout).
    #[arg(long, value_enum, default_value = "human")]
    pub format: DiagnosticFormat,
    /// Exit 1 when there are warnings, as when there are errors.
    #[arg(long)]
    pub deny_warnings: bool,
    /// Apply every certain fix, rewrite the files, re-check and report what is left.
    #[arg(long)]
    pub fix: bool,
}

/// Whether a command reads `-` as standard input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stdin {
    Allowed,
    Refused,
}

/// Resolves the project (FILE arguments, else `wf.toml`; TOOLING.md §1),
/// reads its sources and its options; the flags win over `wf.toml`. An
/// input problem is the message for exit 2.
pub fn load_project(
    files: &[PathBuf],
    schema: Option<&PathBuf>,
    plans: &[String],
    stdin: Stdin,
) -> Result<(Sources, CheckOptions, Project), String> {
    let cwd = std::env::current_dir()
        .map_err(|e| format!("cannot read the current folder: {e}; run `wf` from a folder that exists"))?;
    let project = match stdin {
        Stdin::Allowed => project::resolve(files, &cwd),
        Stdin::Refused => project::resolve_with(files, &cwd, None),
    }
    .map_err(|e| e.to_string())?;
    let sources = project.sources();
    let schema = schema.or(project.schema.as_ref());
    let plans = if plans.is_empty() { &project.plans } else { plans };
    let schema_text = match schema {
        Some(path) => Some((path.display().to_string(), super::read_text(path)?)),
        None => None,
    };
    let options = CheckOptions::load(schema_text.as_ref().map(|(n, t)| (n.as_str(), t.as_str())), plans)?;
    Ok((sources, options, project))
}

/// Prints diagnostics in the chosen format: human reports and a summary on
/// stderr, or the JSON array on stdout.
pub fn print_diagnostics(sources: &Sources, diags: &[diagnostics::Diagnostic], format: DiagnosticFormat) {
    match format {
        DiagnosticFormat::Json => println!("{}", diagnostics::render_json(sources, diags)),
        DiagnosticFormat::Github => {
            print!("{}", diagnostics::render_github(sources, diags));
            eprintln!("{}", diagnostics::summary(diags));
        }
        DiagnosticFormat::Sarif => println!("{}", diagnostics::render_sarif(sources, diags)),
        DiagnosticFormat::Human => {
            diagnostics::emit_to_stderr(sources, diags, super::stderr_color());
            eprintln!("{}", diagnostics::summary(diags));
        }
    }
}

/// Runs `wf check`.
pub fn run(args: CheckArgs) -> ExitCode {
    let (sources, options, project) = match load_project(&args.files, args.schema.as_ref(), &args.plan, Stdin::Allowed)
    {
        Ok(loaded) => loaded,
        Err(message) => return super::input_error(message),
    };
    if args.fix {
        return fix::run(&project, &sources, &options, args.format);
    }
    let report = wf::check_sources(&sources, &options);
    print_diagnostics(&sources, &report.diagnostics, args.format);
    let (_, warnings) = diagnostics::counts(&report.diagnostics);
    if report.has_errors() {
        ExitCode::from(exit::SOURCE_ERRORS)
    } else if args.deny_warnings && warnings > 0 {
        eprintln!("error: warnings are denied (`--deny-warnings`); fix them or drop the flag");
        ExitCode::from(exit::SOURCE_ERRORS)
    } else {
        ExitCode::from(exit::OK)
    }
}
