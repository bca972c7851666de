//! The real `wf lsp` binary over stdio: initialize -> didOpen -> diagnostics
//! -> hover -> completion -> formatting -> shutdown -> exit, exit code 0;
//! and a malformed frame answered with a parse error while the server lives.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{ChildStdin, ChildStdout, Command, Stdio};

use serde_json::{Value, json};

fn send(stdin: &mut ChildStdin, message: &Value) {
    let body = message.to_string();
    write!(stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).expect("server reads");
    stdin.flush().expect("flush");
}

fn receive(stdout: &mut BufReader<ChildStdout>) -> Value {
    let mut length = 0;
    loop {
        let mut line = String::new();
        assert!(
            stdout.read_line(&mut line).expect("server writes") > 0,
            "server closed its output"
        );
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(value) = line.strip_prefix("Content-Length:") {
            length = value.trim().parse().expect("a length");
        }
    }
    let mut body = vec![0; length];
    stdout.read_exact(&mut body).expect("a body");
    serde_json::from_slice(&body).expect("JSON from the server")
}

/// Reads messages until the response with `id`, skipping notifications.
fn response(stdout: &mut BufReader<ChildStdout>, id: i64) -> Value {
    loop {
        let message = receive(stdout);
        if message["id"] == id {
            return message;
        }
    }
}

#[test]
fn the_binary_serves_a_session_and_exits_zero() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_wf"))
        .arg("lsp")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("wf lsp starts");
    let mut stdin = child.stdin.take().expect("stdin");
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));

    send(
        &mut stdin,
        &json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}}),
    );
    let init = response(&mut stdout, 1);
    assert_eq!(init["result"]["capabilities"]["positionEncoding"], "utf-16");
    assert_eq!(init["result"]["capabilities"]["hoverProvider"], true);
    send(
        &mut stdin,
        &json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}),
    );

    // A malformed frame: a parse error with id null, and the server lives.
    let garbage = "{not json";
    write!(stdin, "Content-Length: {}\r\n\r\n{garbage}", garbage.len()).expect("write");
    stdin.flush().expect("flush");
    let error = receive(&mut stdout);
    assert_eq!(error["id"], Value::Null);
    assert_eq!(error["error"]["code"], -32700);

    let uri = "file:///tmp/stdio-test.wf";
    let text = "workflow \"A\" {\n  object contact\n  enroll manually\n  send_emial(\"x\")\n}\n";
    send(
        &mut stdin,
        &json!({"jsonrpc": "2.0", "method": "textDocument/didOpen",
                "params": {"textDocument": {"uri": uri, "languageId": "wf", "version": 1, "text": text}}}),
    );
    let published = receive(&mut stdout);
    assert_eq!(published["method"], "textDocument/publishDiagnostics");
    assert_eq!(published["params"]["diagnostics"][0]["code"], "E0201");
    assert_eq!(
        published["params"]["diagnostics"][0]["range"]["start"],
        json!({"line": 3, "character": 2})
    );

    let at = |line: u32, character: u32| json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}});
    send(
        &mut stdin,
        &json!({"jsonrpc": "2.0", "id": 2, "method": "textDocument/hover", "params": at(2, 4)}),
    );
    let hover = response(&mut stdout, 2);
    assert!(hover.get("error").is_none(), "{hover}");

    send(
        &mut stdin,
        &json!({"jsonrpc": "2.0", "id": 3, "method": "textDocument/completion", "params": at(3, 2)}),
    );
    let completion = response(&mut stdout, 3);
    let labels: Vec<&str> = completion["result"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|i| i["label"].as_str())
        .collect();
    assert!(labels.contains(&"send_email"), "{labels:?}");

    send(
        &mut stdin,
        &json!({"jsonrpc": "2.0", "id": 4, "method": "textDocument/formatting",
                "params": {"textDocument": {"uri": uri}, "options": {"tabSize": 2, "insertSpaces": true}}}),
    );
    let formatting = response(&mut stdout, 4);
    assert!(
        formatting.get("result").is_some() || formatting.get("error").is_some(),
        "{formatting}"
    );

    send(&mut stdin, &json!({"jsonrpc": "2.0", "id": 5, "method": "shutdown"}));
    let shutdown = response(&mut stdout, 5);
    assert!(shutdown.get("error").is_none(), "{shutdown}");
    send(&mut stdin, &json!({"jsonrpc": "2.0", "method": "exit"}));
    drop(stdin);
    let status = child.wait().expect("wf lsp ends");
    assert_eq!(status.code(), Some(0));
}
