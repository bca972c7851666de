//! `wf compile` and `wf disasm`.

use std::path::PathBuf;
use std::process::ExitCode;

/// What `wf compile` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Emit {
    Bytecode,
    Disasm,
    Json,
}

/// Arguments of `wf compile`.
#[derive(clap::Args, Debug)]
pub struct CompileArgs {
    /// The `.wf` files of the project.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Where to write the `.wfc` file.
    #[arg(short = 'o', long = "output")]
    pub output: Option<PathBuf>,
    /// What to emit.
    #[arg(long, value_enum, default_value = "bytecode")]
    pub emit: Emit,
    /// A schema of object types and property types (JSON).
    #[arg(long)]
    pub schema: Option<PathBuf>,
    /// Subscription plans to check actions against, comma-separated.
    #[arg(long, value_delimiter = ',')]
    pub plan: Vec<String>,
}

/// Arguments of `wf disasm`.
#[derive(clap::Args, Debug)]
pub struct DisasmArgs {
    /// A compiled `.wfc` file.
    pub file: PathBuf,
}

/// Runs `wf compile`.
pub fn run(_args: CompileArgs) -> ExitCode {
    super::input_error("`wf compile` is being built")
}

/// Runs `wf disasm`.
pub fn disasm(_args: DisasmArgs) -> ExitCode {
    super::input_error("`wf disasm` is being built")
}
