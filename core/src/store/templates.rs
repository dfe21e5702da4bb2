//! Templates in the store: one `templates` row plus settings (JSON), capabilities and ordered files.
//!
//! Settings missing from the database read as their defaults, so the built-in `default` template follows the
//! defaults of the running vmjs until someone updates it. Capability `env` names read back sorted and deduplicated.

use rusqlite::{OptionalExtension, Transaction, TransactionBehavior, params};

use super::{Context, Result, Store, StoreError, is_constraint};
use crate::model::{Capabilities, DEFAULT_TEMPLATE, Limits, RuntimeOptions, Template, now_ms};

const KEY_LIMITS: &str = "limits";
const KEY_RUNTIME: &str = "runtime";
const CAP_FS_READ: &str = "fs.read";
const CAP_FS_WRITE: &str = "fs.write";
const CAP_ENV: &str = "env";
const CAP_NET: &str = "net";
const ROLE_LIBRARY: &str = "library";
const ROLE_STARTUP: &str = "startup";

impl Store {
    /// Stores a new template. Fails with [`StoreError::DuplicateTemplate`] if the name is taken.
    pub fn create_template(&mut self, template: &Template) -> Result<()> {
        let _turn = super::write_turn(&self.writer);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .context("creating a template")?;
        let now = now_ms();
        let inserted = tx.execute(
            "INSERT INTO templates (name, description, created_at, updated_at) VALUES (?1, ?2, ?3, ?3)",
            params![template.name, template.description, now],
        );
        match inserted {
            Err(err)
                if is_constraint(
                    &err,
                    &[
                        rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY,
                        rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE,
                    ],
                ) =>
            {
                return Err(StoreError::DuplicateTemplate(template.name.clone()));
            }
            other => other.context("creating a template")?,
        };
        write_parts(&tx, template)?;
        tx.commit().context("creating a template")?;
        Ok(())
    }

    /// The template called `name`, if it exists.
    pub fn get_template(&self, name: &str) -> Result<Option<Template>> {
        // One read transaction: the parts come from the same snapshot even if another process updates the template.
        let tx = self
            .conn
            .unchecked_transaction()
            .context("reading a template")?;
        let description: Option<String> = tx
            .prepare_cached("SELECT description FROM templates WHERE name = ?1")
            .and_then(|mut stmt| stmt.query_row([name], |row| row.get(0)).optional())
            .context("reading a template")?;
        let Some(description) = description else {
            return Ok(None);
        };
        let mut template = Template::new(name);
        template.description = description;
        read_settings(&tx, &mut template)?;
        template.capabilities = read_capabilities(&tx, name)?;
        read_files(&tx, &mut template)?;
        Ok(Some(template))
    }

    /// The template called `name`, or [`StoreError::TemplateNotFound`].
    pub fn template(&self, name: &str) -> Result<Template> {
        self.get_template(name)?
            .ok_or_else(|| StoreError::TemplateNotFound(name.to_owned()))
    }

    /// Every template, sorted by name.
    pub fn list_templates(&self) -> Result<Vec<Template>> {
        let names = {
            let mut stmt = self
                .conn
                .prepare_cached("SELECT name FROM templates ORDER BY name")
                .context("listing templates")?;
            let rows = stmt
                .query_map([], |row| row.get::<_, String>(0))
                .context("listing templates")?;
            rows.collect::<rusqlite::Result<Vec<_>>>()
                .context("listing templates")?
        };
        // A template deleted between the two queries is simply not listed.
        let mut templates = Vec::with_capacity(names.len());
        for name in names {
            if let Some(template) = self.get_template(&name)? {
                templates.push(template);
            }
        }
        Ok(templates)
    }

    /// Replaces the description, settings, capabilities and files of an existing template, atomically.
    pub fn update_template(&mut self, template: &Template) -> Result<()> {
        let _turn = super::write_turn(&self.writer);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .context("updating a template")?;
        let changed = tx
            .execute(
                "UPDATE templates SET description = ?2, updated_at = ?3 WHERE name = ?1",
                params![template.name, template.description, now_ms()],
            )
            .context("updating a template")?;
        if changed == 0 {
            return Err(StoreError::TemplateNotFound(template.name.clone()));
        }
        write_parts(&tx, template)?;
        tx.commit().context("updating a template")?;
        Ok(())
    }

