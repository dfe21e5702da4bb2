//! Launching: a worker from the pool, initialised for the session's template and root, and the sources of the
//! template's libraries and startup files, read beneath the root.

use std::sync::Arc;
use std::sync::mpsc::Sender;

use super::error::SessionError;
use super::messages::ActorMsg;
use crate::host::worker_process::{WorkerPool, WorkerProcess};
use crate::model::{RuntimeOptions, Template};
use crate::paths;
use crate::protocol::{ToWorker, WorkerInit};
use crate::redact::RedactRule;

/// Takes a worker from the pool and sends it `Init` for this session; the worker builds its engine while the
/// caller goes on (it reports `Ready`, or `Fatal`, through `to_actor` under `generation`).
pub(super) fn launch_worker(
    pool: &Arc<WorkerPool>,
    template: &Template,
    root: &std::path::Path,
    args: &[String],
    to_actor: &Sender<ActorMsg>,
    generation: u64,
) -> Result<WorkerProcess, SessionError> {
    let to_actor = to_actor.clone();
    let mut worker = pool
        .take(move |signal| to_actor.send(ActorMsg::Worker(generation, signal)).is_ok())
        .map_err(|e| spawn_error(pool, e.to_string()))?;
    let limits = &template.limits;
    let capabilities = template.capabilities.clone();
    let env: Vec<(String, String)> = capabilities
        .env
        .iter()
        .filter_map(|name| std::env::var(name).ok().map(|value| (name.clone(), value)))
        .collect();
    let (redact_values, redact_patterns) = redaction(&template.options, &env);
    let init = WorkerInit {
        root: root.display().to_string(),
        capabilities,
        args: args.to_vec(),
        deterministic: template.options.deterministic,
        seed: template.options.seed,
        epoch_ms: template.options.epoch_ms,
        loop_iterations: limits.loop_iterations,
        recursion: limits.recursion,
        mem_mb: Some(limits.mem_mb),
        env,
        redact_values,
        redact_patterns,
    };
    worker
        .send(&ToWorker::Init(init))
        .map_err(|e| spawn_error(pool, e.to_string()))?;
    Ok(worker)
}

/// The secrets a worker redacts: the values of the granted variables the template names (all of them with
/// `redact_env`), its literal values, its patterns. Rules are checked when the template is saved; one that
/// does not parse here (a store written by hand) is skipped with a warning.
fn redaction(options: &RuntimeOptions, env: &[(String, String)]) -> (Vec<String>, Vec<String>) {
    let mut values: Vec<String> = Vec::new();
    let mut patterns = Vec::new();
    if options.redact_env {
        values.extend(env.iter().map(|(_, value)| value.clone()));
    }
    for rule in &options.redact {
        match RedactRule::parse(rule) {
            Ok(RedactRule::Env(name)) => values.extend(
                env.iter()
                    .filter(|(granted, _)| *granted == name)
                    .map(|(_, value)| value.clone()),
            ),
            Ok(RedactRule::Literal(value)) => values.push(value),
            Ok(RedactRule::Pattern(pattern)) => patterns.push(pattern),
            Err(error) => tracing::warn!("template option skipped: {error}"),
        }
    }
    (values, patterns)
}

/// A worker of `pool` could not be started.
pub(super) fn spawn_error(pool: &WorkerPool, message: String) -> SessionError {
    SessionError::Spawn {
        exe: pool.worker_program().display().to_string(),
        message,
    }
}

/// Reads the template's libraries (root-relative, or absolute: the template's author chose them) and startup
/// files (root-relative); root-relative ones are opened beneath the root ([`paths::Root`]).
pub(super) fn startup_sources(
    template: &Template,
    root: &std::path::Path,
) -> Result<Vec<(String, String)>, SessionError> {
    let startup_error = |file: &str, message: String| SessionError::Startup {
        file: file.to_owned(),
        message,
    };
    // A path the root's confinement refused reads as the error JavaScript code would get for it.
    let path_error = |file: &str, error: paths::PathError| {
        let message = if error.is_permission_denied() {
            format!("PermissionDenied: {error}")
        } else {
            error.to_string()
        };
        startup_error(file, message)
    };
    let root = paths::Root::open(root).map_err(|e| SessionError::Root {
        root: root.display().to_string(),
        message: e.to_string(),
    })?;
    let mut sources = Vec::new();
    for library in &template.libraries {
        let text = if std::path::Path::new(library).is_absolute() {
            std::fs::read_to_string(library).map_err(|e| startup_error(library, e.to_string()))?
        } else {
            root.read_text(library)
                .map_err(|e| path_error(library, e))?
        };
        sources.push((library.clone(), text));
    }
    for file in &template.startup_files {
        let text = root.read_text(file).map_err(|e| path_error(file, e))?;
        sources.push((file.clone(), text));
    }
    Ok(sources)
}
