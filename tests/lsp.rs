//! The language server over an in-memory connection (starlark-rust's style):
//! every capability of TOOLING.md §5 with exact ranges in both encodings,
//! and the server's survival of bad requests. `tests/lsp_stdio.rs` runs the
//! real binary.

use std::path::{Path, PathBuf};
use std::thread::JoinHandle;
use std::time::Duration;

use lsp_server::{Connection, Message, Notification, Request, RequestId, ResponseError};
use serde_json::{Value, json};

/// A response, as `result` or `error`.
struct Reply {
    result: Option<Value>,
    error: Option<ResponseError>,
}

struct Client {
    conn: Connection,
    server: Option<JoinHandle<Result<(), wf::lsp::ServerError>>>,
    next_id: i32,
    /// Notifications received while waiting for something else.
    pending: Vec<Notification>,
    pub capabilities: Value,
}

impl Client {
    fn start(utf8: bool, root: Option<&Path>) -> Client {
        let (server_side, client_side) = Connection::memory();
        let server = std::thread::spawn(move || wf::lsp::serve(&server_side));
        let mut client = Client {
            conn: client_side,
            server: Some(server),
            next_id: 0,
            pending: Vec::new(),
            capabilities: Value::Null,
        };
        let encodings = if utf8 {
            json!(["utf-8", "utf-16"])
        } else {
            json!(["utf-16"])
        };
        let root_uri = root.map(|r| format!("file://{}", r.display()));
        let response = client.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": root_uri,
                "capabilities": {"general": {"positionEncodings": encodings}},
            }),
        );
        client.capabilities = response.result.expect("initialize succeeds")["capabilities"].clone();
        client.notify("initialized", json!({}));
        client
    }

    fn request(&mut self, method: &str, params: Value) -> Reply {
        self.next_id += 1;
        let id = RequestId::from(self.next_id);
        self.conn
            .sender
            .send(Message::Request(Request::new(id.clone(), method.into(), params)))
            .expect("server is listening");
        loop {
            match self
                .conn
                .receiver
                .recv_timeout(Duration::from_secs(20))
                .expect("server answers")
            {
                Message::Response(response) if response.id == id => {
                    return match response.response_result {
                        Ok(result) => Reply {
                            result: Some(result),
                            error: None,
                        },
                        Err(error) => Reply {
                            result: None,
                            error: Some(error),
                        },
                    };
                }
                Message::Notification(notification) => self.pending.push(notification),
                other => panic!("unexpected message {other:?}"),
            }
        }
    }

    fn notify(&self, method: &str, params: Value) {
        self.conn
            .sender
            .send(Message::Notification(Notification::new(method.into(), params)))
            .expect("server is listening");
    }

    /// The next diagnostics published for `uri`.
    fn diagnostics(&mut self, uri: &str) -> Vec<Value> {
        if let Some(at) = self.pending.iter().position(|n| is_for(n, uri)) {
            let notification = self.pending.remove(at);
            return diagnostics_of(&notification);
        }
        loop {
            match self
                .conn
                .receiver
                .recv_timeout(Duration::from_secs(20))
                .expect("diagnostics arrive")
            {
                Message::Notification(notification) if is_for(&notification, uri) => {
                    return diagnostics_of(&notification);
                }
                Message::Notification(notification) => self.pending.push(notification),
                other => panic!("unexpected message {other:?}"),
            }
        }
    }

    fn open(&mut self, uri: &str, text: &str) -> Vec<Value> {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "wf", "version": 1, "text": text}}),
        );
        self.diagnostics(uri)
    }

    fn change(&mut self, uri: &str, version: i32, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}),
        );
    }

    fn at(&mut self, method: &str, uri: &str, line: u32, character: u32) -> Reply {
        self.request(
            method,
            json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}),
        )
    }

    fn shutdown(mut self) {
        let response = self.request("shutdown", Value::Null);
        assert!(response.error.is_none());
        self.notify("exit", Value::Null);
        let result = self
            .server
            .take()
            .expect("server thread")
            .join()
            .expect("server thread ends cleanly");
        assert!(result.is_ok(), "{result:?}");
    }
}

fn is_for(notification: &Notification, uri: &str) -> bool {
    notification.method == "textDocument/publishDiagnostics" && notification.params["uri"] == uri
}

