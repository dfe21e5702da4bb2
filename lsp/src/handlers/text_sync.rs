//! `textDocument/didOpen`, `didChange`, `didClose`: taken by the input thread itself, before the frame would
//! reach the server, and applied by its [`Editor`]. Edits thus apply in the order they arrived on stdin,
//! with no task, thread or handler slot in between (every hop costs tens of µs on a small machine), and
//! before any later request is even read.

use serde_json::Value;
use tower_lsp_server::gen_lsp_types::{
    DidChangeTextDocumentParams, DidCloseTextDocumentParams, DidOpenTextDocumentParams,
};

use crate::documents::Editor;

/// Applies a text-sync notification; `false` for anything else (or for parameters that do not parse: the
/// server then answers as for any bad notification).
pub fn route(editor: &mut Editor, message: &mut Value) -> bool {
    if message.get("id").is_some() {
        return false;
    }
    let method = match message.get("method").and_then(Value::as_str) {
        Some(
            method @ ("textDocument/didOpen" | "textDocument/didChange" | "textDocument/didClose"),
        ) => method.to_owned(),
        _ => return false,
    };
    let params = message
        .get_mut("params")
        .map(Value::take)
        .unwrap_or(Value::Null);
    match method.as_str() {
        "textDocument/didOpen" => parse(params).map(|p: DidOpenTextDocumentParams| {
            let document = p.text_document;
            editor.open(document.uri, document.version, document.text);
        }),
        "textDocument/didChange" => parse(params).map(|p: DidChangeTextDocumentParams| {
            editor.change(
                p.text_document.text_document_identifier.uri,
                p.text_document.version,
                p.content_changes,
            );
        }),
        "textDocument/didClose" => parse(params).map(|p: DidCloseTextDocumentParams| {
            editor.close(p.text_document.uri);
        }),
        _ => None,
    }
    .is_some()
}

fn parse<T: serde::de::DeserializeOwned>(params: Value) -> Option<T> {
    serde_json::from_value(params)
        .map_err(|error| tracing::warn!("bad text-sync parameters: {error}"))
        .ok()
}
