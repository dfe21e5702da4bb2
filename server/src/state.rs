//! The server's state: the sessions it holds (by id), the executions they run, a few store connections for
//! reads, and the shutdown signal.

use std::collections::{HashMap, VecDeque};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use axum::http::StatusCode;
use serde_json::json;
use tokio::sync::watch;
use vmjs_core::host::{ExecuteRequest, ExecutionUpdate, Session, Sessions, StartOptions};
use vmjs_core::model::now_ms;
use vmjs_core::store::{Store, StoreError};

use crate::error::{ApiError, ApiResult};
use crate::live::LiveExecution;

/// How often idle sessions are looked at for hibernation and expiry.
const IDLE_CHECK: Duration = Duration::from_millis(250);

/// Sessions closed here that are remembered (the newest), so lists can say what became of them.
const REMEMBERED_ENDS: usize = 1_000;

/// Why a session this server held is gone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EndReason {
    /// Closed on request (or at shutdown).
    Closed,
    /// Closed after its template's `close_after_ms` of idleness.
    Expired,
}

impl EndReason {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Closed => "closed",
            Self::Expired => "expired",
        }
    }
}

/// A session this server held and closed.
#[derive(Debug, Clone)]
pub struct Ended {
    pub id: String,
    pub reason: EndReason,
    /// When, in ms since the Unix epoch.
    pub at_ms: i64,
    /// Executions it was given while held here.
    pub executions: u64,
}

/// Store connections kept for requests (more are opened when requests overlap, and closed after).
const KEPT_CONNECTIONS: usize = 4;

/// Tunables of one server.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Executions one session holds at once (the running one and those waiting); one more is refused with 409
    /// `SESSION_BUSY`.
    pub queue_per_session: usize,
    /// The longest a `?wait=true` request waits for the outcome, in milliseconds.
    pub max_wait_ms: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            queue_per_session: 64,
            max_wait_ms: 300_000,
        }
    }
}

/// What a session's template says about idleness.
#[derive(Debug, Clone, Copy, Default)]
pub struct IdleRules {
    /// Idle this long, the session hibernates (the template's `hibernate_after_ms`).
    pub hibernate_after: Option<Duration>,
    /// Idle this long, the session is closed (the template's `close_after_ms`).
    pub close_after: Option<Duration>,
}

/// A session this server started and holds.
pub struct LiveSession {
    pub session: Session,
    /// The name of its template.
    pub template: String,
    pub idle: IdleRules,
    /// Ids of the executions submitted and not finished, oldest first: the first one runs.
    queue: Mutex<VecDeque<String>>,
    /// When the last execution was submitted or ended.
    last_active: Mutex<Instant>,
    /// Executions submitted to it here.
    submitted: std::sync::atomic::AtomicU64,
}

impl LiveSession {
    /// Executions submitted and not finished (the running one included).
    pub fn queue_length(&self) -> usize {
        lock(&self.queue).len()
    }

    /// How long the session has had nothing to do (zero while it runs or holds work).
    pub fn idle_for(&self) -> Duration {
        if self.queue_length() > 0 {
            return Duration::ZERO;
        }
        lock(&self.last_active).elapsed()
    }

    /// Whether the session is idle for longer than its template allows and awake.
    pub fn due_to_hibernate(&self) -> bool {
        self.idle
            .hibernate_after
            .is_some_and(|after| !self.session.is_hibernating() && self.idle_for() >= after)
    }

    /// Whether the session is idle for longer than its template keeps sessions open.
    pub fn due_to_close(&self) -> bool {
        self.idle
            .close_after
            .is_some_and(|after| self.idle_for() >= after)
    }

    fn touch(&self) {
        *lock(&self.last_active) = Instant::now();
    }

    /// Executions submitted to it in this server.
    pub fn executions(&self) -> u64 {
        self.submitted.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Ids of the executions submitted and not finished, oldest (the running one) first.
    pub fn queued_ids(&self) -> Vec<String> {
        lock(&self.queue).iter().cloned().collect()
    }

    /// The execution running now, if any.
    pub fn running(&self) -> Option<String> {
        lock(&self.queue).front().cloned()
    }
}

/// Everything a request handler reaches.
pub struct AppState {
    pub sessions: Sessions,
    pub limits: Limits,
    /// The root of a session created without one.
    pub default_root: std::path::PathBuf,
    /// `true` once the server shuts down (streams end, new work is refused).
    pub shutdown: watch::Receiver<bool>,
    /// Template edits (read, change, write) one at a time.
    pub template_writes: Arc<tokio::sync::Mutex<()>>,
    connections: Mutex<Vec<Store>>,
    live: Mutex<HashMap<String, Arc<LiveSession>>>,
    executions: Mutex<HashMap<String, Arc<LiveExecution>>>,
    /// Sessions this server closed, oldest first.
    ended: Mutex<VecDeque<Ended>>,
}

impl AppState {
    pub fn new(
        sessions: Sessions,
        limits: Limits,
        default_root: std::path::PathBuf,
        shutdown: watch::Receiver<bool>,
    ) -> Self {
        Self {
            sessions,
            limits,
            default_root,
            shutdown,
            template_writes: Arc::default(),
            connections: Mutex::new(Vec::new()),
            live: Mutex::new(HashMap::new()),
            executions: Mutex::new(HashMap::new()),
            ended: Mutex::new(VecDeque::new()),
        }
    }

