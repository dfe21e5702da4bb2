//! vmjs language server (`vmjs lsp`): syntax diagnostics as you type (oxc, then oxc semantics + boa in a
//! checker worker), "▶ Run file" with output streamed while the code runs, runtime diagnostics, hover,
//! completion and document symbols — a thin adapter over `vmjs-core` (no SQL, no boa here).
//!
//! The structure (ARCHITECTURE.md, lsp section, draws it): a main loop that reads every message in order
//! and owns the documents ([`server`]), one handler module per method ([`handlers`]), the client
//! connection ([`client`], [`transport`]), the diagnostics threads ([`diagnostics`]).

mod cells;
mod client;
mod config;
mod context;
mod crossfile;
mod diagnostics;
mod disk;
mod documents;
mod ext;
mod folders;
mod handlers;
mod indexer;
mod notebooks;
mod rpc;
mod runs;
mod server;
mod state;
mod to_proto;
mod transport;
mod uri;
mod workspace;

use std::os::fd::AsFd;
use std::path::PathBuf;
use std::time::Duration;

pub use ext::{OUTPUT_CAPABILITY, commands};

/// Stack of the main loop's thread: it runs the first diagnostics phase, which parses (parsers recurse; the
/// nesting pre-scan bounds the depth).
const MAIN_LOOP_STACK_BYTES: usize = diagnostics::ANALYSIS_STACK_BYTES;

/// How the server is started.
#[derive(Debug, Clone)]
pub struct ServerOptions {
    /// Database used unless the client configures another (same default as the CLI).
    pub db_path: PathBuf,
    /// The `vmjs` binary that runs as `vmjs worker`.
    pub worker_exe: PathBuf,
}

/// Why the server could not run.
#[derive(Debug, thiserror::Error)]
pub enum LspError {
    #[error("cannot start the server's threads: {0}")]
    Threads(#[from] std::io::Error),
    #[error("the server's main loop failed")]
    MainLoop,
}

/// Serves the language server protocol on stdin/stdout until `exit` (or the end of stdin). Every session
/// and worker is closed, and everything written is on stdout, before returning.
pub fn serve_stdio(options: ServerOptions) -> Result<(), LspError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_stack_size(16 * 1024 * 1024)
        .enable_all()
        .build()?;
    // The file itself, not `std::io::stdout()`: its line buffer wrote a frame in two system calls (the header
    // up to its last line break, then the body at the flush), waking the client for the header alone.
    let stdout = std::fs::File::from(std::io::stdout().as_fd().try_clone_to_owned()?);
    let (outbox, written) = transport::writer(stdout)?;
    let client = client::Client::new(outbox.clone());
    let stdin = std::fs::File::from(std::io::stdin().as_fd().try_clone_to_owned()?);
    let incoming = transport::Incoming::new(stdin, outbox);
    let server = server::Server::new(
        incoming,
        transport::stdin_waiting,
        client.clone(),
        options,
        runtime.handle().clone(),
    )?;
    let main_loop = std::thread::Builder::new()
        .name("lsp-main".into())
        .stack_size(MAIN_LOOP_STACK_BYTES)
        .spawn(move || server.run())?;
    let state = main_loop.join().map_err(|_| LspError::MainLoop)?;
    runtime.block_on(state.stop_everything());
    client.close();
    let _ = runtime.block_on(written);
    runtime.shutdown_timeout(Duration::from_secs(2));
    Ok(())
}

#[cfg(test)]
mod tests {
    /// The adapter rule: no SQL and no JS engine in the language server crate itself.
    #[test]
    fn no_rusqlite_or_boa_dependency() {
        let manifest = include_str!("../Cargo.toml");
        for forbidden in ["rusqlite", "boa_engine", "boa_runtime", "boa_gc"] {
            assert!(
                !manifest.contains(forbidden),
                "vmjs-lsp depends on {forbidden}"
            );
        }
    }
}