fn diagnostics_of(notification: &Notification) -> Vec<Value> {
    notification.params["diagnostics"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

fn range(diagnostic: &Value) -> (u64, u64, u64, u64) {
    let r = &diagnostic["range"];
    let n = |v: &Value| v.as_u64().expect("a number");
    (
        n(&r["start"]["line"]),
        n(&r["start"]["character"]),
        n(&r["end"]["line"]),
        n(&r["end"]["character"]),
    )
}

/// An unknown function after non-ASCII text on its line: `a𐐀å` is 4 UTF-16
/// units and 7 UTF-8 bytes, so the columns differ by encoding.
const WIDE: &str = "workflow \"W\" {\r\n  object contact\r\n  enroll manually\r\n  if \"a\u{10400}å\" == uppr(firstname) {\r\n    stop\r\n  }\r\n}\r\n";

#[test]
fn diagnostics_have_exact_ranges_in_utf16() {
    let mut client = Client::start(false, None);
    assert_eq!(client.capabilities["positionEncoding"], "utf-16");
    let diagnostics = client.open("file:///w/wide.wf", WIDE);
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    // `  if "a𐐀å" == ` is 2 + 3 + 6 + 4 = 15 UTF-16 units.
    assert_eq!(range(&diagnostics[0]), (3, 15, 3, 19));
    assert_eq!(diagnostics[0]["source"], "wf");
    assert_eq!(diagnostics[0]["severity"], 1);
    assert!(diagnostics[0]["message"].as_str().unwrap_or("").contains("uppr"));
    client.shutdown();
}

#[test]
fn diagnostics_have_exact_ranges_in_utf8() {
    let mut client = Client::start(true, None);
    assert_eq!(client.capabilities["positionEncoding"], "utf-8");
    let diagnostics = client.open("file:///w/wide.wf", WIDE);
    // `a𐐀å` is 1 + 4 + 2 = 7 bytes: 2 + 3 + 9 + 4 = 18.
    assert_eq!(range(&diagnostics[0]), (3, 18, 3, 22));
    client.shutdown();
}

#[test]
fn diagnostics_clear_when_fixed_and_carry_code_and_tags() {
    let mut client = Client::start(false, None);
    let uri = "file:///w/a.wf";
    let broken = "workflow \"A\" {\n  object contact\n  enroll manually\n  send_emial(\"x\")\n}\n";
    let diagnostics = client.open(uri, broken);
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    assert_eq!(diagnostics[0]["code"], "E0201");
    assert_eq!(range(&diagnostics[0]), (3, 2, 3, 12));
    client.change(
        uri,
        2,
        "workflow \"A\" {\n  object contact\n  enroll manually\n  send_email(\"x\")\n}\n",
    );
    assert_eq!(client.diagnostics(uri), Vec::<Value>::new());
    // An unreachable step is tagged `Unnecessary` (1).
    client.change(
        uri,
        3,
        "workflow \"A\" {\n  object contact\n  enroll manually\n  stop\n  send_email(\"x\")\n}\n",
    );
    let diagnostics = client.diagnostics(uri);
    assert_eq!(diagnostics[0]["code"], "W0002");
    assert_eq!(diagnostics[0]["severity"], 2);
    assert_eq!(diagnostics[0]["tags"], json!([1]));
    client.shutdown();
}

#[test]
fn half_typed_text_gets_diagnostics_not_a_crash() {
    let mut client = Client::start(false, None);
    let uri = "file:///w/typing.wf";
    let mut text = String::new();
    let full =
        "workflow \"A\" {\n  object contact\n  enroll when score > 1\n  if score > (2 {\n    send_email(\"x\"\n  }\n";
    let mut version = 1;
    client.open(uri, "");
    for ch in full.chars() {
        text.push(ch);
        version += 1;
        client.change(uri, version, &text);
        let response = client.at("textDocument/hover", uri, 0, 0);
        assert!(response.error.is_none());
    }
    // Everything typed so far is broken: at least one error is shown.
    let diagnostics = loop {
        let found = client.diagnostics(uri);
        if client.pending.iter().all(|n| !is_for(n, uri)) {
            break found;
        }
    };
    assert!(!diagnostics.is_empty());
    client.shutdown();
}

#[test]
fn bad_requests_get_error_responses_and_the_server_lives() {
    let mut client = Client::start(false, None);
    let uri = "file:///w/a.wf";
    client.open(uri, "workflow \"A\" {\n  object contact\n  enroll manually\n}\n");
    // A line past the last: an error response.
    let response = client.at("textDocument/hover", uri, 99, 0);
    let error = response.error.expect("an error response");
    assert!(error.message.contains("inside the document"), "{}", error.message);
    // A character past a line's end means the line's end: no error.
    assert!(client.at("textDocument/hover", uri, 0, 500).error.is_none());
    // An unknown method.
    let response = client.request("wf/unknown", json!({}));
    assert_eq!(
        response.error.expect("an error").code,
        lsp_server::ErrorCode::MethodNotFound as i32
    );
    // Malformed parameters.
    let response = client.request("textDocument/hover", json!({"textDocument": 5}));
    assert_eq!(
        response.error.expect("an error").code,
        lsp_server::ErrorCode::InvalidParams as i32
    );
    // A document nobody opened.
    let response = client.at("textDocument/hover", "file:///nowhere.wf", 0, 0);
    assert!(response.error.expect("an error").message.contains("not open"));
    // Still serving.
    assert!(client.at("textDocument/hover", uri, 1, 3).error.is_none());
    client.shutdown();
}

const PROJECT_A: &str = r#"workflow "Nurture" {
  object contact
  timezone "Europe/Stockholm"
  enroll when score > 10
  let hook = webhook(url: "https://example.com")
  first: send_email("welcome {{ firstname }}")
  delay until tuesday 09:00
  if hook.status == 200 {
    goto first
  }
  enroll in workflow "Handoff"
}
"#;

const PROJECT_B: &str = r#"workflow "Handoff" {
  object contact
  enroll manually
  set lifecyclestage = "lead"
}
"#;

