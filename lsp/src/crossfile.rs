//! Following names across files: from an imported name to the declaration it names (through re-exports),
//! and from a declaration to every place in the workspace that uses it through imports — what definition,
//! references and rename need beyond one file.
//!
//! The rule for names that cross files: a name changes wherever the same name is written for the same thing,
//! and an alias stops it. `import { helper }` and `export { helper }` carry the name on; `import { helper as
//! twice }` and `export { helper as h }` do not (only the `helper` token there belongs to the declaration).

use std::path::{Path, PathBuf};

use vmjs_core::analysis::{ImportBinding, Imported, NavigationIndex, TextSpan, identifier_at};

use crate::documents::Snapshot;
use crate::workspace::{Workspace, specifier_needle};

/// How many re-export hops are followed.
const MAX_HOPS: usize = 8;

/// A declaration in some file.
#[derive(Clone)]
pub struct Declared {
    pub path: Option<PathBuf>,
    pub file: Snapshot,
    /// The declaring identifier.
    pub span: TextSpan,
}

/// Where a cross-file use was found, and what kind of use it is.
pub enum Use {
    /// `import { E }` (not aliased): the local binding declared at `local` is the same name.
    Import { file: Snapshot, local: TextSpan },
    /// `import { E as x }`: only `imported` is the name; `local` declares another.
    AliasedImport {
        file: Snapshot,
        imported: TextSpan,
        local: TextSpan,
    },
    /// `ns.E` through `import * as ns`.
    Member { file: Snapshot, span: TextSpan },
    /// `export { E } from` / `export { E as y } from`: the `E` token.
    ReExport { file: Snapshot, local: TextSpan },
}

/// The declaration the binding imported by `binding` (in the file at `from`) names.
pub fn follow_import(ws: &Workspace<'_>, from: &Path, binding: &ImportBinding) -> Option<Declared> {
    follow_import_hops(ws, from, binding, 0)
}

fn follow_import_hops(
    ws: &Workspace<'_>,
    from: &Path,
    binding: &ImportBinding,
    hops: usize,
) -> Option<Declared> {
    let target = ws.resolve(from, &binding.specifier)?;
    match &binding.imported {
        Imported::Named(name) => find_export(ws, &target, name, hops + 1),
        Imported::Default => find_export(ws, &target, "default", hops + 1),
        Imported::Namespace => None,
    }
}

/// The declaration `path` exports as `name`.
pub fn find_export(ws: &Workspace<'_>, path: &Path, name: &str, hops: usize) -> Option<Declared> {
    if hops > MAX_HOPS {
        return None;
    }
    let file = ws.file(path)?;
    let index = file.navigation();
    for export in index.exports().iter().filter(|e| e.exported == name) {
        match (&export.from, &export.local) {
            (Some(specifier), Some((local, _))) => {
                let target = ws.resolve(path, specifier)?;
                return find_export(ws, &target, local, hops + 1);
            }
            (None, Some((_, span))) => {
                return declaration_behind(ws, path, &file, &index, *span, hops);
            }
            _ => {}
        }
    }
    // `export * from`: the name may come from there.
    index
        .exports()
        .iter()
        .filter(|e| e.exported == "*")
        .filter_map(|e| ws.resolve(path, e.from.as_deref()?))
        .find_map(|target| find_export(ws, &target, name, hops + 1))
}

/// The declaration a local name written at `span` refers to (following it when it is itself imported).
fn declaration_behind(
    ws: &Workspace<'_>,
    path: &Path,
    file: &Snapshot,
    index: &NavigationIndex,
    span: TextSpan,
    hops: usize,
) -> Option<Declared> {
    let definition = index.definition(span.start)?;
    if let Some(binding) = &definition.import
        && binding.imported != Imported::Namespace
    {
        return follow_import_hops(ws, path, binding, hops);
    }
    Some(Declared {
        path: Some(path.to_path_buf()),
        file: file.clone(),
        span: definition.span,
    })
}

/// The names under which a declaration is exported from its file, each with whether it is written as the
/// declaration's own name (`export function f`, `export { f }`: renaming changes it) or as an alias.
pub fn exported_names(declared: &Declared) -> Vec<(String, bool)> {
    let index = declared.file.navigation();
    index
        .exports()
        .iter()
        .filter(|e| e.from.is_none())
        .filter_map(|e| {
            let (_, local) = e.local.as_ref()?;
            let same = *local == declared.span
                || index
                    .definition(local.start)
                    .is_some_and(|d| d.span == declared.span);
            same.then(|| {
                let unaliased = e.exported != "default" && e.exported_span == Some(*local);
                (e.exported.clone(), unaliased)
            })
        })
        .collect()
}

