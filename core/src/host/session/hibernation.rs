//! Hibernation: an idle session's worker is stopped to free its memory (the session stays `ready`); the next
//! execution starts a worker and restores the state by replay — the mechanism that restores a session after
//! its worker died (`recovery`).

use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use super::actor::Actor;

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
        self.set_hibernating(true);
        true
    }

    /// Starts a worker for a hibernating session and restores its state by replay; a note for the user when
    /// the state could not be restored in full (`None` when it was).
    pub(super) fn wake(&mut self) -> Option<String> {
        self.set_hibernating(false);
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

    pub(super) fn set_hibernating(&mut self, hibernating: bool) {
        self.hibernating = hibernating;
        self.shared.hibernating.store(hibernating, Ordering::SeqCst);
    }
}
