//! The main loop: one thread reads every message from the client in order and owns the open documents.
//!
//! - Edits (`didOpen`/`didChange`/`didClose`) and the other notifications are handled right here, in the
//!   order they arrived, before the next message is even read.
//! - Each request is handed to a handler with a snapshot of the documents as they are when it was read
//!   ([`crate::context::Ctx`]): queries that only read text run on the blocking pool, requests that wait on
//!   sessions or the client (runs, hover, completion) are tasks on the async runtime. Their answers go out
//!   as they finish; no request waits for another.
//! - Once no more input is waiting, the loop hands the newest version of each document that changed to the
//!   first diagnostics phase (a burst of edits is diagnosed once; it passes each version on to the second
//!   phase and the indexing thread), and reads on.
//!
//! So order is guaranteed by construction: a request sees every edit sent before it, and diagnostics never
//! describe a version older than one already published.

mod dispatch;
mod routes;

use std::io::Read;
use std::sync::Arc;

use gen_lsp_types::{
    CancelNotification, DidChangeConfigurationNotification, DidChangeNotebookDocumentNotification,
    DidChangeTextDocumentNotification, DidChangeWorkspaceFoldersNotification,
    DidCloseNotebookDocumentNotification, DidCloseTextDocumentNotification,
    DidOpenNotebookDocumentNotification, DidOpenTextDocumentNotification, InitializedNotification,
    Notification, Request, WorkDoneProgressCancelNotification,
};
use serde_json::Value;

use crate::ServerOptions;
use crate::client::Client;
use crate::context::Ctx;
use crate::diagnostics::FirstPhase;
use crate::diagnostics::publisher::Publish;
use crate::documents::Documents;
use crate::handlers::{configuration, lifecycle};
use crate::rpc::{Id, ResponseError, codes};
use crate::state::State;
use crate::transport::Incoming;
use dispatch::InFlight;

/// Where the connection is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Before `initialize`: every request but `initialize` is refused.
    Uninitialized,
    Running,
    /// After `shutdown`: only `exit` is expected.
    ShuttingDown,
}

/// The main loop's own state.
pub struct Server<R> {
    incoming: Incoming<R>,
    waiting: Box<dyn Fn() -> bool + Send>,
    client: Client,
    state: Arc<State>,
    documents: Documents,
    first_phase: FirstPhase,
    runtime: tokio::runtime::Handle,
    in_flight: InFlight,
    phase: Phase,
}

impl<R: Read> Server<R> {
    /// A server reading `incoming` (`waiting` says whether more input can be read without blocking, beyond
    /// what `incoming` has buffered); async handlers run on `runtime`.
    pub fn new(
        incoming: Incoming<R>,
        waiting: impl Fn() -> bool + Send + 'static,
        client: Client,
        options: ServerOptions,
        runtime: tokio::runtime::Handle,
    ) -> std::io::Result<Self> {
        let (state, documents, first_phase) = State::start(client.clone(), options)?;
        Ok(Self {
            incoming,
            waiting: Box::new(waiting),
            client,
            state,
            documents,
            first_phase,
            runtime,
            in_flight: InFlight::default(),
            phase: Phase::Uninitialized,
        })
    }

    /// Serves until `exit` or the end of input; returns the shared state (whose sessions the caller
    /// closes).
    pub fn run(mut self) -> Arc<State> {
        let _runtime = self.runtime.enter();
        loop {
            if self.documents.has_changed() && !self.incoming.has_buffered() && !(self.waiting)() {
                // The phases never work on a version already replaced: an edit read meanwhile is in
                // the next round.
                for snapshot in self.documents.take_changed() {
                    self.first_phase.queue(&snapshot);
                }
            }
            let Some(mut message) = self.incoming.next_message() else {
                break;
            };
            let method = message
                .get("method")
                .and_then(Value::as_str)
                .map(str::to_owned);
            let params = message
                .get_mut("params")
                .map(Value::take)
                .unwrap_or(Value::Null);
            match (method, message.get("id")) {
                (Some(method), Some(id)) => {
                    // The transport's check lets only string, integer and null ids through.
                    let id = serde_json::from_value::<Id>(id.clone()).unwrap_or(Id::Null);
                    self.request(id, &method, params);
                }
                (Some(method), None) => {
                    if method == gen_lsp_types::ExitNotification::METHOD.as_str() {
                        break;
                    }
                    self.notification(&method, params);
                }
                (None, _) => self.client.complete(&message),
            }
        }
        self.state
    }

