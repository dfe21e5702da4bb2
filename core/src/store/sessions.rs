//! Sessions in the store: creation (with a small per-database `number`), status changes, lookups.

use rusqlite::{OptionalExtension, Row, TransactionBehavior, params};

use super::{Context, ProcessIdentity, Result, Store, StoreError, bad_column, to_i64};
use crate::model::{SessionRecord, SessionStatus, now_ms};

/// Columns read by [`session_from_row`], in order.
const SESSION_COLUMNS: &str =
    "id, number, template, root, status, last_error, created_at, closed_at";

impl Store {
    /// Records a new session in status `starting`, owned by `owner`. Its `number` is one more than any number ever
    /// handed out in this database (allocated under the write lock, so concurrent processes never collide).
    pub fn create_session(
        &mut self,
        template: &str,
        root: &str,
        owner: ProcessIdentity,
    ) -> Result<SessionRecord> {
        let _turn = super::write_turn(&self.writer);
        const CONTEXT: &str = "creating a session";
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .context(CONTEXT)?;
        let number: i64 = tx
            .query_row(
                "UPDATE counters SET value = MAX(value, (SELECT COALESCE(MAX(number), 0) FROM sessions)) + 1
                 WHERE name = 'session_number' RETURNING value",
                [],
                |row| row.get(0),
            )
            .context(CONTEXT)?;
        let record = SessionRecord {
            id: uuid::Uuid::new_v4().to_string(),
            number,
            template: template.to_owned(),
            root: root.to_owned(),
            status: SessionStatus::Starting,
            last_error: None,
            created_at_ms: now_ms(),
            closed_at_ms: None,
        };
        tx.execute(
            "INSERT INTO sessions (id, number, template, root, status, owner_pid, owner_start, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                record.id,
                record.number,
                record.template,
                record.root,
                record.status.as_str(),
                owner.pid,
                to_i64(owner.start),
                record.created_at_ms,
            ],
        )
        .context(CONTEXT)?;
        tx.commit().context(CONTEXT)?;
        Ok(record)
    }

    /// Changes a session's status (and its last error). `closed` and `crashed` also set `closed_at` (once).
    pub fn set_session_status(
        &self,
        id: &str,
        status: SessionStatus,
        last_error: Option<&str>,
    ) -> Result<()> {
        let _turn = super::write_turn(&self.writer);
        let ended = matches!(status, SessionStatus::Closed | SessionStatus::Crashed);
        let changed = self
            .conn
            .prepare_cached(
                "UPDATE sessions SET status = ?2, last_error = ?3,
                     closed_at = CASE WHEN ?4 THEN COALESCE(closed_at, ?5) ELSE NULL END
                 WHERE id = ?1",
            )
            .and_then(|mut stmt| {
                stmt.execute(params![id, status.as_str(), last_error, ended, now_ms()])
            })
            .context("updating a session's status")?;
        if changed == 0 {
            return Err(StoreError::SessionNotFound(id.to_owned()));
        }
        Ok(())
    }

    /// The session with this id, if any.
    pub fn get_session(&self, id: &str) -> Result<Option<SessionRecord>> {
        self.conn
            .prepare_cached(&format!(
                "SELECT {SESSION_COLUMNS} FROM sessions WHERE id = ?1"
            ))
            .and_then(|mut stmt| stmt.query_row([id], session_from_row).optional())
            .context("reading a session")
    }

    /// The session with this number (Jupyter's history addresses sessions by number), if any.
    pub fn get_session_by_number(&self, number: i64) -> Result<Option<SessionRecord>> {
        self.conn
            .prepare_cached(&format!(
                "SELECT {SESSION_COLUMNS} FROM sessions WHERE number = ?1"
            ))
            .and_then(|mut stmt| stmt.query_row([number], session_from_row).optional())
            .context("reading a session")
    }

    /// The owner recorded for a session.
    pub fn session_owner(&self, id: &str) -> Result<ProcessIdentity> {
        self.conn
            .prepare_cached("SELECT owner_pid, owner_start FROM sessions WHERE id = ?1")
            .and_then(|mut stmt| stmt.query_row([id], owner_from_row).optional())
            .context("reading a session")?
            .ok_or_else(|| StoreError::SessionNotFound(id.to_owned()))
    }

    /// The `limit` newest sessions, newest first.
    pub fn list_sessions(&self, limit: usize) -> Result<Vec<SessionRecord>> {
        self.select_sessions("", params![to_i64(limit as u64)])
    }

    /// The `limit` newest sessions in `status`, newest first (uses the status index).
    pub fn list_sessions_in(
        &self,
        status: SessionStatus,
        limit: usize,
    ) -> Result<Vec<SessionRecord>> {
        self.select_sessions(
            "WHERE status = ?2",
            params![to_i64(limit as u64), status.as_str()],
        )
    }

    /// Sessions matching `condition` (`?1` is the limit), newest first.
    fn select_sessions(
        &self,
        condition: &str,
        parameters: impl rusqlite::Params,
    ) -> Result<Vec<SessionRecord>> {
        const CONTEXT: &str = "listing sessions";
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT {SESSION_COLUMNS} FROM sessions {condition} ORDER BY number DESC LIMIT ?1"
            ))
            .context(CONTEXT)?;
        let rows = stmt
            .query_map(parameters, session_from_row)
            .context(CONTEXT)?;
        rows.collect::<rusqlite::Result<Vec<_>>>().context(CONTEXT)
    }
}

