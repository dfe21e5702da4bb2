//! The kernel process: binds the five channels from the connection file, starts one session of the
//! template, and routes requests. Shell requests other than `execute_request` and comm messages are answered at
//! once (so completion works while a cell runs); executions and comm messages run one at a time, in arrival
//! order, on their own task.
//! Control (interrupt, shutdown) and heartbeat have their own tasks and stay responsive.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use serde_json::{Value, json};
use tokio::sync::{Mutex, Notify, mpsc, oneshot};
use vmjs_core::host::{Sessions, StartOptions};
use zeromq::{
    RepSocket, RouterRecvHalf, RouterSendHalf, RouterSocket, Socket, SocketRecv, SocketSend,
    XPubSocket,
};

use crate::connection::{ConnectionError, ConnectionInfo};
use crate::handlers;
use crate::handlers::info::Language;
use crate::iopub::IoPub;
use crate::session_slot::SessionSlot;
use crate::wire::{self, KernelIdentity, Message, Outgoing, Signer};

/// What the kernel needs to start.
pub struct KernelConfig {
    pub connection_file: PathBuf,
    /// Where the kernel's session starts (its store, also read for history, and workers).
    pub sessions: Sessions,
    /// The template of the kernel's session (a template that cannot be read makes every execution say why).
    pub template: String,
    /// Session root: the notebook's folder (the kernel's working directory).
    pub root: PathBuf,
    /// The language the kernel announces.
    pub language: Language,
}

/// Why the kernel could not start.
#[derive(Debug, thiserror::Error)]
pub enum KernelError {
    #[error(transparent)]
    Connection(#[from] ConnectionError),
    #[error("cannot bind {endpoint}: {message}")]
    Bind { endpoint: String, message: String },
    #[error("cannot start the async runtime: {0}")]
    Runtime(std::io::Error),
}

/// State shared by every channel task.
pub struct Kernel {
    pub identity: KernelIdentity,
    /// The language it announces in `kernel_info_reply`.
    pub language: Language,
    pub iopub: IoPub,
    pub session: SessionSlot,
    pub db_path: PathBuf,
    /// `execution_count` of the last counted execution.
    pub execution_count: AtomicU64,
    /// Pending `input_request`: answered by the stdin task.
    pub stdin: Stdin,
    /// Set when a shutdown was requested; `serve` returns.
    pub shutdown: Notify,
    /// The open comms, as the messages passing through the kernel opened and closed them.
    pub comms: crate::handlers::comm::OpenComms,
}

impl Kernel {
    /// Sends a reply on a ROUTER channel (shell or control) to the request's sender.
    pub async fn reply(
        &self,
        channel: &Channel,
        request: &Message,
        msg_type: &str,
        content: Value,
    ) {
        let message = self.identity.encode(Outgoing {
            msg_type,
            content,
            parent: Some(request),
            identities: request.identities.clone(),
            metadata: json!({}),
            buffers: Vec::new(),
        });
        if let Err(error) = channel.sender.lock().await.send(message).await {
            tracing::warn!(channel = channel.name, "reply {msg_type} not sent: {error}");
        }
    }
}

/// The sending half of a ROUTER channel.
pub struct Channel {
    pub name: &'static str,
    sender: Mutex<RouterSendHalf>,
}

/// The stdin channel: one `input_request` may be pending at a time (only the running cell asks).
pub struct Stdin {
    channel: Channel,
    pending: Mutex<Option<oneshot::Sender<String>>>,
}

impl Stdin {
    /// Asks the frontend that sent `request` for a line; `None` if the channel fails or is abandoned.
    pub async fn ask(
        &self,
        kernel: &KernelIdentity,
        request: &Message,
        prompt: &str,
        password: bool,
    ) -> Option<String> {
        let (answer, wait) = oneshot::channel();
        *self.pending.lock().await = Some(answer);
        let message = kernel.encode(Outgoing {
            msg_type: "input_request",
            content: json!({ "prompt": prompt, "password": password }),
            parent: Some(request),
            identities: request.identities.clone(),
            metadata: json!({}),
            buffers: Vec::new(),
        });
        if let Err(error) = self.channel.sender.lock().await.send(message).await {
            tracing::warn!("stdin: input_request not sent: {error}");
            return None;
        }
        wait.await.ok()
    }