    /// Runs `work` on a store connection, on a blocking thread (SQLite calls block).
    pub async fn store<T: Send + 'static>(
        self: &Arc<Self>,
        work: impl FnOnce(&mut Store) -> Result<T, StoreError> + Send + 'static,
    ) -> ApiResult<T> {
        let state = Arc::clone(self);
        tokio::task::spawn_blocking(move || {
            let kept = lock(&state.connections).pop();
            let mut store = match kept {
                Some(store) => store,
                None => state.sessions.store()?,
            };
            let result = work(&mut store);
            let mut kept = lock(&state.connections);
            if kept.len() < KEPT_CONNECTIONS {
                kept.push(store);
            }
            result
        })
        .await
        .map_err(|error| ApiError::internal(format!("store task: {error}")))?
        .map_err(ApiError::from)
    }

    /// Starts a session of `template` with `root` (an absolute path to a directory) and holds it.
    pub async fn open_session(
        self: &Arc<Self>,
        template: String,
        root: PathBuf,
    ) -> ApiResult<Arc<LiveSession>> {
        if !root.is_absolute() {
            return Err(
                ApiError::invalid_path("the session root must be an absolute path")
                    .details(json!({ "worktree_path": root })),
            );
        }
        if !root.is_dir() {
            return Err(ApiError::invalid_path(format!(
                "the session root {} is not a directory",
                root.display()
            ))
            .details(json!({ "worktree_path": root })));
        }
        let lookup = template.clone();
        let options = self
            .store(move |store| store.template(&lookup))
            .await?
            .options;
        if *self.shutdown.borrow() {
            return Err(ApiError::shutting_down());
        }
        let session = self
            .sessions
            .start(&template, root, StartOptions::default())
            .await?;
        let idle = IdleRules {
            hibernate_after: options.hibernate_after_ms.map(Duration::from_millis),
            close_after: options.close_after_ms.map(Duration::from_millis),
        };
        match self.hold(session, template, idle) {
            Ok(live) => Ok(live),
            Err(session) => {
                // Shutdown began while it started: it would outlive the closing of the others.
                session.close().await;
                Err(ApiError::shutting_down())
            }
        }
    }

    /// Holds a started session; gives it back if the server is shutting down (checked under the lock
    /// shutdown takes the held sessions with, so no session is held after they were closed).
    fn hold(
        &self,
        session: Session,
        template: String,
        idle: IdleRules,
    ) -> Result<Arc<LiveSession>, Session> {
        let mut held = lock(&self.live);
        if *self.shutdown.borrow() {
            return Err(session);
        }
        let live = Arc::new(LiveSession {
            session,
            template,
            idle,
            last_active: Mutex::new(Instant::now()),
            queue: Mutex::new(VecDeque::new()),
            submitted: std::sync::atomic::AtomicU64::new(0),
        });
        held.insert(live.session.id().to_owned(), Arc::clone(&live));
        Ok(live)
    }

    /// The held session `id`.
    pub fn session(&self, id: &str) -> Option<Arc<LiveSession>> {
        lock(&self.live).get(id).cloned()
    }

    /// Lets go of session `id` (the caller closes it) and remembers it was closed.
    pub fn release(&self, id: &str) -> Option<Arc<LiveSession>> {
        let live = lock(&self.live).remove(id)?;
        self.remember(&live, EndReason::Closed);
        Some(live)
    }

    /// Lets go of session `id` if it is still idle past its template's `close_after_ms` (checked under the lock
    /// that submissions find sessions with), and remembers that it expired.
    fn release_expired(&self, id: &str) -> Option<Arc<LiveSession>> {
        let live = {
            let mut held = lock(&self.live);
            if !held.get(id).is_some_and(|live| live.due_to_close()) {
                return None;
            }
            held.remove(id)?
        };
        self.remember(&live, EndReason::Expired);
        Some(live)
    }

