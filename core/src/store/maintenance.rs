//! Clean-up that several processes may run against one database: reaping rows of dead owners, pruning history.
//!
//! Both only ever touch rows whose owner process is dead (pid + start time, see [`ProcessIdentity`]): another
//! kernel or language server sharing the file may be running right now.

use std::collections::HashSet;

use rusqlite::{TransactionBehavior, params};

use super::sessions::owner_from_row;
use super::{Context, ProcessIdentity, Result, Store, to_i64};
use crate::model::{ExceptionPayload, now_ms};

/// `last_error` of a session whose owner died.
pub const OWNER_EXITED: &str = "owner process exited";

/// What [`Store::reap_dead_owners`] changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReapReport {
    /// Executions marked `crashed`.
    pub executions: usize,
    /// Sessions marked `closed`.
    pub sessions: usize,
}

/// Which finished sessions [`Store::prune`] deletes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PruneOptions {
    /// Only sessions that ended (or, without an end time, started) more than this many milliseconds ago;
    /// `None` = any age.
    pub older_than_ms: Option<i64>,
    /// Never delete the newest `n` sessions (counting every session, whatever its status); `None` = keep none.
    pub keep_sessions: Option<usize>,
}

/// What [`Store::prune`] deleted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PruneReport {
    pub sessions: usize,
    /// Executions deleted with their sessions (their events went with them).
    pub executions: usize,
}

impl Store {
    /// Marks rows left behind by dead processes: `running` executions become `crashed`, `starting`/`ready` sessions
    /// become `closed` with `last_error` = "owner process exited". Rows of live owners are never touched.
    pub fn reap_dead_owners(&mut self) -> Result<ReapReport> {
        let _turn = super::write_turn(&self.writer);
        const CONTEXT: &str = "marking executions of exited processes as crashed";
        let crashed = ExceptionPayload::host(
            "Crashed",
            "the vmjs process that ran this execution exited before it finished",
        );
        let crashed = serde_json::to_string(&crashed).context("encoding the crash error")?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .context(CONTEXT)?;
        let owners = {
            let mut stmt = tx
                .prepare_cached(
                    "SELECT owner_pid, owner_start FROM executions WHERE status = 'running'
                     UNION
                     SELECT owner_pid, owner_start FROM sessions WHERE status IN ('starting', 'ready')",
                )
                .context(CONTEXT)?;
            let rows = stmt.query_map([], owner_from_row).context(CONTEXT)?;
            rows.collect::<rusqlite::Result<HashSet<_>>>()
                .context(CONTEXT)?
        };

        let mut report = ReapReport::default();
        let now = now_ms();
        for owner in owners.into_iter().filter(|owner| !owner.is_alive()) {
            report.executions += tx
                .prepare_cached(
                    "UPDATE executions SET status = 'crashed', error = ?1, ended_at = ?2,
                         n_events = (SELECT COUNT(*) FROM events WHERE execution_id = executions.id)
                     WHERE status = 'running' AND owner_pid = ?3 AND owner_start = ?4",
                )
                .and_then(|mut stmt| {
                    stmt.execute(params![crashed, now, owner.pid, to_i64(owner.start)])
                })
                .context(CONTEXT)?;
            report.sessions += tx
                .prepare_cached(
                    "UPDATE sessions SET status = 'closed', last_error = ?1, closed_at = COALESCE(closed_at, ?2)
                     WHERE status IN ('starting', 'ready') AND owner_pid = ?3 AND owner_start = ?4",
                )
                .and_then(|mut stmt| stmt.execute(params![OWNER_EXITED, now, owner.pid, to_i64(owner.start)]))
                .context("closing sessions of exited processes")?;
        }
        tx.commit().context(CONTEXT)?;
        if report != ReapReport::default() {
            tracing::info!(
                executions = report.executions,
                sessions = report.sessions,
                "marked rows of exited vmjs processes"
            );
        }
        Ok(report)
    }

