//! `textDocument/hover` on an identifier: its live value from the folder's session (type and preview, a
//! function's signature) for the property path under the cursor, and whether the file declares it at top
//! level.

use std::sync::Arc;
use std::time::Duration;

use gen_lsp_types::{Contents, Hover, HoverParams, MarkupContent, MarkupKind};
use vmjs_core::analysis::{KEYWORDS, declared_names, expression_at, identifier_at};
use vmjs_core::model::Description;

use crate::context::Ctx;
use crate::{rpc, runs, to_proto};

/// How long the session may take to describe a value (it answers at once while it runs code).
const DESCRIBE_TIMEOUT: Duration = Duration::from_millis(300);

/// The hover for a position (`None` outside identifiers).
pub async fn hover(ctx: Ctx, params: HoverParams) -> rpc::Result<Option<Hover>> {
    let state = &ctx.state;
    let position = &params.text_document_position_params;
    let (snapshot, offset) = ctx.snapshot_at(position)?;
    let Some((start, end)) = identifier_at(&snapshot.text, offset) else {
        return Ok(None);
    };
    let name = &snapshot.text[start..end];
    if KEYWORDS.contains(&name) {
        return Ok(None);
    }
    let mut lines = Vec::new();
    let root = runs::root_of(state, &position.text_document.uri);
    if let (Some(session), Some(expression)) = (
        state.folders.existing(&root),
        expression_at(&snapshot.text, end),
    ) {
        let description = session.describe(&expression, 0, DESCRIBE_TIMEOUT).await;
        if let Some(description) = description {
            lines.push(live_value(&expression, &description));
        }
    }
    let text = Arc::clone(&snapshot.text);
    let wanted = name.to_owned();
    let declared = tokio::task::spawn_blocking(move || declared_names(&text).contains(&wanted))
        .await
        .unwrap_or(false);
    if declared {
        lines.push(format!("`{name}`: declared at the top level of this file"));
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

/// Markdown for a live value: the signature or type, then the preview.
fn live_value(expression: &str, description: &Description) -> String {
    let head = match &description.signature {
        Some(signature) => signature.clone(),
        None => format!("{expression}: {}", description.type_name),
    };
    format!(
        "```js\n{head}\n```\n```js\n{}\n```\n*live value in this folder's vmjs session*",
        description.preview
    )
}
