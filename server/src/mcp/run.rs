//! The tools' work: finding or creating the session a call names, running code in it (with progress while it
//! runs and an interrupt when the call is cancelled), and the session and history tools.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rmcp::RoleServer;
use rmcp::model::{CallToolResult, JsonObject, ProgressNotificationParam};
use rmcp::service::RequestContext;
use serde::de::DeserializeOwned;
use vmjs_core::host::ExecuteRequest;
use vmjs_core::store::ExecutionFilter;

use super::answer::Collector;
use super::tools::{
    CreateSessionArgs, ExecuteArgs, History, HistoryArgs, HistoryEntry, Interrupted, NoArgs,
    RunFileArgs, SessionArgs, SessionClosed, SessionCreated, SessionList, SessionSummary,
    TemplateList, TemplateSummary,
};
use super::{VmjsMcp, answer, failure};
use crate::error::ApiError;
use crate::extract::parse_uuid;
use crate::live::Read;
use crate::state::{EndReason, LiveSession};

/// Progress notifications for one call come at most this often.
const PROGRESS_EVERY: Duration = Duration::from_millis(200);

/// A failure of a tool, as the agent reads it.
type ToolResult<T> = Result<T, String>;

fn api(error: ApiError) -> String {
    format!("{} ({})", error.message, error.code)
}

/// The tool's arguments, or a message naming what is wrong with them.
fn arguments<T: DeserializeOwned>(tool: &str, raw: Option<JsonObject>) -> ToolResult<T> {
    let raw = serde_json::Value::Object(raw.unwrap_or_default());
    serde_json::from_value(raw).map_err(|error| format!("bad arguments for {tool}: {error}"))
}

impl VmjsMcp {
    /// Runs tool `name`.
    pub(super) async fn call(
        &self,
        name: &str,
        raw: Option<JsonObject>,
        context: &RequestContext<RoleServer>,
    ) -> CallToolResult {
        self.dispatch(name, raw, context)
            .await
            .unwrap_or_else(failure)
    }

    async fn dispatch(
        &self,
        name: &str,
        raw: Option<JsonObject>,
        context: &RequestContext<RoleServer>,
    ) -> ToolResult<CallToolResult> {
        match name {
            "execute" => Ok(self.execute(arguments(name, raw)?, context).await),
            "run_file" => Ok(self.run_file(arguments(name, raw)?, context).await),
            "create_session" => self.create_session(arguments(name, raw)?).await,
            "list_sessions" => {
                arguments::<NoArgs>(name, raw)?;
                self.list_sessions().await
            }
            "close_session" => self.close_session(arguments(name, raw)?).await,
            "interrupt" => self.interrupt(arguments(name, raw)?),
            "history" => self.history(arguments(name, raw)?).await,
            "list_templates" => {
                arguments::<NoArgs>(name, raw)?;
                self.list_templates().await
            }
            other => Err(format!("no tool named `{other}`")),
        }
    }

    async fn execute(
        &self,
        args: ExecuteArgs,
        context: &RequestContext<RoleServer>,
    ) -> CallToolResult {
        let (live, created) = match self.session_for(args.session_id, args.template).await {
            Ok(found) => found,
            Err(message) => return failure(message),
        };
        let mut request = ExecuteRequest::repl(args.code);
        request.wall_ms = args.timeout_ms;
        self.run(live, created, request, context).await
    }

    async fn run_file(
        &self,
        args: RunFileArgs,
        context: &RequestContext<RoleServer>,
    ) -> CallToolResult {
        if let Err(error) = crate::routes::templates::check_relative(&args.path) {
            return failure(api(error));
        }
        let (live, created) = match self.session_for(args.session_id, args.template).await {
            Ok(found) => found,
            Err(message) => return failure(message),
        };
        let root = live.session.root().to_owned();
        let path = args.path;
        // Opened beneath the root (no link leads out); a bad path becomes the execution's error.
        let request =
            tokio::task::spawn_blocking(move || ExecuteRequest::run_file(&root, &path)).await;
        let mut request = match request {
            Ok(request) => request,
            Err(error) => return failure(format!("reading the file: {error}")),
        };
        request.wall_ms = args.timeout_ms;
        request.args = args.args;
        self.run(live, created, request, context).await
    }

    /// The session a call names, or a new one of `template` (`true`: created now).
    async fn session_for(
        &self,
        session_id: Option<String>,
        template: Option<String>,
    ) -> ToolResult<(Arc<LiveSession>, bool)> {
        let Some(id) = session_id.filter(|id| !id.is_empty()) else {
            let template = template.unwrap_or_else(|| self.options.default_template.clone());
            let root = self.state.default_root.clone();
            let live = self.state.open_session(template, root).await.map_err(api)?;
            return Ok((live, true));
        };
        let live = self.held(&id)?;
        if let Some(template) = template
            && template != live.template
        {
            return Err(format!(
                "session {id} is of template `{}`: `template` applies only to new sessions",
                live.template
            ));
        }
        Ok((live, false))
    }

