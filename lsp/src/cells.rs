//! Notebook cells as one program in order, as the kernel runs them: a name a cell declares at its top level
//! is the same name in the other cells of its notebook that use it without declaring it. Definition goes
//! to the nearest earlier cell that declares it (else a later one); references and rename cover every cell.
//! A cell declaring the name again is not an error (the kernel's REPL rule): its uses count as the name's.

use vmjs_core::analysis::{Occurrence, RenameEdit, RenameError, RenameMode, TextSpan};

use crate::documents::{OpenDocuments, Snapshot};

/// The name at `offset` if `snapshot` is a notebook cell and the name is shared between cells (used
/// without a declaration, or declared at the cell's top level), with the notebook's cells.
fn shared<'a>(
    documents: &'a OpenDocuments,
    snapshot: &Snapshot,
    offset: usize,
) -> Option<(String, Vec<&'a Snapshot>)> {
    let cells = documents.notebook_cells(&snapshot.uri)?;
    let index = snapshot.navigation();
    let occurrence = index.occurrence_at(offset)?;
    if !(occurrence.is_global() || index.is_top_level(offset)) {
        return None;
    }
    Some((index.name_at(offset)?.to_owned(), cells))
}

/// The declaration, in another cell, of a name the cell at `offset` uses without declaring it.
pub fn definition(
    documents: &OpenDocuments,
    snapshot: &Snapshot,
    offset: usize,
) -> Option<(Snapshot, TextSpan)> {
    let (name, cells) = shared(documents, snapshot, offset)?;
    let here = cells.iter().position(|c| c.uri == snapshot.uri)?;
    let earlier = cells[..here].iter().rev();
    let later = cells[here + 1..].iter();
    earlier.chain(later).find_map(|cell| {
        let span = cell.navigation().top_level_declaration(&name)?;
        Some(((*cell).clone(), span))
    })
}

/// Every cell's occurrences of the shared name at `offset` (`None` when it is not shared between cells).
pub fn occurrences(
    documents: &OpenDocuments,
    snapshot: &Snapshot,
    offset: usize,
) -> Option<Vec<(Snapshot, Vec<Occurrence>)>> {
    let (name, cells) = shared(documents, snapshot, offset)?;
    Some(
        cells
            .into_iter()
            .map(|cell| {
                let index = cell.navigation();
                let found = match index.top_level_declaration(&name) {
                    Some(span) => index.references_of_declaration(span),
                    None => index.global_occurrences(&name),
                };
                (cell.clone(), found)
            })
            .collect(),
    )
}

/// Each cell's rename edits.
pub type CellEdits = Vec<(Snapshot, Vec<RenameEdit>)>;

/// The edits renaming the shared name at `offset` in every cell (`None` when it is not shared).
pub fn rename(
    documents: &OpenDocuments,
    snapshot: &Snapshot,
    offset: usize,
    new_name: &str,
) -> Option<Result<CellEdits, (Snapshot, RenameError)>> {
    let (name, cells) = shared(documents, snapshot, offset)?;
    let mut out = Vec::new();
    for cell in cells {
        let index = cell.navigation();
        let edits = match index.top_level_declaration(&name) {
            Some(span) => index.rename_declared_at(span, new_name, RenameMode::ThisFile),
            None => index.rename_global(&name, new_name),
        };
        match edits {
            Ok(edits) => out.push((cell.clone(), edits)),
            Err(error) => return Some(Err((cell.clone(), error))),
        }
    }
    Some(Ok(out))
}
