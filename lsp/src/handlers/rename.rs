//! `textDocument/prepareRename` and `textDocument/rename`, as one `WorkspaceEdit` across files.
//!
//! A name that other files import (an exported declaration, or an unaliased `import { name }` of it) is
//! renamed in its module and in every workspace file that imports it: their `import { name }`, their uses,
//! `ns.name` through a namespace import, and unaliased re-exports (and their importers) follow; an alias
//! (`import { name as other }`, `export { name as other }`) keeps its own name and only the `name` token
//! changes. A name only this file sees — a local, an alias, a default or namespace import — is renamed in
//! this file, keeping what the file exports and imports (`import { a as b }`, `export { b as a }`).
//! In a notebook, a name the cells share is renamed in every cell. Refused with the reason (a global, a keyword, an invalid name, a collision in any of the files).

use std::collections::HashMap;

use gen_lsp_types::{
    PrepareRenameParams, PrepareRenameResult, RenameParams, TextEdit, Uri, WorkspaceEdit,
};
use vmjs_core::analysis::{Imported, RenameEdit, RenameError, RenameMode, TextSpan};

use crate::cells;
use crate::context::Ctx;
use crate::crossfile::{self, Declared, Use};
use crate::documents::Snapshot;
use crate::rpc::{self, ResponseError};
use crate::to_proto;
use crate::workspace::Workspace;

/// The range a rename at the position would change.
pub fn prepare_rename(
    ctx: &Ctx,
    params: PrepareRenameParams,
) -> rpc::Result<Option<PrepareRenameResult>> {
    let (snapshot, offset) = ctx.snapshot_at(&params.text_document_position_params)?;
    let index = snapshot.navigation();
    let shared_by_cells = cells::occurrences(&ctx.documents, &snapshot, offset).is_some();
    let span = match index.occurrence_at(offset) {
        Some(occurrence) if shared_by_cells => occurrence.span,
        _ => index.prepare_rename(offset).map_err(refused)?,
    };
    Ok(Some(PrepareRenameResult::Range(to_proto::range(
        &snapshot, span.start, span.end,
    ))))
}

/// [`rename`]'s shortcut, on the main loop: its answer when [`super::answerable_here`] (the edits stay in
/// the document).
pub fn rename_here(ctx: &Ctx, params: &RenameParams) -> Option<rpc::Result<Option<WorkspaceEdit>>> {
    super::answerable_here(ctx, &params.text_document_position_params)
        .then(|| rename(ctx, params.clone()))
}

/// The edits of a rename.
pub fn rename(ctx: &Ctx, params: RenameParams) -> rpc::Result<Option<WorkspaceEdit>> {
    let (snapshot, offset) = ctx.snapshot_at(&params.text_document_position_params)?;
    let new_name = params.new_name.as_str();
    let index = snapshot.navigation();
    let mut edits = Edits::default();
    if let Some(per_cell) = cells::rename(&ctx.documents, &snapshot, offset, new_name) {
        let per_cell = per_cell.map_err(|(cell, error)| refused_in(&cell, error))?;
        for (cell, cell_edits) in per_cell {
            edits.add_all(&cell, cell_edits);
        }
        return Ok(Some(WorkspaceEdit {
            changes: Some(edits.0),
            ..WorkspaceEdit::default()
        }));
    }
    index.prepare_rename(offset).map_err(refused)?;
    let definition = index
        .definition(offset)
        .ok_or_else(|| refused(RenameError::NotASymbol))?;
    let ws = Workspace::of(ctx, &snapshot.uri);
    let own_name = match &definition.import {
        Some(binding) => {
            binding.imported != Imported::Default
                && binding.imported != Imported::Namespace
                && binding.imported_span == Some(binding.local_span)
        }
        None => true,
    };
    let origin = own_name
        .then(|| crossfile::origin_of(&ws, &snapshot, offset))
        .flatten();
    match origin {
        Some(origin) if is_exported(&origin) => {
            rename_everywhere(&ws, &origin, new_name, &mut edits)?;
        }
        _ => {
            let file_edits = index
                .rename(offset, new_name, RenameMode::ThisFile)
                .map_err(refused)?;
            edits.add_all(&snapshot, file_edits);
        }
    }
    Ok(Some(WorkspaceEdit {
        changes: Some(edits.0),
        ..WorkspaceEdit::default()
    }))
}

/// Whether other files can import the declaration under its own name.
fn is_exported(origin: &Declared) -> bool {
    origin.path.is_some()
        && crossfile::exported_names(origin)
            .iter()
            .any(|(_, unaliased)| *unaliased)
}

fn rename_everywhere(
    ws: &Workspace<'_>,
    origin: &Declared,
    new_name: &str,
    edits: &mut Edits,
) -> rpc::Result<()> {
    let own = origin
        .file
        .navigation()
        .rename_declared_at(origin.span, new_name, RenameMode::Everywhere)
        .map_err(|e| refused_in(&origin.file, e))?;
    edits.add_all(&origin.file, own);
    let Some(path) = &origin.path else {
        return Ok(());
    };
    for (name, unaliased) in crossfile::exported_names(origin) {
        if !unaliased {
            continue;
        }
        for found in crossfile::uses(ws, path, &name, false) {
            match found {
                Use::Import { file, local } => {
                    let renamed = file
                        .navigation()
                        .rename_declared_at(local, new_name, RenameMode::Everywhere)
                        .map_err(|e| refused_in(&file, e))?;
                    edits.add_all(&file, renamed);
                }
                Use::AliasedImport { file, imported, .. } => edits.add(&file, imported, new_name),
                Use::Member { file, span } | Use::ReExport { file, local: span } => {
                    edits.add(&file, span, new_name)
                }
            }
        }
    }
    Ok(())
}

/// Text edits per document, each range once.
#[derive(Default)]
struct Edits(HashMap<Uri, Vec<TextEdit>>);

impl Edits {
    fn add(&mut self, file: &Snapshot, span: TextSpan, text: &str) {
        let edit = to_proto::text_edit(file, span, text.to_owned());
        let list = self.0.entry(file.uri.clone()).or_default();
        if !list.iter().any(|e| e.range == edit.range) {
            list.push(edit);
        }
    }

    fn add_all(&mut self, file: &Snapshot, edits: Vec<RenameEdit>) {
        for edit in edits {
            self.add(file, edit.span, &edit.text);
        }
    }
}

fn refused(error: RenameError) -> ResponseError {
    ResponseError::request_failed(error.to_string())
}

/// A refusal found in another file (or cell), naming it.
fn refused_in(file: &Snapshot, error: RenameError) -> ResponseError {
    ResponseError::request_failed(format!("{} (in {})", error, file.uri.as_ref()))
}

#[cfg(test)]
mod tests {
    #[test]
    fn refusals_name_what_is_wrong() {
        let error = super::refused(vmjs_core::analysis::RenameError::Global("console".into()));
        assert!(error.message.contains("`console`"), "{}", error.message);
    }
}
