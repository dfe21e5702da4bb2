//! The MCP face: vmjs sessions as tools for agents (Model Context Protocol, on rmcp), over stdio (`vmjs mcp`)
//! and at `/mcp` of `vmjs serve` (streamable HTTP, behind the server's token).
//!
//! The same [`AppState`] serves both: sessions, executions queued per session, idle hibernation and expiry,
//! the store — so an execution started by an agent is the same thing as one started over the REST API, with
//! the same events, history and limits.

mod answer;
mod resources;
mod run;
mod tools;

use std::path::PathBuf;
use std::sync::Arc;

use rmcp::model::{
    CallToolRequestParams, CallToolResponse, CallToolResult, ContentBlock, Implementation,
    ListResourceTemplatesResult, ListResourcesResult, ListToolsResult, PaginatedRequestParams,
    ReadResourceRequestParams, ReadResourceResponse, ServerCapabilities, ServerConfig,
};
use rmcp::service::RequestContext;
use rmcp::transport::streamable_http_server::session::local::LocalSessionManager;
use rmcp::transport::streamable_http_server::{StreamableHttpServerConfig, StreamableHttpService};
use rmcp::{ErrorData, RoleServer, ServerHandler, ServiceExt};
use serde::Serialize;
use tokio::sync::watch;
use vmjs_core::host::{Sessions, WorkerPool};
use vmjs_core::model::DEFAULT_TEMPLATE;

use crate::ServerError;
use crate::state::{AppState, Limits};

/// How MCP calls behave.
#[derive(Debug, Clone)]
pub struct McpOptions {
    /// The template of sessions created without one.
    pub default_template: String,
    /// Output text (console, value, error, displays) one call returns at most, in bytes; more is cut and
    /// flagged `truncated`.
    pub max_output_bytes: usize,
}

impl Default for McpOptions {
    fn default() -> Self {
        Self {
            default_template: DEFAULT_TEMPLATE.to_owned(),
            max_output_bytes: 64 * 1024,
        }
    }
}

/// The MCP server: one per connection (stdio) or per HTTP session, all over one [`AppState`].
#[derive(Clone)]
pub struct VmjsMcp {
    state: Arc<AppState>,
    options: Arc<McpOptions>,
}

impl VmjsMcp {
    pub(crate) fn new(state: Arc<AppState>, options: Arc<McpOptions>) -> Self {
        Self { state, options }
    }
}

/// A tool's answer: the structured value, and text for readers.
fn answer<T: Serialize>(value: &T, text: String, is_error: bool) -> CallToolResult {
    let structured = match serde_json::to_value(value) {
        Ok(structured) => structured,
        Err(error) => return failure(format!("encoding the answer: {error}")),
    };
    let mut result = if is_error {
        CallToolResult::structured_error(structured)
    } else {
        CallToolResult::structured(structured)
    };
    result.content = vec![ContentBlock::text(text)];
    result
}

/// A tool that could not do what it was asked: a message for the agent (`isError`), not a protocol error.
fn failure(message: impl Into<String>) -> CallToolResult {
    CallToolResult::error(vec![ContentBlock::text(message.into())])
}

impl ServerHandler for VmjsMcp {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(
            ServerCapabilities::builder()
                .enable_tools()
                .enable_resources()
                .build(),
        )
        .with_server_info(Implementation::new("vmjs", env!("CARGO_PKG_VERSION")))
        .with_instructions(
            "vmjs runs JavaScript in sandboxed, stateful sessions. Call `execute` with code; pass the \
             session_id from its answer to later calls to keep variables and functions. A session reaches only \
             what its template grants (see list_templates); limits stop runaway code without losing the \
             session. Pass timeout_ms for code that may run long; cancelling a call stops its code.",
        )
    }

    async fn list_tools(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListToolsResult, ErrorData> {
        Ok(ListToolsResult {
            tools: tools::catalog(),
            ..Default::default()
        })
    }

    fn get_tool(&self, name: &str) -> Option<rmcp::model::Tool> {
        tools::catalog().into_iter().find(|tool| tool.name == name)
    }

    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        context: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, ErrorData> {
        Ok(CallToolResponse::Complete(
            self.call(request.name.as_ref(), request.arguments, &context)
                .await,
        ))
    }

    async fn list_resources(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListResourcesResult, ErrorData> {
        Ok(ListResourcesResult {
            resources: resources::listed(),
            ..Default::default()
        })
    }

    async fn list_resource_templates(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListResourceTemplatesResult, ErrorData> {
        Ok(ListResourceTemplatesResult {
            resource_templates: resources::templates(),
            ..Default::default()
        })
    }

    async fn read_resource(
        &self,
        request: ReadResourceRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<ReadResourceResponse, ErrorData> {
        resources::read(&self.state, &request.uri)
            .await
            .map(ReadResourceResponse::Complete)
    }
}

/// The service behind `/mcp`.
pub type HttpService = StreamableHttpService<VmjsMcp, LocalSessionManager>;

/// The MCP streamable-HTTP endpoint of `vmjs serve` (mounted at `/mcp`, behind the server's token).
/// On a loopback address the `Host` header must name a loopback host (no DNS rebinding: loopback needs no
/// token); requests from web pages (with an `Origin`) are refused everywhere. `stop` ends open streams.
pub(crate) fn http_service(
    state: Arc<AppState>,
    options: McpOptions,
    loopback: bool,
    stop: tokio_util::sync::CancellationToken,
) -> HttpService {
    let mut config = StreamableHttpServerConfig::default()
        .with_cancellation_token(stop)
        .with_max_request_body_bytes(crate::MAX_BODY_BYTES)
        .enforce_origin_validation();
    if !loopback {
        // Any name may reach a public address; the token guards it.
        config = config.disable_allowed_hosts();
    }
    let options = Arc::new(options);
    StreamableHttpService::new(
        move || Ok(VmjsMcp::new(Arc::clone(&state), Arc::clone(&options))),
        Arc::new(LocalSessionManager::default()),
        config,
    )
}

/// What `vmjs mcp` is given.
#[derive(Debug, Clone)]
pub struct StdioConfig {
    /// The SQLite store.
    pub db: PathBuf,
    /// The binary session workers run (`vmjs worker`).
    pub worker_exe: PathBuf,
    /// The root of sessions created without one, and the directory session roots must be inside.
    pub root: PathBuf,
    pub options: McpOptions,
}

/// Serves MCP on stdin/stdout until the client closes stdin or `stop` completes; then stops what runs and
/// closes every session.
pub async fn serve_stdio(
    config: StdioConfig,
    stop: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<(), ServerError> {
    let sessions = Sessions::new(&config.db, WorkerPool::new(config.worker_exe.clone()));
    // Migrates the store and marks what dead processes left running as crashed.
    drop(sessions.store()?);
    let (shutdown_tx, shutdown_rx) = watch::channel(false);
    let state = Arc::new(AppState::new(
        sessions,
        Limits::default(),
        config.root,
        shutdown_rx,
    ));
    tokio::spawn(crate::state::tend_idle(Arc::clone(&state)));
    let server = VmjsMcp::new(Arc::clone(&state), Arc::new(config.options));
    let running = server
        .serve(rmcp::transport::stdio())
        .await
        .map_err(|error| ServerError::Mcp(error.to_string()))?;
    let cancel = running.cancellation_token();
    tokio::select! {
        ended = running.waiting() => {
            if let Err(error) = ended {
                tracing::warn!("MCP connection: {error}");
            }
        }
        () = stop => cancel.cancel(),
    }
    let _ = shutdown_tx.send(true);
    crate::close_all(&state).await;
    Ok(())
}
