//! `textDocument/didOpen`, `didChange`, `didClose`: handed to the document actor synchronously, before any
//! `.await`, so they apply in arrival order.

use tower_lsp_server::gen_lsp_types::{
    DidChangeTextDocumentParams, DidCloseTextDocumentParams, DidOpenTextDocumentParams,
};

use crate::state::State;

/// `textDocument/didOpen`.
pub fn did_open(state: &State, params: DidOpenTextDocumentParams) {
    let document = params.text_document;
    state
        .documents
        .open(document.uri, document.version, document.text);
}

/// `textDocument/didChange` (incremental or whole-text changes).
pub fn did_change(state: &State, params: DidChangeTextDocumentParams) {
    state.documents.change(
        params.text_document.text_document_identifier.uri,
        params.text_document.version,
        params.content_changes,
    );
}

/// `textDocument/didClose`: the document is forgotten and its diagnostics cleared.
pub fn did_close(state: &State, params: DidCloseTextDocumentParams) {
    state.documents.close(params.text_document.uri);
}
