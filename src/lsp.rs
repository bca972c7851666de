//! The language server (`wf lsp`, TOOLING.md §5): LSP 3.17 over stdio with
//! `lsp-server`/`lsp-types`, synchronous like the compiler it serves.
//!
//! The protocol glue lives here; the answers come from [`workspace`] (texts,
//! cached parses, the project check), [`query`] (names in an AST) and
//! [`features`] (hover, completion, definitions, renames). No input ends the
//! server: a malformed message gets a JSON-RPC error, a bad position an error
//! response, an unknown method `MethodNotFound`, and a handler that fails is
//! answered with `InternalError` while the server lives on.

pub mod features;
pub mod line_index;
pub mod query;
pub mod workspace;

use std::io::{BufRead, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;

use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidCloseTextDocument, DidOpenTextDocument, Notification as _, PublishDiagnostics,
};
use lsp_types::request::{
    CodeActionRequest, Completion, DocumentSymbolRequest, Formatting, GotoDefinition, HoverRequest, References, Rename,
    Request as _,
};
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, CompletionParams, CompletionResponse,
    Diagnostic as LspDiagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, DiagnosticTag,
    DidChangeTextDocumentParams, DidCloseTextDocumentParams, DidOpenTextDocumentParams, DocumentFormattingParams,
    DocumentSymbol, DocumentSymbolParams, DocumentSymbolResponse, GotoDefinitionParams, GotoDefinitionResponse, Hover,
    HoverContents, HoverParams, InitializeParams, Location, MarkupContent, MarkupKind, NumberOrString, OneOf, Position,
    PositionEncodingKind, PublishDiagnosticsParams, Range, ReferenceParams, RenameParams, ServerCapabilities,
    SymbolKind as LspSymbolKind, TextDocumentSyncCapability, TextDocumentSyncKind, TextEdit, Uri, WorkspaceEdit,
};
use serde_json::Value;

pub use line_index::{Encoding, LineIndex};
use workspace::{Document, Workspace};

use crate::diagnostics::{Diagnostic, Severity};
use crate::syntax::span::Span;

/// Why the server stopped other than by `shutdown` + `exit`.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    /// The connection broke or the client broke the protocol's framing.
    #[error("the language client connection failed: {0}; restart the editor's language client")]
    Protocol(String),
}

/// The server's state between messages.
pub struct Server {
    workspace: Workspace,
    encoding: Encoding,
    /// What each file was last sent, to publish only changes.
    published: std::collections::HashMap<String, Vec<LspDiagnostic>>,
    /// The last check's diagnostics by URI, for code actions.
    diagnostics: std::collections::HashMap<String, Vec<Diagnostic>>,
    /// Documents the editor opened or changed since the last check: their
    /// diagnostics are sent even when unchanged, as the answer to the edit.
    touched: std::collections::HashSet<String>,
}

/// Serves the editor on standard input and output until `exit`.
pub fn run_stdio() -> Result<(), ServerError> {
    let (server_side, client_side) = Connection::memory();
    let Connection { sender, receiver } = client_side;
    // The writer: every message the server sends, framed on stdout (locked
    // per message, so the reader can answer a malformed frame in between).
    let writer = std::thread::spawn(move || {
        for message in receiver {
            let mut stdout = std::io::stdout().lock();
            if message.write(&mut stdout).is_err() || stdout.flush().is_err() {
                break;
            }
        }
    });
    // The reader: frames from stdin; a malformed one is answered with a
    // JSON-RPC parse error (id `null`) and skipped, never the end of the server.
    std::thread::spawn(move || {
        let mut stdin = std::io::stdin().lock();
        loop {
            let problem = match read_frame(&mut stdin) {
                Ok(Some(body)) => match serde_json::from_slice::<Message>(&body) {
                    Ok(message) => {
                        if sender.send(message).is_err() {
                            break;
                        }
                        continue;
                    }
                    Err(error) => format!("malformed message: {error}; send a JSON-RPC 2.0 request or notification"),
                },
                Ok(None) => break,
                Err(FrameError::End) => break,
                Err(FrameError::Bad(problem)) => problem,
            };
            let body = serde_json::json!({
                "jsonrpc": "2.0",
                "id": null,
                "error": {"code": ErrorCode::ParseError as i32, "message": problem},
            })
            .to_string();
            let mut stdout = std::io::stdout().lock();
            let _ = write!(stdout, "Content-Length: {}\r\n\r\n{body}", body.len());
            let _ = stdout.flush();
        }
    });
    let result = serve(&server_side);
    drop(server_side);
    let _ = writer.join();
    result
}

