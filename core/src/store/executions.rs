//! Executions and their events: begin (one commit), stream event batches, finish (one commit), read back.
//!
//! Events are stored as `type` + the JSON of the `payload` part of an [`EventBody`] (adjacently tagged), and
//! rebuilt by deserialising `{"type": T, "payload": P}`.

use rusqlite::{OptionalExtension, Row, Transaction, TransactionBehavior, params};

use super::{
    Context, ProcessIdentity, Result, Store, StoreError, bad_column, is_constraint, to_i64, to_u64,
};
use crate::model::{
    Event, EventBody, ExceptionPayload, ExecutionKind, ExecutionRecord, ExecutionStatus, Metrics,
    ValuePayload, now_ms,
};

/// What [`Store::begin_execution`] records.
#[derive(Debug, Clone, Copy)]
pub struct NewExecution<'a> {
    /// The execution's id (a UUID; [`crate::host::ExecuteRequest`] makes one).
    pub id: &'a str,
    pub session_id: &'a str,
    pub kind: ExecutionKind,
    pub input: &'a str,
    pub source_name: &'a str,
    /// The process running the execution (its row is marked `crashed` if that process dies first).
    pub owner: ProcessIdentity,
}

impl NewExecution<'_> {
    /// The record of this execution as it starts: status `running`. Nothing is written.
    pub fn record(&self) -> ExecutionRecord {
        ExecutionRecord {
            id: self.id.to_owned(),
            session_id: self.session_id.to_owned(),
            kind: self.kind,
            status: ExecutionStatus::Running,
            input: self.input.to_owned(),
            source_name: self.source_name.to_owned(),
            result: None,
            error: None,
            metrics: Metrics::default(),
            started_at_ms: now_ms(),
            ended_at_ms: None,
            replayable: false,
            events: Vec::new(),
        }
    }
}

/// The outcome [`Store::finish_execution`] records.
#[derive(Debug, Clone, Copy)]
pub struct FinishExecution<'a> {
    pub id: &'a str,
    pub status: ExecutionStatus,
    pub result: Option<&'a ValuePayload>,
    pub error: Option<&'a ExceptionPayload>,
    pub metrics: Metrics,
    pub replayable: bool,
    /// Events not yet written by [`Store::append_events`].
    pub events: &'a [Event],
}

/// Which executions [`Store::list_executions`] returns.
#[derive(Debug, Clone, Default)]
pub struct ExecutionFilter {
    /// Only this session's executions.
    pub session_id: Option<String>,
    /// At most this many (newest first).
    pub limit: usize,
}

/// Columns read by [`execution_from_row`], in order.
const EXECUTION_COLUMNS: &str = "id, session_id, kind, status, input, source_name, result, error, wall_ms, \
                                 n_events, output_bytes, replayable, started_at, ended_at";

impl Store {
    /// Records an execution in status `running` (one commit) and returns it.
    pub fn begin_execution(&self, new: NewExecution<'_>) -> Result<ExecutionRecord> {
        let record = new.record();
        self.insert_execution(&record, new.owner)?;
        Ok(record)
    }

    /// Writes the row of an execution built by [`NewExecution::record`] (one commit), as it is then. The
    /// session writes it while the worker already evaluates; [`Store::finish_execution`] needs it.
    pub fn insert_execution(&self, record: &ExecutionRecord, owner: ProcessIdentity) -> Result<()> {
        let _turn = super::write_turn(&self.writer);
        let inserted = self
            .conn
            .prepare_cached(
                "INSERT INTO executions (id, session_id, kind, status, input, source_name, owner_pid, owner_start,
                                         started_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )
            .and_then(|mut stmt| {
                stmt.execute(params![
                    record.id,
                    record.session_id,
                    record.kind.as_str(),
                    record.status.as_str(),
                    record.input,
                    record.source_name,
                    owner.pid,
                    to_i64(owner.start),
                    record.started_at_ms,
                ])
            });
        match inserted {
            Err(err) if is_constraint(&err, &[rusqlite::ffi::SQLITE_CONSTRAINT_FOREIGNKEY]) => {
                Err(StoreError::SessionNotFound(record.session_id.clone()))
            }
            other => other
                .context("recording the start of an execution")
                .map(|_| ()),
        }
    }