    /// Deletes a template (sessions created from it keep their history). `default` cannot be deleted.
    pub fn delete_template(&mut self, name: &str) -> Result<()> {
        let _turn = super::write_turn(&self.writer);
        if name == DEFAULT_TEMPLATE {
            return Err(StoreError::DefaultTemplateIsBuiltIn);
        }
        let changed = self
            .conn
            .execute("DELETE FROM templates WHERE name = ?1", [name])
            .context("deleting a template")?;
        if changed == 0 {
            return Err(StoreError::TemplateNotFound(name.to_owned()));
        }
        Ok(())
    }

    /// Inserts the built-in `default` template unless it exists. Skips the write when it exists, so a read-only
    /// database can be opened.
    pub(super) fn ensure_default_template(&self) -> Result<()> {
        let exists: bool = self
            .conn
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM templates WHERE name = ?1)",
                [DEFAULT_TEMPLATE],
                |row| row.get(0),
            )
            .context("looking for the built-in template")?;
        if !exists {
            let now = now_ms();
            self.conn
                .execute(
                    "INSERT OR IGNORE INTO templates (name, description, created_at, updated_at)
                     VALUES (?1, 'Built-in template: default limits, no capabilities.', ?2, ?2)",
                    params![DEFAULT_TEMPLATE, now],
                )
                .context("creating the built-in template")?;
        }
        Ok(())
    }
}

/// Replaces the settings, capabilities and files of `template` (its `templates` row exists).
fn write_parts(tx: &Transaction<'_>, template: &Template) -> Result<()> {
    const CONTEXT: &str = "writing template settings";
    let name = template.name.as_str();
    for table in [
        "template_settings",
        "template_capabilities",
        "template_files",
    ] {
        tx.execute(&format!("DELETE FROM {table} WHERE template = ?1"), [name])
            .context(CONTEXT)?;
    }

    let limits = serde_json::to_string(&template.limits).context("encoding template limits")?;
    let runtime =
        serde_json::to_string(&template.options).context("encoding template runtime options")?;
    let mut setting = tx
        .prepare_cached("INSERT INTO template_settings (template, key, value) VALUES (?1, ?2, ?3)")
        .context(CONTEXT)?;
    setting
        .execute(params![name, KEY_LIMITS, limits])
        .context(CONTEXT)?;
    setting
        .execute(params![name, KEY_RUNTIME, runtime])
        .context(CONTEXT)?;

    let mut capability = tx
        .prepare_cached("INSERT OR IGNORE INTO template_capabilities (template, kind, value) VALUES (?1, ?2, ?3)")
        .context(CONTEXT)?;
    let caps = &template.capabilities;
    if caps.fs_read {
        capability
            .execute(params![name, CAP_FS_READ, ""])
            .context(CONTEXT)?;
    }
    if caps.fs_write {
        capability
            .execute(params![name, CAP_FS_WRITE, ""])
            .context(CONTEXT)?;
    }
    for var in &caps.env {
        capability
            .execute(params![name, CAP_ENV, var])
            .context(CONTEXT)?;
    }
    for host in &caps.net {
        capability
            .execute(params![name, CAP_NET, host])
            .context(CONTEXT)?;
    }

    let mut file = tx
        .prepare_cached(
            "INSERT INTO template_files (template, role, position, path) VALUES (?1, ?2, ?3, ?4)",
        )
        .context(CONTEXT)?;
    for (role, paths) in [
        (ROLE_LIBRARY, &template.libraries),
        (ROLE_STARTUP, &template.startup_files),
    ] {
        for (position, path) in paths.iter().enumerate() {
            file.execute(params![name, role, position as i64, path])
                .context(CONTEXT)?;
        }
    }
    Ok(())
}

/// Rows of two text columns of one template's part (`sql` takes the template name as `?1`).
fn string_pairs(
    tx: &Transaction<'_>,
    sql: &str,
    template: &str,
    context: &'static str,
) -> Result<Vec<(String, String)>> {
    let mut stmt = tx.prepare_cached(sql).context(context)?;
    let rows = stmt
        .query_map([template], |row| Ok((row.get(0)?, row.get(1)?)))
        .context(context)?;
    rows.collect::<rusqlite::Result<Vec<_>>>().context(context)
}

