//! Tampering with `.wfc` files: thousands of deterministic truncations, byte
//! flips and checksum-corrected payload edits of valid files. Each is either
//! rejected with an error or, when it still loads (so it passed the
//! verifier), runs in the VM without panicking and to completion.

use std::path::Path;

use chrono::{DateTime, TimeZone, Utc};
use wf::check::CheckOptions;
use wf::compile::program::{CondId, FieldId, Program, PropSlot, WorkflowId};
use wf::compile::{self, wfc};
use wf::diagnostics::Sources;
use wf::value::Value;
use wf::vm::{self, ActionCall, ActionError, ActionOutput, EnrollmentState, Env, Exit, Flow, Host, StepError};

/// SplitMix64: the deterministic source of every mutation.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Every compile input that compiles, as `.wfc` bytes.
fn valid_files() -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/inputs/compile");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    paths.retain(|p| p.extension().is_some_and(|e| e == "wf"));
    paths.sort();
    let mut out = Vec::new();
    for path in paths {
        let mut sources = Sources::new();
        sources.add(
            path.display().to_string(),
            std::fs::read_to_string(&path).unwrap_or_default(),
        );
        let report = wf::check_sources(&sources, &CheckOptions::default());
        if let Ok(program) = compile::compile_project(&report.files, &sources) {
            out.push((path.display().to_string(), wfc::to_bytes(&program)));
        }
    }
    assert!(out.len() >= 10, "expected the compile inputs");
    out
}

/// Offset of the payload: after magic, version, compiler version, length and checksum.
fn payload_start(bytes: &[u8]) -> usize {
    4 + 2 + 1 + usize::from(bytes[6]) + 16
}

/// Rewrites the length and checksum of a file whose payload was edited.
fn reseal(bytes: &mut [u8], start: usize) {
    let payload = bytes[start..].to_vec();
    bytes[start - 16..start - 8].copy_from_slice(&(payload.len() as u64).to_le_bytes());
    let sum = wfc::checksum(&bytes[..start - 8], &payload);
    bytes[start - 8..start].copy_from_slice(&sum.to_le_bytes());
}

/// A host that accepts everything; actions fail now and then.
struct Host0 {
    now: DateTime<Utc>,
    calls: u32,
}

impl Env for Host0 {
    fn property(&self, slot: PropSlot) -> &Value {
        const SAMPLES: [Value; 2] = [Value::Unknown, Value::Bool(true)];
        &SAMPLES[slot.index() % 2]
    }
    fn event_field(&self, _field: FieldId) -> &Value {
        &Value::Unknown
    }
    fn now(&self) -> DateTime<Utc> {
        self.now
    }
}

impl Host for Host0 {
    fn set_property(&mut self, _slot: PropSlot, _value: Value) -> Flow {
        Flow::Continue
    }
    fn clear_property(&mut self, _slot: PropSlot) -> Flow {
        Flow::Continue
    }
    fn call_action(&mut self, _call: &ActionCall<'_>) -> Result<ActionOutput, ActionError> {
        self.calls += 1;
        if self.calls.is_multiple_of(3) {
            Err(ActionError {
                retryable: self.calls.is_multiple_of(2),
                message: "down".into(),
            })
        } else {
            Ok(ActionOutput::default())
        }
    }
    fn enroll_in(&mut self, _workflow: WorkflowId) {}
    fn report_error(&mut self, _error: &StepError) {}
    fn record_id(&self) -> &str {
        "r1"
    }
    fn seed(&self) -> u64 {
        7
    }
}