    /// Writes a batch of streamed events in one transaction.
    pub fn append_events(&mut self, execution_id: &str, events: &[Event]) -> Result<()> {
        let _turn = super::write_turn(&self.writer);
        if events.is_empty() {
            return Ok(());
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .context("writing events")?;
        insert_events(&tx, execution_id, events)?;
        tx.commit().context("writing events")
    }

    /// Writes the remaining events and the final status, result, error and metrics in one transaction.
    pub fn finish_execution(&mut self, finish: FinishExecution<'_>) -> Result<()> {
        let _turn = super::write_turn(&self.writer);
        const CONTEXT: &str = "recording the end of an execution";
        let result = finish
            .result
            .map(serde_json::to_string)
            .transpose()
            .context("encoding an execution's result")?;
        let error = finish
            .error
            .map(serde_json::to_string)
            .transpose()
            .context("encoding an execution's error")?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .context(CONTEXT)?;
        insert_events(&tx, finish.id, finish.events)?;
        let changed = tx
            .prepare_cached(
                "UPDATE executions SET status = ?2, result = ?3, error = ?4, wall_ms = ?5, n_events = ?6,
                     output_bytes = ?7, replayable = ?8, ended_at = ?9
                 WHERE id = ?1",
            )
            .and_then(|mut stmt| {
                stmt.execute(params![
                    finish.id,
                    finish.status.as_str(),
                    result,
                    error,
                    to_i64(finish.metrics.wall_ms),
                    to_i64(finish.metrics.n_events),
                    to_i64(finish.metrics.output_bytes),
                    finish.replayable,
                    now_ms(),
                ])
            })
            .context(CONTEXT)?;
        if changed == 0 {
            return Err(StoreError::ExecutionNotFound(finish.id.to_owned()));
        }
        tx.commit().context(CONTEXT)
    }

    /// The execution with this id, with its events if `with_events`.
    pub fn get_execution(&self, id: &str, with_events: bool) -> Result<ExecutionRecord> {
        let record = self
            .conn
            .prepare_cached(&format!(
                "SELECT {EXECUTION_COLUMNS} FROM executions WHERE id = ?1"
            ))
            .and_then(|mut stmt| stmt.query_row([id], execution_from_row).optional())
            .context("reading an execution")?;
        let mut record = record.ok_or_else(|| StoreError::ExecutionNotFound(id.to_owned()))?;
        if with_events {
            record.events = self.events(id)?;
        }
        Ok(record)
    }

    /// Executions (without events), newest first.
    pub fn list_executions(&self, filter: &ExecutionFilter) -> Result<Vec<ExecutionRecord>> {
        const CONTEXT: &str = "listing executions";
        let limit = to_i64(filter.limit as u64);
        // Two statements rather than `?1 IS NULL OR ...`, so the session filter can use its index.
        let sql = match filter.session_id {
            Some(_) => format!(
                "SELECT {EXECUTION_COLUMNS} FROM executions WHERE session_id = ?1
                 ORDER BY started_at DESC, rowid DESC LIMIT ?2"
            ),
            None => format!(
                "SELECT {EXECUTION_COLUMNS} FROM executions ORDER BY started_at DESC, rowid DESC LIMIT ?1"
            ),
        };
        let mut stmt = self.conn.prepare_cached(&sql).context(CONTEXT)?;
        let rows = match &filter.session_id {
            Some(session_id) => stmt.query_map(params![session_id, limit], execution_from_row),
            None => stmt.query_map(params![limit], execution_from_row),
        }
        .context(CONTEXT)?;
        rows.collect::<rusqlite::Result<Vec<_>>>().context(CONTEXT)
    }

    /// Every event of an execution, in `seq` order.
    pub fn events(&self, execution_id: &str) -> Result<Vec<Event>> {
        self.events_after(execution_id, 0)
    }

    /// The events of an execution with `seq > after_seq`, in `seq` order (to follow a running execution).
    pub fn events_after(&self, execution_id: &str, after_seq: u64) -> Result<Vec<Event>> {
        const CONTEXT: &str = "reading events";
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT seq, type, payload FROM events WHERE execution_id = ?1 AND seq > ?2 ORDER BY seq",
            )
            .context(CONTEXT)?;
        let rows = stmt
            .query_map(params![execution_id, to_i64(after_seq)], |row| {
                Ok((
                    row.get::<_, i64>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, String>(2)?,
                ))
            })
            .context(CONTEXT)?;
        let mut events = Vec::new();
        for row in rows {
            let (seq, kind, payload) = row.context(CONTEXT)?;
            let payload: serde_json::Value =
                serde_json::from_str(&payload).context("decoding an event")?;
            let mut tagged = serde_json::Map::with_capacity(2);
            tagged.insert("type".to_owned(), serde_json::Value::String(kind));
            tagged.insert("payload".to_owned(), payload);
            let body: EventBody = serde_json::from_value(serde_json::Value::Object(tagged))
                .context("decoding an event")?;
            events.push(Event {
                seq: to_u64(seq),
                body,
            });
        }
        Ok(events)
    }