/// The largest message the server reads (a 64 MiB document is far past any
/// workflow project); a bigger one is refused and skipped.
const MAX_MESSAGE: usize = 64 << 20;

/// Why a frame could not be read.
enum FrameError {
    /// Standard input failed: nothing more will come.
    End,
    /// A frame broke the rules; the next one may be fine.
    Bad(String),
}

/// Reads one `Content-Length` frame; `Ok(None)` at the end of input.
fn read_frame(input: &mut impl BufRead) -> Result<Option<Vec<u8>>, FrameError> {
    let mut length = None;
    let mut header = Vec::new();
    loop {
        header.clear();
        // A header line is short: read at most 1 KiB of it.
        let read = std::io::Read::take(&mut *input, 1024)
            .read_until(b'\n', &mut header)
            .map_err(|_| FrameError::End)?;
        if read == 0 {
            return Ok(None);
        }
        let line = String::from_utf8_lossy(&header);
        let line = line.trim_end();
        if line.is_empty() {
            if length.is_some() {
                break;
            }
            continue;
        }
        if let Some(value) = line.strip_prefix("Content-Length:") {
            length = value.trim().parse::<usize>().ok();
        }
    }
    let length = length.ok_or_else(|| FrameError::Bad("a frame without a valid `Content-Length` header".into()))?;
    if length > MAX_MESSAGE {
        std::io::copy(
            &mut std::io::Read::take(&mut *input, length as u64),
            &mut std::io::sink(),
        )
        .map_err(|_| FrameError::End)?;
        return Err(FrameError::Bad(format!(
            "a message of {length} bytes is over the limit of {MAX_MESSAGE} bytes; split the document"
        )));
    }
    let mut body = vec![0; length];
    input.read_exact(&mut body).map_err(|_| FrameError::End)?;
    Ok(Some(body))
}

/// The capabilities the server announces, for `encoding`.
pub fn capabilities(encoding: Encoding) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(match encoding {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
        }),
        text_document_sync: Some(TextDocumentSyncCapability::Kind(TextDocumentSyncKind::FULL)),
        hover_provider: Some(lsp_types::HoverProviderCapability::Simple(true)),
        completion_provider: Some(lsp_types::CompletionOptions {
            trigger_characters: Some(vec![".".into(), "\"".into(), "(".into(), " ".into()]),
            ..Default::default()
        }),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        rename_provider: Some(OneOf::Left(true)),
        document_symbol_provider: Some(OneOf::Left(true)),
        document_formatting_provider: Some(OneOf::Left(true)),
        code_action_provider: Some(lsp_types::CodeActionProviderCapability::Simple(true)),
        ..ServerCapabilities::default()
    }
}

/// Runs the protocol on `connection`: initialize, then messages until
/// `shutdown` and `exit`.
pub fn serve(connection: &Connection) -> Result<(), ServerError> {
    let (id, params) = connection
        .initialize_start()
        .map_err(|e| ServerError::Protocol(e.to_string()))?;
    let params: InitializeParams = serde_json::from_value(params).unwrap_or_default();
    let offers_utf8 = params
        .capabilities
        .general
        .as_ref()
        .and_then(|general| general.position_encodings.as_ref())
        .is_some_and(|encodings| encodings.contains(&PositionEncodingKind::UTF8));
    let encoding = if offers_utf8 { Encoding::Utf8 } else { Encoding::Utf16 };
    let result = serde_json::json!({
        "capabilities": capabilities(encoding),
        "serverInfo": {"name": "wf", "version": env!("CARGO_PKG_VERSION")},
    });
    connection
        .initialize_finish(id, result)
        .map_err(|e| ServerError::Protocol(e.to_string()))?;

    let mut server = Server {
        workspace: Workspace::default(),
        encoding,
        published: Default::default(),
        diagnostics: Default::default(),
        touched: Default::default(),
    };
    server.load_project(root_of(&params));
    server.publish(connection);

    for message in &connection.receiver {
        match message {
            Message::Request(request) => {
                match connection.handle_shutdown(&request) {
                    Ok(true) => return Ok(()),
                    Ok(false) => {}
                    Err(error) => return Err(ServerError::Protocol(error.to_string())),
                }
                let id = request.id.clone();
                let response = match catch_unwind(AssertUnwindSafe(|| server.request(request))) {
                    Ok(response) => response,
                    Err(_) => Response::new_err(
                        id,
                        ErrorCode::InternalError as i32,
                        "internal error while answering; the server goes on — please report the file that caused it"
                            .into(),
                    ),
                };
                let _ = connection.sender.send(Message::Response(response));
            }
            Message::Notification(notification) => {
                if notification.method == "exit" {
                    return Ok(());
                }
                let changed = catch_unwind(AssertUnwindSafe(|| server.notification(notification))).unwrap_or(false);
                if changed {
                    server.publish(connection);
                }
            }
            Message::Response(_) => {}
        }
    }
    Ok(())
}