    fn remember(&self, live: &LiveSession, reason: EndReason) {
        let mut ended = lock(&self.ended);
        if ended.len() >= REMEMBERED_ENDS {
            ended.pop_front();
        }
        ended.push_back(Ended {
            id: live.session.id().to_owned(),
            reason,
            at_ms: now_ms(),
            executions: live.executions(),
        });
    }

    /// The sessions this server closed (the newest [`REMEMBERED_ENDS`]), oldest first.
    pub fn ended(&self) -> Vec<Ended> {
        lock(&self.ended).iter().cloned().collect()
    }

    /// What became of session `id`, if this server held it and closed it recently.
    pub fn ended_session(&self, id: &str) -> Option<Ended> {
        lock(&self.ended)
            .iter()
            .rev()
            .find(|ended| ended.id == id)
            .cloned()
    }

    /// Every held session.
    pub fn held(&self) -> Vec<Arc<LiveSession>> {
        let mut held: Vec<_> = lock(&self.live).values().cloned().collect();
        held.sort_by_key(|live| live.session.number());
        held
    }

    /// The execution `id` while it is queued or runs here.
    pub fn execution(&self, id: &str) -> Option<Arc<LiveExecution>> {
        lock(&self.executions).get(id).cloned()
    }

    /// Queues `request` in `live`'s session, or refuses it with 409 `SESSION_BUSY` when the session already holds
    /// [`Limits::queue_per_session`] executions. A task follows the execution to its end.
    pub fn submit(
        self: &Arc<Self>,
        live: &Arc<LiveSession>,
        request: ExecuteRequest,
    ) -> ApiResult<Arc<LiveExecution>> {
        if *self.shutdown.borrow() {
            return Err(ApiError::shutting_down());
        }
        let source_name = request.source_name.clone().unwrap_or_default();
        let execution = Arc::new(LiveExecution::new(
            request.id.clone(),
            live.session.id().to_owned(),
            request.kind,
            request.source.clone(),
            source_name,
        ));
        {
            let mut queue = lock(&live.queue);
            if queue.len() >= self.limits.queue_per_session {
                return Err(ApiError::new(
                    StatusCode::CONFLICT,
                    "SESSION_BUSY",
                    format!(
                        "the session already holds {} executions (the most it queues)",
                        queue.len()
                    ),
                )
                .details(serde_json::json!({
                    "session_id": live.session.id(),
                    "queue_length": queue.len(),
                    "running_execution_id": queue.front(),
                })));
            }
            queue.push_back(execution.id.clone());
            live.submitted
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            live.touch();
            // Known before the session sees it: a reader never finds it in neither place.
            lock(&self.executions).insert(execution.id.clone(), Arc::clone(&execution));
        }
        let handle = live.session.execute(request);
        tokio::spawn(follow(
            Arc::clone(self),
            Arc::clone(live),
            Arc::clone(&execution),
            handle,
        ));
        Ok(execution)
    }
}

/// Moves one execution's updates into its [`LiveExecution`] until it ends, then forgets it (its outcome is in
/// the store by then).
async fn follow(
    state: Arc<AppState>,
    live: Arc<LiveSession>,
    execution: Arc<LiveExecution>,
    mut handle: vmjs_core::host::ExecutionHandle,
) {
    loop {
        match handle.next().await {
            ExecutionUpdate::Event(event) => execution.push(event),
            // Nobody can type over HTTP: `prompt()` gets `null` at once instead of hanging the session.
            ExecutionUpdate::InputRequest { .. } => live.session.reply_input(None),
            ExecutionUpdate::Finished(record) => {
                execution.finish(*record);
                break;
            }
        }
    }
    lock(&state.executions).remove(&execution.id);
    live.touch();
    let mut queue = lock(&live.queue);
    if let Some(at) = queue.iter().position(|id| *id == execution.id) {
        queue.remove(at);
    }
}

/// Puts sessions idle past their template's `hibernate_after_ms` to sleep (their workers stop; the next
/// execution restores them by replay) and closes those idle past its `close_after_ms`, until the server shuts
/// down.
pub async fn tend_idle(state: Arc<AppState>) {
    let mut shutdown = state.shutdown.clone();
    let mut tick = tokio::time::interval(IDLE_CHECK);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    loop {
        tokio::select! {
            _ = tick.tick() => {}
            _ = shutdown.changed() => return,
        }
        for live in state.held() {
            if live.due_to_close() {
                if let Some(live) = state.release_expired(live.session.id()) {
                    tokio::spawn(async move { live.session.close().await });
                }
            } else if live.due_to_hibernate() {
                // The actor answers once the worker stopped; do not wait for it here.
                tokio::spawn(async move {
                    live.session.hibernate().await;
                });
            }
        }
    }
}

/// Locks `mutex`, keeping its data if a panic poisoned it.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}
