//! `wf compile` and `wf disasm`.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use wf::compile::{self, Program, wfc};
use wf::diagnostics::Diagnostic;

use wf::project::Project;

use super::check::Stdin;
use super::{DiagnosticFormat, exit};

/// The largest `.wfc` file `wf disasm` reads (also protects against reading
/// an endless stream such as `/dev/zero`).
const MAX_WFC_BYTES: u64 = 256 * 1024 * 1024;

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
    /// The `.wf` files of the project or folders of them; none: the project of `wf.toml`.
    pub files: Vec<PathBuf>,
    /// Where to write the `.wfc` file (default: the first file's name with `.wfc`).
    #[arg(short = 'o', long = "output")]
    pub output: Option<PathBuf>,
    /// What to emit: the `.wfc` file, or the disassembly or JSON on stdout.
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

/// Checks and compiles the project, printing the diagnostics once; `Err`
/// is the exit code to stop with. The checker's placeholder warnings are
/// left out when compiling, as the compiler reports each one as an error.
pub fn compile_checked(
    files: &[PathBuf],
    schema: Option<&PathBuf>,
    plans: &[String],
) -> Result<(Program, Project), ExitCode> {
    let (sources, options, project) =
        super::check::load_project(files, schema, plans, Stdin::Refused).map_err(super::input_error)?;
    let report = wf::check_sources(&sources, &options);
    let result = if report.has_errors() {
        Err(Vec::new())
    } else {
        compile::compile_project(&report.files, &sources)
    };
    let mut diagnostics: Vec<Diagnostic> = report
        .diagnostics
        .into_iter()
        .filter(|d| !(result.is_err() && d.code == PLACEHOLDER_WARNING))
        .collect();
    if let Err(errors) = &result {
        diagnostics.extend(errors.iter().cloned());
    }
    if !diagnostics.is_empty() {
        super::check::print_diagnostics(&sources, &diagnostics, DiagnosticFormat::Human);
    }
    result
        .map(|program| (program, project))
        .map_err(|_| ExitCode::from(exit::SOURCE_ERRORS))
}

/// The checker's warning for a placeholder argument.
const PLACEHOLDER_WARNING: &str = "W0001";

/// Runs `wf compile`.
pub fn run(args: CompileArgs) -> ExitCode {
    let (program, project) = match compile_checked(&args.files, args.schema.as_ref(), &args.plan) {
        Ok(compiled) => compiled,
        Err(code) => return code,
    };
    match args.emit {
        Emit::Disasm => print!("{program}"),
        Emit::Json => match serde_json::to_string_pretty(&program) {
            Ok(json) => println!("{json}"),
            Err(e) => return super::input_error(format!("cannot write the program as JSON: {e}")),
        },
        Emit::Bytecode => {
            let output = args
                .output
                .clone()
                .unwrap_or_else(|| default_output(&args.files, &project));
            let bytes = wfc::to_bytes(&program);
            if let Err(e) = std::fs::write(&output, &bytes) {
                return super::input_error(format!(
                    "cannot write `{}`: {e}; check that its folder exists and is writable, or give `-o`",
                    output.display()
                ));
            }
            let count = program.workflows.len();
            let plural = if count == 1 { "" } else { "s" };
            eprintln!(
                "wrote `{}` ({}, {count} workflow{plural})",
                output.display(),
                size_words(bytes.len())
            );
        }
    }
    ExitCode::from(exit::OK)
}

/// Where `wf compile` writes without `-o`: beside the first FILE, with
/// `.wfc`; for a folder (or, with no FILE, the folder of `wf.toml`), inside
/// it, named after it (`flows/` gives `flows/flows.wfc`).
fn default_output(files: &[PathBuf], project: &Project) -> PathBuf {
    let named_after_folder = |folder: &Path| {
        let real = std::fs::canonicalize(folder).unwrap_or_else(|_| folder.to_path_buf());
        let name = real
            .file_name()
            .map_or_else(|| "project".into(), |n| n.to_string_lossy().into_owned());
        folder.join(format!("{name}.wfc"))
    };
    match (files.first(), project.root()) {
        (Some(first), _) if first.is_dir() => named_after_folder(first),
        (Some(first), _) => first.with_extension("wfc"),
        (None, Some(root)) => named_after_folder(root),
        (None, None) => PathBuf::from("project.wfc"),
    }
}

/// A size for people: `812 bytes`, `14.2 KiB`, `3.1 MiB`.
fn size_words(bytes: usize) -> String {
    match bytes {
        0..1024 => format!("{bytes} bytes"),
        1024..1_048_576 => format!("{:.1} KiB", bytes as f64 / 1024.0),
        _ => format!("{:.1} MiB", bytes as f64 / 1_048_576.0),
    }
}

/// Reads and verifies a `.wfc` file; the error is the message for exit 2.
pub fn load_wfc(path: &Path) -> Result<Program, String> {
    let file = std::fs::File::open(path).map_err(|e| super::cannot_read(path, &e))?;
    let mut bytes = Vec::new();
    file.take(MAX_WFC_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| super::cannot_read(path, &e))?;
    if bytes.len() as u64 > MAX_WFC_BYTES {
        return Err(format!(
            "`{}` is larger than {} MiB; it is not a compiled workflow file",
            path.display(),
            MAX_WFC_BYTES / (1024 * 1024)
        ));
    }
    wfc::from_bytes(&bytes).map_err(|e| format!("`{}`: {e}", path.display()))
}

/// Runs `wf disasm`.
pub fn disasm(args: DisasmArgs) -> ExitCode {
    match load_wfc(&args.file) {
        Ok(program) => {
            print!("{program}");
            ExitCode::from(exit::OK)
        }
        Err(message) => super::input_error(message),
    }
}
