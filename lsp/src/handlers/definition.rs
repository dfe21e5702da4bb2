//! `textDocument/definition`: the declaration of the name under the cursor — in the file, or for an
//! imported name in the file it comes from (through re-exports, extensionless and index specifiers, and
//! packages of the root's `node_modules`). `ns.member` of `import * as ns` goes to the member's declaration;
//! in a notebook cell, a name another cell declares goes to that cell.
//!
//! `textDocument/typeDefinition`: the declaration of the type the syntax states for the name under the
//! cursor (`x: Store`, `x = new Store()`, also where `x` is imported from); a class, interface, type alias or
//! enum is its own type.

use gen_lsp_types::{
    Definition, DefinitionParams, DefinitionResponse, Location, TypeDefinitionParams,
    TypeDefinitionResponse,
};
use vmjs_core::analysis::{Imported, SymbolKind};

use crate::cells;
use crate::context::Ctx;
use crate::crossfile::{self, Declared};
use crate::documents::Snapshot;
use crate::workspace::Workspace;
use crate::{rpc, to_proto, uri};

/// The definition at a position (`None` for a name nothing in the workspace declares).
pub fn definition(ctx: &Ctx, params: DefinitionParams) -> rpc::Result<Option<DefinitionResponse>> {
    let (snapshot, offset) = ctx.snapshot_at(&params.text_document_position_params)?;
    let ws = Workspace::of(ctx, &snapshot.uri);
    Ok(definition_at(&ws, &snapshot, offset).map(one_location))
}

/// [`definition`]'s shortcut, on the main loop: the answer when the name is declared in the same document,
/// not imported, and the document's index is built (no parse, no file read); `None` leaves the request to
/// [`definition`].
pub fn definition_here(
    ctx: &Ctx,
    params: &DefinitionParams,
) -> Option<rpc::Result<Option<DefinitionResponse>>> {
    let position = &params.text_document_position_params;
    let snapshot = ctx.documents.get(&position.text_document.uri)?;
    let offset = snapshot.offset(position.position).ok()?;
    let definition = snapshot.indexed()?.definition(offset)?;
    if definition.import.is_some() {
        return None;
    }
    let location = to_proto::location(snapshot, definition.span.start, definition.span.end);
    Some(Ok(Some(one_location(location))))
}

/// The type definition at a position (`None` where the syntax states no type).
pub fn type_definition(
    ctx: &Ctx,
    params: TypeDefinitionParams,
) -> rpc::Result<Option<TypeDefinitionResponse>> {
    let (snapshot, offset) = ctx.snapshot_at(&params.text_document_position_params)?;
    let ws = Workspace::of(ctx, &snapshot.uri);
    let Some(declared) = crossfile::declaration_at(&ws, &snapshot, offset) else {
        return Ok(None);
    };
    let index = declared.file.navigation();
    let is_type = index.definition(declared.span.start).is_some_and(|d| {
        matches!(
            d.kind,
            SymbolKind::Class | SymbolKind::Interface | SymbolKind::TypeAlias | SymbolKind::Enum
        )
    });
    let location = if is_type {
        Some(declared_location(&declared))
    } else {
        index
            .stated_type(declared.span)
            .and_then(|name| definition_at(&ws, &declared.file, name.start))
    };
    Ok(location.map(one_location))
}

/// Where the name at `offset` of `snapshot` is declared (the start of the module for a namespace import).
fn definition_at(ws: &Workspace<'_>, snapshot: &Snapshot, offset: usize) -> Option<Location> {
    let Some(definition) = snapshot.navigation().definition(offset) else {
        return cells::definition(ws.documents(), snapshot, offset)
            .map(|(cell, span)| to_proto::location(&cell, span.start, span.end))
            .or_else(|| {
                crossfile::namespace_member(ws, snapshot, offset).map(|d| declared_location(&d))
            });
    };
    let imported_from = match (&definition.import, uri::to_path(&snapshot.uri)) {
        (Some(binding), Some(path)) if binding.imported == Imported::Namespace => ws
            .resolve(&path, &binding.specifier)
            .map(|target| to_proto::location_in_file(&target, 1, 1)),
        (Some(binding), Some(path)) => {
            crossfile::follow_import(ws, &path, binding).map(|d| declared_location(&d))
        }
        _ => None,
    };
    imported_from.or_else(|| {
        Some(to_proto::location(
            snapshot,
            definition.span.start,
            definition.span.end,
        ))
    })
}

fn declared_location(declared: &Declared) -> Location {
    to_proto::location(&declared.file, declared.span.start, declared.span.end)
}

fn one_location<T: From<Definition>>(location: Location) -> T {
    T::from(Definition::Location(location))
}