fn root_of(params: &InitializeParams) -> Option<PathBuf> {
    let from_folders = params
        .workspace_folders
        .as_ref()
        .and_then(|folders| folders.first())
        .and_then(|folder| workspace::uri_to_path(&folder.uri));
    #[allow(deprecated)]
    let from_root = params.root_uri.as_ref().and_then(workspace::uri_to_path);
    from_folders.or(from_root)
}

impl Server {
    /// A server over `workspace` (for tests and benches that skip the protocol).
    pub fn new(workspace: Workspace, encoding: Encoding) -> Server {
        Server {
            workspace,
            encoding,
            published: Default::default(),
            diagnostics: Default::default(),
            touched: Default::default(),
        }
    }

    /// Loads the project of the `wf.toml` at or above `folder`, if there is
    /// one (TOOLING.md §1, the same resolution as `wf check`). A broken
    /// `wf.toml` leaves the open files alone, checked without its options.
    fn load_project(&mut self, folder: Option<PathBuf>) {
        let Some(folder) = folder else { return };
        let Ok(project) = crate::project::resolve_with(&[], &folder, None) else {
            return;
        };
        let Some(root) = project.root().map(PathBuf::from) else {
            return;
        };
        self.workspace.root = Some(root.clone());
        for file in &project.files {
            if let (Some(path), Ok(text)) = (&file.path, file.text()) {
                let path = if path.is_absolute() {
                    path.clone()
                } else {
                    folder.join(path)
                };
                self.workspace.add_from_disk(&path, text.to_string());
            }
        }
        let schema = project.schema.as_ref().and_then(|path| {
            let path = if path.is_absolute() {
                path.clone()
            } else {
                folder.join(path)
            };
            let text = std::fs::read_to_string(&path).ok()?;
            Some((path.display().to_string(), text))
        });
        let schema = schema.as_ref().map(|(name, text)| (name.as_str(), text.as_str()));
        if let Ok(options) = crate::check::CheckOptions::load(schema, &project.plans) {
            self.workspace.options = options;
        }
    }

    fn notification(&mut self, notification: Notification) -> bool {
        match notification.method.as_str() {
            DidOpenTextDocument::METHOD => {
                match notification.extract::<DidOpenTextDocumentParams>(DidOpenTextDocument::METHOD) {
                    Ok(params) => {
                        self.touched.insert(params.text_document.uri.as_str().to_string());
                        self.workspace.open(params.text_document.uri, params.text_document.text);
                        true
                    }
                    Err(_) => false,
                }
            }
            DidChangeTextDocument::METHOD => {
                match notification.extract::<DidChangeTextDocumentParams>(DidChangeTextDocument::METHOD) {
                    // Full sync: the last change holds the whole text.
                    Ok(params) => match params.content_changes.into_iter().last() {
                        Some(change) if change.range.is_none() => {
                            self.touched.insert(params.text_document.uri.as_str().to_string());
                            if !self.workspace.change(&params.text_document.uri, change.text.clone()) {
                                self.workspace.open(params.text_document.uri, change.text);
                            }
                            true
                        }
                        _ => false,
                    },
                    Err(_) => false,
                }
            }
            DidCloseTextDocument::METHOD => {
                match notification.extract::<DidCloseTextDocumentParams>(DidCloseTextDocument::METHOD) {
                    Ok(params) => {
                        let uri = params.text_document.uri;
                        if self.workspace.close(&uri) {
                            // Gone from the project: `check` clears what it showed.
                            self.diagnostics.remove(uri.as_str());
                        }
                        true
                    }
                    Err(_) => false,
                }
            }
            _ => false,
        }
    }

