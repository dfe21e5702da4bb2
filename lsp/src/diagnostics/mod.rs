//! Syntax diagnostics, newest version only, in two publishes per version:
//!
//! 1. the first phase, run for each changed document once no more input is waiting ([`FirstPhase::queue`]):
//!    oxc's parser errors at once (one reused allocator, no semantic pass, no boa). A short document's on
//!    the main loop itself (no hand-over); a long one's on its own thread (`lsp-syntax`), so the loop stays
//!    free to read the next edit and request while it parses (a request sent right after an edit waited out
//!    the previous edit's parse);
//! 2. the second-phase thread: oxc's semantic checks (redeclarations, module-only syntax…) and boa's own
//!    verdict, asked of a long-lived checker worker process (boa parses ~20× slower and can abort on
//!    hostile input).
//!
//! Both threads (and the indexer's) run on [`spawn_newest`]: they drain their queue before working, keep only
//! the newest snapshot per document and skip one that is no longer current; the publisher drops results
//! that went stale meanwhile. No debounce timer: the newest version is always processed next. The threads
//! have big stacks ([`ANALYSIS_STACK_BYTES`]) and the nesting pre-scan runs before any parse, so no input
//! can abort the server.

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

/// Documents up to this many bytes (~2 000 lines) have their first phase on the main loop itself: their
/// parse (≲0.5 ms) holds the next message back less than the hand-over to another thread costs their
/// diagnostics; longer ones go to `lsp-syntax`, so the loop stays free while they parse.
pub const ON_LOOP_BYTES: usize = 64 * 1024;

/// The first phase, for the main loop: parser errors published at once, then the snapshot goes on to the
/// second phase and the indexer.
pub struct FirstPhase {
    /// The first phase of short documents, run by the loop.
    here: Syntax,
    /// The `lsp-syntax` thread's queue, for long documents.
    queue: Sender<Snapshot>,
}

impl FirstPhase {
    /// Publishes a changed document's parser errors: here if it is short ([`ON_LOOP_BYTES`]), else on the
    /// `lsp-syntax` thread.
    pub fn queue(&mut self, snapshot: &Snapshot) {
        if snapshot.text.len() <= ON_LOOP_BYTES {
            // A parser that panics must not end the main loop: that version gets no first phase, and the
            // next parse starts on a fresh arena.
            let ran = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                self.here.run(snapshot.clone())
            }));
            if ran.is_err() {
                tracing::error!(version = snapshot.version, "the first phase panicked");
                self.here.parser = fast::FastParser::default();
            }
        } else {
            let _ = self.queue.send(snapshot.clone());
        }
    }
}

/// The first phase itself: oxc's parser errors published, then the version handed to the indexer and to
/// the second phase.
struct Syntax {
    parser: fast::FastParser,
    publisher: Arc<Publisher>,
    indexer: Sender<Snapshot>,
    second: Sender<Snapshot>,
}

impl Syntax {
    fn run(&mut self, snapshot: Snapshot) {
        publish_phase(&self.publisher, &snapshot, "syntax phase 1", |s| {
            self.parser.problems(&s.text, s.is_typescript())
        });
        let _ = self.indexer.send(snapshot.clone());
        let _ = self.second.send(snapshot);
    }

    fn new(publisher: Arc<Publisher>, indexer: Sender<Snapshot>, second: Sender<Snapshot>) -> Self {
        Self {
            parser: fast::FastParser::default(),
            publisher,
            indexer,
            second,
        }
    }
}

/// Starts the phases' threads; returns the first phase, for the main loop. After its first phase, each
/// version also goes to `indexer` (the indexing thread).
pub fn start(
    versions: Arc<Versions>,
    publisher: Arc<Publisher>,
    pool: Arc<WorkerPool>,
    indexer: Sender<Snapshot>,
) -> std::io::Result<FirstPhase> {
    let (to_second, second_inbox) = mpsc::channel::<Snapshot>();
    let (to_first, first_inbox) = mpsc::channel::<Snapshot>();
    let here = Syntax::new(Arc::clone(&publisher), indexer.clone(), to_second.clone());
    let mut there = Syntax::new(Arc::clone(&publisher), indexer, to_second);
    spawn_newest(
        "lsp-syntax",
        Arc::clone(&versions),
        first_inbox,
        move || move |snapshot: Snapshot| there.run(snapshot),
    )?;
    spawn_newest("lsp-semantic", versions, second_inbox, move || {
        lower_priority();
        let mut checker = slow::SlowChecker::new(pool);
        move |snapshot: Snapshot| {
            publish_phase(&publisher, &snapshot, "syntax phase 2", |s| {
                checker.problems(s)
            });
        }
    })?;
    Ok(FirstPhase {
        here,
        queue: to_first,
    })
}

/// Starts an analysis thread named `name` (with the big stack, [`ANALYSIS_STACK_BYTES`]): `prepare` runs
/// on it first and returns the work; then, each round, the thread takes everything queued on `inbox` and
/// works on the newest snapshot of each document, skipping one that is no longer current. It ends when
/// every sender of `inbox` is gone.
pub(crate) fn spawn_newest<W: FnMut(Snapshot)>(
    name: &str,
    versions: Arc<Versions>,
    inbox: Receiver<Snapshot>,
    prepare: impl FnOnce() -> W + Send + 'static,
) -> std::io::Result<()> {
    std::thread::Builder::new()
        .name(name.into())
        .stack_size(ANALYSIS_STACK_BYTES)
        .spawn(move || {
            let mut work = prepare();
            while let Some(batch) = newest(&inbox) {
                for snapshot in batch {
                    if versions.is_current(&snapshot.uri, snapshot.version) {
                        work(snapshot);
                    }
                }
            }
        })?;
    Ok(())
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
