//! The execution pipeline's bookkeeping for one running execution: numbering events (`seq` 1..n), applying
//! the output and event limits, batching events into store transactions, forwarding them live, and building
//! the final record. The session actor drives it; REPL input, run-file and startup files all pass through it.

use std::time::{Duration, Instant};

use tokio::sync::mpsc::UnboundedSender;

use crate::model::{
    Event, EventBody, ExceptionPayload, ExecutionRecord, ExecutionStatus, Limits, Metrics,
    OutputStrategy, ValuePayload,
};
use crate::store::{FinishExecution, NewExecution, ProcessIdentity, Store, StoreError};

use super::execution::ExecutionUpdate;

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
    owner: ProcessIdentity,
    /// Whether the execution's row is in the store (events can only be written after it).
    row_written: bool,
    subscriber: UnboundedSender<ExecutionUpdate>,
    /// An event recorded but not forwarded yet: it goes out just before the next update.
    held: Option<Event>,
    pending: Vec<Event>,
    last_flush: Instant,
    started: Instant,
    dropped_bytes: u64,
    dropped_events: u64,
    limits: Limits,
    /// The last failed write while the execution ran. Its events stay pending and are written again with
    /// the outcome; only if that fails too does the execution end with the error.
    store_error: Option<StoreError>,
}

