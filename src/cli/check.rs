//! `wf check`.

use std::path::PathBuf;
use std::process::ExitCode;

use super::DiagnosticFormat;

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
}

/// Runs `wf check`.
pub fn run(_args: CheckArgs) -> ExitCode {
    super::input_error("`wf check` is being built")
}