    fn request(&mut self, id: Id, method: &str, params: Value) {
        let refusal = match (self.phase, method) {
            (Phase::Uninitialized, "initialize") => None,
            (Phase::Uninitialized, _) => Some(ResponseError::new(
                codes::SERVER_NOT_INITIALIZED,
                "the server is not initialized yet",
            )),
            (Phase::Running, "initialize") => Some(ResponseError::new(
                codes::INVALID_REQUEST,
                "initialize was already sent",
            )),
            (Phase::ShuttingDown, _) => Some(ResponseError::new(
                codes::INVALID_REQUEST,
                "the server is shutting down",
            )),
            (Phase::Running, _) => None,
        };
        if let Some(refusal) = refusal {
            self.client.respond(id, Err(refusal));
            return;
        }
        if method == gen_lsp_types::InitializeRequest::METHOD.as_str() {
            let result = dispatch::parse(params)
                .map(|params| lifecycle::initialize(&self.state, params))
                .and_then(|result| dispatch::to_json(&result));
            if result.is_ok() {
                self.documents.set_encoding(self.state.encoding());
                self.phase = Phase::Running;
            }
            self.client.respond(id, result);
            return;
        }
        if method == gen_lsp_types::ShutdownRequest::METHOD.as_str() {
            self.phase = Phase::ShuttingDown;
        }
        let ctx = Ctx {
            state: Arc::clone(&self.state),
            documents: self.documents.snapshot(),
        };
        routes::route(dispatch::RequestDispatcher::new(
            id,
            method,
            params,
            ctx,
            &self.client,
            &self.in_flight,
        ));
    }

    fn notification(&mut self, method: &str, params: Value) {
        if self.phase == Phase::Uninitialized {
            tracing::debug!("{method} before initialize: dropped");
            return;
        }
        let state = &self.state;
        match method {
            m if m == DidOpenTextDocumentNotification::METHOD.as_str() => {
                if let Some(p) = typed::<DidOpenTextDocumentNotification>(params) {
                    let document = p.text_document;
                    self.documents.open(
                        document.uri,
                        document.version,
                        document.text,
                        &document.language_id.to_string(),
                    );
                }
            }
            m if m == DidChangeTextDocumentNotification::METHOD.as_str() => {
                if let Some(p) = typed::<DidChangeTextDocumentNotification>(params) {
                    self.documents.change(
                        p.text_document.text_document_identifier.uri,
                        p.text_document.version,
                        &p.content_changes,
                    );
                }
            }
            m if m == DidCloseTextDocumentNotification::METHOD.as_str() => {
                if let Some(p) = typed::<DidCloseTextDocumentNotification>(params) {
                    let uri = p.text_document.uri;
                    self.documents.close(&uri);
                    state.forget(&uri);
                    state.publisher.publish(Publish::Closed { uri });
                }
            }
            m if m == DidOpenNotebookDocumentNotification::METHOD.as_str() => {
                if let Some(p) = typed::<DidOpenNotebookDocumentNotification>(params) {
                    self.documents.open_notebook(p);
                }
            }
            m if m == DidChangeNotebookDocumentNotification::METHOD.as_str() => {
                if let Some(p) = typed::<DidChangeNotebookDocumentNotification>(params) {
                    for uri in self.documents.change_notebook(p) {
                        state.forget(&uri);
                        state.publisher.publish(Publish::Closed { uri });
                    }
                }
            }
            m if m == DidCloseNotebookDocumentNotification::METHOD.as_str() => {
                if let Some(p) = typed::<DidCloseNotebookDocumentNotification>(params) {
                    for uri in self.documents.close_notebook(p) {
                        state.forget(&uri);
                        state.publisher.publish(Publish::Closed { uri });
                    }
                }
            }
            m if m == InitializedNotification::METHOD.as_str() => lifecycle::initialized(state),
            m if m == DidChangeConfigurationNotification::METHOD.as_str() => {
                if let Some(p) = typed::<DidChangeConfigurationNotification>(params) {
                    configuration::did_change_configuration(state, p);
                }
            }
            m if m == DidChangeWorkspaceFoldersNotification::METHOD.as_str() => {
                if let Some(p) = typed::<DidChangeWorkspaceFoldersNotification>(params) {
                    lifecycle::did_change_workspace_folders(state, p);
                }
            }
            m if m == WorkDoneProgressCancelNotification::METHOD.as_str() => {
                if let Some(p) = typed::<WorkDoneProgressCancelNotification>(params) {
                    crate::runs::cancel_progress(state, &p.token);
                }
            }
            m if m == CancelNotification::METHOD.as_str() => {
                if let Some(id) = params
                    .get("id")
                    .and_then(|id| serde_json::from_value::<Id>(id.clone()).ok())
                {
                    self.in_flight.cancel(&id, &self.client);
                }
            }
            other => tracing::debug!("notification {other} ignored"),
        }
    }
}