    /// The inputs to replay to restore a session, in start order: its successful, replayable REPL executions and
    /// comm messages (a widget's state is what the frontend's messages made it).
    pub fn replayable_inputs(
        &self,
        session_id: &str,
    ) -> Result<Vec<(ExecutionKind, String, String)>> {
        const CONTEXT: &str = "reading the inputs to replay";
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT kind, input, source_name FROM executions
                 WHERE session_id = ?1 AND replayable = 1 AND status = 'ok' AND kind IN ('repl', 'comm')
                 ORDER BY started_at, rowid",
            )
            .context(CONTEXT)?;
        let rows = stmt
            .query_map([session_id], |row| {
                Ok((
                    parse_kind(row, 0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, String>(2)?,
                ))
            })
            .context(CONTEXT)?;
        rows.collect::<rusqlite::Result<Vec<_>>>().context(CONTEXT)
    }
}

/// Inserts events with one cached statement; maps an unknown execution to [`StoreError::ExecutionNotFound`].
fn insert_events(tx: &Transaction<'_>, execution_id: &str, events: &[Event]) -> Result<()> {
    const CONTEXT: &str = "writing events";
    if events.is_empty() {
        return Ok(());
    }
    let mut stmt = tx
        .prepare_cached(
            "INSERT INTO events (execution_id, seq, type, payload) VALUES (?1, ?2, ?3, ?4)",
        )
        .context(CONTEXT)?;
    for event in events {
        let payload = event_payload(&event.body)?;
        let inserted = stmt.execute(params![
            execution_id,
            to_i64(event.seq),
            event.body.type_name(),
            payload
        ]);
        match inserted {
            Err(err) if is_constraint(&err, &[rusqlite::ffi::SQLITE_CONSTRAINT_FOREIGNKEY]) => {
                return Err(StoreError::ExecutionNotFound(execution_id.to_owned()));
            }
            other => other.context(CONTEXT)?,
        };
    }
    Ok(())
}