    /// Deletes finished (`closed`/`crashed`) sessions with their executions and events, then lets SQLite
    /// `optimize`. Sessions of live owners and sessions with a `running` execution are kept.
    pub fn prune(&mut self, options: &PruneOptions) -> Result<PruneReport> {
        let _turn = super::write_turn(&self.writer);
        const CONTEXT: &str = "pruning old sessions";
        let cutoff = options
            .older_than_ms
            .map(|age| now_ms().saturating_sub(age));
        let keep = to_i64(options.keep_sessions.unwrap_or(0) as u64);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .context(CONTEXT)?;
        let candidates = {
            let mut stmt = tx
                .prepare_cached(
                    "SELECT owner_pid, owner_start, id FROM sessions
                     WHERE status IN ('closed', 'crashed')
                       AND (?1 IS NULL OR COALESCE(closed_at, created_at) < ?1)
                       AND number NOT IN (SELECT number FROM sessions ORDER BY number DESC LIMIT ?2)
                       AND NOT EXISTS (SELECT 1 FROM executions e WHERE e.session_id = sessions.id
                                                                   AND e.status = 'running')",
                )
                .context(CONTEXT)?;
            let rows = stmt
                .query_map(params![cutoff, keep], |row| {
                    Ok((owner_from_row(row)?, row.get::<_, String>(2)?))
                })
                .context(CONTEXT)?;
            rows.collect::<rusqlite::Result<Vec<(ProcessIdentity, String)>>>()
                .context(CONTEXT)?
        };

        let mut report = PruneReport::default();
        for (owner, id) in candidates {
            if owner.is_alive() {
                continue;
            }
            let executions: i64 = tx
                .prepare_cached("SELECT COUNT(*) FROM executions WHERE session_id = ?1")
                .and_then(|mut stmt| stmt.query_row([&id], |row| row.get(0)))
                .context(CONTEXT)?;
            // Executions and events go with the session (ON DELETE CASCADE).
            report.sessions += tx
                .prepare_cached("DELETE FROM sessions WHERE id = ?1")
                .and_then(|mut stmt| stmt.execute([&id]))
                .context(CONTEXT)?;
            report.executions += usize::try_from(executions).unwrap_or(0);
        }
        tx.commit().context(CONTEXT)?;
        self.conn
            .execute_batch("PRAGMA optimize;")
            .context("optimizing the database")?;
        Ok(report)
    }

    /// Frees this connection's page cache (`PRAGMA shrink_memory`). Writing a large execution fills it to
    /// `cache_size` (2 MiB), which SQLite otherwise keeps for the connection's life; pages are read back from
    /// the file (the OS cache) when needed again.
    pub fn release_memory(&self) -> Result<()> {
        self.conn
            .execute_batch("PRAGMA shrink_memory;")
            .context("releasing the page cache")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DEFAULT_TEMPLATE, ExecutionKind, ExecutionStatus, SessionStatus};
    use crate::store::executions::tests::{begin, finish_ok};
    use crate::store::{NewExecution, StoreError};

    /// An identity that cannot be alive: our own pid with another start time (Linux), or an exited child.
    fn dead_identity() -> ProcessIdentity {
        let me = ProcessIdentity::current();
        if me.start > 0 {
            return ProcessIdentity {
                pid: me.pid,
                start: me.start + 1,
            };
        }
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let pid = child.id();
        child.wait().unwrap();
        ProcessIdentity { pid, start: 0 }
    }

    fn exited_child() -> ProcessIdentity {
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let pid = child.id();
        child.wait().unwrap();
        ProcessIdentity { pid, start: 1 }
    }

    fn begin_owned(store: &Store, session_id: &str, owner: ProcessIdentity) -> String {
        store
            .begin_execution(NewExecution {
                id: &uuid::Uuid::new_v4().to_string(),
                session_id,
                kind: ExecutionKind::Repl,
                input: "while (true) {}",
                source_name: "<cell 1>",
                owner,
            })
            .unwrap()
            .id
    }

