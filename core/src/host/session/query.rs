//! Introspection through the session (completion, inspection): global names, property names and
//! descriptions. The actor answers these itself while code runs or the worker starts (snapshot / nothing), asks
//! the idle worker otherwise, one query at a time, and drops answers that arrive after their query timed out.

use std::sync::mpsc::{self, Receiver};
use std::time::Duration;

use super::{Actor, ActorMsg, Control, Session};
use crate::model::Description;
use crate::protocol::{FromWorker, ToWorker};

/// An introspection request: answered by the idle worker, or at once (snapshot / empty) while code runs.
pub(super) enum Query {
    Names {
        timeout: Duration,
        reply: mpsc::Sender<Vec<String>>,
    },
    Properties {
        expression: String,
        timeout: Duration,
        reply: mpsc::Sender<Vec<String>>,
    },
    Describe {
        expression: String,
        detail: u8,
        timeout: Duration,
        reply: mpsc::Sender<Option<Description>>,
    },
}

impl Session {
    /// Global names of the session (for completion), sorted. While an execution runs (or the session is being
    /// restored) the answer comes at once from the snapshot the worker sent after its last execution; empty if
    /// the worker does not answer within `timeout`.
    pub fn global_names(&self, timeout: Duration) -> Vec<String> {
        let (reply, rx) = mpsc::channel();
        self.query(Query::Names { timeout, reply }, rx, timeout)
            .unwrap_or_default()
    }

    /// Own and inherited property names (identifier names only, sorted, deduplicated; prototype methods
    /// included) of the value at `expression`, a property path such as `a.b[0]["c"]` (anything else gives an
    /// empty list; resolving never runs user code — a getter or Proxy on the way gives an empty list). Empty at
    /// once while an execution runs, or if the worker does not answer within `timeout`.
    pub fn property_names(&self, expression: &str, timeout: Duration) -> Vec<String> {
        let (reply, rx) = mpsc::channel();
        let query = Query::Properties {
            expression: expression.to_owned(),
            timeout,
            reply,
        };
        self.query(query, rx, timeout).unwrap_or_default()
    }

    /// Type, preview and (for functions) signature of the value at the property path `expression`
    /// (`detail` 0: short preview, ≥ 1: longer). `None` when the path is invalid or does not resolve without
    /// running code, at once while an execution runs, or if the worker does not answer within `timeout`.
    pub fn describe(&self, expression: &str, detail: u8, timeout: Duration) -> Option<Description> {
        let (reply, rx) = mpsc::channel();
        let query = Query::Describe {
            expression: expression.to_owned(),
            detail,
            timeout,
            reply,
        };
        self.query(query, rx, timeout).flatten()
    }

    fn query<T>(&self, query: Query, answer: Receiver<T>, timeout: Duration) -> Option<T> {
        self.to_actor
            .send(ActorMsg::Control(Control::Query(query)))
            .ok()?;
        answer.recv_timeout(timeout).ok()
    }
}

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

/// Answers a query without the worker: global names from the snapshot, nothing for the others.
pub(super) fn answer_busy(query: Query, names_snapshot: &[String]) {
    match query {
        Query::Names { reply, .. } => {
            let _ = reply.send(names_snapshot.to_vec());
        }
        Query::Properties { reply, .. } => {
            let _ = reply.send(Vec::new());
        }
        Query::Describe { reply, .. } => {
            let _ = reply.send(None);
        }
    }
}
