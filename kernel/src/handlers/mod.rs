//! Request handlers, one file per message kind, and the dispatch from `msg_type` to handler. Every
//! `*_request` gets a reply: an unknown or unparseable one gets an error reply, never silence.

pub mod comm;
pub mod complete;
pub mod execute;
pub mod history;
pub mod info;
pub mod inspect;
pub mod lifecycle;

use serde_json::{Value, json};

use crate::server::{Channel, Kernel};
use crate::wire::Message;

/// Answers one shell or control request (not `execute_request`, which is queued).
pub async fn dispatch(kernel: &std::sync::Arc<Kernel>, channel: &Channel, request: &Message) {
    let msg_type = request.header.msg_type.as_str();
    tracing::debug!(msg_id = %request.header.msg_id, channel = channel.name, "{msg_type}");
    let reply_type = msg_type
        .strip_suffix("_request")
        .map(|base| format!("{base}_reply"));
    if let (Some(error), Some(reply_type)) = (&request.content_error, &reply_type) {
        tracing::warn!("{msg_type}: {error}");
        let content = error_reply("BadRequest", error);
        kernel.reply(channel, request, reply_type, content).await;
        return;
    }
    let content = match msg_type {
        "kernel_info_request" => info::kernel_info(kernel.language),
        "complete_request" => complete::complete(kernel, request).await,
        "inspect_request" => inspect::inspect(kernel, request).await,
        "is_complete_request" => complete::is_complete(request),
        "history_request" => history::history(kernel, request).await,
        "comm_info_request" => comm::comm_info(kernel, request),
        "interrupt_request" => lifecycle::interrupt(kernel),
        "shutdown_request" => {
            lifecycle::shutdown(kernel, channel, request).await;
            return;
        }
        "execute_request" => error_reply(
            "WrongChannel",
            "execute_request is only served on the shell channel",
        ),
        "comm_open" | "comm_msg" | "comm_close" => {
            // Comm messages are queued with the cells (`execute::is_queued`); one here came on the control
            // channel, where they do not belong.
            tracing::warn!("ignoring {msg_type} on the {} channel", channel.name);
            return;
        }
        _ => match &reply_type {
            Some(_) => {
                tracing::warn!("unknown request {msg_type}");
                error_reply(
                    "UnknownMessageType",
                    &format!("vmjs does not handle {msg_type}"),
                )
            }
            None => {
                tracing::warn!("ignoring unknown message {msg_type}");
                return;
            }
        },
    };
    if let Some(reply_type) = reply_type {
        kernel.reply(channel, request, &reply_type, content).await;
    }
}

/// An error reply's content.
pub fn error_reply(ename: &str, evalue: &str) -> Value {
    json!({ "status": "error", "ename": ename, "evalue": evalue, "traceback": [] })
}
