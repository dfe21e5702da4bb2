//! Schema migrations: an append-only list of SQL scripts tracked by `PRAGMA user_version`.
//!
//! Never edit a migration that has shipped; append a new one. All pending migrations run in one `BEGIN IMMEDIATE`
//! transaction, so a process either sees the old schema or the new one, and two processes opening a fresh database
//! at the same time do not both migrate it.

use rusqlite::{Connection, TransactionBehavior};

use super::{Context, Result, StoreError};

/// The migrations, in order. `user_version` = how many of them have been applied.
const MIGRATIONS: &[&str] = &[
    // 1: templates, sessions, executions, events.
    r#"
    CREATE TABLE templates (
        name        TEXT PRIMARY KEY,
        description TEXT NOT NULL DEFAULT '',
        created_at  INTEGER NOT NULL,
        updated_at  INTEGER NOT NULL
    );

    -- key `limits` (JSON of Limits) and `runtime` (JSON of RuntimeOptions).
    CREATE TABLE template_settings (
        template TEXT NOT NULL REFERENCES templates(name) ON DELETE CASCADE ON UPDATE CASCADE,
        key      TEXT NOT NULL,
        value    TEXT NOT NULL,
        PRIMARY KEY (template, key)
    );

    -- kind `fs.read`, `fs.write` (value ''), or `env` (value = the variable's name).
    CREATE TABLE template_capabilities (
        template TEXT NOT NULL REFERENCES templates(name) ON DELETE CASCADE ON UPDATE CASCADE,
        kind     TEXT NOT NULL,
        value    TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (template, kind, value)
    );

    CREATE TABLE template_files (
        template TEXT NOT NULL REFERENCES templates(name) ON DELETE CASCADE ON UPDATE CASCADE,
        role     TEXT NOT NULL CHECK (role IN ('library', 'startup')),
        position INTEGER NOT NULL,
        path     TEXT NOT NULL,
        PRIMARY KEY (template, role, position)
    );

    -- Monotonic counters (`session_number`): numbers are never reused, even after `prune`.
    CREATE TABLE counters (
        name  TEXT PRIMARY KEY,
        value INTEGER NOT NULL
    );
    INSERT INTO counters (name, value) VALUES ('session_number', 0);

    -- No foreign key to templates: history outlives templates.
    CREATE TABLE sessions (
        id          TEXT PRIMARY KEY,
        number      INTEGER NOT NULL UNIQUE,
        template    TEXT NOT NULL,
        root        TEXT NOT NULL,
        status      TEXT NOT NULL,
        last_error  TEXT,
        owner_pid   INTEGER NOT NULL,
        owner_start INTEGER NOT NULL,
        created_at  INTEGER NOT NULL,
        closed_at   INTEGER
    );
    CREATE INDEX sessions_status ON sessions (status);

    CREATE TABLE executions (
        id           TEXT PRIMARY KEY,
        session_id   TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        kind         TEXT NOT NULL,
        status       TEXT NOT NULL,
        input        TEXT NOT NULL,
        source_name  TEXT NOT NULL,
        result       TEXT,  -- JSON ValuePayload
        error        TEXT,  -- JSON ExceptionPayload
        wall_ms      INTEGER NOT NULL DEFAULT 0,
        n_events     INTEGER NOT NULL DEFAULT 0,
        output_bytes INTEGER NOT NULL DEFAULT 0,
        replayable   INTEGER NOT NULL DEFAULT 0,
        owner_pid    INTEGER NOT NULL,
        owner_start  INTEGER NOT NULL,
        started_at   INTEGER NOT NULL,
        ended_at     INTEGER
    );
    CREATE INDEX executions_session_started ON executions (session_id, started_at);
    CREATE INDEX executions_status ON executions (status);

    -- payload = JSON of the `payload` part of an EventBody (adjacently tagged `type`/`payload`).
    CREATE TABLE events (
        execution_id TEXT NOT NULL REFERENCES executions(id) ON DELETE CASCADE,
        seq          INTEGER NOT NULL,
        type         TEXT NOT NULL,
        payload      TEXT NOT NULL,
        PRIMARY KEY (execution_id, seq)
    ) WITHOUT ROWID;
    "#,
];

/// The schema version this vmjs writes (= number of migrations).
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Applies the pending migrations, or fails with [`StoreError::SchemaTooNew`].
pub(super) fn migrate(conn: &mut Connection) -> Result<()> {
    migrate_with(conn, MIGRATIONS)
}

/// Whether the schema is the one this build writes (nothing to migrate).
pub(super) fn is_current(conn: &Connection) -> Result<bool> {
    let found = user_version(conn).context("reading the database schema version")?;
    Ok(found == MIGRATIONS.len() as i64)
}

fn user_version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.pragma_query_value(None, "user_version", |row| row.get(0))
}

