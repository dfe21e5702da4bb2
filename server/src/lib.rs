//! `vmjs serve`: the daemon. Long-lived vmjs sessions shared over HTTP with vm-system's REST API (`/api/v1`),
//! executions queued per session, their events live as Server-Sent Events.
//!
//! An adapter over `vmjs-core` like the kernel and the language server: sessions come from
//! [`vmjs_core::host::Sessions`], history from [`vmjs_core::store::Store`]; no boa, no SQL here. axum on tokio:
//! handlers never block (store calls run on tokio's blocking threads; session calls answer through
//! [`vmjs_core::host::Reply`]s and execution handles, awaited). See ARCHITECTURE.md ("The server").

mod auth;
mod error;
mod extract;
mod keep_alive;
mod live;
pub mod mcp;
mod routes;
mod state;
mod views;
mod web;

use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::DefaultBodyLimit;
use axum::http::HeaderValue;
use tokio::sync::watch;
use vmjs_core::host::{Sessions, WorkerPool};

pub use auth::Token;
pub use state::Limits;

/// The largest request body (code, a template), in bytes.
pub const MAX_BODY_BYTES: usize = 8 * 1024 * 1024;

/// How long shutdown waits for open requests and streams to end after the sessions closed.
const DRAIN: Duration = Duration::from_secs(10);

/// Why the server could not start or stopped with an error.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    #[error("listening on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error(transparent)]
    Store(#[from] vmjs_core::store::StoreError),
    #[error("token file {path}: {message}")]
    Token { path: String, message: String },
    #[error("serving: {0}")]
    Serve(std::io::Error),
    #[error("MCP: {0}")]
    Mcp(String),
}

/// What `vmjs serve` is given.
#[derive(Debug, Clone)]
pub struct ServeConfig {
    pub listen: SocketAddr,
    /// The SQLite store.
    pub db: PathBuf,
    /// A file holding the bearer token every request must carry.
    pub token_file: Option<PathBuf>,
    /// The binary session workers run (`vmjs worker`).
    pub worker_exe: PathBuf,
    /// The root of a session created without `worktree_path` (`vmjs serve`'s working directory).
    pub default_root: PathBuf,
    pub limits: Limits,
    /// How calls at `/mcp` behave.
    pub mcp: mcp::McpOptions,
}

/// Serves until `stop` completes (SIGINT/SIGTERM in `vmjs serve`); then refuses new work, closes every session
/// (what runs or waits ends `cancelled`), lets open requests and streams finish (at most [`DRAIN`]) and
/// returns. `on_listening` learns the bound address (port 0 picks one) and the token, before the first
/// request is accepted.
pub async fn serve(
    config: ServeConfig,
    stop: impl Future<Output = ()> + Send + 'static,
    on_listening: impl FnOnce(SocketAddr, &Token),
) -> Result<(), ServerError> {
    let sessions = Sessions::new(&config.db, WorkerPool::new(config.worker_exe.clone()));
    // Migrates the store and marks what dead processes (a killed earlier server) left running as crashed.
    drop(sessions.store()?);
    let token = Token::for_server(&config)?;
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .map_err(|source| ServerError::Bind {
            addr: config.listen,
            source,
        })?;
    let addr = listener.local_addr().map_err(ServerError::Serve)?;
    let (shutdown_tx, shutdown_rx) = watch::channel(false);
    let state = Arc::new(state::AppState::new(
        sessions,
        config.limits,
        config.default_root.clone(),
        shutdown_rx,
    ));
    let mcp_stop = tokio_util::sync::CancellationToken::new();
    let mcp = mcp::http_service(
        Arc::clone(&state),
        config.mcp,
        addr.ip().is_loopback(),
        mcp_stop.clone(),
    );
    let app = routes::all(Arc::clone(&state), Arc::new(token.clone()), mcp)
        // Bodies are read by `extract::StrictJson`, which enforces MAX_BODY_BYTES itself.
        .layer(DefaultBodyLimit::disable())
        .layer(axum::middleware::from_fn(request_id))
        .layer(axum::middleware::from_fn(
            keep_alive::close_unless_body_read,
        ));
    on_listening(addr, &token);
    tokio::spawn(state::tend_idle(Arc::clone(&state)));

    let (drained_tx, drained_rx) = tokio::sync::oneshot::channel::<()>();
    let closing = Arc::clone(&state);
    let graceful = async move {
        stop.await;
        let _ = shutdown_tx.send(true);
        mcp_stop.cancel();
        close_all(&closing).await;
        let _ = drained_tx.send(());
    };
    let server = axum::serve(listener, app).with_graceful_shutdown(graceful);
    let deadline = async {
        let _ = drained_rx.await;
        tokio::time::sleep(DRAIN).await;
    };
    tokio::select! {
        served = server => served.map_err(ServerError::Serve),
        () = deadline => {
            tracing::warn!("requests still open {DRAIN:?} after shutdown: stopping anyway");
            Ok(())
        }
    }
}

/// How long shutdown lets interrupted executions finish (their last output reaches the store) before it
/// closes the sessions.
const INTERRUPT_GRACE: Duration = Duration::from_secs(3);

/// Cancels what waits in each session's queue and stops what runs (as the stop button does: everything it
/// printed is kept; it ends `cancelled`), then closes every held session, all at once.
pub(crate) async fn close_all(state: &Arc<state::AppState>) {
    let held = state.held();
    let running: Vec<_> = held
        .iter()
        .filter_map(|live| {
            live.session.cancel_queued();
            live.session.interrupt();
            live.running().and_then(|id| state.execution(&id))
        })
        .collect();
    let finishing = running.iter().map(|execution| execution.ended());
    let _ = tokio::time::timeout(INTERRUPT_GRACE, futures_util::future::join_all(finishing)).await;
    let closing: Vec<_> = held
        .iter()
        .filter_map(|live| state.release(live.session.id()))
        .map(|live| async move { live.session.close().await })
        .collect();
    futures_util::future::join_all(closing).await;
}

/// Puts a fresh `X-Request-Id` on every response (errors and 401s included).
async fn request_id(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let mut response = next.run(request).await;
    if let Ok(value) = HeaderValue::from_str(&uuid::Uuid::new_v4().to_string()) {
        response.headers_mut().insert("x-request-id", value);
    }
    response
}
