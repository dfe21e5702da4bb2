//! `textDocument/references` (the name's uses in the file and, for a name a module exports or imports,
//! in every workspace file that imports it — open documents as edited, the others from disk; in a notebook,
//! every cell's uses of a name the cells share) and
//! `textDocument/documentHighlight` (the file's occurrences, reads and writes told apart).

use std::collections::HashSet;

use gen_lsp_types::{DocumentHighlight, DocumentHighlightParams, Location, ReferenceParams};
use vmjs_core::analysis::{Occurrence, OccurrenceKind, TextSpan};

use crate::cells;
use crate::context::Ctx;
use crate::crossfile::{self, Use};
use crate::documents::Snapshot;
use crate::workspace::Workspace;
use crate::{rpc, to_proto};

/// The references at a position.
pub fn references(ctx: &Ctx, params: ReferenceParams) -> rpc::Result<Option<Vec<Location>>> {
    let (snapshot, offset) = ctx.snapshot_at(&params.text_document_position_params)?;
    let include_declaration = params.context.include_declaration;
    let index = snapshot.navigation();
    let Some(occurrence) = index.occurrence_at(offset) else {
        return Ok(Some(Vec::new()));
    };
    if let Some(per_cell) = cells::occurrences(&ctx.documents, &snapshot, offset) {
        let mut out = References::new(include_declaration);
        for (cell, occurrences) in per_cell {
            out.occurrences(&cell, occurrences);
        }
        return Ok(Some(out.locations));
    }
    if occurrence.is_global() {
        let locations = index
            .references(offset, include_declaration)
            .iter()
            .map(|o| to_proto::location(&snapshot, o.span.start, o.span.end))
            .collect();
        return Ok(Some(locations));
    }
    let ws = Workspace::of(ctx, &snapshot.uri);
    let Some(origin) = crossfile::origin_of(&ws, &snapshot, offset) else {
        return Ok(Some(Vec::new()));
    };
    let mut out = References::new(include_declaration);
    out.declared(&origin.file, origin.span);
    if let Some(path) = &origin.path {
        for (name, _) in crossfile::exported_names(&origin) {
            for found in crossfile::uses(&ws, path, &name, true) {
                match found {
                    Use::Import { file, local } => out.declared(&file, local),
                    Use::AliasedImport {
                        file,
                        imported,
                        local,
                    } => {
                        out.span(&file, imported);
                        out.declared(&file, local);
                    }
                    Use::Member { file, span } | Use::ReExport { file, local: span } => {
                        out.span(&file, span)
                    }
                }
            }
        }
    }
    Ok(Some(out.locations))
}

/// Locations gathered once each.
struct References {
    include_declaration: bool,
    seen: HashSet<(String, usize)>,
    locations: Vec<Location>,
}

impl References {
    fn new(include_declaration: bool) -> Self {
        Self {
            include_declaration,
            seen: HashSet::new(),
            locations: Vec::new(),
        }
    }

    /// Every occurrence of the symbol declared at `declaration` in `file`.
    fn declared(&mut self, file: &Snapshot, declaration: TextSpan) {
        self.occurrences(
            file,
            file.navigation().references_of_declaration(declaration),
        );
    }

    /// `occurrences` of `file` (its declarations only when they are asked for).
    fn occurrences(&mut self, file: &Snapshot, occurrences: Vec<Occurrence>) {
        for occurrence in occurrences {
            if self.include_declaration || occurrence.kind != OccurrenceKind::Declaration {
                self.span(file, occurrence.span);
            }
        }
    }

    fn span(&mut self, file: &Snapshot, span: TextSpan) {
        if self.seen.insert((file.uri.as_ref().to_owned(), span.start)) {
            self.locations
                .push(to_proto::location(file, span.start, span.end));
        }
    }
}

/// [`references`]' shortcut, on the main loop: its answer when [`super::answerable_here`].
pub fn references_here(
    ctx: &Ctx,
    params: &ReferenceParams,
) -> Option<rpc::Result<Option<Vec<Location>>>> {
    super::answerable_here(ctx, &params.text_document_position_params)
        .then(|| references(ctx, params.clone()))
}

/// [`document_highlight`]'s shortcut, on the main loop: its answer when the document is open and indexed
/// (highlights are the document's own occurrences).
pub fn document_highlight_here(
    ctx: &Ctx,
    params: &DocumentHighlightParams,
) -> Option<rpc::Result<Option<Vec<DocumentHighlight>>>> {
    let uri = &params.text_document_position_params.text_document.uri;
    ctx.documents.get(uri)?.indexed()?;
    Some(document_highlight(ctx, params.clone()))
}

/// The highlights at a position.
pub fn document_highlight(
    ctx: &Ctx,
    params: DocumentHighlightParams,
) -> rpc::Result<Option<Vec<DocumentHighlight>>> {
    let (snapshot, offset) = ctx.snapshot_at(&params.text_document_position_params)?;
    let highlights = snapshot
        .navigation()
        .highlights(offset)
        .iter()
        .map(|o| to_proto::highlight(&snapshot, o))
        .collect();
    Ok(Some(highlights))
}
