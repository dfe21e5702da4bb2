//! `vmjs serve`: runs the daemon (crate `vmjs-server`) until SIGINT or SIGTERM.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use clap::Args;

use crate::exit;

#[derive(Args)]
pub struct ServeArgs {
    /// Address to listen on. Any address other than loopback requires a token.
    #[arg(long, default_value = "127.0.0.1:3210")]
    listen: SocketAddr,
    /// File holding the bearer token every request must carry (at least 16 characters). Without it, a server on
    /// a non-loopback address writes a new token to `serve.token` beside the database (mode 0600).
    #[arg(long)]
    token_file: Option<PathBuf>,
    /// Executions one session holds at once (running + waiting); more are refused with 409 SESSION_BUSY.
    #[arg(long, default_value_t = 64)]
    queue: usize,
}

pub fn run(db: &Path, args: ServeArgs) -> anyhow::Result<u8> {
    let worker_exe = std::env::current_exe().context("locating the vmjs binary")?;
    let config = vmjs_server::ServeConfig {
        listen: args.listen,
        db: db.to_owned(),
        token_file: args.token_file,
        worker_exe,
        default_root: std::env::current_dir().context("the current directory")?,
        limits: vmjs_server::Limits {
            queue_per_session: args.queue.max(1),
            ..vmjs_server::Limits::default()
        },
        mcp: vmjs_server::mcp::McpOptions::default(),
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("vmjs-serve")
        .build()
        .context("starting the server's runtime")?;
    runtime.block_on(vmjs_server::serve(config, stop_signal(), |addr, token| {
        println!(
            "vmjs serve: listening on http://{addr} (database {})",
            db.display()
        );
        if let (Some(path), Some(secret)) = (&token.generated_at, token.secret()) {
            println!("vmjs serve: token (also in {}): {secret}", path.display());
        }
    }))?;
    eprintln!("vmjs serve: stopped");
    Ok(exit::OK)
}

/// Completes on the first SIGINT or SIGTERM.
pub(crate) async fn stop_signal() {
    use tokio::signal::unix::{SignalKind, signal};
    let (Ok(mut interrupt), Ok(mut terminate)) = (
        signal(SignalKind::interrupt()),
        signal(SignalKind::terminate()),
    ) else {
        tracing::error!("cannot listen for SIGINT/SIGTERM: stop the server with SIGKILL");
        return std::future::pending().await;
    };
    tokio::select! {
        _ = interrupt.recv() => {}
        _ = terminate.recv() => {}
    }
}
