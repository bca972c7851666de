//! Generated inputs shared by the benches: a multi-MB project of `.wf` files,
//! the small workflow of the vm bench with its records, and record files for
//! `wf run`. Everything is deterministic, so two runs measure the same bytes.
//!
//! Each bench includes this file as a module and uses only part of it.
#![allow(dead_code)]

use std::fmt::Write as _;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// The workflow of the vm bench (issue 6): a branchy if/else-if/else, an
/// increment and a 50/30/20 split, over one contact.
pub const VM_WORKFLOW: &str = r#"workflow "Score and split" {
  object contact
  enroll manually

  if score >= 80 and lifecycle_stage == "lead" {
    increment score by 10
  } else if score >= 40 or country == "SE" {
    increment score by 5
  } else {
    increment score
  }
  split {
    50% { set segment = "a" }
    30% { set segment = "b" }
    20% { set segment = "c" }
  }
}
"#;

/// The same logic as [`VM_WORKFLOW`] in rhai; `bucket` is a registered Rust
/// function giving the record's split draw in 0..100.
pub const RHAI_SCRIPT: &str = r#"
if score >= 80.0 && lifecycle_stage == "lead" {
    score += 10.0;
} else if score >= 40.0 || country == "SE" {
    score += 5.0;
} else {
    score += 1.0;
}
let draw = bucket(id);
if draw < 50 {
    segment = "a";
} else if draw < 80 {
    segment = "b";
} else {
    segment = "c";
}
"#;

const STAGES: [&str; 3] = ["lead", "subscriber", "customer"];
const COUNTRIES: [&str; 5] = ["SE", "NO", "DK", "FI", "US"];

/// The properties of the `i`-th generated contact: id, score, stage, country.
pub fn contact(i: usize) -> (String, f64, &'static str, &'static str) {
    let score = ((i * 37) % 100) as f64;
    (
        format!("c{i}"),
        score,
        STAGES[(i / 3) % STAGES.len()],
        COUNTRIES[(i / 7) % COUNTRIES.len()],
    )
}

