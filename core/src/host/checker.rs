//! A long-lived `vmjs worker` that only answers "would boa parse this?" ([`ToWorker::Check`]), for the
//! language server's diagnostics. Not a session: no store, no state. boa can abort on hostile input, so the
//! parse happens in the worker (on its big stack) and a dead or stuck worker is replaced on the next check.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use super::worker_process::{WorkerPool, WorkerProcess, WorkerSignal};
use crate::protocol::{CheckError, FromWorker, ToWorker, WorkerInit};

/// How long a fresh checker worker may take to become ready.
const START_TIMEOUT: Duration = Duration::from_secs(10);

/// Niceness of the checker worker (background work).
const CHECKER_NICENESS: libc::c_int = 10;

/// Why a check gave no verdict.
#[derive(Debug, thiserror::Error)]
pub enum CheckerError {
    #[error("cannot start the checker worker: {0}")]
    Spawn(String),
    #[error("the checker worker did not answer in time")]
    Timeout,
    #[error("the checker worker died: {0}")]
    Died(String),
}

/// One checker worker, started on first use and restarted after a death or a timeout.
pub struct SyntaxChecker {
    pool: Arc<WorkerPool>,
    worker: Option<(WorkerProcess, Receiver<WorkerSignal>)>,
}

impl SyntaxChecker {
    /// A checker whose worker comes from `pool` (started lazily).
    pub fn new(pool: Arc<WorkerPool>) -> Self {
        Self { pool, worker: None }
    }

    /// boa's syntax errors for `source` parsed as a script or module (empty: boa accepts it).
    pub fn check(
        &mut self,
        source: &str,
        module: bool,
        timeout: Duration,
    ) -> Result<Vec<CheckError>, CheckerError> {
        if self.worker.is_none() {
            self.worker = Some(self.start()?);
        }
        let Some((worker, signals)) = self.worker.as_mut() else {
            return Err(CheckerError::Spawn("no worker".into()));
        };
        let request = ToWorker::Check {
            source: source.to_owned(),
            module,
        };
        if let Err(error) = worker.send(&request) {
            self.worker = None;
            return Err(CheckerError::Died(error.to_string()));
        }
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match signals.recv_timeout(left) {
                Ok(WorkerSignal::Message(message)) => {
                    if let FromWorker::Checked { errors } = *message {
                        return Ok(errors);
                    }
                }
                Ok(WorkerSignal::Exited) | Err(RecvTimeoutError::Disconnected) => {
                    let tail = worker.final_stderr_tail();
                    self.worker = None;
                    return Err(CheckerError::Died(tail));
                }
                Err(RecvTimeoutError::Timeout) => {
                    // Dropping the process kills it; the next check starts a fresh one.
                    self.worker = None;
                    return Err(CheckerError::Timeout);
                }
            }
        }
    }

    fn start(&self) -> Result<(WorkerProcess, Receiver<WorkerSignal>), CheckerError> {
        let (tx, signals) = mpsc::channel();
        let mut worker = self
            .pool
            .take(move |signal| tx.send(signal).is_ok())
            .map_err(|e| CheckerError::Spawn(e.to_string()))?;
        // Checks are background work: let the editor's other work (and the next edit's first phase) go first.
        // SAFETY: setpriority only reads its arguments.
        unsafe {
            libc::setpriority(libc::PRIO_PROCESS, worker.pid(), CHECKER_NICENESS);
        }
        let init = WorkerInit::bare(
            std::env::temp_dir()
                .canonicalize()
                .unwrap_or_else(|_| PathBuf::from("/"))
                .display()
                .to_string(),
        );
        worker
            .send(&ToWorker::Init(init))
            .map_err(|e| CheckerError::Spawn(e.to_string()))?;
        let deadline = Instant::now() + START_TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match signals.recv_timeout(left) {
                Ok(WorkerSignal::Message(message)) => match *message {
                    FromWorker::Ready { .. } => return Ok((worker, signals)),
                    FromWorker::Fatal { message } => return Err(CheckerError::Spawn(message)),
                    _ => {}
                },
                Ok(WorkerSignal::Exited) | Err(_) => {
                    return Err(CheckerError::Spawn(worker.final_stderr_tail()));
                }
            }
        }
    }
}
