//! `interrupt_request` and `shutdown_request` (control channel).

use serde_json::{Value, json};

use crate::server::{Channel, Kernel};
use crate::wire::Message;

/// Stops the running cell (soft within milliseconds for synchronous code, else the worker is replaced
/// and the session restored); the cell itself reports `Interrupted`.
pub fn interrupt(kernel: &Kernel) -> Value {
    if let Some(session) = kernel.session.get() {
        session.interrupt();
    }
    json!({ "status": "ok" })
}

/// Replies, tells IOPub, and ends the kernel (the session closes; its worker exits). With `restart`
/// the frontend starts a fresh kernel process, so a restart always gives a fresh session.
pub async fn shutdown(kernel: &Kernel, channel: &Channel, request: &Message) {
    let restart = request.bool_field("restart", false);
    let content = json!({ "status": "ok", "restart": restart });
    kernel
        .reply(channel, request, "shutdown_reply", content.clone())
        .await;
    kernel
        .iopub
        .publish("shutdown_reply", content, Some(request));
    kernel.shutdown.notify_one();
}
