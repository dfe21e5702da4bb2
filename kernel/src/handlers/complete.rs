//! `complete_request` and `is_complete_request`. Completion offers, for the token before the cursor,
//! properties of the live value after `expr.`, else the session's global names, the names this cell
//! declares and keywords. Cursor positions are Unicode code points (Jupyter's rule).

use std::collections::BTreeSet;
use std::time::Duration;

use serde_json::{Value, json};
use vmjs_core::analysis::{Completeness, declared_names, is_complete as completeness};

use crate::server::Kernel;
use crate::wire::Message;

/// How long completion waits for the session (it answers from a snapshot while a cell runs).
const NAMES_TIMEOUT: Duration = Duration::from_millis(200);

/// JavaScript keywords offered as completions.
const KEYWORDS: &[&str] = &[
    "async",
    "await",
    "break",
    "case",
    "catch",
    "class",
    "const",
    "continue",
    "debugger",
    "default",
    "delete",
    "do",
    "else",
    "export",
    "extends",
    "false",
    "finally",
    "for",
    "function",
    "if",
    "import",
    "in",
    "instanceof",
    "let",
    "new",
    "null",
    "of",
    "return",
    "static",
    "super",
    "switch",
    "this",
    "throw",
    "true",
    "try",
    "typeof",
    "undefined",
    "var",
    "void",
    "while",
    "with",
    "yield",
];

/// The `complete_reply` content.
pub async fn complete(kernel: &std::sync::Arc<Kernel>, request: &Message) -> Value {
    let code = request.str_field("code").unwrap_or_default().to_owned();
    let cursor_chars = request
        .int_field("cursor_pos")
        .map_or(code.chars().count(), |c| c.max(0) as usize);
    let cursor = byte_offset(&code, cursor_chars);
    let target = completion_target(&code[..cursor]);
    let candidates: BTreeSet<String> = match &target.object {
        Some(expression) => {
            let session = std::sync::Arc::clone(&kernel.session);
            let expression = expression.clone();
            tokio::task::spawn_blocking(move || session.property_names(&expression, NAMES_TIMEOUT))
                .await
                .unwrap_or_default()
                .into_iter()
                .collect()
        }
        None => {
            let session = std::sync::Arc::clone(&kernel.session);
            let mut names: BTreeSet<String> =
                tokio::task::spawn_blocking(move || session.global_names(NAMES_TIMEOUT))
                    .await
                    .unwrap_or_default()
                    .into_iter()
                    .collect();
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

/// What is being completed: the identifier prefix before the cursor, and the property path before a `.`.
#[derive(Debug, PartialEq, Eq)]
pub struct Target {
    pub prefix: String,
    pub object: Option<String>,
}

/// Splits the text before the cursor into `object.prefix` (or just `prefix`).
pub fn completion_target(before: &str) -> Target {
    let prefix_start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| is_identifier_char(*c))
        .last()
        .map_or(before.len(), |(i, _)| i);
    let prefix = before[prefix_start..].to_owned();
    let object = before[..prefix_start]
        .strip_suffix('.')
        .and_then(|rest| property_path_suffix(rest).map(str::to_owned));
    Target { prefix, object }
}

/// The longest suffix of `text` that is a property path (`a.b[0]["c"]`), if any.
pub fn property_path_suffix(text: &str) -> Option<&str> {
    let start = text
        .char_indices()
        .rev()
        .take_while(|(_, c)| is_identifier_char(*c) || matches!(c, '.' | '[' | ']' | '"' | '\''))
        .last()
        .map(|(i, _)| i)?;
    let path = text[start..].trim_start_matches('.');
    let first = path.chars().next()?;
    (is_identifier_char(first) && !first.is_ascii_digit()).then_some(path)
}

/// Characters of a JS identifier (ASCII letters, digits, `_`, `$`, and any non-ASCII letter).
pub fn is_identifier_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '$'
}

/// The byte offset of the `chars`-th code point (clamped to the end).
pub fn byte_offset(text: &str, chars: usize) -> usize {
    text.char_indices()
        .nth(chars)
        .map_or(text.len(), |(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(before: &str) -> (String, Option<String>) {
        let t = completion_target(before);
        (t.prefix, t.object)
    }

    #[test]
    fn targets() {
        assert_eq!(target("Math.ma"), ("ma".into(), Some("Math".into())));
        assert_eq!(target("x = foo"), ("foo".into(), None));
        assert_eq!(target("a.b[0]."), (String::new(), Some("a.b[0]".into())));
        assert_eq!(target("f(x).y"), ("y".into(), None));
        assert_eq!(target("1.5"), ("5".into(), None));
        assert_eq!(target("café.le"), ("le".into(), Some("café".into())));
    }

    #[test]
    fn code_point_offsets() {
        assert_eq!(byte_offset("é😀x", 2), "é😀".len());
        assert_eq!(byte_offset("ab", 9), 2);
    }
}
