//! `wf run`: simulate a project over records and events on a virtual clock and
//! print the history as a trace (docs/formats.md).
//!
//! Exit codes: 1 when the sources have errors (diagnostics printed), 2 for a
//! bad flag, an unreadable or malformed input (the message names the file
//! and, for data, the line) or a `.wfc` that fails verification.

use std::fs::File;
use std::io::{self, BufWriter, IsTerminal};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::{DateTime, Months, NaiveDate, NaiveTime, SubsecRound, Utc};
use chrono_tz::Tz;

use wf::compile::program::Program;
use wf::engine::input::{self, InputError, Streamed};
use wf::engine::{
    Engine, EngineOptions, HistorySink, HumanOptions, HumanWriter, JsonlWriter, RecordRef, RecordingHandler, RunTotals,
};

use super::exit;

/// Trace output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum TraceFormat {
    Human,
    Jsonl,
}

/// Arguments of `wf run`.
#[derive(clap::Args, Debug)]
pub struct RunArgs {
    /// The `.wf` files of the project (or folders of them), or one compiled
    /// `.wfc` file; none: the project of `wf.toml`.
    pub files: Vec<PathBuf>,
    /// The records (a JSON array).
    #[arg(long)]
    pub records: PathBuf,
    /// Events, updates, creations and deletions (JSON lines).
    #[arg(long)]
    pub events: Option<PathBuf>,
    /// Start of the simulation: an RFC 3339 instant, or a date (00:00 UTC); default now.
    #[arg(long)]
    pub start: Option<String>,
    /// End of the simulation: an instant or a date (00:00 UTC); default when
    /// nothing is pending, at most one year.
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
    /// The zone of every instant of the human trace (an IANA name or `utc`);
    /// default each workflow's own zone. The JSONL trace is always in UTC.
    #[arg(long, value_name = "ZONE|utc")]
    pub tz: Option<String>,
}

/// Why `wf run` stops before running.
enum Stop {
    /// One input problem: exit 2 with this message.
    Input(String),
    /// Already reported (diagnostics or a message): exit with this code.
    Exit(ExitCode),
}

impl From<InputError> for Stop {
    fn from(error: InputError) -> Stop {
        Stop::Input(error.to_string())
    }
}

impl From<String> for Stop {
    fn from(message: String) -> Stop {
        Stop::Input(message)
    }
}

/// Runs `wf run`.
pub fn run(args: RunArgs) -> ExitCode {
    match simulate(&args) {
        Ok(code) => code,
        Err(Stop::Input(message)) => super::input_error(message),
        Err(Stop::Exit(code)) => code,
    }
}

fn simulate(args: &RunArgs) -> Result<ExitCode, Stop> {
    let program = load_program(args)?;
    let start = match &args.start {
        Some(text) => instant_flag("--start", text)?,
        None => Utc::now().trunc_subsecs(0),
    };
    let year_later = start.checked_add_months(Months::new(12)).unwrap_or(start);
    let until = match &args.until {
        Some(text) => {
            let until = instant_flag("--until", text)?;
            if until < start {
                return Err(Stop::Input(format!(
                    "`--until` ({text}) is before `--start` ({}); give a later `--until`",
                    wf::value::format_instant(start)
                )));
            }
            until
        }
        None => year_later,
    };
    let mocks = match &args.mock {
        Some(path) => input::parse_mocks(&name(path), &super::read_text(path)?)?,
        None => Vec::new(),
    };
    let events = match &args.events {
        Some(path) => Some((name(path), input::parse_events(&name(path), &super::read_text(path)?)?)),
        None => None,
    };
    let options = EngineOptions { start, seed: args.seed };
    let handler = RecordingHandler::new(mocks);
    let human = match args.format {
        Some(TraceFormat::Human) => true,
        Some(TraceFormat::Jsonl) => false,
        None => io::stdout().is_terminal(),
    };
    let zone = args.tz.as_deref().map(zone_flag).transpose()?;
    let stdout = BufWriter::with_capacity(1 << 16, io::stdout().lock());
    let result = if human {
        let look = HumanOptions {
            color: super::stdout_color(),
            zone,
        };
        let sink = HumanWriter::new(stdout, &program, look);
        let engine = feed(program, handler, sink, options, args, events)?;
        let (sink, totals) = finish(engine, until);
        sink.finish(totals).map(|_| ())
    } else {
        let engine = feed(program, handler, JsonlWriter::new(stdout), options, args, events)?;
        finish(engine, until).0.finish()
    };
    match result {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => Err(Stop::Input(format!("cannot write the trace: {e}"))),
        _ => Ok(ExitCode::from(exit::OK)),
    }
}

