//! An in-process engine for unit tests: the `Engine` on the test thread, with a worker state whose messages
//! are collected instead of written to stdout.

use std::sync::mpsc::{self, Receiver};

use super::engine::Engine;
use super::state::{self, StopFlag};
use crate::model::{EventBody, ExecutionKind};
use crate::outbox::Outbox;
use crate::protocol::{EvalDone, EvalRequest, FromWorker, WorkerInit};

/// One engine and the events it emitted.
pub struct TestEngine {
    pub engine: Engine,
    messages: Receiver<FromWorker>,
    cells: u32,
}

impl TestEngine {
    pub fn new() -> Self {
        Self::with_root(&std::env::temp_dir())
    }

    /// An engine whose session root is `root`.
    pub fn with_root(root: &std::path::Path) -> Self {
        let init = WorkerInit {
            seed: 1,
            ..WorkerInit::bare(root.display().to_string())
        };
        let (to_host, messages) = mpsc::channel();
        let root = std::rc::Rc::new(
            crate::paths::Root::open(std::path::Path::new(&init.root)).expect("root"),
        );
        state::install(super::worker::worker_state(
            &init,
            std::rc::Rc::clone(&root),
            super::to_host::ToHost::new(Outbox::channel(to_host), None),
        ));
        let engine = Engine::new(&init, root, StopFlag::default()).expect("engine");
        Self {
            engine,
            messages,
            cells: 0,
        }
    }

    /// Runs REPL input; the outcome and the events it emitted (value and exception events included).
    pub fn run(&mut self, source: &str) -> (EvalDone, Vec<EventBody>) {
        self.run_kind(ExecutionKind::Repl, source)
    }

    /// Runs an execution of any kind (a comm message's JSON for [`ExecutionKind::Comm`]), as [`Self::run`].
    pub fn run_kind(&mut self, kind: ExecutionKind, source: &str) -> (EvalDone, Vec<EventBody>) {
        self.cells += 1;
        let done = self.engine.evaluate(&EvalRequest {
            execution_id: format!("e{}", self.cells),
            kind,
            source: source.to_owned(),
            source_name: format!("<cell {}>", self.cells),
            wall_ms: Some(10_000),
            replay: false,
            args: None,
            env: Vec::new(),
        });
        let mut events: Vec<EventBody> = self
            .messages
            .try_iter()
            .filter_map(|m| match m {
                FromWorker::Event { body, .. } => Some(body),
                _ => None,
            })
            .collect();
        // The host records the outcome as the last events (the worker reports it only in `Done`).
        events.extend(done.result.clone().map(EventBody::Value));
        events.extend(done.error.clone().map(EventBody::Exception));
        (done, events)
    }

    /// Runs REPL input that must succeed; the preview of its value.
    pub fn value(&mut self, source: &str) -> String {
        let (done, _) = self.run(source);
        assert!(done.error.is_none(), "{source}: {:?}", done.error);
        done.result.map(|r| r.preview).unwrap_or_default()
    }

    /// Runs REPL input that must succeed; its events.
    pub fn ok(&mut self, source: &str) -> Vec<EventBody> {
        let (done, events) = self.run(source);
        assert!(done.error.is_none(), "{source}: {:?}", done.error);
        events
    }

    /// Runs each `(expression, JSON)` case — the expression JSON-serialised in the engine — and describes
    /// every case whose JSON differs (empty when all agree).
    pub fn json_mismatches(&mut self, cases: &[(&str, &str)]) -> Vec<String> {
        let mut mismatches = Vec::new();
        for (expression, expected) in cases {
            let (done, _) = self.run(&format!("JSON.stringify({expression})"));
            let got = match (done.result.and_then(|value| value.json), done.error) {
                (Some(serde_json::Value::String(json)), _) => json,
                (other, error) => format!("{other:?} {error:?}"),
            };
            if got != *expected {
                mismatches.push(format!("{expression}\n   got  {got}\n   want {expected}"));
            }
        }
        mismatches
    }

    /// Runs REPL input that must fail; the error message.
    pub fn error(&mut self, source: &str) -> String {
        let (done, _) = self.run(source);
        let error = done.error.unwrap_or_else(|| panic!("{source}: no error"));
        format!("{}: {}", error.name, error.message)
    }
}
