//! What the worker does about its memory between evaluations: collect boa's garbage and give the freed pages
//! back ([`crate::memory`]), release the code pages ([`crate::code_pages`]).
//!
//! boa collects only while JS allocates (past a threshold that grows with the live heap), so the garbage of a
//! cell's last allocations — 100 000 records built, joined and dropped: 36 MiB — stays until the next cell
//! allocates, and glibc keeps what boa frees. The worker's main thread therefore:
//! - after a heavy evaluation (≥ [`HEAVY_WORK`]) that left the heap [`GROWTH_BEFORE_COLLECT`] (or a quarter
//!   of the heap, if more) larger than after the last collection, collects; after any heavy evaluation it
//!   trims and releases the code pages the cell mapped back ([`crate::code_pages`]). All before it answers
//!   `Done`, so the state the user sees once the cell is idle is the small one (the cost grows with what the
//!   cell did, and a quick cell never pays it);
//! - every [`QUICK_CELLS_BETWEEN_CHECKS`] quick evaluations, collects and trims if the heap grew much;
//! - once it has idled [`IDLE_AFTER_WORK`] after an evaluation: collects if the heap grew since the last
//!   collection, trims, and — the first time — releases the code pages start-up mapped.

use std::time::Duration;

use crate::code_pages;
use crate::memory::{self, HEAVY_WORK};

pub use crate::memory::IDLE_AFTER_WORK;

/// Collect only when the allocator has this much more in use than after the last collection — or a quarter of
/// that, if more: on a large live heap, a collection costs in proportion to it and gains nothing unless the
/// cells allocated.
const GROWTH_BEFORE_COLLECT: usize = 1024 * 1024;

/// Quick cells run back to back (a script, `vmjs test`, a soak) never idle: every this many of them the
/// worker looks at the heap, and collects and trims past [`GROWTH_BETWEEN_QUICK_CELLS`] (measured: 1 000
/// such cells left 12 MiB of garbage in the worker's heap, 1.7 MiB once collected).
const QUICK_CELLS_BETWEEN_CHECKS: u32 = 64;

/// See [`QUICK_CELLS_BETWEEN_CHECKS`].
const GROWTH_BETWEEN_QUICK_CELLS: usize = 4 * 1024 * 1024;

/// Collect at idle past this growth (cheap: nothing waits).
const GROWTH_BEFORE_IDLE_COLLECT: usize = 256 * 1024;

/// The worker's memory bookkeeping.
#[derive(Debug, Default)]
pub(super) struct Housekeeping {
    /// Bytes in use after the last collection.
    in_use_after_collect: usize,
    /// An evaluation ran since the last idle housekeeping.
    evaluated: bool,
    /// The code pages start-up mapped are still mapped (released at the first idle housekeeping).
    start_up_code: bool,
    /// Quick evaluations since the heap was last looked at.
    quick_cells: u32,
}

impl Housekeeping {
    /// Start-up is work too: its code pages are released at the first idle housekeeping.
    pub(super) fn new() -> Self {
        Self {
            in_use_after_collect: memory::in_use_bytes(),
            evaluated: false,
            start_up_code: true,
            quick_cells: 0,
        }
    }

    /// Called after each evaluation (before its answer is sent) with the time it took.
    pub(super) fn after_evaluation(&mut self, took: Duration) {
        self.evaluated = true;
        if took < HEAVY_WORK {
            self.quick_cells += 1;
            if self.quick_cells >= QUICK_CELLS_BETWEEN_CHECKS {
                self.quick_cells = 0;
                if self.collect_past(GROWTH_BETWEEN_QUICK_CELLS) {
                    memory::trim();
                }
            }
            return;
        }
        self.collect_past(GROWTH_BEFORE_COLLECT);
        memory::trim();
        // What a long cell mapped back is released now, not a second later: the code the answer needs is
        // mapped again page by page (`code_pages`), the rest stays out until a cell runs it.
        let released = code_pages::release();
        tracing::debug!(
            "after a {took:?} evaluation: {} KiB in use after collecting and trimming, {} KiB of code \
             mappings released",
            self.in_use_after_collect / 1024,
            released / 1024
        );
    }

    /// Whether [`Housekeeping::when_idle`] has something to do once the worker idles.
    pub(super) fn due(&self) -> bool {
        self.evaluated
    }

    /// The worker has idled [`IDLE_AFTER_WORK`] after an evaluation.
    pub(super) fn when_idle(&mut self) {
        self.evaluated = false;
        self.collect_past(GROWTH_BEFORE_IDLE_COLLECT);
        memory::trim();
        if std::mem::take(&mut self.start_up_code) {
            let released = code_pages::release();
            tracing::debug!("released {} KiB of code mappings", released / 1024);
        }
    }

    /// Collects if the heap grew by `growth` (or a quarter of itself, if more) since the last collection;
    /// returns whether it did.
    fn collect_past(&mut self, growth: usize) -> bool {
        let in_use = memory::in_use_bytes();
        if in_use >= self.in_use_after_collect + growth.max(self.in_use_after_collect / 4) {
            self.collect();
            true
        } else {
            // boa collected meanwhile: measure growth from what is left.
            self.in_use_after_collect = self.in_use_after_collect.min(in_use);
            false
        }
    }

    fn collect(&mut self) {
        boa_gc::force_collect();
        self.in_use_after_collect = memory::in_use_bytes();
    }
}
