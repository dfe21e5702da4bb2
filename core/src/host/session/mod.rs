//! A session: one supervised `vmjs worker` process, driven by an actor thread that owns the worker, the
//! store connection and the queue of executions. Controls ([`Session::execute`], [`Session::interrupt`],
//! restart, close) are messages to the actor, processed in order.
//!
//! Stopping code: a soft stop asks the worker (it abandons the budgeted evaluation between two slices, globals
//! kept); if the worker has not answered within [`HARD_STOP_GRACE`], or whenever it dies (memory limit, stack
//! overflow, signal), the actor kills it, finalizes the execution, starts a fresh worker from the pool and
//! restores the session by replaying its startup files and successful inputs.

use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};

use super::pipeline::{Admission, Finished, Running};
use super::worker_process::{WorkerPool, WorkerProcess, WorkerSignal};
use crate::model::{
    Event, EventBody, ExceptionPayload, ExecutionKind, ExecutionRecord, ExecutionStatus, Metrics,
    SessionStatus, Template,
};
use crate::paths;
use crate::protocol::{
    EvalDone, EvalRequest, EvalStatus, FromWorker, StopReason, ToWorker, WorkerInit,
};
use crate::store::{NewExecution, ProcessIdentity, Store, StoreError};

mod query;

use query::{Query, answer_busy};

/// How long a soft stop may take before the worker is killed.
pub const HARD_STOP_GRACE: Duration = Duration::from_millis(500);
/// How long a fresh worker may take to become ready.
const WORKER_START_TIMEOUT: Duration = Duration::from_secs(10);

/// Errors of session control (a JS error is an execution outcome, never this).
#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("session root {root}: {message}")]
    Root { root: String, message: String },
    #[error("cannot start a worker process ({exe}): {message}")]
    Spawn { exe: String, message: String },
    #[error("startup file `{file}` failed: {message}")]
    Startup { file: String, message: String },
    #[error("the session is busy")]
    Busy,
    #[error("the session is closed")]
    Closed,
}

/// Everything needed to start a session.
pub struct SessionConfig {
    pub template: Template,
    /// The session root (workspace / notebook folder).
    pub root: PathBuf,
    /// Database file shared with other processes.
    pub db_path: PathBuf,
    pub pool: Arc<WorkerPool>,
    /// `vmjs.args`.
    pub args: Vec<String>,
}

/// One piece of code for the pipeline.
#[derive(Debug, Clone)]
pub struct ExecuteRequest {
    pub kind: ExecutionKind,
    pub source: String,
    /// `<cell N>` is used for REPL input when `None`.
    pub source_name: Option<String>,
    /// Overrides the template's `wall_ms` for this execution.
    pub wall_ms: Option<u64>,
    /// The input could not be prepared (e.g. unreadable file): the execution is recorded and fails with this.
    pub prepare_error: Option<ExceptionPayload>,
}

