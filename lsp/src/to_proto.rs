//! Conversions from core's and the analysis' types to LSP types (the only place that builds protocol values
//! from core data).

use serde_json::{Value, json};
use tower_lsp_server::gen_lsp_types::{Diagnostic, DiagnosticSeverity, Message, Position, Range};
use vmjs_core::model::ExecutionRecord;

use crate::documents::Snapshot;

/// Source of syntax diagnostics.
pub const SYNTAX_SOURCE: &str = "vmjs";
/// Source of diagnostics from a run's uncaught exception.
pub const RUNTIME_SOURCE: &str = "vmjs runtime";

/// A problem at byte offsets `start..end` of a snapshot's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub message: String,
    pub start: usize,
    pub end: usize,
}

/// The LSP range of bytes `start..end` of the snapshot.
pub fn range(snapshot: &Snapshot, start: usize, end: usize) -> Range {
    let position = |offset| {
        let (line, character) = snapshot
            .index
            .position(&snapshot.text, offset, snapshot.encoding);
        Position { line, character }
    };
    Range {
        start: position(start),
        end: position(end.max(start)),
    }
}

/// An error diagnostic.
pub fn diagnostic(range: Range, message: impl Into<String>, source: &str) -> Diagnostic {
    Diagnostic {
        range,
        severity: Some(DiagnosticSeverity::Error),
        source: Some(source.to_owned()),
        message: Message::String(message.into()),
        ..Diagnostic::default()
    }
}

/// Syntax diagnostics for the problems found in a snapshot.
pub fn syntax_diagnostics(snapshot: &Snapshot, problems: &[Problem]) -> Vec<Diagnostic> {
    problems
        .iter()
        .map(|p| diagnostic(range(snapshot, p.start, p.end), &p.message, SYNTAX_SOURCE))
        .collect()
}

/// The answer of a run command: `{executionId, status, durationMs, result?, error?}`.
pub fn run_result(execution_id: &str, record: &ExecutionRecord) -> Value {
    let mut out = json!({
        "executionId": execution_id,
        "status": record.status.as_str(),
        "durationMs": record.metrics.wall_ms,
    });
    if let Some(result) = &record.result {
        out["result"] = json!({"type": result.type_name, "preview": result.preview});
    }
    if let Some(error) = &record.error {
        out["error"] = json!({
            "name": error.name,
            "message": error.message,
            "stack": error.stack,
            "line": error.line,
            "column": error.column,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::position::{Encoding, LineIndex};

    fn snapshot(text: &str, encoding: Encoding) -> Snapshot {
        Snapshot {
            uri: "file:///a.js".into(),
            version: 1,
            text: Arc::from(text),
            index: Arc::new(LineIndex::new(text)),
            encoding,
        }
    }

    #[test]
    fn ranges_follow_the_encoding() {
        let text = "const s = '😀'; s +* 2";
        let start = text.find('*').unwrap_or_default();
        let problem = Problem {
            message: "Unexpected token".into(),
            start,
            end: start + 1,
        };
        let utf16 = syntax_diagnostics(
            &snapshot(text, Encoding::Utf16),
            std::slice::from_ref(&problem),
        );
        let utf8 = syntax_diagnostics(&snapshot(text, Encoding::Utf8), &[problem]);
        let json = serde_json::to_value((&utf16, &utf8)).unwrap();
        expect_test::expect![[r#"[[{"message":"Unexpected token","range":{"end":{"character":20,"line":0},"start":{"character":19,"line":0}},"severity":1,"source":"vmjs"}],[{"message":"Unexpected token","range":{"end":{"character":22,"line":0},"start":{"character":21,"line":0}},"severity":1,"source":"vmjs"}]]"#]]
        .assert_eq(&json.to_string());
    }
}
