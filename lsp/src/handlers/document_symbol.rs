//! `textDocument/documentSymbol`: the outline, nested — classes with their members, object literals with
//! their properties, functions with the functions and classes they declare — also inside `export`.

use gen_lsp_types::{DocumentSymbolParams, DocumentSymbolResponse};

use crate::context::Ctx;
use crate::{rpc, to_proto};

/// The document's symbols.
pub fn document_symbol(
    ctx: &Ctx,
    params: DocumentSymbolParams,
) -> rpc::Result<Option<DocumentSymbolResponse>> {
    let snapshot = ctx.snapshot(&params.text_document.uri)?;
    let outline = snapshot.navigation();
    Ok(Some(DocumentSymbolResponse::DocumentSymbolList(
        to_proto::document_symbols(&snapshot, outline.outline()),
    )))
}
