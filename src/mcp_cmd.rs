//! `vmjs mcp`: vmjs sessions as tools for agents — an MCP server on stdin/stdout (crate `vmjs-server`).

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use clap::Args;

use crate::exit;

#[derive(Args)]
pub struct McpArgs {
    /// Root of the sessions created without one; `create_session` accepts roots inside it only
    /// (default: the working directory).
    #[arg(long)]
    root: Option<PathBuf>,
    /// Template of the sessions `execute` and `run_file` create when no session is named.
    #[arg(long, default_value = vmjs_core::model::DEFAULT_TEMPLATE)]
    template: String,
    /// Output text one tool call returns at most (console, value, error, displays), in bytes; the rest is cut
    /// and the answer says `truncated`.
    #[arg(long, default_value_t = 64 * 1024)]
    max_output_bytes: usize,
}

pub fn run(db: &Path, args: McpArgs) -> anyhow::Result<u8> {
    let worker_exe = std::env::current_exe().context("locating the vmjs binary")?;
    let root = match args.root {
        Some(root) => root,
        None => std::env::current_dir().context("the current directory")?,
    };
    let root = root
        .canonicalize()
        .with_context(|| format!("--root {}", root.display()))?;
    let config = vmjs_server::mcp::StdioConfig {
        db: db.to_owned(),
        worker_exe,
        root,
        options: vmjs_server::mcp::McpOptions {
            default_template: args.template,
            max_output_bytes: args.max_output_bytes.max(1),
        },
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("vmjs-mcp")
        .build()
        .context("starting the MCP server's runtime")?;
    runtime.block_on(vmjs_server::mcp::serve_stdio(
        config,
        crate::serve_cmd::stop_signal(),
    ))?;
    Ok(exit::OK)
}
