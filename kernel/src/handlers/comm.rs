//! Comms: vmjs registers no comm targets. `comm_info_request` answers with none, a frontend's `comm_open`
//! gets `comm_close`, and messages code broadcasts (`Deno.jupyter.broadcast`) are published as they are.

use base64::prelude::*;
use bytes::Bytes;
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

/// Publishes a message that code sent with `Deno.jupyter.broadcast(msg_type, content, {metadata,
/// buffers})`; core hands it over as `{content, metadata, buffers: [base64…]}`.
pub fn broadcast(kernel: &Kernel, msg_type: &str, message: Value, request: &Message) {
    let content = message.get("content").cloned().unwrap_or_else(|| json!({}));
    let metadata = message
        .get("metadata")
        .cloned()
        .unwrap_or_else(|| json!({}));
    let buffers = message
        .get("buffers")
        .and_then(Value::as_array)
        .map(|buffers| {
            buffers
                .iter()
                .filter_map(Value::as_str)
                .filter_map(|b| BASE64_STANDARD.decode(b).ok().map(Bytes::from))
                .collect()
        })
        .unwrap_or_default();
    kernel
        .iopub
        .publish_with(msg_type, content, metadata, buffers, Some(request));
}
