//! The job executor: promise jobs, async jobs, timers and intervals, with the behaviour a notebook needs and
//! boa's `SimpleJobExecutor` lacks — it sleeps until the next timer instead of spinning (or, with the virtual
//! clock, jumps to it), one failing job does not drop the others (each error is handed to the caller), and it
//! stops promptly when the host asks.

use std::cell::RefCell;
use std::collections::{BTreeMap, VecDeque};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context as TaskContext, Poll, Waker};
use std::time::Duration;

use boa_engine::context::time::{JsDuration, JsInstant};
use boa_engine::job::{
    GenericJob, IntervalJob, Job, JobExecutor, NativeAsyncJob, PromiseJob, TimeoutJob,
};
use boa_engine::{Context, JsError, JsResult, JsValue};

use super::clock::VmClock;
use super::host_input;
use crate::protocol::StopReason;

enum ClockJob {
    Timeout(TimeoutJob),
    Interval(IntervalJob),
}

impl ClockJob {
    fn cancelled(&self) -> bool {
        match self {
            Self::Timeout(job) => job.cancelled(),
            Self::Interval(job) => job.cancelled(),
        }
    }
}

/// See the module docs.
pub struct Executor {
    clock: Rc<VmClock>,
    promise_jobs: RefCell<VecDeque<PromiseJob>>,
    async_jobs: RefCell<VecDeque<NativeAsyncJob>>,
    generic_jobs: RefCell<VecDeque<GenericJob>>,
    clock_jobs: RefCell<BTreeMap<JsInstant, Vec<ClockJob>>>,
}

impl Executor {
    pub fn new(clock: Rc<VmClock>) -> Self {
        Self {
            clock,
            promise_jobs: RefCell::default(),
            async_jobs: RefCell::default(),
            generic_jobs: RefCell::default(),
            clock_jobs: RefCell::default(),
        }
    }

    /// Drops every queued job and timer (after a stop: the code that scheduled them was interrupted).
    pub fn clear(&self) {
        self.promise_jobs.borrow_mut().clear();
        self.async_jobs.borrow_mut().clear();
        self.generic_jobs.borrow_mut().clear();
        self.clock_jobs.borrow_mut().clear();
    }

    fn has_ready_work(&self) -> bool {
        !self.promise_jobs.borrow().is_empty()
            || !self.async_jobs.borrow().is_empty()
            || !self.generic_jobs.borrow().is_empty()
    }

    fn next_timer(&self) -> Option<JsInstant> {
        let mut timers = self.clock_jobs.borrow_mut();
        timers.retain(|_, jobs| {
            jobs.retain(|job| !job.cancelled());
            !jobs.is_empty()
        });
        timers.keys().next().copied()
    }

    /// Runs jobs until none are left. `should_stop` is polled between jobs and while waiting for timers;
    /// `on_error` receives each job's error (the other jobs keep running).
    pub fn drain(
        &self,
        context: &mut Context,
        should_stop: &dyn Fn() -> Option<StopReason>,
        on_error: &mut dyn FnMut(JsError, &mut Context),
    ) -> Result<(), StopReason> {
        let cell = RefCell::new(context);
        let mut pending: Vec<Pin<Box<dyn Future<Output = JsResult<JsValue>> + '_>>> = Vec::new();
        let mut task_context = TaskContext::from_waker(Waker::noop());
        loop {
            if let Some(reason) = should_stop() {
                drop(pending);
                self.clear();
                return Err(reason);
            }
            for job in std::mem::take(&mut *self.async_jobs.borrow_mut()) {
                pending.push(Box::pin(job.call(&cell)));
            }
            pending.retain_mut(|future| match future.as_mut().poll(&mut task_context) {
                Poll::Ready(Ok(_)) => false,
                Poll::Ready(Err(error)) => {
                    on_error(error, &mut cell.borrow_mut());
                    false
                }
                Poll::Pending => true,
            });
            let promise_jobs = std::mem::take(&mut *self.promise_jobs.borrow_mut());
            for job in promise_jobs {
                if let Some(reason) = should_stop() {
                    self.clear();
                    return Err(reason);
                }
                let mut context = cell.borrow_mut();
                if let Err(error) = job.call(&mut context) {
                    on_error(error, &mut context);
                }
            }
            let generic_jobs = std::mem::take(&mut *self.generic_jobs.borrow_mut());
            for job in generic_jobs {
                let mut context = cell.borrow_mut();
                if let Err(error) = job.call(&mut context) {
                    on_error(error, &mut context);
                }
            }
            if self.has_ready_work() {
                continue;
            }
            let Some(next) = self.next_timer() else {
                if pending.is_empty() {
                    cell.borrow_mut().clear_kept_objects();
                    return Ok(());
                }
                // Async jobs waiting on something other than timers: yield briefly (a stop arriving
                // meanwhile is taken in).
                host_input::wait(Some(Duration::from_millis(1)));
                continue;
            };
            let now = self.clock.now_instant();
            if next > now {
                // The virtual clock jumps to the next timer only when nothing else is awaited: an async job
                // waiting on the outside world (a `fetch`) takes real time, during which virtual time stands.
                if self.clock.is_virtual() && pending.is_empty() {
                    self.clock.advance_to(next);
                } else {
                    // Until the timer is due, or the host sends something (a stop) sooner; async jobs are
                    // polled every millisecond.
                    let wait = Duration::from_nanos((next - now).as_nanos() as u64);
                    let poll = if pending.is_empty() { 50 } else { 1 };
                    host_input::wait(Some(wait.min(Duration::from_millis(poll))));
                    continue;
                }
            }
            self.run_due_timers(&cell, should_stop, on_error)?;
        }
    }

