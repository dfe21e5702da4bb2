//! The SQLite store: one database file shared by every vmjs process (kernels, language servers, the CLI).
//!
//! [`Store`] wraps one `rusqlite::Connection`. Opening it sets WAL, `synchronous=NORMAL`, foreign keys and a busy
//! timeout, applies the migrations of [`migrations`] and makes sure the built-in `default` template exists. Every
//! write that touches more than one row runs in a `BEGIN IMMEDIATE` transaction so that concurrent processes
//! serialise on the write lock instead of failing with `SQLITE_BUSY` half-way. Every SQLite or JSON error is
//! surfaced as a [`StoreError`] that says what the store was doing.

mod executions;
mod history;
mod maintenance;
mod migrations;
mod owner;
mod sessions;
mod templates;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

pub use executions::{ExecutionFilter, FinishExecution, NewExecution};
pub use history::HistoryEntry;
pub use maintenance::{OWNER_EXITED, PruneOptions, PruneReport, ReapReport};
pub use migrations::SCHEMA_VERSION;
pub use owner::ProcessIdentity;

/// How long a connection waits for another process's write lock before giving up.
pub const BUSY_TIMEOUT: Duration = Duration::from_millis(5_000);

/// Result of every store operation.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Everything that can go wrong in the store. Messages are written for users (`vmjs ...` prints them as is).
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("template `{0}` already exists")]
    DuplicateTemplate(String),
    #[error("template `{0}` not found")]
    TemplateNotFound(String),
    #[error("cannot delete the built-in template `default`")]
    DefaultTemplateIsBuiltIn,
    #[error("session `{0}` not found")]
    SessionNotFound(String),
    #[error("execution `{0}` not found")]
    ExecutionNotFound(String),
    /// The database directory could not be created.
    #[error("creating the database directory {path}: {source}")]
    CreateDir {
        path: String,
        source: std::io::Error,
    },
    /// The database could not be opened or configured (pragmas).
    #[error("database {path}: {source}")]
    Open {
        path: String,
        source: rusqlite::Error,
    },
    /// The database was migrated by a newer vmjs.
    #[error("database schema version {found} is newer than this vmjs understands ({known})")]
    SchemaTooNew { found: i64, known: i64 },
    #[error("{context}: {source}")]
    Sqlite {
        context: &'static str,
        source: rusqlite::Error,
    },
    #[error("{context}: {source}")]
    Json {
        context: &'static str,
        source: serde_json::Error,
    },
}

impl StoreError {
    /// The SQLite error code behind this error, if any (e.g. `DiskFull`, `ReadOnly`, `DatabaseBusy`).
    pub fn sqlite_code(&self) -> Option<rusqlite::ErrorCode> {
        match self {
            Self::Open { source, .. } | Self::Sqlite { source, .. } => source.sqlite_error_code(),
            _ => None,
        }
    }
}

/// Attaches a context to rusqlite and serde_json errors: `.context("writing events")?`.
pub(crate) trait Context<T> {
    fn context(self, context: &'static str) -> Result<T>;
}

impl<T> Context<T> for Result<T, rusqlite::Error> {
    fn context(self, context: &'static str) -> Result<T> {
        self.map_err(|source| StoreError::Sqlite { context, source })
    }
}

impl<T> Context<T> for Result<T, serde_json::Error> {
    fn context(self, context: &'static str) -> Result<T> {
        self.map_err(|source| StoreError::Json { context, source })
    }
}

/// The vmjs database. Used from one thread at a time (it is `Send`, not `Sync`).
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
    /// Taken around every write: connections that share it (the sessions of one process) queue here, in
    /// turn, instead of in SQLite's busy handler, which sleeps and gives up after [`BUSY_TIMEOUT`].
    writer: Arc<Mutex<()>>,
}

// A `Store` moves into the thread that owns it (a session actor, the LSP's store task).
const _: () = {
    const fn assert_send<T: Send>() {}
    assert_send::<Store>();
};

