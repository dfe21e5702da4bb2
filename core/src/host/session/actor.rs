//! The session's actor: one thread that owns the worker, the store connection and the queue of executions,
//! and drives each execution through the pipeline (input echo and row, events checked and recorded, the
//! outcome, delivery). Controls are processed in order; `recovery` handles the worker's deaths, `startup` the
//! launch, `query` introspection.

use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use tokio::sync::mpsc::UnboundedSender;

use super::messages::{ActorMsg, Control, Query, Shared, answer_busy};
use crate::host::execution::{ExecuteRequest, ExecutionUpdate};
use crate::host::pipeline::{Admission, Finished, Running};
use crate::host::reply::Answer;
use crate::host::store_file::StoreFile;
use crate::host::tuning::{BACK_TO_BACK, NEXT_REQUEST_SPIN, QUICK_REPLY_SPIN, poll_until};
use crate::host::worker_process::{WorkerPool, WorkerProcess, WorkerSignal};
use crate::model::{
    EventBody, ExceptionPayload, ExecutionKind, ExecutionStatus, SessionStatus, Template,
};
use crate::protocol::{EvalDone, EvalRequest, EvalStatus, FromWorker, StopReason, ToWorker};
use crate::store::{NewExecution, ProcessIdentity, Store};

/// How long a soft stop may take before the worker is killed.
pub const HARD_STOP_GRACE: Duration = Duration::from_millis(500);

/// The actor: owns the worker, the store connection and the queue.
pub(super) struct Actor {
    pub(super) session_id: String,
    pub(super) store: Store,
    /// Where `store` connects (again, after hibernation gave the connection up).
    pub(super) store_file: StoreFile,
    /// `store` is [`Store::detached`] while the session hibernates (no descriptor held).
    pub(super) store_detached: bool,
    pub(super) template: Template,
    pub(super) root: PathBuf,
    pub(super) args: Vec<String>,
    pub(super) pool: Arc<WorkerPool>,
    pub(super) inbox: Receiver<ActorMsg>,
    pub(super) to_actor: Sender<ActorMsg>,
    pub(super) worker: Option<WorkerProcess>,
    pub(super) generation: u64,
    pub(super) queue: VecDeque<(ExecuteRequest, UnboundedSender<ExecutionUpdate>)>,
    pub(super) running: Option<Running>,
    /// Why the running execution is being stopped (set when a stop was requested).
    pub(super) stopping: Option<StopReason>,
    /// When the worker gets killed if the running execution has not ended.
    pub(super) hard_deadline: Option<Instant>,
    pub(super) shared: Arc<Shared>,
    /// Libraries and startup files that ran successfully (re-run silently on restore).
    pub(super) startup: Vec<(String, String)>,
    pub(super) cell_counter: u64,
    /// Global names as of the end of the last execution (answers completion while code runs).
    pub(super) names_snapshot: Vec<String>,
    /// Answers the current worker still owes to queries that timed out (dropped when they arrive, so a late
    /// answer is never taken for the answer to a newer query; the worker answers in order).
    pub(super) stale_answers: u64,
    /// A query is waiting for the idle worker's answer: queries arriving meanwhile wait their turn in
    /// `deferred_queries` (the answer is imminent) instead of getting the busy answer.
    pub(super) querying: bool,
    pub(super) deferred_queries: VecDeque<Query>,
    /// Poll (not sleep) for the next message until then: set when an `Eval` was just sent (for the worker's
    /// first answer), and when an execution ended while the caller sends them back to back.
    pub(super) poll_inbox_until: Option<Instant>,
    /// When the last execution's end was delivered.
    pub(super) last_delivered: Option<Instant>,
    /// Whether the running execution was asked for within [`BACK_TO_BACK`] of the previous one's end.
    pub(super) back_to_back: bool,
    /// An interrupt came while the session woke for the execution about to run: it ends unrun.
    pub(super) interrupted_while_waking: Option<bool>,
}

/// How a turn of the actor's loop ended.
pub(super) enum Turn {
    Continue,
    /// A `Close` arrived (its reply), or nobody can send any more.
    Closed(Option<Answer<()>>),
}

impl Actor {
    /// Serves controls and the worker until the session is closed; the close's reply goes out last, once the
    /// worker has exited and the store connection is closed.
    pub(super) fn run(mut self) {
        let reply = loop {
            if let Turn::Closed(reply) = self.turn() {
                break reply;
            }
        };
        self.close();
        drop(self);
        if let Some(reply) = reply {
            let _ = reply.send(());
        }
    }