    /// Re-checks the project and sends every file whose diagnostics changed
    /// (an empty list clears a file).
    pub fn publish(&mut self, connection: &Connection) {
        for (uri, diagnostics) in self.check() {
            let params = PublishDiagnosticsParams {
                uri,
                diagnostics,
                version: None,
            };
            let _ = connection.sender.send(Message::Notification(Notification::new(
                PublishDiagnostics::METHOD.into(),
                params,
            )));
        }
    }

    /// Checks the project: the files whose diagnostics changed, with them.
    pub fn check(&mut self) -> Vec<(Uri, Vec<LspDiagnostic>)> {
        let per_file = self.workspace.check();
        let mut out = Vec::new();
        let mut live = std::collections::HashSet::new();
        for (id, diagnostics) in per_file.into_iter().enumerate() {
            let Some(doc) = self.workspace.by_id(id) else { continue };
            let converted: Vec<LspDiagnostic> = diagnostics.iter().map(|d| self.to_lsp(d)).collect();
            let key = doc.uri.as_str().to_string();
            live.insert(key.clone());
            if self.touched.remove(&key) || self.published.get(&key) != Some(&converted) {
                out.push((doc.uri.clone(), converted.clone()));
                self.published.insert(key.clone(), converted);
            }
            self.diagnostics.insert(key, diagnostics);
        }
        // Files that left the project: clear them once.
        let gone: Vec<String> = self.published.keys().filter(|k| !live.contains(*k)).cloned().collect();
        for key in gone {
            if let Some(previous) = self.published.remove(&key)
                && !previous.is_empty()
                && let Ok(uri) = key.parse::<Uri>()
            {
                out.push((uri, Vec::new()));
            }
        }
        out
    }

    fn range(&self, doc: &Document, span: Span) -> Range {
        Range::new(
            doc.index.position(&doc.text, span.start as usize, self.encoding),
            doc.index.position(&doc.text, span.end as usize, self.encoding),
        )
    }

    fn to_lsp(&self, diagnostic: &Diagnostic) -> LspDiagnostic {
        let doc = self.workspace.by_id(diagnostic.primary.file);
        let range = doc
            .map(|doc| self.range(doc, diagnostic.primary.span))
            .unwrap_or_default();
        let mut message = diagnostic.message.clone();
        if !diagnostic.primary.message.is_empty() {
            message.push_str(&format!(": {}", diagnostic.primary.message));
        }
        for note in diagnostic.help_lines() {
            message.push('\n');
            message.push_str(&note);
        }
        let related: Vec<DiagnosticRelatedInformation> = diagnostic
            .secondary
            .iter()
            .filter_map(|label| {
                let doc = self.workspace.by_id(label.file)?;
                Some(DiagnosticRelatedInformation {
                    location: Location::new(doc.uri.clone(), self.range(doc, label.span)),
                    message: label.message.clone(),
                })
            })
            .collect();
        let tags = match diagnostic.code {
            // Unreachable steps and unused `let`s: editors grey them out.
            "W0002" | "W0004" => Some(vec![DiagnosticTag::UNNECESSARY]),
            _ => None,
        };
        LspDiagnostic {
            range,
            severity: Some(match diagnostic.severity {
                Severity::Error => DiagnosticSeverity::ERROR,
                Severity::Warning => DiagnosticSeverity::WARNING,
            }),
            code: Some(NumberOrString::String(diagnostic.code.to_string())),
            source: Some("wf".into()),
            message,
            related_information: (!related.is_empty()).then_some(related),
            tags,
            ..LspDiagnostic::default()
        }
    }

    /// The document at `uri` and the byte offset of `position` in it.
    fn locate(&self, uri: &Uri, position: Position) -> Result<(&Document, usize), Response> {
        let doc = self.workspace.get(uri).ok_or_else(|| {
            error(format!(
                "`{}` is not open; open the document before asking about it",
                uri.as_str()
            ))
        })?;
        let offset = doc
            .index
            .offset(&doc.text, position, self.encoding)
            .map_err(|e| error(e.to_string()))?;
        Ok((doc, offset))
    }

