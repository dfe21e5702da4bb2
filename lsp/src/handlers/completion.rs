//! `textDocument/completion`: after `path.`, the live value's properties from the folder's session;
//! otherwise the session's global names (standard globals before it exists), the file's top-level
//! declarations and keywords.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use gen_lsp_types::{CompletionItem, CompletionItemKind, CompletionParams, CompletionResponse};
use vmjs_core::analysis::{KEYWORDS, completion_target, declared_names};

use super::words::STANDARD_GLOBALS;
use crate::context::Ctx;
use crate::{rpc, runs};

/// How long the session may take to list its globals.
const NAMES_TIMEOUT: Duration = Duration::from_millis(300);

/// The completion items at a position.
pub async fn completion(
    ctx: Ctx,
    params: CompletionParams,
) -> rpc::Result<Option<CompletionResponse>> {
    let state = &ctx.state;
    let position = &params.text_document_position_params;
    let (snapshot, offset) = ctx.snapshot_at(position)?;
    let root = runs::root_of(state, &position.text_document.uri);
    let before = snapshot.text.get(..offset).unwrap_or_default();
    let target = completion_target(before);
    if before[..before.len() - target.prefix.len()].ends_with('.') {
        let properties = match (target.object, state.folders.existing(&root)) {
            (Some(object), Some(session)) => session.property_names(&object, NAMES_TIMEOUT).await,
            _ => Vec::new(),
        };
        let items = properties
            .into_iter()
            .map(|label| CompletionItem {
                label,
                kind: Some(CompletionItemKind::Property),
                ..CompletionItem::default()
            })
            .collect();
        return Ok(Some(CompletionResponse::CompletionItemList(items)));
    }
    let mut items: BTreeMap<String, CompletionItemKind> = BTreeMap::new();
    for keyword in KEYWORDS {
        items.insert((*keyword).to_owned(), CompletionItemKind::Keyword);
    }
    let globals = match state.folders.existing(&root) {
        Some(session) => session.global_names(NAMES_TIMEOUT).await,
        None => STANDARD_GLOBALS.iter().map(|g| (*g).to_owned()).collect(),
    };
    for name in globals {
        items.insert(name, CompletionItemKind::Variable);
    }
    let text = Arc::clone(&snapshot.text);
    let declared = tokio::task::spawn_blocking(move || declared_names(&text))
        .await
        .unwrap_or_default();
    for name in declared {
        items.insert(name, CompletionItemKind::Variable);
    }
    let items = items
        .into_iter()
        .map(|(label, kind)| CompletionItem {
            label,
            kind: Some(kind),
            ..CompletionItem::default()
        })
        .collect();
    Ok(Some(CompletionResponse::CompletionItemList(items)))
}
