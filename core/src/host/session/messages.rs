//! What the session's handle and the worker's reader threads send the actor, and the state the handle and the
//! actor share.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize};
use std::time::Duration;

use tokio::sync::mpsc::UnboundedSender;

use crate::host::execution::{ExecuteRequest, ExecutionUpdate};
use crate::host::reply::Answer;
use crate::host::worker_process::WorkerSignal;
use crate::model::{Description, SessionStatus};

/// A control from the session's handle, processed in order.
pub(super) enum Control {
    Execute(Box<ExecuteRequest>, UnboundedSender<ExecutionUpdate>),
    Interrupt,
    /// End every execution waiting for its turn as `cancelled`.
    CancelQueued,
    /// Stop the worker of an idle session (answered `true` if the session hibernates now).
    Hibernate(Answer<bool>),
    InputReply(Option<String>),
    Query(Query),
    Restart(Answer<()>),
    /// Answered once the worker has exited and the session's row is final.
    Close(Answer<()>),
}

/// Everything the actor's inbox carries.
pub(super) enum ActorMsg {
    Control(Control),
    /// A signal of the worker started as generation `.0` (signals of replaced workers are ignored).
    Worker(u64, WorkerSignal),
}

/// What the handle reads without asking the actor.
pub(super) struct Shared {
    /// Executions running or queued.
    pub(super) busy: AtomicUsize,
    pub(super) status: Mutex<SessionStatus>,
    /// The worker was stopped while idle; the next execution starts one and restores the state by replay.
    pub(super) hibernating: AtomicBool,
}

/// An introspection request: answered by the idle worker, or at once (snapshot / empty) while code runs.
pub(super) enum Query {
    Names {
        timeout: Duration,
        reply: Answer<Vec<String>>,
    },
    Properties {
        expression: String,
        timeout: Duration,
        reply: Answer<Vec<String>>,
    },
    Describe {
        expression: String,
        detail: u8,
        timeout: Duration,
        reply: Answer<Option<Description>>,
    },
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