impl Running {
    /// An execution that has not been written yet: [`Running::record_start`] writes its row, or else
    /// [`Running::finish`] does.
    pub fn new(
        new: NewExecution<'_>,
        limits: Limits,
        subscriber: UnboundedSender<ExecutionUpdate>,
    ) -> Self {
        Self {
            record: new.record(),
            owner: new.owner,
            row_written: false,
            subscriber,
            held: None,
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

    /// Writes the execution's row in status `running` (commit 1). The session calls this once the worker has
    /// the code, so the commit overlaps the evaluation. A failed write is handled like a failed batch: events
    /// are held, and [`Running::finish`] tries once more.
    pub fn record_start(&mut self, store: &mut Store) {
        if let Err(error) = self.write_row(store) {
            tracing::warn!(
                execution_id = %self.record.id,
                "store: {error}; the execution is recorded when it ends"
            );
            self.store_error = Some(error);
        }
    }

    fn write_row(&mut self, store: &mut Store) -> Result<(), StoreError> {
        if !self.row_written {
            store.insert_execution(&self.record, self.owner)?;
            self.row_written = true;
        }
        Ok(())
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
        let event = self.number(body);
        self.forward(ExecutionUpdate::Event(event.clone()));
        self.keep(event, store);
    }

    /// Records one event and forwards it with the next update or at [`Running::release_held`] (the session
    /// calls it before its actor sleeps), not at once.
    /// For the input echo: waking the subscriber just as the worker starts evaluating would compete with the
    /// worker for a CPU (one of two here; bench/RESULTS.md), and a quick execution's next update follows
    /// within microseconds.
    pub fn push_held(&mut self, body: EventBody, store: &mut Store) {
        let event = self.number(body);
        self.release_held();
        self.held = Some(event.clone());
        self.keep(event, store);
    }

    /// Forwards the held event now, if there is one.
    pub fn release_held(&mut self) {
        if let Some(held) = self.held.take() {
            let _ = self.subscriber.send(ExecutionUpdate::Event(held));
        }
    }

    fn number(&mut self, body: EventBody) -> Event {
        self.record.metrics.output_bytes += body.output_bytes();
        self.record.metrics.n_events += 1;
        Event {
            seq: self.record.metrics.n_events,
            body,
        }
    }

    /// Sends `update` to the subscriber, after the held event if there is one.
    fn forward(&mut self, update: ExecutionUpdate) -> bool {
        self.release_held();
        self.subscriber.send(update).is_ok()
    }

    /// When buffered events are due to be written, if any wait (and writing can succeed).
    pub fn flush_due_at(&self) -> Option<Instant> {
        (!self.pending.is_empty() && self.row_written && self.store_error.is_none())
            .then(|| self.last_flush + FLUSH_INTERVAL)
    }

    fn keep(&mut self, event: Event, store: &mut Store) {
        self.pending.push(event);
        if self.pending.len() >= FLUSH_EVENTS || self.last_flush.elapsed() >= FLUSH_INTERVAL {
            self.flush(store);
        }
    }

    /// Writes buffered events (one transaction): when a batch is full or due, and at
    /// [`Running::flush_due_at`] while the code runs without printing. After a failed write (database locked past the busy
    /// timeout, disk full) events are only buffered — bounded by the output limits — and [`Running::finish`]
    /// tries once more to write them all with the outcome, so a passing fault loses nothing.
    pub fn flush(&mut self, store: &mut Store) {
        self.last_flush = Instant::now();
        if self.pending.is_empty() || self.store_error.is_some() || !self.row_written {
            return;
        }
        match store.append_events(&self.record.id, &self.pending) {
            Ok(()) => self.pending.clear(),
            Err(error) => {
                tracing::warn!(
                    execution_id = %self.record.id,
                    pending = self.pending.len(),
                    "store: {error}; events kept in memory until the execution ends"
                );
                self.store_error = Some(error);
            }
        }
    }

    /// Adds the closing note on truncated output, if any.
    pub fn note_truncation(&mut self, store: &mut Store) {
        if self.dropped_events > 0 {
            let text = EventBody::truncation_note(
                self.dropped_events,
                self.dropped_bytes,
                self.limits.max_output_bytes,
                self.limits.max_events,
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
        if let Some(earlier) = self.store_error.take() {
            tracing::info!(
                execution_id = %self.record.id,
                "store: writing the {} events held back since `{earlier}` with the outcome",
                self.pending.len()
            );
        }
        // Only a successful input may be replayed to restore the session.
        let mut replayable = replayable && status == ExecutionStatus::Ok;
        let written = self.write_row(store).and_then(|()| {
            store.finish_execution(FinishExecution {
                id: &self.record.id,
                status,
                result: result.as_ref(),
                error: error.as_ref(),
                metrics,
                replayable,
                events: &self.pending,
            })
        });
        if let Err(store_error) = written {
            tracing::error!(execution_id = %self.record.id, "store: {store_error}");
            status = ExecutionStatus::Error;
            error = Some(store_failure(&store_error));
            replayable = false;
        }
        if metrics.n_events >= FLUSH_EVENTS as u64 {
            // Its batches filled the connection's page cache (measured: 2.3 MiB kept by the kernel after a
            // 100 000-line cell); a quick execution keeps the cache warm for the next.
            if let Err(store_error) = store.release_memory() {
                tracing::warn!(execution_id = %self.record.id, "store: {store_error}");
            }
        }
        self.record.status = status;
        self.record.result = result;
        self.record.error = error;
        self.record.replayable = replayable;
        self.record.ended_at_ms = Some(crate::model::now_ms());
        Finished {
            held: self.held,
            record: self.record,
            subscriber: self.subscriber,
        }
    }

    /// Forwards an input request to the subscriber.
    pub fn ask(&mut self, prompt: String, password: bool) -> bool {
        self.forward(ExecutionUpdate::InputRequest { prompt, password })
    }
}

/// A finalized execution whose subscriber has not been told yet.
#[must_use = "the subscriber waits for this record until it is delivered"]
pub struct Finished {
    /// The held event, if no update followed it (see [`Running::push_held`]).
    held: Option<Event>,
    record: ExecutionRecord,
    subscriber: UnboundedSender<ExecutionUpdate>,
}

impl Finished {
    /// Sends the record to the subscriber (a subscriber that went away is not an error).
    pub fn deliver(self) {
        if let Some(held) = self.held {
            let _ = self.subscriber.send(ExecutionUpdate::Event(held));
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ConsoleLevel, ExecutionKind};
    use crate::store::{NewExecution, ProcessIdentity};

    /// A store with one session, and the pipeline of an execution of `input` whose row is not written yet.
    fn unwritten(
        input: &str,
    ) -> (
        Store,
        Running,
        tokio::sync::mpsc::UnboundedReceiver<ExecutionUpdate>,
    ) {
        let mut store = Store::open_in_memory().unwrap();
        let session = store
            .create_session("default", "/root", ProcessIdentity::current())
            .unwrap();
        let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
        let running = Running::new(
            NewExecution {
                id: &uuid::Uuid::new_v4().to_string(),
                session_id: &session.id,
                kind: ExecutionKind::Repl,
                input,
                source_name: "<cell 1>",
                owner: ProcessIdentity::current(),
            },
            Limits::default(),
            tx,
        );
        (store, running, rx)
    }

    /// A store with one session and one begun execution, and the pipeline running it.
    fn running() -> (
        Store,
        Running,
        tokio::sync::mpsc::UnboundedReceiver<ExecutionUpdate>,
    ) {
        let (mut store, mut running, rx) = unwritten("spam()");
        running.record_start(&mut store);
        assert_eq!(
            store.get_execution(running.id(), false).unwrap().status,
            ExecutionStatus::Running
        );
        (store, running, rx)
    }

    /// More events than one batch, 1 KiB each: the first flush needs far more than two pages.
    fn spam(running: &mut Running, store: &mut Store) -> usize {
        let line = "x".repeat(1024);
        let n = FLUSH_EVENTS + 100;
        for _ in 0..n {
            running.push(
                EventBody::Console {
                    level: ConsoleLevel::Log,
                    text: line.clone(),
                },
                store,
            );
        }
        n
    }

    fn live_events(rx: &mut tokio::sync::mpsc::UnboundedReceiver<ExecutionUpdate>) -> usize {
        std::iter::from_fn(|| rx.try_recv().ok())
            .filter(|update| matches!(update, ExecutionUpdate::Event(_)))
            .count()
    }

    fn updates(rx: &mut tokio::sync::mpsc::UnboundedReceiver<ExecutionUpdate>) -> Vec<String> {
        std::iter::from_fn(|| rx.try_recv().ok())
            .map(|update| match update {
                ExecutionUpdate::Event(event) => {
                    format!("{} {}", event.seq, event.body.type_name())
                }
                ExecutionUpdate::InputRequest { .. } => "input request".to_owned(),
                ExecutionUpdate::Finished(record) => format!("finished {:?}", record.status),
            })
            .collect()
    }

    fn echo() -> EventBody {
        EventBody::InputEcho {
            text: "spam()".to_owned(),
        }
    }

    #[test]
    fn buffered_events_say_when_they_are_due_and_are_written_then() {
        let (mut store, mut running, _rx) = running();
        assert_eq!(running.flush_due_at(), None, "nothing buffered");
        running.push(
            EventBody::Console {
                level: ConsoleLevel::Log,
                text: "quiet after this".to_owned(),
            },
            &mut store,
        );
        let due = running.flush_due_at().expect("a buffered event is due");
        assert!(due <= Instant::now() + FLUSH_INTERVAL);
        assert!(
            store.events(running.id()).unwrap().is_empty(),
            "not written yet"
        );
        running.flush(&mut store);
        assert_eq!(store.events(running.id()).unwrap().len(), 1);
        assert_eq!(running.flush_due_at(), None);
    }

    #[test]
    fn a_held_event_goes_out_just_before_the_next_update_in_its_place() {
        let (mut store, mut logging, mut rx) = running();
        logging.push_held(echo(), &mut store);
        assert_eq!(updates(&mut rx), Vec::<String>::new(), "held, not sent");
        logging.push(
            EventBody::Console {
                level: ConsoleLevel::Log,
                text: "hi".to_owned(),
            },
            &mut store,
        );
        assert_eq!(updates(&mut rx), ["1 input_echo", "2 console"]);

        let (mut store, mut asking, mut rx) = running();
        asking.push_held(echo(), &mut store);
        assert!(asking.ask("name?".to_owned(), false));
        assert_eq!(updates(&mut rx), ["1 input_echo", "input request"]);

        let (mut store, mut slow, mut rx) = running();
        slow.push_held(echo(), &mut store);
        slow.release_held();
        assert_eq!(updates(&mut rx), ["1 input_echo"]);
        slow.finish(&mut store, ExecutionStatus::Ok, None, None, true)
            .deliver();
        assert_eq!(updates(&mut rx), ["finished Ok"], "sent once");
    }

    #[test]
    fn a_held_event_with_nothing_after_it_goes_out_with_the_end_and_is_recorded() {
        let (mut store, mut running, mut rx) = running();
        let id = running.id().to_owned();
        running.push_held(echo(), &mut store);
        running
            .finish(&mut store, ExecutionStatus::Ok, None, None, true)
            .deliver();
        assert_eq!(updates(&mut rx), ["1 input_echo", "finished Ok"]);
        let stored = store.events(&id).unwrap();
        assert_eq!(stored.len(), 1);
        assert!(matches!(stored[0].body, EventBody::InputEcho { .. }));
    }

    #[test]
    fn events_held_back_by_a_passing_store_fault_are_written_with_the_outcome() {
        let (mut store, mut running, mut rx) = running();
        let id = running.id().to_owned();
        store.cap_growth(Some(2));
        let n = spam(&mut running, &mut store);
        assert!(running.store_error.is_some(), "the first batch must fail");
        assert!(store.events(&id).unwrap().is_empty());

        store.cap_growth(None);
        let finished = running.finish(&mut store, ExecutionStatus::Ok, None, None, true);
        assert_eq!(finished.record.status, ExecutionStatus::Ok);
        assert_eq!(finished.record.error, None);
        let stored = store.events(&id).unwrap();
        let seqs: Vec<u64> = stored.iter().map(|e| e.seq).collect();
        assert_eq!(seqs, (1..=n as u64).collect::<Vec<_>>());
        assert_eq!(
            store.get_execution(&id, false).unwrap().status,
            ExecutionStatus::Ok
        );
        assert_eq!(live_events(&mut rx), n);
    }

    #[test]
    fn a_store_fault_that_lasts_ends_the_execution_with_a_store_error() {
        let (mut store, mut running, mut rx) = running();
        store.cap_growth(Some(2));
        let n = spam(&mut running, &mut store);

        let finished = running.finish(&mut store, ExecutionStatus::Ok, None, None, true);
        let record = finished.record;
        assert_eq!(record.status, ExecutionStatus::Error);
        assert!(!record.replayable);
        let error = record.error.expect("a store error");
        assert_eq!(error.name, "StoreError");
        assert_eq!(
            error.message,
            "the execution could not be recorded: writing events: database or disk is full"
        );
        // Every event still reached the live subscriber.
        assert_eq!(live_events(&mut rx), n);
    }

    /// An input that needs pages of its own (so a full disk refuses its row).
    fn long_input() -> String {
        format!("/* {} */ spam()", "x".repeat(16 * 1024))
    }

    #[test]
    fn a_row_the_store_refused_at_the_start_is_written_with_the_outcome() {
        let input = long_input();
        let (mut store, mut running, mut rx) = unwritten(&input);
        let id = running.id().to_owned();
        store.cap_growth(Some(0));
        running.record_start(&mut store);
        assert!(running.store_error.is_some(), "the row must fail");
        let n = spam(&mut running, &mut store);
        assert!(store.get_execution(&id, false).is_err(), "no row yet");

        store.cap_growth(None);
        let finished = running.finish(&mut store, ExecutionStatus::Ok, None, None, true);
        assert_eq!(finished.record.status, ExecutionStatus::Ok);
        let stored = store.get_execution(&id, true).unwrap();
        assert_eq!(stored.status, ExecutionStatus::Ok);
        assert_eq!(stored.input, input);
        assert_eq!(stored.events.len(), n);
        assert_eq!(live_events(&mut rx), n);
    }

    #[test]
    fn a_row_the_store_never_takes_ends_the_execution_with_a_store_error() {
        let (mut store, mut running, _rx) = unwritten(&long_input());
        let id = running.id().to_owned();
        store.cap_growth(Some(0));
        running.record_start(&mut store);
        let finished = running.finish(&mut store, ExecutionStatus::Ok, None, None, true);
        let record = finished.record;
        assert_eq!(record.status, ExecutionStatus::Error);
        assert_eq!(record.error.expect("a store error").name, "StoreError");
        assert!(store.get_execution(&id, false).is_err());
    }
}
