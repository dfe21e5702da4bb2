//! Introspection through the session (completion, inspection): global names, property names and
//! descriptions, which `Session::global_names` and its siblings ask for. The actor answers these itself while
//! code runs or the worker starts (snapshot / nothing), asks the idle worker otherwise, one query at a time,
//! and drops answers that arrive after their query timed out.

use std::time::Duration;

use super::actor::Actor;
use super::messages::Query;
use crate::protocol::{FromWorker, ToWorker};

impl Actor {
    /// Asks the idle worker; a query it does not answer in time leaves a stale answer to drop later.
    pub(super) fn query(&mut self, query: Query) {
        match query {
            Query::Names { timeout, reply } => {
                if let Some(FromWorker::Names { names }) = self.ask(ToWorker::Names, timeout) {
                    self.names_snapshot.clone_from(&names);
                    let _ = reply.send(names);
                }
            }
            Query::Properties {
                expression,
                timeout,
                reply,
            } => {
                if let Some(FromWorker::Names { names }) =
                    self.ask(ToWorker::Properties { expression }, timeout)
                {
                    let _ = reply.send(names);
                }
            }
            Query::Describe {
                expression,
                detail,
                timeout,
                reply,
            } => {
                if let Some(FromWorker::Description { description }) =
                    self.ask(ToWorker::Describe { expression, detail }, timeout)
                {
                    let _ = reply.send(description);
                }
            }
        }
    }

    /// Sends one query and waits for its answer (queries are answered in order, one at a time).
    fn ask(&mut self, request: ToWorker, timeout: Duration) -> Option<FromWorker> {
        let worker = self.worker.as_mut()?;
        worker.send(&request).ok()?;
        let generation = self.generation;
        self.querying = true;
        let answer = self.await_worker(is_answer, timeout);
        self.querying = false;
        if answer.is_none() && generation == self.generation {
            self.stale_answers += 1;
        }
        answer
    }

    /// Drops an answer owed to a query that timed out; `true` if `message` was one.
    pub(super) fn drop_stale_answer(&mut self, message: &FromWorker) -> bool {
        if is_answer(message) && self.stale_answers > 0 {
            self.stale_answers -= 1;
            return true;
        }
        false
    }
}

/// Whether `message` answers a query ([`ToWorker::Names`], [`ToWorker::Properties`], [`ToWorker::Describe`]).
pub(super) fn is_answer(message: &FromWorker) -> bool {
    matches!(
        message,
        FromWorker::Names { .. } | FromWorker::Description { .. }
    )
}
