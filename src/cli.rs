//! clap definitions and dispatch; the only code that prints or chooses colour.

mod actions;
mod check;
mod compile;
mod completions;
mod explain;
mod graph;
mod import;
mod lsp;
mod run;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

/// `wf`: check, compile and simulate `.wf` workflow scripts.
#[derive(Parser, Debug)]
#[command(name = "wf", version, about, propagate_version = true)]
pub struct Cli {
    /// When to colour the output: `auto` only on a terminal and never with `NO_COLOR`.
    #[arg(long, global = true, value_enum, default_value = "auto", value_name = "WHEN")]
    pub color: ColorWhen,
    #[command(subcommand)]
    pub command: Command,
}

/// The `--color` choice.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
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
    /// Serve editors: a language server on standard input and output.
    Lsp(lsp::LspArgs),
    /// List the action catalog, or show one action.
    Actions(actions::ActionsArgs),
    /// Print a shell completion script.
    Completions(completions::CompletionsArgs),
    /// Turn HubSpot v4 flow JSON into `.wf` files.
    Import(import::ImportArgs),
    /// Turn `.wf` workflows into HubSpot v4 flow JSON.
    Export(import::ExportArgs),
    /// Draw the project's workflows as flow charts (DOT, Mermaid or SVG).
    Graph(graph::GraphArgs),
}

/// Diagnostic output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DiagnosticFormat {
    Human,
    Json,
    /// GitHub Actions workflow commands (`::error file=…::message`) on stdout.
    Github,
    /// A SARIF 2.1.0 log on stdout, for code-scanning tools.
    Sarif,
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

/// Whether to colour output on stderr: as `--color` says; for `auto`, only
/// on a terminal and never with `NO_COLOR` (anstream's rules, which also
/// honour `CLICOLOR` and `CLICOLOR_FORCE`).
pub fn stderr_color() -> bool {
    anstream::AutoStream::choice(&std::io::stderr()) != anstream::ColorChoice::Never
}

/// Whether to colour output on stdout (the human trace of `wf run`).
pub fn stdout_color() -> bool {
    anstream::AutoStream::choice(&std::io::stdout()) != anstream::ColorChoice::Never
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
    let choice = match cli.color {
        ColorWhen::Auto => anstream::ColorChoice::Auto,
        ColorWhen::Always => anstream::ColorChoice::Always,
        ColorWhen::Never => anstream::ColorChoice::Never,
    };
    choice.write_global();
    match cli.command {
        Command::Check(args) => check::run(args),
        Command::Compile(args) => compile::run(args),
        Command::Disasm(args) => compile::disasm(args),
        Command::Run(args) => run::run(args),
        Command::Explain(args) => explain::run(args),
        Command::Lsp(args) => lsp::run(args),
        Command::Actions(args) => actions::run(args),
        Command::Completions(args) => completions::run(args),
        Command::Import(args) => import::run_import(args),
        Command::Export(args) => import::run_export(args),
        Command::Graph(args) => graph::run(args),
    }
}