/// Runs every workflow and condition of a loaded program to its end.
fn exercise(program: &Program) {
    let start = Utc.with_ymd_and_hms(2026, 3, 28, 12, 0, 0).single().unwrap_or_default();
    for (w, code) in program.workflows.iter().enumerate() {
        let workflow = WorkflowId(w as u32);
        let mut host = Host0 { now: start, calls: 0 };
        for c in 0..code.conditions.len() {
            vm::eval_condition(program, workflow, CondId(c as u32), &host);
        }
        let mut state = EnrollmentState::new(program, workflow, 0);
        for _ in 0..10_000 {
            match vm::run(program, &mut state, &mut host) {
                Exit::Suspended(suspension) => {
                    vm::event_matches(program, &state, &host);
                    if let Some(until) = suspension.until() {
                        host.now = until.max(host.now);
                    }
                    if matches!(suspension, vm::Suspension::AwaitEvent { .. }) {
                        vm::resume_after_timeout(&mut state);
                    }
                }
                _ => break,
            }
        }
        assert!(state.waiting.is_none(), "{}: did not finish", code.name);
    }
}

/// Loads mutated bytes: an error, or a program that runs safely.
fn load(bytes: &[u8]) -> bool {
    match wfc::from_bytes(bytes) {
        Ok(program) => {
            exercise(&program);
            true
        }
        Err(_) => false,
    }
}

#[test]
fn valid_files_load_and_run() {
    for (name, bytes) in valid_files() {
        assert!(load(&bytes), "{name} does not load");
    }
}

#[test]
fn every_truncation_is_rejected() {
    let mut cases = 0;
    for (name, bytes) in valid_files() {
        let step = (bytes.len() / 150).max(1);
        let lengths = (0..bytes.len())
            .step_by(step)
            .chain(0..40.min(bytes.len()))
            .chain([bytes.len() - 1]);
        for len in lengths {
            assert!(
                wfc::from_bytes(&bytes[..len]).is_err(),
                "{name} truncated to {len} loads"
            );
            cases += 1;
        }
    }
    assert!(cases > 1000, "{cases}");
}

#[test]
fn byte_flips_are_rejected() {
    let mut rng = Rng(1);
    let mut cases = 0;
    for (name, bytes) in valid_files() {
        for _ in 0..200 {
            let mut tampered = bytes.clone();
            let at = rng.below(tampered.len());
            tampered[at] ^= 1 << rng.below(8);
            // The checksum (or the header checks) catch every single flip.
            assert!(!load(&tampered), "{name} with byte {at} flipped loads");
            cases += 1;
        }
    }
    assert!(cases > 2000, "{cases}");
}

#[test]
fn resealed_payload_edits_are_rejected_or_safe() {
    let mut rng = Rng(2);
    let (mut cases, mut accepted) = (0, 0);
    for (_, bytes) in valid_files() {
        let start = payload_start(&bytes);
        let digits: Vec<usize> = (start..bytes.len()).filter(|i| bytes[*i].is_ascii_digit()).collect();
        for round in 0..150 {
            let mut tampered = bytes.clone();
            match round % 5 {
                // A digit changed: indices, targets, percentages, times move.
                0..=2 => {
                    let at = digits[rng.below(digits.len())];
                    tampered[at] = b"0123456789"[rng.below(10)];
                }
                // A digit repeated: a number grows tenfold or more.
                3 => {
                    let at = digits[rng.below(digits.len())];
                    let digit = tampered[at];
                    tampered.insert(at, digit);
                }
                // Any byte of the payload replaced.
                _ => {
                    let at = start + rng.below(bytes.len() - start);
                    tampered[at] = rng.next() as u8;
                }
            }
            reseal(&mut tampered, start);
            if load(&tampered) {
                accepted += 1;
            }
            cases += 1;
        }
    }
    assert!(cases > 1500, "{cases}");
    // Some edits (a constant's digit, a time's minute) leave a valid program.
    assert!(accepted > 0 && accepted < cases, "{accepted} of {cases} accepted");
}