fn project(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("wf-lsp-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("flows")).expect("temp dir");
    std::fs::write(dir.join("wf.toml"), "[project]\nschema = \"schema.json\"\n").expect("write");
    std::fs::write(
        dir.join("schema.json"),
        r#"{"objects": {"contact": {"properties": {"score": "number", "firstname": "string", "lifecyclestage": "string"}, "associations": ["company"]},
            "company": {"properties": {"name": "string"}}}}"#,
    )
    .expect("write");
    std::fs::write(dir.join("flows/a.wf"), PROJECT_A).expect("write");
    std::fs::write(dir.join("flows/b.wf"), PROJECT_B).expect("write");
    dir
}

fn uri(dir: &Path, file: &str) -> String {
    format!("file://{}/{file}", dir.display())
}

fn position_of(text: &str, needle: &str, extra: u32) -> (u32, u32) {
    let offset = text.find(needle).expect("needle in text");
    let line = text[..offset].matches('\n').count() as u32;
    let column = (offset - text[..offset].rfind('\n').map_or(0, |i| i + 1)) as u32;
    (line, column + extra)
}

#[test]
fn hover_explains_actions_properties_symbols_and_delays() {
    let dir = project("hover");
    let mut client = Client::start(false, Some(&dir));
    let a = uri(&dir, "flows/a.wf");
    client.open(&a, PROJECT_A);
    let hover = |client: &mut Client, needle: &str, extra: u32| {
        let (line, character) = position_of(PROJECT_A, needle, extra);
        let response = client.at("textDocument/hover", &a, line, character);
        response.result.expect("a result")["contents"]["value"]
            .as_str()
            .unwrap_or("")
            .to_string()
    };
    let action = hover(&mut client, "send_email", 2);
    assert!(
        action.contains("send_email(") && action.contains("**Parameters**"),
        "{action}"
    );
    let property = hover(&mut client, "score > 10", 1);
    assert!(
        property.contains("property `score` of `contact`: `number`"),
        "{property}"
    );
    let label = hover(&mut client, "goto first", 6);
    assert!(label.contains("label `first`, defined at flows/a.wf:6"), "{label}");
    let workflow = hover(&mut client, "\"Handoff\"", 2);
    assert!(
        workflow.contains("workflow `Handoff`, defined at flows/b.wf:1"),
        "{workflow}"
    );
    let delay = hover(&mut client, "delay until", 3);
    assert!(
        delay.contains("tuesday 09:00") && delay.contains("Europe/Stockholm"),
        "{delay}"
    );
    let output = hover(&mut client, "hook.status", 6);
    assert!(output.contains("output `status` of `webhook`"), "{output}");
    client.shutdown();
}