    /// Answers one request.
    pub fn request(&mut self, request: Request) -> Response {
        let id = request.id.clone();
        let result = match request.method.as_str() {
            HoverRequest::METHOD => params::<HoverParams>(request).and_then(|p| self.hover(p)),
            Completion::METHOD => params::<CompletionParams>(request).and_then(|p| self.completion(p)),
            GotoDefinition::METHOD => params::<GotoDefinitionParams>(request).and_then(|p| self.definition(p)),
            References::METHOD => params::<ReferenceParams>(request).and_then(|p| self.references(p)),
            Rename::METHOD => params::<RenameParams>(request).and_then(|p| self.rename(p)),
            DocumentSymbolRequest::METHOD => params::<DocumentSymbolParams>(request).and_then(|p| self.symbols(p)),
            Formatting::METHOD => params::<DocumentFormattingParams>(request).and_then(|p| self.formatting(p)),
            CodeActionRequest::METHOD => params::<CodeActionParams>(request).and_then(|p| self.code_actions(p)),
            other => Err(Response::new_err(
                id.clone(),
                ErrorCode::MethodNotFound as i32,
                format!("`{other}` is not a method `wf lsp` serves"),
            )),
        };
        match result {
            Ok(value) => Response::new_ok(id, value),
            Err(mut response) => {
                response.id = id;
                response
            }
        }
    }

    fn hover(&self, p: HoverParams) -> Result<Value, Response> {
        let (doc, offset) = self.locate(
            &p.text_document_position_params.text_document.uri,
            p.text_document_position_params.position,
        )?;
        Ok(match features::hover(&self.workspace, doc, offset) {
            Some((markdown, span)) => json(Hover {
                contents: HoverContents::Markup(MarkupContent {
                    kind: MarkupKind::Markdown,
                    value: markdown,
                }),
                range: Some(self.range(doc, span)),
            }),
            None => Value::Null,
        })
    }

    fn completion(&self, p: CompletionParams) -> Result<Value, Response> {
        let (doc, offset) = self.locate(
            &p.text_document_position.text_document.uri,
            p.text_document_position.position,
        )?;
        Ok(json(CompletionResponse::Array(features::complete(
            &self.workspace,
            doc,
            offset,
        ))))
    }

    fn location(&self, place: &features::Place) -> Option<Location> {
        let doc = self.workspace.get(&place.uri)?;
        Some(Location::new(place.uri.clone(), self.range(doc, place.span)))
    }

    fn definition(&self, p: GotoDefinitionParams) -> Result<Value, Response> {
        let (doc, offset) = self.locate(
            &p.text_document_position_params.text_document.uri,
            p.text_document_position_params.position,
        )?;
        let found = features::symbol_at(doc, offset)
            .and_then(|occurrence| features::definition(&self.workspace, doc, &occurrence))
            .and_then(|place| self.location(&place));
        Ok(match found {
            Some(location) => json(GotoDefinitionResponse::Scalar(location)),
            None => Value::Null,
        })
    }

    fn references(&self, p: ReferenceParams) -> Result<Value, Response> {
        let (doc, offset) = self.locate(
            &p.text_document_position.text_document.uri,
            p.text_document_position.position,
        )?;
        let Some(occurrence) = features::symbol_at(doc, offset) else {
            return Ok(Value::Null);
        };
        let locations: Vec<Location> = features::references(&self.workspace, doc, &occurrence)
            .into_iter()
            .filter(|(_, definition)| p.context.include_declaration || !definition)
            .filter_map(|(place, _)| self.location(&place))
            .collect();
        Ok(json(locations))
    }

    // `WorkspaceEdit` keys its map by `Uri`, whose parsed form clippy takes
    // for interior mutability; the key is never changed in the map.
    #[allow(clippy::mutable_key_type)]
    fn rename(&self, p: RenameParams) -> Result<Value, Response> {
        let (doc, offset) = self.locate(
            &p.text_document_position.text_document.uri,
            p.text_document_position.position,
        )?;
        let edits = features::rename(&self.workspace, doc, offset, &p.new_name).map_err(|refusal| error(refusal.0))?;
        let mut changes: std::collections::HashMap<Uri, Vec<TextEdit>> = Default::default();
        for (place, text) in edits {
            if let Some(location) = self.location(&place) {
                changes
                    .entry(location.uri)
                    .or_default()
                    .push(TextEdit::new(location.range, text));
            }
        }
        Ok(json(WorkspaceEdit::new(changes)))
    }