    #[test]
    fn release_memory_keeps_the_store_usable() {
        let mut store = Store::open_in_memory().unwrap();
        let me = ProcessIdentity::current();
        let session_id = store
            .create_session(DEFAULT_TEMPLATE, "/tmp", me)
            .unwrap()
            .id;
        begin_owned(&store, &session_id, me);
        store.release_memory().unwrap();
        assert_eq!(store.list_sessions(10).unwrap().len(), 1);
    }

    #[test]
    fn reap_marks_dead_owners_and_spares_live_ones() {
        let mut store = Store::open_in_memory().unwrap();
        let me = ProcessIdentity::current();
        for dead in [dead_identity(), exited_child()] {
            let dead_session = store
                .create_session(DEFAULT_TEMPLATE, "/dead", dead)
                .unwrap();
            let live_session = store.create_session(DEFAULT_TEMPLATE, "/live", me).unwrap();
            store
                .set_session_status(&live_session.id, SessionStatus::Ready, None)
                .unwrap();
            let dead_exec = begin_owned(&store, &dead_session.id, dead);
            store
                .append_events(
                    &dead_exec,
                    &[crate::model::Event {
                        seq: 1,
                        body: crate::model::EventBody::System { text: "x".into() },
                    }],
                )
                .unwrap();
            // An execution of a dead process inside a live process's session is still crashed.
            let dead_exec_in_live_session = begin_owned(&store, &live_session.id, dead);
            let live_exec = begin_owned(&store, &live_session.id, me);

            let report = store.reap_dead_owners().unwrap();
            assert_eq!(
                report,
                ReapReport {
                    executions: 2,
                    sessions: 1
                }
            );

            let crashed = store.get_execution(&dead_exec, false).unwrap();
            assert_eq!(crashed.status, ExecutionStatus::Crashed);
            assert_eq!(crashed.metrics.n_events, 1);
            assert!(crashed.ended_at_ms.is_some());
            let error = crashed.error.unwrap();
            assert_eq!(error.name, "Crashed");
            assert_eq!(
                error.message,
                "the vmjs process that ran this execution exited before it finished"
            );
            assert_eq!(
                store
                    .get_execution(&dead_exec_in_live_session, false)
                    .unwrap()
                    .status,
                ExecutionStatus::Crashed
            );
            let live = store.get_execution(&live_exec, false).unwrap();
            assert_eq!(
                (live.status, live.ended_at_ms),
                (ExecutionStatus::Running, None)
            );

            let closed = store.get_session(&dead_session.id).unwrap().unwrap();
            assert_eq!(closed.status, SessionStatus::Closed);
            assert_eq!(closed.last_error.as_deref(), Some(OWNER_EXITED));
            assert!(closed.closed_at_ms.is_some());
            assert_eq!(
                store.get_session(&live_session.id).unwrap().unwrap().status,
                SessionStatus::Ready
            );

            // Nothing left to do.
            assert_eq!(store.reap_dead_owners().unwrap(), ReapReport::default());
            finish_ok(&mut store, &live_exec, "1", false);
        }
    }

