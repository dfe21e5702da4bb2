//! The execution pipeline's bookkeeping for one running execution: numbering events (`seq` 1..n), applying
//! the output and event limits, batching events into store transactions, forwarding them live, and building
//! the final record. The session actor drives it; REPL input, run-file and startup files all pass through it.

use std::time::{Duration, Instant};

use tokio::sync::mpsc::UnboundedSender;

use crate::model::{
    Event, EventBody, ExceptionPayload, ExecutionRecord, ExecutionStatus, Limits, Metrics,
    OutputStrategy, ValuePayload,
};
use crate::store::{FinishExecution, Store, StoreError};

use super::session::ExecutionUpdate;

/// Events are written to the store in batches of this many, or after [`FLUSH_INTERVAL`].
const FLUSH_EVENTS: usize = 2_000;
const FLUSH_INTERVAL: Duration = Duration::from_millis(200);

/// What the limits say about an event.
pub enum Admission {
    Keep,
    /// Over the limit with the `truncate` strategy: dropped (counted for the closing note).
    Drop,
    /// Over the limit with the `fail` strategy: stop the execution.
    Fail(String),
}

/// One execution in flight.
pub struct Running {
    pub record: ExecutionRecord,
    subscriber: UnboundedSender<ExecutionUpdate>,
    pending: Vec<Event>,
    last_flush: Instant,
    started: Instant,
    dropped_bytes: u64,
    dropped_events: u64,
    limits: Limits,
    /// A store error that happened while the execution ran; it ends the execution with that error.
    pub store_error: Option<StoreError>,
}

impl Running {
    pub fn new(
        record: ExecutionRecord,
        limits: Limits,
        subscriber: UnboundedSender<ExecutionUpdate>,
    ) -> Self {
        Self {
            record,
            subscriber,
            pending: Vec::new(),
            last_flush: Instant::now(),
            started: Instant::now(),
            dropped_bytes: 0,
            dropped_events: 0,
            limits,
            store_error: None,
        }
    }

    pub fn id(&self) -> &str {
        &self.record.id
    }

    /// Checks `body` against the output and event limits.
    pub fn admit(&mut self, body: &EventBody) -> Admission {
        let bytes = body.output_bytes();
        let metrics = &self.record.metrics;
        let over_bytes = bytes > 0 && metrics.output_bytes + bytes > self.limits.max_output_bytes;
        let over_events = self.limits.max_events.is_some_and(|max| {
            metrics.n_events + 1 > max && !matches!(body, EventBody::Exception(_))
        });
        if !(over_bytes || over_events) {
            return Admission::Keep;
        }
        match self.limits.output_strategy {
            OutputStrategy::Truncate => {
                self.dropped_bytes += bytes;
                self.dropped_events += 1;
                Admission::Drop
            }
            OutputStrategy::Fail if over_bytes => Admission::Fail(format!(
                "output exceeded the template's max_output_bytes ({} bytes)",
                self.limits.max_output_bytes
            )),
            OutputStrategy::Fail => Admission::Fail(format!(
                "execution exceeded the template's max_events ({})",
                self.limits.max_events.unwrap_or_default()
            )),
        }
    }

    /// Records and forwards one event (numbered in arrival order).
    pub fn push(&mut self, body: EventBody, store: &mut Store) {
        self.record.metrics.output_bytes += body.output_bytes();
        self.record.metrics.n_events += 1;
        let event = Event {
            seq: self.record.metrics.n_events,
            body,
        };
        let _ = self.subscriber.send(ExecutionUpdate::Event(event.clone()));
        self.pending.push(event);
        if self.pending.len() >= FLUSH_EVENTS || self.last_flush.elapsed() >= FLUSH_INTERVAL {
            self.flush(store);
        }
    }

    /// Writes buffered events (one transaction).
    fn flush(&mut self, store: &mut Store) {
        self.last_flush = Instant::now();
        if self.pending.is_empty() || self.store_error.is_some() {
            return;
        }
        if let Err(error) = store.append_events(&self.record.id, &self.pending) {
            tracing::error!(execution_id = %self.record.id, "store: {error}");
            self.store_error = Some(error);
        }
        self.pending.clear();
    }

    /// Adds the closing note on truncated output, if any.
    pub fn note_truncation(&mut self, store: &mut Store) {
        if self.dropped_events > 0 {
            let text = format!(
                "output truncated: {} more events ({} bytes) were dropped after the template's limit \
                 (max_output_bytes {}, max_events {})",
                self.dropped_events,
                self.dropped_bytes,
                self.limits.max_output_bytes,
                self.limits
                    .max_events
                    .map_or_else(|| "unlimited".to_owned(), |n| n.to_string())
            );
            self.dropped_events = 0;
            self.push(EventBody::System { text }, store);
        }
    }

    /// Finalizes the row (remaining events and the outcome in one transaction). The caller delivers the
    /// returned [`Finished`] to the subscriber once its own bookkeeping is done.
    pub fn finish(
        mut self,
        store: &mut Store,
        mut status: ExecutionStatus,
        result: Option<ValuePayload>,
        mut error: Option<ExceptionPayload>,
        replayable: bool,
    ) -> Finished {
        self.note_truncation(store);
        self.record.metrics.wall_ms = self.started.elapsed().as_millis() as u64;
        let metrics: Metrics = self.record.metrics;
        if let Some(store_error) = self.store_error.take() {
            status = ExecutionStatus::Error;
            error = Some(store_failure(&store_error));
        }
        // Only a successful input may be replayed to restore the session.
        let mut replayable = replayable && status == ExecutionStatus::Ok;
        let written = store.finish_execution(FinishExecution {
            id: &self.record.id,
            status,
            result: result.as_ref(),
            error: error.as_ref(),
            metrics,
            replayable,
            events: &self.pending,
        });
        if let Err(store_error) = written {
            tracing::error!(execution_id = %self.record.id, "store: {store_error}");
            status = ExecutionStatus::Error;
            error = Some(store_failure(&store_error));
            replayable = false;
        }
        self.record.status = status;
        self.record.result = result;
        self.record.error = error;
        self.record.replayable = replayable;
        self.record.ended_at_ms = Some(crate::model::now_ms());
        Finished {
            record: self.record,
            subscriber: self.subscriber,
        }
    }

    /// Forwards an input request to the subscriber.
    pub fn ask(&self, prompt: String, password: bool) -> bool {
        self.subscriber
            .send(ExecutionUpdate::InputRequest { prompt, password })
            .is_ok()
    }
}

/// A finalized execution whose subscriber has not been told yet.
#[must_use = "the subscriber waits for this record until it is delivered"]
pub struct Finished {
    record: ExecutionRecord,
    subscriber: UnboundedSender<ExecutionUpdate>,
}

impl Finished {
    /// An outcome that never reached the pipeline (for example, the store refused to begin it).
    pub fn new(record: ExecutionRecord, subscriber: UnboundedSender<ExecutionUpdate>) -> Self {
        Self { record, subscriber }
    }

    /// Sends the record to the subscriber (a subscriber that went away is not an error).
    pub fn deliver(self) {
        let _ = self
            .subscriber
            .send(ExecutionUpdate::Finished(Box::new(self.record)));
    }
}

/// The error an execution ends with when the store could not record it.
pub fn store_failure(error: &StoreError) -> ExceptionPayload {
    ExceptionPayload::host(
        "StoreError",
        format!("the execution could not be recorded: {error}"),
    )
}
