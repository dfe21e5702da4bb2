//! Recovery: the worker died (memory limit, stack overflow, a signal) or would not stop in time — finalize
//! the running execution, start a fresh worker from the pool and restore the session by replaying its
//! startup files and (if the template says so) its successful inputs.

use std::time::{Duration, Instant};

use super::actor::{Actor, HARD_STOP_GRACE};
use super::error::SessionError;
use super::launch::launch_worker;
use crate::host::worker_process::{DeathCause, death_cause};
use crate::model::{EventBody, ExceptionPayload, ExecutionKind, ExecutionStatus, SessionStatus};
use crate::protocol::{EvalRequest, EvalStatus, FromWorker, StopReason, ToWorker};

impl Actor {
    /// Replaces the worker: a fresh one from the pool (the spare if one is warm), initialised and ready.
    pub(super) fn start_worker(&mut self) -> Result<(), SessionError> {
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

    /// The soft stop did not work in time: kill the worker (its exit is then handled as a death).
    pub(super) fn hard_stop(&mut self) {
        self.hard_deadline = None;
        if self.running.is_none() {
            return;
        }
        if self.stopping.is_none() {
            self.stopping = Some(StopReason::Timeout);
        }
        self.worker_died();
    }

    pub(super) fn kill_worker(&mut self) -> Option<(std::process::ExitStatus, String)> {
        let mut worker = self.worker.take()?;
        let status = worker.kill();
        let tail = worker.final_stderr_tail();
        self.generation += 1; // ignore whatever the dead worker's threads still deliver
        self.stale_answers = 0;
        status.map(|s| (s, tail))
    }

    /// The worker is gone (or must go): finalize the running execution, start a fresh worker, restore.
    pub(super) fn worker_died(&mut self) {
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

    pub(super) fn death_message(
        &self,
        ended: Option<(std::process::ExitStatus, String)>,
    ) -> String {
        use std::os::unix::process::ExitStatusExt;
        let Some((status, tail)) = ended else {
            return "the worker process died".to_owned();
        };
        let cause = death_cause(&tail);
        if cause == Some(DeathCause::OutOfMemory) {
            return format!(
                "the code used more memory than the template allows (mem_mb = {} MiB); the worker was stopped",
                self.template.limits.mem_mb
            );
        }
        if cause == Some(DeathCause::StackOverflow) || status.signal() == Some(libc::SIGSEGV) {
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
    pub(super) fn restore(&mut self, replay: bool) -> String {
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
    pub(super) fn replay_one(
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
            args: None,
            env: Vec::new(),
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