    /// Drops the open `input_request`'s waiter (its cell ended first); a late `input_reply` is then logged and
    /// dropped.
    pub async fn forget_pending(&self) {
        self.pending.lock().await.take();
    }
}

/// The kernel's allocator arenas: one per runtime thread ([`vmjs_core::memory::limit_arenas`]).
const KERNEL_ARENAS: u16 = 2;

/// Runs the kernel until a shutdown request (blocking the calling thread).
pub fn serve(config: KernelConfig) -> Result<(), KernelError> {
    let info = ConnectionInfo::read(&config.connection_file)?;
    vmjs_core::memory::limit_arenas(KERNEL_ARENAS);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(KernelError::Runtime)?;
    let outcome = runtime.block_on(serve_async(config, info));
    // Dropping the runtime drops every task and with them the last handle of the session, which closes
    // it: the worker exits and the session row is marked closed (no orphan processes).
    runtime.shutdown_timeout(std::time::Duration::from_secs(2));
    outcome
}

async fn bind<S: Socket>(socket: &mut S, endpoint: String) -> Result<(), KernelError> {
    socket
        .bind(&endpoint)
        .await
        .map(|_| ())
        .map_err(|e| KernelError::Bind {
            endpoint,
            message: e.to_string(),
        })
}

async fn serve_async(config: KernelConfig, info: ConnectionInfo) -> Result<(), KernelError> {
    let mut shell = RouterSocket::new();
    let mut control = RouterSocket::new();
    let mut stdin = RouterSocket::new();
    let mut iopub = XPubSocket::new();
    let mut heartbeat = RepSocket::new();
    bind(&mut shell, info.endpoint(info.shell_port)).await?;
    bind(&mut control, info.endpoint(info.control_port)).await?;
    bind(&mut stdin, info.endpoint(info.stdin_port)).await?;
    bind(&mut iopub, info.endpoint(info.iopub_port)).await?;
    bind(&mut heartbeat, info.endpoint(info.hb_port)).await?;
    tokio::spawn(crate::heartbeat::run(heartbeat));

    let identity = KernelIdentity {
        session: uuid::Uuid::new_v4().to_string(),
        signer: Signer::new(&info.key),
    };
    let iopub = IoPub::start(iopub, identity.clone());
    let db_path = config.sessions.store_path().to_path_buf();
    let (session, starter) = crate::session_slot::slot();
    // The session starts while the channels already answer (kernel_info does not wait for a worker).
    let starting = config
        .sessions
        .start(&config.template, config.root, StartOptions::default());
    tokio::spawn(async move {
        let outcome = starting.await;
        if let Err(error) = &outcome {
            tracing::error!("the kernel's session could not start: {error}");
        }
        starter.finish(outcome.map_err(|e| e.to_string()));
    });
    let (stdin_send, stdin_recv) = stdin.split();
    let kernel = Arc::new(Kernel {
        identity,
        language: config.language,
        iopub,
        session,
        db_path,
        execution_count: AtomicU64::new(0),
        stdin: Stdin {
            channel: Channel {
                name: "stdin",
                sender: Mutex::new(stdin_send),
            },
            pending: Mutex::new(None),
        },
        shutdown: Notify::new(),
        comms: Default::default(),
    });
    kernel.iopub.status("starting", None);

    let (shell_send, shell_recv) = shell.split();
    let shell = Arc::new(Channel {
        name: "shell",
        sender: Mutex::new(shell_send),
    });
    let (control_send, control_recv) = control.split();
    let control = Arc::new(Channel {
        name: "control",
        sender: Mutex::new(control_send),
    });
    let (executions, queue) = mpsc::unbounded_channel();
    tokio::spawn(handlers::execute::run_queue(
        Arc::clone(&kernel),
        Arc::clone(&shell),
        queue,
    ));
    tokio::spawn(stdin_loop(Arc::clone(&kernel), stdin_recv));
    tokio::spawn(shell_loop(
        Arc::clone(&kernel),
        Arc::clone(&shell),
        shell_recv,
        executions,
    ));
    tokio::spawn(control_loop(
        Arc::clone(&kernel),
        Arc::clone(&control),
        control_recv,
    ));
    tokio::spawn(interrupt_on_sigint(Arc::clone(&kernel)));
    kernel.iopub.status("idle", None);

    kernel.shutdown.notified().await;
    // Close the session before the runtime goes: its worker exits and its row is marked closed.
    if let Some(session) = kernel.session.get() {
        session.close().await;
    }
    kernel.iopub.flush().await;
    Ok(())
}

/// Receives shell requests: executions and comm messages go to the queue, everything else is answered at once.
async fn shell_loop(
    kernel: Arc<Kernel>,
    shell: Arc<Channel>,
    mut receiver: RouterRecvHalf,
    executions: mpsc::UnboundedSender<Message>,
) {
    loop {
        let Some(request) = receive(&kernel, "shell", &mut receiver).await else {
            continue;
        };
        if handlers::execute::is_queued(&request.header.msg_type) {
            let _ = executions.send(request);
            continue;
        }
        let kernel = Arc::clone(&kernel);
        let shell = Arc::clone(&shell);
        tokio::spawn(async move {
            kernel.iopub.status("busy", Some(&request));
            handlers::dispatch(&kernel, &shell, &request).await;
            kernel.iopub.status("idle", Some(&request));
        });
    }
}

/// Receives control requests (interrupt, shutdown, kernel info, …) and answers them in order.
async fn control_loop(kernel: Arc<Kernel>, control: Arc<Channel>, mut receiver: RouterRecvHalf) {
    loop {
        let Some(request) = receive(&kernel, "control", &mut receiver).await else {
            continue;
        };
        handlers::dispatch(&kernel, &control, &request).await;
    }
}

/// Receives `input_reply`s and hands each to the pending `input_request`.
async fn stdin_loop(kernel: Arc<Kernel>, mut receiver: RouterRecvHalf) {
    loop {
        let Some(reply) = receive(&kernel, "stdin", &mut receiver).await else {
            continue;
        };
        if reply.header.msg_type != "input_reply" {
            tracing::warn!("stdin: ignoring {}", reply.header.msg_type);
            continue;
        }
        let value = reply.str_field("value").unwrap_or_default().to_owned();
        match kernel.stdin.pending.lock().await.take() {
            Some(waiting) => {
                let _ = waiting.send(value);
            }
            None => tracing::warn!("stdin: input_reply without a pending input_request"),
        }
    }
}

/// Receives and verifies one message; logs and drops what cannot be used.
async fn receive(
    kernel: &Kernel,
    channel: &'static str,
    receiver: &mut RouterRecvHalf,
) -> Option<Message> {
    let raw = match receiver.recv().await {
        Ok(raw) => raw,
        Err(error) => {
            tracing::debug!(channel, "receive: {error}");
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
            return None;
        }
    };
    match wire::decode(raw, &kernel.identity.signer) {
        Ok(message) => Some(message),
        Err(error) => {
            tracing::warn!(channel, "dropping message: {error}");
            None
        }
    }
}

/// SIGINT interrupts the running cell (for frontends that signal instead of sending `interrupt_request`).
async fn interrupt_on_sigint(kernel: Arc<Kernel>) {
    let Ok(mut signals) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::interrupt())
    else {
        return;
    };
    while signals.recv().await.is_some() {
        if let Some(session) = kernel.session.get() {
            session.interrupt();
        }
    }
}

/// Bumps and returns the execution count.
pub fn next_execution_count(kernel: &Kernel) -> u64 {
    kernel.execution_count.fetch_add(1, Ordering::SeqCst) + 1
}
