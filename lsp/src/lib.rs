//! vmjs language server (`vmjs lsp`): syntax diagnostics as you type (oxc, then oxc semantics + boa in a
//! checker worker), "▶ Run file" with output streamed while the code runs, runtime diagnostics, hover,
//! completion and document symbols — a thin adapter over `vmjs-core` (no SQL, no boa here).
//!
//! See ARCHITECTURE.md (lsp section) for the threads and the order guarantees.

mod config;
mod diagnostics;
mod documents;
mod ext;
mod folders;
mod handlers;
mod runs;
mod server;
mod state;
mod to_proto;
mod transport;
mod uri;

use std::os::fd::AsFd;
use std::path::PathBuf;
use std::time::Duration;

use tower_lsp_server::{LspService, Server};

pub use ext::{OUTPUT_CAPABILITY, commands};

/// Handler futures polled at once: runs occupy a slot while they last, so interrupts, edits and queries must
/// never queue behind them.
const CONCURRENCY: usize = 64;

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
    #[error("cannot start the async runtime: {0}")]
    Runtime(#[from] std::io::Error),
}

/// Serves the language server protocol on stdin/stdout until `exit` (or the end of stdin). Every session
/// and worker is closed before returning.
pub fn serve_stdio(options: ServerOptions) -> Result<(), LspError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_stack_size(16 * 1024 * 1024)
        .enable_all()
        .build()?;
    let state = runtime.block_on(async {
        let stdin = std::fs::File::from(std::io::stdin().as_fd().try_clone_to_owned()?);
        let filtered = transport::filter(stdin, std::io::stdout(), transport::stdin_waiting)?;
        let notifier = filtered.notifier.clone();
        let (service, socket) =
            LspService::build(|client| server::Backend::new(client, options, notifier))
                .custom_method(
                    "window/workDoneProgress/cancel",
                    server::Backend::work_done_progress_cancel,
                )
                .finish();
        let state = service.inner().state();
        // The input thread applies edits itself and runs the first diagnostics phase (documents.rs).
        // (Without a state every message goes to the server, which answers with the setup error.)
        match state
            .as_ref()
            .and_then(|state| state.documents.take_editor())
        {
            Some(editor) => filtered.route.set(Box::new(editor)),
            None => drop(filtered.route),
        }
        Server::new(filtered.server_input, filtered.server_output, socket)
            .concurrency_level(CONCURRENCY)
            .serve(service)
            .await;
        // The server dropped its output: wait until the output thread wrote it all to stdout.
        let _ = filtered.written.await;
        Ok::<_, std::io::Error>(state)
    })?;
    if let Some(state) = state {
        runtime.block_on(state.stop_everything());
    }
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
