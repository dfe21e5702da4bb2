//! `textDocument/completion`: the folder session's global names (standard globals before it exists), the
//! file's top-level declarations and keywords. After a `.`, nothing (property names need a live value).

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use tower_lsp_server::gen_lsp_types::{
    CompletionItem, CompletionItemKind, CompletionParams, CompletionResponse,
};
use tower_lsp_server::jsonrpc;
use vmjs_core::analysis::declared_names;

use super::words::{KEYWORDS, STANDARD_GLOBALS, after_dot};
use crate::runs;
use crate::state::State;

/// How long the session may take to list its globals.
const NAMES_TIMEOUT: Duration = Duration::from_millis(300);

/// The completion items at a position.
pub async fn completion(
    state: &Arc<State>,
    params: CompletionParams,
) -> jsonrpc::Result<Option<CompletionResponse>> {
    let position = params.text_document_position_params.position;
    let uri = params.text_document_position_params.text_document.uri;
    let snapshot = runs::snapshot(state, &uri).await?;
    let offset = snapshot
        .index
        .offset(
            &snapshot.text,
            position.line,
            position.character,
            snapshot.encoding,
        )
        .map_err(|e| jsonrpc::Error::invalid_params(e.to_string()))?;
    if after_dot(&snapshot.text, offset) {
        return Ok(Some(CompletionResponse::CompletionItemList(Vec::new())));
    }
    let mut items: BTreeMap<String, CompletionItemKind> = BTreeMap::new();
    for keyword in KEYWORDS {
        items.insert((*keyword).to_owned(), CompletionItemKind::Keyword);
    }
    let root = runs::root_of(state, &uri);
    let globals = match state.folders.existing(&root) {
        Some(session) => tokio::task::spawn_blocking(move || session.global_names(NAMES_TIMEOUT))
            .await
            .unwrap_or_default(),
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
