//! The tools: their arguments and answers (JSON Schemas generated from these types), and the catalog.

use std::sync::Arc;

use rmcp::handler::server::common::{schema_for_empty_input, schema_for_input, schema_for_output};
use rmcp::model::{JsonObject, Tool, ToolAnnotations};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::answer::ExecutionAnswer;

/// `execute`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExecuteArgs {
    /// JavaScript to run, as a notebook cell: top-level `await` works, declarations stay for later calls, and
    /// the value of the last expression is the result.
    pub code: String,
    /// A session from an earlier answer (its variables and functions are still there). Without it a new
    /// session is created and named in the answer.
    #[serde(default)]
    pub session_id: Option<String>,
    /// The template of a new session (what its code may do, its limits); the server's default otherwise.
    #[serde(default)]
    pub template: Option<String>,
    /// Wall-clock limit of this execution in milliseconds (the template's otherwise). The session and its
    /// state survive a timeout.
    #[serde(default)]
    pub timeout_ms: Option<u64>,
}

/// `run_file`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RunFileArgs {
    /// A JavaScript file, relative to the session root (nothing outside the root is reachable).
    pub path: String,
    /// `vmjs.args` while the file runs.
    #[serde(default)]
    pub args: Option<Vec<String>>,
    /// The session to run it in (its state stays); without it a new session is created. (Arguments shared
    /// with `execute` are repeated: a flattened struct cannot refuse unknown fields.)
    #[serde(default)]
    pub session_id: Option<String>,
    /// The template of a new session; the server's default otherwise.
    #[serde(default)]
    pub template: Option<String>,
    /// Wall-clock limit of this run in milliseconds (the template's otherwise).
    #[serde(default)]
    pub timeout_ms: Option<u64>,
}

/// `create_session`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateSessionArgs {
    /// Template name (see `list_templates`); the server's default otherwise.
    #[serde(default)]
    pub template: Option<String>,
    /// The session root: an absolute path to a directory inside the server's root (the server's root
    /// otherwise). Files the template lets code read or write are confined to it.
    #[serde(default)]
    pub root: Option<String>,
}

/// Tools that name one session.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SessionArgs {
    pub session_id: String,
}

/// `history`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HistoryArgs {
    pub session_id: String,
    /// The newest this many executions (1–1000, default 20).
    #[serde(default)]
    pub limit: Option<usize>,
}

/// Tools without arguments.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NoArgs {}

/// The answer of `create_session`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct SessionCreated {
    pub session_id: String,
    pub template: String,
    pub root: String,
}

/// One session in `list_sessions`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct SessionSummary {
    pub session_id: String,
    pub template: String,
    pub root: String,
    /// `ready`, `busy` (running code), `hibernating` (its worker stopped; the next call restores it),
    /// `closed`, or `expired` (closed after its template's `close_after_ms` of idleness).
    pub status: String,
    /// Executions it was given in this server.
    pub executions: u64,
    /// Executions running or waiting in it.
    pub queue_length: usize,
    /// Milliseconds since it last did something (0 while busy).
    pub idle_ms: u64,
    /// When a closed or expired session was closed (ms since the Unix epoch).
    pub closed_at_ms: Option<i64>,
}

/// The answer of `list_sessions`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct SessionList {
    pub sessions: Vec<SessionSummary>,
}

/// The answer of `close_session`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct SessionClosed {
    pub session_id: String,
    pub status: String,
}

/// The answer of `interrupt`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Interrupted {
    pub session_id: String,
    /// The execution that was stopped (`null` when nothing ran).
    pub interrupted_execution_id: Option<String>,
}

/// One execution in `history`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct HistoryEntry {
    pub execution_id: String,
    /// `repl` (code sent with `execute`), `run_file` or `startup`.
    pub kind: String,
    pub status: String,
    pub input: String,
    pub result: Option<String>,
    /// `Name: message` of the error it ended with.
    pub error: Option<String>,
    pub wall_ms: u64,
    pub started_at_ms: i64,
}

/// The answer of `history`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct History {
    pub session_id: String,
    /// Newest first.
    pub executions: Vec<HistoryEntry>,
}

/// One template in `list_templates`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct TemplateSummary {
    pub name: String,
    pub description: String,
    /// What code may reach: `fs_read`, `fs_write` (inside the session root), `env` (variable names), `net`
    /// (hosts `fetch` may reach, `HOST[:PORT]`).
    pub capabilities: Value,
    /// `wall_ms`, `mem_mb`, `max_output_bytes`, … enforced while code runs.
    pub limits: Value,
}

/// The answer of `list_templates`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct TemplateList {
    pub templates: Vec<TemplateSummary>,
}

/// A tool described by its argument and answer types.
fn tool<Args: JsonSchema + 'static, Answer: JsonSchema + 'static>(
    name: &'static str,
    description: &'static str,
    annotations: ToolAnnotations,
) -> Tool {
    let input: Arc<JsonObject> = schema_for_input::<Args>().unwrap_or_else(|error| {
        tracing::error!("the input schema of tool {name}: {error}");
        schema_for_empty_input()
    });
    Tool::new(name, description, input)
        .with_raw_output_schema(schema_for_output::<Answer>())
        .with_annotations(annotations)
}

/// Every tool, in the order clients list them.
pub fn catalog() -> Vec<Tool> {
    let reads = || ToolAnnotations::default().read_only(true).open_world(false);
    let runs = || {
        ToolAnnotations::default()
            .read_only(false)
            .destructive(false)
            .open_world(false)
    };
    vec![
        tool::<ExecuteArgs, ExecutionAnswer>(
            "execute",
            "Run JavaScript in a sandboxed, stateful vmjs session and get its console output, value and error. \
             State (variables, functions, imports) persists across calls with the same session_id; without one a \
             session is created. Code reaches only what the session's template grants (files in its root, \
             named environment variables); limits (time, memory, output) are enforced while it runs.",
            runs(),
        ),
        tool::<RunFileArgs, ExecutionAnswer>(
            "run_file",
            "Run a JavaScript file from the session root (as a module) in a session, with vmjs.args.",
            runs(),
        ),
        tool::<CreateSessionArgs, SessionCreated>(
            "create_session",
            "Start a session of a template (see list_templates), optionally with its own root directory.",
            runs(),
        ),
        tool::<NoArgs, SessionList>(
            "list_sessions",
            "The sessions this server holds (ready, busy or hibernating), then those it closed (closed or expired).",
            reads(),
        ),
        tool::<SessionArgs, SessionClosed>(
            "close_session",
            "Close a session: its worker stops and its state is gone (its history stays).",
            ToolAnnotations::default()
                .destructive(true)
                .idempotent(true)
                .open_world(false),
        ),
        tool::<SessionArgs, Interrupted>(
            "interrupt",
            "Stop the code running in a session (the session and its state stay).",
            runs(),
        ),
        tool::<HistoryArgs, History>(
            "history",
            "The executions of a session, newest first: input, status, result or error.",
            reads(),
        ),
        tool::<NoArgs, TemplateList>(
            "list_templates",
            "The templates sessions can be created from: what each grants and its limits.",
            reads(),
        ),
    ]
}
