//! The `vmjs` binary: one executable for the CLI (run, repl, template, history, session), the daemon
//! (`serve`) and its client (`--server URL session|exec …`), and the hidden `worker` subcommand that every
//! session runs as its isolated process.

mod client;
mod follow;
mod history_cmd;
mod kernel_cmd;
mod mcp_cmd;
mod notebook_test;
mod render;
mod repl;
mod run;
mod serve_cmd;
mod template_cmd;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Parser, Subcommand};

/// Exit codes of `vmjs run` (also used for usage errors everywhere).
pub mod exit {
    pub const OK: u8 = 0;
    pub const JS_ERROR: u8 = 1;
    pub const USAGE: u8 = 2;
    pub const TIMEOUT: u8 = 124;
    pub const CRASHED: u8 = 125;
    pub const INTERRUPTED: u8 = 130;
}

#[derive(Parser)]
#[command(
    name = "vmjs",
    version,
    about = "JavaScript for notebooks and editors (boa engine, isolated sessions)"
)]
struct Cli {
    /// SQLite database (default: $XDG_DATA_HOME/vmjs/vmjs.db).
    #[arg(long, global = true, env = "VMJS_DB")]
    db: Option<PathBuf>,
    /// A `vmjs serve` to send `session` and `exec` commands to (e.g. http://127.0.0.1:3210).
    #[arg(long, global = true, env = "VMJS_SERVER")]
    server: Option<String>,
    /// File holding the server's token (or set VMJS_TOKEN).
    #[arg(long, global = true, env = "VMJS_TOKEN_FILE")]
    token_file: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run a JS file in a fresh session.
    Run(run::RunArgs),
    /// Interactive REPL (multi-line input, history, Ctrl-C interrupts).
    Repl(repl::ReplArgs),
    /// Jupyter kernel: serve a connection file, or `install` / `uninstall` the kernelspec.
    Kernel(kernel_cmd::KernelArgs),
    /// Run notebooks as regression tests (compare or `--update` their saved outputs).
    Test(notebook_test::TestArgs),
    /// Manage templates (session profiles).
    #[command(subcommand)]
    Template(template_cmd::TemplateCommand),
    /// Browse and prune the execution history.
    #[command(subcommand)]
    History(history_cmd::HistoryCommand),
    /// Sessions: list the database's; with --server, create, get, close and interrupt the server's.
    #[command(subcommand)]
    Session(history_cmd::SessionCommand),
    /// (--server) Run code in a server's session and read executions and their events.
    #[command(subcommand)]
    Exec(client::ExecCommand),
    /// The daemon: long-lived sessions shared over HTTP (vm-system's REST API under /api/v1, live events).
    Serve(serve_cmd::ServeArgs),
    /// MCP server on stdin/stdout: sandboxed, stateful JavaScript sessions as tools for agents.
    Mcp(mcp_cmd::McpArgs),
    /// Language server on stdin/stdout (diagnostics, ▶ Run file, hover, completion).
    Lsp {
        /// Accepted for clients that always pass it (stdio is the only transport).
        #[arg(long)]
        stdio: bool,
    },
    /// Internal: the session worker process (spawned by vmjs itself).
    #[command(hide = true)]
    Worker,
}

fn main() -> ExitCode {
    // A worker (`vmjs worker`, when no `vmjs-worker` is installed beside this binary) starts without parsing
    // the command line of every other command: it is started once per session, and clap's tree of ~30
    // commands costs it 1 MiB of memory.
    if std::env::args_os().skip(1).eq(["worker"]) {
        return ExitCode::from(vmjs_core::run_worker().clamp(0, 255) as u8);
    }
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("VMJS_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .init();
    match dispatch(cli) {
        Ok(code) => ExitCode::from(code),
        Err(error) => {
            eprintln!("vmjs: {error:#}");
            ExitCode::from(exit::USAGE)
        }
    }
}

fn dispatch(cli: Cli) -> anyhow::Result<u8> {
    let db_given = cli.db.is_some();
    let db = match cli.db {
        Some(db) => db,
        None => default_db()?,
    };
    match cli.command {
        Command::Run(args) => run::run(&db, args),
        Command::Repl(args) => repl::run(&db, args),
        Command::Kernel(args) => kernel_cmd::run(&db, db_given, args),
        Command::Test(args) => notebook_test::run(&db, args),
        Command::Template(command) => template_cmd::run(&db, command),
        Command::History(command) => history_cmd::run_history(&db, command),
        Command::Session(command) => match &cli.server {
            Some(server) => {
                client::run_session(&server_client(server, cli.token_file.as_ref())?, command)
            }
            None => history_cmd::run_session(&db, command),
        },
        Command::Exec(command) => {
            let Some(server) = &cli.server else {
                anyhow::bail!("`vmjs exec` talks to a server: give --server URL (or VMJS_SERVER)");
            };
            client::run_exec(&server_client(server, cli.token_file.as_ref())?, command)
        }
        Command::Serve(args) => serve_cmd::run(&db, args),
        Command::Mcp(args) => mcp_cmd::run(&db, args),
        Command::Lsp { stdio: _ } => {
            let worker_exe = std::env::current_exe().context("locating the vmjs binary")?;
            vmjs_lsp::serve_stdio(vmjs_lsp::ServerOptions {
                db_path: db,
                worker_exe,
            })?;
            Ok(exit::OK)
        }
        Command::Worker => Ok(vmjs_core::run_worker().clamp(0, 255) as u8),
    }
}

fn server_client(server: &str, token_file: Option<&PathBuf>) -> anyhow::Result<client::Client> {
    client::Client::new(server, client::token(token_file)?)
}

fn default_db() -> anyhow::Result<PathBuf> {
    let data = dirs::data_dir().context("no data directory: set --db or VMJS_DB")?;
    Ok(data.join("vmjs").join("vmjs.db"))
}

/// Opens the store (which reaps rows left `running` by dead processes), naming the file on error.
pub fn open_store(db: &std::path::Path) -> anyhow::Result<vmjs_core::store::Store> {
    vmjs_core::store::Store::open(db).with_context(|| format!("opening {}", db.display()))
}

/// The worker pool for this process (workers run this same binary).
pub fn worker_pool() -> anyhow::Result<std::sync::Arc<vmjs_core::host::WorkerPool>> {
    let exe = std::env::current_exe().context("locating the vmjs binary")?;
    Ok(vmjs_core::host::WorkerPool::new(exe))
}

/// Sessions on the database `db`, with this process's worker pool.
pub fn sessions(db: &std::path::Path) -> anyhow::Result<vmjs_core::host::Sessions> {
    Ok(vmjs_core::host::Sessions::new(db, worker_pool()?))
}
