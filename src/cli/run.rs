//! `wf run`.

use std::path::PathBuf;
use std::process::ExitCode;

/// Trace output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum TraceFormat {
    Human,
    Jsonl,
}

/// Arguments of `wf run`.
#[derive(clap::Args, Debug)]
pub struct RunArgs {
    /// The `.wf` files of the project, or one compiled `.wfc` file.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// The records (a JSON array).
    #[arg(long)]
    pub records: PathBuf,
    /// Events, updates, creations and deletions (JSON lines).
    #[arg(long)]
    pub events: Option<PathBuf>,
    /// Start of the simulation (RFC 3339); default now.
    #[arg(long)]
    pub start: Option<String>,
    /// End of the simulation (RFC 3339); default when nothing is pending, at most one year.
    #[arg(long)]
    pub until: Option<String>,
    /// Seed of every random split.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Outputs of handler actions (JSON object by action name).
    #[arg(long)]
    pub mock: Option<PathBuf>,
    /// A schema of object types and property types (JSON).
    #[arg(long)]
    pub schema: Option<PathBuf>,
    /// Trace format; default human on a terminal, jsonl when piped.
    #[arg(long, value_enum)]
    pub format: Option<TraceFormat>,
}

/// Runs `wf run`.
pub fn run(_args: RunArgs) -> ExitCode {
    super::input_error("`wf run` is being built")
}
