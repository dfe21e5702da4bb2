//! The second publish: oxc's semantic early errors, then boa's verdict from the checker worker when oxc
//! found nothing (so one mistake is never reported twice).

use std::sync::Arc;
use std::time::Duration;

use vmjs_core::analysis::{SourceKind, source_kind, syntax_errors};
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
        let kind = source_kind(text);
        let problems: Vec<Problem> = syntax_errors(text, kind)
            .into_iter()
            .map(|d| Problem {
                message: d.message,
                start: d.start,
                end: d.end,
            })
            .collect();
        if !problems.is_empty() {
            return problems;
        }
        match self
            .checker
            .check(text, kind == SourceKind::Module, CHECK_TIMEOUT)
        {
            Ok(errors) => errors
                .into_iter()
                .map(|e| {
                    let start = snapshot.index.offset_of_line_col(
                        text,
                        e.line.unwrap_or(1),
                        e.column.unwrap_or(1),
                    );
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
