//! The kernel's session, started in the background so the kernel answers `kernel_info` at once: handlers
//! that need a value now (completion, inspection, interrupt) take it if it is ready; executions wait for it.
//! A session that cannot start is not fatal: every execution then says why in its error.

use std::sync::Arc;

use tokio::sync::watch;
use vmjs_core::host::Session;

/// Where the session is in its start-up.
#[derive(Clone)]
enum State {
    Starting,
    Ready(Arc<Session>),
    Failed(String),
}

/// Shared handle to the session that is (being) started.
pub struct SessionSlot {
    state: watch::Receiver<State>,
}

/// Sets the slot once the start-up ends.
pub struct SessionStarter {
    state: watch::Sender<State>,
}

/// A slot and its starter.
pub fn slot() -> (SessionSlot, SessionStarter) {
    let (state, receiver) = watch::channel(State::Starting);
    (SessionSlot { state: receiver }, SessionStarter { state })
}

impl SessionStarter {
    /// Records the outcome of the start-up.
    pub fn finish(self, outcome: Result<Session, String>) {
        let state = match outcome {
            Ok(session) => State::Ready(Arc::new(session)),
            Err(message) => State::Failed(message),
        };
        let _ = self.state.send(state);
    }
}

impl SessionSlot {
    /// The session if it is ready now.
    pub fn get(&self) -> Option<Arc<Session>> {
        match &*self.state.borrow() {
            State::Ready(session) => Some(Arc::clone(session)),
            State::Starting | State::Failed(_) => None,
        }
    }

    /// Waits for the start-up; the error says why the session could not start.
    pub async fn wait(&self) -> Result<Arc<Session>, String> {
        let mut state = self.state.clone();
        let outcome = state
            .wait_for(|s| !matches!(s, State::Starting))
            .await
            .map(|s| s.clone());
        match outcome {
            Ok(State::Ready(session)) => Ok(session),
            Ok(State::Failed(message)) => Err(message),
            Ok(State::Starting) | Err(_) => Err("the session was never started".into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_failed_start_is_reported_to_waiters() {
        let (slot, starter) = slot();
        assert!(slot.get().is_none());
        starter.finish(Err("no template".into()));
        assert_eq!(slot.wait().await.err().as_deref(), Some("no template"));
        assert!(slot.get().is_none());
    }

    #[tokio::test]
    async fn a_dropped_starter_does_not_hang_waiters() {
        let (slot, starter) = slot();
        drop(starter);
        assert!(slot.wait().await.is_err());
    }
}
