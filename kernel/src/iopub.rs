//! The IOPub channel. One task owns the XPUB socket: it publishes queued messages in order and keeps
//! receiving, because zeromq registers subscriptions only inside `recv()`; each new subscription gets an
//! `iopub_welcome` (JEP 65). Every send is bounded by a timeout so one stalled subscriber cannot stall the
//! kernel.

use std::time::Duration;

use bytes::Bytes;
use serde_json::{Value, json};
use tokio::sync::{mpsc, oneshot};
use zeromq::{Socket, SocketRecv, SocketSend, XPubSocket, ZmqMessage};

use crate::wire::{KernelIdentity, Message, Outgoing};

/// The longest one publish may wait on slow subscribers before it is given up (and logged).
const SEND_TIMEOUT: Duration = Duration::from_secs(2);

enum Command {
    Publish(ZmqMessage),
    /// Answered once everything queued before it was sent.
    Flush(oneshot::Sender<()>),
}

/// Handle to the IOPub task; cheap to clone, publishing never blocks.
#[derive(Clone)]
pub struct IoPub {
    queue: mpsc::UnboundedSender<Command>,
    identity: KernelIdentity,
}

impl IoPub {
    /// Starts the task on a bound socket.
    pub fn start(socket: XPubSocket, identity: KernelIdentity) -> Self {
        let (queue, commands) = mpsc::unbounded_channel();
        tokio::spawn(run(socket, commands, identity.clone()));
        Self { queue, identity }
    }

    /// Queues a message on IOPub, parented to `parent`.
    pub fn publish(&self, msg_type: &str, content: Value, parent: Option<&Message>) {
        self.publish_with(msg_type, content, json!({}), Vec::new(), parent);
    }

    /// Queues a message with metadata and binary buffers.
    pub fn publish_with(
        &self,
        msg_type: &str,
        content: Value,
        metadata: Value,
        buffers: Vec<Bytes>,
        parent: Option<&Message>,
    ) {
        let message = self.identity.encode(Outgoing {
            msg_type,
            content,
            parent,
            identities: vec![topic(&self.identity.session, msg_type)],
            metadata,
            buffers,
        });
        let _ = self.queue.send(Command::Publish(message));
    }

    /// `status` with `execution_state` busy or idle.
    pub fn status(&self, state: &str, parent: Option<&Message>) {
        self.publish("status", json!({ "execution_state": state }), parent);
    }

    /// Waits until everything queued so far has been handed to the socket.
    pub async fn flush(&self) {
        let (done, wait) = oneshot::channel();
        if self.queue.send(Command::Flush(done)).is_ok() {
            let _ = wait.await;
        }
    }
}

fn topic(session: &str, msg_type: &str) -> Bytes {
    Bytes::from(format!("kernel.{session}.{msg_type}"))
}

async fn run(
    mut socket: XPubSocket,
    mut commands: mpsc::UnboundedReceiver<Command>,
    identity: KernelIdentity,
) {
    loop {
        tokio::select! {
            command = commands.recv() => match command {
                Some(Command::Publish(message)) => send(&mut socket, message).await,
                Some(Command::Flush(done)) => {
                    let _ = done.send(());
                }
                None => break,
            },
            incoming = socket.recv() => match incoming {
                Ok(message) => {
                    if let Some(subscription) = subscription_topic(&message) {
                        let welcome = identity.encode(Outgoing {
                            msg_type: "iopub_welcome",
                            content: json!({
                                "subscription": String::from_utf8_lossy(&subscription),
                            }),
                            parent: None,
                            identities: vec![subscription],
                            metadata: json!({}),
                            buffers: Vec::new(),
                        });
                        send(&mut socket, welcome).await;
                    }
                }
                Err(error) => {
                    tracing::debug!("iopub: {error}");
                    // Avoid a hot loop if the socket keeps failing (e.g. every peer is gone).
                    tokio::time::sleep(Duration::from_millis(10)).await;
                }
            },
        }
    }
    let _ = socket.close().await;
}

/// The topic of a subscribe frame (`\x01` + topic); unsubscriptions and other frames give `None`.
fn subscription_topic(message: &ZmqMessage) -> Option<Bytes> {
    let frame = message.get(0)?;
    (message.len() == 1 && frame.first() == Some(&1)).then(|| frame.slice(1..))
}

async fn send(socket: &mut XPubSocket, message: ZmqMessage) {
    match tokio::time::timeout(SEND_TIMEOUT, socket.send(message)).await {
        Ok(Ok(())) => {}
        Ok(Err(error)) => tracing::warn!("iopub: send failed: {error}"),
        Err(_) => tracing::warn!(
            "iopub: a subscriber did not take a message within {SEND_TIMEOUT:?}; skipped it"
        ),
    }
}
