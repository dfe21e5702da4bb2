//! `textDocument/hover` on an identifier: where the file declares it at top level, and whether the folder's
//! live session defines it (from the session's global names).

use std::sync::Arc;
use std::time::Duration;

use tower_lsp_server::gen_lsp_types::{Contents, Hover, HoverParams, MarkupContent, MarkupKind};
use tower_lsp_server::jsonrpc;
use vmjs_core::analysis::declared_names;

use super::words::{KEYWORDS, identifier_at};
use crate::runs;
use crate::state::State;
use crate::to_proto;

/// How long the session may take to list its globals.
const NAMES_TIMEOUT: Duration = Duration::from_millis(300);

/// The hover for a position (`None` outside identifiers).
pub async fn hover(state: &Arc<State>, params: HoverParams) -> jsonrpc::Result<Option<Hover>> {
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
    let Some((start, end)) = identifier_at(&snapshot.text, offset) else {
        return Ok(None);
    };
    let name = &snapshot.text[start..end];
    if KEYWORDS.contains(&name) {
        return Ok(None);
    }
    let mut lines = Vec::new();
    let text = Arc::clone(&snapshot.text);
    let wanted = name.to_owned();
    let declared = tokio::task::spawn_blocking(move || declared_names(&text).contains(&wanted))
        .await
        .unwrap_or(false);
    if declared {
        lines.push(format!("`{name}`: declared at the top level of this file"));
    }
    let root = runs::root_of(state, &uri);
    if let Some(session) = state.folders.existing(&root) {
        let names = tokio::task::spawn_blocking(move || session.global_names(NAMES_TIMEOUT))
            .await
            .unwrap_or_default();
        if names.iter().any(|n| n == name) {
            lines.push(format!("`{name}`: defined in this folder's vmjs session"));
        }
    }
    if lines.is_empty() {
        return Ok(None);
    }
    Ok(Some(Hover {
        contents: Contents::MarkupContent(MarkupContent {
            kind: MarkupKind::Markdown,
            value: lines.join("\n\n"),
        }),
        range: Some(to_proto::range(&snapshot, start, end)),
    }))
}
