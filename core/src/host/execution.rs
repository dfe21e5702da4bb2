//! The public face of one execution: what a caller asks for ([`ExecuteRequest`]) and what it receives, in
//! order ([`ExecutionUpdate`] through an [`ExecutionHandle`]: events, then exactly one `Finished`).

use std::time::Instant;

use tokio::sync::mpsc::UnboundedReceiver;

use super::tuning::{FINISH_SPIN, poll_until};
use crate::model::{
    CommMessage, Event, ExceptionPayload, ExecutionKind, ExecutionRecord, ExecutionStatus, Metrics,
};
use crate::paths;

/// One piece of code for the pipeline.
#[derive(Debug, Clone)]
pub struct ExecuteRequest {
    /// The execution's id (a fresh UUID from every constructor): known before the execution starts, so a caller
    /// can name it at once (the daemon answers a request with it, then streams its events).
    pub id: String,
    pub kind: ExecutionKind,
    pub source: String,
    /// `<cell N>` is used for REPL input when `None`.
    pub source_name: Option<String>,
    /// Overrides the template's `wall_ms` for this execution.
    pub wall_ms: Option<u64>,
    /// The input could not be prepared (e.g. unreadable file): the execution is recorded and fails with this.
    pub prepare_error: Option<ExceptionPayload>,
    /// `vmjs.args` while this execution runs (`None`: the session's). Such an execution is not replayed.
    pub args: Option<Vec<String>>,
    /// Variables `vmjs.env.get` answers while it runs, without a capability (the caller's own values). Such an
    /// execution is not replayed.
    pub env: Vec<(String, String)>,
}

impl ExecuteRequest {
    /// `source` of the given kind, named `source_name` (`<cell N>` when `None`), with a fresh id.
    pub fn new(
        kind: ExecutionKind,
        source: impl Into<String>,
        source_name: Option<String>,
    ) -> Self {
        Self {
            id: uuid::Uuid::new_v4().to_string(),
            kind,
            source: source.into(),
            source_name,
            wall_ms: None,
            prepare_error: None,
            args: None,
            env: Vec::new(),
        }
    }

    /// REPL input, as typed.
    pub fn repl(source: impl Into<String>) -> Self {
        Self::new(ExecutionKind::Repl, source, None)
    }

    /// A frontend's comm message, for the comm targets and comms the session's code registered
    /// (`Jupyter.comm`). Queued like any execution: it runs once the executions before it have finished.
    pub fn comm(message: &CommMessage) -> Self {
        let source = serde_json::to_string(message).unwrap_or_default();
        Self::new(ExecutionKind::Comm, source, Some(message.source_name()))
    }

    /// A file inside the session root, opened beneath it ([`paths::Root`]: no `..` or symlink leads out). A
    /// bad path still yields a request: the execution is recorded and fails with a clear error
    /// (`PermissionDenied` when confinement refused the path, `FileError` otherwise).
    pub fn run_file(root: &std::path::Path, relative: &str) -> Self {
        let (source, prepare_error) =
            match paths::Root::open(root).and_then(|root| root.read_text(relative)) {
                Ok(text) => (text, None),
                Err(error) => {
                    let name = if error.is_permission_denied() {
                        "PermissionDenied"
                    } else {
                        "FileError"
                    };
                    (
                        String::new(),
                        Some(ExceptionPayload::host(name, error.to_string())),
                    )
                }
            };
        Self {
            prepare_error,
            ..Self::new(ExecutionKind::RunFile, source, Some(relative.to_owned()))
        }
    }
}

/// What a subscriber receives, in order: events, then exactly one `Finished`.
#[derive(Debug, Clone)]
pub enum ExecutionUpdate {
    Event(Event),
    /// `prompt()` wants a line: answer with [`Session::reply_input`].
    InputRequest {
        prompt: String,
        password: bool,
    },
    Finished(Box<ExecutionRecord>),
}

/// The receiving end of one execution.
pub struct ExecutionHandle {
    pub updates: UnboundedReceiver<ExecutionUpdate>,
}

impl ExecutionHandle {
    /// The next update. If the session went away without finishing the execution, a `Finished` with a
    /// `crashed` record, so every caller sees exactly one `Finished`. Cancel-safe (usable in `select!`).
    pub async fn next(&mut self) -> ExecutionUpdate {
        match self.updates.recv().await {
            Some(update) => update,
            None => ExecutionUpdate::Finished(Box::new(lost_record())),
        }
    }

    /// Blocks until the execution finishes (for threads outside an async runtime); `on_update` sees each
    /// update first. After the outcome (value or error) it polls for the end a moment ([`FINISH_SPIN`])
    /// before it sleeps.
    pub fn wait_blocking(mut self, mut on_update: impl FnMut(&ExecutionUpdate)) -> ExecutionRecord {
        let mut finish_due = false;
        loop {
            let polled = if finish_due {
                poll_until(
                    || self.updates.try_recv().ok(),
                    Instant::now() + FINISH_SPIN,
                )
            } else {
                None
            };
            let Some(update) = polled.or_else(|| self.updates.blocking_recv()) else {
                return lost_record();
            };
            on_update(&update);
            match update {
                ExecutionUpdate::Finished(record) => return *record,
                ExecutionUpdate::Event(event) => finish_due = event.body.is_outcome(),
                ExecutionUpdate::InputRequest { .. } => finish_due = false,
            }
        }
    }

    /// Waits for the end of the execution.
    pub async fn finished(mut self) -> ExecutionRecord {
        while let Some(update) = self.updates.recv().await {
            if let ExecutionUpdate::Finished(record) = update {
                return *record;
            }
        }
        lost_record()
    }
}

pub(crate) fn lost_record() -> ExecutionRecord {
    ExecutionRecord {
        id: String::new(),
        session_id: String::new(),
        kind: ExecutionKind::Repl,
        status: ExecutionStatus::Crashed,
        input: String::new(),
        source_name: String::new(),
        result: None,
        error: Some(ExceptionPayload::host(
            "Crashed",
            "the session stopped before the execution finished",
        )),
        metrics: Metrics::default(),
        started_at_ms: crate::model::now_ms(),
        ended_at_ms: None,
        replayable: false,
        events: Vec::new(),
    }
}
