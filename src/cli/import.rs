//! `wf import` and `wf export` (IMPORT.md, "Commands").

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use wf::diagnostics::{self, Diagnostic, Sources};
use wf::import::{self, ImportOptions};

use super::check::print_diagnostics;
use super::{DiagnosticFormat, exit};

/// Arguments of `wf import`.
#[derive(clap::Args, Debug)]
pub struct ImportArgs {
    /// Flow files: one flow each, or a list page (`{"results": [flow, …]}`).
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// The portal's IANA time zone (default `America/New_York`, with a warning).
    #[arg(long)]
    pub tz: Option<String>,
    /// The folder the `.wf` files are written to (created when missing).
    #[arg(short = 'o', long = "out", default_value = ".")]
    pub out: PathBuf,
    /// Overwrite files that already exist.
    #[arg(long)]
    pub force: bool,
    /// Output format of the warnings.
    #[arg(long, value_enum, default_value = "human")]
    pub format: DiagnosticFormat,
}

/// Arguments of `wf export`.
#[derive(clap::Args, Debug)]
pub struct ExportArgs {
    /// The `.wf` files whose workflows are exported.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// The folder the flow JSON files are written to (created when missing).
    #[arg(short = 'o', long = "out", default_value = ".")]
    pub out: PathBuf,
    /// Overwrite files that already exist.
    #[arg(long)]
    pub force: bool,
    /// Output format of the diagnostics.
    #[arg(long, value_enum, default_value = "human")]
    pub format: DiagnosticFormat,
}

/// Writes `files` (name, text) into `dir`, refusing to overwrite without `force`.
fn write_all(dir: &Path, files: &[(String, String)], force: bool) -> Result<Vec<PathBuf>, String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create `{}`: {e}; check the path", dir.display()))?;
    let paths: Vec<PathBuf> = files.iter().map(|(name, _)| dir.join(name)).collect();
    if !force && let Some(existing) = paths.iter().find(|p| p.exists()) {
        return Err(format!(
            "`{}` already exists; remove it, choose another `-o` folder, or pass `--force`",
            existing.display()
        ));
    }
    for (path, (_, text)) in paths.iter().zip(files) {
        std::fs::write(path, text).map_err(|e| format!("cannot write `{}`: {e}", path.display()))?;
    }
    Ok(paths)
}

/// Runs `wf import`.
pub fn run_import(args: ImportArgs) -> ExitCode {
    let options = ImportOptions { zone: args.tz.clone() };
    if let Some(zone) = &args.tz
        && zone.parse::<chrono_tz::Tz>().is_err()
    {
        return super::input_error(format!(
            "unknown time zone `{zone}` in `--tz`; give an IANA name such as `Europe/Stockholm`"
        ));
    }
    let mut sources = Sources::new();
    let mut warnings: Vec<Diagnostic> = Vec::new();
    let mut imported = Vec::new();
    for path in &args.files {
        let text = match super::read_text(path) {
            Ok(text) => text,
            Err(message) => return super::input_error(message),
        };
        let file = sources.add(path.display().to_string(), text.clone());
        let flows = match import::read_flows(&text) {
            Ok(flows) => flows,
            Err(e) => return super::input_error(format!("`{}`: {} (at `{}`)", path.display(), e.message, e.path)),
        };
        for located in &flows {
            match import::import_flow(located, &options) {
                Ok(flow) => {
                    warnings.extend(
                        flow.warnings
                            .iter()
                            .map(|w| diagnostics::import::warning(file, &text, w)),
                    );
                    imported.push(flow);
                }
                Err(e) => return super::input_error(format!("`{}`: {} (at `{}`)", path.display(), e.message, e.path)),
            }
        }
    }
    let stems = import::file_stems(
        &imported
            .iter()
            .map(|f| (f.name.clone(), f.id.clone()))
            .collect::<Vec<_>>(),
    );
    let files: Vec<(String, String)> = stems
        .iter()
        .zip(&imported)
        .map(|(s, f)| (format!("{s}.wf"), f.text.clone()))
        .collect();
    // The result must pass `wf check` (IMPORT.md); a failure is a bug of the
    // import, reported as source errors rather than written silently.
    print_diagnostics(&sources, &warnings, args.format);
    // Each file is checked on its own: flows of one portal may share a name.
    for (name, text) in &files {
        let mut written = Sources::new();
        written.add(args.out.join(name).display().to_string(), text.clone());
        let report = wf::check_sources(&written, &Default::default());
        if report.has_errors() {
            print_diagnostics(&written, &report.diagnostics, args.format);
            eprintln!(
                "error: the import of `{name}` does not pass `wf check`, so nothing was written; \
                 the warnings above say which parts of the flow have no `.wf` form"
            );
            return ExitCode::from(exit::SOURCE_ERRORS);
        }
    }
    match write_all(&args.out, &files, args.force) {
        Ok(paths) => {
            if args.format == DiagnosticFormat::Human {
                for path in paths {
                    eprintln!("wrote {}", path.display());
                }
            }
            ExitCode::from(exit::OK)
        }
        Err(message) => super::input_error(message),
    }
}

/// Runs `wf export`.
pub fn run_export(args: ExportArgs) -> ExitCode {
    let (sources, options, _) = match super::check::load_project(&args.files, None, &[], super::check::Stdin::Refused) {
        Ok(loaded) => loaded,
        Err(message) => return super::input_error(message),
    };
    let report = wf::check_sources(&sources, &options);
    if report.has_errors() {
        print_diagnostics(&sources, &report.diagnostics, args.format);
        return ExitCode::from(exit::SOURCE_ERRORS);
    }
    let mut errors = Vec::new();
    let mut flows = Vec::new();
    for parsed in &report.files {
        for workflow in &parsed.ast.workflows {
            match import::export_workflow(workflow) {
                Ok(flow) => flows.push((workflow.name.value.clone(), flow)),
                Err(e) => errors.push(diagnostics::import::export_error(parsed.file, &e)),
            }
        }
    }
    if !errors.is_empty() {
        print_diagnostics(&sources, &errors, args.format);
        return ExitCode::from(exit::SOURCE_ERRORS);
    }
    let named: Vec<(String, Option<String>)> = flows.iter().map(|(name, _)| (name.clone(), None)).collect();
    let stems = import::file_stems(&named);
    let mut files = Vec::new();
    for (stem, (_, flow)) in stems.iter().zip(&flows) {
        let text = serde_json::to_string_pretty(flow).unwrap_or_default();
        files.push((format!("{stem}.json"), format!("{text}\n")));
    }
    match write_all(&args.out, &files, args.force) {
        Ok(paths) => {
            for path in paths {
                eprintln!("wrote {}", path.display());
            }
            ExitCode::from(exit::OK)
        }
        Err(message) => super::input_error(message),
    }
}
