//! [`Session`]: the handle callers hold. Every control is a message to the session's actor thread; whatever
//! waits for an answer returns a [`Reply`], which a thread waits for and async code awaits.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{self, Sender};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::sync::mpsc::unbounded_channel;

use super::actor::Actor;
use super::error::SessionError;
use super::messages::{ActorMsg, Control, Query, Shared};
use super::startup::Launch;
use crate::host::execution::{ExecuteRequest, ExecutionHandle, ExecutionUpdate, lost_record};
use crate::host::reply::Reply;
use crate::model::{Description, ExceptionPayload, SessionStatus};

/// A live session. Dropping it closes the session in the background (the worker exits, the row is marked
/// closed); [`Session::close`] does the same and says when it is done.
pub struct Session {
    id: String,
    number: i64,
    root: PathBuf,
    to_actor: Sender<ActorMsg>,
    shared: Arc<Shared>,
    /// Whether [`Session::close`] was called (dropping the handle then sends nothing more).
    closing: AtomicBool,
}

impl Session {
    /// Starts the actor thread, which starts the worker, records the session and runs the template's libraries
    /// and startup files; the reply is the session once it is `ready`.
    pub(in crate::host) fn start(launch: Launch) -> Reply<Result<Session, SessionError>> {
        let (answer, reply) = Reply::channel(None, || Err(SessionError::Closed));
        let (to_actor, inbox) = mpsc::channel();
        let shared = Arc::new(Shared {
            busy: AtomicUsize::new(0),
            status: Mutex::new(SessionStatus::Starting),
            hibernating: AtomicBool::new(false),
        });
        let thread_shared = Arc::clone(&shared);
        let thread_to_actor = to_actor.clone();
        let spawned = std::thread::Builder::new()
            .name("vmjs-session".into())
            .spawn(move || {
                let (actor, started) = match Actor::launch(launch, inbox, thread_to_actor, shared) {
                    Ok(launched) => launched,
                    Err(error) => {
                        let _ = answer.send(Err(error));
                        return;
                    }
                };
                let session = Session {
                    id: started.id,
                    number: started.number,
                    root: started.root,
                    to_actor,
                    shared: thread_shared,
                    closing: AtomicBool::new(false),
                };
                if let Err(flume::SendError(unwanted)) = answer.send(Ok(session)) {
                    // Nobody waits for this session any more: it closes at once. (Dropping the handle here
                    // would queue a `Close` the loop below then handles.)
                    drop(unwanted);
                }
                actor.run();
            });
        match spawned {
            Ok(_) => reply,
            Err(error) => Reply::ready(
                Err(SessionError::Spawn {
                    exe: "session thread".into(),
                    message: error.to_string(),
                }),
                || Err(SessionError::Closed),
            ),
        }
    }

    /// The session's id (a UUID, as in the store).
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The session's small integer id.
    pub fn number(&self) -> i64 {
        self.number
    }

    /// The canonical session root.
    pub fn root(&self) -> &Path {
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
            .send(ActorMsg::Control(Control::Execute(
                Box::new(request),
                tx.clone(),
            )))
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
            .send(ActorMsg::Control(Control::Execute(Box::new(request), tx)))
            .map_err(|_| SessionError::Closed)?;
        Ok(ExecutionHandle { updates })
    }

    /// Stops the running execution (soft within ~ms for synchronous code; hard kill + restore otherwise).
    pub fn interrupt(&self) {
        let _ = self.to_actor.send(ActorMsg::Control(Control::Interrupt));
    }

    /// Ends every execution waiting for its turn as `cancelled` (recorded, never run). The running one goes
    /// on ([`Session::interrupt`] stops it); executions queued after this call run as usual.
    pub fn cancel_queued(&self) {
        let _ = self.to_actor.send(ActorMsg::Control(Control::CancelQueued));
    }

