//! Input history for Jupyter's `history_request` and `vmjs history`: REPL executions, addressed by session number
//! and line (the 1-based index of a REPL execution within its session).

use rusqlite::{Row, params};

use super::{Context, Result, Store, to_i64, to_u64};
use crate::model::ValuePayload;

/// One REPL input of the history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryEntry {
    pub session_number: i64,
    /// 1-based index of this REPL execution within its session.
    pub line: u64,
    pub input: String,
    /// The preview of the execution's value, if it produced one.
    pub output: Option<String>,
}

/// Every REPL execution with its session number and line; `started_at`/`rid` order them in time.
const LINES: &str = "WITH lines AS (
    SELECT s.number AS session_number,
           ROW_NUMBER() OVER (PARTITION BY e.session_id ORDER BY e.started_at, e.rowid) AS line,
           e.input AS input, e.result AS result, e.started_at AS started_at, e.rowid AS rid
    FROM executions e JOIN sessions s ON s.id = e.session_id
    WHERE e.kind = 'repl'
)";

impl Store {
    /// The last `n` REPL inputs of all sessions, oldest first.
    pub fn history_tail(&self, n: usize) -> Result<Vec<HistoryEntry>> {
        let sql = format!(
            "{LINES} SELECT session_number, line, input, result FROM lines
             ORDER BY started_at DESC, rid DESC LIMIT ?1"
        );
        let mut entries = self.history_query(&sql, params![to_i64(n as u64)])?;
        entries.reverse();
        Ok(entries)
    }

    /// Lines `start..stop` (`stop` exclusive, `None` = to the end) of session `session_number`, in order.
    pub fn history_range(
        &self,
        session_number: i64,
        start: u64,
        stop: Option<u64>,
    ) -> Result<Vec<HistoryEntry>> {
        let sql = format!(
            "{LINES} SELECT session_number, line, input, result FROM lines
             WHERE session_number = ?1 AND line >= ?2 AND (?3 IS NULL OR line < ?3)
             ORDER BY line"
        );
        self.history_query(
            &sql,
            params![session_number, to_i64(start), stop.map(to_i64)],
        )
    }

    /// The last `n` REPL inputs matching a SQLite `GLOB` pattern (`*`, `?`, `[...]`; case-sensitive), oldest first.
    pub fn history_search(&self, pattern: &str, n: usize) -> Result<Vec<HistoryEntry>> {
        let sql = format!(
            "{LINES} SELECT session_number, line, input, result FROM lines
             WHERE input GLOB ?1
             ORDER BY started_at DESC, rid DESC LIMIT ?2"
        );
        let mut entries = self.history_query(&sql, params![pattern, to_i64(n as u64)])?;
        entries.reverse();
        Ok(entries)
    }

    fn history_query(
        &self,
        sql: &str,
        params: &[&dyn rusqlite::ToSql],
    ) -> Result<Vec<HistoryEntry>> {
        const CONTEXT: &str = "reading the input history";
        let mut stmt = self.conn.prepare_cached(sql).context(CONTEXT)?;
        let rows = stmt.query_map(params, entry_from_row).context(CONTEXT)?;
        rows.collect::<rusqlite::Result<Vec<_>>>().context(CONTEXT)
    }
}

fn entry_from_row(row: &Row<'_>) -> rusqlite::Result<HistoryEntry> {
    let result: Option<String> = row.get(3)?;
    let output = match result {
        Some(text) => Some(
            serde_json::from_str::<ValuePayload>(&text)
                .map_err(|err| {
                    rusqlite::Error::FromSqlConversionFailure(
                        3,
                        rusqlite::types::Type::Text,
                        err.into(),
                    )
                })?
                .preview,
        ),
        None => None,
    };
    Ok(HistoryEntry {
        session_number: row.get(0)?,
        line: to_u64(row.get(1)?),
        input: row.get(2)?,
        output,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ExecutionKind;
    use crate::store::executions::tests::{begin, finish_ok, session};

    fn entry(session_number: i64, line: u64, input: &str, output: Option<&str>) -> HistoryEntry {
        HistoryEntry {
            session_number,
            line,
            input: input.into(),
            output: output.map(Into::into),
        }
    }

    /// Session 1: `a = 1` → 1, (startup), `b = 2` → 2, `a + b` (running). Session 2: `print(a)` → undefined.
    fn store_with_history() -> Store {
        let mut store = Store::open_in_memory().unwrap();
        let one = session(&mut store);
        let two = session(&mut store);
        let e = begin(&store, &one.id, ExecutionKind::Repl, "a = 1");
        finish_ok(&mut store, &e.id, "1", true);
        let e = begin(&store, &one.id, ExecutionKind::Startup, "lib()");
        finish_ok(&mut store, &e.id, "lib", true);
        let e = begin(&store, &one.id, ExecutionKind::Repl, "b = 2");
        finish_ok(&mut store, &e.id, "2", true);
        let e = begin(&store, &two.id, ExecutionKind::Repl, "print(a)");
        finish_ok(&mut store, &e.id, "undefined", true);
        begin(&store, &one.id, ExecutionKind::Repl, "a + b");
        store
    }

    #[test]
    fn history_tail_is_oldest_first_and_counts_only_repl_lines() {
        let store = store_with_history();
        assert_eq!(
            store.history_tail(3).unwrap(),
            [
                entry(1, 2, "b = 2", Some("2")),
                entry(2, 1, "print(a)", Some("undefined")),
                entry(1, 3, "a + b", None),
            ]
        );
        assert_eq!(store.history_tail(100).unwrap().len(), 4);
        assert!(store.history_tail(0).unwrap().is_empty());
    }

    #[test]
    fn history_range_selects_lines_of_one_session() {
        let store = store_with_history();
        assert_eq!(
            store.history_range(1, 1, None).unwrap(),
            [
                entry(1, 1, "a = 1", Some("1")),
                entry(1, 2, "b = 2", Some("2")),
                entry(1, 3, "a + b", None),
            ]
        );
        assert_eq!(
            store.history_range(1, 2, Some(3)).unwrap(),
            [entry(1, 2, "b = 2", Some("2"))]
        );
        assert!(store.history_range(9, 1, None).unwrap().is_empty());
    }

    #[test]
    fn history_search_uses_glob() {
        let store = store_with_history();
        assert_eq!(
            store.history_search("a*", 10).unwrap(),
            [entry(1, 1, "a = 1", Some("1")), entry(1, 3, "a + b", None)]
        );
        assert_eq!(
            store.history_search("a*", 1).unwrap(),
            [entry(1, 3, "a + b", None)]
        );
        assert_eq!(store.history_search("*print*", 10).unwrap().len(), 1);
        assert!(
            store.history_search("A*", 10).unwrap().is_empty(),
            "GLOB is case-sensitive"
        );
    }
}