    /// The open session `id`, or why it is not open.
    fn held(&self, id: &str) -> ToolResult<Arc<LiveSession>> {
        let id = parse_uuid("session_id", id).map_err(api)?;
        if let Some(live) = self.state.session(&id) {
            return Ok(live);
        }
        Err(
            match self.state.ended_session(&id).map(|ended| ended.reason) {
                Some(EndReason::Expired) => format!(
                    "session {id} was closed after being idle longer than its template allows \
                 (close_after_ms); its history stays: start a new session"
                ),
                Some(EndReason::Closed) => {
                    format!("session {id} was closed; its history stays: start a new session")
                }
                None => format!("session {id} is not open in this server (never opened here)"),
            },
        )
    }

    /// Submits `request` and follows it to its end: progress while it prints (when the call asked for
    /// progress), an interrupt when the call is cancelled.
    async fn run(
        &self,
        live: Arc<LiveSession>,
        created: bool,
        request: ExecuteRequest,
        context: &RequestContext<RoleServer>,
    ) -> CallToolResult {
        let execution = match self.state.submit(&live, request) {
            Ok(execution) => execution,
            Err(error) => return failure(api(error)),
        };
        let progress = context.meta.get_progress_token();
        let mut collector = Collector::new(self.options.max_output_bytes);
        let mut waiter = execution.waiter();
        let mut seen = 0;
        let mut cancelled = false;
        let mut last_progress = Instant::now();
        loop {
            match execution.read_after(seen, &mut waiter) {
                Read::Events(events) => {
                    for event in &events {
                        seen = event.seq;
                        collector.push(&event.body);
                    }
                }
                Read::End(record) => {
                    let answer_value = collector.finish(&record, live.session.id(), created);
                    let text = answer_value.text();
                    let is_error = answer_value.status != "ok";
                    return answer(&answer_value, text, is_error);
                }
                Read::Pending => {
                    // Lines not reported yet wait at most until the next progress time (not armed otherwise:
                    // a past deadline would spin).
                    let progress_due = last_progress + PROGRESS_EVERY;
                    let report_later = progress.is_some() && collector.has_unreported();
                    tokio::select! {
                        () = waiter.changed() => {}
                        () = context.ct.cancelled(), if !cancelled => {
                            cancelled = true;
                            self.stop(&live, &execution.id);
                        }
                        () = tokio::time::sleep_until(progress_due.into()), if report_later => {}
                    }
                }
            }
            if let Some(token) = &progress
                && last_progress.elapsed() >= PROGRESS_EVERY
                && let Some(lines) = collector.take_unreported()
            {
                last_progress = Instant::now();
                let note = ProgressNotificationParam::new(token.clone(), collector.lines as f64)
                    .with_message(lines);
                // A client that went away gets no progress; the execution goes on to its end.
                let _ = context.peer.notify_progress(note).await;
            }
        }
    }

    /// Stops execution `id` of `live` (the call that started it was cancelled): interrupts it if it runs,
    /// cancels what waits in the session if it still waits.
    fn stop(&self, live: &LiveSession, id: &str) {
        if live.running().as_deref() == Some(id) {
            live.session.interrupt();
        } else {
            live.session.cancel_queued();
        }
    }

    async fn create_session(&self, args: CreateSessionArgs) -> ToolResult<CallToolResult> {
        let template = args
            .template
            .unwrap_or_else(|| self.options.default_template.clone());
        let root = match args.root.filter(|root| !root.is_empty()) {
            None => self.state.default_root.clone(),
            Some(root) => inside(&self.state.default_root, Path::new(&root))?,
        };
        let live = self
            .state
            .open_session(template.clone(), root)
            .await
            .map_err(api)?;
        let created = SessionCreated {
            session_id: live.session.id().to_owned(),
            template,
            root: live.session.root().display().to_string(),
        };
        let text = format!(
            "session {} (template {}, root {})",
            created.session_id, created.template, created.root
        );
        Ok(answer(&created, text, false))
    }

    async fn list_sessions(&self) -> ToolResult<CallToolResult> {
        let mut sessions: Vec<SessionSummary> = self
            .state
            .held()
            .iter()
            .map(|live| SessionSummary {
                session_id: live.session.id().to_owned(),
                template: live.template.clone(),
                root: live.session.root().display().to_string(),
                status: if live.session.is_hibernating() {
                    "hibernating"
                } else if live.running().is_some() {
                    "busy"
                } else {
                    "ready"
                }
                .to_owned(),
                executions: live.executions(),
                queue_length: live.queue_length(),
                idle_ms: u64::try_from(live.idle_for().as_millis()).unwrap_or(u64::MAX),
                closed_at_ms: None,
            })
            .collect();
        let ended = self.state.ended();
        let records = self
            .state
            .store(move |store| {
                let mut found = Vec::new();
                for ended in ended.into_iter().rev() {
                    if let Some(record) = store.get_session(&ended.id)? {
                        found.push((record, ended));
                    }
                }
                Ok(found)
            })
            .await
            .map_err(api)?;
        sessions.extend(records.into_iter().map(|(record, ended)| SessionSummary {
            session_id: record.id,
            template: record.template,
            root: record.root,
            status: ended.reason.as_str().to_owned(),
            executions: ended.executions,
            queue_length: 0,
            idle_ms: 0,
            closed_at_ms: Some(ended.at_ms),
        }));
        let text = sessions
            .iter()
            .map(|s| format!("{} {} ({}, {})", s.session_id, s.status, s.template, s.root))
            .collect::<Vec<_>>()
            .join("\n");
        Ok(answer(
            &SessionList { sessions },
            if text.is_empty() {
                "no sessions".to_owned()
            } else {
                text
            },
            false,
        ))
    }