/// A notification's parameters, or `None` (logged) when they do not parse.
fn typed<N: Notification>(params: Value) -> Option<N::Params> {
    serde_json::from_value(params)
        .map_err(|error| tracing::warn!("bad {} parameters: {error}", N::METHOD))
        .ok()
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;
    use std::io::Write;
    use std::sync::{Arc, Mutex};

    use serde_json::{Value, json};

    use super::*;
    use crate::transport;

    /// A `Write` whose bytes the test can read afterwards.
    #[derive(Clone, Default)]
    struct SharedBuffer(Arc<Mutex<Vec<u8>>>);

    impl Write for SharedBuffer {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    /// What every server under test needs: a runtime, an output the test reads afterwards, the writer to
    /// it, a client, options.
    struct Rig {
        runtime: tokio::runtime::Runtime,
        output: SharedBuffer,
        outbox: vmjs_core::outbox::Outbox<Vec<u8>>,
        written: tokio::sync::oneshot::Receiver<()>,
        client: Client,
        options: ServerOptions,
    }

    impl Rig {
        fn new(name: &str) -> Self {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(1)
                .enable_all()
                .build()
                .unwrap();
            let output = SharedBuffer::default();
            let (outbox, written) = transport::writer(output.clone()).unwrap();
            let client = Client::new(outbox.clone());
            let options = ServerOptions {
                db_path: std::env::temp_dir().join(format!("vmjs-lsp-{name}-test.db")),
                worker_exe: "/nonexistent/vmjs".into(),
            };
            Self {
                runtime,
                output,
                outbox,
                written,
                client,
                options,
            }
        }

        /// Waits for `requests` responses (handlers still running answer), stops `state`'s sessions,
        /// closes the output and returns the responses by id.
        fn finish(self, state: &State, requests: usize) -> HashMap<String, Value> {
            wait_for_responses(&self.output, requests);
            self.runtime.block_on(state.stop_everything());
            self.client.close();
            self.runtime.block_on(self.written).unwrap();
            responses_in(&self.output)
        }
    }

    /// Runs a server over `messages` (then the end of input) and returns its responses by id.
    fn exchange(messages: &[Value]) -> HashMap<String, Value> {
        let rig = Rig::new("server");
        let input: Vec<u8> = messages
            .iter()
            .flat_map(|m| transport::frame(m.to_string().as_bytes()))
            .collect();
        let server = Server::new(
            Incoming::new(std::io::Cursor::new(input), rig.outbox.clone()),
            || false,
            rig.client.clone(),
            rig.options.clone(),
            rig.runtime.handle().clone(),
        )
        .unwrap();
        let state = std::thread::Builder::new()
            .stack_size(64 * 1024 * 1024)
            .spawn(move || server.run())
            .unwrap()
            .join()
            .unwrap();
        let requests = messages.iter().filter(|m| m.get("id").is_some()).count();
        rig.finish(&state, requests)
    }

    /// A server's shared state and documents without its main loop, for routing requests by hand.
    struct Harness {
        rig: Rig,
        state: Arc<State>,
        documents: Documents,
    }

    impl Harness {
        fn new(name: &str) -> Self {
            let rig = Rig::new(name);
            let (state, documents, _first_phase) =
                State::start(rig.client.clone(), rig.options.clone()).unwrap();
            Self {
                rig,
                state,
                documents,
            }
        }

        /// A request's view of the documents now.
        fn ctx(&self) -> Ctx {
            Ctx {
                state: Arc::clone(&self.state),
                documents: self.documents.snapshot(),
            }
        }

        /// Waits for `requests` responses, stops everything and returns the responses by id.
        fn finish(self, requests: usize) -> HashMap<String, Value> {
            self.rig.finish(&self.state, requests)
        }
    }

    /// Waits (up to 20 s) until `output` holds `count` responses: a fixed wait failed on a busy machine.
    fn wait_for_responses(output: &SharedBuffer, count: usize) {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        while responses_in(output).len() < count && std::time::Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
    }

    /// The responses written to `output`, by id.
    fn responses_in(output: &SharedBuffer) -> HashMap<String, Value> {
        let bytes = output.0.lock().unwrap().clone();
        let mut reader = std::io::Cursor::new(bytes);
        let mut responses = HashMap::new();
        while let Some(Ok(body)) = transport::tests::read_frame_for_tests(&mut reader) {
            let message: Value = serde_json::from_slice(&body).unwrap();
            if let Some(id) = message.get("id") {
                responses.insert(id.to_string(), message);
            }
        }
        responses
    }

    fn request(id: i64, method: &str, params: Value) -> Value {
        json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params})
    }

    fn code(responses: &HashMap<String, Value>, id: i64) -> Option<i64> {
        responses[&id.to_string()]["error"]["code"].as_i64()
    }

    #[test]
    fn lifecycle_routing_and_errors() {
        let uri = "file:///nowhere/a.js";
        let at = |line: u32, character: u32| json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}});
        let responses = exchange(&[
            request(1, "textDocument/hover", at(0, 0)),
            request(2, "initialize", json!({"capabilities": {}})),
            request(3, "initialize", json!({"capabilities": {}})),
            json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument":
                {"uri": uri, "languageId": "javascript", "version": 1, "text": "function f() {}\n"}}}),
            json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {"textDocument":
                {"uri": uri, "version": 2}, "contentChanges": [{"text": "class C {}\n"}]}}),
            request(
                4,
                "textDocument/documentSymbol",
                json!({"textDocument": {"uri": uri}}),
            ),
            request(5, "no/such/method", json!({})),
            request(6, "textDocument/documentSymbol", json!({"textDocument": 7})),
            request(7, "shutdown", Value::Null),
            request(
                8,
                "textDocument/documentSymbol",
                json!({"textDocument": {"uri": uri}}),
            ),
        ]);
        assert_eq!(code(&responses, 1), Some(codes::SERVER_NOT_INITIALIZED));
        assert!(responses["2"]["result"]["capabilities"].is_object());
        assert_eq!(code(&responses, 3), Some(codes::INVALID_REQUEST));
        // The symbols are those of the text after the edit sent before the request.
        assert_eq!(
            responses["4"]["result"][0]["name"], "C",
            "{:?}",
            responses["4"]
        );
        assert_eq!(code(&responses, 5), Some(codes::METHOD_NOT_FOUND));
        assert_eq!(code(&responses, 6), Some(codes::INVALID_PARAMS));
        assert_eq!(responses["7"]["result"], Value::Null);
        assert_eq!(code(&responses, 8), Some(codes::INVALID_REQUEST));
    }

    #[test]
    fn a_handler_that_panics_fails_its_request_only() {
        use gen_lsp_types::{
            DocumentSymbolParams, DocumentSymbolRequest, DocumentSymbolResponse, Hover,
            HoverParams, HoverRequest,
        };

        use crate::handlers::document_symbol::document_symbol;
        use crate::rpc;

        fn panics(_: &Ctx, _: DocumentSymbolParams) -> rpc::Result<Option<DocumentSymbolResponse>> {
            panic!("boom in a query")
        }
        async fn panics_later(_: Ctx, _: HoverParams) -> rpc::Result<Option<Hover>> {
            panic!("boom in a task")
        }

        let mut harness = Harness::new("dispatch");
        let entered = harness.rig.runtime.enter();
        let uri = crate::uri::from_path(std::path::Path::new("/nowhere/a.js"));
        harness
            .documents
            .open(uri.clone(), 1, "class C {}".into(), "javascript");
        let (ctx, client) = (harness.ctx(), harness.rig.client.clone());
        let in_flight = InFlight::default();
        let symbols = json!({"textDocument": {"uri": uri}});
        let hover = json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 6}});
        let dispatch = |id: i64, method: &str, params: &Value| {
            dispatch::RequestDispatcher::new(
                id.into(),
                method,
                params.clone(),
                ctx.clone(),
                &client,
                &in_flight,
            )
        };
        dispatch(1, "textDocument/documentSymbol", &symbols)
            .query::<DocumentSymbolRequest>(panics)
            .finish();
        dispatch(2, "textDocument/hover", &hover)
            .task::<HoverRequest, _>(panics_later)
            .finish();
        dispatch(3, "textDocument/documentSymbol", &symbols)
            .query::<DocumentSymbolRequest>(document_symbol)
            .finish();
        drop(entered);
        let responses = harness.finish(3);
        for (id, message) in [(1, "boom in a query"), (2, "boom in a task")] {
            assert_eq!(code(&responses, id), Some(codes::INTERNAL_ERROR));
            let error = responses[&id.to_string()]["error"]["message"].to_string();
            assert!(error.contains(message), "{error}");
        }
        // The server goes on: the next request of the same kind is answered.
        assert_eq!(
            responses["3"]["result"][0]["name"], "C",
            "{:?}",
            responses["3"]
        );
    }

    #[test]
    fn the_definition_shortcut_answers_as_the_handler_or_leaves_it() {
        use gen_lsp_types::{DefinitionParams, DefinitionRequest, DefinitionResponse};

        use crate::handlers::definition::{definition, definition_here};
        use crate::rpc;

        fn panics(
            _: &Ctx,
            _: &DefinitionParams,
        ) -> Option<rpc::Result<Option<DefinitionResponse>>> {
            panic!("boom in a shortcut")
        }

        let mut harness = Harness::new("shortcut");
        let entered = harness.rig.runtime.enter();
        let uri = crate::uri::from_path(std::path::Path::new("/nowhere/a.mjs"));
        let text = "import { g } from './g.mjs';\nfunction f() {}\nf();\ng();\nnowhere();\n";
        harness
            .documents
            .open(uri.clone(), 1, text.into(), "javascript");
        let (ctx, client) = (harness.ctx(), harness.rig.client.clone());
        let params = |needle: &str| -> DefinitionParams {
            let offset = text.rfind(needle).unwrap();
            let line = text[..offset].matches('\n').count();
            let character = offset - text[..offset].rfind('\n').map_or(0, |n| n + 1);
            serde_json::from_value(json!({"textDocument": {"uri": uri},
                "position": {"line": line, "character": character}}))
            .unwrap()
        };
        // Not indexed yet: left to the handler (which would parse).
        assert!(definition_here(&ctx, &params("f();")).is_none());
        ctx.documents.get(&uri).unwrap().navigation();
        let here = definition_here(&ctx, &params("f();")).unwrap().unwrap();
        assert_eq!(here, definition(&ctx, params("f();")).unwrap());
        assert!(here.is_some());
        // Imported, undeclared: left to the handler.
        assert!(definition_here(&ctx, &params("g();")).is_none());
        assert!(definition_here(&ctx, &params("nowhere")).is_none());
        // Through the dispatcher: a shortcut that panics leaves the request to the handler.
        let in_flight = InFlight::default();
        let request = serde_json::to_value(params("f();")).unwrap();
        for (id, shortcut) in [(1_i64, definition_here as fn(&_, &_) -> _), (2, panics)] {
            dispatch::RequestDispatcher::new(
                id.into(),
                "textDocument/definition",
                request.clone(),
                ctx.clone(),
                &client,
                &in_flight,
            )
            .query_or_shortcut::<DefinitionRequest>(shortcut, definition)
            .finish();
        }
        drop(entered);
        let responses = harness.finish(2);
        let expected = serde_json::to_value(&here).unwrap();
        assert_eq!(responses["1"]["result"], expected);
        assert_eq!(responses["2"]["result"], expected);
    }

    /// References, highlights and rename answer on the main loop only where the handler would read no other
    /// file and parse nothing — and then as the handler does.
    #[test]
    fn the_local_shortcuts_answer_as_their_handlers_or_leave_them() {
        use gen_lsp_types::{
            DidOpenNotebookDocumentParams, DocumentHighlightParams, ReferenceParams, RenameParams,
            TextDocumentPositionParams,
        };

        use crate::handlers::answerable_here;
        use crate::handlers::references::{
            document_highlight, document_highlight_here, references, references_here,
        };
        use crate::handlers::rename::{rename, rename_here};

        let mut harness = Harness::new("local-shortcuts");
        let entered = harness.rig.runtime.enter();
        let uri = crate::uri::from_path(std::path::Path::new("/nowhere/a.mjs"));
        let text = "import { g } from './g.mjs';\nexport function e() {}\nfunction f(a) { return a; }\n\
                    f(1); f(2);\ng(); e();\nnowhere();\n";
        harness
            .documents
            .open(uri.clone(), 1, text.into(), "javascript");
        let cell = "vscode-notebook-cell:/nowhere/n.ipynb#c1";
        let notebook: DidOpenNotebookDocumentParams = serde_json::from_value(json!({
            "notebookDocument": {"uri": "file:///nowhere/n.ipynb", "notebookType": "jupyter-notebook",
                "version": 1, "cells": [{"kind": 2, "document": cell}]},
            "cellTextDocuments": [{"uri": cell, "languageId": "javascript", "version": 1,
                "text": "function h() {}\nh();\n"}]
        }))
        .unwrap();
        harness.documents.open_notebook(notebook);
        let ctx = harness.ctx();
        let at = |uri: &str, text: &str, needle: &str| -> Value {
            let offset = text.rfind(needle).unwrap();
            let line = text[..offset].matches('\n').count();
            let character = offset - text[..offset].rfind('\n').map_or(0, |n| n + 1);
            json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character},
                "context": {"includeDeclaration": true}, "newName": "renamed"})
        };
        let position = |uri: &str, text: &str, needle: &str| -> TextDocumentPositionParams {
            serde_json::from_value(at(uri, text, needle)).unwrap()
        };
        let a = uri.as_ref().to_owned();
        // Not indexed yet: left to the handlers (which would parse).
        assert!(!answerable_here(&ctx, &position(&a, text, "f(1)")));
        let highlight: DocumentHighlightParams =
            serde_json::from_value(at(&a, text, "f(1)")).unwrap();
        assert!(document_highlight_here(&ctx, &highlight).is_none());
        ctx.documents.get(&uri).unwrap().navigation();
        // Declared here, neither imported nor exported: the handlers' own answers.
        assert!(answerable_here(&ctx, &position(&a, text, "f(1)")));
        let params: ReferenceParams = serde_json::from_value(at(&a, text, "f(1)")).unwrap();
        let here = references_here(&ctx, &params).unwrap().unwrap();
        assert_eq!(here, references(&ctx, params).unwrap());
        assert_eq!(here.map(|found| found.len()), Some(3));
        let params: RenameParams = serde_json::from_value(at(&a, text, "f(2)")).unwrap();
        let here = rename_here(&ctx, &params).unwrap().unwrap();
        assert_eq!(here, rename(&ctx, params).unwrap());
        assert!(here.is_some());
        let here = document_highlight_here(&ctx, &highlight).unwrap().unwrap();
        assert_eq!(here, document_highlight(&ctx, highlight).unwrap());
        // Imported, exported, undeclared, or in a notebook's cell (the cells are one program): left to the
        // handlers.
        for needle in ["g();", "e();", "nowhere"] {
            assert!(
                !answerable_here(&ctx, &position(&a, text, needle)),
                "{needle}"
            );
        }
        let cell_text = "function h() {}\nh();\n";
        ctx.documents
            .get(&serde_json::from_value(json!(cell)).unwrap())
            .unwrap()
            .navigation();
        assert!(!answerable_here(&ctx, &position(cell, cell_text, "h();")));
        drop(entered);
        harness.finish(0);
    }
}
