//! Runs started by `workspace/executeCommand`: a file's current text in a fresh session of its folder's
//! template, or a selection as REPL input into the folder's session. Output streams to the client while the
//! code runs (`vmjs/output`, then `vmjs/runEnd`; `window/logMessage` for other clients), a work-done progress
//! whose cancellation interrupts the run, and the uncaught exception becomes runtime diagnostics.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use gen_lsp_types::{
    MessageType, ProgressNotification, ProgressParams, ProgressToken, Range, Uri,
    WorkDoneProgressCreateParams, WorkDoneProgressCreateRequest,
};
use serde_json::{Value, json};
use tokio::sync::oneshot;
use vmjs_core::host::{ExecuteRequest, ExecutionUpdate, Session, StartOptions};
use vmjs_core::model::{ExecutionKind, ExecutionRecord, ExecutionStatus};

use crate::context::Ctx;
use crate::diagnostics::publisher::Publish;
use crate::diagnostics::runtime::{self, RunText};
use crate::ext::{Output, OutputParams, RunEnd, RunEndParams};
use crate::rpc::{self, ResponseError};
use crate::state::{ActiveRun, State};
use crate::{to_proto, uri};

/// `vmjs.runFile {uri}`.
pub async fn run_file(ctx: &Ctx, uri: Uri, token: Option<ProgressToken>) -> rpc::Result<Value> {
    let state = &ctx.state;
    let snapshot = ctx.snapshot(&uri)?;
    let path = uri::to_path(&uri)
        .ok_or_else(|| ResponseError::invalid_params("vmjs.runFile needs a file:// URI"))?;
    let root = state.folders.root_for(&path);
    let relative = path
        .strip_prefix(&root)
        .map_err(|_| ResponseError::invalid_params("the file is outside its workspace folder"))?
        .display()
        .to_string();
    let settings = state.settings_for(&root);
    let session = state
        .sessions_for(&root)
        .start(settings.template_name(), &root, StartOptions::default())
        .await
        .map_err(|e| internal(e.to_string()))?;
    let session = Arc::new(session);
    let mut request = ExecuteRequest::new(
        ExecutionKind::RunFile,
        snapshot.text.to_string(),
        Some(relative.clone()),
    );
    request.wall_ms = settings.timeout_ms;
    let title = format!("vmjs: run {relative}");
    let (execution_id, record) = follow(state, &session, request, &root, token, title).await;
    let run = RunText {
        snapshot: &snapshot,
        base: 0,
        code: &snapshot.text,
        source_name: &relative,
        root: &root,
    };
    publish_runtime(state, &run, &record);
    // The fresh session ends with its run.
    session.close().await;
    Ok(to_proto::run_result(&execution_id, &record))
}

/// `vmjs.runSelection {uri, range}`.
pub async fn run_selection(
    ctx: &Ctx,
    uri: Uri,
    range: Range,
    token: Option<ProgressToken>,
) -> rpc::Result<Value> {
    let state = &ctx.state;
    let snapshot = ctx.snapshot(&uri)?;
    let start = snapshot.offset(range.start)?;
    let end = snapshot.offset(range.end)?.max(start);
    let code = snapshot.text[start..end].to_owned();
    if code.trim().is_empty() {
        return Err(ResponseError::invalid_params("the selection is empty"));
    }
    let root = root_of(state, &uri);
    let session = folder_session(state, &root).await?;
    let mut request = ExecuteRequest::repl(code.clone());
    request.wall_ms = state.settings_for(&root).timeout_ms;
    let (execution_id, record) = follow(
        state,
        &session,
        request,
        &root,
        token,
        "vmjs: run selection".into(),
    )
    .await;
    let run = RunText {
        snapshot: &snapshot,
        base: start,
        code: &code,
        source_name: &record.source_name,
        root: &root,
    };
    publish_runtime(state, &run, &record);
    Ok(to_proto::run_result(&execution_id, &record))
}

/// `vmjs.interrupt {uri?}`: interrupts the runs of the folder of `uri` (every run without one).
pub fn interrupt(state: &State, uri: Option<&Uri>) -> Value {
    let root = uri.map(|u| root_of(state, u));
    let mut interrupted = Vec::new();
    if let Ok(runs) = state.runs.lock() {
        for (id, run) in runs.iter() {
            if root.as_ref().is_none_or(|r| *r == run.root) {
                run.session.interrupt();
                interrupted.push(id.clone());
            }
        }
    }
    to_proto::command_answer(
        interrupted.first().map(String::as_str),
        if interrupted.is_empty() {
            "idle"
        } else {
            "interrupted"
        },
        0,
    )
}

/// `vmjs.restartSession {uri?}`: a fresh worker for the folder's session (every folder's without a URI).
pub async fn restart(state: &Arc<State>, uri: Option<&Uri>) -> rpc::Result<Value> {
    let started = Instant::now();
    let sessions = match uri {
        Some(uri) => {
            let root = root_of(state, uri);
            state.folders.existing(&root).into_iter().collect()
        }
        None => state.folders.all(),
    };
    for session in sessions {
        session.restart().await;
    }
    Ok(to_proto::command_answer(
        None,
        "ok",
        started.elapsed().as_millis() as u64,
    ))
}

