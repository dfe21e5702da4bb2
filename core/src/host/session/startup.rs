//! A session's start, on its actor's thread: the store connection, the template, the worker, the session's
//! row, and the template's libraries and startup files run through the pipeline like any execution. The
//! session is handed to its caller only once it is `ready`.

use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender};
use std::time::Duration;

use tokio::sync::mpsc::unbounded_channel;

use super::actor::{Actor, Turn};
use super::error::SessionError;
use super::launch::{launch_worker, spawn_error, startup_sources};
use super::messages::{ActorMsg, Shared};
use crate::host::execution::{ExecuteRequest, ExecutionUpdate, lost_record};
use crate::host::store_file::StoreFile;
use crate::host::worker_process::WorkerPool;
use crate::model::{ExecutionKind, ExecutionRecord, ExecutionStatus, SessionStatus, Template};
use crate::protocol::FromWorker;
use crate::store::ProcessIdentity;

/// How long a fresh worker may take to become ready.
pub(super) const WORKER_START_TIMEOUT: Duration = Duration::from_secs(10);

/// How a session starts, beyond its template and root.
#[derive(Debug, Clone, Default)]
pub struct StartOptions {
    /// `vmjs.args`.
    pub args: Vec<String>,
    /// Overrides the template's `deterministic` option (`vmjs test` runs notebooks deterministically).
    pub deterministic: Option<bool>,
}

/// The template a session starts from.
pub(in crate::host) enum TemplateChoice {
    /// Read from the store by name.
    Named(String),
    /// A template the caller built (tests, benchmarks); not necessarily stored.
    Given(Box<Template>),
}

/// What a started session's actor tells the handle.
pub(super) struct Started {
    pub(super) id: String,
    pub(super) number: i64,
    pub(super) root: PathBuf,
}

/// Everything a session's actor needs to start it.
pub(in crate::host) struct Launch {
    pub(in crate::host) store: StoreFile,
    pub(in crate::host) pool: Arc<WorkerPool>,
    pub(in crate::host) template: TemplateChoice,
    pub(in crate::host) root: PathBuf,
    pub(in crate::host) options: StartOptions,
}

impl Actor {
    /// Starts the session described by `launch`; on success the actor is ready to [`Actor::run`].
    pub(super) fn launch(
        launch: Launch,
        inbox: Receiver<ActorMsg>,
        to_actor: Sender<ActorMsg>,
        shared: Arc<Shared>,
    ) -> Result<(Actor, Started), SessionError> {
        let Launch {
            store,
            pool,
            template,
            root,
            options,
        } = launch;
        let root = root.canonicalize().map_err(|e| SessionError::Root {
            root: root.display().to_string(),
            message: e.to_string(),
        })?;
        let store_file = store;
        let mut store = store_file.connection()?;
        let mut template = match template {
            TemplateChoice::Named(name) => store.template(&name)?,
            TemplateChoice::Given(template) => *template,
        };
        if let Some(deterministic) = options.deterministic {
            template.options.deterministic = deterministic;
        }
        // The worker builds its engine while the session is recorded (dropping it on an error below kills it).
        let worker = launch_worker(&pool, &template, &root, &options.args, &to_actor, 1)?;
        let record = store.create_session(
            &template.name,
            &root.display().to_string(),
            ProcessIdentity::current(),
        )?;
        let mut actor = Actor {
            session_id: record.id.clone(),
            store,
            store_file,
            store_detached: false,
            template,
            root: root.clone(),
            args: options.args,
            pool,
            inbox,
            to_actor,
            worker: Some(worker),
            generation: 1,
            queue: VecDeque::new(),
            running: None,
            stopping: None,
            hard_deadline: None,
            shared,
            startup: Vec::new(),
            cell_counter: 0,
            names_snapshot: Vec::new(),
            stale_answers: 0,
            querying: false,
            deferred_queries: VecDeque::new(),
            poll_inbox_until: None,
            last_delivered: None,
            back_to_back: false,
            interrupted_while_waking: None,
        };
        if let Err(error) = actor.prepare() {
            actor.mark(SessionStatus::Crashed, Some(&error.to_string()));
            actor.close();
            return Err(error);
        }
        actor.mark(SessionStatus::Ready, None);
        let started = Started {
            id: record.id,
            number: record.number,
            root,
        };
        Ok((actor, started))
    }

    /// Reads the startup sources, waits for the worker and runs them, each recorded as a `startup` execution.
    fn prepare(&mut self) -> Result<(), SessionError> {
        let sources = startup_sources(&self.template, &self.root)?;
        self.await_ready()?;
        for (name, text) in sources {
            let record = self.run_to_end(ExecuteRequest::new(
                ExecutionKind::Startup,
                text,
                Some(name.clone()),
            ));
            if record.status != ExecutionStatus::Ok {
                let message = record
                    .error
                    .map_or_else(|| record.status.as_str().to_owned(), |e| e.stack);
                return Err(SessionError::Startup {
                    file: name,
                    message,
                });
            }
        }
        Ok(())
    }

    /// Runs `request` through the pipeline on this thread (before the loop serves anyone else).
    fn run_to_end(&mut self, request: ExecuteRequest) -> ExecutionRecord {
        let (subscriber, mut updates) = unbounded_channel();
        self.queue.push_back((request, subscriber));
        loop {
            while let Ok(update) = updates.try_recv() {
                if let ExecutionUpdate::Finished(record) = update {
                    return *record;
                }
            }
            if let Turn::Closed(_) = self.turn() {
                return lost_record();
            }
        }
    }

    /// Waits until the worker launched last reports ready (or fails to start).
    pub(super) fn await_ready(&mut self) -> Result<(), SessionError> {
        match self.await_worker(
            |m| matches!(m, FromWorker::Ready { .. } | FromWorker::Fatal { .. }),
            WORKER_START_TIMEOUT,
        ) {
            Some(FromWorker::Ready { names, .. }) => {
                self.names_snapshot = names;
                Ok(())
            }
            Some(FromWorker::Fatal { message }) => Err(spawn_error(&self.pool, message)),
            _ => {
                let tail = self.kill_worker().map(|(_, tail)| tail).unwrap_or_default();
                Err(spawn_error(
                    &self.pool,
                    format!("the worker did not start: {tail}"),
                ))
            }
        }
    }
}