    async fn close_session(&self, args: SessionArgs) -> ToolResult<CallToolResult> {
        let live = self.held(&args.session_id)?;
        let id = live.session.id().to_owned();
        if let Some(live) = self.state.release(&id) {
            live.session.close().await;
        }
        let closed = SessionClosed {
            session_id: id.clone(),
            status: "closed".to_owned(),
        };
        Ok(answer(&closed, format!("session {id} closed"), false))
    }

    fn interrupt(&self, args: SessionArgs) -> ToolResult<CallToolResult> {
        let live = self.held(&args.session_id)?;
        let running = live.running();
        live.session.interrupt();
        let text = match &running {
            Some(execution) => format!("interrupted execution {execution}"),
            None => "nothing was running".to_owned(),
        };
        let interrupted = Interrupted {
            session_id: live.session.id().to_owned(),
            interrupted_execution_id: running,
        };
        Ok(answer(&interrupted, text, false))
    }

    async fn history(&self, args: HistoryArgs) -> ToolResult<CallToolResult> {
        let session_id = parse_uuid("session_id", &args.session_id).map_err(api)?;
        let limit = args.limit.unwrap_or(20);
        if !(1..=1_000).contains(&limit) {
            return Err("limit must be from 1 to 1000".to_owned());
        }
        let filter = ExecutionFilter {
            session_id: Some(session_id.clone()),
            limit,
        };
        let lookup = session_id.clone();
        let (known, records) = self
            .state
            .store(move |store| {
                let known = store.get_session(&lookup)?.is_some();
                Ok((known, store.list_executions(&filter)?))
            })
            .await
            .map_err(api)?;
        if !known {
            return Err(format!("no session {session_id} in the store"));
        }
        let executions: Vec<HistoryEntry> = records
            .into_iter()
            .map(|record| HistoryEntry {
                execution_id: record.id,
                kind: record.kind.as_str().to_owned(),
                status: record.status.as_str().to_owned(),
                input: record.input,
                result: record.result.map(|value| value.preview),
                error: record
                    .error
                    .map(|error| format!("{}: {}", error.name, error.message)),
                wall_ms: record.metrics.wall_ms,
                started_at_ms: record.started_at_ms,
            })
            .collect();
        let text = executions
            .iter()
            .map(|e| {
                let outcome = e.error.as_deref().or(e.result.as_deref()).unwrap_or("");
                format!("[{}] {} → {}", e.status, e.input.trim(), outcome)
            })
            .collect::<Vec<_>>()
            .join("\n");
        Ok(answer(
            &History {
                session_id,
                executions,
            },
            text,
            false,
        ))
    }

    async fn list_templates(&self) -> ToolResult<CallToolResult> {
        let templates = self
            .state
            .store(|store| store.list_templates())
            .await
            .map_err(api)?;
        let templates: Vec<TemplateSummary> = templates
            .into_iter()
            .map(|template| TemplateSummary {
                capabilities: serde_json::to_value(&template.capabilities).unwrap_or_default(),
                limits: serde_json::to_value(&template.limits).unwrap_or_default(),
                name: template.name,
                description: template.description,
            })
            .collect();
        let text = templates
            .iter()
            .map(|t| format!("{}: {}", t.name, t.capabilities))
            .collect::<Vec<_>>()
            .join("\n");
        Ok(answer(&TemplateList { templates }, text, false))
    }
}

/// `root` if it is a directory inside `base` (after resolving links), as a canonical path.
fn inside(base: &Path, root: &Path) -> ToolResult<PathBuf> {
    if !root.is_absolute() {
        return Err(format!("root {} must be an absolute path", root.display()));
    }
    let canonical = root
        .canonicalize()
        .map_err(|error| format!("root {}: {error}", root.display()))?;
    let base = base
        .canonicalize()
        .map_err(|error| format!("the server's root {}: {error}", base.display()))?;
    if !canonical.starts_with(&base) {
        return Err(format!(
            "root {} is outside the server's root {}: sessions are confined to it",
            root.display(),
            base.display()
        ));
    }
    Ok(canonical)
}