impl ExecuteRequest {
    /// REPL input, as typed.
    pub fn repl(source: impl Into<String>) -> Self {
        Self {
            kind: ExecutionKind::Repl,
            source: source.into(),
            source_name: None,
            wall_ms: None,
            prepare_error: None,
        }
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
            kind: ExecutionKind::RunFile,
            source,
            source_name: Some(relative.to_owned()),
            wall_ms: None,
            prepare_error,
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

fn lost_record() -> ExecutionRecord {
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

enum Control {
    Execute(ExecuteRequest, UnboundedSender<ExecutionUpdate>),
    Interrupt,
    InputReply(Option<String>),
    Query(Query),
    Restart(mpsc::Sender<()>),
    Close(mpsc::Sender<()>),
    MarkStatus(SessionStatus, Option<String>),
}

enum ActorMsg {
    Control(Control),
    Worker(u64, WorkerSignal),
}

struct Shared {
    /// Executions running or queued.
    busy: AtomicUsize,
    status: Mutex<SessionStatus>,
}

/// A live session. Dropping it closes the session (no orphan worker).
pub struct Session {
    id: String,
    number: i64,
    root: PathBuf,
    to_actor: Sender<ActorMsg>,
    shared: Arc<Shared>,
    actor: Option<JoinHandle<()>>,
}

impl Session {
    /// Creates the session row, starts its worker, and runs the template's libraries and startup files.
    pub fn start(config: SessionConfig) -> Result<Session, SessionError> {
        Self::start_with_store(config, None)
    }

    /// [`Session::start`] with the store the caller already opened on `config.db_path` (saves opening a
    /// second connection), or `None` to open one.
    pub fn start_with_store(
        config: SessionConfig,
        store: Option<Store>,
    ) -> Result<Session, SessionError> {
        let root = config.root.canonicalize().map_err(|e| SessionError::Root {
            root: config.root.display().to_string(),
            message: e.to_string(),
        })?;
        let (to_actor, inbox) = mpsc::channel();
        // The worker builds its engine while the session is recorded (dropping it on an error below kills it).
        let worker = launch_worker(
            &config.pool,
            &config.template,
            &root,
            &config.args,
            &to_actor,
            1,
        )?;
        let mut store = match store {
            Some(store) => store,
            None => Store::open(&config.db_path)?,
        };
        let record = store.create_session(
            &config.template.name,
            &root.display().to_string(),
            ProcessIdentity::current(),
        )?;
        let shared = Arc::new(Shared {
            busy: AtomicUsize::new(0),
            status: Mutex::new(SessionStatus::Starting),
        });
        let startup = match startup_sources(&config.template, &root) {
            Ok(sources) => sources,
            Err(error) => {
                let _ = store.set_session_status(
                    &record.id,
                    SessionStatus::Crashed,
                    Some(&error.to_string()),
                );
                return Err(error);
            }
        };
        let mut actor = Actor {
            session_id: record.id.clone(),
            store,
            template: config.template,
            root: root.clone(),
            args: config.args,
            pool: config.pool,
            inbox,
            to_actor: to_actor.clone(),
            worker: Some(worker),
            generation: 1,
            queue: VecDeque::new(),
            running: None,
            stopping: None,
            hard_deadline: None,
            shared: Arc::clone(&shared),
            startup: Vec::new(),
            cell_counter: 0,
            names_snapshot: Vec::new(),
            stale_answers: 0,
            querying: false,
            deferred_queries: VecDeque::new(),
            poll_inbox_until: None,
            last_delivered: None,
            back_to_back: false,
        };
        if let Err(error) = actor.await_ready() {
            let _ = actor.store.set_session_status(
                &record.id,
                SessionStatus::Crashed,
                Some(&error.to_string()),
            );
            return Err(error);
        }
        let handle = std::thread::Builder::new()
            .name(format!("session-{}", record.number))
            .spawn(move || actor.run())
            .map_err(|e| SessionError::Spawn {
                exe: "session thread".into(),
                message: e.to_string(),
            })?;
        let session = Session {
            id: record.id,
            number: record.number,
            root,
            to_actor,
            shared,
            actor: Some(handle),
        };
        for (name, text) in startup {
            let record = session
                .execute(ExecuteRequest {
                    kind: ExecutionKind::Startup,
                    source: text,
                    source_name: Some(name.clone()),
                    wall_ms: None,
                    prepare_error: None,
                })
                .wait_blocking(|_| {});
            if record.status != ExecutionStatus::Ok {
                let message = record
                    .error
                    .map_or_else(|| record.status.as_str().to_owned(), |e| e.stack);
                let error = SessionError::Startup {
                    file: name,
                    message,
                };
                session.fail(&error.to_string());
                return Err(error);
            }
        }
        session.set_status(SessionStatus::Ready);
        Ok(session)
    }

    pub fn id(&self) -> &str {
        &self.id
    }

    /// The session's small integer id.
    pub fn number(&self) -> i64 {
        self.number
    }

    /// The canonical session root.
    pub fn root(&self) -> &std::path::Path {
        &self.root
    }

    pub fn status(&self) -> SessionStatus {
        self.shared
            .status
            .lock()
            .map(|s| *s)
            .unwrap_or(SessionStatus::Crashed)
    }

    /// Queues an execution; it runs after the ones before it (what Jupyter needs).
    pub fn execute(&self, request: ExecuteRequest) -> ExecutionHandle {
        let (tx, updates) = unbounded_channel();
        self.shared.busy.fetch_add(1, Ordering::SeqCst);
        if self
            .to_actor
            .send(ActorMsg::Control(Control::Execute(request, tx.clone())))
            .is_err()
        {
            self.shared.busy.fetch_sub(1, Ordering::SeqCst);
            let mut record = lost_record();
            record.error = Some(ExceptionPayload::host(
                "SessionClosed",
                "the session is closed",
            ));
            let _ = tx.send(ExecutionUpdate::Finished(Box::new(record)));
        }
        ExecutionHandle { updates }
    }

    /// Runs the execution now, or returns [`SessionError::Busy`] if another one runs or waits.
    pub fn try_execute(&self, request: ExecuteRequest) -> Result<ExecutionHandle, SessionError> {
        if self
            .shared
            .busy
            .compare_exchange(0, 1, Ordering::SeqCst, Ordering::SeqCst)
            .is_err()
        {
            return Err(SessionError::Busy);
        }
        let (tx, updates) = unbounded_channel();
        self.to_actor
            .send(ActorMsg::Control(Control::Execute(request, tx)))
            .map_err(|_| SessionError::Closed)?;
        Ok(ExecutionHandle { updates })
    }

    /// Stops the running execution (soft within ~ms for synchronous code; hard kill + restore otherwise).
    pub fn interrupt(&self) {
        let _ = self.to_actor.send(ActorMsg::Control(Control::Interrupt));
    }

    /// Answers the pending `prompt()` (`None`: no input).
    pub fn reply_input(&self, value: Option<String>) {
        let _ = self
            .to_actor
            .send(ActorMsg::Control(Control::InputReply(value)));
    }

    /// Replaces the worker with a fresh one (startup files run again); state is gone.
    pub fn restart(&self) {
        let (tx, rx) = mpsc::channel();
        if self
            .to_actor
            .send(ActorMsg::Control(Control::Restart(tx)))
            .is_ok()
        {
            let _ = rx.recv();
        }
    }

    /// Closes the session: the worker exits, the row is marked closed.
    pub fn close(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        let (tx, rx) = mpsc::channel();
        if self
            .to_actor
            .send(ActorMsg::Control(Control::Close(tx)))
            .is_ok()
        {
            let _ = rx.recv();
        }
        if let Some(handle) = self.actor.take() {
            let _ = handle.join();
        }
    }

    fn set_status(&self, status: SessionStatus) {
        let _ = self
            .to_actor
            .send(ActorMsg::Control(Control::MarkStatus(status, None)));
    }

    fn fail(&self, message: &str) {
        let _ = self.to_actor.send(ActorMsg::Control(Control::MarkStatus(
            SessionStatus::Crashed,
            Some(message.to_owned()),
        )));
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        self.shutdown();
    }
}

/// Takes a worker from the pool and sends it `Init` for this session; the worker builds its engine while the
/// caller goes on (it reports `Ready`, or `Fatal`, through `to_actor` under `generation`).
fn launch_worker(
    pool: &Arc<WorkerPool>,
    template: &Template,
    root: &std::path::Path,
    args: &[String],
    to_actor: &Sender<ActorMsg>,
    generation: u64,
) -> Result<WorkerProcess, SessionError> {
    let to_actor = to_actor.clone();
    let mut worker = pool
        .take(move |signal| to_actor.send(ActorMsg::Worker(generation, signal)).is_ok())
        .map_err(|e| spawn_error(pool, e.to_string()))?;
    let limits = &template.limits;
    let capabilities = template.capabilities.clone();
    let env = capabilities
        .env
        .iter()
        .filter_map(|name| std::env::var(name).ok().map(|value| (name.clone(), value)))
        .collect();
    let init = WorkerInit {
        root: root.display().to_string(),
        capabilities,
        args: args.to_vec(),
        deterministic: template.options.deterministic,
        seed: template.options.seed,
        epoch_ms: template.options.epoch_ms,
        loop_iterations: limits.loop_iterations,
        recursion: limits.recursion,
        mem_mb: Some(limits.mem_mb),
        env,
    };
    worker
        .send(&ToWorker::Init(init))
        .map_err(|e| spawn_error(pool, e.to_string()))?;
    Ok(worker)
}

/// A worker of `pool` could not be started.
fn spawn_error(pool: &WorkerPool, message: String) -> SessionError {
    SessionError::Spawn {
        exe: pool.exe().display().to_string(),
        message,
    }
}

/// Reads the template's libraries (root-relative, or absolute: the template's author chose them) and startup
/// files (root-relative); root-relative ones are opened beneath the root ([`paths::Root`]).
fn startup_sources(
    template: &Template,
    root: &std::path::Path,
) -> Result<Vec<(String, String)>, SessionError> {
    let startup_error = |file: &str, message: String| SessionError::Startup {
        file: file.to_owned(),
        message,
    };
    // A path the root's confinement refused reads as the error JavaScript code would get for it.
    let path_error = |file: &str, error: paths::PathError| {
        let message = if error.is_permission_denied() {
            format!("PermissionDenied: {error}")
        } else {
            error.to_string()
        };
        startup_error(file, message)
    };
    let root = paths::Root::open(root).map_err(|e| SessionError::Root {
        root: root.display().to_string(),
        message: e.to_string(),
    })?;
    let mut sources = Vec::new();
    for library in &template.libraries {
        let text = if std::path::Path::new(library).is_absolute() {
            std::fs::read_to_string(library).map_err(|e| startup_error(library, e.to_string()))?
        } else {
            root.read_text(library)
                .map_err(|e| path_error(library, e))?
        };
        sources.push((library.clone(), text));
    }
    for file in &template.startup_files {
        let text = root.read_text(file).map_err(|e| path_error(file, e))?;
        sources.push((file.clone(), text));
    }
    Ok(sources)
}

/// How long the actor polls its inbox, instead of sleeping, for the first answer to an `Eval` it just sent.
/// A trivial execution answers within ~30 µs of evaluation, while waking a sleeping thread on an idle vCPU
/// costs 20–40 µs here (bench/RESULTS.md). Only for the first answer: spinning while events stream would
/// take CPU time the worker and the writer threads need (100k console lines: −10% measured).
const QUICK_REPLY_SPIN: Duration = Duration::from_micros(100);

/// How long the actor polls for the next execution after one ended, when the caller sends them back to
/// back: a program that runs cells in a row (`vmjs test`) sends the next one within microseconds, sooner
/// than the actor would wake from sleep on an idle vCPU.
const NEXT_REQUEST_SPIN: Duration = Duration::from_micros(100);

/// An execution asked for within this long after the previous one ended counts as back to back (measured
/// when the actor takes the request, so it includes the actor's own wake-up).
const BACK_TO_BACK: Duration = Duration::from_micros(300);

/// How long [`ExecutionHandle::wait_blocking`] polls, instead of sleeping, for the end of an execution whose
/// outcome (value or error) it just received: the end follows once the outcome is committed (~35 µs), sooner
/// than a sleeping thread wakes on an idle vCPU here (bench/RESULTS.md).
const FINISH_SPIN: Duration = Duration::from_micros(100);

/// What `try_recv` gives if it gives something before `until`, polling without sleeping.
fn poll_until<T>(mut try_recv: impl FnMut() -> Option<T>, until: Instant) -> Option<T> {
    loop {
        if let Some(message) = try_recv() {
            return Some(message);
        }
        if Instant::now() >= until {
            return None;
        }
        for _ in 0..64 {
            std::hint::spin_loop();
        }
    }
}

/// The actor: owns the worker, the store connection and the queue.
struct Actor {
    session_id: String,
    store: Store,
    template: Template,
    root: PathBuf,
    args: Vec<String>,
    pool: Arc<WorkerPool>,
    inbox: Receiver<ActorMsg>,
    to_actor: Sender<ActorMsg>,
    worker: Option<WorkerProcess>,
    generation: u64,
    queue: VecDeque<(ExecuteRequest, UnboundedSender<ExecutionUpdate>)>,
    running: Option<Running>,
    /// Why the running execution is being stopped (set when a stop was requested).
    stopping: Option<StopReason>,
    /// When the worker gets killed if the running execution has not ended.
    hard_deadline: Option<Instant>,
    shared: Arc<Shared>,
    /// Libraries and startup files that ran successfully (re-run silently on restore).
    startup: Vec<(String, String)>,
    cell_counter: u64,
    /// Global names as of the end of the last execution (answers completion while code runs).
    names_snapshot: Vec<String>,
    /// Answers the current worker still owes to queries that timed out (dropped when they arrive, so a late
    /// answer is never taken for the answer to a newer query; the worker answers in order).
    stale_answers: u64,
    /// A query is waiting for the idle worker's answer: queries arriving meanwhile wait their turn in
    /// `deferred_queries` (the answer is imminent) instead of getting the busy answer.
    querying: bool,
    deferred_queries: VecDeque<Query>,
    /// Poll (not sleep) for the next message until then: set when an `Eval` was just sent (for the worker's
    /// first answer), and when an execution ended while the caller sends them back to back.
    poll_inbox_until: Option<Instant>,
    /// When the last execution's end was delivered.
    last_delivered: Option<Instant>,
    /// Whether the running execution was asked for within [`BACK_TO_BACK`] of the previous one's end.
    back_to_back: bool,
}

impl Actor {
    fn run(mut self) {
        loop {
            if let Some(query) = self.deferred_queries.pop_front() {
                self.control(Control::Query(query));
                continue;
            }
            if self.running.is_none()
                && let Some((request, subscriber)) = self.queue.pop_front()
            {
                self.begin(request, subscriber);
                continue;
            }
            let quick = self
                .poll_inbox_until
                .take()
                .and_then(|until| poll_until(|| self.inbox.try_recv().ok(), until));
            if quick.is_none()
                && let Some(running) = &mut self.running
            {
                // About to sleep while it runs: the subscriber learns now that it started.
                running.release_held();
            }
            let message = match (quick, self.hard_deadline) {
                (Some(message), _) => message,
                (None, Some(deadline)) => match self
                    .inbox
                    .recv_timeout(deadline.saturating_duration_since(Instant::now()))
                {
                    Ok(message) => message,
                    Err(RecvTimeoutError::Timeout) => {
                        self.hard_stop();
                        continue;
                    }
                    Err(RecvTimeoutError::Disconnected) => break,
                },
                (None, None) => match self.inbox.recv() {
                    Ok(message) => message,
                    Err(_) => break,
                },
            };
            match message {
                ActorMsg::Control(Control::Close(reply)) => {
                    self.close();
                    let _ = reply.send(());
                    return;
                }
                ActorMsg::Control(control) => self.control(control),
                ActorMsg::Worker(generation, signal) if generation == self.generation => {
                    self.worker_signal(signal)
                }
                ActorMsg::Worker(..) => {}
            }
        }
        self.close();
    }

    fn control(&mut self, control: Control) {
        match control {
            Control::Execute(request, subscriber) => {
                self.back_to_back = self.running.is_none()
                    && self.queue.is_empty()
                    && self
                        .last_delivered
                        .is_some_and(|at| at.elapsed() <= BACK_TO_BACK);
                self.queue.push_back((request, subscriber));
            }
            Control::Interrupt => self.request_stop(StopReason::Interrupt),
            Control::InputReply(value) => {
                if let Some(worker) = &mut self.worker {
                    let _ = worker.send(&ToWorker::InputReply { value });
                }
            }
            Control::Query(query) if self.running.is_some() => {
                answer_busy(query, &self.names_snapshot)
            }
            Control::Query(query) => self.query(query),
            Control::Restart(reply) => {
                self.kill_worker();
                if let Err(error) = self.start_worker() {
                    self.mark(SessionStatus::Crashed, Some(&error.to_string()));
                } else {
                    self.restore(false);
                }
                let _ = reply.send(());
            }
            Control::MarkStatus(status, last_error) => self.mark(status, last_error.as_deref()),
            Control::Close(_) => {}
        }
    }

    fn mark(&mut self, status: SessionStatus, last_error: Option<&str>) {
        if let Ok(mut s) = self.shared.status.lock() {
            *s = status;
        }
        if let Err(error) = self
            .store
            .set_session_status(&self.session_id, status, last_error)
        {
            tracing::error!(session_id = %self.session_id, "store: {error}");
        }
    }

    fn close(&mut self) {
        // Anything queued ends as cancelled; nothing is left `running`.
        if let Some(running) = self.running.take() {
            let error = ExceptionPayload::host(
                "Cancelled",
                "the session was closed while this execution ran",
            );
            let finished = running.finish(
                &mut self.store,
                ExecutionStatus::Cancelled,
                None,
                Some(error),
                false,
            );
            self.deliver(finished);
        }
        for (request, subscriber) in std::mem::take(&mut self.queue) {
            self.begin_and_fail(
                request,
                subscriber,
                ExceptionPayload::host(
                    "Cancelled",
                    "the session was closed before this execution ran",
                ),
                ExecutionStatus::Cancelled,
            );
        }
        if let Some(mut worker) = self.worker.take() {
            worker.shutdown(Duration::from_millis(200));
        }
        let crashed = self
            .shared
            .status
            .lock()
            .map(|s| *s == SessionStatus::Crashed)
            .unwrap_or(false);
        if !crashed {
            self.mark(SessionStatus::Closed, None);
        }
    }

    /// Replaces the worker: a fresh one from the pool (the spare if one is warm), initialised and ready.
    fn start_worker(&mut self) -> Result<(), SessionError> {
        self.generation += 1;
        let worker = launch_worker(
            &self.pool,
            &self.template,
            &self.root,
            &self.args,
            &self.to_actor,
            self.generation,
        )?;
        self.worker = Some(worker);
        self.await_ready()
    }

    /// Waits until the worker launched last reports ready (or fails to start).
    fn await_ready(&mut self) -> Result<(), SessionError> {
        match self.await_worker(
            |m| matches!(m, FromWorker::Ready { .. } | FromWorker::Fatal { .. }),
            WORKER_START_TIMEOUT,
        ) {
            Some(FromWorker::Ready { names, .. }) => {
                self.names_snapshot = names;
                Ok(())
            }
            Some(FromWorker::Fatal { message }) => Err(spawn_error(&self.pool, message)),
            _ => {
                let tail = self
                    .worker
                    .as_ref()
                    .map(WorkerProcess::stderr_tail)
                    .unwrap_or_default();
                self.kill_worker();
                Err(spawn_error(
                    &self.pool,
                    format!("the worker did not start: {tail}"),
                ))
            }
        }
    }

    /// Waits for a worker message matching `wanted`, queueing controls that arrive meanwhile.
    fn await_worker(
        &mut self,
        wanted: impl Fn(&FromWorker) -> bool,
        timeout: Duration,
    ) -> Option<FromWorker> {
        let deadline = Instant::now() + timeout;
        loop {
            let message = self
                .inbox
                .recv_timeout(deadline.saturating_duration_since(Instant::now()))
                .ok()?;
            match message {
                ActorMsg::Worker(generation, signal) if generation == self.generation => {
                    match signal {
                        WorkerSignal::Message(message) if self.drop_stale_answer(&message) => {}
                        WorkerSignal::Message(message) if wanted(&message) => {
                            return Some(*message);
                        }
                        WorkerSignal::Message(_) => {}
                        WorkerSignal::Exited => {
                            // Re-deliver: if the waiter does not replace the worker itself (a query does
                            // not), the main loop handles the death.
                            let _ = self
                                .to_actor
                                .send(ActorMsg::Worker(generation, WorkerSignal::Exited));
                            return None;
                        }
                    }
                }
                ActorMsg::Worker(..) => {}
                ActorMsg::Control(Control::Execute(request, subscriber)) => {
                    self.queue.push_back((request, subscriber));
                }
                ActorMsg::Control(Control::Close(reply)) => {
                    // Re-deliver after the current wait.
                    let _ = self.to_actor.send(ActorMsg::Control(Control::Close(reply)));
                    return None;
                }
                // Another query is being answered: this one is next. Otherwise the worker is starting or
                // replaying: never wait behind it.
                ActorMsg::Control(Control::Query(query)) if self.querying => {
                    self.deferred_queries.push_back(query);
                }
                ActorMsg::Control(Control::Query(query)) => {
                    answer_busy(query, &self.names_snapshot)
                }
                ActorMsg::Control(other) => self.control(other),
            }
        }
    }

    fn source_name(&mut self, request: &ExecuteRequest) -> String {
        match &request.source_name {
            Some(name) => name.clone(),
            None => {
                self.cell_counter += 1;
                format!("<cell {}>", self.cell_counter)
            }
        }
    }

    /// The pipeline's bookkeeping for `request` (nothing written yet).
    fn new_running(
        &mut self,
        request: &ExecuteRequest,
        subscriber: UnboundedSender<ExecutionUpdate>,
    ) -> Running {
        let source_name = self.source_name(request);
        Running::new(
            NewExecution {
                session_id: &self.session_id,
                kind: request.kind,
                input: &request.source,
                source_name: &source_name,
                owner: ProcessIdentity::current(),
            },
            self.template.limits.clone(),
            subscriber,
        )
    }

    /// Step 1 of the pipeline: the input echo, the code to the worker, and the execution row (written while
    /// the worker evaluates; its first messages wait in the inbox until the row is in).
    fn begin(&mut self, request: ExecuteRequest, subscriber: UnboundedSender<ExecutionUpdate>) {
        let mut running = self.new_running(&request, subscriber);
        if request.kind == ExecutionKind::Repl {
            running.push_held(
                EventBody::InputEcho {
                    text: request.source.clone(),
                },
                &mut self.store,
            );
        }
        if let Some(error) = request.prepare_error {
            self.end_unrun(running, error, ExecutionStatus::Error);
            return;
        }
        let wall_ms = request.wall_ms.or(self.template.limits.wall_ms);
        let eval = EvalRequest {
            execution_id: running.id().to_owned(),
            kind: request.kind,
            source: request.source,
            source_name: running.record.source_name.clone(),
            wall_ms,
            replay: false,
        };
        self.stopping = None;
        self.hard_deadline =
            wall_ms.map(|ms| Instant::now() + Duration::from_millis(ms) + HARD_STOP_GRACE);
        let startup = (request.kind == ExecutionKind::Startup)
            .then(|| (eval.source_name.clone(), eval.source.clone()));
        let sent = match &mut self.worker {
            Some(worker) => worker.send(&ToWorker::Eval(eval)).is_ok(),
            None => false,
        };
        running.record_start(&mut self.store);
        if sent {
            self.poll_inbox_until = Some(Instant::now() + QUICK_REPLY_SPIN);
        }
        self.running = Some(running);
        if let Some(startup) = startup {
            self.startup.push(startup);
        }
        if !sent {
            self.worker_died();
        }
    }

    /// Records a request that never reaches the worker.
    fn begin_and_fail(
        &mut self,
        request: ExecuteRequest,
        subscriber: UnboundedSender<ExecutionUpdate>,
        error: ExceptionPayload,
        status: ExecutionStatus,
    ) {
        let running = self.new_running(&request, subscriber);
        self.end_unrun(running, error, status);
    }

    /// Ends an execution the worker never saw: its error is its last event and its outcome.
    fn end_unrun(
        &mut self,
        mut running: Running,
        error: ExceptionPayload,
        status: ExecutionStatus,
    ) {
        running.push(EventBody::Exception(error.clone()), &mut self.store);
        let finished = running.finish(&mut self.store, status, None, Some(error), false);
        self.deliver(finished);
    }

    /// Tells the subscriber its execution ended. The session stops counting it as busy first, so a
    /// caller that saw `Finished` can `try_execute` at once. A caller that has been sending executions back
    /// to back (a notebook under `vmjs test`, a script) is likely to send the next one at once: the actor
    /// then polls for it a moment before sleeping.
    fn deliver(&mut self, finished: Finished) {
        let _ = self
            .shared
            .busy
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| {
                Some(n.saturating_sub(1))
            });
        finished.deliver();
        let now = Instant::now();
        self.last_delivered = Some(now);
        if self.back_to_back {
            self.poll_inbox_until = Some(now + NEXT_REQUEST_SPIN);
        }
    }

    fn worker_signal(&mut self, signal: WorkerSignal) {
        match signal {
            WorkerSignal::Exited => self.worker_died(),
            WorkerSignal::Message(message) => self.worker_message(*message),
        }
    }

    fn worker_message(&mut self, message: FromWorker) {
        if self.drop_stale_answer(&message) {
            return;
        }
        match message {
            FromWorker::Event { execution_id, body } => self.record_event(&execution_id, body),
            FromWorker::Done(done) => self.eval_done(done),
            FromWorker::InputRequest {
                prompt, password, ..
            } => {
                let asked = self
                    .running
                    .as_mut()
                    .is_some_and(|r| r.ask(prompt, password));
                if !asked && let Some(worker) = &mut self.worker {
                    let _ = worker.send(&ToWorker::InputReply { value: None });
                }
            }
            other => {
                tracing::debug!(session_id = %self.session_id, "unexpected worker message: {other:?}");
            }
        }
    }

    /// Step 2 of the pipeline: one event of the running execution, checked against the limits, then
    /// recorded and forwarded.
    fn record_event(&mut self, execution_id: &str, body: EventBody) {
        let Some(running) = self.running.as_mut().filter(|r| r.id() == execution_id) else {
            return;
        };
        match running.admit(&body) {
            Admission::Keep => running.push(body, &mut self.store),
            Admission::Drop => {}
            Admission::Fail(message) => {
                if self.stopping.is_none() {
                    running.push(
                        EventBody::Exception(ExceptionPayload::host(
                            "OutputLimitExceeded",
                            message,
                        )),
                        &mut self.store,
                    );
                    self.request_stop(StopReason::OutputLimit);
                }
            }
        }
    }

    /// Step 3 of the pipeline: the worker finished; its value or error becomes the last event, then
    /// finalize.
    fn eval_done(&mut self, done: EvalDone) {
        if let Some(result) = &done.result {
            self.record_event(&done.execution_id, EventBody::Value(result.clone()));
        }
        if let Some(error) = &done.error {
            self.record_event(&done.execution_id, EventBody::Exception(error.clone()));
        }
        let Some(running) = self.running.take_if(|r| r.id() == done.execution_id) else {
            return;
        };
        self.hard_deadline = None;
        if let Some(names) = &done.names {
            self.names_snapshot.clone_from(names);
        }
        let mut status = match done.status {
            EvalStatus::Ok => ExecutionStatus::Ok,
            EvalStatus::Error => ExecutionStatus::Error,
            EvalStatus::Timeout => ExecutionStatus::Timeout,
            EvalStatus::Cancelled => ExecutionStatus::Cancelled,
        };
        let mut error = done.error;
        if self.stopping == Some(StopReason::OutputLimit) {
            status = ExecutionStatus::Error;
            error = Some(ExceptionPayload::host(
                "OutputLimitExceeded",
                "output exceeded the template's limit; the execution was stopped",
            ));
        }
        self.stopping = None;
        let replayable = running.record.kind == ExecutionKind::Repl && !done.side_effects;
        let finished = running.finish(&mut self.store, status, done.result, error, replayable);
        self.deliver(finished);
    }

    fn request_stop(&mut self, reason: StopReason) {
        let Some(running) = &self.running else { return };
        let execution_id = running.id().to_owned();
        self.stopping.get_or_insert(reason);
        let grace = Instant::now() + HARD_STOP_GRACE;
        self.hard_deadline = Some(self.hard_deadline.map_or(grace, |d| d.min(grace)));
        if let Some(worker) = &mut self.worker {
            let _ = worker.send(&ToWorker::Stop {
                execution_id,
                reason,
            });
        }
    }

    /// The soft stop did not work in time: kill the worker (its exit is then handled as a death).
    fn hard_stop(&mut self) {
        self.hard_deadline = None;
        if self.running.is_none() {
            return;
        }
        if self.stopping.is_none() {
            self.stopping = Some(StopReason::Timeout);
        }
        self.worker_died();
    }

    fn kill_worker(&mut self) -> Option<(std::process::ExitStatus, String)> {
        let mut worker = self.worker.take()?;
        let status = worker.kill();
        let tail = worker.stderr_tail();
        self.generation += 1; // ignore whatever the dead worker's threads still deliver
        self.stale_answers = 0;
        status.map(|s| (s, tail))
    }

    /// The worker is gone (or must go): finalize the running execution, start a fresh worker, restore.
    fn worker_died(&mut self) {
        let ended = self.kill_worker();
        let Some(mut running) = self.running.take() else {
            // Died while idle: replace it quietly.
            if self.start_worker().is_ok() {
                self.restore(true);
            }
            return;
        };
        self.hard_deadline = None;
        let (status, error) = match self.stopping.take() {
            Some(StopReason::Interrupt) => (
                ExecutionStatus::Cancelled,
                ExceptionPayload::host(
                    "Interrupted",
                    "execution interrupted; the code could not be stopped softly, so its worker was restarted",
                ),
            ),
            Some(StopReason::Timeout) => (
                ExecutionStatus::Timeout,
                ExceptionPayload::host(
                    "Timeout",
                    "execution exceeded its wall-clock limit; its worker was restarted",
                ),
            ),
            Some(StopReason::OutputLimit) => (
                ExecutionStatus::Error,
                ExceptionPayload::host(
                    "OutputLimitExceeded",
                    "output exceeded the template's limit",
                ),
            ),
            None => (
                ExecutionStatus::Crashed,
                ExceptionPayload::host("Crashed", self.death_message(ended)),
            ),
        };
        running.push(EventBody::Exception(error.clone()), &mut self.store);
        let restored = match self.start_worker() {
            Ok(()) => self.restore(self.template.options.restore),
            Err(error) => {
                self.mark(SessionStatus::Crashed, Some(&error.to_string()));
                format!("the session could not be restarted: {error}")
            }
        };
        running.push(EventBody::System { text: restored }, &mut self.store);
        let finished = running.finish(&mut self.store, status, None, Some(error), false);
        self.deliver(finished);
    }

    fn death_message(&self, ended: Option<(std::process::ExitStatus, String)>) -> String {
        use std::os::unix::process::ExitStatusExt;
        let Some((status, tail)) = ended else {
            return "the worker process died".to_owned();
        };
        if tail.contains("memory allocation") || tail.contains("out of memory") {
            return format!(
                "the code used more memory than the template allows (mem_mb = {} MiB); the worker was stopped",
                self.template.limits.mem_mb
            );
        }
        if tail.contains("stack overflow") || status.signal() == Some(libc::SIGSEGV) {
            return "stack overflow: the code nested or recursed too deeply; the worker was stopped".to_owned();
        }
        match (status.signal(), status.code()) {
            (Some(signal), _) => format!("the worker process was killed by signal {signal}"),
            (None, Some(code)) => format!(
                "the worker process exited with code {code}: {}",
                tail.trim()
            ),
            _ => "the worker process died".to_owned(),
        }
    }

    /// Re-runs startup sources and (if `replay`) the session's successful inputs, silently. Returns the note.
    fn restore(&mut self, replay: bool) -> String {
        let started = Instant::now();
        let cap = Duration::from_millis(self.template.options.replay_cap_ms);
        for (name, source) in self.startup.clone() {
            if self.replay_one(
                ExecutionKind::Startup,
                &name,
                &source,
                cap.saturating_sub(started.elapsed()),
            ) != Some(true)
            {
                return format!(
                    "session restarted, but startup file `{name}` failed on restore; state is empty"
                );
            }
        }
        if !replay {
            return "session restarted with a fresh state".to_owned();
        }
        let inputs = match self.store.replayable_inputs(&self.session_id) {
            Ok(inputs) => inputs,
            Err(error) => return format!("session restarted; restoring state failed: {error}"),
        };
        let total = inputs.len();
        let mut restored = 0;
        for (kind, input, name) in inputs {
            let left = cap.saturating_sub(started.elapsed());
            match self.replay_one(kind, &name, &input, left) {
                Some(true) => restored += 1,
                _ => break,
            }
        }
        if restored == total {
            format!(
                "session restored: replayed {restored} earlier input(s) in {} ms",
                started.elapsed().as_millis()
            )
        } else {
            format!(
                "session partly restored: replayed {restored} of {total} earlier input(s) (replay stops at the \
                 first failure or after {} ms)",
                cap.as_millis()
            )
        }
    }

    /// Runs one input silently in the worker; `Some(ok)`, or `None` if the worker died or ran out of time.
    fn replay_one(
        &mut self,
        kind: ExecutionKind,
        name: &str,
        source: &str,
        time_left: Duration,
    ) -> Option<bool> {
        if time_left.is_zero() {
            return None;
        }
        let execution_id = format!("replay-{}", uuid::Uuid::new_v4());
        let eval = EvalRequest {
            execution_id: execution_id.clone(),
            kind,
            source: source.to_owned(),
            source_name: name.to_owned(),
            wall_ms: Some(time_left.as_millis() as u64),
            replay: true,
        };
        self.worker.as_mut()?.send(&ToWorker::Eval(eval)).ok()?;
        match self.await_worker(
            |m| matches!(m, FromWorker::Done(done) if done.execution_id == execution_id),
            time_left + HARD_STOP_GRACE,
        ) {
            Some(FromWorker::Done(done)) => {
                if let Some(names) = done.names {
                    self.names_snapshot = names;
                }
                Some(done.status == EvalStatus::Ok)
            }
            _ => {
                // Hung or died: start over with a fresh worker and no replay.
                self.kill_worker();
                let _ = self.start_worker();
                None
            }
        }
    }
}
