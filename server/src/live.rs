//! Executions this server runs, while they run: every event kept in order in memory (from submission to the
//! end), so a reader — a `?wait=true` request, a list of events, a Server-Sent Events stream — reads exactly the
//! events after the `seq` it has and then waits for the next ones, with no gap between what the store holds
//! and what is live. Once the execution's outcome is committed to the store (core sends `Finished` only after
//! that commit), the server forgets it and readers go to the store.

use std::sync::{Arc, Mutex};

use tokio::sync::watch;
use vmjs_core::model::{Event, ExecutionKind, ExecutionRecord, ExecutionStatus, Metrics, now_ms};

/// One submitted execution, queued or running in a session of this server.
pub struct LiveExecution {
    pub id: String,
    pub session_id: String,
    pub kind: ExecutionKind,
    pub input: String,
    pub source_name: String,
    pub submitted_at_ms: i64,
    log: Mutex<Log>,
    /// Bumped on every change of `log` (readers wait on it).
    changed: watch::Sender<u64>,
}

#[derive(Default)]
struct Log {
    events: Vec<Arc<Event>>,
    output_bytes: u64,
    finished: Option<Arc<ExecutionRecord>>,
}

/// What a reader gets from [`LiveExecution::read_after`].
pub enum Read {
    /// Events after the given `seq` (never empty).
    Events(Vec<Arc<Event>>),
    /// No event after the given `seq`, and none will come: the execution ended with this record.
    End(Arc<ExecutionRecord>),
    /// Nothing yet: wait with [`Waiter::changed`].
    Pending,
}

/// Waits for the next change of one execution.
pub struct Waiter(watch::Receiver<u64>);

impl Waiter {
    /// Returns once something changed since the last [`LiveExecution::read_after`] made through this waiter.
    pub async fn changed(&mut self) {
        // An error means the execution is gone, which readers see as its end on the next read.
        let _ = self.0.changed().await;
    }
}

impl LiveExecution {
    pub fn new(
        id: String,
        session_id: String,
        kind: ExecutionKind,
        input: String,
        source_name: String,
    ) -> Self {
        Self {
            id,
            session_id,
            kind,
            input,
            source_name,
            submitted_at_ms: now_ms(),
            log: Mutex::new(Log::default()),
            changed: watch::Sender::new(0),
        }
    }

    /// Records the next event (in `seq` order, as core sends them).
    pub fn push(&self, event: Event) {
        {
            let mut log = self.lock();
            log.output_bytes += event.body.output_bytes();
            log.events.push(Arc::new(event));
        }
        self.changed.send_modify(|n| *n += 1);
    }

    /// Records the end. `record` is what core reports; an empty id (the session went away before it could
    /// answer) is filled with this execution's.
    pub fn finish(&self, mut record: ExecutionRecord) -> Arc<ExecutionRecord> {
        if record.id.is_empty() {
            record.id = self.id.clone();
            record.session_id = self.session_id.clone();
            record.kind = self.kind;
            record.input = self.input.clone();
            record.source_name = self.source_name.clone();
            record.started_at_ms = self.submitted_at_ms;
        }
        let record = Arc::new(record);
        self.lock().finished = Some(Arc::clone(&record));
        self.changed.send_modify(|n| *n += 1);
        record
    }

    /// A waiter for changes after the next read.
    pub fn waiter(&self) -> Waiter {
        Waiter(self.changed.subscribe())
    }

    /// The events after `after_seq`, or the end, or nothing yet. Marks `waiter` up to date first, so a change
    /// made after this read wakes it.
    pub fn read_after(&self, after_seq: u64, waiter: &mut Waiter) -> Read {
        waiter.0.borrow_and_update();
        let log = self.lock();
        // `seq` runs 1..n without gaps, so event `seq` is at index `seq - 1`.
        let start = usize::try_from(after_seq).unwrap_or(usize::MAX);
        if start < log.events.len() {
            return Read::Events(log.events[start..].to_vec());
        }
        match &log.finished {
            Some(record) => Read::End(Arc::clone(record)),
            None => Read::Pending,
        }
    }

    /// Waits for the end.
    pub async fn ended(&self) -> Arc<ExecutionRecord> {
        let mut waiter = self.waiter();
        loop {
            // Reading after the last possible `seq` skips the events: only the end matters here.
            if let Read::End(record) = self.read_after(u64::MAX, &mut waiter) {
                return record;
            }
            waiter.changed().await;
        }
    }

    /// Every event so far, in order.
    pub fn events(&self) -> Vec<Arc<Event>> {
        self.lock().events.clone()
    }

    /// The end, once it came.
    pub fn finished(&self) -> Option<Arc<ExecutionRecord>> {
        self.lock().finished.clone()
    }

    /// The execution as a record: the final one once it ended, else what is known so far (status `running`; the
    /// caller says whether it still waits its turn).
    pub fn snapshot(&self) -> ExecutionRecord {
        let log = self.lock();
        if let Some(record) = &log.finished {
            return (**record).clone();
        }
        ExecutionRecord {
            id: self.id.clone(),
            session_id: self.session_id.clone(),
            kind: self.kind,
            status: ExecutionStatus::Running,
            input: self.input.clone(),
            source_name: self.source_name.clone(),
            result: None,
            error: None,
            metrics: Metrics {
                wall_ms: u64::try_from(now_ms() - self.submitted_at_ms).unwrap_or(0),
                n_events: log.events.len() as u64,
                output_bytes: log.output_bytes,
            },
            started_at_ms: self.submitted_at_ms,
            ended_at_ms: None,
            replayable: false,
            events: Vec::new(),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Log> {
        // A panic while holding the lock leaves plain data behind: keep serving it.
        self.log
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use vmjs_core::model::{ConsoleLevel, EventBody};

    fn line(seq: u64) -> Event {
        Event {
            seq,
            body: EventBody::Console {
                level: ConsoleLevel::Log,
                text: format!("line {seq}"),
            },
        }
    }

    fn live() -> LiveExecution {
        LiveExecution::new(
            "e".into(),
            "s".into(),
            ExecutionKind::Repl,
            "1".into(),
            "<cell 1>".into(),
        )
    }

    #[tokio::test]
    async fn a_reader_gets_every_event_after_its_seq_then_the_end() {
        let execution = Arc::new(live());
        let mut waiter = execution.waiter();
        assert!(matches!(
            execution.read_after(0, &mut waiter),
            Read::Pending
        ));
        let writer = Arc::clone(&execution);
        let task = tokio::spawn(async move {
            for seq in 1..=500 {
                writer.push(line(seq));
                if seq % 7 == 0 {
                    tokio::task::yield_now().await;
                }
            }
            let mut record = writer.snapshot();
            record.status = ExecutionStatus::Ok;
            writer.finish(record);
        });
        let mut seen = Vec::new();
        loop {
            match execution.read_after(seen.len() as u64, &mut waiter) {
                Read::Events(events) => seen.extend(events.iter().map(|e| e.seq)),
                Read::End(record) => {
                    assert_eq!(record.status, ExecutionStatus::Ok);
                    break;
                }
                Read::Pending => waiter.changed().await,
            }
        }
        task.await.unwrap();
        assert_eq!(seen, (1..=500).collect::<Vec<_>>());
    }

    #[test]
    fn a_record_without_id_takes_the_executions() {
        let execution = live();
        let record = execution.finish(ExecutionRecord {
            id: String::new(),
            ..execution.snapshot()
        });
        assert_eq!(record.id, "e");
        assert_eq!(record.session_id, "s");
    }
}
