//! `complete_request` and `is_complete_request`. Completion offers, for the token before the cursor,
//! properties of the live value after `expr.`, else the session's global names, the names this cell
//! declares and keywords. Cursor positions are Unicode code points (Jupyter's rule).

use std::collections::BTreeSet;
use std::time::Duration;

use serde_json::{Value, json};
use vmjs_core::analysis::{
    Completeness, KEYWORDS, completion_target, declared_names, is_complete as completeness,
};
use vmjs_core::line_index::{Encoding, offset_of_units};

use crate::server::Kernel;
use crate::wire::Message;

/// How long completion waits for the session (it answers from a snapshot while a cell runs).
const NAMES_TIMEOUT: Duration = Duration::from_millis(200);

/// The `complete_reply` content.
pub async fn complete(kernel: &std::sync::Arc<Kernel>, request: &Message) -> Value {
    let code = request.str_field("code").unwrap_or_default().to_owned();
    let cursor_chars = request
        .int_field("cursor_pos")
        .map_or(code.chars().count(), |c| c.max(0) as usize);
    let cursor = offset_of_units(&code, cursor_chars, Encoding::Utf32);
    let target = completion_target(&code[..cursor]);
    // While the session starts, complete from the cell and keywords only.
    let session = kernel.session.get();
    let candidates: BTreeSet<String> = match (&target.object, session) {
        (Some(_), None) => BTreeSet::new(),
        (Some(expression), Some(session)) => session
            .property_names(expression, NAMES_TIMEOUT)
            .await
            .into_iter()
            .collect(),
        (None, session) => {
            let mut names: BTreeSet<String> = match session {
                Some(session) => session
                    .global_names(NAMES_TIMEOUT)
                    .await
                    .into_iter()
                    .collect(),
                None => BTreeSet::new(),
            };
            names.extend(declared_names(&code));
            names.extend(KEYWORDS.iter().map(|k| (*k).to_owned()));
            names
        }
    };
    let matches: Vec<String> = candidates
        .into_iter()
        .filter(|name| name.starts_with(&target.prefix))
        .collect();
    let start = cursor_chars - target.prefix.chars().count();
    json!({
        "status": "ok",
        "matches": matches,
        "cursor_start": start,
        "cursor_end": cursor_chars,
        "metadata": {},
    })
}

/// The `is_complete_reply` content, from a real parser.
pub fn is_complete(request: &Message) -> Value {
    let code = request.str_field("code").unwrap_or_default();
    match completeness(code) {
        Completeness::Complete => json!({ "status": "complete" }),
        Completeness::Incomplete { indent } => json!({ "status": "incomplete", "indent": indent }),
        Completeness::Invalid => json!({ "status": "invalid" }),
    }
}
