//! Syntax diagnostics, newest version only, in two publishes per version:
//!
//! 1. the fast thread: oxc's parser errors at once (one reused allocator, no semantic pass, no boa);
//! 2. the slow thread: oxc's semantic checks (redeclarations, module-only syntax…) and boa's own verdict,
//!    asked of a long-lived checker worker process (boa parses ~20× slower and can abort on hostile input).
//!
//! Both threads drain their queue before working and keep only the newest snapshot per document, and skip a
//! snapshot that is no longer current; the publisher drops results that went stale meanwhile. No debounce
//! timer: the newest version is always processed next. Both threads have big stacks and the nesting
//! pre-scan runs before any parse, so no input can abort the server.

pub mod fast;
pub mod publisher;
pub mod runtime;
pub mod slow;

use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, Sender};

use vmjs_core::host::WorkerPool;

use crate::documents::{Snapshot, Versions};
use publisher::Publish;

/// Stack of the analysis threads (parsers recurse; the nesting pre-scan bounds the depth).
const ANALYSIS_STACK_BYTES: usize = 256 * 1024 * 1024;

/// Starts both analysis threads; returns where new snapshots go.
pub fn start(
    versions: Arc<Versions>,
    publish: tokio::sync::mpsc::UnboundedSender<Publish>,
    pool: Arc<WorkerPool>,
) -> std::io::Result<Sender<Snapshot>> {
    let (to_fast, fast_inbox) = mpsc::channel::<Snapshot>();
    let (to_slow, slow_inbox) = mpsc::channel::<Snapshot>();
    let fast_versions = Arc::clone(&versions);
    let fast_publish = publish.clone();
    std::thread::Builder::new()
        .name("lsp-syntax".into())
        .stack_size(ANALYSIS_STACK_BYTES)
        .spawn(move || {
            let mut parser = fast::FastParser::default();
            while let Some(batch) = newest(&fast_inbox) {
                for snapshot in batch {
                    if !fast_versions.is_current(&snapshot.uri, snapshot.version) {
                        continue;
                    }
                    publish_phase(&fast_publish, &snapshot, "syntax phase 1", |s| {
                        parser.problems(&s.text)
                    });
                    let _ = to_slow.send(snapshot);
                }
            }
        })?;
    std::thread::Builder::new()
        .name("lsp-semantic".into())
        .stack_size(ANALYSIS_STACK_BYTES)
        .spawn(move || {
            lower_priority();
            let mut checker = slow::SlowChecker::new(pool);
            while let Some(batch) = newest(&slow_inbox) {
                for snapshot in batch {
                    if !versions.is_current(&snapshot.uri, snapshot.version) {
                        continue;
                    }
                    publish_phase(&publish, &snapshot, "syntax phase 2", |s| {
                        checker.problems(s)
                    });
                }
            }
        })?;
    Ok(to_fast)
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

/// Blocks for the next snapshot, then takes whatever else is queued; returns the newest snapshot of each
/// document, in order of first appearance. `None` when every sender is gone.
/// Runs one analysis phase on a snapshot, logs how long it took, and hands its diagnostics to the publisher.
fn publish_phase(
    publish: &tokio::sync::mpsc::UnboundedSender<Publish>,
    snapshot: &Snapshot,
    phase: &'static str,
    analyse: impl FnOnce(&Snapshot) -> Vec<crate::to_proto::Problem>,
) {
    let started = std::time::Instant::now();
    let problems = analyse(snapshot);
    tracing::debug!(
        version = snapshot.version,
        elapsed_us = started.elapsed().as_micros() as u64,
        "{phase}"
    );
    let _ = publish.send(Publish::Syntax {
        uri: snapshot.uri.clone(),
        version: snapshot.version,
        diagnostics: crate::to_proto::syntax_diagnostics(snapshot, &problems),
    });
}

fn newest(inbox: &Receiver<Snapshot>) -> Option<Vec<Snapshot>> {
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
