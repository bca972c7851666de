//! The language server's edit-to-diagnostics latency (issue 13, TOOLING.md
//! §5): a 1 MB project (32 files of 32 KB from the compile bench's
//! generator) is served in memory (`Connection::memory()`); each sample sends
//! one `didChange` of one file — alternately adding and removing an error,
//! so the diagnostics really change — and waits for that file's
//! `publishDiagnostics`. Prints the median and p95 beside criterion's figures.
//!
//! `cargo bench --bench lsp`

mod inputs;

use std::time::{Duration, Instant};

use criterion::Criterion;
use lsp_server::{Connection, Message, Notification, Request, RequestId};
use serde_json::json;

const FILES: usize = 32;
const BYTES_PER_FILE: usize = 32 * 1024;

struct Session {
    client: Connection,
    uri: String,
    texts: [String; 2],
    version: i32,
}

impl Session {
    fn start() -> Session {
        let dir = inputs::scratch_dir().join("lsp-project");
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("scratch dir");
        std::fs::write(dir.join("wf.toml"), "[project]\n").expect("write");
        let project = inputs::project(FILES, BYTES_PER_FILE);
        let total: usize = project.iter().map(|(_, text)| text.len()).sum();
        eprintln!("lsp bench: {} files, {:.2} MB", project.len(), total as f64 / 1e6);
        for (name, text) in &project {
            std::fs::write(dir.join(name), text).expect("write");
        }
        let (server, client) = Connection::memory();
        std::thread::spawn(move || wf::lsp::serve(&server));
        let root = format!("file://{}", dir.display());
        client
            .sender
            .send(Message::Request(Request::new(
                RequestId::from(1),
                "initialize".into(),
                json!({"rootUri": root, "capabilities": {}}),
            )))
            .expect("send");
        let uri = format!("{root}/{}", project[0].0);
        let clean = project[0].1.clone();
        let broken = clean.replacen("send_email(", "send_emial(", 1);
        assert_ne!(clean, broken, "the generated file has a send_email call to break");
        let session = Session {
            client,
            uri,
            texts: [clean, broken],
            version: 1,
        };
        session.notify("initialized", json!({}));
        session.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": session.uri, "languageId": "wf", "version": 1, "text": session.texts[0]}}),
        );
        // The project's first check publishes every file, the `didOpen`
        // this one again: both before the first edit.
        session.wait_for_diagnostics();
        session.wait_for_diagnostics();
        session
    }

    fn notify(&self, method: &str, params: serde_json::Value) {
        self.client
            .sender
            .send(Message::Notification(Notification::new(method.into(), params)))
            .expect("send");
    }

    fn wait_for_diagnostics(&self) -> usize {
        loop {
            match self
                .client
                .receiver
                .recv_timeout(Duration::from_secs(60))
                .expect("the server answers")
            {
                Message::Notification(n)
                    if n.method == "textDocument/publishDiagnostics" && n.params["uri"] == self.uri.as_str() =>
                {
                    return n.params["diagnostics"].as_array().map_or(0, Vec::len);
                }
                _ => {}
            }
        }
    }

    /// One edit and the wait for its diagnostics.
    fn edit(&mut self) -> Duration {
        self.version += 1;
        let text = &self.texts[(self.version % 2) as usize];
        let start = Instant::now();
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": self.uri, "version": self.version}, "contentChanges": [{"text": text}]}),
        );
        let count = self.wait_for_diagnostics();
        let elapsed = start.elapsed();
        assert_eq!(
            count > 0,
            self.version % 2 == 1,
            "the broken text has an error, the clean one none"
        );
        elapsed
    }
}

fn bench(c: &mut Criterion) {
    let mut session = Session::start();
    let mut group = c.benchmark_group("lsp");
    group.sample_size(30);
    group.bench_function("did_change_to_publish_1mb", |b| {
        b.iter_custom(|iters| (0..iters).map(|_| session.edit()).sum())
    });
    group.finish();

    let mut samples: Vec<Duration> = (0..200).map(|_| session.edit()).collect();
    samples.sort();
    let at = |q: f64| samples[((samples.len() - 1) as f64 * q).round() as usize];
    eprintln!(
        "lsp: didChange -> publishDiagnostics on a 1 MB project over 200 edits: best {:.1} ms, median {:.1} ms, p95 {:.1} ms, worst {:.1} ms (target: median <= 50 ms)",
        at(0.0).as_secs_f64() * 1e3,
        at(0.5).as_secs_f64() * 1e3,
        at(0.95).as_secs_f64() * 1e3,
        at(1.0).as_secs_f64() * 1e3,
    );
}

fn main() {
    let mut criterion = Criterion::default().configure_from_args();
    bench(&mut criterion);
    criterion.final_summary();
}