    /// Stops the worker of an idle session to free its memory; the session stays `ready` and the next
    /// execution starts a worker and restores the state by replaying the session's inputs (as after a worker
    /// death: startup files, then the successful inputs that used no capability). Answers `true` if the session
    /// hibernates (now or already), `false` if it is busy (nothing changes).
    pub fn hibernate(&self) -> Reply<bool> {
        let (answer, reply) = Reply::channel(None, || false);
        let _ = self
            .to_actor
            .send(ActorMsg::Control(Control::Hibernate(answer)));
        reply
    }

    /// Whether the session's worker is stopped until the next execution ([`Session::hibernate`]).
    pub fn is_hibernating(&self) -> bool {
        self.shared.hibernating.load(Ordering::SeqCst)
    }

    /// Answers the pending `prompt()` (`None`: no input).
    pub fn reply_input(&self, value: Option<String>) {
        let _ = self
            .to_actor
            .send(ActorMsg::Control(Control::InputReply(value)));
    }

    /// Replaces the worker with a fresh one (startup files run again); state is gone. The reply comes once
    /// the new worker is ready.
    pub fn restart(&self) -> Reply<()> {
        let (answer, reply) = Reply::channel(None, || ());
        let _ = self
            .to_actor
            .send(ActorMsg::Control(Control::Restart(answer)));
        reply
    }

    /// Closes the session: the running execution and anything queued end `cancelled`, the worker exits, the
    /// row is marked closed. The reply comes when all of that is done and the session's threads are ending.
    /// Later executions end at once with a `SessionClosed` error; closing again replies when the first close
    /// is done.
    pub fn close(&self) -> Reply<()> {
        self.closing.store(true, Ordering::SeqCst);
        let (answer, reply) = Reply::channel(None, || ());
        let _ = self
            .to_actor
            .send(ActorMsg::Control(Control::Close(answer)));
        reply
    }

    /// Global names of the session (for completion), sorted. While an execution runs (or the session is being
    /// restored) the answer comes at once from the snapshot the worker sent after its last execution; empty if
    /// the worker does not answer within `timeout`.
    pub fn global_names(&self, timeout: Duration) -> Reply<Vec<String>> {
        let (reply, answer) = self.reply_by(timeout, Vec::new);
        self.query(Query::Names { timeout, reply });
        answer
    }

    /// Own and inherited property names (identifier names only, sorted, deduplicated; prototype methods
    /// included) of the value at `expression`, a property path such as `a.b[0]["c"]` (anything else gives an
    /// empty list; resolving never runs user code — a getter or Proxy on the way gives an empty list). Empty at
    /// once while an execution runs, or if the worker does not answer within `timeout`.
    pub fn property_names(&self, expression: &str, timeout: Duration) -> Reply<Vec<String>> {
        let (reply, answer) = self.reply_by(timeout, Vec::new);
        self.query(Query::Properties {
            expression: expression.to_owned(),
            timeout,
            reply,
        });
        answer
    }

    /// Type, preview and (for functions) signature of the value at the property path `expression`
    /// (`detail` 0: short preview, ≥ 1: longer). `None` when the path is invalid or does not resolve without
    /// running code, at once while an execution runs, or if the worker does not answer within `timeout`.
    pub fn describe(
        &self,
        expression: &str,
        detail: u8,
        timeout: Duration,
    ) -> Reply<Option<Description>> {
        let (reply, answer) = self.reply_by(timeout, || None);
        self.query(Query::Describe {
            expression: expression.to_owned(),
            detail,
            timeout,
            reply,
        });
        answer
    }

    fn reply_by<T: Send + 'static>(
        &self,
        timeout: Duration,
        fallback: fn() -> T,
    ) -> (crate::host::reply::Answer<T>, Reply<T>) {
        Reply::channel(Some(Instant::now() + timeout), fallback)
    }

    /// A dropped query (closed session) drops its answer's sender: the reply is its fallback at once.
    fn query(&self, query: Query) {
        let _ = self.to_actor.send(ActorMsg::Control(Control::Query(query)));
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        // Never blocks: an async caller may drop its last handle on a runtime thread.
        if !self.closing.load(Ordering::SeqCst) {
            let _ = self.close();
        }
    }
}