fn read_settings(tx: &Transaction<'_>, template: &mut Template) -> Result<()> {
    let rows = string_pairs(
        tx,
        "SELECT key, value FROM template_settings WHERE template = ?1",
        &template.name,
        "reading template settings",
    )?;
    for (key, value) in rows {
        match key.as_str() {
            KEY_LIMITS => {
                template.limits =
                    serde_json::from_str::<Limits>(&value).context("decoding template limits")?;
            }
            KEY_RUNTIME => {
                template.options = serde_json::from_str::<RuntimeOptions>(&value)
                    .context("decoding template runtime options")?;
            }
            other => {
                tracing::warn!(template = %template.name, key = other, "ignoring an unknown template setting")
            }
        }
    }
    Ok(())
}

fn read_capabilities(tx: &Transaction<'_>, name: &str) -> Result<Capabilities> {
    let rows = string_pairs(
        tx,
        "SELECT kind, value FROM template_capabilities WHERE template = ?1 ORDER BY kind, value",
        name,
        "reading template capabilities",
    )?;
    let mut caps = Capabilities::default();
    for (kind, value) in rows {
        match kind.as_str() {
            CAP_FS_READ => caps.fs_read = true,
            CAP_FS_WRITE => caps.fs_write = true,
            CAP_ENV => caps.env.push(value),
            CAP_NET => caps.net.push(value),
            other => tracing::warn!(
                template = name,
                kind = other,
                "ignoring an unknown capability"
            ),
        }
    }
    Ok(caps)
}

