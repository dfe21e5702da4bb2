//! Comms, both ways. A frontend's `comm_open`, `comm_msg` and `comm_close` wait in the execution queue with
//! the cells (`execute::is_queued`) and are each delivered to the session's code as an execution of kind
//! `comm` (stored like a cell; its console output and displays go to IOPub parented to the comm message, as
//! ipykernel's do). The session's code answers with messages (`Jupyter.comm`, widgets, `Deno.jupyter.broadcast`),
//! which are published as they are. The kernel keeps the set of open comms from that traffic, for
//! `comm_info_request`; a message for a comm that is not open is dropped, as ipykernel drops it.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, PoisonError};

use base64::prelude::*;
use bytes::Bytes;
use serde_json::{Map, Value, json};
use vmjs_core::host::ExecuteRequest;
use vmjs_core::model::{CommAction, CommMessage};

use super::execute::{self, Options};
use crate::server::Kernel;
use crate::wire::Message;

/// The open comms: comm id → target name.
#[derive(Default)]
pub struct OpenComms(Mutex<BTreeMap<String, String>>);

impl OpenComms {
    fn with<T>(&self, f: impl FnOnce(&mut BTreeMap<String, String>) -> T) -> T {
        f(&mut self.0.lock().unwrap_or_else(PoisonError::into_inner))
    }

    fn is_open(&self, comm_id: &str) -> bool {
        self.with(|comms| comms.contains_key(comm_id))
    }

    /// Notes what a comm message (either way) does to the set.
    fn note(&self, msg_type: &str, content: &Value) {
        let Some(comm_id) = content.get("comm_id").and_then(Value::as_str) else {
            return;
        };
        match msg_type {
            "comm_open" => {
                let target = content
                    .get("target_name")
                    .and_then(Value::as_str)
                    .unwrap_or_default();
                self.with(|comms| comms.insert(comm_id.to_owned(), target.to_owned()));
            }
            "comm_close" => {
                self.with(|comms| comms.remove(comm_id));
            }
            _ => {}
        }
    }
}

/// The `comm_info_reply` content: the open comms, those of `target_name` only when the request names one.
pub fn comm_info(kernel: &Kernel, request: &Message) -> Value {
    let wanted = request.str_field("target_name").filter(|t| !t.is_empty());
    let comms: Map<String, Value> = kernel.comms.with(|comms| {
        comms
            .iter()
            .filter(|(_, target)| wanted.is_none_or(|w| w == target.as_str()))
            .map(|(id, target)| (id.clone(), json!({ "target_name": target })))
            .collect()
    });
    json!({ "status": "ok", "comms": comms })
}

/// Delivers one of the frontend's comm messages to the session's code (from the execution queue), between
/// `busy` and `idle`.
pub async fn deliver(kernel: &Arc<Kernel>, request: &Message) {
    kernel.iopub.status("busy", Some(request));
    match comm_message(request) {
        Err(problem) => tracing::warn!("{}: {problem}", request.header.msg_type),
        Ok(message)
            if message.action != CommAction::Open && !kernel.comms.is_open(&message.comm_id) =>
        {
            tracing::debug!(
                "dropping {} for comm {}: not open",
                request.header.msg_type,
                message.comm_id
            );
        }
        Ok(message) => {
            kernel
                .comms
                .note(&request.header.msg_type, &request.content);
            match kernel.session.wait().await {
                Err(problem) => {
                    tracing::warn!("comm message not delivered: no session ({problem})");
                    if message.action == CommAction::Open {
                        refuse(kernel, request, &message.comm_id);
                    }
                }
                Ok(session) => {
                    let count = kernel
                        .execution_count
                        .load(std::sync::atomic::Ordering::SeqCst);
                    let execution = ExecuteRequest::comm(&message);
                    let options = Options::comm();
                    execute::forward(kernel, &session, request, &options, count, execution).await;
                }
            }
        }
    }
    kernel.iopub.status("idle", Some(request));
}

/// The frontend's message as core delivers it.
fn comm_message(request: &Message) -> Result<CommMessage, String> {
    if let Some(error) = &request.content_error {
        return Err(error.clone());
    }
    let action = match request.header.msg_type.as_str() {
        "comm_open" => CommAction::Open,
        "comm_msg" => CommAction::Msg,
        "comm_close" => CommAction::Close,
        other => return Err(format!("{other} is no comm message")),
    };
    let comm_id = request
        .str_field("comm_id")
        .filter(|id| !id.is_empty())
        .ok_or("no comm_id")?
        .to_owned();
    let target_name = match action {
        CommAction::Open => Some(
            request
                .str_field("target_name")
                .ok_or("comm_open without a target_name")?
                .to_owned(),
        ),
        _ => None,
    };
    let field = |name: &str| match request.content.get(name) {
        Some(value @ Value::Object(_)) => value.clone(),
        _ => json!({}),
    };
    Ok(CommMessage {
        action,
        comm_id,
        target_name,
        data: field("data"),
        metadata: request.metadata.clone(),
        buffers: request
            .buffers
            .iter()
            .map(|b| BASE64_STANDARD.encode(b))
            .collect(),
    })
}

/// Closes a comm the session could not take.
fn refuse(kernel: &Kernel, request: &Message, comm_id: &str) {
    kernel
        .comms
        .note("comm_close", &json!({ "comm_id": comm_id }));
    kernel.iopub.publish(
        "comm_close",
        json!({ "comm_id": comm_id, "data": {} }),
        Some(request),
    );
}

/// Publishes a message that code sent (`Jupyter.comm`, widgets, `Deno.jupyter.broadcast(msg_type, content,
/// {metadata, buffers})`); core hands it over as `{content, metadata, buffers: [base64…]}`.
pub fn broadcast(kernel: &Kernel, msg_type: &str, message: Value, request: &Message) {
    let content = message.get("content").cloned().unwrap_or_else(|| json!({}));
    kernel.comms.note(msg_type, &content);
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
