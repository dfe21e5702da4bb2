//! Syntax diagnostics, newest version only, in two publishes per version:
//!
//! 1. the first-phase thread (`lsp-syntax`), handed each changed document by the main loop once no more
//!    input is waiting ([`FirstPhase::queue`]): oxc's parser errors at once (one reused allocator, no
//!    semantic pass, no boa). Not on the main loop itself: the loop stays free to read the next edit and
//!    request while a long document parses (a request sent right after an edit waited out the previous
//!    edit's parse);
//! 2. the second-phase thread: oxc's semantic checks (redeclarations, module-only syntax…) and boa's own
//!    verdict, asked of a long-lived checker worker process (boa parses ~20× slower and can abort on
//!    hostile input).
//!
//! Both threads drain their queue before working, keep only the newest snapshot per document and skip one
//! that is no longer current; the publisher drops results that went stale meanwhile. No debounce timer: the newest version is
//! always processed next. Both threads have big stacks
//! ([`ANALYSIS_STACK_BYTES`]) and the nesting pre-scan runs before any parse, so no input can abort the
//! server.

pub mod fast;
pub mod publisher;
pub mod runtime;
pub mod slow;

use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, Sender};

use vmjs_core::host::WorkerPool;

use crate::documents::{Snapshot, Versions};
use publisher::{Publish, Publisher};

/// Stack of the threads that parse (parsers recurse; the nesting pre-scan bounds the depth).
pub const ANALYSIS_STACK_BYTES: usize = 256 * 1024 * 1024;

/// The queue of the first phase, for the main loop: parser errors published at once, then the snapshot goes
/// on to the second phase.
pub struct FirstPhase {
    queue: Sender<Snapshot>,
}

impl FirstPhase {
    /// Queues a changed document for its diagnostics.
    pub fn queue(&self, snapshot: &Snapshot) {
        let _ = self.queue.send(snapshot.clone());
    }
}

/// Starts the two phases' threads; returns the first phase's queue, for the main loop.
/// After its first phase, each version also goes to `then` (the indexing thread).
pub fn start(
    versions: Arc<Versions>,
    publisher: Arc<Publisher>,
    pool: Arc<WorkerPool>,
    then: Sender<Snapshot>,
) -> std::io::Result<FirstPhase> {
    let (to_second, second_inbox) = mpsc::channel::<Snapshot>();
    let (to_first, first_inbox) = mpsc::channel::<Snapshot>();
    let first_versions = Arc::clone(&versions);
    let first_publisher = Arc::clone(&publisher);
    std::thread::Builder::new()
        .name("lsp-syntax".into())
        .stack_size(ANALYSIS_STACK_BYTES)
        .spawn(move || {
            let mut parser = fast::FastParser::default();
            while let Some(batch) = newest(&first_inbox) {
                for snapshot in batch {
                    if !first_versions.is_current(&snapshot.uri, snapshot.version) {
                        continue;
                    }
                    publish_phase(&first_publisher, &snapshot, "syntax phase 1", |s| {
                        parser.problems(&s.text, s.is_typescript())
                    });
                    let _ = then.send(snapshot.clone());
                    let _ = to_second.send(snapshot);
                }
            }
        })?;
    let second_publisher = publisher;
    std::thread::Builder::new()
        .name("lsp-semantic".into())
        .stack_size(ANALYSIS_STACK_BYTES)
        .spawn(move || {
            lower_priority();
            let mut checker = slow::SlowChecker::new(pool);
            while let Some(batch) = newest(&second_inbox) {
                for snapshot in batch {
                    if !versions.is_current(&snapshot.uri, snapshot.version) {
                        continue;
                    }
                    publish_phase(&second_publisher, &snapshot, "syntax phase 2", |s| {
                        checker.problems(s)
                    });
                }
            }
        })?;
    Ok(FirstPhase { queue: to_first })
}

/// Lowers the calling thread's priority (Linux: per-thread niceness), so the second phase never slows the
/// next edit's first phase down on a small machine.
fn lower_priority() {
    // SAFETY: gettid and setpriority only read their arguments.
    let result = unsafe {
        let tid = libc::syscall(libc::SYS_gettid) as libc::id_t;
        libc::setpriority(libc::PRIO_PROCESS, tid, 10)
    };
    if result != 0 {
        tracing::debug!("could not lower the semantic thread's priority");
    }
}

/// Runs one analysis phase on a snapshot, logs how long it took, and hands its diagnostics to the publisher.
fn publish_phase(
    publisher: &Publisher,
    snapshot: &Snapshot,
    phase: &'static str,
    analyse: impl FnOnce(&Snapshot) -> Vec<crate::to_proto::Problem>,
) {
    let started = std::time::Instant::now();
    let problems = analyse(snapshot);
    let analysed = started.elapsed();
    publisher.publish(Publish::Syntax {
        uri: snapshot.uri.clone(),
        version: snapshot.version,
        diagnostics: crate::to_proto::syntax_diagnostics(snapshot, &problems),
    });
    tracing::debug!(
        version = snapshot.version,
        analysis_us = analysed.as_micros() as u64,
        published_us = started.elapsed().as_micros() as u64,
        "{phase}"
    );
}

/// Blocks for the next snapshot, then takes whatever else is queued; returns the newest snapshot of each
/// document, in order of first appearance. `None` when every sender is gone.
pub(crate) fn newest(inbox: &Receiver<Snapshot>) -> Option<Vec<Snapshot>> {
    let first = inbox.recv().ok()?;
    let mut batch = vec![first];
    while let Ok(next) = inbox.try_recv() {
        match batch.iter_mut().find(|s| s.uri == next.uri) {
            Some(slot) => *slot = next,
            None => batch.push(next),
        }
    }
    Some(batch)
}
