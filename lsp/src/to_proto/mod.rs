//! Conversions from core's and the analysis' types to LSP types: the only place that builds protocol values
//! from core data (positions, ranges, locations, diagnostics, command answers, run output). Handlers build
//! only the envelopes that carry these (a `Hover` around contents, a `CodeLens` around a range).

use std::path::Path;

use gen_lsp_types::{
    Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Location, Message, MessageType,
    Position, Range,
};
use serde_json::{Value, json};
use vmjs_core::model::{EventBody, ExecutionRecord};

use crate::documents::Snapshot;

mod navigation;

pub use navigation::*;

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

/// The location of bytes `start..end` of the snapshot.
pub fn location(snapshot: &Snapshot, start: usize, end: usize) -> Location {
    Location {
        uri: snapshot.uri.clone(),
        range: range(snapshot, start, end),
    }
}

/// A point in a file that is not open, at a 1-based line and column as a stack frame gives them. The file's
/// text is not read, so the column counts characters, not UTF-16 units (they differ only past a character
/// outside the Basic Multilingual Plane on that line).
pub fn location_in_file(path: &Path, line: u32, column: u32) -> Location {
    let position = Position {
        line: line.saturating_sub(1),
        character: column.saturating_sub(1),
    };
    Location {
        uri: crate::uri::from_path(path),
        range: Range {
            start: position,
            end: position,
        },
    }
}

/// A frame of a runtime error, as related information of its diagnostic.
pub fn frame_information(location: Location, function: &str) -> DiagnosticRelatedInformation {
    DiagnosticRelatedInformation {
        location,
        message: format!("at {function}"),
    }
}

/// The answer of a command that runs nothing itself (interrupt, restart): `{executionId, status, durationMs}`.
pub fn command_answer(execution_id: Option<&str>, status: &str, duration_ms: u64) -> Value {
    json!({
        "executionId": execution_id,
        "status": status,
        "durationMs": duration_ms,
    })
}

/// The answer of a run command: `{executionId, status, durationMs, result?, error?}`.
pub fn run_result(execution_id: &str, record: &ExecutionRecord) -> Value {
    let mut out = command_answer(
        Some(execution_id),
        record.status.as_str(),
        record.metrics.wall_ms,
    );
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

/// The text an event adds to a run's output, and its stream (`stdout`/`stderr`), if any: console lines, a REPL
/// run's value, the plain text of displays, the error's stack, vmjs's own notes.
pub fn run_output(body: &EventBody, is_repl: bool) -> Option<(&'static str, String)> {
    match body {
        EventBody::Console { level, text } => Some((
            if level.is_stderr() {
                "stderr"
            } else {
                "stdout"
            },
            format!("{text}\n"),
        )),
        EventBody::Value(value) if is_repl => Some(("stdout", format!("{}\n", value.preview))),
        EventBody::Display { data, .. } => data
            .get("text/plain")
            .and_then(|v| v.as_str())
            .map(|text| ("stdout", format!("{text}\n"))),
        EventBody::Exception(error) => Some(("stderr", format!("{}\n", error.stack))),
        EventBody::System { text } => Some(("stderr", format!("[vmjs] {text}\n"))),
        _ => None,
    }
}

/// The `window/logMessage` type that carries a stream's output to a client without vmjs's output notification.
pub fn log_message_type(stream: &str) -> MessageType {
    if stream == "stderr" {
        MessageType::Warning
    } else {
        MessageType::Log
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use vmjs_core::line_index::Encoding;

    fn snapshot(text: &str, encoding: Encoding) -> Snapshot {
        Snapshot::from_text("file:///a.js".into(), 1, text, encoding)
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
