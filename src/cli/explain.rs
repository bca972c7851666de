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
                    println!(
                        "{}: {}\n\n{}\n\nReference: {}",
                        info.code,
                        info.title,
                        info.explanation.trim_end(),
                        reference(info.code)
                    );
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

/// The page of `docs/` that covers what a code is about, by its family.
fn reference(code: &str) -> &'static str {
    match code.get(..3).unwrap_or_default() {
        "E00" => "docs/language.md, section 2 (lexical structure) and the construct named above",
        "E01" => "docs/language.md, section 3.1 (settings) and section 2 (literals)",
        "E02" => "docs/catalog.md (every action, its parameters and plans) and docs/plans.md",
        "E03" => "docs/language.md, sections 5 (steps) and 6 (expressions)",
        "E04" => "docs/schema.md and docs/language.md, section 6 (expressions)",
        "E05" => "docs/language.md, section 5.1 (actions and placeholders)",
        _ => "docs/language.md, section 9 (what the checker rejects)",
    }
}
