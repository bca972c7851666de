//! `wf explain`.

use std::process::ExitCode;

use wf::diagnostics::all_codes;

/// Arguments of `wf explain`.
#[derive(clap::Args, Debug)]
pub struct ExplainArgs {
    /// A code such as `E0201`; without one, every code is listed.
    pub code: Option<String>,
}

/// Runs `wf explain`.
pub fn run(args: ExplainArgs) -> ExitCode {
    let codes = all_codes();
    match args.code {
        None => {
            for info in codes {
                println!("{}  {}", info.code, info.title);
            }
            ExitCode::SUCCESS
        }
        Some(code) => {
            let wanted = code.trim().to_uppercase();
            match codes.iter().find(|info| info.code == wanted) {
                Some(info) => {
                    println!("{}: {}\n\n{}", info.code, info.title, info.explanation.trim_end());
                    ExitCode::SUCCESS
                }
                None => {
                    let names: Vec<&str> = codes.iter().map(|info| info.code).collect();
                    let hint = match wf::suggest::suggest(&wanted, names) {
                        Some(s) => format!("; did you mean `{s}`?"),
                        None => "; run `wf explain` to list every code".to_string(),
                    };
                    super::input_error(format!("unknown diagnostic code `{code}`{hint}"))
                }
            }
        }
    }
}
