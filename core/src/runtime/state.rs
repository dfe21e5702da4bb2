//! Per-worker state shared by the native functions of the runtime: the link to the host (events, input
//! requests), the stop flag, and console bookkeeping.
//!
//! A worker owns exactly one boa `Context` on its main thread, so this state lives in a thread-local: native
//! functions registered with `NativeFunction::from_fn_ptr` reach it without capturing anything.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use super::to_host::ToHost;
use crate::model::{Capabilities, EventBody};
use crate::protocol::{FromWorker, StopReason};

/// A stop request for one execution, set when the main thread takes in the host's request (`host_input`)
/// and read by the evaluation loop. Requests name their execution, so a late stop for a finished execution
/// never hits the next one.
#[derive(Clone, Default)]
pub struct StopFlag(Arc<Mutex<Option<(String, StopReason)>>>);

impl StopFlag {
    pub fn request(&self, execution_id: &str, reason: StopReason) {
        if let Ok(mut slot) = self.0.lock() {
            *slot = Some((execution_id.to_owned(), reason));
        }
    }

    /// The stop requested for `execution_id`, if any.
    pub fn get(&self, execution_id: &str) -> Option<StopReason> {
        let slot = self.0.lock().ok()?;
        slot.as_ref()
            .filter(|(id, _)| id == execution_id)
            .map(|(_, reason)| *reason)
    }

    /// The stop for `execution_id`, counting a passed `deadline` as a timeout (recorded, so later checks
    /// agree).
    pub fn check(&self, execution_id: &str, deadline: Option<Instant>) -> Option<StopReason> {
        self.get(execution_id).or_else(|| {
            deadline.filter(|d| Instant::now() >= *d).map(|_| {
                self.request(execution_id, StopReason::Timeout);
                StopReason::Timeout
            })
        })
    }
}

/// The execution currently running in this worker.
pub struct CurrentExecution {
    pub execution_id: String,
    /// Replays restore state silently.
    pub replay: bool,
    /// Set when the code used a capability or `prompt` (then it is not replayed on restore).
    pub side_effects: Cell<bool>,
    /// Variables given with this execution ([`crate::protocol::EvalRequest::env`]).
    pub env: Vec<(String, String)>,
}

/// Everything native functions need to reach.
pub struct WorkerState {
    /// Every message to the host goes through here (redacted).
    pub to_host: ToHost,
    /// The session root, opened once at init: every file access goes through it.
    pub root: std::rc::Rc<crate::paths::Root>,
    pub capabilities: Capabilities,
    pub env: Vec<(String, String)>,
    pub current: RefCell<Option<CurrentExecution>>,
    pub group_indent: Cell<usize>,
    pub counts: RefCell<HashMap<String, u64>>,
    pub timers: RefCell<HashMap<String, Instant>>,
    pub random_state: Cell<u64>,
    pub deterministic: bool,
}

thread_local! {
    static STATE: RefCell<Option<std::rc::Rc<WorkerState>>> = const { RefCell::new(None) };
}

/// Installs the worker state for this thread (once, at worker start).
pub fn install(state: WorkerState) -> std::rc::Rc<WorkerState> {
    let state = std::rc::Rc::new(state);
    STATE.with(|s| *s.borrow_mut() = Some(state.clone()));
    state
}

/// Removes the worker state (at worker exit).
pub fn uninstall() {
    STATE.with(|s| s.borrow_mut().take());
}

/// The worker state; `None` when the runtime is used in-process without a host (unit tests).
pub fn get() -> Option<std::rc::Rc<WorkerState>> {
    STATE.with(|s| s.borrow().clone())
}

/// Sends an event of the current execution to the host (dropped during replays and between executions).
pub fn emit(body: EventBody) {
    let Some(state) = get() else { return };
    let current = state.current.borrow();
    let Some(current) = current.as_ref() else {
        return;
    };
    if current.replay {
        return;
    }
    // A send error means the host is gone; the hang-up watcher (`host_input`) ends the process.
    let _ = state.to_host.send(FromWorker::Event {
        execution_id: current.execution_id.clone(),
        body,
    });
}

/// Marks the current execution as having side effects (capability use, prompt).
pub fn mark_side_effects() {
    if let Some(state) = get()
        && let Some(current) = state.current.borrow().as_ref()
    {
        current.side_effects.set(true);
    }
}