/// The JSON text of the `payload` part of an event body.
///
/// Hot path (one call per console line): the body is written once as `{"type":"…","payload":…}` — the
/// adjacently tagged form, tag first — and the payload is cut out of that text, without building a
/// `serde_json::Value` tree. Any other shape falls back to the tree.
fn event_payload(body: &EventBody) -> Result<String> {
    let tagged = serde_json::to_string(body).context("encoding an event")?;
    if let Some(payload) = tagged
        .strip_prefix(r#"{"type":""#)
        .and_then(|rest| rest.strip_prefix(body.type_name()))
        .and_then(|rest| rest.strip_prefix(r#"","payload":"#))
        .and_then(|rest| rest.strip_suffix('}'))
    {
        return Ok(payload.to_owned());
    }
    event_payload_via_tree(body)
}

/// [`event_payload`] through a `serde_json::Value` tree (any shape of body).
fn event_payload_via_tree(body: &EventBody) -> Result<String> {
    let mut tagged = serde_json::to_value(body).context("encoding an event")?;
    let payload = tagged
        .get_mut("payload")
        .map(serde_json::Value::take)
        .unwrap_or(serde_json::Value::Null);
    serde_json::to_string(&payload).context("encoding an event")
}

fn parse_kind(row: &Row<'_>, index: usize) -> rusqlite::Result<ExecutionKind> {
    let kind: String = row.get(index)?;
    ExecutionKind::parse(&kind)
        .ok_or_else(|| bad_column(index, format!("unknown execution kind `{kind}`")))
}

fn parse_json<T: serde::de::DeserializeOwned>(
    row: &Row<'_>,
    index: usize,
) -> rusqlite::Result<Option<T>> {
    let Some(text) = row.get::<_, Option<String>>(index)? else {
        return Ok(None);
    };
    serde_json::from_str(&text).map(Some).map_err(|err| {
        rusqlite::Error::FromSqlConversionFailure(index, rusqlite::types::Type::Text, err.into())
    })
}

fn execution_from_row(row: &Row<'_>) -> rusqlite::Result<ExecutionRecord> {
    let status: String = row.get(3)?;
    Ok(ExecutionRecord {
        id: row.get(0)?,
        session_id: row.get(1)?,
        kind: parse_kind(row, 2)?,
        status: ExecutionStatus::parse(&status)
            .ok_or_else(|| bad_column(3, format!("unknown execution status `{status}`")))?,
        input: row.get(4)?,
        source_name: row.get(5)?,
        result: parse_json(row, 6)?,
        error: parse_json(row, 7)?,
        metrics: Metrics {
            wall_ms: to_u64(row.get(8)?),
            n_events: to_u64(row.get(9)?),
            output_bytes: to_u64(row.get(10)?),
        },
        replayable: row.get(11)?,
        started_at_ms: row.get(12)?,
        ended_at_ms: row.get(13)?,
        events: Vec::new(),
    })
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::model::{ConsoleLevel, DEFAULT_TEMPLATE, SessionRecord};

    pub(in crate::store) fn session(store: &mut Store) -> SessionRecord {
        store
            .create_session(DEFAULT_TEMPLATE, "/root", ProcessIdentity::current())
            .unwrap()
    }

    pub(in crate::store) fn begin(
        store: &Store,
        session_id: &str,
        kind: ExecutionKind,
        input: &str,
    ) -> ExecutionRecord {
        store
            .begin_execution(NewExecution {
                id: &uuid::Uuid::new_v4().to_string(),
                session_id,
                kind,
                input,
                source_name: "<cell>",
                owner: ProcessIdentity::current(),
            })
            .unwrap()
    }

    pub(in crate::store) fn finish_ok(
        store: &mut Store,
        id: &str,
        preview: &str,
        replayable: bool,
    ) {
        let value = ValuePayload {
            type_name: "number".into(),
            preview: preview.into(),
            json: None,
            mime: None,
            columns: None,
        };
        store
            .finish_execution(FinishExecution {
                id,
                status: ExecutionStatus::Ok,
                result: Some(&value),
                error: None,
                metrics: Metrics::default(),
                replayable,
                events: &[],
            })
            .unwrap();
    }

    fn console(seq: u64, text: &str) -> Event {
        Event {
            seq,
            body: EventBody::Console {
                level: ConsoleLevel::Log,
                text: text.into(),
            },
        }
    }

    fn every_kind_of_event() -> Vec<Event> {
        let mut data = serde_json::Map::new();
        data.insert("text/plain".into(), "hi".into());
        let bodies = vec![
            EventBody::InputEcho {
                text: "1 + 1".into(),
            },
            EventBody::Console {
                level: ConsoleLevel::Warn,
                text: "careful".into(),
            },
            EventBody::Display {
                data,
                metadata: serde_json::Map::new(),
                display_id: Some("d1".into()),
                update: true,
            },
            EventBody::ClearOutput { wait: true },
            EventBody::System {
                text: "note".into(),
            },
            EventBody::Message {
                msg_type: "custom".into(),
                content: serde_json::json!({"a": [1, 2]}),
            },
            EventBody::Exception(ExceptionPayload::host("TypeError", "x is not a function")),
            EventBody::Value(ValuePayload {
                type_name: "number".into(),
                preview: "2".into(),
                json: Some(serde_json::json!(2)),
                mime: None,
                columns: None,
            }),
        ];
        bodies
            .into_iter()
            .enumerate()
            .map(|(i, body)| Event {
                seq: i as u64 + 1,
                body,
            })
            .collect()
    }

    #[test]
    fn payload_text_cut_from_the_tagged_form_equals_the_tree_encoding() {
        let mut bodies: Vec<EventBody> =
            every_kind_of_event().into_iter().map(|e| e.body).collect();
        bodies.push(EventBody::Console {
            level: ConsoleLevel::Warn,
            text: "quotes \" and } braces {\n\u{1F600}".into(),
        });
        for body in bodies {
            let fast = event_payload(&body).unwrap();
            let parsed: serde_json::Value = serde_json::from_str(&fast).unwrap();
            let tree: serde_json::Value =
                serde_json::from_str(&event_payload_via_tree(&body).unwrap()).unwrap();
            // The same JSON (the tree sorts object keys; the fast path keeps declaration order).
            assert_eq!(parsed, tree, "{body:?}");
            assert!(parsed.is_object() || parsed.is_null(), "{fast}");
        }
    }

    fn round_trip(mut store: Store) {
        let s = session(&mut store);
        let begun = begin(&store, &s.id, ExecutionKind::Repl, "1 + 1");
        assert_eq!(begun.status, ExecutionStatus::Running);
        assert_eq!(store.get_execution(&begun.id, false).unwrap(), begun);

        let events = every_kind_of_event();
        store.append_events(&begun.id, &events[..3]).unwrap();
        store.append_events(&begun.id, &[]).unwrap();
        assert_eq!(store.events(&begun.id).unwrap(), events[..3]);
        assert_eq!(store.events_after(&begun.id, 2).unwrap(), events[2..3]);

        let value = ValuePayload {
            type_name: "number".into(),
            preview: "2".into(),
            json: Some(serde_json::json!(2)),
            mime: None,
            columns: None,
        };
        let metrics = Metrics {
            wall_ms: 12,
            n_events: events.len() as u64,
            output_bytes: 34,
        };
        store
            .finish_execution(FinishExecution {
                id: &begun.id,
                status: ExecutionStatus::Ok,
                result: Some(&value),
                error: None,
                metrics,
                replayable: true,
                events: &events[3..],
            })
            .unwrap();

        let done = store.get_execution(&begun.id, true).unwrap();
        assert_eq!(done.status, ExecutionStatus::Ok);
        assert_eq!(done.result, Some(value));
        assert_eq!(done.error, None);
        assert_eq!(done.metrics, metrics);
        assert!(done.replayable);
        assert!(done.ended_at_ms.unwrap() >= done.started_at_ms);
        assert_eq!(done.events, events);
        assert!(
            store
                .get_execution(&begun.id, false)
                .unwrap()
                .events
                .is_empty()
        );
    }

    #[test]
    fn begin_append_finish_round_trip_in_memory() {
        round_trip(Store::open_in_memory().unwrap());
    }

    #[test]
    fn begin_append_finish_round_trip_in_a_file() {
        let dir = tempfile::tempdir().unwrap();
        round_trip(Store::open(&dir.path().join("vmjs.db")).unwrap());
    }

    #[test]
    fn events_come_back_in_seq_order_whatever_the_insert_order() {
        let mut store = Store::open_in_memory().unwrap();
        let s = session(&mut store);
        let e = begin(&store, &s.id, ExecutionKind::RunFile, "x");
        store
            .append_events(&e.id, &[console(3, "c"), console(1, "a"), console(2, "b")])
            .unwrap();
        let seqs: Vec<u64> = store.events(&e.id).unwrap().iter().map(|e| e.seq).collect();
        assert_eq!(seqs, [1, 2, 3]);
    }

    #[test]
    fn failed_execution_keeps_its_error() {
        let mut store = Store::open_in_memory().unwrap();
        let s = session(&mut store);
        let e = begin(&store, &s.id, ExecutionKind::Startup, "throw 1");
        let error = ExceptionPayload::host("Timeout", "took too long");
        store
            .finish_execution(FinishExecution {
                id: &e.id,
                status: ExecutionStatus::Timeout,
                result: None,
                error: Some(&error),
                metrics: Metrics::default(),
                replayable: false,
                events: &[],
            })
            .unwrap();
        let done = store.get_execution(&e.id, false).unwrap();
        assert_eq!(
            (done.status, done.error, done.kind),
            (
                ExecutionStatus::Timeout,
                Some(error),
                ExecutionKind::Startup
            )
        );
    }

    #[test]
    fn unknown_ids_are_not_found() {
        let mut store = Store::open_in_memory().unwrap();
        let err = store
            .begin_execution(NewExecution {
                id: &uuid::Uuid::new_v4().to_string(),
                session_id: "nope",
                kind: ExecutionKind::Repl,
                input: "1",
                source_name: "<cell 1>",
                owner: ProcessIdentity::current(),
            })
            .unwrap_err();
        assert!(
            matches!(&err, StoreError::SessionNotFound(id) if id == "nope"),
            "{err:?}"
        );
        let err = store.append_events("nope", &[console(1, "a")]).unwrap_err();
        assert!(
            matches!(&err, StoreError::ExecutionNotFound(id) if id == "nope"),
            "{err:?}"
        );
        let err = store
            .finish_execution(FinishExecution {
                id: "nope",
                status: ExecutionStatus::Ok,
                result: None,
                error: None,
                metrics: Metrics::default(),
                replayable: false,
                events: &[],
            })
            .unwrap_err();
        assert!(
            matches!(&err, StoreError::ExecutionNotFound(id) if id == "nope"),
            "{err:?}"
        );
        let err = store.get_execution("nope", true).unwrap_err();
        assert_eq!(err.to_string(), "execution `nope` not found");
    }

    #[test]
    fn duplicate_seq_is_an_error_and_rolls_back_the_batch() {
        let mut store = Store::open_in_memory().unwrap();
        let s = session(&mut store);
        let e = begin(&store, &s.id, ExecutionKind::Repl, "x");
        store.append_events(&e.id, &[console(1, "a")]).unwrap();
        let err = store
            .append_events(&e.id, &[console(2, "b"), console(1, "again")])
            .unwrap_err();
        assert!(
            err.to_string()
                .starts_with("writing events: UNIQUE constraint failed"),
            "{err}"
        );
        assert_eq!(store.events(&e.id).unwrap(), [console(1, "a")]);
    }

    #[test]
    fn full_disk_surfaces_as_a_store_error() {
        let mut store = Store::open_in_memory().unwrap();
        let s = session(&mut store);
        let e = begin(&store, &s.id, ExecutionKind::Repl, "spam()");
        store.cap_growth(Some(2));

        let big = "x".repeat(10_000);
        let events: Vec<Event> = (1..=200).map(|seq| console(seq, &big)).collect();
        let err = store.append_events(&e.id, &events).unwrap_err();
        assert_eq!(
            err.sqlite_code(),
            Some(rusqlite::ErrorCode::DiskFull),
            "{err:?}"
        );
        assert_eq!(err.to_string(), "writing events: database or disk is full");

        // The batch was rolled back and the store is still usable.
        assert!(store.events(&e.id).unwrap().is_empty());
        let err = store
            .finish_execution(FinishExecution {
                id: &e.id,
                status: ExecutionStatus::Ok,
                result: None,
                error: None,
                metrics: Metrics::default(),
                replayable: false,
                events: &events,
            })
            .unwrap_err();
        assert_eq!(err.to_string(), "writing events: database or disk is full");
        finish_ok(&mut store, &e.id, "done", false);
        assert_eq!(
            store.get_execution(&e.id, false).unwrap().status,
            ExecutionStatus::Ok
        );
    }

    #[test]
    fn list_executions_newest_first_and_filtered() {
        let mut store = Store::open_in_memory().unwrap();
        let a = session(&mut store);
        let b = session(&mut store);
        let a1 = begin(&store, &a.id, ExecutionKind::Repl, "a1");
        let b1 = begin(&store, &b.id, ExecutionKind::Repl, "b1");
        let a2 = begin(&store, &a.id, ExecutionKind::Repl, "a2");
        let ids = |filter: ExecutionFilter| -> Vec<String> {
            store
                .list_executions(&filter)
                .unwrap()
                .into_iter()
                .map(|e| e.id)
                .collect()
        };
        assert_eq!(
            ids(ExecutionFilter {
                session_id: None,
                limit: 10
            }),
            [a2.id.clone(), b1.id.clone(), a1.id.clone()]
        );
        assert_eq!(
            ids(ExecutionFilter {
                session_id: Some(a.id.clone()),
                limit: 10
            }),
            [a2.id.clone(), a1.id.clone()]
        );
        assert_eq!(
            ids(ExecutionFilter {
                session_id: Some(a.id.clone()),
                limit: 1
            }),
            [a2.id]
        );
    }

    #[test]
    fn replayable_inputs_are_successful_repl_inputs_in_start_order() {
        let mut store = Store::open_in_memory().unwrap();
        let s = session(&mut store);
        let other = session(&mut store);
        let first = begin(&store, &s.id, ExecutionKind::Repl, "let a = 1");
        finish_ok(&mut store, &first.id, "undefined", true);
        let not_replayable = begin(
            &store,
            &s.id,
            ExecutionKind::Repl,
            "vmjs.fs.readTextFile('x')",
        );
        finish_ok(&mut store, &not_replayable.id, "'x'", false);
        let startup = begin(&store, &s.id, ExecutionKind::Startup, "lib()");
        finish_ok(&mut store, &startup.id, "undefined", true);
        let failed = begin(&store, &s.id, ExecutionKind::Repl, "throw 1");
        store
            .finish_execution(FinishExecution {
                id: &failed.id,
                status: ExecutionStatus::Error,
                result: None,
                error: Some(&ExceptionPayload::host("Error", "1")),
                metrics: Metrics::default(),
                replayable: true,
                events: &[],
            })
            .unwrap();
        let running = begin(&store, &s.id, ExecutionKind::Repl, "still running");
        let elsewhere = begin(&store, &other.id, ExecutionKind::Repl, "other session");
        finish_ok(&mut store, &elsewhere.id, "1", true);
        let second = begin(&store, &s.id, ExecutionKind::Repl, "let b = a + 1");
        finish_ok(&mut store, &second.id, "undefined", true);
        let _ = running;

        assert_eq!(
            store.replayable_inputs(&s.id).unwrap(),
            [
                (
                    ExecutionKind::Repl,
                    "let a = 1".to_owned(),
                    "<cell>".to_owned()
                ),
                (
                    ExecutionKind::Repl,
                    "let b = a + 1".to_owned(),
                    "<cell>".to_owned()
                ),
            ]
        );
    }
}