    fn symbols(&self, p: DocumentSymbolParams) -> Result<Value, Response> {
        let doc = self.locate(&p.text_document.uri, Position::new(0, 0))?.0;
        #[allow(deprecated)]
        let symbols: Vec<DocumentSymbol> = features::outline(doc)
            .into_iter()
            .map(|workflow| DocumentSymbol {
                name: workflow.name,
                detail: Some("workflow".into()),
                kind: LspSymbolKind::MODULE,
                tags: None,
                deprecated: None,
                range: self.range(doc, workflow.span),
                selection_range: self.range(doc, workflow.name_span),
                children: Some(
                    workflow
                        .labels
                        .into_iter()
                        .map(|(name, span)| DocumentSymbol {
                            name,
                            detail: None,
                            kind: LspSymbolKind::KEY,
                            tags: None,
                            deprecated: None,
                            range: self.range(doc, span),
                            selection_range: self.range(doc, span),
                            children: None,
                        })
                        .collect(),
                ),
            })
            .collect();
        Ok(json(DocumentSymbolResponse::Nested(symbols)))
    }

    fn formatting(&self, p: DocumentFormattingParams) -> Result<Value, Response> {
        let doc = self.locate(&p.text_document.uri, Position::new(0, 0))?.0;
        match crate::fmt::format(&doc.text) {
            Ok(formatted) if formatted == doc.text => Ok(json(Vec::<TextEdit>::new())),
            // One edit replacing the whole text (TOOLING.md §3's layout).
            Ok(formatted) => {
                let whole = self.range(doc, Span::new(0, doc.text.len()));
                Ok(json(vec![TextEdit::new(whole, formatted)]))
            }
            Err(crate::fmt::FormatError::Syntax(_)) => Err(error(format!(
                "`{}` was not formatted: it has syntax errors; fix the errors the diagnostics show, then format again",
                doc.name
            ))),
            Err(crate::fmt::FormatError::Internal { reason }) => Err(error(format!(
                "`{}` was not formatted: the formatter refused its own output ({reason}); the file is left as it is — please report it",
                doc.name
            ))),
        }
    }

    #[allow(clippy::mutable_key_type)] // as in `rename`
    fn code_actions(&self, p: CodeActionParams) -> Result<Value, Response> {
        let uri = &p.text_document.uri;
        let doc = self.locate(uri, p.range.start)?.0;
        let start = doc
            .index
            .offset(&doc.text, p.range.start, self.encoding)
            .map_err(|e| error(e.to_string()))?;
        let end = doc
            .index
            .offset(&doc.text, p.range.end, self.encoding)
            .map_err(|e| error(e.to_string()))?;
        let mut actions = Vec::new();
        for diagnostic in self.diagnostics.get(uri.as_str()).into_iter().flatten() {
            let span = diagnostic.primary.span;
            if (span.end as usize) < start || (span.start as usize) > end {
                continue;
            }
            for fix in &diagnostic.fixes {
                let mut changes: std::collections::HashMap<Uri, Vec<TextEdit>> = Default::default();
                for edit in &fix.edits {
                    if let Some(target) = self.workspace.by_id(edit.file) {
                        changes
                            .entry(target.uri.clone())
                            .or_default()
                            .push(TextEdit::new(self.range(target, edit.span), edit.text.clone()));
                    }
                }
                actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: fix.message.clone(),
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![self.to_lsp(diagnostic)]),
                    edit: Some(WorkspaceEdit::new(changes)),
                    is_preferred: Some(diagnostic.fixes.len() == 1),
                    ..CodeAction::default()
                }));
            }
        }
        Ok(json(actions))
    }
}

fn params<P: serde::de::DeserializeOwned>(request: Request) -> Result<P, Response> {
    serde_json::from_value(request.params).map_err(|e| {
        Response::new_err(
            request.id,
            ErrorCode::InvalidParams as i32,
            format!(
                "invalid parameters: {e}; send the parameters LSP 3.17 defines for `{}`",
                request.method
            ),
        )
    })
}

fn error(message: String) -> Response {
    Response::new_err(RequestId::from(0), ErrorCode::InvalidParams as i32, message)
}

fn json<T: serde::Serialize>(value: T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}