fn read_files(tx: &Transaction<'_>, template: &mut Template) -> Result<()> {
    let rows = string_pairs(
        tx,
        "SELECT role, path FROM template_files WHERE template = ?1 ORDER BY role, position",
        &template.name,
        "reading template files",
    )?;
    for (role, path) in rows {
        match role.as_str() {
            ROLE_LIBRARY => template.libraries.push(path),
            ROLE_STARTUP => template.startup_files.push(path),
            // The CHECK constraint makes this unreachable.
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::OutputStrategy;

    fn full_template(name: &str) -> Template {
        Template {
            name: name.into(),
            description: "everything set".into(),
            limits: Limits {
                wall_ms: Some(1_500),
                mem_mb: 256,
                max_output_bytes: 4_096,
                output_strategy: OutputStrategy::Fail,
                max_events: Some(100),
                loop_iterations: Some(1_000_000),
                recursion: 500,
            },
            capabilities: Capabilities {
                fs_read: true,
                fs_write: true,
                env: vec!["HOME".into(), "PATH".into()],
                net: vec!["127.0.0.1:8080".into(), "example.com".into()],
            },
            // Deliberately not in alphabetical order: files keep their position.
            startup_files: vec!["z_setup.js".into(), "a_more.js".into(), "m.js".into()],
            libraries: vec!["lib/b.js".into(), "/abs/a.js".into()],
            options: RuntimeOptions {
                deterministic: true,
                seed: 7,
                epoch_ms: 1_000,
                restore: false,
                replay_cap_ms: 250,
                hibernate_after_ms: Some(60_000),
                close_after_ms: Some(600_000),
                redact: vec!["env:HOME".into(), "/sk-[a-z]{8}/".into()],
                redact_env: true,
            },
        }
    }

    fn stores() -> Vec<(Store, Option<tempfile::TempDir>)> {
        let dir = tempfile::tempdir().unwrap();
        let file = Store::open(&dir.path().join("vmjs.db")).unwrap();
        vec![(Store::open_in_memory().unwrap(), None), (file, Some(dir))]
    }

    #[test]
    fn default_template_exists_and_cannot_be_deleted() {
        for (mut store, _dir) in stores() {
            let default = store.template(DEFAULT_TEMPLATE).unwrap();
            assert_eq!(default.limits, Limits::default());
            assert_eq!(default.capabilities, Capabilities::default());
            assert_eq!(default.options, RuntimeOptions::default());
            let err = store.delete_template(DEFAULT_TEMPLATE).unwrap_err();
            assert!(
                matches!(err, StoreError::DefaultTemplateIsBuiltIn),
                "{err:?}"
            );
            assert_eq!(
                err.to_string(),
                "cannot delete the built-in template `default`"
            );
            assert!(store.get_template(DEFAULT_TEMPLATE).unwrap().is_some());
        }
    }

    #[test]
    fn template_round_trips_with_every_field() {
        for (mut store, _dir) in stores() {
            let template = full_template("everything");
            store.create_template(&template).unwrap();
            assert_eq!(store.template("everything").unwrap(), template);
            assert_eq!(store.get_template("everything").unwrap(), Some(template));
        }
    }

    #[test]
    fn duplicate_template_is_reported_by_name() {
        for (mut store, _dir) in stores() {
            store.create_template(&Template::new("dup")).unwrap();
            let err = store.create_template(&full_template("dup")).unwrap_err();
            assert!(
                matches!(&err, StoreError::DuplicateTemplate(name) if name == "dup"),
                "{err:?}"
            );
            assert_eq!(err.to_string(), "template `dup` already exists");
            // The failed create changed nothing.
            assert_eq!(store.template("dup").unwrap(), Template::new("dup"));
            let err = store
                .create_template(&Template::new(DEFAULT_TEMPLATE))
                .unwrap_err();
            assert!(matches!(err, StoreError::DuplicateTemplate(_)), "{err:?}");
        }
    }

    #[test]
    fn missing_templates_are_not_found() {
        let mut store = Store::open_in_memory().unwrap();
        assert_eq!(store.get_template("nope").unwrap(), None);
        let err = store.template("nope").unwrap_err();
        assert_eq!(err.to_string(), "template `nope` not found");
        let err = store.update_template(&Template::new("nope")).unwrap_err();
        assert!(
            matches!(&err, StoreError::TemplateNotFound(n) if n == "nope"),
            "{err:?}"
        );
        let err = store.delete_template("nope").unwrap_err();
        assert!(
            matches!(&err, StoreError::TemplateNotFound(n) if n == "nope"),
            "{err:?}"
        );
    }

    #[test]
    fn update_replaces_every_part() {
        for (mut store, _dir) in stores() {
            store.create_template(&full_template("t")).unwrap();
            let mut updated = Template::new("t");
            updated.description = "smaller".into();
            updated.capabilities.env = vec!["LANG".into()];
            updated.startup_files = vec!["only.js".into()];
            store.update_template(&updated).unwrap();
            assert_eq!(store.template("t").unwrap(), updated);

            let mut default = store.template(DEFAULT_TEMPLATE).unwrap();
            default.limits.wall_ms = Some(10);
            store.update_template(&default).unwrap();
            assert_eq!(store.template(DEFAULT_TEMPLATE).unwrap(), default);
        }
    }

    #[test]
    fn delete_removes_the_template_and_its_parts() {
        let mut store = Store::open_in_memory().unwrap();
        store.create_template(&full_template("gone")).unwrap();
        store.delete_template("gone").unwrap();
        assert_eq!(store.get_template("gone").unwrap(), None);
        for table in [
            "template_settings",
            "template_capabilities",
            "template_files",
        ] {
            let n: i64 = store
                .conn
                .query_row(
                    &format!("SELECT COUNT(*) FROM {table} WHERE template = 'gone'"),
                    [],
                    |r| r.get(0),
                )
                .unwrap();
            assert_eq!(n, 0, "{table}");
        }
        // The name can be reused.
        store.create_template(&Template::new("gone")).unwrap();
    }

    #[test]
    fn list_templates_is_sorted_by_name() {
        let mut store = Store::open_in_memory().unwrap();
        store.create_template(&full_template("zeta")).unwrap();
        store.create_template(&Template::new("alpha")).unwrap();
        let names: Vec<_> = store
            .list_templates()
            .unwrap()
            .into_iter()
            .map(|t| t.name)
            .collect();
        assert_eq!(names, ["alpha", "default", "zeta"]);
    }

    #[test]
    fn env_capabilities_are_deduplicated() {
        let mut store = Store::open_in_memory().unwrap();
        let mut template = Template::new("env");
        template.capabilities.env = vec!["B".into(), "A".into(), "B".into()];
        store.create_template(&template).unwrap();
        assert_eq!(store.template("env").unwrap().capabilities.env, ["A", "B"]);
    }
}