/// Interrupts the run whose progress the client cancelled.
pub fn cancel_progress(state: &State, token: &ProgressToken) {
    if let Ok(runs) = state.runs.lock() {
        for run in runs.values() {
            if run.token.as_ref() == Some(token) {
                run.session.interrupt();
            }
        }
    }
}

/// The folder root for a document (its folder, its directory, or the first folder for non-file URIs).
pub fn root_of(state: &State, uri: &Uri) -> PathBuf {
    match uri::to_path(uri) {
        Some(path) => state.folders.root_for(&path),
        None => state
            .folders
            .roots()
            .into_iter()
            .next()
            .unwrap_or_else(std::env::temp_dir),
    }
}

/// The folder's session, started with the folder's settings when needed.
pub async fn folder_session(state: &Arc<State>, root: &Path) -> rpc::Result<Arc<Session>> {
    let settings = state.settings_for(root);
    let starting =
        state
            .sessions_for(root)
            .start(settings.template_name(), root, StartOptions::default());
    state
        .folders
        .session(root, starting.into_future())
        .await
        .map_err(|error| internal(error.to_string()))
}

/// Runs `request` in `session`, streaming its output; returns the run's id and record.
async fn follow(
    state: &Arc<State>,
    session: &Arc<Session>,
    request: ExecuteRequest,
    root: &Path,
    token: Option<ProgressToken>,
    title: String,
) -> (String, ExecutionRecord) {
    let execution_id = uuid::Uuid::new_v4().to_string();
    let features = state.features();
    let token = token.or_else(|| {
        features
            .work_done_progress
            .then(|| ProgressToken::String(format!("vmjs-run-{execution_id}")))
    });
    if let Ok(mut runs) = state.runs.lock() {
        runs.insert(
            execution_id.clone(),
            ActiveRun {
                session: Arc::clone(session),
                root: root.to_path_buf(),
                token: token.clone(),
            },
        );
    }
    let (done, finished) = oneshot::channel::<()>();
    if let Some(token) = token {
        tokio::spawn(progress(state.clone(), token, title, finished));
    }
    let is_repl = request.kind == ExecutionKind::Repl;
    let mut handle = session.execute(request);
    let record = loop {
        match handle.next().await {
            ExecutionUpdate::Event(event) => {
                if let Some((stream, text)) = to_proto::run_output(&event.body, is_repl) {
                    send_output(state, &execution_id, stream, text);
                }
            }
            ExecutionUpdate::InputRequest { .. } => session.reply_input(None),
            ExecutionUpdate::Finished(finished) => break *finished,
        }
    };
    if let Ok(mut runs) = state.runs.lock() {
        runs.remove(&execution_id);
    }
    let _ = done.send(());
    let status = record.status.as_str().to_owned();
    if features.output_notifications {
        state.client.notify::<RunEnd>(RunEndParams {
            execution_id: execution_id.clone(),
            status,
            duration_ms: record.metrics.wall_ms,
        });
    } else {
        state.client.log_message(
            MessageType::Info,
            format!(
                "[vmjs] run {execution_id} ended: {status} in {} ms",
                record.metrics.wall_ms
            ),
        );
    }
    (execution_id, record)
}

fn send_output(state: &State, execution_id: &str, stream: &'static str, text: String) {
    if state.features().output_notifications {
        state.client.notify::<Output>(OutputParams {
            execution_id: execution_id.to_owned(),
            stream: stream.to_owned(),
            text,
        });
    } else {
        state.client.log_message(
            to_proto::log_message_type(stream),
            text.trim_end_matches('\n'),
        );
    }
}

async fn progress(
    state: Arc<State>,
    token: ProgressToken,
    title: String,
    finished: oneshot::Receiver<()>,
) {
    let server_token = matches!(&token, ProgressToken::String(t) if t.starts_with("vmjs-run-"));
    if server_token
        && state
            .client
            .request::<WorkDoneProgressCreateRequest>(WorkDoneProgressCreateParams {
                token: token.clone(),
            })
            .await
            .is_err()
    {
        return;
    }
    let report = |value: Value| {
        state
            .client
            .notify::<ProgressNotification>(ProgressParams::new(token.clone(), value));
    };
    report(json!({"kind": "begin", "title": title, "cancellable": true}));
    let _ = finished.await;
    report(json!({"kind": "end"}));
}

/// Publishes the run's runtime diagnostics (none unless it threw), replacing the previous run's.
fn publish_runtime(state: &State, run: &RunText<'_>, record: &ExecutionRecord) {
    let diagnostics = match (&record.error, record.status) {
        (Some(error), ExecutionStatus::Error) => runtime::diagnostics(run, error),
        _ => Vec::new(),
    };
    state.publisher.publish(Publish::Runtime {
        uri: run.snapshot.uri.clone(),
        diagnostics,
    });
}

fn internal(message: impl Into<String>) -> ResponseError {
    ResponseError::internal(message)
}