impl Store {
    /// Opens (creating it and its parent directories if needed) the database at `path`, migrates it, makes sure
    /// the built-in `default` template exists, and marks the rows that processes which have died left `running`
    /// ([`Store::reap_dead_owners`]): whichever face opens the store (CLI, kernel, language server, a session)
    /// finds their executions `crashed`, not running forever.
    pub fn open(path: &Path) -> Result<Store> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|source| StoreError::CreateDir {
                path: parent.display().to_string(),
                source,
            })?;
        }
        let mut store = Self::open_with_flags(path, OpenFlags::default())?;
        store.reap_dead_owners()?;
        Ok(store)
    }

    /// Another connection to a database this process already opened with [`Store::open`] (a session's own):
    /// the connection's settings and the schema check only — no migration, no built-in template, no reaping,
    /// so hundreds of sessions starting at once do not queue for the write lock. A database whose schema is
    /// not current gets the full [`Store::open`].
    pub fn connect(path: &Path) -> Result<Store> {
        let conn = Connection::open(path).map_err(|source| StoreError::Open {
            path: path.display().to_string(),
            source,
        })?;
        configure(&conn).map_err(|source| StoreError::Open {
            path: path.display().to_string(),
            source,
        })?;
        if !migrations::is_current(&conn)? {
            return Self::open(path);
        }
        Ok(Store {
            conn,
            path: Some(path.to_path_buf()),
            writer: Arc::default(),
        })
    }

    /// Opens an existing database read-only (`vmjs history` on a database it may not write). Writes fail with a
    /// `ReadOnly` SQLite error; the schema must already be current.
    pub fn open_read_only(path: &Path) -> Result<Store> {
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_URI;
        Self::open_with_flags(path, flags)
    }

    /// A private in-memory database (tests, `--db :memory:`).
    pub fn open_in_memory() -> Result<Store> {
        let conn = Connection::open_in_memory().map_err(|source| StoreError::Open {
            path: ":memory:".to_owned(),
            source,
        })?;
        Self::setup(conn, None)
    }

    /// A store without a file (and without a descriptor) on which every read and write fails: what a hibernating
    /// session holds instead of its connection, so that a write it should never make is an error, not lost.
    pub fn detached() -> Result<Store> {
        let conn = Connection::open_with_flags(
            ":memory:",
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|source| StoreError::Open {
            path: ":memory:".to_owned(),
            source,
        })?;
        Ok(Store {
            conn,
            path: None,
            writer: Arc::default(),
        })
    }

    /// This connection's writes take their turn with those of every connection given the same `writer`.
    pub fn sharing_writes(mut self, writer: Arc<Mutex<()>>) -> Self {
        self.writer = writer;
        self
    }

    /// The database file, or `None` for an in-memory database.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    fn open_with_flags(path: &Path, flags: OpenFlags) -> Result<Store> {
        let conn = Connection::open_with_flags(path, flags).map_err(|source| StoreError::Open {
            path: path.display().to_string(),
            source,
        })?;
        Self::setup(conn, Some(path.to_path_buf()))
    }

    /// Pragmas, migrations, the built-in template.
    fn setup(mut conn: Connection, path: Option<PathBuf>) -> Result<Store> {
        let shown = path
            .as_ref()
            .map_or_else(|| ":memory:".to_owned(), |p| p.display().to_string());
        configure(&conn).map_err(|source| StoreError::Open {
            path: shown,
            source,
        })?;
        migrations::migrate(&mut conn)?;
        let store = Store {
            conn,
            path,
            writer: Arc::default(),
        };
        store.ensure_default_template()?;
        Ok(store)
    }
}

/// Connection settings; they are per connection, so they run on every open.
fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    let mode = set_wal(conn)?;
    tracing::debug!(journal_mode = %mode, "opened the vmjs database");
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.set_prepared_statement_cache_capacity(64);
    Ok(())
}

/// Switches to WAL and returns the journal mode now in force (`memory` for in-memory databases; a read-only
/// connection to a WAL database answers `wal`). Switching a fresh file while another process does the same can
/// fail with `SQLITE_BUSY` without SQLite calling the busy handler, so that case is retried until
/// [`BUSY_TIMEOUT`].
fn set_wal(conn: &Connection) -> rusqlite::Result<String> {
    let current: String = conn.pragma_query_value(None, "journal_mode", |row| row.get(0))?;
    if current.eq_ignore_ascii_case("wal") {
        return Ok(current);
    }
    let deadline = std::time::Instant::now() + BUSY_TIMEOUT;
    loop {
        match conn.pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0)) {
            Err(err)
                if err.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy)
                    && std::time::Instant::now() < deadline =>
            {
                std::thread::sleep(Duration::from_millis(10));
            }
            other => return other,
        }
    }
}

/// The turn of one write on `writer` (a poisoned turn is still a turn: it guards no data).
fn write_turn(writer: &Mutex<()>) -> MutexGuard<'_, ()> {
    writer
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// `true` when `err` is a constraint violation with the given extended code (`SQLITE_CONSTRAINT_*`).
pub(crate) fn is_constraint(err: &rusqlite::Error, extended_codes: &[i32]) -> bool {
    match err {
        rusqlite::Error::SqliteFailure(e, _) => {
            e.code == rusqlite::ErrorCode::ConstraintViolation
                && extended_codes.contains(&e.extended_code)
        }
        _ => false,
    }
}