    #[test]
    fn opening_the_file_reaps_what_dead_processes_left_running() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("left.db");
        let (dead_session, dead_exec, live_exec) = {
            let mut store = Store::open(&path).unwrap();
            let dead = dead_identity();
            let dead_session = store.create_session(DEFAULT_TEMPLATE, "/d", dead).unwrap();
            let dead_exec = begin_owned(&store, &dead_session.id, dead);
            let live_session = store
                .create_session(DEFAULT_TEMPLATE, "/l", ProcessIdentity::current())
                .unwrap();
            let live_exec = begin_owned(&store, &live_session.id, ProcessIdentity::current());
            (dead_session, dead_exec, live_exec)
        };
        // A plain open (what the kernel's, the language server's and a session's own opens are) reaps.
        let store = Store::open(&path).unwrap();
        assert_eq!(
            store.get_execution(&dead_exec, false).unwrap().status,
            ExecutionStatus::Crashed
        );
        assert_eq!(
            store.get_session(&dead_session.id).unwrap().unwrap().status,
            SessionStatus::Closed
        );
        assert_eq!(
            store.get_execution(&live_exec, false).unwrap().status,
            ExecutionStatus::Running
        );
    }

    #[test]
    fn reap_between_two_handles_on_one_file_spares_the_other_live_process() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("shared.db");
        let mut a = Store::open(&path).unwrap();
        let mut b = Store::open(&path).unwrap();
        let session = a
            .create_session(DEFAULT_TEMPLATE, "/r", ProcessIdentity::current())
            .unwrap();
        let running = begin(&a, &session.id, ExecutionKind::Repl, "1");
        assert_eq!(b.reap_dead_owners().unwrap(), ReapReport::default());
        assert_eq!(
            a.get_execution(&running.id, false).unwrap().status,
            ExecutionStatus::Running
        );
    }

    #[test]
    fn prune_deletes_old_finished_sessions_of_dead_owners_only() {
        let mut store = Store::open_in_memory().unwrap();
        let me = ProcessIdentity::current();
        let dead = dead_identity();

        let old_dead = store.create_session(DEFAULT_TEMPLATE, "/a", dead).unwrap();
        let exec = begin_owned(&store, &old_dead.id, dead);
        finish_ok(&mut store, &exec, "1", true);
        store
            .set_session_status(&old_dead.id, SessionStatus::Closed, None)
            .unwrap();
        let old_live = store.create_session(DEFAULT_TEMPLATE, "/b", me).unwrap();
        store
            .set_session_status(&old_live.id, SessionStatus::Closed, None)
            .unwrap();
        let running_dead = store.create_session(DEFAULT_TEMPLATE, "/c", dead).unwrap();
        let recent_dead = store.create_session(DEFAULT_TEMPLATE, "/d", dead).unwrap();
        store
            .set_session_status(&recent_dead.id, SessionStatus::Crashed, Some("boom"))
            .unwrap();
        // Everything but `recent_dead` ended a day ago.
        let day_ago = now_ms() - 86_400_000;
        store
            .conn
            .execute(
                "UPDATE sessions SET created_at = ?1, closed_at = CASE WHEN closed_at IS NULL THEN NULL ELSE ?1 END
                 WHERE id != ?2",
                params![day_ago, recent_dead.id],
            )
            .unwrap();

        let report = store
            .prune(&PruneOptions {
                older_than_ms: Some(3_600_000),
                keep_sessions: None,
            })
            .unwrap();
        assert_eq!(
            report,
            PruneReport {
                sessions: 1,
                executions: 1
            }
        );
        assert_eq!(store.get_session(&old_dead.id).unwrap(), None);
        let err = store.get_execution(&exec, true).unwrap_err();
        assert!(matches!(err, StoreError::ExecutionNotFound(_)), "{err:?}");
        let orphan_events: i64 = store
            .conn
            .query_row("SELECT COUNT(*) FROM events", [], |r| r.get(0))
            .unwrap();
        assert_eq!(orphan_events, 0);
        for kept in [&old_live, &running_dead, &recent_dead] {
            assert!(
                store.get_session(&kept.id).unwrap().is_some(),
                "{}",
                kept.root
            );
        }

        // Without an age limit, keep the newest session only: `recent_dead` is kept, the others are live or
        // not finished.
        let report = store
            .prune(&PruneOptions {
                older_than_ms: None,
                keep_sessions: Some(1),
            })
            .unwrap();
        assert_eq!(report, PruneReport::default());
        let report = store.prune(&PruneOptions::default()).unwrap();
        assert_eq!(
            report,
            PruneReport {
                sessions: 1,
                executions: 0
            }
        );
        assert_eq!(store.get_session(&recent_dead.id).unwrap(), None);
        assert!(store.get_session(&old_live.id).unwrap().is_some());
    }
}