fn labels(response: Reply) -> Vec<String> {
    let result = response.result.expect("a result");
    let items = result
        .as_array()
        .cloned()
        .or_else(|| result["items"].as_array().cloned())
        .unwrap_or_default();
    items
        .iter()
        .map(|i| i["label"].as_str().unwrap_or("").to_string())
        .collect()
}

#[test]
fn completion_knows_every_context() {
    let dir = project("completion");
    let mut client = Client::start(false, Some(&dir));
    let a = uri(&dir, "flows/a.wf");
    let text = "workflow \"X\" {\n  object contact\n  enroll manually\n  top: send_email(\"x\")\n  \n}\n";
    client.open(&a, text);
    let complete = |client: &mut Client, line_text: &str| {
        let with = text.replacen("  \n}", &format!("  {line_text}\n}}"), 1);
        client.change(&a, 2, &with);
        labels(client.at(
            "textDocument/completion",
            &a,
            4,
            2 + line_text.encode_utf16().count() as u32,
        ))
    };
    let start = complete(&mut client, "");
    assert!(
        start.contains(&"send_email".to_string()) && start.contains(&"if".to_string()),
        "{start:?}"
    );
    assert!(start.contains(&"delay until event".to_string()));
    let params = complete(&mut client, "create_task(");
    assert!(params.contains(&"title".to_string()), "{params:?}");
    let goto = complete(&mut client, "goto ");
    assert_eq!(goto, vec!["top".to_string()]);
    let workflows = complete(&mut client, "enroll in workflow \"");
    assert!(
        workflows.contains(&"Handoff".to_string()) && workflows.contains(&"X".to_string()),
        "{workflows:?}"
    );
    let weekdays = complete(&mut client, "delay until ");
    assert!(weekdays.contains(&"tuesday".to_string()) && weekdays.contains(&"weekday".to_string()));
    let zones = complete(&mut client, "timezone \"Europe/");
    assert!(zones.contains(&"Europe/Stockholm".to_string()));
    let props = complete(&mut client, "set score = ");
    assert!(
        props.contains(&"firstname".to_string()) && props.contains(&"company.".to_string()),
        "{props:?}"
    );
    let assoc = complete(&mut client, "set firstname = company.");
    assert_eq!(assoc, vec!["name".to_string()]);
    client.shutdown();
}

