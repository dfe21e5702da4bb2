//! [`Sessions`]: the one way every face starts sessions — a store file and a worker pool, shared by all the
//! sessions a process starts. Each session's actor opens its own connection to that file (the store is the
//! one source of truth; no caller passes a connection or a second path): the first in full, migrating it and
//! reaping what dead processes left `running`, the others with a plain connection.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::reply::Reply;
use super::session::{Launch, Session, SessionError, StartOptions, TemplateChoice};
use super::store_file::StoreFile;
use super::worker_process::WorkerPool;
use crate::model::Template;
use crate::store::{Store, StoreError};

/// Starts sessions on one store file with one worker pool. Cheap to clone.
#[derive(Clone)]
pub struct Sessions {
    store: StoreFile,
    pool: Arc<WorkerPool>,
}

impl Sessions {
    /// Sessions recorded in the database at `store_path` (created and migrated by the first session or
    /// [`Sessions::store`]), whose workers `pool` starts. Raises the process's soft limit of open files to its
    /// hard limit: each live session holds about five descriptors (three pipes to its worker; its store
    /// connection's database and WAL files), and a daemon keeps hundreds.
    pub fn new(store_path: impl Into<PathBuf>, pool: Arc<WorkerPool>) -> Self {
        raise_open_files_limit();
        Self {
            store: StoreFile::new(store_path.into()),
            pool,
        }
    }

    /// The database file.
    pub fn store_path(&self) -> &Path {
        self.store.path()
    }

    /// The worker pool.
    pub fn pool(&self) -> &Arc<WorkerPool> {
        &self.pool
    }

    /// A connection of the caller's own to the store (templates, history, events).
    pub fn store(&self) -> Result<Store, StoreError> {
        self.store.connection()
    }

    /// Starts a session from the stored template `template`, rooted at `root` (a directory; canonicalized).
    /// The session's actor thread does the work: the reply is the session once it is `ready` (worker started,
    /// libraries and startup files run), or why it could not start.
    pub fn start(
        &self,
        template: &str,
        root: impl Into<PathBuf>,
        options: StartOptions,
    ) -> Reply<Result<Session, SessionError>> {
        self.launch(
            TemplateChoice::Named(template.to_owned()),
            root.into(),
            options,
        )
    }

    /// [`Sessions::start`] from a template the caller built, stored or not (tests, benchmarks).
    pub fn start_with(
        &self,
        template: Template,
        root: impl Into<PathBuf>,
        options: StartOptions,
    ) -> Reply<Result<Session, SessionError>> {
        self.launch(
            TemplateChoice::Given(Box::new(template)),
            root.into(),
            options,
        )
    }

    fn launch(
        &self,
        template: TemplateChoice,
        root: PathBuf,
        options: StartOptions,
    ) -> Reply<Result<Session, SessionError>> {
        Session::start(Launch {
            store: self.store.clone(),
            pool: Arc::clone(&self.pool),
            template,
            root,
            options,
        })
    }
}

/// Raises `RLIMIT_NOFILE`'s soft limit to the hard one (what Go's runtime does at start); harmless when it is
/// already there. Workers inherit it.
fn raise_open_files_limit() {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit/setrlimit only read and write the struct passed.
    unsafe {
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) == 0 && limit.rlim_cur < limit.rlim_max
        {
            limit.rlim_cur = limit.rlim_max;
            libc::setrlimit(libc::RLIMIT_NOFILE, &limit);
        }
    }
}
