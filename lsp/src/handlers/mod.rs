//! One module per LSP method (or a few close ones); each handler takes a [`crate::context::Ctx`] and the
//! method's parameters and leaves conversions to [`crate::to_proto`]. Which handler answers which request is
//! the table in `server/routes.rs`.

pub mod code_lens;
pub mod completion;
pub mod configuration;
pub mod definition;
pub mod document_symbol;
pub mod execute_command;
pub mod folding;
pub mod hover;
pub mod inlay_hint;
pub mod lifecycle;
pub mod references;
pub mod rename;
pub mod semantic_tokens;
pub mod signature_help;
pub mod words;
pub mod workspace_symbol;

use gen_lsp_types::TextDocumentPositionParams;

use crate::context::Ctx;
use crate::crossfile::{self, Declared};

/// Whether the handler of a request at `position` can answer it on the main loop, as a shortcut (see
/// `RequestDispatcher::query_or_shortcut`): the document is open, indexed and not a notebook cell, and the
/// name there is declared in it, neither imported nor exported — so the handler reads no other file and
/// parses nothing, and answers in microseconds.
pub fn answerable_here(ctx: &Ctx, position: &TextDocumentPositionParams) -> bool {
    let Some(snapshot) = ctx.documents.get(&position.text_document.uri) else {
        return false;
    };
    let (Some(index), Ok(offset)) = (snapshot.indexed(), snapshot.offset(position.position)) else {
        return false;
    };
    if ctx.documents.notebook_cells(&snapshot.uri).is_some() {
        return false;
    }
    let Some(definition) = index.definition(offset) else {
        return false;
    };
    let declared = Declared {
        path: crate::uri::to_path(&snapshot.uri),
        file: snapshot.clone(),
        span: definition.span,
    };
    definition.import.is_none() && crossfile::exported_names(&declared).is_empty()
}