    /// One turn of the loop: a deferred query, the next queued execution, or one message.
    pub(super) fn turn(&mut self) -> Turn {
        if let Some(query) = self.deferred_queries.pop_front() {
            self.control(Control::Query(query));
            return Turn::Continue;
        }
        if self.running.is_none()
            && let Some((request, subscriber)) = self.queue.pop_front()
        {
            self.begin(request, subscriber);
            return Turn::Continue;
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
        // While code runs quietly, events it printed reach the store within the flush interval (not only
        // when the next event comes): a crash of this process loses at most that much.
        let flush_due = self.running.as_ref().and_then(Running::flush_due_at);
        let wake = match (self.hard_deadline, flush_due) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        let message = match (quick, wake) {
            (Some(message), _) => message,
            (None, Some(wake)) => match self
                .inbox
                .recv_timeout(wake.saturating_duration_since(Instant::now()))
            {
                Ok(message) => message,
                Err(RecvTimeoutError::Timeout) => {
                    if self.hard_deadline.is_some_and(|d| Instant::now() >= d) {
                        self.hard_stop();
                    } else if let Some(running) = &mut self.running {
                        running.flush(&mut self.store);
                    }
                    return Turn::Continue;
                }
                Err(RecvTimeoutError::Disconnected) => return Turn::Closed(None),
            },
            (None, None) => match self.inbox.recv() {
                Ok(message) => message,
                Err(_) => return Turn::Closed(None),
            },
        };
        match message {
            ActorMsg::Control(Control::Close(reply)) => return Turn::Closed(Some(reply)),
            ActorMsg::Control(control) => self.control(control),
            ActorMsg::Worker(generation, signal) if generation == self.generation => {
                self.worker_signal(signal)
            }
            ActorMsg::Worker(..) => {}
        }
        Turn::Continue
    }

    pub(super) fn control(&mut self, control: Control) {
        match control {
            Control::Execute(request, subscriber) => {
                self.back_to_back = self.running.is_none()
                    && self.queue.is_empty()
                    && self
                        .last_delivered
                        .is_some_and(|at| at.elapsed() <= BACK_TO_BACK);
                self.queue.push_back((*request, subscriber));
            }
            Control::Interrupt => match &mut self.interrupted_while_waking {
                Some(interrupted) => *interrupted = true,
                None => self.request_stop(StopReason::Interrupt),
            },
            Control::CancelQueued => {
                self.cancel_queued("the execution was cancelled before it ran")
            }
            Control::InputReply(value) => {
                if let Some(worker) = &mut self.worker {
                    let _ = worker.send(&ToWorker::InputReply { value });
                }
            }
            // Busy or without a worker: answered from the snapshot of the last execution's names.
            Control::Query(query) if self.running.is_some() || self.is_hibernating() => {
                answer_busy(query, &self.names_snapshot)
            }
            Control::Hibernate(reply) => {
                let hibernating = self.hibernate();
                let _ = reply.send(hibernating);
            }
            Control::Query(query) => self.query(query),
            Control::Restart(reply) => {
                self.set_hibernating(false);
                self.attach_store();
                self.kill_worker();
                if let Err(error) = self.start_worker() {
                    self.mark(SessionStatus::Crashed, Some(&error.to_string()));
                } else {
                    self.restore(false);
                }
                let _ = reply.send(());
            }
            Control::Close(_) => {}
        }
    }

    pub(super) fn mark(&mut self, status: SessionStatus, last_error: Option<&str>) {
        self.attach_store();
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

    pub(super) fn close(&mut self) {
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
        self.cancel_queued("the session was closed before this execution ran");
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

    /// Ends every queued execution as `cancelled` (recorded, with `why`), without running it.
    fn cancel_queued(&mut self, why: &str) {
        for (request, subscriber) in std::mem::take(&mut self.queue) {
            self.begin_and_fail(
                request,
                subscriber,
                ExceptionPayload::host("Cancelled", why),
                ExecutionStatus::Cancelled,
            );
        }
    }

    /// Waits for a worker message matching `wanted`, queueing controls that arrive meanwhile.
    pub(super) fn await_worker(
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
                    self.queue.push_back((*request, subscriber));
                }
                // Starting, restoring or answering: busy (a worker being woken must not be stopped).
                ActorMsg::Control(Control::Hibernate(reply)) => {
                    let _ = reply.send(false);
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

    pub(super) fn source_name(&mut self, request: &ExecuteRequest) -> String {
        match &request.source_name {
            Some(name) => name.clone(),
            None => {
                self.cell_counter += 1;
                format!("<cell {}>", self.cell_counter)
            }
        }
    }

    /// The pipeline's bookkeeping for `request` (nothing written yet).
    pub(super) fn new_running(
        &mut self,
        request: &ExecuteRequest,
        subscriber: UnboundedSender<ExecutionUpdate>,
    ) -> Running {
        self.attach_store();
        let source_name = self.source_name(request);
        Running::new(
            NewExecution {
                id: &request.id,
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
    pub(super) fn begin(
        &mut self,
        request: ExecuteRequest,
        subscriber: UnboundedSender<ExecutionUpdate>,
    ) {
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
        if self.is_hibernating() {
            self.interrupted_while_waking = Some(false);
            if let Some(note) = self.wake() {
                running.push(EventBody::System { text: note }, &mut self.store);
            }
            if self.interrupted_while_waking.take() == Some(true) {
                let error =
                    ExceptionPayload::host("Interrupted", "execution interrupted by the user");
                self.end_unrun(running, error, ExecutionStatus::Cancelled);
                return;
            }
        }
        let wall_ms = request.wall_ms.or(self.template.limits.wall_ms);
        let eval = EvalRequest {
            execution_id: running.id().to_owned(),
            kind: request.kind,
            source: request.source,
            source_name: running.record.source_name.clone(),
            wall_ms,
            replay: false,
            args: request.args,
            env: request.env,
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
    pub(super) fn begin_and_fail(
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
    pub(super) fn end_unrun(
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
    pub(super) fn deliver(&mut self, finished: Finished) {
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

    pub(super) fn worker_signal(&mut self, signal: WorkerSignal) {
        match signal {
            WorkerSignal::Exited => self.worker_died(),
            WorkerSignal::Message(message) => self.worker_message(*message),
        }
    }

    pub(super) fn worker_message(&mut self, message: FromWorker) {
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
    pub(super) fn record_event(&mut self, execution_id: &str, body: EventBody) {
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
    pub(super) fn eval_done(&mut self, done: EvalDone) {
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
        // Cells and comm messages rebuild a session's state; files and start-up code are run again anyway.
        let replayable = matches!(
            running.record.kind,
            ExecutionKind::Repl | ExecutionKind::Comm
        ) && !done.side_effects;
        let finished = running.finish(&mut self.store, status, done.result, error, replayable);
        self.deliver(finished);
    }

    pub(super) fn request_stop(&mut self, reason: StopReason) {
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
}
