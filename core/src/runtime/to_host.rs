//! The worker's link to the host: every message the worker sends after `init` goes through [`ToHost`], which
//! redacts the template's secrets ([`crate::redact`]) first — one place, so no message leaves unredacted.

use crate::outbox::{Gone, Outbox};
use crate::protocol::FromWorker;
use crate::redact::Redactor;

/// Sends [`FromWorker`] messages to the host, redacted. Cheap to clone.
#[derive(Clone)]
pub struct ToHost {
    outbox: Outbox<FromWorker>,
    redactor: Option<std::sync::Arc<Redactor>>,
}

impl ToHost {
    /// A link over `outbox`; `redactor` is `None` when the template names no secret.
    pub fn new(outbox: Outbox<FromWorker>, redactor: Option<Redactor>) -> Self {
        Self {
            outbox,
            redactor: redactor.map(std::sync::Arc::new),
        }
    }

    fn redacted(&self, mut message: FromWorker) -> FromWorker {
        if let Some(redactor) = &self.redactor {
            redactor.message(&mut message);
        }
        message
    }

    /// Queues `message` for the writer thread ([`Outbox::send`]).
    pub fn send(&self, message: FromWorker) -> Result<(), Gone> {
        self.outbox.send(self.redacted(message))
    }

    /// Writes a message the host waits for ([`Outbox::reply`]).
    pub fn reply(&self, message: FromWorker) -> Result<(), Gone> {
        self.outbox.reply(self.redacted(message))
    }
}
