//! The server's side of the connection: responses, notifications and the server's own requests to the
//! client, all written as whole frames through the stdout [`Outbox`]. Cheap to clone; usable from any
//! thread.

use std::collections::HashMap;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex};

use gen_lsp_types::{LogMessageParams, MessageType, Notification, Request};
use serde::Serialize;
use serde_json::{Value, json};
use tokio::sync::oneshot;
use vmjs_core::outbox::Outbox;

use crate::rpc::{Id, ResponseError, codes};
use crate::transport::frame;

type Pending = Arc<Mutex<HashMap<Id, oneshot::Sender<Result<Value, ResponseError>>>>>;

/// Writes to the client.
#[derive(Clone)]
pub struct Client {
    outbox: Outbox<Vec<u8>>,
    pending: Pending,
    next_id: Arc<AtomicI64>,
}

impl Client {
    /// A client writing through `outbox`.
    pub fn new(outbox: Outbox<Vec<u8>>) -> Self {
        Self {
            outbox,
            pending: Arc::default(),
            next_id: Arc::new(AtomicI64::new(1)),
        }
    }

    /// Answers request `id`. Written by the calling thread itself when nothing is queued before it (someone
    /// waits for it).
    pub fn respond(&self, id: Id, result: Result<Value, ResponseError>) {
        let message = match result {
            Ok(result) => json!({"jsonrpc": "2.0", "id": id, "result": result}),
            Err(error) => json!({"jsonrpc": "2.0", "id": id, "error": error.to_json()}),
        };
        self.write(&message, true);
    }

    /// Sends notification `N`, queued behind what is queued (streamed output: never waits for stdout).
    pub fn notify<N: Notification>(&self, params: N::Params) {
        self.notify_method(N::METHOD.as_str(), &params, false);
    }

    /// Sends notification `N` at once from this thread when nothing is queued before it (diagnostics: one
    /// thread hop from the parser to stdout, none when the writer is idle).
    pub fn notify_now<N: Notification>(&self, params: N::Params) {
        self.notify_method(N::METHOD.as_str(), &params, true);
    }

    /// Sends a notification by method name (vmjs's own extensions).
    pub fn notify_method(&self, method: &str, params: &impl Serialize, now: bool) {
        self.write(
            &json!({"jsonrpc": "2.0", "method": method, "params": params}),
            now,
        );
    }

    /// `window/logMessage`.
    pub fn log_message(&self, kind: MessageType, message: impl Into<String>) {
        self.notify::<gen_lsp_types::LogMessageNotification>(LogMessageParams {
            kind,
            message: message.into(),
        });
    }

    /// Sends request `R` to the client and waits for its answer.
    pub async fn request<R: Request>(&self, params: R::Params) -> Result<R::Result, ResponseError> {
        let id = Id::Number(self.next_id.fetch_add(1, Ordering::Relaxed));
        let (answer, answered) = oneshot::channel();
        if let Ok(mut pending) = self.pending.lock() {
            pending.insert(id.clone(), answer);
        }
        self.write(
            &json!({"jsonrpc": "2.0", "id": id, "method": R::METHOD.as_str(), "params": params}),
            false,
        );
        let result = answered.await.map_err(|_| {
            ResponseError::internal("the connection ended before the client answered")
        })?;
        serde_json::from_value(result?).map_err(|error| {
            ResponseError::new(
                codes::INVALID_PARAMS,
                format!("the client's answer to {} does not fit: {error}", R::METHOD),
            )
        })
    }

    /// Hands a response from the client to the request waiting for it (an unknown id is ignored).
    pub fn complete(&self, response: &Value) {
        let Some(id) = response
            .get("id")
            .and_then(|id| serde_json::from_value::<Id>(id.clone()).ok())
        else {
            return;
        };
        let waiting = self.pending.lock().ok().and_then(|mut p| p.remove(&id));
        let Some(waiting) = waiting else {
            tracing::debug!("a response to no request of ours: {id:?}");
            return;
        };
        let result = match response.get("error") {
            Some(error) => Err(ResponseError::from_json(error)),
            None => Ok(response.get("result").cloned().unwrap_or(Value::Null)),
        };
        let _ = waiting.send(result);
    }

    /// No more output: what is queued is written, then the writer thread ends.
    pub fn close(&self) {
        self.outbox.close();
        // Requests still waiting for the client get an error instead of waiting forever.
        if let Ok(mut pending) = self.pending.lock() {
            pending.clear();
        }
    }

    fn write(&self, message: &Value, now: bool) {
        match serde_json::to_vec(message) {
            Ok(body) => {
                let framed = frame(&body);
                let _ = if now {
                    self.outbox.reply(framed)
                } else {
                    self.outbox.send(framed)
                };
            }
            Err(error) => tracing::error!("cannot encode a message: {error}"),
        }
    }
}
