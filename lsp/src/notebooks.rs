//! LSP 3.17 notebook documents: `notebookDocument/didOpen|didChange|didClose` keep each notebook's cells in
//! order; each cell's text is an open document like any other (diagnostics, hover, completion and
//! navigation work per cell, with positions in that cell), and [`crate::documents::OpenDocuments::
//! notebook_cells`] lets navigation treat the cells as one program in order, as the kernel runs them.

use std::sync::Arc;

use gen_lsp_types::{
    DidChangeNotebookDocumentParams, DidCloseNotebookDocumentParams, DidOpenNotebookDocumentParams,
    NotebookCell, TextDocumentItem, Uri,
};

use crate::documents::Documents;

impl Documents {
    /// `notebookDocument/didOpen`.
    pub fn open_notebook(&mut self, params: DidOpenNotebookDocumentParams) {
        for item in params.cell_text_documents {
            self.open_cell(item);
        }
        let cells = cell_uris(&params.notebook_document.cells);
        tracing::debug!(
            "notebook opened: {} ({} cells)",
            params.notebook_document.uri.as_ref(),
            cells.len()
        );
        self.set_cells(params.notebook_document.uri, cells);
    }

    /// `notebookDocument/didChange`: cells added, removed or moved (their texts opened and closed), cell
    /// texts edited. Returns the cells whose texts were closed.
    pub fn change_notebook(&mut self, params: DidChangeNotebookDocumentParams) -> Vec<Uri> {
        let notebook = params.notebook_document.uri;
        let mut closed = Vec::new();
        let Some(changes) = params.change.cells else {
            return closed;
        };
        if let Some(structure) = changes.structure {
            for item in structure.did_open.into_iter().flatten() {
                self.open_cell(item);
            }
            for document in structure.did_close.into_iter().flatten() {
                self.close(&document.uri);
                closed.push(document.uri);
            }
            let mut cells = self
                .open
                .notebooks
                .cells
                .get(&notebook)
                .cloned()
                .unwrap_or_default();
            let start = (structure.array.start as usize).min(cells.len());
            let end = (start + structure.array.delete_count as usize).min(cells.len());
            let inserted = cell_uris(structure.array.cells.as_deref().unwrap_or_default());
            cells.splice(start..end, inserted);
            self.set_cells(notebook, cells);
        }
        for content in changes.text_content.into_iter().flatten() {
            self.change(
                content.document.text_document_identifier.uri,
                content.document.version,
                &content.changes,
            );
        }
        closed
    }

    /// `notebookDocument/didClose`; returns the cells whose texts were closed.
    pub fn close_notebook(&mut self, params: DidCloseNotebookDocumentParams) -> Vec<Uri> {
        let closed: Vec<Uri> = params
            .cell_text_documents
            .into_iter()
            .map(|document| {
                self.close(&document.uri);
                document.uri
            })
            .collect();
        let notebooks = Arc::make_mut(&mut self.open.notebooks);
        if let Some(cells) = notebooks.cells.remove(&params.notebook_document.uri) {
            for cell in cells {
                notebooks.owner.remove(&cell);
            }
        }
        closed
    }

    fn open_cell(&mut self, item: TextDocumentItem) {
        self.open(
            item.uri,
            item.version,
            item.text,
            &item.language_id.to_string(),
        );
    }

    fn set_cells(&mut self, notebook: Uri, cells: Vec<Uri>) {
        let notebooks = Arc::make_mut(&mut self.open.notebooks);
        if let Some(previous) = notebooks.cells.get(&notebook) {
            for cell in previous.clone() {
                notebooks.owner.remove(&cell);
            }
        }
        for cell in &cells {
            notebooks.owner.insert(cell.clone(), notebook.clone());
        }
        notebooks.cells.insert(notebook, cells);
    }
}

fn cell_uris(cells: &[NotebookCell]) -> Vec<Uri> {
    cells.iter().map(|cell| cell.document.clone()).collect()
}