/// Every use of what `path` exports as `name`, in the workspace's files, and of what those files
/// re-export it as in turn: through every re-export when `through_aliases` (references), through the
/// unaliased ones only otherwise (rename: an alias keeps its name).
pub fn uses(ws: &Workspace<'_>, path: &Path, name: &str, through_aliases: bool) -> Vec<Use> {
    let mut out = Vec::new();
    collect_uses(ws, path, name, through_aliases, 0, &mut out);
    out
}

fn collect_uses(
    ws: &Workspace<'_>,
    path: &Path,
    name: &str,
    through_aliases: bool,
    hops: usize,
    out: &mut Vec<Use>,
) {
    if hops > MAX_HOPS {
        return;
    }
    let Some(needle) = specifier_needle(path) else {
        return;
    };
    for (importer, file) in ws.files_mentioning(&needle) {
        let index = file.navigation();
        for binding in index.imports() {
            if ws.resolve(&importer, &binding.specifier).as_deref() != Some(path) {
                continue;
            }
            match &binding.imported {
                Imported::Named(imported) if imported == name => {
                    let imported_span = binding.imported_span.unwrap_or(binding.local_span);
                    out.push(if imported_span == binding.local_span {
                        Use::Import {
                            file: file.clone(),
                            local: binding.local_span,
                        }
                    } else {
                        Use::AliasedImport {
                            file: file.clone(),
                            imported: imported_span,
                            local: binding.local_span,
                        }
                    });
                }
                Imported::Namespace => {
                    for span in index.member_accesses(&file.text, binding.local_span, name) {
                        out.push(Use::Member {
                            file: file.clone(),
                            span,
                        });
                    }
                }
                _ => {}
            }
        }
        for export in index.exports() {
            let (Some(specifier), Some((local, local_span))) = (&export.from, &export.local) else {
                continue;
            };
            if local != name || ws.resolve(&importer, specifier).as_deref() != Some(path) {
                continue;
            }
            out.push(Use::ReExport {
                file: file.clone(),
                local: *local_span,
            });
            if through_aliases || export.exported_span == Some(*local_span) {
                collect_uses(
                    ws,
                    &importer,
                    &export.exported,
                    through_aliases,
                    hops + 1,
                    out,
                );
            }
        }
    }
}

/// The declaration the name at `offset` stands for, wherever it is: in the file, in the module it is imported
/// from (through re-exports), in an earlier notebook cell, or — for `member` of `ns.member` with
/// `import * as ns` — in that module.
pub fn declaration_at(ws: &Workspace<'_>, snapshot: &Snapshot, offset: usize) -> Option<Declared> {
    if let Some(found) = origin_of(ws, snapshot, offset) {
        return Some(found);
    }
    if let Some((file, span)) = crate::cells::definition(ws.documents(), snapshot, offset) {
        return Some(Declared {
            path: None,
            file,
            span,
        });
    }
    namespace_member(ws, snapshot, offset)
}

/// `member` of `ns.member` where `ns` is a namespace import: the member's declaration in that module.
pub fn namespace_member(
    ws: &Workspace<'_>,
    snapshot: &Snapshot,
    offset: usize,
) -> Option<Declared> {
    let (start, end) = identifier_at(&snapshot.text, offset)?;
    let before = snapshot.text[..start].trim_end().strip_suffix('.')?;
    let namespace_end = before.trim_end().len();
    let binding = snapshot.navigation().definition(namespace_end)?.import?;
    if binding.imported != Imported::Namespace {
        return None;
    }
    let path = crate::uri::to_path(&snapshot.uri)?;
    let target = ws.resolve(&path, &binding.specifier)?;
    find_export(ws, &target, &snapshot.text[start..end], 0)
}

/// The declaration the name at `offset` of `snapshot` stands for: the one in the file it is imported from
/// (through re-exports) for an imported name, else its own.
pub fn origin_of(ws: &Workspace<'_>, snapshot: &Snapshot, offset: usize) -> Option<Declared> {
    let index = snapshot.navigation();
    let definition = index.definition(offset)?;
    let path = crate::uri::to_path(&snapshot.uri);
    if let (Some(binding), Some(path)) = (&definition.import, &path)
        && binding.imported != Imported::Namespace
        && let Some(found) = follow_import(ws, path, binding)
    {
        return Some(found);
    }
    Some(Declared {
        path,
        file: snapshot.clone(),
        span: definition.span,
    })
}
