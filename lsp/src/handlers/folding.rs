//! `textDocument/foldingRange` (blocks, bodies, literals, multi-line comments, runs of imports) and
//! `textDocument/selectionRange` (the syntax around each position, innermost first).

use gen_lsp_types::{FoldingRange, FoldingRangeParams, SelectionRange, SelectionRangeParams};

use crate::context::Ctx;
use crate::{rpc, to_proto};

/// The folding ranges of a document.
pub fn folding_range(
    ctx: &Ctx,
    params: FoldingRangeParams,
) -> rpc::Result<Option<Vec<FoldingRange>>> {
    let snapshot = ctx.snapshot(&params.text_document.uri)?;
    let regions = snapshot.navigation();
    Ok(Some(to_proto::folding_ranges(
        &snapshot,
        regions.folding_regions(),
    )))
}

/// The selection ranges at each position.
pub fn selection_range(
    ctx: &Ctx,
    params: SelectionRangeParams,
) -> rpc::Result<Option<Vec<SelectionRange>>> {
    let snapshot = ctx.snapshot(&params.text_document.uri)?;
    let index = snapshot.navigation();
    params
        .positions
        .iter()
        .map(|position| {
            let offset = snapshot.offset(*position)?;
            to_proto::selection_range(&snapshot, &index.selection_ranges(offset))
                .ok_or_else(|| rpc::ResponseError::internal("no selection range"))
        })
        .collect::<rpc::Result<Vec<_>>>()
        .map(Some)
}
