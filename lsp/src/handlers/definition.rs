//! `textDocument/definition`: the declaration of the name under the cursor — in the file, or for an
//! imported name in the file it comes from (through re-exports, extensionless and index specifiers, and
//! packages of the root's `node_modules`). `ns.member` of `import * as ns` goes to the member's declaration;
//! in a notebook cell, a name another cell declares goes to that cell.

use gen_lsp_types::{Definition, DefinitionParams, DefinitionResponse, Location};
use vmjs_core::analysis::{Imported, identifier_at};

use crate::cells;
use crate::context::Ctx;
use crate::crossfile::{self, find_export};
use crate::documents::Snapshot;
use crate::workspace::Workspace;
use crate::{rpc, to_proto, uri};

/// The definition at a position (`None` for a name nothing in the workspace declares).
pub fn definition(ctx: &Ctx, params: DefinitionParams) -> rpc::Result<Option<DefinitionResponse>> {
    let (snapshot, offset) = ctx.snapshot_at(&params.text_document_position_params)?;
    let ws = Workspace::of(ctx, &snapshot.uri);
    let location = match snapshot.navigation().definition(offset) {
        Some(definition) => match (&definition.import, uri::to_path(&snapshot.uri)) {
            (Some(binding), Some(path)) if binding.imported == Imported::Namespace => ws
                .resolve(&path, &binding.specifier)
                .map(|target| file_start(&target)),
            (Some(binding), Some(path)) => crossfile::follow_import(&ws, &path, binding)
                .map(|d| to_proto::location(&d.file, d.span.start, d.span.end)),
            _ => None,
        }
        .or_else(|| {
            Some(to_proto::location(
                &snapshot,
                definition.span.start,
                definition.span.end,
            ))
        }),
        None => cells::definition(&ctx.documents, &snapshot, offset)
            .map(|(cell, span)| to_proto::location(&cell, span.start, span.end))
            .or_else(|| namespace_member(&ws, &snapshot, offset)),
    };
    Ok(location.map(|l| DefinitionResponse::Definition(Definition::Location(l))))
}

/// `member` of `ns.member` where `ns` is a namespace import: the member's declaration in that module.
fn namespace_member(ws: &Workspace<'_>, snapshot: &Snapshot, offset: usize) -> Option<Location> {
    let (start, end) = identifier_at(&snapshot.text, offset)?;
    let before = snapshot.text[..start].trim_end().strip_suffix('.')?;
    let namespace_end = before.trim_end().len();
    let index = snapshot.navigation();
    let definition = index.definition(namespace_end)?;
    let binding = definition.import?;
    if binding.imported != Imported::Namespace {
        return None;
    }
    let path = uri::to_path(&snapshot.uri)?;
    let target = ws.resolve(&path, &binding.specifier)?;
    let declared = find_export(ws, &target, &snapshot.text[start..end], 0)?;
    Some(to_proto::location(
        &declared.file,
        declared.span.start,
        declared.span.end,
    ))
}

/// The start of a file.
fn file_start(path: &std::path::Path) -> Location {
    to_proto::location_in_file(path, 1, 1)
}