/// `u64` counters are stored as SQLite's `INTEGER` (i64); values beyond `i64::MAX` saturate.
pub(crate) fn to_i64(value: u64) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}

/// The reverse of [`to_i64`]; a negative value (never written by vmjs) reads as 0.
pub(crate) fn to_u64(value: i64) -> u64 {
    u64::try_from(value).unwrap_or(0)
}

/// A conversion error for a column whose text is not what vmjs wrote (e.g. an unknown status).
pub(crate) fn bad_column(index: usize, message: String) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(index, rusqlite::types::Type::Text, message.into())
}

#[cfg(test)]
impl Store {
    /// Simulates a full disk: the database may grow by `pages` more pages (`None` lifts the cap).
    pub(crate) fn cap_growth(&self, pages: Option<i64>) {
        let cap = match pages {
            Some(pages) => {
                let now: i64 = self
                    .conn
                    .pragma_query_value(None, "page_count", |r| r.get(0))
                    .expect("page_count");
                now + pages
            }
            None => i64::from(u32::MAX - 1),
        };
        let _: i64 = self
            .conn
            .pragma_update_and_check(None, "max_page_count", cap, |r| r.get(0))
            .expect("max_page_count");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_detached_store_holds_no_file_and_refuses_every_write_and_read() {
        let mut store = Store::detached().unwrap();
        assert!(store.path().is_none());
        assert!(store.list_sessions(1).is_err());
        assert!(
            store
                .create_session("default", "/", ProcessIdentity::current())
                .is_err()
        );
        assert!(
            store
                .create_template(&crate::model::Template::new("x"))
                .is_err()
        );
    }
    use crate::model::DEFAULT_TEMPLATE;

    #[test]
    fn open_creates_parent_directories_and_uses_wal() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a/b/vmjs.db");
        let store = Store::open(&path).unwrap();
        assert_eq!(store.path(), Some(path.as_path()));
        let mode: String = store
            .conn
            .pragma_query_value(None, "journal_mode", |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        let fk: i64 = store
            .conn
            .pragma_query_value(None, "foreign_keys", |r| r.get(0))
            .unwrap();
        assert_eq!(fk, 1);
        let sync: i64 = store
            .conn
            .pragma_query_value(None, "synchronous", |r| r.get(0))
            .unwrap();
        assert_eq!(sync, 1, "NORMAL");
        assert!(store.get_template(DEFAULT_TEMPLATE).unwrap().is_some());
    }

    #[test]
    fn in_memory_store_has_no_path() {
        let store = Store::open_in_memory().unwrap();
        assert_eq!(store.path(), None);
    }

    #[test]
    fn open_reports_the_path_when_the_file_is_not_a_database() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("not-a-db");
        std::fs::write(&path, vec![b'x'; 4096]).unwrap();
        let err = Store::open(&path).unwrap_err();
        let message = err.to_string();
        assert!(message.contains("not-a-db"), "{message}");
        assert!(message.contains("not a database"), "{message}");
    }

    #[test]
    fn read_only_database_surfaces_write_errors() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("vmjs.db");
        drop(Store::open(&path).unwrap());

        let mut store = Store::open_read_only(&path).unwrap();
        // Reads work.
        assert!(store.get_template(DEFAULT_TEMPLATE).unwrap().is_some());
        // Writes fail with a clear error, no panic.
        let err = store
            .create_session(DEFAULT_TEMPLATE, "/tmp", ProcessIdentity::current())
            .unwrap_err();
        assert_eq!(
            err.sqlite_code(),
            Some(rusqlite::ErrorCode::ReadOnly),
            "{err}"
        );
        assert!(err.to_string().contains("readonly"), "{err}");
        let err = store
            .create_template(&crate::model::Template::new("t"))
            .unwrap_err();
        assert_eq!(
            err.sqlite_code(),
            Some(rusqlite::ErrorCode::ReadOnly),
            "{err}"
        );
    }

    #[test]
    fn opening_a_missing_database_read_only_fails_with_its_path() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("missing.db");
        let err = Store::open_read_only(&path).unwrap_err();
        assert!(matches!(err, StoreError::Open { .. }), "{err:?}");
        assert!(err.to_string().contains("missing.db"), "{err}");
    }
}
