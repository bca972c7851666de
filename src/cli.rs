//! clap definitions and dispatch; the only code that prints or chooses colour.

mod check;
mod compile;
mod explain;
mod fmt;
mod run;

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

/// `wf`: check, compile and simulate `.wf` workflow scripts.
#[derive(Parser, Debug)]
#[command(name = "wf", version, about, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Parse and check a project of `.wf` files.
    Check(check::CheckArgs),
    /// Check, then compile a project to bytecode.
    Compile(compile::CompileArgs),
    /// Verify a compiled `.wfc` file and print its disassembly.
    Disasm(compile::DisasmArgs),
    /// Simulate a project over records and events on a virtual clock.
    Run(run::RunArgs),
    /// Explain a diagnostic code, or list every code.
    Explain(explain::ExplainArgs),
    /// Format `.wf` files in the one canonical layout, comments kept.
    Fmt(fmt::FmtArgs),
}

/// Diagnostic output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DiagnosticFormat {
    Human,
    Json,
}

/// Exit codes of docs/exit-codes.md.
pub mod exit {
    /// Success, warnings allowed.
    pub const OK: u8 = 0;
    /// The sources have errors.
    pub const SOURCE_ERRORS: u8 = 1;
    /// Usage or input problem.
    pub const INPUT: u8 = 2;
}

/// Whether to colour output on stderr: only on a terminal, never with `NO_COLOR`.
pub fn stderr_color() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stderr().is_terminal()
}

/// Whether to colour output on stdout (the human trace of `wf run`).
#[allow(dead_code)]
pub fn stdout_color() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stdout().is_terminal()
}

/// Prints one input problem (exit 2) on stderr.
pub fn input_error(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(exit::INPUT)
}

/// The message for a file that cannot be opened or read.
pub fn cannot_read(path: &std::path::Path, error: &std::io::Error) -> String {
    format!(
        "cannot read `{}`: {error}; check the path and that the file is readable",
        path.display()
    )
}

/// Reads a file as UTF-8 text, or explains why not.
pub fn read_text(path: &PathBuf) -> Result<String, String> {
    let bytes = std::fs::read(path).map_err(|e| cannot_read(path, &e))?;
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "`{}` is not valid UTF-8 (first bad byte at offset {}); save it as UTF-8",
            path.display(),
            e.utf8_error().valid_up_to()
        )
    })
}

/// Entry point of the binary.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check(args) => check::run(args),
        Command::Compile(args) => compile::run(args),
        Command::Disasm(args) => compile::disasm(args),
        Command::Run(args) => run::run(args),
        Command::Explain(args) => explain::run(args),
        Command::Fmt(args) => fmt::run(args),
    }
}
