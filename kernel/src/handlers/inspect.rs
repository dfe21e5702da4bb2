//! `inspect_request`: the type and preview of the value under the cursor, a function's signature;
//! `detail_level` 1 shows more. `found: false` when the name is unknown or the session is busy.

use serde_json::{Value, json};
use vmjs_core::analysis::expression_at;
use vmjs_core::line_index::{Encoding, offset_of_units};
use vmjs_core::model::Description;

use crate::server::Kernel;
use crate::wire::Message;

/// The `inspect_reply` content.
pub async fn inspect(kernel: &std::sync::Arc<Kernel>, request: &Message) -> Value {
    let code = request.str_field("code").unwrap_or_default();
    let cursor_chars = request
        .int_field("cursor_pos")
        .map_or(code.chars().count(), |c| c.max(0) as usize);
    let detail = request.int_field("detail_level").unwrap_or(0).clamp(0, 1) as u8;
    let Some(expression) =
        expression_at(code, offset_of_units(code, cursor_chars, Encoding::Utf32))
    else {
        return not_found();
    };
    let Some(session) = kernel.session.get() else {
        return not_found();
    };
    let description = session
        .describe(&expression, detail, DESCRIBE_TIMEOUT)
        .await;
    match description {
        Some(description) => json!({
            "status": "ok",
            "found": true,
            "data": { "text/plain": describe_text(&description) },
            "metadata": {},
        }),
        None => not_found(),
    }
}

/// How long inspection waits for the session (it answers `not found` at once while a cell runs).
const DESCRIBE_TIMEOUT: std::time::Duration = std::time::Duration::from_millis(500);

/// `signature` (functions) or the type, then the preview; the doc line when there is one.
fn describe_text(description: &Description) -> String {
    let mut text = match &description.signature {
        Some(signature) => format!("{signature}\n{}", description.preview),
        None => format!("{}: {}", description.type_name, description.preview),
    };
    if let Some(doc) = &description.doc {
        text.push_str("\n\n");
        text.push_str(doc);
    }
    text
}

fn not_found() -> Value {
    json!({ "status": "ok", "found": false, "data": {}, "metadata": {} })
}