/// A cheap, well-mixed draw in `0..100` for a split: FNV-1a over the record id,
/// then a splitmix64 finaliser. The native and rhai baselines both use it.
pub fn split_draw(seed: u64, record_id: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ seed;
    for byte in record_id.bytes() {
        h ^= u64::from(byte);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h = (h ^ (h >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h = (h ^ (h >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    (h ^ (h >> 31)) % 100
}

/// A directory under the target directory for generated files.
pub fn scratch_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"));
    let dir = target.join("bench-inputs");
    if let Err(e) = std::fs::create_dir_all(&dir) {
        panic!("cannot create {}: {e}", dir.display());
    }
    dir
}

// ---------------------------------------------------------------------------
// A large project for the compile bench.

/// A project of `files` files of about `bytes_per_file` bytes each. The
/// workflows use every kind of step and setting, with templates, lists, maps,
/// `let` outputs, labels and `goto`, so the whole front end is exercised.
pub fn project(files: usize, bytes_per_file: usize) -> Vec<(String, String)> {
    let mut sources = Vec::with_capacity(files);
    let mut index = 0usize;
    for file in 0..files {
        let mut text = String::with_capacity(bytes_per_file + 4096);
        let _ = writeln!(text, "# Generated benchmark project, file {file}.\n");
        while text.len() < bytes_per_file {
            match index % 4 {
                0 => contact_workflow(&mut text, index),
                1 => deal_workflow(&mut text, index),
                2 => event_workflow(&mut text, index),
                _ => scheduled_workflow(&mut text, index),
            }
            index += 1;
        }
        sources.push((format!("bench_{file:03}.wf"), text));
    }
    sources
}

fn contact_workflow(out: &mut String, i: usize) {
    let _ = write!(
        out,
        r##"# Nurture new Nordic leads, variant {i}.
workflow "Lead nurture {i}" {{
  object contact
  timezone "Europe/Stockholm"
  enroll when lifecycle_stage == "lead" and country in ["SE", "NO", "DK"] and score >= {min}
  reenroll
  goal lifecycle_stage == "customer"
  unenroll when email is unknown
  window weekday 09:00 to 17:00
  blocked 2026-12-24, 2026-12-25, 2027-01-01

  send_email("welcome-{i}")
  delay 2 days
  delay until tuesday 09:00

  if score >= 50 and company.industry is known {{
    create_task(title: "Call {{{{firstname}}}} at {{{{company.name}}}}", due: 2 days, priority: "high")
  }} else if score >= 20 or lower(country) == "se" {{
    nudge_{i}: send_email("nudge-{i}")
    increment score by 10
  }} else {{
    goto nudge_{i}
  }}

  split {{
    50% {{ send_email("variant-a-{i}") }}
    30% {{ send_email("variant-b-{i}") }}
    20% {{ set lead_status = "open" }}
  }}

  branch on lead_status {{
    "new", "open" => {{ send_email("check-in-{i}") }}
    "unqualified" => {{ stop }}
    else => {{ set lead_status = "open" }}
  }}

  let hook = webhook(url: "https://example.com/hooks/{i}", method: "POST", body: {{ email: "{{{{email}}}}", score: score * 2 + 1 }})
  if hook.status == 200 {{
    set firstname = capitalize(trim(firstname))
  }}
  delay until renewal_date - 30 days at 09:00
  delay until event form_submitted where event.form == "demo-request" timeout 7 days else {{
    slack.send_message(channel: "#sales", message: "{{{{email}}}} ignored the demo offer ({i})")
  }}
"##,
        min = i % 50,
    );
    // Chain each nurture workflow to the previous one (same object type).
    if i >= 4 {
        let _ = writeln!(out, "  enroll in workflow \"Lead nurture {}\"", i - 4);
    }
    out.push_str("}\n\n");
}

fn deal_workflow(out: &mut String, i: usize) {
    let _ = write!(
        out,
        r#"workflow "Deal follow-up {i}" {{
  object deal
  timezone "America/New_York"
  enroll when amount > {floor} and dealstage != "closedlost"
  goal dealstage == "closedwon"

  create_note(body: "Deal {{{{dealname}}}} is worth {{{{amount}}}}")
  delay 1 day 12 hours
  branch on dealstage {{
    "appointmentscheduled" => {{ create_task(title: "Prepare the meeting", due: 1 day) }}
    "qualifiedtobuy", "presentationscheduled" => {{
      set priority = "high"
      increment amount by amount * 0.1
    }}
    "decisionmakerboughtin" => {{ send_internal_email(to: ["sales@example.com"], subject: "Hot deal {i}", body: "{{{{dealname}}}}") }}
    else => {{ clear priority }}
  }}
  if amount >= 100000 and not (dealstage in ["closedwon", "closedlost"]) {{
    add_to_list("Big deals {i}")
  }} else if days_between(createdate, today) > 30 {{
    decrement amount by round(amount / 20, 2)
  }}
  delay until 2027-01-15 at 08:30
}}

"#,
        floor = 1000 + i,
    );
}

fn event_workflow(out: &mut String, i: usize) {
    let _ = write!(
        out,
        r#"workflow "Demo request {i}" {{
  object contact
  enroll on event form_submitted where event.form == "demo-request-{i}"
  reenroll

  set lead_status = "demo requested"
  let owner = rotate_owner(users: ["ana@example.se", "bo@example.no", "cai@example.dk"])
  send_notification(to: ["{{{{owner.owner}}}}"], message: "Demo for {{{{email}}}} ({i})")
  delay 90 minutes
  if lead_status == "demo requested" and max(score, 0) < 100 - {m} {{
    send_sms(message: "Thanks {{{{firstname}}}}, we will call you soon")
  }}
  delay until monday, wednesday, friday at 10:00
  enroll_in_sequence("demo-follow-up", sender: "sales@example.com")
}}

"#,
        m = i % 7,
    );
}

fn scheduled_workflow(out: &mut String, i: usize) {
    let _ = write!(
        out,
        r##"workflow "Monthly review {i}" {{
  object company
  timezone "Europe/Stockholm"
  enroll every month on day {day} at 07:00 where annualrevenue >= {rev}

  let res = custom_code(code: "return tier gold", inputs: {{ name: name, revenue: annualrevenue }})
  set tier = coalesce(res.tier, "bronze")
  if tier == "gold" {{
    create_record(object: "ticket", properties: {{ subject: "Review {{{{name}}}}", priority: "high" }}, associate: true)
  }} else {{
    slack.send_message(channel: "#accounts", message: "{{{{name}}}}: tier {{{{tier}}}}")
  }}
  delay 2 weeks
  enrich_record(overwrite: false)
}}

"##,
        day = 1 + i % 28,
        rev = 10_000 * (i % 13),
    );
}

// ---------------------------------------------------------------------------
// Records for `wf run` and the engine.

/// Writes `n` contacts as a JSON array (docs/formats.md "Records"), one record a line.
pub fn write_records(out: &mut impl Write, n: usize) -> io::Result<()> {
    out.write_all(b"[\n")?;
    for i in 0..n {
        let (id, score, stage, country) = contact(i);
        let sep = if i + 1 == n { "" } else { "," };
        writeln!(
            out,
            r#"{{"id":"{id}","object":"contact","properties":{{"email":"user{i}@example.com","firstname":"user {i}","score":{score},"lifecycle_stage":"{stage}","country":"{country}"}}}}{sep}"#
        )?;
    }
    out.write_all(b"]\n")
}

/// The path of a generated file of `n` records, written once and reused.
pub fn records_file(n: usize) -> PathBuf {
    let path = scratch_dir().join(format!("records-{n}.json"));
    if !path.exists() {
        let tmp = path.with_extension("tmp");
        let write = || -> io::Result<()> {
            let mut file = io::BufWriter::new(std::fs::File::create(&tmp)?);
            write_records(&mut file, n)?;
            file.flush()?;
            std::fs::rename(&tmp, &path)
        };
        if let Err(e) = write() {
            panic!("cannot write {}: {e}", path.display());
        }
    }
    path
}

/// Writes `text` to a file under the scratch directory and returns its path.
pub fn scratch_file(name: &str, text: &str) -> PathBuf {
    let path = scratch_dir().join(name);
    if let Err(e) = std::fs::write(&path, text) {
        panic!("cannot write {}: {e}", path.display());
    }
    path
}
