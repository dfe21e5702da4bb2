//! A run's uncaught exception as diagnostics: an Error at the innermost stack frame that lies in the run's
//! text (source `vmjs runtime`, message `Name: message`), the other frames as related information.

use std::path::Path;

use gen_lsp_types::Diagnostic;
use vmjs_core::model::ExceptionPayload;
use vmjs_core::stack::parse_frames;

use crate::documents::Snapshot;
use crate::to_proto::{self, RUNTIME_SOURCE};
use vmjs_core::line_index::LineIndex;

/// What ran: a whole document or a part of it.
pub struct RunText<'a> {
    /// The document the code came from.
    pub snapshot: &'a Snapshot,
    /// Byte offset of the code in the document (0 for a whole file).
    pub base: usize,
    /// The code as run.
    pub code: &'a str,
    /// The name frames give the code (`src/a.js`, `<cell 3>`).
    pub source_name: &'a str,
    /// The session root, to locate frames in other files.
    pub root: &'a Path,
}

/// The diagnostics for `error` thrown by `run` (one Error with related frames).
pub fn diagnostics(run: &RunText<'_>, error: &ExceptionPayload) -> Vec<Diagnostic> {
    let frames = parse_frames(&error.stack);
    let code_index = LineIndex::new(run.code);
    let in_code = |file: &str| file == run.source_name;
    let primary = match (&error.file, error.line) {
        (Some(file), Some(line)) if in_code(file) => Some((line, error.column.unwrap_or(1))),
        _ => frames
            .iter()
            .find(|f| in_code(&f.file) && f.line.is_some())
            .and_then(|f| Some((f.line?, f.column.unwrap_or(1)))),
    };
    let (line, column) = primary.unwrap_or((1, 1));
    let (start, end) = code_span(run, &code_index, line, column);
    let range = to_proto::range(run.snapshot, start, end);
    let mut related = Vec::new();
    let mut skipped_primary = false;
    for frame in &frames {
        let Some(frame_line) = frame.line else {
            continue;
        };
        let frame_column = frame.column.unwrap_or(1);
        let location = if in_code(&frame.file) {
            if !skipped_primary && (frame_line, frame_column) == (line, column) {
                skipped_primary = true;
                continue;
            }
            let (start, end) = code_span(run, &code_index, frame_line, frame_column);
            to_proto::location(run.snapshot, start, end)
        } else {
            let path = run.root.join(&frame.file);
            if frame.file.is_empty() || !path.is_file() {
                continue;
            }
            to_proto::location_in_file(&path, frame_line, frame_column)
        };
        related.push(to_proto::frame_information(location, &frame.function));
    }
    let mut diagnostic = to_proto::diagnostic(
        range,
        format!("{}: {}", error.name, error.message),
        RUNTIME_SOURCE,
    );
    if !related.is_empty() {
        diagnostic.related_information = Some(related);
    }
    vec![diagnostic]
}

/// The bytes of the document from a 1-based (line, column) of the code to the end of that line.
fn code_span(run: &RunText<'_>, code_index: &LineIndex, line: u32, column: u32) -> (usize, usize) {
    let text: &str = &run.snapshot.text;
    let start = (run.base + code_index.offset_of_line_col(run.code, line, column)).min(text.len());
    let (doc_line, _) =
        run.snapshot
            .index
            .position(text, start, vmjs_core::line_index::Encoding::Utf8);
    let line_end = run.snapshot.index.line_end(text, doc_line as usize);
    let end = text[start..line_end.max(start)].trim_end().len() + start;
    let end = if end == start {
        text[start..]
            .chars()
            .next()
            .filter(|c| *c != '\n')
            .map_or(start, |c| start + c.len_utf8())
    } else {
        end
    };
    (start, end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use vmjs_core::line_index::Encoding;

    #[test]
    fn innermost_frame_in_the_file_with_related_frames() {
        let text = "function f() {\n  throw new TypeError('bad');\n}\nf();\n";
        let snapshot = Snapshot::from_text("file:///r/a.js".into(), 1, text, Encoding::Utf16);
        let error = ExceptionPayload {
            name: "TypeError".into(),
            message: "bad".into(),
            stack: "TypeError: bad\n    at f (a.js:2:9)\n    at <main> (a.js:4:1)".into(),
            line: Some(2),
            column: Some(9),
            file: Some("a.js".into()),
        };
        let run = RunText {
            snapshot: &snapshot,
            base: 0,
            code: text,
            source_name: "a.js",
            root: Path::new("/r"),
        };
        let json = serde_json::to_value(diagnostics(&run, &error)).unwrap();
        expect_test::expect![[r#"[{"message":"TypeError: bad","range":{"end":{"character":29,"line":1},"start":{"character":8,"line":1}},"relatedInformation":[{"location":{"range":{"end":{"character":4,"line":3},"start":{"character":0,"line":3}},"uri":"file:///r/a.js"},"message":"at <main>"}],"severity":1,"source":"vmjs runtime"}]"#]]
        .assert_eq(&json.to_string());
    }
}
