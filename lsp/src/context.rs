//! What a request handler gets: the shared state and the open documents as they were when the request was
//! read (every edit sent before it applied, none sent after).

use std::sync::Arc;

use gen_lsp_types::{TextDocumentPositionParams, Uri};

use crate::documents::{OpenDocuments, Snapshot};
use crate::rpc::{self, ResponseError};
use crate::state::State;
use crate::uri;

/// A request's view of the server.
#[derive(Clone)]
pub struct Ctx {
    pub state: Arc<State>,
    pub documents: OpenDocuments,
}

impl Ctx {
    /// The snapshot of an open document, else the file on disk (version 0).
    pub fn snapshot(&self, uri: &Uri) -> rpc::Result<Snapshot> {
        if let Some(snapshot) = self.documents.get(uri) {
            return Ok(snapshot.clone());
        }
        let text = uri::to_path(uri)
            .and_then(|path| std::fs::read_to_string(path).ok())
            .ok_or_else(|| {
                ResponseError::invalid_params(format!("document not open: {}", uri.as_ref()))
            })?;
        Ok(Snapshot::from_text(
            uri.clone(),
            0,
            &text,
            self.state.encoding(),
        ))
    }

    /// The document's snapshot and the byte offset of an LSP position in it (a position outside the text
    /// is an `invalid_params` error).
    pub fn snapshot_at(
        &self,
        position: &TextDocumentPositionParams,
    ) -> rpc::Result<(Snapshot, usize)> {
        let snapshot = self.snapshot(&position.text_document.uri)?;
        let offset = snapshot.offset(position.position)?;
        Ok((snapshot, offset))
    }
}
