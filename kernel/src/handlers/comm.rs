//! Comms: vmjs registers no comm targets. `comm_info_request` answers with none, a frontend's `comm_open`
//! gets `comm_close`, and messages code broadcasts (`Deno.jupyter.broadcast`) are published as they are.

use serde_json::{Value, json};

use crate::server::Kernel;
use crate::wire::Message;

/// The `comm_info_reply` content.
pub fn comm_info() -> Value {
    json!({ "status": "ok", "comms": {} })
}

/// A `comm_open` for a target we do not have is closed at once.
pub fn refuse_comm(kernel: &Kernel, request: &Message) {
    let comm_id = request.str_field("comm_id").unwrap_or_default();
    tracing::info!(
        "closing comm {comm_id}: no target {:?}",
        request.str_field("target_name")
    );
    kernel.iopub.publish(
        "comm_close",
        json!({ "comm_id": comm_id, "data": {} }),
        Some(request),
    );
}

/// Publishes a message that code sent with `Deno.jupyter.broadcast(msg_type, content)`.
pub fn broadcast(kernel: &Kernel, msg_type: &str, content: Value, request: &Message) {
    kernel.iopub.publish(msg_type, content, Some(request));
}