/// Targeted edits of a sealed payload, each with its one expected outcome:
/// the verifier names what is wrong, or the program loads and still runs.
#[test]
fn targeted_payload_edits_have_known_outcomes() {
    use wf::compile::opcode::Op;
    use wf::compile::program::DelayRule;
    use wf::compile::verify::ErrorKind;
    use wf::value::DurationValue;
    let verify_error = |program: &Program| match wfc::from_bytes(&wfc::to_bytes(program)) {
        Err(wfc::LoadError::Verify(error)) => error,
        Err(other) => panic!("refused for another reason: {other}"),
        Ok(_) => panic!("a bad program loads"),
    };

    let mut split = program_of("tests/inputs/compile/split.wf");
    split.workflows[0].splits[0].arms[0].percent = 60;
    let error = verify_error(&split);
    assert_eq!(
        error.kind,
        ErrorKind::BadValue("split percentages summing to 110".into())
    );
    assert_eq!((error.workflow.as_str(), error.chunk, error.pc), ("Split", None, None));

    let mut branch = program_of("tests/inputs/compile/branch.wf");
    let len = branch.workflows[0].steps.code.len() as u32;
    branch.workflows[0].branches[0].cases[0].target = len;
    let error = verify_error(&branch);
    assert_eq!(
        error.kind,
        ErrorKind::OutOfRange {
            table: "instruction",
            index: len.into(),
            len: len as usize
        }
    );

    let mut goto = program_of("tests/inputs/compile/goto.wf");
    let code = &mut goto.workflows[0].steps.code;
    let jump = code
        .iter()
        .position(|op| matches!(op, Op::Jump { .. }))
        .expect("a jump");
    code[jump] = Op::Jump { target: 0 };
    let error = verify_error(&goto);
    assert_eq!(error.kind, ErrorKind::Cycle { target: 0 });
    assert_eq!(error.pc, Some(jump as u32));

    let mut delays = program_of("tests/inputs/compile/delays.wf");
    delays.workflows[0].delays[0] = DelayRule::For(DurationValue { days: -1, minutes: 0 });
    let error = verify_error(&delays);
    assert_eq!(error.kind, ErrorKind::BadValue("a negative duration -P1D".into()));

    // A changed string constant is still a valid program: it loads and runs.
    let mut text = program_of("tests/inputs/compile/split.wf");
    let at = text
        .constants
        .iter()
        .position(|c| *c == Value::str("variant-a"))
        .expect("the constant");
    text.constants[at] = Value::str("variant-z");
    let bytes = wfc::to_bytes(&text);
    let loaded = wfc::from_bytes(&bytes).expect("a valid program loads");
    assert_eq!(loaded.constants[at], Value::str("variant-z"));
    assert!(load(&bytes));
}

#[test]
fn garbage_and_hostile_headers_are_rejected() {
    let mut rng = Rng(3);
    for len in [0usize, 1, 4, 7, 30, 1000] {
        let garbage: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        assert!(wfc::from_bytes(&garbage).is_err());
    }
    // A valid header announcing an enormous payload allocates nothing.
    let mut huge = wfc::MAGIC.to_vec();
    huge.extend_from_slice(&wfc::FORMAT_VERSION.to_le_bytes());
    huge.push(0);
    huge.extend_from_slice(&u64::MAX.to_le_bytes());
    huge.extend_from_slice(&0u64.to_le_bytes());
    assert!(matches!(wfc::from_bytes(&huge), Err(wfc::LoadError::Length { .. })));
    // Another format version.
    let mut other = wfc::to_bytes(&program_of("tests/inputs/compile/goto.wf"));
    other[4] = 9;
    let start = payload_start(&other);
    reseal(&mut other, start);
    assert!(matches!(
        wfc::from_bytes(&other),
        Err(wfc::LoadError::Version { found: 9 })
    ));
    // Deeply nested JSON in a sealed payload.
    let mut deep = wfc::to_bytes(&program_of("tests/inputs/compile/goto.wf"));
    let start = payload_start(&deep);
    deep.truncate(start);
    deep.extend(std::iter::repeat_n(b'[', 100_000));
    reseal(&mut deep, start);
    assert!(matches!(wfc::from_bytes(&deep), Err(wfc::LoadError::Decode(_))));
}

fn program_of(path: &str) -> Program {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    let mut sources = Sources::new();
    sources.add("p.wf", std::fs::read_to_string(path).unwrap_or_default());
    let report = wf::check_sources(&sources, &CheckOptions::default());
    compile::compile_project(&report.files, &sources).unwrap_or_else(|_| panic!("does not compile"))
}
