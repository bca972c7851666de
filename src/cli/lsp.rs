//! `wf lsp`: the language server of TOOLING.md §5 on stdio.

use std::process::ExitCode;

use clap::Args;

/// Arguments of `wf lsp`.
#[derive(Args, Debug)]
pub struct LspArgs {
    /// Accepted for editors that pass it; stdio is the only transport.
    #[arg(long)]
    pub stdio: bool,
}

/// Runs the server until the editor says `exit`.
pub fn run(_args: LspArgs) -> ExitCode {
    match wf::lsp::run_stdio() {
        Ok(()) => ExitCode::from(super::exit::OK),
        Err(error) => super::input_error(error),
    }
}