/// Reads `owner_pid, owner_start` (columns 0 and 1).
pub(super) fn owner_from_row(row: &Row<'_>) -> rusqlite::Result<ProcessIdentity> {
    let pid: i64 = row.get(0)?;
    let start: i64 = row.get(1)?;
    Ok(ProcessIdentity {
        pid: u32::try_from(pid).unwrap_or(0),
        start: super::to_u64(start),
    })
}

fn session_from_row(row: &Row<'_>) -> rusqlite::Result<SessionRecord> {
    let status: String = row.get(4)?;
    Ok(SessionRecord {
        id: row.get(0)?,
        number: row.get(1)?,
        template: row.get(2)?,
        root: row.get(3)?,
        status: SessionStatus::parse(&status)
            .ok_or_else(|| bad_column(4, format!("unknown session status `{status}`")))?,
        last_error: row.get(5)?,
        created_at_ms: row.get(6)?,
        closed_at_ms: row.get(7)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::DEFAULT_TEMPLATE;

    #[test]
    fn session_numbers_increment_and_lookups_work() {
        let mut store = Store::open_in_memory().unwrap();
        let me = ProcessIdentity::current();
        let a = store
            .create_session(DEFAULT_TEMPLATE, "/root/a", me)
            .unwrap();
        let b = store
            .create_session("gone-template", "/root/b", me)
            .unwrap();
        assert_eq!((a.number, b.number), (1, 2));
        assert_eq!(a.status, SessionStatus::Starting);
        assert_ne!(a.id, b.id);
        assert_eq!(store.get_session(&a.id).unwrap(), Some(a.clone()));
        assert_eq!(store.get_session_by_number(2).unwrap(), Some(b.clone()));
        assert_eq!(store.get_session("nope").unwrap(), None);
        assert_eq!(store.get_session_by_number(99).unwrap(), None);
        assert_eq!(store.session_owner(&a.id).unwrap(), me);
        let listed = store.list_sessions(10).unwrap();
        assert_eq!(
            store.list_sessions_in(SessionStatus::Starting, 10).unwrap(),
            listed
        );
        assert!(
            store
                .list_sessions_in(SessionStatus::Closed, 10)
                .unwrap()
                .is_empty()
        );
        assert_eq!(listed, vec![b.clone(), a.clone()]);
        assert_eq!(store.list_sessions(1).unwrap(), vec![b]);
    }

    #[test]
    fn status_changes_set_closed_at_once() {
        let mut store = Store::open_in_memory().unwrap();
        let s = store
            .create_session(DEFAULT_TEMPLATE, "/r", ProcessIdentity::current())
            .unwrap();
        store
            .set_session_status(&s.id, SessionStatus::Ready, None)
            .unwrap();
        let ready = store.get_session(&s.id).unwrap().unwrap();
        assert_eq!(
            (ready.status, ready.closed_at_ms),
            (SessionStatus::Ready, None)
        );

        store
            .set_session_status(&s.id, SessionStatus::Crashed, Some("worker died"))
            .unwrap();
        let crashed = store.get_session(&s.id).unwrap().unwrap();
        assert_eq!(crashed.status, SessionStatus::Crashed);
        assert_eq!(crashed.last_error.as_deref(), Some("worker died"));
        let closed_at = crashed.closed_at_ms.unwrap();
        assert!(closed_at >= s.created_at_ms);

        store
            .set_session_status(&s.id, SessionStatus::Closed, None)
            .unwrap();
        let closed = store.get_session(&s.id).unwrap().unwrap();
        assert_eq!(closed.closed_at_ms, Some(closed_at));
        assert_eq!(closed.last_error, None);

        let err = store
            .set_session_status("nope", SessionStatus::Closed, None)
            .unwrap_err();
        assert_eq!(err.to_string(), "session `nope` not found");
    }

    #[test]
    fn two_connections_allocate_distinct_numbers() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("shared.db");
        drop(Store::open(&path).unwrap());
        let threads: Vec<_> = (0..2)
            .map(|_| {
                let path = path.clone();
                std::thread::spawn(move || {
                    let mut store = Store::open(&path).unwrap();
                    (0..25)
                        .map(|i| {
                            store
                                .create_session(
                                    DEFAULT_TEMPLATE,
                                    &format!("/r{i}"),
                                    ProcessIdentity::current(),
                                )
                                .unwrap()
                                .number
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        let mut numbers: Vec<i64> = threads
            .into_iter()
            .flat_map(|t| t.join().unwrap())
            .collect();
        numbers.sort_unstable();
        assert_eq!(numbers, (1..=50).collect::<Vec<_>>());
    }

    #[test]
    fn numbers_are_not_reused_after_sessions_are_deleted() {
        let mut store = Store::open_in_memory().unwrap();
        let me = ProcessIdentity::current();
        let a = store.create_session(DEFAULT_TEMPLATE, "/r", me).unwrap();
        store.conn.execute("DELETE FROM sessions", []).unwrap();
        let b = store.create_session(DEFAULT_TEMPLATE, "/r", me).unwrap();
        assert_eq!((a.number, b.number), (1, 2));
    }
}