#[test]
fn definition_references_rename_and_symbols() {
    let dir = project("definition");
    let mut client = Client::start(false, Some(&dir));
    let a = uri(&dir, "flows/a.wf");
    let b = uri(&dir, "flows/b.wf");
    client.open(&a, PROJECT_A);
    // Definition of a workflow in another file (not open: read from disk).
    let (line, character) = position_of(PROJECT_A, "\"Handoff\"", 1);
    let definition = client
        .at("textDocument/definition", &a, line, character)
        .result
        .expect("a result");
    assert_eq!(definition["uri"], b);
    assert_eq!(
        definition["range"],
        json!({"start": {"line": 0, "character": 10}, "end": {"line": 0, "character": 17}})
    );
    // References of a label, with and without its declaration.
    let (line, character) = position_of(PROJECT_A, "goto first", 6);
    let refs = |client: &mut Client, declaration: bool| {
        client
            .request(
                "textDocument/references",
                json!({"textDocument": {"uri": a}, "position": {"line": line, "character": character},
                       "context": {"includeDeclaration": declaration}}),
            )
            .result
            .expect("a result")
            .as_array()
            .map_or(0, Vec::len)
    };
    assert_eq!(refs(&mut client, true), 2);
    assert_eq!(refs(&mut client, false), 1);
    // Rename a workflow: its definition in b.wf and the reference in a.wf.
    let (line, character) = position_of(PROJECT_A, "\"Handoff\"", 1);
    let edit = client
        .request(
            "textDocument/rename",
            json!({"textDocument": {"uri": a}, "position": {"line": line, "character": character}, "newName": "Sales handoff"}),
        )
        .result
        .expect("a result");
    assert_eq!(edit["changes"][&a][0]["newText"], "Sales handoff");
    assert_eq!(
        edit["changes"][&b][0]["range"]["start"],
        json!({"line": 0, "character": 10})
    );
    // A label may not be renamed to a keyword.
    let (line, character) = position_of(PROJECT_A, "first:", 1);
    let refused = client.request(
        "textDocument/rename",
        json!({"textDocument": {"uri": a}, "position": {"line": line, "character": character}, "newName": "stop"}),
    );
    assert!(refused.error.expect("refused").message.contains("not a valid name"));
    // The outline: the workflow and its label.
    let symbols = client
        .request("textDocument/documentSymbol", json!({"textDocument": {"uri": a}}))
        .result
        .expect("a result");
    assert_eq!(symbols[0]["name"], "Nurture");
    let children: Vec<&str> = symbols[0]["children"]
        .as_array()
        .expect("children")
        .iter()
        .map(|c| c["name"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(children, vec!["hook", "first"]);
    client.shutdown();
}

#[test]
fn project_files_not_open_get_diagnostics_too() {
    let dir = project("closed");
    std::fs::write(
        dir.join("flows/c.wf"),
        "workflow \"C\" {\n  object contact\n  enroll manually\n  enroll in workflow \"Nobody\"\n}\n",
    )
    .expect("write");
    let mut client = Client::start(false, Some(&dir));
    let c = uri(&dir, "flows/c.wf");
    let diagnostics = client.diagnostics(&c);
    assert_eq!(diagnostics.len(), 1);
    assert_eq!(diagnostics[0]["code"], "E0307");
    client.shutdown();
}

#[test]
fn quick_fixes_come_from_the_diagnostics_fixes() {
    let mut client = Client::start(true, None);
    let uri = "file:///w/fix.wf";
    let text = "workflow \"A\" {\n  object contact\n  enroll manually\n  send_emial(\"å\")\n}\n";
    let diagnostics = client.open(uri, text);
    assert_eq!(diagnostics[0]["code"], "E0201");
    let actions = client
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri},
                   "range": {"start": {"line": 3, "character": 4}, "end": {"line": 3, "character": 4}},
                   "context": {"diagnostics": []}}),
        )
        .result
        .expect("a result");
    let actions = actions.as_array().expect("a list");
    assert_eq!(actions.len(), 1, "{actions:?}");
    assert_eq!(actions[0]["kind"], "quickfix");
    assert_eq!(actions[0]["isPreferred"], true);
    assert!(
        actions[0]["title"].as_str().unwrap_or("").contains("send_email"),
        "{}",
        actions[0]["title"]
    );
    let edit = &actions[0]["edit"]["changes"][uri][0];
    assert_eq!(edit["newText"], "send_email");
    assert_eq!(
        edit["range"],
        json!({"start": {"line": 3, "character": 2}, "end": {"line": 3, "character": 12}})
    );
    // Away from the diagnostic: no quick fix.
    let none = client
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri},
                   "range": {"start": {"line": 1, "character": 0}, "end": {"line": 1, "character": 1}},
                   "context": {"diagnostics": []}}),
        )
        .result
        .expect("a result");
    assert_eq!(none, json!([]));
    client.shutdown();
}

#[test]
fn formatting_gives_the_canonical_layout_and_refuses_broken_files() {
    let mut client = Client::start(false, None);
    let uri = "file:///w/ugly.wf";
    let ugly = "workflow \"A\" {\r\n object contact\r\n enroll manually  # in\r\n    send_email( \"x\" )\r\n}\r\n";
    client.open(uri, ugly);
    let format = |client: &mut Client| {
        client.request(
            "textDocument/formatting",
            json!({"textDocument": {"uri": uri}, "options": {"tabSize": 2, "insertSpaces": true}}),
        )
    };
    let edits = format(&mut client).result.expect("a result");
    assert_eq!(
        edits[0]["range"],
        json!({"start": {"line": 0, "character": 0}, "end": {"line": 5, "character": 0}})
    );
    assert_eq!(
        edits[0]["newText"],
        "workflow \"A\" {\r\n  object contact\r\n  enroll manually # in\r\n  send_email(\"x\")\r\n}\r\n"
    );
    client.change(uri, 2, "workflow \"A\" {\n  object contact\n  send_email(\n}\n");
    let refused = format(&mut client).error.expect("refused");
    assert!(refused.message.contains("not formatted"), "{}", refused.message);
    client.shutdown();
}