/// Builds the engine and gives it the records and events.
fn feed<S: HistorySink>(
    program: Program,
    handler: RecordingHandler,
    sink: S,
    options: EngineOptions,
    args: &RunArgs,
    events: Option<(String, Vec<input::InputEvent>)>,
) -> Result<Engine<RecordingHandler, S>, Stop> {
    let mut engine = Engine::new(program, handler, sink, options);
    // The records file is read a chunk at a time (only the store stays); at
    // anything unexpected it is read again whole, which names the problem.
    let records = name(&args.records);
    let mut add = |record: &RecordRef<'_>, _line: usize| {
        engine
            .add_record_ref(record)
            .map(|_| ())
            .map_err(|_| input::InputProblem::DuplicateId {
                id: record.id.to_string(),
            })
    };
    let source = File::open(&args.records).map_err(|e| Stop::Input(super::cannot_read(&args.records, &e)))?;
    if let Streamed::Stopped { delivered } = input::read_records_streaming(&records, source, &mut add)? {
        let text = super::read_text(&args.records)?;
        let mut seen = 0;
        input::read_records(&records, &text, |record, line| {
            seen += 1;
            if seen <= delivered { Ok(()) } else { add(record, line) }
        })?;
    }
    if let Some((file, events)) = events {
        input::validate_events(&file, &events, engine.records(), options.start)?;
        for event in events {
            let line = event.line;
            engine
                .push_event(event)
                .map_err(|e| format!("`{file}` line {line}: {e}"))?;
        }
    }
    Ok(engine)
}

/// Runs to `until`; gives back the sink and what the run left behind.
fn finish<S: HistorySink>(mut engine: Engine<RecordingHandler, S>, until: DateTime<Utc>) -> (S, RunTotals) {
    engine.run_until(until);
    let totals = engine.totals();
    // `wf run` exits right after: the records and enrollments are left to the
    // operating system rather than freed one by one.
    (engine.into_parts_leaking().1, totals)
}

/// `--tz`: an IANA zone name as the workflows write it, or `utc` in any case.
/// An unknown name is an input problem with the closest zone suggested.
fn zone_flag(text: &str) -> Result<Tz, Stop> {
    if text.eq_ignore_ascii_case("utc") {
        return Ok(Tz::UTC);
    }
    if let Some(zone) = wf::time::parse_tz(text) {
        return Ok(zone);
    }
    let hint = match wf::diagnostics::suggest(text, wf::time::tz_names()) {
        Some(name) => format!("did you mean `{name}`?"),
        None => "give an IANA zone name like `Europe/Stockholm`, or `utc`".to_string(),
    };
    Err(Stop::Input(format!("`--tz`: unknown time zone `{text}`; {hint}")))
}

/// The project's program: compiled from `.wf` sources (diagnostics and exit 1
/// on errors), or loaded from one verified `.wfc` file (exit 2 when bad).
fn load_program(args: &RunArgs) -> Result<Program, Stop> {
    let compiled: Vec<&PathBuf> = args.files.iter().filter(|p| is_wfc(p)).collect();
    match compiled.first() {
        Some(first) if args.files.len() > 1 => Err(Stop::Input(format!(
            "`{}` is a compiled program: give either one `.wfc` file or the `.wf` sources, not both",
            first.display()
        ))),
        Some(first) => Ok(super::compile::load_wfc(first)?),
        None => super::compile::compile_checked(&args.files, args.schema.as_ref(), &[])
            .map(|(program, _)| program)
            .map_err(Stop::Exit),
    }
}

fn is_wfc(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "wfc")
}

fn name(path: &Path) -> String {
    path.display().to_string()
}

/// An RFC 3339 instant, or a date `YYYY-MM-DD` meaning 00:00 UTC (CLI.md 0.2).
fn instant_flag(flag: &str, text: &str) -> Result<DateTime<Utc>, Stop> {
    input::parse_instant(text)
        .or_else(|| parse_date(text).map(|date| date.and_time(NaiveTime::MIN).and_utc()))
        .ok_or_else(|| {
            Stop::Input(format!(
                "`{flag}` is neither an RFC 3339 instant nor a date: `{text}`; write it like \
                 `2026-11-27T08:00:00Z` or `2026-11-27`"
            ))
        })
}

/// A date written exactly `YYYY-MM-DD`.
fn parse_date(text: &str) -> Option<NaiveDate> {
    let shaped = text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if !shaped {
        return None;
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}
