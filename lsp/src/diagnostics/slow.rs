//! The second publish: oxc's semantic early errors, then boa's verdict from the checker worker when oxc
//! found nothing (so one mistake is never reported twice). A TypeScript document is stripped as a run would
//! strip it (what the transformer refuses is reported too), and boa checks the JavaScript that would run, its
//! errors placed back in the TypeScript.

use std::sync::Arc;
use std::time::Duration;

use vmjs_core::analysis::{
    Diagnostic, SourceKind, StrippedTs, TsUnit, source_kind, strip_types, syntax_errors,
};
use vmjs_core::host::{SyntaxChecker, WorkerPool};

use crate::documents::Snapshot;
use crate::to_proto::Problem;

/// How long boa may take to parse one document.
const CHECK_TIMEOUT: Duration = Duration::from_secs(10);

/// oxc semantic checks plus boa, for one document at a time.
pub struct SlowChecker {
    checker: SyntaxChecker,
}

impl SlowChecker {
    /// A checker whose boa worker comes from `pool` (started on first use).
    pub fn new(pool: Arc<WorkerPool>) -> Self {
        Self {
            checker: SyntaxChecker::new(pool),
        }
    }

    /// Every syntax problem of the snapshot (parser, semantic, boa).
    pub fn problems(&mut self, snapshot: &Snapshot) -> Vec<Problem> {
        let text: &str = &snapshot.text;
        if snapshot.is_typescript() {
            return match strip_types(text, TsUnit::File) {
                Ok(stripped) => self.boa_problems(snapshot, &stripped.code, Some(&stripped)),
                Err(diagnostics) => problems_of(diagnostics),
            };
        }
        let kind = source_kind(text);
        let problems = problems_of(syntax_errors(text, kind));
        if !problems.is_empty() {
            return problems;
        }
        self.boa_problems(snapshot, text, None)
    }

    /// boa's verdict on `code` (the document's text, or the JavaScript printed from its TypeScript), placed
    /// in the document.
    fn boa_problems(
        &mut self,
        snapshot: &Snapshot,
        code: &str,
        printed_from: Option<&StrippedTs>,
    ) -> Vec<Problem> {
        let text: &str = &snapshot.text;
        let module = source_kind(code) == SourceKind::Module;
        match self.checker.check(code, module, CHECK_TIMEOUT) {
            Ok(errors) => errors
                .into_iter()
                .map(|e| {
                    let (line, column) = (e.line.unwrap_or(1), e.column.unwrap_or(1));
                    let (line, column) = match printed_from {
                        Some(stripped) => stripped.original_position(line, column),
                        None => (line, column),
                    };
                    let start = snapshot.index.offset_of_line_col(text, line, column);
                    let end = text[start..]
                        .chars()
                        .next()
                        .map_or(start, |c| start + c.len_utf8());
                    Problem {
                        message: e.message,
                        start,
                        end,
                    }
                })
                .collect(),
            Err(error) => {
                tracing::warn!("boa syntax check skipped: {error}");
                Vec::new()
            }
        }
    }
}

fn problems_of(diagnostics: Vec<Diagnostic>) -> Vec<Problem> {
    diagnostics
        .into_iter()
        .map(|d| Problem {
            message: d.message,
            start: d.start,
            end: d.end,
        })
        .collect()
}