    fn run_due_timers(
        &self,
        cell: &RefCell<&mut Context>,
        should_stop: &dyn Fn() -> Option<StopReason>,
        on_error: &mut dyn FnMut(JsError, &mut Context),
    ) -> Result<(), StopReason> {
        let now = self.clock.now_instant();
        let due = {
            let mut timers = self.clock_jobs.borrow_mut();
            let later = timers.split_off(&(now + JsDuration::from(Duration::from_nanos(1))));
            std::mem::replace(&mut *timers, later)
        };
        for job in due.into_values().flatten() {
            if let Some(reason) = should_stop() {
                self.clear();
                return Err(reason);
            }
            if job.cancelled() {
                continue;
            }
            let mut context = cell.borrow_mut();
            match job {
                ClockJob::Timeout(job) => {
                    if let Err(error) = job.call(&mut context) {
                        on_error(error, &mut context);
                    }
                }
                ClockJob::Interval(job) => {
                    if let Err(error) = job.call(&mut context) {
                        on_error(error, &mut context);
                    }
                    if !job.cancelled() {
                        let at = self.clock.now_instant() + job.interval();
                        self.clock_jobs
                            .borrow_mut()
                            .entry(at)
                            .or_default()
                            .push(ClockJob::Interval(job));
                    }
                }
            }
        }
        Ok(())
    }
}

impl VmClock {
    fn now_instant(&self) -> JsInstant {
        boa_engine::context::time::Clock::now(self)
    }
}

impl JobExecutor for Executor {
    fn enqueue_job(self: Rc<Self>, job: Job, context: &mut Context) {
        match job {
            Job::PromiseJob(job) => self.promise_jobs.borrow_mut().push_back(job),
            Job::AsyncJob(job) => self.async_jobs.borrow_mut().push_back(job),
            // Cleanup jobs wait for the GC forever; running them would keep every execution alive.
            Job::FinalizationRegistryCleanupJob(_) => {}
            Job::GenericJob(job) => self.generic_jobs.borrow_mut().push_back(job),
            Job::TimeoutJob(job) => {
                let at = context.clock().now() + job.timeout();
                self.clock_jobs
                    .borrow_mut()
                    .entry(at)
                    .or_default()
                    .push(ClockJob::Timeout(job));
            }
            Job::IntervalJob(job) => {
                let at = context.clock().now() + job.interval();
                self.clock_jobs
                    .borrow_mut()
                    .entry(at)
                    .or_default()
                    .push(ClockJob::Interval(job));
            }
            _ => {}
        }
    }

    /// Used by boa itself (e.g. `JsPromise::await_blocking`): runs everything, returning the first error.
    fn run_jobs(self: Rc<Self>, context: &mut Context) -> JsResult<()> {
        let mut first_error = None;
        let _ = self.drain(context, &|| None, &mut |error, _| {
            first_error.get_or_insert(error);
        });
        first_error.map_or(Ok(()), Err)
    }
}
