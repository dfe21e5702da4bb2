//! Hibernation: an idle session's worker is stopped and its store connection closed, to free their memory and
//! descriptors (the session stays `ready`); the next execution reconnects, starts a worker and restores the
//! state by replay — the mechanism that restores a session after its worker died (`recovery`).

use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use super::actor::Actor;
use crate::store::Store;

impl Actor {
    /// Stops the worker if the session is idle; whether the session hibernates.
    pub(super) fn hibernate(&mut self) -> bool {
        if self.running.is_some() || !self.queue.is_empty() {
            return false;
        }
        if let Some(mut worker) = self.worker.take() {
            worker.shutdown(Duration::from_millis(200));
            // Whatever the stopped worker's threads still deliver is ignored.
            self.generation += 1;
            self.stale_answers = 0;
        }
        // The store connection goes too (two descriptors: a server holds thousands of sleeping sessions).
        if !self.store_detached {
            match Store::detached() {
                Ok(detached) => {
                    self.store = detached;
                    self.store_detached = true;
                }
                Err(error) => tracing::warn!("keeping the store connection: {error}"),
            }
        }
        self.set_hibernating(true);
        true
    }

    /// Connects the store again if hibernation gave it up. If that fails the detached store stays, on which
    /// every write fails: the execution ends with the store's error rather than losing what it records.
    pub(super) fn attach_store(&mut self) {
        if !self.store_detached {
            return;
        }
        match self.store_file.connection() {
            Ok(store) => {
                self.store = store;
                self.store_detached = false;
            }
            Err(error) => tracing::error!(session_id = %self.session_id, "store: {error}"),
        }
    }

    /// Starts a worker for a hibernating session and restores its state by replay; a note for the user when
    /// the state could not be restored in full (`None` when it was).
    pub(super) fn wake(&mut self) -> Option<String> {
        self.set_hibernating(false);
        self.attach_store();
        let started = Instant::now();
        if let Err(error) = self.start_worker() {
            // The execution then finds no worker and ends like one whose worker died.
            return Some(format!(
                "the session could not wake from hibernation: {error}"
            ));
        }
        let note = self.restore(self.template.options.restore);
        tracing::info!(
            session_id = %self.session_id,
            ms = started.elapsed().as_millis() as u64,
            "woke from hibernation: {note}"
        );
        (!note.starts_with("session restored:")).then(|| format!("woke from hibernation: {note}"))
    }

    /// Whether the worker is stopped until the next execution (the flag the handle reads too).
    pub(super) fn is_hibernating(&self) -> bool {
        self.shared.hibernating.load(Ordering::SeqCst)
    }

    pub(super) fn set_hibernating(&self, hibernating: bool) {
        self.shared.hibernating.store(hibernating, Ordering::SeqCst);
    }
}
