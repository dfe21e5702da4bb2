//! `workspace/symbol`: the outline symbols of every source file of the workspace folders (open documents as
//! edited, the others from disk) whose name contains the query's characters in order, case-insensitively —
//! best matches first (a name starting with the query, then shorter names).

use gen_lsp_types::{
    BaseSymbolInformation, WorkspaceSymbol, WorkspaceSymbolLocation, WorkspaceSymbolParams,
    WorkspaceSymbolResponse,
};
use vmjs_core::analysis::OutlineSymbol;

use crate::context::Ctx;
use crate::documents::Snapshot;
use crate::workspace::Workspace;
use crate::{rpc, to_proto};

/// At most this many symbols are answered.
const MAX_SYMBOLS: usize = 256;

/// The workspace's symbols matching the query.
pub fn workspace_symbol(
    ctx: &Ctx,
    params: WorkspaceSymbolParams,
) -> rpc::Result<Option<WorkspaceSymbolResponse>> {
    let query = params.query.to_lowercase();
    let mut found: Vec<(bool, usize, WorkspaceSymbol)> = Vec::new();
    for root in ctx.state.folders.roots() {
        for (_, file) in Workspace::at(ctx, root).files_mentioning("") {
            let outline = file.navigation();
            collect(&file, outline.outline(), None, &query, &mut found);
        }
    }
    found.sort_by(|a, b| {
        (!a.0, a.1, &a.2.base_symbol_information.name).cmp(&(
            !b.0,
            b.1,
            &b.2.base_symbol_information.name,
        ))
    });
    found.truncate(MAX_SYMBOLS);
    Ok(Some(WorkspaceSymbolResponse::WorkspaceSymbolList(
        found.into_iter().map(|(_, _, symbol)| symbol).collect(),
    )))
}

fn collect(
    file: &Snapshot,
    symbols: &[OutlineSymbol],
    container: Option<&str>,
    query: &str,
    out: &mut Vec<(bool, usize, WorkspaceSymbol)>,
) {
    for symbol in symbols {
        let lower = symbol.name.to_lowercase();
        if matches(&lower, query) {
            out.push((
                lower.starts_with(query),
                symbol.name.len(),
                WorkspaceSymbol {
                    location: WorkspaceSymbolLocation::Location(to_proto::location(
                        file,
                        symbol.name_span.start,
                        symbol.name_span.end,
                    )),
                    data: None,
                    base_symbol_information: BaseSymbolInformation {
                        name: symbol.name.clone(),
                        kind: to_proto::outline_kind(symbol.kind),
                        tags: None,
                        container_name: container.map(str::to_owned),
                    },
                },
            ));
        }
        collect(file, &symbol.children, Some(&symbol.name), query, out);
    }
}

/// Whether `name` contains the characters of `query` in order.
fn matches(name: &str, query: &str) -> bool {
    let mut rest = name.chars();
    query.chars().all(|wanted| rest.any(|c| c == wanted))
}

#[cfg(test)]
mod tests {
    #[test]
    fn fuzzy_matching_keeps_the_order_of_characters() {
        assert!(super::matches("parsefile", "pfile"));
        assert!(super::matches("anything", ""));
        assert!(!super::matches("parsefile", "fp"));
    }
}