fn migrate_with(conn: &mut Connection, migrations: &[&str]) -> Result<()> {
    let known = migrations.len() as i64;
    // Fast path without the write lock: an up-to-date database (possibly opened read-only) stays untouched.
    let found = user_version(conn).context("reading the database schema version")?;
    if found > known {
        return Err(StoreError::SchemaTooNew { found, known });
    }
    if found == known {
        return Ok(());
    }

    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .context("locking the database to migrate its schema")?;
    // Another process may have migrated between the check above and the lock.
    let found = user_version(&tx).context("reading the database schema version")?;
    if found > known {
        return Err(StoreError::SchemaTooNew { found, known });
    }
    for (index, sql) in migrations.iter().enumerate().skip(found as usize) {
        tracing::info!(version = index + 1, "migrating the vmjs database");
        tx.execute_batch(sql)
            .context("migrating the database schema")?;
    }
    tx.pragma_update(None, "user_version", known)
        .context("recording the database schema version")?;
    tx.commit()
        .context("committing the database schema migration")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    #[test]
    fn migrations_are_idempotent_and_set_user_version() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn).unwrap();
        assert_eq!(user_version(&conn).unwrap(), SCHEMA_VERSION);
        migrate(&mut conn).unwrap();
        assert_eq!(user_version(&conn).unwrap(), SCHEMA_VERSION);
        let tables: i64 = conn
            .query_row(
                "SELECT COUNT(*) FROM sqlite_schema WHERE type = 'table' AND name = 'events'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(tables, 1);
    }

    #[test]
    fn reopening_a_file_database_does_not_migrate_again() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("vmjs.db");
        drop(Store::open(&path).unwrap());
        let store = Store::open(&path).unwrap();
        assert_eq!(user_version(&store.conn).unwrap(), SCHEMA_VERSION);
        assert_eq!(store.list_templates().unwrap().len(), 1);
    }

    #[test]
    fn concurrent_first_opens_of_a_fresh_file_all_succeed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("fresh.db");
        let threads: Vec<_> = (0..4)
            .map(|_| {
                let path = path.clone();
                std::thread::spawn(move || {
                    Store::open(&path).map(|store| store.list_templates().unwrap().len())
                })
            })
            .collect();
        for thread in threads {
            assert_eq!(thread.join().unwrap().unwrap(), 1);
        }
    }

    #[test]
    fn pending_migrations_apply_in_order_from_the_current_version() {
        let mut conn = Connection::open_in_memory().unwrap();
        let v1: &[&str] = &["CREATE TABLE a (x INTEGER);"];
        migrate_with(&mut conn, v1).unwrap();
        let v2: &[&str] = &[v1[0], "ALTER TABLE a ADD COLUMN y INTEGER;"];
        migrate_with(&mut conn, v2).unwrap();
        assert_eq!(user_version(&conn).unwrap(), 2);
        conn.execute("INSERT INTO a (x, y) VALUES (1, 2)", [])
            .unwrap();
    }

    #[test]
    fn a_failing_migration_leaves_the_database_untouched() {
        let mut conn = Connection::open_in_memory().unwrap();
        let broken: &[&str] = &["CREATE TABLE a (x INTEGER);", "THIS IS NOT SQL;"];
        let err = migrate_with(&mut conn, broken).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("migrating the database schema:"),
            "{err}"
        );
        assert_eq!(user_version(&conn).unwrap(), 0);
        let tables: i64 = conn
            .query_row(
                "SELECT COUNT(*) FROM sqlite_schema WHERE name = 'a'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(tables, 0, "the first migration was rolled back too");
    }

    #[test]
    fn newer_schema_is_refused() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .unwrap();
        let err = migrate(&mut conn).unwrap_err();
        assert!(
            matches!(err, StoreError::SchemaTooNew { found, known } if found == SCHEMA_VERSION + 1 && known == SCHEMA_VERSION),
            "{err:?}"
        );

        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("vmjs.db");
        drop(Store::open(&path).unwrap());
        let raw = Connection::open(&path).unwrap();
        raw.pragma_update(None, "user_version", 999).unwrap();
        drop(raw);
        let err = Store::open(&path).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "database schema version 999 is newer than this vmjs understands ({SCHEMA_VERSION})"
            )
        );
    }
}
